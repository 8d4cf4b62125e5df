#!/usr/bin/python3
"""raw_http.py PORT: send the bytes of standard input to 127.0.0.1:PORT as
they are (no HTTP library: the tests send what a client library would
refuse to), read until the server closes or 5 s pass, and print each
response's status line (one per line; "closed" when the server answered
nothing). Used by test_http_framing.sh."""
import socket
import sys

data = sys.stdin.buffer.read()
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(data)
got = b""
try:
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        got += chunk
except socket.timeout:
    pass
s.close()
lines = [l for l in got.split(b"\r\n") if l.startswith(b"HTTP/1.")]
if not lines:
    print("closed")
for l in lines:
    print(l.decode("latin-1"))
