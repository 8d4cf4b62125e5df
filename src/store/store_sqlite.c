/*
 * store_sqlite.c: the embedded SQLite backend of store.h.
 *
 * One file in WAL mode with synchronous=FULL, so that a committed import
 * survives a power cut. Statements used on hot paths are prepared once and
 * kept in the handle: the import's at open (st[]), those of every request
 * (authentication, search, pages) on first use (stc[], store_stmt). Values
 * are always bound, never pasted into SQL.
 */
#include "store/store.h"
#include "store/store_internal.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
    ST_FIND,
    ST_INSERT,
    ST_UPDATE,
    ST_SRC_TOUCH,
    ST_SRC_NEW,
    ST_SRC_GET,
    ST_SRC_ADD,
    ST_INSERT_ID,    /* one row, id given */
    ST_INSERT_MANY,  /* BATCH rows, ids given */
    ST_SRC_NEW_MANY, /* BATCH source rows */
    ST_COUNT
};

/* Rows per multi-row INSERT: 32 x 21 parameters stays far below SQLite's limit. */
#define BATCH 32

#define IND_COLS                                                                                   \
    "type, value, stix_id, name, description, labels, created_by, confidence, tlp, matchable,"     \
    " revoked, allowlisted, first_seen, last_seen, valid_from, valid_until, created, modified,"    \
    " range_lo, range_hi"

