#!/bin/sh
# Faults while the book is written: build/iofault.so (from
# tests/faults/iofault.c, loaded with LD_PRELOAD) makes mkstemp,
# write, fsync, close or rename fail with ENOSPC, EIO or EACCES on the
# temporary book. Each build must stop with exit 1 and the one message
# "sheaf: BOOK: error: cannot write: REASON", the existing book
# byte-identical and no temporary file left. The same when the
# existing book is the one sheaf wrote there and lends its first
# entries, copied with copy_file_range. Then a read-only output
# folder: made with chmod, or, as root (who writes anyway), with the
# shim failing mkstemp with EACCES and EROFS.
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/lib.sh
t=$tmp
trap 'chmod -R u+w "$t"; rm -rf "$t"' EXIT
shim=$(pwd)/build/iofault.so
export SOURCE_DATE_EPOCH=1600000000
# ASan wants its runtime first among the libraries; the shim may come
# first as it only passes the calls on.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

off="--offline --cache-dir $t/cache"	# mktemp -d: no spaces in $t
mkdir "$t/in" "$t/out"
printf -- '---\ntitle: "A & B"\ndate: 2021-03-04\n---\n\nText, *emphasis*.\n\n![Logo](logo.png)\n' \
    >"$t/in/a.md"
cp tests/fixtures/sites/hexo/source/images/logo.png "$t/in/logo.png"
# Text that does not compress, so that the book takes several writes.
python3 -c '
import random
random.seed(6)
print("---\ntitle: Noise\n---\n")
for i in range(6000):
    print("".join(random.choice("abcdefghijklmnopqrstuvwxyz ")
                  for j in range(200)) + "\n")' >"$t/in/noise.md"
"$sheaf" build -q $off seeds -o "$t/old.epub" 2>"$t/err" ||
	{ cat "$t/err"; bad "no good book"; exit 1; }

reason() {
	case $1 in
	ENOSPC)	echo "No space left on device" ;;
	EIO)	echo "Input/output error" ;;
	EACCES)	echo "Permission denied" ;;
	EROFS)	echo "Read-only file system" ;;
	esac
}

# inject WHAT GOOD CALL ERRNO [N]: build with the N-th CALL on the
# temporary book failing; the book must stay the bytes of GOOD.
inject() {
	what=$1 good=$2
	shift 2
	rm -f "$t/log"
	SHEAF_IOFAULT="$1:$2${3:+:$3}" SHEAF_IOFAULT_PATH="$t/out/book.epub.*" \
	    SHEAF_IOFAULT_LOG="$t/log" LD_PRELOAD="$shim" \
	    "$sheaf" build -q $off "$t/in" -o "$t/out/book.epub" \
	    2>"$t/err"
	rc=$?
	pass=$((pass + 1))
	[ -s "$t/log" ] || { bad "$what: the shim made no fault"; return; }
	[ $rc -eq 1 ] || bad "$what: exit $rc"
	printf 'sheaf: %s: error: cannot write: %s\n' "$t/out/book.epub" \
	    "$(reason "$2")" | cmp -s - "$t/err" ||
		{ bad "$what: other messages:"; cat "$t/err"; }
	cmp -s "$good" "$t/out/book.epub" ||
		bad "$what: the old book changed"
	[ "$(ls -A "$t/out")" = book.epub ] ||
		bad "$what: left $(ls -A "$t/out" | tr '\n' ' ')"
}

# fault CALL ERRNO [N]: over a book copied there.
fault() {
	cp "$t/old.epub" "$t/out/book.epub"
	inject "$1 $2${3:+ #$3}" "$t/old.epub" "$@"
}

# The shim loaded but asked for nothing: a whole book, several writes.
cp "$t/old.epub" "$t/out/book.epub"
SHEAF_IOFAULT=write:EIO:1000000 SHEAF_IOFAULT_PATH="$t/out/book.epub.*" \
    LD_PRELOAD="$shim" "$sheaf" build -q $off "$t/in" \
    -o "$t/out/book.epub" 2>"$t/err" &&
    unzip -tq "$t/out/book.epub" >/dev/null 2>&1 &&
    [ "$(wc -c <"$t/out/book.epub")" -gt 200000 ] ||
	{ bad "no book with the shim loaded"; cat "$t/err"; }
pass=$((pass + 1))

for call in mkstemp write fsync close rename; do
	for e in ENOSPC EIO EACCES; do
		fault $call $e
	done
done
fault write ENOSPC 3		# the disk fills mid-book
grep -q '^write #3:' "$t/log" || bad "write #3: not the third write"

# lend CALL ERRNO [N]: over the book sheaf wrote there, which the
# build copies ahead and lends entries from.
lend() {
	rm -f "$t/out/book.epub"
	"$sheaf" build -q $off "$t/in" -o "$t/out/book.epub" 2>"$t/err" &&
	    "$sheaf" build -v $off "$t/in" -o "$t/out/book.epub" 2>"$t/err" &&
	    grep -q "entries kept from the previous book" "$t/err" ||
		{ bad "lend: $1 $2: nothing lent"; cat "$t/err"; return; }
	cp "$t/out/book.epub" "$t/good.epub"
	inject "lend: $1 $2${3:+ #$3}" "$t/good.epub" "$@"
}
for e in ENOSPC EIO; do
	lend copy_file_range $e 0	# ahead, then in the packager
	lend write $e
	lend fsync $e
	lend rename $e
done
# The copy made ahead failing alone: the packager makes it again.
cp "$t/good.epub" "$t/out/book.epub"
"$sheaf" build -q $off "$t/in" -o "$t/out/book.epub" 2>"$t/err"
cp "$t/out/book.epub" "$t/good.epub"
rm -f "$t/log"
SHEAF_IOFAULT=copy_file_range:EIO:1 SHEAF_IOFAULT_PATH="$t/out/book.epub.*" \
    SHEAF_IOFAULT_LOG="$t/log" LD_PRELOAD="$shim" \
    "$sheaf" build -q $off "$t/in" -o "$t/out/book.epub" 2>"$t/err" &&
    [ -s "$t/log" ] && cmp -s "$t/good.epub" "$t/out/book.epub" &&
    [ "$(ls -A "$t/out")" = book.epub ] ||
	{ bad "lend: a failed copy ahead is not made again"; cat "$t/err"; }
pass=$((pass + 1))

# A read-only output folder.
if [ "$(id -u)" = 0 ]; then
	echo "faults: as root, a read-only folder is mkstemp EACCES or EROFS"
	fault mkstemp EROFS
else
	mkdir "$t/ro"
	cp "$t/old.epub" "$t/ro/book.epub"
	chmod 555 "$t/ro"
	"$sheaf" build -q $off "$t/in" -o "$t/ro/book.epub" 2>"$t/err"
	rc=$?
	[ $rc -eq 1 ] || bad "read-only folder: exit $rc"
	want="sheaf: $t/ro/book.epub: error: cannot write: Permission denied"
	grep -qxF "$want" "$t/err" ||
		{ bad "read-only folder: message"; cat "$t/err"; }
	cmp -s "$t/old.epub" "$t/ro/book.epub" ||
		bad "read-only folder: the old book changed"
	[ "$(ls -A "$t/ro")" = book.epub ] || bad "read-only folder: left a file"
	pass=$((pass + 1))
fi

pass=$((pass - fail))
echo "faults: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
