/* match_event.c: the per-line event that extractors fill. */
#include "match/match_internal.h"

#include <string.h>

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

match_slice match_event_http_url(match_event *e, match_slice host, int bracket, match_slice port,
                                 match_slice path)
{
    int slash = !path.n || path.p[0] != '/';
    size_t n =
        7 + host.n + 2 * (size_t)bracket + (port.n ? 1 + port.n : 0) + (size_t)slash + path.n;
    char *p = match_event_scratch(e, n);
    if (!p)
        return (match_slice){NULL, 0};
    size_t o = 7;
    memcpy(p, "http://", 7);
    if (bracket)
        p[o++] = '[';
    memcpy(p + o, host.p, host.n);
    o += host.n;
    if (bracket)
        p[o++] = ']';
    if (port.n) {
        p[o++] = ':';
        memcpy(p + o, port.p, port.n);
        o += port.n;
    }
    if (slash)
        p[o++] = '/';
    memcpy(p + o, path.p, path.n);
    return (match_slice){p, o + path.n};
}

int match_seen_add(match_seen *s, uint32_t idx, const char *field)
{
    for (int i = 0; i < s->n; i++)
        if (s->ind[i] == idx && s->field[i] == field)
            return 0;
    if (s->n < 64) {
        s->ind[s->n] = idx;
        s->field[s->n++] = field;
    }
    return 1;
}