struct store {
    sqlite3 *db;
    sqlite3_stmt *st[ST_COUNT];
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

/* ---- migrations -------------------------------------------------------- */

/*
 * Each entry moves the schema from version i to i+1. Never edit a released
 * entry; append a new one.
 */
static const char *const migrations[] = {
    /* 1: the intelligence store */
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE source ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  created INTEGER NOT NULL);"
    "CREATE TABLE indicator ("
    "  id INTEGER PRIMARY KEY,"
    "  type TEXT NOT NULL,"
    "  value TEXT NOT NULL,"
    "  stix_id TEXT,"
    "  name TEXT,"
    "  description TEXT,"
    "  labels TEXT,"
    "  created_by TEXT,"
    "  confidence INTEGER,"
    "  tlp INTEGER NOT NULL,"
    "  matchable INTEGER NOT NULL DEFAULT 1,"
    "  revoked INTEGER NOT NULL DEFAULT 0,"
    "  allowlisted INTEGER NOT NULL DEFAULT 0,"
    "  first_seen INTEGER,"
    "  last_seen INTEGER,"
    "  valid_from INTEGER,"
    "  valid_until INTEGER,"
    "  range_lo TEXT,"
    "  range_hi TEXT,"
    "  created INTEGER NOT NULL,"
    "  modified INTEGER NOT NULL,"
    "  UNIQUE (type, value));"
    "CREATE INDEX indicator_range ON indicator (range_lo) WHERE range_lo IS NOT NULL;"
    "CREATE INDEX indicator_stix_id ON indicator (stix_id) WHERE stix_id IS NOT NULL;"
    "CREATE TABLE indicator_source ("
    "  indicator_id INTEGER NOT NULL REFERENCES indicator (id),"
    "  source_id INTEGER NOT NULL REFERENCES source (id),"
    "  first_seen INTEGER,"
    "  last_seen INTEGER,"
    "  PRIMARY KEY (indicator_id, source_id)) WITHOUT ROWID;"
    "CREATE INDEX indicator_source_by_source ON indicator_source (source_id);"
    "CREATE TABLE allowlist ("
    "  id INTEGER PRIMARY KEY,"
    "  type TEXT NOT NULL,"
    "  value TEXT NOT NULL,"
    "  range_lo TEXT,"
    "  range_hi TEXT,"
    "  comment TEXT,"
    "  builtin INTEGER NOT NULL DEFAULT 0,"
    "  created INTEGER NOT NULL,"
    "  UNIQUE (type, value));",
    /* 2: sightings from the matching engine */
    "CREATE TABLE sighting ("
    "  indicator_id INTEGER NOT NULL REFERENCES indicator (id),"
    "  agency TEXT NOT NULL,"
    "  first_seen INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL,"
    "  count INTEGER NOT NULL,"
    "  PRIMARY KEY (indicator_id, agency));",
    /* 3: agencies, accounts and API tokens */
    "CREATE TABLE agency ("
    "  id TEXT PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  sector TEXT,"
    "  grade TEXT NOT NULL,"
    "  parent TEXT REFERENCES agency (id),"
    "  created INTEGER NOT NULL,"
    "  modified INTEGER NOT NULL);"
    "CREATE TABLE account ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  role TEXT NOT NULL,"
    "  agency TEXT REFERENCES agency (id),"
    "  password_hash TEXT,"
    "  failed_logins INTEGER NOT NULL DEFAULT 0,"
    "  locked_until INTEGER,"
    "  disabled INTEGER NOT NULL DEFAULT 0,"
    "  created INTEGER NOT NULL,"
    "  modified INTEGER NOT NULL);"
    "CREATE TABLE token ("
    "  id TEXT PRIMARY KEY,"
    "  account_id INTEGER NOT NULL REFERENCES account (id),"
    "  name TEXT,"
    "  hash TEXT NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  expires INTEGER,"
    "  last_used INTEGER,"
    "  revoked INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX token_by_account ON token (account_id);",
    /* 4: TAXII pages walk indicators by (date added, id) */
    "CREATE INDEX indicator_by_created ON indicator (created, id);",
    /* 5: the audit chain, TAXII add-object status, TLP recipients */
    "CREATE TABLE audit_log ("
    "  seq INTEGER PRIMARY KEY,"
    "  ts INTEGER NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  object TEXT,"
    "  detail TEXT,"
    "  prev_hash TEXT NOT NULL,"
    "  hash TEXT NOT NULL);"
    "CREATE TABLE taxii_status ("
    "  id TEXT PRIMARY KEY,"
    "  account_id INTEGER NOT NULL REFERENCES account (id),"
    "  agency TEXT,"
    "  collection TEXT NOT NULL,"
    "  status TEXT NOT NULL,"
    "  request_timestamp INTEGER NOT NULL,"
    "  total_count INTEGER NOT NULL,"
    "  success_count INTEGER NOT NULL,"
    "  failure_count INTEGER NOT NULL,"
    "  pending_count INTEGER NOT NULL,"
    "  details TEXT NOT NULL);"
    "CREATE TABLE indicator_recipient ("
    "  indicator_id INTEGER NOT NULL REFERENCES indicator (id),"
    "  agency TEXT NOT NULL,"
    "  PRIMARY KEY (indicator_id, agency)) WITHOUT ROWID;"
    "CREATE INDEX indicator_recipient_by_agency ON indicator_recipient (agency);",
    /* 6: notifications: subscriptions, the outbox, the delivery log */
    "CREATE TABLE notify_sub ("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL,"
    "  target TEXT NOT NULL,"
    "  secret TEXT,"
    "  agency TEXT REFERENCES agency (id),"
    "  created INTEGER NOT NULL,"
    "  removed INTEGER);"
    "CREATE TABLE notify_sub_event ("
    "  sub_id INTEGER NOT NULL REFERENCES notify_sub (id),"
    "  event TEXT NOT NULL,"
    "  PRIMARY KEY (sub_id, event)) WITHOUT ROWID;"
    "CREATE TABLE notify_outbox ("
    "  id INTEGER PRIMARY KEY,"
    "  sub_id INTEGER NOT NULL REFERENCES notify_sub (id),"
    "  event TEXT NOT NULL,"
    "  agency TEXT,"
    "  subject TEXT NOT NULL,"
    "  payload TEXT NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  status TEXT NOT NULL,"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  next_at INTEGER NOT NULL,"
    "  done_at INTEGER);"
    "CREATE INDEX notify_outbox_due ON notify_outbox (status, next_at);"
    "CREATE INDEX notify_outbox_by_sub ON notify_outbox (sub_id);"
    "CREATE TABLE notify_attempt ("
    "  id INTEGER PRIMARY KEY,"
    "  delivery_id INTEGER NOT NULL REFERENCES notify_outbox (id),"
    "  attempt INTEGER NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  ok INTEGER NOT NULL,"
    "  code INTEGER,"
    "  error TEXT);"
    "CREATE INDEX notify_attempt_by_delivery ON notify_attempt (delivery_id);",
    /* 7: incidents (levels, deadlines, breaches, events for the notifier,
     * links for automatic reports), versioned policies, evidence with its
     * chain of custody (src/store/store_incident.c, store_evidence.c) */
    "CREATE TABLE policy ("
    "  version INTEGER PRIMARY KEY,"
    "  body TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL,"
    "  source TEXT,"
    "  actor TEXT NOT NULL,"
    "  created INTEGER NOT NULL);"
    "CREATE TABLE incident ("
    "  id INTEGER PRIMARY KEY,"
    "  ref TEXT NOT NULL UNIQUE,"
    "  year INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  agency TEXT NOT NULL REFERENCES agency (id),"
    "  title TEXT NOT NULL,"
    "  description TEXT,"
    "  category TEXT NOT NULL,"
    "  asset TEXT NOT NULL,"
    "  confidentiality TEXT NOT NULL,"
    "  integrity TEXT NOT NULL,"
    "  availability TEXT NOT NULL,"
    "  level INTEGER NOT NULL,"
    "  level_computed INTEGER NOT NULL,"
    "  level_override INTEGER,"
    "  override_reason TEXT,"
    "  policy_version INTEGER NOT NULL REFERENCES policy (version),"
    "  status TEXT NOT NULL,"
    "  occurred_at INTEGER,"
    "  aware_at INTEGER NOT NULL,"
    "  reported_at INTEGER,"
    "  last_report_at INTEGER,"
    "  report_clock INTEGER NOT NULL,"
    "  report_restarted INTEGER NOT NULL DEFAULT 0,"
    "  report_pending INTEGER NOT NULL DEFAULT 0,"
    "  review_clock INTEGER,"
    "  reviewed_at INTEGER,"
    "  recovered_at INTEGER,"
    "  investigated_at INTEGER,"
    "  closed_at INTEGER,"
    "  close_reason TEXT,"
    "  origin TEXT,"
    "  created_by TEXT NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  modified INTEGER NOT NULL,"
    "  UNIQUE (year, seq));"
    "CREATE INDEX incident_by_agency ON incident (agency, status);"
    "CREATE INDEX incident_by_status ON incident (status);"
    "CREATE INDEX incident_by_origin ON incident (origin) WHERE origin IS NOT NULL;"
    "CREATE TABLE incident_breach ("
    "  incident_id INTEGER NOT NULL REFERENCES incident (id),"
    "  kind TEXT NOT NULL,"
    "  due INTEGER NOT NULL,"
    "  recorded INTEGER NOT NULL,"
    "  PRIMARY KEY (incident_id, kind, due));"
    "CREATE TABLE incident_event ("
    "  seq INTEGER PRIMARY KEY,"
    "  ts INTEGER NOT NULL,"
    "  incident_id INTEGER NOT NULL REFERENCES incident (id),"
    "  agency TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  detail TEXT,"
    "  dedup TEXT UNIQUE);"
    "CREATE TABLE incident_link ("
    "  incident_id INTEGER NOT NULL REFERENCES incident (id),"
    "  kind TEXT NOT NULL,"
    "  target TEXT NOT NULL,"
    "  added INTEGER NOT NULL,"
    "  PRIMARY KEY (incident_id, kind, target));"
    "CREATE INDEX incident_link_by_target ON incident_link (kind, target);"
    "CREATE TABLE evidence ("
    "  id INTEGER PRIMARY KEY,"
    "  incident_id INTEGER NOT NULL REFERENCES incident (id),"
    "  n INTEGER NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL,"
    "  size INTEGER NOT NULL,"
    "  name TEXT,"
    "  note TEXT,"
    "  acquired_by TEXT NOT NULL,"
    "  acquired_at INTEGER NOT NULL,"
    "  custodian TEXT NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  UNIQUE (incident_id, n));"
    "CREATE TABLE evidence_custody ("
    "  seq INTEGER PRIMARY KEY,"
    "  evidence_id INTEGER NOT NULL REFERENCES evidence (id),"
    "  ts INTEGER NOT NULL,"
    "  from_party TEXT,"
    "  to_party TEXT NOT NULL,"
    "  reason TEXT NOT NULL,"
    "  actor TEXT NOT NULL);"
    "CREATE INDEX evidence_custody_by_evidence ON evidence_custody (evidence_id, seq);",
    /* 8: advisories with their revisions, cited indicators, CVEs and TLP
     * recipients; the STIX vulnerability object of every CVE cited
     * (src/store/store_advisory.c) */
    "CREATE TABLE advisory ("
    "  id INTEGER PRIMARY KEY,"
    "  ref TEXT NOT NULL UNIQUE,"
    "  stix_id TEXT NOT NULL UNIQUE,"
    "  year INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  revision INTEGER NOT NULL,"
    "  published INTEGER NOT NULL,"
    "  UNIQUE (year, seq));"
    "CREATE INDEX advisory_by_published ON advisory (published);"
    "CREATE TABLE advisory_revision ("
    "  id INTEGER PRIMARY KEY,"
    "  advisory_id INTEGER NOT NULL REFERENCES advisory (id),"
    "  revision INTEGER NOT NULL,"
    "  title TEXT NOT NULL,"
    "  severity TEXT NOT NULL,"
    "  tlp INTEGER NOT NULL,"
    "  body TEXT NOT NULL,"
    "  lang TEXT NOT NULL,"
    "  author TEXT NOT NULL,"
    "  published INTEGER NOT NULL,"
    "  UNIQUE (advisory_id, revision));"
    "CREATE INDEX advisory_revision_by_published ON advisory_revision (published, id);"
    "CREATE TABLE advisory_indicator ("
    "  revision_id INTEGER NOT NULL REFERENCES advisory_revision (id),"
    "  pos INTEGER NOT NULL,"
    "  indicator_id INTEGER NOT NULL REFERENCES indicator (id),"
    "  PRIMARY KEY (revision_id, pos)) WITHOUT ROWID;"
    "CREATE INDEX advisory_indicator_by_indicator ON advisory_indicator (indicator_id);"
    "CREATE TABLE advisory_vuln ("
    "  cve TEXT PRIMARY KEY,"
    "  stix_id TEXT NOT NULL UNIQUE,"
    "  created INTEGER NOT NULL);"
    "CREATE TABLE advisory_cve ("
    "  revision_id INTEGER NOT NULL REFERENCES advisory_revision (id),"
    "  pos INTEGER NOT NULL,"
    "  cve TEXT NOT NULL REFERENCES advisory_vuln (cve),"
    "  PRIMARY KEY (revision_id, pos)) WITHOUT ROWID;"
    "CREATE INDEX advisory_cve_by_cve ON advisory_cve (cve);"
    "CREATE TABLE advisory_recipient ("
    "  revision_id INTEGER NOT NULL REFERENCES advisory_revision (id),"
    "  agency TEXT NOT NULL REFERENCES agency (id),"
    "  PRIMARY KEY (revision_id, agency)) WITHOUT ROWID;"
    "CREATE INDEX advisory_recipient_by_agency ON advisory_recipient (agency);",
    /* 9: automatic reports: the sightings each incident was opened or
     * updated from, summed per (indicator, agency)
     * (src/store/store_autoreport.c) */
    "CREATE TABLE incident_sighting ("
    "  incident_id INTEGER NOT NULL REFERENCES incident (id),"
    "  indicator_id INTEGER NOT NULL REFERENCES indicator (id),"
    "  agency TEXT NOT NULL,"
    "  first_seen INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL,"
    "  count INTEGER NOT NULL,"
    "  batches INTEGER NOT NULL,"
    "  PRIMARY KEY (incident_id, indicator_id, agency)) WITHOUT ROWID;",
    /* 10: sightings per hour (UTC, by the hour of each batch's last_seen),
     * for the alert light's 24-hour window and the KPI's daily counts
     * (src/store/store_report.c) */
    "CREATE TABLE sighting_hour ("
    "  hour INTEGER NOT NULL,"
    "  agency TEXT NOT NULL,"
    "  indicator_id INTEGER NOT NULL REFERENCES indicator (id),"
    "  count INTEGER NOT NULL,"
    "  PRIMARY KEY (hour, agency, indicator_id)) WITHOUT ROWID;"
    /* sightings recorded before: each in the hour of its last_seen */
    "INSERT INTO sighting_hour (hour, agency, indicator_id, count)"
    "  SELECT last_seen - last_seen % 3600, agency, indicator_id, count FROM sighting"
    "  WHERE last_seen >= 0;",
    /* 11: one incident's events without reading everyone's */
    "CREATE INDEX incident_event_by_incident ON incident_event (incident_id, seq);",
};

