#!/bin/sh
# test_scap.sh: SCAP results (docs/scap.md) from the real producer: OpenSCAP
# (Debian's openscap-scanner) evaluates a copy of ssg-debian's content on
# this machine (the copy's Debian 11 platform check widened to this Debian,
# in the test only), and every count gisac stores equals the file's own
# (xmllint over the rule-result elements). Plain, gzip and bzip2; hostile
# files (DTD, external entity, entity expansion) refused with nothing stored.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
SSG=/usr/share/xml/scap/ssg/content/ssg-debian11-ds.xml
for tool in oscap xmllint; do
    command -v $tool >/dev/null || { fail "$tool is missing (scripts/deps.sh installs it)"; finish; }
done
[ -f "$SSG" ] || { fail "$SSG is missing (ssg-debian; scripts/deps.sh installs it)"; finish; }
sql() { db_sql "$1"; }

"$GISAC" agency add --name "Ministry of Digital Affairs" --grade A moda >/dev/null
"$GISAC" agency add --name "Ministry of Finance" --grade B mof >/dev/null

# --- the producer: oscap on this machine ---------------------------------------------------
sed 's/>\^11\.\[0-9\]+\$</>^1[0-9].[0-9]+$</' "$SSG" >"$T/ds.xml"
check_eq "platform check widened" 2 "$(grep -c '\^1\[0-9\]\.\[0-9\]+\$' "$T/ds.xml")"
PROFILE=xccdf_org.ssgproject.content_profile_standard
oscap xccdf eval --profile $PROFILE --results "$T/r.xml" --results-arf "$T/arf.xml" "$T/ds.xml" \
    >"$T/oscap.out" 2>"$T/oscap.err"
rc=$?
# 0: all passed, 2: some failed; anything else is an error of oscap
[ $rc -eq 0 ] || [ $rc -eq 2 ] || { fail "oscap exit $rc"; cat "$T/oscap.err" >&2; finish; }

XNS='http://checklists.nist.gov/xccdf/1.2'
# count RESULT FILE: the rule-results with that result, by xmllint
count() {
    xmllint --nonet --xpath "count(//*[local-name()='TestResult' and namespace-uri()='$XNS']/*[local-name()='rule-result']/*[local-name()='result' and text()='$1'])" "$2"
}
TOTAL=$(xmllint --nonet --xpath "count(//*[local-name()='TestResult' and namespace-uri()='$XNS']/*[local-name()='rule-result'])" "$T/arf.xml")
[ "$TOTAL" -gt 100 ] || fail "oscap wrote only $TOTAL rule results"
check_eq "oscap's own count of selected rules" "$(grep -c '^Result' "$T/oscap.out")" \
    "$(($(count pass "$T/arf.xml") + $(count fail "$T/arf.xml") + $(count error "$T/arf.xml") + $(count unknown "$T/arf.xml") + $(count notapplicable "$T/arf.xml") + $(count notchecked "$T/arf.xml") + $(count informational "$T/arf.xml") + $(count fixed "$T/arf.xml")))"
HOST=$(xmllint --nonet --xpath "string(//*[local-name()='fact' and @name='urn:xccdf:fact:asset:identifier:fqdn'])" "$T/arf.xml")

# --- import the ARF, then the XCCDF results (gzip) and the ARF again (bzip2) -----------------
check_status "import ARF" 0 "$GISAC" scap import --agency moda "$T/arf.xml"
check_grep "import names the host and count" "scan 1 of $HOST (xccdf_org.ssgproject.content_benchmark_DEBIAN-11, $PROFILE): $TOTAL rule results" "$T/out"
check_status "show --json" 0 "$GISAC" scap show --json "$HOST"
for r in pass fail error unknown notapplicable notchecked notselected informational fixed; do
    check_eq "count of $r equals the file's" "$(count $r "$T/arf.xml")" \
        "$(json_get "$T/out" "d['counts']['$r']")"
