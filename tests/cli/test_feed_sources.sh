#!/bin/sh
# Feed sources fetched on schedule (docs/feed-sources.md): gisac feed
# add|list|show|fetch|remove|enable|disable, the fetch against a loopback
# feed server (tests/cli/feed_server.py: ETag and Last-Modified, 304, 500,
# gzip, redirects, a redirect loop, bodies over the size limit, a list that
# shrinks), aging of complete sources with a test clock, --label, the API
# under /api/v1/feeds and the scheduler of a running gisac serve.
. "$GISAC_SRCDIR/tests/cli/lib.sh"

PIDS=
trap stop_all EXIT

# --- the feed server ----------------------------------------------------
F=$T/feeds
start_helper "$F" feed_server.py "$F"
FP=$(cat "$F/port")
B=http://127.0.0.1:$FP
# the n-th request the feed server saw, as python reads it
reqn() { sed -n "${1}p" "$F/requests.jsonl" >"$T/reqn.json"; json_get "$T/reqn.json" "$2"; }
nreq() { wc -l <"$F/requests.jsonl" | tr -d ' '; }

# list_at MTIME LINES...: the feed server's list.txt holds LINES, modified at MTIME
list_at() {
    list_mtime=$1
    shift
    printf '%s\n' "$@" >"$F/list.txt"
    touch -d "$list_mtime" "$F/list.txt"
}
list_at 2026-11-20T00:00:00Z '# a complete list' 198.51.100.1 198.51.100.2 c2.example
printf 'evil.example\n203.0.113.9\n' >"$F/list2.txt"

export GISAC_NOW=2026-11-24T00:00:00Z

# --- add: what is refused ----------------------------------------------------
check_out "add: ftp" 2 "gisac: ftp://x.example/a: only http and https are fetched" \
    "$GISAC" feed add bad ftp://x.example/a
check_out "add: not a URL" 2 "gisac: not a URL" "$GISAC" feed add bad 'http://a b'
check_out "add: every too short" 2 \
    "gisac: 5s: every is a duration from 60s to 30d (such as 15m, 1h, 1d)" \
    "$GISAC" feed add bad "$B/files/list.txt" --every 5s
check_out "add: grace without complete" 2 \
    "gisac: a grace period is for a complete source only" \
    "$GISAC" feed add bad "$B/files/list.txt" --grace 1d
check_out "add: bad header" 2 "gisac: a header is written 'Name: value'" \
    "$GISAC" feed add bad "$B/files/list.txt" --header 'no colon'
check_out "add: own header" 2 "gisac: If-None-Match is set by gisac itself" \
    "$GISAC" feed add bad "$B/files/list.txt" --header 'If-None-Match: x'
check_out "add: bad name" 2 \
    "gisac: a/b: a source name holds letters, digits, '.', '_' and '-' only" \
    "$GISAC" feed add a/b "$B/files/list.txt"
check_out "add: reserved name" 2 "gisac: import: the name is reserved" \
    "$GISAC" feed add import "$B/files/list.txt"
check_out "add: bad format" 2 "gisac: xml: the format is auto, plain, csv, ndjson, stix or misp" "$GISAC" feed add bad "$B/files/list.txt" --format xml
check_out "add: one argument" 2 "gisac: give NAME and URL
gisac: try 'gisac feed add --help'" "$GISAC" feed add bad

# --- add, show, list ----------------------------------------------------------
check_out "add osint" 0 "added feed source osint" "$GISAC" feed add osint "$B/files/list.txt" \
    --format plain --every 1h --tlp green --confidence 80 --label c2 --label feodo \
    --header 'X-Api-Key: s3cret-key' --complete --grace 1d
check_out "add osint again" 2 "gisac: feed source osint exists already" \
    "$GISAC" feed add osint "$B/files/list.txt"
