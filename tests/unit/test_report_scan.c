/*
 * test_report_scan.c: what the alert light and the key indicators read of
 * the incidents (rp_incidents_load: one scan of brief rows, the
 * awareness window in the store) equals what the full listing gave before
 * (incident_list with every column and count, every breach, the window
 * applied afterwards), over a random set of incidents: every level,
 * drafts and dismissed drafts, reviews and recoveries early and late,
 * deadlines breached or not, several agencies and sectors, awareness on
 * each side of the local (Asia/Taipei) year and month boundaries. And the
 * light and the KPI report of that set, read twice, are the same.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "report/report_internal.h"
#include "test_incident_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef test_incident_fx fixture;

static const auth_principal admin = {1, "admin", AUTH_ROLE_ADMIN, NULL};

static const char *const agencies[] = {"bank", "bank2", "hosp", "misc", "bank-br"};

static int setup(void **state)
{
    static const test_agency ag[] = {{"bank", "finance", NULL},
                                     {"bank2", "finance", NULL},
                                     {"hosp", "health", NULL},
                                     {"misc", NULL, NULL},
                                     {"bank-br", "finance", "bank"}};
    return test_incident_setup(state, "/tmp/gisac-rpscan-XXXXXX", ag, 5);
}

static int teardown(void **state)
{
    return test_incident_teardown(state);
}

/* A small deterministic generator (the set is the same on every run). */
static uint64_t rnd_state = 0x13c0ffee13ULL;
static uint32_t rnd(uint32_t n)
{
    rnd_state = rnd_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)((rnd_state >> 33) % n);
}

/* Local (Asia/Taipei, +08:00) boundaries of 2026 and of its March. */
#define YEAR_FROM  "2025-12-31T16:00:00Z"
#define YEAR_TO    "2026-12-31T16:00:00Z"
#define MARCH_FROM "2026-02-28T16:00:00Z"
#define MARCH_TO   "2026-03-31T16:00:00Z"

/* An awareness time: often on a boundary or a second from it, else anywhere in 2025-2027. */
static int64_t aware_time(void)
{
    static const char *const edges[] = {YEAR_FROM, YEAR_TO, MARCH_FROM, MARCH_TO};
    if (rnd(3) == 0)
        return test_at(edges[rnd(4)]) + (int64_t)rnd(3) - 1;
    return test_at("2025-06-01T00:00:00Z") + (int64_t)rnd(900) * 86400 + (int64_t)rnd(86400);
}

/* File one random incident at its awareness time and take it some steps, each at a time of its
 * own (in time or late); the steps the rules refuse are skipped, as a user would be refused. */
static void random_incident(fixture *f)
{
    static const char *const asset[] = {"core", "non-core", "non-core", "core", "core-ci"};
    static const char *const conf[] = {NULL, "minor", "serious", "serious", "serious"};
    static const char *const cats[] = {NULL, "intrusion", "malware", "denial-of-service", "other"};
    int level = (int)rnd(5);
    int64_t aware = aware_time();
    incident_input in = test_incident_input(agencies[rnd(5)], "random", asset[level], aware);
    in.confidentiality = conf[level];
    in.category = cats[rnd(5)];
    in.draft = rnd(6) == 0;
    int64_t t = aware + (int64_t)rnd(3) * 3600 + (int64_t)rnd(3600); /* filed in or after 1 h */
    incident out;
    gisac_err err = GISAC_ERR_INIT;
    if (incident_report(f->svc, &admin, &in, t, &out, &err) < 0)
        fail_msg("incident: %s", err.msg);
    char id[INCIDENT_ID_MAX];
    snprintf(id, sizeof id, "%s", out.id);
    if (in.draft) {
        if (rnd(2)) {
            err = (gisac_err)GISAC_ERR_INIT;
            if (incident_close(f->svc, &admin, id, "not an incident", t + 60, &out, &err) < 0)
                fail_msg("dismiss: %s", err.msg);
        }
        return;
    }
    if (rnd(3)) { /* reviewed within hours or days */
        t += (int64_t)rnd(4) * 3600 + (int64_t)rnd(3) * 86400;
        err = (gisac_err)GISAC_ERR_INIT;
        (void)incident_advance(f->svc, &admin, id, INCIDENT_REVIEWED, NULL, NULL, t, &out, &err);
    }
    if (rnd(2)) { /* recovered within hours or days */
        t += (int64_t)rnd(40) * 3600;
        err = (gisac_err)GISAC_ERR_INIT;
        (void)incident_recover(f->svc, &admin, id, t, NULL, t, &out, &err);
    }
}

/* ---- the reads before: every incident listed in full, the window applied after ---- */

typedef struct old_ctx {
    rp_incidents d;
} old_ctx;

static int old_collect(void *ctx, const incident *inc)
{
    old_ctx *c = ctx;
    c->d.v = realloc(c->d.v, (c->d.n + 1) * sizeof *c->d.v);
    assert_non_null(c->d.v);
    rp_incident_of(inc, &c->d.v[c->d.n++]);
    return 0;
}

static int old_breach(void *ctx, const incident_breach *b)
{
    old_ctx *c = ctx;
    for (size_t i = 0; i < c->d.n; i++)
        if (strcmp(c->d.v[i].id, b->id) == 0)
            c->d.v[i].breached |= 1u << b->kind;
    return 0;
}

