/* cmd_intel.c: gisac intel search|list|stats|revoke|export */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#define TYPE_BAD                                                                                   \
    "--type must be one of ipv4, ipv6, cidr, domain, url, md5, sha1, sha256, email, "              \
    "x509-sha256, android-package"

static void put_sources(const char *s)
{
    if (!s || !*s) {
        fputc('-', stdout);
        return;
    }
    for (; *s; s++)
        fputc(*s == '\n' ? ',' : *s, stdout);
}

static void put_tsv_row(const store_indicator *ind, int64_t now)
{
    printf("%s\t%s\t%s\ttlp:%s\t", ioc_type_name(ind->type), ind->value, intel_status(ind, now),
           tlp_name(ind->tlp));
    if (ind->confidence >= 0)
        printf("%d\t", ind->confidence);
    else
        fputs("-\t", stdout);
    put_sources(ind->sources);
    fputc('\n', stdout);
}

/* ---- search ------------------------------------------------------------ */

typedef struct search_out {
    app *a;
    auth_principal who;
    gisac_buf *b;
    int failed;
    gisac_err err;
} search_out;

typedef struct src_out {
    gisac_buf *b;
    size_t n;
} src_out;

static int src_cb(void *ctx, const store_sighting_source *s)
{
    src_out *o = ctx;
    if (o->n++)
        gisac_buf_putc(o->b, ',');
    gisac_buf_puts(o->b, s->name);
    return 0;
}

static int seen_cb(void *ctx, const store_sighting *sg)
{
    gisac_buf *b = ctx;
    char f[GISAC_TIME_LEN], l[GISAC_TIME_LEN];
    cli_time_text(sg->first_seen, f);
    cli_time_text(sg->last_seen, l);
    gisac_buf_printf(b, "  seen by %s: %lld times, %s .. %s\n",
                     sg->agency && *sg->agency ? sg->agency : "-", (long long)sg->count, f, l);
    return 0;
}

static int search_cb(void *ctx, const intel_hit *h)
{
    search_out *o = ctx;
    gisac_buf *b = o->b;
    src_out so = {b, 0};
    gisac_buf_printf(b, "%s\t%s\t%s\t%s\ttlp:%s\t", h->relation, ioc_type_name(h->ind->type),
                     h->ind->value, h->status, tlp_name(h->ind->tlp));
    if (h->ind->confidence >= 0)
        gisac_buf_printf(b, "%d\t", h->ind->confidence);
    else
        gisac_buf_puts(b, "-\t");
    if (app_intel_sources(o->a, &o->who, h->ind, src_cb, &so, &o->err) < 0)
        o->failed = 1;
    if (!so.n)
        gisac_buf_putc(b, '-');
    gisac_buf_putc(b, '\n');
    if (app_intel_sightings(o->a, &o->who, h->ind, seen_cb, b, &o->err) < 0)
        o->failed = 1;
    return o->failed;
}

/* --type T into *t, or the usage error of the command path. */
static int type_opt(const char *path, const char *v, ioc_type *t)
{
    if (v && ioc_type_from_name(v, t) < 0)
        return cli_usage(path, TYPE_BAD);
    return 0;
}

/* The options of every intel command (each table names its own). */
typedef struct intel_opts {
    int json, active;
    const char *type, *source, *format, *max_tlp, *output, *reason;
} intel_opts;

/* ---- search ------------------------------------------------------------ */

static int intel_search_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const intel_opts *io = opts;
    const char *value = argv[0];
    cli_op op;
    int rc = cli_open(c, CLI_APP_HINT_IMPORT, &op);
    if (rc)
        return rc;
    gisac_buf b = GISAC_BUF_INIT;
    search_out o = {op.a, op.who, &b, 0, GISAC_ERR_INIT};
    size_t n = 0;
    int r;
    if (io->json) {
        r = app_search_intel_json(op.a, &op.who, value, INTEL_JSON_CLI, &b, &n, &op.err);
        if (r == 0 && !n)
            r = GISAC_ENOTFOUND;
        if (r == 0 || r == GISAC_ENOTFOUND)
            gisac_buf_putc(&b, '\n');
    } else {
        r = app_search_intel(op.a, &op.who, value, search_cb, &o, &op.err);
    }
    if (o.failed) { /* a hit's sources or sightings could not be read: that error */
        op.err = o.err;
        r = GISAC_ESTORE;
    }
    /* nothing found is not a failure here: the hits so far are shown first */
    rc = cli_close(&op, r == GISAC_ENOTFOUND ? 0 : r);
    cli_put_buf(&b, rc);
    if (rc == EXIT_OK && r == GISAC_ENOTFOUND)
        return io->json ? EXIT_NOTFOUND : cli_app_fail(r, &op.err);
    return rc;
}

static const cli_opt_def search_opts[] = {
    {"--json", CLI_FLAG, offsetof(intel_opts, json),
     .help = "one JSON object with every hit and its sources"},
    {0},
};

/* ---- list -------------------------------------------------------------- */

