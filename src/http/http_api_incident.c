/*
 * http_api_incident.c: /api/v1/incidents (docs/api.md, docs/incident.md,
 * docs/evidence.md): the incident service (src/incident) over HTTP, with
 * the semantics of `gisac incident` and `gisac evidence`.
 *
 *   GET   /incidents                       list (agency, status, open, level,
 *                                          since; limit and cursor pages)
 *   POST  /incidents                       report one (201, Location)
 *   GET   /incidents/due                   open ones by next deadline (within)
 *   GET   /incidents/{id}                  one, with its deadlines
 *   PATCH /incidents/{id}                  change it (impacts, level override)
 *   POST  /incidents/{id}/advance          reviewed, recovered ("at"), investigated
 *   POST  /incidents/{id}/close            close, or dismiss a draft
 *   POST  /incidents/{id}/report           file the pending report
 *   GET   /incidents/{id}/breaches|links|events|revisions
 *   GET   /incidents/{id}/evidence         its evidence
 *   POST  /incidents/{id}/evidence         upload a file (the raw body)
 *   POST  /incidents/{id}/evidence/verify  re-hash its files
 *   GET   /incidents/{id}/evidence/{n}     one piece with its chain of custody
 *   POST  /incidents/{id}/evidence/{n}/transfer
 *
 * Who: the route class lets office staff and agency officers in (sensors
 * and consumers get 403); the service checks role and agency on every
 * call, so an incident of another agency answers 404 exactly like one
 * that does not exist, and staff-only steps (review, close, level
 * overrides) answer 403. Writes are audited by the service with the
 * request's actor ("user:NAME"). The incident and evidence JSON are the
 * service's (incident_to_json, incident_evidence_to_json), the shapes of
 * `--json` on the command line.
 *
 * Errors: a malformed body or query 400 (naming the JSON path), a bad
 * value 422 (naming the JSON path or query parameter), a step the
 * incident's status does not allow 409.
 */
#include "http/http_api_internal.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_PAGE 100
#define PAGE_MAX     1000
#define VOCAB_BYTES  64 /* asset, impacts, category, status */
#define TIME_BYTES   64

static json_t *incident_json(const incident *inc, int64_t now)
{
    gisac_buf b = GISAC_BUF_INIT;
    return api_parsed(&b, incident_to_json(inc, now, &b));
}

static json_t *evidence_json(const incident_evidence *ev)
{
    gisac_buf b = GISAC_BUF_INIT;
    return api_parsed(&b, incident_evidence_to_json(ev, &b));
}

/* ---- input -------------------------------------------------------------- */

/* An ISO 8601 time member; absent: *out stays. 0 or -1. */
static int get_time(api_ctx *c, const char *key, int required, int64_t *out)
{
    const char *s = NULL;
    if (api_get_str(c, c->body, "$", key, required, TIME_BYTES, &s) < 0)
        return -1;
    if (!s)
        return 0;
    gisac_err err = GISAC_ERR_INIT;
    if (app_parse_time(c->r->app, s, out, &err) < 0)
        return api_set(c, 422, "invalid", "$.%s: '%s' is not a time such as 2026-11-24T08:00:00Z",
                       key, s);
    return 0;
}

/* The asset and the impacts (each a vocabulary word), in this order; 0 or -1. */
static int get_impacts(api_ctx *c, int asset_required, const char **asset, const char **conf,
                       const char **integrity, const char **avail)
{
    const json_t *b = c->body;
    if (api_get_str(c, b, "$", "asset", asset_required, VOCAB_BYTES, asset) < 0 ||
        api_get_str(c, b, "$", "confidentiality", 0, VOCAB_BYTES, conf) < 0 ||
        api_get_str(c, b, "$", "integrity", 0, VOCAB_BYTES, integrity) < 0 ||
        api_get_str(c, b, "$", "availability", 0, VOCAB_BYTES, avail) < 0)
        return -1;
    return 0;
}

/*
 * The legal fields: "measures" and "notes" (text), "support_needed"
 * ({"needed": true|false, "detail": text}); absent members stay. 0 or -1.
 */
