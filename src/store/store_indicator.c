/*
 * store_indicator.c: indicators, sources, sightings, counts, the
 * allowlist and TLP recipients (see store_indicator.h).
 *
 * The statements of an import (find, insert, update, source rows) and of
 * every request (search, pages, sources, recipients) are kept prepared in
 * the handle (kept_sql, store_stmt); the rest are prepared per call.
 * Values are always bound, never pasted into SQL.
 *
 * Iterations read their rows into memory before calling back (store_batch):
 * the whole list for the small per-indicator ones (sources, sightings,
 * recipients, covering cidrs, a page), and STORE_BATCH rows at a time by
 * a key for the big ones (store_indicator_iter by (type, value),
 * store_indicator_scan_active by id), so that no callback runs with a
 * statement open and callbacks may use the store. Only the counts stream.
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
#define IND_ROW "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
#define SRC_ROW "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
#define SRC_COLS                                                                                   \
    "indicator_id, source_id, first_seen, last_seen, tlp, confidence, matchable, stix_id, name,"   \
    " description, labels, created_by, valid_from, valid_until, created, modified"
#define ROWS2(r)  r "," r
#define ROWS8(r)  ROWS2(ROWS2(ROWS2(r)))
#define ROWS32(r) ROWS2(ROWS2(ROWS8(r)))

/* The columns of one indicator row as the reads select them (store_indicator_copy). */
#define ROW_COLS                                                                                   \
    "i.id, i.type, i.value, i.stix_id, i.name, i.description, i.labels,"                           \
    " i.created_by, i.confidence, i.tlp, i.matchable, i.revoked, i.allowlisted,"                   \
    " i.first_seen, i.last_seen, i.valid_from, i.valid_until, i.created, i.modified,"              \
    " i.range_lo, i.range_hi"

/* The condition for "active at ?now" shared by the queries below. */
#define ACTIVE_SQL                                                                                 \
    "i.revoked = 0 AND i.allowlisted = 0 AND i.matchable = 1 AND"                                  \
    " (i.valid_until IS NULL OR i.valid_until > ?1)"

/* Rows per batch of the scan of active indicators (the matcher's snapshot). */
#define SCAN_BATCH 1024

/* The merge of every source of indicator ?2 (STC_IND_RECOMPUTE): VIEW_AGG_FIRST and
 * VIEW_AGG_LABELS with every source visible, in an aggregate over the source rows x. The
 * first-given value is looked for (a seek of its own) only when two or more sources gave
 * one; the labels are united only when one gave some. */
#define MERGE_FIRST(col)                                                                           \
    "(CASE COUNT(x." col ") WHEN 0 THEN NULL WHEN 1 THEN MAX(x." col ") ELSE (SELECT y." col       \
    " FROM indicator_source y WHERE y.indicator_id = ?2 AND y." col " IS NOT NULL"                 \
    " ORDER BY y.created, y.source_id LIMIT 1) END)"
#define MERGE_LABELS                                                                               \
    "(CASE WHEN COUNT(x.labels) > 0 THEN (SELECT NULLIF(json_group_array(v), '[]') FROM"           \
    " (SELECT DISTINCT j.value AS v FROM indicator_source y, json_each(y.labels) j"                \
    " WHERE y.indicator_id = ?2 AND json_valid(y.labels) ORDER BY v) vs) END)"

