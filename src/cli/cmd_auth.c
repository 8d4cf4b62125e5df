/* cmd_auth.c: gisac agency|user|token: agencies, accounts and API tokens */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- shared by the administration commands ---------------------------------- */

static const char *or_dash(const char *s)
{
    return s && *s ? s : "-";
}

/* One subject (an ID or NAME) and --json: the options of show, list and the like. */
typedef struct one_opts {
    int json;
    const char *user;
} one_opts;

static const cli_opt_def json_opts[] = {
    {"--json", CLI_FLAG, offsetof(one_opts, json), NULL, "one JSON object a line", .lo = 0},
    {0},
};

/* A listing: fn lists into cli_rows (JSON lines with --json, else tab-separated). */
/* ---- agency ------------------------------------------------------------ */

typedef struct agency_opts {
    const char *name, *sector, *grade, *parent, *networks;
} agency_opts;

#define AO(f) offsetof(agency_opts, f)
static const cli_opt_def agency_opts_def[] = {
    {"--name", CLI_STR, AO(name), "N", "the agency's name (at most 200 bytes)",
     .flags = CLI_EMPTY_OK},
    {"--grade", CLI_STR, AO(grade), "G", "its security grade: A, B, C, D or E",
     .flags = CLI_EMPTY_OK},
    {"--sector", CLI_STR, AO(sector), "S", "free text, at most 100 bytes ('' clears it)",
     .flags = CLI_EMPTY_OK},
    {"--parent", CLI_STR, AO(parent), "ID",
     "the supervising agency, which must exist; an agency\n"
     "can never be its own ancestor ('' clears it)",
     .flags = CLI_EMPTY_OK},
    {"--networks", CLI_STR, AO(networks), "CIDR,...",
     "the agency's own address ranges (IPv4 or IPv6 CIDRs or\n"
     "addresses, comma-separated; '' clears them): a sighting\n"
     "is outbound when one of its hosts is the source",
     .flags = CLI_EMPTY_OK},
    {0},
};
#undef AO

typedef struct agency_call {
    const char *id;
    auth_agency_change v;
    int update;
    auth_agency ag;
} agency_call;

static int agency_write(app *a, const auth_principal *who, void *arg, gisac_err *err)
{
    agency_call *k = arg;
    return k->update ? app_agency_update(a, who, k->id, &k->v, &k->ag, err)
                     : app_agency_add(a, who, k->id, &k->v, &k->ag, err);
}

static int agency_set(cli_ctx *c, void *opts, char **argv, int update)
{
    const agency_opts *o = opts;
    agency_call k;
    memset(&k, 0, sizeof k);
    k.id = argv[0];
    k.v = (auth_agency_change){o->name, o->sector, o->grade, o->parent, o->networks};
    k.update = update;
    int rc = cli_run(c, update ? 0 : APP_OPEN_CREATE, agency_write, &k);
    if (rc == EXIT_OK)
        printf("%s agency %s\n", update ? "updated" : "added", k.ag.id);
    return rc;
}

static int agency_add_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    const agency_opts *o = opts;
    if (!o->name)
        return cli_usage("agency", "--name is required");
    if (!o->grade)
        return cli_usage("agency", "--grade is required (A to E)");
    return agency_set(c, opts, argv, 0);
}

static int agency_update_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    const agency_opts *o = opts;
    if (!o->name && !o->sector && !o->grade && !o->parent && !o->networks)
        return cli_usage(
            "agency", "nothing to change: give --name, --sector, --grade, --parent or --networks");
    return agency_set(c, opts, argv, 1);
}

static int agency_row(void *ctx, const auth_agency *ag)
{
    cli_rows *o = ctx;
    if (o->json)
        return cli_row_json(o, auth_agency_to_json(ag, &o->b));
    printf("%s\t%c\t%s\t%s\t%s\n", ag->id, ag->grade, or_dash(ag->parent), or_dash(ag->sector),
           ag->name);
    return 0;
}

