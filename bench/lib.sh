# bench/lib.sh: what the server benchmarks share (sourced).
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
