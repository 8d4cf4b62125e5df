#!/bin/sh
# test_app_check.sh: gisac app check (docs/app-check.md) on APKs built here
# with aapt and signed with apksigner (Debian's android-sdk packages), with
# the Android tools as oracles: the manifest facts equal `aapt dump
# badging`, the signature verdicts equal `apksigner verify -v
# --min-sdk-version N` (tests/cli/apk_oracle.py); and the findings, the ZIP
# anomalies and the errors are what docs/app-check.md says.
. "$(dirname "$0")/lib.sh"

FW=/usr/share/android-framework-res/framework-res.apk
for tool in aapt apksigner openssl; do
    command -v $tool >/dev/null 2>&1 || { echo "test_app_check: $tool missing (scripts/deps.sh installs it)" >&2; exit 1; }
done
[ -f "$FW" ] || { echo "test_app_check: $FW missing (android-framework-res)" >&2; exit 1; }
ORACLE="/usr/bin/python3 $GISAC_SRCDIR/tests/cli/apk_oracle.py"
W=$T/w
mkdir -p "$W"

# ---- the apps ---------------------------------------------------------------
# build NAME MANIFEST-BODY [NSC-XML]: $W/NAME.apk, unsigned
build() {
    d=$W/src.$1
    mkdir -p "$d/res/values" "$d/res/xml"
    printf '<resources><string name="app_name">%s</string><string name="ver">2.0-%s</string></resources>\n' "$1" "$1" >"$d/res/values/strings.xml"
    [ -n "${3:-}" ] && printf '%s\n' "$3" >"$d/res/xml/nsc.xml"
    printf '<?xml version="1.0" encoding="utf-8"?>\n<manifest xmlns:android="http://schemas.android.com/apk/res/android" %s\n</manifest>\n' "$2" >"$d/AndroidManifest.xml"
    aapt package -f -M "$d/AndroidManifest.xml" -S "$d/res" -I "$FW" -F "$W/$1.apk" >"$T/aapt.log" 2>&1 ||
        { fail "aapt $1"; cat "$T/aapt.log" >&2; }
}

# weak: debuggable, cleartext, a network security config trusting user CAs
# and pinning with an expired date, exported components, task hijacking
build weak 'package="tw.gov.weak" android:versionCode="7" android:versionName="@string/ver">
  <uses-sdk android:minSdkVersion="21" android:targetSdkVersion="30"/>
  <uses-permission android:name="android.permission.CAMERA"/>
  <uses-permission android:name="android.permission.INTERNET"/>
  <application android:label="@string/app_name" android:debuggable="true" android:usesCleartextTraffic="true" android:networkSecurityConfig="@xml/nsc" android:testOnly="true">
    <activity android:name=".Main" android:exported="true" android:launchMode="singleTask" android:taskAffinity="com.evil"/>
    <service android:name=".Sync"><intent-filter><action android:name="tw.gov.SYNC"/></intent-filter></service>
    <receiver android:name="tw.gov.weak.Boot" android:exported="true" android:permission="android.permission.RECEIVE_BOOT_COMPLETED"/>
  </application>' '<network-security-config>
  <base-config cleartextTrafficPermitted="true"><trust-anchors><certificates src="system"/><certificates src="user"/></trust-anchors></base-config>
  <domain-config><domain includeSubdomains="true">gov.tw</domain><pin-set expiration="2020-01-01"><pin digest="SHA-256">7HIpactkIAq2Y49orFOOQKurWxmmSFZhBCoQYcRhJ3Y=</pin></pin-set></domain-config>
</network-security-config>'

# clean: nothing to say but what any app has
build clean 'package="tw.gov.clean" android:versionCode="12" android:versionName="3.1">
  <uses-sdk android:minSdkVersion="26" android:targetSdkVersion="34"/>
  <application android:label="@string/app_name" android:allowBackup="false">
    <activity android:name=".Main" android:exported="true"><intent-filter><action android:name="android.intent.action.MAIN"/><category android:name="android.intent.category.LAUNCHER"/></intent-filter></activity>
    <service android:name=".Sync" android:exported="false"/>
    <provider android:name=".Data" android:authorities="tw.gov.clean.data" android:exported="true" android:readPermission="tw.gov.READ" android:writePermission="tw.gov.WRITE"/>
  </application>'

