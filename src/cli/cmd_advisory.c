/* cmd_advisory.c: gisac advisory publish|list|show|count (docs/advisory.md) */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

static void put_json(const advisory *a, int with_body)
{
    gisac_buf b = GISAC_BUF_INIT;
    if (advisory_to_json(a, with_body, &b) == 0)
        printf("%s\n", b.data);
    gisac_buf_free(&b);
}

/* "for every agency", "for staff only", "for staff and moda, acs" */
static void put_audience(const advisory *a)
{
    if (a->tlp <= TLP_GREEN) {
        fputs("for every agency", stdout);
        return;
    }
    if (!a->nrecipients) {
        fputs("for staff only", stdout);
        return;
    }
    fputs("for staff and ", stdout);
    for (size_t i = 0; i < a->nrecipients; i++)
        printf("%s%s", i ? ", " : "", a->recipients[i]);
}

static void upper(const char *s)
{
    for (; *s; s++)
        putchar(*s >= 'a' && *s <= 'z' ? *s - 'a' + 'A' : *s);
}

/* ---- publish ---------------------------------------------------------------- */

typedef struct publish_opts {
    /* given once at most (a list, to tell "given twice") */
    cli_list title, severity, tlp, body, body_file, lang, revise;
    cli_list recipients, indicators, cves;
    int json;
} publish_opts;

#define O(f) offsetof(publish_opts, f)
#define ONE(name, f, meta, help)                                                                   \
    {                                                                                              \
        name, CLI_LIST, O(f), meta, help, .flags = CLI_EMPTY_OK                                    \
    }
static const cli_opt_def publish_opts_def[] = {
    ONE("--title", title, "T", "one line, at most 200 characters"),
    ONE("--severity", severity, "S", "low, medium, high or critical"),
    ONE("--tlp", tlp, "L", "clear, green, amber (default), amber+strict or red"),
    ONE("--recipient", recipients, "ID",
        "an agency an amber or red advisory is meant for\n(repeat for more)"),
    ONE("--body", body, "TEXT", "the advisory text (Markdown)"),
    ONE("--body-file", body_file, "F", "... read from file F ('-': standard input)"),
    ONE("--indicator", indicators, "VALUE",
        "an indicator it cites, which must be in the store\n(repeat for more)"),
    ONE("--cve", cves, "ID", "a CVE it names, CVE-YYYY-NNNN (repeat for more)"),
    ONE("--lang", lang, "L", "zh-TW (default) or en"),
    ONE("--revise", revise, "ID", "publish a new revision of advisory ID"),
    {"--json", CLI_FLAG, O(json), .help = "print the advisory as JSON"},
    {0},
};
#undef ONE
#undef O

/* The value of a once-only option into *out (NULL when not given); -1 when given twice. */
static int once(const publish_opts *o, const cli_list *l, const char **out)
{
    *out = l->n ? l->v[0] : NULL;
    if (l->n < 2)
        return 0;
    const cli_opt_def *d = publish_opts_def;
    while ((const char *)o + d->off != (const char *)l)
        d++;
    cli_usage("advisory", "%s is given twice", d->name);
    return -1;
}

/* The body of --body-file into body (text: no NUL byte); 0 or the exit status. */
static int read_body(const char *path, gisac_buf *body)
{
    gisac_err err = GISAC_ERR_INIT;
    if (gisac_read_file(path, body, &err) < 0)
        return cli_fail(&err);
    if (gisac_buf_putc(body, '\0') < 0) {
        cli_error("out of memory");
        return EXIT_FAIL;
    }
    if (strlen(body->data) != body->len - 1) {
        cli_error("%s: holds a NUL byte: the body must be text", path);
        return EXIT_FAIL;
    }
    return 0;
}

