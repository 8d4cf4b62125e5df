#!/bin/sh
# gisac vuln vex import (docs/vuln.md): OpenVEX and CycloneDX VEX documents
# into VEX statements, suppressed matches shown apart, once however often
# imported, bad documents naming their path, and the API.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_NOW=2026-11-24T00:00:00Z
S=$GISAC_SRCDIR/samples/vuln
X=$S/vex

"$GISAC" agency add moda --name "Ministry" --grade A >/dev/null
"$GISAC" asset import --agency moda "$S/web01.cdx.json" "$S/db01.spdx.json" >/dev/null || fail "assets"
"$GISAC" vuln import "$S/records" >/dev/null || fail "records"

check_status "import both forms" 0 "$GISAC" vuln vex import --agency moda "$X/web01.openvex.json" "$X/web01.cdx-vex.json"
check_eq "counts" "$X/web01.openvex.json: openvex, 3 statements: 1 not_affected added, 0 known, 1 of other status, 1 of unknown vulnerabilities
$X/web01.cdx-vex.json: cyclonedx, 2 statements: 1 not_affected added, 0 known, 1 of other status, 0 of unknown vulnerabilities" "$(cat "$T/out")"
check_status "again" 0 "$GISAC" vuln vex import --agency moda "$X/web01.openvex.json"
check_eq "once" "$X/web01.openvex.json: openvex, 3 statements: 0 not_affected added, 1 known, 1 of other status, 1 of unknown vulnerabilities" "$(cat "$T/out")"
check_status "the statements" 0 "$GISAC" vuln vex list
check_eq "a version each, joined to the CVE" "1	moda	CVE-2020-8203	npm/lodash	4.17.15	vulnerable_code_not_in_execute_path
2	moda	CVE-2021-25900	cargo/smallvec	0.6.13	requires_configuration" "$(cat "$T/out")"
check_status "suppressed apart" 0 "$GISAC" vuln affected
check_eq "the suppressed section" "suppressed by VEX:
moda	web01	lodash 4.17.15	CVE-2020-8203	affected	HIGH
    why: GHSA-p6mc-m468-83gw \$.affected[0].ranges[0]: introduced 3.7.0 <= 4.17.15 < fixed 4.17.19 (semver)
    not_affected (VEX #1): vulnerable_code_not_in_execute_path: zipObjectDeep is never called
moda	db01	smallvec 0.6.13	CVE-2021-25900	affected	-
    why: RUSTSEC-2021-0003 \$.affected[0].ranges[0]: introduced 0.6.3 <= 0.6.13 < fixed 0.6.14 (semver)
    not_affected (VEX #2): requires_configuration: insert_many is not used" "$(sed -n '/^suppressed/,$p' "$T/out")"
check_eq "log4j still affected (an affected statement is no mark)" "1" "$(grep -c 'log4j-core 2.14.1	CVE-2021-44228	affected' "$T/out")"

printf '{"@context":"https://openvex.dev/ns/v0.2.0","statements":[{"vulnerability":{"name":"CVE-2020-8203"},"products":[{"@id":"pkg:npm/lodash@4.17.15"}],"status":"not_affected","justification":"because"}]}' >"$T/bad.json"
check_status "bad justification" 2 "$GISAC" vuln vex import --agency moda "$T/bad.json"
check_eq "named by its path" "gisac: $T/bad.json: \$.statements[0].products[0]: not_affected needs a justification of CycloneDX or OpenVEX ('because' is none)" "$(cat "$T/err")"
printf '{"bomFormat":"CycloneDX","specVersion":"1.5","vulnerabilities":[{"id":"CVE-2020-8203","analysis":{"state":"maybe"},"affects":[{"ref":"pkg:npm/lodash"}]}]}' >"$T/bad2.json"
check_status "bad state" 2 "$GISAC" vuln vex import "$T/bad2.json"
check_eq "state message" "gisac: $T/bad2.json: \$.vulnerabilities[0].analysis.state: not an impact analysis state" "$(cat "$T/err")"
check_status "not VEX" 2 "$GISAC" vuln vex import "$S/web01.cdx.json"
check_eq "no vulnerabilities" "gisac: $S/web01.cdx.json: \$.vulnerabilities: a CycloneDX VEX has vulnerabilities" "$(cat "$T/err")"

# --- the API ------------------------------------------------------------------
"$GISAC" agency add mohw --name "Health" --grade B >/dev/null
officer_api off-mohw mohw
check_eq "officer: own agency's statements" 200 "$(req v1 -H "$H" -H "$OCT" --data-binary @"$X/web01.cdx-vex.json" "$A/vulns/vex/import")"
check_eq "answer" "cyclonedx 2 1 0 1 0" "$(json_get "$T/v1.body" '" ".join(str(d[k]) for k in ("format","statements","added","known","other","unknown_vuln"))')"
check_eq "officer: another agency" 403 "$(req v2 -H "$H" -H "$OCT" --data-binary @"$X/web01.cdx-vex.json" "$A/vulns/vex/import?agency=moda")"
check_eq "bad document" 422 "$(req v3 -H "$H" -H "$OCT" --data-binary @"$T/bad2.json" "$A/vulns/vex/import")"
serve_stop
check_status "mohw's statement" 0 "$GISAC" vuln vex list --agency mohw
check_eq "for mohw" "3	mohw	CVE-2021-25900	cargo/smallvec	0.6.13	requires_configuration" "$(cat "$T/out")"

finish
