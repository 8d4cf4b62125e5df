/*
 * store_notify.c: subscriptions, the outbox and the delivery log of
 * notifications (see store_notify.h; the rules are in
 * src/notify).
 */
#include "store/store.h"
#include "store/store_internal.h"

#include <stdint.h>
#include <string.h>

/* Run st to its end; 0 or the store's error. Finalizes st. */
static int run_done(store *s, sqlite3_stmt *st, const char *what, gisac_err *err)
{
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : store_db_err(s, err, what);
}

int store_notify_sub_add(store *s, store_notify_sub *sub, const char *const *events, size_t nevents,
                         gisac_err *err)
{
    int own, rc = store_atomic_begin(s, &own, err);
    if (rc < 0)
        return rc;
    sqlite3_stmt *st;
    rc = store_prepare(s,
                       "INSERT INTO notify_sub (kind, target, secret, agency, created)"
                       " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                       &st, err, "notification subscription");
    if (rc == 0) {
        store_bind_text(st, 1, sub->kind);
        store_bind_text(st, 2, sub->target);
        store_bind_text(st, 3, sub->secret);
        store_bind_text(st, 4, sub->agency);
        sqlite3_bind_int64(st, 5, sub->created);
        if (sqlite3_step(st) == SQLITE_ROW)
            sub->id = sqlite3_column_int64(st, 0);
        else
            rc = store_db_err(s, err, "notification subscription");
        sqlite3_finalize(st);
    }
    for (size_t i = 0; rc == 0 && i < nevents; i++) {
        rc = store_prepare(s, "INSERT INTO notify_sub_event (sub_id, event) VALUES (?1, ?2)", &st,
                           err, "notification event");
        if (rc < 0)
            break;
        sqlite3_bind_int64(st, 1, sub->id);
        store_bind_text(st, 2, events[i]);
        rc = run_done(s, st, "notification event", err);
    }
    return store_atomic_end(s, own, rc, err);
}

int store_notify_sub_remove(store *s, int64_t id, int64_t now, int64_t *cancelled, gisac_err *err)
{
    int own, rc = store_atomic_begin(s, &own, err);
    if (rc < 0)
        return rc;
    sqlite3_stmt *st;
    rc = store_prepare(s, "UPDATE notify_sub SET removed = ?2 WHERE id = ?1 AND removed IS NULL",
                       &st, err, "notification subscription");
    if (rc == 0) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, now);
        rc = run_done(s, st, "notification subscription", err);
        if (rc == 0 && sqlite3_changes(store_db(s)) == 0)
            rc = gisac_err_set(err, GISAC_ENOTFOUND, "subscription %lld: not found", (long long)id);
    }
    if (rc == 0)
        rc = store_prepare(s,
                           "UPDATE notify_outbox SET status = 'cancelled', done_at = ?2"
                           " WHERE sub_id = ?1 AND status = 'pending'",
                           &st, err, "notification outbox");
    if (rc == 0) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, now);
        rc = run_done(s, st, "notification outbox", err);
        if (rc == 0 && cancelled)
            *cancelled = sqlite3_changes(store_db(s));
    }
    return store_atomic_end(s, own, rc, err);
}

