#!/bin/sh
# TAXII 2.1 beyond reading: agency collections, adding objects and their
# status, versions, manifest, match[version] and match[spec_version],
# DELETE, media types; TLP amber/red recipients and agency isolation on
# every path (by guessing ids too); HTTPS; the first-run administrator.
# Over loopback on ports the server picks. Exact expected values.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_PWHASH_FAST=1
command -v curl >/dev/null || { echo "curl not installed: skipped"; exit 77; }
SRV_PID=
trap 'serve_stop; rm -rf "$T"' EXIT

# start_server LOG ARGS...: serve_start with two threads; sets PORT and SRV_PID
start_server() {
    log=$1
    shift
    serve_start "$log" --threads 2 "$@"
}

jb() { json_get "$T/$1.body" "$2"; }

# --- the first run: an administrator ----------------------------------
export GISAC_DB="$T/first.db"
start_server "$T/first.log"
check_grep "admin created" 'created the administrator "admin"; its password, shown only this once:' "$T/first.log"
PW=$(sed -n '/shown only this once/{n;s/^ *//p}' "$T/first.log")
check_eq "generated password length" 20 "${#PW}"
check_eq "admin reads TAXII" 200 "$(req fb -u "admin:$PW" "http://127.0.0.1:$PORT/taxii2/")"
check_eq "wrong admin password" 401 "$(req fc -u "admin:not-it-at-all" "http://127.0.0.1:$PORT/taxii2/")"
serve_stop
start_server "$T/first2.log"
check_nogrep "second run creates nobody" "created the administrator" "$T/first2.log"
serve_stop
export GISAC_DB="$T/first-env.db"
GISAC_ADMIN_PASSWORD='the chosen root passphrase' start_server "$T/first3.log"
check_grep "admin from env" 'with the password in GISAC_ADMIN_PASSWORD' "$T/first3.log"
check_nogrep "env password not printed" "the chosen root passphrase" "$T/first3.log"
check_eq "env admin logs in" 200 "$(req fd -u "admin:the chosen root passphrase" "http://127.0.0.1:$PORT/taxii2/")"
serve_stop
export GISAC_DB="$T/first-bad.db"
GISAC_ADMIN_PASSWORD='short' check_status "weak env password refused" 2 "$GISAC" serve --listen 127.0.0.1:0

# --- the database -------------------------------------------------------
export GISAC_DB="$T/gisac.db"
export GISAC_NOW=2026-11-24T00:00:00Z
printf 'green-one.example\n198.51.100.1\n' >"$T/green.txt"
check_status "import green" 0 "$GISAC" feed import --source drill --tlp green "$T/green.txt"
check_status "agency moda" 0 "$GISAC" agency add moda --name "Ministry of Digital Affairs" --grade A
check_status "agency mohw" 0 "$GISAC" agency add mohw --name "Ministry of Health and Welfare" --grade A
echo amber-moda.example >"$T/am.txt"
check_status "import amber for moda" 0 "$GISAC" feed import --source s-am --tlp amber --recipient moda "$T/am.txt"
echo red-mohw.example >"$T/rm.txt"
check_status "import red for mohw" 0 "$GISAC" feed import --source s-rm --tlp red --recipient mohw "$T/rm.txt"
echo amber-none.example >"$T/an.txt"
check_status "import amber, no recipient" 0 "$GISAC" feed import --source s-an --tlp amber "$T/an.txt"
check_status "unknown recipient" 2 "$GISAC" feed import --source s-x --tlp red --recipient nosuch "$T/an.txt"
check_grep "unknown recipient message" "recipient nosuch: no such agency" "$T/err"

echo 'analyst password 01' >"$T/pw"
check_status "analyst" 0 "$GISAC" user add ann --role analyst <"$T/pw"
echo 'agency password 001' >"$T/pw"
check_status "agency user moda" 0 "$GISAC" user add am --role agency --agency moda <"$T/pw"
check_status "agency user mohw" 0 "$GISAC" user add ah --role agency --agency mohw <"$T/pw"
check_status "consumer moda" 0 "$GISAC" user add cm --role consumer --agency moda </dev/null
check_status "consumer mohw" 0 "$GISAC" user add ch --role consumer --agency mohw </dev/null
check_status "partner" 0 "$GISAC" user add partner --role consumer </dev/null
for u in ann am ah cm ch partner; do
    check_status "token $u" 0 "$GISAC" token create --user $u
    eval "TK_$u=\$(cat \"\$T/out\")"
