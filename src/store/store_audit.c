/*
 * store_audit.c: the hash-chained audit log (see store_audit.h).
 *
 * Appending reads the newest entry's hash and inserts the next one under
 * the write lock of the caller's transaction (or of its own), so that two
 * writers can never chain onto the same entry.
 */
#include "store/store.h"
#include "store/store_internal.h"

#include <stdio.h>
#include <string.h>

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* The newest entry: its seq (0: none) and hash (64 zeros: none). */
typedef struct head {
    char hash[65];
    int64_t seq;
} head;

static int head_row(void *row, gisac_arena *arena, store_statement *st)
{
    (void)arena;
    head *h = row;
    h->seq = st_col_int64(st, 0);
    snprintf(h->hash, sizeof h->hash, "%s", store_col_text(st, 1) ? store_col_text(st, 1) : "");
    return 0;
}

/*
 * Chain one entry onto the newest. Inside a transaction: the counter
 * ("audit", 0) is bumped first, so that the head is locked to this
 * transaction (SQLite's write lock holds it already; a server backend
 * needs the row lock) before the newest entry is read.
 */
static int append(store *s, int64_t ts, const char *action, const char *object, const char *detail,
                  gisac_err *err)
{
    int64_t appends;
    int rc = store_number_next(s, "audit", 0, &appends, err);
    if (rc < 0)
        return rc;
    head h = {ZERO_HASH, 0};
    if ((rc = store_get(s, STC_AUDIT_HEAD,
                        "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", head_row, &h,
                        NULL, err, "audit", NULL)) < 0 &&
        rc != GISAC_ENOTFOUND)
        return rc;
    int64_t seq = h.seq + 1;
    const char *prev = h.hash;

    store_audit_entry e = {seq, ts, store_actor(s), action, object, detail, prev, NULL};
    char hash[65];
    store_audit_hash(&e, hash);
    if (hash[0] == 'x')
        return gisac_err_set(err, GISAC_ENOMEM, "audit: out of memory");
    return store_write(s, STC_AUDIT_ADD,
                       "INSERT INTO audit_log (seq, ts, actor, action, object, detail,"
                       " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       err, "audit", "IItttttt", seq, ts, e.actor, action, object, detail, prev,
                       hash);
}

int store_audit_append(store *s, int64_t ts, const char *action, const char *object,
                       const char *detail, gisac_err *err)
{
    if (!action || !*action)
        return gisac_err_set(err, GISAC_EINVAL, "audit: no action");
    int own, rc = store_tx_join(s, &own, err);
    if (rc == 0)
        rc = append(s, ts, action, object, detail, err);
    return store_atomic_end(s, own, rc, err);
}

STORE_ROWMAP(entry_rows, store_audit_entry, store_audit_cb, entry_copy, e, "IItttttt", &e->seq,
             &e->ts, &e->actor, &e->action, &e->object, &e->detail, &e->prev_hash, &e->hash);

/* The entries after the last one read (or after *q, a seq, at first). */
static int entry_page(store *s, const void *q, const void *last, store_statement **st,
                      store_stc *id, gisac_err *err)
{
    *id = STC_AUDIT_ITER;
    return store_query(s, STC_AUDIT_ITER,
                       "SELECT seq, ts, actor, action, object, detail, prev_hash, hash"
                       " FROM audit_log WHERE seq > ?1 ORDER BY seq LIMIT ?2",
                       st, err, "audit", "II",
                       last ? ((const store_audit_entry *)last)->seq : *(const int64_t *)q,
                       (int64_t)STORE_BATCH);
}

int store_audit_iter(store *s, int64_t after, store_audit_cb cb, void *ctx, gisac_err *err)
{
    /* by seq, STORE_BATCH entries at a time, called back with no statement open */
    int rc = store_pages(s, &entry_rows, entry_page, &after, STORE_CBX(cb, ctx), err, "audit");
    return rc > 0 ? 0 : rc;
}

int store_audit_head(store *s, int64_t *seq, char hash[65], gisac_err *err)
{
    head h = {ZERO_HASH, 0};
    int rc =
        store_get(s, STC_AUDIT_HEAD, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
                  head_row, &h, NULL, err, "audit", NULL);
    if (rc < 0 && rc != GISAC_ENOTFOUND)
        return rc;
    *seq = h.seq;
    memcpy(hash, h.hash, sizeof h.hash);
    return 0;
}

/* ---- checkpoints -------------------------------------------------------- */

int store_audit_checkpoint_add(store *s, const store_audit_checkpoint *c, gisac_err *err)
{
    return store_write(s, STC_AUDIT_CP_ADD,
                       "INSERT INTO audit_checkpoint (seq, hash, ts, key, signature)"
                       " VALUES (?, ?, ?, ?, ?)",
                       err, "audit checkpoint", "ItItt", c->seq, c->hash, c->ts, c->key,
                       c->signature);
}

/* A stored text into a fixed field: too long or missing reads as "" (then it
 * fails its check as any damaged value would). */
static void field(char *out, size_t cap, const char *v)
{
    if (!v || strlen(v) >= cap)
        v = "";
    snprintf(out, cap, "%s", v);
}

static int cp_copy(void *row, gisac_arena *arena, store_statement *st)
{
    (void)arena;
    store_audit_checkpoint *c = row;
    c->seq = st_col_int64(st, 0);
    field(c->hash, sizeof c->hash, store_col_text(st, 1));
    c->ts = st_col_int64(st, 2);
    field(c->key, sizeof c->key, store_col_text(st, 3));
    field(c->signature, sizeof c->signature, store_col_text(st, 4));
    return 0;
}

int store_audit_checkpoint_latest(store *s, store_audit_checkpoint *out, gisac_err *err)
{
    return store_get(s, STC_NONE,
                     "SELECT seq, hash, ts, key, signature FROM audit_checkpoint"
                     " ORDER BY seq DESC LIMIT 1",
                     cp_copy, out, NULL, err, "audit checkpoint", NULL);
}

STORE_ROWTYPE(cp_rows, store_audit_checkpoint, cp_copy, store_audit_checkpoint_cb);

int store_audit_checkpoint_iter(store *s, store_audit_checkpoint_cb cb, void *ctx, gisac_err *err)
{
    int rc = store_iter(s, STC_AUDIT_CP_ITER,
                        "SELECT seq, hash, ts, key, signature FROM audit_checkpoint ORDER BY seq",
                        &cp_rows, 1, STORE_CBX(cb, ctx), err, "audit checkpoint", NULL);
    return rc > 0 ? 0 : rc;
}
