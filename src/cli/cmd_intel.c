/* cmd_intel.c: gisac intel search|list|stats|revoke|export */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

static const char intel_usage[] =
    "usage: gisac intel COMMAND [ARGS...]\n"
    "\n"
    "commands:\n"
    "  search VALUE [--json]              the indicator, covering CIDRs, parent domains\n"
    "  list [--type T] [--source S] [--active] [--json]\n"
    "  stats [--json]                     counts by type and by source\n"
    "  revoke VALUE                       revoke an indicator\n"
    "  export --format F [--type T] [--max-tlp L] [--source S] [-o PATH]\n";

static const char search_usage[] =
    "usage: gisac intel search VALUE [--json]\n"
    "\n"
    "Find VALUE (any indicator type, defanged or not), every CIDR that\n"
    "covers it, every parent domain, and for a URL or e-mail address the\n"
    "indicators of its host or domain. Inactive indicators are shown with\n"
    "their status.\n"
    "\n"
    "Output: one line per hit, tab-separated:\n"
    "  RELATION TYPE VALUE STATUS TLP CONFIDENCE SOURCES\n"
    "\n"
    "  --json      one JSON object with every hit and its sources\n"
    "\n"
    "Exit status: 0 found, 1 nothing found, 2 error.\n";

static const char list_usage[] =
    "usage: gisac intel list [--type T] [--source S] [--active] [--json]\n"
    "\n"
    "List indicators ordered by type and value, one a line, tab-separated:\n"
    "  TYPE VALUE STATUS TLP CONFIDENCE SOURCES\n"
    "\n"
    "  --type T     ipv4, ipv6, cidr, domain, url, md5, sha1, sha256, email\n"
    "  --source S   only indicators seen by source S\n"
    "  --active     only active ones (not revoked, expired, allowlisted or context)\n"
    "  --json       one JSON object a line\n";

static const char stats_usage[] =
    "usage: gisac intel stats [--json]\n"
    "\n"
    "Counts of indicators: totals by status, active ones by type and by source.\n"
    "With --json, one object; its by_type maps every type to its count of\n"
    "active indicators.\n";

static const char revoke_usage[] = "usage: gisac intel revoke VALUE\n"
                                   "\n"
                                   "Revoke an indicator: it stays on record but never matches\n"
                                   "and is never exported again.\n";

static const char export_usage[] =
    "usage: gisac intel export --format F [--type T] [--max-tlp L] [--source S] [-o PATH]\n"
    "\n"
    "Export the active indicators.\n"
    "\n"
    "  --format F    plain, csv, stix (STIX 2.1 bundle), misp (feed directory),\n"
    "                rpz (DNS RPZ zone), suricata (datasets and rules, a directory),\n"
    "                nft (nftables sets)\n"
    "  --type T      only this indicator type\n"
    "  --max-tlp L   leave out anything more restricted than L\n"
    "                (clear < green < amber < amber+strict < red); default amber,\n"
    "                so amber+strict and red need to be asked for\n"
    "  --source S    only indicators seen by source S\n"
    "  -o PATH       output file (directory for misp and suricata); default\n"
    "                stdout. Files are replaced atomically.\n";

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
    gisac_time_format(sg->first_seen, f);
    gisac_time_format(sg->last_seen, l);
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

static int intel_search_cmd(cli_ctx *c, int argc, char **argv)
{
    const char *value = NULL;
    int json = 0;
    for (int i = 0; i < argc; i++) {
        if (cli_is_help(argv[i]))
            return cli_help(search_usage);
        if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (argv[i][0] == '-' && argv[i][1] == '-')
            return cli_usage("intel search", "unknown option '%s'", argv[i]);
        else if (value)
            return cli_usage("intel search", "one VALUE only");
        else
            value = argv[i];
    }
    if (!value)
        return cli_usage("intel search", "no VALUE given");
    app *a;
    int rc = cli_app(c, 0, &a);
    if (rc)
        return rc;
    gisac_buf b = GISAC_BUF_INIT;
    search_out o = {a, app_operator(a), &b, 0, GISAC_ERR_INIT};
    gisac_err err = GISAC_ERR_INIT;
    size_t n = 0;
    int r;
    if (json) {
        r = app_search_intel_json(a, &o.who, value, INTEL_JSON_CLI, &b, &n, &err);
        if (r == 0 && !n)
            r = GISAC_ENOTFOUND;
        if (r == 0 || r == GISAC_ENOTFOUND)
            gisac_buf_putc(&b, '\n');
    } else {
        r = app_search_intel(a, &o.who, value, search_cb, &o, &err);
    }
    app_close(a);
    if (o.failed) {
        gisac_buf_free(&b);
        return cli_fail(&o.err);
    }
    if (r < 0 && r != GISAC_ENOTFOUND) {
        gisac_buf_free(&b);
        return cli_fail(&err);
    }
    if (b.len)
        fwrite(b.data, 1, b.len, stdout);
    gisac_buf_free(&b);
    if (r == GISAC_ENOTFOUND) {
        if (!json)
            cli_error("%s", err.msg);
        return EXIT_NOTFOUND;
    }
    return EXIT_OK;
}

