#!/bin/sh
# bench/nats.sh: the NATS JetStream ingest (docs/publish.md, docs/worker.md)
# on this machine, with a throwaway nats-server -js on loopback and a
# throwaway PostgreSQL cluster (scripts/pg_cluster.sh: socket only, fsync
# off), against a store holding the indicators of bench/gen_match.py
# (SCALE 0.1: 310,000 indicators) and its EVE lines (GB 0.05: about 94,000
# events, ~1% hits):
#   1. events per second recorded by `gisac worker --until-idle --threads N`
#      for N in $THREADS (default 1 2 4), on SQLite and on PostgreSQL; each
#      run starts from a copy of the same store and an empty stream, the
#      lines published before the worker starts (publish is not timed)
#   2. publish-to-sighting latency, p50 and p99: a worker with 2 threads
#      running, RATE chunks a second (default 5) of LAT_LINES lines (default
#      200) published for LAT_SECS seconds (default 30), each chunk's commit
#      seen by polling the ingest_chunk table (bench/nats_latency.py)
#   3. `gisac feed import` of the same N_IMPORT (default 1,000,000) mixed
#      indicators (bench/gen_indicators.py) into an empty SQLite database and
#      an empty PostgreSQL database
# PARTS (default "1 2 3") picks the parts run.
# Each figure is the median of RUNS runs (default 3; IMPORT_RUNS for 3.). The
# worker's time is its wall time less that of the same command over the
# drained stream (its start and the one empty fetch that ends --until-idle).
#
#   ./bench/nats.sh             (or: make bench-nats)
#   RUNS=1 GB=0.02 N_IMPORT=200000 ./bench/nats.sh
set -eu
cd "$(dirname "$0")/.."
GB=${GB:-0.05}
SCALE=${SCALE:-0.1}
RUNS=${RUNS:-3}
THREADS=${THREADS:-1 2 4}
RATE=${RATE:-5}
LAT_SECS=${LAT_SECS:-30}
LAT_LINES=${LAT_LINES:-200}
N_IMPORT=${N_IMPORT:-1000000}
IMPORT_RUNS=${IMPORT_RUNS:-$RUNS}
STORES=${STORES:-sqlite pg}
PARTS=${PARTS:-1 2 3}
GISAC=$(pwd)/build/gisac
. bench/lib.sh
command -v nats-server >/dev/null || { echo "no nats-server (scripts/deps.sh installs it)" >&2; exit 2; }
OUT=bench/out/nats-$GB-$SCALE
[ -s "$OUT/eve.json" ] || /usr/bin/python3 bench/gen_match.py "$OUT" "$GB" "$SCALE"
EVENTS=$(wc -l <"$OUT/eve.json")
# the cluster's directory must be reachable by the user "postgres" when run as root
T=$(mktemp -d /tmp/gisac-nbench.XXXXXX)
chmod 755 "$T"
NATS_PID=
WPID=
cleanup() {
    [ -n "$WPID" ] && kill -TERM "$WPID" 2>/dev/null
    [ -n "$NATS_PID" ] && kill -TERM "$NATS_PID" 2>/dev/null
    wait 2>/dev/null || true
    [ -d "$T/pg" ] && sh scripts/pg_cluster.sh stop "$T/pg"
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# nats_fresh: a nats-server -js on loopback with an empty store (NATS_URL)
nats_fresh() {
    if [ -n "$NATS_PID" ]; then
        kill -TERM "$NATS_PID"
        wait "$NATS_PID" 2>/dev/null || true
    fi
    rm -rf "$T/nats"
    mkdir -p "$T/nats"
    nats-server -js -a 127.0.0.1 -p -1 -sd "$T/nats" >"$T/nats.log" 2>&1 &
    NATS_PID=$!
    for _ in $(seq 1 200); do
        p=$(sed -n 's/.*Listening for client connections on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$T/nats.log" | tail -1)
        if [ -n "$p" ] && grep -q "Server is ready" "$T/nats.log"; then
            NATS_URL=nats://127.0.0.1:$p
            return 0
        fi
        sleep 0.05
    done
    echo "nats-server did not start" >&2
    cat "$T/nats.log" >&2
    exit 2
}

PGBIN=
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/createdb" ] && PGBIN=$d; done
PGN=0
# db_new STORE: a new database holding the benchmark's indicators (DB): a
# copy of the SQLite file, or a PostgreSQL database made from the template
db_new() {
    PGN=$((PGN + 1))
    case "$1" in
    sqlite)
        DB=$T/run-$PGN.db
        cp "$T/base.db" "$DB"
        ;;
    pg)
        "$PGBIN/createdb" -h "$T/pg" -p 5432 -U gisac -T base "run$PGN"
        DB="postgresql:///run$PGN?host=$T/pg&port=5432&user=gisac"
        ;;
    esac
}