check_out "show before the first fetch" 0 "name          osint
url           $B/files/list.txt
format        plain
every         1h
tlp           green
confidence    80
labels        [\"c2\",\"feodo\"]
headers       [\"X-Api-Key: ****\"]
complete      yes
grace         1d
max_bytes     268435456
enabled       yes
created       2026-11-24T08:00:00+08:00
next_try      2026-11-24T08:00:00+08:00
last_try      -
last_success  -
http_status   -
added         0
updated       0
dropped       0
failures      0
last_error    -
etag          -
last_modified -" "$GISAC" feed show osint
check_status "the secret is not shown" 0 "$GISAC" feed show osint --json
check_nogrep "no secret in show --json" "s3cret" "$T/out"
check_eq "show --json" "{\"name\":\"osint\",\"url\":\"$B/files/list.txt\",\"format\":\"plain\",\"every\":3600,\"tlp\":\"green\",\"confidence\":80,\"labels\":[\"c2\",\"feodo\"],\"headers\":[\"X-Api-Key: ****\"],\"complete\":true,\"grace\":86400,\"max_bytes\":268435456,\"enabled\":true,\"created\":\"2026-11-24T00:00:00Z\",\"status\":{\"next_try\":\"2026-11-24T00:00:00Z\",\"last_try\":null,\"last_success\":null,\"http_status\":null,\"added\":null,\"updated\":null,\"dropped\":null,\"failures\":0,\"last_error\":null,\"etag\":null,\"last_modified\":null}}" "$(cat "$T/out")"
check_out "show unknown" 1 "gisac: feed source nope: not found" "$GISAC" feed show nope
check_out "fetch unknown" 1 "gisac: feed source nope: not found" "$GISAC" feed fetch nope

# --- the first fetch: 200, imported with the source's labels, TLP, confidence --
check_out "fetch osint" 0 "osint: HTTP 200, 55 bytes: added 3, updated 0, unchanged 0, dropped 0, rejected 0" \
    "$GISAC" feed fetch osint
check_eq "the key was sent" "s3cret-key" "$(reqn 1 'd["headers"]["x-api-key"]')"
check_eq "no condition the first time" "None None" \
    "$(reqn 1 'str(d["headers"].get("if-none-match"))+" "+str(d["headers"].get("if-modified-since"))')"
check_eq "gzip asked for" "True" "$(reqn 1 '"gzip" in d["headers"]["accept-encoding"]')"
check_eq "user agent" "True" "$(reqn 1 'd["headers"]["user-agent"].startswith("gisac/")')"
check_out "imported" 0 "ipv4	198.51.100.1	active	tlp:green	80	osint
ipv4	198.51.100.2	active	tlp:green	80	osint
domain	c2.example	active	tlp:green	80	osint" "$GISAC" intel list
"$GISAC" intel search c2.example --json >"$T/s.json"
check_eq "labels of the source" "['c2', 'feodo']" "$(json_get "$T/s.json" 'd["hits"][0]["indicator"]["labels"]')"
"$GISAC" feed show osint --json >"$T/o.json"
check_eq "status after 200" "2026-11-24T00:00:00Z 2026-11-24T00:00:00Z 200 3 0 0 0 None 2026-11-24T01:00:00Z" \
    "$(json_get "$T/o.json" '" ".join(str(d["status"][k]) for k in ("last_try","last_success","http_status","added","updated","dropped","failures","last_error","next_try"))')"
ETAG=$(json_get "$T/o.json" 'd["status"]["etag"]')
check_eq "last modified kept" "Fri, 20 Nov 2026 00:00:00 GMT" "$(json_get "$T/o.json" 'd["status"]["last_modified"]')"

# --- 304: nothing changes but the status -------------------------------------------
export GISAC_NOW=2026-11-24T01:00:00Z
check_out "fetch osint unchanged" 0 "osint: HTTP 304, not modified" "$GISAC" feed fetch osint
check_eq "If-None-Match sent" "$ETAG" "$(reqn 2 'd["headers"]["if-none-match"]')"
check_eq "If-Modified-Since sent" "Fri, 20 Nov 2026 00:00:00 GMT" "$(reqn 2 'd["headers"]["if-modified-since"]')"
"$GISAC" feed show osint --json >"$T/o.json"
check_eq "status after 304" "2026-11-24T01:00:00Z 2026-11-24T01:00:00Z 304 0 0 0 $ETAG" \
    "$(json_get "$T/o.json" '" ".join(str(d["status"][k]) for k in ("last_try","last_success","http_status","added","updated","dropped","etag"))')"
check_out "the indicators are as they were" 0 "ipv4	198.51.100.1	active	tlp:green	80	osint
ipv4	198.51.100.2	active	tlp:green	80	osint
domain	c2.example	active	tlp:green	80	osint" "$GISAC" intel list
check_out "fetch --json" 0 '{"name":"osint","ok":true,"not_modified":true,"http_status":304,"bytes":0,"dropped":0,"error":null,"next_try":"2026-11-24T02:00:00Z"}' \
    "$GISAC" feed fetch osint --json

# --- the list shrinks: dropped after the grace period, kept inactive with why ----------
# 198.51.100.2 also comes from a file import: only osint's record of it goes
printf '198.51.100.2\n' >"$T/manual.txt"
check_status "manual import" 0 "$GISAC" feed import --source manual "$T/manual.txt"
list_at 2026-11-24T01:30:00Z 198.51.100.1
export GISAC_NOW=2026-11-24T02:00:00Z
check_out "fetch the shorter list" 0 "osint: HTTP 200, 13 bytes: added 0, updated 1, unchanged 0, dropped 0, rejected 0" \
    "$GISAC" feed fetch osint
check_out "within the grace period nothing is dropped" 0 "ipv4	198.51.100.1	active	tlp:green	80	osint
ipv4	198.51.100.2	active	tlp:amber	80	manual,osint
domain	c2.example	active	tlp:green	80	osint" "$GISAC" intel list
# a day later the list is unchanged (304), and the grace period is over
export GISAC_NOW=2026-11-25T03:00:00Z
check_out "dropped after the grace period" 0 "osint: HTTP 304, not modified: dropped 2" \
    "$GISAC" feed fetch osint
check_out "what no source lists is inactive; the other keeps its other source" 0 \
    "ipv4	198.51.100.1	active	tlp:green	80	osint
ipv4	198.51.100.2	active	tlp:amber	-	manual
domain	c2.example	expired	tlp:green	80	osint" "$GISAC" intel list
"$GISAC" intel search c2.example --json >"$T/s.json"
check_eq "why it is inactive" "{'source': 'osint', 'at': '2026-11-25T03:00:00Z', 'reason': 'no longer listed by any source'}" \
    "$(json_get "$T/s.json" 'd["hits"][0]["delisted"]')"
check_out "it leaves the blocklists" 0 "198.51.100.1
198.51.100.2" "$GISAC" intel export --format plain
check_eq "dropped in the status" "2" "$(json_get /dev/stdin 'd["status"]["dropped"]' <<EOF
$("$GISAC" feed show osint --json)
EOF
)"
check_status "audited" 0 "$GISAC" audit list --action feed.age
check_grep "audited" '"dropped":2' "$T/out"
# listed again: active again, the reason gone
list_at 2026-11-25T04:00:00Z 198.51.100.1 c2.example
export GISAC_NOW=2026-11-25T05:00:00Z
check_out "listed again" 0 "osint: HTTP 200, 24 bytes: added 0, updated 2, unchanged 0, dropped 0, rejected 0" \
    "$GISAC" feed fetch osint
check_out "active again" 0 "ipv4	198.51.100.1	active	tlp:green	80	osint
ipv4	198.51.100.2	active	tlp:amber	-	manual
domain	c2.example	active	tlp:green	80	osint" "$GISAC" intel list
"$GISAC" intel search c2.example --json >"$T/s.json"
check_eq "no reason any more" "False" "$(json_get "$T/s.json" '"delisted" in d["hits"][0]')"

# --- failures: recorded in words, backed off ------------------------------------------
check_status "add broken" 0 "$GISAC" feed add broken "$B/fail" --every 1h
check_out "fetch broken" 2 "gisac: feed broken: the server answered 500 Internal Server Error" \
    "$GISAC" feed fetch broken
"$GISAC" feed show broken --json >"$T/b.json"
check_eq "status after 500" "2026-11-25T05:00:00Z None 500 1 the server answered 500 Internal Server Error 2026-11-25T05:01:00Z" \
    "$(json_get "$T/b.json" '" ".join(str(d["status"][k]) for k in ("last_try","last_success","http_status","failures","last_error","next_try"))')"
check_out "fetch broken --json" 2 '{"name":"broken","ok":false,"not_modified":false,"http_status":500,"bytes":7,"error":"the server answered 500 Internal Server Error","next_try":"2026-11-25T05:02:00Z"}
gisac: feed broken: the server answered 500 Internal Server Error' "$GISAC" feed fetch broken --json
check_eq "backed off twice as long" "2" "$(json_get /dev/stdin 'd["status"]["failures"]' <<EOF
$("$GISAC" feed show broken --json)
EOF
)"
check_status "add loop" 0 "$GISAC" feed add loop "$B/loop"
check_out "a redirect loop" 2 "gisac: feed loop: more than 5 redirects" "$GISAC" feed fetch loop
check_status "add big" 0 "$GISAC" feed add big "$B/big" --max-size 1048576
check_out "too big, no length" 2 "gisac: feed big: the body is larger than the limit of 1 MiB" \
    "$GISAC" feed fetch big
