/*
 * test_feed_sandbox.c: a parse in the sandbox (feed_opts.sandbox) gives
 * the same records, rejects, messages, progress and errors as the parse in
 * this process, on the fuzz corpora of the feed parsers, the shared
 * samples (${GISAC_SHARED}/data, when there) and a MISP feed directory; a
 * hostile parser is stopped; the parent refuses frames that are not what
 * the parsers send.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "feed/feed.h"
#include "feed/feed_internal.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- a sink that writes everything down as text --------------------------- */

static void put(gisac_buf *b, const char *s)
{
    assert_int_equal(gisac_buf_puts(b, s ? s : "(null)"), 0);
    assert_int_equal(gisac_buf_putc(b, '|'), 0);
}

static int t_record(void *ctx, const feed_record *r)
{
    gisac_buf *b = ctx;
    assert_int_equal(gisac_buf_printf(b, "R %d %u %d %d %d %lld %lld %lld %lld|", (int)r->type,
                                      r->warn, r->confidence, (int)r->tlp, r->matchable,
                                      (long long)r->first_seen, (long long)r->last_seen,
                                      (long long)r->valid_from, (long long)r->valid_until),
                     0);
    put(b, r->value);
    put(b, r->stix_id);
    put(b, r->name);
    put(b, r->description);
    put(b, r->created_by);
    put(b, r->where);
    put(b, r->source);
    for (size_t i = 0; i < r->nlabels; i++)
        put(b, r->labels[i]);
    gisac_buf_putc(b, '\n');
    return 0;
}

static void t_msg(gisac_buf *b, const char *kind, const char *where, const char *msg)
{
    put(b, kind);
    put(b, where);
    put(b, msg);
    gisac_buf_putc(b, '\n');
}

static void t_reject(void *ctx, const char *where, const char *msg)
{
    t_msg(ctx, "reject", where, msg);
}

static void t_unsupported(void *ctx, const char *where, const char *msg)
{
    t_msg(ctx, "unsupported", where, msg);
}

static void t_warn(void *ctx, const char *where, const char *msg)
{
    t_msg(ctx, "warn", where, msg);
}

static void t_progress(void *ctx, size_t done, size_t total)
{
    gisac_buf_printf(ctx, "P %zu %zu\n", done, total);
}

/* The trace of one parse (a path, or bytes) and its result. */
static void trace(int sandbox, const char *path, const char *data, size_t len, feed_format f,
                  gisac_buf *out)
{
    gisac_buf_reset(out);
    feed_sink s = {out, t_record, t_reject, t_unsupported, t_warn, t_progress};
    feed_opts o = {.format = f, .sandbox = sandbox};
    gisac_err e = GISAC_ERR_INIT;
    int rc = data ? feed_parse(path, data, len, &o, &s, &e) : feed_parse_path(path, &o, &s, &e);
    gisac_buf_printf(out, "= %d %d %s|%s\n", rc, e.code, e.msg, e.field);
}

static size_t compared;

static void same(const char *path, const char *data, size_t len, feed_format f)
{
    gisac_buf a = GISAC_BUF_INIT, b = GISAC_BUF_INIT;
    trace(0, path, data, len, f, &a);
    trace(1, path, data, len, f, &b);
    if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0)
        fail_msg("%s: the sandboxed parse differs:\n--- here\n%.2000s\n--- sandboxed\n%.2000s",
                 path, a.data, b.data);
    compared++;
    gisac_buf_free(&a);
    gisac_buf_free(&b);
}

/* every regular file of dir, as format f (and as "auto") */
static size_t same_dir(const char *dir, feed_format f)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
        struct stat st;
        if (de->d_name[0] == '.' || stat(p, &st) < 0 || !S_ISREG(st.st_mode))
            continue;
        gisac_buf data = GISAC_BUF_INIT;
        gisac_err e = GISAC_ERR_INIT;
        assert_int_equal(gisac_read_file(p, &data, &e), 0);
        same(p, data.data ? data.data : "", data.len, f);
        same(p, data.data ? data.data : "", data.len, FEED_AUTO);
        same(p, NULL, 0, f); /* the path: read by the parent, parsed by the child */
        gisac_buf_free(&data);
        n++;
    }
    closedir(d);
    return n;
}

