/*
 * test_app_match.c: recording sightings through the application layer:
 * gisac match --record writes its sightings with one audit entry per
 * written batch (not per event), by the handle's actor, naming via; who
 * may record for which agency; the ingest use case's checks and its TLP
 * rule for what the answer counts.
 */
#include "test_util.h"
#include "test_main.h"

#include "app/app_internal.h"

static char dbpath[64], logpath[64];

static int setup(void **state)
{
    if (test_db_path(dbpath, sizeof dbpath, "/tmp/gisac-app-match-XXXXXX") < 0)
        return -1;
    snprintf(logpath, sizeof logpath, "%s.log", dbpath);
    if (test_write_file(logpath, "2026-11-24T00:00:01Z query evil.example from 10.1.1.1\n"
                                 "2026-11-24T00:00:02Z query www.evil.example from 10.1.1.2\n"
                                 "2026-11-24T00:00:03Z connect 203.0.113.9 port 443\n"
                                 "2026-11-24T00:00:04Z nothing here\n") < 0)
        return -1;
    setenv("GISAC_NOW", "2026-11-24T00:10:00Z", 1);
    app_config cfg = {dbpath, APP_OPEN_CREATE, "cli:sensor-feed"};
    app *a;
    gisac_err err;
    if (app_open(&cfg, &a, &err) < 0)
        return -1;
    const char *vals[] = {"evil.example", "203.0.113.9", "red.example"};
    ioc_type types[] = {IOC_DOMAIN, IOC_IPV4, IOC_DOMAIN};
    gisac_tlp tlps[] = {TLP_GREEN, TLP_GREEN, TLP_RED};
    for (int i = 0; i < 3; i++) {
        store_indicator ind = test_indicator(types[i], vals[i], 1795478400);
        ind.tlp = tlps[i];
        test_indicator_add(app_store(a), &ind, 1);
    }
    auth *au = app_auth_h(a, &err);
    auth_agency_change ch = {.name = "Ministry of Digital Affairs", .grade = "A"};
    auth_agency ag;
    if (!au || auth_agency_add(au, "moda", &ch, 1795478400, &ag, &err) < 0)
        return -1;
    *state = a;
    return 0;
}

static int teardown(void **state)
{
    app_close(*state);
    test_db_done(dbpath, ".log");
    return 0;
}

/* The sighting.record entries of the audit trail, with their times. */
static const char *audit(app *a, test_audit *l)
{
    return test_audit_read(app_store(a), 0, 1, "sighting.record", l);
}

static void run(app *a, const char *agency)
{
    app_match_opts o;
    memset(&o, 0, sizeof o);
    o.format = MATCH_FMT_TEXT;
    o.threads = 2;
    o.record = 1;
    o.agency = agency;
    FILE *out = fopen("/dev/null", "w");
    assert_non_null(out);
    app_match_result res;
    gisac_err err = GISAC_ERR_INIT;
    const char *inputs[] = {logpath};
    auth_principal who = app_operator(a);
    assert_int_equal(app_match_logs(a, &who, inputs, 1, &o, out, &res, &err), 0);
    fclose(out);
    assert_int_equal(res.stats.sightings, 3);
    assert_int_equal(res.stats.recorded, 2);
}

/* one audit entry per batch, by the handle's actor, naming via */
static void test_record(void **state)
{
    app *a = *state;
    run(a, "moda");
    run(a, NULL);
    test_audit l;
    assert_string_equal(audit(a, &l),
                        "2026-11-24T00:10:00Z|cli:sensor-feed|sighting.record|moda|"
                        "{\"agency\":\"moda\",\"indicators\":2,\"sightings\":3,\"via\":\"match\"}\n"
                        "2026-11-24T00:10:00Z|cli:sensor-feed|sighting.record|-|"
                        "{\"agency\":null,\"indicators\":2,\"sightings\":3,\"via\":\"match\"}\n");
}

