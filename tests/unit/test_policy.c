/*
 * test_policy.c: the level matrix cell by cell, every deadline of
 * the programme's incident rules (docs/incident.md), durations and calendar months, the policy
 * file parser (errors with JSON paths, partial overrides, reserved
 * sections) and the canonical form.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "policy/policy.h"

#include <stdio.h>
#include <string.h>

static int64_t at(const char *iso)
{
    int64_t t;
    assert_int_equal(gisac_time_parse(iso, strlen(iso), &t), 0);
    return t;
}

static void assert_time(int64_t t, const char *iso)
{
    char s[GISAC_TIME_LEN];
    gisac_time_format(t, s);
    assert_string_equal(s, iso);
}

static int level_of(const policy *p, policy_asset a, policy_impact c, policy_impact i,
                    policy_avail av)
{
    int lv = -1;
    gisac_err err;
    assert_int_equal(policy_level(p, a, c, i, av, &lv, &err), 0);
    return lv;
}

/* docs/incident.md: minor, serious, within MTD, beyond MTD; 0 = "-" */
static const int want[5][4] = {
    {0, 0, 0, 0}, {1, 2, 1, 2}, {2, 3, 2, 3}, {3, 4, 3, 4}, {4, 4, 0, 0},
};

static void test_matrix_every_cell(void **state)
{
    (void)state;
    policy p;
    policy_default(&p);
    for (int a = 1; a <= 4; a++) {
        /* confidentiality alone, integrity alone: minor and serious */
        assert_int_equal(level_of(&p, a, POLICY_IMPACT_MINOR, 0, 0), want[a][0]);
        assert_int_equal(level_of(&p, a, POLICY_IMPACT_SERIOUS, 0, 0), want[a][1]);
        assert_int_equal(level_of(&p, a, 0, POLICY_IMPACT_MINOR, 0), want[a][0]);
        assert_int_equal(level_of(&p, a, 0, POLICY_IMPACT_SERIOUS, 0), want[a][1]);
        /* availability alone */
        for (int av = 1; av <= 2; av++) {
            int lv = -1;
            gisac_err err;
            int rc = policy_level(&p, a, 0, 0, av, &lv, &err);
            if (want[a][1 + av]) {
                assert_int_equal(rc, 0);
                assert_int_equal(lv, want[a][1 + av]);
            } else {
                assert_int_equal(rc, GISAC_EINVAL);
                assert_string_equal(err.msg, av == 1 ? "availability impact 'within-mtd' does not "
                                                       "apply to national-secret assets under "
                                                       "this policy"
                                                     : "availability impact 'beyond-mtd' does not "
                                                       "apply to national-secret assets under "
                                                       "this policy");
            }
        }
        /* no impact: not yet determined */
        assert_int_equal(level_of(&p, a, 0, 0, 0), 0);
    }
    /* the level is the highest of the three */
    assert_int_equal(level_of(&p, POLICY_ASSET_NON_CORE, POLICY_IMPACT_MINOR, POLICY_IMPACT_SERIOUS,
                              POLICY_AVAIL_WITHIN_MTD),
                     2);
    assert_int_equal(level_of(&p, POLICY_ASSET_CORE, POLICY_IMPACT_MINOR, POLICY_IMPACT_MINOR,
                              POLICY_AVAIL_BEYOND_MTD),
                     3);
    assert_int_equal(level_of(&p, POLICY_ASSET_CORE_CI, POLICY_IMPACT_NONE, POLICY_IMPACT_MINOR,
                              POLICY_AVAIL_BEYOND_MTD),
                     4);
    assert_int_equal(level_of(&p, POLICY_ASSET_NATIONAL_SECRET, POLICY_IMPACT_MINOR,
                              POLICY_IMPACT_NONE, POLICY_AVAIL_NONE),
                     4);
    assert_int_equal(p.major_level, 3);
    int lv;
    gisac_err err;
    assert_int_equal(policy_level(&p, POLICY_ASSET_NONE, 1, 0, 0, &lv, &err), GISAC_EINVAL);
    assert_string_equal(err.msg, "no asset class given");
}

