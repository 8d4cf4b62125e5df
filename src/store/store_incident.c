/*
 * store_incident.c: the policy, incident, incident_breach, incident_event
 * and incident_link tables (schema version 7; see store_incident.h).
 *
 * Rows only: the rules (levels, deadlines, transitions, who may do what)
 * live in src/policy and src/incident. Values are always bound. These
 * statements run a few times per command or request, so they are
 * prepared per call.
 */
#include "store/store_internal.h"

#include <string.h>

/* Copy column i into the arena; NULL stays NULL. *oom is set on failure. */
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

static int64_t col_time(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, i);
}

/* Step a statement that returns no row and finalize it. */
static int run(store *s, sqlite3_stmt *st, gisac_err *err, const char *what)
{
    int rc = sqlite3_step(st);
    rc = rc == SQLITE_DONE ? 0 : store_db_err(s, err, what);
    sqlite3_finalize(st);
    return rc;
}

/* ---- policies ------------------------------------------------------------ */

int store_policy_insert(store *s, store_policy *p, gisac_err *err)
{
    int own, rc = store_atomic_begin(s, &own, err);
    int64_t version = 0;
    if (rc == 0)
        rc = store_number_next(s, "policy", 0, &version, err);
    sqlite3_stmt *st = NULL;
    if (rc == 0)
        rc = store_prepare(s,
                           "INSERT INTO policy (version, body, sha256, source, actor, created)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           &st, err, "policy");
    if (rc == 0) {
        sqlite3_bind_int64(st, 1, version);
        store_bind_text(st, 2, p->body);
        store_bind_text(st, 3, p->sha256);
        store_bind_text(st, 4, p->source);
        store_bind_text(st, 5, store_actor(s));
        sqlite3_bind_int64(st, 6, p->created);
        rc = run(s, st, err, "policy");
    }
    if ((rc = store_atomic_end(s, own, rc, err)) == 0)
        p->version = (int)version;
    return rc;
}

int store_policy_get(store *s, int version, store_policy *out, gisac_arena *arena, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT version, body, sha256, source, actor, created FROM policy"
                           " WHERE ?1 = 0 OR version = ?1 ORDER BY version DESC LIMIT 1",
                           &st, err, "policy");
    if (rc < 0)
        return rc;
    sqlite3_bind_int(st, 1, version);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        if (rc != SQLITE_DONE)
            rc = store_db_err(s, err, "policy");
        else if (version)
            rc = gisac_err_set(err, GISAC_ENOTFOUND, "policy version %d: not found", version);
        else
            rc = gisac_err_set(err, GISAC_ENOTFOUND, "no policy is stored");
        sqlite3_finalize(st);
        return rc;
    }
    int oom = 0;
    memset(out, 0, sizeof *out);
    out->version = sqlite3_column_int(st, 0);
    out->body = col_dup(st, 1, arena, &oom);
    out->sha256 = col_dup(st, 2, arena, &oom);
    out->source = col_dup(st, 3, arena, &oom);
    out->actor = col_dup(st, 4, arena, &oom);
    out->created = sqlite3_column_int64(st, 5);
    sqlite3_finalize(st);
    return oom ? gisac_err_set(err, GISAC_ENOMEM, "out of memory") : 0;
}

/* ---- incidents ----------------------------------------------------------- */

#define INCIDENT_COLS                                                                              \
    "id, ref, year, seq, agency, title, description, category, asset, confidentiality,"            \
    " integrity, availability, level, level_computed, level_override, override_reason,"            \
    " policy_version, status, occurred_at, aware_at, reported_at, last_report_at, report_clock,"   \
    " report_restarted, report_pending, review_clock, reviewed_at, recovered_at, investigated_at," \
    " closed_at,"                                                                                  \
    " close_reason, origin, created_by, created, modified"

