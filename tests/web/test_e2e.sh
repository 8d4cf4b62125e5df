#!/bin/sh
# The web portal end to end (tests/web/e2e.mjs, docs/web.md): a database
# with an agency and its officer, `gisac serve` on a free loopback port,
# then Debian's chromium driven by playwright-core (web/node_modules) with
# axe-core on every page. Skipped (77) without node, chromium or the
# portal's node_modules.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_PWHASH_FAST=1
CHROMIUM=${GISAC_CHROMIUM:-/usr/bin/chromium}
command -v node >/dev/null || { echo "node not installed: skipped"; exit 77; }
[ -x "$CHROMIUM" ] || { echo "$CHROMIUM not installed (scripts/deps.sh): skipped"; exit 77; }
[ -d "$GISAC_SRCDIR/web/node_modules/playwright-core" ] || { echo "web/node_modules missing (the build runs npm ci): skipped"; exit 77; }
SRV_PID=
trap 'serve_stop; rm -rf "$T"' EXIT

check_status "agency" 0 "$GISAC" agency add moda --name "數位發展部" --grade A
echo 'officer password 01' >"$T/pw"
check_status "officer" 0 "$GISAC" user add off-moda --role agency --agency moda <"$T/pw"
serve_start "$T/server.log" --threads 4

CHECKS=$((CHECKS + 1))
if ! GISAC_CHROMIUM=$CHROMIUM HOME=$T timeout 170 node "$GISAC_SRCDIR/tests/web/e2e.mjs" \
    "http://127.0.0.1:$PORT" off-moda 'officer password 01' moda; then
    fail "tests/web/e2e.mjs"
    tail -20 "$T/server.log" >&2
fi
finish
