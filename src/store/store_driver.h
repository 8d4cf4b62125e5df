/*
 * store_driver.h: private to src/store. The seam between the store's shared
 * logic and area files (store.c, store_<area>.c) and a database backend:
 * a table of functions (as curl's struct Curl_ssl), one per backend, each
 * in its own folder (src/store/sqlite/ for SQLite). Nothing above this
 * header names a backend's API; a new backend (PostgreSQL with libpq)
 * implements this table and is listed in store.c's table of drivers,
 * chosen by the store URI's scheme.
 *
 * Statements and connections are the backend's own structs behind the
 * opaque types; a statement begins with a store_statement (its driver), so that
 * the column and bind wrappers dispatch without the handle.
 */
#ifndef GISAC_STORE_DRIVER_H
#define GISAC_STORE_DRIVER_H

#include "base/base.h"

#include <stdint.h>

typedef struct store store;
typedef struct store_driver store_driver;

/* A connection to a database (the backend's struct). */
typedef struct store_conn store_conn;

/* A prepared statement: the backend's struct begins with this. */
typedef struct store_statement {
    const store_driver *drv;
} store_statement;

/* What step returns: a row, the end, or an error (errkind/errmsg say which). */
enum { STORE_ERROR = -1, STORE_ROW = 1, STORE_DONE = 2 };

/* The type of a column's value in the current row. */
enum { STORE_NULL = 0, STORE_INTEGER, STORE_FLOAT, STORE_TEXT, STORE_BLOB };

/* The kind of the connection's last error. */
enum {
    STORE_ERR_OTHER = 0,
    STORE_ERR_BUSY,    /* locked by another connection: worth a retry */
    STORE_ERR_UNIQUE,  /* a UNIQUE or PRIMARY KEY constraint */
    STORE_ERR_FOREIGN, /* a FOREIGN KEY constraint */
};

struct store_driver {
    /* the URI scheme, without the colon ("sqlite") */
    const char *scheme;
    /*
     * Open the database target names (a SQLite file's path; a server's
     * whole URI): 0, or a GISAC_E* code with the message in err.
     */
    int (*open)(const char *target, store_conn **out, gisac_err *err);
    void (*close)(store_conn *c);
    /*
     * Once after open (target as given to open), on the store s, whose
     * shared functions (store_exec, store_value) it may use: the session's
     * settings, and the schema migrated to STORE_SCHEMA_VERSION (the
     * migrations are the backend's, in its SQL). 0 or a GISAC_E* code.
     */
    int (*setup)(store *s, const char *target, gisac_err *err);
    /* The schema version of the database. */
    int (*schema_version)(store *s, int *version, gisac_err *err);

    /* Run SQL without values and rows (settings, BEGIN, COMMIT, migrations): 0 or STORE_ERROR. */
    int (*exec)(store_conn *c, const char *sql);
    /* Non-zero while a transaction is open on the connection. */
    int (*in_transaction)(store_conn *c);
    /* The id of the row the last INSERT added, and the rows the last write changed. */
    int64_t (*last_insert_id)(store_conn *c);
    int (*changes)(store_conn *c);
    /* The last error's message and kind (STORE_ERR_*). */
    const char *(*errmsg)(store_conn *c);
    int (*errkind)(store_conn *c);

    /*
     * Prepare sql into *out: 0 or STORE_ERROR. keep: the statement is kept
     * for the life of the connection and run many times (a hint).
     */
    int (*prepare)(store_conn *c, const char *sql, int keep, store_statement **out);
    /* Parameters are numbered from 1; text is used in place unless copy. */
    void (*bind_int64)(store_statement *st, int i, int64_t v);
    void (*bind_int)(store_statement *st, int i, int v);
    void (*bind_text)(store_statement *st, int i, const char *v, int copy);
    void (*bind_null)(store_statement *st, int i);
    void (*clear_bindings)(store_statement *st);
    /* STORE_ROW, STORE_DONE or STORE_ERROR. */
    int (*step)(store_statement *st);
    /* Columns of the current row, numbered from 0; text lives until the next step or reset. */
    int64_t (*column_int64)(store_statement *st, int i);
    int (*column_int)(store_statement *st, int i);
    const char *(*column_text)(store_statement *st, int i);
    int (*column_type)(store_statement *st, int i);
    int (*column_count)(store_statement *st);
    /* Back to before the first step (the bindings stay). */
    void (*reset)(store_statement *st);
    void (*finalize)(store_statement *st);
};

/* The SQLite backend (src/store/sqlite/). */
extern const store_driver store_sqlite_driver;
/* The PostgreSQL backend (src/store/pg/, libpq). */
extern const store_driver store_pg_driver;

/* ---- calls through a statement's driver -------------------------------------- */

static inline void st_bind_int64(store_statement *st, int i, int64_t v)
{
    st->drv->bind_int64(st, i, v);
}
static inline void st_bind_int(store_statement *st, int i, int v)
{
    st->drv->bind_int(st, i, v);
}
static inline void st_bind_null(store_statement *st, int i)
{
    st->drv->bind_null(st, i);
}
static inline int st_step(store_statement *st)
{
    return st->drv->step(st);
}
static inline int64_t st_col_int64(store_statement *st, int i)
{
    return st->drv->column_int64(st, i);
}
static inline int st_col_int(store_statement *st, int i)
{
    return st->drv->column_int(st, i);
}
static inline int st_col_type(store_statement *st, int i)
{
    return st->drv->column_type(st, i);
}
static inline int st_col_count(store_statement *st)
{
    return st->drv->column_count(st);
}
static inline void st_reset(store_statement *st)
{
    st->drv->reset(st);
}
static inline void st_finalize(store_statement *st)
{
    if (st)
        st->drv->finalize(st);
}

#endif
