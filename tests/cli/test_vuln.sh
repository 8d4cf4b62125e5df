#!/bin/sh
# gisac asset and gisac vuln (docs/asset.md, docs/vuln.md): the register's
# imports and history, bad SBOMs and records, the matcher's verdicts and
# explanations, VEX statements and the exit codes. The real records and
# SBOMs of ../shared/data/vulns are imported when present.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_NOW=2026-11-24T00:00:00Z
S=$GISAC_SRCDIR/samples/vuln
D=$GISAC_SRCDIR/tests/data/vuln

check_status "help" 0 "$GISAC" vuln --help
check_grep "help lists affected" "affected" "$T/out"
check_status "asset help" 0 "$GISAC" asset import --help
check_grep "asset import usage" "gisac asset import [OPTIONS] FILE..." "$T/out"

"$GISAC" agency add moda --name "Ministry" --grade A >/dev/null
"$GISAC" agency add mohw --name "Health" --grade B >/dev/null

# --- the register -----------------------------------------------------------
check_status "import without agency" 2 "$GISAC" asset import "$S/web01.cdx.json"
check_grep "agency required" "give --agency ID" "$T/err"
check_status "unknown agency" 2 "$GISAC" asset import --agency nobody "$S/web01.cdx.json"
check_eq "unknown agency message" "gisac: $S/web01.cdx.json: agency nobody: not found" "$(cat "$T/err")"
check_status "bad purl" 2 "$GISAC" asset import --agency moda "$D/bad-purl.cdx.json"
check_eq "bad purl message" "gisac: $D/bad-purl.cdx.json: \$.components[1].purl: not a package URL (pkg:...): 'npm/broken@1'" "$(cat "$T/err")"
printf '{"bomFormat":"CycloneDX","specVersion":"1.2","components":[]}' >"$T/old.json"
check_status "old CycloneDX" 2 "$GISAC" asset import --agency moda "$T/old.json"
check_eq "old CycloneDX message" "gisac: $T/old.json: CycloneDX 1.2 is not supported (1.4 to 1.6 are)" "$(cat "$T/err")"
printf 'not json' >"$T/nojson.json"
check_status "not JSON" 2 "$GISAC" asset import --agency moda "$T/nojson.json"
check_grep "not JSON message" "not JSON: line 1" "$T/err"
check_status "host with two files" 2 "$GISAC" asset import --agency moda --host h "$S/web01.cdx.json" "$S/db01.spdx.json"
check_status "nothing yet" 1 "$GISAC" asset list

check_status "import" 0 "$GISAC" asset import --agency moda --system sys-1 "$S/web01.cdx.json"
check_eq "import summary" "$S/web01.cdx.json: host web01: 10 components (10 added, 0 removed)" "$(cat "$T/out")"
check_status "import again: nothing changes" 0 "$GISAC" asset import --agency moda "$S/web01.cdx.json"
check_eq "re-import summary" "$S/web01.cdx.json: host web01: 10 components (0 added, 0 removed)" "$(cat "$T/out")"
check_status "import spdx for another agency" 0 "$GISAC" asset import --agency mohw --host db-9 "$S/db01.spdx.json"
check_eq "spdx summary" "$S/db01.spdx.json: host db-9: 2 components (2 added, 0 removed)" "$(cat "$T/out")"
check_status "list one agency" 0 "$GISAC" asset list --agency mohw
check_eq "list mohw" "mohw	db-9	libwebp	-	cpe:2.3:a:webmproject:libwebp:-:*:*:*:*:*:*:*
mohw	db-9	smallvec	0.6.13	pkg:cargo/smallvec@0.6.13" "$(cat "$T/out")"
check_status "list by CPE" 0 "$GISAC" asset list --component cpe:2.3:a:webmproject:libwebp:*:*:*:*:*:*:*:* --json
check_eq "by CPE: both agencies" "2" "$(wc -l <"$T/out" | tr -d ' ')"
check_eq "system kept" "sys-1" "$(head -1 "$T/out" | json_get /dev/stdin 'd["system"]')"
check_status "bad component" 2 "$GISAC" asset list --component lodash
check_grep "bad component message" "--component: a package URL (pkg:...) or a CPE name (cpe:...)" "$T/err"
check_status "wildcard vendor names nothing" 2 "$GISAC" asset list --component "cpe:2.3:a:*:libwebp:*:*:*:*:*:*:*:*"

