/*
 * allow.c: the allowlist, values that are never active indicators.
 *
 * The built-in entries are seeded into the store once (meta key
 * "allowlist.builtin") so that analysts see them in `gisac allow list` and
 * may remove any of them. Documentation ranges (192.0.2.0/24,
 * 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) and the .example/.test
 * names are deliberately not on it: drills and tests use them.
 */
#include "intel/intel_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct builtin {
    const char *value;
    const char *comment;
} builtin;

#define BUILTIN_VERSION "1"

static const builtin builtins[] = {
    /* special-purpose IPv4 (RFC 6890) */
    {"0.0.0.0/8", "this network (RFC 791)"},
    {"10.0.0.0/8", "private network (RFC 1918)"},
    {"100.64.0.0/10", "shared address space (RFC 6598)"},
    {"127.0.0.0/8", "loopback (RFC 1122)"},
    {"169.254.0.0/16", "link local (RFC 3927)"},
    {"172.16.0.0/12", "private network (RFC 1918)"},
    {"192.0.0.0/24", "IETF protocol assignments (RFC 6890)"},
    {"192.168.0.0/16", "private network (RFC 1918)"},
    {"198.18.0.0/15", "benchmarking (RFC 2544)"},
    {"224.0.0.0/4", "multicast (RFC 5771)"},
    {"240.0.0.0/4", "reserved (RFC 1112), incl. broadcast"},
    /* special-purpose IPv6 (RFC 6890) */
    {"::/128", "unspecified address"},
    {"::1/128", "loopback"},
    {"100::/64", "discard prefix (RFC 6666)"},
    {"fc00::/7", "unique local (RFC 4193)"},
    {"fe80::/10", "link local"},
    {"ff00::/8", "multicast"},
    /* well-known public resolvers */
    {"8.8.8.8", "Google Public DNS"},
    {"8.8.4.4", "Google Public DNS"},
    {"2001:4860:4860::8888", "Google Public DNS"},
    {"2001:4860:4860::8844", "Google Public DNS"},
    {"1.1.1.1", "Cloudflare DNS"},
    {"1.0.0.1", "Cloudflare DNS"},
    {"2606:4700:4700::1111", "Cloudflare DNS"},
    {"2606:4700:4700::1001", "Cloudflare DNS"},
    {"9.9.9.9", "Quad9"},
    {"149.112.112.112", "Quad9"},
    {"2620:fe::fe", "Quad9"},
    {"208.67.222.222", "OpenDNS"},
    {"208.67.220.220", "OpenDNS"},
    {"101.101.101.101", "TWNIC Quad101"},
    {"101.102.103.104", "TWNIC Quad101"},
    {"2001:de4::101", "TWNIC Quad101"},
    {"2001:de4::102", "TWNIC Quad101"},
    {"168.95.1.1", "HiNet DNS"},
    {"168.95.192.1", "HiNet DNS"},
    /* most-visited domains (with their sub-domains) */
    {"google.com", "popular domain"},
    {"youtube.com", "popular domain"},
    {"facebook.com", "popular domain"},
    {"instagram.com", "popular domain"},
    {"wikipedia.org", "popular domain"},
    {"twitter.com", "popular domain"},
    {"x.com", "popular domain"},
    {"apple.com", "popular domain"},
    {"icloud.com", "popular domain"},
    {"microsoft.com", "popular domain"},
    {"windowsupdate.com", "popular domain"},
    {"office.com", "popular domain"},
    {"live.com", "popular domain"},
    {"bing.com", "popular domain"},
    {"amazon.com", "popular domain"},
    {"yahoo.com", "popular domain"},
    {"yahoo.com.tw", "popular domain"},
    {"linkedin.com", "popular domain"},
    {"netflix.com", "popular domain"},
    {"whatsapp.com", "popular domain"},
    {"line.me", "popular domain"},
    {"pchome.com.tw", "popular domain"},
    {"shopee.tw", "popular domain"},
    {"momoshop.com.tw", "popular domain"},
    {"ettoday.net", "popular domain"},
    {"ltn.com.tw", "popular domain"},
    {"cloudflare.com", "popular domain"},
    {"akamai.net", "CDN"},
    {"akamaiedge.net", "CDN"},
    {"gstatic.com", "CDN"},
    {"googleapis.com", "CDN"},
};

