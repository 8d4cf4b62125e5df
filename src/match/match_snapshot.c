/*
 * match_snapshot.c: the compiled, immutable indicator set and its lookups.
 *
 * Every table is an open-addressing hash table of (64-bit key, 32-bit
 * indicator index) with linear probing, kept at most half full (a miss,
 * the common case, then costs about 2.5 probes):
 *
 *   names    domains: key = a right-to-left FNV-1a hash of the name, so a
 *            lookup hashes the observed name once, from its last byte to
 *            its first, and probes at every '.' it crosses: that finds the
 *            name and every parent at a label boundary in one pass.
 *   urls     key = FNV-1a of the normal form (observed URLs are normalised).
 *   emails   key = FNV-1a of the lower-case address.
 *   hashes   key = the first 8 bytes of the digest (already uniform).
 *   v4       key = the address itself (exact, nothing to verify).
 *   v6       key = a mix of the 128 bits; verified against the address.
 *   cidr v4  one table per prefix length present, key = the network;
 *   cidr v6  likewise, verified against the network: an address is looked
 *            up once per length present, and every covering network is
 *            reported, not only the longest.
 *
 * A hit on a hashed key is always verified against the stored value, so
 * hash collisions never produce a false match.
 */
#include "match/match_internal.h"

#include <idn2.h>
#include <stdlib.h>
#include <string.h>

/* ---- hashing ----------------------------------------------------------- */

#define FNV_BASIS 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

static inline unsigned char lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c | 0x20) : c;
}

static uint64_t fnv(const char *p, size_t n)
{
    uint64_t h = FNV_BASIS;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * FNV_PRIME;
    return h;
}

/* Right to left, lower-cased: the key of a domain. */
static uint64_t fnv_rev(const char *p, size_t n)
{
    uint64_t h = FNV_BASIS;
    while (n--)
        h = (h ^ lower((unsigned char)p[n])) * FNV_PRIME;
    return h;
}

static inline uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

/* ---- tables ------------------------------------------------------------ */

static int table_init(table *t, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n + 1)
        cap <<= 1;
    t->keys = malloc(cap * sizeof *t->keys);
    t->vals = malloc(cap * sizeof *t->vals);
    if (!t->keys || !t->vals) {
        free(t->keys);
        free(t->vals);
        t->keys = NULL;
        t->vals = NULL;
        return GISAC_ENOMEM;
    }
    memset(t->vals, 0xff, cap * sizeof *t->vals);
    t->mask = cap - 1;
    t->n = 0;
    t->bloom = NULL;
    t->bloom_mask = 0;
    return 0;
}

static void table_free(table *t)
{
    free(t->keys);
    free(t->vals);
    free(t->bloom);
    memset(t, 0, sizeof *t);
}

/* Blocked: both bits of a key lie in one 64-bit word, so a lookup costs
 * one cache miss at most. */
static inline uint64_t bloom_bits(uint64_t h)
{
    return 1ULL << (h & 63) | 1ULL << (h >> 6 & 63);
}

static inline int bloom_maybe(const table *t, uint64_t h)
{
    uint64_t m = bloom_bits(h);
    return (t->bloom[(size_t)(h >> 32) & (t->bloom_mask >> 6)] & m) == m;
}

/* Build the Bloom filter once the table is complete. */
static int table_seal(table *t)
{
    if (!t->n)
        return 0;
    size_t bits = 64;
    while (bits < t->n * 16)
        bits <<= 1;
    t->bloom = calloc(bits / 64, sizeof *t->bloom);
    if (!t->bloom)
        return GISAC_ENOMEM;
    t->bloom_mask = bits - 1;
    for (size_t i = 0; i <= t->mask; i++)
        if (t->vals[i] != EMPTY) {
            uint64_t h = mix64(t->keys[i] ^ 0x9e3779b97f4a7c15ULL);
            t->bloom[(size_t)(h >> 32) & (t->bloom_mask >> 6)] |= bloom_bits(h);
        }
    return 0;
}

