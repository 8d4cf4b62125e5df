/*
 * cli.h: the command-line front end (private to src/cli). The front end
 * parses arguments, calls one app function (src/app) and renders the
 * result: no SQL, no business rules and no domain JSON shape here.
 *
 * Commands are rows of tables (cli_cmd): main.c's table of commands, each
 * group's table of subcommands, each subcommand's table of options
 * (cli_opt_def). One parser (cli_args.c) reads every command line; usage
 * and --help are made from the same tables.
 *
 * Exit status: 0 success, 1 nothing found, 2 usage error or failure.
 */
#ifndef GISAC_CLI_H
#define GISAC_CLI_H

#include "app/app.h"

#include <stddef.h>
#include <stdio.h>

enum { EXIT_OK = 0, EXIT_NOTFOUND = 1, EXIT_FAIL = 2 };

typedef struct cli_ctx {
    const char *db_path;
} cli_ctx;

/* ---- the tables ------------------------------------------------------ */

/* The rows of a listing: JSON lines (json) or tab-separated text. */
typedef struct cli_rows {
    int json;
    int64_t now; /* for renderings that show a status */
    size_t n;    /* rows so far */
    gisac_buf b; /* for the JSON (gisac_buf_free it) */
} cli_rows;
/* A listing's app call (cli_cmd.list): every row through its row
 * callback, given out; opts the command's options. */
typedef int (*cli_list_fn)(app *a, const auth_principal *who, const void *opts, cli_rows *out,
                           gisac_err *err);

typedef enum cli_kind {
    CLI_FLAG, /* int: 1 when given */
    CLI_STR,  /* const char *: the value (the last one given) */
    CLI_INT,  /* long in [lo, hi] */
    CLI_TIME, /* int64_t: a time; without an offset local in the installation's zone */
    CLI_LIST, /* cli_list: every value given, in order */
} cli_kind;

enum { CLI_EMPTY_OK = 1 };
/* The row of a --json flag: an int at offset off of the options, with its help. */
#define CLI_JSON_FLAG(off, help)                                                                   \
    {                                                                                              \
        "--json", CLI_FLAG, (off), NULL, (help), .flags = 0                                        \
    } /* cli_opt_def.flags: "" is a value (CLI_STR, CLI_LIST) */

typedef struct cli_list {
    const char **v;
    size_t n;
} cli_list;

/* One option: "--name VALUE" or "--name=VALUE" (a flag: "--name"). */
typedef struct cli_opt_def {
    const char *name; /* "--format"; NULL ends a table */
    cli_kind kind;
    size_t off;        /* offsetof(the command's options struct, its field) */
    const char *meta;  /* the value's name in the usage ("F"); NULL: VALUE */
    const char *help;  /* its help; lines after the first on "\n"; NULL: hidden */
    long lo, hi;       /* CLI_INT: the range */
    const char *alias; /* another spelling ("-o"), or NULL */
    const char *bad;   /* the message of a missing or bad value; NULL: a generic one */
    unsigned flags;    /* CLI_EMPTY_OK */
} cli_opt_def;

/* cli_cmd.flags: usage errors point at this command's own --help (not its
 * group's); an unknown option's message starts with the command's name
 * ("publish: unknown argument '--x'"); a listing (cli_cmd.list) without
 * a row is EXIT_NOTFOUND. */
enum { CLI_HINT_SELF = 1, CLI_UNKNOWN_NAMED = 2, CLI_NONE_NOTFOUND = 4 };

/*
 * A command: a group of subcommands, or one with options and arguments.
 * The table holds only what is code; its words for people (synopsis,
 * summary, description, notes, its usage messages) are in its help
 * catalogue, src/cli/help/<command>.txt, under its path (cli_help_entry).
 */
