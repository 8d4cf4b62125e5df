#!/bin/sh
# bench/ab_serve.sh: two builds of gisac serve side by side on the same
# data, in the same run: A (an earlier build) and B (this one).
#
#   A=/path/to/old/gisac ./bench/ab_serve.sh      (B defaults to build/gisac)
#   N=200000 SECS=5 ROUNDS=3 A=... ./bench/ab_serve.sh
#
# Each build imports the same N indicators into its own database (a
# database written by one build's schema need not open in the other).
# Then, ROUNDS times, alternating A and B so that both meet the same noise:
#   - indicator search (GET /api/v1/indicators/search, 90% found, 10% made up)
#   - the first TAXII page of 1000 objects, computed from the store each
#     time (answer cache off)
# Reports the median requests/s of each build and the ratio B/A.
set -eu
cd "$(dirname "$0")/.."
: "${A:?A must name the earlier gisac binary}"
B=${B:-$(pwd)/build/gisac}
N=${N:-200000}
SECS=${SECS:-5}
CONN=${CONN:-16}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-18090}
OUT=bench/out/ab
mkdir -p "$OUT"
. bench/lib.sh
bench_data "$N"
export GISAC_PWHASH_FAST=1
U=http://127.0.0.1:$PORT
serve_trap

prepare() { # prepare NAME BINARY: database, account, token in $OUT/NAME.*
    db=$OUT/$1.db
    if [ ! -s "$db" ]; then
        echo "== $1: importing $N indicators"
        GISAC_DB=$db "$2" feed import --format plain --source bench --tlp green "$DATA" >/dev/null
        echo 'bench password 0001' | GISAC_DB=$db "$2" user add bench --role analyst >/dev/null
    fi
    GISAC_DB=$db "$2" token create --user bench --name "ab $(date +%s%N)" 2>/dev/null >"$OUT/$1.token"
}
start() { serve_start "$2" "$OUT/$1.db" 0 /dev/null; } # start NAME BINARY
stop() { serve_stop; }
rps() { # rps NAME PATHS: requests/s of one wrk run
    WRK_PATHS=$2 WRK_TOKEN=$(cat "$OUT/$1.token") wrk -t2 -c"$CONN" -d"${SECS}s" \
        -s bench/wrk_paths.lua "$U" | sed -n 's/^RESULT rps=\([^ ]*\) .*/\1/p'
}

prepare A "$A"
prepare B "$B"
/usr/bin/python3 bench/gen_search_paths.py "$DATA" "$OUT/search.txt"
: >"$OUT/results.txt"
for r in $(seq 1 "$ROUNDS"); do
    for who in A B; do
        eval bin=\$$who
        start "$who" "$bin"
        col=$(curl -s -H "Authorization: Bearer $(cat "$OUT/$who.token")" "$U/taxii2/api/collections/" |
            /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["collections"][0]["id"])')
        echo "/taxii2/api/collections/$col/objects/?limit=1000" >"$OUT/pages.txt"
        s=$(rps "$who" "$OUT/search.txt")
        p=$(rps "$who" "$OUT/pages.txt")
        echo "$who search $s" >>"$OUT/results.txt"
        echo "$who pages $p" >>"$OUT/results.txt"
        echo "round $r $who: $s searches/s, $p pages/s"
        stop
    done
done
/usr/bin/python3 - "$OUT/results.txt" <<'PY'
import statistics, sys, collections
d = collections.defaultdict(list)
for l in open(sys.argv[1]):
    who, what, v = l.split()
    d[(who, what)].append(float(v))
for what in ("search", "pages"):
    a = statistics.median(d[("A", what)])
    b = statistics.median(d[("B", what)])
    print("%-7s A %9.0f/s  B %9.0f/s  B/A %.2f  (A runs %s; B runs %s)" % (
        what, a, b, b / a, "/".join("%.0f" % x for x in d[("A", what)]),
        "/".join("%.0f" % x for x in d[("B", what)])))
PY
