/* cmd_feed.c: gisac feed import */
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

typedef struct import_opts {
    const char *format, *column, *source, *tlp;
    cli_list recipients;
    long confidence, valid_days;
    int strict, json;
} import_opts;

static const import_opts import_defaults = {.confidence = -1};

#define O(f) offsetof(import_opts, f)
static const cli_opt_def import_opts_def[] = {
    {"--format", CLI_STR, O(format), "F", "auto (default), plain, csv, ndjson, stix, misp",
     .bad = "--format must be auto, plain, csv, ndjson, stix or misp"},
    {"--column", CLI_STR, O(column), "NAME", "the CSV column (or NDJSON key) holding the value",
     .bad = "--column needs a name"},
    {"--source", CLI_STR, O(source), "NAME", "the source name (default: each file's base name)",
     .bad = "--source needs a name"},
    {"--tlp", CLI_STR, O(tlp), "LEVEL",
     "clear, green, amber (default), amber+strict, red;\n"
     "a record marked more strictly keeps its marking",
     .bad = "--tlp must be clear, green, amber, amber+strict or red"},
    {"--recipient", CLI_LIST, O(recipients), "AGENCY",
     "an agency the amber or red indicators are meant\n"
     "for (repeatable); other agencies never see them",
     .bad = "--recipient needs an agency id", .flags = CLI_EMPTY_OK},
    {"--confidence", CLI_INT, O(confidence), "N", "0-100, for records that carry none", 0, 100,
     .bad = "--confidence must be a number from 0 to 100"},
    {"--valid-days", CLI_INT, O(valid_days), "N", "expire records N days after last seen", 1, 36500,
     .bad = "--valid-days must be a number from 1 to 36500"},
    {"--strict", CLI_FLAG, O(strict),
     .help = "any rejected line or object aborts the import;\nnothing is written"},
    {"--json", CLI_FLAG, O(json), .help = "print the summary as a JSON object"},
    {0},
};
#undef O

static int feed_import_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const import_opts *io = opts;
    intel_import_opts o = {FEED_AUTO,           io->column,
                           io->source,          TLP_UNSET,
                           (int)io->confidence, (int)io->valid_days,
                           io->strict,          io->recipients.n ? io->recipients.v : NULL,
                           io->recipients.n};
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

static const cli_cmd feed_cmds[] = {
    {.name = "import",
     .synopsis = "FILE...",
     .summary = "import indicators from feed files",
     .text = "Import indicators from feed files in one transaction. FILE may be '-'\n"
             "for stdin, or a MISP feed directory (manifest.json and event files).\n",
     .notes = "Rejected lines are reported on stderr as FILE:LINE: reason (JSON inputs\n"
              "name the JSON path). The rest is imported. Exit status 0 when the\n"
              "import committed, 2 on failure (nothing written).\n",
     .opts = import_opts_def,
     .opts_size = sizeof(import_opts),
     .defaults = &import_defaults,
     .missing = "no FILE given",
     .flags = CLI_HINT_SELF,
     .run = feed_import_run},
    {0},
};

const cli_cmd cli_feed_cmd = {
    .name = "feed",
    .summary = "import indicators from feeds (plain, CSV, STIX 2.1, MISP)",
    .subs = feed_cmds,
};
