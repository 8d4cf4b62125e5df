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

/* A row of ADV_COLS (a store_copy_fn). */
static int row_copy(void *row, gisac_arena *arena, store_statement *st)
{
    store_advisory *o = row;
    o->tlp = (gisac_tlp)st_col_int(st, 11);
    return store_cols(st, 0, arena, "IttiIIiIitt-tttI", &o->id, &o->ref, &o->stix_id, &o->year,
                      &o->seq, &o->published, &o->latest, &o->rev_id, &o->revision, &o->title,
                      &o->severity, &o->body, &o->lang, &o->author, &o->rev_published);
}

STORE_ROWTYPE(advisory_rows, store_advisory, row_copy, store_advisory_cb);

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
    if (rc == 0)
        rc = store_write(s, STC_NONE,
                         "INSERT INTO advisory (ref, stix_id, year, seq, revision, published)"
                         " VALUES (?1, ?2, ?3, ?4, 0, ?5)",
                         err, "advisory", "ttiII", a->ref, a->stix_id, a->year, a->seq,
                         a->published);
    if (rc == 0)
        a->id = store_last_id(s);
    return store_atomic_end(s, own, rc, err);
}

static int insert_list(store *s, const char *sql, int64_t rev_id, const int64_t *ids,
                       const char *const *texts, size_t n, gisac_err *err)
{
    if (n == 0)
        return 0;
    store_statement *st;
    int rc = store_prepare(s, sql, &st, err, "advisory");
    for (size_t i = 0; rc == 0 && i < n; i++) {
        st_reset(st); /* one statement, a row per value */
        st_bind_int64(st, 1, rev_id);
        st_bind_int64(st, 2, (int64_t)i);
        if (ids)
            st_bind_int64(st, 3, ids[i]);
        else
            store_bind_text(st, 3, texts[i]);
        if (st_step(st) != STORE_DONE)
            rc = store_db_err(s, err, "advisory");
    }
    st_finalize(st);
    return rc;
}

/* The revision row and its lists (store_advisory_revision_insert, inside its unit). */
static int revision_rows(store *s, store_advisory *a, const int64_t *indicator_ids,
                         size_t nindicators, const char *const *cves, size_t ncves,
                         const char *const *recipients, size_t nrecipients, gisac_err *err)
{
    int rc = store_write(s, STC_NONE,
                         "INSERT INTO advisory_revision (advisory_id, revision, title, severity,"
                         " tlp, body, lang, author, published)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                         err, "advisory revision", "IittitttI", a->id, a->revision, a->title,
                         a->severity, (int)a->tlp, a->body, a->lang, a->author, a->rev_published);
    if (rc < 0)
        return rc;
    a->rev_id = store_last_id(s);
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
    return store_write(s, STC_NONE, "UPDATE advisory SET revision = ?2 WHERE id = ?1", err,
                       "advisory", "Ii", a->id, a->revision);
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
    return store_write(s, STC_NONE,
                       "INSERT INTO advisory_vuln (cve, stix_id, created) VALUES (?1, ?2, ?3)"
                       " ON CONFLICT (cve) DO NOTHING",
                       err, "vulnerability", "ttI", cve, stix_id, created);
}

/* ---- reads ---------------------------------------------------------------- */

/* A missing advisory as "advisory <what>: not found". */
static int advisory_found(int rc, gisac_err *err, const char *what)
{
    if (rc == GISAC_ENOTFOUND)
        gisac_err_set(err, rc, "advisory %s: not found", what);
    return rc;
}

int store_advisory_get(store *s, const char *ref, int revision, store_advisory *out,
                       gisac_arena *arena, gisac_err *err)
{
    int rc = store_get(s, STC_NONE,
                       "SELECT " ADV_COLS ADV_FROM
                       " WHERE a.ref = ?1 AND r.revision = CASE WHEN ?2 = 0 THEN a.revision"
                       " ELSE ?2 END",
                       row_copy, out, arena, err, "advisory", "ti", ref, revision);
    if (rc == GISAC_ENOTFOUND && revision)
        return gisac_err_set(err, rc, "advisory %s revision %d: not found", ref, revision);
    return advisory_found(rc, err, ref);
}

