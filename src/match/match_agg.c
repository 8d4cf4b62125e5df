/*
 * match_agg.c: sightings summed per indicator and direction (one table for
 * gisac match --record and for the ingest API) with the evidence of each
 * (internal hosts, first and last events verbatim), and the time a
 * sighting counts at.
 */
#include "match/match.h"

#include <stdlib.h>
#include <string.h>

int64_t match_seen_at(int64_t event_time, int64_t now)
{
    return event_time && event_time <= now + MATCH_TIME_SKEW ? event_time : now;
}

static size_t slot_of(int64_t id, match_dir d, size_t cap)
{
    return (size_t)(((uint64_t)id * 4 + (uint64_t)d) * 0x9e3779b97f4a7c15ULL) & (cap - 1);
}

static int same(const match_record *a, const match_record *r)
{
    return a->indicator == r->indicator && a->direction == r->direction;
}

static int grow(match_agg *g)
{
    size_t nc = g->cap ? g->cap * 2 : 256;
    match_record *ns = calloc(nc, sizeof *ns);
    if (!ns)
        return GISAC_ENOMEM;
    for (size_t i = 0; i < g->cap; i++)
        if (g->slot[i].indicator) {
            size_t j = slot_of(g->slot[i].indicator, g->slot[i].direction, nc);
            while (ns[j].indicator)
                j = (j + 1) & (nc - 1);
            ns[j] = g->slot[i];
        }
    free(g->slot);
    g->slot = ns;
    g->cap = nc;
    return 0;
}

/* The slot of r's key, new (zeroed but for the key) when *fresh. */
static match_record *slot_for(match_agg *g, const match_record *r, int *fresh)
{
    if ((g->n + 1) * 2 > g->cap && grow(g) < 0)
        return NULL;
    size_t j = slot_of(r->indicator, r->direction, g->cap);
    while (g->slot[j].indicator && !same(&g->slot[j], r))
        j = (j + 1) & (g->cap - 1);
    *fresh = !g->slot[j].indicator;
    return &g->slot[j];
}

int match_detail_last(const match_detail *d, const match_kept **out)
{
    /* the ring from its oldest entry: next is the oldest once it is full */
    int n = 0;
    for (int i = 0; i < d->nlast; i++) {
        int k = d->nlast < MATCH_EVENTS_KEPT ? i : (d->next + i) % MATCH_EVENTS_KEPT;
        out[n++] = &d->last[k];
    }
    return n;
}

static void host_keep(match_detail *d, const char *h)
{
    for (int i = 0; i < d->nhosts; i++)
        if (strcmp(d->hosts[i], h) == 0)
            return;
    if (d->nhosts < MATCH_HOSTS_KEPT)
        memcpy(d->hosts[d->nhosts++], h, MATCH_HOST_LEN);
}

/* Keep an event (line taken over, NULL: counted only). */
static void event_keep(match_detail *d, int64_t time, char *line)
{
    d->events++;
    if (!line)
        return;
    if (d->nfirst < MATCH_EVENTS_KEPT) {
        d->first[d->nfirst++] = (match_kept){time, line};
        return;
    }
    match_kept *k = &d->last[d->next];
    if (d->nlast == MATCH_EVENTS_KEPT)
        free(k->line);
    else
        d->nlast++;
    *k = (match_kept){time, line};
    d->next = (d->next + 1) % MATCH_EVENTS_KEPT;
}

void match_detail_free(match_detail *d)
{
    if (!d)
        return;
    for (int i = 0; i < d->nfirst; i++)
        free(d->first[i].line);
    for (int i = 0; i < d->nlast; i++)
        free(d->last[i].line);
    free(d);
}

/* Move the events and hosts of from (older) in front of those of into; from is freed. */
static void detail_merge(match_detail **into, match_detail *from)
{
    match_detail *newer = *into;
    if (!newer) {
        *into = from;
        return;
    }
    for (int i = 0; i < newer->nhosts; i++)
        host_keep(from, newer->hosts[i]);
    int64_t extra = newer->events - newer->nfirst - newer->nlast;
    for (int i = 0; i < newer->nfirst; i++)
        event_keep(from, newer->first[i].time, newer->first[i].line);
    const match_kept *last[MATCH_EVENTS_KEPT];
    int nl = match_detail_last(newer, last);
    for (int i = 0; i < nl; i++)
        event_keep(from, last[i]->time, last[i]->line);
    from->events += extra > 0 ? extra : 0;
    free(newer); /* its lines now belong to from */
    *into = from;
}

