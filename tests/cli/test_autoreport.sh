#!/bin/sh
# Automatic reporting (G-ISAC 自動通報) end to end: the policy's
# "auto_report" rules (checked with JSON paths), gisac match --record
# opening one draft incident per agency and indicator and updating it
# after, never one per event; POST /api/v1/ingest (sensor of its own
# agency only, staff with ?agency, agency and consumer 403, oversize 413,
# bad lines named by number, incidents in the answer, durable before the
# answer); and incident events queued for a webhook on loopback.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
S=$GISAC_SRCDIR/samples
export GISAC_NOW=2026-11-24T00:00:00Z GISAC_PWHASH_FAST=1
command -v curl >/dev/null || { echo "curl not installed: skipped"; exit 77; }
command -v sqlite3 >/dev/null || { echo "skip: no sqlite3 (scripts/deps.sh installs it)"; exit 77; }
PY=/usr/bin/python3
PIDS=
SRV_PID=
cleanup() {
    serve_stop
    for p in $PIDS; do kill "$p" 2>/dev/null; done
    rm -rf "$T"
}
trap cleanup EXIT

sql() { sqlite3 "$GISAC_DB" "$1"; }

cp "$S/c2-sample.txt" "$T/sample.txt"
"$GISAC" feed import --source drill --tlp green --confidence 80 "$T/sample.txt" >/dev/null 2>&1
"$GISAC" agency add moda --name "Ministry of Digital Affairs" --grade A >/dev/null
"$GISAC" agency add mof --name "Ministry of Finance" --grade B >/dev/null

# --- the rules ------------------------------------------------------------------
printf '{"auto_report":{"enabled":true,"tlp":["green","purple"]}}' >"$T/bad1.json"
check_out "bad tlp" 2 "gisac: $T/bad1.json: \$.auto_report.tlp[1]: 'purple': not a TLP (use clear, green, amber, amber+strict, red)" \
    "$GISAC" policy check "$T/bad1.json"
printf '{"auto_report":{"min_confidence":101}}' >"$T/bad2.json"
check_out "bad confidence" 2 "gisac: $T/bad2.json: \$.auto_report.min_confidence: expected an integer from 0 to 100" \
    "$GISAC" policy check "$T/bad2.json"
printf '{"auto_report":{"draft":{"category":"mischief"}}}' >"$T/bad3.json"
check_status "bad category" 2 "$GISAC" policy check "$T/bad3.json"
check_grep "bad category: path" "\$.auto_report.draft.category: category 'mischief'" "$T/err"
printf '{"auto_report":{"window":"0h"}}' >"$T/bad4.json"
check_out "zero window" 2 "gisac: $T/bad4.json: \$.auto_report.window: the window cannot be zero" \
    "$GISAC" policy check "$T/bad4.json"
printf '{"auto_report":{"draft":{"asset":"national-secret","availability":"beyond-mtd"}}}' >"$T/bad5.json"
check_status "impact not for the asset" 2 "$GISAC" policy check "$T/bad5.json"
check_grep "impact not for the asset: path" "\$.auto_report.draft: " "$T/err"
printf '{"auto_report":{"enabled":true,"colour":1}}' >"$T/bad6.json"
check_status "unknown member" 2 "$GISAC" policy set "$T/bad6.json"
check_grep "unknown member" "\$.auto_report.colour: unknown member" "$T/err"
check_eq "nothing installed" "" "$(sql 'SELECT version FROM policy')"

# --- off by default: sightings only ------------------------------------------------
check_status "record, rules off" 0 "$GISAC" match --record --agency moda "$S/eve-sample.json"
check_nogrep "no auto report line" "automatic reporting" "$T/err"
check_eq "no incident" "0" "$(sql 'SELECT count(*) FROM incident')"

# --- only domains and the url, confidence 70 or more, green -----------------------
cat >"$T/policy.json" <<'EOF'
{"auto_report": {"enabled": true, "min_confidence": 70, "tlp": ["clear", "green"],
  "indicator_types": ["domain", "url"], "window": "24h",
  "draft": {"category": "intrusion-attempt", "asset": "core"}}}
