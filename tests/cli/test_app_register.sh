#!/bin/sh
# test_app_register.sh: the register of government apps (docs/app.md):
# apps of agencies, versions submitted as APKs (kept under their SHA-256,
# checked, compared with the version before, looked up in the threat
# intelligence as mobile indicators), the API with its role and agency
# checks, every write audited. APKs: samples/apk (docs/app-check.md) and
# tax.apk signed again with another key (apksigner).
. "$(dirname "$0")/lib.sh"
trap 'serve_stop; rm -rf "$T"' EXIT
PY=/usr/bin/python3
S=$GISAC_SRCDIR/samples/apk
# the evidence directory: beside the SQLite file, or in the state directory (PostgreSQL)
EVDIR=$GISAC_DB.evidence
[ -n "${GISAC_TEST_PG:-}" ] && EVDIR=$GISAC_STATE_DIR/gisac.evidence
for tool in apksigner openssl curl; do
    command -v $tool >/dev/null 2>&1 || { echo "test_app_register: $tool missing (scripts/deps.sh installs it)" >&2; exit 1; }
done

export GISAC_NOW=2026-12-07T02:00:00Z
"$GISAC" agency add --name "Ministry of Finance" --grade A mof >/dev/null
"$GISAC" agency add --name "Ministry of the Interior" --grade B moi >/dev/null
check_command_groups app

# --- the register by the command line ------------------------------------------------------
check_out "add" 0 '{"id":1,"agency":"mof","name":"Tax filing","package":"tw.gov.example.tax","platform":"android","store_links":["https://play.google.com/store/apps/details?id=tw.gov.example.tax"],"contacts":["app-team@mof.gov.tw","02-2322-8000"],"versions":0,"created":"2026-12-07T02:00:00Z","modified":"2026-12-07T02:00:00Z"}' \
    "$GISAC" app add --agency mof --name "Tax filing" --package tw.gov.example.tax --platform android \
    --store-link "https://play.google.com/store/apps/details?id=tw.gov.example.tax" \
    --contact app-team@mof.gov.tw --contact 02-2322-8000
check_out "the package once per platform" 1 "gisac: tw.gov.example.tax is registered already as an android app" \
    "$GISAC" app add --agency moi --name Other --package tw.gov.example.tax --platform android
check_out "an iOS app may have it" 0 "2	moi	ios	tw.gov.example.tax	0	Tax (iOS)" \
    sh -c '"$GISAC" app add --agency moi --name "Tax (iOS)" --package tw.gov.example.tax --platform ios >/dev/null && "$GISAC" app list --agency moi'
check_out "not an Android package" 2 "gisac: '1tax.gov' is not an Android package: android-package: a segment must start with a letter, at offset 0" \
    "$GISAC" app add --agency mof --name X --package 1tax.gov --platform android
check_out "a platform" 2 "gisac: platform 'web': use android or ios" \
    "$GISAC" app add --agency mof --name X --package tw.gov.x --platform web
check_out "an agency" 2 "gisac: agency nope not found" \
    "$GISAC" app add --agency nope --name X --package tw.gov.x --platform android

# the first version: kept, checked, nothing to compare
"$GISAC" app submit 1 "$S/tax.apk" >"$T/out"
check_eq "version 1" "1 30 3.0 None None [] True tax.apk" \
    "$(json_get "$T/out" '" ".join(str(x) for x in (d["n"], d["version_code"], d["version_name"], d["worst"], d["changes"], d["intel"], d["verified"], d["file_name"]))')"
SHA=$(sha256sum "$S/tax.apk" | cut -d' ' -f1)
check_eq "its SHA-256 and report" "$SHA tw.gov.example.tax 078401a2d0d27c38d7c1d7161385f615f77280fb9a84bc8b260a75f26294bea6" \
    "$(json_get "$T/out" 'd["sha256"]+" "+d["report"]["package"]+" "+d["signer"]')"
check_eq "the file kept under its SHA-256" "" "$(cmp "$S/tax.apk" "$EVDIR/$(echo "$SHA" | cut -c1-2)/$SHA" 2>&1)"

# the second: changed after signing
"$GISAC" app submit 1 "$S/tax-changed.apk" >"$T/out"
check_eq "version 2: what changed" "2 critical 1 change.signature:critical change.version_code:low" \
    "$(json_get "$T/out" 'str(d["n"])+" "+d["worst"]+" "+str(d["changes"]["previous"])+" "+" ".join(c["id"]+":"+c["severity"] for c in d["changes"]["diff"]["changes"])')"

