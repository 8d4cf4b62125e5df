/*
 * auth: agencies, accounts, passwords, API tokens and the role model.
 * Business rules live here; the SQL is in src/store (store_auth.c) and the
 * front ends only parse arguments and render results. Nothing here prints.
 *
 * Rules:
 *   - agency ids are 1..64 characters of [a-z0-9-]; names 1..200 bytes of
 *     UTF-8 without control characters, trimmed; sectors free text,
 *     trimmed, at most 100 bytes (empty: none); grades A..E; a parent must
 *     exist and an agency can never be its own ancestor;
 *   - user names are 1..64 characters of [a-z0-9._@-] starting with a
 *     letter or digit; roles as in docs/user.md: agency and sensor accounts
 *     belong to an agency, admin and analyst accounts to none, a consumer
 *     may (an agency's firewall) or may not (a partner CERT);
 *   - passwords are 12..1024 bytes, at least 12 characters, no control
 *     characters, hashed with argon2id (crypto_pwhash_str, interactive
 *     limits; GISAC_PWHASH_FAST=1 drops to the minimum limits, for tests
 *     only) and re-hashed on login when the limits have changed;
 *   - passwords must also pass libpwquality's checks (not the user name,
 *     not a palindrome, enough different characters, not a dictionary
 *     word: cracklib's dictionary);
 *   - logins are throttled by a login guard (auth_guard, below) when the
 *     handle has one: per (account, source address) AUTH_LOCK_FAILURES
 *     consecutive failures lock that address out of that account for
 *     AUTH_LOCK_SECONDS, doubling with each further failure (at most
 *     AUTH_LOCK_MAX_SECONDS), while the account's owner elsewhere is not
 *     affected; per address and per account the checks back off too, and
 *     only a bounded number of argon2id checks run at once. A throttled
 *     attempt is refused before any hashing (GISAC_EBUSY). Failures are
 *     audited once at the first and then as one summary per window.
 *     Unknown and disabled accounts fail exactly like a bad password, with
 *     the same message;
 *   - tokens: "gisac_" + 16 hex digits of id + "_" + 43 base64url characters
 *     (32 random bytes). Only the id and HMAC-SHA256(server key, secret
 *     text) are stored, in hex; the check compares in constant time. The
 *     server key is 32 random bytes in "<db>.key", created mode 0600 on the
 *     first token, and refused when group or others may read or write it.
 *
 * Errors are 0 or a negative GISAC_E*: GISAC_EINVAL for a bad value (or a
 * reference to a missing agency), GISAC_ENOTFOUND for a missing subject,
 * GISAC_EEXIST for a duplicate. auth_login and auth_token_check return
 * GISAC_EINVAL (bad credentials) or GISAC_EFORBIDDEN (disabled, locked, revoked,
 * expired) with one generic message either way; any other code is a fault
 * of the server (database, key file) with a real message.
 *
 * Ownership: auth_new borrows a store the caller keeps open until
 * auth_close.
 */
#ifndef GISAC_AUTH_H
#define GISAC_AUTH_H

#include "base/base.h"
#include "store/store.h"

#define AUTH_AGENCY_ID_MAX    64
#define AUTH_AGENCY_NAME_MAX  200
#define AUTH_SECTOR_MAX       100
#define AUTH_NETWORKS_MAX     64   /* address ranges of an agency */
#define AUTH_NETWORKS_TEXT    3072 /* their normal forms, comma-separated */
#define AUTH_USER_NAME_MAX    64
#define AUTH_PASSWORD_MIN     12   /* characters */
#define AUTH_PASSWORD_MAX     1024 /* bytes */
#define AUTH_PASSWORD_GEN_LEN 20
#define AUTH_LABEL_MAX        100
#define AUTH_TOKEN_ID_LEN     16
#define AUTH_TOKEN_LEN        66 /* "gisac_" 16 "_" 43 */
#define AUTH_TOKEN_DAYS_MAX   3650
#define AUTH_LOCK_FAILURES    5
#define AUTH_LOCK_SECONDS     900
#define AUTH_LOCK_MAX_SECONDS 86400
/* last_used is written at most once a minute per token */
#define AUTH_TOKEN_TOUCH_SECONDS 60

/* The one message of every failed login or token check. */
#define AUTH_LOGIN_FAILED "invalid name or password"
#define AUTH_TOKEN_FAILED "invalid token"

typedef struct auth auth;