done
check_eq "total equals the file's" "$TOTAL" "$(json_get "$T/out" 'd["total"]')"
check_eq "stored rows" "$TOTAL" "$(sql 'SELECT COUNT(*) FROM scap_result WHERE scan_id = 1')"
check_eq "sha256 of the original kept" "$(sha256sum "$T/arf.xml" | cut -d' ' -f1)" "$(json_get "$T/out" 'd["sha256"]')"
SHA=$(sha256sum "$T/arf.xml" | cut -d' ' -f1)
EVDIR=$(dirname "$GISAC_DB")/gisac.evidence
check_eq "original kept in the evidence store" "$SHA" \
    "$(sha256sum "$(find "$T" -type f -name "$SHA" | head -1)" | cut -d' ' -f1)"
PASS=$(count pass "$T/arf.xml")
FAILN=$(count fail "$T/arf.xml")
check_eq "failing rules listed" "$FAILN" "$("$GISAC" scap results 1 --result fail | wc -l)"
SCORE=$(xmllint --nonet --xpath "string(//*[local-name()='TestResult']/*[local-name()='score'])" "$T/arf.xml")
check_eq "score" "$(printf '%.3f' "$SCORE")" "$(json_get "$T/out" '"%.3f" % d["score"]')"

gzip -c "$T/r.xml" >"$T/r.xml.gz"
bzip2 -c "$T/arf.xml" >"$T/arf.xml.bz2"
check_status "import gzip XCCDF and bzip2 ARF for another host" 0 "$GISAC" scap import --agency mof --host web01 "$T/r.xml.gz" "$T/arf.xml.bz2" --json
check_eq "two scans" "2 $TOTAL $TOTAL" "$(wc -l <"$T/out") $(head -1 "$T/out" | $PY -c 'import json,sys; print(json.load(sys.stdin)["rules"])') $(tail -1 "$T/out" | $PY -c 'import json,sys; print(json.load(sys.stdin)["rules"])')"
check_eq "XCCDF counts equal the ARF's" "$(count fail "$T/r.xml") $(count pass "$T/r.xml")" "$FAILN $PASS"
check_status "hosts" 0 "$GISAC" scap hosts
check_eq "hosts: the latest scan of each" "2" "$(wc -l <"$T/out")"
check_status "compliance per agency" 0 "$GISAC" scap compliance --json
check_eq "compliance of moda" "$PASS $FAILN" "$($PY -c 'import json,sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    if d["key"].startswith("moda\t"): print(d["pass"], d["fail"])' "$T/out")"
check_status "compliance per rule" 0 "$GISAC" scap compliance --by rule --json
check_eq "rules failing somewhere" "$FAILN" "$($PY -c 'import json,sys
print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["fail"] > 0))' "$T/out")"
check_status "diff: no change between the two scans of web01" 0 "$GISAC" scap diff web01
check_eq "diff empty" "" "$(cat "$T/out")"

# a later scan of web01 with one rule turned from pass to fail: a new failure first
RULE=$(xmllint --nonet --xpath "string((//*[local-name()='TestResult']/*[local-name()='rule-result'][*[local-name()='result']='pass'])[1]/@idref)" "$T/r.xml")
$PY - "$T/r.xml" "$T/r2.xml" "$RULE" <<'PYEOF'
import sys, re
s = open(sys.argv[1], encoding="utf-8").read()
i = s.index('idref="%s"' % sys.argv[3], s.index("<TestResult"))
j = s.index("<result>pass</result>", i)
s = s[:j] + "<result>fail</result>" + s[j + len("<result>pass</result>"):]
s = s.replace('end-time="', 'end-time="2099', 0)
s = re.sub(r'(<TestResult[^>]*end-time=")[^"]*', r'\g<1>2030-01-01T00:00:00+00:00', s, count=1)
open(sys.argv[2], "w", encoding="utf-8").write(s)
PYEOF
check_status "import the later scan" 0 "$GISAC" scap import --agency mof --host web01 "$T/r2.xml"
check_out "diff: the new failure" 0 "$RULE	pass -> fail" "$GISAC" scap diff web01

