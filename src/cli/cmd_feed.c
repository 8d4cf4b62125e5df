/* cmd_feed.c: gisac feed import, and the feed sources fetched on schedule (add, list, ...) */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct reporter_ctx {
    int tty;
    double last;
    int drawn;
} reporter_ctx;

static double now_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void clear_bar(reporter_ctx *r)
{
    if (r->drawn) {
        fputs("\r\033[K", stderr);
        r->drawn = 0;
    }
}

static void on_message(void *ctx, intel_msg_kind kind, const char *where, const char *msg)
{
    reporter_ctx *r = ctx;
    clear_bar(r);
    switch (kind) {
    case INTEL_MSG_REJECT:
        fprintf(stderr, "%s: %s\n", where, msg);
        break;
    case INTEL_MSG_UNSUPPORTED:
        fprintf(stderr, "%s: unsupported: %s\n", where, msg);
        break;
    case INTEL_MSG_WARN:
        fprintf(stderr, "%s: warning: %s\n", where, msg);
        break;
    }
}

static void on_progress(void *ctx, const char *name, size_t done, size_t total)
{
    reporter_ctx *r = ctx;
    if (!r->tty || total < (4u << 20))
        return;
    double t = now_mono();
    if (done < total && t - r->last < 0.1)
        return;
    r->last = t;
    int pct = total ? (int)(done * 100 / total) : 100;
    int fill = pct * 30 / 100;
    fprintf(stderr, "\r[%.*s%*s] %3d%% %s", fill, "==============================", 30 - fill, "",
            pct, name);
    r->drawn = 1;
    if (done >= total)
        clear_bar(r);
}

static void print_summary(const intel_import_summary *s, int json)
{
    if (json) {
        printf("{\"files\":%zu,\"records\":%zu,\"imported\":%zu,\"merged\":%zu,"
               "\"unchanged\":%zu,\"duplicates\":%zu,\"rejected\":%zu,\"unsupported\":%zu,"
               "\"allowlisted\":%zu,\"warnings\":%zu,\"seconds\":%.3f}\n",
               s->files, s->records, s->imported, s->merged, s->unchanged, s->duplicates,
               s->rejected, s->unsupported, s->allowlisted, s->warnings, s->seconds);
        return;
    }
    printf("imported %zu, merged %zu, unchanged %zu, duplicates %zu, rejected %zu, "
           "unsupported %zu, allowlisted %zu\n",
           s->imported, s->merged, s->unchanged, s->duplicates, s->rejected, s->unsupported,
           s->allowlisted);
}

/* The summary comes before any closing error message. */
static void print_summary_flush(const intel_import_summary *s, int json)
{
    print_summary(s, json);
    fflush(stdout);
}

/* The options an import and a feed source share, at offset off of their
 * options struct: the format, the TLP and the confidence given to what
 * they bring. */
#define FORMAT_OPT(off)                                                                            \
    {                                                                                              \
        "--format", CLI_STR, (off), "F", "auto (default), plain, csv, ndjson, stix, misp",         \
            .bad = "--format must be auto, plain, csv, ndjson, stix or misp"                       \
    }
#define TLP_OPT(off)                                                                               \
    {                                                                                              \
        "--tlp", CLI_STR, (off), "LEVEL",                                                          \
            "clear, green, amber (default), amber+strict, red;\n"                                  \
            "a record marked more strictly keeps its marking",                                     \
            .bad = "--tlp must be clear, green, amber, amber+strict or red"                        \
    }
#define CONFIDENCE_OPT(off)                                                                        \
    {                                                                                              \
        "--confidence", CLI_INT, (off), "N", "0-100, for records that carry none", 0, 100,         \
            .bad = "--confidence must be a number from 0 to 100"                                   \
    }

typedef struct import_opts {
    const char *format, *column, *source, *tlp;
    cli_list recipients, labels;
    long confidence, valid_days;
    int strict, json;
} import_opts;

static const import_opts import_defaults = {.confidence = -1};

