#!/bin/sh
# make bench [N="1000 10000"]: sheaf against the floor and pandoc on
# synthetic corpora from ../shared/bench/gencorpus.py (cached under
# build/bench/). For each N it times, one after the other on the same
# machine:
#   sheaf   build -q CORPUS -o BOOK (all cores), then epubcheck on BOOK
#   floor   zip -0 of the inputs + zip -6 of the text files +
#           xmllint --html --noout of the bodies, on one core
#   pandoc  -f html, each article as its own HTML file
# and prints a table of the times, the ratios and whether each target
# of issue 7 holds. Times are wall seconds; compare ratios, not times.
# PANDOC=skip leaves pandoc out (it takes minutes at N=10000).
# The curve (seconds per 1000 articles against N) goes to docs/bench.svg.
set -u
cd "$(dirname "$0")/../.." || exit 1
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
	if ! measure "sheaf$n" $sheaf build -q "$out/c$n" -o "$out/sheaf$n.epub"; then
		cat "$out/sheaf$n.err"; echo "bench: sheaf failed at N=$n"; exit 1
	fi
	echo "bench: N=$n: floor" >&2
	measure "floor$n" sh tests/bench/floor.sh "$out/c$n" "$PWD/$out/h$n" ||
	    { echo "bench: the floor commands failed at N=$n"; exit 1; }
	echo "bench: N=$n: pandoc" >&2
	if [ "$pandoc" != skip ]; then
		(cd "$out/h$n" && find . -maxdepth 1 -name '*.html' | sort |
		    /usr/bin/time -f '%e %U %S %M' -o "../pandoc$n.time" \
		    xargs -x -s 2000000 pandoc -f html -t epub3 -o "../pandoc$n.epub" \
		    >/dev/null 2>"../pandoc$n.err")
		awk '{ printf "%.3f %.3f %d\n", $1, $2 + $3, $4 }' "$out/pandoc$n.time" >"$out/pandoc$n.res"
	else
		echo "- - -" >"$out/pandoc$n.res"
	fi
	echo "bench: N=$n: epubcheck" >&2
	if [ -z "$jar" ]; then
		echo skipped >"$out/check$n.res"
	elif java -jar "$jar" --failonwarnings "$out/sheaf$n.epub" >"$out/check$n.log" 2>&1; then
		echo pass >"$out/check$n.res"
	else
		echo FAIL >"$out/check$n.res"
	fi
	rows="$rows $n"
done

# The table, the targets and the plot, from the .res files of this run.
for n in $rows; do
	printf '%s %s %s %s %s\n' "$n" "$(cat "$out/sheaf$n.res")" \
	    "$(cat "$out/floor$n.res")" "$(cat "$out/pandoc$n.res")" \
	    "$(cat "$out/check$n.res")"
done >"$out/rows"
awk -v svg=docs/bench.svg -v cpus="$(nproc)" '
function yes(c) { return c ? "yes" : "**no**" }
function fmt(x) { return x == "-" ? "—" : sprintf("%.2f", x) }
{ n[NR] = $1; sw[NR] = $2; sc[NR] = $3; sr[NR] = $4; fw[NR] = $5
  pw[NR] = $8; ck[NR] = $11; at[$1] = NR }
