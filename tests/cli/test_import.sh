#!/bin/sh
# Feed import, merging, strictness, search, revoke and the allowlist,
# driven through the command line with exact expected outputs.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
S=$GISAC_SRCDIR/samples
export GISAC_NOW=2026-11-24T00:00:00Z

cp "$S/c2-sample.txt" "$T/sample.txt"
touch -d 2026-11-01T00:00:00Z "$T/sample.txt"

# --- first import: exact counts ---------------------------------------
check_status "import sample" 0 "$GISAC" feed import --source drill --tlp green --confidence 80 --json "$T/sample.txt"
cp "$T/out" "$T/sum1.json"
check_eq "imported" 14 "$(json_get "$T/sum1.json" 'd["imported"]')"
check_eq "allowlisted" 1 "$(json_get "$T/sum1.json" 'd["allowlisted"]')"
check_eq "rejected" 0 "$(json_get "$T/sum1.json" 'd["rejected"]')"
check_eq "records" 15 "$(json_get "$T/sum1.json" 'd["records"]')"
check_grep "allowlist warning names the place" "sample.txt:20: warning: ipv4 10.20.30.40 is allowlisted (10.0.0.0/8)" "$T/err"

check_status "stats" 0 "$GISAC" intel stats --json
check_eq "by_type" "{'ipv4': 2, 'ipv6': 1, 'cidr': 1, 'domain': 4, 'url': 2, 'md5': 1, 'sha1': 1, 'sha256': 1, 'email': 1, 'x509-sha256': 0, 'android-package': 0}" \
    "$(json_get "$T/out" 'd["by_type"]')"
check_eq "active" 14 "$(json_get "$T/out" 'd["active"]')"
check_eq "by_source" "{'drill': 14}" "$(json_get "$T/out" 'd["by_source"]')"

# --- normal forms as stored --------------------------------------------
check_status "list" 0 "$GISAC" intel list --active
cut -f1,2 "$T/out" >"$T/values"
cat >"$T/want" <<'W'
ipv4	192.0.2.66
ipv4	198.51.100.7
ipv6	2001:db8:bad::1
cidr	203.0.113.0/24
domain	c2.evil.example
domain	drop.bad.test
domain	update-check.malware.test
domain	xn--bcher-c2-65a.example
url	http://phish.evil.example/login.php
url	https://cdn.bad.test/payload.bin
md5	44d88612fea8a8f36de82e1278abb02f
sha1	3395856ce81f2b7382dee72602f798b642f14140
sha256	275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f
email	phisher@evil.example
W
check_eq "stored normal forms" "$(cat "$T/want")" "$(cat "$T/values")"

# --- re-import changes nothing --------------------------------------------
"$GISAC" intel list --json >"$T/list-before"
check_status "re-import" 0 "$GISAC" feed import --source drill --tlp green --confidence 80 --json "$T/sample.txt"
check_eq "re-import imported" 0 "$(json_get "$T/out" 'd["imported"]')"
check_eq "re-import merged" 0 "$(json_get "$T/out" 'd["merged"]')"
check_eq "re-import unchanged" 15 "$(json_get "$T/out" 'd["unchanged"]')"
"$GISAC" intel list --json >"$T/list-after"
check_eq "re-import leaves every row as it was" "$(cat "$T/list-before")" "$(cat "$T/list-after")"

# --- search ----------------------------------------------------------------
check_status "search sub-domain" 0 "$GISAC" intel search A.C2.Evil.Example.
check_eq "parent domain hit" "parent-domain	domain	c2.evil.example	active	tlp:green	80	drill" "$(cat "$T/out")"
check_status "search notevil" 1 "$GISAC" intel search notevil.example
check_status "search evil.example (parent of a listed name, not under it)" 0 "$GISAC" intel search evil.example
check_eq "evil.example: only the address at it, no name under it" "email-at-domain	email	phisher@evil.example	active	tlp:green	80	drill" "$(cat "$T/out")"
check_status "search inside cidr" 0 "$GISAC" intel search 203.0.113.9
check_eq "covering cidr" "covering-cidr	cidr	203.0.113.0/24	active	tlp:green	80	drill" "$(cat "$T/out")"
check_status "search url host" 0 "$GISAC" intel search 'hxxps://x.drop.bad[.]test/a'
check_eq "url host hit" "url-host	domain	drop.bad.test	active	tlp:green	80	drill" "$(cat "$T/out")"
check_status "search defanged exact" 0 "$GISAC" intel search '198.51.100[.]7'
check_eq "exact" "exact	ipv4	198.51.100.7	active	tlp:green	80	drill" "$(cat "$T/out")"
check_status "search bad value" 2 "$GISAC" intel search '1.2.3.4.5/99'

