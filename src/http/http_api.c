/*
 * http_api.c: the REST API under /api/v1 (docs/api.md): the route table,
 * dispatch, and the helpers every handler shares (answers, the query
 * string, JSON input). Handlers: http_api_auth.c (agencies, users,
 * tokens) and http_api_intel.c (indicators, sources, stats, allowlist,
 * feed import). The OpenAPI description is src/http/openapi.json, embedded
 * at build time (CMakeLists.txt) and kept in sync with the table by
 * tests/unit/test_http_api.c.
 */
#include "http/http_api_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define API_PREFIX "/api/v1"

/* ---- the routes ---------------------------------------------------------- */

static const api_route routes[] = {
    {"GET", "/openapi.json", 0, API_ANY, API_BODY_NONE, api_openapi_get},
    {"GET", "/me", 0, API_ANY, API_BODY_NONE, api_me},

    {"GET", "/agencies", 0, API_READ_AGENCY, API_BODY_NONE, api_agencies_list},
    {"POST", "/agencies", 0, API_ADMIN, API_BODY_JSON, api_agencies_create},
    {"GET", "/agencies/{id}", 0, API_READ_AGENCY, API_BODY_NONE, api_agency_get},
    {"PATCH", "/agencies/{id}", 0, API_ADMIN, API_BODY_JSON, api_agency_update},

    {"GET", "/users", 0, API_READ_AGENCY, API_BODY_NONE, api_users_list},
    {"POST", "/users", 0, API_ADMIN, API_BODY_JSON, api_users_create},
    {"GET", "/users/{name}", 0, API_ANY, API_BODY_NONE, api_user_get},
    {"PATCH", "/users/{name}", 0, API_ANY, API_BODY_JSON, api_user_update},
    {"POST", "/users/{name}/disable", 0, API_ADMIN, API_BODY_NONE, api_user_disable},
    {"POST", "/users/{name}/enable", 0, API_ADMIN, API_BODY_NONE, api_user_enable},
    {"POST", "/users/{name}/password", 0, API_ANY, API_BODY_JSON, api_user_password},

    {"GET", "/tokens", 0, API_ANY, API_BODY_NONE, api_tokens_list},
    {"POST", "/tokens", 0, API_ANY, API_BODY_JSON, api_tokens_create},
    {"DELETE", "/tokens/{id}", 0, API_ANY, API_BODY_NONE, api_token_revoke},

    {"GET", "/indicators", 0, API_READ_INTEL, API_BODY_NONE, api_indicators_list},
    {"POST", "/indicators", 0, API_WRITE_INTEL, API_BODY_JSON, api_indicators_create},
    {"GET", "/indicators/search", 0, API_READ_INTEL, API_BODY_NONE, api_indicators_search},
    {"GET", "/indicators/{type}/{value}", 1, API_READ_INTEL, API_BODY_NONE, api_indicator_get},
    {"DELETE", "/indicators/{type}/{value}", 1, API_WRITE_INTEL, API_BODY_NONE,
     api_indicator_revoke},
    {"POST", "/indicators/restore", 0, API_WRITE_INTEL, API_BODY_JSON, api_indicator_restore},

    {"GET", "/sources", 0, API_STAFF, API_BODY_NONE, api_sources_list},
    {"GET", "/stats", 0, API_STAFF, API_BODY_NONE, api_stats_get},

    {"GET", "/allowlist", 0, API_READ_INTEL, API_BODY_NONE, api_allowlist_list},
    {"POST", "/allowlist", 0, API_WRITE_INTEL, API_BODY_JSON, api_allowlist_add},
    {"DELETE", "/allowlist/{value}", 1, API_WRITE_INTEL, API_BODY_NONE, api_allowlist_remove},

    {"POST", "/feeds/import", 0, API_WRITE_INTEL, API_BODY_RAW, api_feed_import},
    /* http_api_feeds.c: feed sources fetched on schedule */
    {"GET", "/feeds", 0, API_STAFF, API_BODY_NONE, api_feeds_list},
    {"POST", "/feeds", 0, API_STAFF, API_BODY_JSON, api_feeds_create},
    {"GET", "/feeds/{name}", 0, API_STAFF, API_BODY_NONE, api_feed_get},
    {"DELETE", "/feeds/{name}", 0, API_STAFF, API_BODY_NONE, api_feed_delete},
    {"POST", "/feeds/{name}/fetch", 0, API_STAFF, API_BODY_NONE, api_feed_fetch},
    {"POST", "/feeds/{name}/enable", 0, API_STAFF, API_BODY_NONE, api_feed_enable},
    {"POST", "/feeds/{name}/disable", 0, API_STAFF, API_BODY_NONE, api_feed_disable},
    /* http_api_ingest.c: sensors (own agency), staff (?agency); others 403 there */
    {"POST", "/ingest", 0, API_ANY, API_BODY_RAW, api_ingest},

    /* http_api_status.c: staff and agency officers; the light of the whole and the sectors */
    {"GET", "/status", 0, API_READ_AGENCY, API_BODY_NONE, api_status_get},
    {"GET", "/policy", 0, API_ANY, API_BODY_NONE, api_policy_get},

    {"GET", "/advisories", 0, API_READ_INTEL, API_BODY_NONE, api_advisories_list},
    {"POST", "/advisories", 0, API_WRITE_INTEL, API_BODY_JSON, api_advisories_create},
    {"GET", "/advisories/{id}", 0, API_READ_INTEL, API_BODY_NONE, api_advisory_get},
    {"GET", "/advisories/{id}/stix", 0, API_READ_INTEL, API_BODY_NONE, api_advisory_stix},

    /* http_api_incident.c; /incidents/due before /incidents/{id} */
    {"GET", "/incidents", 0, API_READ_AGENCY, API_BODY_NONE, api_incidents_list},
    {"POST", "/incidents", 0, API_READ_AGENCY, API_BODY_JSON, api_incidents_create},
    {"GET", "/incidents/due", 0, API_READ_AGENCY, API_BODY_NONE, api_incidents_due},
    {"GET", "/incidents/{id}", 0, API_READ_AGENCY, API_BODY_NONE, api_incident_get},
    {"PATCH", "/incidents/{id}", 0, API_READ_AGENCY, API_BODY_JSON, api_incident_update},
    {"POST", "/incidents/{id}/advance", 0, API_READ_AGENCY, API_BODY_JSON, api_incident_advance},
    {"POST", "/incidents/{id}/close", 0, API_READ_AGENCY, API_BODY_JSON, api_incident_close},
    {"POST", "/incidents/{id}/report", 0, API_READ_AGENCY, API_BODY_JSON, api_incident_report},
    {"GET", "/incidents/{id}/breaches", 0, API_READ_AGENCY, API_BODY_NONE, api_incident_breaches},
    {"GET", "/incidents/{id}/links", 0, API_READ_AGENCY, API_BODY_NONE, api_incident_links},
    {"GET", "/incidents/{id}/events", 0, API_READ_AGENCY, API_BODY_NONE, api_incident_events},
    {"GET", "/incidents/{id}/revisions", 0, API_READ_AGENCY, API_BODY_NONE, api_incident_revisions},
    {"GET", "/incidents/{id}/evidence", 0, API_READ_AGENCY, API_BODY_NONE, api_evidence_list},
    {"POST", "/incidents/{id}/evidence", 0, API_READ_AGENCY, API_BODY_RAW, api_evidence_add},
    {"POST", "/incidents/{id}/evidence/verify", 0, API_READ_AGENCY, API_BODY_NONE,
     api_evidence_verify},
    {"GET", "/incidents/{id}/evidence/{n}", 0, API_READ_AGENCY, API_BODY_NONE, api_evidence_get},
    {"GET", "/incidents/{id}/evidence/{n}/content", 0, API_READ_AGENCY, API_BODY_NONE,
     api_evidence_content},
    {"POST", "/incidents/{id}/evidence/{n}/transfer", 0, API_READ_AGENCY, API_BODY_JSON,
     api_evidence_transfer},

    /* http_api_alert.c: staff and agency officers; the bulk ones before /alerts/{id} */
    {"GET", "/alerts", 0, API_READ_AGENCY, API_BODY_NONE, api_alerts_list},
    {"POST", "/alerts/confirm", 0, API_READ_AGENCY, API_BODY_JSON, api_alerts_answer},
    {"POST", "/alerts/dismiss", 0, API_READ_AGENCY, API_BODY_JSON, api_alerts_answer},
    {"POST", "/alerts/release", 0, API_READ_AGENCY, API_BODY_JSON, api_alerts_answer},
    {"GET", "/alerts/{id}", 0, API_READ_AGENCY, API_BODY_NONE, api_alert_get},
    {"POST", "/alerts/{id}/confirm", 0, API_READ_AGENCY, API_BODY_JSON, api_alert_answer},
    {"POST", "/alerts/{id}/dismiss", 0, API_READ_AGENCY, API_BODY_JSON, api_alert_answer},
    {"POST", "/alerts/{id}/release", 0, API_READ_AGENCY, API_BODY_JSON, api_alert_answer},
    {"GET", "/sightings", 0, API_READ_AGENCY, API_BODY_NONE, api_sightings_list},
    /* http_api_session.c: the web portal's sessions (the login needs no credentials) */
    {"POST", "/session", 0, API_PUBLIC, API_BODY_JSON, api_session_create},
    {"GET", "/session", 0, API_ANY, API_BODY_NONE, api_session_get},
    {"PATCH", "/session", 0, API_ANY, API_BODY_JSON, api_session_update},
    {"DELETE", "/session", 0, API_ANY, API_BODY_NONE, api_session_delete},
    {"GET", "/policy/level", 0, API_READ_AGENCY, API_BODY_NONE, api_policy_level},
    {"GET", "/report/kpi", 0, API_STAFF, API_BODY_NONE, api_report_kpi},
    /* http_api_app.c: government mobile apps */
    {"POST", "/apps/check", 0, API_ANY, API_BODY_RAW, api_apps_check},
    /* the register (docs/app.md): staff and agency officers (the service checks agency) */
    {"GET", "/apps", 0, API_READ_AGENCY, API_BODY_NONE, api_apps_list},
    {"POST", "/apps", 0, API_READ_AGENCY, API_BODY_JSON, api_apps_create},
    {"GET", "/apps/{id}", 0, API_READ_AGENCY, API_BODY_NONE, api_app_get},
    {"PATCH", "/apps/{id}", 0, API_READ_AGENCY, API_BODY_JSON, api_app_update},
    {"POST", "/apps/{id}/versions", 0, API_READ_AGENCY, API_BODY_RAW, api_app_versions_add},
    {"GET", "/apps/{id}/versions/{n}", 0, API_READ_AGENCY, API_BODY_NONE, api_app_version_get},
    /* http_api_gov.c: staff and agency officers (the services check agency) */
    {"GET", "/obligations", 0, API_READ_AGENCY, API_BODY_NONE, api_obligations_list},
    {"GET", "/obligations/rules", 0, API_READ_AGENCY, API_BODY_NONE, api_obligation_rules},
    {"POST", "/obligations/done", 0, API_READ_AGENCY, API_BODY_JSON, api_obligation_done},
    {"GET", "/obligations/{agency}/{kind}/{due}", 0, API_READ_AGENCY, API_BODY_NONE,
     api_obligation_get},
    {"GET", "/systems", 0, API_READ_AGENCY, API_BODY_NONE, api_systems_list},
    {"POST", "/systems", 0, API_READ_AGENCY, API_BODY_JSON, api_systems_create},
    {"GET", "/systems/{id}", 0, API_READ_AGENCY, API_BODY_NONE, api_system_get},
    {"PATCH", "/systems/{id}", 0, API_READ_AGENCY, API_BODY_JSON, api_system_update},
    {"GET", "/assessments", 0, API_READ_AGENCY, API_BODY_NONE, api_assessments_list},
    {"POST", "/assessments", 0, API_READ_AGENCY, API_BODY_JSON, api_assessments_create},
    {"GET", "/assessments/{id}", 0, API_READ_AGENCY, API_BODY_NONE, api_assessment_get},
    {"GET", "/findings", 0, API_READ_AGENCY, API_BODY_NONE, api_findings_list},
    {"GET", "/findings/counts", 0, API_STAFF, API_BODY_NONE, api_findings_counts},
    {"GET", "/findings/{id}", 0, API_READ_AGENCY, API_BODY_NONE, api_finding_get},
    {"POST", "/findings/{id}/{step}", 0, API_READ_AGENCY, API_BODY_JSON, api_finding_step},
    {"GET", "/scap/hosts", 0, API_READ_AGENCY, API_BODY_NONE, api_scap_hosts},
    {"GET", "/scap/hosts/{host}", 0, API_READ_AGENCY, API_BODY_NONE, api_scap_host},
    {"GET", "/scap/hosts/{host}/diff", 0, API_READ_AGENCY, API_BODY_NONE, api_scap_host_diff},
    {"GET", "/scap/compliance", 0, API_READ_AGENCY, API_BODY_NONE, api_scap_compliance},
    {"POST", "/scap/import", 0, API_READ_AGENCY, API_BODY_RAW, api_scap_import},
    /* http_api_asset.c: the software-asset register, vulnerability data, VEX */
    {"GET", "/assets", 0, API_READ_AGENCY, API_BODY_NONE, api_assets_list},
    {"POST", "/assets", 0, API_READ_AGENCY, API_BODY_RAW, api_assets_import},
    {"GET", "/vulns/affected", 0, API_READ_AGENCY, API_BODY_NONE, api_vulns_affected},
    {"POST", "/vulns/vex", 0, API_READ_AGENCY, API_BODY_JSON, api_vex_create},
    {"POST", "/vulns/vex/import", 0, API_READ_AGENCY, API_BODY_RAW, api_vex_import},
    {"GET", "/vulns/{id}", 0, API_READ_INTEL, API_BODY_NONE, api_vuln_get},
    /* http_api_identity.c: the installation's STIX identity */
    /* http_api_audit.c: the office's pages of the web portal (administrators) */
    {"GET", "/audit", 0, API_ADMIN, API_BODY_NONE, api_audit_list},
    {"PUT", "/policy", 0, API_ADMIN, API_BODY_JSON, api_policy_put},
    {"GET", "/identity", 0, API_ADMIN, API_BODY_NONE, api_identity_get},
    {"PATCH", "/identity", 0, API_ADMIN, API_BODY_JSON, api_identity_update},
};

