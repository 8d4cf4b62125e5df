/*
 * guard.c: password checks under attack (auth.h, "login guard").
 *
 * One table, in memory, for the whole process: an entry per source
 * address, per account name and per (account, address) pair, each with its
 * consecutive failures, the checks of it in flight, the time before which
 * no check is made, and the failures not yet in the audit log. Every
 * decision is taken under one mutex before the (slow) argon2id check, and
 * the check is counted as in flight until auth_guard_leave, so parallel
 * guesses cannot overrun a budget: the n-th failure is decided before the
 * n+1-th check starts.
 */
#include "auth/auth.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define KEY_MAX   (AUTH_USER_NAME_MAX + 1 + AUTH_GUARD_ADDR_MAX + 1)
#define NSLOTS    8192 /* a power of two */
#define PROBE     16   /* slots looked at for a key */
#define KIND_ADDR 'a'
#define KIND_ACCT 'u'
#define KIND_PAIR 'p'

typedef struct entry {
    char key[KEY_MAX + 2]; /* kind, then the name and/or address; "" free */
    int64_t failures;      /* consecutive */
    int64_t until;         /* no check before (0: none) */
    int64_t touched;
    /* pairs only */
    int64_t unreported;  /* failures and refusals not yet in the audit log */
    int64_t since;       /* the first of them */
    int64_t reported_at; /* the last entry written (0: none yet) */
    int good;            /* a login from this address succeeded */
    unsigned pending;    /* checks in flight */
} entry;

struct auth_guard {
    pthread_mutex_t mu;
    auth_guard_config cfg;
    unsigned inflight;
    entry *slots;
};

void auth_guard_config_default(auth_guard_config *c)
{
    c->max_inflight = 4;
    c->pair_free = AUTH_LOCK_FAILURES;
    c->pair_seconds = AUTH_LOCK_SECONDS;
    c->addr_free = 20;
    c->addr_seconds = 1;
    c->account_free = 50;
    c->account_seconds = 60;
    c->max_seconds = AUTH_LOCK_MAX_SECONDS;
    c->report_seconds = 600;
}

