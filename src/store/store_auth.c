/*
 * store_auth.c: the agency, account and token tables (schema version 3).
 *
 * Rows only: the rules (valid ids, roles, cycles, lockout) live in
 * src/auth. Values are always bound, never pasted into SQL. The reads of
 * every authenticated request (an account by name or id, a token with its
 * account, the last-used touch) are kept prepared in the handle
 * (store_stmt); the rest run a few times per command and are prepared per
 * call.
 */
#include "store/store_internal.h"

#include <string.h>

#define ACCOUNT_COLS                                                                               \
    "id, name, role, agency, password_hash, failed_logins, locked_until, disabled, created,"       \
    " modified"

#define TOKEN_COLS                                                                                 \
    "t.id, t.account_id, a.name, t.name, t.hash, t.created, t.expires, t.last_used, t.revoked"

/* Copy column i into the arena; NULL stays NULL. *oom is set on failure. */
static const char *col_dup(sqlite3_stmt *st, int i, gisac_arena *a, int *oom)
{
    const char *t = store_col_text(st, i);
    if (!t)
        return NULL;
    char *d = gisac_arena_strndup(a, t, (size_t)sqlite3_column_bytes(st, i));
    if (!d)
        *oom = 1;
    return d;
}

/* Run a statement that returns no row; finalize it. */
static int run(store *s, sqlite3_stmt *st, gisac_err *err, const char *what)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
        rc = store_db_err(s, err, what);
        sqlite3_finalize(st);
        return rc;
    }
    sqlite3_finalize(st);
    return 0;
}

/* Run a single-row UPDATE; GISAC_ENOTFOUND when it touched no row. */
static int run_update(store *s, sqlite3_stmt *st, gisac_err *err, const char *what, const char *key)
{
    int rc = run(s, st, err, what);
    if (rc < 0)
        return rc;
    if (sqlite3_changes(store_db(s)) == 0)
        return gisac_err_set(err, GISAC_ENOTFOUND, "%s: not found", key);
    return 0;
}

/* ---- agencies ---------------------------------------------------------- */

static void agency_row(sqlite3_stmt *st, store_agency *out)
{
    out->id = store_col_text(st, 0);
    out->name = store_col_text(st, 1);
    out->sector = store_col_text(st, 2);
    out->grade = store_col_text(st, 3);
    out->parent = store_col_text(st, 4);
    out->created = sqlite3_column_int64(st, 5);
    out->modified = sqlite3_column_int64(st, 6);
}

int store_agency_insert(store *s, const store_agency *a, gisac_err *err)
{
    store_share_touch(s);
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "INSERT INTO agency (id, name, sector, grade, parent, created, modified)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                           &st, err, "agency");
    if (rc < 0)
        return rc;
    store_bind_text(st, 1, a->id);
    store_bind_text(st, 2, a->name);
    store_bind_text(st, 3, a->sector);
    store_bind_text(st, 4, a->grade);
    store_bind_text(st, 5, a->parent);
    sqlite3_bind_int64(st, 6, a->created);
    sqlite3_bind_int64(st, 7, a->modified);
    rc = run(s, st, err, "agency");
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
    store_bind_text(st, 1, a->id);
    store_bind_text(st, 2, a->name);
    store_bind_text(st, 3, a->sector);
    store_bind_text(st, 4, a->grade);
    store_bind_text(st, 5, a->parent);
    sqlite3_bind_int64(st, 6, a->modified);
    return run_update(s, st, err, "agency", a->id);
}

int store_agency_get(store *s, const char *id, store_agency *out, gisac_arena *arena,
                     gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT id, name, sector, grade, parent, created, modified FROM agency"
                           " WHERE id = ?1",
                           &st, err, "agency");
    if (rc < 0)
        return rc;
    store_bind_text(st, 1, id);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        rc = rc == SQLITE_DONE ? gisac_err_set(err, GISAC_ENOTFOUND, "agency %s: not found", id)
                               : store_db_err(s, err, "agency");
        sqlite3_finalize(st);
        return rc;
    }
    int oom = 0;
    memset(out, 0, sizeof *out);
    agency_row(st, out);
    out->id = col_dup(st, 0, arena, &oom);
    out->name = col_dup(st, 1, arena, &oom);
    out->sector = col_dup(st, 2, arena, &oom);
    out->grade = col_dup(st, 3, arena, &oom);
    out->parent = col_dup(st, 4, arena, &oom);
    sqlite3_finalize(st);
    return oom ? gisac_err_set(err, GISAC_ENOMEM, "out of memory") : 0;
}