static int table_grow(table *t);

static int table_put(table *t, uint64_t key, uint32_t val)
{
    if (!t->mask && table_init(t, 16) < 0)
        return GISAC_ENOMEM;
    if ((t->n + 1) * 2 > t->mask + 1 && table_grow(t) < 0)
        return GISAC_ENOMEM;
    size_t i = mix64(key) & t->mask;
    while (t->vals[i] != EMPTY)
        i = (i + 1) & t->mask;
    t->keys[i] = key;
    t->vals[i] = val;
    t->n++;
    return 0;
}

static int table_grow(table *t)
{
    table nt;
    if (table_init(&nt, (t->mask + 1) / 2) < 0) /* doubles the capacity */
        return GISAC_ENOMEM;
    for (size_t i = 0; i <= t->mask; i++)
        if (t->vals[i] != EMPTY) {
            size_t j = mix64(t->keys[i]) & nt.mask;
            while (nt.vals[j] != EMPTY)
                j = (j + 1) & nt.mask;
            nt.keys[j] = t->keys[i];
            nt.vals[j] = t->vals[i];
            nt.n++;
        }
    table_free(t);
    *t = nt;
    return 0;
}

/*
 * Iterate the values below n stored under key: *pos (the probe step of the
 * last value) starts at SIZE_MAX. A loaded table is not trusted (match_snapfile.c):
 * a value that names no indicator is passed over, and a probe stops after
 * one round even in a table without a free slot.
 */
static inline uint32_t table_next(const table *t, uint64_t key, size_t *pos, uint32_t n)
{
    if (!t->mask)
        return EMPTY;
    if (*pos == SIZE_MAX && t->bloom && !bloom_maybe(t, mix64(key ^ 0x9e3779b97f4a7c15ULL)))
        return EMPTY;
    size_t home = mix64(key) & t->mask;
    for (size_t step = *pos == SIZE_MAX ? 0 : *pos + 1; step <= t->mask; step++) {
        size_t i = (home + step) & t->mask;
        uint32_t v = t->vals[i];
        if (v == EMPTY)
            return EMPTY;
        if (t->keys[i] == key && v < n) {
            *pos = step;
            return v;
        }
    }
    return EMPTY;
}

static size_t table_bytes(const table *t)
{
    return (t->mask ? (t->mask + 1) * (sizeof *t->keys + sizeof *t->vals) : 0) +
           (t->bloom ? (t->bloom_mask + 1) / 8 : 0);
}

table *match_snap_table(match_snapshot *s, int which)
{
    table *fixed[] = {&s->names, &s->urls,   &s->emails, &s->md5,
                      &s->sha1,  &s->sha256, &s->v4,     &s->v6};
    if (which < 8)
        return fixed[which];
    if (which < 8 + 33)
        return &s->c4[which - 8].t;
    return &s->c6[which - 8 - 33].t;
}

void match_snap_lens(match_snapshot *s)
{
    s->n_c4 = s->n_c6 = 0;
    for (int l = 32; l >= 0; l--)
        if (s->c4[l].t.mask) {
            s->c4[l].len = l;
            s->c4_lens[s->n_c4++] = l;
        }
    for (int l = 128; l >= 0; l--)
        if (s->c6[l].t.mask) {
            s->c6[l].len = l;
            s->c6_lens[s->n_c6++] = l;
        }
}

/* ---- building ---------------------------------------------------------- */

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = lower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* The first 8 bytes of a hex digest as a key; -1 when not hex. */
static int digest_key(const char *p, size_t n, uint64_t *key)
{
    if (n < 16)
        return -1;
    uint64_t k = 0;
    for (size_t i = 0; i < 16; i++) {
        int v = hexval((unsigned char)p[i]);
        if (v < 0)
            return -1;
        k = k << 4 | (uint64_t)v;
    }
    *key = k;
    return 0;
}

