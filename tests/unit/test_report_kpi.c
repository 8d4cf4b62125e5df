/*
 * test_report_kpi.c: the KPI report's targets counted as met and not met
 * (src/report/kpi.c), on each side of each: intel releases (pro-rated for
 * a month), advisories, C2 intelligence every complete day, a monthly
 * report every complete month; who may read it; periods. (Incident
 * figures, times and deadlines: tests/cli/test_report.sh.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "advisory/advisory.h"
#include "report/report.h"
#include "test_incident_util.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* the incident service (without auth) and intel on one database */
typedef struct fixture {
    test_incident_fx x;
    intel *in;
} fixture;

static const auth_principal admin = {1, "admin", AUTH_ROLE_ADMIN, NULL};

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    gisac_err err;
    if (!f || test_incident_open(&f->x, "/tmp/gisac-kpi-XXXXXX") < 0 ||
        test_intel_open(f->x.db, &f->in, &err) < 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    test_intel_close(f->in);
    test_incident_close(&f->x);
    free(f);
    return 0;
}

/* An indicator created at created (modified at modified, 0: the same) with labels. */
static void indicator(fixture *f, int64_t created, int64_t modified, const char *labels,
                      int matchable, int allowlisted)
{
    char v[64];
    f->x.nind++;
    snprintf(v, sizeof v, "%d.%d.0.1", 1 + f->x.nind / 250, f->x.nind % 250);
    store_indicator in = test_indicator(IOC_IPV4, v, created);
    in.labels_json = labels;
    in.matchable = matchable;
    in.allowlisted = allowlisted;
    in.modified = modified ? modified : created;
    test_indicator_add(intel_store(f->in), &in, 0);
}

static void publish(fixture *f, const char *title, int64_t now)
{
    static const char *const cves[] = {"CVE-2024-3400"};
    advisory_input v = {.title = title,
                        .severity = "high",
                        .body = "body",
                        .cves = cves,
                        .ncves = 1,
                        .has_cves = 1};
    advisory *a = NULL;
    advisory_where w;
    gisac_err err = GISAC_ERR_INIT;
    if (advisory_publish(f->in, &v, now, &a, &w, &err) < 0)
        fail_msg("publish: %s", err.msg);
    advisory_free(a);
}

static json_t *kpi(fixture *f, int year, int month, int64_t now)
{
    report_period p = {.year = year, .month = month};
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    if (report_kpi_json(f->x.svc, &admin, &p, now, 0, &b, &err) < 0)
        fail_msg("kpi: %s", err.msg);
    json_t *o = json_loadb(b.data, b.len, 0, NULL);
    gisac_buf_free(&b);
    assert_non_null(o);
    return o;
}

/* "id target value met|not" of target i */
static void target(const json_t *o, size_t i, char *out, size_t cap)
{
    json_t *t = json_array_get(json_object_get(o, "targets"), i);
    snprintf(out, cap, "%s %lld %lld %s", json_string_value(json_object_get(t, "id")),
             (long long)json_integer_value(json_object_get(t, "target")),
             (long long)json_integer_value(json_object_get(t, "value")),
             json_is_true(json_object_get(t, "met")) ? "met" : "not");
}

#define TARGET(o, i, want)                                                                         \
    do {                                                                                           \
        char got_[256];                                                                            \
        target(o, i, got_, sizeof got_);                                                           \
        assert_string_equal(got_, want);                                                           \
    } while (0)

static const char *missing(const json_t *o, const char *section, const char *what, char *out,
                           size_t cap)
{
    out[0] = '\0';
    size_t i;
    json_t *v;
    json_array_foreach(
        json_object_get(json_object_get(json_object_get(o, section), what), "missing"), i, v)
        snprintf(out + strlen(out), cap - strlen(out), "%s%s", i ? " " : "", json_string_value(v));
    return out;
}

/*
 * November 2026 at 2026-11-24T12:00: releases pro-rated 500 x 30 / 365 =
 * 41.1 -> 42; advisories 200 x 30 / 365 = 16.4 -> 17; C2 every complete
 * day: 1 .. 23 November (the 24th is not over).
 */
