#!/bin/sh
# intel export: every format, through the real validators, and round trips.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
S=$GISAC_SRCDIR/samples
export GISAC_NOW=2026-11-24T00:00:00Z
cp "$S/c2-sample.txt" "$T/sample.txt"
touch -d 2026-11-01T00:00:00Z "$T/sample.txt"
"$GISAC" feed import --source drill --tlp green --confidence 80 "$T/sample.txt" >/dev/null 2>&1
printf 'red-only.example\n198.51.100.200\n' >"$T/red.txt"
"$GISAC" feed import --source partner --tlp red "$T/red.txt" >/dev/null 2>&1
printf 'revoked.example\n' >"$T/rev.txt"
"$GISAC" feed import --source drill --tlp clear "$T/rev.txt" >/dev/null 2>&1
"$GISAC" intel revoke revoked.example --reason "a test" >/dev/null

# --- plain: exact, active only, TLP cut -----------------------------------
check_status "plain" 0 "$GISAC" intel export --format plain --max-tlp amber
cat >"$T/want" <<'W'
192.0.2.66
198.51.100.7
2001:db8:bad::1
203.0.113.0/24
c2.evil.example
drop.bad.test
update-check.malware.test
xn--bcher-c2-65a.example
http://phish.evil.example/login.php
https://cdn.bad.test/payload.bin
44d88612fea8a8f36de82e1278abb02f
3395856ce81f2b7382dee72602f798b642f14140
275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f
phisher@evil.example
W
check_eq "plain export, amber and below, no revoked/allowlisted" "$(cat "$T/want")" "$(cat "$T/out")"
check_status "plain all" 0 "$GISAC" intel export --format plain --max-tlp red
check_grep "red included with --max-tlp red" "red-only.example" "$T/out"
check_status "plain default" 0 "$GISAC" intel export --format plain
check_nogrep "red left out by default" "red-only.example" "$T/out"
check_status "plain clear" 0 "$GISAC" intel export --format plain --max-tlp clear
check_eq "nothing is clear" "" "$(cat "$T/out")"
check_status "plain type" 0 "$GISAC" intel export --format plain --type domain --max-tlp green
check_eq "domains only" "c2.evil.example
drop.bad.test
update-check.malware.test
xn--bcher-c2-65a.example" "$(cat "$T/out")"

# --- csv --------------------------------------------------------------------
check_status "csv" 0 "$GISAC" intel export --format csv -o "$T/out.csv"
check_eq "csv rows" 15 "$(wc -l <"$T/out.csv" | tr -d ' ')"

# --- rpz: named-checkzone --------------------------------------------------
check_status "rpz" 0 "$GISAC" intel export --format rpz -o "$T/gisac.rpz"
if command -v named-checkzone >/dev/null 2>&1; then
    check_status "named-checkzone" 0 named-checkzone rpz.gisac.example "$T/gisac.rpz"
else
    echo "skip: named-checkzone not installed"
fi
check_grep "rpz domain" "c2.evil.example CNAME ." "$T/gisac.rpz"
check_grep "rpz wildcard" "*.c2.evil.example CNAME ." "$T/gisac.rpz"
check_grep "rpz ip" "32.7.100.51.198.rpz-ip CNAME ." "$T/gisac.rpz"

# --- nft: nft -c -f ------------------------------------------------------
check_status "nft" 0 "$GISAC" intel export --format nft -o "$T/gisac.nft"
if command -v nft >/dev/null 2>&1 && nft -c -f /dev/null 2>/dev/null; then
    check_status "nft -c" 0 nft -c -f "$T/gisac.nft"
else
    echo "skip: nft -c unavailable"
fi
check_grep "nft v4 set" "198.51.100.7" "$T/gisac.nft"

