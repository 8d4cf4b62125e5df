/*
 * http_api_intel.c: /api/v1 indicators, sources, stats, allowlist and
 * feed import (docs/api.md).
 *
 * Every use case is one app function (app_intel.h), which applies the
 * caller's TLP view: what a caller may not read is absent, exactly like
 * what does not exist. Indicators are rendered by the intel service
 * (intel_indicator_to_json), the shape of "gisac intel list --json".
 */
#include "http/http_api_internal.h"

#include <stdlib.h>
#include <string.h>

#define MESSAGES_MAX    100 /* import messages in one answer */
#define SOURCE_MAX      100
#define LABELS_MAX      32
#define LABEL_MAX       100
#define NAME_MAX_BYTES  200
#define DESCRIPTION_MAX 4000
#define RECIPIENTS_MAX  64
#define DEFAULT_SOURCE  "api"
#define DEFAULT_PAGE    100

/* ---- list -------------------------------------------------------------- */

static int list_cb(void *ctx, const store_indicator *ind)
{
    api_rows *l = ctx;
    gisac_buf b = GISAC_BUF_INIT;
    return api_rows_add(
        l, api_parsed(&b, intel_indicator_to_json(ind, l->now, INTEL_JSON_SOURCE_NAMES, &b)));
}

static int parse_bool(api_ctx *c, const char *key, int *out)
{
    const char *v = api_arg(c, key);
    if (!v)
        return 0;
    if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
        *out = 1;
    else if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
        *out = 0;
    else
        return api_set(c, 400, "bad_request", "query parameter '%s' must be true or false", key);
    return 0;
}

http_res api_indicators_list(api_ctx *c)
{
    static const char *const args[] = {"limit", "cursor", "type", "source", "active", NULL};
    long limit;
    store_filter f = STORE_FILTER_ALL;
    if (api_query_check(c, args, NULL) < 0 ||
        api_arg_int(c, "limit", 1, INTEL_PAGE_LIMIT_MAX, DEFAULT_PAGE, &limit) < 0 ||
        parse_bool(c, "active", &f.active_only) < 0)
        return api_fail(c);
    const char *type = api_arg(c, "type");
    if (type && ioc_type_from_name(type, &f.type) < 0)
        return api_error(c, 400, "bad_request",
                         "query parameter 'type' must be ipv4, ipv6, cidr, domain, url, md5, "
                         "sha1, sha256 or email");
    f.source = api_arg(c, "source");
    f.now = c->now;
    api_rows l = {json_array(), c->now, 0};
    char *next = malloc(INTEL_CURSOR_MAX);
    int more = 0;
    gisac_err err = GISAC_ERR_INIT;
    int rc = l.arr && next ? app_list_intel(c->r->app, &c->p, &f, api_arg(c, "cursor"),
                                            (size_t)limit, list_cb, &l, next, &more, &err)
                           : GISAC_ENOMEM;
    if (rc == 0 && l.bad)
        rc = GISAC_ENOMEM;
    if (rc < 0) {
        json_decref(l.arr);
        free(next);
        if (rc == GISAC_EINVAL) /* the limit was checked above: the cursor */
            return api_error(c, 400, "bad_request", "query parameter 'cursor': %s", err.msg);
        return api_service_error(c, rc, &err);
    }
    json_t *o = json_object();
    int bad = api_put(o, "indicators", l.arr);
    bad |= api_put(o, "next", more ? json_string(next) : json_null());
    free(next);
    return api_json(c, 200, api_done(o, bad));
}

/* ---- one --------------------------------------------------------------- */

/* The indicator (t, value) as the caller may see it, with its details. */
static int indicator_detail(api_ctx *c, ioc_type t, const char *value, json_t **out, gisac_err *err)
{
    gisac_buf b = GISAC_BUF_INIT;
    int rc = app_get_intel_json(c->r->app, &c->p, t, value, &b, err);
    if (rc < 0) {
        gisac_buf_free(&b);
        return rc;
    }
    if (!(*out = api_parsed(&b, 0)))
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    return 0;
}