# clean2: the next version of clean, with a new permission, an exported
# service and a lower target SDK
build clean2 'package="tw.gov.clean" android:versionCode="13" android:versionName="3.2">
  <uses-sdk android:minSdkVersion="26" android:targetSdkVersion="33"/>
  <uses-permission android:name="android.permission.READ_SMS"/>
  <application android:label="@string/app_name" android:allowBackup="false">
    <activity android:name=".Main" android:exported="true"><intent-filter><action android:name="android.intent.action.MAIN"/><category android:name="android.intent.category.LAUNCHER"/></intent-filter></activity>
    <service android:name=".Sync" android:exported="true"/>
    <provider android:name=".Data" android:authorities="tw.gov.clean.data" android:exported="true" android:readPermission="tw.gov.READ" android:writePermission="tw.gov.WRITE"/>
  </application>'

# old: targetSdk 16 (a provider is exported without saying so), targetSdk 31
# rules in "new"
build old 'package="tw.gov.old" android:versionCode="1">
  <uses-sdk android:minSdkVersion="9" android:targetSdkVersion="16"/>
  <application android:allowBackup="true">
    <provider android:name=".Data" android:authorities="tw.gov.old.data"/>
    <activity android:name=".Single" android:launchMode="singleInstance"/>
  </application>'
build new 'package="tw.gov.new" android:versionCode="2">
  <uses-sdk android:minSdkVersion="28" android:targetSdkVersion="31"/>
  <application android:allowBackup="false" android:usesCleartextTraffic="false">
    <receiver android:name=".R"><intent-filter><action android:name="tw.gov.PING"/></intent-filter></receiver>
    <provider android:name=".Data" android:authorities="tw.gov.new.data"/>
  </application>'

# ---- the keys -----------------------------------------------------------------
# key NAME OPENSSL-REQ-ARGS...: $W/NAME.pk8 and $W/NAME.pem (self-signed)
key() {
    n=$1
    shift
    openssl req -x509 -nodes -keyout "$W/$n.key" -out "$W/$n.pem" -days 3650 "$@" >/dev/null 2>&1 &&
        openssl pkcs8 -topk8 -in "$W/$n.key" -outform DER -out "$W/$n.pk8" -nocrypt ||
        fail "key $n"
}
key gov -newkey rsa:2048 -sha256 -subj /CN=gov.tw
key gov2 -newkey rsa:3072 -sha256 -subj /CN=gov.tw/O=rotated
key ec -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -sha256 -subj /CN=ec.gov.tw
key debug -newkey rsa:2048 -sha256 -subj "/C=US/O=Android/CN=Android Debug"
key weak -newkey rsa:1024 -sha1 -subj /CN=weak.gov.tw
# an expired certificate (openssl ca sets the dates)
mkdir -p "$W/ca"
: >"$W/ca/index"
echo 01 >"$W/ca/serial"
printf '[ca]\ndefault_ca=d\n[d]\ndatabase=%s/ca/index\nnew_certs_dir=%s/ca\nserial=%s/ca/serial\ndefault_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n' "$W" "$W" "$W" >"$W/ca.cnf"
openssl req -new -newkey rsa:2048 -nodes -keyout "$W/expired.key" -out "$W/expired.csr" -subj /CN=expired.gov.tw >/dev/null 2>&1 &&
    openssl ca -batch -config "$W/ca.cnf" -selfsign -keyfile "$W/expired.key" -in "$W/expired.csr" \
        -out "$W/expired.pem" -startdate 20200101000000Z -enddate 20210101000000Z >/dev/null 2>&1 &&
    openssl pkcs8 -topk8 -in "$W/expired.key" -outform DER -out "$W/expired.pk8" -nocrypt || fail "key expired"

