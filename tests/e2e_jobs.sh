#!/bin/sh
# -j: the book and the messages are byte-identical for any number of
# threads. Over the seeds; over a generated folder whose articles share
# local images and remote ones (missing offline, then embedded from a
# cache filled by tests/imgserver.py on 127.0.0.1); and over the real
# blogs of the shared corpus when it is here.
cd "$(dirname "$0")/.." || exit 1
. tests/lib.sh
shared=${SHEAF_SHARED:-../shared}
export SOURCE_DATE_EPOCH=1650000000

# same NAME ARGS...: build with -j 1, 2 and 8 (-v: every message) and
# require the three books and the three message logs to be identical;
# epubcheck the last unless NOCHECK=1 (tests/e2e.sh checks the blogs).
same() {
	name=$1
	shift
	for j in 1 2 8; do
		$sheaf build -v -j $j "$@" -o "$tmp/$name-j$j.epub" \
		    2>"$tmp/$name-j$j.err"
		echo "rc=$?" >>"$tmp/$name-j$j.err"
		# Times may differ, and the builds after the first take
		# their articles from the cache.
		sed "s#$tmp/$name-j$j.epub#BOOK#; s/, [0-9.]* s\$/, T s/
		    /note: stages: /d; /articles from the cache\$/d" \
		    "$tmp/$name-j$j.err" \
		    >"$tmp/$name-j$j.msg"
	done
	check "$name: -j 2 and -j 8 give -j 1's book" \
	    'cmp -s "$tmp/$name-j1.epub" "$tmp/$name-j2.epub" && cmp -s "$tmp/$name-j1.epub" "$tmp/$name-j8.epub"'
	check "$name: and its messages" \
	    'cmp -s "$tmp/$name-j1.msg" "$tmp/$name-j2.msg" && cmp -s "$tmp/$name-j1.msg" "$tmp/$name-j8.msg"'
	[ "${NOCHECK:-}" = 1 ] && return 0
	check "epubcheck $name -j 8" 'epubcheck "$tmp/$name-j8.epub"'
}

off="--offline --cache-dir $tmp/offline-cache"
same seeds $off seeds

# Forty articles; article k uses local images k%7 and 10+k%3, remote
# image r(k%5) shared with others, and one of its own.
make -s build/mkimage >/dev/null 2>&1
src=$tmp/src srv=$tmp/srv
mkdir -p "$src/img" "$srv"
for i in 0 1 2 3 4 5 6 10 11 12; do
	build/mkimage png 24 16 $i "$src/img/l$i.png" || bad "mkimage l$i"
done
for i in 0 1 2 3 4; do
	build/mkimage jpg 32 20 $((40 + i)) "$srv/r$i.jpg" || bad "mkimage r$i"
done
k=0
while [ $k -lt 40 ]; do
	cat >"$src/a$k.md" <<EOF
---
title: Article $k
date: 2022-03-$(printf %02d $((k % 28 + 1)))
categories: [c$((k % 4))]
---
Text of article $k.

![local](img/l$((k % 7)).png)

![remote shared](http://img.test/img/r$((k % 5)).jpg)

![local again](img/l$((10 + k % 3)).png)

![remote own](http://img.test/img/own$k.jpg)
EOF
	k=$((k + 1))
done
same mixed-offline $off "$src"
check "mixed: ten local images, remote ones as notes" \
    '[ "$(unzip -Z1 "$tmp/mixed-offline-j1.epub" | grep -c "^EPUB/images/[0-9a-f]\{32\}\.")" = 10 ]'
check "mixed: every missing image named once per use (-v)" \
    '[ "$(grep -c "warning: image not embedded" "$tmp/mixed-offline-j1.err")" = 80 ]'

# Remote images from a cache: the first build fetches from the server.
imgserver "$srv"
$sheaf build -q --cache-dir "$tmp/cache" --allow-private-hosts \
    --image-host-map "img.test=127.0.0.1:$port" "$src" \
    -o "$tmp/fill.epub" 2>/dev/null
kill $srvpid 2>/dev/null
same mixed-cached --offline --cache-dir "$tmp/cache" "$src"
check "mixed: remote images embedded from the cache" \
    '[ "$(unzip -Z1 "$tmp/mixed-cached-j1.epub" | grep -c "^EPUB/images/[0-9a-f]\{32\}\.")" = 15 ]'
check "mixed: no placeholder left" \
    '! unzip -p "$tmp/mixed-cached-j8.epub" "EPUB/text/*.xhtml" | grep -q "sheaf-remote"'

# Collect loads the files of a large folder on several threads: 300
# articles in two folders, with messages spread among them: bad dates,
# drafts skipped, duplicates and a misspelt key.
many=$tmp/many
mkdir -p "$many/a" "$many/b"
k=0
while [ $k -lt 300 ]; do
	d=$many/$([ $((k % 2)) = 0 ] && echo a || echo b)
	case $((k % 37)) in
	0) date="not a date" ;;
	1) date="2023-13-45" ;;
	*) date="2023-01-$(printf %02d $((k % 28 + 1))) 10:00:00" ;;
	esac
	{
		printf -- '---\ntitle: Many %d\ndate: %s\n' $k "$date"
		[ $((k % 53)) = 7 ] && printf 'draft: true\n'
		[ $((k % 61)) = 5 ] && printf 'categoires: typo\n'
		printf -- '---\nBody %d.\n' $((k % 97 == 3 ? 0 : k))
	} >"$d/m$k.md"
	k=$((k + 1))
done
same many $off "$many"
check "many: messages from the loads" \
    '[ "$(grep -c "$many/" "$tmp/many-j1.err")" -gt 10 ]'
for j in 1 2 8; do
	$sheaf list -j $j "$many" >"$tmp/list-j$j" 2>&1
done
check "many: list the same for -j 1, 2 and 8" \
    'cmp -s "$tmp/list-j1" "$tmp/list-j2" && cmp -s "$tmp/list-j1" "$tmp/list-j8"'

if [ -d "$shared/corpus" ]; then
	for blog in PCJ600-hexo_blog lilianweng-lil-log \
	    mosuke5-hugo-blog.mosuke.tech rsshub-page; do
		NOCHECK=1 same "$blog" $off "$shared/corpus/$blog"
	done
else
	echo "skip: $shared/corpus not present"
fi

echo "e2e_jobs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