int match_agg_add(match_agg *g, const match_record *r)
{
    int fresh;
    match_record *a = slot_for(g, r, &fresh);
    if (!a)
        return GISAC_ENOMEM;
    if (fresh) {
        *a = *r;
        a->agency = NULL;
        g->n++;
        return 0;
    }
    if (r->first < a->first)
        a->first = r->first;
    if (r->last > a->last)
        a->last = r->last;
    a->count += r->count;
    if (r->detail)
        detail_merge(&a->detail, r->detail);
    return 0;
}

int match_agg_add_event(match_agg *g, const match_record *r, const char *line, size_t len,
                        const char hosts[][MATCH_HOST_LEN], int nhosts)
{
    match_record one = *r;
    one.detail = NULL;
    int fresh;
    match_record *a = slot_for(g, &one, &fresh);
    if (!a)
        return GISAC_ENOMEM;
    if (fresh) {
        *a = one;
        a->agency = NULL;
        g->n++;
    } else {
        if (one.first < a->first)
            a->first = one.first;
        if (one.last > a->last)
            a->last = one.last;
        a->count += one.count;
    }
    if (!a->detail && !(a->detail = calloc(1, sizeof *a->detail)))
        return GISAC_ENOMEM;
    for (int i = 0; i < nhosts; i++)
        host_keep(a->detail, hosts[i]);
    /* a copy only while it is kept: the first ones, then the ring; an
     * event that shows the indicator in several fields is kept once */
    match_detail *d = a->detail;
    size_t n = len > MATCH_EVENT_MAX ? MATCH_EVENT_MAX : len;
    while (n < len && n && ((unsigned char)line[n] & 0xC0) == 0x80)
        n--; /* cut at a UTF-8 boundary */
    const match_kept *prev = d->nlast
                                 ? &d->last[(d->next + MATCH_EVENTS_KEPT - 1) % MATCH_EVENTS_KEPT]
                             : d->nfirst ? &d->first[d->nfirst - 1]
                                         : NULL;
    if (prev && line && n && prev->time == one.last && strlen(prev->line) == n &&
        memcmp(prev->line, line, n) == 0) {
        d->events++;
        return 0;
    }
    char *copy = NULL;
    if (line && n) {
        copy = malloc(n + 1);
        if (!copy)
            return GISAC_ENOMEM;
        memcpy(copy, line, n);
        copy[n] = '\0';
    }
    event_keep(a->detail, one.last, copy);
    return 0;
}

static int by_key(const void *x, const void *y)
{
    const match_record *a = x, *b = y;
    if (a->indicator != b->indicator)
        return (a->indicator > b->indicator) - (a->indicator < b->indicator);
    return (a->direction > b->direction) - (a->direction < b->direction);
}

void match_agg_take(match_agg *g, const char *agency, match_record **rows, size_t *n)
{
    /* compacted in place: row k comes from a slot at or after k */
    size_t k = 0;
    for (size_t i = 0; i < g->cap; i++)
        if (g->slot[i].indicator) {
            g->slot[k] = g->slot[i];
            g->slot[k++].agency = agency;
        }
    /* in the order the indicators were stored: the same rows, whatever
     * the table's size, are recorded (and reported) in the same order */
    if (k > 1)
        qsort(g->slot, k, sizeof *g->slot, by_key);
    *rows = k ? g->slot : NULL;
    *n = k;
    if (!k)
        free(g->slot);
    g->slot = NULL;
    g->n = g->cap = 0;
}

void match_records_free(match_record *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++)
        match_detail_free(rows[i].detail);
    free(rows);
}

void match_agg_free(match_agg *g)
{
    for (size_t i = 0; i < g->cap; i++)
        if (g->slot[i].indicator)
            match_detail_free(g->slot[i].detail);
    free(g->slot);
    g->slot = NULL;
    g->n = g->cap = 0;
}
