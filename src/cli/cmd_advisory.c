/* cmd_advisory.c: gisac advisory publish|list|show|count (docs/advisory.md) */
#include "advisory/advisory.h"
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: gisac advisory COMMAND [ARGS...]\n"
    "\n"
    "Security advisories to the member agencies, shared over TAXII as STIX 2.1\n"
    "reports (docs/advisory.md).\n"
    "\n"
    "commands:\n"
    "  publish --title T --severity S (--body TEXT | --body-file F) [OPTIONS]\n"
    "                 publish a new advisory\n"
    "  publish --revise ID [OPTIONS]\n"
    "                 publish a correction: a new revision of advisory ID that\n"
    "                 keeps whatever is not given\n"
    "  list [--year Y] [--severity S] [--json]\n"
    "                 the latest revision of every advisory by id, tab-separated:\n"
    "                 ID REVISION PUBLISHED SEVERITY TLP TITLE\n"
    "  show ID [--revision N] [--json | --stix]\n"
    "                 one advisory (the latest revision unless --revision)\n"
    "  count [--year Y | --from TIME --to TIME]\n"
    "                 how many advisories were first published then\n"
    "\n"
    "publish options:\n"
    "  --title T          one line, at most 200 characters\n"
    "  --severity S       low, medium, high or critical\n"
    "  --tlp L            clear, green, amber (default), amber+strict or red\n"
    "  --recipient ID     an agency an amber or red advisory is meant for\n"
    "                     (repeat for more)\n"
    "  --body TEXT        the advisory text (Markdown)\n"
    "  --body-file F      ... read from file F ('-': standard input)\n"
    "  --indicator VALUE  an indicator it cites, which must be in the store\n"
    "                     (repeat for more)\n"
    "  --cve ID           a CVE it names, CVE-YYYY-NNNN (repeat for more)\n"
    "  --lang L           zh-TW (default) or en\n"
    "  --revise ID        publish a new revision of advisory ID\n"
    "  --json             print the advisory as JSON\n"
    "\n"
    "An advisory cites at least one indicator or CVE, and never reaches\n"
    "further than the indicators it cites: an amber indicator needs an amber\n"
    "(or stricter) advisory for its own recipients. In a revision, a list\n"
    "option given replaces the whole list.\n"
    "\n"
    "Exit status: 0 done, 1 no such advisory (show) or none listed (list),\n"
    "2 error.\n";

static int fail(int rc, const gisac_err *err)
{
    if (rc == GISAC_ENOTFOUND) {
        cli_error("%s", err->msg);
        return EXIT_NOTFOUND;
    }
    return cli_fail(err);
}

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

static int publish(cli_ctx *c, int argc, char **argv)
{
    advisory_input v;
    memset(&v, 0, sizeof v);
    const char **rec = calloc((size_t)argc + 1, sizeof *rec);
    const char **ind = calloc((size_t)argc + 1, sizeof *ind);
    const char **cve = calloc((size_t)argc + 1, sizeof *cve);
    const char *body_file = NULL;
    int json = 0, rc = EXIT_FAIL;
    gisac_buf body = GISAC_BUF_INIT;
    intel *in = NULL;
    if (!rec || !ind || !cve) {
        cli_error("out of memory");
        goto out;
    }
    for (int i = 0; i < argc; i++) {
        const char *val = NULL;
        int m = 0;
        if (cli_is_help(argv[i])) {
            rc = cli_help(usage);
            goto out;
        }
        if (strcmp(argv[i], "--json") == 0) {
            json = 1;
            continue;
        }
        static const char *const opts[] = {"--title", "--severity",  "--tlp",       "--recipient",
                                           "--body",  "--body-file", "--indicator", "--cve",
                                           "--lang",  "--revise"};
        size_t k = 0;
        for (; k < sizeof opts / sizeof *opts; k++)
            if ((m = cli_opt(argc, argv, &i, opts[k], &val)) != 0)
                break;
        if (m < 0) {
            rc = cli_usage("advisory", "%s needs a value", opts[k]);
            goto out;
        }
        if (m == 0) {
            rc = cli_usage("advisory", "publish: unknown argument '%s'", argv[i]);
            goto out;
        }
        const char **one[] = {&v.title,   &v.severity, &v.tlp, NULL,    &v.body,
                              &body_file, NULL,        NULL,   &v.lang, &v.revise};
        if (one[k]) {
            if (*one[k]) {
                rc = cli_usage("advisory", "%s is given twice", opts[k]);
                goto out;
            }
            *one[k] = val;
        } else if (k == 3) {
            rec[v.nrecipients++] = val;
            v.has_recipients = 1;
        } else if (k == 6) {
            ind[v.nindicators++] = val;
            v.has_indicators = 1;
        } else {
            cve[v.ncves++] = val;
            v.has_cves = 1;
        }
    }
    if (v.body && body_file) {
        rc = cli_usage("advisory", "give --body or --body-file, not both");
        goto out;
    }
    if (!v.revise && (!v.title || !v.severity || (!v.body && !body_file))) {
        rc = cli_usage("advisory", "publish needs --title, --severity and --body or --body-file "
                                   "(or --revise ID)");
        goto out;
    }
    gisac_err err = GISAC_ERR_INIT;
    if (body_file) {
        if (gisac_read_file(body_file, &body, &err) < 0) {
            rc = cli_fail(&err);
            goto out;
        }
        if (gisac_buf_putc(&body, '\0') < 0) {
            cli_error("out of memory");
            goto out;
        }
        if (strlen(body.data) != body.len - 1) {
            cli_error("%s: holds a NUL byte: the body must be text", body_file);
            goto out;
        }
        v.body = body.data;
    }
    v.recipients = rec;
    v.indicators = ind;
    v.cves = cve;
    if ((rc = cli_open(c, &in)) != 0)
        goto out;
    advisory *a = NULL;
    advisory_where where;
    int r = advisory_publish(in, &v, gisac_now(), &a, &where, &err);
    if (r < 0) {
        rc = cli_fail(&err);
        goto out;
    }
    if (json) {
        put_json(a, 1);
    } else {
        printf("%s %s (revision %d): TLP:", a->revision > 1 ? "revised" : "published", a->id,
               a->revision);
        upper(tlp_name(a->tlp));
        putchar(' ');
        put_audience(a);
        putchar('\n');
    }
    advisory_free(a);
    rc = EXIT_OK;
out:
    free(rec);
    free(ind);
    free(cve);
    gisac_buf_free(&body);
    intel_close(in);
    return rc;
}

