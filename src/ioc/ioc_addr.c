/* ioc_addr.c: IPv4 and IPv6 addresses and CIDR blocks. */
#include "ioc/ioc_internal.h"

#include <string.h>

#define V4_BAD "bad IPv4 address"
#define V6_BAD "bad IPv6 address"

int ioc_i_is_digitdot(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!ioc_is_digit(s[i]) && s[i] != '.')
            return 0;
    return 1;
}

int ioc_i_is_v6ish(const char *s, size_t n)
{
    int colons = 0;
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ':')
            colons++;
        else if (s[i] != '.' && ioc_hexval((unsigned char)s[i]) < 0)
            return 0;
    }
    return colons >= 2 || s[0] == ':' || s[n - 1] == ':';
}

static int v4_badchar(gisac_err *err, char c)
{
    unsigned char u = (unsigned char)c;
    if (u >= 0x20 && u < 0x7f)
        return gisac_err_set(err, GISAC_EINVAL, V4_BAD ": invalid character '%c'", c);
    return gisac_err_set(err, GISAC_EINVAL, V4_BAD ": invalid byte 0x%02x", u);
}

int ioc_i_v4_parse(const char *s, size_t n, uint8_t out[4], gisac_err *err)
{
    size_t i = 0;
    for (size_t j = 0; j < n; j++)
        if (!ioc_is_digit(s[j]) && s[j] != '.')
            return v4_badchar(err, s[j]);
    for (int k = 0; k < 4; k++) {
        if (k > 0) {
            if (i >= n)
                return gisac_err_set(err, GISAC_EINVAL, V4_BAD ": expected 4 octets");
            if (s[i] != '.')
                return v4_badchar(err, s[i]);
            i++;
        }
        size_t st = i;
        while (i < n && ioc_is_digit(s[i]))
            i++;
        size_t d = i - st;
        if (d == 0) {
            if (i < n && s[i] != '.')
                return v4_badchar(err, s[i]);
            return gisac_err_set(err, GISAC_EINVAL, V4_BAD ": empty octet");
        }
        int shown = d > 12 ? 12 : (int)d;
        if (d > 1 && s[st] == '0')
            return gisac_err_set(err, GISAC_EINVAL, V4_BAD ": leading zero in octet '%.*s'", shown,
                                 s + st);
        unsigned v = 0;
        for (size_t j = st; j < i && v <= 255; j++)
            v = v * 10 + (unsigned)(s[j] - '0');
        if (d > 3 || v > 255)
            return gisac_err_set(err, GISAC_EINVAL, V4_BAD ": octet '%.*s' out of range", shown,
                                 s + st);
        out[k] = (uint8_t)v;
    }
    if (i != n) {
        if (s[i] == '.')
            return gisac_err_set(err, GISAC_EINVAL, V4_BAD ": expected 4 octets");
        return v4_badchar(err, s[i]);
    }
    return 0;
}

