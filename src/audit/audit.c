/* audit.c: verify, head and list over the audit chain (see audit.h). */
#include "audit/audit.h"

#include <stdio.h>
#include <string.h>

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

static int is_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return 0;
    }
    return 1;
}

int audit_head_parse(const char *text, audit_head *out, gisac_err *err)
{
    const char *colon = strchr(text, ':');
    int64_t seq = 0;
    const char *p = text;
    int ok = colon && colon > text && colon - text <= 18;
    for (; ok && p < colon; p++) {
        if (*p < '0' || *p > '9')
            ok = 0;
        else
            seq = seq * 10 + (*p - '0');
    }
    ok = ok && seq >= 1 && strlen(colon + 1) == AUDIT_HASH_LEN && is_hex(colon + 1, AUDIT_HASH_LEN);
    if (!ok)
        return gisac_err_set(err, GISAC_EINVAL,
                             "'%.100s' is not a head: give SEQ:HASH as 'gisac audit head' prints "
                             "it",
                             text);
    out->seq = seq;
    for (int i = 0; i < AUDIT_HASH_LEN; i++) {
        char c = colon[1 + i];
        out->hash[i] = (char)(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
    }
    out->hash[AUDIT_HASH_LEN] = '\0';
    return 0;
}

static int head_cb(void *ctx, const store_audit_entry *e)
{
    audit_head *h = ctx;
    h->seq = e->seq;
    snprintf(h->hash, sizeof h->hash, "%s", e->hash ? e->hash : "");
    return 0;
}

int audit_head_get(store *s, audit_head *out, gisac_err *err)
{
    out->seq = 0;
    memcpy(out->hash, ZERO_HASH, sizeof out->hash);
    return store_audit_iter(s, 0, head_cb, out, err);
}

/* ---- verify ------------------------------------------------------------ */

typedef struct verify_ctx {
    audit_report *rep;
    const audit_head *expect;
    int expect_seen;    /* the entry expect->seq was read */
    int expect_differs; /* ... with another hash */
    char prev[AUDIT_HASH_LEN + 1];
} verify_ctx;

static int bad(verify_ctx *v, int64_t seq, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int bad(verify_ctx *v, int64_t seq, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->rep->why, sizeof v->rep->why, fmt, ap);
    va_end(ap);
    v->rep->bad_seq = seq;
    return 1;
}

static int verify_cb(void *ctx, const store_audit_entry *e)
{
    verify_ctx *v = ctx;
    audit_report *rep = v->rep;
    int64_t want = rep->head.seq + 1;
    if (e->seq > want) {
        if (want == 1)
            return bad(v, want, "missing: the log starts at entry %lld (entries deleted)",
                       (long long)e->seq);
        return bad(v, want,
                   "missing: the log jumps from entry %lld to entry %lld (entries deleted)",
                   (long long)rep->head.seq, (long long)e->seq);
    }
    if (e->seq < want)
        return bad(v, e->seq, "out of order: seq %lld where %lld was expected", (long long)e->seq,
                   (long long)want);
    if (!e->prev_hash || strcmp(e->prev_hash, v->prev) != 0) {
        if (want == 1)
            return bad(v, e->seq,
                       "prev_hash is not the start of a chain (entries deleted before "
                       "it)");
        return bad(v, e->seq,
                   "prev_hash does not match entry %lld's hash (entries deleted or "
                   "reordered)",
                   (long long)rep->head.seq);
    }
    char h[65];
    store_audit_hash(e, h);
    if (!e->hash || strcmp(h, e->hash) != 0)
        return bad(v, e->seq, "hash mismatch: the entry was changed after it was written");
    if (v->expect && e->seq == v->expect->seq) {
        v->expect_seen = 1;
        v->expect_differs = strcmp(e->hash, v->expect->hash) != 0;
    }
    rep->entries++;
    rep->head.seq = e->seq;
    memcpy(rep->head.hash, h, sizeof rep->head.hash);
    memcpy(v->prev, h, sizeof v->prev);
    return 0;
}

int audit_verify(store *s, const audit_head *expect, audit_report *rep, gisac_err *err)
{
    memset(rep, 0, sizeof *rep);
    memcpy(rep->head.hash, ZERO_HASH, sizeof rep->head.hash);
    verify_ctx v = {rep, expect, 0, 0, ZERO_HASH};
    int rc = store_audit_iter(s, 0, verify_cb, &v, err);
    if (rc < 0)
        return rc;
    if (!rep->bad_seq && expect) {
        if (!v.expect_seen)
            bad(&v, expect->seq,
                "missing: the log ends at entry %lld but the noted head is entry %lld (entries "
                "deleted)",
                (long long)rep->head.seq, (long long)expect->seq);
        else if (v.expect_differs)
            bad(&v, expect->seq, "hash differs from the noted head (the log was rewritten)");
    }
    if (rep->bad_seq)
        return gisac_err_set(err, GISAC_EINVAL, "audit entry %lld: %s", (long long)rep->bad_seq,
                             rep->why);
    return 0;
}

/* ---- list -------------------------------------------------------------- */

int audit_filter_match(const audit_filter *f, const store_audit_entry *e)
{
    if (f->actor && (!e->actor || strcmp(e->actor, f->actor) != 0))
        return 0;
    if (f->action) {
        size_t n = strlen(f->action);
        if (!e->action)
            return 0;
        if (n && f->action[n - 1] == '.') {
            if (strncmp(e->action, f->action, n) != 0)
                return 0;
        } else if (strcmp(e->action, f->action) != 0) {
            return 0;
        }
    }
    if (f->object && (!e->object || !strstr(e->object, f->object)))
        return 0;
    if (f->since && e->ts < f->since)
        return 0;
    if (f->until && e->ts >= f->until)
        return 0;
    return 1;
}

typedef struct list_ctx {
    const audit_filter *f;
    store_audit_cb cb;
    void *ctx;
    size_t count;
} list_ctx;

static int list_cb(void *ctx, const store_audit_entry *e)
{
    list_ctx *l = ctx;
    if (!audit_filter_match(l->f, e))
        return 0;
    l->count++;
    return l->cb(l->ctx, e);
}

int audit_list(store *s, const audit_filter *f, store_audit_cb cb, void *ctx, size_t *count,
               gisac_err *err)
{
    audit_filter all = AUDIT_FILTER_ALL;
    list_ctx l = {f ? f : &all, cb, ctx, 0};
    int rc = store_audit_iter(s, 0, list_cb, &l, err);
    if (count)
        *count = l.count;
    return rc;
}

int audit_entry_to_json(const store_audit_entry *e, gisac_buf *b)
{
    char ts[GISAC_TIME_LEN];
    gisac_time_format(e->ts, ts);
    int rc = gisac_buf_printf(b, "{\"seq\":%lld,\"ts\":\"%s\",\"actor\":", (long long)e->seq, ts);
    rc |= gisac_buf_json_str(b, e->actor ? e->actor : "");
    rc |= gisac_buf_puts(b, ",\"action\":");
    rc |= gisac_buf_json_str(b, e->action ? e->action : "");
    rc |= gisac_buf_puts(b, ",\"object\":");
    rc |= e->object ? gisac_buf_json_str(b, e->object) : gisac_buf_puts(b, "null");
    rc |= gisac_buf_puts(b, ",\"detail\":");
    if (!e->detail)
        rc |= gisac_buf_puts(b, "null");
    else if (jsonx_walk(e->detail, strlen(e->detail), NULL, NULL, NULL, NULL) == 0)
        rc |= gisac_buf_puts(b, e->detail);
    else
        rc |= gisac_buf_json_str(b, e->detail);
    rc |= gisac_buf_puts(b, ",\"hash\":");
    rc |= gisac_buf_json_str(b, e->hash ? e->hash : "");
    rc |= gisac_buf_putc(b, '}');
    return rc ? GISAC_ENOMEM : 0;
}
