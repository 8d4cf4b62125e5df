/*
 * test_sandbox.c: the sandboxed child (src/sandbox): frames and results
 * come back whole; a child that opens a file, makes a socket, writes to a
 * descriptor of its parent, loops or crashes is stopped with a clear error.
 */
#define _GNU_SOURCE /* syscall() */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "sandbox/sandbox.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* ---- the parent's side: frames kept ---------------------------------------- */

typedef struct got {
    unsigned tags[8];
    size_t lens[8];
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

/* ---- children ------------------------------------------------------------- */

static int child_frames(void *ctx, sandbox_out *out, gisac_err *err)
{
    (void)ctx;
    size_t n = 3u << 20; /* longer than the child's and the parent's buffers */
    unsigned char *b = malloc(n);
    if (!b)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        b[i] = (unsigned char)(i * 7 + 3);
    int rc = sandbox_send(out, 1, "hello", 5);
    if (rc == 0)
        rc = sandbox_send2(out, 2, "ab", 2, "cde", 3);
    if (rc == 0)
        rc = sandbox_send(out, 0xffff, b, n);
    free(b);
    if (rc < 0)
        return gisac_err_set(err, rc, "send failed");
    /* a tag outside the callers' range is refused in the child */
    if (sandbox_send(out, 0x10001, "x", 1) != GISAC_EIO ||
        sandbox_send(out, 0, "x", 1) != GISAC_EIO)
        return gisac_err_set(err, GISAC_EIO, "reserved tag accepted");
    return 0;
}

static int child_error(void *ctx, sandbox_out *out, gisac_err *err)
{
    (void)ctx;
    sandbox_send(out, 1, "r", 1);
    return gisac_err_at(err, GISAC_EINVAL, "$.objects[2].pattern", "feed.json:3:7: bad pattern");
}

static int child_open(void *ctx, sandbox_out *out, gisac_err *err)
{
    (void)ctx;
    (void)out;
    int fd = open("/etc/passwd", O_RDONLY);
    return gisac_err_set(err, GISAC_EINVAL, "open returned %d", fd);
}

static int child_socket(void *ctx, sandbox_out *out, gisac_err *err)
{
    (void)ctx;
    (void)out;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    return gisac_err_set(err, GISAC_EINVAL, "socket returned %d", fd);
}

static int child_write_fd(void *ctx, sandbox_out *out, gisac_err *err)
{
    (void)out;
    int fd = *(const int *)ctx;
    ssize_t w = write(fd, "pwned", 5);
    return gisac_err_set(err, GISAC_EINVAL, "write returned %zd", w);
}

static int child_exec_map(void *ctx, sandbox_out *out, gisac_err *err)
{
    (void)ctx;
    (void)out;
    void *p =
        mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return gisac_err_set(err, GISAC_EINVAL, "mmap returned %p", p);
}

static volatile unsigned long spin;

static int child_loop(void *ctx, sandbox_out *out, gisac_err *err)
{
    (void)ctx;
    (void)out;
    (void)err;
    for (;;)
        spin++;
    return 0;
}

static int child_crash(void *ctx, sandbox_out *out, gisac_err *err)
{
    (void)ctx;
    (void)out;
    (void)err;
    __builtin_trap();
    return 0;
}

static int child_many(void *ctx, sandbox_out *out, gisac_err *err)
{
    (void)ctx;
    for (unsigned i = 0; i < 100000; i++)
        if (sandbox_send(out, 1, &i, sizeof i) < 0)
            return gisac_err_set(err, GISAC_EIO, "parent gone");
    return 0;
}

/* a frame header claiming 4 GiB, written past sandbox_send to the pipe (3) */
static int child_bad_frame(void *ctx, sandbox_out *out, gisac_err *err)
{
    (void)ctx;
    (void)out;
    uint32_t h[2] = {1, 0xffffffffu};
    ssize_t w = write(3, h, sizeof h);
    return gisac_err_set(err, GISAC_EINVAL, "wrote %zd", w);
}

/* a frame cut short: the header promises more than comes */
static int child_cut_frame(void *ctx, sandbox_out *out, gisac_err *err)
{
    (void)ctx;
    (void)out;
    (void)err;
    uint32_t h[3] = {1, 100, 0};
    ssize_t w = write(3, h, sizeof h);
    (void)w;
    syscall(SYS_exit_group, 0); /* not _exit: sanitizers intercept it */
    return 0;
}

/* ---- tests ------------------------------------------------------------------ */

static void test_frames_and_result(void **state)
{
    (void)state;
    got g = {0};
    gisac_err e = GISAC_ERR_INIT;
    assert_int_equal(sandbox_run("t", child_frames, NULL, on_frame, &g, NULL, &e), 0);
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
    assert_int_equal(sandbox_run("feed.json", child_error, NULL, on_frame, &g, NULL, &e),
                     GISAC_EINVAL);
    assert_int_equal(e.code, GISAC_EINVAL);
    assert_string_equal(e.msg, "feed.json:3:7: bad pattern");
    assert_string_equal(e.field, "$.objects[2].pattern");
    assert_int_equal(g.n, 1);
    free(g.big);
}

/* sandbox_run of fn (with ctx and lim) as name: stopped (GISAC_EABORT)
 * with the message msg. Returns how many frames the parent took. */
static size_t expect_stopped(const char *name, sandbox_child_fn fn, void *ctx,
                             const sandbox_limits *lim, const char *msg)
{
    got g = {0};
    gisac_err e = GISAC_ERR_INIT;
    assert_int_equal(sandbox_run(name, fn, ctx, on_frame, &g, lim, &e), GISAC_EABORT);
    assert_string_equal(e.msg, msg);
    free(g.big);
    return g.n;
}

static void expect_forbidden(sandbox_child_fn fn, void *ctx, const char *call)
{
    char want[200];
    snprintf(want, sizeof want,
             "evil.csv: the sandboxed parser tried a forbidden system call (%s) and was "
             "stopped; nothing was imported",
             call);
    assert_int_equal(expect_stopped("evil.csv", fn, ctx, NULL, want), 0);
}

static void test_open_refused(void **state)
{
    (void)state;
    expect_forbidden(child_open, NULL, "openat");
}

static void test_socket_refused(void **state)
{
    (void)state;
    expect_forbidden(child_socket, NULL, "socket");
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
    expect_forbidden(child_write_fd, &fd, "write");
    struct stat st;
    assert_int_equal(fstat(fd, &st), 0);
    assert_int_equal(st.st_size, 0); /* nothing reached the file */
    close(fd);
    unlink(path);
}

static void test_exec_mapping_refused(void **state)
{
    (void)state;
    expect_forbidden(child_exec_map, NULL, "mmap");
}

static void test_cpu_limit(void **state)
{
    (void)state;
    sandbox_limits lim = {1, 0};
    expect_stopped("loop.txt", child_loop, NULL, &lim,
                   "loop.txt: the sandboxed parser used its 1 CPU seconds and was "
                   "stopped; nothing was imported");
}

static void test_crash_reported(void **state)
{
    (void)state;
    expect_stopped("x", child_crash, NULL, NULL,
                   "x: the sandboxed parser was killed by SIGILL (4); nothing was imported");
}

static void test_parent_stops(void **state)
{
    (void)state;
    got g = {.stop_at = 10};
    gisac_err e = GISAC_ERR_INIT;
    assert_int_equal(sandbox_run("x", child_many, NULL, on_frame, &g, NULL, &e), GISAC_EABORT);
    assert_string_equal(e.msg, "stopped by the parent at frame 10");
    assert_int_equal(g.n, 10);
    free(g.big);
}

static void test_bad_frames(void **state)
{
    (void)state;
    assert_int_equal(expect_stopped("x", child_bad_frame, NULL, NULL,
                                    "x: the sandboxed parser sent a malformed frame (tag 1, "
                                    "4294967295 bytes)"),
                     0);
    assert_int_equal(expect_stopped("x", child_cut_frame, NULL, NULL,
                                    "x: the sandboxed parser's results end in a cut frame"),
                     0);
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

TEST_MAIN(NULL, NULL, TEST_PLAIN(test_frames_and_result), TEST_PLAIN(test_error_kept),
          TEST_PLAIN(test_open_refused), TEST_PLAIN(test_socket_refused),
          TEST_PLAIN(test_write_to_parent_fd_refused), TEST_PLAIN(test_exec_mapping_refused),
          TEST_PLAIN(test_cpu_limit), TEST_PLAIN(test_crash_reported),
          TEST_PLAIN(test_parent_stops), TEST_PLAIN(test_bad_frames), TEST_PLAIN(test_probe))
