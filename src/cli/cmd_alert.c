/* cmd_alert.c: gisac alert list|show|confirm|dismiss|release, gisac sighting list */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

typedef struct alert_opts {
    const char *agency, *status, *queue, *indicator;
    int allowlist_requests;
    int64_t since;
    long limit;
    int json;
    /* answers */
    int64_t aware_at;
    const char *title, *category, *reason, *note;
    int allowlist;
} alert_opts;

static const alert_opts defaults = {.limit = 1000};

#define AO(f) offsetof(alert_opts, f)

/* ---- list -------------------------------------------------------------------- */

/* "[\"a\",\"b\"]" as "a,b" ("-" when none) into out. */
static void hosts_text(const char *json, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = '\0';
    for (const char *p = json ? json : ""; *p && n + 1 < cap; p++)
        if (*p != '[' && *p != ']' && *p != '"')
            out[n++] = *p;
    out[n] = '\0';
    if (!n)
        snprintf(out, cap, "-");
}

static int alert_row(void *ctx, const alert_view *v)
{
    cli_rows *l = ctx;
    if (l->json)
        return cli_row_json(l, app_alert_row_json(v, l->now, &l->b));
    const store_alert *a = &v->row;
    char due[GISAC_TIME_LEN], hosts[512];
    cli_time_text(a->due, due);
    hosts_text(a->hosts, hosts, sizeof hosts);
    printf("%s\t%s\t%s\t%s\t%s\t%s:%s\t%lld\t%s\t%s\n", a->ref, a->agency, a->status, a->queue,
           a->direction, a->type, a->value, (long long)a->count, hosts, due);
    l->n++;
    return 0;
}

static int alert_list_rows(app *a, const auth_principal *who, const void *opts, cli_rows *out,
                           gisac_err *err)
{
    const alert_opts *o = opts;
    alert_filter f = {o->agency, o->status, o->queue, o->allowlist_requests,
                      o->since,  o->limit,  NULL,     NULL};
    return app_list_alerts(a, who, &f, alert_row, out, err);
}

/* ---- show ---------------------------------------------------------------------- */

static int event_line(void *ctx, int first, int64_t time, const char *line)
{
    int *last_seen = ctx;
    if (!first && !*last_seen) {
        printf("last events:\n");
        *last_seen = 1;
    }
    char t[GISAC_TIME_LEN];
    cli_time_text(time, t);
    printf("  %s  %s\n", t, line);
    return 0;
}

static int alert_show_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    const alert_opts *o = opts;
    cli_op op;
    int rc = cli_open(c, CLI_APP_NOTFOUND, &op);
    if (rc)
        return rc;
    if (o->json) {
        gisac_buf b = GISAC_BUF_INIT;
        rc = app_alert_json(op.a, &op.who, argv[0], gisac_now(), &b, &op.err);
        if (rc == 0)
            cli_put_json(&b, 0);
        gisac_buf_free(&b);
        return cli_close(&op, rc);
    }
    alert_view v;
    rc = app_get_alert(op.a, &op.who, argv[0], &v, &op.err);
    if (rc == 0) {
        const store_alert *a = &v.row;
        char ind[600], hosts[1024], count[64];
        snprintf(ind, sizeof ind, "%s %s (TLP %s)", a->type, a->value, tlp_name((gisac_tlp)a->tlp));
        hosts_text(a->hosts, hosts, sizeof hosts);
        snprintf(count, sizeof count, "%lld in %lld batches", (long long)a->count,
                 (long long)a->batches);
        const cli_kv kv[] = {
            {"id", CLI_KV_TEXT, .s = a->ref},
            {"agency", CLI_KV_TEXT, .s = a->agency},
            {"status", CLI_KV_TEXT, .s = a->status},
            {"queue", CLI_KV_TEXT, .s = a->queue},
            {"direction", CLI_KV_TEXT, .s = a->direction},
            {"indicator", CLI_KV_TEXT, .s = ind},
            {"sensor", CLI_KV_DASH, .s = a->sensor},
            {"sightings", CLI_KV_TEXT, .s = count},
            {"hosts", CLI_KV_TEXT, .s = hosts},
            {"first seen", CLI_KV_TIME, .v = a->first_seen},
            {"last seen", CLI_KV_TIME, .v = a->last_seen},
            {"opened", CLI_KV_TIME, .v = a->opened},
            {"answer by", CLI_KV_TIME, .v = a->due},
            {"answered", CLI_KV_TIME, .v = a->answered_at},
            {"answered by", CLI_KV_DASH, .s = a->answered_by},
            {"incident", CLI_KV_DASH, .s = a->incident_ref},
            {"reason", CLI_KV_DASH, .s = a->reason},
            {"allowlisting", CLI_KV_TEXT, .s = a->allowlist_request ? "requested" : "-"},
        };
        cli_put_kv(kv, sizeof kv / sizeof kv[0], 14);
        printf("first events:\n");
        int last = 0;
        rc = app_list_alert_events(op.a, &op.who, argv[0], event_line, &last, &op.err);
    }
    return cli_close(&op, rc);
}

