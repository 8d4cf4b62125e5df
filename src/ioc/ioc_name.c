/* ioc_name.c: domain names (LDH rules, IDNA) and e-mail addresses. */
#include "ioc/ioc_internal.h"

#include <idn2.h>
#include <string.h>

#define NAME_MAX_OCTETS  253
#define LABEL_MAX_OCTETS 63
#define LOCAL_MAX_OCTETS 64

static int bad_char(gisac_err *err, char c, const char *where)
{
    unsigned char u = (unsigned char)c;
    if (c == '_')
        return gisac_err_set(err, GISAC_EINVAL, "underscore in %s (not a valid host name)", where);
    if (u >= 0x20 && u < 0x7f)
        return gisac_err_set(err, GISAC_EINVAL, "invalid character '%c' in %s", c, where);
    return gisac_err_set(err, GISAC_EINVAL, "invalid byte 0x%02x in %s", u, where);
}

/* Strict LDH validation of an ASCII name; writes it in lower case. */
static int domain_ascii(const char *s, size_t n, ioc_w *w, gisac_err *err)
{
    if (n && s[n - 1] == '.')
        n--;
    if (n == 0)
        return gisac_err_set(err, GISAC_EINVAL, "empty domain name");
    size_t labels = 0, st = 0;
    int alldigit = 1;
    for (size_t i = 0; i <= n; i++) {
        char c = i < n ? s[i] : '.';
        if (c == '.') {
            size_t ll = i - st;
            if (ll == 0)
                return gisac_err_set(err, GISAC_EINVAL, "empty label");
            if (ll > LABEL_MAX_OCTETS)
                return gisac_err_set(err, GISAC_EINVAL, "label longer than 63 octets");
            if (s[st] == '-')
                return gisac_err_set(err, GISAC_EINVAL, "label starts with '-'");
            if (s[i - 1] == '-')
                return gisac_err_set(err, GISAC_EINVAL, "label ends with '-'");
            labels++;
            if (i < n) {
                ioc_w_putc(w, '.');
                alldigit = 1;
            }
            st = i + 1;
            continue;
        }
        if (c >= 'a' && c <= 'z') {
            alldigit = 0;
        } else if (c >= 'A' && c <= 'Z') {
            alldigit = 0;
            c = ioc_lower(c);
        } else if (c == '-') {
            alldigit = 0;
        } else if (!ioc_is_digit(c)) {
            return bad_char(err, c, "domain name");
        }
        ioc_w_putc(w, c);
    }
    if (n > NAME_MAX_OCTETS)
        return gisac_err_set(err, GISAC_EINVAL, "name longer than 253 octets");
    if (labels < 2)
        return gisac_err_set(err, GISAC_EINVAL, "domain needs at least two labels");
    if (alldigit)
        return gisac_err_set(err, GISAC_EINVAL, "top-level label is all digits");
    return 0;
}

/* UTS#46 deviation characters: where transitional processing differs. */
static int has_deviation(const char *s)
{
    return strstr(s, "\xc3\x9f") || strstr(s, "\xcf\x82") || strstr(s, "\xe2\x80\x8c") ||
           strstr(s, "\xe2\x80\x8d") || strstr(s, "\xe1\xba\x9e");
}

static int domain_idna(const char *s, size_t n, ioc_w *w, gisac_err *err)
{
    char buf[IOC_VALUE_MAX];
    if (n >= sizeof buf)
        return gisac_err_set(err, GISAC_EINVAL, "name longer than 253 octets");
    if (memchr(s, '\0', n))
        return gisac_err_set(err, GISAC_EINVAL, "invalid byte 0x00 in domain name");
    memcpy(buf, s, n);
    buf[n] = '\0';

    char *res = NULL;
    int rc = idn2_to_ascii_8z(buf, &res, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
    if (rc == IDN2_DISALLOWED && !has_deviation(buf)) {
        /*
         * Symbols IDNA 2008 disallows (emoji and the like) are still
         * registered under some TLDs and turn up in phishing. Without
         * deviation characters transitional processing maps every other
         * character the same way, so it only adds those symbols.
         */
        rc = idn2_to_ascii_8z(buf, &res, IDN2_TRANSITIONAL | IDN2_NFC_INPUT);
    }
    if (rc != IDN2_OK) {
        switch (rc) {
        case IDN2_TOO_BIG_LABEL:
            return gisac_err_set(err, GISAC_EINVAL, "label longer than 63 octets");
        case IDN2_TOO_BIG_DOMAIN:
            return gisac_err_set(err, GISAC_EINVAL, "name longer than 253 octets");
        case IDN2_ENCODING_ERROR:
        case IDN2_ICONV_FAIL:
            return gisac_err_set(err, GISAC_EINVAL, "invalid UTF-8 in domain name");
        default:
            return gisac_err_set(err, GISAC_EINVAL, "bad internationalised domain name: %s",
                                 idn2_strerror(rc));
        }
    }
    rc = domain_ascii(res, strlen(res), w, err);
    idn2_free(res);
    return rc;
}

int ioc_i_norm_domain(const char *s, size_t n, ioc_w *w, gisac_err *err)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return domain_idna(s, n, w, err);
    return domain_ascii(s, n, w, err);
}

int ioc_i_norm_email(const char *s, size_t n, ioc_w *w, gisac_err *err)
{
    const char *at = memchr(s, '@', n);
    if (!at)
        return gisac_err_set(err, GISAC_EINVAL, "email without '@'");
    size_t ln = (size_t)(at - s);
    if (memchr(at + 1, '@', n - ln - 1))
        return gisac_err_set(err, GISAC_EINVAL, "email with more than one '@'");
    if (ln == 0)
        return gisac_err_set(err, GISAC_EINVAL, "empty email local part");
    if (ln > LOCAL_MAX_OCTETS)
        return gisac_err_set(err, GISAC_EINVAL, "email local part longer than 64 octets");
    for (size_t i = 0; i < ln; i++) {
        unsigned char u = (unsigned char)s[i];
        if (u <= 0x20 || u >= 0x7f)
            return bad_char(err, s[i], "email local part");
        ioc_w_putc(w, ioc_lower(s[i]));
    }
    ioc_w_putc(w, '@');
    if (ln + 1 == n)
        return gisac_err_set(err, GISAC_EINVAL, "email without a domain");
    return ioc_i_norm_domain(at + 1, n - ln - 1, w, err);
}

const char *ioc_domain_parent(const char *domain)
{
    if (!domain)
        return NULL;
    const char *p = strchr(domain, '.');
    if (!p || p[1] == '\0')
        return NULL;
    return p + 1;
}
