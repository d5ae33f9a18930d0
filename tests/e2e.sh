#!/bin/sh
# End-to-end tests: run the sheaf binary as a user would, check every
# book it writes with epubcheck (no error, no warning), and that bad
# input ends in a FILE:LINE error that leaves an existing book
# untouched. The plans that `sheaf list` prints go to
# build/golden/list/, which tests/golden.sh diffs with the golden
# files. With --valgrind, each build runs under valgrind and any error
# or leak fails.
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/lib.sh
shared=${SHEAF_SHARED:-../shared}

# golden NAME CMD...: stdout of CMD to build/golden/list/NAME.out, for
# tests/golden.sh to diff with tests/golden/list/NAME.out.
mkdir -p build/golden/list
golden() {
	name=$1
	shift
	"$@" >"build/golden/list/$name.out" 2>/dev/null
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
$sheaf build -q --offline seeds -o "$tmp/again.epub" 2>/dev/null
check "identifier stable across builds" \
	'[ "$(unzip -p "$book" EPUB/package.opf | grep -o "urn:uuid:[0-9a-f-]*" | head -n 1)" = "$(unzip -p "$tmp/again.epub" EPUB/package.opf | grep -o "urn:uuid:[0-9a-f-]*" | head -n 1)" ]'
SOURCE_DATE_EPOCH=1650000000 $sheaf build -q --offline seeds -o "$tmp/r1.epub" 2>/dev/null
SOURCE_DATE_EPOCH=1650000000 $sheaf build -q --offline seeds -o "$tmp/r2.epub" 2>/dev/null
check "reproducible with SOURCE_DATE_EPOCH" 'cmp -s "$tmp/r1.epub" "$tmp/r2.epub"'
for j in 1 3 8; do
	SOURCE_DATE_EPOCH=1650000000 $sheaf build -q --offline --cache-dir "$tmp/offline-cache" -j $j seeds -o "$tmp/j$j.epub" 2>"$tmp/j$j.err"
	check "-j $j: same book as the default" 'cmp -s "$tmp/r1.epub" "$tmp/j$j.epub"'
done
check "-j: same messages for 1 and 8 threads" 'cmp -s "$tmp/j1.err" "$tmp/j8.err"'
$sheaf build --offline -j 0 seeds -o "$tmp/x.epub" 2>/dev/null
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
	$sheaf build --offline "tests/fixtures/bad/$1" -o "$tmp/out.epub" 2>"$tmp/bad.err"
	r=$? pat=$2
	check "bad $1: exit 1" '[ $r -eq 1 ]'
	check "bad $1: message" 'grep -qE "$pat" "$tmp/bad.err"'
	check "bad $1: old book untouched" 'cmp -s "$tmp/old.epub" "$tmp/out.epub"'
	check "bad $1: no temporary file" '[ -z "$(ls "$tmp" | grep "out\.epub\.")" ]'
}
badcase unclosed '^sheaf: tests/fixtures/bad/unclosed/a\.md:2: error: front matter not closed'
badcase title-list '^sheaf: tests/fixtures/bad/title-list/a\.md:2(:[0-9]+)?: error: title must be text'
badcase yaml '^sheaf: tests/fixtures/bad/yaml/a\.md:[34](:[0-9]+)?: error: '
$sheaf build --offline seeds -o "$tmp/no/such/dir/x.epub" 2>"$tmp/bad.err"
r=$?
check "missing output folder: exit 1" '[ $r -eq 1 ]'
check "missing output folder: message" 'grep -q "^sheaf: $tmp/no/such/dir/x.epub: error:" "$tmp/bad.err"'
$sheaf build --offline seeds -o "$tmp" 2>/dev/null
r=$?
check "output is a folder: exit 1" '[ $r -eq 1 ]'
$sheaf build --offline "$tmp/nothing-here" -o "$tmp/x.epub" 2>"$tmp/bad.err"
r=$?
check "missing input: exit 1" '[ $r -eq 1 ] && grep -q "nothing-here" "$tmp/bad.err"'

