/*
 * test_store_share.c: the share generation (store_share_version). It moves
 * once per commit that wrote shared data, seen by other connections; not
 * for sightings, nor for a rolled-back write; a write outside a
 * transaction moves it at once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "store/store.h"
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dbpath[64];

static int64_t gen(store *s)
{
    int64_t v = -1;
    gisac_err err;
    assert_int_equal(store_share_version(s, &v, &err), 0);
    return v;
}

static int64_t add(store *s, const char *v)
{
    store_indicator i = test_indicator(IOC_DOMAIN, v, 1000);
    return test_indicator_add(s, &i, 0);
}

static void test_share_generation(void **state)
{
    (void)state;
    assert_int_equal(test_db_path(dbpath, sizeof dbpath, "/tmp/gisac-share-XXXXXX"), 0);
    store *a, *b;
    gisac_err err;
    assert_int_equal(store_open(dbpath, &a, &err), 0);
    assert_int_equal(store_open(dbpath, &b, &err), 0);
    assert_int_equal(gen(a), 0); /* never written */

    /* one commit with two shared writes: one step, seen by the other connection */
    assert_int_equal(store_begin(a, &err), 0);
    int64_t id = add(a, "one.example");
    add(a, "two.example");
    assert_int_equal(gen(b), 0); /* not yet committed */
    assert_int_equal(store_commit(a, &err), 0);
    assert_int_equal(gen(a), 1);
    assert_int_equal(gen(b), 1);

    /* sightings are not shared data */
    assert_int_equal(store_begin(b, &err), 0);
    assert_int_equal(store_sighting_add(b, id, "moda", 2000, 2001, 3, &err), 0);
    assert_int_equal(store_commit(b, &err), 0);
    assert_int_equal(gen(a), 1);

    /* a rolled-back write leaves it */
    assert_int_equal(store_begin(a, &err), 0);
    add(a, "three.example");
    store_rollback(a);
    assert_int_equal(gen(b), 1);
    /* and the next transaction does not inherit the rolled-back mark */
    assert_int_equal(store_begin(a, &err), 0);
    assert_int_equal(store_sighting_add(a, id, "moda", 2002, 2003, 1, &err), 0);
    assert_int_equal(store_commit(a, &err), 0);
    assert_int_equal(gen(b), 1);

    /* a write outside a transaction moves it at once */
    assert_int_equal(store_indicator_revoke(b, IOC_DOMAIN, "two.example", 3000, &err), 0);
    assert_int_equal(gen(a), 2);

    /* the allowlist is shared data */
    assert_int_equal(store_begin(a, &err), 0);
    assert_int_equal(store_indicator_set_allowlisted(a, id, 1, 3001, &err), 0);
    assert_int_equal(store_commit(a, &err), 0);
    assert_int_equal(gen(b), 3);

    store_close(a);
    store_close(b);
    test_db_remove(dbpath, NULL);
}

TEST_MAIN(NULL, NULL, TEST_CASE(test_share_generation))
