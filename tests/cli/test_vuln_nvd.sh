#!/bin/sh
# gisac vuln import of NVD CVE API 2.0 responses (docs/vuln.md): a response
# of several vulnerabilities split into records, matched by CPE against a
# CSV inventory with explanations, the CVSS severity and CISA's flag, the
# notices (most urgent first, once), and a bad response naming its path.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_NOW=2026-11-24T00:00:00Z
N=$GISAC_SRCDIR/samples/vuln/nvd

printf 'vendor,product,version,cpe,purl\nacme,logkit,2.14.1,,\nacme,viewer,4.2,,\nacme,thing,2.8.123e,,\nacme,gadget,2.0,,\nacme,toolbox,1.4,,\nacme,toolbox,1.5,,\n' >"$T/acme.csv"
vuln_watcher app01 "$T/acme.csv"

# one response of the four sample vulnerabilities, as the API pages them
python3 - "$N" "$T/page.json" <<'PY'
import glob, json, sys
vs = []
for f in sorted(glob.glob(sys.argv[1] + "/*.json")):
    vs += json.load(open(f))["vulnerabilities"]
json.dump({"resultsPerPage": len(vs), "startIndex": 0, "totalResults": len(vs),
           "format": "NVD_CVE", "version": "2.0", "vulnerabilities": vs}, open(sys.argv[2], "w"))
PY
check_status "import a response" 0 "$GISAC" vuln import "$T/page.json"
check_eq "import summary" "imported 4 records (1 withdrawn or rejected), 0 known exploited entries, 2 notices to agencies; 0 files failed" "$(cat "$T/out")"
check_status "affected" 0 "$GISAC" vuln affected
check_eq "by CPE, with the configuration that decided" "moda	app01	logkit 2.14.1	CVE-2099-1001	affected	CRITICAL	known exploited
    why: NVD:CVE-2099-1001 \$.cve.configurations[0].nodes[0].cpeMatch[0]: cpe:2.3:a:acme:logkit:*:*:*:*:*:*:*:*: 2.14.1 >= versionStartIncluding 2.0.1, 2.14.1 < versionEndExcluding 2.15.0 (generic): affected
moda	app01	toolbox 1.4	CVE-2099-1003	affected	HIGH
    why: NVD:CVE-2099-1003 \$.cve.configurations[1].nodes[0].cpeMatch[0]: cpe:2.3:a:acme:toolbox:*:*:*:*:*:*:*:*: 1.4 >= versionStartIncluding 1.0, 1.4 < versionEndExcluding 2.0 (generic): affected
moda	app01	viewer 4.2	CVE-2099-1003	unknown	HIGH
    why: NVD:CVE-2099-1003 \$.cve.configurations[0].nodes[1].cpeMatch[0]: needs the platform cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*, another component of the host; not decided by one component" "$(cat "$T/out")"
check_status "show" 0 "$GISAC" vuln show CVE-2099-1001
check_eq "show: NVD's CVSS 4.0 severity, CISA's flag, no record id as alias" "CRITICAL True [] NVD:CVE-2099-1001 nvd" "$(json_get "$T/out" 'd["severity"]+" "+str(d["known_exploited"])+" "+str(d["aliases"])+" "+d["records"][0]["id"]+" "+d["records"][0]["source"]')"
check_status "show by record id" 0 "$GISAC" vuln show NVD:CVE-2099-1003
check_eq "the vulnerability" "CVE-2099-1003" "$(json_get "$T/out" 'd["id"]')"
check_status "notices" 0 "$GISAC" notify queue
check_eq "known exploited first" "vuln.affected	CVE-2099-1001 Remote code execution in acme logkit.: 1 component
vuln.affected	CVE-2099-1003 Acme viewer on Windows only.: 2 components" "$(cut -f5,8 "$T/out")"
check_status "import again" 0 "$GISAC" vuln import "$T/page.json"
check_eq "nobody told twice" "imported 4 records (1 withdrawn or rejected), 0 known exploited entries, 0 notices to agencies; 0 files failed" "$(cat "$T/out")"

# a bad vulnerability stops the import there, naming its place in the response
python3 - "$T/page.json" "$T/bad.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["vulnerabilities"][1]["cve"]["configurations"][0]["nodes"][0]["cpeMatch"][0]["versionEndExcluding"] = 2
json.dump(d, open(sys.argv[2], "w"))
PY
check_status "bad response" 2 "$GISAC" vuln import "$T/bad.json"
check_eq "the path in the response" "gisac: $T/bad.json: \$.vulnerabilities[1].cve.configurations[0].nodes[0].cpeMatch[0].versionEndExcluding: not a version" "$(head -1 "$T/err")"
check_eq "the summary counts what was kept" "imported 1 record (0 withdrawn or rejected), 0 known exploited entries, 0 notices to agencies; 1 file failed" "$(cat "$T/out")"

finish
