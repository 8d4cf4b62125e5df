/* cmd_incident.c: gisac incident report|list|show|update|close|due (docs/incident.md) */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

/* ---- shared with the evidence, policy, status and report commands -------- */

/* ---- rendering ------------------------------------------------------------- */

static void put_json(const incident *inc, int64_t now)
{
    gisac_buf b = GISAC_BUF_INIT;
    if (incident_to_json(inc, now, &b) == 0) {
        gisac_buf_putc(&b, '\n');
        fwrite(b.data, 1, b.len, stdout);
    }
    gisac_buf_free(&b);
}

/* ID AGENCY LEVEL STATUS NEXT DUE LEFT TITLE */
static void put_row(const incident *inc, int64_t now)
{
    char lv[8] = "-";
    if (inc->level)
        snprintf(lv, sizeof lv, "%d", inc->level);
    printf("%s\t%s\t%s\t%s\t", inc->id, inc->agency, lv, incident_status_name(inc->status));
    if (inc->next >= 0) {
        char left[POLICY_DURATION_LEN];
        policy_left_format(inc->next_due - now, left);
        printf("%s\t", policy_deadline_name((policy_deadline)inc->next));
        cli_put_time(inc->next_due);
        printf("\t%s\t", left);
    } else {
        fputs("-\t-\t-\t", stdout);
    }
    printf("%s\n", inc->title);
}

/* the sightings an automatic report counted (docs/incident.md) */
static int show_sighting(void *ctx, const incident_auto_sighting *sg)
{
    (void)ctx;
    printf("sightings        %lld of %s %s by %s, ", (long long)sg->count, sg->type, sg->value,
           sg->agency);
    cli_put_time(sg->first);
    fputs(" .. ", stdout);
    cli_put_time(sg->last);
    printf(" (%lld report%s)\n", (long long)sg->batches, sg->batches == 1 ? "" : "s");
    return 0;
}

static int show_breach(void *ctx, const incident_breach *b)
{
    int *n = ctx;
    if ((*n)++ == 0)
        fputs("breaches\n", stdout);
    printf("  %-21s due ", policy_deadline_name(b->kind));
    cli_put_time(b->due);
    fputs(", recorded ", stdout);
    cli_put_time(b->recorded);
    fputc('\n', stdout);
    return 0;
}

static void put_next(const incident *inc, int64_t now)
{
    if (inc->next < 0) {
        fputs("-", stdout);
        return;
    }
    char left[POLICY_DURATION_LEN];
    policy_left_format(inc->next_due - now, left);
    printf("%s ", policy_deadline_name((policy_deadline)inc->next));
    cli_put_time(inc->next_due);
    if (inc->next_due >= now)
        printf(" (%s left)", left);
    else
        printf(" (overdue by %s)", left + 1);
}

