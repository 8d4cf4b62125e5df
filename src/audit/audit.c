/* audit.c: verify, head and list over the audit chain (see audit.h). */
#include "audit/audit.h"

#include <stdio.h>
#include <stdlib.h>
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
    /* anchored: the stored checkpoints by seq, the next one to meet, and a
     * copy from outside (NULL: none) */
    int anchored;
    const audit_checkpoint *cps;
    size_t ncps, next;
    const audit_checkpoint *outside;
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
    if (v->anchored) {
        int stored = 0;
        for (; v->next < v->ncps && v->cps[v->next].seq <= e->seq; v->next++) {
            const audit_checkpoint *c = &v->cps[v->next];
            if (c->seq < e->seq)
                continue; /* seq < 1: covers no entry (seq runs 1, 2, 3, ... here) */
            stored = 1;
            if (strcmp(c->hash, h) != 0) {
                char ts[GISAC_TIME_LEN];
                gisac_time_format(c->ts, ts);
                return bad(v, e->seq,
                           "hash differs from the checkpoint of %s (the chain was recomputed)", ts);
            }
        }
        if (v->outside && v->outside->seq == e->seq && strcmp(v->outside->hash, h) != 0) {
            char ts[GISAC_TIME_LEN];
            gisac_time_format(v->outside->ts, ts);
            return bad(v, e->seq,
                       "hash differs from the outside checkpoint of %s (the chain was recomputed)",
                       ts);
        }
        if (!stored && e->action && strcmp(e->action, AUDIT_CHECKPOINT_EVENT) == 0)
            return bad(v, e->seq, "its checkpoint is not stored any more (checkpoints deleted)");
    }
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

/* The walk, with the checkpoints of v when it is anchored. */
static int verify_walk(store *s, verify_ctx *v, gisac_err *err)
{
    audit_report *rep = v->rep;
    const audit_head *expect = v->expect;
    memset(rep, 0, sizeof *rep);
    memcpy(rep->head.hash, ZERO_HASH, sizeof rep->head.hash);
    memcpy(v->prev, ZERO_HASH, sizeof v->prev);
    int rc = store_audit_iter(s, 0, verify_cb, v, err);
    if (rc < 0)
        return rc;
    if (!rep->bad_seq && expect) {
        if (!v->expect_seen)
            bad(v, expect->seq,
                "missing: the log ends at entry %lld but the noted head is entry %lld (entries "
                "deleted)",
                (long long)rep->head.seq, (long long)expect->seq);
        else if (v->expect_differs)
            bad(v, expect->seq, "hash differs from the noted head (the log was rewritten)");
    }
    return 0;
}

static int verify_result(const audit_report *rep, gisac_err *err)
{
    if (rep->bad_seq)
        return gisac_err_set(err, GISAC_EINVAL, "audit entry %lld: %s", (long long)rep->bad_seq,
                             rep->why);
    return 0;
}

int audit_verify(store *s, const audit_head *expect, audit_report *rep, gisac_err *err)
{
    verify_ctx v;
    memset(&v, 0, sizeof v);
    v.rep = rep;
    v.expect = expect;
    int rc = verify_walk(s, &v, err);
    return rc < 0 ? rc : verify_result(rep, err);
}

/* ---- verify against the checkpoints ------------------------------------------ */

typedef struct cp_list {
    audit_checkpoint *v;
    size_t n, cap;
} cp_list;

static int cp_collect(void *ctx, const audit_checkpoint *c)
{
    cp_list *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        audit_checkpoint *nv = realloc(l->v, cap * sizeof *nv);
        if (!nv)
            return GISAC_ENOMEM;
        l->v = nv;
        l->cap = cap;
    }
    l->v[l->n++] = *c;
    return 0;
}

/* A checkpoint's signature; a bad one is the report's finding (1), a missing key an error. */
static int cp_signed(verify_ctx *v, const audit_checkpoint *c, const char *which,
                     const char *key_path, gisac_err *err)
{
    gisac_err e = GISAC_ERR_INIT;
    int rc = audit_checkpoint_check(c, key_path, &e);
    if (rc == 0)
        return 0;
    if (rc != GISAC_EINVAL) {
        *err = e;
        return rc;
    }
    char ts[GISAC_TIME_LEN];
    gisac_time_format(c->ts, ts);
    return bad(v, c->seq, "the %s of %s: %s", which, ts, e.msg);
}

