#!/bin/sh
# The layering of the sources: each #include line of src/*.c, src/*.h
# and include/*.h against the rules below, drawn from DESIGN.md (each
# stage hands the next a plain data structure, no stage reaches back;
# main is where the stages meet; check stands apart). A file's module
# is its name up to the first '_' or '.': convert_place.c, convert_int.h
# and include/convert.h are convert, media_sniff.c is media.
#
#   stages  collect convert fetch package   the build, in pipeline
#                                           order; place is in convert
#   check   check                           `sheaf check`, apart
#   main    main                            calls every stage
#   base    any other module: buf xalloc diag text cleanup uuid5 hmap
#           spool template cache book media config assets ...
#
#   rule      who                    must not include
#   one-way   a stage's file         the header of an earlier stage
#   internal  all but src/S*         src/S_int.h (S's unit test may)
#   check     check's file           a stage's header
#   apart     a stage's or base file include/check.h
#   base      a base header          a stage's header or check.h
#
# Prints each include that breaks a rule as FILE:LINE, then
# "layering: N passed, N failed", one count per rule.
set -u
cd "$(dirname "$0")/.." || exit 1
stages="collect convert fetch package"

grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*["<]' \
    src/*.c src/*.h include/*.h |
awk -v stages="$stages" '
function module(path,	m) {
	m = path
	sub(/.*\//, "", m)
	sub(/[_.].*/, "", m)
	return m
}
function broke(rule, why) {
	printf "%s:%s: includes %s: %s: %s\n", file, line, hdr, rule, why
	failed[rule] = 1
}
BEGIN {
	n = split(stages, s, " ")
	for (i = 1; i <= n; i++) {
		rank[s[i]] = i
		order = order (i > 1 ? " -> " : "") s[i]
	}
	nrules = split("one-way internal check apart base", rules, " ")
}
{
	# FILE:LINE:#include "HDR" or <HDR>
	file = $0
	sub(/:.*/, "", file)
	line = $0
	sub(/^[^:]*:/, "", line)
	sub(/:.*/, "", line)
	hdr = $0
	sub(/^[^"<]*["<]/, "", hdr)
	sub(/[">].*/, "", hdr)
	if (hdr ~ /\//)
		next			# <libxml/parser.h> and the like
	mod = module(file)
	hmod = module(hdr)
	int_hdr = hdr ~ /_int\.h$/
	stage_hdr = !int_hdr && hdr == hmod ".h" && hmod in rank
	check_hdr = hdr == "check.h"

	if (int_hdr && !(file ~ /^src\// && mod == hmod))
		broke("internal", "src/" hdr " is for src/" hmod "* only")
	if (stage_hdr && mod in rank && rank[hmod] < rank[mod])
		broke("one-way", "a stage reaches no stage before it (" \
		    order ")")
	if (stage_hdr && mod == "check")
		broke("check", "check includes no header of the build")
	if (check_hdr && mod != "check" && mod != "main")
		broke("apart", "only check and main include check.h")
	if ((stage_hdr || check_hdr) && file ~ /^include\// &&
	    !(mod in rank) && mod != "check" && mod != "main")
		broke("base", "a base header includes no stage header")
}
END {
	for (i = 1; i <= nrules; i++)
		if (rules[i] in failed)
			nfail++
		else
			npass++
	printf "layering: %d passed, %d failed\n", npass, nfail
	exit nfail > 0
}'
