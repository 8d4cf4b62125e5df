#!/bin/sh
# Incidents, the incident policy and evidence through the command line:
# every deadline under GISAC_NOW, the state machine with its illegal
# transitions, level overrides and the report clock, breaches recorded
# once by whichever command runs first, evidence verification after a
# stored file is corrupted and after one is deleted, policy file errors.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_NOW=2026-11-24T00:00:00Z
G=$GISAC

# check_update WHAT STATUS ID NEW_STATUS EXPECTED_OUTPUT: check_out of
# 'gisac incident update ID --status NEW_STATUS'.
check_update() {
    check_out "$1" "$2" "$5" "$G" incident update "$3" --status "$4"
}

at() {
    GISAC_NOW=$1
    export GISAC_NOW
}

# --- help ---------------------------------------------------------------------
check_command_groups incident evidence policy
for sub in "incident report" "incident list" "incident show" "incident update" \
    "incident close" "incident due" "evidence add" "evidence list" "evidence show" \
    "evidence transfer" "evidence verify" "policy show" "policy check" "policy set"; do
    # shellcheck disable=SC2086
    check_status "$sub --help" 0 "$G" $sub --help
    check_grep "$sub --help" "usage: gisac ${sub% *} COMMAND" "$T/out"
done
check_status "gisac --help" 0 "$G" --help
check_grep "gisac --help" "incident report|list|show|update|close|history|due" "$T/out"
check_grep "gisac --help" "evidence add|list|show|get|transfer|verify" "$T/out"
check_grep "gisac --help" "policy show|check|set" "$T/out"

# --- no database ----------------------------------------------------------------
# a SQLite file that is not there (a PostgreSQL test's database is)
if [ -z "${GISAC_TEST_PG:-}" ]; then
    check_out "incident list, no database" 2 "gisac: $GISAC_DB: no such database (give --db PATH)" \
        "$G" incident list
    check_out "evidence verify, no database" 2 \
        "gisac: $GISAC_DB: no such database (give --db PATH)" "$G" evidence verify
fi
check_status "policy show, no database" 0 "$G" policy show
check_grep "policy show, no database" "policy version 1 (the built-in defaults, not stored yet)" \
    "$T/out"
check_eq "no database created" "no" "$([ -e "$GISAC_DB" ] && echo yes || echo no)"

# --- policy files ---------------------------------------------------------------
"$G" policy show --json >"$T/default.json"
check_eq "default policy version" "1" "$(json_get "$T/default.json" 'd["version"]')"
check_eq "default review, level 3" "2h" \
    "$(json_get "$T/default.json" 'd["deadlines"]["review"]["3"]')"
check_eq "national secrets, availability" "None" \
    "$(json_get "$T/default.json" 'd["levels"]["national-secret"]["within-mtd"]')"
check_out "check the defaults" 0 "$T/default.json: a valid policy" "$G" policy check "$T/default.json"
printf '{"levels": {"core": {"minor": 5}}}' >"$T/p1.json"
check_out "level out of range" 2 \
    "gisac: $T/p1.json: \$.levels.core.minor: expected a level, an integer 1 to 4, or null (does not apply)" \
    "$G" policy check "$T/p1.json"
printf '{"deadlines": {"review": {"3": "2 hours"}}}' >"$T/p2.json"
check_out "bad duration" 2 \
    "gisac: $T/p2.json: \$.deadlines.review.3: duration '2 hours': unknown or missing unit (use mo, w, d, h, m, s)" \
    "$G" policy check "$T/p2.json"
printf '{"alert_light": {}, "auto_report": {}, "colour": 1}' >"$T/p3.json"
check_out "unknown member" 2 \
    "gisac: $T/p3.json: \$.colour: unknown member (expected one of: description, levels, major_level, deadlines, at_risk, time_zone, portal_url, misp_deleted_days, alert_light, auto_report, apps, obligations, version)" \
    "$G" policy check "$T/p3.json"
printf '{"levels": {' >"$T/p4.json"
check_out "syntax error" 2 "gisac: $T/p4.json:1:12: string or '}' expected near end of file" \
    "$G" policy check "$T/p4.json"
check_out "missing file" 2 "gisac: $T/none.json: No such file or directory" \
    "$G" policy check "$T/none.json"
check_status "no file" 2 "$G" policy check
check_eq "still no database" "no" "$([ -e "$GISAC_DB" ] && echo yes || echo no)"

