/*
 * store_report.c: the reads behind the alert light and the key indicators
 * (src/report; see store_report.h), and the
 * hourly sighting buckets (table sighting_hour, schema 10) that
 * store_sighting_add fills.
 *
 * Rows and sums only: what counts as C2 intelligence, as a monthly report
 * or as a release is decided in src/report. Values are always bound.
 * These statements run a few times per command or request, so they are
 * prepared per call.
 */
#include "store/store_internal.h"

#include <string.h>

int store_sighting_hour_add(store *s, int64_t indicator_id, const char *agency, int64_t at,
                            int64_t count, gisac_err *err)
{
    int64_t hour = at - (at % 3600 + 3600) % 3600; /* floor, also before 1970 */
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "INSERT INTO sighting_hour (hour, agency, indicator_id, count)"
                           " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (hour, agency, indicator_id)"
                           " DO UPDATE SET count = sighting_hour.count + excluded.count",
                           &st, err, "sighting hour");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, hour);
    store_bind_text(st, 2, agency ? agency : "");
    sqlite3_bind_int64(st, 3, indicator_id);
    sqlite3_bind_int64(st, 4, count);
    rc = sqlite3_step(st) == SQLITE_DONE ? 0 : store_db_err(s, err, "sighting hour");
    sqlite3_finalize(st);
    return rc;
}

int store_sighting_hours(store *s, int64_t from, int64_t to, store_sighting_hour_cb cb, void *ctx,
                         gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT hour, agency, SUM(count) FROM sighting_hour"
                           " WHERE hour >= ?1 AND hour < ?2 GROUP BY hour, agency"
                           " ORDER BY hour, agency",
                           &st, err, "sighting hours");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to);
    int stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *agency = store_col_text(st, 1);
        stop =
            cb(ctx, sqlite3_column_int64(st, 0), agency ? agency : "", sqlite3_column_int64(st, 2));
    }
    rc = stop || rc == SQLITE_DONE ? 0 : store_db_err(s, err, "sighting hours");
    sqlite3_finalize(st);
    return rc;
}

int store_indicator_released(store *s, int64_t from, int64_t to, int64_t *n, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT COUNT(*) FROM indicator WHERE created >= ?1 AND created < ?2"
                           " AND matchable = 1 AND allowlisted = 0",
                           &st, err, "indicators released");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *n = sqlite3_column_int64(st, 0);
        rc = 0;
    } else {
        rc = store_db_err(s, err, "indicators released");
    }
    sqlite3_finalize(st);
    return rc;
}

int store_indicator_labelled(store *s, int64_t from, int64_t to, store_labelled_cb cb, void *ctx,
                             gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT created, modified, labels FROM indicator"
                           " WHERE labels IS NOT NULL AND allowlisted = 0"
                           " AND ((created >= ?1 AND created < ?2)"
                           "   OR (modified >= ?1 AND modified < ?2))"
                           " ORDER BY id",
                           &st, err, "labelled indicators");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to);
    int stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW)
        stop = cb(ctx, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                  store_col_text(st, 2));
    rc = stop || rc == SQLITE_DONE ? 0 : store_db_err(s, err, "labelled indicators");
    sqlite3_finalize(st);
    return rc;
}