static uint64_t key6(const uint8_t a[16])
{
    uint64_t hi, lo;
    memcpy(&hi, a, 8);
    memcpy(&lo, a + 8, 8);
    return mix64(hi) ^ lo;
}

static uint32_t v4_of(const uint8_t a[16])
{
    return (uint32_t)a[12] << 24 | (uint32_t)a[13] << 16 | (uint32_t)a[14] << 8 | a[15];
}

static int is_mapped(const uint8_t a[16])
{
    static const uint8_t pfx[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    return memcmp(a, pfx, 12) == 0;
}

static void mask6(uint8_t a[16], int len)
{
    for (int i = 0; i < 16; i++) {
        int bits = len - i * 8;
        if (bits >= 8)
            continue;
        a[i] = bits <= 0 ? 0 : (uint8_t)(a[i] & (0xff << (8 - bits)));
    }
}

/* Append a string to the blob; its offset, or 0 when out of memory. */
static uint32_t blob_add(match_snapshot *s, const char *p, size_t n)
{
    if (s->blob_len + n + 1 > UINT32_MAX)
        return 0;
    if (s->blob_len + n + 1 > s->blob_cap) {
        size_t nc = s->blob_cap ? s->blob_cap * 2 : 1 << 20;
        while (nc < s->blob_len + n + 1)
            nc *= 2;
        char *nb = realloc(s->blob, nc);
        if (!nb)
            return 0;
        s->blob = nb;
        s->blob_cap = nc;
    }
    if (!s->blob_len)
        s->blob[s->blob_len++] = '\0';
    uint32_t off = (uint32_t)s->blob_len;
    memcpy(s->blob + off, p, n);
    s->blob[off + n] = '\0';
    s->blob_len += n + 1;
    return off;
}

/* The string at off; an offset outside the blob (a loaded snapshot is not
 * trusted) reads as the empty string at its start. */
static inline const char *STR(const match_snapshot *s, uint32_t off)
{
    return s->blob + (off < s->blob_len ? off : 0);
}

/* JSON array text of '\n'-joined names, interned across the snapshot. */
static uint32_t intern_sources(match_snapshot *s, const char *joined)
{
    const char *j = joined ? joined : "";
    uint64_t h = fnv(j, strlen(j));
    size_t pos = SIZE_MAX;
    uint32_t v;
    while ((v = table_next(&s->src_intern, h, &pos, EMPTY)) != EMPTY)
        if (strcmp(s->src_strs[v * 2], j) == 0)
            return (uint32_t)(uintptr_t)s->src_strs[v * 2 + 1];
    gisac_buf b = GISAC_BUF_INIT;
    int rc = gisac_buf_putc(&b, '[');
    for (const char *p = j; *p && rc == 0;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char name[512];
        snprintf(name, sizeof name, "%.*s", (int)(n < 511 ? n : 511), p);
        if (p != j)
            rc = gisac_buf_putc(&b, ',');
        if (rc == 0)
            rc = gisac_buf_json_str(&b, name);
        p += n + (e ? 1 : 0);
    }
    if (rc == 0)
        rc = gisac_buf_putc(&b, ']');
    uint32_t off = rc == 0 ? blob_add(s, b.data, b.len) : 0;
    char *key = strdup(j);
    gisac_buf_free(&b);
    if (!off || !key) {
        free(key);
        return 0;
    }
    if (s->nsrc * 2 + 2 > s->src_cap) {
        size_t nc = s->src_cap ? s->src_cap * 2 : 64;
        const char **ns = realloc(s->src_strs, nc * sizeof *ns);
        if (!ns) {
            free(key);
            return 0;
        }
        s->src_strs = ns;
        s->src_cap = nc;
    }
    s->src_strs[s->nsrc * 2] = key;
    s->src_strs[s->nsrc * 2 + 1] = (const char *)(uintptr_t)off;
    if (table_put(&s->src_intern, h, (uint32_t)s->nsrc) < 0)
        return 0;
    s->nsrc++;
    return off;
}

static void free_intern(match_snapshot *s)
{
    for (size_t i = 0; i < s->nsrc; i++)
        free((char *)s->src_strs[i * 2]);
    free(s->src_strs);
    s->src_strs = NULL;
    s->nsrc = s->src_cap = 0;
    table_free(&s->src_intern);
}

typedef struct build_ctx {
    match_snapshot *s;
    int64_t now;
    int rc;
} build_ctx;

/*
 * The table an indicator goes in and its key there, or NULL when its value
 * cannot be keyed (never for stored normal forms).
 */
static table *key_of(match_snapshot *s, uint32_t idx, uint64_t *key)
{
    const packed_ind *m = &s->ind[idx];
    const char *value = STR(s, m->value_off);
    size_t vlen = strlen(value);
    ioc_addr a;
    int p128;
    switch ((ioc_type)m->type) {
    case IOC_DOMAIN:
        *key = fnv_rev(value, vlen);
        return &s->names;
    case IOC_URL:
        *key = fnv(value, vlen);
        return &s->urls;
    case IOC_EMAIL:
        *key = fnv(value, vlen);
        return &s->emails;
    case IOC_MD5:
    case IOC_SHA1:
    case IOC_SHA256:
        if (digest_key(value, vlen, key) < 0)
            return NULL;
        return m->type == IOC_MD5 ? &s->md5 : m->type == IOC_SHA1 ? &s->sha1 : &s->sha256;
    case IOC_IPV4:
    case IOC_IPV6:
        if (ioc_addr_parse(value, vlen, &a) < 0)
            return NULL;
        if (!a.v6 || is_mapped(a.b)) {
            *key = v4_of(a.b);
            return &s->v4;
        }
        *key = key6(a.b);
        return &s->v6;
    case IOC_CIDR:
        if (ioc_cidr_parse(value, &a, &p128) < 0 || p128 < 0 || p128 > 128)
            return NULL;
        if (!a.v6 || (is_mapped(a.b) && p128 >= 96)) { /* ::ffff:a.b.c.d/n is IPv4 */
            s->c4[p128 - 96].len = p128 - 96;
            *key = v4_of(a.b);
            return &s->c4[p128 - 96].t;
        }
        mask6(a.b, p128);
        s->c6[p128].len = p128;
        *key = key6(a.b);
        return &s->c6[p128].t;
    default:
        return NULL;
    }
}

static int build_cb(void *ctx, const store_indicator *in)
{
    build_ctx *b = ctx;
    match_snapshot *s = b->s;
    if (s->n == UINT32_MAX - 1) {
        b->rc = GISAC_ENOMEM;
        return 1;
    }
    if (s->n == s->cap) {
        uint32_t nc = s->cap ? s->cap * 2 : 4096;
        packed_ind *ni = realloc(s->ind, (size_t)nc * sizeof *ni);
        if (!ni) {
            b->rc = GISAC_ENOMEM;
            return 1;
        }
        s->ind = ni;
        s->cap = nc;
    }
    uint32_t idx = s->n;
    packed_ind *m = &s->ind[idx];
    size_t vlen = strlen(in->value);
    m->type = (uint8_t)in->type;
    m->tlp = (uint8_t)in->tlp;
    m->confidence = (int8_t)(in->confidence < 0 ? -1 : in->confidence > 100 ? 100 : in->confidence);
    m->pad = 0;
    m->store_id = in->id;
    m->value_off = blob_add(s, in->value, vlen);
    m->stix_off = in->stix_id ? blob_add(s, in->stix_id, strlen(in->stix_id)) : 0;
    m->sources_off = intern_sources(s, in->sources);
    if (!m->value_off || !m->sources_off || (in->stix_id && !m->stix_off)) {
        b->rc = GISAC_ENOMEM;
        return 1;
    }
    s->value_bytes += vlen + 1;
    if (in->valid_until > b->now && (!s->next_expiry || in->valid_until < s->next_expiry))
        s->next_expiry = in->valid_until;

    s->n++;
    return 0;
}

int match_snapshot_build(store *st, int64_t now, match_snapshot **out, gisac_err *err)
{
    match_snapshot *s = calloc(1, sizeof *s);
    if (!s)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    atomic_init(&s->refs, 1);
    build_ctx b = {s, now, 0};
    int rc = store_indicator_scan_active(st, now, build_cb, &b, err);
    if (rc == 0 && b.rc < 0)
        rc = gisac_err_set(err, b.rc, "out of memory building the snapshot");
    if (rc < 0) {
        match_snapshot_unref(s);
        return rc;
    }
    /* the tables, sized once from exact counts (no rehashing as they grow) */
    uint64_t key;
    for (uint32_t i = 0; i < s->n; i++) {
        table *t = key_of(s, i, &key);
        if (t)
            t->want++;
    }
    for (int w = 0; rc == 0 && w < SNAP_TABLES; w++) {
        table *t = match_snap_table(s, w);
        if (t->want && table_init(t, t->want) < 0)
            rc = GISAC_ENOMEM;
    }
    for (uint32_t i = 0; rc == 0 && i < s->n; i++) {
        table *t = key_of(s, i, &key);
        if (t)
            rc = table_put(t, key, i);
    }
    if (rc < 0) {
        match_snapshot_unref(s);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory building the snapshot");
    }
    match_snap_lens(s);
    /* the build-time intern table is not needed for lookups; trim the rest */
    free_intern(s);
    for (int w = 0; rc == 0 && w < SNAP_TABLES; w++)
        rc = table_seal(match_snap_table(s, w));
    if (rc < 0) {
        match_snapshot_unref(s);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory building the snapshot");
    }
    if (s->n && s->n < s->cap) {
        packed_ind *ni = realloc(s->ind, (size_t)s->n * sizeof *ni);
        if (ni) {
            s->ind = ni;
            s->cap = s->n;
        }
    }
    if (s->blob_len && s->blob_len < s->blob_cap) {
        char *nb = realloc(s->blob, s->blob_len);
        if (nb) {
            s->blob = nb;
            s->blob_cap = s->blob_len;
        }
    }
    *out = s;
    return 0;
}

void match_snapshot_ref(match_snapshot *s)
{
    atomic_fetch_add_explicit(&s->refs, 1, memory_order_relaxed);
}

void match_snapshot_unref(match_snapshot *s)
{
    if (!s || atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel) != 1)
        return;
    if (s->release) { /* loaded: the arrays are parts of the image */
        s->release(s->img, s->img_len);
    } else {
        for (int w = 0; w < SNAP_TABLES; w++)
            table_free(match_snap_table(s, w));
        free(s->ind);
        free(s->blob);
    }
    table_free(&s->src_intern);
    free(s);
}