echo "machine: $(nproc) vCPUs, $(awk '/model name/ {$1=$2=$3=""; print; exit}' /proc/cpuinfo), load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
echo "store: $(wc -l <"$OUT/intel.txt") indicators (bench/gen_match.py, SCALE $SCALE); input: $EVENTS EVE events, $(stat -c %s "$OUT/eve.json") bytes (GB $GB)"

# the template stores
case " $STORES " in *" pg "*)
    sh scripts/pg_cluster.sh start "$T/pg" >/dev/null
    "$PGBIN/createdb" -h "$T/pg" -p 5432 -U gisac base
    s=$(date +%s.%N)
    "$GISAC" --db "postgresql:///base?host=$T/pg&port=5432&user=gisac" feed import --format plain \
        --source bench "$OUT/intel.txt" >/dev/null 2>"$T/import.err"
    echo "template store, PostgreSQL: $(awk -v a="$s" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b-a}') s to import"
    ;;
esac
case " $STORES " in *" sqlite "*)
    s=$(date +%s.%N)
    "$GISAC" --db "$T/base.db" feed import --format plain --source bench "$OUT/intel.txt" >/dev/null 2>"$T/import.err"
    sqlite3 "$T/base.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
    echo "template store, SQLite: $(awk -v a="$s" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b-a}') s to import"
    ;;
esac

# --- 1. events per second by threads --------------------------------------------
case " $PARTS " in *" 1 "*)
echo
echo "1. gisac worker --until-idle: events recorded per second (median of $RUNS)"
for store in $STORES; do
    for n in $THREADS; do
        : >"$T/w.times"
        : >"$T/w.raw"
        : >"$T/w.cpu"
        : >"$T/p.times"
        i=0
        while [ "$i" -lt "$RUNS" ]; do
            nats_fresh
            db_new "$store"
            rm -f "$OUT/eve.json.gisac-publish"
            /usr/bin/time -f '%e' -o "$T/ptime" "$GISAC" publish --nats "$NATS_URL" --agency bench \
                "$OUT/eve.json" 2>"$T/pub.err"
            cat "$T/ptime" >>"$T/p.times"
            /usr/bin/time -f '%e %U %S %M' -o "$T/time" "$GISAC" --db "$DB" worker --nats "$NATS_URL" \
                --threads "$n" --until-idle --name bench 2>"$T/worker.err"
            read -r secs us ss rss <"$T/time"
            # the same worker again over the drained stream: its start and the
            # idle check --until-idle ends with (one empty fetch, about 1 s)
            /usr/bin/time -f '%e' -o "$T/time0" "$GISAC" --db "$DB" worker --nats "$NATS_URL" \
                --threads "$n" --until-idle --name bench 2>/dev/null
            echo "$secs" >>"$T/w.raw"
            awk -v a="$secs" -v b="$(cat "$T/time0")" 'BEGIN {printf "%.2f\n", a - b}' >>"$T/w.times"
            awk -v u="$us" -v s="$ss" -v t="$secs" 'BEGIN {printf "%.2f\n", (u + s) / t}' >>"$T/w.cpu"
            i=$((i + 1))
        done
        t=$(median <"$T/w.times")
        printf '%-6s %d thread(s): median %6.2f s  %8.0f events/s  CPU %.2f cores  peak RSS %d MiB  runs: %s(wall %s) (%s)\n' \
            "$store" "$n" "$t" "$(awk -v l="$EVENTS" -v t="$t" 'BEGIN {print l/t}')" "$(median <"$T/w.cpu")" \
            "$((rss / 1024))" "$(tr '\n' ' ' <"$T/w.times")" "$(tr '\n' ' ' <"$T/w.raw")" \
            "$(grep -o '[0-9]* chunks recorded ([0-9]* sightings)' "$T/worker.err")"
        p=$(median <"$T/p.times")
        printf '       publish before it (not timed above): median %.2f s, %.0f events/s\n' "$p" \
            "$(awk -v l="$EVENTS" -v t="$p" 'BEGIN {print l/t}')"
    done
