#!/bin/sh
# Notifications over loopback: a webhook receiver that fails the first
# requests and an SMTP receiver that refuses the first message
# (tests/cli/notify_receiver.py). GISAC_NOW steps past each back-off:
# retries happen exactly when due, nothing is lost, the HMAC verifies,
# the e-mail is a proper RFC 5322 message, the log is exact.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
need_python
export GISAC_NOW=2026-11-24T00:00:00Z GISAC_PWHASH_FAST=1
PIDS=""
trap stop_all EXIT

# deliver TIME: one pass at that time
deliver() {
    GISAC_NOW=$1 "$GISAC" notify deliver 2>&1
}

# --- help and usage -------------------------------------------------------------
check_status "notify --help" 0 "$GISAC" notify --help
check_grep "notify --help" "usage: gisac notify COMMAND" "$T/out"
check_status "notify alone" 2 "$GISAC" notify
check_status "notify frobnicate" 2 "$GISAC" notify frobnicate
check_grep "notify frobnicate" "unknown notify command 'frobnicate'" "$T/err"
check_status "gisac --help lists notify" 0 "$GISAC" --help
check_grep "gisac --help" "notify add|list|remove" "$T/out"
# a SQLite file that is not there (a PostgreSQL test's database is)
if [ -z "${GISAC_TEST_PG:-}" ]; then
    check_out "list without a database" 2 "gisac: $GISAC_DB: no such database (give --db PATH)" \
        "$GISAC" notify list
fi

"$GISAC" agency add moda --name "Ministry of Digital Affairs" --grade A >/dev/null
check_out "ftp webhook" 2 "gisac: webhook URL 'ftp://127.0.0.1/x': use a http:// or https:// URL" \
    "$GISAC" notify add webhook ftp://127.0.0.1/x
check_out "unknown event" 2 "gisac: unknown event 'incident.nope': use incident.new, incident.level, incident.deadline_at_risk, incident.breach, alert.opened, alert.released, advisory.published, audit.checkpoint, vuln.affected, obligation.due or *" \
    "$GISAC" notify add email soc@example.org --events incident.nope
check_out "unknown agency" 2 "gisac: agency mohw does not exist" \
    "$GISAC" notify add email soc@example.org --agency mohw
check_out "secret for e-mail" 2 "gisac: --secret-file is for webhooks
gisac: try 'gisac notify --help'" "$GISAC" notify add email soc@example.org --secret-file /dev/null
check_out "empty secret file" 2 "gisac: --secret-file: /dev/null: the first line is empty" \
    "$GISAC" notify add webhook http://127.0.0.1/x --secret-file /dev/null
check_out "no subscriptions" 1 "" "$GISAC" notify list
check_out "no smtp" 1 "gisac: no SMTP server is set (gisac notify smtp --url URL --from ADDRESS)" \
    "$GISAC" notify smtp
check_out "nothing due" 1 "nothing due" "$GISAC" notify deliver
check_out "empty log" 1 "" "$GISAC" notify log

# --- subscriptions ----------------------------------------------------------------
start_receiver http "$T/http" 2
start_receiver smtp "$T/smtp" 1
HP=$(cat "$T/http/port")
SP=$(cat "$T/smtp/port")
[ -n "$HP" ] && [ -n "$SP" ] || { fail "receivers did not start"; finish; }
printf 'hook-secret\nsecond line is ignored\n' >"$T/secret"
check_out "add webhook" 0 "added subscription 1" \
    "$GISAC" notify add webhook "http://127.0.0.1:$HP/hook?team=soc" --secret-file "$T/secret"
check_out "add email" 0 "added subscription 2" \
    "$GISAC" notify add email soc@moda.example.org --events incident.new,incident.breach --agency moda
check_out "add breach-only" 0 "added subscription 3" \
    "$GISAC" notify add webhook "http://127.0.0.1:$HP/breach" --events incident.breach
check_out "list" 0 "1	webhook	http://127.0.0.1:$HP/hook?team=soc	*	-	signed	-
2	email	soc@moda.example.org	incident.breach,incident.new	moda	-	-
3	webhook	http://127.0.0.1:$HP/breach	incident.breach	-	unsigned	-" "$GISAC" notify list
check_out "smtp set" 0 "SMTP server smtp://127.0.0.1:$SP, sender gisac@cert.example.org" \
    "$GISAC" notify smtp --url "smtp://127.0.0.1:$SP" --from gisac@cert.example.org