check_status "add big-length" 0 "$GISAC" feed add big-length "$B/big-length" --max-size 1048576
check_out "too big, by its length" 2 "gisac: feed big-length: the body is larger than the limit of 1 MiB" \
    "$GISAC" feed fetch big-length
check_status "add closed" 0 "$GISAC" feed add closed http://127.0.0.1:1/list.txt
check_status "a closed port" 2 "$GISAC" feed fetch closed
check_eq "a closed port" "gisac: feed closed: Failed to connect to 127.0.0.1 port 1: Couldn't connect to server" "$(cat "$T/err")"
check_out "nothing of them was imported" 0 "ipv4	198.51.100.1	active	tlp:green	80	osint
ipv4	198.51.100.2	active	tlp:amber	-	manual
domain	c2.example	active	tlp:green	80	osint" "$GISAC" intel list

# --- gzip and a redirect ---------------------------------------------------------------
check_status "add gz" 0 "$GISAC" feed add gz "$B/gzip/list2.txt" --tlp clear
check_out "fetch gzip" 0 "gz: HTTP 200, 25 bytes: added 2, updated 0, unchanged 0, dropped 0, rejected 0" \
    "$GISAC" feed fetch gz
check_status "add moved" 0 "$GISAC" feed add moved "$B/redirect/list2.txt"
check_out "fetch through a redirect" 0 "moved: HTTP 200, 25 bytes: added 0, updated 2, unchanged 0, dropped 0, rejected 0" \
    "$GISAC" feed fetch moved
