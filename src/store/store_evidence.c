/*
 * store_evidence.c: the evidence and evidence_custody tables (schema
 * version 7; see store_incident.h). The files themselves live outside
 * the database (src/incident/evidence.c); these rows record their hash,
 * size, acquisition and chain of custody.
 */
#include "store/store_internal.h"

#include <string.h>

#define EVIDENCE_COLS                                                                              \
    "e.id, e.incident_id, i.ref, i.agency, e.n, e.kind, e.sha256, e.size, e.name, e.note,"         \
    " e.acquired_by, e.acquired_at, e.custodian, e.created"

static void evidence_row(sqlite3_stmt *st, store_evidence *o)
{
    memset(o, 0, sizeof *o);
    o->id = sqlite3_column_int64(st, 0);
    o->incident_id = sqlite3_column_int64(st, 1);
    o->ref = store_col_text(st, 2);
    o->agency = store_col_text(st, 3);
    o->n = sqlite3_column_int(st, 4);
    o->kind = store_col_text(st, 5);
    o->sha256 = store_col_text(st, 6);
    o->size = sqlite3_column_int64(st, 7);
    o->name = store_col_text(st, 8);
    o->note = store_col_text(st, 9);
    o->acquired_by = store_col_text(st, 10);
    o->acquired_at = sqlite3_column_int64(st, 11);
    o->custodian = store_col_text(st, 12);
    o->created = sqlite3_column_int64(st, 13);
}

static int evidence_copy(void *row, gisac_arena *arena, sqlite3_stmt *st)
{
    store_evidence *o = row;
    evidence_row(st, o);
    return store_dup(arena, &o->ref, &o->agency, &o->kind, &o->sha256, &o->name, &o->note,
                     &o->acquired_by, &o->custodian, NULL);
}

static int evidence_each(void *ctx, sqlite3_stmt *st)
{
    store_cb *c = ctx;
    store_evidence ev;
    evidence_row(st, &ev);
    return ((store_evidence_cb)c->fn)(c->ctx, &ev) != 0;
}

int store_evidence_insert(store *s, store_evidence *ev, gisac_err *err)
{
    int own, rc = store_atomic_begin(s, &own, err);
    int64_t n = 0;
    if (rc == 0)
        rc = store_number_next(s, "evidence", ev->incident_id, &n, err);
    sqlite3_stmt *st = NULL;
    if (rc == 0)
        rc = store_prepare(s,
                           "INSERT INTO evidence (incident_id, n, kind, sha256, size, name, note,"
                           " acquired_by, acquired_at, custodian, created)"
                           " VALUES (?1, ?11, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                           &st, err, "evidence");
    if (rc == 0) {
        sqlite3_bind_int64(st, 1, ev->incident_id);
        store_bind_text(st, 2, ev->kind);
        store_bind_text(st, 3, ev->sha256);
        sqlite3_bind_int64(st, 4, ev->size);
        store_bind_text(st, 5, ev->name);
        store_bind_text(st, 6, ev->note);
        store_bind_text(st, 7, ev->acquired_by);
        sqlite3_bind_int64(st, 8, ev->acquired_at);
        store_bind_text(st, 9, ev->custodian);
        sqlite3_bind_int64(st, 10, ev->created);
        sqlite3_bind_int64(st, 11, n);
        if ((rc = store_run(s, st, STC_NONE, err, "evidence")) == 0) {
            ev->id = sqlite3_last_insert_rowid(store_db(s));
            ev->n = (int)n;
        }
    }
    return store_atomic_end(s, own, rc, err);
}

int store_evidence_get(store *s, int64_t incident_id, int n, store_evidence *out,
                       gisac_arena *arena, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT " EVIDENCE_COLS " FROM evidence e JOIN incident i"
                           " ON i.id = e.incident_id WHERE e.incident_id = ?1 AND e.n = ?2",
                           &st, err, "evidence");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, incident_id);
    sqlite3_bind_int(st, 2, n);
    rc = store_one(s, st, STC_NONE, evidence_copy, out, arena, err, "evidence");
    if (rc == GISAC_ENOTFOUND)
        gisac_err_set(err, rc, "evidence %d: not found", n);
    return rc;
}

int store_evidence_iter(store *s, int64_t incident_id, const char *agency, store_evidence_cb cb,
                        void *ctx, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT " EVIDENCE_COLS " FROM evidence e JOIN incident i"
                           " ON i.id = e.incident_id WHERE (?1 = 0 OR e.incident_id = ?1)"
                           " AND (?2 IS NULL OR i.agency = ?2) ORDER BY i.year, i.seq, e.n",
                           &st, err, "evidence");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, incident_id);
    store_bind_text(st, 2, agency);
    store_cb c = STORE_CB(cb, ctx);
    return store_rows(s, st, STC_NONE, evidence_each, &c, err, "evidence");
}

int store_evidence_set_custodian(store *s, int64_t id, const char *custodian, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc =
        store_prepare(s, "UPDATE evidence SET custodian = ?2 WHERE id = ?1", &st, err, "evidence");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, custodian);
    rc = store_run(s, st, STC_NONE, err, "evidence");
    if (rc == 0 && store_changes(s) == 0)
        return gisac_err_set(err, GISAC_ENOTFOUND, "evidence #%lld: not found", (long long)id);
    return rc;
}

int store_custody_add(store *s, store_custody *c, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "INSERT INTO evidence_custody (evidence_id, ts, from_party, to_party,"
                           " reason, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           &st, err, "custody");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, c->evidence_id);
    sqlite3_bind_int64(st, 2, c->ts);
    store_bind_text(st, 3, c->from);
    store_bind_text(st, 4, c->to);
    store_bind_text(st, 5, c->reason);
    store_bind_text(st, 6, store_actor(s));
    rc = store_run(s, st, STC_NONE, err, "custody");
    if (rc == 0)
        c->seq = sqlite3_last_insert_rowid(store_db(s));
    return rc;
}

static int custody_each(void *ctx, sqlite3_stmt *st)
{
    store_cb *c = ctx;
    store_custody cu = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                        sqlite3_column_int64(st, 2), store_col_text(st, 3),
                        store_col_text(st, 4),       store_col_text(st, 5),
                        store_col_text(st, 6)};
    return ((store_custody_cb)c->fn)(c->ctx, &cu) != 0;
}

int store_custody_iter(store *s, int64_t evidence_id, store_custody_cb cb, void *ctx,
                       gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT seq, evidence_id, ts, from_party, to_party, reason, actor"
                           " FROM evidence_custody WHERE evidence_id = ?1 ORDER BY seq",
                           &st, err, "custody");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, evidence_id);
    store_cb c = STORE_CB(cb, ctx);
    return store_rows(s, st, STC_NONE, custody_each, &c, err, "custody");
}
