/* match_event.c: the per-line event that extractors fill. */
#include "match/match_internal.h"

void match_event_reset(match_event *e)
{
    e->event_type.p = e->ts.p = e->src_ip.p = e->dest_ip.p = NULL;
    e->event_type.n = e->ts.n = e->src_ip.n = e->dest_ip.n = 0;
    e->nobs = 0;
    e->dropped = 0;
    e->scratch_len = 0;
}

void match_event_add(match_event *e, const char *field, size_t field_len, match_kind kind,
                     const char *val, size_t len)
{
    if (!len)
        return;
    if (e->nobs == MATCH_MAX_OBS) {
        e->dropped++;
        return;
    }
    match_obs *o = &e->obs[e->nobs++];
    o->field = field;
    o->field_len = field_len;
    o->kind = kind;
    o->val = val;
    o->len = len;
}

char *match_event_scratch(match_event *e, size_t n)
{
    if (n > MATCH_SCRATCH - e->scratch_len) {
        e->dropped++;
        return NULL;
    }
    char *p = e->scratch + e->scratch_len;
    e->scratch_len += n;
    return p;
}
