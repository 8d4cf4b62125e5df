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

static inline int test_intel_open(const char *db_path, intel **out, gisac_err *err)
{
    store *s;
    int rc = store_open(db_path, &s, err);
    if (rc == 0 && (rc = intel_new(s, out, err)) < 0)
        store_close(s);
    return rc;
}

static inline void test_intel_close(intel *in)
{
    if (!in)
        return;
    store *s = intel_store(in);
    intel_close(in);
    store_close(s);
}

static inline int test_auth_open(const char *db_path, auth **out, gisac_err *err)
{
    store *s;
    int rc = store_open(db_path, &s, err);
    if (rc < 0)
        return rc;
    char *key = gisac_path_suffix(db_path, ".key");
    rc = key ? auth_new(s, key, out, err) : gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    free(key);
    if (rc < 0)
        store_close(s);
    return rc;
}

static inline void test_auth_close(auth *a)
{
    if (!a)
        return;
    store *s = auth_store(a);
    auth_close(a);
    store_close(s);
}

static inline int test_incident_svc_open(const char *db_path, incident_svc **out, gisac_err *err)
{
    store *s;
    int rc = store_open(db_path, &s, err);
    if (rc < 0)
        return rc;
    char *dir = gisac_path_suffix(db_path, ".evidence");
    rc = dir ? incident_svc_new(s, dir, out, err)
             : gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    free(dir);
    if (rc < 0)
        store_close(s);
    return rc;
}

static inline void test_incident_svc_free(incident_svc *svc)
{
    if (!svc)
        return;
    store *s = incident_svc_store(svc);
    incident_svc_free(svc);
    store_close(s);
}

#endif
