/* cmd_notify.c: gisac notify: webhook and e-mail notifications */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

typedef struct notify_opts_t {
    const char *events, *agency, *secret_file, *subject, *lang, *account;
    const char *url, *from, *user, *password_file;
    long max_attempts, backoff_cap;
    const char *status;
    int failed;
} notify_opts_t;

#define O(f) offsetof(notify_opts_t, f)
static const cli_opt_def add_opts[] = {
    {"--secret-file", CLI_STR, O(secret_file), "F",
     "sign webhook bodies with the first line of F:\n"
     "X-Gisac-Signature: sha256=<hex HMAC-SHA256>",
     .bad = "--secret-file needs a file"},
    {"--events", CLI_STR, O(events), "LIST",
     "comma-separated: " NOTIFY_EVENTS ",\nor * (all; the default)",
     .bad = "--events needs a list"},
    {"--agency", CLI_STR, O(agency), "ID", "only events of this agency (default: every agency's)",
     .bad = "--agency needs an id"},
    {"--lang", CLI_STR, O(lang), "L",
     "the messages' language: zh-TW or en (default: the\n--account's, else zh-TW)",
     .bad = "--lang needs zh-TW or en"},
    {"--account", CLI_STR, O(account), "NAME",
     "the account it is for: its language (gisac user\nupdate --lang) unless --lang is given",
     .bad = "--account needs an account name"},
    {0},
};
static const cli_opt_def smtp_opts[] = {
    {"--url", CLI_STR, O(url), "URL",
     "smtp://host[:port] (STARTTLS when offered) or\nsmtps://host[:port]",
     .bad = "--url needs smtp://host:port"},
    {"--from", CLI_STR, O(from), "ADDRESS", "the sender", .bad = "--from needs an address"},
    {"--user", CLI_STR, O(user), "NAME", "the SMTP login", .bad = "--user needs a name"},
    {"--password-file", CLI_STR, O(password_file), "F", "the SMTP password: the first line of F",
     .bad = "--password-file needs a file"},
    {0},
};
static const cli_opt_def config_opts[] = {
    {"--max-attempts", CLI_INT, O(max_attempts), "N", "attempts before a delivery fails (1-100)", 1,
     100, .bad = "--max-attempts: give a number from 1 to 100"},
    {"--backoff-cap", CLI_INT, O(backoff_cap), "SECONDS",
     "the longest wait between attempts (30-604800)", NOTIFY_BACKOFF_FIRST, 604800,
     .bad = "--backoff-cap: give 30 to 604800 seconds"},
    {0},
};
static const cli_opt_def test_opts[] = {
    {"--agency", CLI_STR, O(agency), "ID", "the agency the event concerns",
     .bad = "--agency needs an id"},
    {"--subject", CLI_STR, O(subject), "TEXT", "the subject (default: a test subject)",
     .bad = "--subject needs a text"},
    {0},
};
static const cli_opt_def queue_opts[] = {
    {"--status", CLI_STR, O(status), "S", "only pending, sent, failed or cancelled ones",
     .bad = "--status: pending, sent, failed or cancelled"},
    {0},
};
static const cli_opt_def log_opts[] = {
    {"--failed", CLI_FLAG, O(failed), NULL, "only the attempts of deliveries that gave up",
     .lo = 0},
    {0},
};
#undef O

/* The first line of a file (without its line end), for secrets. Caller wipes and frees. */
static char *first_line(const char *opt, const char *path)
{
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    if (gisac_read_file(path, &b, &err) < 0) {
        cli_error("%s: %s", opt, err.msg);
        gisac_buf_free(&b);
        return NULL;
    }
    char *s = b.data;
    if (s) {
        s[strcspn(s, "\n")] = '\0';
        size_t n = strlen(s);
        if (n && s[n - 1] == '\r')
            s[n - 1] = '\0';
    }
    if (!s || !*s) {
        cli_error("%s: %s: the first line is empty", opt, path);
        gisac_buf_free(&b);
        return NULL;
    }
    return s;
}

