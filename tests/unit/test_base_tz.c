/*
 * test_base_tz.c: time zones from the system's TZif files (tz.c) and times
 * read and written in them: Asia/Taipei (no DST now, DST in the 1970s,
 * local mean time before 1896), UTC and Europe/Berlin around its
 * transitions (a gap in March, a fold in October; the future ones from
 * the footer's rule). Exact to the second.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"
#include "base/base.h"

#include <string.h>

static gisac_tz *load(const char *name)
{
    gisac_tz *tz = NULL;
    gisac_err err = GISAC_ERR_INIT;
    int rc = gisac_tz_load(name, &tz, &err);
    if (rc < 0)
        fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, 0);
    assert_non_null(tz);
    assert_string_equal(gisac_tz_name(tz), name);
    return tz;
}

static int64_t utc(const char *s)
{
    int64_t t;
    assert_int_equal(gisac_time_parse(s, strlen(s), &t), 0);
    return t;
}

static int64_t in(const gisac_tz *tz, const char *s)
{
    int64_t t;
    assert_int_equal(gisac_time_parse_in(s, strlen(s), tz, &t), 0);
    return t;
}

static void check_fmt(const gisac_tz *tz, int64_t t, const char *want)
{
    char out[GISAC_TIME_LEN];
    gisac_time_format_local(t, tz, out);
    assert_string_equal(out, want);
}

static void test_taipei(void **state)
{
    (void)state;
    gisac_tz *tz = load("Asia/Taipei");
    /* the example: 20:00 in Taipei is 12:00 UTC */
    assert_int_equal(in(tz, "2026-12-06T20:00:00"), 1796558400);
    assert_int_equal(in(tz, "2026-12-06 20:00:00"), 1796558400);
    assert_int_equal(in(tz, "2026-12-06T20:00"), 1796558400);
    assert_int_equal(in(tz, "2026-12-06T20:00:00+08:00"), 1796558400);
    /* an explicit offset or Z wins over the zone */
    assert_int_equal(in(tz, "2026-12-06T20:00:00Z"), 1796558400 + 8 * 3600);
    assert_int_equal(in(tz, "2026-12-06 20:00:00 UTC"), 1796558400 + 8 * 3600);
    assert_int_equal(in(tz, "2026-12-06T20:00:00-05:00"), 1796558400 + 13 * 3600);
    /* epoch seconds are absolute */
    assert_int_equal(in(tz, "1796558400"), 1796558400);
    /* a bare date is local midnight */
    assert_int_equal(in(tz, "2026-12-01"), utc("2026-11-30T16:00:00Z"));
    assert_int_equal(gisac_tz_offset_at(tz, 1796558400), 28800);
    check_fmt(tz, 1796558400, "2026-12-06T20:00:00+08:00");
    check_fmt(tz, utc("2026-11-30T17:00:00Z"), "2026-12-01T01:00:00+08:00");
    char d[GISAC_TIME_LEN];
    gisac_date_format_local(utc("2026-11-30T17:00:00Z"), tz, d);
    assert_string_equal(d, "2026-12-01");
    gisac_tm tm;
    gisac_tz_split(tz, utc("2026-12-31T16:00:00Z"), &tm);
    assert_int_equal(tm.year, 2027);
    assert_int_equal(tm.month, 1);
    assert_int_equal(tm.day, 1);
    assert_int_equal(tm.hour, 0);
    assert_int_equal(tm.offset, 28800);
    /* 1974: daylight saving time, +09:00 from 1 April (00:00 did not occur) */
    assert_int_equal(gisac_tz_offset_at(tz, utc("1974-03-31T15:59:59Z")), 28800);
    assert_int_equal(gisac_tz_offset_at(tz, utc("1974-03-31T16:00:00Z")), 32400);
    assert_int_equal(in(tz, "1974-07-01T12:00:00"), utc("1974-07-01T03:00:00Z"));
    check_fmt(tz, utc("1974-07-01T03:00:00Z"), "1974-07-01T12:00:00+09:00");
    /* in the gap: 00:30 read with the offset before it, 01:30 after it */
    assert_int_equal(in(tz, "1974-04-01T00:30:00"), utc("1974-03-31T16:30:00Z"));
    /* the fold of 30 September: 23:30 twice, the first one */
    assert_int_equal(in(tz, "1974-09-30T23:30:00"), utc("1974-09-30T14:30:00Z"));
    assert_int_equal(in(tz, "1974-10-01T12:00:00"), utc("1974-10-01T04:00:00Z"));
    /* local mean time before 1896: +08:06 */
    assert_int_equal(gisac_tz_offset_at(tz, utc("1895-06-01T00:00:00Z")), 29160);
    check_fmt(tz, utc("1895-06-01T00:00:00Z"), "1895-06-01T08:06:00+08:06");
    gisac_tz_free(tz);
}

