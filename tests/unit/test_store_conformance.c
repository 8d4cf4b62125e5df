/*
 * test_store_conformance.c: the contracts of the store API, written
 * against store.h only, so that every backend can be held to them: the
 * store is the one named by the environment variable GISAC_STORE_URI
 * (default: a new temporary SQLite file, "sqlite:/tmp/..."), and nothing
 * here knows which backend answers.
 *
 * The tests share one store and assume nothing about what it holds
 * already: every key they write carries a tag unique to the run (agency
 * ids, indicator values, names), and numbers are checked in a year no
 * other run uses. A store named by GISAC_STORE_URI must be one the suite
 * may write to (it leaves its rows there).
 *
 * Covered: indicators (insert, insert_many and the ids it gives, find,
 * update, sources, iteration, pages, revoke), agencies, accounts and
 * tokens, incidents with the numbers the store gives (per year, without
 * gaps, given back on rollback), policies, evidence, advisories, the
 * notification queue, the audit chain (appended, then verified by
 * recomputing every hash with store_audit_hash), rollback leaving
 * nothing, the rule that no callback re-enters the store while a
 * statement is open (and the iterations whose callbacks may), and two
 * processes writing incidents and audit entries at the same time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "store/store.h"
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char uri[600];      /* the store under test */
static char tmp_path[512]; /* the temporary SQLite file made for it, or "" */
static char tag[32];       /* unique to this run: in every key written */
static int year0;          /* a year of this run's own, for incident and advisory numbers */
static int64_t policy_version;

/* ---- the store, and keys of this run ----------------------------------------- */

static store *open_store(void)
{
    store *s = NULL;
    gisac_err err;
    if (store_open(uri, &s, &err) < 0)
        fail_msg("store_open %s: %s", uri, err.msg);
    return s;
}

/* A key of this run: prefix + tag (+ n when n >= 0), in a static ring of 256 buffers. */
static const char *key(const char *prefix, int n)
{
    static char ring[256][96];
    static int next;
    char *k = ring[next++ % 256];
    if (n >= 0)
        snprintf(k, sizeof ring[0], "%s%s-%d", prefix, tag, n);
    else
        snprintf(k, sizeof ring[0], "%s%s", prefix, tag);
    return k;
}

static int group_setup(void **state)
{
    const char *env = getenv("GISAC_STORE_URI");
    if (env && *env) {
        snprintf(uri, sizeof uri, "%s", env);
    } else {
        if (test_db_path(tmp_path, sizeof tmp_path, "/tmp/gisac-conf-XXXXXX") < 0)
            return -1;
        snprintf(uri, sizeof uri, "sqlite:%s", tmp_path);
    }
    unsigned long run = (unsigned long)getpid() ^ ((unsigned long)time(NULL) << 8);
    snprintf(tag, sizeof tag, "c%lx", run & 0xffffffffUL);
    year0 = 3000 + (int)(run % 6000); /* far from real years, rarely the same twice */

    store *s;
    gisac_err err;
    if (store_open(uri, &s, &err) < 0) {
        fprintf(stderr, "store_open %s: %s\n", uri, err.msg);
        return -1;
    }
    /* what incidents refer to: an agency and a policy */
    store_agency ag = {key("ag-", -1), "Conformance", "test", "A", NULL, 1000, 1000, NULL};
    store_policy p = {0, "{\"conformance\":true}", "00", "conformance", NULL, 1000};
    int rc = store_agency_insert(s, &ag, &err);
    if (rc == 0)
        rc = store_policy_insert(s, &p, &err);
    policy_version = p.version;
    store_close(s);
    if (rc < 0) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return -1;
    }
    *state = NULL;
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    if (tmp_path[0])
        test_db_remove(tmp_path, NULL);
    return 0;
}

static int setup(void **state)
{
    *state = open_store();
    return 0;
}

static int teardown(void **state)
{
    store_close(*state);
    return 0;
}

/* ---- indicators -------------------------------------------------------------- */

/* A domain indicator, created and modified at 1000. */
static store_indicator indicator(const char *value)
{
    return test_indicator(IOC_DOMAIN, value, 1000);
}

typedef struct seen {
    char values[64][96];
    int64_t ids[64];
    size_t n;
    const char *prefix; /* only values starting with it */
} seen;

static int seen_cb(void *ctx, const store_indicator *ind)
{
    seen *v = ctx;
    if (strncmp(ind->value, v->prefix, strlen(v->prefix)) != 0 || v->n == 64)
        return 0;
    snprintf(v->values[v->n], sizeof v->values[0], "%s", ind->value);
    v->ids[v->n++] = ind->id;
    return 0;
}

