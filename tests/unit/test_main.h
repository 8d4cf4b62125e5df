/*
 * test_main.h: the main() of a cmocka test program, from a list of test
 * functions (header-only; needs only cmocka, include it after <cmocka.h>).
 *
 *   int main(void)
 *   {
 *       static const test_case cases[] = {TEST_CASE(test_a), TEST_CASE(test_b)};
 *       return test_main(cases, TEST_COUNT(cases), setup, teardown);
 *   }
 *
 * Each TEST_CASE runs between setup and teardown (either may be NULL), as
 * cmocka_unit_test_setup_teardown would, a TEST_PLAIN case without them;
 * the names cmocka prints are the functions' names. test_main_group also
 * runs group_setup and group_teardown around the whole list.
 */
#ifndef GISAC_TEST_MAIN_H
#define GISAC_TEST_MAIN_H

#include <stdio.h>
#include <stdlib.h>

typedef struct test_case {
    const char *name;
    CMUnitTestFunction fn;
    int plain; /* 1: without the per-test setup and teardown */
} test_case;

// clang-format off
#define TEST_CASE(f)  {#f, f, 0}
#define TEST_PLAIN(f) {#f, f, 1}
// clang-format on
#define TEST_COUNT(a) (sizeof(a) / sizeof((a)[0]))

static inline int test_main_group(const test_case *cases, size_t n, CMFixtureFunction setup,
                                  CMFixtureFunction teardown, CMFixtureFunction group_setup,
                                  CMFixtureFunction group_teardown)
{
    struct CMUnitTest *t = calloc(n, sizeof *t);
    if (!t) {
        fputs("test_main: out of memory\n", stderr);
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        t[i].name = cases[i].name;
        t[i].test_func = cases[i].fn;
        t[i].setup_func = cases[i].plain ? NULL : setup;
        t[i].teardown_func = cases[i].plain ? NULL : teardown;
    }
    int rc = _cmocka_run_group_tests("tests", t, n, group_setup, group_teardown);
    free(t);
    return rc;
}

static inline int test_main(const test_case *cases, size_t n, CMFixtureFunction setup,
                            CMFixtureFunction teardown)
{
    return test_main_group(cases, n, setup, teardown, NULL, NULL);
}

#endif
