/*
 * http_api_auth.c: /api/v1/me, agencies, users and tokens (docs/api.md).
 *
 * The app decides who sees and changes what (app_auth.h): an agency
 * officer sees its own agency and that agency's accounts, anyone else's
 * answer 404, exactly like ones that do not exist; tokens: everyone sees
 * and revokes their own, an administrator every one. The shapes are the
 * auth service's (auth_*_to_json), the same as the CLI's --json.
 */
#include "http/http_api_internal.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static json_t *agency_json(const auth_agency *ag)
{
    gisac_buf b = GISAC_BUF_INIT;
    return api_parsed(&b, auth_agency_to_json(ag, &b));
}

static json_t *user_json(const auth_account *acc, int64_t now)
{
    gisac_buf b = GISAC_BUF_INIT;
    return api_parsed(&b, auth_account_to_json(acc, now, &b));
}

static json_t *token_json(const auth_token *t, int64_t now)
{
    gisac_buf b = GISAC_BUF_INIT;
    return api_parsed(&b, auth_token_to_json(t, now, &b));
}

/* 404 with text for a missing (or hidden) subject, else the service's error. */
static http_res fail(api_ctx *c, int rc, const gisac_err *err, const char *not_found)
{
    if (rc == GISAC_ENOTFOUND)
        return api_error(c, 404, "not_found", "%s", not_found);
    return api_service_error(c, rc, err);
}

/* The agency or account a call (rc) answered with (200), or its error. */
static http_res agency_answer(api_ctx *c, int rc, const gisac_err *err, const auth_agency *ag)
{
    if (rc < 0)
        return fail(c, rc, err, "no such agency");
    return api_json(c, 200, agency_json(ag));
}

static http_res user_answer(api_ctx *c, int rc, const gisac_err *err, const auth_account *acc)
{
    if (rc < 0)
        return fail(c, rc, err, "no such user");
    return api_json(c, 200, user_json(acc, c->now));
}

static int agency_row(void *ctx, const auth_agency *ag)
{
    return api_rows_add(ctx, agency_json(ag));
}

static int user_row(void *ctx, const auth_account *acc)
{
    api_rows *l = ctx;
    return api_rows_add(l, user_json(acc, l->now));
}

static int token_row(void *ctx, const auth_token *t)
{
    api_rows *l = ctx;
    return api_rows_add(l, token_json(t, l->now));
}

/* {"key":[...]} of the rows gathered (see api_rows), or the error. */
static http_res list_answer(api_ctx *c, api_rows *l, int rc, const gisac_err *err, const char *key)
{
    if (rc < 0 || l->bad) {
        json_decref(l->arr);
        return fail(c, rc < 0 ? rc : GISAC_ENOMEM, err, "no such user");
    }
    json_t *o = json_object();
    return api_json(c, 200, api_done(o, api_put(o, key, l->arr)));
}

/* An answer with a generated password beside o (which may be NULL: {}). */
static http_res with_password(api_ctx *c, unsigned status, json_t *o, char *gen)
{
    int bad = 0;
    if (gen[0])
        bad = api_put(o, "password", json_string(gen));
    sodium_memzero(gen, AUTH_PASSWORD_GEN_LEN + 1);
    return api_json(c, status, api_done(o, bad));
}

/* ---- /me ---------------------------------------------------------------- */

http_res api_me(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    json_t *o = user_json(&c->r->acc, c->now);
    app_view v = app_view_of(&c->p);
    int bad = api_put(o, "max_tlp",
                      v.max_tlp == TLP_UNSET ? json_null() : json_string(tlp_name(v.max_tlp)));
    bad |= api_put(o, "recipient", api_str_or_null(v.recipient));
    /* the access classes of the routes the caller may call (x-gisac-access) */
    json_t *access = json_array();
    for (int a = API_ANY; access && a < API_PUBLIC; a++)
        if (api_allowed(c, (api_access)a))
            bad |= json_array_append_new(access, json_string(api_access_name((api_access)a)));
    bad |= api_put(o, "access", access);
    return api_json(c, 200, api_done(o, bad));
}

/* ---- agencies ---------------------------------------------------------- */

http_res api_agencies_list(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    api_rows l = {json_array(), c->now, 0};
    gisac_err err = GISAC_ERR_INIT;
    int rc = l.arr ? app_agency_list(c->r->app, &c->p, agency_row, &l, &err) : GISAC_ENOMEM;
    return list_answer(c, &l, rc, &err, "agencies");
}

/*
 * The members of an agency body into v; 0 or -1. "networks" (an array of
 * texts) goes to nets (cap bytes) comma-joined, for auth_networks_parse.
 */
