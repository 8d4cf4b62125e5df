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
        rc = store_run(s, st, STC_NONE, err, "policy");
    }
    if ((rc = store_atomic_end(s, own, rc, err)) == 0)
        p->version = (int)version;
    return rc;
}

static int policy_copy(void *row, gisac_arena *arena, sqlite3_stmt *st)
{
    store_policy *o = row;
    memset(o, 0, sizeof *o);
    o->version = sqlite3_column_int(st, 0);
    o->body = store_col_text(st, 1);
    o->sha256 = store_col_text(st, 2);
    o->source = store_col_text(st, 3);
    o->actor = store_col_text(st, 4);
    o->created = sqlite3_column_int64(st, 5);
    return store_dup(arena, &o->body, &o->sha256, &o->source, &o->actor, NULL);
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
    rc = store_one(s, st, STC_NONE, policy_copy, out, arena, err, "policy");
    if (rc == GISAC_ENOTFOUND && version)
        gisac_err_set(err, rc, "policy version %d: not found", version);
    else if (rc == GISAC_ENOTFOUND)
        gisac_err_set(err, rc, "no policy is stored");
    return rc;
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

/* Read a row of INCIDENT_COLS; strings point into the statement. */
static void incident_row(sqlite3_stmt *st, store_incident *o)
{
    int i = 0;
    memset(o, 0, sizeof *o);
    o->id = sqlite3_column_int64(st, i++);
    o->ref = store_col_text(st, i++);
    o->year = sqlite3_column_int(st, i++);
    o->seq = sqlite3_column_int64(st, i++);
    o->agency = store_col_text(st, i++);
    o->title = store_col_text(st, i++);
    o->description = store_col_text(st, i++);
    o->category = store_col_text(st, i++);
    o->asset = store_col_text(st, i++);
    o->confidentiality = store_col_text(st, i++);
    o->integrity = store_col_text(st, i++);
    o->availability = store_col_text(st, i++);
    o->level = sqlite3_column_int(st, i++);
    o->level_computed = sqlite3_column_int(st, i++);
    o->level_override = sqlite3_column_int(st, i++); /* NULL reads as 0 */
    o->override_reason = store_col_text(st, i++);
    o->policy_version = sqlite3_column_int(st, i++);
    o->status = store_col_text(st, i++);
    int64_t *times[] = {&o->occurred_at, &o->aware_at, &o->reported_at, &o->last_report_at,
                        &o->report_clock};
    for (size_t k = 0; k < sizeof times / sizeof times[0]; k++)
        *times[k] = store_col_time(st, i++);
    o->report_restarted = sqlite3_column_int(st, i++);
    o->report_pending = sqlite3_column_int(st, i++);
    int64_t *later[] = {&o->review_clock, &o->reviewed_at, &o->recovered_at, &o->investigated_at,
                        &o->closed_at};
    for (size_t k = 0; k < sizeof later / sizeof later[0]; k++)
        *later[k] = store_col_time(st, i++);
    o->close_reason = store_col_text(st, i++);
    o->origin = store_col_text(st, i++);
    o->created_by = store_col_text(st, i++);
    o->created = sqlite3_column_int64(st, i++);
    o->modified = sqlite3_column_int64(st, i++);
}

static int incident_copy(void *row, gisac_arena *arena, sqlite3_stmt *st)
{
    store_incident *o = row;
    incident_row(st, o);
    return store_dup(arena, &o->ref, &o->agency, &o->title, &o->description, &o->category,
                     &o->asset, &o->confidentiality, &o->integrity, &o->availability,
                     &o->override_reason, &o->status, &o->close_reason, &o->origin, &o->created_by,
                     NULL);
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
        rc = store_run(s, st, STC_NONE, err, "incident");
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
    rc = store_run(s, st, STC_NONE, err, "incident");
    if (rc == 0 && store_changes(s) == 0)
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
    rc = store_one(s, st, STC_NONE, incident_copy, out, arena, err, "incident");
    if (rc == GISAC_ENOTFOUND)
        gisac_err_set(err, rc, "incident %s: not found", ref);
    return rc;
}

static int incident_call(const store_cb *cb, const void *row)
{
    return ((store_incident_cb)cb->fn)(cb->ctx, row);
}

int store_incident_iter(store *s, const store_incident_filter *f, store_incident_cb cb, void *ctx,
                        gisac_err *err)
{
    /* by (year, seq), STORE_BATCH rows at a time, called back with no statement open */
    store_batch b;
    int rc = store_batch_init(&b, sizeof(store_incident), incident_copy, err);
    int64_t after_year = f ? f->after_year : 0, after_seq = f ? f->after_seq : 0;
    store_cb c = STORE_CB(cb, ctx);
    while (rc == 0) {
        sqlite3_stmt *st;
        rc = store_prepare(s,
                           "SELECT " INCIDENT_COLS " FROM incident"
                           " WHERE (?1 IS NULL OR agency = ?1)"
                           " AND (?2 = 0 OR status <> 'closed')"
                           " AND (?3 IS NULL OR status = ?3)"
                           " AND (?4 IS NULL OR origin = ?4)"
                           " AND (?5 IS NULL OR created >= ?5)"
                           " AND (?6 = 0 OR (year, seq) > (?6, ?7))"
                           " ORDER BY year, seq LIMIT ?8",
                           &st, err, "incidents");
        if (rc < 0)
            break;
        store_bind_text(st, 1, f ? f->agency : NULL);
        sqlite3_bind_int(st, 2, f ? f->open_only : 0);
        store_bind_text(st, 3, f ? f->status : NULL);
        store_bind_text(st, 4, f ? f->origin : NULL);
        store_bind_time(st, 5, f ? f->since : 0);
        sqlite3_bind_int64(st, 6, after_year);
        sqlite3_bind_int64(st, 7, after_seq);
        sqlite3_bind_int64(st, 8, STORE_BATCH);
        store_batch_clear(&b);
        if ((rc = store_batch_read(s, st, STC_NONE, &b, err, "incidents")) < 0 ||
            store_batch_calls(&b, incident_call, &c) || b.n < STORE_BATCH)
            break;
        const store_incident *last = store_batch_at(&b, b.n - 1);
        after_year = last->year;
        after_seq = last->seq;
    }
    store_batch_free(&b);
    return rc;
}

/* ---- breaches ------------------------------------------------------------ */

/* A write that adds at most one row: *added (may be NULL) tells whether it did. */
static int add_once(store *s, sqlite3_stmt *st, int *added, gisac_err *err, const char *what)
{
    int rc = store_run(s, st, STC_NONE, err, what);
    int yes = rc == 0 && store_changes(s) > 0;
    if (added)
        *added = yes;
    return rc;
}

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
    return add_once(s, st, added, err, "breach");
}

