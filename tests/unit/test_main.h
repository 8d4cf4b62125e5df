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
 * or, where main does nothing else, the same in one line:
 *
 *   TEST_MAIN(setup, teardown, TEST_CASE(test_a), TEST_CASE(test_b))
 *
 * Each TEST_CASE runs between setup and teardown (either may be NULL), as
 * cmocka_unit_test_setup_teardown would, a TEST_PLAIN case without them;
 * the names cmocka prints are the functions' names. test_main_group (and
 * TEST_MAIN_GROUP) also runs group_setup and group_teardown around the
 * whole list.
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

/*
 * TEST_COUNTER(name, type): define `static int name(void *ctx, const type
 * *item)`, an iteration callback that counts the items it is handed in the
 * int at ctx and always goes on (returns 0). A macro because each
 * iteration takes a callback typed for its items.
 */
#define TEST_COUNTER(name, type)                                                                   \
    static int name(void *ctx, const type *item)                                                   \
    {                                                                                              \
        (void)item;                                                                                \
        ++*(int *)ctx;                                                                             \
        return 0;                                                                                  \
    }

/*
 * TEST_MAIN_GROUP, TEST_MAIN: define main() as the example above: the
 * cases (TEST_CASE or TEST_PLAIN, the arguments after the fixtures) run by
 * test_main_group; TEST_MAIN without group fixtures. A macro because main
 * is the one function C gives no other way to write once.
 */
#define TEST_MAIN_GROUP(setup, teardown, group_setup, group_teardown, ...)                         \
    int main(void)                                                                                 \
    {                                                                                              \
        static const test_case cases_[] = {__VA_ARGS__};                                           \
        return test_main_group(cases_, TEST_COUNT(cases_), setup, teardown, group_setup,           \
                               group_teardown);                                                    \
    }
#define TEST_MAIN(setup, teardown, ...) TEST_MAIN_GROUP(setup, teardown, NULL, NULL, __VA_ARGS__)

#endif