# --- agencies -----------------------------------------------------------------
"$G" agency add moda --name "Ministry of Digital Affairs" --grade A >/dev/null
"$G" agency add hospital --name "National Hospital" --grade B >/dev/null

# --- report: every deadline ---------------------------------------------------
check_out "report level 3" 0 \
    "reported INC-2026-000001 (level 3, major), next deadline review 2026-11-24T10:00:00+08:00 (2h00m left)" \
    "$G" incident report --agency moda --title "Ransomware on the file server" --asset core \
    --integrity serious --availability within-mtd --aware-at 2026-11-23T23:30:00Z \
    --occurred-at 2026-11-23T22:00:00Z --category malware
"$G" incident show INC-2026-000001 --json >"$T/i1.json"
check_eq "level" "3" "$(json_get "$T/i1.json" 'd["level"]')"
check_eq "deadlines" \
    "{'report': '2026-11-24T00:30:00Z', 'review': '2026-11-24T02:00:00Z', 'recover': '2026-11-25T11:30:00Z', 'investigation_report': None}" \
    "$(json_get "$T/i1.json" 'd["deadlines"]')"
check_eq "next deadline" "{'kind': 'review', 'owner': 'reviewer', 'due': '2026-11-24T02:00:00Z', 'seconds_left': 7200}" \
    "$(json_get "$T/i1.json" 'd["next_deadline"]')"
check_eq "policy version" "1" "$(json_get "$T/i1.json" 'd["policy_version"]')"

# one incident per level, reported at 00:00, aware at 23:45: report 00:45,
# review 08:00 / 02:00, recover +72 h / +36 h from awareness
n=2
for spec in "non-core minor 1 2026-11-24T08:00:00Z 2026-11-26T23:45:00Z" \
    "core minor 2 2026-11-24T08:00:00Z 2026-11-26T23:45:00Z" \
    "core-ci minor 3 2026-11-24T02:00:00Z 2026-11-25T11:45:00Z" \
    "national-secret serious 4 2026-11-24T02:00:00Z 2026-11-25T11:45:00Z"; do
    # shellcheck disable=SC2086
    set -- $spec
    "$G" incident report --agency hospital --title "Level $3" --asset "$1" \
        --confidentiality "$2" --aware-at 2026-11-23T23:45:00Z --json >"$T/l.json"
    check_eq "level $3: id" "INC-2026-00000$n" "$(json_get "$T/l.json" 'd["id"]')"
    check_eq "level $3" "$3" "$(json_get "$T/l.json" 'd["level"]')"
    check_eq "level $3: report" "2026-11-24T00:45:00Z" \
        "$(json_get "$T/l.json" 'd["deadlines"]["report"]')"
    check_eq "level $3: review" "$4" "$(json_get "$T/l.json" 'd["deadlines"]["review"]')"
    check_eq "level $3: recover" "$5" "$(json_get "$T/l.json" 'd["deadlines"]["recover"]')"
    n=$((n + 1))
done
check_out "no impact: no level yet" 0 \
    "reported INC-2026-000006 (level not yet determined), next deadline -" \
    "$G" incident report --agency moda --title "Odd logins" --asset core \
    --aware-at 2026-11-23T23:50:00Z --category intrusion-attempt
check_out "reported late" 0 \
    "reported INC-2026-000007 (level 1), next deadline review 2026-11-24T16:00:00+08:00 (8h00m left)
gisac: warning: INC-2026-000007 was reported after its deadline (a breach)" \
    "$G" incident report --agency moda --title "Defaced page" --asset non-core --integrity minor \
    --aware-at 2026-11-23T20:00:00Z --category malicious-content

# --- report: errors -------------------------------------------------------------
check_out "unknown agency" 2 "gisac: agency mof does not exist" \
    "$G" incident report --agency mof --title x --asset core --aware-at 2026-11-23T23:00:00Z
check_out "bad asset" 2 "gisac: asset 'secret': use non-core, core, core-ci or national-secret" \
    "$G" incident report --agency moda --title x --asset secret --aware-at 2026-11-23T23:00:00Z
check_out "availability of national secrets" 2 \
    "gisac: availability impact 'beyond-mtd' does not apply to national-secret assets under this policy" \
    "$G" incident report --agency moda --title x --asset national-secret \
    --availability beyond-mtd --aware-at 2026-11-23T23:00:00Z
check_out "future awareness" 2 "gisac: aware-at 2026-11-24T09:00:00+08:00 is in the future" \
    "$G" incident report --agency moda --title x --asset core --aware-at 2026-11-24T01:00:00Z
