/*
 * test_app_auth.c: the rules of app_auth.h, with real accounts: who sees
 * which agencies, accounts and tokens (hidden ones answer "not found"
 * exactly like missing ones), who may change them (forbidden), a password
 * of one's own needs the current one, the sign-in header forms, and one
 * scheduler pass.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "test_app_util.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PW "correct horse battery"

static char dbpath[64];

typedef struct fx {
    app *a;
    auth_principal op;                    /* the local operator: admin */
    auth_account off, sen, ann, fw_other; /* officer and sensor of moda, analyst, mof consumer */
} fx;

static void add_user(fx *f, const char *name, auth_role role, const char *agency, auth_account *out)
{
    gisac_err err = GISAC_ERR_INIT;
    char gen[AUTH_PASSWORD_GEN_LEN + 1];
    assert_int_equal(app_user_add(f->a, &f->op, name, role, agency, PW, gen, out, &err), 0);
    assert_string_equal(gen, "");
}

static int setup(void **state)
{
    setenv("GISAC_NOW", "2026-11-24T00:00:00Z", 1);
    fx *f = calloc(1, sizeof *f);
    if (!f || test_app_new(dbpath, sizeof dbpath, "/tmp/gisac-appauth-XXXXXX", &f->a, &f->op) < 0)
        return -1;
    assert_int_equal(test_app_agency_add(f->a, &f->op, "moda"), 0);
    assert_int_equal(test_app_agency_add(f->a, &f->op, "mof"), 0);
    add_user(f, "off", AUTH_ROLE_AGENCY, "moda", &f->off);
    add_user(f, "sen", AUTH_ROLE_SENSOR, "moda", &f->sen);
    add_user(f, "ann", AUTH_ROLE_ANALYST, NULL, &f->ann);
    add_user(f, "fw-mof", AUTH_ROLE_CONSUMER, "mof", &f->fw_other);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    return test_app_teardown(state, dbpath);
}

TEST_COUNTER(count_agency, auth_agency)

TEST_COUNTER(count_account, auth_account)

static void test_agencies(void **state)
{
    fx *f = *state;
    gisac_err err = GISAC_ERR_INIT;
    auth_principal off = auth_principal_of(&f->off);
    auth_agency ag;
    int n = 0;
    assert_int_equal(app_agency_list(f->a, &off, count_agency, &n, &err), 0);
    assert_int_equal(n, 1); /* its own only */
    assert_int_equal(app_agency_get(f->a, &off, "moda", &ag, &err), 0);
    /* another agency answers like a missing one */
    assert_int_equal(app_agency_get(f->a, &off, "mof", &ag, &err), GISAC_ENOTFOUND);
    assert_string_equal(err.msg, "agency mof: not found");
    auth_agency_change v = {"Renamed", NULL, NULL, NULL, NULL};
    assert_int_equal(app_agency_update(f->a, &off, "moda", &v, &ag, &err), GISAC_EFORBIDDEN);
    assert_int_equal(app_agency_add(f->a, &off, "x", &v, &ag, &err), GISAC_EFORBIDDEN);
    /* a bad id names its field */
    v.grade = "A";
    assert_int_equal(app_agency_add(f->a, &f->op, "Bad_Id", &v, &ag, &err), GISAC_EINVAL);
    assert_string_equal(err.field, "$.id");
    n = 0;
    assert_int_equal(app_agency_list(f->a, &f->op, count_agency, &n, &err), 0);
    assert_int_equal(n, 2);
}