static const char *const kept_sql[STC_COUNT] = {
    [STC_IND_FIND] = "SELECT " ROW_COLS " FROM indicator i WHERE i.type = ?1 AND i.value = ?2",
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
    [STC_SRC_NEW] = "INSERT INTO indicator_source (" SRC_COLS ") VALUES " SRC_ROW,
    [STC_IND_INSERT_ID] =
        "INSERT INTO indicator (" IND_COLS ", id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [STC_SRC_GET] = "SELECT id FROM source WHERE name = ?1",
    [STC_SRC_ADD] = "INSERT INTO source (name, created) VALUES (?1, ?2) RETURNING id",
    [STC_IND_INSERT_MANY] = "INSERT INTO indicator (" IND_COLS ", id) VALUES " ROWS32(IND_ROW),
    [STC_SRC_NEW_MANY] = "INSERT INTO indicator_source (" SRC_COLS ") VALUES " ROWS32(SRC_ROW),
    [STC_MAX_ID] = "SELECT COALESCE(MAX(id), 0) FROM indicator",
    [STC_PAGE] =
        "SELECT " VIEW_COLS ", i.range_lo, i.range_hi, " VIEW_SOURCES " FROM indicator i"
        " WHERE i.type = ?2 AND i.value > ?12"
        " AND " VIEW_VISIBLE
        " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM indicator_source x JOIN source s"
        "   ON s.id = x.source_id WHERE x.indicator_id = i.id AND s.name = ?3"
        "   AND " VIEW_VIS(
            "x") "))"
                 " AND (?4 = 0 OR " VIEW_ACTIVE ")"
                 " AND (?6 = 0 OR i.allowlisted = 1)"
                 " AND (?7 IS NULL OR (i.range_lo IS NOT NULL AND i.range_lo <= ?8"
                 "   AND i.range_hi >= ?7))"
                 " AND (?9 IS NULL OR i.value = ?9)"
                 " AND (?10 IS NULL OR i.value = ?10 OR i.value LIKE '%.' || ?17 ESCAPE '\\')"
                 " AND (?14 IS NULL OR (i.value >= ?14 AND i.value < ?15))"
                 " AND (?16 IS NULL OR i.value LIKE '%' || ?16 ESCAPE '\\')"
                 " ORDER BY i.value LIMIT ?13",
    [STC_SCAN] = "SELECT i.id, i.type, i.value, i.stix_id, i.confidence, i.tlp, i.valid_until"
                 " FROM indicator i WHERE " ACTIVE_SQL " AND i.id > ?2 ORDER BY i.id LIMIT ?3",
    [STC_SCAN_SOURCES] = "SELECT x.indicator_id, s.name FROM indicator_source x"
                         " JOIN source s ON s.id = x.source_id"
                         " WHERE x.indicator_id >= ?1 AND x.indicator_id <= ?2"
                         " ORDER BY x.indicator_id, s.name",
    [STC_SOURCES_OF] = "SELECT s.name, x.first_seen, x.last_seen FROM indicator_source x"
                       " JOIN source s ON s.id = x.source_id WHERE x.indicator_id = ?1"
                       " ORDER BY s.name",
    [STC_SIGHTINGS_OF] = "SELECT agency, first_seen, last_seen, count FROM sighting"
                         " WHERE indicator_id = ?1 ORDER BY agency",
    [STC_RECIPIENT_HAS] =
        "SELECT 1 FROM indicator_recipient WHERE indicator_id = ?1 AND agency = ?2"
        " UNION ALL SELECT 1 FROM indicator_source_recipient"
        " WHERE indicator_id = ?1 AND agency = ?2 LIMIT 1",
    [STC_RECIPIENTS_OF] = "SELECT agency FROM indicator_recipient WHERE indicator_id = ?1"
                          " UNION SELECT agency FROM indicator_source_recipient"
                          " WHERE indicator_id = ?1 ORDER BY agency",
    [STC_COVER] = "SELECT " ROW_COLS " FROM indicator i WHERE i.range_lo = ?1"
                  " AND i.range_hi = ?2 AND i.type = 'cidr'",
    [STC_CIDR_ALL] = "SELECT range_lo, range_hi FROM indicator WHERE type = 'cidr'",
    [STC_CIDR_AFTER] = "SELECT range_lo, range_hi, type FROM indicator WHERE id > ?1",
    [STC_SRC_ROW_GET] = "SELECT x.indicator_id, x.source_id, x.first_seen, x.last_seen,"
                        " COALESCE(x.tlp, i.tlp), x.confidence, COALESCE(x.matchable, i.matchable),"
                        " x.stix_id, x.name, x.description, x.labels, x.created_by, x.valid_from,"
                        " x.valid_until, COALESCE(x.created, i.created),"
                        " COALESCE(x.modified, i.modified)"
                        " FROM indicator_source x JOIN indicator i ON i.id = x.indicator_id"
                        " WHERE x.indicator_id = ?1 AND x.source_id = ?2",
    [STC_SRC_PUT] = "INSERT INTO indicator_source (" SRC_COLS ") VALUES " SRC_ROW
                    " ON CONFLICT (indicator_id, source_id) DO UPDATE SET"
                    " first_seen = excluded.first_seen, last_seen = excluded.last_seen,"
                    " tlp = excluded.tlp, confidence = excluded.confidence,"
                    " matchable = excluded.matchable, stix_id = excluded.stix_id,"
                    " name = excluded.name, description = excluded.description,"
                    " labels = excluded.labels, created_by = excluded.created_by,"
                    " valid_from = excluded.valid_from, valid_until = excluded.valid_until,"
                    " created = excluded.created, modified = excluded.modified",
    [STC_SRC_RECIP_ADD] = "INSERT INTO indicator_source_recipient (indicator_id, source_id, agency)"
                          " VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
    /* the merge of every source (store_internal.h, the view with every TLP read): the
       aggregates in one pass over the indicator's source rows, the first-given ones by
       their own seek */
    [STC_IND_RECOMPUTE] =
        "UPDATE indicator SET (stix_id, name, description, labels, created_by, confidence, tlp,"
        " matchable, first_seen, last_seen, valid_from, valid_until, created, modified) ="
        " (SELECT " MERGE_FIRST("stix_id") ", " MERGE_FIRST("name") ", " MERGE_FIRST(
            "description") ", " MERGE_LABELS
                           ", " MERGE_FIRST(
                               "created_by") ","
                                             " MAX(x.confidence), MAX(COALESCE(x.tlp, i.tlp)), "
                                             "MAX(COALESCE(x.matchable, i.matchable)),"
                                             " MIN(x.first_seen), MAX(x.last_seen), "
                                             "MIN(x.valid_from),"
                                             " CASE WHEN COUNT(*) > COUNT(x.valid_until) THEN NULL "
                                             "ELSE MAX(x.valid_until) END,"
                                             " MIN(COALESCE(x.created, i.created)), "
                                             "MAX(COALESCE(x.modified, i.modified))"
                                             " FROM indicator i JOIN indicator_source x ON "
                                             "x.indicator_id = i.id WHERE i.id = ?2)"
                                             " WHERE id = ?2 AND EXISTS (SELECT 1 FROM "
                                             "indicator_source y WHERE y.indicator_id = ?2)",
    [STC_IND_MERGE_ADDED] =
        "UPDATE indicator SET stix_id = ?1, name = ?2, description = ?3, created_by = ?4,"
        " confidence = ?5, tlp = ?6, matchable = ?7, first_seen = ?8, last_seen = ?9,"
        " valid_from = ?10, valid_until = ?11, created = ?12, modified = ?13 WHERE id = ?14"
        " AND EXISTS (SELECT 1 FROM indicator_source y WHERE y.indicator_id = ?14"
        " AND y.source_id <> ?15)",
    [STC_STIX_OWNER] = "SELECT indicator_id FROM indicator_stix WHERE stix_id = ?",
    [STC_STIX_CLAIM] = "INSERT INTO indicator_stix (stix_id, indicator_id) VALUES (?, ?)",
};

/* The kept statement id of this file, into *st (NULL on failure, with err set). */
static int kept(store *s, store_stc id, store_statement **st, gisac_err *err)
{
    return store_stmt(s, id, kept_sql[id], st, err, "indicators");
}

/* A kept statement of this file as the (id, sql) arguments of store_query and the like. */
#define KEPT(id) id, kept_sql[id]

int store_indicator_copy(void *row, gisac_arena *a, store_statement *st)
{
    /* ROW_COLS, or its first 19 columns (no range), and the sources when there are 22 */
    store_indicator *in = row;
    memset(in, 0, sizeof *in);
    if (ioc_type_from_name(store_col_text(st, 1), &in->type) < 0)
        return 1; /* a type this build does not know */
    in->tlp = (gisac_tlp)st_col_int(st, 9);
    int n = st_col_count(st);
    return store_cols(st, 0, a,
                      n > 21   ? "I-ttttttc-iiiIIIIIIttt"
                      : n > 20 ? "I-ttttttc-iiiIIIIIItt"
                               : "I-ttttttc-iiiIIIIII",
                      &in->id, &in->value, &in->stix_id, &in->name, &in->description,
                      &in->labels_json, &in->created_by, &in->confidence, &in->matchable,
                      &in->revoked, &in->allowlisted, &in->first_seen, &in->last_seen,
                      &in->valid_from, &in->valid_until, &in->created, &in->modified, &in->range_lo,
                      &in->range_hi, &in->sources);
}

/* Hand the rows of b, from the first, to cb; non-zero when cb stopped. */
int store_indicator_call(const store_cb *cb, const void *row)
{
    const store_indicator *in = row;
    return in->type != IOC_AUTO && ((store_indicator_cb)cb->fn)(cb->ctx, in);
}

static int indicator_calls(const store_batch *b, store_indicator_cb cb, void *ctx)
{
    store_cb c = STORE_CB(cb, ctx);
    return store_batch_calls(b, store_indicator_call, &c);
}

/* ---- sources ----------------------------------------------------------- */

int store_source_id(store *s, const char *name, int64_t now, int64_t *id, gisac_err *err)
{
    int rc = store_source_lookup(s, name, id, err);
    if (rc != GISAC_ENOTFOUND)
        return rc;
    store_intel_touch(s);
    rc = store_value(s, KEPT(STC_SRC_ADD), id, err, "source", "tI", name, now);
    return rc == GISAC_ENOTFOUND ? store_db_err(s, err, "source") : rc;
}

int store_source_lookup(store *s, const char *name, int64_t *id, gisac_err *err)
{
    int rc = store_value(s, KEPT(STC_SRC_GET), id, err, "source", "t", name);
    if (rc == GISAC_ENOTFOUND)
        gisac_err_set(err, rc, "no source %s", name);
    return rc;
}

/* ---- indicators -------------------------------------------------------- */