# --- suricata ------------------------------------------------------------
check_status "suricata" 0 "$GISAC" intel export --format suricata -o "$T/suricata"
check_status "suricata rules" 0 test -s "$T/suricata/gisac.rules"
# the IP set loads in loaders written to Suricata 8's rule (IPv6 text only)
# and Suricata 7's, to the same keys: IPv4 as its 4 bytes then zeros
LOADER=$GISAC_SRCDIR/tests/suricata_dataset.py
KEYS="c0000242000000000000000000000000
c6336407000000000000000000000000
20010db80bad00000000000000000001"
check_status "suricata 8 loads gisac-ip.lst" 0 /usr/bin/python3 "$LOADER" --suricata 8 --type ip "$T/suricata/gisac-ip.lst"
check_eq "suricata 8 keys" "$KEYS" "$(cat "$T/out")"
check_status "suricata 7 loads gisac-ip.lst" 0 /usr/bin/python3 "$LOADER" --suricata 7 --type ip "$T/suricata/gisac-ip.lst"
check_eq "suricata 7: the same keys" "$KEYS" "$(cat "$T/out")"
printf '192.0.2.66\n' >"$T/plain-v4.lst"
check_status "suricata 8 refuses dotted IPv4 (the loader is strict)" 1 /usr/bin/python3 "$LOADER" --suricata 8 --type ip "$T/plain-v4.lst"
check_status "suricata 8 loads gisac-domains.lst" 0 /usr/bin/python3 "$LOADER" --suricata 8 --type string "$T/suricata/gisac-domains.lst"
check_grep "a domain key" "$(printf c2.evil.example | od -An -tx1 | tr -d ' \n')" "$T/out"
check_grep "dns.query lowered" "dns.query; to_lowercase; dataset:isset,gisac-domains" "$T/suricata/gisac.rules"
check_grep "tls.sni lowered" "tls.sni; to_lowercase; dataset:isset,gisac-domains" "$T/suricata/gisac.rules"
check_status "suricata dir needs -o" 2 "$GISAC" intel export --format suricata

# --- stix: OASIS schemas, and back again ------------------------------------
check_status "stix" 0 "$GISAC" intel export --format stix --max-tlp amber -o "$T/bundle.json"
check_eq "stix indicator count" 14 "$(json_get "$T/bundle.json" 'sum(1 for o in d["objects"] if o["type"]=="indicator")')"
if have_shared && /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
    check_status "stix schema validation" 0 /usr/bin/python3 "$GISAC_SRCDIR/scripts/stix_validate.py" \
        "$SHARED/data/stix2.1-schemas" "$T/bundle.json"
else
    echo "skip: STIX schemas ($SHARED/data) or python3-jsonschema absent"
fi
GISAC_DB="$T/rt.db" "$GISAC" feed import "$T/bundle.json" >/dev/null 2>&1
"$GISAC" intel list --active | awk -F'\t' '$4 != "tlp:red"' | cut -f1,2,4 >"$T/a"
GISAC_DB="$T/rt.db" "$GISAC" intel list --active | cut -f1,2,4 >"$T/b"
check_eq "stix round trip: same set, same TLP" "$(cat "$T/a")" "$(cat "$T/b")"
GISAC_DB="$T/rt.db" "$GISAC" intel search c2.evil.example --json >"$T/rt.json"
check_eq "stix round trip keeps confidence" 80 "$(json_get "$T/rt.json" 'd["hits"][0]["indicator"]["confidence"]')"
"$GISAC" intel search c2.evil.example --json >"$T/orig.json"
check_eq "stix round trip keeps the id" "$(json_get "$T/orig.json" 'd["hits"][0]["indicator"]["id"]')" \
    "$(json_get "$T/rt.json" 'd["hits"][0]["indicator"]["id"]')"

# --- misp feed directory, and back again ---------------------------------
check_status "misp" 0 "$GISAC" intel export --format misp -o "$T/misp"
check_status "misp manifest" 0 test -s "$T/misp/manifest.json"
check_status "misp hashes" 0 test -s "$T/misp/hashes.csv"
for u in $(json_get "$T/misp/manifest.json" '" ".join(d.keys())'); do
    check_status "misp event file $u" 0 test -s "$T/misp/$u.json"
done
GISAC_DB="$T/rt2.db" "$GISAC" feed import "$T/misp" >/dev/null 2>&1
"$GISAC" intel list --active | awk -F'\t' '$4 != "tlp:red"' | cut -f1,2,4 >"$T/a"
GISAC_DB="$T/rt2.db" "$GISAC" intel list --active | cut -f1,2,4 >"$T/b"
check_eq "misp round trip: same set, same TLP" "$(cat "$T/a")" "$(cat "$T/b")"

# --- atomic output: a failed export leaves the old file ---------------------
echo "old" >"$T/keep.txt"
check_status "export to missing dir" 2 "$GISAC" intel export --format plain -o "$T/no/such/dir/x.txt"
check_status "bad format" 2 "$GISAC" intel export --format pdf
finish
