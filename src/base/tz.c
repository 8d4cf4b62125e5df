/*
 * tz.c: time zones from TZif files (RFC 8536), parsed here, without the C
 * library's process-global zone (setenv("TZ"), tzset, localtime): a
 * gisac_tz is an immutable value, safe to share between threads.
 *
 * The file is not trusted: every count is bounded before any size is
 * computed, every size is checked against the bytes there are, every type
 * index against the types, offsets against RFC 8536's range, and the
 * transitions must ascend. Times after the last transition follow the
 * footer's POSIX TZ rule ("CET-1CEST,M3.5.0,M10.5.0/3"), which is how the
 * "slim" files of current tzdata give every future transition.
 */
#include "base/base.h"
#include "base/base_internal.h"

#include <stdlib.h>
#include <string.h>

#define TZ_FILE_MAX   (256 * 1024) /* tzdata's largest file is under 4 KiB */
#define TZ_TIMES_MAX  4096
#define TZ_TYPES_MAX  256
#define TZ_CHARS_MAX  1024
#define TZ_LEAPS_MAX  1024
#define TZ_OFF_MIN    (-89999) /* RFC 8536, 3.2 */
#define TZ_OFF_MAX    93599
#define TZ_FOOTER_MAX 256

/* A POSIX TZ rule's date: Jn (julian 1-365, no 29 Feb), n (0-365), Mm.w.d. */
typedef struct rule_date {
    char kind;    /* 'J', 'n', 'M' */
    int a, b, c;  /* J: day; n: day; M: month, week 1-5, weekday 0-6 */
    int32_t time; /* seconds after local midnight (may be negative or > 24 h) */
} rule_date;

typedef struct posix_rule {
    int32_t std_off; /* seconds east of UTC */
    int32_t dst_off;
    int has_dst;
    rule_date start, end; /* start in standard time, end in daylight time */
} posix_rule;

struct gisac_tz {
    char name[GISAC_TZ_NAME_MAX];
    size_t n;        /* transitions */
    int64_t *at;     /* [n], ascending */
    int32_t *off_of; /* [n]: the offset from at[i] on */
    int32_t first;   /* the offset before the first transition */
    int has_rule;    /* the footer's rule applies after the last transition */
    posix_rule rule;
};

/* ---- the POSIX TZ rule of the footer ------------------------------------- */

static int rule_name(const char **p, const char *end)
{
    const char *s = *p;
    if (s < end && *s == '<') {
        s++;
        const char *b = s;
        while (s < end && *s != '>') {
            if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
                  (*s >= '0' && *s <= '9') || *s == '+' || *s == '-'))
                return -1;
            s++;
        }
        if (s >= end || s - b < 3)
            return -1;
        *p = s + 1;
        return 0;
    }
    const char *b = s;
    while (s < end && ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
        s++;
    if (s - b < 3)
        return -1;
    *p = s;
    return 0;
}

static int rule_num(const char **p, const char *end, int max_digits, int *out)
{
    int v = 0, n = 0;
    while (*p < end && **p >= '0' && **p <= '9' && n < max_digits) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    if (!n)
        return -1;
    *out = v;
    return 0;
}

/* [+-]hh[:mm[:ss]], hours up to max_h */
static int rule_hms(const char **p, const char *end, int max_h, int32_t *out)
{
    int sign = 1, h, m = 0, s = 0;
    if (*p < end && (**p == '+' || **p == '-'))
        sign = *(*p)++ == '-' ? -1 : 1;
    if (rule_num(p, end, 3, &h) || h > max_h)
        return -1;
    if (*p < end && **p == ':') {
        (*p)++;
        if (rule_num(p, end, 2, &m) || m > 59)
            return -1;
        if (*p < end && **p == ':') {
            (*p)++;
            if (rule_num(p, end, 2, &s) || s > 59)
                return -1;
        }
    }
    *out = sign * (h * 3600 + m * 60 + s);
    return 0;
}

