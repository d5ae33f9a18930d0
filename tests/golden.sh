#!/bin/sh
# The golden files: each output a test wrote under build/golden/STAGE/
# is diffed against the file of the same name in tests/golden/STAGE/
# (NAME.out, NAME.xhtml, NAME.yml; NAME.err the messages, where none
# is the same as an empty file). The tests write the outputs:
# build/test_collect the dumps of collect/, build/test_convert the
# documents and warnings of convert/, tests/e2e.sh the `sheaf list`
# plans of list/; tests/run.sh runs this script after them.
#   tests/golden.sh [STAGE...]    every stage of tests/golden/ by default
# UPDATE=1 copies each output that differs over its golden file.
# Prints "golden: N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 1
pass=0 fail=0
update=${UPDATE:-}

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: golden $*"; }
copy() { if cp "$1" "$2"; then ok; else bad "cannot write $2"; fi; }

# names STAGE: the golden files of STAGE and the outputs written for
# it, each name once. The inputs beside them (NAME.md, NAME.html) are
# neither.
names() {
	{ (cd "tests/golden/$1" 2>/dev/null &&
	    ls -- *.out *.xhtml *.err *.yml 2>/dev/null)
	(cd "build/golden/$1" 2>/dev/null && ls); } | sort -u
}

[ $# -gt 0 ] || set -- $(ls tests/golden)
for stage; do
	want=tests/golden/$stage got=build/golden/$stage
	for n in $(names "$stage"); do
		if [ -f "$got/$n" ] && [ -f "$want/$n" ]; then
			if diff -u "$want/$n" "$got/$n"; then
				ok
			elif [ "$update" = 1 ]; then
				copy "$got/$n" "$want/$n"
			else
				bad "$stage/$n (UPDATE=1 rewrites it)"
			fi
		elif [ -f "$want/$n" ]; then
			bad "$stage/$n: no output $got/$n"
		elif [ ! -s "$got/$n" ] && [ "${n%.err}" != "$n" ]; then
			:	# no messages, and none expected
		elif [ "$update" = 1 ]; then
			copy "$got/$n" "$want/$n"
		else
			bad "$stage/$n: no golden file (UPDATE=1 writes it)"
		fi
	done
done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
