#!/bin/sh
# gisac serve: /api/v1/incidents (docs/api.md, docs/incident.md) over
# loopback: every route, the role matrix (admin, analyst, agency officers
# of two agencies, sensor, consumer), guessed ids 404, illegal transitions
# 409, JSON errors with their paths, 413, 415, evidence upload and
# verification, exact levels and deadlines with GISAC_NOW; then the
# server's scheduler alone recording breaches and delivering a webhook.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_PWHASH_FAST=1
command -v curl >/dev/null || { echo "curl not installed: skipped"; exit 77; }
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "python3 not installed: skipped"; exit 77; }
RECV="$GISAC_SRCDIR/tests/cli/notify_receiver.py"
SRV_PID= RCV_PID=

trap 'serve_stop; [ -n "$RCV_PID" ] && kill "$RCV_PID" 2>/dev/null; rm -rf "$T"' EXIT

# start_server LOG ARGS...: serve_start; sets SRV_PID, PORT and A (the API's URL)
start_server() {
    serve_start "$@"
    A=http://127.0.0.1:$PORT/api/v1
}

# ids NAME: the ids of an incident list answer, space-separated
ids() { json_get "$T/$1.body" '" ".join(i["id"] for i in d["incidents"])'; }

# --- accounts ------------------------------------------------------------------
export GISAC_NOW=2026-11-24T00:00:00Z
check_status "agency moda" 0 "$GISAC" agency add moda --name "Ministry of Digital Affairs" --grade A
check_status "agency mof" 0 "$GISAC" agency add mof --name "Ministry of Finance" --grade B
check_status "admin" 0 "$GISAC" user add admin --role admin </dev/null
check_status "analyst" 0 "$GISAC" user add ann --role analyst </dev/null
check_status "officer moda" 0 "$GISAC" user add off-moda --role agency --agency moda </dev/null
check_status "officer mof" 0 "$GISAC" user add off-mof --role agency --agency mof </dev/null
check_status "sensor" 0 "$GISAC" user add sen --role sensor --agency moda </dev/null
check_status "consumer" 0 "$GISAC" user add fw-moda --role consumer --agency moda </dev/null
make_tokens admin ann off-moda off-mof sen fw-moda
H_ADMIN="Authorization: Bearer $(cat "$T/tok.admin")"
H_ANN="Authorization: Bearer $(cat "$T/tok.ann")"
H_OFF="Authorization: Bearer $(cat "$T/tok.off-moda")"
H_OFF2="Authorization: Bearer $(cat "$T/tok.off-mof")"
H_SEN="Authorization: Bearer $(cat "$T/tok.sen")"
H_FW="Authorization: Bearer $(cat "$T/tok.fw-moda")"
JS="Content-Type: application/json"

check_status "serve --tick 0" 2 "$GISAC" serve --tick 0
check_grep "serve --tick 0" "gisac: --tick needs seconds from 1 to 86400" "$T/err"
check_status "serve --help" 0 "$GISAC" serve --help
check_grep "serve --help" "--tick SECONDS" "$T/out"

start_server "$T/server1.log" --threads 2 --max-body 65536 --max-evidence 65536 --tick 3600

# --- report ------------------------------------------------------------------
R1='{"agency":"moda","title":"Ransomware on the file server","asset":"core-ci","integrity":"serious","availability":"within-mtd","aware_at":"2026-11-23T23:30:00Z","occurred_at":"2026-11-23T22:10:00Z","category":"malware"}'
check_eq "report" 201 "$(req i1 -H "$H_OFF" -H "$JS" --data-binary "$R1" "$A/incidents")"
check_eq "report Location" "/api/v1/incidents/INC-2026-000001" "$(hdr i1 Location)"
check_eq "report body: level 4 and its deadlines" '{"id":"INC-2026-000001","agency":"moda","title":"Ransomware on the file server","description":null,"category":"malware","asset":"core-ci","confidentiality":"none","integrity":"serious","availability":"within-mtd","level":4,"level_computed":4,"level_override":null,"override_reason":null,"major":true,"policy_version":1,"status":"reported","occurred_at":"2026-11-23T22:10:00Z","aware_at":"2026-11-23T23:30:00Z","reported_at":"2026-11-24T00:00:00Z","last_report_at":"2026-11-24T00:00:00Z","report_pending":false,"reviewed_at":null,"recovered_at":null,"investigated_at":null,"closed_at":null,"close_reason":null,"deadlines":{"report":"2026-11-24T00:30:00Z","review":"2026-11-24T02:00:00Z","recover":"2026-11-25T11:30:00Z","investigation_report":null},"deadline_states":{"report":"met","review":"pending","recover":"pending","investigation_report":"none"},"deadline_owners":{"report":"agency","review":"reviewer","recover":"agency","investigation_report":"agency"},"next_deadline":{"kind":"review","owner":"reviewer","due":"2026-11-24T02:00:00Z","seconds_left":7200},"breaches":0,"origin":null,"created_by":"user:off-moda","created":"2026-11-24T00:00:00Z","modified":"2026-11-24T00:00:00Z","measures":null,"support_needed":null,"notes":null,"channel":"portal","received_at":null,"revisions":1}' "$(body i1)"
check_eq "HEAD" 200 "$(curl -s -o /dev/null -w '%{http_code}' -I -H "$H_OFF" "$A/incidents/INC-2026-000001")"
check_eq "show = report" "$(body i1)" "$(req i1s -H "$H_ADMIN" "$A/incidents/INC-2026-000001" >/dev/null; body i1s)"
check_eq "officer reports for another agency" 403 "$(req i1x -H "$H_OFF" -H "$JS" --data-binary '{"agency":"mof","title":"x","asset":"core","aware_at":"2026-11-23T23:00:00Z"}' "$A/incidents")"
check_eq "officer, other agency: message" 'forbidden: an agency account reports for its own agency only' "$(err i1x)"
check_eq "report mof" 201 "$(req i2 -H "$H_OFF2" -H "$JS" --data-binary '{"agency":"mof","title":"Phishing mails to staff","asset":"non-core","confidentiality":"minor","aware_at":"2026-11-23T23:50:00Z","category":"fraud"}' "$A/incidents")"
check_eq "level 1: review in 8 h, recover in 72 h" "INC-2026-000002 1 2026-11-24T00:50:00Z 2026-11-24T08:00:00Z 2026-11-26T23:50:00Z" \
    "$(json_get "$T/i2.body" 'd["id"]+" "+str(d["level"])+" "+d["deadlines"]["report"]+" "+d["deadlines"]["review"]+" "+d["deadlines"]["recover"]')"
