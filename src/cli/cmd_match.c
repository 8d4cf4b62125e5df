/* cmd_match.c: gisac match */
#include "cli/cli.h"
#include "incident/incident.h"
#include "match/match.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

static const char match_usage[] =
    "usage: gisac match [--format auto|eve|zeek|syslog|cef|text] [--threads N]\n"
    "                   [--follow] [--record [--no-auto-report]] [--agency ID]\n"
    "                   [--stix] [FILE...]\n"
    "\n"
    "Match sensor logs against the active indicators and write one JSON line\n"
    "per sighting to stdout. Reads stdin when no FILE is given or FILE is '-'.\n"
    "\n"
    "  --format F    auto (default: detected per input), eve (Suricata EVE JSON),\n"
    "                zeek (TSV or JSON), syslog (RFC 3164/5424), cef, text\n"
    "  --threads N   worker threads (default: the number of cores)\n"
    "  --follow      keep reading at the end of the input (tail -f); intel\n"
    "                changes are picked up while running. Stop with Ctrl-C.\n"
    "  --record      store the sightings (indicator, agency, first and last\n"
    "                seen, count); 'gisac intel search' then shows them. When\n"
    "                the policy turns automatic reporting on, the sightings\n"
    "                of --agency also open or update draft incidents, one per\n"
    "                indicator within the policy's window (docs/incident.md)\n"
    "  --no-auto-report  record the sightings only, no incidents\n"
    "  --agency ID   the agency the logs come from (for --record and --stix)\n"
    "  --stix        write STIX 2.1 sighting objects, one a line\n"
    "\n"
    "A sighting line holds: input, line, event_type, ts, field, value,\n"
    "indicator {id, type, value}, sources, confidence, tlp, src_ip, dest_ip.\n"
    "A summary goes to stderr. Exit status: 0 something matched, 1 nothing\n"
    "did, 2 error.\n";

static volatile sig_atomic_t stop_flag;

/* --record: automatic reporting inside every flush of the sightings */
typedef struct auto_ctx {
    char *evdir;
    incident_auto_stats total;
} auto_ctx;

static int on_record(void *ctx, store *st, const match_record *rows, size_t n, int64_t now,
                     gisac_err *err)
{
    auto_ctx *a = ctx;
    incident_sighting *sg = calloc(n ? n : 1, sizeof *sg);
    if (!sg)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        sg[i] = (incident_sighting){rows[i].indicator, rows[i].agency, rows[i].first, rows[i].last,
                                    rows[i].count};
    incident_svc *svc;
    int rc = incident_svc_new(st, a->evdir, &svc, err);
    incident_auto_stats s;
    if (rc == 0) {
        rc = incident_auto_report(svc, sg, n, now, NULL, NULL, &s, err);
        incident_svc_free(svc);
    }
    free(sg);
    if (rc < 0)
        return rc;
    /* counted once the flush is sure to commit: a failed one is tried again */
    a->total.enabled |= s.enabled;
    a->total.sightings += s.sightings;
    a->total.unattributed += s.unattributed;
    a->total.unknown_agency += s.unknown_agency;
    a->total.not_qualified += s.not_qualified;
    a->total.opened += s.opened;
    a->total.updated += s.updated;
    return 0;
}

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

