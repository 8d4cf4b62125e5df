/* cmd_status.c: gisac status (docs/status.md): the alert light and its reasons */
#include "cli/cli.h"
#include "report/report.h"

#include <string.h>

static const char usage[] =
    "usage: gisac status [--sector S] [--json]\n"
    "\n"
    "The alert light (資安警示燈號), green < blue < yellow < orange < red, of\n"
    "the whole and of each sector, with the reasons behind it: open incidents\n"
    "by level, breached deadlines, and the sightings of the last 24 hours\n"
    "against the days before. gisac's own scheme, not an official one; the\n"
    "thresholds are the policy's \"alert_light\" (docs/status.md).\n"
    "\n"
    "options:\n"
    "  --sector S   the light of one sector only (the agencies' sector)\n"
    "  --json       print it as JSON (the shape of GET /api/v1/status)\n"
    "\n"
    "Exit status: 0 done, 1 no agency in that sector, 2 error.\n";

int cmd_status(cli_ctx *c, int argc, char **argv)
{
    const char *sector = NULL;
    int json = 0;
    for (int i = 0; i < argc; i++) {
        const char *v;
        int m;
        if (cli_is_help(argv[i]))
            return cli_help(usage);
        if ((m = cli_opt(argc, argv, &i, "--sector", &v)) != 0) {
            if (m < 0 || !*v)
                return cli_usage("status", "--sector needs a sector name");
            sector = v;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else {
            return cli_usage("status", "unknown argument '%s'", argv[i]);
        }
    }
    incident_svc *svc;
    auth_principal who;
    int rc = cli_incident_open(c, 0, &svc, &who);
    if (rc != 0)
        return rc;
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    if (json)
        rc = report_status_json(svc, &who, sector, gisac_now(), 1, &b, &err);
    else
        rc = report_status_text(svc, &who, sector, gisac_now(), &b, &err);
    incident_svc_free(svc);
    if (rc == 0)
        fwrite(b.data, 1, b.len, stdout);
    gisac_buf_free(&b);
    if (rc == GISAC_ENOTFOUND) {
        cli_error("%s", err.msg);
        return EXIT_NOTFOUND;
    }
    return rc < 0 ? cli_fail(&err) : EXIT_OK;
}

const cli_cmd cli_status_cmd = {.name = "status",
                                .summary = "the alert light of the whole and of each sector",
                                .raw = cmd_status};
