/*
 * app_match.h: the use cases of matching sensor logs and recording sightings (match --record,
 * ingest). Part of app.h (include that, not this).
 */
#ifndef GISAC_APP_MATCH_H
#define GISAC_APP_MATCH_H

#endif
