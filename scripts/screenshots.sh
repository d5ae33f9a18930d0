#!/bin/sh
# make screenshots: build the seed book set horizontally and
# vertically, and render its title page, first chapter page and first
# article with headless Chromium at an e-reader's 1072x1448 (a 536x724
# CSS viewport at 2x, as a 300 ppi screen shows it) into docs/.
# Needs Debian's chromium and fonts-noto-cjk; skips with a notice
# when chromium is missing.
set -u
cd "$(dirname "$0")/.." || exit 1
out=${1:-docs/screenshots}
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
	echo "skip: chromium not installed (apt-get install chromium fonts-noto-cjk)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

shot() {	# shot DIR PAGE PNG
	"$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
	    --user-data-dir="$tmp/profile" --force-device-scale-factor=2 \
	    --window-size=536,724 --screenshot="$3" \
	    "file://$tmp/$1/EPUB/text/$2" >/dev/null 2>&1 &&
	    [ -s "$3" ] || { echo "screenshots: $2 failed" >&2; return 1; }
	command -v optipng >/dev/null && optipng -quiet -o2 "$3"
	echo "screenshots: $3"
}

rc=0
for mode in horizontal vertical; do
	flag=
	[ $mode = vertical ] && flag=--vertical
	SOURCE_DATE_EPOCH=1650000000 build/sheaf build -q $flag seeds \
	    -o "$tmp/$mode.epub" || exit 1
	mkdir -p "$tmp/$mode"
	(cd "$tmp/$mode" && unzip -q ../$mode.epub) || exit 1
	# The first page, as a reader shows it. Headless Chromium shows a
	# wide vertical-rl root scrolled to its end, so there the body
	# alone is vertical, fixed to the right edge of the screen.
	[ $mode = vertical ] && printf '%s\n' \
	    'html { writing-mode: horizontal-tb; -webkit-writing-mode: horizontal-tb;' \
	    '  overflow: hidden; }' \
	    'body { writing-mode: vertical-rl; -webkit-writing-mode: vertical-rl;' \
	    '  position: fixed; top: 0; right: 0; height: 100vh; min-width: 100vw; margin: 0;' \
	    '  box-sizing: border-box; padding: 0.5em; }' \
	    >>"$tmp/$mode/EPUB/styles/sheaf.css"
	shot $mode title.xhtml "$out/$mode-title.png" || rc=1
	shot $mode c001.xhtml "$out/$mode-chapter.png" || rc=1
	shot $mode c001-a0001.xhtml "$out/$mode-article.png" || rc=1
done
exit $rc
