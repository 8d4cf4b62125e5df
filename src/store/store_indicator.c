/*
 * store_indicator.c: indicators, sources, sightings, counts, the
 * allowlist and TLP recipients (see store_indicator.h).
 *
 * The statements of an import (find, insert, update, source rows) and of
 * every request (search, pages, sources, recipients) are kept prepared in
 * the handle (store_stmt); the rest are prepared per call. Values are
 * always bound, never pasted into SQL.
 */
#include "store/store.h"
#include "store/store_internal.h"

#include <stdlib.h>
#include <string.h>

/* Rows per multi-row INSERT: 32 x 21 parameters stays far below SQLite's limit. */
#define BATCH 32

#define IND_COLS                                                                                   \
    "type, value, stix_id, name, description, labels, created_by, confidence, tlp, matchable,"     \
    " revoked, allowlisted, first_seen, last_seen, valid_from, valid_until, created, modified,"    \
    " range_lo, range_hi"
/* The placeholders of one row of IND_COLS and id, of one source row, and of BATCH rows. */
#define IND_ROW   "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
#define SRC_ROW   "(?,?,?,?)"
#define ROWS2(r)  r "," r
#define ROWS8(r)  ROWS2(ROWS2(ROWS2(r)))
#define ROWS32(r) ROWS2(ROWS2(ROWS8(r)))

static const char *const kept_sql[STC_COUNT] = {
    [STC_IND_FIND] = "SELECT id, stix_id, name, description, labels, created_by, confidence, tlp,"
                     " matchable, revoked, allowlisted, first_seen, last_seen, valid_from,"
                     " valid_until, created, modified, range_lo, range_hi"
                     " FROM indicator WHERE type = ?1 AND value = ?2",
    [STC_IND_INSERT] = "INSERT INTO indicator (type, value, stix_id, name, description, labels,"
                       " created_by, confidence, tlp, matchable, revoked, allowlisted, first_seen,"
                       " last_seen, valid_from, valid_until, created, modified, range_lo, range_hi)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                       " ?16, ?17, ?18, ?19, ?20)",
    [STC_IND_UPDATE] = "UPDATE indicator SET type = ?1, value = ?2, stix_id = ?3, name = ?4,"
                       " description = ?5, labels = ?6, created_by = ?7, confidence = ?8, tlp = ?9,"
                       " matchable = ?10, revoked = ?11, allowlisted = ?12, first_seen = ?13,"
                       " last_seen = ?14, valid_from = ?15, valid_until = ?16, created = ?17,"
                       " modified = ?18, range_lo = ?19, range_hi = ?20 WHERE id = ?21",
    [STC_SRC_TOUCH] =
        "INSERT INTO indicator_source (indicator_id, source_id, first_seen, last_seen)"
        " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (indicator_id, source_id) DO UPDATE SET"
        " first_seen = CASE WHEN excluded.first_seen IS NOT NULL AND"
        "   (indicator_source.first_seen IS NULL OR excluded.first_seen <"
        "   indicator_source.first_seen) THEN excluded.first_seen ELSE"
        "   indicator_source.first_seen END,"
        " last_seen = CASE WHEN excluded.last_seen IS NOT NULL AND"
        "   (indicator_source.last_seen IS NULL OR excluded.last_seen >"
        "   indicator_source.last_seen) THEN excluded.last_seen ELSE"
        "   indicator_source.last_seen END",
    [STC_SRC_NEW] = "INSERT INTO indicator_source (indicator_id, source_id, first_seen, last_seen)"
                    " VALUES (?1, ?2, ?3, ?4)",
    [STC_IND_INSERT_ID] =
        "INSERT INTO indicator (" IND_COLS ", id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [STC_SRC_GET] = "SELECT id FROM source WHERE name = ?1",
    [STC_SRC_ADD] = "INSERT INTO source (name, created) VALUES (?1, ?2) RETURNING id",
    [STC_IND_INSERT_MANY] = "INSERT INTO indicator (" IND_COLS ", id) VALUES " ROWS32(IND_ROW),
    [STC_SRC_NEW_MANY] = "INSERT INTO indicator_source (indicator_id, source_id, first_seen,"
                         " last_seen) VALUES " ROWS32(SRC_ROW),
};

/* The kept statement id of this file, into *st (NULL on failure, with err set). */
static int kept(store *s, store_stc id, sqlite3_stmt **st, gisac_err *err)
{
    return store_stmt(s, id, kept_sql[id], st, err, "indicators");
}

/* Step the kept statement id once (a write) and hand it back. */
static int kept_run(store *s, store_stc id, sqlite3_stmt *st, gisac_err *err, const char *what)
{
    int rc = sqlite3_step(st);
    rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : store_db_err(s, err, what);
    store_stmt_done(s, id, st);
    return rc;
}
/* ---- helpers ----------------------------------------------------------- */

static char *col_dup(sqlite3_stmt *st, int i, gisac_arena *a)
{
    const char *t = store_col_text(st, i);
    if (!t)
        return NULL;
    return gisac_arena_strndup(a, t, (size_t)sqlite3_column_bytes(st, i));
}

/* ---- sources ----------------------------------------------------------- */

int store_source_id(store *s, const char *name, int64_t now, int64_t *id, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = kept(s, STC_SRC_GET, &st, err);
    if (rc < 0)
        return rc;
    store_bind_text(st, 1, name);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    store_stmt_done(s, STC_SRC_GET, st);
    if (rc == SQLITE_ROW)
        return 0;
    if (rc != SQLITE_DONE)
        return store_db_err(s, err, "source");
    store_share_touch(s);
    if ((rc = kept(s, STC_SRC_ADD, &st, err)) < 0)
        return rc;
    store_bind_text(st, 1, name);
    sqlite3_bind_int64(st, 2, now);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    store_stmt_done(s, STC_SRC_ADD, st);
    return rc == SQLITE_ROW ? 0 : store_db_err(s, err, "source");
}

/* ---- indicators -------------------------------------------------------- */

