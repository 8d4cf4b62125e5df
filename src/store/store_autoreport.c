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
    return store_write(s, STC_NONE,
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
                       err, "incident sighting", "IItIII", sg->incident_id, sg->indicator_id,
                       sg->agency, sg->first_seen, sg->last_seen, sg->count);
}

STORE_ROWMAP(sighting_rows, store_incident_sighting, store_incident_sighting_cb, sighting_copy, sg,
             "IItIIIItt", &sg->incident_id, &sg->indicator_id, &sg->agency, &sg->first_seen,
             &sg->last_seen, &sg->count, &sg->batches, &sg->type, &sg->value);

int store_incident_sighting_iter(store *s, int64_t incident_id, store_incident_sighting_cb cb,
                                 void *ctx, gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT x.incident_id, x.indicator_id, x.agency, x.first_seen,"
                      " x.last_seen, x.count, x.batches, i.type, i.value"
                      " FROM incident_sighting x JOIN indicator i ON i.id = x.indicator_id"
                      " WHERE x.incident_id = ?1 ORDER BY i.type, i.value, x.agency",
                      &sighting_rows, 0, STORE_CBX(cb, ctx), err, "incident sightings", "I",
                      incident_id);
}
