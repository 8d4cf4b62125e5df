/*
 * test_app_identity.c: the installation's identity (base.h gisac_identity,
 * store_identity_*, the migration that keeps an upgraded database's
 * identity, app_identity.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "app/app_internal.h"
#include "store/store_audit.h"
#include "test_util.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

size_t store_sqlite_migration_count(void);
const char *store_sqlite_migration(size_t i);

#define LEGACY "881c1891-6d33-5202-a7b6-7beed82cb4a8"

static const auth_principal admin = {1, "root", AUTH_ROLE_ADMIN, NULL};
static const auth_principal analyst = {2, "ann", AUTH_ROLE_ANALYST, NULL};

static void test_namespace(void **state)
{
    (void)state;
    gisac_err err = GISAC_ERR_INIT;
    gisac_identity a, b;
    /* the legacy identity derives in gisac's own namespace: ids published before stay */
    assert_int_equal(gisac_identity_make(LEGACY, NULL, 5, 3, &a, &err), 0);
    assert_string_equal(a.name, "gisac");
    assert_int_equal(a.modified, 5); /* never before created */
    assert_memory_equal(a.ns, GISAC_UUID_NS, 16);
    char u1[GISAC_UUID_LEN], u2[GISAC_UUID_LEN];
    gisac_identity_uuid5(&a, "domain:x.example", 16, u1);
    gisac_uuid5(GISAC_UUID_NS, "domain:x.example", 16, u2);
    assert_string_equal(u1, u2);
    gisac_identity_uuid5(NULL, "domain:x.example", 16, u2);
    assert_string_equal(u1, u2);
    /* another: UUIDv5(gisac namespace, "installation:" + UUID), upper case read as lower */
    assert_int_equal(
        gisac_identity_make("0F1E2D3C-4B5A-4968-8776-A5B4C3D2E1F0", "x", 1, 1, &b, &err), 0);
    assert_string_equal(b.uuid, "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");
    char ns[GISAC_UUID_LEN];
    gisac_uuid5(GISAC_UUID_NS, "installation:0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0", 49, ns);
    gisac_identity_uuid5(&b, "domain:x.example", 16, u2);
    assert_string_not_equal(u1, u2);
    char id[GISAC_IDENTITY_ID_LEN];
    gisac_identity_id(&b, id);
    assert_string_equal(id, "identity--0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");
    gisac_buf j = GISAC_BUF_INIT;
    assert_int_equal(gisac_identity_to_json(&b, &j), 0);
    assert_string_equal(j.data, "{\"id\":\"identity--0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0\","
                                "\"uuid\":\"0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0\",\"name\":\"x\","
                                "\"created\":\"1970-01-01T00:00:01Z\","
                                "\"modified\":\"1970-01-01T00:00:01Z\"}");
    gisac_buf_free(&j);
    /* bad input names the field */
    assert_int_equal(gisac_identity_make("nope", "x", 1, 1, &b, &err), GISAC_EINVAL);
    assert_string_equal(err.field, "$.uuid");
    assert_string_equal(err.msg, "uuid 'nope': not a UUID");
    assert_int_equal(
        gisac_identity_make("00000000-0000-0000-0000-000000000000", "x", 1, 1, &b, &err),
        GISAC_EINVAL);
    assert_int_equal(gisac_identity_make(LEGACY, "a\nb", 1, 1, &b, &err), GISAC_EINVAL);
    assert_string_equal(err.field, "$.name");
    assert_string_equal(err.msg, "name: a control character");
    assert_int_equal(gisac_identity_make(LEGACY, "\xff", 1, 1, &b, &err), GISAC_EINVAL);
    assert_string_equal(err.msg, "name: not UTF-8");
    char longname[GISAC_IDENTITY_NAME_MAX + 1];
    memset(longname, 'n', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    assert_int_equal(gisac_identity_make(LEGACY, longname, 1, 1, &b, &err), GISAC_EINVAL);
    assert_string_equal(err.msg, "name: at most 200 bytes");
}

/* The migration that gives a database made before identities the legacy one. */
static const char *identity_migration(void)
{
    for (size_t i = 0; i < store_sqlite_migration_count(); i++)
        if (strstr(store_sqlite_migration(i), "'identity_uuid'"))
            return store_sqlite_migration(i);
    return NULL;
}

static void run_sql(const char *db, const char *sql)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s", msg ? msg : "sqlite3_exec");
    sqlite3_close(h);
}

