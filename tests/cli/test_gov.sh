#!/bin/sh
# test_gov.sh: governance (docs/obligation.md, docs/system.md,
# docs/assessment.md): obligations scheduled from each agency's grade and
# the date it was assigned, recorded done with evidence, a grade change;
# information systems and their level; assessments with findings and the
# steps of a finding (409 for an impossible one); the API with its role and
# agency checks; every write audited.
. "$(dirname "$0")/lib.sh"
trap 'serve_stop; rm -rf "$T"' EXIT
PY=/usr/bin/python3
sql() { db_sql "$1"; }

export GISAC_NOW=2025-03-10T02:00:00Z
"$GISAC" agency add --name "Ministry of Digital Affairs" --grade A --sector government moda >/dev/null
"$GISAC" agency add --name "Administration for Cyber Security" --grade B --parent moda acs >/dev/null
"$GISAC" agency add --name "Ministry of Finance" --grade C --sector finance mof >/dev/null
export GISAC_NOW=2026-12-07T02:00:00Z

check_command_groups obligation system assessment finding scap

# --- obligations ---------------------------------------------------------------------------
check_out "A grade: the schedule up to the end of the year" 0 "moda	bcp-drill	2026-12-31	A	due	-
moda	crypto-inventory	2025-12-31	A	overdue	-
moda	crypto-inventory	2026-06-30	A	overdue	-
moda	crypto-inventory	2026-12-31	A	due	-
moda	edr	2026-03-10	A	overdue	-
moda	gcb	2026-03-10	A	overdue	-
moda	health-check	2026-12-31	A	due	-
moda	internal-audit	2025-12-31	A	overdue	-
moda	internal-audit	2026-06-30	A	overdue	-
moda	internal-audit	2026-12-31	A	due	-
moda	penetration-test	2026-12-31	A	due	-
moda	soc-monitoring	2026-03-10	A	overdue	-
moda	social-engineering-drill	2026-12-31	A	due	-
moda	staff	2026-03-10	A	overdue	-
moda	staff-certificates	2026-12-31	A	due	-
moda	training	2026-12-31	A	due	-
moda	vulnerability-scan	2025-12-31	A	overdue	-
moda	vulnerability-scan	2026-06-30	A	overdue	-
moda	vulnerability-scan	2026-12-31	A	due	-" "$GISAC" obligation list --agency moda
check_out "C grade: internal audits every 2 years, from the first year after the grade" 0 "mof	internal-audit	2027-12-31	C	due	-" \
    "$GISAC" obligation list --agency mof --kind internal-audit --year 2027
check_out "C grade: none due in 2026" 0 "" "$GISAC" obligation list --agency mof --kind internal-audit
check_out "within 30 days, not done" 0 "acs	internal-audit	2026-12-31	B	due	-" \
    "$GISAC" obligation list --agency acs --kind internal-audit --within 30d
check_eq "overdue across the country" "6 acs,10 moda,1 mof" "$("$GISAC" obligation list --status overdue | cut -f1 | sort | uniq -c | awk '{printf "%s%s %s", (NR > 1 ? "," : ""), $1, $2}')"
check_out "bad status" 2 "gisac: status 'late': use due, overdue or done" "$GISAC" obligation list --status late
check_out "bad kind" 2 "gisac: kind 'audit': use internal-audit, health-check, penetration-test, vulnerability-scan, bcp-drill, social-engineering-drill, crypto-inventory, governance-assessment, isms, certification, soc-monitoring, gcb, edr, staff, staff-certificates or training" "$GISAC" obligation list --kind audit
check_out "bad within" 2 "gisac: --within: duration 'soon': expected NUMBER UNIT groups, units mo, w, d, h, m, s (e.g. 1h30m)
gisac: try 'gisac obligation list --help'" "$GISAC" obligation list --within soon

echo "audit report, first half 2025" >"$T/audit-2025h2.pdf"
check_status "done: the earliest not done" 0 "$GISAC" obligation done --agency moda --kind internal-audit --evidence "$T/audit-2025h2.pdf" --note "late, done now" --at 2026-12-01
check_eq "done: its JSON" "moda/internal-audit/2025-12-31 done 2026-11-30T16:00:00Z late, done now audit-2025h2.pdf $(sha256sum "$T/audit-2025h2.pdf" | cut -d' ' -f1)" \
    "$(json_get "$T/out" 'd["id"]+" "+d["status"]+" "+d["done_at"]+" "+d["note"]+" "+d["evidence"][0]["name"]+" "+d["evidence"][0]["sha256"]')"
