/* test_match_snapshot.c: the compiled indicator set and the matching semantics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "match/match.h"
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dbpath[64];
static store *st;
static match_snapshot *snap;

static void add(ioc_type t, const char *v, int revoked, int64_t valid_until)
{
    char norm[IOC_VALUE_MAX];
    ioc_type got;
    gisac_err err;
    assert_int_equal(ioc_normalise(t, v, strlen(v), norm, sizeof norm, &got, NULL, &err), 0);
    store_indicator in;
    memset(&in, 0, sizeof in);
    in.type = got;
    in.value = norm;
    in.confidence = 50;
    in.tlp = TLP_GREEN;
    in.matchable = 1;
    in.revoked = revoked;
    in.valid_until = valid_until;
    in.created = in.modified = 1;
    assert_int_equal(store_indicator_insert(st, &in, &err), 0);
}

static int setup(void **state)
{
    (void)state;
    if (test_db_path(dbpath, sizeof dbpath, "/tmp/gisac-snap-XXXXXX") < 0)
        return -1;
    gisac_err err;
    if (store_open(dbpath, &st, &err) < 0)
        return -1;
    add(IOC_DOMAIN, "evil.example", 0, 0);
    add(IOC_DOMAIN, "xn--bcher-kva.example", 0, 0);
    add(IOC_DOMAIN, "dc.corp.test", 0, 0);
    add(IOC_IPV4, "198.51.100.7", 0, 0);
    add(IOC_IPV6, "2001:db8::1", 0, 0);
    add(IOC_CIDR, "203.0.113.0/24", 0, 0);
    add(IOC_CIDR, "203.0.113.128/25", 0, 0);
    add(IOC_CIDR, "2001:db8:bad::/48", 0, 0);
    add(IOC_CIDR, "::ffff:192.0.2.0/124", 0, 0);
    add(IOC_URL, "http://phish.example/login.php", 0, 0);
    add(IOC_MD5, "44d88612fea8a8f36de82e1278abb02f", 0, 0);
    add(IOC_SHA256, "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f", 0, 0);
    add(IOC_EMAIL, "phisher@evil.example", 0, 0);
    add(IOC_DOMAIN, "revoked.example", 1, 0);
    add(IOC_DOMAIN, "expired.example", 0, 500);
    add(IOC_DOMAIN, "later.example", 0, 5000);
    if (match_snapshot_build(st, 1000, &snap, &err) < 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    match_snapshot_unref(snap);
    store_close(st);
    test_db_remove(dbpath, NULL);
    return 0;
}

typedef struct hits {
    char text[1024];
    int n;
} hits;

static void hit_cb(void *ctx, uint32_t idx)
{
    hits *h = ctx;
    match_indicator m;
    assert_int_equal(match_snapshot_get(snap, idx, &m), 0);
    if (h->n++)
        strcat(h->text, " ");
    strcat(h->text, m.value);
}

/* The matched values, space-separated and sorted for stable comparison. */
static const char *look(match_kind k, const char *v)
{
    static hits h;
    memset(&h, 0, sizeof h);
    int n = match_lookup(snap, k, v, strlen(v), hit_cb, &h);
    assert_int_equal(n, h.n);
    return h.text;
}

static void test_counts(void **state)
{
    (void)state;
    /* revoked and expired are left out; later.example is still valid */
    assert_int_equal(match_snapshot_count(snap), 14);
    assert_int_equal(match_snapshot_next_expiry(snap), 5000);
    assert_true(match_snapshot_bytes(snap) > match_snapshot_value_bytes(snap));
}

/* Values looked up in the snapshot, by kind, and the indicators each hits
   (space-separated, "" for none). */