const api_route *api_routes(size_t *n)
{
    *n = sizeof routes / sizeof routes[0];
    return routes;
}

/* ---- the OpenAPI description ------------------------------------------- */

static const unsigned char openapi_bytes[] = {
#include "http_openapi.inc"
    0};

const char *api_openapi(size_t *len)
{
    *len = sizeof openapi_bytes - 1;
    return (const char *)openapi_bytes;
}

http_res api_openapi_get(api_ctx *c)
{
    size_t len;
    const char *doc = api_openapi(&len);
    char *b = malloc(len ? len : 1);
    if (!b)
        return HTTP_DROP;
    memcpy(b, doc, len);
    return http_send(c->r, 200, JSON_MEDIA, b, len, NULL, NULL);
}

/* ---- matching ---------------------------------------------------------- */

int api_match(const api_route *rt, const char *path, const char *rest_src, api_ctx *c)
{
    const char *pp = rt->pattern, *sp = path;
    size_t np = 0, used = 0;
    while (*pp) {
        if (*pp != '/' || *sp != '/')
            return 0;
        pp++;
        sp++;
        const char *pe = strchr(pp, '/');
        size_t plen = pe ? (size_t)(pe - pp) : strlen(pp);
        const char *se = strchr(sp, '/');
        size_t slen = se ? (size_t)(se - sp) : strlen(sp);
        if (plen >= 2 && pp[0] == '{' && pp[plen - 1] == '}') {
            const char *v = sp;
            size_t vlen = slen;
            int last = pp[plen] == '\0';
            if (last && rt->rest) {
                v = rest_src + (sp - path);
                vlen = strlen(v);
                slen = strlen(sp);
            }
            if (vlen == 0 || vlen > API_PARAM_MAX || np == API_MAX_PARAMS)
                return 0;
            if (c) {
                char *dst = c->pbuf + used;
                memcpy(dst, v, vlen);
                dst[vlen] = '\0';
                c->param[np] = dst;
            }
            np++;
            used += vlen + 1;
        } else if (plen != slen || strncmp(pp, sp, plen) != 0) {
            return 0;
        }
        pp += plen;
        sp += slen;
    }
    return *sp == '\0';
}

