#!/bin/sh
# Evidence uploads streamed to disk (docs/evidence.md): a 1 GiB upload sent
# chunked from a streaming generator is stored while the server's peak
# memory (VmHWM) stays under 200 MiB, and downloaded again with the same
# SHA-256; GET .../content has its headers and is recorded as an access in
# the chain of custody; over the limit (declared or not) is 413 and leaves
# no file; no upload without signing in; gisac evidence get.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_PWHASH_FAST=1
command -v curl >/dev/null || { echo "curl not installed: skipped"; exit 77; }
[ -r /proc/self/status ] || { echo "no /proc: skipped"; exit 77; }
SRV_PID=
trap 'serve_stop; rm -rf "$T"' EXIT

export GISAC_NOW=2026-11-24T00:00:00Z
check_status "agency" 0 "$GISAC" agency add moda --name "Ministry of Digital Affairs" --grade A
check_status "officer" 0 "$GISAC" user add off-moda --role agency --agency moda </dev/null
make_tokens off-moda
H_OFF="Authorization: Bearer $(cat "$T/tok.off-moda")"
JS="Content-Type: application/json"
unset GISAC_NOW # the upload's and the download's times are now's

serve_start "$T/server.log" --threads 2 --tick 3600
A=http://127.0.0.1:$PORT/api/v1
check_eq "report" 201 "$(req i1 -H "$H_OFF" -H "$JS" --data-binary '{"agency":"moda","title":"Disk image of the file server","asset":"core","aware_at":"2026-11-23T23:30:00Z"}' "$A/incidents")"
EV="$A/incidents/INC-2026-000001/evidence"

# --- 1 GiB, chunked, from a generator: never whole in memory ---------------------------
GIB=1073741824
ZERO_GIB=49bc20df15e412a64472421e13fe86ff1c5165e18b2afccf160d4dc19fe68a14 # sha256 of 1 GiB of zeros
check_eq "upload 1 GiB" 201 "$(head -c $GIB /dev/zero |
    curl -s -o "$T/up.body" -D "$T/up.hdr" -w '%{http_code}' -X POST -T - -H "$H_OFF" -H "$OCT" \
        "$EV?name=disk.img&note=image+of+fs1")"
check_eq "its hash and size" "1 $ZERO_GIB $GIB disk.img" \
    "$(json_get "$T/up.body" 'str(d["n"])+" "+d["sha256"]+" "+str(d["size"])+" "+d["name"]')"
HWM=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB$/\1/p' "/proc/$SRV_PID/status")
echo "server VmHWM after a 1 GiB upload: ${HWM} kB"
check_eq "server peak memory under 200 MiB (VmHWM ${HWM} kB)" yes "$([ "$HWM" -lt 204800 ] && echo yes || echo no)"
STORED="$SIDE.evidence/49/$ZERO_GIB"
check_eq "stored read-only by its hash" "-r--r--r-- $GIB" "$(stat -c '%A %s' "$STORED")"
check_eq "no temporary file left" "" "$(ls -A "$SIDE.evidence" | grep '^\.' || true)"

# --- download: headers, the same content, an access in the custody log -------------------
check_eq "download: the same content" "$ZERO_GIB" \
    "$(curl -s -D "$T/dl.hdr" -H "$H_OFF" "$EV/1/content" | sha256sum | cut -c1-64)"
check_eq "download: 200" "200" "$(tr -d '\r' <"$T/dl.hdr" | sed -n '1s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p')"
check_eq "Content-Type" "application/octet-stream" "$(hdr dl Content-Type)"
check_eq "Content-Length" "$GIB" "$(hdr dl Content-Length)"
check_eq "Content-Disposition" "attachment; filename=\"disk.img\"; filename*=UTF-8''disk.img" "$(hdr dl Content-Disposition)"
check_eq "X-Gisac-SHA256" "$ZERO_GIB" "$(hdr dl X-Gisac-SHA256)"
check_eq "custody: acquired, then accessed" "None user:off-moda acquired user:off-moda
user:off-moda user:off-moda accessed: downloaded over the API user:off-moda" \
    "$(req c1 -H "$H_OFF" "$EV/1" >/dev/null; json_get "$T/c1.body" '"\n".join(str(c["from"])+" "+c["to"]+" "+c["reason"]+" "+c["recorded_by"] for c in d["custody"])')"