int audit_verify_anchored(store *s, const audit_head *expect, const char *key_path,
                          const audit_checkpoint *outside, audit_report *rep, audit_anchor *anc,
                          gisac_err *err)
{
    memset(anc, 0, sizeof *anc);
    memset(rep, 0, sizeof *rep);
    cp_list l = {NULL, 0, 0};
    int rc = store_audit_checkpoint_iter(s, cp_collect, &l, err);
    if (rc == GISAC_ENOMEM)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    verify_ctx v;
    memset(&v, 0, sizeof v);
    v.rep = rep;
    v.expect = expect;
    v.anchored = 1;
    v.cps = l.v;
    v.ncps = l.n;
    v.outside = outside;
    audit_report sig = {0};
    verify_ctx sv = {0};
    sv.rep = &sig;
    /* the signatures first: a checkpoint not signed by the key proves nothing */
    for (size_t i = 0; rc == 0 && i < l.n && !sig.bad_seq; i++)
        rc = cp_signed(&sv, &l.v[i], "checkpoint", key_path, err);
    if (rc >= 0 && outside && !sig.bad_seq)
        rc = cp_signed(&sv, outside, "outside checkpoint", key_path, err);
    if (rc >= 0)
        rc = verify_walk(s, &v, err);
    if (rc < 0) {
        free(l.v);
        return rc;
    }
    if (sig.bad_seq) {
        rep->bad_seq = sig.bad_seq;
        memcpy(rep->why, sig.why, sizeof rep->why);
    }
    anc->checkpoints = (int64_t)l.n + (outside ? 1 : 0);
    anc->outside = outside != NULL;
    if (l.n)
        anc->latest = l.v[l.n - 1];
    int from_outside = outside && outside->seq > anc->latest.seq;
    if (from_outside)
        anc->latest = *outside;
    free(l.v);
    const audit_checkpoint *last = &anc->latest;
    if (!rep->bad_seq && last->seq > rep->head.seq) {
        char ts[GISAC_TIME_LEN];
        gisac_time_format(last->ts, ts);
        const char *which = from_outside ? "outside checkpoint" : "checkpoint";
        if (rep->entries == 0)
            bad(&v, last->seq,
                "missing: the log is empty but the %s of %s counted %lld entries (the table was "
                "emptied)",
                which, ts, (long long)last->seq);
        else
            bad(&v, last->seq,
                "missing: the log ends at entry %lld but the %s of %s counted %lld entries "
                "(entries deleted at the tail)",
                (long long)rep->head.seq, which, ts, (long long)last->seq);
    }
    if (!rep->bad_seq && last->seq)
        anc->after = rep->head.seq - last->seq;
    return verify_result(rep, err);
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
    int rc = store_audit_iter(s, f ? f->after : 0, list_cb, &l, err);
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

int audit_verification_to_json(int rc, const char *msg, const audit_report *rep,
                               const audit_anchor *anc, gisac_buf *b)
{
    int e = gisac_buf_printf(b, "{\"intact\":%s,\"entries\":%lld,\"head\":{\"seq\":%lld,\"hash\":",
                             rc == 0 ? "true" : "false", (long long)rep->entries,
                             (long long)rep->head.seq);
    e |= gisac_buf_json_str(b, rep->head.hash);
    e |= gisac_buf_puts(b, "},\"problem\":");
    if (rc == 0) {
        e |= gisac_buf_puts(b, "null");
    } else {
        e |= rep->bad_seq ? gisac_buf_printf(b, "{\"seq\":%lld", (long long)rep->bad_seq)
                          : gisac_buf_puts(b, "{\"seq\":null");
        e |= gisac_buf_puts(b, ",\"message\":");
        e |= gisac_buf_json_str(b, msg && *msg ? msg : gisac_strerror(rc));
        e |= gisac_buf_putc(b, '}');
    }
    e |= gisac_buf_printf(
        b, ",\"checkpoints\":%lld,\"latest_checkpoint\":", (long long)anc->checkpoints);
    if (anc->latest.seq > 0) {
        char ts[GISAC_TIME_LEN];
        gisac_time_format(anc->latest.ts, ts);
        e |= gisac_buf_printf(b, "{\"seq\":%lld,\"hash\":", (long long)anc->latest.seq);
        e |= gisac_buf_json_str(b, anc->latest.hash);
        e |= gisac_buf_printf(b, ",\"time\":\"%s\"}", ts);
    } else {
        e |= gisac_buf_puts(b, "null");
    }
    e |= gisac_buf_printf(b, ",\"after_checkpoint\":%lld}", (long long)anc->after);
    return e ? GISAC_ENOMEM : 0;
}
