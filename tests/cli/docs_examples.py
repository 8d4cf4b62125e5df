#!/usr/bin/python3
"""Run the examples in the docs and check their output, byte for byte.

Every ```console block of a page is a script: a line starting with "$ " is
a command (a trailing backslash continues it on the next line, as in the shell), the lines
after it are its expected output (stdout and stderr together), and an
optional last line "[exit N]" is its expected exit status (default 0). A
line "..." in the expected output stands for any number of lines, and
"<...>" within a line for any text (timings, say).

All blocks of one page run in order in one fresh directory holding a copy
of samples/ (with a fixed modification time), with gisac on PATH, GISAC_DB
set to ./gisac.db, GISAC_NOW fixed and GISAC_IDENTITY_UUID the legacy
identity's (docs/taxii.md), so the output is reproducible.

usage: docs_examples.py GISAC_BINARY SRCDIR PAGE.md...
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

NOW = "2026-11-24T00:00:00Z"
MTIME = "2026-11-01T00:00:00Z"


def parse(path):
    """Yield (line_no, command, expected_lines, status) for a page."""
    lines = open(path, encoding="utf-8").read().split("\n")
    i, out = 0, []
    while i < len(lines):
        if lines[i].strip() == "```console":
            i += 1
            cur = None
            while i < len(lines) and lines[i].strip() != "```":
                ln = lines[i]
                if ln.startswith("$ "):
                    if cur:
                        out.append(cur)
                    cmd, start = ln[2:], i + 1
                    while cmd.endswith("\\") and i + 1 < len(lines):
                        i += 1
                        cmd = cmd + "\n" + lines[i]  # the shell joins the lines
                    cur = [start, cmd, [], 0]
                elif cur is not None:
                    m = re.fullmatch(r"\[exit (\d+)\]", ln)
                    if m:
                        cur[3] = int(m.group(1))
                    else:
                        cur[2].append(ln)
                i += 1
            if cur:
                out.append(cur)
        i += 1
    return out


def line_matches(pattern, line):
    if "<...>" not in pattern:
        return pattern == line
    rx = ".*".join(re.escape(part) for part in pattern.split("<...>"))
    return re.fullmatch(rx, line) is not None


def matches(expected, actual):
    """Line match where "..." matches any run of lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[k:]) for k in range(len(actual) + 1))
    return (bool(actual) and line_matches(expected[0], actual[0])
            and matches(expected[1:], actual[1:]))


def run_page(gisac, srcdir, page):
    examples = parse(page)
    if not examples:
        return 0, 0
    failures = 0
    with tempfile.TemporaryDirectory(prefix="gisac-docs-") as tmp:
        bindir = os.path.join(tmp, ".bin")
        os.mkdir(bindir)
        os.symlink(os.path.abspath(gisac), os.path.join(bindir, "gisac"))
        shutil.copytree(os.path.join(srcdir, "samples"), os.path.join(tmp, "samples"))
        for root, _, files in os.walk(os.path.join(tmp, "samples")):
            for f in files:
                subprocess.run(["touch", "-d", MTIME, os.path.join(root, f)], check=True)
        env = dict(os.environ)
        env.update(PATH=bindir + ":" + env.get("PATH", "/usr/bin:/bin"),
                   GISAC_DB=os.path.join(tmp, "gisac.db"), GISAC_NOW=NOW, LC_ALL="C.UTF-8",
                   TZ="UTC",
                   # the identity of the examples' installation (docs/taxii.md)
                   GISAC_IDENTITY_UUID="881c1891-6d33-5202-a7b6-7beed82cb4a8")
        for line_no, cmd, expected, status in examples:
            p = subprocess.run(["sh", "-c", cmd], cwd=tmp, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=300)
            actual = p.stdout.decode("utf-8", "replace").split("\n")
            if actual and actual[-1] == "":
                actual.pop()
            exp = list(expected)
            while exp and exp[-1] == "":
                exp.pop()
            if p.returncode != status or not matches(exp, actual):
                failures += 1
                print(f"{page}:{line_no}: $ {cmd}")
                print(f"  exit {p.returncode}, expected {status}")
                print("  --- expected")
                for ln in exp:
                    print("  " + ln)
                print("  --- actual")
                for ln in actual:
                    print("  " + ln)
    return len(examples), failures


def main():
    gisac, srcdir, pages = sys.argv[1], sys.argv[2], sys.argv[3:]
    total = bad = 0
    for page in pages:
        n, f = run_page(gisac, srcdir, page)
        total += n
        bad += f
        print(f"{os.path.relpath(page, srcdir)}: {n} examples, {f} failed")
    if total == 0:
        print("no examples found")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