static int rule_date_parse(const char **p, const char *end, rule_date *d)
{
    d->time = 7200; /* 02:00 */
    d->a = d->b = d->c = 0;
    if (*p < end && **p == 'J') {
        (*p)++;
        d->kind = 'J';
        if (rule_num(p, end, 3, &d->a) || d->a < 1 || d->a > 365)
            return -1;
    } else if (*p < end && **p == 'M') {
        (*p)++;
        d->kind = 'M';
        if (rule_num(p, end, 2, &d->a) || d->a < 1 || d->a > 12 || *p >= end || *(*p)++ != '.' ||
            rule_num(p, end, 1, &d->b) || d->b < 1 || d->b > 5 || *p >= end || *(*p)++ != '.' ||
            rule_num(p, end, 1, &d->c) || d->c > 6)
            return -1;
    } else {
        d->kind = 'n';
        if (rule_num(p, end, 3, &d->a) || d->a > 365)
            return -1;
    }
    if (*p < end && **p == '/') {
        (*p)++;
        if (rule_hms(p, end, 167, &d->time))
            return -1;
    }
    return 0;
}

static int rule_parse(const char *s, size_t len, posix_rule *r)
{
    const char *p = s, *end = s + len;
    int32_t off;
    memset(r, 0, sizeof *r);
    if (rule_name(&p, end) || rule_hms(&p, end, 24, &off))
        return -1;
    r->std_off = -off; /* POSIX counts west */
    if (p == end)
        return 0;
    if (rule_name(&p, end))
        return -1;
    r->has_dst = 1;
    r->dst_off = r->std_off + 3600;
    if (p < end && *p != ',') {
        if (rule_hms(&p, end, 24, &off))
            return -1;
        r->dst_off = -off;
    }
    if (p == end) { /* no rule: POSIX's default, the US rule */
        r->start = (rule_date){'M', 3, 2, 0, 7200};
        r->end = (rule_date){'M', 11, 1, 0, 7200};
        return 0;
    }
    if (*p++ != ',' || rule_date_parse(&p, end, &r->start) || p >= end || *p++ != ',' ||
        rule_date_parse(&p, end, &r->end) || p != end)
        return -1;
    return 0;
}

/* The day (days since the epoch) of a rule's date in year y. */
static int64_t rule_day(const rule_date *d, int y)
{
    int64_t jan1 = gisac_days_from_civil(y, 1, 1);
    int leap = gisac_days_in_month(y, 2) == 29;
    switch (d->kind) {
    case 'J':
        return jan1 + d->a - 1 + (leap && d->a >= 60);
    case 'n':
        return jan1 + d->a;
    default: {
        int64_t first = gisac_days_from_civil(y, (unsigned)d->a, 1);
        /* 1970-01-01 was a Thursday (4) */
        int wd = (int)(((first % 7) + 7 + 4) % 7);
        int64_t day = first + (d->c - wd + 7) % 7 + (int64_t)(d->b - 1) * 7;
        int64_t last = first + gisac_days_in_month(y, d->a) - 1;
        while (day > last)
            day -= 7;
        return day;
    }
    }
}

static int32_t rule_offset_at(const posix_rule *r, int64_t t)
{
    if (!r->has_dst)
        return r->std_off;
    int y, h, mi, s;
    unsigned m, d;
    gisac_split_utc(t + r->std_off, &y, &m, &d, &h, &mi, &s);
    int64_t start = rule_day(&r->start, y) * 86400 + r->start.time - r->std_off;
    int64_t end = rule_day(&r->end, y) * 86400 + r->end.time - r->dst_off;
    if (start < end)
        return t >= start && t < end ? r->dst_off : r->std_off;
    return t >= end && t < start ? r->std_off : r->dst_off;
}

/* ---- the TZif file ------------------------------------------------------- */

typedef struct hdr {
    int version;
    uint32_t isut, isstd, leap, time, type, chars;
} hdr;

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

static int read_hdr(const unsigned char *p, size_t avail, hdr *h)
{
    if (avail < 44 || memcmp(p, "TZif", 4) != 0)
        return -1;
    h->version = p[4] == 0 ? 1 : p[4] - '0';
    if (h->version < 1 || h->version > 4)
        return -1;
    h->isut = be32(p + 20);
    h->isstd = be32(p + 24);
    h->leap = be32(p + 28);
    h->time = be32(p + 32);
    h->type = be32(p + 36);
    h->chars = be32(p + 40);
    if (h->time > TZ_TIMES_MAX || h->type < 1 || h->type > TZ_TYPES_MAX ||
        h->chars > TZ_CHARS_MAX || h->leap > TZ_LEAPS_MAX || (h->isut && h->isut != h->type) ||
        (h->isstd && h->isstd != h->type))
        return -1;
    return 0;
}

