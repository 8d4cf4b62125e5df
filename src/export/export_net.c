/* export_net.c: addresses and networks as 128-bit numbers, range merging. */
#include "export/export_internal.h"

#include <stdlib.h>
#include <string.h>

#define U128_MAX (~(exp_u128)0)

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int parse_hex128(const char *s, exp_u128 *out)
{
    exp_u128 v = 0;
    for (int i = 0; i < 32; i++) {
        int h = hexval(s[i]);
        if (h < 0)
            return GISAC_EINVAL;
        v = (v << 4) | (exp_u128)h;
    }
    if (s[32] != '\0')
        return GISAC_EINVAL;
    *out = v;
    return 0;
}

static int popcount128(exp_u128 v)
{
    return __builtin_popcountll((unsigned long long)(v >> 64)) +
           __builtin_popcountll((unsigned long long)v);
}

int exp_net_of(const export_item *it, exp_net *out)
{
    if (it->type != IOC_IPV4 && it->type != IOC_IPV6 && it->type != IOC_CIDR)
        return GISAC_EINVAL;
    char lo[33], hi[33];
    if (ioc_range_hex(it->type, it->value, lo, hi) != 0)
        return GISAC_EINVAL;
    exp_u128 a, b;
    if (parse_hex128(lo, &a) < 0 || parse_hex128(hi, &b) < 0 || b < a)
        return GISAC_EINVAL;
    exp_u128 span = a ^ b;
    /* a network: the differing bits are a run of low ones, clear in a */
    if ((span & (span + 1)) != 0 || (a & span) != 0)
        return GISAC_EINVAL;
    int v6 = it->type == IOC_IPV6 || (it->type == IOC_CIDR && strchr(it->value, ':'));
    int prefix = 128 - popcount128(span);
    if (!v6 && (prefix < 96 || (a >> 32) != 0xffff))
        return GISAC_EINVAL;
    out->lo = a;
    out->prefix = prefix;
    out->v6 = v6;
    return 0;
}

exp_u128 exp_net_last(const exp_net *n)
{
    if (n->prefix <= 0)
        return U128_MAX;
    exp_u128 host = n->prefix >= 128 ? 0 : (((exp_u128)1 << (128 - n->prefix)) - 1);
    return n->lo | host;
}

void exp_addr_text(exp_u128 a, int v6, char *out)
{
    if (!v6) {
        unsigned v = (unsigned)(a & 0xffffffffu);
        snprintf(out, 46, "%u.%u.%u.%u", v >> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255);
        return;
    }
    ioc_addr ad;
    for (int i = 15; i >= 0; i--) {
        ad.b[i] = (uint8_t)(a & 0xff);
        a >>= 8;
    }
    ad.v6 = 1;
    ioc_addr_format(&ad, out);
}

void exp_net_text(const exp_net *n, char *out)
{
    char a[46];
    exp_addr_text(n->lo, n->v6, a);
    int len = n->v6 ? n->prefix : n->prefix - 96;
    if (n->prefix == 128)
        snprintf(out, 50, "%s", a);
    else
        snprintf(out, 50, "%s/%d", a, len);
}

static int cmp_range(const void *pa, const void *pb)
{
    const exp_range *a = pa, *b = pb;
    if (a->lo != b->lo)
        return a->lo < b->lo ? -1 : 1;
    if (a->hi != b->hi)
        return a->hi < b->hi ? -1 : 1;
    return 0;
}

size_t exp_ranges_merge(exp_range *r, size_t n)
{
    if (n == 0)
        return 0;
    qsort(r, n, sizeof *r, cmp_range);
    size_t m = 0;
    for (size_t i = 1; i < n; i++) {
        exp_range *cur = &r[m];
        /* overlapping, or adjacent (cur->hi + 1 == next lo) */
        if (cur->hi == U128_MAX || r[i].lo <= cur->hi + 1) {
            if (r[i].hi > cur->hi)
                cur->hi = r[i].hi;
        } else {
            r[++m] = r[i];
        }
    }
    return m + 1;
}

static int ctz128(exp_u128 v)
{
    if (v == 0)
        return 128;
    unsigned long long low = (unsigned long long)v;
    if (low)
        return __builtin_ctzll(low);
    return 64 + __builtin_ctzll((unsigned long long)(v >> 64));
}

int exp_range_to_nets(exp_range r, int (*fn)(void *ctx, exp_u128 lo, int prefix), void *ctx)
{
    exp_u128 lo = r.lo;
    for (;;) {
        int k = ctz128(lo);        /* the largest block lo is aligned to: 2^k */
        exp_u128 span = r.hi - lo; /* addresses left, minus one */
        while (k > 0 && (k == 128 ? span != U128_MAX : (((exp_u128)1 << k) - 1) > span))
            k--;
        int rc = fn(ctx, lo, 128 - k);
        if (rc)
            return rc;
        exp_u128 end = k == 128 ? U128_MAX : lo + (((exp_u128)1 << k) - 1);
        if (end >= r.hi)
            return 0;
        lo = end + 1;
    }
}
