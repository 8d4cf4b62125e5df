/*
 * http_api_advisory.c: /api/v1/advisories (docs/api.md, docs/advisory.md).
 *
 *   GET  /advisories        the latest revisions the caller may read, a page
 *                           at a time (year, severity, limit, cursor)
 *   GET  /advisories/{id}   one advisory (?revision=N for an older one)
 *   GET  /advisories/{id}/stix  its STIX 2.1 bundle, as the TAXII collection
 *                           "Advisories" serves it (gisac advisory show --stix)
 *   POST /advisories        publish one, or a revision ("revise": id)
 *
 * Every read goes through the caller's TLP view (applied by the app
 * functions): what it may not read answers 404 like what does not exist. The advisory is rendered
 * by the service (advisory_to_json), the shape of "gisac advisory show --json".
 */
#include "http/http_api_internal.h"

#include <stdlib.h>
#include <string.h>

#define DEFAULT_PAGE 100
#define TITLE_BYTES  4096 /* the service counts characters */
#define BODY_BYTES   (ADVISORY_BODY_MAX + 65536)
#define NAME_BYTES   64
#define CVE_BYTES    64
#define REVISION_MAX 1000000

/* The advisory as JSON (taken from the service's text), or NULL. */
static json_t *advisory_json(const advisory *a, int with_body)
{
    gisac_buf b = GISAC_BUF_INIT;
    json_t *o = NULL;
    if (advisory_to_json(a, with_body, &b) == 0)
        o = json_loadb(b.data, b.len, 0, NULL);
    gisac_buf_free(&b);
    return o;
}

/* ---- list ----------------------------------------------------------------- */

/* Answer status with the advisory a (with its body), which is freed. */
static http_res advisory_answer(api_ctx *c, int status, advisory *a)
{
    json_t *o = advisory_json(a, 1);
    advisory_free(a);
    if (!o)
        return api_error(c, 500, "internal", "internal error");
    return api_json(c, status, o);
}

static int list_cb(void *ctx, const advisory *a)
{
    return api_rows_add(ctx, advisory_json(a, 0));
}

http_res api_advisories_list(api_ctx *c)
{
    static const char *const args[] = {"limit", "cursor", "year", "severity", NULL};
    long limit, year;
    if (api_query_check(c, args, NULL) < 0 ||
        api_arg_int(c, "limit", 1, ADVISORY_LIST_MAX, DEFAULT_PAGE, &limit) < 0 ||
        api_arg_int(c, "year", 1970, 9999, 0, &year) < 0)
        return api_fail(c);
    advisory_filter f = {(int)year, ADVISORY_SEV_NONE};
    const char *sev = api_arg(c, "severity");
    if (sev && (f.severity = advisory_severity_parse(sev)) == ADVISORY_SEV_NONE)
        return api_error(c, 400, "bad_request",
                         "query parameter 'severity' must be low, medium, high or critical");
    api_rows l = {json_array(), 0, 0};
    char next[ADVISORY_ID_MAX];
    int more = 0;
    gisac_err err = GISAC_ERR_INIT;
    int rc = l.arr ? app_list_advisories(c->r->app, &c->p, &f, api_arg(c, "cursor"), (size_t)limit,
                                         list_cb, &l, next, &more, &err)
                   : GISAC_ENOMEM;
    if (rc == 0 && l.bad)
        rc = GISAC_ENOMEM;
    if (rc < 0) {
        json_decref(l.arr);
        if (rc == GISAC_EINVAL)
            return api_error(c, 400, "bad_request", "%s", err.msg);
        return api_service_error(c, rc, &err);
    }
    json_t *o = json_object();
    int bad = !o || json_object_set_new(o, "advisories", l.arr) != 0;
    bad |= !o || json_object_set_new(o, "next", more ? json_string(next) : json_null()) != 0;
    if (bad) {
        json_decref(o);
        return api_error(c, 500, "internal", "internal error");
    }
    return api_json(c, 200, o);
}

/* ---- one ------------------------------------------------------------------ */

/* The advisory of the path (?revision=N) into *out; 0, or the answer's status (404 or the error's).
 */
