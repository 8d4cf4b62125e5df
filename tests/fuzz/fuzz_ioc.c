/*
 * fuzz_ioc.c: libFuzzer target for the ioc module. The input goes to
 * ioc_normalise (detected and as every type), ioc_refang, ioc_addr_parse
 * and tlp_from_name; every normal form produced must normalise to itself.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_util.h"
#include "ioc/ioc.h"

static int has_sep(const char *s)
{
    return strstr(s, "://") != NULL;
}

/* A normal form nf of type t must be a fixed point. */
static void check_normal(const char *nf, ioc_type t)
{
    char again[IOC_VALUE_MAX];
    ioc_type t2 = IOC_AUTO;
    unsigned warn = 1;
    gisac_err err;
    size_t n = strlen(nf);

    CHECK(n > 0 && n < IOC_VALUE_MAX);
    CHECK(ioc_normalise(t, nf, n, again, sizeof again, &t2, &warn, &err) == 0);
    CHECK(t2 == t && warn == 0 && strcmp(again, nf) == 0);

    /*
     * Detection finds the same type again. The one known exception: an
     * e-mail whose local part holds "://" or that starts "www." and holds a
     * '/' is taken for a URL by the documented detection order.
     */
    int skip = t == IOC_EMAIL && (has_sep(nf) || (strncmp(nf, "www.", 4) == 0 && strchr(nf, '/')));
    /* the mobile types are never detected: given by type only (ioc.h) */
    skip |= t == IOC_X509_SHA256 || t == IOC_ANDROID_PACKAGE;
    if (!skip) {
        CHECK(ioc_normalise(IOC_AUTO, nf, n, again, sizeof again, &t2, &warn, &err) == 0);
        CHECK(t2 == t && warn == 0 && strcmp(again, nf) == 0);
    }

    char lo[33], hi[33];
    if (t == IOC_IPV4 || t == IOC_IPV6 || t == IOC_CIDR) {
        CHECK(ioc_range_hex(t, nf, lo, hi) == 0);
        CHECK(strlen(lo) == 32 && strlen(hi) == 32 && strcmp(lo, hi) <= 0);
    } else {
        CHECK(ioc_range_hex(t, nf, lo, hi) == GISAC_EINVAL);
    }
    if (t == IOC_CIDR) {
        ioc_addr net;
        int p;
        CHECK(ioc_cidr_parse(nf, &net, &p) == 0 && p >= 0 && p <= 128);
    }
    if (t == IOC_DOMAIN) {
        int labels = 1;
        for (const char *d = ioc_domain_parent(nf); d; d = ioc_domain_parent(d)) {
            CHECK(d > nf && d < nf + n);
            labels++;
        }
        CHECK(labels >= 2 && labels <= 127);
    }
    if (t == IOC_URL) {
        char host[IOC_VALUE_MAX];
        ioc_type ht;
        CHECK(ioc_url_host(nf, host, sizeof host, &ht) == 0);
        CHECK(ht == IOC_DOMAIN || ht == IOC_IPV4 || ht == IOC_IPV6);
        CHECK(ioc_normalise(ht, host, strlen(host), again, sizeof again, &t2, &warn, &err) == 0);
        CHECK(strcmp(again, host) == 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    char out[IOC_VALUE_MAX];
    ioc_type t;
    unsigned warn;
    gisac_err err;

    if (ioc_normalise(IOC_AUTO, in, size, out, sizeof out, &t, &warn, &err) == 0) {
        CHECK(t >= 0 && t < IOC_TYPE_COUNT);
        check_normal(out, t);
    } else {
        CHECK(out[0] == '\0' && err.code == GISAC_EINVAL && err.msg[0] != '\0');
    }
    for (int w = 0; w < IOC_TYPE_COUNT; w++) {
        if (ioc_normalise((ioc_type)w, in, size, out, sizeof out, &t, &warn, &err) == 0) {
            CHECK(t == (ioc_type)w);
            check_normal(out, t);
        } else {
            CHECK(out[0] == '\0' && err.code == GISAC_EINVAL && err.msg[0] != '\0');
        }
    }
    /* a small output buffer is never overrun */
    char small[12];
    if (ioc_normalise(IOC_AUTO, in, size, small, sizeof small, &t, &warn, &err) == 0)
        CHECK(strlen(small) < sizeof small);

    /* refanging shrinks, and its result has nothing left to undo */
    static char rf[2 * IOC_VALUE_MAX], rf2[2 * IOC_VALUE_MAX];
    int changed = -1;
    long rl = ioc_refang(in, size, rf, sizeof rf, &changed);
    if (size < sizeof rf) {
        CHECK(rl >= 0 && (size_t)rl <= size && rf[rl] == '\0');
        CHECK(changed == 0 || changed == 1);
        CHECK(changed == 1 || (size_t)rl == size);
        long rl2 = ioc_refang(rf, (size_t)rl, rf2, sizeof rf2, &changed);
        CHECK(rl2 == rl && changed == 0 && memcmp(rf, rf2, (size_t)rl) == 0);
    }

    ioc_addr a, b;
    if (ioc_addr_parse(in, size, &a) == 0) {
        char txt[64];
        ioc_addr_format(&a, txt);
        CHECK(ioc_addr_parse(txt, strlen(txt), &b) == 0);
        CHECK(a.v6 == b.v6 && memcmp(a.b, b.b, 16) == 0);
        CHECK(ioc_normalise(a.v6 ? IOC_IPV6 : IOC_IPV4, in, size, out, sizeof out, &t, &warn,
                            &err) == 0);
        CHECK(strcmp(out, txt) == 0);
    }

    gisac_tlp tlp;
    if (tlp_from_name(in, size, &tlp) == 0)
        CHECK(tlp >= TLP_CLEAR && tlp <= TLP_RED && tlp_name(tlp) != NULL);
    return 0;
}
