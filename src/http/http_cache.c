/*
 * http_cache.c: answers kept in memory, for the expensive reads that many
 * clients repeat (TAXII pages, manifests, blocklist feeds: hundreds of
 * agencies pull the same pages every day).
 *
 * An entry is keyed by everything the answer depends on: the caller's
 * view (role, agency), the path and the sorted query arguments. It is
 * valid while the shared data has not changed: the cache keeps a
 * generation number, raised when a worker finds that the store's share
 * generation (store_share_version, read before every lookup; it moves
 * with every commit that changed indicators, sources, recipients, the
 * allowlist, advisories or agencies, by any process, and not with
 * sightings, incidents or audit entries) is not the one seen last; an
 * entry of an older generation is a miss. An
 * entry also expires after HTTP_CACHE_MAX_AGE seconds, since what is
 * active depends on the clock (valid_until). The total size is bounded;
 * the least recently used entries go first.
 *
 * Entries are reference counted: a response being sent holds a reference
 * and libmicrohttpd drops it (free callback) when it is done, so an entry
 * evicted meanwhile is freed only then. The body is sent from the entry
 * itself, without a copy.
 */
#include "http/http_internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct http_cache_entry {
    struct http_cache_entry *chain;       /* hash chain */
    struct http_cache_entry *prev, *next; /* LRU list, most recent first */
    uint64_t hash;
    char *key;
    char *body;
    size_t len;
    unsigned status;
    char ctype[64];
    char first[GISAC_TIME_LEN], last[GISAC_TIME_LEN];
    char etag[72];
    uint64_t gen;
    double born;
    atomic_int refs; /* the table's own reference + one per response in flight */
};

struct http_cache {
    pthread_mutex_t mu;
    http_cache_entry **tab;
    size_t cap; /* power of two */
    size_t n;
    size_t bytes, max_bytes;
    http_cache_entry *head, *tail;
    atomic_ulong gen;
    int64_t share_seen; /* the store's share generation last seen (under mu) */
    atomic_ulong hits, misses;
};

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

int http_cache_new(size_t max_bytes, http_cache **out)
{
    http_cache *c = calloc(1, sizeof *c);
    if (!c)
        return GISAC_ENOMEM;
    c->cap = 1024;
    c->tab = calloc(c->cap, sizeof *c->tab);
    if (!c->tab) {
        free(c);
        return GISAC_ENOMEM;
    }
    c->max_bytes = max_bytes;
    pthread_mutex_init(&c->mu, NULL);
    atomic_init(&c->gen, 1);
    *out = c;
    return 0;
}

static void entry_unref(http_cache_entry *e)
{
    if (atomic_fetch_sub(&e->refs, 1) == 1) {
        free(e->key);
        free(e->body);
        free(e);
    }
}

/* Unlink e from the table and the list (under the lock); drop the table's reference. */
static void entry_remove(http_cache *c, http_cache_entry *e)
{
    http_cache_entry **pp = &c->tab[e->hash & (c->cap - 1)];
    while (*pp && *pp != e)
        pp = &(*pp)->chain;
    if (*pp)
        *pp = e->chain;
    if (e->prev)
        e->prev->next = e->next;
    else
        c->head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        c->tail = e->prev;
    c->n--;
    c->bytes -= e->len + strlen(e->key);
    entry_unref(e);
}

