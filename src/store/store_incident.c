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

/* A missing row as its message; other codes as they are. */
static int missing(int rc, gisac_err *err, const char *msg)
{
    if (rc == GISAC_ENOTFOUND)
        gisac_err_set(err, rc, "%s", msg);
    return rc;
}

/* A write that adds at most one row: *added (may be NULL) tells whether it did. */
static int added_one(store *s, int rc, int *added)
{
    int yes = rc == 0 && store_changes(s) > 0;
    if (added)
        *added = yes;
    return rc;
}

/* ---- policies ------------------------------------------------------------ */

int store_policy_insert(store *s, store_policy *p, gisac_err *err)
{
    int own, rc = store_atomic_begin(s, &own, err);
    int64_t version = 0;
    if (rc == 0)
        rc = store_number_next(s, "policy", 0, &version, err);
    if (rc == 0)
        rc = store_write(s, STC_NONE,
                         "INSERT INTO policy (version, body, sha256, source, actor, created)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                         err, "policy", "IttttI", version, p->body, p->sha256, p->source,
                         store_actor(s), p->created);
    if ((rc = store_atomic_end(s, own, rc, err)) == 0)
        p->version = (int)version;
    return rc;
}

STORE_COPY(policy_copy, store_policy, o, "ittttI", &o->version, &o->body, &o->sha256, &o->source,
           &o->actor, &o->created)

int store_policy_get(store *s, int version, store_policy *out, gisac_arena *arena, gisac_err *err)
{
    int rc = store_get(s, STC_NONE,
                       "SELECT version, body, sha256, source, actor, created FROM policy"
                       " WHERE ?1 = 0 OR version = ?1 ORDER BY version DESC LIMIT 1",
                       policy_copy, out, arena, err, "policy", "i", version);
    if (rc == GISAC_ENOTFOUND && version)
        return gisac_err_set(err, rc, "policy version %d: not found", version);
    return missing(rc, err, "no policy is stored");
}

/* ---- incidents ----------------------------------------------------------- */

#define INCIDENT_COLS                                                                              \
    "id, ref, year, seq, agency, title, description, category, asset, confidentiality,"            \
    " integrity, availability, level, level_computed, level_override, override_reason,"            \
    " policy_version, status, occurred_at, aware_at, reported_at, last_report_at, report_clock,"   \
    " report_restarted, report_pending, review_clock, reviewed_at, recovered_at, investigated_at," \
    " closed_at,"                                                                                  \
    " close_reason, origin, created_by, created, modified, measures, support_needed,"              \
    " support_detail, notes, channel, received_at"

/* Columns 1.. of INCIDENT_COLS (all but id), bound from parameter 1. */
static void bind_incident(store_statement *st, const store_incident *in)
{
    int i = 1;
    store_bind_text(st, i++, in->ref);
    st_bind_int(st, i++, in->year);
    st_bind_int64(st, i++, in->seq);
    store_bind_text(st, i++, in->agency);
    store_bind_text(st, i++, in->title);
    store_bind_text(st, i++, in->description);
    store_bind_text(st, i++, in->category);
    store_bind_text(st, i++, in->asset);
    store_bind_text(st, i++, in->confidentiality);
    store_bind_text(st, i++, in->integrity);
    store_bind_text(st, i++, in->availability);
    st_bind_int(st, i++, in->level);
    st_bind_int(st, i++, in->level_computed);
    if (in->level_override)
        st_bind_int(st, i++, in->level_override);
    else
        st_bind_null(st, i++);
    store_bind_text(st, i++, in->override_reason);
    st_bind_int(st, i++, in->policy_version);
    store_bind_text(st, i++, in->status);
    store_bind_time(st, i++, in->occurred_at);
    st_bind_int64(st, i++, in->aware_at);
    store_bind_time(st, i++, in->reported_at);
    store_bind_time(st, i++, in->last_report_at);
    st_bind_int64(st, i++, in->report_clock);
    st_bind_int(st, i++, in->report_restarted);
    st_bind_int(st, i++, in->report_pending);
    store_bind_time(st, i++, in->review_clock);
    store_bind_time(st, i++, in->reviewed_at);
    store_bind_time(st, i++, in->recovered_at);
    store_bind_time(st, i++, in->investigated_at);
    store_bind_time(st, i++, in->closed_at);
    store_bind_text(st, i++, in->close_reason);
    store_bind_text(st, i++, in->origin);
    store_bind_text(st, i++, in->created_by);
    st_bind_int64(st, i++, in->created);
    st_bind_int64(st, i++, in->modified);
    store_bind_text(st, i++, in->measures);
    st_bind_int(st, i++, in->support_needed);
    store_bind_text(st, i++, in->support_detail);
    store_bind_text(st, i++, in->notes);
    store_bind_text(st, i++, in->channel && *in->channel ? in->channel : "portal");
    store_bind_time(st, i++, in->received_at);
}

