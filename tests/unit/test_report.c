/*
 * test_report.c: the alert light (src/report/light.c): every threshold on
 * each side of it, the sighting window to the hour, the per-sector split,
 * what an agency officer sees, the rules from the policy and their errors;
 * the nearest-rank percentile.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "report/report.h"
#include "test_incident_util.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef test_incident_fx fixture;

static const auth_principal admin = {1, "admin", AUTH_ROLE_ADMIN, NULL};

static int setup(void **state)
{
    static const test_agency ag[] = {{"bank", "finance", NULL},
                                     {"bank2", "finance", NULL},
                                     {"hosp", "health", NULL},
                                     {"misc", NULL, NULL}};
    return test_incident_setup(state, "/tmp/gisac-report-XXXXXX", ag, 4);
}

static int teardown(void **state)
{
    return test_incident_teardown(state);
}

/*
 * File an incident of agency at aware (reported then, unless draft) with
 * impacts giving level: 0 none, 1 non-core minor, 2 non-core serious,
 * 3 core serious, 4 core-ci serious.
 */
static void file_incident(fixture *f, const char *agency_id, int level, int64_t aware, int draft,
                          char id[INCIDENT_ID_MAX])
{
    static const char *const asset[] = {"core", "non-core", "non-core", "core", "core-ci"};
    static const char *const conf[] = {NULL, "minor", "serious", "serious", "serious"};
    incident_input in = {0};
    in.agency = agency_id;
    in.title = "test";
    in.asset = asset[level];
    in.confidentiality = conf[level];
    in.aware_at = aware;
    in.draft = draft;
    incident out;
    gisac_err err = GISAC_ERR_INIT;
    if (incident_report(f->svc, &admin, &in, aware, &out, &err) < 0)
        fail_msg("incident: %s", err.msg);
    assert_int_equal(out.level, level);
    if (id)
        snprintf(id, INCIDENT_ID_MAX, "%s", out.id);
}

static int64_t indicator(fixture *f)
{
    char v[64];
    snprintf(v, sizeof v, "198.51.100.%d", ++f->nind);
    store_indicator in = test_indicator(IOC_IPV4, v, test_at("2026-01-01T00:00:00Z"));
    return test_indicator_add(incident_svc_store(f->svc), &in, 0);
}

static void sight(fixture *f, int64_t ind, const char *agency_id, int64_t t, int64_t count)
{
    gisac_err err = GISAC_ERR_INIT;
    if (store_sighting_add(incident_svc_store(f->svc), ind, agency_id, t, t, count, &err) < 0)
        fail_msg("sighting: %s", err.msg);
}

/* The light as JSON (parsed); the caller decrefs. */
static json_t *status(fixture *f, const auth_principal *who, const char *sector, int64_t now)
{
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    if (report_status_json(f->svc, who, sector, now, 0, &b, &err) < 0)
        fail_msg("status: %s", err.msg);
    json_error_t je;
    json_t *o = json_loadb(b.data, b.len, 0, &je);
    if (!o)
        fail_msg("status JSON: %s: %s", je.text, b.data);
    gisac_buf_free(&b);
    return o;
}

static const char *light_of(const json_t *o)
{
    return json_string_value(json_object_get(o, "light"));
}

/* "light/rule/count" of every reason, joined by ' ' */
static void reasons_of(const json_t *o, char *out, size_t cap)
{
    out[0] = '\0';
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(o, "reasons"), i, r)
    {
        json_t *n = json_object_get(r, "count");
        if (!n)
            n = json_object_get(r, "sightings_24h");
        snprintf(out + strlen(out), cap - strlen(out), "%s%s/%s/%lld", i ? " " : "",
                 json_string_value(json_object_get(r, "light")),
                 json_string_value(json_object_get(r, "rule")), (long long)json_integer_value(n));
    }
}

static json_t *sector_of(const json_t *o, const char *name)
{
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(o, "sectors"), i,
                       s) if (strcmp(json_string_value(json_object_get(s, "sector")), name) ==
                              0) return s;
    return NULL;
}