/* Bind the 20 columns of IND_COLS at parameters o+1 .. o+20. */
static void bind_indicator_at(sqlite3_stmt *st, int o, const store_indicator *in)
{
    store_bind_text(st, o + 1, ioc_type_name(in->type));
    store_bind_text(st, o + 2, in->value);
    store_bind_text(st, o + 3, in->stix_id);
    store_bind_text(st, o + 4, in->name);
    store_bind_text(st, o + 5, in->description);
    store_bind_text(st, o + 6, in->labels_json);
    store_bind_text(st, o + 7, in->created_by);
    if (in->confidence >= 0)
        sqlite3_bind_int(st, o + 8, in->confidence);
    else
        sqlite3_bind_null(st, o + 8);
    sqlite3_bind_int(st, o + 9, in->tlp);
    sqlite3_bind_int(st, o + 10, in->matchable);
    sqlite3_bind_int(st, o + 11, in->revoked);
    sqlite3_bind_int(st, o + 12, in->allowlisted);
    store_bind_time(st, o + 13, in->first_seen);
    store_bind_time(st, o + 14, in->last_seen);
    store_bind_time(st, o + 15, in->valid_from);
    store_bind_time(st, o + 16, in->valid_until);
    sqlite3_bind_int64(st, o + 17, in->created);
    sqlite3_bind_int64(st, o + 18, in->modified);
    store_bind_text(st, o + 19, in->range_lo);
    store_bind_text(st, o + 20, in->range_hi);
}

static void bind_indicator(sqlite3_stmt *st, const store_indicator *in)
{
    bind_indicator_at(st, 0, in);
}

int store_indicator_empty(store *s, int *empty, gisac_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM indicator LIMIT 1", -1, &st, NULL) != SQLITE_OK)
        return store_db_err(s, err, "indicators");
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_db_err(s, err, "indicators");
    *empty = rc == SQLITE_DONE;
    return 0;
}

int store_indicator_find(store *s, ioc_type type, const char *value, store_indicator *out,
                         gisac_arena *a, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = kept(s, STC_IND_FIND, &st, err);
    if (rc < 0)
        return rc;
    store_bind_text(st, 1, ioc_type_name(type));
    store_bind_text(st, 2, value);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        rc = rc == SQLITE_DONE ? GISAC_ENOTFOUND : store_db_err(s, err, "find indicator");
        store_stmt_done(s, STC_IND_FIND, st);
        return rc;
    }
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(st, 0);
    out->type = type;
    out->value = gisac_arena_strdup(a, value);
    out->stix_id = col_dup(st, 1, a);
    out->name = col_dup(st, 2, a);
    out->description = col_dup(st, 3, a);
    out->labels_json = col_dup(st, 4, a);
    out->created_by = col_dup(st, 5, a);
    out->confidence = sqlite3_column_type(st, 6) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 6);
    out->tlp = (gisac_tlp)sqlite3_column_int(st, 7);
    out->matchable = sqlite3_column_int(st, 8);
    out->revoked = sqlite3_column_int(st, 9);
    out->allowlisted = sqlite3_column_int(st, 10);
    out->first_seen = sqlite3_column_int64(st, 11);
    out->last_seen = sqlite3_column_int64(st, 12);
    out->valid_from = sqlite3_column_int64(st, 13);
    out->valid_until = sqlite3_column_int64(st, 14);
    out->created = sqlite3_column_int64(st, 15);
    out->modified = sqlite3_column_int64(st, 16);
    out->range_lo = col_dup(st, 17, a);
    out->range_hi = col_dup(st, 18, a);
    store_stmt_done(s, STC_IND_FIND, st);
    if (!out->value)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    return 0;
}

int store_indicator_insert(store *s, store_indicator *in, gisac_err *err)
{
    store_share_touch(s);
    /* no RETURNING: it costs a statement journal per row in SQLite */
    sqlite3_stmt *st;
    int rc = kept(s, STC_IND_INSERT, &st, err);
    if (rc < 0)
        return rc;
    bind_indicator(st, in);
    if ((rc = kept_run(s, STC_IND_INSERT, st, err, "insert indicator")) < 0)
        return rc;
    in->id = sqlite3_last_insert_rowid(s->db);
    return 0;
}

#define MAX_ID_SQL "SELECT COALESCE(MAX(id), 0) FROM indicator"

/* The highest indicator row id (0: none), by the kept statement. */
static int max_id(store *s, int64_t *id, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_stmt(s, STC_MAX_ID, MAX_ID_SQL, &st, err, "indicator ids");
    if (rc < 0)
        return rc;
    rc = sqlite3_step(st);
    *id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    rc = rc == SQLITE_ROW ? 0 : store_db_err(s, err, "indicator ids");
    store_stmt_done(s, STC_MAX_ID, st);
    return rc;
}

/* Insert rows with the ids they carry: BATCH in one statement, the rest one by one. */
static int insert_rows(store *s, const store_indicator *rows, size_t n, gisac_err *err)
{
    while (n) {
        size_t k = n >= BATCH ? BATCH : 1;
        store_stc id = k == BATCH ? STC_IND_INSERT_MANY : STC_IND_INSERT_ID;
        sqlite3_stmt *st;
        int rc = kept(s, id, &st, err);
        if (rc < 0)
            return rc;
        for (size_t r = 0; r < k; r++) {
            bind_indicator_at(st, (int)r * 21, &rows[r]);
            sqlite3_bind_int64(st, (int)r * 21 + 21, rows[r].id);
        }
        if ((rc = kept_run(s, id, st, err, "insert indicators")) < 0)
            return rc;
        rows += k;
        n -= k;
    }
    return 0;
}

int store_indicator_insert_many(store *s, store_indicator *rows, size_t n, gisac_err *err)
{
    if (n == 0)
        return 0;
    store_share_touch(s);
    /* the ids follow the highest, read under the write lock of this transaction */
    int64_t last = 0;
    int own, rc = store_atomic_begin(s, &own, err);
    if (rc == 0)
        rc = max_id(s, &last, err);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rows[i].id = last + 1 + (int64_t)i;
    if (rc == 0)
        rc = insert_rows(s, rows, n, err);
    return store_atomic_end(s, own, rc, err);
}

static void bind_source_row(sqlite3_stmt *st, int o, const store_source_row *r)
{
    sqlite3_bind_int64(st, o + 1, r->indicator_id);
    sqlite3_bind_int64(st, o + 2, r->source_id);
    store_bind_time(st, o + 3, r->first_seen);
    store_bind_time(st, o + 4, r->last_seen);
}

