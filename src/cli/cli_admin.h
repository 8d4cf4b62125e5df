/*
 * cli_admin.h: shared by the administration commands (agency, user,
 * token, audit, notify) of src/cli.
 */
#ifndef GISAC_CLI_ADMIN_H
#define GISAC_CLI_ADMIN_H

#include "cli/cli.h"

/*
 * cli_app, where a missing database (without APP_OPEN_CREATE) reads
 * "PATH: no such database (give --db PATH)". 0, or the exit status after
 * printing the error.
 */
int cli_admin_app(cli_ctx *c, unsigned flags, app **out);
/*
 * Run fn on the installation (flags: APP_OPEN_CREATE or 0) as the local
 * operator; fn's error is printed: EXIT_NOTFOUND for a missing subject,
 * else EXIT_FAIL. EXIT_OK when fn returns 0 or more.
 */
typedef int (*cli_admin_fn)(app *a, const auth_principal *who, void *arg, gisac_err *err);
int cli_admin_run(cli_ctx *c, unsigned flags, cli_admin_fn fn, void *arg);
/* A failed app call: EXIT_NOTFOUND for a missing subject, else EXIT_FAIL; printed. */
int cli_admin_fail(int rc, const gisac_err *err);
/* A JSON rendering (rc its result) as one line on stdout; the buffer is emptied. */
int cli_put_json(gisac_buf *b, int rc);

/* Overwrite a secret (not optimised away). */
void cli_wipe(void *p, size_t n);

#endif
