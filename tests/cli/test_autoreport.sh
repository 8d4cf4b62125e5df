#!/bin/sh
# Monitoring notices (alerts) from sightings end to end: the policy's
# "auto_report" rules (checked with JSON paths), gisac match --record
# opening one alert per agency and indicator and updating it after, never
# one per event and never an incident (outbound sightings only: the
# agency's networks decide); POST /api/v1/ingest (sensor of its own agency
# only, staff with ?agency, agency and consumer 403, oversize 413, bad
# lines named by number, alerts in the answer, durable before the
# answer); alert events queued for a webhook on loopback; and TLP: an
# alert of an indicator the agency may not read is held for the office,
# and the sensor's answer does not betray it.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
S=$GISAC_SRCDIR/samples
export GISAC_NOW=2026-11-24T00:00:00Z GISAC_PWHASH_FAST=1
command -v curl >/dev/null || { echo "curl not installed: skipped"; exit 77; }
command -v sqlite3 >/dev/null || { echo "skip: no sqlite3 (scripts/deps.sh installs it)"; exit 77; }
PY=/usr/bin/python3
PIDS=
SRV_PID=
trap stop_all EXIT

sql() { db_sql "$1"; }

cp "$S/c2-sample.txt" "$T/sample.txt"
"$GISAC" feed import --source drill --tlp green --confidence 80 "$T/sample.txt" >/dev/null 2>&1
"$GISAC" agency add moda --name "Ministry of Digital Affairs" --grade A >/dev/null
"$GISAC" agency add mof --name "Ministry of Finance" --grade B --networks 192.0.2.0/24 >/dev/null

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

# --- by default: outbound sightings only; moda has declared no networks --------------
check_status "record, no networks" 0 "$GISAC" match --record --agency moda "$S/eve-sample.json"
check_grep "nothing alerted" "gisac: alerts: 0 opened, 0 updated" "$T/err"
check_grep "counted, not alerted" "gisac: 8 indicators' sightings counted, not alerted" "$T/err"
check_eq "directions unknown" "unknown|8" "$(sql "SELECT direction, count(*) FROM sighting_detail WHERE agency = 'moda' GROUP BY direction")"
check_eq "no incident" "0" "$(sql 'SELECT count(*) FROM incident')"
check_eq "no alert" "0" "$(sql 'SELECT count(*) FROM alert')"
check_status "moda's networks" 0 "$GISAC" agency update moda --networks 192.0.2.0/24

# --- only domains and the url, confidence 70 or more, green -----------------------
cat >"$T/policy.json" <<'EOF'
{"auto_report": {"enabled": true, "min_confidence": 70, "tlp": ["clear", "green"],
  "indicator_types": ["domain", "url"], "window": "24h",
  "draft": {"category": "intrusion-attempt", "asset": "core"}}}
EOF
check_out "policy check" 0 "$T/policy.json: a valid policy" "$GISAC" policy check "$T/policy.json"
check_status "policy set" 0 "$GISAC" policy set "$T/policy.json"

check_status "record moda" 0 "$GISAC" match --record --agency moda "$S/eve-sample.json"
check_grep "opened" "gisac: alerts: 3 opened, 0 updated" "$T/err"
check_out "alerts" 0 "ALR-2026-000003	moda	open	agency	outbound	url:http://phish.evil.example/login.php	1	192.0.2.11	2026-11-25T08:00:00+08:00
ALR-2026-000002	moda	open	agency	outbound	domain:update-check.malware.test	1	192.0.2.10	2026-11-25T08:00:00+08:00
ALR-2026-000001	moda	open	agency	outbound	domain:c2.evil.example	3	192.0.2.10,192.0.2.53	2026-11-25T08:00:00+08:00" \
    "$GISAC" alert list
check_eq "no incident, no deadline" "0 0" "$(sql 'SELECT count(*) FROM incident') $(sql 'SELECT count(*) FROM incident_breach')"
check_eq "alert fields" "outbound c2.evil.example 2026-11-01T00:00:01Z 2026-11-24T00:00:00Z 2026-11-25T00:00:00Z 2 0" \
    "$("$GISAC" alert show ALR-2026-000001 --json >"$T/al.json" && json_get "$T/al.json" '" ".join(str(x) for x in (d["direction"], d["indicator"]["value"], d["first_seen"], d["opened"], d["due"], len(d["events"]["first"]), len(d["events"]["last"])))')"