check_eq "report, analyst, no impact" 201 "$(req i3 -H "$H_ANN" -H "$JS" --data-binary '{"agency":"moda","title":"Port scan from abroad","asset":"core","aware_at":"2026-11-23T23:55:00Z","category":"information-gathering","description":"two\nlines"}' "$A/incidents")"
check_eq "no level yet" "INC-2026-000003 None None None user:ann" \
    "$(json_get "$T/i3.body" 'd["id"]+" "+str(d["level"])+" "+str(d["next_deadline"])+" "+str(d["deadlines"]["review"])+" "+d["created_by"]')"

# --- report: errors --------------------------------------------------------------
check_eq "sensor may not report" 403 "$(st "$H_SEN" POST /incidents "$R1")"
check_eq "consumer may not report" 403 "$(st "$H_FW" POST /incidents "$R1")"
check_eq "sensor may not list" 403 "$(req s1 -H "$H_SEN" "$A/incidents")"
check_eq "sensor 403 body" 'forbidden: the role sensor may not do this' "$(err s1)"
check_eq "consumer may not list" 403 "$(st "$H_FW" GET /incidents)"
check_eq "consumer may not show" 403 "$(st "$H_FW" GET /incidents/INC-2026-000001)"
check_eq "sensor may not upload" 403 "$(curl -s -o /dev/null -w '%{http_code}' -H "$H_SEN" -H "$OCT" --data-binary x "$A/incidents/INC-2026-000001/evidence?name=x")"
check_eq "no credentials" 401 "$(st "Accept: */*" GET /incidents)"
check_eq "malformed JSON" 400 "$(req e1 -H "$H_ADMIN" -H "$JS" --data-binary '{"agency":"moda","title":}' "$A/incidents")"
check_eq "malformed JSON names the path" 'bad_json: $.title: invalid JSON at line 1, column 26: unexpected character' "$(err e1)"
check_eq "wrong type" 'bad_request: $.title: expected a string' "$(req e2 -H "$H_ADMIN" -H "$JS" --data-binary '{"agency":"moda","title":5,"asset":"core","aware_at":"2026-11-23T23:00:00Z"}' "$A/incidents" >/dev/null; err e2)"
check_eq "required" 'bad_request: $.aware_at: required' "$(req e3 -H "$H_ADMIN" -H "$JS" --data-binary '{"agency":"moda","title":"t","asset":"core"}' "$A/incidents" >/dev/null; err e3)"
check_eq "unknown member" 'bad_request: $.level: unknown member' "$(req e4 -H "$H_ADMIN" -H "$JS" --data-binary '{"agency":"moda","title":"t","asset":"core","aware_at":"2026-11-23T23:00:00Z","level":2}' "$A/incidents" >/dev/null; err e4)"
check_eq "bad asset" 422 "$(req e5 -H "$H_ADMIN" -H "$JS" --data-binary '{"agency":"moda","title":"t","asset":"core-x","aware_at":"2026-11-23T23:00:00Z"}' "$A/incidents")"
check_grep "bad asset: path" '"message":"$.asset: ' "$T/e5.body"
check_eq "impact n/a" 'invalid: $.availability: availability impact '"'"'within-mtd'"'"' does not apply to national-secret assets under this policy' "$(req e6 -H "$H_ADMIN" -H "$JS" --data-binary '{"agency":"moda","title":"Leak","asset":"national-secret","availability":"within-mtd","aware_at":"2026-11-23T23:00:00Z"}' "$A/incidents" >/dev/null; err e6)"
check_eq "unknown agency" 'invalid: $.agency: agency nope does not exist' "$(req e7 -H "$H_ADMIN" -H "$JS" --data-binary '{"agency":"nope","title":"t","asset":"core","aware_at":"2026-11-23T23:00:00Z"}' "$A/incidents" >/dev/null; err e7)"
check_eq "future awareness" 'invalid: $.aware_at: aware-at 2026-11-24T09:00:00+08:00 is in the future' "$(req e8 -H "$H_ADMIN" -H "$JS" --data-binary '{"agency":"moda","title":"t","asset":"core","aware_at":"2026-11-24T01:00:00Z"}' "$A/incidents" >/dev/null; err e8)"
check_eq "bad time" 'invalid: $.aware_at: '"'"'yesterday'"'"' is not a time such as 2026-11-24T08:00:00Z' "$(req e9 -H "$H_ADMIN" -H "$JS" --data-binary '{"agency":"moda","title":"t","asset":"core","aware_at":"yesterday"}' "$A/incidents" >/dev/null; err e9)"
check_eq "bad category" 422 "$(req e10 -H "$H_ADMIN" -H "$JS" --data-binary '{"agency":"moda","title":"t","asset":"core","aware_at":"2026-11-23T23:00:00Z","category":"spam"}' "$A/incidents")"
check_grep "bad category: path" '"message":"$.category: category '"'"'spam'"'"': use ' "$T/e10.body"
check_eq "control character in title" 'invalid: $.title: title holds a control character' "$(req e11 -H "$H_ADMIN" -H "$JS" --data-binary '{"agency":"moda","title":"a\u0007b","asset":"core","aware_at":"2026-11-23T23:00:00Z"}' "$A/incidents" >/dev/null; err e11)"
check_eq "not JSON media" 415 "$(curl -s -o /dev/null -w '%{http_code}' -H "$H_ADMIN" -H 'Content-Type: text/plain' --data-binary "$R1" "$A/incidents")"
check_eq "nothing written by the errors" "INC-2026-000001 INC-2026-000002 INC-2026-000003" "$(req l0 -H "$H_ADMIN" "$A/incidents" >/dev/null; ids l0)"

# --- list, show, due: who sees what --------------------------------------------------
check_eq "list admin" 200 "$(req l1 -H "$H_ADMIN" "$A/incidents")"
check_eq "list admin: all, last page" "INC-2026-000001 INC-2026-000002 INC-2026-000003 None" "$(ids l1) $(json_get "$T/l1.body" 'd["next"]')"
check_eq "list analyst" "INC-2026-000001 INC-2026-000002 INC-2026-000003" "$(req l2 -H "$H_ANN" "$A/incidents" >/dev/null; ids l2)"
check_eq "list officer moda" "INC-2026-000001 INC-2026-000003" "$(req l3 -H "$H_OFF" "$A/incidents" >/dev/null; ids l3)"
check_eq "list officer mof" "INC-2026-000002" "$(req l4 -H "$H_OFF2" "$A/incidents" >/dev/null; ids l4)"
check_eq "officer asks for another agency: nothing" "" "$(req l5 -H "$H_OFF" "$A/incidents?agency=mof" >/dev/null; ids l5)"
check_eq "agency filter" "INC-2026-000001 INC-2026-000003" "$(req l6 -H "$H_ADMIN" "$A/incidents?agency=moda" >/dev/null; ids l6)"
check_eq "level filter" "INC-2026-000001" "$(req l7 -H "$H_ADMIN" "$A/incidents?level=4" >/dev/null; ids l7)"
check_eq "status filter" "INC-2026-000001 INC-2026-000002 INC-2026-000003" "$(req l8 -H "$H_ADMIN" "$A/incidents?status=reported&open=false" >/dev/null; ids l8)"
check_eq "status and open" 'bad_request: give '"'"'status'"'"' or '"'"'open'"'"', not both' "$(req l9 -H "$H_ADMIN" "$A/incidents?status=reported&open=true" >/dev/null; err l9)"
check_eq "bad status" 400 "$(st "$H_ADMIN" GET "/incidents?status=lost")"
check_eq "bad level" 400 "$(st "$H_ADMIN" GET "/incidents?level=5")"
check_eq "unknown parameter" 'bad_request: unknown query parameter '"'"'colour'"'"'' "$(req l10 -H "$H_ADMIN" "$A/incidents?colour=red" >/dev/null; err l10)"
check_eq "page 1" "INC-2026-000001 INC-2026-000002 INC-2026-000002" "$(req p1 -H "$H_ADMIN" "$A/incidents?limit=2" >/dev/null; ids p1) $(json_get "$T/p1.body" 'd["next"]')"
check_eq "page 2" "INC-2026-000003 None" "$(req p2 -H "$H_ADMIN" "$A/incidents?limit=2&cursor=INC-2026-000002" >/dev/null; ids p2) $(json_get "$T/p2.body" 'd["next"]')"
check_eq "bad cursor" 400 "$(st "$H_ADMIN" GET "/incidents?cursor=zzz")"
check_eq "since" "" "$(req l11 -H "$H_ADMIN" "$A/incidents?since=2026-11-24T00:00:01Z" >/dev/null; ids l11)"
check_eq "guessed id of another agency" 404 "$(req g1 -H "$H_OFF" "$A/incidents/INC-2026-000002")"
check_eq "guessed id: body" 'not_found: incident INC-2026-000002: not found' "$(err g1)"
check_eq "missing id: same answer" 'not_found: incident INC-2026-000099: not found' "$(req g2 -H "$H_OFF" "$A/incidents/INC-2026-000099" >/dev/null; err g2)"
check_eq "guessed id: update" 404 "$(st "$H_OFF" PATCH /incidents/INC-2026-000002 '{"title":"mine now"}')"
check_eq "guessed id: advance" 404 "$(st "$H_OFF" POST /incidents/INC-2026-000002/advance '{"status":"recovered"}')"
check_eq "guessed id: report" 404 "$(st "$H_OFF" POST /incidents/INC-2026-000002/report '{}')"
check_eq "guessed id: close" 403 "$(st "$H_OFF" POST /incidents/INC-2026-000002/close '{"reason":"x"}')"
check_eq "guessed id: breaches" 404 "$(st "$H_OFF" GET /incidents/INC-2026-000002/breaches)"
check_eq "guessed id: links" 404 "$(st "$H_OFF" GET /incidents/INC-2026-000002/links)"
check_eq "guessed id: events" 404 "$(st "$H_OFF" GET /incidents/INC-2026-000002/events)"
check_eq "guessed id: evidence" 404 "$(st "$H_OFF" GET /incidents/INC-2026-000002/evidence)"
check_eq "guessed id: evidence verify" 404 "$(st "$H_OFF" POST /incidents/INC-2026-000002/evidence/verify)"
check_eq "guessed id: evidence n" 404 "$(st "$H_OFF" GET /incidents/INC-2026-000002/evidence/1)"
check_eq "guessed id: transfer" 404 "$(st "$H_OFF" POST /incidents/INC-2026-000002/evidence/1/transfer '{"to":"x","reason":"y"}')"
check_eq "the other agency's incident unchanged" "Phishing mails to staff" "$(req g3 -H "$H_OFF2" "$A/incidents/INC-2026-000002" >/dev/null; json_get "$T/g3.body" 'd["title"]')"
check_eq "due within 2h" "INC-2026-000001" "$(req d1 -H "$H_ADMIN" "$A/incidents/due?within=2h" >/dev/null; ids d1)"
check_eq "due" "INC-2026-000001 INC-2026-000002" "$(req d2 -H "$H_ADMIN" "$A/incidents/due" >/dev/null; ids d2)"
check_eq "due: seconds left" "7200 28800" "$(json_get "$T/d2.body" '" ".join(str(i["next_deadline"]["seconds_left"]) for i in d["incidents"])')"
check_eq "due officer mof" "INC-2026-000002" "$(req d3 -H "$H_OFF2" "$A/incidents/due" >/dev/null; ids d3)"
check_eq "due bad duration" 400 "$(st "$H_ADMIN" GET "/incidents/due?within=soon")"
check_eq "due: POST not allowed" 405 "$(st "$H_ADMIN" POST /incidents/due '{}')"

# --- transitions -------------------------------------------------------------------
check_eq "recovered before awareness" 422 "$(req t1 -H "$H_OFF" -H "$JS" --data-binary '{"status":"recovered","at":"2026-11-23T23:00:00Z"}' "$A/incidents/INC-2026-000001/advance")"
check_eq "recovered before awareness: body" 'invalid: $.at: at is before aware-at' "$(err t1)"
check_eq "at goes with recovered" 'bad_request: $.at: goes with "status": "recovered"' "$(req t1b -H "$H_ADMIN" -H "$JS" --data-binary '{"status":"reviewed","at":"2026-11-23T23:50:00Z"}' "$A/incidents/INC-2026-000001/advance" >/dev/null; err t1b)"
check_eq "officer may not review" 'forbidden: the review of INC-2026-000001 is its supervising agency'"'"'s or the office'"'"'s, not the reporting agency'"'"'s' "$(req t2 -H "$H_OFF" -H "$JS" --data-binary '{"status":"reviewed"}' "$A/incidents/INC-2026-000001/advance" >/dev/null; err t2)"
check_eq "no such status" 422 "$(st "$H_ADMIN" POST /incidents/INC-2026-000001/advance '{"status":"closed"}')"
check_eq "report only with investigated" 400 "$(st "$H_ADMIN" POST /incidents/INC-2026-000001/advance '{"status":"reviewed","report":{"name":"r","content":"eA=="}}')"
check_eq "no level: no review" 'conflict: incident INC-2026-000003 has no level yet: give its impacts or set the level first' "$(req t3 -H "$H_ANN" -H "$JS" --data-binary '{"status":"reviewed"}' "$A/incidents/INC-2026-000003/advance" >/dev/null; err t3)"
check_eq "review" 200 "$(req t4 -H "$H_ANN" -H "$JS" --data-binary '{"status":"reviewed","note":"confirmed by phone"}' "$A/incidents/INC-2026-000001/advance")"
check_eq "reviewed in time" "reviewed 2026-11-24T00:00:00Z met recover 2026-11-25T11:30:00Z 127800" \
    "$(json_get "$T/t4.body" 'd["status"]+" "+d["reviewed_at"]+" "+d["deadline_states"]["review"]+" "+d["next_deadline"]["kind"]+" "+d["next_deadline"]["due"]+" "+str(d["next_deadline"]["seconds_left"])')"
check_eq "review twice" 409 "$(st "$H_ANN" POST /incidents/INC-2026-000001/advance '{"status":"reviewed"}')"
check_eq "note with a control character" 'invalid: $.note: holds a control character' "$(req t5 -H "$H_OFF" -H "$JS" --data-binary '{"status":"recovered","note":"a\tb"}' "$A/incidents/INC-2026-000001/advance" >/dev/null; err t5)"

# levels: an override restarts the report clock; the report is filed again
check_eq "officer may not set the level" 'forbidden: only office staff may set the level' "$(req u1 -X PATCH -H "$H_OFF" -H "$JS" --data-binary '{"level":2,"reason":"x"}' "$A/incidents/INC-2026-000003" >/dev/null; err u1)"
check_eq "level needs a reason" 'bad_request: $.reason: required with $.level' "$(req u2 -X PATCH -H "$H_ANN" -H "$JS" --data-binary '{"level":2}' "$A/incidents/INC-2026-000003" >/dev/null; err u2)"
check_eq "reason only with level" 400 "$(st "$H_ANN" PATCH /incidents/INC-2026-000003 '{"reason":"x"}')"
check_eq "level out of range" 'invalid: $.level: use 1 to 4, or "auto"' "$(req u3 -X PATCH -H "$H_ANN" -H "$JS" --data-binary '{"level":5,"reason":"x"}' "$A/incidents/INC-2026-000003" >/dev/null; err u3)"
check_eq "nothing to change" 'bad_request: $: nothing to change' "$(req u4 -X PATCH -H "$H_ANN" -H "$JS" --data-binary '{}' "$A/incidents/INC-2026-000003" >/dev/null; err u4)"
check_eq "override" 200 "$(req u5 -X PATCH -H "$H_ANN" -H "$JS" --data-binary '{"level":2,"reason":"the scans hit the patient portal"}' "$A/incidents/INC-2026-000003")"
check_eq "override: report pending, due in 1 h" "2 None 2 True report 2026-11-24T01:00:00Z" \
    "$(json_get "$T/u5.body" 'str(d["level"])+" "+str(d["level_computed"])+" "+str(d["level_override"])+" "+str(d["report_pending"])+" "+d["next_deadline"]["kind"]+" "+d["next_deadline"]["due"]')"
check_eq "officer changes impacts" 200 "$(req u6 -X PATCH -H "$H_OFF" -H "$JS" --data-binary '{"confidentiality":"serious","title":"Port scan and a leak"}' "$A/incidents/INC-2026-000003")"
check_eq "computed 3, override 2 kept" "2 3 Port scan and a leak" "$(json_get "$T/u6.body" 'str(d["level"])+" "+str(d["level_computed"])+" "+d["title"]')"
check_eq "bad impact" 'invalid: $.integrity: integrity '"'"'total'"'"': use none, minor or serious' "$(req u7 -X PATCH -H "$H_OFF" -H "$JS" --data-binary '{"integrity":"total"}' "$A/incidents/INC-2026-000003" >/dev/null; err u7)"
check_eq "report again" 200 "$(req r1 -H "$H_OFF" -H "$JS" --data-binary '{"note":"by phone"}' "$A/incidents/INC-2026-000003/report")"
check_eq "reported: review in 8 h" "False 2026-11-24T08:00:00Z" "$(json_get "$T/r1.body" 'str(d["report_pending"])+" "+d["deadlines"]["review"]')"
check_eq "no report pending" 'conflict: incident INC-2026-000003: no report is pending (it is reported)' "$(req r2 -H "$H_OFF" -H "$JS" --data-binary '{}' "$A/incidents/INC-2026-000003/report" >/dev/null; err r2)"
check_eq "report: no body" 400 "$(curl -s -o /dev/null -w '%{http_code}' -H "$H_OFF" -X POST "$A/incidents/INC-2026-000003/report")"

# recovery, the investigation report, closing
check_eq "officer may not close" 403 "$(st "$H_OFF" POST /incidents/INC-2026-000001/close '{"reason":"done"}')"
check_eq "close too early" 'conflict: incident INC-2026-000001 is reviewed: only an investigated incident can be closed (or a draft dismissed)' "$(req c1 -H "$H_ADMIN" -H "$JS" --data-binary '{"reason":"done"}' "$A/incidents/INC-2026-000001/close" >/dev/null; err c1)"
check_eq "recovered" 200 "$(req t6 -H "$H_OFF" -H "$JS" --data-binary '{"status":"recovered"}' "$A/incidents/INC-2026-000001/advance")"
check_eq "investigation report due a month later" "recovered investigation_report 2026-12-24T00:00:00Z" "$(json_get "$T/t6.body" 'd["status"]+" "+d["next_deadline"]["kind"]+" "+d["next_deadline"]["due"]')"
check_eq "investigated needs the report" 400 "$(st "$H_OFF" POST /incidents/INC-2026-000001/advance '{"status":"investigated"}')"
check_eq "report not base64" 'invalid: $.report.content: not base64' "$(req t7 -H "$H_OFF" -H "$JS" --data-binary '{"status":"investigated","report":{"name":"r.txt","content":"!!"}}' "$A/incidents/INC-2026-000001/advance" >/dev/null; err t7)"
check_eq "report name a path" 'invalid: $.report.name: a file name, not a path' "$(req t8 -H "$H_OFF" -H "$JS" --data-binary '{"status":"investigated","report":{"name":"../r.txt","content":"eA=="}}' "$A/incidents/INC-2026-000001/advance" >/dev/null; err t8)"
check_eq "report unknown member" 'bad_request: $.report.size: unknown member' "$(req t9 -H "$H_OFF" -H "$JS" --data-binary '{"status":"investigated","report":{"name":"r.txt","content":"eA==","size":1}}' "$A/incidents/INC-2026-000001/advance" >/dev/null; err t9)"
printf 'Root cause: an unpatched VPN gateway.\n' >"$T/report.txt"
B64=$(base64 -w0 "$T/report.txt")
check_eq "investigated" 200 "$(req t10 -H "$H_OFF" -H "$JS" --data-binary "{\"status\":\"investigated\",\"report\":{\"name\":\"report.txt\",\"content\":\"$B64\"}}" "$A/incidents/INC-2026-000001/advance")"
check_eq "investigated: no deadline left" "investigated None" "$(json_get "$T/t10.body" 'd["status"]+" "+str(d["next_deadline"])')"
check_eq "the report is evidence of kind report" "1 report report.txt $(sha256sum "$T/report.txt" | cut -c1-64) 38" \
    "$(req ev0 -H "$H_OFF" "$A/incidents/INC-2026-000001/evidence" >/dev/null; json_get "$T/ev0.body" '" ".join(str(e["n"])+" "+e["kind"]+" "+e["name"]+" "+e["sha256"]+" "+str(e["size"]) for e in d["evidence"])')"
check_eq "close" 200 "$(req c2 -H "$H_ADMIN" -H "$JS" --data-binary '{"reason":"measures in place"}' "$A/incidents/INC-2026-000001/close")"
check_eq "closed" "closed 2026-11-24T00:00:00Z measures in place" "$(json_get "$T/c2.body" 'd["status"]+" "+d["closed_at"]+" "+d["close_reason"]')"
check_eq "closed: no change" 'conflict: incident INC-2026-000001 is closed' "$(req c3 -X PATCH -H "$H_ANN" -H "$JS" --data-binary '{"title":"again"}' "$A/incidents/INC-2026-000001" >/dev/null; err c3)"
check_eq "closed: no advance" 409 "$(st "$H_ANN" POST /incidents/INC-2026-000001/advance '{"status":"reviewed"}')"
check_eq "open filter" "INC-2026-000002 INC-2026-000003" "$(req l12 -H "$H_ADMIN" "$A/incidents?open=true" >/dev/null; ids l12)"

# a draft, dismissed
check_eq "draft" 201 "$(req dr1 -H "$H_OFF" -H "$JS" --data-binary '{"agency":"moda","title":"Beacon to a C2 domain","asset":"core","aware_at":"2026-11-23T23:45:00Z","category":"malware","draft":true}' "$A/incidents")"
check_eq "draft: report due" "INC-2026-000004 draft True report 2026-11-24T00:45:00Z" "$(json_get "$T/dr1.body" 'd["id"]+" "+d["status"]+" "+str(d["report_pending"])+" "+d["next_deadline"]["kind"]+" "+d["next_deadline"]["due"]')"
check_eq "dismiss needs a reason" 'invalid: $.reason: dismissing a draft needs a reason' "$(req dr2 -H "$H_ADMIN" -H "$JS" --data-binary '{}' "$A/incidents/INC-2026-000004/close" >/dev/null; err dr2)"
check_eq "dismiss" 200 "$(req dr3 -H "$H_ADMIN" -H "$JS" --data-binary '{"reason":"sinkholed domain"}' "$A/incidents/INC-2026-000004/close")"
check_eq "dismissed" "closed moot" "$(json_get "$T/dr3.body" 'd["status"]+" "+d["deadline_states"]["report"]')"

# --- evidence ----------------------------------------------------------------------------
printf 'Nov 23 22:10:01 fw1 deny tcp 203.0.113.7:4444\n' >"$T/fw1.log"
SUM=$(sha256sum "$T/fw1.log" | cut -c1-64)
EV="$A/incidents/INC-2026-000003/evidence"
check_eq "upload" 201 "$(req v1 -H "$H_OFF" -H "$OCT" --data-binary @"$T/fw1.log" "$EV?name=fw1.log&note=firewall%20log&acquired_by=alice%20(moda%20SOC)&acquired_at=2026-11-23T23:58:00Z")"
check_eq "upload Location" "/api/v1/incidents/INC-2026-000003/evidence/1" "$(hdr v1 Location)"
check_eq "upload body" "{\"incident\":\"INC-2026-000003\",\"n\":1,\"kind\":\"evidence\",\"sha256\":\"$SUM\",\"size\":46,\"name\":\"fw1.log\",\"note\":\"firewall log\",\"acquired_by\":\"alice (moda SOC)\",\"acquired_at\":\"2026-11-23T23:58:00Z\",\"custodian\":\"alice (moda SOC)\",\"created\":\"2026-11-24T00:00:00Z\",\"custody\":[{\"at\":\"2026-11-23T23:58:00Z\",\"from\":null,\"to\":\"alice (moda SOC)\",\"reason\":\"acquired\",\"recorded_by\":\"user:off-moda\"}]}" "$(body v1)"
check_eq "stored read-only by its hash" "-r--r--r--" "$(ls -l "$SIDE.evidence/$(echo "$SUM" | cut -c1-2)/$SUM" | cut -c1-10)"
check_eq "upload, defaults" 201 "$(req v2 -H "$H_OFF" -H "$OCT" --data-binary 'From: it-support@example.com' "$EV?name=lure.eml")"
check_eq "acquired by the caller, now" "2 user:off-moda 2026-11-24T00:00:00Z None" "$(json_get "$T/v2.body" 'str(d["n"])+" "+d["acquired_by"]+" "+d["acquired_at"]+" "+str(d["note"])')"
check_eq "upload by another agency" 404 "$(req v3 -H "$H_OFF2" -H "$OCT" --data-binary @"$T/fw1.log" "$EV?name=x.log")"
check_eq "upload by another agency: body" 'not_found: incident INC-2026-000003: not found' "$(err v3)"
check_eq "upload needs a name" 400 "$(curl -s -o /dev/null -w '%{http_code}' -H "$H_OFF" -H "$OCT" --data-binary x "$EV")"
check_eq "upload name a path" 'invalid: query parameter '"'"'name'"'"': a file name, not a path' "$(req v4 -H "$H_OFF" -H "$OCT" --data-binary x "$EV?name=a/b" >/dev/null; err v4)"
check_eq "upload name not UTF-8" 'invalid: query parameter '"'"'name'"'"': not UTF-8' "$(req v4u -H "$H_OFF" -H "$OCT" --data-binary x "$EV?name=%ff%fe" >/dev/null; err v4u)"
check_eq "upload in the future" 'invalid: query parameter '"'"'acquired_at'"'"': acquired-at is in the future' "$(req v5 -H "$H_OFF" -H "$OCT" --data-binary x "$EV?name=x&acquired_at=2026-11-25T00:00:00Z" >/dev/null; err v5)"
check_eq "upload empty" 400 "$(curl -s -o /dev/null -w '%{http_code}' -H "$H_OFF" -X POST "$EV?name=x")"
check_eq "upload as a form" 415 "$(curl -s -o /dev/null -w '%{http_code}' -H "$H_OFF" -F "f=@$T/fw1.log" "$EV?name=x")"
head -c 70000 /dev/zero >"$T/big.bin"
check_eq "upload too large" 413 "$(req v6 -H "$H_OFF" -H "$OCT" --data-binary @"$T/big.bin" "$EV?name=big.bin")"
check_eq "413 body" "payload_too_large: the evidence file is larger than this server's limit of 65536 bytes (gisac serve --max-evidence)" "$(err v6)"
check_eq "nothing of it kept" "" "$(ls -A "$SIDE.evidence" | grep '^\.upload' || true)"
check_eq "upload to a closed incident" 409 "$(curl -s -o /dev/null -w '%{http_code}' -H "$H_ADMIN" -H "$OCT" --data-binary x "$A/incidents/INC-2026-000001/evidence?name=x")"
check_eq "evidence list" "1 fw1.log 2 lure.eml" "$(req v7 -H "$H_ANN" "$EV" >/dev/null; json_get "$T/v7.body" '" ".join(str(e["n"])+" "+e["name"] for e in d["evidence"])')"
check_eq "evidence show = upload" "$(body v1)" "$(req v8 -H "$H_ANN" "$EV/1" >/dev/null; body v8)"
check_eq "no such evidence" 'not_found: evidence 9 of incident INC-2026-000003: not found' "$(req v9 -H "$H_OFF" "$EV/9" >/dev/null; err v9)"
check_eq "not a number" 404 "$(st "$H_OFF" GET /incidents/INC-2026-000003/evidence/abc)"
check_eq "transfer from the wrong custodian" 'conflict: evidence 1 of INC-2026-000003 is held by alice (moda SOC), not carol' "$(req x1 -H "$H_OFF" -H "$JS" --data-binary '{"from":"carol","to":"bob","reason":"court"}' "$EV/1/transfer" >/dev/null; err x1)"
check_eq "transfer needs a reason" 'bad_request: $.reason: required' "$(req x2 -H "$H_OFF" -H "$JS" --data-binary '{"to":"bob"}' "$EV/1/transfer" >/dev/null; err x2)"
check_eq "transfer in the future" 'invalid: $.at: the transfer time is in the future' "$(req x3 -H "$H_OFF" -H "$JS" --data-binary '{"to":"bob","reason":"r","at":"2026-11-25T00:00:00Z"}' "$EV/1/transfer" >/dev/null; err x3)"
check_eq "transfer" 200 "$(req x4 -H "$H_OFF" -H "$JS" --data-binary '{"from":"alice (moda SOC)","to":"bob (national CERT lab)","reason":"malware analysis"}' "$EV/1/transfer")"
check_eq "transfer: custody" "bob (national CERT lab) 2 alice (moda SOC) malware analysis user:off-moda" \
    "$(json_get "$T/x4.body" 'd["custodian"]+" "+str(len(d["custody"]))+" "+d["custody"][1]["from"]+" "+d["custody"][1]["reason"]+" "+d["custody"][1]["recorded_by"]')"
check_eq "transfer no such evidence" 404 "$(st "$H_OFF" POST /incidents/INC-2026-000003/evidence/7/transfer '{"to":"x","reason":"y"}')"
check_eq "verify" 200 "$(req y1 -H "$H_OFF" -X POST "$EV/verify")"
check_eq "verify: intact" "{\"checked\":2,\"failed\":0,\"results\":[{\"n\":1,\"name\":\"fw1.log\",\"status\":\"ok\",\"sha256\":\"$SUM\",\"size\":46},{\"n\":2,\"name\":\"lure.eml\",\"status\":\"ok\",\"sha256\":\"$(json_get "$T/v2.body" 'd["sha256"]')\",\"size\":28}]}" "$(body y1)"
check_status "the command line agrees: intact" 0 "$GISAC" evidence verify INC-2026-000003
F="$SIDE.evidence/$(echo "$SUM" | cut -c1-2)/$SUM"
chmod u+w "$F" && echo tampered >>"$F"
check_status "the command line agrees: tampered" 2 "$GISAC" evidence verify INC-2026-000003
check_grep "the command line agrees: mismatch" "INC-2026-000003/1	MISMATCH	$SUM" "$T/out"
check_eq "verify: tampered" "1 mismatch $(sha256sum "$F" | cut -c1-64) 55" \
    "$(req y2 -H "$H_ANN" -X POST "$EV/verify" >/dev/null; json_get "$T/y2.body" 'str(d["failed"])+" "+d["results"][0]["status"]+" "+d["results"][0]["found_sha256"]+" "+str(d["results"][0]["found_size"])')"
check_eq "verify: GET is not allowed" 404 "$(st "$H_ANN" GET /incidents/INC-2026-000003/evidence/verify)"

# --- breaches, links, events --------------------------------------------------------------
check_eq "no breaches yet" '{"breaches":[]}' "$(req b1 -H "$H_OFF" "$A/incidents/INC-2026-000003/breaches" >/dev/null; body b1)"
check_eq "no links" '{"links":[]}' "$(req k1 -H "$H_OFF" "$A/incidents/INC-2026-000003/links" >/dev/null; body k1)"
check_eq "events" "incident.new incident.level incident.reported" \
    "$(req n1 -H "$H_OFF" "$A/incidents/INC-2026-000003/events" >/dev/null; json_get "$T/n1.body" '" ".join(e["kind"] for e in d["events"] if e["kind"] in ("incident.new","incident.level","incident.reported"))')"
check_eq "events after" "0" "$(req n2 -H "$H_OFF" "$A/incidents/INC-2026-000003/events?after=100000" >/dev/null; json_get "$T/n2.body" 'len(d["events"])')"
# events are numbered within their incident: the incidents of moda and mof,
# reported and advanced in turn, count 1, 2, 3 ... each, so an agency's
# numbers say nothing of another agency's events
for i in 1 2 3; do
    case $i in 2) H=$H_OFF2 ;; *) H=$H_OFF ;; esac
    check_eq "events of INC-2026-00000$i numbered 1..n" "ok" \
        "$(req n3$i -H "$H" "$A/incidents/INC-2026-00000$i/events" >/dev/null; json_get "$T/n3$i.body" '"ok" if [e["seq"] for e in d["events"]] == list(range(1, len(d["events"]) + 1)) and d["events"] else "bad: " + str([e["seq"] for e in d["events"]])')"
done
check_eq "mof's first event is number 1" "1 incident.new" \
    "$(json_get "$T/n32.body" 'str(d["events"][0]["seq"]) + " " + d["events"][0]["kind"]')"
check_eq "events after 1: from number 2" "2" \
    "$(req n4 -H "$H_OFF" "$A/incidents/INC-2026-000003/events?after=1" >/dev/null; json_get "$T/n4.body" 'd["events"][0]["seq"]')"
check_eq "events after 1: all but the first" \
    "$(json_get "$T/n33.body" 'len(d["events"]) - 1')" "$(json_get "$T/n4.body" 'len(d["events"])')"

# --- the audit: every write by its account ---------------------------------------------------
serve_stop
check_eq "server 1 stopped cleanly" 0 "$SRV_STATUS"
check_nogrep "server 1: no sanitizer report" "Sanitizer" "$T/server1.log"
"$GISAC" audit list >"$T/audit" 2>&1
check_grep "audit: report" "user:off-moda	incident.report	INC-2026-000001" "$T/audit"
check_grep "audit: review" "user:ann	incident.review	INC-2026-000001" "$T/audit"
check_grep "audit: close" "user:admin	incident.close	INC-2026-000001" "$T/audit"
check_grep "audit: evidence" "user:off-moda	evidence.add	INC-2026-000003" "$T/audit"
check_grep "audit: transfer" "user:off-moda	evidence.transfer	INC-2026-000003" "$T/audit"
check_grep "audit: verify" "user:ann	evidence.verify" "$T/audit"
check_nogrep "nothing stored for the other agency" "x.log" "$T/audit"

# --- the scheduler, alone ------------------------------------------------------------------------
# At 09:00 the reviews of INC-2026-000002 (level 1, due 08:00) and
# INC-2026-000003 (level 2, due 08:00) are overdue. No command is run:
# the server's scheduler records the breaches and delivers the webhook.
export GISAC_NOW=2026-11-24T09:00:00Z
mkdir -p "$T/hook"
"$PY" "$RECV" http "$T/hook" 0 >"$T/hook/log" 2>&1 </dev/null &
RCV_PID=$!
for _ in $(seq 1 100); do
    [ -s "$T/hook/port" ] && break
    sleep 0.1
done
HP=$(cat "$T/hook/port" 2>/dev/null)
[ -n "$HP" ] || { fail "receiver did not start"; finish; }
check_status "subscribe" 0 "$GISAC" notify add webhook "http://127.0.0.1:$HP/hook" --events incident.breach
check_status "queue a notification" 0 "$GISAC" notify test incident.breach --subject "scheduler test"
check_eq "nothing recorded before the server runs" "0" "$("$GISAC" audit list --action incident.breach 2>/dev/null | grep -c incident.breach)"

start_server "$T/server2.log" --threads 1 --tick 1
for _ in $(seq 1 100); do
    req sb -H "$H_ADMIN" "$A/incidents/INC-2026-000002/breaches" >/dev/null
    [ "$(body sb)" != '{"breaches":[]}' ] && break
    sleep 0.1
done
check_eq "breach recorded by the scheduler" '{"breaches":[{"deadline":"review","due":"2026-11-24T08:00:00Z","recorded":"2026-11-24T09:00:00Z"}]}' "$(body sb)"
check_eq "the other one too" '{"breaches":[{"deadline":"review","due":"2026-11-24T08:00:00Z","recorded":"2026-11-24T09:00:00Z"}]}' "$(req sb2 -H "$H_OFF" "$A/incidents/INC-2026-000003/breaches" >/dev/null; body sb2)"
check_eq "show counts it" "1 overdue" "$(req sb3 -H "$H_OFF2" "$A/incidents/INC-2026-000002" >/dev/null; json_get "$T/sb3.body" 'str(d["breaches"])+" "+d["deadline_states"]["review"]')"
for _ in $(seq 1 100); do
    grep -q '"path": "/hook"' "$T/hook/requests.jsonl" 2>/dev/null && break
    sleep 0.1
done
check_grep "webhook delivered by the server" '"x-gisac-event": "incident.breach"' "$T/hook/requests.jsonl"
check_grep "webhook subject" 'scheduler test' "$T/hook/requests.jsonl"
sleep 1.5 # another tick: nothing twice
serve_stop
check_eq "server stopped cleanly" 0 "$SRV_STATUS"
check_grep "server stopped" "gisac: stopped" "$T/server2.log"
check_nogrep "server 2: no sanitizer report" "Sanitizer" "$T/server2.log"
check_grep "scheduler log" '"scheduler":"incident_check_breaches","breaches":2}' "$T/server2.log"
check_grep "scheduler log: delivery" '"scheduler":"notify_deliver_due","due":' "$T/server2.log"
check_eq "each breach once" "1" "$(grep -c '"scheduler":"incident_check_breaches"' "$T/server2.log")"
"$GISAC" audit list --action incident.breach >"$T/audit2" 2>&1
check_grep "audited as the scheduler" "server:scheduler	incident.breach	INC-2026-000002" "$T/audit2"
check_grep "audited as the scheduler (2)" "server:scheduler	incident.breach	INC-2026-000003" "$T/audit2"
check_eq "breaches once" "2" "$(grep -c 'incident.breach' "$T/audit2")"
"$GISAC" notify queue --status sent >"$T/sent" 2>&1
check_grep "delivery sent" "scheduler test" "$T/sent"

finish
