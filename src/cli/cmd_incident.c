/* cmd_incident.c: gisac incident report|list|show|update|close|due (docs/incident.md) */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage[] =
    "usage: gisac incident COMMAND [ARGS...]\n"
    "\n"
    "Incident reports under the notification-and-response rules: levels 1 to 4\n"
    "from the asset and the impacts, deadlines, breaches (docs/incident.md).\n"
    "\n"
    "commands:\n"
    "  report --agency ID --title T --asset A --aware-at TIME [OPTIONS]\n"
    "                 file a new incident\n"
    "  report ID [--note N] [--json]\n"
    "                 file the pending report of incident ID: of a draft, or\n"
    "                 of its new level after a level change\n"
    "  list [--agency ID] [--status S | --open] [--json]\n"
    "                 incidents by id, tab-separated:\n"
    "                 ID AGENCY LEVEL STATUS NEXT DUE LEFT TITLE\n"
    "  show ID [--json]\n"
    "                 one incident with its deadlines and breaches\n"
    "  update ID [CHANGES] | update ID --status S [--report FILE] [--note N]\n"
    "                 change an incident, or move it to reviewed, recovered\n"
    "                 or investigated (which needs --report FILE, the\n"
    "                 investigation and improvement report)\n"
    "  close ID [--reason R]\n"
    "                 close an investigated incident, or dismiss a draft\n"
    "                 (a reason is required)\n"
    "  due [--within DURATION] [--agency ID] [--json]\n"
    "                 open incidents by their next deadline (overdue first),\n"
    "                 in the columns of list\n"
    "\n"
    "report options:\n"
    "  --agency ID          the agency hit (it must exist)\n"
    "  --title T            a one-line summary (at most 200 bytes)\n"
    "  --asset A            non-core, core, core-ci (core business of critical\n"
    "                       infrastructure, general official secrets, sensitive\n"
    "                       information) or national-secret\n"
    "  --confidentiality I  none, minor or serious (a leak); default none\n"
    "  --integrity I        none, minor or serious (tampering); default none\n"
    "  --availability I     none, within-mtd or beyond-mtd (down, back within\n"
    "                       the maximum tolerable downtime or not); default none\n"
    "  --aware-at TIME      when the agency became aware (ISO 8601)\n"
    "  --occurred-at TIME   when it happened, if known\n"
    "  --category C         malicious-content, malware, information-gathering,\n"
    "                       intrusion-attempt, intrusion, denial-of-service,\n"
    "                       information-content-security, fraud, vulnerability,\n"
    "                       other (default)\n"
    "  --description D      free text (at most 4000 bytes)\n"
    "  --draft              a draft, not yet reported\n"
    "  --json               print the incident as JSON\n"
    "\n"
    "update changes: --title, --description, --category, --asset,\n"
    "  --confidentiality, --integrity, --availability, --occurred-at, and\n"
    "  --level 1-4|auto --reason R (override the computed level, or go back\n"
    "  to it). A change of level restarts the report clock.\n"
    "\n"
    "The level is the highest of the impacts by the active policy (gisac\n"
    "policy show); without any impact it is not yet determined. Every\n"
    "command first records the deadlines passed since the last one (breaches).\n"
    "\n"
    "Exit status: 0 done, 1 no such incident (show, update, close, report\n"
    "ID) or nothing due (due), 2 error.\n";

/* ---- shared with cmd_evidence.c and cmd_policy.c --------------------------- */

int cli_incident_open(cli_ctx *c, int flags, incident_svc **svc, auth_principal *who)
{
    struct stat sb;
    if (!(flags & CLI_INCIDENT_CREATE) && stat(c->db_path, &sb) < 0) {
        cli_error("%s: no such database (give --db PATH)", c->db_path);
        return EXIT_FAIL;
    }
    gisac_err err = GISAC_ERR_INIT;
    if (incident_svc_open(c->db_path, svc, &err) < 0)
        return cli_fail(&err);
    store *s = incident_svc_store(*svc);
    cli_set_actor(s);
    memset(who, 0, sizeof *who);
    who->name = store_actor(s);
    who->role = AUTH_ROLE_ADMIN;
    if ((flags & CLI_INCIDENT_CHECK) &&
        incident_check_breaches(*svc, gisac_now(), NULL, &err) < 0) {
        incident_svc_free(*svc);
        *svc = NULL;
        return cli_fail(&err);
    }
    return 0;
}

