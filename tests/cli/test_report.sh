#!/bin/sh
# gisac report kpi (docs/report.md): every figure of a November fixture
# built with GISAC_NOW-driven commands, worked out by hand; the targets;
# the HTML page (parses, self-contained, SVG bars equal to the JSON); the
# output file; errors.
. "$GISAC_SRCDIR/tests/cli/lib.sh"
export GISAC_NOW=2026-11-24T00:00:00Z
PY=/usr/bin/python3

check_status "help" 0 "$GISAC" report kpi --help
check_grep "help text" "usage: gisac report kpi [--year Y] [--month M] [--format json|html] [--output FILE]" "$T/out"
check_status "report help" 0 "$GISAC" report --help
check_status "no report" 2 "$GISAC" report
check_status "unknown report" 2 "$GISAC" report sla
check_grep "unknown report message" "gisac: unknown report 'sla' (there is: kpi)" "$T/err"
check_status "bad month" 2 "$GISAC" report kpi --month 13
check_grep "bad month message" "gisac: --month needs a month, 1 to 12" "$T/err"
check_status "bad year" 2 "$GISAC" report kpi --year 1969
check_status "bad format" 2 "$GISAC" report kpi --format xml
check_grep "bad format message" "gisac: --format needs json or html" "$T/err"
check_status "no database" 2 "$GISAC" --db "$T/none.db" report kpi

# --- the fixture -------------------------------------------------------------
q() { "$@" >/dev/null 2>&1 || fail "fixture: $*"; }
q "$GISAC" agency add bank --name "Example Bank" --grade A --sector finance
q "$GISAC" agency add hosp --name "Example Hospital" --grade B --sector health
q "$GISAC" agency add lab --name "Research Lab <R&D>" --grade C --sector "R&D <lab>"
# October: level 1, reported after 1 h (outside November)
GISAC_NOW=2026-10-30T01:00:00Z q "$GISAC" incident report --agency hosp --title "October phishing" --asset non-core --confidentiality minor --aware-at 2026-10-30T00:00:00Z --category fraud
# 1: level 4; report 30 min, review 1 h (of the 2 h), recovery 30 h (of 36 h)
GISAC_NOW=2026-11-02T00:30:00Z q "$GISAC" incident report --agency hosp --title "Ransomware" --asset core-ci --integrity serious --aware-at 2026-11-02T00:00:00Z --category malware
GISAC_NOW=2026-11-02T01:30:00Z q "$GISAC" incident update INC-2026-000002 --status reviewed
GISAC_NOW=2026-11-03T06:00:00Z q "$GISAC" incident update INC-2026-000002 --status recovered
# 2: level 1; report 10 min, review 10 h (late: 8 h), recovery 24 h
GISAC_NOW=2026-11-05T00:10:00Z q "$GISAC" incident report --agency bank --title "Phishing" --asset non-core --confidentiality minor --aware-at 2026-11-05T00:00:00Z --category fraud
GISAC_NOW=2026-11-05T10:10:00Z q "$GISAC" incident update INC-2026-000003 --status reviewed
GISAC_NOW=2026-11-06T00:00:00Z q "$GISAC" incident update INC-2026-000003 --status recovered
# 3: level 3; report 2 h (late), review 1 h, never recovered (due 11-11T12:00)
GISAC_NOW=2026-11-10T02:00:00Z q "$GISAC" incident report --agency bank --title "Intrusion" --asset core --integrity serious --aware-at 2026-11-10T00:00:00Z --category intrusion
GISAC_NOW=2026-11-10T03:00:00Z q "$GISAC" incident update INC-2026-000004 --status reviewed
# 4: level 2 at the lab; report 20 min, never reviewed (due 08:20), recovery due 11-23
GISAC_NOW=2026-11-20T00:20:00Z q "$GISAC" incident report --agency lab --title "Defacement" --asset non-core --integrity serious --aware-at 2026-11-20T00:00:00Z
# a draft dismissed: not counted; a draft still open, never reported (report due 21:00)
GISAC_NOW=2026-11-21T00:00:00Z q "$GISAC" incident report --agency hosp --title "Beacon" --asset core --aware-at 2026-11-21T00:00:00Z --draft
GISAC_NOW=2026-11-21T00:30:00Z q "$GISAC" incident close INC-2026-000006 --reason sinkholed
GISAC_NOW=2026-11-23T20:00:00Z q "$GISAC" incident report --agency bank --title "Beacon" --asset core --aware-at 2026-11-23T20:00:00Z --draft
# intel: C2 (botnet_cc) on the 20th and 21st, one more without a C2 label on the 21st
printf 'dst_ip,threat\n203.0.113.7,botnet_cc\n' >"$T/c2a.csv"
printf 'dst_ip,threat\n203.0.113.8,botnet_cc\n198.51.100.9,phishing\n' >"$T/c2b.csv"
GISAC_NOW=2026-11-20T09:00:00Z q "$GISAC" feed import --source drill "$T/c2a.csv"
GISAC_NOW=2026-11-21T09:00:00Z q "$GISAC" feed import --source drill "$T/c2b.csv"
# sightings: 1 on the 22nd (hosp), 3 on the 23rd (bank)
printf 'fw: 203.0.113.7\n' >"$T/l1"
printf 'fw: 203.0.113.7\nfw: 203.0.113.7\nfw: 203.0.113.8\n' >"$T/l3"
GISAC_NOW=2026-11-22T10:00:00Z q "$GISAC" match --record --agency hosp --format text "$T/l1"
GISAC_NOW=2026-11-23T10:00:00Z q "$GISAC" match --record --agency bank --format text "$T/l3"
# advisories: a monthly report in February and October, one more in November
GISAC_NOW=2026-02-01T00:00:00Z q "$GISAC" advisory publish --title "情資月報 2026-02" --severity low --body b --cve CVE-2024-3400
GISAC_NOW=2026-10-01T00:00:00Z q "$GISAC" advisory publish --title "Monthly report, October" --severity low --body b --cve CVE-2024-3400
GISAC_NOW=2026-11-02T00:00:00Z q "$GISAC" advisory publish --title "<b>Critical</b> & urgent" --severity high --body b --cve CVE-2024-3400

