/*
 * store_auth.c: the agency, account and token tables (schema version 3;
 * see store_auth.h).
 *
 * Rows only: the rules (valid ids, roles, cycles, lockout) live in
 * src/auth. Values are always bound, never pasted into SQL. The reads of
 * every authenticated request (an account by name or id, a token with its
 * account, the last-used touch) are kept prepared in the handle
 * (store_stmt); the rest run a few times per command and are prepared per
 * call. Each table has one row mapper (agency_row, account_row,
 * token_row) that every read shares; *_get copy the mapped strings into
 * the caller's arena.
 */
#include "store/store_internal.h"

#include <string.h>

#define AGENCY_COLS "id, name, sector, grade, parent, created, modified"

#define ACCOUNT_COLS                                                                               \
    "id, name, role, agency, password_hash, failed_logins, locked_until, disabled, created,"       \
    " modified"

#define TOKEN_COLS                                                                                 \
    "t.id, t.account_id, a.name, t.name, t.hash, t.created, t.expires, t.last_used, t.revoked"
#define TOKEN_FROM " FROM token t JOIN account a ON a.id = t.account_id"

/* Run a single-row write; GISAC_ENOTFOUND ("<key>: not found") when it touched no row. */
static int run_one(store *s, sqlite3_stmt *st, store_stc id, gisac_err *err, const char *what,
                   const char *key)
{
    int rc = store_run(s, st, id, err, what);
    if (rc == 0 && store_changes(s) == 0)
        return gisac_err_set(err, GISAC_ENOTFOUND, "%s: not found", key);
    return rc;
}

/* ---- agencies ---------------------------------------------------------- */

static void agency_row(sqlite3_stmt *st, store_agency *out)
{
    memset(out, 0, sizeof *out);
    out->id = store_col_text(st, 0);
    out->name = store_col_text(st, 1);
    out->sector = store_col_text(st, 2);
    out->grade = store_col_text(st, 3);
    out->parent = store_col_text(st, 4);
    out->created = sqlite3_column_int64(st, 5);
    out->modified = sqlite3_column_int64(st, 6);
}

/* Bind name, sector, grade, parent at 2..5 (and id at 1). */
static void bind_agency(sqlite3_stmt *st, const store_agency *a)
{
    store_bind_text(st, 1, a->id);
    store_bind_text(st, 2, a->name);
    store_bind_text(st, 3, a->sector);
    store_bind_text(st, 4, a->grade);
    store_bind_text(st, 5, a->parent);
}

int store_agency_insert(store *s, const store_agency *a, gisac_err *err)
{
    store_share_touch(s);
    sqlite3_stmt *st;
    int rc =
        store_prepare(s, "INSERT INTO agency (" AGENCY_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                      &st, err, "agency");
    if (rc < 0)
        return rc;
    bind_agency(st, a);
    sqlite3_bind_int64(st, 6, a->created);
    sqlite3_bind_int64(st, 7, a->modified);
    rc = store_run(s, st, STC_NONE, err, "agency");
    if (rc == GISAC_EEXIST)
        return gisac_err_set(err, rc, "agency %s exists already", a->id);
    return rc;
}

int store_agency_update(store *s, const store_agency *a, gisac_err *err)
{
    store_share_touch(s);
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "UPDATE agency SET name = ?2, sector = ?3, grade = ?4, parent = ?5,"
                           " modified = ?6 WHERE id = ?1",
                           &st, err, "agency");
    if (rc < 0)
        return rc;
    bind_agency(st, a);
    sqlite3_bind_int64(st, 6, a->modified);
    return run_one(s, st, STC_NONE, err, "agency", a->id);
}

static int agency_copy(void *row, gisac_arena *arena, sqlite3_stmt *st)
{
    store_agency *o = row;
    agency_row(st, o);
    return store_dup(arena, &o->id, &o->name, &o->sector, &o->grade, &o->parent, NULL);
}

