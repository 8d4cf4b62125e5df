#!/usr/bin/python3
"""Synthetic data for bench/match.sh, from a fixed seed.

usage: gen_match.py OUTDIR [GB] [SCALE]

Writes to OUTDIR:
  intel.txt     the indicators (plain feed): 1M domains, 1M IPv4, 100k
                /24 CIDRs, 1M SHA-256 (times SCALE, default 1)
  patterns.txt  the same values for substring tools (grep -F -f, rg -F -f);
                CIDRs cannot be expressed there and are left out
  eve.json      about GB gigabytes (default 1) of Suricata EVE lines: dns,
                flow, tls, http, fileinfo; about 1% of lines hold a hit and
                about 1% a near miss (an indicator as a substring at a wrong
                boundary: x<domain>, <ip>5, ...)
  truth.txt     the line numbers holding a hit: the oracle
"""
import os
import random
import sys

out = sys.argv[1]
gb = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
scale = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
os.makedirs(out, exist_ok=True)
R = random.Random(20261124)

N = int(1_000_000 * scale)
NC = int(100_000 * scale)
doms = ["%08x%d.c2.test" % (R.getrandbits(32), i) for i in range(N)]
# indicator addresses in 11.0.0.0/8 .. 99.0.0.0/8 (public space); CIDRs in 100-126;
# background traffic in 128-191 so that it never hits by accident
ips = []
seen = set()
while len(ips) < N:
    a = (R.randrange(11, 100) << 24) | R.getrandbits(24)
    if a not in seen:
        seen.add(a)
        ips.append(a)
ip_txt = ["%d.%d.%d.%d" % (a >> 24, a >> 16 & 255, a >> 8 & 255, a & 255) for a in ips]
cidrs = []
cseen = set()
while len(cidrs) < NC:
    n = (R.randrange(101, 127) << 16) | R.getrandbits(16)
    if n >> 8 in (101 << 8 | 101, 101 << 8 | 102):  # TWNIC resolvers: allowlisted
        continue
    if n not in cseen:
        cseen.add(n)
        cidrs.append(n)
cidr_txt = ["%d.%d.%d.0/24" % (n >> 16, n >> 8 & 255, n & 255) for n in cidrs]
hashes = ["%064x" % R.getrandbits(256) for _ in range(N)]

with open(os.path.join(out, "intel.txt"), "w") as f:
    for block in (doms, ip_txt, cidr_txt, hashes):
        f.write("\n".join(block) + "\n")
with open(os.path.join(out, "patterns.txt"), "w") as f:
    for block in (doms, ip_txt, hashes):
        f.write("\n".join(block) + "\n")


def bg_ip():
    return "%d.%d.%d.%d" % (R.randrange(128, 192), R.randrange(256), R.randrange(256), R.randrange(1, 255))


def bg_name():
    return "%s%d.%s" % (R.choice(["www", "api", "cdn", "mail", "img"]), R.randrange(100000),
                        R.choice(["shop.example", "news.example", "bank.example", "gov.example"]))


