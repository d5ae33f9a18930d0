#!/bin/sh
# Run each fuzz target for SECONDS (default 60) over its seed corpus:
# tests/fuzz/corpus/TARGET plus the matching inputs already in the
# repository. New inputs go to build/fuzz/corpus/TARGET; crashes to
# build/fuzz/crashes/, to be turned into files under tests/bad/ or
# tests/fuzz/corpus/. Exit 1 when a target fails.
set -u
cd "$(dirname "$0")/../.." || exit 1
secs=${1:-60}
pass=0 fail=0
for t in frontmatter date html markdown image; do
	bin=build/fuzz/fuzz_$t
	out=build/fuzz/corpus/$t
	mkdir -p "$out" build/fuzz/crashes
	case $t in
	frontmatter)	seeds="seeds tests/fixtures/collect tests/bad" ;;
	html)		seeds="tests/golden/convert tests/bad" ;;
	markdown)	seeds="seeds tests/golden/convert" ;;
	*)		seeds= ;;
	esac
	# -rss_limit_mb and -timeout catch blow-ups and hangs as crashes.
	if "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 \
	    -max_len=65536 -print_final_stats=1 \
	    -artifact_prefix=build/fuzz/crashes/$t- "$out" \
	    tests/fuzz/corpus/$t $seeds >build/fuzz/$t.log 2>&1; then
		echo "fuzz $t: $(grep -o 'stat::number_of_executed_units: [0-9]*' \
		    build/fuzz/$t.log | grep -o '[0-9]*$') runs, no crash"
		pass=$((pass + 1))
	else
		echo "fuzz $t: FAILED (build/fuzz/$t.log)"
		grep -E 'ERROR|invariant|SUMMARY' build/fuzz/$t.log | head -n 5
		fail=$((fail + 1))
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