http_res api_indicator_get(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    ioc_type t;
    if (ioc_type_from_name(c->param[0], &t) < 0)
        return api_error(c, 404, "not_found", "no such indicator type");
    json_t *o = NULL;
    gisac_err err = GISAC_ERR_INIT;
    int rc = indicator_detail(c, t, c->param[1], &o, &err);
    if (rc == GISAC_ENOTFOUND)
        return api_error(c, 404, "not_found", "no such indicator");
    if (rc < 0)
        return api_service_error(c, rc, &err);
    return api_json(c, 200, o);
}

/* Revoke (1) or restore (0) the indicator of type name tname and value v
 * with reason; the answer is the indicator as after. */
static http_res revoke_or_restore(api_ctx *c, const char *tname, const char *v, const char *reason,
                                  int revoke)
{
    ioc_type t, t2;
    if (ioc_type_from_name(tname, &t) < 0)
        return api_error(c, 404, "not_found", "no such indicator type");
    char norm[IOC_VALUE_MAX], again[IOC_VALUE_MAX];
    gisac_err err = GISAC_ERR_INIT;
    if (ioc_normalise(t, v, strlen(v), norm, sizeof norm, NULL, NULL, &err) < 0)
        return api_error(c, 422, "invalid", "%s", err.msg);
    /* intel_revoke detects the type of the value: it must be this one */
    if (ioc_normalise(IOC_AUTO, norm, strlen(norm), again, sizeof again, &t2, NULL, &err) < 0 ||
        t2 != t)
        return api_error(c, 404, "not_found", "no such indicator");
    int rc = revoke ? app_revoke_intel(c->r->app, &c->p, norm, reason, &err)
                    : app_restore_intel(c->r->app, &c->p, norm, reason, &err);
    if (rc == GISAC_ENOTFOUND)
        return api_error(c, 404, "not_found", "no such indicator");
    if (rc < 0)
        return api_service_error_in(c, rc, &err, revoke ? API_IN_QUERY : API_IN_BODY);
    json_t *o = NULL;
    if ((rc = indicator_detail(c, t, norm, &o, &err)) < 0)
        return api_service_error(c, rc, &err);
    return api_json(c, 200, o);
}

http_res api_indicator_revoke(api_ctx *c)
{
    static const char *const args[] = {"reason", NULL};
    if (api_query_check(c, args, NULL) < 0)
        return api_fail(c);
    return revoke_or_restore(c, c->param[0], c->param[1], api_arg(c, "reason"), 1);
}

http_res api_indicator_restore(api_ctx *c)
{
    static const char *const keys[] = {"type", "value", "reason", NULL};
    const char *type = NULL, *value = NULL, *reason = NULL;
    if (api_query_check(c, api_no_args, NULL) < 0 || api_keys(c, c->body, "$", keys) < 0 ||
        api_get_str(c, c->body, "$", "type", 1, 16, &type) < 0 ||
        api_get_str(c, c->body, "$", "value", 1, IOC_VALUE_MAX, &value) < 0 ||
        api_get_str(c, c->body, "$", "reason", 1, 4 * INTEL_REASON_MAX, &reason) < 0)
        return api_fail(c);
    return revoke_or_restore(c, type, value, reason, 0);
}

/* ---- search ------------------------------------------------------------ */

/* The API's hot path: the answer is written by the service into one buffer. */
http_res api_indicators_search(api_ctx *c)
{
    static const char *const args[] = {"value", NULL};
    if (api_query_check(c, args, NULL) < 0)
        return api_fail(c);
    const char *value = api_arg(c, "value");
    if (!value || !*value)
        return api_error(c, 400, "bad_request", "query parameter 'value' is required");
    if (strlen(value) >= IOC_VALUE_MAX)
        return api_error(c, 422, "invalid", "value: longer than %d bytes", IOC_VALUE_MAX - 1);
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    size_t n = 0;
    int rc = app_search_intel_json(c->r->app, &c->p, value, 0, &b, &n, &err);
    if (rc == 0 && gisac_buf_putc(&b, '\n') < 0)
        rc = gisac_err_set(&err, GISAC_ENOMEM, "out of memory");
    if (rc < 0) {
        gisac_buf_free(&b);
        if (rc == GISAC_EINVAL)
            return api_error(c, 422, "invalid", "value: %s", err.msg);
        return api_service_error(c, rc, &err);
    }
    return http_send(c->r, 200, JSON_MEDIA, b.data, b.len, NULL, NULL);
}

