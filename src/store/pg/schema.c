/*
 * pg/schema.c: the PostgreSQL backend's schema and session (the driver's
 * setup; see driver.c for the rest of the driver).
 *
 * The schema is the SQLite backend's, one logical schema: its migrations
 * (sqlite/schema.c) are run here in order, each translated statement by
 * statement into PostgreSQL's DDL:
 *   - INTEGER is BIGINT (SQLite's integers are 64-bit);
 *   - "WITHOUT ROWID" is dropped;
 *   - INSERT OR IGNORE is INSERT ... ON CONFLICT DO NOTHING;
 *   - a table whose key is "col INTEGER PRIMARY KEY" (a SQLite row id) gets
 *     the trigger gisac_rowid, which numbers a row given none as SQLite
 *     does (one more than the highest; under a lock of the table, so that
 *     two sessions do not take the same) and records the id in the session
 *     for the driver's last_insert_id.
 * Before the first migration, the functions the store's shared SQL uses
 * that PostgreSQL lacks under those names are created (json_valid,
 * json_each over text, json_group_array, group_concat, instr), so that
 * the queries are written once. The version is in gisac_schema; migrating
 * holds an advisory lock, so that two processes opening a new database
 * migrate it once.
 */
#include "store/store.h"
#include "store/store_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

size_t store_sqlite_migration_count(void);
const char *store_sqlite_migration(size_t i);

/* The advisory lock of migrating (an arbitrary constant). */
#define PG_MIGRATE_LOCK "7310412"

static const char compat_sql[] =
    "CREATE TABLE IF NOT EXISTS gisac_schema (version INTEGER NOT NULL);"
    "INSERT INTO gisac_schema (version) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM gisac_schema);"
    /* the row id of a SQLite table with an INTEGER PRIMARY KEY */
    "CREATE OR REPLACE FUNCTION gisac_rowid() RETURNS trigger LANGUAGE plpgsql AS $f$"
    " DECLARE col text := TG_ARGV[0]; v bigint;"
    " BEGIN"
    "  v := (to_jsonb(NEW) ->> col)::bigint;"
    "  IF v IS NULL THEN"
    "   PERFORM pg_advisory_xact_lock(hashtext(TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME));"
    "   EXECUTE format('SELECT COALESCE(MAX(%I), 0) + 1 FROM %I.%I', col, TG_TABLE_SCHEMA,"
    "    TG_TABLE_NAME) INTO v;"
    "   NEW := jsonb_populate_record(NEW, jsonb_build_object(col, v));"
    "  END IF;"
    "  PERFORM set_config('gisac.last_id', v::text, false);"
    "  RETURN NEW;"
    " END $f$;"
    "CREATE OR REPLACE FUNCTION json_valid(t text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS "
    "$f$"
    " BEGIN"
    "  IF t IS NULL THEN RETURN NULL; END IF;"
    "  PERFORM t::json;"
    "  RETURN true;"
    " EXCEPTION WHEN others THEN RETURN false;"
    " END $f$;"
    "CREATE OR REPLACE FUNCTION json_each(t text) RETURNS TABLE (key text, value text)"
    " LANGUAGE plpgsql IMMUTABLE AS $f$"
    " #variable_conflict use_column\n"
    " DECLARE j json;"
    " BEGIN"
    "  BEGIN j := t::json; EXCEPTION WHEN others THEN RETURN; END;"
    "  IF j IS NULL THEN RETURN; END IF;"
    "  IF json_typeof(j) = 'array' THEN"
    "   RETURN QUERY SELECT (x.n - 1)::text, x.e FROM json_array_elements_text(j)"
    "    WITH ORDINALITY AS x (e, n);"
    "  ELSIF json_typeof(j) = 'object' THEN"
    "   RETURN QUERY SELECT x.key, x.value FROM json_each_text(j) AS x;"
    "  END IF;"
    " END $f$;"
    "CREATE OR REPLACE FUNCTION gisac_json_array_final(a text[]) RETURNS text"
    " LANGUAGE sql IMMUTABLE AS $f$ SELECT array_to_json(COALESCE(a, '{}'))::text $f$;"
    "CREATE OR REPLACE AGGREGATE json_group_array(text) (SFUNC = array_append,"
    " STYPE = text[], INITCOND = '{}', FINALFUNC = gisac_json_array_final);"
    "CREATE OR REPLACE FUNCTION gisac_concat_step(acc text, v text, sep text) RETURNS text"
    " LANGUAGE sql IMMUTABLE AS $f$ SELECT CASE WHEN v IS NULL THEN acc WHEN acc IS NULL"
    " THEN v ELSE acc || sep || v END $f$;"
    "CREATE OR REPLACE FUNCTION gisac_concat_step(acc text, v text) RETURNS text"
    " LANGUAGE sql IMMUTABLE AS $f$ SELECT gisac_concat_step(acc, v, ',') $f$;"
    "CREATE OR REPLACE AGGREGATE group_concat(text, text) (SFUNC = gisac_concat_step,"
    " STYPE = text);"
    "CREATE OR REPLACE AGGREGATE group_concat(text) (SFUNC = gisac_concat_step, STYPE = text);"
    "CREATE OR REPLACE FUNCTION instr(h text, n text) RETURNS integer"
    " LANGUAGE sql IMMUTABLE AS $f$ SELECT strpos(h, n) $f$;";

