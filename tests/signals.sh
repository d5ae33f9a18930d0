#!/bin/sh
# Interrupting a build: SIGINT, SIGTERM or SIGHUP at a range of
# moments (walking, converting, zipping) must leave no temporary file
# and the existing book byte-identical, and exit 128 + the signal; a
# build the signal came too late for must have written a whole book.
set -u
cd "$(dirname "$0")/.." || exit 1
sheaf=$(pwd)/build/sheaf
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
pass=0 fail=0 stopped=0
bad() { fail=$((fail + 1)); echo "FAIL: signals: $*"; }

mkdir "$t/in"
i=0
while [ $i -lt 1500 ]; do
	cp seeds/000_2386ec0c31876145.md "$t/in/a$i.md"
	i=$((i + 1))
done
export XDG_CACHE_HOME="$t/xdg"	# and --offline: no traffic leaves
"$sheaf" build -q --offline seeds -o "$t/good.epub" 2>/dev/null || { bad "no good book"; exit 1; }

for sig in INT TERM HUP; do
	for delay in 0.05 0.2 0.5 0.9 1.4; do
		cp "$t/good.epub" "$t/out.epub"
		"$sheaf" build -q --offline "$t/in" -o "$t/out.epub" \
		    2>"$t/err" &
		pid=$!
		sleep $delay
		kill -s $sig $pid 2>/dev/null
		wait $pid
		rc=$?
		case $sig in INT) want=130 ;; TERM) want=143 ;; HUP) want=129 ;; esac
		if [ $rc -eq $want ]; then
			stopped=$((stopped + 1))
			cmp -s "$t/good.epub" "$t/out.epub" ||
				bad "$sig after ${delay}s: the old book changed"
			grep -q "^sheaf: interrupted" "$t/err" ||
				bad "$sig after ${delay}s: no message"
		elif [ $rc -eq 0 ]; then
			unzip -tq "$t/out.epub" >/dev/null 2>&1 ||
				bad "$sig after ${delay}s: exit 0, broken book"
		else
			bad "$sig after ${delay}s: exit $rc"
			cat "$t/err"
		fi
		ls "$t" | grep -q 'out\.epub\.' &&
			bad "$sig after ${delay}s: temporary file left"
		rm -f "$t"/out.epub.*
		pass=$((pass + 1))
	done
done
[ $stopped -ge 3 ] || bad "only $stopped builds were stopped: too fast to test?"
pass=$((pass - fail))
echo "signals: $pass passed, $fail failed ($stopped builds interrupted)"
[ "$fail" -eq 0 ]
