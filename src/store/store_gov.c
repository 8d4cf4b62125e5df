/*
 * store_gov.c: governance rows (store_gov.h): agencies with their grade's
 * assignment time, obligations done, information systems, assessments
 * and findings. Values are always bound; lists are read into memory
 * before their callbacks run.
 */
#include "store/store_internal.h"

#include <string.h>

/* ---- agencies ---- */

STORE_ROWMAP(gov_agency_rows, store_gov_agency, store_gov_agency_cb, gov_agency_copy, a, "tttttT",
             &a->id, &a->name, &a->sector, &a->grade, &a->parent, &a->since);

int store_gov_agencies(store *s, const char *id, const char *under, store_gov_agency_cb cb,
                       void *ctx, gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT a.id, a.name, a.sector, a.grade, a.parent,"
                      " COALESCE((SELECT MAX(g.since) FROM agency_grade g WHERE g.agency = a.id),"
                      " a.created) FROM agency a"
                      " WHERE (?1 IS NULL OR a.id = ?1)"
                      " AND (?2 IS NULL OR a.id IN (" STORE_AGENCY_UNDER("?2") "))"
                                                                               " ORDER BY a.id",
                      &gov_agency_rows, 1, STORE_CBX(cb, ctx), err, "agencies", "tt", id, under);
}

/* ---- obligations done ---- */

STORE_ROWMAP(done_rows, store_obligation_done, store_obligation_done_cb, done_copy, r, "ItttTtttT",
             &r->id, &r->agency, &r->kind, &r->due, &r->done_at, &r->done_by, &r->note,
             &r->evidence, &r->created);

int store_obligation_done_add(store *s, const store_obligation_done *r, int64_t *id, gisac_err *err)
{
    int rc = store_write(s, STC_NONE,
                         "INSERT INTO obligation_done (agency, kind, due, done_at, done_by, note,"
                         " evidence, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                         err, "obligation done", "tttItttI", r->agency, r->kind, r->due, r->done_at,
                         r->done_by, r->note, r->evidence, r->created);
    if (rc == 0 && id)
        *id = store_last_id(s);
    return rc;
}

int store_obligation_done_of(store *s, const char *agency, const char *kind,
                             store_obligation_done_cb cb, void *ctx, gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT id, agency, kind, due, done_at, done_by, note, evidence, created"
                      " FROM obligation_done WHERE agency = ?1 AND (?2 IS NULL OR kind = ?2)"
                      " ORDER BY kind, due",
                      &done_rows, 1, STORE_CBX(cb, ctx), err, "obligations done", "tt", agency,
                      kind);
}

int store_obligation_reminder_add(store *s, const char *agency, const char *kind, const char *due,
                                  int days, int64_t now, gisac_err *err)
{
    /* a plain INSERT, the same on both backends: a row already there is EEXIST */
    gisac_err e = GISAC_ERR_INIT;
    int rc = store_write(s, STC_NONE,
                         "INSERT INTO obligation_reminder (agency, kind, due, days, sent)"
                         " VALUES (?1, ?2, ?3, ?4, ?5)",
                         &e, "obligation reminder", "tttiI", agency, kind, due, days, now);
    if (rc == GISAC_EEXIST)
        return 0;
    if (rc < 0 && err)
        *err = e;
    return rc < 0 ? rc : 1;
}

/* ---- information systems ---- */

#define SYSTEM_COLS                                                                                \
    "id, agency, name, owner, confidentiality, integrity, availability, legal, created, modified"

STORE_ROWMAP(system_rows, store_system, store_system_cb, system_copy, r, "ItttiiiiTT", &r->id,
             &r->agency, &r->name, &r->owner, &r->c, &r->i, &r->a, &r->legal, &r->created,
             &r->modified);

int store_system_add(store *s, const store_system *r, int64_t *id, gisac_err *err)
{
    int rc = store_write(s, STC_NONE,
                         "INSERT INTO info_system (agency, name, owner, confidentiality, integrity,"
                         " availability, legal, created, modified)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                         err, "information system", "tttiiiiII", r->agency, r->name, r->owner, r->c,
                         r->i, r->a, r->legal, r->created, r->modified);
    if (rc == 0 && id)
        *id = store_last_id(s);
    return rc;
}

