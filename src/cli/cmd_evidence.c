/* cmd_evidence.c: gisac evidence add|list|show|transfer|verify (docs/evidence.md) */
#include "cli/cli.h"

#include <string.h>

static const char usage[] =
    "usage: gisac evidence COMMAND [ARGS...]\n"
    "\n"
    "Evidence files of incidents (ISO/IEC 27037): stored by SHA-256 beside\n"
    "the database ('<database>.evidence/'), read-only, with who acquired\n"
    "them, when, and every change of hands (docs/evidence.md).\n"
    "\n"
    "commands:\n"
    "  add INCIDENT FILE [--note N] [--acquired-by NAME] [--acquired-at TIME]\n"
    "            [--json]\n"
    "                 store FILE as evidence of INCIDENT\n"
    "  list INCIDENT [--json]\n"
    "                 its evidence, tab-separated:\n"
    "                 N KIND SHA256 SIZE CUSTODIAN NAME\n"
    "  show INCIDENT N [--json]\n"
    "                 one piece of evidence and its chain of custody\n"
    "  transfer INCIDENT N --to NAME --reason R [--from NAME] [--at TIME]\n"
    "                 hand it over: --from, when given, must be its custodian\n"
    "  verify [INCIDENT]\n"
    "                 re-hash every stored file (of INCIDENT, or all) and name\n"
    "                 every mismatch and missing file\n"
    "\n"
    "  --acquired-by NAME  who acquired it (default: the local user, cli:NAME)\n"
    "  --acquired-at TIME  when (default: now)\n"
    "\n"
    "Exit status: 0 done (verify: every file intact), 1 no such incident or\n"
    "evidence, 2 error (verify: a file changed or missing).\n";

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

static void put_ev_json(const incident_evidence *ev)
{
    gisac_buf b = GISAC_BUF_INIT;
    incident_evidence_to_json(ev, &b);
    gisac_buf_putc(&b, '\n');
    fwrite(b.data, 1, b.len, stdout);
    gisac_buf_free(&b);
}

/* Positional arguments and the options in slots. */
typedef struct args {
    const char *pos[3];
    int npos;
    int json;
} args;

static int parse(int argc, char **argv, int maxpos, const char *const *names, const char **vals,
                 size_t nopts, args *a, int *rc)
{
    memset(a, 0, sizeof *a);
    for (int i = 0; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            *rc = cli_help(usage);
            return -1;
        }
        int matched = 0;
        for (size_t k = 0; k < nopts && !matched; k++) {
            const char *v;
            int m = cli_opt(argc, argv, &i, names[k], &v);
            if (m < 0) {
                *rc = cli_usage("evidence", "%s needs a value", names[k]);
                return -1;
            }
            if (m > 0) {
                vals[k] = v;
                matched = 1;
            }
        }
        if (matched)
            continue;
        if (strcmp(argv[i], "--json") == 0) {
            a->json = 1;
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            *rc = cli_usage("evidence", "unknown option '%s'", argv[i]);
            return -1;
        } else if (a->npos >= maxpos) {
            *rc = cli_usage("evidence", "unexpected argument '%s'", argv[i]);
            return -1;
        } else {
            a->pos[a->npos++] = argv[i];
        }
    }
    return 0;
}

static int parse_n(const char *s, int *n)
{
    long v;
    if (cli_int(s, 1, 1000000000, &v) < 0) {
        cli_usage("evidence", "evidence number '%s': give 1, 2, ...", s);
        return -1;
    }
    *n = (int)v;
    return 0;
}

static int ev_add(cli_ctx *c, int argc, char **argv)
{
    const char *names[] = {"--note", "--acquired-by", "--acquired-at"};
    const char *vals[3] = {NULL, NULL, NULL};
    args a;
    int rc;
    if (parse(argc, argv, 2, names, vals, 3, &a, &rc) < 0)
        return rc;
    if (a.npos != 2)
        return cli_usage("evidence", "give INCIDENT and FILE");
    incident_evidence_input in = {a.pos[1], vals[0], vals[1], 0};
    if (vals[2] && cli_time_opt("evidence", "--acquired-at", vals[2], &in.acquired_at) < 0)
        return EXIT_FAIL;
    incident_svc *svc;
    auth_principal who;
    if ((rc = cli_incident_open(c, CLI_INCIDENT_CHECK, &svc, &who)) != 0)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    incident_evidence ev;
    rc = incident_evidence_add(svc, &who, a.pos[0], &in, gisac_now(), &ev, &err);
    incident_svc_free(svc);
    if (rc < 0)
        return fail(rc, &err);
    if (a.json)
        put_ev_json(&ev);
    else
        printf("added evidence %d to %s: sha256 %s, %lld bytes\n", ev.n, ev.incident, ev.sha256,
               (long long)ev.size);
    return EXIT_OK;
}

