#!/bin/sh
# Visibility per source over HTTP (issue 18): agency hosp submits a TLP:RED
# indicator through its TAXII collection; agency moda then submits the same
# value through its own. moda's officer and consumer see only moda's record
# (REST one, search, list, every feed, TAXII), hosp's record is unchanged,
# moda's answers are those of an installation where hosp submitted nothing,
# a STIX id another object holds is refused (a failed object; 409 for a
# strict upload), and TAXII cursors are opaque. Exact expected values.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_PWHASH_FAST=1
command -v curl >/dev/null || { echo "curl not installed: skipped"; exit 77; }
SRV_PID=
trap 'serve_stop; rm -rf "$T"' EXIT
export GISAC_NOW=2026-11-24T00:00:00Z
NS=6a1c2e4f-830b-4c1d-9e55-1f7a3c60d291
coll() { /usr/bin/python3 -c 'import uuid,sys; print(uuid.uuid5(uuid.UUID(sys.argv[1]), sys.argv[2]))' $NS "$1"; }
SHARED=$(coll collection:indicators)
C_MODA=$(coll collection:agency:moda)
C_HOSP=$(coll collection:agency:hosp)
CT="Content-Type: application/taxii+json;version=2.1"
HOSP_ID=indicator--11111111-1111-4111-8111-111111111111
MODA_ID=indicator--22222222-2222-4222-8222-111111111111
obj() { # obj ID VALUE EXTRA: one STIX indicator
    printf '{"type":"indicator","spec_version":"2.1","id":"%s","created":"2026-01-02T00:00:00Z","modified":"2026-01-02T00:00:00Z","pattern":"[domain-name:value = '"'"'%s'"'"']","pattern_type":"stix","valid_from":"2026-01-02T00:00:00Z"%s}' "$1" "$2" "$3"
}
HOSP_ENV="{\"objects\":[$(obj $HOSP_ID red-hosp.example ',"confidence":40,"labels":["hosp-label"],"name":"hosp red","object_marking_refs":["marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"]')]}"
MODA_ENV="{\"objects\":[$(obj $MODA_ID red-hosp.example ',"confidence":100,"labels":["moda-label"]')]}"

# setup DB WITH_HOSP: an installation with the agencies, accounts and tokens
setup() {
    export GISAC_DB="$T/$1.db"
    "$GISAC" agency add moda --name MODA --grade A >/dev/null
    "$GISAC" agency add hosp --name HOSP --grade A >/dev/null
    printf 'green-one.example\n' >"$T/green.txt"
    "$GISAC" feed import --source drill --tlp green "$T/green.txt" >/dev/null
    echo 'agency password 001' >"$T/pw"
    "$GISAC" user add om --role agency --agency moda <"$T/pw" >/dev/null
    "$GISAC" user add oh --role agency --agency hosp <"$T/pw" >/dev/null
    "$GISAC" user add cm --role consumer --agency moda </dev/null >/dev/null
    for u in om oh cm; do
        "$GISAC" token create --user $u >"$T/tk"
        eval "TK_$u=\$(cat \"\$T/tk\")"
    done
    serve_start "$T/$1.log" --threads 2
    R=http://127.0.0.1:$PORT
    if [ "$2" = 1 ]; then
        check_eq "$1: hosp submits" 202 "$(req hs -H "Authorization: Bearer $TK_oh" -H "$CT" --data-binary "$HOSP_ENV" "$R/taxii2/api/collections/$C_HOSP/objects/")"
    fi
    check_eq "$1: moda submits" 202 "$(req ms -H "Authorization: Bearer $TK_om" -H "$CT" --data-binary "$MODA_ENV" "$R/taxii2/api/collections/$C_MODA/objects/")"
    json_get "$T/ms.body" '{k: v for k, v in d.items() if k not in ("id", "request_timestamp")}' >"$T/$1.status"
}

# reads NAME TOKEN: what one account gets on every path, times masked
reads() {
    A="Authorization: Bearer $2"
    {
        for p in /api/v1/indicators/domain/red-hosp.example '/api/v1/search?value=red-hosp.example' \
            /api/v1/indicators /feeds/plain /feeds/stix /feeds/rpz \
            "/taxii2/api/collections/$SHARED/objects/" "/taxii2/api/collections/$SHARED/manifest/" \
            "/taxii2/api/collections/$SHARED/objects/$HOSP_ID/" "/taxii2/api/collections/$SHARED/objects/$MODA_ID/"; do
            echo "$p $(req r -H "$A" "$R$p")"
            body r
            echo
        done
    } | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/T/g; s/bundle--[0-9a-f-]{36}/bundle--X/g; s/SOA .*/SOA/' >"$T/$1.reads"
}