int ioc_i_v6_parse(const char *s, size_t n, uint8_t out[16], gisac_err *err)
{
    uint16_t g[8];
    int ng = 0, dc = -1; /* groups seen; where "::" stood */
    size_t i = 0;

    /* the longest text form is 45 characters (six groups and a dotted quad) */
    if (n < 2 || n > 45)
        return gisac_err_set(err, GISAC_EINVAL, V6_BAD);
    if (s[0] == ':') {
        if (s[1] != ':')
            return gisac_err_set(err, GISAC_EINVAL, V6_BAD);
        dc = 0;
        i = 2;
    }
    while (i < n) {
        size_t st = i;
        unsigned v = 0;
        int h;
        while (i < n && i - st < 5 && (h = ioc_hexval((unsigned char)s[i])) >= 0) {
            v = (v << 4) | (unsigned)h;
            i++;
        }
        if (i < n && s[i] == '.') {
            /* an embedded IPv4 address ends the text and takes two groups */
            uint8_t q[4];
            if (ng > 6 || ioc_i_v4_parse(s + st, n - st, q, NULL) != 0)
                return gisac_err_set(err, GISAC_EINVAL, V6_BAD);
            g[ng++] = (uint16_t)(q[0] << 8 | q[1]);
            g[ng++] = (uint16_t)(q[2] << 8 | q[3]);
            i = n;
            break;
        }
        if (i == st || i - st > 4 || ng == 8)
            return gisac_err_set(err, GISAC_EINVAL, V6_BAD);
        g[ng++] = (uint16_t)v;
        if (i == n)
            break;
        if (s[i] != ':')
            return gisac_err_set(err, GISAC_EINVAL, V6_BAD);
        i++;
        if (i < n && s[i] == ':') {
            if (dc >= 0)
                return gisac_err_set(err, GISAC_EINVAL, V6_BAD);
            dc = ng;
            i++;
        } else if (i == n) {
            return gisac_err_set(err, GISAC_EINVAL, V6_BAD); /* a lone trailing ':' */
        }
    }
    if (dc < 0 ? ng != 8 : ng > 7)
        return gisac_err_set(err, GISAC_EINVAL, V6_BAD);

    uint16_t full[8] = {0};
    if (dc < 0) {
        memcpy(full, g, sizeof full);
    } else {
        for (int k = 0; k < dc; k++)
            full[k] = g[k];
        int tail = ng - dc;
        for (int k = 0; k < tail; k++)
            full[8 - tail + k] = g[dc + k];
    }
    for (int k = 0; k < 8; k++) {
        out[2 * k] = (uint8_t)(full[k] >> 8);
        out[2 * k + 1] = (uint8_t)full[k];
    }
    return 0;
}

int ioc_addr_parse(const char *s, size_t len, ioc_addr *out)
{
    ioc_addr a;
    if (!s || !out)
        return GISAC_EINVAL;
    memset(&a, 0, sizeof a);
    if (memchr(s, ':', len)) {
        if (ioc_i_v6_parse(s, len, a.b, NULL) != 0)
            return GISAC_EINVAL;
        a.v6 = 1;
    } else {
        if (ioc_i_v4_parse(s, len, a.b + 12, NULL) != 0)
            return GISAC_EINVAL;
        a.b[10] = a.b[11] = 0xff;
    }
    *out = a;
    return 0;
}

/* v (< 1000) in decimal at out, not terminated; its length. */
static size_t put_dec(char *out, unsigned v)
{
    size_t o = 0;
    if (v >= 100)
        out[o++] = (char)('0' + v / 100);
    if (v >= 10)
        out[o++] = (char)('0' + v / 10 % 10);
    out[o++] = (char)('0' + v % 10);
    return o;
}

static size_t fmt_v4(const uint8_t *q, char *out)
{
    size_t o = 0;
    for (int k = 0; k < 4; k++) {
        if (k)
            out[o++] = '.';
        o += put_dec(out + o, q[k]);
    }
    out[o] = '\0';
    return o;
}

int ioc_v6_zero_run(const unsigned g[8], int *len)
{
    int best = -1;
    *len = 0;
    for (int k = 0; k < 8;) {
        if (g[k] != 0) {
            k++;
            continue;
        }
        int e = k;
        while (e < 8 && g[e] == 0)
            e++;
        if (e - k >= 2 && e - k > *len) {
            best = k;
            *len = e - k;
        }
        k = e;
    }
    return best;
}

