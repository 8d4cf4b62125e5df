#!/bin/sh
# The web portal's sessions of people (docs/web.md, docs/api.md):
# POST/GET/PATCH/DELETE /api/v1/session with curl: the cookie's exact
# flags, the stored hash (never the secret), the CSRF token on unsafe
# requests, idle and absolute expiry, logout ending the session on the
# server, the language, the audit entries, tokens unchanged, and
# GET /api/v1/policy/level. Exact expected values throughout.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_PWHASH_FAST=1
command -v curl >/dev/null || { echo "curl not installed: skipped"; exit 77; }
command -v sqlite3 >/dev/null || { echo "sqlite3 not installed: skipped"; exit 77; }
SRV_PID=
trap 'serve_stop; rm -rf "$T"' EXIT
JS="Content-Type: application/json"

export GISAC_NOW=2026-12-07T01:00:00Z
check_status "agency moda" 0 "$GISAC" agency add moda --name "數位發展部" --grade A
echo 'officer password 01' >"$T/pw"
check_status "officer" 0 "$GISAC" user add off-moda --role agency --agency moda <"$T/pw"
echo 'analyst password 01' >"$T/pw"
check_status "analyst" 0 "$GISAC" user add ann --role analyst <"$T/pw"
make_tokens ann

# --- a server at a fixed time: exact answers ---------------------------------
serve_start "$T/server.log" --threads 2 --session-idle 600 --session-max 3600
A=http://127.0.0.1:$PORT/api/v1
login() { # login NAME USER PASSWORD [CURL-ARGS...]: into the cookie jar $T/NAME.jar
    n=$1 u=$2 p=$3
    shift 3
    req "$n" -c "$T/$n.jar" -H "$JS" -d "{\"username\":\"$u\",\"password\":\"$p\"}" "$@" "$A/session"
}
check_eq "login" 200 "$(login s1 off-moda 'officer password 01')"
check_eq "cookie flags" "gisac_session=SECRET; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict" \
    "$(hdr s1 Set-Cookie | sed 's/^gisac_session=[A-Za-z0-9_-]\{43\};/gisac_session=SECRET;/')"
SECRET=$(hdr s1 Set-Cookie | sed -n 's/^gisac_session=\([^;]*\);.*/\1/p')
CSRF=$(json_get "$T/s1.body" 'd["csrf_token"]')
check_eq "csrf token: 43 base64url characters" 1 "$(printf '%s\n' "$CSRF" | grep -cE '^[A-Za-z0-9_-]{43}$')"
check_eq "login body" "{\"user\":\"off-moda\",\"role\":\"agency\",\"agency\":\"moda\",\"language\":\"zh-TW\",\"time_zone\":\"Asia/Taipei\",\"csrf_token\":\"$CSRF\",\"created\":\"2026-12-07T01:00:00Z\",\"expires_at\":\"2026-12-07T02:00:00Z\",\"idle_expires_at\":\"2026-12-07T01:10:00Z\",\"idle_seconds\":600}" "$(body s1)"
check_eq "no store" no-store "$(hdr s1 Cache-Control)"
# the database keeps the SHA-256 of the secret, never the secret
HASH=$(printf %s "$SECRET" | sha256sum | cut -d' ' -f1)
check_eq "stored hash" "1|$HASH|600|2026-12-07T02:00:00Z" \
    "$(db_sql "SELECT (SELECT count(*) FROM web_session), hash, idle, expires FROM web_session" |
        { IFS='|' read -r n h i e && echo "$n|$h|$i|$(date -u -d "@$e" +%Y-%m-%dT%H:%M:%SZ)"; })"
check_eq "secret not stored" 0 "$(db_sql "SELECT count(*) FROM web_session WHERE hash = '$SECRET'")"

check_eq "get session" 200 "$(req g1 -b "$T/s1.jar" "$A/session")"
check_eq "get session body" "$(body s1)" "$(body g1)"
check_eq "cookie reads the API" 200 "$(req i1 -b "$T/s1.jar" "$A/incidents?open=true")"
check_eq "cookie reads the API body" '{"incidents":[],"next":null}' "$(body i1)"

