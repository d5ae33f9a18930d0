#!/bin/sh
# The cache of converted articles: a warm build is the same book, byte
# for byte, with the same messages, as a cold build of the same inputs
# (a cold build: an empty cache folder); only what changed is converted
# again. What changes an article's document: its own file, an image it
# embeds (its bytes, or a symbolic link put in its way), the article a
# link of it names (moved to another date), the options conversion
# reads, and sheaf itself. A damaged entry is dropped, never used; an
# unusable cache folder only makes every build cold. A file unchanged
# is not read again, its body read only when needed. The previous book
# lends its first entries (the images) when it is the one sheaf wrote
# last at that path, and the book is still the same as a cold one.
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/lib.sh
export SOURCE_DATE_EPOCH=1600000000

# A Hexo site (links between posts, images beside them and in the
# site's folder) with the seeds among its posts.
in=$tmp/hexo
p=$in/source/_posts
cp -R tests/fixtures/sites/hexo "$in"
cp -R seeds "$p/seeds"
# A missing image: such an article is never kept.
printf -- '---\ntitle: Lost\ndate: 2021-03-05\ncategories: 测试\n---\n\n![x](gone.png)\n' \
    >"$p/2021-03-05-lost.md"

# sb CACHE NAME [OPTIONS]: build the book $tmp/book.epub (the cache
# is the book's) from $in with -v, then copy it to NAME.epub and its
# messages to NAME.err, the run's times left out; the cache hits into
# NAME.hits, the entries kept from the previous book into NAME.kept.
sb() {
	c=$1 name=$2
	shift 2
	if $sheaf build -v --offline --cache-dir "$c" "$@" "$in" \
	    -o "$tmp/book.epub" 2>"$tmp/$name.raw"; then
		ok
	else
		bad "cache: build $name exited $?"
		cat "$tmp/$name.raw"
	fi
	cp "$tmp/book.epub" "$tmp/$name.epub"
	grep -v -e 'note: stages:' -e 'articles from the cache' \
	    -e 'entries kept from the previous book' \
	    -e 'sheaf: wrote ' "$tmp/$name.raw" >"$tmp/$name.err"
	sed -n 's/.*note: \([0-9]*\) of \([0-9]*\) articles from the cache.*/\1 \2/p' \
	    "$tmp/$name.raw" >"$tmp/$name.hits"
	sed -n 's/.*note: .* articles from the cache, \([0-9]*\) files not read again/\1/p' \
	    "$tmp/$name.raw" >"$tmp/$name.loads"
	kept=$(sed -n 's/.*note: \([0-9]*\) of [0-9]* entries kept from the previous book/\1/p' \
	    "$tmp/$name.raw")
	echo "${kept:-0}" >"$tmp/$name.kept"
}
kept() {	# kept NAME: how many entries the previous book lent
	cat "$tmp/$1.kept"
}
# same NAME A B: A.epub and B.epub are the same bytes, with the same
# messages.
same() {
	a=$2 b=$3
	check "cache: $1: same book" 'cmp -s "$tmp/$a.epub" "$tmp/$b.epub"'
	check "cache: $1: same messages" 'diff "$tmp/$a.err" "$tmp/$b.err"'
}
hits() {	# hits NAME "H N": the note of NAME's build
	got=$(cat "$tmp/$1.hits") want=$2
	check "cache: $1 hits '$2' (got '$got')" '[ "$got" = "$want" ]'
}

# Cold, then warm: every article but the lost one from the cache.
sb "$tmp/c" cold
n=$(cut -d' ' -f2 "$tmp/cold.hits")
check "cache: a cold build counts its articles" '[ "${n:-0}" -gt 3 ]'
hits cold "0 $n"
sb "$tmp/c" warm
hits warm "$((n - 1)) $n"
same "warm" cold warm
check "cache: the lost image is still reported" \
    'grep -q "gone.png" "$tmp/warm.err"'
check "cache: a pack, a pack of loads and a record for the book, no temporary file" \
    '[ "$(ls -A "$tmp/c/articles" | grep -v "^\.pruned$")" = "$(ls "$tmp/c/articles" | grep "^[0-9a-f]\{32\}\.\(pack\|load\|book\)$")" ] &&
    [ "$(ls "$tmp/c/articles" | grep -c "\.book$")" = 1 ] &&
    [ "$(ls "$tmp/c/articles" | grep -c "\.load$")" = 1 ]'
# Every file is loaded from the cache: not read, not parsed.
files=$(cat "$tmp/warm.loads")
check "cache: a cold build reads every file" '[ "$(cat "$tmp/cold.loads")" = 0 ]'
check "cache: a warm build reads none ($files)" '[ "$files" -ge "$n" ]'
# The cold build had no previous book; the warm one lends the images
# and sheaf's constant files, mimetype first.
check "cache: a cold build keeps nothing" '[ "$(kept cold)" = 0 ]'
images=$(unzip -Z1 "$tmp/warm.epub" | grep -c "^EPUB/images/[0-9a-f]\{32\}\.")
check "cache: the warm book kept the images of the cold one ($(kept warm) of $images + 2)" \
    '[ "$(kept warm)" -ge $((images + 2)) ]'
