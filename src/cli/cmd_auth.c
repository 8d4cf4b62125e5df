/* cmd_auth.c: gisac agency|user|token: agencies, accounts and API tokens */
#include "cli/cli.h"

#include "auth/auth.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char agency_usage[] =
    "usage: gisac agency COMMAND [ARGS...]\n"
    "\n"
    "The agencies that share and receive intelligence.\n"
    "\n"
    "commands:\n"
    "  add ID --name N --grade G [--sector S] [--parent ID]\n"
    "                   add an agency\n"
    "  list [--json]    every agency, by id, tab-separated:\n"
    "                   ID GRADE PARENT SECTOR NAME\n"
    "  show ID [--json] one agency\n"
    "  update ID [--name N] [--sector S] [--grade G] [--parent ID]\n"
    "                   change an agency; --sector '' and --parent '' clear them\n"
    "\n"
    "  ID        1 to 64 characters of a-z, 0-9 and '-'\n"
    "  --name    the agency's name (at most 200 bytes)\n"
    "  --grade   its security grade: A, B, C, D or E\n"
    "  --sector  free text, at most 100 bytes\n"
    "  --parent  the supervising agency, which must exist; an agency can\n"
    "            never be its own ancestor\n"
    "\n"
    "Exit status: 0 done, 1 no such agency, 2 error.\n";

static const char user_usage[] =
    "usage: gisac user COMMAND [ARGS...]\n"
    "\n"
    "Accounts of people and machines.\n"
    "\n"
    "commands:\n"
    "  add NAME --role R [--agency ID]\n"
    "                      add an account\n"
    "  list [--json]       every account, by name, tab-separated:\n"
    "                      NAME ROLE AGENCY STATUS\n"
    "  show NAME [--json]  one account\n"
    "  passwd NAME         set a new password; clears a lock-out\n"
    "  disable NAME        the account can no longer log in or use its tokens\n"
    "  enable NAME         undo disable; clears a lock-out\n"
    "\n"
    "  NAME      1 to 64 characters of a-z, 0-9 and ._@-\n"
    "  --role    admin, analyst, agency, sensor or consumer; agency and\n"
    "            sensor accounts need --agency, admin and analyst take none\n"
    "  --agency  the agency the account belongs to\n"
    "\n"
    "Passwords (add, passwd): the first line of stdin when stdin is not a\n"
    "terminal; at least 12 characters. When stdin is a terminal or empty, a\n"
    "random password is generated and printed once.\n"
    "\n"
    "Exit status: 0 done, 1 no such account, 2 error.\n";

static const char token_usage[] =
    "usage: gisac token COMMAND [ARGS...]\n"
    "\n"
    "API tokens, for machines and scripts.\n"
    "\n"
    "commands:\n"
    "  create --user NAME [--name LABEL] [--expires-days N]\n"
    "                  create a token and print it, the only time it is shown\n"
    "  list [--user NAME] [--json]\n"
    "                  tokens (never their secrets), tab-separated:\n"
    "                  ID USER STATUS CREATED EXPIRES LAST_USED NAME\n"
    "  revoke ID       revoke a token for good\n"
    "\n"
    "  --name LABEL        what the token is for (at most 100 bytes)\n"
    "  --expires-days N    expire after N days (1 to 3650); default: never\n"
    "\n"
    "Only a keyed hash of each token is stored; the key is the file\n"
    "'<database>.key' (mode 0600), created with the first token.\n"
    "\n"
    "Exit status: 0 done, 1 no such user or token, 2 error.\n";

/* ---- helpers ----------------------------------------------------------- */

static int open_auth(cli_ctx *c, auth **out)
{
    gisac_err err = GISAC_ERR_INIT;
    if (auth_open(c->db_path, out, &err) < 0)
        return cli_fail(&err);
    cli_set_actor(auth_store(*out));
    return 0;
}

/* For commands on existing records: no stray empty database from a mistyped --db. */
static int open_auth_existing(cli_ctx *c, auth **out)
{
    if (access(c->db_path, F_OK) < 0) {
        cli_error("%s: no such database (give --db PATH)", c->db_path);
        return EXIT_FAIL;
    }
    return open_auth(c, out);
}

/* A failed call: 1 for a missing subject, else 2. */
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

static void json_key(gisac_buf *b, int first, const char *key)
{
    gisac_buf_printf(b, first ? "{\"%s\":" : ",\"%s\":", key);
}

