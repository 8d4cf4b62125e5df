#!/bin/sh
# test_login_guard.sh: logins under attack, over HTTP Basic on loopback.
# Guesses from one address lock that address out of the account (429 with
# Retry-After, before any hashing) while the owner logs in from another;
# 40 parallel guesses get exactly 5 checks; tokens keep working; the audit
# log gets a few entries, not one per guess; weak passwords are refused
# (CLI exit 2, API 422). Loopback addresses other than 127.0.0.1 stand for
# other clients (curl --interface).
. "$GISAC_SRCDIR/tests/cli/lib.sh"
trap 'serve_stop; rm -rf "$T"' EXIT
export GISAC_NOW=2026-11-24T00:00:00Z
echo 'chief password 01' >"$T/pw"
check_status "admin" 0 "$GISAC" user add boss --role admin <"$T/pw"
echo 'analyst password 01' >"$T/pw"
check_status "ann" 0 "$GISAC" user add ann --role analyst <"$T/pw"
make_tokens ann
serve_start "$T/serve.log" --max-per-ip 64
A="http://127.0.0.1:$PORT/api/v1"
OWNER="--interface 127.0.0.2"
GUESSER="--interface 127.0.0.3"

code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
before=$("$GISAC" audit list | wc -l)

for i in 1 2 3 4 5; do
    check_eq "guess $i" 401 "$(code $GUESSER -u 'ann:guess guess guess' "$A/me")"
done
check_eq "the guesser is locked out, right password or not" 429 \
    "$(req g6 $GUESSER -u 'ann:analyst password 01' "$A/me")"
check_eq "Retry-After" 900 "$(hdr g6 Retry-After)"
check_eq "429 says" "too_many_requests: too many attempts: try again in 900 s" "$(err g6)"
check_eq "the owner is not" 200 "$(code $OWNER -u 'ann:analyst password 01' "$A/me")"
check_eq "a token is not" 200 "$(code -H "Authorization: Bearer $(cat "$T/tok.ann")" "$A/me")"
check_eq "TAXII 429" 429 "$(req g7 $GUESSER -u 'ann:analyst password 01' -H 'Accept: application/taxii+json;version=2.1' "http://127.0.0.1:$PORT/taxii2/")"
check_eq "TAXII 429 body" "too many requests" "$(json_get "$T/g7.body" 'd["title"]')"

# 40 guesses at once from a fourth address: 5 are checked, 35 refused
seq 40 | xargs -P 40 -I{} curl -s -o /dev/null -w '%{http_code}\n' --interface 127.0.0.4 \
    -u 'ann:parallel guess {}' "$A/me" >"$T/par"
check_eq "parallel: checked" 5 "$(grep -c 401 "$T/par")"
check_eq "parallel: refused" 35 "$(grep -c 429 "$T/par")"

# the audit log: per address the first failure and the lock-out, not 50 rows
"$GISAC" audit list | tail -n +"$((before + 1))" | awk -F '\t' '{print $4, $5}' | sort | uniq -c |
    sed 's/^ *//' >"$T/audit"
# (and the owner's login, which clears the account's count of failures)
check_eq "audit entries" "2 auth.locked ann
1 auth.login ann
2 auth.login_failed ann" "$(cat "$T/audit")"
"$GISAC" audit list --json | tail -n +"$((before + 1))" | grep 'auth.login_failed' |
    python3 -c 'import json,sys; print(sorted(json.loads(l)["detail"]["from"] for l in sys.stdin))' >"$T/from"
check_eq "audit from" "['127.0.0.3', '127.0.0.4']" "$(cat "$T/from")"

# weak passwords
echo 'aaaaaaaaaaaa' >"$T/pw"
check_status "weak: CLI" 2 "$GISAC" user add bob --role analyst <"$T/pw"
check_eq "weak: CLI says" "gisac: password too weak: The password is a palindrome" "$(cat "$T/err")"
echo 'carol-is-my-name-7' >"$T/pw"
check_status "user name: CLI" 2 "$GISAC" user add carol --role analyst <"$T/pw"
check_eq "user name: CLI says" "gisac: password too weak: The password contains the user name in some form" "$(cat "$T/err")"
check_eq "weak: API" 422 "$(req w1 -u 'boss:chief password 01' -H 'Content-Type: application/json' \
    --data-binary '{"name":"bob","role":"analyst","password":"123456789012"}' "$A/users")"
check_eq "weak: API says" 'invalid: $.password: password too weak: The password fails the dictionary check - it is too simplistic/systematic' "$(err w1)"
finish
