#!/bin/sh
# gisac status and GET /api/v1/status (docs/status.md): the alert light of
# the whole and of each sector, its reasons, text and JSON, the policy's
# rules and their errors, and who sees what over the API. Exact values.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_PWHASH_FAST=1
export GISAC_NOW=2026-11-24T00:00:00Z
PY_BIN=/usr/bin/python3

check_status "help" 0 "$GISAC" status --help
check_grep "help text" "usage: gisac status [--sector S] [--json]" "$T/out"
check_status "no database" 2 "$GISAC" --db "$T/none.db" status
check_eq "no database message" "gisac: $T/none.db: no such database (give --db PATH)" "$(cat "$T/err")"
check_status "bad option" 2 "$GISAC" status --colour
check_grep "bad option message" "gisac: unknown argument '--colour'" "$T/err"

"$GISAC" agency add bank --name "Example Bank" --grade A --sector finance >/dev/null
"$GISAC" agency add bank2 --name "Other Bank" --grade B --sector finance >/dev/null
"$GISAC" agency add hosp --name "Example Hospital" --grade B --sector health >/dev/null
"$GISAC" agency add lab --name "Research Lab" --grade C >/dev/null

# --- green ---------------------------------------------------------------
check_status "green" 0 "$GISAC" status
check_eq "green text" "alert light 資安警示燈號: green 綠燈
(gisac's own scheme, policy version 1, at 2026-11-24T00:00:00Z)
  green: no open incident, no sighting in the last 24 h
open incidents: 0 (level 1: 0, level 2: 0, level 3: 0, level 4: 0, not determined: 0), 0 with a breached deadline (owed by the agency: 0, by the reviewer: 0)
sightings: 0 in the last 24 h, 0 in the 7 days before
alerts (monitoring notices): 0 open, 0 past their answer deadline (24h to confirm or dismiss; no legal deadline)
sector finance: green 綠燈
  green: no open incident, no sighting in the last 24 h
sector health: green 綠燈
  green: no open incident, no sighting in the last 24 h" "$(cat "$T/out")"

# --- incidents: 2 open of level 1-2 is blue, 3 is yellow ---------------------
rep() { "$GISAC" incident report --title t --aware-at 2026-11-23T23:00:00Z "$@" >/dev/null 2>&1 || fail "incident $*"; }
rep --agency bank --asset non-core --confidentiality minor
rep --agency lab --asset non-core --confidentiality serious
"$GISAC" status --json >"$T/s.json"
check_eq "2 low: blue" "blue" "$(json_get "$T/s.json" 'd["light"]')"
check_eq "2 low: reasons" "['blue/open']" "$(json_get "$T/s.json" '[r["light"]+"/"+r["rule"] for r in d["reasons"]]')"
rep --agency hosp --asset core --draft
check_eq "undetermined draft: still blue" "blue 3" "$("$GISAC" status --json >"$T/s.json"; json_get "$T/s.json" 'd["light"]+" "+str(d["figures"]["open"])')"
rep --agency hosp --asset non-core --confidentiality minor
"$GISAC" status --json >"$T/s.json"
check_eq "3 low: yellow" "yellow" "$(json_get "$T/s.json" 'd["light"]')"
check_eq "3 low: reason" "3 open incidents of level 1-2, at least 3 (INC-2026-000001, INC-2026-000002, INC-2026-000004)" "$(json_get "$T/s.json" 'd["reasons"][0]["text"]')"
check_eq "sectors" "['finance blue', 'health blue']" "$(json_get "$T/s.json" '[s["sector"]+" "+s["light"] for s in d["sectors"]]')"
check_eq "by level" "{'undetermined': 1, '1': 2, '2': 1, '3': 0, '4': 0}" "$(json_get "$T/s.json" 'd["figures"]["open_by_level"]')"

# --- a level-3 incident at bank2: orange, finance orange; the draft's report is
# due at 00:00 exactly: not breached yet ------------------------------------------
rep --agency bank2 --asset core --integrity serious
check_status "orange" 0 "$GISAC" status
check_eq "orange text" "alert light 資安警示燈號: orange 橙燈
(gisac's own scheme, policy version 1, at 2026-11-24T00:00:00Z)
  orange: 1 open incident of level 3 or above (INC-2026-000005)
  yellow: 3 open incidents of level 1-2, at least 3 (INC-2026-000001, INC-2026-000002, INC-2026-000004)
  blue: 5 open incidents (INC-2026-000001, INC-2026-000002, INC-2026-000003, INC-2026-000004, INC-2026-000005)
open incidents: 5 (level 1: 2, level 2: 1, level 3: 1, level 4: 0, not determined: 1), 0 with a breached deadline (owed by the agency: 0, by the reviewer: 0)
sightings: 0 in the last 24 h, 0 in the 7 days before
alerts (monitoring notices): 0 open, 0 past their answer deadline (24h to confirm or dismiss; no legal deadline)
sector finance: orange 橙燈
  orange: 1 open incident of level 3 or above (INC-2026-000005)
  blue: 2 open incidents (INC-2026-000001, INC-2026-000005)
sector health: blue 藍燈
  blue: 2 open incidents (INC-2026-000003, INC-2026-000004)" "$(cat "$T/out")"
check_status "sector" 0 "$GISAC" status --sector finance
check_eq "sector text" "sector finance: alert light 資安警示燈號: orange 橙燈
(gisac's own scheme, policy version 1, at 2026-11-24T00:00:00Z)
  orange: 1 open incident of level 3 or above (INC-2026-000005)
  blue: 2 open incidents (INC-2026-000001, INC-2026-000005)
open incidents: 2 (level 1: 1, level 2: 0, level 3: 1, level 4: 0, not determined: 0), 0 with a breached deadline (owed by the agency: 0, by the reviewer: 0)
sightings: 0 in the last 24 h, 0 in the 7 days before" "$(cat "$T/out")"
check_status "unknown sector" 1 "$GISAC" status --sector energy
check_eq "unknown sector message" "gisac: sector 'energy': no agency is in it" "$(cat "$T/err")"
check_status "empty sector" 2 "$GISAC" status --sector ""

# --- red: the recovery deadline of the level-3 incident (36 h) ------------------
check_eq "the draft's report, a second late" "orange/breach/1 INC-2026-000003" "$(GISAC_NOW=2026-11-24T00:00:01Z "$GISAC" status --json --sector health >"$T/s.json"; json_get "$T/s.json" 'd["reasons"][0]["light"]+"/"+d["reasons"][0]["rule"]+"/"+str(d["reasons"][0]["count"])+" "+d["reasons"][0]["incidents"][0]')"
check_eq "recover due: not yet" "orange" "$(GISAC_NOW=2026-11-25T11:00:00Z "$GISAC" status --json --sector finance >"$T/s.json"; json_get "$T/s.json" 'd["light"]')"
GISAC_NOW=2026-11-25T11:00:01Z "$GISAC" status --json --sector finance >"$T/s.json"
check_eq "recover breached: red" "red red/recover_breach/1" "$(json_get "$T/s.json" 'd["light"]+" "+d["reasons"][0]["light"]+"/"+d["reasons"][0]["rule"]+"/"+str(d["reasons"][0]["count"])')"

# --- sightings: the last 24 h against the 7 days before ---------------------------
printf '203.0.113.7\n' >"$T/c2.txt"
"$GISAC" feed import --source drill "$T/c2.txt" >/dev/null
printf 'fw: 203.0.113.7\n' >"$T/l1"
rec() { GISAC_NOW=$1 "$GISAC" match --record --agency hosp --format text "$2" >/dev/null 2>&1 || fail "match $*"; }
for d in 17 18 19 20 21 22 23; do rec 2026-11-${d}T10:00:00Z "$T/l1"; done
rec 2026-11-23T00:59:59Z "$T/l1"
# at 2026-11-24T00:30 the last 24 h are the buckets from 2026-11-23T01:00: the
# 23rd 10:00 is in them; the 17th .. 22nd and the 23rd 00:59:59 are the 7 before
GISAC_NOW=2026-11-24T00:30:00Z "$GISAC" status --json --sector health >"$T/s.json"
check_eq "window figures" "1 7" "$(json_get "$T/s.json" 'str(d["figures"]["sightings_24h"])+" "+str(d["figures"]["sightings_baseline"])')"
printf 'fw: 203.0.113.7\nfw: 203.0.113.7\n' >"$T/l2"
rec 2026-11-23T01:00:00Z "$T/l2" # the window's first hour: 3 = exactly 3 x 7/7
GISAC_NOW=2026-11-24T00:30:00Z "$GISAC" status --json --sector health >"$T/s.json"
check_eq "3x: no spike" "3 7 ['orange/breach', 'blue/open', 'blue/sightings']" "$(json_get "$T/s.json" 'str(d["figures"]["sightings_24h"])+" "+str(d["figures"]["sightings_baseline"])+" "+str([r["light"]+"/"+r["rule"] for r in d["reasons"]])')"
rec 2026-11-24T00:10:00Z "$T/l1"
GISAC_NOW=2026-11-24T00:30:00Z "$GISAC" status --json --sector health >"$T/s.json"
check_eq "3x+1: spike" "4 ['orange/breach', 'yellow/sightings_spike', 'blue/open', 'blue/sightings']" "$(json_get "$T/s.json" 'str(d["figures"]["sightings_24h"])+" "+str([r["light"]+"/"+r["rule"] for r in d["reasons"]])')"
check_eq "spike text" "4 sightings in the last 24 h, above 3x the daily average of the 7 days before (7, 1.00 a day)" "$(json_get "$T/s.json" 'd["reasons"][1]["text"]')"
check_eq "finance sees none" "0 0" "$(GISAC_NOW=2026-11-24T00:30:00Z "$GISAC" status --json --sector finance >"$T/s.json"; json_get "$T/s.json" 'str(d["figures"]["sightings_24h"])+" "+str(d["figures"]["sightings_baseline"])')"

# --- the policy's rules ----------------------------------------------------------
printf '{"alert_light": {"yellow": {"min_sightings": 5}, "orange": {"breach": false, "open_level": 0}}}' >"$T/p.json"
check_status "policy check" 0 "$GISAC" policy check "$T/p.json"
check_status "policy set" 0 "$GISAC" policy set "$T/p.json"
GISAC_NOW=2026-11-24T00:30:00Z "$GISAC" status --json --sector health >"$T/s.json"
check_eq "rules from the policy" "2 blue ['blue/open', 'blue/sightings']" "$(json_get "$T/s.json" 'str(d["policy_version"])+" "+d["light"]+" "+str([r["light"]+"/"+r["rule"] for r in d["reasons"]])')"
printf '{"alert_light": {"red": {"open_level": "4"}}}' >"$T/bad.json"
check_status "bad rule: check" 2 "$GISAC" policy check "$T/bad.json"
check_eq "bad rule message" "gisac: $T/bad.json: \$.alert_light.red.open_level: expected an integer 0 to 4 (0: off)" "$(cat "$T/err")"
check_status "bad rule: set" 2 "$GISAC" policy set "$T/bad.json"
check_eq "bad rule: not installed" "policy version 2," "$("$GISAC" policy show | head -1 | cut -d' ' -f1-3)"
printf '{"alert_light": {"orange": {"open_level": 0, "breach": false}, "yellow": {"open_incidents": 0, "spike_factor": 0}, "blue": {"open": false, "sightings": false}}}' >"$T/p.json"
"$GISAC" policy set "$T/p.json" >/dev/null
check_eq "every rule off" "sector finance: alert light 資安警示燈號: green 綠燈
(gisac's own scheme, policy version 3, at 2026-11-24T00:00:00Z)
  green: no rule fires (the policy turned them off)" "$("$GISAC" status --sector finance | head -n 3)"
printf '{"alert_light": {"yellow": {"max_level": 2, "open_incidents": 3}}}' >"$T/p.json"
"$GISAC" policy set "$T/p.json" >/dev/null

# --- an older database: the sightings recorded before are put in their hours ----
O="$T/old.db"
"$GISAC" --db "$O" agency add hosp --name H --grade A --sector health >/dev/null
"$GISAC" --db "$O" feed import --source drill "$T/c2.txt" >/dev/null
GISAC_NOW=2026-11-23T10:20:00Z "$GISAC" --db "$O" match --record --agency hosp --format text "$T/l2" >/dev/null 2>&1
# back to schema 9, as a database written before the hourly buckets
$PY_BIN -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript("DROP TABLE sighting_hour; DROP INDEX incident_event_by_incident; DROP TABLE incident_revision; ALTER TABLE incident DROP COLUMN measures; ALTER TABLE incident DROP COLUMN support_needed; ALTER TABLE incident DROP COLUMN support_detail; ALTER TABLE incident DROP COLUMN notes; ALTER TABLE incident DROP COLUMN channel; ALTER TABLE incident DROP COLUMN received_at; ALTER TABLE account DROP COLUMN language; ALTER TABLE notify_sub DROP COLUMN lang; ALTER TABLE notify_sub DROP COLUMN account; ALTER TABLE notify_outbox DROP COLUMN about; DROP INDEX indicator_by_valid_until; DROP INDEX indicator_source_by_valid_until; DROP TRIGGER indicator_tlp_moved; DROP TABLE indicator_tlp_past; DROP TABLE indicator_source_recipient; DROP TABLE indicator_stix; DROP INDEX indicator_source_stix; DROP INDEX indicator_source_by_created; ALTER TABLE indicator_source DROP COLUMN tlp; ALTER TABLE indicator_source DROP COLUMN confidence; ALTER TABLE indicator_source DROP COLUMN matchable; ALTER TABLE indicator_source DROP COLUMN stix_id; ALTER TABLE indicator_source DROP COLUMN name; ALTER TABLE indicator_source DROP COLUMN description; ALTER TABLE indicator_source DROP COLUMN labels; ALTER TABLE indicator_source DROP COLUMN created_by; ALTER TABLE indicator_source DROP COLUMN valid_from; ALTER TABLE indicator_source DROP COLUMN valid_until; ALTER TABLE indicator_source DROP COLUMN created; ALTER TABLE indicator_source DROP COLUMN modified; DROP INDEX incident_event_number; ALTER TABLE incident_event DROP COLUMN n; DROP TABLE feed_source; DROP TABLE indicator_delisted; ALTER TABLE indicator_source DROP COLUMN listed; DROP TRIGGER agency_grade_add; DROP TRIGGER agency_grade_change; DROP TABLE agency_grade; DROP TABLE obligation_done; DROP TABLE finding; DROP TABLE assessment; DROP TABLE info_system; DROP TABLE scap_result; DROP TABLE scap_scan; DROP TABLE vuln_notice; DROP TABLE vuln_vex; DROP TABLE vuln_kev; DROP TABLE vuln_key; DROP TABLE vuln_alias; DROP TABLE vuln_record; DROP TABLE asset_change; DROP TABLE asset_component; DROP TABLE asset_host; DROP TABLE ingest_chunk; DROP TABLE ingest_worker; DROP TABLE ingest_seen; DROP TABLE mobile_app_version; DROP TABLE mobile_app; DROP TABLE obligation_reminder; PRAGMA user_version = 9;"); c.close()' "$O"
"$GISAC" --db "$O" status --json >"$T/s.json"
check_eq "migrated sightings" "2 0" "$(json_get "$T/s.json" 'str(d["figures"]["sightings_24h"])+" "+str(d["figures"]["sightings_baseline"])')"

# --- the API ---------------------------------------------------------------------
command -v curl >/dev/null || { echo "curl not installed: API part skipped"; finish; }
echo 'chief password 01' >"$T/pw"
"$GISAC" user add admin --role admin <"$T/pw" >/dev/null 2>&1
for u in ann:analyst off:agency:bank offl:agency:lab sen:sensor:bank fw:consumer; do
    n=${u%%:*} rest=${u#*:} role=${rest%%:*} ag=
    [ "$rest" != "$role" ] && ag="--agency ${rest#*:}"
    # shellcheck disable=SC2086
    "$GISAC" user add "$n" --role "$role" $ag </dev/null >/dev/null 2>&1 || fail "user $n"
done
make_tokens admin ann off offl sen fw
SRV_PID=
trap 'serve_stop; rm -rf "$T"' EXIT
serve_start "$T/server.log"
A=http://127.0.0.1:$PORT/api/v1
get() { # get USER PATH: the status; the body in $T/r.json
    curl -s -o "$T/r.json" -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/tok.$1")" "$A$2"
}
check_eq "no credentials" 401 "$(curl -s -o /dev/null -w '%{http_code}' "$A/status")"
check_eq "admin" 200 "$(get admin /status)"
"$GISAC" status --json >"$T/cli.json"
check_eq "admin: the JSON of status --json" "same" "$(/usr/bin/python3 -c 'import json,sys; print("same" if json.load(open(sys.argv[1])) == json.load(open(sys.argv[2])) else "differ")' "$T/r.json" "$T/cli.json")"
check_eq "analyst" 200 "$(get ann /status)"
check_eq "analyst sees every id" "['INC-2026-000005']" "$(json_get "$T/r.json" '[r["incidents"] for r in d["reasons"] if r["rule"]=="open_level"][0]')"
check_eq "officer" 200 "$(get off /status)"
check_eq "officer: own ids, others counted" "orange ['INC-2026-000001'] 4" "$(json_get "$T/r.json" 'd["light"]+" "+str([r for r in d["reasons"] if r["rule"]=="open"][0]["incidents"])+" "+str([r for r in d["reasons"] if r["rule"]=="open"][0]["other_agencies"])')"
check_eq "officer: open text" "5 open incidents (INC-2026-000001 and 4 of other agencies)" "$(json_get "$T/r.json" '[r for r in d["reasons"] if r["rule"]=="open"][0]["text"]')"
check_eq "officer: own sector only" "['finance']" "$(json_get "$T/r.json" '[s["sector"] for s in d["sectors"]]')"
check_nogrep "officer: no other agency's id" "INC-2026-000005" "$T/r.json"
check_eq "officer: own sector" 200 "$(get off '/status?sector=finance')"
check_eq "officer: other sector" 403 "$(get off '/status?sector=health')"
check_eq "officer: other sector message" "forbidden: sector 'health': an agency account sees its own only" "$(json_get "$T/r.json" 'd["error"]["code"]+": "+d["error"]["message"]')"
check_eq "officer: a sector that does not exist (no probing)" 403 "$(get off '/status?sector=energy')"
check_eq "officer without a sector" 200 "$(get offl /status)"
check_eq "officer without a sector: no sectors" "[]" "$(json_get "$T/r.json" 'd["sectors"]')"
check_eq "sensor" 403 "$(get sen /status)"
check_eq "consumer" 403 "$(get fw /status)"
check_eq "unknown sector" 404 "$(get admin '/status?sector=energy')"
check_eq "unknown parameter" 400 "$(get admin '/status?colour=red')"
check_eq "empty sector" 400 "$(get admin '/status?sector=')"
check_eq "sector" 200 "$(get admin '/status?sector=health')"
check_eq "sector body" "health yellow" "$(json_get "$T/r.json" 'd["sector"]+" "+d["light"]')"
# GET /report/kpi: the key indicators of gisac report kpi, for staff
check_eq "kpi: admin" 200 "$(get admin /report/kpi)"
"$GISAC" report kpi >"$T/kpi.json"
check_eq "kpi: the JSON of report kpi" "same" "$(/usr/bin/python3 -c 'import json,sys; print("same" if json.load(open(sys.argv[1])) == json.load(open(sys.argv[2])) else "differ")' "$T/r.json" "$T/kpi.json")"
check_eq "kpi: a month" "200 2026-11" "$(get ann '/report/kpi?year=2026&month=11') $(json_get "$T/r.json" 'd["period"]["name"]')"
"$GISAC" report kpi --year 2026 --month 11 >"$T/kpi11.json"
check_eq "kpi: the month of report kpi" "same" "$(/usr/bin/python3 -c 'import json,sys; print("same" if json.load(open(sys.argv[1])) == json.load(open(sys.argv[2])) else "differ")' "$T/r.json" "$T/kpi11.json")"
check_eq "kpi: officer" 403 "$(get off /report/kpi)"
check_eq "kpi: sensor" 403 "$(get sen /report/kpi)"
check_eq "kpi: bad month" "400 query parameter 'month' must be a number from 1 to 12" "$(get admin '/report/kpi?month=13') $(json_get "$T/r.json" 'd["error"]["message"]')"
check_eq "kpi: a year not begun" "422 the period 2999 has not begun" "$(get admin '/report/kpi?year=2999') $(json_get "$T/r.json" 'd["error"]["message"]')"
check_eq "kpi: unknown parameter" 400 "$(get admin '/report/kpi?week=2')"
finish