size_t match_snapshot_count(const match_snapshot *s)
{
    return s->n;
}

size_t match_snapshot_value_bytes(const match_snapshot *s)
{
    return s->value_bytes;
}

size_t match_snapshot_bytes(const match_snapshot *s)
{
    size_t b = sizeof *s + (size_t)s->cap * sizeof *s->ind + s->blob_cap;
    for (int w = 0; w < SNAP_TABLES; w++)
        b += table_bytes(match_snap_table((match_snapshot *)s, w));
    return b;
}

int64_t match_snapshot_next_expiry(const match_snapshot *s)
{
    return s->next_expiry;
}

int match_snapshot_get(const match_snapshot *s, uint32_t idx, match_indicator *out)
{
    if (idx >= s->n)
        return GISAC_ENOTFOUND;
    const packed_ind *m = &s->ind[idx];
    /* checked here, not at load: a loaded snapshot is not trusted */
    if (m->type >= IOC_TYPE_COUNT || (m->tlp > TLP_RED && m->tlp != (uint8_t)TLP_UNSET) ||
        m->confidence < -1 || m->confidence > 100)
        return GISAC_EINVAL;
    out->type = (ioc_type)m->type;
    out->tlp = m->tlp > TLP_RED ? TLP_UNSET : (gisac_tlp)m->tlp;
    out->confidence = m->confidence;
    out->store_id = m->store_id;
    out->value = STR(s, m->value_off);
    out->sources = STR(s, m->sources_off);
    out->stix_id = m->stix_off ? STR(s, m->stix_off) : NULL;
    return 0;
}

