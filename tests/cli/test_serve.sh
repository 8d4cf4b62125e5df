#!/bin/sh
# gisac serve: /healthz, /metrics, authentication, the TAXII 2.1 read path
# (paging, filters, media types, TLP) and /feeds, over loopback on a port
# the server picks. Exact expected values throughout.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
S=$GISAC_SRCDIR/samples
export GISAC_PWHASH_FAST=1
command -v curl >/dev/null || { echo "curl not installed: skipped"; exit 77; }
SRV_PID=
trap 'serve_stop; rm -rf "$T"' EXIT

# --- the database: the sample (green), one red and one amber indicator,
# 2500 generated ones; the red one is added an hour later --------------
export GISAC_NOW=2026-11-24T00:00:00Z
cp "$S/c2-sample.txt" "$T/sample.txt"
touch -d 2026-11-01T00:00:00Z "$T/sample.txt"
check_status "import sample" 0 "$GISAC" feed import --source drill --tlp green "$T/sample.txt"
/usr/bin/python3 -c 'import sys
for i in range(2500): print("host%04d.bulk.test" % i)' >"$T/bulk.txt"
touch -d 2026-11-01T00:00:00Z "$T/bulk.txt"
check_status "import bulk" 0 "$GISAC" feed import --source bulk --tlp clear "$T/bulk.txt"
echo "amber-only.example" >"$T/amber.txt"
check_status "import amber" 0 "$GISAC" feed import --source amber --tlp amber "$T/amber.txt"
echo "red-secret.example" >"$T/red.txt"
GISAC_NOW=2026-11-24T01:00:00Z check_status "import red" 0 "$GISAC" feed import --source red --tlp red "$T/red.txt"

check_status "agency" 0 "$GISAC" agency add moda --name "Ministry of Digital Affairs" --grade A
echo 'analyst password 01' >"$T/pw"
check_status "analyst" 0 "$GISAC" user add ann --role analyst <"$T/pw"
check_status "consumer" 0 "$GISAC" user add fw --role consumer --agency moda </dev/null
check_status "sensor" 0 "$GISAC" user add sen --role sensor --agency moda </dev/null
check_status "token analyst" 0 "$GISAC" token create --user ann
TA=$(cat "$T/out")
check_status "token consumer" 0 "$GISAC" token create --user fw
TC=$(cat "$T/out")
check_status "token sensor" 0 "$GISAC" token create --user sen
TS=$(cat "$T/out")

# --- start ------------------------------------------------------------
export GISAC_NOW=2026-11-24T02:00:00Z
serve_start "$T/server.log" --threads 3 --timeout 2
U=http://127.0.0.1:$PORT

AA="Authorization: Bearer $TA"
AC="Authorization: Token $TC"
ACC="Accept: application/taxii+json;version=2.1"
GISAC_UUID_NS=6a1c2e4f-830b-4c1d-9e55-1f7a3c60d291
TAXII_CT="application/taxii+json;version=2.1"

# --- healthz, security headers -----------------------------------------
check_eq "healthz" 200 "$(req h "$U/healthz")"
check_eq "healthz body" '{"status":"ok"}' "$(cat "$T/h.body")"
check_eq "nosniff" nosniff "$(hdr h X-Content-Type-Options)"
check_eq "csp" "default-src 'none'" "$(hdr h Content-Security-Policy)"
check_eq "frame" DENY "$(hdr h X-Frame-Options)"
check_eq "referrer" no-referrer "$(hdr h Referrer-Policy)"
check_eq "cache" no-store "$(hdr h Cache-Control)"
check_eq "POST refused" 405 "$(req p -X POST -d x "$U/healthz")"
check_eq "unknown path" 404 "$(req nf -H "$AA" "$U/api/nothing")"
check_eq "a path of the web portal (test_portal.sh)" 200 "$(req nf -H "$AA" "$U/nothing")"