check_out "bad time" 2 "gisac: --aware-at 'yesterday': give a time such as 2026-11-24T08:00:00Z
gisac: try 'gisac incident --help'" \
    "$G" incident report --agency moda --title x --asset core --aware-at yesterday
check_status "no asset" 2 "$G" incident report --agency moda --title x --aware-at 2026-11-23T23:00:00Z
check_grep "no asset" "--asset is required" "$T/err"
check_status "no aware-at" 2 "$G" incident report --agency moda --title x --asset core
check_grep "no aware-at" "--aware-at is required" "$T/err"
check_out "bad category" 2 \
    "gisac: category 'spam': use malicious-content, malware, information-gathering, intrusion-attempt, intrusion, denial-of-service, information-content-security, fraud, vulnerability or other" \
    "$G" incident report --agency moda --title x --asset core --aware-at 2026-11-23T23:00:00Z \
    --category spam
check_out "show unknown" 1 "gisac: incident INC-2026-000099: not found" \
    "$G" incident show INC-2026-000099

# --- list -----------------------------------------------------------------------
check_out "list" 0 "INC-2026-000001	moda	3	reported	review	2026-11-24T10:00:00+08:00	2h00m	Ransomware on the file server
INC-2026-000002	hospital	1	reported	review	2026-11-24T16:00:00+08:00	8h00m	Level 1
INC-2026-000003	hospital	2	reported	review	2026-11-24T16:00:00+08:00	8h00m	Level 2
INC-2026-000004	hospital	3	reported	review	2026-11-24T10:00:00+08:00	2h00m	Level 3
INC-2026-000005	hospital	4	reported	review	2026-11-24T10:00:00+08:00	2h00m	Level 4
INC-2026-000006	moda	-	reported	-	-	-	Odd logins
INC-2026-000007	moda	1	reported	review	2026-11-24T16:00:00+08:00	8h00m	Defaced page" \
    "$G" incident list
check_out "list --agency" 0 "INC-2026-000001	moda	3	reported	review	2026-11-24T10:00:00+08:00	2h00m	Ransomware on the file server
INC-2026-000006	moda	-	reported	-	-	-	Odd logins
INC-2026-000007	moda	1	reported	review	2026-11-24T16:00:00+08:00	8h00m	Defaced page" \
    "$G" incident list --agency moda
check_out "list --status" 0 "" "$G" incident list --status closed
check_status "list --status bad" 2 "$G" incident list --status done

# --- the state machine ------------------------------------------------------------
at 2026-11-24T01:00:00Z
check_out "recovered before awareness" 2 "gisac: at is before aware-at" \
    "$G" incident update INC-2026-000001 --status recovered --at 2026-11-23T00:00:00Z
check_out "recovered in the future" 2 "gisac: at 2026-11-24T10:00:00+08:00 is in the future" \
    "$G" incident update INC-2026-000001 --status recovered --at 2026-11-24T10:00:00
check_out "--at without recovered" 2 "gisac: --at goes with --status recovered
gisac: try 'gisac incident --help'" \
    "$G" incident update INC-2026-000001 --status reviewed --at 2026-11-24T08:00:00
check_out "close a reported incident" 1 \
    "gisac: incident INC-2026-000001 is reported: only an investigated incident can be closed (or a draft dismissed)" \
    "$G" incident close INC-2026-000001
check_update "status closed by update" 2 INC-2026-000001 closed \
    "gisac: --status 'closed': use reviewed, recovered or investigated (close with 'gisac incident close', file a draft's report with 'gisac incident report ID')
gisac: try 'gisac incident --help'"
check_out "no pending report" 1 \
    "gisac: incident INC-2026-000001: no report is pending (it is reported)" \
    "$G" incident report INC-2026-000001
check_out "review" 0 \
    "updated INC-2026-000001: reviewed, level 3, next deadline recover 2026-11-25T19:30:00+08:00 (34h30m left)" \
    "$G" incident update INC-2026-000001 --status reviewed --note "checked with the agency"
check_update "review twice" 1 INC-2026-000001 reviewed \
    "gisac: incident INC-2026-000001 is reviewed already"
check_update "review without a level" 1 INC-2026-000006 reviewed \
    "gisac: incident INC-2026-000006 has no level yet: give its impacts or set the level first"