# sign IN OUT KEY [APKSIGNER-ARGS...]
sign() {
    in=$1 out=$2 k=$3
    shift 3
    apksigner sign --key "$W/$k.pk8" --cert "$W/$k.pem" "$@" --out "$W/$out.apk" "$W/$in.apk" >"$T/sign.log" 2>&1 ||
        { fail "apksigner sign $out"; cat "$T/sign.log" >&2; }
    rm -f "$W/$out.apk.idsig"
}
V1ONLY="--v1-signing-enabled true --v2-signing-enabled false --v3-signing-enabled false"
sign weak weak.all gov
sign weak weak.v1 gov $V1ONLY
sign weak weak.v2 gov --v1-signing-enabled false --v2-signing-enabled true --v3-signing-enabled false
sign weak weak.v3 gov --v1-signing-enabled false --v2-signing-enabled false --v3-signing-enabled true
sign clean clean.all gov
sign clean clean.ec ec
sign clean clean.debug debug
sign clean clean.expired expired
sign clean clean.weakkey weak
sign old old.all gov
sign clean2 clean2.all gov
sign clean2 clean2.ec ec
sign old old.v1 gov $V1ONLY
sign new new.all ec
# a rotated key: v3 with the lineage gov -> gov2, v1/v2 with gov
apksigner rotate --out "$W/lineage" --old-signer --key "$W/gov.pk8" --cert "$W/gov.pem" \
    --new-signer --key "$W/gov2.pk8" --cert "$W/gov2.pem" >/dev/null 2>&1 || fail "apksigner rotate"
apksigner sign --key "$W/gov.pk8" --cert "$W/gov.pem" --next-signer --key "$W/gov2.pk8" --cert "$W/gov2.pem" \
    --lineage "$W/lineage" --out "$W/clean.rotated.apk" "$W/clean.apk" >"$T/sign.log" 2>&1 ||
    { fail "apksigner sign rotated"; cat "$T/sign.log" >&2; }
# tampered after signing: a byte of resources.arsc (stored) changed; an
# entry added (the central directory rewritten after the signing block)
/usr/bin/python3 -W ignore - "$W" <<'PY'
import sys, zipfile, struct
w = sys.argv[1]
for src, dst in (("clean.all", "clean.flipped"), ("weak.v1", "weak.v1.flipped")):
    b = bytearray(open(f"{w}/{src}.apk", "rb").read())
    z = zipfile.ZipFile(f"{w}/{src}.apk")
    i = z.getinfo("resources.arsc")
    nlen, elen = struct.unpack("<HH", b[i.header_offset + 26:i.header_offset + 30])
    b[i.header_offset + 30 + nlen + elen + 100] ^= 0x01
    open(f"{w}/{dst}.apk", "wb").write(b)
for src, dst in (("clean.all", "clean.added"), ("weak.v1", "weak.v1.added")):
    b = open(f"{w}/{src}.apk", "rb").read()
    open(f"{w}/{dst}.apk", "wb").write(b)
    with zipfile.ZipFile(f"{w}/{dst}.apk", "a") as z:
        z.writestr("classes2.dex", b"dex\n035\0" + b"\0" * 100)
PY

# ---- the oracles ------------------------------------------------------------------
for a in weak clean old new; do
    CHECKS=$((CHECKS + 1))
    $ORACLE badging "$GISAC" "$W/$a.apk" >"$T/o" 2>&1 || { fail "aapt badging of $a"; cat "$T/o" >&2; }