/* ---- sources and stats --------------------------------------------------- */

/* {"key": arr}: the rows a call (rc) gathered in arr (taken over), or its error. */
static http_res rows_answer(api_ctx *c, int rc, const gisac_err *err, json_t *arr, const char *key)
{
    if (rc < 0) {
        json_decref(arr);
        return api_service_error(c, rc, err);
    }
    json_t *o = json_object();
    return api_json(c, 200, api_done(o, api_put(o, key, arr)));
}

static int count_cb(void *ctx, const store_count *n)
{
    json_t *o = json_object();
    int bad = api_put(o, "name", json_string(n->key));
    bad |= api_put(o, "active", json_integer(n->active));
    bad |= api_put(o, "total", json_integer(n->total));
    return api_done(o, bad) == NULL || json_array_append_new(ctx, o) != 0;
}

http_res api_sources_list(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    json_t *arr = json_array();
    intel_stats st;
    gisac_err err = GISAC_ERR_INIT;
    int rc = arr ? app_intel_stats(c->r->app, &c->p, &st, count_cb, arr, &err) : GISAC_ENOMEM;
    return rows_answer(c, rc, &err, arr, "sources");
}

static int by_source_cb(void *ctx, const store_count *n)
{
    return json_object_set_new(ctx, n->key, json_integer(n->active)) != 0;
}

http_res api_stats_get(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    json_t *by_source = json_object();
    intel_stats st;
    gisac_err err = GISAC_ERR_INIT;
    int rc = by_source ? app_intel_stats(c->r->app, &c->p, &st, by_source_cb, by_source, &err)
                       : GISAC_ENOMEM;
    if (rc < 0) {
        json_decref(by_source);
        return api_service_error(c, rc, &err);
    }
    const store_totals *t = &st.totals;
    json_t *o = json_object(), *by_type = json_object();
    int bad = api_put(o, "total", json_integer(t->total));
    bad |= api_put(o, "active", json_integer(t->active));
    bad |= api_put(o, "revoked", json_integer(t->revoked));
    bad |= api_put(o, "expired", json_integer(t->expired));
    bad |= api_put(o, "allowlisted", json_integer(t->allowlisted));
    bad |= api_put(o, "context", json_integer(t->context));
    for (int k = 0; k < IOC_TYPE_COUNT; k++)
        bad |= api_put(by_type, ioc_type_name((ioc_type)k), json_integer(st.by_type[k]));
    bad |= api_put(o, "by_type", by_type);
    bad |= api_put(o, "by_source", by_source);
    return api_json(c, 200, api_done(o, bad));
}

/* ---- allowlist --------------------------------------------------------- */

static int allow_cb(void *ctx, const store_allow *a)
{
    json_t *o = json_object();
    int bad = api_put(o, "type", json_string(ioc_type_name(a->type)));
    bad |= api_put(o, "value", json_string(a->value));
    bad |= api_put(o, "comment", api_str_or_null(a->comment));
    bad |= api_put(o, "builtin", json_boolean(a->builtin));
    bad |= api_put(o, "created", api_time(a->created));
    return api_done(o, bad) == NULL || json_array_append_new(ctx, o) != 0;
}

http_res api_allowlist_list(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    json_t *arr = json_array();
    gisac_err err = GISAC_ERR_INIT;
    int rc = arr ? app_allow_list(c->r->app, &c->p, allow_cb, arr, &err) : GISAC_ENOMEM;
    return rows_answer(c, rc, &err, arr, "entries");
}

