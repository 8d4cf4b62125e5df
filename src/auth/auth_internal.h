/* auth_internal.h: private to src/auth. */
#ifndef GISAC_AUTH_INTERNAL_H
#define GISAC_AUTH_INTERNAL_H

#include "auth/auth.h"

/*
 * A recently verified password (auth_login): the keyed BLAKE2b of
 * "name NUL password" under the handle's random key, the account, a
 * BLAKE2b of the account's password hash text then, and when (0: empty).
 * Never a failure.
 */
#define AUTH_LOGIN_MEMO_SLOTS 32
typedef struct auth_login_memo {
    unsigned char cred[32];
    unsigned char pwhash[32];
    int64_t account_id;
    int64_t at;
} auth_login_memo;

struct auth {
    store *st;
    char *key_path;
    unsigned char key[AUTH_KEY_LEN];
    int have_key;
    gisac_arena *arena; /* strings read from the store; reset at each call */
    char dummy_hash[AUTH_HASH_MAX];
    int have_dummy;
    int memo_ttl; /* seconds a verified password is remembered; 0: never */
    unsigned char memo_key[32];
    auth_login_memo memo[AUTH_LOGIN_MEMO_SLOTS];
    auth_guard *guard; /* borrowed (auth_set_guard); NULL: logins unthrottled */
};

/*
 * Trim ASCII white space from text into out (cap bytes) and check it:
 * valid UTF-8, no control characters, at most max bytes, and not empty
 * unless allow_empty. what names the value in messages.
 */
int auth_text_clean(const char *what, const char *text, size_t max, int allow_empty, char *out,
                    size_t cap, gisac_err *err);
/* Copy a store string (NULL: "") into a fixed buffer. */
void auth_copy(char *dst, size_t cap, const char *src);
void auth_account_from(auth_account *out, const store_account *row);
/* 1 when the libsodium limits are the fast, test-only ones (GISAC_PWHASH_FAST=1) */
int auth_pwhash_fast(void);

/*
 * The detail of an audit entry is a gisac_jobj (never a secret or a hash):
 * GISAC_JOBJ_INIT, then gisac_jobj_* calls, then auth_audit.
 */
/*
 * End a write transaction opened with store_begin: when rc is 0 append the
 * audit entry (as auth_audit) and commit; else, or when that fails, roll
 * back. Returns the outcome; frees j (NULL: no detail) in every case.
 */
int auth_audit_commit(auth *a, int rc, int64_t now, const char *action, const char *object,
                      gisac_jobj *j, gisac_err *err);
/* Append (action, object, the detail in j or none when j is NULL) at now; frees j. */
int auth_audit(auth *a, int64_t now, const char *action, const char *object, gisac_jobj *j,
               gisac_err *err);

#endif
