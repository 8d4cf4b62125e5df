#!/bin/sh
# Monitoring notices (alerts) end to end on a small EVE fixture
# (tests/data/alert-eve.json): agency networks (validated, by place), the
# direction of each sighting and its internal hosts, alerts for outbound
# sightings only with their events, no incident and no deadline before a
# confirmation; confirm (awareness time, alert linked), dismiss (reasons,
# allowlist requests), bulk answers; sighting list; the REST API's role,
# agency and TLP rules (another agency 404, a restricted alert invisible to
# the agency until released); notifications; status and KPI.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
D=$GISAC_SRCDIR/tests/data
export GISAC_NOW=2026-11-24T00:00:00Z GISAC_PWHASH_FAST=1
command -v curl >/dev/null || { echo "curl not installed: skipped"; exit 77; }
command -v sqlite3 >/dev/null || { echo "skip: no sqlite3 (scripts/deps.sh installs it)"; exit 77; }
PY=/usr/bin/python3
SRV_PID=
trap 'serve_stop; rm -rf "$T"' EXIT
sql() { db_sql "$1"; }

printf 'c2.evil.example\n198.51.100.7\n203.0.113.0/24\nhttp://phish.evil.example/login.php\n' >"$T/intel.txt"
"$GISAC" feed import --source drill --tlp green --confidence 80 "$T/intel.txt" >/dev/null 2>&1
printf 'red.evil.example\n' >"$T/red.txt"
"$GISAC" feed import --source liaison --tlp red --confidence 90 "$T/red.txt" >/dev/null 2>&1

# --- networks -----------------------------------------------------------------------
check_status "agency moda" 0 "$GISAC" agency add moda --name "Ministry of Digital Affairs" --grade A
check_out "bad network" 2 "gisac: networks[1]: '10.1.0.0/33' is not an IPv4 or IPv6 network (CIDR): prefix /33 out of range for IPv4 (0..32)" \
    "$GISAC" agency update moda --networks "10.1.0.0/16,10.1.0.0/33"
check_out "empty entry" 2 "gisac: networks[1]: empty entry" "$GISAC" agency update moda --networks "10.1.0.0/16,,"
check_status "networks" 0 "$GISAC" agency update moda --networks " 10.1.2.3/16, 2001:db8:1::/48, 10.1.0.0/16"
check_eq "normalised, duplicates dropped" "['10.1.0.0/16', '2001:db8:1::/48']" \
    "$("$GISAC" agency show moda --json >"$T/ag.json" && json_get "$T/ag.json" 'd["networks"]')"
check_eq "audited" '{"networks":"10.1.0.0/16,2001:db8:1::/48"}' \
    "$(sql "SELECT detail FROM audit_log WHERE action = 'agency.update' ORDER BY seq DESC LIMIT 1")"
check_status "agency mof" 0 "$GISAC" agency add mof --name "Ministry of Finance" --grade B --networks 198.18.0.0/15

