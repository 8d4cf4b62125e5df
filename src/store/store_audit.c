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
    char prev[65] = ZERO_HASH;
    int64_t seq = 1;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        seq = sqlite3_column_int64(st, 0) + 1;
        const char *h = store_col_text(st, 1);
        snprintf(prev, sizeof prev, "%s", h ? h : "");
    }
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_db_err(s, err, "audit");
    store_stmt_done(s, STC_AUDIT_HEAD, st);
    if (rc < 0)
        return rc;

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
    rc = sqlite3_step(st) == SQLITE_DONE ? 0 : store_db_err(s, err, "audit");
    store_stmt_done(s, STC_AUDIT_ADD, st);
    return rc;
}

int store_audit_append(store *s, int64_t ts, const char *action, const char *object,
                       const char *detail, gisac_err *err)
{
    if (!action || !*action)
        return gisac_err_set(err, GISAC_EINVAL, "audit: no action");
    if (store_in_tx(s)) /* the caller rolls back when it fails */
        return append(s, ts, action, object, detail, err);
    int own, rc = store_atomic_begin(s, &own, err);
    if (rc == 0)
        rc = append(s, ts, action, object, detail, err);
    return store_atomic_end(s, own, rc, err);
}

int store_audit_iter(store *s, int64_t after, store_audit_cb cb, void *ctx, gisac_err *err)
{
    sqlite3_stmt *st;
    if (store_prepare(s,
                      "SELECT seq, ts, actor, action, object, detail, prev_hash, hash"
                      " FROM audit_log WHERE seq > ? ORDER BY seq",
                      &st, err, "audit") < 0)
        return GISAC_ESTORE;
    sqlite3_bind_int64(st, 1, after);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_audit_entry e = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                               store_col_text(st, 2),       store_col_text(st, 3),
                               store_col_text(st, 4),       store_col_text(st, 5),
                               store_col_text(st, 6),       store_col_text(st, 7)};
        if (cb(ctx, &e)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : store_db_err(s, err, "audit");
}
