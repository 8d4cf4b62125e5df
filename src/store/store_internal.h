/*
 * store_internal.h: private to src/store. The SQLite handle of an open
 * store, and the small helpers every backend file shares (so that
 * store_auth.c, store_taxii.c, ... do not each carry their own copy).
 */
#ifndef GISAC_STORE_INTERNAL_H
#define GISAC_STORE_INTERNAL_H

#include "store/store.h"

#include <sqlite3.h>

/* The connection of an open store. Owned by the store: never close it. */
sqlite3 *store_db(store *s);
/* Non-zero inside store_begin .. store_commit/rollback. */
int store_in_tx(store *s);

/*
 * The store's last error as a gisac code and message: a UNIQUE or PRIMARY
 * KEY violation is GISAC_EEXIST, a FOREIGN KEY one GISAC_EINVAL, anything
 * else GISAC_ESTORE. what names the operation.
 */
int store_db_err(store *s, gisac_err *err, const char *what);
/* Prepare sql (*st is NULL on failure). */
int store_prepare(store *s, const char *sql, sqlite3_stmt **st, gisac_err *err, const char *what);

/* Bind text, or NULL for a NULL pointer. */
static inline void store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

/* Bind a time; 0 (unknown) is NULL. */
static inline void store_bind_time(sqlite3_stmt *st, int i, int64_t v)
{
    if (v)
        sqlite3_bind_int64(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

static inline const char *store_col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

#endif