done
A_ann="Authorization: Bearer $TK_ann"
A_am="Authorization: Bearer $TK_am"
A_ah="Authorization: Bearer $TK_ah"
A_cm="Authorization: Token $TK_cm"
A_ch="Authorization: Token $TK_ch"
A_pa="Authorization: Bearer $TK_partner"
CT="Content-Type: application/taxii+json;version=2.1"

start_server "$T/server.log"
U=http://127.0.0.1:$PORT
R=$U/taxii2/api
SHARED_ID=$(/usr/bin/python3 -c 'import uuid; print(uuid.uuid5(uuid.UUID("6a1c2e4f-830b-4c1d-9e55-1f7a3c60d291"), "collection:indicators"))')
MODA=$(/usr/bin/python3 -c 'import uuid; print(uuid.uuid5(uuid.UUID("6a1c2e4f-830b-4c1d-9e55-1f7a3c60d291"), "collection:agency:moda"))')
MOHW=$(/usr/bin/python3 -c 'import uuid; print(uuid.uuid5(uuid.UUID("6a1c2e4f-830b-4c1d-9e55-1f7a3c60d291"), "collection:agency:mohw"))')

names() { # names NAME: the sorted indicator names of a page
    json_get "$T/$1.body" '" ".join(sorted(o["name"].split()[1] for o in d.get("objects", []) if o["type"] == "indicator"))'
}

# --- TLP recipients on the shared collection ------------------------------
check_eq "analyst sees all" 200 "$(req t1 -H "$A_ann" "$R/collections/$SHARED_ID/objects/")"
check_eq "analyst names" "198.51.100.1 amber-moda.example amber-none.example green-one.example red-mohw.example" "$(names t1)"
req t2 -H "$A_cm" "$R/collections/$SHARED_ID/objects/" >/dev/null
check_eq "moda consumer: green and moda's amber" "198.51.100.1 amber-moda.example green-one.example" "$(names t2)"
req t3 -H "$A_ch" "$R/collections/$SHARED_ID/objects/" >/dev/null
check_eq "mohw consumer: green and mohw's red" "198.51.100.1 green-one.example red-mohw.example" "$(names t3)"
req t4 -H "$A_pa" "$R/collections/$SHARED_ID/objects/" >/dev/null
check_eq "partner without agency: green only" "198.51.100.1 green-one.example" "$(names t4)"
req t5 -H "$A_am" "$R/collections/$SHARED_ID/objects/" >/dev/null
check_eq "moda agency user: as its consumer" "198.51.100.1 amber-moda.example green-one.example" "$(names t5)"
RED_ID=$(json_get "$T/t3.body" '[o["id"] for o in d["objects"] if "red-mohw" in o["name"]][0]')
AMB_ID=$(json_get "$T/t2.body" '[o["id"] for o in d["objects"] if "amber-moda" in o["name"]][0]')
check_eq "guess red id, moda consumer" 404 "$(req t6 -H "$A_cm" "$R/collections/$SHARED_ID/objects/$RED_ID/")"
check_eq "guess red id, match[id]" '{"more":false}' "$(req t7 -H "$A_cm" "$R/collections/$SHARED_ID/objects/?match%5Bid%5D=$RED_ID" >/dev/null; body t7)"
check_eq "guess red id, versions" 404 "$(req t8 -H "$A_cm" "$R/collections/$SHARED_ID/objects/$RED_ID/versions/")"
check_eq "red id, mohw consumer" 200 "$(req t9 -H "$A_ch" "$R/collections/$SHARED_ID/objects/$RED_ID/")"
check_eq "amber id, mohw consumer" 404 "$(req t10 -H "$A_ch" "$R/collections/$SHARED_ID/objects/$AMB_ID/")"
check_eq "manifest follows TLP too" 3 "$(req t11 -H "$A_cm" "$R/collections/$SHARED_ID/manifest/" >/dev/null; jb t11 'len(d["objects"])')"
req t12 -H "$A_cm" "$U/feeds/plain" >/dev/null
check_eq "plain feed, moda consumer" "198.51.100.1 amber-moda.example green-one.example" "$(sort "$T/t12.body" | tr '\n' ' ' | sed 's/ $//')"
req t13 -H "$A_ch" "$U/feeds/plain" >/dev/null
check_eq "plain feed, mohw consumer" "198.51.100.1 green-one.example red-mohw.example" "$(sort "$T/t13.body" | tr '\n' ' ' | sed 's/ $//')"

