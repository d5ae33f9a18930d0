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
while [ $i -lt 1500 ]; do	# a title and body of its own: no duplicate
	{ sed "s/^title: '\(.*\)'/title: '\1 $i'/" \
	    seeds/000_2386ec0c31876145.md; printf '\nCopy %d.\n' $i; } \
	    >"$t/in/a$i.md"
	i=$((i + 1))
done
export XDG_CACHE_HOME="$t/xdg"	# and --offline: no traffic leaves
"$sheaf" build -q --offline seeds -o "$t/good.epub" 2>/dev/null || { bad "no good book"; exit 1; }

# outcome WHAT RC WANT GOOD BOOK: a build stopped (exit WANT) left
# BOOK the bytes of GOOD; one the signal came too late for (exit 0)
# wrote a whole book; nothing else is right. Neither leaves a
# temporary book.
outcome() {
	if [ "$2" -eq "$3" ]; then
		stopped=$((stopped + 1))
		cmp -s "$4" "$5" || bad "$1: the old book changed"
	elif [ "$2" -eq 0 ]; then
		unzip -tq "$5" >/dev/null 2>&1 || bad "$1: exit 0, broken book"
	else
		bad "$1: exit $2"
		cat "$t/err"
	fi
	ls "$5".* >/dev/null 2>&1 && bad "$1: temporary book left"
	rm -f "$5".*
	pass=$((pass + 1))
}

for sig in INT TERM HUP; do
	for delay in 0.05 0.2 0.5 0.9 1.4; do
		cp "$t/good.epub" "$t/out.epub"
		# Cold: from the cache of articles, the build is too quick.
		rm -rf "$t/xdg/sheaf/articles"
		"$sheaf" build -q --offline "$t/in" -o "$t/out.epub" \
		    2>"$t/err" &
		pid=$!
		sleep $delay
		kill -s $sig $pid 2>/dev/null
		wait $pid
		rc=$?
		case $sig in INT) want=130 ;; TERM) want=143 ;; HUP) want=129 ;; esac
		# The first signal may come before sheaf has set its
		# handlers, on a loaded machine: the default action
		# leaves nothing behind either.
		[ $rc -ne $want ] || [ $delay = 0.05 ] ||
		    grep -q "^sheaf: interrupted" "$t/err" ||
			bad "$sig after ${delay}s: no message"
		outcome "$sig after ${delay}s" $rc $want "$t/good.epub" \
		    "$t/out.epub"
	done
done
[ $stopped -ge 3 ] || bad "only $stopped builds were stopped: too fast to test?"

# Over a book sheaf wrote there, which the build copies ahead while
# its pack of articles is written too; each signal sent twice, the
# second stopping at once: neither temporary file may stay.
"$sheaf" build -q --offline "$t/in" -o "$t/lend.epub" 2>/dev/null ||
	bad "no book to lend from"
for delay in 0.1 0.3 0.6 1.0 1.5; do
	cp "$t/lend.epub" "$t/lend-good.epub"
	"$sheaf" build -q --offline "$t/in" -o "$t/lend.epub" 2>"$t/err" &
	pid=$!
	sleep $delay
	kill -s INT $pid 2>/dev/null
	sleep 0.02
	kill -s INT $pid 2>/dev/null
	wait $pid
	outcome "INT twice after ${delay}s, lending" $? 130 \
	    "$t/lend-good.epub" "$t/lend.epub"
	ls -A "$t/xdg/sheaf/articles" | grep -q '^\.tmp-' &&
		bad "INT twice after ${delay}s: temporary pack left"
	rm -f "$t"/xdg/sheaf/articles/.tmp-*
done

# The same at random moments of a build fetching images from a slow
# local server (tests/imgserver.py on 127.0.0.1): six images come at
# once, a seventh one byte a second. After each signal the image cache
# must hold only whole entries: an offline build from it drops none
# and embeds every one.
srv=$t/srv
mkdir "$srv" "$t/net" "$t/out"
i=1
while [ $i -le 6 ]; do
	build/mkimage png 32 24 $i "$srv/p$i.png" || bad "mkimage"
	printf -- '---\ntitle: Photo %d\ndate: 2021-01-0%d\n---\n\n' $i $i \
	    >"$t/net/a$i.md"
	echo "![p](http://img.test/img/p$i.png)" >>"$t/net/a$i.md"
	i=$((i + 1))
done
printf -- '---\ntitle: Slow\ndate: 2021-01-07\n---\n\n%s\n' \
    '![d](http://img.test/drip)' >"$t/net/slow.md"
. tests/imgserver.sh
imgserver_start "$srv" "$t"
trap 'kill $srvpid 2>/dev/null; rm -rf "$t"' EXIT
net="--allow-private-hosts --image-timeout 6"
net="$net --image-host-map img.test=127.0.0.1:$port"
seed=${SIGNALS_SEED:-$$}
delays=$(awk -v s="$seed" 'BEGIN { srand(s); for (i = 0; i < 9; i++)
    printf "%.2f ", 0.05 + rand() * 3.5 }')