EOF
check_out "policy check" 0 "$T/policy.json: a valid policy" "$GISAC" policy check "$T/policy.json"
check_status "policy set" 0 "$GISAC" policy set "$T/policy.json"

check_status "record moda" 0 "$GISAC" match --record --agency moda "$S/eve-sample.json"
check_grep "opened" "gisac: automatic reporting: 3 incidents opened, 0 updated" "$T/err"
check_out "drafts" 0 "INC-2026-000001	moda	-	draft	report	2026-11-24T09:00:00+08:00	1h00m	Sightings of domain c2.evil.example
INC-2026-000002	moda	-	draft	report	2026-11-24T09:00:00+08:00	1h00m	Sightings of domain update-check.malware.test
INC-2026-000003	moda	-	draft	report	2026-11-24T09:00:00+08:00	1h00m	Sightings of url http://phish.evil.example/login.php" \
    "$GISAC" incident list
check_eq "draft fields" "intrusion-attempt core auto:domain:c2.evil.example 2026-11-01T00:00:01Z" \
    "$("$GISAC" incident show INC-2026-000001 --json >"$T/inc.json" && json_get "$T/inc.json" 'd["category"]+" "+d["asset"]+" "+d["origin"]+" "+d["occurred_at"]')"
check_eq "links" "INC-2026-000001|indicator|domain:c2.evil.example
INC-2026-000001|sighting|moda/domain:c2.evil.example" \
    "$(sql "SELECT i.ref, l.kind, l.target FROM incident_link l JOIN incident i ON i.id = l.incident_id WHERE i.ref = 'INC-2026-000001' ORDER BY l.kind")"
check_eq "counted once" "3|1" "$(sql "SELECT count, batches FROM incident_sighting WHERE incident_id = 1")"

# the same again: the same incidents, counted on
check_status "record moda again" 0 "$GISAC" match --record --agency moda "$S/eve-sample.json"
check_grep "updated" "gisac: automatic reporting: 0 incidents opened, 3 updated" "$T/err"
check_eq "still three" "3" "$(sql 'SELECT count(*) FROM incident')"
check_eq "counted twice" "6|2|2026-11-01T00:00:01Z" \
    "$(sql "SELECT count, batches, strftime('%Y-%m-%dT%H:%M:%SZ', first_seen, 'unixepoch') FROM incident_sighting WHERE incident_id = 1")"
check_eq "audit entries" "6" "$(sql "SELECT count(*) FROM audit_log WHERE action = 'incident.auto_report'")"
check_eq "audit detail" '{"id":"INC-2026-000001","agency":"moda","indicator":{"type":"domain","value":"c2.evil.example"},"sightings":3,"first":"2026-11-01T00:00:01Z","last":"2026-11-01T00:00:01Z","opened":false}' \
    "$(sql "SELECT detail FROM audit_log WHERE action = 'incident.auto_report' AND object = 'INC-2026-000001' ORDER BY seq DESC LIMIT 1")"

# another agency: its own incidents; no agency: none, and it says so
check_status "record mof" 0 "$GISAC" match --record --agency mof "$S/eve-sample.json"
check_grep "mof opened" "gisac: automatic reporting: 3 incidents opened, 0 updated" "$T/err"
check_eq "mof incidents" "INC-2026-000004 INC-2026-000005 INC-2026-000006" \
    "$("$GISAC" incident list --agency mof | cut -f1 | tr '\n' ' ' | sed 's/ $//')"
check_status "record without agency" 0 "$GISAC" match --record "$S/eve-sample.json"
check_grep "unattributed said" "gisac: sightings without --agency are not reported automatically" "$T/err"
check_status "record unknown agency" 0 "$GISAC" match --record --agency nobody "$S/eve-sample.json"
check_grep "unknown agency said" "gisac: agency nobody is not in the registry (gisac agency add): its sightings are not reported automatically" "$T/err"
check_status "--no-auto-report" 0 "$GISAC" match --record --no-auto-report --agency moda "$S/eve-sample.json"
check_nogrep "--no-auto-report: quiet" "automatic reporting" "$T/err"
check_status "--no-auto-report alone" 2 "$GISAC" match --no-auto-report "$S/eve-sample.json"
check_eq "six incidents" "6" "$(sql 'SELECT count(*) FROM incident')"

