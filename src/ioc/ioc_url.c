/* ioc_url.c: URLs. */
#include "ioc/ioc_internal.h"

#include <string.h>

static const struct {
    const char *name;
    int port; /* default port, dropped from the normal form; 0 for none */
} SCHEMES[] = {
    {"http", 80}, {"https", 443}, {"ftp", 21}, {"ftps", 0}, {"ws", 0}, {"wss", 0}, {"sftp", 0},
};

const char *ioc_url_scheme(size_t i)
{
    return i < sizeof SCHEMES / sizeof SCHEMES[0] ? SCHEMES[i].name : NULL;
}

/* Length of a leading "scheme://" scheme, or 0. */
static size_t scheme_len(const char *s, size_t n)
{
    size_t i = 0;
    if (n == 0 || !((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z'))
        return 0;
    while (i < n) {
        char c = s[i];
        char l = (char)(c | 0x20);
        if ((l >= 'a' && l <= 'z') || ioc_is_digit(c) || c == '+' || c == '-' || c == '.')
            i++;
        else
            break;
    }
    if (n - i >= 3 && s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/')
        return i;
    return 0;
}

/*
 * Split an authority into userinfo, host and port. The host of a bracketed
 * IPv6 address is returned without brackets and *v6 set. port is NULL when
 * there is no ':'.
 */
static int split_authority(const char *a, size_t an, const char **user, size_t *un,
                           const char **host, size_t *hn, const char **port, size_t *pn, int *v6,
                           gisac_err *err)
{
    const char *at = NULL;
    for (size_t i = an; i > 0; i--)
        if (a[i - 1] == '@') {
            at = a + i - 1;
            break;
        }
    *user = NULL;
    *un = 0;
    if (at) {
        *user = a;
        *un = (size_t)(at - a);
        an -= *un + 1;
        a = at + 1;
    }
    *port = NULL;
    *pn = 0;
    *v6 = 0;
    if (an == 0)
        return gisac_err_set(err, GISAC_EINVAL, "URL without host");
    if (a[0] == '[') {
        const char *rb = memchr(a, ']', an);
        if (!rb)
            return gisac_err_set(err, GISAC_EINVAL, "bad IPv6 address");
        *host = a + 1;
        *hn = (size_t)(rb - a - 1);
        *v6 = 1;
        size_t rest = an - (size_t)(rb - a) - 1;
        if (rest) {
            if (rb[1] != ':')
                return gisac_err_set(err, GISAC_EINVAL, "bad URL host");
            *port = rb + 2;
            *pn = rest - 1;
        }
        return 0;
    }
    const char *colon = memchr(a, ':', an);
    *host = a;
    *hn = colon ? (size_t)(colon - a) : an;
    if (colon) {
        *port = colon + 1;
        *pn = an - *hn - 1;
        if (memchr(*port, ':', *pn))
            return gisac_err_set(err, GISAC_EINVAL, "IPv6 URL host must be in brackets");
    }
    if (*hn == 0)
        return gisac_err_set(err, GISAC_EINVAL, "URL without host");
    return 0;
}

int ioc_i_norm_url(const char *s, size_t n, int add_http, ioc_w *w, gisac_err *err)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char u = (unsigned char)s[i];
        if (u == ' ')
            return gisac_err_set(err, GISAC_EINVAL, "space in URL");
        if (u < 0x20 || u == 0x7f)
            return gisac_err_set(err, GISAC_EINVAL, "control character in URL");
    }

    size_t sl = scheme_len(s, n);
    int defport = 80;
    if (sl == 0) {
        if (!add_http)
            return gisac_err_set(err, GISAC_EINVAL, "URL without scheme");
        ioc_w_put(w, "http", 4);
    } else {
        size_t k = 0, nk = sizeof SCHEMES / sizeof SCHEMES[0];
        while (k < nk && !ioc_ieq(s, sl, SCHEMES[k].name))
            k++;
        if (k == nk)
            return gisac_err_set(err, GISAC_EINVAL, "unsupported URL scheme '%.*s'",
                                 sl > 16 ? 16 : (int)sl, s);
        defport = SCHEMES[k].port;
        ioc_w_put(w, SCHEMES[k].name, sl);
        s += sl + 3;
        n -= sl + 3;
    }
    ioc_w_put(w, "://", 3);

    size_t an = 0;
    while (an < n && s[an] != '/' && s[an] != '?' && s[an] != '#')
        an++;
    const char *user, *host, *port;
    size_t un, hn, pn;
    int v6, rc;
    rc = split_authority(s, an, &user, &un, &host, &hn, &port, &pn, &v6, err);
    if (rc)
        return rc;
    if (user) {
        ioc_w_put(w, user, un);
        ioc_w_putc(w, '@');
    }
    if (v6) {
        ioc_w_putc(w, '[');
        if (memchr(host, '%', hn))
            return gisac_err_set(err, GISAC_EINVAL, "IPv6 zone ids are not accepted");
        rc = ioc_i_norm_ipv6(host, hn, w, err);
        ioc_w_putc(w, ']');
    } else if (ioc_i_is_digitdot(host, hn)) {
        rc = ioc_i_norm_ipv4(host, hn, w, err);
    } else {
        rc = ioc_i_norm_domain(host, hn, w, err);
    }
    if (rc)
        return rc;

    if (pn) {
        size_t i = 0;
        unsigned v = 0;
        for (size_t j = 0; j < pn; j++)
            if (!ioc_is_digit(port[j]))
                return gisac_err_set(err, GISAC_EINVAL, "bad port '%.*s'", pn > 16 ? 16 : (int)pn,
                                     port);
        while (i < pn - 1 && port[i] == '0')
            i++;
        if (pn - i > 5)
            return gisac_err_set(err, GISAC_EINVAL, "port out of range (1..65535)");
        for (size_t j = i; j < pn; j++)
            v = v * 10 + (unsigned)(port[j] - '0');
        if (v == 0 || v > 65535)
            return gisac_err_set(err, GISAC_EINVAL, "port %u out of range (1..65535)", v);
        if ((int)v != defport) {
            ioc_w_putc(w, ':');
            ioc_w_put(w, port + i, pn - i);
        }
    }

    /* path, then query; the fragment is dropped */
    size_t pe = an;
    while (pe < n && s[pe] != '?' && s[pe] != '#')
        pe++;
    if (pe == an)
        ioc_w_putc(w, '/');
    else
        ioc_w_put(w, s + an, pe - an);
    if (pe < n && s[pe] == '?') {
        size_t qe = pe;
        while (qe < n && s[qe] != '#')
            qe++;
        ioc_w_put(w, s + pe, qe - pe);
    }
    return 0;
}

int ioc_url_host(const char *normal_url, char *out, size_t cap, ioc_type *host_type)
{
    if (!normal_url || !out || cap == 0)
        return GISAC_EINVAL;
    size_t n = strnlen(normal_url, IOC_VALUE_MAX);
    size_t sl = scheme_len(normal_url, n);
    if (sl == 0)
        return GISAC_EINVAL;
    const char *s = normal_url + sl + 3;
    n -= sl + 3;
    size_t an = 0;
    while (an < n && s[an] != '/' && s[an] != '?' && s[an] != '#')
        an++;
    const char *user, *host, *port;
    size_t un, hn, pn;
    int v6;
    if (split_authority(s, an, &user, &un, &host, &hn, &port, &pn, &v6, NULL) != 0 || hn == 0)
        return GISAC_EINVAL;
    if (hn >= cap)
        return GISAC_EINVAL;
    ioc_type t = IOC_DOMAIN;
    if (v6) {
        t = IOC_IPV6;
    } else if (ioc_i_is_digitdot(host, hn)) {
        uint8_t q[4];
        if (ioc_i_v4_parse(host, hn, q, NULL) != 0)
            return GISAC_EINVAL;
        t = IOC_IPV4;
    }
    memcpy(out, host, hn);
    out[hn] = '\0';
    if (host_type)
        *host_type = t;
    return 0;
}