/* staff record for any agency, a sensor for its own, nobody else */
static void test_who_records(void **state)
{
    app *a = *state;
    match_record row = {1, NULL, 1795478400, 1795478460, 2, TLP_GREEN, MATCH_DIR_UNKNOWN, NULL};
    app_record_opts o = {"test", 1, 1795478400, NULL, NULL};
    auth_principal sensor = {7, "sen", AUTH_ROLE_SENSOR, "moda"};
    auth_principal lost = {8, "lost", AUTH_ROLE_SENSOR, NULL};
    auth_principal consumer = {9, "fw", AUTH_ROLE_CONSUMER, "moda"};
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(app_record_sightings(a, &sensor, "mof", &row, 1, &o, NULL, &err),
                     GISAC_EFORBIDDEN);
    assert_string_equal(err.msg, "a sensor submits for its own agency only");
    assert_int_equal(app_record_sightings(a, &lost, NULL, &row, 1, &o, NULL, &err),
                     GISAC_EFORBIDDEN);
    assert_string_equal(err.msg, "this sensor account has no agency");
    assert_int_equal(app_record_sightings(a, &consumer, "moda", &row, 1, &o, NULL, &err),
                     GISAC_EFORBIDDEN);
    assert_string_equal(err.msg, "the role consumer may not submit sensor logs");
    test_audit l;
    assert_string_equal(audit(a, &l), "");
    /* the sensor's own agency, named or not */
    incident_auto_stats st;
    assert_int_equal(app_record_sightings(a, &sensor, NULL, &row, 1, &o, &st, &err), 0);
    assert_int_equal(st.enabled, 0);
    assert_string_equal(audit(a, &l), "2026-11-24T00:00:00Z|cli:sensor-feed|sighting.record|moda|"
                                      "{\"agency\":\"moda\",\"indicators\":1,\"sightings\":2,"
                                      "\"via\":\"test\"}\n");
    /* matching shows every TLP: staff only */
    app_match_opts mo;
    memset(&mo, 0, sizeof mo);
    app_match_result res;
    const char *inputs[] = {logpath};
    assert_int_equal(app_match_logs(a, &sensor, inputs, 1, &mo, stdout, &res, &err),
                     GISAC_EFORBIDDEN);
}

static const char eve[] = "{\"event_type\":\"dns\",\"dns\":{\"rrname\":\"a.evil.example\"}}\n"
                          "{\"event_type\":\"dns\",\"dns\":{\"rrname\":\"red.example\"}}\n"
                          "{\"event_type\":\"dns\",\"dns\":{\"rrname\":\"red.example\"}}\n"
                          "not json\n";

