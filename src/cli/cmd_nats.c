/* cmd_nats.c: gisac publish and gisac worker: ingest through NATS JetStream
 * (docs/publish.md, docs/worker.md). */
#include "cli/cli.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

static void catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

/* ---- gisac publish ------------------------------------------------------------- */

typedef struct publish_cli_opts {
    const char *nats, *agency, *format;
    long chunk;
} publish_cli_opts;

#define NATS_OPT(T)                                                                                \
    {                                                                                              \
        "--nats", CLI_STR, offsetof(T, nats), "URL",                                               \
            "the NATS server(s) with JetStream (nats://HOST:PORT,\n"                               \
            "comma-separated)",                                                                    \
            .bad = "--nats needs a URL"                                                            \
    }

#define O(f) offsetof(publish_cli_opts, f)
static const cli_opt_def publish_opts_def[] = {
    NATS_OPT(publish_cli_opts),
    {"--agency", CLI_STR, O(agency), "ID", "the agency the logs come from",
     .bad = "--agency needs an id"},
    {"--format", CLI_STR, O(format), "F",
     "auto (default: detected per chunk), eve, zeek, syslog,\ncef, text",
     .bad = "--format must be auto, eve, zeek, syslog, cef or text"},
    {"--chunk", CLI_INT, O(chunk), "BYTES",
     "bytes of whole lines a chunk (1024-786432, default\n262144)", 1024, APP_PUBLISH_CHUNK_MAX,
     .bad = "--chunk needs bytes from 1024 to 786432"},
    {.name = NULL},
};
#undef O

static int publish_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const publish_cli_opts *po = opts;
    if (!po->nats)
        return cli_usage("publish", "--nats URL is required");
    if (!po->agency)
        return cli_usage("publish", "--agency ID is required");
    app_publish_opts o = {po->nats, po->agency, po->format, (size_t)po->chunk, &stop_flag};
    static const char *const std_in[] = {"-"};
    const char *const *files = argc ? (const char *const *)argv : std_in;
    size_t n = argc ? (size_t)argc : 1;
    catch_signals();
    app_publish_result res;
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_publish_files(&o, files, n, &res, &err);
    if (rc == GISAC_EINVAL && (!strcmp(err.field, "agency") || !strcmp(err.field, "format") ||
                               !strcmp(err.field, "chunk")))
        return cli_usage("publish", "--%s: %s", err.field, err.msg);
    fprintf(stderr,
            "gisac: %llu chunks published (%llu stored before), %llu lines, %llu bytes; "
            "%llu bytes published before passed over\n",
            (unsigned long long)res.chunks, (unsigned long long)res.duplicates,
            (unsigned long long)res.lines, (unsigned long long)res.bytes,
            (unsigned long long)res.resumed);
    if (res.held)
        cli_error("%llu bytes of unfinished last lines (no newline) are left for the next run",
                  (unsigned long long)res.held);
    if (rc < 0)
        return cli_fail(&err);
    if (stop_flag) {
        cli_error("interrupted: published up to the last chunk acknowledged");
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

const cli_cmd cli_publish_cmd = {
    .name = "publish",
    .opts = publish_opts_def,
    .opts_size = sizeof(publish_cli_opts),
    .run = publish_run,
};

/* ---- gisac worker --------------------------------------------------------------- */

typedef struct worker_cli_opts {
    const char *nats, *name, *retain;
    long threads, batch, max_deliver, ack_wait, nak_delay, retain_bytes, replicas;
    int until_idle;
} worker_cli_opts;

static const worker_cli_opts worker_defaults = {
    .threads = 1, .batch = 16, .max_deliver = 5, .ack_wait = 30, .nak_delay = 1000};

#define O(f) offsetof(worker_cli_opts, f)
static const cli_opt_def worker_opts_def[] = {
    NATS_OPT(worker_cli_opts),
    {"--threads", CLI_INT, O(threads), "N",
     "threads, each with its own database connection\n(1-64, default 1)", 1, 64,
     .bad = "--threads needs a number from 1 to 64"},
    {"--batch", CLI_INT, O(batch), "N", "chunks fetched at a time (1-256, default 16)", 1, 256,
     .bad = "--batch needs a number from 1 to 256"},
    {"--max-deliver", CLI_INT, O(max_deliver), "N",
     "failed deliveries before a chunk is set aside\n(1-100, default 5)", 1, 100,
     .bad = "--max-deliver needs a number from 1 to 100"},
    {"--ack-wait", CLI_INT, O(ack_wait), "SECONDS",
     "a chunk not acknowledged this long is delivered\nagain (1-3600, default 30)", 1, 3600,
     .bad = "--ack-wait needs seconds from 1 to 3600"},
    {"--nak-delay", CLI_INT, O(nak_delay), "MS",
     "a failed chunk comes back after this long\n(1-600000 ms, default 1000)", 1, 600000,
     .bad = "--nak-delay needs milliseconds from 1 to 600000"},
    {"--retain", CLI_STR, O(retain), "DURATION",
     "keep chunks in the stream this long (\"7d\"; a new\nstream: 7d)",
     .bad = "--retain needs a duration (90s, 30m, 12h, 7d)"},
    {"--retain-bytes", CLI_INT, O(retain_bytes), "BYTES",
     "keep at most this many bytes in the stream, the\noldest dropped first", 1024, 1L << 50,
     .bad = "--retain-bytes needs bytes from 1024"},
    {"--replicas", CLI_INT, O(replicas), "N",
     "copies of the stream in a NATS cluster (1-5; a new\nstream: 1)", 1, 5,
     .bad = "--replicas needs a number from 1 to 5"},
    {"--name", CLI_STR, O(name), "NAME", "the worker's name in status (default HOST:PID)",
     .bad = "--name needs a name"},
    {"--until-idle", CLI_FLAG, O(until_idle), NULL,
     "stop once every chunk is acknowledged (a batch run)", .lo = 0},
    {.name = NULL},
};
#undef O

static int worker_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const worker_cli_opts *wo = opts;
    if (!wo->nats)
        return cli_usage("worker", "--nats URL is required");
    app_retention r = {0, wo->retain_bytes, (int)wo->replicas};
    if (wo->retain && (gisac_duration_parse(wo->retain, &r.max_age) < 0 || r.max_age <= 0))
        return cli_usage("worker", "--retain needs a duration (90s, 30m, 12h, 7d)");
    app_worker_opts o;
    memset(&o, 0, sizeof o);
    o.url = wo->nats;
    o.threads = (int)wo->threads;
    o.batch = (int)wo->batch;
    o.max_deliver = (int)wo->max_deliver;
    o.ack_wait_ms = wo->ack_wait * 1000;
    o.nak_delay_ms = wo->nak_delay;
    o.until_idle = wo->until_idle;
    o.name = wo->name;
    o.retention = r.max_age || r.max_bytes || r.replicas ? &r : NULL;
    o.stop = &stop_flag;
    cli_op op;
    int rc = cli_open(c, 0, &op);
    if (rc)
        return rc;
    catch_signals();
    app_worker_result res;
    int r2 = app_worker_run(op.a, &op.who, &o, &res, &op.err);
    app_close(op.a);
    fprintf(stderr,
            "gisac: %llu chunks recorded (%llu sightings), %llu delivered again after they "
            "were recorded, %llu failed deliveries, %llu set aside, %llu reconnects\n",
            (unsigned long long)res.chunks, (unsigned long long)res.sightings,
            (unsigned long long)res.repeated, (unsigned long long)res.failures,
            (unsigned long long)res.set_aside, (unsigned long long)res.reconnects);
    if (r2 < 0)
        return cli_fail(&op.err);
    return EXIT_OK;
}

