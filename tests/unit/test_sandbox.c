/*
 * test_sandbox.c: the sandbox's parse helper (src/sandbox; the test helper
 * gisac-parse-test, tests/unit/parse_test_helper.c): frames and results
 * come back whole; a helper that opens a file, makes a socket, writes to a
 * descriptor of its parent, loops or crashes is stopped with a clear error;
 * the helper is a fresh image that holds nothing of its parent's memory,
 * where a fork would; a missing helper fails the run.
 */
#define _GNU_SOURCE /* syscall() */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "sandbox/sandbox.h"
#include "sandbox_marker.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- the parent's side: frames kept ---------------------------------------- */

typedef struct got {
    unsigned tags[8];
    size_t lens[8];
    char text[8][128];  /* the first frames as text (cut) */
    unsigned char *big; /* a copy of the last frame */
    size_t n;
    int stop_at; /* return GISAC_EABORT at this frame (1-based), 0: never */
} got;

static int on_frame(void *ctx, unsigned tag, const unsigned char *p, size_t n, gisac_err *err)
{
    got *g = ctx;
    if (g->n < 8) {
        g->tags[g->n] = tag;
        g->lens[g->n] = n;
        snprintf(g->text[g->n], sizeof g->text[g->n], "%.*s", (int)n, (const char *)p);
    }
    g->n++;
    free(g->big);
    g->big = malloc(n ? n : 1);
    assert_non_null(g->big);
    memcpy(g->big, p, n);
    if (g->stop_at && (int)g->n == g->stop_at)
        return gisac_err_set(err, GISAC_EABORT, "stopped by the parent at frame %zu", g->n);
    return 0;
}

/* a run of the test helper's kind with args (NULL-terminated) over data */
static int run(const char *what, const char *kind, const char *const *args, const char *data,
               got *g, const sandbox_limits *lim, gisac_err *e)
{
    size_t n = 0;
    while (args && args[n])
        n++;
    sandbox_job job = {kind, args, n, data, data ? strlen(data) : 0};
    return sandbox_run(what, &job, on_frame, g, lim, e);
}

/* runs kind (no args, no data) as what into *g under lim (NULL: the defaults) and asserts
   that it fails with rc and the message want */
static void run_fails(got *g, const char *what, const char *kind, const sandbox_limits *lim, int rc,
                      const char *want)
{
    gisac_err e = GISAC_ERR_INIT;
    assert_int_equal(run(what, kind, NULL, NULL, g, lim, &e), rc);
    assert_string_equal(e.msg, want);
}

/* ---- tests ------------------------------------------------------------------ */

static void test_frames_and_result(void **state)
{
    (void)state;
    got g = {0};
    gisac_err e = GISAC_ERR_INIT;
    assert_int_equal(run("t", "t.frames", NULL, NULL, &g, NULL, &e), 0);
    static const struct {
        unsigned tag;
        size_t len;
    } want[] = {{1, 5}, {2, 5}, {0xffff, 3u << 20}};
    assert_int_equal(g.n, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(g.tags[i], want[i].tag);
        assert_int_equal(g.lens[i], want[i].len);
    }
    for (size_t i = 0; i < (3u << 20); i++)
        if (g.big[i] != (unsigned char)(i * 7 + 3))
            fail_msg("byte %zu differs", i);
    free(g.big);
}

static void test_error_kept(void **state)
{
    (void)state;
    got g = {0};
    gisac_err e = GISAC_ERR_INIT;
    assert_int_equal(run("feed.json", "t.error", NULL, NULL, &g, NULL, &e), GISAC_EINVAL);
    assert_int_equal(e.code, GISAC_EINVAL);
    assert_string_equal(e.msg, "feed.json:3:7: bad pattern");
    assert_string_equal(e.field, "$.objects[2].pattern");
    assert_int_equal(g.n, 1);
    free(g.big);
}

/* a run that fails with rc and the message want_fmt with its %s as sub, no frame kept */
static void expect_failure(const char *what, const char *kind, const char *const *args, int rc,
                           const char *want_fmt, const char *sub)
{
    got g = {0};
    gisac_err e = GISAC_ERR_INIT;
    assert_int_equal(run(what, kind, args, NULL, &g, NULL, &e), rc);
    char want[4400];
    snprintf(want, sizeof want, want_fmt, sub);
    assert_string_equal(e.msg, want);
    assert_int_equal(g.n, 0);
    free(g.big);
}