/* Read a row of INCIDENT_COLS; strings point into the statement. */
STORE_ROWMAP(incident_rows, store_incident, store_incident_cb, incident_copy, o,
             "ItiIttttttttiiititTTTTTiiTTTTTtttIItitttTiii", &o->id, &o->ref, &o->year, &o->seq,
             &o->agency, &o->title, &o->description, &o->category, &o->asset, &o->confidentiality,
             &o->integrity, &o->availability, &o->level, &o->level_computed, &o->level_override,
             &o->override_reason, &o->policy_version, &o->status, &o->occurred_at, &o->aware_at,
             &o->reported_at, &o->last_report_at, &o->report_clock, &o->report_restarted,
             &o->report_pending, &o->review_clock, &o->reviewed_at, &o->recovered_at,
             &o->investigated_at, &o->closed_at, &o->close_reason, &o->origin, &o->created_by,
             &o->created, &o->modified, &o->measures, &o->support_needed, &o->support_detail,
             &o->notes, &o->channel, &o->received_at, &o->counted, &o->breaches, &o->revisions);

int store_incident_insert(store *s, store_incident *in, store_incident_name_fn name, void *ctx,
                          gisac_err *err)
{
    int own, rc = store_atomic_begin(s, &own, err);
    if (rc == 0)
        rc = store_number_next(s, "incident", in->year, &in->seq, err);
    if (rc == 0 && name)
        rc = name(ctx, in, err);
    store_statement *st = NULL;
    if (rc == 0)
        rc = store_query(s, STC_NONE,
                         "INSERT INTO incident (ref, year, seq, agency, title, description,"
                         " category, asset, confidentiality, integrity, availability, level,"
                         " level_computed, level_override, override_reason, policy_version,"
                         " status, occurred_at, aware_at, reported_at, last_report_at,"
                         " report_clock, report_restarted, report_pending, review_clock,"
                         " reviewed_at, recovered_at, investigated_at, closed_at, close_reason,"
                         " origin, created_by, created, modified, measures, support_needed,"
                         " support_detail, notes, channel, received_at) VALUES (?, ?, ?, ?, ?,"
                         " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                         " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         &st, err, "incident", NULL);
    if (rc == 0) {
        bind_incident(st, in);
        rc = store_run(s, st, STC_NONE, err, "incident");
        if (rc == GISAC_EEXIST)
            gisac_err_set(err, rc, "incident %s exists already", in->ref);
        else if (rc == GISAC_EINVAL)
            gisac_err_set(err, rc, "agency %s does not exist", in->agency);
        else if (rc == 0)
            in->id = store_last_id(s);
    }
    return store_atomic_end(s, own, rc, err);
}