static void put_text(app *a, const auth_principal *who, const incident *inc, int64_t now)
{
    printf("id               %s\n", inc->id);
    printf("agency           %s\n", inc->agency);
    printf("title            %s\n", inc->title);
    printf("description      %s\n", inc->description[0] ? inc->description : "-");
    printf("category         %s\n", inc->category);
    printf("asset            %s\n", policy_asset_name(inc->asset));
    printf("confidentiality  %s\n", policy_impact_name(inc->confidentiality));
    printf("integrity        %s\n", policy_impact_name(inc->integrity));
    printf("availability     %s\n", policy_avail_name(inc->availability));
    fputs("level            ", stdout);
    if (!inc->level)
        fputs("- (not yet determined: give an impact, or set the level)", stdout);
    else if (inc->level_override && inc->level_computed)
        printf("%d (set: %s; computed %d)", inc->level, inc->override_reason, inc->level_computed);
    else if (inc->level_override)
        printf("%d (set: %s; computed -)", inc->level, inc->override_reason);
    else
        printf("%d", inc->level);
    if (inc->major)
        fputs(", major", stdout);
    printf("\nmeasures         %s\n", inc->measures[0] ? inc->measures : "-");
    printf("support needed   %s%s%s\n",
           inc->support_needed == INCIDENT_SUPPORT_YES  ? "yes"
           : inc->support_needed == INCIDENT_SUPPORT_NO ? "no"
                                                        : "- (not stated)",
           inc->support_detail[0] ? ": " : "", inc->support_detail);
    printf("notes            %s\n", inc->notes[0] ? inc->notes : "-");
    printf("channel          %s", inc->channel);
    if (inc->received_at) {
        fputs(", received ", stdout);
        cli_put_time(inc->received_at);
    }
    printf("\npolicy version   %d", inc->policy_version);
    printf("\n");
    printf("status           %s\n", incident_status_name(inc->status));
    const char *labels[] = {"occurred",  "aware",        "reported", "reviewed",
                            "recovered", "investigated", "closed"};
    int64_t times[] = {inc->occurred_at,  inc->aware_at,        inc->reported_at, inc->reviewed_at,
                       inc->recovered_at, inc->investigated_at, inc->closed_at};
    for (size_t k = 0; k < sizeof times / sizeof times[0]; k++) {
        printf("%-17s", labels[k]);
        cli_put_time(times[k]);
        fputc('\n', stdout);
    }
    if (inc->close_reason[0])
        printf("close reason     %s\n", inc->close_reason);
    if (inc->report_pending && inc->status != INCIDENT_CLOSED)
        printf("report pending   %s\n",
               inc->status == INCIDENT_DRAFT ? "yes (a draft)" : "yes (the level changed)");
    fputs("deadlines\n", stdout);
    for (int k = 0; k < POLICY_DL_COUNT; k++) {
        const incident_deadline *d = &inc->deadlines[k];
        printf("  %-21s ", policy_deadline_name((policy_deadline)k));
        if (!d->due) {
            fputs("-                     not yet determined\n", stdout);
            continue;
        }
        cli_put_time(d->due);
        printf("  %s (%s)", incident_dl_state_name(d->state),
               incident_deadline_owner_name((policy_deadline)k));
        if (d->state == INCIDENT_DL_PENDING) {
            char left[POLICY_DURATION_LEN];
            policy_left_format(d->due - now, left);
            printf(", %s left", left);
        }
        fputc('\n', stdout);
    }
    fputs("next deadline    ", stdout);
    put_next(inc, now);
    fputc('\n', stdout);
    int n = 0;
    gisac_err err = GISAC_ERR_INIT;
    app_list_incident_breaches(a, who, inc->id, show_breach, &n, &err);
    if (!n)
        fputs("breaches         none\n", stdout);
    if (inc->origin[0])
        printf("origin           %s\n", inc->origin);
    app_list_incident_sightings(a, who, inc->id, show_sighting, NULL, &err);
    printf("created by       %s\n", inc->created_by);
    printf("revisions        %d\n", inc->revisions);
}

/* ---- one incident as the answer -------------------------------------------- */

typedef enum done_kind { DONE_SHOW, DONE_REPORT, DONE_AGAIN, DONE_UPDATE, DONE_CLOSE } done_kind;

static void put_level(const incident *inc, const char *none)
{
    if (inc->level)
        printf("%d", inc->level);
    else
        fputs(none, stdout);
}

/* The incident a step read or wrote: its JSON, its text (show), or what happened. */
static void done(cli_op *op, const incident *inc, int64_t now, int json, done_kind kind)
{
    if (json) {
        put_json(inc, now);
        return;
    }
    switch (kind) {
    case DONE_SHOW:
        put_text(op->a, &op->who, inc, now);
        return;
    case DONE_CLOSE:
        printf("closed %s\n", inc->id);
        return;
    case DONE_REPORT:
        printf("%s %s (level ", inc->status == INCIDENT_DRAFT ? "drafted" : "reported", inc->id);
        put_level(inc, "not yet determined");
        if (inc->level && inc->major)
            fputs(", major", stdout);
        fputs(")", stdout);
        break;
    case DONE_AGAIN:
        printf("reported %s (level ", inc->id);
        put_level(inc, "-");
        fputs(")", stdout);
        break;
    case DONE_UPDATE:
        printf("updated %s: %s, level ", inc->id, incident_status_name(inc->status));
        put_level(inc, "-");
        break;
    }
    fputs(", next deadline ", stdout);
    put_next(inc, now);
    fputc('\n', stdout);
    fflush(stdout);
    if (kind == DONE_REPORT && inc->deadlines[POLICY_DL_REPORT].state == INCIDENT_DL_LATE)
        cli_error("warning: %s was reported after its deadline (a breach)", inc->id);
    if (kind == DONE_UPDATE && inc->report_pending && inc->status != INCIDENT_DRAFT)
        cli_error("the level changed: file the report of level %d with 'gisac incident "
                  "report %s'",
                  inc->level, inc->id);
}