int store_indicator_source_add_many(store *s, const store_source_row *rows, size_t n,
                                    gisac_err *err)
{
    store_share_touch(s);
    while (n) {
        size_t k = n >= BATCH ? BATCH : 1;
        store_stc id = k == BATCH ? STC_SRC_NEW_MANY : STC_SRC_NEW;
        sqlite3_stmt *st;
        int rc = kept(s, id, &st, err);
        if (rc < 0)
            return rc;
        for (size_t r = 0; r < k; r++)
            bind_source_row(st, (int)r * 4, &rows[r]);
        if ((rc = kept_run(s, id, st, err, "indicator sources")) < 0)
            return rc;
        rows += k;
        n -= k;
    }
    return 0;
}

int store_indicator_update(store *s, const store_indicator *in, gisac_err *err)
{
    store_share_touch(s);
    sqlite3_stmt *st;
    int rc = kept(s, STC_IND_UPDATE, &st, err);
    if (rc < 0)
        return rc;
    bind_indicator(st, in);
    sqlite3_bind_int64(st, 21, in->id);
    return kept_run(s, STC_IND_UPDATE, st, err, "update indicator");
}

int store_indicator_source_touch(store *s, int64_t indicator_id, int64_t source_id,
                                 int64_t first_seen, int64_t last_seen, int fresh, gisac_err *err)
{
    store_share_touch(s);
    store_stc id = fresh ? STC_SRC_NEW : STC_SRC_TOUCH;
    sqlite3_stmt *st;
    int rc = kept(s, id, &st, err);
    if (rc < 0)
        return rc;
    store_source_row r = {indicator_id, source_id, first_seen, last_seen};
    bind_source_row(st, 0, &r);
    return kept_run(s, id, st, err, "indicator source");
}

int store_indicator_revoke(store *s, ioc_type type, const char *value, int64_t now, gisac_err *err)
{
    store_share_touch(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "UPDATE indicator SET revoked = 1, modified = ?3"
                           " WHERE type = ?1 AND value = ?2",
                           -1, &st, NULL) != SQLITE_OK)
        return store_db_err(s, err, "revoke");
    store_bind_text(st, 1, ioc_type_name(type));
    store_bind_text(st, 2, value);
    sqlite3_bind_int64(st, 3, now);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return store_db_err(s, err, "revoke");
    if (sqlite3_changes(s->db) == 0)
        return gisac_err_set(err, GISAC_ENOTFOUND, "%s: no such indicator", value);
    return 0;
}

int store_indicator_set_allowlisted(store *s, int64_t id, int allowlisted, int64_t now,
                                    gisac_err *err)
{
    store_share_touch(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "UPDATE indicator SET allowlisted = ?2, modified = ?3 WHERE id = ?1", -1,
                           &st, NULL) != SQLITE_OK)
        return store_db_err(s, err, "allowlist flag");
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, allowlisted);
    sqlite3_bind_int64(st, 3, now);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : store_db_err(s, err, "allowlist flag");
}

/* The condition for "active at ?now" shared by the queries below. */
#define ACTIVE_SQL                                                                                 \
    "i.revoked = 0 AND i.allowlisted = 0 AND i.matchable = 1 AND"                                  \
    " (i.valid_until IS NULL OR i.valid_until > ?1)"

int store_indicator_iter(store *s, const store_filter *f, store_indicator_cb cb, void *ctx,
                         gisac_err *err)
{
    /* One fixed statement; unused filters are bound to NULL and drop out. */
    static const char sql[] =
        "SELECT i.id, i.type, i.value, i.stix_id, i.name, i.description, i.labels,"
        " i.created_by, i.confidence, i.tlp, i.matchable, i.revoked, i.allowlisted,"
        " i.first_seen, i.last_seen, i.valid_from, i.valid_until, i.created, i.modified,"
        " i.range_lo, i.range_hi,"
        " (SELECT group_concat(name, char(10)) FROM (SELECT s.name AS name FROM"
        "   indicator_source x JOIN source s ON s.id = x.source_id"
        "   WHERE x.indicator_id = i.id ORDER BY s.name))"
        " FROM indicator i"
        " WHERE (?2 IS NULL OR i.type = ?2)"
        " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM indicator_source x JOIN source s"
        "   ON s.id = x.source_id WHERE x.indicator_id = i.id AND s.name = ?3))"
        " AND (?4 = 0 OR (" ACTIVE_SQL "))"
        " AND (?5 IS NULL OR i.tlp <= ?5 OR (?11 IS NOT NULL AND EXISTS (SELECT 1 FROM"
        "   indicator_recipient r WHERE r.indicator_id = i.id AND r.agency = ?11)))"
        " AND (?6 = 0 OR i.allowlisted = 1)"
        " AND (?7 IS NULL OR (i.range_lo IS NOT NULL AND i.range_lo <= ?8 AND i.range_hi >= ?7))"
        " AND (?9 IS NULL OR i.value = ?9)"
        " AND (?10 IS NULL OR i.value = ?10 OR i.value LIKE '%.' || ?10)"
        " ORDER BY CASE i.type WHEN 'ipv4' THEN 0 WHEN 'ipv6' THEN 1 WHEN 'cidr' THEN 2"
        " WHEN 'domain' THEN 3 WHEN 'url' THEN 4 WHEN 'md5' THEN 5 WHEN 'sha1' THEN 6"
        " WHEN 'sha256' THEN 7 ELSE 8 END, i.value";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return store_db_err(s, err, "list indicators");
    sqlite3_bind_int64(st, 1, f->now);
    store_bind_text(st, 2, f->type == IOC_AUTO ? NULL : ioc_type_name(f->type));
    store_bind_text(st, 3, f->source);
    sqlite3_bind_int(st, 4, f->active_only);
    if (f->max_tlp == TLP_UNSET)
        sqlite3_bind_null(st, 5);
    else
        sqlite3_bind_int(st, 5, f->max_tlp);
    sqlite3_bind_int(st, 6, f->allowlisted_only);
    store_bind_text(st, 7, f->range_lo);
    store_bind_text(st, 8, f->range_hi);
    store_bind_text(st, 9, f->value);
    store_bind_text(st, 10, f->domain_suffix);
    store_bind_text(st, 11, f->recipient);
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_indicator in;
        memset(&in, 0, sizeof in);
        in.id = sqlite3_column_int64(st, 0);
        if (ioc_type_from_name(store_col_text(st, 1), &in.type) < 0)
            continue; /* a type this build does not know */
        in.value = store_col_text(st, 2);
        in.stix_id = store_col_text(st, 3);
        in.name = store_col_text(st, 4);
        in.description = store_col_text(st, 5);
        in.labels_json = store_col_text(st, 6);
        in.created_by = store_col_text(st, 7);
        in.confidence = sqlite3_column_type(st, 8) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 8);
        in.tlp = (gisac_tlp)sqlite3_column_int(st, 9);
        in.matchable = sqlite3_column_int(st, 10);
        in.revoked = sqlite3_column_int(st, 11);
        in.allowlisted = sqlite3_column_int(st, 12);
        in.first_seen = sqlite3_column_int64(st, 13);
        in.last_seen = sqlite3_column_int64(st, 14);
        in.valid_from = sqlite3_column_int64(st, 15);
        in.valid_until = sqlite3_column_int64(st, 16);
        in.created = sqlite3_column_int64(st, 17);
        in.modified = sqlite3_column_int64(st, 18);
        in.range_lo = store_col_text(st, 19);
        in.range_hi = store_col_text(st, 20);
        in.sources = store_col_text(st, 21);
        stop = cb(ctx, &in);
    }
    if (!stop && rc != SQLITE_DONE) {
        rc = store_db_err(s, err, "list indicators");
        sqlite3_finalize(st);
        return rc;
    }
    sqlite3_finalize(st);
    return 0;
}