static void test_month_targets(void **state)
{
    fixture *f = *state;
    int64_t now = test_at("2026-11-24T12:00:00Z");
    int64_t nov1 = test_at("2026-11-01T10:00:00Z");
    /* C2 every day but the 5th, under assorted label spellings */
    static const char *const labels[] = {"[\"C2\"]", "[\"botnet_cc\"]", "[\"malware\",\"cnc\"]",
                                         "[\"Command-and-Control\"]"};
    for (int d = 0; d < 23; d++)
        if (d != 4)
            indicator(f, nov1 + (int64_t)d * 86400, 0, labels[d % 4], 1, 0);
    /* not C2: another label; not counted as releases: context, allowlisted, October */
    indicator(f, test_at("2026-11-05T10:00:00Z"), 0, "[\"phishing\",\"c2-ish\"]", 1, 0);
    indicator(f, test_at("2026-11-05T11:00:00Z"), 0, NULL, 0, 0);
    indicator(f, test_at("2026-11-05T12:00:00Z"), 0, "[\"c2\"]", 1, 1);
    indicator(f, test_at("2026-10-31T23:59:59Z"), 0, NULL, 1, 0);
    /* C2 of today does not make up for a missing day */
    indicator(f, test_at("2026-11-24T01:00:00Z"), 0, "[\"c2\"]", 1, 0);
    for (int i = 0; i < 17; i++) /* 22 + 1 + 1 + 17 = 41 releases */
        indicator(f, test_at("2026-11-24T02:00:00Z"), 0, NULL, 1, 0);
    for (int i = 0; i < 16; i++)
        publish(f, "警訊 advisory", test_at("2026-11-02T00:00:00Z") + i);
    publish(f, "October's", test_at("2026-10-31T23:00:00Z"));
    json_t *o = kpi(f, 2026, 11, now);
    TARGET(o, 0, "intel_releases 42 41 not");
    TARGET(o, 1, "advisories 17 16 not");
    TARGET(o, 2, "c2_daily 23 22 not");
    TARGET(o, 3, "monthly_report 0 0 met"); /* November is not over */
    char buf[512];
    assert_string_equal(missing(o, "intel", "c2_days", buf, sizeof buf), "2026-11-05");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(o, "intel"), "released")),
                     41);
    json_decref(o);

    /* one more of each: met. The 5th is covered by an update (modified) of an older one */
    indicator(f, test_at("2026-11-24T03:00:00Z"), 0, NULL, 1, 0);
    publish(f, "警訊 advisory", test_at("2026-11-20T00:00:00Z"));
    indicator(f, test_at("2026-09-01T00:00:00Z"), test_at("2026-11-05T23:59:59Z"), "[\"C&C\"]", 1,
              0);
    o = kpi(f, 2026, 11, now);
    TARGET(o, 0, "intel_releases 42 42 met");
    TARGET(o, 1, "advisories 17 17 met");
    TARGET(o, 2, "c2_daily 23 23 met");
    assert_string_equal(missing(o, "intel", "c2_days", buf, sizeof buf), "");
    json_decref(o);
    /* the whole month, over: every day counts, and 30 days pro-rate the same */
    o = kpi(f, 2026, 11, test_at("2026-12-01T00:00:00Z"));
    TARGET(o, 2, "c2_daily 30 24 not"); /* with the 24th; 25 .. 30 missing */
    TARGET(o, 3, "monthly_report 1 0 not");
    assert_string_equal(missing(o, "advisories", "monthly_reports", buf, sizeof buf), "2026-11");
    assert_true(json_is_true(json_object_get(json_object_get(o, "period"), "complete")));
    json_decref(o);
}