# the third: another signer (tax.apk signed again with a new key)
openssl req -x509 -nodes -newkey rsa:2048 -sha256 -keyout "$T/k.key" -out "$T/k.pem" -days 3650 -subj /CN=other >/dev/null 2>&1 &&
    openssl pkcs8 -topk8 -in "$T/k.key" -outform DER -out "$T/k.pk8" -nocrypt &&
    apksigner sign --key "$T/k.pk8" --cert "$T/k.pem" --out "$T/tax-resigned.apk" "$S/tax.apk" >/dev/null 2>&1 || fail "resign"
"$GISAC" app submit 1 "$T/tax-resigned.apk" >"$T/out"
check_eq "version 3: another signer" "3 critical change.signer:critical change.version_code:low" \
    "$(json_get "$T/out" 'str(d["n"])+" "+d["worst"]+" "+" ".join(c["id"]+":"+c["severity"] for c in d["changes"]["diff"]["changes"])')"

# an APK of another package: refused with the member named, nothing stored
check_out "another package" 2 "gisac: the APK's package is tw.gov.example.permit, not the app's tw.gov.example.tax: submit it to its own app" \
    "$GISAC" app submit 1 "$S/permit.apk"
check_out "an iOS app takes no APK" 1 "gisac: app 2 is an ios app: versions are submitted as APKs of Android apps" \
    "$GISAC" app submit 2 "$S/tax.apk"
check_out "not an APK" 2 "gisac: not a ZIP archive: no end of central directory record" \
    "$GISAC" app submit 1 "$GISAC_SRCDIR/samples/c2-sample.txt"
check_out "no such app" 1 "gisac: app 9 not found" "$GISAC" app submit 9 "$S/tax.apk"

"$GISAC" app show 1 >"$T/out"
check_eq "show: the versions and their changes" "3 1:None 2:critical 3:critical" \
    "$(json_get "$T/out" 'str(d["versions"])+" "+" ".join(str(v["n"])+":"+str(v["worst"]) for v in d["history"])')"
check_eq "show: no reports in the history" "False" "$(json_get "$T/out" 'any("report" in v for v in d["history"])')"
"$GISAC" app version 1 2 >"$T/out"
check_eq "version 2 with its report" "2 False" "$(json_get "$T/out" 'str(d["n"])+" "+str(d["report"]["signature"]["verified"])')"
check_out "no version 4" 1 "gisac: version 4: not found" "$GISAC" app version 1 4
check_out "update" 0 "Tax filing 2 [] 2026-12-08T02:00:00Z" \
    sh -c 'GISAC_NOW=2026-12-08T02:00:00Z "$GISAC" app update 1 --name "Tax filing 2" --store-link "" | '"$PY"' -c "import json,sys; d=json.load(sys.stdin); print(d[\"name\"], d[\"store_links\"], d[\"modified\"])"'
check_out "a package with versions stays" 1 "gisac: app 1 has versions of tw.gov.example.tax: register the new package as another app" \
    "$GISAC" app update 1 --package tw.gov.example.tax2

