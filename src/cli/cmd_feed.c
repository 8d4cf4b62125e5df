/* cmd_feed.c: gisac feed import */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char import_usage[] =
    "usage: gisac feed import [OPTIONS] FILE...\n"
    "\n"
    "Import indicators from feed files in one transaction. FILE may be '-'\n"
    "for stdin, or a MISP feed directory (manifest.json and event files).\n"
    "\n"
    "options:\n"
    "  --format F        auto (default), plain, csv, ndjson, stix, misp\n"
    "  --column NAME     the CSV column (or NDJSON key) holding the value\n"
    "  --source NAME     the source name (default: each file's base name)\n"
    "  --tlp LEVEL       clear, green, amber (default), amber+strict, red;\n"
    "                    a record marked more strictly keeps its marking\n"
    "  --recipient AGENCY  an agency the amber or red indicators are meant\n"
    "                    for (repeatable); other agencies never see them\n"
    "  --confidence N    0-100, for records that carry none\n"
    "  --valid-days N    expire records N days after last seen\n"
    "  --strict          any rejected line or object aborts the import;\n"
    "                    nothing is written\n"
    "  --json            print the summary as a JSON object\n"
    "  -h, --help        print this help\n"
    "\n"
    "Rejected lines are reported on stderr as FILE:LINE: reason (JSON inputs\n"
    "name the JSON path). The rest is imported. Exit status 0 when the\n"
    "import committed, 2 on failure (nothing written).\n";

static const char feed_usage[] = "usage: gisac feed import [OPTIONS] FILE...\n"
                                 "\n"
                                 "commands:\n"
                                 "  import    import indicators from feed files\n";

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

static int feed_import(cli_ctx *c, int argc, char **argv)
{
    intel_import_opts o = {FEED_AUTO, NULL, NULL, TLP_UNSET, -1, 0, 0, NULL, 0};
    int json = 0;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    const char **recips = calloc((size_t)argc + 1, sizeof *recips);
    size_t nfiles = 0;
    int only_files = 0;
    if (!files || !recips) {
        free(files);
        free(recips);
        return cli_usage("feed import", "out of memory");
    }
    o.recipients = recips;
    int rc = EXIT_FAIL;
    for (int i = 0; i < argc; i++) {
        const char *v;
        int m;
        const char *a = argv[i];
        if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
            files[nfiles++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_files = 1;
        } else if (cli_is_help(a)) {
            free(files);
            free(recips);
            return cli_help(import_usage);
        } else if (strcmp(a, "--strict") == 0) {
            o.strict = 1;
        } else if (strcmp(a, "--json") == 0) {
            json = 1;
        } else if ((m = cli_opt(argc, argv, &i, "--format", &v)) != 0) {
            if (m < 0 || feed_format_from_name(v, &o.format) < 0) {
                rc = cli_usage("feed import", "--format must be auto, plain, csv, ndjson, "
                                              "stix or misp");
                goto out;
            }
        } else if ((m = cli_opt(argc, argv, &i, "--column", &v)) != 0) {
            if (m < 0 || !*v) {
                rc = cli_usage("feed import", "--column needs a name");
                goto out;
            }
            o.column = v;
        } else if ((m = cli_opt(argc, argv, &i, "--source", &v)) != 0) {
            if (m < 0 || !*v || strchr(v, '\n')) {
                rc = cli_usage("feed import", "--source needs a name");
                goto out;
            }
            o.source = v;
        } else if ((m = cli_opt(argc, argv, &i, "--tlp", &v)) != 0) {
            if (m < 0 || tlp_from_name(v, strlen(v), &o.tlp) < 0) {
                rc = cli_usage("feed import",
                               "--tlp must be clear, green, amber, amber+strict or red");
                goto out;
            }
        } else if ((m = cli_opt(argc, argv, &i, "--recipient", &v)) != 0) {
            if (m < 0) {
                rc = cli_usage("feed import", "--recipient needs an agency id");
                goto out;
            }
            recips[o.nrecipients++] = v;
        } else if ((m = cli_opt(argc, argv, &i, "--confidence", &v)) != 0) {
            long n;
            if (m < 0 || cli_int(v, 0, 100, &n) < 0) {
                rc = cli_usage("feed import", "--confidence must be a number from 0 to 100");
                goto out;
            }
            o.confidence = (int)n;
        } else if ((m = cli_opt(argc, argv, &i, "--valid-days", &v)) != 0) {
            long n;
            if (m < 0 || cli_int(v, 1, 36500, &n) < 0) {
                rc = cli_usage("feed import", "--valid-days must be a number from 1 to 36500");
                goto out;
            }
            o.valid_days = (int)n;
        } else {
            rc = cli_usage("feed import", "unknown option '%s'", a);
            goto out;
        }
    }
    if (!nfiles) {
        rc = cli_usage("feed import", "no FILE given");
        goto out;
    }

    app *a;
    if ((rc = cli_app(c, APP_OPEN_CREATE, &a)) != 0)
        goto out;
    auth_principal who = app_operator(a);
    reporter_ctx rctx = {isatty(STDERR_FILENO), 0, 0};
    intel_reporter rep = {&rctx, on_message, on_progress};
    intel_import_summary sum;
    gisac_err err = GISAC_ERR_INIT;
    int r = app_import_feed(a, &who, files, nfiles, &o, &rep, &sum, &err);
    clear_bar(&rctx);
    app_close(a);
    if (r < 0) {
        /* the transaction was rolled back: no counts to report but why */
        rc = cli_fail(&err);
    } else {
        print_summary_flush(&sum, json);
        rc = EXIT_OK;
    }
out:
    free(files);
    free(recips);
    return rc;
}

int cmd_feed(cli_ctx *c, int argc, char **argv)
{
    if (argc < 1 || cli_is_help(argv[0])) {
        if (argc < 1) {
            fputs(feed_usage, stderr);
            return EXIT_FAIL;
        }
        return cli_help(feed_usage);
    }
    if (strcmp(argv[0], "import") == 0)
        return feed_import(c, argc - 1, argv + 1);
    return cli_usage("feed", "unknown feed command '%s'", argv[0]);
}

const cli_cmd cli_feed_cmd = {.name = "feed",
                              .synopsis = "import",
                              .summary =
                                  "import indicators from feeds (plain, CSV, STIX 2.1, MISP)",
                              .raw = cmd_feed};
