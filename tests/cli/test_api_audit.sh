#!/bin/sh
# GET /api/v1/audit (the web portal's audit page) and PUT /api/v1/policy:
# administrators only (403 for an analyst, with the app's message); the
# entries exactly as "gisac audit list --json" writes them, filtered by
# actor, action (a prefix with '.'), object and time, a page at a time by
# the cursor; the first page's verification as "gisac audit verify" finds
# it, intact and then broken (an entry edited with sqlite3); a policy
# installed as the next version, unchanged when the same, and its errors
# naming the JSON path.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_PWHASH_FAST=1 GISAC_NOW=2026-11-24T00:00:00Z
command -v curl >/dev/null || { echo "curl not installed: skipped"; exit 77; }
command -v sqlite3 >/dev/null || { echo "skip: no sqlite3"; exit 77; }
need_python
SRV_PID=
trap 'serve_stop; rm -rf "$T"' EXIT
ME=$(id -un 2>/dev/null || echo "$USER")

check_status "agency" 0 "$GISAC" agency add moda --name "數位發展部" --grade A
echo 'analyst password 01' >"$T/pw"
check_status "analyst" 0 "$GISAC" user add ann --role analyst <"$T/pw"
echo 'office head password 01' >"$T/pw"
check_status "admin" 0 "$GISAC" user add boss --role admin <"$T/pw"
make_tokens ann boss
serve_start "$T/server.log" --threads 2
A=http://127.0.0.1:$PORT/api/v1

# jq-less JSON: EXPR over the answer d (python)
ans() { json_get "$T/resp" "$1"; }
page() { ans '[(e["seq"], e["actor"], e["action"], e["object"]) for e in d["entries"]]'; }

# --- who -------------------------------------------------------------------------
check_eq "analyst: 403" 403 "$(get ann /audit)"
check_eq "analyst: the app's message" "forbidden: the role analyst may not do this" "$(ans 'd["error"]["code"]+": "+d["error"]["message"]')"
check_eq "no credentials: 401" 401 "$(curl -s -o /dev/null -w '%{http_code}' "$A/audit")"

# --- a page, exact ----------------------------------------------------------------
check_eq "first page" 200 "$(get boss '/audit?limit=2')"
check_eq "first page: exact JSON" "[{'seq': 1, 'ts': '2026-11-24T00:00:00Z', 'actor': 'cli:$ME', 'action': 'agency.add', 'object': 'moda', 'detail': {'name': '數位發展部', 'grade': 'A', 'sector': None, 'parent': None}}, {'seq': 2, 'ts': '2026-11-24T00:00:00Z', 'actor': 'cli:$ME', 'action': 'user.add', 'object': 'ann', 'detail': {'role': 'analyst', 'agency': None}}]" \
    "$(ans '[{k: v for k, v in e.items() if k != "hash"} for e in d["entries"]]')"
"$GISAC" audit list --json >"$T/cli.json"
check_eq "the hashes of gisac audit list --json" "$(head -2 "$T/cli.json" | "$PY" -c 'import json,sys; print([json.loads(l)["hash"] for l in sys.stdin])')" "$(ans '[e["hash"] for e in d["entries"]]')"
check_eq "next" "2" "$(ans 'd["next"]')"
check_eq "verification: intact" "{'intact': True, 'entries': 6, 'head': {'seq': 6}, 'problem': None, 'checkpoints': 0, 'latest_checkpoint': None, 'after_checkpoint': 0}" \
    "$(ans 'dict(d["verification"], head={"seq": d["verification"]["head"]["seq"]})')"
check_eq "verification head as gisac audit head" "$("$GISAC" audit head)" "$(ans 'str(d["verification"]["head"]["seq"])+":"+d["verification"]["head"]["hash"]')"
check_eq "next page" 200 "$(get boss '/audit?limit=2&cursor=2')"
check_eq "next page: entries 3 and 4, no verification" "[(3, 'cli:$ME', 'user.add', 'boss'), (4, 'cli:$ME', 'token.create', '$(cut -c7-22 "$T/tok.ann")')] False" "$(ans 'str([(e["seq"], e["actor"], e["action"], e["object"]) for e in d["entries"]]) + " " + str("verification" in d)')"
check_eq "last page" 200 "$(get boss '/audit?limit=2&cursor=4')"
check_eq "last page: next null" "[5, 6] None" "$(ans 'str([e["seq"] for e in d["entries"]]) + " " + str(d["next"])')"

