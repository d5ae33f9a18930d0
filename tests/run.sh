#!/bin/sh
# make check: run every unit test, the golden files they and the
# end-to-end builds write (tests/golden.sh), the end-to-end builds,
# the bad-input suite, the fidelity of books to their sources, the
# interruption test, the fault injection
# (I/O errors, out of memory), the layering of the includes and of
# the calls between a stage's files, and a fuzzing smoke; print one
# "N passed, N failed" line at the end.
#   tests/run.sh [NAME]    (make check T=NAME) one test only:
#     test_convert, convert   the unit test build/test_convert, then the
#                             golden files it writes
#     e2e_cache, e2e          the shell suite tests/NAME.sh (after
#                             tests/e2e.sh, the golden files it writes)
#     bad/13-nul, bad/13      one case of tests/bad/, or those whose
#                             name starts so
#     golden, layering, hubs, tests/golden.sh alone, tests/layering.sh,
#     fuzz                    tests/hubs.sh, the fuzzing smoke
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

# stage TEST: the folder of tests/golden/ whose outputs TEST writes
# under build/golden/: build/test_S those of S/, tests/e2e.sh those of
# list/; false for a test that writes none.
stage() {
	case $1 in
	tests/e2e.sh)	g=list ;;
	build/test_*)	g=${1#build/test_} ;;
	*)		return 1 ;;
	esac
	[ -d "tests/golden/$g" ] && echo "$g"
}

unit() {	# unit BIN: one unit test, its "ok" lines left out
	if g=$(stage "$1"); then rm -rf "build/golden/$g"; fi
	"$1" >"$log" 2>&1
	rc=$?
	grep -v '^ok ' "$log"
	count "$1"
	[ $rc -eq 0 ] || [ "$f" != 0 ] || { echo "$1: exit $rc"; fail=$((fail + 1)); }
}

# suite SCRIPT [ARG...]: one shell suite; after tests/e2e.sh, the
# golden files it wrote.
suite() {
	if g=$(stage "$1"); then rm -rf "build/golden/$g"; fi
	sh "$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	count "$1"
	[ $rc -eq 0 ] || [ "$f" != 0 ] || { echo "$1: exit $rc"; fail=$((fail + 1)); }
	if g=$(stage "$1"); then suite tests/golden.sh "$g"; fi
}

# A short fuzzing smoke over the seed corpora, where clang can build it.
fuzz() {
	if command -v clang >/dev/null 2>&1 &&
	    ${MAKE:-make} -s fuzz-build >"$log" 2>&1; then
		suite tests/fuzz/run.sh "${FUZZ_SMOKE:-5}"
	else
		echo "skip: fuzz smoke (clang with libFuzzer not available)"
	fi
}

all() {
	stages=
	for t in build/test_*; do
		[ -x "$t" ] || continue
		unit "$t"
		if g=$(stage "$t"); then stages="$stages $g"; fi
	done
	# shellcheck disable=SC2086
	[ -z "$stages" ] || suite tests/golden.sh $stages
	for t in tests/layering.sh tests/hubs.sh tests/e2e.sh \
	    tests/typography.sh tests/e2e_*.sh tests/bad.sh tests/fidelity.sh \
	    tests/signals.sh tests/faults.sh tests/oom.sh; do
		suite "$t"
	done
	fuzz
}

one() {		# one NAME: the test NAME names, as above
	n=${1%.sh}
	n=${n#tests/}
	n=${n#build/}
	case $n in
	fuzz)	fuzz ;;
	bad/*)	suite tests/bad.sh "${n#bad/}" ;;
	*)	b=build/test_${n#test_}
		if [ -x "$b" ]; then
			unit "$b"
			if g=$(stage "$b"); then suite tests/golden.sh "$g"; fi
		elif [ -f "tests/$n.sh" ] && [ "$n" != lib ] &&
		    [ "$n" != run ] && [ "$n" != imgserver ]; then
			suite "tests/$n.sh"
		else
			echo "run.sh: no test $1: give a unit test (test_convert," \
			    "convert), a suite (e2e_cache) or a bad-input case" \
			    "(bad/13-nul)" >&2
			exit 2
		fi ;;
	esac
}

if [ $# -eq 0 ]; then
	all
else
	for t; do
		one "$t"
	done
fi
echo "check: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
