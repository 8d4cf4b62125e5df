#!/bin/sh
# The incident record (docs/incident.md, issue 11 part 3) on the command
# line and over HTTP: the legal fields, revisions after several edits
# (gisac incident history, GET /incidents/ID/revisions), recovery before
# the review with its time, a report received by phone with local times
# (Asia/Taipei) and its deadlines to the second, and supervising agencies
# in a three-level hierarchy (ministry > department > office) beside an
# unrelated agency that gets 404 everywhere.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_PWHASH_FAST=1
command -v curl >/dev/null || { echo "curl not installed: skipped"; exit 77; }
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "python3 not installed: skipped"; exit 77; }
SRV_PID=
trap 'serve_stop; rm -rf "$T"' EXIT
G="$GISAC"

export GISAC_NOW=2026-12-06T12:30:00Z # 20:30 in Taipei
check_status "ministry" 0 "$G" agency add min --name Ministry --grade A
check_status "department" 0 "$G" agency add dep --name Department --grade B --parent min
check_status "office" 0 "$G" agency add off --name Office --grade C --parent dep
check_status "unrelated" 0 "$G" agency add oth --name Other --grade C

# --- a report by phone, local times -----------------------------------------------
check_out "phone report" 0 \
    "reported INC-2026-000001 (level 3, major), next deadline review 2026-12-06T22:15:00+08:00 (1h45m left)" \
    "$G" incident report --agency off --title "Ransomware" --asset core --availability beyond-mtd \
    --aware-at 2026-12-06T19:30:00 --channel phone --received-at 2026-12-06T20:15:00
"$G" incident show INC-2026-000001 --json >"$T/p.json"
check_eq "phone: deadlines to the second" \
    "phone 2026-12-06T12:15:00Z 2026-12-06T12:15:00Z 2026-12-06T12:30:00Z met 2026-12-06T14:15:00Z 2026-12-07T23:30:00Z" \
    "$(json_get "$T/p.json" '" ".join([d["channel"], d["received_at"], d["reported_at"], d["deadlines"]["report"], d["deadline_states"]["report"], d["deadlines"]["review"], d["deadlines"]["recover"]])')"
"$G" incident show INC-2026-000001 >"$T/p.txt"
check_grep "phone: shown" "channel          phone, received 2026-12-06T20:15:00+08:00" "$T/p.txt"
check_grep "phone: report met" "  report                2026-12-06T20:30:00+08:00  met (agency)" "$T/p.txt"
check_grep "phone: review pending" "  review                2026-12-06T22:15:00+08:00  pending (reviewer), 1h45m left" "$T/p.txt"
check_out "received-at without a channel" 2 "gisac: --received-at goes with --channel
gisac: try 'gisac incident --help'" \
    "$G" incident report --agency off --title X --asset core --aware-at 2026-12-06T19:30:00 --received-at 2026-12-06T20:15:00
check_out "channel without received-at" 2 "gisac: received-at is required: when the report by mail was received" \
    "$G" incident report --agency off --title X --asset core --aware-at 2026-12-06T19:30:00 --channel mail
check_out "received before awareness" 2 "gisac: received-at is before aware-at" \
    "$G" incident report --agency off --title X --asset core --aware-at 2026-12-06T19:30:00 --channel fax --received-at 2026-12-06T19:00:00
check_out "a bad channel" 2 "gisac: channel 'pigeon': use portal, phone, mail, fax or other" \
    "$G" incident report --agency off --title X --asset core --aware-at 2026-12-06T19:30:00 --channel pigeon --received-at 2026-12-06T20:00:00
check_out "support-needed bad" 2 "gisac: --support-needed 'maybe': use yes or no
gisac: try 'gisac incident --help'" \
    "$G" incident report --agency off --title X --asset core --aware-at 2026-12-06T19:30:00 --support-needed maybe

# --- the legal fields, edits and their revisions ------------------------------------
export GISAC_NOW=2026-12-06T13:00:00Z
check_status "complete the details" 0 "$G" incident update INC-2026-000001 \
    --description "two file servers encrypted" --measures "servers isolated" --support-needed yes --support-detail "forensics"
