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

static const char *col_dup(sqlite3_stmt *st, int i, gisac_arena *a, int *oom)
{
    const char *t = store_col_text(st, i);
    if (!t)
        return NULL;
    char *d = gisac_arena_strndup(a, t, (size_t)sqlite3_column_bytes(st, i));
    if (!d)
        *oom = 1;
    return d;
}

static int run(store *s, sqlite3_stmt *st, gisac_err *err, const char *what)
{
    int rc = sqlite3_step(st);
    rc = rc == SQLITE_DONE ? 0 : store_db_err(s, err, what);
    sqlite3_finalize(st);
    return rc;
}

static void evidence_row(sqlite3_stmt *st, store_evidence *o, gisac_arena *arena, int *oom)
{
    memset(o, 0, sizeof *o);
#define TXT(f, i) o->f = arena ? col_dup(st, i, arena, oom) : store_col_text(st, i)
    o->id = sqlite3_column_int64(st, 0);
    o->incident_id = sqlite3_column_int64(st, 1);
    TXT(ref, 2);
    TXT(agency, 3);
    o->n = sqlite3_column_int(st, 4);
    TXT(kind, 5);
    TXT(sha256, 6);
    o->size = sqlite3_column_int64(st, 7);
    TXT(name, 8);
    TXT(note, 9);
    TXT(acquired_by, 10);
    o->acquired_at = sqlite3_column_int64(st, 11);
    TXT(custodian, 12);
    o->created = sqlite3_column_int64(st, 13);
#undef TXT
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
        if ((rc = run(s, st, err, "evidence")) == 0) {
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
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        rc = rc == SQLITE_DONE ? gisac_err_set(err, GISAC_ENOTFOUND, "evidence %d: not found", n)
                               : store_db_err(s, err, "evidence");
        sqlite3_finalize(st);
        return rc;
    }
    int oom = 0;
    evidence_row(st, out, arena, &oom);
    sqlite3_finalize(st);
    return oom ? gisac_err_set(err, GISAC_ENOMEM, "out of memory") : 0;
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
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_evidence ev;
        evidence_row(st, &ev, NULL, NULL);
        if (cb(ctx, &ev) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    rc = rc == SQLITE_DONE ? 0 : store_db_err(s, err, "evidence");
    sqlite3_finalize(st);
    return rc;
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
    rc = run(s, st, err, "evidence");
    if (rc == 0 && sqlite3_changes(store_db(s)) == 0)
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
    rc = run(s, st, err, "custody");
    if (rc == 0)
        c->seq = sqlite3_last_insert_rowid(store_db(s));
    return rc;
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
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_custody c = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                           sqlite3_column_int64(st, 2), store_col_text(st, 3),
                           store_col_text(st, 4),       store_col_text(st, 5),
                           store_col_text(st, 6)};
        if (cb(ctx, &c) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    rc = rc == SQLITE_DONE ? 0 : store_db_err(s, err, "custody");
    sqlite3_finalize(st);
    return rc;
}
