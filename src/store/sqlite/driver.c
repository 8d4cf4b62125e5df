/*
 * sqlite/driver.c: the SQLite backend's driver (store_driver.h) over the
 * sqlite3 API. The connection is the sqlite3 handle itself; a statement
 * is a store_statement followed by its sqlite3_stmt, allocated at prepare (the
 * kept ones once per handle). Binds and columns are one call through.
 */
#include "store/store_driver.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>

typedef struct sq_stmt {
    store_statement base;
    sqlite3_stmt *st;
} sq_stmt;

static inline sqlite3 *db_of(store_conn *c)
{
    return (sqlite3 *)c;
}

static inline sqlite3_stmt *st_of(store_statement *st)
{
    return ((sq_stmt *)st)->st;
}

/*
 * Process-wide settings, before SQLite's first use: no memory statistics
 * (they take a global mutex on every allocation, which the handles of a
 * server's workers would contend for). When SQLite is in use already (an
 * embedding program), it keeps its settings.
 */
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;
static void sqlite_setup(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int sq_open(const char *path, store_conn **out, gisac_err *err)
{
    pthread_once(&sqlite_once, sqlite_setup);
    sqlite3 *db = NULL;
    /* one handle per thread: SQLite's own mutexes are not needed */
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        gisac_err_set(err, GISAC_ESTORE, "%s: %s", path,
                      db ? sqlite3_errmsg(db) : "cannot open database");
        sqlite3_close(db);
        return GISAC_ESTORE;
    }
    sqlite3_busy_timeout(db, 10000);
    sqlite3_extended_result_codes(db, 1);
    *out = (store_conn *)db;
    return 0;
}

static void sq_close(store_conn *c)
{
    sqlite3_close(db_of(c));
}

static int sq_exec(store_conn *c, const char *sql)
{
    return sqlite3_exec(db_of(c), sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : STORE_ERROR;
}

static int sq_in_transaction(store_conn *c)
{
    return !sqlite3_get_autocommit(db_of(c));
}

static int64_t sq_last_insert_id(store_conn *c)
{
    return sqlite3_last_insert_rowid(db_of(c));
}

static int sq_changes(store_conn *c)
{
    return sqlite3_changes(db_of(c));
}

static const char *sq_errmsg(store_conn *c)
{
    return sqlite3_errmsg(db_of(c));
}

static int sq_errkind(store_conn *c)
{
    int code = sqlite3_extended_errcode(db_of(c));
    if (code == SQLITE_CONSTRAINT_PRIMARYKEY || code == SQLITE_CONSTRAINT_UNIQUE)
        return STORE_ERR_UNIQUE;
    if (code == SQLITE_CONSTRAINT_FOREIGNKEY)
        return STORE_ERR_FOREIGN;
    if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
        return STORE_ERR_BUSY;
    return STORE_ERR_OTHER;
}

static int sq_prepare(store_conn *c, const char *sql, int keep, store_statement **out)
{
    *out = NULL;
    sq_stmt *s = malloc(sizeof *s);
    if (!s)
        return STORE_ERROR; /* the message is the last one: out of memory is rare enough */
    s->base.drv = &store_sqlite_driver;
    if (sqlite3_prepare_v3(db_of(c), sql, -1, keep ? SQLITE_PREPARE_PERSISTENT : 0, &s->st, NULL) !=
        SQLITE_OK) {
        sqlite3_finalize(s->st);
        free(s);
        return STORE_ERROR;
    }
    *out = &s->base;
    return 0;
}

static void sq_bind_int64(store_statement *st, int i, int64_t v)
{
    sqlite3_bind_int64(st_of(st), i, v);
}

static void sq_bind_int(store_statement *st, int i, int v)
{
    sqlite3_bind_int(st_of(st), i, v);
}

static void sq_bind_text(store_statement *st, int i, const char *v, int copy)
{
    sqlite3_bind_text(st_of(st), i, v, -1, copy ? SQLITE_TRANSIENT : SQLITE_STATIC);
}

static void sq_bind_null(store_statement *st, int i)
{
    sqlite3_bind_null(st_of(st), i);
}

static void sq_clear_bindings(store_statement *st)
{
    sqlite3_clear_bindings(st_of(st));
}

static int sq_step(store_statement *st)
{
    int rc = sqlite3_step(st_of(st));
    return rc == SQLITE_ROW ? STORE_ROW : rc == SQLITE_DONE ? STORE_DONE : STORE_ERROR;
}

static int64_t sq_column_int64(store_statement *st, int i)
{
    return sqlite3_column_int64(st_of(st), i);
}

static int sq_column_int(store_statement *st, int i)
{
    return sqlite3_column_int(st_of(st), i);
}

static const char *sq_column_text(store_statement *st, int i)
{
    return (const char *)sqlite3_column_text(st_of(st), i);
}

static int sq_column_type(store_statement *st, int i)
{
    switch (sqlite3_column_type(st_of(st), i)) {
    case SQLITE_INTEGER:
        return STORE_INTEGER;
    case SQLITE_FLOAT:
        return STORE_FLOAT;
    case SQLITE_TEXT:
        return STORE_TEXT;
    case SQLITE_BLOB:
        return STORE_BLOB;
    default:
        return STORE_NULL;
    }
}

static int sq_column_count(store_statement *st)
{
    return sqlite3_column_count(st_of(st));
}

static void sq_reset(store_statement *st)
{
    sqlite3_reset(st_of(st));
}

static void sq_finalize(store_statement *st)
{
    if (!st)
        return;
    sqlite3_finalize(st_of(st));
    free(st);
}

/* sqlite/schema.c */
int store_sqlite_setup(store *s, const char *path, gisac_err *err);
int store_sqlite_schema_version(store *s, int *version, gisac_err *err);

const store_driver store_sqlite_driver = {
    .scheme = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .setup = store_sqlite_setup,
    .schema_version = store_sqlite_schema_version,
    .exec = sq_exec,
    .in_transaction = sq_in_transaction,
    .last_insert_id = sq_last_insert_id,
    .changes = sq_changes,
    .errmsg = sq_errmsg,
    .errkind = sq_errkind,
    .prepare = sq_prepare,
    .bind_int64 = sq_bind_int64,
    .bind_int = sq_bind_int,
    .bind_text = sq_bind_text,
    .bind_null = sq_bind_null,
    .clear_bindings = sq_clear_bindings,
    .step = sq_step,
    .column_int64 = sq_column_int64,
    .column_int = sq_column_int,
    .column_text = sq_column_text,
    .column_type = sq_column_type,
    .column_count = sq_column_count,
    .reset = sq_reset,
    .finalize = sq_finalize,
};