/* ---- lookups ----------------------------------------------------------- */

static int eq_nocase(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)a[i]) != (unsigned char)b[i])
            return 0;
    return 1;
}

/* Dotted-quad IPv4, the common case in logs, without the general parser. */
static int fast_v4(const char *v, size_t n, uint8_t out[16])
{
    unsigned oct = 0, dots = 0, digits = 0;
    uint8_t b[4];
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c >= '0' && c <= '9') {
            if (digits && oct == 0)
                return -1; /* a leading zero */
            oct = oct * 10 + (c - '0');
            if (++digits > 3 || oct > 255)
                return -1;
        } else if (c == '.' && digits && dots < 3) {
            b[dots++] = (uint8_t)oct;
            oct = digits = 0;
        } else {
            return -1;
        }
    }
    if (dots != 3 || !digits)
        return -1;
    b[3] = (uint8_t)oct;
    memset(out, 0, 10);
    out[10] = out[11] = 0xff;
    memcpy(out + 12, b, 4);
    return 0;
}

static int lookup_addr(const match_snapshot *s, const char *v, size_t n, match_hit_cb cb, void *ctx)
{
    ioc_addr a;
    if (n && v[0] == '[' && v[n - 1] == ']') {
        v++;
        n -= 2;
    }
    if (fast_v4(v, n, a.b) == 0)
        a.v6 = 0;
    else if (ioc_addr_parse(v, n, &a) < 0)
        return 0;
    int hits = 0;
    size_t pos;
    uint32_t idx;
    if (!a.v6 || is_mapped(a.b)) {
        uint32_t x = v4_of(a.b);
        pos = SIZE_MAX;
        while ((idx = table_next(&s->v4, x, &pos, s->n)) != EMPTY) {
            cb(ctx, idx);
            hits++;
        }
        for (int k = 0; k < s->n_c4; k++) {
            int l = s->c4_lens[k];
            uint32_t net = l == 0 ? 0 : x & (0xffffffffu << (32 - l));
            pos = SIZE_MAX;
            while ((idx = table_next(&s->c4[l].t, net, &pos, s->n)) != EMPTY) {
                cb(ctx, idx);
                hits++;
            }
        }
        return hits;
    }
    pos = SIZE_MAX;
    uint64_t k6 = key6(a.b);
    while ((idx = table_next(&s->v6, k6, &pos, s->n)) != EMPTY) {
        const char *iv = STR(s, s->ind[idx].value_off);
        ioc_addr b;
        if (ioc_addr_parse(iv, strlen(iv), &b) == 0 && memcmp(b.b, a.b, 16) == 0) {
            cb(ctx, idx);
            hits++;
        }
    }
    for (int k = 0; k < s->n_c6; k++) {
        int l = s->c6_lens[k];
        uint8_t net[16];
        memcpy(net, a.b, 16);
        mask6(net, l);
        pos = SIZE_MAX;
        uint64_t key = key6(net);
        while ((idx = table_next(&s->c6[l].t, key, &pos, s->n)) != EMPTY) {
            ioc_addr cn;
            int p128;
            if (ioc_cidr_parse(STR(s, s->ind[idx].value_off), &cn, &p128) == 0 && p128 == l) {
                mask6(cn.b, l);
                if (memcmp(cn.b, net, 16) == 0) {
                    cb(ctx, idx);
                    hits++;
                }
            }
        }
    }
    return hits;
}

