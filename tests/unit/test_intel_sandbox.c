/*
 * test_intel_sandbox.c: imports parse their files in the sandbox
 * (intel_set_parsing): a parser that opens a file, makes a socket or
 * writes to the database's descriptors is stopped, one that loops is
 * stopped by its CPU limit, and then the import fails with a clear error
 * and nothing is stored; the sandboxed import stores what the import in
 * this process stores.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "intel/intel.h"
#include "test_svc_util.h"
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

TEST_INTEL_FEED_FIXTURE("/tmp/gisac-intel-sb-XXXXXX", "2026-11-24T00:00:00Z",
                        "evil.example\n198.51.100.7\nbad.test\n10.0.0.1\nnot a value\n")

/* intel_import of the feed file (plain, source "osint"): its return, the summary in *sum */
static int import_feed(intel *in, intel_import_summary *sum, gisac_err *err)
{
    intel_import_opts o = {
        .format = FEED_PLAIN, .source = "osint", .tlp = TLP_UNSET, .confidence = -1};
    const char *paths[] = {feedpath};
    return intel_import(in, paths, 1, &o, NULL, sum, err);
}

/* the test helper's hostile kinds (tests/unit/parse_test_helper.c): a good
 * record first, so that something would be stored if it were kept, then
 * opening /etc/passwd, a socket, writing to every descriptor the parent may
 * hold (the database's among them) but the pipe, looping */
static void expect_refused(intel *in, const char *kind, const char *what)
{
    intel_parsing p = {.cpu_seconds = 1, .kind = kind};
    intel_set_parsing(in, &p);
    intel_import_summary sum;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(import_feed(in, &sum, &err), GISAC_EABORT);
    char want[512];
    snprintf(want, sizeof want, "%s: the sandboxed parser %s and was stopped; nothing was imported",
             feedpath, what);
    assert_string_equal(err.msg, want);
    /* nothing stored: no indicator, no audit entry of an import */
    int empty = 0;
    assert_int_equal(store_indicator_empty(intel_store(in), &empty, &err), 0);
    assert_int_equal(empty, 1);
    int64_t seq = 0;
    test_audit_expect(intel_store(in), &seq, 1,
                      "2026-11-24T00:00:00Z|system|allowlist.seed|-|{\"version\":\"1\","
                      "\"added\":67}\n");
}

static void test_hostile_parsers_store_nothing(void **state)
{
    intel *in = *state;
    expect_refused(in, "feed.open", "tried a forbidden system call (openat)");
    expect_refused(in, "feed.socket", "tried a forbidden system call (socket)");
    expect_refused(in, "feed.write_db", "tried a forbidden system call (write)");
    expect_refused(in, "feed.spin", "used its 1 CPU seconds");
    /* the database is whole: the real parsers import into it */
    intel_parsing p = {0};
    intel_set_parsing(in, &p);
    intel_import_summary sum;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(import_feed(in, &sum, &err), 0);
    assert_int_equal(sum.imported, 3);
    assert_int_equal(sum.allowlisted, 1);
    assert_int_equal(sum.rejected, 1);
}

/* the same summary and the same rows, in the sandbox or not */
static void test_same_as_in_process(void **state)
{
    intel *in = *state;
    char db2[64];
    assert_int_equal(test_db_path(db2, sizeof db2, "/tmp/gisac-intel-sb2-XXXXXX"), 0);
    intel *in2;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(test_intel_open(db2, &in2, &err), 0);
    intel_parsing here = {.no_sandbox = 1};
    intel_set_parsing(in2, &here);
    intel_parsing got;
    intel_get_parsing(in, &got);
    assert_int_equal(got.no_sandbox, 0); /* the default: sandboxed */

    intel_import_opts o = {.source = "osint", .tlp = TLP_UNSET, .confidence = -1};
    intel_import_summary a, b;
    const char *paths[] = {feedpath};
    assert_int_equal(intel_import(in, paths, 1, &o, NULL, &a, &err), 0);
    assert_int_equal(intel_import(in2, paths, 1, &o, NULL, &b, &err), 0);
    assert_int_equal(a.records, b.records);
    assert_int_equal(a.imported, b.imported);
    assert_int_equal(a.rejected, b.rejected);
    assert_int_equal(a.allowlisted, b.allowlisted);
    assert_int_equal(a.warnings, b.warnings);
    assert_int_equal(a.imported, 3);
    test_intel_close(in2);
    test_db_done(db2, NULL);
}

TEST_MAIN(setup, teardown, TEST_CASE(test_hostile_parsers_store_nothing),
          TEST_CASE(test_same_as_in_process))
