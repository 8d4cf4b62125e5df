/*
 * http_api_alert.c: /api/v1/alerts and /api/v1/sightings (docs/alert.md,
 * docs/api.md): monitoring notices over HTTP, with the semantics of
 * `gisac alert` and `gisac sighting list`.
 *
 *   GET   /alerts                 list (agency, status, queue,
 *                                 allowlist_requests, since, limit)
 *   GET   /alerts/{id}            one, with its first and last events
 *   POST  /alerts/{id}/confirm    file an incident report (201)
 *   POST  /alerts/{id}/dismiss    with a reason
 *   POST  /alerts/{id}/release    to its agency (staff)
 *   POST  /alerts/confirm|dismiss|release   several: {"ids":[...], ...},
 *                                 each result reported (200)
 *   GET   /sightings              with their context (agency, indicator,
 *                                 since, limit)
 *
 * Who: the route class lets staff and agency officers in; the alert
 * service checks role, agency and TLP on every call: another agency's
 * alert, or one held in the office's queue, answers 404 to an officer
 * exactly like one that does not exist.
 */
#include "http/http_api_internal.h"

#include <stdlib.h>
#include <string.h>

#define ALERT_LIMIT_MAX 1000
#define TEXT_BYTES      2000

static json_t *alert_row_json(const alert_view *v, int64_t now)
{
    gisac_buf b = GISAC_BUF_INIT;
    return api_parsed(&b, app_alert_row_json(v, now, &b));
}

static int alert_row_cb(void *ctx, const alert_view *v)
{
    api_rows *l = ctx;
    return api_rows_add(l, alert_row_json(v, l->now));
}

/* The since query parameter into *since; 0 or -1. */
static int arg_since(api_ctx *c, int64_t *since)
{
    const char *v = api_arg(c, "since");
    gisac_err terr = GISAC_ERR_INIT;
    if (v && app_parse_time(c->r->app, v, since, &terr) < 0)
        return api_set(c, 400, "bad_request",
                       "query parameter 'since' must be a time such as 2026-11-24T08:00:00Z");
    return 0;
}

/*
 * The query both lists share, checked against args: agency, since and
 * limit (1 .. ALERT_LIMIT_MAX, 100 when absent). 0, or -1 with the answer
 * in c.
 */
static int list_query(api_ctx *c, const char *const *args, const char **agency, int64_t *since,
                      int64_t *limit)
{
    long n;
    if (api_query_check(c, args, NULL) < 0 ||
        api_arg_int(c, "limit", 1, ALERT_LIMIT_MAX, 100, &n) < 0 || arg_since(c, since) < 0)
        return -1;
    *agency = api_arg(c, "agency");
    *limit = n;
    return 0;
}

http_res api_alerts_list(api_ctx *c)
{
    static const char *const args[] = {"agency", "status", "queue",  "allowlist_requests",
                                       "since",  "limit",  "cursor", NULL};
    alert_filter f;
    memset(&f, 0, sizeof f);
    if (list_query(c, args, &f.agency, &f.since, &f.limit) < 0)
        return api_fail(c);
    f.status = api_arg(c, "status");
    f.queue = api_arg(c, "queue");
    f.after = api_arg(c, "cursor");
    char next[ALERT_ID_MAX] = "";
    f.next = next;
    const char *v = api_arg(c, "allowlist_requests");
    if (v) {
        if (strcmp(v, "true") == 0)
            f.allowlist_request = 1;
        else if (strcmp(v, "false") != 0)
            return api_error(c, 400, "bad_request",
                             "query parameter 'allowlist_requests' must be true or false");
    }
    api_rows a = {json_array(), c->now, 0};
    gisac_err err = GISAC_ERR_INIT;
    int rc = a.arr ? app_list_alerts(c->r->app, &c->p, &f, alert_row_cb, &a, &err)
                   : gisac_err_set(&err, GISAC_ENOMEM, "out of memory");
    return api_rows_answer_next(c, "alerts", &a, rc, &err, next);
}

http_res api_alert_get(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    gisac_err err = GISAC_ERR_INIT;
    gisac_buf b = GISAC_BUF_INIT;
    int rc = app_alert_json(c->r->app, &c->p, c->param[0], c->now, &b, &err);
    if (rc < 0) {
        gisac_buf_free(&b);
        return api_service_error(c, rc, &err);
    }
    json_t *o = api_parsed(&b, 0);
    return o ? api_json(c, 200, o) : api_error(c, 500, "internal", "internal error");
}

/* ---- answers -------------------------------------------------------------------- */

