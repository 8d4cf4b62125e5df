/*
 * store_scap.c: SCAP scans and their rule results (store_scap.h). Values
 * are always bound; lists are read into memory before their callbacks run.
 */
#include "store/store_internal.h"

#include <string.h>

#define SCAN_COLS                                                                                  \
    "s.id, s.agency, s.host, s.benchmark, s.profile, s.test_result, s.started, s.finished,"        \
    " COALESCE(s.score_milli, -1), s.sha256, s.imported, s.imported_by"

/* The latest scan of each (agency, host, benchmark, profile) among those of ?1 / ?2. */
#define LATEST_SCANS                                                                               \
    "SELECT id FROM (SELECT s.id, ROW_NUMBER() OVER (PARTITION BY s.agency, s.host,"               \
    " s.benchmark, COALESCE(s.profile, '') ORDER BY COALESCE(s.finished, 0) DESC, s.id DESC)"      \
    " AS rn FROM scap_scan s WHERE (?1 IS NULL OR s.agency = ?1)"                                  \
    " AND (?2 IS NULL OR s.agency IN (" STORE_AGENCY_UNDER("?2") "))) AS latest_ WHERE rn = 1"

STORE_ROWMAP(scan_rows, store_scap_scan, store_scap_scan_cb, scan_copy, r, "ItttttTTItTt", &r->id,
             &r->agency, &r->host, &r->benchmark, &r->profile, &r->test_result, &r->started,
             &r->finished, &r->score_milli, &r->sha256, &r->imported, &r->imported_by);

int store_scap_scan_add(store *s, const store_scap_scan *r, int64_t pass, int64_t fail,
                        int64_t other, int64_t *id, gisac_err *err)
{
    int rc = store_write(s, STC_NONE,
                         "INSERT INTO scap_scan (agency, host, benchmark, profile, test_result,"
                         " started, finished, score_milli, sha256, imported, imported_by,"
                         " n_pass, n_fail, n_other) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                         " NULLIF(?8, -1), ?9, ?10, ?11, ?12, ?13, ?14)",
                         err, "SCAP scan", "tttttTTItItIII", r->agency, r->host, r->benchmark,
                         r->profile, r->test_result, r->started, r->finished, r->score_milli,
                         r->sha256, r->imported, r->imported_by, pass, fail, other);
    if (rc == 0 && id)
        *id = store_last_id(s);
    if (rc == 0)
        rc = store_write(
            s, STC_NONE,
            "UPDATE scap_scan SET latest = CASE WHEN id = (SELECT t.id FROM scap_scan t"
            " WHERE t.agency = ?1 AND t.host = ?2 AND t.benchmark = ?3"
            " AND COALESCE(t.profile, '') = COALESCE(?4, '') ORDER BY "
            "COALESCE(t.finished, 0) DESC, t.id DESC"
            " LIMIT 1) THEN 1 ELSE 0 END WHERE agency = ?1 AND host = ?2"
            " AND benchmark = ?3"
            " AND COALESCE(profile, '') = COALESCE(?4, '')",
            err, "SCAP latest scan", "tttt", r->agency, r->host, r->benchmark, r->profile);
    return rc;
}

int store_scap_result_add(store *s, int64_t scan, const char *rule, int code, const char *severity,
                          gisac_err *err)
{
    return store_write(s, STC_NONE,
                       "INSERT INTO scap_result (scan_id, rule, code, severity)"
                       " VALUES (?1, ?2, ?3, ?4)",
                       err, "SCAP rule result", "Itit", scan, rule, code, severity);
}

int store_scap_scans(store *s, const char *agency, const char *under, const char *host, int latest,
                     store_scap_scan_cb cb, void *ctx, gisac_err *err)
{
    return store_iter(
        s, STC_NONE,
        "SELECT " SCAN_COLS " FROM scap_scan s"
        " WHERE (?1 IS NULL OR s.agency = ?1)"
        " AND (?2 IS NULL OR s.agency IN (" STORE_AGENCY_UNDER(
            "?2") "))"
                  " AND (?3 IS NULL OR s.host = ?3)"
                  " AND (?4 = 0 OR s.id IN (" LATEST_SCANS "))"
                  " ORDER BY s.agency, s.host, COALESCE(s.finished, 0) DESC, s.id DESC",
        &scan_rows, 1, STORE_CBX(cb, ctx), err, "SCAP scans", "ttti", agency, under, host, latest);
}

