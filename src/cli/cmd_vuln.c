/* cmd_vuln.c: gisac vuln import|affected|show|vex add|import|list */
#include "cli/cli.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct vuln_opts {
    const char *agency, *host, *vuln, *component, *version, *from, *to, *justification, *statement;
    int json;
} vuln_opts;

/* ---- import ---------------------------------------------------------------------- */

typedef struct paths {
    char **v;
    size_t n, cap;
} paths;

static int path_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .json files under dir (depth-first, each folder's names sorted). */
static int walk(const char *dir, paths *out, int depth)
{
    if (depth > 16)
        return 0;
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    paths here = {0};
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *p = malloc(n);
        if (!p)
            break;
        snprintf(p, n, "%s/%s", dir, e->d_name);
        if (gisac_push(&here.v, &here.n, &here.cap, sizeof p, 16, &p) < 0) {
            free(p);
            break;
        }
    }
    closedir(d);
    if (here.n)
        qsort(here.v, here.n, sizeof *here.v, path_cmp);
    for (size_t i = 0; i < here.n; i++) {
        struct stat st;
        char *p = here.v[i];
        if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            walk(p, out, depth + 1);
            free(p);
        } else if (strlen(p) > 5 && strcmp(p + strlen(p) - 5, ".json") == 0 &&
                   gisac_push(&out->v, &out->n, &out->cap, sizeof p, 64, &p) == 0)
            ;
        else
            free(p);
    }
    free(here.v);
    return 0;
}

/* One file of vuln import (cli_file_fn; ctx: the result summed over the files). */
static int vuln_import_file(cli_op *op, const char *path, const char *data, size_t len, void *ctx,
                            size_t *line, gisac_err *err)
{
    (void)path;
    (void)line;
    return app_import_vuln(op->a, &op->who, data, len, ctx, err);
}

static int vuln_import_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    paths ps = {0};
    for (int i = 0; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            if (walk(argv[i], &ps, 0) < 0) {
                cli_error("%s: cannot read the folder", argv[i]);
                return EXIT_FAIL;
            }
        } else {
            char *p = strdup(argv[i]);
            if (!p || gisac_push(&ps.v, &ps.n, &ps.cap, sizeof p, 64, &p) < 0) {
                free(p);
                return EXIT_FAIL;
            }
        }
    }
    vuln_import_result res;
    memset(&res, 0, sizeof res);
    int failed;
    int rc = cli_import(c, APP_OPEN_CREATE, ps.v, ps.n, vuln_import_file, &res, &failed);
    if (rc == 0)
        printf("imported %zu record%s (%zu withdrawn or rejected), %zu known exploited "
               "entr%s, %zu notice%s to agencies; %d file%s failed\n",
               res.records, res.records == 1 ? "" : "s", res.withdrawn, res.kev,
               res.kev == 1 ? "y" : "ies", res.notices, res.notices == 1 ? "" : "s", failed,
               failed == 1 ? "" : "s");
    for (size_t i = 0; i < ps.n; i++)
        free(ps.v[i]);
    free(ps.v);
    return rc ? rc : failed ? EXIT_FAIL : EXIT_OK;
}

/* ---- affected ---------------------------------------------------------------------- */

typedef struct aff_rows {
    cli_rows l;
    int suppressed_header;
} aff_rows;

static int affected_cb(void *ctx, const vuln_hit *h)
{
    aff_rows *r = ctx;
    if (r->l.json)
        return cli_row_json(&r->l, vuln_hit_to_json(h, &r->l.b)) < 0;
    if (h->vex_id > 0 && !r->suppressed_header) {
        printf("suppressed by VEX:\n");
        r->suppressed_header = 1;
    }
    printf("%s\t%s\t%s %s\t%s\t%s\t%s%s\n", h->agency, h->host, h->name,
           h->version ? h->version : "-", h->vuln, vuln_status_name(h->status),
           h->severity ? h->severity : "-", h->known_exploited ? "\tknown exploited" : "");
    printf("    why: %s\n", h->why);
    if (h->vex_id > 0)
        printf("    not_affected (VEX #%lld): %s%s%s\n", (long long)h->vex_id, h->justification,
               h->statement ? ": " : "", h->statement ? h->statement : "");
    r->l.n++;
    return 0;
}

static int vuln_affected_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const vuln_opts *o = opts;
    aff_rows r = {{o->json, 0, 0, GISAC_BUF_INIT}, 0};
    cli_op op;
    int rc = cli_open(c, CLI_APP_NOTFOUND, &op);
    if (rc)
        return rc;
    vuln_filter f = {o->agency, o->host, o->vuln, 0};
    rc = cli_close(&op, app_list_affected(op.a, &op.who, &f, affected_cb, &r, &op.err));
    gisac_buf_free(&r.l.b);
    if (rc == EXIT_OK && r.l.n == 0)
        return EXIT_NOTFOUND;
    return rc;
}

/* ---- show -------------------------------------------------------------------------- */

static int show_render(app *a, const auth_principal *who, const void *arg, gisac_buf *b,
                       gisac_err *err)
{
    int rc = app_show_vuln(a, who, arg, b, err);
    if (rc == 0)
        gisac_buf_putc(b, '\n');
    return rc;
}

static int vuln_show_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    return cli_render(c, CLI_APP_NOTFOUND, show_render, argv[0], NULL);
}

/* ---- vex --------------------------------------------------------------------------- */

