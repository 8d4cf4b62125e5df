/*
 * cmd_gov.c: gisac obligation list|show|done|rules|remind, gisac system
 * add|list|show|update, gisac assessment add|list|show, gisac finding
 * list|show|start|fix|retest|accept|counts (docs/obligation.md,
 * docs/system.md, docs/assessment.md).
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

typedef struct gov_opts {
    const char *agency, *kind, *status, *within, *due, *note, *name, *owner;
    const char *c, *i, *a, *legal, *by, *performed_by, *scope, *report, *reason, *evidence_file;
    const char *result;
    int64_t at, until;
    long year;
    int complete, pass, fail;
    cli_list evidence, findings;
    int json;
} gov_opts;

#define GO(f)    offsetof(gov_opts, f)
#define OPT_JSON CLI_JSON_FLAG(GO(json), "JSON (one object a line for lists)")

/* ---- obligations ----------------------------------------------------------------------- */

static int obligation_row(void *ctx, const gov_obligation *o)
{
    cli_rows *l = ctx;
    if (l->json)
        return cli_row_json(l, gov_obligation_to_json(o, &l->b));
    char when[GISAC_TIME_LEN];
    cli_time_text(o->done_at, when);
    printf("%s\t%s\t%s\t%c\t%s\t%s\n", o->agency, o->kind, o->due, o->grade, o->status,
           o->done_at ? when : "-");
    l->n++;
    return 0;
}

static int obligation_list_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    const gov_opts *o = opts;
    gov_obligation_filter f = {o->agency, o->kind, o->status, 0, (int)o->year};
    if (o->within) {
        policy_duration d;
        gisac_err e = GISAC_ERR_INIT;
        if (policy_duration_parse(o->within, &d, &e) < 0)
            return cli_usage("obligation list", "--within: %s", e.msg);
        f.within = d.seconds + (int64_t)d.months * 31 * 86400;
    }
    cli_op op;
    int rc = cli_open_rows(c, 0, o->json, &op);
    return rc ? rc
              : cli_close(
                    &op, app_list_obligations(op.a, &op.who, &f, obligation_row, &op.out, &op.err));
}

static int obligation_show_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    (void)opts;
    cli_op op;
    int rc = cli_open(c, CLI_APP_NOTFOUND, &op);
    return rc ? rc
              : cli_close_json(&op,
                               app_obligation_json(op.a, &op.who, argv[0], &op.out.b, &op.err));
}

static int obligation_done_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    const gov_opts *o = opts;
    if (!o->agency || !o->kind)
        return cli_usage("obligation done", "give --agency and --kind");
    cli_op op;
    int rc = cli_open(c, 0, &op);
    if (rc)
        return rc;
    app_obligation_done in = {o->agency, o->kind,       o->due,       o->at,
                              o->note,   o->evidence.v, o->evidence.n};
    return cli_close_json(&op, app_record_obligation(op.a, &op.who, &in, &op.out.b, &op.err));
}

static int obligation_remind_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)opts;
    (void)argc;
    (void)argv;
    cli_op op;
    int rc = cli_open(c, 0, &op);
    if (rc)
        return rc;
    int sent = 0;
    rc = app_remind_obligations(op.a, &op.who, &sent, &op.err);
    if (rc == 0 && gisac_buf_printf(&op.out.b, "{\"sent\":%d}", sent) < 0)
        rc = gisac_err_set(&op.err, GISAC_ENOMEM, "out of memory");
    return cli_close_json(&op, rc);
}

static int rule_row(void *ctx, const gov_rule *r)
{
    cli_rows *l = ctx;
    if (l->json)
        return cli_row_json(l, gov_rule_to_json(r, &l->b));
    char freq[48];
    gov_rule_freq_name(r, freq, sizeof freq);
    printf("%s\t%c\t%s\t%s\n", r->kind, r->grade, freq, r->source);
    l->n++;
    return 0;
}

static int obligation_rules_list(app *a, const auth_principal *who, const void *opts, cli_rows *out,
                                 gisac_err *err)
{
    return app_list_obligation_rules(a, who, rule_row, out, err);
}

/* ---- systems --------------------------------------------------------------------------- */

