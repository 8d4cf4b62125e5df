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
#include <sys/stat.h>
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

/* Every lookup of the table against s gives the hits it names. */
static void check_lookups(match_snapshot *s)
{
    match_snapshot *was = snap;
    snap = s; /* the one hit_cb reads */
    for (size_t i = 0; i < sizeof lookups / sizeof lookups[0]; i++)
        assert_string_equal(look(lookups[i].kind, lookups[i].value), lookups[i].hits);
    snap = was;
}

static void test_lookups(void **state)
{
    (void)state;
    check_lookups(snap);
}

/* ---- the compiled snapshot --------------------------------------------------- */

static const match_snapfile_info fixture_info = {42, 1000, "881c1891-6d33-5202-a7b6-7beed82cb4a8"};

/* The loaded l is the fixture's snapshot: totals, every indicator, every lookup. */
static void check_same(match_snapshot *l)
{
    assert_int_equal(match_snapshot_count(l), match_snapshot_count(snap));
    assert_int_equal(match_snapshot_next_expiry(l), 5000);
    assert_int_equal(match_snapshot_value_bytes(l), match_snapshot_value_bytes(snap));
    assert_int_equal(match_snapshot_bytes(l), match_snapshot_bytes(snap));
    for (uint32_t i = 0; i < match_snapshot_count(snap); i++) {
        match_indicator a, b;
        assert_int_equal(match_snapshot_get(snap, i, &a), 0);
        assert_int_equal(match_snapshot_get(l, i, &b), 0);
        assert_int_equal(a.type, b.type);
        assert_int_equal(a.tlp, b.tlp);
        assert_int_equal(a.confidence, b.confidence);
        assert_int_equal(a.store_id, b.store_id);
        assert_string_equal(a.value, b.value);
        assert_string_equal(a.sources, b.sources);
        assert_true(a.stix_id == NULL ? b.stix_id == NULL : strcmp(a.stix_id, b.stix_id) == 0);
    }
    match_indicator m;
    assert_int_equal(match_snapshot_get(l, (uint32_t)match_snapshot_count(l), &m), GISAC_ENOTFOUND);
    check_lookups(l);
}

static void test_file_roundtrip(void **state)
{
    (void)state;
    char path[96];
    snprintf(path, sizeof path, "%s.snap", dbpath);
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(match_snapshot_save(snap, &fixture_info, path, &err), 0);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600); /* indicators of every TLP */
    match_snapshot *l;
    match_snapfile_info got;
    assert_int_equal(match_snapshot_load(path, &l, &got, &err), 0);
    assert_int_equal(got.share_gen, 42);
    assert_int_equal(got.built_at, 1000);
    assert_string_equal(got.store_id, fixture_info.store_id);
    check_same(l);
    /* a loaded snapshot saves again to the same bytes */
    void *a, *b;
    size_t alen, blen;
    assert_int_equal(match_snapshot_bytes_of(snap, &fixture_info, &a, &alen, &err), 0);
    assert_int_equal(match_snapshot_bytes_of(l, &fixture_info, &b, &blen, &err), 0);
    assert_int_equal(alen, (size_t)sb.st_size);
    assert_int_equal(alen, blen);
    assert_memory_equal(a, b, alen);
    match_snapshot_unref(l);
    /* from memory, at an odd address: copied, the same */
    char *odd = malloc(alen + 1);
    memcpy(odd + 1, a, alen);
    assert_int_equal(match_snapshot_load_bytes(odd + 1, alen, &l, NULL, &err), 0);
    free(odd);
    check_same(l);
    match_snapshot_unref(l);
    free(a);
    free(b);
    /* no file */
    unlink(path);
    assert_int_equal(match_snapshot_load(path, &l, NULL, &err), GISAC_ENOTFOUND);
    assert_null(l);
}

/* ---- damaged files ---- */

/* The file format's section entry (match_snapfile.c, docs/match.md). */
typedef struct sec {
    uint32_t kind, which;
    uint64_t off, size, count;
} sec;

enum { K_IND = 1, K_BLOB, K_KEYS, K_VALS, K_BLOOM };

