# e2e_lib.sh: the launcher the three browser tests of the web portal share
# (sourced by tests/web/test_e2e*.sh after nothing else): the command-line
# tests' helpers (tests/cli/lib.sh) with fast password hashing, the skip
# (77) without node, Debian's chromium or the portal's node_modules, the
# server stopped at the end, and e2e_run, which drives the browser test.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_PWHASH_FAST=1
CHROMIUM=${GISAC_CHROMIUM:-/usr/bin/chromium}
command -v node >/dev/null || { echo "node not installed: skipped"; exit 77; }
[ -x "$CHROMIUM" ] || { echo "$CHROMIUM not installed (scripts/deps.sh): skipped"; exit 77; }
[ -d "$GISAC_SRCDIR/web/node_modules/playwright-core" ] || { echo "web/node_modules missing (the build runs npm ci): skipped"; exit 77; }
SRV_PID=
trap 'serve_stop; rm -rf "$T"' EXIT

# e2e_run SCRIPT SECONDS ARG...: node runs tests/web/SCRIPT against the
# server serve_start started (its base URL first, then ARG...) for at most
# SECONDS; one check, failed with the server log's tail when it fails.
# Ends the test (finish).
e2e_run() {
    script=$1 secs=$2
    shift 2
    CHECKS=$((CHECKS + 1))
    if ! GISAC_CHROMIUM=$CHROMIUM HOME=$T timeout "$secs" node "$GISAC_SRCDIR/tests/web/$script" \
        "http://127.0.0.1:$PORT" "$@"; then
        fail "tests/web/$script"
        tail -20 "$T/server.log" >&2
    fi
    finish
}