static void test_indicators(void **state)
{
    store *s = *state;
    gisac_err err;
    gisac_arena *a = gisac_arena_new(4096);
    char v[8][96];
    for (int i = 0; i < 8; i++)
        snprintf(v[i], sizeof v[i], "%s.ind%d.example", tag, i);

    /* one by one: the store gives the id */
    store_indicator one = indicator(v[0]);
    one.labels_json = "[\"c2\"]";
    assert_int_equal(store_indicator_insert(s, &one, &err), 0);
    assert_true(one.id > 0);
    store_indicator dup = indicator(v[0]);
    assert_int_equal(store_indicator_insert(s, &dup, &err), GISAC_EEXIST);

    /* many at once: ids given in order, each above every id before */
    store_indicator rows[7];
    for (int i = 0; i < 7; i++)
        rows[i] = indicator(v[i + 1]);
    assert_int_equal(store_indicator_insert_many(s, rows, 7, &err), 0);
    for (int i = 0; i < 7; i++) {
        assert_true(rows[i].id > (i ? rows[i - 1].id : one.id));
        store_indicator f;
        assert_int_equal(store_indicator_find(s, IOC_DOMAIN, v[i + 1], &f, a, &err), 0);
        assert_int_equal(f.id, rows[i].id);
    }
    int64_t max = 0;
    assert_int_equal(store_indicator_max_id(s, &max, &err), 0);
    assert_true(max >= rows[6].id);

    /* find copies into the arena; update rewrites */
    store_indicator f;
    assert_int_equal(store_indicator_find(s, IOC_DOMAIN, v[0], &f, a, &err), 0);
    assert_int_equal(f.id, one.id);
    assert_string_equal(f.labels_json, "[\"c2\"]");
    assert_int_equal(f.confidence, -1);
    f.confidence = 80;
    f.tlp = TLP_AMBER;
    f.modified = 2000;
    assert_int_equal(store_indicator_update(s, &f, &err), 0);
    store_indicator g;
    assert_int_equal(store_indicator_find(s, IOC_DOMAIN, v[0], &g, a, &err), 0);
    assert_int_equal(g.confidence, 80);
    assert_int_equal(g.tlp, TLP_AMBER);
    assert_int_equal(g.modified, 2000);
    assert_int_equal(store_indicator_find(s, IOC_DOMAIN, key("absent.", -1), &g, a, &err),
                     GISAC_ENOTFOUND);

    /* sources: merged first/last seen */
    int64_t src;
    assert_int_equal(store_source_id(s, key("src-", -1), 1000, &src, &err), 0);
    int64_t again;
    assert_int_equal(store_source_id(s, key("src-", -1), 1000, &again, &err), 0);
    assert_int_equal(again, src);
    store_source_row sr = {rows[0].id, src,  500,  600,  TLP_AMBER, -1, 1,    NULL,
                           NULL,       NULL, NULL, NULL, 0,         0,  1000, 1000};
    assert_int_equal(store_indicator_source_add_many(s, &sr, 1, &err), 0);
    assert_int_equal(store_indicator_source_touch(s, rows[0].id, src, 400, 550, 0, &err), 0);

    /* iteration: by type and value, with sources joined */
    seen sn;
    memset(&sn, 0, sizeof sn);
    sn.prefix = tag;
    store_filter all = STORE_FILTER_ALL;
    assert_int_equal(store_indicator_iter(s, &all, seen_cb, &sn, &err), 0);
    assert_int_equal(sn.n, 8);
    for (size_t i = 0; i < 8; i++)
        assert_string_equal(sn.values[i], v[i]);
    store_filter by_src = STORE_FILTER_ALL;
    by_src.source = key("src-", -1);
    memset(&sn, 0, sizeof sn);
    sn.prefix = tag;
    assert_int_equal(store_indicator_iter(s, &by_src, seen_cb, &sn, &err), 0);
    assert_int_equal(sn.n, 1);
    assert_int_equal(sn.ids[0], rows[0].id);

    /* pages: every row once, in order */
    store_filter dom = STORE_FILTER_ALL;
    dom.type = IOC_DOMAIN;
    memset(&sn, 0, sizeof sn);
    sn.prefix = tag;
    char after[96];
    snprintf(after, sizeof after, "%s", tag); /* every value of this run sorts after the tag */
    for (;;) {
        size_t before = sn.n;
        assert_int_equal(store_indicator_page(s, &dom, after, 3, seen_cb, &sn, &err), 0);
        if (sn.n == before || sn.n >= 8)
            break;
        snprintf(after, sizeof after, "%s", sn.values[sn.n - 1]);
    }
    assert_int_equal(sn.n, 8);
    for (size_t i = 0; i < 8; i++)
        assert_string_equal(sn.values[i], v[i]);

    /* revoke: out of the active ones */
    assert_int_equal(store_indicator_revoke(s, IOC_DOMAIN, v[1], 3000, &err), 0);
    assert_int_equal(store_indicator_revoke(s, IOC_DOMAIN, key("absent.", -1), 3000, &err),
                     GISAC_ENOTFOUND);
    store_filter active = STORE_FILTER_ALL;
    active.active_only = 1;
    active.now = 3000;
    memset(&sn, 0, sizeof sn);
    sn.prefix = tag;
    assert_int_equal(store_indicator_iter(s, &active, seen_cb, &sn, &err), 0);
    assert_int_equal(sn.n, 7);
    gisac_arena_free(a);
}

/* ---- agencies, accounts, tokens ---------------------------------------------- */

typedef struct count_ctx {
    const char *want;
    int found, total;
} count_ctx;

static int agency_cb(void *ctx, const store_agency *ag)
{
    count_ctx *c = ctx;
    c->total++;
    c->found += strcmp(ag->id, c->want) == 0;
    return 0;
}

