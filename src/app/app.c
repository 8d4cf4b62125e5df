/* app.c: opening the installation, its locations, handles and the caller. */
#include "app/app_internal.h"
#include "sandbox/sandbox.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void shared_unref(app_shared *sh)
{
    if (!sh)
        return;
    pthread_mutex_lock(&sh->mu);
    int left = --sh->refs;
    pthread_mutex_unlock(&sh->mu);
    if (left > 0)
        return;
    app_snaps_free(sh->snaps);
    app_nats_free(sh->nats);
    auth_guard_free(sh->guard);
    pthread_mutex_destroy(&sh->mu);
    free(sh->uri);
    free(sh->db_path);
    free(sh->key_path);
    free(sh->audit_key_path);
    free(sh->evdir);
    free(sh);
}

/*
 * Resolve the locations of uri once: the SQLite file and its side files.
 * Other schemes are the store's to accept or refuse (store_open).
 */
static int shared_new(const app_config *cfg, app_shared **out, gisac_err *err)
{
    const char *uri = cfg->store_uri;
    if (!uri || !*uri)
        return gisac_err_at(err, GISAC_EINVAL, "$.store", "no database given");
    app_shared *sh = calloc(1, sizeof *sh);
    if (!sh)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    pthread_mutex_init(&sh->mu, NULL);
    sh->refs = 1;
    sh->flags = cfg->flags;
    const char *path = NULL;
    if (strncmp(uri, "sqlite:", 7) == 0)
        path = uri + 7;
    else if (!strstr(uri, "://"))
        path = uri;
    int oom = !(sh->uri = strdup(uri));
    char *state = NULL;
    if (!path) {
        /* a server: the side files in the state directory */
        const char *dir = getenv("GISAC_STATE_DIR");
        if (!dir || !*dir)
            dir = ".";
        if (!(state = gisac_path_suffix(dir, "/gisac"))) {
            shared_unref(sh);
            return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        }
        oom |= !(sh->key_path = gisac_path_suffix(state, ".key")) ||
               !(sh->audit_key_path = gisac_path_suffix(state, ".audit-key")) ||
               !(sh->evdir = gisac_path_suffix(state, ".evidence"));
        free(state);
    }
    if (path) {
        if (!*path) {
            shared_unref(sh);
            return gisac_err_at(err, GISAC_EINVAL, "$.store", "%s: no file named", uri);
        }
        oom |= !(sh->db_path = strdup(path)) || !(sh->key_path = gisac_path_suffix(path, ".key")) ||
               !(sh->audit_key_path = gisac_path_suffix(path, ".audit-key")) ||
               !(sh->evdir = gisac_path_suffix(path, ".evidence"));
    }
    if (oom) {
        shared_unref(sh);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    if (path && !(cfg->flags & APP_OPEN_CREATE)) {
        struct stat sb;
        if (stat(path, &sb) < 0) {
            int e = errno;
            shared_unref(sh);
            if (e == ENOENT)
                return gisac_err_at(err, GISAC_ENOTFOUND, "$.store", "%s: no such database", path);
            return gisac_err_at(err, GISAC_EIO, "$.store", "%s: %s", path, strerror(e));
        }
    }
    *out = sh;
    return 0;
}

static int handle_new(app_shared *sh, const char *actor, app **out, gisac_err *err)
{
    app *a = calloc(1, sizeof *a);
    if (!a)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    a->sh = sh;
    snprintf(a->actor, sizeof a->actor, "%s", actor ? actor : "system");
    int rc = store_open(sh->db_path ? sh->db_path : sh->uri, &a->st, err);
    if (rc < 0) {
        a->sh = NULL; /* the caller keeps its reference */
        app_close(a);
        return rc;
    }
    store_set_actor(a->st, a->actor);
    *out = a;
    return 0;
}

int app_open(const app_config *cfg, app **out, gisac_err *err)
{
    app_shared *sh = NULL;
    int rc = shared_new(cfg, &sh, err);
    if (rc < 0)
        return rc;
    if ((rc = handle_new(sh, cfg->actor, out, err)) < 0)
        shared_unref(sh);
    return rc;
}

int app_clone(app *a, app **out, gisac_err *err)
{
    pthread_mutex_lock(&a->sh->mu);
    a->sh->refs++;
    pthread_mutex_unlock(&a->sh->mu);
    int rc = handle_new(a->sh, a->actor, out, err);
    if (rc < 0)
        shared_unref(a->sh);
    return rc;
}

static void wipe(unsigned char *p, size_t n)
{
    volatile unsigned char *v = p;
    while (n--)
        *v++ = 0;
}

void app_close(app *a)
{
    if (!a)
        return;
    incident_svc_free(a->inc);
    gisac_tz_free(a->tz);
    gov_ruleset_free(&a->gov_rules);
    auth_close(a->au);
    intel_close(a->in);
    store_close(a->st);
    shared_unref(a->sh);
    wipe(a->notify_key, sizeof a->notify_key);
    free(a);
}

const char *app_store_uri(const app *a)
{
    return a->sh->uri;
}

const char *app_db_path(const app *a)
{
    return a->sh->db_path;
}

const char *app_key_path(const app *a)
{
    return a->sh->key_path;
}

const char *app_audit_key_path(const app *a)
{
    return a->sh->audit_key_path;
}

const char *app_evidence_dir(const app *a)
{
    return a->sh->evdir;
}

void app_set_actor(app *a, const char *actor)
{
    /* a copy in the handle: it cannot fail, so no request ever writes as
     * the one before it */
    snprintf(a->actor, sizeof a->actor, "%s", actor ? actor : "system");
    store_set_actor(a->st, a->actor);
}

const char *app_actor(const app *a)
{
    return a->actor;
}

auth_principal app_operator(const app *a)
{
    auth_principal p;
    memset(&p, 0, sizeof p);
    p.name = a->actor;
    p.role = AUTH_ROLE_ADMIN;
    return p;
}

int app_prepare(app *a, gisac_err *err)
{
    if (!app_intel_h(a, err) || !app_auth_h(a, err) || !app_incident_h(a, err))
        return app_h_fail(err);
    return 0;
}

int app_may(const auth_principal *who, auth_action act, const char *target_agency)
{
    return auth_can(who, act, target_agency);
}

/* ---- service handles, on first use --------------------------------------- */

/* Wipe a secret (the stores cannot be optimised away). */

/* GISAC_SANDBOX=off: imported files parsed in this process (debugging, docs/sandbox.md) */
static int sandbox_off(void)
{
    const char *v = getenv("GISAC_SANDBOX");
    return v && strcmp(v, "off") == 0;
}

void app_sandbox_describe(char *out, size_t cap)
{
    if (sandbox_off()) {
        snprintf(out, cap, "imported files are parsed without a sandbox (GISAC_SANDBOX=off)");
        return;
    }
    sandbox_status st;
    sandbox_probe(&st);
    char d[160];
    sandbox_describe(&st, d, sizeof d);
    char helper[4096];
    gisac_err e = GISAC_ERR_INIT;
    int missing = sandbox_helper_path(helper, sizeof helper, &e) < 0;
    snprintf(out, cap, "imported files are parsed in a sandbox (%s)%s", d,
             missing ? ", but its parse helper gisac-parse is missing: imports fail "
                       "(docs/sandbox.md)"
                     : "");
}

void app_sandbox_state_get(app_sandbox_state *out)
{
    sandbox_status st;
    sandbox_probe(&st);
    out->on = !sandbox_off();
    out->seccomp = st.seccomp;
    out->landlock_abi = st.landlock_abi;
}

intel *app_intel_h(app *a, gisac_err *err)
{
    if (!a->in && intel_new(a->st, &a->in, err) < 0)
        a->in = NULL;
    /* the installation's identity: on a new handle, and again after a change */
    if (a->in && !app_identity_h(a, err)) {
        intel_close(a->in);
        a->in = NULL;
        a->in_keyed = 0;
        a->ident_gen = 0;
    }
    if (a->in && !a->in_keyed)
        intel_set_identity(a->in, &a->ident);
    if (a->in && !a->in_keyed && sandbox_off()) {
        intel_parsing p = {.no_sandbox = 1};
        intel_set_parsing(a->in, &p);
    }
    if (a->in && !a->in_keyed) {
        /* page cursors sealed with the installation's key (made when missing; an
         * installation whose key cannot be read or made seals with one of the handle's) */
        unsigned char key[AUTH_KEY_LEN];
        if (auth_key_load(a->sh->key_path, 0, key, NULL) == 0 ||
            auth_key_load(a->sh->key_path, 1, key, NULL) == 0)
            intel_set_cursor_key(a->in, key, sizeof key);
        wipe(key, sizeof key);
        a->in_keyed = 1;
    }
    return a->in;
}

auth *app_auth_h(app *a, gisac_err *err)
{
    if (a->au)
        return a->au;
    if (auth_new(a->st, a->sh->key_path, &a->au, err) < 0)
        return a->au = NULL;
    /* every handle's logins go through the one guard of the process */
    pthread_mutex_lock(&a->sh->mu);
    int rc = a->sh->guard ? 0 : auth_guard_new(NULL, &a->sh->guard, err);
    pthread_mutex_unlock(&a->sh->mu);
    if (rc < 0) {
        auth_close(a->au);
        return a->au = NULL;
    }
    auth_set_guard(a->au, a->sh->guard);
    return a->au;
}

incident_svc *app_incident_h(app *a, gisac_err *err)
{
    if (!a->inc && incident_svc_new(a->st, a->sh->evdir, &a->inc, err) < 0)
        a->inc = NULL;
    return a->inc;
}

/* ---- the first run ---------------------------------------------------------- */

int app_bootstrap_admin(app *a, const char *password, char pw_out[AUTH_PASSWORD_MAX + 1],
                        int *created, gisac_err *err)
{
    auth *au = app_auth_h(a, err);
    if (!au)
        return app_h_fail(err);
    return auth_bootstrap_admin(au, password, gisac_now(), pw_out, created, err);
}