# --- November, as JSON ---------------------------------------------------------
check_status "kpi month" 0 "$GISAC" report kpi --month 11
cp "$T/out" "$T/m.json"
j() { json_get "$T/m.json" "$1"; }
# the period is the month in the installation's zone (Asia/Taipei): from and to are
# its local midnights in UTC, and the draft aware at 2026-11-23T20:00:00Z is on the 24th there
check_eq "period" "2026-11 2026-10-31T16:00:00Z 2026-11-30T16:00:00Z 30 False" "$(j 'd["period"]["name"]+" "+d["period"]["from"]+" "+d["period"]["to"]+" "+str(d["period"]["days"])+" "+str(d["period"]["complete"])')"
check_eq "total, dismissed" "5 1" "$(j 'str(d["incidents"]["total"])+" "+str(d["incidents"]["dismissed_drafts"])')"
check_eq "by level" "{'undetermined': 1, '1': 1, '2': 1, '3': 1, '4': 1}" "$(j 'd["incidents"]["by_level"]')"
check_eq "by sector" "{'R&D <lab>': 1, 'finance': 3, 'health': 1}" "$(j 'd["incidents"]["by_sector"]')"
check_eq "by category" "{'malicious-content': 0, 'malware': 1, 'information-gathering': 0, 'intrusion-attempt': 0, 'intrusion': 1, 'denial-of-service': 0, 'information-content-security': 0, 'fraud': 1, 'vulnerability': 0, 'other': 2}" "$(j 'd["incidents"]["by_category"]')"
check_eq "by day" "day 30 [(2, 1), (5, 1), (10, 1), (20, 1), (24, 1)]" "$(j 'd["incidents"]["by_time"]["unit"]+" "+str(len(d["incidents"]["by_time"]["buckets"]))+" "+str([(i+1,b["count"]) for i,b in enumerate(d["incidents"]["by_time"]["buckets"]) if b["count"]])')"
# to report: 1800 600 7200 1200 -> 600 1200 1800 7200: median rank 2, p90 rank 4
check_eq "to report" "{'n': 4, 'median': 1200, 'p90': 7200}" "$(j 'd["times"]["to_report"]')"
# to review: 3600 36000 3600 -> 3600 3600 36000: median rank 2, p90 rank 3
check_eq "to review" "{'n': 3, 'median': 3600, 'p90': 36000}" "$(j 'd["times"]["to_review"]')"
# to recover: 108000 86400 -> median rank 1, p90 rank 2
check_eq "to recover" "{'n': 2, 'median': 86400, 'p90': 108000}" "$(j 'd["times"]["to_recover"]')"
check_eq "deadline report" "{'owner': 'agency', 'met': 3, 'breached': 2, 'open': 0, 'met_share': 60.0, 'breached_share': 40.0, 'open_share': 0.0}" "$(j 'd["deadlines"]["report"]')"
check_eq "deadline review" "{'owner': 'reviewer', 'met': 2, 'breached': 2, 'open': 0, 'met_share': 50.0, 'breached_share': 50.0, 'open_share': 0.0}" "$(j 'd["deadlines"]["review"]')"
check_eq "deadline recover" "{'owner': 'agency', 'met': 2, 'breached': 2, 'open': 0, 'met_share': 50.0, 'breached_share': 50.0, 'open_share': 0.0}" "$(j 'd["deadlines"]["recover"]')"
check_eq "deadline investigation" "{'owner': 'agency', 'met': 0, 'breached': 0, 'open': 2, 'met_share': 0.0, 'breached_share': 0.0, 'open_share': 100.0}" "$(j 'd["deadlines"]["investigation_report"]')"
check_eq "deadlines by owner" "{'agency': {'met': 5, 'breached': 4, 'open': 2}, 'reviewer': {'met': 2, 'breached': 2, 'open': 0}}" "$(j 'd["deadlines_by_owner"]')"
check_eq "intel" "3 23 2" "$(j 'str(d["intel"]["released"])+" "+str(d["intel"]["c2_days"]["due"])+" "+str(d["intel"]["c2_days"]["covered"])')"
check_eq "c2 missing" "21 2026-11-01 2026-11-19 2026-11-22" "$(j 'str(len(d["intel"]["c2_days"]["missing"]))+" "+d["intel"]["c2_days"]["missing"][0]+" "+d["intel"]["c2_days"]["missing"][18]+" "+d["intel"]["c2_days"]["missing"][19]')"
check_eq "advisories" "{'published': 1, 'monthly_reports': {'due': 0, 'covered': 0, 'missing': []}}" "$(j 'd["advisories"]')"
check_eq "sightings" "4 [('2026-11-22', 1), ('2026-11-23', 3)]" "$(j 'str(d["sightings"]["total"])+" "+str([(x["day"],x["count"]) for x in d["sightings"]["by_day"] if x["count"]])')"
check_eq "targets" "['intel_releases 42 3 False', 'advisories 17 1 False', 'c2_daily 23 2 False', 'monthly_report 0 0 True']" "$(j '[t["id"]+" "+str(t["target"])+" "+str(t["value"])+" "+str(t["met"]) for t in d["targets"]]')"
check_eq "target label" "情資分享 Intel releases" "$(j 'd["targets"][0]["label"]')"

