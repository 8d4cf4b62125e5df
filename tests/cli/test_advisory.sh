#!/bin/sh
# gisac advisory: publish (with Traditional Chinese text), revise, list,
# show, count (docs/advisory.md); every validation error with its exact
# message; the audit entries; the STIX bundle against the OASIS schemas
# (with a tampered copy that must fail); the REST API /api/v1/advisories
# over loopback with its role and TLP rules. Exact outputs throughout.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_PWHASH_FAST=1 GISAC_NOW=2026-11-24T00:00:00Z
PY=/usr/bin/python3
AUTHOR="cli:$(id -un)"
SRV_PID=
trap 'serve_stop; rm -rf "$T"' EXIT

# --- the intelligence an advisory cites -----------------------------------------
"$GISAC" agency add moda --name "Ministry of Digital Affairs" --grade A >/dev/null
"$GISAC" agency add mof --name "Ministry of Finance" --grade B >/dev/null
printf 'c2.evil.example\n198.51.100.7\n' >"$T/green.txt"
check_status "green intel" 0 "$GISAC" feed import --tlp green "$T/green.txt"
printf 'amber.evil.example\n' >"$T/amber.txt"
check_status "amber intel" 0 "$GISAC" feed import --tlp amber --recipient moda "$T/amber.txt"

# --- publish ----------------------------------------------------------------------
printf '# 釣魚郵件警訊\n\n請封鎖 c2.evil.example 並檢查郵件閘道紀錄。\n' >"$T/body.md"
check_status "publish green" 0 "$GISAC" advisory publish --title "  釣魚郵件警訊 " --severity high \
    --tlp green --body-file "$T/body.md" --indicator 'C2.evil[.]example' --cve cve-2024-3400 \
    --cve CVE-2024-3400
check_eq "publish green: says so" \
    "published GISAC-ADV-2026-0001 (revision 1): TLP:GREEN for every agency" "$(cat "$T/out")"
check_status "publish amber" 0 "$GISAC" advisory publish --title "Amber campaign" \
    --severity=critical --tlp amber --recipient moda --body "Block it." \
    --indicator amber.evil.example --indicator 198.51.100.7 --lang en
check_eq "publish amber: says so" \
    "published GISAC-ADV-2026-0002 (revision 1): TLP:AMBER for staff and moda" "$(cat "$T/out")"
echo "Staff only." | "$GISAC" advisory publish --title "Internal" --severity low \
    --body-file - --cve CVE-2021-44228 >"$T/out" 2>"$T/err"
check_eq "publish from stdin, amber by default" \
    "published GISAC-ADV-2026-0003 (revision 1): TLP:AMBER for staff only" "$(cat "$T/out")"

# --- errors -----------------------------------------------------------------------
bad() { # bad WHAT EXPECTED-STDERR ARGS...
    bad_what=$1 bad_msg=$2
    shift 2
    check_status "$bad_what" 2 "$GISAC" advisory "$@"
    check_eq "$bad_what: message" "$bad_msg" "$(cat "$T/err")"
}
bad "missing body" "gisac: publish needs --title, --severity and --body or --body-file (or --revise ID)
gisac: try 'gisac advisory --help'" publish --title T --severity high --cve CVE-2024-3400
bad "body twice" "gisac: give --body or --body-file, not both
gisac: try 'gisac advisory --help'" publish --title T --severity high --body b --body-file "$T/body.md"
bad "title twice" "gisac: --title is given twice
gisac: try 'gisac advisory --help'" publish --title T --title U --severity high --body b
bad "unknown option" "gisac: publish: unknown argument '--urgent'
gisac: try 'gisac advisory --help'" publish --urgent
bad "missing value" "gisac: --cve needs a value
gisac: try 'gisac advisory --help'" publish --title T --severity high --body b --cve
bad "no such indicator" "gisac: indicator 'nothere.example' (domain) is not in the store: import it first" \
    publish --title T --severity high --body b --indicator nothere.example
bad "bad indicator" "gisac: indicator '1.2.3': bad IPv4 address: expected 4 octets" \
    publish --title T --severity high --body b --indicator 1.2.3
bad "bad cve" "gisac: 'CVE-24-1' is not a CVE id (CVE-YYYY-NNNN)" \
    publish --title T --severity high --body b --cve CVE-24-1
bad "bad severity" "gisac: severity 'urgent': use low, medium, high or critical" \
    publish --title T --severity urgent --body b --cve CVE-2024-3400