static void test_names(void **state)
{
    (void)state;
    policy_asset a;
    policy_impact i;
    policy_avail av;
    gisac_err err;
    const char *assets[] = {"non-core", "core", "core-ci", "national-secret"};
    for (int k = 0; k < 4; k++) {
        assert_int_equal(policy_asset_parse(assets[k], &a, &err), 0);
        assert_int_equal(a, k + 1);
        assert_string_equal(policy_asset_name(a), assets[k]);
    }
    assert_int_equal(policy_asset_parse("secret", &a, &err), GISAC_EINVAL);
    assert_string_equal(err.msg, "asset 'secret': use non-core, core, core-ci or national-secret");
    assert_int_equal(policy_impact_parse("integrity", "serious", &i, &err), 0);
    assert_int_equal(i, POLICY_IMPACT_SERIOUS);
    assert_int_equal(policy_impact_parse("integrity", "major", &i, &err), GISAC_EINVAL);
    assert_string_equal(err.msg, "integrity 'major': use none, minor or serious");
    assert_int_equal(policy_avail_parse("beyond-mtd", &av, &err), 0);
    assert_int_equal(av, POLICY_AVAIL_BEYOND_MTD);
    assert_int_equal(policy_avail_parse("down", &av, &err), GISAC_EINVAL);
    assert_string_equal(err.msg, "availability 'down': use none, within-mtd or beyond-mtd");
    assert_string_equal(policy_deadline_name(POLICY_DL_INVESTIGATION), "investigation_report");
}

static void test_every_deadline(void **state)
{
    (void)state;
    policy p;
    policy_default(&p);
    int64_t aware = at("2026-11-24T00:00:00Z"), reported = at("2026-11-24T00:40:00Z");
    int64_t recovered = at("2026-11-25T06:15:00Z");
    const char *review[5] = {"", "2026-11-24T08:40:00Z", "2026-11-24T08:40:00Z",
                             "2026-11-24T02:40:00Z", "2026-11-24T02:40:00Z"};
    const char *recover[5] = {"", "2026-11-27T00:00:00Z", "2026-11-27T00:00:00Z",
                              "2026-11-25T12:00:00Z", "2026-11-25T12:00:00Z"};
    for (int lv = 1; lv <= 4; lv++) {
        policy_clock c = {lv, aware, aware, 0, reported, recovered, NULL};
        int64_t due[POLICY_DL_COUNT];
        policy_deadlines(&p, &c, due);
        assert_time(due[POLICY_DL_REPORT], "2026-11-24T01:00:00Z");
        assert_time(due[POLICY_DL_REVIEW], review[lv]);
        assert_time(due[POLICY_DL_RECOVER], recover[lv]);
        assert_time(due[POLICY_DL_INVESTIGATION], "2026-12-25T06:15:00Z");
    }
    /* a level change restarts the report clock: 1 h after the change */
    policy_clock c = {3, aware, at("2026-11-24T05:30:00Z"), 1, reported, 0, NULL};
    int64_t due[POLICY_DL_COUNT];
    policy_deadlines(&p, &c, due);
    assert_time(due[POLICY_DL_REPORT], "2026-11-24T06:30:00Z");
    assert_int_equal(due[POLICY_DL_INVESTIGATION], 0); /* not recovered yet */
    /* no level: only the report deadline is known */
    policy_clock none = {0, aware, aware, 0, reported, 0, NULL};
    policy_deadlines(&p, &none, due);
    assert_time(due[POLICY_DL_REPORT], "2026-11-24T01:00:00Z");
    assert_int_equal(due[POLICY_DL_REVIEW], 0);
    assert_int_equal(due[POLICY_DL_RECOVER], 0);
    assert_int_equal(due[POLICY_DL_INVESTIGATION], 0);
    /* no report received yet: no review deadline */
    policy_clock draft = {2, aware, aware, 0, 0, 0, NULL};
    policy_deadlines(&p, &draft, due);
    assert_int_equal(due[POLICY_DL_REVIEW], 0);
    assert_time(due[POLICY_DL_RECOVER], "2026-11-27T00:00:00Z");
}