static int token_cb(void *ctx, const store_token *t)
{
    count_ctx *c = ctx;
    c->total++;
    c->found += strcmp(t->id, c->want) == 0;
    return 0;
}

static void test_auth(void **state)
{
    store *s = *state;
    gisac_err err;
    gisac_arena *a = gisac_arena_new(4096);
    const char *parent = key("agp-", -1), *child = key("agc-", -1);
    store_agency p = {parent, "Parent", NULL, "A", NULL, 1000, 1000, NULL};
    store_agency c = {child, "Child", "health", "B", parent, 1000, 1000, NULL};
    assert_int_equal(store_agency_insert(s, &p, &err), 0);
    assert_int_equal(store_agency_insert(s, &c, &err), 0);
    assert_int_equal(store_agency_insert(s, &p, &err), GISAC_EEXIST);
    store_agency orphan = {key("ago-", -1),  "Orphan", NULL, "C",
                           key("nope-", -1), 1000,     1000, NULL};
    assert_int_equal(store_agency_insert(s, &orphan, &err), GISAC_EINVAL);
    store_agency got;
    assert_int_equal(store_agency_get(s, child, &got, a, &err), 0);
    assert_string_equal(got.parent, parent);
    assert_string_equal(got.sector, "health");
    c.grade = "C";
    c.modified = 2000;
    assert_int_equal(store_agency_update(s, &c, &err), 0);
    assert_int_equal(store_agency_get(s, child, &got, a, &err), 0);
    assert_string_equal(got.grade, "C");
    assert_int_equal(got.modified, 2000);
    assert_int_equal(store_agency_get(s, key("nope-", -1), &got, a, &err), GISAC_ENOTFOUND);
    count_ctx cc = {child, 0, 0};
    assert_int_equal(store_agency_iter(s, agency_cb, &cc, &err), 0);
    assert_int_equal(cc.found, 1);

    /* accounts: the store gives the id */
    store_account acc = {0, key("user-", -1), "analyst", child, NULL, 0, 0, 0, 1000, 1000, NULL};
    assert_int_equal(store_account_insert(s, &acc, &err), 0);
    assert_true(acc.id > 0);
    assert_int_equal(store_account_insert(s, &acc, &err), GISAC_EEXIST);
    store_account bad = {0,   key("user2-", -1), "analyst", key("nope-", -1), NULL, 0, 0, 0, 1, 1,
                         NULL};
    assert_int_equal(store_account_insert(s, &bad, &err), GISAC_EINVAL);
    store_account ga;
    assert_int_equal(store_account_get(s, acc.name, &ga, a, &err), 0);
    assert_int_equal(ga.id, acc.id);
    assert_string_equal(ga.agency, child);
    assert_null(ga.password_hash);
    assert_int_equal(store_account_set_password(s, acc.id, "$argon2id$x", 3000, &err), 0);
    assert_int_equal(store_account_set_logins(s, acc.id, 3, 5000, &err), 0);
    assert_int_equal(store_account_get_id(s, acc.id, &ga, a, &err), 0);
    assert_string_equal(ga.password_hash, "$argon2id$x");
    assert_int_equal(ga.failed_logins, 3);
    assert_int_equal(ga.locked_until, 5000);
    assert_int_equal(ga.modified, 3000);
    assert_int_equal(store_account_set_disabled(s, acc.id, 1, 4000, &err), 0);
    assert_int_equal(store_account_get_id(s, acc.id, &ga, a, &err), 0);
    assert_int_equal(ga.disabled, 1);
    assert_int_equal(store_account_set_disabled(s, INT64_MAX, 1, 4000, &err), GISAC_ENOTFOUND);

    /* tokens */
    char tid[17];
    snprintf(tid, sizeof tid, "%016lx", strtoul(tag + 1, NULL, 16));
    store_token t = {tid, acc.id, NULL, "ci", "abcdef", 1000, 0, 0, 0};
    assert_int_equal(store_token_insert(s, &t, &err), 0);
    assert_int_equal(store_token_insert(s, &t, &err), GISAC_EEXIST);
    store_token gt;
    store_account owner;
    assert_int_equal(store_token_auth(s, tid, &gt, &owner, a, &err), 0);
    assert_string_equal(gt.account_name, acc.name);
    assert_int_equal(owner.id, acc.id);
    assert_int_equal(store_token_touch(s, tid, 7000, &err), 0);
    assert_int_equal(store_token_revoke(s, tid, &err), 0);
    assert_int_equal(store_token_get(s, tid, &gt, a, &err), 0);
    assert_int_equal(gt.last_used, 7000);
    assert_int_equal(gt.revoked, 1);
    assert_int_equal(store_token_revoke(s, "ffffffffffffffff0", &err), GISAC_ENOTFOUND);
    count_ctx tc = {tid, 0, 0};
    assert_int_equal(store_token_iter(s, acc.id, token_cb, &tc, &err), 0);
    assert_int_equal(tc.found, 1);
    assert_int_equal(tc.total, 1);
    /* a last use inside a read snapshot is written when the snapshot ends,
     * so that the snapshot never takes the write lock */
    assert_int_equal(store_read_begin(s, &err), 0);
    assert_int_equal(store_token_touch(s, tid, 8000, &err), 0);
    assert_int_equal(store_token_get(s, tid, &gt, a, &err), 0);
    assert_int_equal(gt.last_used, 7000);
    store_read_end(s);
    assert_int_equal(store_token_get(s, tid, &gt, a, &err), 0);
    assert_int_equal(gt.last_used, 8000);
    gisac_arena_free(a);
}