/* Bind the 20 columns of IND_COLS at parameters o+1 .. o+20. */
static void bind_indicator_at(store_statement *st, int o, const store_indicator *in)
{
    store_bind(st, o, "tttttttciiiiTTTTIItt", ioc_type_name(in->type), in->value, in->stix_id,
               in->name, in->description, in->labels_json, in->created_by, in->confidence,
               (int)in->tlp, in->matchable, in->revoked, in->allowlisted, in->first_seen,
               in->last_seen, in->valid_from, in->valid_until, in->created, in->modified,
               in->range_lo, in->range_hi);
}

/* A row's parameters bound at o+1, ... (bind_indicator_at, bind_with_id, bind_source_row, ...). */
typedef void (*bind_fn)(store_statement *st, int o, const void *row);

static void bind_indicator(store_statement *st, int o, const void *row)
{
    bind_indicator_at(st, o, row);
}

/*
 * A write of intelligence (store_intel_touch) by the kept statement id, its
 * parameters bound by bind from row: 0 or the store's error.
 */
static int kept_write(store *s, store_stc id, bind_fn bind, const void *row, gisac_err *err,
                      const char *what)
{
    store_intel_touch(s);
    store_statement *st;
    int rc = kept(s, id, &st, err);
    if (rc < 0)
        return rc;
    bind(st, 0, row);
    return store_run(s, st, id, err, what);
}

int store_indicator_empty(store *s, int *empty, gisac_err *err)
{
    int64_t one;
    int rc =
        store_value(s, STC_NONE, "SELECT 1 FROM indicator LIMIT 1", &one, err, "indicators", NULL);
    if (rc < 0 && rc != GISAC_ENOTFOUND)
        return rc;
    *empty = rc == GISAC_ENOTFOUND;
    return 0;
}

int store_indicator_find(store *s, ioc_type type, const char *value, store_indicator *out,
                         gisac_arena *a, gisac_err *err)
{
    store_indicator found; /* out is left alone when there is none */
    int rc = store_get(s, KEPT(STC_IND_FIND), store_indicator_copy, &found, a, err,
                       "find indicator", "tt", ioc_type_name(type), value);
    if (rc == 0)
        *out = found;
    return rc;
}

int store_indicator_find_as(store *s, const store_view *v, ioc_type type, const char *value,
                            store_indicator *out, gisac_arena *a, gisac_err *err)
{
    static const char sql[] = "SELECT " VIEW_COLS ", i.range_lo, i.range_hi, " VIEW_SOURCES
                              " FROM indicator i WHERE i.type = ?1 AND i.value = ?2"
                              " AND " VIEW_VISIBLE;
    store_statement *st;
    int rc =
        store_query(s, STC_NONE, sql, &st, err, "find indicator", "tt", ioc_type_name(type), value);
    if (rc < 0)
        return rc;
    store_view_bind(st, v);
    store_indicator found;
    rc = store_one(s, st, STC_NONE, store_indicator_copy, &found, a, err, "find indicator");
    if (rc == 0)
        *out = found;
    return rc;
}

int store_indicator_visible(store *s, const store_view *v, int64_t indicator_id, int *yes,
                            gisac_err *err)
{
    static const char sql[] = "SELECT 1 FROM indicator i WHERE i.id = ?1 AND " VIEW_VISIBLE;
    store_statement *st;
    int64_t one;
    *yes = 0;
    int rc = store_query(s, STC_NONE, sql, &st, err, "indicator", "I", indicator_id);
    if (rc < 0)
        return rc;
    store_view_bind(st, v);
    rc = store_int64(s, st, STC_NONE, &one, err, "indicator");
    *yes = rc == 0;
    return rc == GISAC_ENOTFOUND ? 0 : rc;
}

int store_indicator_insert(store *s, store_indicator *in, gisac_err *err)
{
    /* no RETURNING: it costs a statement journal per row in SQLite */
    int rc = kept_write(s, STC_IND_INSERT, bind_indicator, in, err, "insert indicator");
    if (rc < 0)
        return rc;
    in->id = store_last_id(s);
    return 0;
}

/* The highest indicator row id (0: none), by the kept statement. */
static int max_id(store *s, int64_t *id, gisac_err *err)
{
    return store_value(s, KEPT(STC_MAX_ID), id, err, "indicator ids", NULL);
}

int store_indicator_max_id(store *s, int64_t *id, gisac_err *err)
{
    return max_id(s, id, err);
}

/*
 * Insert n rows (each with the k rows after it, of size bytes) by the kept
 * statement one (a row) or many (BATCH rows), binding each row with bind.
 */
static int insert_batched(store *s, const void *rows, size_t size, size_t n, store_stc one,
                          store_stc many, int width, bind_fn bind, gisac_err *err)
{
    const unsigned char *p = rows;
    while (n) {
        size_t k = n >= BATCH ? BATCH : 1;
        store_stc id = k == BATCH ? many : one;
        store_statement *st;
        int rc = kept(s, id, &st, err);
        if (rc < 0)
            return rc;
        for (size_t r = 0; r < k; r++)
            bind(st, (int)r * width, p + r * size);
        if ((rc = store_run(s, st, id, err, "insert indicators")) < 0)
            return rc;
        p += k * size;
        n -= k;
    }
    return 0;
}

/* IND_COLS and id of one row at o+1 .. o+21. */
static void bind_with_id(store_statement *st, int o, const void *row)
{
    const store_indicator *in = row;
    bind_indicator_at(st, o, in);
    st_bind_int64(st, o + 21, in->id);
}

int store_indicator_insert_many(store *s, store_indicator *rows, size_t n, gisac_err *err)
{
    if (n == 0)
        return 0;
    store_intel_touch(s);
    /* the ids follow the highest, read under the write lock of this transaction */
    int64_t last = 0;
    int own, rc = store_tx_join(s, &own, err);
    if (rc == 0)
        rc = max_id(s, &last, err);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rows[i].id = last + 1 + (int64_t)i;
    if (rc == 0)
        rc = insert_batched(s, rows, sizeof *rows, n, STC_IND_INSERT_ID, STC_IND_INSERT_MANY, 21,
                            bind_with_id, err);
    return store_atomic_end(s, own, rc, err);
}

static void bind_source_row(store_statement *st, int o, const void *row)
{
    const store_source_row *r = row;
    store_bind(st, o, "IITTicitttttTTII", r->indicator_id, r->source_id, r->first_seen,
               r->last_seen, (int)r->tlp, r->confidence, r->matchable, r->stix_id, r->name,
               r->description, r->labels_json, r->created_by, r->valid_from, r->valid_until,
               r->created, r->modified);
}

int store_indicator_source_add_many(store *s, const store_source_row *rows, size_t n,
                                    gisac_err *err)
{
    if (n == 0)
        return 0;
    store_intel_touch(s);
    return insert_batched(s, rows, sizeof *rows, n, STC_SRC_NEW, STC_SRC_NEW_MANY, 16,
                          bind_source_row, err);
}

