/*
 * app_auth_session.c: sessions of people for the web portal (app_auth.h,
 * docs/web.md). Machines keep their tokens (app_authenticate).
 *
 * Rules:
 *   - the cookie holds a secret of 32 random bytes (base64url); the store
 *     keeps only its SHA-256, so that a copy of the database opens no
 *     session;
 *   - the CSRF token is base64url(SHA-256("gisac-csrf:" + secret)): tied
 *     to the session, unguessable without the secret, and not kept
 *     anywhere; every unsafe request of a session must carry it;
 *   - a session ends idle seconds after its last request (the idle clock
 *     is restarted at most every min(60, idle / 4) seconds, one write),
 *     at lifetime seconds after the login in any case, at logout, and
 *     when its account is disabled; ended sessions are removed;
 *   - the login goes through auth_login (failures counted, lock-out,
 *     audited); the login and the logout are audited ("session.login",
 *     "session.logout") in the transaction that writes the session.
 */
#include "app/app_internal.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define HASH_HEX (crypto_hash_sha256_BYTES * 2 + 1)

static void secret_hash(const char *secret, char out[HASH_HEX])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)secret, strlen(secret));
    sodium_bin2hex(out, HASH_HEX, h, sizeof h);
}

static void secret_csrf(const char *secret, char out[APP_SESSION_CSRF_LEN + 1])
{
    static const char tag[] = "gisac-csrf:";
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)tag, sizeof tag - 1);
    crypto_hash_sha256_update(&st, (const unsigned char *)secret, strlen(secret));
    crypto_hash_sha256_final(&st, h);
    sodium_bin2base64(out, APP_SESSION_CSRF_LEN + 1, h, sizeof h,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* 1 when s has the shape of a secret (43 base64url characters). */
static int secret_shape(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++) {
        char c = s[n];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_') ||
            n >= APP_SESSION_SECRET_LEN)
            return 0;
    }
    return n == APP_SESSION_SECRET_LEN;
}

static void set_user_actor(app *a, const char *name)
{
    char actor[AUTH_USER_NAME_MAX + 8];
    snprintf(actor, sizeof actor, "user:%s", name);
    app_set_actor(a, actor);
}

/* The account's language, the default when never chosen. */
static int language_of(app *a, int64_t account_id, char out[8], gisac_err *err)
{
    int rc = store_account_language_get(a->st, account_id, out, 8, err);
    if (rc == GISAC_ENOTFOUND) {
        snprintf(out, 8, "%s", APP_LANGUAGE_DEFAULT);
        gisac_err_clear(err);
        return 0;
    }
    return rc;
}

static void account_of(const store_account *r, auth_account *acc)
{
    memset(acc, 0, sizeof *acc);
    acc->id = r->id;
    snprintf(acc->name, sizeof acc->name, "%s", r->name ? r->name : "");
    acc->role = auth_role_parse(r->role ? r->role : "");
    snprintf(acc->agency, sizeof acc->agency, "%s", r->agency ? r->agency : "");
    acc->disabled = r->disabled;
    acc->failed_logins = r->failed_logins;
    acc->locked_until = r->locked_until;
    acc->created = r->created;
    acc->modified = r->modified;
}

/* The audit entry of a login or logout: {"session":ID,...}. */
static int audit_session(app *a, int64_t now, const char *action, const char *name, int64_t id,
                         int64_t expires, gisac_err *err)
{
    char detail[160];
    char ts[GISAC_TIME_LEN];
    if (expires) {
        gisac_time_format(expires, ts);
        snprintf(detail, sizeof detail, "{\"session\":%lld,\"expires\":\"%s\"}", (long long)id, ts);
    } else {
        snprintf(detail, sizeof detail, "{\"session\":%lld}", (long long)id);
    }
    return store_audit_append(a->st, now, action, name, detail, err);
}

