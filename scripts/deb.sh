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

# what the build needs (scripts/deps.sh), and the packaging tools
GISAC_EXTRA_DEPS="dpkg-dev debhelper lintian fakeroot" "$src/scripts/deps.sh"

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
