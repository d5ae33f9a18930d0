#!/bin/sh
# End-to-end tests of what a build tells its user and what each reader
# gets: the progress line (on a terminal only, never with -q, never in
# a pipe), the summary with missing images counted by reason, -v's
# line per packed article, accessibility: in book.yml, --font with
# Apple Books' display options, and byte-identical rebuilds (also
# across -j, when sheaf has it).
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/lib.sh
esc=$(printf '\033')
cr=$(printf '\r')
opf() { unzip -p "$1" EPUB/package.opf; }

# The seeds, plus an article whose local image is not there.
cp -R seeds "$tmp/s"
printf -- '---\ntitle: Lost picture\ndate: 2022-04-03\ncategories: [Reading]\n---\n\nText.\n\n![a shelf](nowhere.png)\n' \
	>"$tmp/s/notes/2022-04-03-lost.md"

# In a pipe: the summary, and no carriage return or escape at all.
$sheaf build --offline --cache-dir "$tmp/c" "$tmp/s" -o "$tmp/p.epub" \
	2>&1 >/dev/null | cat >"$tmp/err"
check "pipe: no carriage return" '! grep -q "$cr" "$tmp/err"'
check "pipe: no escape" '! grep -q "$esc" "$tmp/err"'
check "pipe: no progress line" '! grep -q "articles [0-9]*/" "$tmp/err"'
sum='^sheaf: wrote [^ ]*p\.epub: 3 chapters, 5 articles, 1 image embedded, 11 missing \(10 offline, 1 not found\), [0-9]+ warnings?, [0-9.]+ KiB, [0-9.]+ s$'
check "summary: counts, missing by reason, size, time" 'grep -qE "$sum" "$tmp/err"'
$sheaf build -q --offline --cache-dir "$tmp/c" "$tmp/s" -o "$tmp/q.epub" 2>"$tmp/err"
check "-q: no summary" '! grep -q "^sheaf: wrote" "$tmp/err"'
$sheaf build -q -v --offline --cache-dir "$tmp/c" "$tmp/s" -o "$tmp/q.epub" 2>"$tmp/err"
check "-q -v: no list of articles" '! grep -q ": packed " "$tmp/err"'

# On a terminal (script(1) gives one where /dev/pts exists): the line
# is drawn, then erased before the summary; -q draws nothing.
if script -qec tty /dev/null 2>/dev/null </dev/null | grep -q '^/dev/'; then
	script -qec "$sheaf build --offline --cache-dir $tmp/c $tmp/s -o $tmp/t.epub" \
		/dev/null >"$tmp/tty" 2>&1 </dev/null
	check "terminal: progress line" 'grep -q "${cr}sheaf: articles [0-9]*/5" "$tmp/tty"'
	check "terminal: line erased" 'grep -q "${cr}${esc}\[K" "$tmp/tty"'
	check "terminal: summary on a line of its own" 'grep -qE "^sheaf: wrote " "$tmp/tty"'
	script -qec "$sheaf build -q --offline --cache-dir $tmp/c $tmp/s -o $tmp/t.epub" \
		/dev/null >"$tmp/tty" 2>&1 </dev/null
	check "terminal -q: no progress" '! grep -q "articles [0-9]*/" "$tmp/tty" && ! grep -q "$esc" "$tmp/tty"'
else
	echo "skip: no pseudo-terminal for script(1): progress on a terminal untested"
fi

# -v: one line per article, in the book's reading order.
$sheaf build -v --offline --cache-dir "$tmp/c" "$tmp/s" -o "$tmp/v.epub" 2>"$tmp/err"
grep ': packed "' "$tmp/err" | sed 's/^sheaf: \([^:]*\): .*/\1/' >"$tmp/packed"
$sheaf list --offline "$tmp/s" | awk '/^  [0-9]/ { print $NF }' >"$tmp/order"
check "-v: a line per article" '[ "$(wc -l <"$tmp/packed")" -eq 5 ]'
check "-v: in reading order" 'cmp -s "$tmp/packed" "$tmp/order"'
check "-v: title, chapter, images" 'grep -q "2022-04-02-reading-list.md: packed \"A reading list for April\" in \"Reading\", 1 image$" "$tmp/err"'
check "-v: missing images" 'grep -q "lost.md: packed \"Lost picture\" in \"Reading\", 0 images, 1 missing$" "$tmp/err"'