int store_notify_sub_iter(store *s, store_notify_sub_cb cb, void *ctx, gisac_err *err)
{
    sqlite3_stmt *st;
    /* one row per (subscription, event): the events are joined here */
    if (store_prepare(s,
                      "SELECT n.id, n.kind, n.target, n.secret, n.agency, n.created, e.event"
                      " FROM notify_sub n JOIN notify_sub_event e ON e.sub_id = n.id"
                      " WHERE n.removed IS NULL ORDER BY n.id, e.event",
                      &st, err, "notification subscriptions") < 0)
        return GISAC_ESTORE;
    gisac_buf ev = GISAC_BUF_INIT, row = GISAC_BUF_INIT;
    int64_t cur = 0, created = 0;
    /* the current subscription's strings, NUL-separated in row: kind, target, secret, agency */
    int has_secret = 0, has_agency = 0, stop = 0, oom = 0, rc;
    for (;;) {
        rc = sqlite3_step(st);
        int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        if (cur && id != cur && (rc == SQLITE_ROW || rc == SQLITE_DONE)) {
            const char *kind = row.data, *target = kind + strlen(kind) + 1;
            const char *secret = target + strlen(target) + 1;
            const char *agency = secret + strlen(secret) + 1;
            store_notify_sub sub = {cur,
                                    kind,
                                    target,
                                    has_secret ? secret : NULL,
                                    has_agency ? agency : NULL,
                                    ev.data ? ev.data : "",
                                    created};
            if (cb(ctx, &sub)) {
                stop = 1;
                break;
            }
            cur = 0;
        }
        if (rc != SQLITE_ROW)
            break;
        const char *event = store_col_text(st, 6);
        if (!cur) {
            cur = id;
            created = sqlite3_column_int64(st, 5);
            has_secret = store_col_text(st, 3) != NULL;
            has_agency = store_col_text(st, 4) != NULL;
            gisac_buf_reset(&ev);
            gisac_buf_reset(&row);
            for (int c = 1; c <= 4; c++) {
                const char *t = store_col_text(st, c);
                oom |= gisac_buf_append(&row, t ? t : "", strlen(t ? t : "") + 1);
            }
        } else {
            oom |= gisac_buf_putc(&ev, ',');
        }
        oom |= gisac_buf_puts(&ev, event ? event : "");
        if (oom)
            break;
    }
    sqlite3_finalize(st);
    gisac_buf_free(&ev);
    gisac_buf_free(&row);
    if (oom)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    return stop || rc == SQLITE_DONE ? 0 : store_db_err(s, err, "notification subscriptions");
}

int store_notify_enqueue(store *s, const char *event, const char *agency, const char *subject,
                         const char *payload, int64_t now, void (*cb)(void *ctx, int64_t id),
                         void *ctx, int64_t *queued, gisac_err *err)
{
    int own, rc = store_atomic_begin(s, &own, err);
    if (rc < 0)
        return rc;
    sqlite3_stmt *st;
    int64_t n = 0;
    rc = store_prepare(
        s,
        "INSERT INTO notify_outbox (sub_id, event, agency, subject, payload, created, status,"
        " attempts, next_at)"
        " SELECT id, ?1, ?2, ?3, ?4, ?5, 'pending', 0, ?5 FROM notify_sub"
        " WHERE removed IS NULL AND (agency IS NULL OR agency = ?2)"
        " AND EXISTS (SELECT 1 FROM notify_sub_event e WHERE e.sub_id = notify_sub.id"
        "             AND (e.event = ?1 OR e.event = '*'))"
        " ORDER BY id RETURNING id",
        &st, err, "notification outbox");
    if (rc == 0) {
        store_bind_text(st, 1, event);
        store_bind_text(st, 2, agency);
        store_bind_text(st, 3, subject);
        store_bind_text(st, 4, payload);
        sqlite3_bind_int64(st, 5, now);
        int r;
        while ((r = sqlite3_step(st)) == SQLITE_ROW) {
            n++;
            if (cb)
                cb(ctx, sqlite3_column_int64(st, 0));
        }
        if (r != SQLITE_DONE)
            rc = store_db_err(s, err, "notification outbox");
        sqlite3_finalize(st);
    }
    if (rc == 0 && queued)
        *queued = n;
    return store_atomic_end(s, own, rc, err);
}

#define DELIVERY_COLS                                                                              \
    "o.id, o.sub_id, s.kind, s.target, s.secret, o.event, o.agency, o.subject, o.payload,"         \
    " o.status, o.attempts, o.created, o.next_at, o.done_at"

static int delivery_rows(store *s, sqlite3_stmt *st, store_notify_delivery_cb cb, void *ctx,
                         gisac_err *err)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_notify_delivery d = {sqlite3_column_int64(st, 0),  sqlite3_column_int64(st, 1),
                                   store_col_text(st, 2),        store_col_text(st, 3),
                                   store_col_text(st, 4),        store_col_text(st, 5),
                                   store_col_text(st, 6),        store_col_text(st, 7),
                                   store_col_text(st, 8),        store_col_text(st, 9),
                                   sqlite3_column_int64(st, 10), sqlite3_column_int64(st, 11),
                                   sqlite3_column_int64(st, 12), sqlite3_column_int64(st, 13)};
        if (cb(ctx, &d)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : store_db_err(s, err, "notification outbox");
}

