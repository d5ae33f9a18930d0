#!/bin/sh
# The bad-input suite: one folder per case of the reliability
# catalogue, laid out like epubcheck's feature files.
#   tests/bad/CASE/in/      the input (gen, when present, adds what is
#                           too big or too odd to keep in the repo)
#   tests/bad/CASE/args     extra arguments (optional; may give -o)
#   tests/bad/CASE/expect   "exit N", then one extended regex per line
#                           of standard error, in order, and no other
#   tests/bad/CASE/no-epubcheck  a pathological case too big for
#                           epubcheck: its zip is tested instead
# Every case starts with a good book at its output path: after a
# failure it must be byte-identical, with no temporary file left; a
# success must pass epubcheck. No case may leak /etc/passwd.
#   tests/bad.sh [CASE...]    every case by default; a CASE given as
#                             13-nul or 13 runs tests/bad/13-nul, or
#                             every case whose name starts 13
set -u
cd "$(dirname "$0")/.." || exit 1
dirs=
for c; do
	c=${c#tests/}
	c=${c#bad/}
	c=${c%/}
	if [ -d "tests/bad/$c" ]; then
		dirs="$dirs tests/bad/$c/"
	elif ls -d "tests/bad/$c"*/ >/dev/null 2>&1; then
		dirs="$dirs $(ls -d "tests/bad/$c"*/)"
	else
		echo "bad: no case tests/bad/$c" >&2
		exit 2
	fi
done
src=$(pwd)
sheaf=$src/build/sheaf
vmax=1048576	# KiB of address space for one build
nm "$sheaf" 2>/dev/null | grep -q __asan_init && vmax=unlimited
jar=$(dpkg -L epubcheck 2>/dev/null | grep 'epubcheck\.jar$' | head -n 1)
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
pass=0 fail=0
bad() { fail=$((fail + 1)); echo "FAIL: $c: $*"; }

export XDG_CACHE_HOME="$work/xdg"
"$sheaf" build -q --offline seeds -o "$work/good.epub" 2>/dev/null || { echo "bad: no good book"; exit 1; }

for dir in ${dirs:-tests/bad/*/}; do
	c=$(basename "$dir")
	t=$work/$c
	mkdir -p "$t"
	cp -R "$dir/in" "$t/in"
	rm -f "$t/in/.keep"
	if [ -x "$dir/gen" ] && ! (cd "$t" && SHEAF_SRC=$src "$src/$dir/gen"); then
		bad "gen failed"
		continue
	fi
	args=
	[ -f "$dir/args" ] && args=$(cat "$dir/args")
	case " $args " in
	*" -o "*) out=$(printf '%s\n' "$args" | sed -E 's/.*-o ([^ ]+).*/\1/') ;;
	*) out=out.epub args="$args -o out.epub" ;;
	esac
	[ -d "$t/$out" ] || [ -f "$t/$out" ] || [ ! -d "$(dirname "$t/$out")" ] ||
		cp "$work/good.epub" "$t/$out"
	[ -f "$t/$out" ] && cp "$t/$out" "$t/before"
	# Bounded time and memory: a hang or a blow-up is a failure
	# (address space only without AddressSanitizer, which reserves
	# terabytes of shadow memory at start). Offline, with a cache of
	# its own: no traffic leaves the machine.
	(cd "$t" && ulimit -v $vmax && exec timeout 60 "$sheaf" build -q \
	    --offline --cache-dir "$t/cache" in $args) >/dev/null 2>"$t/err"
	rc=$?
	want=$(sed -n '1s/^exit //p' "$dir/expect")
	[ "$rc" = "$want" ] || bad "exit $rc, want $want"
	# Each line of stderr against the next pattern; none left over.
	sed 1d "$dir/expect" >"$t/pats"
	n=$(wc -l <"$t/err") m=$(wc -l <"$t/pats")
	[ "$n" -eq "$m" ] || bad "$n messages, want $m"
	i=1
	while [ $i -le "$n" ] && [ $i -le "$m" ]; do
		line=$(sed -n "${i}p" "$t/err")
		pat=$(sed -n "${i}p" "$t/pats")
		printf '%s\n' "$line" | grep -qE -- "$pat" ||
			bad "message $i: '$line' !~ /$pat/"
		i=$((i + 1))
	done
	if [ "$rc" -ne 0 ]; then
		if [ -f "$t/before" ] && ! cmp -s "$t/before" "$t/$out"; then
			bad "the existing file was changed"
		fi
	elif [ -f "$dir/no-epubcheck" ]; then
		unzip -tq "$t/$out" >/dev/null 2>&1 || bad "broken zip"
	elif [ -n "$jar" ]; then
		java -jar "$jar" -q --failonwarnings "$t/$out" >"$t/ec" 2>&1 ||
			{ bad "epubcheck"; head -n 5 "$t/ec"; }
	fi
	ls -a "$t" "$t/$(dirname "$out")" 2>/dev/null | grep -q '\.epub\.' &&
		bad "temporary file left"
	[ -f "$t/$out" ] && unzip -p "$t/$out" 2>/dev/null | grep -q 'root:x:0:' &&
		bad "/etc/passwd leaked into the book"
	[ "$fail" -eq 0 ] || [ -n "${seen:-}" ] || { seen=1; cat "$t/err"; }
	pass=$((pass + 1))
done
pass=$((pass - fail))
echo "bad: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
