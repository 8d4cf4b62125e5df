#!/bin/sh
# gisac asset import of the line formats (docs/asset.md): a dpkg status
# file (the sample and this machine's own), CSV inventories, their errors
# as FILE:LINE, a re-import's history, the distribution's own fixed
# versions matched on the source package, and the API's distro parameter.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_NOW=2026-11-24T00:00:00Z
S=$GISAC_SRCDIR/samples/vuln

"$GISAC" agency add moda --name "Ministry" --grade A >/dev/null

# --- dpkg status ------------------------------------------------------------
check_status "dpkg: no host" 2 "$GISAC" asset import --agency moda "$S/mail01.dpkg-status"
check_eq "dpkg: no host message" "gisac: $S/mail01.dpkg-status: no host name (give --host)" "$(cat "$T/err")"
check_status "dpkg: bad distro" 2 "$GISAC" asset import --agency moda --host mail01 --distro bookworm "$S/mail01.dpkg-status"
check_eq "bad distro message" "gisac: $S/mail01.dpkg-status: distro 'bookworm': NAME-RELEASE expected (debian-12, ubuntu-22.04)" "$(cat "$T/err")"
check_status "dpkg import" 0 "$GISAC" asset import --agency moda --host mail01 --distro debian-12 "$S/mail01.dpkg-status"
check_eq "dpkg summary" "$S/mail01.dpkg-status: host mail01: 4 components (4 added, 0 removed)" "$(cat "$T/out")"
check_status "dpkg list" 0 "$GISAC" asset list --host mail01
check_eq "installed packages, keyed by source" "moda	mail01	libssl3	3.0.9-1+b1	pkg:deb/debian/libssl3@3.0.9-1%2Bb1?arch=amd64&upstream=openssl%403.0.9-1&distro=debian-12
moda	mail01	nginx	1.22.1-9	pkg:deb/debian/nginx@1.22.1-9?arch=amd64&upstream=nginx&distro=debian-12
moda	mail01	openssl	3.0.11-1~deb12u2	pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&upstream=openssl&distro=debian-12
moda	mail01	tzdata	2024a-0+deb12u1	pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?arch=all&upstream=tzdata&distro=debian-12" "$(cat "$T/out")"
check_status "by source package" 0 "$GISAC" asset list --component pkg:deb/debian/x?upstream=openssl
check_eq "libssl3 and openssl" "libssl3 openssl" "$(cut -f3 "$T/out" | tr '\n' ' ' | sed 's/ $//')"

# the distribution's fixed version, compared with the source version
"$GISAC" vuln import "$S/records/DSA-test-openssl.json" >/dev/null
check_status "affected" 0 "$GISAC" vuln affected --host mail01
check_eq "libssl3 (source 3.0.9-1) affected, openssl 3.0.11-1~deb12u2 fixed" "moda	mail01	libssl3 3.0.9-1+b1	CVE-2099-0002	affected	-
    why: DSA-9999-1 \$.affected[0].ranges[0]: introduced 0 <= 3.0.9-1 < fixed 3.0.11-1~deb12u1 (debian)
moda	mail01	nginx 1.22.1-9	CVE-2099-0002	affected	-
    why: DSA-9999-1 \$.affected[1].ranges[0]: introduced 0 <= 1.22.1-9 < fixed 1.22.1-9+deb12u1 (debian)" "$(cat "$T/out")"

# a re-import: the upgrade and the removal are the host's history
sed -e 's/^Source: openssl (3.0.9-1)$/Source: openssl/' -e 's/^Version: 3.0.9-1+b1$/Version: 3.0.11-1~deb12u2/' \
    -e 's/^Package: tzdata$/Package: tzdata\nStatus: deinstall ok config-files/' "$S/mail01.dpkg-status" |
    awk '!(/^Status: install ok installed$/ && prev ~ /^Status: deinstall/) {print} {prev=$0}' >"$T/mail01.v2"
check_status "re-import" 0 "$GISAC" asset import --agency moda --host mail01 --distro debian-12 "$T/mail01.v2"
check_eq "re-import summary" "$T/mail01.v2: host mail01: 3 components (1 added, 2 removed)" "$(cat "$T/out")"
check_status "history" 0 "$GISAC" asset history --host mail01
check_eq "what appeared and what went" "added libssl3 3.0.11-1~deb12u2
removed libssl3 3.0.9-1+b1
removed tzdata 2024a-0+deb12u1" "$(tail -3 "$T/out" | cut -f4,5,6 | tr '\t' ' ')"
check_status "libssl3 fixed" 0 "$GISAC" vuln affected --host mail01
check_eq "only nginx left" "nginx" "$(grep -c libssl3 "$T/out" | sed 's/^0$/nginx/')"

