/*
 * ioc_internal.h: helpers shared by the ioc module's source files. Not part
 * of the public interface.
 */
#ifndef GISAC_IOC_INTERNAL_H
#define GISAC_IOC_INTERNAL_H

#include "ioc/ioc.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A bounded output: lim characters at most (the NUL is extra). */
typedef struct ioc_w {
    char *p;
    size_t len;
    size_t lim;
    int over; /* set when something did not fit */
} ioc_w;

static inline void ioc_w_putc(ioc_w *w, char c)
{
    if (w->len < w->lim)
        w->p[w->len++] = c;
    else
        w->over = 1;
}

static inline void ioc_w_put(ioc_w *w, const char *s, size_t n)
{
    if (n > w->lim - w->len) {
        w->over = 1;
        return;
    }
    memcpy(w->p + w->len, s, n);
    w->len += n;
}

static inline char ioc_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c + ('a' - 'A')) : c;
}

static inline int ioc_hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static inline int ioc_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Case-insensitive (ASCII) comparison of s[0..n) with the lower-case lit. */
static inline int ioc_ieq(const char *s, size_t n, const char *lit)
{
    size_t i = 0;
    for (; i < n; i++)
        if (lit[i] == '\0' || ioc_lower(s[i]) != lit[i])
            return 0;
    return lit[i] == '\0';
}

/* s[0..n) is non-empty and only digits and dots */
int ioc_i_is_digitdot(const char *s, size_t n);
/* s[0..n) is non-empty, only hex digits, ':' and '.', with two ':' or one at an end */
int ioc_i_is_v6ish(const char *s, size_t n);

/* Strict parsers: 0, or GISAC_EINVAL with a reason in err (may be NULL). */
int ioc_i_v4_parse(const char *s, size_t n, uint8_t out[4], gisac_err *err);
int ioc_i_v6_parse(const char *s, size_t n, uint8_t out[16], gisac_err *err);

/* Normalisers writing the normal form to w. */
int ioc_i_norm_ipv4(const char *s, size_t n, ioc_w *w, gisac_err *err);
/* Accepts brackets; rejects zone ids. */
int ioc_i_norm_ipv6(const char *s, size_t n, ioc_w *w, gisac_err *err);
/* A bare address becomes /32 or /128. */
int ioc_i_norm_cidr(const char *s, size_t n, ioc_w *w, unsigned *warn, gisac_err *err);
int ioc_i_norm_domain(const char *s, size_t n, ioc_w *w, gisac_err *err);
int ioc_i_norm_email(const char *s, size_t n, ioc_w *w, gisac_err *err);
/* ioc_mobile.c */
int ioc_i_norm_x509(const char *s, size_t n, ioc_w *w, gisac_err *err);
int ioc_i_norm_android_package(const char *s, size_t n, ioc_w *w, gisac_err *err);
/* add_http: a value without a scheme is taken as http:// */
int ioc_i_norm_url(const char *s, size_t n, int add_http, ioc_w *w, gisac_err *err);

#endif
