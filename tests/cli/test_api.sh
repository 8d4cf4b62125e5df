#!/bin/sh
# gisac serve: the REST API under /api/v1 (docs/api.md), over loopback on
# a port the server picks: every endpoint, authentication, the role
# matrix, agency isolation, TLP, JSON errors with their paths, 413, 415,
# keyset pages, uploads, the audit actor and the OpenAPI description.
# Exact expected values throughout.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_PWHASH_FAST=1
command -v curl >/dev/null || { echo "curl not installed: skipped"; exit 77; }
PY=/usr/bin/python3
SRV_PID= SRV1_PID=

# stop_server: both servers (the first one is in SRV1_PID once the second,
# in SRV_PID, is started)
stop_server() {
    for p in $SRV1_PID $SRV_PID; do
        kill -TERM "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    SRV1_PID= SRV_PID=
}
trap 'stop_server; rm -rf "$T"' EXIT

# --- accounts: CLI-made, so that the API is tested against known state ---
export GISAC_NOW=2026-11-24T00:00:00Z
check_status "agency moda" 0 "$GISAC" agency add moda --name "Ministry of Digital Affairs" --grade A
check_status "agency mof" 0 "$GISAC" agency add mof --name "Ministry of Finance" --grade B
echo 'chief password 01' >"$T/pw"
check_status "admin" 0 "$GISAC" user add admin --role admin <"$T/pw"
echo 'analyst password 01' >"$T/pw"
check_status "analyst" 0 "$GISAC" user add ann --role analyst <"$T/pw"
echo 'officer password 01' >"$T/pw"
check_status "officer moda" 0 "$GISAC" user add off-moda --role agency --agency moda <"$T/pw"
check_status "officer mof" 0 "$GISAC" user add off-mof --role agency --agency mof </dev/null
check_status "consumer moda" 0 "$GISAC" user add fw-moda --role consumer --agency moda </dev/null
check_status "consumer mof" 0 "$GISAC" user add fw-mof --role consumer --agency mof </dev/null
check_status "consumer cert" 0 "$GISAC" user add cert --role consumer </dev/null
check_status "sensor" 0 "$GISAC" user add sen --role sensor --agency moda </dev/null
make_tokens admin ann off-moda off-mof fw-moda fw-mof cert sen
tok() { cat "$T/tok.$1"; }
H_ADMIN="Authorization: Bearer $(tok admin)"
H_ANN="Authorization: Bearer $(tok ann)"
H_OFF="Authorization: Bearer $(tok off-moda)"
H_OFF2="Authorization: Token $(tok off-mof)"
H_FW="Authorization: Bearer $(tok fw-moda)"
H_FW2="Authorization: Bearer $(tok fw-mof)"
H_CERT="Authorization: Bearer $(tok cert)"
H_SEN="Authorization: Bearer $(tok sen)"
JS="Content-Type: application/json"

export GISAC_NOW=2026-11-24T02:00:00Z
serve_start "$T/server.log" --threads 3 --timeout 5
U=http://127.0.0.1:$PORT
A=$U/api/v1

# --- authentication ----------------------------------------------------
check_eq "no credentials" 401 "$(req a1 "$A/me")"
check_eq "401 challenge" 'Bearer realm="gisac", Basic realm="gisac", charset="UTF-8"' "$(hdr a1 WWW-Authenticate)"
check_eq "401 body" '{"error":{"code":"unauthorized","message":"authentication required"}}' "$(body a1)"
check_eq "401 media type" "application/json" "$(hdr a1 Content-Type)"
check_eq "security header" nosniff "$(hdr a1 X-Content-Type-Options)"
check_eq "no credentials, unknown path: still 401" 401 "$(req a2 "$A/nothing")"
check_eq "wrong token" 401 "$(req a3 -H "Authorization: Bearer gisac_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" "$A/me")"
check_eq "wrong token, same body" "$(body a1)" "$(body a3)"
check_eq "basic" 200 "$(req a4 -u 'ann:analyst password 01' "$A/me")"
check_eq "basic me" "ann analyst None" "$(json_get "$T/a4.body" 'd["name"]+" "+d["role"]+" "+str(d["max_tlp"])')"
check_eq "basic wrong password" 401 "$(req a5 -u 'ann:analyst password 02' "$A/me")"
check_eq "token scheme" 200 "$(st "$H_OFF2" GET /me)"

# --- /me -----------------------------------------------------------------
check_eq "me fw-moda" 200 "$(req me -H "$H_FW" "$A/me")"
check_eq "me body" '{"name":"fw-moda","role":"consumer","agency":"moda","status":"active","language":"zh-TW","failed_logins":0,"locked_until":null,"created":"2026-11-24T00:00:00Z","modified":"2026-11-24T00:00:00Z","max_tlp":"green","recipient":"moda","access":["any","read-intel"]}' "$(body me)"
check_eq "me cert" "green None" "$(req me2 -H "$H_CERT" "$A/me" >/dev/null; json_get "$T/me2.body" 'd["max_tlp"]+" "+str(d["recipient"])')"

# --- routing -----------------------------------------------------------
check_eq "unknown path" 404 "$(req r1 -H "$H_ADMIN" "$A/nothing")"
check_eq "404 body" 'not_found: no such resource' "$(err r1)"
check_eq "api root is not a resource" 404 "$(st "$H_ADMIN" GET "")"
check_eq "405" 405 "$(req r2 -H "$H_ADMIN" -X PUT "$A/agencies")"
check_eq "405 Allow" "GET, HEAD, POST" "$(hdr r2 Allow)"
check_eq "405 body" 'method_not_allowed: method not allowed here' "$(err r2)"
check_eq "405 Allow, item" "GET, HEAD, PATCH" "$(req r3 -H "$H_ADMIN" -X DELETE "$A/agencies/moda" >/dev/null; hdr r3 Allow)"
check_eq "405 Allow, indicator" "GET, HEAD, DELETE" "$(req r4 -H "$H_ADMIN" -X POST "$A/indicators/domain/x.example" >/dev/null; hdr r4 Allow)"
check_eq "HEAD" 200 "$(curl -s -o /dev/null -w '%{http_code}' -I -H "$H_ADMIN" "$A/agencies")"
check_eq "trailing slash" 200 "$(st "$H_ADMIN" GET /agencies/)"
check_eq "unknown query parameter" 400 "$(req r5 -H "$H_ADMIN" "$A/agencies?x=1")"
check_eq "unknown query parameter message" "bad_request: unknown query parameter 'x'" "$(err r5)"
check_eq "body on a GET" 400 "$(req r6 -H "$H_ADMIN" -X GET --data-binary x "$A/me")"
check_eq "body on a GET message" "bad_request: this request takes no body" "$(err r6)"

