/*
 * http_api_internal.h: shared between the files of the REST API
 * (http_api*.c) and its unit test. See docs/api.md.
 *
 * Every route is a row of one table (http_api.c): method, path pattern as
 * OpenAPI writes it (under /api/v1), who may call it, what body it takes,
 * and its handler. The dispatcher authenticates, matches the route (404,
 * 405 with Allow), checks the role (403), the body's media type (415) and
 * parses a JSON body (400) before the handler runs; handlers check the
 * objects themselves (agency isolation: 404) and the values (422).
 */
#ifndef GISAC_HTTP_API_INTERNAL_H
#define GISAC_HTTP_API_INTERNAL_H

#include "http/http_internal.h"

#include <jansson.h>

/* Who may call a route (checked with auth_can and the TLP view). */
typedef enum api_access {
    API_ANY = 0,     /* any authenticated account */
    API_READ_INTEL,  /* auth_can(AUTH_READ_INTEL) */
    API_WRITE_INTEL, /* auth_can(AUTH_WRITE_INTEL) */
    API_READ_AGENCY, /* auth_can(AUTH_READ_AGENCY) of some agency: staff, agency officers */
    API_ADMIN,       /* auth_can(AUTH_ADMIN) */
    API_STAFF,       /* readers of every TLP (admin, analyst): counts over all of it */
    API_PUBLIC,      /* no authentication (the login: POST /session) */
} api_access;

typedef enum api_body {
    API_BODY_NONE = 0, /* no body allowed */
    API_BODY_JSON,     /* a JSON object, Content-Type application/json */
    API_BODY_RAW,      /* any bytes (an uploaded file) */
} api_body;

#define API_MAX_PARAMS 3
#define API_PARAM_MAX  4096 /* bytes of one path parameter */

/* One request to a route. */
typedef struct api_ctx {
    http_req *r;
    const char *path; /* "/api/v1/...", no trailing slash */
    const char *param[API_MAX_PARAMS];
    char pbuf[API_MAX_PARAMS * (API_PARAM_MAX + 1)];
    auth_principal p;
    json_t *body; /* API_BODY_JSON: the object (borrowed) */

    /* a request of the web portal: its session (by_session 1) */
    int by_session;
    app_session sess;
    int64_t now;
    /* an error to answer, set by the checks below */
    unsigned e_status;
    char e_code[32];
    char e_msg[1024];
} api_ctx;

typedef http_res (*api_handler)(api_ctx *c);

/* The name of an access class ("read-intel": x-gisac-access in openapi.json). */
const char *api_access_name(api_access a);
/* 1 when the caller of c may call the routes of access class a. */
int api_allowed(api_ctx *c, api_access a);

typedef struct api_route {
    const char *method;  /* "GET" (HEAD too), "POST", "PATCH", "DELETE" */
    const char *pattern; /* "/agencies/{id}"; a last "{name}" of rest = 1 takes the rest */
    int rest;
    api_access access;
    api_body body;
    api_handler fn;
} api_route;

/* The table, for the OpenAPI sync test. */
const api_route *api_routes(size_t *n);
/* The OpenAPI description (src/http/openapi.json), NUL-terminated. */
const char *api_openapi(size_t *len);
/*
 * Match path (under /api/v1, e.g. "/agencies/moda") against pattern; 1
 * and the parameters copied into c when it matches. rest_src is the text
 * the rest parameter is taken from (the raw URL, trailing slash and all).
 */
int api_match(const api_route *rt, const char *path, const char *rest_src, api_ctx *c);

/* ---- answers ---------------------------------------------------------- */