check_eq "the first event verbatim" "$(head -n 1 "$S/eve-sample.json")" "$(json_get "$T/al.json" 'd["events"]["first"][0]["line"]')"
check_eq "counted once" "3|1" "$(sql "SELECT count, batches FROM alert WHERE ref = 'ALR-2026-000001'")"

# the same again: the same incidents, counted on
check_status "record moda again" 0 "$GISAC" match --record --agency moda "$S/eve-sample.json"
check_grep "updated" "gisac: alerts: 0 opened, 3 updated" "$T/err"
check_eq "still three" "3" "$(sql 'SELECT count(*) FROM alert')"
check_eq "counted twice" "6|2|2026-11-01T00:00:01Z" \
    "$(sql "SELECT count, batches, first_seen FROM alert WHERE ref = 'ALR-2026-000001'" |
        { IFS='|' read -r c b f && echo "$c|$b|$(date -u -d "@$f" +%Y-%m-%dT%H:%M:%SZ)"; })"
check_eq "events kept: the first ones, then the last ones" "4" "$(sql "SELECT count(*) FROM alert_event e JOIN alert a ON a.id = e.alert_id WHERE a.ref = 'ALR-2026-000001'")"
check_eq "audit entries" "3 3" "$(sql "SELECT count(*) FROM audit_log WHERE action = 'alert.open'") $(sql "SELECT count(*) FROM audit_log WHERE action = 'alert.update'")"
check_eq "audit detail" '{"id":"ALR-2026-000001","agency":"moda","indicator":{"type":"domain","value":"c2.evil.example"},"queue":"agency","status":"open","sightings":6,"direction":"outbound","opened":false}' \
    "$(sql "SELECT detail FROM audit_log WHERE action = 'alert.update' AND object = 'ALR-2026-000001' ORDER BY seq DESC LIMIT 1")"

# another agency: its own alerts; no agency: none, and it says so
check_status "record mof" 0 "$GISAC" match --record --agency mof "$S/eve-sample.json"
check_grep "mof opened" "gisac: alerts: 3 opened, 0 updated" "$T/err"
check_eq "mof alerts" "ALR-2026-000006 ALR-2026-000005 ALR-2026-000004" \
    "$("$GISAC" alert list --agency mof | cut -f1 | tr '\n' ' ' | sed 's/ $//')"
check_status "record without agency" 0 "$GISAC" match --record "$S/eve-sample.json"
check_grep "unattributed said" "gisac: sightings without --agency open no alerts" "$T/err"
check_status "record unknown agency" 0 "$GISAC" match --record --agency nobody "$S/eve-sample.json"
check_grep "unknown agency said" "gisac: agency nobody is not in the registry (gisac agency add): its sightings open no alerts" "$T/err"
check_status "--no-auto-report" 0 "$GISAC" match --record --no-auto-report --agency moda "$S/eve-sample.json"
check_nogrep "--no-auto-report: quiet" "alerts:" "$T/err"
check_status "--no-auto-report alone" 2 "$GISAC" match --no-auto-report "$S/eve-sample.json"
check_eq "six alerts, no incident" "6 0" "$(sql 'SELECT count(*) FROM alert') $(sql 'SELECT count(*) FROM incident')"

# after the window: a new one (the old alert stays, overdue: its answer deadline passed)
GISAC_NOW=2026-11-25T00:00:01Z check_status "record after the window" 0 \
    "$GISAC" match --record --agency moda "$S/eve-sample.json"
check_grep "new after the window" "gisac: alerts: 3 opened, 0 updated" "$T/err"
check_eq "alerts of moda" "domain:c2.evil.example|2
domain:update-check.malware.test|2
url:http://phish.evil.example/login.php|2" \
    "$(sql "SELECT i.type || ':' || i.value, count(*) FROM alert a JOIN indicator i ON i.id = a.indicator_id WHERE a.agency = 'moda' GROUP BY i.id ORDER BY 1")"