check_out "smtp show" 0 "url	smtp://127.0.0.1:$SP
from	gisac@cert.example.org
user	-
password	-" "$GISAC" notify smtp
check_out "config show" 0 "max-attempts	10
backoff-cap	3600" "$GISAC" notify config
check_out "config set" 0 "max-attempts	4
backoff-cap	3600" "$GISAC" notify config --max-attempts 4

# --- one event, retried until delivered ---------------------------------------------
check_out "queue an event" 0 "queued 2 deliveries of incident.new" \
    "$GISAC" notify test incident.new --agency moda
check_eq "00:00:00: both fail" "2 due: 0 sent, 2 to retry, 0 failed" "$(deliver 2026-11-24T00:00:00Z)"
check_eq "00:00:29: not yet" "nothing due" "$(deliver 2026-11-24T00:00:29Z)"
check_eq "00:00:30: mail goes" "2 due: 1 sent, 1 to retry, 0 failed" "$(deliver 2026-11-24T00:00:30Z)"
check_eq "00:01:29: not yet" "nothing due" "$(deliver 2026-11-24T00:01:29Z)"
check_eq "00:01:30: hook goes" "1 due: 1 sent, 0 to retry, 0 failed" "$(deliver 2026-11-24T00:01:30Z)"
check_eq "00:10:00: all done" "nothing due" "$(deliver 2026-11-24T00:10:00Z)"
check_out "queue" 0 "1	sent	3	-	incident.new	webhook	http://127.0.0.1:$HP/hook?team=soc	gisac test notification: incident.new
2	sent	2	-	incident.new	email	soc@moda.example.org	gisac test notification: incident.new" \
    sh -c '"$1" notify queue | cut -f1-8' - "$GISAC"
# the references receivers see: 32 hex digits, one per delivery, not the row numbers
R1=$("$GISAC" notify queue | sed -n 1p | cut -f9)
R2=$("$GISAC" notify queue | sed -n 2p | cut -f9)
check_eq "references" "ok" "$(printf '%s\n%s\n' "$R1" "$R2" | grep -cxE '[0-9a-f]{32}' | sed 's/^2$/ok/')"
check_eq "references differ" "1" "$([ "$R1" != "$R2" ] && echo 1)"
check_out "log" 0 "2026-11-24T08:00:00+08:00	1	1	incident.new	webhook	http://127.0.0.1:$HP/hook?team=soc	error	500	HTTP 500
2026-11-24T08:00:00+08:00	2	1	incident.new	email	soc@moda.example.org	error	451	MAIL failed: 451
2026-11-24T08:00:30+08:00	1	2	incident.new	webhook	http://127.0.0.1:$HP/hook?team=soc	error	500	HTTP 500
2026-11-24T08:00:30+08:00	2	2	incident.new	email	soc@moda.example.org	ok	250	-
2026-11-24T08:01:30+08:00	1	3	incident.new	webhook	http://127.0.0.1:$HP/hook?team=soc	ok	200	-" \
    "$GISAC" notify log
check_out "log --failed" 1 "" "$GISAC" notify log --failed

# what the webhook receiver saw: the same delivery three times, signed
"$PY" - "$T/http/requests.jsonl" >"$T/hook.txt" 2>&1 <<'PYEOF'
import hashlib, hmac, json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    h = r["headers"]
    mac = "sha256=" + hmac.new(b"hook-secret", r["body"].encode(), hashlib.sha256).hexdigest()
    b = json.loads(r["body"])
    print(r["n"], r["status"], r["method"], r["path"], h["content-type"], h["x-gisac-event"],
          h["x-gisac-delivery"], "hmac-ok" if h.get("x-gisac-signature") == mac else "hmac-BAD",
          b["id"], b["event"], b["agency"], b["created"], json.dumps(b["data"], sort_keys=True))
