/*
 * test_util.h: helpers shared by the unit tests (static inline, nothing to
 * link): a temporary SQLite database (a fresh path, a store opened on it,
 * the store fixture of cmocka setup and teardown, its removal with the
 * -wal and -shm files), a temporary directory for a database, removing a
 * temporary directory tree, ISO 8601 times that fail the test when bad,
 * indicators as the tests write them, and the audit trail as text.
 *
 * Only for tests that link the store (gisac_store or a module above it):
 * the helpers call nothing higher. Helpers of a higher module live in a
 * header of their own (test_incident_util.h).
 *
 * Not a test itself (the unit-test glob builds tests/unit/test_*.c only).
 * Includes cmocka with its prelude, so it may come before or after
 * <cmocka.h>. The helpers return -1 rather than failing, where they are
 * meant for cmocka setup functions (a setup returning -1 fails the test).
 */
#ifndef GISAC_TESTS_UNIT_TEST_UTIL_H
#define GISAC_TESTS_UNIT_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/store.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * test_db_path: fill path (size bytes) from tmpl, a mkstemp template such
 * as "/tmp/gisac-store-XXXXXX", with a unique name that does not exist
 * yet (the file mkstemp made is removed, so that a store creates it).
 * 0, or -1 when tmpl does not fit or mkstemp fails.
 */
static inline int test_db_path(char *path, size_t size, const char *tmpl)
{
    if (strlen(tmpl) >= size)
        return -1;
    strcpy(path, tmpl);
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    unlink(path);
    return 0;
}

/*
 * test_store_new: test_db_path, then store_open on that path; *s is the
 * caller's to store_close (and the path's to test_db_remove). 0, or -1.
 */
static inline int test_store_new(char *path, size_t size, const char *tmpl, store **s)
{
    gisac_err err;
    if (test_db_path(path, size, tmpl) < 0)
        return -1;
    if (store_open(path, s, &err) < 0)
        return -1;
    return 0;
}

/*
 * test_tmp_db: make a temporary directory dir (64 bytes) from tmpl, a
 * mkdtemp template such as "/tmp/gisac-report-XXXXXX", and set db (size
 * bytes) to dir/g.db; remove it with test_rm_tree(dir). 0, or -1.
 */
static inline int test_tmp_db(char dir[64], char *db, size_t size, const char *tmpl)
{
    if (snprintf(dir, 64, "%s", tmpl) >= 64 || !mkdtemp(dir))
        return -1;
    return snprintf(db, size, "%s/g.db", dir) < (int)size ? 0 : -1;
}

/*
 * test_db_remove: unlink the database at path, its "-wal", "-shm" and
 * ".snap" (the compiled match snapshot) files and, when extra is not NULL, path followed by extra
 * (e.g. ".key").
 */
static inline void test_db_remove(const char *path, const char *extra)
{
    const char *suffix[] = {"", "-wal", "-shm", ".snap", extra};
    size_t n = extra ? 5 : 4;
    char p[512];
    for (size_t i = 0; i < n; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
}

/* The end of a test on the database at path: its files (and path+extra)
 * removed, the clock (GISAC_NOW) back to the real one. */
static inline void test_db_done(const char *path, const char *extra)
{
    test_db_remove(path, extra);
    unsetenv("GISAC_NOW");
}

/*
 * test_store_setup, test_store_teardown: the bodies of a cmocka setup and
 * teardown for a fresh store a test: test_store_new into path (size
 * bytes, a static of the test file) from tmpl, the store as *state; then
 * store_close and test_db_remove(path, NULL).
 */
static inline int test_store_setup(void **state, char *path, size_t size, const char *tmpl)
{
    store *s;
    if (test_store_new(path, size, tmpl, &s) < 0)
        return -1;
    *state = s;
    return 0;
}

static inline int test_store_teardown(void **state, const char *path)
{
    store_close(*state);
    test_db_remove(path, NULL);
    return 0;
}

/* test_rm_tree: remove path, a file or a directory with all below it. */
static inline void test_rm_tree(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        unlink(path);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char p[512];
        if (snprintf(p, sizeof p, "%s/%s", path, e->d_name) >= (int)sizeof p)
            continue; /* longer than any temporary path of the tests */
        struct stat sb;
        if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
            test_rm_tree(p);
        else
            unlink(p);
    }
    closedir(d);
    rmdir(path);
}

/* test_write_file: write text to path (created or emptied first). 0, or -1. */
static inline int test_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    int rc = fputs(text, f) < 0 ? -1 : 0;
    return fclose(f) != 0 ? -1 : rc;
}

/* test_at: the time of an ISO 8601 string; fails the test ("bad time ...") when it is not one. */
static inline int64_t test_at(const char *iso)
{
    int64_t t = 0;
    if (gisac_time_parse(iso, strlen(iso), &t) < 0)
        fail_msg("bad time %s", iso);
    return t;
}

