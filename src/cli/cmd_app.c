/*
 * cmd_app.c: gisac app check|diff (docs/app-check.md): the security check
 * of an APK; gisac app add|list|show|update|submit|version (docs/app.md):
 * the register of government apps and their versions.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

/* The options of check and diff. */
typedef struct apk_cli_opts {
    long min_sdk;
    int json;
    const char *lang, *fail_on;
    /* the register */
    const char *agency, *name, *package, *platform;
    cli_list store_links, contacts;
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

/* ---- the register ------------------------------------------------------------- */

/* The lines of l ("\n" between) into b; NULL when none was given. */
static const char *lines_of(const cli_list *l, gisac_buf *b)
{
    if (!l->n)
        return NULL;
    for (size_t i = 0; i < l->n; i++)
        if ((i && gisac_buf_putc(b, '\n') < 0) || gisac_buf_puts(b, l->v[i]) < 0)
            return NULL;
    return b->data ? b->data : "";
}

static int write_run(cli_ctx *c, void *opts, char **argv, int update)
{
    const apk_cli_opts *o = opts;
    int64_t id = 0;
    if (update && cli_id_arg("app update", argv[0], NULL, &id))
        return EXIT_FAIL;
    if (!update && !o->agency)
        return cli_usage("app add", "give --agency");
    gisac_buf links = GISAC_BUF_INIT, contacts = GISAC_BUF_INIT;
    mobile_app_input in = {o->agency,
                           o->name,
                           o->package,
                           o->platform,
                           lines_of(&o->store_links, &links),
                           lines_of(&o->contacts, &contacts)};
    cli_op op;
    int rc = cli_open(c, update ? CLI_APP_NOTFOUND : 0, &op);
    if (rc == 0)
        rc = cli_close_json(&op, update ? app_update_app(op.a, &op.who, id, &in, &op.out.b, &op.err)
                                        : app_add_app(op.a, &op.who, &in, &op.out.b, &op.err));
    gisac_buf_free(&links);
    gisac_buf_free(&contacts);
    return rc;
}

static int add_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    return write_run(c, opts, argv, 0);
}

static int update_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    return write_run(c, opts, argv, 1);
}

static int app_row(void *ctx, const store_mobile_app *r)
{
    cli_rows *l = ctx;
    if (l->json)
        return cli_row_json(l, mobile_app_to_json(r, &l->b));
    printf("%lld\t%s\t%s\t%s\t%lld\t%s\n", (long long)r->id, r->agency, r->platform, r->package,
           (long long)r->versions, r->name);
    l->n++;
    return 0;
}

static int list_apps(app *a, const auth_principal *who, const void *opts, cli_rows *out,
                     gisac_err *err)
{
    const apk_cli_opts *o = opts;
    return app_list_apps(a, who, o->agency, app_row, out, err);
}

static int show_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)opts;
    (void)argc;
    return cli_show_by_id(c, "app show", argv[0], app_app_json);
}

static int submit_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)opts;
    (void)argc;
    int64_t id = 0;
    if (cli_id_arg("app submit", argv[0], NULL, &id))
        return EXIT_FAIL;
    cli_op op;
    int rc = cli_open(c, CLI_APP_NOTFOUND, &op);
    return rc ? rc
              : cli_close_json(
                    &op, app_submit_app_version(op.a, &op.who, id, argv[1], &op.out.b, &op.err));
}

static int version_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)opts;
    (void)argc;
    int64_t id = 0, n = 0;
    if (cli_id_arg("app version", argv[0], NULL, &id) ||
        cli_id_arg("app version", argv[1], " version number", &n))
        return EXIT_FAIL;
    cli_op op;
    int rc = cli_open(c, CLI_APP_NOTFOUND, &op);
    return rc ? rc
              : cli_close_json(&op,
                               app_app_version_json(op.a, &op.who, id, (int)n, &op.out.b, &op.err));
}

#define O(f) offsetof(apk_cli_opts, f)
#define REGISTER_OPTS(req)                                                                         \
    {"--name", CLI_STR, O(name), "NAME", "the app's name" req, .flags = 0},                        \
        {"--package",                                                                              \
         CLI_STR,                                                                                  \
         O(package),                                                                               \
         "ID",                                                                                     \
         "its package id (Android: the manifest's package;\niOS: the bundle id)" req,              \
         .flags = 0},                                                                              \
        {"--platform", CLI_STR, O(platform), "P", "android or ios" req, .flags = 0},               \
        {"--store-link",                                                                           \
         CLI_LIST,                                                                                 \
         O(store_links),                                                                           \
         "URL",                                                                                    \
         "where it is published (repeat for each store;\n\"\": none)",                             \
         .flags = CLI_EMPTY_OK},                                                                   \
    {                                                                                              \
        "--contact", CLI_LIST, O(contacts), "TEXT",                                                \
            "who to reach about it (repeat for each;\n\"\": none)", .flags = CLI_EMPTY_OK          \
    }
static const cli_opt_def add_defs[] = {
    {"--agency", CLI_STR, O(agency), "ID", "the owning agency (required)", .flags = 0},
    REGISTER_OPTS(" (required)"),
    CLI_JSON_FLAG(O(json), "the app as JSON (the default)"),
    {0},
};
static const cli_opt_def update_defs[] = {
    {"--agency", CLI_STR, O(agency), "ID", "a new owning agency", .flags = 0},
    REGISTER_OPTS(""),
    CLI_JSON_FLAG(O(json), "the app as JSON (the default)"),
    {0},
};
static const cli_opt_def list_defs[] = {
    {"--agency", CLI_STR, O(agency), "ID", "one agency's apps", .flags = 0},
    CLI_JSON_FLAG(O(json), "one JSON object a line"),
    {0},
};
static const cli_opt_def json_defs[] = {
    CLI_JSON_FLAG(O(json), "JSON (the default)"),
    {0},
};
#undef O

const cli_cmd cli_app_cmds[] = {
    {.name = "add", .opts = add_defs, .run = add_run},
    {.name = "check", .opts = check_defs, .flags = CLI_HINT_SELF, .run = check_run},
    {.name = "diff", .opts = diff_defs, .flags = CLI_HINT_SELF, .run = diff_run},
    {.name = "list", .opts = list_defs, .list = list_apps},
    {.name = "show", .opts = json_defs, .run = show_run},
    {.name = "submit", .opts = json_defs, .run = submit_run},
    {.name = "update", .opts = update_defs, .run = update_run},
    {.name = "version", .opts = json_defs, .run = version_run},
    {.opts_size = sizeof(apk_cli_opts)},
};
