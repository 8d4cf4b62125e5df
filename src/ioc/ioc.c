/* ioc.c: type names, refanging, hashes and the normalise entry point. */
#include "ioc/ioc_internal.h"

#include <string.h>

static const char *const TYPE_NAMES[IOC_TYPE_COUNT] = {
    "ipv4",   "ipv6",  "cidr",        "domain",          "url", "md5", "sha1",
    "sha256", "email", "x509-sha256", "android-package",
};

const char *ioc_type_name(ioc_type t)
{
    if ((int)t < 0 || t >= IOC_TYPE_COUNT)
        return NULL;
    return TYPE_NAMES[t];
}

int ioc_type_from_name(const char *name, ioc_type *out)
{
    if (!name)
        return GISAC_EINVAL;
    size_t n = strnlen(name, 16);
    for (int t = 0; t < IOC_TYPE_COUNT; t++)
        if (ioc_ieq(name, n, TYPE_NAMES[t])) {
            if (out)
                *out = (ioc_type)t;
            return 0;
        }
    return GISAC_EINVAL;
}

/* ---- refanging ------------------------------------------------------- */

static const struct {
    const char *tok; /* lower case */
    unsigned char len;
    const char *rep;
    unsigned char replen;
} TOKENS[] = {
    {"[.]", 3, ".", 1},   {"(.)", 3, ".", 1},  {"{.}", 3, ".", 1},     {"[dot]", 5, ".", 1},
    {"(dot)", 5, ".", 1}, {"[:]", 3, ":", 1},  {"[://]", 5, "://", 3}, {"[@]", 3, "@", 1},
    {"[at]", 4, "@", 1},  {"(at)", 4, "@", 1},
};

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/*
 * out[0..o) ends with "://": undo a defanged scheme ("hxxp", "hxxps",
 * "fxp", "fxps", any case) standing at the start or after white space.
 */
static int refang_scheme(char *out, size_t o)
{
    size_t e = o - 3, b = e;
    while (b > 0 && e - b < 6 && ((out[b - 1] | 0x20) >= 'a' && (out[b - 1] | 0x20) <= 'z'))
        b--;
    if (b > 0 && !is_space(out[b - 1]))
        return 0;
    const char *w = out + b;
    size_t n = e - b;
    if (ioc_ieq(w, n, "hxxp") || ioc_ieq(w, n, "hxxps")) {
        out[b + 1] = (char)((out[b + 1] & 0x20) | 'T');
        out[b + 2] = (char)((out[b + 2] & 0x20) | 'T');
        return 1;
    }
    if (ioc_ieq(w, n, "fxp") || ioc_ieq(w, n, "fxps")) {
        out[b + 1] = (char)((out[b + 1] & 0x20) | 'T');
        return 1;
    }
    return 0;
}

long ioc_refang(const char *in, size_t len, char *out, size_t cap, int *changed)
{
    size_t o = 0;
    int ch = 0;
    if (changed)
        *changed = 0;
    if (!out || cap == 0 || (!in && len))
        return -1;
    for (size_t i = 0; i < len; i++) {
        char c = in[i];
        if (o + 1 >= cap)
            return -1;
        out[o++] = c;
        if (c == ']' || c == ')' || c == '}') {
            /*
             * Match against what has been written, not the input, so that
             * "[[.]]" comes out as "." and the result holds no token.
             */
            for (size_t k = 0; k < sizeof TOKENS / sizeof TOKENS[0]; k++) {
                size_t tl = TOKENS[k].len;
                if (o >= tl && ioc_ieq(out + o - tl, tl, TOKENS[k].tok)) {
                    o -= tl;
                    memcpy(out + o, TOKENS[k].rep, TOKENS[k].replen);
                    o += TOKENS[k].replen;
                    ch = 1;
                    break;
                }
            }
        }
        if (o >= 3 && out[o - 1] == '/' && out[o - 2] == '/' && out[o - 3] == ':' &&
            refang_scheme(out, o))
            ch = 1;
    }
    out[o] = '\0';
    if (changed)
        *changed = ch;
    return (long)o;
}

/* ---- hashes ---------------------------------------------------------- */

static int norm_hash(ioc_type t, const char *s, size_t n, ioc_w *w, gisac_err *err)
{
    size_t want = t == IOC_MD5 ? 32 : t == IOC_SHA1 ? 40 : 64;
    const char *name = TYPE_NAMES[t];
    for (size_t i = 0; i < n; i++)
        if (ioc_hexval((unsigned char)s[i]) < 0)
            return gisac_err_set(err, GISAC_EINVAL, "%s must be hex digits only", name);
    if (n != want)
        return gisac_err_set(err, GISAC_EINVAL, "%s must have %zu hex digits, not %zu", name, want,
                             n);
    for (size_t i = 0; i < n; i++)
        ioc_w_putc(w, ioc_lower(s[i]));
    return 0;
}

/* ---- normalise ------------------------------------------------------- */

static int find_sep(const char *s, size_t n)
{
    for (size_t i = 0; i + 3 <= n; i++)
        if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/')
            return 1;
    return 0;
}