/* Columns 1.. of INCIDENT_COLS (all but id), bound from parameter 1. */
static void bind_incident(sqlite3_stmt *st, const store_incident *in)
{
    int i = 1;
    store_bind_text(st, i++, in->ref);
    sqlite3_bind_int(st, i++, in->year);
    sqlite3_bind_int64(st, i++, in->seq);
    store_bind_text(st, i++, in->agency);
    store_bind_text(st, i++, in->title);
    store_bind_text(st, i++, in->description);
    store_bind_text(st, i++, in->category);
    store_bind_text(st, i++, in->asset);
    store_bind_text(st, i++, in->confidentiality);
    store_bind_text(st, i++, in->integrity);
    store_bind_text(st, i++, in->availability);
    sqlite3_bind_int(st, i++, in->level);
    sqlite3_bind_int(st, i++, in->level_computed);
    if (in->level_override)
        sqlite3_bind_int(st, i++, in->level_override);
    else
        sqlite3_bind_null(st, i++);
    store_bind_text(st, i++, in->override_reason);
    sqlite3_bind_int(st, i++, in->policy_version);
    store_bind_text(st, i++, in->status);
    store_bind_time(st, i++, in->occurred_at);
    sqlite3_bind_int64(st, i++, in->aware_at);
    store_bind_time(st, i++, in->reported_at);
    store_bind_time(st, i++, in->last_report_at);
    sqlite3_bind_int64(st, i++, in->report_clock);
    sqlite3_bind_int(st, i++, in->report_restarted);
    sqlite3_bind_int(st, i++, in->report_pending);
    store_bind_time(st, i++, in->review_clock);
    store_bind_time(st, i++, in->reviewed_at);
    store_bind_time(st, i++, in->recovered_at);
    store_bind_time(st, i++, in->investigated_at);
    store_bind_time(st, i++, in->closed_at);
    store_bind_text(st, i++, in->close_reason);
    store_bind_text(st, i++, in->origin);
    store_bind_text(st, i++, in->created_by);
    sqlite3_bind_int64(st, i++, in->created);
    sqlite3_bind_int64(st, i++, in->modified);
}

/* Read a row of INCIDENT_COLS; strings point into the statement unless arena is given. */
static void incident_row(sqlite3_stmt *st, store_incident *o, gisac_arena *arena, int *oom)
{
    int i = 0;
    memset(o, 0, sizeof *o);
#define TXT(f)                                                                                     \
    do {                                                                                           \
        o->f = arena ? col_dup(st, i, arena, oom) : store_col_text(st, i);                         \
        i++;                                                                                       \
    } while (0)
    o->id = sqlite3_column_int64(st, i++);
    TXT(ref);
    o->year = sqlite3_column_int(st, i++);
    o->seq = sqlite3_column_int64(st, i++);
    TXT(agency);
    TXT(title);
    TXT(description);
    TXT(category);
    TXT(asset);
    TXT(confidentiality);
    TXT(integrity);
    TXT(availability);
    o->level = sqlite3_column_int(st, i++);
    o->level_computed = sqlite3_column_int(st, i++);
    o->level_override = sqlite3_column_int(st, i++); /* NULL reads as 0 */
    TXT(override_reason);
    o->policy_version = sqlite3_column_int(st, i++);
    TXT(status);
    o->occurred_at = col_time(st, i++);
    o->aware_at = col_time(st, i++);
    o->reported_at = col_time(st, i++);
    o->last_report_at = col_time(st, i++);
    o->report_clock = col_time(st, i++);
    o->report_restarted = sqlite3_column_int(st, i++);
    o->report_pending = sqlite3_column_int(st, i++);
    o->review_clock = col_time(st, i++);
    o->reviewed_at = col_time(st, i++);
    o->recovered_at = col_time(st, i++);
    o->investigated_at = col_time(st, i++);
    o->closed_at = col_time(st, i++);
    TXT(close_reason);
    TXT(origin);
    TXT(created_by);
    o->created = sqlite3_column_int64(st, i++);
    o->modified = sqlite3_column_int64(st, i++);
#undef TXT
}

int store_incident_insert(store *s, store_incident *in, store_incident_name_fn name, void *ctx,
                          gisac_err *err)
{
    int own, rc = store_atomic_begin(s, &own, err);
    if (rc == 0)
        rc = store_number_next(s, "incident", in->year, &in->seq, err);
    if (rc == 0 && name)
        rc = name(ctx, in, err);
    sqlite3_stmt *st = NULL;
    if (rc == 0)
        rc = store_prepare(s,
                           "INSERT INTO incident (ref, year, seq, agency, title, description,"
                           " category, asset, confidentiality, integrity, availability, level,"
                           " level_computed, level_override, override_reason, policy_version,"
                           " status, occurred_at, aware_at, reported_at, last_report_at,"
                           " report_clock, report_restarted, report_pending, review_clock,"
                           " reviewed_at, recovered_at, investigated_at, closed_at, close_reason,"
                           " origin, created_by, created, modified) VALUES (?, ?, ?, ?, ?, ?, ?,"
                           " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                           " ?, ?, ?, ?)",
                           &st, err, "incident");
    if (rc == 0) {
        bind_incident(st, in);
        rc = run(s, st, err, "incident");
        if (rc == GISAC_EEXIST)
            gisac_err_set(err, rc, "incident %s exists already", in->ref);
        else if (rc == GISAC_EINVAL)
            gisac_err_set(err, rc, "agency %s does not exist", in->agency);
        else if (rc == 0)
            in->id = sqlite3_last_insert_rowid(store_db(s));
    }
    return store_atomic_end(s, own, rc, err);
}

