#!/bin/sh
# Agencies, accounts and API tokens through the command line: every
# command, its output, its errors and its exit status.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_NOW=2026-11-24T00:00:00Z
# the minimum argon2id limits (test-only)
export GISAC_PWHASH_FAST=1
PW='correct horse battery'

# --- help ---------------------------------------------------------------------
check_command_groups agency user token
for sub in "agency add" "agency list" "agency show" "agency update" \
    "user add" "user list" "user show" "user passwd" "user disable" "user enable" \
    "token create" "token list" "token revoke"; do
    # shellcheck disable=SC2086
    check_status "$sub --help" 0 "$GISAC" $sub --help
    check_grep "$sub --help" "usage: gisac ${sub% *} COMMAND" "$T/out"
done
check_status "gisac --help lists agency" 0 "$GISAC" --help
check_grep "gisac --help" "agency add|list|show|update" "$T/out"
check_grep "gisac --help" "token create|list|revoke" "$T/out"

# --- agencies -----------------------------------------------------------------
check_out "agency list, no database" 2 "gisac: $GISAC_DB: no such database (give --db PATH)" \
    "$GISAC" agency list
check_eq "no database created by a list" "no" "$([ -e "$GISAC_DB" ] && echo yes || echo no)"
check_out "user show, no database" 2 "gisac: $GISAC_DB: no such database (give --db PATH)" \
    "$GISAC" user show alice
check_out "agency add moda" 0 "added agency moda" \
    "$GISAC" agency add moda --name "Ministry of Digital Affairs" --sector " government " --grade A
check_out "agency add acs" 0 "added agency acs" \
    "$GISAC" agency add acs --name "Administration for Cyber Security" --grade b --parent=moda
check_out "agency add nics" 0 "added agency nics" \
    "$GISAC" agency add nics --name "國家資通安全研究院" --sector research --grade C --parent acs
check_out "duplicate id" 2 "gisac: agency moda exists already" \
    "$GISAC" agency add moda --name Other --grade A
check_out "unknown parent" 2 "gisac: parent agency nope does not exist" \
    "$GISAC" agency add x --name X --grade A --parent nope
check_out "bad grade" 2 "gisac: grade 'F': use A, B, C, D or E" \
    "$GISAC" agency add x --name X --grade F
check_out "bad id" 2 "gisac: agency id 'Bad_Id': use only a-z, 0-9 and '-' (1 to 64 characters)" \
    "$GISAC" agency add Bad_Id --name X --grade A
long=$(printf '%065d' 0)
check_status "id of 65 characters" 2 "$GISAC" agency add "$long" --name X --grade A
check_grep "id of 65" "longer than 64 characters" "$T/err"
sector=$(printf 's%.0s' $(seq 101))
check_out "sector too long" 2 "gisac: sector is longer than 100 bytes" \
    "$GISAC" agency add x --name X --grade A --sector "$sector"
check_out "empty name" 2 "gisac: agency name is empty" "$GISAC" agency add x --name "  " --grade A
check_status "no name" 2 "$GISAC" agency add x --grade A
check_grep "no name" "--name is required" "$T/err"
check_status "no grade" 2 "$GISAC" agency add x --name X
check_grep "no grade" "--grade is required" "$T/err"
check_status "no id" 2 "$GISAC" agency add --name X --grade A
check_status "two ids" 2 "$GISAC" agency add x y --name X --grade A
check_status "unknown option" 2 "$GISAC" agency add x --name X --grade A --colour red
check_status "missing value" 2 "$GISAC" agency add x --name
check_grep "missing value" "--name needs a value" "$T/err"

: >"$T/empty.db" # an empty file is an empty database
check_out "agency list, empty" 0 "" env GISAC_DB="$T/empty.db" "$GISAC" agency list --json
check_out "agency list" 0 "acs	B	moda	-	Administration for Cyber Security
moda	A	-	government	Ministry of Digital Affairs
nics	C	acs	research	國家資通安全研究院" "$GISAC" agency list
check_status "agency list --json" 0 "$GISAC" agency list --json
check_eq "agency list --json lines" 3 "$(wc -l <"$T/out")"
check_eq "agency list --json" '{"id":"acs","name":"Administration for Cyber Security","sector":null,"grade":"B","parent":"moda","networks":[],"created":"2026-11-24T00:00:00Z","modified":"2026-11-24T00:00:00Z"}' \
    "$(head -1 "$T/out")"
