#!/bin/sh
# bench/import.sh: load N (default 1,000,000) mixed indicators into an empty
# database, RUNS times (default 5), and report the median rate and peak
# memory. Baseline in the same run: the sqlite3 shell importing the same
# lines into a table with a UNIQUE index (the raw cost of storing them,
# without parsing, normalising, merging or sources). Each run also imports
# with GISAC_SANDBOX=off (the file parsed in the importing process, not in
# the sandbox of docs/sandbox.md), so the sandbox's cost is measured in the
# same conditions.
#
#   ./bench/import.sh            (or: make bench)
#   N=200000 RUNS=3 ./bench/import.sh
set -eu
cd "$(dirname "$0")/.."
N=${N:-1000000}
RUNS=${RUNS:-5}
OUT=bench/out
. bench/lib.sh
bench_data "$N"
GISAC=./build/gisac

: >"$OUT/gisac.times"
: >"$OUT/nosandbox.times"
: >"$OUT/gisac.cpu"
: >"$OUT/nosandbox.cpu"
: >"$OUT/gisac.rss"
: >"$OUT/sqlite.times"
i=0
while [ "$i" -lt "$RUNS" ]; do
    rm -f "$OUT/bench.db" "$OUT/bench.db-wal" "$OUT/bench.db-shm"
    /usr/bin/time -f '%e %M %U %S' -o "$OUT/time.txt" \
        "$GISAC" --db "$OUT/bench.db" feed import --format plain --source bench --json "$DATA" \
        >"$OUT/summary.json"
    read -r secs rss us ss <"$OUT/time.txt"
    echo "$secs" >>"$OUT/gisac.times"
    echo "$rss" >>"$OUT/gisac.rss"
    awk -v u="$us" -v s="$ss" 'BEGIN {printf "%.2f\n", u + s}' >>"$OUT/gisac.cpu"

    rm -f "$OUT/bench.db" "$OUT/bench.db-wal" "$OUT/bench.db-shm"
    GISAC_SANDBOX=off /usr/bin/time -f '%e %U %S' -o "$OUT/time.txt" \
        "$GISAC" --db "$OUT/bench.db" feed import --format plain --source bench --json "$DATA" \
        >"$OUT/summary-nosandbox.json"
    read -r secs us ss <"$OUT/time.txt"
    echo "$secs" >>"$OUT/nosandbox.times"
    awk -v u="$us" -v s="$ss" 'BEGIN {printf "%.2f\n", u + s}' >>"$OUT/nosandbox.cpu"
    cmp -s "$OUT/summary.json" "$OUT/summary-nosandbox.json" ||
        python3 -c 'import json,sys; a,b=(json.load(open(f)) for f in sys.argv[1:]); a.pop("seconds"); b.pop("seconds"); sys.exit(a!=b)' \
            "$OUT/summary.json" "$OUT/summary-nosandbox.json" ||
        { echo "import.sh: the summaries with and without the sandbox differ" >&2; exit 1; }

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
u=$(median <"$OUT/nosandbox.times")
gc=$(median <"$OUT/gisac.cpu")
uc=$(median <"$OUT/nosandbox.cpu")
imported=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["imported"])' "$OUT/summary.json")
echo "indicators in file:        $N"
echo "imported (distinct):       $imported"
echo "gisac feed import:         median ${g} s over $RUNS runs ($(awk -v n="$N" -v s="$g" 'BEGIN {printf "%.0f", n/s}') indicators/s), peak RSS $((r / 1024)) MiB"
echo "without the sandbox:       median ${u} s ($(awk -v n="$N" -v s="$u" 'BEGIN {printf "%.0f", n/s}') indicators/s); sandbox cost $(awk -v a="$g" -v b="$u" 'BEGIN {printf "%+.1f%%", (a/b-1)*100}')"
echo "CPU (user+system, the child's included): median ${gc} s sandboxed, ${uc} s without; $(awk -v a="$gc" -v b="$uc" 'BEGIN {printf "%+.1f%%", (a/b-1)*100}')"
echo "sqlite3 .import baseline:  median ${s} s ($(awk -v n="$N" -v s="$s" 'BEGIN {printf "%.0f", n/s}') lines/s)"
echo "CPU runs (s): sandboxed $(tr '\n' ' ' <"$OUT/gisac.cpu")/ without $(tr '\n' ' ' <"$OUT/nosandbox.cpu")"
echo "runs (s): sandboxed $(tr '\n' ' ' <"$OUT/gisac.times")/ without $(tr '\n' ' ' <"$OUT/nosandbox.times")/ sqlite3 $(tr '\n' ' ' <"$OUT/sqlite.times")"
echo "ratio gisac/sqlite3:       $(awk -v a="$g" -v b="$s" 'BEGIN {printf "%.2f", a/b}')"