int store_indicator_source_remove(store *s, int64_t indicator_id, int64_t source_id, int *left,
                                  gisac_err *err)
{
    store_share_touch(s);
    sqlite3_stmt *st;
    if (store_prepare(s, "DELETE FROM indicator_source WHERE indicator_id = ? AND source_id = ?",
                      &st, err, "remove source") < 0)
        return GISAC_ESTORE;
    sqlite3_bind_int64(st, 1, indicator_id);
    sqlite3_bind_int64(st, 2, source_id);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return store_db_err(s, err, "remove source");
    if (sqlite3_changes(store_db(s)) == 0)
        return gisac_err_set(err, GISAC_ENOTFOUND, "not from that source");
    if (store_prepare(s, "SELECT count(*) FROM indicator_source WHERE indicator_id = ?", &st, err,
                      "remove source") < 0)
        return GISAC_ESTORE;
    sqlite3_bind_int64(st, 1, indicator_id);
    rc = sqlite3_step(st);
    *left = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : store_db_err(s, err, "remove source");
}

int store_source_lookup(store *s, const char *name, int64_t *id, gisac_err *err)
{
    sqlite3_stmt *st;
    if (store_prepare(s, "SELECT id FROM source WHERE name = ?", &st, err, "source") < 0)
        return GISAC_ESTORE;
    store_bind_text(st, 1, name);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return gisac_err_set(err, GISAC_ENOTFOUND, "no source %s", name);
    return rc == SQLITE_ROW ? 0 : store_db_err(s, err, "source");
}

int store_indicator_max_id(store *s, int64_t *id, gisac_err *err)
{
    return max_id(s, id, err);
}

int store_indicator_get_id(store *s, int64_t id, store_auto_indicator *out, gisac_arena *arena,
                           gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT type, value, stix_id, labels, confidence, tlp FROM indicator"
                           " WHERE id = ?1",
                           &st, err, "indicator");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        out->id = id;
        const char *type = store_col_text(st, 0);
        if (!type || ioc_type_from_name(type, &out->type) < 0) {
            rc = gisac_err_set(err, GISAC_ESTORE, "indicator %lld: bad type", (long long)id);
        } else {
            const char *v = store_col_text(st, 1), *sid = store_col_text(st, 2),
                       *lab = store_col_text(st, 3);
            out->value = gisac_arena_strdup(arena, v ? v : "");
            out->stix_id = sid ? gisac_arena_strdup(arena, sid) : NULL;
            out->labels_json = lab ? gisac_arena_strdup(arena, lab) : NULL;
            out->confidence =
                sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 : (int)sqlite3_column_int64(st, 4);
            out->tlp = (gisac_tlp)sqlite3_column_int(st, 5);
            if (!out->value || (sid && !out->stix_id) || (lab && !out->labels_json))
                rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        }
    } else if (step == SQLITE_DONE) {
        rc = gisac_err_set(err, GISAC_ENOTFOUND, "no indicator with id %lld", (long long)id);
    } else {
        rc = store_db_err(s, err, "indicator");
    }
    sqlite3_finalize(st);
    return rc;
}

/* ---- covering cidrs ---------------------------------------------------- */

/* The columns of one indicator row as store_indicator_iter and the reads below select them. */
#define ROW_COLS                                                                                   \
    "i.id, i.type, i.value, i.stix_id, i.name, i.description, i.labels,"                           \
    " i.created_by, i.confidence, i.tlp, i.matchable, i.revoked, i.allowlisted,"                   \
    " i.first_seen, i.last_seen, i.valid_from, i.valid_until, i.created, i.modified,"              \
    " i.range_lo, i.range_hi"

/* Read ROW_COLS (and column 21, the sources, when there is one); -1 for an unknown type. */
static int read_row(sqlite3_stmt *st, store_indicator *in)
{
    memset(in, 0, sizeof *in);
    in->id = sqlite3_column_int64(st, 0);
    if (ioc_type_from_name(store_col_text(st, 1), &in->type) < 0)
        return -1;
    in->value = store_col_text(st, 2);
    in->stix_id = store_col_text(st, 3);
    in->name = store_col_text(st, 4);
    in->description = store_col_text(st, 5);
    in->labels_json = store_col_text(st, 6);
    in->created_by = store_col_text(st, 7);
    in->confidence = sqlite3_column_type(st, 8) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 8);
    in->tlp = (gisac_tlp)sqlite3_column_int(st, 9);
    in->matchable = sqlite3_column_int(st, 10);
    in->revoked = sqlite3_column_int(st, 11);
    in->allowlisted = sqlite3_column_int(st, 12);
    in->first_seen = sqlite3_column_int64(st, 13);
    in->last_seen = sqlite3_column_int64(st, 14);
    in->valid_from = sqlite3_column_int64(st, 15);
    in->valid_until = sqlite3_column_int64(st, 16);
    in->created = sqlite3_column_int64(st, 17);
    in->modified = sqlite3_column_int64(st, 18);
    in->range_lo = store_col_text(st, 19);
    in->range_hi = store_col_text(st, 20);
    if (sqlite3_column_count(st) > 21)
        in->sources = store_col_text(st, 21);
    return 0;
}

