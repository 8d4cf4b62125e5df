#!/bin/sh
# test_identity.sh: the installation's identity (docs/taxii.md, "The
# installation's identity"): two installations give different identities
# and ids, an installation the same bytes every time; gisac identity and
# /api/v1/identity; pages of TAXII with the identity they refer to.
. "$(dirname "$0")/lib.sh"
trap 'serve_stop; rm -rf "$T"' EXIT
unset GISAC_IDENTITY_UUID GISAC_IDENTITY_NAME
PY=/usr/bin/python3
export GISAC_NOW=2026-11-24T00:00:00Z
NS=6a1c2e4f-830b-4c1d-9e55-1f7a3c60d291
# derived U NAME: UUIDv5 of NAME in the namespace of installation U
derived() { $PY -c 'import uuid,sys; ns=uuid.uuid5(uuid.UUID(sys.argv[1]), "installation:"+sys.argv[2]); print(uuid.uuid5(ns, sys.argv[3]))' $NS "$1" "$2"; }
printf 'c2.evil.example\n198.51.100.7\n' >"$T/feed.txt"

# --- two installations ------------------------------------------------------------
for i in a b; do
    "$GISAC" --db "$T/$i.db" feed import --source drill --tlp green "$T/feed.txt" >/dev/null
    "$GISAC" --db "$T/$i.db" identity show >"$T/id.$i"
done
UA=$(json_get "$T/id.a" 'd["uuid"]')
UB=$(json_get "$T/id.b" 'd["uuid"]')
check_eq "a random UUID (version 4)" 4 "$(printf %s "$UA" | cut -c15)"
check_eq "named gisac, set up now" "identity--$UA gisac 2026-11-24T00:00:00Z 2026-11-24T00:00:00Z" \
    "$(json_get "$T/id.a" '" ".join([d["id"], d["name"], d["created"], d["modified"]])')"
check_status "two installations, two identities" 1 test "$UA" = "$UB"
for i in a b; do
    "$GISAC" --db "$T/$i.db" intel export --format stix -o "$T/$i.json" 2>/dev/null
done
ids() { json_get "$T/$1.json" '" ".join(o["id"] for o in d["objects"] if o["type"] in ("identity", "indicator"))'; }
check_eq "a: its identity, ids in its namespace" \
    "identity--$UA indicator--$(derived "$UA" ipv4:198.51.100.7) indicator--$(derived "$UA" domain:c2.evil.example)" "$(ids a)"
check_eq "b: its identity, ids in its namespace" \
    "identity--$UB indicator--$(derived "$UB" ipv4:198.51.100.7) indicator--$(derived "$UB" domain:c2.evil.example)" "$(ids b)"
check_eq "every object created by the installation" "identity--$UA" \
    "$(json_get "$T/a.json" '" ".join(sorted(set(o["created_by_ref"] for o in d["objects"] if "created_by_ref" in o)))')"
GISAC_NOW=2026-11-25T09:00:00Z "$GISAC" --db "$T/a.db" intel export --format stix -o "$T/a2.json" 2>/dev/null
check_status "the same installation: the same bytes" 0 cmp "$T/a.json" "$T/a2.json"
check_eq "intel list shows the id the export gives" "indicator--$(derived "$UA" domain:c2.evil.example)" \
    "$("$GISAC" --db "$T/a.db" intel list --json --type domain | json_get /dev/stdin 'd["id"]')"
printf 'query c2.evil.example\n' >"$T/log.txt"
"$GISAC" --db "$T/a.db" match --stix --format text --agency moda "$T/log.txt" >"$T/s.json" 2>/dev/null
check_eq "a sighting: the indicator by the same id, the agency in the namespace" \
    "indicator--$(derived "$UA" domain:c2.evil.example) identity--$(derived "$UA" agency:moda)" \
    "$(head -1 "$T/s.json" | json_get /dev/stdin 'd["sighting_of_ref"] + " " + d["where_sighted_refs"][0]')"
for i in a b; do
    "$GISAC" --db "$T/$i.db" advisory publish --title "C2" --severity high --tlp green \
        --body "b" --indicator c2.evil.example --cve CVE-2024-3400 >/dev/null
done
check_eq "advisories: report ids of each installation" \
    "report--$(derived "$UA" advisory:GISAC-ADV-2026-0001) report--$(derived "$UB" advisory:GISAC-ADV-2026-0001)" \
    "$("$GISAC" --db "$T/a.db" advisory show GISAC-ADV-2026-0001 --json | json_get /dev/stdin 'd["stix_id"]') $("$GISAC" --db "$T/b.db" advisory show GISAC-ADV-2026-0001 --json | json_get /dev/stdin 'd["stix_id"]')"
