/*
 * store: the one interface to persistent state. No SQL lives outside this
 * module. The embedded backend is SQLite (one file, WAL); the PostgreSQL
 * backend (src/store/pg/) sits behind the same functions, so the queries keep to SQL
 * that both speak (no INSERT OR REPLACE, no GLOB, no SQLite-only functions
 * in shared statements).
 *
 * This header is the core: opening a store, transactions, read snapshots,
 * small settings, the share generation, the actor and the audit hash. It
 * includes the headers of every area (store_indicator.h, store_auth.h,
 * ...), each of which opens with the rules of its area.
 *
 * Rules that hold everywhere:
 *   - Every function returns 0 or a negative GISAC_E* code with a message
 *     in err: GISAC_EEXIST for a duplicate key, GISAC_ENOTFOUND for a
 *     missing row, GISAC_EINVAL for a reference to a row that does not
 *     exist, GISAC_ESTORE when the database fails.
 *   - Strings handed to a callback live during the call only. Those filled
 *     by *_get and *_find are copied into the caller's arena and live as
 *     long as it does. Rows passed in need only live until the call returns.
 *   - A callback returns non-zero to stop an iteration early (not an error).
 *   - No callback re-enters the store while a query is open (a server
 *     backend runs one query at a time per connection): a store call made
 *     from inside a callback fails with GISAC_ESTORE, "store re-entered
 *     from a callback". The iterations that read their rows first (in
 *     batches by a key, or whole for the short lists) and call back with
 *     no query open say so ("callbacks may use the store"); from those a
 *     callback may read and write. Otherwise collect what the callback
 *     needs and make the second call after the iteration.
 *   - Times are epoch seconds; 0 stands for "none" (NULL in the database).
 *   - Without an open transaction every write is its own transaction.
 *   - The handle belongs to one thread at a time.
 *
 * Ownership: store_open allocates the handle; store_close frees it.
 */
#ifndef GISAC_STORE_H
#define GISAC_STORE_H

#include "base/base.h"
#include "ioc/ioc.h"

typedef struct store store;

/* The newest schema version this build knows. */
#define STORE_SCHEMA_VERSION 37

/*
 * Where a store lives, as a URI:
 *   sqlite:PATH        the SQLite file at PATH (created when missing)
 *   PATH               the same (a plain path: no "scheme:" prefix of a
 *                      known backend, and no "scheme://")
 *   postgresql://...   (and postgres://) a PostgreSQL server, the URI as
 *                      libpq reads it (src/store/pg/, docs/postgresql.md)
 * Anything else of the form "scheme://..." is GISAC_EUNSUPPORTED too.
 */
#define STORE_URI_MAX 4096

/*
 * The file a store URI names, into out (cap bytes), for the side files an
 * application keeps next to it (key file, evidence directory). 0 for a
 * SQLite URI or a plain path; GISAC_ENOTFOUND when the URI names a server
 * (postgresql://...), which has no file; GISAC_EUNSUPPORTED for an unknown
 * scheme; GISAC_EINVAL when empty or longer than cap.
 */
int store_uri_path(const char *uri, char *out, size_t cap, gisac_err *err);

/* Open (creating if missing) the store at uri and migrate its schema. */
int store_open(const char *uri, store **out, gisac_err *err);
void store_close(store *s);
int store_schema_version(store *s, int *version, gisac_err *err);

/* ---- transactions ---------------------------------------------------------- */

/*
 * store_begin .. store_commit or store_rollback group writes into one
 * transaction. store_begin takes the write lock at once (SQLite: BEGIN
 * IMMEDIATE), so a transaction's reads see what no other writer can change
 * before it commits. Transactions do not nest.
 */
int store_begin(store *s, gisac_err *err);
int store_commit(store *s, gisac_err *err);
void store_rollback(store *s);
/* Non-zero inside store_begin .. commit/rollback (for services that join the caller's). */
int store_tx_open(store *s);

/*
 * Several reads on one snapshot, and one lock round instead of one per
 * statement: store_read_begin .. store_read_end. Only reads in between (a
 * write there fails). Inside a transaction both do nothing.
 */
