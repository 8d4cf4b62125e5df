#!/bin/sh
# help_dump.sh: what every command says about itself, as one text
# (tests/cli/test_help.sh compares it with tests/cli/data/help_all.txt).
# Reads command paths ("intel search"), one a line, on stdin; for gisac
# itself and for each path prints its --help, what a bad option
# (--no-such-option) and no argument at all print, each with the command
# line, stdout, stderr and exit status. Only commands that are groups or
# that take an argument are run without one: those stop at the usage.
#   usage: GISAC=build/gisac sh tests/cli/help_dump.sh <paths
: "${GISAC:?GISAC must name the gisac binary}"
run() {
    printf '$ gisac %s\n' "$*"
    # shellcheck disable=SC2086 # the words of a path
    "$GISAC" --db /nonexistent/help-dump.db "$@" >"$D/out" 2>"$D/err" </dev/null
    printf '[exit %s]\n' "$?"
    sed 's/^/out| /' "$D/out"
    sed 's/^/err| /' "$D/err"
}
D=$(mktemp -d "${TMPDIR:-/tmp}/gisac-help.XXXXXX") || exit 2
trap 'rm -rf "$D"' EXIT
run --help
run
while IFS= read -r path; do
    # shellcheck disable=SC2086
    run $path --help
    # shellcheck disable=SC2086
    run $path --no-such-option
    # a group, or a command with a required argument: an upper-case word
    # outside brackets after its path in its usage line (the last one)
    # shellcheck disable=SC2086
    need=$("$GISAC" $path --help | sed -n '/^usage: \|^       gisac /p' | tail -1 |
        sed "s/^usage: //; s/^ *gisac $path//; :a; s/\[[^][]*\]//g; ta" | grep -c '[A-Z]')
    if [ "$need" != 0 ]; then
        # shellcheck disable=SC2086
        run $path
    fi
done
