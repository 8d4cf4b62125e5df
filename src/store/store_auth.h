/*
 * store_auth.h: the agency, account and token tables
 * (src/store/store_auth.c). Included by store.h; its general rules hold.
 *
 * Rules of this area:
 *   - Rows only: the service (src/auth) validates every value (ids, roles,
 *     cycles of parents, lockout).
 *   - Numbers: the store gives an account its row id (store_account_insert
 *     fills a->id). Agency ids and token ids are the caller's.
 *   - Ownership: *_get and store_token_auth copy into the caller's arena;
 *     rows handed to a callback live during the call.
 *   - Transactions: none needed; every call is one statement.
 *   - Callbacks of the iterations (agencies, accounts, tokens) must not
 *     call the store.
 *   - Errors: GISAC_EEXIST for a duplicate key, GISAC_ENOTFOUND for a
 *     missing row, GISAC_EINVAL when a reference (parent, agency, account)
 *     does not exist.
 *   - Agency writes move the share generation.
 */
#ifndef GISAC_STORE_AUTH_H
#define GISAC_STORE_AUTH_H

#include "store/store.h"

typedef struct store_agency {
    const char *id;
    const char *name;
    const char *sector; /* NULL: none */
    const char *grade;  /* "A" .. "E" */
    const char *parent; /* NULL: none */
    int64_t created, modified;
    const char *networks; /* comma-separated normal CIDRs; NULL: none (read only) */
} store_agency;

int store_agency_insert(store *s, const store_agency *a, gisac_err *err);
/* Rewrite name, sector, grade, parent and modified of the agency a->id. */
int store_agency_update(store *s, const store_agency *a, gisac_err *err);
/* Set the networks (NULL: none) and modified of agency id. */
int store_agency_set_networks(store *s, const char *id, const char *networks, int64_t modified,
                              gisac_err *err);
int store_agency_get(store *s, const char *id, store_agency *out, gisac_arena *arena,
                     gisac_err *err);
typedef int (*store_agency_cb)(void *ctx, const store_agency *a);
/* Every agency, ordered by id. cb returns non-zero to stop. */
int store_agency_iter(store *s, store_agency_cb cb, void *ctx, gisac_err *err);
/*
 * Agency root and every agency below it (whose parent chain leads to it),
 * at most 32 levels down (STORE_AGENCY_DEPTH), ordered by id: none when
 * root does not exist.
 */
#define STORE_AGENCY_DEPTH 32
int store_agency_under(store *s, const char *root, store_agency_cb cb, void *ctx, gisac_err *err);

typedef struct store_account {
    int64_t id;
    const char *name;
    const char *role;
    const char *agency;        /* NULL: none */
    const char *password_hash; /* crypto_pwhash_str text, NULL: none */
    int64_t failed_logins;
    int64_t locked_until; /* 0: not locked */
    int disabled;
    int64_t created, modified;
    const char *language; /* "zh-TW", "en"; NULL: the default */
} store_account;

/* Insert; sets a->id. */
int store_account_insert(store *s, store_account *a, gisac_err *err);
int store_account_get(store *s, const char *name, store_account *out, gisac_arena *arena,
                      gisac_err *err);
int store_account_get_id(store *s, int64_t id, store_account *out, gisac_arena *arena,
                         gisac_err *err);
typedef int (*store_account_cb)(void *ctx, const store_account *a);
/* Every account, ordered by name. */
int store_account_iter(store *s, store_account_cb cb, void *ctx, gisac_err *err);
/* Set the password hash and clear failed_logins and locked_until; modified = 0 keeps it. */
int store_account_set_password(store *s, int64_t id, const char *hash, int64_t modified,
                               gisac_err *err);
int store_account_set_disabled(store *s, int64_t id, int disabled, int64_t now, gisac_err *err);
/* Set the language (NULL: the default). */
int store_account_set_language(store *s, int64_t id, const char *language, int64_t now,
                               gisac_err *err);
/* Record the login state (failed_logins, locked_until); modified is left alone. */
int store_account_set_logins(store *s, int64_t id, int64_t failed_logins, int64_t locked_until,
                             gisac_err *err);

typedef struct store_token {
    const char *id; /* 16 hex digits */
    int64_t account_id;
    const char *account_name; /* filled by get and iter; ignored by insert */
    const char *name;         /* label, NULL: none */
    const char *hash;         /* hex of the keyed hash of the secret */
    int64_t created;
    int64_t expires;   /* 0: never */
    int64_t last_used; /* 0: never */
    int revoked;
} store_token;

int store_token_insert(store *s, const store_token *t, gisac_err *err);
int store_token_get(store *s, const char *id, store_token *out, gisac_arena *arena, gisac_err *err);
/*
 * The token id and its account in one read (the per-request check):
 * GISAC_ENOTFOUND when there is no such token. Strings into arena.
 */
int store_token_auth(store *s, const char *id, store_token *tok, store_account *acc,
                     gisac_arena *arena, gisac_err *err);
typedef int (*store_token_cb)(void *ctx, const store_token *t);
/* The tokens of one account (account_id 0: of all), by account name, created, id. */
int store_token_iter(store *s, int64_t account_id, store_token_cb cb, void *ctx, gisac_err *err);
/* Set revoked = 1. GISAC_ENOTFOUND when there is no such token. */
int store_token_revoke(store *s, const char *id, gisac_err *err);
/* Set last_used = now. Inside a read snapshot (store_read_begin) the write
 * is deferred to store_read_end, so that the snapshot stays a read. */
int store_token_touch(store *s, const char *id, int64_t now, gisac_err *err);

#endif