int store_incident_update(store *s, const store_incident *in, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(
        s,
        "UPDATE incident SET ref = ?1, year = ?2, seq = ?3, agency = ?4, title = ?5,"
        " description = ?6, category = ?7, asset = ?8, confidentiality = ?9, integrity = ?10,"
        " availability = ?11, level = ?12, level_computed = ?13, level_override = ?14,"
        " override_reason = ?15, policy_version = ?16, status = ?17, occurred_at = ?18,"
        " aware_at = ?19, reported_at = ?20, last_report_at = ?21, report_clock = ?22,"
        " report_restarted = ?23, report_pending = ?24, review_clock = ?25, reviewed_at = ?26,"
        " recovered_at = ?27, investigated_at = ?28, closed_at = ?29, close_reason = ?30,"
        " origin = ?31, created_by = ?32, created = ?33, modified = ?34 WHERE id = ?35",
        &st, err, "incident");
    if (rc < 0)
        return rc;
    bind_incident(st, in);
    sqlite3_bind_int64(st, 35, in->id);
    rc = run(s, st, err, "incident");
    if (rc == 0 && sqlite3_changes(store_db(s)) == 0)
        return gisac_err_set(err, GISAC_ENOTFOUND, "incident %s: not found", in->ref);
    return rc;
}

int store_incident_get(store *s, const char *ref, store_incident *out, gisac_arena *arena,
                       gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s, "SELECT " INCIDENT_COLS " FROM incident WHERE ref = ?1", &st, err,
                           "incident");
    if (rc < 0)
        return rc;
    store_bind_text(st, 1, ref);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        rc = rc == SQLITE_DONE ? gisac_err_set(err, GISAC_ENOTFOUND, "incident %s: not found", ref)
                               : store_db_err(s, err, "incident");
        sqlite3_finalize(st);
        return rc;
    }
    int oom = 0;
    incident_row(st, out, arena, &oom);
    sqlite3_finalize(st);
    return oom ? gisac_err_set(err, GISAC_ENOMEM, "out of memory") : 0;
}

int store_incident_iter(store *s, const store_incident_filter *f, store_incident_cb cb, void *ctx,
                        gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT " INCIDENT_COLS " FROM incident"
                           " WHERE (?1 IS NULL OR agency = ?1)"
                           " AND (?2 = 0 OR status <> 'closed')"
                           " AND (?3 IS NULL OR status = ?3)"
                           " AND (?4 IS NULL OR origin = ?4)"
                           " AND (?5 IS NULL OR created >= ?5)"
                           " AND (?6 = 0 OR (year, seq) > (?6, ?7))"
                           " ORDER BY year, seq",
                           &st, err, "incidents");
    if (rc < 0)
        return rc;
    store_bind_text(st, 1, f ? f->agency : NULL);
    sqlite3_bind_int(st, 2, f ? f->open_only : 0);
    store_bind_text(st, 3, f ? f->status : NULL);
    store_bind_text(st, 4, f ? f->origin : NULL);
    store_bind_time(st, 5, f ? f->since : 0);
    sqlite3_bind_int64(st, 6, f ? f->after_year : 0);
    sqlite3_bind_int64(st, 7, f ? f->after_seq : 0);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_incident in;
        incident_row(st, &in, NULL, NULL);
        if (cb(ctx, &in) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    rc = rc == SQLITE_DONE ? 0 : store_db_err(s, err, "incidents");
    sqlite3_finalize(st);
    return rc;
}

/* ---- breaches ------------------------------------------------------------ */

int store_breach_add(store *s, int64_t incident_id, const char *kind, int64_t due, int64_t recorded,
                     int *added, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "INSERT INTO incident_breach (incident_id, kind, due, recorded)"
                           " VALUES (?1, ?2, ?3, ?4)"
                           " ON CONFLICT (incident_id, kind, due) DO NOTHING",
                           &st, err, "breach");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, incident_id);
    store_bind_text(st, 2, kind);
    sqlite3_bind_int64(st, 3, due);
    sqlite3_bind_int64(st, 4, recorded);
    rc = run(s, st, err, "breach");
    if (rc == 0 && added)
        *added = sqlite3_changes(store_db(s)) > 0;
    return rc;
}