export GISAC_NOW=2026-12-06T14:00:00Z
check_status "more measures" 0 "$G" incident update INC-2026-000001 \
    --measures "servers isolated; restored from backups" --notes "police informed"
check_status "no support after all" 0 "$G" incident update INC-2026-000001 --support-needed no --support-detail ""
"$G" incident history INC-2026-000001 --json >"$T/h.json"
check_eq "history: 4 revisions" 4 "$(wc -l <"$T/h.json" | tr -d ' ')"
check_eq "history: revision 1 as first reported" \
    '{"n":1,"at":"2026-12-06T12:30:00Z","by":"cli:'"$(id -un)"'","changed":[],"content":{"title":"Ransomware","description":null,"category":"other","asset":"core","confidentiality":"none","integrity":"none","availability":"beyond-mtd","level_override":null,"override_reason":null,"occurred_at":null,"aware_at":"2026-12-06T11:30:00Z","measures":null,"support_needed":null,"support_detail":null,"notes":null,"channel":"phone","received_at":"2026-12-06T12:15:00Z"}}' \
    "$(sed -n 1p "$T/h.json")"
check_eq "history: revision 2" \
    '{"n":2,"at":"2026-12-06T13:00:00Z","by":"cli:'"$(id -un)"'","changed":["description","measures","support_needed"],"content":{"title":"Ransomware","description":"two file servers encrypted","category":"other","asset":"core","confidentiality":"none","integrity":"none","availability":"beyond-mtd","level_override":null,"override_reason":null,"occurred_at":null,"aware_at":"2026-12-06T11:30:00Z","measures":"servers isolated","support_needed":true,"support_detail":"forensics","notes":null,"channel":"phone","received_at":"2026-12-06T12:15:00Z"}}' \
    "$(sed -n 2p "$T/h.json")"
check_eq "history: revision 3" \
    '["measures", "notes"] servers isolated; restored from backups police informed True' \
    "$(sed -n 3p "$T/h.json" | $PY -c 'import json,sys; d=json.load(sys.stdin); c=d["content"]; print(json.dumps(d["changed"]), c["measures"], c["notes"], c["support_needed"])')"
check_eq "history: revision 4" '["support_needed"] False None' \
    "$(sed -n 4p "$T/h.json" | $PY -c 'import json,sys; d=json.load(sys.stdin); c=d["content"]; print(json.dumps(d["changed"]), c["support_needed"], c["support_detail"])')"
"$G" incident history INC-2026-000001 >"$T/h.txt"
check_grep "history text: header" "revision 2  2026-12-06T21:00:00+08:00  by cli:$(id -un)  changed [\"description\",\"measures\",\"support_needed\"]" "$T/h.txt"
check_grep "history text: local times" "  received_at      2026-12-06T20:15:00+08:00" "$T/h.txt"
check_grep "history text: first description" "  description      -" "$T/h.txt"
check_out "history: not found" 1 "gisac: incident INC-2026-000099: not found" "$G" incident history INC-2026-000099
"$G" incident show INC-2026-000001 >"$T/s.txt"
check_grep "show: measures" "measures         servers isolated; restored from backups" "$T/s.txt"
check_grep "show: support" "support needed   no" "$T/s.txt"
check_grep "show: notes" "notes            police informed" "$T/s.txt"
check_grep "show: revisions" "revisions        4" "$T/s.txt"

# --- recovery before the review, at the time it happened --------------------------
export GISAC_NOW=2026-12-07T02:00:00Z
check_out "recovered before the review" 0 \
    "updated INC-2026-000001: recovered, level 3, next deadline review 2026-12-06T22:15:00+08:00 (overdue by 11h45m)" \
    "$G" incident update INC-2026-000001 --status recovered --at 2026-12-07T08:00:00
"$G" incident show INC-2026-000001 --json >"$T/r.json"
check_eq "recovered at the time given" "2026-12-07T00:00:00Z met None 2027-01-07T00:00:00Z" \
    "$(json_get "$T/r.json" '" ".join([d["recovered_at"], d["deadline_states"]["recover"], str(d["reviewed_at"]), d["deadlines"]["investigation_report"]])')"