# --- agencies ----------------------------------------------------------
check_eq "agency create" 201 "$(req ag1 -H "$H_ADMIN" -H "$JS" --data-binary '{"id":"moi","name":"Ministry of the Interior","grade":"b","sector":"government","parent":"moda"}' "$A/agencies")"
check_eq "agency create body" '{"id":"moi","name":"Ministry of the Interior","sector":"government","grade":"B","parent":"moda","networks":[],"created":"2026-11-24T02:00:00Z","modified":"2026-11-24T02:00:00Z"}' "$(body ag1)"
check_eq "agency exists" 409 "$(req ag2 -H "$H_ADMIN" -H "$JS" --data-binary '{"id":"moi","name":"x","grade":"A"}' "$A/agencies")"
check_eq "agency exists code" "conflict" "$(json_get "$T/ag2.body" 'd["error"]["code"]')"
check_eq "agency bad id" 422 "$(req ag3 -H "$H_ADMIN" -H "$JS" --data-binary '{"id":"Bad Id","name":"x","grade":"A"}' "$A/agencies")"
check_eq "agency bad id message" "invalid: \$.id: agency id 'Bad Id': use only a-z, 0-9 and '-' (1 to 64 characters)" "$(err ag3)"
check_eq "agency bad grade" 422 "$(req ag4 -H "$H_ADMIN" -H "$JS" --data-binary '{"id":"x1","name":"x","grade":"F"}' "$A/agencies")"
check_eq "agency bad grade message" "invalid: grade 'F': use A, B, C, D or E" "$(err ag4)"
check_eq "agency missing name" 400 "$(req ag5 -H "$H_ADMIN" -H "$JS" --data-binary '{"id":"x1","grade":"A"}' "$A/agencies")"
check_eq "agency missing name message" 'bad_request: $.name: required' "$(err ag5)"
check_eq "agency wrong type" 400 "$(req ag6 -H "$H_ADMIN" -H "$JS" --data-binary '{"id":"x1","name":1,"grade":"A"}' "$A/agencies")"
check_eq "agency wrong type message" 'bad_request: $.name: expected a string' "$(err ag6)"
check_eq "agency unknown member" 400 "$(req ag7 -H "$H_ADMIN" -H "$JS" --data-binary '{"id":"x1","name":"x","grade":"A","size":3}' "$A/agencies")"
check_eq "agency unknown member message" 'bad_request: $.size: unknown member' "$(err ag7)"
check_eq "agency odd member name" 'bad_request: $["a b"]: unknown member' "$(req ag8 -H "$H_ADMIN" -H "$JS" --data-binary '{"a b":1}' "$A/agencies" >/dev/null; err ag8)"
check_eq "agency update" 200 "$(req ag9 -H "$H_ADMIN" -H "$JS" -X PATCH --data-binary '{"sector":"","parent":""}' "$A/agencies/moi")"
check_eq "agency update body" "None None B" "$(json_get "$T/ag9.body" 'str(d["sector"])+" "+str(d["parent"])+" "+d["grade"]')"
check_eq "agency update nothing" 400 "$(req ag10 -H "$H_ADMIN" -H "$JS" -X PATCH --data-binary '{}' "$A/agencies/moi")"
check_eq "agency update nothing message" 'bad_request: $: nothing to change' "$(err ag10)"
check_eq "agency update missing" 404 "$(st "$H_ADMIN" PATCH /agencies/nope '{"name":"x"}')"
check_eq "agency update: own parent" 'invalid: agency moi cannot be its own parent' "$(req ag13 -H "$H_ADMIN" -H "$JS" -X PATCH --data-binary '{"parent":"moi"}' "$A/agencies/moi" >/dev/null; err ag13)"
check_eq "agency update: parent again" 200 "$(st "$H_ADMIN" PATCH /agencies/moi '{"parent":"moda"}')"
check_eq "agency update: loop" 'invalid: agency moda cannot be under moi: moi is already under moda' "$(req ag14 -H "$H_ADMIN" -H "$JS" -X PATCH --data-binary '{"parent":"moi"}' "$A/agencies/moda" >/dev/null; err ag14)"
check_eq "agency get" 200 "$(req ag11 -H "$H_ANN" "$A/agencies/moda")"
check_eq "agency get body" '{"id":"moda","name":"Ministry of Digital Affairs","sector":null,"grade":"A","parent":null,"networks":[],"created":"2026-11-24T00:00:00Z","modified":"2026-11-24T00:00:00Z"}' "$(body ag11)"
check_eq "agency list" "moda mof moi" "$(req ag12 -H "$H_ANN" "$A/agencies" >/dev/null; json_get "$T/ag12.body" '" ".join(a["id"] for a in d["agencies"])')"

# --- JSON errors: syntax (with the JSON path), media type, body ---------
check_eq "bad JSON" 400 "$(req j1 -H "$H_ADMIN" -H "$JS" --data-binary '{"id":"x2","name":"x","grade":}' "$A/agencies")"
check_eq "bad JSON message" 'bad_json: $.grade: invalid JSON at line 1, column 31: unexpected character' "$(err j1)"
check_eq "bad JSON nested" 'bad_json: $.indicators[1].value: invalid JSON at line 3, column 14: invalid literal' \
    "$(req j2 -H "$H_ADMIN" -H "$JS" --data-binary "$(printf '{"indicators":[\n {"value":"a.example"},\n {"value":tru}]}')" "$A/indicators" >/dev/null; err j2)"
check_eq "truncated JSON" 'bad_json: $.indicators[0]: invalid JSON at line 1, column 17: unexpected end of input' \
    "$(req j3 -H "$H_ADMIN" -H "$JS" --data-binary '{"indicators":[{' "$A/indicators" >/dev/null; err j3)"
check_eq "duplicate key" 400 "$(req j4 -H "$H_ADMIN" -H "$JS" --data-binary '{"id":"x2","id":"x3"}' "$A/agencies")"
check_eq "duplicate key message" "bad_json: \$.id: invalid JSON at line 1, column 15: duplicate object key near '\"id\"'" "$(err j4)"
check_eq "not an object" 'bad_request: $: expected a JSON object' "$(req j5 -H "$H_ADMIN" -H "$JS" --data-binary '[1]' "$A/agencies" >/dev/null; err j5)"
check_eq "no body" 400 "$(req j6 -H "$H_ADMIN" -X POST "$A/agencies")"
check_eq "no body message" 'bad_request: a JSON body is required' "$(err j6)"
check_eq "415" 415 "$(req j7 -H "$H_ADMIN" -H 'Content-Type: text/plain' --data-binary '{"id":"x2"}' "$A/agencies")"
check_eq "415 message" 'unsupported_media_type: the body must be application/json' "$(err j7)"
check_eq "415 form (curl -d)" 415 "$(curl -s -o /dev/null -w '%{http_code}' -H "$H_ADMIN" -d '{"id":"x2"}' "$A/agencies")"
check_eq "415 other charset" 415 "$(curl -s -o /dev/null -w '%{http_code}' -H "$H_ADMIN" -H 'Content-Type: application/json; charset=latin1' --data-binary '{}' "$A/agencies")"
check_eq "charset utf-8 is fine" 400 "$(curl -s -o /dev/null -w '%{http_code}' -H "$H_ADMIN" -H 'Content-Type: application/json; charset="UTF-8"' --data-binary '{}' "$A/agencies")"
check_eq "invalid UTF-8" 400 "$(req j8 -H "$H_ADMIN" -H "$JS" --data-binary "$(printf '{"id":"\377"}')" "$A/agencies")"
check_eq "invalid UTF-8 message" 'bad_json: $.id: invalid JSON at line 1, column 8: invalid UTF-8' "$(err j8)"
check_eq "NUL in a string" 422 "$(req j9 -H "$H_ADMIN" -H "$JS" --data-binary '{"id":"a\u0000b","name":"x","grade":"A"}' "$A/agencies")"

# --- users ---------------------------------------------------------------
check_eq "user create, generated password" 201 "$(req u1 -H "$H_ADMIN" -H "$JS" --data-binary '{"name":"eve","role":"analyst"}' "$A/users")"
check_eq "user create body" "eve analyst None active 20" "$(json_get "$T/u1.body" '" ".join(str(x) for x in [d["name"],d["role"],d["agency"],d["status"],len(d["password"])])')"
EVE_PW=$(json_get "$T/u1.body" 'd["password"]')
check_eq "generated password logs in" 200 "$(curl -s -o /dev/null -w '%{http_code}' -u "eve:$EVE_PW" "$A/me")"
check_eq "user create with password" 201 "$(req u2 -H "$H_ADMIN" -H "$JS" --data-binary '{"name":"sen2","role":"sensor","agency":"moda","password":"sensor password 1"}' "$A/users")"
check_eq "no password in the answer" "False" "$(json_get "$T/u2.body" 'str("password" in d)')"
check_eq "user exists" 409 "$(st "$H_ADMIN" POST /users '{"name":"eve","role":"analyst"}')"
check_eq "user bad role" 422 "$(req u3 -H "$H_ADMIN" -H "$JS" --data-binary '{"name":"x","role":"boss"}' "$A/users")"
check_eq "user bad role message" 'invalid: $.role: must be admin, analyst, agency, sensor or consumer' "$(err u3)"
check_eq "user short password" 'invalid: $.password: password too short: 5 characters, at least 12 needed' \
    "$(req u4 -H "$H_ADMIN" -H "$JS" --data-binary '{"name":"x","role":"analyst","password":"short"}' "$A/users" >/dev/null; err u4)"