static void json_opt_str(gisac_buf *b, const char *key, const char *v)
{
    json_key(b, 0, key);
    if (v && *v)
        gisac_buf_json_str(b, v);
    else
        gisac_buf_puts(b, "null");
}

static void json_time(gisac_buf *b, const char *key, int64_t t)
{
    json_key(b, 0, key);
    if (t) {
        char ts[GISAC_TIME_LEN];
        gisac_time_format(t, ts);
        gisac_buf_printf(b, "\"%s\"", ts);
    } else {
        gisac_buf_puts(b, "null");
    }
}

static void flush_buf(gisac_buf *b)
{
    if (b->len)
        fwrite(b->data, 1, b->len, stdout);
    gisac_buf_reset(b);
}

/* "ID" or "ID --json" after a subcommand; returns -1 after printing usage errors. */
static int one_arg(const char *cmd, int argc, char **argv, const char **arg, int *json,
                   const char *what, const char *usage, int *rc)
{
    *arg = NULL;
    for (int i = 0; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            *rc = cli_help(usage);
            return -1;
        }
        if (json && strcmp(argv[i], "--json") == 0) {
            *json = 1;
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            *rc = cli_usage(cmd, "unknown option '%s'", argv[i]);
            return -1;
        } else if (*arg) {
            *rc = cli_usage(cmd, "one %s only", what);
            return -1;
        } else {
            *arg = argv[i];
        }
    }
    if (!*arg) {
        *rc = cli_usage(cmd, "no %s given", what);
        return -1;
    }
    return 0;
}

/* ---- agency ------------------------------------------------------------ */

static void agency_json(gisac_buf *b, const auth_agency *ag)
{
    json_key(b, 1, "id");
    gisac_buf_json_str(b, ag->id);
    json_key(b, 0, "name");
    gisac_buf_json_str(b, ag->name);
    json_opt_str(b, "sector", ag->sector);
    gisac_buf_printf(b, ",\"grade\":\"%c\"", ag->grade);
    json_opt_str(b, "parent", ag->parent);
    json_time(b, "created", ag->created);
    json_time(b, "modified", ag->modified);
    gisac_buf_puts(b, "}\n");
}

/* Parse --name/--sector/--grade/--parent and one ID. */
static int agency_args(int argc, char **argv, const char **id, auth_agency_change *v, int *rc)
{
    static const char *const opts[] = {"--name", "--sector", "--grade", "--parent"};
    memset(v, 0, sizeof *v);
    const char **slots[] = {&v->name, &v->sector, &v->grade, &v->parent};
    *id = NULL;
    for (int i = 0; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            *rc = cli_help(agency_usage);
            return -1;
        }
        int matched = 0;
        for (size_t k = 0; k < sizeof opts / sizeof opts[0] && !matched; k++) {
            const char *val;
            int m = cli_opt(argc, argv, &i, opts[k], &val);
            if (m < 0) {
                *rc = cli_usage("agency", "%s needs a value", opts[k]);
                return -1;
            }
            if (m > 0) {
                *slots[k] = val;
                matched = 1;
            }
        }
        if (matched)
            continue;
        if (argv[i][0] == '-' && argv[i][1] == '-') {
            *rc = cli_usage("agency", "unknown option '%s'", argv[i]);
            return -1;
        }
        if (*id) {
            *rc = cli_usage("agency", "one ID only");
            return -1;
        }
        *id = argv[i];
    }
    if (!*id) {
        *rc = cli_usage("agency", "no ID given");
        return -1;
    }
    return 0;
}

static int agency_add(cli_ctx *c, int argc, char **argv)
{
    const char *id;
    auth_agency_change v;
    int rc;
    if (agency_args(argc, argv, &id, &v, &rc) < 0)
        return rc;
    if (!v.name)
        return cli_usage("agency", "--name is required");
    if (!v.grade)
        return cli_usage("agency", "--grade is required (A to E)");
    auth *a;
    if ((rc = open_auth(c, &a)) != 0)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    auth_agency ag;
    rc = auth_agency_add(a, id, &v, gisac_now(), &ag, &err);
    auth_close(a);
    if (rc < 0)
        return fail(rc, &err);
    printf("added agency %s\n", ag.id);
    return EXIT_OK;
}