check_out "done again: 409-like conflict" 1 "gisac: the internal-audit of moda due 2025-12-31 is done already" \
    "$GISAC" obligation done --agency moda --kind internal-audit --due 2025-12-31
echo "a second report" >"$T/second.pdf"
check_out "done again with evidence: refused" 1 "gisac: the internal-audit of moda due 2025-12-31 is done already" \
    "$GISAC" obligation done --agency moda --kind internal-audit --due 2025-12-31 --evidence "$T/second.pdf"
check_eq "a refused record keeps no file" "0" "$(find "$T" -type f -name "$(sha256sum "$T/second.pdf" | cut -d' ' -f1)" | wc -l)"
check_out "not an occurrence" 2 "gisac: moda has no internal-audit due on 2026-01-31" \
    "$GISAC" obligation done --agency moda --kind internal-audit --due 2026-01-31
check_out "a kind the grade has not" 2 "gisac: a grade C agency has no soc-monitoring obligation" \
    "$GISAC" obligation done --agency mof --kind soc-monitoring
check_out "in the future" 2 "gisac: a completion cannot be in the future" \
    "$GISAC" obligation done --agency moda --kind staff --at 2027-01-01
check_out "no such agency" 2 "gisac: agency nope not found" "$GISAC" obligation done --agency nope --kind staff
check_status "show" 0 "$GISAC" obligation show moda/internal-audit/2025-12-31
check_eq "show: done with its rule" "done 2 a year internal audit report" \
    "$(json_get "$T/out" 'd["status"]+" "+d["frequency"]+" "+d["evidence_required"]')"
check_out "show: no such occurrence" 1 "gisac: obligation moda/internal-audit/2025-01-31 not found" "$GISAC" obligation show moda/internal-audit/2025-01-31
check_eq "evidence kept" "1" "$(find "$T" -type f -name "$(sha256sum "$T/audit-2025h2.pdf" | cut -d' ' -f1)" | wc -l)"
check_eq "audited" "obligation.done	moda/internal-audit/2025-12-31" \
    "$(sql "SELECT action, object FROM audit_log WHERE action = 'obligation.done'" | tr '|' '\t')"
check_status "rules" 0 "$GISAC" obligation rules --json
check_eq "rules: A staff 4, B 2, C 1" "4 2 1" "$($PY -c 'import json,sys
r = {(d["kind"], d["grade"]): d for d in map(json.loads, open(sys.argv[1]))}
print(r[("staff","A")]["count"], r[("staff","B")]["count"], r[("staff","C")]["count"])' "$T/out")"

# a grade change: what is not done follows the new grade from its date; what was done stays
GISAC_NOW=2026-12-07T03:00:00Z "$GISAC" agency update --grade C moda >/dev/null
check_out "after the change to C" 0 "moda	internal-audit	2025-12-31	C	done	2026-12-01T00:00:00+08:00" \
    "$GISAC" obligation list --agency moda --kind internal-audit
check_out "C from 2026-12-07: the next internal audit due at the end of 2028" 0 "moda	internal-audit	2028-12-31	C	due	-" "$GISAC" obligation list --agency moda --kind internal-audit --year 2028
check_eq "the grade's history" "A B C C" "$(sql "SELECT grade FROM agency_grade ORDER BY id" | paste -sd ' ')"

# --- information systems -------------------------------------------------------------------
check_status "system add" 0 "$GISAC" system add --agency moda --name "e-Gov portal" --owner "IT division" \
    --confidentiality medium --integrity high --availability normal --legal medium
check_eq "level: the highest" "1 high medium" "$(json_get "$T/out" 'str(d["id"])+" "+d["level"]+" "+d["confidentiality"]')"
check_out "system add: a rating missing" 2 "gisac: required (normal, medium or high)" \
    "$GISAC" system add --agency moda --name x --confidentiality high --integrity high --availability high
