#!/bin/sh
# End-to-end tests of sheaf check and the command line around it:
# the message form and exit status, build --check, --epubcheck
# relaying epubcheck's messages, a book pandoc built from the same
# articles, colour only on request (never in a pipe), and the shell
# completion scripts.
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/lib.sh
sheaf=build/sheaf
esc=$(printf '\033')
form='^[^ ]+(\([0-9]+\))?: (error|warning): .* \[[A-Za-z0-9-]+\]$'

# build --check: the book is written and checked, nothing to say.
$sheaf build -q --offline --check seeds/notes -o "$tmp/seeds.epub" 2>"$tmp/err"
r=$?
check "build --check: exit 0" '[ $r -eq 0 ]'
check "build --check: no finding" '[ ! -s "$tmp/err" ]'
$sheaf check "$tmp/seeds.epub" 2>"$tmp/err"
r=$?
check "check seeds: exit 0" '[ $r -eq 0 ]'
check "check seeds: summary" 'grep -q "^sheaf: checked 1 book: 0 errors, 0 warnings$" "$tmp/err"'

# Not an EPUB at all: an error in the form, exit 1.
echo hello >"$tmp/not.epub"
$sheaf check "$tmp/not.epub" 2>"$tmp/err"
r=$?
check "check non-zip: exit 1" '[ $r -eq 1 ]'
check "check non-zip: message form" 'grep -qE "^$tmp/not.epub: error: .*\[PKG-004\]$" "$tmp/err"'
$sheaf check 2>/dev/null
r=$?
check "check without a book: exit 2" '[ $r -eq 2 ]'

# A broken book: every line in the form, no colour in a pipe.
cp "$tmp/seeds.epub" "$tmp/broken.epub"
mkdir -p "$tmp/x/EPUB/text"
first=$(unzip -Z1 "$tmp/seeds.epub" | grep '^EPUB/text/c.*-a.*\.xhtml$' | head -n 1)
unzip -p "$tmp/seeds.epub" "$first" |
	sed 's|</body>|<img src="http://example.com/x.png" alt="x"/></body>|' \
	>"$tmp/x/$first"
unzip -p "$tmp/seeds.epub" EPUB/text/title.xhtml |
	sed 's|<body|<!-- a -- b --><body|' >"$tmp/x/EPUB/text/title.xhtml"
if command -v python3 >/dev/null; then
	python3 - "$tmp/seeds.epub" "$tmp/broken.epub" "$tmp/x" <<'PY'
import os, sys, zipfile
src, dst, repl = sys.argv[1:]
with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w") as b:
    for i in a.infolist():
        p = os.path.join(repl, i.filename)
        b.writestr(i, open(p, "rb").read() if os.path.isfile(p) else a.read(i))
PY
	$sheaf check "$tmp/broken.epub" >"$tmp/out" 2>"$tmp/err"
	r=$?
	check "broken: exit 1" '[ $r -eq 1 ]'
	check "broken: -- in a comment" 'grep -qE "^$tmp/broken.epub/EPUB/text/title.xhtml\([0-9]+\): error: .*\[RSC-016\]$" "$tmp/err"'
	check "broken: remote image" 'grep -qE "^$tmp/broken.epub/$first\([0-9]+\): error: .*\[RSC-006\]$" "$tmp/err"'
	check "broken: nothing on stdout" '[ ! -s "$tmp/out" ]'
	check "broken: no escape in a pipe" '! grep -q "$esc" "$tmp/err"'
	$sheaf check --color=always "$tmp/broken.epub" 2>"$tmp/err"
	check "broken: --color=always colours" 'grep -q "$esc\[1;31merror$esc\[0m" "$tmp/err"'
	# script(1) gives sheaf a terminal, where there are terminals to
	# give (a chroot without /dev/pts has none).
	if script -qec tty /dev/null 2>/dev/null </dev/null | grep -q '^/dev/'; then
		NO_COLOR=1 script -qec "$sheaf check $tmp/broken.epub" /dev/null \
			>"$tmp/tty" 2>&1 </dev/null
		check "NO_COLOR on a terminal: no escape" '[ -s "$tmp/tty" ] && ! grep -q "$esc" "$tmp/tty"'
		script -qec "$sheaf check --color=never $tmp/broken.epub" /dev/null \
			>"$tmp/tty" 2>&1 </dev/null
		check "--color=never on a terminal: no escape" '[ -s "$tmp/tty" ] && ! grep -q "$esc" "$tmp/tty"'
		TERM=xterm script -qec "$sheaf check $tmp/broken.epub" /dev/null \
			>"$tmp/tty" 2>&1 </dev/null
		check "on a terminal: colour" 'grep -q "$esc\[1;31m" "$tmp/tty"'
	else
		echo "skip: no pseudo-terminal for script(1): colour on a terminal untested"
	fi
else
	echo "skip: python3 missing, no broken book"
fi