static size_t fmt_addr(const ioc_addr *a, char *out)
{
    static const char hx[] = "0123456789abcdef";
    static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (!a->v6)
        return fmt_v4(a->b + 12, out);
    if (memcmp(a->b, mapped, 12) == 0) {
        memcpy(out, "::ffff:", 7);
        return 7 + fmt_v4(a->b + 12, out + 7);
    }
    unsigned g[8];
    for (int k = 0; k < 8; k++)
        g[k] = (unsigned)a->b[2 * k] << 8 | a->b[2 * k + 1];
    int bestlen;
    int best = ioc_v6_zero_run(g, &bestlen);
    size_t o = 0;
    for (int k = 0; k < 8; k++) {
        if (k == best) {
            out[o++] = ':';
            out[o++] = ':';
            k += bestlen - 1;
            continue;
        }
        if (k > 0 && k != best + bestlen)
            out[o++] = ':';
        unsigned v = g[k];
        int started = 0;
        for (int sh = 12; sh >= 0; sh -= 4) {
            unsigned d = (v >> sh) & 0xf;
            if (d || started || sh == 0) {
                out[o++] = hx[d];
                started = 1;
            }
        }
    }
    out[o] = '\0';
    return o;
}

void ioc_addr_format(const ioc_addr *a, char *out)
{
    if (!out)
        return;
    if (!a) {
        out[0] = '\0';
        return;
    }
    fmt_addr(a, out);
}

int ioc_i_norm_ipv4(const char *s, size_t n, ioc_w *w, gisac_err *err)
{
    uint8_t q[4];
    char buf[16];
    int rc = ioc_i_v4_parse(s, n, q, err);
    if (rc)
        return rc;
    ioc_w_put(w, buf, fmt_v4(q, buf));
    return 0;
}

/* Strip brackets, reject zones, parse. */
static int v6_text(const char *s, size_t n, ioc_addr *a, gisac_err *err)
{
    if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
        s++;
        n -= 2;
    }
    if (memchr(s, '%', n))
        return gisac_err_set(err, GISAC_EINVAL, "IPv6 zone ids are not accepted");
    memset(a, 0, sizeof *a);
    a->v6 = 1;
    return ioc_i_v6_parse(s, n, a->b, err);
}

int ioc_i_norm_ipv6(const char *s, size_t n, ioc_w *w, gisac_err *err)
{
    ioc_addr a;
    char buf[48];
    int rc = v6_text(s, n, &a, err);
    if (rc)
        return rc;
    ioc_w_put(w, buf, fmt_addr(&a, buf));
    return 0;
}

/* Clear the bits after prefix128; 1 if any were set. */
static int clear_host_bits(uint8_t b[16], int prefix128)
{
    int changed = 0;
    for (int k = 0; k < 16; k++) {
        int keep = prefix128 - 8 * k;
        uint8_t m = keep >= 8 ? 0xff : keep <= 0 ? 0 : (uint8_t)(0xff << (8 - keep));
        if (b[k] & (uint8_t)~m)
            changed = 1;
        b[k] &= m;
    }
    return changed;
}

/*
 * "addr/n", or a bare address when bare_ok. On success *a holds the address
 * (host bits not yet cleared) and *prefix its own-family prefix length.
 */