typedef struct cli_cmd {
    const char *name; /* "search"; NULL ends a table */
    /* a group: its table of commands. The row that ends a table (name
     * NULL) may give opts_size and defaults: those of every command of
     * the table that gives no opts_size of its own. */
    const struct cli_cmd *subs;
    /* a command: its options, read into a struct of opts_size bytes that
     * starts as a copy of defaults (NULL: zeroes); then run gets the
     * positional arguments, as many as the synopsis (cli_help_entry) names: a
     * word each, "[WORD]" optional, "WORD..." repeated, of "A B | C D"
     * the first */
    const cli_opt_def *opts;
    size_t opts_size;
    const void *defaults;
    unsigned flags; /* CLI_HINT_SELF, CLI_UNKNOWN_NAMED */
    int (*run)(struct cli_ctx *c, void *opts, int argc, char **argv);
    /* or a listing (run NULL): the installation opened as cli_open_rows
     * does (flags open; JSON lines when the command's --json flag is
     * given), list called with the options, closed (cli_close, or
     * cli_close_rows with CLI_NONE_NOTFOUND) */
    cli_list_fn list;
    unsigned open;
} cli_cmd;

/*
 * The help of one command, by its path ("intel search"): compiled from the
 * catalogues src/cli/help/<command>.txt by src/cli/gen/gen_help.c (its header
 * comment is the format). NULL: the field is absent.
 */
typedef struct cli_help_entry {
    const char *path;     /* "intel search" */
    const char *synopsis; /* what follows the options in the usage: "VALUE..." */
    const char *summary;  /* one line, for the list of the group above */
    const char *usage;    /* the usage line after "gisac ", when the made one will not do */
    const char *missing;  /* the message when arguments are missing */
    const char *unknown;  /* an unknown option is an "unknown <this> '--x'"; NULL: "option" */
    const char *text;     /* the description before the options ("\n"-ended lines) */
    const char *notes;    /* text after the options */
} cli_help_entry;
/* The generated table, sorted by path (strcmp). */
extern const cli_help_entry cli_help_table[];
extern const size_t cli_help_count;
/* The help of path; one with every field absent when there is none
 * (gisac help-check finds those). Never NULL. */
const cli_help_entry *cli_help_of(const char *path);
/* The help of the subcommand sub of path ("intel" and "search"). */
const cli_help_entry *cli_help_sub(const char *path, const char *sub);
/*
 * Check the command tables against the help table: every command has an
 * entry with a summary, every entry names a command. Prints each problem
 * ("gisac: no help for 'x y'") and returns EXIT_FAIL; else prints every
 * command path, one a line, and returns EXIT_OK (gisac help-check).
 */
int cli_help_check(const cli_cmd *const *cmds, size_t n);

/*
 * Run argv (the words after path, e.g. path "intel" and argv "search
 * x") through cmd: --help/-h print the usage to stdout; an unknown option,
 * a missing value, a bad number or time, or a wrong count of arguments is
 * a usage error (EXIT_FAIL) naming it. "--" ends the options; "-" is an
 * argument.
 */
int cli_dispatch(struct cli_ctx *c, const cli_cmd *cmd, const char *path, int argc, char **argv);
/* The usage of cmd (made from its table). */
void cli_cmd_usage(FILE *f, const cli_cmd *cmd, const char *path);

/* The commands that are groups: their tables of subcommands (main.c names
 * the groups). */
extern const cli_cmd cli_feed_cmds[], cli_intel_cmds[], cli_allow_cmds[], cli_agency_cmds[],
    cli_user_cmds[], cli_token_cmds[], cli_audit_cmds[], cli_notify_cmds[], cli_incident_cmds[],
    cli_evidence_cmds[], cli_policy_cmds[], cli_advisory_cmds[], cli_alert_cmds[],
    cli_sighting_cmds[], cli_app_cmds[], cli_obligation_cmds[], cli_system_cmds[],
    cli_assessment_cmds[], cli_finding_cmds[], cli_scap_cmds[], cli_asset_cmds[], cli_vuln_cmds[],
    cli_identity_cmds[];
