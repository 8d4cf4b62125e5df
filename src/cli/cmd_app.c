/* cmd_app.c: gisac app check (docs/app-check.md): the security check of an APK */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

/* The options of check and diff. */
typedef struct apk_cli_opts {
    long min_sdk;
    int json;
    const char *lang, *fail_on;
} apk_cli_opts;

#define FAIL_ON_BAD "--fail-on needs critical, high, medium, low or info"
#define O(f)        offsetof(apk_cli_opts, f)
static const cli_opt_def check_defs[] = {
    {"--min-sdk", CLI_INT, O(min_sdk), "N",
     "verify the signatures for API level N and later\n(default: the manifest's minSdkVersion)", 1,
     10000, .bad = "--min-sdk needs an API level, 1 to 10000"},
    {"--json", CLI_FLAG, O(json), .help = "the report as one JSON object"},
    {"--lang", CLI_STR, O(lang), "en|zh-TW", "the language of the report page (default en)",
     .bad = "--lang needs en or zh-TW", .lo = 0},
    {"--fail-on", CLI_STR, O(fail_on), "SEVERITY",
     "exit 1 when the signature does not verify or a finding\nis of SEVERITY or worse "
     "(critical, high, medium,\nlow, info): a release gate",
     .bad = FAIL_ON_BAD},
    {0},
};
static const cli_opt_def diff_defs[] = {
    {"--min-sdk", CLI_INT, O(min_sdk), "N",
     "verify both signatures for API level N and later\n(default: each manifest's minSdkVersion)",
     1, 10000, .bad = "--min-sdk needs an API level, 1 to 10000"},
    {"--json", CLI_FLAG, O(json), .help = "the changes as one JSON object"},
    {"--fail-on", CLI_STR, O(fail_on), "SEVERITY",
     "exit 1 when a change is of SEVERITY or worse\n(critical, high, medium, low, info)",
     .bad = FAIL_ON_BAD},
    {0},
};
#undef O

static int check_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const apk_cli_opts *o = opts;
    const char *format = o->json ? "json" : o->lang ? o->lang : "en";
    if (!o->json && o->lang && strcmp(o->lang, "en") != 0 && strcmp(o->lang, "zh-TW") != 0)
        return cli_usage("app check", "--lang needs en or zh-TW");
    gisac_err err = GISAC_ERR_INIT;
    apk_report *r = NULL;
    int gate = 0;
    if (o->fail_on && app_apk_gate(NULL, o->fail_on, &gate, &err) < 0)
        return cli_usage("app check", FAIL_ON_BAD);
    int rc = app_check_apk(argv[0], (int)o->min_sdk, &r, &err);
    if (rc < 0)
        return cli_fail(&err);
    int failed = 0;
    if (o->fail_on)
        app_apk_gate(r, o->fail_on, &failed, &err);
    gisac_buf b = GISAC_BUF_INIT;
    rc = app_apk_report(r, format, &b, &err);
    apk_report_free(r);
    if (rc < 0) {
        gisac_buf_free(&b);
        return cli_fail(&err);
    }
    cli_put_out(&b, o->json);
    return failed ? EXIT_NOTFOUND : EXIT_OK;
}

static int diff_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const apk_cli_opts *o = opts;
    gisac_err err = GISAC_ERR_INIT;
    int gate = 0, worst = -1;
    if (o->fail_on && app_apk_gate(NULL, o->fail_on, &gate, &err) < 0)
        return cli_usage("app diff", FAIL_ON_BAD);
    gisac_buf b = GISAC_BUF_INIT;
    int rc = app_compare_apks(argv[0], argv[1], (int)o->min_sdk, !o->json, &b, &worst, &err);
    if (rc < 0) {
        gisac_buf_free(&b);
        return cli_fail(&err);
    }
    cli_put_out(&b, o->json);
    int floor = 0;
    if (o->fail_on)
        app_apk_severity_rank(o->fail_on, &floor);
    return o->fail_on && worst >= floor ? EXIT_NOTFOUND : EXIT_OK;
}

const cli_cmd cli_app_cmds[] = {
    {.name = "check", .opts = check_defs, .flags = CLI_HINT_SELF, .run = check_run},
    {.name = "diff", .opts = diff_defs, .flags = CLI_HINT_SELF, .run = diff_run},
    {.opts_size = sizeof(apk_cli_opts)},
};
