#!/bin/sh
# table.sh ROWS SVG: the bench table (markdown, on stdout), the targets
# of issue 7 and the plot, from the rows tests/bench/bench.sh wrote:
# N, sheaf wall, CPU, RSS KiB, floor wall, CPU, RSS, pandoc wall, CPU,
# RSS ("-" when not run), epubcheck result, warm rebuild wall, CPU,
# RSS and whether its book is the same as a cold one.
set -u
rows=$1 svg=$2
awk -v svg="$svg" -v cpus="$(nproc)" '
function yes(c) { return c ? "yes" : "**no**" }
function fmt(x) { return x == "-" ? "—" : sprintf("%.2f", x) }
{ n[NR] = $1; sw[NR] = $2; sc[NR] = $3; sr[NR] = $4; fw[NR] = $5
  pw[NR] = $8; pc[NR] = $9; ck[NR] = $11; ww[NR] = $12; wr[NR] = $14
  wsame[NR] = $15; at[$1] = NR }
END {
	print "| N | sheaf wall s | sheaf CPU s | sheaf peak RSS MiB | warm rebuild wall s | floor wall s | pandoc wall s | pandoc CPU s | sheaf / floor (wall) | pandoc / sheaf (wall) | pandoc / sheaf (CPU) | cold / warm | epubcheck |"
	print "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
	for (i = 1; i <= NR; i++)
		printf "| %d | %.2f | %.2f | %.1f | %.2f | %.2f | %s | %s | %.2f× | %s | %s | %.1f× | %s |\n",
		    n[i], sw[i], sc[i], sr[i] / 1024, ww[i], fw[i], fmt(pw[i]), fmt(pc[i]),
		    sw[i] / fw[i], pw[i] == "-" ? "—" : sprintf("%.0f×", pw[i] / sw[i]),
		    pc[i] == "-" ? "—" : sprintf("%.0f×", pc[i] / sc[i]), sw[i] / ww[i], ck[i]
	print ""
	print "| target | measured | holds |"
	print "|---|---|---|"
	for (i = 1; i <= NR; i++) {
		printf "| N=%d: wall ≤ 1.5× floor | %.2f× | %s |\n", n[i], sw[i] / fw[i], yes(sw[i] <= 1.5 * fw[i])
		lim = n[i] <= 1000 ? 64 : 128
		printf "| N=%d: peak RSS ≤ %d MiB | %.1f MiB | %s |\n", n[i], lim, sr[i] / 1024, yes(sr[i] <= lim * 1024)
		want = n[i] >= 10000 ? 100 : n[i] >= 1000 ? 25 : 0
		if (want && pw[i] != "-")
			printf "| N=%d: ≥ %d× faster than pandoc | %.0f× wall (%.0f× CPU) | %s |\n", n[i], want, pw[i] / sw[i], pc[i] / sc[i], yes(pw[i] >= want * sw[i])
		else if (want)
			printf "| N=%d: ≥ %d× faster than pandoc | not run | — |\n", n[i], want
		printf "| N=%d: epubcheck, no error or warning | %s | %s |\n", n[i], ck[i], ck[i] == "skipped" ? "—" : yes(ck[i] == "pass")
		if (n[i] >= 10000)
			printf "| N=%d: warm rebuild (one article changed) ≥ 5× faster than cold | %.1f× (%.2f s, %.1f MiB) | %s |\n", n[i], sw[i] / ww[i], ww[i], wr[i] / 1024, yes(sw[i] >= 5 * ww[i])
		printf "| N=%d: warm book byte-identical to a cold build | %s | %s |\n", n[i], wsame[i], yes(wsame[i] == "same")
	}
	if ((1000 in at) && (10000 in at)) {
		r = sw[at[10000]] / sw[at[1000]]
		printf "| t(10000) / t(1000) ≤ 11 | %.2f wall (%.2f CPU) | %s |\n", r, sc[at[10000]] / sc[at[1000]], yes(r <= 11)
	}
	printf "\n%d cores; wall and CPU seconds, measured one after the other in one run.\n", cpus

	# The plot: seconds per 1000 articles against N (log scale): sheaf
	# wall and CPU, floor wall; a flat line is a linear cost.
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
	for (c = 0; c < 3; c++) {
		col = c == 2 ? "#2471a3" : c ? "#888888" : "#c0392b"; pts = ""
		for (i = 1; i <= NR; i++) {
			x = L + (W - L - R) * (log(n[i]) / log(10) - xmin) / (xmax - xmin)
			v = c == 2 ? 1000 * sc[i] / n[i] : c ? f[i] : s[i]
			y = H - B - (H - B - T) * v / ymax
			pts = pts sprintf("%.1f,%.1f ", x, y)
			printf "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", x, y, col > svg
			if (!c)
				printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n", x, H - B + 14, n[i] > svg
		}
		printf "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n", pts, col > svg
		ly[c] = y + 4; lc[c] = col
		lt[c] = c == 2 ? "sheaf CPU" : c ? "floor wall" : "sheaf wall"
	}
	# The labels at the line ends, moved apart where they would meet.
	for (k = 0; k < 3; k++)
		for (c = 0; c < 2; c++)
			if (ly[c] > ly[c + 1]) {
				t = ly[c]; ly[c] = ly[c + 1]; ly[c + 1] = t
				t = lc[c]; lc[c] = lc[c + 1]; lc[c + 1] = t
				t = lt[c]; lt[c] = lt[c + 1]; lt[c + 1] = t
			}
	for (c = 1; c < 3; c++)
		if (ly[c] < ly[c - 1] + 13)
			ly[c] = ly[c - 1] + 13
	for (c = 0; c < 3; c++)
		printf "<text x=\"%d\" y=\"%.1f\" fill=\"%s\">%s</text>\n", W - R + 8, ly[c], lc[c], lt[c] > svg
	print "</svg>" > svg
}' "$rows"
