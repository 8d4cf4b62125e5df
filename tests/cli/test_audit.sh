#!/bin/sh
# The audit log through the command line: every kind of write leaves its
# entry with the local user as actor; verify finds an edited entry, a
# deleted one, swapped ones and (with a noted head) a cut-off tail, with
# exact messages; list filters. The tampering is plain SQL on the file.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_NOW=2026-11-24T00:00:00Z GISAC_PWHASH_FAST=1
command -v sqlite3 >/dev/null || { echo "skip: no sqlite3 (scripts/deps.sh installs it)"; exit 77; }
ME=$(id -un 2>/dev/null || echo "$USER")
A="cli:$ME"

# --- help and usage -------------------------------------------------------------
check_status "audit --help" 0 "$GISAC" audit --help
check_grep "audit --help" "usage: gisac audit COMMAND" "$T/out"
check_status "audit alone" 2 "$GISAC" audit
check_status "audit frobnicate" 2 "$GISAC" audit frobnicate
check_grep "audit frobnicate" "unknown audit command 'frobnicate'" "$T/err"
check_status "gisac --help lists audit" 0 "$GISAC" --help
check_grep "gisac --help" "audit verify|head|list" "$T/out"
check_out "verify without a database" 2 "gisac: $GISAC_DB: no such database (give --db PATH)" \
    "$GISAC" audit verify
check_out "bad --head" 2 "gisac: --head: '5:abc' is not a head: give SEQ:HASH as 'gisac audit head' prints it
gisac: try 'gisac audit --help'" "$GISAC" audit verify --head 5:abc
check_out "bad --since" 2 "gisac: --since: 'yesterday' is not a time (use ISO 8601, e.g. 2026-11-24 or 2026-11-24T08:00:00Z)
gisac: try 'gisac audit --help'" "$GISAC" audit list --since yesterday

# --- every kind of write ----------------------------------------------------------
"$GISAC" agency add moda --name "Ministry of Digital Affairs" --grade A >/dev/null
printf '%s\n' 'correct horse battery' | "$GISAC" user add alice --role analyst >/dev/null
"$GISAC" user disable alice >/dev/null
"$GISAC" user enable alice >/dev/null
printf '%s\n' 'another horse battery' | "$GISAC" user passwd alice >/dev/null
TOKEN=$("$GISAC" token create --user alice --name ci 2>/dev/null)
TID=$(echo "$TOKEN" | cut -c7-22)
"$GISAC" token revoke "$TID" >/dev/null
cp "$GISAC_SRCDIR/samples/c2-sample.txt" "$T/c2.txt"
"$GISAC" feed import --source drill "$T/c2.txt" >/dev/null 2>&1
"$GISAC" intel revoke 198.51.100.7 --reason "a test" >/dev/null
"$GISAC" allow add 203.0.113.0/24 --comment lab >/dev/null
"$GISAC" allow remove 203.0.113.0/24 >/dev/null
printf 'query c2.evil.example\nquery c2.evil.example again\n' >"$T/dns.log"
"$GISAC" match --format text --record --agency moda "$T/dns.log" >/dev/null 2>&1
check_status "audit list" 0 "$GISAC" audit list
cut -f1,3,4,5 "$T/out" >"$T/list"
check_eq "entries: seq, actor, action, object" "1	$A	agency.add	moda
2	$A	user.add	alice
3	$A	user.disable	alice
4	$A	user.enable	alice
5	$A	user.passwd	alice
6	$A	token.create	$TID
7	$A	token.revoke	$TID
8	system	allowlist.seed	-
9	$A	feed.import	drill
10	$A	indicator.revoke	198.51.100.7
11	$A	allowlist.add	203.0.113.0/24
12	$A	allowlist.remove	203.0.113.0/24
13	$A	sighting.record	moda" "$(cat "$T/list")"
check_eq "time column" "2026-11-24T08:00:00+08:00" "$(cut -f2 "$T/out" | sort -u)"
check_eq "details" '{"name":"Ministry of Digital Affairs","grade":"A","sector":null,"parent":null}
{"role":"analyst","agency":null}
-
-
-
{"user":"alice","name":"ci","expires":null}
{"user":"alice","name":"ci"}
{"version":"1","added":67}
{"files":["'"$T"'/c2.txt"],"imported":14,"merged":0,"unchanged":0,"rejected":0,"allowlisted":1}
{"type":"ipv4","reason":"a test"}
{"type":"cidr","comment":"lab","flagged":1}
{"type":"cidr","unflagged":1}
{"agency":"moda","indicators":1,"sightings":2,"via":"match"}' "$(cut -f6 "$T/out")"
check_nogrep "no password in the log" "horse" "$T/out"
check_nogrep "no token secret in the log" "$(echo "$TOKEN" | cut -c24-)" "$T/out"