# --- vulnerability data -------------------------------------------------------
check_status "nothing affected before data" 1 "$GISAC" vuln affected
"$GISAC" notify add --events vuln.affected --agency mohw --lang en webhook http://127.0.0.1:9/hook >/dev/null
check_status "import records" 0 "$GISAC" vuln import "$S/records"
check_eq "import summary" "imported 10 records (0 withdrawn or rejected), 1 known exploited entry, 8 notices to agencies; 0 files failed" "$(cat "$T/out")"
check_status "notices queued for mohw" 0 "$GISAC" notify queue
check_eq "mohw's notices" "vuln.affected	CVE-2023-4863 Heap buffer overflow in libwebp: 1 component
vuln.affected	CVE-2021-25900 Buffer overflow in SmallVec::insert_many: 1 component" "$(cut -f5,8 "$T/out")"
check_status "import again: nobody is told twice" 0 "$GISAC" vuln import "$S/records"
check_eq "no new notices" "imported 10 records (0 withdrawn or rejected), 1 known exploited entry, 0 notices to agencies; 0 files failed" "$(cat "$T/out")"
check_eq "the webhook's data" "CVE-2021-25900 ['db-9 smallvec 0.6.13 affected']" "$(db_sql "SELECT payload FROM notify_outbox WHERE subject LIKE 'CVE-2021-25900%'" | json_get /dev/stdin 'd["vuln"]+" "+str([c["host"]+" "+c["name"]+" "+c["version"]+" "+c["status"] for c in d["components"]])')"
printf '{"id":"X-1","affected":[{"package":{"ecosystem":"npm","name":"a"},"ranges":[{"type":"SEMVER","events":[{"oops":"1"}]}]}]}' >"$T/bad-osv.json"
check_status "bad record" 2 "$GISAC" vuln import "$T/bad-osv.json"
check_eq "bad record message" "gisac: $T/bad-osv.json: \$.affected[0].ranges[0].events[0]: an event is introduced, fixed, last_affected or limit" "$(head -1 "$T/err")"

check_status "affected" 0 "$GISAC" vuln affected --json
check_eq "7 lines" "7" "$(wc -l <"$T/out" | tr -d ' ')"
check_eq "first: known exploited, critical" "CVE-2021-44228 affected CRITICAL True" "$(head -1 "$T/out" | json_get /dev/stdin 'd["vuln"]+" "+d["status"]+" "+d["severity"]+" "+str(d["known_exploited"])')"
check_eq "aliases" "['GHSA-jfh8-c2jp-5v3q']" "$(head -1 "$T/out" | json_get /dev/stdin 'd["aliases"]')"
check_eq "the backport is not affected" "" "$(grep '"openssl"' "$T/out")"
check_eq "2.8.123e is past 2.8.100" "" "$(grep '"thing"' "$T/out")"
check_eq "CPE version - is unknown" "unknown: CVE-2023-4863 \$.containers.cna.affected[0]: the component has no version ('-')" "$(grep '"db-9"' "$T/out" | grep libwebp | json_get /dev/stdin 'd["status"]+": "+d["explanation"]')"
check_status "one agency" 0 "$GISAC" vuln affected --agency mohw
check_eq "mohw lines" "mohw	db-9	smallvec 0.6.13	CVE-2021-25900	affected	-
    why: RUSTSEC-2021-0003 \$.affected[0].ranges[0]: introduced 0.6.3 <= 0.6.13 < fixed 0.6.14 (semver)
mohw	db-9	libwebp -	CVE-2023-4863	unknown	HIGH	known exploited
    why: CVE-2023-4863 \$.containers.cna.affected[0]: the component has no version ('-')" "$(cat "$T/out")"
check_status "by alias" 0 "$GISAC" vuln affected --vuln GO-2022-0969
check_grep "by alias line" "moda	web01	x-net v0.0.0-20220722155237-a158d28d115b	CVE-2022-27664	affected" "$T/out"
check_status "unknown vuln" 1 "$GISAC" vuln affected --vuln CVE-1999-0001
check_eq "unknown vuln message" "gisac: vulnerability CVE-1999-0001: not found" "$(cat "$T/err")"
check_status "show" 0 "$GISAC" vuln show CVE-2023-4863
check_eq "show kev" "True 2023-09-13 HIGH" "$(json_get "$T/out" 'str(d["known_exploited"])+" "+d["kev_added"]+" "+d["severity"]')"