#define NMIGRATIONS (sizeof migrations / sizeof migrations[0])

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

static int exec(store *s, const char *sql, gisac_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        gisac_err_set(err, GISAC_ESTORE, "database: %s", msg ? msg : "error");
        sqlite3_free(msg);
        return GISAC_ESTORE;
    }
    return 0;
}

static int user_version(store *s, int *v, gisac_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return store_db_err(s, err, "schema version");
    int rc = sqlite3_step(st);
    *v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : store_db_err(s, err, "schema version");
}

static int migrate(store *s, gisac_err *err)
{
    int v;
    /* the common case, an up-to-date schema, takes no write lock: readers
     * open while an import runs, and on files they may not write */
    if (user_version(s, &v, err) < 0)
        return GISAC_ESTORE;
    if (v == (int)NMIGRATIONS)
        return 0;
    if (exec(s, "BEGIN IMMEDIATE", err) < 0)
        return GISAC_ESTORE;
    if (user_version(s, &v, err) < 0) /* again, under the lock */
        goto fail;
    if (v > (int)NMIGRATIONS) {
        gisac_err_set(err, GISAC_ESTORE,
                      "database schema version %d is newer than this gisac (%d); upgrade gisac", v,
                      (int)NMIGRATIONS);
        goto fail;
    }
    for (; v < (int)NMIGRATIONS; v++) {
        if (exec(s, migrations[v], err) < 0)
            goto fail;
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
        if (exec(s, sql, err) < 0)
            goto fail;
    }
    return exec(s, "COMMIT", err);
fail:
    exec(s, "ROLLBACK", NULL);
    return GISAC_ESTORE;
}

/* ---- open/close -------------------------------------------------------- */

static const char *const stmt_sql[ST_COUNT] = {
    [ST_FIND] = "SELECT id, stix_id, name, description, labels, created_by, confidence, tlp,"
                " matchable, revoked, allowlisted, first_seen, last_seen, valid_from,"
                " valid_until, created, modified, range_lo, range_hi"
                " FROM indicator WHERE type = ?1 AND value = ?2",
    [ST_INSERT] = "INSERT INTO indicator (type, value, stix_id, name, description, labels,"
                  " created_by, confidence, tlp, matchable, revoked, allowlisted, first_seen,"
                  " last_seen, valid_from, valid_until, created, modified, range_lo, range_hi)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                  " ?16, ?17, ?18, ?19, ?20)",
    [ST_UPDATE] = "UPDATE indicator SET type = ?1, value = ?2, stix_id = ?3, name = ?4,"
                  " description = ?5, labels = ?6, created_by = ?7, confidence = ?8, tlp = ?9,"
                  " matchable = ?10, revoked = ?11, allowlisted = ?12, first_seen = ?13,"
                  " last_seen = ?14, valid_from = ?15, valid_until = ?16, created = ?17,"
                  " modified = ?18, range_lo = ?19, range_hi = ?20 WHERE id = ?21",
    [ST_SRC_TOUCH] = "INSERT INTO indicator_source (indicator_id, source_id, first_seen, last_seen)"
                     " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (indicator_id, source_id) DO UPDATE SET"
                     " first_seen = CASE WHEN excluded.first_seen IS NOT NULL AND"
                     "   (indicator_source.first_seen IS NULL OR excluded.first_seen <"
                     "   indicator_source.first_seen) THEN excluded.first_seen ELSE"
                     "   indicator_source.first_seen END,"
                     " last_seen = CASE WHEN excluded.last_seen IS NOT NULL AND"
                     "   (indicator_source.last_seen IS NULL OR excluded.last_seen >"
                     "   indicator_source.last_seen) THEN excluded.last_seen ELSE"
                     "   indicator_source.last_seen END",
    [ST_SRC_NEW] = "INSERT INTO indicator_source (indicator_id, source_id, first_seen, last_seen)"
                   " VALUES (?1, ?2, ?3, ?4)",
    [ST_INSERT_ID] =
        "INSERT INTO indicator (" IND_COLS ", id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [ST_SRC_GET] = "SELECT id FROM source WHERE name = ?1",
    [ST_SRC_ADD] = "INSERT INTO source (name, created) VALUES (?1, ?2) RETURNING id",
};

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

