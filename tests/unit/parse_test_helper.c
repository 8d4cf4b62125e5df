/*
 * parse_test_helper.c: gisac-parse-test, the parse helper of the unit tests
 * (GISAC_PARSE_HELPER, tests/CMakeLists): the shipped kind "feed" and
 * kinds that misbehave on purpose, which the shipped helper
 * (src/parse/gisac_parse.c) does not have:
 *   t.frames t.error t.echo          frames and results come back whole
 *   t.open t.socket t.write_fd FD t.exec_map   forbidden system calls
 *   t.loop t.crash t.many t.bad_frame t.cut_frame   the parent copes
 *   t.memscan                        what of its parent's memory it sees
 *   feed.open feed.socket feed.write_db feed.spin   hostile feed parsers:
 *                                    one good record, then the act
 */
#define _GNU_SOURCE /* syscall() */
#include "feed/feed_sandbox.h"
#include "sandbox_marker.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#define KIND_ARGS                                                                                  \
    int nargs, char **args, const char *data, size_t len, sandbox_out *out, gisac_err *err
#define UNUSED_ARGS (void)nargs, (void)args, (void)data, (void)len, (void)out, (void)err

static int t_frames(KIND_ARGS)
{
    UNUSED_ARGS;
    size_t n = 3u << 20; /* longer than the helper's and the parent's buffers */
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
    /* a tag outside the callers' range is refused in the helper */
    if (sandbox_send(out, 0x10001, "x", 1) != GISAC_EIO ||
        sandbox_send(out, 0, "x", 1) != GISAC_EIO)
        return gisac_err_set(err, GISAC_EIO, "reserved tag accepted");
    return 0;
}

static int t_error(KIND_ARGS)
{
    UNUSED_ARGS;
    sandbox_send(out, 1, "r", 1);
    return gisac_err_at(err, GISAC_EINVAL, "$.objects[2].pattern", "feed.json:3:7: bad pattern");
}

/* the input and the args back, one frame each */
static int t_echo(KIND_ARGS)
{
    UNUSED_ARGS;
    int rc = sandbox_send(out, 1, data, len);
    for (int i = 0; i < nargs && rc == 0; i++)
        rc = sandbox_send(out, 2, args[i], strlen(args[i]));
    return rc < 0 ? gisac_err_set(err, rc, "send failed") : 0;
}

static int t_open(KIND_ARGS)
{
    UNUSED_ARGS;
    int fd = open("/etc/passwd", O_RDONLY);
    return gisac_err_set(err, GISAC_EINVAL, "open returned %d", fd);
}

static int t_socket(KIND_ARGS)
{
    UNUSED_ARGS;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    return gisac_err_set(err, GISAC_EINVAL, "socket returned %d", fd);
}

static int t_write_fd(KIND_ARGS)
{
    UNUSED_ARGS;
    int fd = nargs > 0 ? atoi(args[0]) : -1;
    ssize_t w = write(fd, "pwned", 5);
    return gisac_err_set(err, GISAC_EINVAL, "write returned %zd", w);
}

static int t_exec_map(KIND_ARGS)
{
    UNUSED_ARGS;
    void *p =
        mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return gisac_err_set(err, GISAC_EINVAL, "mmap returned %p", p);
}

static volatile unsigned long spin;

static int t_loop(KIND_ARGS)
{
    UNUSED_ARGS;
    for (;;)
        spin++;
    return 0;
}

static int t_crash(KIND_ARGS)
{
    UNUSED_ARGS;
    __builtin_trap();
    return 0;
}

static int t_many(KIND_ARGS)
{
    UNUSED_ARGS;
    for (unsigned i = 0; i < 100000; i++)
        if (sandbox_send(out, 1, &i, sizeof i) < 0)
            return gisac_err_set(err, GISAC_EIO, "parent gone");
    return 0;
}

/* a frame header claiming 4 GiB, written past sandbox_send to the pipe */
static int t_bad_frame(KIND_ARGS)
{
    UNUSED_ARGS;
    uint32_t h[2] = {1, 0xffffffffu};
    ssize_t w = write(SANDBOX_OUT_FD, h, sizeof h);
    return gisac_err_set(err, GISAC_EINVAL, "wrote %zd", w);
}

/* a frame cut short: the header promises more than comes */
static int t_cut_frame(KIND_ARGS)
{
    UNUSED_ARGS;
    uint32_t h[3] = {1, 100, 0};
    ssize_t w = write(SANDBOX_OUT_FD, h, sizeof h);
    (void)w;
    syscall(SYS_exit_group, 0); /* not _exit: sanitizers intercept it */
    return 0;
}

