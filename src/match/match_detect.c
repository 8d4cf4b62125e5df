/*
 * match_detect.c: guess an input's format from its first non-empty lines.
 *
 *   Zeek TSV     a line starts with "#separator" (or "#fields"); other '#'
 *                lines before it are comments and are passed over
 *   EVE          a JSON object line with an "event_type" key
 *   Zeek JSON    a JSON object line with "ts" and one of "uid",
 *                "id.orig_h", "fuid", "_path", "certificate.version" (x509),
 *                "note" (notice), "peer" (weird, notice, reporter): so every
 *                log Zeek writes, also those of no connection
 *   CEF          "CEF:<digits>|" in the first line, at its start or after a
 *                syslog header
 *   syslog       "<PRI>" then "1 " (RFC 5424) or "Mmm dd hh:mm:ss" (RFC 3164)
 *   text         anything else (also JSON lines that are neither)
 *
 * JSON lines are looked at up to DETECT_LINES lines deep, so that a first
 * line without the telling keys does not decide alone. Only the first
 * DETECT_BYTES bytes are read.
 */
#include "match/match_internal.h"

#include <string.h>

#define DETECT_LINES 8
#define DETECT_BYTES (1u << 20)

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int starts(const char *p, size_t n, const char *s)
{
    size_t k = strlen(s);
    return n >= k && memcmp(p, s, k) == 0;
}

/* Does the line hold the key "k" (quoted, then optional blanks and ':')? */
static int has_key(const char *p, size_t n, const char *k)
{
    size_t kn = strlen(k);
    const char *end = p + n;
    for (const char *q = p; q + kn + 2 <= end;) {
        q = memchr(q, '"', (size_t)(end - q));
        if (!q || q + kn + 2 > end)
            return 0;
        if (memcmp(q + 1, k, kn) == 0 && q[kn + 1] == '"') {
            const char *c = q + kn + 2;
            while (c < end && (*c == ' ' || *c == '\t'))
                c++;
            if (c < end && *c == ':')
                return 1;
        }
        q++;
    }
    return 0;
}

static int is_3164_time(const char *p, size_t n)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    if (n < 15)
        return 0;
    int ok = 0;
    for (int m = 0; m < 12; m++)
        ok |= memcmp(p, months + 3 * m, 3) == 0;
    return ok && p[3] == ' ' && (p[4] == ' ' || is_digit((unsigned char)p[4])) &&
           is_digit((unsigned char)p[5]) && p[6] == ' ' && is_digit((unsigned char)p[7]) &&
           is_digit((unsigned char)p[8]) && p[9] == ':' && is_digit((unsigned char)p[10]) &&
           is_digit((unsigned char)p[11]) && p[12] == ':' && is_digit((unsigned char)p[13]) &&
           is_digit((unsigned char)p[14]);
}

/* "<PRI>" (1 to 3 digits): the length, or 0 */
static size_t pri_len(const char *p, size_t n)
{
    if (n < 3 || p[0] != '<')
        return 0;
    size_t k = 1;
    while (k < n && k < 4 && is_digit((unsigned char)p[k]))
        k++;
    return k > 1 && k < n && p[k] == '>' ? k + 1 : 0;
}

static int is_syslog(const char *p, size_t n)
{
    size_t k = pri_len(p, n);
    if (!k)
        return 0;
    if (n - k >= 2 && p[k] == '1' && p[k + 1] == ' ')
        return 1;
    return is_3164_time(p + k, n - k);
}

/* "CEF:" followed by a version number and '|' */
static int has_cef(const char *p, size_t n)
{
    for (size_t i = 0; i + 5 < n; i++) {
        if (p[i] != 'C' || p[i + 1] != 'E' || p[i + 2] != 'F' || p[i + 3] != ':')
            continue;
        size_t k = i + 4;
        while (k < n && (is_digit((unsigned char)p[k]) || p[k] == '.'))
            k++;
        if (k > i + 4 && k < n && p[k] == '|')
            return 1;
    }
    return 0;
}

match_format match_detect(const char *data, size_t len)
{
    if (!data)
        return MATCH_FMT_TEXT;
    if (len > DETECT_BYTES)
        len = DETECT_BYTES;
    const char *p = data, *end = data + len;
    /* a UTF-8 byte order mark */
    if (len >= 3 && (unsigned char)p[0] == 0xef && (unsigned char)p[1] == 0xbb &&
        (unsigned char)p[2] == 0xbf)
        p += 3;
    int first = 1, lines = 0;
    while (p < end && lines < DETECT_LINES) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *s = p;
        size_t n = (size_t)(le - p);
        p = nl ? nl + 1 : end;
        if (n && s[n - 1] == '\r')
            n--;
        while (n && (*s == ' ' || *s == '\t')) /* leading blanks */
            s++, n--;
        if (!n)
            continue;
        lines++;
        if (s[0] == '{') {
            if (has_key(s, n, "event_type"))
                return MATCH_FMT_EVE;
            if (has_key(s, n, "ts") &&
                (has_key(s, n, "uid") || has_key(s, n, "id.orig_h") || has_key(s, n, "fuid") ||
                 has_key(s, n, "_path") || has_key(s, n, "certificate.version") ||
                 has_key(s, n, "note") || has_key(s, n, "peer")))
                return MATCH_FMT_ZEEK;
            first = 0;
            continue; /* look at the next JSON line */
        }
        if (s[0] == '#') {
            if (starts(s, n, "#separator") || starts(s, n, "#fields"))
                return MATCH_FMT_ZEEK;
            continue; /* a comment ("### BTest baseline ..."): look further */
        }
        if (!first)
            return MATCH_FMT_TEXT;
        if (has_cef(s, n))
            return MATCH_FMT_CEF;
        if (is_syslog(s, n))
            return MATCH_FMT_SYSLOG;
        return MATCH_FMT_TEXT;
    }
    return MATCH_FMT_TEXT;
}