/* ---- translating a SQLite migration ------------------------------------------------ */

static int word_char(char ch)
{
    return isalnum((unsigned char)ch) || ch == '_';
}

/* text at p is the words w (separated by any blanks), whole; its length or 0. */
static size_t words_at(const char *p, const char *w)
{
    const char *q = p;
    while (*w) {
        if (*w == ' ') {
            if (!isspace((unsigned char)*q))
                return 0;
            while (isspace((unsigned char)*q))
                q++;
            w++;
            continue;
        }
        if (toupper((unsigned char)*q) != toupper((unsigned char)*w))
            return 0;
        q++;
        w++;
    }
    /* a whole word: not followed by more of one (a pattern ending in a blank ends at the next word)
     */
    if (q[-1] != ' ' && !isspace((unsigned char)q[-1]) && word_char(*q))
        return 0;
    return (size_t)(q - p);
}

/* Append n bytes of s to the growing buffer b. */
static int put(gisac_buf *b, const char *s, size_t n)
{
    return gisac_buf_append(b, s, n);
}

/*
 * One statement (no ';') translated into b, followed by ';' (and a
 * trigger for a row-id table).
 */
static int translate_stmt(gisac_buf *b, const char *p, size_t len)
{
    int rc = 0, ignore = 0;
    char table[128] = "", rowid[64] = "";
    const char *end = p + len;
    while (p < end && isspace((unsigned char)*p))
        p++;
    if (p == end)
        return 0;
    /* CREATE TABLE [IF NOT EXISTS] name (col INTEGER PRIMARY KEY */
    size_t n = words_at(p, "CREATE TABLE ");
    if (n) {
        const char *q = p + n;
        size_t m = words_at(q, "IF NOT EXISTS ");
        q += m;
        size_t t = 0;
        while (q + t < end && word_char(q[t]) && t + 1 < sizeof table)
            t++;
        memcpy(table, q, t);
        table[t] = '\0';
        q += t;
        while (q < end && (isspace((unsigned char)*q) || *q == '('))
            q++;
        size_t c = 0;
        while (q + c < end && word_char(q[c]) && c + 1 < sizeof rowid)
            c++;
        memcpy(rowid, q, c);
        rowid[c] = '\0';
        if (!words_at(q + c, " INTEGER PRIMARY KEY"))
            rowid[0] = '\0';
    }
    for (const char *q = p; q < end && rc == 0;) {
        if (*q == '\'' || *q == '"') {
            const char *s = q++;
            while (q < end && *q != *s)
                q++;
            q += q < end;
            rc = put(b, s, (size_t)(q - s));
        } else if ((n = words_at(q, "INSERT OR IGNORE INTO"))) {
            rc = gisac_buf_puts(b, "INSERT INTO");
            ignore = 1;
            q += n;
        } else if ((n = words_at(q, "WITHOUT ROWID"))) {
            q += n;
        } else if ((n = words_at(q, "INTEGER"))) {
            rc = gisac_buf_puts(b, "BIGINT");
            q += n;
        } else if (word_char(*q)) {
            const char *s = q;
            while (q < end && word_char(*q))
                q++;
            rc = put(b, s, (size_t)(q - s));
        } else {
            rc = put(b, q++, 1);
        }
    }
    if (ignore && rc == 0)
        rc = gisac_buf_puts(b, " ON CONFLICT DO NOTHING");
    if (rc == 0)
        rc = gisac_buf_puts(b, ";\n");
    if (rowid[0] && table[0] && rc == 0) {
        char trig[512];
        snprintf(trig, sizeof trig,
                 "CREATE TRIGGER %s_rowid BEFORE INSERT ON %s FOR EACH ROW"
                 " EXECUTE FUNCTION gisac_rowid('%s');\n",
                 table, table, rowid);
        rc = gisac_buf_puts(b, trig);
    }
    return rc;
}

