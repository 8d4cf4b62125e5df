#!/usr/bin/env python3
"""gen_search_paths.py DATA OUT: the search requests of the server benchmarks.

9,000 values drawn from DATA (one indicator a line) and 1,000 made-up ones,
shuffled with a fixed seed, as GET /api/v1/indicators/search paths.
"""
import random
import sys
import urllib.parse

vals = [l.strip() for l in open(sys.argv[1]) if l.strip()]
random.seed(7)
pick = random.sample(vals, 9000) + ["absent-%d.example" % i for i in range(1000)]
random.shuffle(pick)
with open(sys.argv[2], "w") as f:
    for v in pick:
        f.write("/api/v1/indicators/search?value=%s\n" % urllib.parse.quote(v, safe=""))