static void expect_forbidden(const char *kind, const char *const *args, const char *call)
{
    expect_failure("evil.csv", kind, args, GISAC_EABORT,
                   "evil.csv: the sandboxed parser tried a forbidden system call (%s) and was "
                   "stopped; nothing was imported",
                   call);
}

static void test_open_refused(void **state)
{
    (void)state;
    expect_forbidden("t.open", NULL, "openat");
}

static void test_socket_refused(void **state)
{
    (void)state;
    expect_forbidden("t.socket", NULL, "socket");
}

static void test_write_to_parent_fd_refused(void **state)
{
    (void)state;
    char path[] = "/tmp/gisac-sandbox-XXXXXX";
    int tmp = mkstemp(path);
    assert_true(tmp >= 0);
    /* as a database's descriptor would be: not the child's pipe (3) */
    int fd = dup2(tmp, 20);
    assert_int_equal(fd, 20);
    close(tmp);
    const char *args[] = {"20", NULL};
    expect_forbidden("t.write_fd", args, "write");
    struct stat st;
    assert_int_equal(fstat(fd, &st), 0);
    assert_int_equal(st.st_size, 0); /* nothing reached the file */
    close(fd);
    unlink(path);
}

static void test_exec_mapping_refused(void **state)
{
    (void)state;
    expect_forbidden("t.exec_map", NULL, "mmap");
}

static void test_cpu_limit(void **state)
{
    (void)state;
    got g = {0};
    sandbox_limits lim = {1, 0};
    run_fails(&g, "loop.txt", "t.loop", &lim, GISAC_EABORT,
              "loop.txt: the sandboxed parser used its 1 CPU seconds and was "
              "stopped; nothing was imported");
}

static void test_parent_stops(void **state)
{
    (void)state;
    got g = {.stop_at = 10};
    run_fails(&g, "x", "t.many", NULL, GISAC_EABORT, "stopped by the parent at frame 10");
    assert_int_equal(g.n, 10);
    free(g.big);
}

