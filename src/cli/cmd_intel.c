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

static void json_time(gisac_buf *b, const char *key, int64_t t)
{
    gisac_buf_printf(b, ",\"%s\":", key);
    if (t) {
        char ts[GISAC_TIME_LEN];
        gisac_time_format(t, ts);
        gisac_buf_printf(b, "\"%s\"", ts);
    } else {
        gisac_buf_puts(b, "null");
    }
}

/* The indicator as a JSON object (without sources). */
static void json_indicator(gisac_buf *b, const store_indicator *ind, int64_t now)
{
    char id[INTEL_ID_LEN];
    intel_indicator_id(ind->type, ind->value, ind->stix_id, id);
    gisac_buf_puts(b, "{\"id\":");
    gisac_buf_json_str(b, id);
    gisac_buf_printf(b, ",\"type\":\"%s\",\"value\":", ioc_type_name(ind->type));
    gisac_buf_json_str(b, ind->value);
    gisac_buf_printf(b, ",\"status\":\"%s\",\"tlp\":\"%s\",\"confidence\":", intel_status(ind, now),
                     tlp_name(ind->tlp));
    if (ind->confidence >= 0)
        gisac_buf_printf(b, "%d", ind->confidence);
    else
        gisac_buf_puts(b, "null");
    json_time(b, "first_seen", ind->first_seen);
    json_time(b, "last_seen", ind->last_seen);
    json_time(b, "valid_from", ind->valid_from);
    json_time(b, "valid_until", ind->valid_until);
    gisac_buf_puts(b, ",\"labels\":");
    gisac_buf_puts(b, ind->labels_json ? ind->labels_json : "[]");
    if (ind->name) {
        gisac_buf_puts(b, ",\"name\":");
        gisac_buf_json_str(b, ind->name);
    }
    if (ind->description) {
        gisac_buf_puts(b, ",\"description\":");
        gisac_buf_json_str(b, ind->description);
    }
}

/* ---- search ------------------------------------------------------------ */

typedef struct search_out {
    intel *in;
    int json;
    int64_t now;
    gisac_buf *b;
    size_t n;
    int failed;
    gisac_err err;
} search_out;

typedef struct src_out {
    gisac_buf *b;
    size_t n;
    int json;
} src_out;

static int src_cb(void *ctx, const store_sighting_source *s)
{
    src_out *o = ctx;
    if (o->json) {
        gisac_buf_puts(o->b, o->n ? ",{\"name\":" : "{\"name\":");
        gisac_buf_json_str(o->b, s->name);
        json_time(o->b, "first_seen", s->first_seen);
        json_time(o->b, "last_seen", s->last_seen);
        gisac_buf_putc(o->b, '}');
    } else {
        if (o->n)
            gisac_buf_putc(o->b, ',');
        gisac_buf_puts(o->b, s->name);
    }
    o->n++;
    return 0;
}

typedef struct seen_out {
    gisac_buf *b;
    size_t n;
    int json;
} seen_out;

static int seen_cb(void *ctx, const store_sighting *sg)
{
    seen_out *o = ctx;
    char f[GISAC_TIME_LEN], l[GISAC_TIME_LEN];
    gisac_time_format(sg->first_seen, f);
    gisac_time_format(sg->last_seen, l);
    const char *agency = sg->agency && *sg->agency ? sg->agency : "-";
    if (o->json) {
        gisac_buf_puts(o->b, o->n ? ",{\"agency\":" : "{\"agency\":");
        gisac_buf_json_str(o->b, agency);
        gisac_buf_printf(o->b, ",\"count\":%lld,\"first_seen\":\"%s\",\"last_seen\":\"%s\"}",
                         (long long)sg->count, f, l);
    } else {
        gisac_buf_printf(o->b, "  seen by %s: %lld times, %s .. %s\n", agency, (long long)sg->count,
                         f, l);
    }
    o->n++;
    return 0;
}

