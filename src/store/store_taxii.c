/*
 * store_taxii.c: the reads behind the TAXII 2.1 collection of active
 * indicators. Fixed statements, every value bound; filters that are not in
 * use are bound to NULL and drop out.
 *
 * Pages are a keyset on (created, id): "after the cursor" is
 * created > c OR (created = c AND id > i), so a page boundary inside a run
 * of rows that share one created time is still exact and stable.
 */
#include "store/store_internal.h"

#include <string.h>

/* The columns as the query's reader sees them (store_internal.h, VIEW_*). */
#define TAXII_COLS VIEW_COLS

/* ?1 now, ?3 added_after (NULL: none), ?10 source id (NULL: any), ?11 .. ?14 versions;
 * the reader at ?21 .. ?23 */
#define TAXII_WHERE                                                                                \
    " " VIEW_ACTIVE " AND " VIEW_VISIBLE " AND (?3 IS NULL OR " VIEW_COL(                          \
        "created",                                                                                 \
        VIEW_AGG_CREATED) " > ?3)"                                                                 \
                          " AND (?10 IS NULL OR EXISTS (SELECT 1 FROM indicator_source x"          \
                          " WHERE x.indicator_id = i.id AND x.source_id = ?10 AND " VIEW_VIS(      \
                              "x") "))"                                                            \
                                   " AND (?11 IS NULL OR " VIEW_COL(                               \
                                       "modified", VIEW_AGG_MODIFIED) " IN (?11, ?12, ?13, ?14))"

/* A collection of one source starts from that source's rows (a few among
 * many) and sorts them, rather than walking every indicator in order. */
#define FROM_ALL " FROM indicator i WHERE"
#define FROM_SOURCE                                                                                \
    " FROM indicator_source y JOIN indicator i ON i.id = y.indicator_id WHERE y.source_id = ?10 "  \
    "AND"
/* A reader below staff walks the source rows it sees by (created, indicator), each
 * indicator at its earliest visible source row (whose created is the date it was
 * added for that reader). */
#define FROM_SEEN                                                                                  \
    " FROM indicator_source y JOIN indicator i ON i.id = y.indicator_id WHERE " VIEW_VIS(          \
        "y") " AND NOT EXISTS (SELECT 1 FROM indicator_source z WHERE z.indicator_id = "           \
             "y.indicator_id"                                                                      \
             " AND " VIEW_VIS("z") " AND (z.created < y.created OR (z.created = y.created AND"     \
                                   " z.source_id < y.source_id))) AND"

static void bind_common(store_statement *st, const store_taxii_query *q)
{
    st_bind_int64(st, 1, q->now);
    store_view v = {q->max_tlp, q->recipient, TLP_UNSET};
    store_view_bind(st, &v);
    if (q->added_after)
        st_bind_int64(st, 3, q->added_after);
    else
        st_bind_null(st, 3);
    if (q->source_id)
        st_bind_int64(st, 10, q->source_id);
    for (size_t k = 0; k < q->nmodified && k < 4; k++)
        st_bind_int64(st, 11 + (int)k, q->modified[k]);
}

/* The lean rows: i.id, i.type, i.value, i.stix_id, i.created. */
static int lean_copy(void *row, gisac_arena *arena, store_statement *st)
{
    store_indicator *in = row;
    memset(in, 0, sizeof *in);
    if (ioc_type_from_name(store_col_text(st, 1), &in->type) < 0)
        return 1; /* a type this build does not know */
    return store_cols(st, 0, arena, "I-ttI", &in->id, &in->value, &in->stix_id, &in->created);
}

static const store_rowtype lean_rows = {sizeof(store_indicator), lean_copy, store_indicator_call};

/* Step st to the end (or until cb stops), finalize it. */
static int each_row(store *s, store_statement *st, int lean, store_indicator_cb cb, void *ctx,
                    gisac_err *err, const char *what)
{
    return store_stream(s, st, STC_NONE, lean ? &lean_rows : &store_indicator_rows,
                        STORE_CBX(cb, ctx), err, what);
}

/* Counts the rows passed on, and whether the callback stopped. */
typedef struct count_ctx {
    store_indicator_cb cb;
    void *ctx;
    size_t n;
    int stopped;
} count_ctx;

static int count_cb(void *ctx, const store_indicator *in)
{
    count_ctx *c = ctx;
    c->n++;
    c->stopped = c->cb(c->ctx, in);
    return c->stopped;
}