TS = "2026-11-01T08:%02d:%02d.%06d+0800"
target = int(gb * 1e9)
size = 0
line = 0
truth = []
hit_rate, miss_rate = 0.01, 0.01
with open(os.path.join(out, "eve.json"), "w") as f:
    buf = []
    while size < target:
        line += 1
        r = R.random()
        src, dst = "192.0.2.%d" % R.randrange(1, 255), bg_ip()
        name, sha, url = bg_name(), "%064x" % R.getrandbits(256), None
        hit = r < hit_rate
        miss = hit_rate <= r < hit_rate + miss_rate
        kind = R.choice(["dns", "dns", "flow", "flow", "tls", "http", "fileinfo", "dns"])
        if hit:
            which = R.randrange(4)
            if which == 0:
                name = R.choice(["", "www.", "a.b."]) + R.choice(doms)
                kind = R.choice(["dns", "tls", "http"])
            elif which == 1:
                dst = R.choice(ip_txt)
            elif which == 2:
                n = R.choice(cidrs)
                dst = "%d.%d.%d.%d" % (n >> 16, n >> 8 & 255, n & 255, R.randrange(256))
            else:
                sha = R.choice(hashes)
                kind = "fileinfo"
            truth.append(line)
        elif miss:
            which = R.randrange(3)
            if which == 0:
                name = "x" + R.choice(doms)  # not at a label boundary
                kind = R.choice(["dns", "tls", "http"])
            elif which == 1:
                # the indicator address as a prefix of a longer, background one
                a = R.choice(ip_txt)
                dst = a + "5" if a.count(".") == 3 and int(a.split(".")[-1]) < 26 else bg_ip()
                if dst == a + "5":
                    dst = dst  # e.g. 11.2.3.4 -> 11.2.3.45 (a different address)
                else:
                    name = "x" + R.choice(doms)
            else:
                sha = R.choice(hashes)[:63] + "0" + "f"  # 65 hex digits: not a sha256
                kind = "fileinfo"
        ts = TS % (line // 60000 % 60, line // 1000 % 60, line % 1000000)
        head = '{"timestamp":"%s","flow_id":%d,"in_iface":"eth0","event_type":"%s","src_ip":"%s","src_port":%d,"dest_ip":"%s","dest_port":%d,"proto":"%s"' % (
            ts, 1000000000 + line, kind, src, R.randrange(1024, 65535), dst,
            {"dns": 53, "tls": 443, "http": 80}.get(kind, 443), "UDP" if kind == "dns" else "TCP")
        if kind == "dns":
            body = ',"dns":{"version":2,"type":"answer","id":%d,"flags":"8180","qr":true,"rd":true,"ra":true,"rrname":"%s","rrtype":"A","rcode":"NOERROR","answers":[{"rrname":"%s","rrtype":"A","ttl":300,"rdata":"%s"}],"grouped":{"A":["%s"]}}}' % (
                R.randrange(65536), name, name, bg_ip() if not hit or R.random() < 0.5 else dst, bg_ip())
        elif kind == "flow":
            body = ',"app_proto":"failed","flow":{"pkts_toserver":%d,"pkts_toclient":%d,"bytes_toserver":%d,"bytes_toclient":%d,"start":"%s","end":"%s","age":%d,"state":"closed","reason":"timeout","alerted":false},"tcp":{"tcp_flags":"1b","tcp_flags_ts":"1b","tcp_flags_tc":"1b","syn":true,"fin":true,"psh":true,"ack":true,"state":"closed"}}' % (
                R.randrange(100), R.randrange(100), R.randrange(100000), R.randrange(1000000), ts, ts, R.randrange(100))
        elif kind == "tls":
            body = ',"tls":{"subject":"CN=%s","issuerdn":"C=US, O=Example CA, CN=Example R3","serial":"04:%02X:9A:11:7B","fingerprint":"%s","sni":"%s","version":"TLS 1.2","notbefore":"2026-09-01T00:00:00","notafter":"2026-12-01T00:00:00","ja3":{"hash":"%032x"}}}' % (
                name, R.randrange(256), ":".join("%02x" % R.randrange(256) for _ in range(20)), name, R.getrandbits(128))
        elif kind == "http":
            body = ',"tx_id":0,"http":{"hostname":"%s","url":"/%s/%d.php?id=%d","http_user_agent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36","http_content_type":"text/html","http_method":"GET","protocol":"HTTP/1.1","status":200,"length":%d}}' % (
                name, R.choice(["index", "login", "api", "static"]), R.randrange(1000), R.randrange(100000), R.randrange(100000))
        else:
            body = ',"http":{"hostname":"%s","url":"/download/%d.bin"},"app_proto":"http","fileinfo":{"filename":"/download/%d.bin","sid":[],"gaps":false,"state":"CLOSED","md5":"%032x","sha256":"%s","stored":false,"size":%d,"tx_id":0}}' % (
                name, line, line, R.getrandbits(128), sha, R.randrange(10000000))
        s = head + body + "\n"
        buf.append(s)
        size += len(s)
        if len(buf) >= 20000:
            f.write("".join(buf))
            buf = []
    f.write("".join(buf))
with open(os.path.join(out, "truth.txt"), "w") as f:
    f.write("\n".join(map(str, truth)) + "\n")
print("lines %d, bytes %d, hit lines %d" % (line, size, len(truth)), file=sys.stderr)