/* ---- incidents and their numbers ----------------------------------------------- */

static int name_incident(void *ctx, store_incident *in, gisac_err *err)
{
    (void)err;
    snprintf(ctx, 32, "INC-%04d-%06lld", in->year, (long long)in->seq);
    in->ref = ctx;
    return 0;
}

static store_incident incident_row(int year)
{
    store_incident in;
    memset(&in, 0, sizeof in);
    in.year = year;
    in.agency = key("ag-", -1);
    in.title = "conformance";
    in.category = "other";
    in.asset = "general";
    in.confidentiality = in.integrity = in.availability = "none";
    in.level = in.level_computed = 1;
    in.policy_version = (int)policy_version;
    in.status = "reported";
    in.aware_at = in.report_clock = in.created = in.modified = 1000;
    in.created_by = "test";
    return in;
}

/* Insert an incident of year; its seq (0 on failure, with err set). */
static int64_t new_incident(store *s, int year, char ref[32], gisac_err *err)
{
    store_incident in = incident_row(year);
    if (store_incident_insert(s, &in, name_incident, ref, err) < 0)
        return 0;
    return in.seq;
}

typedef struct seqs {
    int year;
    int64_t *v;
    size_t n, cap;
} seqs;

static int seq_cb(void *ctx, const store_incident *in)
{
    seqs *q = ctx;
    if (in->year != q->year)
        return 1; /* past the year: done */
    if (q->n == q->cap) {
        q->cap = q->cap ? 2 * q->cap : 64;
        q->v = realloc(q->v, q->cap * sizeof *q->v);
        assert_non_null(q->v);
    }
    q->v[q->n++] = in->seq;
    char want[32];
    snprintf(want, sizeof want, "INC-%04d-%06lld", in->year, (long long)in->seq);
    assert_string_equal(in->ref, want);
    return 0;
}

/* Every incident number of year, in order, must be 1 .. n; returns n. */
static size_t check_gap_free(store *s, int year)
{
    seqs q = {year, NULL, 0, 0};
    store_incident_filter f;
    memset(&f, 0, sizeof f);
    f.after_year = year;
    f.after_seq = 0;
    gisac_err err;
    assert_int_equal(store_incident_iter(s, &f, seq_cb, &q, &err), 0);
    for (size_t i = 0; i < q.n; i++)
        if (q.v[i] != (int64_t)i + 1)
            fail_msg("year %d: incident number %zu is %lld", year, i + 1, (long long)q.v[i]);
    free(q.v);
    return q.n;
}

