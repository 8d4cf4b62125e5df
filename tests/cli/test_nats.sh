#!/bin/sh
# test_nats.sh: ingest through NATS JetStream (docs/publish.md,
# docs/worker.md) on a throwaway nats-server: gisac publish stores a chunk
# once however often it is published and resumes where it stopped; the
# workers record exactly the sightings `gisac match --record` records; a
# chunk delivered again records nothing; a chunk gisac cannot read is set
# aside after --max-deliver deliveries and counted; serve --nats answers
# POST /api/v1/ingest with 202 and the chunk's id; status and /metrics.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
. "$GISAC_SRCDIR/tests/cli/nats_lib.sh"
S=$GISAC_SRCDIR/samples
export GISAC_NOW=2026-11-24T00:00:00Z GISAC_PWHASH_FAST=1
SRV_PID=
REF="$T/ref.db"
for db in "$GISAC_DB" "$REF"; do
    "$GISAC" --db "$db" feed import --source drill --tlp green --confidence 80 "$S/c2-sample.txt" >/dev/null 2>&1
done
nats_start
cp "$S/eve-sample.json" "$T/eve.json"

# --- bad input ------------------------------------------------------------------
check_out "publish without --nats" 2 "gisac: --nats URL is required
gisac: try 'gisac publish --help'" "$GISAC" publish --agency moda "$T/eve.json"
check_status "publish, a bad agency" 2 "$GISAC" publish --nats "$NATS_URL" --agency Bad.Id "$T/eve.json"
check_grep "the agency named" "gisac: --agency: agency id 'Bad.Id': use only a-z, 0-9 and '-'" "$T/err"
check_status "publish, a bad format" 2 "$GISAC" publish --nats "$NATS_URL" --agency moda --format pcap "$T/eve.json"
check_grep "the format named" "gisac: --format: must be auto, eve, zeek, syslog, cef or text" "$T/err"
check_status "publish, no server" 2 "$GISAC" publish --nats nats://127.0.0.1:1 --agency moda "$T/eve.json"
check_grep "no server" "gisac: NATS at nats://127.0.0.1:1: no server answers" "$T/err"
check_status "publish, a missing file" 2 "$GISAC" publish --nats "$NATS_URL" --agency moda "$T/nope.json"
check_grep "the file named" "$T/nope.json: No such file or directory" "$T/err"
check_status "worker without --nats" 2 "$GISAC" worker
check_status "status --nats without --json" 2 "$GISAC" status --nats "$NATS_URL"

# --- publish: chunks of whole lines, once ------------------------------------------
check_status "publish" 0 "$GISAC" publish --nats "$NATS_URL" --agency moda --chunk 1024 "$T/eve.json"
check_eq "publish summary" "gisac: 4 chunks published (0 stored before), 10 lines, 3041 bytes; 0 bytes published before passed over" "$(cat "$T/err")"
check_eq "state file" "gisac-publish 1 $(stat -c %i "$T/eve.json") 3041" "$(cat "$T/eve.json.gisac-publish")"
check_status "publish again: resumed at the end" 0 "$GISAC" publish --nats "$NATS_URL" --agency moda --chunk 1024 "$T/eve.json"
check_eq "nothing new" "gisac: 0 chunks published (0 stored before), 0 lines, 0 bytes; 3041 bytes published before passed over" "$(cat "$T/err")"
rm "$T/eve.json.gisac-publish"
check_status "publish again without the state" 0 "$GISAC" publish --nats "$NATS_URL" --agency moda --chunk 1024 "$T/eve.json"
check_eq "stored once" "gisac: 4 chunks published (4 stored before), 10 lines, 3041 bytes; 0 bytes published before passed over" "$(cat "$T/err")"
check_eq "4 chunks kept, none recorded" '{"chunks": 0, "disconnects": 0, "lag": {"moda": 4}, "nats": true, "pending": 0, "redelivered": 0, "set_aside": 0, "threads": 0, "unacknowledged": 0, "workers": 0}' "$(ingest_state)"
# an unfinished last line waits for the next run
printf '{"event_type":"dns","dns":{"rrname":"c2.evil.example"}}' >"$T/part.json"
check_status "publish an unfinished line" 0 "$GISAC" publish --nats "$NATS_URL" --agency part "$T/part.json"
check_grep "held" "gisac: 55 bytes of unfinished last lines (no newline) are left for the next run" "$T/err"
printf '\n' >>"$T/part.json"
check_status "publish it finished" 0 "$GISAC" publish --nats "$NATS_URL" --agency part "$T/part.json"
check_grep "published once finished" "gisac: 1 chunks published (0 stored before), 1 lines, 56 bytes" "$T/err"
# stdin: chunks named by their bytes
check_status "stdin" 0 "$GISAC" publish --nats "$NATS_URL" --agency stdin-test - <"$S/eve-sample.json"
check_grep "stdin published" "gisac: 1 chunks published (0 stored before), 10 lines, 3041 bytes" "$T/err"
check_status "stdin again" 0 "$GISAC" publish --nats "$NATS_URL" --agency stdin-test <"$S/eve-sample.json"
check_grep "stdin stored once" "gisac: 1 chunks published (1 stored before), 10 lines, 3041 bytes" "$T/err"