int store_advisory_get_rev(store *s, int64_t rev_id, store_advisory *out, gisac_arena *arena,
                           gisac_err *err)
{
    int rc = store_get(s, STC_NONE, "SELECT " ADV_COLS ADV_FROM " WHERE r.id = ?1", row_copy, out,
                       arena, err, "advisory", "I", rev_id);
    return advisory_found(rc, err, "revision");
}

/* The lists of a revision are small: read whole, then called back with no statement open. */

static int ind_copy(void *row, gisac_arena *arena, store_statement *st)
{
    store_advisory_ind *r = row;
    if (ioc_type_from_name(store_col_text(st, 1), &r->type) < 0)
        r->type = IOC_AUTO;
    r->tlp = (gisac_tlp)st_col_int(st, 4);
    return store_cols(st, 0, arena, "I-tt", &r->indicator_id, &r->value, &r->stix_id);
}

STORE_ROWMAP(cve_rows, store_advisory_cve, store_advisory_cve_cb, cve_copy, v, "ttI", &v->cve,
             &v->stix_id, &v->created);

STORE_ROWMAP(hist_rows, store_advisory_hist, store_advisory_hist_cb, hist_copy, h, "iIt",
             &h->revision, &h->published, &h->author);

STORE_ROWTYPE(ind_rows, store_advisory_ind, ind_copy, store_advisory_ind_cb);

int store_advisory_indicators(store *s, int64_t rev_id, store_advisory_ind_cb cb, void *ctx,
                              gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT i.id, i.type, i.value, i.stix_id, i.tlp FROM advisory_indicator x"
                      " JOIN indicator i ON i.id = x.indicator_id"
                      " WHERE x.revision_id = ?1 ORDER BY x.pos",
                      &ind_rows, 1, STORE_CBX(cb, ctx), err, "advisory indicators", "I", rev_id);
}

int store_advisory_cves(store *s, int64_t rev_id, store_advisory_cve_cb cb, void *ctx,
                        gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT c.cve, v.stix_id, v.created FROM advisory_cve c"
                      " JOIN advisory_vuln v ON v.cve = c.cve"
                      " WHERE c.revision_id = ?1 ORDER BY c.pos",
                      &cve_rows, 1, STORE_CBX(cb, ctx), err, "advisory cves", "I", rev_id);
}

int store_advisory_recipients(store *s, int64_t rev_id, store_name_cb cb, void *ctx, gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT agency FROM advisory_recipient WHERE revision_id = ?1"
                      " ORDER BY agency",
                      &store_name_rows, 1, STORE_CBX(cb, ctx), err, "advisory recipients", "I",
                      rev_id);
}

int store_advisory_history(store *s, int64_t advisory_id, store_advisory_hist_cb cb, void *ctx,
                           gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT revision, published, author FROM advisory_revision"
                      " WHERE advisory_id = ?1 ORDER BY revision",
                      &hist_rows, 1, STORE_CBX(cb, ctx), err, "advisory history", "I", advisory_id);
}

/* The visibility test of a revision r for the viewer (?max, ?rcpt): see store_advisory.h. */
#define ADV_VISIBLE(max, rcpt)                                                                     \
    " (" max " < 0 OR r.tlp <= " max " OR EXISTS (SELECT 1 FROM advisory_recipient v"              \
    " WHERE v.revision_id = r.id AND v.agency = " rcpt "))"

int store_advisory_iter(store *s, const store_advisory_filter *f, store_advisory_cb cb, void *ctx,
                        gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT " ADV_COLS ADV_FROM " AND r.revision = a.revision"
                      " WHERE (?1 = 0 OR a.year = ?1) AND (?2 IS NULL OR r.severity = ?2)"
                      " AND (?3 = 0 OR a.published >= ?3) AND (?4 = 0 OR a.published < ?4)"
                      " AND (a.year > ?5 OR (a.year = ?5 AND a.seq > ?6)) AND" ADV_VISIBLE(
                          "?7", "?8") " ORDER BY a.year, a.seq LIMIT ?9",
                      &advisory_rows, 0, STORE_CBX(cb, ctx), err, "advisories", "itIIiIitI",
                      f->year, f->severity, f->from, f->to, f->after_year, f->after_seq,
                      (int)f->max_tlp, f->recipient, f->limit ? (int64_t)f->limit : INT64_MAX);
}

