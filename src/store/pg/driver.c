/*
 * pg/driver.c: the PostgreSQL backend's driver (store_driver.h) over libpq.
 *
 * The store's SQL is written once, in the dialect both backends speak; what
 * differs is bridged here and in pg/schema.c:
 *   - parameters: SQLite's ?NNN and ? become $NNN (a bare ? takes the number
 *     after the highest one so far, as in SQLite), outside quotes;
 *   - values are sent as text; an integer is declared int8, text and NULL
 *     are left for the server to type from where they stand (as a literal);
 *   - a write transaction (BEGIN IMMEDIATE) takes one advisory lock for its
 *     life, so that writers follow each other as on SQLite (numbers, the
 *     audit chain); a read snapshot (BEGIN) is REPEATABLE READ;
 *   - a statement that fails inside a transaction is rolled back to a
 *     savepoint around it, so that the transaction goes on as it does on
 *     SQLite (a duplicate key answered EEXIST and the caller carries on);
 *   - results are read whole (PQexecParams); booleans read as 1 and 0;
 *   - the id of the last row inserted is the one the row-id trigger of
 *     pg/schema.c recorded in the session (gisac.last_id).
 */
#include "store/store_driver.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The advisory lock every write transaction takes (an arbitrary constant: "gisac"). */
#define PG_WRITE_LOCK "7310411"

/* Type OIDs (pg_type.h is a server header). */
enum {
    OID_BOOL = 16,
    OID_BYTEA = 17,
    OID_INT8 = 20,
    OID_INT2 = 21,
    OID_INT4 = 23,
    OID_TEXT = 25,
    OID_OID = 26,
    OID_FLOAT4 = 700,
    OID_FLOAT8 = 701,
    OID_NUMERIC = 1700
};

/* Server-side statements kept per kept statement (kinds of values: which are NULL). */
#define PG_PLANS 4
/* The most values a kept statement prepared on the server has (more: planned per run). */
#define PG_KINDS_MAX 64

typedef struct pg_conn {
    PGconn *pg;
    unsigned nplans; /* server-side statements prepared so far (their names) */
    char errmsg[1024];
    int errkind;
    int changes;
} pg_conn;

typedef struct pg_param {
    char *val;     /* NULL: SQL NULL */
    int own;       /* val is ours to free */
    unsigned type; /* 0: the server decides */
    char num[24];  /* an integer's text */
} pg_param;

typedef struct pg_stmt {
    store_statement base;
    pg_conn *c;
    char *sql;       /* in PostgreSQL's notation */
    int nparams;     /* the highest $N */
    int write;       /* INSERT, UPDATE, DELETE: run under a savepoint in a transaction */
    pg_param *param; /* [nparams] */
    unsigned char *used;
    PGresult *res; /* after the first step */
    int row, nrows;
    int keep;   /* run many times: prepared on the server, once per kind of values */
    int simple; /* one of special()'s, or without parameters: the simple protocol */
    /* the server-side statements of a kept one: for each, the kinds of its
     * values (one letter each, as kind_of), and its name */
    struct {
        char *kinds;
        char name[24];
    } plan[PG_PLANS];
    int next_plan;
} pg_stmt;

static inline pg_conn *conn_of(store_conn *c)
{
    return (pg_conn *)c;
}

static inline pg_stmt *stmt_of(store_statement *st)
{
    return (pg_stmt *)st;
}

/* ---- errors ------------------------------------------------------------------ */

static void set_err(pg_conn *c, const char *msg, const char *state)
{
    snprintf(c->errmsg, sizeof c->errmsg, "%s", msg && *msg ? msg : "error");
    for (char *p = c->errmsg; *p; p++)
        if (*p == '\n' || *p == '\t')
            *p = ' ';
    size_t n = strlen(c->errmsg);
    while (n && (c->errmsg[n - 1] == '\n' || c->errmsg[n - 1] == ' '))
        c->errmsg[--n] = '\0';
    c->errkind = STORE_ERR_OTHER;
    if (!state)
        return;
    if (!strcmp(state, "23505"))
        c->errkind = STORE_ERR_UNIQUE;
    else if (!strcmp(state, "23503"))
        c->errkind = STORE_ERR_FOREIGN;
    else if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03"))
        c->errkind = STORE_ERR_BUSY;
}

