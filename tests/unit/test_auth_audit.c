/*
 * test_auth_audit.c: every write of the auth service leaves exactly the
 * expected audit entries (actor, action, object, detail), in the same
 * transaction, and never a password, hash or token secret.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "auth/auth.h"
#include "test_svc_util.h"
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dbpath[64];

static auth_guard *guard; /* the process's login guard */

static int setup(void **state)
{
    if (test_db_path(dbpath, sizeof dbpath, "/tmp/gisac-auth-audit-XXXXXX") < 0)
        return -1;
    setenv("GISAC_PWHASH_FAST", "1", 1);
    auth *a;
    gisac_err err;
    if (test_auth_open(dbpath, &a, &err) < 0 || auth_guard_new(NULL, &guard, &err) < 0)
        return -1;
    auth_set_guard(a, guard);
    store_set_actor(auth_store(a), "cli:tester");
    *state = a;
    return 0;
}

static int teardown(void **state)
{
    test_auth_close(*state);
    auth_guard_free(guard);
    test_db_remove(dbpath, ".key");
    return 0;
}

/* Check the entries written since the last call and move past them. */
static void expect(auth *a, int64_t *after, const char *want)
{
    test_audit_expect(auth_store(a), after, 0, want);
}

#define T0 1795478400 /* 2026-11-24T00:00:00Z */

static void test_agency_user_token(void **state)
{
    auth *a = *state;
    gisac_err err;
    int64_t seq = 0;
    auth_agency_change v = {"Ministry of Digital Affairs", "government", "a", NULL, NULL};
    assert_int_equal(auth_agency_add(a, "moda", &v, T0, NULL, &err), 0);
    expect(a, &seq,
           "cli:tester|agency.add|moda|{\"name\":\"Ministry of Digital Affairs\",\"grade\":\"A\","
           "\"sector\":\"government\",\"parent\":null}\n");
    auth_agency_change v2 = {NULL, NULL, NULL, "moda", NULL};
    auth_agency_change v3 = {"Agency \"X\"", NULL, "C", NULL, NULL};
    assert_int_equal(auth_agency_add(a, "x", &v3, T0, NULL, &err), 0);
    assert_int_equal(auth_agency_update(a, "x", &v2, T0 + 1, NULL, &err), 0);
    auth_agency_change v4 = {NULL, "", "b", "", NULL};
    assert_int_equal(auth_agency_update(a, "x", &v4, T0 + 2, NULL, &err), 0);
    expect(a, &seq,
           "cli:tester|agency.add|x|{\"name\":\"Agency \\\"X\\\"\",\"grade\":\"C\",\"sector\":null,"
           "\"parent\":null}\n"
           "cli:tester|agency.update|x|{\"parent\":\"moda\"}\n"
           "cli:tester|agency.update|x|{\"sector\":null,\"grade\":\"B\",\"parent\":null}\n");
    /* a failed write leaves no entry */
    assert_int_equal(auth_agency_update(a, "nope", &v2, T0, NULL, &err), GISAC_ENOTFOUND);
    assert_int_equal(auth_agency_add(a, "moda", &v, T0, NULL, &err), GISAC_EEXIST);
    expect(a, &seq, "");

    assert_int_equal(auth_user_add(a, "alice", AUTH_ROLE_AGENCY, "moda", "correct horse battery",
                                   T0, NULL, &err),
                     0);
    assert_int_equal(auth_user_disable(a, "alice", T0, &err), 0);
    assert_int_equal(auth_user_enable(a, "alice", T0, &err), 0);
    assert_int_equal(auth_user_passwd(a, "alice", "another good password", T0, &err), 0);
    expect(a, &seq,
           "cli:tester|user.add|alice|{\"role\":\"agency\",\"agency\":\"moda\"}\n"
           "cli:tester|user.disable|alice|-\n"
           "cli:tester|user.enable|alice|-\n"
           "cli:tester|user.passwd|alice|-\n");
    assert_int_equal(
        auth_user_add(a, "alice", AUTH_ROLE_ADMIN, NULL, "correct horse battery", T0, NULL, &err),
        GISAC_EEXIST);
    assert_int_equal(auth_user_passwd(a, "bob", "another good password", T0, &err),
                     GISAC_ENOTFOUND);
    expect(a, &seq, "");

    char text[AUTH_TOKEN_LEN + 1];
    auth_token t;
    store_set_actor(auth_store(a), "user:admin");
    assert_int_equal(auth_token_create(a, "alice", "fw", 30, T0, text, &t, &err), 0);
    char want[512];
    snprintf(want, sizeof want,
             "user:admin|token.create|%s|{\"user\":\"alice\",\"name\":\"fw\","
             "\"expires\":\"2026-12-24T00:00:00Z\"}\n",
             t.id);
    expect(a, &seq, want);
    assert_int_equal(auth_token_revoke(a, t.id, &err), 0);
    snprintf(want, sizeof want, "user:admin|token.revoke|%s|{\"user\":\"alice\",\"name\":\"fw\"}\n",
             t.id);
    expect(a, &seq, want);
    assert_int_equal(auth_token_revoke(a, t.id, &err), GISAC_EINVAL);
    expect(a, &seq, "");

    /* no secret anywhere in the log */
    test_audit l;
    test_audit_read(auth_store(a), 0, 0, NULL, &l);
    assert_null(strstr(l.text.s, "argon2"));
    assert_null(strstr(l.text.s, "horse"));
    assert_null(strstr(l.text.s, text + 23)); /* the token's secret part */
}

