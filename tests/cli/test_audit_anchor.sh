#!/bin/sh
# The audit log anchored by signed checkpoints (docs/audit.md, "Checkpoints"):
# each attack on the database file that the chain alone cannot tell
# (a cut-off tail, an emptied table, a recomputed chain, deleted
# checkpoints) is shown to pass `audit verify` without a checkpoint and to
# fail it with one, with exact messages and exit 2; forged entries appended
# after the newest checkpoint are counted as covered by none; a checkpoint
# kept outside (--checkpoint FILE, the JSON or the webhook body) catches
# what the database can no longer show; the server writes one when it
# stops. The tampering is plain SQL (and Python recomputing the hashes).
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_NOW=2026-11-24T00:00:00Z GISAC_PWHASH_FAST=1
command -v sqlite3 >/dev/null || { echo "skip: no sqlite3 (scripts/deps.sh installs it)"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
trap 'serve_stop; rm -rf "$T"' EXIT
ME=$(id -un 2>/dev/null || echo "$USER")
A="cli:$ME"
WHEN=2026-11-24T00:00:00Z       # times in messages: UTC
LOCAL=2026-11-24T08:00:00+08:00 # times shown to people: the installation's zone

# Recompute every hash of the chain, as someone able to write the file can.
recompute() {
    python3 - "$GISAC_DB" <<'EOF'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
prev = "0" * 64
rows = db.execute("SELECT seq, ts, actor, action, object, detail FROM audit_log ORDER BY seq").fetchall()
for seq, ts, actor, action, obj, detail in rows:
    text = "%s\n%d\n%d\n%s\n%s\n%s\n%s" % (prev, seq, ts, actor, action, obj or "", detail or "")
    h = hashlib.sha256(text.encode()).hexdigest()
    db.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, h, seq))
    prev = h