#define O(f) offsetof(import_opts, f)
static const cli_opt_def import_opts_def[] = {
    FORMAT_OPT(O(format)),
    {"--column", CLI_STR, O(column), "NAME", "the CSV column (or NDJSON key) holding the value",
     .bad = "--column needs a name"},
    {"--source", CLI_STR, O(source), "NAME", "the source name (default: each file's base name)",
     .bad = "--source needs a name"},
    TLP_OPT(O(tlp)),
    {"--recipient", CLI_LIST, O(recipients), "AGENCY",
     "an agency the amber or red indicators are meant\n"
     "for (repeatable); other agencies never see them",
     .bad = "--recipient needs an agency id", .flags = CLI_EMPTY_OK},
    CONFIDENCE_OPT(O(confidence)),
    {"--valid-days", CLI_INT, O(valid_days), "N", "expire records N days after last seen", 1, 36500,
     .bad = "--valid-days must be a number from 1 to 36500"},
    {"--label", CLI_LIST, O(labels), "LABEL",
     "a label added to every imported indicator\n(repeatable; such as c2, botnet)",
     .bad = "--label needs a label"},
    {"--strict", CLI_FLAG, O(strict),
     .help = "any rejected line or object aborts the import;\nnothing is written"},
    {"--json", CLI_FLAG, O(json), .help = "print the summary as a JSON object"},
    {0},
};
#undef O

static int feed_import_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const import_opts *io = opts;
    intel_import_opts o = {.format = FEED_AUTO,
                           .column = io->column,
                           .source = io->source,
                           .tlp = TLP_UNSET,
                           .confidence = (int)io->confidence,
                           .valid_days = (int)io->valid_days,
                           .strict = io->strict,
                           .recipients = io->recipients.n ? io->recipients.v : NULL,
                           .nrecipients = io->recipients.n,
                           .labels = io->labels.n ? io->labels.v : NULL,
                           .nlabels = io->labels.n};
    for (size_t i = 0; i < io->labels.n; i++)
        if (!*io->labels.v[i] || strlen(io->labels.v[i]) > 64 || strchr(io->labels.v[i], '\n'))
            return cli_usage("feed import", "--label: a label is 1 to 64 characters");
    if (io->format && feed_format_from_name(io->format, &o.format) < 0)
        return cli_usage("feed import", "%s", import_opts_def[0].bad);
    if (io->source && strchr(io->source, '\n'))
        return cli_usage("feed import", "%s", import_opts_def[2].bad);
    if (io->tlp && tlp_from_name(io->tlp, strlen(io->tlp), &o.tlp) < 0)
        return cli_usage("feed import", "%s", import_opts_def[3].bad);
    cli_op op;
    int rc = cli_open(c, APP_OPEN_CREATE, &op);
    if (rc)
        return rc;
    reporter_ctx rctx = {isatty(STDERR_FILENO), 0, 0};
    intel_reporter rep = {&rctx, on_message, on_progress};
    intel_import_summary sum;
    int r = app_import_feed(op.a, &op.who, (const char *const *)argv, (size_t)argc, &o, &rep, &sum,
                            &op.err);
    clear_bar(&rctx);
    /* a failure rolled the transaction back: no counts to report but why */
    if ((rc = cli_close(&op, r)) == EXIT_OK)
        print_summary_flush(&sum, io->json);
    return rc;
}

/* ---- feed sources fetched on schedule ------------------------------------------ */

typedef struct src_opts {
    const char *format, *every, *tlp, *grace;
    long confidence, max_size;
    cli_list labels, headers;
    int complete, json;
} src_opts;

static const src_opts src_defaults = {.confidence = -1};

#define S(f) offsetof(src_opts, f)
static const cli_opt_def add_src_opts[] = {
    FORMAT_OPT(S(format)),
    {"--every", CLI_STR, S(every), "DURATION", "how often to fetch: 60s to 30d (default 1h)",
     .bad = "--every needs a duration such as 15m, 1h or 1d"},
    TLP_OPT(S(tlp)),
    CONFIDENCE_OPT(S(confidence)),
    {"--label", CLI_LIST, S(labels), "LABEL",
     "a label added to every indicator it brings\n(repeatable)", .bad = "--label needs a label"},
    {"--header", CLI_LIST, S(headers), "'NAME: VALUE'",
     "a request header (repeatable), such as an API key;\nits value is never shown again",
     .bad = "--header needs 'Name: value'"},
    {"--complete", CLI_FLAG, S(complete),
     .help = "the source lists everything it vouches for:\n"
             "what it no longer lists is dropped after --grace"},
    {"--grace", CLI_STR, S(grace), "DURATION",
     "with --complete: how long an indicator may be\nmissing before it is dropped (default 7d)",
     .bad = "--grace needs a duration such as 12h or 7d"},
    {"--max-size", CLI_INT, S(max_size), "BYTES", "the largest body fetched (default 256 MiB)",
     1024, 4294967296L, .bad = "--max-size must be a number from 1024 to 4294967296"},
    {0},
};
static const cli_opt_def json_src_opts[] = {
    {"--json", CLI_FLAG, S(json), .help = "print JSON"},
    {0},
};
#undef S

