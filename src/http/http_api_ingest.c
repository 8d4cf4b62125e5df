/*
 * http_api_ingest.c: POST /api/v1/ingest (docs/api.md): sensors post EVE
 * or Zeek lines; app_ingest matches them against the installation's live
 * snapshot and records the sightings with their automatic reports before
 * the answer (durable before acknowledged). Here: the query, the call,
 * the answer.
 */
#include "http/http_api_internal.h"

#include <string.h>

http_res api_ingest(api_ctx *c)
{
    static const char *const args[] = {"format", "agency", NULL};
    if (api_query_check(c, args, NULL) < 0)
        return api_fail(c);
    gisac_err err = GISAC_ERR_INIT;
    json_t *out = NULL;
    int rc = app_ingest(c->r->app, &c->p, api_arg(c, "agency"), c->r->body, c->r->body_len,
                        api_arg(c, "format"), c->now, &out, &err);
    /* a query parameter missing or outside its set: the request is malformed */
    if (rc == GISAC_EINVAL && strncmp(err.field, "$.", 2) == 0)
        return api_error(c, 400, "bad_request", "query parameter '%s' %s", err.field + 2, err.msg);
    if (rc < 0)
        return api_service_error(c, rc, &err);
    return api_json(c, 200, out);
}