static int list_cb(void *ctx, const store_indicator *ind)
{
    cli_rows *o = ctx;
    if (!o->json) {
        put_tsv_row(ind, o->now);
        return 0;
    }
    unsigned flags = INTEL_JSON_CLI | INTEL_JSON_SOURCE_NAMES;
    return cli_row_json(o, intel_indicator_to_json(ind, o->now, flags, &o->b)) < 0;
}

static int intel_list_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const intel_opts *io = opts;
    store_filter f = STORE_FILTER_ALL;
    f.active_only = io->active;
    f.source = io->source;
    if (type_opt("intel list", io->type, &f.type))
        return EXIT_FAIL;
    cli_op op;
    int rc = cli_open_rows(c, CLI_APP_HINT_IMPORT, io->json, &op);
    if (rc)
        return rc;
    f.now = op.out.now;
    return cli_close(
        &op, app_list_intel(op.a, &op.who, &f, NULL, 0, list_cb, &op.out, NULL, NULL, &op.err));
}

static const cli_opt_def list_opts[] = {
    {"--type", CLI_STR, offsetof(intel_opts, type), "T",
     "ipv4, ipv6, cidr, domain, url, md5, sha1, sha256, email,\nx509-sha256, android-package",
     .bad = TYPE_BAD},
    {"--source", CLI_STR, offsetof(intel_opts, source), "S", "only indicators seen by source S",
     .bad = "--source needs a name"},
    {"--active", CLI_FLAG, offsetof(intel_opts, active),
     .help = "only active ones (not revoked, expired, allowlisted\nor context)"},
    {"--json", CLI_FLAG, offsetof(intel_opts, json), .help = "one JSON object a line"},
    {0},
};

/* ---- stats ------------------------------------------------------------- */

typedef struct stats_out {
    int json;
    size_t n;
    gisac_buf *b;
} stats_out;

static int source_cb(void *ctx, const store_count *cnt)
{
    stats_out *o = ctx;
    if (o->json) {
        if (o->n)
            gisac_buf_putc(o->b, ',');
        gisac_buf_json_str(o->b, cnt->key);
        gisac_buf_printf(o->b, ":%lld", (long long)cnt->active);
    } else {
        gisac_buf_printf(o->b, "  %-24s %lld active, %lld in all\n", cnt->key,
                         (long long)cnt->active, (long long)cnt->total);
    }
    o->n++;
    return 0;
}

static int intel_stats_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const intel_opts *io = opts;
    gisac_buf src = GISAC_BUF_INIT;
    stats_out o = {io->json, 0, &src};
    intel_stats st;
    cli_op op;
    int rc = cli_open(c, CLI_APP_HINT_IMPORT, &op);
    if (rc == 0)
        rc = cli_close(&op, app_intel_stats(op.a, &op.who, &st, source_cb, &o, &op.err));
    if (rc) {
        gisac_buf_free(&src);
        return rc;
    }
    const store_totals *t = &st.totals;
    if (io->json) {
        printf("{\"total\":%lld,\"active\":%lld,\"revoked\":%lld,\"expired\":%lld,"
               "\"allowlisted\":%lld,\"context\":%lld,\"by_type\":{",
               (long long)t->total, (long long)t->active, (long long)t->revoked,
               (long long)t->expired, (long long)t->allowlisted, (long long)t->context);
        for (int k = 0; k < IOC_TYPE_COUNT; k++)
            printf("%s\"%s\":%lld", k ? "," : "", ioc_type_name((ioc_type)k),
                   (long long)st.by_type[k]);
        printf("},\"by_source\":{%s}}\n", src.data ? src.data : "");
    } else {
        printf("indicators: %lld (active %lld, revoked %lld, expired %lld, allowlisted %lld, "
               "context %lld)\n",
               (long long)t->total, (long long)t->active, (long long)t->revoked,
               (long long)t->expired, (long long)t->allowlisted, (long long)t->context);
        printf("active by type:\n");
        for (int k = 0; k < IOC_TYPE_COUNT; k++)
            printf("  %-8s %lld\n", ioc_type_name((ioc_type)k), (long long)st.by_type[k]);
        printf("by source:\n%s", src.data ? src.data : "");
    }
    gisac_buf_free(&src);
    return EXIT_OK;
}

static const cli_opt_def stats_opts[] = {
    {"--json", CLI_FLAG, offsetof(intel_opts, json), .help = "one JSON object"},
    {0},
};

/* ---- revoke ------------------------------------------------------------ */

/* revoke or restore: a repeated step (revoked already, not revoked) exits 1,
 * as a missing indicator does. */