/* The one incident a step reads or writes: open, run it as the operator, answer. */
typedef int (*step_fn)(app *a, const auth_principal *who, const void *args, int64_t now,
                       incident *out, gisac_err *err);

static int run_step(cli_ctx *c, step_fn fn, const void *args, int json, done_kind kind)
{
    cli_op op;
    int rc = cli_open(c, CLI_APP_NOTFOUND, &op);
    if (rc)
        return rc;
    incident *inc = malloc(sizeof *inc);
    int64_t now = gisac_now();
    rc = inc ? fn(op.a, &op.who, args, now, inc, &op.err)
             : gisac_err_set(&op.err, GISAC_ENOMEM, "out of memory");
    if (rc >= 0)
        done(&op, inc, now, json, kind);
    free(inc);
    return cli_close(&op, rc);
}

/* ---- report ---------------------------------------------------------------- */

typedef struct report_opts {
    const char *agency, *title, *asset, *confidentiality, *integrity, *availability;
    const char *category, *description, *note;
    int64_t aware_at, occurred_at;
    int draft, json;
    const char *measures, *support_needed, *support_detail, *notes, *channel;
    int64_t received_at;
} report_opts;

/* --support-needed yes|no: 0, or a usage error */
static int support_arg(const char *v, incident_support *out)
{
    if (!v)
        return 0;
    if (strcmp(v, "yes") == 0)
        *out = INCIDENT_SUPPORT_YES;
    else if (strcmp(v, "no") == 0)
        *out = INCIDENT_SUPPORT_NO;
    else
        return cli_usage("incident", "--support-needed '%s': use yes or no", v);
    return 0;
}

#define LEGAL_OPTS(O)                                                                                \
    {"--measures",                                                                                   \
     CLI_STR,                                                                                        \
     O(measures),                                                                                    \
     "M",                                                                                            \
     "the response measures taken (因應措施; at most\n4000 bytes)",                                  \
     .flags = CLI_EMPTY_OK},                                                                         \
        {"--support-needed",                                                                         \
         CLI_STR,                                                                                    \
         O(support_needed),                                                                          \
         "yes|no",                                                                                   \
         "whether external support is needed (外部支援\n需求評估)",                                  \
         .flags = 0},                                                                                \
        {"--support-detail",   CLI_STR, O(support_detail), "S", "what support (at most 4000 bytes)", \
         .flags = CLI_EMPTY_OK},                                                                     \
    {                                                                                                \
        "--notes", CLI_STR, O(notes), "N", "other notes (at most 4000 bytes)",                       \
            .flags = CLI_EMPTY_OK                                                                    \
    }