int store_open(const char *path, store **out, gisac_err *err)
{
    pthread_once(&sqlite_once, sqlite_setup);
    store *s = calloc(1, sizeof *s);
    if (!s)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    /* one handle per thread: SQLite's own mutexes are not needed */
    if (sqlite3_open_v2(path, &s->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        gisac_err_set(err, GISAC_ESTORE, "%s: %s", path,
                      s->db ? sqlite3_errmsg(s->db) : "cannot open database");
        sqlite3_close(s->db);
        free(s);
        return GISAC_ESTORE;
    }
    sqlite3_busy_timeout(s->db, 10000);
    sqlite3_extended_result_codes(s->db, 1);
    /*
     * Switching a new file to WAL and migrating it may meet another process
     * doing the same; SQLite answers some of those lock conflicts with BUSY
     * at once, without its busy handler. Retry for up to 10 s.
     */
    int rc;
    for (int tries = 0;; tries++) {
        rc = exec(s,
                  "PRAGMA journal_mode = WAL;"
                  "PRAGMA synchronous = FULL;"
                  "PRAGMA foreign_keys = ON;"
                  "PRAGMA cache_size = -131072;"
                  "PRAGMA temp_store = MEMORY;",
                  err);
        if (rc == 0)
            rc = migrate(s, err);
        int code = sqlite3_errcode(s->db) & 0xff;
        if (rc == 0 || (code != SQLITE_BUSY && code != SQLITE_LOCKED) || tries >= 200)
            break;
        struct timespec ts = {0, 50 * 1000000L};
        nanosleep(&ts, NULL);
    }
    for (int i = 0; rc == 0 && i < ST_COUNT; i++) {
        char many[4096];
        const char *sql = stmt_sql[i];
        if (i == ST_INSERT_MANY || i == ST_SRC_NEW_MANY) {
            int n = i == ST_INSERT_MANY ? 21 : 4;
            size_t o =
                (size_t)snprintf(many, sizeof many, "%s VALUES ",
                                 i == ST_INSERT_MANY ? "INSERT INTO indicator (" IND_COLS ", id)"
                                                     : "INSERT INTO indicator_source (indicator_id,"
                                                       " source_id, first_seen, last_seen)");
            for (int r = 0; r < BATCH; r++) {
                o += (size_t)snprintf(many + o, sizeof many - o, r ? ",(" : "(");
                for (int k = 0; k < n; k++)
                    o += (size_t)snprintf(many + o, sizeof many - o, k ? ",?" : "?");
                o += (size_t)snprintf(many + o, sizeof many - o, ")");
            }
            sql = many;
        }
        if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL) !=
            SQLITE_OK)
            rc = store_db_err(s, err, "prepare");
    }
    if (rc < 0) {
        if (strstr(err ? err->msg : "", path) == NULL && err) {
            char m[GISAC_ERR_MSG];
            snprintf(m, sizeof m, "%s", err->msg);
            gisac_err_set(err, rc, "%s: %s", path, m);
        }
        store_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

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

void store_close(store *s)
{
    if (!s)
        return;
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(s->st[i]);
    for (int i = 0; i < STC_COUNT; i++)
        sqlite3_finalize(s->stc[i]);
    sqlite3_close(s->db);
    free(s);
}

int store_schema_version(store *s, int *version, gisac_err *err)
{
    return user_version(s, version, err);
}

int store_begin(store *s, gisac_err *err)
{
    if (exec(s, "BEGIN IMMEDIATE", err) < 0)
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
        exec(s, SHARE_BUMP, NULL); /* best effort: the write itself is in autocommit */
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
    if (s->share_dirty && exec(s, SHARE_BUMP, err) < 0) {
        store_rollback(s);
        return GISAC_ESTORE;
    }
    s->share_dirty = 0;
    if (exec(s, "COMMIT", err) < 0) {
        store_rollback(s);
        return GISAC_ESTORE;
    }
    s->in_tx = 0;
    return 0;
}

void store_rollback(store *s)
{
    if (s->in_tx)
        exec(s, "ROLLBACK", NULL);
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
        exec(s, "ROLLBACK", NULL);
}

/* ---- helpers ----------------------------------------------------------- */

static char *col_dup(sqlite3_stmt *st, int i, gisac_arena *a)
{
    const char *t = store_col_text(st, i);
    if (!t)
        return NULL;
    return gisac_arena_strndup(a, t, (size_t)sqlite3_column_bytes(st, i));
}

static int step_done(store *s, sqlite3_stmt *st, gisac_err *err, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return store_db_err(s, err, what);
    return 0;
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

/* ---- sources ----------------------------------------------------------- */

int store_source_id(store *s, const char *name, int64_t now, int64_t *id, gisac_err *err)
{
    sqlite3_stmt *st = s->st[ST_SRC_GET];
    store_bind_text(st, 1, name);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        return 0;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return store_db_err(s, err, "source");
    store_share_touch(s);
    st = s->st[ST_SRC_ADD];
    store_bind_text(st, 1, name);
    sqlite3_bind_int64(st, 2, now);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : store_db_err(s, err, "source");
}

/* ---- indicators -------------------------------------------------------- */

/* Bind the 20 columns of IND_COLS at parameters o+1 .. o+20. */
static void bind_indicator_at(sqlite3_stmt *st, int o, const store_indicator *in)
{
    store_bind_text(st, o + 1, ioc_type_name(in->type));
    store_bind_text(st, o + 2, in->value);
    store_bind_text(st, o + 3, in->stix_id);
    store_bind_text(st, o + 4, in->name);
    store_bind_text(st, o + 5, in->description);
    store_bind_text(st, o + 6, in->labels_json);
    store_bind_text(st, o + 7, in->created_by);
    if (in->confidence >= 0)
        sqlite3_bind_int(st, o + 8, in->confidence);
    else
        sqlite3_bind_null(st, o + 8);
    sqlite3_bind_int(st, o + 9, in->tlp);
    sqlite3_bind_int(st, o + 10, in->matchable);
    sqlite3_bind_int(st, o + 11, in->revoked);
    sqlite3_bind_int(st, o + 12, in->allowlisted);
    store_bind_time(st, o + 13, in->first_seen);
    store_bind_time(st, o + 14, in->last_seen);
    store_bind_time(st, o + 15, in->valid_from);
    store_bind_time(st, o + 16, in->valid_until);
    sqlite3_bind_int64(st, o + 17, in->created);
    sqlite3_bind_int64(st, o + 18, in->modified);
    store_bind_text(st, o + 19, in->range_lo);
    store_bind_text(st, o + 20, in->range_hi);
}

static void bind_indicator(sqlite3_stmt *st, const store_indicator *in)
{
    bind_indicator_at(st, 0, in);
}

int store_indicator_empty(store *s, int *empty, gisac_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM indicator LIMIT 1", -1, &st, NULL) != SQLITE_OK)
        return store_db_err(s, err, "indicators");
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_db_err(s, err, "indicators");
    *empty = rc == SQLITE_DONE;
    return 0;
}

int store_indicator_find(store *s, ioc_type type, const char *value, store_indicator *out,
                         gisac_arena *a, gisac_err *err)
{
    sqlite3_stmt *st = s->st[ST_FIND];
    store_bind_text(st, 1, ioc_type_name(type));
    store_bind_text(st, 2, value);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        return rc == SQLITE_DONE ? GISAC_ENOTFOUND : store_db_err(s, err, "find indicator");
    }
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(st, 0);
    out->type = type;
    out->value = gisac_arena_strdup(a, value);
    out->stix_id = col_dup(st, 1, a);
    out->name = col_dup(st, 2, a);
    out->description = col_dup(st, 3, a);
    out->labels_json = col_dup(st, 4, a);
    out->created_by = col_dup(st, 5, a);
    out->confidence = sqlite3_column_type(st, 6) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 6);
    out->tlp = (gisac_tlp)sqlite3_column_int(st, 7);
    out->matchable = sqlite3_column_int(st, 8);
    out->revoked = sqlite3_column_int(st, 9);
    out->allowlisted = sqlite3_column_int(st, 10);
    out->first_seen = sqlite3_column_int64(st, 11);
    out->last_seen = sqlite3_column_int64(st, 12);
    out->valid_from = sqlite3_column_int64(st, 13);
    out->valid_until = sqlite3_column_int64(st, 14);
    out->created = sqlite3_column_int64(st, 15);
    out->modified = sqlite3_column_int64(st, 16);
    out->range_lo = col_dup(st, 17, a);
    out->range_hi = col_dup(st, 18, a);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (!out->value)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    return 0;
}

int store_indicator_insert(store *s, store_indicator *in, gisac_err *err)
{
    store_share_touch(s);
    /* no RETURNING: it costs a statement journal per row in SQLite */
    sqlite3_stmt *st = s->st[ST_INSERT];
    bind_indicator(st, in);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE)
        return store_db_err(s, err, "insert indicator");
    in->id = sqlite3_last_insert_rowid(s->db);
    return 0;
}

int store_indicator_next_id(store *s, int64_t *id, gisac_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT COALESCE(MAX(id), 0) + 1 FROM indicator", -1, &st,
                           NULL) != SQLITE_OK)
        return store_db_err(s, err, "next id");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : store_db_err(s, err, "next id");
}

int store_indicator_insert_many(store *s, const store_indicator *rows, size_t n, gisac_err *err)
{
    store_share_touch(s);
    int rc;
    for (; n >= BATCH; rows += BATCH, n -= BATCH) {
        sqlite3_stmt *st = s->st[ST_INSERT_MANY];
        for (int r = 0; r < BATCH; r++) {
            bind_indicator_at(st, r * 21, &rows[r]);
            sqlite3_bind_int64(st, r * 21 + 21, rows[r].id);
        }
        if ((rc = step_done(s, st, err, "insert indicators")) < 0)
            return rc;
    }
    for (size_t r = 0; r < n; r++) {
        sqlite3_stmt *st = s->st[ST_INSERT_ID];
        bind_indicator(st, &rows[r]);
        sqlite3_bind_int64(st, 21, rows[r].id);
        if ((rc = step_done(s, st, err, "insert indicator")) < 0)
            return rc;
    }
    return 0;
}

static void bind_source_row(sqlite3_stmt *st, int o, const store_source_row *r)
{
    sqlite3_bind_int64(st, o + 1, r->indicator_id);
    sqlite3_bind_int64(st, o + 2, r->source_id);
    store_bind_time(st, o + 3, r->first_seen);
    store_bind_time(st, o + 4, r->last_seen);
}

int store_indicator_source_add_many(store *s, const store_source_row *rows, size_t n,
                                    gisac_err *err)
{
    store_share_touch(s);
    int rc;
    for (; n >= BATCH; rows += BATCH, n -= BATCH) {
        sqlite3_stmt *st = s->st[ST_SRC_NEW_MANY];
        for (int r = 0; r < BATCH; r++)
            bind_source_row(st, r * 4, &rows[r]);
        if ((rc = step_done(s, st, err, "indicator sources")) < 0)
            return rc;
    }
    for (size_t r = 0; r < n; r++) {
        bind_source_row(s->st[ST_SRC_NEW], 0, &rows[r]);
        if ((rc = step_done(s, s->st[ST_SRC_NEW], err, "indicator source")) < 0)
            return rc;
    }
    return 0;
}

int store_indicator_update(store *s, const store_indicator *in, gisac_err *err)
{
    store_share_touch(s);
    sqlite3_stmt *st = s->st[ST_UPDATE];
    bind_indicator(st, in);
    sqlite3_bind_int64(st, 21, in->id);
    return step_done(s, st, err, "update indicator");
}

int store_indicator_source_touch(store *s, int64_t indicator_id, int64_t source_id,
                                 int64_t first_seen, int64_t last_seen, int fresh, gisac_err *err)
{
    store_share_touch(s);
    sqlite3_stmt *st = s->st[fresh ? ST_SRC_NEW : ST_SRC_TOUCH];
    sqlite3_bind_int64(st, 1, indicator_id);
    sqlite3_bind_int64(st, 2, source_id);
    store_bind_time(st, 3, first_seen);
    store_bind_time(st, 4, last_seen);
    return step_done(s, st, err, "indicator source");
}

