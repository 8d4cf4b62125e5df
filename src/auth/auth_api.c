/*
 * auth_api.c: who may see which account and token, for the REST API
 * (docs/api.md). An agency officer sees the accounts of its own agency
 * only; everyone sees their own account and tokens; staff see every
 * account, and only an administrator sees every token.
 */
#include "auth/auth_internal.h"

#include <string.h>

static int self(const auth_principal *p, const char *name)
{
    return p->name && name && strcmp(p->name, name) == 0;
}

int auth_account_visible(const auth_principal *p, const auth_account *target)
{
    if (!p || !target)
        return 0;
    if (self(p, target->name))
        return 1;
    if (p->role == AUTH_ROLE_ADMIN || p->role == AUTH_ROLE_ANALYST)
        return 1;
    if (p->role == AUTH_ROLE_AGENCY)
        return target->agency[0] && auth_can(p, AUTH_READ_AGENCY, target->agency);
    return 0;
}

int auth_token_visible(const auth_principal *p, const auth_token *t)
{
    if (!p || !t)
        return 0;
    return p->role == AUTH_ROLE_ADMIN || self(p, t->user);
}

typedef struct find_ctx {
    const auth_principal *p;
    const char *id;
    auth_token *out;
    int found;
} find_ctx;

static int find_cb(void *ctx, const auth_token *t)
{
    find_ctx *f = ctx;
    if (strcmp(t->id, f->id) != 0 || !auth_token_visible(f->p, t))
        return 0;
    *f->out = *t;
    f->found = 1;
    return 1;
}

int auth_token_find(auth *a, const auth_principal *p, const char *id, auth_token *out,
                    gisac_err *err)
{
    find_ctx f = {p, id, out, 0};
    int rc = auth_token_list(a, p->role == AUTH_ROLE_ADMIN ? NULL : p->name, find_cb, &f, err);
    if (rc < 0 && rc != GISAC_ENOTFOUND)
        return rc;
    if (!f.found)
        return gisac_err_set(err, GISAC_ENOTFOUND, "no such token");
    return 0;
}
