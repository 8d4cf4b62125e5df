#!/bin/sh
# Build the web portal (web/) into OUTDIR for embedding into gisac
# (CMakeLists.txt runs this when a file of web/ changed; docs/web.md):
# `npm ci` when node_modules is missing or older than the lock file, the
# type check, then `vite build`. One build at a time per source tree (a
# lock), since build/ and build-asan/ share web/node_modules.
set -eu
out=${1:?usage: web_build.sh OUTDIR}
web=$(cd "$(dirname "$0")/../web" && pwd)

need() {
    echo "gisac: building the web portal (web/, part of the gisac binary) needs $1." >&2
    echo "gisac: run scripts/deps.sh (make does), or install Node.js 18 or later with npm (Debian 12: apt-get install nodejs npm)." >&2
    exit 1
}
command -v node >/dev/null 2>&1 || need "node (Node.js)"
command -v npm >/dev/null 2>&1 || need "npm"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' ||
    need "Node.js 18 or later (this is $(node --version))"

cd "$web"
(
    flock 9
    if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
        echo "web: npm ci" >&2
        npm ci --no-audit --no-fund --loglevel=error
    fi
    ./node_modules/.bin/tsc --noEmit -p .
    GISAC_WEB_OUT="$out" ./node_modules/.bin/vite build --logLevel warn
) 9>"$web/.build.lock"
# the built page must load nothing inline: the server's CSP forbids it
if grep -Eiq '<script>|<script [^>]*>[^<]|<style|style="' "$out/index.html"; then
    echo "gisac: $out/index.html has an inline script or style (the CSP forbids them)" >&2
    exit 1
fi
