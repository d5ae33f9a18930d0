#!/bin/sh
# Images end to end: remote images served by tests/imgserver.py on
# 127.0.0.1, the only address these tests send traffic to (the
# fixture's host img.test is mapped to the server; so are the seed's
# image hosts), local pictures made fit, and the drawn cover. Every
# book built here passes epubcheck. With --valgrind, each build runs
# under valgrind, as in tests/e2e.sh.
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/lib.sh

srv=$tmp/srv
mkdir -p "$srv"
mk=build/mkimage
$mk png 64 48 1 "$srv/good.png" && $mk jpg 64 48 2 "$srv/good.jpg" &&
$mk webp 64 48 3 "$srv/good.webp" && $mk webp-alpha 64 48 4 "$srv/alpha.webp" &&
$mk jpg 2500 2000 5 "$srv/huge.jpg" || bad "mkimage"
for i in 0 1 2 3 4 5 6 7 8 9; do
	$mk jpg 1024 600 $((10 + i)) "$srv/seed$i.jpg" || bad "mkimage seed"
done
printf '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10" onload="alert(1)"><script>alert(2)</script><rect width="20" height="10" fill="#c33"/></svg>\n' >"$srv/good.svg"
printf 'GIF89a\001\000\001\000\200\000\000\000\000\000\377\377\377!\371\004\001\000\000\000\000,\000\000\000\000\001\000\001\000\000\002\002D\001\000;' >"$srv/good.gif"

imgserver "$srv"
requests() { wc -l <"$tmp/srv.log" | tr -d ' '; }

# The pixel size of a JPEG or PNG, "WxH"; imginfo adds the channels
# and the type: "WxHxC png".
imginfo() {
	python3 -c '
import struct, sys
b = open(sys.argv[1], "rb").read()
if b[:8] == b"\x89PNG\r\n\x1a\n":
    w, h = struct.unpack(">II", b[16:24])
    c = {0: 1, 2: 3, 3: 3, 4: 2, 6: 4}[b[25]]
    print("%dx%dx%d png" % (w, h, c)); sys.exit()
i = 2
while i < len(b):
    m, n = b[i + 1], struct.unpack(">H", b[i + 2:i + 4])[0]
    if 0xc0 <= m <= 0xcf and m not in (0xc4, 0xc8, 0xcc):
        h, w = struct.unpack(">HH", b[i + 5:i + 9])
        print("%dx%dx%d jpg" % (w, h, b[i + 9])); break
    i += 2 + n' "$1"
}
pixels() { imginfo "$1" | sed 's/x[0-9]* .*//'; }

web=tests/fixtures/images/web
net="--cache-dir $tmp/cache --allow-private-hosts --image-timeout 3 --image-host-map img.test=127.0.0.1:$port"

# Every case at once: good images embedded, each fault a warning and
# a note, the whole build within a bound despite the hang and the drip.
t0=$(date +%s)
$sheaf build -v $net "$web" -o "$tmp/web.epub" 2>"$tmp/web.err"
r=$? t1=$(date +%s)
check "images: build exits 0" '[ $r -eq 0 ]'
check "images: within 15 s (took $((t1 - t0)) s)" '[ $((t1 - t0)) -le 15 ]'
check "epubcheck web" 'epubcheck "$tmp/web.epub"'
for w in "img.test/404: HTTP status 404" \
    "img.test/chain/9: more than 5 redirects" \
    "img.test/loop: more than 5 redirects" \
    "img.test/tofile: refused: only http and https" \
    "img.test/html: not an image" \
    "img.test/big: larger than 20 MiB" \
    "img.test/hang: timed out" "img.test/drip: timed out"; do
	check "images: warning $w" 'grep -q "^sheaf: $web/post.md:[0-9]*: warning: image not embedded: http://$w" "$tmp/web.err"'