# bad status files name their line
printf 'Package: a\nStatus: install ok installed\nVersion: 1:\n' >"$T/bad.status"
check_status "dpkg: bad version" 2 "$GISAC" asset import --agency moda --host h "$T/bad.status"
check_eq "FILE:LINE" "gisac: $T/bad.status:3: package a: Version: version '1:': empty upstream version" "$(cat "$T/err")"

# this machine's own status file: every installed package, as dpkg-query counts them
if [ -r /var/lib/dpkg/status ] && command -v dpkg-query >/dev/null; then
    n=$(dpkg-query -W -f='${Status}\n' | grep -cE '^(install|hold) ok installed$')
    check_status "the machine's own dpkg status" 0 "$GISAC" asset import --agency moda --host self --distro debian-12 /var/lib/dpkg/status
    check_eq "every installed package" "/var/lib/dpkg/status: host self: $n components ($n added, 0 removed)" "$(cat "$T/out")"
    check_status "list self" 0 "$GISAC" asset list --host self
    check_eq "dpkg-query's versions" "$(dpkg-query -W -f='${db:Status-Abbrev} ${Package} ${Version}\n' | awk '$1 ~ /^[ih]i/ {print $2, $3}' | sort -u)" "$(cut -f3,4 "$T/out" | tr '\t' ' ' | sort -u)"
fi

# --- CSV ----------------------------------------------------------------------
check_status "csv import" 0 "$GISAC" asset import --agency moda "$S/office.csv"
check_eq "csv summary" "$S/office.csv: host office.csv: 4 components (4 added, 0 removed)" "$(cat "$T/out")"
check_status "csv list" 0 "$GISAC" asset list --host office.csv --json
check_eq "CPE made from vendor and product" "Office, Professional Plus 2019 cpe:2.3:a:microsoft_corporation:office\\,_professional_plus:2019:*:*:*:*:*:*:*" "$(grep Office "$T/out" | json_get /dev/stdin 'd["name"]+" "+d["version"]+" "+d["cpe"]')"
printf 'vendor,product,version,cpe,purl\nacme,widget,1.0,,\nacme,"gadget\n2",1.0,,\nacme,tool,2.0,cpe:2.3:a:acme,\n' >"$T/bad.csv"
check_status "csv: bad CPE" 2 "$GISAC" asset import --agency moda "$T/bad.csv"
check_eq "csv FILE:LINE" "gisac: $T/bad.csv:5: cpe: CPE 2.3: 13 parts expected, 4 found" "$(cat "$T/err")"
printf 'acme,widget,1.0\n' >"$T/short.csv"
check_status "csv: three fields" 2 "$GISAC" asset import --agency moda "$T/short.csv"
check_eq "csv fields message" "gisac: $T/short.csv:1: 3 fields; 5 expected (vendor,product,version,cpe,purl)" "$(cat "$T/err")"
check_status "nothing of a bad file kept" 1 "$GISAC" asset list --host bad.csv

# --- the API ------------------------------------------------------------------
officer_api off-moda moda
check_eq "API: dpkg with distro" 200 "$(req p1 -H "$H" -H "$OCT" --data-binary @"$S/mail01.dpkg-status" "$A/assets?host=mail02&distro=ubuntu-22.04")"
check_eq "API answer" "moda mail02 4 4 0" "$(json_get "$T/p1.body" '" ".join(str(d[k]) for k in ("agency","host","components","added","removed"))')"
check_eq "API: the distro's namespace" 200 "$(req p2 -H "$H" "$A/assets?host=mail02&component=pkg:deb/ubuntu/tzdata")"
check_eq "ubuntu purl" "pkg:deb/ubuntu/tzdata@2024a-0%2Bdeb12u1?arch=all&upstream=tzdata&distro=ubuntu-22.04" "$(json_get "$T/p2.body" 'd["components"][0]["purl"]')"
check_eq "API: bad CSV" 422 "$(req p3 -H "$H" -H "$OCT" --data-binary @"$T/short.csv" "$A/assets?host=x")"
check_eq "API: the line named" "invalid: line 1: 3 fields; 5 expected (vendor,product,version,cpe,purl)" "$(err p3)"
serve_stop

finish