static int cidr_split(const char *s, size_t n, int bare_ok, ioc_addr *a, int *prefix,
                      gisac_err *err)
{
    const char *sl = memchr(s, '/', n);
    size_t an = sl ? (size_t)(sl - s) : n;
    int rc;

    if (!sl && !bare_ok)
        return gisac_err_set(err, GISAC_EINVAL, "cidr without a prefix length");
    if (memchr(s, ':', an)) {
        /* brackets only around a bare address */
        if (sl && an && s[0] == '[')
            return gisac_err_set(err, GISAC_EINVAL, V6_BAD);
        rc = v6_text(s, an, a, err);
    } else {
        memset(a, 0, sizeof *a);
        a->b[10] = a->b[11] = 0xff;
        rc = ioc_i_v4_parse(s, an, a->b + 12, err);
    }
    if (rc)
        return rc;
    int max = a->v6 ? 128 : 32;
    if (!sl) {
        *prefix = max;
        return 0;
    }
    const char *p = sl + 1;
    size_t pn = n - an - 1;
    if (pn == 0)
        return gisac_err_set(err, GISAC_EINVAL, "cidr without a prefix length");
    for (size_t i = 0; i < pn; i++)
        if (!ioc_is_digit(p[i]))
            return gisac_err_set(err, GISAC_EINVAL, "bad prefix length '%.*s'",
                                 pn > 16 ? 16 : (int)pn, p);
    if (pn > 1 && p[0] == '0')
        return gisac_err_set(err, GISAC_EINVAL, "prefix length with a leading zero '%.*s'",
                             pn > 16 ? 16 : (int)pn, p);
    int v = 0;
    for (size_t i = 0; i < pn && v <= 1000; i++)
        v = v * 10 + (p[i] - '0');
    if (v > max) {
        if (pn > 4)
            return gisac_err_set(err, GISAC_EINVAL, "prefix length out of range for %s (0..%d)",
                                 a->v6 ? "IPv6" : "IPv4", max);
        return gisac_err_set(err, GISAC_EINVAL, "prefix /%d out of range for %s (0..%d)", v,
                             a->v6 ? "IPv6" : "IPv4", max);
    }
    *prefix = v;
    return 0;
}

int ioc_i_norm_cidr(const char *s, size_t n, ioc_w *w, unsigned *warn, gisac_err *err)
{
    ioc_addr a;
    int prefix;
    char buf[64];
    int rc = cidr_split(s, n, 1, &a, &prefix, err);
    if (rc)
        return rc;
    if (clear_host_bits(a.b, a.v6 ? prefix : 96 + prefix))
        *warn |= IOC_WARN_HOSTBITS;
    size_t o = fmt_addr(&a, buf);
    buf[o++] = '/';
    o += put_dec(buf + o, (unsigned)prefix);
    ioc_w_put(w, buf, o);
    return 0;
}

int ioc_cidr_parse(const char *normal, ioc_addr *net, int *prefix128)
{
    ioc_addr a;
    int prefix;
    if (!normal)
        return GISAC_EINVAL;
    size_t n = strnlen(normal, IOC_VALUE_MAX);
    if (cidr_split(normal, n, 0, &a, &prefix, NULL) != 0)
        return GISAC_EINVAL;
    int p128 = a.v6 ? prefix : 96 + prefix;
    clear_host_bits(a.b, p128);
    if (net)
        *net = a;
    if (prefix128)
        *prefix128 = p128;
    return 0;
}

static void hex16(const uint8_t b[16], char out[33])
{
    static const char hx[] = "0123456789abcdef";
    for (int k = 0; k < 16; k++) {
        out[2 * k] = hx[b[k] >> 4];
        out[2 * k + 1] = hx[b[k] & 0xf];
    }
    out[32] = '\0';
}

int ioc_range_hex(ioc_type t, const char *normal, char lo[33], char hi[33])
{
    ioc_addr a;
    if (!normal || !lo || !hi)
        return GISAC_EINVAL;
    size_t n = strnlen(normal, IOC_VALUE_MAX);
    if (t == IOC_IPV4 || t == IOC_IPV6) {
        if (ioc_addr_parse(normal, n, &a) != 0 || a.v6 != (t == IOC_IPV6))
            return GISAC_EINVAL;
        hex16(a.b, lo);
        hex16(a.b, hi);
        return 0;
    }
    if (t != IOC_CIDR)
        return GISAC_EINVAL;
    int p128;
    if (ioc_cidr_parse(normal, &a, &p128) != 0)
        return GISAC_EINVAL;
    hex16(a.b, lo);
    for (int k = 0; k < 16; k++) {
        int keep = p128 - 8 * k;
        uint8_t m = keep >= 8 ? 0xff : keep <= 0 ? 0 : (uint8_t)(0xff << (8 - keep));
        a.b[k] |= (uint8_t)~m;
    }
    hex16(a.b, hi);
    return 0;
}
