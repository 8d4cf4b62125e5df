#!/bin/sh
# The office's and the administrator's pages of the web portal end to end
# (tests/web/e2e_office.mjs, docs/web.md): agencies in two sectors, three
# reported incidents and a draft, three indicators; an analyst and an administrator;
# Debian's chromium driven by playwright-core with axe-core on every page.
. "$GISAC_SRCDIR/tests/web/e2e_lib.sh"

check_status "agency moe" 0 "$GISAC" agency add moe --name "教育部" --grade A --sector education
check_status "agency school" 0 "$GISAC" agency add school --name "國立範例高中" --grade C --parent moe --sector education
check_status "agency bank" 0 "$GISAC" agency add bank --name "範例銀行" --grade A --sector finance
echo 'analyst password 01' >"$T/pw"
check_status "analyst" 0 "$GISAC" user add ann --role analyst <"$T/pw"
echo 'office head password 01' >"$T/pw"
check_status "admin" 0 "$GISAC" user add boss --role admin <"$T/pw"
aware=$(date -u -d '-20 minutes' +%Y-%m-%dT%H:%M:%SZ)
check_status "incident 1" 0 "$GISAC" incident report --agency school --title "網頁置換" --asset core --integrity serious --aware-at "$aware" --category malicious-content
check_status "incident 2" 0 "$GISAC" incident report --agency school --title "帳號外洩" --asset non-core --confidentiality minor --aware-at "$aware" --category intrusion
check_status "incident 3" 0 "$GISAC" incident report --agency bank --title "阻斷服務" --asset core-ci --availability within-mtd --aware-at "$aware" --category denial-of-service
check_status "a draft" 0 "$GISAC" incident report --agency bank --title "疑似惡意連線" --asset core --aware-at "$aware" --category malware --draft
printf 'bad-one.example\nbad-two.example\n198.51.100.0/24\n' >"$T/feed.txt"
check_status "feed" 0 "$GISAC" feed import --source liaison --tlp green --confidence 90 "$T/feed.txt"
serve_start "$T/server.log" --threads 4

e2e_run e2e_office.mjs 250 ann 'analyst password 01' boss 'office head password 01'