static void res_err(pg_conn *c, PGresult *r)
{
    if (!r) {
        set_err(c, PQerrorMessage(c->pg), NULL);
        return;
    }
    const char *primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    set_err(c, primary ? primary : PQresultErrorMessage(r),
            PQresultErrorField(r, PG_DIAG_SQLSTATE));
}

static int res_ok(PGresult *r)
{
    ExecStatusType t = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    return t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK;
}

/* Run SQL without values; 0 or STORE_ERROR. */
static int run(pg_conn *c, const char *sql)
{
    PGresult *r = PQexec(c->pg, sql);
    int ok = res_ok(r);
    if (!ok)
        res_err(c, r);
    PQclear(r);
    return ok ? 0 : STORE_ERROR;
}

/* ---- the SQL --------------------------------------------------------------------- */

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* sql is the whole statement word (case-insensitive, surrounding blanks and one ';' allowed). */
static int is_stmt(const char *sql, const char *word)
{
    while (is_space(*sql))
        sql++;
    size_t n = strlen(word);
    if (strncasecmp(sql, word, n) != 0)
        return 0;
    sql += n;
    while (is_space(*sql) || *sql == ';')
        sql++;
    return *sql == '\0';
}

static int starts_with_word(const char *sql, const char *word)
{
    while (is_space(*sql) || *sql == '(')
        sql++;
    size_t n = strlen(word);
    return strncasecmp(sql, word, n) == 0 &&
           !(sql[n] == '_' || (sql[n] >= 'a' && sql[n] <= 'z') || (sql[n] >= 'A' && sql[n] <= 'Z'));
}

/*
 * The statements with a meaning of their own: a write transaction, a read
 * snapshot. NULL for any other.
 */
static const char *special(const char *sql)
{
    if (is_stmt(sql, "BEGIN IMMEDIATE"))
        return "BEGIN; SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ")";
    if (is_stmt(sql, "BEGIN"))
        return "BEGIN ISOLATION LEVEL REPEATABLE READ";
    return NULL;
}

/*
 * Copy the literal or quoted name that starts at sql[*i] (its quote, '\''
 * or '"', doubled inside for itself) from sql (len bytes) to out at *o, to
 * its closing quote or the end of sql; *i and *o move past it. out must
 * have room for what it copies (at most len - *i bytes).
 */
static void quoted_copy(const char *sql, size_t len, size_t *i, char *out, size_t *o)
{
    char q = sql[*i];
    out[(*o)++] = sql[(*i)++];
    while (*i < len) {
        out[(*o)++] = sql[*i];
        if (sql[(*i)++] == q) {
            if (*i < len && sql[*i] == q) {
                out[(*o)++] = sql[(*i)++];
                continue;
            }
            break;
        }
    }
}

/*
 * sql with ?NNN and ? as $NNN, into a new string; *nparams the highest
 * number, used[] (nparams + 1 bytes, new) which numbers appear. NULL when
 * out of memory or a number is out of range.
 */
static char *placeholders(const char *sql, int *nparams, unsigned char **used)
{
    size_t len = strlen(sql);
    /* each ? becomes at most "$" and 5 digits */
    char *out = malloc(len * 6 + 1);
    int max = 0, cap = 64;
    unsigned char *u = calloc((size_t)cap + 1, 1);
    if (!out || !u) {
        free(out);
        free(u);
        return NULL;
    }
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        char ch = sql[i];
        if (ch == '\'' || ch == '"') { /* a literal or quoted name, '' and "" inside */
            quoted_copy(sql, len, &i, out, &o);
            continue;
        }
        if (ch != '?') {
            out[o++] = sql[i++];
            continue;
        }
        i++;
        int n = 0;
        if (sql[i] >= '0' && sql[i] <= '9') {
            while (sql[i] >= '0' && sql[i] <= '9' && n <= 65535)
                n = n * 10 + (sql[i++] - '0');
        } else {
            n = max + 1;
        }
        if (n < 1 || n > 65535)
            goto fail;
        if (n > cap) {
            int ncap = cap;
            while (ncap < n)
                ncap *= 2;
            unsigned char *nu = realloc(u, (size_t)ncap + 1);
            if (!nu)
                goto fail;
            memset(nu + cap + 1, 0, (size_t)(ncap - cap));
            u = nu;
            cap = ncap;
        }
        u[n] = 1;
        if (n > max)
            max = n;
        o += (size_t)snprintf(out + o, 8, "$%d", n);
    }
    out[o] = '\0';
    *nparams = max;
    *used = u;
    return out;