int store_agency_get(store *s, const char *id, store_agency *out, gisac_arena *arena,
                     gisac_err *err)
{
    sqlite3_stmt *st;
    int rc =
        store_prepare(s, "SELECT " AGENCY_COLS " FROM agency WHERE id = ?1", &st, err, "agency");
    if (rc < 0)
        return rc;
    store_bind_text(st, 1, id);
    rc = store_one(s, st, STC_NONE, agency_copy, out, arena, err, "agency");
    if (rc == GISAC_ENOTFOUND)
        gisac_err_set(err, rc, "agency %s: not found", id);
    return rc;
}

static int agency_each(void *ctx, sqlite3_stmt *st)
{
    store_cb *c = ctx;
    store_agency a;
    agency_row(st, &a);
    return ((store_agency_cb)c->fn)(c->ctx, &a) != 0;
}

int store_agency_iter(store *s, store_agency_cb cb, void *ctx, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc =
        store_prepare(s, "SELECT " AGENCY_COLS " FROM agency ORDER BY id", &st, err, "agencies");
    if (rc < 0)
        return rc;
    store_cb c = STORE_CB(cb, ctx);
    return store_rows(s, st, STC_NONE, agency_each, &c, err, "agencies");
}

/* ---- accounts ---------------------------------------------------------- */

/* The account in columns o.. of st (ACCOUNT_COLS). */
static void account_row(sqlite3_stmt *st, int o, store_account *out)
{
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(st, o);
    out->name = store_col_text(st, o + 1);
    out->role = store_col_text(st, o + 2);
    out->agency = store_col_text(st, o + 3);
    out->password_hash = store_col_text(st, o + 4);
    out->failed_logins = sqlite3_column_int64(st, o + 5);
    out->locked_until = sqlite3_column_int64(st, o + 6);
    out->disabled = sqlite3_column_int(st, o + 7);
    out->created = sqlite3_column_int64(st, o + 8);
    out->modified = sqlite3_column_int64(st, o + 9);
}

static int account_dup(store_account *o, gisac_arena *arena)
{
    return store_dup(arena, &o->name, &o->role, &o->agency, &o->password_hash, NULL);
}

int store_account_insert(store *s, store_account *a, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "INSERT INTO account (name, role, agency, password_hash, failed_logins,"
                           " locked_until, disabled, created, modified)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                           &st, err, "account");
    if (rc < 0)
        return rc;
    store_bind_text(st, 1, a->name);
    store_bind_text(st, 2, a->role);
    store_bind_text(st, 3, a->agency);
    store_bind_text(st, 4, a->password_hash);
    sqlite3_bind_int64(st, 5, a->failed_logins);
    store_bind_time(st, 6, a->locked_until);
    sqlite3_bind_int(st, 7, a->disabled);
    sqlite3_bind_int64(st, 8, a->created);
    sqlite3_bind_int64(st, 9, a->modified);
    rc = store_run(s, st, STC_NONE, err, "account");
    if (rc == GISAC_EEXIST)
        return gisac_err_set(err, rc, "user %s exists already", a->name);
    if (rc == 0)
        a->id = sqlite3_last_insert_rowid(store_db(s));
    return rc;
}

static int account_copy(void *row, gisac_arena *arena, sqlite3_stmt *st)
{
    account_row(st, 0, row);
    return account_dup(row, arena);
}

/* Step the kept statement id once into out ("user <key>: not found" when absent). */
static int account_get(store *s, store_stc id, sqlite3_stmt *st, const char *key,
                       store_account *out, gisac_arena *arena, gisac_err *err)
{
    int rc = store_one(s, st, id, account_copy, out, arena, err, "account");
    if (rc == GISAC_ENOTFOUND)
        gisac_err_set(err, rc, "user %s: not found", key);
    return rc;
}

int store_account_get(store *s, const char *name, store_account *out, gisac_arena *arena,
                      gisac_err *err)
{
    sqlite3_stmt *st;
    int rc =
        store_stmt(s, STC_ACCOUNT_BY_NAME, "SELECT " ACCOUNT_COLS " FROM account WHERE name = ?1",
                   &st, err, "account");
    if (rc < 0)
        return rc;
    store_bind_text(st, 1, name);
    return account_get(s, STC_ACCOUNT_BY_NAME, st, name, out, arena, err);
}