/*
 * SQLite's triggers (CREATE TRIGGER ... BEGIN ...; END) do not translate
 * word by word: each has its PostgreSQL form here, a PL/pgSQL function and
 * its trigger, doing the same. A migration with a trigger not listed fails
 * (cli/test_pg says which).
 */
static const struct {
    const char *name, *sql;
} pg_triggers[] = {
    /* the TLP levels an indicator left (a MISP feed marks it deleted there) */
    {"indicator_tlp_moved",
     "CREATE FUNCTION indicator_tlp_moved() RETURNS trigger LANGUAGE plpgsql AS $f$"
     " BEGIN"
     "  INSERT INTO indicator_tlp_past (indicator_id, tlp, until)"
     "   VALUES (OLD.id, OLD.tlp, GREATEST(NEW.modified, OLD.modified + 1))"
     "   ON CONFLICT (indicator_id, tlp) DO UPDATE SET until = excluded.until;"
     "  DELETE FROM indicator_tlp_past WHERE indicator_id = NEW.id AND tlp = NEW.tlp;"
     "  RETURN NULL;"
     " END $f$;"
     "CREATE TRIGGER indicator_tlp_moved AFTER UPDATE OF tlp ON indicator FOR EACH ROW"
     " WHEN (OLD.tlp <> NEW.tlp) EXECUTE FUNCTION indicator_tlp_moved();\n"},
    /* an agency's grades over time (the obligations' schedules) */
    {"agency_grade_add",
     "CREATE FUNCTION agency_grade_add() RETURNS trigger LANGUAGE plpgsql AS $f$"
     " BEGIN"
     "  INSERT INTO agency_grade (agency, grade, since) VALUES (NEW.id, NEW.grade, NEW.created);"
     "  RETURN NULL;"
     " END $f$;"
     "CREATE TRIGGER agency_grade_add AFTER INSERT ON agency FOR EACH ROW"
     " EXECUTE FUNCTION agency_grade_add();\n"},
    {"agency_grade_change",
     "CREATE FUNCTION agency_grade_change() RETURNS trigger LANGUAGE plpgsql AS $f$"
     " BEGIN"
     "  INSERT INTO agency_grade (agency, grade, since) VALUES (NEW.id, NEW.grade, NEW.modified);"
     "  RETURN NULL;"
     " END $f$;"
     "CREATE TRIGGER agency_grade_change AFTER UPDATE OF grade ON agency FOR EACH ROW"
     " WHEN (OLD.grade IS DISTINCT FROM NEW.grade) EXECUTE FUNCTION agency_grade_change();\n"},
};

/*
 * A SQLite trigger at q (its statement starts "CREATE TRIGGER name"): its
 * PostgreSQL form into b, *end past its "END"; -1 when it has none.
 */
static int translate_trigger(gisac_buf *b, const char *q, const char **end)
{
    size_t n = words_at(q, "CREATE TRIGGER ");
    const char *name = q + n;
    size_t nl = 0;
    while (word_char(name[nl]))
        nl++;
    /* the body ends at the first "END" that ends a statement */
    const char *p = name + nl;
    for (; *p; p++) {
        if (*p == '\'' || *p == '"') {
            char quote = *p++;
            while (*p && *p != quote)
                p++;
            if (!*p)
                break;
        } else if (!word_char(p[-1]) && words_at(p, "END")) {
            const char *e = p + 3;
            while (isspace((unsigned char)*e))
                e++;
            if (*e == ';' || *e == '\0') {
                p = e;
                break;
            }
        }
    }
    for (size_t i = 0; i < sizeof pg_triggers / sizeof pg_triggers[0]; i++)
        if (strlen(pg_triggers[i].name) == nl && strncmp(pg_triggers[i].name, name, nl) == 0) {
            *end = p;
            return gisac_buf_puts(b, pg_triggers[i].sql);
        }
    return -1;
}