static int source_row_copy(void *row, gisac_arena *a, store_statement *st)
{
    store_source_row *r = row;
    memset(r, 0, sizeof *r);
    r->tlp = (gisac_tlp)st_col_int(st, 4);
    return store_cols(st, 0, a, "IITT-citttttTTII", &r->indicator_id, &r->source_id, &r->first_seen,
                      &r->last_seen, &r->confidence, &r->matchable, &r->stix_id, &r->name,
                      &r->description, &r->labels_json, &r->created_by, &r->valid_from,
                      &r->valid_until, &r->created, &r->modified);
}

int store_indicator_source_get(store *s, int64_t indicator_id, int64_t source_id,
                               store_source_row *out, gisac_arena *arena, gisac_err *err)
{
    /* rows of store_indicator_source_touch lack attributes: the indicator's stand in */
    return store_get(s, KEPT(STC_SRC_ROW_GET), source_row_copy, out, arena, err, "indicator source",
                     "II", indicator_id, source_id);
}

int store_indicator_source_put(store *s, const store_source_row *row, gisac_err *err)
{
    return kept_write(s, STC_SRC_PUT, bind_source_row, row, err, "indicator source");
}

int store_source_recipient_add(store *s, int64_t indicator_id, int64_t source_id,
                               const char *agency, gisac_err *err)
{
    store_intel_touch(s);
    return store_write(s, KEPT(STC_SRC_RECIP_ADD), err, "add recipient", "IIt", indicator_id,
                       source_id, agency);
}

void store_view_bind(store_statement *st, const store_view *v)
{
    if (!v || v->max_tlp == TLP_UNSET) {
        st_bind_null(st, 21);
        st_bind_null(st, 22);
        st_bind_null(st, 23);
        return;
    }
    st_bind_int(st, 21, v->max_tlp);
    store_bind_text(st, 22, v->recipient && *v->recipient ? v->recipient : NULL);
    if (v->recipient_max == TLP_UNSET)
        st_bind_null(st, 23);
    else
        st_bind_int(st, 23, v->recipient_max);
}

/* STC_IND_RECOMPUTE's indicator row id (an int64_t at row) at ?2. */
static void bind_recompute(store_statement *st, int o, const void *row)
{
    st_bind_int64(st, o + 2, *(const int64_t *)row);
}

int store_indicator_recompute(store *s, int64_t indicator_id, gisac_err *err)
{
    return kept_write(s, STC_IND_RECOMPUTE, bind_recompute, &indicator_id, err, "indicator merge");
}

static int64_t min_time(int64_t a, int64_t b) /* 0: none */
{
    return !a ? b : !b ? a : a < b ? a : b;
}

