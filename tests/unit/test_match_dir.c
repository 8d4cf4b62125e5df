/*
 * test_match_dir.c: an agency's networks and the direction of a sighting
 * (match_dir.c), and the evidence a record keeps (match_agg.c): the first
 * and last events verbatim, bounded, an event shown in several fields
 * kept once, hosts deduplicated and bounded, records kept apart by
 * direction, details merged back after a failed flush.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "match/match.h"

#include <stdio.h>
#include <string.h>

static match_dir dir(const match_nets *n, const char *type, const char *src, const char *dst,
                     const char *value, char hosts[2][MATCH_HOST_LEN], int *nh)
{
    return match_direction(n, type, strlen(type), src, strlen(src), dst, strlen(dst), value,
                           strlen(value), hosts, nh);
}

static void test_direction(void **state)
{
    (void)state;
    match_nets n;
    assert_int_equal(match_nets_parse("10.1.0.0/16,2001:db8:1::/48,192.0.2.7/32", &n), 0);
    assert_int_equal(n.n, 3);
    assert_true(match_nets_has(&n, "10.1.255.1", 10));
    assert_false(match_nets_has(&n, "10.2.0.1", 8));
    assert_true(match_nets_has(&n, "2001:db8:1:ffff::1", 18));
    assert_true(match_nets_has(&n, "192.0.2.7", 9));
    assert_false(match_nets_has(&n, "192.0.2.8", 9));
    assert_false(match_nets_has(&n, "not an address", 14));
    static const struct {
        int nets; /* 1: the agency's networks above, 0: none */
        const char *type, *src, *dst, *value;
        match_dir want;
        int nh;              /* the hosts it names, -1: not checked */
        const char *h0, *h1; /* the hosts, NULL: not checked */
    } cases[] = {
        /* the agency's host connects to the indicator */
        {1, "flow", "10.1.2.3", "198.51.100.7", "198.51.100.7", MATCH_DIR_OUTBOUND, 1, "10.1.2.3",
         NULL},
        /* the indicator's host reaches in */
        {1, "flow", "198.51.100.7", "10.1.2.3", "198.51.100.7", MATCH_DIR_INBOUND, 1, NULL, NULL},
        /* a DNS answer (server to client, both inside): the querying host is internal */
        {1, "dns", "10.1.0.53", "10.1.2.3", "c2.evil.example", MATCH_DIR_OUTBOUND, 2, NULL,
         "10.1.2.3"},
        /* a DNS query seen between two outside hosts */
        {1, "dns", "203.0.113.1", "203.0.113.53", "c2.evil.example", MATCH_DIR_INBOUND, 0, NULL,
         NULL},
        /* an IPv6 host of the agency, written in another form */
        {1, "tls", "2001:DB8:1:0::9", "2001:db8:bad::1", "2001:db8:bad::1", MATCH_DIR_OUTBOUND, -1,
         "2001:db8:1::9", NULL},
        /* no addresses, or no networks: unknown */
        {1, "syslog", "", "", "c2.evil.example", MATCH_DIR_UNKNOWN, -1, NULL, NULL},
        {0, "flow", "10.1.2.3", "198.51.100.7", "198.51.100.7", MATCH_DIR_UNKNOWN, 0, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char h[2][MATCH_HOST_LEN];
        int nh = -1;
        assert_int_equal(dir(cases[i].nets ? &n : NULL, cases[i].type, cases[i].src, cases[i].dst,
                             cases[i].value, h, &nh),
                         cases[i].want);
        if (cases[i].nh >= 0)
            assert_int_equal(nh, cases[i].nh);
        if (cases[i].h0)
            assert_string_equal(h[0], cases[i].h0);
        if (cases[i].h1)
            assert_string_equal(h[1], cases[i].h1);
    }
    match_nets_free(&n);
    assert_int_equal(match_nets_parse("", &n), 0);
    assert_int_equal(n.n, 0);
    match_nets_free(&n);
    match_dir d;
    assert_int_equal(match_dir_from_name("inbound", &d), 0);
    assert_int_equal(d, MATCH_DIR_INBOUND);
    assert_int_equal(match_dir_from_name("sideways", &d), GISAC_EINVAL);
    assert_string_equal(match_dir_name(MATCH_DIR_OUTBOUND), "outbound");
}