int store_indicator_revoke(store *s, ioc_type type, const char *value, int64_t now, gisac_err *err)
{
    store_share_touch(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "UPDATE indicator SET revoked = 1, modified = ?3"
                           " WHERE type = ?1 AND value = ?2",
                           -1, &st, NULL) != SQLITE_OK)
        return store_db_err(s, err, "revoke");
    store_bind_text(st, 1, ioc_type_name(type));
    store_bind_text(st, 2, value);
    sqlite3_bind_int64(st, 3, now);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return store_db_err(s, err, "revoke");
    if (sqlite3_changes(s->db) == 0)
        return gisac_err_set(err, GISAC_ENOTFOUND, "%s: no such indicator", value);
    return 0;
}

int store_indicator_set_allowlisted(store *s, int64_t id, int allowlisted, int64_t now,
                                    gisac_err *err)
{
    store_share_touch(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "UPDATE indicator SET allowlisted = ?2, modified = ?3 WHERE id = ?1", -1,
                           &st, NULL) != SQLITE_OK)
        return store_db_err(s, err, "allowlist flag");
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, allowlisted);
    sqlite3_bind_int64(st, 3, now);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : store_db_err(s, err, "allowlist flag");
}

/* The condition for "active at ?now" shared by the queries below. */
#define ACTIVE_SQL                                                                                 \
    "i.revoked = 0 AND i.allowlisted = 0 AND i.matchable = 1 AND"                                  \
    " (i.valid_until IS NULL OR i.valid_until > ?1)"

int store_indicator_iter(store *s, const store_filter *f, store_indicator_cb cb, void *ctx,
                         gisac_err *err)
{
    /* One fixed statement; unused filters are bound to NULL and drop out. */
    static const char sql[] =
        "SELECT i.id, i.type, i.value, i.stix_id, i.name, i.description, i.labels,"
        " i.created_by, i.confidence, i.tlp, i.matchable, i.revoked, i.allowlisted,"
        " i.first_seen, i.last_seen, i.valid_from, i.valid_until, i.created, i.modified,"
        " i.range_lo, i.range_hi,"
        " (SELECT group_concat(name, char(10)) FROM (SELECT s.name AS name FROM"
        "   indicator_source x JOIN source s ON s.id = x.source_id"
        "   WHERE x.indicator_id = i.id ORDER BY s.name))"
        " FROM indicator i"
        " WHERE (?2 IS NULL OR i.type = ?2)"
        " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM indicator_source x JOIN source s"
        "   ON s.id = x.source_id WHERE x.indicator_id = i.id AND s.name = ?3))"
        " AND (?4 = 0 OR (" ACTIVE_SQL "))"
        " AND (?5 IS NULL OR i.tlp <= ?5 OR (?11 IS NOT NULL AND EXISTS (SELECT 1 FROM"
        "   indicator_recipient r WHERE r.indicator_id = i.id AND r.agency = ?11)))"
        " AND (?6 = 0 OR i.allowlisted = 1)"
        " AND (?7 IS NULL OR (i.range_lo IS NOT NULL AND i.range_lo <= ?8 AND i.range_hi >= ?7))"
        " AND (?9 IS NULL OR i.value = ?9)"
        " AND (?10 IS NULL OR i.value = ?10 OR i.value LIKE '%.' || ?10)"
        " ORDER BY CASE i.type WHEN 'ipv4' THEN 0 WHEN 'ipv6' THEN 1 WHEN 'cidr' THEN 2"
        " WHEN 'domain' THEN 3 WHEN 'url' THEN 4 WHEN 'md5' THEN 5 WHEN 'sha1' THEN 6"
        " WHEN 'sha256' THEN 7 ELSE 8 END, i.value";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return store_db_err(s, err, "list indicators");
    sqlite3_bind_int64(st, 1, f->now);
    store_bind_text(st, 2, f->type == IOC_AUTO ? NULL : ioc_type_name(f->type));
    store_bind_text(st, 3, f->source);
    sqlite3_bind_int(st, 4, f->active_only);
    if (f->max_tlp == TLP_UNSET)
        sqlite3_bind_null(st, 5);
    else
        sqlite3_bind_int(st, 5, f->max_tlp);
    sqlite3_bind_int(st, 6, f->allowlisted_only);
    store_bind_text(st, 7, f->range_lo);
    store_bind_text(st, 8, f->range_hi);
    store_bind_text(st, 9, f->value);
    store_bind_text(st, 10, f->domain_suffix);
    store_bind_text(st, 11, f->recipient);
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_indicator in;
        memset(&in, 0, sizeof in);
        in.id = sqlite3_column_int64(st, 0);
        if (ioc_type_from_name(store_col_text(st, 1), &in.type) < 0)
            continue; /* a type this build does not know */
        in.value = store_col_text(st, 2);
        in.stix_id = store_col_text(st, 3);
        in.name = store_col_text(st, 4);
        in.description = store_col_text(st, 5);
        in.labels_json = store_col_text(st, 6);
        in.created_by = store_col_text(st, 7);
        in.confidence = sqlite3_column_type(st, 8) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 8);
        in.tlp = (gisac_tlp)sqlite3_column_int(st, 9);
        in.matchable = sqlite3_column_int(st, 10);
        in.revoked = sqlite3_column_int(st, 11);
        in.allowlisted = sqlite3_column_int(st, 12);
        in.first_seen = sqlite3_column_int64(st, 13);
        in.last_seen = sqlite3_column_int64(st, 14);
        in.valid_from = sqlite3_column_int64(st, 15);
        in.valid_until = sqlite3_column_int64(st, 16);
        in.created = sqlite3_column_int64(st, 17);
        in.modified = sqlite3_column_int64(st, 18);
        in.range_lo = store_col_text(st, 19);
        in.range_hi = store_col_text(st, 20);
        in.sources = store_col_text(st, 21);
        stop = cb(ctx, &in);
    }
    if (!stop && rc != SQLITE_DONE) {
        rc = store_db_err(s, err, "list indicators");
        sqlite3_finalize(st);
        return rc;
    }
    sqlite3_finalize(st);
    return 0;
}

/* ---- covering cidrs ---------------------------------------------------- */

/* The columns of one indicator row as store_indicator_iter and the reads below select them. */
#define ROW_COLS                                                                                   \
    "i.id, i.type, i.value, i.stix_id, i.name, i.description, i.labels,"                           \
    " i.created_by, i.confidence, i.tlp, i.matchable, i.revoked, i.allowlisted,"                   \
    " i.first_seen, i.last_seen, i.valid_from, i.valid_until, i.created, i.modified,"              \
    " i.range_lo, i.range_hi"

/* Read ROW_COLS (and column 21, the sources, when there is one); -1 for an unknown type. */
static int read_row(sqlite3_stmt *st, store_indicator *in)
{
    memset(in, 0, sizeof *in);
    in->id = sqlite3_column_int64(st, 0);
    if (ioc_type_from_name(store_col_text(st, 1), &in->type) < 0)
        return -1;
    in->value = store_col_text(st, 2);
    in->stix_id = store_col_text(st, 3);
    in->name = store_col_text(st, 4);
    in->description = store_col_text(st, 5);
    in->labels_json = store_col_text(st, 6);
    in->created_by = store_col_text(st, 7);
    in->confidence = sqlite3_column_type(st, 8) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 8);
    in->tlp = (gisac_tlp)sqlite3_column_int(st, 9);
    in->matchable = sqlite3_column_int(st, 10);
    in->revoked = sqlite3_column_int(st, 11);
    in->allowlisted = sqlite3_column_int(st, 12);
    in->first_seen = sqlite3_column_int64(st, 13);
    in->last_seen = sqlite3_column_int64(st, 14);
    in->valid_from = sqlite3_column_int64(st, 15);
    in->valid_until = sqlite3_column_int64(st, 16);
    in->created = sqlite3_column_int64(st, 17);
    in->modified = sqlite3_column_int64(st, 18);
    in->range_lo = store_col_text(st, 19);
    in->range_hi = store_col_text(st, 20);
    if (sqlite3_column_count(st) > 21)
        in->sources = store_col_text(st, 21);
    return 0;
}

/* 32 hex digits into a 128-bit number (h: the high half). */
static int hex128_parse(const char *t, uint64_t *h, uint64_t *l)
{
    uint64_t v[2] = {0, 0};
    for (int i = 0; i < 32; i++) {
        int c = t ? t[i] : 0, d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        v[i / 16] = v[i / 16] << 4 | (uint64_t)d;
    }
    if (t[32] != '\0')
        return -1;
    *h = v[0];
    *l = v[1];
    return 0;
}

static void hex128_format(uint64_t h, uint64_t l, char out[33])
{
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)h, (unsigned long long)l);
}

