#!/bin/sh
# gisac match: exact sightings on the project's EVE sample, formats, exit
# status, --record, --stix, threads and order, and hot reload under --follow.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
S=$GISAC_SRCDIR/samples
export GISAC_NOW=2026-11-24T00:00:00Z
cp "$S/c2-sample.txt" "$T/sample.txt"
"$GISAC" feed import --source drill --tlp green --confidence 80 "$T/sample.txt" >/dev/null 2>&1

# --- exact sightings -------------------------------------------------------
check_status "match eve" 0 "$GISAC" match --threads 2 "$S/eve-sample.json"
/usr/bin/python3 - "$T/out" >"$T/got" <<'PY'
import json, sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    print(d["line"], d["event_type"], d["field"], d["value"], d["indicator"]["type"], d["indicator"]["value"], d["tlp"], d["confidence"], ",".join(d["sources"]))
PY
cat >"$T/want" <<'W'
1 dns dns.rrname A.C2.Evil.Example domain c2.evil.example green 80 drill
2 dns dns.rrname a.c2.evil.example domain c2.evil.example green 80 drill
2 dns dns.answers[].rrname a.c2.evil.example domain c2.evil.example green 80 drill
2 dns dns.answers[].rdata 198.51.100.7 ipv4 198.51.100.7 green 80 drill
3 flow dest_ip 198.51.100.7 ipv4 198.51.100.7 green 80 drill
4 tls dest_ip 198.51.100.7 ipv4 198.51.100.7 green 80 drill
4 tls tls.sni update-check.malware.test domain update-check.malware.test green 80 drill
5 http dest_ip 203.0.113.80 cidr 203.0.113.0/24 green 80 drill
5 http http.url http://phish.evil.example/login.php url http://phish.evil.example/login.php green 80 drill
6 fileinfo src_ip 203.0.113.80 cidr 203.0.113.0/24 green 80 drill
6 fileinfo fileinfo.md5 44D88612FEA8A8F36DE82E1278ABB02F md5 44d88612fea8a8f36de82e1278abb02f green 80 drill
8 alert dest_ip 2001:db8:bad::1 ipv6 2001:db8:bad::1 green 80 drill
9 smtp src_ip 203.0.113.25 cidr 203.0.113.0/24 green 80 drill
9 smtp smtp.mail_from Phisher@evil.example email phisher@evil.example green 80 drill
9 smtp email.from phisher@evil.example email phisher@evil.example green 80 drill
W
check_eq "sightings of the EVE sample" "$(cat "$T/want")" "$(cat "$T/got")"
check_grep "summary" "gisac: 10 lines, 9 events, 15 sightings, 1 unparsed" "$T/err"
check_grep "unparsed line named" "eve-sample.json:10:" "$T/err"
json_line() { sed -n "${1}p" "$T/out"; }
json_line 1 >"$T/one.json"
check_eq "metadata" "2026-11-01T08:00:01.000123+0800 192.0.2.10 192.0.2.53 indicator--" \
    "$(json_get "$T/one.json" 'd["ts"]+" "+d["src_ip"]+" "+d["dest_ip"]+" "+d["indicator"]["id"][:11]')"
"$GISAC" intel search --json c2.evil.example >"$T/s.json"
check_eq "sighting id is the indicator's id" "$(json_get "$T/s.json" 'd["hits"][0]["indicator"]["id"]')" \
    "$(json_get "$T/one.json" 'd["indicator"]["id"]')"

# same output, same order, whatever the thread count; stdin works too
"$GISAC" match --threads 1 "$S/eve-sample.json" >"$T/t1" 2>/dev/null
"$GISAC" match --threads 2 <"$S/eve-sample.json" >"$T/t2" 2>/dev/null
sed 's/"input":"stdin"/"input":"X"/' "$T/t2" >"$T/t2x"
sed 's/"input":"[^"]*"/"input":"X"/' "$T/t1" >"$T/t1x"
check_eq "threads and stdin give the same lines in order" "$(cat "$T/t1x")" "$(cat "$T/t2x")"

# many chunks: order and line numbers hold across chunk boundaries
/usr/bin/python3 - "$S/eve-sample.json" "$T/big.json" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()[:9]
with open(sys.argv[2], "w") as f:
    for i in range(40000):
        f.write(lines[i % 9] + "\n")
PY
check_status "big" 0 "$GISAC" match --threads 2 "$T/big.json"
check_eq "big sightings" 66667 "$(wc -l <"$T/out" | tr -d ' ')"
check_eq "big last line number" 40000 "$(tail -1 "$T/out" | /usr/bin/python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["line"])')"
/usr/bin/python3 -c '
import json,sys
prev=0
for l in open(sys.argv[1]):
    n=json.loads(l)["line"]
    assert n>=prev, (n,prev)
    prev=n
' "$T/out" && check_eq "big in order" ok ok || check_eq "big in order" ok bad

# nothing found: exit 1; revoked intel never matches
printf '{"event_type":"dns","src_ip":"192.0.2.1","dest_ip":"192.0.2.2","dns":{"rrname":"notevil.example"}}\n' >"$T/none.json"
check_status "no match" 1 "$GISAC" match "$T/none.json"
check_status "missing input" 2 "$GISAC" match "$T/nope.json"
check_status "bad format" 2 "$GISAC" match --format pcap "$T/none.json"

# --stix: sightings validate against the OASIS schemas
check_status "stix" 0 "$GISAC" match --stix --agency moda "$S/eve-sample.json"
check_eq "stix sightings" 15 "$(wc -l <"$T/out" | tr -d ' ')"
if have_shared && /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
    /usr/bin/python3 -c '