/* ---- confirm, dismiss, release ----------------------------------------------------- */

typedef struct answer_ctx {
    const char *verb;
    int json;
    int notfound, other;
    gisac_buf b;
} answer_ctx;

static int answer_one(void *ctx, const char *id, int rc, const gisac_err *err, const char *filed)
{
    answer_ctx *k = ctx;
    if (rc < 0) {
        if (rc == GISAC_ENOTFOUND)
            k->notfound++;
        else
            k->other++;
    }
    if (k->json) {
        gisac_buf_puts(&k->b, "{\"id\":");
        gisac_buf_json_str(&k->b, id);
        gisac_buf_printf(&k->b, ",\"ok\":%s", rc == 0 ? "true" : "false");
        if (filed) {
            gisac_buf_puts(&k->b, ",\"incident\":");
            gisac_buf_json_str(&k->b, filed);
        }
        if (rc < 0) {
            gisac_buf_printf(&k->b, ",\"error\":{\"code\":\"%s\",\"message\":", gisac_errname(rc));
            gisac_buf_json_str(&k->b, err->msg);
            gisac_buf_putc(&k->b, '}');
        }
        gisac_buf_putc(&k->b, '}');
        cli_put_json(&k->b, 0);
        return 0;
    }
    if (rc < 0) {
        fflush(stdout); /* in the order of the ids */
        cli_error("%s", err->msg);
    } else if (filed)
        printf("%s %s: incident %s\n", k->verb, id, filed);
    else
        printf("%s %s\n", k->verb, id);
    return 0;
}

static int answer(cli_ctx *c, const alert_opts *o, int argc, char **argv, app_alert_answer *ans,
                  const char *verb)
{
    answer_ctx k = {verb, o->json, 0, 0, GISAC_BUF_INIT};
    size_t failed = 0;
    cli_op op;
    int rc = cli_open(c, 0, &op);
    if (rc)
        return rc;
    rc = app_answer_alerts(op.a, &op.who, (const char *const *)argv, (size_t)argc, ans, gisac_now(),
                           answer_one, &k, &failed, &op.err);
    gisac_buf_free(&k.b);
    rc = cli_close(&op, rc);
    if (rc)
        return rc;
    if (!failed)
        return EXIT_OK;
    return k.other ? EXIT_FAIL : EXIT_NOTFOUND;
}

static int alert_confirm_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const alert_opts *o = opts;
    app_alert_answer ans;
    memset(&ans, 0, sizeof ans);
    ans.step = APP_ALERT_CONFIRM;
    ans.confirm.aware_at = o->aware_at;
    ans.confirm.title = o->title;
    ans.confirm.category = o->category;
    return answer(c, o, argc, argv, &ans, "confirmed");
}

static int alert_dismiss_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const alert_opts *o = opts;
    if (!o->reason)
        return cli_usage("alert", "--reason is required (false_positive, already_handled or "
                                  "not_ours)");
    app_alert_answer ans;
    memset(&ans, 0, sizeof ans);
    ans.step = APP_ALERT_DISMISS;
    ans.reason = o->reason;
    ans.note = o->note;
    ans.allowlist = o->allowlist;
    return answer(c, o, argc, argv, &ans, "dismissed");
}

static int alert_release_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    app_alert_answer ans;
    memset(&ans, 0, sizeof ans);
    ans.step = APP_ALERT_RELEASE;
    return answer(c, opts, argc, argv, &ans, "released");
}

/* ---- sighting list ------------------------------------------------------------------ */

