/*
 * test_app_session.c: the rules of the web portal's sessions
 * (app_auth_session.c) at exact times: the secret and the CSRF token,
 * idle and absolute expiry to the second, the idle clock restarted, the
 * CSRF check before anything is written, logout (one's own session only),
 * disabled accounts, the language, the limits, and the level matrix as a
 * question (app_policy_level).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "test_app_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PW "officer password 01"
#define T0 1796607200 /* 2026-12-07T01:33:20Z */

static char dbpath[64];

typedef struct fx {
    app *a;
    auth_principal op;
    auth_account off;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (!f || test_app_new(dbpath, sizeof dbpath, "/tmp/gisac-appsess-XXXXXX", &f->a, &f->op) < 0 ||
        test_app_agency_add(f->a, &f->op, "moda") < 0)
        return -1;
    gisac_err err = GISAC_ERR_INIT;
    char gen[AUTH_PASSWORD_GEN_LEN + 1];
    if (app_user_add(f->a, &f->op, "off", AUTH_ROLE_AGENCY, "moda", PW, gen, &f->off, &err) < 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    return test_app_teardown(state, dbpath);
}

static void login(fx *f, int64_t idle, int64_t life, int64_t now, app_session *s)
{
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(app_session_login(f->a, "off", PW, NULL, idle, life, now, s, NULL, &err), 0);
}

static void test_login(void **state)
{
    fx *f = *state;
    app_session s;
    login(f, 600, 3600, T0, &s);
    assert_int_equal(strlen(s.secret), APP_SESSION_SECRET_LEN);
    assert_int_equal(strlen(s.csrf), APP_SESSION_CSRF_LEN);
    assert_string_not_equal(s.secret, s.csrf);
    assert_string_equal(s.acc.name, "off");
    assert_int_equal(s.acc.role, AUTH_ROLE_AGENCY);
    assert_string_equal(s.acc.agency, "moda");
    assert_string_equal(s.language, "zh-TW");
    assert_int_equal(s.created, T0);
    assert_int_equal(s.expires, T0 + 3600);
    assert_int_equal(s.idle_expires, T0 + 600);
    assert_string_equal(app_actor(f->a), "user:off");
    /* two logins, two secrets */
    app_session s2;
    login(f, 600, 3600, T0, &s2);
    assert_string_not_equal(s.secret, s2.secret);
    assert_string_not_equal(s.csrf, s2.csrf);

    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(
        app_session_login(f->a, "off", "wrong password 01", NULL, 600, 3600, T0, &s, NULL, &err),
        GISAC_EINVAL);
    assert_string_equal(err.field, "");
    assert_string_equal(s.secret, "");
    assert_int_equal(app_session_login(f->a, "nobody", PW, NULL, 600, 3600, T0, &s, NULL, &err),
                     GISAC_EINVAL);
    assert_int_equal(app_session_login(f->a, "off", PW, NULL, 0, 3600, T0, &s, NULL, &err),
                     GISAC_EINVAL);
    assert_string_equal(err.field, "$.idle");
    assert_int_equal(app_session_login(f->a, "off", PW, NULL, 600, 599, T0, &s, NULL, &err),
                     GISAC_EINVAL);
    assert_string_equal(err.field, "$.lifetime");
    assert_int_equal(app_session_login(f->a, "off", PW, NULL, 600, APP_SESSION_LIMIT_MAX + 1, T0,
                                       &s, NULL, &err),
                     GISAC_EINVAL);
}

static void test_expiry(void **state)
{
    fx *f = *state;
    app_session s, c;
    gisac_err err = GISAC_ERR_INIT;
    login(f, 600, 3600, T0, &s);
    /* idle: the last second in, then out */
    assert_int_equal(app_session_check(f->a, s.secret, 0, NULL, T0 + 599, &c, &err), 0);
    assert_string_equal(c.acc.name, "off");
    assert_string_equal(c.csrf, s.csrf);
    assert_string_equal(c.secret, "");
    assert_int_equal(c.idle_expires, T0 + 599 + 600);
    /* the clock restarted at T0 + 599: T0 + 1198 is in, T0 + 1199 out */
    assert_int_equal(app_session_check(f->a, s.secret, 0, NULL, T0 + 1198, &c, &err), 0);
    /* used again at T0 + 1198 (more than a minute later): restarted there */
    assert_int_equal(app_session_check(f->a, s.secret, 0, NULL, T0 + 1797, &c, &err), 0);
    /* a request within the minute does not write: the clock stays at T0 + 1797 */
    assert_int_equal(app_session_check(f->a, s.secret, 0, NULL, T0 + 1800, &c, &err), 0);
    assert_int_equal(c.idle_expires, T0 + 1797 + 600);
    assert_int_equal(app_session_check(f->a, s.secret, 0, NULL, T0 + 2397, &c, &err), GISAC_EINVAL);
    /* removed: not even an earlier time opens it again */
    assert_int_equal(app_session_check(f->a, s.secret, 0, NULL, T0 + 1, &c, &err), GISAC_EINVAL);

    /* absolute: used every 10 minutes, still over at T0 + 3600 */
    login(f, 600, 3600, T0, &s);
    for (int64_t t = T0 + 500; t < T0 + 3600; t += 500)
        assert_int_equal(app_session_check(f->a, s.secret, 0, NULL, t, &c, &err), 0);
    assert_int_equal(c.idle_expires, T0 + 3600); /* capped by the absolute end */
    assert_int_equal(app_session_check(f->a, s.secret, 0, NULL, T0 + 3600, &c, &err), GISAC_EINVAL);
    assert_string_equal(err.msg, "the session has expired");
}

static void test_csrf(void **state)
{
    fx *f = *state;
    app_session s, c;
    gisac_err err = GISAC_ERR_INIT;
    login(f, 600, 3600, T0, &s);
    assert_int_equal(app_session_check(f->a, s.secret, 1, NULL, T0 + 120, &c, &err),
                     GISAC_EFORBIDDEN);
    assert_string_equal(err.msg,
                        "the X-CSRF-Token header is missing or does not match the session");
    char bad[APP_SESSION_CSRF_LEN + 1];
    memcpy(bad, s.csrf, sizeof bad);
    bad[0] = bad[0] == 'A' ? 'B' : 'A';
    assert_int_equal(app_session_check(f->a, s.secret, 1, bad, T0 + 120, &c, &err),
                     GISAC_EFORBIDDEN);
    assert_int_equal(app_session_check(f->a, s.secret, 1, "short", T0 + 120, &c, &err),
                     GISAC_EFORBIDDEN);
    /* refused requests wrote nothing: the idle clock still counts from T0 */
    assert_int_equal(app_session_check(f->a, s.secret, 1, s.csrf, T0 + 599, &c, &err), 0);
    assert_string_equal(app_actor(f->a), "user:off");
    /* not a secret: no session, whatever the token */
    assert_int_equal(app_session_check(f->a, s.csrf, 1, s.csrf, T0 + 600, &c, &err), GISAC_EINVAL);
    assert_int_equal(app_session_check(f->a, "", 0, NULL, T0, &c, &err), GISAC_EINVAL);
    assert_int_equal(app_session_check(f->a, NULL, 0, NULL, T0, &c, &err), GISAC_EINVAL);
    assert_string_equal(app_actor(f->a), "anonymous");
}

static int no_entry(void *ctx, const store_audit_entry *e)
{
    (void)ctx;
    (void)e;
    return 0;
}

static void test_logout_disable(void **state)
{
    fx *f = *state;
    app_session s, s2, c;
    gisac_err err = GISAC_ERR_INIT;
    login(f, 600, 3600, T0, &s);
    login(f, 600, 3600, T0, &s2);
    auth_principal me = auth_principal_of(&s.acc);
    auth_principal other = f->op;
    assert_int_equal(app_session_logout(f->a, &other, s.secret, T0 + 5, &err), GISAC_ENOTFOUND);
    assert_int_equal(app_session_logout(f->a, &me, s.secret, T0 + 5, &err), 0);
    assert_int_equal(app_session_check(f->a, s.secret, 0, NULL, T0 + 6, &c, &err), GISAC_EINVAL);
    assert_int_equal(app_session_logout(f->a, &me, s.secret, T0 + 7, &err), GISAC_ENOTFOUND);
    assert_int_equal(app_session_check(f->a, s2.secret, 0, NULL, T0 + 6, &c, &err), 0);
    /* a disabled account's sessions end */
    auth_account acc;
    assert_int_equal(app_user_set_disabled(f->a, &f->op, "off", 1, &acc, &err), 0);
    assert_int_equal(app_session_check(f->a, s2.secret, 0, NULL, T0 + 7, &c, &err), GISAC_EINVAL);
    assert_int_equal(app_user_set_disabled(f->a, &f->op, "off", 0, &acc, &err), 0);
    assert_int_equal(app_session_check(f->a, s2.secret, 0, NULL, T0 + 8, &c, &err), GISAC_EINVAL);
    /* a new password ends the account's sessions */
    login(f, 600, 3600, T0, &s);
    login(f, 600, 3600, T0, &s2);
    char gen[AUTH_PASSWORD_GEN_LEN + 1];
    assert_int_equal(app_user_passwd(f->a, &f->op, "off", PW, NULL, gen, &err), 0);
    assert_int_equal(app_session_check(f->a, s.secret, 0, NULL, T0 + 9, &c, &err), GISAC_EINVAL);
    assert_int_equal(app_session_check(f->a, s2.secret, 0, NULL, T0 + 9, &c, &err), GISAC_EINVAL);
    /* the audit log has the logins and the logout */
    audit_filter af;
    memset(&af, 0, sizeof af);
    size_t n = 0;
    af.action = "session.login";
    assert_int_equal(app_audit_list(f->a, &f->op, &af, no_entry, NULL, &n, &err), 0);
    assert_int_equal(n, 4);
    af.action = "session.logout";
    assert_int_equal(app_audit_list(f->a, &f->op, &af, no_entry, NULL, &n, &err), 0);
    assert_int_equal(n, 1);
}

static void test_language(void **state)
{
    fx *f = *state;
    app_session s, c;
    gisac_err err = GISAC_ERR_INIT;
    login(f, 600, 3600, T0, &s);
    auth_principal me = auth_principal_of(&s.acc);
    assert_int_equal(app_session_set_language(f->a, &me, "fr", &err), GISAC_EINVAL);
    assert_string_equal(err.field, "$.language");
    assert_int_equal(app_session_set_language(f->a, &me, "en", &err), 0);
    assert_int_equal(app_session_check(f->a, s.secret, 0, NULL, T0 + 1, &c, &err), 0);
    assert_string_equal(c.language, "en");
    app_session s2;
    login(f, 600, 3600, T0, &s2);
    assert_string_equal(s2.language, "en");
    gisac_buf b = GISAC_BUF_INIT;
    assert_int_equal(app_session_to_json(f->a, &c, &b, &err), 0);
    char want[512];
    snprintf(want, sizeof want,
             "{\"user\":\"off\",\"role\":\"agency\",\"agency\":\"moda\",\"language\":\"en\","
             "\"time_zone\":\"Asia/Taipei\",\"csrf_token\":\"%s\","
             "\"created\":\"2026-12-07T01:33:20Z\",\"expires_at\":\"2026-12-07T02:33:20Z\","
             "\"idle_expires_at\":\"2026-12-07T01:43:20Z\",\"idle_seconds\":600}",
             s.csrf);
    assert_string_equal(b.data, want);
    gisac_buf_free(&b);
}

static void test_level(void **state)
{
    fx *f = *state;
    auth_principal off = auth_principal_of(&f->off);
    gisac_err err = GISAC_ERR_INIT;
    int level, major;
    assert_int_equal(
        app_policy_level(f->a, &off, "core", NULL, "serious", NULL, &level, &major, &err), 0);
    assert_int_equal(level, 3);
    assert_int_equal(major, 1);
    assert_int_equal(
        app_policy_level(f->a, &off, "non-core", "minor", NULL, NULL, &level, &major, &err), 0);
    assert_int_equal(level, 1);
    assert_int_equal(major, 0);
    assert_int_equal(
        app_policy_level(f->a, &off, "core-ci", NULL, NULL, NULL, &level, &major, &err), 0);
    assert_int_equal(level, 0);
    assert_int_equal(app_policy_level(f->a, &off, "core", "bad", NULL, NULL, &level, &major, &err),
                     GISAC_EINVAL);
    assert_string_equal(err.field, "$.confidentiality");
    assert_int_equal(app_policy_level(f->a, &off, NULL, NULL, NULL, NULL, &level, &major, &err),
                     GISAC_EINVAL);
    assert_string_equal(err.field, "$.asset");
    assert_int_equal(app_policy_level(f->a, &off, "national-secret", NULL, NULL, "beyond-mtd",
                                      &level, &major, &err),
                     GISAC_EINVAL);
    assert_string_equal(err.field, "$.availability");
    auth_principal nobody = {0, "x", AUTH_ROLE_CONSUMER, NULL};
    assert_int_equal(
        app_policy_level(f->a, &nobody, "core", NULL, NULL, NULL, &level, &major, &err),
        GISAC_EFORBIDDEN);
}

TEST_MAIN(setup, teardown, TEST_CASE(test_login), TEST_CASE(test_expiry), TEST_CASE(test_csrf),
          TEST_CASE(test_logout_disable), TEST_CASE(test_language), TEST_CASE(test_level))