/* 32 hex digits into a 128-bit number (h: the high half). */
static int hex128_parse(const char *t, uint64_t *h, uint64_t *l)
{
    uint64_t v[2] = {0, 0};
    for (int i = 0; i < 32; i++) {
        int c = t ? t[i] : 0, d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        v[i / 16] = v[i / 16] << 4 | (uint64_t)d;
    }
    if (t[32] != '\0')
        return -1;
    *h = v[0];
    *l = v[1];
    return 0;
}

static void hex128_format(uint64_t h, uint64_t l, char out[33])
{
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)h, (unsigned long long)l);
}

/* The mask of the first len bits of 128 as (high, low) halves. */
static void mask128(int len, uint64_t *mh, uint64_t *ml)
{
    *mh = len <= 0 ? 0 : len >= 64 ? ~(uint64_t)0 : ~(~(uint64_t)0 >> len);
    *ml = len <= 64 ? 0 : len >= 128 ? ~(uint64_t)0 : ~(~(uint64_t)0 >> (len - 64));
}

/* The prefix length of the aligned block [lo, hi], or -1 when it is not one. */
static int block_len(const char *lo, const char *hi)
{
    uint64_t lh, ll, hh, hl;
    if (hex128_parse(lo, &lh, &ll) < 0 || hex128_parse(hi, &hh, &hl) < 0)
        return -1;
    for (int len = 0; len <= 128; len++) {
        uint64_t mh, ml;
        mask128(len, &mh, &ml);
        if ((lh & ~mh) == 0 && (ll & ~ml) == 0 && hh == (lh | ~mh) && hl == (ll | ~ml))
            return len;
    }
    return -1;
}

/* Note the block lengths of the cidr rows st returns (range_lo, range_hi[, type]). */
static int cidr_lengths_read(store *s, sqlite3_stmt *st, int typed)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (typed && (!store_col_text(st, 2) || strcmp(store_col_text(st, 2), "cidr") != 0))
            continue;
        int len = block_len(store_col_text(st, 0), store_col_text(st, 1));
        if (len < 0)
            s->cidr_len[128] |= 2; /* not a block: covering lookups must scan */
        else
            s->cidr_len[len] |= 1;
    }
    return rc;
}

/*
 * Bring the set of cidr prefix lengths up to date: the first time from
 * every cidr, then from the rows with a higher id than any seen (rows are
 * never deleted and new ones take ids above the highest; lengths only
 * accumulate, and a superset costs only a lookup that finds nothing).
 */
static int cidr_lengths(store *s, gisac_err *err)
{
    sqlite3_stmt *st;
    int64_t max;
    int rc = max_id(s, &max, err);
    if (rc < 0 || (s->cidr_loaded && max <= s->cidr_seen))
        return rc;
    if (!s->cidr_loaded) {
        if (store_stmt(s, STC_CIDR_ALL,
                       "SELECT range_lo, range_hi FROM indicator WHERE type = 'cidr'", &st, err,
                       "cidr lengths") < 0)
            return GISAC_ESTORE;
        rc = cidr_lengths_read(s, st, 0);
        rc = rc == SQLITE_DONE ? 0 : store_db_err(s, err, "cidr lengths");
        store_stmt_done(s, STC_CIDR_ALL, st);
    } else {
        if (store_stmt(s, STC_CIDR_AFTER,
                       "SELECT range_lo, range_hi, type FROM indicator WHERE id > ?1", &st, err,
                       "cidr lengths") < 0)
            return GISAC_ESTORE;
        sqlite3_bind_int64(st, 1, s->cidr_seen);
        rc = cidr_lengths_read(s, st, 1);
        rc = rc == SQLITE_DONE ? 0 : store_db_err(s, err, "cidr lengths");
        store_stmt_done(s, STC_CIDR_AFTER, st);
    }
    if (rc == 0) {
        s->cidr_loaded = 1;
        s->cidr_seen = max;
    }
    return rc;
}

typedef struct cover_set {
    gisac_arena *a;
    store_indicator *v;
    size_t n, cap;
} cover_set;

/* Copy the row of st (ROW_COLS) into the set. */
static int cover_add(cover_set *c, sqlite3_stmt *st)
{
    store_indicator in;
    if (read_row(st, &in) < 0)
        return 0;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 8;
        store_indicator *v = realloc(c->v, cap * sizeof *v);
        if (!v)
            return GISAC_ENOMEM;
        c->v = v;
        c->cap = cap;
    }
    const char **str[] = {&in.value,       &in.stix_id,    &in.name,     &in.description,
                          &in.labels_json, &in.created_by, &in.range_lo, &in.range_hi};
    for (size_t k = 0; k < sizeof str / sizeof str[0]; k++)
        if (*str[k] && !(*str[k] = gisac_arena_strdup(c->a, *str[k])))
            return GISAC_ENOMEM;
    c->v[c->n++] = in;
    return 0;
}

static int cover_cmp(const void *a, const void *b)
{
    return strcmp(((const store_indicator *)a)->value, ((const store_indicator *)b)->value);
}