http_res api_allowlist_add(api_ctx *c)
{
    static const char *const keys[] = {"value", "comment", NULL};
    const char *value = NULL, *comment = NULL;
    if (api_query_check(c, api_no_args, NULL) < 0 || api_keys(c, c->body, "$", keys) < 0 ||
        api_get_str(c, c->body, "$", "value", 1, IOC_VALUE_MAX - 1, &value) < 0 ||
        api_get_str(c, c->body, "$", "comment", 0, 200, &comment) < 0)
        return api_fail(c);
    char norm[IOC_VALUE_MAX];
    ioc_type t;
    gisac_err err = GISAC_ERR_INIT;
    if (ioc_normalise(IOC_AUTO, value, strlen(value), norm, sizeof norm, &t, NULL, &err) < 0)
        return api_error(c, 422, "invalid", "$.value: %s", err.msg);
    size_t flagged = 0;
    int rc =
        app_allow_add(c->r->app, &c->p, norm, comment && *comment ? comment : NULL, &flagged, &err);
    if (rc == GISAC_EEXIST)
        return api_error(c, 409, "conflict", "%s %s is already on the allowlist", ioc_type_name(t),
                         norm);
    if (rc < 0)
        return api_service_error(c, rc, &err);
    json_t *o = json_object();
    int bad = api_put(o, "type", json_string(ioc_type_name(t)));
    bad |= api_put(o, "value", json_string(norm));
    bad |= api_put(o, "comment", api_str_or_null(comment));
    bad |= api_put(o, "flagged", json_integer((json_int_t)flagged));
    return api_json(c, 201, api_done(o, bad));
}

http_res api_allowlist_remove(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    char norm[IOC_VALUE_MAX];
    ioc_type t;
    gisac_err err = GISAC_ERR_INIT;
    const char *v = c->param[0];
    if (ioc_normalise(IOC_AUTO, v, strlen(v), norm, sizeof norm, &t, NULL, &err) < 0)
        return api_error(c, 404, "not_found", "not on the allowlist");
    size_t unflagged = 0;
    int rc = app_allow_remove(c->r->app, &c->p, norm, &unflagged, &err);
    if (rc == GISAC_ENOTFOUND)
        return api_error(c, 404, "not_found", "not on the allowlist");
    if (rc < 0)
        return api_service_error(c, rc, &err);
    json_t *o = json_object();
    int bad = api_put(o, "type", json_string(ioc_type_name(t)));
    bad |= api_put(o, "value", json_string(norm));
    bad |= api_put(o, "unflagged", json_integer((json_int_t)unflagged));
    return api_json(c, 200, api_done(o, bad));
}

/* ---- imports ----------------------------------------------------------- */

/* The import's messages, at most MESSAGES_MAX of them. */
typedef struct msgs {
    json_t *arr;
    const char *from; /* rewrite a "where" starting with this ... */
    const char *to;   /* ... into this (NULL: keep it) */
} msgs;

static void on_message(void *ctx, intel_msg_kind kind, const char *where, const char *msg)
{
    msgs *m = ctx;
    if (!m->arr || json_array_size(m->arr) >= MESSAGES_MAX)
        return;
    char w[1100];
    size_t fl = m->from ? strlen(m->from) : 0;
    if (m->to && strncmp(where, m->from, fl) == 0)
        snprintf(w, sizeof w, "%s%s", m->to, where + fl);
    else
        snprintf(w, sizeof w, "%s", where);
    static const char *const kinds[] = {"rejected", "unsupported", "warning"};
    json_t *o = json_object();
    int bad =
        api_put(o, "kind", json_string(kinds[kind <= INTEL_MSG_WARN ? kind : INTEL_MSG_WARN]));
    bad |= api_put(o, "where", json_string(w));
    bad |= api_put(o, "message", json_string(msg));
    if (api_done(o, bad))
        json_array_append_new(m->arr, o);
}

/* The summary, as "gisac feed import --json" prints it. */
static json_t *summary_json(const intel_import_summary *s)
{
    json_t *o = json_object();
    int bad = api_put(o, "files", json_integer((json_int_t)s->files));
    bad |= api_put(o, "records", json_integer((json_int_t)s->records));
    bad |= api_put(o, "imported", json_integer((json_int_t)s->imported));
    bad |= api_put(o, "merged", json_integer((json_int_t)s->merged));
    bad |= api_put(o, "unchanged", json_integer((json_int_t)s->unchanged));
    bad |= api_put(o, "duplicates", json_integer((json_int_t)s->duplicates));
    bad |= api_put(o, "rejected", json_integer((json_int_t)s->rejected));
    bad |= api_put(o, "unsupported", json_integer((json_int_t)s->unsupported));
    bad |= api_put(o, "allowlisted", json_integer((json_int_t)s->allowlisted));
    bad |= api_put(o, "warnings", json_integer((json_int_t)s->warnings));
    bad |=
        api_put(o, "seconds", json_real((double)(long long)(s->seconds * 1000.0 + 0.5) / 1000.0));
    return api_done(o, bad);
}

