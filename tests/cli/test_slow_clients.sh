#!/bin/sh
# test_slow_clients.sh: slow clients do not stop the server. Connections
# that send their headers a line at a time (slowloris) or a body a few
# bytes a second get 408 after --header-timeout and are cut; one address
# gets at most --max-per-ip connections; health probes from another
# address are answered all along. (Each client's fate is exact; the
# times are bounds of the test, not measurements.)
. "$GISAC_SRCDIR/tests/cli/lib.sh"
trap 'serve_stop; kill $SLOW 2>/dev/null; rm -rf "$T"' EXIT
SLOW=
serve_start "$T/serve.log" --header-timeout 2 --max-per-ip 40 --min-rate 1024
SC="/usr/bin/python3 $GISAC_SRCDIR/tests/cli/slow_client.py $PORT"

# 50 slow header senders from 127.0.0.1: 40 are let in, 10 refused
$SC 50 head 6 >"$T/head" &
SLOW=$!
sleep 1
# meanwhile the health probe from another address is answered
ok=0
for _ in 1 2 3 4; do
    c=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 --interface 127.0.0.2 "http://127.0.0.1:$PORT/healthz")
    [ "$c" = 200 ] && ok=$((ok + 1))
    sleep 0.5
done
check_eq "probes answered during the attack" 4 "$ok"
wait $SLOW
SLOW=
# (libmicrohttpd accepts the ones over the limit and closes them at once)
check_eq "slowloris: 408 and cut, the rest refused" "408 40
closed 10" "$(cat "$T/head")"

# slow bodies: cut too
$SC 5 body 6 >"$T/body"
check_eq "slow bodies: 408" "408 5" "$(cat "$T/body")"

# a kept-alive client that answers normally is not cut
check_eq "normal requests" "200 200" "$(curl -s -o /dev/null -o /dev/null -w '%{http_code} ' "http://127.0.0.1:$PORT/healthz" "http://127.0.0.1:$PORT/healthz" | sed 's/ $//')"
finish