# --- directory feeds: MISP and Suricata ---------------------------------
check_eq "misp listing" 200 "$(req fm1 -H "$A_cm" "$U/feeds/misp/")"
check_eq "misp files: manifest, hashes, an event per TLP seen" "4 hashes.csv manifest.json" \
    "$(jb fm1 '" ".join([str(len(d))] + [f for f in d if not f[0].isdigit() and "-" not in f])')"
check_eq "misp manifest" 200 "$(req fm2 -H "$A_cm" "$U/feeds/misp/manifest.json")"
check_eq "misp manifest type" "application/json" "$(hdr fm2 Content-Type)"
check_eq "misp events: green and moda's amber" "tlp:amber tlp:green" \
    "$(jb fm2 '" ".join(sorted(t["name"] for e in d.values() for t in e["Tag"]))')"
EV=$(jb fm2 'sorted(d)[0]')
check_eq "misp event file" 200 "$(req fm3 -H "$A_cm" "$U/feeds/misp/$EV.json")"
check_eq "misp event uuid" "$EV" "$(jb fm3 'd["Event"]["uuid"]')"
check_eq "misp hashes" 200 "$(req fm4 -H "$A_cm" "$U/feeds/misp/hashes.csv")"
check_eq "misp etag revalidation" 304 "$(req fm5 -H "$A_cm" -H "If-None-Match: $(hdr fm2 ETag)" "$U/feeds/misp/manifest.json")"
check_eq "misp: no such file" 404 "$(req fm6 -H "$A_cm" "$U/feeds/misp/nope.json")"
check_eq "misp: no path tricks" 404 "$(req fm7 -H "$A_cm" --path-as-is "$U/feeds/misp/..%2f..%2fetc%2fpasswd")"
check_eq "misp: no dot files" 404 "$(req fm8 -H "$A_cm" "$U/feeds/misp/.hidden")"
req fm9 -H "$A_ch" "$U/feeds/misp/manifest.json" >/dev/null
check_eq "misp for mohw: green and mohw's red" "tlp:green tlp:red" \
    "$(jb fm9 '" ".join(sorted(t["name"] for e in d.values() for t in e["Tag"]))')"
check_eq "suricata listing" 200 "$(req fs1 -H "$A_cm" "$U/feeds/suricata")"
check_grep "suricata rules listed" '"gisac.rules"' "$T/fs1.body"
check_eq "suricata domains" 200 "$(req fs2 -H "$A_cm" "$U/feeds/suricata/gisac-domains.lst")"
check_eq "suricata domains, base64" "amber-moda.example green-one.example" \
    "$(while read -r l; do echo "$l" | base64 -d; echo; done <"$T/fs2.body" | sort | tr '\n' ' ' | sed 's/ $//')"
check_eq "feeds need credentials" 401 "$(req fs3 "$U/feeds/suricata/gisac.rules")"

# --- collections per agency ---------------------------------------------
req c1 -H "$A_am" "$R/collections/" >/dev/null
ADV_ID=287da476-a01b-5c05-b71f-ff745b08c86d # the collection "Advisories"
check_eq "moda user's collections" "$SHARED_ID:True:False $ADV_ID:True:False $MODA:True:True" \
    "$(jb c1 '" ".join("%s:%s:%s" % (c["id"], c["can_read"], c["can_write"]) for c in d["collections"])')"
