/* cmd_notify.c: gisac notify: webhook and e-mail notifications */
#include "cli/cli.h"

#include "notify/notify.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char notify_usage[] =
    "usage: gisac notify COMMAND [ARGS...]\n"
    "\n"
    "Notifications of incident events to webhooks and e-mail addresses.\n"
    "\n"
    "commands:\n"
    "  add webhook URL [--secret-file F] [--events LIST] [--agency ID]\n"
    "  add email ADDRESS [--events LIST] [--agency ID]\n"
    "                  subscribe; prints the new subscription's id\n"
    "  list            the subscriptions, tab-separated:\n"
    "                  ID KIND TARGET EVENTS AGENCY SIGNED\n"
    "  remove ID       unsubscribe; its pending deliveries are cancelled\n"
    "  smtp [--url URL --from ADDRESS [--user NAME --password-file F]]\n"
    "                  set (or, without options, show) the SMTP server\n"
    "  config [--max-attempts N] [--backoff-cap SECONDS]\n"
    "                  set (or show) the retry policy\n"
    "  test EVENT [--agency ID] [--subject TEXT]\n"
    "                  queue a test notification of EVENT\n"
    "  deliver         send what is due now (one pass)\n"
    "  queue [--status pending|sent|failed|cancelled]\n"
    "                  the deliveries, tab-separated:\n"
    "                  ID STATUS ATTEMPTS NEXT EVENT KIND TARGET SUBJECT\n"
    "  log [--failed]  every delivery attempt, tab-separated:\n"
    "                  TIME DELIVERY ATTEMPT EVENT KIND TARGET OUTCOME CODE ERROR\n"
    "                  (--failed: only those of deliveries that gave up)\n"
    "\n"
    "  --events LIST     comma-separated: incident.new, incident.level,\n"
    "                    incident.deadline_at_risk, incident.breach, or * (all;\n"
    "                    the default)\n"
    "  --agency ID       only events of this agency (default: every agency's)\n"
    "  --secret-file F   sign webhook bodies with the first line of F:\n"
    "                    X-Gisac-Signature: sha256=<hex HMAC-SHA256>\n"
    "  --url URL         smtp://host[:port] (STARTTLS when offered) or\n"
    "                    smtps://host[:port]\n"
    "  --password-file F the SMTP password: the first line of F\n"
    "\n"
    "A failed delivery is tried again after 30 s, 1 min, 2 min, ... (doubling\n"
    "up to the back-off cap, default 3600 s) until the maximum number of\n"
    "attempts (default 10); then it is 'failed' and kept.\n"
    "\n"
    "Exit status: 0 done, 1 nothing found (list, queue, log, deliver: nothing\n"
    "due), 2 error.\n";

static int fail_rc(int rc, const gisac_err *err)
{
    if (rc == GISAC_ENOTFOUND) {
        cli_error("%s", err->msg);
        return EXIT_NOTFOUND;
    }
    return cli_fail(err);
}

/* Open the store as the local user; must_exist: no stray database from a mistyped --db. */
static int open_store(cli_ctx *c, int must_exist, store **out)
{
    if (must_exist && access(c->db_path, F_OK) < 0) {
        cli_error("%s: no such database (give --db PATH)", c->db_path);
        return EXIT_FAIL;
    }
    gisac_err err = GISAC_ERR_INIT;
    if (store_open(c->db_path, out, &err) < 0)
        return cli_fail(&err);
    cli_set_actor(*out);
    return 0;
}