check_eq "the old one overdue" "true" "$(GISAC_NOW=2026-11-25T00:00:01Z "$GISAC" alert show ALR-2026-000001 --json >"$T/al1.json" && json_get "$T/al1.json" 'str(d["overdue"]).lower()')"

# --- incident events -> notifications, on loopback -----------------------------------
start_receiver http "$T/hook" 0
HP=$(cat "$T/hook/port")
check_status "subscribe" 0 "$GISAC" notify add webhook "http://127.0.0.1:$HP/hook" \
    --events incident.new,incident.level,incident.breach,alert.opened,alert.released --agency moda

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
check_eq "answer" '{"agency": "moda", "format": "eve", "lines": 10, "events": 9, "sightings": 15, "indicators": 8, "unparsed": 1, "errors": [{"line": 10, "reason": "invalid literal"}], "alerts": ["ALR-2026-000010", "ALR-2026-000011", "ALR-2026-000012"]}' \
    "$($PY -c 'import json,sys; d=json.load(open(sys.argv[1])); d["alerts"].sort(); print(json.dumps(d))' "$T/resp")"
check_eq "durable before the answer" "moda|18" \
    "$(sql "SELECT s.agency, s.count FROM sighting s JOIN indicator i ON i.id = s.indicator_id WHERE i.value = '198.51.100.7' AND s.agency = 'moda'")"
check_eq "ingest audited" '{"agency":"moda","indicators":8,"sightings":15,"via":"ingest"}|user:sen' \
    "$(sql "SELECT detail, actor FROM audit_log WHERE action = 'sighting.record' ORDER BY seq DESC LIMIT 1")"
check_eq "sensor posts again" 200 "$(post sen '' "$T/eve.json")"
check_eq "same alerts" '["ALR-2026-000010", "ALR-2026-000011", "ALR-2026-000012"] 12' \
    "$(json_get "$T/resp" 'sorted(d["alerts"])' | tr "'" '"') $(sql 'SELECT count(*) FROM alert')"

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
check_eq "bad format" 400 "$(post sen '?format=xml' "$T/eve.json")"
check_eq "no token" 401 "$(curl -s -o /dev/null -w '%{http_code}' --data-binary "@$T/eve.json" "$A/ingest")"
check_eq "analyst for mof" 200 "$(post ann '?agency=mof' "$T/eve.json")"
check_eq "mof: new ones, the old are out of the window" '["ALR-2026-000013", "ALR-2026-000014", "ALR-2026-000015"]' \
    "$(json_get "$T/resp" 'sorted(d["alerts"])' | tr "'" '"')"

printf '{"timestamp":"2099-01-01T00:00:00.000000+0000","event_type":"dns","dns":{"rrname":"c2.evil.example"}}\n' >"$T/future.json"
check_eq "an event dated ahead" 200 "$(post sen '?format=eve' "$T/future.json")"
check_eq "counts at its arrival" 1 \
    "$(sql "SELECT CASE WHEN max(last_seen) = $(date -u -d 2026-11-26T00:00:02Z +%s) THEN 1 ELSE 0 END FROM sighting")"
GISAC_NOW=2026-11-27T00:00:00Z "$GISAC" match --record --no-auto-report --agency moda "$T/future.json" >/dev/null 2>&1
check_eq "match --record too" 1 \
    "$(sql "SELECT CASE WHEN max(last_seen) = $(date -u -d 2026-11-27T00:00:00Z +%s) THEN 1 ELSE 0 END FROM sighting")"
$PY -c 'print("x" * 5000)' >"$T/big.txt"
check_eq "oversize" 413 "$(post sen '' "$T/big.txt")"
printf '{"event_type":"dns","dns":{"rrname":"c2.evil.example"}}\nnot json at all\n\n{"event_type":"dns",\n' >"$T/bad.json"
check_eq "bad lines" 200 "$(post sen '?format=eve' "$T/bad.json")"
check_eq "bad lines named" "4 1 2 [2, 4]" \
    "$(json_get "$T/resp" '" ".join(str(x) for x in (d["lines"], d["events"], d["unparsed"], [e["line"] for e in d["errors"]]))')"
