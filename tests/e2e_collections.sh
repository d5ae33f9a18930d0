#!/bin/sh
# Several books from one book.yml, built in parallel: every book of
# books: and split-by written, the same bytes and the same messages
# whatever -j is, one summary line per book in book order, a failing
# book that stops no other, split-by output folders made but never
# outside the pattern's folder, and a signal that leaves no temporary
# file and no process behind.
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/lib.sh
coll=$PWD/tests/fixtures/collection
export SOURCE_DATE_EPOCH=1650000000
opts="--offline --cache-dir $tmp/cache"

# A collection of five books: two from books:, three from split-by
# into folders that do not exist yet.
collection() {	# collection DIR: write DIR/all.yml, DIR/out
	mkdir -p "$1/out"
	cat >"$1/all.yml" <<EOF
input: $coll
lang: zh-CN
order: title
books:
  - title: 生活
    category: 生活
    output: out/life.epub
  - title: 新媒体三月
    group-by: category:2
    select: { category: 新媒体, until: 2022-03 }
    output: out/media.epub
  - title: 合集
    split-by: category
    group-by: month
    output: out/by/{category}/book.epub
EOF
}
collection "$tmp/j1"
collection "$tmp/j4"
$sheaf build -j 1 $opts -c "$tmp/j1/all.yml" 2>"$tmp/j1.err"
r1=$?
$sheaf build --jobs=4 $opts -c "$tmp/j4/all.yml" 2>"$tmp/j4.err"
r4=$?
check "-j 1: exit 0" '[ $r1 -eq 0 ]'
check "-j 4: exit 0" '[ $r4 -eq 0 ]'
(cd "$tmp/j1/out" && find . -name '*.epub' | sort) >"$tmp/books"
check "five books written" '[ "$(wc -l <"$tmp/books")" = 5 ]'
check "split-by made out/by/生活/" '[ -f "$tmp/j1/out/by/生活/book.epub" ]'
while read -r b; do
	check "epubcheck $b" 'epubcheck "$tmp/j1/out/$b"'
	check "$b: same bytes with -j 1 and -j 4" \
	    'cmp -s "$tmp/j1/out/$b" "$tmp/j4/out/$b"'
done <"$tmp/books"
# The summaries' times are the one thing allowed to differ.
sed "s/, [0-9.]* s\$/, T s/" "$tmp/j1.err" >"$tmp/j1.msg"
sed "s|$tmp/j4/|$tmp/j1/|g; s/, [0-9.]* s\$/, T s/" "$tmp/j4.err" >"$tmp/j4.msg"
check "same messages with -j 1 and -j 4" 'cmp -s "$tmp/j1.msg" "$tmp/j4.msg"'
grep '^sheaf: wrote ' "$tmp/j4.err" | sed "s|^sheaf: wrote $tmp/j4/out/||; s|:.*||" \
	>"$tmp/order"
printf '%s\n' life.epub media.epub by/新媒体/book.epub \
	by/uncategorized/book.epub by/生活/book.epub >"$tmp/want"
check "one summary line per book, in book order" \
	'diff "$tmp/want" "$tmp/order" >/dev/null'
check "a last line counts the books" \
	'[ "$(tail -n 1 "$tmp/j4.err")" = "sheaf: 5 of 5 books written" ]'
# Each book's messages come whole: its warning right before its summary.
check "messages of a book not interleaved" \
	'grep -A1 "g.md (same title and date)" "$tmp/j4.err" | sed -n 2p | grep -q "^sheaf: wrote .*/media.epub"'

# The same book alone, built without a child process, has the same bytes.
mkdir -p "$tmp/one/out"
cat >"$tmp/one/life.yml" <<EOF
input: $coll
lang: zh-CN
order: title
title: 生活
category: 生活
output: out/life.epub
EOF
$sheaf build -q $opts -c "$tmp/one/life.yml" 2>/dev/null
check "a book of the collection is the book built alone" \
	'cmp -s "$tmp/one/out/life.epub" "$tmp/j1/out/life.epub"'
$sheaf build -q -j 2 $opts -c "$tmp/j4/all.yml" 2>"$tmp/q.err"
check "-q: no summary lines" '! grep -q "wrote\|books written" "$tmp/q.err"'

# A failing book among good ones: the others are written, exit 1.
mkdir -p "$tmp/f/out"
cat >"$tmp/f/all.yml" <<EOF
input: $coll
books:
  - title: A
    category: 生活
    output: out/a.epub
  - title: Nothing
    tag: no-such-tag
    output: out/nothing.epub
  - title: C
    category: 新媒体
    output: out/c.epub
EOF
$sheaf build -j 3 $opts -c "$tmp/f/all.yml" 2>"$tmp/f.err"
r=$?
check "failing book: exit 1" '[ $r -eq 1 ]'
check "failing book: its error" \
	'grep -q "error: no articles to pack: the tag filter" "$tmp/f.err"'
check "failing book: the others written" \
	'[ -f "$tmp/f/out/a.epub" ] && [ -f "$tmp/f/out/c.epub" ]'