static void test_logins(void **state)
{
    auth *a = *state;
    gisac_err err;
    int64_t seq = 0;
    assert_int_equal(
        auth_user_add(a, "bob", AUTH_ROLE_ANALYST, NULL, "correct horse battery", T0, NULL, &err),
        0);
    expect(a, &seq, "cli:tester|user.add|bob|{\"role\":\"analyst\",\"agency\":null}\n");
    store_set_actor(auth_store(a), "web:127.0.0.1");
    auth_account acc;
    /* a plain success writes nothing */
    assert_int_equal(auth_login(a, "bob", "correct horse battery", T0, &acc, NULL, &err), 0);
    expect(a, &seq, "");
    assert_int_equal(auth_login(a, "nobody", "whatever password", T0, &acc, NULL, &err),
                     GISAC_EINVAL);
    assert_int_equal(auth_login(a, "Not A Name!", "whatever password", T0, &acc, NULL, &err),
                     GISAC_EINVAL);
    expect(a, &seq,
           "web:127.0.0.1|auth.login_failed|nobody|{\"reason\":\"unknown\"}\n"
           "web:127.0.0.1|auth.login_failed|-|{\"reason\":\"unknown\"}\n");
    for (int i = 0; i < AUTH_LOCK_FAILURES; i++)
        assert_int_equal(auth_login(a, "bob", "wrong password!", T0 + i, &acc, NULL, &err),
                         GISAC_EINVAL);
    /* the first failure at once, then only the lock-out ... */
    expect(a, &seq,
           "web:127.0.0.1|auth.login_failed|bob|{\"reason\":\"bad secret\"}\n"
           "web:127.0.0.1|auth.locked|bob|{\"failures\":5,\"until\":\"2026-11-24T00:15:04Z\"}\n");
    /* locked out: even the right password is refused, before any check */
    assert_int_equal(auth_login(a, "bob", "correct horse battery", T0 + 10, &acc, NULL, &err),
                     GISAC_EBUSY);
    expect(a, &seq, "");
    /* ... and the rest in one summary when its window ends */
    assert_int_equal(auth_guard_flush(a, T0 + 599, &err), 0);
    expect(a, &seq, "");
    assert_int_equal(auth_guard_flush(a, T0 + 600, &err), 0);
    expect(a, &seq,
           "web:127.0.0.1|auth.login_failed|bob|{\"failures\":5,\"since\":\"2026-11-24T00:00:01Z\"}"
           "\n");
    assert_int_equal(auth_guard_flush(a, T0 + 1300, &err), 0);
    expect(a, &seq, "");
    /* after the lock-out a success clears the count: that write is logged */
    assert_int_equal(auth_login(a, "bob", "correct horse battery", T0 + 2000, &acc, NULL, &err), 0);
    expect(a, &seq, "web:127.0.0.1|auth.login|bob|{\"cleared_failures\":5,\"rehashed\":false}\n");
    store_set_actor(auth_store(a), "cli:tester");
    assert_int_equal(auth_user_disable(a, "bob", T0, &err), 0);
    store_set_actor(auth_store(a), "web:127.0.0.1");
    assert_int_equal(auth_login(a, "bob", "correct horse battery", T0 + 2001, &acc, NULL, &err),
                     GISAC_EFORBIDDEN);
    expect(a, &seq,
           "cli:tester|user.disable|bob|-\n"
           "web:127.0.0.1|auth.login_failed|bob|{\"reason\":\"disabled\"}\n");
}

static void test_bootstrap(void **state)
{
    auth *a = *state;
    gisac_err err;
    int64_t seq = 0;
    char pw[AUTH_PASSWORD_MAX + 1];
    int created = 0;
    store_set_actor(auth_store(a), NULL); /* "system" */
    assert_int_equal(auth_bootstrap_admin(a, NULL, T0, pw, &created, &err), 0);
    assert_int_equal(created, 1);
    expect(a, &seq, "system|user.add|admin|{\"role\":\"admin\",\"agency\":null}\n");
    assert_int_equal(auth_bootstrap_admin(a, NULL, T0, pw, &created, &err), 0);
    assert_int_equal(created, 0);
    expect(a, &seq, "");
}

TEST_MAIN(setup, teardown, TEST_CASE(test_agency_user_token), TEST_CASE(test_logins),
          TEST_CASE(test_bootstrap))