# text NAME: the article text of $tmp/NAME.epub, code and pre left out.
text() {
	unzip -p "$tmp/$1.epub" 'EPUB/text/*.xhtml' |
	    perl -0pe 's/<pre.*?<\/pre>//gs; s/<code.*?<\/code>//gs'
}

# notags NAME: no template tag or TOML fence in the text of a book.
notags() {
	check "$1: no raw template tags" \
	    "! text $1 | grep -qE '\\{%|\\{\\{[<%]|^\\+\\+\\+|\\{:'"
}

# Blog sites of each engine, given by their root folder.
sites=tests/fixtures/sites
build hexo-site $sites/hexo
notags hexo-site
check "hexo: draft and future post left out" \
	'[ "$($sheaf list $sites/hexo 2>/dev/null | grep -c "^  [0-9]")" = 2 ]'
opf() { unzip -p "$tmp/$1.epub" EPUB/package.opf; }
check "hexo: language from _config.yml, the first of its list" \
	'opf hexo-site | grep -q "<dc:language>zh-CN</dc:language>"'
check "hexo: dates read in the site's time zone (Asia/Shanghai)" \
	'opf hexo-site | grep -q "<dc:date>2021-03-04T01:00:00Z</dc:date>"'
check "hexo: links by permalink, file name and site address" \
	'[ "$(text hexo-site | grep -oE "<a href=\"c001-a0001.xhtml\">(资源文件夹|同一篇|还是它)</a>" | sort -u | wc -l)" = 3 ]'
check "hexo: a permalink of another date is the site's page" \
	'text hexo-site | grep -q "<a href=\"https://hexo.example.com/blog/2020/01/01/2021-03-01-asset-folder/\">别的文章</a>"'
check "hexo: other site pages at the config's url" \
	'text hexo-site | grep -q "<a href=\"https://hexo.example.com/blog/tags/hexo/\">标签页</a>"'
check "hexo: asset folder, asset_img and /images/ found" \
	'[ "$(text hexo-site | grep -o "<img src=\"../images/" | wc -l)" = 3 ]'
check "hexo: note block" 'text hexo-site | grep -q "<div class=\"note\">"'
check "hexo: misspelt key warns" \
	'grep -q "key \"categoires\" read as \"categories\"" "$tmp/hexo-site.err"'
build hexo-future --future $sites/hexo
check "hexo: --future takes the future post" \
	'unzip -p "$tmp/hexo-future.epub" EPUB/nav.xhtml | grep -q "未来"'
build jekyll-site $sites/jekyll
check "jekyll: title and author from _config.yml" \
	'unzip -p "$tmp/jekyll-site.epub" EPUB/package.opf | grep -q "<dc:title[^>]*>Jekyll Fixture</dc:title>" &&
	 unzip -p "$tmp/jekyll-site.epub" EPUB/package.opf | grep -q ">A. Writer</dc:creator>"'
notags jekyll-site
check "jekyll: post_url links to the packed post" \
	'text jekyll-site | grep -q "<a href=\"c001-a0001.xhtml\">the first post</a>"'
check "jekyll: relative_url image found" \
	'text jekyll-site | grep -q "<img src=\"../images/"'
check "jekyll: display math block" \
	'text jekyll-site | grep -q "<div class=\"math display\">"'
check "jekyll: TOC item dropped" '! text jekyll-site | grep -q "<li>TOC</li>"'
check "jekyll: lang and timezone from _config.yml (New York)" \
	'opf jekyll-site | grep -q "<dc:language>en-GB</dc:language>" &&
	 opf jekyll-site | grep -q "<dc:date>2020-02-01T13:00:00Z</dc:date>"'
check "jekyll: link by the default permalink" \
	'text jekyll-site | grep -q "<a href=\"c001-a0001.xhtml\">first again</a>"'