/* The answer of a failed import: 422 with what the import said. */
static http_res import_failed(api_ctx *c, int rc, const gisac_err *err,
                              const intel_import_summary *sum, msgs *m)
{
    if (rc != GISAC_EINVAL && rc != GISAC_EABORT) {
        json_decref(m->arr);
        return api_service_error(c, rc, err);
    }
    json_t *o = json_pack("{s:{s:s,s:s}}", "error", "code",
                          rc == GISAC_EABORT ? "rejected" : "invalid", "message", err->msg);
    int bad = !o;
    if (rc == GISAC_EABORT) {
        bad |= api_put(o, "summary", summary_json(sum));
        bad |= api_put(o, "messages", m->arr);
    } else {
        json_decref(m->arr);
    }
    return api_json(c, 422, api_done(o, bad));
}

/* The source name of an import: 1..SOURCE_MAX bytes, no control characters. */
static int source_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > SOURCE_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return 0;
    return 1;
}

/* Recipient agency ids (checked for form; the import checks they exist). */
static int recipients_ok(api_ctx *c, const char *const *r, size_t n, const char *path)
{
    gisac_err err = GISAC_ERR_INIT;
    for (size_t i = 0; i < n; i++)
        if (auth_agency_id_check(r[i], &err) < 0)
            return api_set(c, 422, "invalid", "%s[%zu]: %s", path, i, err.msg);
    return 0;
}

typedef struct recips {
    const char *v[RECIPIENTS_MAX];
    size_t n;
    int over;
} recips;

static int recipient_arg(void *cls, const char *key, const char *value)
{
    recips *r = cls;
    if (strcmp(key, "recipient") != 0 || !value)
        return 0;
    if (r->n == RECIPIENTS_MAX) {
        r->over = 1;
        return 1;
    }
    r->v[r->n++] = value;
    return 0;
}

http_res api_feed_import(api_ctx *c)
{
    static const char *const args[] = {"source",     "tlp",       "format", "column", "confidence",
                                       "valid_days", "recipient", "strict", NULL};
    static const char *const multi[] = {"recipient", NULL};
    intel_import_opts o = {FEED_AUTO, NULL, NULL, TLP_UNSET, -1, 0, 0, NULL, 0, NULL, 0, 0};
    long conf, days;
    if (api_query_check(c, args, multi) < 0 ||
        api_arg_int(c, "confidence", 0, 100, -1, &conf) < 0 ||
        api_arg_int(c, "valid_days", 1, 36500, 0, &days) < 0 ||
        parse_bool(c, "strict", &o.strict) < 0)
        return api_fail(c);
    o.confidence = (int)conf;
    o.valid_days = (int)days;
    o.source = api_arg(c, "source");
    if (!o.source)
        return api_error(c, 400, "bad_request", "query parameter 'source' is required");
    if (!source_ok(o.source))
        return api_error(c, 422, "invalid", "source: 1 to %d bytes without control characters",
                         SOURCE_MAX);
    const char *v = api_arg(c, "tlp");
    if (v && tlp_from_name(v, strlen(v), &o.tlp) < 0)
        return api_error(c, 400, "bad_request",
                         "query parameter 'tlp' must be clear, green, amber, amber+strict or red");
    if ((v = api_arg(c, "format")) && feed_format_from_name(v, &o.format) < 0)
        return api_error(c, 400, "bad_request",
                         "query parameter 'format' must be auto, plain, csv, ndjson, stix or misp");
    if ((v = api_arg(c, "column")) && (!*v || strlen(v) > 200))
        return api_error(c, 400, "bad_request", "query parameter 'column' must be 1 to 200 bytes");
    o.column = v;
    recips rc_list;
    memset(&rc_list, 0, sizeof rc_list);
    http_args(c->r, recipient_arg, &rc_list);
    if (rc_list.over)
        return api_error(c, 422, "invalid", "recipient: at most %d", RECIPIENTS_MAX);
    if (recipients_ok(c, rc_list.v, rc_list.n, "recipient") < 0)
        return api_fail(c);
    o.recipients = rc_list.n ? rc_list.v : NULL;
    o.nrecipients = rc_list.n;

    msgs m = {json_array(), NULL, NULL};
    intel_reporter rep = {&m, on_message, NULL};
    intel_import_summary sum;
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_import_feed_data(c->r->app, &c->p, "upload", c->r->body, c->r->body_len, &o, &rep,
                                  &sum, &err);
    if (rc < 0)
        return import_failed(c, rc, &err, &sum, &m);
    json_t *out = json_object();
    int bad = api_put(out, "summary", summary_json(&sum));
    bad |= api_put(out, "messages", m.arr ? m.arr : json_array());
    return api_json(c, 200, api_done(out, bad));
}

