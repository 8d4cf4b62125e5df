#!/bin/sh
# The web portal's files as gisac serve serves them (docs/web.md): embedded
# in the binary, index.html at / and at the portal's other paths, the
# portal's Content-Security-Policy and the other headers exactly, caching
# (immutable hashed assets, no-cache index.html), ETags with 304, HEAD,
# 405 for other methods, 404 for a missing asset and for unknown /api
# paths; the page loads nothing inline and nothing from another origin.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
command -v curl >/dev/null || { echo "curl not installed: skipped"; exit 77; }
SRV_PID=
trap 'serve_stop; rm -rf "$T"' EXIT

serve_start "$T/server.log" --threads 2
U=http://127.0.0.1:$PORT
CSP="default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

check_eq "/" 200 "$(req i "$U/")"
check_eq "/ type" "text/html; charset=utf-8" "$(hdr i Content-Type)"
check_eq "/ csp" "$CSP" "$(hdr i Content-Security-Policy)"
check_eq "/ nosniff" nosniff "$(hdr i X-Content-Type-Options)"
check_eq "/ referrer" no-referrer "$(hdr i Referrer-Policy)"
check_eq "/ frame" DENY "$(hdr i X-Frame-Options)"
check_eq "/ cache" no-cache "$(hdr i Cache-Control)"
check_grep "/ lang" '<html lang="zh-Hant-TW">' "$T/i.body"
ETAG=$(hdr i ETag)
check_eq "/ etag is the SHA-256" "\"$(sha256sum "$T/i.body" | cut -d' ' -f1)\"" "$ETAG"
check_eq "/index.html" 200 "$(req i2 "$U/index.html")"
check_eq "/index.html same" "" "$(cmp "$T/i.body" "$T/i2.body")"
check_eq "/ 304" 304 "$(req i3 -H "If-None-Match: $ETAG" "$U/")"
check_eq "/ 304 body" "" "$(body i3)"
check_eq "/ 304 etag" "$ETAG" "$(hdr i3 ETag)"
check_eq "/ weak etag 304" 304 "$(req i4 -H "If-None-Match: \"x\", W/$ETAG" "$U/")"
check_eq "/ other etag 200" 200 "$(req i5 -H 'If-None-Match: "x"' "$U/")"
check_eq "HEAD /" 200 "$(req i6 -I "$U/")"
check_nogrep "HEAD / no body (curl -I shows the headers only)" "<html" "$T/i6.body"
check_eq "HEAD / length" "$(wc -c <"$T/i.body" | tr -d ' ')" "$(hdr i6 Content-Length)"

# the page: its script and style from the portal, nothing inline, nothing from elsewhere
check_eq "one module script" 1 "$(grep -c '<script type="module" crossorigin src="/assets/index-[A-Za-z0-9_-]*\.js"></script>' "$T/i.body")"
check_eq "one stylesheet" 1 "$(grep -c '<link rel="stylesheet" crossorigin href="/assets/index-[A-Za-z0-9_-]*\.css">' "$T/i.body")"
check_eq "no inline script or style" 0 "$(grep -Eic '<script>|<style|style=' "$T/i.body")"
check_eq "nothing from another origin" 0 "$(grep -Eic '(src|href)="(https?:)?//' "$T/i.body")"
JS=$(sed -n 's|.*src="\(/assets/[^"]*\.js\)".*|\1|p' "$T/i.body")
CSS=$(sed -n 's|.*href="\(/assets/[^"]*\.css\)".*|\1|p' "$T/i.body")
check_eq "script" 200 "$(req j "$U$JS")"
check_eq "script type" "text/javascript; charset=utf-8" "$(hdr j Content-Type)"
check_eq "script cache" "public, max-age=31536000, immutable" "$(hdr j Cache-Control)"
check_eq "script csp" "$CSP" "$(hdr j Content-Security-Policy)"
check_eq "script etag" "\"$(sha256sum "$T/j.body" | cut -d' ' -f1)\"" "$(hdr j ETag)"
check_eq "script 304" 304 "$(req j2 -H "If-None-Match: $(hdr j ETag)" "$U$JS")"
check_eq "style" 200 "$(req c "$U$CSS")"
check_eq "style type" "text/css; charset=utf-8" "$(hdr c Content-Type)"
check_eq "style cache" "public, max-age=31536000, immutable" "$(hdr c Cache-Control)"
check_eq "no web font from elsewhere" 0 "$(grep -Eic '@import|url\((https?:)?//' "$T/c.body")"
check_eq "the script names no other origin (XML namespaces aside)" "" \
    "$(grep -Eo 'https?://[a-z0-9.-]+\.[a-z]{2,}/' "$T/j.body" | grep -v '^http://www\.w3\.org/$' | sort -u)"

# the portal's own paths give its page; the server's own stay theirs
check_eq "a portal path" 200 "$(req p1 "$U/incidents/INC-2026-000001")"
check_eq "a portal path is index.html" "" "$(cmp "$T/i.body" "$T/p1.body")"
check_eq "a portal path, no-cache" no-cache "$(hdr p1 Cache-Control)"
check_eq "/report" 200 "$(req p2 "$U/report")"
check_eq "a missing asset" 404 "$(req p3 "$U/assets/nothing.js")"
check_eq "a missing asset body" '{"error":{"code":"not_found","message":"no such resource"}}' "$(body p3)"
check_eq "POST to the portal" 405 "$(req p4 -X POST -d x "$U/report")"
check_eq "POST Allow" "GET, HEAD" "$(hdr p4 Allow)"
check_eq "an unknown /api path" 404 "$(req p5 "$U/api/nothing")"
check_eq "an unknown /api path: the API's csp" "default-src 'none'" "$(hdr p5 Content-Security-Policy)"
check_eq "/api/v1 still needs credentials" 401 "$(req p6 "$U/api/v1/me")"
check_eq "/healthz" 200 "$(req p7 "$U/healthz")"
check_eq "/feeds still needs credentials" 401 "$(req p8 "$U/feeds/rpz")"
serve_stop
finish