PYEOF
check_eq "webhook requests" "1 500 POST /hook?team=soc application/json incident.new $R1 hmac-ok $R1 incident.new moda 2026-11-24T00:00:00Z {\"agency\": \"moda\", \"event\": \"incident.new\", \"test\": true}
2 500 POST /hook?team=soc application/json incident.new $R1 hmac-ok $R1 incident.new moda 2026-11-24T00:00:00Z {\"agency\": \"moda\", \"event\": \"incident.new\", \"test\": true}
3 200 POST /hook?team=soc application/json incident.new $R1 hmac-ok $R1 incident.new moda 2026-11-24T00:00:00Z {\"agency\": \"moda\", \"event\": \"incident.new\", \"test\": true}" "$(cat "$T/hook.txt")"

# what the SMTP receiver saw: one refusal, then the message
"$PY" - "$T/smtp/requests.jsonl" >"$T/mail.txt" 2>&1 <<'PYEOF'
import email, email.policy, json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    print(r["n"], r["status"], r["mail_from"], ",".join(r["rcpt_to"]))
    if r["data"]:
        m = email.message_from_string(r["data"], policy=email.policy.default)
        for k in ("Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type",
                  "Content-Transfer-Encoding", "X-Gisac-Event", "X-Gisac-Delivery"):
            print(k + ": " + str(m[k]))
        print(m.get_content().replace("\r\n", "\n"), end="")
        print("lines <= 78:", all(len(l) <= 78 for l in r["data"].split("\r\n")))
PYEOF
check_eq "mail" "1 451 <gisac@cert.example.org> 
2 250 <gisac@cert.example.org> <soc@moda.example.org>
Date: Tue, 24 Nov 2026 00:00:30 +0000
From: gisac@cert.example.org
To: soc@moda.example.org
Subject: gisac test notification: incident.new
Message-ID: <gisac.$R2@cert.example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset=\"utf-8\"
Content-Transfer-Encoding: base64
X-Gisac-Event: incident.new
X-Gisac-Delivery: $R2
gisac test notification: incident.new

機關：moda
時間：2026-11-24T08:00:00+08:00

-- 
gisac incident.new
lines <= 78: True" "$(cat "$T/mail.txt")"

# --- a UTF-8 subject (RFC 2047) and event filters -------------------------------------
SUBJ='第四級資安事件：核心系統停擺，請於一小時內通報 (level 4)'
check_out "breach" 0 "queued 3 deliveries of incident.breach" \
    "$GISAC" notify test incident.breach --agency moda --subject "$SUBJ"
check_out "level: hook only" 0 "queued 1 delivery of incident.level" \
    "$GISAC" notify test incident.level
check_eq "deliver all" "4 due: 4 sent, 0 to retry, 0 failed" "$(deliver 2026-11-24T01:00:00Z)"
"$PY" - "$T/smtp/requests.jsonl" "$SUBJ" >"$T/subj.txt" 2>&1 <<'PYEOF'
import email, email.policy, json, sys
r = [json.loads(l) for l in open(sys.argv[1])][-1]
raw = r["data"].split("\r\n\r\n")[0]
m = email.message_from_string(r["data"], policy=email.policy.default)
print("decoded:", str(m["Subject"]) == sys.argv[2])
print("encoded:", "=?UTF-8?B?" in raw)
print("header lines <= 76:", all(len(l) <= 76 for l in raw.split("\r\n")))
print("ascii only:", all(ord(c) < 128 for c in r["data"]))
PYEOF
check_eq "UTF-8 subject" "decoded: True
encoded: True
header lines <= 76: True
ascii only: True" "$(cat "$T/subj.txt")"
R5=$("$GISAC" notify queue | awk -F'\t' '$1 == 5 { print $9 }')
check_eq "breach webhook got it" "/breach $R5" \
    "$(grep '"/breach"' "$T/http/requests.jsonl" | json_get /dev/stdin 'd["path"]+" "+d["headers"]["x-gisac-delivery"]')"

# --- giving up, redirects, removal ------------------------------------------------------
check_out "add redirecting hook" 0 "added subscription 4" \
    "$GISAC" notify add webhook "http://127.0.0.1:$HP/redirect" --events incident.deadline_at_risk
check_out "add dead hook" 0 "added subscription 5" \
    "$GISAC" notify add webhook "http://127.0.0.1:1/dead" --events incident.deadline_at_risk
check_out "at risk" 0 "queued 3 deliveries of incident.deadline_at_risk" \
    "$GISAC" notify test incident.deadline_at_risk
check_eq "try 1" "3 due: 1 sent, 2 to retry, 0 failed" "$(deliver 2026-11-24T02:00:00Z)"
check_eq "try 2" "2 due: 0 sent, 2 to retry, 0 failed" "$(deliver 2026-11-24T02:00:30Z)"
check_eq "try 3" "2 due: 0 sent, 2 to retry, 0 failed" "$(deliver 2026-11-24T02:01:30Z)"
check_eq "not yet" "nothing due" "$(deliver 2026-11-24T02:03:29Z)"
check_eq "try 4: give up" "2 due: 0 sent, 0 to retry, 2 failed" "$(deliver 2026-11-24T02:03:30Z)"
check_eq "never again" "nothing due" "$(deliver 2026-11-25T00:00:00Z)"
check_eq "redirects answered" "4" "$(grep -c '"path": "/redirect"' "$T/http/requests.jsonl")"
# /hook: 3 for the first event, 1 each for breach, level and at-risk; a
# followed redirect would have added 4 more
check_eq "redirect not followed" "6" "$(grep -c '"path": "/hook?team=soc"' "$T/http/requests.jsonl")"
check_status "log --failed" 0 "$GISAC" notify log --failed
sed "s/	Failed to connect to 127.0.0.1 port 1 after [0-9]* ms: .*/	REFUSED/" "$T/out" >"$T/failed"
check_eq "failed log" "2026-11-24T10:00:00+08:00	8	1	incident.deadline_at_risk	webhook	http://127.0.0.1:$HP/redirect	error	302	HTTP 302
2026-11-24T10:00:00+08:00	9	1	incident.deadline_at_risk	webhook	http://127.0.0.1:1/dead	error	-	REFUSED
2026-11-24T10:00:30+08:00	8	2	incident.deadline_at_risk	webhook	http://127.0.0.1:$HP/redirect	error	302	HTTP 302
2026-11-24T10:00:30+08:00	9	2	incident.deadline_at_risk	webhook	http://127.0.0.1:1/dead	error	-	REFUSED
2026-11-24T10:01:30+08:00	8	3	incident.deadline_at_risk	webhook	http://127.0.0.1:$HP/redirect	error	302	HTTP 302
2026-11-24T10:01:30+08:00	9	3	incident.deadline_at_risk	webhook	http://127.0.0.1:1/dead	error	-	REFUSED
2026-11-24T10:03:30+08:00	8	4	incident.deadline_at_risk	webhook	http://127.0.0.1:$HP/redirect	error	302	HTTP 302
2026-11-24T10:03:30+08:00	9	4	incident.deadline_at_risk	webhook	http://127.0.0.1:1/dead	error	-	REFUSED" "$(cat "$T/failed")"
check_status "queue --status failed" 0 "$GISAC" notify queue --status failed
check_eq "failed deliveries kept" "8 9" "$(cut -f1 "$T/out" | tr '\n' ' ' | sed 's/ $//')"

check_out "queue for removal" 0 "queued 1 delivery of incident.level" "$GISAC" notify test incident.level
check_out "remove" 0 "removed subscription 1 (1 pending delivery cancelled)" "$GISAC" notify remove 1
check_out "remove again" 1 "gisac: subscription 1: not found" "$GISAC" notify remove 1
check_status "cancelled" 0 "$GISAC" notify queue --status cancelled
check_eq "cancelled delivery" "10	cancelled	0" "$(cut -f1-3 "$T/out")"
check_eq "nothing left" "nothing due" "$(deliver 2026-11-26T00:00:00Z)"

# --- every write is in the audit log; no secret is --------------------------------------
check_status "audit" 0 "$GISAC" audit list --action notify.
# rounds N: the audit actions of N deliveries, each a claim and then the delivery
rounds() {
    n=0
    while [ "$n" -lt "$1" ]; do
        printf 'notify.claim -\nnotify.deliver -\n'
        n=$((n + 1))
    done
}
check_eq "audit actions" "notify.add sub:1
notify.add sub:2
notify.add sub:3
notify.smtp -
notify.config -
notify.enqueue incident.new
$(rounds 3)
notify.enqueue incident.breach
notify.enqueue incident.level
$(rounds 1)
notify.add sub:4
notify.add sub:5
notify.enqueue incident.deadline_at_risk
$(rounds 4)
notify.enqueue incident.level
notify.remove sub:1" "$(cut -f4,5 "$T/out" | tr '\t' ' ')"
check_nogrep "no secret in the audit log" "hook-secret" "$T/out"
check_nogrep "no webhook path in the audit log" "team=soc" "$T/out"
check_status "audit verify" 0 "$GISAC" audit verify

finish
