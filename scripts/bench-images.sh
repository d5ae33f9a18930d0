#!/bin/sh
# Measure the image fetch: N remote images (default 500) in 50
# articles, served by tests/imgserver.py on 127.0.0.1, fetched into an
# empty cache, then the same book again from the warm cache.
#   sh scripts/bench-images.sh [N]
set -u
cd "$(dirname "$0")/.." || exit 1
n=${1:-500}
tmp=$(mktemp -d)
srvpid=
trap '[ -n "$srvpid" ] && kill $srvpid 2>/dev/null; rm -rf "$tmp"' EXIT
make -s build/sheaf build/mkimage || exit 1
mkdir -p "$tmp/srv" "$tmp/in"
build/mkimage jpg 1024 600 1 "$tmp/srv/seed0.jpg" || exit 1
python3 tests/imgserver.py "$tmp/srv" "$tmp/port" "$tmp/log" &
srvpid=$!
while [ ! -s "$tmp/port" ]; do sleep 0.1; done
port=$(cat "$tmp/port")
touch "$tmp/log"
k=0 a=0
while [ $k -lt "$n" ]; do
	f=$tmp/in/post$a.md
	printf -- '---\ntitle: Post %d\ndate: 2024-01-%02d\n---\n\n' $a $((a % 28 + 1)) >"$f"
	i=0
	while [ $i -lt 10 ] && [ $k -lt "$n" ]; do
		printf '<p><img src="http://bench.test/bench/%d.jpg" alt="%d"></p>\n' $k $k >>"$f"
		i=$((i + 1)) k=$((k + 1))
	done
	a=$((a + 1))
done
opts="--cache-dir $tmp/cache --allow-private-hosts --image-host-map bench.test=127.0.0.1:$port"
t0=$(date +%s.%N)
build/sheaf build -v $opts "$tmp/in" -o "$tmp/cold.epub" 2>&1 | grep -E 'remote image|wrote'
t1=$(date +%s.%N)
r1=$(wc -l <"$tmp/log")
build/sheaf build -v $opts "$tmp/in" -o "$tmp/warm.epub" 2>&1 | grep -E 'remote image|wrote'
t2=$(date +%s.%N)
r2=$(wc -l <"$tmp/log")
awk -v a="$t0" -v b="$t1" -v c="$t2" -v r1="$r1" -v r2="$r2" \
    'BEGIN { printf "cold: %.2f s, %d requests; warm: %.2f s, %d requests\n", b - a, r1, c - b, r2 - r1 }'
