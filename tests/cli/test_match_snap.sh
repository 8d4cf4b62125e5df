#!/bin/sh
# gisac match and the compiled snapshot beside the database (DB.snap,
# docs/match.md): written by the first run, reused as it is by the next
# while the intelligence holds (recording sightings changes nothing),
# rebuilt when an indicator is added (which then matches), and a damaged,
# truncated or foreign file rejected with its reason, rebuilt and
# replaced; a file that cannot be written does not stop the match.
# SQLite only: on PostgreSQL there is no file beside the database.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
S=$GISAC_SRCDIR/samples
export GISAC_NOW=2026-11-24T00:00:00Z
SNAP=$GISAC_DB.snap
"$GISAC" feed import --source drill --tlp green --confidence 80 "$S/c2-sample.txt" >/dev/null 2>&1

# stamp: the file's inode and modification time (a rewrite renames a new file in)
stamp() { stat -c '%i %y' "$SNAP"; }
# run_match WHAT HOW N INPUT: exit 0, the snapshot of N indicators HOW ("built", "loaded (compiled)")
run_match() {
    check_status "$1" 0 "$GISAC" match "$4"
    check_grep "$1: $2" "gisac: snapshot of $3 indicators $2 in" "$T/err"
}

run_match "first match" built 14 "$S/eve-sample.json"
cp "$T/out" "$T/first"
check_eq "the file is there, for its owner only" "600" "$(stat -c %a "$SNAP" 2>&1)"
first=$(stamp)
run_match "second match" "loaded (compiled)" 14 "$S/eve-sample.json"
check_eq "the same sightings from the compiled snapshot" "$(cat "$T/first")" "$(cat "$T/out")"
check_eq "the file reused, not rewritten" "$first" "$(stamp)"
check_nogrep "nothing to say about the file" "$SNAP" "$T/err"

# recording sightings does not change the intelligence
check_status "match --record" 0 "$GISAC" match --record "$S/eve-sample.json"
check_grep "match --record loads it" "indicators loaded (compiled) in" "$T/err"
run_match "after recording" "loaded (compiled)" 14 "$S/eve-sample.json"
check_eq "the file still not rewritten" "$first" "$(stamp)"

# a new indicator: rebuilt, replaced, and it matches
printf 'new.evil.test\n' >"$T/new.txt"
"$GISAC" feed import --source drill2 --tlp green "$T/new.txt" >/dev/null 2>&1
printf '%s\n' '{"timestamp":"2026-11-01T08:00:01+0800","event_type":"dns","src_ip":"192.0.2.10","dest_ip":"192.0.2.53","dns":{"rrname":"x.New.Evil.Test"}}' >"$T/new.json"
run_match "after adding an indicator" built 15 "$T/new.json"
check_grep "said why" "gisac: $SNAP: out of date (the intelligence changed), rebuilt" "$T/err"
check_eq "the new indicator matched" "dns.rrname x.New.Evil.Test new.evil.test" \
    "$(json_get "$T/out" 'd["field"]+" "+d["value"]+" "+d["indicator"]["value"]')"
cp "$T/out" "$T/new.out"
[ "$(stamp)" != "$first" ] || fail "the file was not replaced"
run_match "then reused" "loaded (compiled)" 15 "$T/new.json"
check_eq "the same sighting from the new file" "$(cat "$T/new.out")" "$(cat "$T/out")"

# damage WHAT PYTHON REASON: change the file (f: its bytes); the next match
# says why it is not used and rebuilds it, the one after loads the new file
damage() {
    /usr/bin/python3 - "$SNAP" <<PY
import struct, sys
f = bytearray(open(sys.argv[1], "rb").read())
$2
open(sys.argv[1], "wb").write(f)
PY
    run_match "$1" built 15 "$T/new.json"
    check_grep "$1: the reason" "gisac: $SNAP: $3; rebuilt from the store" "$T/err"
    check_eq "$1: still the sighting" "$(cat "$T/new.out")" "$(cat "$T/out")"
    run_match "$1: replaced" "loaded (compiled)" 15 "$T/new.json"
}
size=$(stat -c %s "$SNAP")
damage "truncated" "f = f[:1000]" "truncated or extended (1000 bytes, the header says $size)"
damage "a byte changed" "f[600] ^= 0x40" "checksum mismatch (a damaged file)"
damage "another format version" "f[8:12] = struct.pack('=I', 99)" \
    "compiled snapshot format 99, this gisac reads 1"
damage "not a snapshot" "f[:] = b'hello'" "not a compiled snapshot (5 bytes)"

# a file that cannot be written (a directory in its place): matched all the same
rm -f "$SNAP"
mkdir "$SNAP"
run_match "no file can be written" built 15 "$T/new.json"
check_eq "sighting without the file" "$(cat "$T/new.out")" "$(cat "$T/out")"
check_grep "said so" "gisac: compiled snapshot not saved: $SNAP" "$T/err"
rmdir "$SNAP"
finish