setup with 1
reads with-om "$TK_om"
reads with-cm "$TK_cm"
reads hosp "$TK_oh"
check_eq "moda one" '200 amber 100 agency:moda' "$(req g -H "Authorization: Bearer $TK_om" "$R/api/v1/indicators/domain/red-hosp.example") $(json_get "$T/g.body" 'd["tlp"]+" "+str(d["confidence"])+" "+",".join(s["name"] for s in d["sources"])')"
check_eq "hosp one" '200 red 40 hosp-label agency:hosp' "$(req g -H "Authorization: Bearer $TK_oh" "$R/api/v1/indicators/domain/red-hosp.example") $(json_get "$T/g.body" 'd["tlp"]+" "+str(d["confidence"])+" "+",".join(d["labels"])+" "+",".join(s["name"] for s in d["sources"])')"
check_eq "hosp object keeps its id" 200 "$(req g -H "Authorization: Bearer $TK_oh" "$R/taxii2/api/collections/$C_HOSP/objects/$HOSP_ID/")"
check_nogrep "nothing of hosp for moda" 'hosp-label\|agency:hosp\|hosp red\|e828b379\|"tlp":"red"' "$T/with-om.reads"
check_nogrep "nothing of hosp for moda's consumer" 'hosp-label\|agency:hosp\|hosp red\|e828b379\|"tlp":"red"' "$T/with-cm.reads"
check_grep "moda's own in its feed" 'red-hosp.example' "$T/with-om.reads"
# a STIX id another object holds: a failed object, and 409 for a strict upload
BAD="{\"objects\":[$(obj $HOSP_ID other.example '')]}"
check_eq "reused id" 202 "$(req u -H "Authorization: Bearer $TK_om" -H "$CT" --data-binary "$BAD" "$R/taxii2/api/collections/$C_MODA/objects/")"
check_eq "reused id failed" "0 1 id $HOSP_ID is already the id of another object" "$(json_get "$T/u.body" 'str(d["success_count"])+" "+str(d["failure_count"])+" "+d["failures"][0]["message"]')"
# TAXII cursors: sealed
check_eq "page of 1" 200 "$(req p -H "Authorization: Bearer $TK_om" "$R/taxii2/api/collections/$C_MODA/objects/?limit=1")"
serve_stop
"$GISAC" user add an --role analyst </dev/null >/dev/null
"$GISAC" token create --user an >"$T/tk"
TK_an=$(cat "$T/tk")
serve_start "$T/with2.log" --threads 2
R=http://127.0.0.1:$PORT
check_eq "strict upload 409" 409 "$(req up -H "Authorization: Bearer $TK_an" -H "$OCT" --data-binary "{\"type\":\"bundle\",\"id\":\"bundle--00000000-0000-4000-8000-000000000000\",\"objects\":[$(obj $HOSP_ID other.example '')]}" "$R/api/v1/feeds/import?source=up&format=stix&strict=true")"
check_eq "a page with a cursor" "True" "$(req p2 -H "Authorization: Bearer $TK_an" "$R/taxii2/api/collections/$SHARED/objects/?limit=1" >/dev/null; json_get "$T/p2.body" 'd["more"] and "." not in d["next"] and len(d["next"]) > 60')"
N=$(json_get "$T/p2.body" 'd["next"]')
check_eq "next page" 200 "$(req p3 -H "Authorization: Bearer $TK_an" "$R/taxii2/api/collections/$SHARED/objects/?limit=1&next=$N")"
check_eq "forged cursor" 400 "$(req p4 -H "Authorization: Bearer $TK_an" "$R/taxii2/api/collections/$SHARED/objects/?limit=1&next=6b16cca6.6")"
serve_stop

# the same without hosp: moda's answers are the same
setup without 0
reads without-om "$TK_om"
reads without-cm "$TK_cm"
serve_stop
check_eq "status the same" "$(cat "$T/without.status")" "$(cat "$T/with.status")"
check_eq "moda's reads the same" "$(cat "$T/without-om.reads")" "$(cat "$T/with-om.reads")"
check_eq "moda consumer's reads the same" "$(cat "$T/without-cm.reads")" "$(cat "$T/with-cm.reads")"
finish