bad "bad tlp" "gisac: TLP 'white2': use clear, green, amber, amber+strict or red" \
    publish --title T --severity low --tlp white2 --body b --cve CVE-2024-3400
bad "bad lang" "gisac: language 'ja': use zh-TW or en" \
    publish --title T --severity low --lang ja --body b --cve CVE-2024-3400
bad "nothing cited" "gisac: an advisory cites at least one indicator or CVE" \
    publish --title T --severity low --body b
bad "recipient of green" "gisac: recipients are for TLP amber and red: a TLP:green advisory reaches every agency" \
    publish --title T --severity low --tlp green --recipient moda --body b --cve CVE-2024-3400
bad "no such agency" "gisac: recipient 'mod': no such agency" \
    publish --title T --severity low --recipient mod --body b --cve CVE-2024-3400
bad "amber indicator, green advisory" "gisac: indicator 'amber.evil.example' is TLP:amber: an advisory citing it must be TLP:amber or stricter" \
    publish --title T --severity low --tlp green --body b --indicator amber.evil.example
bad "amber indicator, other agency" "gisac: indicator 'amber.evil.example' is TLP:amber and not meant for agency mof: every recipient of the advisory must be one of the indicator's" \
    publish --title T --severity low --recipient mof --body b --indicator amber.evil.example
printf 'a\0b' >"$T/nul.md"
bad "body with NUL" "gisac: $T/nul.md: holds a NUL byte: the body must be text" \
    publish --title T --severity low --body-file "$T/nul.md" --cve CVE-2024-3400
bad "no body file" "gisac: $T/none.md: No such file or directory" \
    publish --title T --severity low --body-file "$T/none.md" --cve CVE-2024-3400
check_eq "nothing failed was written" 3 "$("$GISAC" advisory count)"

# --- revisions ----------------------------------------------------------------------
export GISAC_NOW=2026-11-25T03:00:00Z
check_status "revise" 0 "$GISAC" advisory publish --revise gisac-adv-2026-0001 --severity critical
check_eq "revise: says so" \
    "revised GISAC-ADV-2026-0001 (revision 2): TLP:GREEN for every agency" "$(cat "$T/out")"
bad "revise: no change" "gisac: revision 2 of GISAC-ADV-2026-0001 already says this: a revision must change something" \
    publish --revise GISAC-ADV-2026-0001 --severity critical
bad "revise: no such advisory" "gisac: advisory GISAC-ADV-2026-0099: not found" \
    publish --revise GISAC-ADV-2026-0099 --severity low
bad "revise: not an id" "gisac: 'ADV-1' is not an advisory id (GISAC-ADV-YYYY-NNNN)" \
    publish --revise ADV-1 --severity low

# --- list, show, count ------------------------------------------------------------
check_status "list" 0 "$GISAC" advisory list
check_eq "list" "GISAC-ADV-2026-0001	2	2026-11-24	critical	tlp:green	釣魚郵件警訊
GISAC-ADV-2026-0002	1	2026-11-24	critical	tlp:amber	Amber campaign
GISAC-ADV-2026-0003	1	2026-11-24	low	tlp:amber	Internal" "$(cat "$T/out")"
check_status "list low" 0 "$GISAC" advisory list --severity LOW
check_eq "list low" "GISAC-ADV-2026-0003" "$(cut -f1 "$T/out")"
check_status "list 2025: nothing" 1 "$GISAC" advisory list --year 2025
check_eq "list 2025: no output" "" "$(cat "$T/out" "$T/err")"
check_status "list bad year" 2 "$GISAC" advisory list --year 26
check_status "list json" 0 "$GISAC" advisory list --json
check_eq "list json: a line each, no body" "3 False" \
    "$(wc -l <"$T/out" | tr -d ' ') $($PY -c 'import json,sys; print(any("body" in json.loads(l) for l in open(sys.argv[1])))' "$T/out")"

check_status "show" 0 "$GISAC" advisory show GISAC-ADV-2026-0002
check_eq "show" "id           GISAC-ADV-2026-0002
revision     1 of 1
title        Amber campaign
severity     critical
tlp          amber
recipients   moda
language     en
published    2026-11-24T08:00:00+08:00
author       $AUTHOR
stix id      report--$($PY -c 'import uuid; print(uuid.uuid5(uuid.UUID("6a1c2e4f-830b-4c1d-9e55-1f7a3c60d291"), "advisory:GISAC-ADV-2026-0002"))')
indicators   domain amber.evil.example
             ipv4 198.51.100.7
cves         -
revisions    1  2026-11-24T08:00:00+08:00  $AUTHOR

