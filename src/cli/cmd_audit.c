/* cmd_audit.c: gisac audit verify|head|list: the hash-chained audit log */
#include "cli/cli.h"

#include "audit/audit.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char audit_usage[] =
    "usage: gisac audit COMMAND [ARGS...]\n"
    "\n"
    "The audit log: every write to the database, by whom and when, in an\n"
    "append-only chain where each entry holds the SHA-256 of the one before.\n"
    "\n"
    "commands:\n"
    "  verify [--head SEQ:HASH]\n"
    "                 check the whole chain: every hash, every link, and seq\n"
    "                 running 1, 2, 3, ...; with --head, also that the noted\n"
    "                 entry is still there (this catches a cut-off tail)\n"
    "  head           print the last entry as SEQ:HASH, to note elsewhere\n"
    "  list [--actor A] [--action A] [--object TEXT] [--since T] [--until T]\n"
    "       [--json]  entries, oldest first, tab-separated:\n"
    "                 SEQ TIME ACTOR ACTION OBJECT DETAIL\n"
    "\n"
    "  --actor A     exactly this actor (\"cli:alice\", \"user:bob\", \"system\")\n"
    "  --action A    exactly this action (\"user.add\"); ending in '.', every\n"
    "                action starting with it (\"user.\")\n"
    "  --object TEXT entries whose object contains TEXT\n"
    "  --since T     at or after T (ISO 8601, or a date)\n"
    "  --until T     before T\n"
    "  --json        one JSON object a line\n"
    "\n"
    "Exit status: verify: 0 intact, 2 broken (the first bad entry is named)\n"
    "or error; head: 0; list: 0 entries listed, 1 none matched, 2 error.\n";

/* The audit commands only read: open the store as it is (no seeding, no stray database). */
static int open_store(cli_ctx *c, store **out)
{
    if (access(c->db_path, F_OK) < 0) {
        cli_error("%s: no such database (give --db PATH)", c->db_path);
        return EXIT_FAIL;
    }
    gisac_err err = GISAC_ERR_INIT;
    if (store_open(c->db_path, out, &err) < 0)
        return cli_fail(&err);
    return 0;
}

static int audit_verify_cmd(cli_ctx *c, int argc, char **argv)
{
    const char *head = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v;
        int m;
        if (cli_is_help(argv[i]))
            return cli_help(audit_usage);
        if ((m = cli_opt(argc, argv, &i, "--head", &v)) != 0) {
            if (m < 0)
                return cli_usage("audit", "--head needs SEQ:HASH");
            head = v;
        } else {
            return cli_usage("audit", "unknown argument '%s'", argv[i]);
        }
    }
    gisac_err err = GISAC_ERR_INIT;
    audit_head expect;
    if (head && audit_head_parse(head, &expect, &err) < 0)
        return cli_usage("audit", "--head: %s", err.msg);
    store *s;
    int rc = open_store(c, &s);
    if (rc)
        return rc;
    audit_report rep;
    rc = audit_verify(s, head ? &expect : NULL, &rep, &err);
    store_close(s);
    if (rc < 0)
        return cli_fail(&err);
    printf("audit log intact: %lld entr%s, head %lld %s\n", (long long)rep.entries,
           rep.entries == 1 ? "y" : "ies", (long long)rep.head.seq, rep.head.hash);
    return EXIT_OK;
}

static int audit_head_cmd(cli_ctx *c, int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (cli_is_help(argv[i]))
            return cli_help(audit_usage);
        return cli_usage("audit", "unknown argument '%s'", argv[i]);
    }
    store *s;
    int rc = open_store(c, &s);
    if (rc)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    audit_head h;
    rc = audit_head_get(s, &h, &err);
    store_close(s);
    if (rc < 0)
        return cli_fail(&err);
    printf("%lld:%s\n", (long long)h.seq, h.hash);
    return EXIT_OK;
}

typedef struct list_out {
    int json;
    gisac_buf b;
} list_out;

