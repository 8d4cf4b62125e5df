#!/bin/sh
# The web portal end to end (tests/web/e2e.mjs, docs/web.md): a database
# with an agency and its officer, `gisac serve` on a free loopback port,
# then Debian's chromium driven by playwright-core (web/node_modules) with
# axe-core on every page. Skipped (77) without node, chromium or the
# portal's node_modules.
. "$GISAC_SRCDIR/tests/web/e2e_lib.sh"

check_status "agency" 0 "$GISAC" agency add moda --name "數位發展部" --grade A
echo 'officer password 01' >"$T/pw"
check_status "officer" 0 "$GISAC" user add off-moda --role agency --agency moda <"$T/pw"
serve_start "$T/server.log" --threads 4

e2e_run e2e.mjs 170 off-moda 'officer password 01' moda
