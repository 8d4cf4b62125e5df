# lib.sh: helpers for the command-line tests (sourced).
# Each test runs in its own temporary directory with its own database.
set -u
: "${GISAC:?GISAC must name the gisac binary}"
: "${GISAC_SRCDIR:?}"
SHARED=${GISAC_SHARED:-$GISAC_SRCDIR/../shared}
T=$(mktemp -d "${TMPDIR:-/tmp}/gisac-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
export GISAC_DB="$T/gisac.db"
export LC_ALL=C.UTF-8 TZ=UTC
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

check_nogrep() {
    CHECKS=$((CHECKS + 1))
    if grep -qF -- "$2" "$3"; then
        fail "$1: '$2' unexpectedly in $3"
    fi
}

# jq-free JSON field read: json_get FILE EXPR (python expression on d)
json_get() {
    /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
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
