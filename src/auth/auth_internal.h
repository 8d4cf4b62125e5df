/* auth_internal.h: private to src/auth. */
#ifndef GISAC_AUTH_INTERNAL_H
#define GISAC_AUTH_INTERNAL_H

#include "auth/auth.h"

struct auth {
    store *st;
    int own_store; /* opened by auth_open: closed by auth_close */
    char *key_path;
    unsigned char key[AUTH_KEY_LEN];
    int have_key;
    gisac_arena *arena; /* strings read from the store; reset at each call */
    char dummy_hash[AUTH_HASH_MAX];
    int have_dummy;
};

/*
 * Trim ASCII white space from text into out (cap bytes) and check it:
 * valid UTF-8, no control characters, at most max bytes, and not empty
 * unless allow_empty. what names the value in messages.
 */
int auth_text_clean(const char *what, const char *text, size_t max, int allow_empty, char *out,
                    size_t cap, gisac_err *err);
/* Number of UTF-8 characters in s[0..n), or -1 when s is not valid UTF-8. */
long auth_utf8_chars(const char *s, size_t n);
/* Copy a store string (NULL: "") into a fixed buffer. */
void auth_copy(char *dst, size_t cap, const char *src);
void auth_account_from(auth_account *out, const store_account *row);
/* 1 when the libsodium limits are the fast, test-only ones (GISAC_PWHASH_FAST=1) */
int auth_pwhash_fast(void);

#endif