static int64_t max_time(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

int store_indicator_merge_added(store *s, const store_indicator *old, const store_source_row *r,
                                gisac_err *err)
{
    /* STC_IND_RECOMPUTE's rules over old's sources (old's columns) and r */
    if (r->labels_json || (r->stix_id && old->stix_id) || (r->name && old->name) ||
        (r->description && old->description) || (r->created_by && old->created_by))
        return store_indicator_recompute(s, old->id, err);
    store_intel_touch(s);
    store_statement *st;
    int rc = kept(s, STC_IND_MERGE_ADDED, &st, err);
    if (rc < 0)
        return rc;
    store_bind_text(st, 1, old->stix_id ? old->stix_id : r->stix_id);
    store_bind_text(st, 2, old->name ? old->name : r->name);
    store_bind_text(st, 3, old->description ? old->description : r->description);
    store_bind_text(st, 4, old->created_by ? old->created_by : r->created_by);
    int confidence = old->confidence > r->confidence ? old->confidence : r->confidence;
    if (confidence >= 0)
        st_bind_int(st, 5, confidence);
    else
        st_bind_null(st, 5);
    st_bind_int(st, 6, old->tlp > r->tlp ? (int)old->tlp : (int)r->tlp);
    st_bind_int(st, 7, old->matchable > r->matchable ? old->matchable : r->matchable);
    store_bind_time(st, 8, min_time(old->first_seen, r->first_seen));
    store_bind_time(st, 9, max_time(old->last_seen, r->last_seen));
    store_bind_time(st, 10, min_time(old->valid_from, r->valid_from));
    /* none (no end) from any source is the latest */
    store_bind_time(st, 11,
                    old->valid_until && r->valid_until ? max_time(old->valid_until, r->valid_until)
                                                       : 0);
    st_bind_int64(st, 12, old->created < r->created ? old->created : r->created);
    st_bind_int64(st, 13, max_time(old->modified, r->modified));
    st_bind_int64(st, 14, old->id);
    st_bind_int64(st, 15, r->source_id);
    rc = store_run(s, st, STC_IND_MERGE_ADDED, err, "indicator merge");
    /* old had no source row (its own columns stood for none): the merge is r's alone */
    if (rc == 0 && store_changes(s) == 0)
        rc = store_indicator_recompute(s, old->id, err);
    return rc;
}

int store_stix_owner(store *s, const char *stix_id, int64_t *owner, gisac_err *err)
{
    *owner = 0;
    int rc = store_value(s, KEPT(STC_STIX_OWNER), owner, err, "stix id", "t", stix_id);
    return rc == GISAC_ENOTFOUND ? 0 : rc;
}

int store_stix_claim(store *s, const char *stix_id, int64_t indicator_id, gisac_err *err)
{
    int64_t owner;
    int rc = store_stix_owner(s, stix_id, &owner, err);
    if (rc < 0)
        return rc;
    if (owner && owner != indicator_id)
        return gisac_err_set(err, GISAC_ECONFLICT, "%s is already the id of another object",
                             stix_id);
    if (owner)
        return 0;
    store_intel_touch(s);
    return store_write(s, KEPT(STC_STIX_CLAIM), err, "stix id", "tI", stix_id, indicator_id);
}

int store_indicator_update(store *s, const store_indicator *in, gisac_err *err)
{
    return kept_write(s, STC_IND_UPDATE, bind_with_id, in, err, "update indicator");
}

int store_indicator_source_touch(store *s, int64_t indicator_id, int64_t source_id,
                                 int64_t first_seen, int64_t last_seen, int fresh, gisac_err *err)
{
    (void)fresh; /* one statement: a row of times only (its attributes NULL) */
    store_intel_touch(s);
    store_statement *st;
    int rc = kept(s, STC_SRC_TOUCH, &st, err);
    if (rc < 0)
        return rc;
    store_bind(st, 0, "IITT", indicator_id, source_id, first_seen, last_seen);
    return store_run(s, st, STC_SRC_TOUCH, err, "indicator source");
}

/* After a write: GISAC_ENOTFOUND with message missing when it changed nothing. */
static int changed(store *s, int rc, gisac_err *err, const char *missing)
{
    if (rc == 0 && store_changes(s) == 0)
        return gisac_err_set(err, GISAC_ENOTFOUND, "%s", missing);
    return rc;
}

/* revoked = flag on one indicator, and a new version of it for every reader. */
static int set_revoked(store *s, ioc_type type, const char *value, int flag, int64_t now,
                       gisac_err *err)
{
    store_intel_touch(s);
    int rc = store_write(s, STC_NONE,
                         "UPDATE indicator SET revoked = ?4, modified = ?3"
                         " WHERE type = ?1 AND value = ?2",
                         err, "revoke", "ttIi", ioc_type_name(type), value, now, flag);
    char missing[GISAC_ERR_MSG];
    snprintf(missing, sizeof missing, "%s: no such indicator", value);
    if ((rc = changed(s, rc, err, missing)) < 0)
        return rc;
    /* a new version for every reader */
    return store_write(s, STC_NONE,
                       "UPDATE indicator_source SET modified = ?3 WHERE indicator_id ="
                       " (SELECT id FROM indicator WHERE type = ?1 AND value = ?2)",
                       err, "revoke", "ttI", ioc_type_name(type), value, now);
}

int store_indicator_revoke(store *s, ioc_type type, const char *value, int64_t now, gisac_err *err)
{
    return set_revoked(s, type, value, 1, now, err);
}

int store_indicator_restore(store *s, ioc_type type, const char *value, int64_t now, gisac_err *err)
{
    return set_revoked(s, type, value, 0, now, err);
}

int store_indicator_set_allowlisted(store *s, int64_t id, int allowlisted, int64_t now,
                                    gisac_err *err)
{
    store_intel_touch(s);
    int rc = store_write(s, STC_NONE,
                         "UPDATE indicator SET allowlisted = ?2, modified = ?3 WHERE id = ?1", err,
                         "allowlist flag", "IiI", id, allowlisted, now);
    if (rc == 0)
        rc = store_write(s, STC_NONE,
                         "UPDATE indicator_source SET modified = ?2 WHERE indicator_id = ?1", err,
                         "allowlist flag", "II", id, now);
    return rc;
}

int store_indicator_source_remove(store *s, int64_t indicator_id, int64_t source_id, int *left,
                                  gisac_err *err)
{
    store_intel_touch(s);
    int rc = store_write(s, STC_NONE,
                         "DELETE FROM indicator_source WHERE indicator_id = ? AND source_id = ?",
                         err, "remove source", "II", indicator_id, source_id);
    if ((rc = changed(s, rc, err, "not from that source")) < 0)
        return rc;
    /* the source's recipients go with its record; the others' merge is what is left */
    rc = store_write(
        s, STC_NONE,
        "DELETE FROM indicator_source_recipient WHERE indicator_id = ? AND source_id = ?", err,
        "remove source", "II", indicator_id, source_id);
    int64_t n = 0;
    if (rc == 0)
        rc =
            store_value(s, STC_NONE, "SELECT count(*) FROM indicator_source WHERE indicator_id = ?",
                        &n, err, "remove source", "I", indicator_id);
    *left = (int)n;
    if (rc == 0 && n > 0)
        rc = store_indicator_recompute(s, indicator_id, err);
    return rc;
}

static int auto_copy(void *row, gisac_arena *arena, store_statement *st)
{
    store_auto_indicator *o = row;
    if (ioc_type_from_name(store_col_text(st, 0), &o->type) < 0)
        return 1; /* reported by the caller */
    o->tlp = (gisac_tlp)st_col_int(st, 5);
    int rc =
        store_cols(st, 0, arena, "-tttc", &o->value, &o->stix_id, &o->labels_json, &o->confidence);
    if (!o->value)
        o->value = "";
    return rc;
}

int store_indicator_get_id(store *s, int64_t id, store_auto_indicator *out, gisac_arena *arena,
                           gisac_err *err)
{
    memset(out, 0, sizeof *out);
    out->id = id;
    out->type = IOC_AUTO;
    int rc = store_get(s, STC_NONE,
                       "SELECT type, value, stix_id, labels, confidence, tlp FROM indicator"
                       " WHERE id = ?1",
                       auto_copy, out, arena, err, "indicator", "I", id);
    if (rc == GISAC_ENOTFOUND)
        return gisac_err_set(err, rc, "no indicator with id %lld", (long long)id);
    if (rc == 0 && out->type == IOC_AUTO)
        return gisac_err_set(err, GISAC_ESTORE, "indicator %lld: bad type", (long long)id);
    return rc;
}

/* ---- iteration and pages ----------------------------------------------- */

const store_rowtype store_indicator_rows = {sizeof(store_indicator), store_indicator_copy,
                                            store_indicator_call};

/* s with '%', '_' and '\\' escaped by '\\' (NULL for NULL; cut at cap, which a value never
 * reaches: IOC_VALUE_MAX bytes escaped are at most twice as many). */
static const char *like_escape(const char *s, char *out, size_t cap)
{
    if (!s)
        return NULL;
    size_t n = 0;
    for (; *s && n + 3 <= cap; s++) {
        if (*s == '%' || *s == '_' || *s == '\\')
            out[n++] = '\\';
        out[n++] = *s;
    }
    out[n] = '\0';
    return out;
}

/* A page: the rows f selects within type t with a value after `after`, at most limit. */
typedef struct page_q {
    const store_filter *f;
    ioc_type t;
    const char *after; /* NULL: from the first */
    size_t limit;
} page_q;

/*
 * The query of one page (STC_PAGE), after the value of the row last when
 * there is one (keyset paging). The (type, value) key leads, so a page
 * starts with an index seek and a deep page costs what the first does.
 */
static int page_query(store *s, const void *q, const void *last, store_statement **st,
                      store_stc *id, gisac_err *err)
{
    const page_q *p = q;
    const store_filter *f = p->f;
    const char *after = last ? ((const store_indicator *)last)->value : p->after;
    *id = STC_PAGE;
    int rc = store_query(s, KEPT(STC_PAGE), st, err, "list indicators", "Itti-ittttt-I", f->now,
                         ioc_type_name(p->t), f->source, f->active_only, f->allowlisted_only,
                         f->range_lo, f->range_hi, f->value, f->domain_suffix, f->recipient,
                         p->limit > INT64_MAX ? INT64_MAX : (int64_t)p->limit);
    if (rc < 0)
        return rc;
    store_view v = {f->max_tlp, f->recipient, f->recipient_max};
    store_view_bind(*st, &v);
    /* every value sorts after ""; the key lives in the batch, cleared after this */
    store_bind_text_copy(*st, 12, after ? after : "");
    store_bind_text(*st, 14, f->value_from);
    store_bind_text(*st, 15, f->value_to);
    /* LIKE patterns: the value's own '%', '_' and '\\' stand for themselves */
    char like[2 * IOC_VALUE_MAX + 1];
    store_bind_text_copy(*st, 16, like_escape(f->value_ends, like, sizeof like));
    store_bind_text_copy(*st, 17, like_escape(f->domain_suffix, like, sizeof like));
    return 0;
}

int store_indicator_iter(store *s, const store_filter *f, store_indicator_cb cb, void *ctx,
                         gisac_err *err)
{
    /* type by type in the order of ioc_type, each by value, STORE_BATCH rows at a time */
    int rc = 0;
    for (int t = 0; rc == 0 && t < IOC_TYPE_COUNT; t++) {
        page_q q = {f, (ioc_type)t, NULL, STORE_BATCH};
        if (f->type == IOC_AUTO || (int)f->type == t)
            rc = store_pages(s, &store_indicator_rows, page_query, &q, STORE_CBX(cb, ctx), err,
                             "list indicators");
    }
    return rc > 0 ? 0 : rc;
}

int store_indicator_page(store *s, const store_filter *f, const char *after, size_t limit,
                         store_indicator_cb cb, void *ctx, gisac_err *err)
{
    if (f->type == IOC_AUTO)
        return gisac_err_set(err, GISAC_EINVAL, "a page is of one type");
    page_q q = {f, f->type, after, limit};
    store_statement *st;
    store_stc id;
    int rc = page_query(s, &q, NULL, &st, &id, err);
    return rc < 0 ? rc
                  : store_list_of(s, st, id, &store_indicator_rows, STORE_CBX(cb, ctx), err,
                                  "list indicators");
}

/* A row of STC_SCAN (lean: sources are added from STC_SCAN_SOURCES); unknown types kept as
 * IOC_AUTO. */
static int scan_copy(void *row, gisac_arena *a, store_statement *st)
{
    store_indicator *in = row;
    memset(in, 0, sizeof *in);
    if (ioc_type_from_name(store_col_text(st, 1), &in->type) < 0)
        in->type = IOC_AUTO; /* skipped when called back, kept as the key */
    in->tlp = (gisac_tlp)st_col_int(st, 5);
    in->matchable = 1;
    in->sources = "";
    return store_cols(st, 0, a, "I-ttc-I", &in->id, &in->value, &in->stix_id, &in->confidence,
                      &in->valid_until);
}

/* A source name of an indicator id. */
typedef struct scan_source {
    int64_t id;
    const char *name;
} scan_source;

static int scan_source_copy(void *row, gisac_arena *a, store_statement *st)
{
    scan_source *x = row;
    int rc = store_cols(st, 0, a, "It", &x->id, &x->name);
    if (!x->name)
        x->name = "";
    return rc;
}

/* Join the source names of each row of b (both in id order) with '\n', into b's arena. */
static int scan_join(store_batch *b, const store_batch *src)
{
    gisac_buf names = GISAC_BUF_INIT;
    size_t k = 0;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < b->n; i++) {
        store_indicator *in = store_batch_at(b, i);
        gisac_buf_reset(&names);
        while (k < src->n && ((scan_source *)store_batch_at(src, k))->id < in->id)
            k++;
        for (; k < src->n && ((scan_source *)store_batch_at(src, k))->id == in->id; k++) {
            if (names.len)
                rc |= gisac_buf_putc(&names, '\n');
            rc |= gisac_buf_puts(&names, ((scan_source *)store_batch_at(src, k))->name);
        }
        if (rc == 0 && names.len && !(in->sources = gisac_arena_strdup(b->arena, names.data)))
            rc = GISAC_ENOMEM;
    }
    gisac_buf_free(&names);
    return rc ? GISAC_ENOMEM : 0;
}

