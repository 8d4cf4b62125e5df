/* duration.c: durations written as "90s", "30m", "1h", "7d", "2w" (base.h). */
#include "base/base.h"

#include <stdio.h>
#include <string.h>

int gisac_duration_parse(const char *s, int64_t *out)
{
    if (!s || !*s)
        return GISAC_EINVAL;
    int64_t total = 0;
    const char *p = s;
    while (*p) {
        if (*p < '0' || *p > '9')
            return GISAC_EINVAL;
        int64_t n = 0;
        while (*p >= '0' && *p <= '9') {
            if (n > 100000000)
                return GISAC_EINVAL;
            n = n * 10 + (*p++ - '0');
        }
        int64_t unit;
        switch (*p) {
        case 's':
            unit = 1;
            break;
        case 'm':
            unit = 60;
            break;
        case 'h':
            unit = 3600;
            break;
        case 'd':
            unit = 86400;
            break;
        case 'w':
            unit = 7 * 86400;
            break;
        case '\0':
            if (p == s + strlen(s) && total == 0) { /* plain seconds */
                *out = n;
                return 0;
            }
            return GISAC_EINVAL;
        default:
            return GISAC_EINVAL;
        }
        p++;
        total += n * unit;
        if (total > (int64_t)100 * 365 * 86400)
            return GISAC_EINVAL;
    }
    *out = total;
    return 0;
}

void gisac_duration_format(int64_t secs, char out[GISAC_DURATION_LEN])
{
    static const struct {
        int64_t n;
        char c;
    } units[] = {{7 * 86400, 'w'}, {86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
    if (secs <= 0) {
        snprintf(out, GISAC_DURATION_LEN, "0s");
        return;
    }
    size_t len = 0;
    for (size_t i = 0; i < sizeof units / sizeof units[0] && secs > 0; i++) {
        if (secs < units[i].n)
            continue;
        int w = snprintf(out + len, GISAC_DURATION_LEN - len, "%lld%c",
                         (long long)(secs / units[i].n), units[i].c);
        if (w < 0 || (size_t)w >= GISAC_DURATION_LEN - len)
            break;
        len += (size_t)w;
        secs %= units[i].n;
    }
}
