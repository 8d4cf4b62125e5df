/* cmd_evidence.c: gisac evidence add|list|show|get|transfer|verify (docs/evidence.md) */
#include "cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static void put_ev_json(const incident_evidence *ev)
{
    gisac_buf b = GISAC_BUF_INIT;
    incident_evidence_to_json(ev, &b);
    gisac_buf_putc(&b, '\n');
    fwrite(b.data, 1, b.len, stdout);
    gisac_buf_free(&b);
}

/* The evidence number N: 1, 2, ... */
static int parse_n(const char *s, int *n)
{
    long v;
    if (cli_int(s, 1, 1000000000, &v) < 0) {
        cli_usage("evidence", "evidence number '%s': give 1, 2, ...", s);
        return -1;
    }
    *n = (int)v;
    return 0;
}

/* The installation, as the local operator: "not found" is EXIT_NOTFOUND. */
static int open_op(cli_ctx *c, cli_op *op)
{
    return cli_open(c, CLI_APP_NOTFOUND, op);
}

/* One piece of evidence as the answer of a step (rc: the exit status so far). */
static int ev_done(int rc, const incident_evidence *ev, int json, int added)
{
    if (rc)
        return rc;
    if (json)
        put_ev_json(ev);
    else if (added)
        printf("added evidence %d to %s: sha256 %s, %lld bytes\n", ev->n, ev->incident, ev->sha256,
               (long long)ev->size);
    else
        printf("evidence %d of %s is now held by %s\n", ev->n, ev->incident, ev->custodian);
    return EXIT_OK;
}

typedef struct ev_opts {
    const char *note, *acquired_by, *to, *reason, *from, *output;
    int64_t acquired_at, at;
    int json;
} ev_opts;

#define O(f)     offsetof(ev_opts, f)
#define JSON_OPT CLI_JSON_FLAG(O(json), "print it as JSON")
static const cli_opt_def add_defs[] = {
    {"--note", CLI_STR, O(note), "N", "a note on it", .flags = CLI_EMPTY_OK},
    {"--acquired-by", CLI_STR, O(acquired_by), "NAME",
     "who acquired it (default: the local user, cli:NAME)", .flags = CLI_EMPTY_OK},
    {"--acquired-at", CLI_TIME, O(acquired_at), "TIME", "when (default: now)", .flags = 0},
    JSON_OPT,
    {0},
};
static const cli_opt_def json_defs[] = {JSON_OPT, {0}};
static const cli_opt_def transfer_defs[] = {
    {"--to", CLI_STR, O(to), "NAME", "the new custodian (required)", .flags = CLI_EMPTY_OK},
    {"--reason", CLI_STR, O(reason), "R", "why (required)", .flags = CLI_EMPTY_OK},
    {"--from", CLI_STR, O(from), "NAME", "when given, must be its custodian",
     .flags = CLI_EMPTY_OK},
    {"--at", CLI_TIME, O(at), "TIME", "when (default: now)", .flags = 0},
    JSON_OPT,
    {0},
};
static const cli_opt_def get_defs[] = {
    {"--output", CLI_STR, O(output), "FILE", "write it to FILE (new; default: standard output)",
     .flags = 0},
    {0},
};
#undef JSON_OPT
#undef O

/* Copy the open file in to out (size bytes expected): 0, or -1 with errno. */
static int copy_fd(int in, int out, int64_t size, int64_t *copied)
{
    char buf[65536];
    *copied = 0;
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(out, buf + off, (size_t)(n - off));
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0)
                return -1;
            off += w;
        }
        *copied += n;
    }
    if (*copied != size) {
        errno = EIO;
        return -1;
    }
    return 0;
}

static int get_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    const ev_opts *o = opts;
    int n;
    if (parse_n(argv[1], &n) < 0)
        return EXIT_FAIL;
    int out = STDOUT_FILENO;
    if (o->output) {
        out = open(o->output, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (out < 0) {
            cli_error("%s: %s", o->output, strerror(errno));
            return EXIT_FAIL;
        }
    }
    cli_op op;
    incident_evidence ev;
    int fd = -1;
    int rc = open_op(c, &op);
    if (rc == 0)
        rc = cli_close(&op,
                       app_open_evidence(op.a, &op.who, argv[0], n, "exported (gisac evidence get)",
                                         gisac_now(), &ev, &fd, &op.err));
    int64_t copied = 0;
    if (rc == 0 && copy_fd(fd, out, ev.size, &copied) < 0) {
        cli_error("evidence %d of %s: %s after %lld of %lld bytes", n, ev.incident, strerror(errno),
                  (long long)copied, (long long)ev.size);
        rc = EXIT_FAIL;
    }
    if (fd >= 0)
        close(fd);
    if (o->output) {
        if (close(out) < 0 && rc == 0) {
            cli_error("%s: %s", o->output, strerror(errno));
            rc = EXIT_FAIL;
        }
        if (rc)
            unlink(o->output);
        else
            printf("wrote evidence %d of %s to %s: sha256 %s, %lld bytes\n", ev.n, ev.incident,
                   o->output, ev.sha256, (long long)ev.size);
    }
    return rc;
}

static int add_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const ev_opts *o = opts;
    incident_evidence_input in = {argv[1], o->note, o->acquired_by, o->acquired_at};
    cli_op op;
    incident_evidence ev;
    int rc = open_op(c, &op);
    if (rc == 0)
        rc = cli_close(&op,
                       app_add_evidence(op.a, &op.who, argv[0], &in, gisac_now(), &ev, &op.err));
    return ev_done(rc, &ev, o->json, 1);
}