static void test_incidents(void **state)
{
    store *s = *state;
    gisac_err err;
    gisac_arena *a = gisac_arena_new(4096);
    int y = year0 + 1;
    char ref[32];
    assert_int_equal(new_incident(s, y, ref, &err), 1);
    assert_int_equal(new_incident(s, y, ref, &err), 2);
    assert_int_equal(new_incident(s, y + 1, ref, &err), 1);
    assert_int_equal(new_incident(s, y, ref, &err), 3);
    char want[32];
    snprintf(want, sizeof want, "INC-%04d-%06d", y, 3);
    assert_string_equal(ref, want); /* named by name_incident from the number */

    /* a failed insert (no such agency) takes no number */
    store_incident bad = incident_row(y);
    bad.agency = key("nope-", -1);
    assert_int_equal(store_incident_insert(s, &bad, name_incident, ref, &err), GISAC_EINVAL);
    /* nor does one rolled back */
    assert_int_equal(store_begin(s, &err), 0);
    assert_int_equal(new_incident(s, y, ref, &err), 4);
    store_rollback(s);
    assert_int_equal(new_incident(s, y, ref, &err), 4);
    assert_int_equal(check_gap_free(s, y), 4);
    assert_int_equal(check_gap_free(s, y + 1), 1);

    /* get, update */
    snprintf(want, sizeof want, "INC-%04d-%06d", y, 2);
    store_incident in;
    assert_int_equal(store_incident_get(s, want, &in, a, &err), 0);
    assert_int_equal(in.seq, 2);
    assert_int_equal(in.year, y);
    in.status = "closed";
    in.closed_at = 5000;
    in.modified = 5000;
    assert_int_equal(store_incident_update(s, &in, &err), 0);
    store_incident again;
    assert_int_equal(store_incident_get(s, want, &again, a, &err), 0);
    assert_string_equal(again.status, "closed");
    assert_int_equal(again.closed_at, 5000);
    assert_int_equal(store_incident_get(s, "INC-0000-000000", &again, a, &err), GISAC_ENOTFOUND);

    /* events once per dedup key, breaches and links once */
    store_incident_event ev = {0, 1000, in.id, NULL, in.agency, "incident.new", "{}", 0};
    int added = 0;
    assert_int_equal(store_incident_event_add(s, &ev, key("ev-", -1), &added, &err), 0);
    assert_int_equal(added, 1);
    assert_int_equal(ev.n, 1); /* numbered within its incident */
    assert_int_equal(store_incident_event_add(s, &ev, key("ev-", -1), &added, &err), 0);
    assert_int_equal(added, 0);
    ev.n = 0;
    assert_int_equal(store_incident_event_add(s, &ev, NULL, &added, &err), 0);
    assert_int_equal(added, 1);
    assert_int_equal(ev.n, 2);
    assert_int_equal(store_breach_add(s, in.id, "report", 2000, 2100, &added, &err), 0);
    assert_int_equal(added, 1);
    assert_int_equal(store_breach_add(s, in.id, "report", 2000, 2200, &added, &err), 0);
    assert_int_equal(added, 0);
    assert_int_equal(store_incident_link_add(s, in.id, "indicator", "x", 1000, &added, &err), 0);
    assert_int_equal(added, 1);
    assert_int_equal(store_incident_link_add(s, in.id, "indicator", "x", 1000, &added, &err), 0);
    assert_int_equal(added, 0);

    /* evidence: numbered per incident */
    store_evidence e;
    memset(&e, 0, sizeof e);
    e.incident_id = in.id;
    e.kind = "evidence";
    e.sha256 = "00";
    e.acquired_by = e.custodian = "test";
    e.acquired_at = e.created = 1000;
    assert_int_equal(store_evidence_insert(s, &e, &err), 0);
    assert_int_equal(e.n, 1);
    assert_int_equal(store_evidence_insert(s, &e, &err), 0);
    assert_int_equal(e.n, 2);
    store_evidence got;
    assert_int_equal(store_evidence_get(s, in.id, 2, &got, a, &err), 0);
    assert_int_equal(got.id, e.id);
    assert_string_equal(got.ref, want);

    /* policies: the next version */
    store_policy p = {0, "{\"v\":2}", "01", "conformance", NULL, 2000};
    assert_int_equal(store_policy_insert(s, &p, &err), 0);
    assert_true(p.version > policy_version);
    store_policy gp;
    assert_int_equal(store_policy_get(s, p.version, &gp, a, &err), 0);
    assert_string_equal(gp.body, "{\"v\":2}");
    gisac_arena_free(a);
}

/* ---- advisories -------------------------------------------------------------- */

static int name_advisory(void *ctx, store_advisory *adv, gisac_err *err)
{
    (void)err;
    char *buf = ctx; /* ref at 0, STIX id at 64 */
    snprintf(buf, 64, "%s-%04d-%04lld", tag, adv->year, (long long)adv->seq);
    snprintf(buf + 64, 96, "report--%s-%04d-%04lld", tag, adv->year, (long long)adv->seq);
    adv->ref = buf;
    adv->stix_id = buf + 64;
    return 0;
}

static int hist_cb(void *ctx, const store_advisory_hist *h)
{
    int *n = ctx;
    (*n)++;
    assert_int_equal(h->revision, *n);
    return 0;
}