static void free_secret(char *s)
{
    if (s) {
        cli_wipe(s, strlen(s));
        free(s);
    }
}

/* One command's arguments and results, for the calls below. */
typedef struct notify_call {
    const notify_opts_t *o;
    notify_sub_spec spec;
    char *secret;
    int64_t id, n;
    int queued, any;
    notify_config cfg;
    notify_smtp smtp;
    notify_pass pass;
    const char *event;
} notify_call;

static int add_call(app *a, const auth_principal *who, void *arg, gisac_err *err)
{
    notify_call *k = arg;
    return app_notify_add(a, who, &k->spec, &k->id, err);
}

static int add_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    notify_call k = {.o = opts};
    if (strcmp(argv[0], "webhook") == 0)
        k.spec.kind = NOTIFY_WEBHOOK;
    else if (strcmp(argv[0], "email") == 0)
        k.spec.kind = NOTIFY_EMAIL;
    else
        return cli_usage("notify", "add webhook URL or add email ADDRESS, not '%s'", argv[0]);
    k.spec.target = argv[1];
    k.spec.events = k.o->events;
    k.spec.agency = k.o->agency;
    k.spec.lang = k.o->lang;
    k.spec.account = k.o->account;
    if (k.o->secret_file && k.spec.kind != NOTIFY_WEBHOOK)
        return cli_usage("notify", "--secret-file is for webhooks");
    if (k.o->secret_file && !(k.secret = first_line("--secret-file", k.o->secret_file)))
        return EXIT_FAIL;
    k.spec.secret = k.secret;
    int rc = cli_run(c, APP_OPEN_CREATE, add_call, &k);
    if (rc == EXIT_OK)
        printf("added subscription %lld\n", (long long)k.id);
    free_secret(k.secret);
    return rc;
}

static int sub_row(void *ctx, const store_notify_sub *sub)
{
    printf("%lld\t%s\t%s\t%s\t%s\t%s\t", (long long)sub->id, sub->kind, sub->target, sub->events,
           sub->agency ? sub->agency : "-",
           strcmp(sub->kind, "webhook") != 0 ? "-"
           : sub->secret                     ? "signed"
                                             : "unsigned");
    /* the language: its own, the account's, or the default */
    if (sub->lang)
        printf("%s\n", sub->lang);
    else if (sub->account)
        printf("user:%s\n", sub->account);
    else
        printf("-\n");
    *(int *)ctx = 1;
    return 0;
}

static int list_call(app *a, const auth_principal *who, void *arg, gisac_err *err)
{
    notify_call *k = arg;
    return app_notify_list(a, who, sub_row, &k->any, err);
}

/* The ID argument s (1 to 2^31-1) into *id: 0, or the usage error msg. */
static int id_arg(const char *s, const char *msg, int64_t *id)
{
    long v;
    if (cli_int(s, 1, 0x7fffffffL, &v) < 0)
        return cli_usage("notify", "%s", msg);
    *id = v;
    return 0;
}

static int remove_call(app *a, const auth_principal *who, void *arg, gisac_err *err)
{
    notify_call *k = arg;
    return app_notify_remove(a, who, k->id, &k->n, err);
}

static int remove_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    notify_call k = {.o = opts};
    if (id_arg(argv[0], "remove needs a subscription ID (see 'gisac notify list')", &k.id))
        return EXIT_FAIL;
    int rc = cli_run(c, 0, remove_call, &k);
    if (rc == EXIT_OK)
        printf("removed subscription %lld (%lld pending deliver%s cancelled)\n", (long long)k.id,
               (long long)k.n, k.n == 1 ? "y" : "ies");
    return rc;
}

typedef struct preview_call {
    int64_t id;
    gisac_buf text, link;
} preview_call;

static int preview_call_fn(app *a, const auth_principal *who, void *arg, gisac_err *err)
{
    preview_call *k = arg;
    return app_notify_preview(a, who, k->id, gisac_now(), &k->text, &k->link, err);
}