# after the window: a new one (the old draft stays, with its breach)
GISAC_NOW=2026-11-25T00:00:01Z check_status "record after the window" 0 \
    "$GISAC" match --record --agency moda "$S/eve-sample.json"
check_grep "new after the window" "gisac: automatic reporting: 3 incidents opened, 0 updated" "$T/err"
check_eq "origins of moda" "auto:domain:c2.evil.example|2
auto:domain:update-check.malware.test|2
auto:url:http://phish.evil.example/login.php|2" \
    "$(sql "SELECT origin, count(*) FROM incident WHERE agency = 'moda' GROUP BY origin ORDER BY origin")"

# --- incident events -> notifications, on loopback -----------------------------------
start_receiver http "$T/hook" 0
HP=$(cat "$T/hook/port")
check_status "subscribe" 0 "$GISAC" notify add webhook "http://127.0.0.1:$HP/hook" \
    --events incident.new,incident.level,incident.breach --agency moda

# --- POST /api/v1/ingest ------------------------------------------------------------------
echo 'analyst password 01' >"$T/pw"
"$GISAC" user add ann --role analyst <"$T/pw" >/dev/null 2>&1
"$GISAC" user add off --role agency --agency moda <"$T/pw" >/dev/null 2>&1
"$GISAC" user add fw --role consumer --agency moda </dev/null >/dev/null 2>&1
"$GISAC" user add sen --role sensor --agency moda </dev/null >/dev/null 2>&1
make_tokens ann off fw sen
export GISAC_NOW=2026-11-26T00:00:02Z
serve_start "$T/server.log" --threads 2 --max-body 4096
A="http://127.0.0.1:$PORT/api/v1"
# post WHO QUERY FILE: the status; the body in $T/resp
post() {
    curl -s -o "$T/resp" -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/tok.$1")" \
        -H 'Content-Type: application/octet-stream' --data-binary "@$3" "$A/ingest$2"
}
cp "$S/eve-sample.json" "$T/eve.json"

check_eq "sensor posts" 200 "$(post sen '?format=eve' "$T/eve.json")"
check_eq "answer" '{"agency": "moda", "format": "eve", "lines": 10, "events": 9, "sightings": 15, "indicators": 8, "unparsed": 1, "errors": [{"line": 10, "reason": "invalid literal"}], "incidents": ["INC-2026-000010", "INC-2026-000011", "INC-2026-000012"]}' \
    "$($PY -c 'import json,sys; d=json.load(open(sys.argv[1])); d["incidents"].sort(); print(json.dumps(d))' "$T/resp")"
check_eq "durable before the answer" "moda|18" \
    "$(sql "SELECT s.agency, s.count FROM sighting s JOIN indicator i ON i.id = s.indicator_id WHERE i.value = '198.51.100.7' AND s.agency = 'moda'")"
check_eq "ingest audited" '{"agency":"moda","indicators":8,"sightings":15,"via":"ingest"}|user:sen' \
    "$(sql "SELECT detail, actor FROM audit_log WHERE action = 'sighting.record' ORDER BY seq DESC LIMIT 1")"
check_eq "sensor posts again" 200 "$(post sen '' "$T/eve.json")"
check_eq "same incidents" '["INC-2026-000010", "INC-2026-000011", "INC-2026-000012"] 12' \
    "$(json_get "$T/resp" 'sorted(d["incidents"])' | tr "'" '"') $(sql 'SELECT count(*) FROM incident')"

# the answer cache outlives ingest (sightings are not shared data), not an import
GISAC_UUID_NS=6a1c2e4f-830b-4c1d-9e55-1f7a3c60d291
SHID=$($PY -c 'import uuid,sys; print(uuid.uuid5(uuid.UUID(sys.argv[1]), "collection:indicators"))' "$GISAC_UUID_NS")
page() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/tok.ann")" \
    "http://127.0.0.1:$PORT/taxii2/api/collections/$SHID/objects/?limit=5"; }
cache() { curl -s -H "Authorization: Bearer $(cat "$T/tok.ann")" "http://127.0.0.1:$PORT/metrics" |
    sed -n 's/^gisac_http_cache_\(hits\|misses\)_total \([0-9]*\)$/\1=\2/p' | tr '\n' ' '; }
