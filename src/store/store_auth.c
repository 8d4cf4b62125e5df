/*
 * store_auth.c: the agency, account and token tables (schema version 3;
 * see store_auth.h).
 *
 * Rows only: the rules (valid ids, roles, cycles, lockout) live in
 * src/auth. Values are always bound, never pasted into SQL. The reads of
 * every authenticated request (an account by name or id, a token with its
 * account, the last-used touch) are kept prepared in the handle
 * (store_stmt); the rest run a few times per command and are prepared per
 * call. Each table has one row mapper (agency_copy, account_copy,
 * token_copy) that its iteration and its *_get share.
 */
#include "store/store_internal.h"

#include <string.h>

#define AGENCY_COLS "id, name, sector, grade, parent, created, modified"
#define AGENCY_READ                                                                                \
    AGENCY_COLS ", (SELECT n.networks FROM agency_networks n WHERE n.agency = agency.id)"

#define ACCOUNT_COLS                                                                               \
    "id, name, role, agency, password_hash, failed_logins, locked_until, disabled, created,"       \
    " modified, language"

#define TOKEN_COLS                                                                                 \
    "t.id, t.account_id, a.name, t.name, t.hash, t.created, t.expires, t.last_used, t.revoked"
#define TOKEN_FROM " FROM token t JOIN account a ON a.id = t.account_id"

/* After a single-row write: GISAC_ENOTFOUND ("<key>: not found") when it touched no row. */
static int found(store *s, int rc, gisac_err *err, const char *key)
{
    if (rc == 0 && store_changes(s) == 0)
        return gisac_err_set(err, GISAC_ENOTFOUND, "%s: not found", key);
    return rc;
}

/* A duplicate key as "<what> <key> exists already". */
static int unique(int rc, gisac_err *err, const char *what, const char *key)
{
    if (rc == GISAC_EEXIST)
        gisac_err_set(err, rc, "%s %s exists already", what, key);
    return rc;
}

/* ---- agencies ---------------------------------------------------------- */

STORE_ROWMAP(agency_rows, store_agency, store_agency_cb, agency_copy, o, "tttttIIt", &o->id,
             &o->name, &o->sector, &o->grade, &o->parent, &o->created, &o->modified, &o->networks);

int store_agency_insert(store *s, const store_agency *a, gisac_err *err)
{
    store_share_touch(s);
    int rc = store_write(s, STC_NONE,
                         "INSERT INTO agency (" AGENCY_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                         err, "agency", "tttttII", a->id, a->name, a->sector, a->grade, a->parent,
                         a->created, a->modified);
    return unique(rc, err, "agency", a->id);
}

int store_agency_update(store *s, const store_agency *a, gisac_err *err)
{
    store_share_touch(s);
    int rc = store_write(s, STC_NONE,
                         "UPDATE agency SET name = ?2, sector = ?3, grade = ?4, parent = ?5,"
                         " modified = ?6 WHERE id = ?1",
                         err, "agency", "tttttI", a->id, a->name, a->sector, a->grade, a->parent,
                         a->modified);
    return found(s, rc, err, a->id);
}

int store_agency_set_networks(store *s, const char *id, const char *networks, int64_t modified,
                              gisac_err *err)
{
    store_share_touch(s);
    int rc = store_write(s, STC_NONE, "UPDATE agency SET modified = ?2 WHERE id = ?1", err,
                         "agency", "tI", id, modified);
    if ((rc = found(s, rc, err, id)) < 0)
        return rc;
    if (!networks)
        return store_write(s, STC_NONE, "DELETE FROM agency_networks WHERE agency = ?1", err,
                           "agency", "t", id);
    return store_write(s, STC_NONE,
                       "INSERT INTO agency_networks (agency, networks) VALUES (?1, ?2)"
                       " ON CONFLICT (agency) DO UPDATE SET networks = excluded.networks",
                       err, "agency", "tt", id, networks);
}

int store_agency_get(store *s, const char *id, store_agency *out, gisac_arena *arena,
                     gisac_err *err)
{
    return store_get_by(s, "SELECT " AGENCY_READ " FROM agency WHERE id = ?1", agency_copy, out,
                        arena, err, "agency", id, 1);
}

int store_agency_iter(store *s, store_agency_cb cb, void *ctx, gisac_err *err)
{
    return store_iter(s, STC_NONE, "SELECT " AGENCY_READ " FROM agency ORDER BY id", &agency_rows,
                      0, STORE_CBX(cb, ctx), err, "agencies", NULL);
}