static int preview_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    (void)opts;
    preview_call k = {0, GISAC_BUF_INIT, GISAC_BUF_INIT};
    if (id_arg(argv[0], "preview needs a delivery ID (see 'gisac notify queue')", &k.id))
        return EXIT_FAIL;
    int rc = cli_run(c, 0, preview_call_fn, &k);
    if (rc == EXIT_OK)
        fwrite(k.text.data ? k.text.data : "", 1, k.text.len, stdout);
    gisac_buf_free(&k.text);
    gisac_buf_free(&k.link);
    return rc;
}

static int smtp_get_call(app *a, const auth_principal *who, void *arg, gisac_err *err)
{
    notify_call *k = arg;
    return app_notify_smtp_get(a, who, &k->smtp, err);
}

static int smtp_set_call(app *a, const auth_principal *who, void *arg, gisac_err *err)
{
    notify_call *k = arg;
    return app_notify_smtp_set(a, who, k->o->url, k->o->from, k->o->user, k->secret, err);
}

static int smtp_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    const notify_opts_t *o = opts;
    notify_call *k = calloc(1, sizeof *k);
    if (!k)
        return cli_usage("notify", "out of memory");
    k->o = o;
    int rc;
    if (!o->url && !o->from && !o->user && !o->password_file) {
        if ((rc = cli_run(c, 0, smtp_get_call, k)) == EXIT_OK)
            printf("url\t%s\nfrom\t%s\nuser\t%s\npassword\t%s\n", k->smtp.url, k->smtp.from,
                   k->smtp.user[0] ? k->smtp.user : "-", k->smtp.password[0] ? "set" : "-");
    } else if (!o->url || !o->from) {
        rc = cli_usage("notify", "smtp needs --url and --from");
    } else if (!o->user != !o->password_file) {
        rc = cli_usage("notify", "--user and --password-file go together");
    } else if (o->password_file && !(k->secret = first_line("--password-file", o->password_file))) {
        rc = EXIT_FAIL;
    } else if ((rc = cli_run(c, APP_OPEN_CREATE, smtp_set_call, k)) == EXIT_OK) {
        printf("SMTP server %s, sender %s%s%s\n", o->url, o->from, o->user ? ", login " : "",
               o->user ? o->user : "");
    }
    free_secret(k->secret);
    cli_wipe(k, sizeof *k);
    free(k);
    return rc;
}

static int config_call(app *a, const auth_principal *who, void *arg, gisac_err *err)
{
    notify_call *k = arg;
    notify_config set = {(int)k->o->max_attempts, (int)k->o->backoff_cap};
    return app_notify_config(a, who, set.max_attempts || set.backoff_cap ? &set : NULL, &k->cfg,
                             err);
}

static int config_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    notify_call k = {.o = opts};
    int set = k.o->max_attempts || k.o->backoff_cap;
    int rc = cli_run(c, set ? APP_OPEN_CREATE : 0, config_call, &k);
    if (rc == EXIT_OK)
        printf("max-attempts\t%d\nbackoff-cap\t%d\n", k.cfg.max_attempts, k.cfg.backoff_cap);
    return rc;
}

static int test_call(app *a, const auth_principal *who, void *arg, gisac_err *err)
{
    notify_call *k = arg;
    return app_notify_test(a, who, k->event, k->o->agency, k->o->subject, &k->queued, err);
}

static int test_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    notify_call k = {.o = opts, .event = argv[0]};
    int rc = cli_run(c, 0, test_call, &k);
    if (rc != EXIT_OK)
        return rc;
    printf("queued %d deliver%s of %s\n", k.queued, k.queued == 1 ? "y" : "ies", k.event);
    return k.queued ? EXIT_OK : EXIT_NOTFOUND;
}

static int deliver_call(app *a, const auth_principal *who, void *arg, gisac_err *err)
{
    notify_call *k = arg;
    return app_notify_deliver(a, who, &k->pass, err);
}