# --- mobile threat intelligence --------------------------------------------------------------
"$GISAC" app add --agency moi --name Permits --package tw.gov.example.permit --platform android >/dev/null
printf 'android_package,threat\ntw.gov.example.permit,fake-gov-app\n' >"$T/pkg.csv"
printf 'x509_sha256\n66:65:9A:7B:98:D7:AC:52:22:CE:90:D7:C7:77:0F:19:75:4A:4D:ED:7F:7E:D3:A1:D7:28:DF:7B:07:AC:35:FE\n' >"$T/cert.csv"
"$GISAC" feed import --format csv "$T/pkg.csv" >/dev/null || fail "import packages"
"$GISAC" feed import --format csv "$T/cert.csv" >/dev/null || fail "import certificates"
check_out "the indicators in their normal forms" 0 "x509-sha256	66659a7b98d7ac5222ce90d7c7770f19754a4ded7f7ed3a1d728df7b07ac35fe
android-package	tw.gov.example.permit" \
    sh -c '"$GISAC" intel list --json | '"$PY"' -c "import json,sys; [print(d[\"type\"]+chr(9)+d[\"value\"]) for d in map(json.loads, sys.stdin)]"'
"$GISAC" app submit 3 "$S/permit.apk" >"$T/out"
check_eq "matched: the signer and the package" "critical x509-sha256:critical android-package:critical" \
    "$(json_get "$T/out" 'd["worst"]+" "+" ".join(i["type"]+":"+i["severity"] for i in d["intel"])')"
[ -n "${GISAC_TEST_PG:-}" ] || check_eq "recorded as sightings by the app's agency" "moi|1
moi|1" "$(sqlite3 "$GISAC_DB" "SELECT agency, count FROM sighting ORDER BY indicator_id")"
"$GISAC" intel export --format misp -o "$T/misp" >/dev/null 2>&1 || fail "export misp"
check_eq "shared in MISP" "mobile-application-id/Payload delivery:tw.gov.example.permit x509-fingerprint-sha256/Network activity:66659a7b98d7ac5222ce90d7c7770f19754a4ded7f7ed3a1d728df7b07ac35fe" \
    "$($PY -c '
import json,sys,glob
a=[x for f in glob.glob(sys.argv[1]+"/*-*.json") for x in json.load(open(f))["Event"]["Attribute"]]
print(" ".join(sorted(x["type"]+"/"+x["category"]+":"+x["value"] for x in a)))' "$T/misp")"
check_out "shared in STIX" 0 "[software:x_android_package = 'tw.gov.example.permit']
[x509-certificate:hashes.'SHA-256' = '66659a7b98d7ac5222ce90d7c7770f19754a4ded7f7ed3a1d728df7b07ac35fe']" \
    sh -c '"$GISAC" intel export --format stix | '"$PY"' -c "import json,sys; [print(o[\"pattern\"]) for o in sorted(json.load(sys.stdin)[\"objects\"], key=lambda o: o.get(\"pattern\", \"\")) if o[\"type\"] == \"indicator\"]"'
# and read back: the STIX bundle imported into another installation
"$GISAC" intel export --format stix >"$T/bundle.json"
check_out "imported from STIX" 0 "android-package	tw.gov.example.permit
x509-sha256	66659a7b98d7ac5222ce90d7c7770f19754a4ded7f7ed3a1d728df7b07ac35fe" \
    sh -c 'GISAC_DB="$1/other.db" "$GISAC" agency add --grade A x >/dev/null 2>&1; GISAC_DB="$1/other.db" "$GISAC" feed import "$1/bundle.json" >/dev/null && GISAC_DB="$1/other.db" "$GISAC" intel list --json | '"$PY"' -c "import json,sys; [print(d[\"type\"]+chr(9)+d[\"value\"]) for d in sorted(map(json.loads, sys.stdin), key=lambda d: d[\"type\"])]"' _ "$T"

# and from a MISP event: the two attribute types, an iOS bundle id with '-' refused
cat >"$T/event.json" <<'JSON'
{"Event": {"info": "fake apps", "uuid": "5f0c2b6e-0d3b-4c39-9a7e-3f1d3c1e9a01", "Tag": [{"name": "tlp:green"}],
 "Attribute": [
  {"type": "mobile-application-id", "category": "Payload delivery", "value": "tw.gov.Fake_App", "to_ids": true, "uuid": "5f0c2b6e-0d3b-4c39-9a7e-3f1d3c1e9a02"},
  {"type": "x509-fingerprint-sha256", "category": "Network activity", "value": "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89", "to_ids": true, "uuid": "5f0c2b6e-0d3b-4c39-9a7e-3f1d3c1e9a03"},
  {"type": "mobile-application-id", "category": "Payload delivery", "value": "tw.gov.fake-app", "to_ids": true, "uuid": "5f0c2b6e-0d3b-4c39-9a7e-3f1d3c1e9a04"}]}}
JSON
check_out "imported from MISP" 0 "android-package	tw.gov.Fake_App
x509-sha256	abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789" \
    sh -c 'GISAC_DB="$1/misp.db" "$GISAC" feed import --format misp "$1/event.json" >/dev/null 2>"$1/misp.err"; GISAC_DB="$1/misp.db" "$GISAC" intel list --json | '"$PY"' -c "import json,sys; [print(d[\"type\"]+chr(9)+d[\"value\"]) for d in sorted(map(json.loads, sys.stdin), key=lambda d: d[\"type\"])]"' _ "$T"
check_grep "the bundle id with '-' refused" "not a letter, digit" "$T/misp.err"

check_eq "audited" "app.add app.add app.add app.update app.version.add app.version.add app.version.add app.version.add" \
    "$("$GISAC" audit list --action app. --json | $PY -c 'import json,sys; print(" ".join(sorted(json.loads(l)["action"] for l in sys.stdin)))')"

# --- the API: roles and agencies -----------------------------------------------------------
echo 'analyst password 01' | "$GISAC" user add ann --role analyst >/dev/null 2>&1
echo 'officer password 01' | "$GISAC" user add off-mof --role agency --agency mof >/dev/null 2>&1
echo 'officer password 02' | "$GISAC" user add off-moi --role agency --agency moi >/dev/null 2>&1
"$GISAC" user add fw --role consumer </dev/null >/dev/null 2>&1
make_tokens ann off-mof off-moi fw
serve_start "$T/server.log" --threads 2
A="http://127.0.0.1:$PORT/api/v1"
upload() { curl -s -o "$T/resp" -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/tok.$1")" -H 'Content-Type: application/vnd.android.package-archive' --data-binary "@$3" "$A$2"; }

check_eq "the analyst sees all" "200 3" "$(get ann /apps) $(json_get "$T/resp" 'len(d["apps"])')"
check_eq "an officer its own" "200 1" "$(get off-mof /apps) $(json_get "$T/resp" 'len(d["apps"])')"
check_eq "another agency's list: 404" 404 "$(get off-mof '/apps?agency=moi')"
check_eq "another agency's app: 404" 404 "$(get off-moi /apps/1)"
check_eq "its own app with history" "200 3" "$(get off-mof /apps/1) $(json_get "$T/resp" 'len(d["history"])')"
check_eq "consumer: 403" 403 "$(get fw /apps)"
check_eq "add its own" "201 4 ios" "$(post off-mof /apps '{"agency":"mof","name":"Tax (iOS)","package":"tw.gov.example.taxpad","platform":"ios","store_links":["https://apps.apple.com/app/id1"]}') $(json_get "$T/resp" 'str(d["id"])+" "+d["platform"]')"
check_eq "add another agency's: 404" 404 "$(post off-mof /apps '{"agency":"moi","name":"X","package":"tw.gov.x","platform":"android"}')"
check_eq "taken: 409" 409 "$(post ann /apps '{"agency":"moi","name":"X","package":"tw.gov.example.permit","platform":"android"}')"
check_eq "bad package: 422 naming it" "422 \$.package" "$(post ann /apps '{"agency":"moi","name":"X","package":"x","platform":"android"}') $(json_get "$T/resp" 'd["error"]["message"].split(":")[0]')"
check_eq "unknown member: 400" 400 "$(post ann /apps '{"agency":"moi","name":"X","package":"tw.gov.y","platform":"android","x":1}')"
check_eq "update its own" "200 Tax" "$(patch off-mof /apps/1 '{"name":"Tax"}') $(json_get "$T/resp" 'd["name"]')"
check_eq "update another's: 404" 404 "$(patch off-moi /apps/1 '{"name":"x"}')"
check_eq "submit a version: the signer back, its versionCode again" "201 4 tax.apk change.signer,change.version_code" "$(upload off-mof '/apps/1/versions?name=tax.apk' "$S/tax.apk") $(json_get "$T/resp" 'str(d["n"])+" "+d["file_name"]+" "+",".join(c["id"] for c in d["changes"]["diff"]["changes"]) or "none"')"
check_eq "submit to another's: 404" 404 "$(upload off-moi /apps/1/versions "$S/tax.apk")"
check_eq "another package: 422 naming it" "422 \$.package" "$(upload ann /apps/1/versions "$S/permit.apk") $(json_get "$T/resp" 'd["error"]["message"].split(":")[0]')"
check_eq "one version" "200 4 True" "$(get off-mof /apps/1/versions/4) $(json_get "$T/resp" 'str(d["n"])+" "+str("report" in d)')"
check_eq "no such version: 404" 404 "$(get off-mof /apps/1/versions/9)"
check_eq "another's version: 404" 404 "$(get off-moi /apps/1/versions/1)"

finish