check "jekyll: a site page without a site address is plain text" \
	'text jekyll-site | grep -q "A page of the site: about me\." '
NOCHECK=1 build jekyll-url --site-url https://jekyll.example.org/ $sites/jekyll
check "jekyll: --site-url makes site pages absolute" \
	'text jekyll-url | grep -q "<a href=\"https://jekyll.example.org/about/\">about me</a>"'
printf 'site-url: https://book.example.org\n' >"$tmp/siteurl.yml"
NOCHECK=1 build jekyll-urlconf -c "$tmp/siteurl.yml" $sites/jekyll
check "jekyll: site-url in book.yml" \
	'text jekyll-urlconf | grep -q "<a href=\"https://book.example.org/about/\">about me</a>"'
build hugo-site $sites/hugo
check "hugo: title from config.toml" \
	'unzip -p "$tmp/hugo-site.epub" EPUB/package.opf | grep -q ">Hugo Fixture</dc:title>"'
notags hugo-site
check "hugo: draft left out" '! unzip -p "$tmp/hugo-site.epub" EPUB/nav.xhtml | grep -q "下書き"'
check "hugo: capitalised Categories" \
	'unzip -p "$tmp/hugo-site.epub" EPUB/nav.xhtml | grep -q "Kubernetes"'
check "hugo: /image/ from static/ and a figure" \
	'[ "$(text hugo-site | grep -o "<img src=\"../images/" | wc -l)" = 2 ]'
check "hugo: near miss named" \
	'grep -q "first.md:17: warning: image not found: /image/k8s.png (did you mean k8s.png.png?)" "$tmp/hugo-site.err"'
check "hugo: youtube as a link" 'text hugo-site | grep -q "youtube.com/watch?v=dQw4w9WgXcQ"'
check "hugo: ref links to the packed post" 'text hugo-site | grep -q "<a href=\"c001-a0002.xhtml\">"'
check "hugo: relref to a page bundle" \
	'text hugo-site | grep -q "バンドルは <a href=\"c001-a0003.xhtml\">こちら</a>"'
check "hugo: /posts/slug/ and the baseURL address link to posts" \
	'text hugo-site | grep -q "<a href=\"c001-a0002.xhtml\">二番目</a>" &&
	 text hugo-site | grep -q "<a href=\"c001-a0001.xhtml\">最初</a>"'
check "hugo: other pages at baseURL" \
	'text hugo-site | grep -q "<a href=\"https://hugo.example.net/about/\">プロフィール</a>"'
check "hugo: defaultContentLanguage" \
	'opf hugo-site | grep -q "<dc:language>ja</dc:language>"'
check "hugo: table shortcode kept its table, no warning" \
	'text hugo-site | grep -q "<table>" && ! grep -q "{{< table >}}" "$tmp/hugo-site.err"'

# Warnings of one kind from many articles: the first, then one count.
mkdir -p "$tmp/many"
for i in 1 2 3 4 5; do
	printf -- '---\ntitle: Post %s\ndate: 2020-01-0%s\n---\n\n![gone](gone%s.png)\n' \
	    $i $i $i >"$tmp/many/p$i.md"
done
$sheaf build --offline --cache-dir "$tmp/offline-cache" "$tmp/many" -o "$tmp/many.epub" 2>"$tmp/many.err"
check "many missing images: the first, then one count" \
	'[ "$(grep -c warning: "$tmp/many.err")" = 2 ] &&
	 grep -q "p1.md:6: warning: image not found: gone1.png$" "$tmp/many.err" &&
	 grep -q "^sheaf: warning: image not found: 5 times in 5 files (-v lists them)$" "$tmp/many.err"'
check "many missing images: counted in the summary line" \
	'grep -q "5 missing (5 not found), 2 warnings" "$tmp/many.err"'
