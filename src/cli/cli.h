/*
 * cli.h: the command-line front end (private to src/cli). The front end
 * parses arguments, calls a service and renders the result: no SQL and no
 * business rules here.
 *
 * Exit status: 0 success, 1 nothing found, 2 usage error or failure.
 */
#ifndef GISAC_CLI_H
#define GISAC_CLI_H

#include "incident/incident.h"
#include "intel/intel.h"

#include <stdio.h>

enum { EXIT_OK = 0, EXIT_NOTFOUND = 1, EXIT_FAIL = 2 };

typedef struct cli_ctx {
    const char *db_path;
} cli_ctx;

/* "gisac: message" on stderr */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Report a failed service call and return EXIT_FAIL. */
int cli_fail(const gisac_err *err);
/* Print usage text to stdout (for --help) and return EXIT_OK. */
int cli_help(const char *text);
/* Usage error: message, hint, EXIT_FAIL. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Option matching over argv. For "--name VALUE" and "--name=VALUE":
 * returns 1 and sets *val (advancing *i) when argv[*i] is that option,
 * 0 when it is not, -1 when its value is missing.
 */
int cli_opt(int argc, char **argv, int *i, const char *name, const char **val);
/* 1 when argv[i] is one of the help flags */
int cli_is_help(const char *arg);
/* Parse an integer in [lo, hi]; 0 or -1. */
int cli_int(const char *s, long lo, long hi, long *out);

/* Name the local user as the actor of the store's writes: "cli:<login name>". */
void cli_set_actor(store *s);
/* Open the service on the database chosen by --db, GISAC_DB or ./gisac.db */
int cli_open(cli_ctx *c, intel **out);
/* The same, for commands that only read: a missing database is an error
 * (a mistyped --db must not answer "nothing found"). */
int cli_open_existing(cli_ctx *c, intel **out);

int cmd_feed(cli_ctx *c, int argc, char **argv);
int cmd_intel(cli_ctx *c, int argc, char **argv);
int cmd_allow(cli_ctx *c, int argc, char **argv);
int cmd_match(cli_ctx *c, int argc, char **argv);
int cmd_agency(cli_ctx *c, int argc, char **argv);
int cmd_user(cli_ctx *c, int argc, char **argv);
int cmd_token(cli_ctx *c, int argc, char **argv);
int cmd_serve(cli_ctx *c, int argc, char **argv);
int cmd_audit(cli_ctx *c, int argc, char **argv);
int cmd_notify(cli_ctx *c, int argc, char **argv);
int cmd_incident(cli_ctx *c, int argc, char **argv);
int cmd_policy(cli_ctx *c, int argc, char **argv);
int cmd_evidence(cli_ctx *c, int argc, char **argv);
int cmd_advisory(cli_ctx *c, int argc, char **argv);
int cmd_status(cli_ctx *c, int argc, char **argv);
int cmd_report(cli_ctx *c, int argc, char **argv);

/*
 * cmd_incident.c, for the incident, evidence and policy commands: open the
 * incident service on an existing database (CLI_INCIDENT_CREATE: created
 * when missing), name the local user as the actor, and make *who the local
 * operator (role admin: whoever holds the database file holds everything).
 * CLI_INCIDENT_CHECK first records the breaches due at now
 * (incident_check_breaches), as every incident command does. Returns 0,
 * or the exit status after printing the error.
 */
enum { CLI_INCIDENT_CHECK = 1, CLI_INCIDENT_CREATE = 2 };
int cli_incident_open(cli_ctx *c, int flags, incident_svc **svc, auth_principal *who);
/* Parse a time option value; prints the error and returns -1 when bad. */
int cli_time_opt(const char *cmd, const char *opt, const char *val, int64_t *out);

#endif