# --- recording: direction, hosts, alerts for outbound only ------------------------------
check_status "record" 0 "$GISAC" match --record --agency moda "$D/alert-eve.json"
check_grep "alerts opened" "gisac: alerts: 4 opened, 0 updated" "$T/err"
check_grep "inbound counted" "gisac: 2 indicators' sightings counted, not alerted" "$T/err"
check_eq "sightings by direction" "cidr:203.0.113.0/24|inbound|2|[\"10.1.2.20\",\"10.1.2.21\"]
domain:c2.evil.example|outbound|2|[\"10.1.2.10\",\"10.1.0.53\"]
domain:red.evil.example|outbound|1|[\"10.1.2.12\",\"10.1.0.53\"]
ipv4:198.51.100.7|outbound|3|[\"10.1.0.53\",\"10.1.2.10\",\"2001:db8:1::20\"]
ipv4:198.51.100.7|inbound|1|[]
url:http://phish.evil.example/login.php|outbound|1|[\"10.1.2.11\"]" \
    "$(sql "SELECT i.type || ':' || i.value, d.direction, d.count, d.hosts FROM sighting_detail d JOIN indicator i ON i.id = d.indicator_id ORDER BY i.type, i.value, d.direction DESC")"
check_eq "no incident, no breach, no deadline" "0 0" "$(sql 'SELECT count(*) FROM incident') $(sql 'SELECT count(*) FROM incident_breach')"
check_out "alert list" 0 "ALR-2026-000004	moda	open	office	outbound	domain:red.evil.example	1	10.1.2.12,10.1.0.53	2026-11-25T08:00:00+08:00
ALR-2026-000003	moda	open	agency	outbound	url:http://phish.evil.example/login.php	1	10.1.2.11	2026-11-25T08:00:00+08:00
ALR-2026-000002	moda	open	agency	outbound	domain:c2.evil.example	2	10.1.2.10,10.1.0.53	2026-11-25T08:00:00+08:00
ALR-2026-000001	moda	open	agency	outbound	ipv4:198.51.100.7	3	10.1.0.53,10.1.2.10,2001:db8:1::20	2026-11-25T08:00:00+08:00" \
    "$GISAC" alert list
check_status "alert show --json" 0 "$GISAC" alert show ALR-2026-000001 --json
check_eq "events verbatim, in order" "$(sed -n '2p;3p;4p' "$D/alert-eve.json")" \
    "$(json_get "$T/out" '"\n".join(e["line"] for e in d["events"]["first"])')"
check_eq "alert members" "ALR-2026-000001 moda open agency outbound ipv4 198.51.100.7 green 80 cli: 3 2026-11-23T01:00:00Z 2026-11-23T01:00:06Z 2026-11-25T00:00:00Z False None []" \
    "$(json_get "$T/out" '" ".join(str(x) for x in (d["id"], d["agency"], d["status"], d["queue"], d["direction"], d["indicator"]["type"], d["indicator"]["value"], d["indicator"]["tlp"], d["indicator"]["confidence"], d["sensor"][:4], d["sightings"], d["first_seen"], d["last_seen"], d["due"], d["overdue"], d["incident"], d["events"]["last"]))')"
check_out "status filter" 2 "gisac: status 'gone': use open, confirmed or dismissed" "$GISAC" alert list --status gone
check_out "no such alert" 1 "gisac: alert ALR-2026-000099: not found" "$GISAC" alert show ALR-2026-000099

# --- sighting list ----------------------------------------------------------------------
check_out "sighting list by indicator" 0 "2026-11-23T09:04:00+08:00	moda	inbound	ipv4:198.51.100.7	1	-	cli:$(id -un)
2026-11-23T09:00:06+08:00	moda	outbound	ipv4:198.51.100.7	3	10.1.0.53,10.1.2.10,2001:db8:1::20	cli:$(id -un)" \
    "$GISAC" sighting list --indicator 198.51.100.7
check_status "sighting list --json" 0 "$GISAC" sighting list --json --indicator hxxp://phish.evil[.]example/login.php
check_eq "sighting json" "url http://phish.evil.example/login.php green moda outbound 1 ['10.1.2.11'] True" \
    "$($PY -c 'import json,sys; d=json.loads(open(sys.argv[1]).readline()); print(d["indicator"]["type"], d["indicator"]["value"], d["indicator"]["tlp"], d["agency"], d["direction"], d["count"], d["hosts"], d["last_event"].startswith("{\"timestamp\""))' "$T/out")"
check_out "bad indicator" 2 "gisac: indicator 'x..y': empty label" "$GISAC" sighting list --indicator x..y

# --- again: updated, counted ---------------------------------------------------------------
GISAC_NOW=2026-11-24T01:00:00Z check_status "record again" 0 "$GISAC" match --record --agency moda "$D/alert-eve.json"
check_grep "updated" "gisac: alerts: 0 opened, 4 updated" "$T/err"
check_eq "counted on" "6|2" "$(sql "SELECT count, batches FROM alert WHERE ref = 'ALR-2026-000001'")"
check_eq "events kept" "6" "$(sql "SELECT count(*) FROM alert_event e JOIN alert a ON a.id = e.alert_id WHERE a.ref = 'ALR-2026-000001'")"

# --- the API: roles, agencies, TLP ----------------------------------------------------------
echo 'analyst password 01' | "$GISAC" user add ann --role analyst >/dev/null 2>&1
echo 'officer password 01' | "$GISAC" user add off --role agency --agency moda >/dev/null 2>&1
echo 'officer password 02' | "$GISAC" user add off-mof --role agency --agency mof >/dev/null 2>&1
"$GISAC" user add sen --role sensor --agency moda </dev/null >/dev/null 2>&1
"$GISAC" user add fw --role consumer --agency moda </dev/null >/dev/null 2>&1
echo 'admin password 01' | "$GISAC" user add boss --role admin >/dev/null 2>&1
make_tokens ann off off-mof sen fw boss
serve_start "$T/server.log" --threads 2
A="http://127.0.0.1:$PORT/api/v1"

check_eq "API networks: a bad one named" "422 \$.networks[1]: networks[1]: '198.18.0.0/99' is not an IPv4 or IPv6 network (CIDR): prefix /99 out of range for IPv4 (0..32)" \
    "$(patch boss /agencies/mof '{"networks":["198.18.0.0/15","198.18.0.0/99"]}') $(json_get "$T/resp" 'd["error"]["message"]')"
check_eq "API networks: not an array" 400 "$(patch boss /agencies/mof '{"networks":"198.18.0.0/15"}')"
check_eq "API networks: one per entry" "400 \$.networks[0]: one network per entry" \
    "$(patch boss /agencies/mof '{"networks":["198.18.0.0/15,10.0.0.0/8"]}') $(json_get "$T/resp" 'd["error"]["message"]')"
check_eq "API networks: set" "200 ['198.18.0.0/15', '2001:db8:2::/48']" \
    "$(patch boss /agencies/mof '{"networks":["198.18.0.0/15","2001:db8:2::/48"]}') $(json_get "$T/resp" 'd["networks"]')"
check_eq "API networks: an officer may not" 403 "$(patch off /agencies/moda '{"networks":[]}')"
check_eq "officer lists moda's agency queue" "200 ALR-2026-000003 ALR-2026-000002 ALR-2026-000001" \
    "$(get off /alerts) $(json_get "$T/resp" '" ".join(a["id"] for a in d["alerts"])')"
check_nogrep "officer: nothing of the red value" "red.evil.example" "$T/resp"
check_eq "officer: the last page's next" "None" "$(json_get "$T/resp" 'd["next"]')"
check_eq "officer: a page of 2" "200 ALR-2026-000003 ALR-2026-000002 next ALR-2026-000002" \
    "$(get off '/alerts?limit=2') $(json_get "$T/resp" '" ".join(a["id"] for a in d["alerts"])+" next "+str(d["next"])')"
check_eq "officer: the page after it (the office's held one never counted)" "200 ALR-2026-000001 next None" \
    "$(get off '/alerts?limit=2&cursor=ALR-2026-000002') $(json_get "$T/resp" '" ".join(a["id"] for a in d["alerts"])+" next "+str(d["next"])')"
check_eq "staff: pages follow the store" "200 ALR-2026-000004 ALR-2026-000003 next ALR-2026-000003|ALR-2026-000002 ALR-2026-000001 next ALR-2026-000001|next None" \
    "$(get ann '/alerts?limit=2') $(json_get "$T/resp" '" ".join(a["id"] for a in d["alerts"])+" next "+str(d["next"])')|$(get ann '/alerts?limit=2&cursor=ALR-2026-000003' >/dev/null; json_get "$T/resp" '" ".join(a["id"] for a in d["alerts"])+" next "+str(d["next"])')|$(get ann '/alerts?limit=2&cursor=ALR-2026-000001' >/dev/null; json_get "$T/resp" '" ".join(a["id"] for a in d["alerts"])+"next "+str(d["next"])')"
check_eq "a cursor that is no alert id" "422 query parameter 'cursor': 'ALR-2026-0000000000000000000000000000000' is not an alert id" \
    "$(get ann '/alerts?cursor=ALR-2026-0000000000000000000000000000000000000001') $(json_get "$T/resp" 'd["error"]["message"]')"
check_eq "officer: the held alert is 404" "404 alert ALR-2026-000004: not found" "$(get off /alerts/ALR-2026-000004) $(json_get "$T/resp" 'd["error"]["message"]')"
check_eq "officer: a missing one is the same 404" "404 alert ALR-2026-000404: not found" "$(get off /alerts/ALR-2026-000404) $(json_get "$T/resp" 'd["error"]["message"]')"
check_eq "officer: the office queue" 403 "$(get off '/alerts?queue=office')"
check_eq "officer: sightings of the red one are not theirs" "200 []" "$(get off '/sightings?indicator=red.evil.example') $(json_get "$T/resp" 'd["sightings"]')"
check_eq "officer: its own sightings (not yet the red one's)" "200 5" "$(get off '/sightings?agency=moda') $(json_get "$T/resp" 'len(d["sightings"])')"
check_eq "another agency's officer: 404" 404 "$(get off-mof /alerts/ALR-2026-000002)"
check_eq "another agency's officer: none listed" "200 []" "$(get off-mof /alerts) $(json_get "$T/resp" 'd["alerts"]')"
check_eq "another agency's officer: moda's list" 403 "$(get off-mof '/alerts?agency=moda')"
check_eq "another agency's officer cannot confirm" 404 "$(post off-mof /alerts/ALR-2026-000002/confirm '{}')"
check_eq "a sensor reads no alerts" 403 "$(get sen /alerts)"
check_eq "a consumer reads no sightings" 403 "$(get fw /sightings)"
check_eq "staff see the office queue" "200 ALR-2026-000004" "$(get ann '/alerts?queue=office') $(json_get "$T/resp" '" ".join(a["id"] for a in d["alerts"])')"
check_eq "bad status" "422 query parameter 'status': status 'x': use open, confirmed or dismissed" "$(get ann '/alerts?status=x') $(json_get "$T/resp" 'd["error"]["message"]')"
check_eq "an officer cannot release" 404 "$(post off /alerts/ALR-2026-000004/release '{}')"
check_eq "staff release" "200 agency ann" "$(post ann /alerts/ALR-2026-000004/release '{}') $(json_get "$T/resp" 'd["queue"]+" "+d["released_by"]')"
check_eq "moda a recipient" 1 "$(sql "SELECT count(*) FROM indicator_recipient r JOIN indicator i ON i.id = r.indicator_id WHERE i.value = 'red.evil.example' AND r.agency = 'moda'")"
check_eq "the officer sees it now" "200 red.evil.example" "$(get off /alerts/ALR-2026-000004) $(json_get "$T/resp" 'd["indicator"]["value"]')"
check_eq "release twice" "409 alert ALR-2026-000004 is not held in the office's queue" "$(post ann /alerts/ALR-2026-000004/release '{}') $(json_get "$T/resp" 'd["error"]["message"]')"

# --- confirm: an incident with its awareness time, the alert linked ----------------------------
check_eq "bad aware_at" 422 "$(post off /alerts/ALR-2026-000001/confirm '{"aware_at":"soon"}')"
check_eq "aware_at in the future" 422 "$(post off /alerts/ALR-2026-000001/confirm '{"aware_at":"2026-11-25T00:00:00Z"}')"
check_eq "nothing filed by those" 0 "$(sql 'SELECT count(*) FROM incident')"
check_eq "confirm" 201 "$(post off /alerts/ALR-2026-000001/confirm '{"aware_at":"2026-11-24T07:30:00"}')"
check_eq "the incident" "ALR-2026-000001 INC-2026-000001 moda 2026-11-23T23:30:00Z alert:ALR-2026-000001 reported" \
    "$(json_get "$T/resp" '" ".join((d["alert"], d["incident"]["id"], d["incident"]["agency"], d["incident"]["aware_at"], d["incident"]["origin"], d["incident"]["status"]))')"
check_eq "linked" "alert|ALR-2026-000001" "$(sql "SELECT l.kind, l.target FROM incident_link l JOIN incident i ON i.id = l.incident_id WHERE i.ref = 'INC-2026-000001'")"
check_eq "its sightings counted" "6" "$(sql "SELECT count FROM incident_sighting s JOIN incident i ON i.id = s.incident_id WHERE i.ref = 'INC-2026-000001'")"
check_eq "the alert answered" "200 confirmed INC-2026-000001 off" "$(get off /alerts/ALR-2026-000001) $(json_get "$T/resp" '" ".join((d["status"], d["incident"], d["answered_by"]))')"
check_eq "confirm twice" 409 "$(post off /alerts/ALR-2026-000001/confirm '{}')"
# the CLI's default awareness: the moment of confirmation
GISAC_NOW=2026-11-24T02:00:00Z check_out "cli confirm" 0 "confirmed ALR-2026-000003: incident INC-2026-000002" "$GISAC" alert confirm ALR-2026-000003
check_eq "aware at the confirmation" "2026-11-24T02:00:00Z" "$("$GISAC" incident show INC-2026-000002 --json >"$T/inc.json" && json_get "$T/inc.json" 'd["aware_at"]')"

# --- dismiss and bulk ------------------------------------------------------------------------------
check_eq "bulk: a bad reason touches nothing" "422 \$.reason: reason 'meh': use false_positive, already_handled or not_ours" \
    "$(post off /alerts/dismiss '{"ids":["ALR-2026-000002"],"reason":"meh"}') $(json_get "$T/resp" 'd["error"]["message"]')"
check_eq "bulk: no ids" 422 "$(post off /alerts/dismiss '{"ids":[],"reason":"not_ours"}')"
check_eq "bulk dismiss" 200 "$(post off /alerts/dismiss '{"ids":["ALR-2026-000002","ALR-2026-000003","ALR-2026-000404"],"reason":"false_positive","note":"resolver test","allowlist":true}')"
check_eq "each result" "ALR-2026-000002:True:- ALR-2026-000003:False:conflict ALR-2026-000404:False:not_found 2" \
    "$(json_get "$T/resp" '" ".join("%s:%s:%s" % (r["id"], r["ok"], r["error"]["code"] if "error" in r else "-") for r in d["results"]) + " " + str(d["failed"])')"
check_eq "allowlist requests for staff" "ALR-2026-000002 false_positive resolver test" \
    "$(get ann '/alerts?allowlist_requests=true' >/dev/null; json_get "$T/resp" '" ".join(" ".join((a["id"], a["reason"], a["note"])) for a in d["alerts"])')"
check_eq "the request audited" 1 "$(sql "SELECT count(*) FROM audit_log WHERE action = 'alert.allowlist_request' AND object = 'ALR-2026-000002'")"
check_out "cli dismiss, several" 1 "dismissed ALR-2026-000004
gisac: alert ALR-2026-000404: not found" "$GISAC" alert dismiss ALR-2026-000004 ALR-2026-000404 --reason not_ours
check_out "cli dismiss without a reason" 2 "gisac: --reason is required (false_positive, already_handled or not_ours)
gisac: try 'gisac alert --help'" "$GISAC" alert dismiss ALR-2026-000004

# --- notifications ------------------------------------------------------------------------------------
check_status "subscribe" 0 "$GISAC" notify add webhook "http://127.0.0.1:9/hook" --events alert.opened,alert.released --agency moda
check_status "subscribe office" 0 "$GISAC" notify add webhook "http://127.0.0.1:9/office" --events alert.opened
printf 'new.evil.example\n' >"$T/new.txt"
"$GISAC" feed import --source drill --tlp green --confidence 80 "$T/new.txt" >/dev/null 2>&1
printf '{"event_type":"dns","src_ip":"10.1.2.10","dest_ip":"10.1.0.53","dns":{"rrname":"new.evil.example"}}\n' >"$T/new.json"
check_status "record a new one" 0 "$GISAC" match --record --agency moda "$T/new.json"
check_eq "alert.opened queued for moda's and the office's" "alert.opened|moda|ALR-2026-000005 (moda): outbound sightings of domain new.evil.example
alert.opened|moda|ALR-2026-000005 (moda): outbound sightings of domain new.evil.example" \
    "$(sql "SELECT event, agency, subject FROM notify_outbox WHERE event LIKE 'alert.%' ORDER BY id")"

# a restricted alert the office handles itself: the agency's incident names no value
printf 'amber.evil.example\n' >"$T/amber.txt"
"$GISAC" feed import --source liaison --tlp amber --confidence 90 "$T/amber.txt" >/dev/null 2>&1
printf '{"event_type":"dns","src_ip":"10.1.2.10","dest_ip":"10.1.0.53","dns":{"rrname":"amber.evil.example"}}\n' >"$T/amber.json"
check_status "record an amber one" 0 "$GISAC" match --record --agency moda "$T/amber.json"
check_eq "held" "ALR-2026-000006|office" "$(sql "SELECT ref, queue FROM alert WHERE ref = 'ALR-2026-000006'")"
check_eq "its notification names no value, to the office only" "alert.opened||ALR-2026-000006 (moda, office queue): sightings of a restricted domain indicator" \
    "$(sql "SELECT event, agency, subject FROM notify_outbox WHERE subject LIKE 'ALR-2026-000006%'")"
GISAC_NOW=2026-11-24T03:00:00Z check_out "staff confirm it" 0 "confirmed ALR-2026-000006: incident INC-2026-000003" "$GISAC" alert confirm ALR-2026-000006
check_status "the incident" 0 "$GISAC" incident show INC-2026-000003 --json
check_nogrep "names no value" "amber.evil.example" "$T/out"
check_eq "nor counts its sightings" 0 "$(sql "SELECT count(*) FROM incident_sighting s JOIN incident i ON i.id = s.incident_id WHERE i.ref = 'INC-2026-000003'")"

# --- status and KPI --------------------------------------------------------------------------------------
check_eq "status: open and overdue alerts" "1 0 24h" "$(get ann /status >/dev/null; json_get "$T/resp" '"%d %d %s" % (d["alerts"]["open"], d["alerts"]["overdue"], d["alerts"]["answer_within"])')"
GISAC_NOW=2026-11-26T00:00:00Z check_status "status later" 0 "$GISAC" status
check_grep "status text" "alerts (monitoring notices): 1 open, 1 past their answer deadline (24h to confirm or dismiss; no legal deadline)" "$T/out"
GISAC_NOW=2026-11-26T00:00:00Z check_status "kpi" 0 "$GISAC" report kpi --month 11
check_eq "kpi alerts" "{'opened': 6, 'answered_in_time': 5, 'answered_late': 0, 'open': 1, 'overdue': 1, 'in_time_share': 100.0}" "$(json_get "$T/out" 'd["alerts"]')"
# --- a supervising agency sees its sub-agency's alerts; another does not ----------------------------
check_status "agency gov" 0 "$GISAC" agency add gov --name "Executive Yuan" --grade A
check_status "moda under gov" 0 "$GISAC" agency update moda --parent gov
echo 'officer password 03' | "$GISAC" user add off-gov --role agency --agency gov >/dev/null 2>&1
make_tokens off-gov
check_eq "gov lists moda's agency-queue alerts" "$(sql "SELECT ref FROM alert WHERE agency = 'moda' AND queue = 'agency' ORDER BY ref")" \
    "$(get off-gov /alerts >/dev/null; $PY -c 'import json,sys; print("\n".join(sorted(a["id"] for a in json.load(open(sys.argv[1]))["alerts"])))' "$T/resp")"
check_eq "gov reads one" 200 "$(get off-gov /alerts/ALR-2026-000001)"
check_eq "gov: not the office's queue" 403 "$(get off-gov '/alerts?queue=office')"
check_eq "mof: not moda's" 404 "$(get off-mof /alerts/ALR-2026-000001)"
check_eq "gov: moda's sightings" 200 "$(get off-gov '/sightings?agency=moda')"
check_eq "mof: not moda's sightings" 403 "$(get off-mof '/sightings?agency=moda')"
finish