# --- merging across sources ---------------------------------------------------
printf '198.51.100.7\n198.51.100.99\n' >"$T/partner.txt"
touch -d 2026-11-10T00:00:00Z "$T/partner.txt"
printf '198.51.100.7\n' >"$T/old.txt"
touch -d 2026-10-01T00:00:00Z "$T/old.txt"
check_status "merge import" 0 "$GISAC" feed import --json --tlp red --confidence 90 "$T/partner.txt" "$T/old.txt"
check_eq "merge imported" 1 "$(json_get "$T/out" 'd["imported"]')"
check_eq "merge merged" 1 "$(json_get "$T/out" 'd["merged"]')"
check_eq "merge duplicates" 1 "$(json_get "$T/out" 'd["duplicates"]')"
check_status "search merged" 0 "$GISAC" intel search --json 198.51.100.7
check_eq "merged fields" "red 90 2026-10-01T00:00:00Z 2026-11-10T00:00:00Z" \
    "$(json_get "$T/out" '" ".join(str(x) for x in [d["hits"][0]["indicator"][k] for k in ("tlp","confidence","first_seen","last_seen")])')"
check_eq "merged sources" "drill 2026-11-01T00:00:00Z 2026-11-01T00:00:00Z|old.txt 2026-10-01T00:00:00Z 2026-10-01T00:00:00Z|partner.txt 2026-11-10T00:00:00Z 2026-11-10T00:00:00Z" \
    "$(json_get "$T/out" '"|".join(s["name"]+" "+s["first_seen"]+" "+s["last_seen"] for s in d["hits"][0]["sources"])')"
# a less strict, less confident source changes neither
printf '198.51.100.7\n' >"$T/weak.txt"
touch -d 2026-11-05T00:00:00Z "$T/weak.txt"
"$GISAC" feed import --tlp clear --confidence 10 "$T/weak.txt" >/dev/null 2>&1
check_status "search after weak" 0 "$GISAC" intel search --json 198.51.100.7
check_eq "weak source keeps tlp and confidence" "red 90" \
    "$(json_get "$T/out" 'd["hits"][0]["indicator"]["tlp"]+" "+str(d["hits"][0]["indicator"]["confidence"])')"

# --- --valid-days ------------------------------------------------------------
printf 'old-c2.example\n' >"$T/expiring.txt"
touch -d 2026-11-01T00:00:00Z "$T/expiring.txt"
"$GISAC" feed import --valid-days 10 "$T/expiring.txt" >/dev/null 2>&1
check_status "expired search" 0 "$GISAC" intel search old-c2.example
check_grep "expired after valid-days" "expired" "$T/out"
GISAC_NOW=2026-11-05T00:00:00Z "$GISAC" intel search old-c2.example >"$T/out"
check_grep "active within valid-days" "active" "$T/out"

# valid_until: the latest wins, whichever order the sources come in
printf 'long-lived.example\n' >"$T/v30.txt"
printf 'long-lived.example\n' >"$T/v10.txt"
touch -d 2026-11-01T00:00:00Z "$T/v30.txt" "$T/v10.txt"
"$GISAC" feed import --source a --valid-days 30 "$T/v30.txt" >/dev/null 2>&1
"$GISAC" feed import --source b --valid-days 10 "$T/v10.txt" >/dev/null 2>&1
"$GISAC" intel search --json long-lived.example >"$T/vu.json"
check_eq "valid_until is the latest" "2026-12-01T00:00:00Z" "$(json_get "$T/vu.json" 'd["hits"][0]["indicator"]["valid_until"]')"

# no expiry from one source outlives any date from another
printf 'forever.example\n' >"$T/f1.txt"
printf 'forever.example\n' >"$T/f2.txt"
touch -d 2020-01-01T00:00:00Z "$T/f2.txt"
"$GISAC" feed import --source a "$T/f1.txt" >/dev/null 2>&1
"$GISAC" feed import --source b --valid-days 30 "$T/f2.txt" >/dev/null 2>&1
"$GISAC" intel search --json forever.example >"$T/fe.json"
check_eq "no expiry wins the merge" "None active" \
    "$(json_get "$T/fe.json" 'str(d["hits"][0]["indicator"]["valid_until"])+" "+d["hits"][0]["indicator"]["status"]')"

# two imports at once into an empty database both succeed
/usr/bin/python3 -c 'print("\n".join("c%d.parallel.example" % i for i in range(20000)))' >"$T/par.txt"
GISAC_DB="$T/par.db" "$GISAC" feed import --source p1 "$T/par.txt" >"$T/p1.out" 2>&1 &
p1=$!
GISAC_DB="$T/par.db" "$GISAC" feed import --source p2 "$T/par.txt" >"$T/p2.out" 2>&1
s2=$?
wait "$p1"
s1=$?
check_eq "parallel imports succeed" "0 0" "$s1 $s2"
GISAC_DB="$T/par.db" "$GISAC" intel stats --json >"$T/par.json"
check_eq "parallel imports give one row each" "20000 {'p1': 20000, 'p2': 20000}" \
    "$(json_get "$T/par.json" 'str(d["total"])+" "+str(d["by_source"])')"