done
check "images: eight warnings" '[ "$(grep -c "warning: image not embedded" "$tmp/web.err")" = 8 ]'
check "images: summary counts them by reason" 'grep -q ", 8 missing (1 not found, 1 refused, 2 timed out, 1 too large, 2 too many redirects, 1 not an image), " "$tmp/web.err"'
unzip -Z1 "$tmp/web.epub" | grep '^EPUB/images/' | grep -v '/cover\.svg$' >"$tmp/web.names"
check "images: seven images, each once" '[ "$(wc -l <"$tmp/web.names")" = 7 ]'
check "images: types from the bytes, no webp" '[ "$(grep -c "\.jpg$" "$tmp/web.names")" = 3 ] && [ "$(grep -c "\.png$" "$tmp/web.names")" = 2 ] && [ "$(grep -c "\.gif$" "$tmp/web.names")" = 1 ] && [ "$(grep -c "\.svg$" "$tmp/web.names")" = 1 ]'
check "images: svg sanitized" '! unzip -p "$tmp/web.epub" "EPUB/images/*.svg" | grep -q "script\|onload"'
unzip -p "$tmp/web.epub" EPUB/text/c001-a0001.xhtml >"$tmp/web.xhtml"
check "images: twelve img in the article" '[ "$(grep -o "<img " "$tmp/web.xhtml" | wc -l)" = 12 ]'
check "images: eight notes" '[ "$(grep -o "class=\"remote-image\"" "$tmp/web.xhtml" | wc -l)" = 8 ]'
check "images: no placeholder left" '! grep -q "sheaf-remote" "$tmp/web.xhtml"'
big=$(for f in $(cat "$tmp/web.names"); do unzip -p "$tmp/web.epub" "$f" >"$tmp/img"; pixels "$tmp/img"; done | awk -Fx '$1 * $2 > 1000000')
check "images: 2500x2000 scaled to 4 MP ($big)" '[ -n "$big" ] && [ $(( ${big%x*} * ${big#*x} )) -le 4000000 ] && [ $(( ${big%x*} * ${big#*x} )) -gt 3900000 ]'
check "images: opf media types" 'unzip -p "$tmp/web.epub" EPUB/package.opf | grep -q "media-type=\"image/gif\""'

# The cache: a second build of the good images sends no request.
rm -rf "$tmp/cache"
$sheaf build -q $net "$web/again.md" -o "$tmp/a1.epub" 2>/dev/null
n=$(requests)
$sheaf build -q $net "$web/again.md" -o "$tmp/a2.epub" 2>"$tmp/a2.err"
check "cache: no request on the second build" '[ "$(requests)" = "$n" ]'
check "cache: same book" 'cmp -s "$tmp/a1.epub" "$tmp/a2.epub" || [ "$(unzip -Z1 "$tmp/a2.epub" | grep -c "images/[0-9a-f]\{32\}")" = 1 ]'
check "cache: --offline uses it" '$sheaf build -q --offline --cache-dir "$tmp/cache" "$web/again.md" -o "$tmp/a3.epub" 2>/dev/null && [ "$(unzip -Z1 "$tmp/a3.epub" | grep -c "images/[0-9a-f]\{32\}")" = 1 ]'
for e in "$tmp"/cache/images/[0-9a-f]*; do head -c 20 "$e" >"$e.cut" && mv "$e.cut" "$e"; done
$sheaf build -v $net "$web/again.md" -o "$tmp/a4.epub" 2>"$tmp/a4.err"
check "cache: damaged entry dropped" 'grep -q "damaged cache entr" "$tmp/a4.err"'
check "cache: and fetched again" '[ "$(requests)" = "$((n + 1))" ] && [ "$(unzip -Z1 "$tmp/a4.epub" | grep -c "images/[0-9a-f]\{32\}")" = 1 ]'
check "epubcheck a4" 'epubcheck "$tmp/a4.epub"'

# --offline with an empty cache: notes, a count, the book still valid;
# --strict makes the missing image an error.
$sheaf build --offline --cache-dir "$tmp/empty" "$web/again.md" -o "$tmp/off.epub" 2>"$tmp/off.err"
check "offline: exit 0" '[ $? -eq 0 ]'
check "offline: counted" 'grep -q "warning: 1 image not embedded: 1 offline and not in the cache" "$tmp/off.err"'
check "offline: summary, missing by reason" 'grep -q ", 1 missing (1 offline), " "$tmp/off.err"'
check "epubcheck offline" 'epubcheck "$tmp/off.epub"'
$sheaf build --strict --offline --cache-dir "$tmp/empty" "$web/again.md" -o "$tmp/strict.epub" 2>"$tmp/strict.err"
check "strict: exit 1" '[ $? -eq 1 ] && [ ! -e "$tmp/strict.epub" ]'
check "strict: names the image" 'grep -q "again.md:[0-9]*: warning: image not embedded: http://img.test/img/good.jpg" "$tmp/strict.err"'