check "cache: mimetype, container, then the images" \
    'unzip -Z1 "$tmp/warm.epub" | sed -n "1p;2p;3,$((images + 2))s,^EPUB/images/[0-9a-f]\{32\}\..*,image,p" |
    tr "\n" " " | grep -qx "mimetype META-INF/container.xml \(image \)\{$images\}"'
# Another book: a pack of its own, the first book's left as it is.
$sheaf build -v --offline --cache-dir "$tmp/c" "$in" -o "$tmp/other.epub" \
    2>"$tmp/other.raw"
check "cache: another book starts cold" \
    'grep -q "note: 0 of $n articles from the cache" "$tmp/other.raw"'
check "cache: two packs" \
    '[ "$(ls "$tmp/c/articles" | grep -c "\.pack$")" = 2 ]'
check "cache: epubcheck warm" 'epubcheck "$tmp/warm.epub"'

# The same with threads, and notes kept only under -v.
sb "$tmp/c" warm-j1 -j 1
same "warm -j 1" cold warm-j1
$sheaf build -q --offline --cache-dir "$tmp/c" "$in" -o "$tmp/q.epub" \
    2>"$tmp/q.err"
$sheaf build -q --offline --cache-dir "$tmp/qc" "$in" -o "$tmp/qcold.epub" \
    2>"$tmp/qcold.err"
check "cache: -q messages warm as cold" 'diff "$tmp/qcold.err" "$tmp/q.err"'

# One article changed: one converted again, the book as a cold one.
post=$p/2021-03-04-links.md
echo '再加一句。' >>"$post"
sb "$tmp/c" edit
hits edit "$((n - 2)) $n"
check "cache: the changed file is read again" \
    '[ "$(cat "$tmp/edit.loads")" = $((files - 1)) ]'
sb "$tmp/cold2" edit-cold
same "one article changed" edit-cold edit

# Two articles with one text: a warm build reads both bodies from
# their files to find the repeat, and says so as a cold one does.
printf -- '---\ntitle: One\ndate: 2021-04-01\n---\n\nThe same words.\n' >"$p/twin-a.md"
printf -- '---\ntitle: Two\ndate: 2021-04-02\n---\n\nThe same words.\n' >"$p/twin-b.md"
sb "$tmp/c" twins
sb "$tmp/c" twins-warm
sb "$tmp/cold-twins" twins-cold
same "repeated text" twins-cold twins-warm
check "cache: the repeat is found warm" 'grep -q "twin-b.md: warning: same article as .*twin-a.md (same text)" "$tmp/twins-warm.err"'
rm "$p/twin-a.md" "$p/twin-b.md"
# A file touched, its bytes the same: read again, the same book.
touch "$post"
sb "$tmp/c" touched-post
check "cache: a touched file is read again" \
    '[ "$(cat "$tmp/touched-post.loads")" = $((files - 1)) ]'
same "touched file" edit-cold touched-post

# An image changed in place (same name, other bytes): its article only.
cp tests/fixtures/sites/hugo/static/image/photo.jpg \
    "$p/2021-03-01-asset-folder/pic.png"
sb "$tmp/c" image
hits image "$((n - 2)) $n"
sb "$tmp/cold3" image-cold
same "image changed" image-cold image

# The linked article renamed: the links to it no longer find it.
check "cache: links between posts resolved" \
    'unzip -p "$tmp/image.epub" $(unzip -Z1 "$tmp/image.epub" | grep "a[0-9]*\.xhtml") |
    grep -q "<a href=\"c[0-9]*-a[0-9]*\.xhtml\">同一篇</a>"'
mv "$p/2021-03-01-asset-folder.md" "$p/2021-03-01-assets.md"
mv "$p/2021-03-01-asset-folder" "$p/2021-03-01-assets"
sb "$tmp/c" moved
sb "$tmp/cold4" moved-cold
same "linked article renamed" moved-cold moved
check "cache: the linking article converted again" \
    '[ "$(cut -d" " -f1 "$tmp/moved.hits")" -le $((n - 3)) ]'
# What it converted again is kept, not the entry whose links changed.
sb "$tmp/c" moved-again
hits moved-again "$((n - 1)) $n"

# A symbolic link put in an image's way, out of the input folder.
mkdir -p "$tmp/outside"
cp "$in/source/images/logo.png" "$tmp/outside/logo.png"
rm "$in/source/images/logo.png"
ln -s "$tmp/outside/logo.png" "$in/source/images/logo.png"
sb "$tmp/c" symlink
sb "$tmp/cold5" symlink-cold
same "image behind a symbolic link" symlink-cold symlink
rm "$in/source/images/logo.png"
cp "$tmp/outside/logo.png" "$in/source/images/logo.png"