Block it." "$(cat "$T/out")"
check_status "show revised" 0 "$GISAC" advisory show gisac-adv-2026-0001
check_eq "show revised: the revision lines" "revision     2 of 2
revised      2026-11-25T11:00:00+08:00
revisions    1  2026-11-24T08:00:00+08:00  $AUTHOR
             2  2026-11-25T11:00:00+08:00  $AUTHOR" \
    "$(grep -E '^(revision |revised|revisions|  )' "$T/out")"
check_eq "show: the body as written" "# 釣魚郵件警訊

請封鎖 c2.evil.example 並檢查郵件閘道紀錄。" "$(sed '1,/^$/d' "$T/out")"
check_status "show revision 1" 0 "$GISAC" advisory show GISAC-ADV-2026-0001 --revision 1 --json
check_eq "revision 1 as it was" "1 2 high ['CVE-2024-3400'] 2026-11-24T00:00:00Z" \
    "$(json_get "$T/out" '"%s %s %s %s %s" % (d["revision"], d["latest"], d["severity"], d["cves"], d["modified"])')"
check_status "show json" 0 "$GISAC" advisory show GISAC-ADV-2026-0001 --json
"$GISAC" intel search c2.evil.example --json >"$T/ind.json"
IND_ID=$(json_get "$T/ind.json" 'd["hits"][0]["indicator"]["id"]')
check_eq "show json: indicators with their STIX ids" "domain c2.evil.example $IND_ID" \
    "$(json_get "$T/out" '" ".join(d["indicators"][0][k] for k in ("type","value","id"))')"
check_eq "show json: title, lang, body" "釣魚郵件警訊 zh-TW True" \
    "$(json_get "$T/out" '"%s %s %s" % (d["title"], d["lang"], d["body"].startswith("# "))')"
check_status "show missing" 1 "$GISAC" advisory show GISAC-ADV-2026-0042
check_eq "show missing: message" "gisac: advisory GISAC-ADV-2026-0042: not found" "$(cat "$T/err")"
check_status "show bad id" 2 "$GISAC" advisory show 42
check_eq "show bad id: message" "gisac: '42' is not an advisory id (GISAC-ADV-YYYY-NNNN)" "$(cat "$T/err")"
check_status "show missing revision" 1 "$GISAC" advisory show GISAC-ADV-2026-0002 --revision 2
check_eq "count 2026" 3 "$("$GISAC" advisory count --year 2026)"
check_eq "count 2027" 0 "$("$GISAC" advisory count --year 2027)"
check_eq "count from/to" 3 "$("$GISAC" advisory count --from 2026-11-24 --to 2026-11-25)"
check_eq "count from/to, empty" 0 "$("$GISAC" advisory count --from 2026-11-24T00:00:01Z --to 2026-11-25)"
check_status "count both" 2 "$GISAC" advisory count --year 2026 --from 2026-01-01

# --- audit ------------------------------------------------------------------------
check_eq "audited publications" "advisory.publish	GISAC-ADV-2026-0001
advisory.publish	GISAC-ADV-2026-0002
advisory.publish	GISAC-ADV-2026-0003
advisory.revise	GISAC-ADV-2026-0001" "$("$GISAC" audit list --action advisory. | cut -f4,5)"
check_eq "audited by the local user" "$AUTHOR" "$("$GISAC" audit list --action advisory.revise | cut -f3)"
check_status "audit chain" 0 "$GISAC" audit verify

# --- STIX -------------------------------------------------------------------------
check_status "stix bundle" 0 "$GISAC" advisory show GISAC-ADV-2026-0001 --stix
cp "$T/out" "$T/bundle.json"
VULN_ID=vulnerability--$($PY -c 'import uuid; print(uuid.uuid5(uuid.UUID("6a1c2e4f-830b-4c1d-9e55-1f7a3c60d291"), "vulnerability:CVE-2024-3400"))')
check_eq "stix: the objects" "identity marking-definition marking-definition indicator vulnerability report" \
    "$(json_get "$T/bundle.json" '" ".join(o["type"] for o in d["objects"])')"
check_eq "stix: the report refers to the indicator and the vulnerability" "$IND_ID $VULN_ID" \
    "$(json_get "$T/bundle.json" '" ".join(d["objects"][-1]["object_refs"])')"
check_eq "stix: report fields" "釣魚郵件警訊 2026-11-24T00:00:00.000Z 2026-11-25T03:00:00.000Z critical 2 GISAC-ADV-2026-0001" \
    "$(json_get "$T/bundle.json" '" ".join(str(d["objects"][-1][k]) for k in ("name","published","modified","x_gisac_severity","x_gisac_revision")) + " " + d["objects"][-1]["external_references"][0]["external_id"]')"