/* a helper that crashes or sends bad frames: the run is aborted, no frame kept */
static void test_crash_and_bad_frames(void **state)
{
    (void)state;
    static const struct {
        const char *kind, *msg;
    } cases[] = {
        {"t.crash", "x: the sandboxed parser was killed by SIGILL (4); nothing was imported"},
        {"t.bad_frame", "x: the sandboxed parser sent a malformed frame (tag 1, 4294967295 bytes)"},
        {"t.cut_frame", "x: the sandboxed parser's results end in a cut frame"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        got g = {0};
        run_fails(&g, "x", cases[i].kind, NULL, GISAC_EABORT, cases[i].msg);
        assert_int_equal(g.n, 0);
    }
}

static void test_input_and_args(void **state)
{
    (void)state;
    got g = {0};
    gisac_err e = GISAC_ERR_INIT;
    const char *args[] = {"name=a b.csv", "", "column=3", NULL};
    assert_int_equal(run("in.csv", "t.echo", args, "ip\n192.0.2.1\n", &g, NULL, &e), 0);
    assert_int_equal(g.n, 4);
    assert_string_equal(g.text[0], "ip\n192.0.2.1\n");
    assert_string_equal(g.text[1], "name=a b.csv");
    assert_int_equal(g.lens[2], 0);
    assert_string_equal(g.text[3], "column=3");
    free(g.big);
    /* no bytes at all */
    got h = {0};
    assert_int_equal(run("empty", "t.echo", NULL, "", &h, NULL, &e), 0);
    assert_int_equal(h.n, 1);
    assert_int_equal(h.lens[0], 0);
    free(h.big);
}

/*
 * A secret in this process's memory, as a key derived from the
 * installation's would be: the helper, a fresh image, does not hold it,
 * though it scans all its memory; a fork of this process does.
 */
static void test_fresh_image(void **state)
{
    (void)state;
    unsigned char *secret = malloc(MARKER_PREFIX + MARKER_SECRET);
    assert_non_null(secret);
    marker_prefix(secret);
    assert_int_equal(getrandom(secret + MARKER_PREFIX, MARKER_SECRET, 0), MARKER_SECRET);
    char want[2 * MARKER_SECRET + 1];
    for (unsigned i = 0; i < MARKER_SECRET; i++)
        snprintf(want + 2 * i, 3, "%02x", secret[MARKER_PREFIX + i]);

    got g = {0};
    gisac_err e = GISAC_ERR_INIT;
    assert_int_equal(run("scan", "t.memscan", NULL, NULL, &g, NULL, &e), 0);
    assert_int_equal(g.n, 3);
    assert_string_equal(g.text[0], "none");
    const char *exe = g.text[1];
    size_t el = strlen(exe);
    assert_true(el > 17 && strcmp(exe + el - 17, "/gisac-parse-test") == 0);
    assert_true(strtoull(g.text[2], NULL, 10) > (1u << 20)); /* it did look */
    free(g.big);

    /* the same scan in a fork, as the sandbox's child was before: found */
    int p[2];
    assert_int_equal(pipe(p), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char hex[2 * MARKER_SECRET + 1] = "";
        size_t scanned;
        int found = marker_capture() == 0 && marker_scan(hex, &scanned);
        ssize_t w = write(p[1], found ? hex : "none", found ? strlen(hex) : 4);
        (void)w;
        syscall(SYS_exit_group, 0);
    }
    close(p[1]);
    char seen[64] = "";
    ssize_t r = read(p[0], seen, sizeof seen - 1);
    close(p[0]);
    assert_true(r > 0);
    seen[r] = 0;
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_string_equal(seen, want);
    memset(secret, 0, MARKER_PREFIX + MARKER_SECRET);
    free(secret);
}

static void test_helper_missing_or_wrong(void **state)
{
    (void)state;
    const char *named = getenv(SANDBOX_HELPER_ENV); /* the test helper (tests/CMakeLists) */
    assert_non_null(named);
    char *saved = strdup(named);
    assert_non_null(saved);
    got g = {0};
    gisac_err e = GISAC_ERR_INIT;
    setenv(SANDBOX_HELPER_ENV, "/nonexistent/gisac-parse", 1);
    assert_int_equal(run("in.csv", "t.echo", NULL, "x", &g, NULL, &e), GISAC_EUNSUPPORTED);
    assert_string_equal(e.msg,
                        "in.csv: the parse helper GISAC_PARSE_HELPER=/nonexistent/gisac-parse "
                        "is not an executable file; nothing was imported");
    /* a program that is not the helper: no result */
    setenv(SANDBOX_HELPER_ENV, "/bin/true", 1);
    assert_int_equal(run("in.csv", "t.echo", NULL, "x", &g, NULL, &e), GISAC_EABORT);
    assert_string_equal(e.msg,
                        "in.csv: the sandboxed parser ended without a result (exit status 0)");
    /* without the variable: the shipped helper beside this program, which
     * knows no test kind */
    unsetenv(SANDBOX_HELPER_ENV);
    char path[4096];
    assert_int_equal(sandbox_helper_path(path, sizeof path, &e), 0);
    size_t pl = strlen(path);
    assert_true(pl > 12 && strcmp(path + pl - 12, "/gisac-parse") == 0);
    expect_failure("in.csv", "t.memscan", NULL, GISAC_EUNSUPPORTED,
                   "in.csv: the sandbox could not be set up: %s does not know the kind of work "
                   "'t.memscan'",
                   path);
    setenv(SANDBOX_HELPER_ENV, saved, 1);
    free(saved);
}

static void test_probe(void **state)
{
    (void)state;
    sandbox_status st;
    sandbox_probe(&st);
    assert_int_equal(st.seccomp, 1);
    long abi = syscall(444 /* landlock_create_ruleset */, NULL, 0, 1);
    char d[200];
    sandbox_describe(&st, d, sizeof d);
    if (abi > 0) {
        assert_int_equal(st.landlock_abi, (int)abi);
        char want[64];
        snprintf(want, sizeof want, "seccomp, Landlock ABI %ld", abi);
        assert_string_equal(d, want);
    } else {
        assert_int_equal(st.landlock_abi, 0);
        assert_non_null(strstr(d, "seccomp; no Landlock ("));
    }
}

int main(void)
{
    static const test_case cases[] = {
        TEST_PLAIN(test_frames_and_result),
        TEST_PLAIN(test_error_kept),
        TEST_PLAIN(test_open_refused),
        TEST_PLAIN(test_socket_refused),
        TEST_PLAIN(test_write_to_parent_fd_refused),
        TEST_PLAIN(test_exec_mapping_refused),
        TEST_PLAIN(test_cpu_limit),
        TEST_PLAIN(test_parent_stops),
        TEST_PLAIN(test_crash_and_bad_frames),
        TEST_PLAIN(test_input_and_args),
        TEST_PLAIN(test_fresh_image),
        TEST_PLAIN(test_helper_missing_or_wrong),
        TEST_PLAIN(test_probe),
    };
    return test_main(cases, TEST_COUNT(cases), NULL, NULL);
}
