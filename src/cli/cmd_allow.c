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
    cli_op op;
    int rc = cli_open(c, (add ? APP_OPEN_CREATE : 0) | CLI_APP_NOTFOUND, &op);
    if (rc)
        return rc;
    size_t n = 0;
    rc = cli_close(&op, add ? app_allow_add(op.a, &op.who, value, comment, &n, &op.err)
                            : app_allow_remove(op.a, &op.who, value, &n, &op.err));
    if (rc)
        return rc;
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

static int list_cb(void *ctx, const store_allow *a)
{
    cli_rows *l = ctx;
    if (!l->json) {
        printf("%s\t%s\t%s\t%s\n", ioc_type_name(a->type), a->value,
               a->builtin ? "builtin" : "user", a->comment ? a->comment : "-");
        return 0;
    }
    gisac_buf_printf(&l->b, "{\"type\":\"%s\",\"value\":", ioc_type_name(a->type));
    gisac_buf_json_str(&l->b, a->value);
    gisac_buf_printf(&l->b, ",\"builtin\":%s,\"comment\":", a->builtin ? "true" : "false");
    if (a->comment)
        gisac_buf_json_str(&l->b, a->comment);
    else
        gisac_buf_puts(&l->b, "null");
    gisac_buf_putc(&l->b, '}');
    cli_row_json(l, 0);
    return 0;
}

static int allow_list(app *a, const auth_principal *who, const void *opts, cli_rows *out,
                      gisac_err *err)
{
    return app_allow_list(a, who, list_cb, out, err);
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

const cli_cmd cli_allow_cmds[] = {
    {.name = "add", .opts = add_opts, .run = allow_add_run},
    {.name = "list", .opts = list_opts, .open = CLI_APP_HINT_IMPORT, .list = allow_list},
    {.name = "remove", .run = allow_remove_run},
    {.opts_size = sizeof(allow_opts)},
};
