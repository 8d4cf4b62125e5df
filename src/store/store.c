/*
 * store.c: what every area of the store shares: errors, statements (kept
 * in the handle or prepared per call), transactions and read snapshots,
 * the share generation, the actor, small settings and the audit hash.
 * The backend specifics of opening a file and migrating it are in
 * store_sqlite.c; each area's rows in its own store_<area>.c.
 */
#include "store/store.h"
#include "store/store_internal.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- URIs ------------------------------------------------------------------- */

/* The length of uri's "scheme:" prefix (letters, digits, + - . after a letter), or 0. */
static size_t uri_scheme(const char *uri)
{
    size_t i = 0;
    if (!((uri[0] >= 'a' && uri[0] <= 'z') || (uri[0] >= 'A' && uri[0] <= 'Z')))
        return 0;
    while (uri[i] && uri[i] != ':' && uri[i] != '/' &&
           ((uri[i] >= 'a' && uri[i] <= 'z') || (uri[i] >= 'A' && uri[i] <= 'Z') ||
            (uri[i] >= '0' && uri[i] <= '9') || uri[i] == '+' || uri[i] == '-' || uri[i] == '.'))
        i++;
    return uri[i] == ':' ? i + 1 : 0;
}

static int scheme_is(const char *uri, size_t n, const char *scheme)
{
    return n == strlen(scheme) && strncasecmp(uri, scheme, n) == 0;
}

int store_uri_path(const char *uri, char *out, size_t cap, gisac_err *err)
{
    if (!uri || !*uri)
        return gisac_err_set(err, GISAC_EINVAL, "no store given");
    size_t n = uri_scheme(uri);
    const char *path = uri;
    if (n && scheme_is(uri, n, "sqlite:")) {
        path = uri + n;
    } else if (n && (scheme_is(uri, n, "postgresql:") || scheme_is(uri, n, "postgres:"))) {
        return gisac_err_set(err, GISAC_ENOTFOUND, "%.*s: a server store has no file", (int)(n - 1),
                             uri);
    } else if (n && strncmp(uri + n, "//", 2) == 0) {
        return gisac_err_set(err, GISAC_EUNSUPPORTED, "%.*s: not a kind of store gisac knows",
                             (int)(n - 1), uri);
    }
    if (!*path)
        return gisac_err_set(err, GISAC_EINVAL, "%s: names no file", uri);
    if (strlen(path) >= cap)
        return gisac_err_set(err, GISAC_EINVAL, "%.64s...: path too long", path);
    memcpy(out, path, strlen(path) + 1);
    return 0;
}

/* ---- errors and statements --------------------------------------------------- */

int store_db_err(store *s, gisac_err *err, const char *what)
{
    int code = sqlite3_extended_errcode(s->db);
    if (code == SQLITE_CONSTRAINT_PRIMARYKEY || code == SQLITE_CONSTRAINT_UNIQUE)
        return gisac_err_set(err, GISAC_EEXIST, "%s: exists already", what);
    if (code == SQLITE_CONSTRAINT_FOREIGNKEY)
        return gisac_err_set(err, GISAC_EINVAL, "%s: refers to a row that does not exist", what);
    return gisac_err_set(err, GISAC_ESTORE, "database: %s: %s", what, sqlite3_errmsg(s->db));
}

int store_prepare(store *s, const char *sql, sqlite3_stmt **st, gisac_err *err, const char *what)
{
    if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK) {
        *st = NULL;
        return store_db_err(s, err, what);
    }
    return 0;
}

int store_stmt(store *s, store_stc id, const char *sql, sqlite3_stmt **st, gisac_err *err,
               const char *what)
{
    if (s->stc_busy[id])
        return store_prepare(s, sql, st, err, what);
    if (!s->stc[id] && sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->stc[id],
                                          NULL) != SQLITE_OK) {
        s->stc[id] = NULL;
        *st = NULL;
        return store_db_err(s, err, what);
    }
    s->stc_busy[id] = 1;
    *st = s->stc[id];
    return 0;
}