/* ---- answers ----------------------------------------------------------- */

static http_res send_json(api_ctx *c, unsigned status, json_t *obj, const char *hname,
                          const char *hval)
{
    char *text = obj ? json_dumps(obj, JSON_COMPACT) : NULL;
    json_decref(obj);
    size_t len = text ? strlen(text) : 0;
    char *b = text ? realloc(text, len + 2) : NULL;
    if (!b) {
        free(text);
        return http_json_error(c->r, 500, "internal", "internal error");
    }
    b[len++] = '\n';
    b[len] = '\0';
    if (hname)
        return http_send(c->r, status, JSON_MEDIA, b, len, NULL, hname, hval, NULL);
    return http_send(c->r, status, JSON_MEDIA, b, len, NULL, NULL);
}

http_res api_json(api_ctx *c, unsigned status, json_t *obj)
{
    return send_json(c, status, obj, NULL, NULL);
}

static json_t *error_obj(const char *code, const char *msg)
{
    /* a message may quote input that is not UTF-8: JSON needs it to be */
    char clean[3 * 1024];
    gisac_utf8_scrub(msg, clean, sizeof clean);
    return json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", clean);
}

static http_res error_hdr(api_ctx *c, unsigned status, const char *code, const char *msg,
                          const char *hname, const char *hval)
{
    if (status == 401) {
        hname = "WWW-Authenticate";
        /* no Basic challenge to the portal's scripts and its login: a
         * browser would answer it with its own password dialog */
        hval = http_header(c->r, "X-Requested-With") || http_cookie(c->r, APP_SESSION_COOKIE) ||
                       strcmp(c->path, API_PREFIX "/session") == 0
                   ? HTTP_CHALLENGE_SCRIPT
                   : HTTP_CHALLENGE;
    }
    return send_json(c, status, error_obj(code, msg), hname, hval);
}

