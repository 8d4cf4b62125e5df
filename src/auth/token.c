/* token.c: API tokens, kept only as HMAC-SHA256 under the server key. */
#include "auth/auth_internal.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define PREFIX       "gisac_"
#define PREFIX_LEN   6
#define SECRET_BYTES 32
#define SECRET_LEN   43 /* base64url of 32 bytes, no padding */
#define HASH_HEX     (2 * crypto_auth_hmacsha256_BYTES)

_Static_assert(PREFIX_LEN + AUTH_TOKEN_ID_LEN + 1 + SECRET_LEN == AUTH_TOKEN_LEN, "token length");

/* ---- the server key ---------------------------------------------------- */

int auth_key_load(const char *path, int create, unsigned char key[AUTH_KEY_LEN], gisac_err *err)
{
    const gisac_key_file f = {.path = path,
                              .len = AUTH_KEY_LEN,
                              .name = "server key",
                              .a_name = "a gisac server key",
                              .missing = "no server key"};
    unsigned char fresh[AUTH_KEY_LEN];
    if (create)
        randombytes_buf(fresh, sizeof fresh);
    int rc = gisac_key_file_load(&f, create ? fresh : NULL, key, err);
    sodium_memzero(fresh, sizeof fresh);
    return rc;
}

static int key_get(auth *a, int create, gisac_err *err)
{
    if (a->have_key)
        return 0;
    int rc = auth_key_load(a->key_path, create, a->key, err);
    if (rc == 0)
        a->have_key = 1;
    return rc;
}

/* ---- tokens ------------------------------------------------------------ */

static void secret_mac(const auth *a, const char *secret, unsigned char mac[32])
{
    crypto_auth_hmacsha256(mac, (const unsigned char *)secret, SECRET_LEN, a->key);
}

static int is_hex_id(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return 1;
}

static int is_b64url(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return 0;
    }
    return 1;
}

const char *auth_token_status(const auth_token *t, int64_t now)
{
    if (t->revoked)
        return "revoked";
    if (t->expires && now >= t->expires)
        return "expired";
    return "active";
}

static void token_from(auth_token *out, const store_token *row)
{
    memset(out, 0, sizeof *out);
    auth_copy(out->id, sizeof out->id, row->id);
    auth_copy(out->user, sizeof out->user, row->account_name);
    auth_copy(out->name, sizeof out->name, row->name);
    out->created = row->created;
    out->expires = row->expires;
    out->last_used = row->last_used;
    out->revoked = row->revoked;
}

