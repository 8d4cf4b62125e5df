#!/bin/sh
# Install the Debian packages gisac needs to build, run and test: the
# compilers and libraries, Node.js and npm for the web portal, and
# Debian's chromium for its end-to-end tests (never a downloaded browser)
# with a Traditional Chinese font (fonts-noto-cjk) for its screenshots;
# OpenSSL's libcrypto for the APK check (src/apk) and, for its tests only,
# the Android tools that build and sign APKs and are its oracles (aapt,
# apksigner, android-framework-res; tests/cli/test_app_check.sh).
# Does nothing when everything is present. Uses sudo when not root.
set -eu

PKGS="build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev
libsqlite3-dev libjansson-dev libidn2-dev libsodium-dev libcmocka-dev libmicrohttpd-dev curl
libpwquality-dev cracklib-runtime zlib1g-dev
libcurl4-openssl-dev libseccomp-dev tzdata
postgresql libpq-dev
libnats-dev nats-server
sqlite3 bind9-utils nftables python3 python3-jsonschema time openssl wrk
chromium fonts-noto-cjk
libssl-dev aapt apksigner android-framework-res default-jdk-headless
libxml2-dev libbz2-dev libxml2-utils openscap-scanner ssg-debian"
# the benchmarks' baseline (make bench-serve)
[ "${GISAC_BENCH_DEPS:-}" = 1 ] && PKGS="$PKGS nginx-light"
# more for one job (scripts/deb.sh: the packaging tools)
PKGS="$PKGS ${GISAC_EXTRA_DEPS:-}"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
# the web portal's build (web/, docs/web.md): Node.js and npm, as commands
# (a Node.js from elsewhere, with its own npm, is kept as it is)
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    missing="$missing nodejs npm"
fi
[ -z "$missing" ] && exit 0

echo "deps: installing:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "deps: need root or sudo to install:$missing" >&2
    exit 2
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