#define O(f) offsetof(report_opts, f)
static const cli_opt_def report_defs[] = {
    {"--agency", CLI_STR, O(agency), "ID", "the agency hit (it must exist)", .flags = CLI_EMPTY_OK},
    {"--title", CLI_STR, O(title), "T", "a one-line summary (at most 200 bytes)",
     .flags = CLI_EMPTY_OK},
    {"--asset", CLI_STR, O(asset), "A",
     "non-core, core, core-ci (core business of critical\n"
     "infrastructure, general official secrets, sensitive\n"
     "information) or national-secret",
     .flags = CLI_EMPTY_OK},
    {"--confidentiality", CLI_STR, O(confidentiality), "I",
     "none, minor or serious (a leak); default none", .flags = CLI_EMPTY_OK},
    {"--integrity", CLI_STR, O(integrity), "I", "none, minor or serious (tampering); default none",
     .flags = CLI_EMPTY_OK},
    {"--availability", CLI_STR, O(availability), "I",
     "none, within-mtd or beyond-mtd (down, back within\n"
     "the maximum tolerable downtime or not); default none",
     .flags = CLI_EMPTY_OK},
    {"--aware-at", CLI_TIME, O(aware_at), "TIME", "when the agency became aware (ISO 8601)",
     .flags = 0},
    {"--occurred-at", CLI_TIME, O(occurred_at), "TIME", "when it happened, if known", .flags = 0},
    {"--category", CLI_STR, O(category), "C",
     "malicious-content, malware, information-gathering,\n"
     "intrusion-attempt, intrusion, denial-of-service,\n"
     "information-content-security, fraud, vulnerability,\n"
     "other (default)",
     .flags = CLI_EMPTY_OK},
    {"--description", CLI_STR, O(description), "D", "free text (at most 4000 bytes)",
     .flags = CLI_EMPTY_OK},
    {"--draft", CLI_FLAG, O(draft), NULL, "a draft, not yet reported", .flags = 0},
    LEGAL_OPTS(O),
    {"--channel", CLI_STR, O(channel), "C",
     "portal (default), or phone, mail, fax, other: a\n"
     "report the office received on the agency's behalf\n"
     "(staff only; needs --received-at)",
     .flags = 0},
    {"--received-at", CLI_TIME, O(received_at), "TIME",
     "when the report by --channel was received (what\nthe report deadline counts)", .flags = 0},
    {"--note", CLI_STR, O(note), "N", "with ID: a note on the report", .flags = CLI_EMPTY_OK},
    {"--json", CLI_FLAG, O(json), NULL, "print the incident as JSON", .flags = 0},
    {0},
};
#undef O

static int step_report(app *a, const auth_principal *who, const void *args, int64_t now,
                       incident *out, gisac_err *err)
{
    return app_report_incident(a, who, args, now, out, err);
}

/* A step on incident id with one text (report ID --note, close --reason). */
typedef struct text_args {
    int (*fn)(app *a, const auth_principal *who, const char *id, const char *text, int64_t now,
              incident *out, gisac_err *err);
    const char *id, *text;
} text_args;

static int step_text(app *a, const auth_principal *who, const void *args, int64_t now,
                     incident *out, gisac_err *err)
{
    const text_args *t = args;
    return t->fn(a, who, t->id, t->text, now, out, err);
}

static int report_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const report_opts *o = opts;
    if (argc) {
        if (o->agency || o->title || o->asset || o->confidentiality || o->integrity ||
            o->availability || o->aware_at || o->occurred_at || o->category || o->description ||
            o->draft || o->measures || o->support_needed || o->support_detail || o->notes ||
            o->channel || o->received_at)
            return cli_usage("incident",
                             "report ID files the pending report of an incident: give only "
                             "--note and --json with it");
        text_args t = {app_report_incident_again, argv[0], o->note};
        return run_step(c, step_text, &t, o->json, DONE_AGAIN);
    }
    if (o->note)
        return cli_usage("incident", "--note goes with report ID");
    if (!o->agency)
        return cli_usage("incident", "--agency is required");
    if (!o->title)
        return cli_usage("incident", "--title is required");
    if (!o->asset)
        return cli_usage("incident",
                         "--asset is required (non-core, core, core-ci or national-secret)");
    if (!o->aware_at)
        return cli_usage("incident", "--aware-at is required (when the agency became aware)");
    if (o->received_at && !o->channel)
        return cli_usage("incident", "--received-at goes with --channel");
    incident_input in = {
        o->agency,          o->title,     o->description,  o->category, o->asset,
        o->confidentiality, o->integrity, o->availability, o->aware_at, o->occurred_at,
        o->draft,           NULL,         o->measures,     0,           o->support_detail,
        o->notes,           o->channel,   o->received_at,  NULL};
    int rc = support_arg(o->support_needed, &in.support_needed);
    if (rc)
        return rc;
    return run_step(c, step_report, &in, o->json, DONE_REPORT);
}

