/*
 * store_alert.c: the sighting_detail, alert and alert_event tables (see
 * store_alert.h). Values are always bound.
 */
#include "store/store_alert.h"
#include "store/store_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* ---- sightings by direction ------------------------------------------------- */

#define SD_COLS                                                                                    \
    "d.indicator_id, d.agency, d.direction, d.first_seen, d.last_seen, d.count, d.hosts,"          \
    " d.sensor, d.last_event, i.type, i.value, i.tlp"

STORE_ROWMAP(sd_rows, store_sighting_detail, store_sighting_detail_cb, sd_copy, d, "IttIIIttttti",
             &d->indicator_id, &d->agency, &d->direction, &d->first_seen, &d->last_seen, &d->count,
             &d->hosts, &d->sensor, &d->last_event, &d->type, &d->value, &d->tlp);

int store_sighting_detail_get(store *s, int64_t indicator_id, const char *agency,
                              const char *direction, store_sighting_detail *out, gisac_arena *arena,
                              gisac_err *err)
{
    return store_get(s, STC_NONE,
                     "SELECT " SD_COLS " FROM sighting_detail d JOIN indicator i"
                     " ON i.id = d.indicator_id"
                     " WHERE d.indicator_id = ?1 AND d.agency = ?2 AND d.direction = ?3",
                     sd_copy, out, arena, err, "sighting", "Itt", indicator_id, agency, direction);
}

int store_sighting_detail_put(store *s, const store_sighting_detail *d, gisac_err *err)
{
    return store_write(s, STC_NONE,
                       "INSERT INTO sighting_detail (indicator_id, agency, direction, first_seen,"
                       " last_seen, count, hosts, sensor, last_event)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                       " ON CONFLICT (indicator_id, agency, direction) DO UPDATE SET"
                       " first_seen = excluded.first_seen, last_seen = excluded.last_seen,"
                       " count = excluded.count, hosts = excluded.hosts, sensor = excluded.sensor,"
                       " last_event = excluded.last_event",
                       err, "sighting", "IttIIIttt", d->indicator_id, d->agency, d->direction,
                       d->first_seen, d->last_seen, d->count, d->hosts, d->sensor, d->last_event);
}

/*
 * The list of sightings in one statement per filter shape, so that each
 * filter given reads by its index (the indicator's key, the agency's, or
 * sighting_detail_recent) and the rest are ignored. ?5..?8: the row the page
 * goes on after; at first one after every row. ?10, ?11: until and sensor.
 */
#define SD_LIST(AGENCY, VALUE)                                                                     \
    "SELECT " SD_COLS " FROM sighting_detail d JOIN indicator i ON i.id = d.indicator_id"          \
    " WHERE d.last_seen >= ?3"                                                                     \
    " AND (d.last_seen, d.agency, d.indicator_id, d.direction) < (?5, ?6, ?7, ?8)"                 \
    " AND " AGENCY " AND " VALUE                                                                   \
    " AND (?10 = 0 OR d.last_seen < ?10) AND (?11 IS NULL OR d.sensor = ?11)"                      \
    " ORDER BY d.last_seen DESC, d.agency DESC, d.indicator_id DESC, d.direction DESC LIMIT ?4"
#define SD_ANY_AGENCY "(?1 IS NULL OR d.agency = ?1)"
#define SD_AGENCY     "d.agency = ?1"
#define SD_ANY_VALUE  "(?9 IS NULL OR i.type = ?9) AND (?2 IS NULL OR i.value = ?2)"
#define SD_VALUE      "i.type = ?9 AND i.value = ?2"

int store_sighting_detail_iter(store *s, const store_sighting_filter *f,
                               store_sighting_detail_cb cb, void *ctx, gisac_err *err)
{
    static const char *const sql[2][2] = {
        {SD_LIST(SD_ANY_AGENCY, SD_ANY_VALUE), SD_LIST(SD_ANY_AGENCY, SD_VALUE)},
        {SD_LIST(SD_AGENCY, SD_ANY_VALUE), SD_LIST(SD_AGENCY, SD_VALUE)},
    };
    int by_value = f->value && f->type; /* a value without its type: ignores the index */
    const char *value = f->value, *type = by_value ? f->type : NULL;
    int after = f->after_agency != NULL;
    return store_iter(s, STC_NONE, sql[f->agency != NULL][by_value], &sd_rows, 1,
                      STORE_CBX(cb, ctx), err, "sightings", "ttIIItIttIt", f->agency, value,
                      f->since, f->limit > 0 ? f->limit : 1000,
                      after ? f->after_last_seen : INT64_MAX, after ? f->after_agency : "",
                      after ? f->after_indicator : (int64_t)0, after ? f->after_direction : "",
                      type, f->until, f->sensor);
}

/* ---- alerts -------------------------------------------------------------------- */

