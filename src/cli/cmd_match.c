/* cmd_match.c: gisac match (docs/match.md) */
#include "cli/cli.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

typedef struct match_cli_opts {
    const char *format, *agency;
    long threads;
    int follow, record, no_auto_report, stix;
} match_cli_opts;

#define O(f) offsetof(match_cli_opts, f)
static const cli_opt_def match_opts_def[] = {
    {"--format", CLI_STR, O(format), "F",
     "auto (default: detected per input), eve (Suricata EVE JSON),\n"
     "zeek (TSV or JSON), syslog (RFC 3164/5424), cef, text",
     .bad = "--format must be auto, eve, zeek, syslog, cef or text"},
    {"--threads", CLI_INT, O(threads), "N", "worker threads (default: the number of cores)", 1, 64,
     .bad = "--threads must be a number from 1 to 64"},
    {"--follow", CLI_FLAG, O(follow), NULL,
     "keep reading at the end of the input (tail -f); intel\n"
     "changes are picked up while running. Stop with Ctrl-C.",
     .lo = 0},
    {"--record", CLI_FLAG, O(record), NULL,
     "store the sightings (indicator, agency, first and last\n"
     "seen, count, direction, the agency's hosts); 'gisac\n"
     "sighting list' then shows them. Sightings of --agency\n"
     "that meet the policy's rules open or update alerts, one\n"
     "per indicator within the policy's window (docs/alert.md);\n"
     "never incidents",
     .lo = 0},
    {"--no-auto-report", CLI_FLAG, O(no_auto_report), NULL, "record the sightings only, no alerts",
     .lo = 0},
    {"--agency", CLI_STR, O(agency), "ID",
     "the agency the logs come from (for --record and --stix)", .bad = "--agency needs an id"},
    {"--stix", CLI_FLAG, O(stix), NULL, "write STIX 2.1 sighting objects, one a line", .lo = 0},
    {.name = NULL},
};
#undef O

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

/* The summary on stderr. */
static void summary(const app_match_opts *o, const app_match_result *res)
{
    const match_stats *st = &res->stats;
    double mb = (double)st->bytes / 1e6;
    double secs = st->seconds - st->build_seconds; /* matching, without the build */
    fprintf(stderr,
            "gisac: %llu lines, %llu events, %llu sightings, %llu unparsed, %zu indicators; "
            "%.1f MB matched in %.2f s (%.0f MB/s)\n",
            (unsigned long long)st->lines, (unsigned long long)st->events,
            (unsigned long long)st->sightings, (unsigned long long)st->unparsed, st->indicators, mb,
            secs, secs > 0 ? mb / secs : 0.0);
    if (st->indicators)
        fprintf(stderr,
                "gisac: snapshot of %zu indicators %s in %.2f s, %zu bytes beyond the values "
                "(%.0f a indicator)\n",
                st->indicators, st->snapshot_loaded ? "loaded (compiled)" : "built",
                st->build_seconds, st->snapshot_bytes - st->snapshot_values,
                (double)(st->snapshot_bytes - st->snapshot_values) / (double)st->indicators);
    if (st->snapshot_note[0])
        fprintf(stderr, "gisac: %s\n", st->snapshot_note);
    for (int i = 0; i < st->nerrors; i++)
        fprintf(stderr, "%s\n", st->first_errors[i]);
    if (o->record)
        cli_error("%llu indicators' sightings recorded", (unsigned long long)st->recorded);
    const incident_auto_stats *au = &res->autorep;
    if (au->enabled) {
        cli_error("alerts: %zu opened, %zu updated", au->opened, au->updated);
        if (au->not_alerted)
            cli_error("%zu indicators' sightings counted, not alerted: their direction is not one "
                      "the policy alerts on (the agency's networks decide it: gisac agency "
                      "update ID --networks)",
                      au->not_alerted);
        if (au->unattributed)
            cli_error("sightings without --agency open no alerts");
        if (au->unknown_agency)
            cli_error("agency %s is not in the registry (gisac agency add): its sightings open "
                      "no alerts",
                      o->agency);
    }
}

static int match_cmd_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const match_cli_opts *mo = opts;
    app_match_opts o;
    memset(&o, 0, sizeof o);
    o.format = MATCH_FMT_AUTO;
    if (mo->format && match_format_from_name(mo->format, &o.format) < 0)
        return cli_usage("match", "--format must be auto, eve, zeek, syslog, cef or text");
    if (mo->agency && strlen(mo->agency) > 200)
        return cli_usage("match", "--agency needs an id");
    o.threads = (int)mo->threads;
    o.follow = mo->follow;
    o.record = mo->record;
    o.no_auto_report = mo->no_auto_report;
    o.stix = mo->stix;
    o.agency = mo->agency;
    o.stop = &stop_flag;
    static const char *const std_in[] = {"-"};
    const char *const *files = argc ? (const char *const *)argv : std_in;
    size_t nfiles = argc ? (size_t)argc : 1;
    if (o.follow && nfiles > 1)
        return cli_usage("match", "--follow reads one input; run one gisac match per file");
    if (o.no_auto_report && !o.record)
        return cli_usage("match", "--no-auto-report goes with --record");
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    cli_op op;
    int rc = cli_open(c, CLI_APP_HINT_IMPORT, &op);
    if (rc)
        return rc;
    app_match_result res;
    int r = app_match_logs(op.a, &op.who, files, nfiles, &o, stdout, &res, &op.err);
    app_close(op.a);
    summary(&o, &res);
    if (r < 0)
        return cli_fail(&op.err);
    if (res.stats.interrupted) {
        cli_error("interrupted: the input was not read to its end");
        return EXIT_FAIL;
    }
    return res.stats.sightings ? EXIT_OK : EXIT_NOTFOUND;
}

const cli_cmd cli_match_cmd = {
    .name = "match",
    .opts = match_opts_def,
    .opts_size = sizeof(match_cli_opts),
    .run = match_cmd_run,
};