static int deliver_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    notify_call k = {.o = opts};
    int rc = cli_run(c, 0, deliver_call, &k);
    if (rc != EXIT_OK)
        return rc;
    if (!k.pass.due) {
        printf("nothing due\n");
        return EXIT_NOTFOUND;
    }
    printf("%zu due: %zu sent, %zu to retry, %zu failed\n", k.pass.due, k.pass.sent,
           k.pass.retrying, k.pass.failed);
    return EXIT_OK;
}

typedef struct queue_ctx {
    app *a;
    int any;
} queue_ctx;

static int queue_row(void *ctx, const store_notify_delivery *d)
{
    queue_ctx *q = ctx;
    char ref[NOTIFY_REF_LEN];
    q->any = 1;
    app_notify_ref(q->a, d->id, ref);
    printf("%lld\t%s\t%lld\t", (long long)d->id, d->status, (long long)d->attempts);
    cli_put_time(strcmp(d->status, "pending") == 0 ? d->next_at : 0);
    printf("\t%s\t%s\t%s\t%s\t%s\n", d->event, d->kind, d->target, d->subject, ref);
    return 0;
}

static int queue_call(app *a, const auth_principal *who, void *arg, gisac_err *err)
{
    notify_call *k = arg;
    queue_ctx q = {a, 0};
    int rc = app_notify_queue(a, who, k->o->status, queue_row, &q, err);
    k->any |= q.any;
    if (rc == GISAC_EINVAL && strcmp(err->field, "$.status") == 0) {
        cli_usage("notify", "--status: %s", err->msg);
        rc = 0;
        k->n = -1; /* a usage error, printed */
    }
    return rc;
}

static int log_row(void *ctx, const store_notify_attempt *a)
{
    *(int *)ctx = 1;
    cli_put_time(a->at);
    printf("\t%lld\t%lld\t%s\t%s\t%s\t%s\t", (long long)a->delivery_id, (long long)a->attempt,
           a->event, a->kind, a->target, a->ok ? "ok" : "error");
    if (a->code)
        printf("%lld", (long long)a->code);
    else
        fputs("-", stdout);
    putchar('\t');
    const char *e = a->error && *a->error ? a->error : "-";
    for (; *e; e++)
        putchar(*e == '\t' || *e == '\n' || *e == '\r' ? ' ' : *e);
    putchar('\n');
    return 0;
}

static int log_call(app *a, const auth_principal *who, void *arg, gisac_err *err)
{
    notify_call *k = arg;
    return app_notify_log(a, who, k->o->failed, log_row, &k->any, err);
}

/* list, queue and log: 1 when nothing was listed */
static int listing(cli_ctx *c, void *opts, cli_app_fn fn)
{
    notify_call k = {.o = opts};
    int rc = cli_run(c, 0, fn, &k);
    if (rc != EXIT_OK)
        return rc;
    if (k.n < 0)
        return EXIT_FAIL;
    return k.any ? EXIT_OK : EXIT_NOTFOUND;
}

static int list_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return listing(c, opts, list_call);
}

static int queue_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return listing(c, opts, queue_call);
}

static int log_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return listing(c, opts, log_call);
}

const cli_cmd cli_notify_cmds[] = {
    {.name = "add", .opts = add_opts, .run = add_run},
    {.name = "list", .run = list_run},
    {.name = "remove", .run = remove_run},
    {.name = "smtp", .opts = smtp_opts, .run = smtp_run},
    {.name = "config", .opts = config_opts, .run = config_run},
    {.name = "test", .opts = test_opts, .run = test_run},
    {.name = "deliver", .run = deliver_run},
    {.name = "queue", .opts = queue_opts, .run = queue_run},
    {.name = "preview", .run = preview_run},
    {.name = "log", .opts = log_opts, .run = log_run},
    {.opts_size = sizeof(notify_opts_t)},
};