#define ALERT_COLS                                                                                 \
    "a.id, a.ref, a.agency, a.indicator_id, a.direction, a.queue, a.status, a.sensor, a.count,"    \
    " a.batches, a.first_seen, a.last_seen, a.hosts, a.opened, a.due, a.released_at,"              \
    " a.released_by, a.answered_at, a.answered_by, a.incident_ref, a.reason, a.note,"              \
    " a.allowlist_request, a.modified, i.type, i.value, i.tlp, i.confidence, i.labels"
#define ALERT_FROM " FROM alert a JOIN indicator i ON i.id = a.indicator_id"

static int alert_copy(void *row, gisac_arena *arena, store_statement *st)
{
    store_alert *a = row;
    int rc =
        store_cols(st, 0, arena, "IttIttttIIIItIITtTtttti", &a->id, &a->ref, &a->agency,
                   &a->indicator_id, &a->direction, &a->queue, &a->status, &a->sensor, &a->count,
                   &a->batches, &a->first_seen, &a->last_seen, &a->hosts, &a->opened, &a->due,
                   &a->released_at, &a->released_by, &a->answered_at, &a->answered_by,
                   &a->incident_ref, &a->reason, &a->note, &a->allowlist_request);
    if (rc == 0)
        rc = store_cols(st, 23, arena, "Ittict", &a->modified, &a->type, &a->value, &a->tlp,
                        &a->confidence, &a->labels);
    return rc;
}

STORE_ROWTYPE(alert_rows, store_alert, alert_copy, store_alert_cb);

int store_alert_insert(store *s, store_alert *a, gisac_arena *arena, gisac_err *err)
{
    time_t t = (time_t)a->opened;
    struct tm tm;
    gmtime_r(&t, &tm);
    int64_t year = tm.tm_year + 1900, seq = 0;
    int own, rc = store_atomic_begin(s, &own, err);
    if (rc == 0)
        rc = store_number_next(s, "alert", year, &seq, err);
    char ref[32];
    snprintf(ref, sizeof ref, "ALR-%04lld-%06lld", (long long)year, (long long)seq);
    if (rc == 0)
        rc = store_write(s, STC_NONE,
                         "INSERT INTO alert (ref, agency, indicator_id, direction, queue, status,"
                         " sensor, count, batches, first_seen, last_seen, hosts, opened, due,"
                         " released_at, released_by, answered_at, answered_by, incident_ref,"
                         " reason, note, allowlist_request, modified) VALUES (?1, ?2, ?3, ?4, ?5,"
                         " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,"
                         " ?21, ?22, ?23)",
                         err, "alert", "ttIttttIIIItIITtTttttiI", ref, a->agency, a->indicator_id,
                         a->direction, a->queue, a->status, a->sensor, a->count, a->batches,
                         a->first_seen, a->last_seen, a->hosts, a->opened, a->due, a->released_at,
                         a->released_by, a->answered_at, a->answered_by, a->incident_ref, a->reason,
                         a->note, a->allowlist_request, a->modified);
    if (rc == 0) {
        a->id = store_last_id(s);
        a->ref = gisac_arena_strdup(arena, ref);
        if (!a->ref)
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    return store_atomic_end(s, own, rc, err);
}

int store_alert_update(store *s, const store_alert *a, gisac_err *err)
{
    return store_write(s, STC_NONE,
                       "UPDATE alert SET direction = ?2, queue = ?3, status = ?4, sensor = ?5,"
                       " count = ?6, batches = ?7, first_seen = ?8, last_seen = ?9, hosts = ?10,"
                       " released_at = ?11, released_by = ?12, answered_at = ?13,"
                       " answered_by = ?14, incident_ref = ?15, reason = ?16, note = ?17,"
                       " allowlist_request = ?18, modified = ?19 WHERE id = ?1",
                       err, "alert", "IttttIIIItTtTttttiI", a->id, a->direction, a->queue,
                       a->status, a->sensor, a->count, a->batches, a->first_seen, a->last_seen,
                       a->hosts, a->released_at, a->released_by, a->answered_at, a->answered_by,
                       a->incident_ref, a->reason, a->note, a->allowlist_request, a->modified);
}

int store_alert_get(store *s, const char *ref, store_alert *out, gisac_arena *arena, gisac_err *err)
{
    return store_get(s, STC_NONE, "SELECT " ALERT_COLS ALERT_FROM " WHERE a.ref = ?1", alert_copy,
                     out, arena, err, "alert", "t", ref);
}

int store_alert_find_open(store *s, const char *agency, int64_t indicator_id, int64_t since,
                          store_alert *out, gisac_arena *arena, gisac_err *err)
{
    return store_get(s, STC_NONE,
                     "SELECT " ALERT_COLS ALERT_FROM
                     " WHERE a.agency = ?1 AND a.indicator_id = ?2 AND a.status = 'open'"
                     " AND a.opened >= ?3 ORDER BY a.id DESC LIMIT 1",
                     alert_copy, out, arena, err, "alert", "tII", agency, indicator_id, since);
}

int store_alert_iter(store *s, const store_alert_filter *f, store_alert_cb cb, void *ctx,
                     gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT " ALERT_COLS ALERT_FROM
                      " WHERE (?1 IS NULL OR a.agency = ?1) AND (?2 IS NULL OR a.status = ?2)"
                      " AND (?3 IS NULL OR a.queue = ?3) AND (?4 = 0 OR a.allowlist_request = 1)"
                      " AND a.opened >= ?5"
                      " AND (?7 IS NULL OR a.id < (SELECT b.id FROM alert b WHERE b.ref = ?7))"
                      " ORDER BY a.id DESC LIMIT ?6",
                      &alert_rows, 1, STORE_CBX(cb, ctx), err, "alerts", "tttiIIt", f->agency,
                      f->status, f->queue, f->allowlist_request, f->since,
                      f->limit > 0 ? f->limit : 1000, f->before);
}