static int system_row(void *ctx, const store_system *r)
{
    cli_rows *l = ctx;
    if (l->json)
        return cli_row_json(l, gov_system_to_json(r, &l->b));
    printf("%lld\t%s\t%s\t%s\t%s/%s/%s/%s\n", (long long)r->id, r->agency, r->name,
           gov_system_level_name(r), gov_rating_name(r->c), gov_rating_name(r->i),
           gov_rating_name(r->a), gov_rating_name(r->legal));
    l->n++;
    return 0;
}

static int system_write_run(cli_ctx *c, void *opts, int argc, char **argv, int update)
{
    const gov_opts *o = opts;
    int64_t id = 0;
    if (update && cli_id_arg("system update", argv[0], NULL, &id))
        return EXIT_FAIL;
    (void)argc;
    gov_system_input in = {o->agency, o->name, o->owner, o->c, o->i, o->a, o->legal};
    if (!update && !o->agency)
        return cli_usage("system add", "give --agency");
    cli_op op;
    int rc = cli_open(c, update ? CLI_APP_NOTFOUND : 0, &op);
    if (rc)
        return rc;
    return cli_close_json(&op, update
                                   ? app_update_system(op.a, &op.who, id, &in, &op.out.b, &op.err)
                                   : app_add_system(op.a, &op.who, &in, &op.out.b, &op.err));
}

static int system_add_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    return system_write_run(c, opts, argc, argv, 0);
}

static int system_update_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    return system_write_run(c, opts, argc, argv, 1);
}

static int system_list(app *a, const auth_principal *who, const void *opts, cli_rows *out,
                       gisac_err *err)
{
    const gov_opts *o = opts;
    return app_list_systems(a, who, o->agency, system_row, out, err);
}

static int system_show_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)opts;
    (void)argc;
    return cli_show_by_id(c, "system show", argv[0], app_system_json);
}

/* ---- assessments and findings ----------------------------------------------------------- */

/* "SEVERITY;CONTROL;DESCRIPTION[;PLAN[;DUE]]" into f (fields point into a copy in buf). */
static int finding_arg(const char *s, char *buf, size_t cap, gov_finding_input *f, app *a,
                       gisac_err *err)
{
    snprintf(buf, cap, "%s", s);
    char *part[5] = {0};
    int n = 0;
    char *p = buf;
    while (n < 5) {
        part[n++] = p;
        char *sc = strchr(p, ';');
        if (!sc)
            break;
        *sc = '\0';
        p = sc + 1;
    }
    if (n < 3)
        return gisac_err_at(err, GISAC_EINVAL, "$.findings",
                            "--finding '%s': give SEVERITY;CONTROL;DESCRIPTION[;PLAN[;DUE]]", s);
    memset(f, 0, sizeof *f);
    f->severity = part[0];
    f->control = part[1][0] ? part[1] : NULL;
    f->description = part[2];
    f->plan = n > 3 && part[3][0] ? part[3] : NULL;
    if (n > 4 && part[4][0] && app_parse_time(a, part[4], &f->due, err) < 0) {
        char m[GISAC_ERR_MSG];
        snprintf(m, sizeof m, "%s", err->msg);
        return gisac_err_at(err, GISAC_EINVAL, "$.findings", "--finding '%s': %s", s, m);
    }
    return 0;
}

static int assessment_add_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    const gov_opts *o = opts;
    if (!o->agency || !o->kind || !o->performed_by)
        return cli_usage("assessment add", "give --agency, --kind and --by");
    cli_op op;
    int rc = cli_open(c, 0, &op);
    if (rc)
        return rc;
    size_t n = o->findings.n;
    gov_finding_input *fs = calloc(n + 1, sizeof *fs);
    char **bufs = calloc(n + 1, sizeof *bufs);
    if (!fs || !bufs)
        rc = gisac_err_set(&op.err, GISAC_ENOMEM, "out of memory");
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t cap = strlen(o->findings.v[i]) + 1;
        if (!(bufs[i] = malloc(cap)))
            rc = gisac_err_set(&op.err, GISAC_ENOMEM, "out of memory");
        else
            rc = finding_arg(o->findings.v[i], bufs[i], cap, &fs[i], op.a, &op.err);
    }
    if (rc == 0) {
        app_assessment_input in = {
            {o->agency, o->kind, o->performed_by, o->at, o->scope, NULL, o->complete, fs, n},
            o->report};
        rc = app_add_assessment(op.a, &op.who, &in, &op.out.b, &op.err);
    }
    rc = cli_close_json(&op, rc);
    for (size_t i = 0; bufs && i < n; i++)
        free(bufs[i]);
    free(bufs);
    free(fs);
    return rc;
}