static void test_same_on_corpora(void **state)
{
    (void)state;
    const char *src = getenv("GISAC_SRCDIR");
    assert_non_null(src);
    /* the corpus of fuzz_feed_NAME, parsed as the format NAME */
    static const char *const formats[] = {"csv", "plain", "misp", "stix"};
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
        feed_format f;
        assert_int_equal(feed_format_from_name(formats[i], &f), 0);
        char p[4096];
        snprintf(p, sizeof p, "%s/tests/fuzz/corpus/fuzz_feed_%s", src, formats[i]);
        size_t n = same_dir(p, f);
        if (n == 0)
            fail_msg("%s: no corpus", p);
    }
}

static void test_same_on_shared_data(void **state)
{
    (void)state;
    const char *sh = getenv("GISAC_SHARED");
    char p[4096];
    snprintf(p, sizeof p, "%s/data/feeds", sh ? sh : "../shared");
    struct stat st;
    if (stat(p, &st) < 0)
        skip();
    size_t n = same_dir(p, FEED_AUTO);
    snprintf(p, sizeof p, "%s/data/misp", sh ? sh : "../shared");
    n += same_dir(p, FEED_MISP);
    snprintf(p, sizeof p, "%s/data/stix2.1-examples", sh ? sh : "../shared");
    n += same_dir(p, FEED_STIX);
    assert_true(n >= 5);
}

