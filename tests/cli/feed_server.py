#!/usr/bin/python3
"""A loopback feed server for the feed-source tests (tests/cli/test_feed_sources.sh).

usage: feed_server.py DIR

Listens on 127.0.0.1 on a free port, writes the port to DIR/port, and
appends one JSON line per request to DIR/requests.jsonl:
{"n", "path", "status", "headers": {lower-case name: value}} (the Host header
tells which name the request was sent to).

  /files/NAME  the file DIR/NAME, with an ETag (a hash of its bytes) and
               Last-Modified (its modification time); a request whose
               If-None-Match holds that ETag, or (without If-None-Match)
               whose If-Modified-Since is not before the file's time, is
               answered 304. Rewrite the file to change (or shrink) the feed.
  /gzip/NAME   the same file, sent with Content-Encoding: gzip
  /fail        500 Internal Server Error, always
  /redirect/NAME  302 to /files/NAME
  /away/NAME   302 to http://localhost:PORT/files/NAME (another origin)
  /loop        302 to /loop, always
  /big         2 MiB of "10.0.0.1" lines without a Content-Length
  /big-length  the same with its Content-Length

It stops by itself after 300 seconds (or when killed).
"""
import email.utils
import gzip
import hashlib
import http.server
import json
import os
import sys
import threading

sys.dont_write_bytecode = True  # nothing written into the source tree
import loopback  # noqa: E402 (after the line above)

DIR = sys.argv[1]
LOCK = threading.Lock()
COUNT = [0]
BIG = b"10.0.0.1\n" * (2 * 1024 * 1024 // 9 + 1)


def record(entry):
    with LOCK:
        COUNT[0] += 1
        entry["n"] = COUNT[0]
        with open(os.path.join(DIR, "requests.jsonl"), "a", encoding="utf-8") as f:
            f.write(json.dumps(entry, sort_keys=True) + "\n")


class Feed(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def answer(self, status, body=b"", headers=()):
        record({"path": self.path, "status": status,
                "headers": {k.lower(): v for k, v in self.headers.items()}})
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)

    def file(self, name, gz):
        path = os.path.join(DIR, os.path.basename(name))
        if not os.path.isfile(path):
            return self.answer(404, b"not found\n")
        with open(path, "rb") as f:
            data = f.read()
        mtime = int(os.stat(path).st_mtime)
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:16]
        lm = email.utils.formatdate(mtime, usegmt=True)
        hdrs = [("ETag", etag), ("Last-Modified", lm), ("Content-Type", "text/plain")]
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm is not None:
            if etag in [t.strip() for t in inm.split(",")]:
                return self.answer(304, headers=hdrs)
        elif ims is not None:
            try:
                since = email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                since = None
            if since is not None and mtime <= since:
                return self.answer(304, headers=hdrs)
        if gz:
            data = gzip.compress(data, mtime=0)
            hdrs.append(("Content-Encoding", "gzip"))
        return self.answer(200, data, hdrs)

    def do_GET(self):
        p = self.path
        if p.startswith("/files/"):
            return self.file(p[len("/files/"):], False)
        if p.startswith("/gzip/"):
            return self.file(p[len("/gzip/"):], True)
        if p == "/fail":
            return self.answer(500, b"broken\n")
        if p.startswith("/redirect/"):
            return self.answer(302, b"", [("Location", "/files/" + p[len("/redirect/"):])])
        if p.startswith("/away/"):
            port = self.server.server_address[1]
            return self.answer(302, b"", [("Location", "http://localhost:%d/files/%s"
                                           % (port, p[len("/away/"):]))])
        if p == "/loop":
            return self.answer(302, b"", [("Location", "/loop")])
        if p == "/big-length":
            return self.answer(200, BIG)
        if p == "/big":
            record({"path": p, "status": 200,
                    "headers": {k.lower(): v for k, v in self.headers.items()}})
            self.send_response(200)
            self.end_headers()
            try:
                for i in range(0, len(BIG), 65536):
                    self.wfile.write(BIG[i:i + 65536])
            except (BrokenPipeError, ConnectionResetError):
                pass
            return None
        return self.answer(404, b"not found\n")

    def log_message(self, *args):
        pass


def main():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    srv.daemon_threads = True
    loopback.serve(srv, DIR, 300)


if __name__ == "__main__":
    main()
