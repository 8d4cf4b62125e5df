#!/bin/sh
# test_gov_light.sh: overdue obligations in the alert light (the policy's
# "obligations"."light" thresholds, whole and per sector) and the
# governance part of the KPI report (docs/report.md): obligations met,
# late and missed by grade and kind, findings opened and fixed with the
# median time to fix, the compliance share of the latest SCAP scans.
# Exact figures.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
# st EXPR: EXPR of `gisac status --json` (d: the JSON)
st() { "$GISAC" status --json >"$T/st.json" && json_get "$T/st.json" "$1"; }

export GISAC_NOW=2025-03-10T02:00:00Z
"$GISAC" agency add --name "Ministry of Digital Affairs" --grade A --sector government moda >/dev/null
"$GISAC" agency add --name "Ministry of Finance" --grade C --sector finance mof >/dev/null
export GISAC_NOW=2026-12-07T02:00:00Z

# --- the alert light -----------------------------------------------------------------------
check_eq "overdue: 1 of mof (finance), 10 of moda (government)" "11 1 10" \
    "$(st 'str(d["figures"]["overdue_obligations"])+" "+" ".join(str(s["figures"]["overdue_obligations"]) for s in d["sectors"])')"
check_eq "default thresholds (yellow at 50): green" "green []" "$(st 'd["light"]+" "+str(d["reasons"])')"
printf '{"obligations": {"light": {"yellow_overdue": 1, "orange_overdue": 11}}}' >"$T/p.json"
check_status "policy: yellow at 1, orange at 11" 0 "$GISAC" policy set "$T/p.json"
check_eq "whole: orange with 11; finance yellow with 1; government yellow with 10" \
    "orange overdue_obligations 11 overdue obligations, at least 11|yellow 1 overdue obligation, at least 1|yellow 10 overdue obligations, at least 1" \
    "$(st 'd["light"]+" "+d["reasons"][0]["rule"]+" "+d["reasons"][0]["text"]+"|"+"|".join(s["light"]+" "+s["reasons"][0]["text"] for s in d["sectors"])')"