"$GISAC" --db "$T/a.db" advisory show GISAC-ADV-2026-0001 --stix >"$T/adv.json"
check_eq "the advisory's bundle: the identity, the vulnerability in the namespace" \
    "identity--$UA vulnerability--$(derived "$UA" vulnerability:CVE-2024-3400)" \
    "$(json_get "$T/adv.json" '" ".join(o["id"] for o in d["objects"] if o["type"] in ("identity", "vulnerability"))')"
"$GISAC" --db "$T/a.db" intel export --format misp -o "$T/misp" 2>/dev/null
check_eq "MISP: the organisation is the installation" "gisac $UA" \
    "$(json_get "$T/misp/manifest.json" '" ".join(set(e["Orgc"]["name"] + " " + e["Orgc"]["uuid"] for e in d.values()))')"

# --- chosen at set-up ----------------------------------------------------------------
GISAC_IDENTITY_UUID=0F1E2D3C-4B5A-4968-8776-A5B4C3D2E1F0 GISAC_IDENTITY_NAME="TWCERT/CC" \
    "$GISAC" --db "$T/c.db" identity set --name "TWCERT/CC" >/dev/null
check_eq "from the environment (lower case)" "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0 TWCERT/CC 2026-11-24T00:00:00Z" \
    "$("$GISAC" --db "$T/c.db" identity show | json_get /dev/stdin '" ".join([d["uuid"], d["name"], d["modified"]])')"
check_status "a bad GISAC_IDENTITY_UUID" 2 env GISAC_IDENTITY_UUID=nope "$GISAC" --db "$T/d.db" identity set --name x
check_eq "... says so" "gisac: GISAC_IDENTITY_UUID: uuid 'nope': not a UUID" \
    "$(GISAC_IDENTITY_UUID=nope "$GISAC" --db "$T/d.db" identity set --name x 2>&1)"
check_eq "the legacy UUID named at set-up: the legacy identity object" \
    '{"id":"identity--881c1891-6d33-5202-a7b6-7beed82cb4a8","uuid":"881c1891-6d33-5202-a7b6-7beed82cb4a8","name":"gisac","created":"2024-01-01T00:00:00Z","modified":"2024-01-01T00:00:00Z"}' \
    "$(GISAC_IDENTITY_UUID=881c1891-6d33-5202-a7b6-7beed82cb4a8 "$GISAC" --db "$T/e.db" identity set --name gisac)"

# --- changing it --------------------------------------------------------------------
export GISAC_NOW=2026-11-25T00:00:00Z
check_eq "set a name" "TWCERT/CC 2026-11-24T00:00:00Z 2026-11-25T00:00:00Z" \
    "$("$GISAC" --db "$T/a.db" identity set --name "TWCERT/CC" | json_get /dev/stdin '" ".join([d["name"], d["created"], d["modified"]])')"
"$GISAC" --db "$T/a.db" intel export --format stix -o "$T/a3.json" 2>/dev/null
check_eq "the export's identity object, a new version" \
    "{\"type\": \"identity\", \"spec_version\": \"2.1\", \"id\": \"identity--$UA\", \"created\": \"2026-11-24T00:00:00.000Z\", \"modified\": \"2026-11-25T00:00:00.000Z\", \"name\": \"TWCERT/CC\", \"identity_class\": \"system\"}" \
    "$(json_get "$T/a3.json" 'json.dumps(d["objects"][0])')"
check_eq "audited" "identity.set	$UA	uuid $UA -> $UA; name \"gisac\" -> \"TWCERT/CC\"" \
    "$("$GISAC" --db "$T/a.db" audit list --action identity.set | cut -f4-)"
U2=5c7e9a1b-3d5f-4a6b-8c9d-0e1f2a3b4c5d
"$GISAC" --db "$T/a.db" identity set --uuid $U2 >/dev/null
"$GISAC" --db "$T/a.db" intel export --format stix -o "$T/a4.json" 2>/dev/null
check_eq "a new UUID: derived ids change" \
    "identity--$U2 indicator--$(derived $U2 ipv4:198.51.100.7) indicator--$(derived $U2 domain:c2.evil.example)" "$(ids a4)"
check_eq "a stored id does not" "report--$(derived "$UA" advisory:GISAC-ADV-2026-0001)" \
    "$("$GISAC" --db "$T/a.db" advisory show GISAC-ADV-2026-0001 --json | json_get /dev/stdin 'd["stix_id"]')"
check_status "a bad uuid" 2 "$GISAC" --db "$T/a.db" identity set --uuid 00000000-0000-0000-0000-000000000000
check_eq "a bad uuid: the message" "gisac: uuid '12345': not a UUID" "$("$GISAC" --db "$T/a.db" identity set --uuid 12345 2>&1)"
check_eq "a name with a control character" "gisac: name: a control character" \
    "$("$GISAC" --db "$T/a.db" identity set --name "$(printf 'a\tb')" 2>&1)"
