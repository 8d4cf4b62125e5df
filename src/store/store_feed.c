/*
 * store_feed.c: the table feed_source and the aging of what a complete
 * source no longer lists (store_feed.h). Values are always bound.
 */
#include "store/store_internal.h"

#include <stdlib.h>
#include <string.h>

#define FEED_COLS                                                                                  \
    "id, name, url, format, every, tlp, confidence, labels, headers, complete, grace,"             \
    " max_bytes, enabled, created, next_try, failures, last_try, last_success, http_status,"       \
    " added, updated, dropped, last_error, etag, last_modified"

static int feed_copy(void *row, gisac_arena *arena, store_statement *st)
{
    store_feed_source *o = row;
    memset(o, 0, sizeof *o);
    int tlp = -1;
    int rc =
        store_cols(st, 0, arena, "ItttIccttiIIiTTiTTiIIIttt", &o->id, &o->name, &o->url, &o->format,
                   &o->every, &tlp, &o->confidence, &o->labels_json, &o->headers_json, &o->complete,
                   &o->grace, &o->max_bytes, &o->enabled, &o->created, &o->next_try, &o->failures,
                   &o->last_try, &o->last_success, &o->http_status, &o->added, &o->updated,
                   &o->dropped, &o->last_error, &o->etag, &o->last_modified);
    o->tlp = tlp < 0 ? TLP_UNSET : (gisac_tlp)tlp;
    return rc;
}
STORE_ROWTYPE(feed_rows, store_feed_source, feed_copy, store_feed_source_cb);

int store_feed_source_add(store *s, store_feed_source *f, gisac_err *err)
{
    store_statement *st;
    int rc = store_query(s, STC_NONE,
                         "INSERT INTO feed_source (name, url, format, every, tlp, confidence,"
                         " labels, headers, complete, grace, max_bytes, enabled, created,"
                         " next_try, failures)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 0)",
                         &st, err, "feed source", "tttI--ttiIIiIT", f->name, f->url, f->format,
                         f->every, f->labels_json, f->headers_json, f->complete, f->grace,
                         f->max_bytes, f->enabled, f->created, f->next_try);
    if (rc < 0)
        return rc;
    if (f->tlp != TLP_UNSET)
        st_bind_int(st, 5, (int)f->tlp);
    if (f->confidence >= 0)
        st_bind_int(st, 6, f->confidence);
    rc = store_run(s, st, STC_NONE, err, "feed source");
    if (rc == GISAC_EEXIST)
        return gisac_err_at(err, rc, "$.name", "feed source %s exists already", f->name);
    if (rc == 0)
        f->id = store_last_id(s);
    return rc;
}

int store_feed_source_get(store *s, const char *name, store_feed_source *out, gisac_arena *arena,
                          gisac_err *err)
{
    return store_get_by(s, "SELECT " FEED_COLS " FROM feed_source WHERE name = ?1", feed_copy, out,
                        arena, err, "feed source", name, 1);
}

int store_feed_source_list(store *s, store_feed_source_cb cb, void *ctx, gisac_err *err)
{
    return store_iter(s, STC_NONE, "SELECT " FEED_COLS " FROM feed_source ORDER BY name",
                      &feed_rows, 1, STORE_CBX(cb, ctx), err, "feed sources", "");
}

int store_feed_source_due(store *s, int64_t now, store_feed_source_cb cb, void *ctx, gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT " FEED_COLS " FROM feed_source WHERE enabled = 1"
                      " AND (next_try IS NULL OR next_try <= ?1)"
                      " ORDER BY COALESCE(next_try, 0), name",
                      &feed_rows, 1, STORE_CBX(cb, ctx), err, "feed sources", "I", now);
}

static int written(store *s, int rc, const char *name, gisac_err *err)
{
    if (rc == 0 && store_changes(s) == 0)
        return gisac_err_set(err, GISAC_ENOTFOUND, "feed source %s: not found", name);
    return rc;
}

int store_feed_source_delete(store *s, const char *name, gisac_err *err)
{
    int rc = store_write(s, STC_NONE, "DELETE FROM feed_source WHERE name = ?1", err, "feed source",
                         "t", name);
    return written(s, rc, name, err);
}

int store_feed_source_set_enabled(store *s, const char *name, int flag, int64_t next_try,
                                  gisac_err *err)
{
    int rc = store_write(s, STC_NONE,
                         "UPDATE feed_source SET enabled = ?2, next_try = ?3 WHERE name = ?1", err,
                         "feed source", "tiT", name, flag, next_try);
    return written(s, rc, name, err);
}