/* The first line of a file (without its line end), for secrets. Caller frees. */
static char *first_line(const char *opt, const char *path)
{
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    if (gisac_read_file(path, &b, &err) < 0) {
        cli_error("%s: %s", opt, err.msg);
        gisac_buf_free(&b);
        return NULL;
    }
    char *s = b.data ? b.data : NULL;
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

static int notify_add(cli_ctx *c, int argc, char **argv)
{
    notify_sub_spec spec = {0, NULL, NULL, NULL, NULL};
    const char *secret_file = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v;
        int m;
        if (cli_is_help(argv[i]))
            return cli_help(notify_usage);
        if ((m = cli_opt(argc, argv, &i, "--events", &v)) != 0) {
            if (m < 0 || !*v)
                return cli_usage("notify", "--events needs a list");
            spec.events = v;
        } else if ((m = cli_opt(argc, argv, &i, "--agency", &v)) != 0) {
            if (m < 0 || !*v)
                return cli_usage("notify", "--agency needs an id");
            spec.agency = v;
        } else if ((m = cli_opt(argc, argv, &i, "--secret-file", &v)) != 0) {
            if (m < 0 || !*v)
                return cli_usage("notify", "--secret-file needs a file");
            secret_file = v;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage("notify", "unknown option '%s'", argv[i]);
        } else if (!spec.kind) {
            if (strcmp(argv[i], "webhook") == 0)
                spec.kind = NOTIFY_WEBHOOK;
            else if (strcmp(argv[i], "email") == 0)
                spec.kind = NOTIFY_EMAIL;
            else
                return cli_usage("notify", "add webhook URL or add email ADDRESS, not '%s'",
                                 argv[i]);
        } else if (!spec.target) {
            spec.target = argv[i];
        } else {
            return cli_usage("notify", "unexpected argument '%s'", argv[i]);
        }
    }
    if (!spec.kind || !spec.target)
        return cli_usage("notify", "add webhook URL or add email ADDRESS");
    if (secret_file && spec.kind != NOTIFY_WEBHOOK)
        return cli_usage("notify", "--secret-file is for webhooks");
    char *secret = NULL;
    if (secret_file && !(secret = first_line("--secret-file", secret_file)))
        return EXIT_FAIL;
    spec.secret = secret;
    store *s;
    int rc = open_store(c, 0, &s);
    if (rc == 0) {
        gisac_err err = GISAC_ERR_INIT;
        int64_t id = 0;
        int r = notify_sub_add(s, &spec, gisac_now(), &id, &err);
        store_close(s);
        if (r < 0)
            rc = cli_fail(&err);
        else
            printf("added subscription %lld\n", (long long)id);
    }
    if (secret) {
        memset(secret, 0, strlen(secret));
        free(secret);
    }
    return rc;
}

static int list_one(void *ctx, const store_notify_sub *sub)
{
    (void)ctx;
    printf("%lld\t%s\t%s\t%s\t%s\t%s\n", (long long)sub->id, sub->kind, sub->target, sub->events,
           sub->agency ? sub->agency : "-",
           strcmp(sub->kind, "webhook") != 0 ? "-"
           : sub->secret                     ? "signed"
                                             : "unsigned");
    *(int *)ctx = 1;
    return 0;
}

static int no_args(int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (cli_is_help(argv[i]))
            return cli_help(notify_usage) + 1;
        return cli_usage("notify", "unexpected argument '%s'", argv[i]) + 1;
    }
    return 0;
}

static int notify_list(cli_ctx *c, int argc, char **argv)
{
    int rc = no_args(argc, argv);
    if (rc)
        return rc - 1;
    store *s;
    if ((rc = open_store(c, 1, &s)))
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    int any = 0;
    rc = notify_sub_list(s, list_one, &any, &err);
    store_close(s);
    if (rc < 0)
        return cli_fail(&err);
    return any ? EXIT_OK : EXIT_NOTFOUND;
}

