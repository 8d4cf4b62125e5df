#!/bin/sh
# make run: set up the embedded database, import the sample feed, show it,
# then run the main job: the server, on 127.0.0.1:8080 (GISAC_LISTEN) until
# Ctrl-C. Safe to run again: the import merges, nothing is duplicated, and
# the administrator is created only once.
set -eu
cd "$(dirname "$0")/.."
GISAC=${GISAC:-./build/gisac}
LISTEN=${GISAC_LISTEN:-127.0.0.1:8080}
DB=${GISAC_DB:-./gisac.db}
export GISAC_DB="$DB"

echo "== gisac $($GISAC --version | cut -d' ' -f2), database $DB"
echo "== importing the sample feed (samples/c2-sample.txt)"
$GISAC feed import --source gisac-sample --tlp green --confidence 80 samples/c2-sample.txt
echo
echo "== intel stats"
$GISAC intel stats
echo
echo "== intel search a.c2.evil.example   (a sub-domain of a listed C2 domain)"
$GISAC intel search a.c2.evil.example
echo
echo "== intel search 203.0.113.9          (inside a listed CIDR)"
$GISAC intel search 203.0.113.9
echo
echo "== intel search notevil.example       (no substring matches: exit status 1)"
$GISAC intel search notevil.example || true
echo
echo "== match samples/eve-sample.json        (a Suricata EVE log; first 3 sightings)"
out=$(mktemp)
$GISAC match samples/eve-sample.json >"$out" || true
head -3 "$out"
rm -f "$out"
echo
echo "== status   (the alert light, from open incidents, breaches and sightings)"
$GISAC status
echo
echo "== the server: gisac serve --listen $LISTEN   (Ctrl-C stops it)"
echo "   The web portal: open http://$LISTEN/ in a browser (docs/web.md)."
echo "   Log in as \"admin\": on the first run the server prints its password below,"
echo "   once (or takes GISAC_ADMIN_PASSWORD); later, reset it with"
echo "   ./build/gisac user passwd admin. An agency's security officer gets an account"
echo "   of the role agency (its password is printed once):"
echo "     ./build/gisac agency add moda --name 數位發展部 --grade A"
echo "     ./build/gisac user add officer --role agency --agency moda"
echo "   Machines use tokens:"
echo "   ./build/gisac token create --user admin"
echo "   Then, for example:"
echo "     curl -u admin:PASSWORD http://$LISTEN/api/v1/indicators/search?value=a.c2.evil.example"
echo "     curl -u admin:PASSWORD http://$LISTEN/taxii2/api/collections/"
echo "     curl -u admin:PASSWORD http://$LISTEN/feeds/rpz"
echo "     curl -u admin:PASSWORD http://$LISTEN/api/v1/status"
echo "   The REST API is described at http://$LISTEN/api/v1/openapi.json (docs/api.md)."
echo
exec $GISAC serve --listen "$LISTEN"
