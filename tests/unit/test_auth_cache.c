/*
 * test_auth_cache.c: what the per-request paths keep between requests
 * must never outlive a change. A token revoked, expired or whose account
 * is disabled through another handle (another worker, the CLI) stops
 * working at once; a remembered Basic login is forgotten when the
 * password changes (even to the same text), the account is disabled or
 * locked; failures are never remembered; lock-out and back-off keep
 * working; and a remembered login really skips argon2id (timed against
 * the real limits).
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
#include <time.h>
#include <unistd.h>

#define T0 "2026-11-24T00:00:00Z"
#define PW "correct horse battery"

static char dbpath[64];

typedef struct two {
    auth *a;       /* the worker */
    auth *b;       /* someone else on the same database */
    auth_guard *g; /* the process's login guard, shared by both */
} two;

static int setup(void **state)
{
    if (test_db_path(dbpath, sizeof dbpath, "/tmp/gisac-authc-XXXXXX") < 0)
        return -1;
    setenv("GISAC_NOW", T0, 1);
    setenv("GISAC_PWHASH_FAST", "1", 1);
    two *t = calloc(1, sizeof *t);
    gisac_err err;
    if (!t || test_auth_open(dbpath, &t->a, &err) < 0 || test_auth_open(dbpath, &t->b, &err) < 0 ||
        auth_guard_new(NULL, &t->g, &err) < 0)
        return -1;
    auth_set_guard(t->a, t->g);
    auth_set_guard(t->b, t->g);
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    two *t = *state;
    test_auth_close(t->a);
    test_auth_close(t->b);
    auth_guard_free(t->g);
    free(t);
    test_db_done(dbpath, ".key");
    unsetenv("GISAC_PWHASH_FAST");
    return 0;
}

static int64_t t0(void)
{
    int64_t t;
    assert_int_equal(gisac_time_parse(T0, strlen(T0), &t), 0);
    return t;
}

static void add_user(auth *a, const char *name)
{
    gisac_err err;
    assert_int_equal(auth_user_add(a, name, AUTH_ROLE_ANALYST, NULL, PW, t0(), NULL, &err), 0);
}

/* the account name as a reads it (the test fails when it cannot) */
static auth_account account(auth *a, const char *name)
{
    gisac_err err;
    auth_account acc;
    assert_int_equal(auth_user_get(a, name, &acc, &err), 0);
    return acc;
}

static int login(auth *a, const char *name, const char *pw, int64_t now, auth_fail *why)
{
    gisac_err err;
    auth_account acc;
    int rc = auth_login(a, name, pw, now, &acc, why, &err);
    if (rc == 0)
        assert_string_equal(acc.name, name);
    else
        assert_string_equal(err.msg, AUTH_LOGIN_FAILED);
    return rc;
}