typedef struct pair_row {
    const char *a, *b, *c;
    int64_t n[4];
} pair_row;

STORE_COPY(count_copy, pair_row, r, "II", &r->n[1], &r->n[0])

static int count_call(const store_cb *cb, const void *row)
{
    const pair_row *r = row;
    return ((store_scap_count_cb)cb->fn)(cb->ctx, (int)r->n[1], r->n[0]);
}

static const store_rowtype count_rows = {sizeof(pair_row), count_copy, count_call};

int store_scap_counts(store *s, int64_t scan, store_scap_count_cb cb, void *ctx, gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT code, COUNT(*) FROM scap_result WHERE scan_id = ?1"
                      " GROUP BY code ORDER BY code",
                      &count_rows, 1, STORE_CBX(cb, ctx), err, "SCAP counts", "I", scan);
}

STORE_COPY(result_copy, pair_row, r, "tIt", &r->a, &r->n[0], &r->c)

static int result_call(const store_cb *cb, const void *row)
{
    const pair_row *r = row;
    return ((store_scap_code_cb)cb->fn)(cb->ctx, r->a, (int)r->n[0], r->c);
}

static const store_rowtype result_rows = {sizeof(pair_row), result_copy, result_call};

int store_scap_results(store *s, int64_t scan, int code, store_scap_code_cb cb, void *ctx,
                       gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT rule, code, severity FROM scap_result WHERE scan_id = ?1"
                      " AND (?2 < 0 OR code = ?2) ORDER BY rule",
                      &result_rows, 1, STORE_CBX(cb, ctx), err, "SCAP results", "Ii", scan, code);
}

static int share_copy(void *row, gisac_arena *arena, store_statement *st)
{
    pair_row *r = row;
    int rc = store_cols(st, 0, arena, "tIIII", &r->a, &r->n[0], &r->n[1], &r->n[2], &r->n[3]);
    if (!r->a)
        r->a = "";
    return rc;
}

static int share_call(const store_cb *cb, const void *row)
{
    const pair_row *r = row;
    return ((store_scap_share_cb)cb->fn)(cb->ctx, r->a, r->n[0], r->n[1], r->n[2], r->n[3]);
}

static const store_rowtype share_rows = {sizeof(pair_row), share_copy, share_call};

int store_scap_shares(store *s, const char *by, const char *agency, const char *under,
                      store_scap_share_cb cb, void *ctx, gisac_err *err)
{
    /*
     * The grouping is one of two constant texts, never the caller's. Per
     * rule: "+r.scan_id" keeps the planner off scan_id's side of the index
     * (a skip-scan 50 times slower once ANALYZE has run), so it reads the
     * covering index (rule, scan_id, code) in rule order, no sort.
     */
    const char *sql;
    if (strcmp(by, "rule") == 0)
        sql = "SELECT r.rule, SUM(CASE WHEN r.code IN (0, 8) THEN 1 ELSE 0 END),"
              " SUM(CASE WHEN r.code = 1 THEN 1 ELSE 0 END),"
              " SUM(CASE WHEN r.code IN (2, 3) THEN 1 ELSE 0 END),"
              " COUNT(*) FROM scap_result r"
              " WHERE +r.scan_id IN (" LATEST_SCANS ") GROUP BY r.rule ORDER BY r.rule";
    else if (strcmp(by, "agency") == 0)
        sql = "SELECT agency || '\t' || benchmark || '\t' || COALESCE(profile, ''),"
              " SUM(n_pass), SUM(n_fail), SUM(n_other), COUNT(*) FROM scap_scan"
              " WHERE id IN (" LATEST_SCANS ") GROUP BY 1 ORDER BY 1";
    else
        return gisac_err_set(err, GISAC_EINVAL, "SCAP shares by '%s'", by);
    return store_iter(s, STC_NONE, sql, &share_rows, 1, STORE_CBX(cb, ctx), err, "SCAP shares",
                      "tt", agency, under);
}
