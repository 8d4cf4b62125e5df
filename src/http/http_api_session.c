/*
 * http_api_session.c: the web portal's sessions of people (docs/web.md,
 * docs/api.md) and the level matrix as a question:
 *
 *   POST   /session        log in: {username, password} -> the session, and
 *                          its cookie (HttpOnly, SameSite=Strict, Path=/,
 *                          Secure over HTTPS, ours or a proxy's; Max-Age
 *                          its absolute end)
 *   GET    /session        the session of the cookie (account, language,
 *                          time zone, CSRF token, expiry)
 *   PATCH  /session        {language}: the account's language
 *   DELETE /session        log out: the session ends on the server, the
 *                          cookie is cleared
 *   GET    /policy/level   ?asset=&confidentiality=&integrity=&availability=
 *
 * The rules (secrets, expiry, CSRF) are the application's
 * (app_auth_session.c); machines keep their tokens.
 */
#include "http/http_api_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define VOCAB_BYTES 64

/*
 * 1 when the browser reached us over HTTPS: our own TLS, or a reverse
 * proxy's that says so (X-Forwarded-Proto: https). A client that claims it
 * falsely only gets a cookie its browser will not send back over HTTP.
 */
static int over_https(const http_req *r)
{
    const char *p = http_header(r, "X-Forwarded-Proto");
    return http_is_tls(r) || (p && strcasecmp(p, "https") == 0);
}

/* "gisac_session=VALUE; Path=/; Max-Age=N; HttpOnly; SameSite=Strict[; Secure]" */
static void cookie(const http_req *r, const char *value, long max_age, char *out, size_t cap)
{
    snprintf(out, cap, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Strict%s",
             APP_SESSION_COOKIE, value, max_age, over_https(r) ? "; Secure" : "");
}

/* The session as JSON with status, and a Set-Cookie header when set_cookie. */
static http_res session_answer(api_ctx *c, unsigned status, const app_session *s,
                               const char *set_cookie)
{
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_session_to_json(c->r->app, s, &b, &err);
    if (rc == 0)
        rc = gisac_buf_putc(&b, '\n');
    if (rc < 0) {
        gisac_buf_free(&b);
        return api_error(c, 500, "internal", "internal error");
    }
    if (set_cookie)
        return http_send(c->r, status, JSON_MEDIA, b.data, b.len, NULL, "Set-Cookie", set_cookie,
                         NULL);
    return http_send(c->r, status, JSON_MEDIA, b.data, b.len, NULL, NULL);
}

static http_res no_session(api_ctx *c)
{
    return api_error(c, 404, "not_found",
                     "no session: this request was not made with the portal's session cookie");
}

http_res api_session_create(api_ctx *c)
{
    static const char *const keys[] = {"username", "password", NULL};
    const char *name = NULL, *password = NULL;
    if (api_query_check(c, api_no_args, NULL) < 0 || api_keys(c, c->body, "$", keys) < 0 ||
        api_get_str(c, c->body, "$", "username", 1, AUTH_USER_NAME_MAX * 4, &name) < 0 ||
        api_get_str(c, c->body, "$", "password", 1, AUTH_PASSWORD_MAX, &password) < 0)
        return api_fail(c);
    unsigned idle, lifetime;
    http_session_limits(c->r, &idle, &lifetime);
    app_session *s = malloc(sizeof *s);
    if (!s)
        return api_error(c, 500, "internal", "internal error");
    gisac_err err = GISAC_ERR_INIT;
    char from[AUTH_GUARD_ADDR_MAX + 1];
    http_client_addr(c->r, from);
    int rc = app_session_login(c->r->app, name, password, from, idle, lifetime, c->now, s,
                               &c->r->retry_after, &err);
    if (rc == GISAC_EBUSY) {
        free(s);
        return http_auth_refused(c->r, rc, 0);
    }
    if (rc == GISAC_EINVAL && !err.field[0]) {
        free(s);
        return api_error(c, 401, "unauthorized", "%s", AUTH_LOGIN_FAILED);
    }
    if (rc < 0) {
        free(s);
        return api_service_error(c, rc, &err);
    }
    char set[256];
    cookie(c->r, s->secret, (long)lifetime, set, sizeof set);
    http_res res = session_answer(c, 200, s, set);
    memset(set, 0, sizeof set);
    memset(s->secret, 0, sizeof s->secret);
    free(s);
    return res;
}

http_res api_session_get(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    if (!c->by_session)
        return no_session(c);
    return session_answer(c, 200, &c->sess, NULL);
}

http_res api_session_update(api_ctx *c)
{
    static const char *const keys[] = {"language", NULL};
    const char *language = NULL;
    if (api_query_check(c, api_no_args, NULL) < 0 || api_keys(c, c->body, "$", keys) < 0 ||
        api_get_str(c, c->body, "$", "language", 1, 16, &language) < 0)
        return api_fail(c);
    if (!c->by_session)
        return no_session(c);
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_session_set_language(c->r->app, &c->p, language, &err);
    if (rc < 0)
        return api_service_error(c, rc, &err);
    snprintf(c->sess.language, sizeof c->sess.language, "%s", language);
    return session_answer(c, 200, &c->sess, NULL);
}

http_res api_session_delete(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    if (!c->by_session)
        return no_session(c);
    gisac_err err = GISAC_ERR_INIT;
    int rc =
        app_session_logout(c->r->app, &c->p, http_cookie(c->r, APP_SESSION_COOKIE), c->now, &err);
    if (rc < 0)
        return api_service_error(c, rc, &err);
    char set[160];
    cookie(c->r, "", 0, set, sizeof set);
    return http_send(c->r, 204, NULL, NULL, 0, NULL, "Set-Cookie", set, NULL);
}

http_res api_policy_level(api_ctx *c)
{
    static const char *const args[] = {"asset", "confidentiality", "integrity", "availability",
                                       NULL};
    if (api_query_check(c, args, NULL) < 0)
        return api_fail(c);
    if (!api_arg(c, "asset"))
        return api_error(c, 400, "bad_request", "query parameter 'asset' is required");
    int level, major;
    gisac_err err = GISAC_ERR_INIT;
    int rc =
        app_policy_level(c->r->app, &c->p, api_arg(c, "asset"), api_arg(c, "confidentiality"),
                         api_arg(c, "integrity"), api_arg(c, "availability"), &level, &major, &err);
    if (rc < 0)
        return api_service_error_in(c, rc, &err, API_IN_QUERY);
    json_t *o = json_object();
    int bad = api_put(o, "level", level ? json_integer(level) : json_null());
    bad |= api_put(o, "major", json_boolean(major));
    return api_json(c, 200, api_done(o, bad));
}
