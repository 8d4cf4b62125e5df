#!/bin/sh
# Exports and feeds are a function of the data: the same bytes at any clock
# time while nothing changed; the RPZ serial grows with every change (an
# expiry too); MISP feeds carry what left as deleted attributes.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
S=$GISAC_SRCDIR/samples
FORMATS="plain csv stix rpz nft zeek misp suricata"

# export_all DIR: every format into DIR/FORMAT (a file, or a directory)
export_all() {
    mkdir -p "$1"
    for f in $FORMATS; do
        "$GISAC" intel export --format "$f" --max-tlp red -o "$1/$f" >/dev/null 2>"$T/export.err" ||
            fail "export $f: $(cat "$T/export.err")"
    done
}
serial() { sed -n 's/^@ SOA localhost\. hostmaster\.localhost\. \([0-9]*\) .*/\1/p' "$1/rpz"; }
# misp_attr DIR LEVEL VALUE EXPR: EXPR (python, on the attribute a) of VALUE in the
# event of LEVEL ("none" when absent)
misp_attr() {
    /usr/bin/python3 - "$@" <<'PY'
import json, os, sys
d, level, value, expr = sys.argv[1:5]
man = json.load(open(os.path.join(d, "misp", "manifest.json")))
for uuid, e in man.items():
    if e["info"] != "gisac export TLP:" + level:
        continue
    ev = json.load(open(os.path.join(d, "misp", uuid + ".json")))["Event"]
    for a in ev["Attribute"]:
        if a["value"] == value:
            v = eval(expr)
            print(" ".join(str(x) for x in v) if isinstance(v, tuple) else v)
            sys.exit(0)
print("none")
PY
}

export GISAC_NOW=2026-11-24T00:00:00Z
cp "$S/c2-sample.txt" "$T/sample.txt"
"$GISAC" feed import --source drill --tlp green --confidence 80 "$T/sample.txt" >/dev/null 2>&1
printf 'moved.example\n192.0.2.5\n' >"$T/a.txt"
"$GISAC" feed import --source partner --tlp green "$T/a.txt" >/dev/null 2>&1
cat >"$T/expiring.json" <<'J'
{"type": "bundle", "id": "bundle--0b2c3d4e-5f60-4718-9a2b-3c4d5e6f7081", "objects": [
 {"type": "indicator", "spec_version": "2.1",
  "id": "indicator--1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7081",
  "created": "2026-11-20T00:00:00.000Z", "modified": "2026-11-20T00:00:00.000Z",
  "pattern": "[domain-name:value = 'short-lived.example']", "pattern_type": "stix",
  "valid_from": "2026-11-20T00:00:00Z", "valid_until": "2026-11-26T12:00:00Z"}]}
J
check_status "stix import" 0 "$GISAC" feed import --source stixfeed --tlp green --format stix "$T/expiring.json"

# --- no change: the same bytes at another clock time ---------------------------
GISAC_NOW=2026-11-24T08:00:00Z export_all "$T/a"
GISAC_NOW=2026-11-25T19:30:00Z export_all "$T/b"
for f in $FORMATS; do
    check_status "$f: the same bytes a day later" 0 diff -r "$T/a/$f" "$T/b/$f"
done
# importing the same file again changes nothing: the same bytes
GISAC_NOW=2026-11-25T20:00:00Z "$GISAC" feed import --source drill --tlp green --confidence 80 "$T/sample.txt" >"$T/again" 2>&1
check_grep "nothing new" "imported 0, merged 0, unchanged 15" "$T/again"
GISAC_NOW=2026-11-25T21:00:00Z export_all "$T/b2"
check_status "an unchanged import moves nothing" 0 diff -r "$T/a" "$T/b2"
S1=$(serial "$T/a")
check_grep "generated = the data's last change" "generated 2026-11-24T00:00:00Z" "$T/a/rpz"
check_grep "nft: the same time" "generated 2026-11-24T00:00:00Z" "$T/a/nft"
check_eq "misp event time = its latest attribute" "$(misp_attr "$T/a" GREEN moved.example 'a["timestamp"]')" \
    "$(/usr/bin/python3 -c 'import json,sys; print(list(json.load(open(sys.argv[1])).values())[0]["timestamp"])' "$T/a/misp/manifest.json")"
# bind9-utils and nftables come with scripts/deps.sh; nft -c needs CAP_NET_ADMIN
check_status "named-checkzone" 0 named-checkzone rpz.gisac.example "$T/a/rpz"
if nft -c -f /dev/null 2>/dev/null; then
    check_status "nft -c" 0 nft -c -f "$T/a/nft"
else
    echo "skip: nft -c needs CAP_NET_ADMIN"
fi