static void test_accounts(void **state)
{
    fx *f = *state;
    gisac_err err = GISAC_ERR_INIT;
    auth_principal off = auth_principal_of(&f->off), sen = auth_principal_of(&f->sen);
    auth_principal ann = auth_principal_of(&f->ann);
    auth_account acc;
    int n = 0;
    assert_int_equal(app_user_list(f->a, &off, count_account, &n, &err), 0);
    assert_int_equal(n, 2); /* off and sen */
    n = 0;
    assert_int_equal(app_user_list(f->a, &sen, count_account, &n, &err), 0);
    assert_int_equal(n, 1); /* itself */
    n = 0;
    assert_int_equal(app_user_list(f->a, &ann, count_account, &n, &err), 0);
    assert_int_equal(n, 4);
    assert_int_equal(app_user_get(f->a, &off, "fw-mof", &acc, &err), GISAC_ENOTFOUND);
    assert_string_equal(err.msg, "user fw-mof: not found");
    assert_int_equal(app_user_get(f->a, &off, "nobody", &acc, &err), GISAC_ENOTFOUND);
    assert_string_equal(err.msg, "user nobody: not found");
    /* changes: administrators only; nobody disables itself */
    assert_int_equal(app_user_set_disabled(f->a, &off, "sen", 1, &acc, &err), GISAC_EFORBIDDEN);
    assert_int_equal(app_user_set_disabled(f->a, &f->op, "sen", 1, &acc, &err), 0);
    assert_string_equal(auth_account_status(&acc, gisac_now()), "disabled");
    assert_int_equal(app_user_set_disabled(f->a, &f->op, "sen", 0, &acc, &err), 0);
    assert_string_equal(auth_account_status(&acc, gisac_now()), "active");
    auth_account me;
    add_user(f, "boss", AUTH_ROLE_ADMIN, NULL, &me);
    auth_principal boss = auth_principal_of(&me);
    assert_int_equal(app_user_set_disabled(f->a, &boss, "boss", 1, &acc, &err), GISAC_EINVAL);
    assert_string_equal(err.msg, "an account cannot disable itself");
    char gen[AUTH_PASSWORD_GEN_LEN + 1];
    assert_int_equal(app_user_add(f->a, &ann, "x", AUTH_ROLE_ANALYST, NULL, PW, gen, &acc, &err),
                     GISAC_EFORBIDDEN);
    assert_int_equal(
        app_user_add(f->a, &f->op, "x", AUTH_ROLE_ANALYST, NULL, "short", gen, &acc, &err),
        GISAC_EINVAL);
    assert_string_equal(err.field, "$.password");
    /* a generated password is handed out once */
    assert_int_equal(
        app_user_add(f->a, &f->op, "gen", AUTH_ROLE_ANALYST, NULL, NULL, gen, &acc, &err), 0);
    assert_int_equal(strlen(gen), AUTH_PASSWORD_GEN_LEN);
    /* passwords: one's own with the current one; another's: administrators */
    assert_int_equal(app_user_passwd(f->a, &ann, "off", "another password 1", PW, gen, &err),
                     GISAC_EFORBIDDEN);
    assert_int_equal(app_user_passwd(f->a, &ann, "ann", "another password 1", NULL, gen, &err),
                     GISAC_EINVAL);
    assert_string_equal(err.field, "$.current_password");
    assert_int_equal(
        app_user_passwd(f->a, &ann, "ann", "another password 1", "wrong password 1", gen, &err),
        GISAC_EFORBIDDEN);
    assert_int_equal(app_user_passwd(f->a, &ann, "ann", "another password 1", PW, gen, &err), 0);
    assert_int_equal(app_user_passwd(f->a, &f->op, "ann", NULL, NULL, gen, &err), 0);
    assert_int_equal(strlen(gen), AUTH_PASSWORD_GEN_LEN);
}

TEST_COUNTER(count_token, auth_token)

