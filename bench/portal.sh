#!/bin/sh
# bench/portal.sh: the speed of the web portal's lists at the server, with
# NI (default 1,000,000) indicators, NC (default 100,000) incidents of 100
# agencies and NS (default 1,000,000) sightings in the store
# (docs/benchmarks.md, docs/web.md). The issue's target: every list answer
# under 100 ms at the server.
#
# The store is built once and kept (bench/out/portal-NI-NC-NS.db):
# indicators by `gisac feed import`, sightings by `gisac match --record`
# over one log line per indicator (agency a0), incidents through the API
# (bench/gen_portal.py). Then each list the portal asks for is requested
# REPS times (default 20), and the server's own time of each answer (its
# access log's "ms") gives the median and the worst.
#
#   ./bench/portal.sh                (or: make bench-portal)
#   NI=100000 NC=10000 NS=100000 ./bench/portal.sh
set -eu
cd "$(dirname "$0")/.."
NI=${NI:-1000000}
NC=${NC:-100000}
NS=${NS:-1000000}
REPS=${REPS:-20}
THREADS=${THREADS:-2}
PORT=${PORT:-18090}
OUT=bench/out
. bench/lib.sh
bench_data "$NI"
GISAC=${GISAC:-$(pwd)/build/gisac}
DB=$OUT/portal-$NI-$NC-$NS.db
export GISAC_PWHASH_FAST=1
serve_trap
U=http://127.0.0.1:$PORT/api/v1

if [ ! -e "$DB.done" ]; then
    rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.key"
    export GISAC_DB="$DB"
    echo "== $NI indicators" >&2
    "$GISAC" feed import --format plain --source bench --tlp green "$DATA" >/dev/null
    i=0
    while [ "$i" -lt 100 ]; do
        "$GISAC" agency add "a$i" --name "Agency $i" --grade C --sector "s$((i % 10))" >/dev/null
        i=$((i + 1))
    done
    echo "== $NS sightings" >&2
    head -n "$NS" "$DATA" | sed 's/^/2026-12-01T00:00:00Z seen /' >"$OUT/portal-log.txt"
    "$GISAC" match --format text --record --no-auto-report --agency a0 "$OUT/portal-log.txt" >/dev/null
    echo 'bench admin password 01' | "$GISAC" user add benchadm --role admin >/dev/null
    "$GISAC" token create --user benchadm >"$OUT/portal.token" 2>/dev/null
    echo "== $NC incidents" >&2
    serve_start "$GISAC" "$DB" 64 "$OUT/portal-build.log"
    /usr/bin/python3 bench/gen_portal.py "http://127.0.0.1:$PORT" "$(cat "$OUT/portal.token")" "$NC" 100
    serve_stop
    touch "$DB.done"
fi
export GISAC_DB="$DB"
TOKEN=$(cat "$OUT/portal.token")
LOG=$OUT/portal-serve.log
serve_start "$GISAC" "$DB" 0 "$LOG"
get() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$U$1"; }
next_of() { curl -s -H "Authorization: Bearer $TOKEN" "$U$1" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["next"] or "")'; }

# deep cursors: the middle of each list
MIDI=$(sed -n "$((NI / 2))p" "$DATA")
INC_MID=$(/usr/bin/python3 -c "import time; print('INC-%s-%06d' % (time.strftime('%Y'), $NC // 2))")
ACUR=$(next_of "/indicators?limit=1000")

printf '%-58s %8s %8s %8s\n' request 'answers' 'p50 ms' 'max ms'
measure() { # measure LABEL PATH
    : >"$LOG"
    r=0
    while [ "$r" -lt "$REPS" ]; do
        st=$(get "$2")
        [ "$st" = 200 ] || { echo "$2: $st" >&2; exit 1; }
        r=$((r + 1))
    done
    sleep 0.2
    /usr/bin/python3 - "$LOG" "$1" <<'PY'
import json, sys
ms = sorted(json.loads(l)["ms"] for l in open(sys.argv[1]) if l.startswith("{") and '"/api/v1/' in l)
print("%-58s %8d %8.1f %8.1f" % (sys.argv[2], len(ms), ms[len(ms) // 2], ms[-1]))
PY
}
measure "indicators, first page of 100" "/indicators?limit=100"
measure "indicators, a page of 100 deep in the list" "/indicators?limit=100&cursor=$(/usr/bin/python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$ACUR")"
measure "indicators, domains only, first page" "/indicators?limit=100&type=domain"
measure "search one value (found)" "/indicators/search?value=$(/usr/bin/python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$MIDI")"
measure "incidents, open, first page of 50" "/incidents?open=true&limit=50"
measure "incidents, a page of 50 deep in the list" "/incidents?limit=50&cursor=$INC_MID"
measure "incidents of one agency, first page of 50" "/incidents?agency=a42&limit=50"
measure "incidents of level 4, first page of 50" "/incidents?level=4&limit=50"
measure "incidents, reported (the review queue), page of 1000" "/incidents?status=reported&limit=1000"
measure "sightings, first page of 100" "/sightings?limit=100"
measure "sightings of one agency, first page of 100" "/sightings?agency=a0&limit=100"
measure "alerts, first page of 50" "/alerts?limit=50"
measure "advisories, first page of 50" "/advisories?limit=50"
measure "users" "/users"
measure "agencies" "/agencies"
REPS=$(( REPS < 5 ? REPS : 5 ))
measure "alert light (dashboard; not a list)" "/status"
measure "key indicators of the year (dashboard; not a list)" "/report/kpi"
serve_stop