int store_advisory_count(store *s, int64_t from, int64_t to, int64_t *n, gisac_err *err)
{
    return store_value(s, STC_NONE,
                       "SELECT COUNT(*) FROM advisory"
                       " WHERE (?1 = 0 OR published >= ?1) AND (?2 = 0 OR published < ?2)",
                       n, err, "advisory count", "II", from, to);
}

/* ---- TAXII reads ---------------------------------------------------------- */

/* The version selection of q on revision r of advisory a (see store_advisory.h). */
#define ADV_VERSIONS                                                                               \
    " ((?3 & 4) <> 0 OR ((?3 & 1) <> 0 AND r.revision = a.revision)"                               \
    " OR ((?3 & 2) <> 0 AND r.revision = 1) OR r.published IN (?4, ?5, ?6, ?7))"

/*
 * The selected revisions of sql, by q's viewer and versions (?1 .. ?7),
 * key a text (?8, when not NULL), and with a page's bounds (?8 .. ?12) when page is set.
 */
static int taxii_revs(store *s, const char *sql, const store_advisory_taxii *q, const char *key,
                      int page, store_advisory_cb cb, void *ctx, gisac_err *err)
{
    store_statement *st;
    int rc = store_query(s, STC_NONE, sql, &st, err, "advisories", "iti", (int)q->max_tlp,
                         q->recipient, q->versions);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < 4 && i < q->ntimes; i++)
        st_bind_int64(st, 4 + (int)i, q->times[i]);
    if (key)
        store_bind_text(st, 8, key);
    if (page) {
        st_bind_int64(st, 8, q->added_after);
        st_bind_int(st, 9, q->has_cursor);
        st_bind_int64(st, 10, q->cursor_published);
        st_bind_int64(st, 11, q->cursor_rev);
        st_bind_int64(st, 12, q->limit ? (int64_t)q->limit : INT64_MAX);
    }
    return store_stream(s, st, STC_NONE, &advisory_rows, STORE_CBX(cb, ctx), err, "advisories");
}

int store_advisory_taxii_revs(store *s, const store_advisory_taxii *q, store_advisory_cb cb,
                              void *ctx, gisac_err *err)
{
    return taxii_revs(s,
                      "SELECT " ADV_COLS ADV_FROM " WHERE" ADV_VISIBLE(
                          "?1", "?2") " AND" ADV_VERSIONS " AND (?8 = 0 OR r.published > ?8)"
                                      " AND (?9 = 0 OR r.published > ?10 OR (r.published = ?10 AND"
                                      " r.id >= ?11))"
                                      " ORDER BY r.published, r.id LIMIT ?12",
                      q, NULL, 1, cb, ctx, err);
}

int store_advisory_taxii_by_stix_id(store *s, const store_advisory_taxii *q, const char *stix_id,
                                    store_advisory_cb cb, void *ctx, gisac_err *err)
{
    return taxii_revs(s,
                      "SELECT " ADV_COLS ADV_FROM " WHERE a.stix_id = ?8 AND" ADV_VISIBLE(
                          "?1", "?2") " AND" ADV_VERSIONS " ORDER BY r.published, r.id",
                      q, stix_id, 0, cb, ctx, err);
}

int store_advisory_taxii_citing(store *s, const store_advisory_taxii *q, const char *vuln_stix_id,
                                store_advisory_cb cb, void *ctx, gisac_err *err)
{
    return taxii_revs(
        s,
        "SELECT " ADV_COLS ADV_FROM " WHERE r.id IN (SELECT c.revision_id FROM advisory_vuln x"
        " JOIN advisory_cve c ON c.cve = x.cve WHERE x.stix_id = ?8)"
        " AND" ADV_VISIBLE("?1", "?2") " AND" ADV_VERSIONS " ORDER BY r.published, r.id",
        q, vuln_stix_id, 0, cb, ctx, err);
}

STORE_COPY(vuln_copy, store_advisory_cve, o, "ttI", &o->cve, &o->stix_id, &o->created)

int store_advisory_vuln_get(store *s, const char *stix_id, store_advisory_cve *out,
                            gisac_arena *arena, gisac_err *err)
{
    int rc =
        store_get(s, STC_NONE, "SELECT cve, stix_id, created FROM advisory_vuln WHERE stix_id = ?1",
                  vuln_copy, out, arena, err, "vulnerability", "t", stix_id);
    if (rc == GISAC_ENOTFOUND)
        gisac_err_set(err, rc, "vulnerability %s: not found", stix_id);
    return rc;
}
