/*
 * test_match_audit.c: "gisac match --record" writes its sightings with one
 * audit entry per written batch (not per event), by the store's actor.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "match/match.h"
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dbpath[64], logpath[64];

static int setup(void **state)
{
    if (test_db_path(dbpath, sizeof dbpath, "/tmp/gisac-match-audit-XXXXXX") < 0)
        return -1;
    snprintf(logpath, sizeof logpath, "%s.log", dbpath);
    FILE *f = fopen(logpath, "w");
    if (!f)
        return -1;
    fputs("2026-11-24T00:00:01Z query evil.example from 10.1.1.1\n"
          "2026-11-24T00:00:02Z query www.evil.example from 10.1.1.2\n"
          "2026-11-24T00:00:03Z connect 203.0.113.9 port 443\n"
          "2026-11-24T00:00:04Z nothing here\n",
          f);
    fclose(f);
    setenv("GISAC_NOW", "2026-11-24T00:10:00Z", 1);
    store *s;
    gisac_err err;
    if (store_open(dbpath, &s, &err) < 0)
        return -1;
    const char *vals[] = {"evil.example", "203.0.113.9"};
    ioc_type types[] = {IOC_DOMAIN, IOC_IPV4};
    for (int i = 0; i < 2; i++) {
        store_indicator ind;
        memset(&ind, 0, sizeof ind);
        ind.type = types[i];
        ind.value = vals[i];
        ind.confidence = -1;
        ind.tlp = TLP_GREEN;
        ind.matchable = 1;
        ind.created = ind.modified = 1795478400;
        char lo[33], hi[33];
        if (ioc_range_hex(types[i], vals[i], lo, hi) == 0) {
            ind.range_lo = lo;
            ind.range_hi = hi;
        }
        if (store_indicator_insert(s, &ind, &err) < 0)
            return -1;
    }
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    store_close(*state);
    test_db_remove(dbpath, ".log");
    unsetenv("GISAC_NOW");
    return 0;
}

typedef struct lines {
    char text[4096];
} lines;

static int add_line(void *ctx, const store_audit_entry *e)
{
    lines *l = ctx;
    char ts[GISAC_TIME_LEN];
    gisac_time_format(e->ts, ts);
    size_t n = strlen(l->text);
    snprintf(l->text + n, sizeof l->text - n, "%lld|%s|%s|%s|%s|%s\n", (long long)e->seq, ts,
             e->actor, e->action, e->object ? e->object : "-", e->detail ? e->detail : "-");
    return 0;
}

static void run(store *s, const char *agency)
{
    match_opts o;
    memset(&o, 0, sizeof o);
    o.format = MATCH_FMT_TEXT;
    o.threads = 2;
    o.record = 1;
    o.agency = agency;
    o.db_path = dbpath;
    o.reload_secs = 1.0;
    FILE *out = fopen("/dev/null", "w");
    assert_non_null(out);
    match_stats st;
    gisac_err err;
    const char *inputs[] = {logpath};
    assert_int_equal(match_run(s, inputs, 1, &o, out, &st, &err), 0);
    fclose(out);
    assert_int_equal(st.sightings, 3);
    assert_int_equal(st.recorded, 2);
}

static void test_record(void **state)
{
    store *s = *state;
    gisac_err err;
    store_set_actor(s, "cli:sensor-feed");
    run(s, "moda");
    run(s, NULL);
    lines l;
    l.text[0] = '\0';
    assert_int_equal(store_audit_iter(s, 0, add_line, &l, &err), 0);
    assert_string_equal(l.text, "1|2026-11-24T00:10:00Z|cli:sensor-feed|sighting.record|moda|"
                                "{\"agency\":\"moda\",\"indicators\":2,\"sightings\":3}\n"
                                "2|2026-11-24T00:10:00Z|cli:sensor-feed|sighting.record|-|"
                                "{\"agency\":null,\"indicators\":2,\"sightings\":3}\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_record, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