/* ---- list -------------------------------------------------------------- */

typedef struct list_out {
    int json;
    int64_t now;
    gisac_buf b;
} list_out;

static int list_cb(void *ctx, const store_indicator *ind)
{
    list_out *o = ctx;
    if (!o->json) {
        put_tsv_row(ind, o->now);
        return 0;
    }
    gisac_buf_reset(&o->b);
    if (intel_indicator_to_json(ind, o->now, INTEL_JSON_CLI | INTEL_JSON_SOURCE_NAMES, &o->b) < 0 ||
        gisac_buf_putc(&o->b, '\n') < 0)
        return 1;
    fwrite(o->b.data, 1, o->b.len, stdout);
    return 0;
}

static int intel_list_cmd(cli_ctx *c, int argc, char **argv)
{
    store_filter f = STORE_FILTER_ALL;
    list_out o = {0, gisac_now(), GISAC_BUF_INIT};
    f.now = o.now;
    for (int i = 0; i < argc; i++) {
        const char *v;
        int m;
        if (cli_is_help(argv[i]))
            return cli_help(list_usage);
        if (strcmp(argv[i], "--json") == 0) {
            o.json = 1;
        } else if (strcmp(argv[i], "--active") == 0) {
            f.active_only = 1;
        } else if ((m = cli_opt(argc, argv, &i, "--type", &v)) != 0) {
            if (m < 0 || ioc_type_from_name(v, &f.type) < 0)
                return cli_usage("intel list", "--type must be one of ipv4, ipv6, cidr, domain, "
                                               "url, md5, sha1, sha256, email");
        } else if ((m = cli_opt(argc, argv, &i, "--source", &v)) != 0) {
            if (m < 0)
                return cli_usage("intel list", "--source needs a name");
            f.source = v;
        } else {
            return cli_usage("intel list", "unknown argument '%s'", argv[i]);
        }
    }
    app *a;
    int rc = cli_app(c, 0, &a);
    if (rc)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    auth_principal who = app_operator(a);
    int r = app_list_intel(a, &who, &f, NULL, 0, list_cb, &o, NULL, NULL, &err);
    app_close(a);
    gisac_buf_free(&o.b);
    return r < 0 ? cli_fail(&err) : EXIT_OK;
}

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