/* The mask of the first len bits of 128 as (high, low) halves. */
static void mask128(int len, uint64_t *mh, uint64_t *ml)
{
    *mh = len <= 0 ? 0 : len >= 64 ? ~(uint64_t)0 : ~(~(uint64_t)0 >> len);
    *ml = len <= 64 ? 0 : len >= 128 ? ~(uint64_t)0 : ~(~(uint64_t)0 >> (len - 64));
}

/* The prefix length of the aligned block [lo, hi], or -1 when it is not one. */
static int block_len(const char *lo, const char *hi)
{
    uint64_t lh, ll, hh, hl;
    if (hex128_parse(lo, &lh, &ll) < 0 || hex128_parse(hi, &hh, &hl) < 0)
        return -1;
    for (int len = 0; len <= 128; len++) {
        uint64_t mh, ml;
        mask128(len, &mh, &ml);
        if ((lh & ~mh) == 0 && (ll & ~ml) == 0 && hh == (lh | ~mh) && hl == (ll | ~ml))
            return len;
    }
    return -1;
}

/* Note the block lengths of the cidr rows st returns (range_lo, range_hi[, type]). */
static int cidr_lengths_read(store *s, sqlite3_stmt *st, int typed)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (typed && (!store_col_text(st, 2) || strcmp(store_col_text(st, 2), "cidr") != 0))
            continue;
        int len = block_len(store_col_text(st, 0), store_col_text(st, 1));
        if (len < 0)
            s->cidr_len[128] |= 2; /* not a block: covering lookups must scan */
        else
            s->cidr_len[len] |= 1;
    }
    return rc;
}

/*
 * Bring the set of cidr prefix lengths up to date: the first time from
 * every cidr, then from the rows with a higher id than any seen (rows are
 * never deleted and new ones take ids above the highest; lengths only
 * accumulate, and a superset costs only a lookup that finds nothing).
 */
static int cidr_lengths(store *s, gisac_err *err)
{
    sqlite3_stmt *st;
    if (store_stmt(s, STC_MAX_ID, "SELECT COALESCE(MAX(id), 0) FROM indicator", &st, err,
                   "cidr lengths") < 0)
        return GISAC_ESTORE;
    int rc = sqlite3_step(st);
    int64_t max = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    rc = rc == SQLITE_ROW ? 0 : store_db_err(s, err, "cidr lengths");
    store_stmt_done(s, STC_MAX_ID, st);
    if (rc < 0 || (s->cidr_loaded && max <= s->cidr_seen))
        return rc;
    if (!s->cidr_loaded) {
        if (store_stmt(s, STC_CIDR_ALL,
                       "SELECT range_lo, range_hi FROM indicator WHERE type = 'cidr'", &st, err,
                       "cidr lengths") < 0)
            return GISAC_ESTORE;
        rc = cidr_lengths_read(s, st, 0);
        rc = rc == SQLITE_DONE ? 0 : store_db_err(s, err, "cidr lengths");
        store_stmt_done(s, STC_CIDR_ALL, st);
    } else {
        if (store_stmt(s, STC_CIDR_AFTER,
                       "SELECT range_lo, range_hi, type FROM indicator WHERE id > ?1", &st, err,
                       "cidr lengths") < 0)
            return GISAC_ESTORE;
        sqlite3_bind_int64(st, 1, s->cidr_seen);
        rc = cidr_lengths_read(s, st, 1);
        rc = rc == SQLITE_DONE ? 0 : store_db_err(s, err, "cidr lengths");
        store_stmt_done(s, STC_CIDR_AFTER, st);
    }
    if (rc == 0) {
        s->cidr_loaded = 1;
        s->cidr_seen = max;
    }
    return rc;
}

typedef struct cover_set {
    gisac_arena *a;
    store_indicator *v;
    size_t n, cap;
} cover_set;

/* Copy the row of st (ROW_COLS) into the set. */
static int cover_add(cover_set *c, sqlite3_stmt *st)
{
    store_indicator in;
    if (read_row(st, &in) < 0)
        return 0;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 8;
        store_indicator *v = realloc(c->v, cap * sizeof *v);
        if (!v)
            return GISAC_ENOMEM;
        c->v = v;
        c->cap = cap;
    }
    const char **str[] = {&in.value,       &in.stix_id,    &in.name,     &in.description,
                          &in.labels_json, &in.created_by, &in.range_lo, &in.range_hi};
    for (size_t k = 0; k < sizeof str / sizeof str[0]; k++)
        if (*str[k] && !(*str[k] = gisac_arena_strdup(c->a, *str[k])))
            return GISAC_ENOMEM;
    c->v[c->n++] = in;
    return 0;
}

static int cover_cmp(const void *a, const void *b)
{
    return strcmp(((const store_indicator *)a)->value, ((const store_indicator *)b)->value);
}

int store_indicator_covering(store *s, const char *lo, const char *hi, store_indicator_cb cb,
                             void *ctx, gisac_err *err)
{
    uint64_t lh, ll, hh, hl;
    if (hex128_parse(lo, &lh, &ll) < 0 || hex128_parse(hi, &hh, &hl) < 0)
        return gisac_err_set(err, GISAC_EINVAL, "covering cidrs: not a 128-bit range");
    int rc = cidr_lengths(s, err);
    if (rc < 0)
        return rc;
    cover_set c = {gisac_arena_new(4096), NULL, 0, 0};
    if (!c.a)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (s->cidr_len[128] & 2) {
        /* a stored range that is not a block: the plain range scan */
        sqlite3_stmt *st;
        rc = store_prepare(s,
                           "SELECT " ROW_COLS " FROM indicator i WHERE i.type = 'cidr'"
                           " AND i.range_lo <= ?1 AND i.range_hi >= ?2",
                           &st, err, "covering cidrs");
        if (rc == 0) {
            store_bind_text(st, 1, lo);
            store_bind_text(st, 2, hi);
            while (rc == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW)
                rc = cover_add(&c, st);
            rc = rc == SQLITE_DONE ? 0 : rc < 0 ? rc : store_db_err(s, err, "covering cidrs");
            sqlite3_finalize(st);
        }
    } else {
        /* one lookup per prefix length present, up to the longest common
         * prefix of lo and hi: the blocks holding both */
        int common = 0;
        while (common < 128) {
            uint64_t mh, ml;
            mask128(common + 1, &mh, &ml);
            if ((lh & mh) != (hh & mh) || (ll & ml) != (hl & ml))
                break;
            common++;
        }
        sqlite3_stmt *st = NULL;
        rc = store_stmt(s, STC_COVER,
                        "SELECT " ROW_COLS " FROM indicator i WHERE i.range_lo = ?1"
                        " AND i.range_hi = ?2 AND i.type = 'cidr'",
                        &st, err, "covering cidrs");
        for (int len = 0; rc == 0 && len <= common; len++) {
            if (!(s->cidr_len[len] & 1))
                continue;
            uint64_t mh, ml;
            mask128(len, &mh, &ml);
            char nlo[33], nhi[33];
            hex128_format(lh & mh, ll & ml, nlo);
            hex128_format(lh | ~mh, ll | ~ml, nhi);
            sqlite3_bind_text(st, 1, nlo, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, nhi, -1, SQLITE_STATIC);
            while (rc == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW)
                rc = cover_add(&c, st);
            rc = rc == SQLITE_DONE ? 0 : rc < 0 ? rc : store_db_err(s, err, "covering cidrs");
            sqlite3_reset(st);
        }
        store_stmt_done(s, STC_COVER, st);
    }
    if (rc == GISAC_ENOMEM)
        gisac_err_set(err, rc, "out of memory");
    if (rc == 0 && c.n) {
        qsort(c.v, c.n, sizeof *c.v, cover_cmp);
        for (size_t i = 0; i < c.n && !cb(ctx, &c.v[i]); i++)
            ;
    }
    free(c.v);
    gisac_arena_free(c.a);
    return rc;
}

/* ---- keyset pages ------------------------------------------------------ */