static int assessment_row(void *ctx, const store_assessment *r)
{
    cli_rows *l = ctx;
    if (l->json)
        return cli_row_json(l, gov_assessment_to_json(r, &l->b));
    char t[GISAC_TIME_LEN];
    cli_time_text(r->performed_at, t);
    printf("%lld\t%s\t%s\t%s\t%s\n", (long long)r->id, r->agency, r->kind, t, r->performed_by);
    l->n++;
    return 0;
}

static int assessment_list(app *a, const auth_principal *who, const void *opts, cli_rows *out,
                           gisac_err *err)
{
    const gov_opts *o = opts;
    return app_list_assessments(a, who, o->agency, assessment_row, out, err);
}

static int assessment_show_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)opts;
    (void)argc;
    return cli_show_by_id(c, "assessment show", argv[0], app_assessment_json);
}

static int finding_row(void *ctx, const store_finding *r)
{
    cli_rows *l = ctx;
    if (l->json)
        return cli_row_json(l, gov_finding_to_json(r, l->now, &l->b));
    printf("%lld\t%s\t%s\t%s\t%s\t%s\n", (long long)r->id, r->agency, r->severity,
           gov_finding_status(r, l->now), r->control ? r->control : "-", r->description);
    l->n++;
    return 0;
}

static int finding_list(app *a, const auth_principal *who, const void *opts, cli_rows *out,
                        gisac_err *err)
{
    const gov_opts *o = opts;
    return app_list_findings(a, who, o->agency, o->status, finding_row, out, err);
}

static int finding_show_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)opts;
    (void)argc;
    return cli_show_by_id(c, "finding show", argv[0], app_finding_json);
}

static int finding_step_run(cli_ctx *c, const gov_opts *o, const char *cmd, const char *arg,
                            gov_finding_step step)
{
    int64_t id = 0;
    if (cli_id_arg(cmd, arg, NULL, &id))
        return EXIT_FAIL;
    if (step == GOV_FINDING_RETEST && o->pass == o->fail)
        return cli_usage(cmd, "give --pass or --fail");
    app_finding_change ch = {{step, o->pass, o->reason, o->until, NULL}, o->evidence_file};
    cli_op op;
    int rc = cli_open(c, CLI_APP_NOTFOUND, &op);
    if (rc)
        return rc;
    return cli_close_json(&op, app_update_finding(op.a, &op.who, id, &ch, &op.out.b, &op.err));
}

static int finding_start_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    return finding_step_run(c, opts, "finding start", argv[0], GOV_FINDING_START);
}

static int finding_fix_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    return finding_step_run(c, opts, "finding fix", argv[0], GOV_FINDING_FIX);
}

static int finding_retest_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    return finding_step_run(c, opts, "finding retest", argv[0], GOV_FINDING_RETEST);
}

static int finding_accept_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    return finding_step_run(c, opts, "finding accept", argv[0], GOV_FINDING_ACCEPT);
}

static int count_row(void *ctx, const char *group, const char *status, int64_t n,
                     int64_t open_seconds)
{
    cli_rows *l = ctx;
    if (l->json) {
        gisac_buf_puts(&l->b, "{\"group\":");
        gisac_buf_json_str(&l->b, group);
        gisac_buf_puts(&l->b, ",\"status\":");
        gisac_buf_json_str(&l->b, status);
        gisac_buf_printf(&l->b, ",\"count\":%lld,\"mean_days_open\":%.1f}", (long long)n,
                         n ? (double)open_seconds / (double)n / 86400.0 : 0.0);
        return cli_row_json(l, 0);
    }
    printf("%s\t%s\t%lld\t%.1f\n", group[0] ? group : "-", status, (long long)n,
           n ? (double)open_seconds / (double)n / 86400.0 : 0.0);
    l->n++;
    return 0;
}

