/*
 * test_store_cache.c: the statements kept in the handle (reused after
 * writes, nested use), read snapshots, keyset pages (every row once, in
 * the order of store_indicator_iter, across types) and the covering-cidr
 * lookup (against a brute-force check, with lengths added later).
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
#include <unistd.h>

static char dbpath[64];

static int setup(void **state)
{
    return test_store_setup(state, dbpath, sizeof dbpath, "/tmp/gisac-stc-XXXXXX");
}

static int teardown(void **state)
{
    return test_store_teardown(state, dbpath);
}

/* Insert (t, v) with its range when it has one; returns the id. */
static int64_t add(store *s, ioc_type t, const char *v, gisac_tlp tlp)
{
    store_indicator i = test_indicator(t, v, 1000);
    i.tlp = tlp;
    return test_indicator_add(s, &i, 1);
}

/* ---- kept statements ---------------------------------------------------- */

typedef struct names {
    char buf[512];
    store *s;
    int64_t inner; /* when set: list this indicator's sources inside each callback */
} names;

static int src_cb(void *ctx, const store_sighting_source *src)
{
    names *n = ctx;
    size_t l = strlen(n->buf);
    snprintf(n->buf + l, sizeof n->buf - l, "%s%s", l ? "," : "", src->name);
    if (n->inner) {
        names in = {"", NULL, 0};
        gisac_err err;
        assert_int_equal(store_indicator_sources(n->s, n->inner, src_cb, &in, &err), 0);
        l = strlen(n->buf);
        snprintf(n->buf + l, sizeof n->buf - l, "[%s]", in.buf);
    }
    return 0;
}

static void test_kept_statements(void **state)
{
    store *s = *state;
    gisac_err err;
    int64_t a = add(s, IOC_DOMAIN, "a.example", TLP_AMBER);
    int64_t b = add(s, IOC_DOMAIN, "b.example", TLP_AMBER);
    int64_t x, y;
    assert_int_equal(store_source_id(s, "feed-x", 1000, &x, &err), 0);
    assert_int_equal(store_source_id(s, "feed-y", 1000, &y, &err), 0);
    assert_int_equal(store_indicator_source_touch(s, a, x, 1000, 1000, 1, &err), 0);

    names n = {"", s, 0};
    assert_int_equal(store_indicator_sources(s, a, src_cb, &n, &err), 0);
    assert_string_equal(n.buf, "feed-x");
    /* the same kept statement after a write sees the write */
    assert_int_equal(store_indicator_source_touch(s, a, y, 1000, 1000, 1, &err), 0);
    n.buf[0] = '\0';
    assert_int_equal(store_indicator_sources(s, a, src_cb, &n, &err), 0);
    assert_string_equal(n.buf, "feed-x,feed-y");
    n.buf[0] = '\0';
    assert_int_equal(store_indicator_sources(s, b, src_cb, &n, &err), 0);
    assert_string_equal(n.buf, "");

    /* nested: a callback of the statement's own iteration uses it again */
    assert_int_equal(store_indicator_source_touch(s, b, y, 1000, 1000, 1, &err), 0);
    n.buf[0] = '\0';
    n.inner = b;
    assert_int_equal(store_indicator_sources(s, a, src_cb, &n, &err), 0);
    assert_string_equal(n.buf, "feed-x[feed-y],feed-y[feed-y]");
    n.inner = 0;
    n.buf[0] = '\0';
    assert_int_equal(store_indicator_sources(s, a, src_cb, &n, &err), 0);
    assert_string_equal(n.buf, "feed-x,feed-y");

    /* recipients: kept statements, after writes */
    int yes = 1;
    assert_int_equal(store_recipient_has(s, a, "moda", &yes, &err), 0);
    assert_int_equal(yes, 0);
    assert_int_equal(store_recipient_add(s, a, "moda", &err), 0);
    assert_int_equal(store_recipient_has(s, a, "moda", &yes, &err), 0);
    assert_int_equal(yes, 1);
    assert_int_equal(store_recipient_has(s, b, "moda", &yes, &err), 0);
    assert_int_equal(yes, 0);

    /* a read snapshot: several reads, nested begin/end, then writes again */
    assert_int_equal(store_read_begin(s, &err), 0);
    assert_int_equal(store_read_begin(s, &err), 0);
    assert_int_equal(store_recipient_has(s, a, "moda", &yes, &err), 0);
    assert_int_equal(yes, 1);
    store_read_end(s);
    n.buf[0] = '\0';
    assert_int_equal(store_indicator_sources(s, a, src_cb, &n, &err), 0);
    assert_string_equal(n.buf, "feed-x,feed-y");
    store_read_end(s);
    assert_int_equal(store_recipient_add(s, b, "moda", &err), 0);
    assert_int_equal(store_recipient_has(s, b, "moda", &yes, &err), 0);
    assert_int_equal(yes, 1);
    /* inside a write transaction the snapshot calls do nothing */
    assert_int_equal(store_begin(s, &err), 0);
    assert_int_equal(store_read_begin(s, &err), 0);
    store_read_end(s);
    assert_int_equal(store_recipient_add(s, b, "cga", &err), 0);
    assert_int_equal(store_commit(s, &err), 0);
    assert_int_equal(store_recipient_has(s, b, "cga", &yes, &err), 0);
    assert_int_equal(yes, 1);
}

