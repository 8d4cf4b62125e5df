/* cursor.c: keyset cursors as text (base.h). */
#include "base/base.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void gisac_cursor_make(const int64_t *v, size_t n, char *out, size_t cap)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && len < cap; i++) {
        int w = snprintf(out + len, cap - len, "%s%" PRIx64, i ? "." : "", (uint64_t)v[i]);
        if (w < 0)
            break;
        len += (size_t)w;
    }
}

static int hex_i64(const char *s, size_t n, int64_t *out)
{
    if (n == 0 || n > 15)
        return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + (uint64_t)d;
    }
    *out = (int64_t)v;
    return 0;
}

int gisac_cursor_parse(const char *s, int64_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *dot = i + 1 < n ? strchr(s, '.') : s + strlen(s);
        if (!dot || hex_i64(s, (size_t)(dot - s), &v[i]) < 0)
            return -1;
        s = dot + 1;
    }
    return 0;
}
