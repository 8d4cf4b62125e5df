/*
 * test_svc_util.h: a service on a store of its own, as the tests open
 * them: test_intel_open, test_auth_open (its key at "<db>.key") and
 * test_incident_svc_open (its evidence under "<db>.evidence") open the
 * store at db_path and the service on it (the store closed again when the
 * service fails); test_intel_close, test_auth_close and
 * test_incident_svc_free close both (NULL: nothing).
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

#endif