/* The commands that are one command each. */
extern const cli_cmd cli_match_cmd, cli_serve_cmd, cli_status_cmd, cli_report_cmd;
extern const cli_cmd cli_publish_cmd, cli_worker_cmd, cli_hunt_cmd; /* cmd_nats.c */

/*
 * Open the installation named by --db, GISAC_DB or ./gisac.db, as the
 * local operator ("cli:<login name>"). flags: APP_OPEN_CREATE for commands
 * that may create the database; without it a missing database is the
 * error "PATH: no such database (give --db PATH)", with
 * CLI_APP_HINT_IMPORT "(import a feed first, or give --db PATH)".
 * Returns 0, or the exit status after printing the error.
 */
enum { CLI_APP_HINT_IMPORT = 1u << 16, CLI_APP_NOTFOUND = 1u << 17 };
int cli_app(struct cli_ctx *c, unsigned flags, app **out);
/*
 * The installation's time zone, for reading the times of options and
 * showing times (cli_put_time): the active policy's, looked up once per
 * process (the CLI is one thread): when the installation is opened
 * (cli_app), or first needed before that; without a database the
 * policy's default. NULL (UTC) only when even that cannot be loaded.
 */
const gisac_tz *cli_zone(struct cli_ctx *c);
/* "cli:<login name>" (or "cli:uid-N") into out. */
void cli_actor_name(char *out, size_t cap);
/*
 * The installation opened for one command, as the local operator: its
 * app calls take op.a, &op.who and &op.err; a listing's row callbacks
 * take &op.out, a rendering goes into &op.out.b (owned by op: cli_close
 * frees it).
 */
typedef struct cli_op {
    app *a;
    auth_principal who;
    gisac_err err;
    unsigned flags;
    cli_rows out;
} cli_op;
/* Open it (cli_app's flags): 0, or the exit status after the error. */
int cli_open(struct cli_ctx *c, unsigned flags, cli_op *op);
/* Open it for a listing: op->out is JSON lines when json, its now the
 * current time. */
int cli_open_rows(struct cli_ctx *c, unsigned flags, int json, cli_op *op);
/*
 * Close it after the app call that returned rc: EXIT_OK when rc >= 0,
 * else the exit status after its error (cli_fail; with CLI_APP_NOTFOUND
 * among the flags, cli_app_fail: "not found" is EXIT_NOTFOUND). Frees
 * op->out.b.
 */
int cli_close(cli_op *op, int rc);
/*
 * One file of an import: its bytes (never NULL) and length, given to the
 * app through op; prints its own line when it succeeds. Returns 0 or a
 * negative GISAC_E* with err set, and *line the file's line at fault (0:
 * none).
 */
typedef int (*cli_file_fn)(cli_op *op, const char *path, const char *data, size_t len, void *ctx,
                           size_t *line, gisac_err *err);
/*
 * An import of n files: the installation opened (cli_open with flags),
 * each path read whole and given to fn, closed. A file that cannot be
 * read or that fn fails is told on stderr ("FILE: message", or
 * "FILE:LINE: message") and counted in *failed; the next one goes on.
 * Returns 0, or the exit status when the installation cannot be opened.
 */
int cli_import(struct cli_ctx *c, unsigned flags, char *const *paths, size_t n, cli_file_fn fn,
               void *ctx, int *failed);
/* cli_close after an app call (rc) that rendered JSON into op->out.b:
 * when it succeeded, the rendering is printed first as one line. */
int cli_close_json(cli_op *op, int rc);
/* An app call rendering the record id as JSON into out. */
typedef int (*cli_id_json_fn)(app *a, const auth_principal *who, int64_t id, gisac_buf *out,
                              gisac_err *err);
/*
 * `cmd ID` showing one record: arg read as the id (cli_id_arg), fn's JSON
 * printed as one line (cli_close_json; "not found" is EXIT_NOTFOUND).
 * Returns the exit status.
 */
