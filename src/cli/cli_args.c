/*
 * cli_args.c: the command table and the option tables (cli.h). One parser
 * for every command; usage and --help come from the same tables that
 * dispatch.
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

static int opt_is(const cli_opt_def *d, const char *a, size_t n)
{
    return (strlen(d->name) == n && strncmp(d->name, a, n) == 0) ||
           (d->alias && strlen(d->alias) == n && strncmp(d->alias, a, n) == 0);
}

static const cli_opt_def *opt_find(const cli_opt_def *defs, const char *a, size_t n)
{
    for (; defs && defs->name; defs++)
        if (opt_is(defs, a, n))
            return defs;
    return NULL;
}

/*
 * The usage line's words: "gisac intel search"; a command of a group is
 * named with the group's own line first ("gisac incident COMMAND ...").
 */
static void put_usage_head(FILE *f, const cli_cmd *cmd, const char *path)
{
    size_t group = strcspn(path, " ");
    if (path[group] && !cmd->subs)
        fprintf(f, "usage: gisac %.*s COMMAND [ARGS...]\n       gisac %s", (int)group, path, path);
    else
        fprintf(f, "usage: gisac %s", path);
}

static void put_options(FILE *f, const cli_opt_def *defs)
{
    for (; defs && defs->name; defs++) {
        if (!defs->help)
            continue;
        char head[96];
        int n;
        if (defs->alias)
            n = snprintf(head, sizeof head, "%s, %s", defs->alias, defs->name);
        else
            n = snprintf(head, sizeof head, "%s", defs->name);
        if (defs->kind != CLI_FLAG && n > 0 && (size_t)n < sizeof head)
            snprintf(head + n, sizeof head - (size_t)n, " %s", defs->meta ? defs->meta : "VALUE");
        /* the help text: its first line beside the name, the others below */
        const char *h = defs->help;
        size_t w = strlen(head);
        if (w < 18)
            fprintf(f, "  %-18s", head);
        else
            fprintf(f, "  %s\n  %-18s", head, "");
        while (*h) {
            const char *nl = strchr(h, '\n');
            size_t len = nl ? (size_t)(nl - h) : strlen(h);
            fprintf(f, " %.*s\n", (int)len, h);
            h += len;
            if (*h == '\n') {
                h++;
                if (*h)
                    fprintf(f, "  %-18s", "");
            }
        }
    }
}

/* ---- the help (cli_help_entry, made from src/cli/help/ by gen_help) ---------- */

static int help_cmp(const void *key, const void *h)
{
    return strcmp(key, ((const cli_help_entry *)h)->path);
}

const cli_help_entry *cli_help_of(const char *path)
{
    static const cli_help_entry none = {0};
    const cli_help_entry *h =
        bsearch(path, cli_help_table, cli_help_count, sizeof *cli_help_table, help_cmp);
    return h ? h : &none;
}

const cli_help_entry *cli_help_sub(const char *path, const char *sub)
{
    char p[128];
    snprintf(p, sizeof p, "%s %s", path, sub);
    return cli_help_of(p);
}

void cli_cmd_usage(FILE *f, const cli_cmd *cmd, const char *path)
{
    const cli_help_entry *h = cli_help_of(path);
    if (h->usage) {
        fprintf(f, "usage: gisac %s\n", h->usage);
    } else if (cmd->subs) {
        put_usage_head(f, cmd, path);
        fputs(" COMMAND [ARGS...]\n", f);
    } else {
        put_usage_head(f, cmd, path);
        if (cmd->opts && cmd->opts->name)
            fputs(" [OPTIONS]", f);
        fprintf(f, "%s%s\n", h->synopsis && *h->synopsis ? " " : "",
                h->synopsis ? h->synopsis : "");
    }
    if (h->text)
        fprintf(f, "\n%s", h->text);
    if (cmd->subs) {
        fputs("\ncommands:\n", f);
        for (const cli_cmd *s = cmd->subs; s->name; s++) {
            const char *sum = cli_help_sub(path, s->name)->summary;
            fprintf(f, "  %-12s %s\n", s->name, sum ? sum : "");
        }
        fprintf(f, "\nEach command has --help: gisac %s COMMAND --help\n", path);
    } else if (cmd->opts && cmd->opts->name) {
        fputs("\noptions:\n", f);
        put_options(f, cmd->opts);
    }
    if (h->notes)
        fprintf(f, "\n%s", h->notes);
}