static void test_calendar_month(void **state)
{
    (void)state;
    policy_duration m = {1, 0};
    assert_time(policy_time_add(at("2026-01-31T10:00:00Z"), m), "2026-02-28T10:00:00Z");
    assert_time(policy_time_add(at("2028-01-31T23:59:59Z"), m), "2028-02-29T23:59:59Z");
    assert_time(policy_time_add(at("2026-12-15T00:00:00Z"), m), "2027-01-15T00:00:00Z");
    assert_time(policy_time_add(at("2026-03-31T00:00:00Z"), m), "2026-04-30T00:00:00Z");
    policy_duration m13 = {13, 3600};
    assert_time(policy_time_add(at("2026-11-24T00:00:00Z"), m13), "2027-12-24T01:00:00Z");
    assert_time(policy_time_sub(at("2027-12-24T01:00:00Z"), m13), "2026-11-24T00:00:00Z");
    assert_time(policy_time_sub(at("2026-03-31T00:00:00Z"), m), "2026-02-28T00:00:00Z");
}

/* "1 month after recovery" in the local calendar of the installation's zone */
static void test_local_month(void **state)
{
    (void)state;
    gisac_tz *tz = NULL;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(gisac_tz_load("Asia/Taipei", &tz, &err), 0);
    policy_duration mo = {1, 0};
    /* 31 January 02:00 Taipei is 30 January in UTC: a month later is 28
     * February 02:00 local, not 1 March (30 January + 1 month in UTC) */
    int64_t t = at("2026-01-31T02:00:00+08:00");
    assert_int_equal(policy_time_add_in(t, mo, tz), at("2026-02-28T02:00:00+08:00"));
    assert_int_equal(policy_time_add(t, mo), at("2026-03-01T02:00:00+08:00"));
    /* a leap year, and months plus seconds */
    policy_duration mo_h = {1, 3600};
    assert_int_equal(policy_time_add_in(at("2028-01-31T23:30:00+08:00"), mo_h, tz),
                     at("2028-03-01T00:30:00+08:00"));
    /* no months: plain seconds; no zone: UTC */
    policy_duration h = {0, 36 * 3600};
    assert_int_equal(policy_time_add_in(t, h, tz), t + 36 * 3600);
    assert_int_equal(policy_time_add_in(t, mo, NULL), policy_time_add(t, mo));
    /* the investigation deadline of a policy_clock counts the same way */
    policy p;
    policy_default(&p);
    policy_clock c = {2, t - 3600, t - 3600, 0, t - 1800, t, tz};
    int64_t due[POLICY_DL_COUNT];
    policy_deadlines(&p, &c, due);
    assert_int_equal(due[POLICY_DL_INVESTIGATION], at("2026-02-28T02:00:00+08:00"));
    policy_free(&p);
    gisac_tz_free(tz);
}