check_status "agency list bad arg" 2 "$GISAC" agency list --yaml

check_out "agency show" 0 "id            nics
name          國家資通安全研究院
sector        research
grade         C
parent        acs
networks      -
created       2026-11-24T08:00:00+08:00
modified      2026-11-24T08:00:00+08:00" "$GISAC" agency show nics
check_status "agency show --json" 0 "$GISAC" agency show nics --json
check_eq "agency show --json name" "國家資通安全研究院" "$(json_get "$T/out" 'd["name"]')"
check_out "agency show unknown" 1 "gisac: agency zz: not found" "$GISAC" agency show zz

# update, cycles
check_out "cycle: moda under nics" 2 "gisac: agency moda cannot be under nics: nics is already under moda" \
    "$GISAC" agency update moda --parent nics
check_out "cycle: own parent" 2 "gisac: agency acs cannot be its own parent" \
    "$GISAC" agency update acs --parent acs
check_out "update unknown" 1 "gisac: agency zz: not found" "$GISAC" agency update zz --name Z
check_status "update nothing" 2 "$GISAC" agency update moda
check_grep "update nothing" "nothing to change" "$T/err"
check_out "update" 0 "updated agency nics" \
    env GISAC_NOW=2026-11-25T00:00:00Z "$GISAC" agency update nics --grade a --sector "" --parent moda
check_status "show updated" 0 "$GISAC" agency show nics --json
check_eq "updated fields" "A None moda 2026-11-24T00:00:00Z 2026-11-25T00:00:00Z" \
    "$(json_get "$T/out" '" ".join(str(d[k]) for k in ("grade","sector","parent","created","modified"))')"
check_out "clear parent" 0 "updated agency acs" "$GISAC" agency update acs --parent ""
check_out "cycle after moves" 2 "gisac: agency moda cannot be under nics: nics is already under moda" \
    "$GISAC" agency update moda --parent nics

# --- users --------------------------------------------------------------------
check_out "user list, empty" 0 "" "$GISAC" user list
check_status "user add from stdin" 0 sh -c "echo '$PW' | \"\$GISAC\" user add alice --role analyst"
check_eq "user add output" "added user alice (analyst)" "$(cat "$T/out")"
check_status "user add generated" 0 "$GISAC" user add fw --role consumer --agency moda </dev/null
check_eq "generated: two lines" 2 "$(wc -l <"$T/out")"
check_eq "generated: first line" "added user fw (consumer, agency moda)" "$(head -1 "$T/out")"
gen=$(sed -n 's/^password: //p' "$T/out")
check_eq "generated: 20 characters" 20 "${#gen}"
check_eq "generated: letters and digits" "" "$(printf '%s' "$gen" | tr -d 'A-Za-z0-9')"
check_status "user add crlf" 0 sh -c "printf '$PW\r\nignored\n' | \"\$GISAC\" user add officer --role agency --agency moda"
check_status "user add consumer without agency" 0 sh -c "echo '$PW' | \"\$GISAC\" user add cert-x --role consumer"

check_out "duplicate user" 2 "gisac: user alice exists already" \
    sh -c "echo '$PW' | \"\$GISAC\" user add alice --role analyst"
check_out "sensor without agency" 2 "gisac: role sensor requires an agency" \
    sh -c "echo '$PW' | \"\$GISAC\" user add s1 --role sensor"
check_out "agency role without agency" 2 "gisac: role agency requires an agency" \
    sh -c "echo '$PW' | \"\$GISAC\" user add s1 --role agency"
check_out "admin with agency" 2 "gisac: role admin takes no agency" \
    sh -c "echo '$PW' | \"\$GISAC\" user add s1 --role admin --agency moda"
check_out "analyst with agency" 2 "gisac: role analyst takes no agency" \
    sh -c "echo '$PW' | \"\$GISAC\" user add s1 --role analyst --agency moda"
check_out "unknown agency" 2 "gisac: agency nope does not exist" \
    sh -c "echo '$PW' | \"\$GISAC\" user add s1 --role sensor --agency nope"
check_out "weak password" 2 "gisac: password too short: 11 characters, at least 12 needed" \
    sh -c "echo 'short words' | \"\$GISAC\" user add s1 --role sensor --agency moda"