/* The bytes of the data block after a header (all counts bounded: no overflow). */
static size_t block_size(const hdr *h, size_t tlen)
{
    return (size_t)h->time * tlen + h->time + (size_t)h->type * 6 + h->chars +
           (size_t)h->leap * (tlen + 4) + h->isstd + h->isut;
}

static int bad(gisac_err *err, const char *name, const char *why)
{
    return gisac_err_set(err, GISAC_EINVAL, "time zone '%s': %s", name, why);
}

int gisac_tz_parse(const char *name, const void *data, size_t len, gisac_tz **out, gisac_err *err)
{
    *out = NULL;
    if (!name || strlen(name) >= GISAC_TZ_NAME_MAX)
        return gisac_err_set(err, GISAC_EINVAL, "time zone name too long");
    const unsigned char *p = data;
    hdr h;
    if (!data || len > TZ_FILE_MAX || read_hdr(p, len, &h) < 0)
        return bad(err, name, "not a TZif file");
    size_t pos = 44, tlen = 4;
    if (h.version >= 2) {
        size_t skip = block_size(&h, 4);
        if (skip > len - pos)
            return bad(err, name, "truncated TZif file");
        pos += skip;
        if (read_hdr(p + pos, len - pos, &h) < 0)
            return bad(err, name, "bad second TZif header");
        pos += 44;
        tlen = 8;
    }
    size_t need = block_size(&h, tlen);
    if (need > len - pos)
        return bad(err, name, "truncated TZif file");
    const unsigned char *times = p + pos, *idx = times + (size_t)h.time * tlen,
                        *types = idx + h.time;
    gisac_tz *z = calloc(1, sizeof *z);
    if (!z)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    memcpy(z->name, name, strlen(name) + 1);
    int32_t offs[TZ_TYPES_MAX];
    for (uint32_t i = 0; i < h.type; i++) {
        int32_t o = (int32_t)be32(types + (size_t)i * 6);
        if (o < TZ_OFF_MIN || o > TZ_OFF_MAX || types[i * 6 + 4] > 1 ||
            types[i * 6 + 5] >= (h.chars ? h.chars : 1)) {
            gisac_tz_free(z);
            return bad(err, name, "bad local time type");
        }
        offs[i] = o;
    }
    z->first = offs[0];
    if (h.time) {
        z->at = malloc((size_t)h.time * sizeof *z->at);
        z->off_of = malloc((size_t)h.time * sizeof *z->off_of);
        if (!z->at || !z->off_of) {
            gisac_tz_free(z);
            return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        }
    }
    for (uint32_t i = 0; i < h.time; i++) {
        int64_t t = tlen == 8 ? be64(times + (size_t)i * 8) : (int32_t)be32(times + (size_t)i * 4);
        if ((i && t <= z->at[i - 1]) || idx[i] >= h.type) {
            gisac_tz_free(z);
            return bad(err, name, "bad transition");
        }
        z->at[i] = t;
        z->off_of[i] = offs[idx[i]];
    }
    z->n = h.time;
    pos += need;
    if (h.version >= 2) {
        /* the footer: "\n" TZ-string "\n" */
        const char *f = (const char *)p + pos;
        size_t left = len - pos;
        if (left < 2 || f[0] != '\n') {
            gisac_tz_free(z);
            return bad(err, name, "missing TZif footer");
        }
        const char *nl = memchr(f + 1, '\n', left - 1 < TZ_FOOTER_MAX ? left - 1 : TZ_FOOTER_MAX);
        if (!nl) {
            gisac_tz_free(z);
            return bad(err, name, "bad TZif footer");
        }
        size_t rl = (size_t)(nl - f - 1);
        if (rl) {
            if (rule_parse(f + 1, rl, &z->rule) < 0) {
                gisac_tz_free(z);
                return bad(err, name, "unsupported TZ rule in footer");
            }
            z->has_rule = 1;
        }
    }
    *out = z;
    return 0;
}

int gisac_tz_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (!n || n >= GISAC_TZ_NAME_MAX || name[0] == '/' || name[n - 1] == '/')
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '+' || c == '-' || c == '.' || c == '/'))
            return 0;
        /* no "." or ".." component, no empty one */
        if ((i == 0 || name[i - 1] == '/') && (c == '/' || c == '.'))
            return 0;
    }
    return 1;
}