int store_read_begin(store *s, gisac_err *err);
void store_read_end(store *s);

/* ---- settings ---------------------------------------------------------------- */

/* Small key/value settings (e.g. which built-in lists were seeded). */
int store_meta_get(store *s, const char *key, char *out, size_t cap, gisac_err *err);
int store_meta_set(store *s, const char *key, const char *value, gisac_err *err);

/*
 * The installation's identity (base.h, gisac_identity), as meta rows
 * identity_uuid, identity_name, identity_created, identity_modified. A
 * database that existed before identities were chosen per installation got
 * the legacy one by migration; a new one has none until its first open.
 * get: GISAC_ENOTFOUND when there is none. init: set it only when there is
 * none (under the write lock: of two first opens, one sets it), *made 1
 * when this call did. set: replace it, a change of the shared data (its
 * generations move, as for a change of indicators).
 */
typedef struct store_identity {
    char uuid[GISAC_UUID_LEN];
    char name[GISAC_IDENTITY_NAME_MAX];
    int64_t created, modified;
} store_identity;
int store_identity_get(store *s, store_identity *out, gisac_err *err);
int store_identity_init(store *s, const store_identity *id, int *made, gisac_err *err);
int store_identity_set(store *s, const store_identity *id, gisac_err *err);

/*
 * The share generation: moves (grows) with every commit, by any connection,
 * that changed shared data (indicators, their sources and recipients, the
 * allowlist, sources, advisories, agencies); not with sightings, incidents,
 * audit entries or notifications. 0 on a store never written. What answer
 * caches and match snapshots are keyed on.
 */
int store_share_version(store *s, int64_t *version, gisac_err *err);

/*
 * The intelligence generation: what exports and feeds are a function of.
 * *gen grows with every commit that changed indicators, their sources,
 * recipients or allowlist flags (never with the clock alone: the RPZ SOA
 * serial), and *changed is the time of the last such change, never moving
 * back (the "generated" time of exports). An indicator's validity running
 * out is a change too: when one ran out (valid_until <= now) after
 * *changed, this call records it, in a transaction of its own, as a change
 * at that valid_until (so two calls at different times with nothing
 * expiring between give the same answer). A store written before the
 * generation was kept answers gen 0 and its latest indicator change.
 */
int store_intel_generation(store *s, int64_t now, int64_t *gen, int64_t *changed, gisac_err *err);

/* ---- the actor and the audit hash -------------------------------------------- */

/*
 * Who the audit log (and every row that records "who") names for the
 * writes of this handle: store_set_actor (e.g. "cli:alice", "user:bob",
 * "token:0123abcd...") until changed; "system" by default.
 */
void store_set_actor(store *s, const char *actor);
const char *store_actor(store *s);

/*
 * One entry of the hash-chained audit log (store_audit.h). Entry n's hash
 * is SHA-256 (hex) over the canonical text
 *   prev_hash "\n" seq "\n" ts "\n" actor "\n" action "\n" object "\n" detail
 * where prev_hash is entry n-1's hash (64 zeros for the first), NULL
 * object/detail are empty strings and numbers are decimal. Editing,
 * deleting or reordering entries breaks the chain.
 */
typedef struct store_audit_entry {
    int64_t seq, ts;
    const char *actor, *action, *object, *detail; /* object, detail: NULL when absent */
    const char *prev_hash, *hash;
} store_audit_entry;
/* Compute an entry's hash from its fields (prev_hash included) into out (65 bytes). */
void store_audit_hash(const store_audit_entry *e, char out[65]);

/* A list of names (agency ids, ...), one per call. */
typedef int (*store_name_cb)(void *ctx, const char *name);

#include "store/store_indicator.h"
#include "store/store_auth.h"
#include "store/store_audit.h"
#include "store/store_taxii.h"
#include "store/store_notify.h"
#include "store/store_incident.h"
#include "store/store_advisory.h"
#include "store/store_report.h"
#include "store/store_session.h"
#include "store/store_feed.h"
#include "store/store_gov.h"
#include "store/store_scap.h"
#include "store/store_asset.h"
#include "store/store_ingest.h"
#include "store/store_mobile.h"

#endif