int store_indicator_scan_active(store *s, int64_t now, store_indicator_cb cb, void *ctx,
                                gisac_err *err)
{
    /* by id, SCAN_BATCH rows at a time, then the sources of their id range */
    store_batch b, src;
    int rc = store_batch_init(&b, sizeof(store_indicator), scan_copy, err);
    if (rc == 0 && (rc = store_batch_init(&src, sizeof(scan_source), scan_source_copy, err)) < 0)
        store_batch_free(&b);
    if (rc < 0)
        return rc;
    int64_t after = 0;
    for (;;) {
        store_statement *st;
        store_batch_clear(&b);
        store_batch_clear(&src);
        if ((rc = kept(s, STC_SCAN, &st, err)) < 0)
            break;
        st_bind_int64(st, 1, now);
        st_bind_int64(st, 2, after);
        st_bind_int64(st, 3, SCAN_BATCH);
        if ((rc = store_batch_read(s, st, STC_SCAN, &b, err, "scan indicators")) < 0 || !b.n)
            break;
        int64_t first = ((store_indicator *)store_batch_at(&b, 0))->id;
        after = ((store_indicator *)store_batch_at(&b, b.n - 1))->id;
        if ((rc = kept(s, STC_SCAN_SOURCES, &st, err)) < 0)
            break;
        st_bind_int64(st, 1, first);
        st_bind_int64(st, 2, after);
        if ((rc = store_batch_read(s, st, STC_SCAN_SOURCES, &src, err, "scan indicator sources")) <
            0)
            break;
        if ((rc = scan_join(&b, &src)) < 0) {
            gisac_err_set(err, rc, "out of memory");
            break;
        }
        if (indicator_calls(&b, cb, ctx) || b.n < SCAN_BATCH)
            break;
    }
    store_batch_free(&b);
    store_batch_free(&src);
    return rc;
}

/* ---- covering cidrs ---------------------------------------------------- */

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

/* Note the block lengths of the cidr rows (range_lo, range_hi[, type]); ctx is the store. */
static int cidr_length_row(store *s, store_statement *st, int typed)
{
    if (typed && (!store_col_text(st, 2) || strcmp(store_col_text(st, 2), "cidr") != 0))
        return 0;
    int len = block_len(store_col_text(st, 0), store_col_text(st, 1));
    if (len < 0)
        s->cidr_len[128] |= 2; /* not a block: covering lookups must scan */
    else
        s->cidr_len[len] |= 1;
    return 0;
}

static int cidr_all_row(void *ctx, store_statement *st)
{
    return cidr_length_row(ctx, st, 0);
}

static int cidr_after_row(void *ctx, store_statement *st)
{
    return cidr_length_row(ctx, st, 1);
}

/*
 * Bring the set of cidr prefix lengths up to date: the first time from
 * every cidr, then from the rows with a higher id than any seen (rows are
 * never deleted and new ones take ids above the highest; lengths only
 * accumulate, and a superset costs only a lookup that finds nothing).
 */
static int cidr_lengths(store *s, gisac_err *err)
{
    int64_t max;
    int rc = max_id(s, &max, err);
    if (rc < 0 || (s->cidr_loaded && max <= s->cidr_seen))
        return rc;
    store_stc id = s->cidr_loaded ? STC_CIDR_AFTER : STC_CIDR_ALL;
    store_statement *st;
    if ((rc = kept(s, id, &st, err)) < 0)
        return rc;
    if (s->cidr_loaded)
        st_bind_int64(st, 1, s->cidr_seen);
    rc = store_rows(s, st, id, s->cidr_loaded ? cidr_after_row : cidr_all_row, s, err,
                    "cidr lengths");
    if (rc == 0) {
        s->cidr_loaded = 1;
        s->cidr_seen = max;
    }
    return rc;
}

static int cover_cmp(const void *a, const void *b)
{
    return strcmp(((const store_indicator *)a)->value, ((const store_indicator *)b)->value);
}