http_res api_error(api_ctx *c, unsigned status, const char *code, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    if (vsnprintf(msg, sizeof msg, fmt, ap) >= (int)sizeof msg)
        gisac_utf8_trim(msg);
    va_end(ap);
    return error_hdr(c, status, code, msg, NULL, NULL);
}

int api_set(api_ctx *c, unsigned status, const char *code, const char *fmt, ...)
{
    c->e_status = status;
    snprintf(c->e_code, sizeof c->e_code, "%s", code);
    va_list ap;
    va_start(ap, fmt);
    if (vsnprintf(c->e_msg, sizeof c->e_msg, fmt, ap) >= (int)sizeof c->e_msg)
        gisac_utf8_trim(c->e_msg);
    va_end(ap);
    return -1;
}

http_res api_fail(api_ctx *c)
{
    if (!c->e_status)
        return api_error(c, 500, "internal", "internal error");
    return error_hdr(c, c->e_status, c->e_code, c->e_msg, NULL, NULL);
}

/*
 * The one table from an error code of the layers below to the answer:
 * status and the machine-readable code. Anything not here is a fault of
 * the server: 500, and its message is not shown.
 */
static const struct {
    int code;
    unsigned status;
    const char *name;
} err_map[] = {
    {GISAC_EINVAL, 422, "invalid"},       {GISAC_ENOTFOUND, 404, "not_found"},
    {GISAC_EEXIST, 409, "conflict"},      {GISAC_ECONFLICT, 409, "conflict"},
    {GISAC_EFORBIDDEN, 403, "forbidden"},
};

http_res api_service_error_in(api_ctx *c, int rc, const gisac_err *err, api_in in)
{
    for (size_t i = 0; i < sizeof err_map / sizeof err_map[0]; i++) {
        if (err_map[i].code != rc)
            continue;
        const char *f = err && err->field[0] ? err->field : NULL;
        const char *msg = err && err->msg[0] ? err->msg : gisac_strerror(rc);
        if (f && in == API_IN_QUERY && strncmp(f, "$.", 2) == 0)
            return api_error(c, err_map[i].status, err_map[i].name, "query parameter '%s': %s",
                             f + 2, msg);
        if (f)
            return api_error(c, err_map[i].status, err_map[i].name, "%s: %s", f, msg);
        return api_error(c, err_map[i].status, err_map[i].name, "%s", msg);
    }
    return api_error(c, 500, "internal", "internal error");
}

http_res api_service_error(api_ctx *c, int rc, const gisac_err *err)
{
    return api_service_error_in(c, rc, err, API_IN_BODY);
}

/* ---- the query string -------------------------------------------------- */

typedef struct qcheck {
    api_ctx *c;
    const char *const *allowed, *const *multi;
    unsigned seen[16];
    int bad;
} qcheck;

static int in_list(const char *const *list, const char *key)
{
    for (size_t i = 0; list && list[i]; i++)
        if (strcmp(list[i], key) == 0)
            return (int)i;
    return -1;
}

static int query_cb(void *cls, const char *key, const char *value)
{
    qcheck *q = cls;
    int i = in_list(q->allowed, key);
    if (i < 0 || i >= 16) {
        api_set(q->c, 400, "bad_request", "unknown query parameter '%.*s'",
                (int)gisac_utf8_prefix(key, 100), key);
        q->bad = 1;
        return 1;
    }
    if (!value) {
        api_set(q->c, 400, "bad_request", "query parameter '%s' needs a value", key);
        q->bad = 1;
        return 1;
    }
    if (q->seen[i]++ && in_list(q->multi, key) < 0) {
        api_set(q->c, 400, "bad_request", "query parameter '%s' given twice", key);
        q->bad = 1;
        return 1;
    }
    return 0;
}

const char *const api_no_args[] = {NULL};

int api_query_check(api_ctx *c, const char *const *allowed, const char *const *multi)
{
    qcheck q;
    memset(&q, 0, sizeof q);
    q.c = c;
    q.allowed = allowed;
    q.multi = multi;
    http_args(c->r, query_cb, &q);
    return q.bad ? -1 : 0;
}

const char *api_arg(api_ctx *c, const char *key)
{
    return http_arg(c->r, key);
}