/* RFC 3339 has no seconds in offsets: a local mean time with seconds is rounded, same instant */
static void test_offset_seconds(void **state)
{
    (void)state;
    gisac_tz *tz = load("Africa/Monrovia");
    /* 1900: Monrovia Mean Time, -00:43:08 */
    int64_t t = utc("1900-06-01T12:00:00Z");
    assert_int_equal(gisac_tz_offset_at(tz, t), -2588);
    check_fmt(tz, t, "1900-06-01T11:17:00-00:43");
    /* 1950: -00:44:30, half a minute: away from zero */
    t = utc("1950-06-01T12:00:00Z");
    assert_int_equal(gisac_tz_offset_at(tz, t), -2670);
    check_fmt(tz, t, "1950-06-01T11:15:00-00:45");
    /* every text is RFC 3339 and names the same instant */
    char s[GISAC_TIME_LEN];
    int64_t back = 0;
    for (int64_t u = utc("1900-01-01T00:00:07Z"); u < utc("1972-06-01T00:00:00Z");
         u += 86400 * 97 + 13) {
        gisac_time_format_local(u, tz, s);
        assert_int_equal(gisac_time_parse(s, strlen(s), &back), 0);
        assert_int_equal(back, u);
    }
    /* 1972 on: GMT */
    check_fmt(tz, utc("1980-01-01T00:00:00Z"), "1980-01-01T00:00:00+00:00");
    gisac_tz_free(tz);
}

static void test_utc(void **state)
{
    (void)state;
    gisac_tz *tz = load("UTC");
    assert_int_equal(in(tz, "2026-12-06T20:00:00"), utc("2026-12-06T20:00:00Z"));
    assert_int_equal(gisac_tz_offset_at(tz, 1796558400), 0);
    check_fmt(tz, 1796558400, "2026-12-06T12:00:00+00:00");
    gisac_tz_free(tz);
    /* NULL is UTC */
    assert_int_equal(in(NULL, "2026-12-06T20:00:00"), utc("2026-12-06T20:00:00Z"));
    check_fmt(NULL, 1796558400, "2026-12-06T12:00:00+00:00");
    assert_string_equal(gisac_tz_name(NULL), "UTC");
}

static void test_berlin(void **state)
{
    (void)state;
    gisac_tz *tz = load("Europe/Berlin");
    /* 2026-03-29: 02:00 CET becomes 03:00 CEST at 01:00 UTC */
    assert_int_equal(gisac_tz_offset_at(tz, 1774746000 - 1), 3600);
    assert_int_equal(gisac_tz_offset_at(tz, 1774746000), 7200);
    check_fmt(tz, 1774746000 - 1, "2026-03-29T01:59:59+01:00");
    check_fmt(tz, 1774746000, "2026-03-29T03:00:00+02:00");
    assert_int_equal(in(tz, "2026-03-29T01:59:59"), 1774746000 - 1);
    assert_int_equal(in(tz, "2026-03-29T03:00:00"), 1774746000);
    /* the gap: 02:30 does not occur; read as +01:00, it is 03:30 CEST */
    assert_int_equal(in(tz, "2026-03-29T02:30:00"), 1774746000 + 1800);
    /* 2026-10-25: 03:00 CEST becomes 02:00 CET at 01:00 UTC */
    assert_int_equal(gisac_tz_offset_at(tz, 1792890000 - 1), 7200);
    assert_int_equal(gisac_tz_offset_at(tz, 1792890000), 3600);
    check_fmt(tz, 1792890000 - 1, "2026-10-25T02:59:59+02:00");
    check_fmt(tz, 1792890000, "2026-10-25T02:00:00+01:00");
    /* the fold: 02:30 happens twice; the first (CEST) one */
    assert_int_equal(in(tz, "2026-10-25T02:30:00"), 1792890000 - 1800);
    assert_int_equal(in(tz, "2026-10-25T02:30:00+01:00"), 1792890000 + 1800);
    assert_int_equal(in(tz, "2026-10-25T03:00:00"), 1792890000 + 3600);
    /* far ahead, from the footer's rule: 2040-03-25 and 2040-10-28 */
    assert_int_equal(gisac_tz_offset_at(tz, 2216250000 - 1), 3600);
    assert_int_equal(gisac_tz_offset_at(tz, 2216250000), 7200);
    assert_int_equal(gisac_tz_offset_at(tz, 2234998800 - 1), 7200);
    assert_int_equal(gisac_tz_offset_at(tz, 2234998800), 3600);
    assert_int_equal(in(tz, "2040-07-01T12:00:00"), utc("2040-07-01T10:00:00Z"));
    assert_int_equal(in(tz, "2040-12-01"), utc("2040-11-30T23:00:00Z"));
    gisac_tz_free(tz);
}

