/*
 * store_advisory.c: the advisory, advisory_revision, advisory_indicator,
 * advisory_cve, advisory_recipient and advisory_vuln tables (see
 * store_advisory.h).
 *
 * Rows only: the rules (ids, validation, who may read which revision)
 * live in src/advisory. Values are always bound. These statements run a
 * few times per command or request, so they are prepared per call.
 */
#include "store/store_internal.h"

#include <string.h>

/* The columns of an advisory's revision row, in the order row_of reads them. */
#define ADV_COLS                                                                                   \
    "a.id, a.ref, a.stix_id, a.year, a.seq, a.published, a.revision, r.id, r.revision, r.title,"   \
    " r.severity, r.tlp, r.body, r.lang, r.author, r.published"
#define ADV_FROM " FROM advisory a JOIN advisory_revision r ON r.advisory_id = a.id"

/* Fill out from a row of ADV_COLS; strings point into the statement. */
static void row_of(sqlite3_stmt *st, store_advisory *out)
{
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(st, 0);
    out->ref = store_col_text(st, 1);
    out->stix_id = store_col_text(st, 2);
    out->year = sqlite3_column_int(st, 3);
    out->seq = sqlite3_column_int64(st, 4);
    out->published = sqlite3_column_int64(st, 5);
    out->latest = sqlite3_column_int(st, 6);
    out->rev_id = sqlite3_column_int64(st, 7);
    out->revision = sqlite3_column_int(st, 8);
    out->title = store_col_text(st, 9);
    out->severity = store_col_text(st, 10);
    out->tlp = (gisac_tlp)sqlite3_column_int(st, 11);
    out->body = store_col_text(st, 12);
    out->lang = store_col_text(st, 13);
    out->author = store_col_text(st, 14);
    out->rev_published = sqlite3_column_int64(st, 15);
}

/* The same, with the strings copied into arena (a store_copy_fn). */
static int row_copy(void *row, gisac_arena *arena, sqlite3_stmt *st)
{
    store_advisory *o = row;
    row_of(st, o);
    return store_dup(arena, &o->ref, &o->stix_id, &o->title, &o->severity, &o->body, &o->lang,
                     &o->author, NULL);
}

/* A row of ADV_COLS to the caller's store_advisory_cb. */
static int row_each(void *ctx, sqlite3_stmt *st)
{
    store_cb *c = ctx;
    store_advisory a;
    row_of(st, &a);
    return ((store_advisory_cb)c->fn)(c->ctx, &a) != 0;
}

/* ---- writes --------------------------------------------------------------- */

int store_advisory_insert(store *s, store_advisory *a, store_advisory_name_fn name, void *ctx,
                          gisac_err *err)
{
    store_share_touch(s);
    int own, rc = store_atomic_begin(s, &own, err);
    if (rc == 0)
        rc = store_number_next(s, "advisory", a->year, &a->seq, err);
    if (rc == 0 && name)
        rc = name(ctx, a, err);
    sqlite3_stmt *st = NULL;
    if (rc == 0)
        rc = store_prepare(s,
                           "INSERT INTO advisory (ref, stix_id, year, seq, revision, published)"
                           " VALUES (?1, ?2, ?3, ?4, 0, ?5)",
                           &st, err, "advisory");
    if (rc == 0) {
        store_bind_text(st, 1, a->ref);
        store_bind_text(st, 2, a->stix_id);
        sqlite3_bind_int(st, 3, a->year);
        sqlite3_bind_int64(st, 4, a->seq);
        sqlite3_bind_int64(st, 5, a->published);
        if ((rc = store_run(s, st, STC_NONE, err, "advisory")) == 0)
            a->id = sqlite3_last_insert_rowid(store_db(s));
    }
    return store_atomic_end(s, own, rc, err);
}

static int insert_list(store *s, const char *sql, int64_t rev_id, const int64_t *ids,
                       const char *const *texts, size_t n, gisac_err *err)
{
    if (n == 0)
        return 0;
    sqlite3_stmt *st;
    int rc = store_prepare(s, sql, &st, err, "advisory");
    for (size_t i = 0; rc == 0 && i < n; i++) {
        sqlite3_reset(st); /* one statement, a row per value */
        sqlite3_bind_int64(st, 1, rev_id);
        sqlite3_bind_int64(st, 2, (int64_t)i);
        if (ids)
            sqlite3_bind_int64(st, 3, ids[i]);
        else
            store_bind_text(st, 3, texts[i]);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = store_db_err(s, err, "advisory");
    }
    sqlite3_finalize(st);
    return rc;
}