/* ---- list, due, show ------------------------------------------------------- */

static int list_cb(void *ctx, const incident *inc)
{
    cli_rows *o = ctx;
    o->n++;
    if (o->json)
        put_json(inc, o->now);
    else
        put_row(inc, o->now);
    return 0;
}

typedef struct list_opts {
    const char *agency, *status, *within;
    int open, json;
} list_opts;

#define O(f) offsetof(list_opts, f)
#define AGENCY_OPT                                                                                 \
    {                                                                                              \
        "--agency", CLI_STR, O(agency), "ID", "of this agency only",                               \
            .bad = "--agency needs an agency id", .flags = CLI_EMPTY_OK                            \
    }
#define JSON_OPT CLI_JSON_FLAG(O(json), "one JSON object a line")
static const cli_opt_def list_defs[] = {
    AGENCY_OPT,
    {"--status", CLI_STR, O(status), "S",
     "draft, reported, reviewed, recovered, investigated\nor closed",
     .bad = "--status needs a status", .flags = CLI_EMPTY_OK},
    {"--open", CLI_FLAG, O(open), NULL, "not closed", .flags = 0},
    JSON_OPT,
    {0},
};
static const cli_opt_def due_defs[] = {
    {"--within", CLI_STR, O(within), "DURATION", "due within this long (e.g. 24h); default all",
     .bad = "--within needs a duration", .flags = CLI_EMPTY_OK},
    AGENCY_OPT,
    JSON_OPT,
    {0},
};
#undef JSON_OPT
#undef AGENCY_OPT
#undef O

static int list_any(cli_ctx *c, const list_opts *o, int due)
{
    incident_filter f = {.agency = o->agency, .open_only = o->open};
    if (o->status) {
        f.status = incident_status_parse(o->status);
        if (!f.status)
            return cli_usage("incident",
                             "status '%s': use draft, reported, reviewed, recovered, "
                             "investigated or closed",
                             o->status);
        if (o->open)
            return cli_usage("incident", "give --status or --open, not both");
    }
    int64_t now = gisac_now(), until = 0;
    if (o->within) {
        policy_duration d;
        gisac_err e = GISAC_ERR_INIT;
        if (policy_duration_parse(o->within, &d, &e) < 0)
            return cli_usage("incident", "--within: %s", e.msg);
        until = policy_time_add(now, d);
    }
    cli_op op;
    int rc = cli_open(c, 0, &op);
    if (rc)
        return rc;
    cli_rows out = {o->json, now, 0, GISAC_BUF_INIT};
    rc = cli_close(&op, due ? app_list_due_incidents(op.a, &op.who, o->agency, now, until, list_cb,
                                                     &out, &op.err)
                            : app_list_incidents(op.a, &op.who, &f, now, list_cb, &out, &op.err));
    if (rc)
        return rc;
    return due && out.n == 0 ? EXIT_NOTFOUND : EXIT_OK;
}

static int list_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    return list_any(c, opts, 0);
}

static int due_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    return list_any(c, opts, 1);
}

typedef struct json_opts {
    int json;
} json_opts;

static const cli_opt_def show_defs[] = {
    {"--json", CLI_FLAG, offsetof(json_opts, json), NULL, "print the incident as JSON", .flags = 0},
    {0},
};

static int step_get(app *a, const auth_principal *who, const void *args, int64_t now, incident *out,
                    gisac_err *err)
{
    return app_get_incident(a, who, args, now, out, err);
}

static int show_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    return run_step(c, step_get, argv[0], ((const json_opts *)opts)->json, DONE_SHOW);
}

/* ---- update, close --------------------------------------------------------- */

typedef struct update_opts {
    const char *title, *description, *category, *asset, *confidentiality, *integrity;
    const char *availability, *level, *reason, *status, *report, *note;
    int64_t occurred_at;
    int json;
    const char *measures, *support_needed, *support_detail, *notes;
    int64_t at;
} update_opts;