check_eq "user bad name" 422 "$(st "$H_ADMIN" POST /users '{"name":"Bad Name","role":"analyst"}')"
check_eq "user agency role without agency" 'invalid: role agency requires an agency' \
    "$(req u5 -H "$H_ADMIN" -H "$JS" --data-binary '{"name":"x","role":"agency"}' "$A/users" >/dev/null; err u5)"
check_eq "user unknown agency" 'invalid: agency nope does not exist' \
    "$(req u6 -H "$H_ADMIN" -H "$JS" --data-binary '{"name":"x","role":"agency","agency":"nope"}' "$A/users" >/dev/null; err u6)"
check_eq "user get" 200 "$(req u7 -H "$H_ANN" "$A/users/off-moda")"
check_eq "user get body" '{"name":"off-moda","role":"agency","agency":"moda","status":"active","language":"zh-TW","failed_logins":0,"locked_until":null,"created":"2026-11-24T00:00:00Z","modified":"2026-11-24T00:00:00Z"}' "$(body u7)"
check_eq "user list (analyst: all)" "admin ann cert eve fw-moda fw-mof off-moda off-mof sen sen2" \
    "$(req u8 -H "$H_ANN" "$A/users" >/dev/null; json_get "$T/u8.body" '" ".join(u["name"] for u in d["users"])')"
check_eq "disable" 200 "$(req u9 -H "$H_ADMIN" -X POST "$A/users/eve/disable")"
check_eq "disabled status" "disabled" "$(json_get "$T/u9.body" 'd["status"]')"
check_eq "disabled cannot log in" 401 "$(curl -s -o /dev/null -w '%{http_code}' -u "eve:$EVE_PW" "$A/me")"
check_eq "enable" "active" "$(req u10 -H "$H_ADMIN" -X POST "$A/users/eve/enable" >/dev/null; json_get "$T/u10.body" 'd["status"]')"
check_eq "enabled logs in" 200 "$(curl -s -o /dev/null -w '%{http_code}' -u "eve:$EVE_PW" "$A/me")"
check_eq "disable self" 'invalid: an account cannot disable itself' "$(req u11 -H "$H_ADMIN" -X POST "$A/users/admin/disable" >/dev/null; err u11)"
check_eq "disable unknown" 404 "$(st "$H_ADMIN" POST /users/nobody/disable)"
# passwords
check_eq "own password, no current" 400 "$(req p1 -u "eve:$EVE_PW" -H "$JS" --data-binary '{"password":"eve new password"}' "$A/users/eve/password")"
check_eq "own password, no current message" 'bad_request: $.current_password: required' "$(err p1)"
check_eq "own password, wrong current" 403 "$(st "Authorization: Basic $(printf 'eve:%s' "$EVE_PW" | base64)" POST /users/eve/password '{"password":"eve new password","current_password":"wrong password 1"}')"
check_eq "own password" 200 "$(req p2 -u "eve:$EVE_PW" -H "$JS" --data-binary "{\"password\":\"eve new password\",\"current_password\":\"$EVE_PW\"}" "$A/users/eve/password")"
check_eq "own password body" '{"name":"eve"}' "$(body p2)"
check_eq "old password gone" 401 "$(curl -s -o /dev/null -w '%{http_code}' -u "eve:$EVE_PW" "$A/me")"
check_eq "new password works" 200 "$(curl -s -o /dev/null -w '%{http_code}' -u "eve:eve new password" "$A/me")"
check_eq "admin generates one" 200 "$(req p3 -H "$H_ADMIN" -H "$JS" --data-binary '{"generate":true}' "$A/users/eve/password")"
check_eq "generated length" 20 "$(json_get "$T/p3.body" 'len(d["password"])')"
check_eq "password and generate" 400 "$(st "$H_ADMIN" POST /users/eve/password '{"generate":true,"password":"xxxxxxxxxxxxxxx"}')"
check_eq "generate not a bool" 'bad_request: $.generate: expected true or false' "$(req p4 -H "$H_ADMIN" -H "$JS" --data-binary '{"generate":1}' "$A/users/eve/password" >/dev/null; err p4)"
check_eq "analyst sets another's password" 403 "$(st "$H_ANN" POST /users/eve/password '{"password":"xxxxxxxxxxxxxxx"}')"

# --- tokens ----------------------------------------------------------------
check_eq "token create" 201 "$(req t1 -H "$H_ANN" -H "$JS" --data-binary '{"name":"laptop","days":30}' "$A/tokens")"
NEWTOK=$(json_get "$T/t1.body" 'd["token"]')
NEWID=$(json_get "$T/t1.body" 'd["id"]')
check_eq "token create body" "ann laptop active 2026-12-24T02:00:00Z None 66" \
    "$(json_get "$T/t1.body" '" ".join(str(x) for x in [d["user"],d["name"],d["status"],d["expires"],d["last_used"],len(d["token"])])')"
check_eq "token prefix" "gisac_${NEWID}_" "$(printf '%s' "$NEWTOK" | cut -c1-23)"
check_eq "new token works" 200 "$(st "Authorization: Bearer $NEWTOK" GET /me)"
check_eq "token list (own)" "ann,ann" "$(req t2 -H "$H_ANN" "$A/tokens" >/dev/null; json_get "$T/t2.body" '",".join(t["user"] for t in d["tokens"])')"
check_eq "token list: secrets never shown" "False" "$(json_get "$T/t2.body" 'str(any("token" in t for t in d["tokens"]))')"
check_eq "token list (admin: all)" 9 "$(req t3 -H "$H_ADMIN" "$A/tokens" >/dev/null; json_get "$T/t3.body" 'len(d["tokens"])')"
check_eq "token list (admin, one user)" "ann,ann" "$(req t4 -H "$H_ADMIN" "$A/tokens?user=ann" >/dev/null; json_get "$T/t4.body" '",".join(t["user"] for t in d["tokens"])')"
check_eq "token list (admin, unknown user)" 404 "$(st "$H_ADMIN" GET '/tokens?user=nobody')"
check_eq "token list of another (not admin)" 403 "$(st "$H_ANN" GET '/tokens?user=admin')"
check_eq "token for another (not admin)" 403 "$(st "$H_ANN" POST /tokens '{"user":"admin"}')"
check_eq "token for another (admin)" 201 "$(req t5 -H "$H_ADMIN" -H "$JS" --data-binary '{"user":"fw-moda","name":"fw2"}' "$A/tokens")"
check_eq "token for an unknown user" 'invalid: $.user: no such user' "$(req t6 -H "$H_ADMIN" -H "$JS" --data-binary '{"user":"nobody"}' "$A/tokens" >/dev/null; err t6)"
check_eq "token days out of range" 'invalid: $.days: must be from 1 to 3650' "$(req t7 -H "$H_ANN" -H "$JS" --data-binary '{"days":0}' "$A/tokens" >/dev/null; err t7)"
FWID=$(json_get "$T/t5.body" 'd["id"]')
check_eq "revoke another's token (not admin)" 404 "$(req t8 -H "$H_ANN" -X DELETE "$A/tokens/$FWID")"
check_eq "revoke another's token: like a missing one" "$(req t9 -H "$H_ANN" -X DELETE "$A/tokens/0123456789abcdef" >/dev/null; body t9)" "$(body t8)"
check_eq "revoke own" 200 "$(req t10 -H "$H_ANN" -X DELETE "$A/tokens/$NEWID")"
check_eq "revoked status" "revoked" "$(json_get "$T/t10.body" 'd["status"]')"
check_eq "revoked token refused" 401 "$(st "Authorization: Bearer $NEWTOK" GET /me)"
check_eq "revoke twice" 409 "$(st "$H_ANN" DELETE "/tokens/$NEWID")"
check_eq "admin revokes any" 200 "$(st "$H_ADMIN" DELETE "/tokens/$FWID")"

