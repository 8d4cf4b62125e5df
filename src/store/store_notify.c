/*
 * store_notify.c: subscriptions, the outbox and the delivery log of
 * notifications (see store_notify.h; the rules are in src/notify).
 */
#include "store/store.h"
#include "store/store_internal.h"

#include <stdint.h>
#include <string.h>

int store_notify_sub_add(store *s, store_notify_sub *sub, const char *const *events, size_t nevents,
                         gisac_err *err)
{
    int own, rc = store_tx_join(s, &own, err);
    if (rc == 0)
        rc = store_value(s, STC_NONE,
                         "INSERT INTO notify_sub (kind, target, secret, agency, created, lang,"
                         " account) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
                         &sub->id, err, "notification subscription", "ttttItt", sub->kind,
                         sub->target, sub->secret, sub->agency, sub->created, sub->lang,
                         sub->account);
    for (size_t i = 0; rc == 0 && i < nevents; i++)
        rc =
            store_write(s, STC_NONE, "INSERT INTO notify_sub_event (sub_id, event) VALUES (?1, ?2)",
                        err, "notification event", "It", sub->id, events[i]);
    return store_atomic_end(s, own, rc, err);
}

int store_notify_sub_remove(store *s, int64_t id, int64_t now, int64_t *cancelled, gisac_err *err)
{
    int own, rc = store_tx_join(s, &own, err);
    if (rc == 0)
        rc = store_write(s, STC_NONE,
                         "UPDATE notify_sub SET removed = ?2 WHERE id = ?1 AND removed IS NULL",
                         err, "notification subscription", "II", id, now);
    if (rc == 0 && store_changes(s) == 0)
        rc = gisac_err_set(err, GISAC_ENOTFOUND, "subscription %lld: not found", (long long)id);
    if (rc == 0)
        rc = store_write(s, STC_NONE,
                         "UPDATE notify_outbox SET status = 'cancelled', done_at = ?2"
                         " WHERE sub_id = ?1 AND status = 'pending'",
                         err, "notification outbox", "II", id, now);
    if (rc == 0 && cancelled)
        *cancelled = store_changes(s);
    return store_atomic_end(s, own, rc, err);
}

/* One subscription gathered from its rows (one per event), handed on when the next begins. */
typedef struct sub_rows {
    store_cb cb;
    int64_t id, created;
    int has_secret, has_agency, has_lang, has_account, oom, stop;
    gisac_buf ev, row; /* events joined by ','; kind, target, secret, agency, lang, account
                        * NUL-separated */
} sub_rows;

/* Hand the gathered subscription to the callback; non-zero when it stops. */
static int sub_flush(sub_rows *g)
{
    if (!g->id)
        return 0;
    const char *kind = g->row.data, *target = kind + strlen(kind) + 1;
    const char *secret = target + strlen(target) + 1;
    const char *agency = secret + strlen(secret) + 1;
    const char *lang = agency + strlen(agency) + 1;
    const char *account = lang + strlen(lang) + 1;
    store_notify_sub sub = {g->id,
                            kind,
                            target,
                            g->has_secret ? secret : NULL,
                            g->has_agency ? agency : NULL,
                            g->ev.data ? g->ev.data : "",
                            g->created,
                            g->has_lang ? lang : NULL,
                            g->has_account ? account : NULL};
    g->id = 0;
    g->stop = ((store_notify_sub_cb)g->cb.fn)(g->cb.ctx, &sub) != 0;
    return g->stop;
}

static int sub_row(void *ctx, store_statement *st)
{
    sub_rows *g = ctx;
    int64_t id = st_col_int64(st, 0);
    if (g->id && id != g->id && sub_flush(g))
        return 1;
    const char *event = store_col_text(st, 6);
    if (!g->id) {
        g->id = id;
        g->created = st_col_int64(st, 5);
        g->has_secret = store_col_text(st, 3) != NULL;
        g->has_agency = store_col_text(st, 4) != NULL;
        g->has_lang = store_col_text(st, 7) != NULL;
        g->has_account = store_col_text(st, 8) != NULL;
        gisac_buf_reset(&g->ev);
        gisac_buf_reset(&g->row);
        static const int cols[] = {1, 2, 3, 4, 7, 8};
        for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
            const char *t = store_col_text(st, cols[k]);
            g->oom |= gisac_buf_append(&g->row, t ? t : "", strlen(t ? t : "") + 1);
        }
    } else {
        g->oom |= gisac_buf_putc(&g->ev, ',');
    }
    g->oom |= gisac_buf_puts(&g->ev, event ? event : "");
    return g->oom ? -1 : 0;
}

