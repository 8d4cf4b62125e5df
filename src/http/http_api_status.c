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
    if (rc < 0) {
        gisac_buf_free(&b);
        return api_service_error(c, rc, &err);
    }
    json_t *o = json_loadb(b.data, b.len, 0, NULL);
    gisac_buf_free(&b);
    if (!o)
        return api_error(c, 500, "internal", "internal error");
    return api_json(c, 200, o);
}