/* The revision row and its lists (store_advisory_revision_insert, inside its unit). */
static int revision_rows(store *s, store_advisory *a, const int64_t *indicator_ids,
                         size_t nindicators, const char *const *cves, size_t ncves,
                         const char *const *recipients, size_t nrecipients, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "INSERT INTO advisory_revision (advisory_id, revision, title, severity,"
                           " tlp, body, lang, author, published)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                           &st, err, "advisory revision");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, a->id);
    sqlite3_bind_int(st, 2, a->revision);
    store_bind_text(st, 3, a->title);
    store_bind_text(st, 4, a->severity);
    sqlite3_bind_int(st, 5, (int)a->tlp);
    store_bind_text(st, 6, a->body);
    store_bind_text(st, 7, a->lang);
    store_bind_text(st, 8, a->author);
    sqlite3_bind_int64(st, 9, a->rev_published);
    if ((rc = store_run(s, st, STC_NONE, err, "advisory revision")) < 0)
        return rc;
    a->rev_id = sqlite3_last_insert_rowid(store_db(s));
    rc = insert_list(s,
                     "INSERT INTO advisory_indicator (revision_id, pos, indicator_id)"
                     " VALUES (?1, ?2, ?3)",
                     a->rev_id, indicator_ids, NULL, nindicators, err);
    if (rc == 0)
        rc = insert_list(s, "INSERT INTO advisory_cve (revision_id, pos, cve) VALUES (?1, ?2, ?3)",
                         a->rev_id, NULL, cves, ncves, err);
    if (rc == 0)
        rc = insert_list(s, "INSERT INTO advisory_recipient (revision_id, agency) VALUES (?1, ?3)",
                         a->rev_id, NULL, recipients, nrecipients, err);
    if (rc < 0)
        return rc;
    if ((rc = store_prepare(s, "UPDATE advisory SET revision = ?2 WHERE id = ?1", &st, err,
                            "advisory")) < 0)
        return rc;
    sqlite3_bind_int64(st, 1, a->id);
    sqlite3_bind_int(st, 2, a->revision);
    return store_run(s, st, STC_NONE, err, "advisory");
}

int store_advisory_revision_insert(store *s, store_advisory *a, const int64_t *indicator_ids,
                                   size_t nindicators, const char *const *cves, size_t ncves,
                                   const char *const *recipients, size_t nrecipients,
                                   gisac_err *err)
{
    store_share_touch(s);
    int own, rc = store_atomic_begin(s, &own, err);
    if (rc == 0)
        rc = revision_rows(s, a, indicator_ids, nindicators, cves, ncves, recipients, nrecipients,
                           err);
    if ((rc = store_atomic_end(s, own, rc, err)) == 0)
        a->latest = a->revision;
    return rc;
}

int store_advisory_vuln_add(store *s, const char *cve, const char *stix_id, int64_t created,
                            gisac_err *err)
{
    store_share_touch(s);
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "INSERT INTO advisory_vuln (cve, stix_id, created) VALUES (?1, ?2, ?3)"
                           " ON CONFLICT (cve) DO NOTHING",
                           &st, err, "vulnerability");
    if (rc < 0)
        return rc;
    store_bind_text(st, 1, cve);
    store_bind_text(st, 2, stix_id);
    sqlite3_bind_int64(st, 3, created);
    return store_run(s, st, STC_NONE, err, "vulnerability");
}

/* ---- reads ---------------------------------------------------------------- */

static int get_one(store *s, sqlite3_stmt *st, store_advisory *out, gisac_arena *arena,
                   gisac_err *err, const char *what)
{
    int rc = store_one(s, st, STC_NONE, row_copy, out, arena, err, "advisory");
    if (rc == GISAC_ENOTFOUND)
        gisac_err_set(err, rc, "advisory %s: not found", what);
    return rc;
}