int api_arg_int(api_ctx *c, const char *key, long min, long max, long dflt, long *out)
{
    const char *v = api_arg(c, key);
    if (!v) {
        *out = dflt;
        return 0;
    }
    char *end;
    long n = 0;
    int ok = *v && ((*v >= '0' && *v <= '9') || *v == '-');
    if (ok) {
        errno = 0;
        n = strtol(v, &end, 10);
        ok = !errno && !*end;
    }
    if (!ok || n < min || n > max)
        return api_set(c, 400, "bad_request",
                       "query parameter '%s' must be a number from %ld to %ld", key, min, max);
    *out = n;
    return 0;
}

/* ---- JSON input -------------------------------------------------------- */

static int plain_key(const char *k)
{
    if (!*k || !((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || *k == '_'))
        return 0;
    for (; *k; k++)
        if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || *k == '_' ||
              (*k >= '0' && *k <= '9')))
            return 0;
    return 1;
}

/* path + ".key" (or ["key"] for other keys) into out */
static void member_path(char *out, size_t cap, const char *path, const char *key)
{
    if (plain_key(key) && strlen(key) < 100) {
        snprintf(out, cap, "%s.%s", path, key);
        return;
    }
    json_t *s = json_stringn(key, strnlen(key, 100));
    char *q = s ? json_dumps(s, JSON_ENCODE_ANY | JSON_ENSURE_ASCII) : NULL;
    snprintf(out, cap, "%s[%s]", path, q ? q : "\"?\"");
    free(q);
    json_decref(s);
}

int api_keys(api_ctx *c, const json_t *o, const char *path, const char *const *allowed)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)o, k, v)
    {
        if (in_list(allowed, k) < 0) {
            char mp[256];
            member_path(mp, sizeof mp, path, k);
            return api_set(c, 400, "bad_request", "%s: unknown member", mp);
        }
    }
    return 0;
}

/* the member, or NULL after recording a 400 when required (*missing = 1) */
static json_t *member(api_ctx *c, const json_t *o, const char *path, const char *key, int required,
                      int *failed)
{
    json_t *v = json_object_get(o, key);
    *failed = 0;
    if (!v && required) {
        char mp[256];
        member_path(mp, sizeof mp, path, key);
        *failed = api_set(c, 400, "bad_request", "%s: required", mp);
    }
    return v;
}

static int wrong_type(api_ctx *c, const char *path, const char *key, const char *want)
{
    char mp[256];
    member_path(mp, sizeof mp, path, key);
    return api_set(c, 400, "bad_request", "%s: expected %s", mp, want);
}

int api_get_str(api_ctx *c, const json_t *o, const char *path, const char *key, int required,
                size_t max, const char **out)
{
    int failed;
    json_t *v = member(c, o, path, key, required, &failed);
    if (!v)
        return failed;
    if (!json_is_string(v))
        return wrong_type(c, path, key, "a string");
    char mp[256];
    member_path(mp, sizeof mp, path, key);
    if (strlen(json_string_value(v)) != json_string_length(v))
        return api_set(c, 422, "invalid", "%s: holds a NUL character", mp);
    if (json_string_length(v) > max)
        return api_set(c, 422, "invalid", "%s: longer than %zu bytes", mp, max);
    *out = json_string_value(v);
    return 0;
}

int api_get_int(api_ctx *c, const json_t *o, const char *path, const char *key, int required,
                long long min, long long max, long long *out, int *present)
{
    int failed;
    json_t *v = member(c, o, path, key, required, &failed);
    if (present)
        *present = v != NULL;
    if (!v)
        return failed;
    if (!json_is_integer(v))
        return wrong_type(c, path, key, "an integer");
    long long n = json_integer_value(v);
    if (n < min || n > max) {
        char mp[256];
        member_path(mp, sizeof mp, path, key);
        return api_set(c, 422, "invalid", "%s: must be from %lld to %lld", mp, min, max);
    }
    *out = n;
    return 0;
}

int api_get_bool(api_ctx *c, const json_t *o, const char *path, const char *key, int *out,
                 int *present)
{
    int failed;
    json_t *v = member(c, o, path, key, 0, &failed);
    if (present)
        *present = v != NULL;
    if (!v)
        return 0;
    if (!json_is_boolean(v))
        return wrong_type(c, path, key, "true or false");
    *out = json_is_true(v);
    return 0;
}

int api_get_yes_no_text(api_ctx *c, const json_t *o, const char *path, const char *key, size_t max,
                        int *yes, const char **detail, int *present)
{
    static const char *const keys[] = {"needed", "detail", NULL};
    *present = 0;
    int failed;
    json_t *v = member(c, o, path, key, 0, &failed);
    if (!v)
        return failed ? -1 : 0;
    char sub[256];
    member_path(sub, sizeof sub, path, key);
    if (!json_is_object(v))
        return api_set(c, 400, "bad_request",
                       "%s: expected an object {\"needed\": true|false, \"detail\": text}", sub);
    int there = 0;
    const char *d = NULL;
    if (api_keys(c, v, sub, keys) < 0 || api_get_bool(c, v, sub, "needed", yes, &there) < 0 ||
        api_get_str(c, v, sub, "detail", 0, max, &d) < 0)
        return -1;
    if (!there)
        return api_set(c, 400, "bad_request", "%s.needed: required", sub);
    *detail = d;
    *present = 1;
    return 0;
}

