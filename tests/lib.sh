# Shared by the end-to-end scripts: a temporary folder removed on
# exit, and pass/fail counting. Source it from the repository root.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
jar=$(dpkg -L epubcheck 2>/dev/null | grep 'epubcheck\.jar$' | head -n 1)
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
