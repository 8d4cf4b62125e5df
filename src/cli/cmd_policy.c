/* cmd_policy.c: gisac policy show|check|set (docs/policy.md) */
#include "cli/cli.h"

#include <string.h>

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
        cli_put_time(info->created);
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
    printf("time zone: %s (times without an offset are read in it)\n", p->time_zone);
    if (p->portal_url[0])
        printf("portal: %s (notifications link to it)\n", p->portal_url);
    else
        printf("portal: none (notifications carry no link; set portal_url)\n");
}

/* One member of a section of other services' rules; prints the section's title first. */
static int put_member(void *ctx, const char *section, const char *title, const char *key,
                      const char *value)
{
    const char **last = ctx;
    if (!*last || strcmp(*last, section) != 0) {
        printf("\n%s (%s):\n", title, section);
        *last = section;
    }
    printf("  %-22s %s\n", key, value);
    return 0;
}

typedef struct show_opts {
    long version;
    int json;
} show_opts;

static const cli_opt_def show_defs[] = {
    {"--version", CLI_INT, offsetof(show_opts, version), "N", "that version (1, 2, ...)", 1,
     1000000000, .bad = "--version needs a version number (1, 2, ...)"},
    {"--json", CLI_FLAG, offsetof(show_opts, json), NULL, "print it in the policy file format",
     .flags = 0},
    {0},
};

static int show_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    const show_opts *o = opts;
    policy p;
    incident_policy_info info;
    gisac_err err = GISAC_ERR_INIT;
    app *a;
    char actor[128];
    cli_actor_name(actor, sizeof actor);
    app_config cfg = {c->db_path, 0, actor};
    int rc = app_open(&cfg, &a, &err);
    if (rc == GISAC_ENOTFOUND && strcmp(err.field, "$.store") == 0 && o->version <= 1) {
        /* no database yet: the defaults, without creating one */
        incident_policy_builtin(&p, &info);
        rc = 0;
    } else if (rc == 0) {
        auth_principal who = app_operator(a);
        rc = app_get_policy(a, &who, (int)o->version, &p, &info, &err);
        app_close(a);
    } else if (rc == GISAC_ENOTFOUND) {
        cli_error("%s: no such database (give --db PATH)", c->db_path);
        return EXIT_FAIL;
    }
    if (rc < 0)
        return cli_app_fail(rc, &err);
    if (o->json) {
        gisac_buf b = GISAC_BUF_INIT;
        rc = app_policy_json(&p, info.version, &b, &err);
        if (rc == 0)
            fwrite(b.data, 1, b.len, stdout);
        gisac_buf_free(&b);
    } else {
        put_text(&p, &info);
        const char *last = NULL;
        rc = app_policy_sections(&p, put_member, &last, &err);
    }
    policy_free(&p);
    return rc < 0 ? cli_app_fail(rc, &err) : EXIT_OK;
}

/* FILE's text ('-': stdin) into b: 0, or the exit status after the error. */
static int read_file(const char *file, gisac_buf *b)
{
    gisac_err err = GISAC_ERR_INIT;
    if (gisac_read_file(file, b, &err) < 0) {
        gisac_buf_free(b);
        return cli_fail(&err);
    }
    return 0;
}

static int check_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    gisac_buf b = GISAC_BUF_INIT;
    int rc = read_file(argv[0], &b);
    if (rc)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    rc = app_check_policy(b.data, b.len, argv[0], &err);
    gisac_buf_free(&b);
    if (rc < 0)
        return cli_fail(&err);
    printf("%s: a valid policy\n", argv[0]);
    return EXIT_OK;
}

static int set_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    gisac_buf b = GISAC_BUF_INIT;
    int rc = read_file(argv[0], &b);
    if (rc)
        return rc;
    cli_op op;
    incident_policy_info info;
    int changed = 0;
    if ((rc = cli_open(c, APP_OPEN_CREATE, &op)) == 0)
        rc = cli_close(&op, app_set_policy(op.a, &op.who, b.data, b.len, argv[0], gisac_now(),
                                           &info, &changed, &op.err));
    gisac_buf_free(&b);
    if (rc)
        return rc;
    if (changed)
        printf("installed policy version %d\n", info.version);
    else
        printf("policy unchanged: version %d says the same\n", info.version);
    return EXIT_OK;
}

const cli_cmd cli_policy_cmds[] = {
    {.name = "show", .opts = show_defs, .opts_size = sizeof(show_opts), .run = show_run},
    {.name = "check", .run = check_run},
    {.name = "set", .run = set_run},
    {0},
};
