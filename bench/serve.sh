#!/bin/sh
# bench/serve.sh: gisac serve under wrk on loopback, against a store of N
# (default 1,000,000) indicators.
#
#   1. TAXII object pages of 1000 indicators, walking the whole collection
#      in a cycle: with the answer cache off (every page computed from the
#      store) and on (the default);
#   2. the latency of one page at depth 1, 500 and 1000 (cache off): flat;
#   3. indicator search, GET /api/v1/indicators/search?value=V, over values
#      drawn from the data (found) and made up (not found);
#   4. baseline in the same run: nginx serving the same page bodies as
#      static files (sendfile), the ceiling of this machine for such pages.
#
# Reports requests/s, p50 and p99 (wrk --latency; the median of REPS runs,
# default 3, with each run's requests/s), and the server's peak RSS
# (VmHWM). wrk and gisac share the machine's cores.
#
#   ./bench/serve.sh        (or: make bench-serve)
#   N=200000 SECS=5 ./bench/serve.sh
set -eu
cd "$(dirname "$0")/.."
N=${N:-1000000}
SECS=${SECS:-10}
CONN=${CONN:-16}
THREADS=${THREADS:-2}
REPS=${REPS:-3} # wrk runs per measurement; the medians are reported
OUT=bench/out
. bench/lib.sh
bench_data "$N"
GISAC=$(pwd)/build/gisac
DB=$OUT/serve-$N.db
export GISAC_DB="$DB" GISAC_PWHASH_FAST=1
PORT=${PORT:-18080}
NGX_PORT=${NGX_PORT:-18081}
U=http://127.0.0.1:$PORT

if [ ! -s "$DB" ]; then
    echo "== importing $N indicators into $DB"
    "$GISAC" feed import --format plain --source bench --tlp green "$DATA" >/dev/null
fi
"$GISAC" user list | grep -q '^bench	' ||
    echo 'bench password 0001' | "$GISAC" user add bench --role analyst >/dev/null
TOKEN=$("$GISAC" token create --user bench --name "bench $(date +%s)" 2>/dev/null)

SRV=
NGX=
cleanup() {
    [ -n "$SRV" ] && kill -TERM "$SRV" 2>/dev/null
    [ -n "$NGX" ] && kill "$NGX" 2>/dev/null
    wait 2>/dev/null || true
}
trap cleanup EXIT