int store_incident_update(store *s, const store_incident *in, gisac_err *err)
{
    store_statement *st;
    int rc = store_query(
        s, STC_NONE,
        "UPDATE incident SET ref = ?1, year = ?2, seq = ?3, agency = ?4, title = ?5,"
        " description = ?6, category = ?7, asset = ?8, confidentiality = ?9, integrity = ?10,"
        " availability = ?11, level = ?12, level_computed = ?13, level_override = ?14,"
        " override_reason = ?15, policy_version = ?16, status = ?17, occurred_at = ?18,"
        " aware_at = ?19, reported_at = ?20, last_report_at = ?21, report_clock = ?22,"
        " report_restarted = ?23, report_pending = ?24, review_clock = ?25, reviewed_at = ?26,"
        " recovered_at = ?27, investigated_at = ?28, closed_at = ?29, close_reason = ?30,"
        " origin = ?31, created_by = ?32, created = ?33, modified = ?34, measures = ?35,"
        " support_needed = ?36, support_detail = ?37, notes = ?38, channel = ?39,"
        " received_at = ?40 WHERE id = ?41",
        &st, err, "incident", NULL);
    if (rc < 0)
        return rc;
    bind_incident(st, in);
    st_bind_int64(st, 41, in->id);
    rc = store_run(s, st, STC_NONE, err, "incident");
    if (rc == 0 && store_changes(s) == 0)
        return gisac_err_set(err, GISAC_ENOTFOUND, "incident %s: not found", in->ref);
    return rc;
}

int store_incident_get(store *s, const char *ref, store_incident *out, gisac_arena *arena,
                       gisac_err *err)
{
    return store_get_by(s, "SELECT " INCIDENT_COLS ", 0, 0, 0 FROM incident WHERE ref = ?1",
                        incident_copy, out, arena, err, "incident", ref, 1);
}

/* INCIDENT_COLS with NULL for the free texts, and the counts (store_incident_filter.brief) */
#define INCIDENT_BRIEF_COLS                                                                        \
    "id, ref, year, seq, agency, NULL, NULL, category, asset, confidentiality, integrity,"         \
    " availability, level, level_computed, level_override, NULL, policy_version, status,"          \
    " occurred_at, aware_at, reported_at, last_report_at, report_clock, report_restarted,"         \
    " report_pending, review_clock, reviewed_at, recovered_at, investigated_at, closed_at, NULL,"  \
    " origin, NULL, created, modified, NULL, support_needed, NULL, NULL, channel, received_at,"    \
    " 1, 0, 0"
/* The filter of store_incident_filter: ?1 .. ?11 as incident_page binds them; a status given
 * reads by the index of (status, year, seq); (?6, ?7) = (0, 0) reads from the first */
#define INCIDENT_ANY_STATUS "(?3 IS NULL OR status = ?3)"
#define INCIDENT_STATUS     "status = ?3"
#define INCIDENT_PAGE_WHERE(STATUS)                                                                \
    " WHERE (?1 IS NULL OR agency = ?1)"                                                           \
    " AND (?2 = 0 OR status <> 'closed')"                                                          \
    " AND " STATUS " AND (?4 IS NULL OR origin = ?4)"                                              \
    " AND (?5 IS NULL OR created >= ?5)"                                                           \
    " AND (year, seq) > (?6, ?7)"                                                                  \
    " AND (?9 IS NULL OR agency IN (" STORE_AGENCY_UNDER(                                          \
        "?9") "))"                                                                                 \
              " AND (?11 = 0 OR (aware_at >= ?10 AND aware_at < ?11))"                             \
              " ORDER BY year, seq LIMIT ?8"

/* The incidents of the filter q after the last one read (or after q's own key at first). */
static int incident_page(store *s, const void *q, const void *last, store_statement **st,
                         store_stc *id, gisac_err *err)
{
    const store_incident_filter *f = q;
    const store_incident *l = last;
    (void)id;
    /* a list's rows carry their counts of breaches and revisions (by their keys), so that the
     * incident service asks nothing per row; the reports' brief rows skip the free texts */
#define INCIDENT_FULL(STATUS)                                                                      \
    "SELECT " INCIDENT_COLS ", 1,"                                                                 \
    " (SELECT COUNT(*) FROM incident_breach b WHERE b.incident_id = incident.id),"                 \
    " (SELECT COUNT(*) FROM incident_revision v WHERE v.incident_id = incident.id)"                \
    " FROM incident" INCIDENT_PAGE_WHERE(STATUS)
#define INCIDENT_BRIEF(STATUS)                                                                     \
    "SELECT " INCIDENT_BRIEF_COLS " FROM incident" INCIDENT_PAGE_WHERE(STATUS)
    static const char *const sql[2][2] = {
        {INCIDENT_FULL(INCIDENT_ANY_STATUS), INCIDENT_FULL(INCIDENT_STATUS)},
        {INCIDENT_BRIEF(INCIDENT_ANY_STATUS), INCIDENT_BRIEF(INCIDENT_STATUS)},
    };
    return store_query(s, STC_NONE, sql[f->brief != 0][f->status != NULL], st, err, "incidents",
                       "tittTIIItII", f->agency, f->open_only, f->status, f->origin, f->since,
                       l ? (int64_t)l->year : f->after_year, l ? l->seq : f->after_seq,
                       (int64_t)STORE_BATCH, f->under, f->aware_from, f->aware_to);
}