static int notify_remove(cli_ctx *c, int argc, char **argv)
{
    const char *idtext = NULL;
    for (int i = 0; i < argc; i++) {
        if (cli_is_help(argv[i]))
            return cli_help(notify_usage);
        if (idtext)
            return cli_usage("notify", "one ID only");
        idtext = argv[i];
    }
    long id;
    if (!idtext || cli_int(idtext, 1, 0x7fffffffL, &id) < 0)
        return cli_usage("notify", "remove needs a subscription ID (see 'gisac notify list')");
    store *s;
    int rc = open_store(c, 1, &s);
    if (rc)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    int64_t n = 0;
    rc = notify_sub_remove(s, id, gisac_now(), &n, &err);
    store_close(s);
    if (rc < 0)
        return fail_rc(rc, &err);
    printf("removed subscription %ld (%lld pending deliver%s cancelled)\n", id, (long long)n,
           n == 1 ? "y" : "ies");
    return EXIT_OK;
}

static int notify_smtp_cmd(cli_ctx *c, int argc, char **argv)
{
    const char *url = NULL, *from = NULL, *user = NULL, *pwfile = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v;
        int m;
        if (cli_is_help(argv[i]))
            return cli_help(notify_usage);
        if ((m = cli_opt(argc, argv, &i, "--url", &v)) != 0) {
            if (m < 0 || !*v)
                return cli_usage("notify", "--url needs smtp://host:port");
            url = v;
        } else if ((m = cli_opt(argc, argv, &i, "--from", &v)) != 0) {
            if (m < 0 || !*v)
                return cli_usage("notify", "--from needs an address");
            from = v;
        } else if ((m = cli_opt(argc, argv, &i, "--user", &v)) != 0) {
            if (m < 0 || !*v)
                return cli_usage("notify", "--user needs a name");
            user = v;
        } else if ((m = cli_opt(argc, argv, &i, "--password-file", &v)) != 0) {
            if (m < 0 || !*v)
                return cli_usage("notify", "--password-file needs a file");
            pwfile = v;
        } else {
            return cli_usage("notify", "unexpected argument '%s'", argv[i]);
        }
    }
    gisac_err err = GISAC_ERR_INIT;
    store *s;
    int rc;
    if (!url && !from && !user && !pwfile) {
        if ((rc = open_store(c, 1, &s)))
            return rc;
        notify_smtp *cur = calloc(1, sizeof *cur);
        rc = cur ? notify_smtp_get(s, cur, &err)
                 : gisac_err_set(&err, GISAC_ENOMEM, "out of memory");
        store_close(s);
        if (rc < 0) {
            free(cur);
            return cli_fail(&err);
        }
        if (!cur->url[0]) {
            free(cur);
            cli_error("no SMTP server is set (gisac notify smtp --url URL --from ADDRESS)");
            return EXIT_NOTFOUND;
        }
        printf("url\t%s\nfrom\t%s\nuser\t%s\npassword\t%s\n", cur->url, cur->from,
               cur->user[0] ? cur->user : "-", cur->password[0] ? "set" : "-");
        memset(cur->password, 0, sizeof cur->password);
        free(cur);
        return EXIT_OK;
    }
    if (!url || !from)
        return cli_usage("notify", "smtp needs --url and --from");
    if (!user != !pwfile)
        return cli_usage("notify", "--user and --password-file go together");
    char *pw = NULL;
    if (pwfile && !(pw = first_line("--password-file", pwfile)))
        return EXIT_FAIL;
    if ((rc = open_store(c, 0, &s)) == 0) {
        int r = notify_smtp_set(s, url, from, user, pw, gisac_now(), &err);
        store_close(s);
        if (r < 0)
            rc = cli_fail(&err);
        else
            printf("SMTP server %s, sender %s%s%s\n", url, from, user ? ", login " : "",
                   user ? user : "");
    }
    if (pw) {
        memset(pw, 0, strlen(pw));
        free(pw);
    }
    return rc;
}