int store_system_update(store *s, const store_system *r, gisac_err *err)
{
    return store_write(s, STC_NONE,
                       "UPDATE info_system SET name = ?2, owner = ?3, confidentiality = ?4,"
                       " integrity = ?5, availability = ?6, legal = ?7, modified = ?8"
                       " WHERE id = ?1",
                       err, "information system", "IttiiiiI", r->id, r->name, r->owner, r->c, r->i,
                       r->a, r->legal, r->modified);
}

int store_system_get(store *s, int64_t id, store_system *out, gisac_arena *arena, gisac_err *err)
{
    return store_get(s, STC_NONE, "SELECT " SYSTEM_COLS " FROM info_system WHERE id = ?1",
                     system_copy, out, arena, err, "information system", "I", id);
}

int store_system_list(store *s, const char *agency, const char *under, store_system_cb cb,
                      void *ctx, gisac_err *err)
{
    return store_iter(
        s, STC_NONE,
        "SELECT " SYSTEM_COLS " FROM info_system"
        " WHERE (?1 IS NULL OR agency = ?1)"
        " AND (?2 IS NULL OR agency IN (" STORE_AGENCY_UNDER("?2") "))"
                                                                   " ORDER BY agency, name",
        &system_rows, 1, STORE_CBX(cb, ctx), err, "information systems", "tt", agency, under);
}

/* ---- assessments ---- */

#define ASSESSMENT_COLS                                                                            \
    "id, agency, kind, performed_by, performed_at, scope, report_sha256, obligation_due,"          \
    " created, created_by"

STORE_ROWMAP(assessment_rows, store_assessment, store_assessment_cb, assessment_copy, r,
             "ItttTtttTt", &r->id, &r->agency, &r->kind, &r->performed_by, &r->performed_at,
             &r->scope, &r->report_sha256, &r->obligation_due, &r->created, &r->created_by);

int store_assessment_add(store *s, const store_assessment *r, int64_t *id, gisac_err *err)
{
    int rc = store_write(s, STC_NONE,
                         "INSERT INTO assessment (agency, kind, performed_by, performed_at, scope,"
                         " report_sha256, obligation_due, created, created_by)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                         err, "assessment", "tttItttIt", r->agency, r->kind, r->performed_by,
                         r->performed_at, r->scope, r->report_sha256, r->obligation_due, r->created,
                         r->created_by);
    if (rc == 0 && id)
        *id = store_last_id(s);
    return rc;
}

int store_assessment_get(store *s, int64_t id, store_assessment *out, gisac_arena *arena,
                         gisac_err *err)
{
    return store_get(s, STC_NONE, "SELECT " ASSESSMENT_COLS " FROM assessment WHERE id = ?1",
                     assessment_copy, out, arena, err, "assessment", "I", id);
}

int store_assessment_list(store *s, const char *agency, const char *under, store_assessment_cb cb,
                          void *ctx, gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT " ASSESSMENT_COLS " FROM assessment"
                      " WHERE (?1 IS NULL OR agency = ?1)"
                      " AND (?2 IS NULL OR agency IN (" STORE_AGENCY_UNDER(
                          "?2") "))"
                                " ORDER BY performed_at DESC, id DESC",
                      &assessment_rows, 1, STORE_CBX(cb, ctx), err, "assessments", "tt", agency,
                      under);
}

/* ---- findings ---- */

#define FINDING_COLS                                                                               \
    "id, assessment_id, agency, severity, control, description, plan, due, status, reason,"        \
    " accepted_until, evidence, opened, closed, modified"

STORE_ROWMAP(finding_rows, store_finding, store_finding_cb, finding_copy, r, "IItttttTttTtTTT",
             &r->id, &r->assessment_id, &r->agency, &r->severity, &r->control, &r->description,
             &r->plan, &r->due, &r->status, &r->reason, &r->accepted_until, &r->evidence,
             &r->opened, &r->closed, &r->modified);