# a redirect to another origin does not take the source's headers along
check_status "add away" 0 "$GISAC" feed add away "$B/away/list2.txt" --header 'X-Api-Key: k2'
n1=$(nreq)
check_out "fetch through a redirect elsewhere" 0 "away: HTTP 200, 25 bytes: added 0, updated 2, unchanged 0, dropped 0, rejected 0" \
    "$GISAC" feed fetch away
check_eq "the key to the source's origin" "127.0.0.1:$FP k2" "$(reqn $((n1 + 1)) 'd["headers"]["host"]+" "+d["headers"]["x-api-key"]')"
check_eq "not to the other" "localhost:$FP None" "$(reqn $((n1 + 2)) 'd["headers"]["host"]+" "+str(d["headers"].get("x-api-key"))')"
check_status "remove away" 0 "$GISAC" feed remove away
check_out "both sources" 0 "domain	evil.example	active	tlp:amber	-	away,gz,moved" \
    "$GISAC" intel list --type domain --source gz

# --- list, disable, enable, remove -------------------------------------------------------
check_out "list" 0 "big	auto	1h	enabled	-	200	the body is larger than the limit of 1 MiB
big-length	auto	1h	enabled	-	200	the body is larger than the limit of 1 MiB
broken	auto	1h	enabled	-	500	the server answered 500 Internal Server Error
closed	auto	1h	enabled	-	-	Failed to connect to 127.0.0.1 port 1: Couldn't connect to server
gz	auto	1h	enabled	2026-11-25T13:00:00+08:00	200	-
loop	auto	1h	enabled	-	302	more than 5 redirects
moved	auto	1h	enabled	2026-11-25T13:00:00+08:00	200	-
osint	plain	1h	enabled	2026-11-25T13:00:00+08:00	200	-" "$GISAC" feed list
check_out "disable" 0 "disabled feed source broken" "$GISAC" feed disable broken
check_out "disable again" 1 "gisac: feed source broken is disabled already" "$GISAC" feed disable broken
check_out "enable" 0 "enabled feed source broken" "$GISAC" feed enable broken
check_out "enable again" 1 "gisac: feed source broken is enabled already" "$GISAC" feed enable broken
check_out "remove" 0 "removed feed source closed" "$GISAC" feed remove closed
check_out "remove again" 1 "gisac: feed source closed: not found" "$GISAC" feed remove closed
check_out "disable unknown" 1 "gisac: feed source closed: not found" "$GISAC" feed disable closed