/* The entries of cmd (path) and of all below it: every one with a summary
 * ("help" its own entry), marked as seen in seen[]; 0 or the count of
 * problems. list: print each path. */
static int help_walk(const cli_cmd *cmd, const char *path, unsigned char *seen, int list)
{
    const cli_help_entry *h = cli_help_of(path);
    int bad = 0;
    if (!h->path) {
        cli_error("help-check: no help for '%s' (add it to src/cli/help/)", path);
        bad++;
    } else {
        if (seen)
            seen[h - cli_help_table] = 1;
        if (!h->summary) {
            cli_error("help-check: '%s' has no summary", path);
            bad++;
        }
    }
    if (list)
        printf("%s\n", path);
    for (const cli_cmd *s = cmd->subs; s && s->name; s++) {
        char sub[128];
        snprintf(sub, sizeof sub, "%s %s", path, s->name);
        bad += help_walk(s, sub, seen, list);
    }
    return bad;
}

int cli_help_check(const cli_cmd *const *cmds, size_t n)
{
    unsigned char *seen = calloc(cli_help_count + 1, 1);
    if (!seen) {
        cli_error("out of memory");
        return EXIT_FAIL;
    }
    int bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += help_walk(cmds[i], cmds[i]->name, seen, 0);
    for (size_t i = 0; i < cli_help_count; i++)
        if (!seen[i]) {
            cli_error("help-check: the help of '%s' names no command", cli_help_table[i].path);
            bad++;
        }
    free(seen);
    if (bad)
        return EXIT_FAIL;
    for (size_t i = 0; i < n; i++)
        help_walk(cmds[i], cmds[i]->name, NULL, 1);
    return EXIT_OK;
}

/* Store one option's value into the command's options struct. */
static int opt_apply(cli_ctx *c, const cli_opt_def *d, const char *path, const char *v, void *o)
{
    char *p = (char *)o + d->off;
    switch (d->kind) {
    case CLI_FLAG:
        *(int *)p = 1;
        return 0;
    case CLI_STR:
        if (!*v && !(d->flags & CLI_EMPTY_OK))
            break;
        *(const char **)p = v;
        return 0;
    case CLI_INT: {
        long n;
        if (cli_int(v, d->lo, d->hi, &n) < 0) {
            if (d->bad)
                return cli_usage(path, "%s", d->bad);
            return cli_usage(path, "%s must be a number from %ld to %ld", d->name, d->lo, d->hi);
        }
        *(long *)p = n;
        return 0;
    }
    case CLI_TIME: {
        int64_t t;
        if (gisac_time_parse_in(v, strlen(v), cli_zone(c), &t) < 0) {
            if (d->bad)
                return cli_usage(path, "%s", d->bad);
            return cli_usage(path, "%s '%s': give a time such as 2026-11-24T08:00:00Z", d->name, v);
        }
        *(int64_t *)p = t;
        return 0;
    }
    case CLI_LIST: {
        cli_list *l = (cli_list *)p;
        if (!*v && !(d->flags & CLI_EMPTY_OK))
            break;
        l->v[l->n++] = v;
        return 0;
    }
    }
    if (d->bad)
        return cli_usage(path, "%s", d->bad);
    return cli_usage(path, "%s needs a value", d->name);
}

/* Room for every CLI_LIST: as many values as there are words. */
static int lists_init(const cli_opt_def *defs, void *o, int argc, const char ***mem)
{
    size_t nl = 0;
    for (const cli_opt_def *d = defs; d && d->name; d++)
        nl += d->kind == CLI_LIST;
    *mem = NULL;
    if (!nl)
        return 0;
    *mem = calloc(nl * ((size_t)argc + 1), sizeof **mem);
    if (!*mem)
        return -1;
    size_t k = 0;
    for (const cli_opt_def *d = defs; d && d->name; d++)
        if (d->kind == CLI_LIST) {
            cli_list *l = (cli_list *)((char *)o + d->off);
            l->v = *mem + k * ((size_t)argc + 1);
            l->n = 0;
            k++;
        }
    return 0;
}

