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

static int head_row(void *row, gisac_arena *arena, sqlite3_stmt *st)
{
    (void)arena;
    head *h = row;
    h->seq = sqlite3_column_int64(st, 0);
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
    sqlite3_stmt *st;
    if ((rc = store_stmt(s, STC_AUDIT_HEAD,
                         "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", &st, err,
                         "audit")) < 0)
        return rc;
    head h = {ZERO_HASH, 0};
    if ((rc = store_one(s, st, STC_AUDIT_HEAD, head_row, &h, NULL, err, "audit")) < 0 &&
        rc != GISAC_ENOTFOUND)
        return rc;
    int64_t seq = h.seq + 1;
    const char *prev = h.hash;

    store_audit_entry e = {seq, ts, store_actor(s), action, object, detail, prev, NULL};
    char hash[65];
    store_audit_hash(&e, hash);
    if (hash[0] == 'x')
        return gisac_err_set(err, GISAC_ENOMEM, "audit: out of memory");
    if ((rc = store_stmt(s, STC_AUDIT_ADD,
                         "INSERT INTO audit_log (seq, ts, actor, action, object, detail,"
                         " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         &st, err, "audit")) < 0)
        return rc;
    sqlite3_bind_int64(st, 1, seq);
    sqlite3_bind_int64(st, 2, ts);
    store_bind_text(st, 3, e.actor);
    store_bind_text(st, 4, action);
    store_bind_text(st, 5, object);
    store_bind_text(st, 6, detail);
    store_bind_text(st, 7, prev);
    store_bind_text(st, 8, hash);
    return store_run(s, st, STC_AUDIT_ADD, err, "audit");
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

static int entry_copy(void *row, gisac_arena *arena, sqlite3_stmt *st)
{
    store_audit_entry *e = row;
    e->seq = sqlite3_column_int64(st, 0);
    e->ts = sqlite3_column_int64(st, 1);
    e->actor = store_col_text(st, 2);
    e->action = store_col_text(st, 3);
    e->object = store_col_text(st, 4);
    e->detail = store_col_text(st, 5);
    e->prev_hash = store_col_text(st, 6);
    e->hash = store_col_text(st, 7);
    return store_dup(arena, &e->actor, &e->action, &e->object, &e->detail, &e->prev_hash, &e->hash,
                     NULL);
}

int store_audit_iter(store *s, int64_t after, store_audit_cb cb, void *ctx, gisac_err *err)
{
    /* by seq, STORE_BATCH entries at a time, called back with no statement open */
    store_batch b;
    int rc = store_batch_init(&b, sizeof(store_audit_entry), entry_copy, err);
    while (rc == 0) {
        sqlite3_stmt *st;
        if ((rc = store_stmt(s, STC_AUDIT_ITER,
                             "SELECT seq, ts, actor, action, object, detail, prev_hash, hash"
                             " FROM audit_log WHERE seq > ?1 ORDER BY seq LIMIT ?2",
                             &st, err, "audit")) < 0)
            break;
        sqlite3_bind_int64(st, 1, after);
        sqlite3_bind_int64(st, 2, STORE_BATCH);
        store_batch_clear(&b);
        if ((rc = store_batch_read(s, st, STC_AUDIT_ITER, &b, err, "audit")) < 0)
            break;
        size_t i = 0;
        while (i < b.n && !cb(ctx, store_batch_at(&b, i)))
            i++;
        if (i < b.n || b.n < STORE_BATCH)
            break;
        after = ((store_audit_entry *)store_batch_at(&b, b.n - 1))->seq;
    }
    store_batch_free(&b);
    return rc;
}
