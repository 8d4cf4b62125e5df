#!/bin/sh
# test_nats_chaos.sh: three workers over one stream (docs/worker.md); one
# is killed with SIGKILL in the middle of its work and started again, the
# NATS server is restarted once and, on PostgreSQL, every database
# connection is dropped once (pg_terminate_backend). At the end the
# sightings equal, to the count, those of one `gisac match --record` over
# the same input on SQLite: nothing lost, nothing doubled, nothing set aside.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
. "$GISAC_SRCDIR/tests/cli/nats_lib.sh"
S=$GISAC_SRCDIR/samples
export GISAC_NOW=2026-11-24T00:00:00Z
REF="$T/ref.db"
for db in "$GISAC_DB" "$REF"; do
    "$GISAC" --db "$db" feed import --source drill --tlp green --confidence 80 "$S/c2-sample.txt" >/dev/null 2>&1
done
# 30000 events, each line with its own time (the sightings' first and last)
/usr/bin/python3 - "$S/eve-sample.json" "$T/big.json" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()[:9]]
with open(sys.argv[2], "w") as f:
    for i in range(30000):
        d = dict(lines[i % 9])
        d["timestamp"] = "2026-11-%02dT%02d:%02d:%02d.000000+0800" % (1 + i // 3600 % 20, i // 60 % 24, i % 60, i % 59)
        f.write(json.dumps(d) + "\n")
PY
check_status "reference: match --record" 0 "$GISAC" --db "$REF" match --record --agency moda "$T/big.json"
nats_start
check_status "publish" 0 "$GISAC" publish --nats "$NATS_URL" --agency moda --chunk 8192 "$T/big.json"
chunks=$(sed -n 's/^gisac: \([0-9]*\) chunks published.*/\1/p' "$T/err")
[ "${chunks:-0}" -gt 500 ] || fail "too few chunks: $chunks"

# worker N: worker N in the background, its summary in $T/wN.log
worker() {
    bg "$GISAC" worker --nats "$NATS_URL" --name "w$1" --ack-wait 2 --batch 4 --nak-delay 200 \
        2>>"$T/w$1.log"
    eval "W$1=\$BG_PID"
}
# recorded_at_least N: wait (up to 120 s) until N chunks are recorded
recorded_at_least() {
    for _ in $(seq 1 1200); do
        n=$(ingest_state chunks 2>/dev/null)
        [ "${n:-0}" -ge "$1" ] && return 0
        sleep 0.1
    done
    fail "never $1 chunks recorded (last: ${n:-none})"
    return 1
}
worker 1
worker 2
worker 3
recorded_at_least 60
kill -KILL "$W1"
wait "$W1" 2>/dev/null
worker 1
recorded_at_least 200
nats_stop
sleep 1
nats_start
recorded_at_least 350
if [ -n "${GISAC_TEST_PG:-}" ]; then
    PSQL=$(ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | tail -1)
    "${PSQL:-psql}" -q -At "$GISAC_DB" -c "SELECT count(pg_terminate_backend(pid)) > 0 FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()" >"$T/term" 2>&1
    check_eq "database connections dropped" t "$(cat "$T/term")"
fi
recorded_at_least "$chunks"
# everything acknowledged
for _ in $(seq 1 300); do
    ingest_state >"$T/state" 2>/dev/null
    [ "$(json_get "$T/status.json" 'd["ingest"]["pending"] + d["ingest"]["unacknowledged"]')" = 0 ] && break
    sleep 0.1
done
check_eq "every chunk recorded once, none set aside, nothing left" "$chunks 0 0 0 {'moda': 0}" \
    "$(json_get "$T/status.json" '" ".join(str(d["ingest"][k]) for k in ("chunks", "set_aside", "pending", "unacknowledged", "lag"))')"
sightings "$REF" >"$T/want"
sightings "$GISAC_DB" >"$T/got"
check_eq "the sightings of match --record, to the count" "$(cat "$T/want")" "$(cat "$T/got")"
check_eq "30000 events' sightings" \
    "$("$GISAC" --db "$REF" sighting list --json | /usr/bin/python3 -c 'import json,sys; print(sum(json.loads(l)["count"] for l in sys.stdin))')" \
    "$("$GISAC" sighting list --json | /usr/bin/python3 -c 'import json,sys; print(sum(json.loads(l)["count"] for l in sys.stdin))')"
for p in $BG_PIDS; do
    kill -TERM "$p" 2>/dev/null
    wait "$p" 2>/dev/null
done
BG_PIDS=
# the workers that ran to the end reconnected to NATS (and, on PostgreSQL, to the database)
for w in 2 3; do
    check_eq "worker $w reconnected" 1 "$(sed -n 's/.* set aside, \([0-9]*\) reconnects$/\1/p' "$T/w$w.log" | awk '{ print ($1 >= (ENVIRON["GISAC_TEST_PG"] != "" ? 2 : 1)) }')"
done
finish