# --epubcheck relays epubcheck's messages; a book pandoc made of the
# same articles shows where the two tools differ.
if command -v pandoc >/dev/null && [ -n "$jar" ]; then
	pandoc --resource-path=seeds/notes -o "$tmp/pandoc.epub" \
		seeds/notes/2022-03-30-epub-basics.md \
		seeds/notes/2022-04-02-reading-list.md 2>/dev/null
	$sheaf check --epubcheck "$tmp/pandoc.epub" 2>"$tmp/err"
	r=$?
	check "pandoc book: exit 1" '[ $r -eq 1 ]'
	check "pandoc book: nav and NCX disagree" 'grep -q "\[nav-ncx\]$" "$tmp/err"'
	check "pandoc book: epubcheck relayed" 'grep -qE "^$tmp/pandoc.epub/EPUB/content.opf\([0-9]+\): error: .*\[RSC-005\]$" "$tmp/err"'
	check "pandoc book: every line in the form" '! grep -vE "$form" "$tmp/err" | grep -v "^sheaf: checked"'
else
	echo "skip: pandoc or epubcheck missing"
fi

# Accessibility metadata, computed from the book.
opf() { unzip -p "$1" EPUB/package.opf; }
has() { opf "$1" | grep -q "<meta property=\"schema:$2\">$3</meta>"; }
check "a11y: textual" 'has "$tmp/seeds.epub" accessMode textual'
check "a11y: visual with an image" 'has "$tmp/seeds.epub" accessMode visual'
check "a11y: alternativeText when every alt is real" 'has "$tmp/seeds.epub" accessibilityFeature alternativeText'
check "a11y: textual sufficient" 'has "$tmp/seeds.epub" accessModeSufficient textual'
for f in structuralNavigation tableOfContents readingOrder; do
	check "a11y: $f" 'has "$tmp/seeds.epub" accessibilityFeature $f'
done
check "a11y: no hazard" 'has "$tmp/seeds.epub" accessibilityHazard none'
$sheaf build -q --offline seeds/notes/2022-03-30-epub-basics.md -o "$tmp/text.epub"
check "a11y: no image, not visual" '! has "$tmp/text.epub" accessMode visual'
check "a11y: no image, no alternativeText claim" '! has "$tmp/text.epub" accessibilityFeature alternativeText'
mkdir -p "$tmp/noalt/images"
cp seeds/notes/images/shelf.png "$tmp/noalt/images/"
printf -- '---\ntitle: No alt\n---\n\nText.\n\n![](images/shelf.png)\n\n![shelf.png](images/shelf.png)\n' \
	>"$tmp/noalt/a.md"
$sheaf build -q --offline --check "$tmp/noalt" -o "$tmp/noalt.epub" 2>"$tmp/err"
r=$?
check "a11y: book without alt builds and checks clean" '[ $r -eq 0 ] && [ ! -s "$tmp/err" ]'
check "a11y: empty or file-name alt, no alternativeText" '! has "$tmp/noalt.epub" accessibilityFeature alternativeText'
check "a11y: without alt, visual needed" 'has "$tmp/noalt.epub" accessModeSufficient textual,visual'
if [ -n "$jar" ]; then
	check "a11y: epubcheck accepts the book without alt" 'java -jar "$jar" -q --failonwarnings "$tmp/noalt.epub" >/dev/null 2>&1'
fi

# Reproducible: SOURCE_DATE_EPOCH fixes dcterms:modified and every
# zip entry's time; the cover is marked both ways.
SOURCE_DATE_EPOCH=1648491540 $sheaf build -q --offline --cover seeds/notes/images/shelf.png \
	seeds -o "$tmp/r1.epub"
SOURCE_DATE_EPOCH=1648491540 TZ=Asia/Tokyo $sheaf build -q --offline \
	--cover seeds/notes/images/shelf.png seeds -o "$tmp/r2.epub"
check "reproducible: same bytes in another time zone" 'cmp -s "$tmp/r1.epub" "$tmp/r2.epub"'
check "reproducible: dcterms:modified" 'opf "$tmp/r1.epub" | grep -q "<meta property=\"dcterms:modified\">2022-03-28T18:19:00Z</meta>"'
check "reproducible: entry times" '[ "$(unzip -Z -T "$tmp/r1.epub" | grep -c " 20220328\.181900 ")" = "$(unzip -Z1 "$tmp/r1.epub" | wc -l)" ]'
check "cover: properties=cover-image" 'opf "$tmp/r1.epub" | grep -q "properties=\"cover-image\""'
check "cover: meta name=cover" 'opf "$tmp/r1.epub" | grep -q "<meta name=\"cover\" content=\"img-"'

# Completion scripts parse in their shells.
$sheaf completion bash >"$tmp/c.bash"
check "completion bash" 'bash -n "$tmp/c.bash" && grep -q "complete -o filenames -F _sheaf sheaf" "$tmp/c.bash"'
check "completion bash: check options" 'grep -q -- "--epubcheck" "$tmp/c.bash"'
$sheaf completion zsh >"$tmp/c.zsh"
check "completion zsh" 'grep -q "^#compdef sheaf" "$tmp/c.zsh"'
command -v zsh >/dev/null && check "completion zsh parses" 'zsh -n "$tmp/c.zsh"'
$sheaf completion fish >"$tmp/c.fish"
check "completion fish" 'grep -q "complete -c sheaf" "$tmp/c.fish"'
command -v fish >/dev/null && check "completion fish parses" 'fish -n "$tmp/c.fish"'
$sheaf completion tcsh >/dev/null 2>&1
r=$?
check "completion tcsh: exit 2" '[ $r -eq 2 ]'

echo "e2e_check: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