#define EXPECT(o, light, reasons)                                                                  \
    do {                                                                                           \
        char got_[1024];                                                                           \
        reasons_of(o, got_, sizeof got_);                                                          \
        assert_string_equal(light_of(o), light);                                                   \
        assert_string_equal(got_, reasons);                                                        \
    } while (0)

/* the integer figure name of the status o */
static json_int_t figure(json_t *o, const char *name)
{
    return json_integer_value(json_object_get(json_object_get(o, "figures"), name));
}

/* an open incident (not a draft) of agency at level; a list of them ends in {NULL, 0} */
typedef struct {
    const char *agency;
    int level;
} opened;

/* files each incident of v, all aware at t */
static void file_open(fixture *f, int64_t t, const opened *v)
{
    for (; v->agency; v++)
        file_incident(f, v->agency, v->level, t, 0, NULL);
}

/* the text of the first of the reasons of the status o */
static const char *first_reason(json_t *o)
{
    return json_string_value(
        json_object_get(json_array_get(json_object_get(o, "reasons"), 0), "text"));
}

/* the status for who (sector: NULL or one) at now, checked for its light and reasons; the
   caller frees it */
static json_t *status_is(fixture *f, const auth_principal *who, const char *sector, int64_t now,
                         const char *light, const char *reasons)
{
    json_t *o = status(f, who, sector, now);
    EXPECT(o, light, reasons);
    return o;
}

/* the status of f for admin, checked for its light and reasons, and freed */
static void expect_status(fixture *f, const char *sector, int64_t now, const char *light,
                          const char *reasons)
{
    json_decref(status_is(f, &admin, sector, now, light, reasons));
}

/* expect_status for all sectors, with the text of its first reason checked too */
static void expect_first_reason(fixture *f, int64_t now, const char *light, const char *reasons,
                                const char *first)
{
    json_t *o = status_is(f, &admin, NULL, now, light, reasons);
    assert_string_equal(first_reason(o), first);
    json_decref(o);
}

static void test_green(void **state)
{
    fixture *f = *state;
    json_t *o = status_is(f, &admin, NULL, test_at("2026-11-24T12:00:00Z"), "green", "");
    assert_string_equal(json_string_value(json_object_get(o, "scheme")), "gisac");
    assert_string_equal(json_string_value(json_object_get(o, "label")), "綠燈");
    assert_int_equal(json_integer_value(json_object_get(o, "policy_version")), 1);
    /* every sector, sorted; agencies without one form none */
    json_t *secs = json_object_get(o, "sectors");
    assert_int_equal(json_array_size(secs), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(secs, 0), "sector")),
                        "finance");
    assert_string_equal(json_string_value(json_object_get(json_array_get(secs, 1), "sector")),
                        "health");
    json_decref(o);
}

/* yellow at 3 open incidents of level 1-2, not at 2; undetermined ones do not count */
static void test_open_count(void **state)
{
    fixture *f = *state;
    int64_t t = test_at("2026-11-24T08:00:00Z"), now = test_at("2026-11-24T08:30:00Z");
    file_open(f, t, (const opened[]){{"bank", 1}, {"misc", 2}, {NULL, 0}});
    expect_status(f, NULL, now, "blue", "blue/open/2");
    file_incident(f, "misc", 0, t, 0, NULL); /* level not determined */
    json_t *o = status_is(f, &admin, NULL, now, "blue", "blue/open/3");
    json_t *fig = json_object_get(o, "figures");
    assert_int_equal(json_integer_value(json_object_get(fig, "open")), 3);
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(fig, "open_by_level"), "undetermined")),
        1);
    json_decref(o);
    file_incident(f, "hosp", 1, t, 1, NULL); /* a draft counts */
    expect_first_reason(f, now, "yellow", "yellow/open_count/3 blue/open/4",
                        "3 open incidents of level 1-2, at least 3 (INC-2026-000001, "
                        "INC-2026-000002, INC-2026-000004)");
}