static void test_tokens_and_sign_in(void **state)
{
    fx *f = *state;
    gisac_err err = GISAC_ERR_INIT;
    auth_principal ann = auth_principal_of(&f->ann), off = auth_principal_of(&f->off);
    char text[AUTH_TOKEN_LEN + 1], other[AUTH_TOKEN_LEN + 1];
    auth_token t, t2;
    assert_int_equal(app_token_create(f->a, &ann, NULL, "mine", 0, text, &t, &err), 0);
    assert_string_equal(t.user, "ann");
    assert_int_equal(app_token_create(f->a, &ann, "off", NULL, 0, other, &t2, &err),
                     GISAC_EFORBIDDEN);
    assert_int_equal(app_token_create(f->a, &f->op, "off", NULL, 0, other, &t2, &err), 0);
    int n = 0;
    assert_int_equal(app_token_list(f->a, &ann, NULL, count_token, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(app_token_list(f->a, &ann, "off", count_token, &n, &err), GISAC_EFORBIDDEN);
    n = 0;
    assert_int_equal(app_token_list(f->a, &f->op, NULL, count_token, &n, &err), 0);
    assert_int_equal(n, 2);
    /* another's token is like a missing one; revoking twice is a conflict */
    auth_token r;
    assert_int_equal(app_token_revoke(f->a, &off, t.id, &r, &err), GISAC_ENOTFOUND);
    assert_int_equal(app_token_revoke(f->a, &off, "nope", &r, &err), GISAC_EINVAL);

    /* sign-in: Bearer, Token and Basic; the actor follows */
    char h[256];
    auth_account acc;
    snprintf(h, sizeof h, "Bearer %s", text);
    assert_int_equal(app_authenticate(f->a, h, NULL, gisac_now(), 0, &acc, NULL, &err), 0);
    assert_string_equal(acc.name, "ann");
    assert_string_equal(app_actor(f->a), "user:ann");
    snprintf(h, sizeof h, "Token %s", text);
    assert_int_equal(
        app_authenticate(f->a, h, NULL, gisac_now(), APP_AUTH_HOLD_READ, &acc, NULL, &err), 1);
    app_read_end(f->a);
    char b64[128], cred[] = "off:" PW;
    sodium_bin2base64(b64, sizeof b64, (const unsigned char *)cred, strlen(cred),
                      sodium_base64_VARIANT_ORIGINAL);
    snprintf(h, sizeof h, "Basic %s", b64);
    assert_int_equal(
        app_authenticate(f->a, h, NULL, gisac_now(), APP_AUTH_HOLD_READ, &acc, NULL, &err), 0);
    assert_string_equal(acc.name, "off");
    assert_int_equal(app_authenticate(f->a, "Basic !!", NULL, gisac_now(), 0, &acc, NULL, &err),
                     GISAC_EINVAL);
    assert_string_equal(app_actor(f->a), "anonymous");
    assert_int_equal(app_authenticate(f->a, NULL, NULL, gisac_now(), 0, &acc, NULL, &err),
                     GISAC_EINVAL);
    assert_int_equal(app_token_revoke(f->a, &ann, t.id, &r, &err), 0);
    assert_int_equal(r.revoked, 1);
    assert_int_equal(app_token_revoke(f->a, &ann, t.id, &r, &err), GISAC_ECONFLICT);
    /* a revoked token: the same answer as a bad one */
    snprintf(h, sizeof h, "Bearer %s", text);
    assert_int_equal(app_authenticate(f->a, h, NULL, gisac_now(), 0, &acc, NULL, &err),
                     GISAC_EINVAL);
}

static void test_admin_only_and_tick(void **state)
{
    fx *f = *state;
    gisac_err err = GISAC_ERR_INIT;
    auth_principal ann = auth_principal_of(&f->ann);
    audit_head head;
    assert_int_equal(app_audit_head(f->a, &ann, &head, &err), GISAC_EFORBIDDEN);
    assert_int_equal(app_audit_head(f->a, &f->op, &head, &err), 0);
    assert_true(head.seq > 0);
    notify_config cfg;
    assert_int_equal(app_notify_config(f->a, &ann, NULL, &cfg, &err), GISAC_EFORBIDDEN);
    assert_int_equal(app_notify_config(f->a, &f->op, NULL, &cfg, &err), 0);
    notify_smtp smtp;
    assert_int_equal(app_notify_smtp_get(f->a, &f->op, &smtp, &err), GISAC_ENOTFOUND);
    int q = -1;
    assert_int_equal(app_notify_test(f->a, &f->op, "incident.new", NULL, NULL, &q, &err), 0);
    assert_int_equal(q, 0); /* no subscription */
    app_tick_result r;
    assert_int_equal(app_tick(f->a, gisac_now(), &r, NULL, NULL, &err), 0);
    assert_int_equal(r.notify.due, 0);
    intel_stats st;
    assert_int_equal(app_indicator_counts(f->a, &ann, &st, &err), 0);
    auth_principal off = auth_principal_of(&f->off);
    assert_int_equal(app_indicator_counts(f->a, &off, &st, &err), GISAC_EFORBIDDEN);
}

TEST_MAIN(setup, teardown, TEST_CASE(test_agencies), TEST_CASE(test_accounts),
          TEST_CASE(test_tokens_and_sign_in), TEST_CASE(test_admin_only_and_tick))