/* A year: 500 and 200; a monthly report in every complete month (first published in it). */
static void test_year_targets(void **state)
{
    fixture *f = *state;
    int64_t now = test_at("2026-04-15T00:00:00Z");
    publish(f, "情資月報 2026-01", test_at("2026-01-31T23:59:59Z"));
    publish(f, "Monthly Report February", test_at("2026-02-10T00:00:00Z"));
    publish(f, "weekly report", test_at("2026-03-10T00:00:00Z"));
    publish(f, "情資月報 2026-04", test_at("2026-04-01T00:00:00Z")); /* April is not over */
    json_t *o = kpi(f, 0, 0, now);                                   /* the year of now */
    assert_string_equal(json_string_value(json_object_get(json_object_get(o, "period"), "name")),
                        "2026");
    TARGET(o, 0, "intel_releases 500 0 not");
    TARGET(o, 1, "advisories 200 4 not");
    TARGET(o, 3, "monthly_report 3 2 not");
    char buf[256];
    assert_string_equal(missing(o, "advisories", "monthly_reports", buf, sizeof buf), "2026-03");
    TARGET(o, 2, "c2_daily 104 0 not"); /* 1 January .. 14 April */
    json_decref(o);
    publish(f, "March 月報 (late)", test_at("2026-03-31T23:59:59Z"));
    o = kpi(f, 2026, 0, now);
    TARGET(o, 3, "monthly_report 3 3 met");
    json_decref(o);
    for (int i = 0; i < 499; i++)
        indicator(f, test_at("2026-02-01T00:00:00Z") + i, 0, NULL, 1, 0);
    o = kpi(f, 2026, 0, now);
    TARGET(o, 0, "intel_releases 500 499 not");
    json_decref(o);
    indicator(f, test_at("2026-12-31T23:59:59Z"), 0, NULL, 1, 0); /* created "in the future" */
    o = kpi(f, 2026, 0, now);
    TARGET(o, 0, "intel_releases 500 500 met");
    json_decref(o);
}

static void test_errors(void **state)
{
    fixture *f = *state;
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    report_period p = {.year = 2027, .month = 1};
    assert_int_equal(
        report_kpi_json(f->x.svc, &admin, &p, test_at("2026-11-24T00:00:00Z"), 0, &b, &err),
        GISAC_EINVAL);
    assert_string_equal(err.msg, "the period 2027-01 has not begun");
    p = (report_period){.year = 2026, .month = 13};
    assert_int_equal(
        report_kpi_json(f->x.svc, &admin, &p, test_at("2026-11-24T00:00:00Z"), 0, &b, &err),
        GISAC_EINVAL);
    assert_string_equal(err.msg, "month 13: expected 1 to 12");
    p = (report_period){.year = 2026, .month = 0};
    auth_principal off = {5, "off", AUTH_ROLE_AGENCY, "bank"};
    assert_int_equal(
        report_kpi_json(f->x.svc, &off, &p, test_at("2026-11-24T00:00:00Z"), 0, &b, &err),
        GISAC_EFORBIDDEN);
    assert_int_equal(report_kpi_html(f->x.svc, &off, &p, test_at("2026-11-24T00:00:00Z"), &b, &err),
                     GISAC_EFORBIDDEN);
    assert_int_equal(b.len, 0);
    gisac_buf_free(&b);
}

/* the HTML page: self-contained, escaped, bars carrying the JSON figures */
static void test_html(void **state)
{
    fixture *f = *state;
    publish(f, "a", test_at("2026-11-02T00:00:00Z"));
    report_period p = {.year = 2026, .month = 11};
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(
        report_kpi_html(f->x.svc, &admin, &p, test_at("2026-11-24T00:00:00Z"), &b, &err), 0);
    assert_non_null(strstr(b.data, "<!DOCTYPE html>"));
    assert_non_null(strstr(b.data, "@media print"));
    assert_null(strstr(b.data, "http"));
    assert_null(strstr(b.data, "<script"));
    assert_non_null(strstr(b.data, "<tr data-target=\"advisories\"><td>資安警訊 Advisories</td>"
                                   "<td class=\"n\">17</td><td class=\"n\">1</td>"
                                   "<td class=\"notmet\">未達成 not met</td></tr>"));
    assert_non_null(strstr(b.data, "data-label=\"2026-11-30\" data-value=\"0\""));
    gisac_buf_free(&b);
}

TEST_MAIN(setup, teardown, TEST_CASE(test_month_targets), TEST_CASE(test_year_targets),
          TEST_CASE(test_errors), TEST_CASE(test_html))