# --- role matrix ---------------------------------------------------------
# role_row WHAT METHOD PATH BODY "admin ann off-moda sen fw-moda"
role_row() {
    got=
    for h in "$H_ADMIN" "$H_ANN" "$H_OFF" "$H_SEN" "$H_FW"; do
        if [ -n "$4" ]; then s=$(st "$h" "$2" "$3" "$4"); else s=$(st "$h" "$2" "$3"); fi
        got="$got${got:+ }$s"
    done
    check_eq "roles: $1" "$5" "$got"
}
# writes are sent with a body that fails validation, so that nothing is written
role_row "GET /me" GET /me "" "200 200 200 200 200"
role_row "GET /openapi.json" GET /openapi.json "" "200 200 200 200 200"
role_row "GET /agencies" GET /agencies "" "200 200 200 403 403"
role_row "POST /agencies" POST /agencies '{"x":1}' "400 403 403 403 403"
role_row "GET /agencies/moda" GET /agencies/moda "" "200 200 200 403 403"
role_row "PATCH /agencies/moda" PATCH /agencies/moda '{"x":1}' "400 403 403 403 403"
role_row "GET /users" GET /users "" "200 200 200 403 403"
role_row "POST /users" POST /users '{"x":1}' "400 403 403 403 403"
role_row "GET /users/sen" GET /users/sen "" "200 200 200 200 404"
role_row "POST /users/x/disable" POST /users/nobody/disable "" "404 403 403 403 403"
role_row "POST /users/x/enable" POST /users/nobody/enable "" "404 403 403 403 403"
role_row "GET /tokens" GET /tokens "" "200 200 200 200 200"
role_row "POST /tokens" POST /tokens '{"x":1}' "400 400 400 400 400"
role_row "GET /indicators" GET /indicators "" "200 200 200 403 200"
role_row "POST /indicators" POST /indicators '{"x":1}' "400 400 403 403 403"
role_row "GET /indicators/search" GET '/indicators/search?value=x.example' "" "200 200 200 403 200"
role_row "GET /indicators/T/V" GET /indicators/domain/x.example "" "404 404 404 403 404"
role_row "DELETE /indicators/T/V" DELETE "/indicators/domain/x.example?reason=x" "" "404 404 403 403 403"
role_row "GET /sources" GET /sources "" "200 200 403 403 403"
role_row "GET /stats" GET /stats "" "200 200 403 403 403"
role_row "GET /allowlist" GET /allowlist "" "200 200 200 403 200"
role_row "POST /allowlist" POST /allowlist '{"x":1}' "400 400 403 403 403"
role_row "DELETE /allowlist/V" DELETE /allowlist/x.example "" "404 404 403 403 403"
check_eq "403 body" 'forbidden: the role consumer may not do this' "$(req f1 -H "$H_FW" "$A/stats" >/dev/null; err f1)"
check_eq "roles: POST /feeds/import" "400 400 403 403 403" "$(for h in "$H_ADMIN" "$H_ANN" "$H_OFF" "$H_SEN" "$H_FW"; do printf '%s ' "$(curl -s -o /dev/null -w '%{http_code}' -H "$h" -H "$OCT" --data-binary x "$A/feeds/import")"; done | sed 's/ $//')"

# --- agency isolation: guessing ids gives 404, as for missing ones -------
check_eq "officer: agencies" "moda" "$(req i1 -H "$H_OFF" "$A/agencies" >/dev/null; json_get "$T/i1.body" '" ".join(a["id"] for a in d["agencies"])')"
check_eq "officer: own agency" 200 "$(st "$H_OFF" GET /agencies/moda)"
check_eq "officer: other agency" 404 "$(req i2 -H "$H_OFF" "$A/agencies/mof")"
check_eq "officer: missing agency" 404 "$(req i3 -H "$H_OFF" "$A/agencies/nope")"
check_eq "officer: other and missing alike" "$(body i3)" "$(body i2)"
check_eq "officer: other agency message" "not_found: no such agency" "$(err i2)"
check_eq "officer: sub-agency is another agency" 404 "$(st "$H_OFF" GET /agencies/moi)"
check_eq "officer mof: its agency" "mof" "$(req i4 -H "$H_OFF2" "$A/agencies" >/dev/null; json_get "$T/i4.body" '" ".join(a["id"] for a in d["agencies"])')"
check_eq "officer: users" "fw-moda off-moda sen sen2" "$(req i5 -H "$H_OFF" "$A/users" >/dev/null; json_get "$T/i5.body" '" ".join(u["name"] for u in d["users"])')"
check_eq "officer: user of its agency" 200 "$(st "$H_OFF" GET /users/sen)"
check_eq "officer: user of another agency" 404 "$(req i6 -H "$H_OFF" "$A/users/off-mof")"
check_eq "officer: staff account" 404 "$(req i7 -H "$H_OFF" "$A/users/admin")"
check_eq "officer: missing user" 404 "$(req i8 -H "$H_OFF" "$A/users/nobody")"
check_eq "officer: hidden and missing alike" "$(body i8)|$(body i8)" "$(body i6)|$(body i7)"
check_eq "officer: tokens (own)" "off-moda" "$(req i9 -H "$H_OFF" "$A/tokens" >/dev/null; json_get "$T/i9.body" '",".join(t["user"] for t in d["tokens"])')"
check_eq "officer: tokens of its agency's sensor" "sen" "$(req i10 -H "$H_OFF" "$A/tokens?user=sen" >/dev/null; json_get "$T/i10.body" '",".join(t["user"] for t in d["tokens"])')"
check_eq "officer: tokens of its agency's consumer" 403 "$(st "$H_OFF" GET '/tokens?user=fw-moda')"
check_eq "officer: tokens of another agency's sensor" 403 "$(st "$H_OFF2" GET '/tokens?user=sen')"
check_eq "officer: token for its agency's sensor" "201 sen2 sensor of moda" "$(req i11 -H "$H_OFF" -H "$JS" --data-binary '{"user":"sen2","name":"sensor of moda"}' "$A/tokens"; printf ' '; json_get "$T/i11.body" 'd["user"]+" "+d["name"]')"
SEN2ID=$(json_get "$T/i11.body" 'd["id"]')
check_eq "officer: token for its agency's consumer" 403 "$(st "$H_OFF" POST /tokens '{"user":"fw-moda"}')"
check_eq "officer: token for another agency's sensor" 403 "$(st "$H_OFF2" POST /tokens '{"user":"sen2"}')"
check_eq "officer: revoke a token of another agency's sensor" 404 "$(st "$H_OFF2" DELETE "/tokens/$SEN2ID")"
check_eq "officer: revoke a token of its agency's sensor" "200 revoked" "$(req i12 -H "$H_OFF" -X DELETE "$A/tokens/$SEN2ID"; printf ' '; json_get "$T/i12.body" 'd["status"]')"
check_eq "officer: revoke a token of its agency's consumer" 404 "$(st "$H_OFF" DELETE "/tokens/$(json_get "$T/t3.body" '[t["id"] for t in d["tokens"] if t["user"]=="fw-mof"][0]')")"
check_eq "officer: a sensor's token stays usable" 200 "$(st "$H_SEN" GET /me)"
check_eq "officer: another's password" 403 "$(st "$H_OFF" POST /users/sen/password '{"password":"xxxxxxxxxxxxxxx"}')"
check_eq "officer: password of another agency's user" 404 "$(st "$H_OFF" POST /users/off-mof/password '{"password":"xxxxxxxxxxxxxxx"}')"
check_eq "consumer: its own account" 200 "$(st "$H_FW" GET /users/fw-moda)"
check_eq "consumer: another account" 404 "$(st "$H_FW" GET /users/off-moda)"

