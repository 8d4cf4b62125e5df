/*
 * test_auth.c: agencies (validation, hierarchy, cycles), accounts and
 * passwords, the login lock-out (driven by GISAC_NOW), API tokens, the
 * server key file and the whole role matrix.
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
#include <sys/stat.h>
#include <unistd.h>

#define T0 "2026-11-24T00:00:00Z"

static char dbpath[64];

static int setup(void **state)
{
    return test_auth_setup(state, dbpath, sizeof dbpath, "/tmp/gisac-auth-XXXXXX", T0);
}

static int teardown(void **state)
{
    return test_auth_teardown(state, dbpath, ".key");
}

static int64_t at(const char *iso)
{
    int64_t t;
    assert_int_equal(gisac_time_parse(iso, strlen(iso), &t), 0);
    return t;
}

/* Move the clock (GISAC_NOW) and return the new now. */
static int64_t set_now(const char *iso)
{
    setenv("GISAC_NOW", iso, 1);
    return gisac_now();
}

static void add_agency(auth *a, const char *id, const char *parent)
{
    gisac_err err;
    auth_agency_change v = {"Agency", NULL, "C", parent, NULL};
    assert_int_equal(auth_agency_add(a, id, &v, gisac_now(), NULL, &err), 0);
}

static void add_user(auth *a, const char *name, auth_role role, const char *agency)
{
    gisac_err err;
    int rc = auth_user_add(a, name, role, agency, "correct horse battery", gisac_now(), NULL, &err);
    if (rc != 0)
        fail_msg("%s: %s", name, err.msg);
}

/* ---- validation -------------------------------------------------------- */

static void test_validation(void **state)
{
    (void)state;
    gisac_err err;
    char id64[65];
    memset(id64, 'a', 64);
    id64[64] = '\0';
    assert_int_equal(auth_agency_id_check("a", &err), 0);
    assert_int_equal(auth_agency_id_check("moda-acs-2", &err), 0);
    assert_int_equal(auth_agency_id_check(id64, &err), 0);
    char id65[66];
    memset(id65, 'a', 65);
    id65[65] = '\0';
    const char *bad_ids[] = {"", id65, "Moda", "a_b", "a b", "a.b", "caf\xc3\xa9", "a/b"};
    for (size_t i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; i++) {
        assert_int_equal(auth_agency_id_check(bad_ids[i], &err), GISAC_EINVAL);
        assert_non_null(strstr(err.msg, "agency id"));
    }

    assert_int_equal(auth_user_name_check("alice", &err), 0);
    assert_int_equal(auth_user_name_check("fw-1.moda_x@gov", &err), 0);
    const char *bad_names[] = {"", "Alice", "-x", ".x", "a b", "a/b", id65};
    for (size_t i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++)
        assert_int_equal(auth_user_name_check(bad_names[i], &err), GISAC_EINVAL);

    assert_int_equal(auth_password_check(NULL, "analyst password 01", &err), 0);
    assert_int_equal(auth_password_check(NULL, "12345678901", &err), GISAC_EINVAL);
    assert_non_null(strstr(err.msg, "too short"));
    /* characters, not bytes: 12 CJK characters pass, 11 (33 bytes) do not */
    assert_int_equal(auth_password_check(NULL, "密碼密碼密碼密碼密碼密碼", &err), 0);
    assert_int_equal(auth_password_check(NULL, "密碼密碼密碼密碼密碼密", &err), GISAC_EINVAL);
    assert_int_equal(auth_password_check(NULL, "tab\there-is-long", &err), GISAC_EINVAL);
    assert_non_null(strstr(err.msg, "control"));
    assert_int_equal(auth_password_check(NULL, "bad utf8 \xff\xfe long enough", &err),
                     GISAC_EINVAL);
    assert_non_null(strstr(err.msg, "UTF-8"));
    char longpw[AUTH_PASSWORD_MAX + 2];
    for (size_t i = 0; i < AUTH_PASSWORD_MAX + 1; i++)
        longpw[i] = "abcdefghijklmnopqrstuvwxyz0123456789"[(i * 7) % 36];
    longpw[AUTH_PASSWORD_MAX + 1] = '\0';
    assert_int_equal(auth_password_check(NULL, longpw, &err), GISAC_EINVAL);
    longpw[AUTH_PASSWORD_MAX] = '\0';
    assert_int_equal(auth_password_check(NULL, longpw, &err), 0);
    /* weak ones (libpwquality with cracklib's dictionary) */
    const char *weak[] = {"            ", "aaaaaaaaaaaa", "123456789012", "abcdefghijkl"};
    for (size_t i = 0; i < sizeof weak / sizeof weak[0]; i++) {
        assert_int_equal(auth_password_check(NULL, weak[i], &err), GISAC_EINVAL);
        assert_non_null(strstr(err.msg, "password too weak: "));
    }
    assert_int_equal(auth_password_check("ann", "annannannannannann", &err), GISAC_EINVAL);
    assert_int_equal(auth_password_check("officer-moda", "officer-moda-officer-moda", &err),
                     GISAC_EINVAL);
    assert_non_null(strstr(err.msg, "password too weak: "));

    char gen[AUTH_PASSWORD_GEN_LEN + 1], gen2[AUTH_PASSWORD_GEN_LEN + 1];
    assert_int_equal(auth_password_generate(gen, &err), 0);
    assert_int_equal(auth_password_generate(gen2, &err), 0);
    assert_int_equal(strlen(gen), AUTH_PASSWORD_GEN_LEN);
    assert_string_not_equal(gen, gen2);
    assert_int_equal(auth_password_check("someone", gen, &err), 0);

    assert_int_equal(auth_role_parse("sensor"), AUTH_ROLE_SENSOR);
    assert_int_equal(auth_role_parse("root"), AUTH_ROLE_NONE);
    assert_string_equal(auth_role_name(AUTH_ROLE_CONSUMER), "consumer");
}

/* ---- agencies ---------------------------------------------------------- */

static int collect_agency(void *ctx, const auth_agency *ag)
{
    test_textf(ctx, " ", "%s<%s>", ag->id, ag->parent);
    return 0;
}

/* The agencies of a, listed as "id<parent>" in order, are want. */
static void expect_agencies(auth *a, const char *want)
{
    gisac_err err;
    test_text o = {""};
    assert_int_equal(auth_agency_list(a, collect_agency, &o, &err), 0);
    assert_string_equal(o.s, want);
}