static int agency_list(app *a, const auth_principal *who, const void *opts, cli_rows *out,
                       gisac_err *err)
{
    return app_agency_list(a, who, agency_row, out, err);
}

static int agency_get_call(app *a, const auth_principal *who, void *arg, gisac_err *err)
{
    agency_call *k = arg;
    return app_agency_get(a, who, k->id, &k->ag, err);
}

static int agency_show_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    agency_call k;
    memset(&k, 0, sizeof k);
    k.id = argv[0];
    int rc = cli_run(c, 0, agency_get_call, &k);
    if (rc != EXIT_OK)
        return rc;
    const auth_agency *ag = &k.ag;
    if (((one_opts *)opts)->json) {
        gisac_buf b = GISAC_BUF_INIT;
        cli_put_json(&b, auth_agency_to_json(ag, &b));
        gisac_buf_free(&b);
        return EXIT_OK;
    }
    const char grade[2] = {ag->grade, '\0'};
    const cli_kv kv[] = {
        {"id", CLI_KV_TEXT, .s = ag->id},           {"name", CLI_KV_TEXT, .s = ag->name},
        {"sector", CLI_KV_DASH, .s = ag->sector},   {"grade", CLI_KV_TEXT, .s = grade},
        {"parent", CLI_KV_DASH, .s = ag->parent},   {"networks", CLI_KV_DASH, .s = ag->networks},
        {"created", CLI_KV_TIME, .v = ag->created}, {"modified", CLI_KV_TIME, .v = ag->modified},
    };
    cli_put_kv(kv, sizeof kv / sizeof kv[0], 14);
    return EXIT_OK;
}

const cli_cmd cli_agency_cmds[] = {
    {.name = "add", .opts = agency_opts_def, .run = agency_add_run},
    {.name = "list",
     .opts = json_opts,
     .opts_size = sizeof(one_opts),
     .open = CLI_APP_NOTFOUND,
     .list = agency_list},
    {.name = "show", .opts = json_opts, .opts_size = sizeof(one_opts), .run = agency_show_run},
    {.name = "update", .opts = agency_opts_def, .run = agency_update_run},
    {.opts_size = sizeof(agency_opts)},
};

/* ---- user -------------------------------------------------------------- */

/*
 * The password for add and passwd: the first line of stdin (without its
 * line end) when stdin is not a terminal and not empty; else NULL (the
 * app generates one). Returns 0, or -1 on error (printed).
 */
static int read_password(char *buf, size_t cap, const char **pw)
{
    *pw = NULL;
    if (isatty(STDIN_FILENO))
        return 0;
    size_t n = 0;
    int ch;
    while ((ch = getchar()) != EOF && ch != '\n') {
        if (n + 1 >= cap) {
            cli_error("password is longer than %d bytes", AUTH_PASSWORD_MAX);
            return -1;
        }
        buf[n++] = (char)ch;
    }
    if (n > 0 || ch == '\n') {
        if (n > 0 && buf[n - 1] == '\r')
            n--;
        buf[n] = '\0';
        *pw = buf;
    }
    return 0;
}

typedef struct user_add_opts {
    const char *role, *agency, *lang;
} user_add_opts;

static const cli_opt_def user_add_opts_def[] = {
    {"--role", CLI_STR, offsetof(user_add_opts, role), "R",
     "admin, analyst, agency, sensor or consumer; agency\n"
     "and sensor accounts need --agency, admin and analyst\n"
     "take none",
     .bad = "--role needs a role", .flags = CLI_EMPTY_OK},
    {"--agency", CLI_STR, offsetof(user_add_opts, agency), "ID",
     "the agency the account belongs to", .bad = "--agency needs an agency id",
     .flags = CLI_EMPTY_OK},
    {"--lang", CLI_STR, offsetof(user_add_opts, lang), "L",
     "the language of its messages: zh-TW (default) or en", .bad = "--lang needs zh-TW or en",
     .flags = CLI_EMPTY_OK},
    {0},
};

