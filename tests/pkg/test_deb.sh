#!/bin/sh
# test_deb.sh: the Debian package, installed into a temporary root (no
# root needed, nothing touches the machine): its fields and files, the
# program running from that root, the maintainer scripts run with the
# system commands they call replaced by recorders, and the systemd units
# (their hardening, and systemd-analyze verify/security when present).
#   tests/pkg/test_deb.sh [PACKAGE.deb]     (default: build-deb/gisac_*.deb)
# Run by `make deb-test` after `make deb`.
set -u
src=$(cd "$(dirname "$0")/../.." && pwd)
deb=${1:-}
if [ -z "$deb" ]; then
    for d in "$src"/build-deb/gisac_*_*.deb; do
        deb=$d
    done
fi
if [ -z "$deb" ] || [ ! -f "$deb" ]; then
    echo "test_deb: no package (run make deb first)" >&2
    exit 2
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/gisac-deb.XXXXXX")
trap 'rm -rf "$T"' EXIT
R=$T/root
FAILS=0 CHECKS=0
fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
check_eq() {
    CHECKS=$((CHECKS + 1))
    [ "$2" = "$3" ] || { fail "$1"; printf '  expected: %s\n  actual:   %s\n' "$2" "$3" >&2; }
}
check_has() { # WHAT FILE LINE: the exact line is in the file
    CHECKS=$((CHECKS + 1))
    grep -qxF -- "$3" "$2" || fail "$1: no line '$3' in ${2#"$T"/}"
}

# --- the package's fields ----------------------------------------------------------
f() { dpkg-deb -f "$deb" "$1"; }
check_eq "Package" "gisac" "$(f Package)"
check_eq "Version" "$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)" "$(f Version)"
check_eq "Architecture" "$(dpkg-architecture -qDEB_HOST_ARCH)" "$(f Architecture)"
for dep in adduser tzdata libsodium23 libsqlite3-0 libjansson4 libmicrohttpd12 libcurl4 libidn2-0; do
    CHECKS=$((CHECKS + 1))
    f Depends | tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep -qx "$dep" || fail "Depends: no $dep in '$(f Depends)'"
done

# --- its files, unpacked into the temporary root -------------------------------------
dpkg-deb -x "$deb" "$R"
dpkg-deb -e "$deb" "$T/DEBIAN"
for p in usr/bin/gisac usr/libexec/gisac/gisac-parse etc/gisac/gisac.conf lib/systemd/system/gisac.service \
    lib/systemd/system/gisac-match@.service usr/share/man/man1/gisac.1.gz \
    usr/share/doc/gisac/copyright usr/share/doc/gisac/README.md usr/share/doc/gisac/docs/audit.md \
    usr/share/doc/gisac/docs/install.md usr/share/doc/gisac/examples/match-example.conf; do
    CHECKS=$((CHECKS + 1))
    [ -f "$R/$p" ] || fail "file /$p missing"
done
check_eq "the program's mode" "755" "$(stat -c %a "$R/usr/bin/gisac")"
check_eq "the parse helper's mode" "755" "$(stat -c %a "$R/usr/libexec/gisac/gisac-parse")"
check_eq "conffiles" "/etc/gisac/gisac.conf" "$(cat "$T/DEBIAN/conffiles")"
check_has "the configuration: the database" "$R/etc/gisac/gisac.conf" "GISAC_DB=/var/lib/gisac/gisac.db"
check_has "the configuration: loopback" "$R/etc/gisac/gisac.conf" "GISAC_SERVE_OPTS=--listen 127.0.0.1:8080"
CHECKS=$((CHECKS + 1))
# nothing else than these places
other=$(cd "$R" && find . -type f | grep -vE '^\./(usr/bin/gisac|usr/libexec/gisac/gisac-parse|etc/gisac/gisac\.conf|lib/systemd/system/gisac(-match@)?\.service|usr/share/(doc|man|lintian/overrides)/.*)$')
[ -z "$other" ] || fail "unexpected files: $other"

