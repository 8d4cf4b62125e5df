#!/bin/sh
# The officer's pages of the web portal end to end (tests/web/e2e_officer.mjs,
# docs/web.md): a supervising agency (moe) with a school below it, their
# officers, a sensor of the school whose events opened three alerts, then
# Debian's chromium driven by playwright-core with axe-core on every page.
. "$GISAC_SRCDIR/tests/web/e2e_lib.sh"

check_status "agency moe" 0 "$GISAC" agency add moe --name "教育部" --grade A
check_status "agency school" 0 "$GISAC" agency add school --name "國立範例高中" --grade C --parent moe --networks 10.1.0.0/16
echo 'officer password 01' >"$T/pw"
check_status "officer of the school" 0 "$GISAC" user add off-school --role agency --agency school <"$T/pw"
echo 'officer password 02' >"$T/pw"
check_status "officer of moe" 0 "$GISAC" user add off-moe --role agency --agency moe <"$T/pw"
check_status "sensor" 0 "$GISAC" user add sen-school --role sensor --agency school </dev/null
"$GISAC" token create --user sen-school --name "ids" >"$T/sen.token" 2>/dev/null
printf 'bad-one.example\nbad-two.example\nbad-three.example\n' >"$T/feed.txt"
check_status "feed" 0 "$GISAC" feed import --source liaison --tlp green --confidence 90 "$T/feed.txt"
serve_start "$T/server.log" --threads 4
for d in bad-one.example bad-two.example bad-three.example; do
    printf '{"event_type":"dns","src_ip":"10.1.0.5","dest_ip":"10.1.0.53","dns":{"rrname":"%s"}}\n' "$d"
done >"$T/eve.json"
check_eq "sensor events open three alerts" 3 "$(curl -s -H "Authorization: Bearer $(cat "$T/sen.token")" -H 'Content-Type: application/json' \
    --data-binary @"$T/eve.json" "http://127.0.0.1:$PORT/api/v1/ingest" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["alerts"]))')"

e2e_run e2e_officer.mjs 250 off-school 'officer password 01' off-moe 'officer password 02'