int store_alert_event_add(store *s, int64_t alert_id, int64_t ts, const char *line, int keep,
                          gisac_err *err)
{
    int rc = store_write(s, STC_NONE,
                         "INSERT INTO alert_event (alert_id, seq, ts, line) VALUES (?1,"
                         " (SELECT coalesce(max(seq), 0) + 1 FROM alert_event WHERE alert_id = ?1),"
                         " ?2, ?3)",
                         err, "alert event", "IIt", alert_id, ts, line);
    /* the middle goes: after the first keep, before the last keep */
    if (rc == 0)
        rc = store_write(s, STC_NONE,
                         "DELETE FROM alert_event WHERE alert_id = ?1"
                         " AND seq > (SELECT seq FROM alert_event WHERE alert_id = ?1"
                         "   ORDER BY seq LIMIT 1 OFFSET ?2 - 1)"
                         " AND seq <= (SELECT seq FROM alert_event WHERE alert_id = ?1"
                         "   ORDER BY seq DESC LIMIT 1 OFFSET ?2)",
                         err, "alert event", "Ii", alert_id, keep);
    return rc;
}

typedef struct ev_row {
    int64_t seq, ts;
    const char *line;
} ev_row;
typedef int (*ev_row_cb)(void *ctx, const ev_row *r);

STORE_ROWMAP(ev_rows, ev_row, ev_row_cb, ev_copy, r, "IIt", &r->seq, &r->ts, &r->line);

typedef struct ev_ctx {
    store_alert_event_cb cb;
    void *ctx;
} ev_ctx;

static int ev_one(void *ctx, const ev_row *r)
{
    ev_ctx *c = ctx;
    return c->cb(c->ctx, r->seq, r->ts, r->line);
}

int store_alert_event_iter(store *s, int64_t alert_id, store_alert_event_cb cb, void *ctx,
                           gisac_err *err)
{
    ev_ctx c = {cb, ctx};
    return store_iter(s, STC_NONE,
                      "SELECT seq, ts, line FROM alert_event WHERE alert_id = ?1 ORDER BY seq",
                      &ev_rows, 1, STORE_CBX(ev_one, &c), err, "alert events", "I", alert_id);
}

int store_alert_counts(store *s, const char *agency, const char *queue, int64_t now, int64_t *open,
                       int64_t *overdue, gisac_err *err)
{
    int rc = store_value(s, STC_NONE,
                         "SELECT count(*) FROM alert WHERE status = 'open'"
                         " AND (?1 IS NULL OR agency = ?1) AND (?2 IS NULL OR queue = ?2)",
                         open, err, "alerts", "tt", agency, queue);
    if (rc == 0)
        rc = store_value(s, STC_NONE,
                         "SELECT count(*) FROM alert WHERE status = 'open' AND due < ?3"
                         " AND (?1 IS NULL OR agency = ?1) AND (?2 IS NULL OR queue = ?2)",
                         overdue, err, "alerts", "ttI", agency, queue, now);
    return rc;
}

STORE_COPY(period_copy, store_alert_period, p, "IIIII", &p->opened, &p->answered_in_time,
           &p->answered_late, &p->open, &p->overdue)

int store_alert_period_counts(store *s, int64_t from, int64_t to, int64_t now,
                              store_alert_period *out, gisac_err *err)
{
    memset(out, 0, sizeof *out);
    return store_get(s, STC_NONE,
                     "SELECT count(*),"
                     " coalesce(sum(CASE WHEN answered_at IS NOT NULL AND answered_at <= due THEN "
                     "1 ELSE 0 END), 0),"
                     " coalesce(sum(CASE WHEN answered_at IS NOT NULL AND answered_at > due THEN 1 "
                     "ELSE 0 END), 0),"
                     " coalesce(sum(CASE WHEN status = 'open' THEN 1 ELSE 0 END), 0),"
                     " coalesce(sum(CASE WHEN status = 'open' AND due < ?3 THEN 1 ELSE 0 END), 0)"
                     " FROM alert WHERE opened >= ?1 AND opened < ?2",
                     period_copy, out, NULL, err, "alerts", "III", from, to, now);
}
