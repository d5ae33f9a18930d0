# Sourced by tests/e2e.sh: remote images served by tests/imgserver.py
# on 127.0.0.1, the only address these tests send traffic to. The
# fixture's host img.test is mapped to the server; so are the seed's
# image hosts. Every book built here passes epubcheck.

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
touch "$tmp/srv.log"
requests() { wc -l <"$tmp/srv.log" | tr -d ' '; }

# The pixel size of a JPEG or PNG, "WxH".
pixels() {
	python3 -c '
import struct, sys
b = open(sys.argv[1], "rb").read()
if b[:8] == b"\x89PNG\r\n\x1a\n":
    print("%dx%d" % struct.unpack(">II", b[16:24])); sys.exit()
i = 2
while i < len(b):
    m, n = b[i + 1], struct.unpack(">H", b[i + 2:i + 4])[0]
    if 0xc0 <= m <= 0xcf and m not in (0xc4, 0xc8, 0xcc):
        h, w = struct.unpack(">HH", b[i + 5:i + 9]); print("%dx%d" % (w, h)); break
    i += 2 + n' "$1"
}

web=tests/fixtures/images/web
net="--cache-dir $tmp/cache --allow-private-hosts --image-timeout 3 --image-host-map img.test=127.0.0.1:$port"

# Every case at once: good images embedded, each fault a warning and
# a note, the whole build within a bound despite the hang and the drip.
t0=$(date +%s)
$sheaf build -v $net "$web" -o "$tmp/web.epub" 2>"$tmp/web.err"
r=$? t1=$(date +%s)
check "images: build exits 0" '[ $r -eq 0 ]'
check "images: within 15 s (took $((t1 - t0)) s)" '[ $((t1 - t0)) -le 15 ]'
if epubcheck "$tmp/web.epub"; then ok; else bad "epubcheck web"; fi
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
unzip -Z1 "$tmp/web.epub" | grep '^EPUB/images/' >"$tmp/web.names"
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
check "cache: same book" 'cmp -s "$tmp/a1.epub" "$tmp/a2.epub" || [ "$(unzip -Z1 "$tmp/a2.epub" | grep -c images/)" = 1 ]'
check "cache: --offline uses it" '$sheaf build -q --offline --cache-dir "$tmp/cache" "$web/again.md" -o "$tmp/a3.epub" 2>/dev/null && [ "$(unzip -Z1 "$tmp/a3.epub" | grep -c images/)" = 1 ]'
for e in "$tmp"/cache/images/[0-9a-f]*; do head -c 20 "$e" >"$e.cut" && mv "$e.cut" "$e"; done
$sheaf build -v $net "$web/again.md" -o "$tmp/a4.epub" 2>"$tmp/a4.err"
check "cache: damaged entry dropped" 'grep -q "damaged cache entr" "$tmp/a4.err"'
check "cache: and fetched again" '[ "$(requests)" = "$((n + 1))" ] && [ "$(unzip -Z1 "$tmp/a4.epub" | grep -c images/)" = 1 ]'
if epubcheck "$tmp/a4.epub"; then ok; else bad "epubcheck a4"; fi

# --offline with an empty cache: notes, a count, the book still valid;
# --strict makes the missing image an error.
$sheaf build --offline --cache-dir "$tmp/empty" "$web/again.md" -o "$tmp/off.epub" 2>"$tmp/off.err"
check "offline: exit 0" '[ $? -eq 0 ]'
check "offline: counted" 'grep -q "warning: 1 image not embedded: 1 offline and not in the cache" "$tmp/off.err"'
check "offline: summary" 'grep -q "1 image missing" "$tmp/off.err"'
if epubcheck "$tmp/off.epub"; then ok; else bad "epubcheck offline"; fi
$sheaf build --strict --offline --cache-dir "$tmp/empty" "$web/again.md" -o "$tmp/strict.epub" 2>"$tmp/strict.err"
check "strict: exit 1" '[ $? -eq 1 ] && [ ! -e "$tmp/strict.epub" ]'
check "strict: names the image" 'grep -q "again.md:[0-9]*: warning: image not embedded: http://img.test/img/good.jpg" "$tmp/strict.err"'

# Loopback refused by default: no request reaches the server.
n=$(requests)
$sheaf build --cache-dir "$tmp/c3" --image-host-map "img.test=127.0.0.1:$port" "$web" -o "$tmp/ssrf.epub" 2>"$tmp/ssrf.err"
check "private: build exits 0" '[ $? -eq 0 ]'
check "private: every image refused" 'grep -q "17 images not embedded: 17 refused: the address is loopback" "$tmp/ssrf.err"'
check "private: no connection made" '[ "$(requests)" = "$n" ]'
if epubcheck "$tmp/ssrf.epub"; then ok; else bad "epubcheck private"; fi

# The seed with its ten images, its hosts mapped to the server.
seedmap="--image-host-map zkres1.myzaker.com=127.0.0.1:$port/seed --image-host-map zkres2.myzaker.com=127.0.0.1:$port/seed"
$sheaf build -q --cache-dir "$tmp/c4" --allow-private-hosts $seedmap seeds -o "$tmp/seedimg.epub" 2>"$tmp/seedimg.err"
check "seed images: exit 0" '[ $? -eq 0 ]'
if epubcheck "$tmp/seedimg.epub"; then ok; else bad "epubcheck seed images"; fi
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
if epubcheck "$tmp/cov.epub"; then ok; else bad "epubcheck cover URL"; fi
$sheaf build $net --cover http://img.test/404 "$web/again.md" -o "$tmp/cov2.epub" 2>"$tmp/cov2.err"
check "cover URL missing: warning" '[ $? -eq 0 ] && grep -q "warning: cover image not embedded: http://img.test/404: HTTP status 404" "$tmp/cov2.err"'
check "cover URL missing: no cover page" '! unzip -Z1 "$tmp/cov2.epub" | grep -qx EPUB/text/cover.xhtml'

kill $srvpid 2>/dev/null
trap 'rm -rf "$tmp"' EXIT