int store_indicator_covering(store *s, const char *lo, const char *hi, store_indicator_cb cb,
                             void *ctx, gisac_err *err)
{
    uint64_t lh, ll, hh, hl;
    if (hex128_parse(lo, &lh, &ll) < 0 || hex128_parse(hi, &hh, &hl) < 0)
        return gisac_err_set(err, GISAC_EINVAL, "covering cidrs: not a 128-bit range");
    int rc = cidr_lengths(s, err);
    if (rc < 0)
        return rc;
    cover_set c = {gisac_arena_new(4096), NULL, 0, 0};
    if (!c.a)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (s->cidr_len[128] & 2) {
        /* a stored range that is not a block: the plain range scan */
        sqlite3_stmt *st;
        rc = store_prepare(s,
                           "SELECT " ROW_COLS " FROM indicator i WHERE i.type = 'cidr'"
                           " AND i.range_lo <= ?1 AND i.range_hi >= ?2",
                           &st, err, "covering cidrs");
        if (rc == 0) {
            store_bind_text(st, 1, lo);
            store_bind_text(st, 2, hi);
            while (rc == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW)
                rc = cover_add(&c, st);
            rc = rc == SQLITE_DONE ? 0 : rc < 0 ? rc : store_db_err(s, err, "covering cidrs");
            sqlite3_finalize(st);
        }
    } else {
        /* one lookup per prefix length present, up to the longest common
         * prefix of lo and hi: the blocks holding both */
        int common = 0;
        while (common < 128) {
            uint64_t mh, ml;
            mask128(common + 1, &mh, &ml);
            if ((lh & mh) != (hh & mh) || (ll & ml) != (hl & ml))
                break;
            common++;
        }
        sqlite3_stmt *st = NULL;
        rc = store_stmt(s, STC_COVER,
                        "SELECT " ROW_COLS " FROM indicator i WHERE i.range_lo = ?1"
                        " AND i.range_hi = ?2 AND i.type = 'cidr'",
                        &st, err, "covering cidrs");
        for (int len = 0; rc == 0 && len <= common; len++) {
            if (!(s->cidr_len[len] & 1))
                continue;
            uint64_t mh, ml;
            mask128(len, &mh, &ml);
            char nlo[33], nhi[33];
            hex128_format(lh & mh, ll & ml, nlo);
            hex128_format(lh | ~mh, ll | ~ml, nhi);
            sqlite3_bind_text(st, 1, nlo, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, nhi, -1, SQLITE_STATIC);
            while (rc == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW)
                rc = cover_add(&c, st);
            rc = rc == SQLITE_DONE ? 0 : rc < 0 ? rc : store_db_err(s, err, "covering cidrs");
            sqlite3_reset(st);
        }
        store_stmt_done(s, STC_COVER, st);
    }
    if (rc == GISAC_ENOMEM)
        gisac_err_set(err, rc, "out of memory");
    if (rc == 0 && c.n) {
        qsort(c.v, c.n, sizeof *c.v, cover_cmp);
        for (size_t i = 0; i < c.n && !cb(ctx, &c.v[i]); i++)
            ;
    }
    free(c.v);
    gisac_arena_free(c.a);
    return rc;
}

/* ---- keyset pages ------------------------------------------------------ */

int store_indicator_page(store *s, const store_filter *f, const char *after, size_t limit,
                         store_indicator_cb cb, void *ctx, gisac_err *err)
{
    if (f->type == IOC_AUTO)
        return gisac_err_set(err, GISAC_EINVAL, "a page is of one type");
    /* store_indicator_iter's filters, within one type from after on: the
     * (type, value) key leads, so a page starts with a seek (a plain range
     * on value, never "?12 IS NULL OR ...", which the planner cannot use) */
    sqlite3_stmt *st;
    if (store_stmt(s, STC_PAGE,
                   "SELECT " ROW_COLS ","
                   " (SELECT group_concat(name, char(10)) FROM (SELECT s.name AS name FROM"
                   "   indicator_source x JOIN source s ON s.id = x.source_id"
                   "   WHERE x.indicator_id = i.id ORDER BY s.name))"
                   " FROM indicator i"
                   " WHERE i.type = ?2 AND i.value > ?12"
                   " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM indicator_source x JOIN source s"
                   "   ON s.id = x.source_id WHERE x.indicator_id = i.id AND s.name = ?3))"
                   " AND (?4 = 0 OR (" ACTIVE_SQL "))"
                   " AND (?5 IS NULL OR i.tlp <= ?5 OR (?11 IS NOT NULL AND EXISTS (SELECT 1 FROM"
                   "   indicator_recipient r WHERE r.indicator_id = i.id AND r.agency = ?11)))"
                   " AND (?6 = 0 OR i.allowlisted = 1)"
                   " AND (?7 IS NULL OR (i.range_lo IS NOT NULL AND i.range_lo <= ?8"
                   "   AND i.range_hi >= ?7))"
                   " AND (?9 IS NULL OR i.value = ?9)"
                   " AND (?10 IS NULL OR i.value = ?10 OR i.value LIKE '%.' || ?10)"
                   " ORDER BY i.value LIMIT ?13",
                   &st, err, "list indicators") < 0)
        return GISAC_ESTORE;
    sqlite3_bind_int64(st, 1, f->now);
    store_bind_text(st, 2, ioc_type_name(f->type));
    store_bind_text(st, 3, f->source);
    sqlite3_bind_int(st, 4, f->active_only);
    if (f->max_tlp == TLP_UNSET)
        sqlite3_bind_null(st, 5);
    else
        sqlite3_bind_int(st, 5, f->max_tlp);
    sqlite3_bind_int(st, 6, f->allowlisted_only);
    store_bind_text(st, 7, f->range_lo);
    store_bind_text(st, 8, f->range_hi);
    store_bind_text(st, 9, f->value);
    store_bind_text(st, 10, f->domain_suffix);
    store_bind_text(st, 11, f->recipient);
    store_bind_text(st, 12, after ? after : ""); /* every value sorts after "" */
    sqlite3_bind_int64(st, 13, limit > INT64_MAX ? INT64_MAX : (int64_t)limit);
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_indicator in;
        if (read_row(st, &in) == 0)
            stop = cb(ctx, &in);
    }
    rc = !stop && rc != SQLITE_DONE ? store_db_err(s, err, "list indicators") : 0;
    store_stmt_done(s, STC_PAGE, st);
    return rc;
}

int store_indicator_scan_active(store *s, int64_t now, store_indicator_cb cb, void *ctx,
                                gisac_err *err)
{
    /* two cursors in lockstep, both in indicator id order: no per-row subquery */
    sqlite3_stmt *st = NULL, *sx = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT i.id, i.type, i.value, i.stix_id, i.confidence, i.tlp,"
                           " i.valid_until FROM indicator i WHERE " ACTIVE_SQL " ORDER BY i.id",
                           -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "SELECT x.indicator_id, s.name FROM indicator_source x"
                           " JOIN source s ON s.id = x.source_id"
                           " ORDER BY x.indicator_id, s.name",
                           -1, &sx, NULL) != SQLITE_OK) {
        int rc = store_db_err(s, err, "scan indicators");
        sqlite3_finalize(st);
        sqlite3_finalize(sx);
        return rc;
    }
    sqlite3_bind_int64(st, 1, now);
    gisac_buf names = GISAC_BUF_INIT;
    int rs = sqlite3_step(sx);
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_indicator in;
        memset(&in, 0, sizeof in);
        in.id = sqlite3_column_int64(st, 0);
        if (ioc_type_from_name(store_col_text(st, 1), &in.type) < 0)
            continue;
        in.value = store_col_text(st, 2);
        in.stix_id = store_col_text(st, 3);
        in.confidence = sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 4);
        in.tlp = (gisac_tlp)sqlite3_column_int(st, 5);
        in.valid_until = sqlite3_column_int64(st, 6);
        in.matchable = 1;
        gisac_buf_reset(&names);
        while (rs == SQLITE_ROW && sqlite3_column_int64(sx, 0) < in.id)
            rs = sqlite3_step(sx);
        while (rs == SQLITE_ROW && sqlite3_column_int64(sx, 0) == in.id) {
            if (names.len)
                gisac_buf_putc(&names, '\n');
            gisac_buf_puts(&names, store_col_text(sx, 1) ? store_col_text(sx, 1) : "");
            rs = sqlite3_step(sx);
        }
        in.sources = names.len ? names.data : "";
        stop = cb(ctx, &in);
    }
    if (!stop && rc != SQLITE_DONE)
        rc = store_db_err(s, err, "scan indicators");
    else if (!stop && rs != SQLITE_ROW && rs != SQLITE_DONE)
        rc = store_db_err(s, err, "scan indicator sources");
    else
        rc = 0;
    gisac_buf_free(&names);
    sqlite3_finalize(st);
    sqlite3_finalize(sx);
    return rc;
}