# --- the program runs from the root ------------------------------------------------------
check_eq "--version" "gisac 0.1.0" "$("$R/usr/bin/gisac" --version 2>&1)"
export GISAC_DB="$T/smoke.db" GISAC_NOW=2026-11-24T00:00:00Z
"$R/usr/bin/gisac" agency add moda --name MODA --grade A >/dev/null 2>&1 || fail "agency add"
"$R/usr/bin/gisac" audit checkpoint >/dev/null 2>&1 || fail "audit checkpoint"
check_eq "audit verify" "audit log intact: 2 entries" "$("$R/usr/bin/gisac" audit verify 2>&1 | head -1 | cut -d, -f1)"
# an import: parsed by the package's helper (found in ../libexec/gisac from
# the program), in the sandbox; nothing else could parse it
printf '192.0.2.1\nevil.example\n' >"$T/feed.txt"
check_eq "feed import, sandboxed by the packaged helper" "imported 2, merged 0, unchanged 0, duplicates 0, rejected 0, unsupported 0, allowlisted 0" \
    "$(env -u GISAC_PARSE_HELPER -u GISAC_SANDBOX "$R/usr/bin/gisac" feed import --source smoke "$T/feed.txt" 2>&1)"
mv "$R/usr/libexec/gisac/gisac-parse" "$T/gisac-parse.away"
CHECKS=$((CHECKS + 1))
env -u GISAC_PARSE_HELPER -u GISAC_SANDBOX "$R/usr/bin/gisac" feed import --source smoke "$T/feed.txt" >"$T/noparse.out" 2>&1 &&
    fail "feed import without the helper succeeded"
check_has "without the helper: the error" "$T/noparse.out" \
    "gisac: $T/feed.txt: the parse helper gisac-parse is not installed (looked in $R/usr/bin, $R/usr/bin/../libexec/gisac, /usr/libexec/gisac/gisac-parse; GISAC_PARSE_HELPER names another); nothing was imported"
mv "$T/gisac-parse.away" "$R/usr/libexec/gisac/gisac-parse"

# --- the maintainer scripts, with recorders for what they would change ---------------------
for s in postinst postrm; do
    CHECKS=$((CHECKS + 1))
    [ -x "$T/DEBIAN/$s" ] || fail "$s missing or not executable"
    sh -n "$T/DEBIAN/$s" || fail "$s: syntax"
    if command -v shellcheck >/dev/null 2>&1; then
        CHECKS=$((CHECKS + 1))
        shellcheck -s sh -e SC2317 "$T/DEBIAN/$s" >&2 || fail "$s: shellcheck"
    fi
done
mkdir -p "$T/bin"
for c in adduser chown chmod mkdir rmdir deb-systemd-helper deb-systemd-invoke systemctl; do
    printf '#!/bin/sh\necho "%s $*" >>"%s/calls"\n' "$c" "$T" >"$T/bin/$c"
