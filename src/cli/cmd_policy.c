/* cmd_policy.c: gisac policy show|check|set (docs/policy.md) */
#include "cli/cli.h"
#include "report/report.h"

#include <string.h>
#include <sys/stat.h>

static const char usage[] =
    "usage: gisac policy COMMAND [ARGS...]\n"
    "\n"
    "The incident policy: the level matrix and the deadlines (DESIGN.md,\n"
    "\"Incident rules\" are the built-in defaults, version 1). A policy file is\n"
    "a JSON object that overrides any part of them (docs/policy.md).\n"
    "\n"
    "commands:\n"
    "  show [--version N] [--json]\n"
    "                 the active policy (or version N); --json prints it in\n"
    "                 the policy file format\n"
    "  check FILE     validate a policy file; errors name the JSON path\n"
    "  set FILE       install a policy file as the next version (each new\n"
    "                 incident records the version that graded it)\n"
    "\n"
    "FILE '-' is stdin.\n"
    "\n"
    "Exit status: 0 done, 1 no such version, 2 error (an invalid file).\n";

static void put_time(int64_t t)
{
    char ts[GISAC_TIME_LEN];
    gisac_time_format(t, ts);
    fputs(ts, stdout);
}

static void put_dur(policy_duration d)
{
    char s[POLICY_DURATION_LEN];
    policy_duration_format(d, s);
    printf("%-9s", s);
}

static void put_text(const policy *p, const incident_policy_info *info)
{
    if (info->stored) {
        printf("policy version %d, installed ", info->version);
        put_time(info->created);
        if (strcmp(info->source, "builtin") == 0)
            printf(" by %s: the built-in defaults\n", info->actor);
        else
            printf(" by %s from %s\n", info->actor, info->source);
    } else {
        printf("policy version %d (the built-in defaults, not stored yet)\n", info->version);
    }
    printf("sha256 %s\n", info->sha256);
    if (p->description)
        printf("description: %s\n", p->description);
    fputs("\nlevels: an incident's level is the highest of its impacts (- does not apply)\n",
          stdout);
    fputs("  asset            minor  serious  within-mtd  beyond-mtd\n", stdout);
    for (int a = 1; a < POLICY_ASSET_COUNT; a++) {
        printf("  %-16s", policy_asset_name((policy_asset)a));
        const int width[POLICY_COL_COUNT] = {7, 9, 12, 0};
        for (int k = 0; k < POLICY_COL_COUNT; k++) {
            char cell[8] = "-";
            if (p->level[a][k])
                snprintf(cell, sizeof cell, "%d", p->level[a][k]);
            if (width[k])
                printf(" %-*s", width[k] - 1, cell);
            else
                printf(" %s", cell);
        }
        fputc('\n', stdout);
    }
    printf("major incidents: level %d and above\n", p->major_level);
    fputs("\ndeadlines          level 1  level 2  level 3  level 4  counted from\n", stdout);
    struct {
        const char *name, *from;
        const policy_duration *d;
        int per_level;
    } rows[] = {
        {"report", "awareness", &p->report, 0},
        {"report (again)", "a level change", &p->report_level_change, 0},
        {"review", "the report", p->review, 1},
        {"recover", "awareness", p->recover, 1},
        {"investigation", "recovery", p->investigation, 1},
    };
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        printf("  %-17s", rows[r].name);
        for (int lv = 1; lv <= POLICY_LEVEL_MAX; lv++)
            put_dur(rows[r].per_level ? rows[r].d[lv] : *rows[r].d);
        printf("%s\n", rows[r].from);
    }
    fputs("\nat risk (warned this long before):", stdout);
    for (int k = 0; k < POLICY_DL_COUNT; k++) {
        char s[POLICY_DURATION_LEN];
        policy_duration_format(p->at_risk[k], s);
        printf("%s %s %s", k ? "," : "", policy_deadline_name((policy_deadline)k),
               policy_duration_is_zero(p->at_risk[k]) ? "never" : s);
    }
    fputc('\n', stdout);
    if (p->alert_light)
        printf("alert_light: %s\n", p->alert_light);
    if (p->auto_report)
        printf("auto_report: %s\n", p->auto_report);
}

