/* main.c: gisac [--db PATH] COMMAND ... */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
    "usage: gisac [--db PATH] COMMAND [ARGS...]\n"
    "\n"
    "gisac is the threat-intelligence sharing and monitoring platform of a\n"
    "national CERT/ISAC.\n"
    "\n"
    "commands:\n"
    "  feed import     import indicators from feeds (plain, CSV, STIX 2.1, MISP)\n"
    "  intel search    find an indicator, covering CIDRs and parent domains\n"
    "  intel list      list indicators\n"
    "  intel stats     counts by type and by source\n"
    "  intel revoke    revoke an indicator\n"
    "  intel export    export blocklists and bundles (plain, csv, stix, misp,\n"
    "                  rpz, suricata, nft)\n"
    "  allow add|list|remove\n"
    "                  the allowlist of values that are never indicators\n"
    "  match           match sensor logs (Suricata EVE, Zeek, syslog, CEF, text)\n"
    "                  against the active indicators\n"
    "  agency add|list|show|update\n"
    "                  agencies: id, name, sector, grade, parent\n"
    "  user add|list|show|passwd|disable|enable\n"
    "                  accounts and their roles and passwords\n"
    "  token create|list|revoke\n"
    "                  API tokens\n"
    "  serve           the HTTP server: TAXII 2.1, blocklist feeds, metrics\n"
    "  audit verify|head|list\n"
    "                  the hash-chained audit log of every write\n"
    "  notify add|list|remove|smtp|config|test|deliver|queue|log\n"
    "                  notifications to webhooks and e-mail\n"
    "  incident report|list|show|update|close|due\n"
    "                  incidents: levels 1-4, deadlines, breaches\n"
    "  evidence add|list|show|transfer|verify\n"
    "                  evidence files with SHA-256 and chain of custody\n"
    "  policy show|check|set\n"
    "                  the incident policy: level matrix and deadlines\n"
    "  advisory publish|list|show|count\n"
    "                  security advisories, shared as STIX reports\n"
    "  status          the alert light of the whole and of each sector\n"
    "  report kpi      the key indicators of a year or a month (JSON, HTML)\n"
    "\n"
    "options:\n"
    "  --db PATH       the database (default: $GISAC_DB, else ./gisac.db)\n"
    "  --version       print the version and exit\n"
    "  -h, --help      print this help and exit\n"
    "\n"
    "Each command has --help. Exit status: 0 success, 1 nothing found,\n"
    "2 usage error or failure.\n";

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gisac: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_fail(const gisac_err *err)
{
    cli_error("%s", err->msg[0] ? err->msg : gisac_strerror(err->code));
    return EXIT_FAIL;
}

int cli_help(const char *text)
{
    fputs(text, stdout);
    return EXIT_OK;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gisac: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    fprintf(stderr, "gisac: try 'gisac %s --help'\n", cmd);
    return EXIT_FAIL;
}

int cli_opt(int argc, char **argv, int *i, const char *name, const char **val)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return 0;
    if (a[n] == '=') {
        *val = a + n + 1;
        return 1;
    }
    if (a[n] != '\0')
        return 0;
    if (*i + 1 >= argc)
        return -1;
    *val = argv[++*i];
    return 1;
}

