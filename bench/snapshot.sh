#!/bin/sh
# bench/snapshot.sh: one EVE line (a hit) matched end to end by gisac match
# against N mixed indicators (bench/gen_indicators.py, default 2M) on
# SQLite, three ways (docs/match.md, the compiled snapshot):
#
#   compiled  DB.snap is current: mapped, checked and used (the common run)
#   rebuild   DB.snap removed first: the snapshot built from the store and
#             the file written (the first run after a change of intelligence)
#   old       OLD=path/to/gisac (optional): a gisac without the compiled
#             snapshot (e.g. a build of the commit before it), which builds
#             from the store at every run
#
# Each RUNS times (default 5; the rebuild REBUILD_RUNS times, default RUNS): the median wall time, the median CPU time
# (user + system: what the machine's other load does not inflate), the
# median peak RSS, and the median of what the summary line reports for
# loading or building the snapshot.
#
#   ./bench/snapshot.sh
#   N=3000000 RUNS=5 OLD=/path/to/old/gisac ./bench/snapshot.sh
set -eu
cd "$(dirname "$0")/.."
N=${N:-2000000}
RUNS=${RUNS:-5}
REBUILD_RUNS=${REBUILD_RUNS:-$RUNS}
OLD=${OLD:-}
GISAC=${GISAC:-./build/gisac}
. bench/lib.sh
bench_data "$N"
OUT=bench/out/snap-$N
mkdir -p "$OUT"
DB=$OUT/bench.db
if [ ! -s "$DB" ]; then
    rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.snap"
    "$GISAC" --db "$DB" feed import --format plain --source bench --json "$DATA" >"$OUT/import.json"
fi
# a DNS query for a name under the first indicator (a domain)
printf '{"timestamp":"2026-11-01T08:00:01+0800","event_type":"dns","src_ip":"192.0.2.10","dest_ip":"192.0.2.53","dns":{"rrname":"www.%s"}}\n' \
    "$(head -1 "$DATA")" >"$OUT/one.json"

# run NAME COUNT PREP BINARY: COUNT timed runs of BINARY match (PREP before each)
run() {
    name=$1 count=$2 prep=$3 bin=$4
    : >"$OUT/$name.t"
    : >"$OUT/$name.c"
    : >"$OUT/$name.m"
    : >"$OUT/$name.s"
    i=0
    while [ "$i" -lt "$count" ]; do
        eval "$prep"
        /usr/bin/time -f '%e %U %S %M' -o "$OUT/time" "$bin" --db "$DB" match "$OUT/one.json" \
            >"$OUT/$name.out" 2>"$OUT/$name.err"
        read -r e u s m <"$OUT/time"
        echo "$e" >>"$OUT/$name.t"
        awk -v u="$u" -v s="$s" 'BEGIN {print u + s}' >>"$OUT/$name.c"
        echo "$m" >>"$OUT/$name.m"
        sed -n 's/.*indicators \(built\|loaded (compiled)\) in \([0-9.]*\) s.*/\2/p' \
            "$OUT/$name.err" >>"$OUT/$name.s"
        grep -q '"indicator"' "$OUT/$name.out" || { echo "$name: no sighting" >&2; exit 1; }
        i=$((i + 1))
    done
    printf '%-9s wall %6.3f s  cpu %6.3f s  peak RSS %4d MiB  snapshot %s %6.3f s\n' "$name" \
        "$(median <"$OUT/$name.t")" "$(median <"$OUT/$name.c")" \
        "$(($(median <"$OUT/$name.m" | cut -d. -f1) / 1024))" \
        "$(sed -n 's/.*indicators \(built\|loaded (compiled)\) in.*/\1/p' "$OUT/$name.err")" \
        "$(median <"$OUT/$name.s")"
}

echo "indicators: $(sed -n 's/.*"imported":\([0-9]*\).*/\1/p' "$OUT/import.json") of $N; runs: $RUNS"
echo "machine: $(nproc) cores, $(awk '/model name/ {$1=$2=$3=""; print; exit}' /proc/cpuinfo); load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$OLD" ]; then run old "$RUNS" ":" "$OLD"; fi
run rebuild "$REBUILD_RUNS" 'rm -f "$DB.snap"' "$GISAC"
echo "compiled file: $(stat -c %s "$DB.snap") bytes"
run compiled "$RUNS" ":" "$GISAC"