static void memscan_prepare(void)
{
    marker_capture();
}

/* frames: 1 "found HEX" or "none", 2 the program, 3 the bytes scanned (text) */
static int t_memscan(KIND_ARGS)
{
    UNUSED_ARGS;
    char hex[2 * MARKER_SECRET + 1], found[64], n[32];
    size_t scanned;
    if (marker_scan(hex, &scanned))
        snprintf(found, sizeof found, "found %s", hex);
    else
        snprintf(found, sizeof found, "none");
    snprintf(n, sizeof n, "%zu", scanned);
    if (sandbox_send(out, 1, found, strlen(found)) < 0 ||
        sandbox_send(out, 2, marker_exe(), strlen(marker_exe())) < 0 ||
        sandbox_send(out, 3, n, strlen(n)) < 0)
        return gisac_err_set(err, GISAC_EIO, "send failed");
    return 0;
}

/* ---- hostile feed parsers ---------------------------------------------------- */

/* a good record first, so that something would be stored if it were kept */
static void one_record(const char *name, const feed_sink *sink)
{
    feed_record r;
    memset(&r, 0, sizeof r);
    r.type = IOC_IPV4;
    r.value = "192.0.2.1";
    r.where = name;
    r.confidence = -1;
    r.tlp = TLP_UNSET;
    r.matchable = 1;
    sink->record(sink->ctx, &r);
}

#define PARSER_ARGS                                                                                \
    const char *name, const char *data, size_t len, const feed_opts *opts, const feed_sink *sink,  \
        gisac_err *err

static int p_open(PARSER_ARGS)
{
    (void)data, (void)len, (void)opts;
    one_record(name, sink);
    int fd = open("/etc/passwd", O_RDONLY);
    return gisac_err_set(err, GISAC_EINVAL, "opened %d", fd);
}

static int p_socket(PARSER_ARGS)
{
    (void)data, (void)len, (void)opts;
    one_record(name, sink);
    int fd = socket(AF_INET6, SOCK_DGRAM, 0);
    return gisac_err_set(err, GISAC_EINVAL, "socket %d", fd);
}

/* every descriptor the parent may hold (the database's among them), but the pipe */
static int p_write_db(PARSER_ARGS)
{
    (void)data, (void)len, (void)opts;
    one_record(name, sink);
    for (int fd = SANDBOX_OUT_FD + 1; fd < 1024; fd++)
        if (write(fd, "garbage", 7) == 7)
            return gisac_err_set(err, GISAC_EINVAL, "wrote to %d", fd);
    return 0;
}

static int p_spin(PARSER_ARGS)
{
    (void)data, (void)len, (void)opts, (void)err;
    one_record(name, sink);
    for (;;)
        spin++;
    return 0;
}

#define FEED_KIND(fn, parser)                                                                      \
    static int fn(KIND_ARGS)                                                                       \
    {                                                                                              \
        return feed_sandbox_serve(nargs, args, data, len, parser, out, err);                       \
    }
FEED_KIND(k_open, p_open)
FEED_KIND(k_socket, p_socket)
FEED_KIND(k_write_db, p_write_db)
FEED_KIND(k_spin, p_spin)

int main(int argc, char **argv)
{
    static const sandbox_kind kinds[] = {
        {"t.frames", NULL, t_frames},
        {"t.error", NULL, t_error},
        {"t.echo", NULL, t_echo},
        {"t.open", NULL, t_open},
        {"t.socket", NULL, t_socket},
        {"t.write_fd", NULL, t_write_fd},
        {"t.exec_map", NULL, t_exec_map},
        {"t.loop", NULL, t_loop},
        {"t.crash", NULL, t_crash},
        {"t.many", NULL, t_many},
        {"t.bad_frame", NULL, t_bad_frame},
        {"t.cut_frame", NULL, t_cut_frame},
        {"t.memscan", memscan_prepare, t_memscan},
        {"feed.open", feed_sandbox_prepare, k_open},
        {"feed.socket", feed_sandbox_prepare, k_socket},
        {"feed.write_db", feed_sandbox_prepare, k_write_db},
        {"feed.spin", feed_sandbox_prepare, k_spin},
    };
    enum { N = sizeof kinds / sizeof *kinds };
    const sandbox_kind *list[N + 1] = {&feed_sandbox_kind};
    for (size_t i = 0; i < N; i++)
        list[i + 1] = &kinds[i];
    sandbox_main(argc, argv, list, N + 1);
    fprintf(stderr, "%s: the parse helper of gisac's unit tests\n", argv[0]);
    return 2;
}