# Loopback refused by default: no request reaches the server.
n=$(requests)
$sheaf build --cache-dir "$tmp/c3" --image-host-map "img.test=127.0.0.1:$port" "$web" -o "$tmp/ssrf.epub" 2>"$tmp/ssrf.err"
check "private: build exits 0" '[ $? -eq 0 ]'
check "private: every image refused" 'grep -q "17 images not embedded: 17 refused: the address is loopback" "$tmp/ssrf.err"'
check "private: no connection made" '[ "$(requests)" = "$n" ]'
check "epubcheck private" 'epubcheck "$tmp/ssrf.epub"'

# The seed with its ten images, its hosts mapped to the server.
seedmap="--image-host-map zkres1.myzaker.com=127.0.0.1:$port/seed --image-host-map zkres2.myzaker.com=127.0.0.1:$port/seed"
$sheaf build -q --cache-dir "$tmp/c4" --allow-private-hosts $seedmap seeds -o "$tmp/seedimg.epub" 2>"$tmp/seedimg.err"
check "seed images: exit 0" '[ $? -eq 0 ]'
check "epubcheck seed images" 'epubcheck "$tmp/seedimg.epub"'
check "seed images: ten JPEGs and the local PNG" '[ "$(unzip -Z1 "$tmp/seedimg.epub" | grep -c "^EPUB/images/.*\.jpg$")" = 10 ]'
art=$(for f in $(unzip -Z1 "$tmp/seedimg.epub" | grep '^EPUB/text/c.*-a.*\.xhtml$'); do
	unzip -p "$tmp/seedimg.epub" "$f" | grep -q '大厂出海' && echo "$f"; done | head -n 1)
check "seed images: ten img in the article, no note" '[ "$(unzip -p "$tmp/seedimg.epub" "$art" | grep -o "src=\"../images/[0-9a-f]*\.jpg" | wc -l)" = 10 ] && ! unzip -p "$tmp/seedimg.epub" "$art" | grep -q remote-image'
check "seed images: the cover is the newest article's" 'unzip -p "$tmp/seedimg.epub" EPUB/package.opf | grep -q "properties=\"cover-image\""'

# --cover URL: fetched with the rest, marked cover-image; a cover that
# cannot be had is a warning and the book has none.
$sheaf build -q $net --cover http://img.test/img/good.png "$web/again.md" -o "$tmp/cov.epub" 2>/dev/null
check "cover URL: cover page" 'unzip -Z1 "$tmp/cov.epub" | grep -qx EPUB/text/cover.xhtml'
check "cover URL: cover-image is the png" 'unzip -p "$tmp/cov.epub" EPUB/package.opf | grep "cover-image" | grep -q "\.png"'
check "epubcheck cover URL" 'epubcheck "$tmp/cov.epub"'
$sheaf build $net --cover http://img.test/404 "$web/again.md" -o "$tmp/cov2.epub" 2>"$tmp/cov2.err"
r=$?
check "cover URL missing: warning" '[ $r -eq 0 ] && grep -q "warning: cover image not embedded: http://img.test/404: HTTP status 404" "$tmp/cov2.err"'
check "cover URL missing: sheaf draws one" 'unzip -p "$tmp/cov2.epub" EPUB/package.opf | grep "cover-image" | grep -q "images/cover\.svg"'

kill $srvpid 2>/dev/null
trap 'rm -rf "$tmp"' EXIT