static int breach_each(void *ctx, sqlite3_stmt *st)
{
    store_cb *c = ctx;
    store_breach b = {sqlite3_column_int64(st, 0), store_col_text(st, 1),
                      store_col_text(st, 2),       store_col_text(st, 3),
                      sqlite3_column_int64(st, 4), sqlite3_column_int64(st, 5)};
    return ((store_breach_cb)c->fn)(c->ctx, &b) != 0;
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
    store_cb c = STORE_CB(cb, ctx);
    return store_rows(s, st, STC_NONE, breach_each, &c, err, "breaches");
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
    int yes = 0;
    rc = add_once(s, st, &yes, err, "incident event");
    if (yes)
        ev->seq = sqlite3_last_insert_rowid(store_db(s));
    if (added)
        *added = yes;
    return rc;
}

static int event_each(void *ctx, sqlite3_stmt *st)
{
    store_cb *c = ctx;
    store_incident_event ev = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                               sqlite3_column_int64(st, 2), store_col_text(st, 3),
                               store_col_text(st, 4),       store_col_text(st, 5),
                               store_col_text(st, 6)};
    return ((store_incident_event_cb)c->fn)(c->ctx, &ev) != 0;
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
    store_cb c = STORE_CB(cb, ctx);
    return store_rows(s, st, STC_NONE, event_each, &c, err, "incident events");
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
    return add_once(s, st, added, err, "incident link");
}

static int link_each(void *ctx, sqlite3_stmt *st)
{
    store_cb *c = ctx;
    store_incident_link l = {sqlite3_column_int64(st, 0), store_col_text(st, 1),
                             store_col_text(st, 2), sqlite3_column_int64(st, 3)};
    return ((store_incident_link_cb)c->fn)(c->ctx, &l) != 0;
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
    store_cb c = STORE_CB(cb, ctx);
    return store_rows(s, st, STC_NONE, link_each, &c, err, "incident links");
}