check_out "text" 0 "sector finance: alert light 資安警示燈號: yellow 黃燈
(gisac's own scheme, policy version 2, at 2026-12-07T02:00:00Z)
  yellow: 1 overdue obligation, at least 1
open incidents: 0 (level 1: 0, level 2: 0, level 3: 0, level 4: 0, not determined: 0), 0 with a breached deadline (owed by the agency: 0, by the reviewer: 0)
sightings: 0 in the last 24 h, 0 in the 7 days before
obligations: 1 overdue" "$GISAC" status --sector finance
"$GISAC" obligation done --agency mof --kind staff >/dev/null
check_eq "mof's staff done: finance green, whole yellow" "yellow green 10 0" \
    "$(st 'd["light"]+" "+d["sectors"][0]["light"]+" "+str(d["figures"]["overdue_obligations"])+" "+str(d["sectors"][0]["figures"]["overdue_obligations"])')"
printf '{"obligations": {"light": {"yellow_overdue": 0}}}' >"$T/p.json"
"$GISAC" policy set "$T/p.json" >/dev/null
check_eq "both rules off: green" "green" "$(st 'd["light"]')"

# --- the KPI report ------------------------------------------------------------------------
"$GISAC" obligation done --agency moda --kind internal-audit --due 2026-06-30 --at 2026-06-20 >/dev/null
"$GISAC" obligation done --agency moda --kind crypto-inventory --due 2026-06-30 --at 2026-07-15 >/dev/null
"$GISAC" obligation done --agency moda --kind training --due 2026-12-31 --at 2026-12-01 >/dev/null
"$GISAC" report kpi --year 2026 >"$T/kpi.json"
# due in 2026 and past or done: moda's 7 past (crypto, edr, gcb, internal-audit, soc, staff,
# vulnerability-scan, due by 30 June) and its training done early; mof's staff (done late)
check_eq "obligations: all" "{'due': 9, 'met': 2, 'late': 2, 'missed': 5, 'met_share': 0.222}" \
    "$(json_get "$T/kpi.json" 'd["governance"]["obligations"]["all"]')"
check_eq "obligations: by grade" "A 8 2 1 5 0.25|C 1 0 1 0 0.0" \
    "$(json_get "$T/kpi.json" '"|".join(k+" "+" ".join(str(v[x]) for x in ("due","met","late","missed","met_share")) for k,v in d["governance"]["obligations"]["by_grade"].items())')"
check_eq "obligations: by kind" "crypto-inventory 0 1 0|edr 0 0 1|gcb 0 0 1|internal-audit 1 0 0|soc-monitoring 0 0 1|staff 0 1 1|training 1 0 0|vulnerability-scan 0 0 1" \
    "$(json_get "$T/kpi.json" '"|".join(k+" "+" ".join(str(v[x]) for x in ("met","late","missed")) for k,v in sorted(d["governance"]["obligations"]["by_kind"].items()))')"
check_eq "a month: June's 3 (2 missed, the internal audit met)" "3 1 1 1" \
    "$("$GISAC" report kpi --year 2026 --month 6 | $PY -c 'import json,sys; a=json.load(sys.stdin)["governance"]["obligations"]["all"]; print(a["due"], a["met"], a["late"], a["missed"])')"

# findings: 3 opened on 1 December, fixed after 2 and 5 days; one stays open
echo "report" >"$T/r.pdf"
GISAC_NOW=2026-12-01T02:00:00Z "$GISAC" assessment add --agency moda --kind internal-audit --by team \
    --finding "high;A.8.8;VPN" --finding "low;A.5.1;policy" --finding "medium;A.8.9;config" >/dev/null
for f in 1 2; do GISAC_NOW=2026-12-01T03:00:00Z "$GISAC" finding start $f >/dev/null; done
GISAC_NOW=2026-12-03T02:00:00Z "$GISAC" finding fix 1 --evidence "$T/r.pdf" >/dev/null
GISAC_NOW=2026-12-06T02:00:00Z "$GISAC" finding fix 2 --evidence "$T/r.pdf" >/dev/null
check_eq "findings: opened, fixed, median days to fix (2 and 5: 3.5)" "{'opened': 3, 'fixed': 2, 'median_days_to_fix': 3.5}" \
    "$("$GISAC" report kpi --year 2026 | $PY -c 'import json,sys; print(json.load(sys.stdin)["governance"]["findings"])')"
check_eq "findings: none opened in 2025" "{'opened': 0, 'fixed': 0, 'median_days_to_fix': None}" \
    "$("$GISAC" report kpi --year 2025 | $PY -c 'import json,sys; print(json.load(sys.stdin)["governance"]["findings"])')"

# SCAP: the latest scan of a host counts (3 pass of 4 checked), not the one before
scan() { # FILE START RESULTS...
    f=$1 start=$2
    shift 2
    {
        printf '<TestResult xmlns="http://checklists.nist.gov/xccdf/1.2" id="t" start-time="%s"><benchmark href="b.xml" id="gcb-win"/><profile idref="p"/><target>pc1</target>' "$start"
        i=0
        for r in "$@"; do
            i=$((i + 1))
            printf '<rule-result idref="r%s"><result>%s</result></rule-result>' $i "$r"
        done
        printf '</TestResult>'
    } >"$f"
}
scan "$T/s1.xml" 2026-11-01T00:00:00Z fail fail fail pass error
scan "$T/s2.xml" 2026-12-01T00:00:00Z pass pass fail pass error notapplicable
"$GISAC" scap import --agency moda "$T/s1.xml" "$T/s2.xml" >/dev/null
check_eq "gcb: the latest scan's share" "{'scans': 1, 'pass': 3, 'fail': 1, 'other': 1, 'compliance_share': 0.75}" \
    "$("$GISAC" report kpi --year 2026 | $PY -c 'import json,sys; print(json.load(sys.stdin)["governance"]["gcb"])')"

finish