static int agency_change(api_ctx *c, auth_agency_change *v, char *nets, size_t cap)
{
    if (api_get_str(c, c->body, "$", "name", 0, AUTH_AGENCY_NAME_MAX, &v->name) < 0 ||
        api_get_str(c, c->body, "$", "sector", 0, AUTH_SECTOR_MAX, &v->sector) < 0 ||
        api_get_str(c, c->body, "$", "grade", 0, 8, &v->grade) < 0 ||
        api_get_str(c, c->body, "$", "parent", 0, AUTH_AGENCY_ID_MAX, &v->parent) < 0)
        return -1;
    if (!json_object_get(c->body, "networks"))
        return 0;
    const char **list = NULL;
    size_t n = 0, len = 0;
    if (api_get_strs(c, c->body, "$", "networks", AUTH_NETWORKS_MAX, 64, &list, &n) < 0)
        return -1;
    nets[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(list[i]);
        if (strchr(list[i], ',') || !k) {
            free(list);
            return api_set(c, 400, "bad_request", "$.networks[%zu]: one network per entry", i);
        }
        if (len + k + 2 > cap)
            break; /* cannot happen: AUTH_NETWORKS_MAX entries of 64 bytes fit */
        if (len)
            nets[len++] = ',';
        memcpy(nets + len, list[i], k + 1);
        len += k;
    }
    free(list);
    v->networks = nets;
    return 0;
}

http_res api_agencies_create(api_ctx *c)
{
    static const char *const keys[] = {"id", "name", "sector", "grade", "parent", "networks", NULL};
    auth_agency_change v = {NULL, NULL, NULL, NULL, NULL};
    char nets[AUTH_NETWORKS_MAX * 66];
    const char *id = NULL;
    if (api_query_check(c, api_no_args, NULL) < 0 || api_keys(c, c->body, "$", keys) < 0 ||
        api_get_str(c, c->body, "$", "id", 1, AUTH_AGENCY_ID_MAX, &id) < 0 ||
        agency_change(c, &v, nets, sizeof nets) < 0)
        return api_fail(c);
    if (!v.name)
        return api_error(c, 400, "bad_request", "$.name: required");
    if (!v.grade)
        return api_error(c, 400, "bad_request", "$.grade: required");
    gisac_err err = GISAC_ERR_INIT;
    auth_agency ag;
    int rc = app_agency_add(c->r->app, &c->p, id, &v, &ag, &err);
    if (rc < 0)
        return api_service_error(c, rc, &err);
    return api_json(c, 201, agency_json(&ag));
}

http_res api_agency_get(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    auth_agency ag;
    gisac_err err = GISAC_ERR_INIT;
    return agency_answer(c, app_agency_get(c->r->app, &c->p, c->param[0], &ag, &err), &err, &ag);
}

http_res api_agency_update(api_ctx *c)
{
    static const char *const keys[] = {"name", "sector", "grade", "parent", "networks", NULL};
    auth_agency_change v = {NULL, NULL, NULL, NULL, NULL};
    char nets[AUTH_NETWORKS_MAX * 66];
    if (api_query_check(c, api_no_args, NULL) < 0 || api_keys(c, c->body, "$", keys) < 0 ||
        agency_change(c, &v, nets, sizeof nets) < 0)
        return api_fail(c);
    if (!v.name && !v.sector && !v.grade && !v.parent && !v.networks)
        return api_error(c, 400, "bad_request", "$: nothing to change");
    auth_agency ag;
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_agency_update(c->r->app, &c->p, c->param[0], &v, &ag, &err);
    return agency_answer(c, rc, &err, &ag);
}

/* ---- users ------------------------------------------------------------- */

http_res api_users_list(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    api_rows l = {json_array(), c->now, 0};
    gisac_err err = GISAC_ERR_INIT;
    int rc = l.arr ? app_user_list(c->r->app, &c->p, user_row, &l, &err) : GISAC_ENOMEM;
    return list_answer(c, &l, rc, &err, "users");
}

http_res api_user_get(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    auth_account acc;
    gisac_err err = GISAC_ERR_INIT;
    return user_answer(c, app_user_get(c->r->app, &c->p, c->param[0], &acc, &err), &err, &acc);
}

http_res api_users_create(api_ctx *c)
{
    static const char *const keys[] = {"name", "role", "agency", "password", "language", NULL};
    const char *name = NULL, *role_s = NULL, *agency = NULL, *pw = NULL, *lang = NULL;
    if (api_query_check(c, api_no_args, NULL) < 0 || api_keys(c, c->body, "$", keys) < 0 ||
        api_get_str(c, c->body, "$", "name", 1, AUTH_USER_NAME_MAX, &name) < 0 ||
        api_get_str(c, c->body, "$", "role", 1, 16, &role_s) < 0 ||
        api_get_str(c, c->body, "$", "agency", 0, AUTH_AGENCY_ID_MAX, &agency) < 0 ||
        api_get_str(c, c->body, "$", "password", 0, AUTH_PASSWORD_MAX, &pw) < 0 ||
        api_get_str(c, c->body, "$", "language", 0, 16, &lang) < 0)
        return api_fail(c);
    gisac_err err = GISAC_ERR_INIT;
    char gen[AUTH_PASSWORD_GEN_LEN + 1];
    auth_account acc;
    int rc = app_user_add_lang(c->r->app, &c->p, name, auth_role_parse(role_s), agency, pw, lang,
                               gen, &acc, &err);
    if (rc < 0)
        return api_service_error(c, rc, &err);
    return with_password(c, 201, user_json(&acc, c->now), gen);
}