# --- indicators: create (the import path), TLP ---------------------------
cat >"$T/new.json" <<'EOF'
{"source":"analyst","confidence":70,"indicators":[
 {"value":"green.example","tlp":"green","labels":["c2","botnet"],"name":"Green C2"},
 {"type":"ipv4","value":"203.0.113[.]7","tlp":"clear","confidence":90},
 {"type":"url","value":"hxxp://green.example/a?b=1","tlp":"green"},
 {"value":"8.8.8.8","tlp":"green"}
]}
EOF
check_eq "create" 200 "$(req n1 -H "$H_ANN" -H "$JS" --data-binary @"$T/new.json" "$A/indicators")"
check_eq "create summary" '{"files":1,"records":4,"imported":3,"merged":0,"unchanged":0,"duplicates":0,"rejected":0,"unsupported":0,"allowlisted":1,"warnings":1}' \
    "$(json_get "$T/n1.body" 'json.dumps({k:v for k,v in d["summary"].items() if k!="seconds"},separators=(",",":"))')"
check_eq "create messages" '[{"kind":"warning","where":"$.indicators[3]","message":"ipv4 8.8.8.8 is allowlisted (8.8.8.8)"}]' \
    "$(json_get "$T/n1.body" 'json.dumps(d["messages"],separators=(",",":"))')"
check_eq "create results" "domain green.example green 70 active|ipv4 203.0.113.7 clear 90 active|url http://green.example/a?b=1 green 70 active|ipv4 8.8.8.8 green 70 allowlisted" \
    "$(json_get "$T/n1.body" '"|".join(" ".join(str(i[k]) for k in ("type","value","tlp","confidence","status")) for i in d["indicators"])')"
GID=indicator--$("$PY" -c 'import uuid; print(uuid.uuid5(uuid.UUID("6a1c2e4f-830b-4c1d-9e55-1f7a3c60d291"), "domain:green.example"))')
check_eq "create result 1" '{"id":"'"$GID"'","type":"domain","value":"green.example","status":"active","tlp":"green","confidence":70,"first_seen":"2026-11-24T02:00:00Z","last_seen":"2026-11-24T02:00:00Z","valid_from":null,"valid_until":null,"labels":["botnet","c2"],"name":"Green C2","description":null,"sources":[{"name":"analyst","first_seen":"2026-11-24T02:00:00Z","last_seen":"2026-11-24T02:00:00Z"}],"recipients":[],"sightings":[]}' \
    "$(json_get "$T/n1.body" 'json.dumps(d["indicators"][0],separators=(",",":"))')"
check_eq "same as the CLI sees" "domain	green.example	active	tlp:green	70	analyst" "$("$GISAC" intel list --type domain | grep green)"
check_eq "created again: unchanged" '4 0 1' "$(req n2 -H "$H_ANN" -H "$JS" --data-binary @"$T/new.json" "$A/indicators" >/dev/null; json_get "$T/n2.body" '" ".join(str(d["summary"][k]) for k in ("unchanged","imported","allowlisted"))')"
check_eq "create one (single form)" 200 "$(req n3 -H "$H_ANN" -H "$JS" --data-binary '{"value":"amber-moda.example","tlp":"amber","recipients":["moda"],"source":"liaison","description":"for moda","valid_until":"2027-01-01T00:00:00Z"}' "$A/indicators")"
check_eq "single form result" "amber ['moda'] for moda 2027-01-01T00:00:00Z" "$(json_get "$T/n3.body" '" ".join(str(x) for x in [d["indicators"][0]["tlp"],d["indicators"][0]["recipients"],d["indicators"][0]["description"],d["indicators"][0]["valid_until"]])')"
check_eq "red for moda" 200 "$(st "$H_ANN" POST /indicators '{"value":"red-moda.example","tlp":"red","recipients":["moda"]}')"
check_eq "amber for mof" 200 "$(st "$H_ANN" POST /indicators '{"value":"amber-mof.example","tlp":"amber","recipients":["mof"]}')"
check_eq "amber for nobody" 200 "$(st "$H_ANN" POST /indicators '{"value":"amber-none.example"}')"
check_eq "create: bad value" 422 "$(req n4 -H "$H_ANN" -H "$JS" --data-binary '{"indicators":[{"value":"ok.example"},{"type":"domain","value":"bad..example"}]}' "$A/indicators")"
check_eq "create: bad value message" 'invalid: $.indicators[1].value: empty label' "$(err n4)"
check_eq "create: bad value wrote nothing" 0 "$("$GISAC" intel list --type domain | grep -c ok.example)"
check_eq "create: type mismatch" 'invalid: $.value: bad IPv4 address: invalid character '"'"'e'"'"'' \
    "$(req n5 -H "$H_ANN" -H "$JS" --data-binary '{"type":"ipv4","value":"evil.example"}' "$A/indicators" >/dev/null; err n5)"
check_eq "create: unknown type" 'invalid: $.indicators[0].type: must be ipv4, ipv6, cidr, domain, url, md5, sha1, sha256 or email' \
    "$(req n6 -H "$H_ANN" -H "$JS" --data-binary '{"indicators":[{"type":"ip","value":"1.2.3.4"}]}' "$A/indicators" >/dev/null; err n6)"
check_eq "create: bad tlp" 'invalid: $.indicators[0].tlp: must be clear, green, amber, amber+strict or red' \
    "$(req n7 -H "$H_ANN" -H "$JS" --data-binary '{"indicators":[{"value":"x.example","tlp":"purple"}]}' "$A/indicators" >/dev/null; err n7)"
check_eq "create: confidence range" 'invalid: $.indicators[0].confidence: must be from 0 to 100' \
    "$(req n8 -H "$H_ANN" -H "$JS" --data-binary '{"indicators":[{"value":"x.example","confidence":101}]}' "$A/indicators" >/dev/null; err n8)"
check_eq "create: label type" 'bad_request: $.indicators[0].labels[1]: expected a string' \
    "$(req n9 -H "$H_ANN" -H "$JS" --data-binary '{"indicators":[{"value":"x.example","labels":["a",2]}]}' "$A/indicators" >/dev/null; err n9)"
check_eq "create: unknown recipient" 'invalid: recipient nope: no such agency' \
    "$(req n10 -H "$H_ANN" -H "$JS" --data-binary '{"value":"x.example","recipients":["nope"]}' "$A/indicators" >/dev/null; err n10)"
check_eq "create: unknown member in an item" 'bad_request: $.indicators[0].colour: unknown member' \
    "$(req n11 -H "$H_ANN" -H "$JS" --data-binary '{"indicators":[{"value":"x.example","colour":"red"}]}' "$A/indicators" >/dev/null; err n11)"
check_eq "create: value beside indicators" 'bad_request: $.value: belongs in the items of "indicators"' \
    "$(req n12 -H "$H_ANN" -H "$JS" --data-binary '{"value":"x.example","indicators":[]}' "$A/indicators" >/dev/null; err n12)"
check_eq "create: empty list" 'invalid: $.indicators: give 1 to 1000 indicators' \
    "$(req n13 -H "$H_ANN" -H "$JS" --data-binary '{"indicators":[]}' "$A/indicators" >/dev/null; err n13)"
check_eq "create: bad time" 'invalid: $.valid_until: not an RFC 3339 time' \
    "$(req n14 -H "$H_ANN" -H "$JS" --data-binary '{"value":"x.example","valid_until":"soon"}' "$A/indicators" >/dev/null; err n14)"
check_eq "create audited as the caller" "user:ann	feed.import	liaison" \
    "$("$GISAC" audit list --action feed.import --object liaison | cut -f3-5)"