int store_notify_sub_iter(store *s, store_notify_sub_cb cb, void *ctx, gisac_err *err)
{
    store_statement *st;
    /* one row per (subscription, event): the events are joined here */
    if (store_prepare(s,
                      "SELECT n.id, n.kind, n.target, n.secret, n.agency, n.created, e.event,"
                      " n.lang, n.account"
                      " FROM notify_sub n JOIN notify_sub_event e ON e.sub_id = n.id"
                      " WHERE n.removed IS NULL ORDER BY n.id, e.event",
                      &st, err, "notification subscriptions") < 0)
        return GISAC_ESTORE;
    sub_rows g = {STORE_CB(cb, ctx), 0, 0, 0, 0, 0, 0, 0, 0, GISAC_BUF_INIT, GISAC_BUF_INIT};
    int rc = store_rows(s, st, STC_NONE, sub_row, &g, err, "notification subscriptions");
    if (rc == 0 && !g.stop)
        sub_flush(&g); /* the last one, with the statement done */
    gisac_buf_free(&g.ev);
    gisac_buf_free(&g.row);
    return rc;
}

/* Gather the id in column 0 (into a gisac_buf of int64_t). */
static int id_row(void *ctx, store_statement *st)
{
    int64_t id = st_col_int64(st, 0);
    return gisac_buf_append(ctx, (const char *)&id, sizeof id) < 0 ? -1 : 0;
}

int store_notify_enqueue(store *s, const char *event, const char *agency, const char *agencies_csv,
                         int all_agencies, const char *subject, const char *payload,
                         const char *about, int64_t now, void (*cb)(void *ctx, int64_t id),
                         void *ctx, int64_t *queued, gisac_err *err)
{
    int own, rc = store_tx_join(s, &own, err);
    if (rc < 0)
        return rc;
    store_statement *st;
    gisac_buf ids = GISAC_BUF_INIT;
    rc = store_query(
        s, STC_NONE,
        "INSERT INTO notify_outbox (sub_id, event, agency, subject, payload, created, status,"
        " attempts, next_at, about)"
        " SELECT id, ?1, ?2, ?3, ?4, ?5, 'pending', 0, ?5, ?6 FROM notify_sub"
        " WHERE removed IS NULL AND (agency IS NULL OR agency = ?2 OR ?8 != 0"
        "      OR instr(',' || ?7 || ',', ',' || agency || ',') > 0)"
        " AND EXISTS (SELECT 1 FROM notify_sub_event e WHERE e.sub_id = notify_sub.id"
        "             AND (e.event = ?1 OR e.event = '*'))"
        " ORDER BY id RETURNING id",
        &st, err, "notification outbox", "ttttIttI", event, agency, subject, payload, now, about,
        agencies_csv, (int64_t)(all_agencies != 0));
    if (rc == 0)
        rc = store_rows(s, st, STC_NONE, id_row, &ids, err, "notification outbox");
    if (rc == 0 && queued)
        *queued = (int64_t)ids.len / (int64_t)sizeof(int64_t);
    rc = store_atomic_end(s, own, rc, err);
    /* the new ids, with no statement open */
    for (size_t i = 0; rc == 0 && cb && i < ids.len / sizeof(int64_t); i++) {
        int64_t id;
        memcpy(&id, ids.data + i * sizeof id, sizeof id);
        cb(ctx, id);
    }
    gisac_buf_free(&ids);
    return rc;
}