# Options conversion reads: nothing from the cache.
for o in --vertical --grayscale "--timezone +09:00" "--max-image-pixels 100"; do
	sb "$tmp/c" opt $o
	hits opt "0 $n"
	sb "$tmp/c" opt2 $o
	sb "$tmp/cold-opt" opt-cold $o
	rm -rf "$tmp/cold-opt"
	same "warm with $o" opt-cold opt2
done

# A damaged pack: a damaged entry is not used, a damaged index makes
# the pack read as empty; the book is still right.
sb "$tmp/cd" base
pack=$(ls "$tmp"/cd/articles/*.pack)
size=$(wc -c <"$pack")
printf 'X' | dd of="$pack" bs=1 seek=100 conv=notrunc 2>/dev/null
sb "$tmp/cd" damaged
hits damaged "$((n - 2)) $n"
same "damaged entry" base damaged
pack=$(ls "$tmp"/cd/articles/*.pack)
head -c $(($(wc -c <"$pack") - 10)) "$pack" >"$pack.t" && mv "$pack.t" "$pack"
sb "$tmp/cd" cut
hits cut "0 $n"
same "pack cut short" base cut
sb "$tmp/cd" repaired
hits repaired "$((n - 1)) $n"

# Another sheaf (a byte added to the executable): a cold build.
cp "$sheaf" "$tmp/sheaf2" && printf 'x' >>"$tmp/sheaf2"
$tmp/sheaf2 build -v --offline --cache-dir "$tmp/cd" "$in" \
    -o "$tmp/book.epub" 2>"$tmp/sheaf2.raw"
check "cache: another sheaf converts again" \
    'grep -q "note: 0 of $n articles from the cache" "$tmp/sheaf2.raw"'
check "cache: another sheaf lends nothing from the book" \
    '! grep -q "entries kept" "$tmp/sheaf2.raw"'
check "cache: another sheaf, same book" \
    'cmp -s "$tmp/base.epub" "$tmp/book.epub"'

# The previous book lends only when it is the one sheaf wrote there:
# not after it was touched, replaced or its record lost, nor one
# another sheaf wrote.
sb "$tmp/cd" after-other
check "cache: the other sheaf's book lends nothing" \
    '[ "$(kept after-other)" = 0 ]'
sb "$tmp/cd" lend
check "cache: the book lends ($(kept lend))" '[ "$(kept lend)" -gt 2 ]'
touch "$tmp/book.epub"
sb "$tmp/cd" touched
check "cache: a touched book lends nothing" '[ "$(kept touched)" = 0 ]'
same "touched book" base touched
cp "$tmp/book.epub" "$tmp/copy.epub" && mv "$tmp/copy.epub" "$tmp/book.epub"
sb "$tmp/cd" replaced
check "cache: a replaced book lends nothing" '[ "$(kept replaced)" = 0 ]'
same "replaced book" base replaced
rm "$tmp"/cd/articles/*.book
sb "$tmp/cd" norecord
check "cache: without its record the book lends nothing" \
    '[ "$(kept norecord)" = 0 ]'
sb "$tmp/cd" lend-again
check "cache: then it lends again" '[ "$(kept lend-again)" -gt 2 ]'
same "lent again" base lend-again
# A book of other entries from the same path: it lends what leads.
sb "$tmp/cd" grey --grayscale
sb "$tmp/cold-grey" grey-cold --grayscale
same "grayscale after colour" grey-cold grey

# A cache folder that cannot be used: the build goes on, cold.
: >"$tmp/file"
if $sheaf build -q --offline --cache-dir "$tmp/file" "$in" \
    -o "$tmp/nocache.epub" 2>"$tmp/nocache.err"; then ok; else
	bad "cache: unusable folder fails the build"; cat "$tmp/nocache.err"
fi
check "cache: unusable folder, same book" \
    'cmp -s "$tmp/base.epub" "$tmp/nocache.epub"'

# Without SOURCE_DATE_EPOCH: sheaf's constant files carry the start
# of zip time and an image embedded from its file the file's time, so
# that a build later still lends them.
touch -d '2020-05-06 07:08:10 UTC' "$in/source/images/logo.png"
(unset SOURCE_DATE_EPOCH
$sheaf build -q --offline --cache-dir "$tmp/ct" "$in" -o "$tmp/t.epub" \
    2>/dev/null && sleep 2 &&
    $sheaf build -v --offline --cache-dir "$tmp/ct" "$in" -o "$tmp/t.epub" \
    2>"$tmp/t.raw")
check "cache: mimetype at the start of zip time" \
    'unzip -Z -T "$tmp/t.epub" | grep -q " 19800101\.000000 mimetype$"'
check "cache: an image at its file's time" \
    'unzip -Z -T "$tmp/t.epub" | grep -q " 20200506\.070810 EPUB/images/[0-9a-f]\{32\}\.png$"'
check "cache: a later build lends" \
    'grep -q "note: [1-9][0-9]* of [0-9]* entries kept from the previous book" "$tmp/t.raw"'

echo "cache: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