int api_get_strs(api_ctx *c, const json_t *o, const char *path, const char *key, size_t max,
                 size_t maxlen, const char ***out, size_t *n)
{
    int failed;
    json_t *v = member(c, o, path, key, 0, &failed);
    *n = 0;
    *out = NULL;
    if (!v)
        return 0;
    if (!json_is_array(v))
        return wrong_type(c, path, key, "an array of strings");
    char mp[256];
    member_path(mp, sizeof mp, path, key);
    if (json_array_size(v) > max)
        return api_set(c, 422, "invalid", "%s: more than %zu items", mp, max);
    const char **list = calloc(json_array_size(v) + 1, sizeof *list);
    if (!list)
        return api_set(c, 500, "internal", "out of memory");
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e)
    {
        int bad = 0;
        if (!json_is_string(e))
            bad = api_set(c, 400, "bad_request", "%s[%zu]: expected a string", mp, i);
        else if (strlen(json_string_value(e)) != json_string_length(e))
            bad = api_set(c, 422, "invalid", "%s[%zu]: holds a NUL character", mp, i);
        else if (json_string_length(e) == 0 || json_string_length(e) > maxlen)
            bad = api_set(c, 422, "invalid", "%s[%zu]: must be 1 to %zu bytes", mp, i, maxlen);
        if (bad) {
            free(list);
            return -1;
        }
        list[i] = json_string_value(e);
    }
    *out = list;
    *n = json_array_size(v);
    return 0;
}

int api_get_tlp(api_ctx *c, const json_t *o, const char *path, const char *key, gisac_tlp *out)
{
    const char *s = NULL;
    if (api_get_str(c, o, path, key, 0, 32, &s) < 0)
        return -1;
    if (!s)
        return 0;
    if (tlp_from_name(s, strlen(s), out) < 0) {
        char mp[256];
        member_path(mp, sizeof mp, path, key);
        return api_set(c, 422, "invalid", "%s: must be clear, green, amber, amber+strict or red",
                       mp);
    }
    return 0;
}

/* ---- the JSON path of a syntax error ------------------------------------ */

typedef struct jframe {
    int obj;       /* 1 object, 0 array */
    size_t index;  /* arrays: the element */
    int have_key;  /* objects: after "key": */
    char key[101]; /* objects: the current key (cut) */
} jframe;

void api_json_path_at(const char *s, size_t off, char *out, size_t cap)
{
    jframe st[JSONX_DEPTH_MAX + 1];
    int depth = 0, in_key = 0;
    char pending[101] = "";
    for (size_t i = 0; i < off && s[i]; i++) {
        char ch = s[i];
        if (ch == '"') {
            /* a string: a key when an object waits for one */
            size_t j = i + 1, k = 0;
            int is_key = depth > 0 && st[depth - 1].obj && !st[depth - 1].have_key;
            while (j < off && s[j] && s[j] != '"') {
                if (s[j] == '\\' && j + 1 < off)
                    j++;
                if (is_key && k < sizeof pending - 1)
                    pending[k++] = s[j];
                j++;
            }
            if (is_key) {
                pending[k] = '\0';
                in_key = 1;
            }
            i = j;
            continue;
        }
        if (ch == ':' && depth > 0 && st[depth - 1].obj && in_key) {
            jframe *f = &st[depth - 1];
            memcpy(f->key, pending, sizeof f->key);
            f->have_key = 1;
            in_key = 0;
        } else if (ch == ',' && depth > 0) {
            jframe *f = &st[depth - 1];
            if (f->obj)
                f->have_key = 0;
            else
                f->index++;
        } else if ((ch == '{' || ch == '[') && depth < JSONX_DEPTH_MAX) {
            jframe *f = &st[depth++];
            f->obj = ch == '{';
            f->index = 0;
            f->have_key = 0;
            f->key[0] = '\0';
        } else if ((ch == '}' || ch == ']') && depth > 0) {
            depth--;
        }
    }
    /* a key just read names the place too ({"a":1,"a" ...) */
    if (depth > 0 && st[depth - 1].obj && !st[depth - 1].have_key && in_key) {
        memcpy(st[depth - 1].key, pending, sizeof pending);
        st[depth - 1].have_key = 1;
    }
    size_t n = (size_t)snprintf(out, cap, "$");
    for (int d = 0; d < depth && n < cap; d++) {
        char part[256];
        if (!st[d].obj)
            snprintf(part, sizeof part, "[%zu]", st[d].index);
        else if (st[d].have_key)
            member_path(part, sizeof part, "", st[d].key);
        else
            break;
        n += (size_t)snprintf(out + n, cap - n, "%s", part);
    }
}