check_eq "page computed, then kept" "200 200 hits=1 misses=1 " "$(page) $(page) $(cache)"
check_eq "ingest" 200 "$(post sen '' "$T/eve.json")"
check_eq "page kept across ingest" "200 hits=2 misses=1 " "$(page) $(cache)"
printf 'new.evil.example\n' >"$T/new.txt"
"$GISAC" feed import --tlp green "$T/new.txt" >/dev/null 2>&1
check_eq "page computed again after an import" "200 hits=2 misses=2 " "$(page) $(cache)"

check_eq "sensor for another agency" 403 "$(post sen '?agency=mof' "$T/eve.json")"
check_eq "sensor for another agency: why" "a sensor submits for its own agency only" "$(json_get "$T/resp" 'd["error"]["message"]')"
check_eq "consumer" 403 "$(post fw '' "$T/eve.json")"
check_eq "agency officer" 403 "$(post off '' "$T/eve.json")"
check_eq "analyst without agency" 400 "$(post ann '' "$T/eve.json")"
check_eq "analyst, unknown agency" 422 "$(post ann '?agency=nobody' "$T/eve.json")"
check_eq "bad format" 400 "$(post sen '?format=syslog' "$T/eve.json")"
check_eq "no token" 401 "$(curl -s -o /dev/null -w '%{http_code}' --data-binary "@$T/eve.json" "$A/ingest")"
check_eq "analyst for mof" 200 "$(post ann '?agency=mof' "$T/eve.json")"
check_eq "mof: new ones, the old are out of the window" '["INC-2026-000013", "INC-2026-000014", "INC-2026-000015"]' \
    "$(json_get "$T/resp" 'sorted(d["incidents"])' | tr "'" '"')"

printf '{"timestamp":"2099-01-01T00:00:00.000000+0000","event_type":"dns","dns":{"rrname":"c2.evil.example"}}\n' >"$T/future.json"
check_eq "an event dated ahead" 200 "$(post sen '?format=eve' "$T/future.json")"
check_eq "counts at its arrival" 1 \
    "$(sql "SELECT max(last_seen) = CAST(strftime('%s', '2026-11-26T00:00:02') AS INTEGER) FROM sighting")"
GISAC_NOW=2026-11-27T00:00:00Z "$GISAC" match --record --no-auto-report --agency moda "$T/future.json" >/dev/null 2>&1
check_eq "match --record too" 1 \
    "$(sql "SELECT max(last_seen) = CAST(strftime('%s', '2026-11-27T00:00:00') AS INTEGER) FROM sighting")"
$PY -c 'print("x" * 5000)' >"$T/big.txt"
check_eq "oversize" 413 "$(post sen '' "$T/big.txt")"
printf '{"event_type":"dns","dns":{"rrname":"c2.evil.example"}}\nnot json at all\n\n{"event_type":"dns",\n' >"$T/bad.json"
check_eq "bad lines" 200 "$(post sen '?format=eve' "$T/bad.json")"
check_eq "bad lines named" "4 1 2 [2, 4]" \
    "$(json_get "$T/resp" '" ".join(str(x) for x in (d["lines"], d["events"], d["unparsed"], [e["line"] for e in d["errors"]]))')"
printf '#separator \\x09\n#path\tdns\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tquery\n1764115200.000000\tC1\t10.0.0.1\t5353\t192.0.2.53\t53\tx.c2.evil.example\n' >"$T/dns.log"
check_eq "zeek tsv" 200 "$(post sen '?format=zeek' "$T/dns.log")"
C2=$(sql "SELECT ref FROM incident WHERE origin = 'auto:domain:c2.evil.example' AND agency = 'moda' ORDER BY id DESC LIMIT 1")
check_eq "zeek answer" "zeek 4 1 1 ['$C2']" \
    "$(json_get "$T/resp" '" ".join(str(x) for x in (d["format"], d["lines"], d["events"], d["sightings"], d["incidents"]))')"

# the new incidents of moda went to the webhook (a delivery pass here, or the
# server's scheduler, whichever comes first)
"$GISAC" notify deliver >/dev/null 2>&1
for _ in $(seq 1 100); do
    [ "$(grep -c '"x-gisac-event": "incident.new"' "$T/hook/requests.jsonl" 2>/dev/null)" = 3 ] && break
    sleep 0.1
