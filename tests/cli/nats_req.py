"""nats_req.py PORT SUBJECT PAYLOAD [pub]: a request to a NATS server over
its text protocol (tests/cli/nats_lib.sh): prints the reply's payload; with
"pub", publishes PAYLOAD to SUBJECT without headers and prints nothing."""
import socket
import sys

port, subject, payload = int(sys.argv[1]), sys.argv[2], sys.argv[3].encode()
pub = len(sys.argv) > 4 and sys.argv[4] == "pub"
s = socket.create_connection(("127.0.0.1", port), timeout=5)
f = s.makefile("rb")
f.readline()  # INFO
s.sendall(b'CONNECT {"verbose":false,"pedantic":false}\r\nSUB _INBOX.req 1\r\n')
reply = b"" if pub else b" _INBOX.req"
s.sendall(b"PUB %s%s %d\r\n%s\r\nPING\r\n" % (subject.encode(), reply, len(payload), payload))
while True:
    line = f.readline()
    if not line:
        sys.exit("nats_req: connection closed")
    if line.startswith(b"PING"):
        s.sendall(b"PONG\r\n")
    elif line.startswith(b"PONG") and pub:
        break
    elif line.startswith(b"MSG"):
        n = int(line.split()[-1])
        print(f.read(n + 2)[:-2].decode())
        break
    elif line.startswith(b"-ERR"):
        sys.exit("nats_req: " + line.decode().strip())
