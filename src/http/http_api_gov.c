/*
 * http_api_gov.c: governance and SCAP results over HTTP (docs/obligation.md,
 * docs/system.md, docs/assessment.md, docs/scap.md), with the semantics of
 * `gisac obligation|system|assessment|finding|scap`.
 *
 *   GET   /obligations                    list (agency, kind, status, within_days, year)
 *   GET   /obligations/rules              the rules of each grade
 *   GET   /obligations/{agency}/{kind}/{due}   one occurrence
 *   POST  /obligations/done               record one done {agency, kind, due?, at?, note?}
 *   GET   /systems (agency), POST /systems, GET|PATCH /systems/{id}
 *   GET   /assessments (agency), POST /assessments, GET /assessments/{id}
 *   GET   /findings (agency, status), GET /findings/counts (by: staff)
 *   GET   /findings/{id}, POST /findings/{id}/{step} (start, fix, retest, accept)
 *   GET   /scap/hosts (agency), GET /scap/hosts/{host} (agency),
 *   GET   /scap/hosts/{host}/diff (agency), GET /scap/compliance (by, agency)
 *   POST  /scap/import (agency, host): the body an XCCDF result or ARF report
 *
 * Who: the route class lets staff and agency officers in; the services
 * check role and agency on every call (another agency's record is 404
 * to an officer that may not read it, 403 when it may read but not record).
 */
#include "http/http_api_internal.h"

#include <stdlib.h>
#include <string.h>

#define TEXT_BYTES 4000

static int id_param(api_ctx *c, int i, int64_t *id)
{
    char *end;
    long long v = strtoll(c->param[i], &end, 10);
    if (!c->param[i][0] || *end || v < 1 || v > 2000000000LL)
        return api_set(c, 404, "not_found", "no such record '%s'", c->param[i]);
    *id = v;
    return 0;
}

/* An app function rendering the record id as JSON into out. */
typedef int (*record_json_fn)(app *a, const auth_principal *who, int64_t id, gisac_buf *out,
                              gisac_err *err);

/* GET of the record whose id is the path's first parameter, rendered by json. */
static http_res record_get(api_ctx *c, record_json_fn json)
{
    int64_t id;
    if (api_query_check(c, api_no_args, NULL) < 0 || id_param(c, 0, &id) < 0)
        return api_fail(c);
    gisac_err err = GISAC_ERR_INIT;
    gisac_buf b = GISAC_BUF_INIT;
    int rc = json(c->r->app, &c->p, id, &b, &err);
    return api_buf_answer(c, 200, &b, rc, &err);
}

/* ---- obligations ---- */

API_JSON_ROWS(obligation_cb, gov_obligation, gov_obligation_to_json)

static int obligations_fill(api_ctx *c, api_rows *a, gisac_err *err)
{
    long within, year;
    if (api_arg_int(c, "within_days", 0, 36500, 0, &within) < 0 ||
        api_arg_int(c, "year", 0, 9999, 0, &year) < 0)
        return API_FILL_FAILED;
    gov_obligation_filter f = {api_arg(c, "agency"), api_arg(c, "kind"), api_arg(c, "status"),
                               (int64_t)within * 86400, (int)year};
    return app_list_obligations(c->r->app, &c->p, &f, obligation_cb, a, err);
}

http_res api_obligations_list(api_ctx *c)
{
    static const char *const args[] = {"agency", "kind", "status", "within_days", "year", NULL};
    return api_list(c, args, "obligations", obligations_fill);
}

API_JSON_ROWS(rule_cb, gov_rule, gov_rule_to_json)

static int rules_fill(api_ctx *c, api_rows *a, gisac_err *err)
{
    return app_list_obligation_rules(c->r->app, &c->p, rule_cb, a, err);
}

http_res api_obligation_rules(api_ctx *c)
{
    return api_list(c, api_no_args, "rules", rules_fill);
}

http_res api_obligation_get(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    char id[3 * 200];
    snprintf(id, sizeof id, "%.190s/%.190s/%.190s", c->param[0], c->param[1], c->param[2]);
    gisac_err err = GISAC_ERR_INIT;
    gisac_buf b = GISAC_BUF_INIT;
    int rc = app_obligation_json(c->r->app, &c->p, id, &b, &err);
    return api_buf_answer(c, 200, &b, rc, &err);
}

