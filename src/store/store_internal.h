/*
 * store_internal.h: private to src/store. The handle of an open store (its
 * driver and connection), and the small helpers every area file shares (so
 * that store_auth.c, store_taxii.c, ... do not each carry their own copy).
 * Only the driver (store_driver.h) talks to the database.
 */
#ifndef GISAC_STORE_INTERNAL_H
#define GISAC_STORE_INTERNAL_H

#include "store/store.h"

#include "store/store_driver.h"

/*
 * Statements kept prepared in the handle, prepared on first use
 * (the driver's prepare with keep) and finalized by store_close: the ones run
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
    STC_AUDIT_ITER,
    STC_AUDIT_CP_ADD,
    STC_AUDIT_CP_ITER,
    STC_SCAN,
    STC_SCAN_SOURCES,
    STC_SRC_ROW_GET,
    STC_SRC_PUT,
    STC_SRC_RECIP_ADD,
    STC_IND_RECOMPUTE,
    STC_IND_MERGE_ADDED,
    STC_STIX_OWNER,
    STC_STIX_CLAIM,
    STC_FEED_LISTED,
    STC_COUNT
} store_stc;
/* Not a kept statement: one prepared for the call (store_prepare). */
#define STC_NONE STC_COUNT

/* An open store: its backend's driver and connection. */
struct store {
    const store_driver *drv;
    store_conn *conn;
    store_statement *stc[STC_COUNT]; /* kept on first use (store_stmt) */
    unsigned char stc_busy[STC_COUNT];
    /* the prefix lengths (in the 128-bit mapped space) of the stored cidrs,
     * a superset; indicators with id <= cidr_seen were looked at */
    unsigned char cidr_len[129];
    int64_t cidr_seen;
    int cidr_loaded;
    int in_read; /* store_read_begin depth */
    /* a token's last use asked for inside a read snapshot, written when it
     * ends (store_token_touch) */
    char touch_id[64];
    /* a share bump written after an autocommit write (share_flush): the
     * write's own changes and row id, for store_changes and store_last_id
     * until the next statement */
    int bumped;
    int bumped_changes;
    int64_t bumped_last_id;
    int64_t touch_at;
    int in_tx;
    int share_dirty; /* this transaction wrote shared data: bump share_gen at commit */
    int intel_dirty; /* ... and intelligence (indicators, allowlist, recipients): intel_gen too */
    char actor[128]; /* who the audit log names for writes; "system" by default */
    int guard;       /* > 0 while an iteration's callback runs with its statement open */
};

/*
 * Migration v (from 0) of a backend's schema, and the schema's version set
 * to v + 1: 0 or an error with its message in err.
 */
typedef int (*store_migrate_fn)(store *s, int v, gisac_err *err);
/*
 * The end of a backend's migration, inside the transaction that holds its
 * lock, with the version v read there (rc: how that went): a schema newer
 * than count migrations is refused, each missing one is run by step, and
 * the transaction commits. On any failure it rolls back: GISAC_ESTORE
 * with the message in err.
 */
int store_migrate_steps(store *s, int rc, int v, size_t count, store_migrate_fn step,
                        gisac_err *err);

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
/*
 * The same without the savepoint, for the frequent writes whose callers
 * roll back when they fail (audit entries, sightings, an import's rows):
 * inside the caller's transaction nothing is opened.
 */
int store_tx_join(store *s, int *own, gisac_err *err);
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
int store_prepare(store *s, const char *sql, store_statement **st, gisac_err *err,
                  const char *what);

/*
 * No callback re-enters the store while a statement is open (a server
 * backend has one query in flight per connection): store_rows sets
 * s->guard around each call of its row function, and every way to a
 * statement (store_prepare, store_stmt, store_exec) first checks it with
 * store_enter, which fails with GISAC_ESTORE "store re-entered from a
 * callback". Iterations whose callers need the store from a callback
 * read their rows into memory first (in batches, by a key) and call back
 * with no statement open.
 */
int store_enter(store *s, gisac_err *err);

/*
 * The kept statement id (sql must be the same text at every call), reset
 * and without bindings, into *st. When that statement is in use already
 * (which the re-entry guard should make impossible), a private one is
 * prepared instead. Hand it back with store_stmt_done, which
 * resets it and clears its bindings (or finalizes the private one).
 */
int store_stmt(store *s, store_stc id, const char *sql, store_statement **st, gisac_err *err,
               const char *what);
