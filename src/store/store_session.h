/*
 * store_session.h: the web portal's sessions of people and an account's
 * language (src/store/store_session.c). Included by store.h; its general
 * rules hold.
 *
 * Rules of this area:
 *   - Rows only: the application (src/app/app_auth_session.c) makes the
 *     secrets, decides expiry and checks the CSRF token. A session row
 *     holds the SHA-256 of its secret (hex), never the secret.
 *   - Numbers: the store gives a session its row id (insert fills s->id).
 *   - Transactions: none needed; every call is one statement (the caller
 *     groups a write with its audit entry).
 *   - Errors: GISAC_ENOTFOUND for a missing row, GISAC_EINVAL when the
 *     account does not exist.
 */
#ifndef GISAC_STORE_SESSION_H
#define GISAC_STORE_SESSION_H

#include "store/store.h"

typedef struct store_session {
    int64_t id;
    const char *hash; /* hex SHA-256 of the secret */
    int64_t account_id;
    int64_t created;
    int64_t last_seen; /* the idle expiry counts from here */
    int64_t idle;      /* seconds */
    int64_t expires;   /* the absolute end */
} store_session;

/* Insert; sets x->id. */
int store_session_insert(store *s, store_session *x, gisac_err *err);
/* The session whose secret hashes to hash (strings into arena); GISAC_ENOTFOUND when none. */
int store_session_get(store *s, const char *hash, store_session *out, gisac_arena *arena,
                      gisac_err *err);
/* last_seen = now. */
int store_session_touch(store *s, int64_t id, int64_t now, gisac_err *err);
/* Remove one session. GISAC_ENOTFOUND when there is none. */
int store_session_delete(store *s, int64_t id, gisac_err *err);
/* Remove the sessions idle too long or past their end at now; *n of them (may be NULL). */
int store_session_purge(store *s, int64_t now, int64_t *n, gisac_err *err);
/* Remove every session of an account (*n of them, may be NULL). */
int store_session_delete_account(store *s, int64_t account_id, int64_t *n, gisac_err *err);

/* An account's language ("zh-TW", "en"): set, or read (GISAC_ENOTFOUND when never set). */
int store_account_language_set(store *s, int64_t account_id, const char *language, gisac_err *err);
int store_account_language_get(store *s, int64_t account_id, char *out, size_t cap, gisac_err *err);

#endif