static int intel_stats_cmd(cli_ctx *c, int argc, char **argv)
{
    int json = 0;
    for (int i = 0; i < argc; i++) {
        if (cli_is_help(argv[i]))
            return cli_help(stats_usage);
        if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else
            return cli_usage("intel stats", "unknown argument '%s'", argv[i]);
    }
    app *a;
    int rc = cli_app(c, 0, &a);
    if (rc)
        return rc;
    auth_principal who = app_operator(a);
    gisac_buf src = GISAC_BUF_INIT;
    stats_out o = {json, 0, &src};
    intel_stats st;
    gisac_err err = GISAC_ERR_INIT;
    int r = app_intel_stats(a, &who, &st, source_cb, &o, &err);
    app_close(a);
    if (r < 0) {
        gisac_buf_free(&src);
        return cli_fail(&err);
    }
    const store_totals *t = &st.totals;
    if (json) {
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

/* ---- revoke ------------------------------------------------------------ */

static int intel_revoke_cmd(cli_ctx *c, int argc, char **argv)
{
    if (argc == 1 && cli_is_help(argv[0]))
        return cli_help(revoke_usage);
    if (argc != 1 || argv[0][0] == '-')
        return cli_usage("intel revoke", "give exactly one VALUE");
    app *a;
    int rc = cli_app(c, 0, &a);
    if (rc)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    auth_principal who = app_operator(a);
    int r = app_revoke_intel(a, &who, argv[0], &err);
    app_close(a);
    if (r == GISAC_ENOTFOUND) {
        cli_error("%s", err.msg);
        return EXIT_NOTFOUND;
    }
    if (r < 0)
        return cli_fail(&err);
    printf("revoked %s\n", argv[0]);
    return EXIT_OK;
}

/* ---- export ------------------------------------------------------------ */

static int intel_export_cmd(cli_ctx *c, int argc, char **argv)
{
    /* TLP:RED never leaves by default: it takes an explicit --max-tlp red */
    intel_export_opts o = {EXPORT_PLAIN, IOC_AUTO, TLP_AMBER, NULL, NULL};
    const char *out = NULL;
    int have_format = 0;
    for (int i = 0; i < argc; i++) {
        const char *v;
        int m;
        if (cli_is_help(argv[i]))
            return cli_help(export_usage);
        if ((m = cli_opt(argc, argv, &i, "--format", &v)) != 0) {
            if (m < 0 || export_format_from_name(v, &o.format) < 0)
                return cli_usage("intel export", "--format must be plain, csv, stix, misp, rpz, "
                                                 "suricata or nft");
            have_format = 1;
        } else if ((m = cli_opt(argc, argv, &i, "--type", &v)) != 0) {
            if (m < 0 || ioc_type_from_name(v, &o.type) < 0)
                return cli_usage("intel export", "--type must be one of ipv4, ipv6, cidr, "
                                                 "domain, url, md5, sha1, sha256, email");
        } else if ((m = cli_opt(argc, argv, &i, "--max-tlp", &v)) != 0) {
            if (m < 0 || tlp_from_name(v, strlen(v), &o.max_tlp) < 0)
                return cli_usage("intel export",
                                 "--max-tlp must be clear, green, amber, amber+strict or red");
        } else if ((m = cli_opt(argc, argv, &i, "--source", &v)) != 0) {
            if (m < 0)
                return cli_usage("intel export", "--source needs a name");
            o.source = v;
        } else if ((m = cli_opt(argc, argv, &i, "-o", &v)) != 0 ||
                   (m = cli_opt(argc, argv, &i, "--output", &v)) != 0) {
            if (m < 0 || !*v)
                return cli_usage("intel export", "-o needs a path");
            out = v;
        } else {
            return cli_usage("intel export", "unknown argument '%s'", argv[i]);
        }
    }
    if (!have_format)
        return cli_usage("intel export", "--format is required");
    if (export_format_is_dir(o.format) && !out)
        return cli_usage("intel export", "--format %s writes a directory: give -o DIR",
                         export_format_name(o.format));
    app *a;
    int rc = cli_app(c, 0, &a);
    if (rc)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    size_t n = 0;
    auth_principal who = app_operator(a);
    int r = app_export_intel(a, &who, &o, out, out ? NULL : stdout, &n, &err);
    app_close(a);
    if (r < 0)
        return cli_fail(&err);
    if (out)
        cli_error("exported %zu indicators to %s", n, out);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("writing the export failed");
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

int cmd_intel(cli_ctx *c, int argc, char **argv)
{
    if (argc < 1) {
        fputs(intel_usage, stderr);
        return EXIT_FAIL;
    }
    const char *sub = argv[0];
    if (cli_is_help(sub))
        return cli_help(intel_usage);
    if (strcmp(sub, "search") == 0)
        return intel_search_cmd(c, argc - 1, argv + 1);
    if (strcmp(sub, "list") == 0)
        return intel_list_cmd(c, argc - 1, argv + 1);
    if (strcmp(sub, "stats") == 0)
        return intel_stats_cmd(c, argc - 1, argv + 1);
    if (strcmp(sub, "revoke") == 0)
        return intel_revoke_cmd(c, argc - 1, argv + 1);
    if (strcmp(sub, "export") == 0)
        return intel_export_cmd(c, argc - 1, argv + 1);
    return cli_usage("intel", "unknown intel command '%s'", sub);
}

const cli_cmd cli_intel_cmd = {.name = "intel",
                               .synopsis = "search|list|stats|revoke|export",
                               .summary = "find, list, count, revoke and export indicators",
                               .raw = cmd_intel};
