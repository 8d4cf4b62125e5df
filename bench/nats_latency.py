#!/usr/bin/python3
"""Publish-to-sighting latency for bench/nats.sh.

usage: nats_latency.py GISAC NATS_URL DB EVE OUTDIR RATE SECONDS LINES

Cuts EVE into RATE*SECONDS small files of LINES lines each (OUTDIR/lat-I.json,
each from a different place in EVE, so that every chunk is new) and publishes
one every 1/RATE seconds with `GISAC publish` (one chunk a file), noting the
time just before the publish starts. A poller reads the ingest_chunk table of
DB (a SQLite path, or a postgresql:// URI read with psql) every 10 ms and
notes when each file's chunk is first there: the chunk row is written in the
same transaction as its sightings, so that is when they are committed. The
latency of a chunk is the time seen minus the time published. Prints
"published N, committed M, p50 X ms, p90 Y ms, p99 Z ms, max W ms".
"""
import os
import sqlite3
import subprocess
import sys
import threading
import time

gisac, url, db, eve, out, rate, secs, nlines = sys.argv[1:9]
rate, secs, nlines = float(rate), float(secs), int(nlines)
n = int(rate * secs)
os.makedirs(out, exist_ok=True)

with open(eve, "rb") as f:
    lines = f.readlines()
step = max(nlines, len(lines) // max(n, 1))
files = []
for i in range(n):
    p = os.path.join(os.path.abspath(out), "lat-%d.json" % i)
    with open(p, "wb") as f:
        f.writelines(lines[i * step:i * step + nlines])
    state = p + ".gisac-publish"
    if os.path.exists(state):
        os.unlink(state)
    files.append(p)

published = {}
seen = {}
done = threading.Event()


def poll():
    pg = db.startswith("postgres")
    con = None if pg else sqlite3.connect(db, timeout=5)
    q = "SELECT source FROM ingest_chunk WHERE source LIKE '%lat-%'"
    while True:
        if pg:
            r = subprocess.run(["psql", "-X", "-At", db, "-c", q], capture_output=True, text=True)
            rows = r.stdout.split()
        else:
            try:
                rows = [x[0] for x in con.execute(q)]
            except sqlite3.OperationalError:
                rows = []
        t = time.monotonic()
        for s in rows:
            seen.setdefault(os.path.basename(s).rsplit("@", 1)[0], t)  # source is PATH@INODE
        if done.is_set() and len(seen) >= len(published):
            return
        time.sleep(0.01)


th = threading.Thread(target=poll, daemon=True)
th.start()
start = time.monotonic()
procs = []
for i, p in enumerate(files):
    t = start + i / rate
    d = t - time.monotonic()
    if d > 0:
        time.sleep(d)
    published[os.path.basename(p)] = time.monotonic()
    procs.append(subprocess.Popen([gisac, "publish", "--nats", url, "--agency", "bench", p],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
for pr in procs:
    pr.wait()
deadline = time.monotonic() + 120
done.set()
th.join(timeout=max(0, deadline - time.monotonic()))
lat = sorted((seen[k] - v) * 1000 for k, v in published.items() if k in seen)


def pct(q):
    return lat[min(len(lat) - 1, int(q * len(lat)))] if lat else float("nan")


print("published %d, committed %d, p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms"
      % (len(published), len(lat), pct(0.5), pct(0.9), pct(0.99), lat[-1] if lat else float("nan")))
sys.exit(0 if len(lat) == len(published) else 1)