int app_session_login(app *a, const char *name, const char *password, const char *from,
                      int64_t idle, int64_t lifetime, int64_t now, app_session *out,
                      int64_t *retry_after, gisac_err *err)
{
    memset(out, 0, sizeof *out);
    app_set_actor(a, "anonymous");
    if (idle < 1 || idle > APP_SESSION_LIMIT_MAX)
        return gisac_err_at(err, GISAC_EINVAL, "$.idle", "must be 1 to %d seconds",
                            APP_SESSION_LIMIT_MAX);
    if (lifetime < idle || lifetime > APP_SESSION_LIMIT_MAX)
        return gisac_err_at(err, GISAC_EINVAL, "$.lifetime",
                            "must be at least the idle limit and at most %d seconds",
                            APP_SESSION_LIMIT_MAX);
    auth *au = app_auth_h(a, err);
    if (!au)
        return app_h_fail(err);
    int rc = auth_login_from(au, name, password, from, now, &out->acc, NULL, retry_after, err);
    if (rc == GISAC_EFORBIDDEN) /* disabled, locked: as a bad password */
        rc = GISAC_EINVAL;
    if (rc < 0)
        return rc;
    set_user_actor(a, out->acc.name);

    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out->secret, sizeof out->secret, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    char hash[HASH_HEX];
    secret_hash(out->secret, hash);
    secret_csrf(out->secret, out->csrf);
    store_session row = {0, hash, out->acc.id, now, now, idle, now + lifetime};

    if ((rc = store_begin(a->st, err)) < 0)
        goto fail;
    if ((rc = store_session_purge(a->st, now, NULL, err)) == 0 &&
        (rc = store_session_insert(a->st, &row, err)) == 0 &&
        (rc = audit_session(a, now, "session.login", out->acc.name, row.id, row.expires, err)) == 0)
        rc = store_commit(a->st, err);
    if (rc < 0) {
        store_rollback(a->st);
        goto fail;
    }
    out->created = now;
    out->expires = row.expires;
    out->idle = idle;
    out->idle_expires = now + idle < row.expires ? now + idle : row.expires;
    if ((rc = language_of(a, out->acc.id, out->language, err)) < 0)
        goto fail;
    return 0;
fail:
    sodium_memzero(out->secret, sizeof out->secret);
    return rc;
}

/*
 * The stored session of secret into *row (strings not kept): GISAC_ENOTFOUND
 * (its message for the caller to set) when the secret is malformed or no
 * session has it.
 */
static int session_of(app *a, const char *secret, store_session *row, gisac_err *err)
{
    if (!secret || !secret_shape(secret))
        return GISAC_ENOTFOUND;
    char hash[HASH_HEX];
    secret_hash(secret, hash);
    return store_session_get(a->st, hash, row, NULL, err);
}

int app_session_check(app *a, const char *secret, int unsafe, const char *csrf, int64_t now,
                      app_session *out, gisac_err *err)
{
    memset(out, 0, sizeof *out);
    app_set_actor(a, "anonymous");
    store_session row;
    int rc = session_of(a, secret, &row, err);
    if (rc == GISAC_ENOTFOUND)
        return gisac_err_set(err, GISAC_EINVAL, "no session");
    if (rc < 0)
        return rc;
    if (now >= row.expires || now >= row.last_seen + row.idle) {
        store_session_delete(a->st, row.id, NULL);
        return gisac_err_set(err, GISAC_EINVAL, "the session has expired");
    }
    gisac_arena *arena = gisac_arena_new(512);
    if (!arena)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    store_account acc;
    rc = store_account_get_id(a->st, row.account_id, &acc, arena, err);
    if (rc == 0)
        account_of(&acc, &out->acc);
    gisac_arena_free(arena);
    if (rc == GISAC_ENOTFOUND)
        return gisac_err_set(err, GISAC_EINVAL, "no session");
    if (rc < 0)
        return rc;
    if (out->acc.disabled) {
        store_session_delete(a->st, row.id, NULL);
        return gisac_err_set(err, GISAC_EINVAL, "the account is disabled");
    }
    secret_csrf(secret, out->csrf);
    if (unsafe && (!csrf || strlen(csrf) != APP_SESSION_CSRF_LEN ||
                   sodium_memcmp(csrf, out->csrf, APP_SESSION_CSRF_LEN) != 0))
        return gisac_err_set(err, GISAC_EFORBIDDEN,
                             "the X-CSRF-Token header is missing or does not match the session");
    /* restart the idle clock: at most one write a minute (sooner for short limits) */
    int64_t every = row.idle / 4 < 60 ? row.idle / 4 : 60;
    if (now - row.last_seen >= (every > 0 ? every : 1)) {
        if ((rc = store_session_touch(a->st, row.id, now, err)) < 0)
            return rc;
        row.last_seen = now;
    }
    out->created = row.created;
    out->expires = row.expires;
    out->idle = row.idle;
    out->idle_expires =
        row.last_seen + row.idle < row.expires ? row.last_seen + row.idle : row.expires;
    if ((rc = language_of(a, out->acc.id, out->language, err)) < 0)
        return rc;
    set_user_actor(a, out->acc.name);
    return 0;
}

