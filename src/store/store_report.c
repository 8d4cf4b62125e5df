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
    return store_run(s, st, STC_NONE, err, "sighting hour");
}

static int hour_each(void *ctx, sqlite3_stmt *st)
{
    store_cb *c = ctx;
    const char *agency = store_col_text(st, 1);
    return ((store_sighting_hour_cb)c->fn)(c->ctx, sqlite3_column_int64(st, 0),
                                           agency ? agency : "", sqlite3_column_int64(st, 2)) != 0;
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
    store_cb c = STORE_CB(cb, ctx);
    return store_rows(s, st, STC_NONE, hour_each, &c, err, "sighting hours");
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
    return store_int64(s, st, STC_NONE, n, err, "indicators released");
}

static int labelled_each(void *ctx, sqlite3_stmt *st)
{
    store_cb *c = ctx;
    return ((store_labelled_cb)c->fn)(c->ctx, sqlite3_column_int64(st, 0),
                                      sqlite3_column_int64(st, 1), store_col_text(st, 2)) != 0;
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
    store_cb c = STORE_CB(cb, ctx);
    return store_rows(s, st, STC_NONE, labelled_each, &c, err, "labelled indicators");
}
