#!/usr/bin/python3
"""Walk every page of TAXII collections and check what docs/taxii.md promises.

Usage: taxii_walk.py [--schemas DIR] [--query Q] AUTH_HEADER LIMIT OBJECTS_URL...

Each OBJECTS_URL (".../collections/ID/objects/") is read page by page
(limit=LIMIT, then next=...). Checked on every page: the identity and
marking-definition objects come first, each referred to by an object of
the page; every created_by_ref and object_marking_refs of the page
resolves to an object of the same page; the page holds at most LIMIT
objects, unless it holds one object of the collection; X-TAXII headers and
"more"/"next" agree. Across a collection: each (id, modified) once.
Across all of them: every object_refs of a report names an object of one
of the collections walked (a vulnerability on the same page or before).
With --schemas, each page's objects validate against the OASIS schemas
(scripts/stix_validate.py).

Prints one line a page: "COLLECTION#PAGE: type:name ..." (refs shown as
"+identity:NAME" and "+TLP:X"), then "ok". Exit 1 with "FAIL: ..." lines
when a check fails.
"""
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REFS = ("identity", "marking-definition")


def get(url, auth):
    req = urllib.request.Request(url, headers={
        "Accept": "application/taxii+json;version=2.1", auth.split(":", 1)[0]:
        auth.split(":", 1)[1].strip()})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.load(r), r.headers


def word(o):
    if o["type"] == "identity":
        return "+identity:" + o["name"]
    if o["type"] == "marking-definition":
        return "+" + o["name"]
    return o["type"] + ":" + o.get("name", o["id"])


def main(argv):
    schemas, query = None, ""
    while argv and argv[0].startswith("--"):
        if argv[0] == "--schemas":
            schemas = argv[1]
        elif argv[0] == "--query":
            query = "&" + argv[1]
        argv = argv[2:]
    auth, limit, urls = argv[0], int(argv[1]), argv[2:]
    fails = []
    seen_ids = set()
    report_refs = []  # (report id, ref, ids seen so far in its collection)
    for ci, base in enumerate(urls):
        versions = set()
        so_far = set()
        nxt, n = None, 0
        while True:
            n += 1
            url = base + "?limit=%d%s" % (limit, query)
            if nxt:
                url += "&next=" + urllib.parse.quote(nxt)
            d, h = get(url, auth)
            objs = d.get("objects", [])
            where = "%d#%d" % (ci + 1, n)
            ids = {o["id"] for o in objs}
            primary = [o for o in objs if o["type"] not in REFS]
            k = 0
            while k < len(objs) and objs[k]["type"] in REFS:
                k += 1
            if any(o["type"] in REFS for o in objs[k:]):
                fails.append(where + ": a referred object after the page's objects")
            for r in objs[:k]:
                if not any(o.get("created_by_ref") == r["id"] or
                           r["id"] in o.get("object_marking_refs", []) for o in primary):
                    fails.append(where + ": %s on the page, nothing refers to it" % r["id"])
            for o in primary:
                for ref in [o.get("created_by_ref")] + o.get("object_marking_refs", []):
                    if ref not in ids:
                        fails.append(where + ": %s: %s not on the page" % (o["id"], ref))
                v = (o["id"], o["modified"])
                if v in versions:
                    fails.append(where + ": %s@%s twice in the collection" % v)
                versions.add(v)
                so_far.add(o["id"])
                seen_ids.add(o["id"])
                for ref in o.get("object_refs", []) if o["type"] == "report" else []:
                    report_refs.append((o["id"], ref, set(so_far)))
            if len(objs) > limit and len(primary) > 1:
                fails.append(where + ": %d objects, limit %d" % (len(objs), limit))
            if primary and not h.get("X-TAXII-Date-Added-First"):
                fails.append(where + ": no X-TAXII-Date-Added-First")
            if d["more"] != ("next" in d):
                fails.append(where + ": more and next disagree")
            if schemas and objs:
                with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
                    json.dump({"type": "bundle", "id": "bundle--8a4a6f26-1a2b-4c3d-8e4f-5a6b7c8d9e0f",
                               "objects": objs}, f)
                p = subprocess.run(["/usr/bin/python3", os.path.join(SRC, "scripts/stix_validate.py"),
                                    schemas, f.name], stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT)
                os.unlink(f.name)
                if p.returncode:
                    fails.append(where + ": schema: " + p.stdout.decode())
            print(where + ": " + " ".join(word(o) for o in objs))
            if not d["more"] or n > 1000:
                break
            nxt = d["next"]
    for rid, ref, before in report_refs:
        if ref.startswith("vulnerability--") and ref not in before:
            fails.append("%s: %s not in the collection at or before it" % (rid, ref))
        elif ref not in seen_ids:
            fails.append("%s: %s in none of the collections" % (rid, ref))
    for f in fails:
        print("FAIL: " + f)
    if not fails:
        print("ok")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
