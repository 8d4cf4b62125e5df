/*
 * match_buffer.c: matching one buffer of log lines in the calling thread,
 * with the extractors of the pipeline (match_run.c), for callers that hold
 * the whole input already (the server's /api/v1/ingest). One event and
 * one Zeek header are allocated per call; nothing per line.
 */
#include "match/match_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct buf_run {
    const match_snapshot *snap;
    const match_event *e;
    const match_obs *o;
    match_hit_fn on_hit;
    void *ctx;
    uint64_t line;
    const char *text; /* the line */
    size_t text_len;
    int64_t time;
    int stop;
    uint64_t sightings;
    match_seen seen;
} buf_run;

static void hit(void *ctx, uint32_t idx)
{
    buf_run *b = ctx;
    if (b->stop)
        return;
    if (!match_seen_add(&b->seen, idx, b->o->field))
        return;
    b->sightings++;
    if (!b->on_hit)
        return;
    const match_event *e = b->e;
    match_hit h = {b->line,         idx,         b->o->field, b->o->field_len, b->o->val,
                   b->o->len,       b->time,     b->text,     b->text_len,     e->event_type.p,
                   e->event_type.n, e->src_ip.p, e->src_ip.n, e->dest_ip.p,    e->dest_ip.n};
    b->stop = b->on_hit(b->ctx, &h);
}

int match_extract_line(match_format fmt, zeek_hdr *zh, zeek_log zlog, const char *p, size_t n,
                       match_event *e, const char **why)
{
    size_t k = 0;
    while (k < n && (p[k] == ' ' || p[k] == '\t'))
        k++;
    if (k == n)
        return 1; /* blank lines count as lines but are not events */
    match_event_reset(e);
    switch (fmt) {
    case MATCH_FMT_EVE:
        return match_extract_eve(p, n, e, why);
    case MATCH_FMT_ZEEK:
        if (p[k] == '#') {
            zeek_hdr_line(zh, p, n);
            return 1; /* a header, not an event */
        }
        return p[k] == '{' ? match_extract_zeek_json(zlog, p, n, e, why)
                           : match_extract_zeek_tsv(zh, p, n, e, why);
    default:
        return match_extract_text(fmt, p, n, e, why);
    }
}

int match_buffer(const match_snapshot *snap, const char *data, size_t len, match_format fmt,
                 const char *name, match_hit_fn on_hit, match_error_fn on_error, void *ctx,
                 match_buffer_stats *st)
{
    match_buffer_stats local;
    if (!st)
        st = &local;
    memset(st, 0, sizeof *st);
    if (fmt == MATCH_FMT_AUTO)
        fmt = len ? match_detect(data, len) : MATCH_FMT_TEXT;
    st->format = fmt;
    match_event *e = malloc(sizeof *e);
    zeek_hdr *zh = malloc(sizeof *zh);
    if (!e || !zh) {
        free(e);
        free(zh);
        return GISAC_ENOMEM;
    }
    zeek_hdr_init(zh, name);
    zeek_log zlog = zeek_log_from_name(name);
    buf_run b = {.snap = snap, .e = e, .on_hit = on_hit, .ctx = ctx};
    int rc = 0;
    const char *p = data, *end = data + len;
    uint64_t line = 0;
    while (p < end && rc == 0 && !b.stop) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        size_t n = (size_t)(le - p);
        line++;
        if (n && p[n - 1] == '\r')
            n--;
        const char *why = NULL;
        int x = match_extract_line(fmt, zh, zlog, p, n, e, &why);
        if (x < 0) {
            st->unparsed++;
            if (on_error)
                rc = on_error(ctx, line, why ? why : "cannot parse");
        } else if (x == 0) {
            st->events++;
            st->observables += e->nobs;
            b.line = line;
            b.text = p;
            b.text_len = n;
            b.time = match_event_time(e->ts, 0);
            b.seen.n = 0;
            for (size_t i = 0; i < e->nobs && !b.stop; i++) {
                b.o = &e->obs[i];
                match_lookup(snap, b.o->kind, b.o->val, b.o->len, hit, &b);
            }
        }
        p = nl ? nl + 1 : end;
    }
    st->lines = line;
    st->sightings = b.sightings;
    free(e);
    free(zh);
    return rc ? rc : b.stop;
}