static void test_bad(void **state)
{
    (void)state;
    static const char *const names[] = {
        "",      "/etc/passwd",  "../etc/passwd",    "Asia/../../etc",
        "Asia/", "Asia//Taipei", "Nowhere/Atlantis", "Asia/Taipei;rm",
        "./UTC"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        gisac_tz *tz = (gisac_tz *)1;
        gisac_err err = GISAC_ERR_INIT;
        assert_int_equal(gisac_tz_load(names[i], &tz, &err), GISAC_EINVAL);
        assert_null(tz);
        assert_true(err.msg[0] != 0);
    }
    /* not TZif, truncated, a count past the bytes */
    gisac_tz *tz = NULL;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(gisac_tz_parse("x", "hello", 5, &tz, &err), GISAC_EINVAL);
    unsigned char h[60] = "TZif2";
    h[39] = 1; /* one type, and nothing after */
    assert_int_equal(gisac_tz_parse("x", h, sizeof h, &tz, &err), GISAC_EINVAL);
    h[32] = 0xff; /* 4 billion transitions */
    assert_int_equal(gisac_tz_parse("x", h, sizeof h, &tz, &err), GISAC_EINVAL);
    assert_null(tz);
    /* a zone's fields out of range */
    int64_t t;
    assert_int_equal(gisac_tz_local_to_utc(NULL, 2026, 2, 29, 0, 0, 0, &t), GISAC_EINVAL);
    assert_int_equal(gisac_tz_local_to_utc(NULL, 2026, 13, 1, 0, 0, 0, &t), GISAC_EINVAL);
    assert_int_equal(gisac_time_parse_in("2026-12-06T24:00:00", 19, NULL, &t), GISAC_EINVAL);
}

/* A minimal v2 file built here: UTC+8 only, footer "<+08>-8". */
static void test_minimal_file(void **state)
{
    (void)state;
    unsigned char f[200];
    size_t n = 0;
    for (int v = 0; v < 2; v++) {
        memset(f + n, 0, 44);
        memcpy(f + n, "TZif2", 5);
        f[n + 39] = 1; /* typecnt */
        f[n + 43] = 4; /* charcnt */
        n += 44;
        f[n++] = 0, f[n++] = 0, f[n++] = 0x70, f[n++] = 0x80; /* 28800 */
        f[n++] = 0, f[n++] = 0;
        memcpy(f + n, "+08", 4);
        n += 4;
    }
    memcpy(f + n, "\n<+08>-8\n", 9);
    n += 9;
    gisac_tz *tz = NULL;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(gisac_tz_parse("Test/Eight", f, n, &tz, &err), 0);
    assert_int_equal(gisac_tz_offset_at(tz, 0), 28800);
    assert_int_equal(gisac_tz_offset_at(tz, 1796558400), 28800);
    gisac_tz_free(tz);
    /* without the footer's closing newline */
    assert_int_equal(gisac_tz_parse("Test/Eight", f, n - 1, &tz, &err), GISAC_EINVAL);
    assert_null(tz);
}

TEST_MAIN(NULL, NULL, TEST_CASE(test_taipei), TEST_CASE(test_utc), TEST_CASE(test_offset_seconds),
          TEST_CASE(test_berlin), TEST_CASE(test_bad), TEST_CASE(test_minimal_file))