check_out "system add: a bad rating" 2 "gisac: rating 'severe': use normal, medium or high" \
    "$GISAC" system add --agency moda --name x --confidentiality severe --integrity high --availability high --legal high
check_out "system add: the same name" 1 "gisac: moda has a system named e-Gov portal already" \
    "$GISAC" system add --agency moda --name "e-Gov portal" --confidentiality normal --integrity normal --availability normal --legal normal
check_status "system update" 0 "$GISAC" system update 1 --integrity normal
check_eq "level after update" "medium" "$(json_get "$T/out" 'd["level"]')"
check_out "system list" 0 "1	moda	e-Gov portal	medium	medium/normal/normal/medium" "$GISAC" system list
check_out "system show: none" 1 "gisac: system 9 not found" "$GISAC" system show 9

# --- assessments and findings --------------------------------------------------------------
echo "health check report" >"$T/hc.pdf"
check_status "assessment add with findings, completing the obligation" 0 "$GISAC" assessment add --agency acs \
    --kind health-check --by "NICS" --at 2026-11-20 --scope "core systems" --report "$T/hc.pdf" \
    --finding "high;A.8.8;Unpatched VPN appliance;Patch by year end;2026-12-31" \
    --finding "medium;A.5.15;Shared administrator accounts" --complete-obligation
check_eq "assessment: two open findings, the obligation due" "2 open open 2027-12-31 $(sha256sum "$T/hc.pdf" | cut -d' ' -f1)" \
    "$(json_get "$T/out" 'str(len(d["findings"]))+" "+d["findings"][0]["status"]+" "+d["findings"][1]["status"]+" "+d["obligation_due"]+" "+d["report_sha256"]')"
check_eq "the health check obligation is done" "done" \
    "$(GISAC_NOW=2026-12-07T02:00:00Z "$GISAC" obligation show acs/health-check/2027-12-31 | $PY -c 'import json,sys; print(json.load(sys.stdin)["status"])')"
check_out "a bad finding" 2 "gisac: severity 'urgent': use low, medium, high or critical" \
    "$GISAC" assessment add --agency acs --kind health-check --by x --finding "urgent;;x"
check_out "a finding spec too short" 2 "gisac: --finding 'high': give SEVERITY;CONTROL;DESCRIPTION[;PLAN[;DUE]]" \
    "$GISAC" assessment add --agency acs --kind health-check --by x --finding "high"
check_out "fix before start: conflict" 1 "gisac: finding 1 is open: it cannot be fixed" "$GISAC" finding fix 1 --evidence "$T/hc.pdf"
check_status "start" 0 "$GISAC" finding start 1
check_out "retest needs a result" 2 "gisac: give --pass or --fail
gisac: try 'gisac finding retest --help'" "$GISAC" finding retest 1
check_status "retest fails" 0 "$GISAC" finding retest 1 --fail --reason "still vulnerable"
check_eq "retest-failed" "retest-failed" "$(json_get "$T/out" 'd["status"]')"
check_out "retest again without starting: conflict" 1 "gisac: finding 1 is retest-failed: it cannot be re-tested" "$GISAC" finding retest 1 --pass
check_status "start again" 0 "$GISAC" finding start 1
echo "patched" >"$T/patch.txt"
check_out "fix without evidence" 2 "gisac: a finding is closed as fixed with its evidence" "$GISAC" finding fix 1
check_status "fix with evidence" 0 "$GISAC" finding fix 1 --evidence "$T/patch.txt"
check_eq "fixed, closed, evidence named" "fixed True patch.txt" "$(json_get "$T/out" 'd["status"]+" "+str(d["closed"] is not None)+" "+d["evidence"][0]["name"]')"
check_out "fixed is final" 1 "gisac: finding 1 is fixed: it cannot be started" "$GISAC" finding start 1
check_out "accept needs a reason" 2 "gisac: required" "$GISAC" finding accept 2 --until 2027-06-30
check_status "accept" 0 "$GISAC" finding accept 2 --reason "legacy system retired in 2027" --until 2027-06-30
check_eq "risk-accepted until" "risk-accepted 2027-06-29T16:00:00Z" "$(json_get "$T/out" 'd["status"]+" "+d["accepted_until"]')"
check_eq "an expired acceptance reads open" "open" \
    "$(GISAC_NOW=2027-07-01T00:00:00Z "$GISAC" finding show 2 | $PY -c 'import json,sys; print(json.load(sys.stdin)["status"])')"
