#!/bin/sh
# make check: run every unit test (with their golden files), then the
# end-to-end builds, the bad-input suite and the interruption test;
# print one "N passed, N failed" line at the end.
set -u
cd "$(dirname "$0")/.." || exit 1
pass=0 fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count() {	# add the "N passed, N failed" line of a log to the totals
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	p=$(printf '%s\n' "$line" | grep -oE '[0-9]+ passed' | cut -d' ' -f1)
	f=$(printf '%s\n' "$line" | grep -oE '[0-9]+ failed' | cut -d' ' -f1)
	if [ -z "$line" ]; then
		echo "$1: no summary line (crashed?)"
		fail=$((fail + 1))
		return
	fi
	pass=$((pass + p)) fail=$((fail + f))
}

for t in build/test_*; do
	[ -x "$t" ] || continue
	"$t" >"$log" 2>&1
	rc=$?
	grep -v '^ok ' "$log"
	count "$t"
	[ $rc -eq 0 ] || [ "$f" != 0 ] || { echo "$t: exit $rc"; fail=$((fail + 1)); }
done
for s in tests/e2e.sh tests/typography.sh tests/e2e_*.sh tests/bad.sh \
    tests/signals.sh; do
	sh "$s" >"$log" 2>&1
	rc=$?
	cat "$log"
	count "$s"
	[ $rc -eq 0 ] || [ "$f" != 0 ] || { echo "$s: exit $rc"; fail=$((fail + 1)); }
done

# A short fuzzing smoke over the seed corpora, where clang can build it.
if command -v clang >/dev/null 2>&1 &&
    ${MAKE:-make} -s fuzz-build >"$log" 2>&1; then
	sh tests/fuzz/run.sh "${FUZZ_SMOKE:-5}" >"$log" 2>&1
	rc=$?
	cat "$log"
	count tests/fuzz/run.sh
	[ $rc -eq 0 ] || [ "$f" != 0 ] || { echo "fuzz: exit $rc"; fail=$((fail + 1)); }
else
	echo "skip: fuzz smoke (clang with libFuzzer not available)"
fi

echo "check: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
