/* alert_internal.h: private to src/incident (incident_auto.c opens alerts). */
#ifndef GISAC_INCIDENT_ALERT_INTERNAL_H
#define GISAC_INCIDENT_ALERT_INTERNAL_H

#include "incident/alert.h"

/* Sum s into its sightings by direction (hosts, sensor, last event); inside a transaction. */
int alert_sighting_record(incident_svc *svc, const incident_sighting *s, gisac_err *err);

/*
 * Open or update the alert of (s->agency, ind) under rules r: its counts,
 * hosts and events, audited; a new one is notified. id its ref, *opened
 * 1 when new, *restricted 1 when in the office's queue.
 */
int alert_from_sighting(incident_svc *svc, const incident_auto_rules *r,
                        const store_auto_indicator *ind, const incident_sighting *s, int64_t now,
                        char id[ALERT_ID_MAX], int *opened, int *restricted, gisac_err *err);

#endif