done
check_eq "webhook got incident.new" "incident.new 【資安事件通報】INC-2026-000010 Sightings of domain c2.evil.example
incident.new 【資安事件通報】INC-2026-000011 Sightings of domain update-check.malware.test
incident.new 【資安事件通報】INC-2026-000012 Sightings of url http://phish.evil.example/login.php" \
    "$($PY -c '
import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l); b = json.loads(r["body"])
    if r["headers"]["x-gisac-event"] == "incident.new":
        print(r["headers"]["x-gisac-event"], b["subject"])' "$T/hook/requests.jsonl" | sort)"
check_grep "and the breaches of the old drafts" '"x-gisac-event": "incident.breach"' "$T/hook/requests.jsonl"
check_nogrep "not mof's" "(mof)" "$T/hook/requests.jsonl"

# --- TLP: a draft shows moda only what moda may read ------------------------------------
printf '{"auto_report": {"enabled": true, "min_confidence": 70, "indicator_types": ["domain"]}}\n' >"$T/policy2.json"
check_status "policy: every TLP" 0 "$GISAC" policy set "$T/policy2.json"
printf 'red.evil.example\n' >"$T/red.txt"
"$GISAC" feed import --source secret --tlp red --confidence 90 "$T/red.txt" >/dev/null 2>&1
printf 'amber.evil.example\n' >"$T/amber.txt"
"$GISAC" feed import --source am --tlp amber --confidence 90 --recipient moda "$T/amber.txt" >/dev/null 2>&1
printf '{"event_type":"dns","dns":{"rrname":"red.evil.example"}}\n{"event_type":"dns","dns":{"rrname":"www.amber.evil.example"}}\n' >"$T/tlp.json"
sleep 1.1 # the server's snapshot is looked at once a second
check_eq "sensor posts red and amber" 200 "$(post sen '?format=eve' "$T/tlp.json")"
check_eq "two drafts" 2 "$(json_get "$T/resp" 'len(d["incidents"])')"
check_eq "the sensor is told of the amber one only (moda may read it), not the red one" "1 1" \
    "$(json_get "$T/resp" '"%d %d" % (d["indicators"], d["sightings"])')"
check_eq "both recorded" 2 \
    "$(sql "SELECT count(*) FROM sighting s JOIN indicator i ON i.id = s.indicator_id WHERE i.value IN ('red.evil.example', 'amber.evil.example') AND s.agency = 'moda'")"
curl -s -o "$T/drafts" -H "Authorization: Bearer $(cat "$T/tok.off")" "$A/incidents?status=draft&limit=100"
check_eq "officer: the amber one (moda is a recipient) named, the red one not" \
    "Sightings of a restricted domain indicator (TLP red)|Sightings of domain amber.evil.example" \
    "$(json_get "$T/drafts" '"|".join(sorted(i["title"] for i in d["incidents"] if "red" in i["title"] or "amber" in i["title"]))')"
check_nogrep "officer: the red value nowhere in the list" "red.evil.example" "$T/drafts"
RED=$(json_get "$T/drafts" '[i["id"] for i in d["incidents"] if "restricted" in i["title"]][0]')
curl -s -o "$T/redinc" -H "Authorization: Bearer $(cat "$T/tok.off")" "$A/incidents/$RED"
curl -s -o "$T/redlinks" -H "Authorization: Bearer $(cat "$T/tok.off")" "$A/incidents/$RED/links"
curl -s -o "$T/redevents" -H "Authorization: Bearer $(cat "$T/tok.off")" "$A/incidents/$RED/events"
cat "$T/redinc" "$T/redlinks" "$T/redevents" >"$T/redall"
check_nogrep "officer: nor in the incident, its links and events" "red.evil.example" "$T/redall"
check_grep "the link names the row" '"target":"domain:row-' "$T/redlinks"
check_eq "staff see the value in the audit entry" 1 \
    "$(sql "SELECT count(*) FROM audit_log WHERE action = 'incident.auto_report' AND object = '$RED' AND detail LIKE '%red.evil.example%'")"
finish
