/*
 * http_api_asset.c: the software-asset register and vulnerability data
 * (docs/api.md, docs/asset.md, docs/vuln.md):
 *
 *   GET  /assets?agency=&host=&component=   the register's components
 *   POST /assets?agency=&host=&system=&distro=  import one inventory (the body)
 *   GET  /vulns/affected?agency=&host=&vuln= affected components, and why
 *   GET  /vulns/{id}                        one vulnerability (any of its ids)
 *   POST /vulns/vex                         a not_affected statement
 *   POST /vulns/vex/import?agency=          a VEX document (the body)
 *
 * Who: the app decides (app_asset.h); an agency officer reads and writes
 * their own agency's register only.
 */
#include "http/http_api_internal.h"

#include <stdio.h>
#include <string.h>

static int asset_row(void *ctx, const store_asset_row *r)
{
    api_rows *l = ctx;
    gisac_buf b = GISAC_BUF_INIT;
    return api_rows_add(l, api_parsed(&b, app_asset_to_json(r, &b)));
}

static int nonempty(api_ctx *c, const char *key)
{
    const char *v = api_arg(c, key);
    if (v && (!*v || strlen(v) > 1000))
        return api_set(c, 400, "bad_request", "query parameter '%s' must not be empty", key);
    return 0;
}

http_res api_assets_list(api_ctx *c)
{
    static const char *const args[] = {"agency", "host", "component", NULL};
    if (api_query_check(c, args, NULL) < 0 || nonempty(c, "agency") < 0 ||
        nonempty(c, "host") < 0 || nonempty(c, "component") < 0)
        return api_fail(c);
    app_asset_filter f = {api_arg(c, "agency"), api_arg(c, "host"), api_arg(c, "component")};
    api_rows l = {json_array(), c->now, 0};
    gisac_err err = GISAC_ERR_INIT;
    int rc = l.arr ? app_list_assets(c->r->app, &c->p, &f, asset_row, &l, &err) : GISAC_ENOMEM;
    return api_rows_answer(c, "components", &l, rc, &err);
}

http_res api_assets_import(api_ctx *c)
{
    static const char *const args[] = {"agency", "host", "system", "distro", NULL};
    if (api_query_check(c, args, NULL) < 0 || nonempty(c, "agency") < 0 ||
        nonempty(c, "host") < 0 || nonempty(c, "system") < 0 || nonempty(c, "distro") < 0)
        return api_fail(c);
    const char *agency = api_arg(c, "agency");
    asset_import_result res;
    char host[256] = "";
    char agency_out[128] = "";
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_import_asset(c->r->app, &c->p, agency, api_arg(c, "host"), api_arg(c, "system"),
                              api_arg(c, "distro"), c->r->body ? c->r->body : "", c->r->body_len,
                              "upload", &res, host, sizeof host, &err);
    if (rc == 0)
        snprintf(agency_out, sizeof agency_out, "%s", res.agency);
    if (rc < 0)
        return api_service_error(c, rc, &err);
    json_t *o = json_object();
    int bad = !o;
    bad |= api_put(o, "agency", json_string(agency_out));
    bad |= api_put(o, "host", json_string(host));
    bad |= api_put(o, "components", json_integer((json_int_t)res.components));
    bad |= api_put(o, "added", json_integer((json_int_t)res.added));
    bad |= api_put(o, "removed", json_integer((json_int_t)res.removed));
    return api_json(c, 200, api_done(o, bad));
}

http_res api_vex_import(api_ctx *c)
{
    static const char *const args[] = {"agency", NULL};
    if (api_query_check(c, args, NULL) < 0)
        return api_fail(c);
    app_vex_import_result res;
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_import_vex(c->r->app, &c->p, api_arg(c, "agency"), c->r->body ? c->r->body : "",
                            c->r->body_len, &res, &err);
    if (rc < 0)
        return api_service_error(c, rc, &err);
    json_t *o = json_object();
    int bad = !o;
    bad |= api_put(o, "format", json_string(res.format));
    const size_t n[] = {res.statements, res.added, res.known, res.other, res.unknown_vuln};
    static const char *const k[] = {"statements", "added", "known", "other", "unknown_vuln"};
    for (size_t i = 0; i < sizeof n / sizeof n[0]; i++)
        bad |= api_put(o, k[i], json_integer((json_int_t)n[i]));
    return api_json(c, 200, api_done(o, bad));
}

static int hit_row(void *ctx, const vuln_hit *h)
{
    api_rows *l = ctx;
    gisac_buf b = GISAC_BUF_INIT;
    return api_rows_add(l, api_parsed(&b, vuln_hit_to_json(h, &b)));
}

http_res api_vulns_affected(api_ctx *c)
{
    static const char *const args[] = {"agency", "host", "vuln", NULL};
    if (api_query_check(c, args, NULL) < 0 || nonempty(c, "agency") < 0 ||
        nonempty(c, "host") < 0 || nonempty(c, "vuln") < 0)
        return api_fail(c);
    vuln_filter f = {api_arg(c, "agency"), api_arg(c, "host"), api_arg(c, "vuln"), 0};
    api_rows l = {json_array(), c->now, 0};
    gisac_err err = GISAC_ERR_INIT;
    int rc = l.arr ? app_list_affected(c->r->app, &c->p, &f, hit_row, &l, &err) : GISAC_ENOMEM;
    return api_rows_answer(c, "affected", &l, rc, &err);
}

http_res api_vuln_get(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_show_vuln(c->r->app, &c->p, c->param[0], &b, &err);
    if (rc < 0) {
        gisac_buf_free(&b);
        return api_service_error(c, rc, &err);
    }
    json_t *o = api_parsed(&b, rc);
    return o ? api_json(c, 200, o) : api_error(c, 500, "internal", "internal error");
}

http_res api_vex_create(api_ctx *c)
{
    static const char *const keys[] = {"agency", "vuln",          "component", "version", "from",
                                       "to",     "justification", "statement", NULL};
    app_vex_input in = {0};
    if (api_query_check(c, api_no_args, NULL) < 0 || api_keys(c, c->body, "$", keys) < 0 ||
        api_get_str(c, c->body, "$", "agency", 0, 64, &in.agency) < 0 ||
        api_get_str(c, c->body, "$", "vuln", 1, 128, &in.vuln) < 0 ||
        api_get_str(c, c->body, "$", "component", 1, 1000, &in.component) < 0 ||
        api_get_str(c, c->body, "$", "version", 0, 128, &in.version) < 0 ||
        api_get_str(c, c->body, "$", "from", 0, 128, &in.from) < 0 ||
        api_get_str(c, c->body, "$", "to", 0, 128, &in.to) < 0 ||
        api_get_str(c, c->body, "$", "justification", 1, 64, &in.justification) < 0 ||
        api_get_str(c, c->body, "$", "statement", 0, 2000, &in.statement) < 0)
        return api_fail(c);
    int64_t id = 0;
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_add_vex(c->r->app, &c->p, &in, &id, &err);
    if (rc < 0)
        return api_service_error(c, rc, &err);
    json_t *o = json_object();
    int bad = !o;
    bad |= api_put(o, "id", json_integer((json_int_t)id));
    bad |= api_put(o, "status", json_string("not_affected"));
    return api_json(c, 201, api_done(o, bad));
}