int store_feed_source_status(store *s, const store_feed_source *f, gisac_err *err)
{
    store_statement *st;
    int rc = store_query(s, STC_NONE,
                         "UPDATE feed_source SET next_try = ?2, failures = ?3, last_try = ?4,"
                         " last_success = ?5, http_status = ?6, added = ?7, updated = ?8,"
                         " dropped = ?9, last_error = ?10, etag = ?11, last_modified = ?12"
                         " WHERE id = ?1",
                         &st, err, "feed source status", "ITiTT-IIIttt", f->id, f->next_try,
                         f->failures, f->last_try, f->last_success, f->added, f->updated,
                         f->dropped, f->last_error, f->etag, f->last_modified);
    if (rc < 0)
        return rc;
    if (f->http_status)
        st_bind_int(st, 6, f->http_status);
    return store_run(s, st, STC_NONE, err, "feed source status");
}

/* ---- aging ----------------------------------------------------------------- */

int store_feed_listed(store *s, int64_t source_id, ioc_type type, const char *value, int64_t now,
                      gisac_err *err)
{
    /* once per indicator of a complete list: one statement, kept */
    return store_write(
        s, STC_FEED_LISTED,
        "UPDATE indicator_source SET listed = ?3 WHERE source_id = ?1"
        " AND indicator_id = (SELECT id FROM indicator WHERE type = ?2 AND value = ?4)",
        err, "feed listing", "ItIt", source_id, ioc_type_name(type), now, value);
}

int store_feed_relisted(store *s, int64_t source_id, int64_t now, gisac_err *err)
{
    return store_write(s, STC_NONE,
                       "DELETE FROM indicator_delisted WHERE indicator_id IN"
                       " (SELECT indicator_id FROM indicator_source WHERE source_id = ?1"
                       " AND listed = ?2)",
                       err, "feed listing", "II", source_id, now);
}

int store_feed_relist(store *s, int64_t source_id, int64_t now, gisac_err *err)
{
    return store_write(s, STC_NONE,
                       "UPDATE indicator_source SET listed = ?2 WHERE source_id = ?1"
                       " AND listed = (SELECT MAX(y.listed) FROM indicator_source y"
                       " WHERE y.source_id = ?1)",
                       err, "feed listing", "II", source_id, now);
}

typedef struct age_row {
    int64_t id, others;
} age_row;

STORE_COPY(age_copy, age_row, o, "II", &o->id, &o->others)

int store_feed_age(store *s, int64_t source_id, const char *source, int64_t cutoff, int64_t now,
                   const char *reason, size_t *dropped, gisac_err *err)
{
    *dropped = 0;
    /* the rows read whole first: the writes below need the store */
    store_batch b;
    store_statement *st;
    int rc = store_batch_init(&b, sizeof(age_row), age_copy, err);
    if (rc == 0)
        rc = store_query(s, STC_NONE,
                         "SELECT x.indicator_id, (SELECT count(*) FROM indicator_source y"
                         "  WHERE y.indicator_id = x.indicator_id AND y.source_id <> x.source_id)"
                         " FROM indicator_source x WHERE x.source_id = ?1"
                         " AND COALESCE(x.listed, x.created, 0) < ?2"
                         " AND (x.valid_until IS NULL OR x.valid_until > ?3)"
                         " ORDER BY x.indicator_id",
                         &st, err, "feed aging", "III", source_id, cutoff, now);
    if (rc == 0)
        rc = store_batch_read(s, st, STC_NONE, &b, err, "feed aging");
    for (size_t i = 0; rc == 0 && i < b.n; i++) {
        const age_row *r = store_batch_at(&b, i);
        if (r->others > 0) {
            int left = 0;
            rc = store_indicator_source_remove(s, r->id, source_id, &left, err);
        } else {
            store_share_touch(s);
            rc = store_write(s, STC_NONE,
                             "UPDATE indicator_source SET valid_until = ?3, modified = ?3"
                             " WHERE indicator_id = ?1 AND source_id = ?2",
                             err, "feed aging", "III", r->id, source_id, now);
            if (rc == 0)
                rc = store_indicator_recompute(s, r->id, err);
            if (rc == 0)
                rc = store_write(s, STC_NONE,
                                 "INSERT INTO indicator_delisted (indicator_id, source, at, reason)"
                                 " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (indicator_id) DO UPDATE"
                                 " SET source = excluded.source, at = excluded.at,"
                                 " reason = excluded.reason",
                                 err, "feed aging", "ItIt", r->id, source, now, reason);
        }
        if (rc == 0)
            (*dropped)++;
    }
    store_batch_free(&b);
    return rc;
}

STORE_COPY(delisted_copy, store_delisted, o, "tTt", &o->source, &o->at, &o->reason)

int store_indicator_delisted(store *s, int64_t indicator_id, store_delisted *out,
                             gisac_arena *arena, gisac_err *err)
{
    return store_get(s, STC_NONE,
                     "SELECT d.source, d.at, d.reason FROM indicator_delisted d"
                     " WHERE d.indicator_id = ?1 AND NOT EXISTS (SELECT 1 FROM indicator_source x"
                     "  WHERE x.indicator_id = d.indicator_id"
                     "  AND (x.valid_until IS NULL OR x.valid_until > d.at))",
                     delisted_copy, out, arena, err, "delisted", "I", indicator_id);
}
