#!/bin/sh
# bench/match.sh: gisac match against grep -F -f and rg -F -f on the same
# synthetic data (bench/gen_match.py, fixed seed): 3.1M indicators and about
# GB gigabytes (default 1) of Suricata EVE JSON with ~1% hit lines and ~1%
# near misses. Reports MB/s, events/s, peak RSS, the snapshot build time,
# and each tool's false positives and negatives against the generator's
# oracle (truth.txt).
#
#   ./bench/match.sh                 (or: make bench-match)
#   GB=0.2 SCALE=0.1 RUNS=1 ./bench/match.sh
set -eu
cd "$(dirname "$0")/.."
GB=${GB:-1}
SCALE=${SCALE:-1}
RUNS=${RUNS:-3}
OTHER_RUNS=${OTHER_RUNS:-1}   # grep and rg take minutes and gigabytes: once by default
LIMIT=${LIMIT:-1200}          # seconds before a competitor is stopped
OUT=bench/out/match-$GB-$SCALE
mkdir -p "$OUT"
[ -s "$OUT/eve.json" ] || /usr/bin/python3 bench/gen_match.py "$OUT" "$GB" "$SCALE"
GISAC=./build/gisac
DB=$OUT/bench.db
if [ ! -s "$DB" ]; then
    rm -f "$DB" "$DB-wal" "$DB-shm"
    "$GISAC" --db "$DB" feed import --format plain --source bench --json "$OUT/intel.txt" >"$OUT/import.json"
fi
BYTES=$(stat -c %s "$OUT/eve.json")
LINES=$(wc -l <"$OUT/eve.json")
. bench/lib.sh

# run NAME RUNS CMD...: timed runs; stdout of the last kept in $OUT/NAME.out
run() {
    name=$1
    runs=$2
    shift 2
    : >"$OUT/$name.t"
    : >"$OUT/$name.m"
    i=0
    while [ "$i" -lt "$runs" ]; do
        status=0
        /usr/bin/time -f '%e %M' -o "$OUT/time" timeout "$LIMIT" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" || status=$?
        # a killed command leaves "Command terminated by signal N" first
        read -r s m <<EOT
$(tail -1 "$OUT/time")
EOT
        if [ "$status" -ge 124 ] && [ "$status" -ne 0 ]; then
            printf '%-22s did not finish: exit %d after %s s at %d MiB (%s)\n' "$name" "$status" "$s" \
                "$((m / 1024))" "$(head -1 "$OUT/time")"
            echo "$s" >"$OUT/$name.median"
            rm -f "$OUT/$name.out"
            return 0
        fi
        echo "$s" >>"$OUT/$name.t"
        echo "$m" >>"$OUT/$name.m"
        i=$((i + 1))
    done
    t=$(median <"$OUT/$name.t")
    m=$(median <"$OUT/$name.m")
    printf '%-22s median %7.2f s  %8.1f MB/s  %9.0f events/s  peak RSS %6d MiB\n' "$name" "$t" \
        "$(awk -v b="$BYTES" -v t="$t" 'BEGIN {print b/1e6/t}')" \
        "$(awk -v l="$LINES" -v t="$t" 'BEGIN {print l/t}')" "$((m / 1024))"
    echo "$t" >"$OUT/$name.median"
}

# accuracy: lines reported vs the oracle
accuracy() {
    name=$1
    sort -u "$OUT/$name.lines" >"$OUT/$name.sorted"
    fp=$(comm -23 "$OUT/$name.sorted" "$OUT/truth.sorted" | wc -l)
    fn=$(comm -13 "$OUT/$name.sorted" "$OUT/truth.sorted" | wc -l)
    printf '%-22s lines reported %d, false positives %d, false negatives %d (of %d hit lines)\n' \
        "$name" "$(wc -l <"$OUT/$name.sorted")" "$fp" "$fn" "$(wc -l <"$OUT/truth.sorted")"
}
sort -u "$OUT/truth.txt" | sed "/^$/d" >"$OUT/truth.sorted"

echo "data: $BYTES bytes, $LINES lines; indicators: $(wc -l <"$OUT/intel.txt") ($(wc -l <"$OUT/patterns.txt") as substring patterns)"
echo "machine: $(nproc) cores, $(awk '/model name/ {$1=$2=$3=""; print; exit}' /proc/cpuinfo)"
run gisac-2-threads "$RUNS" "$GISAC" --db "$DB" match --threads 2 "$OUT/eve.json"
grep -o '"line":[0-9]*' "$OUT/gisac-2-threads.out" | cut -d: -f2 >"$OUT/gisac-2-threads.lines"
grep 'gisac:' "$OUT/gisac-2-threads.err" | head -2
run gisac-1-thread "$RUNS" "$GISAC" --db "$DB" match --threads 1 "$OUT/eve.json"
run grep-F "$OTHER_RUNS" env LC_ALL=C grep -n -F -f "$OUT/patterns.txt" "$OUT/eve.json"
cut -d: -f1 "$OUT/grep-F.out" >"$OUT/grep-F.lines"
if command -v rg >/dev/null 2>&1; then
    run rg-F "$OTHER_RUNS" rg -n --no-heading -F -f "$OUT/patterns.txt" "$OUT/eve.json"
    [ -f "$OUT/rg-F.out" ] && cut -d: -f1 "$OUT/rg-F.out" >"$OUT/rg-F.lines"
fi
echo
accuracy gisac-2-threads
accuracy grep-F
[ -f "$OUT/rg-F.lines" ] && accuracy rg-F
g=$(cat "$OUT/gisac-2-threads.median")
echo
echo "speed-up over grep -F -f: $(awk -v a="$(cat "$OUT/grep-F.median")" -v b="$g" 'BEGIN {printf "%.1f", a/b}')x"
[ -f "$OUT/rg-F.median" ] && echo "speed-up over rg -F -f:   $(awk -v a="$(cat "$OUT/rg-F.median")" -v b="$g" 'BEGIN {printf "%.1f", a/b}')x"