# Local pictures made fit: other formats converted, bytes and pixels
# within the limits, JPEG quality, grey for e-ink; the same settings
# from book.yml's images:. Each book's images are listed by imginfo
# with their byte size: "WxHxC type bytes", in article order.
loc=$tmp/loc
mkdir -p "$loc"
$mk noisy-jpg 2000 1500 1 "$loc/photo.jpg" &&
$mk noisy-png 1500 1500 2 "$loc/shot.png" &&
$mk noisy-png-alpha 1400 1400 3 "$loc/clear.png" &&
$mk bmp 300 200 4 "$loc/old.bmp" && $mk tga 301 200 5 "$loc/old.tga" &&
$mk ppm 302 200 6 "$loc/old.ppm" && $mk png 320 200 7 "$loc/small.png" &&
$mk jpg 330 200 8 "$loc/small.jpg" || bad "mkimage local"
printf '%s\n' '---' 'title: Pictures' 'date: 2024-01-02' '---' \
    '![a](photo.jpg) ![b](shot.png) ![c](clear.png) ![d](old.bmp)' \
    '![e](old.tga) ![f](old.ppm) ![g](small.png) ![h](small.jpg)' \
    >"$loc/pics.md"
# list BOOK: imginfo and size of each image, in the article's order.
list() {
	for f in $(unzip -p "$1" EPUB/text/c001-a0001.xhtml |
	    grep -o 'src="../images/[0-9a-f]*\.[a-z]*"' |
	    sed 's/src="..\/\(.*\)"/EPUB\/\1/'); do
		unzip -p "$1" "$f" >"$tmp/img"
		echo "$(imginfo "$tmp/img") $(wc -c <"$tmp/img")"
	done
}
nth() { sed -n "$1p" "$tmp/$2.list"; }
fits() { [ "$(nth "$1" "$2" | cut -d' ' -f3)" -le "$3" ]; }
# The books that differ from fit only in their images' bytes skip
# epubcheck, which takes long on a loaded machine.
for b in "fit" "fit-gray --grayscale" \
    "fit-small --max-image-bytes 300K --image-quality 60" \
    "fit-q30 --image-quality 30" "fit-q95 --image-quality 95"; do
	case $b in fit-[sq]*) nc=1 ;; *) nc= ;; esac
	# shellcheck disable=SC2086
	NOCHECK=$nc build $b "$loc/pics.md" &&
		list "$tmp/${b%% *}.epub" >"$tmp/${b%% *}.list"
done
check "fit: eight images" '[ "$(wc -l <"$tmp/fit.list")" = 8 ]'
check "fit: noisy 7 MB photo under 2 MiB, still a JPEG" 'fits 1 fit 2097152 && nth 1 fit | grep -q "^2000x1500x3 jpg"'
check "fit: opaque 6 MB PNG becomes a JPEG under 2 MiB" 'fits 2 fit 2097152 && nth 2 fit | grep -q "x3 jpg"'
check "fit: transparent PNG stays PNG, scaled under 2 MiB" 'fits 3 fit 2097152 && nth 3 fit | grep -q "x4 png" && ! nth 3 fit | grep -q "^1400x"'
check "fit: BMP, TGA, PPM become PNG, same size" '[ "$(sed -n 4,6p "$tmp/fit.list" | cut -d" " -f1,2 | tr "\n" " ")" = "300x200x3 png 301x200x3 png 302x200x3 png " ]'
check "fit: small PNG and JPEG kept as they are" 'nth 7 fit | grep -q "^320x200x3 png $(wc -c <"$loc/small.png")$" && nth 8 fit | grep -q "^330x200x3 jpg $(wc -c <"$loc/small.jpg")$"'
check "fit: --max-image-bytes 300K" '[ "$(cut -d" " -f3 "$tmp/fit-small.list" | sort -n | tail -n 1)" -le 307200 ] && nth 1 fit-small | grep -q " jpg "'
check "fit: --grayscale, one channel (two with alpha)" '[ "$(cut -d" " -f1 "$tmp/fit-gray.list" | sed "s/.*x//" | tr "\n" " ")" = "1 1 2 1 1 1 1 1 " ]'
check "fit: --grayscale keeps PNG as PNG and JPEG as JPEG" '[ "$(cut -d" " -f2 "$tmp/fit-gray.list" | tr "\n" " ")" = "$(cut -d" " -f2 "$tmp/fit.list" | tr "\n" " ")" ]'
check "fit: --image-quality 30 smaller than 95" '[ "$(nth 1 fit-q30 | cut -d" " -f3)" -lt "$(nth 1 fit-q95 | cut -d" " -f3)" ]'
cat >"$loc/book.yml" <<'YML'
title: Pictures in grey
images:
  max-pixels: 20000
  max-bytes: 40K
  quality: 70
  grayscale: true
  unwrap-proxies: false
  colour: red
