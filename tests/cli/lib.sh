# lib.sh: helpers for the command-line tests (sourced).
# Each test runs in its own temporary directory with its own database.
set -u
: "${GISAC:?GISAC must name the gisac binary}"
: "${GISAC_SRCDIR:?}"
SHARED=${GISAC_SHARED:-$GISAC_SRCDIR/../shared}
T=$(mktemp -d "${TMPDIR:-/tmp}/gisac-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
export GISAC_DB="$T/gisac.db"
# GISAC_TEST_PG: the directory of a running throwaway PostgreSQL cluster
# (scripts/pg_cluster.sh, tests/cli/test_pg.sh): the test's database is
# then a new database of that cluster, its key files in $T
if [ -n "${GISAC_TEST_PG:-}" ]; then
    GISAC_DB=$("$GISAC_SRCDIR/scripts/pg_cluster.sh" createdb "$GISAC_TEST_PG" \
        "t$$_$(printf '%s' "${T##*.}" | tr -c 'a-zA-Z0-9' _)") || exit 1
    export GISAC_DB GISAC_STATE_DIR="$T"
fi
# SIDE: where the store's side files are (docs/postgresql.md): beside the
# SQLite file ($SIDE.key, $SIDE.audit-key, $SIDE.evidence/), in
# GISAC_STATE_DIR for PostgreSQL
SIDE=$GISAC_DB
if [ -n "${GISAC_TEST_PG:-}" ]; then SIDE=$GISAC_STATE_DIR/gisac; fi
# db_sql SQL: run SQL (portable to both backends) on the test's database
# and print its rows as sqlite3 prints them (columns joined by '|', NULL
# empty): sqlite3 on the SQLite file, psql on the PostgreSQL database
db_sql() {
    if [ -n "${GISAC_TEST_PG:-}" ]; then
        psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$GISAC_DB" -c "$1"
    else
        sqlite3 "$GISAC_DB" "$1"
    fi
}
export LC_ALL=C.UTF-8 TZ=UTC
# the installation's identity a new database gets (docs/taxii.md): the one
# every installation had before identities were chosen, so that the ids
# the tests (and the docs' examples) expect are those; test_identity.sh
# unsets it to see a random one
export GISAC_IDENTITY_UUID=881c1891-6d33-5202-a7b6-7beed82cb4a8
FAILS=0
CHECKS=0

fail() {
    echo "FAIL: $*" >&2
    FAILS=$((FAILS + 1))
}

# check_eq WHAT EXPECTED ACTUAL
check_eq() {
    CHECKS=$((CHECKS + 1))
    if [ "$2" != "$3" ]; then
        fail "$1"
        printf '  expected: %s\n  actual:   %s\n' "$2" "$3" >&2
    fi
}

# check_status WHAT EXPECTED_STATUS COMMAND...
check_status() {
    what=$1 want=$2
    shift 2
    CHECKS=$((CHECKS + 1))
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" != "$want" ]; then
        fail "$what: exit $got, expected $want"
        sed 's/^/  stdout: /' "$T/out" >&2
        sed 's/^/  stderr: /' "$T/err" >&2
    fi
}

# check_grep WHAT PATTERN FILE: fixed string present
check_grep() {
    CHECKS=$((CHECKS + 1))
    if ! grep -qF -- "$2" "$3"; then
        fail "$1: '$2' not in $3"
        sed 's/^/  | /' "$3" | head -20 >&2
    fi
}

# check_out WHAT STATUS EXPECTED_OUTPUT COMMAND...: stdout and stderr
# together (in $T/all), exactly; stdin is /dev/null. Two checks.
check_out() {
    what=$1 want_status=$2 want=$3
    shift 3
    CHECKS=$((CHECKS + 1))
    "$@" >"$T/all" 2>&1 </dev/null
    got=$?
    if [ "$got" != "$want_status" ]; then
        fail "$what: exit $got, expected $want_status"
        sed 's/^/  | /' "$T/all" >&2
    fi
    check_eq "$what: output" "$want" "$(cat "$T/all")"
}

check_nogrep() {
    CHECKS=$((CHECKS + 1))
    if grep -qF -- "$2" "$3"; then
        fail "$1: '$2' unexpectedly in $3"
    fi
}

# check_command_groups GROUP...: for each command group of gisac: --help
# (exit 0, "usage: gisac GROUP COMMAND" on stdout), no command (exit 2) and
# an unknown one (exit 2, named on stderr); five checks a group
check_command_groups() {
    for cmd in "$@"; do
        check_status "$cmd --help" 0 "$GISAC" "$cmd" --help
        check_grep "$cmd --help" "usage: gisac $cmd COMMAND" "$T/out"
        check_status "$cmd without a command" 2 "$GISAC" "$cmd"
        check_status "$cmd frobnicate" 2 "$GISAC" "$cmd" frobnicate
        check_grep "$cmd frobnicate" "unknown $cmd command 'frobnicate'" "$T/err"
    done
}

# jq-free JSON field read: json_get FILE EXPR (python expression on d)
json_get() {
    /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# make_tokens USER...: an API token for each account, in $T/tok.USER; fails
# the test (not a check of its own) when one cannot be made.
make_tokens() {
    for tok_user in "$@"; do
        "$GISAC" token create --user "$tok_user" >"$T/tok.$tok_user" 2>/dev/null || fail "token $tok_user"
    done
}

# officer_api USER AGENCY: an agency officer USER of AGENCY with an API
# token, a server started (log $T/server.log) with the EXIT trap stopping
# it; sets H (the officer's Authorization header) and A (the API's base).
officer_api() {
    export GISAC_PWHASH_FAST=1
    "$GISAC" user add "$1" --role agency --agency "$2" </dev/null >/dev/null 2>&1 || fail "user $1"
    make_tokens "$1"
    H="Authorization: Bearer $(cat "$T/tok.$1")"
    trap 'serve_stop; rm -rf "$T"' EXIT
    serve_start "$T/server.log"
    A=http://127.0.0.1:$PORT/api/v1
}

# vuln_watcher HOST CSV: agency moda, the CSV inventory CSV imported as its
# host HOST, and a webhook (never reached) for its vuln.affected notices.
vuln_watcher() {
    "$GISAC" agency add moda --name "Ministry" --grade A >/dev/null
    "$GISAC" asset import --agency moda --host "$1" "$2" >/dev/null || fail "asset import"
    "$GISAC" notify add --events vuln.affected --agency moda --lang en webhook http://127.0.0.1:9/hook >/dev/null
}

# serve_start LOG [ARGS...]: start `gisac serve --listen 127.0.0.1:0 ARGS...`
# in the background, its stderr in LOG, and wait (up to 5 s) for its
# "gisac: listening on http[s]://127.0.0.1:PORT" line. Sets SRV_PID (the
# server's process) and PORT. When no such line comes: fails the test,
# shows LOG and finishes. Environment assignments and exports of the
# caller (GISAC_NOW, GISAC_DB, ...) reach the server. Stop it with
# serve_stop (the test's EXIT trap should call serve_stop too).
serve_start() {
    serve_log=$1
    shift
    "$GISAC" serve --listen 127.0.0.1:0 "$@" 2>"$serve_log" &
    SRV_PID=$!
    serve_wait_port "$serve_log" || {
        fail "server did not start"
        cat "$serve_log" >&2
        finish
    }
}

# serve_wait_port LOG [TRIES]: wait (TRIES times 0.05 s, 100 unless given)
# for the line "gisac: listening on http[s]://127.0.0.1:PORT" in LOG and set
# PORT; status 1 when it does not come.
serve_wait_port() {
    PORT=
    for _ in $(seq 1 "${2:-100}"); do
        PORT=$(sed -n 's|^gisac: listening on https*://127\.0\.0\.1:\([0-9]*\)$|\1|p' "$1")
        [ -n "$PORT" ] && return 0
        sleep 0.05
    done
    return 1
}

# serve_stop: stop the server serve_start started (SIGTERM, then wait for
# it); SRV_STATUS is its exit status. Does nothing when none runs.
serve_stop() {
    if [ -n "${SRV_PID:-}" ]; then
        kill -TERM "$SRV_PID" 2>/dev/null
        wait "$SRV_PID" 2>/dev/null
        # shellcheck disable=SC2034 # read by the tests
        SRV_STATUS=$?
    fi
    SRV_PID=
}

# HTTP helpers for the tests against `gisac serve` (curl):
# OCT: the header of a raw body (a file, log lines): the raw-body routes
# refuse text/plain, forms and no Content-Type (cross-site requests)
# shellcheck disable=SC2034 # used by the tests
OCT="Content-Type: application/octet-stream"
# req NAME CURL-ARGS...: body in $T/NAME.body, headers in $T/NAME.hdr,
# prints the status
req() {
    n=$1
    shift
    curl -s -o "$T/$n.body" -D "$T/$n.hdr" -w '%{http_code}' "$@"
}
# check_req WHAT EXPECTED NAME GETTER CURL-ARGS...: req NAME CURL-ARGS...,
# then what GETTER NAME prints (a function of the test reading
# $T/NAME.body) checked against EXPECTED
check_req() {
    creq_what=$1 creq_want=$2 creq_name=$3 creq_get=$4
    shift 4
    req "$creq_name" "$@" >/dev/null
    check_eq "$creq_what" "$creq_want" "$("$creq_get" "$creq_name")"
}
# hdr NAME HEADER: the value of a response header of req NAME (name in any case)
hdr() { tr -d '\r' <"$T/$1.hdr" | sed -n "s/^$2: //Ip" | head -1; }
# body NAME: the body of req NAME
body() { cat "$T/$1.body"; }
# TAXII pages start with the identity and TLP markings their objects refer
# to (docs/taxii.md): jo NAME EXPR is EXPR of the page of req NAME with
# d["objects"] its indicators only; refs NAME the others, "TYPE:NAME ..."
jo() { json_get "$T/$1.body" "(lambda d: ($2))(dict(d, objects=[o for o in d.get('objects', []) if o['type'] == 'indicator']))"; }
refs() { json_get "$T/$1.body" '" ".join(o["type"] + ":" + o["name"] for o in d.get("objects", []) if o["type"] != "indicator")'; }
# err NAME: the JSON error of req NAME as "CODE: MESSAGE"
err() { json_get "$T/$1.body" 'd["error"]["code"]+": "+d["error"]["message"]'; }
# st HEADER METHOD PATH [JSON]: only the status of METHOD $A/PATH with the
# header HEADER (and the body JSON, sent with the header in $JS)
st() {
    if [ $# -ge 4 ]; then
        curl -s -o /dev/null -w '%{http_code}' -H "$1" -X "$2" -H "$JS" --data-binary "$4" "$A$3"
    else
        curl -s -o /dev/null -w '%{http_code}' -H "$1" -X "$2" "$A$3"
    fi
}

# start_helper DIR SCRIPT ARG...: the loopback helper server
# tests/cli/SCRIPT (python3) in the background with ARG..., its log in
# DIR/log; its process is added to PIDS (for the test's EXIT trap, e.g.
# stop_all, to kill); waits (up to 10 s) until its port is in DIR/port.
start_helper() {
    mkdir -p "$1"
    helper_dir=$1 helper=$2
    shift 2
    /usr/bin/python3 "$GISAC_SRCDIR/tests/cli/$helper" "$@" >"$helper_dir/log" 2>&1 </dev/null &
    PIDS="${PIDS:-} $!"
    i=0
    while [ ! -s "$helper_dir/port" ] && [ $i -lt 100 ]; do
        sleep 0.1
        i=$((i + 1))
    done
}

# start_receiver MODE DIR FAIL: tests/cli/notify_receiver.py (a loopback
# webhook or SMTP receiver, see there) with its files in DIR (start_helper)
start_receiver() {
    start_helper "$2" notify_receiver.py "$1" "$2" "$3"
}

# stop_all: the EXIT trap of a test with a server and helper processes:
# the server stopped (serve_stop), the processes in PIDS killed, $T removed
stop_all() {
    serve_stop
    for p in ${PIDS:-}; do kill "$p" 2>/dev/null; done
    rm -rf "$T"
}

# get USER PATH, post USER PATH JSON, patch USER PATH JSON: the request to
# $A/PATH with USER's token (make_tokens), the body in $T/resp; prints the
# status. A test may define its own get, post or patch after lib.sh.
get() { curl -s -o "$T/resp" -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/tok.$1")" "$A$2"; }
post() { curl -s -o "$T/resp" -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/tok.$1")" -H 'Content-Type: application/json' --data-binary "$3" "$A$2"; }
patch() { curl -s -o "$T/resp" -w '%{http_code}' -X PATCH -H "Authorization: Bearer $(cat "$T/tok.$1")" -H 'Content-Type: application/json' --data-binary "$3" "$A$2"; }

# need_python: PY names /usr/bin/python3; the test is skipped (77) without it
need_python() {
    PY=/usr/bin/python3
    [ -x "$PY" ] || { echo "skip: no /usr/bin/python3"; exit 77; }
}

have_shared() {
    [ -d "$SHARED/data" ]
}

finish() {
    if [ "$FAILS" -gt 0 ]; then
        echo "$FAILS of $CHECKS checks failed" >&2
        exit 1
    fi
    echo "all $CHECKS checks passed"
    exit 0
}
