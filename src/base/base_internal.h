/* base_internal.h: shared between the files of src/base only. */
#ifndef GISAC_BASE_INTERNAL_H
#define GISAC_BASE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* ---- the calendar (time.c), shared with the zones (tz.c) ---- */
/* Days from 1970-01-01 to y-m-d, proleptic Gregorian. */
int64_t gisac_days_from_civil(int64_t y, unsigned m, unsigned d);
void gisac_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d);
int gisac_days_in_month(int y, int m);
/* t split as UTC calendar fields */
void gisac_split_utc(int64_t t, int *y, unsigned *m, unsigned *d, int *h, int *mi, int *s);
/* "YYYY-MM-DDTHH:MM:SS" of t (as UTC fields) followed by tail */
void gisac_format_at(int64_t t, const char *tail, char out[32]);

/*
 * The length of the non-ASCII UTF-8 sequence at p (*p >= 0x80), or 0 when
 * it is not valid UTF-8 (RFC 3629: no overlong forms, no encoded
 * surrogates, nothing above U+10FFFF), truncated included. Inline: the
 * JSON extractor's hot loop calls it (jsonx.c), as does gisac_utf8_valid.
 */
static inline size_t gisac_utf8_seq(const unsigned char *p, const unsigned char *end)
{
    unsigned char c = p[0];
    size_t avail = (size_t)(end - p);
    if (c >= 0xC2 && c <= 0xDF)
        return avail >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (avail < 3 || (p[2] & 0xC0) != 0x80)
            return 0;
        unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        return p[1] >= lo && p[1] <= hi ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (avail < 4 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
            return 0;
        unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        return p[1] >= lo && p[1] <= hi ? 4 : 0;
    }
    return 0;
}

/* The valid sequence at p (p[0] >= 0x80) of a NUL-terminated string, or 0:
 * never reads past the terminator (a NUL is no continuation byte). */
static inline size_t gisac_utf8_seq_z(const unsigned char *p)
{
    size_t n = 1;
    while (n < 4 && p[n] != '\0')
        n++;
    return gisac_utf8_seq(p, p + n);
}

#endif