static int revoke_or_restore(cli_ctx *c, const intel_opts *io, const char *value, int revoke)
{
    cli_op op;
    int rc = cli_open(c, CLI_APP_HINT_IMPORT | CLI_APP_NOTFOUND, &op);
    if (rc)
        return rc;
    int arc = revoke ? app_revoke_intel(op.a, &op.who, value, io->reason, &op.err)
                     : app_restore_intel(op.a, &op.who, value, io->reason, &op.err);
    if (arc == GISAC_ECONFLICT)
        arc = GISAC_ENOTFOUND; /* the same exit status */
    if (arc == GISAC_EINVAL && strcmp(op.err.field, "$.reason") == 0) {
        char m[GISAC_ERR_MSG];
        snprintf(m, sizeof m, "%s",
                 strcmp(op.err.msg, "a reason is required") == 0 ? "give why (a text)"
                                                                 : op.err.msg);
        snprintf(op.err.msg, sizeof op.err.msg, "--reason: %.480s", m);
    }
    rc = cli_close(&op, arc);
    if (rc == 0)
        printf("%s %s\n", revoke ? "revoked" : "restored", value);
    return rc;
}

static int intel_revoke_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    return revoke_or_restore(c, opts, argv[0], 1);
}

static int intel_restore_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    return revoke_or_restore(c, opts, argv[0], 0);
}

static const cli_opt_def revoke_opts[] = {
    {"--reason", CLI_STR, offsetof(intel_opts, reason), "TEXT",
     "why (required; kept in the audit log)", .bad = "--reason needs a text",
     .flags = CLI_EMPTY_OK},
    {0},
};

/* ---- export ------------------------------------------------------------ */

#define FORMAT_BAD "--format must be plain, csv, stix, misp, rpz, suricata, nft or zeek"
#define TLP_BAD    "--max-tlp must be clear, green, amber, amber+strict or red"

static int intel_export_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const intel_opts *io = opts;
    static const char path[] = "intel export";
    /* TLP:RED never leaves by default: it takes an explicit --max-tlp red */
    intel_export_opts o = {EXPORT_PLAIN, IOC_AUTO, TLP_AMBER, io->source, NULL, TLP_UNSET, 0};
    const char *out = io->output;
    if (!io->format)
        return cli_usage(path, "--format is required");
    if (export_format_from_name(io->format, &o.format) < 0)
        return cli_usage(path, FORMAT_BAD);
    if (type_opt(path, io->type, &o.type))
        return EXIT_FAIL;
    if (io->max_tlp && tlp_from_name(io->max_tlp, strlen(io->max_tlp), &o.max_tlp) < 0)
        return cli_usage(path, TLP_BAD);
    if (export_format_is_dir(o.format) && !out)
        return cli_usage(path, "--format %s writes a directory: give -o DIR",
                         export_format_name(o.format));
    cli_op op;
    size_t n = 0;
    int rc = cli_open(c, CLI_APP_HINT_IMPORT, &op);
    if (rc == 0)
        rc = cli_close(&op,
                       app_export_intel(op.a, &op.who, &o, out, out ? NULL : stdout, &n, &op.err));
    if (rc)
        return rc;
    if (out)
        cli_error("exported %zu indicators to %s", n, out);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("writing the export failed");
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

static const cli_opt_def export_opts_def[] = {
    {"--format", CLI_STR, offsetof(intel_opts, format), "F",
     "plain, csv, stix (STIX 2.1 bundle), misp (feed\n"
     "directory), rpz (DNS RPZ zone), suricata (datasets\n"
     "and rules, a directory), nft (nftables sets),\n"
     "zeek (Zeek intel framework file)",
     .bad = FORMAT_BAD},
    {"--type", CLI_STR, offsetof(intel_opts, type), "T", "only this indicator type",
     .bad = TYPE_BAD},
    {"--max-tlp", CLI_STR, offsetof(intel_opts, max_tlp), "L",
     "leave out anything more restricted than L\n"
     "(clear < green < amber < amber+strict < red);\n"
     "default amber, so amber+strict and red need to be\n"
     "asked for",
     .bad = TLP_BAD},
    {"--source", CLI_STR, offsetof(intel_opts, source), "S", "only indicators seen by source S",
     .bad = "--source needs a name"},
    {"--output", CLI_STR, offsetof(intel_opts, output), "PATH",
     "output file (directory for misp and suricata);\n"
     "default stdout. Files are replaced atomically.",
     .alias = "-o", .bad = "-o needs a path"},
    {0},
};

/* ---- the table ----------------------------------------------------------- */

const cli_cmd cli_intel_cmds[] = {
    {.name = "search", .opts = search_opts, .flags = CLI_HINT_SELF, .run = intel_search_run},
    {.name = "list", .opts = list_opts, .flags = CLI_HINT_SELF, .run = intel_list_run},
    {.name = "stats", .opts = stats_opts, .flags = CLI_HINT_SELF, .run = intel_stats_run},
    {.name = "revoke", .opts = revoke_opts, .flags = CLI_HINT_SELF, .run = intel_revoke_run},
    {.name = "restore", .opts = revoke_opts, .flags = CLI_HINT_SELF, .run = intel_restore_run},
    {.name = "export", .opts = export_opts_def, .flags = CLI_HINT_SELF, .run = intel_export_run},
    {.opts_size = sizeof(intel_opts)},
};