http_res api_obligation_done(api_ctx *c)
{
    static const char *const keys[] = {"agency", "kind", "due", "at", "note", NULL};
    app_obligation_done in;
    memset(&in, 0, sizeof in);
    const char *at = NULL;
    if (api_query_check(c, api_no_args, NULL) < 0 || api_keys(c, c->body, "$", keys) < 0 ||
        api_get_str(c, c->body, "$", "agency", 1, 64, &in.agency) < 0 ||
        api_get_str(c, c->body, "$", "kind", 1, 64, &in.kind) < 0 ||
        api_get_str(c, c->body, "$", "due", 0, 10, &in.due) < 0 ||
        api_get_str(c, c->body, "$", "at", 0, 64, &at) < 0 ||
        api_get_str(c, c->body, "$", "note", 0, 2000, &in.note) < 0)
        return api_fail(c);
    gisac_err err = GISAC_ERR_INIT;
    if (at && app_parse_time(c->r->app, at, &in.at, &err) < 0)
        return api_error(c, 422, "invalid", "$.at: '%s' is not a time such as 2026-11-24T08:00:00Z",
                         at);
    gisac_buf b = GISAC_BUF_INIT;
    int rc = app_record_obligation(c->r->app, &c->p, &in, &b, &err);
    return api_buf_answer(c, 201, &b, rc, &err);
}

/* ---- systems ---- */

API_JSON_ROWS(system_cb, store_system, gov_system_to_json)

static int systems_fill(api_ctx *c, api_rows *a, gisac_err *err)
{
    return app_list_systems(c->r->app, &c->p, api_arg(c, "agency"), system_cb, a, err);
}

http_res api_systems_list(api_ctx *c)
{
    return api_list(c, api_agency_arg, "systems", systems_fill);
}

static const char *const system_keys[] = {"agency",    "name",         "owner", "confidentiality",
                                          "integrity", "availability", "legal", NULL};

static int system_body(api_ctx *c, gov_system_input *in, int create)
{
    memset(in, 0, sizeof *in);
    return api_keys(c, c->body, "$", create ? system_keys : system_keys + 1) < 0 ||
                   (create && api_get_str(c, c->body, "$", "agency", 1, 64, &in->agency) < 0) ||
                   api_get_str(c, c->body, "$", "name", create, 200, &in->name) < 0 ||
                   api_get_str(c, c->body, "$", "owner", 0, 200, &in->owner) < 0 ||
                   api_get_str(c, c->body, "$", "confidentiality", create, 16,
                               &in->confidentiality) < 0 ||
                   api_get_str(c, c->body, "$", "integrity", create, 16, &in->integrity) < 0 ||
                   api_get_str(c, c->body, "$", "availability", create, 16, &in->availability) <
                       0 ||
                   api_get_str(c, c->body, "$", "legal", create, 16, &in->legal) < 0
               ? -1
               : 0;
}

http_res api_systems_create(api_ctx *c)
{
    gov_system_input in;
    if (api_query_check(c, api_no_args, NULL) < 0 || system_body(c, &in, 1) < 0)
        return api_fail(c);
    gisac_err err = GISAC_ERR_INIT;
    gisac_buf b = GISAC_BUF_INIT;
    int rc = app_add_system(c->r->app, &c->p, &in, &b, &err);
    return api_buf_answer(c, 201, &b, rc, &err);
}

http_res api_system_get(api_ctx *c)
{
    return record_get(c, app_system_json);
}

http_res api_system_update(api_ctx *c)
{
    int64_t id;
    gov_system_input in;
    if (api_query_check(c, api_no_args, NULL) < 0 || id_param(c, 0, &id) < 0 ||
        system_body(c, &in, 0) < 0)
        return api_fail(c);
    gisac_err err = GISAC_ERR_INIT;
    gisac_buf b = GISAC_BUF_INIT;
    int rc = app_update_system(c->r->app, &c->p, id, &in, &b, &err);
    return api_buf_answer(c, 200, &b, rc, &err);
}