/* orange from a level-3 incident, red from a level-4 one */
static void test_levels(void **state)
{
    fixture *f = *state;
    int64_t t = test_at("2026-11-24T08:00:00Z"), now = test_at("2026-11-24T08:30:00Z");
    file_incident(f, "bank", 2, t, 0, NULL);
    expect_status(f, NULL, now, "blue", "blue/open/1");
    file_incident(f, "bank", 3, t, 0, NULL);
    expect_first_reason(f, now, "orange", "orange/open_level/1 blue/open/2",
                        "1 open incident of level 3 or above (INC-2026-000002)");
    file_incident(f, "hosp", 4, t, 0, NULL);
    expect_first_reason(f, now, "red", "red/open_level/1 orange/open_level/2 blue/open/3",
                        "1 open level-4 incident (INC-2026-000003)");
}

/* a breached deadline: orange one second after it, not at it */
static void test_breach(void **state)
{
    fixture *f = *state;
    int64_t t = test_at("2026-11-24T08:00:00Z");
    file_incident(f, "bank", 1, t, 1, NULL); /* a draft: the report is due at 09:00 */
    expect_status(f, NULL, test_at("2026-11-24T09:00:00Z"), "blue", "blue/open/1");
    json_t *o = status_is(f, &admin, NULL, test_at("2026-11-24T09:00:01Z"), "orange",
                          "orange/breach/1 blue/open/1");
    assert_int_equal(figure(o, "breached"), 1);
    json_decref(o);
    /* reported late: still a breach (met late), recorded by the service */
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(incident_report_again(f->svc, &admin, "INC-2026-000001", NULL,
                                           test_at("2026-11-24T09:10:00Z"), NULL, &err),
                     0);
    expect_status(f, NULL, test_at("2026-11-24T09:20:00Z"), "orange",
                  "orange/breach/1 blue/open/1");
}

/* red when the recovery deadline of a level-3 incident is breached (36 h), not before */
static void test_recover_breach(void **state)
{
    fixture *f = *state;
    int64_t t = test_at("2026-11-20T00:00:00Z");
    char id[INCIDENT_ID_MAX];
    file_incident(f, "hosp", 3, t, 0, id);
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(incident_advance(f->svc, &admin, id, INCIDENT_REVIEWED, NULL, NULL,
                                      test_at("2026-11-20T01:00:00Z"), NULL, &err),
                     0);
    /* due exactly */
    expect_status(f, NULL, test_at("2026-11-21T12:00:00Z"), "orange",
                  "orange/open_level/1 blue/open/1");
    json_t *o = status_is(f, &admin, NULL, test_at("2026-11-21T12:00:01Z"), "red",
                          "red/recover_breach/1 orange/open_level/1 orange/breach/1 blue/open/1");
    assert_int_equal(figure(o, "recover_breached"), 1);
    /* the recovery is the agency's: the reviewer (who reviewed in time) owes nothing */
    assert_int_equal(figure(o, "breached_agency"), 1);
    assert_int_equal(figure(o, "breached_reviewer"), 0);
    json_decref(o);
    /* a level-2 incident's breached recovery (72 h) is orange only */
    file_incident(f, "bank", 2, test_at("2026-11-17T00:00:00Z"), 0, NULL);
    expect_status(f, "finance", test_at("2026-11-21T12:00:01Z"), "orange",
                  "orange/breach/1 blue/open/1");
}

/*
 * Sightings: the last 24 h are the bucket of now's hour and the 23 before;
 * the 7 days before are the 168 buckets before those. 7 in the baseline
 * (1 a day): 3 in the last 24 h is exactly 3x (not above: blue), 4 is
 * above (yellow).
 */