void store_stmt_done(store *s, store_stc id, store_statement *st);

/* What store_rows hands each row: > 0 stops, < 0 is out of memory. */
typedef int (*store_row_fn)(void *ctx, store_statement *st);
/*
 * Step st (kept as id, or STC_NONE: prepared for the call) to its end,
 * each row to fn with the re-entry guard set, until fn returns non-zero;
 * then hand st back (store_stmt_done). 0, GISAC_ENOMEM (fn < 0), or the
 * database's error.
 */
int store_rows(store *s, store_statement *st, store_stc id, store_row_fn fn, void *ctx,
               gisac_err *err, const char *what);

/*
 * A caller's typed callback (store_agency_cb, ...) and its context, as a
 * row function's ctx (a gisac_relay); the row function converts fn back
 * to its type to call it: ((store_agency_cb)c->fn)(c->ctx, &row).
 */
typedef gisac_relay store_cb;
#define STORE_CB(cb, ctx) GISAC_RELAY(cb, ctx)
/* The same as an expression (an argument). */
#define STORE_CBX(cb, ctx) ((store_cb)STORE_CB(cb, ctx))

/*
 * Rows read into memory, so that an iteration calls back with no statement
 * open (and its callbacks may use the store): n rows of size bytes at v,
 * their strings in arena. copy maps the current row of st into the struct
 * at row, its strings copied into arena: 0, > 0 to leave the row out (a
 * type this build does not know), < 0 out of memory. Big iterations read
 * STORE_BATCH rows at a time by a key (keyset paging), the statement
 * handed back between batches.
 */
typedef int (*store_copy_fn)(void *row, gisac_arena *arena, store_statement *st);
typedef struct store_batch {
    gisac_arena *arena;
    unsigned char *v;
    size_t n, cap, size;
    size_t read; /* rows the last store_batch_read stepped over, left out or not */
    store_copy_fn copy;
} store_batch;
#define STORE_BATCH 256

/*
 * The ids of agency P (an SQL expression, e.g. "?9") and of every agency
 * below it (its parent chain leads to P), at most STORE_AGENCY_DEPTH
 * levels down: a SELECT for "IN (...)". Bounded, so a cycle of parents
 * (which the store refuses anyway) cannot loop.
 */
#define STORE_AGENCY_UNDER(P)                                                                      \
    "WITH RECURSIVE under_(id, depth) AS (SELECT id, 0 FROM agency WHERE id = " P                  \
    " UNION SELECT a.id, u.depth + 1 FROM agency a JOIN under_ u ON a.parent = u.id"               \
    " WHERE u.depth < 32) SELECT id FROM under_"
int store_batch_init(store_batch *b, size_t size, store_copy_fn copy, gisac_err *err);
/* Forget the rows (keeping the memory). */
void store_batch_clear(store_batch *b);
void store_batch_free(store_batch *b);
/* Step st to its end, each row appended to b by b->copy; hand st back. */
int store_batch_read(store *s, store_statement *st, store_stc id, store_batch *b, gisac_err *err,
                     const char *what);
static inline void *store_batch_at(const store_batch *b, size_t i)
{
    return b->v + i * b->size;
}
/* Hand one row of a batch to the caller's typed callback in cb; non-zero when it stops. */
typedef int (*store_call_fn)(const store_cb *cb, const void *row);
/* Hand the rows of b to call in order; non-zero when one stopped. */
int store_batch_calls(const store_batch *b, store_call_fn call, const store_cb *cb);
/*
 * The whole of a small list: read every row of st into b, then hand each
 * to call with no statement open; b is freed. 0 or the read's error.
 */
int store_batch_each(store *s, store_statement *st, store_stc id, store_batch *b,
                     store_call_fn call, const store_cb *cb, gisac_err *err, const char *what);

/*
 * Step st once: its row into *row by copy (strings into arena, which the
 * copy may ignore: the statement is handed back after), or
 * GISAC_ENOTFOUND without a message when there is none.
 */
int store_one(store *s, store_statement *st, store_stc id, store_copy_fn copy, void *row,
              gisac_arena *arena, gisac_err *err, const char *what);
/* The first column of st's one row into *v, and st handed back; GISAC_ENOTFOUND (no message)
 * without a row. */
int store_int64(store *s, store_statement *st, store_stc id, int64_t *v, gisac_err *err,
                const char *what);
