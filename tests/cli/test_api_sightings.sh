#!/bin/sh
# GET /api/v1/sightings filtered on the server by time range (since,
# until: local time without an offset) and by sensor, as the web
# portal's sightings page asks: two sensors of one agency ingest events on
# two days; exact rows, an empty range, until before since, bad values.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_PWHASH_FAST=1
command -v curl >/dev/null || { echo "curl not installed: skipped"; exit 77; }
need_python
SRV_PID=
trap 'serve_stop; rm -rf "$T"' EXIT

check_status "agency" 0 "$GISAC" agency add moda --name "數位發展部" --grade A --networks 10.1.0.0/16
echo 'officer password 01' >"$T/pw"
check_status "officer" 0 "$GISAC" user add off --role agency --agency moda <"$T/pw"
for s in ids-a ids-b; do
    check_status "sensor $s" 0 "$GISAC" user add "$s" --role sensor --agency moda </dev/null
done
make_tokens off ids-a ids-b
printf 'one.evil.example\ntwo.evil.example\n' >"$T/feed.txt"
check_status "feed" 0 "$GISAC" feed import --source drill --tlp green --confidence 90 "$T/feed.txt"

# ids-a sees one.evil.example on 24 November (local), ids-b two.evil.example on the 25th
ingest() {
    GISAC_NOW=$3 serve_start "$T/server.log" --threads 1
    A=http://127.0.0.1:$PORT/api/v1
    printf '{"event_type":"dns","src_ip":"10.1.0.5","dest_ip":"10.1.0.53","dns":{"rrname":"%s"}}\n' "$2" >"$T/eve.json"
    check_eq "$1 ingests $2" 200 "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/tok.$1")" \
        -H 'Content-Type: application/json' --data-binary @"$T/eve.json" "$A/ingest")"
    serve_stop
}
ingest ids-a one.evil.example 2026-11-24T02:00:00Z
ingest ids-b two.evil.example 2026-11-25T02:00:00Z
GISAC_NOW=2026-11-26T00:00:00Z serve_start "$T/server.log" --threads 1
A=http://127.0.0.1:$PORT/api/v1
rows() { json_get "$T/resp" '" ".join(s["indicator"]["value"] + "@" + str(s["sensor"]) + "@" + s["last_seen"] for s in d["sightings"])'; }

check_eq "all" 200 "$(get off /sightings)"
check_eq "all, newest first" "two.evil.example@ids-b@2026-11-25T02:00:00Z one.evil.example@ids-a@2026-11-24T02:00:00Z" "$(rows)"
check_eq "sensor ids-a" 200 "$(get off '/sightings?sensor=ids-a')"
check_eq "sensor ids-a: its row, exactly" "[{'indicator': {'type': 'domain', 'value': 'one.evil.example', 'tlp': 'green'}, 'agency': 'moda', 'direction': 'outbound', 'first_seen': '2026-11-24T02:00:00Z', 'last_seen': '2026-11-24T02:00:00Z', 'count': 1, 'hosts': ['10.1.0.5', '10.1.0.53'], 'sensor': 'ids-a'}]" \
    "$(json_get "$T/resp" '[{k: v for k, v in s.items() if k != "last_event"} for s in d["sightings"]]')"
check_eq "an unknown sensor: none" "200 " "$(get off '/sightings?sensor=ids-x') $(rows)"
check_eq "until the 25th (local midnight)" 200 "$(get off '/sightings?until=2026-11-25')"
check_eq "until: the 24th's only" "one.evil.example@ids-a@2026-11-24T02:00:00Z" "$(rows)"
check_eq "since the 25th, local time without offset" 200 "$(get off '/sightings?since=2026-11-25T00:00:00')"
check_eq "since: the 25th's only" "two.evil.example@ids-b@2026-11-25T02:00:00Z" "$(rows)"
check_eq "a range and a sensor" 200 "$(get off '/sightings?since=2026-11-24&until=2026-11-26&sensor=ids-b')"
check_eq "a range and a sensor: one" "two.evil.example@ids-b@2026-11-25T02:00:00Z" "$(rows)"
check_eq "until is exclusive" 200 "$(get off '/sightings?until=2026-11-25T10:00:00%2B08:00')"
check_eq "until is exclusive: the 25th's left out" "one.evil.example@ids-a@2026-11-24T02:00:00Z" "$(rows)"
check_eq "until before since" 422 "$(get off '/sightings?since=2026-11-25&until=2026-11-24')"
check_eq "until before since: message" "invalid: query parameter 'until': must be later than since" "$(json_get "$T/resp" 'd["error"]["code"]+": "+d["error"]["message"]')"
check_eq "bad until" 400 "$(get off '/sightings?until=tomorrow')"
check_eq "bad until: message" "query parameter 'until' must be a time such as 2026-11-24T08:00:00Z" "$(json_get "$T/resp" 'd["error"]["message"]')"
finish