check_out "empty password line" 2 "gisac: password too short: 0 characters, at least 12 needed" \
    sh -c "echo | \"\$GISAC\" user add s1 --role sensor --agency moda"
check_status "unknown role" 2 "$GISAC" user add s1 --role root
check_grep "unknown role" "unknown role 'root'" "$T/err"
check_status "no role" 2 "$GISAC" user add s1
check_grep "no role" "--role is required" "$T/err"
check_status "bad user name" 2 sh -c "echo '$PW' | \"\$GISAC\" user add Alice --role analyst"
check_grep "bad user name" "user name 'Alice'" "$T/err"
head -c 2000 /dev/zero | tr '\0' x >"$T/longpw"
check_status "password too long" 2 "$GISAC" user add s1 --role sensor --agency moda <"$T/longpw"
check_grep "password too long" "password is longer than 1024 bytes" "$T/err"
check_out "sensor" 0 "added user s1 (sensor, agency moda)" \
    sh -c "echo '$PW' | \"\$GISAC\" user add s1 --role sensor --agency moda"

check_out "user list" 0 "alice	analyst	-	active
cert-x	consumer	-	active
fw	consumer	moda	active
officer	agency	moda	active
s1	sensor	moda	active" "$GISAC" user list
check_status "user list --json" 0 "$GISAC" user list --json
check_eq "user list --json" '{"name":"officer","role":"agency","agency":"moda","status":"active","language":"zh-TW","failed_logins":0,"locked_until":null,"created":"2026-11-24T00:00:00Z","modified":"2026-11-24T00:00:00Z"}' \
    "$(sed -n 4p "$T/out")"
check_nogrep "no hashes in the list" "argon2" "$T/out"
check_out "user show" 0 "name          alice
role          analyst
agency        -
status        active
language      zh-TW
failed_logins 0
locked_until  -
created       2026-11-24T08:00:00+08:00
modified      2026-11-24T08:00:00+08:00" "$GISAC" user show alice
check_status "user show --json" 0 "$GISAC" user show fw --json
check_eq "user show --json" "consumer moda" "$(json_get "$T/out" 'd["role"] + " " + d["agency"]')"
check_out "user show unknown" 1 "gisac: user bob: not found" "$GISAC" user show bob
check_status "user show two" 2 "$GISAC" user show alice fw

check_out "disable" 0 "disabled user fw" "$GISAC" user disable fw
check_out "list after disable" 0 "fw	consumer	moda	disabled" sh -c '"$GISAC" user list | grep ^fw'
check_out "disable unknown" 1 "gisac: user bob: not found" "$GISAC" user disable bob
check_out "enable" 0 "enabled user fw" "$GISAC" user enable fw
check_out "enable unknown" 1 "gisac: user bob: not found" "$GISAC" user enable bob
check_out "passwd" 0 "changed the password of alice" \
    sh -c "echo 'a brand new password' | \"\$GISAC\" user passwd alice"
check_out "passwd weak" 2 "gisac: password too short: 5 characters, at least 12 needed" \
    sh -c "echo 'short' | \"\$GISAC\" user passwd alice"
check_out "passwd unknown" 1 "gisac: user bob: not found" \
    sh -c "echo '$PW' | \"\$GISAC\" user passwd bob"
check_status "passwd generated" 0 "$GISAC" user passwd alice </dev/null
check_grep "passwd generated" "password: " "$T/out"
# the database holds argon2id hashes, never a password
check_status "hash stored" 0 /usr/bin/python3 -c '
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute("SELECT password_hash FROM account").fetchall()
assert rows and all(r[0].startswith("$argon2id$") for r in rows), rows
assert not any("correct" in r[0] for r in rows)' "$GISAC_DB"

# --- tokens -------------------------------------------------------------------
check_out "token list, empty" 0 "" "$GISAC" token list
check_status "token create" 0 "$GISAC" token create --user fw --name "moda firewall" --expires-days 30
tok=$(cat "$T/out")
id=$(printf '%s' "$tok" | cut -c7-22)
check_eq "token format" "" "$(printf '%s\n' "$tok" | grep -vE '^gisac_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$')"
check_eq "token note" "gisac: token $id for fw, expires 2026-12-24T08:00:00+08:00; it is shown only this once" \
    "$(cat "$T/err")"