/*
 * The arguments of a synopsis: a word each ("INCIDENT FILE": 2), one in
 * brackets optional ("[ID]": 0 or 1), one with "..." repeated ("FILE...":
 * 1 or more; max -1: any); of alternatives ("webhook URL | email
 * ADDRESS") the first.
 */
static void synopsis_args(const char *syn, int *min, int *max)
{
    *min = *max = 0;
    for (const char *p = syn ? syn : ""; *p && *p != '|';) {
        size_t n = strcspn(p, " ");
        if (n) {
            int opt = p[0] == '[';
            size_t inner = n - (size_t)opt - (size_t)(opt && p[n - 1] == ']');
            int more = inner >= 3 && strncmp(p + opt + inner - 3, "...", 3) == 0;
            *min += !opt;
            *max = more || *max < 0 ? -1 : *max + 1;
        }
        p += n + (p[n] == ' ');
    }
}

/* A listing (cli_cmd.list) with the options o. */
static int run_list(cli_ctx *c, const cli_cmd *cmd, const void *o)
{
    int json = 0;
    for (const cli_opt_def *d = cmd->opts; d && d->name; d++)
        if (d->kind == CLI_FLAG && strcmp(d->name, "--json") == 0)
            json = *(const int *)((const char *)o + d->off);
    cli_op op;
    int rc = cli_open_rows(c, cmd->open, json, &op);
    if (rc)
        return rc;
    rc = cmd->list(op.a, &op.who, o, &op.out, &op.err);
    return cmd->flags & CLI_NONE_NOTFOUND ? cli_close_rows(&op, rc) : cli_close(&op, rc);
}

/* A command: its options struct is its own (opts_size), else that of the
 * end row of its table (end, or NULL). */
static int run_leaf(cli_ctx *c, const cli_cmd *cmd, const cli_cmd *end, const char *cmd_path,
                    int argc, char **argv)
{
    const cli_help_entry *h = cli_help_of(cmd_path);
    const cli_cmd *of = cmd->opts_size || !end ? cmd : end;
    /* usage errors send to the --help of the command's group ("incident") */
    char path[64];
    snprintf(path, sizeof path, "%.*s",
             (int)(cmd->flags & CLI_HINT_SELF ? strlen(cmd_path) : strcspn(cmd_path, " ")),
             cmd_path);
    /* --help anywhere before "--" wins, as it always has */
    for (int i = 0; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (cli_is_help(argv[i])) {
            cli_cmd_usage(stdout, cmd, cmd_path);
            return EXIT_OK;
        }
    size_t osz = of->opts_size ? of->opts_size : 1;
    void *o = calloc(1, osz);
    char **pos = calloc((size_t)argc + 1, sizeof *pos);
    const char **lists = NULL;
    int rc = EXIT_FAIL;
    if (!o || !pos) {
        cli_error("out of memory");
        goto out;
    }
    if (of->defaults)
        memcpy(o, of->defaults, of->opts_size);
    if (lists_init(cmd->opts, o, argc, &lists) < 0) {
        cli_error("out of memory");
        goto out;
    }
    int npos = 0, opts_done = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (opts_done || a[0] != '-' || a[1] == '\0') {
            pos[npos++] = argv[i];
            continue;
        }
        if (strcmp(a, "--") == 0) {
            opts_done = 1;
            continue;
        }
        const char *eq = strchr(a, '=');
        size_t n = eq ? (size_t)(eq - a) : strlen(a);
        const cli_opt_def *d = opt_find(cmd->opts, a, n);
        if (!d) {
            rc = cli_usage(
                path, "%s%sunknown %s '%s'", cmd->flags & CLI_UNKNOWN_NAMED ? cmd->name : "",
                cmd->flags & CLI_UNKNOWN_NAMED ? ": " : "", h->unknown ? h->unknown : "option", a);
            goto out;
        }
        const char *v = NULL;
        if (d->kind == CLI_FLAG) {
            if (eq) {
                rc = cli_usage(path, "%s takes no value", d->name);
                goto out;
            }
        } else if (eq) {
            v = eq + 1;
        } else if (i + 1 < argc) {
            v = argv[++i];
        } else {
            rc = d->bad ? cli_usage(path, "%s", d->bad)
                        : cli_usage(path, "%s needs a value", d->name);
            goto out;
        }
        if (opt_apply(c, d, path, v, o) != 0)
            goto out;
    }
    int min_args, max_args;
    synopsis_args(h->synopsis, &min_args, &max_args);
    if (npos < min_args) {
        rc = cli_usage(path, "%s", h->missing ? h->missing : "an argument is missing");
        goto out;
    }
    if (max_args >= 0 && npos > max_args) {
        rc = cli_usage(path, "unexpected argument '%s'", pos[max_args]);
        goto out;
    }
    rc = cmd->run ? cmd->run(c, o, npos, pos) : run_list(c, cmd, o);
out:
    free(lists);
    free(pos);
    free(o);
    return rc;
}