/* One account command's arguments and results. */
typedef struct user_call {
    const char *name;
    auth_role role;
    const char *agency;
    const char *lang;     /* NULL: the default / unchanged */
    const char *password; /* NULL: generated */
    char pwbuf[AUTH_PASSWORD_MAX + 2];
    char gen[AUTH_PASSWORD_GEN_LEN + 1];
    int disable; /* user_set: 1 disable, 0 enable */
    auth_account acc;
} user_call;

static int user_add_call(app *a, const auth_principal *who, void *arg, gisac_err *err)
{
    user_call *k = arg;
    return app_user_add_lang(a, who, k->name, k->role, k->agency, k->password, k->lang, k->gen,
                             &k->acc, err);
}

static int user_update_call(app *a, const auth_principal *who, void *arg, gisac_err *err)
{
    user_call *k = arg;
    return app_user_update(a, who, k->name, k->lang, &k->acc, err);
}

static int user_passwd_call(app *a, const auth_principal *who, void *arg, gisac_err *err)
{
    user_call *k = arg;
    return app_user_passwd(a, who, k->name, k->password, NULL, k->gen, err);
}

static int user_set_call(app *a, const auth_principal *who, void *arg, gisac_err *err)
{
    user_call *k = arg;
    return app_user_set_disabled(a, who, k->name, k->disable, &k->acc, err);
}

static int user_get_call(app *a, const auth_principal *who, void *arg, gisac_err *err)
{
    user_call *k = arg;
    return app_user_get(a, who, k->name, &k->acc, err);
}

/* Run a call that takes a password (read first), and forget it after. */
static int with_password(cli_ctx *c, unsigned flags, cli_app_fn fn, user_call *k)
{
    if (read_password(k->pwbuf, sizeof k->pwbuf, &k->password) < 0)
        return EXIT_FAIL;
    int rc = cli_run(c, flags, fn, k);
    cli_wipe(k->pwbuf, sizeof k->pwbuf);
    return rc;
}

static int put_generated(user_call *k, int rc)
{
    if (rc == EXIT_OK && k->gen[0])
        printf("password: %s\n", k->gen);
    cli_wipe(k->gen, sizeof k->gen);
    return rc;
}

static int user_add_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    const user_add_opts *o = opts;
    if (!o->role)
        return cli_usage("user", "--role is required (admin, analyst, agency, sensor, consumer)");
    user_call *k = calloc(1, sizeof *k);
    if (!k)
        return cli_usage("user", "out of memory");
    k->name = argv[0];
    k->agency = o->agency;
    k->lang = o->lang;
    if ((k->role = auth_role_parse(o->role)) == AUTH_ROLE_NONE) {
        free(k);
        return cli_usage(
            "user", "unknown role '%s': use admin, analyst, agency, sensor or consumer", o->role);
    }
    int rc = with_password(c, APP_OPEN_CREATE, user_add_call, k);
    if (rc == EXIT_OK) {
        if (k->acc.agency[0])
            printf("added user %s (%s, agency %s)\n", k->acc.name, auth_role_name(k->acc.role),
                   k->acc.agency);
        else
            printf("added user %s (%s)\n", k->acc.name, auth_role_name(k->acc.role));
    }
    rc = put_generated(k, rc);
    free(k);
    return rc;
}

static int user_passwd_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)opts;
    (void)argc;
    user_call *k = calloc(1, sizeof *k);
    if (!k)
        return cli_usage("user", "out of memory");
    k->name = argv[0];
    int rc = with_password(c, 0, user_passwd_call, k);
    if (rc == EXIT_OK)
        printf("changed the password of %s\n", k->name);
    rc = put_generated(k, rc);
    free(k);
    return rc;
}