static int list_cb(void *ctx, const incident_evidence *ev)
{
    int json = *(int *)ctx;
    if (json) {
        put_ev_json(ev);
        return 0;
    }
    printf("%d\t%s\t%s\t%lld\t%s\t%s\n", ev->n, ev->kind, ev->sha256, (long long)ev->size,
           ev->custodian, ev->name[0] ? ev->name : "-");
    return 0;
}

static int ev_list(cli_ctx *c, int argc, char **argv)
{
    args a;
    int rc;
    if (parse(argc, argv, 1, NULL, NULL, 0, &a, &rc) < 0)
        return rc;
    if (a.npos != 1)
        return cli_usage("evidence", "give INCIDENT");
    incident_svc *svc;
    auth_principal who;
    if ((rc = cli_incident_open(c, CLI_INCIDENT_CHECK, &svc, &who)) != 0)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    rc = incident_evidence_list(svc, &who, a.pos[0], list_cb, &a.json, &err);
    incident_svc_free(svc);
    return rc < 0 ? fail(rc, &err) : EXIT_OK;
}

typedef struct custody_out {
    int json;
    int n;
    gisac_buf *b;
} custody_out;

static int custody_cb(void *ctx, const incident_custody *cu)
{
    custody_out *o = ctx;
    if (o->json) {
        gisac_buf_puts(o->b, o->n++ ? "," : "");
        incident_custody_to_json(cu, o->b);
        return 0;
    }
    fputs("  ", stdout);
    put_time(cu->ts);
    printf("  %s -> %s: %s (recorded by %s)\n", cu->from ? cu->from : "-", cu->to, cu->reason,
           cu->actor);
    return 0;
}

static int ev_show(cli_ctx *c, int argc, char **argv)
{
    args a;
    int rc, n;
    if (parse(argc, argv, 2, NULL, NULL, 0, &a, &rc) < 0)
        return rc;
    if (a.npos != 2)
        return cli_usage("evidence", "give INCIDENT and N");
    if (parse_n(a.pos[1], &n) < 0)
        return EXIT_FAIL;
    incident_svc *svc;
    auth_principal who;
    if ((rc = cli_incident_open(c, CLI_INCIDENT_CHECK, &svc, &who)) != 0)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    incident_evidence ev;
    rc = incident_evidence_get(svc, &who, a.pos[0], n, &ev, &err);
    gisac_buf b = GISAC_BUF_INIT;
    custody_out o = {a.json, 0, &b};
    if (rc == 0) {
        if (a.json) {
            /* the evidence object with a "custody" array appended */
            incident_evidence_to_json(&ev, &b);
            b.len--;
            gisac_buf_puts(&b, ",\"custody\":[");
        } else {
            printf("evidence     %s/%d\n", ev.incident, ev.n);
            printf("kind         %s\n", ev.kind);
            printf("name         %s\n", ev.name[0] ? ev.name : "-");
            printf("sha256       %s\n", ev.sha256);
            printf("size         %lld\n", (long long)ev.size);
            printf("note         %s\n", ev.note[0] ? ev.note : "-");
            printf("acquired by  %s\n", ev.acquired_by);
            fputs("acquired at  ", stdout);
            put_time(ev.acquired_at);
            printf("\ncustodian    %s\n", ev.custodian);
            fputs("chain of custody\n", stdout);
        }
        rc = incident_custody_list(svc, &who, a.pos[0], n, custody_cb, &o, &err);
    }
    incident_svc_free(svc);
    if (rc == 0 && a.json) {
        gisac_buf_puts(&b, "]}\n");
        fwrite(b.data, 1, b.len, stdout);
    }
    gisac_buf_free(&b);
    return rc < 0 ? fail(rc, &err) : EXIT_OK;
}