static sec *sec_of(unsigned char *img, uint32_t kind)
{
    uint32_t n;
    memcpy(&n, img + 20, 4);
    for (uint32_t i = 0; i < n; i++) {
        sec *x = (sec *)(void *)(img + 128 + 32 * i);
        if (x->kind == kind)
            return x;
    }
    fail_msg("no section of kind %u", kind);
    return NULL;
}

static void put32(unsigned char *img, size_t off, uint32_t v)
{
    memcpy(img + off, &v, 4);
}

static void d_magic(unsigned char *img, size_t *len)
{
    (void)len;
    img[0] = 'X';
}
static void d_version(unsigned char *img, size_t *len)
{
    (void)len;
    put32(img, 8, 2);
}
static void d_order(unsigned char *img, size_t *len)
{
    (void)len;
    put32(img, 12, 0x04030201u);
}
static void d_header_size(unsigned char *img, size_t *len)
{
    (void)len;
    put32(img, 16, 64);
}
static void d_nsections(unsigned char *img, size_t *len)
{
    (void)len;
    put32(img, 20, 100000);
}
static void d_short(unsigned char *img, size_t *len)
{
    (void)img;
    *len -= 1;
}
static void d_header_only(unsigned char *img, size_t *len)
{
    (void)img;
    *len = 100;
}
static void d_flip(unsigned char *img, size_t *len)
{
    (void)len;
    img[sec_of(img, K_BLOB)->off + 5] ^= 1;
}
static void d_sec_off(unsigned char *img, size_t *len)
{
    sec_of(img, K_BLOB)->off = (uint64_t)*len + 64;
}
static void d_sec_size(unsigned char *img, size_t *len)
{
    sec_of(img, K_BLOB)->size = UINT64_MAX - 8;
    (void)len;
}
static void d_sec_kind(unsigned char *img, size_t *len)
{
    (void)len;
    sec_of(img, K_BLOOM)->kind = 99;
}
static void d_sec_repeat(unsigned char *img, size_t *len)
{
    (void)len;
    sec_of(img, K_BLOOM)->kind = K_IND;
}
static void d_count(unsigned char *img, size_t *len)
{
    (void)len;
    sec_of(img, K_IND)->count += 1;
}
static void d_value_off(unsigned char *img, size_t *len)
{
    (void)len;
    uint64_t o = sec_of(img, K_IND)->off;
    put32(img, o, (uint32_t)sec_of(img, K_BLOB)->size); /* indicator 0's value */
}
static void d_type(unsigned char *img, size_t *len)
{
    (void)len;
    img[sec_of(img, K_IND)->off + 12] = 99; /* indicator 0's type */
}
static void d_blob_end(unsigned char *img, size_t *len)
{
    (void)len;
    sec *b = sec_of(img, K_BLOB);
    img[b->off + b->size - 1] = 'x';
}
static void d_val_index(unsigned char *img, size_t *len)
{
    (void)len;
    sec *v = sec_of(img, K_VALS);
    put32(img, v->off, 1000); /* beyond the indicators */
}
static void d_table_full(unsigned char *img, size_t *len)
{
    (void)len;
    sec *v = sec_of(img, K_VALS);
    memset(img + v->off, 0, v->size); /* no free slot: a probe would never end */
}
static void d_table_size(unsigned char *img, size_t *len)
{
    (void)len;
    sec_of(img, K_KEYS)->size -= 8;
}

/* What a snapshot loaded from a crafted image (its checksum right) gives:
 * per-entry references are checked as they are used. */
static void c_value_empty(match_snapshot *l)
{
    match_indicator m;
    assert_int_equal(match_snapshot_get(l, 0, &m), 0);
    assert_string_equal(m.value, ""); /* outside the strings: read as "" */
}
static void c_get_refused(match_snapshot *l)
{
    match_indicator m;
    assert_int_equal(match_snapshot_get(l, 0, &m), GISAC_EINVAL);
    assert_int_equal(match_snapshot_get(l, 1, &m), 0);
}

static void bounded_cb(void *ctx, uint32_t idx)
{
    match_snapshot *l = ctx;
    assert_true(idx < match_snapshot_count(l));
}

/* Every lookup ends (even in a table without a free slot) and names indicators of l only. */
static void c_lookups_bounded(match_snapshot *l)
{
    for (size_t i = 0; i < sizeof lookups / sizeof lookups[0]; i++)
        match_lookup(l, lookups[i].kind, lookups[i].value, strlen(lookups[i].value), bounded_cb, l);
}