#define O(f) offsetof(update_opts, f)
#define S(name, f, meta, help)                                                                     \
    {                                                                                              \
        name, CLI_STR, O(f), meta, help, .flags = CLI_EMPTY_OK                                     \
    }
static const cli_opt_def update_defs[] = {
    S("--title", title, "T", "a new title"),
    S("--description", description, "D", "a new description (\"\": none)"),
    S("--category", category, "C", "a new category"),
    S("--asset", asset, "A", "a new asset class"),
    S("--confidentiality", confidentiality, "I", "a new confidentiality impact"),
    S("--integrity", integrity, "I", "a new integrity impact"),
    S("--availability", availability, "I", "a new availability impact"),
    {"--occurred-at", CLI_TIME, O(occurred_at), "TIME", "when it happened", .flags = 0},
    S("--level", level, "1-4|auto",
      "override the computed level, or go back to it\n(with --reason); restarts the report "
      "clock"),
    S("--reason", reason, "R", "why the level is set"),
    S("--status", status, "S",
      "move it to reviewed, recovered or investigated\n(which needs --report)"),
    S("--report", report, "FILE", "the investigation and improvement report"),
    {"--at", CLI_TIME, O(at), "TIME",
     "with --status recovered: when the recovery\nhappened (default now)", .flags = 0},
    LEGAL_OPTS(O),
    S("--note", note, "N", "a note on the step"),
    {"--json", CLI_FLAG, O(json), NULL, "print the incident as JSON", .flags = 0},
    {0},
};
#undef S
#undef O

typedef struct update_args {
    const char *id;
    const update_opts *o;
    incident_change ch;
    incident_status to;
} update_args;

static int step_update(app *a, const auth_principal *who, const void *args, int64_t now,
                       incident *out, gisac_err *err)
{
    const update_args *u = args;
    if (u->to == INCIDENT_RECOVERED)
        return app_recover_incident(a, who, u->id, u->o->at, u->o->note, now, out, err);
    if (u->to)
        return app_advance_incident(a, who, u->id, u->to, u->o->note, u->o->report, now, out, err);
    return app_update_incident(a, who, u->id, &u->ch, now, out, err);
}

static int update_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const update_opts *o = opts;
    update_args u = {argv[0],
                     o,
                     {o->title, o->description, o->category, o->asset, o->confidentiality,
                      o->integrity, o->availability, o->occurred_at, -1, o->reason, o->measures,
                      o->support_detail, o->notes, INCIDENT_SUPPORT_UNSTATED},
                     INCIDENT_STATUS_NONE};
    int changes = o->title || o->description || o->category || o->asset || o->confidentiality ||
                  o->integrity || o->availability || o->occurred_at || o->level || o->measures ||
                  o->support_needed || o->support_detail || o->notes;
    int rc = support_arg(o->support_needed, &u.ch.support_needed);
    if (rc)
        return rc;
    if (o->status && changes)
        return cli_usage("incident", "--status moves an incident on: give other changes apart");
    if (!o->status && (o->report || o->note || o->at))
        return cli_usage("incident", "%s goes with --status",
                         o->report ? "--report"
                         : o->note ? "--note"
                                   : "--at");
    if (!o->status && !changes)
        return cli_usage("incident", "nothing to change: give a change or --status");
    if (o->level) {
        long lv;
        if (strcmp(o->level, "auto") == 0)
            u.ch.level = 0;
        else if (cli_int(o->level, 1, POLICY_LEVEL_MAX, &lv) == 0)
            u.ch.level = (int)lv;
        else
            return cli_usage("incident", "--level '%s': use 1 to 4, or auto", o->level);
        if (!o->reason)
            return cli_usage("incident", "--level needs --reason");
    } else if (o->reason) {
        return cli_usage("incident", "--reason goes with --level");
    }
    if (o->status) {
        u.to = incident_status_parse(o->status);
        if (u.to != INCIDENT_REVIEWED && u.to != INCIDENT_RECOVERED &&
            u.to != INCIDENT_INVESTIGATED)
            return cli_usage("incident",
                             "--status '%s': use reviewed, recovered or investigated (close with "
                             "'gisac incident close', file a draft's report with 'gisac incident "
                             "report ID')",
                             o->status);
        if (o->report && u.to != INCIDENT_INVESTIGATED)
            return cli_usage("incident", "--report goes with --status investigated");
    }
    if (o->at && u.to != INCIDENT_RECOVERED)
        return cli_usage("incident", "--at goes with --status recovered");
    return run_step(c, step_update, &u, o->json, DONE_UPDATE);
}

