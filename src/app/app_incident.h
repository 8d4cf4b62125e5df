/*
 * app_incident.h: the use cases of incidents, evidence, the policy, the alert light and the KPI
 * report. Part of app.h (include that, not this).
 */
#ifndef GISAC_APP_INCIDENT_H
#define GISAC_APP_INCIDENT_H

#endif
