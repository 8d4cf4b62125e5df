/*
 * store.c: what every area of the store shares: errors, statements (kept
 * in the handle or prepared per call), transactions and read snapshots,
 * the share generation, the actor, small settings and the audit hash.
 * It reaches the database only through the driver (store_driver.h),
 * chosen by the URI at store_open; the SQLite backend (opening a file,
 * migrating it) is in sqlite/. Each area's rows are in its own
 * store_<area>.c.
 */
#include "store/store.h"
#include "store/store_internal.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
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

/* ---- opening: the drivers ---------------------------------------------------- */

/* The backends built in, by scheme; a file path or sqlite:PATH is "sqlite". */
static const store_driver *const drivers[] = {&store_sqlite_driver, &store_pg_driver};

static const store_driver *driver_of(const char *scheme, size_t n)
{
    for (size_t i = 0; i < sizeof drivers / sizeof drivers[0]; i++)
        if (strlen(drivers[i]->scheme) == n && strncasecmp(drivers[i]->scheme, scheme, n) == 0)
            return drivers[i];
    return NULL;
}

int store_open(const char *uri, store **out, gisac_err *err)
{
    char target[STORE_URI_MAX];
    const store_driver *drv;
    int rc = store_uri_path(uri, target, sizeof target, err);
    if (rc == GISAC_ENOTFOUND) {
        /* a server (postgresql:// or postgres://): its driver takes the whole URI */
        drv = driver_of("postgresql", strlen("postgresql"));
        if (!drv)
            return gisac_err_set(err, GISAC_EUNSUPPORTED,
                                 "postgresql: not built in this version (use a SQLite file)");
        if (strlen(uri) >= sizeof target)
            return gisac_err_set(err, GISAC_EINVAL, "store URI too long");
        memcpy(target, uri, strlen(uri) + 1);
    } else if (rc < 0) {
        return rc;
    } else if (!(drv = driver_of("sqlite", strlen("sqlite")))) {
        return gisac_err_set(err, GISAC_EUNSUPPORTED, "sqlite: not built in this version");
    }
    store *s = calloc(1, sizeof *s);
    if (!s)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    s->drv = drv;
    if ((rc = drv->open(target, &s->conn, err)) < 0) {
        free(s);
        return rc;
    }
    if ((rc = drv->setup(s, target, err)) < 0) {
        store_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

void store_close(store *s)
{
    if (!s)
        return;
    for (int i = 0; i < STC_COUNT; i++)
        st_finalize(s->stc[i]);
    s->drv->close(s->conn);
    free(s);
}

int store_schema_version(store *s, int *version, gisac_err *err)
{
    return s->drv->schema_version(s, version, err);
}

/* ---- errors and statements --------------------------------------------------- */

int store_db_err(store *s, gisac_err *err, const char *what)
{
    int kind = s->drv->errkind(s->conn);
    if (kind == STORE_ERR_UNIQUE)
        return gisac_err_set(err, GISAC_EEXIST, "%s: exists already", what);
    if (kind == STORE_ERR_FOREIGN)
        return gisac_err_set(err, GISAC_EINVAL, "%s: refers to a row that does not exist", what);
    return gisac_err_set(err, GISAC_ESTORE, "database: %s: %s", what, s->drv->errmsg(s->conn));
}

int store_enter(store *s, gisac_err *err)
{
    if (s->guard)
        return gisac_err_set(err, GISAC_ESTORE, "store re-entered from a callback");
    s->bumped = 0;
    return 0;
}

int store_prepare(store *s, const char *sql, store_statement **st, gisac_err *err, const char *what)
{
    *st = NULL;
    if (store_enter(s, err) < 0)
        return GISAC_ESTORE;
    if (s->drv->prepare(s->conn, sql, 0, st) != 0) {
        *st = NULL;
        return store_db_err(s, err, what);
    }
    return 0;
}

int store_stmt(store *s, store_stc id, const char *sql, store_statement **st, gisac_err *err,
               const char *what)
{
    if (id >= STC_COUNT || s->stc_busy[id])
        return store_prepare(s, sql, st, err, what);
    *st = NULL;
    if (store_enter(s, err) < 0)
        return GISAC_ESTORE;
    if (!s->stc[id] && s->drv->prepare(s->conn, sql, 1, &s->stc[id]) != 0) {
        s->stc[id] = NULL;
        *st = NULL;
        return store_db_err(s, err, what);
    }
    s->stc_busy[id] = 1;
    *st = s->stc[id];
    return 0;
}

static void share_flush(store *s);

void store_stmt_done(store *s, store_stc id, store_statement *st)
{
    if (!st)
        return;
    if (id >= STC_COUNT || st != s->stc[id]) {
        st_finalize(st);
        share_flush(s);
        return;
    }
    st_reset(st);
    s->drv->clear_bindings(st);
    s->stc_busy[id] = 0;
    share_flush(s);
}

int store_exec(store *s, const char *sql, gisac_err *err)
{
    if (store_enter(s, err) < 0)
        return GISAC_ESTORE;
    if (s->drv->exec(s->conn, sql) != 0) {
        const char *msg = s->drv->errmsg(s->conn);
        gisac_err_set(err, GISAC_ESTORE, "database: %s", msg && *msg ? msg : "error");
        return GISAC_ESTORE;
    }
    return 0;
}

int store_run(store *s, store_statement *st, store_stc id, gisac_err *err, const char *what)
{
    int rc = st_step(st);
    while (rc == STORE_ROW) /* a RETURNING nobody reads */
        rc = st_step(st);
    rc = rc == STORE_DONE ? 0 : store_db_err(s, err, what);
    store_stmt_done(s, id, st);
    return rc;
}

int store_rows(store *s, store_statement *st, store_stc id, store_row_fn fn, void *ctx,
               gisac_err *err, const char *what)
{
    int rc, stop = 0;
    while (!stop && (rc = st_step(st)) == STORE_ROW) {
        s->guard++;
        stop = fn(ctx, st);
        s->guard--;
    }
    if (stop < 0)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    else if (!stop && rc != STORE_DONE)
        rc = store_db_err(s, err, what);
    else
        rc = 0;
    store_stmt_done(s, id, st);
    return rc;
}

int store_one(store *s, store_statement *st, store_stc id, store_copy_fn copy, void *row,
              gisac_arena *arena, gisac_err *err, const char *what)
{
    int rc = st_step(st);
    if (rc == STORE_ROW)
        rc = copy(row, arena, st) < 0 ? gisac_err_set(err, GISAC_ENOMEM, "out of memory") : 0;
    else
        rc = rc == STORE_DONE ? GISAC_ENOTFOUND : store_db_err(s, err, what);
    store_stmt_done(s, id, st);
    return rc;
}

int store_batch_init(store_batch *b, size_t size, store_copy_fn copy, gisac_err *err)
{
    memset(b, 0, sizeof *b);
    b->size = size;
    b->copy = copy;
    b->arena = gisac_arena_new(16384);
    return b->arena ? 0 : gisac_err_set(err, GISAC_ENOMEM, "out of memory");
}

void store_batch_clear(store_batch *b)
{
    b->n = 0;
    gisac_arena_reset(b->arena);
}

void store_batch_free(store_batch *b)
{
    free(b->v);
    gisac_arena_free(b->arena);
    memset(b, 0, sizeof *b);
}

static int batch_row(void *ctx, store_statement *st)
{
    store_batch *b = ctx;
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 64;
        unsigned char *v = realloc(b->v, cap * b->size);
        if (!v)
            return -1;
        b->v = v;
        b->cap = cap;
    }
    int rc = b->copy(b->v + b->n * b->size, b->arena, st);
    b->read++;
    if (rc == 0)
        b->n++;
    return rc < 0 ? -1 : 0;
}

int store_batch_read(store *s, store_statement *st, store_stc id, store_batch *b, gisac_err *err,
                     const char *what)
{
    b->read = 0;
    return store_rows(s, st, id, batch_row, b, err, what);
}

int store_batch_calls(const store_batch *b, store_call_fn call, const store_cb *cb)
{
    for (size_t i = 0; i < b->n; i++)
        if (call(cb, store_batch_at(b, i)))
            return 1;
    return 0;
}

int store_batch_each(store *s, store_statement *st, store_stc id, store_batch *b,
                     store_call_fn call, const store_cb *cb, gisac_err *err, const char *what)
{
    int rc = store_batch_read(s, st, id, b, err, what);
    if (rc == 0)
        store_batch_calls(b, call, cb);
    store_batch_free(b);
    return rc;
}

int store_int64(store *s, store_statement *st, store_stc id, int64_t *v, gisac_err *err,
                const char *what)
{
    int rc = st_step(st);
    if (rc == STORE_ROW)
        *v = st_col_int64(st, 0);
    rc = rc == STORE_ROW ? 0 : rc == STORE_DONE ? GISAC_ENOTFOUND : store_db_err(s, err, what);
    store_stmt_done(s, id, st);
    return rc;
}

int store_cols(store_statement *st, int first, gisac_arena *arena, const char *types, ...)
{
    va_list ap;
    int rc = 0;
    va_start(ap, types);
    for (int i = first; *types; types++, i++) {
        switch (*types) {
        case 'i':
            *va_arg(ap, int *) = st_col_int(st, i);
            break;
        case 'I':
            *va_arg(ap, int64_t *) = st_col_int64(st, i);
            break;
        case 'T':
            *va_arg(ap, int64_t *) = store_col_time(st, i);
            break;
        case 'c':
            *va_arg(ap, int *) = st_col_type(st, i) == STORE_NULL ? -1 : st_col_int(st, i);
            break;
        case 't': {
            const char **p = va_arg(ap, const char **);
            *p = store_col_text(st, i);
            if (*p && arena && !(*p = gisac_arena_strdup(arena, *p)))
                rc = GISAC_ENOMEM;
            break;
        }
        default: /* '-': a column left alone */
            break;
        }
    }
    va_end(ap);
    return rc;
}

int store_dup(gisac_arena *a, const char **p, ...)
{
    va_list ap;
    int rc = 0;
    va_start(ap, p);
    for (; p && a; p = va_arg(ap, const char **))
        if (*p && !(*p = gisac_arena_strdup(a, *p)))
            rc = GISAC_ENOMEM;
    va_end(ap);
    return rc;
}

/* ---- queries with their values ------------------------------------------------- */

/* store_bind with its values in ap. */
static void vbind(store_statement *st, int o, const char *types, va_list ap)
{
    for (int i = o + 1; types && *types; types++, i++) {
        switch (*types) {
        case 'i':
            st_bind_int(st, i, va_arg(ap, int));
            break;
        case 'I':
            st_bind_int64(st, i, va_arg(ap, int64_t));
            break;
        case 'T':
            store_bind_time(st, i, va_arg(ap, int64_t));
            break;
        case 'c': {
            int v = va_arg(ap, int);
            if (v >= 0)
                st_bind_int(st, i, v);
            else
                st_bind_null(st, i);
            break;
        }
        case 't':
            store_bind_text(st, i, va_arg(ap, const char *));
            break;
        default: /* '-': left NULL */
            break;
        }
    }
}

void store_bind(store_statement *st, int o, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    vbind(st, o, types, ap);
    va_end(ap);
}

static int vquery(store *s, store_stc id, const char *sql, store_statement **st, gisac_err *err,
                  const char *what, const char *types, va_list ap)
{
    int rc = id == STC_NONE ? store_prepare(s, sql, st, err, what)
                            : store_stmt(s, id, sql, st, err, what);
    if (rc == 0)
        vbind(*st, 0, types, ap);
    return rc;
}

int store_query(store *s, store_stc id, const char *sql, store_statement **st, gisac_err *err,
                const char *what, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    int rc = vquery(s, id, sql, st, err, what, types, ap);
    va_end(ap);
    return rc;
}

int store_write(store *s, store_stc id, const char *sql, gisac_err *err, const char *what,
                const char *types, ...)
{
    store_statement *st;
    va_list ap;
    va_start(ap, types);
    int rc = vquery(s, id, sql, &st, err, what, types, ap);
    va_end(ap);
    return rc < 0 ? rc : store_run(s, st, id, err, what);
}

int store_value(store *s, store_stc id, const char *sql, int64_t *v, gisac_err *err,
                const char *what, const char *types, ...)
{
    store_statement *st;
    va_list ap;
    va_start(ap, types);
    int rc = vquery(s, id, sql, &st, err, what, types, ap);
    va_end(ap);
    return rc < 0 ? rc : store_int64(s, st, id, v, err, what);
}

int store_get(store *s, store_stc id, const char *sql, store_copy_fn copy, void *row,
              gisac_arena *arena, gisac_err *err, const char *what, const char *types, ...)
{
    store_statement *st;
    va_list ap;
    va_start(ap, types);
    int rc = vquery(s, id, sql, &st, err, what, types, ap);
    va_end(ap);
    return rc < 0 ? rc : store_one(s, st, id, copy, row, arena, err, what);
}

int store_get_by(store *s, const char *sql, store_copy_fn copy, void *row, gisac_arena *arena,
                 gisac_err *err, const char *what, const char *key, int show_key)
{
    int rc = store_get(s, STC_NONE, sql, copy, row, arena, err, what, "t", key);
    if (rc == GISAC_ENOTFOUND && show_key)
        gisac_err_set(err, rc, "%s %s: not found", what, key);
    else if (rc == GISAC_ENOTFOUND)
        gisac_err_set(err, rc, "%s: not found", what);
    return rc;
}

int store_text_copy(void *row, gisac_arena *arena, store_statement *st)
{
    (void)arena;
    store_text_out *t = row;
    const char *v = store_col_text(st, 0);
    if (t->out && t->cap)
        snprintf(t->out, t->cap, "%s", v ? v : "");
    return 0;
}

/* A row of type t (size bytes at most STORE_ROW_MAX) mapped in place, to the caller's callback. */
typedef struct each_ctx {
    const store_rowtype *t;
    store_cb cb;
} each_ctx;

static int each_row(void *ctx, store_statement *st)
{
    each_ctx *e = ctx;
    _Alignas(max_align_t) unsigned char row[STORE_ROW_MAX];
    int rc = e->t->copy(row, NULL, st);
    return rc > 0 ? 0 : rc < 0 ? rc : e->t->call(&e->cb, row) != 0;
}

int store_pages(store *s, const store_rowtype *t, store_page_fn page, const void *q, store_cb cb,
                gisac_err *err, const char *what)
{
    store_batch b;
    int rc = store_batch_init(&b, t->size, t->copy, err);
    const void *last = NULL;
    while (rc == 0) {
        store_statement *st;
        store_stc id = STC_NONE;
        /* the key is bound (text copied) before the batch it lives in is cleared */
        if ((rc = page(s, q, last, &st, &id, err)) < 0)
            break;
        store_batch_clear(&b);
        if ((rc = store_batch_read(s, st, id, &b, err, what)) < 0)
            break;
        if (store_batch_calls(&b, t->call, &cb)) {
            rc = 1;
            break;
        }
        if (b.read < STORE_BATCH || !b.n)
            break;
        last = store_batch_at(&b, b.n - 1);
    }
    store_batch_free(&b);
    return rc;
}

static int name_copy(void *row, gisac_arena *a, store_statement *st)
{
    const char **name = row;
    *name = store_col_text(st, 0) ? store_col_text(st, 0) : "";
    return store_dup(a, name, NULL);
}

static int name_call(const store_cb *cb, const void *row)
{
    return ((store_name_cb)cb->fn)(cb->ctx, *(const char *const *)row);
}

const store_rowtype store_name_rows = {sizeof(const char *), name_copy, name_call};

int store_stream(store *s, store_statement *st, store_stc id, const store_rowtype *t, store_cb cb,
                 gisac_err *err, const char *what)
{
    each_ctx e = {t, cb};
    return store_rows(s, st, id, each_row, &e, err, what);
}

int store_list_of(store *s, store_statement *st, store_stc id, const store_rowtype *t, store_cb cb,
                  gisac_err *err, const char *what)
{
    store_batch b;
    int rc = store_batch_init(&b, t->size, t->copy, err);
    if (rc < 0) {
        store_stmt_done(s, id, st);
        return rc;
    }
    return store_batch_each(s, st, id, &b, t->call, &cb, err, what);
}

static int vlist(store *s, store_stc id, const char *sql, const store_rowtype *t, int whole,
                 store_cb cb, gisac_err *err, const char *what, const char *types, va_list ap)
{
    if (t->size > STORE_ROW_MAX)
        return gisac_err_set(err, GISAC_ESTORE, "%s: row too big", what);
    store_statement *st;
    int rc = vquery(s, id, sql, &st, err, what, types, ap);
    if (rc < 0)
        return rc;
    if (!whole)
        return store_stream(s, st, id, t, cb, err, what);
    return store_list_of(s, st, id, t, cb, err, what);
}

int store_iter(store *s, store_stc id, const char *sql, const store_rowtype *t, int whole,
               store_cb cb, gisac_err *err, const char *what, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    int rc = vlist(s, id, sql, t, whole, cb, err, what, types, ap);
    va_end(ap);
    return rc;
}

/* ---- the handle ---------------------------------------------------------------- */

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

int store_tx_join(store *s, int *own, gisac_err *err)
{
    *own = s->in_tx ? 0 : 1;
    return *own ? store_begin(s, err) : 0;
}

int store_atomic_end(store *s, int own, int rc, gisac_err *err)
{
    if (own == 0)
        return rc;
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
    int rc = store_value(s, STC_NUMBER,
                         "INSERT INTO counter (name, scope, last) VALUES (?1, ?2, 1)"
                         " ON CONFLICT (name, scope) DO UPDATE SET last = counter.last + 1"
                         " RETURNING last",
                         n, err, name, "tI", name, scope);
    return rc == GISAC_ENOTFOUND ? store_db_err(s, err, name) : rc;
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
 * store functions that write shared tables call store_share_touch before
 * they write; the bump is written by store_commit in the same transaction,
 * or, for a write outside one, right after that write's statement is done
 * (never before it: a reader that saw the new generation first would keep
 * the old data under it).
 */
#define SHARE_BUMP                                                                                 \
    "INSERT INTO meta (key, value) VALUES ('share_gen', '1') ON CONFLICT (key) DO UPDATE"          \
    " SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)"

void store_share_touch(store *s)
{
    s->share_dirty = 1;
}

void store_intel_touch(store *s)
{
    s->share_dirty = 1;
    s->intel_dirty = 1;
}

/*
 * meta.intel_gen counts the changes of what exports hold (store.h,
 * store_intel_generation); meta.intel_changed is the time of the last one
 * (never moving back). One statement for both, with the change's time.
 */
#define INTEL_BUMP                                                                                 \
    "INSERT INTO meta (key, value) VALUES ('intel_gen', '1'), ('intel_changed', CAST(?1 AS TEXT))" \
    " ON CONFLICT (key) DO UPDATE SET value = CASE"                                                \
    " WHEN meta.key = 'intel_gen' THEN CAST(CAST(meta.value AS BIGINT) + 1 AS TEXT)"               \
    " WHEN CAST(meta.value AS BIGINT) >= CAST(excluded.value AS BIGINT) THEN meta.value"           \
    " ELSE excluded.value END"

static int intel_bump(store *s, int64_t at, gisac_err *err)
{
    s->intel_dirty = 0;
    return store_write(s, STC_NONE, INTEL_BUMP, err, "intelligence generation", "I", at);
}

/* Outside a transaction: the write a touch announced is done, bump now
 * (best effort: the write itself was in autocommit). */
static void share_flush(store *s)
{
    if (s->share_dirty && !s->in_tx) {
        s->share_dirty = 0;
        int changes = s->drv->changes(s->conn);
        int64_t last = s->drv->last_insert_id(s->conn);
        if (s->intel_dirty)
            intel_bump(s, gisac_now(), NULL);
        store_exec(s, SHARE_BUMP, NULL);
        s->bumped = 1;
        s->bumped_changes = changes;
        s->bumped_last_id = last;
    }
}

int store_share_version(store *s, int64_t *version, gisac_err *err)
{
    *version = 0;
    int rc = store_value(s, STC_SHARE_GEN,
                         "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'share_gen'", version,
                         err, "share generation", NULL);
    return rc == GISAC_ENOTFOUND ? 0 : rc;
}

static int meta_int(store *s, const char *key, int64_t *v, gisac_err *err)
{
    *v = 0;
    int rc = store_value(s, STC_NONE, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?1", v,
                         err, "intelligence generation", "t", key);
    return rc == GISAC_ENOTFOUND ? 0 : rc;
}

int store_intel_generation(store *s, int64_t now, int64_t *gen, int64_t *changed, gisac_err *err)
{
    *gen = *changed = 0;
    int rc = meta_int(s, "intel_changed", changed, err);
    if (rc == 0 && *changed == 0) /* written before the generation was kept */
        rc = store_value(s, STC_NONE, "SELECT COALESCE(MAX(modified), 0) FROM indicator", changed,
                         err, "intelligence generation", "");
    /* the latest validity that ran out since the last change: a change too */
    int64_t expired = 0;
    if (rc == 0)
        rc = store_value(s, STC_NONE,
                         "SELECT COALESCE(MAX(v), 0) FROM ("
                         " SELECT MAX(valid_until) AS v FROM indicator"
                         "  WHERE valid_until > ?1 AND valid_until <= ?2"
                         " UNION ALL SELECT MAX(valid_until) FROM indicator_source"
                         "  WHERE valid_until > ?1 AND valid_until <= ?2) AS e",
                         &expired, err, "intelligence generation", "II", *changed, now);
    if (rc == 0 && expired > *changed && !s->in_tx && !s->in_read) {
        rc = store_begin(s, err);
        if (rc == 0) {
            store_share_touch(s); /* answers cached over the old data are stale too */
            rc = intel_bump(s, expired, err);
            rc = rc == 0 ? store_commit(s, err) : (store_rollback(s), rc);
        }
        if (rc == 0)
            rc = meta_int(s, "intel_changed", changed, err);
    }
    if (rc == 0)
        rc = meta_int(s, "intel_gen", gen, err);
    return rc;
}

int store_commit(store *s, gisac_err *err)
{
    if (s->intel_dirty && intel_bump(s, gisac_now(), err) < 0) {
        store_rollback(s);
        return GISAC_ESTORE;
    }
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
    if (s->guard)
        return; /* from inside a callback: nothing (the transaction stays) */
    if (s->in_tx)
        store_exec(s, "ROLLBACK", NULL);
    s->in_tx = 0;
    s->share_dirty = 0;
    s->intel_dirty = 0;
}

int store_read_begin(store *s, gisac_err *err)
{
    if (s->in_tx || s->in_read++)
        return 0;
    store_statement *st;
    int rc = store_stmt(s, STC_READ_BEGIN, "BEGIN", &st, err, "begin");
    if (rc == 0)
        rc = store_run(s, st, STC_READ_BEGIN, err, "begin");
    if (rc < 0)
        s->in_read = 0;
    return rc;
}

void store_read_end(store *s)
{
    if (s->guard)
        return;
    if (s->in_tx || !s->in_read || --s->in_read)
        return;
    store_statement *st;
    if (store_stmt(s, STC_READ_END, "COMMIT", &st, NULL, "commit") == 0)
        store_run(s, st, STC_READ_END, NULL, "commit");
    if (s->drv->in_transaction(s->conn))
        store_exec(s, "ROLLBACK", NULL);
    if (s->touch_id[0]) { /* the last use deferred by store_token_touch */
        char id[sizeof s->touch_id];
        memcpy(id, s->touch_id, sizeof id);
        s->touch_id[0] = '\0';
        (void)store_token_touch(s, id, s->touch_at, NULL);
    }
}

/* ---- migrations ---------------------------------------------------------- */

int store_migrate_steps(store *s, int rc, int v, size_t count, store_migrate_fn step,
                        gisac_err *err)
{
    if (rc == 0 && v > (int)count)
        rc =
            gisac_err_set(err, GISAC_ESTORE,
                          "database schema version %d is newer than this gisac (%d); upgrade gisac",
                          v, (int)count);
    for (; rc == 0 && v < (int)count; v++)
        rc = step(s, v, err);
    if (rc == 0)
        return store_exec(s, "COMMIT", err);
    store_exec(s, "ROLLBACK", NULL);
    return GISAC_ESTORE;
}

/* ---- meta -------------------------------------------------------------- */

int store_meta_get(store *s, const char *key, char *out, size_t cap, gisac_err *err)
{
    store_text_out m = {out, cap};
    return store_get(s, STC_NONE, "SELECT value FROM meta WHERE key = ?1", store_text_copy, &m,
                     NULL, err, "meta", "t", key);
}

int store_meta_set(store *s, const char *key, const char *value, gisac_err *err)
{
    return store_write(s, STC_NONE,
                       "INSERT INTO meta (key, value) VALUES (?1, ?2)"
                       " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                       err, "meta", "tt", key, value);
}

/* ---- the installation's identity ------------------------------------------- */

int store_identity_get(store *s, store_identity *out, gisac_err *err)
{
    char created[32], modified[32];
    memset(out, 0, sizeof *out);
    int rc = store_meta_get(s, "identity_uuid", out->uuid, sizeof out->uuid, err);
    if (rc == 0)
        rc = store_meta_get(s, "identity_name", out->name, sizeof out->name, err);
    if (rc == 0)
        rc = store_meta_get(s, "identity_created", created, sizeof created, err);
    if (rc == 0)
        rc = store_meta_get(s, "identity_modified", modified, sizeof modified, err);
    if (rc == GISAC_ENOTFOUND)
        return gisac_err_set(err, GISAC_ENOTFOUND, "the installation has no identity yet");
    if (rc < 0)
        return rc;
    out->created = strtoll(created, NULL, 10);
    out->modified = strtoll(modified, NULL, 10);
    return 0;
}

static int identity_write(store *s, const store_identity *id, gisac_err *err)
{
    char created[32], modified[32];
    snprintf(created, sizeof created, "%lld", (long long)id->created);
    snprintf(modified, sizeof modified, "%lld", (long long)id->modified);
    int rc = store_meta_set(s, "identity_uuid", id->uuid, err);
    if (rc == 0)
        rc = store_meta_set(s, "identity_name", id->name, err);
    if (rc == 0)
        rc = store_meta_set(s, "identity_created", created, err);
    if (rc == 0)
        rc = store_meta_set(s, "identity_modified", modified, err);
    return rc;
}

int store_identity_init(store *s, const store_identity *id, int *made, gisac_err *err)
{
    *made = 0;
    int own = !store_tx_open(s);
    int rc = own ? store_begin(s, err) : 0;
    if (rc < 0)
        return rc;
    store_identity cur;
    rc = store_identity_get(s, &cur, err);
    if (rc == GISAC_ENOTFOUND) {
        gisac_err_clear(err);
        rc = identity_write(s, id, err);
        *made = rc == 0;
    }
    if (own && rc == 0)
        return store_commit(s, err);
    if (own)
        store_rollback(s);
    if (rc < 0)
        *made = 0;
    return rc;
}

int store_identity_set(store *s, const store_identity *id, gisac_err *err)
{
    int own = !store_tx_open(s);
    int rc = own ? store_begin(s, err) : 0;
    if (rc == 0) {
        store_intel_touch(s); /* what every export and page holds changes with it */
        rc = identity_write(s, id, err);
    }
    if (own && rc == 0)
        return store_commit(s, err);
    if (own)
        store_rollback(s);
    return rc;
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
