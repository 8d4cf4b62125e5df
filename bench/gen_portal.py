#!/usr/bin/env python3
"""bench/gen_portal.py: the portal benchmark's incidents, filed through the
API as the office would receive them (bench/portal.sh).

usage: gen_portal.py BASE_URL TOKEN N AGENCIES
Files N incidents (POST /api/v1/incidents, one keep-alive connection),
spread over the agencies a0..a{AGENCIES-1}, with every asset class and
impact, awareness times spread over the last 300 days. Deterministic."""
import http.client
import json
import sys
import time
import urllib.parse

base, token, n, agencies = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
u = urllib.parse.urlparse(base)
conn = http.client.HTTPConnection(u.hostname, u.port)
assets = ["non-core", "core", "core-ci", "national-secret"]
impacts = ["none", "minor", "serious"]
avail = ["none", "within-mtd", "beyond-mtd"]
cats = ["malware", "intrusion", "denial-of-service", "malicious-content", "other"]
now = int(time.time())
headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
for i in range(n):
    aware = now - 3600 - (i * 7919) % (300 * 86400)
    body = {
        "agency": "a%d" % (i % agencies),
        "title": "bench incident %d" % i,
        "asset": assets[i % 4],
        "confidentiality": impacts[(i // 4) % 3],
        "integrity": impacts[(i // 12) % 3],
        "availability": "none" if i % 4 == 3 else avail[(i // 36) % 3],
        "category": cats[i % 5],
        "aware_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(aware)),
    }
    conn.request("POST", "/api/v1/incidents", json.dumps(body), headers)
    r = conn.getresponse()
    data = r.read()
    if r.status != 201:
        sys.exit("incident %d: %d %s" % (i, r.status, data[:200]))
    if i % 10000 == 9999:
        print("  %d incidents" % (i + 1), file=sys.stderr)