int store_advisory_get(store *s, const char *ref, int revision, store_advisory *out,
                       gisac_arena *arena, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT " ADV_COLS ADV_FROM
                           " WHERE a.ref = ?1 AND r.revision = CASE WHEN ?2 = 0 THEN a.revision"
                           " ELSE ?2 END",
                           &st, err, "advisory");
    if (rc < 0)
        return rc;
    store_bind_text(st, 1, ref);
    sqlite3_bind_int(st, 2, revision);
    rc = get_one(s, st, out, arena, err, ref);
    if (rc == GISAC_ENOTFOUND && revision)
        gisac_err_set(err, GISAC_ENOTFOUND, "advisory %s revision %d: not found", ref, revision);
    return rc;
}

int store_advisory_get_rev(store *s, int64_t rev_id, store_advisory *out, gisac_arena *arena,
                           gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s, "SELECT " ADV_COLS ADV_FROM " WHERE r.id = ?1", &st, err, "advisory");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, rev_id);
    return get_one(s, st, out, arena, err, "revision");
}

/* The lists of a revision are small: read whole, then called back with no statement open. */

static int ind_copy(void *row, gisac_arena *arena, sqlite3_stmt *st)
{
    store_advisory_ind *r = row;
    r->indicator_id = sqlite3_column_int64(st, 0);
    const char *type = store_col_text(st, 1);
    if (!type || ioc_type_from_name(type, &r->type) < 0)
        r->type = IOC_AUTO;
    r->value = store_col_text(st, 2);
    r->stix_id = store_col_text(st, 3);
    r->tlp = (gisac_tlp)sqlite3_column_int(st, 4);
    return store_dup(arena, &r->value, &r->stix_id, NULL);
}

static int ind_call(const store_cb *cb, const void *row)
{
    return ((store_advisory_ind_cb)cb->fn)(cb->ctx, row);
}

static int cve_copy(void *row, gisac_arena *arena, sqlite3_stmt *st)
{
    store_advisory_cve *v = row;
    v->cve = store_col_text(st, 0);
    v->stix_id = store_col_text(st, 1);
    v->created = sqlite3_column_int64(st, 2);
    return store_dup(arena, &v->cve, &v->stix_id, NULL);
}

static int cve_call(const store_cb *cb, const void *row)
{
    return ((store_advisory_cve_cb)cb->fn)(cb->ctx, row);
}

static int name_copy(void *row, gisac_arena *arena, sqlite3_stmt *st)
{
    const char **n = row;
    *n = store_col_text(st, 0) ? store_col_text(st, 0) : "";
    return store_dup(arena, n, NULL);
}

static int name_call(const store_cb *cb, const void *row)
{
    return ((store_name_cb)cb->fn)(cb->ctx, *(const char *const *)row);
}

static int hist_copy(void *row, gisac_arena *arena, sqlite3_stmt *st)
{
    store_advisory_hist *h = row;
    h->revision = sqlite3_column_int(st, 0);
    h->published = sqlite3_column_int64(st, 1);
    h->author = store_col_text(st, 2);
    return store_dup(arena, &h->author, NULL);
}

static int hist_call(const store_cb *cb, const void *row)
{
    return ((store_advisory_hist_cb)cb->fn)(cb->ctx, row);
}

/* The list sql selects for the row id key (?1), rows of size bytes, called back whole. */
static int list_rows(store *s, const char *sql, int64_t key, size_t size, store_copy_fn copy,
                     store_call_fn call, const store_cb *cb, gisac_err *err, const char *what)
{
    store_batch b;
    sqlite3_stmt *st;
    int rc = store_batch_init(&b, size, copy, err);
    if (rc == 0 && (rc = store_prepare(s, sql, &st, err, what)) < 0)
        store_batch_free(&b);
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, key);
    return store_batch_each(s, st, STC_NONE, &b, call, cb, err, what);
}

int store_advisory_indicators(store *s, int64_t rev_id, store_advisory_ind_cb cb, void *ctx,
                              gisac_err *err)
{
    store_cb c = STORE_CB(cb, ctx);
    return list_rows(s,
                     "SELECT i.id, i.type, i.value, i.stix_id, i.tlp FROM advisory_indicator x"
                     " JOIN indicator i ON i.id = x.indicator_id"
                     " WHERE x.revision_id = ?1 ORDER BY x.pos",
                     rev_id, sizeof(store_advisory_ind), ind_copy, ind_call, &c, err,
                     "advisory indicators");
}