check_out "status: the breach is the reviewer's" 0 \
    "open incidents: 1 (level 1: 0, level 2: 0, level 3: 1, level 4: 0, not determined: 0), 1 with a breached deadline (owed by the agency: 0, by the reviewer: 1)" \
    sh -c "'$G' status | grep '^open incidents'"

# --- supervisors over HTTP ----------------------------------------------------------
export GISAC_NOW=2026-12-07T03:00:00Z
for a in min dep off oth; do
    check_status "officer $a" 0 "$G" user add "o-$a" --role agency --agency "$a" </dev/null
done
make_tokens o-min o-dep o-off o-oth
H_MIN="Authorization: Bearer $(cat "$T/tok.o-min")"
H_DEP="Authorization: Bearer $(cat "$T/tok.o-dep")"
H_OFF="Authorization: Bearer $(cat "$T/tok.o-off")"
H_OTH="Authorization: Bearer $(cat "$T/tok.o-oth")"
JS="Content-Type: application/json"
serve_start "$T/server.log" --threads 2 --tick 3600
A=http://127.0.0.1:$PORT/api/v1

check_eq "office reports" 201 "$(req n1 -H "$H_OFF" -H "$JS" --data-binary '{"agency":"off","title":"Phishing","asset":"non-core","confidentiality":"minor","aware_at":"2026-12-07T10:30:00","measures":"mails deleted","support_needed":{"needed":false},"notes":"none"}' "$A/incidents")"
check_eq "legal fields in the answer" '"mails deleted" {"needed": false, "detail": null} "none" "portal" 1' \
    "$(json_get "$T/n1.body" '" ".join(json.dumps(x) for x in [d["measures"], d["support_needed"], d["notes"], d["channel"], d["revisions"]])')"
check_eq "department reports" 201 "$(req n2 -H "$H_DEP" -H "$JS" --data-binary '{"agency":"dep","title":"Scan","asset":"core","integrity":"minor","aware_at":"2026-12-07T10:40:00"}' "$A/incidents")"
check_eq "support_needed not an object" 'bad_request: $.support_needed: expected an object {"needed": true|false, "detail": text}' \
    "$(req e1 -H "$H_OFF" -H "$JS" --data-binary '{"agency":"off","title":"X","asset":"core","aware_at":"2026-12-07T10:30:00","support_needed":true}' "$A/incidents" >/dev/null; err e1)"
check_eq "an officer may not record a phone report" 'forbidden: only office staff record a report received by phone' \
    "$(req e2 -H "$H_OFF" -H "$JS" --data-binary '{"agency":"off","title":"X","asset":"core","aware_at":"2026-12-07T10:30:00","channel":"phone","received_at":"2026-12-07T10:45:00"}' "$A/incidents" >/dev/null; err e2)"
ids() { json_get "$T/$1.body" '" ".join(i["id"] for i in d["incidents"])'; }
check_eq "ministry lists all three" 200 "$(req l1 -H "$H_MIN" "$A/incidents")"
check_eq "ministry: ids" "INC-2026-000001 INC-2026-000002 INC-2026-000003" "$(ids l1)"
check_req "department: its own and the office's" "INC-2026-000001 INC-2026-000002 INC-2026-000003" l2 ids -H "$H_DEP" "$A/incidents"
check_req "office: its own" "INC-2026-000001 INC-2026-000002" l3 ids -H "$H_OFF" "$A/incidents"
check_req "unrelated: none" "" l4 ids -H "$H_OTH" "$A/incidents"
check_req "department cannot list up" "" l5 ids -H "$H_DEP" "$A/incidents?agency=min"
check_eq "ministry reads the office's" 200 "$(st "$H_MIN" GET /incidents/INC-2026-000002)"
check_eq "ministry: revisions" 200 "$(req v1 -H "$H_MIN" "$A/incidents/INC-2026-000002/revisions")"
check_eq "revisions: one, by the office" "1 user:o-off []" \
    "$(json_get "$T/v1.body" '" ".join(str(x) for x in [len(d["revisions"]), d["revisions"][0]["by"], d["revisions"][0]["changed"]])')"