check_status "stix of an amber advisory" 0 "$GISAC" advisory show GISAC-ADV-2026-0002 --stix
cp "$T/out" "$T/bundle2.json"
if have_shared && $PY -c 'import jsonschema' 2>/dev/null; then
    check_status "stix schema validation" 0 $PY "$GISAC_SRCDIR/scripts/stix_validate.py" \
        "$SHARED/data/stix2.1-schemas" "$T/bundle.json" "$T/bundle2.json"
    # the validator does see a broken report: no object_refs, a bad CVE reference
    $PY - "$T/bundle.json" "$T/broken.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
del d["objects"][-1]["object_refs"]
d["objects"][-2]["external_references"][0]["external_id"] = "CVE-24-1"
json.dump(d, open(sys.argv[2], "w"))
EOF
    check_status "stix schema validation fails on a broken copy" 1 $PY \
        "$GISAC_SRCDIR/scripts/stix_validate.py" "$SHARED/data/stix2.1-schemas" "$T/broken.json"
    check_grep "broken copy: object_refs named" "object_refs" "$T/out"
else
    echo "skip: STIX schemas ($SHARED/data) or python3-jsonschema absent"
fi

# --- the REST API -----------------------------------------------------------------
command -v curl >/dev/null || { echo "curl not installed: REST part skipped"; finish; }
echo 'chief password 01' | "$GISAC" user add admin --role admin >/dev/null 2>&1
echo 'analyst password 01' | "$GISAC" user add ann --role analyst >/dev/null 2>&1
"$GISAC" user add off-moda --role agency --agency moda </dev/null >/dev/null 2>&1
"$GISAC" user add off-mof --role agency --agency mof </dev/null >/dev/null 2>&1
"$GISAC" user add cert --role consumer </dev/null >/dev/null 2>&1
make_tokens ann off-moda off-mof cert
H_ANN="Authorization: Bearer $(cat "$T/tok.ann")"
H_MODA="Authorization: Bearer $(cat "$T/tok.off-moda")"
H_MOF="Authorization: Bearer $(cat "$T/tok.off-mof")"
H_CERT="Authorization: Bearer $(cat "$T/tok.cert")"
JS="Content-Type: application/json"

export GISAC_NOW=2026-11-26T00:00:00Z
serve_start "$T/server.log" --threads 2
A=http://127.0.0.1:$PORT/api/v1

req() { # req NAME CURL-ARGS...: body in $T/NAME.body, prints the status
    n=$1
    shift
    curl -s -o "$T/$n.body" -w '%{http_code}' "$@"
}
ids() { json_get "$T/$1.body" '" ".join(a["id"] for a in d["advisories"]) + " next=" + str(d["next"])'; }

check_eq "list as analyst" 200 "$(req l1 -H "$H_ANN" "$A/advisories")"
check_eq "list as analyst: all" "GISAC-ADV-2026-0001 GISAC-ADV-2026-0002 GISAC-ADV-2026-0003 next=None" "$(ids l1)"
check_eq "list as analyst: no body, recipients shown" "False ['moda']" \
    "$(json_get "$T/l1.body" '"%s %s" % ("body" in d["advisories"][0], d["advisories"][1]["recipients"])')"
check_eq "list as moda" 200 "$(req l2 -H "$H_MODA" "$A/advisories")"
check_eq "list as moda: green and its amber one" "GISAC-ADV-2026-0001 GISAC-ADV-2026-0002 next=None" "$(ids l2)"
check_eq "list as moda: no recipient lists" "False" \
    "$(json_get "$T/l2.body" 'any("recipients" in a for a in d["advisories"])')"
