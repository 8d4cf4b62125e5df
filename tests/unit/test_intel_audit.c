/*
 * test_intel_audit.c: every write of the intel service leaves exactly the
 * expected audit entries: the built-in allowlist seed, an import, a
 * revocation, allowlist additions and removals; failed writes leave none.
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

TEST_INTEL_FEED_FIXTURE("/tmp/gisac-intel-audit-XXXXXX", "2026-11-24T00:00:00Z",
                        "evil.example\n198.51.100.7\nbad.test\n10.0.0.1\n")

/* Check the entries (with their times) written since the last call and move past them. */
static void expect(intel *in, int64_t *after, const char *want)
{
    test_audit_expect(intel_store(in), after, 1, want);
}

static void test_intel_writes(void **state)
{
    intel *in = *state;
    gisac_err err;
    int64_t seq = 0;
    /* opening a new database seeds the built-in allowlist, as the system */
    expect(in, &seq,
           "2026-11-24T00:00:00Z|system|allowlist.seed|-|{\"version\":\"1\",\"added\":67}\n");
    store_set_actor(intel_store(in), "cli:tester");

    intel_import_opts o = {
        .format = FEED_PLAIN, .source = "osint", .tlp = TLP_UNSET, .confidence = -1};
    intel_import_summary sum;
    const char *paths[] = {feedpath};
    assert_int_equal(intel_import(in, paths, 1, &o, NULL, &sum, &err), 0);
    char want[1024];
    snprintf(want, sizeof want,
             "2026-11-24T00:00:00Z|cli:tester|feed.import|osint|{\"files\":[\"%s\"],"
             "\"imported\":3,\"merged\":0,\"unchanged\":0,\"rejected\":0,\"allowlisted\":1}\n",
             feedpath);
    expect(in, &seq, want);

    assert_int_equal(intel_revoke(in, "EVIL[.]example", "a test", &err), 0);
    expect(in, &seq,
           "2026-11-24T00:00:00Z|cli:tester|indicator.revoke|evil.example|{\"type\":\"domain\","
           "\"reason\":\"a test\"}\n");
    assert_int_equal(intel_revoke(in, "nothere.example", "a test", &err), GISAC_ENOTFOUND);
    assert_int_equal(intel_revoke(in, "not a value", "a test", &err), GISAC_EINVAL);
    expect(in, &seq, "");

    setenv("GISAC_NOW", "2026-11-24T01:00:00Z", 1);
    size_t n = 0;
    assert_int_equal(intel_allow_add(in, "198.51.100.0/24", "our \"lab\"", &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(intel_allow_add(in, "bad.test", NULL, &n, &err), 0);
    expect(in, &seq,
           "2026-11-24T01:00:00Z|cli:tester|allowlist.add|198.51.100.0/24|{\"type\":\"cidr\","
           "\"comment\":\"our \\\"lab\\\"\",\"flagged\":1}\n"
           "2026-11-24T01:00:00Z|cli:tester|allowlist.add|bad.test|{\"type\":\"domain\","
           "\"flagged\":1}\n");
    assert_int_equal(intel_allow_add(in, "bad.test", NULL, &n, &err), GISAC_EEXIST);
    expect(in, &seq, "");
    assert_int_equal(intel_allow_remove(in, "198.51.100.0/24", &n, &err), 0);
    assert_int_equal(n, 1);
    expect(in, &seq,
           "2026-11-24T01:00:00Z|cli:tester|allowlist.remove|198.51.100.0/24|{\"type\":\"cidr\","
           "\"unflagged\":1}\n");
    assert_int_equal(intel_allow_remove(in, "198.51.100.0/24", &n, &err), GISAC_ENOTFOUND);
    expect(in, &seq, "");

    /* opening again seeds nothing */
    intel *in2;
    assert_int_equal(test_intel_open(dbpath, &in2, &err), 0);
    test_intel_close(in2);
    expect(in, &seq, "");
}

TEST_MAIN(setup, teardown, TEST_CASE(test_intel_writes))