# --- VEX ----------------------------------------------------------------------------
check_status "vex: bad justification" 2 "$GISAC" vuln vex add --agency moda --vuln CVE-2020-8203 --component pkg:npm/lodash --justification because
check_eq "bad justification message" "gisac: justification 'because': not a CycloneDX or OpenVEX justification" "$(cat "$T/err")"
check_status "vex: version and range" 2 "$GISAC" vuln vex add --agency moda --vuln CVE-2020-8203 --component pkg:npm/lodash --version 1 --from 1 --justification code_not_present
check_status "vex: unknown vuln" 1 "$GISAC" vuln vex add --agency moda --vuln CVE-1999-0001 --component pkg:npm/lodash --justification code_not_present
check_status "vex: one version" 0 "$GISAC" vuln vex add --agency moda --vuln CVE-2020-8203 --component pkg:npm/lodash@4.17.15 --version 4.17.15 --justification code_not_reachable
check_eq "vex added" "VEX #1: CVE-2020-8203 not_affected in pkg:npm/lodash@4.17.15 (code_not_reachable)" "$(cat "$T/out")"
check_status "office vex for every agency" 0 "$GISAC" vuln vex add --vuln CVE-2021-25900 --component pkg:cargo/smallvec --from 0.6.0 --to 0.6.13 --justification requires_configuration --statement "only with insert_many"
check_status "suppressed apart" 0 "$GISAC" vuln affected
check_eq "suppressed section" "suppressed by VEX:
moda	web01	lodash 4.17.15	CVE-2020-8203	affected	HIGH
    why: GHSA-p6mc-m468-83gw \$.affected[0].ranges[0]: introduced 3.7.0 <= 4.17.15 < fixed 4.17.19 (semver)
    not_affected (VEX #1): code_not_reachable
mohw	db-9	smallvec 0.6.13	CVE-2021-25900	affected	-
    why: RUSTSEC-2021-0003 \$.affected[0].ranges[0]: introduced 0.6.3 <= 0.6.13 < fixed 0.6.14 (semver)
    not_affected (VEX #2): requires_configuration: only with insert_many" "$(sed -n '/^suppressed/,$p' "$T/out")"
check_status "vex list for mohw" 0 "$GISAC" vuln vex list --agency mohw
check_eq "mohw sees the office's" "2	(all)	CVE-2021-25900	cargo/smallvec	0.6.0..0.6.13	requires_configuration" "$(cat "$T/out")"

# --- history: an upgrade removes the match, the VEX survives a bump inside its range ----
check_status "upgrade" 0 "$GISAC" asset import --agency moda "$S/web01-v2.cdx.json"
check_eq "upgrade summary" "$S/web01-v2.cdx.json: host web01: 2 components (1 added, 9 removed)" "$(cat "$T/out")"
check_status "history" 0 "$GISAC" asset history --agency moda --json
check_eq "history rows: 10 added, then 1 added and 9 removed" "20" "$(wc -l <"$T/out" | tr -d ' ')"
check_eq "last row" "removed x-net" "$(tail -1 "$T/out" | json_get /dev/stdin 'd["change"]+" "+d["name"]')"
check_status "log4j gone" 1 "$GISAC" vuln affected --vuln CVE-2021-44228

# --- the API: who sees and writes what ------------------------------------------
export GISAC_PWHASH_FAST=1
"$GISAC" user add ann --role analyst </dev/null >/dev/null 2>&1 || fail "user ann"
"$GISAC" user add off-mohw --role agency --agency mohw </dev/null >/dev/null 2>&1 || fail "user off-mohw"
"$GISAC" user add sen --role sensor --agency mohw </dev/null >/dev/null 2>&1 || fail "user sen"
make_tokens ann off-mohw sen
tok() { cat "$T/tok.$1"; }
H_ANN="Authorization: Bearer $(tok ann)"
H_OFF="Authorization: Bearer $(tok off-mohw)"
H_SEN="Authorization: Bearer $(tok sen)"
trap 'serve_stop; rm -rf "$T"' EXIT
serve_start "$T/server.log"
A=http://127.0.0.1:$PORT/api/v1
check_eq "officer: own components" 200 "$(req a1 -H "$H_OFF" "$A/assets")"
check_eq "officer sees mohw only" "mohw mohw" "$(json_get "$T/a1.body" '" ".join(sorted(set(x["agency"] for x in d["components"])))+" "+d["components"][0]["agency"]')"
check_eq "officer: another agency" 403 "$(req a2 -H "$H_OFF" "$A/assets?agency=moda")"
check_eq "sensor: none" 403 "$(req a3 -H "$H_SEN" "$A/assets")"
check_eq "analyst: every agency" 200 "$(req a4 -H "$H_ANN" "$A/assets")"
check_eq "analyst rows" "4" "$(json_get "$T/a4.body" 'len(d["components"])')"
check_eq "bad component" 422 "$(req a5 -H "$H_ANN" "$A/assets?component=lodash")"
check_eq "bad component message" "invalid: query parameter 'component': --component: a package URL (pkg:...) or a CPE name (cpe:...)" "$(err a5)"
check_eq "officer imports own" 200 "$(req i1 -H "$H_OFF" -H "$OCT" --data-binary @"$S/db01.spdx.json" "$A/assets?host=db-10")"
check_eq "import answer" "mohw db-10 2 2 0" "$(json_get "$T/i1.body" '" ".join(str(d[k]) for k in ("agency","host","components","added","removed"))')"
check_eq "officer imports elsewhere" 403 "$(req i2 -H "$H_OFF" -H "$OCT" --data-binary @"$S/db01.spdx.json" "$A/assets?agency=moda")"
check_eq "bad SBOM" 422 "$(req i3 -H "$H_OFF" -H "$OCT" --data-binary @"$D/bad-purl.cdx.json" "$A/assets")"
check_eq "bad SBOM message" "invalid: \$.components[1].purl: \$.components[1].purl: not a package URL (pkg:...): 'npm/broken@1'" "$(err i3)"
check_eq "officer: affected" 200 "$(req v1 -H "$H_OFF" "$A/vulns/affected")"
check_eq "officer: own lines, suppressed last" "mohw:CVE-2023-4863:unknown:None mohw:CVE-2023-4863:unknown:None mohw:CVE-2021-25900:affected:2 mohw:CVE-2021-25900:affected:2" "$(json_get "$T/v1.body" '" ".join(x["agency"]+":"+x["vuln"]+":"+x["status"]+":"+str(x["suppressed"] and x["suppressed"]["vex"]) for x in d["affected"])')"
check_eq "sensors may not read intel" 403 "$(req v2 -H "$H_SEN" "$A/vulns/RUSTSEC-2021-0003")"
check_eq "vuln by alias (officer)" 200 "$(req v3 -H "$H_OFF" "$A/vulns/RUSTSEC-2021-0003")"
check_eq "vuln id" "CVE-2021-25900" "$(json_get "$T/v3.body" 'd["id"]')"
check_eq "unknown vuln" 404 "$(req v4 -H "$H_OFF" "$A/vulns/CVE-1999-0001")"
check_eq "officer vex for own agency" 201 "$(req x1 -H "$H_OFF" -H 'Content-Type: application/json' --data '{"vuln":"CVE-2023-4863","component":"cpe:2.3:a:webmproject:libwebp:*:*:*:*:*:*:*:*","justification":"requires_environment"}' "$A/vulns/vex")"
check_eq "officer vex for every agency" 403 "$(req x2 -H "$H_OFF" -H 'Content-Type: application/json' --data '{"agency":"","vuln":"CVE-2023-4863","component":"pkg:npm/x","justification":"code_not_present"}' "$A/vulns/vex")"
check_eq "vex without justification" 400 "$(req x3 -H "$H_OFF" -H 'Content-Type: application/json' --data '{"vuln":"CVE-2023-4863","component":"pkg:npm/x"}' "$A/vulns/vex")"
serve_stop

# --- the shared real data, when present ------------------------------------------
if have_shared; then
    V=$SHARED/data/vulns
    check_status "import the shared SBOMs" 0 "$GISAC" asset import --agency mohw "$V"/sbom/cyclonedx/*.json "$V"/sbom/spdx/*.json
    check_grep "laravel" "host cyclonedx-php-composer-demo: 62 components (62 added, 0 removed)" "$T/out"
    check_status "import the shared records" 2 "$GISAC" vuln import "$V/cve5" "$V/osv" "$V/kev"
    check_grep "shared counts" "imported 20 records (2 withdrawn or rejected), 1404 known exploited entries, 0 notices to agencies; 1 file failed" "$T/out"
    check_grep "the schema is no record" "known_exploited_vulnerabilities_schema.json: not a vulnerability record" "$T/err"
    check_status "show log4shell" 0 "$GISAC" vuln show CVE-2021-44228
    check_eq "log4shell joined" "['GHSA-jfh8-c2jp-5v3q'] True" "$(json_get "$T/out" 'str(d["aliases"])+" "+str(d["known_exploited"])')"
fi

finish