static int get_legal(api_ctx *c, const char **measures, incident_support *support,
                     const char **detail, const char **notes)
{
    const json_t *b = c->body;
    int yes = 0, present = 0;
    if (api_get_str(c, b, "$", "measures", 0, INCIDENT_DESCRIPTION_MAX, measures) < 0 ||
        api_get_str(c, b, "$", "notes", 0, INCIDENT_DESCRIPTION_MAX, notes) < 0 ||
        api_get_yes_no_text(c, b, "$", "support_needed", INCIDENT_DESCRIPTION_MAX, &yes, detail,
                            &present) < 0)
        return -1;
    if (present)
        *support = yes ? INCIDENT_SUPPORT_YES : INCIDENT_SUPPORT_NO;
    return 0;
}

/* "INC-<year>-<seq>" as (year, seq); 0 or -1. */
static int parse_ref(const char *s, long *year, long *seq)
{
    if (strncmp(s, "INC-", 4) != 0)
        return -1;
    char *end;
    errno = 0;
    long y = strtol(s + 4, &end, 10);
    if (errno || end != s + 8 || *end != '-' || y < 1970)
        return -1;
    const char *p = end + 1;
    if (*p < '0' || *p > '9')
        return -1;
    long q = strtol(p, &end, 10);
    if (errno || *end || q < 0)
        return -1;
    *year = y;
    *seq = q;
    return 0;
}

/* 201 with obj (taken over) and its Location. */
static http_res created(api_ctx *c, json_t *obj, const char *loc)
{
    char *text = json_dumps(obj, JSON_COMPACT);
    json_decref(obj);
    size_t len = text ? strlen(text) : 0;
    char *b = text ? realloc(text, len + 2) : NULL;
    if (!b) {
        free(text);
        return api_error(c, 500, "internal", "internal error");
    }
    b[len++] = '\n';
    b[len] = '\0';
    return http_send(c->r, 201, JSON_MEDIA, b, len, NULL, "Location", loc, NULL);
}

/* The incident of the path, for the caller, into *inc (malloc'd). */
static int load(api_ctx *c, incident **inc, http_res *res)
{
    *inc = malloc(sizeof **inc);
    if (!*inc) {
        *res = api_error(c, 500, "internal", "internal error");
        return -1;
    }
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_get_incident(c->r->app, &c->p, c->param[0], c->now, *inc, &err);
    if (rc < 0) {
        free(*inc);
        *inc = NULL;
        *res = api_service_error(c, rc, &err);
        return -1;
    }
    return 0;
}

/* Answer an incident written by the service (rc), freeing it. */
static http_res answer(api_ctx *c, int rc, const gisac_err *err, incident *inc, unsigned status)
{
    if (rc < 0) {
        free(inc);
        return api_service_error(c, rc, err);
    }
    json_t *o = incident_json(inc, c->now);
    if (!o) {
        free(inc);
        return api_error(c, 500, "internal", "internal error");
    }
    if (status != 201) {
        free(inc);
        return api_json(c, status, o);
    }
    char loc[64 + INCIDENT_ID_MAX];
    snprintf(loc, sizeof loc, "/api/v1/incidents/%s", inc->id);
    free(inc);
    return created(c, o, loc);
}

/* ---- list, due ------------------------------------------------------------ */

typedef struct list_out {
    json_t *arr;
    int64_t now;
    int level;     /* 0: any */
    int64_t since; /* 0: any */
    long after_year, after_seq;
    int have_cursor;
    size_t limit; /* 0: no pages */
    size_t n;
    int more;
    char last[INCIDENT_ID_MAX];
    int bad;
} list_out;

static int list_cb(void *ctx, const incident *inc)
{
    list_out *l = ctx;
    if (l->level && inc->level != l->level)
        return 0;
    if (l->since && inc->created < l->since)
        return 0;
    if (l->have_cursor) {
        long y, q;
        if (parse_ref(inc->id, &y, &q) == 0 &&
            (y < l->after_year || (y == l->after_year && q <= l->after_seq)))
            return 0;
    }
    if (l->limit && l->n == l->limit) {
        l->more = 1;
        return 1;
    }
    json_t *o = incident_json(inc, l->now);
    l->bad |= !o || json_array_append_new(l->arr, o) != 0;
    snprintf(l->last, sizeof l->last, "%s", inc->id);
    l->n++;
    return l->bad;
}

/* {"incidents":[...]} (with "next" when paged) of a list call (rc), or its error. */
static http_res list_answer(api_ctx *c, int rc, const gisac_err *err, list_out *l, int paged)
{
    return api_array_answer(c, "incidents", l->arr, l->bad, rc, err, paged,
                            l->more ? l->last : NULL);
}