/*
 * How the rows of one struct type are read: size (at most STORE_ROW_MAX)
 * bytes; copy maps the current row into a struct (with arena NULL its
 * strings point into the statement, else they are copied); call hands a
 * struct to the caller's typed callback.
 */
typedef struct store_rowtype {
    size_t size;
    store_copy_fn copy;
    store_call_fn call;
} store_rowtype;
#define STORE_ROW_MAX 512
/*
 * Define the store_rowtype `name` of struct T: its rows mapped by copy,
 * handed to callbacks of type cb_type (int (*)(void *ctx, const T *)).
 */
#define STORE_ROWTYPE(name, T, copy, cb_type)                                                      \
    static int name##_call(const store_cb *cb, const void *row)                                    \
    {                                                                                              \
        return ((cb_type)cb->fn)(cb->ctx, row);                                                    \
    }                                                                                              \
    static const store_rowtype name = {sizeof(T), copy, name##_call}
/*
 * Define the store_copy_fn `copy` that maps a row's columns, from the
 * first, into the members of struct T given after types (as for
 * store_cols, each written &o->member: o names the T being filled).
 */
#define STORE_COPY(copy, T, o, types, ...)                                                         \
    static int copy(void *row, gisac_arena *arena, store_statement *st)                            \
    {                                                                                              \
        T *o = row;                                                                                \
        return store_cols(st, 0, arena, types, __VA_ARGS__);                                       \
    }
/* STORE_COPY and STORE_ROWTYPE at once: the row type `name` mapped by `copy`. */
#define STORE_ROWMAP(name, T, cb_type, copy, o, types, ...)                                        \
    STORE_COPY(copy, T, o, types, __VA_ARGS__)                                                     \
    STORE_ROWTYPE(name, T, copy, cb_type)

/*
 * Bind the values after types to parameters o+1, o+2, ... of st, one per
 * character: 'i' int, 'I' int64_t, 'T' an int64_t time (0 binds NULL), 'c'
 * an int confidence (< 0 binds NULL), 't' text (NULL binds NULL, used in
 * place), '-' none (the parameter stays as it is).
 */
void store_bind(store_statement *st, int o, const char *types, ...);
/*
 * Queries with their values: prepare sql (kept as id, or STC_NONE: for the
 * call) and bind the values after types to ?1, ?2, ... (store_bind).
 */
int store_query(store *s, store_stc id, const char *sql, store_statement **st, gisac_err *err,
                const char *what, const char *types, ...);
/* store_query, then store_run. */
int store_write(store *s, store_stc id, const char *sql, gisac_err *err, const char *what,
                const char *types, ...);
/* store_query, then store_one. */
int store_get(store *s, store_stc id, const char *sql, store_copy_fn copy, void *row,
              gisac_arena *arena, gisac_err *err, const char *what, const char *types, ...);
/*
 * Keyset paging, for the big iterations: page prepares (with its kept id,
 * or STC_NONE) the query of the rows of q after the row last (NULL: from
 * the first), at most STORE_BATCH of them, binding what it needs of last
 * (text copied: store_bind_text_copy, last is gone after the call). Each page is
 * read into memory and called back with no statement open. 0, 1 when
 * the callback stopped, or an error.
 */
typedef int (*store_page_fn)(store *s, const void *q, const void *last, store_statement **st,
                             store_stc *id, gisac_err *err);
int store_pages(store *s, const store_rowtype *t, store_page_fn page, const void *q, store_cb cb,
                gisac_err *err, const char *what);
/* Each row of st (strings in the statement) to cb with the guard set: a stream. */
int store_stream(store *s, store_statement *st, store_stc id, const store_rowtype *t, store_cb cb,
                 gisac_err *err, const char *what);
/* Every row of st read into memory, then called back with no statement open. */
int store_list_of(store *s, store_statement *st, store_stc id, const store_rowtype *t, store_cb cb,
                  gisac_err *err, const char *what);
/*
 * store_query, then the rows: whole = 0 streams them (strings in the
 * statement, each to cb with the guard set), whole = 1 reads them all
 * into memory first and calls back with no statement open.
 */
int store_iter(store *s, store_stc id, const char *sql, const store_rowtype *t, int whole,
               store_cb cb, gisac_err *err, const char *what, const char *types, ...);
/*
 * store_get of the row whose text key (?1) is key, for the readers of one
 * row by its name: a missing row is GISAC_ENOTFOUND "<what> <key>: not
 * found", or "<what>: not found" when show_key is 0 (a secret's hash).
 */
int store_get_by(store *s, const char *sql, store_copy_fn copy, void *row, gisac_arena *arena,
                 gisac_err *err, const char *what, const char *key, int show_key);

/*
 * A caller's buffer for one text column (a row of store_text_copy): out
 * (cap bytes) receives the first column of the row, NULL as "". With out
 * NULL or cap 0 nothing is written.
 */
typedef struct store_text_out {
    char *out;
    size_t cap;
} store_text_out;
/* The store_copy_fn of a store_text_out (arena unused). */
int store_text_copy(void *row, gisac_arena *arena, store_statement *st);

/* store_query, then store_int64. */
int store_value(store *s, store_stc id, const char *sql, int64_t *v, gisac_err *err,
                const char *what, const char *types, ...);

/* Step a write to its end and hand st back: 0 or the store's error. */
int store_run(store *s, store_statement *st, store_stc id, gisac_err *err, const char *what);
/* Rows the last write changed (of the caller's, not the share bump after it). */
static inline int store_changes(store *s)
{
    return s->bumped ? s->bumped_changes : s->drv->changes(s->conn);
}
/* The row id the last INSERT added (likewise). */
static inline int64_t store_last_id(store *s)
{
    return s->bumped ? s->bumped_last_id : s->drv->last_insert_id(s->conn);
}
/*
 * Read columns first, first + 1, ... of st's row into the pointers after
 * types, one per character: 'i' int *, 'I' int64_t *, 'T' int64_t * (a
 * time, NULL reads 0), 'c' int * (a confidence, NULL reads -1), 't' const
 * char ** (copied into arena when one is given, else pointing into the
 * statement), '-' a column skipped (no pointer). 0 or GISAC_ENOMEM.
 */
int store_cols(store_statement *st, int first, gisac_arena *arena, const char *types, ...);
/* Copy each *p of the NULL-terminated list of string pointers into a (NULL stays NULL). */
int store_dup(gisac_arena *a, const char **p, ...);

/*
 * A row of indicator columns "i.id, i.type, i.value, i.stix_id, i.name,
 * i.description, i.labels, i.created_by, i.confidence, i.tlp, i.matchable,
 * i.revoked, i.allowlisted, i.first_seen, i.last_seen, i.valid_from,
 * i.valid_until, i.created, i.modified" [", i.range_lo, i.range_hi"
 * [", sources"]] into a store_indicator (store_indicator.c); a row of a
 * type this build does not know is left out. And the call of a
 * store_indicator_cb.
 */
int store_indicator_copy(void *row, gisac_arena *a, store_statement *st);
int store_indicator_call(const store_cb *cb, const void *row);
extern const store_rowtype store_indicator_rows;
/* Lists of names (the first column, text; NULL reads as "") to a store_name_cb. */
extern const store_rowtype store_name_rows;

/* Add count to the hour bucket of at in sighting_hour (store_report.c). */
int store_sighting_hour_add(store *s, int64_t indicator_id, const char *agency, int64_t at,
                            int64_t count, gisac_err *err);

/*
 * ---- what one reader sees of an indicator (visibility per source) ----
 *
 * Each (indicator, source) row holds that source's own TLP, recipients
 * (indicator_source_recipient), confidence, labels, name, description,
 * STIX id, creator, validity, first/last seen, created and modified. A
 * reader sees the source rows it may read and an indicator only through
 * them; the indicator as it sees it is merged from those rows alone:
 * STIX id, name, description and creator from the earliest visible
 * source that gave one (by created, then source id), labels united and
 * sorted, confidence, TLP, matchable, last_seen, valid_until (none
 * counts as latest) and modified the highest, first_seen, valid_from and
 * created the earliest; sources the visible ones' names.
 *
 * The reader is bound at ?21 (its max TLP; NULL: staff, every source),
 * ?22 (its agency, for amber and red meant for it; NULL: none) and ?23
 * (what is meant for it up to this TLP only; NULL: any). Every query
 * below the outer indicator row is aliased i. For staff the indicator
 * row's own columns are that merge of all its sources (kept so by
 * store_indicator_recompute after every write of a source row), so they
 * are read as they are. An indicator with no source row at all (rows a
 * test or an older tool wrote directly) is seen through its own columns
 * and indicator_recipient.
 */
/*
 * The reader reads every source of the indicator: staff, or the highest
 * TLP of its sources (the merged i.tlp, which no source's exceeds) within
 * the reader's. Then what it sees is the merge of all sources, the
 * indicator row's own columns, and those are read as they are (the fast
 * path of every feed, export and page over indicators shared widely).
 * The same holds for an indicator with no source row (its own columns,
 * seen when its TLP is within the reader's).
 */
#define VIEW_ALL "(?21 IS NULL OR i.tlp <= ?21)"
#define VIEW_VIS(x)                                                                                \
    "(?21 IS NULL OR COALESCE(" x ".tlp, i.tlp) <= ?21 OR (?22 IS NOT NULL AND"                    \
    " (?23 IS NULL OR COALESCE(" x ".tlp, i.tlp) <= ?23) AND EXISTS (SELECT 1 FROM"                \
    " indicator_source_recipient r WHERE r.indicator_id = " x ".indicator_id AND"                  \
    " r.source_id = " x ".source_id AND r.agency = ?22)))"
#define VIEW_NOSRC "NOT EXISTS (SELECT 1 FROM indicator_source x0 WHERE x0.indicator_id = i.id)"
#define VIEW_LEGACY_VIS                                                                            \
    "(?21 IS NULL OR i.tlp <= ?21 OR (?22 IS NOT NULL AND (?23 IS NULL OR i.tlp <= ?23) AND"       \
    " EXISTS (SELECT 1 FROM indicator_recipient r WHERE r.indicator_id = i.id AND"                 \
    " r.agency = ?22)))"
#define VIEW_SRCS " FROM indicator_source x WHERE x.indicator_id = i.id AND " VIEW_VIS("x")
/* The reader sees the indicator at all. */
#define VIEW_VISIBLE                                                                               \
    "(CASE WHEN " VIEW_ALL " THEN 1 = 1 WHEN " VIEW_NOSRC " THEN " VIEW_LEGACY_VIS                 \
    " ELSE EXISTS (SELECT 1" VIEW_SRCS ") END)"
/* The reader sees it active at ?1 (not revoked, not allowlisted, matchable, not expired). */
#define VIEW_ACTIVE                                                                                \
    "(i.revoked = 0 AND i.allowlisted = 0 AND (CASE WHEN " VIEW_ALL " THEN i.matchable = 1 AND"    \
    " (i.valid_until IS NULL OR i.valid_until > ?1) WHEN " VIEW_NOSRC                              \
    " THEN i.matchable = 1 AND (i.valid_until IS NULL OR i.valid_until > ?1) ELSE"                 \
    " EXISTS (SELECT 1" VIEW_SRCS " AND COALESCE(x.matchable, i.matchable) = 1) AND"               \
    " EXISTS (SELECT 1" VIEW_SRCS " AND (x.valid_until IS NULL OR x.valid_until > ?1)) END))"
/* The merged columns over the visible sources. */
#define VIEW_AGG_FIRST(col)                                                                        \
    "(SELECT x." col VIEW_SRCS " AND x." col " IS NOT NULL"                                        \
    " ORDER BY x.created, x.source_id LIMIT 1)"
#define VIEW_AGG_LABELS                                                                            \
    "(SELECT NULLIF(json_group_array(v), '[]') FROM (SELECT DISTINCT j.value AS v FROM"            \
    " indicator_source x, json_each(x.labels) j WHERE x.indicator_id = i.id AND " VIEW_VIS(        \
        "x") " AND json_valid(x.labels) ORDER BY v) vs)"
#define VIEW_AGG(expr) "(SELECT " expr VIEW_SRCS ")"
#define VIEW_AGG_VALID_UNTIL                                                                       \
    VIEW_AGG("CASE WHEN COUNT(*) > COUNT(x.valid_until) THEN NULL ELSE MAX(x.valid_until) END")
#define VIEW_AGG_CREATED  VIEW_AGG("MIN(COALESCE(x.created, i.created))")
#define VIEW_AGG_MODIFIED VIEW_AGG("MAX(COALESCE(x.modified, i.modified))")
#define VIEW_COL(col, agg)                                                                         \
    "(CASE WHEN " VIEW_ALL " THEN i." col " WHEN " VIEW_NOSRC " THEN i." col " ELSE " agg " END)"
/* The columns of store_indicator_copy as the reader sees them (ROW_COLS' order, no range). */
#define VIEW_COLS                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                        \
    "i.id, i.type, i.value, " VIEW_COL("stix_id", VIEW_AGG_FIRST("stix_id")) ", " VIEW_COL("name", VIEW_AGG_FIRST("name")) ", " VIEW_COL(                                                                                                                                                                                                                                                                                                                                                                                                                                                \
        "description",                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                   \
        VIEW_AGG_FIRST(                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                  \
            "description")) ", " VIEW_COL("labels",                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                      \
                                          VIEW_AGG_LABELS) ", " VIEW_COL("created_by",                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                   \
                                                                         VIEW_AGG_FIRST("created_"                                                                                                                                                                                                                                                                                                                                                                                                                                                                                       \
                                                                                        "by")) ","                                                                                                                                                                                                                                                                                                                                                                                                                                                                                       \
                                                                                               " " VIEW_COL("confidence",                                                                                                                                                                                                                                                                                                                                                                                                                                                                \
                                                                                                            VIEW_AGG(                                                                                                                                                                                                                                                                                                                                                                                                                                                                    \
                                                                                                                "MAX(x.confidence)")) ", " VIEW_COL("tlp",                                                                                                                                                                                                                                                                                                                                                                                                                               \
                                                                                                                                                    VIEW_AGG("MAX(COALESCE(x.tlp, i.tlp))")) ", " VIEW_COL("matchable", VIEW_AGG("MAX(COALESCE(x.matchable, i.matchable))")) ","                                                                                                                                                                                                                                                                                                         \
                                                                                                                                                                                                                                                                             " i.revoked, i.allowlisted, " VIEW_COL("first_seen", VIEW_AGG("MIN(x.first_seen)")) ", " VIEW_COL("last_seen", VIEW_AGG(                                                                                                                                                                                    \
                                                                                                                                                                                                                                                                                                                                                                                                "MAX(x.last_seen)")) ", " VIEW_COL("valid_from", VIEW_AGG("MIN(x.valid_from)")) ", " VIEW_COL("valid_until",                                                                             \
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                              VIEW_AGG_VALID_UNTIL) ", " VIEW_COL("created", VIEW_AGG_CREATED) ", " VIEW_COL("modified", \
                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                             VIEW_AGG_MODIFIED)
/* The names of the visible sources joined by '\n', by name. */
#define VIEW_SOURCES                                                                               \
    "(SELECT group_concat(name, '\n') FROM (SELECT s.name AS name FROM indicator_source x"         \
    " JOIN source s ON s.id = x.source_id WHERE x.indicator_id = i.id AND " VIEW_VIS(              \
        "x") " ORDER BY s.name) ns)"
/* Bind the reader (a store_view) at ?21 .. ?23. */
void store_view_bind(store_statement *st, const store_view *v);

/* Bind text, or NULL for a NULL pointer. */
static inline void store_bind_text(store_statement *st, int i, const char *v)
{
    if (v)
        st->drv->bind_text(st, i, v, 0);
    else
        st->drv->bind_null(st, i);
}

/* The same, the text copied (v may be gone before the statement runs). */
static inline void store_bind_text_copy(store_statement *st, int i, const char *v)
{
    if (v)
        st->drv->bind_text(st, i, v, 1);
    else
        st->drv->bind_null(st, i);
}

/* Bind a time; 0 (unknown) is NULL. */
static inline void store_bind_time(store_statement *st, int i, int64_t v)
{
    if (v)
        st_bind_int64(st, i, v);
    else
        st_bind_null(st, i);
}

static inline const char *store_col_text(store_statement *st, int i)
{
    return st->drv->column_text(st, i);
}

/* A time column; NULL is 0. */
static inline int64_t store_col_time(store_statement *st, int i)
{
    return st_col_type(st, i) == STORE_NULL ? 0 : st_col_int64(st, i);
}

/* This transaction writes shared data (see store_share_version): call from
 * every store function that writes indicator, indicator_source,
 * indicator_recipient, allowlist, source, advisory* or agency rows. */
void store_share_touch(store *s);
/* The same for the writes that change what exports hold (indicator,
 * indicator_source, indicator_recipient, allowlist rows): also moves the
 * intelligence generation (store_intel_generation). */
void store_intel_touch(store *s);

#endif