int app_session_logout(app *a, const auth_principal *who, const char *secret, int64_t now,
                       gisac_err *err)
{
    store_session row;
    int rc = session_of(a, secret, &row, err);
    if (rc == 0 && row.account_id != who->account_id)
        rc = GISAC_ENOTFOUND;
    if (rc == GISAC_ENOTFOUND)
        return gisac_err_set(err, rc, "no session");
    if (rc < 0)
        return rc;
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    if ((rc = store_session_delete(a->st, row.id, err)) == 0 &&
        (rc = audit_session(a, now, "session.logout", who->name, row.id, 0, err)) == 0)
        rc = store_commit(a->st, err);
    if (rc < 0)
        store_rollback(a->st);
    return rc;
}

int app_session_set_language(app *a, const auth_principal *who, const char *language,
                             gisac_err *err)
{
    if (!language || (strcmp(language, "zh-TW") != 0 && strcmp(language, "en") != 0))
        return gisac_err_at(err, GISAC_EINVAL, "$.language", "must be zh-TW or en");
    char cur[8];
    int rc = language_of(a, who->account_id, cur, err);
    if (rc < 0 || strcmp(cur, language) == 0)
        return rc;
    char detail[64];
    snprintf(detail, sizeof detail, "{\"language\":\"%s\"}", language);
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    if ((rc = store_account_language_set(a->st, who->account_id, language, err)) == 0 &&
        (rc = store_audit_append(a->st, gisac_now(), "user.language", who->name, detail, err)) == 0)
        rc = store_commit(a->st, err);
    if (rc < 0)
        store_rollback(a->st);
    return rc;
}

static int put_time(gisac_buf *b, const char *key, int64_t t)
{
    char ts[GISAC_TIME_LEN];
    gisac_time_format(t, ts);
    return gisac_buf_printf(b, ",\"%s\":\"%s\"", key, ts);
}

int app_session_to_json(app *a, const app_session *s, gisac_buf *out, gisac_err *err)
{
    const gisac_tz *tz;
    int rc = app_time_zone(a, &tz, err);
    if (rc < 0)
        return rc;
    int bad = gisac_buf_puts(out, "{\"user\":");
    bad |= gisac_buf_json_str(out, s->acc.name);
    bad |= gisac_buf_puts(out, ",\"role\":");
    bad |= gisac_buf_json_str(out, auth_role_name(s->acc.role));
    bad |= gisac_buf_puts(out, ",\"agency\":");
    bad |= s->acc.agency[0] ? gisac_buf_json_str(out, s->acc.agency) : gisac_buf_puts(out, "null");
    bad |= gisac_buf_puts(out, ",\"language\":");
    bad |= gisac_buf_json_str(out, s->language);
    bad |= gisac_buf_puts(out, ",\"time_zone\":");
    bad |= gisac_buf_json_str(out, gisac_tz_name(tz));
    bad |= gisac_buf_puts(out, ",\"csrf_token\":");
    bad |= gisac_buf_json_str(out, s->csrf);
    bad |= put_time(out, "created", s->created);
    bad |= put_time(out, "expires_at", s->expires);
    bad |= put_time(out, "idle_expires_at", s->idle_expires);
    bad |= gisac_buf_printf(out, ",\"idle_seconds\":%lld}", (long long)s->idle);
    return bad ? gisac_err_set(err, GISAC_ENOMEM, "out of memory") : 0;
}