# --- rejections, --strict and failed imports leave the database as it was ----
printf 'good.example\n999.1.1.1\nbad_label.example\n' >"$T/mixed.txt"
"$GISAC" intel list --json >"$T/l0"
check_status "strict import" 2 "$GISAC" feed import --strict "$T/mixed.txt"
check_grep "strict names line 2" "mixed.txt:2:" "$T/err"
check_grep "strict names line 3" "mixed.txt:3:" "$T/err"
check_grep "strict says nothing imported" "nothing was imported" "$T/err"
"$GISAC" intel list --json >"$T/l1"
check_eq "strict wrote nothing" "$(cat "$T/l0")" "$(cat "$T/l1")"
printf '{"type": "bundle", "id": "bundle--1",\n "objects": [\n  {"type": "indicator",, }\n]}\n' >"$T/broken.json"
printf 'also-good.example\n' >"$T/good-too.txt"
check_status "malformed json after a good file" 2 "$GISAC" feed import "$T/good-too.txt" "$T/broken.json"
check_grep "json error has line and column" "broken.json:3:" "$T/err"
"$GISAC" intel list --json >"$T/l2"
check_eq "failed import wrote nothing" "$(cat "$T/l0")" "$(cat "$T/l2")"
check_status "non-strict import" 0 "$GISAC" feed import --json "$T/mixed.txt"
check_eq "non-strict imported" 1 "$(json_get "$T/out" 'd["imported"]')"
check_eq "non-strict rejected" 2 "$(json_get "$T/out" 'd["rejected"]')"

# --- CIDR host bits ---------------------------------------------------------
printf '198.51.100.77/25\n' >"$T/hostbits.txt"
check_status "host bits" 0 "$GISAC" feed import "$T/hostbits.txt"
check_grep "host bits warning" "hostbits.txt:1: warning:" "$T/err"
check_status "host bits normalised" 0 "$GISAC" intel search 198.51.100.0/25
check_grep "stored as network" "exact	cidr	198.51.100.0/25" "$T/out"

# --- revoke -------------------------------------------------------------------
check_out "revoke without a reason" 2 "gisac: --reason: give why (a text)" "$GISAC" intel revoke 'hxxp://phish.evil[.]example/login.php'
check_status "revoke" 0 "$GISAC" intel revoke 'hxxp://phish.evil[.]example/login.php' --reason "phishing kit taken down"
check_status "revoked status" 0 "$GISAC" intel search http://phish.evil.example/login.php
check_grep "revoked" "exact	url	http://phish.evil.example/login.php	revoked" "$T/out"
check_out "revoke again: exit 1" 1 "gisac: http://phish.evil.example/login.php is revoked already" "$GISAC" intel revoke http://phish.evil.example/login.php --reason again
check_status "revoke unknown" 1 "$GISAC" intel revoke never-seen.example --reason x
check_eq "the reason is audited" '{"type":"url","reason":"phishing kit taken down"}' "$("$GISAC" audit list --action indicator.revoke --json | tail -1 | json_get /dev/stdin 'json.dumps(d["detail"], separators=(",", ":"))')"
check_status "re-import does not revive a revoked indicator" 0 "$GISAC" feed import --source drill --tlp green --confidence 80 "$T/sample.txt"
"$GISAC" intel search http://phish.evil.example/login.php >"$T/out"
check_grep "still revoked" "revoked" "$T/out"
check_out "restore" 0 "restored http://phish.evil.example/login.php" "$GISAC" intel restore http://phish.evil.example/login.php --reason "the kit is back"
check_status "restored status" 0 "$GISAC" intel search http://phish.evil.example/login.php
check_grep "active again" "exact	url	http://phish.evil.example/login.php	active" "$T/out"
check_out "restore again: exit 1" 1 "gisac: http://phish.evil.example/login.php is not revoked" "$GISAC" intel restore http://phish.evil.example/login.php --reason again

# --- allowlist -----------------------------------------------------------------
check_status "allow add" 0 "$GISAC" allow add evil.example --comment "test"
check_eq "allow add flags covered" "allowlisted evil.example (1 indicator now inactive)" "$(cat "$T/out")"
"$GISAC" intel search c2.evil.example >"$T/out"
check_grep "allowlisted status" "allowlisted" "$T/out"
check_status "allow remove" 0 "$GISAC" allow remove evil.example
check_eq "allow remove unflags" "removed evil.example (1 indicator active again)" "$(cat "$T/out")"
check_status "allow remove builtin private range" 0 "$GISAC" allow remove 10.0.0.0/8
check_eq "private address active once its range is removed" "removed 10.0.0.0/8 (1 indicator active again)" "$(cat "$T/out")"
check_status "allow list" 0 "$GISAC" allow list
check_grep "builtin resolver listed" "ipv4	101.101.101.101	builtin	TWNIC Quad101" "$T/out"
check_status "allow add dup" 2 "$GISAC" allow add 8.8.8.8

