#!/bin/sh
# bench/apk.sh: gisac app check beside apksigner verify on one large APK.
#
# Builds bench/out/big-<MB>.apk (default 100 MB): the sample
# samples/apk/tax.apk's entries and an asset of MB MiB of random bytes,
# stored, signed with v1, v2 and v3 by apksigner (a key made here). Then,
# for --min-sdk 21 (all three schemes checked) and 28 (v3 only):
#   wall s, CPU s (user + sys) and the peak resident memory of
#   gisac app check --json and apksigner verify, the median of RUNS (3).
#
#   ./bench/apk.sh   (or: make bench-apk)
set -eu
cd "$(dirname "$0")/.."
MB=${MB:-100}
RUNS=${RUNS:-3}
GISAC=${GISAC:-./build/gisac}
OUT=bench/out
mkdir -p "$OUT"
APK=$OUT/big-$MB.apk
if [ ! -s "$APK" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$OUT/bench.key" -out "$OUT/bench.pem" \
        -days 3650 -subj /CN=bench -sha256 >/dev/null 2>&1
    openssl pkcs8 -topk8 -in "$OUT/bench.key" -outform DER -out "$OUT/bench.pk8" -nocrypt
    /usr/bin/python3 - "$OUT/big-unsigned.apk" "$MB" <<'PY'
import os, sys, zipfile
src = zipfile.ZipFile("samples/apk/tax.apk")
with zipfile.ZipFile(sys.argv[1], "w") as z:
    for i in src.infolist():
        if not i.filename.startswith("META-INF/"):
            z.writestr(i, src.read(i.filename))
    zi = zipfile.ZipInfo("assets/blob.bin")
    zi.compress_type = zipfile.ZIP_STORED
    z.writestr(zi, os.urandom(int(sys.argv[2]) << 20))
PY
    apksigner sign --key "$OUT/bench.pk8" --cert "$OUT/bench.pem" --min-sdk-version 21 \
        --out "$APK" "$OUT/big-unsigned.apk"
    rm -f "$OUT/big-unsigned.apk" "$APK.idsig"
fi
# one run: "wall cpu maxrss_kb"
run() {
    /usr/bin/time -f '%e %U %S %M' -o "$OUT/time" "$@" >/dev/null 2>&1
    awk '{printf "%.2f %.2f %d\n", $1, $2 + $3, $4}' "$OUT/time"
}
median() { sort -n | awk '{v[NR] = $0} END {print v[int((NR + 1) / 2)]}'; }
printf '%-10s %-8s %8s %8s %10s\n' tool min-sdk wall_s cpu_s rss_mb
for sdk in 21 28; do
    for tool in gisac apksigner; do
        : >"$OUT/runs"
        for _ in $(seq 1 "$RUNS"); do
            if [ $tool = gisac ]; then
                run "$GISAC" app check --json --min-sdk $sdk "$APK" >>"$OUT/runs"
            else
                run apksigner verify --min-sdk-version $sdk "$APK" >>"$OUT/runs"
            fi
        done
        w=$(cut -d' ' -f1 "$OUT/runs" | median)
        c=$(cut -d' ' -f2 "$OUT/runs" | median)
        m=$(cut -d' ' -f3 "$OUT/runs" | median)
        printf '%-10s %-8s %8s %8s %10s\n' $tool $sdk "$w" "$c" "$((m / 1024))"
    done
done