static int agency_update(cli_ctx *c, int argc, char **argv)
{
    const char *id;
    auth_agency_change v;
    int rc;
    if (agency_args(argc, argv, &id, &v, &rc) < 0)
        return rc;
    if (!v.name && !v.sector && !v.grade && !v.parent)
        return cli_usage("agency", "nothing to change: give --name, --sector, --grade or --parent");
    auth *a;
    if ((rc = open_auth_existing(c, &a)) != 0)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    auth_agency ag;
    rc = auth_agency_update(a, id, &v, gisac_now(), &ag, &err);
    auth_close(a);
    if (rc < 0)
        return fail(rc, &err);
    printf("updated agency %s\n", ag.id);
    return EXIT_OK;
}

static int agency_show(cli_ctx *c, int argc, char **argv)
{
    const char *id;
    int json = 0, rc;
    if (one_arg("agency", argc, argv, &id, &json, "ID", agency_usage, &rc) < 0)
        return rc;
    auth *a;
    if ((rc = open_auth_existing(c, &a)) != 0)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    auth_agency ag;
    rc = auth_agency_get(a, id, &ag, &err);
    auth_close(a);
    if (rc < 0)
        return fail(rc, &err);
    if (json) {
        gisac_buf b = GISAC_BUF_INIT;
        agency_json(&b, &ag);
        flush_buf(&b);
        gisac_buf_free(&b);
        return EXIT_OK;
    }
    printf("id            %s\n", ag.id);
    printf("name          %s\n", ag.name);
    printf("sector        %s\n", ag.sector[0] ? ag.sector : "-");
    printf("grade         %c\n", ag.grade);
    printf("parent        %s\n", ag.parent[0] ? ag.parent : "-");
    fputs("created       ", stdout);
    put_time(ag.created);
    fputs("\nmodified      ", stdout);
    put_time(ag.modified);
    fputc('\n', stdout);
    return EXIT_OK;
}

typedef struct list_out {
    int json;
    int64_t now;
    gisac_buf b;
} list_out;

static int agency_row(void *ctx, const auth_agency *ag)
{
    list_out *o = ctx;
    if (o->json) {
        agency_json(&o->b, ag);
        flush_buf(&o->b);
    } else {
        printf("%s\t%c\t%s\t%s\t%s\n", ag->id, ag->grade, ag->parent[0] ? ag->parent : "-",
               ag->sector[0] ? ag->sector : "-", ag->name);
    }
    return 0;
}

/* Parse [--json] [--user NAME] for list commands. */
static int list_args(const char *cmd, const char *usage, int argc, char **argv, int *json,
                     const char **user, int *rc)
{
    for (int i = 0; i < argc; i++) {
        const char *val;
        int m;
        if (cli_is_help(argv[i])) {
            *rc = cli_help(usage);
            return -1;
        }
        if (strcmp(argv[i], "--json") == 0) {
            *json = 1;
        } else if (user && (m = cli_opt(argc, argv, &i, "--user", &val)) != 0) {
            if (m < 0) {
                *rc = cli_usage(cmd, "--user needs a name");
                return -1;
            }
            *user = val;
        } else {
            *rc = cli_usage(cmd, "unknown argument '%s'", argv[i]);
            return -1;
        }
    }
    return 0;
}

static int agency_list(cli_ctx *c, int argc, char **argv)
{
    list_out o = {0, 0, GISAC_BUF_INIT};
    int rc;
    if (list_args("agency", agency_usage, argc, argv, &o.json, NULL, &rc) < 0)
        return rc;
    auth *a;
    if ((rc = open_auth_existing(c, &a)) != 0)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    rc = auth_agency_list(a, agency_row, &o, &err);
    auth_close(a);
    gisac_buf_free(&o.b);
    return rc < 0 ? fail(rc, &err) : EXIT_OK;
}

int cmd_agency(cli_ctx *c, int argc, char **argv)
{
    if (argc < 1) {
        fputs(agency_usage, stderr);
        return EXIT_FAIL;
    }
    if (cli_is_help(argv[0]))
        return cli_help(agency_usage);
    if (strcmp(argv[0], "add") == 0)
        return agency_add(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "list") == 0)
        return agency_list(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "show") == 0)
        return agency_show(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "update") == 0)
        return agency_update(c, argc - 1, argv + 1);
    return cli_usage("agency", "unknown agency command '%s'", argv[0]);
}

/* ---- user -------------------------------------------------------------- */

/*
 * The password for add and passwd: the first line of stdin (without its
 * line end) when stdin is not a terminal and not empty; else generated.
 * Returns 1 when generated, 0 when read, -1 on error (printed).
 */