int cli_time_opt(const char *cmd, const char *opt, const char *val, int64_t *out)
{
    if (gisac_time_parse(val, strlen(val), out) < 0) {
        cli_usage(cmd, "%s '%s': give a time such as 2026-11-24T08:00:00Z", opt, val);
        return -1;
    }
    return 0;
}

/* ---- rendering ------------------------------------------------------------- */

static int fail(int rc, const gisac_err *err)
{
    if (rc == GISAC_ENOTFOUND) {
        cli_error("%s", err->msg);
        return EXIT_NOTFOUND;
    }
    return cli_fail(err);
}

static void put_time(int64_t t)
{
    char ts[GISAC_TIME_LEN];
    if (!t) {
        fputs("-", stdout);
        return;
    }
    gisac_time_format(t, ts);
    fputs(ts, stdout);
}

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
        put_time(inc->next_due);
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
    put_time(sg->first);
    fputs(" .. ", stdout);
    put_time(sg->last);
    printf(" (%lld report%s)\n", (long long)sg->batches, sg->batches == 1 ? "" : "s");
    return 0;
}

static int show_breach(void *ctx, const incident_breach *b)
{
    int *n = ctx;
    if ((*n)++ == 0)
        fputs("breaches\n", stdout);
    printf("  %-21s due ", policy_deadline_name(b->kind));
    put_time(b->due);
    fputs(", recorded ", stdout);
    put_time(b->recorded);
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
    put_time(inc->next_due);
    if (inc->next_due >= now)
        printf(" (%s left)", left);
    else
        printf(" (overdue by %s)", left + 1);
}

static void put_text(incident_svc *svc, const auth_principal *who, const incident *inc, int64_t now)
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
    printf("\npolicy version   %d\n", inc->policy_version);
    printf("status           %s\n", incident_status_name(inc->status));
    const char *labels[] = {"occurred",  "aware",        "reported", "reviewed",
                            "recovered", "investigated", "closed"};
    int64_t times[] = {inc->occurred_at,  inc->aware_at,        inc->reported_at, inc->reviewed_at,
                       inc->recovered_at, inc->investigated_at, inc->closed_at};
    for (size_t k = 0; k < sizeof times / sizeof times[0]; k++) {
        printf("%-17s", labels[k]);
        put_time(times[k]);
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
        put_time(d->due);
        printf("  %s", incident_dl_state_name(d->state));
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
    incident_breaches(svc, who, inc->id, show_breach, &n, &err);
    if (!n)
        fputs("breaches         none\n", stdout);
    if (inc->origin[0])
        printf("origin           %s\n", inc->origin);
    incident_auto_sightings(svc, who, inc->id, show_sighting, NULL, &err);
    printf("created by       %s\n", inc->created_by);
}

/* ---- report ---------------------------------------------------------------- */

typedef struct opt_slot {
    const char *name;
    const char **val;
} opt_slot;

/* Match argv[*i] against the slots; 1 matched, 0 not, -1 error (printed). */
static int match_slots(const char *cmd, int argc, char **argv, int *i, const opt_slot *slots,
                       size_t n)
{
    for (size_t k = 0; k < n; k++) {
        const char *v;
        int m = cli_opt(argc, argv, i, slots[k].name, &v);
        if (m < 0) {
            cli_usage(cmd, "%s needs a value", slots[k].name);
            return -1;
        }
        if (m > 0) {
            *slots[k].val = v;
            return 1;
        }
    }
    return 0;
}

