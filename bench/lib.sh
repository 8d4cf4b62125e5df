# bench/lib.sh: what the benchmarks share (sourced from the repository root).
#
# bench_data N: bench/out/mixed-N.txt holds N mixed indicators of
# bench/gen_indicators.py (made once, then kept); sets DATA to its path.
bench_data() {
    mkdir -p bench/out
    DATA=bench/out/mixed-$1.txt
    [ -s "$DATA" ] || /usr/bin/python3 bench/gen_indicators.py "$1" >"$DATA"
}
# median: the median of the numbers on stdin, one a line (the mean of the
# middle two for an even count).
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# serve_trap: no server yet (SRV empty); on exit, the one in SRV is stopped.
serve_trap() {
    SRV=
    trap '[ -n "$SRV" ] && kill -TERM "$SRV" 2>/dev/null; wait 2>/dev/null || true' EXIT
}
# serve_start BINARY DB CACHE_MB LOG: gisac serve on 127.0.0.1:$PORT with
# $THREADS threads, in the background (its pid in SRV), once /healthz answers.
serve_start() {
    GISAC_DB=$2 "$1" serve --listen "127.0.0.1:$PORT" --threads "$THREADS" --cache-mb "$3" \
        2>"$4" &
    SRV=$!
    for _ in $(seq 1 100); do
        curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && return 0
        sleep 0.1
    done
    echo "server $1 on $2 did not start" >&2
    exit 2
}
# serve_stop: SIGTERM, and wait for it.
serve_stop() {
    kill -TERM "$SRV"
    wait "$SRV" || true
    SRV=
}
