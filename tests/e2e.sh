#!/bin/sh
# End-to-end tests: run the sheaf binary as a user would, check every
# book it writes with epubcheck (no error, no warning), the plan that
# `sheaf list` prints against golden files, and that bad input ends in
# a FILE:LINE error that leaves an existing book untouched.
# UPDATE=1 rewrites the golden files. With --valgrind, each build runs
# under valgrind and any error or leak fails.
set -u
cd "$(dirname "$0")/.." || exit 1
sheaf=build/sheaf
shared=${SHEAF_SHARED:-../shared}
jar=$(dpkg -L epubcheck 2>/dev/null | grep 'epubcheck\.jar$' | head -n 1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
run=
[ "${1:-}" = --valgrind ] &&
	run="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if eval "$2"; then ok; else bad "$1"; fi; }

# epubcheck BOOK: 0 errors and 0 warnings, by exit status and messages.
epubcheck() {
	if [ -z "$jar" ]; then
		echo "skip: epubcheck not installed ($1)"
		return 0
	fi
	java -jar "$jar" -q --failonwarnings "$1" >"$tmp/ec.log" 2>&1
	r=$?
	if [ $r -ne 0 ] || grep -qE '^(ERROR|WARNING|FATAL)' "$tmp/ec.log"; then
		head -n 20 "$tmp/ec.log"
		return 1
	fi
	return 0
}

# build NAME ARGS...: build $tmp/NAME.epub, which must pass epubcheck.
build() {
	name=$1
	shift
	if $run $sheaf build -q "$@" -o "$tmp/$name.epub" 2>"$tmp/$name.err"; then
		ok
	else
		bad "build $name exited $?"
		cat "$tmp/$name.err"
		return 1
	fi
	if epubcheck "$tmp/$name.epub"; then ok; else bad "epubcheck $name"; fi
}

# golden NAME CMD...: stdout of CMD equals tests/golden/list/NAME.out.
golden() {
	name=$1
	shift
	"$@" >"$tmp/$name.out" 2>/dev/null
	if [ "${UPDATE:-}" = 1 ]; then
		cp "$tmp/$name.out" "tests/golden/list/$name.out"
	fi
	if diff -u "tests/golden/list/$name.out" "$tmp/$name.out"; then
		ok
	else
		bad "golden list $name"
	fi
}

# The command line.
check "--version" '$sheaf --version | grep -q "^sheaf [0-9]"'
check "--help" '$sheaf --help | grep -q "usage: sheaf build"'
check "build --help" '$sheaf build --help | grep -q "group-by"'
$sheaf >/dev/null 2>&1
check "no arguments exits 2" '[ $? -eq 2 ]'
$sheaf build seeds 2>/dev/null
check "build without -o exits 2" '[ $? -eq 2 ]'
$sheaf build --group-by colour seeds -o "$tmp/x.epub" 2>/dev/null
check "unknown --group-by exits 2" '[ $? -eq 2 ]'

# The seed book.
build seeds seeds
book=$tmp/seeds.epub
unzip -Z1 "$book" >"$tmp/names" 2>/dev/null
check "mimetype first" '[ "$(head -n 1 "$tmp/names")" = mimetype ]'
check "mimetype stored" 'unzip -Zv "$book" mimetype | grep -q "compression method: *none"'
for f in META-INF/container.xml EPUB/package.opf EPUB/nav.xhtml \
    EPUB/toc.ncx EPUB/styles/sheaf.css EPUB/text/title.xhtml \
    EPUB/text/c001.xhtml EPUB/text/c001-a0001.xhtml; do
	check "layout: $f" 'grep -qx "$f" "$tmp/names"'
done
check "ASCII names only" '! LC_ALL=C grep -q "[^ -~]" "$tmp/names"'
check "one local image" '[ "$(grep -c "^EPUB/images/[0-9a-f]*\.png$" "$tmp/names")" = 1 ]'
seed=$(grep -l 'data-original' seeds/*.md | head -n 1)
unzip -p "$book" 'EPUB/text/*.xhtml' >"$tmp/text"
art=$(for f in $(grep '^EPUB/text/c.*-a.*\.xhtml$' "$tmp/names"); do
	unzip -p "$book" "$f" | grep -q '大厂出海' && echo "$f"; done | head -n 1)
unzip -p "$book" "$art" >"$tmp/seed.xhtml"
check "seed: ten remote images as link notes" \
	'[ "$(grep -o "class=\"remote-image\"" "$tmp/seed.xhtml" | wc -l)" = 10 ]'
check "seed: byline text" 'grep -q "作者 | 李秋涵" "$tmp/seed.xhtml"'
check "seed: caption" 'grep -q "来源 / APP Annie" "$tmp/seed.xhtml"'
check "seed: bold passage" 'grep -q "<strong>北美、东南亚、拉美、中东是核心区域。</strong>" "$tmp/seed.xhtml"'
check "seed: last paragraph" 'grep -q "互联网大厂的出海路，还任重道远。" "$tmp/seed.xhtml"'
for s in onclick '<script' data-original referrerpolicy 'src="http'; do
	check "no $s in any document" '! grep -q "$s" "$tmp/text"'
done
check "opf: zh-Hans" 'unzip -p "$book" EPUB/package.opf | grep -q "<dc:language>zh-Hans</dc:language>"'
check "opf: stable urn:uuid" 'unzip -p "$book" EPUB/package.opf | grep -q "urn:uuid:"'
$sheaf build -q seeds -o "$tmp/again.epub" 2>/dev/null
check "identifier stable across builds" \
	'[ "$(unzip -p "$book" EPUB/package.opf | grep -o "urn:uuid:[0-9a-f-]*" | head -n 1)" = "$(unzip -p "$tmp/again.epub" EPUB/package.opf | grep -o "urn:uuid:[0-9a-f-]*" | head -n 1)" ]'
SOURCE_DATE_EPOCH=1650000000 $sheaf build -q seeds -o "$tmp/r1.epub" 2>/dev/null
SOURCE_DATE_EPOCH=1650000000 $sheaf build -q seeds -o "$tmp/r2.epub" 2>/dev/null
check "reproducible with SOURCE_DATE_EPOCH" 'cmp -s "$tmp/r1.epub" "$tmp/r2.epub"'
for j in 1 3 8; do
	SOURCE_DATE_EPOCH=1650000000 $sheaf build -q -j $j seeds -o "$tmp/j$j.epub" 2>"$tmp/j$j.err"
	check "-j $j: same book as the default" 'cmp -s "$tmp/r1.epub" "$tmp/j$j.epub"'
done
check "-j: same messages for 1 and 8 threads" 'cmp -s "$tmp/j1.err" "$tmp/j8.err"'
$sheaf build -j 0 seeds -o "$tmp/x.epub" 2>/dev/null
check "-j 0 exits 2" '[ $? -eq 2 ]'

# The plan, as `sheaf list` prints it.
golden seeds $sheaf list seeds
golden seeds-month $sheaf list --group-by month --order -date seeds
golden seeds-none $sheaf list --group-by none --order title seeds
golden seeds-category $sheaf list --category 新媒体 seeds

# Other shapes of book.
build month --group-by month seeds
build none --group-by none --order title seeds
build category --category 新媒体 seeds
build single seeds/notes/2022-04-02-reading-list.md
check "single English article: en" 'unzip -p "$tmp/single.epub" EPUB/package.opf | grep -q "<dc:language>en</dc:language>"'
build cover --cover seeds/notes/images/shelf.png --title "封面 & <书>" seeds
check "cover page" 'unzip -Z1 "$tmp/cover.epub" | grep -qx EPUB/text/cover.xhtml'
check "cover-image property" 'unzip -p "$tmp/cover.epub" EPUB/package.opf | grep -q "cover-image"'
check "title escaped" 'unzip -p "$tmp/cover.epub" EPUB/package.opf | grep -q "封面 &amp; &lt;书&gt;"'

# Bad input: a FILE:LINE error, exit 1, the old book untouched.
cp "$book" "$tmp/old.epub"
badcase() {	# badcase NAME PATTERN: fixture tests/fixtures/bad/NAME
	cp "$tmp/old.epub" "$tmp/out.epub"
	$sheaf build "tests/fixtures/bad/$1" -o "$tmp/out.epub" 2>"$tmp/bad.err"
	r=$? pat=$2
	check "bad $1: exit 1" '[ $r -eq 1 ]'
	check "bad $1: message" 'grep -qE "$pat" "$tmp/bad.err"'
	check "bad $1: old book untouched" 'cmp -s "$tmp/old.epub" "$tmp/out.epub"'
	check "bad $1: no temporary file" '[ -z "$(ls "$tmp" | grep "out\.epub\.")" ]'
}
badcase unclosed '^sheaf: tests/fixtures/bad/unclosed/a\.md:2: error: front matter not closed'
badcase title-list '^sheaf: tests/fixtures/bad/title-list/a\.md:2(:[0-9]+)?: error: title must be text'
badcase yaml '^sheaf: tests/fixtures/bad/yaml/a\.md:[34](:[0-9]+)?: error: '
$sheaf build seeds -o "$tmp/no/such/dir/x.epub" 2>"$tmp/bad.err"
r=$?
check "missing output folder: exit 1" '[ $r -eq 1 ]'
check "missing output folder: message" 'grep -q "^sheaf: $tmp/no/such/dir/x.epub: error:" "$tmp/bad.err"'
$sheaf build seeds -o "$tmp" 2>/dev/null
r=$?
check "output is a folder: exit 1" '[ $r -eq 1 ]'
$sheaf build "$tmp/nothing-here" -o "$tmp/x.epub" 2>"$tmp/bad.err"
r=$?
check "missing input: exit 1" '[ $r -eq 1 ] && grep -q "nothing-here" "$tmp/bad.err"'

# Real blogs, when the shared corpus is here.
if [ -d "$shared/corpus" ]; then
	build rsshub "$shared/corpus/rsshub-page"
	build hexo "$shared/corpus/PCJ600-hexo_blog/_posts"
	build seed-original "$shared/seeds/"*
else
	echo "skip: $shared/corpus not present"
fi

echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