/* Probe the name table for the suffix name[from..n). */
static int probe_name(const match_snapshot *s, uint64_t h, const char *name, size_t from, size_t n,
                      match_hit_cb cb, void *ctx)
{
    size_t pos = SIZE_MAX;
    uint32_t idx;
    int hits = 0;
    while ((idx = table_next(&s->names, h, &pos, s->n)) != EMPTY) {
        const char *v = STR(s, s->ind[idx].value_off);
        if (strlen(v) == n - from && eq_nocase(name + from, v, n - from)) {
            cb(ctx, idx);
            hits++;
        }
    }
    return hits;
}

static int lookup_ascii_name(const match_snapshot *s, const char *v, size_t n, match_hit_cb cb,
                             void *ctx)
{
    if (n && v[n - 1] == '.')
        n--;
    if (!n || !s->names.n)
        return 0;
    int hits = 0;
    uint64_t h = FNV_BASIS;
    for (size_t i = n; i-- > 0;) {
        unsigned char c = lower((unsigned char)v[i]);
        if (c == '.' && i + 1 < n)
            hits += probe_name(s, h, v, i + 1, n, cb, ctx);
        h = (h ^ c) * FNV_PRIME;
    }
    return hits + probe_name(s, h, v, 0, n, cb, ctx);
}