static void test_agency(void **state)
{
    auth *a = *state;
    gisac_err err;
    int64_t now = gisac_now();
    auth_agency ag;
    auth_agency_change v = {"  Ministry of Digital Affairs \n", " government ", "a", NULL, NULL};
    assert_int_equal(auth_agency_add(a, "moda", &v, now, &ag, &err), 0);
    assert_string_equal(ag.name, "Ministry of Digital Affairs");
    assert_string_equal(ag.sector, "government");
    assert_int_equal(ag.grade, 'A');
    assert_string_equal(ag.parent, "");
    assert_int_equal(auth_agency_add(a, "moda", &v, now, &ag, &err), GISAC_EEXIST);
    assert_string_equal(err.msg, "agency moda exists already");

    /* required and bad values */
    auth_agency_change no_name = {NULL, NULL, "A", NULL, NULL};
    assert_int_equal(auth_agency_add(a, "x", &no_name, now, NULL, &err), GISAC_EINVAL);
    auth_agency_change no_grade = {"X", NULL, NULL, NULL, NULL};
    assert_int_equal(auth_agency_add(a, "x", &no_grade, now, NULL, &err), GISAC_EINVAL);
    const char *grades[] = {"F", "AB", "", "0"};
    for (size_t i = 0; i < 4; i++) {
        auth_agency_change g = {"X", NULL, grades[i], NULL, NULL};
        assert_int_equal(auth_agency_add(a, "x", &g, now, NULL, &err), GISAC_EINVAL);
        assert_non_null(strstr(err.msg, "grade"));
    }
    auth_agency_change blank = {"   ", NULL, "A", NULL, NULL};
    assert_int_equal(auth_agency_add(a, "x", &blank, now, NULL, &err), GISAC_EINVAL);
    assert_string_equal(err.msg, "agency name is empty");
    char sector[AUTH_SECTOR_MAX + 2];
    memset(sector, 's', sizeof sector - 1);
    sector[sizeof sector - 1] = '\0';
    auth_agency_change longsec = {"X", sector, "A", NULL, NULL};
    assert_int_equal(auth_agency_add(a, "x", &longsec, now, NULL, &err), GISAC_EINVAL);
    assert_non_null(strstr(err.msg, "sector is longer than 100 bytes"));
    sector[AUTH_SECTOR_MAX] = '\0'; /* exactly 100 bytes, plus blanks that are trimmed */
    char padded[AUTH_SECTOR_MAX + 8];
    snprintf(padded, sizeof padded, "  %s  ", sector);
    auth_agency_change oksec = {"X", padded, "e", NULL, NULL};
    assert_int_equal(auth_agency_add(a, "x", &oksec, now, &ag, &err), 0);
    assert_int_equal(strlen(ag.sector), AUTH_SECTOR_MAX);
    auth_agency_change ctl = {"bad\tname", NULL, "A", NULL, NULL};
    assert_int_equal(auth_agency_add(a, "y", &ctl, now, NULL, &err), GISAC_EINVAL);
    auth_agency_change unk = {"Y", NULL, "A", "nope", NULL};
    assert_int_equal(auth_agency_add(a, "y", &unk, now, NULL, &err), GISAC_EINVAL);
    assert_string_equal(err.msg, "parent agency nope does not exist");
    auth_agency_change badp = {"Y", NULL, "A", "No Pe", NULL};
    assert_int_equal(auth_agency_add(a, "y", &badp, now, NULL, &err), GISAC_EINVAL);
    auth_agency_change utf = {"國家資通安全研究院", NULL, "B", "moda", NULL};
    assert_int_equal(auth_agency_add(a, "nics", &utf, now, &ag, &err), 0);
    assert_string_equal(ag.parent, "moda");

    /* get, update */
    assert_int_equal(auth_agency_get(a, "nics", &ag, &err), 0);
    assert_string_equal(ag.name, "國家資通安全研究院");
    assert_int_equal(auth_agency_get(a, "zz", &ag, &err), GISAC_ENOTFOUND);
    assert_string_equal(err.msg, "agency zz: not found");
    int64_t later = now + 60;
    auth_agency_change up = {NULL, "", "d", "", NULL};
    assert_int_equal(auth_agency_update(a, "moda", &up, later, &ag, &err), 0);
    assert_string_equal(ag.sector, "");
    assert_int_equal(ag.grade, 'D');
    assert_string_equal(ag.name, "Ministry of Digital Affairs");
    assert_int_equal(ag.created, now);
    assert_int_equal(ag.modified, later);
    auth_agency_change none = {NULL, NULL, NULL, NULL, NULL};
    assert_int_equal(auth_agency_update(a, "moda", &none, later, &ag, &err), GISAC_EINVAL);
    auth_agency_change nm = {"New", NULL, NULL, NULL, NULL};
    assert_int_equal(auth_agency_update(a, "zz", &nm, later, &ag, &err), GISAC_ENOTFOUND);
    auth_agency_change badg = {NULL, NULL, "Z", NULL, NULL};
    assert_int_equal(auth_agency_update(a, "moda", &badg, later, &ag, &err), GISAC_EINVAL);
    assert_int_equal(auth_agency_get(a, "moda", &ag, &err), 0);
    assert_int_equal(ag.grade, 'D'); /* unchanged by the failed update */

    expect_agencies(a, "moda<> nics<moda> x<>");
}