static const struct {
    const char *what;
    void (*damage)(unsigned char *img, size_t *len);
    int reseal;      /* set the checksum after: the later checks are reached */
    const char *msg; /* NULL: it loads, and check says what it gives */
    void (*check)(match_snapshot *l);
} damages[] = {
    {"magic", d_magic, 0, "not a compiled snapshot (bad magic)", NULL},
    {"version", d_version, 0, "compiled snapshot format 2, this gisac reads 1", NULL},
    {"byte order", d_order, 0, "a compiled snapshot of another byte order", NULL},
    {"header size", d_header_size, 0, "bad header size 64", NULL},
    {"section count", d_nsections, 0, "bad section count 100000", NULL},
    {"truncated", d_short, 0, "truncated or extended", NULL},
    {"header only", d_header_only, 0, "shorter than its header", NULL},
    {"a bit flipped", d_flip, 0, "checksum mismatch (a damaged file)", NULL},
    {"string offset unsealed", d_value_off, 0, "checksum mismatch (a damaged file)", NULL},
    {"section offset", d_sec_off, 0, "is outside the file", NULL},
    {"section size", d_sec_size, 0, "is outside the file", NULL},
    {"section kind", d_sec_kind, 1, "is unknown or repeated", NULL},
    {"section repeated", d_sec_repeat, 1, "is unknown or repeated", NULL},
    {"indicator count", d_count, 1, "the indicator count does not match its section", NULL},
    {"strings end", d_blob_end, 1, "the string area is not NUL-terminated", NULL},
    {"table size", d_table_size, 1, "has a bad size", NULL},
    {"string offset", d_value_off, 1, NULL, c_value_empty},
    {"indicator type", d_type, 1, NULL, c_get_refused},
    {"table value", d_val_index, 1, NULL, c_lookups_bounded},
    {"table full", d_table_full, 1, NULL, c_lookups_bounded},
};

static void test_file_damaged(void **state)
{
    (void)state;
    gisac_err err = GISAC_ERR_INIT;
    void *good;
    size_t glen;
    assert_int_equal(match_snapshot_bytes_of(snap, &fixture_info, &good, &glen, &err), 0);
    for (size_t i = 0; i < sizeof damages / sizeof damages[0]; i++) {
        unsigned char *img = malloc(glen);
        memcpy(img, good, glen);
        size_t len = glen;
        damages[i].damage(img, &len);
        if (damages[i].reseal)
            assert_int_equal(match_snapfile_seal(img, len), 0);
        match_snapshot *l = NULL;
        gisac_err_clear(&err);
        int rc = match_snapshot_load_bytes(img, len, &l, NULL, &err);
        free(img);
        if (!damages[i].msg) {
            if (rc != 0)
                fail_msg("%s: rc %d, \"%s\"", damages[i].what, rc, err.msg);
            c_lookups_bounded(l);
            damages[i].check(l);
            match_snapshot_unref(l);
            continue;
        }
        if (rc != GISAC_EINVAL || !strstr(err.msg, damages[i].msg))
            fail_msg("%s: rc %d, \"%s\"", damages[i].what, rc, err.msg);
        assert_null(l);
    }
    /* on disk: the file is named */
    char path[96];
    snprintf(path, sizeof path, "%s.snap", dbpath);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(good, 1, glen / 2, f), glen / 2);
    fclose(f);
    match_snapshot *l = NULL;
    assert_int_equal(match_snapshot_load(path, &l, NULL, &err), GISAC_EINVAL);
    char want[256];
    snprintf(want, sizeof want, "%s: truncated or extended (%zu bytes, the header says %zu)", path,
             glen / 2, glen);
    assert_string_equal(err.msg, want);
    unlink(path);
    free(good);
}

static void test_refcount(void **state)
{
    (void)state;
    match_snapshot_ref(snap);
    match_snapshot_unref(snap);
    assert_int_equal(match_snapshot_count(snap), 14);
}

TEST_MAIN_GROUP(NULL, NULL, setup, teardown, TEST_CASE(test_counts), TEST_CASE(test_lookups),
                TEST_CASE(test_refcount), TEST_CASE(test_file_roundtrip),
                TEST_CASE(test_file_damaged))
