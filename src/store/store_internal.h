/*
 * store_internal.h: private to src/store. The SQLite handle of an open
 * store, and the small helpers every backend file shares (so that
 * store_auth.c, store_taxii.c, ... do not each carry their own copy).
 */
#ifndef GISAC_STORE_INTERNAL_H
#define GISAC_STORE_INTERNAL_H

#include "store/store.h"

#include <sqlite3.h>

/*
 * Statements kept prepared in the handle, prepared on first use
 * (SQLITE_PREPARE_PERSISTENT) and finalized by store_close: the ones run
 * per request (authentication, search, pages) and per row of an import. A
 * file that adds one adds its name here; its SQL is a constant string at
 * the call.
 */
typedef enum store_stc {
    STC_ACCOUNT_BY_NAME,
    STC_ACCOUNT_BY_ID,
    STC_TOKEN_AUTH,
    STC_TOKEN_TOUCH,
    STC_SOURCES_OF,
    STC_RECIPIENT_HAS,
    STC_RECIPIENTS_OF,
    STC_SIGHTINGS_OF,
    STC_COVER,
    STC_MAX_ID,
    STC_CIDR_ALL,
    STC_CIDR_AFTER,
    STC_PAGE,
    STC_READ_BEGIN,
    STC_READ_END,
    STC_SHARE_GEN,
    STC_IND_FIND,
    STC_IND_INSERT,
    STC_IND_UPDATE,
    STC_SRC_TOUCH,
    STC_SRC_NEW,
    STC_SRC_GET,
    STC_SRC_ADD,
    STC_IND_INSERT_ID,
    STC_IND_INSERT_MANY,
    STC_SRC_NEW_MANY,
    STC_NUMBER,
    STC_AUDIT_HEAD,
    STC_AUDIT_ADD,
    STC_COUNT
} store_stc;

/* An open store (the SQLite backend). */
struct store {
    sqlite3 *db;
    sqlite3_stmt *stc[STC_COUNT]; /* kept on first use (store_stmt) */
    unsigned char stc_busy[STC_COUNT];
    /* the prefix lengths (in the 128-bit mapped space) of the stored cidrs,
     * a superset; indicators with id <= cidr_seen were looked at */
    unsigned char cidr_len[129];
    int64_t cidr_seen;
    int cidr_loaded;
    int in_read; /* store_read_begin depth */
    int in_tx;
    int share_dirty; /* this transaction wrote shared data: bump share_gen at commit */
    char actor[128]; /* who the audit log names for writes; "system" by default */
};

/* The connection of an open store. Owned by the store: never close it. */
sqlite3 *store_db(store *s);
/* Non-zero inside store_begin .. store_commit/rollback. */
int store_in_tx(store *s);
/* Run SQL without values (pragmas, BEGIN, COMMIT, migrations). */
int store_exec(store *s, const char *sql, gisac_err *err);

/*
 * Make the writes up to store_atomic_end one unit: inside the caller's
 * transaction a savepoint, else a transaction of the call's own (which
 * takes the write lock first). store_atomic_end commits (rc 0) or rolls
 * back (rc < 0) what store_atomic_begin opened, and returns rc or the
 * commit's error.
 */
int store_atomic_begin(store *s, int *own, gisac_err *err);
int store_atomic_end(store *s, int own, int rc, gisac_err *err);

/*
 * The next number of the counter (name, scope) in the table counter: 1
 * for a new one, else the last + 1, written in the same statement (an
 * UPSERT that RETURNs it), so that the row stays locked to this
 * transaction until it ends and a rollback gives the number back. Only
 * inside a transaction (store_atomic_begin); GISAC_ESTORE otherwise.
 * Counters in use: ("incident", year), ("advisory", year),
 * ("evidence", incident row id), ("policy", 0); ("audit", 0) counts
 * appends and serves as the lock of the audit chain's head.
 */
int store_number_next(store *s, const char *name, int64_t scope, int64_t *n, gisac_err *err);

/*
 * The store's last error as a gisac code and message: a UNIQUE or PRIMARY
 * KEY violation is GISAC_EEXIST, a FOREIGN KEY one GISAC_EINVAL, anything
 * else GISAC_ESTORE. what names the operation.
 */
int store_db_err(store *s, gisac_err *err, const char *what);
/* Prepare sql (*st is NULL on failure). */
int store_prepare(store *s, const char *sql, sqlite3_stmt **st, gisac_err *err, const char *what);

/*
 * The kept statement id (sql must be the same text at every call), reset
 * and without bindings, into *st. When that statement is in use already
 * (a callback of its own iteration calls back into the store), a private
 * one is prepared instead. Hand it back with store_stmt_done, which
 * resets it and clears its bindings (or finalizes the private one).
 */
int store_stmt(store *s, store_stc id, const char *sql, sqlite3_stmt **st, gisac_err *err,
               const char *what);
void store_stmt_done(store *s, store_stc id, sqlite3_stmt *st);

/* Add count to the hour bucket of at in sighting_hour (store_report.c). */
int store_sighting_hour_add(store *s, int64_t indicator_id, const char *agency, int64_t at,
                            int64_t count, gisac_err *err);

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

/* This transaction writes shared data (see store_share_version): call from
 * every store function that writes indicator, indicator_source,
 * indicator_recipient, allowlist, source, advisory* or agency rows. */
void store_share_touch(store *s);

#endif
