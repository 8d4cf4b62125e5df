/*
 * app_alert.h: the use cases of monitoring notices (alerts) and sightings
 * with their context (docs/alert.md). Part of app.h (include that, not
 * this).
 *
 * The incident service's alert rules (src/incident/alert.h) decide who
 * sees and answers what: staff every alert; an agency officer those of
 * its own agency in the agency's queue (another agency's, or one held in
 * the office's queue, is GISAC_ENOTFOUND like one that does not exist);
 * sensors and consumers none (GISAC_EFORBIDDEN). Answering an alert that
 * is not open is GISAC_ECONFLICT; releasing is for staff.
 */
#ifndef GISAC_APP_ALERT_H
#define GISAC_APP_ALERT_H

#include "incident/alert.h"

int app_list_alerts(app *a, const auth_principal *who, const alert_filter *f, alert_cb cb,
                    void *ctx, gisac_err *err);
int app_get_alert(app *a, const auth_principal *who, const char *id, alert_view *out,
                  gisac_err *err);
int app_list_alert_events(app *a, const auth_principal *who, const char *id, alert_event_cb cb,
                          void *ctx, gisac_err *err);
/*
 * Alert id as JSON (alert_to_json) with its events:
 * "events":{"first":[{"time","line"}...],"last":[...]} appended to out.
 */
int app_alert_json(app *a, const auth_principal *who, const char *id, int64_t now, gisac_buf *out,
                   gisac_err *err);
/* An alert of a list as JSON (no events), appended to out. */
int app_alert_row_json(const alert_view *v, int64_t now, gisac_buf *out);

/* What to do with alerts. */
typedef enum app_alert_step {
    APP_ALERT_CONFIRM,
    APP_ALERT_DISMISS,
    APP_ALERT_RELEASE,
} app_alert_step;
typedef struct app_alert_answer {
    app_alert_step step;
    alert_confirm_input confirm; /* APP_ALERT_CONFIRM */
    const char *reason;          /* APP_ALERT_DISMISS: required */
    const char *note;
    int allowlist;
} app_alert_answer;

/* One alert's outcome: rc 0 (incident: the one filed on confirmation) or an error. */
typedef int (*app_alert_result_cb)(void *ctx, const char *id, int rc, const gisac_err *err,
                                   const char *incident);
#define APP_ALERT_BULK_MAX 100

/*
 * Answer alerts ids[0..n) (1 to APP_ALERT_BULK_MAX; duplicates answered
 * once), each on its own: every outcome goes to cb in order, *failed
 * counts those that failed. Returns 0 when the request itself was good
 * (even if some alerts failed), or GISAC_EINVAL (no ids, too many, a bad
 * reason, naming the field) before any is touched.
 */
int app_answer_alerts(app *a, const auth_principal *who, const char *const *ids, size_t n,
                      const app_alert_answer *ans, int64_t now, app_alert_result_cb cb, void *ctx,
                      size_t *failed, gisac_err *err);

/* Open alerts the caller may see (agency NULL: all it may) and those past their answer deadline. */
int app_alert_counts(app *a, const auth_principal *who, const char *agency, int64_t now,
                     int64_t *open, int64_t *overdue, gisac_err *err);

/* A sighting row as JSON (alert_sighting_to_json), appended to out. */
int app_sighting_row_json(const store_sighting_detail *d, gisac_buf *out);

/* Sightings with their context (alert_sightings). */
int app_list_sightings(app *a, const auth_principal *who, const alert_sighting_filter *f,
                       alert_sighting_cb cb, void *ctx, gisac_err *err);

#endif
