#!/bin/sh
# Notifications in the recipient's language and local time (docs/notify.md):
# a subscription's own --lang, else its --account's language (gisac user
# add/update --lang), else zh-TW; the message names the incident, its next
# deadline and the time left, and links to the portal (policy portal_url).
# Advisories notify the subscriptions of their readers (advisory.published).
. "$GISAC_SRCDIR/tests/cli/lib.sh"
need_python
export GISAC_NOW=2026-11-24T00:00:00Z GISAC_PWHASH_FAST=1
PIDS=""
trap stop_all EXIT

start_receiver http "$T/http" 0
HP=$(cat "$T/http/port")
[ -n "$HP" ] || { fail "receiver did not start"; finish; }
H="http://127.0.0.1:$HP"

"$GISAC" agency add moda --name "Ministry of Digital Affairs" --grade A >/dev/null
"$GISAC" agency add mof --name "Ministry of Finance" --grade B >/dev/null
check_out "user add --lang en" 0 "added user off-en (agency, agency moda)" \
    sh -c 'echo "a long password 1" | "$0" user add off-en --role agency --agency moda --lang en' "$GISAC"
check_out "user add, default language" 0 "added user off-zh (agency, agency moda)" \
    sh -c 'echo "a long password 2" | "$0" user add off-zh --role agency --agency moda' "$GISAC"
check_out "user add --lang fr" 2 "gisac: unknown language 'fr': use zh-TW or en" \
    "$GISAC" user add off-fr --role agency --agency moda --lang fr </dev/null
check_out "no account made" 1 "gisac: user off-fr: not found" "$GISAC" user show off-fr
check_eq "user show: language" "language      en" "$("$GISAC" user show off-en | grep '^language')"
check_eq "user JSON: language" "en zh-TW" \
    "$("$GISAC" user show off-en --json | json_get /dev/stdin 'd["language"]') $("$GISAC" user show off-zh --json | json_get /dev/stdin 'd["language"]')"

echo '{"portal_url": "https://portal.example.org/"}' >"$T/portal.json"
check_status "policy with the portal" 0 "$GISAC" policy set "$T/portal.json"
echo '{"portal_url": "ftp://portal.example.org"}' >"$T/bad.json"
check_out "portal_url must be http(s)" 2 "gisac: $T/bad.json: \$.portal_url: expected the portal's base URL, http:// or https:// (at most 512 bytes, no spaces, query or fragment), such as \"https://portal.example.org\"" \
    "$GISAC" policy check "$T/bad.json"

check_out "sub: default" 0 "added subscription 1" "$GISAC" notify add webhook "$H/zh"
check_out "sub: the account's" 0 "added subscription 2" "$GISAC" notify add webhook "$H/en" --account off-en
check_out "sub: its own" 0 "added subscription 3" "$GISAC" notify add webhook "$H/forced" --lang en --account off-zh
check_out "sub: mof's advisories" 0 "added subscription 4" \
    "$GISAC" notify add webhook "$H/mof" --agency mof --events advisory.published
check_out "sub: unknown account" 2 "gisac: account nobody does not exist" \
    "$GISAC" notify add webhook "$H/x" --account nobody
check_out "sub: unknown language" 2 "gisac: unknown language 'EN': use zh-TW or en" \
    "$GISAC" notify add webhook "$H/x" --lang EN
check_out "list: languages" 0 "1	webhook	$H/zh	*	-	unsigned	-
2	webhook	$H/en	*	-	unsigned	user:off-en
3	webhook	$H/forced	*	-	unsigned	en
4	webhook	$H/mof	advisory.published	mof	unsigned	-" "$GISAC" notify list

# a level 3 incident, aware at 07:40 Taipei (no offset: local time), reported at 08:00
check_status "report" 0 "$GISAC" incident report --agency moda --title "勒索軟體" --asset core \
    --confidentiality serious --aware-at 2026-11-24T07:40:00
check_out "deliver" 0 "3 due: 3 sent, 0 to retry, 0 failed" "$GISAC" notify deliver

