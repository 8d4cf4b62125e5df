/* utf8.c: UTF-8 validity (base.h, "text"). */
#include <string.h>

#include "base/base.h"
#include "base/base_internal.h"

size_t gisac_utf8_char_len(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    return *p < 0x80 ? 1 : gisac_utf8_seq(p, p + n);
}

int gisac_utf8_valid(const char *s, size_t n, size_t *chars)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    size_t c = 0;
    while (p < end) {
        size_t len = *p < 0x80 ? 1 : gisac_utf8_seq(p, end);
        if (len == 0)
            return 0;
        p += len;
        c++;
    }
    if (chars)
        *chars = c;
    return 1;
}

size_t gisac_utf8_prefix(const char *s, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t at = 0;
    while (p[at] != '\0') {
        size_t len = p[at] < 0x80 ? 1 : gisac_utf8_seq_z(p + at);
        if (len == 0)
            len = 1; /* an invalid byte is one (the JSON writer replaces it) */
        if (at + len > max)
            break;
        at += len;
    }
    return at;
}

void gisac_utf8_trim(char *s)
{
    size_t n = strlen(s), k = n;
    /* back over at most 3 continuation bytes to the lead byte */
    while (k > 0 && n - k < 4 && ((unsigned char)s[k - 1] & 0xC0) == 0x80)
        k--;
    if (k > 0 && (unsigned char)s[k - 1] >= 0xC0 &&
        gisac_utf8_seq_z((unsigned char *)s + k - 1) == 0)
        s[k - 1] = '\0';
}

size_t gisac_utf8_scrub(const char *s, char *out, size_t cap)
{
    static const char fffd[] = "\xEF\xBF\xBD";
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    while (*p) {
        size_t len = *p < 0x80 ? 1 : gisac_utf8_seq_z(p);
        const char *from = len ? (const char *)p : fffd;
        size_t w = len ? len : 3;
        if (n + w >= cap)
            break;
        memcpy(out + n, from, w);
        n += w;
        p += len ? len : 1;
    }
    out[n] = '\0';
    return n;
}