# --- authentication ----------------------------------------------------
check_eq "no auth" 401 "$(req a1 -H "$ACC" "$U/taxii2/")"
check_eq "401 challenge" 'Bearer realm="gisac", Basic realm="gisac", charset="UTF-8"' "$(hdr a1 WWW-Authenticate)"
check_eq "401 media type" "$TAXII_CT" "$(hdr a1 Content-Type)"
check_eq "401 body" "unauthorized|authentication required|401" \
    "$(json_get "$T/a1.body" '"|".join([d["title"],d["description"],d["http_status"]])')"
check_eq "wrong token" 401 "$(req a2 -H "Authorization: Bearer gisac_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" "$U/taxii2/")"
check_eq "wrong token, same message" "$(cat "$T/a1.body")" "$(cat "$T/a2.body")"
check_eq "mangled token" 401 "$(req a3 -H "Authorization: Token ${TA}x" "$U/taxii2/")"
check_eq "unknown scheme" 401 "$(req a4 -H "Authorization: Digest x" "$U/taxii2/")"
check_eq "basic" 200 "$(req b1 -u 'ann:analyst password 01' "$U/taxii2/")"
check_eq "basic wrong password" 401 "$(req b2 -u 'ann:analyst password 02' "$U/taxii2/")"
check_eq "basic unknown user" 401 "$(req b3 -u 'nobody:analyst password 01' "$U/taxii2/")"
check_eq "basic garbage" 401 "$(req b4 -H 'Authorization: Basic !!!' "$U/taxii2/")"
check_eq "sensor: no collection to read" '{}' "$(req s1 -H "Authorization: Bearer $TS" "$U/taxii2/api/collections/" >/dev/null; cat "$T/s1.body")"
check_eq "sensor forbidden feeds" 403 "$(req s2 -H "Authorization: Bearer $TS" "$U/feeds/plain")"