fail:
    free(out);
    free(u);
    return NULL;
}

/*
 * sql with every $N whose value is NULL written as the literal NULL, into a
 * new string (NULL when out of memory): the server types a NULL literal
 * from where it stands, and an untyped parameter it cannot
 * ("$1 IS NULL OR agency = $1").
 */
static char *inline_nulls(const char *sql, const pg_param *param, int nparams)
{
    size_t len = strlen(sql);
    char *out = malloc(len * 2 + 1); /* "$1" (2 bytes) becomes "NULL" (4) */
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        char ch = sql[i];
        if (ch == '\'' || ch == '"') {
            quoted_copy(sql, len, &i, out, &o);
            continue;
        }
        if (ch == '$' && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
            size_t j = i + 1;
            int n = 0;
            while (sql[j] >= '0' && sql[j] <= '9' && n <= 65535)
                n = n * 10 + (sql[j++] - '0');
            if (n >= 1 && n <= nparams && !param[n - 1].val) {
                memcpy(out + o, "NULL", 4);
                o += 4;
            } else {
                memcpy(out + o, sql + i, j - i);
                o += j - i;
            }
            i = j;
            continue;
        }
        out[o++] = sql[i++];
    }
    out[o] = '\0';
    return out;
}

/* ---- the connection ------------------------------------------------------------- */

/* The server's notices (a table that exists already, ...) are not errors: library code prints
 * nothing. */
static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static int pg_open(const char *uri, store_conn **out, gisac_err *err)
{
    pg_conn *c = calloc(1, sizeof *c);
    if (!c)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    c->pg = PQconnectdb(uri);
    if (c->pg)
        PQsetNoticeProcessor(c->pg, quiet, NULL);
    if (!c->pg || PQstatus(c->pg) != CONNECTION_OK) {
        char m[512];
        snprintf(m, sizeof m, "%s", c->pg ? PQerrorMessage(c->pg) : "out of memory");
        size_t n = strlen(m);
        while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
            m[--n] = '\0';
        /* libpq's message is lines, the second a hint: one line, single spaces */
        size_t o = 0;
        for (size_t i = 0; m[i]; i++) {
            char ch = m[i] == '\n' || m[i] == '\t' ? ' ' : m[i];
            if (ch != ' ' || (o && m[o - 1] != ' '))
                m[o++] = ch;
        }
        m[o] = '\0';
        /* the URI may hold a password: name the server by what libpq says */
        gisac_err_set(err, GISAC_ESTORE, "postgresql: cannot connect: %s", m);
        PQfinish(c->pg);
        free(c);
        return GISAC_ESTORE;
    }
    *out = (store_conn *)c;
    return 0;
}

static void pg_close(store_conn *sc)
{
    pg_conn *c = conn_of(sc);
    if (!c)
        return;
    PQfinish(c->pg);
    free(c);
}

static int pg_exec(store_conn *sc, const char *sql)
{
    pg_conn *c = conn_of(sc);
    const char *sp = special(sql);
    return run(c, sp ? sp : sql);
}

static int pg_in_transaction(store_conn *sc)
{
    return PQtransactionStatus(conn_of(sc)->pg) != PQTRANS_IDLE;
}

static int64_t pg_last_insert_id(store_conn *sc)
{
    pg_conn *c = conn_of(sc);
    PGresult *r = PQexec(c->pg, "SELECT current_setting('gisac.last_id', true)");
    int64_t id = 0;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
        id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    return id;
}

static int pg_changes(store_conn *sc)
{
    return conn_of(sc)->changes;
}

static const char *pg_errmsg(store_conn *sc)
{
    return conn_of(sc)->errmsg;
}

static int pg_errkind(store_conn *sc)
{
    return conn_of(sc)->errkind;
}