static int report_again(cli_ctx *c, const char *id, const char *note, int json)
{
    incident_svc *svc;
    auth_principal who;
    int rc = cli_incident_open(c, CLI_INCIDENT_CHECK, &svc, &who);
    if (rc)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    incident *inc = malloc(sizeof *inc);
    int64_t now = gisac_now();
    rc = inc ? incident_report_again(svc, &who, id, note, now, inc, &err)
             : gisac_err_set(&err, GISAC_ENOMEM, "out of memory");
    incident_svc_free(svc);
    if (rc == 0) {
        if (json) {
            put_json(inc, now);
        } else {
            printf("reported %s (level ", inc->id);
            if (inc->level)
                printf("%d", inc->level);
            else
                fputs("-", stdout);
            fputs("), next deadline ", stdout);
            put_next(inc, now);
            fputc('\n', stdout);
        }
    }
    free(inc);
    return rc < 0 ? fail(rc, &err) : EXIT_OK;
}

static int incident_report_cmd(cli_ctx *c, int argc, char **argv)
{
    incident_input in;
    memset(&in, 0, sizeof in);
    const char *aware = NULL, *occurred = NULL, *note = NULL, *id = NULL;
    int json = 0;
    const opt_slot slots[] = {
        {"--agency", &in.agency},
        {"--title", &in.title},
        {"--asset", &in.asset},
        {"--confidentiality", &in.confidentiality},
        {"--integrity", &in.integrity},
        {"--availability", &in.availability},
        {"--aware-at", &aware},
        {"--occurred-at", &occurred},
        {"--category", &in.category},
        {"--description", &in.description},
        {"--note", &note},
    };
    for (int i = 0; i < argc; i++) {
        if (cli_is_help(argv[i]))
            return cli_help(usage);
        int m = match_slots("incident", argc, argv, &i, slots, sizeof slots / sizeof slots[0]);
        if (m < 0)
            return EXIT_FAIL;
        if (m > 0)
            continue;
        if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (strcmp(argv[i], "--draft") == 0)
            in.draft = 1;
        else if (argv[i][0] == '-' && argv[i][1] == '-')
            return cli_usage("incident", "unknown option '%s'", argv[i]);
        else if (id)
            return cli_usage("incident", "one ID only");
        else
            id = argv[i];
    }
    if (id) {
        if (in.agency || in.title || in.asset || in.confidentiality || in.integrity ||
            in.availability || aware || occurred || in.category || in.description || in.draft)
            return cli_usage("incident",
                             "report ID files the pending report of an incident: give only "
                             "--note and --json with it");
        return report_again(c, id, note, json);
    }
    if (note)
        return cli_usage("incident", "--note goes with report ID");
    if (!in.agency)
        return cli_usage("incident", "--agency is required");
    if (!in.title)
        return cli_usage("incident", "--title is required");
    if (!in.asset)
        return cli_usage("incident",
                         "--asset is required (non-core, core, core-ci or national-secret)");
    if (!aware)
        return cli_usage("incident", "--aware-at is required (when the agency became aware)");
    if (cli_time_opt("incident", "--aware-at", aware, &in.aware_at) < 0)
        return EXIT_FAIL;
    if (occurred && cli_time_opt("incident", "--occurred-at", occurred, &in.occurred_at) < 0)
        return EXIT_FAIL;
    incident_svc *svc;
    auth_principal who;
    int rc = cli_incident_open(c, CLI_INCIDENT_CHECK, &svc, &who);
    if (rc)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    incident *inc = malloc(sizeof *inc);
    int64_t now = gisac_now();
    rc = inc ? incident_report(svc, &who, &in, now, inc, &err)
             : gisac_err_set(&err, GISAC_ENOMEM, "out of memory");
    incident_svc_free(svc);
    if (rc == 0) {
        if (json) {
            put_json(inc, now);
        } else {
            printf("%s %s (level ", inc->status == INCIDENT_DRAFT ? "drafted" : "reported",
                   inc->id);
            if (inc->level)
                printf("%d%s", inc->level, inc->major ? ", major" : "");
            else
                fputs("not yet determined", stdout);
            fputs("), next deadline ", stdout);
            put_next(inc, now);
            fputc('\n', stdout);
            fflush(stdout);
            if (inc->deadlines[POLICY_DL_REPORT].state == INCIDENT_DL_LATE)
                cli_error("warning: %s was reported after its deadline (a breach)", inc->id);
        }
    }
    free(inc);
    return rc < 0 ? cli_fail(&err) : EXIT_OK;
}