int cli_is_help(const char *arg)
{
    return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

int cli_int(const char *s, long lo, long hi, long *out)
{
    char *end;
    if (!*s)
        return -1;
    long v = strtol(s, &end, 10);
    if (*end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

void cli_set_actor(store *s)
{
    char actor[128];
    const struct passwd *pw = getpwuid(geteuid());
    const char *user = pw && pw->pw_name && *pw->pw_name ? pw->pw_name : getenv("USER");
    if (user && *user)
        snprintf(actor, sizeof actor, "cli:%s", user);
    else
        snprintf(actor, sizeof actor, "cli:uid-%lu", (unsigned long)geteuid());
    store_set_actor(s, actor);
}

int cli_open(cli_ctx *c, intel **out)
{
    gisac_err err = {0, ""};
    if (intel_open(c->db_path, out, &err) < 0)
        return cli_fail(&err);
    cli_set_actor(intel_store(*out));
    return 0;
}

int cli_open_existing(cli_ctx *c, intel **out)
{
    struct stat sb;
    if (stat(c->db_path, &sb) < 0) {
        cli_error("%s: no such database (import a feed first, or give --db PATH)", c->db_path);
        return EXIT_FAIL;
    }
    return cli_open(c, out);
}

int main(int argc, char **argv)
{
    cli_ctx c = {NULL};
    const char *env = getenv("GISAC_DB");
    c.db_path = env && *env ? env : "gisac.db";
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *val;
        int m = cli_opt(argc, argv, &i, "--db", &val);
        if (m < 0) {
            cli_error("--db needs a path");
            return EXIT_FAIL;
        }
        if (m > 0) {
            if (!*val) {
                cli_error("--db needs a path");
                return EXIT_FAIL;
            }
            c.db_path = val;
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("gisac %s\n", GISAC_VERSION);
            return EXIT_OK;
        } else if (cli_is_help(argv[i])) {
            return cli_help(usage);
        } else {
            cli_error("unknown option '%s'", argv[i]);
            fputs("gisac: try 'gisac --help'\n", stderr);
            return EXIT_FAIL;
        }
    }
    if (i >= argc) {
        fputs(usage, stderr);
        return EXIT_FAIL;
    }
    const char *cmd = argv[i];
    if (strcmp(cmd, "feed") == 0)
        return cmd_feed(&c, argc - i - 1, argv + i + 1);
    if (strcmp(cmd, "intel") == 0)
        return cmd_intel(&c, argc - i - 1, argv + i + 1);
    if (strcmp(cmd, "allow") == 0)
        return cmd_allow(&c, argc - i - 1, argv + i + 1);
    if (strcmp(cmd, "match") == 0)
        return cmd_match(&c, argc - i - 1, argv + i + 1);
    if (strcmp(cmd, "agency") == 0)
        return cmd_agency(&c, argc - i - 1, argv + i + 1);
    if (strcmp(cmd, "user") == 0)
        return cmd_user(&c, argc - i - 1, argv + i + 1);
    if (strcmp(cmd, "token") == 0)
        return cmd_token(&c, argc - i - 1, argv + i + 1);
    if (strcmp(cmd, "serve") == 0)
        return cmd_serve(&c, argc - i - 1, argv + i + 1);
    if (strcmp(cmd, "audit") == 0)
        return cmd_audit(&c, argc - i - 1, argv + i + 1);
    if (strcmp(cmd, "notify") == 0)
        return cmd_notify(&c, argc - i - 1, argv + i + 1);
    if (strcmp(cmd, "incident") == 0)
        return cmd_incident(&c, argc - i - 1, argv + i + 1);
    if (strcmp(cmd, "evidence") == 0)
        return cmd_evidence(&c, argc - i - 1, argv + i + 1);
    if (strcmp(cmd, "policy") == 0)
        return cmd_policy(&c, argc - i - 1, argv + i + 1);
    if (strcmp(cmd, "advisory") == 0)
        return cmd_advisory(&c, argc - i - 1, argv + i + 1);
    if (strcmp(cmd, "status") == 0)
        return cmd_status(&c, argc - i - 1, argv + i + 1);
    if (strcmp(cmd, "report") == 0)
        return cmd_report(&c, argc - i - 1, argv + i + 1);
    if (strcmp(cmd, "help") == 0)
        return cli_help(usage);
    if (strcmp(cmd, "version") == 0) {
        printf("gisac %s\n", GISAC_VERSION);
        return EXIT_OK;
    }
    cli_error("unknown command '%s'", cmd);
    fputs("gisac: try 'gisac --help'\n", stderr);
    return EXIT_FAIL;
}