int gisac_tz_load(const char *name, gisac_tz **out, gisac_err *err)
{
    *out = NULL;
    if (!name || !gisac_tz_name_ok(name))
        return gisac_err_set(err, GISAC_EINVAL,
                             "time zone '%s': not a zone name (such as Asia/Taipei or UTC)",
                             name ? name : "");
    const char *dir = getenv("TZDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir && *dir == '/' ? dir : "/usr/share/zoneinfo", name);
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err e2 = GISAC_ERR_INIT;
    int rc = gisac_read_file(path, &b, &e2);
    if (rc < 0) {
        gisac_buf_free(&b);
        if (strcmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0) {
            gisac_tz *z = calloc(1, sizeof *z);
            if (!z)
                return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
            memcpy(z->name, name, strlen(name) + 1);
            *out = z;
            return 0;
        }
        return gisac_err_set(err, GISAC_EINVAL, "time zone '%s': unknown (no %s)", name, path);
    }
    rc = gisac_tz_parse(name, b.data, b.len, out, err);
    gisac_buf_free(&b);
    return rc;
}

void gisac_tz_free(gisac_tz *tz)
{
    if (!tz)
        return;
    free(tz->at);
    free(tz->off_of);
    free(tz);
}

const char *gisac_tz_name(const gisac_tz *tz)
{
    return tz ? tz->name : "UTC";
}

int32_t gisac_tz_offset_at(const gisac_tz *tz, int64_t t)
{
    if (!tz)
        return 0;
    if (!tz->n || t < tz->at[0])
        return tz->n || !tz->has_rule ? tz->first : rule_offset_at(&tz->rule, t);
    if (t >= tz->at[tz->n - 1] && tz->has_rule)
        return rule_offset_at(&tz->rule, t);
    size_t lo = 0, hi = tz->n; /* the last at[i] <= t */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (tz->at[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return tz->off_of[lo];
}

/*
 * A local time L (its fields read as if UTC) is the instant L - o for an
 * offset o in effect at L - o. The candidates are the offsets two days
 * before and after (no zone changes its offset twice within two days):
 * one that holds is the answer, two that hold are a fold (the earlier
 * instant), none a gap (the offset before it).
 */
int gisac_tz_local_to_utc(const gisac_tz *tz, int y, int mo, int d, int h, int mi, int s,
                          int64_t *out)
{
    if (y < -9999 || y > 99999 || mo < 1 || mo > 12 || d < 1 || d > gisac_days_in_month(y, mo) ||
        h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60)
        return GISAC_EINVAL;
    int64_t l =
        gisac_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + s;
    int32_t before = gisac_tz_offset_at(tz, l - 2 * 86400);
    int32_t after = gisac_tz_offset_at(tz, l + 2 * 86400);
    int ok_b = gisac_tz_offset_at(tz, l - before) == before;
    int ok_a = gisac_tz_offset_at(tz, l - after) == after;
    if (ok_b && ok_a)
        *out = l - before < l - after ? l - before : l - after;
    else if (ok_a)
        *out = l - after;
    else
        *out = l - before; /* holds, or a gap: the offset before it */
    return 0;
}

void gisac_tz_split(const gisac_tz *tz, int64_t t, gisac_tm *out)
{
    int32_t off = gisac_tz_offset_at(tz, t);
    unsigned m, d;
    gisac_split_utc(t + off, &out->year, &m, &d, &out->hour, &out->min, &out->sec);
    out->month = (int)m;
    out->day = (int)d;
    out->offset = off;
}

void gisac_time_format_local(int64_t t, const gisac_tz *tz, char out[GISAC_TIME_LEN])
{
    int32_t off = gisac_tz_offset_at(tz, t);
    /* RFC 3339 offsets are whole minutes: a historical local mean time
     * with seconds (Monrovia's -00:44:30) is shown with its offset rounded
     * to the nearest minute (half away from zero) and the local time that
     * goes with it, so the text still names the same instant */
    int32_t a = off < 0 ? -off : off;
    a = (a + 30) / 60 * 60;
    off = off < 0 ? -a : a;
    char tail[16];
    snprintf(tail, sizeof tail, "%c%02d:%02d", off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
    gisac_format_at(t + off, tail, out);
}

void gisac_date_format_local(int64_t t, const gisac_tz *tz, char out[GISAC_TIME_LEN])
{
    gisac_date_format(t + gisac_tz_offset_at(tz, t), out);
}
