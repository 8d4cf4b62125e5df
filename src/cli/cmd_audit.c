/* cmd_audit.c: gisac audit verify|head|list|checkpoint: the hash-chained audit log */
#include "cli/cli.h"

#include <string.h>

typedef struct audit_opts {
    const char *head;
    const char *checkpoint;
    const char *actor, *action, *object, *since, *until;
    int json;
} audit_opts;

#define O(f) offsetof(audit_opts, f)
static const cli_opt_def verify_opts[] = {
    {"--head", CLI_STR, O(head), "SEQ:HASH",
     "also check that the noted entry is still there\n(this catches a cut-off tail)",
     .bad = "--head needs SEQ:HASH"},
    {"--checkpoint", CLI_STR, O(checkpoint), "FILE",
     "also check against a checkpoint kept elsewhere\n(as 'audit checkpoint --json' prints it, or "
     "the\nwebhook body of the notification audit.checkpoint;\n- reads stdin)",
     .bad = "--checkpoint needs a file"},
    {0},
};
static const cli_opt_def checkpoint_opts[] = {
    {"--json", CLI_FLAG, O(json), NULL, "print the checkpoint as JSON, to keep elsewhere", .lo = 0},
    {0},
};
static const cli_opt_def list_opts[] = {
    {"--actor", CLI_STR, O(actor), "A",
     "exactly this actor (\"cli:alice\", \"user:bob\", \"system\")", .bad = "--actor needs a name"},
    {"--action", CLI_STR, O(action), "A",
     "exactly this action (\"user.add\"); ending in '.',\n"
     "every action starting with it (\"user.\")",
     .bad = "--action needs an action"},
    {"--object", CLI_STR, O(object), "TEXT", "entries whose object contains TEXT",
     .bad = "--object needs a text"},
    {"--since", CLI_STR, O(since), "T", "at or after T (ISO 8601, or a date)",
     .bad = "--since needs a time", .flags = CLI_EMPTY_OK},
    {"--until", CLI_STR, O(until), "T", "before T", .bad = "--until needs a time",
     .flags = CLI_EMPTY_OK},
    {"--json", CLI_FLAG, O(json), NULL, "one JSON object a line", .lo = 0},
    {0},
};
#undef O

static int verify_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    const audit_opts *o = opts;
    gisac_err err = GISAC_ERR_INIT;
    audit_head expect;
    if (o->head && audit_head_parse(o->head, &expect, &err) < 0)
        return cli_usage("audit", "--head: %s", err.msg);
    /* these commands only read: the installation must exist */
    audit_checkpoint outside;
    if (o->checkpoint) {
        gisac_buf b = GISAC_BUF_INIT;
        int rc = gisac_read_file(o->checkpoint, &b, &err);
        if (rc == 0)
            rc = audit_checkpoint_parse(b.data ? b.data : "", b.len, &outside, &err);
        gisac_buf_free(&b);
        if (rc < 0)
            return cli_usage("audit", "--checkpoint %s: %s", o->checkpoint, err.msg);
    }
    cli_op op;
    audit_report rep;
    audit_anchor anc;
    int rc = cli_open(c, 0, &op);
    if (rc == 0)
        rc = cli_close(&op, app_audit_verify(op.a, &op.who, o->head ? &expect : NULL,
                                             o->checkpoint ? &outside : NULL, &rep, &anc, &op.err));
    if (rc)
        return rc;
    printf("audit log intact: %lld entr%s, head %lld %s\n", (long long)rep.entries,
           rep.entries == 1 ? "y" : "ies", (long long)rep.head.seq, rep.head.hash);
    if (anc.checkpoints > 0) {
        char ts[GISAC_TIME_LEN];
        cli_time_text(anc.latest.ts, ts);
        printf("checkpoints: %lld checked%s, signed and matching; the newest covers entry %lld "
               "(%s)",
               (long long)anc.checkpoints, anc.outside ? " (1 from outside)" : "",
               (long long)anc.latest.seq, ts);
        if (anc.after > 0)
            printf("; %lld entr%s after it covered by none yet\n", (long long)anc.after,
                   anc.after == 1 ? "y" : "ies");
        else
            printf("; no entry after it\n");
    }
    return EXIT_OK;
}