# --- breaches: recorded once, by the first command after -------------------------
# INC-2026-000004 (level 3): review due 02:00 (at risk from 01:30), recover 36 h
at 2026-11-24T01:35:00Z
"$G" incident list >/dev/null
check_eq "at risk once" "1" \
    "$("$G" audit list --action incident.at_risk --object INC-2026-000004 | wc -l | tr -d ' ')"
at 2026-11-24T02:00:01Z
check_out "due: overdue first" 0 \
    "INC-2026-000004	hospital	3	reported	review	2026-11-24T10:00:00+08:00	-1m	Level 3
INC-2026-000005	hospital	4	reported	review	2026-11-24T10:00:00+08:00	-1m	Level 4
INC-2026-000002	hospital	1	reported	review	2026-11-24T16:00:00+08:00	5h59m	Level 1
INC-2026-000003	hospital	2	reported	review	2026-11-24T16:00:00+08:00	5h59m	Level 2
INC-2026-000007	moda	1	reported	review	2026-11-24T16:00:00+08:00	5h59m	Defaced page
INC-2026-000001	moda	3	reviewed	recover	2026-11-25T19:30:00+08:00	33h29m	Ransomware on the file server" \
    "$G" incident due
check_out "due --within" 0 \
    "INC-2026-000004	hospital	3	reported	review	2026-11-24T10:00:00+08:00	-1m	Level 3
INC-2026-000005	hospital	4	reported	review	2026-11-24T10:00:00+08:00	-1m	Level 4" \
    "$G" incident due --within 1h
check_out "due --within, another agency" 1 "" "$G" incident due --within 1h --agency moda
check_status "due --within bad" 2 "$G" incident due --within soon
for i in 1 2 3; do "$G" incident list >/dev/null; done
"$G" audit list --action incident.breach >"$T/breaches"
check_eq "breaches recorded once" "3" "$(wc -l <"$T/breaches" | tr -d ' ')"
check_grep "the late report" "INC-2026-000007	{\"id\":\"INC-2026-000007\",\"deadline\":\"report\",\"due\":\"2026-11-23T21:00:00Z\",\"level\":1}" "$T/breaches"
check_grep "review of 4" "2026-11-24T10:00:01+08:00	cli:$(id -un)	incident.breach	INC-2026-000004" "$T/breaches"
check_grep "review of 5" "incident.breach	INC-2026-000005" "$T/breaches"
at 2026-11-24T03:00:00Z
check_update "review late" 0 INC-2026-000004 reviewed \
    "updated INC-2026-000004: reviewed, level 3, next deadline recover 2026-11-25T19:45:00+08:00 (32h45m left)"
check_eq "no breach added by the late review" "3" \
    "$("$G" audit list --action incident.breach | wc -l | tr -d ' ')"
"$G" incident show INC-2026-000004 >"$T/show4"
check_grep "show: late" "  review                2026-11-24T10:00:00+08:00  late" "$T/show4"
check_grep "show: breaches" "  review                due 2026-11-24T10:00:00+08:00, recorded 2026-11-24T10:00:01+08:00" "$T/show4"

# --- level override and the report clock ------------------------------------------
check_out "override without a reason" 2 "gisac: --level needs --reason
gisac: try 'gisac incident --help'" "$G" incident update INC-2026-000002 --level 3
check_out "override" 0 \
    "updated INC-2026-000002: reported, level 3, next deadline report 2026-11-24T12:00:00+08:00 (1h00m left)
gisac: the level changed: file the report of level 3 with 'gisac incident report INC-2026-000002'" \
    "$G" incident update INC-2026-000002 --level 3 --reason "patient records exposed"
"$G" incident show INC-2026-000002 >"$T/show2"
check_grep "override shown" "level            3 (set: patient records exposed; computed 1), major" "$T/show2"
check_grep "report pending" "report pending   yes (the level changed)" "$T/show2"
check_grep "report restarted" "  report                2026-11-24T12:00:00+08:00  pending (agency), 1h00m left" "$T/show2"
check_grep "review waits" "  review                -                     not yet determined" "$T/show2"
check_update "review waits for the report" 1 INC-2026-000002 reviewed \
    "gisac: incident INC-2026-000002: the report of its new level is pending; review after it"
at 2026-11-24T03:45:00Z
check_out "report of the new level" 0 \
    "reported INC-2026-000002 (level 3), next deadline review 2026-11-24T13:45:00+08:00 (2h00m left)" \
    "$G" incident report INC-2026-000002 --note "by phone"
at 2026-11-24T04:00:00Z
check_out "back to the computed level" 0 \
    "updated INC-2026-000002: reported, level 1, next deadline report 2026-11-24T13:00:00+08:00 (1h00m left)
