/* cmd_allow.c: gisac allow add|list|remove */
#include "cli/cli.h"

#include <string.h>

static const char allow_usage[] =
    "usage: gisac allow COMMAND [ARGS...]\n"
    "\n"
    "The allowlist: values that are never active indicators. An address or\n"
    "CIDR entry covers every indicator that overlaps it; a domain entry\n"
    "covers the name and its sub-domains; other entries match exactly.\n"
    "Public suffixes (com.tw, co.uk, github.io, ...) are never indicators\n"
    "themselves. A built-in list (private and reserved ranges, public\n"
    "resolvers, popular domains) is seeded on first use and can be edited.\n"
    "\n"
    "commands:\n"
    "  add VALUE [--comment TEXT]   add an entry; covered indicators turn inactive\n"
    "  list [--json]                every entry (built-in ones first)\n"
    "  remove VALUE                 remove an entry; indicators it alone covered\n"
    "                               become active again\n";

static int allow_add(cli_ctx *c, int argc, char **argv)
{
    const char *value = NULL, *comment = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v;
        int m;
        if (cli_is_help(argv[i]))
            return cli_help(allow_usage);
        if ((m = cli_opt(argc, argv, &i, "--comment", &v)) != 0) {
            if (m < 0)
                return cli_usage("allow", "--comment needs a text");
            comment = v;
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            return cli_usage("allow", "unknown option '%s'", argv[i]);
        } else if (value) {
            return cli_usage("allow", "one VALUE only");
        } else {
            value = argv[i];
        }
    }
    if (!value)
        return cli_usage("allow", "no VALUE given");
    app *a;
    int rc = cli_app(c, APP_OPEN_CREATE, &a);
    if (rc)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    size_t n = 0;
    auth_principal who = app_operator(a);
    int r = app_allow_add(a, &who, value, comment, &n, &err);
    app_close(a);
    if (r < 0)
        return cli_fail(&err);
    printf("allowlisted %s (%zu indicator%s now inactive)\n", value, n, n == 1 ? "" : "s");
    return EXIT_OK;
}

static int allow_remove(cli_ctx *c, int argc, char **argv)
{
    if (argc == 1 && cli_is_help(argv[0]))
        return cli_help(allow_usage);
    if (argc != 1 || argv[0][0] == '-')
        return cli_usage("allow", "give exactly one VALUE");
    app *a;
    int rc = cli_app(c, 0, &a);
    if (rc)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    size_t n = 0;
    auth_principal who = app_operator(a);
    int r = app_allow_remove(a, &who, argv[0], &n, &err);
    app_close(a);
    if (r == GISAC_ENOTFOUND) {
        cli_error("%s", err.msg);
        return EXIT_NOTFOUND;
    }
    if (r < 0)
        return cli_fail(&err);
    printf("removed %s (%zu indicator%s active again)\n", argv[0], n, n == 1 ? "" : "s");
    return EXIT_OK;
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

static int allow_list(cli_ctx *c, int argc, char **argv)
{
    list_ctx l = {0, GISAC_BUF_INIT};
    for (int i = 0; i < argc; i++) {
        if (cli_is_help(argv[i]))
            return cli_help(allow_usage);
        if (strcmp(argv[i], "--json") == 0)
            l.json = 1;
        else
            return cli_usage("allow", "unknown argument '%s'", argv[i]);
    }
    app *a;
    int rc = cli_app(c, 0, &a);
    if (rc)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    auth_principal who = app_operator(a);
    int r = app_allow_list(a, &who, list_cb, &l, &err);
    app_close(a);
    gisac_buf_free(&l.b);
    return r < 0 ? cli_fail(&err) : EXIT_OK;
}

int cmd_allow(cli_ctx *c, int argc, char **argv)
{
    if (argc < 1) {
        fputs(allow_usage, stderr);
        return EXIT_FAIL;
    }
    if (cli_is_help(argv[0]))
        return cli_help(allow_usage);
    if (strcmp(argv[0], "add") == 0)
        return allow_add(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "list") == 0)
        return allow_list(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "remove") == 0)
        return allow_remove(c, argc - 1, argv + 1);
    return cli_usage("allow", "unknown allow command '%s'", argv[0]);
}

const cli_cmd cli_allow_cmd = {.name = "allow",
                               .synopsis = "add|list|remove",
                               .summary = "the allowlist of values that are never indicators",
                               .raw = cmd_allow};