/* 1 when the n bytes at v are all ASCII. */
static int all_ascii(const char *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] >= 0x80)
            return 0;
    return 1;
}

static int lookup_name(const match_snapshot *s, const char *v, size_t n, match_hit_cb cb, void *ctx)
{
    if (all_ascii(v, n))
        return lookup_ascii_name(s, v, n, cb, ctx);
    /* Unicode: the ideographic and fullwidth full stops (U+3002, U+FF0E,
     * U+FF61) separate labels too (UTS #46); then to A-labels, label by
     * label, so that names a hostname rule would reject still convert */
    char dots[1024];
    size_t dn = 0;
    for (size_t k = 0; k < n; k++) {
        const unsigned char *u = (const unsigned char *)v + k;
        if (dn + 1 >= sizeof dots)
            return 0;
        if (k + 2 < n && ((u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x82) ||
                          (u[0] == 0xef && u[1] == 0xbc && u[2] == 0x8e) ||
                          (u[0] == 0xef && u[1] == 0xbd && u[2] == 0xa1))) {
            dots[dn++] = '.';
            k += 2;
        } else {
            dots[dn++] = (char)u[0];
        }
    }
    v = dots;
    n = dn;
    if (all_ascii(v, n))
        return lookup_ascii_name(s, v, n, cb, ctx);
    char out[1024];
    size_t o = 0;
    const char *p = v, *end = v + n;
    while (p <= end) {
        const char *dot = memchr(p, '.', (size_t)(end - p));
        const char *le = dot ? dot : end;
        size_t ln = (size_t)(le - p);
        int ascii = 1;
        for (size_t k = 0; k < ln; k++)
            ascii &= (unsigned char)p[k] < 0x80;
        if (ascii) {
            if (o + ln + 1 >= sizeof out)
                return 0;
            memcpy(out + o, p, ln);
            o += ln;
        } else {
            char label[256];
            if (ln >= sizeof label)
                return 0;
            memcpy(label, p, ln);
            label[ln] = '\0';
            char *a = NULL;
            if (idn2_to_ascii_8z(label, &a, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT) != IDN2_OK &&
                idn2_to_ascii_8z(label, &a, IDN2_TRANSITIONAL | IDN2_NFC_INPUT) != IDN2_OK) {
                free(a);
                return 0;
            }
            size_t al = strlen(a);
            if (o + al + 1 >= sizeof out) {
                free(a);
                return 0;
            }
            memcpy(out + o, a, al);
            o += al;
            free(a);
        }
        if (!dot)
            break;
        out[o++] = '.';
        p = dot + 1;
    }
    return lookup_ascii_name(s, out, o, cb, ctx);
}