static int notify_config_cmd(cli_ctx *c, int argc, char **argv)
{
    notify_config cfg = {0, 0};
    for (int i = 0; i < argc; i++) {
        const char *v;
        int m;
        long n;
        if (cli_is_help(argv[i]))
            return cli_help(notify_usage);
        if ((m = cli_opt(argc, argv, &i, "--max-attempts", &v)) != 0) {
            if (m < 0 || cli_int(v, 1, 100, &n) < 0)
                return cli_usage("notify", "--max-attempts: give a number from 1 to 100");
            cfg.max_attempts = (int)n;
        } else if ((m = cli_opt(argc, argv, &i, "--backoff-cap", &v)) != 0) {
            if (m < 0 || cli_int(v, NOTIFY_BACKOFF_FIRST, 604800, &n) < 0)
                return cli_usage("notify", "--backoff-cap: give %d to 604800 seconds",
                                 NOTIFY_BACKOFF_FIRST);
            cfg.backoff_cap = (int)n;
        } else {
            return cli_usage("notify", "unexpected argument '%s'", argv[i]);
        }
    }
    gisac_err err = GISAC_ERR_INIT;
    store *s;
    int set = cfg.max_attempts || cfg.backoff_cap;
    int rc = open_store(c, !set, &s);
    if (rc)
        return rc;
    if (set)
        rc = notify_config_set(s, &cfg, gisac_now(), &err);
    if (rc == 0)
        rc = notify_config_get(s, &cfg, &err);
    store_close(s);
    if (rc < 0)
        return cli_fail(&err);
    printf("max-attempts\t%d\nbackoff-cap\t%d\n", cfg.max_attempts, cfg.backoff_cap);
    return EXIT_OK;
}

static int notify_test(cli_ctx *c, int argc, char **argv)
{
    const char *event = NULL, *agency = NULL, *subject = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v;
        int m;
        if (cli_is_help(argv[i]))
            return cli_help(notify_usage);
        if ((m = cli_opt(argc, argv, &i, "--agency", &v)) != 0) {
            if (m < 0 || !*v)
                return cli_usage("notify", "--agency needs an id");
            agency = v;
        } else if ((m = cli_opt(argc, argv, &i, "--subject", &v)) != 0) {
            if (m < 0 || !*v)
                return cli_usage("notify", "--subject needs a text");
            subject = v;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage("notify", "unknown option '%s'", argv[i]);
        } else if (!event) {
            event = argv[i];
        } else {
            return cli_usage("notify", "one EVENT only");
        }
    }
    if (!event)
        return cli_usage("notify", "test needs an EVENT (%s)", NOTIFY_EVENTS);
    gisac_buf payload = GISAC_BUF_INIT, subj = GISAC_BUF_INIT;
    int bad = gisac_buf_puts(&payload, "{\"test\":true,\"event\":");
    bad |= gisac_buf_json_str(&payload, event);
    bad |= gisac_buf_puts(&payload, ",\"agency\":");
    bad |= agency ? gisac_buf_json_str(&payload, agency) : gisac_buf_puts(&payload, "null");
    bad |= gisac_buf_putc(&payload, '}');
    if (!subject)
        bad |= gisac_buf_printf(&subj, "gisac test notification: %s", event);
    store *s;
    int rc = bad ? cli_usage("notify", "out of memory") : open_store(c, 1, &s);
    if (rc == 0) {
        gisac_err err = GISAC_ERR_INIT;
        int n = notify_enqueue(s, event, agency, subject ? subject : subj.data, payload.data,
                               gisac_now(), &err);
        store_close(s);
        if (n < 0) {
            rc = cli_fail(&err);
        } else {
            printf("queued %d deliver%s of %s\n", n, n == 1 ? "y" : "ies", event);
            rc = n ? EXIT_OK : EXIT_NOTFOUND;
        }
    }
    gisac_buf_free(&payload);
    gisac_buf_free(&subj);
    return rc;
}