check_eq "moda collection title" "Submissions of Ministry of Digital Affairs" "$(jb c1 'd["collections"][2]["title"]')"
req c2 -H "$A_ann" "$R/collections/" >/dev/null
check_eq "analyst: every collection" "$SHARED_ID $ADV_ID $MODA $MOHW" "$(jb c2 '" ".join(c["id"] for c in d["collections"])')"
req c3 -H "$A_cm" "$R/collections/" >/dev/null
check_eq "consumer: the shared ones only" "$SHARED_ID $ADV_ID" "$(jb c3 '" ".join(c["id"] for c in d["collections"])')"
check_eq "moda user guesses mohw's collection" 404 "$(req c4 -H "$A_am" "$R/collections/$MOHW/")"
check_eq "... its objects" 404 "$(req c5 -H "$A_am" "$R/collections/$MOHW/objects/")"
check_eq "... posting to it" 404 "$(req c6 -H "$A_am" -H "$CT" --data-binary '{"objects":[]}' "$R/collections/$MOHW/objects/")"
check_eq "consumer guesses moda's collection" 404 "$(req c7 -H "$A_cm" "$R/collections/$MODA/objects/")"
check_eq "empty agency collection" '{"more":false}' "$(req c8 -H "$A_am" "$R/collections/$MODA/objects/" >/dev/null; body c8)"

# --- adding objects ------------------------------------------------------
cat >"$T/env.json" <<'EOF'
{"objects":[
 {"type":"indicator","spec_version":"2.1","id":"indicator--aaaaaaaa-1111-4111-8111-111111111111",
  "created":"2026-11-20T00:00:00.000Z","modified":"2026-11-21T00:00:00.000Z",
  "pattern":"[domain-name:value = 'moda-found.example']","pattern_type":"stix",
  "valid_from":"2026-11-20T00:00:00Z"},
 {"type":"indicator","spec_version":"2.1","id":"indicator--bbbbbbbb-2222-4222-8222-222222222222",
  "created":"2026-11-20T00:00:00.000Z","modified":"2026-11-20T00:00:00.000Z",
  "pattern":"[process:name = 'evil.exe']","pattern_type":"stix",
  "valid_from":"2026-11-20T00:00:00Z"},
 {"type":"indicator","spec_version":"2.1","id":"indicator--cccccccc-3333-4333-8333-333333333333",
  "created":"2026-11-20T00:00:00.000Z","modified":"2026-11-20T00:00:00.000Z",
  "pattern":"[ipv4-addr:value = '999.1.1.1']","pattern_type":"stix",
  "valid_from":"2026-11-20T00:00:00Z"}
]}
EOF
P=$R/collections/$MODA/objects/
check_eq "no content type" 415 "$(req a1 -H "$A_am" --data-binary @"$T/env.json" -H "Content-Type:" "$P")"
check_eq "json content type" 415 "$(req a2 -H "$A_am" -H "Content-Type: application/json" --data-binary @"$T/env.json" "$P")"
check_eq "taxii 2.0 content type" 415 "$(req a3 -H "$A_am" -H "Content-Type: application/taxii+json;version=2.0" --data-binary @"$T/env.json" "$P")"
check_eq "415 media type" "application/taxii+json;version=2.1" "$(hdr a3 Content-Type)"
check_eq "not json" 400 "$(req a4 -H "$A_am" -H "$CT" --data-binary '{"objects":[' "$P")"
check_grep "not json message" '"description":"$: not JSON:' "$T/a4.body"
check_eq "no objects" 400 "$(req a5 -H "$A_am" -H "$CT" --data-binary '{"object":[]}' "$P")"
check_eq "no objects message" '$.objects: missing or not an array' "$(jb a5 'd["description"]')"
check_eq "consumer may not add to the shared collection" 404 \
    "$(req a6 -H "$A_cm" -H "$CT" --data-binary @"$T/env.json" "$R/collections/$MODA/objects/")"
check_eq "analyst adds nothing to the shared one" 403 \
    "$(req a7 -H "$A_ann" -H "$CT" --data-binary @"$T/env.json" "$R/collections/$SHARED_ID/objects/")"