static void test_durations(void **state)
{
    (void)state;
    struct {
        const char *in, *canon;
        int months;
        int64_t seconds;
    } ok[] = {
        {"1h", "1h", 0, 3600},   {"72h", "72h", 0, 259200},   {"36h", "36h", 0, 129600},
        {"1mo", "1mo", 1, 0},    {"1h30m", "1h30m", 0, 5400}, {"90m", "1h30m", 0, 5400},
        {"7d", "7d", 0, 604800}, {"1w", "7d", 0, 604800},     {"3d", "72h", 0, 259200},
        {"0m", "0m", 0, 0},      {"45s", "45s", 0, 45},       {"1mo2d", "1mo48h", 1, 172800},
        {"2h0m", "2h", 0, 7200},
    };
    for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++) {
        policy_duration d;
        gisac_err err;
        assert_int_equal(policy_duration_parse(ok[k].in, &d, &err), 0);
        assert_int_equal(d.months, ok[k].months);
        assert_int_equal(d.seconds, ok[k].seconds);
        char out[POLICY_DURATION_LEN];
        policy_duration_format(d, out);
        assert_string_equal(out, ok[k].canon);
    }
    struct {
        const char *in, *msg;
    } bad[] = {
        {"", "duration is empty: use e.g. 1h, 72h, 1mo"},
        {"h", "duration 'h': expected NUMBER UNIT groups, units mo, w, d, h, m, s (e.g. 1h30m)"},
        {"1", "duration '1': unknown or missing unit (use mo, w, d, h, m, s)"},
        {"1x", "duration '1x': unknown or missing unit (use mo, w, d, h, m, s)"},
        {"1h 30m", "duration '1h 30m': expected NUMBER UNIT groups, units mo, w, d, h, m, s (e.g. "
                   "1h30m)"},
        {"-1h",
         "duration '-1h': expected NUMBER UNIT groups, units mo, w, d, h, m, s (e.g. 1h30m)"},
        {"1201mo", "duration '1201mo' is too long"},
        {"999999999999999h", "duration '999999999999999h' is too long"},
        {"5300w", "duration '5300w' is too long"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        policy_duration d;
        gisac_err err;
        assert_int_equal(policy_duration_parse(bad[k].in, &d, &err), GISAC_EINVAL);
        assert_string_equal(err.msg, bad[k].msg);
    }
    char out[POLICY_DURATION_LEN];
    policy_left_format(8 * 3600 - 30, out);
    assert_string_equal(out, "7h59m");
    policy_left_format(45 * 60, out);
    assert_string_equal(out, "45m");
    policy_left_format(-(3600 + 5 * 60), out);
    assert_string_equal(out, "-1h05m");
    policy_left_format(2 * 86400 + 4 * 3600 + 59, out);
    assert_string_equal(out, "2d04h");
    policy_left_format(0, out);
    assert_string_equal(out, "0m");
    policy_left_format(59, out);
    assert_string_equal(out, "0m");
    policy_left_format(-1, out);
    assert_string_equal(out, "-1m");
    policy_left_format(-60, out);
    assert_string_equal(out, "-1m");
    policy_left_format(-61, out);
    assert_string_equal(out, "-2m");
    policy_left_format(INT64_MIN, out);
    assert_true(out[0] == '-');
}

static void assert_dur_equal(policy_duration a, policy_duration b)
{
    assert_int_equal(a.months, b.months);
    assert_int_equal(a.seconds, b.seconds);
}

/* Field by field: policy_duration has padding, so memcmp would compare garbage. */
static void assert_policy_equal(const policy *a, const policy *b)
{
    assert_memory_equal(a->level, b->level, sizeof a->level);
    assert_int_equal(a->major_level, b->major_level);
    assert_dur_equal(a->report, b->report);
    assert_dur_equal(a->report_level_change, b->report_level_change);
    for (int lv = 1; lv <= POLICY_LEVEL_MAX; lv++) {
        assert_dur_equal(a->review[lv], b->review[lv]);
        assert_dur_equal(a->recover[lv], b->recover[lv]);
        assert_dur_equal(a->investigation[lv], b->investigation[lv]);
    }
    for (int k = 0; k < POLICY_DL_COUNT; k++)
        assert_dur_equal(a->at_risk[k], b->at_risk[k]);
    assert_true((a->description == NULL) == (b->description == NULL));
    assert_true((a->alert_light == NULL) == (b->alert_light == NULL));
    assert_true((a->auto_report == NULL) == (b->auto_report == NULL));
}

