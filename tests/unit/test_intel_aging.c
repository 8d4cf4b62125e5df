/*
 * test_intel_aging.c: aging of complete feed sources (intel_import_mem
 * with complete_grace, as a feed source's fetch runs it; docs/feed-sources.md)
 * with a test clock: what a complete list stops listing is dropped from
 * its source after the grace period, an indicator no source lists is kept
 * but ended with why, and it comes back when listed again; --label adds
 * labels to every record; durations parse and format.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "intel/intel.h"
#include "test_svc_util.h"
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char dbpath[64];

static int setup(void **state)
{
    return test_intel_setup(state, dbpath, NULL, sizeof dbpath, "/tmp/gisac-intel-aging-XXXXXX",
                            "2026-11-24T00:00:00Z", NULL);
}

static int teardown(void **state)
{
    return test_intel_teardown(state, dbpath, NULL);
}

#define DAY 86400

static size_t import_list(intel *in, const char *source, const char *list, int64_t grace,
                          const char *const *labels, size_t nlabels, intel_import_summary *sum)
{
    intel_import_opts o = {.format = FEED_PLAIN,
                           .source = source,
                           .tlp = TLP_UNSET,
                           .confidence = -1,
                           .labels = labels,
                           .nlabels = nlabels,
                           .complete_grace = grace};
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(intel_import_mem(in, source, list, strlen(list), &o, NULL, sum, &err), 0);
    return sum->dropped;
}

/* The indicator's merged row (valid_until) and whether source has a record of it. */
static int64_t ended_at(intel *in, const char *domain, const char *source, int *has)
{
    store *s = intel_store(in);
    gisac_arena *ar = gisac_arena_new(4096);
    gisac_err err = GISAC_ERR_INIT;
    store_indicator ind;
    assert_int_equal(store_indicator_find(s, IOC_DOMAIN, domain, &ind, ar, &err), 0);
    int64_t sid;
    assert_int_equal(store_source_lookup(s, source, &sid, &err), 0);
    store_source_row r;
    int rc = store_indicator_source_get(s, ind.id, sid, &r, ar, &err);
    assert_true(rc == 0 || rc == GISAC_ENOTFOUND);
    *has = rc == 0;
    int64_t v = ind.valid_until;
    gisac_arena_free(ar);
    return v;
}

static void delisted(intel *in, const char *domain, const char *want)
{
    store *s = intel_store(in);
    gisac_arena *ar = gisac_arena_new(4096);
    gisac_err err = GISAC_ERR_INIT;
    store_indicator ind;
    assert_int_equal(store_indicator_find(s, IOC_DOMAIN, domain, &ind, ar, &err), 0);
    gisac_buf b = GISAC_BUF_INIT;
    assert_int_equal(intel_delisted_json(in, ind.id, &b, &err), 0);
    assert_string_equal(b.data ? b.data : "", want);
    gisac_buf_free(&b);
    gisac_arena_free(ar);
}

static void test_aging(void **state)
{
    intel *in = *state;
    intel_import_summary sum;
    int64_t t0 = 1795478400; /* 2026-11-24T00:00:00Z */
    assert_int_equal(
        import_list(in, "feodo", "a.example\nb.example\nc.example\n", DAY, NULL, 0, &sum), 0);
    assert_int_equal(sum.imported, 3);
    /* b also from a source that never drops anything */
    assert_int_equal(import_list(in, "manual", "b.example\n", 0, NULL, 0, &sum), 0);

    /* the list shrinks: within the grace period nothing is dropped */
    setenv("GISAC_NOW", "2026-11-24T06:00:00Z", 1);
    assert_int_equal(import_list(in, "feodo", "a.example\n", DAY, NULL, 0, &sum), 0);
    int has;
    assert_int_equal(ended_at(in, "c.example", "feodo", &has), 0);
    assert_true(has);

    /* a day later: c is ended (kept, with why), b keeps its other source only */
    setenv("GISAC_NOW", "2026-11-25T01:00:00Z", 1);
    assert_int_equal(import_list(in, "feodo", "a.example\n", DAY, NULL, 0, &sum), 2);
    assert_int_equal(ended_at(in, "c.example", "feodo", &has), t0 + DAY + 3600);
    assert_true(has);
    assert_int_equal(ended_at(in, "b.example", "manual", &has), 0);
    assert_true(has);
    ended_at(in, "b.example", "feodo", &has);
    assert_false(has);
    assert_int_equal(ended_at(in, "a.example", "feodo", &has), 0);
    delisted(in, "c.example",
             ",\"delisted\":{\"source\":\"feodo\",\"at\":\"2026-11-25T01:00:00Z\","
             "\"reason\":\"no longer listed by any source\"}");
    delisted(in, "b.example", "");

    /* dropped once only */
    setenv("GISAC_NOW", "2026-11-26T01:00:00Z", 1);
    assert_int_equal(import_list(in, "feodo", "a.example\n", DAY, NULL, 0, &sum), 0);

    /* an empty complete list drops nothing */
    setenv("GISAC_NOW", "2026-11-29T01:00:00Z", 1);
    assert_int_equal(import_list(in, "feodo", "# nothing today\n", DAY, NULL, 0, &sum), 0);
    assert_int_equal(ended_at(in, "a.example", "feodo", &has), 0);

    /* listed again: active again, the reason gone */
    assert_int_equal(import_list(in, "feodo", "a.example\nc.example\n", DAY, NULL, 0, &sum), 0);
    assert_int_equal(ended_at(in, "c.example", "feodo", &has), 0);
    delisted(in, "c.example", "");
}

static void test_labels(void **state)
{
    intel *in = *state;
    intel_import_summary sum;
    static const char *const labels[] = {"c2", "botnet"};
    import_list(in, "feodo", "d.example\n", 0, labels, 2, &sum);
    store *s = intel_store(in);
    gisac_arena *ar = gisac_arena_new(4096);
    gisac_err err = GISAC_ERR_INIT;
    store_indicator ind;
    assert_int_equal(store_indicator_find(s, IOC_DOMAIN, "d.example", &ind, ar, &err), 0);
    assert_string_equal(ind.labels_json, "[\"botnet\",\"c2\"]");
    gisac_arena_free(ar);
}

static void test_durations(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int64_t secs;
        const char *out;
    } ok[] = {{"90s", 90, "1m30s"},     {"15m", 900, "15m"},  {"1h", 3600, "1h"},
              {"1h30m", 5400, "1h30m"}, {"7d", 604800, "1w"}, {"2d", 172800, "2d"},
              {"3600", 3600, "1h"},     {"0s", 0, "0s"},      {"1w1d", 691200, "1w1d"}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int64_t v = -1;
        assert_int_equal(gisac_duration_parse(ok[i].in, &v), 0);
        assert_int_equal(v, ok[i].secs);
        char out[GISAC_DURATION_LEN];
        gisac_duration_format(v, out);
        assert_string_equal(out, ok[i].out);
    }
    static const char *const bad[] = {"",    "h",    "1x",   "1h 2m",
                                      "-1h", "1.5h", "1h30", "99999999999d"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t v;
        assert_int_equal(gisac_duration_parse(bad[i], &v), GISAC_EINVAL);
    }
}

TEST_MAIN(setup, teardown, TEST_CASE(test_aging), TEST_CASE(test_labels),
          TEST_PLAIN(test_durations))
