#!/bin/sh
# make bench [N="1000 10000"]: sheaf against the floor and pandoc on
# synthetic corpora from ../shared/bench/gencorpus.py (cached under
# build/bench/). For each N it times, one after the other on the same
# machine:
#   sheaf   build -q CORPUS -o BOOK (all cores) with an empty cache,
#           then again with one article changed (warm), then epubcheck
#           on BOOK; the warm book is compared with a cold one
#   floor   zip -0 of the inputs + zip -6 of the text files +
#           xmllint --html --noout of the bodies, on one core
#   pandoc  -f html, each article as its own HTML file
# and prints a table of the times, the ratios and whether each target
# of issue 7 holds. Times are wall seconds; compare ratios, not times.
# PANDOC=skip leaves pandoc out; PANDOC_MAX_N=1000 runs it only up to
# that N (it takes over ten minutes and 14 GB at N=10000); CHECK_MAX_N
# likewise for epubcheck (four minutes and 1 GB at N=10000).
# The curve (seconds per 1000 articles against N) goes to docs/bench.svg.
set -u
cd "$(dirname "$0")/../.." || exit 1
# Fixed times, so that a warm and a cold book can be compared.
export SOURCE_DATE_EPOCH=1700000000
gen=../shared/bench/gencorpus.py
ns=${N:-1000 10000}
out=build/bench
sheaf=build/sheaf

if [ ! -f "$gen" ]; then
	echo "bench: skipped: $gen not found (../shared is absent)"
	exit 0
fi
for t in python3 zip xmllint; do
	command -v $t >/dev/null 2>&1 ||
	    { echo "bench: skipped: $t is not installed"; exit 0; }
done
[ -x /usr/bin/time ] || { echo "bench: skipped: /usr/bin/time (package time) is not installed"; exit 0; }
pandoc=${PANDOC:-}
maxn=${PANDOC_MAX_N:-}
[ -n "$maxn" ] || maxn=1000000000
checkmax=${CHECK_MAX_N:-1000000000}
if [ "$pandoc" != skip ] && ! command -v pandoc >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ]; then
		apt-get install -y -q pandoc >/dev/null 2>&1
	fi
	command -v pandoc >/dev/null 2>&1 || {
		echo "bench: pandoc is not installed (apt-get install pandoc): comparison skipped"
		pandoc=skip; }
fi
jar=$(dpkg -L epubcheck 2>/dev/null | grep 'epubcheck\.jar$' | head -n 1)
mkdir -p "$out" docs

now() { date +%s.%N; }
# measure NAME CMD...: run CMD; NAME.wall NAME.cpu NAME.rss (KiB) in $out
measure() {
	m=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$out/$m.time" "$@" >/dev/null 2>"$out/$m.err"
	rc=$?
	awk '{ printf "%.3f %.3f %d\n", $1, $2 + $3, $4 }' "$out/$m.time" >"$out/$m.res"
	return $rc
}

