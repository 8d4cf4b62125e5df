#!/bin/sh
# The sandbox of imported files (docs/sandbox.md) through the command line
# and the server: an import in the sandbox stores exactly what the import
# in this process (GISAC_SANDBOX=off) stores, for the samples and the shared
# feeds; the server says at start how files are parsed.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_NOW=2026-11-24T00:00:00Z
trap 'serve_stop; rm -rf "$T"' EXIT

files="$GISAC_SRCDIR/samples/c2-sample.txt"
if have_shared; then
    for f in "$SHARED"/data/feeds/* "$SHARED"/data/misp/*.json "$SHARED"/data/stix2.1-examples/*.json; do
        [ -f "$f" ] && files="$files $f"
    done
fi

# shellcheck disable=SC2086 # the list of files
check_status "import in the sandbox" 0 "$GISAC" --db "$T/a.db" feed import --source s --json $files
json_get "$T/out" '{k: v for k, v in d.items() if k != "seconds"}' >"$T/sum.a"
# shellcheck disable=SC2086
check_status "import in this process" 0 env GISAC_SANDBOX=off "$GISAC" --db "$T/b.db" feed import --source s --json $files
json_get "$T/out" '{k: v for k, v in d.items() if k != "seconds"}' >"$T/sum.b"
check_eq "same summary" "$(cat "$T/sum.b")" "$(cat "$T/sum.a")"
check_status "list a" 0 "$GISAC" --db "$T/a.db" intel export --format csv --max-tlp red
cp "$T/out" "$T/list.a"
check_status "list b" 0 "$GISAC" --db "$T/b.db" intel export --format csv --max-tlp red
check_eq "same indicators" "$(cat "$T/out")" "$(cat "$T/list.a")"
check_eq "something imported" 1 "$([ "$(wc -l <"$T/list.a")" -gt 10 ] && echo 1 || echo 0)"

# a malformed file: the parser's error, with its place, from the sandbox
printf '{"type": "bundle",\n "objects": [}\n' >"$T/bad.json"
check_status "malformed stix" 2 "$GISAC" --db "$T/a.db" feed import --format stix "$T/bad.json"
cp "$T/err" "$T/err.a"
check_status "malformed stix here" 2 env GISAC_SANDBOX=off "$GISAC" --db "$T/a.db" feed import --format stix "$T/bad.json"
check_eq "same error" "$(cat "$T/err")" "$(cat "$T/err.a")"
check_grep "error names the place" "bad.json:2:" "$T/err.a"

# the server's start says how files are parsed
serve_start "$T/srv.log"
check_grep "sandbox announced" "gisac: imported files are parsed in a sandbox (seccomp" "$T/srv.log"
make_tokens admin
req m -H "Authorization: Bearer $(cat "$T/tok.admin")" "http://127.0.0.1:$PORT/metrics" >/dev/null
check_grep "metric sandbox" "gisac_sandbox 1" "$T/m.body"
abi=$(python3 -c 'import ctypes; print(max(0, ctypes.CDLL(None, use_errno=True).syscall(444, 0, 0, 1)))')
check_grep "metric landlock" "gisac_sandbox_landlock_abi $abi" "$T/m.body"
serve_stop
export GISAC_SANDBOX=off
serve_start "$T/srv2.log"
check_grep "no sandbox announced" "gisac: imported files are parsed without a sandbox (GISAC_SANDBOX=off)" "$T/srv2.log"
req m2 -H "Authorization: Bearer $(cat "$T/tok.admin")" "http://127.0.0.1:$PORT/metrics" >/dev/null
check_grep "metric no sandbox" "gisac_sandbox 0" "$T/m2.body"
serve_stop
unset GISAC_SANDBOX

finish
