#!/bin/sh
# The real public samples in ../shared/data, end to end through the command
# line: abuse.ch and Spamhaus feeds with no options, MISP events and the
# OASIS STIX examples. Expected counts were checked independently with
# Python's csv, json, ipaddress and urllib modules.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
if ! have_shared; then
    echo "skip: $SHARED/data is absent (the real-sample tests need ../shared)"
    exit 77
fi
D=$SHARED/data

check_status "feeds import" 0 "$GISAC" feed import --json "$D/feeds/feodo-ipblocklist.csv" \
    "$D/feeds/urlhaus.csv" "$D/feeds/spamhaus-drop.txt" "$D/feeds/spamhaus-drop_ipv6.txt" \
    "$D/feeds/spamhaus-drop_v4.json"
check_eq "feed records" 13599 "$(json_get "$T/out" 'd["records"]')"
# 1517 distinct IPv4 networks (the text and NDJSON DROP lists overlap), 51 IPv6
check_eq "feed imported" 12721 "$(json_get "$T/out" 'd["imported"]')"
check_eq "feed duplicates" 878 "$(json_get "$T/out" 'd["duplicates"]')"
check_eq "feed rejected" 0 "$(json_get "$T/out" 'd["rejected"]')"
check_status "stats" 0 "$GISAC" intel stats --json
check_eq "by type" "{'ipv4': 28, 'ipv6': 0, 'cidr': 1568, 'domain': 0, 'url': 11125, 'md5': 0, 'sha1': 0, 'sha256': 0, 'email': 0, 'x509-sha256': 0, 'android-package': 0}" \
    "$(json_get "$T/out" 'd["by_type"]')"
check_eq "by source" "{'feodo-ipblocklist.csv': 28, 'spamhaus-drop.txt': 989, 'spamhaus-drop_ipv6.txt': 51, 'spamhaus-drop_v4.json': 1406, 'urlhaus.csv': 11125}" \
    "$(json_get "$T/out" 'd["by_source"]')"
# Feodo keeps its own first-seen time and the malware family as a label
check_status "feodo search" 0 "$GISAC" intel search --json 192.9.135.73
check_eq "feodo first seen" "2023-05-23T17:51:44Z" "$(json_get "$T/out" 'd["hits"][0]["indicator"]["first_seen"]')"
check_eq "feodo label" "['Pikabot']" "$(json_get "$T/out" 'd["hits"][0]["indicator"]["labels"]')"
# an address inside a DROP network
check_status "drop covering" 0 "$GISAC" intel search 1.10.16.77
check_grep "drop cidr" "covering-cidr	cidr	1.10.16.0/20	active" "$T/out"
check_status "re-import" 0 "$GISAC" feed import --json "$D/feeds/urlhaus.csv"
check_eq "re-import unchanged" 11125 "$(json_get "$T/out" 'd["unchanged"]')"