# unsafe requests need the CSRF token
INC='{"agency":"moda","title":"網站遭置換","asset":"core","integrity":"serious","aware_at":"2026-12-07T08:30:00"}'
check_eq "POST without csrf" 403 "$(req c1 -b "$T/s1.jar" -H "$JS" -d "$INC" "$A/incidents")"
check_eq "POST without csrf body" "csrf: the X-CSRF-Token header is missing or does not match the session" "$(err c1)"
check_eq "POST with a wrong csrf" 403 "$(req c2 -b "$T/s1.jar" -H "$JS" -H "X-CSRF-Token: $(printf %43s | tr ' ' A)" -d "$INC" "$A/incidents")"
check_eq "nothing written" 0 "$(db_sql "SELECT count(*) FROM incident")"
check_eq "POST with csrf" 201 "$(req c3 -b "$T/s1.jar" -H "$JS" -H "X-CSRF-Token: $CSRF" -d "$INC" "$A/incidents")"
check_eq "reported by the officer" "user:off-moda 2026-12-07T00:30:00Z 3" \
    "$(json_get "$T/c3.body" 'd["created_by"]+" "+d["aware_at"]+" "+str(d["level"])')"
check_eq "DELETE without csrf" 403 "$(req d0 -b "$T/s1.jar" -X DELETE "$A/session")"
check_eq "PATCH without csrf" 403 "$(req p0 -b "$T/s1.jar" -X PATCH -H "$JS" -d '{"language":"en"}' "$A/session")"
# a token in the Authorization header wins over a cookie, and needs no CSRF token
check_eq "token with a cookie" 201 "$(req c4 -b "$T/s1.jar" -H "Authorization: Bearer $(cat "$T/tok.ann")" -H "$JS" -d "$INC" "$A/incidents")"
check_eq "token's account" "user:ann" "$(json_get "$T/c4.body" 'd["created_by"]')"
check_eq "token: no session" 404 "$(req t1 -H "Authorization: Bearer $(cat "$T/tok.ann")" "$A/session")"

# the language
check_eq "language en" 200 "$(req l1 -b "$T/s1.jar" -X PATCH -H "$JS" -H "X-CSRF-Token: $CSRF" -d '{"language":"en"}' "$A/session")"
check_eq "language en body" "en" "$(json_get "$T/l1.body" 'd["language"]')"
check_eq "language kept" "en" "$(req l2 -b "$T/s1.jar" "$A/session" >/dev/null; json_get "$T/l2.body" 'd["language"]')"
check_eq "language bad" 422 "$(req l3 -b "$T/s1.jar" -X PATCH -H "$JS" -H "X-CSRF-Token: $CSRF" -d '{"language":"fr"}' "$A/session")"
check_eq "language bad body" 'invalid: $.language: must be zh-TW or en' "$(err l3)"

# the level of the matrix
check_eq "level" '{"level":3,"major":true}' "$(req v1 -b "$T/s1.jar" "$A/policy/level?asset=core&integrity=serious" >/dev/null; body v1)"
check_eq "level of nothing yet" '{"level":null,"major":false}' "$(req v2 -b "$T/s1.jar" "$A/policy/level?asset=core-ci" >/dev/null; body v2)"
check_eq "level 4" '{"level":4,"major":true}' "$(req v3 -b "$T/s1.jar" "$A/policy/level?asset=national-secret&confidentiality=serious" >/dev/null; body v3)"
check_eq "level 1" '{"level":1,"major":false}' "$(req v4 -b "$T/s1.jar" "$A/policy/level?asset=non-core&availability=within-mtd" >/dev/null; body v4)"
check_eq "level bad asset" 422 "$(req v5 -b "$T/s1.jar" "$A/policy/level?asset=core-x")"
check_eq "level bad asset body" "invalid: query parameter 'asset': asset 'core-x': use non-core, core, core-ci or national-secret" "$(err v5)"
check_eq "level no asset" 400 "$(req v6 -b "$T/s1.jar" "$A/policy/level")"
check_eq "level cell that does not apply" 422 "$(req v7 -b "$T/s1.jar" "$A/policy/level?asset=national-secret&availability=beyond-mtd")"

# failed logins: 401 without a Basic challenge (no browser dialog), and counted
check_eq "bad password" 401 "$(login s2 off-moda 'wrong password 01')"
check_eq "bad password body" 'unauthorized: invalid name or password' "$(err s2)"
check_eq "no Basic challenge" 'Bearer realm="gisac"' "$(hdr s2 WWW-Authenticate)"
check_eq "no cookie on failure" "" "$(hdr s2 Set-Cookie)"
check_eq "unknown user" 401 "$(login s3 nobody 'wrong password 01')"
check_eq "missing password" 400 "$(req s4 -H "$JS" -d '{"username":"off-moda"}' "$A/session")"
check_eq "missing password body" 'bad_request: $.password: required' "$(err s4)"
check_eq "unknown member" 400 "$(req s5 -H "$JS" -d '{"username":"a","password":"b","x":1}' "$A/session")"
check_eq "no cookie: 401" 401 "$(req n1 -H 'X-Requested-With: XMLHttpRequest' "$A/session")"
check_eq "script challenge" 'Bearer realm="gisac"' "$(hdr n1 WWW-Authenticate)"
check_eq "machines keep the Basic challenge" 'Bearer realm="gisac", Basic realm="gisac", charset="UTF-8"' \
    "$(req n2 "$A/incidents" >/dev/null; hdr n2 WWW-Authenticate)"
