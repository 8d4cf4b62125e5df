/*
 * kpi_html.c: the KPI report as one self-contained HTML page: inline CSS
 * (readable printed, @media print), inline SVG bar charts whose bars carry
 * the JSON figures in data-value, labels in zh-TW with English. Nothing
 * is loaded from anywhere; every text from the data is escaped.
 */
#include "report/report_internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* The characters escaped for HTML element content and quoted attributes. */
static const char *const html_entities[256] = {
    ['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;",
};

/* Text escaped for HTML element content and quoted attributes. */
static void esc(gisac_buf *b, const char *s)
{
    for (; s && *s; s++) {
        const char *e = html_entities[(unsigned char)*s];
        if (e)
            gisac_buf_puts(b, e);
        else
            gisac_buf_putc(b, *s);
    }
}

static const json_t *get(const json_t *o, const char *path)
{
    /* "a.b.c" */
    char key[64];
    while (o && *path) {
        size_t n = strcspn(path, ".");
        if (n >= sizeof key)
            return NULL;
        memcpy(key, path, n);
        key[n] = '\0';
        o = json_object_get(o, key);
        path += n + (path[n] == '.');
    }
    return o;
}

static long long gi(const json_t *o, const char *path)
{
    return (long long)json_integer_value(get(o, path));
}

static const char *gs(const json_t *o, const char *path)
{
    const char *s = json_string_value(get(o, path));
    return s ? s : "";
}

static void dur(gisac_buf *b, const json_t *v)
{
    if (!json_is_integer(v)) {
        gisac_buf_puts(b, "-");
        return;
    }
    char s[POLICY_DURATION_LEN];
    policy_left_format(json_integer_value(v), s);
    gisac_buf_puts(b, s);
}

static void pct(gisac_buf *b, const json_t *v)
{
    if (json_is_number(v))
        gisac_buf_printf(b, "%.1f%%", json_number_value(v));
    else
        gisac_buf_puts(b, "-");
}

#define CHART_W 640
#define CHART_H 180
#define AXIS_H  40

/*
 * A bar chart: n bars with labels and values; each bar is a rect with
 * data-label and data-value (the JSON figure). id names the chart.
 */
static void chart(gisac_buf *b, const char *id, const char *title, const char *const *labels,
                  const long long *values, size_t n)
{
    long long max = 0;
    for (size_t i = 0; i < n; i++)
        if (values[i] > max)
            max = values[i];
    double slot = n ? (double)CHART_W / (double)n : CHART_W;
    double bw = slot * 0.8 > 1 ? slot * 0.8 : 1;
    gisac_buf_printf(b, "<figure><figcaption>");
    esc(b, title);
    gisac_buf_printf(b,
                     "</figcaption>\n<svg class=\"chart\" id=\"%s\" role=\"img\" width=\"%d\" "
                     "height=\"%d\" viewBox=\"0 0 %d %d\">\n",
                     id, CHART_W, CHART_H + AXIS_H, CHART_W, CHART_H + AXIS_H);
    gisac_buf_printf(b, "<line x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axis\"/>\n", CHART_H,
                     CHART_W, CHART_H);
    for (size_t i = 0; i < n; i++) {
        double h = max ? (double)values[i] * (CHART_H - 20) / (double)max : 0;
        double x = slot * (double)i + (slot - bw) / 2;
        gisac_buf_printf(b,
                         "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                         "data-label=\"",
                         x, CHART_H - h, bw, h);
        esc(b, labels[i]);
        gisac_buf_printf(b, "\" data-value=\"%lld\"><title>", values[i]);
        esc(b, labels[i]);
        gisac_buf_printf(b, ": %lld</title></rect>\n", values[i]);
        if (n <= 31) {
            gisac_buf_printf(b, "<text x=\"%.1f\" y=\"%d\" class=\"lab\" text-anchor=\"middle\">",
                             slot * (double)i + slot / 2, CHART_H + 14);
            /* the last part of a date label: "2026-11-03" -> "03" */
            const char *l = labels[i];
            const char *dash = strrchr(l, '-');
            esc(b, n > 12 && dash ? dash + 1 : l);
            gisac_buf_puts(b, "</text>\n");
            if (values[i] > 0) {
                gisac_buf_printf(b,
                                 "<text x=\"%.1f\" y=\"%.1f\" class=\"val\" "
                                 "text-anchor=\"middle\">%lld</text>\n",
                                 slot * (double)i + slot / 2, CHART_H - h - 4, values[i]);
            }
        }
    }
    gisac_buf_printf(b, "<text x=\"0\" y=\"%d\" class=\"lab\">max %lld</text>\n", CHART_H + 32,
                     max);
    gisac_buf_puts(b, "</svg></figure>\n");
}

/* A chart over an array of {label_key, "count"} objects. */
static int chart_of(gisac_buf *b, const char *id, const char *title, const json_t *arr,
                    const char *label_key)
{
    size_t n = json_array_size(arr);
    const char **labels = n ? calloc(n, sizeof *labels) : NULL;
    long long *values = n ? calloc(n, sizeof *values) : NULL;
    if (n && (!labels || !values)) {
        free(labels);
        free(values);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const json_t *e = json_array_get(arr, i);
        labels[i] = gs(e, label_key);
        values[i] = gi(e, "count");
    }
    chart(b, id, title, labels, values, n);
    free(labels);
    free(values);
    return 0;
}

static const char css[] =
    "body{font-family:'Noto Sans CJK TC','Noto Sans TC','Microsoft JhengHei',sans-serif;"
    "margin:2em auto;max-width:60em;color:#222;line-height:1.4}"
    "h1{font-size:1.6em;border-bottom:3px solid #1a4d80}h2{font-size:1.2em;color:#1a4d80;"
    "margin-top:1.6em}table{border-collapse:collapse;margin:.5em 0}"
    "th,td{border:1px solid #bbb;padding:.25em .6em;text-align:left}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".met{color:#176b2c;font-weight:bold}.notmet{color:#a11;font-weight:bold}"
    ".meta{color:#555}figure{margin:1em 0}figcaption{font-weight:bold;margin-bottom:.3em}"
    "svg.chart{max-width:100%;height:auto;border:1px solid #ddd;background:#fff}"
    "svg .bar{fill:#3873b3}svg .axis{stroke:#444;stroke-width:1}"
    "svg .lab,svg .val{font-size:10px;fill:#333}"
    "@media print{body{margin:0;max-width:none;font-size:10pt}h2{page-break-after:avoid}"
    "figure,table{page-break-inside:avoid}svg .bar{fill:#555}"
    ".met,.notmet{color:#000}a{color:#000;text-decoration:none}}";

static void kv_row(gisac_buf *b, const char *label, long long v)
{
    gisac_buf_puts(b, "<tr><th>");
    esc(b, label);
    gisac_buf_printf(b, "</th><td class=\"n\">%lld</td></tr>\n", v);
}

int rp_kpi_html_render(const json_t *o, gisac_buf *b, gisac_err *err)
{
    const char *pname = gs(o, "period.name");
    gisac_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"zh-TW\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<title>資安關鍵指標 Key indicators ");
    esc(b, pname);
    gisac_buf_printf(b, "</title>\n<style>%s</style>\n</head>\n<body>\n", css);
    gisac_buf_puts(b, "<h1>資安關鍵指標 Key indicators ");
    esc(b, pname);
    gisac_buf_puts(b, "</h1>\n<p class=\"meta\">期間 Period: ");
    esc(b, gs(o, "period.from"));
    gisac_buf_puts(b, " – ");
    esc(b, gs(o, "period.to"));
    gisac_buf_puts(b, json_is_true(get(o, "period.complete")) ? " (完整 complete)"
                                                              : " (進行中 in progress)");
    gisac_buf_puts(b, "<br>產生時間 Generated: ");
    esc(b, gs(o, "generated"));
    gisac_buf_puts(b, " · gisac</p>\n");

    /* targets */
    gisac_buf_puts(b, "<h2>目標 Targets</h2>\n<table id=\"targets\">\n<tr><th>目標 Target</th>"
                      "<th>目標值 Goal</th><th>實際 Value</th><th>結果 Result</th></tr>\n");
    size_t i;
    const json_t *t;
    json_array_foreach(get(o, "targets"), i, t)
    {
        int met = json_is_true(json_object_get(t, "met"));
        gisac_buf_puts(b, "<tr data-target=\"");
        esc(b, gs(t, "id"));
        gisac_buf_puts(b, "\"><td>");
        esc(b, gs(t, "label"));
        gisac_buf_printf(b,
                         "</td><td class=\"n\">%lld</td><td class=\"n\">%lld</td><td class=\"%s\">"
                         "%s</td></tr>\n",
                         gi(t, "target"), gi(t, "value"), met ? "met" : "notmet",
                         met ? "達成 met" : "未達成 not met");
    }
    gisac_buf_puts(b, "</table>\n");

    /* incidents */
    gisac_buf_puts(b, "<h2>事件 Incidents</h2>\n<table>\n");
    kv_row(b, "事件總數 Incidents", gi(o, "incidents.total"));
    kv_row(b, "撤銷的草稿 Dismissed drafts (not counted)", gi(o, "incidents.dismissed_drafts"));
    gisac_buf_puts(b, "</table>\n");
    {
        static const char *const lv_keys[] = {"undetermined", "1", "2", "3", "4"};
        static const char *const lv_labels[] = {"未定 n/d", "1 級 level 1", "2 級 level 2",
                                                "3 級 level 3", "4 級 level 4"};
        long long v[5];
        const json_t *lv = get(o, "incidents.by_level");
        for (int k = 0; k < 5; k++)
            v[k] = (long long)json_integer_value(json_object_get(lv, lv_keys[k]));
        chart(b, "chart-level", "事件等級 Incidents by level", lv_labels, v, 5);
    }
    if (chart_of(b, "chart-time",
                 strcmp(gs(o, "incidents.by_time.unit"), "day") == 0
                     ? "每日事件 Incidents by day"
                     : "每月事件 Incidents by month",
                 get(o, "incidents.by_time.buckets"), "label") < 0)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    const char *key;
    const json_t *v;
    gisac_buf_puts(
        b, "<table id=\"by-sector\">\n<tr><th>領域 Sector</th><th>事件 Incidents</th></tr>\n");
    json_object_foreach((json_t *)get(o, "incidents.by_sector"), key, v)
        kv_row(b, key, (long long)json_integer_value(v));
    gisac_buf_puts(b, "</table>\n<table id=\"by-category\">\n<tr><th>類別 Category</th>"
                      "<th>事件 Incidents</th></tr>\n");
    json_object_foreach((json_t *)get(o, "incidents.by_category"), key, v)
        kv_row(b, key, (long long)json_integer_value(v));
    gisac_buf_puts(b, "</table>\n");

    /* times */
    gisac_buf_puts(b, "<h2>處理時間 Response times</h2>\n<table id=\"times\">\n<tr><th></th>"
                      "<th>件數 n</th><th>中位數 median</th><th>P90</th></tr>\n");
    static const char *const tkeys[] = {"to_report", "to_review", "to_recover"};
    static const char *const tlabels[] = {"通報 awareness to report", "審核 report to review",
                                          "復原 awareness to recovery"};
    for (int k = 0; k < 3; k++) {
        const json_t *tm = json_object_get(get(o, "times"), tkeys[k]);
        gisac_buf_printf(b, "<tr><th>%s</th><td class=\"n\">%lld</td><td class=\"n\">", tlabels[k],
                         gi(tm, "n"));
        dur(b, json_object_get(tm, "median"));
        gisac_buf_puts(b, "</td><td class=\"n\">");
        dur(b, json_object_get(tm, "p90"));
        gisac_buf_puts(b, "</td></tr>\n");
    }
    gisac_buf_puts(b, "</table>\n");

    /* deadlines */
    gisac_buf_puts(b, "<h2>時限 Deadlines</h2>\n<table id=\"deadlines\">\n<tr><th></th>"
                      "<th>應辦 owed by</th><th>如期 met</th><th>逾期 breached</th>"
                      "<th>未到期 open</th></tr>\n");
    json_object_foreach((json_t *)get(o, "deadlines"), key, v)
    {
        gisac_buf_puts(b, "<tr><th>");
        esc(b, key);
        gisac_buf_puts(b, "</th><td>");
        esc(b, json_string_value(json_object_get(v, "owner")));
        gisac_buf_printf(b, "</td><td class=\"n\">%lld (", gi(v, "met"));
        pct(b, json_object_get(v, "met_share"));
        gisac_buf_printf(b, ")</td><td class=\"n\">%lld (", gi(v, "breached"));
        pct(b, json_object_get(v, "breached_share"));
        gisac_buf_printf(b, ")</td><td class=\"n\">%lld (", gi(v, "open"));
        pct(b, json_object_get(v, "open_share"));
        gisac_buf_puts(b, ")</td></tr>\n");
    }
    /* summed by who owes them: a late review is the reviewer's, not the agency's */
    json_object_foreach((json_t *)get(o, "deadlines_by_owner"), key, v)
    {
        gisac_buf_puts(b, "<tr class=\"owner\"><th>");
        esc(b, strcmp(key, "reviewer") == 0 ? "審查機關 reviewer" : "通報機關 agency");
        gisac_buf_printf(b,
                         "</th><td></td><td class=\"n\">%lld</td><td class=\"n\">%lld</td>"
                         "<td class=\"n\">%lld</td></tr>\n",
                         gi(v, "met"), gi(v, "breached"), gi(v, "open"));
    }
    gisac_buf_puts(b, "</table>\n");

    /* intel, advisories */
    gisac_buf_puts(b, "<h2>情資與警訊 Intelligence and advisories</h2>\n<table>\n");
    kv_row(b, "情資分享 Intel releases", gi(o, "intel.released"));
    kv_row(b, "有 C2 情資的日數 Days with C2 intelligence", gi(o, "intel.c2_days.covered"));
    kv_row(b, "應有日數 Days due", gi(o, "intel.c2_days.due"));
    kv_row(b, "資安警訊 Advisories", gi(o, "advisories.published"));
    kv_row(b, "有月報的月份 Months with a monthly report",
           gi(o, "advisories.monthly_reports.covered"));
    kv_row(b, "應有月份 Months due", gi(o, "advisories.monthly_reports.due"));
    gisac_buf_puts(b, "</table>\n");

    /* sightings */
    gisac_buf_puts(b, "<h2>目擊 Sightings</h2>\n<table>\n");
    kv_row(b, "目擊總數 Sightings", gi(o, "sightings.total"));
    gisac_buf_puts(b, "</table>\n");
    if (chart_of(b, "chart-sightings", "每日目擊 Sightings per day", get(o, "sightings.by_day"),
                 "day") < 0)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");

    /* monitoring notices: their own answer deadline, apart from the legal ones */
    gisac_buf_puts(b, "<h2>資安監控單 Monitoring notices (alerts)</h2>\n<table>\n");
    kv_row(b, "開立 Opened", gi(o, "alerts.opened"));
    kv_row(b, "如期回覆 Answered in time", gi(o, "alerts.answered_in_time"));
    kv_row(b, "逾期回覆 Answered late", gi(o, "alerts.answered_late"));
    kv_row(b, "未回覆 Open", gi(o, "alerts.open"));
    kv_row(b, "逾回覆期限 Past their answer deadline", gi(o, "alerts.overdue"));
    gisac_buf_puts(b, "</table>\n");
    gisac_buf_puts(b, "<p class=\"meta\">gisac 自訂指標 gisac's own key indicators "
                      "(docs/report.md)</p>\n</body>\n</html>\n");
    if (!b->data)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    return 0;
}
