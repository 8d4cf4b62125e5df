/*
 * http_api_status.c: GET /api/v1/status (docs/api.md, docs/status.md):
 * the alert light of `gisac status --json` (app_status_json).
 *
 * Who: the route lets office staff and agency officers in (sensors and
 * consumers get 403). Staff see everything; an agency officer sees the
 * whole light and its own sector's, with only its own agency's incident
 * ids (others counted as "other_agencies"); asking for another sector is
 * a 403. ?sector=S gives that sector's light only (404 when no agency is
 * in it).
 */
#include "http/http_api_internal.h"

#include <stdlib.h>

http_res api_status_get(api_ctx *c)
{
    static const char *const args[] = {"sector", NULL};
    if (api_query_check(c, args, NULL) < 0)
        return api_fail(c);
    const char *sector = api_arg(c, "sector");
    if (sector && !*sector)
        return api_error(c, 400, "bad_request", "query parameter 'sector' must not be empty");
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_status_json(c->r->app, &c->p, sector, c->now, 0, &b, &err);
    return api_buf_answer(c, 200, &b, rc, &err);
}

http_res api_report_kpi(api_ctx *c)
{
    static const char *const args[] = {"year", "month", NULL};
    long year, month;
    if (api_query_check(c, args, NULL) < 0 || api_arg_int(c, "year", 1970, 9999, 0, &year) < 0 ||
        api_arg_int(c, "month", 1, 12, 0, &month) < 0)
        return api_fail(c);
    report_period p = {.year = (int)year, .month = (int)month};
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_kpi_json(c->r->app, &c->p, &p, c->now, 0, &b, &err);
    return api_buf_answer_in(c, 200, &b, rc, &err, API_IN_QUERY);
}

http_res api_policy_get(api_ctx *c)
{
    static const char *const args[] = {"version", NULL};
    if (api_query_check(c, args, NULL) < 0)
        return api_fail(c);
    const char *v = api_arg(c, "version");
    long version = 0;
    if (v) {
        char *end;
        version = strtol(v, &end, 10);
        if (!*v || *end || version < 1 || version > 1000000000)
            return api_error(c, 400, "bad_request",
                             "query parameter 'version' must be a policy version (1, 2, ...)");
    }
    policy p;
    incident_policy_info info;
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_get_policy(c->r->app, &c->p, (int)version, &p, &info, &err);
    if (rc < 0)
        return api_service_error(c, rc, &err);
    gisac_buf b = GISAC_BUF_INIT;
    rc = app_policy_json(&p, info.version, &b, &err);
    policy_free(&p);
    if (rc < 0) {
        gisac_buf_free(&b);
        return api_service_error(c, rc, &err);
    }
    json_t *o = json_loadb(b.data, b.len, JSON_PRESERVE_ORDER, NULL);
    gisac_buf_free(&b);
    if (!o)
        return api_error(c, 500, "internal", "internal error");
    return api_json(c, 200, o);
}
