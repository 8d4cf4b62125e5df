#!/bin/sh
# Build the Debian package of gisac (docs/install.md) with dpkg-buildpackage
# in build-deb/ (a copy of the tree: dpkg-buildpackage writes beside the
# source), then check it with lintian. Installs what it needs first (as
# scripts/deps.sh does: apt-get as root or with sudo). The package ends up
# as build-deb/gisac_VERSION_ARCH.deb; exit status non-zero when the build
# fails or lintian reports a warning or an error.
#   DEB_BUILD_OPTIONS=nocheck scripts/deb.sh   skip the unit tests
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
out=$src/build-deb

PKGS="dpkg-dev debhelper lintian fakeroot build-essential cmake ninja-build pkg-config
libsqlite3-dev libjansson-dev libidn2-dev libsodium-dev libmicrohttpd-dev
libcurl4-openssl-dev libcmocka-dev tzdata"
missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
if [ -n "$missing" ]; then
    echo "deb: installing:$missing" >&2
    if [ "$(id -u)" -eq 0 ]; then
        SUDO=""
    elif command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "deb: need root or sudo to install:$missing" >&2
        exit 2
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

version=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
# the files of the tree as git knows them (committed or not), without
# build directories
rm -rf "$out"
mkdir -p "$out/gisac-$version"
(cd "$src" && git ls-files -co --exclude-standard -z) |
    (cd "$src" && xargs -0 cp --parents -t "$out/gisac-$version" 2>/dev/null) || {
    echo "deb: cannot copy the tree (is $src a git checkout?)" >&2
    exit 2
}
cd "$out/gisac-$version"
dpkg-buildpackage -us -uc -b -j"${DEB_JOBS:-2}"
cd "$out"
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
deb="$out/gisac_${version}_${arch}.deb"
[ -f "$deb" ] || { echo "deb: $deb was not built" >&2; exit 1; }
lintian --fail-on warning,error --info "$out/gisac_${version}_${arch}.changes"
echo "deb: $deb (lintian clean)"
