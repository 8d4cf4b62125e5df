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
    return store_write(s, STC_NONE,
                       "INSERT INTO sighting_hour (hour, agency, indicator_id, count)"
                       " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (hour, agency, indicator_id)"
                       " DO UPDATE SET count = sighting_hour.count + excluded.count",
                       err, "sighting hour", "ItII", hour, agency ? agency : "", indicator_id,
                       count);
}

/* Rows of three columns: (int64, text, int64) or (int64, int64, text). */
typedef struct hour_row {
    int64_t a, b;
    const char *text;
} hour_row;

static int hour_copy(void *row, gisac_arena *arena, store_statement *st)
{
    hour_row *h = row;
    int rc = store_cols(st, 0, arena, "ItI", &h->a, &h->text, &h->b);
    if (!h->text)
        h->text = "";
    return rc;
}

static int hour_call(const store_cb *cb, const void *row)
{
    const hour_row *h = row;
    return ((store_sighting_hour_cb)cb->fn)(cb->ctx, h->a, h->text, h->b);
}

static const store_rowtype hour_rows = {sizeof(hour_row), hour_copy, hour_call};

int store_sighting_hours(store *s, int64_t from, int64_t to, store_sighting_hour_cb cb, void *ctx,
                         gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT hour, agency, SUM(count) FROM sighting_hour"
                      " WHERE hour >= ?1 AND hour < ?2 GROUP BY hour, agency"
                      " ORDER BY hour, agency",
                      &hour_rows, 0, STORE_CBX(cb, ctx), err, "sighting hours", "II", from, to);
}

int store_indicator_released(store *s, int64_t from, int64_t to, int64_t *n, gisac_err *err)
{
    return store_value(s, STC_NONE,
                       "SELECT COUNT(*) FROM indicator WHERE created >= ?1 AND created < ?2"
                       " AND matchable = 1 AND allowlisted = 0",
                       n, err, "indicators released", "II", from, to);
}

STORE_COPY(labelled_copy, hour_row, h, "IIt", &h->a, &h->b, &h->text)

static int labelled_call(const store_cb *cb, const void *row)
{
    const hour_row *h = row;
    return ((store_labelled_cb)cb->fn)(cb->ctx, h->a, h->b, h->text);
}

static const store_rowtype labelled_rows = {sizeof(hour_row), labelled_copy, labelled_call};

int store_indicator_labelled(store *s, int64_t from, int64_t to, store_labelled_cb cb, void *ctx,
                             gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT created, modified, labels FROM indicator"
                      " WHERE labels IS NOT NULL AND allowlisted = 0"
                      " AND ((created >= ?1 AND created < ?2)"
                      "   OR (modified >= ?1 AND modified < ?2))"
                      " ORDER BY id",
                      &labelled_rows, 0, STORE_CBX(cb, ctx), err, "labelled indicators", "II", from,
                      to);
}