/* ---- new indicators ---------------------------------------------------- */

static const char *const item_keys[] = {
    "type", "value", "tlp", "confidence", "name", "labels", "description", "valid_until", NULL};

/* One indicator of the body at path into v (labels malloc'd into *labels). */
static int parse_item(api_ctx *c, const json_t *o, const char *path, int top,
                      intel_new_indicator *v, const char ***labels)
{
    const char *type = NULL, *until = NULL;
    long long conf = -1;
    if ((!top && api_keys(c, o, path, item_keys) < 0) ||
        api_get_str(c, o, path, "type", 0, 16, &type) < 0 ||
        api_get_str(c, o, path, "value", 1, IOC_VALUE_MAX - 1, &v->value) < 0 ||
        api_get_tlp(c, o, path, "tlp", &v->tlp) < 0 ||
        api_get_int(c, o, path, "confidence", 0, 0, 100, &conf, NULL) < 0 ||
        api_get_str(c, o, path, "name", 0, NAME_MAX_BYTES, &v->name) < 0 ||
        api_get_str(c, o, path, "description", 0, DESCRIPTION_MAX, &v->description) < 0 ||
        api_get_str(c, o, path, "valid_until", 0, 64, &until) < 0 ||
        api_get_strs(c, o, path, "labels", LABELS_MAX, LABEL_MAX, labels, &v->nlabels) < 0)
        return -1;
    v->labels = *labels;
    if (conf >= 0)
        v->confidence = (int)conf;
    if (type && ioc_type_from_name(type, &v->type) < 0)
        return api_set(c, 422, "invalid",
                       "%s.type: must be ipv4, ipv6, cidr, domain, url, md5, sha1, sha256 or "
                       "email",
                       path);
    gisac_err terr = GISAC_ERR_INIT;
    if (until && app_parse_time(c->r->app, until, &v->valid_until, &terr) < 0)
        return api_set(c, 422, "invalid", "%s.valid_until: not an RFC 3339 time", path);
    return 0;
}

/* The indicators now stored for v[0..n), as the staff see them. */
static json_t *results(api_ctx *c, const intel_new_indicator *v, size_t n, gisac_err *err)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        char norm[IOC_VALUE_MAX];
        ioc_type t;
        json_t *o = NULL;
        if (ioc_normalise(v[i].type, v[i].value, strlen(v[i].value), norm, sizeof norm, &t, NULL,
                          err) < 0 ||
            indicator_detail(c, t, norm, &o, err) < 0 || json_array_append_new(arr, o) != 0) {
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}

