#!/bin/sh
# GET /api/v1/indicators/search writes its answer directly (no jansson
# objects): byte for byte the JSON that GET /indicators/{type}/{value}
# (built with jansson) gives for each hit, for every kind of hit, every
# viewer, and strings that need escaping (quotes, backslashes, every
# control character, non-ASCII, labels). Also: keyset pages and the
# cursor's 400 over the API, and a remembered Basic login refused at once
# when the password changes or the account is disabled.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_PWHASH_FAST=1
command -v curl >/dev/null || { echo "curl not installed: skipped"; exit 77; }
PY=/usr/bin/python3
SRV_PID=
trap 'serve_stop; rm -rf "$T"' EXIT

export GISAC_NOW=2026-11-24T00:00:00Z
check_status "agency" 0 "$GISAC" agency add moda --name "Ministry of Digital Affairs" --grade A
echo 'analyst password 01' >"$T/pw"
check_status "analyst" 0 "$GISAC" user add ann --role analyst <"$T/pw"
check_status "consumer" 0 "$GISAC" user add fw --role consumer --agency moda </dev/null
check_status "partner" 0 "$GISAC" user add cert --role consumer </dev/null
make_tokens ann fw cert
printf '%s\n' weird.example sub.weird.example 198.51.100.0/24 198.51.100.0/25 198.51.100.7 \
    2001:db8::/32 2001:db8::1 'http://weird.example/x' 'http://198.51.100.9/y' \
    mail@sub.weird.example d41d8cd98f00b204e9800998ecf8427e >"$T/green.txt"
touch -d 2026-11-01T00:00:00Z "$T/green.txt"
check_status "import green" 0 "$GISAC" feed import --source drill --tlp green "$T/green.txt"
printf 'amber.weird.example\n198.51.100.64/26\n' >"$T/amber.txt"
check_status "import amber" 0 "$GISAC" feed import --source second --tlp amber --recipient moda "$T/amber.txt"
printf 'red.weird.example\n' >"$T/red.txt"
check_status "import red" 0 "$GISAC" feed import --source third --tlp red "$T/red.txt"
printf 'query for sub.weird.example from 10.0.0.1\nagain sub.weird.example\n' >"$T/log.txt"
check_status "sightings" 0 "$GISAC" match --record --no-auto-report --agency moda --format text "$T/log.txt"

serve_start "$T/server.log" --threads 2 --timeout 5
A=http://127.0.0.1:$PORT/api/v1

# names, descriptions and labels that need escaping, through the API
cat >"$T/esc.json" <<'EOF'
{"tlp":"green","source":"esc \"src\" \\ é","indicators":[
 {"type":"domain","value":"esc.weird.example",
  "name":"q\"b\\s/ \u0001\u0002\b\f\n\r\t\u001f\u007f é 😀 \u2028",
  "description":"line one\nline two\ttab \u0000 nul? no: \u0010",
  "labels":["x\"y","é","\u0003","a/b"],"confidence":70,"valid_until":"2027-01-01T00:00:00Z"},
 {"type":"url","value":"http://esc.weird.example/p?q=1","name":"plain"}]}
EOF
# a NUL cannot be in a C string: the body says "\u0000", which is refused (422)
check_eq "add escapes: NUL refused" 422 "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/tok.ann")" -H 'Content-Type: application/json' --data-binary @"$T/esc.json" "$A/indicators")"
sed 's/ \\u0000 nul? no://' "$T/esc.json" >"$T/esc2.json"
check_eq "add escapes" 200 "$(curl -s -o "$T/add.body" -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/tok.ann")" -H 'Content-Type: application/json' --data-binary @"$T/esc2.json" "$A/indicators")"

cat >"$T/diff.py" <<'PYEOF'
import json, sys, urllib.request, urllib.parse, urllib.error
base, tokdir = sys.argv[1], sys.argv[2]
queries = sys.argv[3:]
def get(path, tok):
    rq = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + tok})
    try:
        with urllib.request.urlopen(rq) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
bad, hits = 0, 0
for viewer in ("ann", "fw", "cert"):
    tok = open(tokdir + "/tok." + viewer).read().strip()
    for q in queries:
        st, body = get("/indicators/search?value=" + urllib.parse.quote(q, safe=""), tok)
        d = json.loads(body)
        parts = []
        for h in d["hits"]:
            i = h["indicator"]
            st2, one = get("/indicators/%s/%s" % (i["type"], urllib.parse.quote(i["value"], safe="")), tok)
            parts.append(b'{"relation":' + json.dumps(h["relation"]).encode() + b',"indicator":' + one.rstrip(b"\n") + b"}")
            hits += 1
        want = b'{"query":' + json.dumps(q, ensure_ascii=False).encode() + b',"hits":[' + b",".join(parts) + b"]}\n"
        if st != 200 or body != want:
            bad += 1
            sys.stderr.write("%s %s:\n  got  %r\n  want %r\n" % (viewer, q, body, want))