int store_advisory_cves(store *s, int64_t rev_id, store_advisory_cve_cb cb, void *ctx,
                        gisac_err *err)
{
    store_cb c = STORE_CB(cb, ctx);
    return list_rows(s,
                     "SELECT c.cve, v.stix_id, v.created FROM advisory_cve c"
                     " JOIN advisory_vuln v ON v.cve = c.cve"
                     " WHERE c.revision_id = ?1 ORDER BY c.pos",
                     rev_id, sizeof(store_advisory_cve), cve_copy, cve_call, &c, err,
                     "advisory cves");
}

int store_advisory_recipients(store *s, int64_t rev_id, store_name_cb cb, void *ctx, gisac_err *err)
{
    store_cb c = STORE_CB(cb, ctx);
    return list_rows(s,
                     "SELECT agency FROM advisory_recipient WHERE revision_id = ?1"
                     " ORDER BY agency",
                     rev_id, sizeof(const char *), name_copy, name_call, &c, err,
                     "advisory recipients");
}

int store_advisory_history(store *s, int64_t advisory_id, store_advisory_hist_cb cb, void *ctx,
                           gisac_err *err)
{
    store_cb c = STORE_CB(cb, ctx);
    return list_rows(s,
                     "SELECT revision, published, author FROM advisory_revision"
                     " WHERE advisory_id = ?1 ORDER BY revision",
                     advisory_id, sizeof(store_advisory_hist), hist_copy, hist_call, &c, err,
                     "advisory history");
}

/* The visibility test of a revision r for the viewer (?max, ?rcpt): see store_advisory.h. */
#define ADV_VISIBLE(max, rcpt)                                                                     \
    " (" max " < 0 OR r.tlp <= " max " OR EXISTS (SELECT 1 FROM advisory_recipient v"              \
    " WHERE v.revision_id = r.id AND v.agency = " rcpt "))"

static int iter_rows(store *s, sqlite3_stmt *st, store_advisory_cb cb, void *ctx, gisac_err *err)
{
    store_cb c = STORE_CB(cb, ctx);
    return store_rows(s, st, STC_NONE, row_each, &c, err, "advisories");
}

int store_advisory_iter(store *s, const store_advisory_filter *f, store_advisory_cb cb, void *ctx,
                        gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT " ADV_COLS ADV_FROM " AND r.revision = a.revision"
                           " WHERE (?1 = 0 OR a.year = ?1) AND (?2 IS NULL OR r.severity = ?2)"
                           " AND (?3 = 0 OR a.published >= ?3) AND (?4 = 0 OR a.published < ?4)"
                           " AND (a.year > ?5 OR (a.year = ?5 AND a.seq > ?6)) AND" ADV_VISIBLE(
                               "?7", "?8") " ORDER BY a.year, a.seq LIMIT ?9",
                           &st, err, "advisories");
    if (rc < 0)
        return rc;
    sqlite3_bind_int(st, 1, f->year);
    store_bind_text(st, 2, f->severity);
    sqlite3_bind_int64(st, 3, f->from);
    sqlite3_bind_int64(st, 4, f->to);
    sqlite3_bind_int(st, 5, f->after_year);
    sqlite3_bind_int64(st, 6, f->after_seq);
    sqlite3_bind_int(st, 7, (int)f->max_tlp);
    store_bind_text(st, 8, f->recipient);
    sqlite3_bind_int64(st, 9, f->limit ? (int64_t)f->limit : -1);
    return iter_rows(s, st, cb, ctx, err);
}

int store_advisory_count(store *s, int64_t from, int64_t to, int64_t *n, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT COUNT(*) FROM advisory"
                           " WHERE (?1 = 0 OR published >= ?1) AND (?2 = 0 OR published < ?2)",
                           &st, err, "advisory count");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to);
    return store_int64(s, st, STC_NONE, n, err, "advisory count");
}

/* ---- TAXII reads ---------------------------------------------------------- */