/* ---- statements ------------------------------------------------------------------ */

extern const store_driver store_pg_driver;

static int pg_prepare(store_conn *sc, const char *sql, int keep, store_statement **out)
{
    pg_conn *c = conn_of(sc);
    *out = NULL;
    pg_stmt *s = calloc(1, sizeof *s);
    const char *sp = special(sql);
    if (s && sp) {
        s->sql = strdup(sp);
        s->used = calloc(1, 1);
    } else if (s) {
        s->sql = placeholders(sql, &s->nparams, &s->used);
    }
    if (s && s->sql && s->nparams)
        s->param = calloc((size_t)s->nparams, sizeof *s->param);
    if (!s || !s->sql || !s->used || (s->nparams && !s->param)) {
        set_err(c,
                s && !s->sql ? "statement: too many parameters, or out of memory" : "out of memory",
                NULL);
        if (s) {
            free(s->sql);
            free(s->used);
            free(s->param);
        }
        free(s);
        return STORE_ERROR;
    }
    s->base.drv = &store_pg_driver;
    s->c = c;
    s->write = !sp && (starts_with_word(sql, "INSERT") || starts_with_word(sql, "UPDATE") ||
                       starts_with_word(sql, "DELETE") || starts_with_word(sql, "WITH"));
    s->row = -1;
    s->keep = keep;
    s->simple = sp != NULL || s->nparams == 0;
    *out = &s->base;
    return 0;
}

/*
 * The server-side statement of the kept statement s for values of these
 * kinds, prepared on first use; its name, or NULL with the error set.
 */
static const char *plan_for(pg_stmt *s, const char *sql, const Oid *types)
{
    pg_conn *c = s->c;
    char kinds[PG_KINDS_MAX + 1];
    for (int i = 0; i < s->nparams; i++)
        kinds[i] = !s->used[i + 1]        ? 'u'
                   : !s->param[i].val     ? 'n'
                   : types[i] == OID_INT8 ? 'i'
                                          : 't';
    kinds[s->nparams] = '\0';
    for (int i = 0; i < PG_PLANS; i++)
        if (s->plan[i].kinds && strcmp(s->plan[i].kinds, kinds) == 0)
            return s->plan[i].name;
    int slot = s->next_plan;
    s->next_plan = (s->next_plan + 1) % PG_PLANS;
    if (s->plan[slot].kinds) { /* the oldest makes room */
        char sqlx[64];
        snprintf(sqlx, sizeof sqlx, "DEALLOCATE %s", s->plan[slot].name);
        PQclear(PQexec(c->pg, sqlx));
        free(s->plan[slot].kinds);
        s->plan[slot].kinds = NULL;
    }
    char name[24];
    snprintf(name, sizeof name, "gisac_%u", ++c->nplans);
    PGresult *r = PQprepare(c->pg, name, sql, s->nparams, types);
    int ok = res_ok(r);
    if (!ok)
        res_err(c, r);
    PQclear(r);
    if (!ok)
        return NULL;
    if (!(s->plan[slot].kinds = strdup(kinds))) {
        snprintf(name, sizeof name, "DEALLOCATE gisac_%u", c->nplans);
        PQclear(PQexec(c->pg, name));
        set_err(c, "out of memory", NULL);
        return NULL;
    }
    memcpy(s->plan[slot].name, name, sizeof name);
    return s->plan[slot].name;
}

static pg_param *param_at(store_statement *st, int i)
{
    pg_stmt *s = stmt_of(st);
    if (i < 1 || i > s->nparams)
        return NULL;
    pg_param *p = &s->param[i - 1];
    if (p->own)
        free(p->val);
    p->val = NULL;
    p->own = 0;
    p->type = 0;
    return p;
}

static void pg_bind_int64(store_statement *st, int i, int64_t v)
{
    pg_param *p = param_at(st, i);
    if (!p)
        return;
    snprintf(p->num, sizeof p->num, "%lld", (long long)v);
    p->val = p->num;
    p->type = OID_INT8;
}

static void pg_bind_int(store_statement *st, int i, int v)
{
    pg_bind_int64(st, i, v);
}