static int notify_deliver(cli_ctx *c, int argc, char **argv)
{
    int rc = no_args(argc, argv);
    if (rc)
        return rc - 1;
    store *s;
    if ((rc = open_store(c, 1, &s)))
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    notify_pass p;
    rc = notify_deliver_due(s, gisac_now(), NULL, &p, &err);
    store_close(s);
    if (rc < 0)
        return cli_fail(&err);
    if (!p.due) {
        printf("nothing due\n");
        return EXIT_NOTFOUND;
    }
    printf("%zu due: %zu sent, %zu to retry, %zu failed\n", p.due, p.sent, p.retrying, p.failed);
    return EXIT_OK;
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

static int queue_one(void *ctx, const store_notify_delivery *d)
{
    *(int *)ctx = 1;
    printf("%lld\t%s\t%lld\t", (long long)d->id, d->status, (long long)d->attempts);
    put_time(strcmp(d->status, "pending") == 0 ? d->next_at : 0);
    printf("\t%s\t%s\t%s\t%s\n", d->event, d->kind, d->target, d->subject);
    return 0;
}

static int notify_queue_cmd(cli_ctx *c, int argc, char **argv)
{
    const char *status = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v;
        int m;
        if (cli_is_help(argv[i]))
            return cli_help(notify_usage);
        if ((m = cli_opt(argc, argv, &i, "--status", &v)) != 0) {
            if (m < 0 || (strcmp(v, "pending") && strcmp(v, "sent") && strcmp(v, "failed") &&
                          strcmp(v, "cancelled")))
                return cli_usage("notify", "--status: pending, sent, failed or cancelled");
            status = v;
        } else {
            return cli_usage("notify", "unexpected argument '%s'", argv[i]);
        }
    }
    store *s;
    int rc = open_store(c, 1, &s);
    if (rc)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    int any = 0;
    rc = notify_queue(s, status, queue_one, &any, &err);
    store_close(s);
    if (rc < 0)
        return cli_fail(&err);
    return any ? EXIT_OK : EXIT_NOTFOUND;
}

static int log_one(void *ctx, const store_notify_attempt *a)
{
    *(int *)ctx = 1;
    put_time(a->at);
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

static int notify_log_cmd(cli_ctx *c, int argc, char **argv)
{
    int failed = 0;
    for (int i = 0; i < argc; i++) {
        if (cli_is_help(argv[i]))
            return cli_help(notify_usage);
        if (strcmp(argv[i], "--failed") == 0)
            failed = 1;
        else
            return cli_usage("notify", "unexpected argument '%s'", argv[i]);
    }
    store *s;
    int rc = open_store(c, 1, &s);
    if (rc)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    int any = 0;
    rc = notify_log(s, failed, log_one, &any, &err);
    store_close(s);
    if (rc < 0)
        return cli_fail(&err);
    return any ? EXIT_OK : EXIT_NOTFOUND;
}

int cmd_notify(cli_ctx *c, int argc, char **argv)
{
    if (argc < 1) {
        fputs(notify_usage, stderr);
        return EXIT_FAIL;
    }
    const char *sub = argv[0];
    argc--;
    argv++;
    if (cli_is_help(sub))
        return cli_help(notify_usage);
    if (strcmp(sub, "add") == 0)
        return notify_add(c, argc, argv);
    if (strcmp(sub, "list") == 0)
        return notify_list(c, argc, argv);
    if (strcmp(sub, "remove") == 0)
        return notify_remove(c, argc, argv);
    if (strcmp(sub, "smtp") == 0)
        return notify_smtp_cmd(c, argc, argv);
    if (strcmp(sub, "config") == 0)
        return notify_config_cmd(c, argc, argv);
    if (strcmp(sub, "test") == 0)
        return notify_test(c, argc, argv);
    if (strcmp(sub, "deliver") == 0)
        return notify_deliver(c, argc, argv);
    if (strcmp(sub, "queue") == 0)
        return notify_queue_cmd(c, argc, argv);
    if (strcmp(sub, "log") == 0)
        return notify_log_cmd(c, argc, argv);
    return cli_usage("notify", "unknown notify command '%s'", sub);
}

const cli_cmd cli_notify_cmd = {.name = "notify",
                                .synopsis = "add|list|remove|smtp|config|test|deliver|queue|log",
                                .summary = "notifications to webhooks and e-mail",
                                .raw = cmd_notify};
