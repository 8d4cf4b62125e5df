/*
 * match_agg.c: sightings summed per indicator (one table for gisac match
 * --record and for the ingest API), and the time a sighting counts at.
 */
#include "match/match.h"

#include <stdlib.h>
#include <string.h>

int64_t match_seen_at(int64_t event_time, int64_t now)
{
    return event_time && event_time <= now + MATCH_TIME_SKEW ? event_time : now;
}

static size_t slot_of(int64_t id, size_t cap)
{
    return (size_t)((uint64_t)id * 0x9e3779b97f4a7c15ULL) & (cap - 1);
}

static int grow(match_agg *g)
{
    size_t nc = g->cap ? g->cap * 2 : 256;
    match_record *ns = calloc(nc, sizeof *ns);
    if (!ns)
        return GISAC_ENOMEM;
    for (size_t i = 0; i < g->cap; i++)
        if (g->slot[i].indicator) {
            size_t j = slot_of(g->slot[i].indicator, nc);
            while (ns[j].indicator)
                j = (j + 1) & (nc - 1);
            ns[j] = g->slot[i];
        }
    free(g->slot);
    g->slot = ns;
    g->cap = nc;
    return 0;
}

int match_agg_add(match_agg *g, const match_record *r)
{
    if ((g->n + 1) * 2 > g->cap && grow(g) < 0)
        return GISAC_ENOMEM;
    size_t j = slot_of(r->indicator, g->cap);
    while (g->slot[j].indicator && g->slot[j].indicator != r->indicator)
        j = (j + 1) & (g->cap - 1);
    match_record *a = &g->slot[j];
    if (!a->indicator) {
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
    return 0;
}

static int by_indicator(const void *x, const void *y)
{
    int64_t a = ((const match_record *)x)->indicator, b = ((const match_record *)y)->indicator;
    return (a > b) - (a < b);
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
        qsort(g->slot, k, sizeof *g->slot, by_indicator);
    *rows = k ? g->slot : NULL;
    *n = k;
    if (!k)
        free(g->slot);
    g->slot = NULL;
    g->n = g->cap = 0;
}

void match_agg_free(match_agg *g)
{
    free(g->slot);
    g->slot = NULL;
    g->n = g->cap = 0;
}