static int src_add_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    const src_opts *so = opts;
    intel_feed_def d = {.name = argv[0],
                        .url = argv[1],
                        .format = so->format,
                        .every = so->every,
                        .tlp = TLP_UNSET,
                        .confidence = (int)so->confidence,
                        .labels = so->labels.v,
                        .nlabels = so->labels.n,
                        .headers = so->headers.v,
                        .nheaders = so->headers.n,
                        .complete = so->complete,
                        .grace = so->grace,
                        .max_bytes = so->max_size};
    if (so->tlp && tlp_from_name(so->tlp, strlen(so->tlp), &d.tlp) < 0)
        return cli_usage("feed add", "%s", add_src_opts[2].bad);
    cli_op op;
    int rc = cli_open(c, APP_OPEN_CREATE, &op);
    if (rc)
        return rc;
    if ((rc = cli_close(&op, app_feed_add(op.a, &op.who, &d, &op.err))) == EXIT_OK)
        printf("added feed source %s\n", argv[0]);
    return rc;
}

static int src_list_cb(void *ctx, const store_feed_source *f)
{
    cli_rows *r = ctx;
    if (r->json)
        return cli_row_json(r, intel_feed_source_to_json(f, &r->b));
    char every[GISAC_DURATION_LEN], last[GISAC_TIME_LEN];
    gisac_duration_format(f->every, every);
    cli_time_text(f->last_success, last);
    printf("%s\t%s\t%s\t%s\t%s\t", f->name, f->format, every, f->enabled ? "enabled" : "disabled",
           last);
    if (f->http_status)
        printf("%d\t", f->http_status);
    else
        printf("-\t");
    printf("%s\n", f->last_error ? f->last_error : "-");
    r->n++;
    return 0;
}

static int src_list(app *a, const auth_principal *who, const void *opts, cli_rows *out,
                    gisac_err *err)
{
    return app_feed_list(a, who, src_list_cb, out, err);
}

static int src_show_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    cli_op op;
    int rc = cli_open(c, CLI_APP_NOTFOUND, &op);
    if (rc)
        return rc;
    gisac_arena *ar = gisac_arena_new(8192);
    if (!ar) {
        gisac_err_set(&op.err, GISAC_ENOMEM, "out of memory");
        return cli_close(&op, GISAC_ENOMEM);
    }
    store_feed_source f;
    int r = app_feed_get(op.a, &op.who, argv[0], &f, ar, &op.err);
    if ((rc = cli_close(&op, r)) != EXIT_OK) {
        gisac_arena_free(ar);
        return rc;
    }
    if (((const src_opts *)opts)->json) {
        gisac_buf b = GISAC_BUF_INIT;
        cli_put_json(&b, intel_feed_source_to_json(&f, &b));
        gisac_buf_free(&b);
        gisac_arena_free(ar);
        return EXIT_OK;
    }
    char every[GISAC_DURATION_LEN], grace[GISAC_DURATION_LEN], conf[16], http[16];
    gisac_duration_format(f.every, every);
    gisac_duration_format(f.grace, grace);
    snprintf(conf, sizeof conf, "%d", f.confidence);
    snprintf(http, sizeof http, "%d", f.http_status);
    const cli_kv kv[] = {
        {"name", CLI_KV_TEXT, .s = f.name},
        {"url", CLI_KV_TEXT, .s = f.url},
        {"format", CLI_KV_TEXT, .s = f.format},
        {"every", CLI_KV_TEXT, .s = every},
        {"tlp", CLI_KV_DASH, .s = f.tlp == TLP_UNSET ? NULL : tlp_name(f.tlp)},
        {"confidence", CLI_KV_DASH, .s = f.confidence >= 0 ? conf : NULL},
        {"labels", CLI_KV_DASH, .s = f.labels_json},
        {"headers", CLI_KV_DASH, .s = f.headers_json},
        {"complete", CLI_KV_TEXT, .s = f.complete ? "yes" : "no"},
        {"grace", CLI_KV_DASH, .s = f.complete ? grace : NULL},
        {"max_bytes", CLI_KV_INT, .v = f.max_bytes},
        {"enabled", CLI_KV_TEXT, .s = f.enabled ? "yes" : "no"},
        {"created", CLI_KV_TIME, .v = f.created},
        {"next_try", CLI_KV_TIME, .v = f.enabled ? (f.next_try ? f.next_try : f.created) : 0},
        {"last_try", CLI_KV_TIME, .v = f.last_try},
        {"last_success", CLI_KV_TIME, .v = f.last_success},
        {"http_status", CLI_KV_DASH, .s = f.http_status ? http : NULL},
        {"added", CLI_KV_INT, .v = f.added},
        {"updated", CLI_KV_INT, .v = f.updated},
        {"dropped", CLI_KV_INT, .v = f.dropped},
        {"failures", CLI_KV_INT, .v = f.failures},
        {"last_error", CLI_KV_DASH, .s = f.last_error},
        {"etag", CLI_KV_DASH, .s = f.etag},
        {"last_modified", CLI_KV_DASH, .s = f.last_modified},
    };
    cli_put_kv(kv, sizeof kv / sizeof kv[0], 14);
    gisac_arena_free(ar);
    return EXIT_OK;
}