int cli_show_by_id(struct cli_ctx *c, const char *cmd, const char *arg, cli_id_json_fn fn);
/* cli_close after a listing: EXIT_NOTFOUND when it succeeded without a row. */
int cli_close_rows(cli_op *op, int rc);
/*
 * Read the id argument s of cmd (1 to 2000000000) into *id: 0, or the
 * usage error "'s' is not a<what>" (what: " scan id"; NULL: "n id").
 */
int cli_id_arg(const char *cmd, const char *s, const char *what, int64_t *id);
/*
 * Run fn on the installation (cli_app's flags) as the local operator;
 * its error is printed (cli_app_fail). EXIT_OK when fn returns 0 or more.
 */
typedef int (*cli_app_fn)(app *a, const auth_principal *who, void *arg, gisac_err *err);
int cli_run(struct cli_ctx *c, unsigned flags, cli_app_fn fn, void *arg);

/*
 * Run fn, a rendering into a buffer, on the installation (cli_app's
 * flags, CLI_APP_NOTFOUND among them) as the local operator: the rendering
 * goes to stdout, or with out to that file (written atomically).
 */
typedef int (*cli_render_fn)(app *a, const auth_principal *who, const void *arg, gisac_buf *b,
                             gisac_err *err);
int cli_render(struct cli_ctx *c, unsigned flags, cli_render_fn fn, const void *arg,
               const char *out);

/* ---- output ------------------------------------------------------------ */

/* "gisac: message" on stderr */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Report a failed service call and return EXIT_FAIL. */
int cli_fail(const gisac_err *err);
/* Print usage text to stdout (for --help) and return EXIT_OK. */
int cli_help(const char *text);
/* Usage error: message, hint, EXIT_FAIL. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* 1 when argv[i] is one of the help flags */
int cli_is_help(const char *arg);
/* Parse an integer in [lo, hi]; 0 or -1. */
int cli_int(const char *s, long lo, long hi, long *out);

/* The end of a failed app call: "not found" is its message and
 * EXIT_NOTFOUND; anything else cli_fail (EXIT_FAIL). */
int cli_app_fail(int rc, const gisac_err *err);
/* A time on stdout as local time with its offset in the installation's
 * zone ("2026-12-06T20:00:00+08:00"); 0: "-". */
void cli_put_time(int64_t t);
/* One line of a human "label value" block (cli_put_kv). */
typedef enum cli_kv_kind {
    CLI_KV_TEXT, /* s */
    CLI_KV_DASH, /* s, or "-" when NULL or "" */
    CLI_KV_INT,  /* v */
    CLI_KV_TIME, /* v as local time (cli_put_time), or "-" for 0 */
} cli_kv_kind;
typedef struct cli_kv {
    const char *label;
    cli_kv_kind kind;
    const char *s;
    int64_t v;
} cli_kv;
/* The lines "label value" on stdout, every value at column width. */
void cli_put_kv(const cli_kv *kv, size_t n, int width);
/* A JSON rendering (rc its result) as one line on stdout; the buffer is emptied. */
int cli_put_json(gisac_buf *b, int rc);
/* A rendering (rc its result) as it is on stdout, then freed; returns rc. */
int cli_put_buf(gisac_buf *b, int rc);
/* A rendering on stdout: as one JSON line when json, else as it is; then freed. */
void cli_put_out(gisac_buf *b, int json);
/*
 * A JSON object of n string members into b: its names name[i], its
 * values val[i] (NULL: null), in order ({"rule":"r","result":null}).
 */
void cli_json_strs(gisac_buf *b, const char *const *name, const char *const *val, size_t n);

/* A row's JSON rendering into r->b (rc its result) as one line; counts the row. */
int cli_row_json(cli_rows *r, int rc);
/* t as cli_put_time shows it, into out (GISAC_TIME_LEN bytes; 0: "-"). */
void cli_time_text(int64_t t, char out[GISAC_TIME_LEN]);
/* Overwrite a secret (not optimised away). */
void cli_wipe(void *p, size_t n);

#endif
