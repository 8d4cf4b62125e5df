/*
 * app_alert.c: monitoring notices (alerts) and sightings with their
 * context (app_alert.h). The incident service's alert rules check role,
 * agency and TLP on every call; this file adds the bulk answers and the
 * JSON of an alert with its events.
 */
#include "app/app_internal.h"

#include <stdlib.h>
#include <string.h>

int app_list_alerts(app *a, const auth_principal *who, const alert_filter *f, alert_cb cb,
                    void *ctx, gisac_err *err)
{
    incident_svc *svc = app_incident_h(a, err);
    return svc ? alert_list(svc, who, f, cb, ctx, err) : app_h_fail(err);
}

int app_get_alert(app *a, const auth_principal *who, const char *id, alert_view *out,
                  gisac_err *err)
{
    incident_svc *svc = app_incident_h(a, err);
    return svc ? alert_get(svc, who, id, out, err) : app_h_fail(err);
}

int app_list_alert_events(app *a, const auth_principal *who, const char *id, alert_event_cb cb,
                          void *ctx, gisac_err *err)
{
    incident_svc *svc = app_incident_h(a, err);
    return svc ? alert_events(svc, who, id, cb, ctx, err) : app_h_fail(err);
}

typedef struct ev_json {
    gisac_buf *b;
    int nfirst, nlast;
} ev_json;

static int ev_one(void *ctx, int first, int64_t time, const char *line)
{
    ev_json *e = ctx;
    if (!first && e->nlast == 0)
        gisac_buf_puts(e->b, "],\"last\":[");
    else if ((first ? e->nfirst : e->nlast) > 0)
        gisac_buf_putc(e->b, ',');
    if (first)
        e->nfirst++;
    else
        e->nlast++;
    char ts[GISAC_TIME_LEN];
    gisac_time_format(time, ts);
    gisac_buf_printf(e->b, "{\"time\":\"%s\",\"line\":", ts);
    gisac_buf_json_str(e->b, line);
    gisac_buf_putc(e->b, '}');
    return 0;
}

int app_alert_json(app *a, const auth_principal *who, const char *id, int64_t now, gisac_buf *out,
                   gisac_err *err)
{
    incident_svc *svc = app_incident_h(a, err);
    if (!svc)
        return app_h_fail(err);
    gisac_buf ev = GISAC_BUF_INIT;
    gisac_buf_puts(&ev, "{\"first\":[");
    ev_json e = {&ev, 0, 0};
    int rc = alert_events(svc, who, id, ev_one, &e, err);
    if (rc == 0)
        gisac_buf_puts(&ev, e.nlast ? "]}" : "],\"last\":[]}");
    alert_view v;
    if (rc == 0)
        rc = alert_get(svc, who, id, &v, err);
    if (rc == 0 && (!ev.data || alert_to_json(&v, now, ev.data, out) < 0))
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    gisac_buf_free(&ev);
    return rc;
}

int app_alert_row_json(const alert_view *v, int64_t now, gisac_buf *out)
{
    return alert_to_json(v, now, NULL, out);
}

int app_answer_alerts(app *a, const auth_principal *who, const char *const *ids, size_t n,
                      const app_alert_answer *ans, int64_t now, app_alert_result_cb cb, void *ctx,
                      size_t *failed, gisac_err *err)
{
    *failed = 0;
    if (!n)
        return gisac_err_at(err, GISAC_EINVAL, "$.ids", "no alert given");
    if (n > APP_ALERT_BULK_MAX)
        return gisac_err_at(err, GISAC_EINVAL, "$.ids", "at most %d alerts in one call",
                            APP_ALERT_BULK_MAX);
    int rc;
    if (ans->step == APP_ALERT_DISMISS && (rc = alert_reason_check(ans->reason, err)) < 0)
        return rc;
    incident_svc *svc = app_incident_h(a, err);
    if (!svc)
        return app_h_fail(err);
    for (size_t i = 0; i < n; i++) {
        int dup = 0;
        for (size_t k = 0; k < i && !dup; k++)
            dup = strcmp(ids[k], ids[i]) == 0;
        if (dup)
            continue;
        gisac_err e = GISAC_ERR_INIT;
        incident inc;
        const char *filed = NULL;
        switch (ans->step) {
        case APP_ALERT_CONFIRM:
            rc = alert_confirm(svc, who, ids[i], &ans->confirm, now, &inc, &e);
            filed = rc == 0 ? inc.id : NULL;
            break;
        case APP_ALERT_DISMISS:
            rc = alert_dismiss(svc, who, ids[i], ans->reason, ans->note, ans->allowlist, now, &e);
            break;
        default:
            rc = alert_release(svc, who, ids[i], now, &e);
        }
        if (rc < 0)
            (*failed)++;
        if (cb && cb(ctx, ids[i], rc, &e, filed) != 0)
            break;
    }
    return 0;
}

int app_alert_counts(app *a, const auth_principal *who, const char *agency, int64_t now,
                     int64_t *open, int64_t *overdue, gisac_err *err)
{
    incident_svc *svc = app_incident_h(a, err);
    return svc ? alert_counts(svc, who, agency, now, open, overdue, err) : app_h_fail(err);
}

int app_list_sightings(app *a, const auth_principal *who, const alert_sighting_filter *f,
                       alert_sighting_cb cb, void *ctx, gisac_err *err)
{
    incident_svc *svc = app_incident_h(a, err);
    return svc ? alert_sightings(svc, who, f, cb, ctx, err) : app_h_fail(err);
}

int app_sighting_row_json(const store_sighting_detail *d, gisac_buf *out)
{
    return alert_sighting_to_json(d, out);
}
