#!/usr/bin/python3
"""Load a Suricata dataset file as Suricata 7 or 8 does, and print its keys.

usage: suricata_dataset.py --suricata 7|8 --type ip|string FILE

Written from the loaders' source (not a copy of it), to check gisac's
Suricata export without a Suricata in Debian 12's stable repositories:

- Suricata 8 (rust/src/detect/datasets.rs, ParseDatasets): each line is
  split at ','; a line of no or more than two fields is skipped; one field
  is a dataset value, two a value and a reputation (u16), and a file may
  not mix the two. type string: the value is standard base64 (with
  padding). type ip (DSIpv6, process_ipv6_set): the value is parsed with
  Rust's Ipv6Addr::from_str, which takes IPv6 text only (an IPv4-mapped
  address such as ::ffff:192.0.2.1 included, no zone id, no dotted IPv4
  alone); a mapped address is stored as Suricata's IPv4 key, its 4 bytes
  followed by 12 zero bytes. A value that does not parse is a fatal error
  on init (SCFatalErrorOnInit).
- Suricata 7 (src/datasets.c, DatasetLoadIPv6 / ParseIpv6String): a line
  with a ':' is IPv6 (inet_pton AF_INET6, a mapped address stored as
  above), else IPv4 (inet_pton AF_INET, stored the same way).

Prints each key as hex, one a line, in file order; exits 1 with
"FILE:LINE: ..." on the first line the loader refuses.
"""
import base64
import binascii
import ipaddress
import socket
import sys


def ipv6_key(text):
    """Rust Ipv6Addr::from_str, then Suricata's mapping of IPv4-mapped addresses."""
    if "%" in text or text != text.strip() or not text:
        raise ValueError("not an IPv6 address")
    a = ipaddress.IPv6Address(text)
    if a.ipv4_mapped is not None:
        return a.ipv4_mapped.packed + bytes(12)
    return a.packed


def ip_key_7(text):
    if ":" in text:
        return ipv6_key(text)
    return socket.inet_pton(socket.AF_INET, text) + bytes(12)


def main(argv):
    args = argv[1:]
    if len(args) != 5 or args[0] != "--suricata" or args[2] != "--type":
        sys.exit(__doc__.split("\n\n")[1])
    version, dstype, path = args[1], args[3], args[4]
    if version not in ("7", "8") or dstype not in ("ip", "string"):
        sys.exit("unsupported version or type")
    no_rep = with_rep = False
    keys = []
    with open(path, "rb") as f:
        data = f.read()
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()  # the end of the last line
    for n, raw in enumerate(lines, 1):
        # Rust's BufRead::lines drops "\n" and a "\r" before it
        line = raw[:-1].decode("utf-8") if raw.endswith(b"\r") else raw.decode("utf-8")
        v = line.split(",")
        if len(v) > 2:
            continue
        if len(v) == 1:
            if with_rep:
                sys.exit("%s:%d: cannot mix dataset and datarep values" % (path, n))
            no_rep = True
        else:
            if no_rep:
                sys.exit("%s:%d: cannot mix dataset and datarep values" % (path, n))
            with_rep = True
            try:
                rep = int(v[1])
                if not 0 <= rep <= 65535:
                    raise ValueError
            except ValueError:
                sys.exit("%s:%d: invalid datarep value" % (path, n))
        try:
            if dstype == "string":
                key = base64.b64decode(v[0], validate=True)
            elif version == "8":
                key = ipv6_key(v[0])
            else:
                key = ip_key_7(v[0])
        except (ValueError, OSError, binascii.Error):
            sys.exit("%s:%d: invalid %s value %r" % (path, n, dstype, v[0]))
        keys.append(key)
    for k in keys:
        print(k.hex())


if __name__ == "__main__":
    main(sys.argv)