# --- filters ------------------------------------------------------------------------
check_eq "action prefix" 200 "$(get boss '/audit?action=user.')"
check_eq "action prefix: the user entries" "[(2, 'cli:$ME', 'user.add', 'ann'), (3, 'cli:$ME', 'user.add', 'boss')]" "$(page)"
check_eq "object part" 200 "$(get boss '/audit?object=mod')"
check_eq "object part: moda" "[(1, 'cli:$ME', 'agency.add', 'moda')]" "$(page)"
check_eq "actor" 200 "$(get boss '/audit?actor=system')"
check_eq "actor: system" "[(6, 'system', 'allowlist.seed', None)]" "$(ans '[(e["seq"], e["actor"], e["action"], e["object"]) for e in d["entries"]]')"
check_eq "local times: since" 200 "$(get boss '/audit?since=2026-11-24T08:00:01')"
check_eq "since after every entry: none" "[] None" "$(ans 'str(d["entries"]) + " " + str(d["next"])')"
check_eq "until before every entry" 200 "$(get boss '/audit?until=2026-11-24T08:00:00%2B08:00')"
check_eq "until: none" "[]" "$(ans 'd["entries"]')"
check_eq "until before since" 422 "$(get boss '/audit?since=2026-11-25&until=2026-11-24')"
check_eq "until before since: message" "invalid: query parameter 'until': must be later than since" "$(ans 'd["error"]["code"]+": "+d["error"]["message"]')"
check_eq "bad since" 400 "$(get boss '/audit?since=yesterday')"
check_eq "bad since: message" "query parameter 'since' must be a time such as 2026-11-24T08:00:00Z" "$(ans 'd["error"]["message"]')"
check_eq "bad cursor" 400 "$(get boss '/audit?cursor=x1')"
check_eq "bad cursor: message" "query parameter 'cursor' must be the 'next' of the page before" "$(ans 'd["error"]["message"]')"
check_eq "limit over 1000" 400 "$(get boss '/audit?limit=1001')"

# --- PUT /policy ------------------------------------------------------------------------
put() { curl -s -o "$T/resp" -w '%{http_code}' -X PUT -H "Authorization: Bearer $(cat "$T/tok.$1")" -H 'Content-Type: application/json' --data-binary "$2" "$A/policy"; }
check_eq "policy: analyst 403" 403 "$(put ann '{"major_level":4}')"
check_eq "policy: a bad value" 422 "$(put boss '{"deadlines":{"review":{"3":"soon"}}}')"
check_eq "policy: the error names the path" "invalid: policy: \$.deadlines.review.3: duration 'soon': expected NUMBER UNIT groups, units mo, w, d, h, m, s (e.g. 1h30m)" "$(ans 'd["error"]["code"]+": "+d["error"]["message"]')"
check_eq "policy: an unknown member" 422 "$(put boss '{"major":4}')"
check_eq "policy: installed" 200 "$(put boss '{"major_level":4,"deadlines":{"review":{"3":"3h"}}}')"
check_eq "policy: version 2, changed" "{'version': 2, 'changed': True}" "$(ans 'd')"
check_eq "policy: the same again" 200 "$(put boss '{"major_level":4,"deadlines":{"review":{"3":"3h"}}}')"
check_eq "policy: unchanged" "{'version': 2, 'changed': False}" "$(ans 'd')"
check_status "policy show" 0 "$GISAC" policy show --json
check_eq "policy: stored" "2 4 3h" "$(json_get "$T/out" 'str(d["version"])+" "+str(d["major_level"])+" "+d["deadlines"]["review"]["3"]')"
check_eq "policy: audited" 200 "$(get boss '/audit?action=policy.set')"
check_eq "policy: audited as the admin" "[(7, 'user:boss', 'policy.set', 'policy/1'), (8, 'user:boss', 'policy.set', 'policy/2')]" "$(page)"

# --- a broken chain is an answer, not an error ------------------------------------------
db_sql "UPDATE audit_log SET actor = 'cli:mallory' WHERE seq = 2" || fail "tamper"
check_eq "broken: 200" 200 "$(get boss '/audit?limit=1')"
check_status "gisac audit verify" 2 "$GISAC" audit verify
check_eq "broken: problem as gisac audit verify says" "False 2 gisac: $(ans 'd["verification"]["problem"]["message"]')" \
    "$(ans 'str(d["verification"]["intact"]) + " " + str(d["verification"]["problem"]["seq"])') $(cat "$T/err")"
finish