void store_stmt_done(store *s, store_stc id, sqlite3_stmt *st)
{
    if (!st)
        return;
    if (st != s->stc[id]) {
        sqlite3_finalize(st);
        return;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    s->stc_busy[id] = 0;
}

int store_exec(store *s, const char *sql, gisac_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        gisac_err_set(err, GISAC_ESTORE, "database: %s", msg ? msg : "error");
        sqlite3_free(msg);
        return GISAC_ESTORE;
    }
    return 0;
}

/* ---- the handle ---------------------------------------------------------------- */

sqlite3 *store_db(store *s)
{
    return s->db;
}

int store_in_tx(store *s)
{
    return s->in_tx;
}

void store_set_actor(store *s, const char *actor)
{
    snprintf(s->actor, sizeof s->actor, "%s", actor && *actor ? actor : "system");
}

const char *store_actor(store *s)
{
    return s->actor[0] ? s->actor : "system";
}

int store_tx_open(store *s)
{
    return s->in_tx;
}

/* ---- transactions ------------------------------------------------------------- */

int store_atomic_begin(store *s, int *own, gisac_err *err)
{
    *own = s->in_tx ? 2 : 1;
    if (*own == 1)
        return store_begin(s, err);
    return store_exec(s, "SAVEPOINT store_atomic", err);
}

int store_atomic_end(store *s, int own, int rc, gisac_err *err)
{
    if (own == 1) {
        if (rc < 0)
            store_rollback(s);
        else
            rc = store_commit(s, err);
    } else if (rc < 0) {
        store_exec(s, "ROLLBACK TO store_atomic; RELEASE store_atomic", NULL);
    } else {
        rc = store_exec(s, "RELEASE store_atomic", err);
    }
    return rc;
}

int store_number_next(store *s, const char *name, int64_t scope, int64_t *n, gisac_err *err)
{
    if (!s->in_tx)
        return gisac_err_set(err, GISAC_ESTORE, "%s number: not inside a transaction", name);
    sqlite3_stmt *st;
    int rc = store_stmt(s, STC_NUMBER,
                        "INSERT INTO counter (name, scope, last) VALUES (?1, ?2, 1)"
                        " ON CONFLICT (name, scope) DO UPDATE SET last = counter.last + 1"
                        " RETURNING last",
                        &st, err, name);
    if (rc < 0)
        return rc;
    store_bind_text(st, 1, name);
    sqlite3_bind_int64(st, 2, scope);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *n = sqlite3_column_int64(st, 0);
        rc = sqlite3_step(st);
    }
    rc = rc == SQLITE_DONE ? 0 : store_db_err(s, err, name);
    store_stmt_done(s, STC_NUMBER, st);
    return rc;
}

int store_begin(store *s, gisac_err *err)
{
    if (store_exec(s, "BEGIN IMMEDIATE", err) < 0)
        return GISAC_ESTORE;
    s->in_tx = 1;
    return 0;
}

/* ---- the share generation ----------------------------------------------
 *
 * meta.share_gen counts the commits that changed what is shared (indicators,
 * their sources and recipients, the allowlist, sources, advisories,
 * agencies): the answer cache and the matchers' snapshots are rebuilt when
 * it moves, and not when only sightings, incidents, the audit log or
 * notifications change (PRAGMA data_version moves for any commit). The
 * store functions that write shared tables call store_share_touch; the
 * bump is written by store_commit in the same transaction, or at once for
 * a write outside one.
 */
#define SHARE_BUMP                                                                                 \
    "INSERT INTO meta (key, value) VALUES ('share_gen', '1') ON CONFLICT (key) DO UPDATE"          \
    " SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)"

void store_share_touch(store *s)
{
    if (s->in_tx)
        s->share_dirty = 1;
    else
        store_exec(s, SHARE_BUMP, NULL); /* best effort: the write itself is in autocommit */
}