export GISAC_NOW=2026-11-24T02:00:00Z
serve_stop
start_server "$T/server2.log"
U=http://127.0.0.1:$PORT
R=$U/taxii2/api
P=$R/collections/$MODA/objects/
check_eq "empty before, kept in memory" '{"more":false}' "$(req pre -H "$A_am" "$P" >/dev/null; body pre)"
check_eq "add" 202 "$(req a8 -H "$A_am" -H "$CT" --data-binary @"$T/env.json" "$P")"
check_eq "status media type" "application/taxii+json;version=2.1" "$(hdr a8 Content-Type)"
check_eq "status counts" "complete 3 1 2 0" \
    "$(jb a8 '" ".join(str(d[k]) for k in ("status","total_count","success_count","failure_count","pending_count"))')"
check_eq "status timestamp" "2026-11-24T02:00:00.000Z" "$(jb a8 'd["request_timestamp"]')"
check_eq "successes" "indicator--aaaaaaaa-1111-4111-8111-111111111111@2026-11-21T00:00:00.000Z" \
    "$(jb a8 '" ".join(s["id"] + "@" + s["version"] for s in d["successes"])')"
check_eq "failures" "indicator--bbbbbbbb-2222-4222-8222-222222222222 indicator--cccccccc-3333-4333-8333-333333333333" \
    "$(jb a8 '" ".join(s["id"] for s in d["failures"])')"
check_eq "failures carry messages" "True True" "$(jb a8 '" ".join(str(len(s["message"]) > 0) for s in d["failures"])')"
SID=$(jb a8 'd["id"]')
check_eq "status, own" 200 "$(req s1 -H "$A_am" "$R/status/$SID/")"
check_eq "status is the same" "$(body a8)" "$(body s1)"
check_eq "status without slash" 200 "$(req s2 -H "$A_am" "$R/status/$SID")"
check_eq "status, other agency" 404 "$(req s3 -H "$A_ah" "$R/status/$SID/")"
check_eq "status, analyst" 200 "$(req s4 -H "$A_ann" "$R/status/$SID/")"
check_eq "status, unknown" 404 "$(req s5 -H "$A_am" "$R/status/00000000-0000-4000-8000-000000000000/")"

NEW=indicator--aaaaaaaa-1111-4111-8111-111111111111
req o1 -H "$A_am" "$P" >/dev/null
check_eq "moda collection holds it" "$NEW" "$(jo o1 '" ".join(o["id"] for o in d["objects"])')"
check_eq "its date_added" "2026-11-24T02:00:00.000Z" "$(hdr o1 X-TAXII-Date-Added-First)"
check_eq "amber by default" "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421" "$(jo o1 'd["objects"][0]["object_marking_refs"][0]')"
check_eq "the page holds what it refers to" "identity:gisac marking-definition:TLP:AMBER" "$(refs o1)"
check_eq "mohw consumer cannot see it" 404 "$(req o2 -H "$A_ch" "$R/collections/$SHARED_ID/objects/$NEW/")"
check_eq "moda consumer can" 200 "$(req o3 -H "$A_cm" "$R/collections/$SHARED_ID/objects/$NEW/")"
check_eq "re-adding changes nothing" 202 "$(req a9 -H "$A_am" -H "$CT" --data-binary @"$T/env.json" "$P")"
check_eq "re-add counts" "3 1 2" "$(jb a9 '" ".join(str(d[k]) for k in ("total_count","success_count","failure_count"))')"
check_eq "empty envelope" 202 "$(req a10 -H "$A_am" -H "$CT" --data-binary '{"objects":[]}' "$P")"
check_eq "empty envelope counts" "0 0 0" "$(jb a10 '" ".join(str(d[k]) for k in ("total_count","success_count","failure_count"))')"