static void test_token_at_once(void **state)
{
    two *t = *state;
    gisac_err err;
    auth_account acc;
    auth_fail why;
    int64_t now = t0();
    add_user(t->a, "ann");
    add_user(t->a, "bob");
    char ta[AUTH_TOKEN_LEN + 1], tb[AUTH_TOKEN_LEN + 1];
    auth_token ia, ib;
    assert_int_equal(auth_token_create(t->b, "ann", NULL, 0, now, ta, &ia, &err), 0);
    assert_int_equal(auth_token_create(t->b, "bob", NULL, 1, now, tb, &ib, &err), 0);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(auth_token_check(t->a, ta, now + i, &acc, &why, &err), 0);
        assert_string_equal(acc.name, "ann");
        assert_int_equal(auth_token_check(t->a, tb, now + i, &acc, &why, &err), 0);
        assert_string_equal(acc.name, "bob");
    }
    /* revoked by another handle: refused by the worker's next check */
    assert_int_equal(auth_token_revoke(t->b, ia.id, &err), 0);
    assert_int_equal(auth_token_check(t->a, ta, now + 3, &acc, &why, &err), GISAC_EFORBIDDEN);
    assert_int_equal(why, AUTH_FAIL_REVOKED);
    assert_int_equal(auth_token_check(t->a, tb, now + 3, &acc, &why, &err), 0);
    /* a wrong secret with a known id */
    char bad[AUTH_TOKEN_LEN + 1];
    memcpy(bad, tb, sizeof bad);
    bad[AUTH_TOKEN_LEN - 1] = bad[AUTH_TOKEN_LEN - 1] == 'A' ? 'B' : 'A';
    assert_int_equal(auth_token_check(t->a, bad, now + 3, &acc, &why, &err), GISAC_EINVAL);
    assert_int_equal(why, AUTH_FAIL_PASSWORD);
    /* the account disabled, then enabled again */
    assert_int_equal(auth_user_disable(t->b, "bob", now, &err), 0);
    assert_int_equal(auth_token_check(t->a, tb, now + 4, &acc, &why, &err), GISAC_EFORBIDDEN);
    assert_int_equal(why, AUTH_FAIL_DISABLED);
    assert_int_equal(auth_user_enable(t->b, "bob", now, &err), 0);
    assert_int_equal(auth_token_check(t->a, tb, now + 5, &acc, &why, &err), 0);
    /* expired */
    assert_int_equal(auth_token_check(t->a, tb, now + 86400, &acc, &why, &err), GISAC_EFORBIDDEN);
    assert_int_equal(why, AUTH_FAIL_EXPIRED);
    /* last_used was written (at most once a minute) */
    assert_int_equal(auth_token_check(t->a, tb, now + 100, &acc, &why, &err), 0);
    auth_token found;
    auth_account bob;
    assert_int_equal(auth_user_get(t->b, "bob", &bob, &err), 0);
    auth_principal p = auth_principal_of(&bob);
    assert_int_equal(auth_token_find(t->b, &p, ib.id, &found, &err), 0);
    assert_int_equal(found.last_used, now + 100);
}

static void test_basic_invalidation(void **state)
{
    two *t = *state;
    gisac_err err;
    auth_fail why;
    int64_t now = t0();
    add_user(t->a, "ann");
    assert_int_equal(login(t->a, "ann", PW, now, &why), 0);
    assert_int_equal(login(t->a, "ann", PW, now + 1, &why), 0); /* remembered */
    /* another password is another key: refused, and counted */
    assert_int_equal(login(t->a, "ann", "not the password", now + 1, &why), GISAC_EINVAL);
    assert_int_equal(why, AUTH_FAIL_PASSWORD);
    auth_account acc = account(t->b, "ann");
    assert_int_equal(acc.failed_logins, 1);
    /* the right one still works (in full: it clears the count) */
    assert_int_equal(login(t->a, "ann", PW, now + 2, &why), 0);
    acc = account(t->b, "ann");
    assert_int_equal(acc.failed_logins, 0);

    /* a new password set elsewhere: the old one is refused at once */
    assert_int_equal(login(t->a, "ann", PW, now + 3, &why), 0);
    assert_int_equal(auth_user_passwd(t->b, "ann", "a brand new password", now, &err), 0);
    assert_int_equal(login(t->a, "ann", PW, now + 4, &why), GISAC_EINVAL);
    assert_int_equal(login(t->a, "ann", "a brand new password", now + 4, &why), 0);
    /* set back to the same text: a new hash, so the old memory is no use,
     * and the old-new password is refused */
    assert_int_equal(auth_user_passwd(t->b, "ann", PW, now, &err), 0);
    assert_int_equal(login(t->a, "ann", "a brand new password", now + 5, &why), GISAC_EINVAL);
    assert_int_equal(login(t->a, "ann", PW, now + 5, &why), 0);

    /* disabled elsewhere: refused at once, with the generic failure */
    assert_int_equal(login(t->a, "ann", PW, now + 6, &why), 0);
    assert_int_equal(auth_user_disable(t->b, "ann", now, &err), 0);
    assert_int_equal(login(t->a, "ann", PW, now + 7, &why), GISAC_EFORBIDDEN);
    assert_int_equal(why, AUTH_FAIL_DISABLED);
    assert_int_equal(auth_user_enable(t->b, "ann", now, &err), 0);
    assert_int_equal(login(t->a, "ann", PW, now + 8, &why), 0);

    /* an unknown user: never remembered, whatever was */
    assert_int_equal(login(t->a, "nobody", PW, now + 8, &why), GISAC_EINVAL);
    assert_int_equal(why, AUTH_FAIL_UNKNOWN);
}