static int user_set(cli_ctx *c, char **argv, int disable)
{
    user_call k;
    memset(&k, 0, sizeof k);
    k.name = argv[0];
    k.disable = disable;
    int rc = cli_run(c, 0, user_set_call, &k);
    if (rc == EXIT_OK)
        printf("%s user %s\n", disable ? "disabled" : "enabled", k.name);
    return rc;
}

static int user_disable_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)opts;
    (void)argc;
    return user_set(c, argv, 1);
}

static int user_enable_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)opts;
    (void)argc;
    return user_set(c, argv, 0);
}

static const cli_opt_def user_update_opts_def[] = {
    {"--lang", CLI_STR, offsetof(user_add_opts, lang), "L",
     "the language of its messages: zh-TW or en", .bad = "--lang needs zh-TW or en",
     .flags = CLI_EMPTY_OK},
    {0},
};

static int user_update_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    const user_add_opts *o = opts;
    if (!o->lang)
        return cli_usage("user", "nothing to change: give --lang");
    user_call k;
    memset(&k, 0, sizeof k);
    k.name = argv[0];
    k.lang = o->lang;
    int rc = cli_run(c, 0, user_update_call, &k);
    if (rc == EXIT_OK)
        printf("user %s: language %s\n", k.acc.name, auth_account_lang_name(&k.acc));
    return rc;
}

static int user_show_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    user_call k;
    memset(&k, 0, sizeof k);
    k.name = argv[0];
    int rc = cli_run(c, 0, user_get_call, &k);
    if (rc != EXIT_OK)
        return rc;
    const auth_account *acc = &k.acc;
    int64_t now = gisac_now();
    if (((one_opts *)opts)->json) {
        gisac_buf b = GISAC_BUF_INIT;
        cli_put_json(&b, auth_account_to_json(acc, now, &b));
        gisac_buf_free(&b);
        return EXIT_OK;
    }
    const cli_kv kv[] = {
        {"name", CLI_KV_TEXT, .s = acc->name},
        {"role", CLI_KV_TEXT, .s = auth_role_name(acc->role)},
        {"agency", CLI_KV_DASH, .s = acc->agency},
        {"status", CLI_KV_TEXT, .s = auth_account_status(acc, now)},
        {"language", CLI_KV_TEXT, .s = auth_account_lang_name(acc)},
        {"failed_logins", CLI_KV_INT, .v = acc->failed_logins},
        {"locked_until", CLI_KV_TIME, .v = auth_account_locked(acc, now) ? acc->locked_until : 0},
        {"created", CLI_KV_TIME, .v = acc->created},
        {"modified", CLI_KV_TIME, .v = acc->modified},
    };
    cli_put_kv(kv, sizeof kv / sizeof kv[0], 14);
    return EXIT_OK;
}

static int user_row(void *ctx, const auth_account *acc)
{
    cli_rows *o = ctx;
    if (o->json)
        return cli_row_json(o, auth_account_to_json(acc, o->now, &o->b));
    printf("%s\t%s\t%s\t%s\n", acc->name, auth_role_name(acc->role), or_dash(acc->agency),
           auth_account_status(acc, o->now));
    return 0;
}

static int user_list(app *a, const auth_principal *who, const void *opts, cli_rows *out,
                     gisac_err *err)
{
    return app_user_list(a, who, user_row, out, err);
}

const cli_cmd cli_user_cmds[] = {
    {.name = "add", .opts = user_add_opts_def, .run = user_add_run},
    {.name = "update", .opts = user_update_opts_def, .run = user_update_run},
    {.name = "list",
     .opts = json_opts,
     .opts_size = sizeof(one_opts),
     .open = CLI_APP_NOTFOUND,
     .list = user_list},
    {.name = "show", .opts = json_opts, .opts_size = sizeof(one_opts), .run = user_show_run},
    {.name = "passwd", .run = user_passwd_run},
    {.name = "disable", .run = user_disable_run},
    {.name = "enable", .run = user_enable_run},
    {.opts_size = sizeof(user_add_opts)},
};

