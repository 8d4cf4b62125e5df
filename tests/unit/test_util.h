/*
 * test_util.h: helpers shared by the unit tests (static inline, nothing to
 * link): a temporary SQLite database (a fresh path, a store opened on it,
 * its removal with the -wal and -shm files), removing a temporary
 * directory tree, and ISO 8601 times that fail the test when bad.
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
 * test_db_remove: unlink the database at path, its "-wal" and "-shm"
 * files and, when extra is not NULL, path followed by extra (e.g. ".key").
 */
static inline void test_db_remove(const char *path, const char *extra)
{
    const char *suffix[] = {"", "-wal", "-shm", extra};
    size_t n = extra ? 4 : 3;
    char p[512];
    for (size_t i = 0; i < n; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
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

/* test_at: the time of an ISO 8601 string; fails the test ("bad time ...") when it is not one. */
static inline int64_t test_at(const char *iso)
{
    int64_t t = 0;
    if (gisac_time_parse(iso, strlen(iso), &t) < 0)
        fail_msg("bad time %s", iso);
    return t;
}

#endif