db.commit()
EOF
}
# Append a forged entry chained onto the head, as someone able to write the file can.
forge() {
    python3 - "$GISAC_DB" "$1" "$2" <<'EOF'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
seq, prev = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
seq += 1
ts, actor, action, obj, detail = 1795478400, "cli:nobody", sys.argv[2], sys.argv[3], None
text = "%s\n%d\n%d\n%s\n%s\n%s\n%s" % (prev, seq, ts, actor, action, obj, "")
h = hashlib.sha256(text.encode()).hexdigest()
db.execute("INSERT INTO audit_log (seq, ts, actor, action, object, detail, prev_hash, hash)"
           " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (seq, ts, actor, action, obj, detail, prev, h))
db.commit()
EOF
}
restore() {
    rm -f "$GISAC_DB-wal" "$GISAC_DB-shm"
    cp "$T/good.db" "$GISAC_DB"
}

# --- usage ------------------------------------------------------------------------
check_status "audit checkpoint --help" 0 "$GISAC" audit checkpoint --help
check_grep "checkpoint --help" "Sign the chain's head with the installation's audit key" "$T/out"
check_out "checkpoint without a database" 2 "gisac: $GISAC_DB: no such database (give --db PATH)" \
    "$GISAC" audit checkpoint
check_out "--checkpoint missing file" 2 "gisac: --checkpoint $T/nope.json: $T/nope.json: No such file or directory
gisac: try 'gisac audit --help'" "$GISAC" audit verify --checkpoint "$T/nope.json"

# --- a log to protect: 5 entries ----------------------------------------------------
"$GISAC" agency add moda --name "Ministry of Digital Affairs" --grade A >/dev/null
"$GISAC" agency add nics --name "NICS" --grade B >/dev/null
"$GISAC" agency update moda --grade B >/dev/null
"$GISAC" agency update nics --grade C >/dev/null
"$GISAC" agency update moda --grade A >/dev/null
check_status "verify without checkpoints" 0 "$GISAC" audit verify
check_eq "no checkpoint line" "1" "$(wc -l <"$T/out" | tr -d ' ')"
check_eq "no key made by verify" "no" "$([ -e "$GISAC_DB.audit-key" ] && echo yes || echo no)"

# --- writing a checkpoint -------------------------------------------------------------
check_status "audit checkpoint" 0 "$GISAC" audit checkpoint
H6=$(sqlite3 "$GISAC_DB" "SELECT hash FROM audit_log WHERE seq = 6")
KEY=$(sqlite3 "$GISAC_DB" "SELECT key FROM audit_checkpoint")
check_eq "text output" "audit checkpoint: entry 6 $H6, $LOCAL, key $KEY" "$(cat "$T/out")"
check_eq "it covers its own entry" "6:$H6" "$("$GISAC" audit head)"
check_eq "key file mode" "600 32" "$(stat -c '%a %s' "$GISAC_DB.audit-key")"
check_eq "key: 64 hex digits" "64" "$(printf '%s' "$KEY" | tr -cd 0-9a-f | wc -c | tr -d ' ')"
check_status "the entry" 0 "$GISAC" audit list --action audit.checkpoint
check_eq "audit.checkpoint entry" "6	$A	audit.checkpoint	-	{\"key\":\"$KEY\"}" "$(cut -f1,3- "$T/out")"
check_status "a second one, as JSON" 0 "$GISAC" audit checkpoint --json
cp "$T/out" "$T/cp7.json"
H7=$(sqlite3 "$GISAC_DB" "SELECT hash FROM audit_log WHERE seq = 7")
SIG7=$(sqlite3 "$GISAC_DB" "SELECT signature FROM audit_checkpoint WHERE seq = 7")
check_eq "checkpoint JSON" "{\"seq\":7,\"hash\":\"$H7\",\"time\":\"$WHEN\",\"key\":\"$KEY\",\"signature\":\"$SIG7\"}" \
    "$(cat "$T/cp7.json")"
check_eq "signature: 128 hex digits" "128" "$(printf '%s' "$SIG7" | tr -cd 0-9a-f | wc -c | tr -d ' ')"
check_eq "stored" "6|$H6|1795478400|$KEY
7|$H7|1795478400|$KEY" "$(sqlite3 "$GISAC_DB" 'SELECT seq, hash, ts, key FROM audit_checkpoint ORDER BY seq')"
check_out "verify against them" 0 "audit log intact: 7 entries, head 7 $H7
checkpoints: 2 checked, signed and matching; the newest covers entry 7 ($LOCAL); no entry after it" \
    "$GISAC" audit verify
"$GISAC" agency update nics --grade B >/dev/null
H8=$(sqlite3 "$GISAC_DB" "SELECT hash FROM audit_log WHERE seq = 8")
check_out "an entry after it" 0 "audit log intact: 8 entries, head 8 $H8
checkpoints: 2 checked, signed and matching; the newest covers entry 7 ($LOCAL); 1 entry after it covered by none yet" \
    "$GISAC" audit verify
check_out "with the outside copy" 0 "audit log intact: 8 entries, head 8 $H8
checkpoints: 3 checked (1 from outside), signed and matching; the newest covers entry 7 ($LOCAL); 1 entry after it covered by none yet" \
    "$GISAC" audit verify --checkpoint "$T/cp7.json"
cp "$GISAC_DB" "$T/good.db"

# --- attack 1: the tail cut off --------------------------------------------------------
sqlite3 "$GISAC_DB" "DELETE FROM audit_log WHERE seq >= 7"
check_out "cut tail" 2 "gisac: audit entry 7: missing: the log ends at entry 6 but the checkpoint of $WHEN counted 7 entries (entries deleted at the tail)" \
    "$GISAC" audit verify
restore
# ... with its checkpoint deleted too: the database shows an intact log up
# to the earlier checkpoint; the outside copy of the newest tells
sqlite3 "$GISAC_DB" "DELETE FROM audit_log WHERE seq >= 7; DELETE FROM audit_checkpoint WHERE seq = 7"
check_status "cut tail, its checkpoint deleted: the database alone" 0 "$GISAC" audit verify
check_grep "... covered up to entry 6" "the newest covers entry 6" "$T/out"
check_out "cut tail, its checkpoint deleted: the outside copy" 2 "gisac: audit entry 7: missing: the log ends at entry 6 but the outside checkpoint of $WHEN counted 7 entries (entries deleted at the tail)" \
    "$GISAC" audit verify --checkpoint "$T/cp7.json"
restore

# --- attack 2: the table emptied ---------------------------------------------------------
sqlite3 "$GISAC_DB" "DELETE FROM audit_log"
check_out "emptied" 2 "gisac: audit entry 7: missing: the log is empty but the checkpoint of $WHEN counted 7 entries (the table was emptied)" \
    "$GISAC" audit verify
# ... and the checkpoints with it: only the outside copy tells
sqlite3 "$GISAC_DB" "DELETE FROM audit_checkpoint"
check_out "emptied with the checkpoints: the database alone" 0 "audit log intact: 0 entries, head 0 0000000000000000000000000000000000000000000000000000000000000000" \
    "$GISAC" audit verify
check_out "emptied with the checkpoints: the outside copy" 2 "gisac: audit entry 7: missing: the log is empty but the outside checkpoint of $WHEN counted 7 entries (the table was emptied)" \
    "$GISAC" audit verify --checkpoint "$T/cp7.json"
restore

# --- attack 3: an entry changed and the chain recomputed ------------------------------------
sqlite3 "$GISAC_DB" "UPDATE audit_log SET detail = '{\"grade\":\"E\"}' WHERE seq = 3"
recompute
check_out "recomputed" 2 "gisac: audit entry 6: hash differs from the checkpoint of $WHEN (the chain was recomputed)" \
    "$GISAC" audit verify
# ... and the checkpoints' hashes rewritten to match: the signatures fail
sqlite3 "$GISAC_DB" "UPDATE audit_checkpoint SET hash = (SELECT hash FROM audit_log WHERE audit_log.seq = audit_checkpoint.seq)"
check_out "recomputed, checkpoints rewritten" 2 "gisac: audit entry 6: the checkpoint of $WHEN: bad signature (the checkpoint was changed or forged)" \
    "$GISAC" audit verify
# ... and the checkpoints and their entries deleted, the chain recomputed again
sqlite3 "$GISAC_DB" "DELETE FROM audit_checkpoint; DELETE FROM audit_log WHERE seq >= 6"
recompute
check_status "recomputed without checkpoints: the database alone" 0 "$GISAC" audit verify
check_out "recomputed without checkpoints: the outside copy" 2 "gisac: audit entry 7: missing: the log ends at entry 5 but the outside checkpoint of $WHEN counted 7 entries (entries deleted at the tail)" \
    "$GISAC" audit verify --checkpoint "$T/cp7.json"
restore
# checkpoints deleted, their entries kept
sqlite3 "$GISAC_DB" "DELETE FROM audit_checkpoint"
check_out "checkpoints deleted" 2 "gisac: audit entry 6: its checkpoint is not stored any more (checkpoints deleted)" \
    "$GISAC" audit verify
restore

# --- attack 4: forged entries ------------------------------------------------------------------
# appended after the newest checkpoint: a valid chain, but covered by none
forge user.add mallory
forge user.add eve
check_status "appended forgeries" 0 "$GISAC" audit verify
check_grep "appended forgeries are counted" "; 3 entries after it covered by none yet" "$T/out"
restore
# inserted before a checkpoint: the chain must be recomputed, and that is found
sqlite3 "$GISAC_DB" "DELETE FROM audit_log WHERE seq >= 6"
forge user.add mallory
python3 - "$T/good.db" "$GISAC_DB" <<'EOF'
import sqlite3, sys
good, db = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
for row in good.execute("SELECT seq + 1, ts, actor, action, object, detail FROM audit_log WHERE seq >= 6"):
    db.execute("INSERT INTO audit_log (seq, ts, actor, action, object, detail, prev_hash, hash)"
               " VALUES (?, ?, ?, ?, ?, ?, '', '')", row)
db.commit()
EOF
recompute
check_out "forgery inserted before a checkpoint" 2 "gisac: audit entry 6: hash differs from the checkpoint of $WHEN (the chain was recomputed)" \
    "$GISAC" audit verify
restore

# --- a checkpoint from another key ---------------------------------------------------------------
mv "$GISAC_DB.audit-key" "$T/real.key"
check_out "key file missing" 2 "gisac: $GISAC_DB.audit-key: no audit key (the checkpoints cannot be checked)" \
    "$GISAC" audit verify
head -c 32 /dev/urandom >"$GISAC_DB.audit-key"
chmod 600 "$GISAC_DB.audit-key"
check_status "another key" 2 "$GISAC" audit verify
check_grep "another key" "gisac: audit entry 6: the checkpoint of $WHEN: signed by another key (${KEY%"${KEY#????????????????}"}..., this installation's is " "$T/err"
mv "$T/real.key" "$GISAC_DB.audit-key"
check_status "the real key back" 0 "$GISAC" audit verify

# --- the outside copy: its forms and its errors -----------------------------------------------------
printf '{"id":4,"event":"audit.checkpoint","agency":null,"subject":"audit checkpoint: entry 7","created":"%s","data":%s}\n' \
    "$WHEN" "$(cat "$T/cp7.json")" >"$T/webhook.json"
check_status "a webhook body as the outside copy" 0 "$GISAC" audit verify --checkpoint "$T/webhook.json"
check_grep "webhook body" "checkpoints: 3 checked (1 from outside)" "$T/out"
check_status "from stdin" 0 sh -c "\"$GISAC\" audit verify --checkpoint - <\"$T/cp7.json\""
# (a signature that starts with 0 gets a 1 there, any other a 0: always changed)
sed 's/"signature":"0/"signature":"1/;t
s/"signature":"./"signature":"0/' "$T/cp7.json" >"$T/forged.json"
check_out "forged outside copy" 2 "gisac: audit entry 7: the outside checkpoint of $WHEN: bad signature (the checkpoint was changed or forged)" \
    "$GISAC" audit verify --checkpoint "$T/forged.json"
printf '{"seq":6}' >"$T/bad1.json"
check_out "outside copy lacking members" 2 "gisac: --checkpoint $T/bad1.json: not a checkpoint: no member 'hash'
gisac: try 'gisac audit --help'" "$GISAC" audit verify --checkpoint "$T/bad1.json"
sed 's/"seq":7/"seq":-7/' "$T/cp7.json" >"$T/bad2.json"
check_out "outside copy, bad seq" 2 "gisac: --checkpoint $T/bad2.json: checkpoint: seq is not a positive integer
gisac: try 'gisac audit --help'" "$GISAC" audit verify --checkpoint "$T/bad2.json"
printf '{"seq":6,' >"$T/bad3.json"
check_out "outside copy, not JSON" 2 "gisac: --checkpoint $T/bad3.json: not JSON: unexpected end of input at byte 9
gisac: try 'gisac audit --help'" "$GISAC" audit verify --checkpoint "$T/bad3.json"

# --- sent out: the notification audit.checkpoint ------------------------------------------------------
"$GISAC" notify add webhook http://127.0.0.1:9/hook --events audit.checkpoint >/dev/null
check_status "checkpoint with a subscriber" 0 "$GISAC" audit checkpoint --json
check_eq "queued" "audit.checkpoint	webhook	http://127.0.0.1:9/hook	audit checkpoint: entry 10" \
    "$("$GISAC" notify queue | cut -f5-8)"
check_eq "its data: the checkpoint" "$(cat "$T/out")" "$(sqlite3 "$GISAC_DB" "SELECT payload FROM notify_outbox")"

# --- the server writes one when it stops -----------------------------------------------------------------
# (without the subscription: its failing deliveries would be writes too)
"$GISAC" notify remove 1 >/dev/null
"$GISAC" agency update nics --grade A >/dev/null
BEFORE=$(sqlite3 "$GISAC_DB" "SELECT COUNT(*) FROM audit_checkpoint")
serve_start "$T/serve.log"
serve_stop
check_eq "one more checkpoint" "$((BEFORE + 1))" "$(sqlite3 "$GISAC_DB" "SELECT COUNT(*) FROM audit_checkpoint")"
check_status "by the scheduler" 0 "$GISAC" audit list --action audit.checkpoint --actor server:scheduler
check_eq "one by the scheduler" "1" "$(wc -l <"$T/out" | tr -d ' ')"
check_grep "logged" '"scheduler":"audit_checkpoint","seq":' "$T/serve.log"
# nothing written since: no new one at the next stop
serve_start "$T/serve2.log"
serve_stop
check_eq "none when nothing moved" "$((BEFORE + 1))" "$(sqlite3 "$GISAC_DB" "SELECT COUNT(*) FROM audit_checkpoint")"
check_status "all verified" 0 "$GISAC" audit verify
check_grep "all verified" "; no entry after it" "$T/out"

finish