http_res api_incidents_list(api_ctx *c)
{
    static const char *const args[] = {"agency", "status", "open",   "level",
                                       "since",  "limit",  "cursor", NULL};
    long limit, level;
    if (api_query_check(c, args, NULL) < 0 ||
        api_arg_int(c, "limit", 1, PAGE_MAX, DEFAULT_PAGE, &limit) < 0 ||
        api_arg_int(c, "level", 1, POLICY_LEVEL_MAX, 0, &level) < 0)
        return api_fail(c);
    incident_filter f = {.agency = api_arg(c, "agency")};
    const char *v = api_arg(c, "status");
    if (v && !(f.status = incident_status_parse(v)))
        return api_error(c, 400, "bad_request",
                         "query parameter 'status' must be draft, reported, reviewed, recovered, "
                         "investigated or closed");
    if ((v = api_arg(c, "open"))) {
        if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
            f.open_only = 1;
        else if (strcmp(v, "false") != 0 && strcmp(v, "0") != 0)
            return api_error(c, 400, "bad_request", "query parameter 'open' must be true or false");
    }
    if (f.status && f.open_only)
        return api_error(c, 400, "bad_request", "give 'status' or 'open', not both");
    list_out l;
    memset(&l, 0, sizeof l);
    l.now = c->now;
    l.level = (int)level;
    l.limit = (size_t)limit;
    gisac_err terr = GISAC_ERR_INIT;
    if ((v = api_arg(c, "since")) && app_parse_time(c->r->app, v, &l.since, &terr) < 0)
        return api_error(c, 400, "bad_request",
                         "query parameter 'since' must be a time such as 2026-11-24T08:00:00Z");
    if ((v = api_arg(c, "cursor"))) {
        if (parse_ref(v, &l.after_year, &l.after_seq) < 0)
            return api_error(c, 400, "bad_request",
                             "query parameter 'cursor' must be an incident id (the 'next' of "
                             "the previous page)");
        l.have_cursor = 1;
        f.after = v; /* the store seeks past it; list_cb still checks */
    }
    l.arr = json_array();
    gisac_err err = GISAC_ERR_INIT;
    int rc = l.arr ? app_list_incidents(c->r->app, &c->p, &f, c->now, list_cb, &l, &err)
                   : gisac_err_set(&err, GISAC_ENOMEM, "out of memory");
    return list_answer(c, rc, &err, &l, 1);
}

http_res api_incidents_due(api_ctx *c)
{
    static const char *const args[] = {"within", "agency", NULL};
    if (api_query_check(c, args, NULL) < 0)
        return api_fail(c);
    int64_t until = 0;
    const char *w = api_arg(c, "within");
    if (w) {
        policy_duration d;
        gisac_err e = GISAC_ERR_INIT;
        if (policy_duration_parse(w, &d, &e) < 0)
            return api_error(c, 400, "bad_request", "query parameter 'within': %s", e.msg);
        until = policy_time_add(c->now, d);
    }
    list_out l;
    memset(&l, 0, sizeof l);
    l.now = c->now;
    l.arr = json_array();
    gisac_err err = GISAC_ERR_INIT;
    int rc = l.arr ? app_list_due_incidents(c->r->app, &c->p, api_arg(c, "agency"), c->now, until,
                                            list_cb, &l, &err)
                   : gisac_err_set(&err, GISAC_ENOMEM, "out of memory");
    return list_answer(c, rc, &err, &l, 0);
}

/* ---- report, show, update ------------------------------------------------- */

