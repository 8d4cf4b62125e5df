#!/bin/sh
# bench/vis.sh: the cost of visibility per source on the read and import
# paths, for one or more gisac binaries on the same data in the same run.
#
# For each binary, on a fresh store: N (default 50,000) mixed indicators
# from source a (TLP:GREEN); then
#   import  the first N/2 of them again from source b (every value merges
#           into an existing indicator), on a copy of that store each run;
#   staff   gisac intel export --format plain (the operator, the CLI's
#           default TLP limit amber), CPU seconds (user + sys);
#   agency  GET /feeds/plain as an agency account (TLP:GREEN and what is
#           meant for its agency), answer cache off, seconds (curl).
# Each figure is the median of RUNS (default 5) runs. MIXED=1: every
# tenth value also from source c at TLP:AMBER meant for the agency (the
# reader merges those from the sources it may read, not the merged row).
#
#   ./bench/vis.sh   (or: make bench-vis; ./build/gisac)
#   ./bench/vis.sh /tmp/old/gisac ./build/gisac
set -eu
cd "$(dirname "$0")/.."
N=${N:-50000}
RUNS=${RUNS:-5}
OUT=bench/out
. bench/lib.sh
bench_data "$N"
HALF=$OUT/mixed-$N-half.txt
head -n $((N / 2)) "$DATA" >"$HALF"
[ $# -gt 0 ] || set -- ./build/gisac
export GISAC_PWHASH_FAST=1
serve_trap
cpu() { # cpu CMD...: user+sys seconds of CMD (stdout discarded)
    /usr/bin/time -f '%U %S' -o "$OUT/time.txt" "$@" >/dev/null
    awk '{printf "%.3f\n", $1 + $2}' "$OUT/time.txt"
}
db_rm() { rm -f "$1" "$1-wal" "$1-shm"; }

printf '%-28s %10s %10s %10s\n' binary 'import s' 'staff s' 'agency s'
for G in "$@"; do
    DB=$OUT/vis.db
    db_rm "$DB"
    export GISAC_DB="$DB"
    "$G" agency add moda --name MODA --grade A >/dev/null
    echo 'agency password 001' | "$G" user add om --role agency --agency moda >/dev/null
    TOKEN=$("$G" token create --user om)
    "$G" feed import --format plain --source a --tlp green "$DATA" >/dev/null
    if [ "${MIXED:-0}" = 1 ]; then
        awk 'NR % 10 == 0' "$DATA" >"$OUT/mixed-$N-tenth.txt"
        "$G" feed import --format plain --source c --tlp amber --recipient moda \
            "$OUT/mixed-$N-tenth.txt" >/dev/null
    fi
    "$G" intel export --format plain >/dev/null # warm the page cache
    : >"$OUT/imp.times"
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        db_rm "$OUT/vis-imp.db"
        sqlite3 "$DB" ".backup $OUT/vis-imp.db"
        GISAC_DB=$OUT/vis-imp.db cpu "$G" feed import --format plain --source b --tlp green \
            "$HALF" >>"$OUT/imp.times"
        i=$((i + 1))
    done
    : >"$OUT/staff.times"
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        cpu "$G" intel export --format plain >>"$OUT/staff.times"
        i=$((i + 1))
    done
    rows=$("$G" intel export --format plain | wc -l)
    "$G" serve --listen 127.0.0.1:0 --threads 2 --cache-mb 0 2>"$OUT/vis-serve.log" &
    SRV=$!
    PORT=
    for _ in $(seq 1 100); do
        PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$OUT/vis-serve.log")
        [ -n "$PORT" ] && break
        sleep 0.1
    done
    : >"$OUT/agency.times"
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        curl -s -o "$OUT/vis-feed.txt" -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" \
            "http://127.0.0.1:$PORT/feeds/plain" >>"$OUT/agency.times"
        i=$((i + 1))
    done
    arows=$(wc -l <"$OUT/vis-feed.txt")
    kill -TERM "$SRV"
    wait "$SRV" || true
    SRV=
    printf '%-28s %10s %10s %10s   (rows: staff %s, agency %s)\n' "$G" \
        "$(median <"$OUT/imp.times")" "$(median <"$OUT/staff.times")" \
        "$(median <"$OUT/agency.times")" "$rows" "$arows"
done
