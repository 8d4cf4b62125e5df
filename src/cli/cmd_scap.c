/* cmd_scap.c: gisac scap import|hosts|show|results|diff|compliance (docs/scap.md) */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

typedef struct scap_opts {
    const char *agency, *host, *result, *by;
    int json;
} scap_opts;

#define SO(f)    offsetof(scap_opts, f)
#define OPT_JSON CLI_JSON_FLAG(SO(json), "JSON (one object a line for lists)")

/* ---- import ---- */

typedef struct import_ctx {
    int json;
    gisac_buf b;
} import_ctx;

static int imported(void *ctx, const char *path, const char *sha256, const store_scap_scan *scan,
                    int64_t rules)
{
    import_ctx *k = ctx;
    if (k->json) {
        if (scap_scan_to_json(scan, &k->b) < 0 || !k->b.len)
            return -1;
        k->b.len--;
        gisac_buf_printf(&k->b, ",\"rules\":%lld,\"file\":", (long long)rules);
        gisac_buf_json_str(&k->b, path);
        gisac_buf_putc(&k->b, '}');
        return cli_put_json(&k->b, 0) < 0 ? -1 : 0;
    }
    printf("%s: scan %lld of %s (%s, %s): %lld rule results, sha256 %s\n", path,
           (long long)scan->id, scan->host, scan->benchmark, scan->profile ? scan->profile : "-",
           (long long)rules, sha256);
    return 0;
}

static int import_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const scap_opts *o = opts;
    if (!o->agency)
        return cli_usage("scap import", "give --agency");
    import_ctx k = {o->json, GISAC_BUF_INIT};
    cli_op op;
    int rc = cli_open(c, 0, &op);
    if (rc == 0)
        rc = cli_close(&op,
                       app_import_scap(op.a, &op.who, o->agency, o->host, (const char *const *)argv,
                                       (size_t)argc, imported, &k, &op.err));
    gisac_buf_free(&k.b);
    return rc;
}

/* ---- hosts ---- */

static void score_text(int64_t m, char *out, size_t cap)
{
    if (m == -1)
        snprintf(out, cap, "-");
    else
        snprintf(out, cap, "%s%lld.%02lld", m < 0 ? "-" : "", llabs(m) / 1000,
                 (llabs(m) % 1000) / 10);
}

static int host_row(void *ctx, const store_scap_scan *r)
{
    cli_rows *l = ctx;
    if (l->json)
        return cli_row_json(l, scap_scan_to_json(r, &l->b));
    char t[GISAC_TIME_LEN], score[32];
    cli_time_text(r->finished, t);
    score_text(r->score_milli, score, sizeof score);
    printf("%s\t%s\t%s\t%s\t%s\t%s\n", r->agency, r->host, r->benchmark,
           r->profile ? r->profile : "-", t, score);
    l->n++;
    return 0;
}

static int hosts_list(app *a, const auth_principal *who, const void *opts, cli_rows *out,
                      gisac_err *err)
{
    const scap_opts *o = opts;
    return app_list_scap_hosts(a, who, o->agency, host_row, out, err);
}

/* ---- show ---- */

typedef struct show_ctx {
    cli_op *op;
    int json;
    gisac_buf b;
} show_ctx;

static int failing_rule(void *ctx, const char *rule, const char *result, const char *severity)
{
    (void)ctx;
    printf("  %s\t%s\t%s\n", result, severity ? severity : "-", rule);
    return 0;
}

static int show_one(void *ctx, const scap_host_view *v)
{
    show_ctx *k = ctx;
    if (k->json) {
        if (scap_host_to_json(v, &k->b) < 0)
            return -1;
        return cli_put_json(&k->b, 0) < 0 ? -1 : 0;
    }
    char score[32];
    score_text(v->scan.score_milli, score, sizeof score);
    const cli_kv kv[] = {
        {"scan", CLI_KV_INT, .v = v->scan.id},
        {"agency", CLI_KV_TEXT, .s = v->scan.agency},
        {"host", CLI_KV_TEXT, .s = v->scan.host},
        {"benchmark", CLI_KV_TEXT, .s = v->scan.benchmark},
        {"profile", CLI_KV_DASH, .s = v->scan.profile},
        {"started", CLI_KV_TIME, .v = v->scan.started},
        {"finished", CLI_KV_TIME, .v = v->scan.finished},
        {"score", CLI_KV_TEXT, .s = score},
        {"sha256", CLI_KV_DASH, .s = v->scan.sha256},
    };
    cli_put_kv(kv, sizeof kv / sizeof kv[0], 15);
    for (int i = 0; i < 9; i++)
        if (v->counts[i])
            printf("%-15s%lld\n", scap_result_name(i), (long long)v->counts[i]);
    printf("%-15s%lld\n", "total", (long long)v->total);
    printf("failing rules:\n");
    return app_list_scap_results(k->op->a, &k->op->who, v->scan.id, "fail", failing_rule, NULL,
                                 &k->op->err) < 0
               ? -1
               : 0;
}