k=0 cached=0
for delay in $delays; do
	k=$((k + 1))
	case $((k % 3)) in 0) sig=INT ;; 1) sig=TERM ;; 2) sig=HUP ;; esac
	case $sig in INT) want=130 ;; TERM) want=143 ;; HUP) want=129 ;; esac
	what="$sig after ${delay}s of fetching (seed $seed)"
	rm -rf "$t/cache"
	cp "$t/good.epub" "$t/out/book.epub"
	"$sheaf" build -q --cache-dir "$t/cache" $net "$t/net" \
	    -o "$t/out/book.epub" 2>"$t/err" &
	pid=$!
	sleep "$delay"
	kill -s $sig $pid 2>/dev/null
	wait $pid
	rc=$?
	if [ $rc -eq $want ]; then
		stopped=$((stopped + 1))
		cmp -s "$t/good.epub" "$t/out/book.epub" ||
			bad "$what: the old book changed"
	else
		bad "$what: exit $rc"
		cat "$t/err"
	fi
	[ "$(ls -A "$t/out")" = book.epub ] ||
		bad "$what: left $(ls -A "$t/out" | tr '\n' ' ')"
	ls -A "$t/cache/images" 2>/dev/null | grep -q '^\.' &&
		bad "$what: temporary file left in the cache"
	before=$(ls "$t/cache/images" 2>/dev/null | wc -l)
	"$sheaf" build -q --offline --cache-dir "$t/cache" "$t/net" \
	    -o "$t/check.epub" 2>/dev/null || bad "$what: no offline build"
	after=$(ls "$t/cache/images" | wc -l)
	got=$(unzip -Z1 "$t/check.epub" | grep -c '^EPUB/images/[0-9a-f]\{32\}')
	[ "$before" -eq "$after" ] && [ "$got" -eq "$before" ] ||
		bad "$what: $before cache entries, $after kept, $got embedded"
	[ "$before" -gt 0 ] && cached=$((cached + 1))
	pass=$((pass + 1))
done
[ $cached -ge 1 ] || bad "no build was stopped with images in its cache"

# SIGINT while images are being fetched from tests/imgserver.py (on
# 127.0.0.1): two good pictures arrive, the rest hang or drip. The
# build stops within a second (the fetch loop watches the flag; the
# two-second alarm is not what stops it), exits 130, leaves the old
# book alone, and the cache holds whole entries only: an offline
# build finds the two pictures there and no damaged entry.
rm -rf "$t/cache"
mkdir -p "$t/srv" "$t/fetch"
build/mkimage png 40 30 1 "$t/srv/a.png" &&
build/mkimage jpg 40 30 2 "$t/srv/b.jpg" || bad "mkimage"
{
	printf -- '---\ntitle: Slow\ndate: 2024-01-02\n---\n'
	printf '![a](http://img.test/img/a.png) ![b](http://img.test/img/b.jpg)\n'
	for i in 1 2 3 4 5 6; do
		printf '![h](http://img.test/hang?%d) ![d](http://img.test/drip?%d)\n' $i $i
	done
} >"$t/fetch/slow.md"
net="--cache-dir $t/cache --allow-private-hosts --image-host-map img.test=127.0.0.1:$port"
cp "$t/good.epub" "$t/out.epub"
# shellcheck disable=SC2086
"$sheaf" build -q $net "$t/fetch" -o "$t/out.epub" 2>"$t/err" &
pid=$!
i=0	# until both good pictures are in the cache, at most 10 s
while [ "$(ls "$t/cache/images" 2>/dev/null | grep -vc '^\.')" -lt 2 ] &&
    [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.3
t0=$(date +%s%N)
kill -s INT $pid
wait $pid
rc=$? t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
[ $rc -eq 130 ] || { bad "fetch: exit $rc, want 130"; cat "$t/err"; }
[ $ms -lt 1000 ] || bad "fetch: took $ms ms to stop"
cmp -s "$t/good.epub" "$t/out.epub" || bad "fetch: the old book changed"
ls "$t" | grep -q 'out\.epub\.' && bad "fetch: temporary book left"
ls -a "$t/cache/images" | grep -q '^\.tmp' && bad "fetch: temporary cache file left"
"$sheaf" build -v --offline --cache-dir "$t/cache" "$t/fetch" \
    -o "$t/after.epub" 2>"$t/err2" || bad "fetch: offline build after it failed"
grep -q "damaged cache" "$t/err2" && bad "fetch: a damaged cache entry"
[ "$(unzip -Z1 "$t/after.epub" 2>/dev/null | grep -c '^EPUB/images/[0-9a-f]\{32\}')" = 2 ] ||
	bad "fetch: the two fetched pictures are not in the cache"
kill $srvpid 2>/dev/null
pass=$((pass + 1))
echo "signals: fetch stopped in $ms ms"
pass=$((pass - fail))
echo "signals: $pass passed, $fail failed ($stopped builds interrupted)"
[ "$fail" -eq 0 ]