/* ---- assessments and findings ---- */

API_JSON_ROWS(assessment_cb, store_assessment, gov_assessment_to_json)

static int assessments_fill(api_ctx *c, api_rows *a, gisac_err *err)
{
    return app_list_assessments(c->r->app, &c->p, api_arg(c, "agency"), assessment_cb, a, err);
}

http_res api_assessments_list(api_ctx *c)
{
    return api_list(c, api_agency_arg, "assessments", assessments_fill);
}

#define FINDINGS_MAX 1000

http_res api_assessments_create(api_ctx *c)
{
    static const char *const keys[] = {"agency", "kind",     "performed_by",        "performed_at",
                                       "scope",  "findings", "complete_obligation", NULL};
    static const char *const fkeys[] = {"severity", "control", "description", "plan", "due", NULL};
    app_assessment_input in;
    memset(&in, 0, sizeof in);
    const char *at = NULL;
    int present = 0;
    if (api_query_check(c, api_no_args, NULL) < 0 || api_keys(c, c->body, "$", keys) < 0 ||
        api_get_str(c, c->body, "$", "agency", 1, 64, &in.in.agency) < 0 ||
        api_get_str(c, c->body, "$", "kind", 1, 64, &in.in.kind) < 0 ||
        api_get_str(c, c->body, "$", "performed_by", 1, TEXT_BYTES, &in.in.performed_by) < 0 ||
        api_get_str(c, c->body, "$", "performed_at", 0, 64, &at) < 0 ||
        api_get_str(c, c->body, "$", "scope", 0, TEXT_BYTES, &in.in.scope) < 0 ||
        api_get_bool(c, c->body, "$", "complete_obligation", &in.in.complete_obligation, &present) <
            0)
        return api_fail(c);
    gisac_err err = GISAC_ERR_INIT;
    if (at && app_parse_time(c->r->app, at, &in.in.performed_at, &err) < 0)
        return api_error(c, 422, "invalid",
                         "$.performed_at: '%s' is not a time such as 2026-11-24T08:00:00Z", at);
    const json_t *fa = json_object_get(c->body, "findings");
    if (fa && !json_is_array(fa))
        return api_error(c, 400, "bad_request", "$.findings: must be an array");
    size_t n = fa ? json_array_size(fa) : 0;
    if (n > FINDINGS_MAX)
        return api_error(c, 422, "invalid", "$.findings: at most %d", FINDINGS_MAX);
    gov_finding_input *fs = calloc(n + 1, sizeof *fs);
    if (!fs)
        return api_error(c, 500, "internal", "out of memory");
    for (size_t i = 0; i < n; i++) {
        char path[48];
        snprintf(path, sizeof path, "$.findings[%zu]", i);
        const json_t *f = json_array_get(fa, i);
        const char *due = NULL;
        if (!json_is_object(f)) {
            free(fs);
            return api_error(c, 400, "bad_request", "%s: must be an object", path);
        }
        if (api_keys(c, f, path, fkeys) < 0 ||
            api_get_str(c, f, path, "severity", 1, 16, &fs[i].severity) < 0 ||
            api_get_str(c, f, path, "control", 0, 200, &fs[i].control) < 0 ||
            api_get_str(c, f, path, "description", 1, TEXT_BYTES, &fs[i].description) < 0 ||
            api_get_str(c, f, path, "plan", 0, TEXT_BYTES, &fs[i].plan) < 0 ||
            api_get_str(c, f, path, "due", 0, 64, &due) < 0) {
            free(fs);
            return api_fail(c);
        }
        if (due && app_parse_time(c->r->app, due, &fs[i].due, &err) < 0) {
            free(fs);
            return api_error(c, 422, "invalid", "%s.due: '%s' is not a time", path, due);
        }
    }
    in.in.findings = fs;
    in.in.nfindings = n;
    gisac_buf b = GISAC_BUF_INIT;
    int rc = app_add_assessment(c->r->app, &c->p, &in, &b, &err);
    free(fs);
    return api_buf_answer(c, 201, &b, rc, &err);
}

http_res api_assessment_get(api_ctx *c)
{
    return record_get(c, app_assessment_json);
}

