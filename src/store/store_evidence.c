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
#define EVIDENCE_FROM " FROM evidence e JOIN incident i ON i.id = e.incident_id"

STORE_ROWMAP(evidence_rows, store_evidence, store_evidence_cb, evidence_copy, o, "IIttittItttItI",
             &o->id, &o->incident_id, &o->ref, &o->agency, &o->n, &o->kind, &o->sha256, &o->size,
             &o->name, &o->note, &o->acquired_by, &o->acquired_at, &o->custodian, &o->created);

int store_evidence_insert(store *s, store_evidence *ev, gisac_err *err)
{
    int own, rc = store_atomic_begin(s, &own, err);
    int64_t n = 0;
    if (rc == 0)
        rc = store_number_next(s, "evidence", ev->incident_id, &n, err);
    if (rc == 0)
        rc = store_write(s, STC_NONE,
                         "INSERT INTO evidence (incident_id, n, kind, sha256, size, name, note,"
                         " acquired_by, acquired_at, custodian, created)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                         err, "evidence", "IIttItttItI", ev->incident_id, n, ev->kind, ev->sha256,
                         ev->size, ev->name, ev->note, ev->acquired_by, ev->acquired_at,
                         ev->custodian, ev->created);
    if (rc == 0) {
        ev->id = store_last_id(s);
        ev->n = (int)n;
    }
    return store_atomic_end(s, own, rc, err);
}

int store_evidence_get(store *s, int64_t incident_id, int n, store_evidence *out,
                       gisac_arena *arena, gisac_err *err)
{
    int rc = store_get(
        s, STC_NONE, "SELECT " EVIDENCE_COLS EVIDENCE_FROM " WHERE e.incident_id = ?1 AND e.n = ?2",
        evidence_copy, out, arena, err, "evidence", "Ii", incident_id, n);
    if (rc == GISAC_ENOTFOUND)
        gisac_err_set(err, rc, "evidence %d: not found", n);
    return rc;
}

int store_evidence_iter(store *s, int64_t incident_id, const char *agency, store_evidence_cb cb,
                        void *ctx, gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT " EVIDENCE_COLS EVIDENCE_FROM " WHERE (?1 = 0 OR e.incident_id = ?1)"
                      " AND (?2 IS NULL OR i.agency = ?2) ORDER BY i.year, i.seq, e.n",
                      &evidence_rows, 0, STORE_CBX(cb, ctx), err, "evidence", "It", incident_id,
                      agency);
}

int store_evidence_set_custodian(store *s, int64_t id, const char *custodian, gisac_err *err)
{
    int rc = store_write(s, STC_NONE, "UPDATE evidence SET custodian = ?2 WHERE id = ?1", err,
                         "evidence", "It", id, custodian);
    if (rc == 0 && store_changes(s) == 0)
        return gisac_err_set(err, GISAC_ENOTFOUND, "evidence #%lld: not found", (long long)id);
    return rc;
}

int store_custody_add(store *s, store_custody *c, gisac_err *err)
{
    int rc = store_write(s, STC_NONE,
                         "INSERT INTO evidence_custody (evidence_id, ts, from_party, to_party,"
                         " reason, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                         err, "custody", "IItttt", c->evidence_id, c->ts, c->from, c->to, c->reason,
                         store_actor(s));
    if (rc == 0)
        c->seq = store_last_id(s);
    return rc;
}

STORE_ROWMAP(custody_rows, store_custody, store_custody_cb, custody_copy, c, "IIItttt", &c->seq,
             &c->evidence_id, &c->ts, &c->from, &c->to, &c->reason, &c->actor);

int store_custody_iter(store *s, int64_t evidence_id, store_custody_cb cb, void *ctx,
                       gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT seq, evidence_id, ts, from_party, to_party, reason, actor"
                      " FROM evidence_custody WHERE evidence_id = ?1 ORDER BY seq",
                      &custody_rows, 0, STORE_CBX(cb, ctx), err, "custody", "I", evidence_id);
}