/* The type under IOC_AUTO, or -1 with err set. */
static int detect(const char *s, size_t n, int *add_http, gisac_err *err)
{
    const char *sl = memchr(s, '/', n);
    const char *at = memchr(s, '@', n);
    int sep = find_sep(s, n);
    *add_http = 0;

    if (sl && !at && !sep) {
        size_t ln = (size_t)(sl - s);
        if (ioc_i_is_digitdot(s, ln) || ioc_i_is_v6ish(s, ln))
            return IOC_CIDR;
    }
    /* with a dot: an all-digit hash is not an address */
    if (ioc_i_is_digitdot(s, n) && memchr(s, '.', n))
        return IOC_IPV4;
    if (!sl && !at) {
        /* "192.0.2.1:80" is an address with a port: say so as IPv4 */
        const char *colon = memchr(s, ':', n);
        if (colon && colon > s && ioc_i_is_digitdot(s, (size_t)(colon - s)) &&
            memchr(s, '.', (size_t)(colon - s)) &&
            !memchr(colon + 1, ':', n - (size_t)(colon - s) - 1))
            return IOC_IPV4;
        const char *pct = memchr(s, '%', n);
        size_t m = pct ? (size_t)(pct - s) : n;
        if (s[0] == '[' || ioc_i_is_v6ish(s, m))
            return IOC_IPV6;
    }
    if (sep)
        return IOC_URL;
    if (sl && n > 4 && ioc_ieq(s, 4, "www.")) {
        *add_http = 1;
        return IOC_URL;
    }
    if (sl && !at)
        return gisac_err_set(err, GISAC_EINVAL, "URL without scheme");
    if (at)
        return IOC_EMAIL;
    size_t i = 0;
    while (i < n && ioc_hexval((unsigned char)s[i]) >= 0)
        i++;
    if (i == n) {
        if (n == 32)
            return IOC_MD5;
        if (n == 40)
            return IOC_SHA1;
        if (n == 64)
            return IOC_SHA256;
        if (n >= 24)
            return gisac_err_set(err, GISAC_EINVAL,
                                 "hex string of %zu digits is not an md5 (32), sha1 (40) or "
                                 "sha256 (64)",
                                 n);
    }
    return IOC_DOMAIN;
}

int ioc_normalise(ioc_type want, const char *in, size_t len, char *out, size_t cap, ioc_type *type,
                  unsigned *warn, gisac_err *err)
{
    char buf[IOC_VALUE_MAX];
    unsigned wn = 0;
    int rc, changed = 0, add_http = 0;

    if (warn)
        *warn = 0;
    if (!out || cap == 0)
        return gisac_err_set(err, GISAC_EINVAL, "no output buffer");
    out[0] = '\0';
    if (!in && len)
        return gisac_err_set(err, GISAC_EINVAL, "no input");
    if ((int)want < IOC_AUTO || want >= IOC_TYPE_COUNT)
        return gisac_err_set(err, GISAC_EINVAL, "unknown indicator type %d", (int)want);

    while (len && is_space(in[0])) {
        in++;
        len--;
    }
    while (len && is_space(in[len - 1]))
        len--;
    if (len == 0)
        return gisac_err_set(err, GISAC_EINVAL, "empty value");
    if (len >= 2 * IOC_VALUE_MAX)
        return gisac_err_set(err, GISAC_EINVAL, "value longer than %d octets", IOC_VALUE_MAX - 1);
    long rl = ioc_refang(in, len, buf, sizeof buf, &changed);
    if (rl < 0)
        return gisac_err_set(err, GISAC_EINVAL, "value longer than %d octets", IOC_VALUE_MAX - 1);
    const char *s = buf;
    size_t n = (size_t)rl;
    if (n == 0)
        return gisac_err_set(err, GISAC_EINVAL, "empty value");

    ioc_type t = want;
    if (want == IOC_AUTO) {
        int d = detect(s, n, &add_http, err);
        if (d < 0)
            return d;
        t = (ioc_type)d;
    }

    ioc_w w = {out, 0, (cap < IOC_VALUE_MAX ? cap : IOC_VALUE_MAX) - 1, 0};
    switch (t) {
    case IOC_IPV4:
        rc = ioc_i_norm_ipv4(s, n, &w, err);
        break;
    case IOC_IPV6:
        rc = ioc_i_norm_ipv6(s, n, &w, err);
        break;
    case IOC_CIDR:
        rc = ioc_i_norm_cidr(s, n, &w, &wn, err);
        break;
    case IOC_DOMAIN:
        rc = ioc_i_norm_domain(s, n, &w, err);
        break;
    case IOC_URL:
        rc = ioc_i_norm_url(s, n, want == IOC_URL || add_http, &w, err);
        break;
    case IOC_MD5:
    case IOC_SHA1:
    case IOC_SHA256:
        rc = norm_hash(t, s, n, &w, err);
        break;
    case IOC_EMAIL:
        rc = ioc_i_norm_email(s, n, &w, err);
        break;
    case IOC_X509_SHA256:
        rc = ioc_i_norm_x509(s, n, &w, err);
        break;
    case IOC_ANDROID_PACKAGE:
        rc = ioc_i_norm_android_package(s, n, &w, err);
        break;
    default:
        rc = gisac_err_set(err, GISAC_EINVAL, "unknown indicator type %d", (int)t);
        break;
    }
    if (rc == 0 && w.over)
        rc = gisac_err_set(err, GISAC_EINVAL, "normal form longer than %zu octets", w.lim);
    if (rc) {
        out[0] = '\0';
        return rc;
    }
    out[w.len] = '\0';
    if (changed)
        wn |= IOC_WARN_DEFANGED;
    if (type)
        *type = t;
    if (warn)
        *warn = wn;
    return 0;
}
