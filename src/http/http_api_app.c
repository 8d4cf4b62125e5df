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

/* ---- the register (docs/app.md) ----------------------------------------------- */

#include <jansson.h>
#include <stdlib.h>

/* The i-th path parameter as an id (1 .. 2000000000), else a 404 naming what. */
static int app_id_param(api_ctx *c, int i, const char *what, int64_t *id)
{
    char *end;
    long long v = strtoll(c->param[i], &end, 10);
    if (!c->param[i][0] || *end || v < 1 || v > 2000000000LL)
        return api_set(c, 404, "not_found", "no such %s '%s'", what, c->param[i]);
    *id = v;
    return 0;
}

API_JSON_ROWS(app_cb, store_mobile_app, mobile_app_to_json)

static int apps_fill(api_ctx *c, api_rows *a, gisac_err *err)
{
    return app_list_apps(c->r->app, &c->p, api_arg(c, "agency"), app_cb, a, err);
}

http_res api_apps_list(api_ctx *c)
{
    return api_list(c, api_agency_arg, "apps", apps_fill);
}

/* An array of strings at key joined into lines in b (*out NULL when absent). */
static int lines_member(api_ctx *c, const char *key, gisac_buf *b, const char **out)
{
    const char **v = NULL;
    size_t n = 0;
    *out = NULL;
    if (api_get_strs(c, c->body, "$", key, 20, 200, &v, &n) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        if ((i && gisac_buf_putc(b, '\n') < 0) || gisac_buf_puts(b, v[i]) < 0)
            rc = api_set(c, 500, "internal", "out of memory");
    free(v);
    if (rc == 0 && json_object_get(c->body, key))
        *out = b->data ? b->data : "";
    return rc;
}

static const char *const app_keys[] = {"agency",      "name",     "package", "platform",
                                       "store_links", "contacts", NULL};

/* POST /apps (create) or PATCH /apps/{id}: the body into in, the lines into links and contacts. */
static http_res app_write(api_ctx *c, int create)
{
    int64_t id = 0;
    mobile_app_input in = {0};
    gisac_buf links = GISAC_BUF_INIT, contacts = GISAC_BUF_INIT, b = GISAC_BUF_INIT;
    if (api_query_check(c, api_no_args, NULL) < 0 ||
        (!create && app_id_param(c, 0, "app", &id) < 0) ||
        api_keys(c, c->body, "$", app_keys) < 0 ||
        api_get_str(c, c->body, "$", "agency", create, 64, &in.agency) < 0 ||
        api_get_str(c, c->body, "$", "name", create, MOBILE_NAME_MAX, &in.name) < 0 ||
        api_get_str(c, c->body, "$", "package", create, 255, &in.package) < 0 ||
        api_get_str(c, c->body, "$", "platform", create, 16, &in.platform) < 0 ||
        lines_member(c, "store_links", &links, &in.store_links) < 0 ||
        lines_member(c, "contacts", &contacts, &in.contacts) < 0) {
        gisac_buf_free(&links);
        gisac_buf_free(&contacts);
        return api_fail(c);
    }
    gisac_err err = GISAC_ERR_INIT;
    int rc = create ? app_add_app(c->r->app, &c->p, &in, &b, &err)
                    : app_update_app(c->r->app, &c->p, id, &in, &b, &err);
    gisac_buf_free(&links);
    gisac_buf_free(&contacts);
    return api_buf_answer(c, create ? 201 : 200, &b, rc, &err);
}

http_res api_apps_create(api_ctx *c)
{
    return app_write(c, 1);
}

http_res api_app_update(api_ctx *c)
{
    return app_write(c, 0);
}

http_res api_app_get(api_ctx *c)
{
    int64_t id;
    if (api_query_check(c, api_no_args, NULL) < 0 || app_id_param(c, 0, "app", &id) < 0)
        return api_fail(c);
    gisac_err err = GISAC_ERR_INIT;
    gisac_buf b = GISAC_BUF_INIT;
    int rc = app_app_json(c->r->app, &c->p, id, &b, &err);
    return api_buf_answer(c, 200, &b, rc, &err);
}

http_res api_app_versions_add(api_ctx *c)
{
    static const char *const args[] = {"name", NULL};
    int64_t id;
    if (api_query_check(c, args, NULL) < 0 || app_id_param(c, 0, "app", &id) < 0)
        return api_fail(c);
    gisac_err err = GISAC_ERR_INIT;
    gisac_buf b = GISAC_BUF_INIT;
    int rc = app_submit_app_version_data(c->r->app, &c->p, id, api_arg(c, "name"), c->r->body,
                                         c->r->body_len, &b, &err);
    return api_buf_answer(c, 201, &b, rc, &err);
}

http_res api_app_version_get(api_ctx *c)
{
    int64_t id, n;
    if (api_query_check(c, api_no_args, NULL) < 0 || app_id_param(c, 0, "app", &id) < 0 ||
        app_id_param(c, 1, "version", &n) < 0)
        return api_fail(c);
    gisac_err err = GISAC_ERR_INIT;
    gisac_buf b = GISAC_BUF_INIT;
    int rc = app_app_version_json(c->r->app, &c->p, id, (int)n, &b, &err);
    return api_buf_answer(c, 200, &b, rc, &err);
}
