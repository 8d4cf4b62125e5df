#!/bin/sh
# test_ingest_coding.sh: POST /api/v1/ingest with a content coding. A gzip
# (or deflate) body gives exactly the sightings of the plain one; an
# unknown coding is 415, corrupt data 400 naming the byte, a body that
# decodes past the limit 413 (a decompression bomb costs the limit, no
# more); gzip sent without the header and other binary bodies are 422, not
# matched as text; format=syslog|cef|text are taken as gisac match takes
# them.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
S=$GISAC_SRCDIR/samples
export GISAC_NOW=2026-11-24T00:00:00Z GISAC_PWHASH_FAST=1
SRV_PID=
trap 'serve_stop; rm -rf "$T"' EXIT
check_status "import" 0 "$GISAC" feed import --source drill --tlp green --confidence 80 "$S/c2-sample.txt"
check_status "agency" 0 "$GISAC" agency add moda --name "Ministry of Digital Affairs" --grade A --networks 10.0.0.0/8
"$GISAC" user add sen --role sensor --agency moda </dev/null >/dev/null 2>&1
make_tokens sen
serve_start "$T/server.log" --threads 2 --max-body 65536
A="http://127.0.0.1:$PORT/api/v1"
# post NAME FILE [HEADER...]: the status; the body in $T/NAME.body
post() {
    n=$1 f=$2
    shift 2
    curl -s -o "$T/$n.body" -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/tok.sen")" \
        -H "$OCT" "$@" --data-binary "@$f" "$A/ingest"
}
# counts NAME: what the answer counted
counts() { json_get "$T/$1.body" '" ".join(str(d[k]) for k in ("lines", "events", "sightings", "indicators"))'; }

check_eq "plain" 200 "$(post plain "$S/eve-sample.json")"
gzip -9 -c "$S/eve-sample.json" >"$T/eve.gz"
check_eq "gzip" 200 "$(post gz "$T/eve.gz" -H 'Content-Encoding: gzip')"
check_eq "gzip: the same counts" "$(counts plain)" "$(counts gz)"
check_eq "x-gzip, any case" 200 "$(post xgz "$T/eve.gz" -H 'Content-Encoding: X-GZIP')"
# two gzip members one after another (as `cat a.gz b.gz` makes): both read
cat "$T/eve.gz" "$T/eve.gz" >"$T/two.gz"
check_eq "two members" 200 "$(post two "$T/two.gz" -H 'Content-Encoding: gzip')"
check_eq "two members: twice the lines" "$(($(json_get "$T/plain.body" 'd["lines"]') * 2))" "$(json_get "$T/two.body" 'd["lines"]')"
python3 -c 'import sys,zlib; sys.stdout.buffer.write(zlib.compress(open(sys.argv[1],"rb").read()))' "$S/eve-sample.json" >"$T/eve.zz"
check_eq "deflate (zlib)" 200 "$(post zz "$T/eve.zz" -H 'Content-Encoding: deflate')"
check_eq "deflate: the same counts" "$(counts plain)" "$(counts zz)"
python3 -c 'import sys,zlib; c=zlib.compressobj(9, zlib.DEFLATED, -15); sys.stdout.buffer.write(c.compress(open(sys.argv[1],"rb").read())+c.flush())' "$S/eve-sample.json" >"$T/eve.raw"
check_eq "raw deflate" 200 "$(post raw "$T/eve.raw" -H 'Content-Encoding: deflate')"
check_eq "raw deflate: the same counts" "$(counts plain)" "$(counts raw)"

check_eq "unknown coding" 415 "$(post br "$T/eve.gz" -H 'Content-Encoding: br')"
check_eq "unknown coding says" "unsupported_media_type: Content-Encoding 'br': use gzip or deflate, or none" "$(err br)"
head -c 40 "$T/eve.gz" >"$T/cut.gz"
check_eq "cut gzip" 400 "$(post cut "$T/cut.gz" -H 'Content-Encoding: gzip')"
check_eq "cut gzip says" "bad_request: Content-Encoding gzip: the body ends inside its compressed data" "$(err cut)"
printf 'not gzip at all\n' >"$T/bad.gz"
check_eq "not gzip" 400 "$(post bad "$T/bad.gz" -H 'Content-Encoding: gzip')"
check_eq "not gzip says" "bad_request: Content-Encoding gzip: the compressed data is corrupt at byte 2: incorrect header check" "$(err bad)"
# 64 MiB of zeros in a 64 KiB-limited server: a few KiB of gzip, refused at 256 KiB decoded
head -c 67108864 /dev/zero | gzip -9 >"$T/bomb.gz"
check_eq "bomb" 413 "$(post bomb "$T/bomb.gz" -H 'Content-Encoding: gzip')"
check_eq "bomb says" "payload_too_large: the body decodes to more than 262144 bytes" "$(err bomb)"

check_eq "gzip without the header" 422 "$(post nohdr "$T/eve.gz")"
check_eq "gzip without the header says" "invalid: body: is gzip data: send it with Content-Encoding: gzip" "$(err nohdr)"
printf '{"event_type":"dns"}\n\000\001\002' >"$T/bin"
check_eq "binary" 422 "$(post bin "$T/bin")"
check_eq "binary says" "invalid: body: is binary (a NUL byte at offset 21): send log lines as text" "$(err bin)"

printf '<134>1 2026-11-23T01:00:00Z fw1 filterlog - - - blocked 10.1.2.3 -> 198.51.100.7\n' >"$T/syslog.txt"
for f in syslog text; do
    c=$(curl -s -o "$T/f.body" -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/tok.sen")" -H "$OCT" \
        --data-binary "@$T/syslog.txt" "$A/ingest?format=$f")
    check_eq "format=$f" "200 $f 1" "$c $(json_get "$T/f.body" 'd["format"]+" "+str(d["sightings"])')"
done
check_eq "format=xml" 400 "$(curl -s -o "$T/x.body" -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/tok.sen")" -H "$OCT" --data-binary x "$A/ingest?format=xml")"
check_eq "format=xml says" "bad_request: query parameter 'format' must be auto, eve, zeek, syslog, cef or text" "$(err x)"
finish