#define DELIVERY_COLS                                                                              \
    "o.id, o.sub_id, s.kind, s.target, s.secret, o.event, o.agency, o.subject, o.payload,"         \
    " o.status, o.attempts, o.created, o.next_at, o.done_at, o.about,"                             \
    " COALESCE(s.lang, (SELECT a.language FROM account a WHERE a.name = s.account))"
#define DELIVERY_FROM " FROM notify_outbox o JOIN notify_sub s ON s.id = o.sub_id"

STORE_ROWMAP(delivery_rows, store_notify_delivery, store_notify_delivery_cb, delivery_copy, d,
             "IIttttttttIIIItt", &d->id, &d->sub_id, &d->kind, &d->target, &d->secret, &d->event,
             &d->agency, &d->subject, &d->payload, &d->status, &d->attempts, &d->created,
             &d->next_at, &d->done_at, &d->about, &d->lang);

int store_notify_due(store *s, int64_t now, size_t limit, store_notify_delivery_cb cb, void *ctx,
                     gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT " DELIVERY_COLS DELIVERY_FROM " WHERE o.status = 'pending'"
                      " AND o.next_at <= ?1 ORDER BY o.next_at, o.id LIMIT ?2",
                      &delivery_rows, 0, STORE_CBX(cb, ctx), err, "notification outbox", "II", now,
                      limit ? (int64_t)limit : INT64_MAX);
}

int store_notify_set_next(store *s, int64_t id, int64_t next_at, gisac_err *err)
{
    return store_write(s, STC_NONE,
                       "UPDATE notify_outbox SET next_at = ?2 WHERE id = ?1 AND status = 'pending'",
                       err, "notification outbox", "II", id, next_at);
}

int store_notify_delivery_iter(store *s, const char *status, store_notify_delivery_cb cb, void *ctx,
                               gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT " DELIVERY_COLS DELIVERY_FROM " WHERE ?1 IS NULL OR o.status = ?1"
                      " ORDER BY o.id",
                      &delivery_rows, 0, STORE_CBX(cb, ctx), err, "notification outbox", "t",
                      status);
}

int store_notify_attempt_add(store *s, const store_notify_attempt *a, const char *status,
                             int64_t next_at, gisac_err *err)
{
    int own, rc = store_tx_join(s, &own, err);
    if (rc == 0)
        rc = store_write(s, STC_NONE,
                         "INSERT INTO notify_attempt (delivery_id, attempt, at, ok, code, error)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                         err, "notification log", "IIIiTt", a->delivery_id, a->attempt, a->at,
                         a->ok ? 1 : 0, a->code, a->error);
    if (rc == 0)
        rc = store_write(s, STC_NONE,
                         "UPDATE notify_outbox SET attempts = ?2, status = ?3,"
                         " next_at = CASE WHEN ?3 = 'pending' THEN ?4 ELSE ?5 END,"
                         " done_at = CASE WHEN ?3 = 'pending' THEN NULL ELSE ?5 END"
                         " WHERE id = ?1",
                         err, "notification outbox", "IItII", a->delivery_id, a->attempt, status,
                         next_at, a->at);
    return store_atomic_end(s, own, rc, err);
}

STORE_ROWMAP(attempt_rows, store_notify_attempt, store_notify_attempt_cb, attempt_copy, a,
             "IIIiIttttt", &a->delivery_id, &a->attempt, &a->at, &a->ok, &a->code, &a->error,
             &a->event, &a->kind, &a->target, &a->status);

int store_notify_attempt_iter(store *s, int failed_only, store_notify_attempt_cb cb, void *ctx,
                              gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT a.delivery_id, a.attempt, a.at, a.ok, a.code, a.error, o.event,"
                      " s.kind, s.target, o.status"
                      " FROM notify_attempt a JOIN notify_outbox o ON o.id = a.delivery_id"
                      " JOIN notify_sub s ON s.id = o.sub_id"
                      " WHERE ?1 = 0 OR o.status = 'failed' ORDER BY a.id",
                      &attempt_rows, 0, STORE_CBX(cb, ctx), err, "notification log", "i",
                      failed_only ? 1 : 0);
}