$sheaf build -v --offline --cache-dir "$tmp/offline-cache" "$tmp/many" -o "$tmp/many.epub" 2>"$tmp/many.err"
check "many missing images: -v lists each" \
	'[ "$(grep -c "note: image not found: gone" "$tmp/many.err")" = 4 ]'

# Collections: selection, grouping, ordering, book.yml (issue 3).
coll=tests/fixtures/collection
conf=tests/fixtures/configs
golden coll $sheaf list $coll
golden coll-category2 $sheaf list --group-by category:2 $coll
golden coll-title $sheaf list --group-by none --order title $coll
golden coll-path $sheaf list --group-by none --order path $coll
golden coll-updated $sheaf list --group-by none --order -updated $coll
golden coll-week $sheaf list --group-by week $coll
golden coll-day-en $sheaf list --group-by day --language en $coll
golden coll-year $sheaf list --group-by year --chapter-order -date $coll
golden coll-tag $sheaf list --group-by tag --chapter-order count $coll
golden coll-author $sheaf list --group-by author --by-author 张三 --by-author 李四 $coll
golden coll-dir $sheaf list --group-by dir --chapter-order title $coll
golden coll-since $sheaf list --since 2022-03 --until 2022-04-02 $coll
golden coll-exclude $sheaf list --exclude-category 新媒体 --category 生活 --category 新媒体 $coll
golden coll-match $sheaf list --match '*书*' --group-by none $coll
golden coll-substring $sheaf list --match '上海' --group-by none $coll
golden coll-latest $sheaf list --latest 3 --order title --group-by none $coll
golden coll-limit $sheaf list --limit 2 --order -date --drafts --group-by none $coll
golden coll-conf-metadata $sheaf list -c $conf/metadata.yml
golden coll-conf-cli $sheaf list -c $conf/metadata.yml --category 生活 --order date
golden coll-conf-books $sheaf list -c $conf/books.yml
golden coll-conf-split $sheaf list -c $conf/split.yml
golden coll-conf-nested $sheaf list -c $conf/nested.yml
$sheaf list $coll 2>"$tmp/dup.err" >/dev/null
check "duplicate: same title and date, both named" \
	'grep -q "^sheaf: $coll/tech/c.md: warning: same article as $coll/news/g.md (same title and date)" "$tmp/dup.err"'
check "duplicate: same text, both named" \
	'grep -q "^sheaf: $coll/news/h.md: warning: same article as $coll/life/d.md (same text)" "$tmp/dup.err"'

# Nested chapters: nav and NCX nest three levels.
build nested -c $conf/nested.yml
unzip -p "$tmp/nested.epub" EPUB/nav.xhtml >"$tmp/nav"
unzip -p "$tmp/nested.epub" EPUB/toc.ncx >"$tmp/ncx"
check "nested: nav has a list three deep" \
	'tr -d "\n " <"$tmp/nav" | grep -q "<li><ahref=\"text/c002.xhtml\">读书</a><ol><li>"'
check "nested: NCX depth 3" 'grep -q "name=\"dtb:depth\" content=\"3\"" "$tmp/ncx"'
# theme, vertical and css from book.yml.
build themed -c $conf/themed.yml
check "themed: spine right to left" \
	'unzip -p "$tmp/themed.epub" EPUB/package.opf | grep -q "page-progression-direction=\"rtl\""'
check "themed: vertical CSS, then the file's own" \
	'unzip -p "$tmp/themed.epub" EPUB/styles/sheaf.css | grep -q "vertical-rl" &&
	 unzip -p "$tmp/themed.epub" EPUB/styles/sheaf.css | tail -n 1 | grep -q "letter-spacing: 0.1em"'
build week --group-by week --order -date $coll
# A chapter that holds only a nested chapter still gets its page.
build nested-empty --category 科技 --group-by category:2 $coll
check "nested: a chapter holding only chapters" \
	'unzip -p "$tmp/nested-empty.epub" EPUB/nav.xhtml | tr -d "\n " | grep -q "新媒体</a><ol><li><ahref=\"text/c002.xhtml\">科技</a><ol><li>"'
