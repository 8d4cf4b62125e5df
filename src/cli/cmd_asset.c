/* cmd_asset.c: gisac asset import|list|history */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

typedef struct asset_opts {
    const char *agency, *host, *system, *component, *distro;
    int json;
} asset_opts;

/* One file of asset import (cli_file_fn; ctx: the options). */
static int asset_import_file(cli_op *op, const char *path, const char *data, size_t len, void *ctx,
                             size_t *line, gisac_err *err)
{
    const asset_opts *o = ctx;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    asset_import_result res = {.line = 0};
    char host[256] = "";
    int r = app_import_asset(op->a, &op->who, o->agency, o->host, o->system, o->distro, data, len,
                             base, &res, host, sizeof host, err);
    *line = res.line; /* a dpkg status or CSV file's line: FILE:LINE */
    if (r == 0)
        printf("%s: host %s: %zu component%s (%zu added, %zu removed)\n", path, host,
               res.components, res.components == 1 ? "" : "s", res.added, res.removed);
    return r;
}

static int asset_import_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const asset_opts *o = opts;
    if (!o->agency)
        return cli_usage("asset import", "give --agency ID");
    if (o->host && argc > 1)
        return cli_usage("asset import", "--host names one host: give one FILE with it");
    int failed;
    int rc =
        cli_import(c, APP_OPEN_CREATE, argv, (size_t)argc, asset_import_file, (void *)o, &failed);
    return rc ? rc : failed ? EXIT_FAIL : EXIT_OK;
}

static int list_cb(void *ctx, const store_asset_row *r)
{
    cli_rows *l = ctx;
    if (l->json)
        return cli_row_json(l, app_asset_to_json(r, &l->b)) < 0;
    printf("%s\t%s\t%s\t%s\t%s\n", r->agency, r->host, r->name, r->version ? r->version : "-",
           r->purl  ? r->purl
           : r->cpe ? r->cpe
                    : "-");
    l->n++;
    return 0;
}

static int asset_list(app *a, const auth_principal *who, const void *opts, cli_rows *out,
                      gisac_err *err)
{
    const asset_opts *o = opts;
    app_asset_filter f = {o->agency, o->host, o->component};
    return app_list_assets(a, who, &f, list_cb, out, err);
}

static int history_cb(void *ctx, const store_asset_change_row *r)
{
    cli_rows *l = ctx;
    char t[GISAC_TIME_LEN];
    if (!l->json) {
        l->n++;
        cli_time_text(r->at, t);
        printf("%s\t%s\t%s\t%s\t%s\t%s\n", t, r->agency, r->host, r->change, r->name,
               r->version ? r->version : "-");
        return 0;
    }
    gisac_time_format(r->at, t);
    gisac_buf_printf(&l->b, "{\"at\":\"%s\",\"agency\":", t);
    gisac_buf_json_str(&l->b, r->agency);
    gisac_buf_puts(&l->b, ",\"host\":");
    gisac_buf_json_str(&l->b, r->host);
    gisac_buf_printf(&l->b, ",\"change\":\"%s\",\"name\":", r->change);
    gisac_buf_json_str(&l->b, r->name);
    const char *v[] = {r->version, r->purl, r->cpe};
    const char *k[] = {"version", "purl", "cpe"};
    for (int i = 0; i < 3; i++) {
        gisac_buf_printf(&l->b, ",\"%s\":", k[i]);
        if (v[i])
            gisac_buf_json_str(&l->b, v[i]);
        else
            gisac_buf_puts(&l->b, "null");
    }
    gisac_buf_putc(&l->b, '}');
    return cli_row_json(l, 0) < 0;
}

static int asset_history(app *a, const auth_principal *who, const void *opts, cli_rows *out,
                         gisac_err *err)
{
    const asset_opts *o = opts;
    app_asset_filter f = {o->agency, o->host, NULL};
    return app_list_asset_changes(a, who, &f, history_cb, out, err);
}

#define AGENCY_OPT(h)                                                                              \
    {                                                                                              \
        "--agency", CLI_STR, offsetof(asset_opts, agency), "ID", h, .bad = "--agency needs an id"  \
    }
#define HOST_OPT(h)                                                                                \
    {                                                                                              \
        "--host", CLI_STR, offsetof(asset_opts, host), "NAME", h, .bad = "--host needs a name"     \
    }

static const cli_opt_def import_opts[] = {
    AGENCY_OPT("the agency whose register it is (required)"),
    HOST_OPT("the host or system the SBOM describes\n(default: the SBOM's subject, else the "
             "file's name)"),
    {"--system", CLI_STR, offsetof(asset_opts, system), "ID", "the system the host belongs to",
     .bad = "--system needs an id"},
    {"--distro", CLI_STR, offsetof(asset_opts, distro), "NAME-RELEASE",
     "a dpkg status file's distribution release\n(debian-12, ubuntu-22.04)",
     .bad = "--distro needs a release"},
    {0},
};

static const cli_opt_def list_opts[] = {
    AGENCY_OPT("only this agency's components"),
    HOST_OPT("only this host's components"),
    {"--component", CLI_STR, offsetof(asset_opts, component), "PURL|CPE",
     "only this package (a purl or CPE; any version)", .bad = "--component needs a purl or CPE"},
    {"--json", CLI_FLAG, offsetof(asset_opts, json), .help = "one JSON object a line"},
    {0},
};

static const cli_opt_def history_opts[] = {
    AGENCY_OPT("only this agency's hosts"),
    HOST_OPT("only this host"),
    {"--json", CLI_FLAG, offsetof(asset_opts, json), .help = "one JSON object a line"},
    {0},
};

const cli_cmd cli_asset_cmds[] = {
    {.name = "import", .opts = import_opts, .run = asset_import_run},
    {.name = "list",
     .opts = list_opts,
     .flags = CLI_NONE_NOTFOUND,
     .open = CLI_APP_NOTFOUND,
     .list = asset_list},
    {.name = "history",
     .opts = history_opts,
     .flags = CLI_NONE_NOTFOUND,
     .open = CLI_APP_NOTFOUND,
     .list = asset_history},
    {.opts_size = sizeof(asset_opts)},
};