typedef struct close_opts {
    const char *reason;
    int json;
} close_opts;

static const cli_opt_def close_defs[] = {
    {"--reason", CLI_STR, offsetof(close_opts, reason), "R", "why (required to dismiss a draft)",
     .flags = CLI_EMPTY_OK},
    {"--json", CLI_FLAG, offsetof(close_opts, json), NULL, "print the incident as JSON",
     .flags = 0},
    {0},
};

static int close_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const close_opts *o = opts;
    text_args t = {app_close_incident, argv[0], o->reason};
    return run_step(c, step_text, &t, o->json, DONE_CLOSE);
}

/* ---- history ---------------------------------------------------------------- */

/* one member of a revision's content: "  name  value" (times in local time) */
static int put_member(void *ctx, const jsonx_leaf *l)
{
    (void)ctx;
    char v[INCIDENT_DESCRIPTION_MAX * 2 + 1];
    printf("  %-16s ", l->path);
    if (l->kind == JSONX_NULL) {
        fputs("-\n", stdout);
        return 0;
    }
    if (l->kind != JSONX_STRING) {
        printf("%.*s\n", (int)l->raw_len, l->raw);
        return 0;
    }
    long n = jsonx_unescape(l->raw, l->raw_len, v, sizeof v);
    if (n < 0)
        n = 0;
    v[n] = '\0';
    int64_t t;
    size_t pl = strlen(l->path);
    if (pl > 3 && strcmp(l->path + pl - 3, "_at") == 0 && gisac_time_parse(v, (size_t)n, &t) == 0)
        cli_put_time(t);
    else
        fputs(v, stdout);
    fputc('\n', stdout);
    return 0;
}

static int history_row(void *ctx, const incident_revision *rv)
{
    cli_rows *o = ctx;
    if (o->json)
        return cli_row_json(o, incident_revision_to_json(rv, &o->b));
    o->n++;
    printf("revision %d  ", rv->n);
    cli_put_time(rv->ts);
    printf("  by %s  changed %s\n", rv->actor, rv->changed);
    jsonx_walk(rv->content, strlen(rv->content), put_member, NULL, NULL, NULL);
    return 0;
}

static int history_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const json_opts *o = opts;
    cli_op op;
    int rc = cli_open(c, CLI_APP_NOTFOUND, &op);
    if (rc)
        return rc;
    cli_rows out = {o->json, gisac_now(), 0, GISAC_BUF_INIT};
    rc = app_list_incident_revisions(op.a, &op.who, argv[0], history_row, &out, &op.err);
    gisac_buf_free(&out.b);
    return cli_close(&op, rc);
}

static const cli_opt_def history_defs[] = {
    {"--json", CLI_FLAG, offsetof(json_opts, json), NULL, "one JSON object a line", .flags = 0},
    {0},
};

/* ---- the table ------------------------------------------------------------- */

const cli_cmd cli_incident_cmds[] = {
    {.name = "report", .opts = report_defs, .opts_size = sizeof(report_opts), .run = report_run},
    {.name = "list", .opts = list_defs, .run = list_run},
    {.name = "show", .opts = show_defs, .opts_size = sizeof(json_opts), .run = show_run},
    {.name = "update", .opts = update_defs, .opts_size = sizeof(update_opts), .run = update_run},
    {.name = "close", .opts = close_defs, .opts_size = sizeof(close_opts), .run = close_run},
    {.name = "history", .opts = history_defs, .opts_size = sizeof(json_opts), .run = history_run},
    {.name = "due", .opts = due_defs, .run = due_run},
    {.opts_size = sizeof(list_opts)},
};
