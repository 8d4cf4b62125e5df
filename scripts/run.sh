#!/bin/sh
# make run: set up the embedded database, import the sample feed, run the
# main job. Safe to run again: the import merges, nothing is duplicated.
set -eu
cd "$(dirname "$0")/.."
GISAC=./build/gisac
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
echo "Try: ./build/gisac --help, ./build/gisac intel export --format rpz,"
echo "     ./build/gisac match --follow /var/log/suricata/eve.json"
