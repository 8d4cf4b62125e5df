#!/usr/bin/python3
"""apk_oracle.py: compare `gisac app check --json` with the Android tools.

  apk_oracle.py badging GISAC APK         the manifest facts against `aapt dump badging`
  apk_oracle.py verify GISAC APK [SDK]    the signature verdict against
                                          `apksigner verify -v [--min-sdk-version SDK]`

Prints one line per difference and exits 1 when there is any (used by
tests/cli/test_app_check.sh)."""
import json
import re
import subprocess
import sys


def gisac(g, apk, *extra):
    out = subprocess.run([g, "app", "check", "--json", *extra, apk], capture_output=True, text=True)
    if out.returncode != 0:
        print(f"{apk}: gisac exit {out.returncode}: {out.stderr.strip()}")
        sys.exit(1)
    return json.loads(out.stdout)


def badging(g, apk):
    text = subprocess.run(["aapt", "dump", "badging", apk], capture_output=True, text=True,
                          check=True).stdout
    d = gisac(g, apk)
    want = {}
    m = re.search(r"^package: name='([^']*)' versionCode='([^']*)' versionName='([^']*)'", text, re.M)
    want["package"] = m.group(1)
    want["version_code"] = int(m.group(2) or 0)
    want["version_name"] = m.group(3) or None
    m = re.search(r"^sdkVersion:'(\d+)'", text, re.M)
    want["min_sdk"] = int(m.group(1)) if m else 1
    m = re.search(r"^targetSdkVersion:'(\d+)'", text, re.M)
    want["target_sdk"] = int(m.group(1)) if m else want["min_sdk"]
    want["debuggable"] = bool(re.search(r"^application-debuggable$", text, re.M))
    want["permissions"] = re.findall(r"^uses-permission: name='([^']*)'", text, re.M)
    bad = 0
    for k, v in want.items():
        if d[k] != v:
            print(f"{apk}: {k}: aapt {v!r}, gisac {d[k]!r}")
            bad = 1
    return bad


def verify(g, apk, sdk=None):
    args = ["apksigner", "verify", "-v"] + (["--min-sdk-version", sdk] if sdk else []) + [apk]
    out = subprocess.run(args, capture_output=True, text=True)
    text = out.stdout + out.stderr
    ok = out.returncode == 0 and text.startswith("Verifies")
    d = gisac(g, apk, *(["--min-sdk", sdk] if sdk else []))["signature"]
    bad = 0
    where = f"{apk} (min SDK {sdk or 'of the manifest'})"
    if d["verified"] != ok:
        print(f"{where}: apksigner {'verifies' if ok else 'does not verify'}, gisac "
              f"{d['verified']}: {d['errors']} / {text.strip()}")
        return 1
    if ok:
        for v in ("v1", "v2", "v3"):
            m = re.search(rf"^Verified using {v} scheme[^:]*: (true|false)", text, re.M)
            if m and (m.group(1) == "true") != d["schemes"][v]:
                print(f"{where}: {v}: apksigner {m.group(1)}, gisac {d['schemes'][v]}")
                bad = 1
        m = re.search(r"^Number of signers: (\d+)", text, re.M)
    return bad


if __name__ == "__main__":
    cmd, g, apk = sys.argv[1:4]
    if cmd == "badging":
        sys.exit(badging(g, apk))
    sys.exit(verify(g, apk, sys.argv[4] if len(sys.argv) > 4 else None))
