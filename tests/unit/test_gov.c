/*
 * test_gov.c: the governance service (src/gov) against an in-memory store:
 * schedules at their edges (the assignment day, 29 February, a part that
 * starts before the grade), occurrences done under an earlier grade, who
 * may read and record what, and the steps of a finding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_main.h"

#include "gov/gov.h"

#include <string.h>

static store *st;

static int64_t at(const char *s)
{
    int64_t t = 0;
    assert_int_equal(gisac_time_parse(s, strlen(s), &t), 0);
    return t;
}

static void agency(const char *id, const char *grade, const char *parent, const char *when)
{
    gisac_err err = GISAC_ERR_INIT;
    store_agency a = {id, id, NULL, grade, parent, at(when), at(when), NULL};
    assert_int_equal(store_agency_insert(st, &a, &err), 0);
}

static int setup(void **state)
{
    (void)state;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(store_open(":memory:", &st, &err), 0);
    agency("top", "A", NULL, "2024-02-29T00:00:00Z");
    agency("sub", "B", "top", "2024-01-01T00:00:00Z");
    agency("other", "C", NULL, "2024-07-01T00:00:00Z");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    store_close(st);
    return 0;
}

static const auth_principal staff = {1, "ann", AUTH_ROLE_ANALYST, NULL};
static const auth_principal off_top = {2, "off", AUTH_ROLE_AGENCY, "top"};
static const auth_principal off_sub = {3, "offsub", AUTH_ROLE_AGENCY, "sub"};
static const auth_principal consumer = {4, "fw", AUTH_ROLE_CONSUMER, NULL};

typedef struct lines {
    char text[4096];
} lines;

static int line(void *ctx, const gov_obligation *o)
{
    lines *l = ctx;
    size_t n = strlen(l->text);
    snprintf(l->text + n, sizeof l->text - n, "%s %s %s %s\n", o->agency, o->kind, o->due,
             o->status);
    return 0;
}

static const gov_env *cur_env; /* what list() computes with (NULL: UTC, the default rules) */

static const char *list(const auth_principal *who, const char *agency, const char *kind, int year,
                        const char *now, lines *l)
{
    gisac_err err = GISAC_ERR_INIT;
    memset(l, 0, sizeof *l);
    gov_obligation_filter f = {agency, kind, NULL, 0, year};
    int rc = gov_obligation_list(st, cur_env, who, &f, at(now), line, l, &err);
    if (rc < 0)
        snprintf(l->text, sizeof l->text, "%s", err.msg);
    return l->text;
}

static void test_schedule_edges(void **state)
{
    (void)state;
    lines l;
    /* assigned 29 Feb 2024: within 1 year is 28 Feb 2025 */
    assert_string_equal(list(&staff, "top", "staff", 0, "2025-03-01T00:00:00Z", &l),
                        "top staff 2025-02-28 overdue\n");
    /* 2 a year: the first half starts before the assignment, so the first is the second half */
    assert_string_equal(list(&staff, "top", "internal-audit", 2024, "2024-12-01T00:00:00Z", &l),
                        "top internal-audit 2024-12-31 due\n");
    /* assigned on 1 January: that year counts for every 2 years */
    assert_string_equal(list(&staff, "sub", "health-check", 2025, "2024-06-01T00:00:00Z", &l),
                        "sub health-check 2025-12-31 due\n");
    /* C, assigned mid-year: the window starts the next 1 January */
    assert_string_equal(list(&staff, "other", "internal-audit", 2026, "2026-01-01T00:00:00Z", &l),
                        "other internal-audit 2026-12-31 due\n");
    assert_string_equal(list(&staff, "other", "soc-monitoring", 0, "2026-01-01T00:00:00Z", &l), "");
}

static void test_access(void **state)
{
    (void)state;
    lines l;
    gisac_err err = GISAC_ERR_INIT;
    gov_obligation_filter f = {NULL, "staff", NULL, 0, 2025};
    assert_int_equal(
        gov_obligation_list(st, NULL, &off_top, &f, at("2026-01-01T00:00:00Z"), line, &l, &err), 0);
    memset(&l, 0, sizeof l);
    assert_int_equal(
        gov_obligation_list(st, NULL, &off_top, &f, at("2026-01-01T00:00:00Z"), line, &l, &err), 0);
    assert_string_equal(l.text, "sub staff 2025-01-01 overdue\ntop staff 2025-02-28 overdue\n");
    assert_string_equal(list(&off_sub, "top", NULL, 0, "2026-01-01T00:00:00Z", &l),
                        "agency top not found");
    assert_string_equal(list(&consumer, NULL, NULL, 0, "2026-01-01T00:00:00Z", &l),
                        "governance data is for the office's staff and agency officers");
    gov_done_input d = {"sub", "staff", NULL, 0, NULL, NULL};
    gov_obligation o;
    gisac_arena *a = gisac_arena_new(0);
    assert_int_equal(
        gov_obligation_done(st, NULL, &off_top, &d, at("2026-01-01T00:00:00Z"), &o, a, &err),
        GISAC_EFORBIDDEN);
    assert_int_equal(
        gov_obligation_done(st, NULL, &off_sub, &d, at("2026-01-01T00:00:00Z"), &o, a, &err), 0);
    assert_string_equal(o.id, "sub/staff/2025-01-01");
    assert_string_equal(o.status, "done");
    /* listed once: its own record, not also as an orphan of an earlier grade */
    assert_string_equal(list(&staff, "sub", "staff", 0, "2026-01-01T00:00:00Z", &l),
                        "sub staff 2025-01-01 done\n");
    assert_int_equal(
        gov_obligation_done(st, NULL, &off_sub, &d, at("2026-01-01T00:00:00Z"), &o, a, &err),
        GISAC_ECONFLICT);
    gisac_arena_free(a);
}