check_out "finding list" 0 "1	acs	high	fixed	A.8.8	Unpatched VPN appliance
2	acs	medium	risk-accepted	A.5.15	Shared administrator accounts" "$GISAC" finding list
check_out "counts by grade" 0 "B	fixed	1	0.0
B	risk-accepted	1	0.0" "$GISAC" finding counts
check_eq "finding steps audited" "5" "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'finding.update'")"

# --- the API: roles and agencies ---------------------------------------------------------------
echo 'analyst password 01' | "$GISAC" user add ann --role analyst >/dev/null 2>&1
echo 'officer password 01' | "$GISAC" user add off --role agency --agency moda >/dev/null 2>&1
echo 'officer password 02' | "$GISAC" user add off-acs --role agency --agency acs >/dev/null 2>&1
echo 'officer password 03' | "$GISAC" user add off-mof --role agency --agency mof >/dev/null 2>&1
"$GISAC" user add fw --role consumer </dev/null >/dev/null 2>&1
make_tokens ann off off-acs off-mof fw
serve_start "$T/server.log" --threads 2
A="http://127.0.0.1:$PORT/api/v1"

check_eq "analyst: every agency's overdue (moda, graded C today, has none)" "200 acs,mof" \
    "$(get ann '/obligations?status=overdue') $(json_get "$T/resp" '",".join(sorted(set(o["agency"] for o in d["obligations"])))')"
check_eq "parent's officer: its own and its sub-agency's" "200 acs,moda" \
    "$(get off '/obligations') $(json_get "$T/resp" '",".join(sorted(set(o["agency"] for o in d["obligations"])))')"
check_eq "sub-agency's officer: its own only" "200 acs" \
    "$(get off-acs '/obligations') $(json_get "$T/resp" '",".join(sorted(set(o["agency"] for o in d["obligations"])))')"