static void test_same_on_misp_dir_and_errors(void **state)
{
    (void)state;
    char dir[] = "/tmp/gisac-feed-sb-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char p[4200];
    const char *ev1 = "4a2ba3c5-1f0d-4a0b-9d8e-0e0b7c1d2e3f",
               *ev2 = "5b3cb4d6-2a1e-4b1c-8e9f-1f1c8d2e3f40";
    snprintf(p, sizeof p, "%s/manifest.json", dir);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fprintf(f,
            "{\"%s\":{},\"%s\":{},\"not-a-uuid\":{},\"6c4dc5e7-3b2f-4c2d-9fa0-2a2d9e3f4051\":{}}",
            ev1, ev2);
    fclose(f);
    snprintf(p, sizeof p, "%s/%s.json", dir, ev1);
    f = fopen(p, "w");
    assert_non_null(f);
    fprintf(f,
            "{\"Event\":{\"uuid\":\"%s\",\"info\":\"x\",\"Tag\":[{\"name\":\"tlp:green\"}],"
            "\"Attribute\":[{\"type\":\"ip-dst\",\"value\":\"192.0.2.10\",\"to_ids\":true},"
            "{\"type\":\"domain\",\"value\":\"bad..example\",\"to_ids\":true},"
            "{\"type\":\"regkey\",\"value\":\"HKLM\\\\x\"},"
            "{\"type\":\"url\",\"value\":\"hxxp://evil[.]example/a\",\"to_ids\":false}]}}",
            ev1);
    fclose(f);
    snprintf(p, sizeof p, "%s/%s.json", dir, ev2);
    f = fopen(p, "w");
    assert_non_null(f);
    fputs("{\"Event\": [1,", f); /* broken: a reject, not an error */
    fclose(f);
    same(dir, NULL, 0, FEED_AUTO);
    /* errors come back with their place */
    same("bad.json", "{\"type\":\"bundle\",\n \"objects\": [}", 31, FEED_STIX);
    same("nocol.csv", "a,b\n1,2\n", 8, FEED_CSV);
    same("empty.txt", "", 0, FEED_PLAIN);
    gisac_buf a = GISAC_BUF_INIT;
    trace(1, "bad.json", "{\"type\":\"bundle\",\n \"objects\": [}", 31, FEED_STIX, &a);
    assert_non_null(strstr(a.data, "= -1 -1 bad.json:2:"));
    gisac_buf_free(&a);
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* ---- hostile parsers ---------------------------------------------------------- */

/* the test helper's hostile kinds (tests/unit/parse_test_helper.c): one
 * good record, then the act; in this process they do not run */
static void test_hostile_parsers(void **state)
{
    (void)state;
    gisac_buf b = GISAC_BUF_INIT;
    feed_sink s = {&b, t_record, t_reject, t_unsupported, t_warn, t_progress};
    feed_opts o = {.sandbox = 1, .kind = "feed.open"};
    gisac_err e = GISAC_ERR_INIT;
    assert_int_equal(feed_parse("evil.csv", "x", 1, &o, &s, &e), GISAC_EABORT);
    assert_string_equal(e.msg, "evil.csv: the sandboxed parser tried a forbidden system call "
                               "(openat) and was stopped; nothing was imported");
    o.kind = "feed.spin";
    o.sandbox_cpu_seconds = 1;
    assert_int_equal(feed_parse("spin.csv", "x", 1, &o, &s, &e), GISAC_EABORT);
    assert_string_equal(e.msg, "spin.csv: the sandboxed parser used its 1 CPU seconds and was "
                               "stopped; nothing was imported");
    o.sandbox = 0;
    assert_int_equal(feed_parse("spin.csv", "x", 1, &o, &s, &e), GISAC_EUNSUPPORTED);
    assert_string_equal(e.msg, "spin.csv: the parser 'feed.spin' runs only in the sandbox's "
                               "parse helper");
    gisac_buf_free(&b);
}

/* ---- the parent's checks ------------------------------------------------------- */

static void frame_str(gisac_buf *b, const char *s)
{
    uint32_t n = s ? (uint32_t)strlen(s) + 1 : 0;
    gisac_buf_append(b, &n, 4);
    if (s)
        gisac_buf_append(b, s, n);
}

/* a record frame: type, tlp, matchable, confidence, warn, value, where, source, labels */
static void frame_record(gisac_buf *b, int type, int tlp, int matchable, int32_t conf,
                         uint32_t warn, const char *value, const char *where, uint32_t nl)
{
    gisac_buf_reset(b);
    unsigned char h[4] = {(unsigned char)type, (unsigned char)(signed char)tlp,
                          (unsigned char)matchable, 0};
    int64_t t[4] = {0, 0, 0, 0};
    gisac_buf_append(b, h, 4);
    gisac_buf_append(b, &conf, 4);
    gisac_buf_append(b, &warn, 4);
    gisac_buf_append(b, t, sizeof t);
    gisac_buf_append(b, &nl, 4);
    frame_str(b, value);
    frame_str(b, NULL);
    frame_str(b, NULL);
    frame_str(b, NULL);
    frame_str(b, NULL);
    frame_str(b, where);
    frame_str(b, NULL); /* the record's own source */
}

static void test_parent_checks_frames(void **state)
{
    (void)state;
    gisac_buf out = GISAC_BUF_INIT, b = GISAC_BUF_INIT;
    feed_sink s = {&out, t_record, t_reject, t_unsupported, t_warn, t_progress};
    feed_frames *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->name = "in.txt";
    f->sink = &s;
    gisac_err e = GISAC_ERR_INIT;
    const unsigned char *p;

#define TAKE(tag) feed_frame_take(f, tag, (p = (const unsigned char *)b.data), b.len, &e)
    frame_record(&b, IOC_IPV4, TLP_GREEN, 1, 50, 0, "192.0.2.1", "in.txt:1", 0);
    assert_int_equal(TAKE(FEED_FRAME_RECORD), 0);
    frame_record(&b, IOC_IPV4, TLP_GREEN, 1, 50, 0, "192.0.2.01", "in.txt:1", 0);
    assert_int_equal(TAKE(FEED_FRAME_RECORD), GISAC_EABORT);
    assert_string_equal(e.msg, "in.txt: the sandboxed parser sent a bad frame (a value not in "
                               "its normal form)");
    frame_record(&b, IOC_DOMAIN, TLP_GREEN, 1, 50, 0, "192.0.2.1", "in.txt:1", 0);
    assert_int_equal(TAKE(FEED_FRAME_RECORD), GISAC_EABORT);
    frame_record(&b, IOC_TYPE_COUNT, TLP_GREEN, 1, 50, 0, "192.0.2.1", "in.txt:1", 0);
    assert_int_equal(TAKE(FEED_FRAME_RECORD), GISAC_EABORT);
    assert_string_equal(e.msg, "in.txt: the sandboxed parser sent a bad frame (a number out of "
                               "range)");
    frame_record(&b, IOC_IPV4, TLP_RED + 1, 1, 50, 0, "192.0.2.1", "in.txt:1", 0);
    assert_int_equal(TAKE(FEED_FRAME_RECORD), GISAC_EABORT);
    frame_record(&b, IOC_IPV4, TLP_GREEN, 2, 50, 0, "192.0.2.1", "in.txt:1", 0);
    assert_int_equal(TAKE(FEED_FRAME_RECORD), GISAC_EABORT);
    frame_record(&b, IOC_IPV4, TLP_GREEN, 1, 101, 0, "192.0.2.1", "in.txt:1", 0);
    assert_int_equal(TAKE(FEED_FRAME_RECORD), GISAC_EABORT);
    frame_record(&b, IOC_IPV4, TLP_GREEN, 1, 50, 4, "192.0.2.1", "in.txt:1", 0);
    assert_int_equal(TAKE(FEED_FRAME_RECORD), GISAC_EABORT);
    /* a label count the frame cannot hold, a missing label */
    frame_record(&b, IOC_IPV4, TLP_GREEN, 1, 50, 0, "192.0.2.1", "in.txt:1", 0x40000000u);
    assert_int_equal(TAKE(FEED_FRAME_RECORD), GISAC_EABORT);
    assert_string_equal(e.msg, "in.txt: the sandboxed parser sent a bad frame (too many labels)");
    frame_record(&b, IOC_IPV4, TLP_GREEN, 1, 50, 0, "192.0.2.1", "in.txt:1", 1);
    assert_int_equal(TAKE(FEED_FRAME_RECORD), GISAC_EABORT);
    /* no value, no place, a string longer than its frame, a NUL inside */
    frame_record(&b, IOC_IPV4, TLP_GREEN, 1, 50, 0, NULL, "in.txt:1", 0);
    assert_int_equal(TAKE(FEED_FRAME_RECORD), GISAC_EABORT);
    frame_record(&b, IOC_IPV4, TLP_GREEN, 1, 50, 0, "192.0.2.1", NULL, 0);
    assert_int_equal(TAKE(FEED_FRAME_RECORD), GISAC_EABORT);
    frame_record(&b, IOC_IPV4, TLP_GREEN, 1, 50, 0, "192.0.2.1", "in.txt:1", 0);
    assert_int_equal(
        feed_frame_take(f, FEED_FRAME_RECORD, (const unsigned char *)b.data, b.len - 1, &e),
        GISAC_EABORT);
    gisac_buf_putc(&b, 'x'); /* a byte left over */
    assert_int_equal(TAKE(FEED_FRAME_RECORD), GISAC_EABORT);
    frame_record(&b, IOC_IPV4, TLP_GREEN, 1, 50, 0, "192.0.2.1", "in.txt:1", 0);
    b.data[b.len - 7] = 0; /* "in.txt:1" with a NUL inside (then the empty source) */
    assert_int_equal(TAKE(FEED_FRAME_RECORD), GISAC_EABORT);
    /* messages and progress */
    gisac_buf_reset(&b);
    frame_str(&b, "in.txt:2");
    frame_str(&b, "bad value");
    assert_int_equal(TAKE(FEED_FRAME_REJECT), 0);
    assert_int_equal(TAKE(FEED_FRAME_WARN), 0);
    assert_int_equal(TAKE(FEED_FRAME_UNSUPPORTED), 0);
    assert_int_equal(TAKE(99), GISAC_EABORT);
    gisac_buf_reset(&b);
    frame_str(&b, "in.txt:2");
    assert_int_equal(TAKE(FEED_FRAME_REJECT), GISAC_EABORT);
    uint64_t v[2] = {10, 5};
    assert_int_equal(
        feed_frame_take(f, FEED_FRAME_PROGRESS, (const unsigned char *)v, sizeof v, &e),
        GISAC_EABORT);
    v[0] = 5;
    v[1] = 10;
    assert_int_equal(
        feed_frame_take(f, FEED_FRAME_PROGRESS, (const unsigned char *)v, sizeof v, &e), 0);
#undef TAKE
    (void)p;
    assert_string_equal(out.data, "R 0 0 50 1 1 0 0 0 0|192.0.2.1|(null)|(null)|(null)|(null)|"
                                  "in.txt:1|(null)|\n"
                                  "reject|in.txt:2|bad value|\n"
                                  "warn|in.txt:2|bad value|\n"
                                  "unsupported|in.txt:2|bad value|\n"
                                  "P 5 10\n");
    feed_frames_free(f);
    free(f);
    gisac_buf_free(&out);
    gisac_buf_free(&b);
}

int main(void)
{
    static const test_case cases[] = {
        TEST_PLAIN(test_same_on_corpora),
        TEST_PLAIN(test_same_on_shared_data),
        TEST_PLAIN(test_same_on_misp_dir_and_errors),
        TEST_PLAIN(test_hostile_parsers),
        TEST_PLAIN(test_parent_checks_frames),
    };
    int rc = test_main(cases, TEST_COUNT(cases), NULL, NULL);
    fprintf(stderr, "test_feed_sandbox: %zu parses compared\n", compared);
    return rc;
}