YML
build fit-yml "$loc" && list "$tmp/fit-yml.epub" >"$tmp/fit-yml.list"
check "images: key: unknown sub-key warned with its line" 'grep -q "book.yml:8:3: warning: unknown key colour in images; ignored" "$tmp/fit-yml.err"'
check "images: key: max-pixels, max-bytes and grayscale applied" '[ "$(wc -l <"$tmp/fit-yml.list")" = 8 ] && ! awk "{ split(\$1, a, \"x\"); if (a[1] * a[2] > 20000 || a[3] > 2 || \$3 > 40960) bad = 1 } END { exit !bad }" "$tmp/fit-yml.list"'
printf 'images:\n  quality: 101\n' >"$loc/book.yml"
$sheaf build -q --offline "$loc" -o "$tmp/fit-bad.epub" 2>"$tmp/fit-bad.err"
check "images: key: quality 101 is an error at its line" '[ $? -eq 1 ] && grep -q "book.yml:2:12: error: quality must be a whole number from 1 to 100" "$tmp/fit-bad.err"'
rm -f "$loc/book.yml"

# No cover anywhere: sheaf draws one, an SVG marked cover-image, with
# the long CJK title wrapped over several lines, the dates and the
# categories.
cv=$tmp/cv
mkdir -p "$cv"
printf -- '---\ntitle: 一\ndate: 2022-03-28\ncategories: [新媒体]\n---\n第一篇。\n' >"$cv/a.md"
printf -- '---\ntitle: 二\ndate: 2022-04-12\ncategories: [互联网]\n---\n第二篇。\n' >"$cv/b.md"
title="大厂出海，又打起来了：从 TikTok 到 Temu 的跨境电商之战与中国互联网公司的全球化"
build drawn --title "$title" "$cv"
unzip -p "$tmp/drawn.epub" EPUB/images/cover.svg >"$tmp/cover.svg"
check "drawn cover: cover-image and cover page" 'unzip -p "$tmp/drawn.epub" EPUB/package.opf | grep -q "href=\"images/cover.svg\" media-type=\"image/svg+xml\" properties=\"cover-image\"" && unzip -p "$tmp/drawn.epub" EPUB/text/cover.xhtml | grep -q "src=\"../images/cover.svg\""'
sed 's/<text /\n<text /g' "$tmp/cover.svg" | grep 'font-weight="bold"' |
	sed 's/.*">\(.*\)<\/text>.*/\1/' >"$tmp/cover.lines"
check "drawn cover: title in 3 to 5 lines" '[ "$(wc -l <"$tmp/cover.lines")" -ge 3 ] && [ "$(wc -l <"$tmp/cover.lines")" -le 5 ]'
check "drawn cover: every word of the title, in order" '[ "$(tr -d " \n" <"$tmp/cover.lines")" = "$(printf %s "$title" | tr -d " ")" ]'
check "drawn cover: no line starts with closing punctuation" '! grep -q "^[，。：、）]" "$tmp/cover.lines"'
check "drawn cover: dates and categories" 'grep -q ">2022-03-28 – 2022-04-12<" "$tmp/cover.svg" && grep -q "新媒体 · 互联网" "$tmp/cover.svg"'
check "drawn cover: generic families only" '! grep -o "font-family=\"[^\"]*\"" "$tmp/cover.svg" | grep -vq "\"\(serif\|sans-serif\)\""'
build coverless-en --title "A Very Long English Title That Needs Wrapping Over Lines" "$cv"
check "drawn cover: Latin words kept whole" 'unzip -p "$tmp/coverless-en.epub" EPUB/images/cover.svg | sed "s/<text /\n<text /g" | grep "font-weight=\"bold\"" | sed "s/.*\">\(.*\)<\/text>.*/\1/" | tr " " "\n" | grep -qx Wrapping'

echo "images: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