/* Add to b the cidrs that hold [lo, hi] ((lh, ll), (hh, hl) parsed). */
static int cover_read(store *s, const char *lo, const char *hi, uint64_t lh, uint64_t ll,
                      uint64_t hh, uint64_t hl, store_batch *b, gisac_err *err)
{
    store_statement *st;
    int rc;
    if (s->cidr_len[128] & 2) {
        /* a stored range that is not a block: the plain range scan */
        rc = store_prepare(s,
                           "SELECT " ROW_COLS " FROM indicator i WHERE i.type = 'cidr'"
                           " AND i.range_lo <= ?1 AND i.range_hi >= ?2",
                           &st, err, "covering cidrs");
        if (rc < 0)
            return rc;
        store_bind_text(st, 1, lo);
        store_bind_text(st, 2, hi);
        return store_batch_read(s, st, STC_NONE, b, err, "covering cidrs");
    }
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
    for (int len = 0; len <= common; len++) {
        if (!(s->cidr_len[len] & 1))
            continue;
        uint64_t mh, ml;
        mask128(len, &mh, &ml);
        char nlo[33], nhi[33];
        hex128_format(lh & mh, ll & ml, nlo);
        hex128_format(lh | ~mh, ll | ~ml, nhi);
        if ((rc = kept(s, STC_COVER, &st, err)) < 0)
            return rc;
        store_bind_text(st, 1, nlo);
        store_bind_text(st, 2, nhi);
        size_t before = b->n;
        if ((rc = store_batch_read(s, st, STC_COVER, b, err, "covering cidrs")) < 0)
            return rc;
        b->read += before; /* store_batch_read counts one read only */
    }
    return 0;
}

int store_indicator_covering(store *s, const char *lo, const char *hi, store_indicator_cb cb,
                             void *ctx, gisac_err *err)
{
    return store_indicator_covering_as(s, NULL, lo, hi, cb, ctx, err);
}

int store_indicator_covering_as(store *s, const store_view *v, const char *lo, const char *hi,
                                store_indicator_cb cb, void *ctx, gisac_err *err)
{
    uint64_t lh, ll, hh, hl;
    if (hex128_parse(lo, &lh, &ll) < 0 || hex128_parse(hi, &hh, &hl) < 0)
        return gisac_err_set(err, GISAC_EINVAL, "covering cidrs: not a 128-bit range");
    int rc = cidr_lengths(s, err);
    if (rc < 0)
        return rc;
    store_batch b;
    if ((rc = store_batch_init(&b, sizeof(store_indicator), store_indicator_copy, err)) < 0)
        return rc;
    rc = cover_read(s, lo, hi, lh, ll, hh, hl, &b, err);
    if (rc == 0 && b.n) {
        qsort(b.v, b.n, b.size, cover_cmp);
        if (!v) {
            indicator_calls(&b, cb, ctx);
        } else {
            /* each as the reader sees it, when it sees it */
            gisac_arena *a = gisac_arena_new(4096);
            if (!a)
                rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
            for (size_t i = 0; rc == 0 && i < b.n; i++) {
                const store_indicator *c = store_batch_at(&b, i);
                store_indicator seen;
                gisac_arena_reset(a);
                rc = store_indicator_find_as(s, v, c->type, c->value, &seen, a, err);
                if (rc == GISAC_ENOTFOUND) {
                    rc = 0;
                    continue;
                }
                if (rc == 0 && cb(ctx, &seen))
                    break;
            }
            gisac_arena_free(a);
        }
    }
    store_batch_free(&b);
    return rc;
}

/* ---- the small lists of one indicator ---------------------------------------- */

static int source_copy(void *row, gisac_arena *a, store_statement *st)
{
    store_sighting_source *x = row;
    return store_cols(st, 0, a, "tII", &x->name, &x->first_seen, &x->last_seen);
}

STORE_ROWTYPE(source_rows, store_sighting_source, source_copy, store_source_cb);

int store_indicator_sources(store *s, int64_t indicator_id, store_source_cb cb, void *ctx,
                            gisac_err *err)
{
    return store_iter(s, KEPT(STC_SOURCES_OF), &source_rows, 1, STORE_CBX(cb, ctx), err,
                      "indicator sources", "I", indicator_id);
}

int store_indicator_sources_as(store *s, const store_view *v, int64_t indicator_id,
                               store_source_cb cb, void *ctx, gisac_err *err)
{
    static const char sql[] = "SELECT s.name, x.first_seen, x.last_seen FROM indicator_source x"
                              " JOIN source s ON s.id = x.source_id"
                              " JOIN indicator i ON i.id = x.indicator_id"
                              " WHERE x.indicator_id = ?1 AND " VIEW_VIS("x") " ORDER BY s.name";
    store_statement *st;
    int rc = store_query(s, STC_NONE, sql, &st, err, "indicator sources", "I", indicator_id);
    if (rc < 0)
        return rc;
    store_view_bind(st, v);
    return store_list_of(s, st, STC_NONE, &source_rows, STORE_CBX(cb, ctx), err,
                         "indicator sources");
}

/* ---- sightings ---------------------------------------------------------- */

/* The row of (indicator, agency) in sighting; store_sighting_add adds the hour bucket too. */
static int sighting_row_add(store *s, int64_t indicator_id, const char *agency, int64_t first_seen,
                            int64_t last_seen, int64_t count, gisac_err *err)
{
    return store_write(
        s, STC_NONE,
        "INSERT INTO sighting (indicator_id, agency, first_seen, last_seen, count)"
        " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (indicator_id, agency) DO UPDATE SET"
        " first_seen = CASE WHEN excluded.first_seen < sighting.first_seen"
        "   THEN excluded.first_seen ELSE sighting.first_seen END,"
        " last_seen = CASE WHEN excluded.last_seen > sighting.last_seen"
        "   THEN excluded.last_seen ELSE sighting.last_seen END,"
        " count = sighting.count + excluded.count",
        err, "sighting", "ItIII", indicator_id, agency ? agency : "", first_seen, last_seen, count);
}

int store_sighting_add(store *s, int64_t indicator_id, const char *agency, int64_t first_seen,
                       int64_t last_seen, int64_t count, gisac_err *err)
{
    /* the row and its hour bucket together: in the caller's transaction, or one of its own */
    int own, rc = store_tx_join(s, &own, err);
    if (rc == 0)
        rc = sighting_row_add(s, indicator_id, agency, first_seen, last_seen, count, err);
    if (rc == 0)
        rc = store_sighting_hour_add(s, indicator_id, agency, last_seen, count, err);
    return store_atomic_end(s, own, rc, err);
}

static int sighting_copy(void *row, gisac_arena *a, store_statement *st)
{
    store_sighting *sg = row;
    return store_cols(st, 0, a, "tIII", &sg->agency, &sg->first_seen, &sg->last_seen, &sg->count);
}

STORE_ROWTYPE(sighting_rows, store_sighting, sighting_copy, store_sighting_cb);

int store_sightings_of(store *s, int64_t indicator_id, store_sighting_cb cb, void *ctx,
                       gisac_err *err)
{
    return store_iter(s, KEPT(STC_SIGHTINGS_OF), &sighting_rows, 1, STORE_CBX(cb, ctx), err,
                      "sightings", "I", indicator_id);
}

/* ---- counts ------------------------------------------------------------ */