static int src_fetch_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    cli_op op;
    int rc = cli_open(c, CLI_APP_NOTFOUND, &op);
    if (rc)
        return rc;
    intel_feed_result r;
    if ((rc = cli_close(&op, app_feed_fetch(op.a, &op.who, argv[0], &r, &op.err))) != EXIT_OK)
        return rc;
    if (((const src_opts *)opts)->json) {
        gisac_buf b = GISAC_BUF_INIT;
        cli_put_json(&b, app_feed_result_to_json(argv[0], &r, &b));
        gisac_buf_free(&b);
    } else if (r.ok && r.not_modified) {
        if (r.sum.dropped)
            printf("%s: HTTP 304, not modified: dropped %zu\n", argv[0], r.sum.dropped);
        else
            printf("%s: HTTP 304, not modified\n", argv[0]);
    } else if (r.ok) {
        printf("%s: HTTP %d, %lld bytes: added %zu, updated %zu, unchanged %zu, dropped %zu, "
               "rejected %zu\n",
               argv[0], r.http_status, (long long)r.bytes, r.sum.imported, r.sum.merged,
               r.sum.unchanged, r.sum.dropped, r.sum.rejected);
    }
    if (!r.ok) {
        fflush(stdout);
        cli_error("feed %s: %s", argv[0], r.error);
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

/* remove, enable, disable */
static int src_step(cli_ctx *c, const char *name, int step)
{
    cli_op op;
    int rc = cli_open(c, CLI_APP_NOTFOUND, &op);
    if (rc)
        return rc;
    int r = step < 0 ? app_feed_remove(op.a, &op.who, name, &op.err)
                     : app_feed_enable(op.a, &op.who, name, step, &op.err);
    if (r == GISAC_ECONFLICT) { /* enabled or disabled already: as a repeated revoke */
        cli_close(&op, 0);
        cli_error("%s", op.err.msg);
        return EXIT_NOTFOUND;
    }
    if ((rc = cli_close(&op, r)) == EXIT_OK)
        printf("%s feed source %s\n", step < 0 ? "removed" : step ? "enabled" : "disabled", name);
    return rc;
}

static int src_remove_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)opts;
    (void)argc;
    return src_step(c, argv[0], -1);
}

static int src_enable_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)opts;
    (void)argc;
    return src_step(c, argv[0], 1);
}

static int src_disable_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)opts;
    (void)argc;
    return src_step(c, argv[0], 0);
}

const cli_cmd cli_feed_cmds[] = {
    {.name = "import",
     .opts = import_opts_def,
     .opts_size = sizeof(import_opts),
     .defaults = &import_defaults,
     .flags = CLI_HINT_SELF,
     .run = feed_import_run},
    {.name = "add", .opts = add_src_opts, .flags = CLI_HINT_SELF, .run = src_add_run},
    {.name = "list", .opts = json_src_opts, .open = CLI_APP_HINT_IMPORT, .list = src_list},
    {.name = "show", .opts = json_src_opts, .run = src_show_run},
    {.name = "fetch", .opts = json_src_opts, .run = src_fetch_run},
    {.name = "remove", .run = src_remove_run},
    {.name = "enable", .run = src_enable_run},
    {.name = "disable", .run = src_disable_run},
    {.opts_size = sizeof(src_opts), .defaults = &src_defaults},
};
