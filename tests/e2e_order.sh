#!/bin/sh
# The same inputs give the same book, byte for byte, whatever order
# the file system lists them in: the articles and folders are copied
# into two folders in opposite orders, on a tmpfs (/dev/shm), which
# lists a folder in the order its entries were made (ext4 lists by
# name hash, the same both times). Among them, articles with the same
# date and the same title. Builds with SOURCE_DATE_EPOCH set, under
# several groupings and orders, must be equal.
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/lib.sh
export SOURCE_DATE_EPOCH=1600000000

if [ -d /dev/shm ] && [ -w /dev/shm ] &&
    base=$(mktemp -d -p /dev/shm sheaf-order.XXXXXX); then
	trap 'rm -rf "$tmp" "$base"' EXIT
else
	base=$tmp
fi
src=$tmp/src
mkdir -p "$src"
cp -R seeds "$src/seeds"
cp -R tests/fixtures/collect/blog "$src/blog"
for i in 1 2 3; do
	printf -- '---\ntitle: Twin\ndate: 2020-02-02\ncategories: [Twins]\n' \
	    >"$src/blog/twin-$i.md"
	printf -- '---\n\nTwin %d.\n' $i >>"$src/blog/twin-$i.md"
done

# copy ORDER TO: every folder and file of $src, in sort ORDER.
copy() {
	(cd "$src" && find . -type d | sort $1) | while read -r d; do
		mkdir -p "$2/$d"
	done
	(cd "$src" && find . -type f | sort $1) | while read -r f; do
		cp "$src/$f" "$2/$f"
	done
}
copy "" "$base/1/in"
copy -r "$base/2/in"
if [ "$(ls -f "$base/1/in/blog")" = "$(ls -f "$base/2/in/blog")" ]; then
	echo "skip: order: no file system here lists entries as made"
	echo "order: 0 passed, 0 failed"
	exit 0
fi

n=0
for opts in "" "--group-by dir" "--group-by tag --order title" \
    "--group-by none --order -date"; do
	n=$((n + 1))
	for i in 1 2; do
		$sheaf build -q --offline --cache-dir "$tmp/cache" \
		    --title Order $opts "$base/$i/in" -o "$tmp/$n-$i.epub" \
		    2>"$tmp/err" ||
			{ bad "order: build $i with '$opts'"; cat "$tmp/err"; }
	done
	check "order: same book with '$opts'" \
	    'cmp -s "$tmp/$n-1.epub" "$tmp/$n-2.epub"'
done
check "order: epubcheck" 'epubcheck "$tmp/1-1.epub"'
echo "order: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
