#!/bin/sh
# bench/gov.sh: the governance goals of issue 14 (docs/benchmarks.md).
#
# A store with 5,000 agencies (grades A to E, assigned during 2024),
# obligations done for a third of them, and 1,000 SCAP scans of 500 rule
# results each (written directly, as many imports would); then, each the
# median CPU seconds (user + sys) and wall seconds of RUNS (default 5) runs:
#   overdue     gisac obligation list --status overdue (the whole country)
#   gcb-agency  gisac scap compliance (per agency, benchmark and profile)
#   gcb-rule    gisac scap compliance --by rule (each rule across agencies)
#   import      gisac scap import of one ARF report of about 15 MB (an
#               OpenSCAP ARF with its TestResult's rule results repeated
#               under new ids), with its peak memory.
#
#   ./bench/gov.sh [GISAC]   (default ./build/gisac)
set -eu
cd "$(dirname "$0")/.."
G=${1:-./build/gisac}
RUNS=${RUNS:-5}
OUT=bench/out/gov
rm -rf "$OUT"
mkdir -p "$OUT"
export GISAC_DB="$OUT/gov.db" GISAC_NOW=2026-11-24T00:00:00Z
GISAC_NOW=2024-01-01T00:00:00Z "$G" agency add --name "Agency 0" --grade A a0 >/dev/null
/usr/bin/python3 - "$GISAC_DB" <<'PYEOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
c = db.cursor()
c.executemany("INSERT INTO agency (id, name, sector, grade, parent, created, modified)"
              " VALUES (?, ?, NULL, ?, NULL, ?, ?)",
              [("a%d" % i, "Agency %d" % i, "ABCDE"[i % 5], 1704067200 + (i % 300) * 86400,
                1704067200 + (i % 300) * 86400) for i in range(1, 5000)])
c.executemany("INSERT INTO obligation_done (agency, kind, due, done_at, done_by, created)"
              " VALUES (?, 'training', '2025-12-31', 1767225600, 'bench', 1767225600)",
              [("a%d" % i,) for i in range(1, 5000, 3)])
codes = [0] * 6 + [1] * 2 + [4, 2]
c.executemany("INSERT INTO scap_scan (id, agency, host, benchmark, profile, started, finished,"
              " score_milli, sha256, imported, imported_by, latest, n_pass, n_fail, n_other)"
              " VALUES (?, ?, ?, 'bench', 'profile', 1767225600, ?, 75000, ?, 1767225600,"
              " 'bench', 1, 300, 100, 50)",
              [(s, "a%d" % (s % 5000), "h%d" % s, 1767225600 + s, "0" * 64) for s in range(1, 1001)])
c.executemany("INSERT INTO scap_result (scan_id, rule, code, severity) VALUES (?, ?, ?, 'medium')",
              [(s, "xccdf_rule_%03d" % r, codes[(s * 7 + r) % 10]) for s in range(1, 1001)
               for r in range(500)])
db.commit()
PYEOF
sqlite3 "$GISAC_DB" 'ANALYZE'

# median of RUNS: "cpu wall"
measure() {
    for _ in $(seq 1 "$RUNS"); do
        /usr/bin/time -f '%U %S %e %M' -o "$OUT/t" "$@" >/dev/null
        awk '{printf "%.3f %.3f %d\n", $1 + $2, $3, $4}' "$OUT/t"
    done | sort -n | awk -v n="$RUNS" 'NR == int((n + 1) / 2) {print}'
}
printf 'overdue     %s\n' "$(measure "$G" obligation list --status overdue)"
printf 'gcb-agency  %s\n' "$(measure "$G" scap compliance)"
printf 'gcb-rule    %s\n' "$(measure "$G" scap compliance --by rule)"

# a 15 MB ARF: OpenSCAP's own, its rule results repeated under new ids
SSG=/usr/share/xml/scap/ssg/content/ssg-debian11-ds.xml
sed 's/>\^11\.\[0-9\]+\$</>^1[0-9].[0-9]+$</' "$SSG" >"$OUT/ds.xml"
oscap xccdf eval --profile xccdf_org.ssgproject.content_profile_standard \
    --results-arf "$OUT/arf.xml" "$OUT/ds.xml" >/dev/null 2>&1 || true
/usr/bin/python3 - "$OUT/arf.xml" "$OUT/arf15.xml" <<'PYEOF'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
i = s.index("<TestResult")
j = s.index("</TestResult>", i)
rr = re.findall(r"<rule-result .*?</rule-result>", s[i:j], re.S)
extra, k = [], 0
while len(s) + sum(map(len, extra)) < 15 * 1024 * 1024:
    for r in rr:
        extra.append(r.replace('idref="', 'idref="copy%d_' % k, 1) + "\n")
    k += 1
open(sys.argv[2], "w", encoding="utf-8").write(s[:j] + "".join(extra) + s[j:])
PYEOF
printf 'import      %s (%s bytes)\n' "$(measure "$G" scap import --agency a1 --host bench "$OUT/arf15.xml")" \
    "$(wc -c <"$OUT/arf15.xml")"
