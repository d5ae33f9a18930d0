#!/bin/sh
# floor.sh CORPUS HTML: the physical floor of packing CORPUS on one
# core: store every input (zip -0), deflate the text (zip -6) and
# parse every body (xmllint --html, the bodies as HTML files in HTML).
set -u
c=$1 h=$2
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
cd "$c" || exit 1
taskset -c 0 zip -q -0 -r "$t/store.zip" . || exit 1
find . -maxdepth 1 -name '*.md' | taskset -c 0 xargs zip -q -6 "$t/text.zip" || exit 1
find "$h" -maxdepth 1 -name '*.html' | taskset -c 0 xargs xmllint --html --noout 2>/dev/null
exit 0
