#!/bin/sh
# test_gov_remind.sh: reminders of obligations before their due date
# (docs/obligation.md, "Reminders"): the notification obligation.due at
# each of the policy's remind_days, once per occurrence and lead time
# however often the pass runs; none for what is done; a late pass sends
# the shortest lead time reached only; new lead times get their own;
# the store records each (occurrence, lead time).
. "$(dirname "$0")/lib.sh"
sql() { db_sql "$1"; }
remind() { GISAC_NOW=$1 "$GISAC" obligation remind; }

GISAC_NOW=2025-03-10T02:00:00Z "$GISAC" agency add --name "Ministry of Finance" --grade C --sector finance mof >/dev/null
"$GISAC" notify add webhook http://127.0.0.1:1/gov --events obligation.due --agency mof >/dev/null
# mof (C) has social-engineering-drill and training due 2026-12-31
check_out "31 days before: none" 0 '{"sent":0}' remind 2026-11-30T02:00:00Z
check_out "30 days before: both" 0 '{"sent":2}' remind 2026-12-01T02:00:00Z
check_out "again: none" 0 '{"sent":0}' remind 2026-12-01T02:00:00Z
check_out "a day later: none" 0 '{"sent":0}' remind 2026-12-02T02:00:00Z
check_eq "queued: one delivery each, its subject" "obligation.due	obligation mof/social-engineering-drill/2026-12-31 due in 30 days
obligation.due	obligation mof/training/2026-12-31 due in 30 days" "$("$GISAC" notify queue | cut -f5,8)"
check_eq "the payload" "mof/training/2026-12-31 due 30 30" \
    "$(sql "SELECT payload FROM notify_outbox WHERE subject LIKE '%training%'" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["obligation"]["id"], d["obligation"]["status"], d["days_left"], d["lead_days"])')"
GISAC_NOW=2026-12-10T02:00:00Z "$GISAC" obligation done --agency mof --kind training >/dev/null
check_out "7 days before: the one not done" 0 '{"sent":1}' remind 2026-12-24T02:00:00Z
check_out "again: none" 0 '{"sent":0}' remind 2026-12-25T02:00:00Z
check_eq "recorded: occurrence and lead time" "social-engineering-drill|2026-12-31|7
social-engineering-drill|2026-12-31|30
training|2026-12-31|30" "$(sql "SELECT kind, due, days FROM obligation_reminder ORDER BY kind, days")"
printf '{"obligations": {"remind_days": [14, 3]}}' >"$T/p.json"
GISAC_NOW=2026-12-25T02:00:00Z "$GISAC" policy set "$T/p.json" >/dev/null
check_out "new lead times: 3 days before, one reminder (14 counted as passed)" 0 '{"sent":1}' remind 2026-12-28T02:00:00Z
check_eq "recorded: 14 and 3 too" "3 7 14 30" "$(sql "SELECT days FROM obligation_reminder WHERE kind = 'social-engineering-drill' ORDER BY days" | paste -sd ' ')"
check_out "overdue: no reminder" 0 '{"sent":0}' remind 2027-01-05T02:00:00Z
check_eq "4 deliveries in all" 4 "$(sql "SELECT count(*) FROM notify_outbox WHERE event = 'obligation.due'")"

finish