# --- --label on feed import ---------------------------------------------------------------
printf 'dst_ip,malware\n192.0.2.77,Dridex\n' >"$T/feodo.csv"
check_out "import with labels" 0 "imported 1, merged 0, unchanged 0, duplicates 0, rejected 0, unsupported 0, allowlisted 0" \
    "$GISAC" feed import --source feodo --label c2 --label botnet "$T/feodo.csv"
"$GISAC" intel search 192.0.2.77 --json >"$T/s.json"
check_eq "the row's and the import's labels" "['Dridex', 'botnet', 'c2']" \
    "$(json_get "$T/s.json" 'd["hits"][0]["indicator"]["labels"]')"
check_out "an empty label" 2 "gisac: --label needs a label
gisac: try 'gisac feed import --help'" "$GISAC" feed import --label '' "$T/feodo.csv"

# --- the API under /api/v1/feeds: staff only --------------------------------------------
check_status "agency moda" 0 "$GISAC" agency add moda --name "Ministry of Digital Affairs" --grade A
echo 'analyst password 01' >"$T/pw"
check_status "analyst" 0 "$GISAC" user add ann --role analyst <"$T/pw"
check_status "officer" 0 "$GISAC" user add off --role agency --agency moda </dev/null
make_tokens ann off
H_ANN="Authorization: Bearer $(cat "$T/tok.ann")"
H_OFF="Authorization: Bearer $(cat "$T/tok.off")"
JS="Content-Type: application/json"
check_status "add sched" 0 "$GISAC" feed add sched "$B/files/list2.txt" --every 1h
check_status "add off" 0 "$GISAC" feed add off "$B/files/list2.txt"
check_status "disable off" 0 "$GISAC" feed disable off
n0=$(nreq)
serve_start "$T/server.log" --threads 2 --tick 1
A=http://127.0.0.1:$PORT/api/v1

# the scheduler fetches what is due (sched, and broken, enabled again at 05:00), not off
i=0
while ! grep -q '"source":"broken"' "$T/server.log" && [ $i -lt 100 ]; do
    sleep 0.1
    i=$((i + 1))
done
check_grep "the scheduler fetched sched" '"scheduler":"feed_fetch","source":"sched","ok":true,"not_modified":false,"http_status":200,"bytes":25,"records":2,"added":0,"updated":2,"unchanged":0,"dropped":0,"rejected":0,"error":null,"next_try":"2026-11-25T06:00:00Z"}' "$T/server.log"
check_grep "the scheduler logged the failure" '"scheduler":"feed_fetch","source":"broken","ok":false,"not_modified":false,"http_status":500,"bytes":7,"error":"the server answered 500 Internal Server Error"' "$T/server.log"
check_eq "one fetch of sched, none of off" "1" \
    "$(tail -n +"$((n0 + 1))" "$F/requests.jsonl" | grep -c '"path": "/files/list2.txt"')"
"$GISAC" feed show sched --json >"$T/o.json"
check_eq "sched's status" "2026-11-25T05:00:00Z 200 2026-11-25T06:00:00Z" \
    "$(json_get "$T/o.json" '" ".join(str(d["status"][k]) for k in ("last_success","http_status","next_try"))')"

# the API, with no scheduler pass to come (and none due at the start)
serve_stop
serve_start "$T/server2.log" --threads 2 --tick 86400
A=http://127.0.0.1:$PORT/api/v1
check_eq "officer: 403" 403 "$(st "$H_OFF" GET /feeds)"
check_eq "officer: no add" 403 "$(st "$H_OFF" POST /feeds '{"name":"x","url":"http://x.example/"}')"
check_eq "list" 200 "$(req l1 -H "$H_ANN" "$A/feeds")"
check_eq "list names" "big big-length broken gz loop moved off osint sched" \
    "$(json_get "$T/l1.body" '" ".join(f["name"] for f in d["feeds"])')"
