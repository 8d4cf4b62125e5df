#!/bin/sh
# The office's intelligence pages of the web portal end to end
# (tests/web/e2e_intel.mjs, docs/web.md): the indicator page (revoke and
# restore, and an officer who gets no such step), an advisory's STIX
# preview, feed sources and a feed upload, and the release of alerts held
# in the office's queue (three, opened by a sensor's events on TLP:RED
# indicators). Debian's chromium driven by playwright-core, axe-core on
# every page; the reasons given in the browser are then read in the audit log.
. "$GISAC_SRCDIR/tests/web/e2e_lib.sh"

check_status "agency moda" 0 "$GISAC" agency add moda --name "數位發展部" --grade A --networks 10.1.0.0/16
echo 'analyst password 01' >"$T/pw"
check_status "analyst" 0 "$GISAC" user add ann --role analyst <"$T/pw"
echo 'officer password 01' >"$T/pw"
check_status "officer" 0 "$GISAC" user add off-moda --role agency --agency moda <"$T/pw"
check_status "sensor" 0 "$GISAC" user add sen-moda --role sensor --agency moda </dev/null
"$GISAC" token create --user sen-moda --name ids >"$T/sen.token" 2>/dev/null
printf 'bad-one.example\nbad-two.example\n' >"$T/green.txt"
check_status "green feed" 0 "$GISAC" feed import --source liaison --tlp green --confidence 90 "$T/green.txt"
printf 'red-one.example\nred-two.example\nred-three.example\n' >"$T/red.txt"
check_status "red feed" 0 "$GISAC" feed import --source partner --tlp red --confidence 80 "$T/red.txt"
check_status "advisory" 0 "$GISAC" advisory publish --title "釣魚網域警訊" --severity high --tlp green \
    --indicator bad-one.example --cve CVE-2024-3400 --body "請封鎖下列網域。"
sleep 1.1
serve_start "$T/server.log" --threads 4
for d in red-one.example red-two.example red-three.example; do
    printf '{"event_type":"dns","src_ip":"10.1.0.5","dest_ip":"10.1.0.53","dns":{"rrname":"%s"}}\n' "$d"
done >"$T/eve.json"
curl -s -H "Authorization: Bearer $(cat "$T/sen.token")" -H 'Content-Type: application/json' \
    --data-binary @"$T/eve.json" "http://127.0.0.1:$PORT/api/v1/ingest" >/dev/null
check_eq "three alerts held for the office" 3 "$("$GISAC" alert list --queue office | wc -l | tr -d ' ')"

CHECKS=$((CHECKS + 1))
if ! GISAC_CHROMIUM=$CHROMIUM HOME=$T timeout 250 node "$GISAC_SRCDIR/tests/web/e2e_intel.mjs" \
    "http://127.0.0.1:$PORT" ann 'analyst password 01' off-moda 'officer password 01'; then
    fail "tests/web/e2e_intel.mjs"
    tail -20 "$T/server.log" >&2
fi
check_eq "the reasons typed in the browser, audited" 'user:ann	indicator.revoke	bad-two.example	{"type":"domain","reason":"誤報：為合法網站"}
user:ann	indicator.restore	bad-two.example	{"type":"domain","reason":"經查證確為惡意"}' \
    "$("$GISAC" audit list --action indicator. | cut -f3-6)"
check_eq "the upload audited" "user:ann	feed.import	上傳測試" "$("$GISAC" audit list --action feed.import | tail -1 | cut -f3-5)"
check_eq "no alert left in the office's queue" 0 "$("$GISAC" alert list --queue office | wc -l | tr -d ' ')"
finish