static const char default_json[] =
    "{\n"
    "  \"levels\": {\n"
    "    \"non-core\": {\"minor\": 1, \"serious\": 2, \"within-mtd\": 1, \"beyond-mtd\": 2},\n"
    "    \"core\": {\"minor\": 2, \"serious\": 3, \"within-mtd\": 2, \"beyond-mtd\": 3},\n"
    "    \"core-ci\": {\"minor\": 3, \"serious\": 4, \"within-mtd\": 3, \"beyond-mtd\": 4},\n"
    "    \"national-secret\": {\"minor\": 4, \"serious\": 4, \"within-mtd\": null, "
    "\"beyond-mtd\": null}\n"
    "  },\n"
    "  \"major_level\": 3,\n"
    "  \"deadlines\": {\n"
    "    \"report\": \"1h\",\n"
    "    \"report_level_change\": \"1h\",\n"
    "    \"review\": {\"1\": \"8h\", \"2\": \"8h\", \"3\": \"2h\", \"4\": \"2h\"},\n"
    "    \"recover\": {\"1\": \"72h\", \"2\": \"72h\", \"3\": \"36h\", \"4\": \"36h\"},\n"
    "    \"investigation_report\": {\"1\": \"1mo\", \"2\": \"1mo\", \"3\": \"1mo\", \"4\": "
    "\"1mo\"}\n"
    "  },\n"
    "  \"at_risk\": {\"report\": \"15m\", \"review\": \"30m\", \"recover\": \"6h\", "
    "\"investigation_report\": \"7d\"},\n"
    "  \"time_zone\": \"Asia/Taipei\"\n"
    "}\n";

static void test_canonical_default(void **state)
{
    (void)state;
    policy p;
    policy_default(&p);
    gisac_buf b = GISAC_BUF_INIT;
    assert_int_equal(policy_to_json(&p, 0, &b), 0);
    assert_string_equal(b.data, default_json);
    /* the canonical text parses back to the same policy */
    policy q;
    gisac_err err;
    assert_int_equal(policy_parse(b.data, b.len, "x", &q, &err), 0);
    assert_policy_equal(&p, &q);
    /* with a version, as `policy show --json` prints it, and parsed back */
    gisac_buf v = GISAC_BUF_INIT;
    assert_int_equal(policy_to_json(&p, 7, &v), 0);
    assert_true(strncmp(v.data, "{\n  \"version\": 7,\n  \"levels\"", 28) == 0);
    assert_int_equal(policy_parse(v.data, v.len, "x", &q, &err), 0);
    policy_free(&q);
    gisac_buf_free(&v);
    gisac_buf_free(&b);
}