static void put_field(const char *s)
{
    if (!s || !*s) {
        fputs("-", stdout);
        return;
    }
    /* keep one entry on one line */
    for (; *s; s++)
        putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static int list_one(void *ctx, const store_audit_entry *e)
{
    list_out *o = ctx;
    char ts[GISAC_TIME_LEN];
    gisac_time_format(e->ts, ts);
    if (!o->json) {
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
    gisac_buf *b = &o->b;
    gisac_buf_reset(b);
    gisac_buf_printf(b, "{\"seq\":%lld,\"ts\":\"%s\",\"actor\":", (long long)e->seq, ts);
    gisac_buf_json_str(b, e->actor ? e->actor : "");
    gisac_buf_puts(b, ",\"action\":");
    gisac_buf_json_str(b, e->action ? e->action : "");
    gisac_buf_puts(b, ",\"object\":");
    if (e->object)
        gisac_buf_json_str(b, e->object);
    else
        gisac_buf_puts(b, "null");
    gisac_buf_puts(b, ",\"detail\":");
    /* the detail is JSON written by gisac; anything else (a damaged row) as a string */
    if (!e->detail)
        gisac_buf_puts(b, "null");
    else if (jsonx_walk(e->detail, strlen(e->detail), NULL, NULL, NULL, NULL) == 0)
        gisac_buf_puts(b, e->detail);
    else
        gisac_buf_json_str(b, e->detail);
    gisac_buf_puts(b, ",\"hash\":");
    gisac_buf_json_str(b, e->hash ? e->hash : "");
    gisac_buf_puts(b, "}\n");
    if (b->data)
        fwrite(b->data, 1, b->len, stdout);
    return 0;
}

static int time_opt(const char *name, const char *v, int64_t *out)
{
    if (gisac_time_parse(v, strlen(v), out) < 0)
        return cli_usage("audit",
                         "%s: '%s' is not a time (use ISO 8601, e.g. 2026-11-24 or "
                         "2026-11-24T08:00:00Z)",
                         name, v);
    return 0;
}

static int audit_list_cmd(cli_ctx *c, int argc, char **argv)
{
    audit_filter f = AUDIT_FILTER_ALL;
    list_out o = {0, GISAC_BUF_INIT};
    int have_since = 0, have_until = 0;
    for (int i = 0; i < argc; i++) {
        const char *v;
        int m;
        if (cli_is_help(argv[i]))
            return cli_help(audit_usage);
        if (strcmp(argv[i], "--json") == 0) {
            o.json = 1;
        } else if ((m = cli_opt(argc, argv, &i, "--actor", &v)) != 0) {
            if (m < 0 || !*v)
                return cli_usage("audit", "--actor needs a name");
            f.actor = v;
        } else if ((m = cli_opt(argc, argv, &i, "--action", &v)) != 0) {
            if (m < 0 || !*v)
                return cli_usage("audit", "--action needs an action");
            f.action = v;
        } else if ((m = cli_opt(argc, argv, &i, "--object", &v)) != 0) {
            if (m < 0 || !*v)
                return cli_usage("audit", "--object needs a text");
            f.object = v;
        } else if ((m = cli_opt(argc, argv, &i, "--since", &v)) != 0) {
            if (m < 0)
                return cli_usage("audit", "--since needs a time");
            if (time_opt("--since", v, &f.since))
                return EXIT_FAIL;
            have_since = 1;
        } else if ((m = cli_opt(argc, argv, &i, "--until", &v)) != 0) {
            if (m < 0)
                return cli_usage("audit", "--until needs a time");
            if (time_opt("--until", v, &f.until))
                return EXIT_FAIL;
            have_until = 1;
        } else {
            return cli_usage("audit", "unknown argument '%s'", argv[i]);
        }
    }
    if (have_since && have_until && f.until <= f.since)
        return cli_usage("audit", "--until must be later than --since");
    store *s;
    int rc = open_store(c, &s);
    if (rc)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    size_t n = 0;
    rc = audit_list(s, &f, list_one, &o, &n, &err);
    store_close(s);
    gisac_buf_free(&o.b);
    if (rc < 0)
        return cli_fail(&err);
    return n ? EXIT_OK : EXIT_NOTFOUND;
}

int cmd_audit(cli_ctx *c, int argc, char **argv)
{
    if (argc < 1) {
        fputs(audit_usage, stderr);
        return EXIT_FAIL;
    }
    const char *sub = argv[0];
    if (cli_is_help(sub))
        return cli_help(audit_usage);
    if (strcmp(sub, "verify") == 0)
        return audit_verify_cmd(c, argc - 1, argv + 1);
    if (strcmp(sub, "head") == 0)
        return audit_head_cmd(c, argc - 1, argv + 1);
    if (strcmp(sub, "list") == 0)
        return audit_list_cmd(c, argc - 1, argv + 1);
    return cli_usage("audit", "unknown audit command '%s'", sub);
}

const cli_cmd cli_audit_cmd = {.name = "audit",
                               .synopsis = "verify|head|list",
                               .summary = "the hash-chained audit log of every write",
                               .raw = cmd_audit};