build metadata -c $conf/metadata.yml
check "book.yml: publisher" 'unzip -p "$tmp/metadata.epub" EPUB/package.opf | grep -q "<dc:publisher>示例出版社</dc:publisher>"'
check "book.yml: author role" 'unzip -p "$tmp/metadata.epub" EPUB/package.opf | grep -q "refines=\"#creator1\" property=\"role\" scheme=\"marc:relators\">edt<"'
check "book.yml: author file-as" 'unzip -p "$tmp/metadata.epub" EPUB/package.opf | grep -q "refines=\"#creator1\" property=\"file-as\">Zhang San<"'
check "book.yml: two authors" '[ "$(unzip -p "$tmp/metadata.epub" EPUB/package.opf | grep -c "<dc:creator")" = 2 ]'

# Several books from one config: books: and split-by.
mkdir -p "$tmp/c/out"
for f in books split; do
	sed "s|^input: .*|input: $PWD/$coll|" "$conf/$f.yml" >"$tmp/c/$f.yml"
done
if $sheaf build -q -c "$tmp/c/books.yml" 2>"$tmp/books.err"; then ok; else bad "books: build"; cat "$tmp/books.err"; fi
for f in life media; do
	check "epubcheck books $f" 'epubcheck "$tmp/c/out/$f.epub"'
done
if $sheaf build -q -c "$tmp/c/split.yml" 2>"$tmp/split.err"; then ok; else bad "split: build"; cat "$tmp/split.err"; fi
check "split: three books" '[ "$(ls "$tmp/c/out" | grep -c "^[^lm].*\.epub$")" = 3 ]'
for f in "$tmp/c/out/"生活.epub "$tmp/c/out/"新媒体.epub "$tmp/c/out/"uncategorized.epub; do
	check "epubcheck split $f" 'epubcheck "$f"'
done

# A book.yml beside the articles is read; options override it.
cp -r $coll "$tmp/beside"
printf 'group-by: none # one flat book\norder: title\n' >"$tmp/beside/book.yml"
check "book.yml beside the articles" \
	'$sheaf list "$tmp/beside" 2>/dev/null | sed -n 2,3p | tr "\n" " " | grep -q "^chapter 1: (no title) (7)   2022-03-15  阿里巴巴出海"'
check "options override book.yml" \
	'$sheaf list --group-by year "$tmp/beside" 2>/dev/null | grep -q "^chapter 1: 2022年 (6)"'

# list --format json, and sheaf init.
golden coll-json $sheaf list --format json -c $conf/books.yml
$sheaf list --format yaml $coll >/dev/null 2>&1
check "bad --format exits 2" '[ $? -eq 2 ]'
cp -r $coll "$tmp/init"
$sheaf init "$tmp/init" 2>/dev/null
check "init: exit 0" '[ $? -eq 0 ]'
sed "s|$tmp/init|INIT|g" "$tmp/init/book.yml" >build/golden/list/coll-init.yml
check "init: the plan is unchanged" \
	'[ "$($sheaf list "$tmp/init" 2>/dev/null | tail -n +2)" = "$($sheaf list $coll 2>/dev/null | sed "s|$coll|$tmp/init|g" | tail -n +2)" ]'
$sheaf init "$tmp/init" 2>"$tmp/bad.err"
check "init: an existing book.yml is kept" '[ $? -eq 1 ] && grep -q "not replaced" "$tmp/bad.err"'
build init "$tmp/init"

# Bad configs: a warning for an unknown key; errors at FILE:LINE that
# write nothing; a selection that matches nothing names its filter.
$sheaf list -c $conf/bad/unknown.yml >/dev/null 2>"$tmp/bad.err"
check "config: unknown key warned with its line" \
	'grep -q "^sheaf: $conf/bad/unknown.yml:3:1: warning: unknown key catgory" "$tmp/bad.err"'