/* test_assert_time: t in ISO 8601 UTC ("null" for 0) is iso. */
static inline void test_assert_time(int64_t t, const char *iso)
{
    char s[GISAC_TIME_LEN];
    if (!t)
        snprintf(s, sizeof s, "null");
    else
        gisac_time_format(t, s);
    assert_string_equal(s, iso);
}

/*
 * test_indicator: an indicator of type t and value v as the tests write
 * them: confidence unknown (-1), TLP green, matchable, created and
 * modified at `at`, everything else zero (for the caller to change).
 */
static inline store_indicator test_indicator(ioc_type t, const char *v, int64_t at)
{
    store_indicator i;
    memset(&i, 0, sizeof i);
    i.type = t;
    i.value = v;
    i.confidence = -1;
    i.tlp = TLP_GREEN;
    i.matchable = 1;
    i.created = i.modified = at;
    return i;
}

/*
 * test_indicator_add: insert *i into s, with the range of its value
 * (ioc_range_hex) when ranged and the value has one, and return its id
 * (also in i->id); fails the test ("indicator VALUE: why") when the store
 * refuses it.
 */
static inline int64_t test_indicator_add(store *s, store_indicator *i, int ranged)
{
    char lo[33], hi[33];
    if (ranged && ioc_range_hex(i->type, i->value, lo, hi) == 0) {
        i->range_lo = lo;
        i->range_hi = hi;
    }
    gisac_err err = GISAC_ERR_INIT;
    int rc = store_indicator_insert(s, i, &err);
    if (ranged)
        i->range_lo = i->range_hi = NULL; /* lo and hi end here */
    if (rc < 0)
        fail_msg("indicator %s: %s", i->value, err.msg);
    return i->id;
}

/*
 * test_text: text a test collects, from the callbacks of an iteration:
 * test_textf appends a printf-formatted piece, after sep when the text is
 * not empty and sep is not NULL; what does not fit is cut off. Start from
 * {""} (or s[0] = '\0').
 */
typedef struct test_text {
    char s[8192];
} test_text;

__attribute__((format(printf, 3, 4))) static inline void test_textf(test_text *t, const char *sep,
                                                                    const char *fmt, ...)
{
    size_t n = strlen(t->s);
    if (n && sep)
        n += (size_t)snprintf(t->s + n, sizeof t->s - n, "%s", sep);
    if (n >= sizeof t->s)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->s + n, sizeof t->s - n, fmt, ap);
    va_end(ap);
}

/*
 * test_lines: lines a test collects, one an item of an iteration:
 * test_linef adds one, printf-formatted and cut to fit; the first 64 are
 * kept, n counts them all. Start from {0} (or memset).
 */
typedef struct test_lines {
    int n;
    char line[64][160];
} test_lines;

__attribute__((format(printf, 2, 3))) static inline void test_linef(test_lines *l, const char *fmt,
                                                                    ...)
{
    if (l->n < 64) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(l->line[l->n], sizeof l->line[0], fmt, ap);
        va_end(ap);
    }
    l->n++;
}

/*
 * The audit trail as text, one "actor|action|object|detail" line an entry
 * ("-" for no object or detail), each led by "TIME|" (ISO 8601) when
 * timed. test_audit_read collects the entries of s after seq `after`
 * (only those of action when it is not NULL) into t and returns its text;
 * test_audit_expect asserts that the entries after *after read want, and
 * moves *after past them.
 */
typedef struct test_audit {
    test_text text;
    int64_t last; /* the seq of the last entry read (after, when none) */
    int timed;
    const char *action;
} test_audit;

static inline int test_audit_line(void *ctx, const store_audit_entry *e)
{
    test_audit *t = ctx;
    if (t->action && strcmp(e->action, t->action) != 0)
        return 0;
    if (t->timed) {
        char ts[GISAC_TIME_LEN];
        gisac_time_format(e->ts, ts);
        test_textf(&t->text, NULL, "%s|", ts);
    }
    test_textf(&t->text, NULL, "%s|%s|%s|%s\n", e->actor, e->action, e->object ? e->object : "-",
               e->detail ? e->detail : "-");
    t->last = e->seq;
    return 0;
}

static inline const char *test_audit_read(store *s, int64_t after, int timed, const char *action,
                                          test_audit *t)
{
    t->text.s[0] = '\0';
    t->last = after;
    t->timed = timed;
    t->action = action;
    gisac_err err;
    assert_int_equal(store_audit_iter(s, after, test_audit_line, t, &err), 0);
    return t->text.s;
}

static inline void test_audit_expect(store *s, int64_t *after, int timed, const char *want)
{
    test_audit t;
    assert_string_equal(test_audit_read(s, *after, timed, NULL, &t), want);
    *after = t.last;
}

#endif
