/*
 * store_report.h: the reads behind the alert light and the key indicators
 * (src/report; SQL in src/store/store_report.c). Included by store.h; its
 * general rules hold.
 *
 * Rules of this area:
 *   - Sums and rows only: what counts as C2 intelligence, a monthly report
 *     or a release is decided in src/report.
 *   - Read-only: the hour buckets are written by store_sighting_add.
 *   - Callbacks stream: they must not call the store.
 */
#ifndef GISAC_STORE_REPORT_H
#define GISAC_STORE_REPORT_H

#include "store/store.h"

/*
 * store_sighting_add also adds its count to the hour bucket (UTC, the
 * hour that holds last_seen) of (indicator, agency) in the table
 * sighting_hour, in the same transaction. The alert light reads the last
 * 24 buckets, the KPI report sums them per day.
 */
typedef int (*store_sighting_hour_cb)(void *ctx, int64_t hour, const char *agency, int64_t count);
/* Sums per (hour, agency) of the buckets with from <= hour < to, by hour then agency. */
int store_sighting_hours(store *s, int64_t from, int64_t to, store_sighting_hour_cb cb, void *ctx,
                         gisac_err *err);
/* Indicators created in [from, to) that are matchable and not allowlisted (revoked or not). */
int store_indicator_released(store *s, int64_t from, int64_t to, int64_t *n, gisac_err *err);
typedef int (*store_labelled_cb)(void *ctx, int64_t created, int64_t modified,
                                 const char *labels_json);
/*
 * Indicators with labels, not allowlisted, created or modified in
 * [from, to), by id: their created and modified times and their labels (a
 * JSON array text).
 */
int store_indicator_labelled(store *s, int64_t from, int64_t to, store_labelled_cb cb, void *ctx,
                             gisac_err *err);

#endif
