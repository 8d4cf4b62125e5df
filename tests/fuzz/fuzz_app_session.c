/*
 * fuzz_app_session.c: libFuzzer target for the web portal's session check
 * (src/app/app_auth_session.c, app_session_check): the cookie's value and
 * the X-CSRF-Token header, both from the request.
 *
 * The input is "SECRET\nCSRF" (no newline: all of it is the secret, and
 * no CSRF token). For every input: the check answers 0 only for the one
 * session opened at start with its own CSRF token (an unsafe request),
 * GISAC_EINVAL for any other secret and GISAC_EFORBIDDEN for the right
 * secret with another token; it never reads past either value. The
 * database lives in a temporary directory removed at exit.
 */
#include "fuzz_util.h"
#include "app/app.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static app *A;
static app_session S;
static char dir[64], db[96];

static void cleanup(void)
{
    char p[160];
    app_close(A);
    static const char *const side[] = {"", "-wal", "-shm", ".key"};
    for (size_t i = 0; i < sizeof side / sizeof side[0]; i++) {
        snprintf(p, sizeof p, "%s%s", db, side[i]);
        unlink(p);
    }
    rmdir(dir);
}

static int setup(void)
{
    setenv("GISAC_PWHASH_FAST", "1", 1);
    snprintf(dir, sizeof dir, "%s", "/tmp/gisac-fuzz-session-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(db, sizeof db, "%s/g.db", dir);
    app_config cfg = {db, APP_OPEN_CREATE, "fuzz"};
    gisac_err err = GISAC_ERR_INIT;
    char pw[AUTH_PASSWORD_MAX + 1];
    int created = 0;
    if (app_open(&cfg, &A, &err) < 0 ||
        app_bootstrap_admin(A, "fuzz password 01", pw, &created, &err) < 0 ||
        app_session_login(A, "admin", "fuzz password 01", NULL, 3600, 7200, 1000, &S, NULL, &err) <
            0)
        return -1;
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready = -2;
    if (ready == -2)
        ready = setup();
    if (ready < 0)
        return 0;
    char *t = fuzz_text(data, size, 1);
    if (!t)
        return 0;
    char *csrf = strchr(t, '\n');
    if (csrf)
        *csrf++ = '\0';
    app_session out;
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_session_check(A, t, 1, csrf, 1001, &out, &err);
    if (strcmp(t, S.secret) != 0)
        CHECK(rc == GISAC_EINVAL);
    else if (csrf && strcmp(csrf, S.csrf) == 0)
        CHECK(rc == 0 && strcmp(out.acc.name, "admin") == 0);
    else
        CHECK(rc == GISAC_EFORBIDDEN);
    /* a safe request needs no token */
    rc = app_session_check(A, t, 0, NULL, 1001, &out, &err);
    CHECK(strcmp(t, S.secret) == 0 ? rc == 0 : rc == GISAC_EINVAL);
    free(t);
    return 0;
}