static int ev_transfer(cli_ctx *c, int argc, char **argv)
{
    const char *names[] = {"--to", "--reason", "--from", "--at"};
    const char *vals[4] = {NULL, NULL, NULL, NULL};
    args a;
    int rc, n;
    if (parse(argc, argv, 2, names, vals, 4, &a, &rc) < 0)
        return rc;
    if (a.npos != 2)
        return cli_usage("evidence", "give INCIDENT and N");
    if (parse_n(a.pos[1], &n) < 0)
        return EXIT_FAIL;
    if (!vals[0])
        return cli_usage("evidence", "--to is required");
    if (!vals[1])
        return cli_usage("evidence", "--reason is required");
    int64_t at = 0;
    if (vals[3] && cli_time_opt("evidence", "--at", vals[3], &at) < 0)
        return EXIT_FAIL;
    incident_svc *svc;
    auth_principal who;
    if ((rc = cli_incident_open(c, CLI_INCIDENT_CHECK, &svc, &who)) != 0)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    incident_evidence ev;
    rc = incident_evidence_transfer(svc, &who, a.pos[0], n, vals[2], vals[0], vals[1], at,
                                    gisac_now(), &ev, &err);
    incident_svc_free(svc);
    if (rc < 0)
        return fail(rc, &err);
    if (a.json)
        put_ev_json(&ev);
    else
        printf("evidence %d of %s is now held by %s\n", ev.n, ev.incident, ev.custodian);
    return EXIT_OK;
}

static int verify_cb(void *ctx, const incident_verify_result *r)
{
    (void)ctx;
    const incident_evidence *ev = r->ev;
    switch (r->status) {
    case INCIDENT_VERIFY_OK:
        printf("%s/%d\tok\t%s\n", ev->incident, ev->n, ev->sha256);
        break;
    case INCIDENT_VERIFY_MISMATCH:
        printf("%s/%d\tMISMATCH\t%s\tfound %s, %lld bytes (stored %lld)\n", ev->incident, ev->n,
               ev->sha256, r->actual, (long long)r->actual_size, (long long)ev->size);
        break;
    case INCIDENT_VERIFY_MISSING:
        printf("%s/%d\tMISSING\t%s\t%s\n", ev->incident, ev->n, ev->sha256, r->path);
        break;
    case INCIDENT_VERIFY_UNREADABLE:
        printf("%s/%d\tUNREADABLE\t%s\t%s\n", ev->incident, ev->n, ev->sha256, r->path);
        break;
    }
    return 0;
}

static int ev_verify(cli_ctx *c, int argc, char **argv)
{
    args a;
    int rc;
    if (parse(argc, argv, 1, NULL, NULL, 0, &a, &rc) < 0)
        return rc;
    if (a.json)
        return cli_usage("evidence", "verify has no --json");
    incident_svc *svc;
    auth_principal who;
    if ((rc = cli_incident_open(c, CLI_INCIDENT_CHECK, &svc, &who)) != 0)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    size_t checked = 0, bad = 0;
    rc = incident_evidence_verify(svc, &who, a.npos ? a.pos[0] : NULL, gisac_now(), verify_cb, NULL,
                                  &checked, &bad, &err);
    incident_svc_free(svc);
    if (rc < 0)
        return fail(rc, &err);
    fflush(stdout);
    if (bad) {
        cli_error("%zu of %zu evidence files failed verification", bad, checked);
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

int cmd_evidence(cli_ctx *c, int argc, char **argv)
{
    if (argc < 1) {
        fputs(usage, stderr);
        return EXIT_FAIL;
    }
    if (cli_is_help(argv[0]))
        return cli_help(usage);
    if (strcmp(argv[0], "add") == 0)
        return ev_add(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "list") == 0)
        return ev_list(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "show") == 0)
        return ev_show(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "transfer") == 0)
        return ev_transfer(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "verify") == 0)
        return ev_verify(c, argc - 1, argv + 1);
    return cli_usage("evidence", "unknown evidence command '%s'", argv[0]);
}

const cli_cmd cli_evidence_cmd = {.name = "evidence",
                                  .synopsis = "add|list|show|transfer|verify",
                                  .summary = "evidence files with SHA-256 and chain of custody",
                                  .raw = cmd_evidence};