gisac: the level changed: file the report of level 1 with 'gisac incident report INC-2026-000002'" \
    "$G" incident update INC-2026-000002 --level auto --reason "records were test data"
at 2026-11-24T05:01:00Z
check_out "the new report is late" 0 \
    "reported INC-2026-000002 (level 1), next deadline review 2026-11-24T21:01:00+08:00 (8h00m left)" \
    "$G" incident report INC-2026-000002
check_eq "late report recorded" "1" \
    "$("$G" audit list --action incident.breach --object INC-2026-000002 | wc -l | tr -d ' ')"
check_out "agency of a level change" 0 \
    "updated INC-2026-000006: reported, level 2, next deadline report 2026-11-24T14:01:00+08:00 (1h00m left)
gisac: the level changed: file the report of level 2 with 'gisac incident report INC-2026-000006'" \
    "$G" incident update INC-2026-000006 --confidentiality minor

# --- drafts -------------------------------------------------------------------------
check_out "draft" 0 \
    "drafted INC-2026-000008 (level not yet determined), next deadline report 2026-11-24T14:00:00+08:00 (59m left)" \
    "$G" incident report --agency moda --title "Beacon to a C2 domain" --asset core \
    --aware-at 2026-11-24T05:00:00Z --category malware --draft
check_out "dismiss without a reason" 2 "gisac: dismissing a draft needs a reason" \
    "$G" incident close INC-2026-000008
check_out "dismiss" 0 "closed INC-2026-000008" \
    "$G" incident close INC-2026-000008 --reason "sinkholed domain"

# --- evidence ---------------------------------------------------------------------
at 2026-11-24T06:00:00Z
printf 'abc' >"$T/fw.log"
printf 'From: attacker@example.com\n' >"$T/mail.eml"
check_out "evidence add" 0 \
    "added evidence 1 to INC-2026-000004: sha256 ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad, 3 bytes" \
    "$G" evidence add INC-2026-000004 "$T/fw.log" --note "firewall log" --acquired-by alice \
    --acquired-at 2026-11-24T05:30:00Z
check_status "evidence add 2" 0 "$G" evidence add INC-2026-000004 "$T/mail.eml"
check_out "evidence add, unknown incident" 1 "gisac: incident INC-2026-000099: not found" \
    "$G" evidence add INC-2026-000099 "$T/fw.log"
check_out "evidence add, missing file" 2 "gisac: $T/nope: No such file or directory" \
    "$G" evidence add INC-2026-000004 "$T/nope"
stored="$SIDE.evidence/ba/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
check_eq "stored read-only" "444" "$(stat -c %a "$stored")"
check_out "transfer from the wrong custodian" 1 \
    "gisac: evidence 1 of INC-2026-000004 is held by alice, not bob" \
    "$G" evidence transfer INC-2026-000004 1 --from bob --to carol --reason x
check_out "transfer" 0 "evidence 1 of INC-2026-000004 is now held by bob" \
    "$G" evidence transfer INC-2026-000004 1 --from alice --to bob --reason "to the lab" \
    --at 2026-11-24T05:45:00Z
check_out "transfer, no reason" 2 "gisac: --reason is required
gisac: try 'gisac evidence --help'" "$G" evidence transfer INC-2026-000004 1 --to carol
check_out "evidence show" 0 "evidence     INC-2026-000004/1
kind         evidence
name         fw.log
sha256       ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
size         3
note         firewall log
acquired by  alice
acquired at  2026-11-24T13:30:00+08:00
custodian    bob
chain of custody
  2026-11-24T13:30:00+08:00  - -> alice: acquired (recorded by cli:$(id -un))
  2026-11-24T13:45:00+08:00  alice -> bob: to the lab (recorded by cli:$(id -un))" \
    "$G" evidence show INC-2026-000004 1
"$G" evidence show INC-2026-000004 1 --json >"$T/ev.json"
check_eq "custody json" "2" "$(json_get "$T/ev.json" 'len(d["custody"])')"
check_eq "custody json to" "bob" "$(json_get "$T/ev.json" 'd["custody"][1]["to"]')"
check_out "evidence show, unknown" 1 "gisac: evidence 9 of incident INC-2026-000004: not found" \
    "$G" evidence show INC-2026-000004 9
mail_sha=$(sha256sum "$T/mail.eml" | cut -c1-64)
check_out "verify: intact" 0 \
    "INC-2026-000004/1	ok	ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