static int finding_cb(void *ctx, const store_finding *r)
{
    api_rows *l = ctx;
    gisac_buf b = GISAC_BUF_INIT;
    return api_rows_add(l, api_parsed(&b, gov_finding_to_json(r, l->now, &b)));
}

static int findings_fill(api_ctx *c, api_rows *a, gisac_err *err)
{
    return app_list_findings(c->r->app, &c->p, api_arg(c, "agency"), api_arg(c, "status"),
                             finding_cb, a, err);
}

http_res api_findings_list(api_ctx *c)
{
    static const char *const args[] = {"agency", "status", NULL};
    return api_list(c, args, "findings", findings_fill);
}

http_res api_finding_get(api_ctx *c)
{
    return record_get(c, app_finding_json);
}

http_res api_finding_step(api_ctx *c)
{
    static const char *const keys[] = {"reason", "until", "pass", "evidence", NULL};
    int64_t id;
    gov_finding_step step;
    gisac_err err = GISAC_ERR_INIT;
    if (api_query_check(c, api_no_args, NULL) < 0 || id_param(c, 0, &id) < 0)
        return api_fail(c);
    if (gov_finding_step_parse(c->param[1], &step, &err) < 0)
        return api_error(c, 404, "not_found", "no such step '%s': start, fix, retest or accept",
                         c->param[1]);
    app_finding_change ch;
    memset(&ch, 0, sizeof ch);
    ch.ch.step = step;
    const char *until = NULL, *evidence = NULL;
    int present = 0;
    if (c->body && (api_keys(c, c->body, "$", keys) < 0 ||
                    api_get_str(c, c->body, "$", "reason", 0, TEXT_BYTES, &ch.ch.reason) < 0 ||
                    api_get_str(c, c->body, "$", "until", 0, 64, &until) < 0 ||
                    api_get_str(c, c->body, "$", "evidence", 0, TEXT_BYTES, &evidence) < 0 ||
                    api_get_bool(c, c->body, "$", "pass", &ch.ch.pass, &present) < 0))
        return api_fail(c);
    if (step == GOV_FINDING_RETEST && !present)
        return api_error(c, 400, "bad_request", "$.pass: required (true or false)");
    if (until && app_parse_time(c->r->app, until, &ch.ch.until, &err) < 0)
        return api_error(c, 422, "invalid", "$.until: '%s' is not a time", until);
    /* evidence over the API is a reference (a document id, a URL): kept as its text */
    json_t *ev = NULL;
    char *evtext = NULL;
    if (evidence) {
        ev = json_pack("[{s:s}]", "reference", evidence);
        evtext = ev ? json_dumps(ev, JSON_COMPACT) : NULL;
        json_decref(ev);
        if (!evtext)
            return api_error(c, 500, "internal", "out of memory");
        ch.ch.evidence = evtext;
    }
    gisac_buf b = GISAC_BUF_INIT;
    int rc = app_update_finding(c->r->app, &c->p, id, &ch, &b, &err);
    free(evtext);
    return api_buf_answer(c, 200, &b, rc, &err);
}

static int count_cb(void *ctx, const char *group, const char *status, int64_t n,
                    int64_t open_seconds)
{
    api_rows *l = ctx;
    json_t *o = json_object();
    int bad = api_put(o, "group", json_string(group));
    bad |= api_put(o, "status", json_string(status));
    bad |= api_put(o, "count", json_integer(n));
    bad |= api_put(o, "mean_days_open",
                   json_real(n ? (double)open_seconds / (double)n / 86400.0 : 0.0));
    return api_rows_add(l, api_done(o, bad));
}

static int counts_fill(api_ctx *c, api_rows *a, gisac_err *err)
{
    const char *by = api_arg(c, "by");
    return app_finding_counts(c->r->app, &c->p, by ? by : "grade", count_cb, a, err);
}

http_res api_findings_counts(api_ctx *c)
{
    static const char *const args[] = {"by", NULL};
    return api_list(c, args, "counts", counts_fill);
}

/* ---- SCAP ---- */

API_JSON_ROWS(scan_cb, store_scap_scan, scap_scan_to_json)