static json_int_t num(json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

/* the checks of the ingest use case, and what its answer counts (TLP) */
static void test_ingest(void **state)
{
    app *a = *state;
    auth_principal sensor = {7, "sen", AUTH_ROLE_SENSOR, "moda"};
    auth_principal analyst = {8, "ann", AUTH_ROLE_ANALYST, NULL};
    int64_t now = 1795479000;
    gisac_err err = GISAC_ERR_INIT;
    json_t *ans = NULL;
    assert_int_equal(app_ingest(a, &analyst, NULL, eve, sizeof eve - 1, NULL, now, &ans, &err),
                     GISAC_EINVAL);
    assert_string_equal(err.field, "$.agency");
    assert_int_equal(app_ingest(a, &analyst, "nobody", eve, sizeof eve - 1, NULL, now, &ans, &err),
                     GISAC_EINVAL);
    assert_string_equal(err.field, "agency");
    assert_string_equal(err.msg, "no agency 'nobody'");
    assert_int_equal(app_ingest(a, &sensor, NULL, eve, sizeof eve - 1, "xml", now, &ans, &err),
                     GISAC_EINVAL);
    assert_string_equal(err.field, "$.format");
    assert_int_equal(app_ingest(a, &sensor, "mof", eve, sizeof eve - 1, NULL, now, &ans, &err),
                     GISAC_EFORBIDDEN);
    assert_null(ans);

    /* the sensor is told of the green sighting only; both are recorded */
    assert_int_equal(app_ingest(a, &sensor, NULL, eve, sizeof eve - 1, "eve", now, &ans, &err), 0);
    assert_int_equal(num(ans, "lines"), 4);
    assert_int_equal(num(ans, "events"), 3);
    assert_int_equal(num(ans, "unparsed"), 1);
    assert_int_equal(num(ans, "sightings"), 1);
    assert_int_equal(num(ans, "indicators"), 1);
    assert_int_equal(json_array_size(json_object_get(ans, "errors")), 1);
    json_decref(ans);
    test_audit l;
    assert_string_equal(audit(a, &l), "2026-11-24T00:10:00Z|cli:sensor-feed|sighting.record|moda|"
                                      "{\"agency\":\"moda\",\"indicators\":2,\"sightings\":3,"
                                      "\"via\":\"ingest\"}\n");
    /* staff are told of every one */
    assert_int_equal(app_ingest(a, &analyst, "moda", eve, sizeof eve - 1, NULL, now, &ans, &err),
                     0);
    assert_int_equal(num(ans, "sightings"), 3);
    assert_int_equal(num(ans, "indicators"), 2);
    assert_string_equal(json_string_value(json_object_get(ans, "format")), "eve");
    json_decref(ans);
}

/* the current snapshot: staff only, the live one its callers share, and
 * on SQLite loaded by the next installation handle from DB.snap */
static void test_snapshot_current(void **state)
{
    app *a = *state;
    auth_principal sensor = {7, "sen", AUTH_ROLE_SENSOR, "moda"};
    auth_principal who = app_operator(a);
    int64_t now = 1795479000;
    gisac_err err = GISAC_ERR_INIT;
    match_snapshot *s = NULL, *t = NULL;
    int loaded = -1;
    assert_int_equal(app_match_snapshot_current(a, &sensor, now, &s, &loaded, &err),
                     GISAC_EFORBIDDEN);
    assert_null(s);
    assert_int_equal(app_match_snapshot_current(a, &who, now, &s, &loaded, &err), 0);
    assert_int_equal(match_snapshot_count(s), 3);
    assert_int_equal(app_match_snapshot_current(a, &who, now, &t, NULL, &err), 0);
    assert_ptr_equal(s, t);
    match_snapshot_unref(t);
    char snap[80];
    snprintf(snap, sizeof snap, "%s.snap", dbpath);
    assert_int_equal(access(snap, R_OK), 0);
    app_config cfg = {dbpath, 0, "cli:worker"};
    app *b;
    assert_int_equal(app_open(&cfg, &b, &err), 0);
    auth_principal wb = app_operator(b);
    assert_int_equal(app_match_snapshot_current(b, &wb, now, &t, &loaded, &err), 0);
    assert_int_equal(loaded, 1);
    assert_ptr_not_equal(s, t);
    assert_int_equal(match_snapshot_count(t), 3);
    match_indicator x, y;
    for (uint32_t i = 0; i < 3; i++) {
        assert_int_equal(match_snapshot_get(s, i, &x), 0);
        assert_int_equal(match_snapshot_get(t, i, &y), 0);
        assert_string_equal(x.value, y.value);
        assert_int_equal(x.store_id, y.store_id);
    }
    match_snapshot_unref(t);
    app_close(b);
    match_snapshot_unref(s);
}

/* one table: rows by indicator id, summed, whatever the order they came in */
static void test_agg(void **state)
{
    (void)state;
    match_agg g = MATCH_AGG_INIT;
    for (int64_t i = 600; i >= 1; i--) {
        match_record r = {i, NULL, 100 + i, 100 + i, 1, TLP_GREEN, MATCH_DIR_UNKNOWN, NULL};
        assert_int_equal(match_agg_add(&g, &r), 0);
        r.first = r.last = 50;
        assert_int_equal(match_agg_add(&g, &r), 0);
    }
    match_record *rows;
    size_t n;
    match_agg_take(&g, "moda", &rows, &n);
    assert_int_equal(n, 600);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(rows[i].indicator, (int64_t)i + 1);
        assert_int_equal(rows[i].count, 2);
        assert_int_equal(rows[i].first, 50);
        assert_int_equal(rows[i].last, 101 + (int64_t)i);
        assert_string_equal(rows[i].agency, "moda");
    }
    free(rows);
    assert_int_equal(g.n, 0);
    match_agg_take(&g, NULL, &rows, &n);
    assert_null(rows);
    assert_int_equal(n, 0);
    assert_int_equal(match_seen_at(0, 1000), 1000);
    assert_int_equal(match_seen_at(900, 1000), 900);
    assert_int_equal(match_seen_at(1000 + MATCH_TIME_SKEW, 1000), 1000 + MATCH_TIME_SKEW);
    assert_int_equal(match_seen_at(1001 + MATCH_TIME_SKEW, 1000), 1000);
}

TEST_MAIN(setup, teardown, TEST_CASE(test_record), TEST_CASE(test_who_records),
          TEST_CASE(test_ingest), TEST_CASE(test_snapshot_current), TEST_PLAIN(test_agg))