static void test_kept(void **state)
{
    (void)state;
    match_agg g = MATCH_AGG_INIT;
    char hosts[2][MATCH_HOST_LEN] = {"10.1.2.3", "10.1.0.53"};
    char line[64];
    for (int i = 0; i < 130; i++) {
        match_record r = {7, NULL, 1000 + i, 1000 + i, 1, TLP_GREEN, MATCH_DIR_OUTBOUND, NULL};
        snprintf(line, sizeof line, "event %d", i);
        assert_int_equal(match_agg_add_event(&g, &r, line, strlen(line), hosts, i % 2 + 1), 0);
        /* the same event, in another field: counted, kept once */
        assert_int_equal(match_agg_add_event(&g, &r, line, strlen(line), hosts, 1), 0);
    }
    match_record in = {7, NULL, 500, 500, 4, TLP_GREEN, MATCH_DIR_INBOUND, NULL};
    assert_int_equal(match_agg_add(&g, &in), 0);
    match_record *rows;
    size_t n;
    match_agg_take(&g, "moda", &rows, &n);
    assert_int_equal(n, 2); /* apart by direction */
    assert_int_equal(rows[0].direction, MATCH_DIR_OUTBOUND);
    assert_int_equal(rows[0].count, 260);
    assert_int_equal(rows[0].first, 1000);
    assert_int_equal(rows[0].last, 1129);
    const match_detail *d = rows[0].detail;
    assert_non_null(d);
    assert_int_equal(d->events, 260);
    assert_int_equal(d->nhosts, 2);
    assert_int_equal(d->nfirst, MATCH_EVENTS_KEPT);
    assert_string_equal(d->first[0].line, "event 0");
    assert_string_equal(d->first[49].line, "event 49");
    const match_kept *last[MATCH_EVENTS_KEPT];
    assert_int_equal(match_detail_last(d, last), MATCH_EVENTS_KEPT);
    assert_string_equal(last[0]->line, "event 80");
    assert_string_equal(last[49]->line, "event 129");
    assert_int_equal(last[49]->time, 1129);
    assert_int_equal(rows[1].direction, MATCH_DIR_INBOUND);
    assert_null(rows[1].detail);

    /* a failed flush puts them back: newer events merge after the older */
    match_record again = {7, NULL, 2000, 2000, 1, TLP_GREEN, MATCH_DIR_OUTBOUND, NULL};
    assert_int_equal(match_agg_add_event(&g, &again, "newer", 5, hosts, 1), 0);
    assert_int_equal(match_agg_add(&g, &rows[0]), 0);
    rows[0].detail = NULL;
    match_records_free(rows, n);
    match_agg_take(&g, "moda", &rows, &n);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].count, 261);
    assert_int_equal(rows[0].detail->events, 261);
    assert_string_equal(rows[0].detail->first[0].line, "event 0");
    assert_int_equal(match_detail_last(rows[0].detail, last), MATCH_EVENTS_KEPT);
    assert_string_equal(last[49]->line, "newer");
    assert_string_equal(last[48]->line, "event 129");
    match_records_free(rows, n);
    match_agg_free(&g);
}

/* a long line is cut at MATCH_EVENT_MAX bytes, on a UTF-8 boundary */
static void test_cut(void **state)
{
    (void)state;
    static char big[MATCH_EVENT_MAX + 100];
    memset(big, 'a', sizeof big);
    memcpy(big + MATCH_EVENT_MAX - 1, "\xe5\x8f\xb0", 3); /* 台 across the limit */
    match_agg g = MATCH_AGG_INIT;
    match_record r = {1, NULL, 1, 1, 1, TLP_GREEN, MATCH_DIR_OUTBOUND, NULL};
    assert_int_equal(match_agg_add_event(&g, &r, big, sizeof big, NULL, 0), 0);
    match_record *rows;
    size_t n;
    match_agg_take(&g, NULL, &rows, &n);
    assert_int_equal(strlen(rows[0].detail->first[0].line), MATCH_EVENT_MAX - 1);
    match_records_free(rows, n);
}

TEST_MAIN(NULL, NULL, TEST_CASE(test_direction), TEST_CASE(test_kept), TEST_CASE(test_cut))
