/*
 * store_autoreport.c: the incident_sighting table (schema version 9; see
 * store_incident.h): the sightings an automatic report was opened or
 * updated from, summed per indicator and agency.
 *
 * Rows only: the rules live in src/incident (incident_auto.c). Values are
 * always bound. These run once per indicator and agency of a flush of
 * sightings, so they are prepared per call.
 */
#include "store/store_internal.h"

#include <string.h>

int store_incident_sighting_add(store *s, const store_incident_sighting *sg, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc =
        store_prepare(s,
                      "INSERT INTO incident_sighting"
                      " (incident_id, indicator_id, agency, first_seen, last_seen, count, batches)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)"
                      " ON CONFLICT (incident_id, indicator_id, agency) DO UPDATE SET"
                      " first_seen = CASE WHEN excluded.first_seen < incident_sighting.first_seen"
                      "   THEN excluded.first_seen ELSE incident_sighting.first_seen END,"
                      " last_seen = CASE WHEN excluded.last_seen > incident_sighting.last_seen"
                      "   THEN excluded.last_seen ELSE incident_sighting.last_seen END,"
                      " count = incident_sighting.count + excluded.count,"
                      " batches = incident_sighting.batches + 1",
                      &st, err, "incident sighting");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, sg->incident_id);
    sqlite3_bind_int64(st, 2, sg->indicator_id);
    store_bind_text(st, 3, sg->agency);
    sqlite3_bind_int64(st, 4, sg->first_seen);
    sqlite3_bind_int64(st, 5, sg->last_seen);
    sqlite3_bind_int64(st, 6, sg->count);
    return store_run(s, st, STC_NONE, err, "incident sighting");
}

static int sighting_each(void *ctx, sqlite3_stmt *st)
{
    store_cb *c = ctx;
    store_incident_sighting sg = {
        sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), store_col_text(st, 2),
        sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4), sqlite3_column_int64(st, 5),
        sqlite3_column_int64(st, 6), store_col_text(st, 7),       store_col_text(st, 8)};
    return ((store_incident_sighting_cb)c->fn)(c->ctx, &sg) != 0;
}

int store_incident_sighting_iter(store *s, int64_t incident_id, store_incident_sighting_cb cb,
                                 void *ctx, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT x.incident_id, x.indicator_id, x.agency, x.first_seen,"
                           " x.last_seen, x.count, x.batches, i.type, i.value"
                           " FROM incident_sighting x JOIN indicator i ON i.id = x.indicator_id"
                           " WHERE x.incident_id = ?1 ORDER BY i.type, i.value, x.agency",
                           &st, err, "incident sightings");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, incident_id);
    store_cb c = STORE_CB(cb, ctx);
    return store_rows(s, st, STC_NONE, sighting_each, &c, err, "incident sightings");
}