static int hosts_fill(api_ctx *c, api_rows *a, gisac_err *err)
{
    return app_list_scap_hosts(c->r->app, &c->p, api_arg(c, "agency"), scan_cb, a, err);
}

http_res api_scap_hosts(api_ctx *c)
{
    return api_list(c, api_agency_arg, "hosts", hosts_fill);
}

API_JSON_ROWS(host_cb, scap_host_view, scap_host_to_json)

static int host_fill(api_ctx *c, api_rows *a, gisac_err *err)
{
    return app_show_scap_host(c->r->app, &c->p, api_arg(c, "agency"), c->param[0], host_cb, a, err);
}

http_res api_scap_host(api_ctx *c)
{
    return api_list(c, api_agency_arg, "scans", host_fill);
}

static int diff_cb(void *ctx, const char *rule, const char *before, const char *after)
{
    api_rows *l = ctx;
    json_t *o = json_object();
    int bad = api_put(o, "rule", json_string(rule));
    bad |= api_put(o, "before", before ? json_string(before) : json_null());
    bad |= api_put(o, "after", after ? json_string(after) : json_null());
    return api_rows_add(l, api_done(o, bad));
}

static int diff_fill(api_ctx *c, api_rows *a, gisac_err *err)
{
    return app_diff_scap_host(c->r->app, &c->p, api_arg(c, "agency"), c->param[0], diff_cb, a, err);
}

http_res api_scap_host_diff(api_ctx *c)
{
    return api_list(c, api_agency_arg, "changes", diff_fill);
}

static int share_cb(void *ctx, const char *key, int64_t pass, int64_t fail, int64_t other,
                    int64_t scans)
{
    api_rows *l = ctx;
    json_t *o = json_object();
    int bad = api_put(o, "key", json_string(key));
    bad |= api_put(o, "pass", json_integer(pass));
    bad |= api_put(o, "fail", json_integer(fail));
    bad |= api_put(o, "other", json_integer(other));
    bad |= api_put(o, "scans", json_integer(scans));
    bad |= api_put(o, "compliance",
                   pass + fail ? json_real(100.0 * (double)pass / (double)(pass + fail))
                               : json_null());
    return api_rows_add(l, api_done(o, bad));
}

static int compliance_fill(api_ctx *c, api_rows *a, gisac_err *err)
{
    const char *by = api_arg(c, "by");
    return app_scap_shares(c->r->app, &c->p, by ? by : "agency", api_arg(c, "agency"), share_cb, a,
                           err);
}

http_res api_scap_compliance(api_ctx *c)
{
    static const char *const args[] = {"by", "agency", NULL};
    return api_list(c, args, "compliance", compliance_fill);
}

static int imported_cb(void *ctx, const char *path, const char *sha256, const store_scap_scan *scan,
                       int64_t rules)
{
    (void)path;
    (void)sha256;
    api_rows *l = ctx;
    gisac_buf b = GISAC_BUF_INIT;
    json_t *o = api_parsed(&b, scap_scan_to_json(scan, &b));
    if (o && json_object_set_new(o, "rules", json_integer(rules)) < 0) {
        json_decref(o);
        o = NULL;
    }
    return api_rows_add(l, o);
}

http_res api_scap_import(api_ctx *c)
{
    static const char *const args[] = {"agency", "host", NULL};
    if (api_query_check(c, args, NULL) < 0)
        return api_fail(c);
    const char *agency = api_arg(c, "agency");
    if (!agency)
        return api_error(c, 400, "bad_request", "query parameter 'agency' is required");
    api_rows a = {json_array(), c->now, 0};
    gisac_err err = GISAC_ERR_INIT;
    int rc = a.arr ? app_import_scap_data(c->r->app, &c->p, agency, api_arg(c, "host"), c->r->body,
                                          c->r->body_len, imported_cb, &a, &err)
                   : gisac_err_set(&err, GISAC_ENOMEM, "out of memory");
    if (rc < 0) {
        json_decref(a.arr);
        return api_service_error(c, rc, &err);
    }
    json_t *out = json_object();
    int bad = api_put(out, "scans", a.arr);
    return api_json(c, 201, api_done(out, bad || a.bad));
}