int store_indicator_sources(store *s, int64_t indicator_id, store_source_cb cb, void *ctx,
                            gisac_err *err)
{
    sqlite3_stmt *st;
    if (store_stmt(s, STC_SOURCES_OF,
                   "SELECT s.name, x.first_seen, x.last_seen FROM indicator_source x"
                   " JOIN source s ON s.id = x.source_id WHERE x.indicator_id = ?1"
                   " ORDER BY s.name",
                   &st, err, "indicator sources") < 0)
        return GISAC_ESTORE;
    sqlite3_bind_int64(st, 1, indicator_id);
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_sighting_source src = {store_col_text(st, 0), sqlite3_column_int64(st, 1),
                                     sqlite3_column_int64(st, 2)};
        stop = cb(ctx, &src);
    }
    if (!stop && rc != SQLITE_DONE)
        rc = store_db_err(s, err, "indicator sources");
    else
        rc = 0;
    store_stmt_done(s, STC_SOURCES_OF, st);
    return rc;
}

/* ---- sightings ---------------------------------------------------------- */

/* The row of (indicator, agency) in sighting; store_sighting_add adds the hour bucket too. */
static int sighting_row_add(store *s, int64_t indicator_id, const char *agency, int64_t first_seen,
                            int64_t last_seen, int64_t count, gisac_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(
            s->db,
            "INSERT INTO sighting (indicator_id, agency, first_seen, last_seen, count)"
            " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (indicator_id, agency) DO UPDATE SET"
            " first_seen = CASE WHEN excluded.first_seen < sighting.first_seen"
            "   THEN excluded.first_seen ELSE sighting.first_seen END,"
            " last_seen = CASE WHEN excluded.last_seen > sighting.last_seen"
            "   THEN excluded.last_seen ELSE sighting.last_seen END,"
            " count = sighting.count + excluded.count",
            -1, &st, NULL) != SQLITE_OK)
        return store_db_err(s, err, "sighting");
    sqlite3_bind_int64(st, 1, indicator_id);
    store_bind_text(st, 2, agency ? agency : "");
    sqlite3_bind_int64(st, 3, first_seen);
    sqlite3_bind_int64(st, 4, last_seen);
    sqlite3_bind_int64(st, 5, count);
    int rc = sqlite3_step(st);
    rc = rc == SQLITE_DONE ? 0 : store_db_err(s, err, "sighting");
    sqlite3_finalize(st);
    return rc;
}

int store_sighting_add(store *s, int64_t indicator_id, const char *agency, int64_t first_seen,
                       int64_t last_seen, int64_t count, gisac_err *err)
{
    /* the row and its hour bucket together: in the caller's transaction, or one of its own */
    int own = !s->in_tx;
    if (own && store_begin(s, err) < 0)
        return GISAC_ESTORE;
    int rc = sighting_row_add(s, indicator_id, agency, first_seen, last_seen, count, err);
    if (rc == 0)
        rc = store_sighting_hour_add(s, indicator_id, agency, last_seen, count, err);
    if (own) {
        if (rc == 0)
            rc = store_commit(s, err);
        else
            store_rollback(s);
    }
    return rc;
}

int store_sightings_of(store *s, int64_t indicator_id, store_sighting_cb cb, void *ctx,
                       gisac_err *err)
{
    sqlite3_stmt *st;
    if (store_stmt(s, STC_SIGHTINGS_OF,
                   "SELECT agency, first_seen, last_seen, count FROM sighting"
                   " WHERE indicator_id = ?1 ORDER BY agency",
                   &st, err, "sightings") < 0)
        return GISAC_ESTORE;
    sqlite3_bind_int64(st, 1, indicator_id);
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_sighting sg = {store_col_text(st, 0), sqlite3_column_int64(st, 1),
                             sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3)};
        stop = cb(ctx, &sg);
    }
    if (!stop && rc != SQLITE_DONE)
        rc = store_db_err(s, err, "sightings");
    else
        rc = 0;
    store_stmt_done(s, STC_SIGHTINGS_OF, st);
    return rc;
}

/* ---- counts ------------------------------------------------------------ */

static int counts(store *s, const char *sql, int64_t now, store_count_cb cb, void *ctx,
                  gisac_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return store_db_err(s, err, "counts");
    sqlite3_bind_int64(st, 1, now);
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_count c = {store_col_text(st, 0), sqlite3_column_int64(st, 1),
                         sqlite3_column_int64(st, 2)};
        stop = cb(ctx, &c);
    }
    sqlite3_finalize(st);
    if (!stop && rc != SQLITE_DONE)
        return store_db_err(s, err, "counts");
    return 0;
}

int store_count_by_type(store *s, int64_t now, store_count_cb cb, void *ctx, gisac_err *err)
{
    return counts(s,
                  "SELECT i.type, SUM(CASE WHEN " ACTIVE_SQL " THEN 1 ELSE 0 END), COUNT(*)"
                  " FROM indicator i GROUP BY i.type ORDER BY i.type",
                  now, cb, ctx, err);
}

