/*
 * http_api_ingest.c: POST /api/v1/ingest (docs/api.md): sensors post EVE
 * or Zeek lines; app_ingest matches them against the installation's live
 * snapshot and records the sightings with their alerts before the answer
 * (durable before acknowledged). Here: the query, the body's content
 * coding (gzip, deflate: decoded up to INGEST_DECODED_FACTOR times the
 * largest body), the call, the answer.
 */
#include "http/http_api_internal.h"

#include <string.h>

#define INGEST_DECODED_FACTOR 4

http_res api_ingest(api_ctx *c)
{
    static const char *const args[] = {"format", "agency", NULL};
    if (api_query_check(c, args, NULL) < 0)
        return api_fail(c);
    gisac_err err = GISAC_ERR_INIT;
    gisac_coding coding;
    const char *ce = http_header(c->r, "Content-Encoding");
    if (gisac_coding_parse(ce, &coding) < 0)
        return api_error(c, 415, "unsupported_media_type",
                         "Content-Encoding '%.40s': use gzip or deflate, or none", ce);
    const char *body = c->r->body;
    size_t len = c->r->body_len;
    gisac_buf dec = GISAC_BUF_INIT;
    if (coding != GISAC_CODING_IDENTITY) {
        size_t max = http_max_body(c->r) * INGEST_DECODED_FACTOR;
        int drc = gisac_decode(coding, body, len, max, &dec, &err);
        if (drc < 0) {
            gisac_buf_free(&dec);
            if (drc == GISAC_EABORT)
                return api_error(c, 413, "payload_too_large", "%s", err.msg);
            if (drc == GISAC_EINVAL)
                return api_error(c, 400, "bad_request", "Content-Encoding %s: %s", ce, err.msg);
            return api_error(c, 500, "internal", "internal error");
        }
        body = dec.data ? dec.data : "";
        len = dec.len;
    }
    json_t *out = NULL;
    int rc = app_ingest(c->r->app, &c->p, api_arg(c, "agency"), body, len, api_arg(c, "format"),
                        c->now, &out, &err);
    gisac_buf_free(&dec);
    /* a query parameter missing or outside its set: the request is malformed */
    if (rc == GISAC_EINVAL && strncmp(err.field, "$.", 2) == 0)
        return api_error(c, 400, "bad_request", "query parameter '%s' %s", err.field + 2, err.msg);
    if (rc < 0)
        return api_service_error(c, rc, &err);
    /* with NATS (serve --nats): stored in the stream, matched by a worker */
    return api_json(c, app_ingest_queues(c->r->app) ? 202 : 200, out);
}
