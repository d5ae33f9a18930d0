# Shared by the end-to-end scripts (sourced from the repository's top):
# a scratch folder, pass/fail counters, check, epubcheck and build.
# Set run (e.g. to a valgrind command line) before build to wrap sheaf;
# --valgrind as the script's first argument sets it to valgrind, which
# fails the build on any error or leak. NOCHECK=1 build skips epubcheck
# for a book that differs from a checked one only in a way epubcheck
# does not see.
# CASE=GLOB (e.g. CASE=hexo) keeps the checks whose name matches
# *GLOB* and drops the others; the steps between them still run, since
# later checks read what earlier steps made, but only the books whose
# name matches are checked with epubcheck and `sheaf check`.
sheaf=build/sheaf
jar=$(dpkg -L epubcheck 2>/dev/null | grep 'epubcheck\.jar$' | head -n 1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME="$tmp/xdg"	# never the user's image cache
pass=0 fail=0
run=${run:-}
[ "${1:-}" = --valgrind ] &&
	run="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
status() { return "$1"; }

# case_on NAME: NAME matches CASE, or CASE is not set.
case_on() {
	[ -z "${CASE:-}" ] && return 0
	case $1 in *$CASE*) return 0 ;; esac
	return 1
}

# check NAME EXPR: one assertion, EXPR evaluated as the condition of
# an if; in EXPR, $? is the status of the command before check.
check() {
	check_st=$?
	case_on "$1" || return 0
	if status "$check_st"; eval "$2"; then ok; else bad "$1"; fi
}

# epubcheck BOOK: 0 errors and 0 warnings, by exit status and messages.
epubcheck() {
	if [ -z "$jar" ]; then
		echo "skip: epubcheck not installed ($1)"
		return 0
	fi
	java -jar "$jar" -q --failonwarnings "$1" >"$tmp/ec.log" 2>&1
	r=$?
	if [ $r -ne 0 ] || grep -qE '^(ERROR|WARNING|FATAL)' "$tmp/ec.log"; then
		head -n 20 "$tmp/ec.log"
		return 1
	fi
	return 0
}

# build NAME ARGS...: build $tmp/NAME.epub, which must pass epubcheck.
# Offline, with a cache of its own: tests never reach the internet.
build() {
	name=$1
	shift
	if $run $sheaf build -q --offline --cache-dir "$tmp/offline-cache" \
	    "$@" -o "$tmp/$name.epub" 2>"$tmp/$name.err"; then
		case_on "build $name" && ok
	else
		bad "build $name exited $?"
		cat "$tmp/$name.err"
		return 1
	fi
	[ "${NOCHECK:-}" = 1 ] && return 0
	check "epubcheck $name" 'epubcheck "$tmp/$name.epub"'
	case_on "sheaf check $name" || return 0
	if $sheaf check -q "$tmp/$name.epub" 2>"$tmp/check.log" &&
	    [ ! -s "$tmp/check.log" ]; then
		ok
	else
		bad "sheaf check $name"
		cat "$tmp/check.log"
	fi
}


# imgserver DIR: serve DIR with tests/imgserver.py on 127.0.0.1 until
# the script exits; sets port and srvpid, logs requests to srv.log.
. tests/imgserver.sh
imgserver() {
	imgserver_start "$1" "$tmp"
	trap 'kill $srvpid 2>/dev/null; rm -rf "$tmp"' EXIT
}
