#!/usr/bin/python3
"""slow_client.py PORT N MODE SECONDS: open N connections to 127.0.0.1:PORT
from 127.0.0.1 and feed them slowly for SECONDS: MODE "head" sends a
request line and then one header line a second (slowloris), "body" sends
headers announcing a 1 MB body and then 10 bytes a second. Prints, per
connection, how it ended: "408" (the server answered 408), "closed" (cut
without an answer), "refused" (not accepted) or "open" (still open at the
end). Used by test_slow_clients.sh."""
import socket
import sys
import time

port, n, mode, secs = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
socks, state = [], []
for i in range(n):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=2)
        s.setblocking(False)
        if mode == "head":
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        else:
            s.sendall(b"POST /api/v1/ingest HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n"
                      b"Content-Type: application/octet-stream\r\n\r\n")
        socks.append(s)
        state.append("open")
    except OSError:
        socks.append(None)
        state.append("refused")
end = time.time() + secs
while time.time() < end:
    for i, s in enumerate(socks):
        if s is None or state[i] != "open":
            continue
        try:
            data = s.recv(4096)
            if data.startswith(b"HTTP/1.1 408"):
                state[i] = "408"
            elif not data:
                state[i] = "closed"
            else:
                state[i] = "answer:" + data.split(b"\r\n")[0].decode("latin-1")
            continue
        except BlockingIOError:
            pass
        except OSError:
            state[i] = "closed"
            continue
        try:
            s.send(b"X-Slow: 1\r\n" if mode == "head" else b"0123456789")
        except OSError:
            state[i] = "closed"
    time.sleep(1)
for st in sorted(set(state)):
    print(st, state.count(st))