/* Use an open store; key_path is the server key file. */
int auth_new(store *s, const char *key_path, auth **out, gisac_err *err);
void auth_close(auth *a);
store *auth_store(auth *a);

/* ---- roles ------------------------------------------------------------- */

typedef enum auth_role {
    AUTH_ROLE_NONE = 0,
    AUTH_ROLE_ADMIN,
    AUTH_ROLE_ANALYST,
    AUTH_ROLE_AGENCY,
    AUTH_ROLE_SENSOR,
    AUTH_ROLE_CONSUMER,
} auth_role;

/* "admin", ...; "" for AUTH_ROLE_NONE */
const char *auth_role_name(auth_role r);
/* AUTH_ROLE_NONE when s is not a role name */
auth_role auth_role_parse(const char *s);

/* ---- agencies ---------------------------------------------------------- */

typedef struct auth_agency {
    char id[AUTH_AGENCY_ID_MAX + 1];
    char name[AUTH_AGENCY_NAME_MAX + 1];
    char sector[AUTH_SECTOR_MAX + 1];    /* "": none */
    char grade;                          /* 'A' .. 'E' */
    char parent[AUTH_AGENCY_ID_MAX + 1]; /* "": none */
    int64_t created, modified;
    /* its own address ranges (normal CIDRs, comma-separated; "": none
     * declared): a sighting is outbound when one of its hosts is the source */
    char networks[AUTH_NETWORKS_TEXT];
} auth_agency;

/* What to set; NULL members are left alone (on add: name and grade are required). */
typedef struct auth_agency_change {
    const char *name;
    const char *sector; /* "" clears it */
    const char *grade;  /* "A".."E", either case */
    const char *parent; /* "" clears it */
    /* CIDRs or addresses, comma-separated (auth_networks_parse); "" clears them */
    const char *networks;
} auth_agency_change;

/*
 * Check and normalise a comma-separated list of networks (IPv4 or IPv6
 * CIDRs, or single addresses: /32, /128) into out (cap bytes): normal
 * CIDRs, comma-separated, duplicates dropped, at most AUTH_NETWORKS_MAX.
 * Blanks around commas are ignored; "" gives "". GISAC_EINVAL at
 * "$.networks[i]" (from 0) with a message naming the entry.
 */
int auth_networks_parse(const char *text, char *out, size_t cap, gisac_err *err);

/* 0 when id is a valid agency id, else GISAC_EINVAL with a message. */
int auth_agency_id_check(const char *id, gisac_err *err);
int auth_agency_add(auth *a, const char *id, const auth_agency_change *v, int64_t now,
                    auth_agency *out, gisac_err *err);
int auth_agency_update(auth *a, const char *id, const auth_agency_change *v, int64_t now,
                       auth_agency *out, gisac_err *err);
int auth_agency_get(auth *a, const char *id, auth_agency *out, gisac_err *err);
typedef int (*auth_agency_cb)(void *ctx, const auth_agency *ag);
/* Ordered by id; cb returns non-zero to stop. */
int auth_agency_list(auth *a, auth_agency_cb cb, void *ctx, gisac_err *err);

/* ---- accounts ---------------------------------------------------------- */

typedef struct auth_account {
    int64_t id;
    char name[AUTH_USER_NAME_MAX + 1];
    auth_role role;
    char agency[AUTH_AGENCY_ID_MAX + 1]; /* "": none */
    int disabled;
    int64_t failed_logins;
    int64_t locked_until; /* 0: never locked; compare with now */
    int64_t created, modified;
    char language[8]; /* "zh-TW" or "en"; "": the default (AUTH_LANG_DEFAULT) */
} auth_account;

/* The languages of an account's messages (notifications, portal). */
#define AUTH_LANG_DEFAULT "zh-TW"
#define AUTH_LANGS        "zh-TW or en"
/* 0 when lang is one of AUTH_LANGS, else GISAC_EINVAL naming it (field "$.language"). */
int auth_language_check(const char *lang, gisac_err *err);
/* The account's language: its own, else AUTH_LANG_DEFAULT. */
const char *auth_account_lang_name(const auth_account *acc);

int auth_user_name_check(const char *name, gisac_err *err);
/* 1 when acc is locked out at now (too many failed logins): the one rule. */
int auth_account_locked(const auth_account *acc, int64_t now);
/* "disabled", "locked" (auth_account_locked) or "active" at now. */
const char *auth_account_status(const auth_account *acc, int64_t now);
/* The password rules above for the account name (NULL: none known); 0 or
 * GISAC_EINVAL with the reason ("password too weak: it is based on a
 * dictionary word"). */