done
rm -f "$OUT/eve.json.gisac-publish"
;;
esac

# --- 2. publish-to-sighting latency ------------------------------------------------
case " $PARTS " in *" 2 "*)
echo
echo "2. publish-to-sighting latency: $RATE chunks/s of $LAT_LINES lines for $LAT_SECS s, a worker with 2 threads (median of $RUNS runs' percentiles)"
for store in $STORES; do
    : >"$T/l.out"
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        nats_fresh
        db_new "$store"
        "$GISAC" --db "$DB" worker --nats "$NATS_URL" --threads 2 --name bench 2>"$T/lworker.err" &
        WPID=$!
        sleep 1
        /usr/bin/python3 bench/nats_latency.py "$GISAC" "$NATS_URL" "$DB" "$OUT/eve.json" "$T/lat" \
            "$RATE" "$LAT_SECS" "$LAT_LINES" >>"$T/l.out" || echo "latency run $i: not every chunk committed" >&2
        kill -TERM "$WPID"
        wait "$WPID" 2>/dev/null || true
        WPID=
        i=$((i + 1))
    done
    pc() { sed -n "s/.* $1 \([0-9]*\) ms.*/\1/p" "$T/l.out" | median; }
    printf '%-6s p50 %s ms  p90 %s ms  p99 %s ms  max %s ms\n' "$store" "$(pc p50)" "$(pc p90)" "$(pc p99)" "$(pc max)"
    sed 's/^/       /' "$T/l.out"
done
;;
esac

# --- 3. import rate, SQLite beside PostgreSQL ----------------------------------------
case " $PARTS " in *" 3 "*)
echo
bench_data "$N_IMPORT"
echo "3. gisac feed import of $N_IMPORT mixed indicators into an empty database (median of $IMPORT_RUNS)"
for store in $STORES; do
    : >"$T/i.times"
    i=0
    while [ "$i" -lt "$IMPORT_RUNS" ]; do
        PGN=$((PGN + 1))
        if [ "$store" = pg ]; then
            "$PGBIN/createdb" -h "$T/pg" -p 5432 -U gisac "imp$PGN"
            DB="postgresql:///imp$PGN?host=$T/pg&port=5432&user=gisac"
        else
            DB=$T/imp-$PGN.db
        fi
        /usr/bin/time -f '%e' -o "$T/time" "$GISAC" --db "$DB" feed import --format plain --source bench \
            --json "$DATA" >"$T/imp.json"
        cat "$T/time" >>"$T/i.times"
        [ "$store" = sqlite ] && rm -f "$DB" "$DB-wal" "$DB-shm"
        i=$((i + 1))
    done
    t=$(median <"$T/i.times")
    printf '%-6s median %6.2f s  %8.0f indicators/s  runs: %s\n' "$store" "$t" \
        "$(awk -v n="$N_IMPORT" -v t="$t" 'BEGIN {print n/t}')" "$(tr '\n' ' ' <"$T/i.times")"
done
;;
esac
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
