#!/bin/sh
# Local time (docs/incident.md, "Times"): the installation's time zone is
# the policy's time_zone, Asia/Taipei by default. A time without an offset,
# on the command line and in the API, is local time there: exactly the
# deadlines of the same time with +08:00; a same-day report is not "in the
# future"; human output shows +08:00; JSON stays UTC; KPI months are local.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_PWHASH_FAST=1
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "python3 not installed: skipped"; exit 77; }
[ -f /usr/share/zoneinfo/Asia/Taipei ] || { echo "tzdata not installed: skipped"; exit 77; }
SRV_PID=
trap 'serve_stop; rm -rf "$T"' EXIT

dl() { json_get "$1" 'd["aware_at"]+" "+" ".join(str(d["deadlines"][k]) for k in ("report","review","recover","investigation_report"))'; }

# 20:30 in Taipei
export GISAC_NOW=2026-12-06T12:30:00Z
check_status "agency" 0 "$GISAC" agency add tpe --name "Taipei City Government" --grade A
REP="incident report --agency tpe --asset core --integrity serious --category intrusion"

# --- the same facts, with and without the offset -----------------------------------
"$GISAC" $REP --title local --aware-at 2026-12-06T20:00:00 --json >"$T/local.json" 2>"$T/local.err" ||
    fail "report with a local time"
"$GISAC" $REP --title offset --aware-at 2026-12-06T20:00:00+08:00 --json >"$T/off.json" 2>"$T/off.err" ||
    fail "report with +08:00"
check_eq "local: exact deadlines (UTC in JSON)" \
    "2026-12-06T12:00:00Z 2026-12-06T13:00:00Z 2026-12-06T14:30:00Z 2026-12-08T00:00:00Z None" \
    "$(dl "$T/local.json")"
check_eq "the same as +08:00" "$(dl "$T/off.json")" "$(dl "$T/local.json")"
check_eq "a space and minutes only" 0 "$("$GISAC" $REP --title space --aware-at "2026-12-06 20:00" --json >"$T/sp.json"; echo $?)"
check_eq "the same again" "$(dl "$T/off.json")" "$(dl "$T/sp.json")"
check_eq "Z still wins" "2026-12-06T12:00:00Z" \
    "$("$GISAC" $REP --title z --aware-at 2026-12-06T12:00:00Z --json | json_get /dev/stdin 'd["aware_at"]')"

# --- same-day reports are not in the future; later ones are ----------------------
check_out "same day, earlier: reported, human output in +08:00" 0 \
    "reported INC-2026-000005 (level 3, major), next deadline review 2026-12-06T22:30:00+08:00 (2h00m left)" \
    "$GISAC" $REP --title "same day" --aware-at 2026-12-06T20:15:00
check_out "later today: in the future" 2 \
    "gisac: aware-at 2026-12-06T20:45:00+08:00 is in the future" \
    "$GISAC" $REP --title later --aware-at 2026-12-06T20:45:00
check_out "a bare date is local midnight" 0 \
    "reported INC-2026-000006 (level 3, major), next deadline review 2026-12-06T22:30:00+08:00 (2h00m left)
gisac: warning: INC-2026-000006 was reported after its deadline (a breach)" \
    "$GISAC" $REP --title midnight --aware-at 2026-12-06

# --- the issue's case: 21:30 local, aware at 20:00 local: a late report either way --
check_out "late, local" 0 \
    "reported INC-2026-000007 (level 3, major), next deadline review 2026-12-06T23:30:00+08:00 (2h00m left)
gisac: warning: INC-2026-000007 was reported after its deadline (a breach)" \
    env GISAC_NOW=2026-12-06T13:30:00Z "$GISAC" $REP --title late --aware-at 2026-12-06T20:00:00
check_out "late, +08:00" 0 \
    "reported INC-2026-000008 (level 3, major), next deadline review 2026-12-06T23:30:00+08:00 (2h00m left)