int auth_password_check(const char *name, const char *password, gisac_err *err);
/* AUTH_PASSWORD_GEN_LEN random letters and digits (about 119 bits). */
int auth_password_generate(char out[AUTH_PASSWORD_GEN_LEN + 1], gisac_err *err);
/* argon2id string of password (crypto_pwhash_STRBYTES = 128 bytes with the NUL). */
#define AUTH_HASH_MAX 128
int auth_password_hash(const char *password, char out[AUTH_HASH_MAX], gisac_err *err);
/* 0 when password matches hash, GISAC_EINVAL when not. */
int auth_password_verify(const char *hash, const char *password);

/* agency may be NULL or "" for none. */
int auth_user_add(auth *a, const char *name, auth_role role, const char *agency,
                  const char *password, int64_t now, auth_account *out, gisac_err *err);
int auth_user_get(auth *a, const char *name, auth_account *out, gisac_err *err);
typedef int (*auth_account_cb)(void *ctx, const auth_account *acc);
/* Ordered by name. */
int auth_user_list(auth *a, auth_account_cb cb, void *ctx, gisac_err *err);
int auth_user_disable(auth *a, const char *name, int64_t now, gisac_err *err);
/* Enable again and clear any lock-out. */
int auth_user_enable(auth *a, const char *name, int64_t now, gisac_err *err);
/* Set the language of the account (checked; NULL or "": back to the default). */
int auth_user_set_language(auth *a, const char *name, const char *language, int64_t now,
                           gisac_err *err);
/* New password (checked); clears any lock-out. */
int auth_user_passwd(auth *a, const char *name, const char *password, int64_t now, gisac_err *err);

/*
 * The first run: when the database has no account at all, create "admin"
 * (role admin) with password, or with a generated one when password is
 * NULL, copied to pw_out (shown once by the caller). *created = 0 and
 * nothing is written when any account exists.
 */
int auth_bootstrap_admin(auth *a, const char *password, int64_t now,
                         char pw_out[AUTH_PASSWORD_MAX + 1], int *created, gisac_err *err);

/* Why a login or token check failed: for the server's log, never for the client. */
typedef enum auth_fail {
    AUTH_FAIL_NONE = 0,
    AUTH_FAIL_UNKNOWN,  /* no such account or token; malformed token */
    AUTH_FAIL_PASSWORD, /* wrong password or secret; account without a password */
    AUTH_FAIL_LOCKED,
    AUTH_FAIL_DISABLED,
    AUTH_FAIL_REVOKED,
    AUTH_FAIL_EXPIRED,
    AUTH_FAIL_NO_KEY,    /* no server key file yet: no token can be valid */
    AUTH_FAIL_THROTTLED, /* refused by the login guard before any check */
} auth_fail;

const char *auth_fail_name(auth_fail f);

/*
 * Check a name and password at now. 0 and *out filled on success;
 * GISAC_EINVAL (unknown name, wrong password) or GISAC_EFORBIDDEN (disabled or
 * locked) with AUTH_LOGIN_FAILED as the message. Failures are counted and
 * lock the account as described above. why may be NULL.
 */
int auth_login(auth *a, const char *name, const char *password, int64_t now, auth_account *out,
               auth_fail *why, gisac_err *err);

/* ---- login guard ------------------------------------------------------- */

#define AUTH_GUARD_ADDR_MAX 64 /* a source address as text ("" when local) */

typedef struct auth_guard auth_guard;

typedef struct auth_guard_config {
    unsigned max_inflight;   /* argon2id checks at once (beyond: refused) */
    int64_t pair_free;       /* failures of an account from one address before it locks */
    int64_t pair_seconds;    /* the first lock-out, doubling */
    int64_t addr_free;       /* failures from an address (any account) before back-off */
    int64_t addr_seconds;    /* its first back-off, doubling */
    int64_t account_free;    /* failures of an account (any address) before back-off */
    int64_t account_seconds; /* ... for addresses it never logged in from */
    int64_t max_seconds;     /* the longest wait */
    int64_t report_seconds;  /* the audit summary window of failures */
} auth_guard_config;

/* The defaults: 4 checks at once; 5 / 900 s; 20 / 1 s; 50 / 60 s; 86400; 600. */
void auth_guard_config_default(auth_guard_config *c);
/* A guard for the whole process (thread-safe); cfg NULL: the defaults. */
int auth_guard_new(const auth_guard_config *cfg, auth_guard **out, gisac_err *err);
void auth_guard_free(auth_guard *g);