# --- media types -------------------------------------------------------
check_eq "bad accept" 406 "$(req m1 -H "$AA" -H "Accept: application/json" "$U/taxii2/")"
check_eq "406 media type" "$TAXII_CT" "$(hdr m1 Content-Type)"
check_eq "406 status field" 406 "$(json_get "$T/m1.body" 'd["http_status"]')"
check_eq "version 2.0 refused" 406 "$(req m2 -H "$AA" -H "Accept: application/taxii+json;version=2.0" "$U/taxii2/")"
check_eq "accept without version" 200 "$(req m3 -H "$AA" -H "Accept: application/taxii+json" "$U/taxii2/")"
check_eq "accept list" 200 "$(req m4 -H "$AA" -H "Accept: text/html, application/taxii+json; version=2.1" "$U/taxii2/")"
check_eq "accept any" 200 "$(req m5 -H "$AA" -H "Accept: */*" "$U/taxii2/")"
check_eq "response media type" "$TAXII_CT" "$(hdr m5 Content-Type)"

# --- discovery, api root, collections ----------------------------------
for p in /taxii2/ /taxii2; do
    check_eq "discovery $p" 200 "$(req d -H "$AA" -H "$ACC" "$U$p")"
    check_eq "discovery fields $p" "$U/taxii2/api/|['$U/taxii2/api/']" \
        "$(json_get "$T/d.body" 'd["default"]+"|"+str(d["api_roots"])')"
done
for p in /taxii2/api/ /taxii2/api; do
    check_eq "api root $p" 200 "$(req r -H "$AA" -H "$ACC" "$U$p")"
    check_eq "api root versions $p" "['$TAXII_CT']" "$(json_get "$T/r.body" 'd["versions"]')"
done
check_eq "collections" 200 "$(req c -H "$AA" -H "$ACC" "$U/taxii2/api/collections/")"
CID=$(json_get "$T/c.body" 'd["collections"][0]["id"]')
check_eq "collection id is UUIDv5 of collection:indicators" "$CID" \
    "$(/usr/bin/python3 -c 'import uuid; print(uuid.uuid5(uuid.UUID("'"$GISAC_UUID_NS"'"), "collection:indicators"))')"
check_eq "three collections: indicators, advisories and moda's" "Indicators Advisories Submissions of Ministry of Digital Affairs" \
    "$(json_get "$T/c.body" '" ".join(c["title"] for c in d["collections"])')"
check_eq "advisories collection id is UUIDv5 of collection:advisories" "$(json_get "$T/c.body" 'd["collections"][1]["id"]')" \
    "$(/usr/bin/python3 -c 'import uuid; print(uuid.uuid5(uuid.UUID("'"$GISAC_UUID_NS"'"), "collection:advisories"))')"
check_eq "collection fields" "Indicators True False ['application/stix+json;version=2.1']" \
    "$(json_get "$T/c.body" '" ".join(str(x) for x in [d["collections"][0][k] for k in ("title","can_read","can_write","media_types")])')"
check_eq "collections no slash" 200 "$(req c2 -H "$AA" -H "$ACC" "$U/taxii2/api/collections")"
check_eq "collection" 200 "$(req c3 -H "$AA" -H "$ACC" "$U/taxii2/api/collections/$CID/")"
check_eq "collection id" "$CID" "$(json_get "$T/c3.body" 'd["id"]')"
check_eq "collection no slash" 200 "$(req c4 -H "$AA" -H "$ACC" "$U/taxii2/api/collections/$CID")"
check_eq "unknown collection" 404 "$(req c5 -H "$AA" -H "$ACC" "$U/taxii2/api/collections/00000000-0000-4000-8000-000000000000/")"
check_eq "404 media type" "$TAXII_CT" "$(hdr c5 Content-Type)"
check_eq "unknown taxii path" 404 "$(req c6 -H "$AA" -H "$ACC" "$U/taxii2/api/status/x/")"
OBJ=$U/taxii2/api/collections/$CID/objects

# --- paging: 2500 + 14 + amber + red = 2516 for the analyst -------------
# pages URL HEADER: "PAGES TOTAL UNIQUE LAST_MORE" of the indicators, walking next
cat >"$T/pages.py" <<'PY'
import json, sys, urllib.request
url, auth = sys.argv[1], sys.argv[2]
pages, ids, nxt, more = 0, [], None, True
while more:
    u = url + ("&next=" + nxt if nxt else "")
    rq = urllib.request.Request(u, headers={"Authorization": auth,
                                            "Accept": "application/taxii+json;version=2.1"})
    with urllib.request.urlopen(rq) as r:
        d = json.load(r)
    pages += 1
    ids += [o["id"] for o in d.get("objects", []) if o["type"] == "indicator"]
    more, nxt = d["more"], d.get("next")
    if pages > 100:
        break
print(pages, len(ids), len(set(ids)), more)
PY
check_eq "analyst pages" "3 2516 2516 False" "$(/usr/bin/python3 "$T/pages.py" "$OBJ/?limit=1000" "Bearer $TA")"
check_eq "consumer pages (no amber, no red)" "3 2514 2514 False" "$(/usr/bin/python3 "$T/pages.py" "$OBJ?limit=1000" "Token $TC")"
check_eq "small pages" "26 2516 2516 False" "$(/usr/bin/python3 "$T/pages.py" "$OBJ/?limit=100" "Bearer $TA")"
check_eq "page 1" 200 "$(req o1 -H "$AA" -H "$ACC" "$U/taxii2/api/collections/$CID/objects/?limit=1000")"
check_eq "page 1 count, more" "1000 True" "$(json_get "$T/o1.body" 'len(d["objects"]), d["more"]' | tr -d '(),')"
check_eq "date added first" 2026-11-24T00:00:00.000Z "$(hdr o1 X-TAXII-Date-Added-First)"
check_eq "date added last" 2026-11-24T00:00:00.000Z "$(hdr o1 X-TAXII-Date-Added-Last)"
check_eq "default limit is 1000" "1000" "$(req o2 -H "$AA" "$OBJ" >/dev/null; json_get "$T/o2.body" 'len(d["objects"])')"
check_eq "limit above 1000 is capped" "1000" "$(req o3 -H "$AA" "$OBJ?limit=5000" >/dev/null; json_get "$T/o3.body" 'len(d["objects"])')"
check_eq "same next twice" "$(json_get "$T/o1.body" 'd["next"]')" "$(json_get "$T/o2.body" 'd["next"]')"
check_eq "bad limit" 400 "$(req o4 -H "$AA" "$OBJ?limit=0")"
check_eq "bad next" 400 "$(req o5 -H "$AA" "$OBJ?next=zz")"
check_eq "unsupported filter" 400 "$(req o6 -H "$AA" "$OBJ?match%5Bcolor%5D=all")"

# the objects of a page validate against the OASIS schemas
if have_shared && [ -d "$SHARED/data/stix2.1-schemas" ]; then
    /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); json.dump({"type":"bundle","id":"bundle--8a4a6f26-1a2b-4c3d-8e4f-5a6b7c8d9e0f","objects":d["objects"]}, open(sys.argv[2],"w"))' "$T/o1.body" "$T/page.json"
    check_status "page objects validate" 0 /usr/bin/python3 "$GISAC_SRCDIR/scripts/stix_validate.py" \
        "$SHARED/data/stix2.1-schemas" "$T/page.json"
else
    echo "note: $SHARED/data/stix2.1-schemas absent: schema validation skipped"
fi

# the objects are exactly those of intel export --format stix
check_status "export stix" 0 "$GISAC" intel export --format stix --max-tlp red
/usr/bin/python3 - "$T/out" "$T/pages.py" "$OBJ" "Bearer $TA" >"$T/cmp" <<'PY'
import json, sys, urllib.request
bundle = json.load(open(sys.argv[1]))
want = {o["id"]: o for o in bundle["objects"] if o["type"] == "indicator"}
got, nxt = {}, None
while True:
    u = sys.argv[3] + "?limit=1000" + ("&next=" + nxt if nxt else "")
    rq = urllib.request.Request(u, headers={"Authorization": sys.argv[4]})
    d = json.load(urllib.request.urlopen(rq))
    for o in d.get("objects", []):
        if o["type"] == "indicator":
            got[o["id"]] = o
    if not d["more"]:
        break
    nxt = d["next"]
print(len(want), len(got), want == got)
PY
check_eq "objects equal the stix export" "2516 2516 True" "$(cat "$T/cmp")"

# --- filters -----------------------------------------------------------
check_eq "added_after" 200 "$(req f1 -H "$AA" "$OBJ/?added_after=2026-11-24T00:30:00Z")"
check_eq "added_after: the red one" "1 indicator red-secret.example False" \
    "$(jo f1 '" ".join(str(x) for x in [len(d["objects"]), d["objects"][0]["type"], d["objects"][0]["name"].split()[1], d["more"]])')"
check_eq "added_after: what it refers to" "identity:gisac marking-definition:TLP:RED" "$(refs f1)"
check_eq "added_after headers" 2026-11-24T01:00:00.000Z "$(hdr f1 X-TAXII-Date-Added-First)"
check_eq "added_after consumer: nothing" '{"more":false}' "$(req f2 -H "$AC" "$OBJ/?added_after=2026-11-24T00:30:00Z" >/dev/null; cat "$T/f2.body")"
check_eq "no date headers on an empty page" "" "$(hdr f2 X-TAXII-Date-Added-First)"
check_eq "bad added_after" 400 "$(req f3 -H "$AA" "$OBJ/?added_after=yesterday")"
RED=$(jo f1 'd["objects"][0]["id"]')
ONE=$(jo o1 'd["objects"][0]["id"]')
TWO=$(jo o1 'd["objects"][1]["id"]')
check_eq "match[id]" "['$ONE']" "$(req f4 -H "$AA" "$OBJ/?match%5Bid%5D=$ONE" >/dev/null; jo f4 '[o["id"] for o in d["objects"]]')"
check_eq "match[id] list" "2" "$(req f5 -H "$AA" "$OBJ/?match%5Bid%5D=$TWO,$ONE,indicator--00000000-0000-4000-8000-000000000000" >/dev/null; jo f5 'len(d["objects"])')"
check_eq "match[id] paged" "1 True" "$(req f6 -H "$AA" "$OBJ/?limit=1&match%5Bid%5D=$TWO,$ONE" >/dev/null; jo f6 'len(d["objects"]), d["more"]' | tr -d '(),')"
NX=$(json_get "$T/f6.body" 'd["next"]')
check_eq "match[id] page 2" "1 False" "$(req f7 -H "$AA" "$OBJ/?limit=1&next=$NX&match%5Bid%5D=$TWO,$ONE" >/dev/null; jo f7 'len(d["objects"]), d["more"]' | tr -d '(),')"
check_eq "match[id] red, consumer" '{"more":false}' "$(req f8 -H "$AC" "$OBJ/?match%5Bid%5D=$RED" >/dev/null; cat "$T/f8.body")"
check_eq "match[type]=indicator" 1000 "$(req f9 -H "$AA" "$OBJ/?match%5Btype%5D=indicator" >/dev/null; json_get "$T/f9.body" 'len(d["objects"])')"
check_eq "match[type]=malware" '{"more":false}' "$(req f10 -H "$AA" "$OBJ/?match%5Btype%5D=malware" >/dev/null; cat "$T/f10.body")"

# --- object by id -------------------------------------------------------
check_eq "object" 200 "$(req g1 -H "$AA" -H "$ACC" "$OBJ/$ONE/")"
check_eq "object id" "$ONE" "$(json_get "$T/g1.body" 'd["objects"][0]["id"]')"
check_eq "object no slash" 200 "$(req g2 -H "$AA" "$OBJ/$ONE")"
check_eq "object red, analyst" 200 "$(req g3 -H "$AA" "$OBJ/$RED/")"
check_eq "object red, consumer" 404 "$(req g4 -H "$AC" "$OBJ/$RED/")"
check_eq "object unknown" 404 "$(req g5 -H "$AA" "$OBJ/indicator--00000000-0000-4000-8000-000000000000/")"
check_eq "object malformed id" 404 "$(req g6 -H "$AA" "$OBJ/x/")"
check_eq "object subpath absent" 404 "$(req g7 -H "$AA" "$OBJ/$ONE/other/")"

# --- feeds ------------------------------------------------------------
check_eq "feed plain analyst" 200 "$(req p1 -H "$AA" "$U/feeds/plain")"
check_status "export plain" 0 "$GISAC" intel export --format plain --max-tlp red
cp "$T/out" "$T/plain.all"
check_eq "feed = export" "" "$(diff "$T/plain.all" "$T/p1.body")"
check_grep "red in analyst feed" red-secret.example "$T/p1.body"
check_eq "feed plain consumer" 200 "$(req p2 -H "$AC" "$U/feeds/plain/")"
check_nogrep "no red for consumer" red-secret.example "$T/p2.body"
check_nogrep "no amber for consumer" amber-only.example "$T/p2.body"
check_status "export plain green" 0 "$GISAC" intel export --format plain --max-tlp green
check_eq "consumer feed = export --max-tlp green" "$(cat "$T/out")" "$(cat "$T/p2.body")"
ETAG=$(hdr p2 ETag)
check_eq "etag is the sha-256" "\"$(sha256sum "$T/p2.body" | cut -d' ' -f1)\"" "$ETAG"
check_eq "304" 304 "$(req p3 -H "$AC" -H "If-None-Match: $ETAG" "$U/feeds/plain")"
check_eq "304 empty" "" "$(cat "$T/p3.body" 2>/dev/null)"
check_eq "304 etag" "$ETAG" "$(hdr p3 ETag)"
check_eq "other etag: 200" 200 "$(req p4 -H "$AC" -H 'If-None-Match: "x"' "$U/feeds/plain")"
check_eq "feed basic" 200 "$(req p5 -u 'ann:analyst password 01' "$U/feeds/csv")"
check_eq "csv type" "text/csv; charset=utf-8" "$(hdr p5 Content-Type)"
check_eq "feed zeek" 200 "$(req pz -H "$AC" "$U/feeds/zeek")"
check_status "export zeek green" 0 "$GISAC" intel export --format zeek --max-tlp green
check_eq "consumer zeek feed = export --max-tlp green" "$(cat "$T/out")" "$(cat "$T/pz.body")"
for f in rpz nft stix; do
    check_eq "feed $f" 200 "$(req p6 -H "$AC" "$U/feeds/$f")"
    check_nogrep "no red in $f" red-secret.example "$T/p6.body"
done
check_eq "stix feed = export" "$("$GISAC" intel export --format stix --max-tlp green)" "$(cat "$T/p6.body")"
check_eq "unknown feed" 404 "$(req p7 -H "$AC" "$U/feeds/nope")"
check_eq "feed no auth" 401 "$(req p8 "$U/feeds/plain")"

# --- metrics ------------------------------------------------------------
check_eq "metrics consumer" 403 "$(req x1 -H "$AC" "$U/metrics")"
check_eq "metrics no auth" 401 "$(req x2 "$U/metrics")"
check_eq "metrics" 200 "$(req x3 -H "$AA" "$U/metrics")"
check_grep "metrics domains" 'gisac_indicators_active{type="domain"} 2506' "$T/x3.body"
check_grep "metrics ipv4" 'gisac_indicators_active{type="ipv4"} 2' "$T/x3.body"
check_grep "metrics type line" '# TYPE gisac_http_requests_total counter' "$T/x3.body"
check_grep "metrics 3xx" 'gisac_http_requests_total{class="3xx"} 1' "$T/x3.body"
check_eq "metrics content type" "text/plain; version=0.0.4; charset=utf-8" "$(hdr x3 Content-Type)"

# --- access log ----------------------------------------------------------
check_grep "access log" '"method":"GET","path":"/feeds/plain","status":304,"bytes":0,' "$T/server.log"
check_grep "access log principal" '"status":200,"bytes":16,' "$T/server.log"
/usr/bin/python3 -c 'import json,sys
n = 0
for line in open(sys.argv[1]):
    if line.startswith("{"):
        d = json.loads(line); n += 1
        assert set(d) == {"time","method","path","status","bytes","ms","principal"}, d
print("ok" if n > 50 else n)' "$T/server.log" >"$T/logcheck" 2>&1
check_eq "every access log line is JSON" ok "$(cat "$T/logcheck")"

# --- concurrent clients: every answer right, under the thread pool ------
check_eq "concurrent requests" "400 ok" "$(/usr/bin/python3 - "$OBJ" "Bearer $TA" "Token $TC" "$U" <<'PY'
import json, sys, threading, urllib.request
obj, ta, tc, base = sys.argv[1:5]
res, lock = [], threading.Lock()
def work(k):
    for i in range(50):
        auth = ta if (k + i) % 2 else tc
        url = [obj + "?limit=10", base + "/feeds/plain", base + "/healthz"][i % 3]
        rq = urllib.request.Request(url, headers={"Authorization": auth})
        try:
            with urllib.request.urlopen(rq) as r:
                body = r.read()
                ok = r.status == 200 and (not url.startswith(obj) or len(json.loads(body)["objects"]) == 10)
        except Exception:
            ok = False
        with lock:
            res.append(ok)
ts = [threading.Thread(target=work, args=(k,)) for k in range(8)]
for t in ts: t.start()
for t in ts: t.join()
print(len(res), "ok" if all(res) else "failed: %d" % res.count(False))
PY
)"

# --- a slow client is dropped after --timeout 2 --------------------------
check_eq "slowloris dropped" closed "$(/usr/bin/python3 - "$PORT" <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
s.settimeout(8)
t = time.time()
try:
    data = s.recv(100)
    print("closed" if data == b"" and time.time() - t < 7 else "open")
except ConnectionResetError:
    print("closed")
except socket.timeout:
    print("open")
PY
)"

# --- SIGTERM -------------------------------------------------------------
serve_stop
check_eq "exit 0 on SIGTERM" 0 "$SRV_STATUS"
check_grep "shut down" "gisac: SIGTERM: shutting down" "$T/server.log"

# --- SIGINT, too ---------------------------------------------------------
"$GISAC" serve --listen 127.0.0.1:0 --threads 1 2>"$T/server2.log" &
SRV_PID=$!
for _ in $(seq 1 100); do
    grep -q "listening on" "$T/server2.log" && break
    sleep 0.05
done
kill -INT "$SRV_PID"
wait "$SRV_PID"
check_eq "exit 0 on SIGINT" 0 "$?"
SRV_PID=
check_grep "stopped" "gisac: stopped" "$T/server2.log"

finish