int store_account_get_id(store *s, int64_t id, store_account *out, gisac_arena *arena,
                         gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_stmt(s, STC_ACCOUNT_BY_ID, "SELECT " ACCOUNT_COLS " FROM account WHERE id = ?1",
                        &st, err, "account");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    char key[32];
    snprintf(key, sizeof key, "#%lld", (long long)id);
    return account_get(s, STC_ACCOUNT_BY_ID, st, key, out, arena, err);
}

static int account_each(void *ctx, sqlite3_stmt *st)
{
    store_cb *c = ctx;
    store_account a;
    account_row(st, 0, &a);
    return ((store_account_cb)c->fn)(c->ctx, &a) != 0;
}

int store_account_iter(store *s, store_account_cb cb, void *ctx, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s, "SELECT " ACCOUNT_COLS " FROM account ORDER BY name", &st, err,
                           "accounts");
    if (rc < 0)
        return rc;
    store_cb c = STORE_CB(cb, ctx);
    return store_rows(s, st, STC_NONE, account_each, &c, err, "accounts");
}

/* Run an UPDATE of account id (bound at ?1); "user #id: not found" when there is none. */
static int account_update(store *s, sqlite3_stmt *st, int64_t id, gisac_err *err)
{
    char key[32];
    snprintf(key, sizeof key, "user #%lld", (long long)id);
    sqlite3_bind_int64(st, 1, id);
    return run_one(s, st, STC_NONE, err, "account", key);
}

int store_account_set_password(store *s, int64_t id, const char *hash, int64_t modified,
                               gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "UPDATE account SET password_hash = ?2, failed_logins = 0,"
                           " locked_until = NULL, modified = COALESCE(?3, modified) WHERE id = ?1",
                           &st, err, "account");
    if (rc < 0)
        return rc;
    store_bind_text(st, 2, hash);
    store_bind_time(st, 3, modified);
    return account_update(s, st, id, err);
}

int store_account_set_disabled(store *s, int64_t id, int disabled, int64_t now, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s, "UPDATE account SET disabled = ?2, modified = ?3 WHERE id = ?1", &st,
                           err, "account");
    if (rc < 0)
        return rc;
    sqlite3_bind_int(st, 2, disabled ? 1 : 0);
    sqlite3_bind_int64(st, 3, now);
    return account_update(s, st, id, err);
}

int store_account_set_logins(store *s, int64_t id, int64_t failed_logins, int64_t locked_until,
                             gisac_err *err)
{
    sqlite3_stmt *st;
    int rc =
        store_prepare(s, "UPDATE account SET failed_logins = ?2, locked_until = ?3 WHERE id = ?1",
                      &st, err, "account");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 2, failed_logins);
    store_bind_time(st, 3, locked_until);
    return account_update(s, st, id, err);
}

/* ---- tokens ------------------------------------------------------------ */

static void token_row(sqlite3_stmt *st, store_token *out)
{
    memset(out, 0, sizeof *out);
    out->id = store_col_text(st, 0);
    out->account_id = sqlite3_column_int64(st, 1);
    out->account_name = store_col_text(st, 2);
    out->name = store_col_text(st, 3);
    out->hash = store_col_text(st, 4);
    out->created = sqlite3_column_int64(st, 5);
    out->expires = sqlite3_column_int64(st, 6);
    out->last_used = sqlite3_column_int64(st, 7);
    out->revoked = sqlite3_column_int(st, 8);
}

int store_token_insert(store *s, const store_token *t, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "INSERT INTO token (id, account_id, name, hash, created, expires,"
                           " last_used, revoked) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                           &st, err, "token");
    if (rc < 0)
        return rc;
    store_bind_text(st, 1, t->id);
    sqlite3_bind_int64(st, 2, t->account_id);
    store_bind_text(st, 3, t->name);
    store_bind_text(st, 4, t->hash);
    sqlite3_bind_int64(st, 5, t->created);
    store_bind_time(st, 6, t->expires);
    store_bind_time(st, 7, t->last_used);
    sqlite3_bind_int(st, 8, t->revoked ? 1 : 0);
    rc = store_run(s, st, STC_NONE, err, "token");
    if (rc == GISAC_EEXIST)
        return gisac_err_set(err, rc, "token %s exists already", t->id);
    return rc;
}

