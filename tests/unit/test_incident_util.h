/*
 * test_incident_util.h: the fixture of the unit tests that link the
 * incident service (test_incident*, test_report*, test_app*): an
 * incident service on a fresh database in a temporary directory, with an
 * auth handle on its store and agencies, and the cmocka setup and
 * teardown that make it a test.
 *
 * Only for tests that link gisac_incident (or a module above it); the
 * store-level helpers are in test_util.h, which this includes.
 */
#ifndef GISAC_TESTS_UNIT_TEST_INCIDENT_UTIL_H
#define GISAC_TESTS_UNIT_TEST_INCIDENT_UTIL_H

#include "test_svc_util.h"
#include "test_util.h"

#include "incident/incident.h"

/*
 * One test's incident service: dir is removed by test_incident_close;
 * ind and nind are for what a test file writes (ids of the indicators
 * its setup made, or how many it made so far).
 */
typedef struct test_incident_fx {
    char dir[64];
    char db[128]; /* dir/g.db */
    incident_svc *svc;
    auth *auth; /* NULL unless opened by test_incident_open_auth */
    int64_t ind[8];
    int nind;
} test_incident_fx;

/* An agency to add: its id, sector and supervising agency (NULL: none). */
typedef struct test_agency {
    const char *id;
    const char *sector;
    const char *parent;
} test_agency;

/*
 * test_agencies_add: add the n agencies of ag to a (named "Agency", grade
 * A, on 2026-01-01). 0, or -1 (with the reason in err) at the first
 * refused.
 */
static inline int test_agencies_add(auth *a, const test_agency *ag, size_t n, gisac_err *err)
{
    for (size_t i = 0; i < n; i++) {
        auth_agency_change v = {"Agency", ag[i].sector, "A", ag[i].parent, NULL};
        if (auth_agency_add(a, ag[i].id, &v, test_at("2026-01-01T00:00:00Z"), NULL, err) < 0)
            return -1;
    }
    return 0;
}

/* test_incident_open: the directory (from tmpl, see test_tmp_db) and the service. 0, or -1. */
static inline int test_incident_open(test_incident_fx *x, const char *tmpl)
{
    gisac_err err;
    if (test_tmp_db(x->dir, x->db, sizeof x->db, tmpl) < 0)
        return -1;
    return test_incident_svc_open(x->db, &x->svc, &err) < 0 ? -1 : 0;
}

/*
 * test_incident_open_auth: test_incident_open, the actor "test:runner",
 * an auth handle with its key at db.key, and the n agencies of ag.
 * 0, or -1.
 */
static inline int test_incident_open_auth(test_incident_fx *x, const char *tmpl,
                                          const test_agency *ag, size_t n)
{
    gisac_err err;
    if (test_incident_open(x, tmpl) < 0)
        return -1;
    store_set_actor(incident_svc_store(x->svc), "test:runner");
    char key[sizeof x->db + 8];
    snprintf(key, sizeof key, "%s.key", x->db);
    if (auth_new(incident_svc_store(x->svc), key, &x->auth, &err) < 0)
        return -1;
    return test_agencies_add(x->auth, ag, n, &err);
}

/* test_incident_close: close what is open and remove the directory. */
static inline void test_incident_close(test_incident_fx *x)
{
    if (x->auth)
        auth_close(x->auth);
    test_incident_svc_free(x->svc);
    test_rm_tree(x->dir);
}

/* test_incident_setup, test_incident_teardown: test_incident_open_auth on a new fixture as *state,
 * and its end. */
static inline int test_incident_setup(void **state, const char *tmpl, const test_agency *ag,
                                      size_t n)
{
    test_incident_fx *x = calloc(1, sizeof *x);
    if (!x || test_incident_open_auth(x, tmpl, ag, n) < 0)
        return -1;
    *state = x;
    return 0;
}

static inline int test_incident_teardown(void **state)
{
    test_incident_close(*state);
    free(*state);
    return 0;
}

/*
 * test_incident_input: a report's input as the tests start one: the
 * agency, title and asset, the time the agency became aware (0: none),
 * everything else zero for the caller to set.
 */
static inline incident_input test_incident_input(const char *agency, const char *title,
                                                 const char *asset, int64_t aware_at)
{
    return (incident_input){.agency = agency, .title = title, .asset = asset, .aware_at = aware_at};
}

#endif