check_eq "a forged cookie" 401 "$(req n3 -b "gisac_session=$(printf %43s | tr ' ' A)" "$A/session")"
check_eq "a malformed cookie" 401 "$(req n4 -b "gisac_session=x'y" "$A/session")"

# logout ends the session on the server
check_eq "behind a TLS proxy" 200 "$(login s7 off-moda 'officer password 01' -H 'X-Forwarded-Proto: https')"
check_eq "behind a TLS proxy: Secure" "Path=/; Max-Age=3600; HttpOnly; SameSite=Strict; Secure" \
    "$(hdr s7 Set-Cookie | sed 's/^gisac_session=[A-Za-z0-9_-]*; //')"
check_eq "logout s7" 204 "$(req o0 -b "$T/s7.jar" -X DELETE -H 'X-Forwarded-Proto: https' -H "X-CSRF-Token: $(json_get "$T/s7.body" 'd["csrf_token"]')" "$A/session")"
check_eq "logout over a TLS proxy: Secure" "gisac_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure" "$(hdr o0 Set-Cookie)"
check_eq "second session" 200 "$(login s6 off-moda 'officer password 01')"
check_eq "two sessions" 2 "$(db_sql "SELECT count(*) FROM web_session")"
check_eq "logout" 204 "$(req o1 -b "$T/s1.jar" -X DELETE -H "X-CSRF-Token: $CSRF" "$A/session")"
check_eq "logout clears the cookie" "gisac_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" "$(hdr o1 Set-Cookie)"
check_eq "the old cookie is refused" 401 "$(req o2 -b "gisac_session=$SECRET" "$A/session")"
check_eq "the old cookie cannot write" 401 "$(req o3 -b "gisac_session=$SECRET" -H "X-CSRF-Token: $CSRF" -H "$JS" -d "$INC" "$A/incidents")"
check_eq "the other session lives" 200 "$(req o4 -b "$T/s6.jar" "$A/session")"
check_eq "one session left" 1 "$(db_sql "SELECT count(*) FROM web_session")"

# the audit log: logins, the failures, the language, the logout
check_eq "audit" "user:off-moda	session.login	off-moda
user:off-moda	user.language	off-moda
anonymous	auth.login_failed	off-moda
user:off-moda	session.login	off-moda
user:off-moda	session.logout	off-moda
user:off-moda	session.login	off-moda
user:off-moda	session.logout	off-moda" \
    "$("$GISAC" audit list | cut -f3-5 | grep -E 'session\.|user\.language|login_failed	off-moda')"
serve_stop

# --- expiry, in real time: idle 3 s, at most 6 s after the login ----------------
# (times are whole seconds: each check keeps a second of margin)
unset GISAC_NOW
serve_start "$T/server2.log" --threads 2 --session-idle 3 --session-max 6
A=http://127.0.0.1:$PORT/api/v1
check_eq "login 2" 200 "$(login e1 off-moda 'officer password 01')"
check_eq "cookie max-age 6" "Max-Age=6" "$(hdr e1 Set-Cookie | grep -o 'Max-Age=[0-9]*')"
# used every second: past the idle limit of 3 s, the idle clock restarts
for i in 1 2 3 4; do
    sleep 1
    check_eq "used every second ($i s)" 200 "$(req e2 -b "$T/e1.jar" "$A/session")"
done
sleep 1
req e3 -b "$T/e1.jar" "$A/session" >/dev/null # 5 s: either side of the end
for i in 6 7; do
    sleep 1
    check_eq "used every second, past the absolute end ($i s)" 401 "$(req e4 -b "$T/e1.jar" "$A/session")"
done
check_eq "login 3" 200 "$(login e5 off-moda 'officer password 01')"
sleep 4
check_eq "idle too long (4 s)" 401 "$(req e6 -b "$T/e5.jar" "$A/session")"
check_eq "expired sessions removed" 0 "$(db_sql "SELECT count(*) FROM web_session")"
serve_stop

# --- options ----------------------------------------------------------------------
check_status "idle over max" 2 "$GISAC" serve --listen 127.0.0.1:0 --session-idle 100 --session-max 50
check_grep "idle over max message" "--session-idle must not exceed --session-max" "$T/err"
check_status "idle bad" 2 "$GISAC" serve --listen 127.0.0.1:0 --session-idle 0
check_grep "idle bad message" "--session-idle needs seconds from 1 to 2592000" "$T/err"
finish