# the answer cache follows commits of other processes too
req k1 -H "$A_ann" "$R/collections/$SHARED_ID/objects/" >/dev/null
req k2 -H "$A_ann" "$R/collections/$SHARED_ID/objects/" >/dev/null
check_eq "a repeated page is the same" "$(body k1)" "$(body k2)"
check_eq "... and the same feed" "$(req k3 -H "$A_ann" "$U/feeds/plain" >/dev/null; body k3)" "$(req k4 -H "$A_ann" "$U/feeds/plain" >/dev/null; body k4)"
echo late-arrival.example >"$T/late.txt"
check_status "import while serving" 0 "$GISAC" feed import --source late --tlp green "$T/late.txt"
req k5 -H "$A_ann" "$R/collections/$SHARED_ID/objects/" >/dev/null
check_grep "the next page read shows the import" "late-arrival.example" "$T/k5.body"
req k6 -H "$A_ann" "$U/feeds/plain" >/dev/null
check_grep "the next feed read shows it" "late-arrival.example" "$T/k6.body"
check_eq "feed etag changed" "no" "$( [ "$(hdr k4 ETag)" = "$(hdr k6 ETag)" ] && echo yes || echo no)"

# --- versions, manifest, match[version], match[spec_version] -------------
check_eq "versions" 200 "$(req v1 -H "$A_am" "$P$NEW/versions/")"
# the object served is gisac's rendering: its version is when gisac last changed it
check_eq "versions body" '{"more":false,"versions":["2026-11-24T02:00:00.000Z"]}' "$(body v1)"
check_eq "versions date added" "2026-11-24T02:00:00.000Z" "$(hdr v1 X-TAXII-Date-Added-Last)"
check_eq "versions no slash" 200 "$(req v2 -H "$A_am" "$P$NEW/versions")"
check_eq "versions of an unknown object" 404 "$(req v3 -H "$A_am" "$P""indicator--00000000-0000-4000-8000-000000000000/versions/")"
check_eq "manifest" 200 "$(req m1 -H "$A_am" "$R/collections/$MODA/manifest/")"
check_eq "manifest body" '{"more":false,"objects":[{"id":"indicator--aaaaaaaa-1111-4111-8111-111111111111","date_added":"2026-11-24T02:00:00.000Z","version":"2026-11-24T02:00:00.000Z","media_type":"application/stix+json;version=2.1"}]}' "$(body m1)"
req m2 -H "$A_ann" "$R/collections/$SHARED_ID/manifest/?limit=2" >/dev/null
check_eq "manifest paged" "2 True" "$(jb m2 'len(d["objects"]), d["more"]' | tr -d '(),')"
req m3 -H "$A_ann" "$R/collections/$SHARED_ID/manifest/?limit=2&next=$(jb m2 'd["next"]')" >/dev/null
req m4 -H "$A_ann" "$R/collections/$SHARED_ID/manifest/?limit=2&next=$(jb m3 'd["next"]')" >/dev/null
check_eq "manifest pages cover all" 6 "$(cat "$T/m2.body" "$T/m3.body" "$T/m4.body" | /usr/bin/python3 -c 'import sys,json; print(sum(len(json.loads(l).get("objects",[])) for l in sys.stdin.read().replace("}{","}\n{").splitlines()))')"
check_eq "match[version] exact" "$NEW" "$(req x1 -H "$A_am" "$P?match%5Bversion%5D=2026-11-24T02:00:00.000Z" >/dev/null; jo x1 '" ".join(o["id"] for o in d["objects"])')"
check_eq "match[version] other" '{"more":false}' "$(req x2 -H "$A_am" "$P?match%5Bversion%5D=2026-11-20T00:00:00Z" >/dev/null; body x2)"
check_eq "match[version] last" 1 "$(req x3 -H "$A_am" "$P?match%5Bversion%5D=last" >/dev/null; jo x3 'len(d["objects"])')"
check_eq "match[version] first,all" 1 "$(req x4 -H "$A_am" "$P?match%5Bversion%5D=first,all" >/dev/null; jo x4 'len(d["objects"])')"
check_eq "match[version] bad" 400 "$(req x5 -H "$A_am" "$P?match%5Bversion%5D=newest")"
check_eq "match[version] on the object" 404 "$(req x6 -H "$A_am" "$P$NEW/?match%5Bversion%5D=2026-11-20T00:00:00Z")"
check_eq "match[spec_version]=2.1" 1 "$(req x7 -H "$A_am" "$P?match%5Bspec_version%5D=2.1" >/dev/null; jo x7 'len(d["objects"])')"
check_eq "match[spec_version]=2.0" '{"more":false}' "$(req x8 -H "$A_am" "$P?match%5Bspec_version%5D=2.0" >/dev/null; body x8)"
check_eq "match[spec_version]=2.0,2.1" 1 "$(req x9 -H "$A_am" "$P?match%5Bspec_version%5D=2.0,2.1" >/dev/null; jo x9 'len(d["objects"])')"
check_eq "unknown filter" 400 "$(req x10 -H "$A_am" "$P?match%5Bcolor%5D=red")"

# --- methods --------------------------------------------------------------
check_eq "PUT objects" 405 "$(req y1 -X PUT -H "$A_am" -H "$CT" --data-binary '{}' "$P")"
check_eq "405 allow" "GET, HEAD, POST" "$(hdr y1 Allow)"
check_eq "POST collections" 405 "$(req y2 -X POST -H "$A_am" -H "$CT" --data-binary '{}' "$R/collections/")"
check_eq "DELETE manifest" 405 "$(req y3 -X DELETE -H "$A_am" "$R/collections/$MODA/manifest/")"

# --- DELETE ---------------------------------------------------------------
check_eq "delete, other agency" 404 "$(req d1 -X DELETE -H "$A_ah" "$P$NEW/")"
check_eq "delete from shared, consumer" 403 "$(req d2 -X DELETE -H "$A_cm" "$R/collections/$SHARED_ID/objects/$NEW/")"
check_eq "delete red from shared, moda consumer (cannot see it)" 404 "$(req d3 -X DELETE -H "$A_cm" "$R/collections/$SHARED_ID/objects/$RED_ID/")"
check_eq "delete, moda" 200 "$(req d4 -X DELETE -H "$A_am" "$P$NEW/")"
check_eq "gone from moda's collection" 404 "$(req d5 -H "$A_am" "$P$NEW/")"
check_eq "revoked: gone from the shared one" 404 "$(req d6 -H "$A_ann" "$R/collections/$SHARED_ID/objects/$NEW/")"
check_status "revoked in the store" 0 "$GISAC" intel search moda-found.example
check_grep "revoked status" "revoked" "$T/out"
check_eq "delete again" 404 "$(req d7 -X DELETE -H "$A_am" "$P$NEW/")"
GREEN_ID=$(json_get "$T/t1.body" '[o["id"] for o in d["objects"] if "green-one" in o["name"]][0]')
check_eq "analyst deletes from shared" 200 "$(req d8 -X DELETE -H "$A_ann" "$R/collections/$SHARED_ID/objects/$GREEN_ID/")"
check_eq "it is revoked" 404 "$(req d9 -H "$A_ann" "$R/collections/$SHARED_ID/objects/$GREEN_ID/")"
serve_stop

# --- HTTPS ------------------------------------------------------------------
if command -v openssl >/dev/null; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
        -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
        -keyout "$T/key.pem" -out "$T/cert.pem" 2>/dev/null
    check_status "tls needs both" 2 "$GISAC" serve --tls-cert "$T/cert.pem"
    check_status "tls bad key file" 2 "$GISAC" serve --listen 127.0.0.1:0 --tls-cert "$T/cert.pem" --tls-key "$T/green.txt"
    check_grep "tls bad key message" "not a PEM file" "$T/err"
    start_server "$T/tls.log" --tls-cert "$T/cert.pem" --tls-key "$T/key.pem"
    check_grep "https announced" "listening on https://127.0.0.1:" "$T/tls.log"
    check_eq "https healthz" 200 "$(req h1 --cacert "$T/cert.pem" "https://127.0.0.1:$PORT/healthz")"
    check_eq "https discovery" "https://127.0.0.1:$PORT/taxii2/api/" \
        "$(req h2 --cacert "$T/cert.pem" -H "$A_ann" "https://127.0.0.1:$PORT/taxii2/" >/dev/null; jb h2 'd["default"]')"
    check_eq "plain http to the https port fails" 000 "$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://127.0.0.1:$PORT/healthz")"
    serve_stop
else
    echo "note: openssl absent: HTTPS not tested"
fi

finish