INC-2026-000004/2	ok	$mail_sha" \
    "$G" evidence verify
chmod u+w "$stored"
printf 'abd' >"$stored"
check_out "verify: corrupted" 2 \
    "INC-2026-000004/1	MISMATCH	ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad	found a52d159f262b2c6ddb724a61840befc36eb30c88877a4030b65cbe86298449c9, 3 bytes (stored 3)
INC-2026-000004/2	ok	$mail_sha
gisac: 1 of 2 evidence files failed verification" \
    "$G" evidence verify INC-2026-000004
rm -f "$stored"
check_out "verify: deleted" 2 \
    "INC-2026-000004/1	MISSING	ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad	$stored
INC-2026-000004/2	ok	$mail_sha
gisac: 1 of 2 evidence files failed verification" \
    "$G" evidence verify INC-2026-000004
check_eq "verify audited" "3" "$("$G" audit list --action evidence.verify | wc -l | tr -d ' ')"

# --- policy versions ----------------------------------------------------------------
printf '{"description": "faster reviews", "deadlines": {"review": {"3": "1h", "4": "1h"}}}' \
    >"$T/fast.json"
check_out "policy set" 0 "installed policy version 2" "$G" policy set "$T/fast.json"
check_out "policy set again" 0 "policy unchanged: version 2 says the same" \
    "$G" policy set "$T/fast.json"
check_out "policy set, invalid" 2 \
    "gisac: $T/p1.json: \$.levels.core.minor: expected a level, an integer 1 to 4, or null (does not apply)" \
    "$G" policy set "$T/p1.json"
"$G" policy show >"$T/pol"
check_grep "show: version 2" "policy version 2, installed 2026-11-24T14:00:00+08:00 by cli:$(id -un) from $T/fast.json" "$T/pol"
check_grep "show: description" "description: faster reviews" "$T/pol"
check_grep "show: review" "  review           8h       8h       1h       1h       the report" "$T/pol"
check_out "show version 1" 0 "1" sh -c "'$G' policy show --version 1 --json | grep -c '\"3\": \"2h\"'"
check_out "show version 3" 1 "gisac: policy version 3: not found" "$G" policy show --version 3
"$G" incident report --agency moda --title "Phishing" --asset core-ci --confidentiality minor \
    --aware-at 2026-11-24T05:50:00Z --json >"$T/i9.json"
check_eq "graded by version 2" "2" "$(json_get "$T/i9.json" 'd["policy_version"]')"
check_eq "1 h review" "2026-11-24T07:00:00Z" "$(json_get "$T/i9.json" 'd["deadlines"]["review"]')"
"$G" incident show INC-2026-000005 --json >"$T/i5.json"
check_eq "older keeps version 1" "1" "$(json_get "$T/i5.json" 'd["policy_version"]')"

# --- the rest of the life of INC-2026-000001 -----------------------------------
at 2026-11-25T09:00:00Z
check_update "recover" 0 INC-2026-000001 recovered \
    "updated INC-2026-000001: recovered, level 3, next deadline investigation_report 2026-12-25T17:00:00+08:00 (30d00h left)"
check_update "investigated without its report" 2 INC-2026-000001 investigated \
    "gisac: investigated needs the investigation and improvement report (a file)"
printf 'Root cause: an unpatched VPN.\n' >"$T/report.txt"
at 2026-12-20T00:00:00Z
check_out "investigate" 0 "updated INC-2026-000001: investigated, level 3, next deadline -" \
    "$G" incident update INC-2026-000001 --status investigated --report "$T/report.txt"
check_out "close" 0 "closed INC-2026-000001" "$G" incident close INC-2026-000001 --reason "done"
check_out "update a closed incident" 1 "gisac: incident INC-2026-000001 is closed" \
    "$G" incident update INC-2026-000001 --title "Renamed"
"$G" incident show INC-2026-000001 --json >"$T/i1.json"
check_eq "closed: states" \
    "{'report': 'met', 'review': 'met', 'recover': 'met', 'investigation_report': 'met'}" \
    "$(json_get "$T/i1.json" 'd["deadline_states"]')"
check_eq "closed: breaches" "0" "$(json_get "$T/i1.json" 'd["breaches"]')"
check_eq "investigation report stored" \
    "1	report	$(sha256sum "$T/report.txt" | cut -c1-64)	30	cli:$(id -un)	report.txt" \
    "$("$G" evidence list INC-2026-000001)"

check_status "audit chain intact" 0 "$G" audit verify
finish