badconf() {	# badconf NAME PATTERN
	rm -f "$tmp/conf.epub"
	$sheaf build -c "$conf/bad/$1.yml" -o "$tmp/conf.epub" 2>"$tmp/bad.err"
	r=$? pat=$2
	check "config $1: exit 1" '[ $r -eq 1 ]'
	check "config $1: message" 'grep -qE "$pat" "$tmp/bad.err"'
	check "config $1: nothing written" '[ ! -e "$tmp/conf.epub" ]'
}
badconf limit "^sheaf: $conf/bad/limit.yml:3:10: error: limit must be a whole number"
badconf date "^sheaf: $conf/bad/date.yml:2:7: error: .*not a date"
badconf empty "error: no articles to pack: the tag filter left none of 4"
badconf split "^sheaf: $conf/bad/split.yml: error: split-by needs \{month\} in output"
$sheaf list --since 2022-99 $coll >/dev/null 2>&1
check "bad --since exits 2" '[ $? -eq 2 ]'
$sheaf list --group-by category:0 $coll >/dev/null 2>&1
check "bad category:N exits 2" '[ $? -eq 2 ]'

# Real blogs, when the shared corpus is here.
if [ -d "$shared/corpus" ]; then
	build rsshub "$shared/corpus/rsshub-page"
	build seed-original "$shared/seeds/"*
	for blog in PCJ600-hexo_blog lilianweng-lil-log \
	    mosuke5-hugo-blog.mosuke.tech; do
		build "$blog" "$shared/corpus/$blog"
		notags "$blog"
		check "$blog: warnings short enough to read" \
		    '[ "$(wc -l <"$tmp/$blog.err")" -lt 25 ]'
	done
	check "hexo blog: 215 posts" \
	    '[ "$(unzip -Z1 "$tmp/PCJ600-hexo_blog.epub" | grep -c -- "-a[0-9]*\.xhtml$")" = 215 ]'
	check "hexo blog: its images" \
	    '[ "$(unzip -Z1 "$tmp/PCJ600-hexo_blog.epub" | grep -c "^EPUB/images/")" -ge 250 ]'
	check "jekyll blog: math" \
	    'text lilianweng-lil-log | grep -q "<div class=\"math display\">"'
	check "jekyll blog: display math over blank lines kept whole" \
	    '! text lilianweng-lil-log | grep -q "^<p>[$][$]\$"'
	check "jekyll blog: post_url links inside the book" \
	    '[ "$(text lilianweng-lil-log | grep -o "<a href=\"c001-a[0-9]*\.xhtml\"" | wc -l)" -ge 100 ]'
	check "jekyll blog: missing images counted in one line" \
	    'grep -q "^sheaf: warning: image not found: 4[0-9][0-9] times in 28 files" "$tmp/lilianweng-lil-log.err"'
	check "jekyll blog: images under /assets/" \
	    '[ "$(unzip -Z1 "$tmp/lilianweng-lil-log.epub" | grep -c "^EPUB/images/")" -ge 60 ]'
	check "hugo blog: /entry/YYYY/MM/DD/slug/ links inside the book" \
	    '[ "$(unzip -p "$tmp/mosuke5-hugo-blog.mosuke.tech.epub" "EPUB/text/c*-a*.xhtml" | grep -o "<a href=\"c[0-9]*-a[0-9]*\.xhtml\"" | wc -l)" -ge 40 ]'
	check "hugo blog: drafts left out" \
	    '[ "$(unzip -Z1 "$tmp/mosuke5-hugo-blog.mosuke.tech.epub" | grep -c -- "-a[0-9]*\.xhtml$")" = 206 ]'
else
	echo "skip: $shared/corpus not present"
fi

echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