/* A check let in, until auth_guard_leave. */
typedef struct auth_guard_ticket {
    void *pair, *addr, *acct;
    int cheap;
} auth_guard_ticket;

/* What the audit log should say after an attempt or in a summary. */
typedef struct auth_guard_report {
    int64_t failures;         /* to write: failures and refusals (0: nothing) */
    int64_t since;            /* from this time */
    int64_t locked_until;     /* this failure locked the address out (0: no) */
    int64_t account_failures; /* the account's consecutive failures, all addresses */
    int64_t account_until;    /* addresses it never logged in from wait until (0: no) */
} auth_guard_report;

/*
 * May a password check of name from addr start now? 0 and t filled (then
 * auth_guard_leave once), or GISAC_EBUSY and *retry_after the seconds to
 * wait, decided before any hashing.
 */
enum {
    AUTH_GUARD_CHEAP = 1
}; /* flags: no hashing follows (a remembered login):
     not bounded by max_inflight */
int auth_guard_enter(auth_guard *g, const char *name, const char *addr, int64_t now, unsigned flags,
                     auth_guard_ticket *t, int64_t *retry_after);
/* The check's outcome (ok: the password was right); rep: what to audit. */
void auth_guard_leave(auth_guard *g, auth_guard_ticket *t, int ok, int64_t now,
                      auth_guard_report *rep);
/* Each (account, address) whose failures await their summary at now: cb
 * (non-zero stops). Returns how many were handed over. */
typedef int (*auth_guard_due_cb)(void *ctx, const char *name, const char *addr,
                                 const auth_guard_report *rep);
int auth_guard_due(auth_guard *g, int64_t now, auth_guard_due_cb cb, void *ctx);

/* This handle's logins go through g (borrowed; NULL: none, as for the CLI). */
void auth_set_guard(auth *a, auth_guard *g);

/*
 * auth_login from a source address (text, at most AUTH_GUARD_ADDR_MAX;
 * NULL or "": local), through the handle's guard: GISAC_EBUSY and
 * *retry_after (may be NULL) when the attempt is throttled, before any
 * hashing.
 */
int auth_login_from(auth *a, const char *name, const char *password, const char *from, int64_t now,
                    auth_account *out, auth_fail *why, int64_t *retry_after, gisac_err *err);
/* Write the audit summaries of failed logins that are due (a scheduler
 * tick): 0 or an error of the store. */
int auth_guard_flush(auth *a, int64_t now, gisac_err *err);

/*
 * The login cache (HTTP Basic sends the password with every request, and
 * argon2id is slow by design). A handle remembers, for ttl seconds, up to
 * AUTH_LOGIN_MEMO_SLOTS successful logins, keyed by a keyed BLAKE2b of the
 * name and password under a random key of the handle: never the password
 * itself, never a failure. auth_login still reads the account each time,
 * and takes a remembered login only when the account is enabled, neither
 * locked nor with failures counted, and its password hash is still the one
 * verified (a new password, even the same one again, makes a new hash).
 * ttl 0 turns it off and forgets everything. Default
 * AUTH_LOGIN_CACHE_SECONDS.
 */
#define AUTH_LOGIN_CACHE_SECONDS 60
void auth_login_cache(auth *a, int ttl);

/* ---- tokens ------------------------------------------------------------ */

typedef struct auth_token {
    char id[AUTH_TOKEN_ID_LEN + 1];
    char user[AUTH_USER_NAME_MAX + 1];
    char name[AUTH_LABEL_MAX + 1]; /* "": no label */
    int64_t created;
    int64_t expires;   /* 0: never */
    int64_t last_used; /* 0: never */
    int revoked;
} auth_token;

/* "active", "revoked" or "expired" at now */
const char *auth_token_status(const auth_token *t, int64_t now);

/*
 * Create a token for user name (label may be NULL; days 0: no expiry, else
 * 1..AUTH_TOKEN_DAYS_MAX). text receives the token, the only time it is
 * ever available. Creates the server key on first use.
 */
int auth_token_create(auth *a, const char *user, const char *label, int days, int64_t now,
                      char text[AUTH_TOKEN_LEN + 1], auth_token *out, gisac_err *err);
