/* user.c: accounts, passwords (argon2id) and the login check with lock-out. */
#include "auth/auth_internal.h"

#include <pwquality.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- passwords --------------------------------------------------------- */

int auth_pwhash_fast(void)
{
    const char *e = getenv("GISAC_PWHASH_FAST");
    return e && strcmp(e, "1") == 0;
}

static unsigned long long opslimit(void)
{
    return auth_pwhash_fast() ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
}

static size_t memlimit(void)
{
    return auth_pwhash_fast() ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
}

/* libpwquality's verdict, beyond the rules of form above: 0 or GISAC_EINVAL. */
static int quality(const char *name, const char *pw, gisac_err *err)
{
    pwquality_settings_t *s = pwquality_default_settings();
    if (!s)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    /* the rules are gisac's, not the host's /etc/security/pwquality.conf */
    pwquality_set_int_value(s, PWQ_SETTING_MIN_LENGTH, AUTH_PASSWORD_MIN);
    void *aux = NULL;
    int score = pwquality_check(s, pw, NULL, name && *name ? name : NULL, &aux);
    int rc = 0;
    if (score < 0) {
        char buf[PWQ_MAX_ERROR_MESSAGE_LEN];
        const char *why = pwquality_strerror(buf, sizeof buf, score, aux);
        rc = gisac_err_set(err, GISAC_EINVAL, "password too weak: %s", why ? why : "refused");
    }
    pwquality_free_settings(s);
    return rc;
}

int auth_password_check(const char *name, const char *pw, gisac_err *err)
{
    size_t n = strlen(pw);
    if (n > AUTH_PASSWORD_MAX)
        return gisac_err_set(err, GISAC_EINVAL, "password is longer than %d bytes",
                             AUTH_PASSWORD_MAX);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)pw[i] < 0x20 || pw[i] == 0x7f)
            return gisac_err_set(err, GISAC_EINVAL, "password holds a control character");
    size_t chars;
    if (!gisac_utf8_valid(pw, n, &chars))
        return gisac_err_set(err, GISAC_EINVAL, "password is not valid UTF-8");
    if (chars < AUTH_PASSWORD_MIN)
        return gisac_err_set(err, GISAC_EINVAL,
                             "password too short: %zu characters, at least %d needed", chars,
                             AUTH_PASSWORD_MIN);
    return quality(name, pw, err);
}

int auth_password_generate(char out[AUTH_PASSWORD_GEN_LEN + 1], gisac_err *err)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    if (sodium_init() < 0)
        return gisac_err_set(err, GISAC_EIO, "libsodium cannot be initialised");
    /* about 1 in 300 random ones looks "systematic" to cracklib: draw again
     * (a few more user-name checks follow in auth_user_add) */
    for (int tries = 0; tries < 64; tries++) {
        for (int i = 0; i < AUTH_PASSWORD_GEN_LEN; i++)
            out[i] = alphabet[randombytes_uniform((uint32_t)(sizeof alphabet - 1))];
        out[AUTH_PASSWORD_GEN_LEN] = '\0';
        if (quality(NULL, out, NULL) == 0)
            return 0;
    }
    sodium_memzero(out, AUTH_PASSWORD_GEN_LEN + 1);
    return gisac_err_set(err, GISAC_EIO, "no generated password passed the quality check");
}