const cli_cmd cli_worker_cmd = {
    .name = "worker",
    .opts = worker_opts_def,
    .opts_size = sizeof(worker_cli_opts),
    .defaults = &worker_defaults,
    .run = worker_run,
};

/* ---- gisac hunt ----------------------------------------------------------------- */

typedef struct hunt_cli_opts {
    const char *nats, *since, *indicator;
} hunt_cli_opts;

#define O(f) offsetof(hunt_cli_opts, f)
static const cli_opt_def hunt_opts_def[] = {
    NATS_OPT(hunt_cli_opts),
    {"--since", CLI_STR, O(since), "DURATION",
     "the chunks the stream stored this long ago and\nlater (\"12h\", \"7d\"; required)",
     .bad = "--since needs a duration (90s, 30m, 12h, 7d)"},
    {"--indicator", CLI_STR, O(indicator), "VALUE",
     "only this indicator's sightings (an address, domain,\nURL, hash or e-mail address)",
     .bad = "--indicator needs a value"},
    {.name = NULL},
};
#undef O

static int hunt_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const hunt_cli_opts *ho = opts;
    if (!ho->nats)
        return cli_usage("hunt", "--nats URL is required");
    app_hunt_opts o = {ho->nats, gisac_now(), 0, ho->indicator, &stop_flag};
    if (!ho->since)
        return cli_usage("hunt", "--since DURATION is required");
    if (gisac_duration_parse(ho->since, &o.since) < 0 || o.since <= 0)
        return cli_usage("hunt", "--since needs a duration (90s, 30m, 12h, 7d)");
    cli_op op;
    int rc = cli_open(c, CLI_APP_HINT_IMPORT, &op);
    if (rc)
        return rc;
    catch_signals();
    app_hunt_result res;
    int r = app_hunt(op.a, &op.who, &o, &res, &op.err);
    app_close(op.a);
    if (r == GISAC_EINVAL && !strcmp(op.err.field, "indicator"))
        return cli_usage("hunt", "--indicator %s", op.err.msg);
    fprintf(stderr, "gisac: %llu chunks matched, %llu sightings recorded\n",
            (unsigned long long)res.chunks, (unsigned long long)res.sightings);
    if (res.unreadable)
        cli_error("%llu chunks gisac cannot read were passed over (the workers set them aside)",
                  (unsigned long long)res.unreadable);
    if (r < 0)
        return cli_fail(&op.err);
    if (stop_flag) {
        cli_error("interrupted: what was recorded stays; hunt again to go on");
        return EXIT_FAIL;
    }
    return res.sightings ? EXIT_OK : EXIT_NOTFOUND;
}

const cli_cmd cli_hunt_cmd = {
    .name = "hunt",
    .opts = hunt_opts_def,
    .opts_size = sizeof(hunt_cli_opts),
    .run = hunt_run,
};
