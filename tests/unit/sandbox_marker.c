/* sandbox_marker.c: see sandbox_marker.h */
#include "sandbox_marker.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char maps[512u << 10];
static size_t maps_len;
static char exe[4096];
/* the prefix the scan looks for: its only place in a process without a marker */
static unsigned char pattern[MARKER_PREFIX];

/* volatile: the compiler may not fold the prefix into a constant of the image */
static volatile unsigned seed = 0xa5u;

void marker_prefix(unsigned char *out)
{
    for (unsigned i = 0; i < MARKER_PREFIX; i++)
        out[i] = (unsigned char)(seed ^ (i * 37u + 11u));
}

int marker_capture(void)
{
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = 0;
    int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    maps_len = 0;
    while (maps_len < sizeof maps - 1) {
        ssize_t r = read(fd, maps + maps_len, sizeof maps - 1 - maps_len);
        if (r <= 0)
            break;
        maps_len += (size_t)r;
    }
    maps[maps_len] = 0;
    close(fd);
    return maps_len ? 0 : -1;
}

const char *marker_exe(void)
{
    return exe;
}

/* not through AddressSanitizer: the scan reads red zones and freed memory on purpose */
__attribute__((no_sanitize("address"))) static int scan_range(const unsigned char *p,
                                                              const unsigned char *end, char *hex)
{
    static const char digits[] = "0123456789abcdef";
    for (; p + MARKER_PREFIX + MARKER_SECRET <= end; p++) {
        if (p[0] != pattern[0] || p == pattern)
            continue;
        unsigned i = 1;
        while (i < MARKER_PREFIX && p[i] == pattern[i])
            i++;
        if (i < MARKER_PREFIX)
            continue;
        for (unsigned k = 0; k < MARKER_SECRET; k++) {
            hex[2 * k] = digits[p[MARKER_PREFIX + k] >> 4];
            hex[2 * k + 1] = digits[p[MARKER_PREFIX + k] & 15];
        }
        hex[2 * MARKER_SECRET] = 0;
        return 1;
    }
    return 0;
}

int marker_scan(char *hex, size_t *scanned)
{
    marker_prefix(pattern);
    *scanned = 0;
    hex[0] = 0;
    for (char *line = maps; line < maps + maps_len;) {
        char *nl = strchr(line, '\n');
        if (!nl)
            break;
        *nl = 0;
        unsigned long long lo, hi;
        char perms[8] = "";
        int path_at = 0;
        if (sscanf(line, "%llx-%llx %7s %*s %*s %*s %n", &lo, &hi, perms, &path_at) >= 3 &&
            perms[0] == 'r' && hi - lo <= (256ull << 20) && strncmp(line + path_at, "[v", 2) != 0) {
            *scanned += (size_t)(hi - lo);
            if (scan_range((const unsigned char *)(uintptr_t)lo,
                           (const unsigned char *)(uintptr_t)hi, hex)) {
                *nl = '\n';
                return 1;
            }
        }
        *nl = '\n';
        line = nl + 1;
    }
    return 0;
}