int store_count_by_source(store *s, int64_t now, store_count_cb cb, void *ctx, gisac_err *err)
{
    return counts(s,
                  "SELECT s.name, SUM(CASE WHEN " ACTIVE_SQL " THEN 1 ELSE 0 END), COUNT(*)"
                  " FROM source s JOIN indicator_source x ON x.source_id = s.id"
                  " JOIN indicator i ON i.id = x.indicator_id GROUP BY s.name ORDER BY s.name",
                  now, cb, ctx, err);
}

int store_totals_get(store *s, int64_t now, store_totals *out, gisac_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(
            s->db,
            "SELECT COUNT(*),"
            " COALESCE(SUM(CASE WHEN " ACTIVE_SQL " THEN 1 ELSE 0 END), 0),"
            " COALESCE(SUM(i.revoked), 0),"
            " COALESCE(SUM(CASE WHEN i.valid_until IS NOT NULL AND i.valid_until <= ?1"
            "   THEN 1 ELSE 0 END), 0),"
            " COALESCE(SUM(i.allowlisted), 0),"
            " COALESCE(SUM(CASE WHEN i.matchable = 0 THEN 1 ELSE 0 END), 0),"
            " (SELECT COUNT(*) FROM source)"
            " FROM indicator i",
            -1, &st, NULL) != SQLITE_OK)
        return store_db_err(s, err, "totals");
    sqlite3_bind_int64(st, 1, now);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->total = sqlite3_column_int64(st, 0);
        out->active = sqlite3_column_int64(st, 1);
        out->revoked = sqlite3_column_int64(st, 2);
        out->expired = sqlite3_column_int64(st, 3);
        out->allowlisted = sqlite3_column_int64(st, 4);
        out->context = sqlite3_column_int64(st, 5);
        out->sources = sqlite3_column_int64(st, 6);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : store_db_err(s, err, "totals");
}

/* ---- allowlist --------------------------------------------------------- */

int store_allow_add(store *s, const store_allow *a, gisac_err *err)
{
    store_share_touch(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO allowlist (type, value, range_lo, range_hi, comment,"
                           " builtin, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                           " ON CONFLICT (type, value) DO NOTHING",
                           -1, &st, NULL) != SQLITE_OK)
        return store_db_err(s, err, "allowlist");
    store_bind_text(st, 1, ioc_type_name(a->type));
    store_bind_text(st, 2, a->value);
    store_bind_text(st, 3, a->range_lo);
    store_bind_text(st, 4, a->range_hi);
    store_bind_text(st, 5, a->comment);
    sqlite3_bind_int(st, 6, a->builtin);
    sqlite3_bind_int64(st, 7, a->created);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return store_db_err(s, err, "allowlist");
    if (sqlite3_changes(s->db) == 0)
        return gisac_err_set(err, GISAC_EEXIST, "%s: already in the allowlist", a->value);
    return 0;
}

int store_allow_remove(store *s, ioc_type type, const char *value, gisac_err *err)
{
    store_share_touch(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "DELETE FROM allowlist WHERE type = ?1 AND value = ?2", -1, &st,
                           NULL) != SQLITE_OK)
        return store_db_err(s, err, "allowlist");
    store_bind_text(st, 1, ioc_type_name(type));
    store_bind_text(st, 2, value);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return store_db_err(s, err, "allowlist");
    if (sqlite3_changes(s->db) == 0)
        return gisac_err_set(err, GISAC_ENOTFOUND, "%s: not in the allowlist", value);
    return 0;
}

int store_allow_iter(store *s, store_allow_cb cb, void *ctx, gisac_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT id, type, value, range_lo, range_hi, comment, builtin, created"
                           " FROM allowlist ORDER BY builtin DESC, type, value",
                           -1, &st, NULL) != SQLITE_OK)
        return store_db_err(s, err, "allowlist");
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_allow a;
        memset(&a, 0, sizeof a);
        a.id = sqlite3_column_int64(st, 0);
        if (ioc_type_from_name(store_col_text(st, 1), &a.type) < 0)
            continue;
        a.value = store_col_text(st, 2);
        a.range_lo = store_col_text(st, 3);
        a.range_hi = store_col_text(st, 4);
        a.comment = store_col_text(st, 5);
        a.builtin = sqlite3_column_int(st, 6);
        a.created = sqlite3_column_int64(st, 7);
        stop = cb(ctx, &a);
    }
    sqlite3_finalize(st);
    if (!stop && rc != SQLITE_DONE)
        return store_db_err(s, err, "allowlist");
    return 0;
}

/* ---- TLP recipients ---------------------------------------------------- */

int store_recipient_add(store *s, int64_t indicator_id, const char *agency, gisac_err *err)
{
    store_share_touch(s);
    sqlite3_stmt *st;
    if (store_prepare(s,
                      "INSERT INTO indicator_recipient (indicator_id, agency) VALUES (?, ?)"
                      " ON CONFLICT DO NOTHING",
                      &st, err, "add recipient") < 0)
        return GISAC_ESTORE;
    sqlite3_bind_int64(st, 1, indicator_id);
    store_bind_text(st, 2, agency);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : store_db_err(s, err, "add recipient");
}

int store_recipient_has(store *s, int64_t indicator_id, const char *agency, int *yes,
                        gisac_err *err)
{
    sqlite3_stmt *st;
    *yes = 0;
    if (store_stmt(s, STC_RECIPIENT_HAS,
                   "SELECT 1 FROM indicator_recipient WHERE indicator_id = ? AND agency = ?", &st,
                   err, "recipient") < 0)
        return GISAC_ESTORE;
    sqlite3_bind_int64(st, 1, indicator_id);
    store_bind_text(st, 2, agency);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *yes = 1;
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_db_err(s, err, "recipient");
    store_stmt_done(s, STC_RECIPIENT_HAS, st);
    return rc;
}

int store_recipients_of(store *s, int64_t indicator_id, store_name_cb cb, void *ctx, gisac_err *err)
{
    sqlite3_stmt *st;
    if (store_stmt(s, STC_RECIPIENTS_OF,
                   "SELECT agency FROM indicator_recipient WHERE indicator_id = ?"
                   " ORDER BY agency",
                   &st, err, "recipients") < 0)
        return GISAC_ESTORE;
    sqlite3_bind_int64(st, 1, indicator_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (cb(ctx, store_col_text(st, 0))) {
            rc = SQLITE_DONE;
            break;
        }
    rc = rc == SQLITE_DONE ? 0 : store_db_err(s, err, "recipients");
    store_stmt_done(s, STC_RECIPIENTS_OF, st);
    return rc;
}