/* 400 with the path and position of a syntax error at byte off */
static int syntax_error(api_ctx *c, const char *text, size_t len, size_t off, const char *why)
{
    size_t line = 1, col = 1;
    for (size_t i = 0; i < off && i < len; i++) {
        if (text[i] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    char path[600];
    api_json_path_at(text, off < len ? off : len, path, sizeof path);
    return api_set(c, 400, "bad_json", "%s: invalid JSON at line %zu, column %zu: %s", path, line,
                   col, why);
}

int api_parse_json(api_ctx *c, const char *b, size_t len, json_t **out)
{
    size_t off = 0;
    const char *why = NULL;
    if (jsonx_walk(b, len, NULL, NULL, &off, &why) != 0)
        return syntax_error(c, b, len, off, why ? why : "malformed");
    json_error_t je;
    /* NUL in strings is let through here to be refused by name (422) */
    json_t *j = json_loadb(b, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
    if (!j) {
        size_t pos = je.position > 0 ? (size_t)je.position - 1 : 0;
        return syntax_error(c, b, len, pos, je.text);
    }
    if (!json_is_object(j)) {
        json_decref(j);
        return api_set(c, 400, "bad_request", "$: expected a JSON object");
    }
    *out = j;
    return 0;
}

/* 1 when the Content-Type is application/json (charset, if any, UTF-8) */
/*
 * 1 when a raw body's Content-Type is one a page on another site can send
 * without asking (the CORS-safelisted text/plain and the form types), or
 * is missing: a browser holding credentials would send such a request
 * cross-site, so the raw-body routes refuse them.
 */
static int cross_site_media(const char *ct)
{
    if (!ct)
        return 1;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    static const char *const simple[] = {"text/plain", "application/x-www-form-urlencoded",
                                         "multipart/"};
    for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++) {
        size_t n = strlen(simple[i]);
        if (strncasecmp(ct, simple[i], n) == 0 &&
            (simple[i][n - 1] == '/' || ct[n] == '\0' || ct[n] == ';' || ct[n] == ' '))
            return 1;
    }
    return *ct == '\0';
}

static int json_media(const char *ct)
{
    if (!ct)
        return 0;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    static const char mt[] = "application/json";
    if (strncasecmp(ct, mt, sizeof mt - 1) != 0)
        return 0;
    const char *p = ct + sizeof mt - 1;
    while (*p == ' ' || *p == '\t')
        p++;
    while (*p == ';') {
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        const char *e = strchr(p, ';');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        if (n >= 8 && strncasecmp(p, "charset=", 8) == 0) {
            const char *v = p + 8;
            size_t vl = n - 8;
            if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
                v++;
                vl -= 2;
            }
            if (!((vl == 5 && strncasecmp(v, "utf-8", 5) == 0) ||
                  (vl == 4 && strncasecmp(v, "utf8", 4) == 0)))
                return 0;
        }
        p += n;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p && *p != ';')
            return 0;
    }
    return *p == '\0';
}

/* ---- rendering --------------------------------------------------------- */

json_t *api_time(int64_t t)
{
    if (!t)
        return json_null();
    char ts[GISAC_TIME_LEN];
    gisac_time_format(t, ts);
    return json_string(ts);
}

json_t *api_str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

int api_put(json_t *o, const char *key, json_t *v)
{
    return !o || json_object_set_new(o, key, v) != 0;
}