static void test_advisories(void **state)
{
    store *s = *state;
    gisac_err err;
    gisac_arena *a = gisac_arena_new(4096);
    char names[3][160];
    store_advisory adv[3];
    for (int i = 0; i < 3; i++) {
        memset(&adv[i], 0, sizeof adv[i]);
        adv[i].year = year0 + 3;
        adv[i].published = 1000;
        assert_int_equal(store_advisory_insert(s, &adv[i], name_advisory, names[i], &err), 0);
        assert_int_equal(adv[i].seq, i + 1);
        assert_true(adv[i].id > 0);
    }
    store_indicator ind = indicator(key("adv.", -1));
    assert_int_equal(store_indicator_insert(s, &ind, &err), 0);
    assert_int_equal(
        store_advisory_vuln_add(s, "CVE-2024-0001", key("vulnerability--", -1), 1000, &err), 0);
    const char *cves[] = {"CVE-2024-0001"};
    const char *recipients[] = {key("ag-", -1)};
    store_advisory r = adv[0];
    r.revision = 1;
    r.title = "first";
    r.severity = "high";
    r.tlp = TLP_AMBER;
    r.body = "text";
    r.lang = "en";
    r.author = "test";
    r.rev_published = 1000;
    assert_int_equal(
        store_advisory_revision_insert(s, &r, &ind.id, 1, cves, 1, recipients, 1, &err), 0);
    r.revision = 2;
    r.title = "second";
    r.rev_published = 2000;
    assert_int_equal(store_advisory_revision_insert(s, &r, NULL, 0, NULL, 0, NULL, 0, &err), 0);
    store_advisory got;
    assert_int_equal(store_advisory_get(s, adv[0].ref, 0, &got, a, &err), 0);
    assert_int_equal(got.revision, 2);
    assert_int_equal(got.latest, 2);
    assert_string_equal(got.title, "second");
    assert_int_equal(store_advisory_get(s, adv[0].ref, 1, &got, a, &err), 0);
    assert_string_equal(got.title, "first");
    assert_int_equal(store_advisory_get(s, adv[0].ref, 3, &got, a, &err), GISAC_ENOTFOUND);
    int n = 0;
    assert_int_equal(store_advisory_history(s, adv[0].id, hist_cb, &n, &err), 0);
    assert_int_equal(n, 2);
    /* a CVE must be known, a recipient an agency */
    r.revision = 3;
    const char *unknown[] = {"CVE-1999-9999"};
    assert_int_equal(store_advisory_revision_insert(s, &r, NULL, 0, unknown, 1, NULL, 0, &err),
                     GISAC_EINVAL);
    /* all or nothing: no revision 3 */
    n = 0;
    assert_int_equal(store_advisory_history(s, adv[0].id, hist_cb, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(store_advisory_get(s, adv[0].ref, 0, &got, a, &err), 0);
    assert_int_equal(got.revision, 2);
    gisac_arena_free(a);
}

/* ---- notifications ----------------------------------------------------------- */

typedef struct deliveries {
    int64_t sub;
    int64_t id[8];
    char status[8][16];
    size_t n;
} deliveries;

static int delivery_cb(void *ctx, const store_notify_delivery *d)
{
    deliveries *v = ctx;
    if (d->sub_id != v->sub || v->n == 8)
        return 0;
    v->id[v->n] = d->id;
    snprintf(v->status[v->n++], sizeof v->status[0], "%s", d->status);
    return 0;
}

static void test_notify(void **state)
{
    store *s = *state;
    gisac_err err;
    store_notify_sub sub = {
        0, "webhook", "https://hooks.example/x", "k", key("ag-", -1), NULL, 1000, NULL, NULL};
    const char *events[] = {"incident.new", "advisory.published"};
    assert_int_equal(store_notify_sub_add(s, &sub, events, 2, &err), 0);
    assert_true(sub.id > 0);
    int64_t queued = 0;
    assert_int_equal(store_notify_enqueue(s, "incident.new", key("ag-", -1), NULL, 0, "subject",
                                          "{}", NULL, 1000, NULL, NULL, &queued, &err),
                     0);
    assert_true(queued >= 1);
    /* another agency's event is not for it, nor an event it did not ask for */
    assert_int_equal(store_notify_enqueue(s, "incident.new", key("other-", -1), NULL, 0, "s", "{}",
                                          NULL, 1000, NULL, NULL, NULL, &err),
                     0);
    assert_int_equal(store_notify_enqueue(s, "indicator.new", key("ag-", -1), NULL, 0, "s", "{}",
                                          NULL, 1000, NULL, NULL, NULL, &err),
                     0);
    deliveries d = {sub.id, {0}, {{0}}, 0};
    assert_int_equal(store_notify_due(s, 1000, 0, delivery_cb, &d, &err), 0);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.status[0], "pending");
    int64_t id = d.id[0];
    store_notify_attempt at = {id, 1, 1100, 0, 500, "server error", NULL, NULL, NULL, NULL};
    assert_int_equal(store_notify_attempt_add(s, &at, "pending", 1200, &err), 0);
    memset(&d, 0, sizeof d);
    d.sub = sub.id;
    assert_int_equal(store_notify_due(s, 1100, 0, delivery_cb, &d, &err), 0);
    assert_int_equal(d.n, 0); /* due again at 1200 */
    assert_int_equal(store_notify_due(s, 1200, 0, delivery_cb, &d, &err), 0);
    assert_int_equal(d.n, 1);
    /* removing the subscription cancels what is pending */
    int64_t cancelled = 0;
    assert_int_equal(store_notify_sub_remove(s, sub.id, 1300, &cancelled, &err), 0);
    assert_int_equal(cancelled, 1);
    memset(&d, 0, sizeof d);
    d.sub = sub.id;
    assert_int_equal(store_notify_delivery_iter(s, NULL, delivery_cb, &d, &err), 0);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.status[0], "cancelled");
    assert_int_equal(store_notify_sub_remove(s, sub.id, 1300, &cancelled, &err), GISAC_ENOTFOUND);
}

/* ---- the audit chain --------------------------------------------------------- */

typedef struct chain {
    char prev[65];
    int64_t last_seq, entries, mine;
    char bad[200];
} chain;

static int chain_cb(void *ctx, const store_audit_entry *e)
{
    chain *c = ctx;
    char h[65];
    store_audit_hash(e, h);
    if (!c->bad[0] && e->seq != c->last_seq + 1)
        snprintf(c->bad, sizeof c->bad, "entry %lld follows %lld", (long long)e->seq,
                 (long long)c->last_seq);
    else if (!c->bad[0] && strcmp(e->prev_hash, c->prev) != 0)
        snprintf(c->bad, sizeof c->bad, "entry %lld: prev_hash is not entry %lld's hash",
                 (long long)e->seq, (long long)c->last_seq);
    else if (!c->bad[0] && strcmp(e->hash, h) != 0)
        snprintf(c->bad, sizeof c->bad, "entry %lld: hash mismatch", (long long)e->seq);
    snprintf(c->prev, sizeof c->prev, "%s", e->hash);
    c->last_seq = e->seq;
    c->entries++;
    c->mine += e->object && strncmp(e->object, tag, strlen(tag)) == 0;
    return 0;
}