"$GISAC" audit list >"$T/audit.txt" 2>&1
check_grep "audited" "evidence.access" "$T/audit.txt"
check_grep "audited: which" "INC-2026-000001/E1" "$T/audit.txt"
check_eq "HEAD: the headers, not an access" "200 $GIB 1" \
    "$(curl -s -o /dev/null -I -D "$T/hd.hdr" -w '%{http_code}' -H "$H_OFF" "$EV/1/content") $(hdr hd Content-Length) $(req c2 -H "$H_OFF" "$EV/1" >/dev/null; json_get "$T/c2.body" 'str(sum(1 for c in d["custody"] if c["reason"].startswith("accessed")))')"
check_eq "no such evidence" 404 "$(curl -s -o /dev/null -w '%{http_code}' -H "$H_OFF" "$EV/7/content")"

# --- the policy API: every rule in force, defaults included ---------------------------------
check_eq "GET /policy" "200 1 True 50 24h 4 Asia/Taipei" \
    "$(req p1 -H "$H_OFF" "$A/policy") $(json_get "$T/p1.body" '" ".join(str(x) for x in [d["version"], d["auto_report"]["enabled"], d["auto_report"]["min_confidence"], d["auto_report"]["window"], d["alert_light"]["red"]["open_level"], d["time_zone"]])')"
check_eq "GET /policy?version=9" "404" "$(req p2 -H "$H_OFF" "$A/policy?version=9")"
check_eq "GET /policy?version=x" "400 bad_request: query parameter 'version' must be a policy version (1, 2, ...)" "$(req p3 -H "$H_OFF" "$A/policy?version=x") $(err p3)"

# --- refused uploads leave nothing --------------------------------------------------------
check_eq "not signed in: 401 before the body" 401 "$(head -c 1048576 /dev/zero | curl -s -o /dev/null -w '%{http_code}' -X POST -T - "$EV?name=x.bin")"
serve_stop
serve_start "$T/server2.log" --threads 2 --tick 3600 --max-evidence 1048576
A=http://127.0.0.1:$PORT/api/v1
EV="$A/incidents/INC-2026-000001/evidence"
check_eq "declared too large: 413" 413 "$(head -c 2097152 /dev/zero | req big1 -X POST --data-binary @- -H "$H_OFF" -H "$OCT" "$EV?name=big.bin")"
check_eq "413 names the limit" "payload_too_large: the evidence file is larger than this server's limit of 1048576 bytes (gisac serve --max-evidence)" "$(err big1)"
check_eq "chunked too large: 413" 413 "$(head -c 3000000 /dev/urandom | req big2 -X POST -T - -H "$H_OFF" -H "$OCT" "$EV?name=big.bin")"
check_eq "no partial file left" "" "$(ls -A "$SIDE.evidence" | grep '^\.' || true)"
check_eq "just under the limit" 201 "$(head -c 1048576 /dev/zero | req ok1 -X POST -T - -H "$H_OFF" -H "$OCT" "$EV?name=one-mib.bin")"
check_eq "two pieces of evidence" "1 disk.img 2 one-mib.bin" \
    "$(req l1 -H "$H_OFF" "$EV" >/dev/null; json_get "$T/l1.body" '" ".join(str(e["n"])+" "+e["name"] for e in d["evidence"])')"
serve_stop

# --- the CLI -------------------------------------------------------------------------------
check_out "evidence get" 0 "wrote evidence 2 of INC-2026-000001 to $T/got.bin: sha256 30e14955ebf1352266dc2ff8067e68104607e750abb9d3b36582b8af909fcb58, 1048576 bytes" \
    "$GISAC" evidence get INC-2026-000001 2 --output "$T/got.bin"
check_eq "same content" "30e14955ebf1352266dc2ff8067e68104607e750abb9d3b36582b8af909fcb58" "$(sha256sum <"$T/got.bin" | cut -c1-64)"
check_out "not over a file" 2 "gisac: $T/got.bin: File exists" \
    "$GISAC" evidence get INC-2026-000001 2 --output "$T/got.bin"
check_eq "to stdout" "30e14955ebf1352266dc2ff8067e68104607e750abb9d3b36582b8af909fcb58" \
    "$("$GISAC" evidence get INC-2026-000001 2 | sha256sum | cut -c1-64)"
check_out "no such evidence" 1 "gisac: evidence 9 of incident INC-2026-000001: not found" \
    "$GISAC" evidence get INC-2026-000001 9
check_eq "the CLI's accesses are in the chain" "accessed: exported (gisac evidence get)
accessed: exported (gisac evidence get)" \
    "$("$GISAC" evidence show INC-2026-000001 2 --json | json_get /dev/stdin '"\n".join(c["reason"] for c in d["custody"] if c["reason"].startswith("accessed"))')"
finish