# --- the workers record what match --record records ----------------------------------
check_status "worker" 0 "$GISAC" worker --nats "$NATS_URL" --threads 2 --until-idle --name w1
check_eq "worker summary" "gisac: 6 chunks recorded (31 sightings), 0 delivered again after they were recorded, 0 failed deliveries, 0 set aside, 0 reconnects" "$(cat "$T/err")"
"$GISAC" --db "$REF" match --record --agency moda "$S/eve-sample.json" >/dev/null 2>&1
sightings "$REF" >"$T/want"
sightings "$GISAC_DB" --agency moda >"$T/got"
check_eq "the sightings of match --record" "$(cat "$T/want")" "$(cat "$T/got")"
check_eq "15 sightings" 15 "$("$GISAC" sighting list --agency moda --json | /usr/bin/python3 -c 'import json,sys; print(sum(json.loads(l)["count"] for l in sys.stdin))')"
check_eq "state after" '{"chunks": 6, "lag": {"moda": 0, "part": 0, "stdin-test": 0}, "pending": 0, "set_aside": 0, "unacknowledged": 0, "workers": 1}' \
    "$(ingest_state >/dev/null; json_get "$T/status.json" "json.dumps({k: d['ingest'][k] for k in ('chunks','lag','pending','set_aside','unacknowledged','workers')}, sort_keys=True)")"

# --- delivered again: nothing recorded twice ---------------------------------------------
nats_js '$JS.API.CONSUMER.DELETE.GISAC_EVENTS.gisac-workers' '' >"$T/del.json"
check_grep "consumer deleted" '"success":true' "$T/del.json"
check_status "worker over every chunk again" 0 "$GISAC" worker --nats "$NATS_URL" --until-idle --name w1
check_eq "nothing recorded again" "gisac: 0 chunks recorded (0 sightings), 6 delivered again after they were recorded, 0 failed deliveries, 0 set aside, 0 reconnects" "$(cat "$T/err")"
sightings "$GISAC_DB" --agency moda >"$T/got"
check_eq "the same sightings" "$(cat "$T/want")" "$(cat "$T/got")"