int store_incident_iter(store *s, const store_incident_filter *f, store_incident_cb cb, void *ctx,
                        gisac_err *err)
{
    /* by (year, seq), STORE_BATCH rows at a time, called back with no statement open */
    static const store_incident_filter all;
    int rc = store_pages(s, &incident_rows, incident_page, f ? f : &all, STORE_CBX(cb, ctx), err,
                         "incidents");
    return rc > 0 ? 0 : rc;
}

/* ---- breaches ------------------------------------------------------------ */

int store_breach_add(store *s, int64_t incident_id, const char *kind, int64_t due, int64_t recorded,
                     int *added, gisac_err *err)
{
    int rc = store_write(s, STC_NONE,
                         "INSERT INTO incident_breach (incident_id, kind, due, recorded)"
                         " VALUES (?1, ?2, ?3, ?4)"
                         " ON CONFLICT (incident_id, kind, due) DO NOTHING",
                         err, "breach", "ItII", incident_id, kind, due, recorded);
    return added_one(s, rc, added);
}

STORE_ROWMAP(breach_rows, store_breach, store_breach_cb, breach_copy, b, "ItttII", &b->incident_id,
             &b->ref, &b->agency, &b->kind, &b->due, &b->recorded);

int store_breach_iter(store *s, int64_t incident_id, const char *agency, store_breach_cb cb,
                      void *ctx, gisac_err *err)
{
    /* one incident's by its key (an OR on the parameter would scan every breach, per incident
       of a list) */
    if (incident_id)
        return store_iter(s, STC_NONE,
                          "SELECT b.incident_id, i.ref, i.agency, b.kind, b.due, b.recorded"
                          " FROM incident_breach b JOIN incident i ON i.id = b.incident_id"
                          " WHERE b.incident_id = ?1 AND (?2 IS NULL OR i.agency = ?2)"
                          " ORDER BY b.due, b.kind",
                          &breach_rows, 0, STORE_CBX(cb, ctx), err, "breaches", "It", incident_id,
                          agency);
    return store_iter(s, STC_NONE,
                      "SELECT b.incident_id, i.ref, i.agency, b.kind, b.due, b.recorded"
                      " FROM incident_breach b JOIN incident i ON i.id = b.incident_id"
                      " WHERE (?1 = 0 OR b.incident_id = ?1) AND (?2 IS NULL OR i.agency = ?2)"
                      " ORDER BY b.due, i.year, i.seq, b.kind",
                      &breach_rows, 0, STORE_CBX(cb, ctx), err, "breaches", "It", incident_id,
                      agency);
}

/* ---- events -------------------------------------------------------------- */

int store_incident_event_add(store *s, store_incident_event *ev, const char *dedup, int *added,
                             gisac_err *err)
{
    int64_t n = 0;
    int rc = store_value(s, STC_NONE,
                         "INSERT INTO incident_event (ts, incident_id, agency, kind, detail,"
                         " dedup, n) SELECT ?1, ?2, ?3, ?4, ?5, ?6, COALESCE(MAX(n), 0) + 1"
                         " FROM incident_event WHERE incident_id = ?2"
                         " ON CONFLICT (dedup) DO NOTHING RETURNING n",
                         &n, err, "incident event", "IItttt", ev->ts, ev->incident_id, ev->agency,
                         ev->kind, ev->detail, dedup);
    int yes = rc == 0;
    if (rc == GISAC_ENOTFOUND) /* the dedup key was there: nothing returned */
        rc = 0;
    if (yes)
        ev->n = n;
    if (added)
        *added = yes;
    return rc;
}

