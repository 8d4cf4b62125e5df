#!/bin/sh
# The CLI's help (src/cli/help/, compiled by src/cli/gen/gen_help.c):
# every command's --help, bad-option and missing-argument messages and
# exit statuses, byte for byte as tests/cli/data/help_all.txt holds them
# (made with tests/cli/help_dump.sh before the help moved out of the
# command tables); gisac help-check (every command has help, every help a
# command); and the generator's errors on malformed catalogues.
. "$GISAC_SRCDIR/tests/cli/lib.sh"

check_status "help-check" 0 "$GISAC" help-check
check_eq "help-check: no complaint" "" "$(cat "$T/err")"
cp "$T/out" "$T/paths"
check_eq "help-check: every command path" "146" "$(wc -l <"$T/paths" | tr -d ' ')"
check_eq "help-check: a nested path" "vuln vex list" "$(grep -x 'vuln vex list' "$T/paths")"

CHECKS=$((CHECKS + 1))
GISAC="$GISAC" sh "$GISAC_SRCDIR/tests/cli/help_dump.sh" <"$T/paths" >"$T/help_all.txt"
if ! cmp -s "$GISAC_SRCDIR/tests/cli/data/help_all.txt" "$T/help_all.txt"; then
    fail "the help of every command differs from tests/cli/data/help_all.txt"
    diff "$GISAC_SRCDIR/tests/cli/data/help_all.txt" "$T/help_all.txt" | head -40 >&2
fi
check_status "help-check takes no argument" 2 "$GISAC" help-check x
check_eq "help-check x" "gisac: unknown command 'help-check'" "$(head -1 "$T/err")"
# hidden: not in the list of commands
CHECKS=$((CHECKS + 1))
if "$GISAC" --help | grep -q help-check; then
    fail "gisac --help lists help-check"
fi

# ---- the generator -------------------------------------------------------
GEN=$(dirname "$GISAC")/gen_help # built beside gisac
if [ ! -x "$GEN" ]; then
    fail "no gen_help beside $GISAC"
else
    mkdir -p "$T/cat"
    # gen_fails WHAT EXPECTED_MESSAGE FILE...: gen_help fails with exit 1
    # and the message, and writes no table
    gen_fails() {
        gen_what=$1 gen_want=$2
        shift 2
        check_status "$gen_what" 1 "$GEN" "$T/out.c" "$@"
        check_eq "$gen_what: message" "$gen_want" "$(cat "$T/err")"
        check_eq "$gen_what: no table" "" "$(ls "$T/out.c" "$T/out.c.tmp" 2>/dev/null)"
    }
    printf '# ok\n@ x\nsummary: the x\n+ on two lines\ntext:\n| a\n|\n| b  c\n\n@ x y\nsynopsis:\nsummary: why "?" \\\n' >"$T/cat/x.txt"
    check_status "a good catalogue" 0 "$GEN" "$T/gen.c" "$T/cat/x.txt"
    check_eq "the generated table" '/* Made by gen_help (src/cli/gen/gen_help.c) from src/cli/help/: do not edit. */
#include "cli/cli.h"

const cli_help_entry cli_help_table[] = {
    {"x",
     .synopsis = NULL,
     .summary = "the x\n"
     "on two lines",
     .usage = NULL,
     .missing = NULL,
     .unknown = NULL,
     .text = "a\n"
     "\n"
     "b  c\n",
     .notes = NULL},
    {"x y",
     .synopsis = "",
     .summary = "why \"\?\" \\",
     .usage = NULL,
     .missing = NULL,
     .unknown = NULL,
     .text = NULL,
     .notes = NULL},
};
const size_t cli_help_count = 2;' "$(cat "$T/gen.c")"
    mkdir -p "$T/cat2"
    printf '@ x z\nsummary: again\n@ x\nsummary: twice\n' >"$T/cat2/x.txt"
    gen_fails "a duplicate key" "$T/cat2/x.txt:3: duplicate key 'x' (first at $T/cat/x.txt:2)" \
        "$T/cat/x.txt" "$T/cat2/x.txt"
    printf '@ y\nsummary: of y\n' >"$T/cat/y2.txt"
    gen_fails "a key of another file" \
        "$T/cat/y2.txt:1: a key is \"@ \" and the command path, first the file's command: '@ y'" \
        "$T/cat/y2.txt"
    printf 'summary: s\n' >"$T/cat/z.txt"
    gen_fails "a field before a key" "$T/cat/z.txt:1: a field before the first key: 'summary: s'" \
        "$T/cat/z.txt"
    printf '@ z\nsummary: s\n| a line\n' >"$T/cat/z.txt"
    gen_fails "a text line after a one-line field" \
        "$T/cat/z.txt:3: a text line outside a text: or notes: block" "$T/cat/z.txt"
    printf '@ z\nsumary: s\n' >"$T/cat/z.txt"
    gen_fails "an unknown field" "$T/cat/z.txt:2: not a key, a field or a text line: 'sumary: s'" \
        "$T/cat/z.txt"
    printf '@ z\nsummary: s\nsummary: t\n' >"$T/cat/z.txt"
    gen_fails "a field twice" "$T/cat/z.txt:3: a field given twice in one entry: 'summary'" \
        "$T/cat/z.txt"
    printf '@ z\ntext: inline\n' >"$T/cat/z.txt"
    gen_fails "a block with a value" \
        "$T/cat/z.txt:2: a block field's lines follow it, each \"| \" and the line: 'text'" \
        "$T/cat/z.txt"
    printf '@ z\ntext:\n|x\n' >"$T/cat/z.txt"
    gen_fails "a text line without its space" \
        "$T/cat/z.txt:3: a text line is \"| \" and the line, or \"|\"" "$T/cat/z.txt"
    printf '@ z\ntext:\n| a\n+ b\n' >"$T/cat/z.txt"
    gen_fails "a continuation after a block" \
        "$T/cat/z.txt:4: a \"+ \" line continues a one-line field (summary: ...)" "$T/cat/z.txt"
    printf '@ z\nsummary: s' >"$T/cat/z.txt"
    gen_fails "no newline at the end" "$T/cat/z.txt:2: the last line has no newline" "$T/cat/z.txt"
    printf '@ Z\n' >"$T/cat/z.txt"
    gen_fails "an upper-case key" \
        "$T/cat/z.txt:1: a key is \"@ \" and the command path, first the file's command: '@ Z'" \
        "$T/cat/z.txt"
    check_status "no catalogue" 1 "$GEN" "$T/out.c"
    check_eq "no catalogue: usage" "usage: gen_help OUT.c CATALOGUE.txt..." "$(cat "$T/err")"
    check_status "a catalogue that is not there" 1 "$GEN" "$T/out.c" "$T/cat/none.txt"
    check_eq "not there: message" "$T/cat/none.txt: No such file or directory" "$(cat "$T/err")"
fi

finish