static http_res set_disabled(api_ctx *c, int disabled)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    auth_account acc;
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_user_set_disabled(c->r->app, &c->p, c->param[0], disabled, &acc, &err);
    return user_answer(c, rc, &err, &acc);
}

http_res api_user_update(api_ctx *c)
{
    static const char *const keys[] = {"language", NULL};
    const char *lang = NULL;
    if (api_query_check(c, api_no_args, NULL) < 0 || api_keys(c, c->body, "$", keys) < 0 ||
        api_get_str(c, c->body, "$", "language", 0, 16, &lang) < 0)
        return api_fail(c);
    auth_account acc;
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_user_update(c->r->app, &c->p, c->param[0], lang, &acc, &err);
    return user_answer(c, rc, &err, &acc);
}

http_res api_user_disable(api_ctx *c)
{
    return set_disabled(c, 1);
}

http_res api_user_enable(api_ctx *c)
{
    return set_disabled(c, 0);
}

http_res api_user_password(api_ctx *c)
{
    static const char *const keys[] = {"password", "generate", "current_password", NULL};
    const char *pw = NULL, *cur = NULL;
    int generate = 0;
    if (api_query_check(c, api_no_args, NULL) < 0 || api_keys(c, c->body, "$", keys) < 0 ||
        api_get_str(c, c->body, "$", "password", 0, AUTH_PASSWORD_MAX, &pw) < 0 ||
        api_get_bool(c, c->body, "$", "generate", &generate, NULL) < 0 ||
        api_get_str(c, c->body, "$", "current_password", 0, AUTH_PASSWORD_MAX, &cur) < 0)
        return api_fail(c);
    if (!pw == !generate)
        return api_error(c, 400, "bad_request",
                         "$: give either \"password\" or \"generate\": true");
    gisac_err err = GISAC_ERR_INIT;
    char gen[AUTH_PASSWORD_GEN_LEN + 1];
    int rc = app_user_passwd(c->r->app, &c->p, c->param[0], pw, cur, gen, &err);
    if (rc == GISAC_EINVAL && !cur && strcmp(err.field, "$.current_password") == 0)
        return api_error(c, 400, "bad_request", "$.current_password: required");
    if (rc < 0)
        return fail(c, rc, &err, "no such user");
    json_t *o = json_object();
    return with_password(c, 200, api_done(o, api_put(o, "name", json_string(c->param[0]))), gen);
}

/* ---- tokens ------------------------------------------------------------ */

http_res api_tokens_list(api_ctx *c)
{
    static const char *const args[] = {"user", NULL};
    if (api_query_check(c, args, NULL) < 0)
        return api_fail(c);
    api_rows l = {json_array(), c->now, 0};
    gisac_err err = GISAC_ERR_INIT;
    int rc = l.arr ? app_token_list(c->r->app, &c->p, api_arg(c, "user"), token_row, &l, &err)
                   : GISAC_ENOMEM;
    return list_answer(c, &l, rc, &err, "tokens");
}

http_res api_tokens_create(api_ctx *c)
{
    static const char *const keys[] = {"user", "name", "days", NULL};
    const char *user = NULL, *label = NULL;
    long long days = 0;
    if (api_query_check(c, api_no_args, NULL) < 0 || api_keys(c, c->body, "$", keys) < 0 ||
        api_get_str(c, c->body, "$", "user", 0, AUTH_USER_NAME_MAX, &user) < 0 ||
        api_get_str(c, c->body, "$", "name", 0, AUTH_LABEL_MAX, &label) < 0 ||
        api_get_int(c, c->body, "$", "days", 0, 1, AUTH_TOKEN_DAYS_MAX, &days, NULL) < 0)
        return api_fail(c);
    gisac_err err = GISAC_ERR_INIT;
    char text[AUTH_TOKEN_LEN + 1];
    auth_token t;
    int rc = app_token_create(c->r->app, &c->p, user, label, (int)days, text, &t, &err);
    if (rc == GISAC_ENOTFOUND)
        return api_error(c, 422, "invalid", "$.user: no such user");
    if (rc < 0)
        return api_service_error(c, rc, &err);
    json_t *o = json_object();
    int bad = api_put(o, "token", json_string(text));
    sodium_memzero(text, sizeof text);
    json_t *tj = token_json(&t, c->now);
    bad |= !tj || json_object_update(o, tj) != 0;
    json_decref(tj);
    return api_json(c, 201, api_done(o, bad));
}

http_res api_token_revoke(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    gisac_err err = GISAC_ERR_INIT;
    auth_token t;
    int rc = app_token_revoke(c->r->app, &c->p, c->param[0], &t, &err);
    if (rc == GISAC_EINVAL) /* not a token id: like a missing one */
        rc = GISAC_ENOTFOUND;
    if (rc < 0)
        return fail(c, rc, &err, "no such token");
    return api_json(c, 200, token_json(&t, c->now));
}
