# nats_lib.sh: a throwaway nats-server with JetStream for the tests of the
# NATS ingest (docs/publish.md, docs/worker.md); sourced after lib.sh.
#   nats_start   start it on loopback, its store in $T/nats: a free port
#                the first time (NATS_PORT, NATS_URL), the same one after
#   nats_stop    stop it (SIGTERM, then wait)
#   bg CMD...    run CMD in the background, its pid in BG_PID (stopped at exit)
#   nats_js SUBJECT PAYLOAD  a raw request to the server (tests/cli/nats_req.py)
# The EXIT trap stops the server and every bg process, then removes $T.
if ! command -v nats-server >/dev/null 2>&1; then
    echo "no nats-server (scripts/deps.sh installs it): skipped" >&2
    exit 77
fi
NATS_PID=
NATS_PORT=
BG_PIDS=
trap 'nats_cleanup' EXIT

nats_start() {
    mkdir -p "$T/nats"
    : >"$T/nats.log"
    nats-server -js -a 127.0.0.1 -p "${NATS_PORT:--1}" -sd "$T/nats" >"$T/nats.log" 2>&1 &
    NATS_PID=$!
    for _ in $(seq 1 200); do
        p=$(sed -n 's/.*Listening for client connections on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$T/nats.log" | tail -1)
        if [ -n "$p" ] && grep -q "Server is ready" "$T/nats.log"; then
            NATS_PORT=$p
            NATS_URL=nats://127.0.0.1:$p
            return 0
        fi
        sleep 0.05
    done
    fail "nats-server did not start"
    cat "$T/nats.log" >&2
    finish
}

nats_stop() {
    if [ -n "$NATS_PID" ]; then
        kill -TERM "$NATS_PID" 2>/dev/null
        wait "$NATS_PID" 2>/dev/null
    fi
    NATS_PID=
}

bg() {
    "$@" &
    BG_PID=$!
    BG_PIDS="$BG_PIDS $BG_PID"
}

nats_cleanup() {
    for p in $BG_PIDS; do
        kill -TERM "$p" 2>/dev/null
    done
    for p in $BG_PIDS; do
        wait "$p" 2>/dev/null
    done
    [ "$(type serve_stop 2>/dev/null | head -1)" ] && serve_stop
    nats_stop
    rm -rf "$T"
}

nats_js() {
    /usr/bin/python3 "$GISAC_SRCDIR/tests/cli/nats_req.py" "$NATS_PORT" "$@"
}

# ingest_state [KEY]: the member "ingest" of `gisac status --json --nats`
# (or one of its members) as JSON
ingest_state() {
    "$GISAC" status --json --nats "$NATS_URL" >"$T/status.json" 2>"$T/status.err" || return 1
    json_get "$T/status.json" "json.dumps(d['ingest']${1:+[\"$1\"]}, sort_keys=True)"
}

# sightings DB [OPTION...]: the sightings of DB, one a line, sorted,
# without the members that name who recorded them or which event came last
sightings() {
    s_db=$1
    shift
    "$GISAC" --db "$s_db" sighting list --json --limit 100000 "$@" | /usr/bin/python3 -c '
import json, sys
rows = []
for l in sys.stdin:
    d = json.loads(l)
    for k in ("sensor", "last_event", "last_events", "first_events", "recorded"):
        d.pop(k, None)
    rows.append(json.dumps(d, sort_keys=True))
print("\n".join(sorted(rows)))'
}