http_res api_incidents_create(api_ctx *c)
{
    static const char *const keys[] = {
        "agency",         "title",       "asset",    "confidentiality", "integrity", "availability",
        "aware_at",       "occurred_at", "category", "description",     "draft",     "measures",
        "support_needed", "notes",       "channel",  "received_at",     NULL};
    incident_input in;
    memset(&in, 0, sizeof in);
    const json_t *b = c->body;
    if (api_query_check(c, api_no_args, NULL) < 0 || api_keys(c, b, "$", keys) < 0 ||
        api_get_str(c, b, "$", "agency", 1, AUTH_AGENCY_ID_MAX, &in.agency) < 0 ||
        api_get_str(c, b, "$", "title", 1, INCIDENT_TITLE_MAX, &in.title) < 0 ||
        get_impacts(c, 1, &in.asset, &in.confidentiality, &in.integrity, &in.availability) < 0 ||
        get_time(c, "aware_at", 1, &in.aware_at) < 0 ||
        get_time(c, "occurred_at", 0, &in.occurred_at) < 0 ||
        api_get_str(c, b, "$", "category", 0, VOCAB_BYTES, &in.category) < 0 ||
        api_get_str(c, b, "$", "description", 0, INCIDENT_DESCRIPTION_MAX, &in.description) < 0 ||
        api_get_bool(c, b, "$", "draft", &in.draft, NULL) < 0 ||
        get_legal(c, &in.measures, &in.support_needed, &in.support_detail, &in.notes) < 0 ||
        api_get_str(c, b, "$", "channel", 0, VOCAB_BYTES, &in.channel) < 0 ||
        get_time(c, "received_at", 0, &in.received_at) < 0)
        return api_fail(c);
    incident *inc = malloc(sizeof *inc);
    gisac_err err = GISAC_ERR_INIT;
    int rc = inc ? app_report_incident(c->r->app, &c->p, &in, c->now, inc, &err)
                 : gisac_err_set(&err, GISAC_ENOMEM, "out of memory");
    return answer(c, rc, &err, inc, 201);
}

http_res api_incident_get(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    incident *inc;
    http_res res;
    if (load(c, &inc, &res) < 0)
        return res;
    return answer(c, 0, NULL, inc, 200);
}

http_res api_incident_update(api_ctx *c)
{
    static const char *const keys[] = {
        "title",     "description",    "category",    "asset", "confidentiality",
        "integrity", "availability",   "occurred_at", "level", "reason",
        "measures",  "support_needed", "notes",       NULL};
    incident_change ch;
    memset(&ch, 0, sizeof ch);
    ch.level = -1;
    const json_t *b = c->body;
    if (api_query_check(c, api_no_args, NULL) < 0 || api_keys(c, b, "$", keys) < 0 ||
        api_get_str(c, b, "$", "title", 0, INCIDENT_TITLE_MAX, &ch.title) < 0 ||
        api_get_str(c, b, "$", "description", 0, INCIDENT_DESCRIPTION_MAX, &ch.description) < 0 ||
        api_get_str(c, b, "$", "category", 0, VOCAB_BYTES, &ch.category) < 0 ||
        get_impacts(c, 0, &ch.asset, &ch.confidentiality, &ch.integrity, &ch.availability) < 0 ||
        get_time(c, "occurred_at", 0, &ch.occurred_at) < 0 ||
        api_get_str(c, b, "$", "reason", 0, INCIDENT_REASON_MAX, &ch.reason) < 0 ||
        get_legal(c, &ch.measures, &ch.support_needed, &ch.support_detail, &ch.notes) < 0)
        return api_fail(c);
    /* "level": 1 to 4 overrides the computed level, "auto" goes back to it */
    const json_t *lv = json_object_get(b, "level");
    if (lv) {
        if (json_is_string(lv) && strcmp(json_string_value(lv), "auto") == 0)
            ch.level = 0;
        else if (json_is_integer(lv) && json_integer_value(lv) >= 1 &&
                 json_integer_value(lv) <= POLICY_LEVEL_MAX)
            ch.level = (int)json_integer_value(lv);
        else if (json_is_integer(lv) || json_is_string(lv))
            return api_error(c, 422, "invalid", "$.level: use 1 to %d, or \"auto\"",
                             POLICY_LEVEL_MAX);
        else
            return api_error(c, 400, "bad_request", "$.level: expected an integer or \"auto\"");
        if (!ch.reason)
            return api_error(c, 400, "bad_request", "$.reason: required with $.level");
    } else if (ch.reason) {
        return api_error(c, 400, "bad_request", "$.reason: goes with $.level");
    }
    if (json_object_size(b) == 0)
        return api_error(c, 400, "bad_request", "$: nothing to change");
    incident *inc = malloc(sizeof *inc);
    gisac_err err = GISAC_ERR_INIT;
    int rc = inc ? app_update_incident(c->r->app, &c->p, c->param[0], &ch, c->now, inc, &err)
                 : gisac_err_set(&err, GISAC_ENOMEM, "out of memory");
    return answer(c, rc, &err, inc, 200);
}

/* ---- transitions ---------------------------------------------------------- */