check_nogrep "no secret in the list" "s3cret" "$T/l1.body"
check_eq "add" 201 "$(req a1 -H "$H_ANN" -H "$JS" --data-binary "{\"name\":\"api\",\"url\":\"$B/files/list2.txt\",\"format\":\"plain\",\"every\":\"15m\",\"labels\":[\"c2\"],\"headers\":[\"Authorization: Bearer t0ps3cret\"],\"complete\":true,\"grace\":\"12h\",\"tlp\":\"green\",\"confidence\":60,\"max_bytes\":65536}" "$A/feeds")"
check_eq "add: the source" "{\"name\":\"api\",\"url\":\"$B/files/list2.txt\",\"format\":\"plain\",\"every\":900,\"tlp\":\"green\",\"confidence\":60,\"labels\":[\"c2\"],\"headers\":[\"Authorization: ****\"],\"complete\":true,\"grace\":43200,\"max_bytes\":65536,\"enabled\":true,\"created\":\"2026-11-25T05:00:00Z\",\"status\":{\"next_try\":\"2026-11-25T05:00:00Z\",\"last_try\":null,\"last_success\":null,\"http_status\":null,\"added\":null,\"updated\":null,\"dropped\":null,\"failures\":0,\"last_error\":null,\"etag\":null,\"last_modified\":null}}" "$(body a1)"
check_eq "add again: 409" 409 "$(req a2 -H "$H_ANN" -H "$JS" --data-binary "{\"name\":\"api\",\"url\":\"$B/files/list2.txt\"}" "$A/feeds")"
check_eq "add again: why" "conflict: \$.name: feed source api exists already" "$(err a2)"
check_eq "bad url: 422" 422 "$(req a3 -H "$H_ANN" -H "$JS" --data-binary '{"name":"x","url":"file:///etc/passwd"}' "$A/feeds")"
check_eq "bad url: why" "invalid: \$.url: file:///etc/passwd: only http and https are fetched" "$(err a3)"
check_eq "unknown member: 400" 400 "$(st "$H_ANN" POST /feeds '{"name":"x","url":"http://x.example/","secret":1}')"
check_eq "get" 200 "$(req g1 -H "$H_ANN" "$A/feeds/api")"
check_eq "get: masked" "['Authorization: ****']" "$(json_get "$T/g1.body" 'd["headers"]')"
check_eq "get unknown" 404 "$(st "$H_ANN" GET /feeds/nope)"
check_eq "fetch" 200 "$(req f1 -H "$H_ANN" -X POST "$A/feeds/api/fetch")"
check_eq "fetch: result" '{"name":"api","ok":true,"not_modified":false,"http_status":200,"bytes":25,"records":2,"added":0,"updated":2,"unchanged":0,"dropped":0,"rejected":0,"error":null,"next_try":"2026-11-25T05:15:00Z"}' "$(body f1)"
check_eq "fetch failing: 502" 502 "$(req f2 -H "$H_ANN" -X POST "$A/feeds/broken/fetch")"
check_eq "fetch failing: why" "the server answered 500 Internal Server Error" "$(json_get "$T/f2.body" 'd["error"]')"
check_eq "disable" 200 "$(req d1 -H "$H_ANN" -X POST "$A/feeds/api/disable")"
check_eq "disabled" "False None" "$(json_get "$T/d1.body" 'str(d["enabled"])+" "+str(d["status"]["next_try"])')"
check_eq "disable again: 409" 409 "$(st "$H_ANN" POST /feeds/api/disable)"
check_eq "enable" 200 "$(st "$H_ANN" POST /feeds/api/enable)"
check_eq "delete" 200 "$(req x1 -H "$H_ANN" -X DELETE "$A/feeds/api")"
check_eq "deleted" '{"name":"api","removed":true}' "$(body x1)"
check_eq "delete again: 404" 404 "$(st "$H_ANN" DELETE /feeds/api)"
"$GISAC" intel search evil.example --json >"$T/s.json"
check_eq "the indicators stay" "['api', 'away', 'gz', 'moved', 'sched']" \
    "$(json_get "$T/s.json" 'sorted(s["name"] for s in d["hits"][0]["sources"])')"
serve_stop

finish