static void test_agency_cycles(void **state)
{
    auth *a = *state;
    gisac_err err;
    int64_t now = gisac_now();
    /* root > mid > leaf, and other */
    add_agency(a, "root", NULL);
    add_agency(a, "mid", "root");
    add_agency(a, "leaf", "mid");
    add_agency(a, "other", NULL);
    auth_agency ag;
    auth_agency_change self = {NULL, NULL, NULL, "root", NULL};
    assert_int_equal(auth_agency_update(a, "root", &self, now, &ag, &err), GISAC_EINVAL);
    assert_string_equal(err.msg, "agency root cannot be its own parent");
    auth_agency_change under_leaf = {NULL, NULL, NULL, "leaf", NULL};
    assert_int_equal(auth_agency_update(a, "root", &under_leaf, now, &ag, &err), GISAC_EINVAL);
    assert_string_equal(err.msg, "agency root cannot be under leaf: leaf is already under root");
    assert_int_equal(auth_agency_update(a, "mid", &under_leaf, now, &ag, &err), GISAC_EINVAL);
    /* a new agency cannot be its own parent either */
    auth_agency_change own = {"N", NULL, "A", "new", NULL};
    assert_int_equal(auth_agency_add(a, "new", &own, now, NULL, &err), GISAC_EINVAL);
    /* legal moves */
    auth_agency_change to_other = {NULL, NULL, NULL, "other", NULL};
    assert_int_equal(auth_agency_update(a, "root", &to_other, now, &ag, &err), 0);
    assert_string_equal(ag.parent, "other");
    /* now other > root > mid > leaf: other under leaf is a cycle of four */
    assert_int_equal(auth_agency_update(a, "other", &under_leaf, now, &ag, &err), GISAC_EINVAL);
    assert_int_equal(auth_agency_update(a, "leaf", &to_other, now, &ag, &err), 0);
    auth_agency_change clear = {NULL, NULL, NULL, "", NULL};
    assert_int_equal(auth_agency_update(a, "root", &clear, now, &ag, &err), 0);
    assert_string_equal(ag.parent, "");
    /* other is now a root again: it may go under leaf? leaf is under other: no */
    assert_int_equal(auth_agency_update(a, "other", &under_leaf, now, &ag, &err), GISAC_EINVAL);
    auth_agency_change under_mid = {NULL, NULL, NULL, "mid", NULL};
    assert_int_equal(auth_agency_update(a, "other", &under_mid, now, &ag, &err), 0);
    expect_agencies(a, "leaf<other> mid<root> other<mid> root<>");
}

/* ---- passwords and accounts -------------------------------------------- */

static void test_password_hash(void **state)
{
    auth *a = *state;
    gisac_err err;
    char h1[AUTH_HASH_MAX], h2[AUTH_HASH_MAX];
    assert_int_equal(auth_password_hash("correct horse battery", h1, &err), 0);
    assert_int_equal(auth_password_hash("correct horse battery", h2, &err), 0);
    assert_memory_equal(h1, "$argon2id$", 10);
    assert_string_not_equal(h1, h2); /* salted */
    assert_int_equal(auth_password_verify(h1, "correct horse battery"), 0);
    assert_int_equal(auth_password_verify(h2, "correct horse battery"), 0);
    assert_int_equal(auth_password_verify(h1, "correct horse batterY"), GISAC_EINVAL);
    assert_int_equal(auth_password_verify(h1, ""), GISAC_EINVAL);
    assert_int_equal(auth_password_verify("not a hash", "x"), GISAC_EINVAL);

    /* the database keeps the hash, never the password */
    add_user(a, "alice", AUTH_ROLE_ANALYST, NULL);
    gisac_arena *ar = gisac_arena_new(1024);
    store_account row;
    assert_int_equal(store_account_get(auth_store(a), "alice", &row, ar, &err), 0);
    assert_memory_equal(row.password_hash, "$argon2id$", 10);
    assert_null(strstr(row.password_hash, "correct"));
    char fast_hash[AUTH_HASH_MAX];
    snprintf(fast_hash, sizeof fast_hash, "%s", row.password_hash);

    /* a login under other limits re-hashes (here: the interactive ones) */
    unsetenv("GISAC_PWHASH_FAST");
    auth_account acc;
    assert_int_equal(auth_login(a, "alice", "correct horse battery", gisac_now(), &acc, NULL, &err),
                     0);
    setenv("GISAC_PWHASH_FAST", "1", 1);
    assert_int_equal(store_account_get(auth_store(a), "alice", &row, ar, &err), 0);
    assert_string_not_equal(row.password_hash, fast_hash);
    assert_int_equal(auth_password_verify(row.password_hash, "correct horse battery"), 0);
    assert_int_equal(row.modified, gisac_now()); /* a re-hash is no administrative change */
    gisac_arena_free(ar);
}

static int collect_user(void *ctx, const auth_account *acc)
{
    test_textf(ctx, " ", "%s:%s:%s", acc->name, auth_role_name(acc->role), acc->agency);
    return 0;
}

static void test_users(void **state)
{
    auth *a = *state;
    gisac_err err;
    int64_t now = gisac_now();
    const char *pw = "correct horse battery";
    add_agency(a, "moda", NULL);
    auth_account acc;
    /* the role and agency rules of docs/user.md */
    assert_int_equal(auth_user_add(a, "s1", AUTH_ROLE_SENSOR, NULL, pw, now, &acc, &err),
                     GISAC_EINVAL);
    assert_string_equal(err.msg, "role sensor requires an agency");
    assert_int_equal(auth_user_add(a, "o1", AUTH_ROLE_AGENCY, "", pw, now, &acc, &err),
                     GISAC_EINVAL);
    assert_int_equal(auth_user_add(a, "ad", AUTH_ROLE_ADMIN, "moda", pw, now, &acc, &err),
                     GISAC_EINVAL);
    assert_string_equal(err.msg, "role admin takes no agency");
    assert_int_equal(auth_user_add(a, "an", AUTH_ROLE_ANALYST, "moda", pw, now, &acc, &err),
                     GISAC_EINVAL);
    assert_int_equal(auth_user_add(a, "x", AUTH_ROLE_NONE, NULL, pw, now, &acc, &err),
                     GISAC_EINVAL);
    assert_int_equal(auth_user_add(a, "s1", AUTH_ROLE_SENSOR, "nope", pw, now, &acc, &err),
                     GISAC_EINVAL);
    assert_string_equal(err.msg, "agency nope does not exist");
    assert_int_equal(auth_user_add(a, "s1", AUTH_ROLE_SENSOR, "moda", "too short", now, &acc, &err),
                     GISAC_EINVAL);
    assert_int_equal(auth_user_add(a, "Bad", AUTH_ROLE_ADMIN, NULL, pw, now, &acc, &err),
                     GISAC_EINVAL);

    assert_int_equal(auth_user_add(a, "s1", AUTH_ROLE_SENSOR, "moda", pw, now, &acc, &err), 0);
    assert_true(acc.id > 0);
    assert_string_equal(acc.agency, "moda");
    assert_int_equal(acc.role, AUTH_ROLE_SENSOR);
    assert_int_equal(auth_user_add(a, "s1", AUTH_ROLE_SENSOR, "moda", pw, now, &acc, &err),
                     GISAC_EEXIST);
    assert_string_equal(err.msg, "user s1 exists already");
    add_user(a, "cert-partner", AUTH_ROLE_CONSUMER, NULL);
    add_user(a, "fw", AUTH_ROLE_CONSUMER, "moda");
    add_user(a, "officer", AUTH_ROLE_AGENCY, "moda");
    add_user(a, "root", AUTH_ROLE_ADMIN, NULL);
    test_text o = {""};
    assert_int_equal(auth_user_list(a, collect_user, &o, &err), 0);
    assert_string_equal(o.s, "cert-partner:consumer: fw:consumer:moda officer:agency:moda "
                             "root:admin: s1:sensor:moda");

    /* disable, enable, passwd */
    assert_int_equal(auth_user_disable(a, "fw", now + 5, &err), 0);
    assert_int_equal(auth_user_get(a, "fw", &acc, &err), 0);
    assert_int_equal(acc.disabled, 1);
    assert_int_equal(acc.modified, now + 5);
    assert_int_equal(auth_user_disable(a, "nobody", now, &err), GISAC_ENOTFOUND);
    assert_string_equal(err.msg, "user nobody: not found");
    assert_int_equal(auth_user_enable(a, "fw", now, &err), 0);
    assert_int_equal(auth_user_get(a, "fw", &acc, &err), 0);
    assert_int_equal(acc.disabled, 0);
    assert_int_equal(auth_user_passwd(a, "fw", "short", now, &err), GISAC_EINVAL);
    assert_int_equal(auth_user_passwd(a, "nobody", "a new long password", now, &err),
                     GISAC_ENOTFOUND);
    assert_int_equal(auth_user_passwd(a, "fw", "a new long password", now, &err), 0);
    assert_int_equal(auth_login(a, "fw", pw, now, &acc, NULL, &err), GISAC_EINVAL);
    assert_int_equal(auth_login(a, "fw", "a new long password", now, &acc, NULL, &err), 0);
    assert_string_equal(acc.name, "fw");
}