static void pg_bind_text(store_statement *st, int i, const char *v, int copy)
{
    pg_param *p = param_at(st, i);
    if (!p)
        return;
    p->type = OID_TEXT;
    if (copy) {
        p->val = strdup(v);
        p->own = p->val != NULL;
    } else {
        p->val = (char *)v;
    }
}

static void pg_bind_null(store_statement *st, int i)
{
    (void)param_at(st, i);
}

static void pg_clear_bindings(store_statement *st)
{
    pg_stmt *s = stmt_of(st);
    for (int i = 1; i <= s->nparams; i++)
        (void)param_at(st, i);
}

/* Run the statement with its values: 0, or STORE_ERROR with the error set. */
static int execute(pg_stmt *s)
{
    pg_conn *c = s->c;
    enum { MAXSTACK = 64 };
    const char *vals_stack[MAXSTACK];
    Oid types_stack[MAXSTACK];
    const char **vals = vals_stack;
    Oid *types = types_stack;
    if (s->nparams > MAXSTACK) {
        vals = malloc((size_t)s->nparams * sizeof *vals);
        types = malloc((size_t)s->nparams * sizeof *types);
        if (!vals || !types) {
            free(vals);
            free(types);
            set_err(c, "out of memory", NULL);
            return STORE_ERROR;
        }
    }
    int nulls = 0;
    for (int i = 0; i < s->nparams; i++) {
        vals[i] = s->param[i].val;
        /* text is text; a NULL is written into the SQL (inline_nulls), and
         * it and a number the SQL never names are declared text */
        types[i] = s->param[i].val && s->used[i + 1] ? s->param[i].type : OID_TEXT;
        nulls |= s->used[i + 1] && !s->param[i].val;
    }
    char *sql = nulls ? inline_nulls(s->sql, s->param, s->nparams) : s->sql;
    if (!sql) {
        if (vals != vals_stack) {
            free(vals);
            free(types);
        }
        set_err(c, "out of memory", NULL);
        return STORE_ERROR;
    }
    c->errmsg[0] = '\0';
    int guard = s->write && PQtransactionStatus(c->pg) == PQTRANS_INTRANS;
    if (guard && run(c, "SAVEPOINT gisac_stmt") < 0) {
        if (sql != s->sql)
            free(sql);
        if (vals != vals_stack) {
            free(vals);
            free(types);
        }
        return STORE_ERROR;
    }
    /* without values by the simple protocol, which takes more than one
     * statement; a kept one prepared on the server (planned once: the
     * session's plan_cache_mode), unless it has too many values to tell
     * their kinds apart */
    PGresult *r = NULL;
    if (s->simple) {
        r = PQexec(c->pg, sql);
    } else if (s->keep && s->nparams <= PG_KINDS_MAX) {
        const char *name = plan_for(s, sql, types);
        if (name)
            r = PQexecPrepared(c->pg, name, s->nparams, vals, NULL, NULL, 0);
    } else {
        r = PQexecParams(c->pg, sql, s->nparams, types, vals, NULL, NULL, 0);
    }
    if (sql != s->sql)
        free(sql);
    if (vals != vals_stack) {
        free(vals);
        free(types);
    }
    if (!res_ok(r)) {
        if (r || !c->errmsg[0]) /* (plan_for's error is set already) */
            res_err(c, r);
        PQclear(r);
        if (guard) {
            char keep[sizeof c->errmsg];
            int kind = c->errkind;
            memcpy(keep, c->errmsg, sizeof keep);
            (void)run(c, "ROLLBACK TO SAVEPOINT gisac_stmt; RELEASE SAVEPOINT gisac_stmt");
            memcpy(c->errmsg, keep, sizeof keep);
            c->errkind = kind;
        }
        return STORE_ERROR;
    }
    if (guard && run(c, "RELEASE SAVEPOINT gisac_stmt") < 0) {
        PQclear(r);
        return STORE_ERROR;
    }
    const char *n = PQcmdTuples(r);
    if (s->write)
        c->changes = n && *n ? atoi(n) : 0;
    s->res = r;
    s->nrows = PQresultStatus(r) == PGRES_TUPLES_OK ? PQntuples(r) : 0;
    s->row = -1;
    return 0;
}