static void test_sightings(void **state)
{
    fixture *f = *state;
    int64_t now = test_at("2026-11-24T12:30:00Z");
    int64_t ind = indicator(f);
    expect_status(f, NULL, now, "green", "");
    /* just before the window: the baseline's last second */
    sight(f, ind, "hosp", test_at("2026-11-23T12:59:59Z"), 1);
    json_t *o = status_is(f, &admin, NULL, now, "green", "");
    assert_int_equal(figure(o, "sightings_baseline"), 1);
    json_decref(o);
    /* the baseline's first bucket, and one hour before it (not counted) */
    sight(f, ind, "hosp", test_at("2026-11-16T13:00:00Z"), 1);
    sight(f, ind, "hosp", test_at("2026-11-16T12:59:59Z"), 100);
    sight(f, ind, "bank", test_at("2026-11-20T00:00:00Z"), 5); /* 7 in the baseline */
    o = status(f, &admin, NULL, now);
    assert_int_equal(figure(o, "sightings_baseline"), 7);
    json_decref(o);
    /* the window's first second: 1, then 3 (= 3x the average of 1 a day) */
    sight(f, ind, "hosp", test_at("2026-11-23T13:00:00Z"), 1);
    expect_status(f, NULL, now, "blue", "blue/sightings/1");
    sight(f, ind, "hosp", test_at("2026-11-24T12:59:59Z"), 2); /* the current hour */
    expect_status(f, NULL, now, "blue", "blue/sightings/3");
    sight(f, ind, "hosp", test_at("2026-11-24T12:00:00Z"), 1); /* 4 > 3 x 7 / 7 */
    o = status_is(f, &admin, NULL, now, "yellow", "yellow/sightings_spike/4 blue/sightings/4");
    assert_string_equal(
        first_reason(o),
        "4 sightings in the last 24 h, above 3x the daily average of the 7 days before (7, 1.00 a "
        "day)");
    /* per sector: health has all 4 recent ones, finance only baseline ones */
    EXPECT(sector_of(o, "health"), "yellow", "yellow/sightings_spike/4 blue/sightings/4");
    EXPECT(sector_of(o, "finance"), "green", "");
    json_decref(o);
    /* a future hour is not counted */
    sight(f, ind, "hosp", test_at("2026-11-24T13:00:00Z"), 50);
    o = status(f, &admin, NULL, now);
    assert_int_equal(figure(o, "sightings_24h"), 4);
    json_decref(o);
}

/* sectors: each counts its agencies only; agencies without a sector count for the whole */
static void test_sectors(void **state)
{
    fixture *f = *state;
    int64_t t = test_at("2026-11-24T08:00:00Z"), now = test_at("2026-11-24T08:30:00Z");
    file_open(f, t, (const opened[]){{"bank", 3}, {"bank2", 1}, {"misc", 4}, {NULL, 0}});
    json_t *o =
        status_is(f, &admin, NULL, now, "red", "red/open_level/1 orange/open_level/2 blue/open/3");
    EXPECT(sector_of(o, "finance"), "orange", "orange/open_level/1 blue/open/2");
    EXPECT(sector_of(o, "health"), "green", "");
    json_decref(o);
    o = status_is(f, &admin, "finance", now, "orange", "orange/open_level/1 blue/open/2");
    assert_string_equal(json_string_value(json_object_get(o, "sector")), "finance");
    assert_null(json_object_get(o, "sectors"));
    json_decref(o);
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(report_status_json(f->svc, &admin, "energy", now, 0, &b, &err),
                     GISAC_ENOTFOUND);
    assert_string_equal(err.msg, "sector 'energy': no agency is in it");
    gisac_buf_free(&b);
}