static int policy_show(cli_ctx *c, int argc, char **argv)
{
    int json = 0;
    long version = 0;
    for (int i = 0; i < argc; i++) {
        const char *v;
        int m;
        if (cli_is_help(argv[i]))
            return cli_help(usage);
        if ((m = cli_opt(argc, argv, &i, "--version", &v)) != 0) {
            if (m < 0 || cli_int(v, 1, 1000000000, &version) < 0)
                return cli_usage("policy", "--version needs a version number (1, 2, ...)");
        } else if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else {
            return cli_usage("policy", "unknown argument '%s'", argv[i]);
        }
    }
    policy p;
    incident_policy_info info;
    gisac_err err = GISAC_ERR_INIT;
    struct stat sb;
    int rc;
    if (stat(c->db_path, &sb) < 0 && version <= 1) {
        /* no database yet: the defaults, without creating one */
        incident_policy_builtin(&p, &info);
        rc = 0;
    } else {
        incident_svc *svc;
        auth_principal who;
        if ((rc = cli_incident_open(c, 0, &svc, &who)) != 0)
            return rc;
        rc = incident_policy_get(svc, (int)version, &p, &info, &err);
        incident_svc_free(svc);
        if (rc == GISAC_ENOTFOUND) {
            cli_error("%s", err.msg);
            return EXIT_NOTFOUND;
        }
        if (rc < 0)
            return cli_fail(&err);
    }
    if (json) {
        gisac_buf b = GISAC_BUF_INIT;
        policy_to_json(&p, info.version, &b);
        fwrite(b.data, 1, b.len, stdout);
        gisac_buf_free(&b);
    } else {
        put_text(&p, &info);
    }
    policy_free(&p);
    return EXIT_OK;
}

static int one_file(int argc, char **argv, const char **file, int *rc)
{
    *file = NULL;
    for (int i = 0; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            *rc = cli_help(usage);
            return -1;
        }
        if (argv[i][0] == '-' && argv[i][1] == '-') {
            *rc = cli_usage("policy", "unknown option '%s'", argv[i]);
            return -1;
        }
        if (*file) {
            *rc = cli_usage("policy", "one FILE only");
            return -1;
        }
        *file = argv[i];
    }
    if (!*file) {
        *rc = cli_usage("policy", "no FILE given");
        return -1;
    }
    return 0;
}

/* "alert_light" is the alert light's to check (src/report): 0, or -1 after the message. */
static int alert_light_check(const char *file, const policy *p)
{
    report_light_rules r;
    gisac_err err = GISAC_ERR_INIT;
    if (report_light_rules_parse(p->alert_light, &r, &err) < 0) {
        cli_error("%s: %s", file, err.msg);
        return -1;
    }
    return 0;
}

static int policy_check(cli_ctx *c, int argc, char **argv)
{
    (void)c;
    const char *file;
    int rc;
    if (one_file(argc, argv, &file, &rc) < 0)
        return rc;
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    if (gisac_read_file(file, &b, &err) < 0) {
        gisac_buf_free(&b);
        return cli_fail(&err);
    }
    policy p;
    rc = policy_parse(b.data, b.len, file, &p, &err);
    gisac_buf_free(&b);
    if (rc < 0)
        return cli_fail(&err);
    incident_auto_rules ar; /* "auto_report" is the incident service's to check */
    gisac_err aerr;
    rc = incident_auto_rules_of(&p, &ar, &aerr);
    if (rc == 0)
        rc = alert_light_check(file, &p);
    else
        cli_error("%s: %s", file, aerr.msg);
    policy_free(&p);
    if (rc < 0)
        return EXIT_FAIL;
    printf("%s: a valid policy\n", file);
    return EXIT_OK;
}

static int policy_set(cli_ctx *c, int argc, char **argv)
{
    const char *file;
    int rc;
    if (one_file(argc, argv, &file, &rc) < 0)
        return rc;
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    if (gisac_read_file(file, &b, &err) < 0) {
        gisac_buf_free(&b);
        return cli_fail(&err);
    }
    policy lp; /* the alert light's rules; the service checks everything else */
    if (policy_parse(b.data ? b.data : "", b.len, file, &lp, &err) == 0) {
        rc = alert_light_check(file, &lp);
        policy_free(&lp);
        if (rc < 0) {
            gisac_buf_free(&b);
            return EXIT_FAIL;
        }
    }
    incident_svc *svc;
    auth_principal who;
    if ((rc = cli_incident_open(c, CLI_INCIDENT_CREATE, &svc, &who)) != 0) {
        gisac_buf_free(&b);
        return rc;
    }
    incident_policy_info info;
    int changed = 0;
    rc = incident_policy_set(svc, &who, b.data ? b.data : "", b.len, file, gisac_now(), &info,
                             &changed, &err);
    incident_svc_free(svc);
    gisac_buf_free(&b);
    if (rc < 0)
        return cli_fail(&err);
    if (changed)
        printf("installed policy version %d\n", info.version);
    else
        printf("policy unchanged: version %d says the same\n", info.version);
    return EXIT_OK;
}

int cmd_policy(cli_ctx *c, int argc, char **argv)
{
    if (argc < 1) {
        fputs(usage, stderr);
        return EXIT_FAIL;
    }
    if (cli_is_help(argv[0]))
        return cli_help(usage);
    if (strcmp(argv[0], "show") == 0)
        return policy_show(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "check") == 0)
        return policy_check(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "set") == 0)
        return policy_set(c, argc - 1, argv + 1);
    return cli_usage("policy", "unknown policy command '%s'", argv[0]);
}

const cli_cmd cli_policy_cmd = {.name = "policy",
                                .synopsis = "show|check|set",
                                .summary = "the incident policy: level matrix and deadlines",
                                .raw = cmd_policy};