printf '#separator \\x09\n#path\tdns\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tquery\n1764115200.000000\tC1\t192.0.2.77\t5353\t198.18.0.53\t53\tx.c2.evil.example\n' >"$T/dns.log"
check_eq "zeek tsv" 200 "$(post sen '?format=zeek' "$T/dns.log")"
C2=$(sql "SELECT a.ref FROM alert a JOIN indicator i ON i.id = a.indicator_id WHERE i.value = 'c2.evil.example' AND a.agency = 'moda' ORDER BY a.id DESC LIMIT 1")
check_eq "zeek answer" "zeek 4 1 1 ['$C2']" \
    "$(json_get "$T/resp" '" ".join(str(x) for x in (d["format"], d["lines"], d["events"], d["sightings"], d["alerts"]))')"
check_eq "the querying host is moda's" '["192.0.2.10", "192.0.2.53", "192.0.2.77"]' "$(sql "SELECT hosts FROM alert WHERE ref = '$C2'" | sed 's/,/, /g')"

# the new alerts of moda went to the webhook (a delivery pass here, or the
# server's scheduler, whichever comes first)
"$GISAC" notify deliver >/dev/null 2>&1
for _ in $(seq 1 100); do
    [ "$(grep -c '"x-gisac-event": "alert.opened"' "$T/hook/requests.jsonl" 2>/dev/null)" = 3 ] && break
    sleep 0.1
done
check_eq "webhook got alert.opened" "alert.opened 【資安監控單】ALR-2026-000010 moda: outbound domain c2.evil.example
alert.opened 【資安監控單】ALR-2026-000011 moda: outbound domain update-check.malware.test
alert.opened 【資安監控單】ALR-2026-000012 moda: outbound url http://phish.evil.example/login.php" \
    "$($PY -c '
import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l); b = json.loads(r["body"])
    if r["headers"]["x-gisac-event"] == "alert.opened":
        print(r["headers"]["x-gisac-event"], b["subject"])' "$T/hook/requests.jsonl" | sort)"
check_nogrep "and no deadline was breached: there is no incident" "deadline breached" "$T/hook/requests.jsonl"
check_nogrep "not mof's" "(mof)" "$T/hook/requests.jsonl"

# --- TLP: a draft shows moda only what moda may read ------------------------------------
printf '{"auto_report": {"enabled": true, "min_confidence": 70, "indicator_types": ["domain"]}}\n' >"$T/policy2.json"
check_status "policy: every TLP" 0 "$GISAC" policy set "$T/policy2.json"
printf 'red.evil.example\n' >"$T/red.txt"
"$GISAC" feed import --source secret --tlp red --confidence 90 "$T/red.txt" >/dev/null 2>&1
printf 'amber.evil.example\n' >"$T/amber.txt"
"$GISAC" feed import --source am --tlp amber --confidence 90 --recipient moda "$T/amber.txt" >/dev/null 2>&1
printf '{"event_type":"dns","src_ip":"192.0.2.10","dest_ip":"192.0.2.53","dns":{"rrname":"red.evil.example"}}\n{"event_type":"dns","src_ip":"192.0.2.10","dest_ip":"192.0.2.53","dns":{"rrname":"www.amber.evil.example"}}\n' >"$T/tlp.json"
sleep 1.1 # the server's snapshot is looked at once a second
check_eq "sensor posts red and amber" 200 "$(post sen '?format=eve' "$T/tlp.json")"
check_eq "two alerts" 2 "$(sql "SELECT count(*) FROM alert a JOIN indicator i ON i.id = a.indicator_id WHERE i.value IN ('red.evil.example', 'amber.evil.example')")"
check_eq "the red one held for the office" "office" "$(sql "SELECT a.queue FROM alert a JOIN indicator i ON i.id = a.indicator_id WHERE i.value = 'red.evil.example'")"
check_eq "the sensor is told of the amber one only (moda may read it), not the red one" "1 1 1" \
    "$(json_get "$T/resp" '"%d %d %d" % (d["indicators"], d["sightings"], len(d["alerts"]))')"
