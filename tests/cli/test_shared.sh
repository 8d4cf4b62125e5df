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
check_eq "by type" "{'ipv4': 28, 'ipv6': 0, 'cidr': 1568, 'domain': 0, 'url': 11125, 'md5': 0, 'sha1': 0, 'sha256': 0, 'email': 0}" \
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
# the MISP event tags tlp:white -> clear
check_status "misp tlp" 0 "$GISAC" intel list --source long_event.json --json
check_eq "long_event tlp" "{'clear'}" "$(/usr/bin/python3 -c 'import json,sys; print({json.loads(l)["tlp"] for l in open(sys.argv[1])})' "$T/out")"
finish