/* cli_dispatch of cmd, a row of a table whose end row is end (or NULL) */
static int dispatch_in(cli_ctx *c, const cli_cmd *cmd, const cli_cmd *end, const char *path,
                       int argc, char **argv)
{
    if (!cmd->subs)
        return run_leaf(c, cmd, end, path, argc, argv);
    if (argc < 1) {
        cli_cmd_usage(stderr, cmd, path);
        return EXIT_FAIL;
    }
    if (cli_is_help(argv[0]) || strcmp(argv[0], "help") == 0) {
        cli_cmd_usage(stdout, cmd, path);
        return EXIT_OK;
    }
    const cli_cmd *s = cmd->subs, *found = NULL;
    for (; s->name; s++)
        if (!found && strcmp(s->name, argv[0]) == 0)
            found = s;
    if (found) { /* s is the end row */
        char sub[128];
        snprintf(sub, sizeof sub, "%s %s", path, found->name);
        return dispatch_in(c, found, s, sub, argc - 1, argv + 1);
    }
    cli_error("unknown %s command '%s'", path, argv[0]);
    fprintf(stderr, "gisac: try 'gisac %s --help'\n", path);
    return EXIT_FAIL;
}

int cli_dispatch(cli_ctx *c, const cli_cmd *cmd, const char *path, int argc, char **argv)
{
    return dispatch_in(c, cmd, NULL, path, argc, argv);
}

/* ---- opening the installation -------------------------------------------- */

/* The zone of the process (cli_zone): a front end's state, one thread. */
static gisac_tz *zone;
static int zone_known;

static void zone_free(void)
{
    gisac_tz_free(zone);
}

static void zone_set(const char *name)
{
    gisac_err err = GISAC_ERR_INIT;
    if (gisac_tz_load(name, &zone, &err) < 0)
        cli_error("%s (times are read and shown in UTC)", err.msg);
    zone_known = 1;
    atexit(zone_free);
}

/* The zone of an open installation, when not yet known. */
static void cli_zone_of(app *a)
{
    if (zone_known)
        return;
    const gisac_tz *tz;
    gisac_err err = GISAC_ERR_INIT;
    if (app_time_zone(a, &tz, &err) < 0) {
        cli_error("%s (times are read and shown in UTC)", err.msg);
        zone_known = 1;
        return;
    }
    zone_set(gisac_tz_name(tz));
}

const gisac_tz *cli_zone(cli_ctx *c)
{
    if (zone_known)
        return zone;
    if (!c) {
        zone_set(POLICY_TIME_ZONE_DEFAULT);
        return zone;
    }
    char actor[128];
    cli_actor_name(actor, sizeof actor);
    app_config cfg = {c->db_path, 0, actor};
    gisac_err err = GISAC_ERR_INIT;
    app *a;
    if (app_open(&cfg, &a, &err) == 0) {
        cli_zone_of(a);
        app_close(a);
    } else {
        zone_set(POLICY_TIME_ZONE_DEFAULT);
    }
    return zone;
}

int cli_app(cli_ctx *c, unsigned flags, app **out)
{
    char actor[128];
    cli_actor_name(actor, sizeof actor);
    app_config cfg = {c->db_path, flags & ~(unsigned)(CLI_APP_HINT_IMPORT | CLI_APP_NOTFOUND),
                      actor};
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_open(&cfg, out, &err);
    if (rc == 0)
        cli_zone_of(*out);
    if (rc == GISAC_ENOTFOUND && strcmp(err.field, "$.store") == 0) {
        cli_error("%s: no such database (%sgive --db PATH)", c->db_path,
                  flags & CLI_APP_HINT_IMPORT ? "import a feed first, or " : "");
        return EXIT_FAIL;
    }
    return rc < 0 ? cli_fail(&err) : 0;
}