# --- a revocation and a TLP move: a new serial, deleted attributes -------------
GISAC_NOW=2026-11-26T00:00:00Z "$GISAC" intel revoke 192.0.2.5 --reason "sinkholed" >/dev/null
printf 'moved.example\n' >"$T/b.txt"
GISAC_NOW=2026-11-26T00:00:00Z "$GISAC" feed import --source partner --tlp amber "$T/b.txt" >/dev/null 2>&1
GISAC_NOW=2026-11-26T01:00:00Z export_all "$T/c"
S2=$(serial "$T/c")
check_eq "the serial grew" 1 "$([ "$S2" -gt "$S1" ] && echo 1)"
check_grep "generated = the change" "generated 2026-11-26T00:00:00Z" "$T/c/rpz"
check_eq "before: 192.0.2.5 active in green" "None True" "$(misp_attr "$T/a" GREEN 192.0.2.5 'a.get("deleted"), a["to_ids"]')"
check_eq "revoked: deleted in green, newer timestamp" "True False 1795651200" \
    "$(misp_attr "$T/c" GREEN 192.0.2.5 'a.get("deleted"), a["to_ids"], a["timestamp"]')"
check_eq "moved: deleted in green" "True" "$(misp_attr "$T/c" GREEN moved.example 'a.get("deleted")')"
check_eq "moved: active in amber" "None" "$(misp_attr "$T/c" AMBER moved.example 'a.get("deleted")')"
U_GREEN=$(misp_attr "$T/c" GREEN moved.example 'a["uuid"]')
U_AMBER=$(misp_attr "$T/c" AMBER moved.example 'a["uuid"]')
check_eq "moved: the same green uuid as before" "$(misp_attr "$T/a" GREEN moved.example 'a["uuid"]')" "$U_GREEN"
check_eq "moved: another uuid in amber" 1 "$([ "$U_GREEN" != "$U_AMBER" ] && echo 1)"
check_nogrep "revoked: not in plain" "^192.0.2.5$" "$T/c/plain"
check_nogrep "revoked: not in the other event files' hashes" "$(printf 192.0.2.5 | md5sum | cut -c1-32)" "$T/c/misp/hashes.csv"

# --- an expiry is a change too -----------------------------------------------------
GISAC_NOW=2026-11-26T11:00:00Z export_all "$T/d"
check_status "before the expiry: unchanged" 0 diff -r "$T/c" "$T/d"
GISAC_NOW=2026-11-27T00:00:00Z export_all "$T/e"
S3=$(serial "$T/e")
check_eq "expired: the serial grew" 1 "$([ "$S3" -gt "$S2" ] && echo 1)"
check_grep "expired: generated = valid_until" "generated 2026-11-26T12:00:00Z" "$T/e/rpz"
check_nogrep "expired: not in rpz" "^short-lived.example" "$T/e/rpz"
check_eq "expired: deleted in green at valid_until" "True 1795694400" \
    "$(misp_attr "$T/e" GREEN short-lived.example 'a.get("deleted"), a["timestamp"]')"
GISAC_NOW=2026-11-29T00:00:00Z export_all "$T/f"
check_status "after the expiry: unchanged" 0 diff -r "$T/e" "$T/f"

# --- the retention: policy misp_deleted_days -----------------------------------------
printf '{"misp_deleted_days": 0}\n' >"$T/p0.json"
check_status "policy without deleted attributes" 0 "$GISAC" policy set "$T/p0.json"
GISAC_NOW=2026-11-29T00:00:00Z export_all "$T/g"
check_eq "retention 0: no deleted attribute" "none" "$(misp_attr "$T/g" GREEN 192.0.2.5 'a')"
check_status "only misp moved" 0 diff -r -x misp "$T/f" "$T/g"
printf '{"misp_deleted_days": -1}\n' >"$T/p1.json"
check_out "bad retention" 2 "gisac: $T/p1.json: \$.misp_deleted_days: expected a number of days, an integer 0 to 3650" \
    "$GISAC" policy check "$T/p1.json"

# --- the feeds: the same answers, with slashes doubled or at the end -----------------
printf '{"misp_deleted_days": 30}\n' >"$T/p30.json"
"$GISAC" policy set "$T/p30.json" >/dev/null
"$GISAC" agency add moda --name "Ministry of Digital Affairs" --grade A >/dev/null
"$GISAC" user add fw --role consumer --agency moda </dev/null >/dev/null
make_tokens fw
serve_start "$T/serve.log"
trap 'serve_stop' EXIT
U=http://127.0.0.1:$PORT
AU="Authorization: Bearer $(cat "$T/tok.fw")"
check_eq "misp manifest" 200 "$(req m1 -H "$AU" "$U/feeds/misp/manifest.json")"
check_eq "misp manifest, doubled slash" 200 "$(req m2 -H "$AU" --path-as-is "$U/feeds/misp//manifest.json")"
check_eq "the same body" "$(hdr m1 ETag)" "$(hdr m2 ETag)"
check_eq "misp listing, doubled slash" 200 "$(req m3 -H "$AU" --path-as-is "$U/feeds//misp//")"
check_grep "listing names the manifest" "manifest.json" "$T/m3.body"
check_eq "nft with a trailing slash" 200 "$(req n1 -H "$AU" "$U/feeds/nft/")"
check_eq "rpz" 200 "$(req r1 -H "$AU" "$U/feeds/rpz")"
check_grep "consumer rpz: the same serial" "SOA localhost. hostmaster.localhost. $S3 " "$T/r1.body"
sleep 1
check_eq "rpz again, later: 304" 304 "$(req r2 -H "$AU" -H "If-None-Match: $(hdr r1 ETag)" "$U/feeds/rpz")"
serve_stop
finish