# corpus N: build/bench/cN (Markdown with HTML bodies, local images)
# and build/bench/hN (the same bodies as HTML files, for pandoc).
corpus() {
	c=$out/c$1 h=$out/h$1
	if [ ! -f "$c/.complete" ]; then
		rm -rf "$c" "$h"
		python3 "$gen" "$c" -n "$1" --seed 1 --images local >/dev/null ||
		    return 1
		touch "$c/.complete"
	fi
	if [ ! -f "$h/.complete" ]; then
		rm -rf "$h"
		mkdir -p "$h"
		ln -s "../c$1/images" "$h/images"
		find "$c" -maxdepth 1 -name '*.md' | sort | xargs awk -v h="$h" '
		FNR == 1 { if (f) close(f); n = FILENAME; sub(/.*\//, "", n);
			sub(/\.md$/, ".html", n); f = h "/" n; fm = 0; body = 0;
			title = "" }
		!body && /^---[ \t]*$/ { if (++fm == 2) { body = 1;
			print "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" title "</title></head><body>" > f }
			next }
		!body && fm == 1 && /^title:/ { title = $0; sub(/^title: *'\''?/, "", title);
			sub(/'\''? *$/, "", title); gsub(/&/, "\\&amp;", title);
			gsub(/</, "\\&lt;", title); next }
		body { print > f }
		END { }' || return 1
		for f in "$h"/*.html; do echo '</body></html>' >>"$f"; done
		touch "$h/.complete"
	fi
}

rows=
for n in $ns; do
	echo "bench: N=$n: corpus" >&2
	corpus "$n" || { echo "bench: cannot make the corpus for N=$n"; exit 1; }
	sync
	# Warm the page cache, so that every contender reads from memory.
	cat "$out/c$n"/*.md "$out/c$n"/images/* >/dev/null 2>&1
	echo "bench: N=$n: sheaf" >&2
	# Cold: an empty cache of converted articles. The cache is the
	# book's, so the warm build writes the same file.
	rm -rf "$out/cache$n"
	if ! measure "sheaf$n" $sheaf build -q --cache-dir "$out/cache$n" \
	    "$out/c$n" -o "$out/book$n.epub"; then
		cat "$out/sheaf$n.err"; echo "bench: sheaf failed at N=$n"; exit 1
	fi
	cp "$out/book$n.epub" "$out/sheaf$n.epub"
	# Warm: the same inputs with one article changed, against a cold
	# build of those inputs.
	echo "bench: N=$n: sheaf, warm" >&2
	one=$(find "$out/c$n" -maxdepth 1 -name '*.md' | sort |
	    sed -n "$((n / 2 + 1))p")
	cp "$one" "$out/one.md"
	echo "One sentence more, for the warm build." >>"$one"
	measure "warm$n" $sheaf build -q --cache-dir "$out/cache$n" \
	    "$out/c$n" -o "$out/book$n.epub" &&
	$sheaf build -q --cache-dir "$out/cold-cache" "$out/c$n" \
	    -o "$out/cold$n.epub" 2>/dev/null
	rc=$?
	rm -rf "$out/cold-cache"
	cp "$out/one.md" "$one"
	[ $rc -eq 0 ] || { cat "$out/warm$n.err"; echo "bench: warm build failed at N=$n"; exit 1; }
	if cmp -s "$out/book$n.epub" "$out/cold$n.epub"; then
		echo same >"$out/same$n.res"
	else
		echo differs >"$out/same$n.res"
	fi
	rm -f "$out/cold$n.epub" "$out/book$n.epub"
	echo "bench: N=$n: floor" >&2
	measure "floor$n" sh tests/bench/floor.sh "$out/c$n" "$PWD/$out/h$n" ||
	    { echo "bench: the floor commands failed at N=$n"; exit 1; }
	echo "bench: N=$n: pandoc" >&2
	if [ "$pandoc" != skip ] && [ "$n" -le "$maxn" ]; then
		(cd "$out/h$n" && find . -maxdepth 1 -name '*.html' | sort |
		    /usr/bin/time -f '%e %U %S %M' -o "../pandoc$n.time" \
		    xargs -x -s 2000000 pandoc -f html -t epub3 -o "../pandoc$n.epub" \
		    >/dev/null 2>"../pandoc$n.err")
		awk '{ printf "%.3f %.3f %d\n", $1, $2 + $3, $4 }' "$out/pandoc$n.time" >"$out/pandoc$n.res"
	else
		echo "- - -" >"$out/pandoc$n.res"
	fi
	echo "bench: N=$n: epubcheck" >&2
	if [ -z "$jar" ] || [ "$n" -gt "$checkmax" ]; then
		echo skipped >"$out/check$n.res"
	# epubcheck 4.2.6 follows the reading order recursively: at N=10000
	# it overflows the default stack of the JVM.
	elif java -Xss512m -jar "$jar" --failonwarnings "$out/sheaf$n.epub" >"$out/check$n.log" 2>&1; then
		echo pass >"$out/check$n.res"
	else
		echo FAIL >"$out/check$n.res"
	fi
	rows="$rows $n"
done

# The table, the targets and the plot, from the .res files of this run.
for n in $rows; do
	printf '%s %s %s %s %s %s %s\n' "$n" "$(cat "$out/sheaf$n.res")" \
	    "$(cat "$out/floor$n.res")" "$(cat "$out/pandoc$n.res")" \
	    "$(cat "$out/check$n.res")" "$(cat "$out/warm$n.res")" \
	    "$(cat "$out/same$n.res")"
done >"$out/rows"
sh tests/bench/table.sh "$out/rows" docs/bench.svg | tee "$out/table.md"
# The deflate level: every level on the text of the first book.
set -- $rows
if [ $# -gt 0 ]; then
	echo
	echo "Text documents of the N=$1 book, deflated one by one:"
	echo
	python3 tests/bench/levels.py "$out/sheaf$1.epub" | tee -a "$out/table.md"
fi
echo "bench: table in $out/table.md, plot in docs/bench.svg" >&2