check_eq "list as mof" 200 "$(req l3 -H "$H_MOF" "$A/advisories")"
check_eq "list as mof: green only" "GISAC-ADV-2026-0001 next=None" "$(ids l3)"
check_eq "list as consumer" 200 "$(req l4 -H "$H_CERT" "$A/advisories")"
check_eq "list as consumer: green only" "GISAC-ADV-2026-0001 next=None" "$(ids l4)"
check_eq "page 1" 200 "$(req p1 -H "$H_ANN" "$A/advisories?limit=2")"
check_eq "page 1: ids" "GISAC-ADV-2026-0001 GISAC-ADV-2026-0002 next=GISAC-ADV-2026-0002" "$(ids p1)"
check_eq "page 2" 200 "$(req p2 -H "$H_ANN" "$A/advisories?limit=2&cursor=GISAC-ADV-2026-0002")"
check_eq "page 2: ids" "GISAC-ADV-2026-0003 next=None" "$(ids p2)"
check_eq "filters" 200 "$(req f1 -H "$H_ANN" "$A/advisories?year=2026&severity=critical")"
check_eq "filters: ids" "GISAC-ADV-2026-0001 GISAC-ADV-2026-0002 next=None" "$(ids f1)"
check_eq "bad severity" 400 "$(req f2 -H "$H_ANN" "$A/advisories?severity=urgent")"
check_eq "bad severity: message" "bad_request: query parameter 'severity' must be low, medium, high or critical" "$(err f2)"
check_eq "bad cursor" 400 "$(req f3 -H "$H_ANN" "$A/advisories?cursor=x")"
check_eq "bad cursor: message" "bad_request: cursor 'x' is not an advisory id" "$(err f3)"

check_eq "get as moda" 200 "$(req g1 -H "$H_MODA" "$A/advisories/GISAC-ADV-2026-0002")"
check_eq "get as moda: content" "Amber campaign Block it. amber.evil.example,198.51.100.7 False" \
    "$(json_get "$T/g1.body" '"%s %s %s %s" % (d["title"], d["body"], ",".join(i["value"] for i in d["indicators"]), "recipients" in d)')"
check_eq "get as mof: hidden" 404 "$(req g2 -H "$H_MOF" "$A/advisories/GISAC-ADV-2026-0002")"
check_eq "get as mof: like a missing one" "not_found: no such advisory" "$(err g2)"
check_eq "get missing" 404 "$(req g3 -H "$H_ANN" "$A/advisories/GISAC-ADV-2026-0042")"
check_eq "get bad id" 404 "$(req g4 -H "$H_ANN" "$A/advisories/nonsense")"
check_eq "get revision 1" 200 "$(req g5 -H "$H_CERT" "$A/advisories/gisac-adv-2026-0001?revision=1")"
check_eq "get revision 1: as it was" "GISAC-ADV-2026-0001 1 high" \
    "$(json_get "$T/g5.body" '"%s %s %s" % (d["id"], d["revision"], d["severity"])')"

# the STIX bundle of one advisory: byte for byte what "advisory show --stix" prints
"$GISAC" advisory show GISAC-ADV-2026-0001 --stix >"$T/cli-stix.json"
check_eq "stix as analyst" 200 "$(req s1 -H "$H_ANN" -D "$T/s1.hdr" "$A/advisories/GISAC-ADV-2026-0001/stix")"
check_status "stix as analyst: the CLI's bundle exactly" 0 cmp "$T/cli-stix.json" "$T/s1.body"
check_eq "stix: its media type" "Content-Type: application/stix+json;version=2.1" "$(tr -d '\r' <"$T/s1.hdr" | grep -i '^Content-Type:')"
check_eq "stix as moda: its amber one" 200 "$(req s2 -H "$H_MODA" "$A/advisories/GISAC-ADV-2026-0002/stix")"
check_eq "stix as moda: the objects" "bundle identity marking-definition marking-definition indicator indicator report" \
    "$(json_get "$T/s2.body" 'd["type"] + " " + " ".join(o["type"] for o in d["objects"])')"
check_eq "stix as mof: hidden" 404 "$(req s3 -H "$H_MOF" "$A/advisories/GISAC-ADV-2026-0002/stix")"
check_eq "stix as mof: like a missing one" "not_found: no such advisory" "$(err s3)"
check_eq "stix of revision 1" 200 "$(req s4 -H "$H_CERT" "$A/advisories/GISAC-ADV-2026-0001/stix?revision=1")"
check_eq "stix of revision 1: the report" "1 high" \
    "$(json_get "$T/s4.body" '"%s %s" % (d["objects"][-1]["x_gisac_revision"], d["objects"][-1]["x_gisac_severity"])')"
check_eq "stix: bad revision" 400 "$(req s5 -H "$H_ANN" "$A/advisories/GISAC-ADV-2026-0001/stix?revision=0")"