export GISAC_DB="$T/misp.db"
check_status "misp+stix import" 0 "$GISAC" feed import --json "$D"/misp/*.json "$D"/stix2.1-examples/*.json
check_eq "misp+stix records" 278 "$(json_get "$T/out" 'd["records"]')"
check_eq "misp+stix rejected" 3 "$(json_get "$T/out" 'd["rejected"]')"
check_eq "misp+stix unsupported" 108 "$(json_get "$T/out" 'd["unsupported"]')"
check_eq "misp+stix allowlisted (10.0.0.0 in the OASIS examples)" 3 "$(json_get "$T/out" 'd["allowlisted"]')"
check_grep "reject names the JSON path" 'long_event.json: $.Event.Attribute[0]: bad IPv4 address' "$T/err"
check_status "stats" 0 "$GISAC" intel stats --json
check_eq "context (to_ids false)" 20 "$(json_get "$T/out" 'd["context"]')"
check_eq "active" 241 "$(json_get "$T/out" 'd["active"]')"
# the MISP event tags tlp:white -> clear; its source is the organisation that made it (Orgc)
check_status "misp tlp" 0 "$GISAC" intel list --source CIRCL --json
check_eq "long_event tlp" "{'clear'}" "$(/usr/bin/python3 -c 'import json,sys; print({json.loads(l)["tlp"] for l in open(sys.argv[1])})' "$T/out")"

# --- the real Stratosphere EVE log against a few indicators, checked by an
# independent oracle (Python's json and ipaddress) ---------------------------
export GISAC_DB="$T/eve.db"
printf '122.248.252.67\n122.248.234.0/24\nmyedimax.com\ngoogle.com\n' >"$T/eve-intel.txt"
check_status "eve intel" 0 "$GISAC" feed import --json "$T/eve-intel.txt"
check_eq "google.com is allowlisted" 1 "$(json_get "$T/out" 'd["allowlisted"]')"
check_status "match real eve" 0 "$GISAC" match --threads 2 "$D/eve/stratosphere-test6.eve.json"
/usr/bin/python3 - "$T/out" >"$T/got" <<'PY'
import json, sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    print(d["line"], d["field"], d["indicator"]["value"])
PY
/usr/bin/python3 - "$D/eve/stratosphere-test6.eve.json" >"$T/want" <<'PY'
import ipaddress, json, sys
ips = {ipaddress.ip_address("122.248.252.67")}
nets = [ipaddress.ip_network("122.248.234.0/24")]
doms = ["myedimax.com"]
def addr_hits(v):
    try:
        a = ipaddress.ip_address(v)
    except ValueError:
        return []
    out = [str(a)] if a in ips else []
    return out + [str(n) for n in nets if a in n]
def name_hits(v):
    v = v.lower().rstrip(".")
    return [d for d in doms if v == d or v.endswith("." + d)]
for no, line in enumerate(open(sys.argv[1]), 1):
    e = json.loads(line)
    obs = [("src_ip", "a", e.get("src_ip")), ("dest_ip", "a", e.get("dest_ip"))]
    dns = e.get("dns") or {}
    if "rrname" in dns:
        obs.append(("dns.rrname", "n", dns["rrname"]))
    for q in dns.get("queries") or []:
        obs.append(("dns.queries[].rrname", "n", q.get("rrname")))
    for a in dns.get("answers") or []:
        obs.append(("dns.answers[].rrname", "n", a.get("rrname")))
        t = a.get("rrtype")
        if t in ("A", "AAAA"):
            obs.append(("dns.answers[].rdata", "a", a.get("rdata")))
        elif t in ("CNAME", "PTR", "MX", "NS"):
            obs.append(("dns.answers[].rdata", "n", a.get("rdata")))
    for t, vs in (dns.get("grouped") or {}).items():
        for v in vs:
            if t in ("A", "AAAA"):
                obs.append(("dns.grouped.%s[]" % t, "a", v))
            elif t in ("CNAME", "PTR", "MX", "NS"):
                obs.append(("dns.grouped.%s[]" % t, "n", v))
    if (e.get("tls") or {}).get("sni"):
        obs.append(("tls.sni", "n", e["tls"]["sni"]))
    if (e.get("http") or {}).get("hostname"):
        obs.append(("http.hostname", "n", e["http"]["hostname"]))
    seen = set()
    for field, kind, v in obs:
        if not isinstance(v, str):
            continue
        for hit in (addr_hits(v) if kind == "a" else name_hits(v)):
            if (field, hit) not in seen:
                seen.add((field, hit))
                print(no, field, hit)
PY
check_eq "real EVE sightings equal the oracle's" "$(sort "$T/want")" "$(sort "$T/got")"
check_grep "real EVE summary" "gisac: 5000 lines, 5000 events" "$T/err"
check_eq "real EVE sightings" "$(wc -l <"$T/want" | tr -d ' ')" "$(wc -l <"$T/got" | tr -d ' ')"
finish