int store_agency_under(store *s, const char *root, store_agency_cb cb, void *ctx, gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT " AGENCY_COLS
                      " FROM agency WHERE id IN (" STORE_AGENCY_UNDER("?1") ") ORDER BY id",
                      &agency_rows, 0, STORE_CBX(cb, ctx), err, "agencies", "t", root);
}

/* ---- accounts ---------------------------------------------------------- */

/* The account in columns o.. of st (ACCOUNT_COLS). */
static int account_at(store_account *o, int c, gisac_arena *arena, store_statement *st)
{
    return store_cols(st, c, arena, "IttttIIiIIt", &o->id, &o->name, &o->role, &o->agency,
                      &o->password_hash, &o->failed_logins, &o->locked_until, &o->disabled,
                      &o->created, &o->modified, &o->language);
}

static int account_copy(void *row, gisac_arena *arena, store_statement *st)
{
    return account_at(row, 0, arena, st);
}

STORE_ROWTYPE(account_rows, store_account, account_copy, store_account_cb);

int store_account_insert(store *s, store_account *a, gisac_err *err)
{
    int rc = store_write(s, STC_NONE,
                         "INSERT INTO account (name, role, agency, password_hash, failed_logins,"
                         " locked_until, disabled, created, modified, language)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                         err, "account", "ttttITiIIt", a->name, a->role, a->agency,
                         a->password_hash, a->failed_logins, a->locked_until, a->disabled,
                         a->created, a->modified, a->language);
    if (rc == 0)
        a->id = store_last_id(s);
    return unique(rc, err, "user", a->name);
}

/* A missing account as "user <shown>: not found". */
static int user_found(int rc, gisac_err *err, const char *shown)
{
    if (rc == GISAC_ENOTFOUND)
        gisac_err_set(err, rc, "user %s: not found", shown);
    return rc;
}

int store_account_get(store *s, const char *name, store_account *out, gisac_arena *arena,
                      gisac_err *err)
{
    int rc =
        store_get(s, STC_ACCOUNT_BY_NAME, "SELECT " ACCOUNT_COLS " FROM account WHERE name = ?1",
                  account_copy, out, arena, err, "account", "t", name);
    return user_found(rc, err, name);
}

int store_account_get_id(store *s, int64_t id, store_account *out, gisac_arena *arena,
                         gisac_err *err)
{
    int rc = store_get(s, STC_ACCOUNT_BY_ID, "SELECT " ACCOUNT_COLS " FROM account WHERE id = ?1",
                       account_copy, out, arena, err, "account", "I", id);
    char key[32];
    snprintf(key, sizeof key, "#%lld", (long long)id);
    return user_found(rc, err, key);
}

int store_account_iter(store *s, store_account_cb cb, void *ctx, gisac_err *err)
{
    return store_iter(s, STC_NONE, "SELECT " ACCOUNT_COLS " FROM account ORDER BY name",
                      &account_rows, 0, STORE_CBX(cb, ctx), err, "accounts", NULL);
}

/* After an UPDATE of account id: "user #id: not found" when there is none. */
static int account_found(store *s, int rc, int64_t id, gisac_err *err)
{
    char key[32];
    snprintf(key, sizeof key, "user #%lld", (long long)id);
    return found(s, rc, err, key);
}

int store_account_set_password(store *s, int64_t id, const char *hash, int64_t modified,
                               gisac_err *err)
{
    int rc = store_write(s, STC_NONE,
                         "UPDATE account SET password_hash = ?2, failed_logins = 0,"
                         " locked_until = NULL, modified = COALESCE(?3, modified) WHERE id = ?1",
                         err, "account", "ItT", id, hash, modified);
    return account_found(s, rc, id, err);
}

int store_account_set_disabled(store *s, int64_t id, int disabled, int64_t now, gisac_err *err)
{
    int rc =
        store_write(s, STC_NONE, "UPDATE account SET disabled = ?2, modified = ?3 WHERE id = ?1",
                    err, "account", "IiI", id, disabled ? 1 : 0, now);
    return account_found(s, rc, id, err);
}

int store_account_set_language(store *s, int64_t id, const char *language, int64_t now,
                               gisac_err *err)
{
    int rc =
        store_write(s, STC_NONE, "UPDATE account SET language = ?2, modified = ?3 WHERE id = ?1",
                    err, "account", "ItI", id, language, now);
    return account_found(s, rc, id, err);
}