# publishing: staff only; errors name the JSON path
NEW='{"title":"勒索軟體警訊","severity":"high","tlp":"green","body":"請更新。","indicators":["198.51.100.7"],"cves":["CVE-2024-21762"]}'
check_eq "post as agency" 403 "$(req c1 -H "$H_MODA" -H "$JS" --data-binary "$NEW" "$A/advisories")"
check_eq "post as consumer" 403 "$(req c2 -H "$H_CERT" -H "$JS" --data-binary "$NEW" "$A/advisories")"
check_eq "post as analyst" 201 "$(req c3 -H "$H_ANN" -H "$JS" --data-binary "$NEW" "$A/advisories")"
check_eq "post as analyst: the advisory" "GISAC-ADV-2026-0004 1 勒索軟體警訊 user:ann 2026-11-26T00:00:00Z zh-TW" \
    "$(json_get "$T/c3.body" '"%s %s %s %s %s %s" % (d["id"], d["revision"], d["title"], d["author"], d["published"], d["lang"])')"
check_eq "post: audited as the caller" "user:ann	advisory.publish	GISAC-ADV-2026-0004" \
    "$("$GISAC" audit list --object GISAC-ADV-2026-0004 | cut -f3-5)"
check_eq "post: no title" 400 "$(req c4 -H "$H_ANN" -H "$JS" --data-binary '{"severity":"low","body":"b"}' "$A/advisories")"
check_eq "post: no title: message" "bad_request: \$.title: required" "$(err c4)"
check_eq "post: unknown member" 400 "$(req c5 -H "$H_ANN" -H "$JS" --data-binary '{"title":"t","severity":"low","body":"b","urgent":true}' "$A/advisories")"
check_eq "post: unknown member: message" "bad_request: \$.urgent: unknown member" "$(err c5)"
check_eq "post: wrong type" 400 "$(req c6 -H "$H_ANN" -H "$JS" --data-binary '{"title":"t","severity":"low","body":"b","cves":"CVE-2024-3400"}' "$A/advisories")"
check_eq "post: wrong type: message" "bad_request: \$.cves: expected an array of strings" "$(err c6)"
check_eq "post: missing indicator" 422 "$(req c7 -H "$H_ANN" -H "$JS" --data-binary '{"title":"t","severity":"low","body":"b","tlp":"green","indicators":["198.51.100.7","nothere.example"]}' "$A/advisories")"
check_eq "post: missing indicator: message" "invalid: \$.indicators[1]: indicator 'nothere.example' (domain) is not in the store: import it first" "$(err c7)"
check_eq "post: bad severity" 422 "$(req c8 -H "$H_ANN" -H "$JS" --data-binary '{"title":"t","severity":"urgent","body":"b","cves":["CVE-2024-3400"]}' "$A/advisories")"
check_eq "post: bad severity: message" "invalid: \$.severity: severity 'urgent': use low, medium, high or critical" "$(err c8)"
check_eq "post: nothing cited" 422 "$(req c9 -H "$H_ANN" -H "$JS" --data-binary '{"title":"t","severity":"low","body":"b"}' "$A/advisories")"
check_eq "post: nothing cited: message" "invalid: \$: an advisory cites at least one indicator or CVE" "$(err c9)"
check_eq "post: revise a missing one" 422 "$(req c10 -H "$H_ANN" -H "$JS" --data-binary '{"revise":"GISAC-ADV-2026-0099","severity":"low"}' "$A/advisories")"
check_eq "post: revise a missing one: message" "invalid: \$.revise: advisory GISAC-ADV-2026-0099: not found" "$(err c10)"
check_eq "post: bad JSON" 400 "$(req c11 -H "$H_ANN" -H "$JS" --data-binary '{"title":' "$A/advisories")"
check_eq "post: revise" 201 "$(req c12 -H "$H_ANN" -H "$JS" --data-binary '{"revise":"GISAC-ADV-2026-0004","cves":[]}' "$A/advisories")"
check_eq "post: revise: the list emptied, the rest kept" "2 [] 198.51.100.7 high" \
    "$(json_get "$T/c12.body" '"%s %s %s %s" % (d["revision"], d["cves"], d["indicators"][0]["value"], d["severity"])')"
check_eq "nothing failed was written" 4 "$("$GISAC" advisory count)"

# --- TAXII: the collection "Advisories" --------------------------------------------
X=http://127.0.0.1:$PORT/taxii2/api
ACC="Accept: application/taxii+json;version=2.1"
check_eq "taxii collections as consumer" 200 "$(req t1 -H "$H_CERT" -H "$ACC" "$X/collections/")"
check_eq "taxii collections: titles" "Indicators,Advisories" \
    "$(json_get "$T/t1.body" '",".join(c["title"] for c in d["collections"])')"