start() { serve_start "$GISAC" "$DB" "$1" "$OUT/serve.log"; } # start CACHE_MB
stop() { serve_stop; }
rss() { awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$SRV/status"; }
wrk_once() { # wrk_once PATHS URL: prints "rps p50 p99 errors non2xx"
    WRK_PATHS=$1 WRK_TOKEN=$TOKEN wrk -t2 -c"$CONN" -d"${SECS}s" --latency \
        -s bench/wrk_paths.lua "$2" | sed -n 's/^RESULT rps=\([^ ]*\) p50_ms=\([^ ]*\) p99_ms=\([^ ]*\) errors=\([^ ]*\) non2xx=\([^ ]*\)$/\1 \2 \3 \4 \5/p'
}
run_wrk() { # run_wrk PATHS URL: REPS runs; prints the median of each column and the runs' rps
    for _ in $(seq 1 "$REPS"); do wrk_once "$1" "$2"; done >"$OUT/runs.txt"
    /usr/bin/python3 - "$OUT/runs.txt" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
cols = list(zip(*rows))
med = [statistics.median(float(x) for x in c) for c in cols]
print("%.0f %.2f %.2f %d %d %s" % (med[0], med[1], med[2], med[3], med[4],
      "/".join("%.0f" % float(r[0]) for r in rows)))
PY
}

start 0
COL=$(curl -s -H "Authorization: Bearer $TOKEN" "$U/taxii2/api/collections/" |
    /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["collections"][0]["id"])')
echo "== walking the collection to list its pages"
/usr/bin/python3 - "$U" "$COL" "$TOKEN" "$OUT/pages.txt" <<'PY'
import json, sys, urllib.request
u, col, tok, out = sys.argv[1:5]
base = "/taxii2/api/collections/%s/objects/?limit=1000" % col
nxt, paths, n = None, [], 0
while True:
    p = base + ("&next=" + nxt if nxt else "")
    paths.append(p)
    rq = urllib.request.Request(u + p, headers={"Authorization": "Bearer " + tok})
    d = json.load(urllib.request.urlopen(rq))
    n += len(d.get("objects", []))
    if not d["more"]:
        break
    nxt = d["next"]
open(out, "w").write("\n".join(paths) + "\n")
print("pages:", len(paths), "objects:", n)
PY
NPAGES=$(wc -l <"$OUT/pages.txt")

echo "== one page at depth 1, 500 and $NPAGES (cache off): median of 7 requests, ms"
for k in 1 500 "$NPAGES"; do
    p=$(sed -n "${k}p" "$OUT/pages.txt")
    for _ in 1 2 3 4 5 6 7; do
        curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$U$p"
    done | sort -n | sed -n 4p | awk -v k="$k" '{printf "  page %-5s %.2f ms\n", k, $1 * 1000}'
done

echo "== TAXII pages of 1000, cache off"
set -- $(run_wrk "$OUT/pages.txt" "$U")
echo "  $1 pages/s, p50 $2 ms, p99 $3 ms (errors $4, non-2xx $5; runs $6), server peak RSS $(rss) MiB"
stop

start 1024
echo "== TAXII pages of 1000, cache on (1024 MiB): a first pass fills it"
run_wrk "$OUT/pages.txt" "$U" >/dev/null
set -- $(run_wrk "$OUT/pages.txt" "$U")
echo "  $1 pages/s, p50 $2 ms, p99 $3 ms (errors $4, non-2xx $5; runs $6), server peak RSS $(rss) MiB"

echo "== indicator search"
/usr/bin/python3 bench/gen_search_paths.py "$DATA" "$OUT/search.txt"
set -- $(run_wrk "$OUT/search.txt" "$U")
echo "  $1 searches/s, p50 $2 ms, p99 $3 ms (errors $4, non-2xx $5; a made-up value answers an empty list; runs $6), server peak RSS $(rss) MiB"
stop

if command -v nginx >/dev/null; then
    echo "== baseline: nginx (sendfile) serving 50 of the same pages as static files"
    rm -rf "$OUT/ngx" && mkdir -p "$OUT/ngx/www"
    i=0
    head -50 "$OUT/pages.txt" >"$OUT/ngx/src.txt"
    start 0
    while read -r p; do
        i=$((i + 1))
        curl -s -H "Authorization: Bearer $TOKEN" "$U$p" >"$OUT/ngx/www/page$i.json"
        echo "/page$i.json"
    done <"$OUT/ngx/src.txt" >"$OUT/ngx/paths.txt"
    stop
    cat >"$OUT/ngx/nginx.conf" <<EOF
worker_processes $THREADS;
daemon off;
pid $(pwd)/$OUT/ngx/nginx.pid;
error_log $(pwd)/$OUT/ngx/error.log;
events { worker_connections 1024; }
http { access_log off; sendfile on; server { listen 127.0.0.1:$NGX_PORT; root $(pwd)/$OUT/ngx/www; } }
EOF
    nginx -c "$(pwd)/$OUT/ngx/nginx.conf" &
    NGX=$!
    sleep 0.5
    set -- $(run_wrk "$OUT/ngx/paths.txt" "http://127.0.0.1:$NGX_PORT")
    echo "  $1 pages/s, p50 $2 ms, p99 $3 ms (runs $6)"
    printf '{"indicators":[]}\n' >"$OUT/ngx/www/small.json"
    echo /small.json >"$OUT/ngx/small.txt"
    echo "== baseline: nginx serving one small JSON file (the ceiling for a tiny answer like a search)"
    set -- $(run_wrk "$OUT/ngx/small.txt" "http://127.0.0.1:$NGX_PORT")
    echo "  $1 requests/s, p50 $2 ms, p99 $3 ms (runs $6)"
else
    echo "== nginx not installed: no static baseline"
fi