http_res api_indicators_create(api_ctx *c)
{
    static const char *const top_keys[] = {
        "indicators", "source", "tlp",    "confidence",  "valid_days",  "recipients", "type",
        "value",      "name",   "labels", "description", "valid_until", NULL};
    const json_t *b = c->body;
    const char *source = DEFAULT_SOURCE;
    gisac_tlp tlp = TLP_UNSET;
    long long conf = -1, days = 0;
    const char **recipients = NULL;
    size_t nrecipients = 0;
    json_t *list = json_object_get(b, "indicators");
    if (api_query_check(c, api_no_args, NULL) < 0 || api_keys(c, b, "$", top_keys) < 0 ||
        api_get_str(c, b, "$", "source", 0, SOURCE_MAX, &source) < 0 ||
        api_get_tlp(c, b, "$", "tlp", &tlp) < 0 ||
        api_get_int(c, b, "$", "confidence", 0, 0, 100, &conf, NULL) < 0 ||
        api_get_int(c, b, "$", "valid_days", 0, 1, 36500, &days, NULL) < 0 ||
        api_get_strs(c, b, "$", "recipients", RECIPIENTS_MAX, AUTH_AGENCY_ID_MAX, &recipients,
                     &nrecipients) < 0)
        return api_fail(c);
    http_res res;
    intel_new_indicator *v = NULL;
    const char ***labels = NULL;
    size_t n = 0;
    if (!source_ok(source)) {
        res = api_error(c, 422, "invalid", "$.source: 1 to %d bytes without control characters",
                        SOURCE_MAX);
        goto out;
    }
    if (recipients_ok(c, recipients, nrecipients, "$.recipients") < 0) {
        res = api_fail(c);
        goto out;
    }
    if (list) {
        static const char *const single[] = {"type",   "value",       "name",
                                             "labels", "description", "valid_until"};
        for (size_t k = 0; k < sizeof single / sizeof *single; k++)
            if (json_object_get(b, single[k])) {
                res = api_error(c, 400, "bad_request",
                                "$.%s: belongs in the items of \"indicators\"", single[k]);
                goto out;
            }
        if (!json_is_array(list)) {
            res = api_error(c, 400, "bad_request", "$.indicators: expected an array of objects");
            goto out;
        }
        n = json_array_size(list);
        if (n < 1 || n > INTEL_ADD_MAX) {
            res = api_error(c, 422, "invalid", "$.indicators: give 1 to %d indicators",
                            INTEL_ADD_MAX);
            goto out;
        }
    } else {
        n = 1;
    }
    v = calloc(n, sizeof *v);
    labels = calloc(n, sizeof *labels);
    if (!v || !labels) {
        res = api_error(c, 500, "internal", "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        char path[64] = "$";
        const json_t *item = b;
        if (list) {
            snprintf(path, sizeof path, "$.indicators[%zu]", i);
            item = json_array_get(list, i);
            if (!json_is_object(item)) {
                res = api_error(c, 400, "bad_request", "%s: expected an object", path);
                goto out;
            }
        }
        v[i].type = IOC_AUTO;
        v[i].tlp = list ? TLP_UNSET : tlp;
        v[i].confidence = -1;
        if (parse_item(c, item, path, !list, &v[i], &labels[i]) < 0) {
            res = api_fail(c);
            goto out;
        }
        if (v[i].tlp == TLP_UNSET)
            v[i].tlp = tlp;
        if (v[i].confidence < 0)
            v[i].confidence = (int)conf;
    }

    intel_import_opts o = {FEED_STIX, NULL,       source,      TLP_UNSET, -1, (int)days,
                           1,         recipients, nrecipients, NULL,      0,  0};
    /* "request: $[2].pattern" is the body's "$.indicators[2].pattern" ("$.pattern") */
    msgs m = {json_array(), list ? "request: $[" : "request: $[0]", list ? "$.indicators[" : "$"};
    intel_reporter rep = {&m, on_message, NULL};
    intel_import_summary sum;
    gisac_err err = GISAC_ERR_INIT;
    size_t badi;
    int rc = app_add_intel(c->r->app, &c->p, v, n, &o, &rep, &sum, &badi, &err);
    if (rc == GISAC_EINVAL && badi != (size_t)-1) {
        json_decref(m.arr);
        if (list)
            res = api_error(c, 422, "invalid", "$.indicators[%zu].value: %s", badi, err.msg);
        else
            res = api_error(c, 422, "invalid", "$.value: %s", err.msg);
        goto out;
    }
    if (rc < 0) {
        res = import_failed(c, rc, &err, &sum, &m);
        goto out;
    }
    json_t *inds = results(c, v, n, &err);
    if (!inds) {
        json_decref(m.arr);
        res = api_service_error(c, GISAC_ESTORE, &err);
        goto out;
    }
    json_t *out = json_object();
    int bad = api_put(out, "summary", summary_json(&sum));
    bad |= api_put(out, "messages", m.arr ? m.arr : json_array());
    bad |= api_put(out, "indicators", inds);
    res = api_json(c, 200, api_done(out, bad));
out:
    for (size_t i = 0; labels && i < n; i++)
        free(labels[i]);
    free(labels);
    free(v);
    free(recipients);
    return res;
}
