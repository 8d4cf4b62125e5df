#!/bin/sh
# The sightings, policy, audit and partner pages of the web portal end to
# end, and the officer's daily pages on a phone (tests/web/e2e_web2.mjs,
# docs/web.md): an agency with two sensors whose events were sighted, an
# incident, an administrator, a partner CERT (consumer); Debian's chromium
# driven by playwright-core with axe-core on every page.
. "$GISAC_SRCDIR/tests/web/e2e_lib.sh"

GISAC_NOW=2025-03-10T02:00:00Z check_status "agency moda (graded A in March 2025)" 0 "$GISAC" agency add moda --name "數位發展部" --grade A --networks 10.1.0.0/16
echo 'officer password 01' >"$T/pw"
check_status "officer" 0 "$GISAC" user add off-moda --role agency --agency moda <"$T/pw"
echo 'office head password 01' >"$T/pw"
check_status "admin" 0 "$GISAC" user add boss --role admin <"$T/pw"
echo 'partner password 01' >"$T/pw"
check_status "partner CERT" 0 "$GISAC" user add cert-moda --role consumer --agency moda <"$T/pw"
for s in ids-a ids-b; do
    check_status "sensor $s" 0 "$GISAC" user add "$s" --role sensor --agency moda </dev/null
    "$GISAC" token create --user "$s" >"$T/$s.token" 2>/dev/null
done
printf 'bad-one.example\nbad-two.example\n' >"$T/feed.txt"
check_status "feed" 0 "$GISAC" feed import --source liaison --tlp green --confidence 90 "$T/feed.txt"
aware=$(date -u -d '-20 minutes' +%Y-%m-%dT%H:%M:%SZ)
check_status "incident" 0 "$GISAC" incident report --agency moda --title "網頁置換" --asset core --integrity serious --aware-at "$aware" --category malicious-content
serve_start "$T/server.log" --threads 4
for pair in ids-a:bad-one.example ids-b:bad-two.example; do
    s=${pair%%:*} d=${pair#*:}
    printf '{"event_type":"dns","src_ip":"10.1.0.5","dest_ip":"10.1.0.53","dns":{"rrname":"%s"}}\n' "$d" >"$T/eve.json"
    check_eq "sensor $s: one alert" 1 "$(curl -s -H "Authorization: Bearer $(cat "$T/$s.token")" -H 'Content-Type: application/json' \
        --data-binary @"$T/eve.json" "http://127.0.0.1:$PORT/api/v1/ingest" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["alerts"]))')"
done

e2e_run e2e_web2.mjs 250 off-moda 'officer password 01' boss 'office head password 01' cert-moda 'partner password 01'