/* ---- keyset pages ------------------------------------------------------ */

typedef struct rows {
    char **v;
    size_t n;
} rows;

static int row_cb(void *ctx, const store_indicator *ind)
{
    rows *r = ctx;
    r->v = realloc(r->v, (r->n + 1) * sizeof *r->v);
    assert_non_null(r->v);
    char b[300];
    snprintf(b, sizeof b, "%s\t%s", ioc_type_name(ind->type), ind->value);
    r->v[r->n++] = strdup(b);
    return 0;
}

static void rows_free(rows *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->v[i]);
    free(r->v);
    r->v = NULL;
    r->n = 0;
}

typedef struct pager {
    rows *out;
    char last[300];
    size_t got;
} pager;

static int page_cb(void *ctx, const store_indicator *ind)
{
    pager *p = ctx;
    row_cb(p->out, ind);
    snprintf(p->last, sizeof p->last, "%s", ind->value);
    p->got++;
    return 0;
}

/* Walk every type in pages of limit; the rows into out. */
static void walk(store *s, const store_filter *base, size_t limit, rows *out)
{
    gisac_err err;
    for (int t = 0; t < IOC_TYPE_COUNT; t++) {
        store_filter f = *base;
        f.type = (ioc_type)t;
        pager p = {out, "", 0};
        const char *after = NULL;
        for (int guard = 0; guard < 10000; guard++) {
            p.got = 0;
            assert_int_equal(store_indicator_page(s, &f, after, limit, page_cb, &p, &err), 0);
            assert_true(p.got <= limit);
            if (p.got < limit)
                break;
            after = p.last;
        }
    }
}

static void test_pages(void **state)
{
    store *s = *state;
    gisac_err err;
    /* values that are prefixes of each other, equal values of different
     * types' neighbours, a type with one row, types with none */
    const char *doms[] = {"a.test", "a.test.x", "a.tesu",   "b.test", "aa.test", "a-b.test",
                          "z.test", "m.test",   "a.test.y", "c.test", "d.test",  "e.test"};
    for (size_t i = 0; i < sizeof doms / sizeof *doms; i++)
        add(s, IOC_DOMAIN, doms[i], i % 3 ? TLP_GREEN : TLP_RED);
    char v[64];
    for (int i = 0; i < 37; i++) {
        snprintf(v, sizeof v, "198.51.100.%d", i);
        add(s, IOC_IPV4, v, TLP_GREEN);
    }
    add(s, IOC_CIDR, "198.51.100.0/24", TLP_GREEN);
    add(s, IOC_EMAIL, "x@a.test", TLP_CLEAR);
    add(s, IOC_MD5, "d41d8cd98f00b204e9800998ecf8427e", TLP_AMBER);

    store_filter all = STORE_FILTER_ALL;
    rows want = {NULL, 0};
    assert_int_equal(store_indicator_iter(s, &all, row_cb, &want, &err), 0);
    assert_int_equal(want.n, 12 + 37 + 3);
    for (size_t limit = 1; limit <= 14; limit++) {
        rows got = {NULL, 0};
        walk(s, &all, limit, &got);
        assert_int_equal(got.n, want.n);
        for (size_t i = 0; i < want.n; i++)
            assert_string_equal(got.v[i], want.v[i]);
        rows_free(&got);
    }
    rows_free(&want);

    /* with a filter: the viewer that reads green and below */
    store_filter green = STORE_FILTER_ALL;
    green.max_tlp = TLP_GREEN;
    assert_int_equal(store_indicator_iter(s, &green, row_cb, &want, &err), 0);
    assert_int_equal(want.n, 8 + 37 + 2);
    rows got = {NULL, 0};
    walk(s, &green, 3, &got);
    assert_int_equal(got.n, want.n);
    for (size_t i = 0; i < want.n; i++)
        assert_string_equal(got.v[i], want.v[i]);
    rows_free(&got);
    rows_free(&want);

    /* a page needs a type */
    assert_int_equal(store_indicator_page(s, &all, NULL, 5, row_cb, &got, &err), GISAC_EINVAL);
}

/* ---- covering cidrs ---------------------------------------------------- */

typedef struct brute {
    const char *lo, *hi;
    rows *out;
} brute;

static int brute_cb(void *ctx, const store_indicator *ind)
{
    brute *b = ctx;
    if (strcmp(ind->range_lo, b->lo) <= 0 && strcmp(ind->range_hi, b->hi) >= 0)
        row_cb(b->out, ind);
    return 0;
}