int store_finding_add(store *s, const store_finding *r, int64_t *id, gisac_err *err)
{
    int rc =
        store_write(s, STC_NONE,
                    "INSERT INTO finding (assessment_id, agency, severity, control,"
                    " description, plan, due, status, opened, modified)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    err, "finding", "ItttttTtII", r->assessment_id, r->agency, r->severity,
                    r->control, r->description, r->plan, r->due, r->status, r->opened, r->modified);
    if (rc == 0 && id)
        *id = store_last_id(s);
    return rc;
}

int store_finding_update(store *s, const store_finding *r, gisac_err *err)
{
    return store_write(s, STC_NONE,
                       "UPDATE finding SET status = ?2, reason = ?3, accepted_until = ?4,"
                       " evidence = ?5, closed = ?6, modified = ?7 WHERE id = ?1",
                       err, "finding", "IttTtTI", r->id, r->status, r->reason, r->accepted_until,
                       r->evidence, r->closed, r->modified);
}

int store_finding_get(store *s, int64_t id, store_finding *out, gisac_arena *arena, gisac_err *err)
{
    return store_get(s, STC_NONE, "SELECT " FINDING_COLS " FROM finding WHERE id = ?1",
                     finding_copy, out, arena, err, "finding", "I", id);
}

int store_finding_list(store *s, int64_t assessment, const char *agency, const char *under,
                       const char *status, store_finding_cb cb, void *ctx, gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT " FINDING_COLS " FROM finding"
                      " WHERE (?1 = 0 OR assessment_id = ?1) AND (?2 IS NULL OR agency = ?2)"
                      " AND (?3 IS NULL OR agency IN (" STORE_AGENCY_UNDER(
                          "?3") "))"
                                " AND (?4 IS NULL OR status = ?4) ORDER BY id",
                      &finding_rows, 1, STORE_CBX(cb, ctx), err, "findings", "Ittt", assessment,
                      agency, under, status);
}

typedef struct count_row {
    const char *group, *status;
    int64_t n, open_seconds;
} count_row;

static int count_copy(void *row, gisac_arena *arena, store_statement *st)
{
    count_row *r = row;
    int rc = store_cols(st, 0, arena, "ttII", &r->group, &r->status, &r->n, &r->open_seconds);
    if (!r->group)
        r->group = "";
    return rc;
}

static int count_call(const store_cb *cb, const void *row)
{
    const count_row *r = row;
    return ((store_finding_count_cb)cb->fn)(cb->ctx, r->group, r->status, r->n, r->open_seconds);
}

static const store_rowtype count_rows = {sizeof(count_row), count_copy, count_call};

int store_finding_counts(store *s, const char *by, int64_t now, store_finding_count_cb cb,
                         void *ctx, gisac_err *err)
{
    /* the group expression is one of four constant texts, never the caller's */
    const char *sql;
    if (strcmp(by, "grade") == 0)
        sql = "SELECT a.grade, f.status, COUNT(*), SUM(COALESCE(f.closed, ?1) - f.opened)"
              " FROM finding f JOIN agency a ON a.id = f.agency GROUP BY 1, 2 ORDER BY 1, 2";
    else if (strcmp(by, "sector") == 0)
        sql = "SELECT a.sector, f.status, COUNT(*), SUM(COALESCE(f.closed, ?1) - f.opened)"
              " FROM finding f JOIN agency a ON a.id = f.agency GROUP BY 1, 2 ORDER BY 1, 2";
    else if (strcmp(by, "control") == 0)
        sql = "SELECT f.control, f.status, COUNT(*), SUM(COALESCE(f.closed, ?1) - f.opened)"
              " FROM finding f GROUP BY 1, 2 ORDER BY 1, 2";
    else if (strcmp(by, "severity") == 0)
        sql = "SELECT f.severity, f.status, COUNT(*), SUM(COALESCE(f.closed, ?1) - f.opened)"
              " FROM finding f GROUP BY 1, 2 ORDER BY 1, 2";
    else
        return gisac_err_set(err, GISAC_EINVAL, "findings counted by '%s'", by);
    return store_iter(s, STC_NONE, sql, &count_rows, 1, STORE_CBX(cb, ctx), err, "finding counts",
                      "I", now);
}