check "failing book: not written" '[ ! -e "$tmp/f/out/nothing.epub" ]'
check "failing book: no temporary file" \
	'[ -z "$(ls "$tmp/f/out" | grep "\.epub\.")" ]'
check "failing book: named in the last line" \
	'[ "$(tail -n 1 "$tmp/f.err")" = "sheaf: 2 of 3 books written; not written: $tmp/f/out/nothing.epub" ]'
check "failing book: its error, then its summary line" \
	'grep -A1 "no articles to pack" "$tmp/f.err" | sed -n 2p | grep -qx "sheaf: $tmp/f/out/nothing.epub: not written"'
for b in a c; do
	check "epubcheck $b.epub" 'epubcheck "$tmp/f/out/$b.epub"'
done

# split-by folders: "." and ".." made by a placeholder are refused.
mkdir -p "$tmp/dots/in" "$tmp/dots/conf"
printf -- '---\ntitle: Up\ndate: 2022-03-01\ncategories: [".."]\n---\nUp.\n' \
	>"$tmp/dots/in/up.md"
printf -- '---\ntitle: Here\ndate: 2022-03-02\ncategories: [here]\n---\nHere.\n' \
	>"$tmp/dots/in/here.md"
printf 'input: ../in\nsplit-by: category\noutput: out/{category}/book.epub\n' \
	>"$tmp/dots/conf/split.yml"
$sheaf build -q $opts -c "$tmp/dots/conf/split.yml" 2>"$tmp/dots.err"
r=$?
check "split-by ..: exit 1" '[ $r -eq 1 ]'
check "split-by ..: message" \
	'grep -q "^sheaf: $tmp/dots/conf/out/\.\./book\.epub: error: output leaves the folder $tmp/dots/conf/out/ of its pattern" "$tmp/dots.err"'
check "split-by ..: nothing outside out/" '[ ! -e "$tmp/dots/conf/book.epub" ]'
check "split-by ..: the other book written" \
	'[ -f "$tmp/dots/conf/out/here/book.epub" ]'
check "epubcheck here" 'epubcheck "$tmp/dots/conf/out/here/book.epub"'

# split-by month: the books in time order, whatever the grouping.
printf 'input: %s\nsplit-by: month\noutput: m/{month}.epub\n' "$coll" \
	>"$tmp/month.yml"
$sheaf list -c "$tmp/month.yml" 2>/dev/null | sed -n 's/^book: \([0-9-]*\) .*/\1/p' \
	>"$tmp/months"
check "split-by month: books in time order" \
	'[ "$(tr "\n" " " <"$tmp/months")" = "2021-12 2022-01 2022-03 2022-04 " ]'

# Bad -j values are usage errors.
for j in 0 x -1; do
	$sheaf build -j "$j" -c "$tmp/j1/all.yml" >/dev/null 2>&1
	check "-j $j exits 2" '[ $? -eq 2 ]'
done

# A signal during a parallel build: passed on to every child, which
# removes its temporary file; the books there before are untouched.
mkdir -p "$tmp/sig/in" "$tmp/sig/out"
i=0
while [ $i -lt 600 ]; do
	sed "s/^title: '\(.*\)'/title: '\1 $i'/" seeds/000_2386ec0c31876145.md \
	    >"$tmp/sig/in/a$i.md"
	echo "第 $i 篇。" >>"$tmp/sig/in/a$i.md"
	i=$((i + 1))
done
cat >"$tmp/sig/sig.yml" <<EOF
input: in
books:
  - { title: one, output: out/1.epub }
  - { title: two, output: out/2.epub }
  - { title: three, output: out/3.epub }
EOF
for n in 1 2 3; do cp "$tmp/j1/out/life.epub" "$tmp/sig/out/$n.epub"; done
$sheaf build -q -j 2 $opts -c "$tmp/sig/sig.yml" 2>"$tmp/sig.err" &
pid=$!
sleep 1
kill -s TERM $pid
wait $pid
r=$?
check "signal: exit 143" '[ $r -eq 143 ]'
check "signal: message" 'grep -q "^sheaf: interrupted" "$tmp/sig.err"'
check "signal: no temporary file" '[ -z "$(ls "$tmp/sig/out" | grep "\.epub\.")" ]'
# A book finished before the signal may stand; none is half written,
# and one still being built keeps the old book.
check "signal: each book the old one or a whole new one" \
	'(for n in 1 2 3; do cmp -s "$tmp/j1/out/life.epub" "$tmp/sig/out/$n.epub" ||
	    unzip -tq "$tmp/sig/out/$n.epub" >/dev/null 2>&1 || exit 1; done)'
check "signal: the book being built at the time kept the old one" \
	'cmp -s "$tmp/j1/out/life.epub" "$tmp/sig/out/3.epub"'
sleep 0.3
check "signal: no child left running" \
	'! ps -eo args | grep -v grep | grep -qF "$tmp/sig/sig.yml"'

echo "e2e_collections: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
