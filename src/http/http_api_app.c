/* http_api_app.c: POST /api/v1/apps/check (docs/app-check.md, docs/api.md):
 * the security check of an uploaded APK. */
#include "http/http_api_internal.h"

#include <string.h>

http_res api_apps_check(api_ctx *c)
{
    static const char *const args[] = {"min_sdk", NULL};
    long min_sdk;
    if (api_query_check(c, args, NULL) < 0 || api_arg_int(c, "min_sdk", 1, 10000, 0, &min_sdk) < 0)
        return api_fail(c);
    gisac_err err = GISAC_ERR_INIT;
    apk_report *r = NULL;
    int rc =
        app_check_apk_data(c->r->app, &c->p, c->r->body, c->r->body_len, (int)min_sdk, &r, &err);
    if (rc < 0)
        return api_service_error(c, rc, &err);
    gisac_buf b = GISAC_BUF_INIT;
    rc = app_apk_report(r, "json", &b, &err);
    apk_report_free(r);
    json_t *out = rc < 0 ? NULL : json_loadb(b.data, b.len, 0, NULL);
    gisac_buf_free(&b);
    if (!out)
        return api_error(c, 500, "internal", "internal error");
    return api_json(c, 200, out);
}