int store_agency_iter(store *s, store_agency_cb cb, void *ctx, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT id, name, sector, grade, parent, created, modified FROM agency"
                           " ORDER BY id",
                           &st, err, "agencies");
    if (rc < 0)
        return rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_agency a;
        agency_row(st, &a);
        if (cb(ctx, &a) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    rc = rc == SQLITE_DONE ? 0 : store_db_err(s, err, "agencies");
    sqlite3_finalize(st);
    return rc;
}

/* ---- accounts ---------------------------------------------------------- */

static void account_row(sqlite3_stmt *st, store_account *out)
{
    out->id = sqlite3_column_int64(st, 0);
    out->name = store_col_text(st, 1);
    out->role = store_col_text(st, 2);
    out->agency = store_col_text(st, 3);
    out->password_hash = store_col_text(st, 4);
    out->failed_logins = sqlite3_column_int64(st, 5);
    out->locked_until = sqlite3_column_int64(st, 6);
    out->disabled = sqlite3_column_int(st, 7);
    out->created = sqlite3_column_int64(st, 8);
    out->modified = sqlite3_column_int64(st, 9);
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
    rc = run(s, st, err, "account");
    if (rc == GISAC_EEXIST)
        return gisac_err_set(err, rc, "user %s exists already", a->name);
    if (rc == 0)
        a->id = sqlite3_last_insert_rowid(store_db(s));
    return rc;
}

/* Copy the account in columns o.. of st (ACCOUNT_COLS) into out and arena. */
static int account_copy(sqlite3_stmt *st, int o, store_account *out, gisac_arena *arena)
{
    int oom = 0;
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(st, o);
    out->name = col_dup(st, o + 1, arena, &oom);
    out->role = col_dup(st, o + 2, arena, &oom);
    out->agency = col_dup(st, o + 3, arena, &oom);
    out->password_hash = col_dup(st, o + 4, arena, &oom);
    out->failed_logins = sqlite3_column_int64(st, o + 5);
    out->locked_until = sqlite3_column_int64(st, o + 6);
    out->disabled = sqlite3_column_int(st, o + 7);
    out->created = sqlite3_column_int64(st, o + 8);
    out->modified = sqlite3_column_int64(st, o + 9);
    return oom ? GISAC_ENOMEM : 0;
}

/* Step the kept statement id once into out; hand it back. */
static int account_get(store *s, store_stc id, sqlite3_stmt *st, const char *key,
                       store_account *out, gisac_arena *arena, gisac_err *err)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        rc = rc == SQLITE_DONE ? gisac_err_set(err, GISAC_ENOTFOUND, "user %s: not found", key)
                               : store_db_err(s, err, "account");
    else if ((rc = account_copy(st, 0, out, arena)) < 0)
        gisac_err_set(err, rc, "out of memory");
    store_stmt_done(s, id, st);
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

int store_account_iter(store *s, store_account_cb cb, void *ctx, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s, "SELECT " ACCOUNT_COLS " FROM account ORDER BY name", &st, err,
                           "accounts");
    if (rc < 0)
        return rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_account a;
        account_row(st, &a);
        if (cb(ctx, &a) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    rc = rc == SQLITE_DONE ? 0 : store_db_err(s, err, "accounts");
    sqlite3_finalize(st);
    return rc;
}

static const char *id_key(int64_t id, char buf[32])
{
    snprintf(buf, 32, "user #%lld", (long long)id);
    return buf;
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
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, hash);
    store_bind_time(st, 3, modified);
    char k[32];
    return run_update(s, st, err, "account", id_key(id, k));
}