# --- a chunk gisac cannot read: set aside, counted, never dropped ----------------------------
nats_js gisac.events.moda 'no headers' pub
check_status "worker over a bad chunk" 0 "$GISAC" worker --nats "$NATS_URL" --until-idle --max-deliver 2 --nak-delay 100 --name w1
check_eq "set aside after 2 deliveries" "gisac: 0 chunks recorded (0 sightings), 0 delivered again after they were recorded, 2 failed deliveries, 1 set aside, 0 reconnects" "$(cat "$T/err")"
check_eq "set aside in status" 1 "$(ingest_state set_aside)"
seq=$(nats_js '$JS.API.STREAM.INFO.GISAC_EVENTS' '' | json_get /dev/stdin 'd["state"]["last_seq"]')
if [ -z "${GISAC_TEST_PG:-}" ]; then
    check_eq "kept with its lines (base64)" "seq-$seq|moda|2|bm8gaGVhZGVycw==" \
        "$(sqlite3 "$GISAC_DB" "SELECT id, agency, deliveries, data FROM ingest_chunk WHERE state = 'set_aside'")"
fi

# --- serve --nats: 202 once stored, matched by a worker --------------------------------------
check_status "agency" 0 "$GISAC" agency add moda --name "Ministry of Digital Affairs" --grade A
"$GISAC" user add sen --role sensor --agency moda </dev/null >/dev/null 2>&1
printf 'Correct-Horse-Battery-9\nCorrect-Horse-Battery-9\n' >"$T/pw"
"$GISAC" user add admin --role admin <"$T/pw" >/dev/null 2>&1
make_tokens sen admin
trap 'serve_stop; nats_cleanup' EXIT
serve_start "$T/server.log" --nats "$NATS_URL"
A="http://127.0.0.1:$PORT/api/v1"
ingest() {
    curl -s -o "$T/$1.body" -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/tok.sen")" \
        -H "$OCT" --data-binary "@$2" "$A/ingest"
}
head -3 "$S/eve-sample.json" >"$T/three.json"
check_eq "ingest: 202" 202 "$(ingest i1 "$T/three.json")"
check_eq "the chunk" "moda auto 3 False 32" "$(json_get "$T/i1.body" 'd["agency"]+" "+d["format"]+" "+str(d["lines"])+" "+str(d["duplicate"])+" "+str(len(d["chunk"]))')"
check_eq "ingest again: 202, stored once" 202 "$(ingest i2 "$T/three.json")"
check_eq "the same chunk" "$(json_get "$T/i1.body" 'd["chunk"]') True" "$(json_get "$T/i2.body" 'd["chunk"]+" "+str(d["duplicate"])')"
check_status "worker over the posted chunk" 0 "$GISAC" worker --nats "$NATS_URL" --until-idle --name w1
check_eq "posted chunk recorded" "gisac: 1 chunks recorded (5 sightings), 0 delivered again after they were recorded, 0 failed deliveries, 0 set aside, 0 reconnects" "$(cat "$T/err")"
check_eq "its sensor" "sen" "$("$GISAC" sighting list --agency moda --json --indicator 198.51.100.7 | json_get /dev/stdin 'd["sensor"]')"
curl -s -o "$T/st.json" -H "Authorization: Bearer $(cat "$T/tok.admin")" "$A/status"
check_eq "status of the server" "7 0 1" "$(json_get "$T/st.json" 'str(d["ingest"]["chunks"])+" "+str(d["ingest"]["lag"]["moda"])+" "+str(d["ingest"]["set_aside"])')"
curl -s -o "$T/metrics" -H "Authorization: Bearer $(cat "$T/tok.admin")" "http://127.0.0.1:$PORT/metrics"
check_grep "metrics: lag" 'gisac_ingest_lag{agency="moda"} 0' "$T/metrics"
check_grep "metrics: set aside" 'gisac_ingest_set_aside 1' "$T/metrics"
check_grep "metrics: chunks" 'gisac_ingest_chunks_total 7' "$T/metrics"
serve_stop

