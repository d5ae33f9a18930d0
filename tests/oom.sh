#!/bin/sh
# Out of memory anywhere: build/allocfail.so (from
# tests/faults/allocfail.c, loaded with LD_PRELOAD) fails the N-th
# allocation of a small build, whoever makes it: sheaf, libxml2,
# libyaml, libzip, md4c, ICU or the C library. Every run must end
# either in exit 1 with one message saying memory ran out, the
# existing book byte-identical and no temporary file left, or in
# exit 0 with the very book a build with memory to spare makes. Never
# a crash. N walks the first 200 allocations and the last 10 (around
# the rename that commits the book) one by one, then the rest with a
# stride, for at most OOM_SECONDS (60); OOM_ALL=1 walks every
# allocation, however long it takes.
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/lib.sh
t=$tmp
shim=$(pwd)/build/allocfail.so
if ldd "$sheaf" | grep -q libasan; then
	# ASan's allocator cannot sit behind another malloc.
	echo "skip: oom: sheaf is built with ASan"
	echo "oom: 0 passed, 0 failed"
	exit 0
fi
export SOURCE_DATE_EPOCH=1600000000
off="--offline --cache-dir $t/cache"	# mktemp -d: no spaces in $t

# Front matter, Markdown and HTML bodies, a local image, two chapters.
mkdir "$t/in" "$t/out"
cp tests/fixtures/convert/dot.png "$t/in/"
cat >"$t/in/a.md" <<'END'
---
title: "First & <one>"
date: 2021-03-04
categories: [Notes, 日本]
tags: [a, b]
author: Someone
---

# Heading

Some *text* with a [link](#x) and 日本語の文章。

![a dot](dot.png)

- one
- two
END
cat >"$t/in/b.html" <<'END'
---
title: Second
date: 2021-03-05
categories: [Notes]
---
<p id="x">HTML <b>body</b><script>x()</script>
<a href="javascript:y()">j</a></p><div><img src="dot.png" alt=""></div>
END
"$sheaf" build -q $off "$t/in/a.md" -o "$t/old.epub" &&
    SHEAF_FAIL_ALLOC_COUNT="$t/count" LD_PRELOAD="$shim" \
    "$sheaf" build -q $off "$t/in" -o "$t/good.epub" ||
	{ bad "no good book"; exit 1; }
total=$(cat "$t/count")
[ "$total" -gt 500 ] || { bad "only $total allocations counted"; exit 1; }

if [ "${OOM_ALL:-0}" = 1 ]; then
	stride=1 limit=1000000
else
	stride=$(((total - 200) / 250 + 1)) limit=${OOM_SECONDS:-60}
fi
oom='^sheaf: (.*: )?error: (out of memory|.*: Cannot allocate memory)$'
start=$(date +%s)
runs=0 failed=0
for n in $(awk -v t="$total" -v s="$stride" 'BEGIN {
    for (n = 1; n <= t + 1; n++)
	if (n <= 200 || n > t - 10) print n
    for (n = 201; n <= t - 10; n += s) print n }'); do
	[ $(($(date +%s) - start)) -lt $limit ] || break
	what="allocation $n of $total"
	cp "$t/old.epub" "$t/out/book.epub"
	SHEAF_FAIL_ALLOC=$n LD_PRELOAD="$shim" \
	    "$sheaf" build -q $off "$t/in" -o "$t/out/book.epub" 2>"$t/err"
	rc=$?
	case $rc in
	0)	cmp -s "$t/good.epub" "$t/out/book.epub" ||
		    { bad "$what: exit 0 with another book"; cat "$t/err"; } ;;
	1)	failed=$((failed + 1))
		[ "$(wc -l <"$t/err")" -eq 1 ] &&
		    grep -qE "$oom" "$t/err" ||
			{ bad "$what: messages"; cat "$t/err"; }
		cmp -s "$t/old.epub" "$t/out/book.epub" ||
			bad "$what: the old book changed" ;;
	*)	bad "$what: exit $rc"; cat "$t/err" ;;
	esac
	[ "$(ls -A "$t/out")" = book.epub ] ||
		bad "$what: left $(ls -A "$t/out" | tr '\n' ' ')"
	runs=$((runs + 1))
done
[ $runs -ge 100 ] || bad "only $runs runs in ${limit}s"
[ $failed -ge $((runs / 2)) ] || bad "only $failed of $runs runs ran out"
pass=$((runs - fail))
echo "oom: $pass passed, $fail failed ($runs runs over $total allocations," \
    "$failed out of memory)"
[ "$fail" -eq 0 ]