int store_share_version(store *s, int64_t *version, gisac_err *err)
{
    sqlite3_stmt *st;
    int rc = store_stmt(s, STC_SHARE_GEN,
                        "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'share_gen'", &st, err,
                        "share generation");
    if (rc < 0)
        return rc;
    *version = 0;
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *version = sqlite3_column_int64(st, 0);
    store_stmt_done(s, STC_SHARE_GEN, st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? 0 : store_db_err(s, err, "share generation");
}

int store_commit(store *s, gisac_err *err)
{
    if (s->share_dirty && store_exec(s, SHARE_BUMP, err) < 0) {
        store_rollback(s);
        return GISAC_ESTORE;
    }
    s->share_dirty = 0;
    if (store_exec(s, "COMMIT", err) < 0) {
        store_rollback(s);
        return GISAC_ESTORE;
    }
    s->in_tx = 0;
    return 0;
}

void store_rollback(store *s)
{
    if (s->in_tx)
        store_exec(s, "ROLLBACK", NULL);
    s->in_tx = 0;
    s->share_dirty = 0;
}

int store_read_begin(store *s, gisac_err *err)
{
    if (s->in_tx || s->in_read++)
        return 0;
    sqlite3_stmt *st;
    int rc = store_stmt(s, STC_READ_BEGIN, "BEGIN", &st, err, "begin");
    if (rc == 0) {
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : store_db_err(s, err, "begin");
        store_stmt_done(s, STC_READ_BEGIN, st);
    }
    if (rc < 0)
        s->in_read = 0;
    return rc;
}

void store_read_end(store *s)
{
    if (s->in_tx || !s->in_read || --s->in_read)
        return;
    sqlite3_stmt *st;
    if (store_stmt(s, STC_READ_END, "COMMIT", &st, NULL, "commit") == 0) {
        sqlite3_step(st);
        store_stmt_done(s, STC_READ_END, st);
    }
    if (!sqlite3_get_autocommit(s->db))
        store_exec(s, "ROLLBACK", NULL);
}

/* ---- meta -------------------------------------------------------------- */

int store_meta_get(store *s, const char *key, char *out, size_t cap, gisac_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL) !=
        SQLITE_OK)
        return store_db_err(s, err, "meta");
    store_bind_text(st, 1, key);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(out, cap, "%s", store_col_text(st, 0) ? store_col_text(st, 0) : "");
        sqlite3_finalize(st);
        return 0;
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE)
        return GISAC_ENOTFOUND;
    return store_db_err(s, err, "meta");
}

int store_meta_set(store *s, const char *key, const char *value, gisac_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO meta (key, value) VALUES (?1, ?2)"
                           " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           -1, &st, NULL) != SQLITE_OK)
        return store_db_err(s, err, "meta");
    store_bind_text(st, 1, key);
    store_bind_text(st, 2, value);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : store_db_err(s, err, "meta");
}

/* ---- the audit hash ------------------------------------------------------------ */

void store_audit_hash(const store_audit_entry *e, char out[65])
{
    gisac_buf b = GISAC_BUF_INIT;
    char num[64];
    snprintf(num, sizeof num, "\n%lld\n%lld\n", (long long)e->seq, (long long)e->ts);
    int rc = gisac_buf_puts(&b, e->prev_hash ? e->prev_hash : "");
    rc |= gisac_buf_puts(&b, num);
    rc |= gisac_buf_puts(&b, e->actor ? e->actor : "");
    rc |= gisac_buf_putc(&b, '\n');
    rc |= gisac_buf_puts(&b, e->action ? e->action : "");
    rc |= gisac_buf_putc(&b, '\n');
    rc |= gisac_buf_puts(&b, e->object ? e->object : "");
    rc |= gisac_buf_putc(&b, '\n');
    rc |= gisac_buf_puts(&b, e->detail ? e->detail : "");
    uint8_t h[32];
    if (rc) {
        /* out of memory: an impossible hash makes the append fail and a
         * verifier report the entry, rather than chain garbage */
        memset(out, 'x', 64);
        out[64] = 0;
    } else {
        gisac_sha256(b.data ? b.data : "", b.len, h);
        gisac_hex(h, 32, out);
    }
    gisac_buf_free(&b);
}