# --- the year ------------------------------------------------------------------
check_status "kpi year" 0 "$GISAC" report kpi
cp "$T/out" "$T/y.json"
check_eq "year period" "2026 None 365" "$(json_get "$T/y.json" 'd["period"]["name"]+" "+str(d["period"]["month"])+" "+str(d["period"]["days"])')"
check_eq "year by month" "[0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 5, 0]" "$(json_get "$T/y.json" '[b["count"] for b in d["incidents"]["by_time"]["buckets"]]')"
check_eq "year to report" "{'n': 5, 'median': 1800, 'p90': 7200}" "$(json_get "$T/y.json" 'd["times"]["to_report"]')"
check_eq "year monthly reports" "{'due': 10, 'covered': 2, 'missing': ['2026-01', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09']}" "$(json_get "$T/y.json" 'd["advisories"]["monthly_reports"]')"
check_eq "year targets" "['intel_releases 500 3 False', 'advisories 200 3 False', 'c2_daily 327 2 False', 'monthly_report 10 2 False']" "$(json_get "$T/y.json" '[t["id"]+" "+str(t["target"])+" "+str(t["value"])+" "+str(t["met"]) for t in d["targets"]]')"
check_status "the same with --year" 0 "$GISAC" report kpi --year 2026
check_eq "default year" "$(cat "$T/y.json")" "$(cat "$T/out")"
check_status "October" 0 "$GISAC" report kpi --year 2026 --month 10
check_eq "October complete" "True 1 ['monthly_report 1 1 True']" "$(json_get "$T/out" 'str(d["period"]["complete"])+" "+str(d["incidents"]["total"])+" "+str([t["id"]+" "+str(t["target"])+" "+str(t["value"])+" "+str(t["met"]) for t in d["targets"]][3:])')"
check_status "not begun" 2 "$GISAC" report kpi --year 2026 --month 12
check_eq "not begun message" "gisac: the period 2026-12 has not begun" "$(cat "$T/err")"