void http_cache_free(http_cache *c)
{
    if (!c)
        return;
    while (c->head)
        entry_remove(c, c->head);
    free(c->tab);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

void http_cache_invalidate(http_cache *c)
{
    atomic_fetch_add(&c->gen, 1);
}

void http_cache_sync(http_cache *c, int64_t share_gen)
{
    pthread_mutex_lock(&c->mu);
    if (share_gen > c->share_seen) {
        c->share_seen = share_gen;
        atomic_fetch_add(&c->gen, 1);
    }
    pthread_mutex_unlock(&c->mu);
}

void http_cache_stats(http_cache *c, unsigned long *hits, unsigned long *misses, size_t *bytes)
{
    *hits = atomic_load(&c->hits);
    *misses = atomic_load(&c->misses);
    pthread_mutex_lock(&c->mu);
    *bytes = c->bytes;
    pthread_mutex_unlock(&c->mu);
}

http_cache_entry *http_cache_get(http_cache *c, const char *key)
{
    uint64_t h = fnv(key);
    uint64_t gen = atomic_load(&c->gen);
    double now = mono();
    pthread_mutex_lock(&c->mu);
    http_cache_entry *e = c->tab[h & (c->cap - 1)];
    while (e && (e->hash != h || strcmp(e->key, key) != 0))
        e = e->chain;
    if (e && (e->gen != gen || now - e->born > HTTP_CACHE_MAX_AGE)) {
        entry_remove(c, e);
        e = NULL;
    }
    if (e) {
        atomic_fetch_add(&e->refs, 1);
        if (e != c->head) { /* to the front of the list */
            e->prev->next = e->next;
            if (e->next)
                e->next->prev = e->prev;
            else
                c->tail = e->prev;
            e->prev = NULL;
            e->next = c->head;
            c->head->prev = e;
            c->head = e;
        }
    }
    pthread_mutex_unlock(&c->mu);
    atomic_fetch_add(e ? &c->hits : &c->misses, 1);
    return e;
}

void http_cache_release(http_cache_entry *e)
{
    if (e)
        entry_unref(e);
}

/* Double the table when it is as full as it is wide (under the lock). */
static void grow(http_cache *c)
{
    size_t nc = c->cap * 2;
    http_cache_entry **nt = calloc(nc, sizeof *nt);
    if (!nt)
        return; /* longer chains, still correct */
    for (size_t i = 0; i < c->cap; i++) {
        http_cache_entry *e = c->tab[i];
        while (e) {
            http_cache_entry *next = e->chain;
            e->chain = nt[e->hash & (nc - 1)];
            nt[e->hash & (nc - 1)] = e;
            e = next;
        }
    }
    free(c->tab);
    c->tab = nt;
    c->cap = nc;
}

void http_cache_put(http_cache *c, const char *key, uint64_t gen, const http_cache_answer *a)
{
    size_t klen = strlen(key);
    if (a->len + klen > c->max_bytes / 4) /* one answer may not crowd out the rest */
        return;
    http_cache_entry *e = calloc(1, sizeof *e);
    if (!e)
        return;
    e->key = strdup(key);
    e->body = malloc(a->len ? a->len : 1);
    if (!e->key || !e->body) {
        free(e->key);
        free(e->body);
        free(e);
        return;
    }
    memcpy(e->body, a->body, a->len);
    e->len = a->len;
    e->hash = fnv(key);
    e->status = a->status;
    snprintf(e->ctype, sizeof e->ctype, "%s", a->ctype);
    snprintf(e->first, sizeof e->first, "%s", a->first ? a->first : "");
    snprintf(e->last, sizeof e->last, "%s", a->last ? a->last : "");
    snprintf(e->etag, sizeof e->etag, "%s", a->etag ? a->etag : "");
    e->gen = gen;
    e->born = mono();
    atomic_init(&e->refs, 1);

    pthread_mutex_lock(&c->mu);
    /* a concurrent put of the same key: the newer one wins */
    http_cache_entry *old = c->tab[e->hash & (c->cap - 1)];
    while (old && (old->hash != e->hash || strcmp(old->key, key) != 0))
        old = old->chain;
    if (old)
        entry_remove(c, old);
    while (c->tail && c->bytes + e->len + klen > c->max_bytes)
        entry_remove(c, c->tail);
    if (c->n >= c->cap)
        grow(c);
    size_t b = e->hash & (c->cap - 1);
    e->chain = c->tab[b];
    c->tab[b] = e;
    e->next = c->head;
    if (c->head)
        c->head->prev = e;
    c->head = e;
    if (!c->tail)
        c->tail = e;
    c->n++;
    c->bytes += e->len + klen;
    pthread_mutex_unlock(&c->mu);
}

uint64_t http_cache_gen(http_cache *c)
{
    return atomic_load(&c->gen);
}

const http_cache_answer *http_cache_entry_answer(const http_cache_entry *e, http_cache_answer *a)
{
    a->status = e->status;
    a->ctype = e->ctype;
    a->body = e->body;
    a->len = e->len;
    a->first = e->first[0] ? e->first : NULL;
    a->last = e->last[0] ? e->last : NULL;
    a->etag = e->etag[0] ? e->etag : NULL;
    return a;
}

/* ---- the key ----------------------------------------------------------- */

typedef struct kv {
    const char *k, *v;
} kv;

typedef struct args_ctx {
    kv *v;
    size_t n, cap;
    int oom;
} args_ctx;

static int arg_cb(void *cls, const char *key, const char *value)
{
    args_ctx *a = cls;
    kv x = {key, value ? value : ""};
    return gisac_push_or_stop(&a->v, &a->n, &a->cap, sizeof x, 16, &x, &a->oom);
}

static int cmp_kv(const void *pa, const void *pb)
{
    const kv *a = pa, *b = pb;
    int c = strcmp(a->k, b->k);
    return c ? c : strcmp(a->v, b->v);
}

int http_cache_key(http_req *r, const char *path, gisac_buf *key)
{
    args_ctx a = {NULL, 0, 0, 0};
    http_args(r, arg_cb, &a);
    if (a.oom) {
        free(a.v);
        return GISAC_ENOMEM;
    }
    /* sorted, so that the same question asked in another order shares the
     * answer (every filter here is a set: the order of its values is moot) */
    if (a.n > 1)
        qsort(a.v, a.n, sizeof *a.v, cmp_kv);
    /* the view, not the account: callers who read the same share the answer */
    auth_principal who = auth_principal_of(&r->acc);
    int rc = app_view_key(&who, key);
    rc |= gisac_buf_printf(key, "\x1f%s\x1f%s", r->method[0] == 'H' ? "GET" : r->method, path);
    for (size_t i = 0; i < a.n; i++)
        rc |= gisac_buf_printf(key, "\x1f%s=%s", a.v[i].k, a.v[i].v);
    free(a.v);
    return rc ? GISAC_ENOMEM : 0;
}
