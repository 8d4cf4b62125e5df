/*
 * fuzz_match.h: checks shared by the match extractor fuzz targets. check()
 * reads every observable and every piece of metadata of an event (so that
 * ASan sees any bad pointer) and traps unless each value lies in the line
 * or in the event's scratch area. Included by one target file each.
 */
#ifndef GISAC_FUZZ_MATCH_H
#define GISAC_FUZZ_MATCH_H

#include "match/match_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static match_event ev;
static volatile size_t fuzz_out;

static int within(const char *p, size_t n, const char *lo, size_t lo_n)
{
    return p >= lo && p + n <= lo + lo_n;
}

static size_t touch(const char *p, size_t n)
{
    size_t h = 0;
    for (size_t i = 0; i < n; i++)
        h = h * 31 + (unsigned char)p[i];
    return h;
}

static size_t touch_meta(match_slice s, const char *line, size_t n, const match_event *e)
{
    if (!s.n)
        return 0;
    if (!s.p)
        __builtin_trap();
    /* an event type may be a static name; the rest come from the line or the scratch */
    if (s.n > 8 && !within(s.p, s.n, line, n) && !within(s.p, s.n, e->scratch, e->scratch_len))
        __builtin_trap();
    return touch(s.p, s.n);
}

static size_t check(const match_event *e, const char *line, size_t n)
{
    size_t h = 0;
    if (e->nobs > MATCH_MAX_OBS || e->scratch_len > MATCH_SCRATCH)
        __builtin_trap();
    h += touch_meta(e->event_type, line, n, e);
    h += touch_meta(e->ts, line, n, e);
    h += touch_meta(e->src_ip, line, n, e);
    h += touch_meta(e->dest_ip, line, n, e);
    for (size_t i = 0; i < e->nobs; i++) {
        const match_obs *o = &e->obs[i];
        if (!o->len || !o->val || !o->field || !o->field_len || (unsigned)o->kind > MATCH_TOKEN)
            __builtin_trap();
        if (!within(o->val, o->len, line, n) && !within(o->val, o->len, e->scratch, e->scratch_len))
            __builtin_trap();
        h += touch(o->field, o->field_len) + touch(o->val, o->len) + (size_t)o->kind;
    }
    return h + e->dropped;
}

/* check(), and the event must have a type (Zeek and text always set one) */
static inline size_t check_typed(const match_event *e, const char *line, size_t n)
{
    if (!e->event_type.n)
        __builtin_trap();
    return check(e, line, n);
}

#endif
