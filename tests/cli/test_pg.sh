#!/bin/sh
# test_pg.sh: the store on PostgreSQL (src/store/pg/, docs/postgresql.md).
# Starts a throwaway cluster (scripts/pg_cluster.sh: initdb in a temporary
# directory, as an unprivileged user, reached by its socket there only),
# then runs against it
#   - the store conformance suite (tests/unit/test_store_conformance.c,
#     GISAC_STORE_URI), two processes writing at once included;
#   - gisac's own checks of a server store: the schema version, a second
#     open migrating nothing, numbers from many processes at once unique
#     and without gaps, the audit chain one chain;
# and stops the cluster at the end: nothing is left running. (The
# command-line and API tests run a second time on PostgreSQL as the ctest
# entries pg/cli/<test>, on the cluster of the fixture pg/start .. pg/stop,
# each test on a database of its own: CMakeLists.txt, tests/cli/lib.sh.)
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_PWHASH_FAST=1

# the cluster's own directory, outside $T (which only this user may enter):
# the server runs as another user when the tests run as root
PGDIR=$(mktemp -d "${TMPDIR:-/tmp}/gisac-pg.XXXXXX")
stop_cluster() {
    sh "$GISAC_SRCDIR/scripts/pg_cluster.sh" stop "$PGDIR" >/dev/null 2>&1
    rm -rf "$T"
}
trap stop_cluster EXIT
sh "$GISAC_SRCDIR/scripts/pg_cluster.sh" start "$PGDIR" >"$T/start" 2>&1 || {
    cat "$T/start" >&2
    echo "FAIL: the PostgreSQL cluster did not start" >&2
    exit 1
}
newdb() { sh "$GISAC_SRCDIR/scripts/pg_cluster.sh" createdb "$PGDIR" "$1"; }

# --- the store conformance suite ---------------------------------------------
BIN=$(dirname "$GISAC")
URI=$(newdb conformance)
CHECKS=$((CHECKS + 1))
if ! GISAC_STORE_URI="$URI" "$BIN/test_store_conformance" >"$T/conf" 2>&1; then
    fail "store conformance on PostgreSQL"
    sed 's/^/  /' "$T/conf" >&2
fi
check_eq "conformance: every test passed" "1" "$(grep -c '^\[  PASSED  \] 9 test(s)' "$T/conf")"

# --- a server store through the command line ---------------------------------
DB=$(newdb cli)
export GISAC_STATE_DIR="$T/state"
mkdir -p "$GISAC_STATE_DIR"
check_status "status on a new database" 0 "$GISAC" --db "$DB" status --json
check_eq "status: green" "green" "$(json_get "$T/out" 'd["light"]')"
check_status "a URI naming no server" 2 "$GISAC" --db "postgresql:///x?host=$T/none" intel list
check_eq "the error names PostgreSQL" "gisac: postgresql: cannot connect: " \
    "$(head -1 "$T/err" | cut -c1-35)"
check_status "agency" 0 "$GISAC" --db "$DB" agency add moda --name "Ministry of Digital Affairs" --grade A
printf '192.0.2.1\nc2.evil.example\n' >"$T/feed.txt"
check_status "import" 0 "$GISAC" --db "$DB" feed import --source drill --tlp green --confidence 80 --json "$T/feed.txt"
check_eq "imported" 2 "$(json_get "$T/out" 'd["imported"]')"
check_status "re-import" 0 "$GISAC" --db "$DB" feed import --source drill --tlp green --confidence 80 --json "$T/feed.txt"
check_eq "re-import unchanged" 2 "$(json_get "$T/out" 'd["unchanged"]')"
check_status "intel list" 0 "$GISAC" --db "$DB" intel list
check_eq "listed" "192.0.2.1 c2.evil.example" "$(awk '{print $2}' "$T/out" | grep -v '^$' | sort | tr '\n' ' ' | sed 's/ $//')"

# numbers from many processes at once: 8 writers of 5 incidents each
: >"$T/wfail"
i=0
while [ $i -lt 8 ]; do
    (
        j=0
        while [ $j -lt 5 ]; do
            "$GISAC" --db "$DB" incident report --agency moda --title "w$i-$j" --category malware \
                --asset non-core --aware-at 2026-11-23T23:30:00Z >/dev/null 2>"$T/w$i.err" ||
                { echo "w$i-$j:" >>"$T/wfail"; cat "$T/w$i.err" >>"$T/wfail"; }
            j=$((j + 1))
        done
    ) &
    i=$((i + 1))
done
wait
check_eq "every writer succeeded" "" "$(head -5 "$T/wfail")"
check_status "incident list" 0 "$GISAC" --db "$DB" incident list --json
check_eq "40 incidents numbered 1..40, no gap, no double" "$(seq 1 40 | tr '\n' ' ')" \
    "$(/usr/bin/python3 -c 'import json,sys; print(" ".join(str(n) for n in sorted(int(json.loads(l)["id"].split("-")[-1]) for l in open(sys.argv[1]))), end=" ")' "$T/out")"
check_eq "titles all there" 40 "$(/usr/bin/python3 -c 'import json,sys; print(len({json.loads(l)["title"] for l in open(sys.argv[1])}))' "$T/out")"
check_status "audit verify" 0 "$GISAC" --db "$DB" audit verify
check_eq "the audit chain is one chain" "audit log intact:" "$(cut -c1-17 "$T/out")"
check_status "audit list" 0 "$GISAC" --db "$DB" audit list
check_eq "one audit entry per write (agency, 2 imports, 40 incidents)" 1 \
    "$(awk -F'\t' '$4 == "incident.report"' "$T/out" | wc -l | awk '{print ($1 == 40)}')"

finish