/* The version selection of q on revision r of advisory a (see store_advisory.h). */
#define ADV_VERSIONS                                                                               \
    " ((?3 & 4) <> 0 OR ((?3 & 1) <> 0 AND r.revision = a.revision)"                               \
    " OR ((?3 & 2) <> 0 AND r.revision = 1) OR r.published IN (?4, ?5, ?6, ?7))"

static void bind_taxii(sqlite3_stmt *st, const store_advisory_taxii *q)
{
    sqlite3_bind_int(st, 1, (int)q->max_tlp);
    store_bind_text(st, 2, q->recipient);
    sqlite3_bind_int(st, 3, q->versions);
    for (int i = 0; i < 4; i++) {
        if ((size_t)i < q->ntimes)
            sqlite3_bind_int64(st, 4 + i, q->times[i]);
        else
            sqlite3_bind_null(st, 4 + i);
    }
}

int store_advisory_taxii_revs(store *s, const store_advisory_taxii *q, store_advisory_cb cb,
                              void *ctx, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc =
        store_prepare(s,
                      "SELECT " ADV_COLS ADV_FROM " WHERE" ADV_VISIBLE(
                          "?1", "?2") " AND" ADV_VERSIONS " AND (?8 = 0 OR r.published > ?8)"
                                      " AND (?9 = 0 OR r.published > ?10 OR (r.published = ?10 AND"
                                      " r.id >= ?11))"
                                      " ORDER BY r.published, r.id LIMIT ?12",
                      &st, err, "advisories");
    if (rc < 0)
        return rc;
    bind_taxii(st, q);
    sqlite3_bind_int64(st, 8, q->added_after);
    sqlite3_bind_int(st, 9, q->has_cursor);
    sqlite3_bind_int64(st, 10, q->cursor_published);
    sqlite3_bind_int64(st, 11, q->cursor_rev);
    sqlite3_bind_int64(st, 12, q->limit ? (int64_t)q->limit : -1);
    return iter_rows(s, st, cb, ctx, err);
}

int store_advisory_taxii_by_stix_id(store *s, const store_advisory_taxii *q, const char *stix_id,
                                    store_advisory_cb cb, void *ctx, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT " ADV_COLS ADV_FROM " WHERE a.stix_id = ?8 AND" ADV_VISIBLE(
                               "?1", "?2") " AND" ADV_VERSIONS " ORDER BY r.published, r.id",
                           &st, err, "advisories");
    if (rc < 0)
        return rc;
    bind_taxii(st, q);
    store_bind_text(st, 8, stix_id);
    return iter_rows(s, st, cb, ctx, err);
}

int store_advisory_taxii_citing(store *s, const store_advisory_taxii *q, const char *vuln_stix_id,
                                store_advisory_cb cb, void *ctx, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(
        s,
        "SELECT " ADV_COLS ADV_FROM " WHERE r.id IN (SELECT c.revision_id FROM advisory_vuln x"
        " JOIN advisory_cve c ON c.cve = x.cve WHERE x.stix_id = ?8)"
        " AND" ADV_VISIBLE("?1", "?2") " AND" ADV_VERSIONS " ORDER BY r.published, r.id",
        &st, err, "advisories");
    if (rc < 0)
        return rc;
    bind_taxii(st, q);
    store_bind_text(st, 8, vuln_stix_id);
    return iter_rows(s, st, cb, ctx, err);
}

static int vuln_copy(void *row, gisac_arena *arena, sqlite3_stmt *st)
{
    store_advisory_cve *o = row;
    o->cve = store_col_text(st, 0);
    o->stix_id = store_col_text(st, 1);
    o->created = sqlite3_column_int64(st, 2);
    return store_dup(arena, &o->cve, &o->stix_id, NULL);
}

int store_advisory_vuln_get(store *s, const char *stix_id, store_advisory_cve *out,
                            gisac_arena *arena, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s, "SELECT cve, stix_id, created FROM advisory_vuln WHERE stix_id = ?1",
                           &st, err, "vulnerability");
    if (rc < 0)
        return rc;
    store_bind_text(st, 1, stix_id);
    rc = store_one(s, st, STC_NONE, vuln_copy, out, arena, err, "vulnerability");
    if (rc == GISAC_ENOTFOUND)
        gisac_err_set(err, rc, "vulnerability %s: not found", stix_id);
    return rc;
}