AC=$(json_get "$T/t1.body" '[c["id"] for c in d["collections"] if c["alias"] == "advisories"][0]')
check_eq "taxii: read-only" "True False" \
    "$(json_get "$T/t1.body" '"%s %s" % (d["collections"][1]["can_read"], d["collections"][1]["can_write"])')"
O=$X/collections/$AC/objects
# a page's objects, the identity and markings they refer to first ("+NAME")
objs() { json_get "$T/$1.body" '" ".join(("+" if o["type"] in ("identity", "marking-definition") else o["type"] + ":") + o.get("name", o["id"][:12]) for o in d.get("objects", [])) + " more=" + str(d["more"])'; }
check_eq "taxii objects as analyst" 200 "$(req t2 -H "$H_ANN" -H "$ACC" "$O/")"
check_eq "taxii objects as analyst: the latest revisions" "+gisac +TLP:CLEAR +TLP:GREEN +TLP:AMBER report:Amber campaign vulnerability:CVE-2021-44228 report:Internal vulnerability:CVE-2024-3400 report:釣魚郵件警訊 report:勒索軟體警訊 more=False" "$(objs t2)"
check_eq "taxii objects as moda" 200 "$(req t3 -H "$H_MODA" -H "$ACC" "$O")"
check_eq "taxii objects as moda: its amber one, no staff-only one" "+gisac +TLP:CLEAR +TLP:GREEN +TLP:AMBER report:Amber campaign vulnerability:CVE-2024-3400 report:釣魚郵件警訊 report:勒索軟體警訊 more=False" "$(objs t3)"
check_eq "taxii objects as mof" 200 "$(req t4 -H "$H_MOF" -H "$ACC" "$O")"
check_eq "taxii objects as mof: green only" "+gisac +TLP:CLEAR +TLP:GREEN vulnerability:CVE-2024-3400 report:釣魚郵件警訊 report:勒索軟體警訊 more=False" "$(objs t4)"
check_eq "taxii objects as consumer" 200 "$(req t5 -H "$H_CERT" -H "$ACC" "$O")"
check_eq "taxii objects as consumer: green only" "+gisac +TLP:CLEAR +TLP:GREEN vulnerability:CVE-2024-3400 report:釣魚郵件警訊 report:勒索軟體警訊 more=False" "$(objs t5)"
check_eq "taxii all versions" 200 "$(req t6 -H "$H_ANN" -H "$ACC" "$O/?match%5Bversion%5D=all")"
check_eq "taxii all versions: every revision, each vulnerability once" "+gisac +TLP:CLEAR +TLP:GREEN +TLP:AMBER vulnerability:CVE-2024-3400 report:釣魚郵件警訊 report:Amber campaign vulnerability:CVE-2021-44228 report:Internal report:釣魚郵件警訊 vulnerability:CVE-2024-21762 report:勒索軟體警訊 report:勒索軟體警訊 more=False" "$(objs t6)"
check_eq "taxii type vulnerability" 200 "$(req t7 -H "$H_ANN" -H "$ACC" "$O/?match%5Btype%5D=vulnerability")"
check_eq "taxii type vulnerability: only those" "+gisac +TLP:CLEAR vulnerability:CVE-2021-44228 vulnerability:CVE-2024-3400 more=False" "$(objs t7)"
check_eq "taxii type indicator: none" 200 "$(req t8 -H "$H_ANN" -H "$ACC" "$O/?match%5Btype%5D=indicator")"
check_eq "taxii type indicator: an empty page" '{"more":false}' "$(cat "$T/t8.body")"
# the identity and the markings count against limit (docs/taxii.md)
check_eq "taxii page 1" 200 "$(req t9 -D "$T/t9.h" -H "$H_ANN" -H "$ACC" "$O/?limit=5")"
check_eq "taxii page 1: two and what they refer to" "+gisac +TLP:CLEAR +TLP:AMBER report:Amber campaign vulnerability:CVE-2021-44228 more=True" "$(objs t9)"
check_grep "taxii page 1: date added first" "X-TAXII-Date-Added-First: 2026-11-24T00:00:00.000Z" "$T/t9.h"
check_grep "taxii page 1: date added last" "X-TAXII-Date-Added-Last: 2026-11-24T00:00:00.000Z" "$T/t9.h"
NEXT=$(json_get "$T/t9.body" 'd["next"]')
check_eq "taxii page 2" 200 "$(req t10 -H "$H_ANN" -H "$ACC" "$O/?limit=5&next=$NEXT")"
check_eq "taxii page 2: the next two" "+gisac +TLP:CLEAR +TLP:AMBER report:Internal vulnerability:CVE-2024-3400 more=True" "$(objs t10)"
check_eq "taxii limit 1: one object with what it refers to" "+gisac +TLP:AMBER report:Amber campaign more=True" \
    "$(req t10b -H "$H_ANN" -H "$ACC" "$O/?limit=1" >/dev/null; objs t10b)"
