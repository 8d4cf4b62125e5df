#!/usr/bin/python3
"""Write N synthetic, distinct, mixed indicators (one a line) to stdout.

Deterministic for a given N. Addresses are spread over public space
(special-purpose ranges skipped so the allowlist does not thin the set);
names live under the reserved .test TLD. Mix: 40% domain, 20% ipv4,
5% ipv6, 5% cidr, 15% url, 10% sha256, 5% md5.
"""
import hashlib
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
SKIP = {0, 10, 100, 127, 169, 172, 192, 198, 203} | set(range(224, 256))
out = sys.stdout
buf = []
for i in range(n):
    h = hashlib.sha256(i.to_bytes(8, "little")).digest()
    k = i % 20
    if k < 8:
        buf.append("%s%d.%s.test" % (h[:5].hex(), i, ("c2", "cdn", "mail", "upd")[h[5] & 3]))
    elif k < 12:
        a = h[0] % 223 + 1
        while a in SKIP:
            a += 1
        buf.append("%d.%d.%d.%d" % (a, (i >> 16) & 255, (i >> 8) & 255, i & 255))
    elif k < 13:
        buf.append("2a0%x:%x:%x::%x" % (h[0] & 15, h[1] << 8 | h[2], i >> 16, i & 0xffff))
    elif k < 14:
        a = h[0] % 223 + 1
        while a in SKIP:
            a += 1
        buf.append("%d.%d.%d.0/24" % (a, (i >> 8) & 255, i & 255))
    elif k < 17:
        buf.append("http://%s.dl.test/%d/%s.bin" % (h[:4].hex(), i, h[4:8].hex()))
    elif k < 19:
        buf.append(h.hex())
    else:
        buf.append(h[:16].hex())
    if len(buf) >= 65536:
        out.write("\n".join(buf) + "\n")
        buf = []
if buf:
    out.write("\n".join(buf) + "\n")
