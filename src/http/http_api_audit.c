/*
 * http_api_audit.c: the web portal's office pages (docs/api.md):
 *
 *   GET /audit    the audit log a page at a time (administrators;
 *                 app_audit_page): filters actor, action ("user." for
 *                 every user action), object (a part of it), since,
 *                 until; limit (default 100) and cursor; the first page
 *                 (no cursor) also carries "verification", what
 *                 "gisac audit verify" finds (audit_verification_to_json)
 *   PUT /policy   install a policy file (the body, the format of GET
 *                 /policy) as the next version (administrators;
 *                 app_set_policy); errors name its JSON path
 */
#include "http/http_api_internal.h"

#include <stdlib.h>
#include <string.h>

#define DEFAULT_PAGE 100

API_JSON_ROWS(audit_row, store_audit_entry, audit_entry_to_json)

/* The time query parameter key into *out (0 when absent); 0 or -1. */
static int arg_time(api_ctx *c, const char *key, int64_t *out)
{
    const char *v = api_arg(c, key);
    gisac_err terr = GISAC_ERR_INIT;
    *out = 0;
    if (v && app_parse_time(c->r->app, v, out, &terr) < 0)
        return api_set(c, 400, "bad_request",
                       "query parameter '%s' must be a time such as 2026-11-24T08:00:00Z", key);
    return 0;
}

http_res api_audit_list(api_ctx *c)
{
    static const char *const args[] = {"actor", "action", "object", "since",
                                       "until", "limit",  "cursor", NULL};
    long limit;
    audit_filter f = AUDIT_FILTER_ALL;
    if (api_query_check(c, args, NULL) < 0 ||
        api_arg_int(c, "limit", 1, APP_AUDIT_PAGE_MAX, DEFAULT_PAGE, &limit) < 0 ||
        arg_time(c, "since", &f.since) < 0 || arg_time(c, "until", &f.until) < 0)
        return api_fail(c);
    f.actor = api_arg(c, "actor");
    f.action = api_arg(c, "action");
    f.object = api_arg(c, "object");
    const char *cursor = api_arg(c, "cursor");
    if (cursor) {
        char *end;
        long long v = strtoll(cursor, &end, 10);
        if (!*cursor || *end || v < 1)
            return api_error(c, 400, "bad_request",
                             "query parameter 'cursor' must be the 'next' of the page before");
        f.after = v;
    }
    api_rows a = {json_array(), c->now, 0};
    gisac_buf ver = GISAC_BUF_INIT;
    int64_t next = 0;
    gisac_err err = GISAC_ERR_INIT;
    int rc = a.arr ? app_audit_page(c->r->app, &c->p, &f, (size_t)limit, audit_row, &a, &next,
                                    cursor ? NULL : &ver, &err)
                   : gisac_err_set(&err, GISAC_ENOMEM, "out of memory");
    if (rc == 0 && a.bad)
        rc = gisac_err_set(&err, GISAC_ENOMEM, "out of memory");
    if (rc < 0) {
        json_decref(a.arr);
        gisac_buf_free(&ver);
        return api_service_error_in(c, rc, &err, API_IN_QUERY);
    }
    json_t *o = json_object();
    int bad = api_put(o, "entries", a.arr);
    char nb[24];
    snprintf(nb, sizeof nb, "%lld", (long long)next);
    bad |= api_put(o, "next", next ? json_string(nb) : json_null());
    if (!cursor)
        bad |= api_put(o, "verification", api_parsed(&ver, 0));
    return api_json(c, 200, api_done(o, bad));
}

http_res api_policy_put(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    char *text = json_dumps(c->body, JSON_PRESERVE_ORDER | JSON_COMPACT);
    if (!text)
        return api_error(c, 500, "internal", "internal error");
    incident_policy_info info;
    int changed = 0;
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_set_policy(c->r->app, &c->p, text, strlen(text), "policy", c->now, &info, &changed,
                            &err);
    free(text);
    if (rc < 0)
        return api_service_error(c, rc, &err);
    json_t *o = json_object();
    int bad = api_put(o, "version", json_integer(info.version));
    bad |= api_put(o, "changed", json_boolean(changed));
    return api_json(c, 200, api_done(o, bad));
}
