/*
 * fuzz_match_text.c: the syslog, CEF and text extractors on every line of
 * the input (each line in its own exact-size copy, so that ASan sees a read
 * past its end), and match_detect on the whole input. Every observable and
 * every piece of metadata is read; values must lie in the line or in the
 * event's scratch area.
 */
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
    /* the event type is a static string; the rest come from the line or the scratch */
    if (s.n > 6 && !within(s.p, s.n, line, n) && !within(s.p, s.n, e->scratch, e->scratch_len))
        __builtin_trap();
    return touch(s.p, s.n);
}

static size_t check(const match_event *e, const char *line, size_t n)
{
    size_t h = 0;
    if (e->nobs > MATCH_MAX_OBS || e->scratch_len > MATCH_SCRATCH || !e->event_type.n)
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const match_format fmts[] = {MATCH_FMT_SYSLOG, MATCH_FMT_CEF, MATCH_FMT_TEXT};
    const char *d = (const char *)data, *end = d + size;
    size_t h = (size_t)match_detect(d, size);
    for (const char *p = d; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        char *line = malloc(n ? n : 1);
        if (!line)
            return 0;
        memcpy(line, p, n);
        for (size_t f = 0; f < sizeof fmts / sizeof fmts[0]; f++) {
            const char *why = NULL;
            int rc = match_extract_text(fmts[f], line, n, &ev, &why);
            if (rc == 0)
                h += check(&ev, line, n);
            else if (rc != -1 || !why || fmts[f] != MATCH_FMT_CEF)
                __builtin_trap();
            else
                h += touch(why, strlen(why)) + ev.nobs;
        }
        free(line);
        p = nl ? nl + 1 : end;
    }
    fuzz_out += h;
    return 0;
}