static int get_password(char *buf, size_t cap)
{
    if (!isatty(STDIN_FILENO)) {
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
            return 0;
        }
    }
    gisac_err err = GISAC_ERR_INIT;
    if (auth_password_generate(buf, &err) < 0) {
        cli_fail(&err);
        return -1;
    }
    return 1;
}

static const char *or_dash(const char *s)
{
    return s && *s ? s : "-";
}

static const char *user_status(const auth_account *acc, int64_t now)
{
    if (acc->disabled)
        return "disabled";
    if (acc->locked_until > now)
        return "locked";
    return "active";
}

static void user_json(gisac_buf *b, const auth_account *acc, int64_t now)
{
    gisac_buf_printf(b, "{\"id\":%lld,\"name\":", (long long)acc->id);
    gisac_buf_json_str(b, acc->name);
    gisac_buf_printf(b, ",\"role\":\"%s\"", auth_role_name(acc->role));
    json_opt_str(b, "agency", acc->agency);
    gisac_buf_printf(b, ",\"status\":\"%s\",\"failed_logins\":%lld", user_status(acc, now),
                     (long long)acc->failed_logins);
    json_time(b, "locked_until", acc->locked_until > now ? acc->locked_until : 0);
    json_time(b, "created", acc->created);
    json_time(b, "modified", acc->modified);
    gisac_buf_puts(b, "}\n");
}

static int user_add(cli_ctx *c, int argc, char **argv)
{
    const char *name = NULL, *role = NULL, *agency = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v;
        int m;
        if (cli_is_help(argv[i]))
            return cli_help(user_usage);
        if ((m = cli_opt(argc, argv, &i, "--role", &v)) != 0) {
            if (m < 0)
                return cli_usage("user", "--role needs a role");
            role = v;
        } else if ((m = cli_opt(argc, argv, &i, "--agency", &v)) != 0) {
            if (m < 0)
                return cli_usage("user", "--agency needs an agency id");
            agency = v;
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            return cli_usage("user", "unknown option '%s'", argv[i]);
        } else if (name) {
            return cli_usage("user", "one NAME only");
        } else {
            name = argv[i];
        }
    }
    if (!name)
        return cli_usage("user", "no NAME given");
    if (!role)
        return cli_usage("user", "--role is required (admin, analyst, agency, sensor, consumer)");
    auth_role r = auth_role_parse(role);
    if (r == AUTH_ROLE_NONE)
        return cli_usage("user",
                         "unknown role '%s': use admin, analyst, agency, sensor or consumer", role);
    char pw[AUTH_PASSWORD_MAX + 2];
    int generated = get_password(pw, sizeof pw);
    if (generated < 0)
        return EXIT_FAIL;
    auth *a;
    int rc = open_auth(c, &a);
    if (rc != 0) {
        sodium_memzero(pw, sizeof pw);
        return rc;
    }
    gisac_err err = GISAC_ERR_INIT;
    auth_account acc;
    rc = auth_user_add(a, name, r, agency, pw, gisac_now(), &acc, &err);
    auth_close(a);
    if (rc < 0) {
        sodium_memzero(pw, sizeof pw);
        return fail(rc, &err);
    }
    if (acc.agency[0])
        printf("added user %s (%s, agency %s)\n", acc.name, auth_role_name(acc.role), acc.agency);
    else
        printf("added user %s (%s)\n", acc.name, auth_role_name(acc.role));
    if (generated)
        printf("password: %s\n", pw);
    sodium_memzero(pw, sizeof pw);
    return EXIT_OK;
}

static int user_passwd(cli_ctx *c, int argc, char **argv)
{
    const char *name;
    int rc;
    if (one_arg("user", argc, argv, &name, NULL, "NAME", user_usage, &rc) < 0)
        return rc;
    char pw[AUTH_PASSWORD_MAX + 2];
    int generated = get_password(pw, sizeof pw);
    if (generated < 0)
        return EXIT_FAIL;
    auth *a;
    if ((rc = open_auth_existing(c, &a)) != 0) {
        sodium_memzero(pw, sizeof pw);
        return rc;
    }
    gisac_err err = GISAC_ERR_INIT;
    rc = auth_user_passwd(a, name, pw, gisac_now(), &err);
    auth_close(a);
    if (rc < 0) {
        sodium_memzero(pw, sizeof pw);
        return fail(rc, &err);
    }
    printf("changed the password of %s\n", name);
    if (generated)
        printf("password: %s\n", pw);
    sodium_memzero(pw, sizeof pw);
    return EXIT_OK;
}