static int search_cb(void *ctx, const intel_hit *h)
{
    search_out *o = ctx;
    gisac_buf *b = o->b;
    src_out so = {b, 0, o->json};
    if (o->json) {
        gisac_buf_puts(b, o->n ? ",{\"relation\":" : "{\"relation\":");
        gisac_buf_json_str(b, h->relation);
        gisac_buf_puts(b, ",\"indicator\":");
        json_indicator(b, h->ind, o->now);
        gisac_buf_puts(b, "},\"sources\":[");
        if (intel_sources(o->in, h->ind->id, src_cb, &so, &o->err) < 0)
            o->failed = 1;
        gisac_buf_puts(b, "],\"sightings\":[");
        seen_out sn = {b, 0, 1};
        if (intel_sightings(o->in, h->ind->id, seen_cb, &sn, &o->err) < 0)
            o->failed = 1;
        gisac_buf_puts(b, "]}");
    } else {
        gisac_buf_printf(b, "%s\t%s\t%s\t%s\ttlp:%s\t", h->relation, ioc_type_name(h->ind->type),
                         h->ind->value, h->status, tlp_name(h->ind->tlp));
        if (h->ind->confidence >= 0)
            gisac_buf_printf(b, "%d\t", h->ind->confidence);
        else
            gisac_buf_puts(b, "-\t");
        if (intel_sources(o->in, h->ind->id, src_cb, &so, &o->err) < 0)
            o->failed = 1;
        if (!so.n)
            gisac_buf_putc(b, '-');
        gisac_buf_putc(b, '\n');
        seen_out sn = {b, 0, 0};
        if (intel_sightings(o->in, h->ind->id, seen_cb, &sn, &o->err) < 0)
            o->failed = 1;
    }
    o->n++;
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
    intel *in;
    int rc = cli_open_existing(c, &in);
    if (rc)
        return rc;
    gisac_buf b = GISAC_BUF_INIT;
    search_out o = {in, json, gisac_now(), &b, 0, 0, GISAC_ERR_INIT};
    gisac_err err = GISAC_ERR_INIT;
    if (json)
        gisac_buf_puts(&b, "{\"query\":");
    if (json)
        gisac_buf_json_str(&b, value);
    if (json)
        gisac_buf_puts(&b, ",\"hits\":[");
    int r = intel_search(in, value, search_cb, &o, &err);
    intel_close(in);
    if (o.failed) {
        gisac_buf_free(&b);
        return cli_fail(&o.err);
    }
    if (r < 0 && r != GISAC_ENOTFOUND) {
        gisac_buf_free(&b);
        return cli_fail(&err);
    }
    if (json)
        gisac_buf_puts(&b, "]}\n");
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
    json_indicator(&o->b, ind, o->now);
    gisac_buf_puts(&o->b, ",\"sources\":[");
    const char *s = ind->sources;
    for (int first = 1; s && *s; first = 0) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        char name[512];
        snprintf(name, sizeof name, "%.*s", (int)(n < 511 ? n : 511), s);
        if (!first)
            gisac_buf_putc(&o->b, ',');
        gisac_buf_json_str(&o->b, name);
        s = e ? e + 1 : s + n;
    }
    gisac_buf_puts(&o->b, "]}\n");
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
    intel *in;
    int rc = cli_open_existing(c, &in);
    if (rc)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    int r = intel_list(in, &f, list_cb, &o, &err);
    intel_close(in);
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
    intel *in;
    int rc = cli_open_existing(c, &in);
    if (rc)
        return rc;
    gisac_buf src = GISAC_BUF_INIT;
    stats_out o = {json, 0, &src};
    intel_stats st;
    gisac_err err = GISAC_ERR_INIT;
    int r = intel_get_stats(in, &st, source_cb, &o, &err);
    intel_close(in);
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
    intel *in;
    int rc = cli_open_existing(c, &in);
    if (rc)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    int r = intel_revoke(in, argv[0], &err);
    intel_close(in);
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
    intel *in;
    int rc = cli_open_existing(c, &in);
    if (rc)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    size_t n = 0;
    int r = intel_export(in, &o, out, out ? NULL : stdout, &n, &err);
    intel_close(in);
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