static int pg_step(store_statement *st)
{
    pg_stmt *s = stmt_of(st);
    if (!s->res && execute(s) < 0)
        return STORE_ERROR;
    if (s->row + 1 < s->nrows) {
        s->row++;
        return STORE_ROW;
    }
    s->row = s->nrows;
    return STORE_DONE;
}

static int in_row(pg_stmt *s, int i)
{
    return s->res && s->row >= 0 && s->row < s->nrows && i >= 0 && i < PQnfields(s->res);
}

static const char *pg_column_text(store_statement *st, int i)
{
    pg_stmt *s = stmt_of(st);
    if (!in_row(s, i) || PQgetisnull(s->res, s->row, i))
        return NULL;
    const char *v = PQgetvalue(s->res, s->row, i);
    if (PQftype(s->res, i) == OID_BOOL)
        return v[0] == 't' ? "1" : "0";
    return v;
}

static int64_t pg_column_int64(store_statement *st, int i)
{
    const char *v = pg_column_text(st, i);
    return v ? strtoll(v, NULL, 10) : 0;
}

static int pg_column_int(store_statement *st, int i)
{
    return (int)pg_column_int64(st, i);
}

static int pg_column_type(store_statement *st, int i)
{
    pg_stmt *s = stmt_of(st);
    if (!in_row(s, i) || PQgetisnull(s->res, s->row, i))
        return STORE_NULL;
    switch (PQftype(s->res, i)) {
    case OID_BOOL:
    case OID_INT8:
    case OID_INT2:
    case OID_INT4:
    case OID_OID:
        return STORE_INTEGER;
    case OID_FLOAT4:
    case OID_FLOAT8:
        return STORE_FLOAT;
    case OID_NUMERIC: /* SUM of integers: an integer as SQLite gives it */
        return strchr(PQgetvalue(s->res, s->row, i), '.') ? STORE_FLOAT : STORE_INTEGER;
    case OID_BYTEA:
        return STORE_BLOB;
    default:
        return STORE_TEXT;
    }
}

static int pg_column_count(store_statement *st)
{
    pg_stmt *s = stmt_of(st);
    return s->res ? PQnfields(s->res) : 0;
}

static void pg_reset(store_statement *st)
{
    pg_stmt *s = stmt_of(st);
    PQclear(s->res);
    s->res = NULL;
    s->row = -1;
    s->nrows = 0;
}

static void pg_finalize(store_statement *st)
{
    if (!st)
        return;
    pg_stmt *s = stmt_of(st);
    pg_reset(st);
    pg_clear_bindings(st);
    for (int i = 0; i < PG_PLANS; i++) {
        if (!s->plan[i].kinds)
            continue;
        if (PQstatus(s->c->pg) == CONNECTION_OK) {
            char sql[64];
            snprintf(sql, sizeof sql, "DEALLOCATE %s", s->plan[i].name);
            PQclear(PQexec(s->c->pg, sql));
        }
        free(s->plan[i].kinds);
    }
    free(s->param);
    free(s->used);
    free(s->sql);
    free(s);
}

/* pg/schema.c */
int store_pg_setup(store *s, const char *uri, gisac_err *err);
int store_pg_schema_version(store *s, int *version, gisac_err *err);

const store_driver store_pg_driver = {
    .scheme = "postgresql",
    .open = pg_open,
    .close = pg_close,
    .setup = store_pg_setup,
    .schema_version = store_pg_schema_version,
    .exec = pg_exec,
    .in_transaction = pg_in_transaction,
    .last_insert_id = pg_last_insert_id,
    .changes = pg_changes,
    .errmsg = pg_errmsg,
    .errkind = pg_errkind,
    .prepare = pg_prepare,
    .bind_int64 = pg_bind_int64,
    .bind_int = pg_bind_int,
    .bind_text = pg_bind_text,
    .bind_null = pg_bind_null,
    .clear_bindings = pg_clear_bindings,
    .step = pg_step,
    .column_int64 = pg_column_int64,
    .column_int = pg_column_int,
    .column_text = pg_column_text,
    .column_type = pg_column_type,
    .column_count = pg_column_count,
    .reset = pg_reset,
    .finalize = pg_finalize,
};