static int user_set(cli_ctx *c, int argc, char **argv, int disable)
{
    const char *name;
    int rc;
    if (one_arg("user", argc, argv, &name, NULL, "NAME", user_usage, &rc) < 0)
        return rc;
    auth *a;
    if ((rc = open_auth_existing(c, &a)) != 0)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    rc = disable ? auth_user_disable(a, name, gisac_now(), &err)
                 : auth_user_enable(a, name, gisac_now(), &err);
    auth_close(a);
    if (rc < 0)
        return fail(rc, &err);
    printf("%s user %s\n", disable ? "disabled" : "enabled", name);
    return EXIT_OK;
}

static int user_show(cli_ctx *c, int argc, char **argv)
{
    const char *name;
    int json = 0, rc;
    if (one_arg("user", argc, argv, &name, &json, "NAME", user_usage, &rc) < 0)
        return rc;
    auth *a;
    if ((rc = open_auth_existing(c, &a)) != 0)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    auth_account acc;
    rc = auth_user_get(a, name, &acc, &err);
    auth_close(a);
    if (rc < 0)
        return fail(rc, &err);
    int64_t now = gisac_now();
    if (json) {
        gisac_buf b = GISAC_BUF_INIT;
        user_json(&b, &acc, now);
        flush_buf(&b);
        gisac_buf_free(&b);
        return EXIT_OK;
    }
    printf("id            %lld\n", (long long)acc.id);
    printf("name          %s\n", acc.name);
    printf("role          %s\n", auth_role_name(acc.role));
    printf("agency        %s\n", or_dash(acc.agency));
    printf("status        %s\n", user_status(&acc, now));
    printf("failed_logins %lld\n", (long long)acc.failed_logins);
    fputs("locked_until  ", stdout);
    put_time(acc.locked_until > now ? acc.locked_until : 0);
    fputs("\ncreated       ", stdout);
    put_time(acc.created);
    fputs("\nmodified      ", stdout);
    put_time(acc.modified);
    fputc('\n', stdout);
    return EXIT_OK;
}

static int user_row(void *ctx, const auth_account *acc)
{
    list_out *o = ctx;
    if (o->json) {
        user_json(&o->b, acc, o->now);
        flush_buf(&o->b);
    } else {
        printf("%s\t%s\t%s\t%s\n", acc->name, auth_role_name(acc->role), or_dash(acc->agency),
               user_status(acc, o->now));
    }
    return 0;
}

static int user_list(cli_ctx *c, int argc, char **argv)
{
    list_out o = {0, gisac_now(), GISAC_BUF_INIT};
    int rc;
    if (list_args("user", user_usage, argc, argv, &o.json, NULL, &rc) < 0)
        return rc;
    auth *a;
    if ((rc = open_auth_existing(c, &a)) != 0)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    rc = auth_user_list(a, user_row, &o, &err);
    auth_close(a);
    gisac_buf_free(&o.b);
    return rc < 0 ? fail(rc, &err) : EXIT_OK;
}

int cmd_user(cli_ctx *c, int argc, char **argv)
{
    if (argc < 1) {
        fputs(user_usage, stderr);
        return EXIT_FAIL;
    }
    if (cli_is_help(argv[0]))
        return cli_help(user_usage);
    if (strcmp(argv[0], "add") == 0)
        return user_add(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "list") == 0)
        return user_list(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "show") == 0)
        return user_show(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "passwd") == 0)
        return user_passwd(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "disable") == 0)
        return user_set(c, argc - 1, argv + 1, 1);
    if (strcmp(argv[0], "enable") == 0)
        return user_set(c, argc - 1, argv + 1, 0);
    return cli_usage("user", "unknown user command '%s'", argv[0]);
}

/* ---- token ------------------------------------------------------------- */

