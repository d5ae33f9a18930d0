#!/bin/sh
# End-to-end tests of themes, languages and vertical writing: every
# theme, horizontal and vertical, passes epubcheck with no error and
# no warning; the documents carry precise lang and xml:lang; the spine
# turns right to left when vertical; calibre converts the book (as a
# stand-in for Kindle's converter) and Chromium renders its pages.
# The calibre and Chromium steps are skipped, with a notice, when the
# programs are missing.
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/lib.sh

# Every theme, horizontal and vertical.
for theme in default serif sans plain; do
	build "$theme" --theme "$theme" seeds
	build "$theme-v" --theme "$theme" --vertical seeds
	check "$theme: CSS from the theme" \
	    'unzip -p "$tmp/$theme.epub" EPUB/styles/sheaf.css | grep -q "line-break: strict"'
done
$sheaf build --theme fancy seeds -o "$tmp/x.epub" 2>/dev/null
check "unknown --theme exits 2" '[ $? -eq 2 ]'
opf=$(unzip -p "$tmp/default.epub" EPUB/package.opf)
check "horizontal: no page-progression-direction" \
    '! printf "%s" "$opf" | grep -q page-progression-direction'
opf=$(unzip -p "$tmp/default-v.epub" EPUB/package.opf)
check "vertical: spine rtl" \
    'printf "%s" "$opf" | grep -q "<spine toc=\"ncx\" page-progression-direction=\"rtl\">"'
check "vertical: primary-writing-mode" \
    'printf "%s" "$opf" | grep -q "name=\"primary-writing-mode\" content=\"vertical-rl\""'
unzip -p "$tmp/default-v.epub" 'EPUB/text/c001-a0001.xhtml' >"$tmp/v.xhtml"
check "vertical: short digit runs upright" \
    'grep -q "于 2021 年 <span class=\"tcy\">12</span> 月" "$tmp/v.xhtml"'
check "vertical: code left alone" \
    '! unzip -p "$tmp/default-v.epub" "EPUB/text/*.xhtml" | grep -q "<code>[^<]*<span class=\"tcy\""'
check "vertical: writing-mode in CSS" \
    'unzip -p "$tmp/default-v.epub" EPUB/styles/sheaf.css | grep -q "^	-epub-writing-mode: vertical-rl;"'
check "horizontal: no tcy spans" \
    '! unzip -p "$tmp/default.epub" "EPUB/text/*.xhtml" | grep -q "class=\"tcy\""'

# --css FILE comes after the theme.
printf 'p { color: #123456; }\n' >"$tmp/my.css"
NOCHECK=1 build css --css "$tmp/my.css" seeds
check "--css appended" \
    '[ "$(unzip -p "$tmp/css.epub" EPUB/styles/sheaf.css | tail -n 1)" = "p { color: #123456; }" ]'
$sheaf build seeds --css "$tmp/none.css" -o "$tmp/x.epub" 2>"$tmp/x.err"
check "missing --css file: exit 1 and a message" \
    '[ $? -eq 1 ] && grep -q "none.css: error: cannot read stylesheet" "$tmp/x.err"'

# Languages, per article and per book.
build lang tests/fixtures/lang
langof() {	# langof BOOK TITLE: "lang xml:lang" of the article so titled
	for f in $(unzip -Z1 "$1" | grep 'text/c.*-a.*\.xhtml$'); do
		unzip -p "$1" "$f" >"$tmp/doc"
		grep -q "<title>$2</title>" "$tmp/doc" || continue
		sed -n 's/.*<html[^>]* lang="\([^"]*\)" xml:lang="\([^"]*\)".*/\1 \2/p' "$tmp/doc"
	done
}
check "lang: traditional" '[ "$(langof "$tmp/lang.epub" 電子書的排版)" = "zh-Hant zh-Hant" ]'
check "lang: bare zh refined" '[ "$(langof "$tmp/lang.epub" "繁體標示為 zh 的文章")" = "zh-Hant zh-Hant" ]'
check "lang: Japanese" '[ "$(langof "$tmp/lang.epub" 縦書きの電子書籍)" = "ja ja" ]'
check "lang: English in a Chinese book" '[ "$(langof "$tmp/lang.epub" "Setting a page")" = "en en" ]'
check "lang: book is zh-Hant" \
    'unzip -p "$tmp/lang.epub" EPUB/package.opf | grep -q "<dc:language>zh-Hant</dc:language>"'
check "lang: pages in the book language" \
    'unzip -p "$tmp/lang.epub" EPUB/text/title.xhtml | grep -q "lang=\"zh-Hant\" xml:lang=\"zh-Hant\""'
check "lang: seed is zh-Hans" '[ "$(langof "$tmp/default.epub" 大厂出海，又打起来了)" = "zh-Hans zh-Hans" ]'
build lang-v --vertical tests/fixtures/lang
check "vertical ja: 3 and 12 upright" \
    'unzip -p "$tmp/lang-v.epub" "EPUB/text/*.xhtml" | grep -q "第<span class=\"tcy\">3</span>章の<span class=\"tcy\">12</span>ページ"'

# A real blog of mixed languages, vertical, in a second theme.
shared=${SHEAF_SHARED:-../shared}
if [ -d "$shared/corpus/rsshub-page" ]; then
	build rsshub-v --vertical --theme serif "$shared/corpus/rsshub-page"
else
	echo "skip: $shared/corpus not present"
fi

# The title page and chapter pages.
unzip -p "$tmp/default.epub" EPUB/text/title.xhtml >"$tmp/title"
check "title page: dates" 'grep -q "class=\"book-dates\">2022-03-28 – 2022-04-02<" "$tmp/title"'
check "title page: categories" 'grep -q "class=\"book-categories\">新媒体 · 技术 · Reading<" "$tmp/title"'
check "title page: creators" 'grep -q "class=\"book-creators\">" "$tmp/title"'
check "chapter page: dates" \
    'unzip -p "$tmp/default.epub" EPUB/text/c001.xhtml | grep -q "<time class=\"date\" datetime=\"2022-03-28\">"'

# Kindle's path, by calibre's converter.
if command -v ebook-convert >/dev/null; then
	for b in default-v lang; do
		if ebook-convert "$tmp/$b.epub" "$tmp/$b.azw3" >"$tmp/cal.log" 2>&1 &&
		    [ -s "$tmp/$b.azw3" ]; then
			ok
		else
			bad "ebook-convert $b.epub"
			tail -n 20 "$tmp/cal.log"
		fi
	done
else
	echo "skip: calibre not installed (ebook-convert); apt-get install calibre"
fi

# Chromium renders the pages (make screenshots, into a scratch folder).
if command -v chromium >/dev/null; then
	sh scripts/screenshots.sh "$tmp/shots" >"$tmp/shots.log" 2>&1
	check "screenshots rendered" \
	    '[ $? -eq 0 ] && [ "$(find "$tmp/shots" -name "*.png" -size +4k | wc -l)" = 6 ]'
else
	echo "skip: chromium not installed; apt-get install chromium fonts-noto-cjk"
fi

echo "typography: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
