#!/usr/bin/python3
"""Loopback receivers for the notification tests (tests/cli/test_notify.sh).

usage: notify_receiver.py http|smtp DIR [FAIL]

Listens on 127.0.0.1 on a free port, writes the port to DIR/port, and
appends one JSON line per request to DIR/requests.jsonl:

  http: {"n", "status", "method", "path", "headers": {lower-case name: value},
         "body"}; the first FAIL requests are answered 500, the rest 200;
        a path starting with /redirect is always answered 302 (to /hook).
  smtp: {"n", "status", "mail_from", "rcpt_to": [...], "data"}; the first
        FAIL transactions are refused with 451 at MAIL FROM, the rest
        accepted (data is the message with dot-stuffing undone).

It stops by itself after 120 seconds (or when killed).
"""
import http.server
import json
import os
import socketserver
import sys
import threading

sys.dont_write_bytecode = True  # nothing written into the source tree
import loopback  # noqa: E402 (after the line above)

MODE, DIR = sys.argv[1], sys.argv[2]
FAIL = int(sys.argv[3]) if len(sys.argv) > 3 else 0
LOCK = threading.Lock()
COUNT = [0]


def record(entry):
    with LOCK:
        with open(os.path.join(DIR, "requests.jsonl"), "a", encoding="utf-8") as f:
            f.write(json.dumps(entry, sort_keys=True) + "\n")


def next_n():
    with LOCK:
        COUNT[0] += 1
        return COUNT[0]


class Hook(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        n = next_n()
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8")
        status = 500 if n <= FAIL else 200
        if self.path.startswith("/redirect"):
            # a redirect must not be followed
            record({"n": n, "status": 302, "method": "POST", "path": self.path,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "body": body})
            self.send_response(302)
            self.send_header("Location", "/hook")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        record({"n": n, "status": status, "method": "POST", "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body})
        out = b"no\n" if status == 500 else b"ok\n"
        self.send_response(status)
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


class Smtp(socketserver.StreamRequestHandler):
    def reply(self, text):
        self.wfile.write((text + "\r\n").encode())

    def handle(self):
        self.reply("220 localhost test ESMTP")
        mail_from, rcpt = None, []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            cmd = line.decode("utf-8", "replace").rstrip("\r\n")
            verb = cmd.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 localhost")
            elif verb == "MAIL":
                n = next_n()
                if n <= FAIL:
                    record({"n": n, "status": 451, "mail_from": cmd[10:], "rcpt_to": [],
                            "data": ""})
                    self.reply("451 try again later")
                    continue
                mail_from, rcpt = cmd[10:], []
                self.n = n
                self.reply("250 OK")
            elif verb == "RCPT":
                rcpt.append(cmd[8:])
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 go ahead")
                data = []
                while True:
                    ln = self.rfile.readline()
                    if not ln or ln == b".\r\n":
                        break
                    if ln.startswith(b".."):
                        ln = ln[1:]
                    data.append(ln)
                record({"n": self.n, "status": 250, "mail_from": mail_from, "rcpt_to": rcpt,
                        "data": b"".join(data).decode("utf-8")})
                self.reply("250 OK queued")
            elif verb == "RSET":
                mail_from, rcpt = None, []
                self.reply("250 OK")
            elif verb == "NOOP":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


class TCPServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    if MODE == "http":
        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    else:
        srv = TCPServer(("127.0.0.1", 0), Smtp)
    loopback.serve(srv, DIR, 120)


if __name__ == "__main__":
    main()
