/*
 * http_api_feeds.c: the feed sources fetched on schedule under
 * /api/v1/feeds (docs/feed-sources.md), staff only: parse, call one app
 * function, answer.
 */
#include "http/http_api_internal.h"

#include <stdlib.h>
#include <string.h>

/* The source name as JSON (200, or 201 when created), or the app's error. */
static http_res source_answer(api_ctx *c, unsigned status, const char *name)
{
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_feed_get_json(c->r->app, &c->p, name, &b, &err);
    if (rc < 0) {
        gisac_buf_free(&b);
        return api_service_error(c, rc, &err);
    }
    return api_json(c, status, api_parsed(&b, 0));
}

http_res api_feeds_list(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_feed_list_json(c->r->app, &c->p, &b, &err);
    if (rc < 0) {
        gisac_buf_free(&b);
        return api_service_error(c, rc, &err);
    }
    return api_json(c, 200, api_parsed(&b, 0));
}

http_res api_feeds_create(api_ctx *c)
{
    static const char *const keys[] = {"name",     "url",        "format",    "every",
                                       "tlp",      "confidence", "labels",    "headers",
                                       "complete", "grace",      "max_bytes", NULL};
    intel_feed_def d = {.tlp = TLP_UNSET, .confidence = -1};
    long long conf = -1, max = 0;
    int complete = 0;
    const char **labels = NULL, **headers = NULL;
    if (api_query_check(c, api_no_args, NULL) < 0 || api_keys(c, c->body, "$", keys) < 0 ||
        api_get_str(c, c->body, "$", "name", 1, 64, &d.name) < 0 ||
        api_get_str(c, c->body, "$", "url", 1, 2048, &d.url) < 0 ||
        api_get_str(c, c->body, "$", "format", 0, 16, &d.format) < 0 ||
        api_get_str(c, c->body, "$", "every", 0, 32, &d.every) < 0 ||
        api_get_tlp(c, c->body, "$", "tlp", &d.tlp) < 0 ||
        api_get_int(c, c->body, "$", "confidence", 0, 0, 100, &conf, NULL) < 0 ||
        api_get_bool(c, c->body, "$", "complete", &complete, NULL) < 0 ||
        api_get_str(c, c->body, "$", "grace", 0, 32, &d.grace) < 0 ||
        api_get_int(c, c->body, "$", "max_bytes", 0, 1024, (long long)4 << 30, &max, NULL) < 0 ||
        api_get_strs(c, c->body, "$", "labels", INTEL_FEED_MAX_LIST, 64, &labels, &d.nlabels) < 0 ||
        api_get_strs(c, c->body, "$", "headers", INTEL_FEED_MAX_LIST, 4096, &headers, &d.nheaders) <
            0) {
        free(labels);
        free(headers);
        return api_fail(c);
    }
    d.confidence = (int)conf;
    d.complete = complete;
    d.max_bytes = max;
    d.labels = labels;
    d.headers = headers;
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_feed_add(c->r->app, &c->p, &d, &err);
    free(labels);
    free(headers);
    if (rc < 0)
        return api_service_error(c, rc, &err);
    return source_answer(c, 201, d.name);
}

http_res api_feed_get(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    return source_answer(c, 200, c->param[0]);
}

http_res api_feed_delete(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_feed_remove(c->r->app, &c->p, c->param[0], &err);
    if (rc < 0)
        return api_service_error(c, rc, &err);
    json_t *o = json_object();
    int bad = api_put(o, "name", json_string(c->param[0]));
    bad |= api_put(o, "removed", json_true());
    return api_json(c, 200, api_done(o, bad));
}

static http_res set_enabled(api_ctx *c, int enable)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_feed_enable(c->r->app, &c->p, c->param[0], enable, &err);
    if (rc < 0)
        return api_service_error(c, rc, &err);
    return source_answer(c, 200, c->param[0]);
}

http_res api_feed_enable(api_ctx *c)
{
    return set_enabled(c, 1);
}

http_res api_feed_disable(api_ctx *c)
{
    return set_enabled(c, 0);
}

http_res api_feed_fetch(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    gisac_err err = GISAC_ERR_INIT;
    intel_feed_result r;
    int rc = app_feed_fetch(c->r->app, &c->p, c->param[0], &r, &err);
    if (rc < 0)
        return api_service_error(c, rc, &err);
    gisac_buf b = GISAC_BUF_INIT;
    rc = app_feed_result_to_json(c->param[0], &r, &b);
    /* a failed fetch is the upstream's fault: 502 with what happened */
    return api_json(c, r.ok ? 200 : 502, api_parsed(&b, rc));
}