static int publish_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const publish_opts *o = opts;
    advisory_input v;
    memset(&v, 0, sizeof v);
    const char *body_file;
    if (once(o, &o->title, &v.title) || once(o, &o->severity, &v.severity) ||
        once(o, &o->tlp, &v.tlp) || once(o, &o->body, &v.body) ||
        once(o, &o->body_file, &body_file) || once(o, &o->lang, &v.lang) ||
        once(o, &o->revise, &v.revise))
        return EXIT_FAIL;
    if (v.body && body_file)
        return cli_usage("advisory", "give --body or --body-file, not both");
    if (!v.revise && (!v.title || !v.severity || (!v.body && !body_file)))
        return cli_usage("advisory", "publish needs --title, --severity and --body or --body-file "
                                     "(or --revise ID)");
    v.recipients = o->recipients.v;
    v.nrecipients = o->recipients.n;
    v.has_recipients = o->recipients.n > 0;
    v.indicators = o->indicators.v;
    v.nindicators = o->indicators.n;
    v.has_indicators = o->indicators.n > 0;
    v.cves = o->cves.v;
    v.ncves = o->cves.n;
    v.has_cves = o->cves.n > 0;
    gisac_buf body = GISAC_BUF_INIT;
    cli_op op;
    int rc = body_file ? read_body(body_file, &body) : 0;
    if (!rc && body_file)
        v.body = body.data;
    if (!rc)
        rc = cli_open(c, APP_OPEN_CREATE, &op);
    if (rc) {
        gisac_buf_free(&body);
        return rc;
    }
    advisory *adv = NULL;
    advisory_where where;
    rc =
        cli_close(&op, app_publish_advisory(op.a, &op.who, &v, gisac_now(), &adv, &where, &op.err));
    gisac_buf_free(&body);
    if (rc)
        return rc;
    if (o->json) {
        put_json(adv, 1);
    } else {
        printf("%s %s (revision %d): TLP:", adv->revision > 1 ? "revised" : "published", adv->id,
               adv->revision);
        upper(tlp_name(adv->tlp));
        putchar(' ');
        put_audience(adv);
        putchar('\n');
    }
    advisory_free(adv);
    return EXIT_OK;
}

/* ---- list ------------------------------------------------------------------- */

typedef struct adv_opts {
    const char *year, *severity;
    int64_t from, to;
    long revision;
    int json, stix;
} adv_opts;

/* --year Y into *year (0 when not given); 0 or the exit status. */
static int year_opt(const char *val, int *year)
{
    long y = 0;
    if (val && cli_int(val, 1970, 9999, &y) < 0)
        return cli_usage("advisory", "--year '%s': give a year such as 2026", val);
    *year = val ? (int)y : 0;
    return 0;
}

static int list_cb(void *ctx, const advisory *a)
{
    cli_rows *o = ctx;
    o->n++;
    if (o->json) {
        put_json(a, 0);
        return 0;
    }
    char d[GISAC_TIME_LEN];
    gisac_date_format_local(a->published, cli_zone(NULL), d);
    printf("%s\t%d\t%s\t%s\ttlp:%s\t%s\n", a->id, a->revision, d,
           advisory_severity_name(a->severity), tlp_name(a->tlp), a->title);
    return 0;
}

static int list_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const adv_opts *ao = opts;
    advisory_filter f = {0, ADVISORY_SEV_NONE};
    if (year_opt(ao->year, &f.year))
        return EXIT_FAIL;
    if (ao->severity && (f.severity = advisory_severity_parse(ao->severity)) == ADVISORY_SEV_NONE)
        return cli_usage("advisory", "severity '%s': use low, medium, high or critical",
                         ao->severity);
    cli_op op;
    int rc = cli_open_rows(c, CLI_APP_HINT_IMPORT, ao->json, &op);
    return rc ? rc
              : cli_close_rows(&op, app_list_advisories(op.a, &op.who, &f, NULL, 0, list_cb,
                                                        &op.out, NULL, NULL, &op.err));
}

#define O(f) offsetof(adv_opts, f)
#define YEAR_OPT(help)                                                                             \
    {                                                                                              \
        "--year", CLI_STR, O(year), "Y", help, .flags = CLI_EMPTY_OK                               \
    }
static const cli_opt_def list_opts_def[] = {
    YEAR_OPT("only the advisories first published in year Y"),
    {"--severity", CLI_STR, O(severity), "S", "only low, medium, high or critical ones",
     .flags = CLI_EMPTY_OK},
    {"--json", CLI_FLAG, O(json), .help = "one JSON object a line (without the body)"},
    {0},
};

/* ---- show ------------------------------------------------------------------- */

