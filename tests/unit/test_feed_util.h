/*
 * test_feed_util.h: hostile feed parsers (feed_parse_fn) for the tests of
 * the sandbox (test_feed_sandbox.c, test_intel_sandbox.c). Each first
 * hands its sink one good record (so that something would be stored if
 * what a stopped parser sent were kept), then breaks a rule of the
 * sandbox: test_evil_open opens /etc/passwd, test_evil_socket makes a
 * socket, test_evil_write_db writes to every descriptor the parent may
 * hold (the database's among them) but the child's own pipe (3), and
 * test_evil_spin loops until its CPU limit stops it.
 *
 * static inline, nothing to link: for tests that link gisac_feed.
 */
#ifndef GISAC_TESTS_UNIT_TEST_FEED_UTIL_H
#define GISAC_TESTS_UNIT_TEST_FEED_UTIL_H

#include "feed/feed.h"

#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* the good record: IPv4 192.0.2.1 at name, confidence and TLP unset, matchable */
static inline void test_feed_one_record(const char *name, const feed_sink *sink)
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

static inline int test_evil_open(const char *name, const char *data, size_t len,
                                 const feed_opts *opts, const feed_sink *sink, gisac_err *err)
{
    (void)data, (void)len, (void)opts;
    test_feed_one_record(name, sink);
    int fd = open("/etc/passwd", O_RDONLY);
    return gisac_err_set(err, GISAC_EINVAL, "opened %d", fd);
}

static inline int test_evil_socket(const char *name, const char *data, size_t len,
                                   const feed_opts *opts, const feed_sink *sink, gisac_err *err)
{
    (void)data, (void)len, (void)opts;
    test_feed_one_record(name, sink);
    int fd = socket(AF_INET6, SOCK_DGRAM, 0);
    return gisac_err_set(err, GISAC_EINVAL, "socket %d", fd);
}

static inline int test_evil_write_db(const char *name, const char *data, size_t len,
                                     const feed_opts *opts, const feed_sink *sink, gisac_err *err)
{
    (void)data, (void)len, (void)opts;
    test_feed_one_record(name, sink);
    for (int fd = 4; fd < 1024; fd++)
        if (write(fd, "garbage", 7) == 7)
            return gisac_err_set(err, GISAC_EINVAL, "wrote to %d", fd);
    return 0;
}

static inline int test_evil_spin(const char *name, const char *data, size_t len,
                                 const feed_opts *opts, const feed_sink *sink, gisac_err *err)
{
    (void)data, (void)len, (void)opts, (void)err;
    test_feed_one_record(name, sink);
    static volatile unsigned long n;
    for (;;)
        n++;
    return 0;
}

#endif
