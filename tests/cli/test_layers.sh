#!/bin/sh
# test_layers.sh: the front ends (src/cli, src/http) stand on the application
# layer only (docs/architecture.md):
#  1. they include no header but app/, base/, ioc/ and their own, and
#     only the HTTP adapter (http_server.c) speaks libmicrohttpd;
#  2. their object files call no function of a service or of the store,
#     but the pure helpers of the domain's vocabulary listed below (names
#     of enums, renderings that take no handle); checked with nm.
. "$(dirname "$0")/lib.sh"

SRC=$GISAC_SRCDIR/src
BUILD=$(dirname "$GISAC")

# 1. includes
for f in "$SRC"/cli/*.[ch] "$SRC"/http/*.[ch]; do
    bad=$(grep -E '^#include "' "$f" | grep -vE '^#include "(app|base|ioc|cli|http)/' \
        | grep -vE '^#include "http_openapi\.inc"')
    check_eq "includes of ${f#"$SRC"/}" "" "$bad"
done

# 1b. libmicrohttpd stays in the request/response adapter (http_server.c):
# handlers see http_req, http_res and the adapter's functions
for f in "$SRC"/http/*.[ch]; do
    case $f in */http_server.c) continue ;; esac
    check_eq "libmicrohttpd in ${f#"$SRC"/}" "" "$(grep -nE 'MHD_[A-Za-z]|<microhttpd\.h>' "$f" | grep -v 'struct MHD_Connection;')"
done

# 2. calls: an undefined symbol of a front-end object that names a module
# below app/ must be a pure helper of the domain's vocabulary: it takes no
# service handle and no store (a name or parse of an enum, a JSON
# rendering of a value the app returned, freeing such a value, a status
# computed from a value's fields), or a function of the pure policy module.
SERVICES='^(store|intel|auth|incident|evidence|advisory|match|notify|audit|policy|report|kpi|light|export|feed|allow|taxii|alert|apk|gov|scap|asset|vuln|ingest|mobile)_'
PURE='(_to_json|_name|_parse|_from_name|_free|_status)$|^policy_|^(export_format_is_dir|auth_account_locked|auth_agency_id_check|auth_principal_of|incident_policy_builtin)$'
n=0
for src in "$SRC"/cli/*.c "$SRC"/http/*.c; do
    mod=$(basename "$(dirname "$src")")
    case $mod in cli) dir=gisac.dir ;; http) dir=gisac_http.dir ;; esac
    o="$BUILD/CMakeFiles/$dir/src/$mod/$(basename "$src").o"
    [ -f "$o" ] || continue
    n=$((n + 1))
    calls=$(nm -u "$o" | awk '{print $NF}' | grep -E "$SERVICES" | grep -vE "$PURE" | tr '\n' ' ')
    check_eq "calls below the app layer from $mod/$(basename "$src")" "" "$calls"
done
if [ "$n" -eq 0 ]; then
    echo "test_layers: no object files under $BUILD/CMakeFiles: skipped" >&2
    exit 77
fi

finish