/* ---- token ------------------------------------------------------------- */

typedef struct token_opts {
    const char *user, *label;
    long days;
    int json;
} token_opts;

#define TO(f) offsetof(token_opts, f)
static const cli_opt_def token_create_opts[] = {
    {"--user", CLI_STR, TO(user), "NAME", "the account the token acts as",
     .bad = "--user needs a name"},
    {"--name", CLI_STR, TO(label), "LABEL", "what the token is for (at most 100 bytes)",
     .bad = "--name needs a label", .flags = CLI_EMPTY_OK},
    {"--expires-days", CLI_INT, TO(days), "N", "expire after N days (1 to 3650); default: never", 1,
     AUTH_TOKEN_DAYS_MAX, .bad = "--expires-days: give a number of days from 1 to 3650"},
    {0},
};
static const cli_opt_def token_list_opts[] = {
    {"--user", CLI_STR, TO(user), "NAME", "only this account's tokens",
     .bad = "--user needs a name"},
    {"--json", CLI_FLAG, TO(json), NULL, "one JSON object a line", .lo = 0},
    {0},
};
#undef TO

typedef struct token_call {
    const token_opts *o;
    const char *id;
    char text[AUTH_TOKEN_LEN + 1];
    auth_token t;
} token_call;

static int token_create_call(app *a, const auth_principal *who, void *arg, gisac_err *err)
{
    token_call *k = arg;
    return app_token_create(a, who, k->o->user, k->o->label, (int)k->o->days, k->text, &k->t, err);
}

static int token_create_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    token_call k = {.o = opts};
    if (!k.o->user)
        return cli_usage("token", "--user is required");
    int rc = cli_run(c, 0, token_create_call, &k);
    if (rc != EXIT_OK)
        return rc;
    printf("%s\n", k.text);
    cli_wipe(k.text, sizeof k.text);
    fflush(stdout);
    char ts[GISAC_TIME_LEN] = "never";
    if (k.t.expires)
        cli_time_text(k.t.expires, ts);
    cli_error("token %s for %s, expires %s; it is shown only this once", k.t.id, k.t.user, ts);
    return EXIT_OK;
}

static int token_row(void *ctx, const auth_token *t)
{
    cli_rows *o = ctx;
    if (o->json)
        return cli_row_json(o, auth_token_to_json(t, o->now, &o->b));
    printf("%s\t%s\t%s\t", t->id, t->user, auth_token_status(t, o->now));
    cli_put_time(t->created);
    fputc('\t', stdout);
    cli_put_time(t->expires);
    fputc('\t', stdout);
    cli_put_time(t->last_used);
    printf("\t%s\n", or_dash(t->name));
    return 0;
}

static int token_list(app *a, const auth_principal *who, const void *opts, cli_rows *out,
                      gisac_err *err)
{
    return app_token_list(a, who, ((const token_opts *)opts)->user, token_row, out, err);
}

static int token_revoke_call(app *a, const auth_principal *who, void *arg, gisac_err *err)
{
    token_call *k = arg;
    return app_token_revoke(a, who, k->id, &k->t, err);
}

static int token_revoke_run(cli_ctx *c, void *opts, int argc, char **argv)
{
    (void)opts;
    (void)argc;
    token_call k = {.id = argv[0]};
    int rc = cli_run(c, 0, token_revoke_call, &k);
    if (rc == EXIT_OK)
        printf("revoked token %s\n", k.id);
    return rc;
}

const cli_cmd cli_token_cmds[] = {
    {.name = "create", .opts = token_create_opts, .run = token_create_run},
    {.name = "list", .opts = token_list_opts, .open = CLI_APP_NOTFOUND, .list = token_list},
    {.name = "revoke", .run = token_revoke_run},
    {.opts_size = sizeof(token_opts)},
};