/* ---- list ------------------------------------------------------------------- */

typedef struct list_out {
    int json;
    size_t n;
} list_out;

static int list_cb(void *ctx, const advisory *a)
{
    list_out *o = ctx;
    o->n++;
    if (o->json) {
        put_json(a, 0);
        return 0;
    }
    char d[GISAC_TIME_LEN];
    gisac_date_format(a->published, d);
    printf("%s\t%d\t%s\t%s\ttlp:%s\t%s\n", a->id, a->revision, d,
           advisory_severity_name(a->severity), tlp_name(a->tlp), a->title);
    return 0;
}

static int year_arg(const char *val, int *out)
{
    long y;
    if (cli_int(val, 1970, 9999, &y) < 0)
        return cli_usage("advisory", "--year '%s': give a year such as 2026", val);
    *out = (int)y;
    return 0;
}

static int list(cli_ctx *c, int argc, char **argv)
{
    advisory_filter f = {0, ADVISORY_SEV_NONE};
    list_out o = {0, 0};
    for (int i = 0; i < argc; i++) {
        const char *val;
        int m;
        if (cli_is_help(argv[i]))
            return cli_help(usage);
        if (strcmp(argv[i], "--json") == 0) {
            o.json = 1;
        } else if ((m = cli_opt(argc, argv, &i, "--year", &val)) != 0) {
            if (m < 0)
                return cli_usage("advisory", "--year needs a value");
            if (year_arg(val, &f.year))
                return EXIT_FAIL;
        } else if ((m = cli_opt(argc, argv, &i, "--severity", &val)) != 0) {
            if (m < 0)
                return cli_usage("advisory", "--severity needs a value");
            if ((f.severity = advisory_severity_parse(val)) == ADVISORY_SEV_NONE)
                return cli_usage("advisory", "severity '%s': use low, medium, high or critical",
                                 val);
        } else {
            return cli_usage("advisory", "list: unknown argument '%s'", argv[i]);
        }
    }
    intel *in;
    int rc = cli_open_existing(c, &in);
    if (rc)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    advisory_viewer staff = ADVISORY_STAFF;
    int r = advisory_list(in, &f, &staff, list_cb, &o, &err);
    intel_close(in);
    if (r < 0)
        return cli_fail(&err);
    return o.n ? EXIT_OK : EXIT_NOTFOUND;
}

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
    gisac_time_format(a->published, t);
    printf("published    %s\n", t);
    if (a->revision > 1) {
        gisac_time_format(a->modified, t);
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
        gisac_time_format(a->history[i].published, t);
        printf("%s%d  %s  %s\n", i ? "             " : "revisions    ", a->history[i].revision, t,
               a->history[i].author);
    }
    printf("\n%s\n", a->body);
}