int auth_password_hash(const char *pw, char out[AUTH_HASH_MAX], gisac_err *err)
{
    _Static_assert(crypto_pwhash_STRBYTES <= AUTH_HASH_MAX, "AUTH_HASH_MAX too small");
    if (sodium_init() < 0)
        return gisac_err_set(err, GISAC_EIO, "libsodium cannot be initialised");
    if (crypto_pwhash_str_alg(out, pw, strlen(pw), opslimit(), memlimit(),
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory hashing a password");
    return 0;
}

int auth_password_verify(const char *hash, const char *pw)
{
    if (!hash || !pw)
        return GISAC_EINVAL;
    return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0 ? 0 : GISAC_EINVAL;
}

static int needs_rehash(const char *hash)
{
    if (strncmp(hash, "$argon2id$", 10) != 0)
        return 1;
    return crypto_pwhash_str_needs_rehash(hash, opslimit(), memlimit()) != 0;
}

/* ---- accounts ---------------------------------------------------------- */

int auth_user_name_check(const char *name, gisac_err *err)
{
    size_t n = strlen(name);
    int ok = n >= 1 && n <= AUTH_USER_NAME_MAX;
    for (size_t i = 0; ok && i < n; i++) {
        char c = name[i];
        int alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        ok = alnum || (i > 0 && (c == '.' || c == '_' || c == '@' || c == '-'));
    }
    if (!ok)
        return gisac_err_set(err, GISAC_EINVAL,
                             "user name '%.80s': use 1 to %d characters of a-z, 0-9 and ._@-,"
                             " starting with a letter or digit",
                             name, AUTH_USER_NAME_MAX);
    return 0;
}

/* The agency rule of the role table (docs/user.md). */
static int role_agency_check(auth_role role, const char *agency, gisac_err *err)
{
    int has = agency && agency[0];
    switch (role) {
    case AUTH_ROLE_AGENCY:
    case AUTH_ROLE_SENSOR:
        if (!has)
            return gisac_err_set(err, GISAC_EINVAL, "role %s requires an agency",
                                 auth_role_name(role));
        return 0;
    case AUTH_ROLE_ADMIN:
    case AUTH_ROLE_ANALYST:
        if (has)
            return gisac_err_set(err, GISAC_EINVAL, "role %s takes no agency",
                                 auth_role_name(role));
        return 0;
    case AUTH_ROLE_CONSUMER:
        return 0;
    case AUTH_ROLE_NONE:
        break;
    }
    return gisac_err_set(err, GISAC_EINVAL,
                         "unknown role: use admin, analyst, agency, sensor or consumer");
}

int auth_user_add(auth *a, const char *name, auth_role role, const char *agency,
                  const char *password, int64_t now, auth_account *out, gisac_err *err)
{
    gisac_arena_reset(a->arena);
    int rc;
    if ((rc = auth_user_name_check(name, err)) < 0 ||
        (rc = role_agency_check(role, agency, err)) < 0 ||
        (rc = auth_password_check(name, password, err)) < 0)
        return rc;
    if (agency && agency[0]) {
        if ((rc = auth_agency_id_check(agency, err)) < 0)
            return rc;
        store_agency ag;
        rc = store_agency_get(a->st, agency, &ag, a->arena, err);
        if (rc == GISAC_ENOTFOUND)
            return gisac_err_set(err, GISAC_EINVAL, "agency %s does not exist", agency);
        if (rc < 0)
            return rc;
    }
    char hash[AUTH_HASH_MAX];
    if ((rc = auth_password_hash(password, hash, err)) < 0)
        return rc;
    store_account row = {
        0,   name, auth_role_name(role), agency && agency[0] ? agency : NULL, hash, 0, 0, 0, now,
        now, NULL};
    if ((rc = store_begin(a->st, err)) == 0) {
        gisac_jobj j = GISAC_JOBJ_INIT;
        gisac_jobj_str(&j, "role", row.role);
        gisac_jobj_str(&j, "agency", row.agency);
        rc = store_account_insert(a->st, &row, err);
        rc = auth_audit_commit(a, rc, now, "user.add", name, &j, err);
    }
    sodium_memzero(hash, sizeof hash);
    row.password_hash = NULL;
    if (rc < 0)
        return rc;
    if (out)
        auth_account_from(out, &row);
    return 0;
}

int auth_user_get(auth *a, const char *name, auth_account *out, gisac_err *err)
{
    gisac_arena_reset(a->arena);
    store_account row;
    int rc = store_account_get(a->st, name, &row, a->arena, err);
    if (rc < 0)
        return rc;
    auth_account_from(out, &row);
    return 0;
}

GISAC_RELAY_MAP(list_one, store_account, auth_account, auth_account_from, auth_account_cb)

int auth_user_list(auth *a, auth_account_cb cb, void *ctx, gisac_err *err)
{
    gisac_relay l = GISAC_RELAY(cb, ctx);
    return store_account_iter(a->st, list_one, &l, err);
}

static int set_disabled(auth *a, const char *name, int disabled, int64_t now, gisac_err *err)
{
    gisac_arena_reset(a->arena);
    store_account row;
    int rc = store_begin(a->st, err);
    if (rc < 0)
        return rc;
    if ((rc = store_account_get(a->st, name, &row, a->arena, err)) == 0)
        rc = store_account_set_disabled(a->st, row.id, disabled, now, err);
    if (rc == 0 && !disabled)
        rc = store_account_set_logins(a->st, row.id, 0, 0, err);
    return auth_audit_commit(a, rc, now, disabled ? "user.disable" : "user.enable", row.name, NULL,
                             err);
}

int auth_user_set_language(auth *a, const char *name, const char *language, int64_t now,
                           gisac_err *err)
{
    gisac_arena_reset(a->arena);
    const char *lang = language && *language ? language : NULL;
    int rc = lang ? auth_language_check(lang, err) : 0;
    if (rc < 0)
        return rc;
    store_account row;
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    if ((rc = store_account_get(a->st, name, &row, a->arena, err)) == 0)
        rc = store_account_set_language(a->st, row.id, lang, now, err);
    gisac_jobj j = GISAC_JOBJ_INIT;
    gisac_jobj_str(&j, "language", lang);
    return auth_audit_commit(a, rc, now, "user.update", row.name, &j, err);
}

int auth_user_disable(auth *a, const char *name, int64_t now, gisac_err *err)
{
    return set_disabled(a, name, 1, now, err);
}

int auth_user_enable(auth *a, const char *name, int64_t now, gisac_err *err)
{
    return set_disabled(a, name, 0, now, err);
}

int auth_user_passwd(auth *a, const char *name, const char *password, int64_t now, gisac_err *err)
{
    gisac_arena_reset(a->arena);
    int rc = auth_password_check(name, password, err);
    if (rc < 0)
        return rc;
    store_account row;
    if ((rc = store_account_get(a->st, name, &row, a->arena, err)) < 0)
        return rc;
    /* hashed before the write lock is taken: argon2 is slow on purpose */
    char hash[AUTH_HASH_MAX];
    if ((rc = auth_password_hash(password, hash, err)) < 0)
        return rc;
    if ((rc = store_begin(a->st, err)) == 0) {
        rc = store_account_get(a->st, name, &row, a->arena, err);
        if (rc == 0)
            rc = store_account_set_password(a->st, row.id, hash, now, err);
        rc = auth_audit_commit(a, rc, now, "user.passwd", row.name, NULL, err);
    }
    sodium_memzero(hash, sizeof hash);
    return rc;
}

/* ---- login ------------------------------------------------------------- */

/* A hash to verify against when there is no account, so that every failure costs the same. */
static const char *dummy_hash(auth *a)
{
    if (!a->have_dummy) {
        char pw[AUTH_PASSWORD_GEN_LEN + 1];
        if (auth_password_generate(pw, NULL) < 0 || auth_password_hash(pw, a->dummy_hash, NULL) < 0)
            return NULL;
        a->have_dummy = 1;
    }
    return a->dummy_hash;
}

/*
 * What the audit log says of failed logins (auth_guard_report): the first
 * failure of an (account, address) at once, the others in one summary per
 * window; the account's failure count is kept with it. name is kept only
 * when it is a well-formed user name.
 */
static int report_failures(auth *a, const store_account *row, const char *name, const char *from,
                           auth_fail reason, const auth_guard_report *rep, int64_t now,
                           gisac_err *err)
{
    /* the account's count and back-off (row: as read before the check) */
    int count = row && (rep->account_failures != row->failed_logins ||
                        rep->account_until != row->locked_until);
    if (!count && !rep->failures && !rep->locked_until)
        return 0;
    const char *who = auth_user_name_check(name, NULL) == 0 ? name : NULL;
    int rc = store_begin(a->st, err);
    if (rc < 0)
        return rc;
    if (count)
        rc = store_account_set_logins(a->st, row->id, rep->account_failures, rep->account_until,
                                      err);
    if (rc == 0 && rep->failures) {
        gisac_jobj j = GISAC_JOBJ_INIT;
        int one = rep->failures == 1 && reason != AUTH_FAIL_NONE;
        if (one)
            gisac_jobj_str(&j, "reason", auth_fail_name(reason));
        if (from && *from)
            gisac_jobj_str(&j, "from", from);
        if (!one) { /* a summary: of several reasons, refusals too */
            gisac_jobj_int(&j, "failures", rep->failures);
            gisac_jobj_time(&j, "since", rep->since);
        }
        rc = auth_audit(a, now, "auth.login_failed", who, &j, err);
    }
    if (rc == 0 && rep->locked_until) {
        gisac_jobj j = GISAC_JOBJ_INIT;
        if (from && *from)
            gisac_jobj_str(&j, "from", from);
        gisac_jobj_int(&j, "failures", AUTH_LOCK_FAILURES);
        gisac_jobj_time(&j, "until", rep->locked_until);
        rc = auth_audit(a, now, "auth.locked", who, &j, err);
    }
    if (rc == 0)
        return store_commit(a->st, err);
    store_rollback(a->st);
    return rc;
}

/* ---- the login cache (auth_login_cache) -------------------------------- */

void auth_login_cache(auth *a, int ttl)
{
    a->memo_ttl = ttl > 0 ? ttl : 0;
    if (!a->memo_ttl)
        sodium_memzero(a->memo, sizeof a->memo);
}

static void memo_cred(const auth *a, const char *name, const char *password, unsigned char out[32])
{
    crypto_generichash_state h;
    crypto_generichash_init(&h, a->memo_key, sizeof a->memo_key, 32);
    crypto_generichash_update(&h, (const unsigned char *)name, strlen(name) + 1);
    crypto_generichash_update(&h, (const unsigned char *)password, strlen(password));
    crypto_generichash_final(&h, out, 32);
    sodium_memzero(&h, sizeof h);
}

static void memo_pwhash(const char *hash, unsigned char out[32])
{
    crypto_generichash(out, 32, (const unsigned char *)hash, strlen(hash), NULL, 0);
}

/* The account row may take a remembered login at all (else: the full check). */
static int memo_usable(const auth *a, const store_account *row, int64_t now)
{
    (void)now;
    return a->memo_ttl > 0 && row->password_hash && !row->disabled && !row->failed_logins &&
           !row->locked_until && !needs_rehash(row->password_hash);
}

/* 1 when (name, password) was verified for this row within the ttl. */
static int memo_hit(auth *a, const store_account *row, const char *name, const char *password,
                    int64_t now)
{
    if (!memo_usable(a, row, now))
        return 0;
    unsigned char cred[32], pw[32];
    memo_cred(a, name, password, cred);
    memo_pwhash(row->password_hash, pw);
    int hit = 0;
    for (size_t i = 0; i < AUTH_LOGIN_MEMO_SLOTS && !hit; i++) {
        auth_login_memo *m = &a->memo[i];
        if (!m->at || sodium_memcmp(m->cred, cred, sizeof cred) != 0)
            continue;
        if (m->account_id == row->id && sodium_memcmp(m->pwhash, pw, sizeof pw) == 0 &&
            now >= m->at && now - m->at < a->memo_ttl)
            hit = 1;
        else
            sodium_memzero(m, sizeof *m); /* stale: forget it */
    }
    sodium_memzero(cred, sizeof cred);
    return hit;
}

/* Remember a login just verified in full (the row as it is now). */
static void memo_put(auth *a, const store_account *row, const char *name, const char *password,
                     int64_t now)
{
    if (!memo_usable(a, row, now))
        return;
    unsigned char cred[32];
    memo_cred(a, name, password, cred);
    auth_login_memo *slot = NULL;
    for (size_t i = 0; i < AUTH_LOGIN_MEMO_SLOTS; i++) {
        auth_login_memo *m = &a->memo[i];
        if (m->at && sodium_memcmp(m->cred, cred, sizeof cred) == 0) {
            slot = m;
            break;
        }
        if (!slot || (slot->at && (!m->at || m->at < slot->at)))
            slot = m; /* an empty slot, else the oldest */
    }
    memcpy(slot->cred, cred, sizeof cred);
    memo_pwhash(row->password_hash, slot->pwhash);
    slot->account_id = row->id;
    slot->at = now;
    sodium_memzero(cred, sizeof cred);
}

void auth_set_guard(auth *a, auth_guard *g)
{
    a->guard = g;
}

/* A success that writes (clears a failure count, re-hashes the password
 * under new limits) is audited as "auth.login"; a plain one writes nothing. */
static int login_ok(auth *a, store_account *row, const char *name, const char *password,
                    int64_t now, gisac_err *err)
{
    int clear = row->failed_logins || row->locked_until;
    int rehash = needs_rehash(row->password_hash);
    if (!clear && !rehash) {
        memo_put(a, row, name, password, now);
        return 0;
    }
    char hash[AUTH_HASH_MAX];
    int rc = 0;
    if (rehash && (rc = auth_password_hash(password, hash, err)) < 0)
        return rc;
    if ((rc = store_begin(a->st, err)) == 0) {
        if (clear)
            rc = store_account_set_logins(a->st, row->id, 0, 0, err);
        if (rc == 0 && rehash)
            rc = store_account_set_password(a->st, row->id, hash, 0, err);
        gisac_jobj j = GISAC_JOBJ_INIT;
        gisac_jobj_int(&j, "cleared_failures", row->failed_logins);
        gisac_jobj_bool(&j, "rehashed", rehash);
        rc = auth_audit_commit(a, rc, now, "auth.login", row->name, &j, err);
    }
    if (rehash)
        sodium_memzero(hash, sizeof hash);
    if (rc == 0)
        row->failed_logins = row->locked_until = 0;
    return rc;
}

int auth_login(auth *a, const char *name, const char *password, int64_t now, auth_account *out,
               auth_fail *why, gisac_err *err)
{
    return auth_login_from(a, name, password, NULL, now, out, why, NULL, err);
}

int auth_login_from(auth *a, const char *name, const char *password, const char *from, int64_t now,
                    auth_account *out, auth_fail *why, int64_t *retry_after, gisac_err *err)
{
    gisac_arena_reset(a->arena);
    if (why)
        *why = AUTH_FAIL_NONE;
    store_account row;
    int rc = GISAC_ENOTFOUND;
    if (auth_user_name_check(name, NULL) == 0)
        rc = store_account_get(a->st, name, &row, a->arena, err);
    if (rc < 0 && rc != GISAC_ENOTFOUND)
        return rc;
    int known = rc == 0;
    /* a remembered login costs no hashing, so it takes no check's place */
    int cheap = known && memo_hit(a, &row, name, password, now);
    auth_guard_ticket t;
    if (a->guard) {
        int64_t wait = 0;
        if (auth_guard_enter(a->guard, name, from ? from : "", now, cheap ? AUTH_GUARD_CHEAP : 0,
                             &t, &wait) < 0) {
            if (retry_after)
                *retry_after = wait;
            if (why)
                *why = AUTH_FAIL_THROTTLED;
            return gisac_err_set(err, GISAC_EBUSY, "too many attempts: try again in %lld s",
                                 (long long)wait);
        }
    }
    auth_fail reason = AUTH_FAIL_NONE;
    int ok;
    if (cheap) {
        ok = 1;
    } else if (!known) {
        auth_password_verify(dummy_hash(a), password); /* spend the time a real check would */
        ok = 0;
        reason = AUTH_FAIL_UNKNOWN;
    } else {
        ok = row.password_hash ? auth_password_verify(row.password_hash, password) == 0
                               : (auth_password_verify(dummy_hash(a), password), 0);
        if (row.disabled)
            ok = 0, reason = AUTH_FAIL_DISABLED;
        else if (!ok)
            reason = AUTH_FAIL_PASSWORD;
    }
    auth_guard_report rep = {.failures = !ok};
    if (a->guard)
        auth_guard_leave(a->guard, &t, ok, now, &rep);
    if (ok) {
        if (!cheap && (rc = login_ok(a, &row, name, password, now, err)) < 0)
            return rc;
        if (out)
            auth_account_from(out, &row);
        return 0;
    }
    if ((rc = report_failures(a, known && a->guard ? &row : NULL, name, from, reason, &rep, now,
                              err)) < 0)
        return rc;
    if (why)
        *why = reason;
    return gisac_err_set(err, reason == AUTH_FAIL_DISABLED ? GISAC_EFORBIDDEN : GISAC_EINVAL,
                         AUTH_LOGIN_FAILED);
}

static int summary_cb(void *ctx, const char *name, const char *addr, const auth_guard_report *rep)
{
    void **c = ctx;
    auth *a = c[0];
    gisac_err *err = c[1];
    const int64_t *now = c[2];
    return report_failures(a, NULL, name, addr, AUTH_FAIL_NONE, rep, *now, err) < 0;
}

int auth_guard_flush(auth *a, int64_t now, gisac_err *err)
{
    if (!a->guard)
        return 0;
    gisac_err e = GISAC_ERR_INIT;
    void *ctx[3] = {a, &e, &now};
    auth_guard_due(a->guard, now, summary_cb, ctx);
    if (e.code) {
        if (err)
            *err = e;
        return e.code;
    }
    return 0;
}

static int any_account(void *ctx, const store_account *row)
{
    (void)row;
    *(int *)ctx = 1;
    return 1;
}

int auth_bootstrap_admin(auth *a, const char *password, int64_t now,
                         char pw_out[AUTH_PASSWORD_MAX + 1], int *created, gisac_err *err)
{
    *created = 0;
    pw_out[0] = '\0';
    int any = 0;
    int rc = store_account_iter(a->st, any_account, &any, err);
    if (rc < 0 || any)
        return rc;
    char gen[AUTH_PASSWORD_GEN_LEN + 1];
    if (!password) {
        if ((rc = auth_password_generate(gen, err)) < 0)
            return rc;
        password = gen;
    }
    rc = auth_user_add(a, "admin", AUTH_ROLE_ADMIN, NULL, password, now, NULL, err);
    if (rc == 0) {
        snprintf(pw_out, AUTH_PASSWORD_MAX + 1, "%s", password);
        *created = 1;
    }
    sodium_memzero(gen, sizeof gen);
    return rc;
}