check_eq "another agency's: 404" 404 "$(get off-mof '/obligations?agency=moda')"
check_eq "consumer: 403" 403 "$(get fw '/obligations')"
check_eq "one occurrence" "200 done" "$(get off '/obligations/moda/internal-audit/2025-12-31') $(json_get "$T/resp" 'd["status"]')"
check_eq "record own" "201 moda/staff/2027-12-07" "$(post off /obligations/done '{"agency":"moda","kind":"staff","note":"4 staff named"}') $(json_get "$T/resp" 'd["id"]')"
check_eq "record a sub-agency's: 403" 403 "$(post off /obligations/done '{"agency":"acs","kind":"staff"}')"
check_eq "record another agency's: 404" 404 "$(post off-mof /obligations/done '{"agency":"moda","kind":"staff"}')"
check_eq "record again: 409" "409" "$(post off /obligations/done '{"agency":"moda","kind":"staff","due":"2027-12-07"}')"
check_eq "unknown member: 400" 400 "$(post off /obligations/done '{"agency":"moda","kind":"staff","x":1}')"
check_eq "bad kind: 422 naming the member" "422 \$.kind" "$(post off /obligations/done '{"agency":"moda","kind":"x"}') $(json_get "$T/resp" 'd["error"]["message"].split(":")[0]')"
check_eq "rules" "200 True" "$(get off-mof /obligations/rules) $(json_get "$T/resp" 'len(d["rules"]) > 30')"
check_eq "system create" "201 high" "$(post off-mof /systems '{"agency":"mof","name":"Tax filing","confidentiality":"high","integrity":"medium","availability":"high","legal":"high"}') $(json_get "$T/resp" 'd["level"]')"
check_eq "system of another agency: 404" 404 "$(get off-mof /systems/1)"
check_eq "system update by its officer" "200 Tax office" "$(patch off-mof /systems/2 '{"owner":"Tax office"}') $(json_get "$T/resp" 'd["owner"]')"
check_eq "system update of another agency: 404" 404 "$(patch off-mof /systems/1 '{"owner":"x"}')"
check_eq "systems seen by the analyst" "200 2" "$(get ann /systems) $(json_get "$T/resp" 'len(d["systems"])')"
check_eq "assessment by the API" "201 1 open" "$(post ann /assessments '{"agency":"mof","kind":"internal-audit","performed_by":"audit team","findings":[{"severity":"low","description":"Logs kept 3 months","control":"A.8.15","due":"2027-01-31"}]}') $(json_get "$T/resp" 'str(len(d["findings"]))+" "+d["findings"][0]["status"]')"
check_eq "a bad finding: 422 naming it" "422 \$.findings[0].severity" "$(post ann /assessments '{"agency":"mof","kind":"internal-audit","performed_by":"x","findings":[{"severity":"x","description":"y"}]}') $(json_get "$T/resp" 'd["error"]["message"].split(":")[0]')"
check_eq "findings of the officer's agencies" "200 1,2" "$(get off /findings) $(json_get "$T/resp" '",".join(str(f["id"]) for f in d["findings"])')"
check_eq "finding start by its officer" "200 in-progress" "$(post off-mof /findings/3/start '{}') $(json_get "$T/resp" 'd["status"]')"
check_eq "finding start again: 409" 409 "$(post off-mof /findings/3/start '{}')"
check_eq "retest without pass: 400" 400 "$(post off-mof /findings/3/retest '{}')"
check_eq "retest pass" "200 fixed" "$(post off-mof /findings/3/retest '{"pass":true,"evidence":"retest report R-17"}') $(json_get "$T/resp" 'd["status"]')"
check_eq "a finding of another agency: 404" 404 "$(post off-mof /findings/1/start '{}')"
check_eq "unknown step: 404" 404 "$(post off-mof /findings/3/close '{}')"
check_eq "counts: staff only" 403 "$(get off /findings/counts)"
check_eq "counts by severity" "200 high,low,medium" "$(get ann '/findings/counts?by=severity') $(json_get "$T/resp" '",".join(sorted(set(c["group"] for c in d["counts"])))')"
check_eq "scap hosts: none yet" "200 0" "$(get off /scap/hosts) $(json_get "$T/resp" 'len(d["hosts"])')"
check_eq "scap host: 404" 404 "$(get off /scap/hosts/nohost)"
upload() { curl -s -o "$T/resp" -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/tok.$1")" -H "$OCT" --data-binary @"$3" "$A$2"; }
check_eq "scap import by the API" "201 web01.moda.example 6 $(sha256sum "$GISAC_SRCDIR/samples/scap-web01.xml" | cut -d' ' -f1)" \
    "$(upload off '/scap/import?agency=moda' "$GISAC_SRCDIR/samples/scap-web01.xml") $(json_get "$T/resp" 'd["scans"][0]["host"]+" "+str(d["scans"][0]["rules"])+" "+d["scans"][0]["sha256"]')"
check_eq "scap import for another agency: 404" 404 "$(upload off-mof '/scap/import?agency=moda' "$GISAC_SRCDIR/samples/scap-web01.xml")"
check_eq "scap import for a sub-agency: 403" 403 "$(upload off '/scap/import?agency=acs' "$GISAC_SRCDIR/samples/scap-web01.xml")"
printf '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<r>&x;</r>\n' >"$T/xxe.xml"
check_eq "scap import of a hostile file: 422, named as the upload" "422 upload: a document type declaration (DTD) is not allowed" \
    "$(upload off '/scap/import?agency=moda' "$T/xxe.xml") $(json_get "$T/resp" 'd["error"]["message"]')"
check_eq "scap import without agency: 400" 400 "$(upload off '/scap/import' "$T/xxe.xml")"
check_eq "the officer sees its host" "200 web01.moda.example 75.0" "$(get off /scap/hosts/web01.moda.example) $(json_get "$T/resp" 'd["scans"][0]["host"]+" "+str(d["scans"][0]["compliance"])')"
check_eq "API writes audited as their users" "user:off-mof" "$(sql "SELECT actor FROM audit_log WHERE action = 'system.add' ORDER BY seq DESC LIMIT 1")"
serve_stop
check_status "audit chain intact" 0 "$GISAC" audit verify
finish