/* Verify the whole chain by recomputing every hash; the entries of this run. */
static int64_t verify_chain(store *s, int64_t *entries)
{
    chain c;
    memset(&c, 0, sizeof c);
    memset(c.prev, '0', 64);
    gisac_err err;
    assert_int_equal(store_audit_iter(s, 0, chain_cb, &c, &err), 0);
    if (c.bad[0])
        fail_msg("audit chain: %s", c.bad);
    if (entries)
        *entries = c.entries;
    return c.mine;
}

static void test_audit_log(void **state)
{
    store *s = *state;
    gisac_err err;
    int64_t before = verify_chain(s, NULL);
    store_set_actor(s, "cli:conformance");
    assert_string_equal(store_actor(s), "cli:conformance");
    for (int i = 0; i < 5; i++)
        assert_int_equal(
            store_audit_append(s, 1000 + i, "conformance.test", key("", i), "{\"i\":1}", &err), 0);
    /* in a transaction of the caller's, with a write */
    assert_int_equal(store_begin(s, &err), 0);
    assert_int_equal(store_meta_set(s, key("meta-", -1), "1", &err), 0);
    assert_int_equal(store_audit_append(s, 2000, "conformance.tx", key("", 9), NULL, &err), 0);
    assert_int_equal(store_commit(s, &err), 0);
    assert_int_equal(store_audit_append(s, 2000, "", NULL, NULL, &err), GISAC_EINVAL);
    assert_int_equal(verify_chain(s, NULL), before + 6);
    store_set_actor(s, NULL);
    assert_string_equal(store_actor(s), "system");
}

/* ---- transactions ------------------------------------------------------------ */

static void test_rollback(void **state)
{
    store *s = *state;
    gisac_err err;
    gisac_arena *a = gisac_arena_new(4096);
    int64_t entries0, entries1;
    verify_chain(s, &entries0);
    int64_t gen0 = 0, gen1 = 0;
    assert_int_equal(store_share_version(s, &gen0, &err), 0);
    assert_int_equal(store_begin(s, &err), 0);
    assert_true(store_tx_open(s));
    store_indicator ind = indicator(key("rb.", -1));
    assert_int_equal(store_indicator_insert(s, &ind, &err), 0);
    store_indicator many[2] = {indicator(key("rb.", 1)), indicator(key("rb.", 2))};
    assert_int_equal(store_indicator_insert_many(s, many, 2, &err), 0);
    store_agency ag = {key("agrb-", -1), "Rolled back", NULL, "A", NULL, 1000, 1000, NULL};
    assert_int_equal(store_agency_insert(s, &ag, &err), 0);
    char ref[32];
    assert_int_equal(new_incident(s, year0 + 5, ref, &err), 1);
    assert_int_equal(store_audit_append(s, 1000, "conformance.rollback", key("", -1), NULL, &err),
                     0);
    assert_int_equal(store_meta_set(s, key("rb-", -1), "x", &err), 0);
    store_rollback(s);
    assert_false(store_tx_open(s));

    store_indicator f;
    assert_int_equal(store_indicator_find(s, IOC_DOMAIN, key("rb.", -1), &f, a, &err),
                     GISAC_ENOTFOUND);
    assert_int_equal(store_indicator_find(s, IOC_DOMAIN, key("rb.", 2), &f, a, &err),
                     GISAC_ENOTFOUND);
    store_agency g;
    assert_int_equal(store_agency_get(s, key("agrb-", -1), &g, a, &err), GISAC_ENOTFOUND);
    store_incident in;
    assert_int_equal(store_incident_get(s, ref, &in, a, &err), GISAC_ENOTFOUND);
    char v[8];
    assert_int_equal(store_meta_get(s, key("rb-", -1), v, sizeof v, &err), GISAC_ENOTFOUND);
    verify_chain(s, &entries1);
    assert_int_equal(entries1, entries0);
    assert_int_equal(store_share_version(s, &gen1, &err), 0);
    assert_int_equal(gen1, gen0);
    /* and the numbers were given back */
    assert_int_equal(new_incident(s, year0 + 5, ref, &err), 1);
    /* a committed shared write moves the share generation */
    assert_int_equal(store_indicator_insert(s, &ind, &err), 0);
    assert_int_equal(store_share_version(s, &gen1, &err), 0);
    assert_true(gen1 > gen0);
    gisac_arena_free(a);
}

/* ---- no callback re-enters the store while a statement is open ----------------- */

typedef struct reenter {
    store *s;
    int rc, calls;
    char msg[GISAC_ERR_MSG];
} reenter;

static int reenter_agency(void *ctx, const store_agency *ag)
{
    reenter *r = ctx;
    gisac_err err;
    gisac_arena *a = gisac_arena_new(1024);
    store_agency again;
    r->calls++;
    r->rc = store_agency_get(r->s, ag->id, &again, a, &err);
    if (r->rc < 0)
        snprintf(r->msg, sizeof r->msg, "%s", err.msg);
    gisac_arena_free(a);
    return 1;
}

