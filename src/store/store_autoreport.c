/*
 * store_autoreport.c: what automatic reporting reads and writes (schema
 * version 9; see store.h, "automatic reports"): one indicator by its row
 * id, and the incident_sighting table (the sightings an automatic report
 * was opened or updated from, summed per indicator and agency).
 *
 * Rows only: the rules live in src/incident (incident_auto.c). Values are
 * always bound. These run once per indicator and agency of a flush of
 * sightings, so they are prepared per call.
 */
#include "store/store_internal.h"

#include <string.h>

int store_indicator_get_id(store *s, int64_t id, store_auto_indicator *out, gisac_arena *arena,
                           gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT type, value, stix_id, labels, confidence, tlp FROM indicator"
                           " WHERE id = ?1",
                           &st, err, "indicator");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        out->id = id;
        const char *type = store_col_text(st, 0);
        if (!type || ioc_type_from_name(type, &out->type) < 0) {
            rc = gisac_err_set(err, GISAC_ESTORE, "indicator %lld: bad type", (long long)id);
        } else {
            const char *v = store_col_text(st, 1), *sid = store_col_text(st, 2),
                       *lab = store_col_text(st, 3);
            out->value = gisac_arena_strdup(arena, v ? v : "");
            out->stix_id = sid ? gisac_arena_strdup(arena, sid) : NULL;
            out->labels_json = lab ? gisac_arena_strdup(arena, lab) : NULL;
            out->confidence =
                sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 : (int)sqlite3_column_int64(st, 4);
            out->tlp = (gisac_tlp)sqlite3_column_int(st, 5);
            if (!out->value || (sid && !out->stix_id) || (lab && !out->labels_json))
                rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        }
    } else if (step == SQLITE_DONE) {
        rc = gisac_err_set(err, GISAC_ENOTFOUND, "no indicator with id %lld", (long long)id);
    } else {
        rc = store_db_err(s, err, "indicator");
    }
    sqlite3_finalize(st);
    return rc;
}

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
    rc = sqlite3_step(st) == SQLITE_DONE ? 0 : store_db_err(s, err, "incident sighting");
    sqlite3_finalize(st);
    return rc;
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
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        store_incident_sighting sg = {
            sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), store_col_text(st, 2),
            sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4), sqlite3_column_int64(st, 5),
            sqlite3_column_int64(st, 6), store_col_text(st, 7),       store_col_text(st, 8)};
        if (cb(ctx, &sg) != 0) {
            step = SQLITE_DONE;
            break;
        }
    }
    rc = step == SQLITE_DONE ? 0 : store_db_err(s, err, "incident sightings");
    sqlite3_finalize(st);
    return rc;
}