# TLP: list, get and search as each viewer
# domains NAME HEADER: the domains in the caller's view
domains() { req "$1" -H "$2" "$A/indicators?type=domain&limit=1000" >/dev/null; json_get "$T/$1.body" '" ".join(i["value"] for i in d["indicators"])'; }
check_eq "analyst sees every TLP" "amber-moda.example amber-mof.example amber-none.example green.example red-moda.example" "$(domains v1 "$H_ANN")"
check_eq "moda consumer: green, and amber/red for moda" "amber-moda.example green.example red-moda.example" "$(domains v2 "$H_FW")"
check_eq "moda officer: the same" "amber-moda.example green.example red-moda.example" "$(domains v3 "$H_OFF")"
check_eq "mof consumer: green, amber for mof" "amber-mof.example green.example" "$(domains v4 "$H_FW2")"
check_eq "partner without agency: green" "green.example" "$(domains v5 "$H_CERT")"
check_eq "get amber for moda as moda" 200 "$(req g1 -H "$H_FW" "$A/indicators/domain/amber-moda.example")"
check_eq "get: no recipients or sightings for non-staff" "False False" "$(json_get "$T/g1.body" 'str("recipients" in d)+" "+str("sightings" in d)')"
check_eq "get amber for moda as mof" 404 "$(req g2 -H "$H_FW2" "$A/indicators/domain/amber-moda.example")"
check_eq "get: hidden like missing" "$(req g3 -H "$H_FW2" "$A/indicators/domain/missing.example" >/dev/null; body g3)" "$(body g2)"
check_eq "get red for moda as moda" 200 "$(st "$H_FW" GET /indicators/domain/red-moda.example)"
check_eq "get red for moda as partner" 404 "$(st "$H_CERT" GET /indicators/domain/red-moda.example)"
check_eq "get green as partner" 200 "$(st "$H_CERT" GET /indicators/domain/green.example)"
check_eq "get: defanged, any case" 200 "$(st "$H_CERT" GET '/indicators/domain/GREEN%5B.%5Dexample')"
check_eq "get url (percent-encoded)" 200 "$(req g4 -H "$H_CERT" "$A/indicators/url/http%3A%2F%2Fgreen.example%2Fa%3Fb%3D1")"
check_eq "get url value" "http://green.example/a?b=1" "$(json_get "$T/g4.body" 'd["value"]')"
check_eq "get url with its slashes" 200 "$(st "$H_CERT" GET '/indicators/url/http://green.example/a%3Fb=1')"
check_eq "get: bad type" 404 "$(st "$H_ANN" GET /indicators/colour/x)"
check_eq "get: bad value" 'invalid: empty label' "$(req g5 -H "$H_ANN" "$A/indicators/domain/a..b" >/dev/null; err g5)"
# search
hits() { req "$1" -H "$2" "$A/indicators/search?value=$3" >/dev/null; json_get "$T/$1.body" '" ".join(h["relation"]+":"+h["indicator"]["value"] for h in d["hits"])'; }
check_eq "search as moda" "parent-domain:red-moda.example" "$(hits s1 "$H_FW" www.red-moda.example)"
check_eq "search as partner" "" "$(hits s2 "$H_CERT" www.red-moda.example)"
check_eq "search: green url host" "exact:http://green.example/a?b=1 url-host:green.example" "$(hits s3 "$H_CERT" 'hxxp://green%5B.%5Dexample/a%3Fb%3D1')"
check_eq "search body" '{"query":"www.red-moda.example","hits":[]}' "$(body s2)"
check_eq "search: missing value" 'bad_request: query parameter '"'"'value'"'"' is required' "$(req s4 -H "$H_ANN" "$A/indicators/search" >/dev/null; err s4)"
check_eq "search: bad value" 422 "$(st "$H_ANN" GET '/indicators/search?value=a..b')"
# pivots: a host finds the URLs on it and the e-mail addresses at it, as the reader may see them
check_eq "pivot: amber url for moda" 200 "$(st "$H_ANN" POST /indicators '{"type":"url","value":"https://green.example:8443/amber","tlp":"amber","recipients":["moda"]}')"
check_eq "pivot: green e-mail, url elsewhere" 200 "$(req p0 -H "$H_ANN" -H "$JS" "$A/indicators" --data-binary '{"source":"analyst","indicators":[{"value":"ops@green.example","type":"email","tlp":"green"},{"type":"url","value":"http://green.example.org/other-host","tlp":"green"}]}')"
check_eq "pivot as partner" "exact:green.example url-on-host:http://green.example/a?b=1 email-at-domain:ops@green.example" "$(hits p1 "$H_CERT" green.example)"
check_eq "pivot as moda" "exact:green.example url-on-host:http://green.example/a?b=1 url-on-host:https://green.example:8443/amber email-at-domain:ops@green.example" "$(hits p2 "$H_FW" green.example)"
check_eq "pivot from an address" "exact:203.0.113.7" "$(hits p3 "$H_CERT" 203.0.113.7)"

# --- revoke --------------------------------------------------------------
check_eq "revoke: no reason" 'invalid: query parameter '"'"'reason'"'"': a reason is required' "$(req rv0 -H "$H_ANN" -X DELETE "$A/indicators/domain/amber-none.example" >/dev/null; err rv0)"
check_eq "revoke" 200 "$(req rv1 -H "$H_ANN" -X DELETE "$A/indicators/domain/amber-none.example?reason=sinkholed")"
check_eq "revoked" "revoked" "$(json_get "$T/rv1.body" 'd["status"]')"
check_eq "revoke: CLI agrees" "domain	amber-none.example	revoked" "$("$GISAC" intel list --type domain | grep amber-none | cut -f1-3)"
check_eq "revoke again: 409" 'conflict: amber-none.example is revoked already' "$(req rv3 -H "$H_ANN" -X DELETE "$A/indicators/domain/amber-none.example?reason=again" >/dev/null; err rv3)"
check_eq "revoke missing" 404 "$(st "$H_ANN" DELETE '/indicators/domain/missing.example?reason=x')"
check_eq "revoke: not a value of the type" 'invalid: md5 must be hex digits only' "$(req rv2 -H "$H_ANN" -X DELETE "$A/indicators/md5/green.example?reason=x" >/dev/null; err rv2)"
check_eq "restore" 200 "$(req rs1 -H "$H_ANN" -H "$JS" --data-binary '{"type":"domain","value":"amber-none.example","reason":"not sinkholed after all"}' "$A/indicators/restore")"
check_eq "restored" "active" "$(json_get "$T/rs1.body" 'd["status"]')"
check_eq "restore again: 409" 'conflict: amber-none.example is not revoked' "$(req rs2 -H "$H_ANN" -H "$JS" --data-binary '{"type":"domain","value":"amber-none.example","reason":"x"}' "$A/indicators/restore" >/dev/null; err rs2)"
check_eq "restore: agency may not" 403 "$(st "$H_OFF" POST /indicators/restore '{"type":"domain","value":"amber-none.example","reason":"x"}')"
check_eq "revoke again for what follows" 200 "$(st "$H_ANN" DELETE '/indicators/domain/amber-none.example?reason=sinkholed')"

# --- allowlist -------------------------------------------------------------
check_eq "allowlist add" 201 "$(req al1 -H "$H_ANN" -H "$JS" --data-binary '{"value":"GREEN[.]example","comment":"false positive"}' "$A/allowlist")"
check_eq "allowlist add body" '{"type":"domain","value":"green.example","comment":"false positive","flagged":1}' "$(body al1)"
check_eq "allowlisted now" "allowlisted" "$(req al2 -H "$H_ANN" "$A/indicators/domain/green.example" >/dev/null; json_get "$T/al2.body" 'd["status"]')"
check_eq "allowlist twice" 409 "$(st "$H_ANN" POST /allowlist '{"value":"green.example"}')"
check_eq "allowlist bad value" 'invalid: $.value: empty label' "$(req al3 -H "$H_ANN" -H "$JS" --data-binary '{"value":"a..b"}' "$A/allowlist" >/dev/null; err al3)"
check_eq "allowlist list has it" '{"type": "domain", "value": "green.example", "comment": "false positive", "builtin": false, "created": "2026-11-24T02:00:00Z"}' \
    "$(req al4 -H "$H_CERT" "$A/allowlist" >/dev/null; json_get "$T/al4.body" 'json.dumps([e for e in d["entries"] if e["value"]=="green.example"][0])')"
check_eq "allowlist list: built-ins too" "True" "$(json_get "$T/al4.body" 'str(any(e["builtin"] and e["value"]=="8.8.8.8" for e in d["entries"]))')"
check_eq "allowlist remove" 200 "$(req al5 -H "$H_ANN" -X DELETE "$A/allowlist/green.example")"
check_eq "allowlist remove body" '{"type":"domain","value":"green.example","unflagged":1}' "$(body al5)"
check_eq "active again" "active" "$(req al6 -H "$H_ANN" "$A/indicators/domain/green.example" >/dev/null; json_get "$T/al6.body" 'd["status"]')"
check_eq "allowlist remove missing" 404 "$(st "$H_ANN" DELETE /allowlist/green.example)"
check_eq "allowlist cidr (slash in the path)" 201 "$(st "$H_ANN" POST /allowlist '{"value":"198.51.100.0/24"}')"
check_eq "allowlist remove cidr" 200 "$(st "$H_ANN" DELETE /allowlist/198.51.100.0/24)"