static int count_copy(void *row, gisac_arena *a, store_statement *st)
{
    store_count *n = row;
    return store_cols(st, 0, a, "tII", &n->key, &n->active, &n->total);
}

STORE_ROWTYPE(count_rows, store_count, count_copy, store_count_cb);

int store_count_by_type(store *s, int64_t now, store_count_cb cb, void *ctx, gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT i.type, SUM(CASE WHEN " ACTIVE_SQL " THEN 1 ELSE 0 END), COUNT(*)"
                      " FROM indicator i GROUP BY i.type ORDER BY i.type",
                      &count_rows, 0, STORE_CBX(cb, ctx), err, "counts", "I", now);
}

int store_count_by_source(store *s, int64_t now, store_count_cb cb, void *ctx, gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT s.name, SUM(CASE WHEN " ACTIVE_SQL " THEN 1 ELSE 0 END), COUNT(*)"
                      " FROM source s JOIN indicator_source x ON x.source_id = s.id"
                      " JOIN indicator i ON i.id = x.indicator_id GROUP BY s.name ORDER BY s.name",
                      &count_rows, 0, STORE_CBX(cb, ctx), err, "counts", "I", now);
}

STORE_COPY(totals_copy, store_totals, o, "IIIIIII", &o->total, &o->active, &o->revoked, &o->expired,
           &o->allowlisted, &o->context, &o->sources)

int store_totals_get(store *s, int64_t now, store_totals *out, gisac_err *err)
{
    int rc = store_get(s, STC_NONE,
                       "SELECT COUNT(*),"
                       " COALESCE(SUM(CASE WHEN " ACTIVE_SQL " THEN 1 ELSE 0 END), 0),"
                       " COALESCE(SUM(i.revoked), 0),"
                       " COALESCE(SUM(CASE WHEN i.valid_until IS NOT NULL AND i.valid_until <= ?1"
                       "   THEN 1 ELSE 0 END), 0),"
                       " COALESCE(SUM(i.allowlisted), 0),"
                       " COALESCE(SUM(CASE WHEN i.matchable = 0 THEN 1 ELSE 0 END), 0),"
                       " (SELECT COUNT(*) FROM source)"
                       " FROM indicator i",
                       totals_copy, out, NULL, err, "totals", "I", now);
    return rc == GISAC_ENOTFOUND ? store_db_err(s, err, "totals") : rc;
}

/* ---- allowlist --------------------------------------------------------- */

int store_allow_add(store *s, const store_allow *a, gisac_err *err)
{
    store_share_touch(s);
    int rc = store_write(s, STC_NONE,
                         "INSERT INTO allowlist (type, value, range_lo, range_hi, comment,"
                         " builtin, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                         " ON CONFLICT (type, value) DO NOTHING",
                         err, "allowlist", "tttttiI", ioc_type_name(a->type), a->value, a->range_lo,
                         a->range_hi, a->comment, a->builtin, a->created);
    if (rc == 0 && store_changes(s) == 0)
        return gisac_err_set(err, GISAC_EEXIST, "%s: already in the allowlist", a->value);
    return rc;
}

int store_allow_remove(store *s, ioc_type type, const char *value, gisac_err *err)
{
    store_share_touch(s);
    int rc = store_write(s, STC_NONE, "DELETE FROM allowlist WHERE type = ?1 AND value = ?2", err,
                         "allowlist", "tt", ioc_type_name(type), value);
    char missing[GISAC_ERR_MSG];
    snprintf(missing, sizeof missing, "%s: not in the allowlist", value);
    return changed(s, rc, err, missing);
}

static int allow_copy(void *row, gisac_arena *arena, store_statement *st)
{
    store_allow *a = row;
    if (ioc_type_from_name(store_col_text(st, 1), &a->type) < 0)
        return 1; /* a type this build does not know */
    return store_cols(st, 0, arena, "I-ttttiI", &a->id, &a->value, &a->range_lo, &a->range_hi,
                      &a->comment, &a->builtin, &a->created);
}

STORE_ROWTYPE(allow_rows, store_allow, allow_copy, store_allow_cb);

int store_allow_iter(store *s, store_allow_cb cb, void *ctx, gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT id, type, value, range_lo, range_hi, comment, builtin, created"
                      " FROM allowlist ORDER BY builtin DESC, type, value",
                      &allow_rows, 0, STORE_CBX(cb, ctx), err, "allowlist", NULL);
}

/* ---- TLP recipients ---------------------------------------------------- */

int store_recipient_add(store *s, int64_t indicator_id, const char *agency, gisac_err *err)
{
    store_intel_touch(s);
    /* the indicator's own list (read when it has no source rows) and each source's */
    int own, rc = store_tx_join(s, &own, err);
    if (rc == 0)
        rc = store_write(s, STC_NONE,
                         "INSERT INTO indicator_recipient (indicator_id, agency) VALUES (?, ?)"
                         " ON CONFLICT DO NOTHING",
                         err, "add recipient", "It", indicator_id, agency);
    if (rc == 0)
        rc = store_write(s, STC_NONE,
                         "INSERT INTO indicator_source_recipient (indicator_id, source_id, agency)"
                         " SELECT indicator_id, source_id, ?2 FROM indicator_source"
                         " WHERE indicator_id = ?1 ON CONFLICT DO NOTHING",
                         err, "add recipient", "It", indicator_id, agency);
    return store_atomic_end(s, own, rc, err);
}

int store_recipient_has(store *s, int64_t indicator_id, const char *agency, int *yes,
                        gisac_err *err)
{
    int64_t one;
    int rc =
        store_value(s, KEPT(STC_RECIPIENT_HAS), &one, err, "recipient", "It", indicator_id, agency);
    *yes = rc == 0;
    return rc == GISAC_ENOTFOUND ? 0 : rc;
}

int store_recipients_of(store *s, int64_t indicator_id, store_name_cb cb, void *ctx, gisac_err *err)
{
    return store_iter(s, KEPT(STC_RECIPIENTS_OF), &store_name_rows, 1, STORE_CBX(cb, ctx), err,
                      "recipients", "I", indicator_id);
}

/* ---- TLP levels left ------------------------------------------------------ */

static int tlp_past_copy(void *row, gisac_arena *arena, store_statement *st)
{
    store_tlp_past *p = row;
    if (ioc_type_from_name(store_col_text(st, 0), &p->type) < 0)
        return 1; /* a type this build does not know */
    p->tlp = (gisac_tlp)st_col_int(st, 2);
    return store_cols(st, 1, arena, "t-I", &p->value, &p->until);
}

STORE_ROWTYPE(tlp_past_rows, store_tlp_past, tlp_past_copy, store_tlp_past_cb);

int store_indicator_tlp_past_iter(store *s, int64_t since, store_tlp_past_cb cb, void *ctx,
                                  gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT i.type, i.value, p.tlp, p.until FROM indicator_tlp_past p"
                      " JOIN indicator i ON i.id = p.indicator_id WHERE p.until >= ?1"
                      " ORDER BY i.type, i.value, p.tlp",
                      &tlp_past_rows, 1, STORE_CBX(cb, ctx), err, "TLP history", "I", since);
}
