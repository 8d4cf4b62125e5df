/* cmd_report.c: gisac report kpi (docs/report.md): the key indicators of a year or a month */
#include "cli/cli.h"

#include <string.h>

typedef struct kpi_opts {
    long year, month;
    const char *format, *output;
} kpi_opts;

#define O(f) offsetof(kpi_opts, f)
static const cli_opt_def kpi_defs[] = {
    {"--year", CLI_INT, O(year), "Y", "the year (default: the current one)", 1970, 9999,
     .bad = "--year needs a year, 1970 to 9999"},
    {"--month", CLI_INT, O(month), "M", "one month of it, 1 to 12", 1, 12,
     .bad = "--month needs a month, 1 to 12"},
    {"--format", CLI_STR, O(format), "json|html",
     "json (default) or html: one self-contained page with\ninline SVG charts, printable",
     .bad = "--format needs json or html"},
    {"--output", CLI_STR, O(output), "FILE",
     "write to FILE (a temporary file renamed into place)\ninstead of stdout",
     .bad = "--output needs a file name"},
    {0},
};
#undef O

typedef struct kpi_call {
    report_period p;
    int html;
} kpi_call;

static int kpi_render(app *a, const auth_principal *who, const void *arg, gisac_buf *b,
                      gisac_err *err)
{
    const kpi_call *k = arg;
    if (k->html)
        return app_kpi_html(a, who, &k->p, gisac_now(), b, err);
    return app_kpi_json(a, who, &k->p, gisac_now(), 1, b, err);
}

static int kpi_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const kpi_opts *o = opts;
    if (strcmp(argv[0], "kpi") != 0)
        return cli_usage("report", "unknown report '%s' (there is: kpi)", argv[0]);
    kpi_call k = {{.year = (int)o->year, .month = (int)o->month},
                  o->format && strcmp(o->format, "html") == 0};
    if (o->format && !k.html && strcmp(o->format, "json") != 0)
        return cli_usage("report", "--format needs json or html");
    return cli_render(c, 0, kpi_render, &k, o->output);
}

/* One report so far: "kpi" is the command's argument (an unknown one names the reports). */
const cli_cmd cli_report_cmd = {
    .name = "report",
    .opts = kpi_defs,
    .opts_size = sizeof(kpi_opts),
    .run = kpi_run,
};