static int checkpoint_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    const audit_opts *o = opts;
    cli_op op;
    audit_checkpoint cp;
    int rc = cli_open(c, 0, &op);
    if (rc == 0)
        rc = cli_close(&op, app_audit_checkpoint(op.a, &op.who, 0, &cp, NULL, &op.err));
    if (rc)
        return rc;
    if (o->json) {
        gisac_buf b = GISAC_BUF_INIT;
        rc = cli_put_json(&b, audit_checkpoint_to_json(&cp, &b));
        gisac_buf_free(&b);
        return rc < 0 ? EXIT_FAIL : EXIT_OK;
    }
    char ts[GISAC_TIME_LEN];
    cli_time_text(cp.ts, ts);
    printf("audit checkpoint: entry %lld %s, %s, key %s\n", (long long)cp.seq, cp.hash, ts, cp.key);
    return EXIT_OK;
}

static int head_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)opts;
    (void)argc;
    (void)argv;
    cli_op op;
    audit_head h;
    int rc = cli_open(c, 0, &op);
    if (rc == 0)
        rc = cli_close(&op, app_audit_head(op.a, &op.who, &h, &op.err));
    if (rc == 0)
        printf("%lld:%s\n", (long long)h.seq, h.hash);
    return rc;
}

/* A field on one line: tabs and line ends as spaces; "-" when empty. */
static void put_field(const char *s)
{
    if (!s || !*s) {
        fputs("-", stdout);
        return;
    }
    for (; *s; s++)
        putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static int list_one(void *ctx, const store_audit_entry *e)
{
    cli_rows *o = ctx;
    if (o->json)
        return cli_row_json(o, audit_entry_to_json(e, &o->b));
    char ts[GISAC_TIME_LEN];
    cli_time_text(e->ts, ts);
    printf("%lld\t%s\t", (long long)e->seq, ts);
    put_field(e->actor);
    putchar('\t');
    put_field(e->action);
    putchar('\t');
    put_field(e->object);
    putchar('\t');
    put_field(e->detail);
    putchar('\n');
    return 0;
}

static int time_opt(cli_ctx *c, const char *name, const char *v, int64_t *out)
{
    if (v && gisac_time_parse_in(v, strlen(v), cli_zone(c), out) < 0)
        return cli_usage("audit",
                         "%s: '%s' is not a time (use ISO 8601, e.g. 2026-11-24 or "
                         "2026-11-24T08:00:00Z)",
                         name, v);
    return 0;
}

static int list_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    const audit_opts *o = opts;
    audit_filter f = AUDIT_FILTER_ALL;
    f.actor = o->actor;
    f.action = o->action;
    f.object = o->object;
    if (time_opt(c, "--since", o->since, &f.since) || time_opt(c, "--until", o->until, &f.until))
        return EXIT_FAIL;
    if (o->since && o->until && f.until <= f.since)
        return cli_usage("audit", "--until must be later than --since");
    cli_op op;
    cli_rows out = {o->json, 0, 0, GISAC_BUF_INIT};
    size_t n = 0;
    int rc = cli_open(c, 0, &op);
    if (rc == 0)
        rc = cli_close(&op, app_audit_list(op.a, &op.who, &f, list_one, &out, &n, &op.err));
    gisac_buf_free(&out.b);
    return rc ? rc : n ? EXIT_OK : EXIT_NOTFOUND;
}

const cli_cmd cli_audit_cmds[] = {
    {.name = "verify", .opts = verify_opts, .run = verify_run},
    {.name = "head", .run = head_run},
    {.name = "list", .opts = list_opts, .run = list_run},
    {.name = "checkpoint", .opts = checkpoint_opts, .run = checkpoint_run},
    {.opts_size = sizeof(audit_opts)},
};