static void test_grade_change_keeps_done(void **state)
{
    (void)state;
    gisac_err err = GISAC_ERR_INIT;
    gisac_arena *a = gisac_arena_new(0);
    gov_done_input d = {"top", "internal-audit", "2024-12-31", at("2025-01-05T00:00:00Z"), "x",
                        NULL};
    gov_obligation o;
    assert_int_equal(
        gov_obligation_done(st, NULL, &staff, &d, at("2025-01-10T00:00:00Z"), &o, a, &err), 0);
    store_agency row = {
        "top", "top", NULL, "C", NULL, at("2024-02-29T00:00:00Z"), at("2025-06-01T00:00:00Z"),
        NULL};
    assert_int_equal(store_agency_update(st, &row, &err), 0);
    lines l;
    assert_string_equal(list(&staff, "top", "internal-audit", 0, "2025-07-01T00:00:00Z", &l),
                        "top internal-audit 2024-12-31 done\n");
    assert_string_equal(list(&staff, "top", "internal-audit", 2027, "2025-07-01T00:00:00Z", &l),
                        "top internal-audit 2027-12-31 due\n");
    gisac_arena_free(a);
}

static void test_finding_steps(void **state)
{
    (void)state;
    gisac_err err = GISAC_ERR_INIT;
    gisac_arena *a = gisac_arena_new(0);
    gov_finding_input fi = {"high", "A.8.8", "VPN unpatched", NULL, 0};
    gov_assessment_input in = {"other", "internal-audit", "team", 0, NULL, NULL, 0, &fi, 1};
    store_assessment as;
    int64_t now = at("2026-01-01T00:00:00Z");
    assert_int_equal(gov_assessment_add(st, NULL, &off_top, &in, now, &as, a, &err),
                     GISAC_ENOTFOUND);
    assert_int_equal(gov_assessment_add(st, NULL, &staff, &in, now, &as, a, &err), 0);
    store_finding f;
    gov_finding_change fix = {GOV_FINDING_FIX, 0, NULL, 0, "[{\"reference\":\"R1\"}]"};
    assert_int_equal(gov_finding_update(st, &staff, 1, &fix, now, &f, a, &err), GISAC_ECONFLICT);
    gov_finding_change start = {GOV_FINDING_START, 0, NULL, 0, NULL};
    assert_int_equal(gov_finding_update(st, &staff, 1, &start, now, &f, a, &err), 0);
    assert_string_equal(f.status, "in-progress");
    gov_finding_change accept = {GOV_FINDING_ACCEPT, 0, "retired soon", now + 86400, NULL};
    assert_int_equal(gov_finding_update(st, &staff, 1, &accept, now, &f, a, &err), 0);
    assert_string_equal(gov_finding_status(&f, now), "risk-accepted");
    assert_string_equal(gov_finding_status(&f, now + 86400), "open");
    assert_int_equal(gov_finding_update(st, &staff, 1, &start, now + 2 * 86400, &f, a, &err), 0);
    assert_int_equal(gov_finding_update(st, &staff, 1, &fix, now + 3 * 86400, &f, a, &err), 0);
    assert_string_equal(f.status, "fixed");
    assert_int_equal(f.closed, now + 3 * 86400);
    gisac_arena_free(a);
}