done
n=0
for f in "$W"/*.*.apk "$W/clean.apk"; do
    for sdk in "" 9 18 21 24 28; do
        CHECKS=$((CHECKS + 1))
        n=$((n + 1))
        $ORACLE verify "$GISAC" "$f" $sdk >"$T/o" 2>&1 || { fail "apksigner verify of $(basename "$f") ${sdk:+--min-sdk-version $sdk}"; cat "$T/o" >&2; }
    done
done
check_eq "verdicts compared with apksigner" 1 "$([ $n -ge 100 ] && echo 1)"

# ---- the findings -----------------------------------------------------------------
ids() { "$GISAC" app check --json "$@" | /usr/bin/python3 -c 'import json,sys; print(" ".join(f["id"] for f in json.load(sys.stdin)["findings"]))'; }
check_eq "findings of weak" "manifest.dangerous_permission manifest.min_sdk manifest.target_sdk manifest.debuggable manifest.test_only manifest.allow_backup manifest.cleartext_traffic nsc.cleartext nsc.user_certificates nsc.pins nsc.pins_expired manifest.exported manifest.task_affinity manifest.exported" "$(ids "$W/weak.all.apk")"
check_eq "findings of clean" "" "$(ids "$W/clean.all.apk")"
check_eq "findings of old" "manifest.min_sdk manifest.target_sdk manifest.allow_backup manifest.cleartext_traffic manifest.exported_provider manifest.launch_mode sign.janus" "$(ids "$W/old.v1.apk")"
check_eq "findings of new" "manifest.target_sdk manifest.exported_missing manifest.exported" "$(ids "$W/new.all.apk")"
check_eq "findings of the debug certificate" "cert.debug" "$(ids "$W/clean.debug.apk")"
check_eq "findings of the expired certificate" "cert.expired" "$(ids "$W/clean.expired.apk")"
check_eq "findings of the weak key" "cert.weak_signature cert.short_key" "$(ids "$W/clean.weakkey.apk")"
check_eq "findings of the unsigned" "sign.not_verified" "$(ids "$W/clean.apk")"
check_eq "findings of a changed APK" "resources.unreadable sign.not_verified" "$(ids "$W/clean.flipped.apk")"

"$GISAC" app check --json "$W/weak.all.apk" >"$T/weak.json"
check_eq "weak: version name through resources.arsc" "2.0-weak" "$(json_get "$T/weak.json" 'd["version_name"]')"
check_eq "weak: the finding's place" "AndroidManifest.xml: activity tw.gov.weak.Main (line 7)|MASVS-PLATFORM-3|medium" \
    "$(json_get "$T/weak.json" '[f["where"]+"|"+f["masvs"]+"|"+f["severity"] for f in d["findings"] if f["id"]=="manifest.task_affinity"][0]')"
check_eq "weak: components" "activity tw.gov.weak.Main True None|service tw.gov.weak.Sync True None|receiver tw.gov.weak.Boot True android.permission.RECEIVE_BOOT_COMPLETED" \
    "$(json_get "$T/weak.json" '"|".join("%s %s %s %s" % (c["kind"], c["name"], c["exported"], c["permission"]) for c in d["components"])')"
check_eq "weak: the signature" "True True True True 21 3" \
    "$(json_get "$T/weak.json" '" ".join(str(x) for x in (d["signature"]["verified"], d["signature"]["schemes"]["v1"], d["signature"]["schemes"]["v2"], d["signature"]["schemes"]["v3"], d["signature"]["min_sdk"], len(d["signature"]["signers"])))')"
"$GISAC" app check --json "$W/clean.rotated.apk" >"$T/rot.json"
g1=$(openssl x509 -in "$W/gov.pem" -outform DER | sha256sum | cut -c1-64)
g2=$(openssl x509 -in "$W/gov2.pem" -outform DER | sha256sum | cut -c1-64)
check_eq "rotated: v3 signer and its lineage" "$g2 $g1,$g2" \
    "$(json_get "$T/rot.json" '[s["cert_sha256"]+" "+",".join(s["lineage"]) for s in d["signature"]["signers"] if s["scheme"]==3][0]')"
check_eq "rotated: v2 signer" "$g1" "$(json_get "$T/rot.json" '[s["cert_sha256"] for s in d["signature"]["signers"] if s["scheme"]==2][0]')"
check_eq "rotated: verified" "True" "$(json_get "$T/rot.json" 'd["signature"]["verified"]')"
check_eq "a changed APK: why" "v2: the RSASSA-PKCS1-v1_5-SHA256 digest of the APK's contents does not match (the APK was changed after signing)" \
    "$("$GISAC" app check --json "$W/clean.flipped.apk" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["signature"]["errors"][-1])')"

# ---- comparing versions -------------------------------------------------------------
chg() { "$GISAC" app diff --json "$@" | /usr/bin/python3 -c 'import json,sys; print(" ".join(c["id"]+":"+c["severity"] for c in json.load(sys.stdin)["changes"]))'; }
check_eq "diff: the next version" "change.permission:medium change.exported:medium change.target_sdk:high" "$(chg "$W/clean.all.apk" "$W/clean2.all.apk")"
check_eq "diff: another signer" "change.signer:critical change.permission:medium change.exported:medium change.target_sdk:high" "$(chg "$W/clean.all.apk" "$W/clean2.ec.apk")"
check_eq "diff: a proven rotation" "change.signer_rotated:info change.version_code:low" "$(chg "$W/clean.all.apk" "$W/clean.rotated.apk")"
check_eq "diff: no longer verifies" "change.signature:critical change.version_code:low" "$(chg "$W/clean.all.apk" "$W/clean.flipped.apk")"
check_eq "diff: another app" "change.package:critical" "$(chg "$W/clean.all.apk" "$W/weak.all.apk" | cut -d' ' -f1)"
check_out "diff: text" 0 "medium   change.permission      asks for a new permission: android.permission.READ_SMS
medium   change.exported        service tw.gov.clean.Sync is exported now
high     change.target_sdk      targetSdkVersion lowered from 34 to 33: older platform behaviour again" "$GISAC" app diff "$W/clean.all.apk" "$W/clean2.all.apk"
check_status "diff: --fail-on high" 1 "$GISAC" app diff --fail-on high "$W/clean.all.apk" "$W/clean2.all.apk"
check_status "diff: --fail-on critical" 0 "$GISAC" app diff --fail-on critical "$W/clean.all.apk" "$W/clean2.all.apk"
check_out "diff: one file" 2 "gisac: give the old and the new APK
gisac: try 'gisac app diff --help'" "$GISAC" app diff "$W/clean.all.apk"

# the page for people, in both languages
check_status "the report page" 0 "$GISAC" app check "$W/weak.all.apk"
check_grep "the report page" "Signature            verifies (API 21+; schemes verified: v1 v2 v3)" "$T/out"
check_grep "the report page: a finding" "  [high] manifest.debuggable MASVS-RESILIENCE-4" "$T/out"
check_status "the report page in zh-TW" 0 "$GISAC" app check --lang zh-TW "$W/weak.all.apk"
check_grep "zh-TW" "簽章                 驗證通過" "$T/out"
check_grep "zh-TW: a finding" "  [高] manifest.debuggable MASVS-RESILIENCE-4" "$T/out"

# ---- the ZIP anomalies ---------------------------------------------------------------
/usr/bin/python3 -W ignore - "$W" <<'PY'
import sys, struct, zipfile
w = sys.argv[1]
src = open(f"{w}/clean.apk", "rb").read()
eocd = src.rindex(b"PK\x05\x06")
cd_size, cd_off = struct.unpack("<II", src[eocd + 12:eocd + 20])
# 1. bytes between the central directory and the end record
b = src[:cd_off + cd_size] + b"HIDDEN" + src[eocd:]
open(f"{w}/gap.apk", "wb").write(b)
# 2. the local header of the first entry says method 0 where the central says 8 (or back)
b = bytearray(src)
b[8] = 0 if b[8] == 8 else 8
open(f"{w}/mismatch.apk", "wb").write(b)
# 3. a duplicate name and 4. an unknown method (99) and 5. an entry outside
with zipfile.ZipFile(f"{w}/dup.apk", "w") as z:
    for n in zipfile.ZipFile(f"{w}/clean.apk").namelist():
        z.writestr(n, zipfile.ZipFile(f"{w}/clean.apk").read(n))
    z.writestr("assets/a.txt", b"one")
    z.writestr("assets/a.txt", b"two")
b = bytearray(open(f"{w}/dup.apk", "rb").read())
eocd = b.rindex(b"PK\x05\x06")
cd_off = struct.unpack("<I", b[eocd + 16:eocd + 20])[0]
p = b.rindex(b"PK\x01\x02")
b[p + 10:p + 12] = struct.pack("<H", 99)  # the last entry's method
open(f"{w}/method.apk", "wb").write(b)
b = bytearray(open(f"{w}/dup.apk", "rb").read())
last = b.rindex(b"PK\x01\x02")
b[last + 42:last + 46] = struct.pack("<I", 0x7fffffff)
open(f"{w}/outside.apk", "wb").write(b)
open(f"{w}/notzip.apk", "wb").write(b"this is not an APK\n" * 10)
with zipfile.ZipFile(f"{w}/nomanifest.apk", "w") as z:
    z.writestr("classes.dex", b"dex")
PY
codes() { "$GISAC" app check --json "$1" | /usr/bin/python3 -c 'import json,sys; print(" ".join(a["code"] for a in json.load(sys.stdin)["zip"]["anomalies"]))'; }
check_eq "anomaly: gap" "gap_before_eocd" "$(codes "$W/gap.apk")"
check_eq "anomaly: headers disagree" "header_mismatch" "$(codes "$W/mismatch.apk")"
check_eq "anomaly: duplicate" "duplicate_name" "$(codes "$W/dup.apk")"
check_eq "anomaly: method" "unknown_method header_mismatch duplicate_name" "$(codes "$W/method.apk")"
check_eq "anomaly: outside" "entry_outside duplicate_name" "$(codes "$W/outside.apk")"
check_eq "anomaly: a finding" "zip.anomaly|high|zip: gap_before_eocd|6 bytes between the central directory and the end record" \
    "$("$GISAC" app check --json "$W/gap.apk" | /usr/bin/python3 -c 'import json,sys; f=json.load(sys.stdin)["findings"][0]; print("|".join([f["id"],f["severity"],f["where"],f["text"]]))')"

# ---- a decompression bomb: 300 MiB of zeros in a 300 KB entry (more than
# 64 times the file and than 256 MiB): not inflated further, the v1
# signature is not verified
/usr/bin/python3 -W ignore - "$W" <<'PY'
import sys, zipfile
w = sys.argv[1]
src = zipfile.ZipFile(f"{w}/clean.apk")
with zipfile.ZipFile(f"{w}/bomb-unsigned.apk", "w", zipfile.ZIP_DEFLATED) as z:
    for i in src.infolist():
        z.writestr(i, src.read(i.filename))
    with z.open("assets/zeros", "w") as f:
        block = bytes(1 << 20)
        for _ in range(300):
            f.write(block)
PY
sign bomb-unsigned bomb gov --v1-signing-enabled true --v2-signing-enabled false --v3-signing-enabled false
"$GISAC" app check --json --min-sdk 24 "$W/bomb.apk" >"$T/bomb.json"
check_eq "bomb: not verified" "False" "$(json_get "$T/bomb.json" 'd["signature"]["verified"]')"
check_eq "bomb: why" "v1: assets/zeros: the entries inflate to more than 268435456 bytes (64 times the file): a decompression bomb, not read further" \
    "$(json_get "$T/bomb.json" 'd["signature"]["errors"][0]')"

# ---- errors ------------------------------------------------------------------
check_out "not a ZIP" 2 "gisac: not a ZIP archive: no end of central directory record" "$GISAC" app check "$W/notzip.apk"
check_out "no manifest" 2 "gisac: not an APK: no AndroidManifest.xml" "$GISAC" app check "$W/nomanifest.apk"
check_out "no such file" 2 "gisac: $W/none.apk: No such file or directory" "$GISAC" app check "$W/none.apk"
check_status "--min-sdk 0" 2 "$GISAC" app check --min-sdk 0 "$W/clean.apk"
check_grep "--min-sdk 0" "--min-sdk needs an API level, 1 to 10000" "$T/err"
check_status "--lang fr" 2 "$GISAC" app check --lang fr "$W/clean.apk"
check_grep "--lang fr" "--lang needs en or zh-TW" "$T/err"

# ---- the API: POST /api/v1/apps/check ---------------------------------------------
trap 'serve_stop; rm -rf "$T"' EXIT
check_status "agency" 0 "$GISAC" agency add moda --name "Ministry of Digital Affairs" --grade A
check_status "officer" 0 "$GISAC" user add off-moda --role agency --agency moda </dev/null
make_tokens off-moda
H="Authorization: Bearer $(cat "$T/tok.off-moda")"
serve_start "$T/serve.log"
A=http://127.0.0.1:$PORT/api/v1
check_eq "API: an APK" 200 "$(req a1 -H "$H" -H "Content-Type: application/vnd.android.package-archive" --data-binary @"$W/weak.all.apk" "$A/apps/check?min_sdk=24")"
"$GISAC" app check --json --min-sdk 24 "$W/weak.all.apk" >"$T/cli.json"
check_eq "API: the same report as the CLI" "$(json_get "$T/cli.json" 'json.dumps(d, sort_keys=True)')" "$(json_get "$T/a1.body" 'json.dumps(d, sort_keys=True)')"
check_eq "API: not an APK" "422 invalid: zip: not a ZIP archive: no end of central directory record" \
    "$(req a2 -H "$H" -H "$OCT" --data-binary @"$W/notzip.apk" "$A/apps/check") $(err a2)"
check_eq "API: bad min_sdk" 400 "$(req a3 -H "$H" -H "$OCT" --data-binary @"$W/clean.apk" "$A/apps/check?min_sdk=0")"
check_eq "API: unknown parameter" 400 "$(req a4 -H "$H" -H "$OCT" --data-binary @"$W/clean.apk" "$A/apps/check?x=1")"
check_eq "API: no credentials" 401 "$(req a5 -H "$OCT" --data-binary @"$W/clean.apk" "$A/apps/check")"
check_eq "API: text/plain" 415 "$(req a6 -H "$H" -H "Content-Type: text/plain" --data-binary @"$W/clean.apk" "$A/apps/check")"
serve_stop

check_command_groups app

finish