/* A note-like member: single-line text. 0 or -1. */
static int get_line(api_ctx *c, const char *key, size_t max, const char **out)
{
    if (api_get_str(c, c->body, "$", key, 0, max, out) < 0)
        return -1;
    for (const unsigned char *p = (const unsigned char *)(*out ? *out : ""); *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return api_set(c, 422, "invalid", "$.%s: holds a control character", key);
    return 0;
}

/* The investigation report {"name": N, "content": BASE64}: its name and bytes (*bin malloc'd). */
static int report_file(api_ctx *c, const json_t *rep, const char **name, unsigned char **bin,
                       size_t *blen)
{
    static const char *const keys[] = {"name", "content", NULL};
    if (!json_is_object(rep))
        return api_set(c, 400, "bad_request", "$.report: expected an object");
    const char *content = NULL;
    if (api_keys(c, rep, "$.report", keys) < 0 ||
        api_get_str(c, rep, "$.report", "name", 1, INCIDENT_FILE_NAME_MAX, name) < 0 ||
        api_get_str(c, rep, "$.report", "content", 1, http_max_body(c->r), &content) < 0)
        return -1;
    size_t clen = strlen(content);
    *bin = malloc(clen / 4 * 3 + 4);
    if (!*bin)
        return api_set(c, 500, "internal", "internal error");
    const char *end = NULL;
    if (sodium_base642bin(*bin, clen / 4 * 3 + 4, content, clen, " \r\n", blen, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        (end && *end))
        return api_set(c, 422, "invalid", "$.report.content: not base64");
    if (*blen == 0)
        return api_set(c, 422, "invalid", "$.report.content: the report is empty");
    return 0;
}

http_res api_incident_advance(api_ctx *c)
{
    static const char *const keys[] = {"status", "note", "report", "at", NULL};
    const char *status = NULL, *note = NULL;
    int64_t at = 0;
    const json_t *b = c->body;
    if (api_query_check(c, api_no_args, NULL) < 0 || api_keys(c, b, "$", keys) < 0 ||
        api_get_str(c, b, "$", "status", 1, VOCAB_BYTES, &status) < 0 ||
        get_line(c, "note", INCIDENT_REASON_MAX, &note) < 0 || get_time(c, "at", 0, &at) < 0)
        return api_fail(c);
    incident_status to = incident_status_parse(status);
    if (to != INCIDENT_REVIEWED && to != INCIDENT_RECOVERED && to != INCIDENT_INVESTIGATED)
        return api_error(c, 422, "invalid",
                         "$.status: use reviewed, recovered or investigated (close with "
                         "/close, file a draft's report with /report)");
    if (at && to != INCIDENT_RECOVERED)
        return api_error(c, 400, "bad_request", "$.at: goes with \"status\": \"recovered\"");
    const json_t *rep = json_object_get(b, "report");
    if (rep && to != INCIDENT_INVESTIGATED)
        return api_error(c, 400, "bad_request", "$.report: goes with \"status\": \"investigated\"");
    if (!rep && to == INCIDENT_INVESTIGATED)
        return api_error(c, 400, "bad_request",
                         "$.report: required: investigated needs the investigation and "
                         "improvement report");
    incident *inc = malloc(sizeof *inc);
    gisac_err err = GISAC_ERR_INIT;
    int rc;
    if (!inc) {
        rc = gisac_err_set(&err, GISAC_ENOMEM, "out of memory");
    } else if (rep) {
        const char *name = NULL;
        unsigned char *bin = NULL;
        size_t blen = 0;
        if (report_file(c, rep, &name, &bin, &blen) < 0) {
            free(bin);
            free(inc);
            return api_fail(c);
        }
        rc = app_advance_incident_data(c->r->app, &c->p, c->param[0], note, name, "$.report.name",
                                       bin, blen, c->now, inc, &err);
        free(bin);
    } else if (to == INCIDENT_RECOVERED) {
        rc = app_recover_incident(c->r->app, &c->p, c->param[0], at, note, c->now, inc, &err);
    } else {
        rc = app_advance_incident(c->r->app, &c->p, c->param[0], to, note, NULL, c->now, inc, &err);
    }
    return answer(c, rc, &err, inc, 200);
}

/* close and report: {"<key>": text} and one step of the app on the incident of the path. */
typedef int (*step_fn)(app *a, const auth_principal *who, const char *id, const char *text,
                       int64_t now, incident *out, gisac_err *err);

static http_res one_step(api_ctx *c, const char *key, step_fn fn)
{
    const char *const keys[] = {key, NULL};
    const char *text = NULL;
    if (api_query_check(c, api_no_args, NULL) < 0 || api_keys(c, c->body, "$", keys) < 0 ||
        get_line(c, key, INCIDENT_REASON_MAX, &text) < 0)
        return api_fail(c);
    incident *inc = malloc(sizeof *inc);
    gisac_err err = GISAC_ERR_INIT;
    int rc = inc ? fn(c->r->app, &c->p, c->param[0], text, c->now, inc, &err)
                 : gisac_err_set(&err, GISAC_ENOMEM, "out of memory");
    return answer(c, rc, &err, inc, 200);
}

http_res api_incident_close(api_ctx *c)
{
    return one_step(c, "reason", app_close_incident);
}

http_res api_incident_report(api_ctx *c)
{
    return one_step(c, "note", app_report_incident_again);
}

/* ---- breaches, links, events ---------------------------------------------- */

static int breach_cb(void *ctx, const incident_breach *b)
{
    json_t *o = json_object();
    int bad = api_put(o, "deadline", json_string(policy_deadline_name(b->kind)));
    bad |= api_put(o, "due", api_time(b->due));
    bad |= api_put(o, "recorded", api_time(b->recorded));
    return api_rows_add(ctx, api_done(o, bad));
}

static int link_cb(void *ctx, const char *kind, const char *target, int64_t added)
{
    json_t *o = json_object();
    int bad = api_put(o, "kind", json_string(kind));
    bad |= api_put(o, "target", json_string(target));
    bad |= api_put(o, "added", api_time(added));
    return api_rows_add(ctx, api_done(o, bad));
}

static int event_cb(void *ctx, const incident_event *ev)
{
    json_t *o = json_object();
    json_t *detail = ev->detail ? json_loads(ev->detail, 0, NULL) : NULL;
    int bad = api_put(o, "seq", json_integer(ev->n));
    bad |= api_put(o, "time", api_time(ev->ts));
    bad |= api_put(o, "kind", json_string(ev->kind));
    bad |= api_put(o, "detail", detail ? detail : json_null());
    return api_rows_add(ctx, api_done(o, bad));
}

/* The lists of the incident of the path without query parameters. */
typedef enum id_list { LIST_BREACHES, LIST_LINKS, LIST_EVIDENCE } id_list;

static int evidence_cb(void *ctx, const incident_evidence *ev);

static http_res list_of(api_ctx *c, id_list what)
{
    static const char *const names[] = {"breaches", "links", "evidence"};
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    api_rows a = {json_array(), 0, 0};
    gisac_err err = GISAC_ERR_INIT;
    const char *id = c->param[0];
    int rc;
    if (!a.arr)
        rc = gisac_err_set(&err, GISAC_ENOMEM, "out of memory");
    else if (what == LIST_BREACHES)
        rc = app_list_incident_breaches(c->r->app, &c->p, id, breach_cb, &a, &err);
    else if (what == LIST_LINKS)
        rc = app_list_incident_links(c->r->app, &c->p, id, link_cb, &a, &err);
    else
        rc = app_list_evidence(c->r->app, &c->p, id, evidence_cb, &a, &err);
    return api_rows_answer(c, names[what], &a, rc, &err);
}

http_res api_incident_breaches(api_ctx *c)
{
    return list_of(c, LIST_BREACHES);
}

http_res api_incident_links(api_ctx *c)
{
    return list_of(c, LIST_LINKS);
}

http_res api_incident_events(api_ctx *c)
{
    static const char *const args[] = {"after", NULL};
    long after;
    if (api_query_check(c, args, NULL) < 0 ||
        api_arg_int(c, "after", 0, 0x7fffffffL, 0, &after) < 0)
        return api_fail(c);
    api_rows a = {json_array(), 0, 0};
    gisac_err err = GISAC_ERR_INIT;
    int rc =
        a.arr ? app_list_incident_events(c->r->app, &c->p, c->param[0], after, event_cb, &a, &err)
              : gisac_err_set(&err, GISAC_ENOMEM, "out of memory");
    return api_rows_answer(c, "events", &a, rc, &err);
}

static int revision_cb(void *ctx, const incident_revision *rv)
{
    gisac_buf b = GISAC_BUF_INIT;
    return api_rows_add(ctx, api_parsed(&b, incident_revision_to_json(rv, &b)));
}

http_res api_incident_revisions(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    api_rows a = {json_array(), 0, 0};
    gisac_err err = GISAC_ERR_INIT;
    int rc = a.arr
                 ? app_list_incident_revisions(c->r->app, &c->p, c->param[0], revision_cb, &a, &err)
                 : gisac_err_set(&err, GISAC_ENOMEM, "out of memory");
    return api_rows_answer(c, "revisions", &a, rc, &err);
}

/* ---- evidence ------------------------------------------------------------- */

static int evidence_cb(void *ctx, const incident_evidence *ev)
{
    return api_rows_add(ctx, evidence_json(ev));
}

http_res api_evidence_list(api_ctx *c)
{
    return list_of(c, LIST_EVIDENCE);
}

/* The evidence number of the path: 1, 2, ...; 0 (none such) when it is not one. */
static int evidence_n(const char *s)
{
    if (*s < '1' || *s > '9' || strlen(s) > 9)
        return 0;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            return 0;
    return atoi(s);
}

/* Evidence n of the incident of the path with its chain of custody. */
static http_res evidence_answer(api_ctx *c, int n, unsigned status)
{
    incident_evidence ev;
    gisac_err err = GISAC_ERR_INIT;
    gisac_buf b = GISAC_BUF_INIT;
    int rc = app_evidence_json(c->r->app, &c->p, c->param[0], n, &ev, &b, &err);
    json_t *o = api_parsed(&b, rc);
    if (rc < 0)
        return api_service_error(c, rc, &err);
    if (status != 201 || !o)
        return o ? api_json(c, status, o) : api_error(c, 500, "internal", "internal error");
    char loc[128 + INCIDENT_ID_MAX];
    snprintf(loc, sizeof loc, "/api/v1/incidents/%s/evidence/%d", ev.incident, ev.n);
    return created(c, o, loc);
}

http_res api_evidence_get(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    /* not a number: none such, after the incident (one of another agency stays unknown) */
    return evidence_answer(c, evidence_n(c->param[1]), 200);
}

/*
 * Content-Disposition for a file name: a plain ASCII fallback (anything
 * else as '_') and the UTF-8 name per RFC 6266 / RFC 8187.
 */
static int disposition(const char *name, gisac_buf *out)
{
    int bad = gisac_buf_puts(out, "attachment; filename=\"");
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        bad |= gisac_buf_putc(out,
                              *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' ? (char)*p : '_');
    bad |= gisac_buf_puts(out, "\"; filename*=UTF-8''");
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("!#$&+-.^_`|~", *p))
            bad |= gisac_buf_putc(out, (char)*p);
        else
            bad |= gisac_buf_printf(out, "%%%02X", *p);
    }
    return bad ? GISAC_ENOMEM : 0;
}

http_res api_evidence_content(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    incident_evidence ev;
    gisac_err err = GISAC_ERR_INIT;
    int fd = -1;
    /* HEAD reads nothing: not an access */
    const char *how = strcmp(c->r->method, "HEAD") == 0 ? NULL : "downloaded over the API";
    int rc = app_open_evidence(c->r->app, &c->p, c->param[0], evidence_n(c->param[1]), how, c->now,
                               &ev, &fd, &err);
    if (rc < 0)
        return api_service_error(c, rc, &err);
    gisac_buf cd = GISAC_BUF_INIT;
    if (disposition(ev.name[0] ? ev.name : ev.sha256, &cd) < 0) {
        close(fd);
        gisac_buf_free(&cd);
        return api_error(c, 500, "internal", "out of memory");
    }
    http_res res =
        http_send_file(c->r, fd, ev.size, "application/octet-stream", "Content-Disposition",
                       cd.data, "X-Gisac-SHA256", ev.sha256, NULL);
    gisac_buf_free(&cd);
    return res;
}

http_res api_evidence_add(api_ctx *c)
{
    static const char *const args[] = {"name", "note", "acquired_by", "acquired_at", NULL};
    if (api_query_check(c, args, NULL) < 0)
        return api_fail(c);
    incident_evidence_input in;
    memset(&in, 0, sizeof in);
    const char *name = api_arg(c, "name");
    in.note = api_arg(c, "note");
    in.acquired_by = api_arg(c, "acquired_by");
    const char *at = api_arg(c, "acquired_at");
    if (!name)
        return api_error(c, 400, "bad_request",
                         "query parameter 'name' is required (the file's name)");
    gisac_err terr = GISAC_ERR_INIT;
    if (at && app_parse_time(c->r->app, at, &in.acquired_at, &terr) < 0)
        return api_error(c, 400, "bad_request",
                         "query parameter 'acquired_at' must be a time such as "
                         "2026-11-24T08:00:00Z");
    incident_evidence ev;
    gisac_err err = GISAC_ERR_INIT;
    int rc = c->r->upload
                 ? app_add_evidence_upload(c->r->app, &c->p, c->param[0], name, "$.name",
                                           c->r->upload, &in, c->now, &ev, &err)
                 : app_add_evidence_data(c->r->app, &c->p, c->param[0], name, "$.name", c->r->body,
                                         c->r->body_len, &in, c->now, &ev, &err);
    if (rc < 0)
        return api_service_error_in(c, rc, &err, API_IN_QUERY);
    return evidence_answer(c, ev.n, 201);
}

http_res api_evidence_transfer(api_ctx *c)
{
    static const char *const keys[] = {"to", "reason", "from", "at", NULL};
    const char *to = NULL, *reason = NULL, *from = NULL;
    int64_t at = 0;
    const json_t *b = c->body;
    if (api_query_check(c, api_no_args, NULL) < 0 || api_keys(c, b, "$", keys) < 0 ||
        api_get_str(c, b, "$", "to", 1, INCIDENT_PARTY_MAX - 1, &to) < 0 ||
        api_get_str(c, b, "$", "reason", 1, INCIDENT_REASON_MAX, &reason) < 0 ||
        api_get_str(c, b, "$", "from", 0, INCIDENT_PARTY_MAX - 1, &from) < 0 ||
        get_time(c, "at", 0, &at) < 0)
        return api_fail(c);
    int n = evidence_n(c->param[1]);
    incident_evidence ev;
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_transfer_evidence(c->r->app, &c->p, c->param[0], n, from, to, reason, at, c->now,
                                   &ev, &err);
    if (rc < 0)
        return api_service_error(c, rc, &err);
    return evidence_answer(c, n, 200);
}

typedef struct verify_out {
    json_t *arr;
    int bad;
} verify_out;

static int verify_cb(void *ctx, const incident_verify_result *r)
{
    static const char *const names[] = {"ok", "mismatch", "missing", "unreadable"};
    verify_out *v = ctx;
    json_t *o = json_object();
    int bad = api_put(o, "n", json_integer(r->ev->n));
    bad |= api_put(o, "name", api_str_or_null(r->ev->name));
    bad |= api_put(
        o, "status",
        json_string(names[r->status <= INCIDENT_VERIFY_UNREADABLE ? r->status
                                                                  : INCIDENT_VERIFY_UNREADABLE]));
    bad |= api_put(o, "sha256", json_string(r->ev->sha256));
    bad |= api_put(o, "size", json_integer(r->ev->size));
    if (r->status == INCIDENT_VERIFY_MISMATCH) {
        bad |= api_put(o, "found_sha256", json_string(r->actual));
        bad |= api_put(o, "found_size", json_integer(r->actual_size));
    }
    v->bad |= bad || json_array_append_new(v->arr, o) != 0;
    return v->bad;
}

http_res api_evidence_verify(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    verify_out v = {json_array(), 0};
    size_t checked = 0, nbad = 0;
    gisac_err err = GISAC_ERR_INIT;
    int rc = v.arr ? app_verify_evidence(c->r->app, &c->p, c->param[0], c->now, verify_cb, &v,
                                         &checked, &nbad, &err)
                   : gisac_err_set(&err, GISAC_ENOMEM, "out of memory");
    if (rc == 0 && v.bad)
        rc = GISAC_ENOMEM;
    if (rc < 0) {
        json_decref(v.arr);
        return api_service_error(c, rc, &err);
    }
    json_t *o = json_object();
    int bad = api_put(o, "checked", json_integer((json_int_t)checked));
    bad |= api_put(o, "failed", json_integer((json_int_t)nbad));
    bad |= api_put(o, "results", v.arr);
    return api_json(c, 200, api_done(o, bad));
}
