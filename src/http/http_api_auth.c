/*
 * http_api_auth.c: /api/v1/me, agencies, users and tokens (docs/api.md).
 *
 * Isolation: an agency officer sees its own agency and that agency's
 * accounts; anyone else's answer 404, exactly like ones that do not
 * exist. Tokens: everyone sees and revokes their own, an administrator
 * every one.
 */
#include "http/http_api_internal.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static const char *const no_args[] = {NULL};

/* o[key] = v; the bad flag when either is missing */
static int put(json_t *o, const char *key, json_t *v)
{
    return !o || json_object_set_new(o, key, v) != 0;
}

static json_t *done(json_t *o, int bad)
{
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static int is_self(const api_ctx *c, const char *name)
{
    return strcmp(c->r->acc.name, name) == 0;
}

/* ---- accounts ------------------------------------------------------------ */

static const char *user_status(const auth_account *acc, int64_t now)
{
    if (acc->disabled)
        return "disabled";
    if (acc->locked_until > now)
        return "locked";
    return "active";
}

json_t *api_user_json(const auth_account *acc, int64_t now)
{
    json_t *o = json_object();
    int bad = put(o, "id", json_integer(acc->id));
    bad |= put(o, "name", json_string(acc->name));
    bad |= put(o, "role", json_string(auth_role_name(acc->role)));
    bad |= put(o, "agency", api_str_or_null(acc->agency));
    bad |= put(o, "status", json_string(user_status(acc, now)));
    bad |= put(o, "failed_logins", json_integer(acc->failed_logins));
    bad |= put(o, "locked_until", api_time(acc->locked_until > now ? acc->locked_until : 0));
    bad |= put(o, "created", api_time(acc->created));
    bad |= put(o, "modified", api_time(acc->modified));
    return done(o, bad);
}

enum MHD_Result api_me(api_ctx *c)
{
    if (api_query_check(c, no_args, NULL) < 0)
        return api_fail(c);
    json_t *o = api_user_json(&c->r->acc, c->now);
    gisac_tlp t = http_max_tlp(c->r);
    int bad = put(o, "max_tlp", t == TLP_UNSET ? json_null() : json_string(tlp_name(t)));
    bad |= put(o, "recipient", api_str_or_null(http_recipient(c->r)));
    return api_json(c, 200, done(o, bad));
}

/* ---- agencies ---------------------------------------------------------- */

static json_t *agency_json(const auth_agency *ag)
{
    char grade[2] = {ag->grade, '\0'};
    json_t *o = json_object();
    int bad = put(o, "id", json_string(ag->id));
    bad |= put(o, "name", json_string(ag->name));
    bad |= put(o, "sector", api_str_or_null(ag->sector));
    bad |= put(o, "grade", json_string(grade));
    bad |= put(o, "parent", api_str_or_null(ag->parent));
    bad |= put(o, "created", api_time(ag->created));
    bad |= put(o, "modified", api_time(ag->modified));
    return done(o, bad);
}

typedef struct agency_list {
    api_ctx *c;
    json_t *arr;
    int bad;
} agency_list;

static int agency_row(void *ctx, const auth_agency *ag)
{
    agency_list *l = ctx;
    if (!auth_can(&l->c->p, AUTH_READ_AGENCY, ag->id))
        return 0;
    json_t *o = agency_json(ag);
    l->bad |= !o || json_array_append_new(l->arr, o) != 0;
    return l->bad;
}

enum MHD_Result api_agencies_list(api_ctx *c)
{
    if (api_query_check(c, no_args, NULL) < 0)
        return api_fail(c);
    agency_list l = {c, json_array(), 0};
    gisac_err err = GISAC_ERR_INIT;
    int rc = l.arr ? auth_agency_list(c->r->au, agency_row, &l, &err) : GISAC_ENOMEM;
    if (rc < 0 || l.bad) {
        json_decref(l.arr);
        return api_service_error(c, rc < 0 ? rc : GISAC_ENOMEM, &err);
    }
    json_t *o = json_object();
    return api_json(c, 200, done(o, put(o, "agencies", l.arr)));
}

/* The members of an agency body into v; 0 or -1. */
static int agency_change(api_ctx *c, auth_agency_change *v)
{
    if (api_get_str(c, c->body, "$", "name", 0, AUTH_AGENCY_NAME_MAX, &v->name) < 0 ||
        api_get_str(c, c->body, "$", "sector", 0, AUTH_SECTOR_MAX, &v->sector) < 0 ||
        api_get_str(c, c->body, "$", "grade", 0, 8, &v->grade) < 0 ||
        api_get_str(c, c->body, "$", "parent", 0, AUTH_AGENCY_ID_MAX, &v->parent) < 0)
        return -1;
    return 0;
}

enum MHD_Result api_agencies_create(api_ctx *c)
{
    static const char *const keys[] = {"id", "name", "sector", "grade", "parent", NULL};
    auth_agency_change v = {NULL, NULL, NULL, NULL};
    const char *id = NULL;
    if (api_query_check(c, no_args, NULL) < 0 || api_keys(c, c->body, "$", keys) < 0 ||
        api_get_str(c, c->body, "$", "id", 1, AUTH_AGENCY_ID_MAX, &id) < 0 ||
        agency_change(c, &v) < 0)
        return api_fail(c);
    if (!v.name)
        return api_error(c, 400, "bad_request", "$.name: required");
    if (!v.grade)
        return api_error(c, 400, "bad_request", "$.grade: required");
    gisac_err err = GISAC_ERR_INIT;
    if (auth_agency_id_check(id, &err) < 0)
        return api_error(c, 422, "invalid", "$.id: %s", err.msg);
    auth_agency ag;
    int rc = auth_agency_add(c->r->au, id, &v, c->now, &ag, &err);
    if (rc < 0)
        return api_service_error(c, rc, &err);
    return api_json(c, 201, agency_json(&ag));
}

/* The agency of the path if the caller may see it, else a 404 answered. */
static int visible_agency(api_ctx *c, auth_agency *ag, enum MHD_Result *res)
{
    const char *id = c->param[0];
    gisac_err err = GISAC_ERR_INIT;
    int rc = GISAC_ENOTFOUND;
    if (auth_can(&c->p, AUTH_READ_AGENCY, id))
        rc = auth_agency_get(c->r->au, id, ag, &err);
    if (rc == GISAC_ENOTFOUND) {
        *res = api_error(c, 404, "not_found", "no such agency");
        return -1;
    }
    if (rc < 0) {
        *res = api_service_error(c, rc, &err);
        return -1;
    }
    return 0;
}

enum MHD_Result api_agency_get(api_ctx *c)
{
    auth_agency ag;
    enum MHD_Result res;
    if (api_query_check(c, no_args, NULL) < 0)
        return api_fail(c);
    if (visible_agency(c, &ag, &res) < 0)
        return res;
    return api_json(c, 200, agency_json(&ag));
}

enum MHD_Result api_agency_update(api_ctx *c)
{
    static const char *const keys[] = {"name", "sector", "grade", "parent", NULL};
    auth_agency_change v = {NULL, NULL, NULL, NULL};
    if (api_query_check(c, no_args, NULL) < 0 || api_keys(c, c->body, "$", keys) < 0 ||
        agency_change(c, &v) < 0)
        return api_fail(c);
    if (!v.name && !v.sector && !v.grade && !v.parent)
        return api_error(c, 400, "bad_request", "$: nothing to change");
    auth_agency ag;
    enum MHD_Result res;
    if (visible_agency(c, &ag, &res) < 0)
        return res;
    gisac_err err = GISAC_ERR_INIT;
    int rc = auth_agency_update(c->r->au, ag.id, &v, c->now, &ag, &err);
    if (rc < 0)
        return api_service_error(c, rc, &err);
    return api_json(c, 200, agency_json(&ag));
}

/* ---- users ------------------------------------------------------------- */

typedef struct user_list {
    api_ctx *c;
    json_t *arr;
    int bad;
} user_list;

static int user_row(void *ctx, const auth_account *acc)
{
    user_list *l = ctx;
    if (!auth_account_visible(&l->c->p, acc))
        return 0;
    json_t *o = api_user_json(acc, l->c->now);
    l->bad |= !o || json_array_append_new(l->arr, o) != 0;
    return l->bad;
}

enum MHD_Result api_users_list(api_ctx *c)
{
    if (api_query_check(c, no_args, NULL) < 0)
        return api_fail(c);
    user_list l = {c, json_array(), 0};
    gisac_err err = GISAC_ERR_INIT;
    int rc = l.arr ? auth_user_list(c->r->au, user_row, &l, &err) : GISAC_ENOMEM;
    if (rc < 0 || l.bad) {
        json_decref(l.arr);
        return api_service_error(c, rc < 0 ? rc : GISAC_ENOMEM, &err);
    }
    json_t *o = json_object();
    return api_json(c, 200, done(o, put(o, "users", l.arr)));
}

/* The account of the path if the caller may see it, else a 404 answered. */
static int visible_user(api_ctx *c, auth_account *acc, enum MHD_Result *res)
{
    gisac_err err = GISAC_ERR_INIT;
    int rc = auth_user_get(c->r->au, c->param[0], acc, &err);
    if (rc == 0 && !auth_account_visible(&c->p, acc))
        rc = GISAC_ENOTFOUND;
    if (rc == GISAC_ENOTFOUND) {
        *res = api_error(c, 404, "not_found", "no such user");
        return -1;
    }
    if (rc < 0) {
        *res = api_service_error(c, rc, &err);
        return -1;
    }
    return 0;
}

enum MHD_Result api_user_get(api_ctx *c)
{
    auth_account acc;
    enum MHD_Result res;
    if (api_query_check(c, no_args, NULL) < 0)
        return api_fail(c);
    if (visible_user(c, &acc, &res) < 0)
        return res;
    return api_json(c, 200, api_user_json(&acc, c->now));
}

enum MHD_Result api_users_create(api_ctx *c)
{
    static const char *const keys[] = {"name", "role", "agency", "password", NULL};
    const char *name = NULL, *role_s = NULL, *agency = NULL, *pw = NULL;
    if (api_query_check(c, no_args, NULL) < 0 || api_keys(c, c->body, "$", keys) < 0 ||
        api_get_str(c, c->body, "$", "name", 1, AUTH_USER_NAME_MAX, &name) < 0 ||
        api_get_str(c, c->body, "$", "role", 1, 16, &role_s) < 0 ||
        api_get_str(c, c->body, "$", "agency", 0, AUTH_AGENCY_ID_MAX, &agency) < 0 ||
        api_get_str(c, c->body, "$", "password", 0, AUTH_PASSWORD_MAX, &pw) < 0)
        return api_fail(c);
    gisac_err err = GISAC_ERR_INIT;
    if (auth_user_name_check(name, &err) < 0)
        return api_error(c, 422, "invalid", "$.name: %s", err.msg);
    auth_role role = auth_role_parse(role_s);
    if (role == AUTH_ROLE_NONE)
        return api_error(c, 422, "invalid",
                         "$.role: must be admin, analyst, agency, sensor or consumer");
    if (pw && auth_password_check(pw, &err) < 0)
        return api_error(c, 422, "invalid", "$.password: %s", err.msg);
    char gen[AUTH_PASSWORD_GEN_LEN + 1] = "";
    if (!pw) {
        if (auth_password_generate(gen, &err) < 0)
            return api_service_error(c, GISAC_EIO, &err);
        pw = gen;
    }
    auth_account acc;
    int rc = auth_user_add(c->r->au, name, role, agency, pw, c->now, &acc, &err);
    if (rc < 0) {
        sodium_memzero(gen, sizeof gen);
        return api_service_error(c, rc, &err);
    }
    json_t *o = api_user_json(&acc, c->now);
    int bad = 0;
    if (gen[0])
        bad = put(o, "password", json_string(gen));
    sodium_memzero(gen, sizeof gen);
    return api_json(c, 201, done(o, bad));
}

static enum MHD_Result set_disabled(api_ctx *c, int disabled)
{
    auth_account acc;
    enum MHD_Result res;
    if (api_query_check(c, no_args, NULL) < 0)
        return api_fail(c);
    if (visible_user(c, &acc, &res) < 0)
        return res;
    if (disabled && is_self(c, acc.name))
        return api_error(c, 422, "invalid", "an account cannot disable itself");
    gisac_err err = GISAC_ERR_INIT;
    int rc = disabled ? auth_user_disable(c->r->au, acc.name, c->now, &err)
                      : auth_user_enable(c->r->au, acc.name, c->now, &err);
    if (rc == 0)
        rc = auth_user_get(c->r->au, acc.name, &acc, &err);
    if (rc < 0)
        return api_service_error(c, rc, &err);
    return api_json(c, 200, api_user_json(&acc, c->now));
}

enum MHD_Result api_user_disable(api_ctx *c)
{
    return set_disabled(c, 1);
}

enum MHD_Result api_user_enable(api_ctx *c)
{
    return set_disabled(c, 0);
}

enum MHD_Result api_user_password(api_ctx *c)
{
    static const char *const keys[] = {"password", "generate", "current_password", NULL};
    const char *pw = NULL, *cur = NULL;
    int generate = 0;
    if (api_query_check(c, no_args, NULL) < 0 || api_keys(c, c->body, "$", keys) < 0 ||
        api_get_str(c, c->body, "$", "password", 0, AUTH_PASSWORD_MAX, &pw) < 0 ||
        api_get_bool(c, c->body, "$", "generate", &generate, NULL) < 0 ||
        api_get_str(c, c->body, "$", "current_password", 0, AUTH_PASSWORD_MAX, &cur) < 0)
        return api_fail(c);
    auth_account acc;
    enum MHD_Result res;
    if (visible_user(c, &acc, &res) < 0)
        return res;
    int admin = auth_can(&c->p, AUTH_ADMIN, NULL);
    if (!admin && !is_self(c, acc.name))
        return api_error(c, 403, "forbidden",
                         "only an administrator may set another "
                         "account's password");
    if (!pw == !generate)
        return api_error(c, 400, "bad_request",
                         "$: give either \"password\" or \"generate\": true");
    gisac_err err = GISAC_ERR_INIT;
    if (pw && auth_password_check(pw, &err) < 0)
        return api_error(c, 422, "invalid", "$.password: %s", err.msg);
    if (!admin) {
        if (!cur)
            return api_error(c, 400, "bad_request", "$.current_password: required");
        auth_account me;
        if (auth_login(c->r->au, acc.name, cur, c->now, &me, NULL, &err) < 0)
            return api_error(c, 403, "forbidden", "$.current_password: wrong password");
    }
    char gen[AUTH_PASSWORD_GEN_LEN + 1] = "";
    if (generate) {
        if (auth_password_generate(gen, &err) < 0)
            return api_service_error(c, GISAC_EIO, &err);
        pw = gen;
    }
    int rc = auth_user_passwd(c->r->au, acc.name, pw, c->now, &err);
    if (rc < 0) {
        sodium_memzero(gen, sizeof gen);
        return api_service_error(c, rc, &err);
    }
    json_t *o = json_object();
    int bad = put(o, "name", json_string(acc.name));
    if (gen[0])
        bad |= put(o, "password", json_string(gen));
    sodium_memzero(gen, sizeof gen);
    return api_json(c, 200, done(o, bad));
}

/* ---- tokens ------------------------------------------------------------ */

static json_t *token_json(const auth_token *t, int64_t now)
{
    json_t *o = json_object();
    int bad = put(o, "id", json_string(t->id));
    bad |= put(o, "user", json_string(t->user));
    bad |= put(o, "name", api_str_or_null(t->name));
    bad |= put(o, "status", json_string(auth_token_status(t, now)));
    bad |= put(o, "created", api_time(t->created));
    bad |= put(o, "expires", api_time(t->expires));
    bad |= put(o, "last_used", api_time(t->last_used));
    return done(o, bad);
}

typedef struct token_list {
    api_ctx *c;
    json_t *arr;
    int bad;
} token_list;

static int token_row(void *ctx, const auth_token *t)
{
    token_list *l = ctx;
    if (!auth_token_visible(&l->c->p, t))
        return 0;
    json_t *o = token_json(t, l->c->now);
    l->bad |= !o || json_array_append_new(l->arr, o) != 0;
    return l->bad;
}

enum MHD_Result api_tokens_list(api_ctx *c)
{
    static const char *const args[] = {"user", NULL};
    if (api_query_check(c, args, NULL) < 0)
        return api_fail(c);
    const char *user = api_arg(c, "user");
    int admin = auth_can(&c->p, AUTH_ADMIN, NULL);
    if (!admin && user && !is_self(c, user))
        return api_error(c, 403, "forbidden",
                         "only an administrator may list another account's tokens");
    if (!admin)
        user = c->r->acc.name;
    token_list l = {c, json_array(), 0};
    gisac_err err = GISAC_ERR_INIT;
    int rc = l.arr ? auth_token_list(c->r->au, user, token_row, &l, &err) : GISAC_ENOMEM;
    if (rc == GISAC_ENOTFOUND) {
        json_decref(l.arr);
        return api_error(c, 404, "not_found", "no such user");
    }
    if (rc < 0 || l.bad) {
        json_decref(l.arr);
        return api_service_error(c, rc < 0 ? rc : GISAC_ENOMEM, &err);
    }
    json_t *o = json_object();
    return api_json(c, 200, done(o, put(o, "tokens", l.arr)));
}

enum MHD_Result api_tokens_create(api_ctx *c)
{
    static const char *const keys[] = {"user", "name", "days", NULL};
    const char *user = NULL, *label = NULL;
    long long days = 0;
    if (api_query_check(c, no_args, NULL) < 0 || api_keys(c, c->body, "$", keys) < 0 ||
        api_get_str(c, c->body, "$", "user", 0, AUTH_USER_NAME_MAX, &user) < 0 ||
        api_get_str(c, c->body, "$", "name", 0, AUTH_LABEL_MAX, &label) < 0 ||
        api_get_int(c, c->body, "$", "days", 0, 1, AUTH_TOKEN_DAYS_MAX, &days, NULL) < 0)
        return api_fail(c);
    if (!user)
        user = c->r->acc.name;
    if (!is_self(c, user) && !auth_can(&c->p, AUTH_ADMIN, NULL))
        return api_error(c, 403, "forbidden",
                         "only an administrator may create tokens for another account");
    gisac_err err = GISAC_ERR_INIT;
    char text[AUTH_TOKEN_LEN + 1];
    auth_token t;
    int rc = auth_token_create(c->r->au, user, label, (int)days, c->now, text, &t, &err);
    if (rc == GISAC_ENOTFOUND)
        return api_error(c, 422, "invalid", "$.user: no such user");
    if (rc < 0)
        return api_service_error(c, rc, &err);
    json_t *o = json_object();
    int bad = put(o, "token", json_string(text));
    sodium_memzero(text, sizeof text);
    json_t *tj = token_json(&t, c->now);
    bad |= !tj || json_object_update(o, tj) != 0;
    json_decref(tj);
    return api_json(c, 201, done(o, bad));
}

enum MHD_Result api_token_revoke(api_ctx *c)
{
    if (api_query_check(c, no_args, NULL) < 0)
        return api_fail(c);
    gisac_err err = GISAC_ERR_INIT;
    auth_token t;
    int rc = auth_token_find(c->r->au, &c->p, c->param[0], &t, &err);
    if (rc == GISAC_ENOTFOUND)
        return api_error(c, 404, "not_found", "no such token");
    if (rc < 0)
        return api_service_error(c, rc, &err);
    if (t.revoked)
        return api_error(c, 409, "conflict", "token %s is already revoked", t.id);
    if ((rc = auth_token_revoke(c->r->au, t.id, &err)) < 0)
        return api_service_error(c, rc, &err);
    t.revoked = 1;
    return api_json(c, 200, token_json(&t, c->now));
}
