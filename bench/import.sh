#!/bin/sh
# bench/import.sh: load N (default 1,000,000) mixed indicators into an empty
# database, RUNS times (default 5), and report the median rate and peak
# memory. Baseline in the same run: the sqlite3 shell importing the same
# lines into a table with a UNIQUE index (the raw cost of storing them,
# without parsing, normalising, merging or sources).
#
#   ./bench/import.sh            (or: make bench)
#   N=200000 RUNS=3 ./bench/import.sh
set -eu
cd "$(dirname "$0")/.."
N=${N:-1000000}
RUNS=${RUNS:-5}
OUT=bench/out
mkdir -p "$OUT"
DATA=$OUT/mixed-$N.txt
[ -s "$DATA" ] || /usr/bin/python3 bench/gen_indicators.py "$N" >"$DATA"
GISAC=./build/gisac

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

: >"$OUT/gisac.times"
: >"$OUT/gisac.rss"
: >"$OUT/sqlite.times"
i=0
while [ "$i" -lt "$RUNS" ]; do
    rm -f "$OUT/bench.db" "$OUT/bench.db-wal" "$OUT/bench.db-shm"
    /usr/bin/time -f '%e %M' -o "$OUT/time.txt" \
        "$GISAC" --db "$OUT/bench.db" feed import --format plain --source bench --json "$DATA" \
        >"$OUT/summary.json"
    read -r secs rss <"$OUT/time.txt"
    echo "$secs" >>"$OUT/gisac.times"
    echo "$rss" >>"$OUT/gisac.rss"

    rm -f "$OUT/base.db"
    /usr/bin/time -f '%e' -o "$OUT/time.txt" sqlite3 "$OUT/base.db" \
        "PRAGMA journal_mode=WAL;" "PRAGMA synchronous=FULL;" \
        "CREATE TABLE t(value TEXT NOT NULL UNIQUE);" \
        ".import $DATA t" >/dev/null
    cat "$OUT/time.txt" >>"$OUT/sqlite.times"
    i=$((i + 1))
done

g=$(median <"$OUT/gisac.times")
r=$(median <"$OUT/gisac.rss")
s=$(median <"$OUT/sqlite.times")
imported=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["imported"])' "$OUT/summary.json")
echo "indicators in file:        $N"
echo "imported (distinct):       $imported"
echo "gisac feed import:         median ${g} s over $RUNS runs ($(awk -v n="$N" -v s="$g" 'BEGIN {printf "%.0f", n/s}') indicators/s), peak RSS $((r / 1024)) MiB"
echo "sqlite3 .import baseline:  median ${s} s ($(awk -v n="$N" -v s="$s" 'BEGIN {printf "%.0f", n/s}') lines/s)"
echo "ratio gisac/sqlite3:       $(awk -v a="$g" -v b="$s" 'BEGIN {printf "%.2f", a/b}')"