/* ---- login and lock-out ------------------------------------------------ */

/* A login from an address through the guard g: its result, *wait set. */
static int login_at(auth *a, const char *name, const char *pw, const char *from, int64_t *wait)
{
    gisac_err err = GISAC_ERR_INIT;
    auth_account acc;
    *wait = 0;
    return auth_login_from(a, name, pw, from, gisac_now(), &acc, NULL, wait, &err);
}

static void test_lockout(void **state)
{
    auth *a = *state;
    gisac_err err;
    auth_account acc;
    auth_fail why;
    const char *pw = "correct horse battery";
    const char *A = "192.0.2.1", *B = "198.51.100.9";
    int64_t wait;
    add_user(a, "alice", AUTH_ROLE_ANALYST, NULL);
    int64_t now = set_now(T0);

    /* without a guard (the CLI's local logins) nothing is throttled */
    for (int i = 0; i < 2 * AUTH_LOCK_FAILURES; i++)
        assert_int_equal(auth_login(a, "alice", "wrong password!", now, &acc, &why, &err),
                         GISAC_EINVAL);
    assert_int_equal(auth_login(a, "alice", pw, now, &acc, &why, &err), 0);

    auth_guard *g;
    assert_int_equal(auth_guard_new(NULL, &g, &err), 0);
    auth_set_guard(a, g);
    /* four failures from A, then a success: the count starts again */
    for (int i = 0; i < AUTH_LOCK_FAILURES - 1; i++) {
        assert_int_equal(
            auth_login_from(a, "alice", "wrong password!", A, now, &acc, &why, &wait, &err),
            GISAC_EINVAL);
        assert_int_equal(why, AUTH_FAIL_PASSWORD);
        assert_string_equal(err.msg, AUTH_LOGIN_FAILED);
    }
    assert_int_equal(auth_user_get(a, "alice", &acc, &err), 0);
    assert_int_equal(acc.failed_logins, 4);
    assert_int_equal(acc.locked_until, 0);
    assert_int_equal(login_at(a, "alice", pw, A, &wait), 0);
    assert_int_equal(auth_user_get(a, "alice", &acc, &err), 0);
    assert_int_equal(acc.failed_logins, 0);

    /* five failures from A lock A out for 15 minutes, even with the right
     * password, before any hashing; the owner at B logs in all along */
    for (int i = 0; i < AUTH_LOCK_FAILURES; i++)
        assert_int_equal(login_at(a, "alice", "wrong password!", A, &wait), GISAC_EINVAL);
    assert_int_equal(login_at(a, "alice", pw, A, &wait), GISAC_EBUSY);
    assert_int_equal(wait, AUTH_LOCK_SECONDS);
    assert_int_equal(auth_login_from(a, "alice", pw, A, now, &acc, &why, &wait, &err), GISAC_EBUSY);
    assert_int_equal(why, AUTH_FAIL_THROTTLED);
    assert_string_equal(err.msg, "too many attempts: try again in 900 s");
    assert_int_equal(login_at(a, "alice", pw, B, &wait), 0);
    now = set_now("2026-11-24T00:14:59Z");
    assert_int_equal(login_at(a, "alice", pw, A, &wait), GISAC_EBUSY);
    assert_int_equal(wait, 1);
    /* at the end of it one more failure doubles it: 30, then 60 minutes */
    now = set_now("2026-11-24T00:15:00Z");
    assert_int_equal(login_at(a, "alice", "wrong password!", A, &wait), GISAC_EINVAL);
    assert_int_equal(login_at(a, "alice", pw, A, &wait), GISAC_EBUSY);
    assert_int_equal(wait, 2 * AUTH_LOCK_SECONDS);
    now = set_now("2026-11-24T00:45:00Z");
    assert_int_equal(login_at(a, "alice", "wrong password!", A, &wait), GISAC_EINVAL);
    assert_int_equal(login_at(a, "alice", pw, A, &wait), GISAC_EBUSY);
    assert_int_equal(wait, 4 * AUTH_LOCK_SECONDS);
    /* capped at a day */
    char iso[GISAC_TIME_LEN];
    for (int i = 0; i < 12; i++) {
        gisac_time_format(at("2026-12-24T00:00:00Z") + i * 2 * 86400, iso);
        now = set_now(iso);
        assert_int_equal(login_at(a, "alice", "wrong password!", A, &wait), GISAC_EINVAL);
    }
    assert_int_equal(login_at(a, "alice", pw, A, &wait), GISAC_EBUSY);
    assert_int_equal(wait, AUTH_LOCK_MAX_SECONDS);
    /* after the lock-out, the right password from A clears it */
    gisac_time_format(now + AUTH_LOCK_MAX_SECONDS, iso);
    now = set_now(iso);
    assert_int_equal(login_at(a, "alice", pw, A, &wait), 0);
    assert_int_equal(login_at(a, "alice", "wrong password!", A, &wait), GISAC_EINVAL);
    assert_int_equal(login_at(a, "alice", pw, A, &wait), 0);

    /* parallel guesses: the budget is taken before the checks run, so of
     * many at once no more than AUTH_LOCK_FAILURES are checked */
    auth_guard_ticket t[AUTH_LOCK_FAILURES + 1];
    for (int i = 0; i < AUTH_LOCK_FAILURES; i++)
        assert_int_equal(
            auth_guard_enter(g, "alice", "203.0.113.5", now, AUTH_GUARD_CHEAP, &t[i], &wait), 0);
    assert_int_equal(auth_guard_enter(g, "alice", "203.0.113.5", now, AUTH_GUARD_CHEAP,
                                      &t[AUTH_LOCK_FAILURES], &wait),
                     GISAC_EBUSY);
    auth_guard_report rep;
    for (int i = 0; i < AUTH_LOCK_FAILURES; i++)
        auth_guard_leave(g, &t[i], 0, now, &rep);
    assert_int_equal(rep.locked_until, now + AUTH_LOCK_SECONDS);
    auth_set_guard(a, NULL);
    auth_guard_free(g);

    /* the number of hashing checks at once is bounded (a remembered login
     * hashes nothing and is not); an address spraying accounts and an
     * account sprayed from many addresses back off */
    auth_guard_config c;
    auth_guard_config_default(&c);
    c.max_inflight = 2;
    c.addr_free = 3;
    c.account_free = 4;
    assert_int_equal(auth_guard_new(&c, &g, &err), 0);
    auth_guard_ticket u[4];
    assert_int_equal(auth_guard_enter(g, "u1", "192.0.2.10", now, 0, &u[0], &wait), 0);
    assert_int_equal(auth_guard_enter(g, "u2", "192.0.2.11", now, 0, &u[1], &wait), 0);
    assert_int_equal(auth_guard_enter(g, "u3", "192.0.2.12", now, 0, &u[2], &wait), GISAC_EBUSY);
    assert_int_equal(wait, 1);
    assert_int_equal(auth_guard_enter(g, "u3", "192.0.2.12", now, AUTH_GUARD_CHEAP, &u[2], &wait),
                     0);
    auth_guard_leave(g, &u[0], 1, now, &rep);
    auth_guard_leave(g, &u[1], 1, now, &rep);
    auth_guard_leave(g, &u[2], 1, now, &rep);
    for (int i = 0; i < 3; i++) {
        char name[16];
        snprintf(name, sizeof name, "spray%d", i);
        assert_int_equal(auth_guard_enter(g, name, "192.0.2.66", now, 0, &u[0], &wait), 0);
        auth_guard_leave(g, &u[0], 0, now, &rep);
    }
    assert_int_equal(auth_guard_enter(g, "other", "192.0.2.66", now, 0, &u[0], &wait), GISAC_EBUSY);
    assert_int_equal(wait, 1); /* addr_seconds, doubling from there */
    assert_int_equal(auth_guard_enter(g, "bob", "192.0.2.7", now, 0, &u[0], &wait), 0);
    auth_guard_leave(g, &u[0], 1, now, &rep); /* bob's own address, known good */
    for (int i = 0; i < 4; i++) {
        char addr[32];
        snprintf(addr, sizeof addr, "203.0.113.%d", 100 + i);
        assert_int_equal(auth_guard_enter(g, "bob", addr, now, 0, &u[0], &wait), 0);
        auth_guard_leave(g, &u[0], 0, now, &rep);
    }
    assert_int_equal(rep.account_failures, 4);
    assert_int_equal(rep.account_until, now + 60);
    assert_int_equal(auth_guard_enter(g, "bob", "203.0.113.200", now, 0, &u[0], &wait),
                     GISAC_EBUSY);
    assert_int_equal(wait, 60);
    assert_int_equal(auth_guard_enter(g, "bob", "192.0.2.7", now, 0, &u[0], &wait), 0);
    auth_guard_leave(g, &u[0], 1, now, &rep);
    auth_guard_free(g);

    /* unknown and disabled accounts fail with the same words */
    assert_int_equal(auth_login(a, "mallory", pw, now, &acc, &why, &err), GISAC_EINVAL);
    assert_int_equal(why, AUTH_FAIL_UNKNOWN);
    assert_string_equal(err.msg, AUTH_LOGIN_FAILED);
    assert_int_equal(auth_login(a, "Not A Name", pw, now, &acc, &why, &err), GISAC_EINVAL);
    assert_string_equal(err.msg, AUTH_LOGIN_FAILED);
    assert_int_equal(auth_user_disable(a, "alice", now, &err), 0);
    assert_int_equal(auth_login(a, "alice", pw, now, &acc, &why, &err), GISAC_EFORBIDDEN);
    assert_int_equal(why, AUTH_FAIL_DISABLED);
    assert_string_equal(err.msg, AUTH_LOGIN_FAILED);
    assert_int_equal(auth_user_enable(a, "alice", now, &err), 0);
    assert_int_equal(auth_login(a, "alice", pw, now, &acc, &why, &err), 0);
}