/* The members of an answer's body into ans; 0 or -1. */
static int answer_body(api_ctx *c, app_alert_step step, app_alert_answer *ans)
{
    memset(ans, 0, sizeof ans[0]);
    ans->step = step;
    if (step == APP_ALERT_CONFIRM) {
        const char *at = NULL;
        if (api_get_str(c, c->body, "$", "aware_at", 0, 64, &at) < 0 ||
            api_get_str(c, c->body, "$", "title", 0, TEXT_BYTES, &ans->confirm.title) < 0 ||
            api_get_str(c, c->body, "$", "description", 0, 100000, &ans->confirm.description) < 0 ||
            api_get_str(c, c->body, "$", "category", 0, 64, &ans->confirm.category) < 0)
            return -1;
        gisac_err terr = GISAC_ERR_INIT;
        if (at && app_parse_time(c->r->app, at, &ans->confirm.aware_at, &terr) < 0)
            return api_set(c, 422, "invalid",
                           "$.aware_at: '%s' is not a time such as 2026-11-24T08:00:00Z", at);
    } else if (step == APP_ALERT_DISMISS) {
        int present = 0;
        if (api_get_str(c, c->body, "$", "reason", 1, 64, &ans->reason) < 0 ||
            api_get_str(c, c->body, "$", "note", 0, TEXT_BYTES, &ans->note) < 0 ||
            api_get_bool(c, c->body, "$", "allowlist", &ans->allowlist, &present) < 0)
            return -1;
    }
    return 0;
}

static const char *const confirm_keys[] = {"aware_at", "title", "description", "category", NULL};
static const char *const dismiss_keys[] = {"reason", "note", "allowlist", NULL};
static const char *const no_keys[] = {NULL};
static const char *const bulk_confirm_keys[] = {"ids",         "aware_at", "title",
                                                "description", "category", NULL};
static const char *const bulk_dismiss_keys[] = {"ids", "reason", "note", "allowlist", NULL};
static const char *const bulk_release_keys[] = {"ids", NULL};

/* The answers, by the last segment of their path: the step and the body's keys. */
typedef struct step_route {
    const char *name;
    app_alert_step step;
    const char *const *keys;      /* POST /alerts/{id}/<name> */
    const char *const *bulk_keys; /* POST /alerts/<name> */
} step_route;
static const step_route step_routes[] = {
    {"confirm", APP_ALERT_CONFIRM, confirm_keys, bulk_confirm_keys},
    {"dismiss", APP_ALERT_DISMISS, dismiss_keys, bulk_dismiss_keys},
    {"release", APP_ALERT_RELEASE, no_keys, bulk_release_keys},
};

/* The answer the request's path ends in (the route table routes only these three here). */
static const step_route *step_of(const api_ctx *c)
{
    const char *name = strrchr(c->path, '/') + 1;
    size_t i = 0;
    while (i + 1 < sizeof step_routes / sizeof *step_routes && strcmp(step_routes[i].name, name))
        i++;
    return &step_routes[i];
}

typedef struct one_out {
    int rc;
    gisac_err err;
    char incident[INCIDENT_ID_MAX];
} one_out;

static int one_result(void *ctx, const char *id, int rc, const gisac_err *err, const char *filed)
{
    (void)id;
    one_out *o = ctx;
    o->rc = rc;
    if (err)
        o->err = *err;
    if (filed)
        snprintf(o->incident, sizeof o->incident, "%s", filed);
    return 0;
}

http_res api_alert_answer(api_ctx *c)
{
    const step_route *sr = step_of(c);
    app_alert_step step = sr->step;
    const char *const *keys = sr->keys;
    app_alert_answer ans;
    if (api_query_check(c, api_no_args, NULL) < 0 ||
        (c->body && api_keys(c, c->body, "$", keys) < 0) || answer_body(c, step, &ans) < 0)
        return api_fail(c);
    one_out o = {0, GISAC_ERR_INIT, ""};
    size_t failed = 0;
    gisac_err err = GISAC_ERR_INIT;
    const char *ids[1] = {c->param[0]};
    int rc =
        app_answer_alerts(c->r->app, &c->p, ids, 1, &ans, c->now, one_result, &o, &failed, &err);
    if (rc < 0)
        return api_service_error(c, rc, &err);
    if (o.rc < 0)
        return api_service_error(c, o.rc, &o.err);
    if (step == APP_ALERT_CONFIRM) {
        incident inc;
        rc = app_get_incident(c->r->app, &c->p, o.incident, c->now, &inc, &err);
        if (rc < 0)
            return api_service_error(c, rc, &err);
        gisac_buf b = GISAC_BUF_INIT;
        json_t *ij = api_parsed(&b, incident_to_json(&inc, c->now, &b));
        json_t *out = json_object();
        int bad = api_put(out, "alert", json_string(c->param[0]));
        bad |= api_put(out, "incident", ij);
        return api_json(c, 201, api_done(out, bad || !ij));
    }
    gisac_buf b = GISAC_BUF_INIT;
    rc = app_alert_json(c->r->app, &c->p, c->param[0], c->now, &b, &err);
    if (rc < 0) {
        gisac_buf_free(&b);
        return api_service_error(c, rc, &err);
    }
    json_t *j = api_parsed(&b, 0);
    return j ? api_json(c, 200, j) : api_error(c, 500, "internal", "internal error");
}

