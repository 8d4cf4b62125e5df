#!/bin/sh
# The sandbox of imported files (docs/sandbox.md) through the command line
# and the server: an import in the sandbox stores exactly what the import
# in this process (GISAC_SANDBOX=off) stores, for the samples and the shared
# feeds; without its parse helper an import fails; the server says at start
# how files are parsed.
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

# the parse helper (gisac-parse) missing: the import fails, nothing is
# stored, and there is no quiet fallback to a parse in this process
mkdir "$T/alone"
cp "$GISAC" "$T/alone/gisac"
printf '192.0.2.1\n' >"$T/one.txt"
check_status "no helper beside gisac" 2 "$T/alone/gisac" --db "$T/c.db" feed import --source s "$T/one.txt"
check_grep "no helper: the error" "gisac: $T/one.txt: the parse helper gisac-parse is not installed (looked in $T/alone, $T/alone/../libexec/gisac, " "$T/err"
check_grep "no helper: what to do" "/libexec/gisac/gisac-parse; GISAC_PARSE_HELPER names another); nothing was imported" "$T/err"
check_status "a helper named that is not there" 2 env GISAC_PARSE_HELPER="$T/none" "$GISAC" --db "$T/c.db" feed import --source s "$T/one.txt"
check_eq "named helper: the error" "gisac: $T/one.txt: the parse helper GISAC_PARSE_HELPER=$T/none is not an executable file; nothing was imported" "$(cat "$T/err")"
check_status "nothing stored" 0 "$T/alone/gisac" --db "$T/c.db" intel export --format csv --max-tlp red
check_eq "no indicator" 1 "$(wc -l <"$T/out")"
check_status "installed layout: libexec/gisac beside bin" 0 sh -c "mkdir -p '$T/inst/bin' '$T/inst/libexec/gisac' && cp '$GISAC' '$T/inst/bin/' && cp '$(dirname "$GISAC")/gisac-parse' '$T/inst/libexec/gisac/' && '$T/inst/bin/gisac' --db '$T/c.db' feed import --source s '$T/one.txt'"
check_grep "installed layout: imported" "imported 1," "$T/out"
# a server without its helper says so at start
built=$GISAC
GISAC=$T/alone/gisac
serve_start "$T/srv0.log"
GISAC=$built
check_grep "a server without its helper says so" "gisac: imported files are parsed in a sandbox (seccomp" "$T/srv0.log"
check_grep "a server without its helper: imports fail" ", but its parse helper gisac-parse is missing: imports fail (docs/sandbox.md)" "$T/srv0.log"
serve_stop
check_status "GISAC_SANDBOX=off needs no helper" 0 env GISAC_SANDBOX=off "$T/alone/gisac" --db "$T/d.db" feed import --source s "$T/one.txt"
check_status "the helper run by hand" 2 "$(dirname "$GISAC")/gisac-parse" feed 0 0
check_grep "the helper says what it is" "the parse helper of gisac, run by gisac itself" "$T/err"

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
