#!/bin/sh
# The installed tree: the man page passes mandoc -Tlint, make install
# with PREFIX and DESTDIR puts the binary, the man page and the
# completions in place, and the installed sheaf, run away from the
# source tree, builds a valid book from seeds/ with its embedded
# templates and theme.
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/lib.sh
src=$(pwd)

if command -v mandoc >/dev/null; then
	mandoc -Tlint -W style man/sheaf.1 >"$tmp/lint" 2>&1
	r=$?
	check "man page: mandoc -Tlint clean" '[ $r -eq 0 ] && [ ! -s "$tmp/lint" ]'
	[ -s "$tmp/lint" ] && cat "$tmp/lint"
	check "man page: documents check" 'mandoc -Thtml man/sheaf.1 | grep -q "sheaf check"'
else
	echo "skip: mandoc not installed, man page not linted (apt-get install mandoc)"
fi

make -s install PREFIX=/opt/sheaf DESTDIR="$tmp/root" >"$tmp/install.log" 2>&1
r=$?
check "make install: exit 0" '[ $r -eq 0 ]'
[ $r -eq 0 ] || cat "$tmp/install.log"
root=$tmp/root/opt/sheaf
for f in bin/sheaf share/man/man1/sheaf.1 \
    share/bash-completion/completions/sheaf \
    share/zsh/site-functions/_sheaf \
    share/fish/vendor_completions.d/sheaf.fish; do
	check "installed: $f" '[ -s "$root/$f" ]'
done
check "installed: binary executable" '[ -x "$root/bin/sheaf" ]'

# Run it from elsewhere, the source tree out of reach by name.
cp -R seeds "$tmp/seeds"
(cd "$tmp" && SOURCE_DATE_EPOCH=1648491540 "$root/bin/sheaf" build -q \
	--offline --check seeds/notes -o "$tmp/book.epub") 2>"$tmp/err"
r=$?
check "installed sheaf builds seeds/" '[ $r -eq 0 ] && [ -s "$tmp/book.epub" ]'
check "installed sheaf: no message" '[ ! -s "$tmp/err" ]'
[ -s "$tmp/err" ] && cat "$tmp/err"
SOURCE_DATE_EPOCH=1648491540 build/sheaf build -q --offline seeds/notes -o "$tmp/here.epub"
check "installed sheaf: same bytes as the build tree's" 'cmp -s "$tmp/book.epub" "$tmp/here.epub"'
check "installed sheaf: no path of the source tree inside" '! strings "$root/bin/sheaf" | grep -q "$src/templates"'
if [ -n "$jar" ]; then
	check "installed sheaf: book passes epubcheck" 'java -jar "$jar" -q --failonwarnings "$tmp/book.epub" >/dev/null 2>&1'
fi

echo "e2e_install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