static void test_ruleset_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text, *msg;
    } cases[] = {
        {"[]", "$.obligations: expected an object"},
        {"{\"rule\":[]}",
         "$.obligations.rule: unknown member (expected one of: rules, remind_days, "
         "light)"},
        {"{\"rules\":[{\"grade\":\"A\"}]}", "$.obligations.rules[0]: kind is required"},
        {"{\"rules\":[{\"kind\":\"audit\",\"grade\":\"A\"}]}",
         "kind 'audit': use internal-audit, health-check, penetration-test, vulnerability-scan, "
         "bcp-drill, social-engineering-drill, crypto-inventory, governance-assessment, isms, "
         "certification, soc-monitoring, gcb, edr, staff, staff-certificates or training"},
        {"{\"rules\":[{\"kind\":\"edr\",\"grade\":\"F\"}]}",
         "$.obligations.rules[0].grade: expected a grade, A to E"},
        {"{\"rules\":[{\"kind\":\"edr\",\"grade\":\"A\",\"evidence\":\"x\"}]}",
         "$.obligations.rules[0]: give one of times_a_year, every_years and within_years"},
        {"{\"rules\":[{\"kind\":\"edr\",\"grade\":\"A\",\"every_years\":2,\"within_years\":1,"
         "\"evidence\":\"x\"}]}",
         "$.obligations.rules[0]: give one of times_a_year, every_years and within_years"},
        {"{\"rules\":[{\"kind\":\"edr\",\"grade\":\"A\",\"every_years\":11,\"evidence\":\"x\"}]}",
         "$.obligations.rules[0].every_years: expected an integer 1 to 10"},
        {"{\"rules\":[{\"kind\":\"edr\",\"grade\":\"A\",\"every_years\":1}]}",
         "$.obligations.rules[0]: evidence is required"},
        {"{\"rules\":[{\"kind\":\"edr\",\"grade\":\"A\",\"every_years\":1,\"evidence\":\"x\"},"
         "{\"kind\":\"edr\",\"grade\":\"A\",\"within_years\":1,\"evidence\":\"y\"}]}",
         "$.obligations.rules[1]: a second rule for the same kind and grade"},
        {"{\"rules\":[{\"kind\":\"edr\",\"grade\":\"A\",\"every_years\":1,\"evidence\":\"x\","
         "\"owner\":1}]}",
         "$.obligations.rules[0].owner: unknown member (expected one of: kind, grade, "
         "times_a_year, "
         "every_years, within_years, count, evidence, source)"},
        {"{\"remind_days\":[7,0]}",
         "$.obligations.remind_days[1]: expected a number of days, 1 to 366"},
        {"{\"remind_days\":[7,7]}", "$.obligations.remind_days[1]: given twice"},
        {"{\"light\":{\"yellow_overdue\":-1}}",
         "$.obligations.light.yellow_overdue: expected an integer 0 to 1000000"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gisac_err err = GISAC_ERR_INIT;
        gov_ruleset r;
        assert_int_equal(gov_ruleset_parse(cases[i].text, &r, &err), GISAC_EINVAL);
        const char *m =
            strstr(err.msg, "$.obligations") == err.msg ? err.msg : strchr(err.msg, 'k');
        assert_string_equal(m, cases[i].msg);
        assert_ptr_equal(r.v, gov_ruleset_defaults()->v); /* left with the defaults */
    }
}

static void test_ruleset_schedule(void **state)
{
    (void)state;
    gisac_err err = GISAC_ERR_INIT;
    gov_ruleset r;
    assert_int_equal(
        gov_ruleset_parse(
            "{\"rules\":[{\"kind\":\"training\",\"grade\":\"C\",\"times_a_year\":4,"
            "\"evidence\":\"hours\"},{\"kind\":\"edr\",\"grade\":\"C\",\"within_years\":"
            "2,\"count\":3,\"evidence\":\"report\",\"source\":\"ours\"}],"
            "\"remind_days\":[7,30,14],\"light\":{\"orange_overdue\":5}}",
            &r, &err),
        0);
    gisac_buf b = GISAC_BUF_INIT;
    assert_int_equal(gov_ruleset_to_json(&r, &b), 0);
    assert_string_equal(b.data,
                        "{\"rules\":[{\"kind\":\"edr\",\"grade\":\"C\",\"within_years\":2,"
                        "\"count\":3,\"evidence\":\"report\",\"source\":\"ours\"},{\"kind\":"
                        "\"training\",\"grade\":\"C\",\"times_a_year\":4,\"evidence\":\"hours\","
                        "\"source\":\"policy\"}],\"remind_days\":[30,14,7],\"light\":{"
                        "\"yellow_overdue\":50,\"orange_overdue\":5}}");
    gisac_buf_free(&b);
    gov_env env = {NULL, &r};
    cur_env = &env;
    lines l;
    /* "other" is grade C since 2024-07-01: the new rules' schedule, the old kinds gone */
    assert_string_equal(list(&staff, "other", NULL, 2024, "2024-08-01T00:00:00Z", &l),
                        "other training 2024-09-30 due\nother training 2024-12-31 due\n");
    assert_string_equal(list(&staff, "other", "edr", 2026, "2026-08-01T00:00:00Z", &l),
                        "other edr 2026-07-01 overdue\n");
    cur_env = NULL;
    assert_string_equal(list(&staff, "other", "edr", 2026, "2026-08-01T00:00:00Z", &l), "");
    gov_ruleset_free(&r);
    assert_ptr_equal(r.v, gov_ruleset_defaults()->v);
    assert_int_equal(gov_ruleset_parse(NULL, &r, &err), 0);
    assert_int_equal(gov_ruleset_to_json(&r, &b), 0);
    assert_string_equal(
        b.data, "{\"remind_days\":[30,7],\"light\":{\"yellow_overdue\":50,\"orange_overdue\":0}}");
    gisac_buf_free(&b);
}

TEST_MAIN(setup, teardown, TEST_CASE(test_schedule_edges), TEST_CASE(test_access),
          TEST_CASE(test_grade_change_keeps_done), TEST_CASE(test_finding_steps),
          TEST_CASE(test_ruleset_errors), TEST_CASE(test_ruleset_schedule))