/* an agency officer: the whole and its own sector, other agencies' ids hidden */
static void test_officer(void **state)
{
    fixture *f = *state;
    int64_t t = test_at("2026-11-24T08:00:00Z"), now = test_at("2026-11-24T08:30:00Z");
    file_open(f, t, (const opened[]){{"bank", 3}, {"bank2", 3}, {"hosp", 1}, {NULL, 0}});
    auth_principal off = {5, "off", AUTH_ROLE_AGENCY, "bank"};
    json_t *o = status_is(f, &off, NULL, now, "orange", "orange/open_level/2 blue/open/3");
    json_t *r = json_array_get(json_object_get(o, "reasons"), 0);
    assert_string_equal(json_string_value(json_object_get(r, "text")),
                        "2 open incidents of level 3 or above (INC-2026-000001 and 1 of other "
                        "agencies)");
    assert_int_equal(json_array_size(json_object_get(r, "incidents")), 1);
    assert_int_equal(json_integer_value(json_object_get(r, "other_agencies")), 1);
    r = json_array_get(json_object_get(o, "reasons"), 1);
    assert_string_equal(json_string_value(json_object_get(r, "text")),
                        "3 open incidents (INC-2026-000001 and 2 of other agencies)");
    json_t *secs = json_object_get(o, "sectors");
    assert_int_equal(json_array_size(secs), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(secs, 0), "sector")),
                        "finance");
    json_decref(o);
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(report_status_json(f->svc, &off, "health", now, 0, &b, &err),
                     GISAC_EFORBIDDEN);
    auth_principal off2 = {6, "off2", AUTH_ROLE_AGENCY, "hosp"};
    o = status(f, &off2, NULL, now);
    r = json_array_get(json_object_get(o, "reasons"), 0);
    assert_string_equal(json_string_value(json_object_get(r, "text")),
                        "2 open incidents of level 3 or above (2 of other agencies)");
    assert_int_equal(json_array_size(json_object_get(r, "incidents")), 0);
    json_decref(o);
    auth_principal sen = {7, "sen", AUTH_ROLE_SENSOR, "bank"};
    auth_principal con = {8, "fw", AUTH_ROLE_CONSUMER, NULL};
    assert_int_equal(report_status_json(f->svc, &sen, NULL, now, 0, &b, &err), GISAC_EFORBIDDEN);
    assert_int_equal(report_status_json(f->svc, &con, NULL, now, 0, &b, &err), GISAC_EFORBIDDEN);
    assert_int_equal(report_status_text(f->svc, &sen, NULL, now, &b, &err), GISAC_EFORBIDDEN);
    gisac_buf_free(&b);
}

/* the rules from the active policy */
static void test_policy_rules(void **state)
{
    fixture *f = *state;
    int64_t t = test_at("2026-11-24T08:00:00Z"), now = test_at("2026-11-24T08:30:00Z");
    const char *pol = "{\"alert_light\": {\"yellow\": {\"open_incidents\": 2}, \"orange\": "
                      "{\"open_level\": 0}, \"blue\": {\"open\": false}}}";
    gisac_err err = GISAC_ERR_INIT;
    incident_policy_info info;
    int changed;
    assert_int_equal(
        incident_policy_set(f->svc, &admin, pol, strlen(pol), "p.json", t, &info, &changed, &err),
        0);
    file_incident(f, "bank", 3, t, 0, NULL);
    json_t *o = status_is(f, &admin, NULL, now, "green", "");
    assert_int_equal(json_integer_value(json_object_get(o, "policy_version")), 2);
    json_decref(o);
    file_open(f, t, (const opened[]){{"bank", 1}, {"bank", 2}, {NULL, 0}});
    expect_status(f, NULL, now, "yellow", "yellow/open_count/2");
}

