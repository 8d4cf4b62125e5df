/* time.c: the clock and ISO 8601 parsing and formatting in UTC (zones: tz.c). */
#include "base/base.h"
#include "base/base_internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
int64_t gisac_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void gisac_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (*m <= 2));
}

static int digits(const char *s, size_t len, size_t *i, int n, int *out)
{
    int v = 0;
    for (int k = 0; k < n; k++) {
        if (*i >= len || s[*i] < '0' || s[*i] > '9')
            return -1;
        v = v * 10 + (s[*i] - '0');
        (*i)++;
    }
    *out = v;
    return 0;
}

int gisac_days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

int gisac_time_parse_in(const char *s, size_t len, const gisac_tz *tz, int64_t *out)
{
    while (len && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (!len)
        return GISAC_EINVAL;

    /* plain epoch seconds (e.g. MISP timestamps) */
    size_t k = 0;
    while (k < len && s[k] >= '0' && s[k] <= '9')
        k++;
    if (k == len && len <= 12 && len != 8) {
        int64_t v = 0;
        for (size_t j = 0; j < len; j++)
            v = v * 10 + (s[j] - '0');
        *out = v;
        return 0;
    }

    size_t i = 0;
    int y, mo, d, h = 0, mi = 0, se = 0;
    if (digits(s, len, &i, 4, &y) || i >= len || s[i++] != '-' || digits(s, len, &i, 2, &mo) ||
        i >= len || s[i++] != '-' || digits(s, len, &i, 2, &d))
        return GISAC_EINVAL;
    if (mo < 1 || mo > 12 || d < 1 || d > gisac_days_in_month(y, mo))
        return GISAC_EINVAL;
    int64_t off = 0;
    int explicit = 0; /* an offset, Z or UTC was given */
    if (i < len) {
        if (s[i] != 'T' && s[i] != 't' && s[i] != ' ')
            return GISAC_EINVAL;
        i++;
        if (digits(s, len, &i, 2, &h) || i >= len || s[i++] != ':' || digits(s, len, &i, 2, &mi))
            return GISAC_EINVAL;
        if (i < len && s[i] == ':') {
            i++;
            if (digits(s, len, &i, 2, &se))
                return GISAC_EINVAL;
            if (i < len && (s[i] == '.' || s[i] == ',')) {
                i++;
                size_t f = i;
                while (i < len && s[i] >= '0' && s[i] <= '9')
                    i++;
                if (i == f)
                    return GISAC_EINVAL;
            }
        }
        if (h > 23 || mi > 59 || se > 60)
            return GISAC_EINVAL;
        if (i < len) {
            if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == len) {
                i++;
                explicit = 1;
            } else if (s[i] == '+' || s[i] == '-') {
                int sign = s[i] == '-' ? -1 : 1, oh, om = 0;
                i++;
                if (digits(s, len, &i, 2, &oh))
                    return GISAC_EINVAL;
                if (i < len && s[i] == ':')
                    i++;
                if (i < len && digits(s, len, &i, 2, &om))
                    return GISAC_EINVAL;
                if (oh > 23 || om > 59)
                    return GISAC_EINVAL;
                off = sign * (oh * 3600 + om * 60);
                explicit = 1;
            } else if (s[i] == ' ' && len - i == 4 && strncmp(s + i, " UTC", 4) == 0) {
                i = len;
                explicit = 1;
            }
        }
    }
    if (i != len)
        return GISAC_EINVAL;
    if (se == 60)
        se = 59;
    if (!explicit && tz)
        return gisac_tz_local_to_utc(tz, y, mo, d, h, mi, se, out);
    *out =
        gisac_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se - off;
    return 0;
}

int gisac_time_parse(const char *s, size_t len, int64_t *out)
{
    return gisac_time_parse_in(s, len, NULL, out);
}

int64_t gisac_now(void)
{
    const char *env = getenv("GISAC_NOW");
    int64_t t;
    if (env && *env && gisac_time_parse(env, strlen(env), &t) == 0)
        return t;
    return (int64_t)time(NULL);
}

void gisac_split_utc(int64_t t, int *y, unsigned *m, unsigned *d, int *h, int *mi, int *s)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t rem = t - days * 86400;
    gisac_civil_from_days(days, y, m, d);
    *h = (int)(rem / 3600);
    *mi = (int)(rem % 3600 / 60);
    *s = (int)(rem % 60);
}

static char *two(char *p, unsigned v)
{
    p[0] = (char)('0' + v / 10 % 10);
    p[1] = (char)('0' + v % 10);
    return p + 2;
}

/*
 * "YYYY-MM-DDTHH:MM:SS" + tail, written by hand (TAXII pages format a few
 * thousand times each); years outside 0..9999 go through snprintf.
 */
void gisac_format_at(int64_t t, const char *tail, char out[GISAC_TIME_LEN])
{
    int y, h, mi, s;
    unsigned m, d;
    gisac_split_utc(t, &y, &m, &d, &h, &mi, &s);
    if (y < 0 || y > 9999) {
        snprintf(out, GISAC_TIME_LEN, "%04d-%02u-%02uT%02d:%02d:%02d%s", y, m, d, h, mi, s, tail);
        return;
    }
    char *p = two(out, (unsigned)y / 100);
    p = two(p, (unsigned)y % 100);
    *p++ = '-';
    p = two(p, m);
    *p++ = '-';
    p = two(p, d);
    *p++ = 'T';
    p = two(p, (unsigned)h);
    *p++ = ':';
    p = two(p, (unsigned)mi);
    *p++ = ':';
    p = two(p, (unsigned)s);
    size_t n = strlen(tail);
    memcpy(p, tail, n + 1);
}

void gisac_time_format(int64_t t, char out[GISAC_TIME_LEN])
{
    gisac_format_at(t, "Z", out);
}

void gisac_time_format_ms(int64_t t, char out[GISAC_TIME_LEN])
{
    gisac_format_at(t, ".000Z", out);
}

void gisac_date_format(int64_t t, char out[GISAC_TIME_LEN])
{
    int y, h, mi, s;
    unsigned m, d;
    gisac_split_utc(t, &y, &m, &d, &h, &mi, &s);
    snprintf(out, GISAC_TIME_LEN, "%04d-%02u-%02u", y, m, d);
}