int auth_token_create(auth *a, const char *user, const char *label, int days, int64_t now,
                      char text[AUTH_TOKEN_LEN + 1], auth_token *out, gisac_err *err)
{
    gisac_arena_reset(a->arena);
    char name[AUTH_LABEL_MAX + 1] = "";
    int rc;
    if (label &&
        (rc = auth_text_clean("token name", label, AUTH_LABEL_MAX, 1, name, sizeof name, err)) < 0)
        return rc;
    if (days < 0 || days > AUTH_TOKEN_DAYS_MAX)
        return gisac_err_set(err, GISAC_EINVAL, "expiry of %d days: use 1 to %d", days,
                             AUTH_TOKEN_DAYS_MAX);
    store_account acc;
    if ((rc = store_account_get(a->st, user, &acc, a->arena, err)) < 0)
        return rc;
    if (acc.disabled)
        return gisac_err_set(err, GISAC_EINVAL, "user %s is disabled", user);
    if ((rc = key_get(a, 1, err)) < 0)
        return rc;
    for (int attempt = 0; attempt < 4; attempt++) {
        unsigned char idb[AUTH_TOKEN_ID_LEN / 2], secret[SECRET_BYTES], mac[32];
        char id[AUTH_TOKEN_ID_LEN + 1], hex[HASH_HEX + 1];
        char sec[sodium_base64_ENCODED_LEN(SECRET_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
        randombytes_buf(idb, sizeof idb);
        randombytes_buf(secret, sizeof secret);
        sodium_bin2hex(id, sizeof id, idb, sizeof idb);
        sodium_bin2base64(sec, sizeof sec, secret, sizeof secret,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        secret_mac(a, sec, mac);
        sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
        store_token row = {id,
                           acc.id,
                           acc.name,
                           name[0] ? name : NULL,
                           hex,
                           now,
                           days ? now + (int64_t)days * 86400 : 0,
                           0,
                           0};
        if ((rc = store_begin(a->st, err)) == 0) {
            gisac_jobj j = GISAC_JOBJ_INIT;
            gisac_jobj_str(&j, "user", acc.name);
            gisac_jobj_str(&j, "name", row.name);
            gisac_jobj_time(&j, "expires", row.expires);
            rc = store_token_insert(a->st, &row, err);
            rc = auth_audit_commit(a, rc, now, "token.create", id, &j, err);
        }
        if (rc == 0) {
            snprintf(text, AUTH_TOKEN_LEN + 1, PREFIX "%s_%s", id, sec);
            if (out)
                token_from(out, &row);
        }
        sodium_memzero(secret, sizeof secret);
        sodium_memzero(sec, sizeof sec);
        if (rc != GISAC_EEXIST)
            return rc;
    }
    return rc;
}

GISAC_RELAY_MAP(list_one, store_token, auth_token, token_from, auth_token_cb)

int auth_token_list(auth *a, const char *user, auth_token_cb cb, void *ctx, gisac_err *err)
{
    gisac_arena_reset(a->arena);
    int64_t account_id = 0;
    if (user) {
        store_account acc;
        int rc = store_account_get(a->st, user, &acc, a->arena, err);
        if (rc < 0)
            return rc;
        account_id = acc.id;
    }
    gisac_relay l = GISAC_RELAY(cb, ctx);
    return store_token_iter(a->st, account_id, list_one, &l, err);
}

int auth_token_id_check(const char *id, gisac_err *err)
{
    if (strlen(id) != AUTH_TOKEN_ID_LEN || !is_hex_id(id, AUTH_TOKEN_ID_LEN))
        return gisac_err_set(err, GISAC_EINVAL, "'%.80s' is not a token id (%d hex digits)", id,
                             AUTH_TOKEN_ID_LEN);
    return 0;
}

int auth_token_revoke(auth *a, const char *id, gisac_err *err)
{
    gisac_arena_reset(a->arena);
    int rc = auth_token_id_check(id, err);
    if (rc < 0)
        return rc;
    store_token row;
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    rc = store_token_get(a->st, id, &row, a->arena, err);
    if (rc == 0 && row.revoked)
        rc = gisac_err_set(err, GISAC_EINVAL, "token %s is already revoked", id);
    if (rc == 0)
        rc = store_token_revoke(a->st, id, err);
    gisac_jobj j = GISAC_JOBJ_INIT;
    if (rc == 0) {
        gisac_jobj_str(&j, "user", row.account_name);
        gisac_jobj_str(&j, "name", row.name);
    }
    return auth_audit_commit(a, rc, gisac_now(), "token.revoke", id, &j, err);
}

static int token_failed(auth_fail reason, int code, auth_fail *why, gisac_err *err)
{
    if (why)
        *why = reason;
    return gisac_err_set(err, code, AUTH_TOKEN_FAILED);
}

int auth_token_check(auth *a, const char *text, int64_t now, auth_account *out, auth_fail *why,
                     gisac_err *err)
{
    gisac_arena_reset(a->arena);
    if (why)
        *why = AUTH_FAIL_NONE;
    if (!text || strlen(text) != AUTH_TOKEN_LEN || memcmp(text, PREFIX, PREFIX_LEN) != 0 ||
        !is_hex_id(text + PREFIX_LEN, AUTH_TOKEN_ID_LEN) ||
        text[PREFIX_LEN + AUTH_TOKEN_ID_LEN] != '_' ||
        !is_b64url(text + PREFIX_LEN + AUTH_TOKEN_ID_LEN + 1, SECRET_LEN))
        return token_failed(AUTH_FAIL_UNKNOWN, GISAC_EINVAL, why, err);
    int rc = key_get(a, 0, err);
    if (rc == GISAC_ENOTFOUND)
        return token_failed(AUTH_FAIL_NO_KEY, GISAC_EINVAL, why, err);
    if (rc < 0)
        return rc;
    char id[AUTH_TOKEN_ID_LEN + 1];
    memcpy(id, text + PREFIX_LEN, AUTH_TOKEN_ID_LEN);
    id[AUTH_TOKEN_ID_LEN] = '\0';
    unsigned char mac[32], want[32];
    secret_mac(a, text + PREFIX_LEN + AUTH_TOKEN_ID_LEN + 1, mac);
    store_token row;
    store_account acc;
    rc = store_token_auth(a->st, id, &row, &acc, a->arena, err);
    if (rc == GISAC_ENOTFOUND)
        return token_failed(AUTH_FAIL_UNKNOWN, GISAC_EINVAL, why, err);
    if (rc < 0)
        return rc;
    size_t wlen = 0;
    if (!row.hash ||
        sodium_hex2bin(want, sizeof want, row.hash, strlen(row.hash), NULL, &wlen, NULL) != 0 ||
        wlen != sizeof want || sodium_memcmp(mac, want, sizeof mac) != 0)
        return token_failed(AUTH_FAIL_PASSWORD, GISAC_EINVAL, why, err);
    if (row.revoked)
        return token_failed(AUTH_FAIL_REVOKED, GISAC_EFORBIDDEN, why, err);
    if (row.expires && now >= row.expires)
        return token_failed(AUTH_FAIL_EXPIRED, GISAC_EFORBIDDEN, why, err);
    if (acc.disabled)
        return token_failed(AUTH_FAIL_DISABLED, GISAC_EFORBIDDEN, why, err);
    /* last_used is informative: when it cannot be written now (the store is
     * busy, or the caller reads in a snapshot that another writer has
     * passed), the token still checks and a later use writes it */
    if (!row.last_used || now - row.last_used >= AUTH_TOKEN_TOUCH_SECONDS || now < row.last_used) {
        gisac_err terr = GISAC_ERR_INIT;
        (void)store_token_touch(a->st, id, now, &terr);
    }
    if (out)
        auth_account_from(out, &acc);
    return 0;
}