key="$GISAC_DB.key"
check_eq "key file mode" "600 32" "$(stat -c '%a %s' "$key")"
check_status "second token" 0 "$GISAC" token create --user alice
id2=$(cut -c7-22 "$T/out")
check_grep "second token never expires" "expires never" "$T/err"

check_out "token list" 0 "$id2	alice	active	2026-11-24T08:00:00+08:00	-	-	-
$id	fw	active	2026-11-24T08:00:00+08:00	2026-12-24T08:00:00+08:00	-	moda firewall" "$GISAC" token list
check_out "token list --user" 0 "$id	fw	active	2026-11-24T08:00:00+08:00	2026-12-24T08:00:00+08:00	-	moda firewall" \
    "$GISAC" token list --user fw
check_out "token list expired" 0 "$id	fw	expired	2026-11-24T08:00:00+08:00	2026-12-24T08:00:00+08:00	-	moda firewall" \
    env GISAC_NOW=2026-12-24T00:00:00Z "$GISAC" token list --user fw
check_status "token list --json" 0 "$GISAC" token list --user fw --json
check_eq "token list --json" "{\"id\":\"$id\",\"user\":\"fw\",\"name\":\"moda firewall\",\"status\":\"active\",\"created\":\"2026-11-24T00:00:00Z\",\"expires\":\"2026-12-24T00:00:00Z\",\"last_used\":null}" \
    "$(cat "$T/out")"
check_status "token list shows no secret" 0 "$GISAC" token list --json
check_nogrep "no secret in list" "$(printf '%s' "$tok" | cut -c24-)" "$T/out"
check_out "token list unknown user" 1 "gisac: user bob: not found" "$GISAC" token list --user bob
check_status "the database holds no secret" 0 /usr/bin/python3 -c '
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute("SELECT id, hash FROM token").fetchall()
assert len(rows) == 2 and all(len(h) == 64 for _, h in rows), rows
assert not any(sys.argv[2] in h for _, h in rows)' "$GISAC_DB" "$(printf '%s' "$tok" | cut -c24-)"

check_out "token create unknown user" 1 "gisac: user bob: not found" "$GISAC" token create --user bob
check_status "token create no user" 2 "$GISAC" token create
check_grep "token create no user" "--user is required" "$T/err"
check_status "token create bad days" 2 "$GISAC" token create --user fw --expires-days 0
check_grep "bad days" "--expires-days" "$T/err"
check_status "token create days too many" 2 "$GISAC" token create --user fw --expires-days 3651
check_status "token create days not a number" 2 "$GISAC" token create --user fw --expires-days x
"$GISAC" user disable s1 >/dev/null
check_out "token for a disabled user" 2 "gisac: user s1 is disabled" "$GISAC" token create --user s1

check_out "revoke" 0 "revoked token $id" "$GISAC" token revoke "$id"
check_out "revoke twice" 1 "gisac: token $id is already revoked" "$GISAC" token revoke "$id"
check_out "revoke unknown" 1 "gisac: token 0123456789abcdef: not found" "$GISAC" token revoke 0123456789abcdef
check_out "revoke bad id" 2 "gisac: 'nope' is not a token id (16 hex digits)" "$GISAC" token revoke nope
check_status "revoke no id" 2 "$GISAC" token revoke
check_out "list after revoke" 0 "$id	fw	revoked	2026-11-24T08:00:00+08:00	2026-12-24T08:00:00+08:00	-	moda firewall" \
    "$GISAC" token list --user fw

# --- the server key -------------------------------------------------------------
chmod 640 "$key"
check_out "group-readable key" 2 "gisac: $key: the server key is open to group or others (mode 640); refusing to use it (chmod 600 $key)" \
    "$GISAC" token create --user alice
chmod 600 "$key"
rm -f "$key"
check_status "key created again" 0 "$GISAC" token create --user alice
check_eq "new key file mode" "600" "$(stat -c '%a' "$key")"
rm -f "$GISAC_DB" "$GISAC_DB-wal" "$GISAC_DB-shm" "$key"
(umask 0; "$GISAC" user add k --role admin </dev/null >/dev/null 2>&1 && "$GISAC" token create --user k >/dev/null 2>&1)
check_eq "key mode 600 under umask 0" "600" "$(stat -c '%a' "$key")"

finish
