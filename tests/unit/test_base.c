/* test_base.c: the base layer, against published test vectors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "base/base.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef void (*digest_fn)(const void *, size_t, uint8_t *);

static void md5_(const void *p, size_t n, uint8_t *o)
{
    gisac_md5(p, n, o);
}
static void sha1_(const void *p, size_t n, uint8_t *o)
{
    gisac_sha1(p, n, o);
}
static void sha256_(const void *p, size_t n, uint8_t *o)
{
    gisac_sha256(p, n, o);
}

/* The published test vectors of MD5, SHA-1 and SHA-256: each input hashes
 * (its digest n bytes) to the digest in hex. */
static void test_digests(void **state)
{
    (void)state;
    static const struct {
        digest_fn fn;
        size_t n;
        const char *in, *hex;
    } v[] = {
        {md5_, 16, "", "d41d8cd98f00b204e9800998ecf8427e"},
        {md5_, 16, "abc", "900150983cd24fb0d6963f7d28e17f72"},
        {md5_, 16, "The quick brown fox jumps over the lazy dog",
         "9e107d9d372bb6826bd81d3542a419d6"},
        {md5_, 16,
         "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
         "57edf4a22be3c955ac49da2e2107b67a"},
        {sha1_, 20, "", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
        {sha1_, 20, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
        {sha1_, 20, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
        {sha256_, 32, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    };
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        uint8_t d[32];
        char h[65];
        v[i].fn(v[i].in, strlen(v[i].in), d);
        gisac_hex(d, v[i].n, h);
        assert_string_equal(h, v[i].hex);
    }
}

static void test_uuid(void **state)
{
    (void)state;
    /* RFC 4122 DNS namespace; uuid5(DNS, "python.org") is a well-known vector */
    static const uint8_t dns[16] = {0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
                                    0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
    char u[GISAC_UUID_LEN];
    gisac_uuid5(dns, "python.org", 10, u);
    assert_string_equal(u, "886313e1-3b8a-5372-9b90-0c9aee199e5d");
    assert_int_equal(gisac_uuid4(u), 0);
    assert_true(gisac_uuid_valid(u, strlen(u)));
    assert_int_equal(u[14], '4');
    assert_true(strchr("89ab", u[19]) != NULL);
    assert_false(gisac_uuid_valid("886313e1-3b8a-5372-9b90-0c9aee199e5", 35));
    assert_false(gisac_uuid_valid("886313e1x3b8a-5372-9b90-0c9aee199e5d", 36));
}

static int64_t t_(const char *s)
{
    int64_t t = -1;
    if (gisac_time_parse(s, strlen(s), &t) < 0)
        return -1;
    return t;
}

static void test_time(void **state)
{
    (void)state;
    assert_int_equal(t_("1970-01-01T00:00:00Z"), 0);
    assert_int_equal(t_("2024-04-04T07:03:03Z"), 1712214183);
    assert_int_equal(t_("2024-04-04 07:03:03"), 1712214183);
    assert_int_equal(t_("2024-04-04T07:03:03.123456Z"), 1712214183);
    assert_int_equal(t_("2024-04-04T15:03:03+08:00"), 1712214183);
    assert_int_equal(t_("2024-04-04T15:03:03+0800"), 1712214183);
    assert_int_equal(t_("2024-04-04"), 1712188800);
    assert_int_equal(t_("1465681304"), 1465681304);
    assert_int_equal(t_("2024-02-29"), 1709164800);
    assert_int_equal(t_("2023-02-29"), -1);
    assert_int_equal(t_("2024-13-01"), -1);
    assert_int_equal(t_("2024-04-04T25:00:00Z"), -1);
    assert_int_equal(t_("2024-04-04Tgarbage"), -1);
    assert_int_equal(t_(""), -1);
    assert_int_equal(t_("None"), -1);
    char out[GISAC_TIME_LEN];
    gisac_time_format(1712214183, out);
    assert_string_equal(out, "2024-04-04T07:03:03Z");
    gisac_time_format_ms(1712214183, out);
    assert_string_equal(out, "2024-04-04T07:03:03.000Z");
    gisac_date_format(1712214183, out);
    assert_string_equal(out, "2024-04-04");
    gisac_time_format(-86400, out);
    assert_string_equal(out, "1969-12-31T00:00:00Z");
    /* the hand-written formatter against a parse of what it wrote, over
     * years 0001..9999, and the padding of small years */
    gisac_time_format(-62135596800, out); /* the first second of year 1 */
    assert_string_equal(out, "0001-01-01T00:00:00Z");
    gisac_time_format_ms(253402300799, out); /* the last second of 9999 */
    assert_string_equal(out, "9999-12-31T23:59:59.000Z");
    for (int64_t t = -62135596800; t < 253402300799; t += 86399 * 397 + 3607) {
        gisac_time_format(t, out);
        int64_t back;
        assert_int_equal(gisac_time_parse(out, strlen(out), &back), 0);
        assert_true(back == t);
        gisac_time_format_ms(t, out);
        assert_int_equal(strlen(out), 24);
        assert_int_equal(gisac_time_parse(out, strlen(out), &back), 0);
        assert_true(back == t);
    }
    setenv("GISAC_NOW", "2026-11-24T00:00:00Z", 1);
    assert_int_equal(gisac_now(), t_("2026-11-24"));
    unsetenv("GISAC_NOW");
}

static void test_utf8(void **state)
{
    (void)state;
    size_t n = 0;
    assert_int_equal(gisac_utf8_valid("", 0, &n), 1);
    assert_int_equal(n, 0);
    assert_int_equal(gisac_utf8_valid("日誌 log", strlen("日誌 log"), &n), 1);
    assert_int_equal(n, 6);
    assert_int_equal(gisac_utf8_valid("\xf0\x9f\x98\x80", 4, &n), 1); /* U+1F600 */
    assert_int_equal(n, 1);
    assert_int_equal(gisac_utf8_valid("\xff\xfe", 2, NULL), 0);         /* never UTF-8 */
    assert_int_equal(gisac_utf8_valid("\xc0\xaf", 2, NULL), 0);         /* overlong '/' */
    assert_int_equal(gisac_utf8_valid("\xe0\x80\xaf", 3, NULL), 0);     /* overlong */
    assert_int_equal(gisac_utf8_valid("\xed\xa0\x80", 3, NULL), 0);     /* a surrogate */
    assert_int_equal(gisac_utf8_valid("\xf4\x90\x80\x80", 4, NULL), 0); /* past U+10FFFF */
    assert_int_equal(gisac_utf8_valid("\xe6\x97", 2, NULL), 0);         /* truncated */
    assert_int_equal(gisac_utf8_valid("a\x80", 2, NULL), 0);            /* lone continuation */
}

/* Cutting and cleaning messages that quote input: never half a character,
 * never bytes that are not UTF-8 in JSON. */
static void test_utf8_cut(void **state)
{
    (void)state;
    const char *s = "ab\xe6\x97\xa5\xe6\x9c\xac"; /* ab日本: 2 + 3 + 3 bytes */
    assert_int_equal(gisac_utf8_prefix(s, 100), 8);
    assert_int_equal(gisac_utf8_prefix(s, 8), 8);
    assert_int_equal(gisac_utf8_prefix(s, 7), 5); /* not into 本 */
    assert_int_equal(gisac_utf8_prefix(s, 4), 2); /* not into 日 */
    assert_int_equal(gisac_utf8_prefix(s, 0), 0);
    assert_int_equal(gisac_utf8_prefix("a\xff"
                                       "b",
                                       2),
                     2); /* a bad byte counts one */

    char m[16];
    snprintf(m, sizeof m, "%s", "x\xe6\x97"); /* 日 cut by a snprintf */
    gisac_utf8_trim(m);
    assert_string_equal(m, "x");
    snprintf(m, sizeof m, "%s", "x\xe6\x97\xa5");
    gisac_utf8_trim(m);
    assert_string_equal(m, "x\xe6\x97\xa5"); /* whole: kept */
    snprintf(m, sizeof m, "%s", "x\xf0\x9f\x98");
    gisac_utf8_trim(m);
    assert_string_equal(m, "x");
    m[0] = '\0';
    gisac_utf8_trim(m);
    assert_string_equal(m, "");

    gisac_err err = GISAC_ERR_INIT; /* a message longer than its buffer */
    char big[sizeof err.msg + 8];
    memset(big, 'a', sizeof big);
    memcpy(big + sizeof err.msg - 3, "\xe6\x97\xa5", 3); /* 日 across the end */
    big[sizeof big - 1] = '\0';
    gisac_err_set(&err, GISAC_EINVAL, "%s", big);
    assert_int_equal(strlen(err.msg), sizeof err.msg - 3);
    assert_true(gisac_utf8_valid(err.msg, strlen(err.msg), NULL));

    char out[8];
    assert_int_equal(gisac_utf8_scrub("a\xff"
                                      "b",
                                      out, sizeof out),
                     5);
    assert_string_equal(out, "a\xef\xbf\xbd"
                             "b");
    assert_int_equal(gisac_utf8_scrub("\xe6\x97\xa5\xe6\x97\xa5", out, sizeof out), 6);
    assert_int_equal(gisac_utf8_scrub("\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5", out, sizeof out), 6);

    gisac_buf b = GISAC_BUF_INIT;
    assert_int_equal(gisac_buf_json_str(&b, "a\xe6\x97\xff\xc0\x80z\xe6\x97\xa5"), 0);
    assert_string_equal(b.data, "\"a\\ufffd\\ufffd\\ufffd\\ufffd\\ufffdz\xe6\x97\xa5\"");
    gisac_buf_free(&b);
}

static void test_buf(void **state)
{
    (void)state;
    gisac_buf b = GISAC_BUF_INIT;
    assert_int_equal(gisac_buf_json_str(&b, "a\"b\\c\n\x01é"), 0);
    assert_string_equal(b.data, "\"a\\\"b\\\\c\\n\\u0001é\"");
    gisac_buf_reset(&b);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(gisac_buf_printf(&b, "%d,", i), 0);
    assert_int_equal(b.len, 3890);
    assert_int_equal(strncmp(b.data + b.len - 4, "999,", 4), 0);
    gisac_buf_free(&b);
}

static void test_arena(void **state)
{
    (void)state;
    gisac_arena *a = gisac_arena_new(64);
    assert_non_null(a);
    char *s = gisac_arena_strdup(a, "hello");
    assert_string_equal(s, "hello");
    void *big = gisac_arena_alloc(a, 1000); /* larger than a block */
    assert_non_null(big);
    assert_int_equal((uintptr_t)big % 16, 0);
    assert_null(gisac_arena_strdup(a, NULL));
    gisac_arena_reset(a);
    assert_int_equal(gisac_arena_used(a), 0);
    assert_non_null(gisac_arena_alloc(a, 10));
    gisac_arena_free(a);
}

static void test_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/gisac-base-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/f.txt", dir);
    gisac_err err;
    assert_int_equal(gisac_write_file_atomic(path, "one\n", 4, &err), 0);
    assert_int_equal(gisac_write_file_atomic(path, "two\n", 4, &err), 0);
    gisac_buf b = GISAC_BUF_INIT;
    assert_int_equal(gisac_read_file(path, &b, &err), 0);
    assert_string_equal(b.data, "two\n");
    gisac_buf_free(&b);
    char bad[300];
    snprintf(bad, sizeof bad, "%s/missing/f.txt", dir);
    assert_int_equal(gisac_write_file_atomic(bad, "x", 1, &err), GISAC_EIO);
    assert_non_null(strstr(err.msg, "missing/f.txt"));
    assert_int_equal(gisac_read_file(dir, &b, &err), GISAC_EINVAL);
    unlink(path);
    rmdir(dir);
}

TEST_MAIN(NULL, NULL, TEST_CASE(test_digests), TEST_CASE(test_uuid), TEST_CASE(test_time),
          TEST_CASE(test_utf8), TEST_CASE(test_utf8_cut), TEST_CASE(test_buf),
          TEST_CASE(test_arena), TEST_CASE(test_files))