# every page of both collections, as each reader: refs resolve on the page,
# each object version once, the pages validate against the OASIS schemas
IC=$(json_get "$T/t1.body" '[c["id"] for c in d["collections"] if c["alias"] == "indicators"][0]')
SCH=
if have_shared && [ -d "$SHARED/data/stix2.1-schemas" ]; then SCH="--schemas $SHARED/data/stix2.1-schemas"; fi
for who in ANN MODA MOF CERT; do
    eval "H=\$H_$who"
    for lim in 1 3 4 1000; do
        /usr/bin/python3 "$GISAC_SRCDIR/tests/cli/taxii_walk.py" $SCH "$H" $lim "$X/collections/$IC/objects/" "$O/" >"$T/walk.$who.$lim" 2>&1
        check_eq "taxii walk as $who, limit $lim" ok "$(tail -1 "$T/walk.$who.$lim")"
    done
    /usr/bin/python3 "$GISAC_SRCDIR/tests/cli/taxii_walk.py" --query 'match%5Bversion%5D=all' "$H" 2 "$X/collections/$IC/objects/" "$O/" >"$T/walk.$who.all" 2>&1
    check_eq "taxii walk as $who, every version" ok "$(tail -1 "$T/walk.$who.all")"
done
check_eq "taxii walk: pages of 4 as analyst" "1#1: +identity:gisac +TLP:GREEN indicator:ipv4 198.51.100.7 indicator:domain c2.evil.example" "$(head -1 "$T/walk.ANN.4")"
check_eq "taxii manifest" 200 "$(req t11 -H "$H_ANN" -H "$ACC" "$X/collections/$AC/manifest/")"
check_eq "taxii manifest: ids, date_added, versions" "report 2026-11-24T00:00:00.000Z 2026-11-24T00:00:00.000Z|vulnerability 2026-11-24T00:00:00.000Z 2026-11-24T00:00:00.000Z|report 2026-11-24T00:00:00.000Z 2026-11-24T00:00:00.000Z|vulnerability 2026-11-25T03:00:00.000Z 2026-11-24T00:00:00.000Z|report 2026-11-25T03:00:00.000Z 2026-11-25T03:00:00.000Z|report 2026-11-26T00:00:01.000Z 2026-11-26T00:00:01.000Z" \
    "$(json_get "$T/t11.body" '"|".join("%s %s %s" % (o["id"].split("--")[0], o["date_added"], o["version"]) for o in d["objects"])')"
R4=$(json_get "$T/t6.body" '[o["id"] for o in d["objects"] if o["type"] == "report" and o["name"] == "勒索軟體警訊"][0]')
check_eq "taxii one object" 200 "$(req t12 -H "$H_ANN" -H "$ACC" "$O/$R4/")"
check_eq "taxii one object: the latest version" "report:勒索軟體警訊 more=False" "$(objs t12)"
check_eq "taxii versions" 200 "$(req t13 -H "$H_ANN" -H "$ACC" "$O/$R4/versions")"
check_eq "taxii versions: both revisions" '{"more":false,"versions":["2026-11-26T00:00:00.000Z","2026-11-26T00:00:01.000Z"]}' "$(cat "$T/t13.body")"
R2=$(json_get "$T/t2.body" '[o["id"] for o in d["objects"] if o["type"] == "report" and o["name"] == "Amber campaign"][0]')
check_eq "taxii amber report as mof" 404 "$(req t14 -H "$H_MOF" -H "$ACC" "$O/$R2/")"
check_eq "taxii amber report as moda" 200 "$(req t15 -H "$H_MODA" -H "$ACC" "$O/$R2/")"
check_eq "taxii delete" 403 "$(req t16 -X DELETE -H "$H_ANN" -H "$ACC" "$O/$R2/")"
check_eq "taxii delete unseen" 404 "$(req t17 -X DELETE -H "$H_MOF" -H "$ACC" "$O/$R2/")"
check_eq "taxii add" 403 "$(req t18 -H "$H_ANN" -H "$ACC" -H "Content-Type: application/taxii+json;version=2.1" --data-binary '{"objects":[]}' "$O/")"

serve_stop
check_status "audit chain intact" 0 "$GISAC" audit verify
finish