# --- feed import by upload -------------------------------------------------
printf '# test feed\nupload-a.example\nupload-b.example\nbad..value\n10.0.0.1\nupload-a.example\nhxxp://upload-c[.]example/x\n' >"$T/upload.txt"
check_eq "upload: text/plain" 415 "$(req up0 -H "$H_ANN" -H 'Content-Type: text/plain' --data-binary @"$T/upload.txt" "$A/feeds/import?source=up")"
check_eq "upload: text/plain says" 'unsupported_media_type: send the file itself as the body with its own Content-Type (application/octet-stream, application/json, text/csv, application/gzip, ...), not text/plain or a form' "$(err up0)"
check_eq "upload: no type" 415 "$(curl -s -o /dev/null -w '%{http_code}' -H "$H_ANN" -H 'Content-Type:' --data-binary x "$A/feeds/import?source=up")"
check_eq "upload: from another site" 403 "$(req up00 -H "$H_ANN" -H "$OCT" -H 'Origin: https://evil.example' --data-binary x "$A/feeds/import?source=up")"
check_eq "upload: from another site says" 'forbidden: a request from another origin' "$(err up00)"
check_eq "upload: from its own origin" 400 "$(curl -s -o /dev/null -w '%{http_code}' -H "$H_ANN" -H "$OCT" -H "Origin: http://127.0.0.1:$PORT" --data-binary x "$A/feeds/import")"
check_eq "upload" 200 "$(req up1 -H "$H_ANN" -H "$OCT" --data-binary @"$T/upload.txt" "$A/feeds/import?source=up&tlp=green&confidence=40")"
check_eq "upload summary" '{"files":1,"records":5,"imported":3,"merged":0,"unchanged":0,"duplicates":1,"rejected":1,"unsupported":0,"allowlisted":1,"warnings":1}' \
    "$(json_get "$T/up1.body" 'json.dumps({k:v for k,v in d["summary"].items() if k!="seconds"},separators=(",",":"))')"
check_eq "upload messages" '[{"kind":"rejected","where":"upload:4","message":"empty label (value \"bad..value\")"},{"kind":"warning","where":"upload:5","message":"ipv4 10.0.0.1 is allowlisted (10.0.0.0/8)"}]' \
    "$(json_get "$T/up1.body" 'json.dumps(d["messages"],separators=(",",":"))')"
# the same file through the CLI into an empty database: the same summary
GISAC_DB="$T/scratch.db" "$GISAC" feed import --json --source up --tlp green --confidence 40 "$T/upload.txt" >"$T/cli.json" 2>/dev/null
check_eq "upload summary = CLI summary" "$(json_get "$T/cli.json" 'json.dumps({k:v for k,v in d.items() if k!="seconds"})')" \
    "$(json_get "$T/up1.body" 'json.dumps({k:v for k,v in d["summary"].items() if k!="seconds"})')"
check_eq "upload stored" "domain	upload-a.example	active	tlp:green	40	up" "$("$GISAC" intel list --type domain | grep upload-a)"
check_eq "upload: seen at the server's now" "2026-11-24T02:00:00Z" "$(req up2 -H "$H_ANN" "$A/indicators/domain/upload-b.example" >/dev/null; json_get "$T/up2.body" 'd["first_seen"]')"
check_eq "upload again: unchanged" "0 4" "$(req up3 -H "$H_ANN" -H "$OCT" --data-binary @"$T/upload.txt" "$A/feeds/import?source=up&tlp=green&confidence=40" >/dev/null; json_get "$T/up3.body" 'str(d["summary"]["imported"])+" "+str(d["summary"]["unchanged"])')"
check_eq "upload audited" "user:ann	feed.import	up" "$("$GISAC" audit list --action feed.import --object up | tail -1 | cut -f3-5)"
check_eq "strict upload" 422 "$(req up4 -H "$H_ANN" -H "$OCT" --data-binary @"$T/upload.txt" "$A/feeds/import?source=strict&strict=true")"
check_eq "strict upload error" 'rejected: --strict: 1 rejected; nothing was imported' "$(err up4)"
check_eq "strict upload summary" "1 0" "$(json_get "$T/up4.body" 'str(d["summary"]["rejected"])+" "+str(d["summary"]["imported"])')"
check_eq "strict upload wrote nothing" 0 "$("$GISAC" intel list --source strict | wc -l | tr -d ' ')"
check_eq "upload: source required" 'bad_request: query parameter '"'"'source'"'"' is required' "$(req up5 -H "$H_ANN" -H "$OCT" --data-binary x "$A/feeds/import" >/dev/null; err up5)"
check_eq "upload: bad format" 400 "$(st "$H_ANN" POST '/feeds/import?source=x&format=xml' x)"
check_eq "upload: empty body" 'bad_request: the request body (the file) is empty' "$(req up6 -H "$H_ANN" -X POST "$A/feeds/import?source=x" >/dev/null; err up6)"
check_eq "upload: form" 415 "$(curl -s -o /dev/null -w '%{http_code}' -H "$H_ANN" -F "f=@$T/upload.txt" "$A/feeds/import?source=x")"
check_eq "upload: malformed STIX" 'invalid: upload:1:1: string or '"'"'}'"'"' expected near end of file' \
    "$(req up7 -H "$H_ANN" -H "$OCT" --data-binary '{' "$A/feeds/import?source=x&format=stix" >/dev/null; err up7)"
check_eq "upload: recipients" 200 "$(st "$H_ANN" POST '/feeds/import?source=rcp&tlp=amber&recipient=moda&recipient=mof' 'rcp.example')"
check_eq "upload: recipients stored" "['moda', 'mof']" "$(req up8 -H "$H_ANN" "$A/indicators/domain/rcp.example" >/dev/null; json_get "$T/up8.body" 'd["recipients"]')"
check_eq "upload: unknown recipient" 'invalid: recipient nope: no such agency' "$(req up9 -H "$H_ANN" -H "$OCT" --data-binary x.example "$A/feeds/import?source=x&recipient=nope" >/dev/null; err up9)"
check_eq "upload: csv column" 200 "$(req up10 -H "$H_ANN" -H "$OCT" --data-binary "$(printf 'id,host\n1,csv1.example\n2,csv2.example\n')" "$A/feeds/import?source=csv&format=csv&column=host")"
check_eq "upload: csv imported" 2 "$(json_get "$T/up10.body" 'd["summary"]["imported"]')"

# --- sources and stats -----------------------------------------------------
check_eq "sources" 200 "$(req so1 -H "$H_ANN" "$A/sources")"
check_eq "sources body" '{"sources":[{"name":"analyst","active":5,"total":6},{"name":"api","active":3,"total":4},{"name":"csv","active":2,"total":2},{"name":"liaison","active":1,"total":1},{"name":"rcp","active":1,"total":1},{"name":"up","active":3,"total":4}]}' "$(body so1)"
check_eq "stats" 200 "$(req so2 -H "$H_ADMIN" "$A/stats")"
check_eq "stats = intel stats --json" "$("$GISAC" intel stats --json)" "$(body so2)"