static int finding_counts_list(app *a, const auth_principal *who, const void *opts, cli_rows *out,
                               gisac_err *err)
{
    const gov_opts *o = opts;
    return app_finding_counts(a, who, o->by ? o->by : "grade", count_row, out, err);
}

/* ---- tables ---------------------------------------------------------------------------- */

static const cli_opt_def obl_list_opts[] = {
    {"--agency", CLI_STR, GO(agency), "ID", "one agency's (default: every agency you may read)",
     .flags = 0},
    {"--kind", CLI_STR, GO(kind), "K", "one kind (internal-audit, health-check, ...)", .flags = 0},
    {"--status", CLI_STR, GO(status), "S", "due, overdue or done", .flags = 0},
    {"--within", CLI_STR, GO(within), "DURATION", "due no later than now + DURATION (30d, 3mo)",
     .flags = 0},
    {"--year", CLI_INT, GO(year), "Y", "due in year Y", 1970, 9999, .flags = 0},
    OPT_JSON,
    {0},
};
static const cli_opt_def obl_done_opts[] = {
    {"--agency", CLI_STR, GO(agency), "ID", "the agency (required)", .flags = 0},
    {"--kind", CLI_STR, GO(kind), "K", "the obligation's kind (required)", .flags = 0},
    {"--due", CLI_STR, GO(due), "DATE", "the occurrence (default: the earliest not done)",
     .flags = 0},
    {"--at", CLI_TIME, GO(at), "TIME", "when it was done (default: now)", .flags = 0},
    {"--evidence", CLI_LIST, GO(evidence), "FILE", "a file kept as evidence (repeatable)",
     .flags = 0},
    {"--note", CLI_STR, GO(note), "TEXT", "a note", .flags = CLI_EMPTY_OK},
    OPT_JSON,
    {0},
};
static const cli_opt_def json_opts[] = {OPT_JSON, {0}};
static const cli_opt_def agency_opts[] = {
    {"--agency", CLI_STR, GO(agency), "ID", "one agency's", .flags = 0},
    OPT_JSON,
    {0},
};

const cli_cmd cli_obligation_cmds[] = {
    {.name = "list", .opts = obl_list_opts, .run = obligation_list_run},
    {.name = "show", .opts = json_opts, .run = obligation_show_run},
    {.name = "done", .opts = obl_done_opts, .run = obligation_done_run},
    {.name = "rules", .opts = json_opts, .list = obligation_rules_list},
    {.name = "remind", .opts = json_opts, .run = obligation_remind_run},
    {.opts_size = sizeof(gov_opts)},
};

#define RATING_OPTS                                                                                \
    {"--confidentiality", CLI_STR, GO(c), "R", "normal, medium or high", .flags = 0},              \
        {"--integrity", CLI_STR, GO(i), "R", "normal, medium or high", .flags = 0},                \
        {"--availability", CLI_STR, GO(a), "R", "normal, medium or high", .flags = 0},             \
    {                                                                                              \
        "--legal", CLI_STR, GO(legal), "R", "legal impact: normal, medium or high", .flags = 0     \
    }

static const cli_opt_def sys_add_opts[] = {
    {"--agency", CLI_STR, GO(agency), "ID", "the agency (required)", .flags = 0},
    {"--name", CLI_STR, GO(name), "NAME", "the system's name (required)", .flags = 0},
    {"--owner", CLI_STR, GO(owner), "TEXT", "who owns it", .flags = 0},
    RATING_OPTS,
    OPT_JSON,
    {0},
};
static const cli_opt_def sys_update_opts[] = {
    {"--name", CLI_STR, GO(name), "NAME", "a new name", .flags = 0},
    {"--owner", CLI_STR, GO(owner), "TEXT", "a new owner (\"\": none)", .flags = CLI_EMPTY_OK},
    RATING_OPTS,
    OPT_JSON,
    {0},
};

const cli_cmd cli_system_cmds[] = {
    {.name = "add", .opts = sys_add_opts, .run = system_add_run},
    {.name = "list", .opts = agency_opts, .list = system_list},
    {.name = "show", .opts = json_opts, .run = system_show_run},
    {.name = "update", .opts = sys_update_opts, .run = system_update_run},
    {.opts_size = sizeof(gov_opts)},
};

