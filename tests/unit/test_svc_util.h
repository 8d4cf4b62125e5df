/*
 * test_svc_util.h: a service on a store of its own, as the tests open
 * them: test_intel_open, test_auth_open (its key at "<db>.key") and
 * test_incident_svc_open (its evidence under "<db>.evidence") open the
 * store at db_path and the service on it (the store closed again when the
 * service fails); test_intel_close, test_auth_close and
 * test_incident_svc_free close both (NULL: nothing). test_intel_setup,
 * test_auth_setup and their teardowns are the cmocka fixtures of a test
 * on one such service.
 *
 * static inline, nothing to link: a test links only the modules whose
 * helpers it calls.
 */
#ifndef GISAC_TESTS_UNIT_TEST_SVC_UTIL_H
#define GISAC_TESTS_UNIT_TEST_SVC_UTIL_H

#include "auth/auth.h"
#include "incident/incident.h"
#include "intel/intel.h"
#include "store/store.h"
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>

/*
 * The store at db_path and, when suffix is not NULL, the side path
 * db_path+suffix (*side, freed by the caller) for a service's _new. On
 * failure nothing is left open.
 */
static inline int test_svc_store(const char *db_path, const char *suffix, store **s, char **side,
                                 gisac_err *err)
{
    int rc = store_open(db_path, s, err);
    if (rc == 0 && suffix && !(*side = gisac_path_suffix(db_path, suffix))) {
        store_close(*s);
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    return rc;
}

/* The end of a _new: on failure its store is closed. */
static inline int test_svc_made(int rc, store *s, char *side)
{
    free(side);
    if (rc < 0)
        store_close(s);
    return rc;
}

static inline int test_intel_open(const char *db_path, intel **out, gisac_err *err)
{
    store *s;
    int rc = test_svc_store(db_path, NULL, &s, NULL, err);
    return rc < 0 ? rc : test_svc_made(intel_new(s, out, err), s, NULL);
}

static inline int test_auth_open(const char *db_path, auth **out, gisac_err *err)
{
    store *s;
    char *key;
    int rc = test_svc_store(db_path, ".key", &s, &key, err);
    return rc < 0 ? rc : test_svc_made(auth_new(s, key, out, err), s, key);
}

static inline int test_incident_svc_open(const char *db_path, incident_svc **out, gisac_err *err)
{
    store *s;
    char *dir;
    int rc = test_svc_store(db_path, ".evidence", &s, &dir, err);
    return rc < 0 ? rc : test_svc_made(incident_svc_new(s, dir, out, err), s, dir);
}

/* Close a service opened above, and its store. */
static inline void test_intel_close(intel *in)
{
    store *s = in ? intel_store(in) : NULL;
    intel_close(in);
    store_close(s);
}

static inline void test_auth_close(auth *a)
{
    store *s = a ? auth_store(a) : NULL;
    auth_close(a);
    store_close(s);
}

static inline void test_incident_svc_free(incident_svc *svc)
{
    store *s = svc ? incident_svc_store(svc) : NULL;
    incident_svc_free(svc);
    store_close(s);
}

/*
 * The fixture of a test on one service with a fresh database, the clock
 * (GISAC_NOW) at now:
 * - test_intel_setup: a fresh path in db_path (size bytes) from tmpl, a
 *   mkstemp template (test_db_path); when feed is not NULL, the file
 *   "<db>.txt" holding feed, its path in feed_path (size bytes); intel
 *   opened on it as *state. 0, or -1 (the setup fails).
 * - test_auth_setup: the same without a feed, auth as *state.
 * - test_intel_teardown, test_auth_teardown: the service and its store
 *   closed, the database's files (and db_path+extra when extra is not
 *   NULL) removed, the clock back to the real one. 0.
 */
static inline int test_svc_begin(char *db_path, size_t size, const char *tmpl, const char *now)
{
    if (test_db_path(db_path, size, tmpl) < 0)
        return -1;
    setenv("GISAC_NOW", now, 1);
    return 0;
}

static inline int test_intel_setup(void **state, char *db_path, char *feed_path, size_t size,
                                   const char *tmpl, const char *now, const char *feed)
{
    intel *in;
    gisac_err err;
    if (test_svc_begin(db_path, size, tmpl, now) < 0)
        return -1;
    if (feed && (snprintf(feed_path, size, "%s.txt", db_path) >= (int)size ||
                 test_write_file(feed_path, feed) < 0))
        return -1;
    if (test_intel_open(db_path, &in, &err) < 0)
        return -1;
    *state = in;
    return 0;
}

static inline int test_auth_setup(void **state, char *db_path, size_t size, const char *tmpl,
                                  const char *now)
{
    auth *a;
    gisac_err err;
    if (test_svc_begin(db_path, size, tmpl, now) < 0 || test_auth_open(db_path, &a, &err) < 0)
        return -1;
    *state = a;
    return 0;
}

static inline int test_intel_teardown(void **state, const char *db_path, const char *extra)
{
    test_intel_close(*state);
    test_db_done(db_path, extra);
    return 0;
}

static inline int test_auth_teardown(void **state, const char *db_path, const char *extra)
{
    test_auth_close(*state);
    test_db_done(db_path, extra);
    return 0;
}

/*
 * TEST_INTEL_FEED_FIXTURE(tmpl, now, feed): a test file's static dbpath
 * and feedpath and its cmocka fixtures setup and teardown: intel on a
 * fresh database from the mkstemp template tmpl at the clock now, with
 * the feed file "<db>.txt" holding feed (removed again by teardown).
 */
#define TEST_INTEL_FEED_FIXTURE(tmpl, now, feed)                                                   \
    static char dbpath[64], feedpath[64];                                                          \
    static int setup(void **state)                                                                 \
    {                                                                                              \
        return test_intel_setup(state, dbpath, feedpath, sizeof dbpath, tmpl, now, feed);          \
    }                                                                                              \
    static int teardown(void **state)                                                              \
    {                                                                                              \
        return test_intel_teardown(state, dbpath, ".txt");                                         \
    }

#endif