static int show(cli_ctx *c, int argc, char **argv)
{
    const char *id = NULL;
    int json = 0, stix = 0;
    long revision = 0;
    for (int i = 0; i < argc; i++) {
        const char *val;
        int m;
        if (cli_is_help(argv[i]))
            return cli_help(usage);
        if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (strcmp(argv[i], "--stix") == 0) {
            stix = 1;
        } else if ((m = cli_opt(argc, argv, &i, "--revision", &val)) != 0) {
            if (m < 0 || cli_int(val, 1, 1000000, &revision) < 0)
                return cli_usage("advisory", "--revision needs a number (1, 2, ...)");
        } else if (argv[i][0] == '-' || id) {
            return cli_usage("advisory", "show: unknown argument '%s'", argv[i]);
        } else {
            id = argv[i];
        }
    }
    if (!id)
        return cli_usage("advisory", "show needs an advisory id");
    if (json && stix)
        return cli_usage("advisory", "give --json or --stix, not both");
    intel *in;
    int rc = cli_open_existing(c, &in);
    if (rc)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    advisory_viewer staff = ADVISORY_STAFF;
    advisory *a = NULL;
    int r = advisory_get(in, id, (int)revision, &staff, &a, &err);
    if (r < 0) {
        intel_close(in);
        return fail(r, &err);
    }
    if (json) {
        put_json(a, 1);
    } else if (stix) {
        gisac_buf b = GISAC_BUF_INIT;
        r = advisory_stix_bundle(in, a, gisac_now(), &b, &err);
        if (r == 0)
            fputs(b.data, stdout);
        gisac_buf_free(&b);
    } else {
        show_text(a);
    }
    advisory_free(a);
    intel_close(in);
    return r < 0 ? cli_fail(&err) : EXIT_OK;
}

/* ---- count ------------------------------------------------------------------ */

static int count(cli_ctx *c, int argc, char **argv)
{
    int year = 0;
    int64_t from = 0, to = 0;
    for (int i = 0; i < argc; i++) {
        const char *val;
        int m;
        if (cli_is_help(argv[i]))
            return cli_help(usage);
        if ((m = cli_opt(argc, argv, &i, "--year", &val)) != 0) {
            if (m < 0)
                return cli_usage("advisory", "--year needs a value");
            if (year_arg(val, &year))
                return EXIT_FAIL;
        } else if ((m = cli_opt(argc, argv, &i, "--from", &val)) != 0) {
            if (m < 0 || cli_time_opt("advisory", "--from", val, &from) < 0)
                return m < 0 ? cli_usage("advisory", "--from needs a time") : EXIT_FAIL;
        } else if ((m = cli_opt(argc, argv, &i, "--to", &val)) != 0) {
            if (m < 0 || cli_time_opt("advisory", "--to", val, &to) < 0)
                return m < 0 ? cli_usage("advisory", "--to needs a time") : EXIT_FAIL;
        } else {
            return cli_usage("advisory", "count: unknown argument '%s'", argv[i]);
        }
    }
    if (year && (from || to))
        return cli_usage("advisory", "give --year or --from/--to, not both");
    if (year) {
        char ts[32];
        snprintf(ts, sizeof ts, "%04d-01-01", year);
        gisac_time_parse(ts, strlen(ts), &from);
        snprintf(ts, sizeof ts, "%04d-01-01", year + 1);
        gisac_time_parse(ts, strlen(ts), &to);
    }
    intel *in;
    int rc = cli_open_existing(c, &in);
    if (rc)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    int64_t n = 0;
    int r = advisory_count(in, from, to, &n, &err);
    intel_close(in);
    if (r < 0)
        return cli_fail(&err);
    printf("%lld\n", (long long)n);
    return EXIT_OK;
}

int cmd_advisory(cli_ctx *c, int argc, char **argv)
{
    if (argc < 1) {
        fputs(usage, stderr);
        return EXIT_FAIL;
    }
    const char *sub = argv[0];
    if (cli_is_help(sub))
        return cli_help(usage);
    if (strcmp(sub, "publish") == 0)
        return publish(c, argc - 1, argv + 1);
    if (strcmp(sub, "list") == 0)
        return list(c, argc - 1, argv + 1);
    if (strcmp(sub, "show") == 0)
        return show(c, argc - 1, argv + 1);
    if (strcmp(sub, "count") == 0)
        return count(c, argc - 1, argv + 1);
    return cli_usage("advisory", "unknown command '%s'", sub);
}

const cli_cmd cli_advisory_cmd = {.name = "advisory",
                                  .synopsis = "publish|list|show|count",
                                  .summary = "security advisories, shared as STIX reports",
                                  .raw = cmd_advisory};