static int vex_add_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const vuln_opts *o = opts;
    if (!o->vuln || !o->component || !o->justification)
        return cli_usage("vuln vex add", "give --vuln, --component and --justification");
    cli_op op;
    int rc = cli_open(c, CLI_APP_NOTFOUND, &op);
    if (rc)
        return rc;
    app_vex_input in = {o->agency, o->vuln, o->component,     o->version,
                        o->from,   o->to,   o->justification, o->statement};
    int64_t id = 0;
    rc = cli_close(&op, app_add_vex(op.a, &op.who, &in, &id, &op.err));
    if (rc == EXIT_OK)
        printf("VEX #%lld: %s not_affected in %s (%s)\n", (long long)id, o->vuln, o->component,
               o->justification);
    return rc;
}

/* One file of vuln vex import (cli_file_fn; ctx: the options). */
static int vex_import_file(cli_op *op, const char *path, const char *data, size_t len, void *ctx,
                           size_t *line, gisac_err *err)
{
    const vuln_opts *o = ctx;
    app_vex_import_result res;
    (void)line;
    int r = app_import_vex(op->a, &op->who, o->agency, data, len, &res, err);
    if (r == 0)
        printf("%s: %s, %zu statement%s: %zu not_affected added, %zu known, %zu of other status, "
               "%zu of unknown vulnerabilities\n",
               path, res.format, res.statements, res.statements == 1 ? "" : "s", res.added,
               res.known, res.other, res.unknown_vuln);
    return r;
}

static int vex_import_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const vuln_opts *o = opts;
    int failed;
    int rc =
        cli_import(c, CLI_APP_NOTFOUND, argv, (size_t)argc, vex_import_file, (void *)o, &failed);
    return rc ? rc : failed ? EXIT_FAIL : EXIT_OK;
}

static int vex_list_cb(void *ctx, const store_vex_row *r)
{
    cli_rows *l = ctx;
    if (l->json)
        return cli_row_json(l, app_vex_to_json(r, &l->b)) < 0;
    char range[300];
    if (r->version)
        snprintf(range, sizeof range, "%s", r->version);
    else if (r->range_from || r->range_to)
        snprintf(range, sizeof range, "%s..%s", r->range_from ? r->range_from : "",
                 r->range_to ? r->range_to : "");
    else
        snprintf(range, sizeof range, "every version");
    printf("%lld\t%s\t%s\t%s\t%s\t%s\n", (long long)r->id, r->agency ? r->agency : "(all)", r->vuln,
           r->component, range, r->justification);
    l->n++;
    return 0;
}

static int vex_list(app *a, const auth_principal *who, const void *opts, cli_rows *out,
                    gisac_err *err)
{
    const vuln_opts *o = opts;
    return app_list_vex(a, who, o->agency, vex_list_cb, out, err);
}

#define OPT(n, f, m, h)                                                                            \
    {                                                                                              \
        n, CLI_STR, offsetof(vuln_opts, f), m, h, .bad = n " needs a value"                        \
    }
#define JSON_OPT CLI_JSON_FLAG(offsetof(vuln_opts, json), "one JSON object a line")

static const cli_opt_def affected_opts[] = {
    OPT("--agency", agency, "ID", "only this agency's components"),
    OPT("--host", host, "NAME", "only this host's components"),
    OPT("--vuln", vuln, "ID", "only this vulnerability (any of its ids)"),
    JSON_OPT,
    {0},
};

static const cli_opt_def vex_add_opts[] = {
    OPT("--vuln", vuln, "ID", "the vulnerability (any of its ids)"),
    OPT("--component", component, "PURL|CPE", "the component (its package; any version)"),
    OPT("--agency", agency, "ID",
        "the agency whose statement it is\n(none: the office's, for "
        "every agency)"),
    OPT("--version", version, "V", "only this version"),
    OPT("--from", from, "V", "from this version (inclusive)"),
    OPT("--to", to, "V", "up to this version (inclusive)"),
    OPT("--justification", justification, "J",
        "why it is not affected: code_not_present,\ncode_not_reachable, requires_configuration, "
        "requires_dependency,\nrequires_environment, protected_by_compiler, "
        "protected_at_runtime,\nprotected_at_perimeter, protected_by_mitigating_control "
        "(CycloneDX),\ncomponent_not_present, vulnerable_code_not_present,\n"
        "vulnerable_code_not_in_execute_path,\n"
        "vulnerable_code_cannot_be_controlled_by_adversary,\n"
        "inline_mitigations_already_exist (OpenVEX)"),
    OPT("--statement", statement, "TEXT", "the impact statement"),
    {0},
};

static const cli_opt_def vex_import_opts[] = {
    OPT("--agency", agency, "ID",
        "the agency whose statements they are\n(none: the office's, for every agency)"),
    {0},
};

static const cli_opt_def vex_list_opts[] = {
    OPT("--agency", agency, "ID", "the statements that apply to this agency"),
    JSON_OPT,
    {0},
};

static const cli_cmd vex_cmds[] = {
    {.name = "add", .opts = vex_add_opts, .run = vex_add_run},
    {.name = "import", .opts = vex_import_opts, .run = vex_import_run},
    {.name = "list",
     .opts = vex_list_opts,
     .flags = CLI_NONE_NOTFOUND,
     .open = CLI_APP_NOTFOUND,
     .list = vex_list},
    {.opts_size = sizeof(vuln_opts)},
};

const cli_cmd cli_vuln_cmds[] = {
    {.name = "import", .opts = NULL, .run = vuln_import_run},
    {.name = "affected", .opts = affected_opts, .run = vuln_affected_run},
    {.name = "show", .run = vuln_show_run},
    {.name = "vex", .subs = vex_cmds},
    {.opts_size = sizeof(vuln_opts)},
};