# accessibility: only what the user asserts, valid for epubcheck.
mkdir -p "$tmp/a"
cp seeds/notes/*.md "$tmp/a/"
cp -R seeds/notes/images "$tmp/a/" 2>/dev/null
cat >"$tmp/a/book.yml" <<'YML'
title: Notes
accessibility:
  summary: "Text and one described image; headings and a table of contents."
  conformance: "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
  certified-by: "Example Press"
YML
build a11y "$tmp/a"
check "a11y: summary" 'opf "$tmp/a11y.epub" | grep -q "<meta property=\"schema:accessibilitySummary\">Text and one described"'
check "a11y: conformsTo" 'opf "$tmp/a11y.epub" | grep -q "<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>"'
check "a11y: certifiedBy" 'opf "$tmp/a11y.epub" | grep -q "<meta property=\"a11y:certifiedBy\">Example Press</meta>"'
check "a11y: no claim unless asserted" '! opf "$tmp/v.epub" | grep -q "conformsTo\|certifiedBy\|accessibilitySummary"'
printf 'accessibility:\n  conformance: WCAG AA\n' >"$tmp/a/book.yml"
$sheaf build -q --offline "$tmp/a" -o "$tmp/bad.epub" 2>"$tmp/err"
r=$?
check "a11y: unknown conformance is an error" '[ $r -eq 1 ] && grep -q "^sheaf: $tmp/a/book.yml:2:.* error: accessibility conformance: WCAG AA" "$tmp/err" && [ ! -e "$tmp/bad.epub" ]'
printf 'accessibility:\n  certified-by: Someone\n' >"$tmp/a/book.yml"
$sheaf build -q --offline "$tmp/a" -o "$tmp/bad.epub" 2>"$tmp/err"
r=$?
check "a11y: certified-by needs conformance" '[ $r -eq 1 ] && grep -q "book.yml:2:.* error: accessibility: certified-by needs conformance" "$tmp/err"'
rm -f "$tmp/a/book.yml"

# Fonts: Apple's display options only when the book embeds one.
printf '\000\001\000\000\000\012\000\200\000\003\000\040' >"$tmp/Body Font.ttf"
head -c 200 /dev/zero >>"$tmp/Body Font.ttf"
printf 'wOFF\000\001\000\000\000\000\001\000\000\012' >"$tmp/mono.woff"
head -c 200 /dev/zero >>"$tmp/mono.woff"
check "no font: no Apple options" '! unzip -Z1 "$tmp/v.epub" | grep -q com.apple.ibooks'
build font "$tmp/a" --font "$tmp/Body Font.ttf" --font "$tmp/mono.woff"
check "font: Apple display options" 'unzip -p "$tmp/font.epub" META-INF/com.apple.ibooks.display-options.xml | grep -q "<option name=\"specified-fonts\">true</option>"'
check "font: TrueType in the manifest" 'opf "$tmp/font.epub" | grep -qE "href=\"fonts/[0-9a-f]{32}\.ttf\" media-type=\"font/ttf\""'
check "font: WOFF in the manifest" 'opf "$tmp/font.epub" | grep -qE "href=\"fonts/[0-9a-f]{32}\.woff\" media-type=\"font/woff\""'
check "font: @font-face" 'unzip -p "$tmp/font.epub" EPUB/styles/sheaf.css | grep -q "font-family: \"Body Font\";"'
printf 'fonts: [../mono.woff]\n' >"$tmp/a/book.yml"
build fontyml "$tmp/a"
check "font: fonts: in book.yml" 'opf "$tmp/fontyml.epub" | grep -q "media-type=\"font/woff\""'
rm -f "$tmp/a/book.yml"
$sheaf build -q --offline --font README.md "$tmp/a" -o "$tmp/bad.epub" 2>"$tmp/err"
r=$?
check "font: not a font is an error" '[ $r -eq 1 ] && grep -q "^sheaf: README.md: error: not a font" "$tmp/err" && [ ! -e "$tmp/bad.epub" ]'

# Byte-identical rebuilds, and -j1 against -j2 once sheaf has -j.
SOURCE_DATE_EPOCH=1650000000 $sheaf build -q --offline "$tmp/s" -o "$tmp/r1.epub" 2>/dev/null
SOURCE_DATE_EPOCH=1650000000 $sheaf build -q --offline "$tmp/s" -o "$tmp/r2.epub" 2>/dev/null
check "reproducible: two builds, same bytes" 'cmp -s "$tmp/r1.epub" "$tmp/r2.epub"'
if $sheaf --help | grep -qE -- '(^|[ ,])-j([ ,]|$)|--jobs'; then
	SOURCE_DATE_EPOCH=1650000000 $sheaf build -q -j1 --offline "$tmp/s" -o "$tmp/j1.epub" 2>/dev/null
	SOURCE_DATE_EPOCH=1650000000 $sheaf build -q -j2 --offline "$tmp/s" -o "$tmp/j2.epub" 2>/dev/null
	check "reproducible: -j1 and -j2, same bytes" 'cmp -s "$tmp/j1.epub" "$tmp/j2.epub"'
	check "reproducible: -j2 as without -j" 'cmp -s "$tmp/r1.epub" "$tmp/j2.epub"'
else
	echo "skip: sheaf has no -j yet: -j1 against -j2 untested"
fi

echo "e2e_reader: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