STORE_ROWMAP(event_rows, store_incident_event, store_incident_event_cb, event_copy, ev, "IIIttttI",
             &ev->seq, &ev->ts, &ev->incident_id, &ev->ref, &ev->agency, &ev->kind, &ev->detail,
             &ev->n);

int store_incident_event_iter(store *s, int64_t after, int64_t incident_id,
                              store_incident_event_cb cb, void *ctx, gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      incident_id ? "SELECT e.seq, e.ts, e.incident_id, i.ref, e.agency, e.kind,"
                                    " e.detail, e.n FROM incident_event e JOIN incident i"
                                    " ON i.id = e.incident_id"
                                    " WHERE e.incident_id = ?2 AND e.n > ?1 ORDER BY e.n"
                                  : "SELECT e.seq, e.ts, e.incident_id, i.ref, e.agency, e.kind,"
                                    " e.detail, e.n FROM incident_event e JOIN incident i"
                                    " ON i.id = e.incident_id WHERE e.n > ?1 ORDER BY e.seq",
                      &event_rows, 0, STORE_CBX(cb, ctx), err, "incident events",
                      incident_id ? "II" : "I", after, incident_id);
}

/* ---- links --------------------------------------------------------------- */

int store_incident_link_add(store *s, int64_t incident_id, const char *kind, const char *target,
                            int64_t added_at, int *added, gisac_err *err)
{
    int rc = store_write(s, STC_NONE,
                         "INSERT INTO incident_link (incident_id, kind, target, added)"
                         " VALUES (?1, ?2, ?3, ?4)"
                         " ON CONFLICT (incident_id, kind, target) DO NOTHING",
                         err, "incident link", "IttI", incident_id, kind, target, added_at);
    return added_one(s, rc, added);
}

STORE_ROWMAP(link_rows, store_incident_link, store_incident_link_cb, link_copy, l, "IttI",
             &l->incident_id, &l->kind, &l->target, &l->added);

int store_incident_link_iter(store *s, int64_t incident_id, store_incident_link_cb cb, void *ctx,
                             gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT incident_id, kind, target, added FROM incident_link"
                      " WHERE incident_id = ?1 ORDER BY added, kind, target",
                      &link_rows, 0, STORE_CBX(cb, ctx), err, "incident links", "I", incident_id);
}

/* ---- revisions ----------------------------------------------------------- */

int store_incident_revision_add(store *s, store_incident_revision *rv, gisac_err *err)
{
    int64_t n = 0;
    int rc =
        store_value(s, STC_NONE,
                    "INSERT INTO incident_revision (incident_id, n, ts, actor, changed,"
                    " content) SELECT ?1, COALESCE(MAX(n), 0) + 1, ?2, ?3, ?4, ?5"
                    " FROM incident_revision WHERE incident_id = ?1 RETURNING n",
                    &n, err, "incident revision", "IIttt", rv->incident_id, rv->ts,
                    rv->actor && *rv->actor ? rv->actor : store_actor(s), rv->changed, rv->content);
    if (rc == GISAC_ENOTFOUND)
        rc = store_db_err(s, err, "incident revision");
    if (rc == 0)
        rv->n = (int)n;
    return rc;
}

STORE_ROWMAP(revision_rows, store_incident_revision, store_incident_revision_cb, revision_copy, r,
             "IiIttt", &r->incident_id, &r->n, &r->ts, &r->actor, &r->changed, &r->content);

int store_incident_revision_iter(store *s, int64_t incident_id, store_incident_revision_cb cb,
                                 void *ctx, gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT incident_id, n, ts, actor, changed, content FROM incident_revision"
                      " WHERE incident_id = ?1 ORDER BY n",
                      &revision_rows, 0, STORE_CBX(cb, ctx), err, "incident revisions", "I",
                      incident_id);
}