typedef struct bulk_out {
    json_t *arr;
    int bad;
} bulk_out;

static int bulk_result(void *ctx, const char *id, int rc, const gisac_err *err, const char *filed)
{
    bulk_out *b = ctx;
    json_t *o = json_object();
    int bad = api_put(o, "id", json_string(id));
    bad |= api_put(o, "ok", json_boolean(rc == 0));
    if (filed)
        bad |= api_put(o, "incident", json_string(filed));
    if (rc < 0) {
        json_t *e = json_object();
        bad |= api_put(e, "code", json_string(gisac_errname(rc)));
        bad |=
            api_put(e, "message", json_string(err && err->msg[0] ? err->msg : gisac_strerror(rc)));
        bad |= api_put(o, "error", e);
    }
    b->bad |= bad || json_array_append_new(b->arr, o) != 0;
    return b->bad;
}

http_res api_alerts_answer(api_ctx *c)
{
    const step_route *sr = step_of(c);
    app_alert_step step = sr->step;
    const char *const *keys = sr->bulk_keys;
    app_alert_answer ans;
    const char **ids = NULL;
    size_t n = 0;
    if (api_query_check(c, api_no_args, NULL) < 0 || api_keys(c, c->body, "$", keys) < 0 ||
        api_get_strs(c, c->body, "$", "ids", APP_ALERT_BULK_MAX, ALERT_ID_MAX, &ids, &n) < 0)
        return api_fail(c);
    if (answer_body(c, step, &ans) < 0) {
        free(ids);
        return api_fail(c);
    }
    bulk_out b = {json_array(), 0};
    size_t failed = 0;
    gisac_err err = GISAC_ERR_INIT;
    int rc = b.arr ? app_answer_alerts(c->r->app, &c->p, ids, n, &ans, c->now, bulk_result, &b,
                                       &failed, &err)
                   : gisac_err_set(&err, GISAC_ENOMEM, "out of memory");
    free(ids);
    if (rc == 0 && b.bad)
        rc = gisac_err_set(&err, GISAC_ENOMEM, "out of memory");
    if (rc < 0) {
        json_decref(b.arr);
        return api_service_error(c, rc, &err);
    }
    json_t *o = json_object();
    int bad = api_put(o, "results", b.arr);
    bad |= api_put(o, "failed", json_integer((json_int_t)failed));
    return api_json(c, 200, api_done(o, bad));
}

/* ---- sightings ------------------------------------------------------------------- */

static int sighting_cb(void *ctx, const store_sighting_detail *d)
{
    gisac_buf b = GISAC_BUF_INIT;
    return api_rows_add(ctx, api_parsed(&b, app_sighting_row_json(d, &b)));
}

http_res api_sightings_list(api_ctx *c)
{
    static const char *const args[] = {"agency", "indicator", "since",  "limit",
                                       "until",  "sensor",    "cursor", NULL};
    alert_sighting_filter f;
    memset(&f, 0, sizeof f);
    if (list_query(c, args, &f.agency, &f.since, &f.limit) < 0)
        return api_fail(c);
    f.value = api_arg(c, "indicator");
    f.sensor = api_arg(c, "sensor");
    const char *until = api_arg(c, "until");
    gisac_err terr = GISAC_ERR_INIT;
    if (until && app_parse_time(c->r->app, until, &f.until, &terr) < 0)
        return api_error(c, 400, "bad_request",
                         "query parameter 'until' must be a time such as 2026-11-24T08:00:00Z");
    f.after = api_arg(c, "cursor");
    char next[ALERT_SIGHTING_CURSOR_MAX] = "";
    f.next = next;
    api_rows a = {json_array(), c->now, 0};
    gisac_err err = GISAC_ERR_INIT;
    int rc = a.arr ? app_list_sightings(c->r->app, &c->p, &f, sighting_cb, &a, &err)
                   : gisac_err_set(&err, GISAC_ENOMEM, "out of memory");
    return api_rows_answer_next(c, "sightings", &a, rc, &err, next);
}