static void test_rules_parse(void **state)
{
    (void)state;
    report_light_rules r;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(report_light_rules_parse(NULL, &r, &err), 0);
    /* the defaults, one rule a row */
    const struct {
        const char *rule;
        int64_t got, want;
    } defaults[] = {
        {"red_open_level", r.red_open_level, 4},
        {"red_recover_breach_level", r.red_recover_breach_level, 3},
        {"orange_open_level", r.orange_open_level, 3},
        {"orange_breach", r.orange_breach, 1},
        {"yellow_open_incidents", r.yellow_open_incidents, 3},
        {"yellow_max_level", r.yellow_max_level, 2},
        {"yellow_spike_factor", r.yellow_spike_factor, 3},
        {"yellow_baseline_days", r.yellow_baseline_days, 7},
        {"yellow_min_sightings", r.yellow_min_sightings, 1},
        {"blue_open", r.blue_open, 1},
        {"blue_sightings", r.blue_sightings, 1},
    };
    for (size_t i = 0; i < TEST_COUNT(defaults); i++) {
        if (defaults[i].got != defaults[i].want)
            print_error("default of %s\n", defaults[i].rule);
        assert_int_equal(defaults[i].got, defaults[i].want);
    }
    assert_int_equal(report_light_rules_parse("{\"yellow\": {\"baseline_days\": 14, "
                                              "\"min_sightings\": 10}, \"blue\": {\"sightings\": "
                                              "false}}",
                                              &r, &err),
                     0);
    assert_int_equal(r.yellow_baseline_days, 14);
    assert_int_equal(r.yellow_min_sightings, 10);
    assert_int_equal(r.blue_sightings, 0);
    assert_int_equal(r.yellow_spike_factor, 3);
    static const struct {
        const char *in, *msg;
    } bad[] = {
        {"[]", "$.alert_light: expected an object"},
        {"{\"amber\": {}}",
         "$.alert_light.amber: unknown member (expected one of: red, orange, yellow, blue)"},
        {"{\"red\": 4}", "$.alert_light.red: expected an object"},
        {"{\"red\": {\"open_level\": 5}}",
         "$.alert_light.red.open_level: expected an integer 0 to 4 (0: off)"},
        {"{\"red\": {\"breaches\": 1}}", "$.alert_light.red.breaches: unknown member (expected "
                                         "one of: open_level, recover_breach_level)"},
        {"{\"orange\": {\"breach\": 1}}", "$.alert_light.orange.breach: expected true or false"},
        {"{\"yellow\": {\"max_level\": 0}}", "$.alert_light.yellow.max_level: expected an integer "
                                             "1 to 4"},
        {"{\"yellow\": {\"spike_factor\": 2.5}}",
         "$.alert_light.yellow.spike_factor: expected an integer 0 to 1000 (0: off)"},
        {"{\"yellow\": {\"baseline_days\": 91}}",
         "$.alert_light.yellow.baseline_days: expected an integer 1 to 90"},
        {"{\"yellow\": {\"min_sightings\": 0}}",
         "$.alert_light.yellow.min_sightings: expected an integer 1 to 1000000000"},
        {"{\"blue\": {\"open\": \"yes\"}}", "$.alert_light.blue.open: expected true or false"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(report_light_rules_parse(bad[i].in, &r, &err), GISAC_EINVAL);
        assert_string_equal(err.msg, bad[i].msg);
        assert_int_equal(r.red_open_level, 4); /* left at the defaults */
    }
}

static void test_percentile(void **state)
{
    (void)state;
    int64_t a[] = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    assert_int_equal(report_percentile(a, 10, 50), 5);
    assert_int_equal(report_percentile(a, 10, 90), 9);
    assert_int_equal(report_percentile(a, 10, 91), 10);
    assert_int_equal(report_percentile(a, 10, 100), 10);
    int64_t b[] = {40, 10, 30, 20};
    assert_int_equal(report_percentile(b, 4, 50), 20); /* rank ceil(2) */
    assert_int_equal(report_percentile(b, 4, 90), 40); /* rank ceil(3.6) */
    int64_t c[] = {7};
    assert_int_equal(report_percentile(c, 1, 50), 7);
    assert_int_equal(report_percentile(c, 1, 90), 7);
    int64_t d[] = {3, 1, 2};
    assert_int_equal(report_percentile(d, 3, 50), 2);
    assert_int_equal(report_percentile(d, 3, 90), 3);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(report_light_name(REPORT_GREEN), "green");
    assert_string_equal(report_light_name(REPORT_RED), "red");
    assert_string_equal(report_light_name((report_light)9), "");
    assert_string_equal(report_light_label(REPORT_ORANGE), "橙燈");
    assert_string_equal(report_light_label(REPORT_YELLOW), "黃燈");
}

TEST_MAIN(setup, teardown, TEST_CASE(test_green), TEST_CASE(test_open_count),
          TEST_CASE(test_levels), TEST_CASE(test_breach), TEST_CASE(test_recover_breach),
          TEST_CASE(test_sightings), TEST_CASE(test_sectors), TEST_CASE(test_officer),
          TEST_CASE(test_policy_rules), TEST_PLAIN(test_rules_parse), TEST_PLAIN(test_percentile),
          TEST_PLAIN(test_names))