int store_breach_iter(store *s, int64_t incident_id, const char *agency, store_breach_cb cb,
                      void *ctx, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT b.incident_id, i.ref, i.agency, b.kind, b.due, b.recorded"
                           " FROM incident_breach b JOIN incident i ON i.id = b.incident_id"
                           " WHERE (?1 = 0 OR b.incident_id = ?1) AND (?2 IS NULL OR i.agency = ?2)"
                           " ORDER BY b.due, i.year, i.seq, b.kind",
                           &st, err, "breaches");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, incident_id);
    store_bind_text(st, 2, agency);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_breach b = {sqlite3_column_int64(st, 0), store_col_text(st, 1),
                          store_col_text(st, 2),       store_col_text(st, 3),
                          sqlite3_column_int64(st, 4), sqlite3_column_int64(st, 5)};
        if (cb(ctx, &b) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    rc = rc == SQLITE_DONE ? 0 : store_db_err(s, err, "breaches");
    sqlite3_finalize(st);
    return rc;
}

/* ---- events -------------------------------------------------------------- */

int store_incident_event_add(store *s, store_incident_event *ev, const char *dedup, int *added,
                             gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "INSERT INTO incident_event (ts, incident_id, agency, kind, detail,"
                           " dedup) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                           " ON CONFLICT (dedup) DO NOTHING",
                           &st, err, "incident event");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, ev->ts);
    sqlite3_bind_int64(st, 2, ev->incident_id);
    store_bind_text(st, 3, ev->agency);
    store_bind_text(st, 4, ev->kind);
    store_bind_text(st, 5, ev->detail);
    store_bind_text(st, 6, dedup);
    rc = run(s, st, err, "incident event");
    int yes = rc == 0 && sqlite3_changes(store_db(s)) > 0;
    if (yes)
        ev->seq = sqlite3_last_insert_rowid(store_db(s));
    if (added)
        *added = yes;
    return rc;
}

int store_incident_event_iter(store *s, int64_t after, int64_t incident_id,
                              store_incident_event_cb cb, void *ctx, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc =
        store_prepare(s,
                      incident_id ? "SELECT e.seq, e.ts, e.incident_id, i.ref, e.agency, e.kind,"
                                    " e.detail FROM incident_event e JOIN incident i"
                                    " ON i.id = e.incident_id"
                                    " WHERE e.incident_id = ?2 AND e.seq > ?1 ORDER BY e.seq"
                                  : "SELECT e.seq, e.ts, e.incident_id, i.ref, e.agency, e.kind,"
                                    " e.detail FROM incident_event e JOIN incident i"
                                    " ON i.id = e.incident_id WHERE e.seq > ?1 ORDER BY e.seq",
                      &st, err, "incident events");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, after);
    if (incident_id)
        sqlite3_bind_int64(st, 2, incident_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_incident_event ev = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                                   sqlite3_column_int64(st, 2), store_col_text(st, 3),
                                   store_col_text(st, 4),       store_col_text(st, 5),
                                   store_col_text(st, 6)};
        if (cb(ctx, &ev) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    rc = rc == SQLITE_DONE ? 0 : store_db_err(s, err, "incident events");
    sqlite3_finalize(st);
    return rc;
}

/* ---- links --------------------------------------------------------------- */

int store_incident_link_add(store *s, int64_t incident_id, const char *kind, const char *target,
                            int64_t added_at, int *added, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "INSERT INTO incident_link (incident_id, kind, target, added)"
                           " VALUES (?1, ?2, ?3, ?4)"
                           " ON CONFLICT (incident_id, kind, target) DO NOTHING",
                           &st, err, "incident link");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, incident_id);
    store_bind_text(st, 2, kind);
    store_bind_text(st, 3, target);
    sqlite3_bind_int64(st, 4, added_at);
    rc = run(s, st, err, "incident link");
    if (rc == 0 && added)
        *added = sqlite3_changes(store_db(s)) > 0;
    return rc;
}

int store_incident_link_iter(store *s, int64_t incident_id, store_incident_link_cb cb, void *ctx,
                             gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT incident_id, kind, target, added FROM incident_link"
                           " WHERE incident_id = ?1 ORDER BY added, kind, target",
                           &st, err, "incident links");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, incident_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_incident_link l = {sqlite3_column_int64(st, 0), store_col_text(st, 1),
                                 store_col_text(st, 2), sqlite3_column_int64(st, 3)};
        if (cb(ctx, &l) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    rc = rc == SQLITE_DONE ? 0 : store_db_err(s, err, "incident links");
    sqlite3_finalize(st);
    return rc;
}