check_eq "unchanged by the failures" "$U2 TWCERT/CC" \
    "$("$GISAC" --db "$T/a.db" identity show | json_get /dev/stdin 'd["uuid"] + " " + d["name"]')"
check_status "show: no database" 2 "$GISAC" --db "$T/none.db" identity show

# --- the API, and TAXII pages with what they refer to ------------------------------------
command -v curl >/dev/null || { echo "curl not installed: API part skipped"; finish; }
export GISAC_DB="$T/a.db"
echo 'chief password 01' | "$GISAC" user add admin --role admin >/dev/null 2>&1
echo 'analyst password 01' | "$GISAC" user add ann --role analyst >/dev/null 2>&1
make_tokens admin ann
H_ADM="Authorization: Bearer $(cat "$T/tok.admin")"
H_ANN="Authorization: Bearer $(cat "$T/tok.ann")"
JS="Content-Type: application/json"
serve_start "$T/server.log" --threads 2
A=http://127.0.0.1:$PORT/api/v1
check_eq "GET identity as admin" 200 "$(req i1 -H "$H_ADM" "$A/identity")"
check_eq "... the identity" "identity--$U2 TWCERT/CC" "$(json_get "$T/i1.body" 'd["id"] + " " + d["name"]')"
check_eq "GET identity as analyst" 403 "$(req i2 -H "$H_ANN" "$A/identity")"
check_eq "PATCH nothing" 400 "$(req i3 -X PATCH -H "$H_ADM" -H "$JS" --data-binary '{}' "$A/identity")"
check_eq "PATCH nothing: message" "bad_request: \$: nothing to change (give name, uuid or both)" "$(err i3)"
check_eq "PATCH unknown member" 400 "$(req i4 -X PATCH -H "$H_ADM" -H "$JS" --data-binary '{"nme":"x"}' "$A/identity")"
check_eq "PATCH bad uuid" 422 "$(req i5 -X PATCH -H "$H_ADM" -H "$JS" --data-binary '{"uuid":"xyz"}' "$A/identity")"
check_eq "PATCH bad uuid: message" "invalid: \$.uuid: uuid 'xyz': not a UUID" "$(err i5)"
check_eq "PATCH as analyst" 403 "$(req i6 -X PATCH -H "$H_ANN" -H "$JS" --data-binary '{"name":"x"}' "$A/identity")"
X=http://127.0.0.1:$PORT/taxii2/api
req c1 -H "$H_ANN" "$X/collections/" >/dev/null
IC=$(json_get "$T/c1.body" '[c["id"] for c in d["collections"] if c["alias"] == "indicators"][0]')
check_eq "a page: the identity first" "identity TWCERT/CC" \
    "$(req p1 -H "$H_ANN" "$X/collections/$IC/objects/" >/dev/null; json_get "$T/p1.body" 'd["objects"][0]["type"] + " " + d["objects"][0]["name"]')"
check_eq "PATCH name" 200 "$(req i7 -X PATCH -H "$H_ADM" -H "$JS" --data-binary '{"name":"TWCERT"}' "$A/identity")"
check_eq "... the identity now" "identity--$U2 TWCERT 2026-11-25T00:00:00Z" "$(json_get "$T/i7.body" 'd["id"] + " " + d["name"] + " " + d["modified"]')"
check_eq "the next page shows the new name at once" "identity TWCERT" \
    "$(req p2 -H "$H_ANN" "$X/collections/$IC/objects/" >/dev/null; json_get "$T/p2.body" 'd["objects"][0]["type"] + " " + d["objects"][0]["name"]')"
check_eq "audited as the caller" "user:admin	identity.set" "$("$GISAC" audit list --action identity.set | tail -1 | cut -f3-4)"
SCH=
if have_shared && [ -d "$SHARED/data/stix2.1-schemas" ]; then SCH="--schemas $SHARED/data/stix2.1-schemas"; fi
req c2 -H "$H_ANN" "$X/collections/" >/dev/null
AC=$(json_get "$T/c2.body" '[c["id"] for c in d["collections"] if c["alias"] == "advisories"][0]')
$PY "$GISAC_SRCDIR/tests/cli/taxii_walk.py" $SCH "$H_ANN" 2 "$X/collections/$IC/objects/" "$X/collections/$AC/objects/" >"$T/walk" 2>&1
check_eq "every page of both collections: refs resolve, each version once" \
    "1#1: +identity:TWCERT +TLP:GREEN indicator:ipv4 198.51.100.7
1#2: +identity:TWCERT +TLP:GREEN indicator:domain c2.evil.example
2#1: +identity:TWCERT +TLP:CLEAR vulnerability:CVE-2024-3400
2#2: +identity:TWCERT +TLP:GREEN report:C2
ok" "$(cat "$T/walk")"
serve_stop
finish