/* user NULL: every token. GISAC_ENOTFOUND for an unknown user. */
typedef int (*auth_token_cb)(void *ctx, const auth_token *t);
int auth_token_list(auth *a, const char *user, auth_token_cb cb, void *ctx, gisac_err *err);
/* 0 when id is a token id (16 hex digits), else GISAC_EINVAL with a message. */
int auth_token_id_check(const char *id, gisac_err *err);
/* GISAC_ENOTFOUND for an unknown id, GISAC_EINVAL when already revoked. */
int auth_token_revoke(auth *a, const char *id, gisac_err *err);
/*
 * Check a token at now: 0 and *out (its account) filled on success, and
 * last_used updated. GISAC_EINVAL (malformed, unknown, wrong secret) or
 * GISAC_EFORBIDDEN (revoked, expired, account disabled) with AUTH_TOKEN_FAILED.
 * A locked account's tokens keep working: lock-out is against password
 * guessing. why may be NULL.
 */
int auth_token_check(auth *a, const char *text, int64_t now, auth_account *out, auth_fail *why,
                     gisac_err *err);

/* The server key: loaded, or created (create = 1) when missing. */
#define AUTH_KEY_LEN 32
int auth_key_load(const char *path, int create, unsigned char key[AUTH_KEY_LEN], gisac_err *err);

/* ---- the role model ---------------------------------------------------- */

typedef struct auth_principal {
    int64_t account_id;
    const char *name;
    auth_role role;
    const char *agency; /* NULL or "": none */
} auth_principal;

/* A principal pointing into acc (valid while acc is). */
auth_principal auth_principal_of(const auth_account *acc);

typedef enum auth_action {
    /* read shared intelligence (indicators, feeds, TAXII); TLP is checked apart */
    AUTH_READ_INTEL = 1,
    /* create, revoke and import indicators; sources, allowlist, advisories */
    AUTH_WRITE_INTEL,
    /* read an agency's incidents, sightings and obligations (target_agency) */
    AUTH_READ_AGENCY,
    /* write them, incl. the agency's own TAXII collection (target_agency) */
    AUTH_WRITE_AGENCY,
    /* submit sensor logs and events for an agency (target_agency) */
    AUTH_SUBMIT_SENSOR,
    /* agencies, users, tokens, policy */
    AUTH_ADMIN,
} auth_action;

const char *auth_action_name(auth_action act);

/*
 * 1 when p may do act on target_agency (NULL or "": no particular agency,
 * i.e. all of them), else 0. docs/user.md, the role table:
 *
 *   action          admin  analyst  agency    sensor    consumer
 *   read intel      yes    yes      yes       no        yes
 *   write intel     yes    yes      no        no        no
 *   read agency     yes    any      own only  no        no
 *   write agency    yes    any      own only  no        no
 *   submit sensor   yes    no       no        own only  no
 *   admin           yes    no       no        no        no
 *
 * "own only" needs a target equal to the principal's agency: NULL (all
 * agencies) is refused. Unknown roles and actions are refused.
 */
int auth_can(const auth_principal *p, auth_action act, const char *target_agency);

/* ---- JSON (the shapes of the CLI's --json and of the REST API) ---------- */

/*
 * One object (no newline) appended to out; 0 or GISAC_ENOMEM.
 *   agency:  id, name, sector, grade, parent, networks (array), created, modified
 *   account: id, name, role, agency, status, failed_logins, locked_until
 *            (null unless locked at now), created, modified; never a hash
 *   token:   id, user, name, status, created, expires, last_used; never
 *            the secret
 * Absent strings and times are null; times ISO 8601 UTC.
 */
int auth_agency_to_json(const auth_agency *ag, gisac_buf *out);
int auth_account_to_json(const auth_account *acc, int64_t now, gisac_buf *out);
int auth_token_to_json(const auth_token *t, int64_t now, gisac_buf *out);

/* ==== REST API helpers (src/auth/auth_api.c, docs/api.md) ============== */

/*
 * 1 when p may see the account target: its own, and for staff (admin,
 * analyst) every account, for an agency officer those of its agency.
 */
int auth_account_visible(const auth_principal *p, const auth_account *target);
/* 1 when p may see and revoke t: an administrator every token, anyone else their own. */
int auth_token_visible(const auth_principal *p, const auth_token *t);
/*
 * The token with this id among those p may see, into *out.
 * GISAC_ENOTFOUND when there is none (missing and hidden are alike).
 */
int auth_token_find(auth *a, const auth_principal *p, const char *id, auth_token *out,
                    gisac_err *err);

#endif