# --- MISP: the source is the organisation that made the event (Orgc) ----------------------
cat >"$T/misp-orgs.json" <<'EOF'
{"response":[
 {"Event":{"info":"made by CERT-EX","Orgc":{"name":"CERT-EX"},"Org":{"name":"HOLDER"},
   "Attribute":[{"type":"domain","value":"orgc-one.example","to_ids":true},
                {"type":"ip-dst","value":"999.1.1.1","to_ids":true}]}},
 {"Event":{"info":"claims an agency","Orgc":{"name":"agency:moda"},
   "Attribute":[{"type":"domain","value":"orgc-two.example","to_ids":true}]}},
 {"Event":{"info":"no Orgc","Org":{"name":"HOLDER"},
   "Attribute":[{"type":"domain","value":"orgc-three.example","to_ids":true}]}}
]}
EOF
check_status "misp import, sources from Orgc" 0 "$GISAC" feed import --format misp "$T/misp-orgs.json"
check_grep "rejection names the file, the JSON path and the value" 'misp-orgs.json: $.response[0].Event.Attribute[1]: bad IPv4 address: octet '"'"'999'"'"' out of range (value "999.1.1.1")' "$T/err"
check_eq "Orgc is the source; an agency's name is not taken; no Orgc: the file" \
    "CERT-EX orgc-one.example|misp-orgs.json orgc-three.example|misp-orgs.json orgc-two.example" \
    "$("$GISAC" intel list --type domain --json | /usr/bin/python3 -c 'import json,sys; print("|".join(sorted(",".join(d["sources"])+" "+d["value"] for d in map(json.loads, sys.stdin) if d["value"].startswith("orgc-"))))')"
check_status "misp import with --source" 0 "$GISAC" feed import --format misp --source liaison "$T/misp-orgs.json"
check_eq "--source names the source, whatever Orgc says" "CERT-EX,liaison
liaison,misp-orgs.json" \
    "$("$GISAC" intel list --type domain --source liaison | cut -f6 | sort -u)"

# --- STIX: one object, several values; a bad side of an OR leaves the others --------------
cat >"$T/or.json" <<'EOF'
{"type":"bundle","id":"bundle--5d0092c5-5f74-4f6f-b5b3-1a4b5d0c0c11","objects":[
{"type":"indicator","spec_version":"2.1","id":"indicator--51111111-1111-4111-8111-111111111111","created":"2026-01-01T00:00:00Z","modified":"2026-01-01T00:00:00Z","pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z",
 "pattern":"[domain-name:value = 'two-a.example'] OR [domain-name:value = 'two-b.example'] OR [ipv4-addr:value = '192.0.2.9' AND]"}]}
EOF
check_status "stix: OR with a bad side" 0 "$GISAC" feed import --format stix --json "$T/or.json"
check_eq "stix: both good sides imported, the bad one rejected" "2 1" "$(json_get "$T/out" 'str(d["imported"])+" "+str(d["rejected"])')"
check_eq "stix: the object's id is its first value's; the other has its own" \
    "indicator--51111111-1111-4111-8111-111111111111 two-a.example|indicator--$(/usr/bin/python3 -c 'import uuid; print(uuid.uuid5(uuid.UUID("6a1c2e4f-830b-4c1d-9e55-1f7a3c60d291"), "domain:two-b.example"))') two-b.example" \
    "$("$GISAC" intel list --type domain --json | /usr/bin/python3 -c 'import json,sys; print("|".join(d["id"]+" "+d["value"] for d in map(json.loads, sys.stdin) if d["value"].startswith("two-")))')"

# --- usage errors -------------------------------------------------------------
check_status "unknown option" 2 "$GISAC" feed import --bogus x
check_status "bad tlp" 2 "$GISAC" feed import --tlp purple "$T/sample.txt"
check_status "no file" 2 "$GISAC" feed import
check_status "missing file" 2 "$GISAC" feed import "$T/nope.txt"
check_grep "missing file named" "nope.txt" "$T/err"
check_status "version" 0 "$GISAC" --version
check_grep "version text" "gisac " "$T/out"
for c in "feed import" "intel search" "intel list" "intel stats" "intel revoke" "intel export" "allow"; do
    # shellcheck disable=SC2086
    check_status "$c --help" 0 "$GISAC" $c --help
    check_grep "$c help text" "usage: gisac" "$T/out"
done

finish