/* ---- list, due, show ------------------------------------------------------- */

typedef struct list_out {
    int json;
    int64_t now;
    size_t n;
} list_out;

static int list_cb(void *ctx, const incident *inc)
{
    list_out *o = ctx;
    o->n++;
    if (o->json)
        put_json(inc, o->now);
    else
        put_row(inc, o->now);
    return 0;
}

static int incident_list_cmd(cli_ctx *c, int argc, char **argv, int due)
{
    const char *agency = NULL, *status = NULL, *within = NULL;
    int json = 0, open_only = 0;
    for (int i = 0; i < argc; i++) {
        const char *v;
        int m;
        if (cli_is_help(argv[i]))
            return cli_help(usage);
        if ((m = cli_opt(argc, argv, &i, "--agency", &v)) != 0) {
            if (m < 0)
                return cli_usage("incident", "--agency needs an agency id");
            agency = v;
        } else if (!due && (m = cli_opt(argc, argv, &i, "--status", &v)) != 0) {
            if (m < 0)
                return cli_usage("incident", "--status needs a status");
            status = v;
        } else if (due && (m = cli_opt(argc, argv, &i, "--within", &v)) != 0) {
            if (m < 0)
                return cli_usage("incident", "--within needs a duration");
            within = v;
        } else if (!due && strcmp(argv[i], "--open") == 0) {
            open_only = 1;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else {
            return cli_usage("incident", "unknown argument '%s'", argv[i]);
        }
    }
    incident_filter f = {agency, INCIDENT_STATUS_NONE, open_only, NULL};
    if (status) {
        f.status = incident_status_parse(status);
        if (!f.status)
            return cli_usage("incident",
                             "status '%s': use draft, reported, reviewed, recovered, "
                             "investigated or closed",
                             status);
        if (open_only)
            return cli_usage("incident", "give --status or --open, not both");
    }
    int64_t now = gisac_now(), until = 0;
    if (within) {
        policy_duration d;
        gisac_err e = GISAC_ERR_INIT;
        if (policy_duration_parse(within, &d, &e) < 0)
            return cli_usage("incident", "--within: %s", e.msg);
        until = policy_time_add(now, d);
    }
    incident_svc *svc;
    auth_principal who;
    int rc = cli_incident_open(c, CLI_INCIDENT_CHECK, &svc, &who);
    if (rc)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    list_out o = {json, now, 0};
    rc = due ? incident_due(svc, &who, agency, now, until, list_cb, &o, &err)
             : incident_list(svc, &who, &f, now, list_cb, &o, &err);
    incident_svc_free(svc);
    if (rc < 0)
        return cli_fail(&err);
    return due && o.n == 0 ? EXIT_NOTFOUND : EXIT_OK;
}

/* "ID [--json]" */
static int one_id(int argc, char **argv, const char **id, int *json, int *rc)
{
    *id = NULL;
    for (int i = 0; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            *rc = cli_help(usage);
            return -1;
        }
        if (json && strcmp(argv[i], "--json") == 0) {
            *json = 1;
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            *rc = cli_usage("incident", "unknown option '%s'", argv[i]);
            return -1;
        } else if (*id) {
            *rc = cli_usage("incident", "one ID only");
            return -1;
        } else {
            *id = argv[i];
        }
    }
    if (!*id) {
        *rc = cli_usage("incident", "no incident ID given");
        return -1;
    }
    return 0;
}

