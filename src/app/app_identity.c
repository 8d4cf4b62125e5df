/* app_identity.c: the installation's identity (app_identity.h). */
#include "app/app_internal.h"
#include "store/store_audit.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The identity a new database is given: random, or the environment's. */
static int first_identity(store_identity *out, gisac_err *err)
{
    const char *uuid = getenv("GISAC_IDENTITY_UUID");
    const char *name = getenv("GISAC_IDENTITY_NAME");
    char fresh[GISAC_UUID_LEN];
    if (!uuid || !*uuid) {
        if (gisac_uuid4(fresh) < 0)
            return gisac_err_set(err, GISAC_EIO, "no randomness for the installation's UUID");
        uuid = fresh;
    }
    /* the legacy identity named again (a new database of an installation
     * that published with it) is the object published before: its times */
    const gisac_identity *legacy = gisac_identity_legacy();
    int64_t now = gisac_now();
    if (strcasecmp(uuid, legacy->uuid) == 0)
        now = legacy->created;
    gisac_identity id;
    int rc = gisac_identity_make(uuid, name, now, now, &id, err);
    if (rc < 0) { /* the message names the variable */
        char msg[GISAC_ERR_MSG];
        const char *var = strcmp(err->field, "$.uuid") == 0 ? "UUID" : "NAME";
        snprintf(msg, sizeof msg, "%s", err->msg);
        return gisac_err_set(err, rc, "GISAC_IDENTITY_%s: %s", var, msg);
    }
    memset(out, 0, sizeof *out);
    memcpy(out->uuid, id.uuid, sizeof out->uuid);
    memcpy(out->name, id.name, sizeof out->name);
    out->created = id.created;
    out->modified = id.modified;
    return 0;
}

static unsigned shared_gen(app *a)
{
    pthread_mutex_lock(&a->sh->mu);
    unsigned g = a->sh->ident_gen;
    pthread_mutex_unlock(&a->sh->mu);
    return g;
}

const gisac_identity *app_identity_h(app *a, gisac_err *err)
{
    unsigned gen = shared_gen(a);
    if (a->ident_gen == gen + 1)
        return &a->ident;
    store_identity s;
    int rc = store_identity_get(a->st, &s, err);
    if (rc == GISAC_ENOTFOUND) { /* the first open of a new database */
        gisac_err_clear(err);
        int made;
        rc = first_identity(&s, err);
        if (rc == 0)
            rc = store_identity_init(a->st, &s, &made, err);
        if (rc == 0)
            rc = store_identity_get(a->st, &s, err);
    }
    if (rc == 0)
        rc = gisac_identity_make(s.uuid, s.name, s.created, s.modified, &a->ident, err);
    if (rc < 0)
        return NULL;
    a->ident_gen = gen + 1;
    if (a->in)
        intel_set_identity(a->in, &a->ident);
    return &a->ident;
}

const gisac_identity *app_identity(app *a)
{
    gisac_err err = GISAC_ERR_INIT;
    const gisac_identity *id = app_identity_h(a, &err);
    return id ? id : gisac_identity_legacy();
}

static int admin_only(const auth_principal *who, gisac_err *err)
{
    if (!auth_can(who, AUTH_ADMIN, NULL))
        return gisac_err_set(err, GISAC_EFORBIDDEN,
                             "only an administrator may see or change the installation's identity");
    return 0;
}

int app_show_identity(app *a, const auth_principal *who, gisac_identity *out, gisac_err *err)
{
    int rc = admin_only(who, err);
    if (rc < 0)
        return rc;
    const gisac_identity *id = app_identity_h(a, err);
    if (!id)
        return app_h_fail(err);
    *out = *id;
    return 0;
}

int app_set_identity(app *a, const auth_principal *who, const char *name, const char *uuid,
                     gisac_identity *out, gisac_err *err)
{
    int rc = admin_only(who, err);
    if (rc < 0)
        return rc;
    if (!name && !uuid)
        return gisac_err_at(err, GISAC_EINVAL, "$.name", "give a name or a uuid (or both)");
    const gisac_identity *cur = app_identity_h(a, err);
    if (!cur)
        return app_h_fail(err);
    int64_t now = gisac_now();
    gisac_identity next;
    rc = gisac_identity_make(uuid ? uuid : cur->uuid, name ? name : cur->name, cur->created,
                             now > cur->modified ? now : cur->modified, &next, err);
    if (rc < 0)
        return rc;
    if (name && !*name)
        return gisac_err_at(err, GISAC_EINVAL, "$.name", "name: empty");
    if (strcmp(next.uuid, cur->uuid) == 0 && strcmp(next.name, cur->name) == 0) {
        *out = *cur; /* nothing changes: no new version of the identity object */
        return 0;
    }
    store_identity s;
    memset(&s, 0, sizeof s);
    memcpy(s.uuid, next.uuid, sizeof s.uuid);
    memcpy(s.name, next.name, sizeof s.name);
    s.created = next.created;
    s.modified = next.modified;
    gisac_buf detail = GISAC_BUF_INIT;
    rc = gisac_buf_printf(&detail, "uuid %s -> %s; name ", cur->uuid, next.uuid) |
                 gisac_buf_json_str(&detail, cur->name) | gisac_buf_puts(&detail, " -> ") |
                 gisac_buf_json_str(&detail, next.name)
             ? gisac_err_set(err, GISAC_ENOMEM, "out of memory")
             : 0;
    if (rc == 0)
        rc = store_begin(a->st, err);
    if (rc == 0) {
        rc = store_identity_set(a->st, &s, err);
        if (rc == 0)
            rc = store_audit_append(a->st, now, "identity.set", next.uuid, detail.data, err);
        if (rc == 0)
            rc = store_commit(a->st, err);
        else
            store_rollback(a->st);
    }
    gisac_buf_free(&detail);
    if (rc < 0)
        return rc;
    pthread_mutex_lock(&a->sh->mu); /* the other handles of the process read it again */
    a->sh->ident_gen++;
    pthread_mutex_unlock(&a->sh->mu);
    const gisac_identity *id = app_identity_h(a, err);
    if (!id)
        return app_h_fail(err);
    *out = *id;
    return 0;
}