END {
	print "| N | sheaf wall s | sheaf CPU s | sheaf peak RSS MiB | floor s | pandoc s | sheaf / floor | pandoc / sheaf | epubcheck |"
	print "|---:|---:|---:|---:|---:|---:|---:|---:|---|"
	for (i = 1; i <= NR; i++)
		printf "| %d | %.2f | %.2f | %.1f | %.2f | %s | %.2f× | %s | %s |\n",
		    n[i], sw[i], sc[i], sr[i] / 1024, fw[i], fmt(pw[i]),
		    sw[i] / fw[i], pw[i] == "-" ? "—" : sprintf("%.0f×", pw[i] / sw[i]), ck[i]
	print ""
	print "| target | measured | holds |"
	print "|---|---|---|"
	for (i = 1; i <= NR; i++) {
		printf "| N=%d: wall ≤ 1.5× floor | %.2f× | %s |\n", n[i], sw[i] / fw[i], yes(sw[i] <= 1.5 * fw[i])
		lim = n[i] <= 1000 ? 64 : 128
		printf "| N=%d: peak RSS ≤ %d MiB | %.1f MiB | %s |\n", n[i], lim, sr[i] / 1024, yes(sr[i] <= lim * 1024)
		want = n[i] >= 10000 ? 100 : n[i] >= 1000 ? 25 : 0
		if (want && pw[i] != "-")
			printf "| N=%d: ≥ %d× faster than pandoc | %.0f× | %s |\n", n[i], want, pw[i] / sw[i], yes(pw[i] >= want * sw[i])
		else if (want)
			printf "| N=%d: ≥ %d× faster than pandoc | not run | — |\n", n[i], want
		printf "| N=%d: epubcheck, no error or warning | %s | %s |\n", n[i], ck[i], yes(ck[i] == "pass")
	}
	if ((1000 in at) && (10000 in at)) {
		r = sw[at[10000]] / sw[at[1000]]
		printf "| t(10000) / t(1000) ≤ 11 | %.2f | %s |\n", r, yes(r <= 11)
	}
	printf "\n%d cores; times in wall seconds, measured one after the other in one run.\n", cpus

	# The plot: seconds per 1000 articles against N (log scale).
	W = 480; H = 240; L = 56; R = 110; T = 16; B = 36
	xmin = log(n[1]) / log(10); xmax = log(n[NR]) / log(10)
	if (xmax == xmin) { xmin -= 0.5; xmax += 0.5 }
	ymax = 0
	for (i = 1; i <= NR; i++) {
		s[i] = 1000 * sw[i] / n[i]; f[i] = 1000 * fw[i] / n[i]
		if (s[i] > ymax) ymax = s[i]
		if (f[i] > ymax) ymax = f[i]
	}
	ymax *= 1.2
	printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">\n", W, H > svg
	printf "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H > svg
	printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", L, H - B, W - R, H - B > svg
	printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", L, T, L, H - B > svg
	printf "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">articles (N, log scale)</text>\n", (L + W - R) / 2, H - 4 > svg
	printf "<text x=\"12\" y=\"%d\" transform=\"rotate(-90 12 %d)\" text-anchor=\"middle\">s per 1000 articles</text>\n", (T + H - B) / 2, (T + H - B) / 2 > svg
	for (k = 0; k <= 4; k++) {
		v = ymax * k / 4; y = H - B - (H - B - T) * k / 4
		printf "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.2f</text>\n", L - 4, y + 4, v > svg
	}
	for (c = 0; c < 2; c++) {
		col = c ? "#888888" : "#c0392b"; pts = ""
		for (i = 1; i <= NR; i++) {
			x = L + (W - L - R) * (log(n[i]) / log(10) - xmin) / (xmax - xmin)
			v = c ? f[i] : s[i]
			y = H - B - (H - B - T) * v / ymax
			pts = pts sprintf("%.1f,%.1f ", x, y)
			printf "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", x, y, col > svg
			if (!c)
				printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n", x, H - B + 14, n[i] > svg
		}
		printf "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n", pts, col > svg
		printf "<text x=\"%d\" y=\"%.1f\" fill=\"%s\">%s</text>\n", W - R + 8, y + 4, col, c ? "floor (1 core)" : "sheaf" > svg
	}
	print "</svg>" > svg
}' "$out/rows" | tee "$out/table.md"
# The deflate level: every level on the text of the first book.
set -- $rows
if [ $# -gt 0 ]; then
	echo
	echo "Text documents of the N=$1 book, deflated one by one:"
	echo
	python3 tests/bench/levels.py "$out/sheaf$1.epub" | tee -a "$out/table.md"
fi
echo "bench: table in $out/table.md, plot in docs/bench.svg" >&2