int store_account_set_disabled(store *s, int64_t id, int disabled, int64_t now, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(s, "UPDATE account SET disabled = ?2, modified = ?3 WHERE id = ?1", &st,
                           err, "account");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, disabled ? 1 : 0);
    sqlite3_bind_int64(st, 3, now);
    char k[32];
    return run_update(s, st, err, "account", id_key(id, k));
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
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, failed_logins);
    store_bind_time(st, 3, locked_until);
    char k[32];
    return run_update(s, st, err, "account", id_key(id, k));
}

/* ---- tokens ------------------------------------------------------------ */

static void token_row(sqlite3_stmt *st, store_token *out)
{
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
    rc = run(s, st, err, "token");
    if (rc == GISAC_EEXIST)
        return gisac_err_set(err, rc, "token %s exists already", t->id);
    return rc;
}

int store_token_get(store *s, const char *id, store_token *out, gisac_arena *arena, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc =
        store_prepare(s,
                      "SELECT " TOKEN_COLS " FROM token t JOIN account a ON a.id = t.account_id"
                      " WHERE t.id = ?1",
                      &st, err, "token");
    if (rc < 0)
        return rc;
    store_bind_text(st, 1, id);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        rc = rc == SQLITE_DONE ? gisac_err_set(err, GISAC_ENOTFOUND, "token %s: not found", id)
                               : store_db_err(s, err, "token");
        sqlite3_finalize(st);
        return rc;
    }
    int oom = 0;
    memset(out, 0, sizeof *out);
    token_row(st, out);
    out->id = col_dup(st, 0, arena, &oom);
    out->account_name = col_dup(st, 2, arena, &oom);
    out->name = col_dup(st, 3, arena, &oom);
    out->hash = col_dup(st, 4, arena, &oom);
    sqlite3_finalize(st);
    return oom ? gisac_err_set(err, GISAC_ENOMEM, "out of memory") : 0;
}

int store_token_auth(store *s, const char *id, store_token *tok, store_account *acc,
                     gisac_arena *arena, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_stmt(s, STC_TOKEN_AUTH,
                        "SELECT " TOKEN_COLS ", a.id, a.name, a.role, a.agency, a.password_hash,"
                        " a.failed_logins, a.locked_until, a.disabled, a.created, a.modified"
                        " FROM token t JOIN account a ON a.id = t.account_id WHERE t.id = ?1",
                        &st, err, "token");
    if (rc < 0)
        return rc;
    store_bind_text(st, 1, id);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        rc = rc == SQLITE_DONE ? gisac_err_set(err, GISAC_ENOTFOUND, "token %s: not found", id)
                               : store_db_err(s, err, "token");
    } else {
        int oom = 0;
        memset(tok, 0, sizeof *tok);
        token_row(st, tok);
        tok->id = col_dup(st, 0, arena, &oom);
        tok->account_name = col_dup(st, 2, arena, &oom);
        tok->name = col_dup(st, 3, arena, &oom);
        tok->hash = col_dup(st, 4, arena, &oom);
        rc = oom || account_copy(st, 9, acc, arena) < 0
                 ? gisac_err_set(err, GISAC_ENOMEM, "out of memory")
                 : 0;
    }
    store_stmt_done(s, STC_TOKEN_AUTH, st);
    return rc;
}

int store_token_iter(store *s, int64_t account_id, store_token_cb cb, void *ctx, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc =
        store_prepare(s,
                      "SELECT " TOKEN_COLS " FROM token t JOIN account a ON a.id = t.account_id"
                      " WHERE (?1 = 0 OR t.account_id = ?1) ORDER BY a.name, t.created, t.id",
                      &st, err, "tokens");
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(st, 1, account_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_token t;
        token_row(st, &t);
        if (cb(ctx, &t) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    rc = rc == SQLITE_DONE ? 0 : store_db_err(s, err, "tokens");
    sqlite3_finalize(st);
    return rc;
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
    return run_update(s, st, err, "token", k);
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
    rc = sqlite3_step(st);
    rc = rc == SQLITE_DONE ? 0 : store_db_err(s, err, "token");
    int changed = rc == 0 && sqlite3_changes(store_db(s)) > 0;
    store_stmt_done(s, STC_TOKEN_TOUCH, st);
    if (rc == 0 && !changed)
        rc = gisac_err_set(err, GISAC_ENOTFOUND, "token %s: not found", id);
    return rc;
}
