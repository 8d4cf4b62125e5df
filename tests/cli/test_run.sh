#!/bin/sh
# make run's main job (scripts/run.sh): it imports and shows the sample,
# then serves; the first run prints the administrator's password, which
# logs in; a second run reuses the database and creates nobody.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_PWHASH_FAST=1
command -v curl >/dev/null || { echo "curl not installed: skipped"; exit 77; }
PID=
trap '[ -n "$PID" ] && kill -TERM "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT

run() { # run LOG: start scripts/run.sh, wait for the server, set PORT
    GISAC="$GISAC" GISAC_LISTEN=127.0.0.1:0 sh "$GISAC_SRCDIR/scripts/run.sh" >"$1" 2>&1 &
    PID=$!
    serve_wait_port "$1" 200 || { fail "run.sh did not start the server"; cat "$1" >&2; finish; }
}
stop() {
    kill -TERM "$PID"
    wait "$PID"
    check_eq "graceful stop" 0 "$?"
    PID=
}

cd "$T" || exit 2
run "$T/run1.log"
check_grep "sample imported" "imported 14, merged 0, unchanged 0" "$T/run1.log"
check_grep "search shown" "parent-domain	domain	c2.evil.example" "$T/run1.log"
check_grep "login explained" 'Log in as "admin"' "$T/run1.log"
check_grep "the portal's address" "The web portal: open http://127.0.0.1:0/ in a browser" "$T/run1.log"
check_grep "alert light shown" "alert light 資安警示燈號: green 綠燈" "$T/run1.log"
check_grep "admin created" 'created the administrator "admin"; its password, shown only this once:' "$T/run1.log"
PW=$(sed -n '/shown only this once/{n;s/^ *//p}' "$T/run1.log")
check_eq "admin searches over HTTP" 200 \
    "$(curl -s -o "$T/s.json" -w '%{http_code}' -u "admin:$PW" "http://127.0.0.1:$PORT/taxii2/")"
check_eq "the portal is served" 200 "$(curl -s -o "$T/p.html" -w '%{http_code}' "http://127.0.0.1:$PORT/")"
check_grep "the portal's page" '<html lang="zh-Hant-TW">' "$T/p.html"
check_eq "admin logs in to the portal" 200 "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$PW\"}" "http://127.0.0.1:$PORT/api/v1/session")"
stop
run "$T/run2.log"
check_grep "second import merges nothing new" "imported 0, merged 0, unchanged 15" "$T/run2.log"
check_nogrep "no second admin" "created the administrator" "$T/run2.log"
check_eq "the same password still works" 200 \
    "$(curl -s -o /dev/null -w '%{http_code}' -u "admin:$PW" "http://127.0.0.1:$PORT/taxii2/")"
stop
finish