/* The covering lookup agrees with a scan of every cidr, for value q. */
static void check_cover(store *s, ioc_type t, const char *q)
{
    char lo[33], hi[33];
    assert_int_equal(ioc_range_hex(t, q, lo, hi), 0);
    gisac_err err;
    rows want = {NULL, 0}, got = {NULL, 0};
    store_filter f = STORE_FILTER_ALL;
    f.type = IOC_CIDR;
    brute b = {lo, hi, &want};
    assert_int_equal(store_indicator_iter(s, &f, brute_cb, &b, &err), 0);
    assert_int_equal(store_indicator_covering(s, lo, hi, row_cb, &got, &err), 0);
    if (got.n != want.n)
        fail_msg("%s: %zu covering cidrs, want %zu", q, got.n, want.n);
    for (size_t i = 0; i < want.n; i++)
        assert_string_equal(got.v[i], want.v[i]);
    rows_free(&want);
    rows_free(&got);
}

TEST_COUNTER(count_cb, store_indicator)

static void test_covering(void **state)
{
    store *s = *state;
    const char *cidrs[] = {"10.0.0.0/8",        "10.1.0.0/16",       "10.1.2.0/24",
                           "10.1.2.128/25",     "10.1.2.3/32",       "0.0.0.0/0",
                           "203.0.113.0/24",    "2001:db8::/32",     "2001:db8:1::/48",
                           "::ffff:0.0.0.0/96", "2001:db8:1:2::/64", "192.0.2.0/28"};
    for (size_t i = 0; i < sizeof cidrs / sizeof *cidrs; i++) {
        char norm[IOC_VALUE_MAX];
        gisac_err err;
        assert_int_equal(ioc_normalise(IOC_CIDR, cidrs[i], strlen(cidrs[i]), norm, sizeof norm,
                                       NULL, NULL, &err),
                         0);
        add(s, IOC_CIDR, norm, TLP_GREEN);
    }
    add(s, IOC_IPV4, "10.1.2.3", TLP_GREEN); /* an address is never a covering cidr */
    const struct {
        ioc_type t;
        const char *q;
        int n;
    } qs[] = {
        {IOC_IPV4, "10.1.2.3", 6},      {IOC_IPV4, "10.1.2.4", 5},
        {IOC_IPV4, "10.1.2.200", 6},    {IOC_IPV4, "10.9.9.9", 3},
        {IOC_IPV4, "8.8.8.8", 2},       {IOC_IPV4, "192.0.2.15", 3},
        {IOC_IPV4, "192.0.2.16", 2},    {IOC_CIDR, "10.1.0.0/16", 4},
        {IOC_CIDR, "10.1.2.0/23", 4},   {IOC_IPV6, "2001:db8:1:2::5", 3},
        {IOC_IPV6, "2001:db8:2::1", 1}, {IOC_IPV6, "::1", 0},
        {IOC_CIDR, "2001:db8::/31", 0},
    };
    gisac_err err;
    for (size_t i = 0; i < sizeof qs / sizeof *qs; i++) {
        check_cover(s, qs[i].t, qs[i].q);
        char lo[33], hi[33];
        int n = 0;
        assert_int_equal(ioc_range_hex(qs[i].t, qs[i].q, lo, hi), 0);
        assert_int_equal(store_indicator_covering(s, lo, hi, count_cb, &n, &err), 0);
        if (n != qs[i].n)
            fail_msg("%s: %d covering cidrs, want %d", qs[i].q, n, qs[i].n);
    }
    /* a prefix length that was not there at the first lookup: found too */
    add(s, IOC_CIDR, "10.1.2.0/26", TLP_GREEN);
    add(s, IOC_CIDR, "2001:db8:1:2:3::/80", TLP_GREEN);
    check_cover(s, IOC_IPV4, "10.1.2.3");
    check_cover(s, IOC_IPV6, "2001:db8:1:2:3::9");
    char lo[33], hi[33];
    int n = 0;
    assert_int_equal(ioc_range_hex(IOC_IPV4, "10.1.2.3", lo, hi), 0);
    assert_int_equal(store_indicator_covering(s, lo, hi, count_cb, &n, &err), 0);
    assert_int_equal(n, 7);
    /* the same lookups from a second handle that saw none of it being written */
    store *s2;
    assert_int_equal(store_open(dbpath, &s2, &err), 0);
    n = 0;
    assert_int_equal(store_indicator_covering(s2, lo, hi, count_cb, &n, &err), 0);
    assert_int_equal(n, 7);
    add(s, IOC_CIDR, "10.1.2.0/30", TLP_GREEN); /* written by the first handle */
    n = 0;
    assert_int_equal(store_indicator_covering(s2, lo, hi, count_cb, &n, &err), 0);
    assert_int_equal(n, 8);
    store_close(s2);
    /* and the first handle itself */
    n = 0;
    assert_int_equal(store_indicator_covering(s, lo, hi, count_cb, &n, &err), 0);
    assert_int_equal(n, 8);
    assert_int_equal(store_indicator_covering(s, "xyz", hi, count_cb, &n, &err), GISAC_EINVAL);
}

TEST_MAIN(setup, teardown, TEST_CASE(test_kept_statements), TEST_CASE(test_pages),
          TEST_CASE(test_covering))