/* The SQLite migration sql in PostgreSQL's SQL, into b (NUL-terminated). */
static int translate(gisac_buf *b, const char *sql)
{
    int rc = 0;
    const char *start = sql, *q = sql;
    while (*q && rc == 0) {
        const char *s = start;
        while (isspace((unsigned char)*s))
            s++;
        if (q == s && words_at(q, "CREATE TRIGGER ")) {
            const char *e = NULL;
            if (translate_trigger(b, q, &e) < 0)
                return GISAC_EUNSUPPORTED;
            q = e;
            if (*q == ';')
                q++;
            start = q;
            continue;
        }
        if (*q == '\'' || *q == '"') {
            char quote = *q++;
            while (*q && *q != quote)
                q++;
            if (*q)
                q++;
        } else if (*q == ';') {
            rc = translate_stmt(b, start, (size_t)(q - start));
            start = ++q;
        } else {
            q++;
        }
    }
    if (rc == 0)
        rc = translate_stmt(b, start, (size_t)(q - start));
    if (rc == 0)
        rc = gisac_buf_putc(b, '\0');
    return rc;
}

/* ---- migrating ------------------------------------------------------------------ */

static int version_of(store *s, int *v, gisac_err *err)
{
    int64_t n = 0;
    int rc = store_value(s, STC_NONE, "SELECT version FROM gisac_schema", &n, err, "schema version",
                         NULL);
    *v = (int)n;
    return rc == GISAC_ENOTFOUND ? 0 : rc;
}

static int has_schema(store *s, int *yes, gisac_err *err)
{
    int64_t n = 0;
    int rc =
        store_value(s, STC_NONE,
                    "SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE tablename = 'gisac_schema'"
                    " AND schemaname = current_schema()",
                    &n, err, "schema version", NULL);
    *yes = n > 0;
    return rc;
}

/* Migration v in PostgreSQL's words, and the version after it (a store_migrate_fn). */
static int migrate_step(store *s, int v, gisac_err *err)
{
    gisac_buf b = GISAC_BUF_INIT;
    int trc = translate(&b, store_sqlite_migration((size_t)v));
    if (trc < 0) {
        gisac_buf_free(&b);
        if (trc == GISAC_EUNSUPPORTED)
            return gisac_err_set(err, GISAC_ESTORE,
                                 "migration %d: a trigger without its PostgreSQL form", v + 1);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    int rc = store_exec(s, b.data, err);
    gisac_buf_free(&b);
    if (rc < 0) {
        char m[GISAC_ERR_MSG];
        snprintf(m, sizeof m, "%s", err ? err->msg : "");
        return gisac_err_set(err, GISAC_ESTORE, "migration %d: %s", v + 1, m);
    }
    return store_write(s, STC_NONE, "UPDATE gisac_schema SET version = ?1", err, "schema version",
                       "i", v + 1);
}

static int migrate(store *s, gisac_err *err)
{
    int v = 0, yes = 0;
    size_t count = store_sqlite_migration_count();
    if (has_schema(s, &yes, err) < 0)
        return GISAC_ESTORE;
    if (yes && version_of(s, &v, err) < 0)
        return GISAC_ESTORE;
    if (yes && v == (int)count)
        return 0;
    if (store_exec(s, "BEGIN; SELECT pg_advisory_xact_lock(" PG_MIGRATE_LOCK ")", err) < 0)
        return GISAC_ESTORE;
    /* again, under the lock */
    int rc = store_exec(s, compat_sql, err);
    if (rc == 0)
        rc = version_of(s, &v, err);
    return store_migrate_steps(s, rc, v, count, migrate_step, err);
}

/* ---- setup ----------------------------------------------------------------------- */

int store_pg_setup(store *s, const char *uri, gisac_err *err)
{
    (void)uri;
    /* the session: UTC (times are numbers, but the server's own functions
     * read them so), no notices, text sorted as SQLite sorts it when the
     * database was made with another collation is the operator's choice
     * (docs/postgresql.md: create it with LC_COLLATE C); the statements
     * kept prepared planned once, not at every run (their values are bound:
     * a plan for one would be no better for the next) */
    if (store_exec(s,
                   "SET client_min_messages = warning; SET TIME ZONE 'UTC';"
                   " SET plan_cache_mode = force_generic_plan",
                   err) < 0)
        return GISAC_ESTORE;
    return migrate(s, err);
}

int store_pg_schema_version(store *s, int *version, gisac_err *err)
{
    return version_of(s, version, err);
}