/* The incidents the old reads gave for (open_only, from, to): by id, the window applied. */
static void old_load(fixture *f, int64_t now, int open_only, int64_t from, int64_t to,
                     rp_incidents *out)
{
    old_ctx c = {{0}};
    incident_filter flt = {.open_only = open_only};
    gisac_err err = GISAC_ERR_INIT;
    if (incident_list(f->svc, &admin, &flt, now, old_collect, &c, &err) < 0 ||
        incident_breaches(f->svc, &admin, NULL, old_breach, &c, &err) < 0)
        fail_msg("old reads: %s", err.msg);
    size_t k = 0;
    for (size_t i = 0; i < c.d.n; i++)
        if (!to || (c.d.v[i].aware_at >= from && c.d.v[i].aware_at < to))
            c.d.v[k++] = c.d.v[i];
    c.d.n = k;
    *out = c.d; /* incident_list lists by number: within one year, the id order */
}

static void compare(fixture *f, int64_t now, int open_only, int64_t from, int64_t to)
{
    rp_incidents got, want;
    gisac_err err = GISAC_ERR_INIT;
    if (rp_incidents_load(f->svc, now, open_only, from, to, &got, &err) < 0)
        fail_msg("rp_incidents_load: %s", err.msg);
    old_load(f, now, open_only, from, to, &want);
    /* the old reads by number (year, seq); the new by id: the same order for these ids */
    assert_int_equal(got.n, want.n);
    for (size_t i = 0; i < got.n; i++) {
        const rp_incident *g = &got.v[i], *w = NULL;
        for (size_t j = 0; j < want.n && !w; j++)
            if (strcmp(want.v[j].id, g->id) == 0)
                w = &want.v[j];
        if (!w)
            fail_msg("%s: not in the old reads", g->id);
        if (memcmp(g, w, sizeof *g) != 0)
            fail_msg("%s: differs (level %d/%d, status %d/%d, breached %u/%u)", g->id, g->level,
                     w->level, (int)g->status, (int)w->status, g->breached, w->breached);
        if (i)
            assert_true(strcmp(got.v[i - 1].id, g->id) < 0);
    }
    rp_incidents_free(&got);
    free(want.v);
}

static json_t *parsed(gisac_buf *b)
{
    json_t *o = json_loadb(b->data, b->len, 0, NULL);
    assert_non_null(o);
    gisac_buf_free(b);
    return o;
}

static void test_scan_equals_full_list(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < 160; i++)
        random_incident(f);
    /* breaches recorded as the scheduler would, at two times */
    gisac_err err = GISAC_ERR_INIT;
    if (incident_check_breaches(f->svc, test_at("2026-03-15T00:00:00Z"), NULL, &err) < 0 ||
        incident_check_breaches(f->svc, test_at("2027-06-01T00:00:00Z"), NULL, &err) < 0)
        fail_msg("breaches: %s", err.msg);
    /* the set has every case the reads tell apart */
    rp_incidents all;
    if (rp_incidents_load(f->svc, test_at("2027-12-01T00:00:00Z"), 0, 0, 0, &all, &err) < 0)
        fail_msg("load: %s", err.msg);
    int seen[5] = {0}, breached = 0, dismissed = 0, reviewed = 0, recovered = 0, edge = 0;
    for (size_t i = 0; i < all.n; i++) {
        const rp_incident *r = &all.v[i];
        seen[r->level]++;
        breached += r->breached != 0;
        dismissed += r->dismissed;
        reviewed += r->reviewed_at != 0;
        recovered += r->recovered_at != 0;
        edge += r->aware_at == test_at(YEAR_FROM) - 1 || r->aware_at == test_at(MARCH_TO);
    }
    for (int l = 0; l < 5; l++)
        assert_true(seen[l] > 0);
    assert_true(breached > 0 && dismissed > 0 && reviewed > 0 && recovered > 0 && edge > 0);
    rp_incidents_free(&all);
    static const char *const nows[] = {"2026-03-15T00:00:00Z", "2026-12-31T15:59:59Z",
                                       "2027-12-01T00:00:00Z"};
    static const char *const windows[][2] = {
        {NULL, NULL}, {YEAR_FROM, YEAR_TO}, {MARCH_FROM, MARCH_TO}};
    for (size_t n = 0; n < sizeof nows / sizeof nows[0]; n++)
        for (size_t w = 0; w < sizeof windows / sizeof windows[0]; w++)
            for (int open_only = 0; open_only <= 1; open_only++)
                compare(f, test_at(nows[n]), open_only, windows[w][0] ? test_at(windows[w][0]) : 0,
                        windows[w][1] ? test_at(windows[w][1]) : 0);

    /* the light and the KPI of the set: whole and each sector, a year and a month */
    int64_t now = test_at("2026-12-31T15:59:59Z");
    static const char *const sectors[] = {NULL, "finance", "health"};
    for (size_t i = 0; i < sizeof sectors / sizeof sectors[0]; i++) {
        gisac_buf a = GISAC_BUF_INIT, b = GISAC_BUF_INIT;
        assert_int_equal(report_status_json(f->svc, &admin, sectors[i], now, 0, &a, &err), 0);
        assert_int_equal(report_status_json(f->svc, &admin, sectors[i], now, 0, &b, &err), 0);
        assert_string_equal(a.data, b.data);
        json_t *o = parsed(&a);
        assert_true(json_integer_value(json_object_get(json_object_get(o, "figures"), "open")) > 0);
        json_decref(o);
        gisac_buf_free(&b);
    }
}

TEST_MAIN(setup, teardown, TEST_CASE(test_scan_equals_full_list))