static int incident_show_cmd(cli_ctx *c, int argc, char **argv)
{
    const char *id;
    int json = 0, rc;
    if (one_id(argc, argv, &id, &json, &rc) < 0)
        return rc;
    incident_svc *svc;
    auth_principal who;
    if ((rc = cli_incident_open(c, CLI_INCIDENT_CHECK, &svc, &who)) != 0)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    incident *inc = malloc(sizeof *inc);
    int64_t now = gisac_now();
    rc = inc ? incident_get(svc, &who, id, now, inc, &err)
             : gisac_err_set(&err, GISAC_ENOMEM, "out of memory");
    if (rc == 0) {
        if (json)
            put_json(inc, now);
        else
            put_text(svc, &who, inc, now);
    }
    incident_svc_free(svc);
    free(inc);
    return rc < 0 ? fail(rc, &err) : EXIT_OK;
}

/* ---- update, close --------------------------------------------------------- */

static int incident_update_cmd(cli_ctx *c, int argc, char **argv)
{
    incident_change ch;
    memset(&ch, 0, sizeof ch);
    ch.level = -1;
    const char *id = NULL, *occurred = NULL, *level = NULL, *status = NULL, *report = NULL,
               *note = NULL;
    int json = 0;
    const opt_slot slots[] = {
        {"--title", &ch.title},
        {"--description", &ch.description},
        {"--category", &ch.category},
        {"--asset", &ch.asset},
        {"--confidentiality", &ch.confidentiality},
        {"--integrity", &ch.integrity},
        {"--availability", &ch.availability},
        {"--occurred-at", &occurred},
        {"--level", &level},
        {"--reason", &ch.reason},
        {"--status", &status},
        {"--report", &report},
        {"--note", &note},
    };
    for (int i = 0; i < argc; i++) {
        if (cli_is_help(argv[i]))
            return cli_help(usage);
        int m = match_slots("incident", argc, argv, &i, slots, sizeof slots / sizeof slots[0]);
        if (m < 0)
            return EXIT_FAIL;
        if (m > 0)
            continue;
        if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (argv[i][0] == '-' && argv[i][1] == '-')
            return cli_usage("incident", "unknown option '%s'", argv[i]);
        else if (id)
            return cli_usage("incident", "one ID only");
        else
            id = argv[i];
    }
    if (!id)
        return cli_usage("incident", "no incident ID given");
    int changes = ch.title || ch.description || ch.category || ch.asset || ch.confidentiality ||
                  ch.integrity || ch.availability || occurred || level;
    if (status && changes)
        return cli_usage("incident", "--status moves an incident on: give other changes apart");
    if (!status && (report || note))
        return cli_usage("incident", "%s goes with --status", report ? "--report" : "--note");
    if (!status && !changes)
        return cli_usage("incident", "nothing to change: give a change or --status");
    if (level) {
        long lv;
        if (strcmp(level, "auto") == 0)
            ch.level = 0;
        else if (cli_int(level, 1, POLICY_LEVEL_MAX, &lv) == 0)
            ch.level = (int)lv;
        else
            return cli_usage("incident", "--level '%s': use 1 to 4, or auto", level);
        if (!ch.reason)
            return cli_usage("incident", "--level needs --reason");
    } else if (ch.reason) {
        return cli_usage("incident", "--reason goes with --level");
    }
    if (occurred && cli_time_opt("incident", "--occurred-at", occurred, &ch.occurred_at) < 0)
        return EXIT_FAIL;
    incident_status to = INCIDENT_STATUS_NONE;
    if (status) {
        to = incident_status_parse(status);
        if (to != INCIDENT_REVIEWED && to != INCIDENT_RECOVERED && to != INCIDENT_INVESTIGATED)
            return cli_usage("incident",
                             "--status '%s': use reviewed, recovered or investigated (close with "
                             "'gisac incident close', file a draft's report with 'gisac incident "
                             "report ID')",
                             status);
        if (report && to != INCIDENT_INVESTIGATED)
            return cli_usage("incident", "--report goes with --status investigated");
    }
    incident_svc *svc;
    auth_principal who;
    int rc = cli_incident_open(c, CLI_INCIDENT_CHECK, &svc, &who);
    if (rc)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    incident *inc = malloc(sizeof *inc);
    int64_t now = gisac_now();
    if (!inc)
        rc = gisac_err_set(&err, GISAC_ENOMEM, "out of memory");
    else if (status)
        rc = incident_advance(svc, &who, id, to, note, report, now, inc, &err);
    else
        rc = incident_update(svc, &who, id, &ch, now, inc, &err);
    incident_svc_free(svc);
    if (rc == 0) {
        if (json) {
            put_json(inc, now);
        } else {
            printf("updated %s: %s, level ", inc->id, incident_status_name(inc->status));
            if (inc->level)
                printf("%d", inc->level);
            else
                fputs("-", stdout);
            fputs(", next deadline ", stdout);
            put_next(inc, now);
            fputc('\n', stdout);
            fflush(stdout);
            if (inc->report_pending && inc->status != INCIDENT_DRAFT)
                cli_error("the level changed: file the report of level %d with 'gisac incident "
                          "report %s'",
                          inc->level, inc->id);
        }
    }
    free(inc);
    return rc < 0 ? fail(rc, &err) : EXIT_OK;
}

