#!/bin/sh
# test_http_framing.sh: requests a proxy in front may read otherwise than
# gisac does (request smuggling) get 400 and a closed connection, over-long
# targets and header sets 414 and 431, and every error answer is valid JSON
# even when the message quotes bytes that are not UTF-8 or is cut.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
trap 'serve_stop; rm -rf "$T"' EXIT
serve_start "$T/serve.log"
A="http://127.0.0.1:$PORT"
RAW="/usr/bin/python3 $GISAC_SRCDIR/tests/cli/raw_http.py $PORT"
CRLF=$(printf '\r')

# raw NAME: send standard input (LF line ends become CRLF), the status lines
raw() { sed "s/\$/$CRLF/" | $RAW; }

# check_raw WHAT STATUS_LINES REQUEST: REQUEST (a printf format, LF line
# ends) sent raw; the status lines it got, exactly
check_raw() {
    # shellcheck disable=SC2059 # the request is the format
    check_eq "$1" "$2" "$(printf "$3" | raw)"
}

# A smuggled second request after a body framed by both headers: one 400,
# and the bytes after it are not run as a request (no second status line).
check_raw "CL and TE" "HTTP/1.1 400 Bad Request" 'POST /api/v1/ingest HTTP/1.1\nHost: x\nContent-Length: 4\nTransfer-Encoding: chunked\n\n0\n\nGET /healthz HTTP/1.1\nHost: x\n\n'
check_raw "two lengths" "HTTP/1.1 400 Bad Request" 'POST /api/v1/ingest HTTP/1.1\nHost: x\nContent-Length: 0\nContent-Length: 5\n\nhello'
check_raw "1.1 without Host" "HTTP/1.1 400 Bad Request" 'GET /healthz HTTP/1.1\n\n'
check_raw "1.0 without Host is fine" "HTTP/1.1 200 OK" 'GET /healthz HTTP/1.0\n\n'
check_raw "%00 in the path" "HTTP/1.1 400 Bad Request" 'GET /healthz%%00/x HTTP/1.1\nHost: x\n\n'
check_raw "%00 in the query" "HTTP/1.1 400 Bad Request" 'GET /api/v1/indicators?q=a%%00b HTTP/1.1\nHost: x\n\n'
# %2500 is the text "%00", not a NUL: the route answers (401: no credentials)
check_raw "%2500 is text" "HTTP/1.1 401 Unauthorized" 'GET /api/v1/indicators?q=%%2500 HTTP/1.1\nHost: x\nConnection: close\n\n'

# the answer of a framing error is JSON and says why
check_eq "status" 400 "$(curl -s -o "$T/b" -w '%{http_code}' -H 'Content-Length: 1' -H 'Content-Length: 2' "$A/healthz")"
check_eq "message" "bad_request: Content-Length given more than once" \
    "$(json_get "$T/b" 'd["error"]["code"]+": "+d["error"]["message"]')"

long=$(head -c 5000 /dev/zero | tr '\0' a)
check_eq "long URI" 414 "$(req long "$A/$long")"
check_eq "long URI says" "uri_too_long: URI too long" "$(err long)"
big=$(head -c 40000 /dev/zero | tr '\0' b)
check_eq "header set" 431 "$(req big -H "X-Big: $big" "$A/healthz")"
# a 65,000-byte target: an answer (not a closed connection)
huge=$(head -c 65000 /dev/zero | tr '\0' c)
got=$(printf 'GET /%s HTTP/1.1\nHost: x\n\n' "$huge" | raw)
case $got in
"HTTP/1.1 414"*) CHECKS=$((CHECKS + 1)) ;;
*) fail "65,000-byte URI: $got" ;;
esac

# an unknown query parameter whose name is cut inside a character, and one
# that is not UTF-8: 400 with a valid JSON body (was 500, empty)
echo 'correct-horse-battery' >"$T/pw"
check_status "user" 0 "$GISAC" user add ana --role analyst <"$T/pw"
key=$(python3 -c 'print("a"*99 + "\u65e5")')
code=$(curl -s -o "$T/u" -w '%{http_code}' -u ana:correct-horse-battery -G "$A/api/v1/indicators" --data-urlencode "$key=1")
check_eq "cut key status" 400 "$code"
check_eq "cut key body" "bad_request: unknown query parameter '$(python3 -c 'print("a"*99)')'" \
    "$(json_get "$T/u" 'd["error"]["code"]+": "+d["error"]["message"]')"
code=$(curl -s -o "$T/v" -w '%{http_code}' -u ana:correct-horse-battery "$A/api/v1/indicators?x%FFy=1")
check_eq "bad byte status" 400 "$code"
check_eq "bad byte body" "bad_request: unknown query parameter 'x\ufffdy'" \
    "$(json_get "$T/v" 'd["error"]["code"]+": "+d["error"]["message"].encode("unicode_escape").decode()')"

# the server still serves after all of it
check_eq "healthz" 200 "$(curl -s -o /dev/null -w '%{http_code}' "$A/healthz")"
finish