static const cli_opt_def asm_add_opts[] = {
    {"--agency", CLI_STR, GO(agency), "ID", "the agency assessed (required)", .flags = 0},
    {"--kind", CLI_STR, GO(kind), "K",
     "internal-audit, external-audit, health-check, penetration-test,\n"
     "vulnerability-scan, bcp-drill or social-engineering-drill (required)",
     .flags = 0},
    {"--by", CLI_STR, GO(performed_by), "WHO", "who performed it (required)", .flags = 0},
    {"--at", CLI_TIME, GO(at), "TIME", "when (default: now)", .flags = 0},
    {"--scope", CLI_STR, GO(scope), "TEXT", "its scope (systems, sites)", .flags = 0},
    {"--report", CLI_STR, GO(report), "FILE", "the report, kept as evidence", .flags = 0},
    {"--finding", CLI_LIST, GO(findings), "SPEC",
     "a finding: SEVERITY;CONTROL;DESCRIPTION[;PLAN[;DUE]] (repeatable)", .flags = 0},
    {"--complete-obligation", CLI_FLAG, GO(complete),
     .help = "also record the obligation of the same kind done"},
    OPT_JSON,
    {0},
};

const cli_cmd cli_assessment_cmds[] = {
    {.name = "add", .opts = asm_add_opts, .run = assessment_add_run},
    {.name = "list", .opts = agency_opts, .list = assessment_list},
    {.name = "show", .opts = json_opts, .run = assessment_show_run},
    {.opts_size = sizeof(gov_opts)},
};

static const cli_opt_def fnd_list_opts[] = {
    {"--agency", CLI_STR, GO(agency), "ID", "one agency's", .flags = 0},
    {"--status", CLI_STR, GO(status), "S",
     "open, in-progress, fixed, risk-accepted or retest-failed", .flags = 0},
    OPT_JSON,
    {0},
};
static const cli_opt_def fnd_step_opts[] = {
    {"--reason", CLI_STR, GO(reason), "TEXT", "a note (accept: the reason, required)", .flags = 0},
    OPT_JSON,
    {0},
};
static const cli_opt_def fnd_fix_opts[] = {
    {"--evidence", CLI_STR, GO(evidence_file), "FILE", "the evidence of the fix (required)",
     .flags = 0},
    {"--reason", CLI_STR, GO(reason), "TEXT", "a note", .flags = 0},
    OPT_JSON,
    {0},
};
static const cli_opt_def fnd_retest_opts[] = {
    {"--pass", CLI_FLAG, GO(pass), .help = "the re-test passed: the finding is fixed"},
    {"--fail", CLI_FLAG, GO(fail), .help = "the re-test failed"},
    {"--evidence", CLI_STR, GO(evidence_file), "FILE", "the re-test's report", .flags = 0},
    {"--reason", CLI_STR, GO(reason), "TEXT", "a note", .flags = 0},
    OPT_JSON,
    {0},
};
static const cli_opt_def fnd_accept_opts[] = {
    {"--reason", CLI_STR, GO(reason), "TEXT", "why the risk is accepted (required)", .flags = 0},
    {"--until", CLI_TIME, GO(until), "TIME", "when the acceptance expires (required)", .flags = 0},
    OPT_JSON,
    {0},
};
static const cli_opt_def fnd_counts_opts[] = {
    {"--by", CLI_STR, GO(by), "G", "grade (default), sector, control or severity", .flags = 0},
    OPT_JSON,
    {0},
};

const cli_cmd cli_finding_cmds[] = {
    {.name = "list", .opts = fnd_list_opts, .list = finding_list},
    {.name = "show", .opts = json_opts, .run = finding_show_run},
    {.name = "start", .opts = fnd_step_opts, .run = finding_start_run},
    {.name = "fix", .opts = fnd_fix_opts, .run = finding_fix_run},
    {.name = "retest", .opts = fnd_retest_opts, .run = finding_retest_run},
    {.name = "accept", .opts = fnd_accept_opts, .run = finding_accept_run},
    {.name = "counts", .opts = fnd_counts_opts, .list = finding_counts_list},
    {.opts_size = sizeof(gov_opts)},
};
