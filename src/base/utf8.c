/* utf8.c: UTF-8 validity (base.h, "text"). */
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
