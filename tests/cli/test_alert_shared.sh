#!/bin/sh
# The Done-when test of monitoring notices: the real Stratosphere EVE log
# (../shared/data/eve) replayed with the default policy for an agency whose
# network (192.168.1.0/24, the internal hosts of that capture) is declared,
# against the Spamhaus DROP list and a few C2 values. An independent oracle
# (Python's json and ipaddress, over the sightings `gisac match` prints)
# gives each sighting's direction and internal hosts: outbound sightings
# become alerts with their events and hosts, inbound ones do not; no
# incident and no deadline exist until an alert is confirmed; confirming
# one files an incident with its awareness time and the alert linked.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
if ! have_shared || [ ! -f "$SHARED/data/eve/stratosphere-test6.eve.json" ]; then
    echo "skip: $SHARED/data is absent (the real-sample tests need ../shared)"
    exit 77
fi
command -v sqlite3 >/dev/null || { echo "skip: no sqlite3 (scripts/deps.sh installs it)"; exit 77; }
EVE=$SHARED/data/eve/stratosphere-test6.eve.json
export GISAC_NOW=2026-11-24T00:00:00Z
PY=/usr/bin/python3
sql() { db_sql "$1"; }

printf '122.248.252.67\n122.248.234.0/24\nmyedimax.com\n' >"$T/c2.txt"
check_status "c2 values" 0 "$GISAC" feed import --source c2 --tlp green --confidence 80 "$T/c2.txt"
check_status "spamhaus drop" 0 "$GISAC" feed import --source drop --tlp green --confidence 80 "$SHARED/data/feeds/spamhaus-drop.txt"
check_status "agency" 0 "$GISAC" agency add lab --name "Stratosphere lab" --grade C --networks 192.168.1.0/24

# what the matcher sees (one line per field and indicator of an event)
check_status "match" 0 "$GISAC" match --threads 2 "$EVE"
cp "$T/out" "$T/hits.jsonl"
# the oracle: directions and internal hosts from the addresses alone
$PY - "$T/hits.jsonl" >"$T/expect" <<'PY'
import ipaddress, json, sys
net = ipaddress.ip_network("192.168.1.0/24")
def internal(a):
    try:
        return ipaddress.ip_address(a) in net
    except ValueError:
        return False
rows = {}
for l in open(sys.argv[1]):
    h = json.loads(l)
    src, dst = h.get("src_ip", ""), h.get("dest_ip", "")
    ind = h["indicator"]["type"] + ":" + h["indicator"]["value"]
    if not src and not dst:
        d = "unknown"
    elif h.get("event_type") == "dns":
        d = "outbound" if internal(src) or internal(dst) else "inbound"
    else:
        d = "outbound" if internal(src) and h["value"] != src else "inbound"
    hosts = [str(ipaddress.ip_address(a)) for a in (src, dst) if internal(a)]
    r = rows.setdefault((ind, d), [0, set()])
    r[0] += 1
    r[1].update(hosts)
for (ind, d), (n, hosts) in sorted(rows.items()):
    print("%s|%s|%d|%s" % (ind, d, n, ",".join(sorted(hosts))))
PY
check_eq "the oracle sees both directions" "1 1" \
    "$(grep -c '|outbound|' "$T/expect" | sed 's/^[1-9][0-9]*$/1/') $(grep -c '|inbound|' "$T/expect" | sed 's/^[1-9][0-9]*$/1/')"

check_status "record" 0 "$GISAC" match --record --threads 2 --agency lab "$EVE"
# the sightings by direction, as recorded
sql "SELECT i.type || ':' || i.value, d.direction, d.count, d.hosts FROM sighting_detail d JOIN indicator i ON i.id = d.indicator_id" |
    $PY -c '
import json, sys
for l in sys.stdin:
    ind, d, n, hosts = l.rstrip("\n").split("|")
    print("%s|%s|%s|%s" % (ind, d, n, ",".join(sorted(json.loads(hosts)))))' | sort >"$T/got"
check_eq "every sighting with its direction, count and hosts" "$(cat "$T/expect")" "$(cat "$T/got")"

# the alerts: exactly the outbound ones, with their counts and hosts
grep '|outbound|' "$T/expect" | cut -d'|' -f1,3,4 | sort >"$T/expect.alerts"
sql "SELECT i.type || ':' || i.value, a.count, a.hosts, a.direction, a.status FROM alert a JOIN indicator i ON i.id = a.indicator_id" |
    $PY -c '
import json, sys
for l in sys.stdin:
    ind, n, hosts, d, st = l.rstrip("\n").split("|")
    assert d == "outbound" and st == "open", l
    print("%s|%s|%s" % (ind, n, ",".join(sorted(json.loads(hosts)))))' | sort >"$T/got.alerts"
check_eq "outbound sightings became alerts, inbound ones did not" "$(cat "$T/expect.alerts")" "$(cat "$T/got.alerts")"
check_eq "inbound scanners counted, not alerted" 1 \
    "$([ "$(sql "SELECT count(*) FROM sighting_detail WHERE direction = 'inbound'")" -ge 2 ] && echo 1)"
check_eq "no incident, no deadline" "0 0" "$(sql 'SELECT count(*) FROM incident') $(sql 'SELECT count(*) FROM incident_breach')"
check_eq "the light counts no incident" "0" "$("$GISAC" status --json >"$T/st.json" && json_get "$T/st.json" 'd["figures"]["open"]')"
check_eq "the alerts in the status" "$(wc -l <"$T/expect.alerts" | tr -d ' ')" "$(json_get "$T/st.json" 'd["alerts"]["open"]')"

# each alert keeps its events verbatim: lines of the log, at most 50 first and 50 last
A1=$(sql "SELECT ref FROM alert ORDER BY count DESC, ref LIMIT 1")
check_status "show" 0 "$GISAC" alert show "$A1" --json
$PY - "$T/out" "$EVE" >"$T/ev" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
log = set(l.rstrip("\n") for l in open(sys.argv[2]))
ev = d["events"]["first"] + d["events"]["last"]
print(len(d["events"]["first"]) <= 50, len(d["events"]["last"]) <= 50, len(ev) > 0,
      all(e["line"] in log for e in ev), d["hosts"] != [])
PY
check_eq "events verbatim from the log, bounded" "True True True True True" "$(cat "$T/ev")"

# confirmed: an incident with its awareness time, the alert linked
GISAC_NOW=2026-11-24T03:00:00Z check_status "confirm" 0 "$GISAC" alert confirm "$A1" --aware-at 2026-11-24T10:15:00
check_grep "filed" "confirmed $A1: incident INC-2026-000001" "$T/out"
check_eq "the incident" "lab 2026-11-24T02:15:00Z alert:$A1 reported" \
    "$("$GISAC" incident show INC-2026-000001 --json >"$T/inc.json" && json_get "$T/inc.json" '" ".join((d["agency"], d["aware_at"], d["origin"], d["status"]))')"
check_eq "the alert linked" "alert|$A1" "$(sql "SELECT kind, target FROM incident_link")"
check_eq "one incident, its deadlines from then" "1" "$(sql 'SELECT count(*) FROM incident')"
finish
