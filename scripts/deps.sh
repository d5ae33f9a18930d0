#!/bin/sh
# Install the Debian packages sheaf needs: "build" for make book,
# "test" adds what make check runs (epubcheck, unzip, mandoc, pandoc
# for the fidelity test, clang and its libFuzzer runtime for the
# fuzzing smoke), "render" what make
# screenshots runs (chromium, CJK fonts), "ci" all of them and
# calibre, whose converter make check tries when present. As root it
# runs apt-get; otherwise it prints the command to run and fails.
set -u
want=${1:-build}
pkgs="gcc libc6-dev make pkg-config libxml2-dev libyaml-dev libzip-dev
      libmd4c-dev libmd4c-html0-dev uuid-dev libcurl4-openssl-dev
      libwebp-dev libstb-dev libjpeg62-turbo-dev libicu-dev zlib1g-dev
      libssl-dev"
render="chromium fonts-noto-cjk optipng unzip"
fuzz="clang libclang-rt-14-dev"
case $want in
test)	pkgs="$pkgs epubcheck unzip python3 mandoc pandoc $fuzz" ;;
render)	pkgs="$pkgs $render" ;;
ci)	pkgs="$pkgs epubcheck python3 mandoc pandoc $fuzz $render calibre" ;;
esac

missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "sheaf: missing Debian packages:$missing" >&2
	echo "sheaf: run: sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "sheaf: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 &&
	apt-get install -y -qq --no-install-recommends $missing >&2 ||
	{ echo "sheaf: apt-get install failed" >&2; exit 1; }