static int show_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    const scap_opts *o = opts;
    cli_op op;
    int rc = cli_open(c, CLI_APP_NOTFOUND, &op);
    if (rc)
        return rc;
    show_ctx k = {&op, o->json, GISAC_BUF_INIT};
    rc = app_show_scap_host(op.a, &op.who, o->agency, argv[0], show_one, &k, &op.err);
    gisac_buf_free(&k.b);
    return cli_close(&op, rc);
}

/* ---- results ---- */

typedef struct results_ctx {
    cli_rows l;
} results_ctx;

static int result_row(void *ctx, const char *rule, const char *result, const char *severity)
{
    cli_rows *l = ctx;
    if (l->json) {
        static const char *const names[] = {"rule", "result", "severity"};
        const char *const vals[] = {rule, result, severity};
        cli_json_strs(&l->b, names, vals, 3);
        return cli_row_json(l, 0);
    }
    printf("%s\t%s\t%s\n", rule, result, severity ? severity : "-");
    l->n++;
    return 0;
}

static int results_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    const scap_opts *o = opts;
    int64_t id;
    if (cli_id_arg("scap results", argv[0], " scan id", &id))
        return EXIT_FAIL;
    cli_op op;
    int rc = cli_open_rows(c, 0, o->json, &op);
    return rc ? rc
              : cli_close(&op, app_list_scap_results(op.a, &op.who, id, o->result, result_row,
                                                     &op.out, &op.err));
}

/* ---- diff ---- */

static int diff_row(void *ctx, const char *rule, const char *before, const char *after)
{
    cli_rows *l = ctx;
    if (l->json) {
        static const char *const names[] = {"rule", "before", "after"};
        const char *const vals[] = {rule, before, after};
        cli_json_strs(&l->b, names, vals, 3);
        return cli_row_json(l, 0);
    }
    printf("%s\t%s -> %s\n", rule, before ? before : "-", after ? after : "-");
    l->n++;
    return 0;
}

static int diff_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    const scap_opts *o = opts;
    cli_op op;
    int rc = cli_open_rows(c, CLI_APP_NOTFOUND, o->json, &op);
    return rc ? rc
              : cli_close(&op, app_diff_scap_host(op.a, &op.who, o->agency, argv[0], diff_row,
                                                  &op.out, &op.err));
}

/* ---- compliance ---- */

static int share_row(void *ctx, const char *key, int64_t pass, int64_t fail, int64_t other,
                     int64_t scans)
{
    cli_rows *l = ctx;
    char share[16] = "-";
    if (pass + fail)
        snprintf(share, sizeof share, "%.1f", 100.0 * (double)pass / (double)(pass + fail));
    if (l->json) {
        gisac_buf_puts(&l->b, "{\"key\":");
        gisac_buf_json_str(&l->b, key);
        gisac_buf_printf(&l->b,
                         ",\"pass\":%lld,\"fail\":%lld,\"other\":%lld,\"scans\":%lld,"
                         "\"compliance\":%s}",
                         (long long)pass, (long long)fail, (long long)other, (long long)scans,
                         pass + fail ? share : "null");
        return cli_row_json(l, 0);
    }
    printf("%s\t%lld\t%lld\t%lld\t%lld\t%s\n", key, (long long)pass, (long long)fail,
           (long long)other, (long long)scans, share);
    l->n++;
    return 0;
}

static int compliance_list(app *a, const auth_principal *who, const void *opts, cli_rows *out,
                           gisac_err *err)
{
    const scap_opts *o = opts;
    return app_scap_shares(a, who, o->by ? o->by : "agency", o->agency, share_row, out, err);
}

/* ---- tables ---- */

static const cli_opt_def import_opts[] = {
    {"--agency", CLI_STR, SO(agency), "ID", "the agency the hosts belong to (required)",
     .flags = 0},
    {"--host", CLI_STR, SO(host), "NAME", "the host (default: from the report's target facts)",
     .flags = 0},
    OPT_JSON,
    {0},
};
static const cli_opt_def agency_opts[] = {
    {"--agency", CLI_STR, SO(agency), "ID", "one agency's", .flags = 0},
    OPT_JSON,
    {0},
};
static const cli_opt_def results_opts[] = {
    {"--result", CLI_STR, SO(result), "R", "only this result (pass, fail, error, ...)", .flags = 0},
    OPT_JSON,
    {0},
};
static const cli_opt_def compliance_opts[] = {
    {"--by", CLI_STR, SO(by), "G", "agency (default: per agency, benchmark, profile) or rule",
     .flags = 0},
    {"--agency", CLI_STR, SO(agency), "ID", "one agency's", .flags = 0},
    OPT_JSON,
    {0},
};

const cli_cmd cli_scap_cmds[] = {
    {.name = "import", .opts = import_opts, .run = import_run},
    {.name = "hosts", .opts = agency_opts, .list = hosts_list},
    {.name = "show", .opts = agency_opts, .run = show_run},
    {.name = "results", .opts = results_opts, .run = results_run},
    {.name = "diff", .opts = agency_opts, .run = diff_run},
    {.name = "compliance", .opts = compliance_opts, .list = compliance_list},
    {.opts_size = sizeof(scap_opts)},
};