static int list_cb(void *ctx, const incident_evidence *ev)
{
    int json = *(int *)ctx;
    if (json) {
        put_ev_json(ev);
        return 0;
    }
    printf("%d\t%s\t%s\t%lld\t%s\t%s\n", ev->n, ev->kind, ev->sha256, (long long)ev->size,
           ev->custodian, ev->name[0] ? ev->name : "-");
    return 0;
}

static int list_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    ev_opts *o = opts;
    cli_op op;
    int rc = open_op(c, &op);
    return rc ? rc
              : cli_close(&op,
                          app_list_evidence(op.a, &op.who, argv[0], list_cb, &o->json, &op.err));
}

static int custody_cb(void *ctx, const incident_custody *cu)
{
    (void)ctx;
    fputs("  ", stdout);
    cli_put_time(cu->ts);
    printf("  %s -> %s: %s (recorded by %s)\n", cu->from ? cu->from : "-", cu->to, cu->reason,
           cu->actor);
    return 0;
}

static void put_ev_text(const incident_evidence *ev)
{
    char ref[sizeof ev->incident + 16];
    snprintf(ref, sizeof ref, "%s/%d", ev->incident, ev->n);
    const cli_kv kv[] = {
        {"evidence", CLI_KV_TEXT, .s = ref},
        {"kind", CLI_KV_TEXT, .s = ev->kind},
        {"name", CLI_KV_DASH, .s = ev->name},
        {"sha256", CLI_KV_TEXT, .s = ev->sha256},
        {"size", CLI_KV_INT, .v = ev->size},
        {"note", CLI_KV_DASH, .s = ev->note},
        {"acquired by", CLI_KV_TEXT, .s = ev->acquired_by},
        {"acquired at", CLI_KV_TIME, .v = ev->acquired_at},
        {"custodian", CLI_KV_TEXT, .s = ev->custodian},
    };
    cli_put_kv(kv, sizeof kv / sizeof kv[0], 13);
    fputs("chain of custody\n", stdout);
}

static int show_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const ev_opts *o = opts;
    int n;
    if (parse_n(argv[1], &n) < 0)
        return EXIT_FAIL;
    cli_op op;
    int rc = open_op(c, &op);
    if (rc)
        return rc;
    incident_evidence ev;
    if (o->json) {
        gisac_buf b = GISAC_BUF_INIT;
        rc = cli_put_json(&b, app_evidence_json(op.a, &op.who, argv[0], n, &ev, &b, &op.err));
        gisac_buf_free(&b);
    } else {
        rc = app_get_evidence(op.a, &op.who, argv[0], n, &ev, &op.err);
        if (rc == 0) {
            put_ev_text(&ev);
            rc = app_list_custody(op.a, &op.who, argv[0], n, custody_cb, NULL, &op.err);
        }
    }
    return cli_close(&op, rc);
}

static int transfer_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const ev_opts *o = opts;
    int n;
    if (parse_n(argv[1], &n) < 0)
        return EXIT_FAIL;
    if (!o->to)
        return cli_usage("evidence", "--to is required");
    if (!o->reason)
        return cli_usage("evidence", "--reason is required");
    cli_op op;
    incident_evidence ev;
    int rc = open_op(c, &op);
    if (rc == 0)
        rc = cli_close(&op, app_transfer_evidence(op.a, &op.who, argv[0], n, o->from, o->to,
                                                  o->reason, o->at, gisac_now(), &ev, &op.err));
    return ev_done(rc, &ev, o->json, 0);
}

static int verify_cb(void *ctx, const incident_verify_result *r)
{
    (void)ctx;
    const incident_evidence *ev = r->ev;
    switch (r->status) {
    case INCIDENT_VERIFY_OK:
        printf("%s/%d\tok\t%s\n", ev->incident, ev->n, ev->sha256);
        break;
    case INCIDENT_VERIFY_MISMATCH:
        printf("%s/%d\tMISMATCH\t%s\tfound %s, %lld bytes (stored %lld)\n", ev->incident, ev->n,
               ev->sha256, r->actual, (long long)r->actual_size, (long long)ev->size);
        break;
    case INCIDENT_VERIFY_MISSING:
        printf("%s/%d\tMISSING\t%s\t%s\n", ev->incident, ev->n, ev->sha256, r->path);
        break;
    case INCIDENT_VERIFY_UNREADABLE:
        printf("%s/%d\tUNREADABLE\t%s\t%s\n", ev->incident, ev->n, ev->sha256, r->path);
        break;
    }
    return 0;
}

static int verify_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    cli_op op;
    size_t checked = 0, bad = 0;
    int rc = open_op(c, &op);
    if (rc == 0)
        rc = cli_close(&op, app_verify_evidence(op.a, &op.who, argc ? argv[0] : NULL, gisac_now(),
                                                verify_cb, NULL, &checked, &bad, &op.err));
    if (rc)
        return rc;
    fflush(stdout);
    if (bad) {
        cli_error("%zu of %zu evidence files failed verification", bad, checked);
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

const cli_cmd cli_evidence_cmds[] = {
    {.name = "add", .opts = add_defs, .run = add_run},
    {.name = "list", .opts = json_defs, .run = list_run},
    {.name = "show", .opts = json_defs, .run = show_run},
    {.name = "get", .opts = get_defs, .run = get_run},
    {.name = "transfer", .opts = transfer_defs, .run = transfer_run},
    {.name = "verify", .run = verify_run},
    {.opts_size = sizeof(ev_opts)},
};