int auth_guard_new(const auth_guard_config *cfg, auth_guard **out, gisac_err *err)
{
    auth_guard *g = calloc(1, sizeof *g);
    if (g)
        g->slots = calloc(NSLOTS, sizeof *g->slots);
    if (!g || !g->slots) {
        free(g);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    if (cfg)
        g->cfg = *cfg;
    else
        auth_guard_config_default(&g->cfg);
    if (g->cfg.max_inflight == 0)
        g->cfg.max_inflight = 1;
    pthread_mutex_init(&g->mu, NULL);
    *out = g;
    return 0;
}

void auth_guard_free(auth_guard *g)
{
    if (!g)
        return;
    pthread_mutex_destroy(&g->mu);
    free(g->slots);
    free(g);
}

static uint64_t hash(const char *s)
{
    uint64_t h = 14695981039346656037ull; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void make_key(char *k, char kind, const char *name, const char *addr)
{
    k[0] = kind;
    size_t n = 1;
    if (name) {
        size_t l = strnlen(name, AUTH_USER_NAME_MAX);
        memcpy(k + n, name, l);
        n += l;
    }
    if (name && addr)
        k[n++] = '\n';
    if (addr) {
        size_t l = strnlen(addr, AUTH_GUARD_ADDR_MAX);
        memcpy(k + n, addr, l);
        n += l;
    }
    k[n] = '\0';
}

static int idle(const entry *e, int64_t now)
{
    return e->pending == 0 && e->unreported == 0 && e->until <= now;
}

/*
 * The entry of a key, made when missing (an idle entry of the probe
 * sequence makes room: the least recently touched). NULL when the table
 * holds only busy entries there: the caller refuses, it cannot count.
 */
static entry *find(auth_guard *g, const char *key, int64_t now)
{
    uint64_t h = hash(key);
    entry *room = NULL;
    for (unsigned i = 0; i < PROBE; i++) {
        entry *e = &g->slots[(h + i) & (NSLOTS - 1)];
        if (e->key[0] && strcmp(e->key, key) == 0)
            return e;
        if (!e->key[0]) {
            if (!room || room->key[0])
                room = e;
        } else if (idle(e, now) && (!room || (room->key[0] && e->touched < room->touched))) {
            room = e;
        }
    }
    if (room) {
        memset(room, 0, sizeof *room);
        strcpy(room->key, key);
    }
    return room;
}

static int64_t backoff(const auth_guard_config *c, int64_t base, int64_t over)
{
    int64_t s = base;
    for (int64_t k = 0; k < over && s < c->max_seconds; k++)
        s *= 2;
    return s < c->max_seconds ? s : c->max_seconds;
}

/*
 * 0 when one more check of e may start; else the seconds to wait. After
 * free failures a check waits for the back-off, and only one runs at a
 * time (the one before it may be the failure that extends it).
 */
static int64_t wait_for(const entry *e, int64_t free_n, int64_t now)
{
    if ((int64_t)e->pending + e->failures < free_n)
        return 0;
    if (e->until > now)
        return e->until - now;
    return e->pending ? 1 : 0;
}

int auth_guard_enter(auth_guard *g, const char *name, const char *addr, int64_t now, unsigned flags,
                     auth_guard_ticket *t, int64_t *retry_after)
{
    memset(t, 0, sizeof *t);
    const auth_guard_config *c = &g->cfg;
    char kp[KEY_MAX + 2], ka[KEY_MAX + 2], ku[KEY_MAX + 2];
    make_key(kp, KIND_PAIR, name, addr);
    make_key(ka, KIND_ADDR, NULL, addr);
    make_key(ku, KIND_ACCT, name, NULL);
    pthread_mutex_lock(&g->mu);
    int64_t wait = 0;
    entry *p = find(g, kp, now), *a = NULL, *u = NULL;
    if (p)
        p->pending++; /* kept while the others are found: not evicted */
    if (p && (a = find(g, ka, now)) != NULL)
        a->pending++;
    if (a && (u = find(g, ku, now)) != NULL)
        u->pending++;
    if (!u) {
        wait = 1; /* the table is full of live entries: nothing can be counted */
    } else {
        p->pending--, a->pending--, u->pending--;
        int64_t w;
        if ((w = wait_for(p, c->pair_free, now)) > wait)
            wait = w;
        if ((w = wait_for(a, c->addr_free, now)) > wait)
            wait = w;
        /* the account's own back-off spares the addresses it logged in from */
        if (!p->good && (w = wait_for(u, c->account_free, now)) > wait)
            wait = w;
        if (!wait && !(flags & AUTH_GUARD_CHEAP) && g->inflight >= c->max_inflight)
            wait = 1;
    }
    if (wait) {
        if (p) {
            /* a refusal is summarised with the failures */
            if (!p->unreported)
                p->since = now;
            p->unreported++;
            p->touched = now;
        }
        pthread_mutex_unlock(&g->mu);
        *retry_after = wait;
        return GISAC_EBUSY;
    }
    p->pending++, a->pending++, u->pending++;
    p->touched = a->touched = u->touched = now;
    t->cheap = (flags & AUTH_GUARD_CHEAP) != 0;
    if (!t->cheap)
        g->inflight++;
    t->pair = p;
    t->addr = a;
    t->acct = u;
    pthread_mutex_unlock(&g->mu);
    return 0;
}

static void fail_one(const auth_guard_config *c, entry *e, int64_t free_n, int64_t base,
                     int64_t now)
{
    e->failures++;
    if (e->failures >= free_n)
        e->until = now + backoff(c, base, e->failures - free_n);
}

void auth_guard_leave(auth_guard *g, auth_guard_ticket *t, int ok, int64_t now,
                      auth_guard_report *rep)
{
    memset(rep, 0, sizeof *rep);
    entry *p = t->pair, *a = t->addr, *u = t->acct;
    if (!p)
        return;
    const auth_guard_config *c = &g->cfg;
    pthread_mutex_lock(&g->mu);
    if (!t->cheap)
        g->inflight--;
    p->pending--, a->pending--, u->pending--;
    if (ok) {
        p->failures = a->failures = u->failures = 0;
        p->until = a->until = u->until = 0;
        p->good = 1;
    } else {
        fail_one(c, p, c->pair_free, c->pair_seconds, now);
        fail_one(c, a, c->addr_free, c->addr_seconds, now);
        fail_one(c, u, c->account_free, c->account_seconds, now);
        if (p->failures == c->pair_free)
            rep->locked_until = p->until; /* this address is now locked out of it */
        if (!p->unreported)
            p->since = now;
        p->unreported++;
    }
    /* a failure is written at once when nothing was in the last window,
     * else with the others in one summary when the window ends (here or in
     * auth_guard_due) */
    if (p->unreported && (!p->reported_at || now - p->reported_at >= c->report_seconds)) {
        rep->failures = p->unreported;
        rep->since = p->since;
        p->unreported = 0;
        p->reported_at = now;
    }
    rep->account_failures = u->failures;
    rep->account_until = u->failures >= c->account_free ? u->until : 0;
    pthread_mutex_unlock(&g->mu);
    t->pair = NULL;
}

/* The name and address of a pair's key. */
static void split(const entry *e, char *name, size_t ncap, char *addr, size_t acap)
{
    const char *k = e->key + 1, *nl = strchr(k, '\n');
    size_t n = nl ? (size_t)(nl - k) : strlen(k);
    snprintf(name, ncap, "%.*s", (int)n, k);
    snprintf(addr, acap, "%s", nl ? nl + 1 : "");
}

int auth_guard_due(auth_guard *g, int64_t now, auth_guard_due_cb cb, void *ctx)
{
    int n = 0;
    for (size_t i = 0; i < NSLOTS; i++) {
        char name[AUTH_USER_NAME_MAX + 1], addr[AUTH_GUARD_ADDR_MAX + 1];
        auth_guard_report rep = {0};
        pthread_mutex_lock(&g->mu);
        entry *e = &g->slots[i];
        if (e->key[0] == KIND_PAIR && e->unreported &&
            now - e->reported_at >= g->cfg.report_seconds) {
            split(e, name, sizeof name, addr, sizeof addr);
            rep.failures = e->unreported;
            rep.since = e->since;
            e->unreported = 0;
            e->reported_at = now;
        }
        pthread_mutex_unlock(&g->mu);
        if (rep.failures) {
            n++;
            if (cb(ctx, name, addr, &rep) != 0)
                break;
        }
    }
    return n;
}