static void test_upgrade(void **state)
{
    (void)state;
    const char *mig = identity_migration();
    assert_non_null(mig);
    char dir[64], db[96];
    assert_int_equal(test_tmp_db(dir, db, sizeof db, "/tmp/gisac-ident-XXXXXX"), 0);
    store *s;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(store_open(db, &s, &err), 0);
    /* a new database: no identity until the first open of the application */
    store_identity id;
    assert_int_equal(store_identity_get(s, &id, &err), GISAC_ENOTFOUND);
    store_close(s);
    run_sql(db, mig); /* the migration on an empty database: nothing */
    assert_int_equal(store_open(db, &s, &err), 0);
    assert_int_equal(store_identity_get(s, &id, &err), GISAC_ENOTFOUND);
    /* a database holding what it may have published: the legacy identity */
    store_indicator i = test_indicator(IOC_DOMAIN, "x.example", 1000);
    test_indicator_add(s, &i, 0);
    store_close(s);
    run_sql(db, mig);
    assert_int_equal(store_open(db, &s, &err), 0);
    assert_int_equal(store_identity_get(s, &id, &err), 0);
    assert_string_equal(id.uuid, LEGACY);
    assert_string_equal(id.name, "gisac");
    assert_int_equal(id.created, test_at("2024-01-01T00:00:00Z"));
    assert_int_equal(id.modified, id.created);
    /* a second run changes nothing; init keeps what is there */
    store_identity other = {"5c7e9a1b-3d5f-4a6b-8c9d-0e1f2a3b4c5d", "x", 1, 1};
    int made = 1;
    assert_int_equal(store_identity_init(s, &other, &made, &err), 0);
    assert_int_equal(made, 0);
    store_close(s);
    run_sql(db, mig);
    /* the application then renders with it: derived ids as before */
    app_config cfg = {db, 0, "test:runner"};
    app *a;
    assert_int_equal(app_open(&cfg, &a, &err), 0);
    const gisac_identity *ai = app_identity(a);
    assert_string_equal(ai->uuid, LEGACY);
    assert_memory_equal(ai->ns, GISAC_UUID_NS, 16);
    app_close(a);
    test_db_done(db, NULL);
    rmdir(dir);
}

static void test_set(void **state)
{
    (void)state;
    unsetenv("GISAC_IDENTITY_UUID");
    unsetenv("GISAC_IDENTITY_NAME");
    char dir[64], db[96];
    assert_int_equal(test_tmp_db(dir, db, sizeof db, "/tmp/gisac-ident-XXXXXX"), 0);
    app_config cfg = {db, APP_OPEN_CREATE, "test:runner"};
    app *a, *b;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(app_open(&cfg, &a, &err), 0);
    assert_int_equal(app_clone(a, &b, &err), 0);
    gisac_identity id, id2;
    /* made at the first use: random (version 4), named gisac; the same for the clone */
    assert_int_equal(app_show_identity(a, &admin, &id, &err), 0);
    assert_int_equal(id.uuid[14], '4');
    assert_string_equal(id.name, "gisac");
    assert_int_equal(app_show_identity(b, &admin, &id2, &err), 0);
    assert_string_equal(id.uuid, id2.uuid);
    assert_memory_not_equal(id.ns, GISAC_UUID_NS, 16);
    /* admins only */
    assert_int_equal(app_show_identity(a, &analyst, &id2, &err), GISAC_EFORBIDDEN);
    assert_int_equal(app_set_identity(a, &analyst, "x", NULL, &id2, &err), GISAC_EFORBIDDEN);
    assert_int_equal(app_set_identity(a, &admin, NULL, NULL, &id2, &err), GISAC_EINVAL);
    assert_int_equal(app_set_identity(a, &admin, "", NULL, &id2, &err), GISAC_EINVAL);
    assert_string_equal(err.field, "$.name");
    assert_int_equal(app_set_identity(a, &admin, NULL, "nope", &id2, &err), GISAC_EINVAL);
    assert_string_equal(err.field, "$.uuid");
    /* a change: audited; the other handle of the process takes it at once */
    assert_int_equal(
        app_set_identity(a, &admin, "CERT", "5c7e9a1b-3d5f-4a6b-8c9d-0e1f2a3b4c5d", &id2, &err), 0);
    assert_string_equal(id2.name, "CERT");
    assert_int_equal(id2.created, id.created);
    assert_string_equal(app_identity(b)->uuid, "5c7e9a1b-3d5f-4a6b-8c9d-0e1f2a3b4c5d");
    intel *in = app_intel_h(b, &err);
    assert_non_null(in);
    assert_string_equal(intel_identity(in)->name, "CERT");
    char want[256];
    snprintf(want, sizeof want,
             "test:runner|identity.set|5c7e9a1b-3d5f-4a6b-8c9d-0e1f2a3b4c5d|uuid %s -> "
             "5c7e9a1b-3d5f-4a6b-8c9d-0e1f2a3b4c5d; name \"gisac\" -> \"CERT\"\n",
             id.uuid);
    test_audit t;
    assert_string_equal(test_audit_read(app_store(a), 0, 0, "identity.set", &t), want);
    /* the same again: no new version, nothing audited */
    assert_int_equal(app_set_identity(a, &admin, "CERT", NULL, &id, &err), 0);
    assert_int_equal(id.modified, id2.modified);
    assert_string_equal(test_audit_read(app_store(a), 0, 0, "identity.set", &t), want);
    app_close(b);
    app_close(a);
    test_db_done(db, NULL);
    rmdir(dir);
}

int main(void)
{
    static const test_case cases[] = {TEST_PLAIN(test_namespace), TEST_PLAIN(test_upgrade),
                                      TEST_PLAIN(test_set)};
    return test_main(cases, TEST_COUNT(cases), NULL, NULL);
}