gisac: warning: INC-2026-000008 was reported after its deadline (a breach)" \
    env GISAC_NOW=2026-12-06T13:30:00Z "$GISAC" $REP --title late --aware-at 2026-12-06T20:00:00+08:00
"$GISAC" incident show INC-2026-000001 >"$T/show"
check_grep "show: aware in local time" "aware            2026-12-06T20:00:00+08:00" "$T/show"

# --- the API ------------------------------------------------------------------------
check_status "admin" 0 "$GISAC" user add admin --role admin </dev/null
make_tokens admin
H="Authorization: Bearer $(cat "$T/tok.admin")"
JS="Content-Type: application/json"
serve_start "$T/serve.log"
A=http://127.0.0.1:$PORT/api/v1
check_eq "POST without an offset" 201 "$(req api -H "$H" -H "$JS" --data-binary '{"agency":"tpe","title":"api","asset":"core","integrity":"serious","category":"intrusion","aware_at":"2026-12-06T20:00:00"}' "$A/incidents")"
check_eq "API: the same deadlines" "$(dl "$T/off.json")" "$(dl "$T/api.body")"
check_eq "POST with a bad time" 422 "$(req bad -H "$H" -H "$JS" --data-binary '{"agency":"tpe","title":"api","asset":"core","aware_at":"2026-12-06T25:00:00"}' "$A/incidents")"
serve_stop

# --- KPI months are local ------------------------------------------------------------
# 2026-11-30T17:00:00Z is 1 December 01:00 in Taipei
GISAC_NOW=2026-11-30T17:10:00Z "$GISAC" $REP --title "Dec 1, 01:00 local" --aware-at 2026-11-30T17:00:00Z >/dev/null 2>&1 ||
    fail "report on 1 December"
kpi() { "$GISAC" report kpi --year 2026 --month "$1" | json_get /dev/stdin "$2"; }
check_eq "December: from, to" "Asia/Taipei 2026-11-30T16:00:00Z 2026-12-31T16:00:00Z" \
    "$(kpi 12 'd["period"]["time_zone"]+" "+d["period"]["from"]+" "+d["period"]["to"]')"
check_eq "December counts it on day 1" "10 1" \
    "$(kpi 12 'str(d["incidents"]["total"])+" "+str(d["incidents"]["by_time"]["buckets"][0]["count"])')"
check_eq "November does not" "0" "$(GISAC_NOW=2026-12-06T12:30:00Z kpi 11 'd["incidents"]["total"]')"

# --- the year of an incident's number is the local year -----------------------------
check_out "1 January 01:00 in Taipei: INC-2027" 0 \
    "reported INC-2027-000001 (level 3, major), next deadline review 2027-01-01T03:00:00+08:00 (2h00m left)" \
    env GISAC_NOW=2026-12-31T17:00:00Z "$GISAC" $REP --title "new year" --aware-at 2027-01-01T00:45:00

# --- another zone -------------------------------------------------------------------
printf '{"time_zone": "Europe/Berlin"}' >"$T/berlin.json"
check_status "policy set Europe/Berlin" 0 "$GISAC" policy set "$T/berlin.json"
check_eq "Berlin: local 13:30 is 12:30Z" "2026-12-06T12:30:00Z" \
    "$("$GISAC" $REP --title berlin --aware-at 2026-12-06T13:30:00 --json | json_get /dev/stdin 'd["aware_at"]')"
"$GISAC" incident show INC-2026-000001 >"$T/show"
check_grep "show in Berlin time" "aware            2026-12-06T13:00:00+01:00" "$T/show"
printf '{"time_zone": "Mars/Olympus"}' >"$T/mars.json"
check_out "unknown zone" 2 \
    "gisac: $T/mars.json: \$.time_zone: time zone 'Mars/Olympus': unknown (no /usr/share/zoneinfo/Mars/Olympus)" \
    "$GISAC" policy set "$T/mars.json"
finish