int store_account_set_logins(store *s, int64_t id, int64_t failed_logins, int64_t locked_until,
                             gisac_err *err)
{
    int rc = store_write(s, STC_NONE,
                         "UPDATE account SET failed_logins = ?2, locked_until = ?3 WHERE id = ?1",
                         err, "account", "IIT", id, failed_logins, locked_until);
    return account_found(s, rc, id, err);
}

/* ---- tokens ------------------------------------------------------------ */

STORE_ROWMAP(token_rows, store_token, store_token_cb, token_copy, o, "tItttIIIi", &o->id,
             &o->account_id, &o->account_name, &o->name, &o->hash, &o->created, &o->expires,
             &o->last_used, &o->revoked);

/* A token row (TOKEN_COLS) and its account after it (ACCOUNT_COLS). */
typedef struct token_auth_row {
    store_token *tok;
    store_account *acc;
} token_auth_row;

static int token_auth_copy(void *row, gisac_arena *arena, store_statement *st)
{
    token_auth_row *r = row;
    int rc = token_copy(r->tok, arena, st);
    return rc < 0 ? rc : account_at(r->acc, 9, arena, st);
}

int store_token_insert(store *s, const store_token *t, gisac_err *err)
{
    int rc = store_write(s, STC_NONE,
                         "INSERT INTO token (id, account_id, name, hash, created, expires,"
                         " last_used, revoked) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                         err, "token", "tIttITTi", t->id, t->account_id, t->name, t->hash,
                         t->created, t->expires, t->last_used, t->revoked ? 1 : 0);
    return unique(rc, err, "token", t->id);
}

/* A missing token as "token <id>: not found". */
static int token_found(int rc, gisac_err *err, const char *id)
{
    if (rc == GISAC_ENOTFOUND)
        gisac_err_set(err, rc, "token %s: not found", id);
    return rc;
}

int store_token_get(store *s, const char *id, store_token *out, gisac_arena *arena, gisac_err *err)
{
    return store_get_by(s, "SELECT " TOKEN_COLS TOKEN_FROM " WHERE t.id = ?1", token_copy, out,
                        arena, err, "token", id, 1);
}

int store_token_auth(store *s, const char *id, store_token *tok, store_account *acc,
                     gisac_arena *arena, gisac_err *err)
{
    token_auth_row r = {tok, acc};
    int rc = store_get(s, STC_TOKEN_AUTH,
                       "SELECT " TOKEN_COLS ", a.id, a.name, a.role, a.agency, a.password_hash,"
                       " a.failed_logins, a.locked_until, a.disabled, a.created,"
                       " a.modified, a.language" TOKEN_FROM " WHERE t.id = ?1",
                       token_auth_copy, &r, arena, err, "token", "t", id);
    return token_found(rc, err, id);
}

int store_token_iter(store *s, int64_t account_id, store_token_cb cb, void *ctx, gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT " TOKEN_COLS TOKEN_FROM " WHERE (?1 = 0 OR t.account_id = ?1)"
                      " ORDER BY a.name, t.created, t.id",
                      &token_rows, 0, STORE_CBX(cb, ctx), err, "tokens", "I", account_id);
}

/* After a write of one token: "token <id>: not found" when it touched none. */
static int token_written(store *s, int rc, const char *id, gisac_err *err)
{
    char k[64];
    snprintf(k, sizeof k, "token %s", id);
    return found(s, rc, err, k);
}

int store_token_revoke(store *s, const char *id, gisac_err *err)
{
    int rc = store_write(s, STC_NONE, "UPDATE token SET revoked = 1 WHERE id = ?1", err, "token",
                         "t", id);
    return token_written(s, rc, id, err);
}

int store_token_touch(store *s, const char *id, int64_t now, gisac_err *err)
{
    if (s->in_read && !s->in_tx) {
        /* a write would turn the snapshot into a write transaction, holding
         * the write lock for the rest of the request: written at its end */
        if (strlen(id) < sizeof s->touch_id) {
            memcpy(s->touch_id, id, strlen(id) + 1);
            s->touch_at = now;
        }
        return 0;
    }
    int rc = store_write(s, STC_TOKEN_TOUCH, "UPDATE token SET last_used = ?2 WHERE id = ?1", err,
                         "token", "tI", id, now);
    return token_written(s, rc, id, err);
}