static int reenter_incident(void *ctx, const store_incident *in)
{
    reenter *r = ctx;
    gisac_err err;
    gisac_arena *a = gisac_arena_new(1024);
    store_incident again;
    r->calls++;
    r->rc = store_incident_get(r->s, in->ref, &again, a, &err);
    gisac_arena_free(a);
    return r->rc;
}

static int reenter_audit(void *ctx, const store_audit_entry *e)
{
    reenter *r = ctx;
    gisac_err err;
    char v[16];
    r->calls++;
    r->rc = store_meta_get(r->s, key("none-", -1), v, sizeof v, &err);
    return e->seq >= 3; /* a few are enough */
}

static void test_reenter(void **state)
{
    store *s = *state;
    gisac_err err;
    /* an iteration that streams: a store call from its callback fails */
    reenter r = {s, 0, 0, ""};
    assert_int_equal(store_agency_iter(s, reenter_agency, &r, &err), 0);
    assert_int_equal(r.calls, 1);
    assert_int_equal(r.rc, GISAC_ESTORE);
    assert_string_equal(r.msg, "store re-entered from a callback");
    /* and the store is usable again after it */
    gisac_arena *a = gisac_arena_new(1024);
    store_agency ag;
    assert_int_equal(store_agency_get(s, key("ag-", -1), &ag, a, &err), 0);
    gisac_arena_free(a);

    /* iterations that read their rows first allow it (store_incident_iter, store_audit_iter) */
    char ref[32];
    assert_true(new_incident(s, year0 + 6, ref, &err) > 0);
    memset(&r, 0, sizeof r);
    r.s = s;
    store_incident_filter f;
    memset(&f, 0, sizeof f);
    f.agency = key("ag-", -1);
    assert_int_equal(store_incident_iter(s, &f, reenter_incident, &r, &err), 0);
    assert_true(r.calls > 1);
    assert_int_equal(r.rc, 0);
    memset(&r, 0, sizeof r);
    r.s = s;
    assert_int_equal(store_audit_iter(s, 0, reenter_audit, &r, &err), 0);
    assert_int_equal(r.rc, GISAC_ENOTFOUND); /* the meta key is absent: but it was read */
}

/* ---- two processes writing at once ------------------------------------------- */

#define PER_PROCESS 200

/* Retry what the store answers "busy" or "locked" (a loaded machine). */
static int busy(int rc, const gisac_err *err)
{
    return rc == GISAC_ESTORE && (strstr(err->msg, "locked") || strstr(err->msg, "busy"));
}

/* One writer: PER_PROCESS incidents and audit entries, half in transactions of its own. */
static int writer(int who, int year)
{
    store *s;
    gisac_err err;
    if (store_open(uri, &s, &err) < 0)
        return 10;
    char actor[32];
    snprintf(actor, sizeof actor, "proc:%d", who);
    store_set_actor(s, actor);
    int rc = 0;
    for (int i = 0; rc == 0 && i < PER_PROCESS; i++) {
        for (int tries = 0; tries < 50; tries++) {
            char ref[32];
            store_incident in = incident_row(year);
            if (i % 2) {
                rc = store_begin(s, &err);
                if (rc == 0)
                    rc = store_incident_insert(s, &in, name_incident, ref, &err);
                if (rc == 0)
                    rc = store_audit_append(s, 1000 + i, "conformance.fork", key("", who), ref,
                                            &err);
                if (rc == 0)
                    rc = store_commit(s, &err);
                else
                    store_rollback(s);
            } else {
                rc = store_incident_insert(s, &in, name_incident, ref, &err);
                if (rc == 0)
                    rc = store_audit_append(s, 1000 + i, "conformance.fork", key("", who), ref,
                                            &err);
            }
            if (!busy(rc, &err))
                break;
            struct timespec pause = {0, 1000000};
            nanosleep(&pause, NULL);
        }
    }
    if (rc < 0)
        fprintf(stderr, "writer %d: %s\n", who, err.msg);
    store_close(s);
    return rc < 0 ? 1 : 0;
}

static void test_two_processes(void **state)
{
    store *s = *state;
    int year = year0 + 7;
    int64_t mine0 = verify_chain(s, NULL);
    fflush(NULL);
    pid_t pid[2];
    for (int w = 0; w < 2; w++) {
        pid[w] = fork();
        assert_true(pid[w] >= 0);
        if (pid[w] == 0)
            _exit(writer(w, year)); /* never returns into cmocka */
    }
    for (int w = 0; w < 2; w++) {
        int status = 0;
        assert_int_equal(waitpid(pid[w], &status, 0), pid[w]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    /* unique and gap-free numbers, and a chain that verifies */
    assert_int_equal(check_gap_free(s, year), 2 * PER_PROCESS);
    assert_int_equal(verify_chain(s, NULL), mine0 + 2 * PER_PROCESS);
}

TEST_MAIN_GROUP(setup, teardown, group_setup, group_teardown, TEST_CASE(test_indicators),
                TEST_CASE(test_auth), TEST_CASE(test_incidents), TEST_CASE(test_advisories),
                TEST_CASE(test_notify), TEST_CASE(test_audit_log), TEST_CASE(test_rollback),
                TEST_CASE(test_reenter), TEST_CASE(test_two_processes))