int store_taxii_page(store *s, const store_taxii_query *q, store_indicator_cb cb, void *ctx,
                     gisac_err *err)
{
    /*
     * Each statement seeks the (created, id) index straight to its first
     * row, so a deep page costs what the first one does. After a cursor
     * (c, i) that takes two: the rest of the rows added at c (created = c
     * AND id > i: an equality and a range, one seek), then those added
     * later (created > c). A single "(created, id) > (c, i)" or an OR
     * would make SQLite walk every row added at c, and all rows of a bulk
     * import share one time.
     */
#define PAGE_SQL(from, c, id)                                                                      \
    {                                                                                              \
        "SELECT " TAXII_COLS from TAXII_WHERE " ORDER BY " c ", " id " LIMIT ?6",                  \
            "SELECT " TAXII_COLS from TAXII_WHERE " AND " c " = ?4 AND " id " > ?5"                \
            " ORDER BY " id " LIMIT ?6",                                                           \
            "SELECT " TAXII_COLS from TAXII_WHERE " AND " c " > ?7 ORDER BY " c ", " id            \
            " LIMIT ?6"                                                                            \
    }
    static const char *const sqls[3][3] = {PAGE_SQL(FROM_ALL, "i.created", "i.id"),
                                           PAGE_SQL(FROM_SOURCE, "i.created", "i.id"),
                                           PAGE_SQL(FROM_SEEN, "y.created", "y.indicator_id")};
    const char *const *v = sqls[q->max_tlp != TLP_UNSET ? 2 : q->source_id != 0];
    const char *first = v[0], *same = v[1], *later = v[2];
    int64_t limit = q->limit ? (int64_t)q->limit : -1;
    count_ctx cc = {cb, ctx, 0, 0};
    store_statement *st;
    int rc;
    if (q->has_cursor && q->cursor_created > q->added_after) {
        if ((rc = store_prepare(s, same, &st, err, "taxii page")) < 0)
            return rc;
        bind_common(st, q);
        st_bind_int64(st, 4, q->cursor_created);
        st_bind_int64(st, 5, q->cursor_id);
        st_bind_int64(st, 6, limit);
        if ((rc = each_row(s, st, 0, count_cb, &cc, err, "taxii page")) < 0)
            return rc;
        if (cc.stopped || (limit >= 0 && cc.n >= (size_t)limit))
            return 0;
    }
    int64_t lower =
        q->has_cursor && q->cursor_created > q->added_after ? q->cursor_created : q->added_after;
    if (!q->has_cursor && !q->added_after) {
        rc = store_prepare(s, first, &st, err, "taxii page");
        lower = 0;
    } else {
        rc = store_prepare(s, later, &st, err, "taxii page");
    }
    if (rc < 0)
        return rc;
    bind_common(st, q);
    st_bind_int64(st, 6, limit >= 0 ? limit - (int64_t)cc.n : -1);
    if (lower)
        st_bind_int64(st, 7, lower);
    return each_row(s, st, 0, count_cb, &cc, err, "taxii page");
}

/* The rows of sql, a query of one object's versions by q and ?4: stix_id, or id when it is NULL. */
static int object_rows(store *s, const store_taxii_query *q, const char *sql, const char *stix_id,
                       int64_t id, store_indicator_cb cb, void *ctx, gisac_err *err)
{
    store_statement *st;
    int rc = store_prepare(s, sql, &st, err, "taxii object");
    if (rc < 0)
        return rc;
    bind_common(st, q);
    if (stix_id)
        store_bind_text(st, 4, stix_id);
    else
        st_bind_int64(st, 4, id);
    return each_row(s, st, 0, cb, ctx, err, "taxii object");
}

int store_taxii_by_stix_id(store *s, const store_taxii_query *q, const char *stix_id,
                           store_indicator_cb cb, void *ctx, gisac_err *err)
{
    static const char sql[] = "SELECT " TAXII_COLS " FROM indicator i WHERE" TAXII_WHERE
                              " AND i.id IN (SELECT indicator_id FROM indicator_stix"
                              " WHERE stix_id = ?4 UNION SELECT id FROM indicator"
                              " WHERE stix_id = ?4) ORDER BY i.created, i.id";
    return object_rows(s, q, sql, stix_id, 0, cb, ctx, err);
}

int store_taxii_get(store *s, const store_taxii_query *q, int64_t id, store_indicator_cb cb,
                    void *ctx, gisac_err *err)
{
    static const char sql[] =
        "SELECT " TAXII_COLS " FROM indicator i WHERE" TAXII_WHERE " AND i.id = ?4";
    return object_rows(s, q, sql, NULL, id, cb, ctx, err);
}

/* ---- add-object status ------------------------------------------------- */

int store_taxii_status_put(store *s, const store_taxii_status *t, gisac_err *err)
{
    return store_write(s, STC_NONE,
                       "INSERT INTO taxii_status (id, account_id, agency, collection, status,"
                       " request_timestamp, total_count, success_count, failure_count,"
                       " pending_count, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       err, "taxii status", "tItttIIIIIt", t->id, t->account_id, t->agency,
                       t->collection, t->status, t->request_timestamp, t->total, t->success,
                       t->failure, t->pending, t->details);
}

STORE_COPY(status_copy, store_taxii_status, o, "tItttIIIIIt", &o->id, &o->account_id, &o->agency,
           &o->collection, &o->status, &o->request_timestamp, &o->total, &o->success, &o->failure,
           &o->pending, &o->details)

int store_taxii_status_get(store *s, const char *id, store_taxii_status *out, gisac_arena *arena,
                           gisac_err *err)
{
    int rc = store_get(s, STC_NONE,
                       "SELECT id, account_id, agency, collection, status, request_timestamp,"
                       " total_count, success_count, failure_count, pending_count, details"
                       " FROM taxii_status WHERE id = ?",
                       status_copy, out, arena, err, "taxii status", "t", id);
    if (rc == GISAC_ENOTFOUND)
        gisac_err_set(err, rc, "no such status");
    return rc;
}

int store_taxii_derived_after(store *s, int64_t after_id, store_indicator_cb cb, void *ctx,
                              gisac_err *err)
{
    static const char sql[] =
        "SELECT i.id, i.type, i.value, NULL, i.created FROM indicator i WHERE i.id > ?1"
        " ORDER BY i.id";
    store_statement *st;
    int rc = store_prepare(s, sql, &st, err, "taxii ids");
    if (rc < 0)
        return rc;
    st_bind_int64(st, 1, after_id);
    return each_row(s, st, 1, cb, ctx, err, "taxii ids");
}