done
printf '#!/bin/sh\nexit 2\n' >"$T/bin/getent"            # no user gisac yet
printf '#!/bin/sh\nexit 1\n' >"$T/bin/dpkg-statoverride" # no override
chmod +x "$T/bin"/*
run_script() { PATH="$T/bin:/usr/bin:/bin" sh "$T/DEBIAN/$1" "$2" >"$T/script.out" 2>&1; }
: >"$T/calls"
run_script postinst configure
check_eq "postinst configure: exit" "0" "$?"
check_has "postinst: the system user" "$T/calls" \
    "adduser --system --group --quiet --home /var/lib/gisac --no-create-home --shell /usr/sbin/nologin --gecos gisac threat-intelligence platform gisac"
check_has "postinst: the state directory" "$T/calls" "chown gisac:gisac /var/lib/gisac"
check_has "postinst: its mode" "$T/calls" "chmod 0750 /var/lib/gisac"
check_has "postinst: the configuration's group" "$T/calls" "chown root:gisac /etc/gisac/gisac.conf"
check_has "postinst: the configuration's mode" "$T/calls" "chmod 0640 /etc/gisac/gisac.conf"
check_has "postinst: the server enabled" "$T/calls" "deb-systemd-helper enable gisac.service"
CHECKS=$((CHECKS + 1))
grep -q "gisac-match@" "$T/calls" && fail "postinst: the template unit is enabled or started"
# the user exists already: not made again
printf '#!/bin/sh\necho "gisac:x:999:999::/var/lib/gisac:/usr/sbin/nologin"\n' >"$T/bin/getent"
: >"$T/calls"
run_script postinst configure
CHECKS=$((CHECKS + 1))
grep -q '^adduser' "$T/calls" && fail "postinst: adduser again"
run_script postinst frobnicate
check_eq "postinst: an unknown step" "1" "$?"
: >"$T/calls"
run_script postrm purge
check_eq "postrm purge: exit" "0" "$?"
CHECKS=$((CHECKS + 1))
grep -q '/var/lib/gisac' "$T/calls" && fail "postrm purge touches /var/lib/gisac (the records are kept)"

# --- the units ----------------------------------------------------------------------------
U=$R/lib/systemd/system
for line in User=gisac Group=gisac EnvironmentFile=/etc/gisac/gisac.conf \
    "ExecStart=/usr/bin/gisac serve \$GISAC_SERVE_OPTS" NoNewPrivileges=yes ProtectSystem=strict \
    ProtectHome=yes PrivateTmp=yes PrivateDevices=yes ReadWritePaths=/var/lib/gisac StateDirectory=gisac \
    CapabilityBoundingSet= SystemCallFilter=@system-service 'SystemCallFilter=~@privileged @resources' \
    SystemCallArchitectures=native MemoryDenyWriteExecute=yes RestrictNamespaces=yes \
    'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6' WantedBy=multi-user.target; do
    check_has "gisac.service" "$U/gisac.service" "$line"
done
for line in User=gisac EnvironmentFile=/etc/gisac/match/%i.conf NoNewPrivileges=yes ProtectSystem=strict \
    ProtectHome=yes PrivateTmp=yes PrivateNetwork=yes ReadWritePaths=/var/lib/gisac CapabilityBoundingSet= \
    SystemCallFilter=@system-service RestrictAddressFamilies=AF_UNIX; do
    check_has "gisac-match@.service" "$U/gisac-match@.service" "$line"
done
if command -v systemd-analyze >/dev/null 2>&1; then
    # verify in a copy of the root holding the system's targets and
    # slices too: ExecStart's program must be the package's
    V=$T/vroot
    cp -a "$R" "$V"
    cp -a /lib/systemd/system/*.target /lib/systemd/system/*.slice "$V/lib/systemd/system/" 2>/dev/null
    for u in gisac.service gisac-match@.service; do
        CHECKS=$((CHECKS + 1))
        systemd-analyze verify --root="$V" --man=no "$V/lib/systemd/system/$u" >"$T/verify" 2>&1 ||
            { fail "systemd-analyze verify $u"; sed 's/^/  | /' "$T/verify" >&2; }
    done
    CHECKS=$((CHECKS + 1))
    if systemd-analyze security --offline=yes --root="$R" --threshold=20 "$U/gisac.service" >"$T/security" 2>&1; then
        sed -n 's/^→ Overall exposure level for gisac.service: /systemd-analyze security: /p' "$T/security"
    else
        fail "systemd-analyze security gisac.service above 2.0"
        tail -3 "$T/security" >&2
    fi
else
    echo "test_deb: no systemd-analyze: the units' own checks skipped" >&2
fi

if [ "$FAILS" -gt 0 ]; then
    echo "test_deb: $FAILS of $CHECKS checks failed" >&2
    exit 1
fi
echo "test_deb: $CHECKS checks passed ($(basename "$deb"))"