int store_indicator_page(store *s, const store_filter *f, const char *after, size_t limit,
                         store_indicator_cb cb, void *ctx, gisac_err *err)
{
    if (f->type == IOC_AUTO)
        return gisac_err_set(err, GISAC_EINVAL, "a page is of one type");
    /* store_indicator_iter's filters, within one type from after on: the
     * (type, value) key leads, so a page starts with a seek (a plain range
     * on value, never "?12 IS NULL OR ...", which the planner cannot use) */
    sqlite3_stmt *st;
    if (store_stmt(s, STC_PAGE,
                   "SELECT " ROW_COLS ","
                   " (SELECT group_concat(name, char(10)) FROM (SELECT s.name AS name FROM"
                   "   indicator_source x JOIN source s ON s.id = x.source_id"
                   "   WHERE x.indicator_id = i.id ORDER BY s.name))"
                   " FROM indicator i"
                   " WHERE i.type = ?2 AND i.value > ?12"
                   " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM indicator_source x JOIN source s"
                   "   ON s.id = x.source_id WHERE x.indicator_id = i.id AND s.name = ?3))"
                   " AND (?4 = 0 OR (" ACTIVE_SQL "))"
                   " AND (?5 IS NULL OR i.tlp <= ?5 OR (?11 IS NOT NULL AND EXISTS (SELECT 1 FROM"
                   "   indicator_recipient r WHERE r.indicator_id = i.id AND r.agency = ?11)))"
                   " AND (?6 = 0 OR i.allowlisted = 1)"
                   " AND (?7 IS NULL OR (i.range_lo IS NOT NULL AND i.range_lo <= ?8"
                   "   AND i.range_hi >= ?7))"
                   " AND (?9 IS NULL OR i.value = ?9)"
                   " AND (?10 IS NULL OR i.value = ?10 OR i.value LIKE '%.' || ?10)"
                   " ORDER BY i.value LIMIT ?13",
                   &st, err, "list indicators") < 0)
        return GISAC_ESTORE;
    sqlite3_bind_int64(st, 1, f->now);
    store_bind_text(st, 2, ioc_type_name(f->type));
    store_bind_text(st, 3, f->source);
    sqlite3_bind_int(st, 4, f->active_only);
    if (f->max_tlp == TLP_UNSET)
        sqlite3_bind_null(st, 5);
    else
        sqlite3_bind_int(st, 5, f->max_tlp);
    sqlite3_bind_int(st, 6, f->allowlisted_only);
    store_bind_text(st, 7, f->range_lo);
    store_bind_text(st, 8, f->range_hi);
    store_bind_text(st, 9, f->value);
    store_bind_text(st, 10, f->domain_suffix);
    store_bind_text(st, 11, f->recipient);
    store_bind_text(st, 12, after ? after : ""); /* every value sorts after "" */
    sqlite3_bind_int64(st, 13, limit > INT64_MAX ? INT64_MAX : (int64_t)limit);
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_indicator in;
        if (read_row(st, &in) == 0)
            stop = cb(ctx, &in);
    }
    rc = !stop && rc != SQLITE_DONE ? store_db_err(s, err, "list indicators") : 0;
    store_stmt_done(s, STC_PAGE, st);
    return rc;
}

int store_indicator_scan_active(store *s, int64_t now, store_indicator_cb cb, void *ctx,
                                gisac_err *err)
{
    /* two cursors in lockstep, both in indicator id order: no per-row subquery */
    sqlite3_stmt *st = NULL, *sx = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT i.id, i.type, i.value, i.stix_id, i.confidence, i.tlp,"
                           " i.valid_until FROM indicator i WHERE " ACTIVE_SQL " ORDER BY i.id",
                           -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "SELECT x.indicator_id, s.name FROM indicator_source x"
                           " JOIN source s ON s.id = x.source_id"
                           " ORDER BY x.indicator_id, s.name",
                           -1, &sx, NULL) != SQLITE_OK) {
        int rc = store_db_err(s, err, "scan indicators");
        sqlite3_finalize(st);
        sqlite3_finalize(sx);
        return rc;
    }
    sqlite3_bind_int64(st, 1, now);
    gisac_buf names = GISAC_BUF_INIT;
    int rs = sqlite3_step(sx);
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_indicator in;
        memset(&in, 0, sizeof in);
        in.id = sqlite3_column_int64(st, 0);
        if (ioc_type_from_name(store_col_text(st, 1), &in.type) < 0)
            continue;
        in.value = store_col_text(st, 2);
        in.stix_id = store_col_text(st, 3);
        in.confidence = sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 4);
        in.tlp = (gisac_tlp)sqlite3_column_int(st, 5);
        in.valid_until = sqlite3_column_int64(st, 6);
        in.matchable = 1;
        gisac_buf_reset(&names);
        while (rs == SQLITE_ROW && sqlite3_column_int64(sx, 0) < in.id)
            rs = sqlite3_step(sx);
        while (rs == SQLITE_ROW && sqlite3_column_int64(sx, 0) == in.id) {
            if (names.len)
                gisac_buf_putc(&names, '\n');
            gisac_buf_puts(&names, store_col_text(sx, 1) ? store_col_text(sx, 1) : "");
            rs = sqlite3_step(sx);
        }
        in.sources = names.len ? names.data : "";
        stop = cb(ctx, &in);
    }
    if (!stop && rc != SQLITE_DONE)
        rc = store_db_err(s, err, "scan indicators");
    else if (!stop && rs != SQLITE_ROW && rs != SQLITE_DONE)
        rc = store_db_err(s, err, "scan indicator sources");
    else
        rc = 0;
    gisac_buf_free(&names);
    sqlite3_finalize(st);
    sqlite3_finalize(sx);
    return rc;
}

int store_indicator_sources(store *s, int64_t indicator_id, store_source_cb cb, void *ctx,
                            gisac_err *err)
{
    sqlite3_stmt *st;
    if (store_stmt(s, STC_SOURCES_OF,
                   "SELECT s.name, x.first_seen, x.last_seen FROM indicator_source x"
                   " JOIN source s ON s.id = x.source_id WHERE x.indicator_id = ?1"
                   " ORDER BY s.name",
                   &st, err, "indicator sources") < 0)
        return GISAC_ESTORE;
    sqlite3_bind_int64(st, 1, indicator_id);
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_sighting_source src = {store_col_text(st, 0), sqlite3_column_int64(st, 1),
                                     sqlite3_column_int64(st, 2)};
        stop = cb(ctx, &src);
    }
    if (!stop && rc != SQLITE_DONE)
        rc = store_db_err(s, err, "indicator sources");
    else
        rc = 0;
    store_stmt_done(s, STC_SOURCES_OF, st);
    return rc;
}

/* ---- sightings ---------------------------------------------------------- */

/* The row of (indicator, agency) in sighting; store_sighting_add adds the hour bucket too. */
static int sighting_row_add(store *s, int64_t indicator_id, const char *agency, int64_t first_seen,
                            int64_t last_seen, int64_t count, gisac_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(
            s->db,
            "INSERT INTO sighting (indicator_id, agency, first_seen, last_seen, count)"
            " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (indicator_id, agency) DO UPDATE SET"
            " first_seen = CASE WHEN excluded.first_seen < sighting.first_seen"
            "   THEN excluded.first_seen ELSE sighting.first_seen END,"
            " last_seen = CASE WHEN excluded.last_seen > sighting.last_seen"
            "   THEN excluded.last_seen ELSE sighting.last_seen END,"
            " count = sighting.count + excluded.count",
            -1, &st, NULL) != SQLITE_OK)
        return store_db_err(s, err, "sighting");
    sqlite3_bind_int64(st, 1, indicator_id);
    store_bind_text(st, 2, agency ? agency : "");
    sqlite3_bind_int64(st, 3, first_seen);
    sqlite3_bind_int64(st, 4, last_seen);
    sqlite3_bind_int64(st, 5, count);
    int rc = sqlite3_step(st);
    rc = rc == SQLITE_DONE ? 0 : store_db_err(s, err, "sighting");
    sqlite3_finalize(st);
    return rc;
}

int store_sighting_add(store *s, int64_t indicator_id, const char *agency, int64_t first_seen,
                       int64_t last_seen, int64_t count, gisac_err *err)
{
    /* the row and its hour bucket together: in the caller's transaction, or one of its own */
    int own = !s->in_tx;
    if (own && store_begin(s, err) < 0)
        return GISAC_ESTORE;
    int rc = sighting_row_add(s, indicator_id, agency, first_seen, last_seen, count, err);
    if (rc == 0)
        rc = store_sighting_hour_add(s, indicator_id, agency, last_seen, count, err);
    if (own) {
        if (rc == 0)
            rc = store_commit(s, err);
        else
            store_rollback(s);
    }
    return rc;
}

