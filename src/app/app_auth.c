/*
 * app_auth.c: sign-in, agencies, accounts and tokens, with the rules of
 * who may see and change what (app_auth.h).
 */
#include "app/app_internal.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int is_admin(const auth_principal *who)
{
    return auth_can(who, AUTH_ADMIN, NULL);
}

static int is_self(const auth_principal *who, const char *name)
{
    return who->name && name && strcmp(who->name, name) == 0;
}

/* The error in err (code rc) concerns field. */
static int at(gisac_err *err, int rc, const char *field)
{
    if (err)
        snprintf(err->field, sizeof err->field, "%s", field);
    return rc;
}

static int forbidden(gisac_err *err, const char *what)
{
    return gisac_err_set(err, GISAC_EFORBIDDEN, "only an administrator may %s", what);
}

/*
 * The prologue of a use case: with admin_only (what only an administrator
 * may do), who must be one; then the auth handle into *au. 0, or the
 * error's code.
 */
static int auth_for(app *a, const auth_principal *who, const char *admin_only, auth **au,
                    gisac_err *err)
{
    if (admin_only && !is_admin(who))
        return forbidden(err, admin_only);
    *au = app_auth_h(a, err);
    return *au ? 0 : app_h_fail(err);
}

/*
 * auth_for an administrator's addition (admin_only says what), then the
 * name the new record gets checked by check: its error names field.
 */
static int auth_for_new(app *a, const auth_principal *who, const char *admin_only, auth **au,
                        int (*check)(const char *, gisac_err *), const char *name,
                        const char *field, gisac_err *err)
{
    int rc = auth_for(a, who, admin_only, au, err);
    if (rc == 0 && (rc = check(name, err)) < 0)
        return at(err, rc, field);
    return rc;
}

/* A listing's callback behind who's view: rows who may not see are passed over. */
typedef struct visible {
    const auth_principal *who;
    union {
        auth_agency_cb agency;
        auth_account_cb account;
        auth_token_cb token;
    } cb;
    void *ctx;
} visible;

/* ---- sign-in ----------------------------------------------------------------- */

/* "Name credentials": 1 and *rest at the credentials when h uses scheme name. */
static int scheme(const char *h, const char *name, const char **rest)
{
    size_t n = strlen(name);
    if (strncasecmp(h, name, n) != 0 || h[n] != ' ')
        return 0;
    const char *p = h + n;
    while (*p == ' ')
        p++;
    *rest = p;
    return 1;
}