# --- keyset pages ----------------------------------------------------------
"$PY" -c 'import sys
for i in range(250): print("bulk%03d.page.test" % i)' >"$T/bulk.txt"
check_eq "bulk upload" 250 "$(req b1 -H "$H_ANN" -H "$OCT" --data-binary @"$T/bulk.txt" "$A/feeds/import?source=bulk&tlp=clear" >/dev/null; json_get "$T/b1.body" 'd["summary"]["imported"]')"
cat >"$T/pages.py" <<'PYEOF'
import json, sys, urllib.request, subprocess
# pages.py BASE AUTH LIMIT QUERY [INSERT_AT CMD...]: walks every page; prints
# "PAGES ROWS UNIQUE" and writes the rows (type value) to stdout.rows
base, auth, limit, query = sys.argv[1:5]
insert_at = int(sys.argv[5]) if len(sys.argv) > 5 else -1
cmd = sys.argv[6:]
rows, pages, nxt = [], 0, None
while True:
    u = base + "/indicators?limit=" + limit + query + ("&cursor=" + nxt if nxt else "")
    d = json.load(urllib.request.urlopen(urllib.request.Request(u, headers={"Authorization": auth})))
    pages += 1
    rows += [i["type"] + "\t" + i["value"] for i in d["indicators"]]
    if pages == insert_at:
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    nxt = d["next"]
    if not nxt or pages > 1000:
        break
open(sys.argv[0] + ".rows", "w").write("".join(r + "\n" for r in rows))
print(pages, len(rows), len(set(rows)))
PYEOF
"$GISAC" intel list | cut -f1-2 >"$T/all.rows"
ALL=$(wc -l <"$T/all.rows" | tr -d ' ')
check_eq "pages of 7: every row once" "$(( (ALL + 6) / 7 )) $ALL $ALL" "$("$PY" "$T/pages.py" "$A" "Bearer $(tok ann)" 7 "")"
check_eq "pages in the CLI's order, no gap" "" "$(diff "$T/all.rows" "$T/pages.py.rows")"
check_eq "pages of 1000" "1 $ALL $ALL" "$("$PY" "$T/pages.py" "$A" "Bearer $(tok ann)" 1000 "")"
check_eq "pages of one type" "25 250 250" "$("$PY" "$T/pages.py" "$A" "Bearer $(tok ann)" 10 "&source=bulk&type=domain")"
# rows added behind and ahead of the cursor while paging: the old rows
# still come exactly once, the one ahead comes too, the one behind not
printf 'bulk000a.page.test\nzzz.page.test\n' >"$T/late.txt"
touch -d 2026-11-24T02:00:00Z "$T/late.txt"
"$PY" "$T/pages.py" "$A" "Bearer $(tok ann)" 10 "&source=bulk" 3 "$GISAC" feed import --source bulk --tlp clear "$T/late.txt" >"$T/late.out"
check_eq "pages with inserts" "26 251 251" "$(cat "$T/late.out")"
check_eq "pages with inserts: old rows once, the new one ahead" "" \
    "$( (grep page.test "$T/all.rows"; printf 'domain\tzzz.page.test\n') | sort | diff - "$T/pages.py.rows")"
check_eq "consumer pages of 2 = its one page of 1000" "$(domains v6 "$H_FW" | tr ' ' '\n' | sed 's/^/domain	/')" \
    "$("$PY" "$T/pages.py" "$A" "Bearer $(tok fw-moda)" 2 "&type=domain" >/dev/null; cat "$T/pages.py.rows")"
check_eq "consumer's view" "amber-moda.example green.example rcp.example red-moda.example upload-a.example upload-b.example" "$(domains v7 "$H_FW" | tr ' ' '\n' | grep -v page.test | tr '\n' ' ' | sed 's/ $//')"
check_eq "next on the last page" "None" "$(req pg1 -H "$H_ANN" "$A/indicators?type=email" >/dev/null; json_get "$T/pg1.body" 'd["next"]')"
check_eq "limit 0" 'bad_request: query parameter '"'"'limit'"'"' must be a number from 1 to 1000' "$(req pg2 -H "$H_ANN" "$A/indicators?limit=0" >/dev/null; err pg2)"
check_eq "limit 1001" 400 "$(st "$H_ANN" GET '/indicators?limit=1001')"
check_eq "limit junk" 400 "$(st "$H_ANN" GET '/indicators?limit=7x')"
check_eq "bad cursor" 'bad_request: query parameter '"'"'cursor'"'"': malformed cursor' "$(req pg3 -H "$H_ANN" "$A/indicators?cursor=%21%21" >/dev/null; err pg3)"
CUR=$(req pg4 -H "$H_ANN" "$A/indicators?type=ipv4&limit=1" >/dev/null; json_get "$T/pg4.body" 'd["next"]')
check_eq "cursor of another type" 'bad_request: query parameter '"'"'cursor'"'"': the cursor belongs to another listing' "$(req pg5 -H "$H_ANN" "$A/indicators?type=domain&cursor=$CUR" >/dev/null; err pg5)"
check_eq "bad type" 400 "$(st "$H_ANN" GET '/indicators?type=ip')"
check_eq "active only" "False" "$(req pg6 -H "$H_ANN" "$A/indicators?type=domain&active=true&limit=1000" >/dev/null; json_get "$T/pg6.body" 'str(any(i["status"]!="active" for i in d["indicators"]))')"
check_eq "duplicate parameter" 'bad_request: query parameter '"'"'limit'"'"' given twice' "$(req pg7 -H "$H_ANN" "$A/indicators?limit=1&limit=2" >/dev/null; err pg7)"

# --- the audit actor of every API write --------------------------------------
check_eq "token create audited as the caller" "user:admin" "$("$GISAC" audit list --action token.create --object "$FWID" | cut -f3)"
# every write through the API names its caller; only logins (before the
# caller is known) are anonymous, and the allowlist seed at start the system
check_eq "actors of the writes since start" "" \
    "$("$GISAC" audit list --since 2026-11-24T02:00:00Z | cut -f3,4 | grep -v '^user:' | grep -v '^cli:' \
        | grep -v '^anonymous	auth\.login' | grep -v '^system	allowlist\.seed$' | sort -u)"
check_eq "a failed login is anonymous" "anonymous	auth.login_failed	ann" \
    "$("$GISAC" audit list --action auth.login_failed --object ann | head -1 | cut -f3-5)"

# --- the OpenAPI description --------------------------------------------------
check_eq "openapi" 200 "$(req o1 -H "$H_SEN" "$A/openapi.json")"
check_eq "openapi is src/http/openapi.json" "" "$(cmp "$GISAC_SRCDIR/src/http/openapi.json" "$T/o1.body")"
# every documented operation is routed (no 404 "no such resource", no 405)
"$PY" - "$T/o1.body" >"$T/ops" <<'PYEOF'
import json, re, sys
d = json.load(open(sys.argv[1]))
for path, item in d["paths"].items():
    for m in item:
        if m != "parameters":
            print(m.upper(), re.sub(r"\{[a-z]+\}", "x", path))
PYEOF
check_eq "documented operations" 112 "$(wc -l <"$T/ops" | tr -d ' ')"
while read -r m p; do
    s=$(curl -s -o "$T/op.body" -w '%{http_code}' -H "$H_ADMIN" -X "$m" "$A$p")
    if [ "$s" = 405 ] || grep -q 'no such resource' "$T/op.body"; then
        fail "openapi: $m $p is not routed ($s)"
    fi
done <"$T/ops"

# --- 413: a server with --max-body 1024 ------------------------------------------
SRV1_PID=$SRV_PID
serve_start "$T/server2.log" --threads 1 --max-body 1024
A2=http://127.0.0.1:$PORT/api/v1
"$PY" -c 'import json; print(json.dumps({"value":"big.example","description":"x"*1100}))' >"$T/big.json"
check_eq "413" 413 "$(req big -H "$H_ANN" -H "$JS" --data-binary @"$T/big.json" "$A2/indicators")"
check_eq "413 body" 'payload_too_large: request body too large' "$(err big)"
check_eq "413 chunked" 413 "$(curl -s -o /dev/null -w '%{http_code}' -H "$H_ANN" -H "$JS" -H 'Transfer-Encoding: chunked' --data-binary @"$T/big.json" "$A2/indicators")"
check_eq "under the limit" 200 "$(curl -s -o /dev/null -w '%{http_code}' -H "$H_ANN" -H "$JS" --data-binary '{"value":"small.example"}' "$A2/indicators")"

stop_server
check_status "audit chain intact" 0 "$GISAC" audit verify
finish
