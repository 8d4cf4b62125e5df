/* cmd_report.c: gisac report kpi (docs/report.md): the key indicators of a year or a month */
#include "cli/cli.h"
#include "report/report.h"

#include <string.h>

static const char usage[] =
    "usage: gisac report kpi [--year Y] [--month M] [--format json|html] [--output FILE]\n"
    "\n"
    "The key indicators (資安關鍵指標) of a year, or of one month of it:\n"
    "incidents by level, sector and category; median and p90 of the time to\n"
    "report, to review and to recover; the share of incidents within each\n"
    "deadline; intel releases, advisories and sightings; and the programme's\n"
    "targets, each met or not met (docs/report.md).\n"
    "\n"
    "options:\n"
    "  --year Y          the year (default: the current one)\n"
    "  --month M         one month of it, 1 to 12\n"
    "  --format F        json (default) or html: one self-contained page with\n"
    "                    inline SVG charts, printable\n"
    "  --output FILE     write to FILE (a temporary file renamed into place)\n"
    "                    instead of stdout\n"
    "\n"
    "Exit status: 0 done, 2 error.\n";

static int report_kpi(cli_ctx *c, int argc, char **argv)
{
    report_period p = {0, 0};
    int html = 0;
    const char *output = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v;
        int m;
        long n;
        if (cli_is_help(argv[i]))
            return cli_help(usage);
        if ((m = cli_opt(argc, argv, &i, "--year", &v)) != 0) {
            if (m < 0 || cli_int(v, 1970, 9999, &n) < 0)
                return cli_usage("report", "--year needs a year, 1970 to 9999");
            p.year = (int)n;
        } else if ((m = cli_opt(argc, argv, &i, "--month", &v)) != 0) {
            if (m < 0 || cli_int(v, 1, 12, &n) < 0)
                return cli_usage("report", "--month needs a month, 1 to 12");
            p.month = (int)n;
        } else if ((m = cli_opt(argc, argv, &i, "--format", &v)) != 0) {
            if (m < 0 || (strcmp(v, "json") != 0 && strcmp(v, "html") != 0))
                return cli_usage("report", "--format needs json or html");
            html = strcmp(v, "html") == 0;
        } else if ((m = cli_opt(argc, argv, &i, "--output", &v)) != 0) {
            if (m < 0 || !*v)
                return cli_usage("report", "--output needs a file name");
            output = v;
        } else {
            return cli_usage("report", "unknown argument '%s'", argv[i]);
        }
    }
    incident_svc *svc;
    auth_principal who;
    int rc = cli_incident_open(c, 0, &svc, &who);
    if (rc != 0)
        return rc;
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    if (html)
        rc = report_kpi_html(svc, &who, &p, gisac_now(), &b, &err);
    else
        rc = report_kpi_json(svc, &who, &p, gisac_now(), 1, &b, &err);
    incident_svc_free(svc);
    if (rc == 0) {
        if (output)
            rc = gisac_write_file_atomic(output, b.data, b.len, &err);
        else
            fwrite(b.data, 1, b.len, stdout);
    }
    gisac_buf_free(&b);
    return rc < 0 ? cli_fail(&err) : EXIT_OK;
}

int cmd_report(cli_ctx *c, int argc, char **argv)
{
    if (argc < 1) {
        fputs(usage, stderr);
        return EXIT_FAIL;
    }
    if (cli_is_help(argv[0]))
        return cli_help(usage);
    if (strcmp(argv[0], "kpi") == 0)
        return report_kpi(c, argc - 1, argv + 1);
    return cli_usage("report", "unknown report '%s' (there is: kpi)", argv[0]);
}

const cli_cmd cli_report_cmd = {.name = "report",
                                .synopsis = "kpi",
                                .summary = "the key indicators of a year or a month (JSON, HTML)",
                                .raw = cmd_report};