print(bad, hits)
PYEOF
# each query's answer against the indicators' own answers; the counts of
# hits pin what each viewer finds (ann sees all, fw amber of moda, cert green)
check_eq "search answers = jansson answers" "0 104" "$("$PY" "$T/diff.py" "$A" "$T" \
    weird.example www.sub.weird.example esc.weird.example x.esc.weird.example \
    red.weird.example amber.weird.example 198.51.100.7 198.51.100.70 198.51.100.0/25 \
    2001:db8::1 '2001:db8::/48' 'hxxp://weird[.]example/x' 'http://198.51.100.9/y' \
    'http://esc.weird.example/p?q=1' MAIL@SUB.WEIRD.EXAMPLE \
    D41D8CD98F00B204E9800998ECF8427E nothing.example 203.0.113.1)"
# the one that needed escaping, as written
curl -s -H "Authorization: Bearer $(cat "$T/tok.cert")" "$A/indicators/search?value=esc.weird.example" >"$T/esc.out"
check_grep "escaped name (bytes)" "$(printf '"name":"q\\"b\\\\s/ \\u0001\\u0002\\b\\f\\n\\r\\t\\u001F\177 é 😀 \342\200\250"')" "$T/esc.out"
check_grep "labels (united, sorted)" '"labels":["\u0003","a/b","x\"y","é"]' "$T/esc.out"
check_grep "source with quotes" '"sources":[{"name":"esc \"src\" \\ é"' "$T/esc.out"
# a value that is not UTF-8: the same answer as before (built with jansson)
check_eq "not UTF-8" 422 "$(curl -s -o "$T/nu.body" -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/tok.ann")" "$A/indicators/search?value=%ff.example")"

# --- keyset pages over the API ------------------------------------------------
cat >"$T/pages.py" <<'PYEOF'
import json, sys, urllib.request
base, tok, limit, query = sys.argv[1:5]
rows, pages, nxt = [], 0, None
while True:
    u = base + "/indicators?limit=" + limit + query + ("&cursor=" + nxt if nxt else "")
    d = json.load(urllib.request.urlopen(urllib.request.Request(u, headers={"Authorization": "Bearer " + tok})))
    pages += 1
    rows += [i["type"] + "\t" + i["value"] for i in d["indicators"]]
    nxt = d["next"]
    if not nxt or pages > 1000:
        break
sys.stdout.write("".join(r + "\n" for r in rows))
PYEOF
"$GISAC" intel list | cut -f1-2 >"$T/all.rows"
for lim in 1 2 3 5 16; do
    "$PY" "$T/pages.py" "$A" "$(cat "$T/tok.ann")" $lim "" >"$T/p$lim.rows"
    check_eq "pages of $lim: every row once, in order" "" "$(diff "$T/all.rows" "$T/p$lim.rows")"
done
check_eq "rows" 16 "$(wc -l <"$T/all.rows" | tr -d ' ')"
"$PY" "$T/pages.py" "$A" "$(cat "$T/tok.fw")" 2 "&type=domain" >"$T/fw.rows"
check_eq "consumer's pages of domains" "domain	amber.weird.example
domain	esc.weird.example
domain	sub.weird.example
domain	weird.example" "$(cat "$T/fw.rows")"
err() { $PY -c 'import json,sys; e=json.load(open(sys.argv[1]))["error"]; print(e["code"]+": "+e["message"])' "$1"; }
curl -s -o "$T/c1.body" -H "Authorization: Bearer $(cat "$T/tok.ann")" "$A/indicators?cursor=bm9wZQ"
check_eq "bad cursor" "bad_request: query parameter 'cursor': malformed cursor" "$(err "$T/c1.body")"
check_eq "bad cursor status" 400 "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/tok.ann")" "$A/indicators?cursor=%21")"

# --- Basic: a remembered login ends with the password ------------------------
B="ann:analyst password 01"
check_eq "basic" 200 "$(curl -s -o /dev/null -w '%{http_code}' -u "$B" "$A/stats")"
check_eq "basic again" 200 "$(curl -s -o /dev/null -w '%{http_code}' -u "$B" "$A/stats")"
echo 'analyst password 02' | "$GISAC" user passwd ann >/dev/null 2>&1 || fail "passwd"
check_eq "old password refused at once" 401 "$(curl -s -o /dev/null -w '%{http_code}' -u "$B" "$A/stats")"
check_eq "new password" 200 "$(curl -s -o /dev/null -w '%{http_code}' -u "ann:analyst password 02" "$A/stats")"
"$GISAC" user disable ann >/dev/null 2>&1 || fail "disable"
check_eq "disabled refused at once" 401 "$(curl -s -o /dev/null -w '%{http_code}' -u "ann:analyst password 02" "$A/stats")"
check_eq "its token too" 401 "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/tok.ann")" "$A/stats")"
finish