# --- hostile and malformed files: refused, nothing stored -------------------------------------
before=$(sql 'SELECT COUNT(*) FROM scap_scan')
cat >"$T/xxe.xml" <<'XEOF'
<?xml version="1.0"?>
<!DOCTYPE TestResult [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<TestResult xmlns="http://checklists.nist.gov/xccdf/1.2" id="x"><target>&xxe;</target></TestResult>
XEOF
check_out "XXE refused" 2 "gisac: $T/xxe.xml: a document type declaration (DTD) is not allowed" "$GISAC" scap import --agency moda "$T/xxe.xml"
cat >"$T/laughs.xml" <<'XEOF'
<?xml version="1.0"?>
<!-- a comment first -->
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<TestResult xmlns="http://checklists.nist.gov/xccdf/1.2" id="x"><target>&lol3;</target></TestResult>
XEOF
check_out "billion laughs refused" 2 "gisac: $T/laughs.xml: a document type declaration (DTD) is not allowed" "$GISAC" scap import --agency moda "$T/laughs.xml"
cat >"$T/dtd.xml" <<'XEOF'
<?xml version="1.0"?>
<!DOCTYPE TestResult SYSTEM "http://127.0.0.1:9/x.dtd">
<TestResult xmlns="http://checklists.nist.gov/xccdf/1.2" id="x"/>
XEOF
check_out "external DTD refused" 2 "gisac: $T/dtd.xml: a document type declaration (DTD) is not allowed" "$GISAC" scap import --agency moda "$T/dtd.xml"
gzip -c "$T/laughs.xml" >"$T/laughs.xml.gz"
check_out "compressed hostile file refused" 2 "gisac: $T/laughs.xml.gz: a document type declaration (DTD) is not allowed" "$GISAC" scap import --agency moda "$T/laughs.xml.gz"
printf '<TestResult xmlns="http://checklists.nist.gov/xccdf/1.2" id="x"><target>&undeclared;</target></TestResult>' >"$T/ent.xml"
check_status "an undeclared entity refused" 2 "$GISAC" scap import --agency moda "$T/ent.xml"
check_grep "entity error names the line" "$T/ent.xml: line 1: Entity 'undeclared' not defined" "$T/err"
printf '<TestResult xmlns="http://checklists.nist.gov/xccdf/1.2" id="x">\n<target>h</target>\n<rule-result idref="r1"><result>maybe</result></rule-result>\n</TestResult>\n' >"$T/bad.xml"
check_out "unknown result refused with its line" 2 "gisac: $T/bad.xml: line 3: unknown result 'maybe'" "$GISAC" scap import --agency moda "$T/bad.xml"
head -c 100000 "$T/arf.xml" >"$T/cut.xml"
check_status "a truncated file refused" 2 "$GISAC" scap import --agency moda "$T/cut.xml"
check_grep "truncated: the place" "$T/cut.xml: line " "$T/err"
printf '<x xmlns="urn:other"/>' >"$T/none.xml"
check_out "no TestResult" 2 "gisac: $T/none.xml: no XCCDF 1.2 TestResult in the document" "$GISAC" scap import --agency moda "$T/none.xml"
check_out "a good file before a bad one: nothing stored" 2 "gisac: $T/bad.xml: line 3: unknown result 'maybe'" "$GISAC" scap import --agency moda "$T/arf.xml" "$T/bad.xml"
check_eq "nothing stored of the refused files" "$before" "$(sql 'SELECT COUNT(*) FROM scap_scan')"
check_out "unknown agency" 2 "gisac: agency nope not found" "$GISAC" scap import --agency nope "$T/arf.xml"
check_out "no such host" 1 "gisac: host nohost not found" "$GISAC" scap show nohost
check_eq "imports audited" "$(sql 'SELECT COUNT(*) FROM scap_scan')" "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'scap.import'")"

finish