# --- list filters -----------------------------------------------------------------
check_status "list --action user." 0 "$GISAC" audit list --action user.
check_eq "--action user." "2 3 4 5" "$(cut -f1 "$T/out" | tr '\n' ' ' | sed 's/ $//')"
check_status "list --action user" 1 "$GISAC" audit list --action user
check_status "list --actor system" 0 "$GISAC" audit list --actor system
check_eq "--actor system" "8" "$(cut -f1 "$T/out")"
check_status "list --object 203.0.113" 0 "$GISAC" audit list --object 203.0.113
check_eq "--object" "11 12" "$(cut -f1 "$T/out" | tr '\n' ' ' | sed 's/ $//')"
check_status "list --since later" 1 "$GISAC" audit list --since 2026-11-24T00:00:01Z
check_status "list --until now" 1 "$GISAC" audit list --until 2026-11-24T00:00:00Z
check_status "list in range" 0 "$GISAC" audit list --since 2026-11-24 --until 2026-11-25 --action token.revoke
check_eq "in range" "7" "$(cut -f1 "$T/out")"
check_out "--until before --since" 2 "gisac: --until must be later than --since
gisac: try 'gisac audit --help'" "$GISAC" audit list --since 2026-11-25 --until 2026-11-24
check_status "list --json" 0 "$GISAC" audit list --json --action token.create
check_eq "--json" "$A token.create $TID alice 64" "$(json_get "$T/out" 'd["actor"]+" "+d["action"]+" "+d["object"]+" "+d["detail"]["user"]+" "+str(len(d["hash"]))')"

# --- verify -------------------------------------------------------------------------
check_status "verify" 0 "$GISAC" audit verify
HEAD=$("$GISAC" audit head)
HSEQ=${HEAD%%:*} HHASH=${HEAD#*:}
check_eq "head seq" "13" "$HSEQ"
check_eq "verify output" "audit log intact: 13 entries, head 13 $HHASH" "$(cat "$T/out")"
check_out "verify --head" 0 "audit log intact: 13 entries, head 13 $HHASH" \
    "$GISAC" audit verify --head "$HEAD"
cp "$GISAC_DB" "$T/good.db"

restore() {
    rm -f "$GISAC_DB-wal" "$GISAC_DB-shm"
    cp "$T/good.db" "$GISAC_DB"
}

# edited: the entry names itself
sqlite3 "$GISAC_DB" "UPDATE audit_log SET detail = '{\"role\":\"admin\",\"agency\":null}' WHERE seq = 2"
check_out "edited entry" 2 "gisac: audit entry 2: hash mismatch: the entry was changed after it was written" \
    "$GISAC" audit verify
restore
sqlite3 "$GISAC_DB" "UPDATE audit_log SET actor = 'cli:nobody' WHERE seq = 10"
check_out "edited actor" 2 "gisac: audit entry 10: hash mismatch: the entry was changed after it was written" \
    "$GISAC" audit verify
restore
# deleted in the middle: the gap is named
sqlite3 "$GISAC_DB" "DELETE FROM audit_log WHERE seq = 6"
check_out "deleted entry" 2 "gisac: audit entry 6: missing: the log jumps from entry 5 to entry 7 (entries deleted)" \
    "$GISAC" audit verify
restore
# swapped: the link breaks at the first of them
sqlite3 "$GISAC_DB" "UPDATE audit_log SET seq = -1 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 4; UPDATE audit_log SET seq = 4 WHERE seq = -1"
check_out "swapped entries" 2 "gisac: audit entry 3: prev_hash does not match entry 2's hash (entries deleted or reordered)" \
    "$GISAC" audit verify
restore
# the last one deleted: only a noted head tells
sqlite3 "$GISAC_DB" "DELETE FROM audit_log WHERE seq = 13"
NEWHEAD=$("$GISAC" audit head)
check_out "truncated, no head" 0 "audit log intact: 12 entries, head 12 ${NEWHEAD#*:}" "$GISAC" audit verify
check_out "truncated, --head" 2 "gisac: audit entry 13: missing: the log ends at entry 12 but the noted head is entry 13 (entries deleted)" \
    "$GISAC" audit verify --head "$HEAD"
restore
check_out "restored" 0 "audit log intact: 13 entries, head 13 $HHASH" "$GISAC" audit verify --head "$HEAD"
# a later write keeps the old head valid
"$GISAC" agency update moda --grade B >/dev/null
check_status "old head after a write" 0 "$GISAC" audit verify --head "$HEAD"
check_grep "grown" "audit log intact: 14 entries" "$T/out"
check_status "update logged" 0 "$GISAC" audit list --action agency.update
check_eq "update entry" "14	$A	agency.update	moda	{\"grade\":\"B\"}" "$(cut -f1,3- "$T/out")"

finish