# --- retro-hunt: today's indicators over the events kept ---------------------------------------
sightings "$GISAC_DB" >"$T/before"
printf '192.0.2.53\n' >"$T/new.txt"
"$GISAC" feed import --source late --tlp green --confidence 90 "$T/new.txt" >/dev/null 2>&1
check_status "hunt, a bad indicator" 2 "$GISAC" hunt --nats "$NATS_URL" --since 1h --indicator 'bad value'
check_status "hunt without --since" 2 "$GISAC" hunt --nats "$NATS_URL"
check_status "hunt one indicator" 0 "$GISAC" hunt --nats "$NATS_URL" --since 1h --indicator 192.0.2.53
# lines 1, 2 and 7 of the sample name it: 3 in each whole sample, 2 in three.json
check_eq "hunt summary" "gisac: 7 chunks matched, 8 sightings recorded" "$(cat "$T/err")"
check_eq "found at the events' own times, per agency" \
    "moda 5 2026-11-01T00:00:01Z 2026-11-01T00:00:05Z|stdin-test 3 2026-11-01T00:00:01Z 2026-11-01T00:00:05Z" \
    "$("$GISAC" sighting list --indicator 192.0.2.53 --json | /usr/bin/python3 -c '
import json, sys
print("|".join(sorted("%s %d %s %s" % (d["agency"], d["count"], d["first_seen"], d["last_seen"]) for d in map(json.loads, sys.stdin))))')"
check_status "hunt again: nothing new" 1 "$GISAC" hunt --nats "$NATS_URL" --since 1h --indicator 192.0.2.53
check_grep "nothing recorded twice" "gisac: 7 chunks matched, 0 sightings recorded" "$T/err"
check_status "hunt every indicator: the workers recorded the rest" 1 "$GISAC" hunt --nats "$NATS_URL" --since 1h
sightings "$GISAC_DB" | grep -v '"192.0.2.53"' >"$T/after"
check_eq "the other sightings unchanged" "$(cat "$T/before")" "$(cat "$T/after")"
# a hunt before the worker: the worker records nothing the hunt recorded
cp "$S/eve-sample.json" "$T/eve2.json"
check_status "publish for moda-2" 0 "$GISAC" publish --nats "$NATS_URL" --agency moda-2 "$T/eve2.json"
check_status "hunt first" 0 "$GISAC" hunt --nats "$NATS_URL" --since 1h
check_grep "hunt recorded moda-2" "gisac: 8 chunks matched, 18 sightings recorded" "$T/err"
check_status "then the worker" 0 "$GISAC" worker --nats "$NATS_URL" --until-idle --name w1
check_eq "the worker recorded nothing twice" "gisac: 1 chunks recorded (0 sightings), 0 delivered again after they were recorded, 0 failed deliveries, 0 set aside, 0 reconnects" "$(cat "$T/err")"
check_eq "moda-2 sightings: those of match --record, with 192.0.2.53" 18 \
    "$("$GISAC" sighting list --agency moda-2 --json | /usr/bin/python3 -c 'import json,sys; print(sum(json.loads(l)["count"] for l in sys.stdin))')"

# --- the stream's limits -------------------------------------------------------------------------
check_eq "a new stream: 7 days, no byte limit, one copy" "604800 -1 1 120" \
    "$(nats_js '$JS.API.STREAM.INFO.GISAC_EVENTS' '' | json_get /dev/stdin '" ".join(str(x) for x in (d["config"]["max_age"] // 10**9, d["config"]["max_bytes"], d["config"]["num_replicas"], d["config"]["duplicate_window"] // 10**9))')"
check_status "worker --retain" 0 "$GISAC" worker --nats "$NATS_URL" --retain 2d --retain-bytes 100000000 --replicas 1 --until-idle
check_eq "limits changed" "172800 100000000 1" \
    "$(nats_js '$JS.API.STREAM.INFO.GISAC_EVENTS' '' | json_get /dev/stdin '" ".join(str(x) for x in (d["config"]["max_age"] // 10**9, d["config"]["max_bytes"], d["config"]["num_replicas"]))')"
check_status "worker --retain, a bad duration" 2 "$GISAC" worker --nats "$NATS_URL" --retain soon
check_grep "named" "gisac: --retain needs a duration (90s, 30m, 12h, 7d)" "$T/err"
finish