import json,sys
objs=[json.loads(l) for l in open(sys.argv[1])]
json.dump({"type":"bundle","id":"bundle--6a1c2e4f-830b-4c1d-9e55-1f7a3c60d291","objects":objs}, open(sys.argv[2],"w"))' "$T/out" "$T/sightings.json"
    check_status "stix sightings validate" 0 /usr/bin/python3 "$GISAC_SRCDIR/scripts/stix_validate.py" \
        "$SHARED/data/stix2.1-schemas" "$T/sightings.json"
fi

# --record: sightings stored, shown by intel search
check_status "record" 0 "$GISAC" match --record --agency moda "$S/eve-sample.json"
check_status "record again" 0 "$GISAC" match --record --agency moda "$S/eve-sample.json"
check_status "search shows sightings" 0 "$GISAC" intel search --json 198.51.100.7
check_eq "recorded count and agency" "moda 6 2026-11-01T00:00:01Z" \
    "$(json_get "$T/out" 'd["hits"][0]["sightings"][0]["agency"]+" "+str(d["hits"][0]["sightings"][0]["count"])+" "+d["hits"][0]["sightings"][0]["first_seen"]')"

# a line longer than 16 MiB is one unparseable line; numbering goes on right
/usr/bin/python3 - "$T/long.json" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('{"event_type":"dns","dns":{"rrname":"a.c2.evil.example"}}\n')
    f.write('{"x":"' + "a" * (17 << 20) + '"}\n')
    f.write('{"event_type":"dns","dns":{"rrname":"b.c2.evil.example"}}\n')
PY
check_status "overlong line" 0 "$GISAC" match "$T/long.json"
check_eq "lines around an overlong one" "1 3" "$(/usr/bin/python3 -c 'import json,sys; print(" ".join(str(json.loads(l)["line"]) for l in open(sys.argv[1])))' "$T/out")"
check_grep "overlong summary" "gisac: 3 lines, 2 events, 2 sightings, 1 unparsed" "$T/err"
check_grep "overlong line named" "long.json:2: line longer than 16 MiB" "$T/err"
check_status "follow takes one input" 2 "$GISAC" match --follow "$T/long.json" "$T/none.json"

# --follow on a pipe ends when the pipe closes
printf '{"event_type":"dns","dns":{"rrname":"a.c2.evil.example"}}\n' | timeout 10 "$GISAC" match --follow >"$T/pipe.out" 2>&1
check_eq "follow on a closed pipe ends" 0 "$?"

# Ctrl-C stops --follow on an idle FIFO (the reader is blocked in read())
mkfifo "$T/fifo"
sleep 30 >"$T/fifo" &
holder=$!
"$GISAC" match --follow "$T/fifo" >/dev/null 2>&1 &
pid=$!
sleep 1
kill -INT "$pid"
i=0
while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 30 ]; do
    sleep 0.1
    i=$((i + 1))
done
check_eq "SIGINT stops a follow on an idle FIFO within 3 s" "stopped" "$(kill -0 "$pid" 2>/dev/null && echo running || echo stopped)"
kill "$pid" "$holder" 2>/dev/null
wait "$pid" 2>/dev/null

# --- hot reload: intel imported while a file is followed -------------------
: >"$T/live.json"
"$GISAC" match --follow --threads 2 "$T/live.json" >"$T/live.out" 2>"$T/live.err" &
pid=$!
sleep 1
printf '{"event_type":"dns","src_ip":"192.0.2.1","dest_ip":"192.0.2.2","dns":{"rrname":"x.fresh-c2.example"}}\n' >>"$T/live.json"
sleep 1
printf 'fresh-c2.example\n' >"$T/fresh.txt"
"$GISAC" feed import --source live "$T/fresh.txt" >/dev/null 2>&1
sleep 3
printf '{"event_type":"dns","src_ip":"192.0.2.1","dest_ip":"192.0.2.2","dns":{"rrname":"y.fresh-c2.example"}}\n' >>"$T/live.json"
sleep 1.5
kill -INT "$pid"
wait "$pid"
check_eq "follow: only the line after the import matches, once" "2 y.fresh-c2.example" \
    "$(/usr/bin/python3 -c 'import json,sys; [print(d["line"], d["value"]) for d in map(json.loads, open(sys.argv[1]))]' "$T/live.out")"
check_grep "follow summary" "gisac: 2 lines, 2 events, 1 sightings" "$T/live.err"

# --follow survives truncation and rotation (logrotate's copytruncate and create)
printf '' >"$T/rot.json"
"$GISAC" match --follow --threads 1 "$T/rot.json" >"$T/rot.out" 2>"$T/rot.err" &
pid=$!
sleep 1
ev() { printf '{"event_type":"dns","dns":{"rrname":"%s.c2.evil.example"}}\n' "$1"; }
ev one >>"$T/rot.json"
sleep 1
: >"$T/rot.json"
sleep 0.5
ev two >>"$T/rot.json"
sleep 1
mv "$T/rot.json" "$T/rot.json.1"
ev three >>"$T/rot.json"
sleep 1.5
ev four >>"$T/rot.json"
sleep 1
kill -INT "$pid"
wait "$pid"
check_eq "follow through truncation and rotation" "one.c2.evil.example two.c2.evil.example three.c2.evil.example four.c2.evil.example" \
    "$(/usr/bin/python3 -c 'import json,sys; print(" ".join(json.loads(l)["value"] for l in open(sys.argv[1])))' "$T/rot.out")"
finish