json_t *api_done(json_t *o, int bad)
{
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *api_parsed(gisac_buf *b, int rc)
{
    json_t *o = rc == 0 && b->data ? json_loadb(b->data, b->len, 0, NULL) : NULL;
    gisac_buf_free(b);
    return o;
}

int api_rows_add(api_rows *l, json_t *o)
{
    l->bad |= !o || json_array_append_new(l->arr, o) != 0;
    return l->bad;
}

http_res api_array_answer(api_ctx *c, const char *key, json_t *arr, int bad, int rc,
                          const gisac_err *err, int paged, const char *next)
{
    if (rc == 0 && bad)
        rc = GISAC_ENOMEM;
    if (rc < 0) {
        json_decref(arr);
        return api_service_error_in(c, rc, err, API_IN_QUERY);
    }
    json_t *o = json_object();
    int fail = api_put(o, key, arr);
    if (paged)
        fail |= api_put(o, "next", next && *next ? json_string(next) : json_null());
    return api_json(c, 200, api_done(o, fail));
}

const char *const api_agency_arg[] = {"agency", NULL};

http_res api_list(api_ctx *c, const char *const *args, const char *key, api_fill_fn fill)
{
    if (api_query_check(c, args, NULL) < 0)
        return api_fail(c);
    api_rows a = {json_array(), c->now, 0};
    gisac_err err = GISAC_ERR_INIT;
    int rc = a.arr ? fill(c, &a, &err) : gisac_err_set(&err, GISAC_ENOMEM, "out of memory");
    if (rc == API_FILL_FAILED) {
        json_decref(a.arr);
        return api_fail(c);
    }
    return api_rows_answer(c, key, &a, rc, &err);
}

http_res api_rows_answer(api_ctx *c, const char *key, api_rows *l, int rc, const gisac_err *err)
{
    return api_array_answer(c, key, l->arr, l->bad, rc, err, 0, NULL);
}

http_res api_rows_answer_next(api_ctx *c, const char *key, api_rows *l, int rc,
                              const gisac_err *err, const char *next)
{
    return api_array_answer(c, key, l->arr, l->bad, rc, err, 1, next);
}

http_res api_buf_answer_in(api_ctx *c, unsigned status, gisac_buf *b, int rc, const gisac_err *err,
                           api_in in)
{
    if (rc < 0) {
        gisac_buf_free(b);
        return api_service_error_in(c, rc, err, in);
    }
    json_t *o = api_parsed(b, 0);
    return o ? api_json(c, status, o) : api_error(c, 500, "internal", "internal error");
}

http_res api_buf_answer(api_ctx *c, unsigned status, gisac_buf *b, int rc, const gisac_err *err)
{
    return api_buf_answer_in(c, status, b, rc, err, API_IN_BODY);
}

/* ---- dispatch ---------------------------------------------------------- */

static int method_is(const char *route_method, const char *m)
{
    if (strcmp(route_method, m) == 0)
        return 1;
    return strcmp(route_method, "GET") == 0 && strcmp(m, "HEAD") == 0;
}

static int allowed(api_ctx *c, api_access a)
{
    const auth_principal *p = &c->p;
    switch (a) {
    case API_ANY:
        return 1;
    case API_READ_INTEL:
        return app_may(p, AUTH_READ_INTEL, NULL);
    case API_WRITE_INTEL:
        return app_may(p, AUTH_WRITE_INTEL, NULL);
    case API_READ_AGENCY:
        return app_may(p, AUTH_READ_AGENCY, p->agency && *p->agency ? p->agency : NULL);
    case API_ADMIN:
        return app_may(p, AUTH_ADMIN, NULL);
    case API_STAFF:
        return app_view_all(p);
    case API_PUBLIC:
        return 1;
    }
    return 0;
}

static const char *const access_names[] = {"any",   "read-intel", "write-intel", "read-agency",
                                           "admin", "staff",      "public"};

const char *api_access_name(api_access a)
{
    return gisac_name_of(access_names, GISAC_NAMES_N(access_names), (int)a, "?");
}

int api_allowed(api_ctx *c, api_access a)
{
    return allowed(c, a);
}

/* "GET, HEAD, POST" for the routes of path */
static void allow_list(const char *path, char *out, size_t cap)
{
    static const char *const order[] = {"GET", "POST", "PATCH", "DELETE"};
    size_t n = 0;
    out[0] = '\0';
    for (size_t m = 0; m < sizeof order / sizeof order[0]; m++) {
        int any = 0;
        for (size_t i = 0; i < sizeof routes / sizeof routes[0] && !any; i++)
            any =
                strcmp(routes[i].method, order[m]) == 0 && api_match(&routes[i], path, path, NULL);
        if (!any)
            continue;
        n += (size_t)snprintf(out + n, cap - n, "%s%s", n ? ", " : "", order[m]);
        if (m == 0 && n < cap)
            n += (size_t)snprintf(out + n, cap - n, ", HEAD");
        if (n >= cap)
            return;
    }
}

static http_res run_in(api_ctx *c);

/*
 * A search with a token (the request partner tools repeat most) runs in
 * one read snapshot from the token check to the answer: one read
 * transaction instead of two (APP_AUTH_HOLD_READ).
 */
/* 1 when the request goes to a route that needs no authentication. */
static int public_route(api_ctx *c)
{
    const char *sub = c->path + strlen(API_PREFIX);
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (routes[i].access == API_PUBLIC && method_is(routes[i].method, c->r->method) &&
            api_match(&routes[i], sub, sub, NULL))
            return 1;
    return 0;
}

/*
 * A request of the portal: authenticated by its session cookie (no
 * Authorization header); an unsafe one must carry the session's CSRF
 * token in X-CSRF-Token (403 otherwise).
 */
static http_res run_session(api_ctx *c, const char *secret)
{
    gisac_err err = GISAC_ERR_INIT;
    int rc = http_authenticate_session(c->r, secret, &c->sess, &err);
    if (rc == GISAC_EINVAL)
        return api_error(c, 401, "unauthorized", "authentication required");
    if (rc == GISAC_EFORBIDDEN)
        return api_error(c, 403, "csrf", "%s", err.msg);
    if (rc < 0)
        return api_error(c, 500, "internal", "internal error");
    c->by_session = 1;
    return run_in(c);
}

static http_res run(api_ctx *c)
{
    http_req *r = c->r;
    if (public_route(c))
        return run_in(c);
    const char *secret = http_session_secret(r);
    if (secret)
        return run_session(c, secret);
    int get = strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;
    unsigned flags =
        get && strcmp(c->path, API_PREFIX "/indicators/search") == 0 ? APP_AUTH_HOLD_READ : 0;
    int rc = http_authenticate_hold(r, flags);
    if (rc == GISAC_EINVAL) /* with the portal's challenge (error_hdr) */
        return api_error(c, 401, "unauthorized", "authentication required");
    if (rc < 0)
        return http_auth_refused(r, rc, 0);
    http_res res = run_in(c);
    if (rc > 0)
        app_read_end(r->app);
    return res;
}

static http_res run_in(api_ctx *c)
{
    http_req *r = c->r;
    c->p = auth_principal_of(&r->acc);

    const char *sub = c->path + strlen(API_PREFIX);
    const char *rest_src = r->url + strlen(API_PREFIX);
    const api_route *rt = NULL;
    int known = 0;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0] && !rt; i++) {
        if (!api_match(&routes[i], sub, rest_src, NULL))
            continue;
        known = 1;
        if (method_is(routes[i].method, r->method))
            rt = &routes[i];
    }
    if (!known)
        return api_error(c, 404, "not_found", "no such resource");
    if (!rt) {
        char allow[64];
        allow_list(sub, allow, sizeof allow);
        return error_hdr(c, 405, "method_not_allowed", "method not allowed here", "Allow", allow);
    }
    api_match(rt, sub, rest_src, c);
    if (!allowed(c, rt->access))
        return api_error(c, 403, "forbidden", "the role %s may not do this",
                         auth_role_name(r->acc.role));

    const char *ct = http_header(r, "Content-Type");
    switch (rt->body) {
    case API_BODY_NONE:
        if (r->body_len)
            return api_error(c, 400, "bad_request", "this request takes no body");
        break;
    case API_BODY_RAW:
        if (r->upload ? app_upload_size(r->upload) == 0 : !r->body_len)
            return api_error(c, 400, "bad_request", "the request body (the file) is empty");
        if (cross_site_media(ct))
            return api_error(c, 415, "unsupported_media_type",
                             "send the file itself as the body with its own Content-Type "
                             "(application/octet-stream, application/json, text/csv, "
                             "application/gzip, ...), not text/plain or a form");
        break;
    case API_BODY_JSON:
        if (!r->body_len && !ct)
            return api_error(c, 400, "bad_request", "a JSON body is required");
        if (!json_media(ct))
            return api_error(c, 415, "unsupported_media_type", "the body must be application/json");
        if (api_parse_json(c, r->body, r->body_len, &c->body) < 0)
            return api_fail(c);
        break;
    }
    http_res res = rt->fn(c);
    json_decref(c->body);
    c->body = NULL;
    return res;
}

http_res http_api(http_req *r, const char *path)
{
    api_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return HTTP_DROP;
    c->r = r;
    c->path = path;
    c->now = gisac_now();
    http_res res = run(c);
    free(c);
    return res;
}