/* A token row (TOKEN_COLS), and its account after it (ACCOUNT_COLS) when acc is set. */
typedef struct token_get_ctx {
    store_token *tok;
    store_account *acc;
    gisac_arena *arena;
} token_get_ctx;

static int token_copy(void *row, gisac_arena *arena, sqlite3_stmt *st)
{
    token_get_ctx *g = row;
    store_token *t = g->tok;
    token_row(st, t);
    int rc = store_dup(arena, &t->id, &t->account_name, &t->name, &t->hash, NULL);
    if (rc == 0 && g->acc) {
        account_row(st, 9, g->acc);
        rc = account_dup(g->acc, arena);
    }
    return rc;
}

/* Step st once into g; "token <id>: not found" when absent. */
static int token_get(store *s, sqlite3_stmt *st, store_stc stc, const char *id, token_get_ctx *g,
                     gisac_err *err)
{
    store_bind_text(st, 1, id);
    int rc = store_one(s, st, stc, token_copy, g, g->arena, err, "token");
    if (rc == GISAC_ENOTFOUND)
        gisac_err_set(err, rc, "token %s: not found", id);
    return rc;
}

int store_token_get(store *s, const char *id, store_token *out, gisac_arena *arena, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc =
        store_prepare(s, "SELECT " TOKEN_COLS TOKEN_FROM " WHERE t.id = ?1", &st, err, "token");
    if (rc < 0)
        return rc;
    token_get_ctx g = {out, NULL, arena};
    return token_get(s, st, STC_NONE, id, &g, err);
}

int store_token_auth(store *s, const char *id, store_token *tok, store_account *acc,
                     gisac_arena *arena, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_stmt(s, STC_TOKEN_AUTH,
                        "SELECT " TOKEN_COLS ", a.id, a.name, a.role, a.agency, a.password_hash,"
                        " a.failed_logins, a.locked_until, a.disabled, a.created,"
                        " a.modified" TOKEN_FROM " WHERE t.id = ?1",
                        &st, err, "token");
    if (rc < 0)
        return rc;
    token_get_ctx g = {tok, acc, arena};
    return token_get(s, st, STC_TOKEN_AUTH, id, &g, err);
}

static int token_each(void *ctx, sqlite3_stmt *st)
{
    store_cb *c = ctx;
    store_token t;
    token_row(st, &t);
    return ((store_token_cb)c->fn)(c->ctx, &t) != 0;
}

int store_token_iter(store *s, int64_t account_id, store_token_cb cb, void *ctx, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT " TOKEN_COLS TOKEN_FROM " WHERE (?1 = 0 OR t.account_id = ?1)"
                           " ORDER BY a.name, t.created, t.id",
                           &st, err, "tokens");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, account_id);
    store_cb c = STORE_CB(cb, ctx);
    return store_rows(s, st, STC_NONE, token_each, &c, err, "tokens");
}

int store_token_revoke(store *s, const char *id, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s, "UPDATE token SET revoked = 1 WHERE id = ?1", &st, err, "token");
    if (rc < 0)
        return rc;
    store_bind_text(st, 1, id);
    char k[64];
    snprintf(k, sizeof k, "token %s", id);
    return run_one(s, st, STC_NONE, err, "token", k);
}

int store_token_touch(store *s, const char *id, int64_t now, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_stmt(s, STC_TOKEN_TOUCH, "UPDATE token SET last_used = ?2 WHERE id = ?1", &st,
                        err, "token");
    if (rc < 0)
        return rc;
    store_bind_text(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    char k[64];
    snprintf(k, sizeof k, "token %s", id);
    return run_one(s, st, STC_TOKEN_TOUCH, err, "token", k);
}
