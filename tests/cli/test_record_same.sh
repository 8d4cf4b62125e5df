#!/bin/sh
# gisac match --record and POST /api/v1/ingest record through one app
# function (app_record_sightings): the same input, recorded once by each
# into two databases set up alike, gives the same sightings (with their
# directions and hosts), the same alerts with the same kept events, and
# the same audit entries (but for who wrote them, when, their hashes, and
# "via", which names the path).
. "$GISAC_SRCDIR/tests/cli/lib.sh"
S=$GISAC_SRCDIR/samples
export GISAC_NOW=2026-11-24T00:00:00Z GISAC_PWHASH_FAST=1
command -v curl >/dev/null || { echo "curl not installed: skipped"; exit 77; }
command -v sqlite3 >/dev/null || { echo "skip: no sqlite3 (scripts/deps.sh installs it)"; exit 77; }
SRV_PID=
trap 'serve_stop; rm -rf "$T"' EXIT

# the input: the project's EVE sample, an event dated ahead of the clock,
# and (when the shared data is there) a real Suricata log whose first
# addresses are made indicators
cat "$S/eve-sample.json" >"$T/in.json"
printf '{"timestamp":"2099-01-01T00:00:00.000000+0000","event_type":"dns","dns":{"rrname":"c2.evil.example"}}\n' >>"$T/in.json"
cp "$S/c2-sample.txt" "$T/feed.txt"
if have_shared && [ -f "$SHARED/data/eve/stratosphere-test6.eve.json" ]; then
    cat "$SHARED/data/eve/stratosphere-test6.eve.json" >>"$T/in.json"
    /usr/bin/python3 - "$SHARED/data/eve/stratosphere-test6.eve.json" >>"$T/feed.txt" <<'PY'
import json, sys
seen = []
for l in open(sys.argv[1]):
    try:
        ip = json.loads(l).get("src_ip", "")
    except ValueError:
        continue
    if ip and "." in ip and not ip.startswith(("10.", "192.168.", "172.")) and ip not in seen:
        seen.append(ip)
    if len(seen) == 6:
        break
print("\n".join(seen))
PY
fi
cat >"$T/policy.json" <<'EOF2'
{"auto_report": {"enabled": true, "min_confidence": 70, "window": "24h"}}
EOF2

# setup DB: the same indicators, agency, policy and accounts in each
setup() {
    GISAC_DB=$1 "$GISAC" feed import --source drill --tlp green --confidence 80 "$T/feed.txt" >/dev/null 2>&1
    GISAC_DB=$1 "$GISAC" agency add moda --name "Ministry of Digital Affairs" --grade A \
        --networks 192.0.2.0/24,192.168.0.0/16 >/dev/null
    GISAC_DB=$1 "$GISAC" policy set "$T/policy.json" >/dev/null
    echo 'analyst password 01' | GISAC_DB=$1 "$GISAC" user add ann --role analyst >/dev/null 2>&1
}
M=$T/match.db
I=$T/ingest.db
setup "$M"
setup "$I"
# the audit entries so far (the recording's come after them)
before=$(GISAC_DB=$M "$GISAC" audit list | wc -l | tr -d ' ')
check_eq "set up alike" "$before" "$(GISAC_DB=$I "$GISAC" audit list | wc -l | tr -d ' ')"

# once by gisac match --record ...
GISAC_DB=$M check_status "match --record" 0 "$GISAC" match --record --agency moda "$T/in.json"
check_grep "alerted" "gisac: alerts: " "$T/err"

# ... once by POST /api/v1/ingest
GISAC_DB=$I "$GISAC" token create --user ann >"$T/tok.ann" 2>/dev/null || fail "token"
before_i=$(GISAC_DB=$I "$GISAC" audit list | wc -l | tr -d ' ')
GISAC_DB=$I serve_start "$T/server.log" --threads 2
check_eq "ingest" 200 "$(curl -s -o "$T/resp" -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/tok.ann")" \
    -H "$OCT" --data-binary "@$T/in.json" "http://127.0.0.1:$PORT/api/v1/ingest?agency=moda")"
serve_stop

# the sightings: the same rows
sightings() {
    sqlite3 "$1" "SELECT i.type, i.value, s.agency, s.first_seen, s.last_seen, s.count
                  FROM sighting s JOIN indicator i ON i.id = s.indicator_id ORDER BY i.type, i.value, s.agency"
}
sightings "$M" >"$T/s.match"
sightings "$I" >"$T/s.ingest"
check_eq "some sightings" 1 "$([ "$(wc -l <"$T/s.match")" -ge 8 ] && echo 1)"
check_eq "the same sightings" "$(cat "$T/s.match")" "$(cat "$T/s.ingest")"

# by direction, with the agency's hosts and the last event (not the sensor: who sent them)
details() {
    sqlite3 "$1" "SELECT i.type, i.value, d.agency, d.direction, d.first_seen, d.last_seen, d.count, d.hosts, d.last_event
                  FROM sighting_detail d JOIN indicator i ON i.id = d.indicator_id ORDER BY i.type, i.value, d.direction"
}
details "$M" >"$T/d.match"
details "$I" >"$T/d.ingest"
check_eq "some outbound sightings" 1 "$(grep -q '|outbound|' "$T/d.match" && echo 1)"
check_eq "the same sightings by direction" "$(cat "$T/d.match")" "$(cat "$T/d.ingest")"

# the alerts: the same, with the same counts, hosts and kept events; no incident
alerts() {
    sqlite3 "$1" "SELECT a.ref, a.agency, a.status, a.queue, a.direction, i.value, a.count, a.first_seen, a.last_seen, a.hosts,
                  (SELECT group_concat(e.ts || ' ' || e.line, '~') FROM alert_event e WHERE e.alert_id = a.id)
                  FROM alert a JOIN indicator i ON i.id = a.indicator_id ORDER BY a.ref"
}
alerts "$M" >"$T/al.match"
alerts "$I" >"$T/al.ingest"
check_eq "some alerts" 1 "$([ "$(wc -l <"$T/al.match")" -ge 3 ] && echo 1)"
check_eq "the same alerts" "$(cat "$T/al.match")" "$(cat "$T/al.ingest")"
check_eq "no incident" "0 0" "$(sqlite3 "$M" 'SELECT count(*) FROM incident') $(sqlite3 "$I" 'SELECT count(*) FROM incident')"

# the audit entries the recording wrote: ACTION, OBJECT, DETAIL; "via" names the path
# (not the server's audit checkpoint at its stop, which is no part of the recording)
audit_after() {
    GISAC_DB=$1 "$GISAC" audit list | tail -n +$(($2 + 1)) | cut -f4-6 | grep -v '^audit\.checkpoint	'
}
audit_after "$M" "$before" >"$T/a.match"
audit_after "$I" "$before_i" >"$T/a.ingest"
check_grep "match: via" '"via":"match"' "$T/a.match"
check_grep "ingest: via" '"via":"ingest"' "$T/a.ingest"
check_eq "one sighting.record entry each" "1 1" \
    "$(grep -c '^sighting.record' "$T/a.match") $(grep -c '^sighting.record' "$T/a.ingest")"
check_eq "the same audit entries" "$(sed 's/"via":"match"/"via":"-"/' "$T/a.match")" \
    "$(sed 's/"via":"ingest"/"via":"-"/' "$T/a.ingest")"
check_eq "the answer counts what was recorded" \
    "$(awk -F'|' '{n++; s+=$6} END {print n, s}' "$T/s.ingest")" \
    "$(json_get "$T/resp" '"%d %d" % (d["indicators"], d["sightings"])')"
finish