/* Public suffixes (exact names only; their sub-domains are ordinary).
 * Kept in strcmp (byte) order: allow_match uses bsearch. */
static const char *const suffixes[] = {
    "ac.jp",           "ac.uk",          "appspot.com", "azurewebsites.net",
    "blogspot.com",    "cloudfront.net", "club.tw",     "co.in",
    "co.jp",           "co.kr",          "co.uk",       "com.au",
    "com.br",          "com.cn",         "com.hk",      "com.sg",
    "com.tw",          "duckdns.org",    "ebiz.tw",     "edu.tw",
    "firebaseapp.com", "game.tw",        "github.io",   "go.jp",
    "gov.cn",          "gov.tw",         "gov.uk",      "herokuapp.com",
    "idv.tw",          "mil.tw",         "ne.jp",       "net.au",
    "net.cn",          "net.tw",         "ngrok.io",    "or.jp",
    "org.au",          "org.cn",         "org.tw",      "org.uk",
    "pages.dev",       "web.app",        "workers.dev",
};

int hex128(const char *hex, uint64_t *hi, uint64_t *lo)
{
    uint64_t v[2] = {0, 0};
    for (int i = 0; i < 32; i++) {
        char c = hex[i];
        unsigned d;
        if (c >= '0' && c <= '9')
            d = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = (unsigned)(c - 'a' + 10);
        else
            return GISAC_EINVAL;
        v[i / 16] = v[i / 16] << 4 | d;
    }
    *hi = v[0];
    *lo = v[1];
    return 0;
}

int allow_seed_builtin(store *st, gisac_err *err)
{
    char have[16];
    int rc = store_meta_get(st, "allowlist.builtin", have, sizeof have, err);
    if (rc == 0 && strcmp(have, BUILTIN_VERSION) == 0)
        return 0;
    if (rc < 0 && rc != GISAC_ENOTFOUND)
        return rc;
    if ((rc = store_begin(st, err)) < 0)
        return rc;
    int64_t now = gisac_now();
    size_t added = 0;
    for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++) {
        char norm[IOC_VALUE_MAX], lo[33], hi[33];
        ioc_type t;
        if (ioc_normalise(IOC_AUTO, builtins[i].value, strlen(builtins[i].value), norm, sizeof norm,
                          &t, NULL, err) < 0)
            goto fail;
        store_allow a = {0, t, norm, NULL, NULL, builtins[i].comment, 1, now};
        if (ioc_range_hex(t, norm, lo, hi) == 0) {
            a.range_lo = lo;
            a.range_hi = hi;
        }
        rc = store_allow_add(st, &a, err);
        if (rc < 0 && rc != GISAC_EEXIST)
            goto fail;
        added += rc == 0;
    }
    if ((rc = store_meta_set(st, "allowlist.builtin", BUILTIN_VERSION, err)) < 0)
        goto fail;
    char detail[96];
    snprintf(detail, sizeof detail, "{\"version\":\"%s\",\"added\":%zu}", BUILTIN_VERSION, added);
    /* the built-in list is the system's doing, whoever opened the store */
    char actor[128];
    snprintf(actor, sizeof actor, "%s", store_actor(st));
    store_set_actor(st, "system");
    rc = store_audit_append(st, now, "allowlist.seed", NULL, detail, err);
    store_set_actor(st, actor);
    if (rc < 0)
        goto fail;
    return store_commit(st, err);
fail:
    store_rollback(st);
    return err && err->code ? err->code : GISAC_ESTORE;
}

typedef struct load_ctx {
    allow_set *as;
    size_t cap_r, cap_n, cap_e;
    int failed;
} load_ctx;