static int token_create(cli_ctx *c, int argc, char **argv)
{
    const char *user = NULL, *label = NULL, *days_s = NULL;
    for (int i = 0; i < argc; i++) {
        const char *v;
        int m;
        if (cli_is_help(argv[i]))
            return cli_help(token_usage);
        if ((m = cli_opt(argc, argv, &i, "--user", &v)) != 0) {
            if (m < 0)
                return cli_usage("token", "--user needs a name");
            user = v;
        } else if ((m = cli_opt(argc, argv, &i, "--name", &v)) != 0) {
            if (m < 0)
                return cli_usage("token", "--name needs a label");
            label = v;
        } else if ((m = cli_opt(argc, argv, &i, "--expires-days", &v)) != 0) {
            if (m < 0)
                return cli_usage("token", "--expires-days needs a number");
            days_s = v;
        } else {
            return cli_usage("token", "unknown argument '%s'", argv[i]);
        }
    }
    if (!user)
        return cli_usage("token", "--user is required");
    long days = 0;
    if (days_s && cli_int(days_s, 1, AUTH_TOKEN_DAYS_MAX, &days) < 0)
        return cli_usage("token", "--expires-days: give a number of days from 1 to %d",
                         AUTH_TOKEN_DAYS_MAX);
    auth *a;
    int rc = open_auth_existing(c, &a);
    if (rc != 0)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    char text[AUTH_TOKEN_LEN + 1];
    auth_token t;
    rc = auth_token_create(a, user, label, (int)days, gisac_now(), text, &t, &err);
    auth_close(a);
    if (rc < 0)
        return fail(rc, &err);
    printf("%s\n", text);
    sodium_memzero(text, sizeof text);
    fflush(stdout);
    char ts[GISAC_TIME_LEN] = "never";
    if (t.expires)
        gisac_time_format(t.expires, ts);
    cli_error("token %s for %s, expires %s; it is shown only this once", t.id, t.user, ts);
    return EXIT_OK;
}

static int token_row(void *ctx, const auth_token *t)
{
    list_out *o = ctx;
    if (o->json) {
        gisac_buf *b = &o->b;
        json_key(b, 1, "id");
        gisac_buf_json_str(b, t->id);
        json_key(b, 0, "user");
        gisac_buf_json_str(b, t->user);
        json_opt_str(b, "name", t->name);
        gisac_buf_printf(b, ",\"status\":\"%s\"", auth_token_status(t, o->now));
        json_time(b, "created", t->created);
        json_time(b, "expires", t->expires);
        json_time(b, "last_used", t->last_used);
        gisac_buf_puts(b, "}\n");
        flush_buf(b);
        return 0;
    }
    printf("%s\t%s\t%s\t", t->id, t->user, auth_token_status(t, o->now));
    put_time(t->created);
    fputc('\t', stdout);
    put_time(t->expires);
    fputc('\t', stdout);
    put_time(t->last_used);
    printf("\t%s\n", or_dash(t->name));
    return 0;
}

static int token_list(cli_ctx *c, int argc, char **argv)
{
    list_out o = {0, gisac_now(), GISAC_BUF_INIT};
    const char *user = NULL;
    int rc;
    if (list_args("token", token_usage, argc, argv, &o.json, &user, &rc) < 0)
        return rc;
    auth *a;
    if ((rc = open_auth_existing(c, &a)) != 0)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    rc = auth_token_list(a, user, token_row, &o, &err);
    auth_close(a);
    gisac_buf_free(&o.b);
    return rc < 0 ? fail(rc, &err) : EXIT_OK;
}

static int token_revoke(cli_ctx *c, int argc, char **argv)
{
    const char *id;
    int rc;
    if (one_arg("token", argc, argv, &id, NULL, "ID", token_usage, &rc) < 0)
        return rc;
    auth *a;
    if ((rc = open_auth_existing(c, &a)) != 0)
        return rc;
    gisac_err err = GISAC_ERR_INIT;
    rc = auth_token_revoke(a, id, &err);
    auth_close(a);
    if (rc < 0)
        return fail(rc, &err);
    printf("revoked token %s\n", id);
    return EXIT_OK;
}

int cmd_token(cli_ctx *c, int argc, char **argv)
{
    if (argc < 1) {
        fputs(token_usage, stderr);
        return EXIT_FAIL;
    }
    if (cli_is_help(argv[0]))
        return cli_help(token_usage);
    if (strcmp(argv[0], "create") == 0)
        return token_create(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "list") == 0)
        return token_list(c, argc - 1, argv + 1);
    if (strcmp(argv[0], "revoke") == 0)
        return token_revoke(c, argc - 1, argv + 1);
    return cli_usage("token", "unknown token command '%s'", argv[0]);
}

const cli_cmd cli_agency_cmd = {.name = "agency",
                                .synopsis = "add|list|show|update",
                                .summary = "agencies: id, name, sector, grade, parent",
                                .raw = cmd_agency};

const cli_cmd cli_user_cmd = {.name = "user",
                              .synopsis = "add|list|show|passwd|disable|enable",
                              .summary = "accounts and their roles and passwords",
                              .raw = cmd_user};

const cli_cmd cli_token_cmd = {
    .name = "token", .synopsis = "create|list|revoke", .summary = "API tokens", .raw = cmd_token};