static http_res advisory_of(api_ctx *c, advisory **out, int *failed)
{
    static const char *const args[] = {"revision", NULL};
    long revision;
    *failed = 1;
    if (api_query_check(c, args, NULL) < 0 ||
        api_arg_int(c, "revision", 1, REVISION_MAX, 0, &revision) < 0)
        return api_fail(c);
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_get_advisory(c->r->app, &c->p, c->param[0], (int)revision, out, &err);
    if (rc == GISAC_EINVAL || rc == GISAC_ENOTFOUND)
        return api_error(c, 404, "not_found", "no such advisory");
    if (rc < 0)
        return api_service_error(c, rc, &err);
    *failed = 0;
    return 0;
}

http_res api_advisory_stix(api_ctx *c)
{
    advisory *a = NULL;
    int failed;
    http_res res = advisory_of(c, &a, &failed);
    if (failed)
        return res;
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_advisory_bundle(c->r->app, &c->p, a, c->now, &b, &err);
    advisory_free(a);
    if (rc < 0) {
        gisac_buf_free(&b);
        return api_service_error(c, rc, &err);
    }
    return http_send(c->r, 200, "application/stix+json;version=2.1", b.data, b.len, NULL, NULL);
}

http_res api_advisory_get(api_ctx *c)
{
    advisory *a = NULL;
    int failed;
    http_res res = advisory_of(c, &a, &failed);
    return failed ? res : advisory_answer(c, 200, a);
}

/* ---- publish -------------------------------------------------------------- */

/* The JSON path of a service error's member into out. */
static void where_path(const advisory_where *w, char *out, size_t cap)
{
    if (w->field == ADVISORY_F_NONE)
        snprintf(out, cap, "$");
    else if (w->index >= 0)
        snprintf(out, cap, "$.%s[%ld]", advisory_field_name(w->field), w->index);
    else
        snprintf(out, cap, "$.%s", advisory_field_name(w->field));
}

http_res api_advisories_create(api_ctx *c)
{
    static const char *const keys[] = {"title", "severity",   "tlp",  "recipients", "body",
                                       "lang",  "indicators", "cves", "revise",     NULL};
    const json_t *b = c->body;
    advisory_input v;
    memset(&v, 0, sizeof v);
    const char **rec = NULL, **ind = NULL, **cve = NULL;
    int ok = api_keys(c, b, "$", keys) == 0 &&
             api_get_str(c, b, "$", "revise", 0, ADVISORY_ID_MAX, &v.revise) == 0 &&
             api_get_str(c, b, "$", "title", !v.revise, TITLE_BYTES, &v.title) == 0 &&
             api_get_str(c, b, "$", "severity", !v.revise, 32, &v.severity) == 0 &&
             api_get_str(c, b, "$", "tlp", 0, 32, &v.tlp) == 0 &&
             api_get_str(c, b, "$", "body", !v.revise, BODY_BYTES, &v.body) == 0 &&
             api_get_str(c, b, "$", "lang", 0, 32, &v.lang) == 0 &&
             api_get_strs(c, b, "$", "recipients", ADVISORY_RECIPIENTS_MAX, NAME_BYTES, &rec,
                          &v.nrecipients) == 0 &&
             api_get_strs(c, b, "$", "indicators", ADVISORY_INDICATORS_MAX, IOC_VALUE_MAX, &ind,
                          &v.nindicators) == 0 &&
             api_get_strs(c, b, "$", "cves", ADVISORY_CVES_MAX, CVE_BYTES, &cve, &v.ncves) == 0;
    if (!ok) {
        free(rec);
        free(ind);
        free(cve);
        return api_fail(c);
    }
    v.recipients = rec;
    v.has_recipients = json_object_get(b, "recipients") != NULL;
    v.indicators = ind;
    v.has_indicators = json_object_get(b, "indicators") != NULL;
    v.cves = cve;
    v.has_cves = json_object_get(b, "cves") != NULL;
    advisory *a = NULL;
    advisory_where where;
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_publish_advisory(c->r->app, &c->p, &v, c->now, &a, &where, &err);
    free(rec);
    free(ind);
    free(cve);
    if (rc == GISAC_EINVAL || (rc == GISAC_ENOTFOUND && where.field == ADVISORY_F_REVISE)) {
        char path[80];
        where_path(&where, path, sizeof path);
        return api_error(c, 422, "invalid", "%s: %s", path, err.msg);
    }
    return rc < 0 ? api_service_error(c, rc, &err) : advisory_answer(c, 201, a);
}