static int incident_close_cmd(cli_ctx *c, int argc, char **argv)
{
    const char *id = NULL, *reason = NULL;
    int json = 0;
    for (int i = 0; i < argc; i++) {
        const char *v;
        int m;
        if (cli_is_help(argv[i]))
            return cli_help(usage);
        if ((m = cli_opt(argc, argv, &i, "--reason", &v)) != 0) {
            if (m < 0)
                return cli_usage("incident", "--reason needs a value");
            reason = v;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            return cli_usage("incident", "unknown option '%s'", argv[i]);
        } else if (id) {
            return cli_usage("incident", "one ID only");
        } else {
            id = argv[i];
        }
    }
    if (!id)
        return cli_usage("incident", "no incident ID given");
    incident_svc *svc;
    auth_principal who;
    int rc = cli_incident_open(c, CLI_INCIDENT_CHECK, &svc, &who);
    if (rc)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    incident *inc = malloc(sizeof *inc);
    int64_t now = gisac_now();
    rc = inc ? incident_close(svc, &who, id, reason, now, inc, &err)
             : gisac_err_set(&err, GISAC_ENOMEM, "out of memory");
    incident_svc_free(svc);
    if (rc == 0) {
        if (json)
            put_json(inc, now);
        else
            printf("closed %s\n", inc->id);
    }
    free(inc);
    return rc < 0 ? fail(rc, &err) : EXIT_OK;
}

int cmd_incident(cli_ctx *c, int argc, char **argv)
{
    if (argc < 1) {
        fputs(usage, stderr);
        return EXIT_FAIL;
    }
    if (cli_is_help(argv[0]))
        return cli_help(usage);
    if (strcmp(argv[0], "report") == 0)
        return incident_report_cmd(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "list") == 0)
        return incident_list_cmd(c, argc - 1, argv + 1, 0);
    if (strcmp(argv[0], "due") == 0)
        return incident_list_cmd(c, argc - 1, argv + 1, 1);
    if (strcmp(argv[0], "show") == 0)
        return incident_show_cmd(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "update") == 0)
        return incident_update_cmd(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "close") == 0)
        return incident_close_cmd(c, argc - 1, argv + 1);
    return cli_usage("incident", "unknown incident command '%s'", argv[0]);
}

const cli_cmd cli_incident_cmd = {.name = "incident",
                                  .synopsis = "report|list|show|update|close|due",
                                  .summary = "incidents: levels 1-4, deadlines, breaches",
                                  .raw = cmd_incident};