# msg PATH N: the N-th request to PATH: language, subject, link, text (in that order)
msg() {
    "$PY" - "$T/http/requests.jsonl" "$1" "$2" <<'PYEOF'
import json, sys
rs = [json.loads(l) for l in open(sys.argv[1]) if json.loads(l)["path"] == sys.argv[2]]
b = json.loads(rs[int(sys.argv[3]) - 1]["body"])
print(b["event"], b["language"])
print(b["subject"])
print(b["link"])
print(b["text"], end="")
PYEOF
}
check_eq "zh-TW by default" "incident.new zh-TW
【資安事件通報】INC-2026-000001 勒索軟體
https://portal.example.org/incidents/INC-2026-000001
【資安事件通報】INC-2026-000001 勒索軟體

事件：INC-2026-000001
標題：勒索軟體
機關：moda
等級：第 3 級
下一期限：審核，2026-11-24T10:00:00+08:00（剩餘 2小時0分）
連結：https://portal.example.org/incidents/INC-2026-000001
時間：2026-11-24T08:00:00+08:00" "$(msg /zh 1)"
check_eq "en: the account's language" "incident.new en
New incident INC-2026-000001: 勒索軟體
https://portal.example.org/incidents/INC-2026-000001
New incident INC-2026-000001: 勒索軟體

Incident: INC-2026-000001
Title: 勒索軟體
Agency: moda
Level: 3
Next deadline: review, due 2026-11-24T10:00:00+08:00 (2h 0m left)
Link: https://portal.example.org/incidents/INC-2026-000001
Time: 2026-11-24T08:00:00+08:00" "$(msg /en 1)"
check_eq "en: the subscription's own" "incident.new en
New incident INC-2026-000001: 勒索軟體" "$(msg /forced 1 | head -2)"
check_eq "the data stays machine-readable" "INC-2026-000001 3 2026-11-24T00:00:00Z" \
    "$(msg_data() { "$PY" -c 'import json,sys; rs=[json.loads(l) for l in open(sys.argv[1]) if json.loads(l)["path"]=="/zh"]; b=json.loads(rs[0]["body"]); print(b["data"]["id"], b["data"]["level"], b["created"])' "$T/http/requests.jsonl"; }; msg_data)"

# the account's language changes: its subscriptions follow
check_out "user update --lang" 0 "user off-en: language zh-TW" "$GISAC" user update off-en --lang zh-TW
check_out "user update nothing" 2 "gisac: nothing to change: give --lang
gisac: try 'gisac user --help'" "$GISAC" user update off-en

# advisories: clear and green reach every subscription, amber only its recipients'
check_status "green advisory" 0 "$GISAC" advisory publish --title "釣魚郵件警訊" --severity high --tlp green --body "請封鎖" --cve CVE-2024-3400 --json
ADV=$(json_get "$T/out" 'd["id"]')
check_out "deliver advisory" 0 "4 due: 4 sent, 0 to retry, 0 failed" "$GISAC" notify deliver
check_eq "advisory, zh-TW now" "advisory.published zh-TW
【資安警訊】$ADV 釣魚郵件警訊
https://portal.example.org/advisories/$ADV" "$(msg /en 2 | head -3)"
check_eq "advisory, en" "advisory.published en
Advisory $ADV: 釣魚郵件警訊" "$(msg /forced 2 | head -2)"
check_eq "mof's subscription got the green one" "advisory.published zh-TW" "$(msg /mof 1 | head -1)"
check_status "amber advisory for moda" 0 "$GISAC" advisory publish --title "Targeted lure" --severity medium --tlp amber --recipient moda --body "x" --cve CVE-2024-3400
check_out "deliver amber" 0 "3 due: 3 sent, 0 to retry, 0 failed" "$GISAC" notify deliver
check_eq "not to mof" "1" "$(grep -c '"path": "/mof"' "$T/http/requests.jsonl")"

# an advisory's number carries the local year: 00:30 on 1 January in Taipei
GISAC_NOW=2026-12-31T16:30:00Z "$GISAC" advisory publish --title "New year" --severity low --tlp clear --body "x" --cve CVE-2024-3400 --json >"$T/ny.json"
check_eq "local year of the number" "2027" "$(json_get "$T/ny.json" 'd["id"].split("-")[-2]')"
finish