static int load_one(void *ctx, const store_allow *a)
{
    load_ctx *lc = ctx;
    allow_set *as = lc->as;
    if (a->range_lo && a->range_hi) {
        allow_range r;
        if (hex128(a->range_lo, &r.lo_hi, &r.lo_lo) < 0 ||
            hex128(a->range_hi, &r.hi_hi, &r.hi_lo) < 0)
            return 0; /* a damaged row: ignore it rather than stop */
        r.value = gisac_arena_strdup(as->arena, a->value);
        if (!r.value || gisac_push(&as->ranges, &as->nranges, &lc->cap_r, sizeof r, 64, &r) < 0)
            goto oom;
    } else if (a->type == IOC_DOMAIN) {
        char *name = gisac_arena_strdup(as->arena, a->value);
        if (!name || gisac_push(&as->names, &as->nnames, &lc->cap_n, sizeof name, 64, &name) < 0)
            goto oom;
    } else {
        const char *tn = ioc_type_name(a->type);
        size_t tl = strlen(tn), vl = strlen(a->value);
        char *e = gisac_arena_alloc(as->arena, tl + vl + 2);
        if (!e)
            goto oom;
        memcpy(e, tn, tl);
        e[tl] = '\t';
        memcpy(e + tl + 1, a->value, vl + 1);
        if (gisac_push(&as->exact, &as->nexact, &lc->cap_e, sizeof e, 64, &e) < 0)
            goto oom;
    }
    return 0;
oom:
    lc->failed = 1;
    return 1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void allow_free(allow_set *as)
{
    free(as->ranges);
    free(as->names);
    free(as->exact);
    gisac_arena_free(as->arena);
    memset(as, 0, sizeof *as);
}

int allow_load(store *st, allow_set *as, gisac_err *err)
{
    allow_free(as);
    as->arena = gisac_arena_new(16384);
    if (!as->arena)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    load_ctx lc = {as, 0, 0, 0, 0};
    int rc = store_allow_iter(st, load_one, &lc, err);
    if (rc == 0 && lc.failed)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (rc < 0) {
        allow_free(as);
        return rc;
    }
    if (as->nnames)
        qsort(as->names, as->nnames, sizeof *as->names, cmp_str);
    if (as->nexact)
        qsort(as->exact, as->nexact, sizeof *as->exact, cmp_str);
    return 0;
}

static int in_sorted(char *const *arr, size_t n, const char *key)
{
    return n && bsearch(&key, arr, n, sizeof *arr, cmp_str) != NULL;
}

static int le128(uint64_t ah, uint64_t al, uint64_t bh, uint64_t bl)
{
    return ah < bh || (ah == bh && al <= bl);
}

const char *allow_match(const allow_set *as, ioc_type type, const char *value)
{
    char lo[33], hi[33];
    if (ioc_range_hex(type, value, lo, hi) == 0) {
        uint64_t lh, ll, hh, hl;
        if (hex128(lo, &lh, &ll) < 0 || hex128(hi, &hh, &hl) < 0)
            return NULL;
        for (size_t i = 0; i < as->nranges; i++) {
            const allow_range *r = &as->ranges[i];
            /* overlap: r.lo <= hi and lo <= r.hi */
            if (le128(r->lo_hi, r->lo_lo, hh, hl) && le128(lh, ll, r->hi_hi, r->hi_lo))
                return r->value;
        }
        return NULL;
    }
    if (type == IOC_DOMAIN) {
        if (bsearch(&value, suffixes, sizeof suffixes / sizeof suffixes[0], sizeof suffixes[0],
                    cmp_str))
            return "public suffix";
        for (const char *d = value; d; d = ioc_domain_parent(d)) {
            char *const *hit =
                as->nnames ? bsearch(&d, as->names, as->nnames, sizeof *as->names, cmp_str) : NULL;
            if (hit)
                return *hit;
        }
        return NULL;
    }
    const char *tn = ioc_type_name(type);
    size_t tl = strlen(tn), vl = strlen(value);
    char small[512];
    char *key = tl + vl + 2 <= sizeof small ? small : malloc(tl + vl + 2);
    if (!key)
        return NULL;
    memcpy(key, tn, tl);
    key[tl] = '\t';
    memcpy(key + tl + 1, value, vl + 1);
    const char *res = NULL;
    if (in_sorted(as->exact, as->nexact, key))
        res = value;
    if (key != small)
        free(key);
    return res;
}
