/* cmd_allow.c: gisac allow add|list|remove */
#include "cli/cli.h"

#include <string.h>

typedef struct allow_opts {
    const char *comment;
    int json;
} allow_opts;

/* add or remove VALUE: "allowlisted V (N indicators now inactive)" */
static int allow_change(cli_ctx *c, const char *value, const char *comment, int add)
{
    app *a;
    int rc = cli_app(c, add ? APP_OPEN_CREATE : 0, &a);
    if (rc)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    size_t n = 0;
    auth_principal who = app_operator(a);
    int r = add ? app_allow_add(a, &who, value, comment, &n, &err)
                : app_allow_remove(a, &who, value, &n, &err);
    app_close(a);
    if (r < 0)
        return cli_app_fail(r, &err);
    printf("%s %s (%zu indicator%s %s)\n", add ? "allowlisted" : "removed", value, n,
           n == 1 ? "" : "s", add ? "now inactive" : "active again");
    return EXIT_OK;
}

static int allow_add_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    return allow_change(c, argv[0], ((const allow_opts *)opts)->comment, 1);
}

static int allow_remove_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    return allow_change(c, argv[0], NULL, 0);
}

typedef struct list_ctx {
    int json;
    gisac_buf b;
} list_ctx;

static int list_cb(void *ctx, const store_allow *a)
{
    list_ctx *l = ctx;
    if (!l->json) {
        printf("%s\t%s\t%s\t%s\n", ioc_type_name(a->type), a->value,
               a->builtin ? "builtin" : "user", a->comment ? a->comment : "-");
        return 0;
    }
    gisac_buf_reset(&l->b);
    gisac_buf_printf(&l->b, "{\"type\":\"%s\",\"value\":", ioc_type_name(a->type));
    gisac_buf_json_str(&l->b, a->value);
    gisac_buf_printf(&l->b, ",\"builtin\":%s,\"comment\":", a->builtin ? "true" : "false");
    if (a->comment)
        gisac_buf_json_str(&l->b, a->comment);
    else
        gisac_buf_puts(&l->b, "null");
    gisac_buf_puts(&l->b, "}\n");
    fwrite(l->b.data, 1, l->b.len, stdout);
    return 0;
}

static int allow_list_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    list_ctx l = {((const allow_opts *)opts)->json, GISAC_BUF_INIT};
    app *a;
    int rc = cli_app(c, CLI_APP_HINT_IMPORT, &a);
    if (rc)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    auth_principal who = app_operator(a);
    int r = app_allow_list(a, &who, list_cb, &l, &err);
    app_close(a);
    gisac_buf_free(&l.b);
    return r < 0 ? cli_fail(&err) : EXIT_OK;
}

static const cli_opt_def add_opts[] = {
    {"--comment", CLI_STR, offsetof(allow_opts, comment), "TEXT", "why it is allowed",
     .bad = "--comment needs a text", .flags = CLI_EMPTY_OK},
    {0},
};

static const cli_opt_def list_opts[] = {
    {"--json", CLI_FLAG, offsetof(allow_opts, json), .help = "one JSON object a line"},
    {0},
};

static const cli_cmd allow_cmds[] = {
    {.name = "add",
     .synopsis = "VALUE",
     .summary = "add an entry; covered indicators turn inactive",
     .opts = add_opts,
     .opts_size = sizeof(allow_opts),
     .min_args = 1,
     .max_args = 1,
     .missing = "no VALUE given",
     .run = allow_add_run},
    {.name = "list",
     .summary = "every entry (built-in ones first)",
     .opts = list_opts,
     .opts_size = sizeof(allow_opts),
     .unknown = "argument",
     .run = allow_list_run},
    {.name = "remove",
     .synopsis = "VALUE",
     .summary = "remove an entry; indicators it alone covered become active again",
     .min_args = 1,
     .max_args = 1,
     .missing = "give exactly one VALUE",
     .run = allow_remove_run},
    {0},
};

const cli_cmd cli_allow_cmd = {
    .name = "allow",
    .summary = "the allowlist of values that are never indicators",
    .text = "The allowlist: values that are never active indicators. An address or\n"
            "CIDR entry covers every indicator that overlaps it; a domain entry\n"
            "covers the name and its sub-domains; other entries match exactly.\n"
            "Public suffixes (com.tw, co.uk, github.io, ...) are never indicators\n"
            "themselves. A built-in list (private and reserved ranges, public\n"
            "resolvers, popular domains) is seeded on first use and can be edited.\n",
    .subs = allow_cmds,
};
