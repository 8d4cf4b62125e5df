"""loopback.py: what the tests' loopback helper servers share
(feed_server.py, notify_receiver.py): serve a bound server until a time
limit, its port published for the test in DIR/port."""
import os
import threading


def serve(srv, directory, seconds):
    """Write srv's port to directory/port (whole, by a rename: the test
    waits for the file to be non-empty), stop serving after seconds (so a
    helper left behind ends) and serve until then."""
    tmp = os.path.join(directory, "port.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, os.path.join(directory, "port"))
    threading.Timer(seconds, srv.shutdown).start()
    srv.serve_forever()