static int lookup_string(const match_snapshot *s, const table *t, const char *v, size_t n,
                         match_hit_cb cb, void *ctx)
{
    size_t pos = SIZE_MAX;
    uint32_t idx;
    int hits = 0;
    uint64_t h = fnv(v, n);
    while ((idx = table_next(t, h, &pos, s->n)) != EMPTY) {
        const char *iv = STR(s, s->ind[idx].value_off);
        if (strlen(iv) == n && memcmp(iv, v, n) == 0) {
            cb(ctx, idx);
            hits++;
        }
    }
    return hits;
}

static int lookup_url(const match_snapshot *s, const char *v, size_t n, match_hit_cb cb, void *ctx)
{
    if (!s->urls.n)
        return 0;
    char norm[IOC_VALUE_MAX];
    ioc_type t;
    if (ioc_normalise(IOC_URL, v, n, norm, sizeof norm, &t, NULL, NULL) < 0)
        return 0;
    return lookup_string(s, &s->urls, norm, strlen(norm), cb, ctx);
}

static int lookup_email(const match_snapshot *s, const char *v, size_t n, match_hit_cb cb,
                        void *ctx)
{
    char low[512];
    if (!s->emails.n || n >= sizeof low)
        return 0;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)lower((unsigned char)v[i]);
    return lookup_string(s, &s->emails, low, n, cb, ctx);
}

static int lookup_hash(const match_snapshot *s, const char *v, size_t n, match_hit_cb cb, void *ctx)
{
    const table *t = n == 32 ? &s->md5 : n == 40 ? &s->sha1 : n == 64 ? &s->sha256 : NULL;
    uint64_t key;
    if (!t || !t->n || digest_key(v, n, &key) < 0)
        return 0;
    size_t pos = SIZE_MAX;
    uint32_t idx;
    int hits = 0;
    while ((idx = table_next(t, key, &pos, s->n)) != EMPTY) {
        const char *iv = STR(s, s->ind[idx].value_off);
        if (strlen(iv) == n && eq_nocase(v, iv, n)) {
            cb(ctx, idx);
            hits++;
        }
    }
    return hits;
}

static int has_scheme_sep(const char *v, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++)
        if (v[i] == ':' && v[i + 1] == '/' && v[i + 2] == '/')
            return 1;
    return 0;
}

static int all_hex(const char *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (hexval((unsigned char)v[i]) < 0)
            return 0;
    return 1;
}

int match_lookup(const match_snapshot *s, match_kind kind, const char *v, size_t n, match_hit_cb cb,
                 void *ctx)
{
    switch (kind) {
    case MATCH_ADDR:
        return lookup_addr(s, v, n, cb, ctx);
    case MATCH_NAME:
        return lookup_name(s, v, n, cb, ctx);
    case MATCH_URL:
        return lookup_url(s, v, n, cb, ctx);
    case MATCH_HASH:
        return lookup_hash(s, v, n, cb, ctx);
    case MATCH_EMAIL:
        return lookup_email(s, v, n, cb, ctx);
    case MATCH_TOKEN:
        break;
    }
    /* a free-text token: whichever kind it parses as */
    if (has_scheme_sep(v, n))
        return lookup_url(s, v, n, cb, ctx);
    if (memchr(v, '@', n))
        return lookup_email(s, v, n, cb, ctx);
    if ((n == 32 || n == 40 || n == 64) && all_hex(v, n))
        return lookup_hash(s, v, n, cb, ctx);
    int hits = lookup_addr(s, v, n, cb, ctx);
    if (hits)
        return hits;
    if (memchr(v, '.', n))
        return lookup_name(s, v, n, cb, ctx);
    return 0;
}