static void test_partial_override(void **state)
{
    (void)state;
    const char *text = "{\"description\": \"stricter majors\","
                       " \"levels\": {\"core\": {\"serious\": 4}},"
                       " \"deadlines\": {\"review\": {\"3\": \"90m\"}, \"recover\": \"24h\","
                       " \"investigation_report\": {\"1\": \"2mo\"}},"
                       " \"at_risk\": {\"report\": \"0m\"},"
                       " \"alert_light\": {\"red\": {\"breaches\": 1}, \"amber\": [1, 2]},"
                       " \"auto_report\": {}, \"version\": 3}";
    policy p;
    gisac_err err;
    assert_int_equal(policy_parse(text, strlen(text), "f.json", &p, &err), 0);
    policy d;
    policy_default(&d);
    assert_int_equal(p.level[POLICY_ASSET_CORE][POLICY_COL_SERIOUS], 4);
    assert_int_equal(p.level[POLICY_ASSET_CORE][POLICY_COL_MINOR], 2);
    assert_int_equal(p.review[3].seconds, 5400);
    assert_int_equal(p.review[4].seconds, 7200);
    assert_int_equal(p.review[1].seconds, 8 * 3600);
    for (int lv = 1; lv <= 4; lv++)
        assert_int_equal(p.recover[lv].seconds, 24 * 3600);
    assert_int_equal(p.investigation[1].months, 2);
    assert_int_equal(p.investigation[2].months, 1);
    assert_true(policy_duration_is_zero(p.at_risk[POLICY_DL_REPORT]));
    assert_string_equal(p.description, "stricter majors");
    assert_string_equal(p.alert_light, "{\"amber\":[1,2],\"red\":{\"breaches\":1}}");
    assert_string_equal(p.auto_report, "{}");
    int lv;
    assert_int_equal(policy_level(&p, POLICY_ASSET_CORE, POLICY_IMPACT_SERIOUS, 0, 0, &lv, &err),
                     0);
    assert_int_equal(lv, 4);
    /* the reserved sections survive the canonical form */
    gisac_buf b = GISAC_BUF_INIT;
    assert_int_equal(policy_to_json(&p, 0, &b), 0);
    assert_non_null(strstr(b.data,
                           "  \"alert_light\": {\"amber\":[1,2],\"red\":{\"breaches\":1}},\n"
                           "  \"auto_report\": {}\n}\n"));
    assert_non_null(strstr(b.data, "  \"description\": \"stricter majors\",\n"));
    policy q;
    assert_int_equal(policy_parse(b.data, b.len, "x", &q, &err), 0);
    gisac_buf c = GISAC_BUF_INIT;
    assert_int_equal(policy_to_json(&q, 0, &c), 0);
    assert_string_equal(b.data, c.data);
    policy copy;
    assert_int_equal(policy_copy(&copy, &q, &err), 0);
    assert_string_equal(copy.alert_light, q.alert_light);
    assert_ptr_not_equal(copy.alert_light, q.alert_light);
    policy_free(&copy);
    policy_free(&q);
    policy_free(&p);
    gisac_buf_free(&b);
    gisac_buf_free(&c);
    /* an availability cell may be given for national secrets */
    const char *ns = "{\"levels\":{\"national-secret\":{\"within-mtd\":3,\"beyond-mtd\":4}}}";
    assert_int_equal(policy_parse(ns, strlen(ns), "ns", &p, &err), 0);
    assert_int_equal(
        policy_level(&p, POLICY_ASSET_NATIONAL_SECRET, 0, 0, POLICY_AVAIL_WITHIN_MTD, &lv, &err),
        0);
    assert_int_equal(lv, 3);
    policy_free(&p);
    /* and a cell may be taken away */
    const char *na = "{\"levels\":{\"non-core\":{\"within-mtd\":null}}}";
    assert_int_equal(policy_parse(na, strlen(na), "na", &p, &err), 0);
    assert_int_equal(
        policy_level(&p, POLICY_ASSET_NON_CORE, 0, 0, POLICY_AVAIL_WITHIN_MTD, &lv, &err),
        GISAC_EINVAL);
    policy_free(&p);
}