static int sighting_row(void *ctx, const store_sighting_detail *d)
{
    cli_rows *l = ctx;
    if (l->json) {
        return cli_row_json(l, app_sighting_row_json(d, &l->b));
    }
    char last[GISAC_TIME_LEN], hosts[512];
    cli_time_text(d->last_seen, last);
    hosts_text(d->hosts, hosts, sizeof hosts);
    printf("%s\t%s\t%s\t%s:%s\t%lld\t%s\t%s\n", last, d->agency, d->direction, d->type, d->value,
           (long long)d->count, hosts, d->sensor ? d->sensor : "-");
    l->n++;
    return 0;
}

static int sighting_list(app *a, const auth_principal *who, const void *opts, cli_rows *out,
                         gisac_err *err)
{
    const alert_opts *o = opts;
    alert_sighting_filter f = {
        .agency = o->agency, .value = o->indicator, .since = o->since, .limit = o->limit};
    return app_list_sightings(a, who, &f, sighting_row, out, err);
}

/* ---- tables ---------------------------------------------------------------------------- */

#define OPT_JSON CLI_JSON_FLAG(AO(json), "JSON (one object a line for lists)")

static const cli_opt_def list_opts[] = {
    {"--agency", CLI_STR, AO(agency), "ID", "one agency's alerts", .flags = 0},
    {"--status", CLI_STR, AO(status), "S", "open, confirmed or dismissed", .flags = 0},
    {"--queue", CLI_STR, AO(queue), "Q",
     "agency, or office (held: indicators the agency\n"
     "may not read)",
     .flags = 0},
    {"--allowlist-requests", CLI_FLAG, AO(allowlist_requests),
     .help = "only dismissed alerts that ask the office to allowlist the value", .flags = 0},
    {"--since", CLI_TIME, AO(since), "T", "opened at or after T", .flags = 0},
    {"--limit", CLI_INT, AO(limit), "N", "at most N (default 1000)", 1, 100000, .flags = 0},
    OPT_JSON,
    {0},
};

static const cli_opt_def show_opts[] = {OPT_JSON, {0}};

static const cli_opt_def confirm_opts[] = {
    {"--aware-at", CLI_TIME, AO(aware_at), "T",
     "when the agency became aware (default: now); without an\n"
     "offset in the installation's time zone",
     .flags = 0},
    {"--title", CLI_STR, AO(title), "TEXT", "the incident's title (default: from the alert)",
     .flags = 0},
    {"--category", CLI_STR, AO(category), "C", "its category (default: the policy's)", .flags = 0},
    OPT_JSON,
    {0},
};

static const cli_opt_def dismiss_opts[] = {
    {"--reason", CLI_STR, AO(reason), "R", "false_positive, already_handled or not_ours",
     .flags = 0},
    {"--note", CLI_STR, AO(note), "TEXT", "a note for the office", .flags = CLI_EMPTY_OK},
    {"--allowlist", CLI_FLAG, AO(allowlist),
     .help = "ask the office to allowlist the value (recorded for staff)", .flags = 0},
    OPT_JSON,
    {0},
};

static const cli_opt_def release_opts[] = {OPT_JSON, {0}};

static const cli_opt_def sighting_opts[] = {
    {"--agency", CLI_STR, AO(agency), "ID", "one agency's sightings", .flags = 0},
    {"--indicator", CLI_STR, AO(indicator), "VALUE", "one indicator's sightings", .flags = 0},
    {"--since", CLI_TIME, AO(since), "T", "last seen at or after T", .flags = 0},
    {"--limit", CLI_INT, AO(limit), "N", "at most N (default 1000)", 1, 100000, .flags = 0},
    OPT_JSON,
    {0},
};

const cli_cmd cli_alert_cmds[] = {
    {.name = "list", .opts = list_opts, .list = alert_list_rows},
    {.name = "show", .opts = show_opts, .run = alert_show_run},
    {.name = "confirm", .opts = confirm_opts, .run = alert_confirm_run},
    {.name = "dismiss", .opts = dismiss_opts, .run = alert_dismiss_run},
    {.name = "release", .opts = release_opts, .run = alert_release_run},
    {.opts_size = sizeof(alert_opts), .defaults = &defaults},
};

const cli_cmd cli_sighting_cmds[] = {
    {.name = "list",
     .opts = sighting_opts,
     .opts_size = sizeof(alert_opts),
     .defaults = &defaults,
     .open = CLI_APP_HINT_IMPORT,
     .list = sighting_list},
    {0},
};