int cmd_match(cli_ctx *c, int argc, char **argv)
{
    match_opts o;
    memset(&o, 0, sizeof o);
    o.format = MATCH_FMT_AUTO;
    o.reload_secs = 1.0;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t nfiles = 0;
    int no_auto = 0;
    auto_ctx ac;
    memset(&ac, 0, sizeof ac);
    if (!files)
        return cli_usage("match", "out of memory");
    int rc = EXIT_FAIL;
    for (int i = 0; i < argc; i++) {
        const char *v, *a = argv[i];
        int m;
        if (a[0] != '-' || strcmp(a, "-") == 0) {
            files[nfiles++] = a;
        } else if (cli_is_help(a)) {
            free(files);
            return cli_help(match_usage);
        } else if (strcmp(a, "--follow") == 0) {
            o.follow = 1;
        } else if (strcmp(a, "--record") == 0) {
            o.record = 1;
        } else if (strcmp(a, "--no-auto-report") == 0) {
            no_auto = 1;
        } else if (strcmp(a, "--stix") == 0) {
            o.stix = 1;
        } else if ((m = cli_opt(argc, argv, &i, "--format", &v)) != 0) {
            if (m < 0 || match_format_from_name(v, &o.format) < 0) {
                rc = cli_usage("match", "--format must be auto, eve, zeek, syslog, cef or text");
                goto out;
            }
        } else if ((m = cli_opt(argc, argv, &i, "--threads", &v)) != 0) {
            long n;
            if (m < 0 || cli_int(v, 1, 64, &n) < 0) {
                rc = cli_usage("match", "--threads must be a number from 1 to 64");
                goto out;
            }
            o.threads = (int)n;
        } else if ((m = cli_opt(argc, argv, &i, "--agency", &v)) != 0) {
            if (m < 0 || !*v || strlen(v) > 200) {
                rc = cli_usage("match", "--agency needs an id");
                goto out;
            }
            o.agency = v;
        } else {
            rc = cli_usage("match", "unknown option '%s'", a);
            goto out;
        }
    }
    if (!nfiles)
        files[nfiles++] = "-";
    if (o.follow && nfiles > 1) {
        rc = cli_usage("match", "--follow reads one input; run one gisac match per file");
        goto out;
    }
    if (no_auto && !o.record) {
        rc = cli_usage("match", "--no-auto-report goes with --record");
        goto out;
    }
    o.db_path = c->db_path;
    o.stop = &stop_flag;
    if (o.record && !no_auto) {
        size_t dl = strlen(c->db_path);
        if (!(ac.evdir = malloc(dl + sizeof ".evidence"))) {
            rc = cli_usage("match", "out of memory");
            goto out;
        }
        memcpy(ac.evdir, c->db_path, dl);
        memcpy(ac.evdir + dl, ".evidence", sizeof ".evidence");
        o.on_record = on_record;
        o.on_record_ctx = &ac;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    intel *in;
    if ((rc = cli_open_existing(c, &in)) != 0)
        goto out;
    match_stats st;
    gisac_err err = GISAC_ERR_INIT;
    int r = match_run(intel_store(in), files, nfiles, &o, stdout, &st, &err);
    intel_close(in);
    double mb = (double)st.bytes / 1e6;
    double secs = st.seconds - st.build_seconds; /* matching, without the build */
    fprintf(stderr,
            "gisac: %llu lines, %llu events, %llu sightings, %llu unparsed, %zu indicators; "
            "%.1f MB matched in %.2f s (%.0f MB/s)\n",
            (unsigned long long)st.lines, (unsigned long long)st.events,
            (unsigned long long)st.sightings, (unsigned long long)st.unparsed, st.indicators, mb,
            secs, secs > 0 ? mb / secs : 0.0);
    if (st.indicators)
        fprintf(stderr,
                "gisac: snapshot of %zu indicators built in %.2f s, %zu bytes beyond the values "
                "(%.0f a indicator)\n",
                st.indicators, st.build_seconds, st.snapshot_bytes - st.snapshot_values,
                (double)(st.snapshot_bytes - st.snapshot_values) / (double)st.indicators);
    for (int i = 0; i < st.nerrors; i++)
        fprintf(stderr, "%s\n", st.first_errors[i]);
    if (st.reload_off && o.follow)
        cli_error("warning: cannot watch the database; intel changes will not be picked up");
    if (o.record)
        cli_error("%llu indicators' sightings recorded", (unsigned long long)st.recorded);
    if (ac.total.enabled) {
        cli_error("automatic reporting: %zu incidents opened, %zu updated", ac.total.opened,
                  ac.total.updated);
        if (ac.total.unattributed)
            cli_error("sightings without --agency are not reported automatically");
        if (ac.total.unknown_agency)
            cli_error("agency %s is not in the registry (gisac agency add): its sightings are "
                      "not reported automatically",
                      o.agency);
    }
    if (r < 0) {
        rc = cli_fail(&err);
        goto out;
    }
    if (st.interrupted) {
        cli_error("interrupted: the input was not read to its end");
        rc = EXIT_FAIL;
        goto out;
    }
    rc = st.sightings ? EXIT_OK : EXIT_NOTFOUND;
out:
    free(files);
    free(ac.evdir);
    return rc;
}

const cli_cmd cli_match_cmd = {
    .name = "match",
    .summary =
        "match sensor logs (Suricata EVE, Zeek, syslog, CEF, text) against the active indicators",
    .raw = cmd_match};