static void test_errors_name_paths(void **state)
{
    (void)state;
    struct {
        const char *text, *msg;
    } cases[] = {
        {"[]", "p.json: $: expected an object"},
        {"{\"levels\": []}", "p.json: $.levels: expected an object"},
        {"{\"levels\": {\"core\": {\"minor\": 5}}}",
         "p.json: $.levels.core.minor: expected a level, an integer 1 to 4, or null (does not "
         "apply)"},
        {"{\"levels\": {\"core\": {\"minor\": 2.0}}}",
         "p.json: $.levels.core.minor: expected a level, an integer 1 to 4, or null (does not "
         "apply)"},
        {"{\"levels\": {\"core\": {\"minor\": \"2\"}}}",
         "p.json: $.levels.core.minor: expected a level, an integer 1 to 4, or null (does not "
         "apply)"},
        {"{\"levels\": {\"core\": {\"major\": 2}}}",
         "p.json: $.levels.core.major: unknown member (expected one of: minor, serious, "
         "within-mtd, beyond-mtd)"},
        {"{\"levels\": {\"secret\": {}}}",
         "p.json: $.levels.secret: unknown member (expected one of: non-core, core, core-ci, "
         "national-secret)"},
        {"{\"levels\": {\"core\": 2}}", "p.json: $.levels.core: expected an object"},
        {"{\"deadlines\": {\"review\": {\"3\": \"2x\"}}}",
         "p.json: $.deadlines.review.3: duration '2x': unknown or missing unit (use mo, w, d, h, "
         "m, s)"},
        {"{\"deadlines\": {\"review\": {\"5\": \"2h\"}}}",
         "p.json: $.deadlines.review.5: unknown member (expected one of: \"1\", \"2\", \"3\", "
         "\"4\")"},
        {"{\"deadlines\": {\"report\": \"0m\"}}",
         "p.json: $.deadlines.report: a deadline cannot be zero"},
        {"{\"deadlines\": {\"report\": 3600}}",
         "p.json: $.deadlines.report: expected a duration text such as \"1h\", \"72h\" or \"1mo\""},
        {"{\"deadlines\": {\"recover\": [\"36h\"]}}",
         "p.json: $.deadlines.recover: expected a duration, or an object of durations by level "
         "\"1\" to \"4\""},
        {"{\"deadlines\": {\"close\": \"1h\"}}",
         "p.json: $.deadlines.close: unknown member (expected one of: report, "
         "report_level_change, review, recover, investigation_report)"},
        {"{\"at_risk\": {\"recovery\": \"1h\"}}",
         "p.json: $.at_risk.recovery: unknown member (expected one of: report, review, recover, "
         "investigation_report)"},
        {"{\"major_level\": 0}", "p.json: $.major_level: expected a level, an integer 1 to 4, or "
                                 "null (does not apply)"},
        {"{\"major_level\": null}", "p.json: $.major_level: expected a level, an integer 1 to 4"},
        {"{\"alert_light\": 1}", "p.json: $.alert_light: expected an object"},
        {"{\"auto_report\": \"on\"}", "p.json: $.auto_report: expected an object"},
        {"{\"version\": 0}", "p.json: $.version: expected a version number, an integer >= 1"},
        {"{\"description\": 1}", "p.json: $.description: expected a text"},
        {"{\"time_zone\": 8}",
         "p.json: $.time_zone: expected a time zone name such as \"Asia/Taipei\" or \"UTC\""},
        {"{\"time_zone\": \"../../etc/passwd\"}",
         "p.json: $.time_zone: expected a time zone name such as \"Asia/Taipei\" or \"UTC\""},
        {"{\"description\": \"a\\nb\"}", "p.json: $.description: holds a control character"},
        {"{\"colour\": \"red\"}",
         "p.json: $.colour: unknown member (expected one of: description, levels, major_level, "
         "deadlines, at_risk, time_zone, portal_url, misp_deleted_days, alert_light, auto_report, "
         "apps, obligations, version)"},
        {"{\"a b\": 1}",
         "p.json: $[\"a b\"]: unknown member (expected one of: description, levels, major_level, "
         "deadlines, at_risk, time_zone, portal_url, misp_deleted_days, alert_light, auto_report, "
         "apps, obligations, version)"},
        {"{\"levels\": {\"core\": {\"minor\": 1, \"minor\": 2}}}",
         "p.json:1:40: duplicate object key near '\"minor\"'"},
        {"{\"levels\": ", "p.json:1:11: unexpected token near end of file"},
        {"", "p.json:1:0: '[' or '{' expected near end of file"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        policy p;
        gisac_err err = GISAC_ERR_INIT;
        int rc = policy_parse(cases[k].text, strlen(cases[k].text), "p.json", &p, &err);
        if (rc != GISAC_EINVAL || strcmp(err.msg, cases[k].msg) != 0)
            fprintf(stderr, "case %zu: %s\n  got %d: %s\n", k, cases[k].text, rc, err.msg);
        assert_int_equal(rc, GISAC_EINVAL);
        assert_string_equal(err.msg, cases[k].msg);
        assert_null(p.alert_light);
        assert_null(p.description);
    }
}

TEST_MAIN(NULL, NULL, TEST_CASE(test_matrix_every_cell), TEST_CASE(test_names),
          TEST_CASE(test_every_deadline), TEST_CASE(test_calendar_month), TEST_CASE(test_durations),
          TEST_CASE(test_canonical_default), TEST_CASE(test_local_month),
          TEST_CASE(test_partial_override), TEST_CASE(test_errors_name_paths))
