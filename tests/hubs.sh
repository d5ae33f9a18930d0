#!/bin/sh
# No calls that climb back up: each stage's hub object build/obj/S.o
# runs its leaves build/obj/S_*.o, and a leaf it calls never takes a
# symbol from it (nm). Helpers the leaves share live in leaves of
# their own (convert_url.c, package_xml.c, check_xml.c, ...). A leaf
# the hub does not call may use the hub, as convert_jobs.c, which runs
# the whole book, uses convert.c for each article.
#
# Prints each leaf that climbs as "LEAF -> HUB: SYMBOLS", then
# "hubs: N passed, N failed", one count per hub.
set -u
cd "$(dirname "$0")/.." || exit 1
obj=${1:-build/obj}	# or another folder of objects
cd "$obj" 2>/dev/null || { echo "hubs: no $obj: build sheaf first"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

syms() {	# syms FLAGS OBJ: the global symbols nm lists, sorted
	nm $1 "$2" | awk '{ print $NF }' | sort -u
}

for hub in *.o; do
	s=${hub%.o}
	ls "$s"_*.o >/dev/null 2>&1 || continue
	syms "-g --defined-only" "$hub" >"$tmp/hubdef"
	syms -u "$hub" >"$tmp/hubund"
	bad=0
	for leaf in "$s"_*.o; do
		syms "-g --defined-only" "$leaf" >"$tmp/leafdef"
		# Does the hub call into this leaf at all?
		[ -n "$(comm -12 "$tmp/hubund" "$tmp/leafdef")" ] || continue
		up=$(syms -u "$leaf" | comm -12 - "$tmp/hubdef")
		[ -z "$up" ] && continue
		echo "$leaf -> $hub:" $up
		bad=1
	done
	if [ $bad -eq 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "hubs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