printf 'mail headers\n' >"$T/mail.txt"
check_eq "office adds evidence" 201 "$(curl -s -o /dev/null -w '%{http_code}' -H "$H_OFF" -H "$OCT" --data-binary @"$T/mail.txt" "$A/incidents/INC-2026-000002/evidence?name=mail.txt")"
check_eq "ministry: evidence" 200 "$(st "$H_MIN" GET /incidents/INC-2026-000002/evidence)"
check_eq "ministry: evidence 1" 200 "$(st "$H_MIN" GET /incidents/INC-2026-000002/evidence/1)"
for p in /incidents/INC-2026-000002 /incidents/INC-2026-000002/revisions /incidents/INC-2026-000002/evidence /incidents/INC-2026-000002/evidence/1 /incidents/INC-2026-000002/breaches /incidents/INC-2026-000003; do
    check_eq "unrelated: 404 $p" 404 "$(st "$H_OTH" GET "$p")"
done
check_eq "unrelated: review 404" 404 "$(st "$H_OTH" POST /incidents/INC-2026-000002/advance '{"status":"reviewed"}')"
check_eq "office: the department's is 404" 404 "$(st "$H_OFF" GET /incidents/INC-2026-000003)"
check_eq "office may not review its own" 403 "$(st "$H_OFF" POST /incidents/INC-2026-000002/advance '{"status":"reviewed"}')"
check_eq "ministry may not edit the office's" 403 "$(st "$H_MIN" PATCH /incidents/INC-2026-000002 '{"title":"x"}')"
check_eq "ministry reviews the office's" 200 "$(req rv1 -H "$H_MIN" -H "$JS" --data-binary '{"status":"reviewed"}' "$A/incidents/INC-2026-000002/advance")"
check_eq "reviewed, in time" "reviewed met" "$(json_get "$T/rv1.body" 'd["status"]+" "+d["deadline_states"]["review"]')"
check_eq "department reviews the office's phone report" 200 "$(req rv2 -H "$H_DEP" -H "$JS" --data-binary '{"status":"reviewed"}' "$A/incidents/INC-2026-000001/advance")"
check_eq "late review, status stays recovered" "recovered late" "$(json_get "$T/rv2.body" 'd["status"]+" "+d["deadline_states"]["review"]')"
check_eq "ministry reviews the department's" 200 "$(st "$H_MIN" POST /incidents/INC-2026-000003/advance '{"status":"reviewed"}')"
check_eq "the office patches its own: legal fields" 200 "$(req pt -H "$H_OFF" -X PATCH -H "$JS" --data-binary '{"measures":"mails deleted; filter rule","support_needed":{"needed":true,"detail":"mail forensics"}}' "$A/incidents/INC-2026-000002")"
check_eq "patched" '"mails deleted; filter rule" {"needed": true, "detail": "mail forensics"} 2' \
    "$(json_get "$T/pt.body" '" ".join(json.dumps(x) for x in [d["measures"], d["support_needed"], d["revisions"]])')"
check_eq "recovered with at" 200 "$(req rc -H "$H_OFF" -H "$JS" --data-binary '{"status":"recovered","at":"2026-12-07T10:50:00"}' "$A/incidents/INC-2026-000002/advance")"
check_eq "recovered_at is at" "2026-12-07T02:50:00Z" "$(json_get "$T/rc.body" 'd["recovered_at"]')"
check_eq "at in the future" 422 "$(st "$H_OFF" POST /incidents/INC-2026-000003/advance '{"status":"recovered","at":"2026-12-07T12:00:00"}')"
# the alert light: a supervisor sees the ids of its sub-agencies' incidents, others count them
req s1 -H "$H_MIN" "$A/status" >/dev/null
check_eq "light: ministry sees every id" "INC-2026-000001 INC-2026-000002 INC-2026-000003" \
    "$(json_get "$T/s1.body" '" ".join(next(r for r in d["reasons"] if r["rule"]=="open")["incidents"])')"
req s2 -H "$H_OFF" "$A/status" >/dev/null
check_eq "light: the office sees its own" "INC-2026-000001 INC-2026-000002|3 open incidents (INC-2026-000001, INC-2026-000002 and 1 of other agencies)" \
    "$(json_get "$T/s2.body" '(lambda r: " ".join(r["incidents"])+"|"+r["text"])(next(r for r in d["reasons"] if r["rule"]=="open"))')"
finish