# --- HTML ----------------------------------------------------------------------
check_status "html" 0 "$GISAC" report kpi --month 11 --format html --output "$T/k.html"
check_eq "html: nothing on stdout" "" "$(cat "$T/out")"
check_eq "html: no temporary file left" "k.html" "$(ls "$T" | grep '^k\.' | tr '\n' ' ' | sed 's/ $//')"
"$GISAC" report kpi --month 11 --format html >"$T/k2.html"
check_eq "html: --output is stdout's" "same" "$(cmp -s "$T/k.html" "$T/k2.html" && echo same)"
check_nogrep "html: no http" "http" "$T/k.html"
check_nogrep "html: no script" "<script" "$T/k.html"
check_grep "html: print css" "@media print" "$T/k.html"
check_grep "html: review owed by the reviewer" '<tr><th>review</th><td>reviewer</td><td class="n">2 (50.0%)</td><td class="n">2 (50.0%)</td>' "$T/k.html"
check_grep "html: sums by owner" '<tr class="owner"><th>通報機關 agency</th><td></td><td class="n">5</td><td class="n">4</td><td class="n">2</td></tr>' "$T/k.html"
check_grep "html: escaped sector" "<th>R&amp;D &lt;lab&gt;</th>" "$T/k.html"
check_nogrep "html: no raw sector" "R&D <lab>" "$T/k.html"
check_grep "html: zh-TW" "<html lang=\"zh-TW\">" "$T/k.html"
check_grep "html: target" "<tr data-target=\"c2_daily\"><td>每日 C2 情資 C2 intelligence every day</td><td class=\"n\">23</td><td class=\"n\">2</td><td class=\"notmet\">未達成 not met</td></tr>" "$T/k.html"
check_grep "html: times" "<tr><th>通報 awareness to report</th><td class=\"n\">4</td><td class=\"n\">20m</td><td class=\"n\">2h00m</td></tr>" "$T/k.html"
# parses: every element closed in order (html.parser), no external reference
cat >"$T/check.py" <<'PYEOF'
import json, sys
from html.parser import HTMLParser
VOID = {"meta", "br", "line", "rect", "hr", "img", "input", "link"}
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.charts, self.cur, self.refs = [], [], {}, None, []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("src", "href", "xlink:href"):
            if k in a:
                self.refs.append(a[k])
        if tag == "svg":
            self.cur = a.get("id")
            self.charts[self.cur] = []
        if tag == "rect" and "data-value" in a:
            self.charts[self.cur].append((a["data-label"], int(a["data-value"])))
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()
    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("unexpected </%s> in %s" % (tag, self.stack[-3:]))
        else:
            self.stack.pop()
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
p.close()
d = json.load(open(sys.argv[2]))
lv = d["incidents"]["by_level"]
want = {
    "chart-level": [lv[k] for k in ("undetermined", "1", "2", "3", "4")],
    "chart-time": [b["count"] for b in d["incidents"]["by_time"]["buckets"]],
    "chart-sightings": [x["count"] for x in d["sightings"]["by_day"]],
}
labels_ok = [b["label"] for b in d["incidents"]["by_time"]["buckets"]] == [l for l, _ in p.charts.get("chart-time", [])] \
    and [x["day"] for x in d["sightings"]["by_day"]] == [l for l, _ in p.charts.get("chart-sightings", [])]
got = {k: [v for _, v in p.charts.get(k, [])] for k in want}
print("errors=%s open=%s refs=%s charts=%s labels=%s" % (
    p.errors, p.stack, p.refs, "equal" if got == want else "differ: %s" % got, labels_ok))
PYEOF
check_eq "html: parses, bars equal the JSON" "errors=[] open=[] refs=[] charts=equal labels=True" "$($PY "$T/check.py" "$T/k.html" "$T/m.json")"
"$GISAC" report kpi --format html >"$T/y.html"
check_eq "year html: parses, bars equal the JSON" "errors=[] open=[] refs=[] charts=equal labels=True" "$($PY "$T/check.py" "$T/y.html" "$T/y.json")"
if command -v xmllint >/dev/null; then
    check_status "xmllint --html" 0 xmllint --html --noout "$T/k.html"
fi
check_status "bad output" 2 "$GISAC" report kpi --output "$T/no/such/dir/k.json"
finish