/* ---- tokens ------------------------------------------------------------ */

static void check_format(const char *t)
{
    assert_int_equal(strlen(t), AUTH_TOKEN_LEN);
    assert_memory_equal(t, "gisac_", 6);
    for (int i = 6; i < 22; i++)
        assert_non_null(strchr("0123456789abcdef", t[i]));
    assert_int_equal(t[22], '_');
    for (int i = 23; i < AUTH_TOKEN_LEN; i++)
        assert_non_null(
            strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", t[i]));
}

TEST_COUNTER(count_tokens, auth_token)

static void test_tokens(void **state)
{
    auth *a = *state;
    gisac_err err;
    auth_account acc;
    auth_fail why;
    add_agency(a, "moda", NULL);
    add_user(a, "fw", AUTH_ROLE_CONSUMER, "moda");
    add_user(a, "bob", AUTH_ROLE_ANALYST, NULL);
    int64_t now = set_now(T0);

    char t1[AUTH_TOKEN_LEN + 1], t2[AUTH_TOKEN_LEN + 1];
    auth_token info;
    assert_int_equal(auth_token_create(a, "fw", " moda firewall ", 1, now, t1, &info, &err), 0);
    check_format(t1);
    assert_memory_equal(t1 + 6, info.id, AUTH_TOKEN_ID_LEN);
    assert_string_equal(info.user, "fw");
    assert_string_equal(info.name, "moda firewall");
    assert_int_equal(info.expires, now + 86400);
    assert_int_equal(auth_token_create(a, "bob", NULL, 0, now, t2, &info, &err), 0);
    check_format(t2);
    assert_string_not_equal(t1, t2);
    assert_int_equal(info.expires, 0);

    /* only the id and a keyed hash are stored */
    gisac_arena *ar = gisac_arena_new(1024);
    store_token row;
    char id1[AUTH_TOKEN_ID_LEN + 1];
    memcpy(id1, t1 + 6, AUTH_TOKEN_ID_LEN);
    id1[AUTH_TOKEN_ID_LEN] = '\0';
    assert_int_equal(store_token_get(auth_store(a), id1, &row, ar, &err), 0);
    assert_int_equal(strlen(row.hash), 64);
    assert_null(strstr(row.hash, t1 + 23));
    assert_int_equal(row.last_used, 0);

    /* check, and last_used at most once a minute */
    assert_int_equal(auth_token_check(a, t1, now, &acc, &why, &err), 0);
    assert_string_equal(acc.name, "fw");
    assert_string_equal(acc.agency, "moda");
    assert_int_equal(acc.role, AUTH_ROLE_CONSUMER);
    assert_int_equal(store_token_get(auth_store(a), id1, &row, ar, &err), 0);
    assert_int_equal(row.last_used, now);
    assert_int_equal(auth_token_check(a, t1, now + 59, &acc, &why, &err), 0);
    assert_int_equal(store_token_get(auth_store(a), id1, &row, ar, &err), 0);
    assert_int_equal(row.last_used, now);
    assert_int_equal(auth_token_check(a, t1, now + 60, &acc, &why, &err), 0);
    assert_int_equal(store_token_get(auth_store(a), id1, &row, ar, &err), 0);
    assert_int_equal(row.last_used, now + 60);

    /* wrong secret, unknown id, malformed */
    char bad[AUTH_TOKEN_LEN + 1];
    strcpy(bad, t1);
    bad[40] = bad[40] == 'A' ? 'B' : 'A';
    assert_int_equal(auth_token_check(a, bad, now, &acc, &why, &err), GISAC_EINVAL);
    assert_int_equal(why, AUTH_FAIL_PASSWORD);
    assert_string_equal(err.msg, AUTH_TOKEN_FAILED);
    strcpy(bad, t1);
    memcpy(bad + 6, "0000000000000000", 16);
    assert_int_equal(auth_token_check(a, bad, now, &acc, &why, &err), GISAC_EINVAL);
    assert_int_equal(why, AUTH_FAIL_UNKNOWN);
    /* the secret of one token under the id of another */
    strcpy(bad, t2);
    memcpy(bad + 6, t1 + 6, 16);
    assert_int_equal(auth_token_check(a, bad, now, &acc, &why, &err), GISAC_EINVAL);
    const char *malformed[] = {"", "gisac_", "Bearer x", "gisac_ABCDEF0123456789_x", NULL};
    for (int i = 0; malformed[i]; i++) {
        assert_int_equal(auth_token_check(a, malformed[i], now, &acc, &why, &err), GISAC_EINVAL);
        assert_string_equal(err.msg, AUTH_TOKEN_FAILED);
    }
    strcpy(bad, t1);
    bad[30] = '+'; /* not base64url */
    assert_int_equal(auth_token_check(a, bad, now, &acc, &why, &err), GISAC_EINVAL);
    assert_int_equal(why, AUTH_FAIL_UNKNOWN);
    char longer[AUTH_TOKEN_LEN + 2];
    snprintf(longer, sizeof longer, "%sA", t1);
    assert_int_equal(auth_token_check(a, longer, now, &acc, &why, &err), GISAC_EINVAL);

    /* expiry: valid until the second it expires */
    assert_int_equal(auth_token_check(a, t1, now + 86399, &acc, &why, &err), 0);
    assert_int_equal(auth_token_check(a, t1, now + 86400, &acc, &why, &err), GISAC_EFORBIDDEN);
    assert_int_equal(why, AUTH_FAIL_EXPIRED);
    assert_string_equal(err.msg, AUTH_TOKEN_FAILED);

    /* disabled account */
    assert_int_equal(auth_user_disable(a, "bob", now, &err), 0);
    assert_int_equal(auth_token_check(a, t2, now, &acc, &why, &err), GISAC_EFORBIDDEN);
    assert_int_equal(why, AUTH_FAIL_DISABLED);
    assert_int_equal(auth_token_create(a, "bob", NULL, 0, now, t2, &info, &err), GISAC_EINVAL);
    assert_string_equal(err.msg, "user bob is disabled");
    assert_int_equal(auth_user_enable(a, "bob", now, &err), 0);
    assert_int_equal(auth_token_check(a, t2, now, &acc, &why, &err), 0);

    /* an address locked out of the account does not stop its tokens */
    auth_guard *g;
    assert_int_equal(auth_guard_new(NULL, &g, &err), 0);
    auth_set_guard(a, g);
    for (int i = 0; i < AUTH_LOCK_FAILURES; i++)
        auth_login_from(a, "bob", "wrong password!", "192.0.2.1", now, &acc, &why, NULL, &err);
    assert_int_equal(auth_login_from(a, "bob", "correct horse battery", "192.0.2.1", now, &acc,
                                     &why, NULL, &err),
                     GISAC_EBUSY);
    assert_int_equal(auth_token_check(a, t2, now, &acc, &why, &err), 0);
    auth_set_guard(a, NULL);
    auth_guard_free(g);

    /* revoke */
    char id2[AUTH_TOKEN_ID_LEN + 1];
    memcpy(id2, t2 + 6, AUTH_TOKEN_ID_LEN);
    id2[AUTH_TOKEN_ID_LEN] = '\0';
    assert_int_equal(auth_token_revoke(a, id2, &err), 0);
    assert_int_equal(auth_token_check(a, t2, now, &acc, &why, &err), GISAC_EFORBIDDEN);
    assert_int_equal(why, AUTH_FAIL_REVOKED);
    assert_int_equal(auth_token_revoke(a, id2, &err), GISAC_EINVAL);
    assert_non_null(strstr(err.msg, "already revoked"));
    assert_int_equal(auth_token_revoke(a, "0123456789abcdef", &err), GISAC_ENOTFOUND);
    assert_int_equal(auth_token_revoke(a, "xyz", &err), GISAC_EINVAL);

    /* create: errors */
    assert_int_equal(auth_token_create(a, "nobody", NULL, 0, now, t2, &info, &err),
                     GISAC_ENOTFOUND);
    assert_int_equal(
        auth_token_create(a, "fw", NULL, AUTH_TOKEN_DAYS_MAX + 1, now, t2, &info, &err),
        GISAC_EINVAL);
    assert_int_equal(auth_token_create(a, "fw", "bad\nlabel", 0, now, t2, &info, &err),
                     GISAC_EINVAL);

    /* list */
    int n = 0;
    assert_int_equal(auth_token_list(a, NULL, count_tokens, &n, &err), 0);
    assert_int_equal(n, 2);
    n = 0;
    assert_int_equal(auth_token_list(a, "fw", count_tokens, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(auth_token_list(a, "nobody", count_tokens, &n, &err), GISAC_ENOTFOUND);
    auth_token st = {.revoked = 0, .expires = now + 10};
    assert_string_equal(auth_token_status(&st, now), "active");
    assert_string_equal(auth_token_status(&st, now + 10), "expired");
    st.revoked = 1;
    assert_string_equal(auth_token_status(&st, now), "revoked");
    gisac_arena_free(ar);
}

/* ---- the server key ---------------------------------------------------- */

static void test_key_file(void **state)
{
    auth *a = *state;
    gisac_err err;
    char kp[96];
    snprintf(kp, sizeof kp, "%s.key", dbpath);
    unsigned char k1[AUTH_KEY_LEN], k2[AUTH_KEY_LEN];

    /* no key yet: not created by a check, and no token can be valid */
    assert_int_equal(auth_key_load(kp, 0, k1, &err), GISAC_ENOTFOUND);
    auth_account acc;
    auth_fail why;
    const char *any = "gisac_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    assert_int_equal(auth_token_check(a, any, gisac_now(), &acc, &why, &err), GISAC_EINVAL);
    assert_int_equal(why, AUTH_FAIL_NO_KEY);
    assert_int_equal(access(kp, F_OK), -1);

    /* created on first need: 32 bytes, mode 0600 whatever the umask */
    mode_t old = umask(0);
    assert_int_equal(auth_key_load(kp, 1, k1, &err), 0);
    umask(old);
    struct stat sb;
    assert_int_equal(stat(kp, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_int_equal(sb.st_size, AUTH_KEY_LEN);
    assert_int_equal(auth_key_load(kp, 1, k2, &err), 0);
    assert_memory_equal(k1, k2, AUTH_KEY_LEN);
    assert_int_equal(auth_key_load(kp, 0, k2, &err), 0);
    assert_memory_equal(k1, k2, AUTH_KEY_LEN);

    /* refused when group or others may read or write it */
    const mode_t modes[] = {0640, 0604, 0620, 0602, 0644};
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        assert_int_equal(chmod(kp, modes[i]), 0);
        assert_int_equal(auth_key_load(kp, 1, k2, &err), GISAC_EINVAL);
        assert_non_null(strstr(err.msg, kp));
        assert_non_null(strstr(err.msg, "group or others"));
    }
    /* and a token check reports the real fault, not the generic failure */
    add_user(a, "fw", AUTH_ROLE_CONSUMER, NULL);
    auth *b;
    assert_int_equal(test_auth_open(dbpath, &b, &err), 0);
    char text[AUTH_TOKEN_LEN + 1];
    assert_int_equal(auth_token_create(b, "fw", NULL, 0, gisac_now(), text, NULL, &err),
                     GISAC_EINVAL);
    assert_non_null(strstr(err.msg, kp));
    assert_int_equal(auth_token_check(b, any, gisac_now(), &acc, &why, &err), GISAC_EINVAL);
    assert_non_null(strstr(err.msg, kp));
    test_auth_close(b);
    assert_int_equal(chmod(kp, 0400), 0);
    assert_int_equal(auth_key_load(kp, 0, k2, &err), 0);

    /* wrong size, not a regular file */
    assert_int_equal(chmod(kp, 0600), 0);
    FILE *f = fopen(kp, "ab");
    assert_non_null(f);
    fputc('x', f);
    fclose(f);
    assert_int_equal(auth_key_load(kp, 1, k2, &err), GISAC_EINVAL);
    assert_non_null(strstr(err.msg, "not a gisac server key"));
    unlink(kp);
    assert_int_equal(mkdir(kp, 0700), 0);
    assert_int_equal(auth_key_load(kp, 1, k2, &err), GISAC_EINVAL);
    rmdir(kp);

    /* a symbolic link is not followed */
    char target[112];
    snprintf(target, sizeof target, "%s.real", kp);
    assert_int_equal(auth_key_load(target, 1, k2, &err), 0);
    assert_int_equal(symlink(target, kp), 0);
    assert_int_not_equal(auth_key_load(kp, 1, k2, &err), 0);
    unlink(kp);
    unlink(target);

    /* a token made under one key fails under another */
    assert_int_equal(test_auth_open(dbpath, &b, &err), 0);
    assert_int_equal(auth_token_create(b, "fw", NULL, 0, gisac_now(), text, NULL, &err), 0);
    assert_int_equal(auth_token_check(b, text, gisac_now(), &acc, &why, &err), 0);
    test_auth_close(b);
    unlink(kp);
    assert_int_equal(auth_key_load(kp, 1, k2, &err), 0);
    assert_int_equal(test_auth_open(dbpath, &b, &err), 0);
    assert_int_equal(auth_token_check(b, text, gisac_now(), &acc, &why, &err), GISAC_EINVAL);
    assert_int_equal(why, AUTH_FAIL_PASSWORD);
    test_auth_close(b);
}

/* ---- the role matrix --------------------------------------------------- */

static void test_role_matrix(void **state)
{
    (void)state;
    /* docs/user.md, the role table; targets: none (all agencies), own, another */
    enum { NONE, OWN, OTHER };
    static const struct {
        auth_role role;
        auth_action act;
        int allowed[3];
    } m[] = {
        {AUTH_ROLE_ADMIN, AUTH_READ_INTEL, {1, 1, 1}},
        {AUTH_ROLE_ADMIN, AUTH_WRITE_INTEL, {1, 1, 1}},
        {AUTH_ROLE_ADMIN, AUTH_READ_AGENCY, {1, 1, 1}},
        {AUTH_ROLE_ADMIN, AUTH_WRITE_AGENCY, {1, 1, 1}},
        {AUTH_ROLE_ADMIN, AUTH_SUBMIT_SENSOR, {1, 1, 1}},
        {AUTH_ROLE_ADMIN, AUTH_ADMIN, {1, 1, 1}},
        {AUTH_ROLE_ANALYST, AUTH_READ_INTEL, {1, 1, 1}},
        {AUTH_ROLE_ANALYST, AUTH_WRITE_INTEL, {1, 1, 1}},
        {AUTH_ROLE_ANALYST, AUTH_READ_AGENCY, {1, 1, 1}},
        {AUTH_ROLE_ANALYST, AUTH_WRITE_AGENCY, {1, 1, 1}},
        {AUTH_ROLE_ANALYST, AUTH_SUBMIT_SENSOR, {0, 0, 0}},
        {AUTH_ROLE_ANALYST, AUTH_ADMIN, {0, 0, 0}},
        {AUTH_ROLE_AGENCY, AUTH_READ_INTEL, {1, 1, 1}},
        {AUTH_ROLE_AGENCY, AUTH_WRITE_INTEL, {0, 0, 0}},
        {AUTH_ROLE_AGENCY, AUTH_READ_AGENCY, {0, 1, 0}},
        {AUTH_ROLE_AGENCY, AUTH_WRITE_AGENCY, {0, 1, 0}},
        {AUTH_ROLE_AGENCY, AUTH_SUBMIT_SENSOR, {0, 0, 0}},
        {AUTH_ROLE_AGENCY, AUTH_ADMIN, {0, 0, 0}},
        {AUTH_ROLE_SENSOR, AUTH_READ_INTEL, {0, 0, 0}},
        {AUTH_ROLE_SENSOR, AUTH_WRITE_INTEL, {0, 0, 0}},
        {AUTH_ROLE_SENSOR, AUTH_READ_AGENCY, {0, 0, 0}},
        {AUTH_ROLE_SENSOR, AUTH_WRITE_AGENCY, {0, 0, 0}},
        {AUTH_ROLE_SENSOR, AUTH_SUBMIT_SENSOR, {0, 1, 0}},
        {AUTH_ROLE_SENSOR, AUTH_ADMIN, {0, 0, 0}},
        {AUTH_ROLE_CONSUMER, AUTH_READ_INTEL, {1, 1, 1}},
        {AUTH_ROLE_CONSUMER, AUTH_WRITE_INTEL, {0, 0, 0}},
        {AUTH_ROLE_CONSUMER, AUTH_READ_AGENCY, {0, 0, 0}},
        {AUTH_ROLE_CONSUMER, AUTH_WRITE_AGENCY, {0, 0, 0}},
        {AUTH_ROLE_CONSUMER, AUTH_SUBMIT_SENSOR, {0, 0, 0}},
        {AUTH_ROLE_CONSUMER, AUTH_ADMIN, {0, 0, 0}},
    };
    const char *targets[3] = {NULL, "moda", "mof"};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
        /* every role is tried with an agency (moda) and, where the role allows, without */
        auth_principal p = {1, "p", m[i].role, "moda"};
        for (int t = 0; t < 3; t++) {
            int got = auth_can(&p, m[i].act, targets[t]);
            if (got != m[i].allowed[t])
                fail_msg("%s may %s on %s: got %d, want %d", auth_role_name(m[i].role),
                         auth_action_name(m[i].act), targets[t] ? targets[t] : "(all)", got,
                         m[i].allowed[t]);
        }
        /* "" as target is the same as none */
        assert_int_equal(auth_can(&p, m[i].act, ""), m[i].allowed[NONE]);
        /* without an agency, "own" never matches */
        auth_principal q = {1, "q", m[i].role, NULL};
        for (int t = 0; t < 3; t++) {
            int want = m[i].allowed[t];
            if (m[i].allowed[OWN] && !m[i].allowed[OTHER])
                want = 0;
            assert_int_equal(auth_can(&q, m[i].act, targets[t]), want);
        }
    }
    /* default deny */
    auth_principal nobody = {1, "n", AUTH_ROLE_NONE, "moda"};
    auth_principal admin = {1, "a", AUTH_ROLE_ADMIN, NULL};
    for (int act = AUTH_READ_INTEL; act <= AUTH_ADMIN; act++)
        assert_int_equal(auth_can(&nobody, (auth_action)act, "moda"), 0);
    assert_int_equal(auth_can(NULL, AUTH_READ_INTEL, NULL), 0);
    assert_int_equal(auth_can(&admin, (auth_action)0, NULL), 0);
    assert_int_equal(auth_can(&admin, (auth_action)99, NULL), 0);
    /* a principal from an account */
    auth_account acc = {.id = 7, .name = "s1", .role = AUTH_ROLE_SENSOR, .agency = "moda"};
    auth_principal s = auth_principal_of(&acc);
    assert_int_equal(s.account_id, 7);
    assert_string_equal(s.agency, "moda");
    assert_int_equal(auth_can(&s, AUTH_SUBMIT_SENSOR, "moda"), 1);
    assert_int_equal(auth_can(&s, AUTH_SUBMIT_SENSOR, "mof"), 0);
    auth_account none = {.id = 8, .name = "c", .role = AUTH_ROLE_CONSUMER};
    assert_null(auth_principal_of(&none).agency);
}

int main(void)
{
    /* the minimum argon2id limits: these tests hash a lot */
    setenv("GISAC_PWHASH_FAST", "1", 1);
    static const test_case cases[] = {
        TEST_PLAIN(test_validation),   TEST_CASE(test_agency),   TEST_CASE(test_agency_cycles),
        TEST_CASE(test_password_hash), TEST_CASE(test_users),    TEST_CASE(test_lockout),
        TEST_CASE(test_tokens),        TEST_CASE(test_key_file), TEST_PLAIN(test_role_matrix),
    };
    return test_main(cases, TEST_COUNT(cases), setup, teardown);
}