# the red one alone, and a made-up value: the same answer
printf '{"event_type":"dns","src_ip":"192.0.2.10","dest_ip":"192.0.2.53","dns":{"rrname":"red.evil.example"}}\n' >"$T/red1.json"
printf '{"event_type":"dns","src_ip":"192.0.2.10","dest_ip":"192.0.2.53","dns":{"rrname":"made-up.example"}}\n' >"$T/made1.json"
post sen '?format=eve' "$T/red1.json" >/dev/null
cp "$T/resp" "$T/resp.red"
post sen '?format=eve' "$T/made1.json" >/dev/null
check_eq "a restricted hit answers like a made-up value" "$(cat "$T/resp")" "$(cat "$T/resp.red")"
check_grep "and names no alert" '"alerts":[]' "$T/resp.red"
check_eq "both recorded" 2 \
    "$(sql "SELECT count(*) FROM sighting s JOIN indicator i ON i.id = s.indicator_id WHERE i.value IN ('red.evil.example', 'amber.evil.example') AND s.agency = 'moda'")"
curl -s -o "$T/alerts" -H "Authorization: Bearer $(cat "$T/tok.off")" "$A/alerts?status=open&limit=1000"
check_eq "officer: the amber one (moda is a recipient) listed, the red one not" \
    "amber.evil.example" \
    "$(json_get "$T/alerts" '"|".join(sorted(a["indicator"]["value"] for a in d["alerts"] if "red" in a["indicator"]["value"] or "amber" in a["indicator"]["value"]))')"
check_nogrep "officer: the red value nowhere in the list" "red.evil.example" "$T/alerts"
RED=$(sql "SELECT a.ref FROM alert a JOIN indicator i ON i.id = a.indicator_id WHERE i.value = 'red.evil.example'")
getst() { curl -s -o "$T/resp" -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/tok.$1")" "$A$2"; }
check_eq "officer: the held alert is 404" 404 "$(getst off "/alerts/$RED")"
check_nogrep "officer: nor in the answer" "red.evil.example" "$T/resp"
check_eq "officer: the office's queue is not theirs" 403 "$(getst off "/alerts?queue=office")"
check_eq "officer: nor its sightings" "[]" "$(getst off "/sightings?indicator=red.evil.example" >/dev/null; json_get "$T/resp" 'd["sightings"]')"
check_eq "staff see it in the office's queue" "$RED" "$(getst ann "/alerts?queue=office" >/dev/null; json_get "$T/resp" '[a["id"] for a in d["alerts"]][0]')"
check_eq "staff see the value in the audit entry" 1 \
    "$(sql "SELECT count(*) FROM audit_log WHERE action = 'alert.open' AND object = '$RED' AND detail LIKE '%red.evil.example%'")"
check_eq "an officer cannot release" 404 "$(curl -s -o "$T/resp" -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/tok.off")" -H 'Content-Type: application/json' -d '{}' "$A/alerts/$RED/release")"
check_eq "staff release it" 200 "$(curl -s -o "$T/resp" -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/tok.ann")" -H 'Content-Type: application/json' -d '{}' "$A/alerts/$RED/release")"
check_eq "released" "agency ann" "$(json_get "$T/resp" 'd["queue"]+" "+d["released_by"]')"
check_eq "moda is a recipient now" 1 "$(sql "SELECT count(*) FROM indicator_recipient r JOIN indicator i ON i.id = r.indicator_id WHERE i.value = 'red.evil.example' AND r.agency = 'moda'")"
check_eq "the officer sees it now" "200 red.evil.example" "$(getst off "/alerts/$RED") $(json_get "$T/resp" 'd["indicator"]["value"]')"
check_eq "releasing twice" 409 "$(curl -s -o "$T/resp" -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/tok.ann")" -H 'Content-Type: application/json' -d '{}' "$A/alerts/$RED/release")"
finish