/* HTTP Basic: name and password out of base64 "name:password". */
static int basic_login(auth *au, const char *cred, const char *from, int64_t now, auth_account *acc,
                       int64_t *retry_after, gisac_err *err)
{
    size_t clen = strlen(cred);
    if (clen > 4 * (AUTH_USER_NAME_MAX + 1 + AUTH_PASSWORD_MAX) / 3 + 4)
        return GISAC_EINVAL;
    char dec[AUTH_USER_NAME_MAX + 1 + AUTH_PASSWORD_MAX + 4];
    size_t dlen = 0;
    if (sodium_base642bin((unsigned char *)dec, sizeof dec - 1, cred, clen, NULL, &dlen, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return GISAC_EINVAL;
    dec[dlen] = '\0';
    char *colon = memchr(dec, ':', dlen);
    int rc = GISAC_EINVAL;
    if (colon && strlen(dec) == dlen) { /* a separator, and no NUL inside */
        *colon = '\0';
        rc = auth_login_from(au, dec, colon + 1, from, now, acc, NULL, retry_after, err);
    }
    sodium_memzero(dec, sizeof dec);
    return rc;
}

int app_authenticate(app *a, const char *authorization, const char *from, int64_t now,
                     unsigned flags, auth_account *acc, int64_t *retry_after, gisac_err *err)
{
    /* what is written before the caller is known (failed logins): never
     * the previous request's actor */
    app_set_actor(a, "anonymous");
    if (!authorization)
        return GISAC_EINVAL;
    auth *au;
    int rc = auth_for(a, NULL, NULL, &au, err);
    if (rc < 0)
        return rc;
    const char *cred;
    int held = 0;
    if (scheme(authorization, "Bearer", &cred) || scheme(authorization, "Token", &cred)) {
        /* a failed snapshot only costs the second transaction */
        held = (flags & APP_AUTH_HOLD_READ) && store_read_begin(a->st, NULL) == 0;
        rc = auth_token_check(au, cred, now, acc, NULL, err);
    } else if (scheme(authorization, "Basic", &cred)) {
        rc = basic_login(au, cred, from, now, acc, retry_after, err);
    } else {
        return GISAC_EINVAL;
    }
    if (rc == GISAC_EFORBIDDEN) /* disabled, locked, revoked, expired: as a bad one */
        rc = GISAC_EINVAL;
    if (rc < 0) {
        if (held)
            store_read_end(a->st);
        return rc;
    }
    char actor[AUTH_USER_NAME_MAX + 8];
    snprintf(actor, sizeof actor, "user:%s", acc->name);
    app_set_actor(a, actor);
    return held;
}

void app_read_end(app *a)
{
    store_read_end(a->st);
}

/* ---- agencies ------------------------------------------------------------------ */

static int agency_not_found(const char *id, gisac_err *err)
{
    return gisac_err_set(err, GISAC_ENOTFOUND, "agency %s: not found", id);
}

int app_agency_add(app *a, const auth_principal *who, const char *id, const auth_agency_change *v,
                   auth_agency *out, gisac_err *err)
{
    auth *au;
    int rc = auth_for_new(a, who, "add agencies", &au, auth_agency_id_check, id, "$.id", err);
    if (rc < 0)
        return rc;
    return auth_agency_add(au, id, v, gisac_now(), out, err);
}

int app_agency_get(app *a, const auth_principal *who, const char *id, auth_agency *out,
                   gisac_err *err)
{
    if (!auth_can(who, AUTH_READ_AGENCY, id))
        return agency_not_found(id, err);
    auth *au;
    int rc = auth_for(a, who, NULL, &au, err);
    return rc < 0 ? rc : auth_agency_get(au, id, out, err);
}

int app_agency_update(app *a, const auth_principal *who, const char *id,
                      const auth_agency_change *v, auth_agency *out, gisac_err *err)
{
    auth_agency cur;
    int rc = app_agency_get(a, who, id, &cur, err);
    if (rc < 0)
        return rc;
    if (!is_admin(who))
        return forbidden(err, "change agencies");
    return auth_agency_update(a->au, cur.id, v, gisac_now(), out, err);
}

static int agency_visible_cb(void *ctx, const auth_agency *ag)
{
    visible *f = ctx;
    return auth_can(f->who, AUTH_READ_AGENCY, ag->id) ? f->cb.agency(f->ctx, ag) : 0;
}

int app_agency_list(app *a, const auth_principal *who, auth_agency_cb cb, void *ctx, gisac_err *err)
{
    auth *au;
    int rc = auth_for(a, who, NULL, &au, err);
    visible f = {who, {.agency = cb}, ctx};
    return rc < 0 ? rc : auth_agency_list(au, agency_visible_cb, &f, err);
}

/* ---- accounts ------------------------------------------------------------------ */

/* password, or a generated one into gen (gen is "" otherwise). */
static int password_or_generated(const char *name, const char *password,
                                 char gen[AUTH_PASSWORD_GEN_LEN + 1], const char **pw,
                                 gisac_err *err)
{
    gen[0] = '\0';
    if (password) {
        *pw = password;
        int rc = auth_password_check(name, password, err);
        return rc < 0 ? at(err, rc, "$.password") : 0;
    }
    int rc = auth_password_generate(gen, err);
    *pw = gen;
    return rc < 0 ? GISAC_EIO : 0;
}

int app_user_add(app *a, const auth_principal *who, const char *name, auth_role role,
                 const char *agency, const char *password, char gen[AUTH_PASSWORD_GEN_LEN + 1],
                 auth_account *out, gisac_err *err)
{
    gen[0] = '\0';
    auth *au;
    int rc = auth_for_new(a, who, "add accounts", &au, auth_user_name_check, name, "$.name", err);
    if (rc < 0)
        return rc;
    if (role == AUTH_ROLE_NONE)
        return gisac_err_at(err, GISAC_EINVAL, "$.role",
                            "must be admin, analyst, agency, sensor or consumer");
    const char *pw;
    if ((rc = password_or_generated(name, password, gen, &pw, err)) < 0)
        return rc;
    if ((rc = auth_user_add(au, name, role, agency, pw, gisac_now(), out, err)) < 0)
        sodium_memzero(gen, AUTH_PASSWORD_GEN_LEN + 1);
    return rc;
}

static int user_not_found(const char *name, gisac_err *err)
{
    return gisac_err_set(err, GISAC_ENOTFOUND, "user %s: not found", name);
}

int app_user_add_lang(app *a, const auth_principal *who, const char *name, auth_role role,
                      const char *agency, const char *password, const char *language,
                      char gen[AUTH_PASSWORD_GEN_LEN + 1], auth_account *out, gisac_err *err)
{
    gen[0] = '\0';
    int rc = language ? auth_language_check(language, err) : 0;
    if (rc == 0)
        rc = app_user_add(a, who, name, role, agency, password, gen, out, err);
    if (rc == 0 && language) {
        auth *au = app_auth_h(a, err);
        rc = au ? auth_user_set_language(au, name, language, gisac_now(), err) : app_h_fail(err);
        if (rc == 0)
            rc = auth_user_get(au, name, out, err);
    }
    return rc;
}

int app_user_update(app *a, const auth_principal *who, const char *name, const char *language,
                    auth_account *out, gisac_err *err)
{
    int rc = app_user_get(a, who, name, out, err);
    if (rc < 0)
        return rc;
    if (!is_admin(who) && !is_self(who, out->name))
        return forbidden(err, "change other accounts");
    if (language && *language && (rc = auth_language_check(language, err)) < 0)
        return rc;
    if (!language)
        return 0; /* nothing to change */
    rc = auth_user_set_language(a->au, out->name, language, gisac_now(), err);
    return rc < 0 ? rc : auth_user_get(a->au, name, out, err);
}

int app_user_get(app *a, const auth_principal *who, const char *name, auth_account *out,
                 gisac_err *err)
{
    auth *au;
    int rc = auth_for(a, who, NULL, &au, err);
    if (rc < 0 || (rc = auth_user_get(au, name, out, err)) < 0)
        return rc;
    return auth_account_visible(who, out) ? 0 : user_not_found(name, err);
}

static int account_visible_cb(void *ctx, const auth_account *acc)
{
    visible *f = ctx;
    return auth_account_visible(f->who, acc) ? f->cb.account(f->ctx, acc) : 0;
}

int app_user_list(app *a, const auth_principal *who, auth_account_cb cb, void *ctx, gisac_err *err)
{
    auth *au;
    int rc = auth_for(a, who, NULL, &au, err);
    visible f = {who, {.account = cb}, ctx};
    return rc < 0 ? rc : auth_user_list(au, account_visible_cb, &f, err);
}

int app_user_set_disabled(app *a, const auth_principal *who, const char *name, int disabled,
                          auth_account *out, gisac_err *err)
{
    int rc = app_user_get(a, who, name, out, err);
    if (rc < 0)
        return rc;
    if (!is_admin(who))
        return forbidden(err, disabled ? "disable accounts" : "enable accounts");
    if (disabled && is_self(who, out->name))
        return gisac_err_set(err, GISAC_EINVAL, "an account cannot disable itself");
    int64_t now = gisac_now();
    rc = disabled ? auth_user_disable(a->au, out->name, now, err)
                  : auth_user_enable(a->au, out->name, now, err);
    /* a disabled account's portal sessions end with it */
    if (rc == 0 && disabled)
        rc = store_session_delete_account(a->st, out->id, NULL, err);
    return rc < 0 ? rc : auth_user_get(a->au, name, out, err);
}

int app_user_passwd(app *a, const auth_principal *who, const char *name, const char *password,
                    const char *current, char gen[AUTH_PASSWORD_GEN_LEN + 1], gisac_err *err)
{
    gen[0] = '\0';
    auth_account acc;
    int rc = app_user_get(a, who, name, &acc, err);
    if (rc < 0)
        return rc;
    int admin = is_admin(who);
    if (!admin && !is_self(who, acc.name))
        return forbidden(err, "set another account's password");
    const char *pw;
    if (password && (rc = password_or_generated(acc.name, password, gen, &pw, err)) < 0)
        return rc;
    if (!admin) {
        if (!current)
            return gisac_err_at(err, GISAC_EINVAL, "$.current_password", "required");
        auth_account me;
        /* guessed through this form too: the login guard counts it
         * (its own "address", apart from the account's logins) */
        rc = auth_login_from(a->au, acc.name, current, "passwd", gisac_now(), &me, NULL, NULL, err);
        if (rc == GISAC_EBUSY)
            return gisac_err_at(err, rc, "$.current_password", "%s", err->msg);
        if (rc < 0)
            return gisac_err_at(err, GISAC_EFORBIDDEN, "$.current_password", "wrong password");
    }
    if (!password && (rc = password_or_generated(acc.name, NULL, gen, &pw, err)) < 0)
        return rc;
    if ((rc = auth_user_passwd(a->au, acc.name, pw, gisac_now(), err)) < 0) {
        sodium_memzero(gen, AUTH_PASSWORD_GEN_LEN + 1);
        return rc;
    }
    /* a new password ends the account's portal sessions (log in again) */
    return store_session_delete_account(a->st, acc.id, NULL, err);
}

/* ---- tokens -------------------------------------------------------------------- */

/*
 * Whether who manages user's tokens: its own, an administrator every
 * account's, an agency officer those of its own agency's sensor accounts
 * (which it installs). An account that does not exist is nobody's.
 */
static int manages_tokens(auth *au, const auth_principal *who, const char *user)
{
    if (!user || is_self(who, user) || is_admin(who))
        return 1;
    if (who->role != AUTH_ROLE_AGENCY || !who->agency || !*who->agency)
        return 0;
    auth_account acc;
    gisac_err e = GISAC_ERR_INIT;
    if (auth_user_get(au, user, &acc, &e) < 0)
        return 0;
    return acc.role == AUTH_ROLE_SENSOR && strcmp(acc.agency, who->agency) == 0;
}

int app_token_create(app *a, const auth_principal *who, const char *user, const char *label,
                     int days, char text[AUTH_TOKEN_LEN + 1], auth_token *out, gisac_err *err)
{
    if (!user)
        user = who->name;
    auth *au;
    int rc = auth_for(a, who, NULL, &au, err);
    if (rc < 0)
        return rc;
    if (!manages_tokens(au, who, user))
        return forbidden(err, "create tokens for another account");
    return auth_token_create(au, user, label, days, gisac_now(), text, out, err);
}

typedef struct token_filter {
    const auth_principal *who;
    const char *user; /* a sensor account who manages; NULL: by auth_token_visible */
    auth_token_cb cb;
    void *ctx;
} token_filter;

static int token_visible_cb(void *ctx, const auth_token *t)
{
    token_filter *f = ctx;
    int ok = f->user ? strcmp(t->user, f->user) == 0 : auth_token_visible(f->who, t);
    return ok ? f->cb(f->ctx, t) : 0;
}

int app_token_list(app *a, const auth_principal *who, const char *user, auth_token_cb cb, void *ctx,
                   gisac_err *err)
{
    auth *au;
    int rc = auth_for(a, who, NULL, &au, err);
    if (rc < 0)
        return rc;
    token_filter f = {who, NULL, cb, ctx};
    if (!is_admin(who)) {
        if (user && !manages_tokens(au, who, user))
            return forbidden(err, "list another account's tokens");
        if (user && !is_self(who, user))
            f.user = user;
        else
            user = who->name;
    }
    return auth_token_list(au, user, token_visible_cb, &f, err);
}

typedef struct token_find {
    const char *id;
    auth_token *out;
    int found;
} token_find;

static int token_find_cb(void *ctx, const auth_token *t)
{
    token_find *f = ctx;
    if (strcmp(t->id, f->id) != 0)
        return 0;
    *f->out = *t;
    f->found = 1;
    return 1;
}

int app_token_revoke(app *a, const auth_principal *who, const char *id, auth_token *out,
                     gisac_err *err)
{
    auth *au;
    int rc = auth_for(a, who, NULL, &au, err);
    if (rc < 0 || (rc = auth_token_id_check(id, err)) < 0)
        return rc;
    rc = auth_token_find(au, who, id, out, err);
    if (rc == GISAC_ENOTFOUND && who->role == AUTH_ROLE_AGENCY) {
        /* a token of one of the officer's sensors */
        token_find f = {id, out, 0};
        if ((rc = auth_token_list(au, NULL, token_find_cb, &f, err)) < 0 && rc != GISAC_ENOTFOUND)
            return rc;
        rc = f.found && manages_tokens(au, who, out->user) ? 0 : GISAC_ENOTFOUND;
    }
    if (rc == GISAC_ENOTFOUND)
        return gisac_err_set(err, GISAC_ENOTFOUND, "token %s: not found", id);
    if (rc < 0)
        return rc;
    if (out->revoked)
        return gisac_err_set(err, GISAC_ECONFLICT, "token %s is already revoked", id);
    if ((rc = auth_token_revoke(au, out->id, err)) < 0)
        return rc;
    out->revoked = 1;
    return 0;
}

/* ---- the server's figures -------------------------------------------------------- */

int app_indicator_counts(app *a, const auth_principal *who, intel_stats *out, gisac_err *err)
{
    if (who->role != AUTH_ROLE_ADMIN && who->role != AUTH_ROLE_ANALYST)
        return gisac_err_set(err, GISAC_EFORBIDDEN, "only staff may read the server's figures");
    intel *in = app_intel_h(a, err);
    return in ? intel_get_stats(in, out, NULL, NULL, err) : app_h_fail(err);
}

int app_share_version(app *a, int64_t *gen, gisac_err *err)
{
    return store_share_version(a->st, gen, err);
}
