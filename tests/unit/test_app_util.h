/*
 * test_app_util.h: an app on a fresh database for the tests of the app
 * layer's account rules (test_app_auth, test_app_session): opened as the
 * CLI opens it ("cli:test"), password hashing made fast, and agencies added
 * by the local operator.
 */
#ifndef GISAC_TESTS_UNIT_TEST_APP_UTIL_H
#define GISAC_TESTS_UNIT_TEST_APP_UTIL_H

#include "app/app.h"
#include "test_util.h"

#include <stdlib.h>

/*
 * test_app_new: test_db_path into path (size bytes) from tmpl, fast
 * password hashing, then app_open (creating the store) as *a with the
 * local operator in *op. 0, or -1.
 */
static inline int test_app_new(char *path, size_t size, const char *tmpl, app **a,
                               auth_principal *op)
{
    if (test_db_path(path, size, tmpl) < 0)
        return -1;
    setenv("GISAC_PWHASH_FAST", "1", 1);
    gisac_err err = GISAC_ERR_INIT;
    app_config cfg = {path, APP_OPEN_CREATE, "cli:test"};
    if (app_open(&cfg, a, &err) < 0)
        return -1;
    *op = app_operator(*a);
    return 0;
}

/* test_app_done: close a, remove the database at path and its key, the clock and hashing back. */
static inline void test_app_done(app *a, const char *path)
{
    app_close(a);
    test_db_done(path, ".key");
    unsetenv("GISAC_PWHASH_FAST");
}

/*
 * test_app_teardown: the cmocka teardown of a fixture *state that was
 * malloc'd and holds its app as its first member: test_app_done(that app,
 * path), then the fixture freed. 0.
 */
static inline int test_app_teardown(void **state, const char *path)
{
    app **first = *state;
    test_app_done(*first, path);
    free(*state);
    return 0;
}

/* test_app_agency_add: the agency id ("Agency", grade A) added by op. 0, or -1. */
static inline int test_app_agency_add(app *a, const auth_principal *op, const char *id)
{
    gisac_err err = GISAC_ERR_INIT;
    auth_agency_change v = {"Agency", NULL, "A", NULL, NULL};
    auth_agency ag;
    return app_agency_add(a, op, id, &v, &ag, &err) < 0 ? -1 : 0;
}

#endif