/* Send obj (taken over) as JSON with status. */
http_res api_json(api_ctx *c, unsigned status, json_t *obj);
/* {"error":{"code":..,"message":..}} */
http_res api_error(api_ctx *c, unsigned status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The error a check recorded in c. */
http_res api_fail(api_ctx *c);
/*
 * An error of the app layer, answered from one table (http_api.c): 422
 * invalid, 404 not found (or not visible), 409 exists or a conflict with
 * the object's state, 403 forbidden, else 500 (the message is not shown).
 * The error's field (a JSON path) leads the message: "$.aware_at: ...";
 * for values taken from the query string (API_IN_QUERY) it is named as
 * "query parameter 'aware_at': ...". No handler looks at message texts.
 */
typedef enum api_in { API_IN_BODY = 0, API_IN_QUERY } api_in;
http_res api_service_error(api_ctx *c, int rc, const gisac_err *err);
http_res api_service_error_in(api_ctx *c, int rc, const gisac_err *err, api_in in);

/* Record an error in c; returns -1. */
int api_set(api_ctx *c, unsigned status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* ---- the query string ------------------------------------------------- */

/*
 * Check the query: every key among allowed (NULL-terminated), none given
 * twice unless it is among multi (NULL-terminated, may be NULL). 0 or -1
 * (400 recorded).
 */
int api_query_check(api_ctx *c, const char *const *allowed, const char *const *multi);
/* No query argument at all: the allowed keys of api_query_check. */
extern const char *const api_no_args[];
const char *api_arg(api_ctx *c, const char *key);
/* An integer query argument in [min, max]; absent: *out = dflt. 0 or -1. */
int api_arg_int(api_ctx *c, const char *key, long min, long max, long dflt, long *out);

/* ---- JSON input ----------------------------------------------------- */

/*
 * Checks of one member of object o at path (e.g. "$" or "$.indicators[2]").
 * Absent members leave *out alone and *present (when not NULL) 0; a
 * required one that is absent, or a member of the wrong JSON type, is a
 * 400; a value out of range or too long a 422. All return 0 or -1.
 */
int api_keys(api_ctx *c, const json_t *o, const char *path, const char *const *allowed);
int api_get_str(api_ctx *c, const json_t *o, const char *path, const char *key, int required,
                size_t max, const char **out);
int api_get_int(api_ctx *c, const json_t *o, const char *path, const char *key, int required,
                long long min, long long max, long long *out, int *present);
int api_get_bool(api_ctx *c, const json_t *o, const char *path, const char *key, int *out,
                 int *present);
/*
 * A yes/no with a text: {"needed": true|false, "detail": TEXT} at key
 * (an incident's "support_needed"); absent: *present 0, nothing else set.
 * *detail (NULL when not given) at most max bytes. 0, or -1 with a 400
 * naming the member ("$.support_needed.needed: required").
 */
int api_get_yes_no_text(api_ctx *c, const json_t *o, const char *path, const char *key, size_t max,
                        int *yes, const char **detail, int *present);
/* An array of at most max strings of at most maxlen bytes each; *out is malloc'd (free it). */
int api_get_strs(api_ctx *c, const json_t *o, const char *path, const char *key, size_t max,
                 size_t maxlen, const char ***out, size_t *n);
/* A TLP name ("clear" ... "red"); *out stays as it was when absent. */
int api_get_tlp(api_ctx *c, const json_t *o, const char *path, const char *key, gisac_tlp *out);

/*
 * Parse text[0..len) as a JSON object into *out (the caller decrefs it):
 * 0, or -1 with a 400 recorded in c that names the JSON path and the
 * line and column of a syntax error.
 */
int api_parse_json(api_ctx *c, const char *text, size_t len, json_t **out);

/*
 * The JSON path of the place at byte off of text (for syntax errors):
 * "$", "$.a", "$.a[2]", ... into out (cap bytes).
 */
void api_json_path_at(const char *text, size_t off, char *out, size_t cap);

/* ---- rendering ------------------------------------------------------ */

json_t *api_time(int64_t t);            /* ISO 8601, or null for 0 */
json_t *api_str_or_null(const char *s); /* null for NULL or "" */

/* Building an answer: o[key] = v; 1 (the bad flag) when o or v is missing. */
int api_put(json_t *o, const char *key, json_t *v);
/* o, or NULL (o released) when bad: for api_json, which answers 500 to NULL. */
json_t *api_done(json_t *o, int bad);
/* A service's JSON rendering in b (rc its result) as a value, or NULL; b is freed. */
json_t *api_parsed(gisac_buf *b, int rc);

/*
 * The rows of a list answer, gathered by a service's callbacks: bad once a
 * row could not be rendered or added (now: for renderers that need it).
 */
typedef struct api_rows {
    json_t *arr;
    int64_t now;
    int bad;
} api_rows;
/* Add the row o (NULL: its rendering failed); the callback's result (nonzero stops). */
int api_rows_add(api_rows *l, json_t *o);
/*
 * {"key":[...]} of a list call that returned rc, or its error (a fault of
 * the query); l->arr is consumed either way.
 */
http_res api_rows_answer(api_ctx *c, const char *key, api_rows *l, int rc, const gisac_err *err);
/* The same with "next": the cursor of the next page (NULL or "": null, the last page). */
http_res api_rows_answer_next(api_ctx *c, const char *key, api_rows *l, int rc,
                              const gisac_err *err, const char *next);
/*
 * What a list handler adds to api_list: the app call that fills a with
 * rows (reading its arguments from c), its result; or API_FILL_FAILED when
 * an argument was refused (api_set recorded the answer in c).
 */
#define API_FILL_FAILED 1
typedef int (*api_fill_fn)(api_ctx *c, api_rows *a, gisac_err *err);
/*
 * A list handler: the query checked against args (api_query_check), the
 * rows gathered by fill, and answered as {"key":[...]} (api_rows_answer).
 */
http_res api_list(api_ctx *c, const char *const *args, const char *key, api_fill_fn fill);
/*
 * Define the row callback name of a list of T rendered by the service's
 * to_json (int to_json(const T *, gisac_buf *)): each row to the api_rows
 * at ctx.
 */
#define API_JSON_ROWS(name, T, to_json)                                                            \
    static int name(void *ctx, const T *r)                                                         \
    {                                                                                              \
        gisac_buf b = GISAC_BUF_INIT;                                                              \
        return api_rows_add(ctx, api_parsed(&b, to_json(r, &b)));                                  \
    }
/* The query of a list with the one argument agency. */
extern const char *const api_agency_arg[];

/*
 * The list answer under both: {"key":arr} (with "next" when paged: next,
 * or null for NULL or "") of a list call that returned rc, bad when a row
 * could not be added (out of memory), or its error (a fault of the query);
 * arr is consumed either way.
 */
http_res api_array_answer(api_ctx *c, const char *key, json_t *arr, int bad, int rc,
                          const gisac_err *err, int paged, const char *next);
/*
 * A service's JSON rendering in b as the answer with status, when rc (the
 * call's result) is 0; else its error, the fault's place being in (the body
 * or the query). b is freed either way.
 */
http_res api_buf_answer_in(api_ctx *c, unsigned status, gisac_buf *b, int rc, const gisac_err *err,
                           api_in in);
/* The same for a call whose input is the body (api_service_error). */
http_res api_buf_answer(api_ctx *c, unsigned status, gisac_buf *b, int rc, const gisac_err *err);

/* ---- handlers ------------------------------------------------------- */

http_res api_openapi_get(api_ctx *c);

http_res api_feeds_list(api_ctx *c);
http_res api_feeds_create(api_ctx *c);
http_res api_feed_get(api_ctx *c);
http_res api_feed_delete(api_ctx *c);
http_res api_feed_fetch(api_ctx *c);
http_res api_feed_enable(api_ctx *c);
http_res api_feed_disable(api_ctx *c);
http_res api_apps_check(api_ctx *c); /* http_api_app.c */
http_res api_apps_list(api_ctx *c);
http_res api_apps_create(api_ctx *c);
http_res api_app_get(api_ctx *c);
http_res api_app_update(api_ctx *c);
http_res api_app_versions_add(api_ctx *c);
http_res api_app_version_get(api_ctx *c);
http_res api_me(api_ctx *c);

http_res api_report_kpi(api_ctx *c);
/* http_api_gov.c */
http_res api_obligations_list(api_ctx *c);
http_res api_obligation_rules(api_ctx *c);
http_res api_obligation_get(api_ctx *c);
http_res api_obligation_done(api_ctx *c);
http_res api_systems_list(api_ctx *c);
http_res api_systems_create(api_ctx *c);
http_res api_system_get(api_ctx *c);
http_res api_system_update(api_ctx *c);
http_res api_assessments_list(api_ctx *c);
http_res api_assessments_create(api_ctx *c);
http_res api_assessment_get(api_ctx *c);
http_res api_findings_list(api_ctx *c);
http_res api_findings_counts(api_ctx *c);
http_res api_finding_get(api_ctx *c);
http_res api_finding_step(api_ctx *c);
http_res api_scap_hosts(api_ctx *c);
http_res api_scap_host(api_ctx *c);
http_res api_scap_host_diff(api_ctx *c);
http_res api_scap_compliance(api_ctx *c);
http_res api_scap_import(api_ctx *c);

http_res api_assets_list(api_ctx *c);
http_res api_assets_import(api_ctx *c);
http_res api_vulns_affected(api_ctx *c);
http_res api_vuln_get(api_ctx *c);
http_res api_vex_create(api_ctx *c);
http_res api_vex_import(api_ctx *c);
http_res api_alerts_list(api_ctx *c);
http_res api_alert_get(api_ctx *c);
/* POST /alerts/{id}/<step> and POST /alerts/<step>: confirm, dismiss, release (the path's last
 * segment) */
http_res api_alert_answer(api_ctx *c);
http_res api_alerts_answer(api_ctx *c);
http_res api_sightings_list(api_ctx *c);

http_res api_agencies_list(api_ctx *c);
http_res api_agencies_create(api_ctx *c);
http_res api_agency_get(api_ctx *c);
http_res api_agency_update(api_ctx *c);

http_res api_users_list(api_ctx *c);
http_res api_users_create(api_ctx *c);
http_res api_user_get(api_ctx *c);
http_res api_user_update(api_ctx *c);
http_res api_policy_get(api_ctx *c);
http_res api_audit_list(api_ctx *c); /* http_api_audit.c */
http_res api_policy_put(api_ctx *c);
http_res api_user_disable(api_ctx *c);
http_res api_user_enable(api_ctx *c);
http_res api_user_password(api_ctx *c);

http_res api_tokens_list(api_ctx *c);
http_res api_tokens_create(api_ctx *c);
http_res api_token_revoke(api_ctx *c);

http_res api_indicators_list(api_ctx *c);
http_res api_indicators_create(api_ctx *c);
http_res api_indicators_search(api_ctx *c);
http_res api_indicator_get(api_ctx *c);
http_res api_indicator_revoke(api_ctx *c);
http_res api_indicator_restore(api_ctx *c);
http_res api_sources_list(api_ctx *c);
http_res api_stats_get(api_ctx *c);
http_res api_allowlist_list(api_ctx *c);
http_res api_allowlist_add(api_ctx *c);
http_res api_allowlist_remove(api_ctx *c);
http_res api_feed_import(api_ctx *c);

/* http_api_advisory.c */
http_res api_advisories_list(api_ctx *c);
http_res api_advisories_create(api_ctx *c);
http_res api_advisory_get(api_ctx *c);
http_res api_advisory_stix(api_ctx *c);

/* http_api_incident.c */
http_res api_incidents_list(api_ctx *c);
http_res api_incidents_create(api_ctx *c);
http_res api_incidents_due(api_ctx *c);
http_res api_incident_get(api_ctx *c);
http_res api_incident_update(api_ctx *c);
http_res api_incident_advance(api_ctx *c);
http_res api_incident_close(api_ctx *c);
http_res api_incident_report(api_ctx *c);
http_res api_incident_breaches(api_ctx *c);
http_res api_incident_links(api_ctx *c);
http_res api_incident_events(api_ctx *c);
http_res api_incident_revisions(api_ctx *c);
http_res api_evidence_list(api_ctx *c);
http_res api_evidence_add(api_ctx *c);
http_res api_evidence_verify(api_ctx *c);
http_res api_evidence_get(api_ctx *c);
http_res api_evidence_content(api_ctx *c);
http_res api_evidence_transfer(api_ctx *c);

/* http_api_ingest.c */
http_res api_ingest(api_ctx *c);

/* http_api_status.c */
http_res api_status_get(api_ctx *c);

/* http_api_session.c: the web portal's sessions, the level of the matrix */
http_res api_session_create(api_ctx *c);
http_res api_session_get(api_ctx *c);
http_res api_session_update(api_ctx *c);
http_res api_session_delete(api_ctx *c);
http_res api_policy_level(api_ctx *c);

/* http_api_identity.c: the installation's STIX identity */
http_res api_identity_get(api_ctx *c);
http_res api_identity_update(api_ctx *c);

#endif