static const struct {
    match_kind kind;
    const char *value, *hits;
} lookups[] = {
    /* ---- domain names ---- */
    {MATCH_NAME, "evil.example", "evil.example"},
    {MATCH_NAME, "a.b.evil.example", "evil.example"},
    {MATCH_NAME, "A.EVIL.Example.", "evil.example"},
    {MATCH_NAME, "notevil.example", ""},
    {MATCH_NAME, "evil.example.net", ""},
    {MATCH_NAME, "example", ""},
    {MATCH_NAME, "xevil.example", ""},
    /* names a hostname rule rejects still match as DNS labels */
    {MATCH_NAME, "_ldap._tcp.dc.corp.test", "dc.corp.test"},
    /* Unicode and A-label forms */
    {MATCH_NAME, "www.bücher.example", "xn--bcher-kva.example"},
    {MATCH_NAME, "WWW.XN--BCHER-KVA.EXAMPLE", "xn--bcher-kva.example"},
    {MATCH_NAME, "revoked.example", ""},
    {MATCH_NAME, "expired.example", ""},
    {MATCH_NAME, "x.later.example", "later.example"},
    {MATCH_NAME, "", ""},
    {MATCH_NAME, ".", ""},
    /* ---- addresses ---- */
    {MATCH_ADDR, "198.51.100.7", "198.51.100.7"},
    {MATCH_ADDR, "198.51.100.8", ""},
    {MATCH_ADDR, "::ffff:198.51.100.7", "198.51.100.7"},
    /* first and last addresses of the networks; nested networks both reported */
    {MATCH_ADDR, "203.0.113.0", "203.0.113.0/24"},
    {MATCH_ADDR, "203.0.113.127", "203.0.113.0/24"},
    {MATCH_ADDR, "203.0.113.128", "203.0.113.128/25 203.0.113.0/24"},
    {MATCH_ADDR, "203.0.113.255", "203.0.113.128/25 203.0.113.0/24"},
    {MATCH_ADDR, "203.0.114.0", ""},
    {MATCH_ADDR, "203.0.112.255", ""},
    /* IPv6 forms */
    {MATCH_ADDR, "2001:db8::1", "2001:db8::1"},
    {MATCH_ADDR, "2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"},
    {MATCH_ADDR, "[2001:db8::1]", "2001:db8::1"},
    {MATCH_ADDR, "2001:db8:bad::", "2001:db8:bad::/48"},
    {MATCH_ADDR, "2001:db8:bad:ffff:ffff:ffff:ffff:ffff", "2001:db8:bad::/48"},
    {MATCH_ADDR, "2001:db8:bae::", ""},
    /* an IPv4-mapped network holds IPv4 addresses, in either notation */
    {MATCH_ADDR, "192.0.2.5", "::ffff:192.0.2.0/124"},
    {MATCH_ADDR, "::ffff:192.0.2.15", "::ffff:192.0.2.0/124"},
    {MATCH_ADDR, "192.0.2.16", ""},
    {MATCH_ADDR, "not-an-address", ""},
    {MATCH_ADDR, "198.51.100.007", ""},
    {MATCH_ADDR, "198.51.100.7.1", ""},
    {MATCH_ADDR, "198.51.100.", ""},
    {MATCH_ADDR, "1198.51.100.7", ""},
    {MATCH_ADDR, "256.51.100.7", ""},
    /* ---- URLs, hashes and emails ---- */
    {MATCH_URL, "http://phish.example/login.php", "http://phish.example/login.php"},
    {MATCH_URL, "HTTP://PHISH.EXAMPLE:80/login.php#top", "http://phish.example/login.php"},
    {MATCH_URL, "http://phish.example/LOGIN.php", ""},
    {MATCH_URL, "https://phish.example/login.php", ""},
    {MATCH_HASH, "44D88612FEA8A8F36DE82E1278ABB02F", "44d88612fea8a8f36de82e1278abb02f"},
    {MATCH_HASH, "44d88612fea8a8f36de82e1278abb02e", ""},
    {MATCH_EMAIL, "Phisher@Evil.Example", "phisher@evil.example"},
    {MATCH_EMAIL, "other@evil.example", ""},
    /* ---- tokens ---- */
    {MATCH_TOKEN, "http://phish.example/login.php", "http://phish.example/login.php"},
    {MATCH_TOKEN, "phisher@evil.example", "phisher@evil.example"},
    {MATCH_TOKEN, "44d88612fea8a8f36de82e1278abb02f", "44d88612fea8a8f36de82e1278abb02f"},
    {MATCH_TOKEN, "203.0.113.9", "203.0.113.0/24"},
    {MATCH_TOKEN, "cdn.evil.example", "evil.example"},
    {MATCH_TOKEN, "1.2", ""},
    /* ---- multi-byte separators, and a SHA-256 ---- */
    /* ideographic and fullwidth full stops separate labels */
    {MATCH_NAME,
     "a\xe3\x80\x82"
     "evil\xef\xbc\x8e"
     "example",
     "evil.example"},
    {MATCH_NAME,
     "www\xef\xbd\xa1"
     "b\xc3\xbc"
     "cher.example",
     "xn--bcher-kva.example"},
    {MATCH_HASH, "275A021BBFB6489E54D471899F7DB9D1663FC695EC2FE2A2C4538AABF651FD0F",
     "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"},
};

static void test_lookups(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof lookups / sizeof lookups[0]; i++)
        assert_string_equal(look(lookups[i].kind, lookups[i].value), lookups[i].hits);
}

static void test_refcount(void **state)
{
    (void)state;
    match_snapshot_ref(snap);
    match_snapshot_unref(snap);
    assert_int_equal(match_snapshot_count(snap), 14);
}

TEST_MAIN_GROUP(NULL, NULL, setup, teardown, TEST_CASE(test_counts), TEST_CASE(test_lookups),
                TEST_CASE(test_refcount))