int store_sightings_of(store *s, int64_t indicator_id, store_sighting_cb cb, void *ctx,
                       gisac_err *err)
{
    sqlite3_stmt *st;
    if (store_stmt(s, STC_SIGHTINGS_OF,
                   "SELECT agency, first_seen, last_seen, count FROM sighting"
                   " WHERE indicator_id = ?1 ORDER BY agency",
                   &st, err, "sightings") < 0)
        return GISAC_ESTORE;
    sqlite3_bind_int64(st, 1, indicator_id);
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_sighting sg = {store_col_text(st, 0), sqlite3_column_int64(st, 1),
                             sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3)};
        stop = cb(ctx, &sg);
    }
    if (!stop && rc != SQLITE_DONE)
        rc = store_db_err(s, err, "sightings");
    else
        rc = 0;
    store_stmt_done(s, STC_SIGHTINGS_OF, st);
    return rc;
}

/* ---- counts ------------------------------------------------------------ */

static int counts(store *s, const char *sql, int64_t now, store_count_cb cb, void *ctx,
                  gisac_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return store_db_err(s, err, "counts");
    sqlite3_bind_int64(st, 1, now);
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_count c = {store_col_text(st, 0), sqlite3_column_int64(st, 1),
                         sqlite3_column_int64(st, 2)};
        stop = cb(ctx, &c);
    }
    sqlite3_finalize(st);
    if (!stop && rc != SQLITE_DONE)
        return store_db_err(s, err, "counts");
    return 0;
}

int store_count_by_type(store *s, int64_t now, store_count_cb cb, void *ctx, gisac_err *err)
{
    return counts(s,
                  "SELECT i.type, SUM(CASE WHEN " ACTIVE_SQL " THEN 1 ELSE 0 END), COUNT(*)"
                  " FROM indicator i GROUP BY i.type ORDER BY i.type",
                  now, cb, ctx, err);
}

int store_count_by_source(store *s, int64_t now, store_count_cb cb, void *ctx, gisac_err *err)
{
    return counts(s,
                  "SELECT s.name, SUM(CASE WHEN " ACTIVE_SQL " THEN 1 ELSE 0 END), COUNT(*)"
                  " FROM source s JOIN indicator_source x ON x.source_id = s.id"
                  " JOIN indicator i ON i.id = x.indicator_id GROUP BY s.name ORDER BY s.name",
                  now, cb, ctx, err);
}

int store_totals_get(store *s, int64_t now, store_totals *out, gisac_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(
            s->db,
            "SELECT COUNT(*),"
            " COALESCE(SUM(CASE WHEN " ACTIVE_SQL " THEN 1 ELSE 0 END), 0),"
            " COALESCE(SUM(i.revoked), 0),"
            " COALESCE(SUM(CASE WHEN i.valid_until IS NOT NULL AND i.valid_until <= ?1"
            "   THEN 1 ELSE 0 END), 0),"
            " COALESCE(SUM(i.allowlisted), 0),"
            " COALESCE(SUM(CASE WHEN i.matchable = 0 THEN 1 ELSE 0 END), 0),"
            " (SELECT COUNT(*) FROM source)"
            " FROM indicator i",
            -1, &st, NULL) != SQLITE_OK)
        return store_db_err(s, err, "totals");
    sqlite3_bind_int64(st, 1, now);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->total = sqlite3_column_int64(st, 0);
        out->active = sqlite3_column_int64(st, 1);
        out->revoked = sqlite3_column_int64(st, 2);
        out->expired = sqlite3_column_int64(st, 3);
        out->allowlisted = sqlite3_column_int64(st, 4);
        out->context = sqlite3_column_int64(st, 5);
        out->sources = sqlite3_column_int64(st, 6);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : store_db_err(s, err, "totals");
}

/* ---- allowlist --------------------------------------------------------- */

int store_allow_add(store *s, const store_allow *a, gisac_err *err)
{
    store_share_touch(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO allowlist (type, value, range_lo, range_hi, comment,"
                           " builtin, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                           " ON CONFLICT (type, value) DO NOTHING",
                           -1, &st, NULL) != SQLITE_OK)
        return store_db_err(s, err, "allowlist");
    store_bind_text(st, 1, ioc_type_name(a->type));
    store_bind_text(st, 2, a->value);
    store_bind_text(st, 3, a->range_lo);
    store_bind_text(st, 4, a->range_hi);
    store_bind_text(st, 5, a->comment);
    sqlite3_bind_int(st, 6, a->builtin);
    sqlite3_bind_int64(st, 7, a->created);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return store_db_err(s, err, "allowlist");
    if (sqlite3_changes(s->db) == 0)
        return gisac_err_set(err, GISAC_EEXIST, "%s: already in the allowlist", a->value);
    return 0;
}

int store_allow_remove(store *s, ioc_type type, const char *value, gisac_err *err)
{
    store_share_touch(s);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "DELETE FROM allowlist WHERE type = ?1 AND value = ?2", -1, &st,
                           NULL) != SQLITE_OK)
        return store_db_err(s, err, "allowlist");
    store_bind_text(st, 1, ioc_type_name(type));
    store_bind_text(st, 2, value);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return store_db_err(s, err, "allowlist");
    if (sqlite3_changes(s->db) == 0)
        return gisac_err_set(err, GISAC_ENOTFOUND, "%s: not in the allowlist", value);
    return 0;
}

int store_allow_iter(store *s, store_allow_cb cb, void *ctx, gisac_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT id, type, value, range_lo, range_hi, comment, builtin, created"
                           " FROM allowlist ORDER BY builtin DESC, type, value",
                           -1, &st, NULL) != SQLITE_OK)
        return store_db_err(s, err, "allowlist");
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        store_allow a;
        memset(&a, 0, sizeof a);
        a.id = sqlite3_column_int64(st, 0);
        if (ioc_type_from_name(store_col_text(st, 1), &a.type) < 0)
            continue;
        a.value = store_col_text(st, 2);
        a.range_lo = store_col_text(st, 3);
        a.range_hi = store_col_text(st, 4);
        a.comment = store_col_text(st, 5);
        a.builtin = sqlite3_column_int(st, 6);
        a.created = sqlite3_column_int64(st, 7);
        stop = cb(ctx, &a);
    }
    sqlite3_finalize(st);
    if (!stop && rc != SQLITE_DONE)
        return store_db_err(s, err, "allowlist");
    return 0;
}

/* ---- TLP recipients ---------------------------------------------------- */

int store_recipient_add(store *s, int64_t indicator_id, const char *agency, gisac_err *err)
{
    store_share_touch(s);
    sqlite3_stmt *st;
    if (store_prepare(s,
                      "INSERT INTO indicator_recipient (indicator_id, agency) VALUES (?, ?)"
                      " ON CONFLICT DO NOTHING",
                      &st, err, "add recipient") < 0)
        return GISAC_ESTORE;
    sqlite3_bind_int64(st, 1, indicator_id);
    store_bind_text(st, 2, agency);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : store_db_err(s, err, "add recipient");
}

int store_recipient_has(store *s, int64_t indicator_id, const char *agency, int *yes,
                        gisac_err *err)
{
    sqlite3_stmt *st;
    *yes = 0;
    if (store_stmt(s, STC_RECIPIENT_HAS,
                   "SELECT 1 FROM indicator_recipient WHERE indicator_id = ? AND agency = ?", &st,
                   err, "recipient") < 0)
        return GISAC_ESTORE;
    sqlite3_bind_int64(st, 1, indicator_id);
    store_bind_text(st, 2, agency);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *yes = 1;
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_db_err(s, err, "recipient");
    store_stmt_done(s, STC_RECIPIENT_HAS, st);
    return rc;
}

int store_recipients_of(store *s, int64_t indicator_id, store_name_cb cb, void *ctx, gisac_err *err)
{
    sqlite3_stmt *st;
    if (store_stmt(s, STC_RECIPIENTS_OF,
                   "SELECT agency FROM indicator_recipient WHERE indicator_id = ?"
                   " ORDER BY agency",
                   &st, err, "recipients") < 0)
        return GISAC_ESTORE;
    sqlite3_bind_int64(st, 1, indicator_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (cb(ctx, store_col_text(st, 0))) {
            rc = SQLITE_DONE;
            break;
        }
    rc = rc == SQLITE_DONE ? 0 : store_db_err(s, err, "recipients");
    store_stmt_done(s, STC_RECIPIENTS_OF, st);
    return rc;
}