static void show_text(const advisory *a)
{
    char t[GISAC_TIME_LEN];
    printf("id           %s\n", a->id);
    printf("revision     %d of %d\n", a->revision, a->latest);
    printf("title        %s\n", a->title);
    printf("severity     %s\n", advisory_severity_name(a->severity));
    printf("tlp          %s\n", tlp_name(a->tlp));
    fputs("recipients   ", stdout);
    for (size_t i = 0; i < a->nrecipients; i++)
        printf("%s%s", i ? ", " : "", a->recipients[i]);
    puts(a->nrecipients ? "" : "-");
    printf("language     %s\n", a->lang);
    cli_time_text(a->published, t);
    printf("published    %s\n", t);
    if (a->revision > 1) {
        cli_time_text(a->modified, t);
        printf("revised      %s\n", t);
    }
    printf("author       %s\n", a->author);
    printf("stix id      %s\n", a->stix_id);
    fputs("indicators   ", stdout);
    for (size_t i = 0; i < a->nindicators; i++)
        printf("%s%s %s\n", i ? "             " : "", ioc_type_name(a->indicators[i].type),
               a->indicators[i].value);
    if (!a->nindicators)
        puts("-");
    fputs("cves         ", stdout);
    for (size_t i = 0; i < a->ncves; i++)
        printf("%s%s", i ? ", " : "", a->cves[i].id);
    puts(a->ncves ? "" : "-");
    for (size_t i = 0; i < a->nhistory; i++) {
        cli_time_text(a->history[i].published, t);
        printf("%s%d  %s  %s\n", i ? "             " : "revisions    ", a->history[i].revision, t,
               a->history[i].author);
    }
    printf("\n%s\n", a->body);
}

static int show_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const adv_opts *ao = opts;
    if (ao->json && ao->stix)
        return cli_usage("advisory", "give --json or --stix, not both");
    cli_op op;
    int rc = cli_open(c, CLI_APP_HINT_IMPORT | CLI_APP_NOTFOUND, &op);
    if (rc)
        return rc;
    advisory *adv = NULL;
    int r = app_get_advisory(op.a, &op.who, argv[0], (int)ao->revision, &adv, &op.err);
    if (r == 0) {
        if (ao->json) {
            put_json(adv, 1);
        } else if (ao->stix) {
            gisac_buf b = GISAC_BUF_INIT;
            r = app_advisory_bundle(op.a, &op.who, adv, gisac_now(), &b, &op.err);
            if (r == 0)
                fputs(b.data, stdout);
            gisac_buf_free(&b);
        } else {
            show_text(adv);
        }
        advisory_free(adv);
    }
    return cli_close(&op, r);
}

static const cli_opt_def show_opts_def[] = {
    {"--revision", CLI_INT, O(revision), "N", "this revision (default: the latest)", 1, 1000000,
     .bad = "--revision needs a number (1, 2, ...)"},
    {"--json", CLI_FLAG, O(json), .help = "the advisory as JSON"},
    {"--stix", CLI_FLAG, O(stix), .help = "its STIX 2.1 bundle (as shared over TAXII)"},
    {0},
};

/* ---- count ------------------------------------------------------------------ */

static int count_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const adv_opts *ao = opts;
    int year = 0;
    int64_t from = ao->from, to = ao->to;
    if (year_opt(ao->year, &year))
        return EXIT_FAIL;
    if (year && (from || to))
        return cli_usage("advisory", "give --year or --from/--to, not both");
    if (year) {
        char ts[32];
        snprintf(ts, sizeof ts, "%04d-01-01", year);
        gisac_time_parse_in(ts, strlen(ts), cli_zone(c), &from);
        snprintf(ts, sizeof ts, "%04d-01-01", year + 1);
        gisac_time_parse_in(ts, strlen(ts), cli_zone(c), &to);
    }
    cli_op op;
    int64_t n = 0;
    int rc = cli_open(c, CLI_APP_HINT_IMPORT, &op);
    if (rc == 0)
        rc = cli_close(&op, app_count_advisories(op.a, &op.who, from, to, &n, &op.err));
    if (rc == 0)
        printf("%lld\n", (long long)n);
    return rc;
}

static const cli_opt_def count_opts_def[] = {
    YEAR_OPT("in year Y"),
    {"--from", CLI_TIME, O(from), "TIME", .help = "from TIME on"},
    {"--to", CLI_TIME, O(to), "TIME", .help = "before TIME"},
    {0},
};
#undef YEAR_OPT
#undef O

/* ---- the table -------------------------------------------------------------- */

const cli_cmd cli_advisory_cmds[] = {
    {.name = "publish",
     .opts = publish_opts_def,
     .opts_size = sizeof(publish_opts),
     .flags = CLI_UNKNOWN_NAMED,
     .run = publish_run},
    {.name = "list", .opts = list_opts_def, .flags = CLI_UNKNOWN_NAMED, .run = list_run},
    {.name = "show", .opts = show_opts_def, .flags = CLI_UNKNOWN_NAMED, .run = show_run},
    {.name = "count", .opts = count_opts_def, .flags = CLI_UNKNOWN_NAMED, .run = count_run},
    {.opts_size = sizeof(adv_opts)},
};