int store_notify_due(store *s, int64_t now, size_t limit, store_notify_delivery_cb cb, void *ctx,
                     gisac_err *err)
{
    sqlite3_stmt *st;
    if (store_prepare(s,
                      "SELECT " DELIVERY_COLS " FROM notify_outbox o JOIN notify_sub s"
                      " ON s.id = o.sub_id WHERE o.status = 'pending' AND o.next_at <= ?1"
                      " ORDER BY o.next_at, o.id LIMIT ?2",
                      &st, err, "notification outbox") < 0)
        return GISAC_ESTORE;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, limit ? (int64_t)limit : INT64_MAX);
    return delivery_rows(s, st, cb, ctx, err);
}

int store_notify_set_next(store *s, int64_t id, int64_t next_at, gisac_err *err)
{
    sqlite3_stmt *st;
    if (store_prepare(s,
                      "UPDATE notify_outbox SET next_at = ?2 WHERE id = ?1 AND status = 'pending'",
                      &st, err, "notification outbox") < 0)
        return GISAC_ESTORE;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, next_at);
    return run_done(s, st, "notification outbox", err);
}

int store_notify_delivery_iter(store *s, const char *status, store_notify_delivery_cb cb, void *ctx,
                               gisac_err *err)
{
    sqlite3_stmt *st;
    if (store_prepare(s,
                      "SELECT " DELIVERY_COLS " FROM notify_outbox o JOIN notify_sub s"
                      " ON s.id = o.sub_id WHERE ?1 IS NULL OR o.status = ?1 ORDER BY o.id",
                      &st, err, "notification outbox") < 0)
        return GISAC_ESTORE;
    store_bind_text(st, 1, status);
    return delivery_rows(s, st, cb, ctx, err);
}

int store_notify_attempt_add(store *s, const store_notify_attempt *a, const char *status,
                             int64_t next_at, gisac_err *err)
{
    int own, rc = store_atomic_begin(s, &own, err);
    if (rc < 0)
        return rc;
    sqlite3_stmt *st;
    rc = store_prepare(s,
                       "INSERT INTO notify_attempt (delivery_id, attempt, at, ok, code, error)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                       &st, err, "notification log");
    if (rc == 0) {
        sqlite3_bind_int64(st, 1, a->delivery_id);
        sqlite3_bind_int64(st, 2, a->attempt);
        sqlite3_bind_int64(st, 3, a->at);
        sqlite3_bind_int(st, 4, a->ok ? 1 : 0);
        if (a->code)
            sqlite3_bind_int64(st, 5, a->code);
        else
            sqlite3_bind_null(st, 5);
        store_bind_text(st, 6, a->error);
        rc = run_done(s, st, "notification log", err);
    }
    if (rc == 0)
        rc = store_prepare(s,
                           "UPDATE notify_outbox SET attempts = ?2, status = ?3,"
                           " next_at = CASE WHEN ?3 = 'pending' THEN ?4 ELSE ?5 END,"
                           " done_at = CASE WHEN ?3 = 'pending' THEN NULL ELSE ?5 END"
                           " WHERE id = ?1",
                           &st, err, "notification outbox");
    if (rc == 0) {
        sqlite3_bind_int64(st, 1, a->delivery_id);
        sqlite3_bind_int64(st, 2, a->attempt);
        store_bind_text(st, 3, status);
        sqlite3_bind_int64(st, 4, next_at);
        sqlite3_bind_int64(st, 5, a->at);
        rc = run_done(s, st, "notification outbox", err);
    }
    return store_atomic_end(s, own, rc, err);
}

int store_notify_attempt_iter(store *s, int failed_only, store_notify_attempt_cb cb, void *ctx,
                              gisac_err *err)
{
    sqlite3_stmt *st;
    if (store_prepare(s,
                      "SELECT a.delivery_id, a.attempt, a.at, a.ok, a.code, a.error, o.event,"
                      " s.kind, s.target, o.status"
                      " FROM notify_attempt a JOIN notify_outbox o ON o.id = a.delivery_id"
                      " JOIN notify_sub s ON s.id = o.sub_id"
                      " WHERE ?1 = 0 OR o.status = 'failed' ORDER BY a.id",
                      &st, err, "notification log") < 0)
        return GISAC_ESTORE;
    sqlite3_bind_int(st, 1, failed_only ? 1 : 0);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_notify_attempt a = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                                  sqlite3_column_int64(st, 2), sqlite3_column_int(st, 3),
                                  sqlite3_column_int64(st, 4), store_col_text(st, 5),
                                  store_col_text(st, 6),       store_col_text(st, 7),
                                  store_col_text(st, 8),       store_col_text(st, 9)};
        if (cb(ctx, &a)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : store_db_err(s, err, "notification log");
}