static void test_basic_lockout(void **state)
{
    two *t = *state;
    auth_fail why;
    int64_t now = t0();
    add_user(t->a, "ann");
    assert_int_equal(login(t->a, "ann", PW, now, &why), 0);
    /* someone guesses from elsewhere until that address is locked out */
    gisac_err err = GISAC_ERR_INIT;
    auth_account acc;
    int64_t wait;
    for (int i = 0; i < AUTH_LOCK_FAILURES; i++)
        assert_int_equal(auth_login_from(t->b, "ann", "guess guess guess", "203.0.113.9", now, &acc,
                                         &why, &wait, &err),
                         GISAC_EINVAL);
    assert_int_equal(auth_login_from(t->b, "ann", PW, "203.0.113.9", now, &acc, &why, &wait, &err),
                     GISAC_EBUSY);
    assert_int_equal(wait, AUTH_LOCK_SECONDS);
    acc = account(t->b, "ann");
    assert_int_equal(acc.failed_logins, AUTH_LOCK_FAILURES);
    /* the owner, from where she logs in, is not locked out: in full (a
     * count is kept: not remembered), which clears the count */
    assert_int_equal(login(t->a, "ann", PW, now + 1, &why), 0);
    acc = account(t->b, "ann");
    assert_int_equal(acc.failed_logins, 0);
    assert_int_equal(acc.locked_until, 0);
    assert_int_equal(login(t->a, "ann", PW, now + 2, &why), 0);
    /* the guesser still is, and a failure after the lock-out doubles it */
    int64_t later = now + AUTH_LOCK_SECONDS;
    assert_int_equal(auth_login_from(t->a, "ann", "guess guess guess", "203.0.113.9", later, &acc,
                                     &why, &wait, &err),
                     GISAC_EINVAL);
    assert_int_equal(
        auth_login_from(t->a, "ann", PW, "203.0.113.9", later + 1, &acc, &why, &wait, &err),
        GISAC_EBUSY);
    assert_int_equal(wait, 2 * AUTH_LOCK_SECONDS - 1);
}

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seconds for n logins at now. */
static double timed(auth *a, int n, int64_t now)
{
    auth_fail why;
    double t = mono();
    for (int i = 0; i < n; i++)
        assert_int_equal(login(a, "ann", PW, now, &why), 0);
    return mono() - t;
}

static void test_basic_skips_argon2(void **state)
{
    two *t = *state;
    unsetenv("GISAC_PWHASH_FAST"); /* the real, slow limits */
    add_user(t->a, "ann");
    int64_t now = t0();
    double full = timed(t->a, 1, now);
    double kept = timed(t->a, 20, now + 1);
    if (!(kept < full / 2))
        fail_msg("20 remembered logins took %.4f s, one full login %.4f s", kept, full);
    /* past the time to live: a full check again */
    double again = timed(t->a, 1, now + AUTH_LOGIN_CACHE_SECONDS + 1);
    if (!(again > 5 * kept / 20))
        fail_msg("a login after the ttl took %.4f s, a remembered one %.6f s", again, kept / 20);
    /* turned off: every login in full */
    auth_login_cache(t->a, 0);
    double off = timed(t->a, 3, now + AUTH_LOGIN_CACHE_SECONDS + 2);
    if (!(off > kept))
        fail_msg("3 logins without the cache took %.4f s, 20 with it %.4f s", off, kept);
    setenv("GISAC_PWHASH_FAST", "1", 1);
}

TEST_MAIN(setup, teardown, TEST_CASE(test_token_at_once), TEST_CASE(test_basic_invalidation),
          TEST_CASE(test_basic_lockout), TEST_CASE(test_basic_skips_argon2))
