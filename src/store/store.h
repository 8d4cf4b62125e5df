/*
 * store: the one interface to persistent state. No SQL lives outside this
 * module. The embedded backend is SQLite (one file, WAL); a PostgreSQL
 * backend will sit behind the same functions, so the queries here keep to
 * SQL that both speak (no INSERT OR REPLACE, no GLOB, no SQLite-only
 * functions in shared statements).
 *
 * Every function returns 0 or a negative GISAC_E* code with a message in
 * err. Strings handed out in a callback are valid only during it; those
 * returned by store_indicator_find are copied into the caller's arena.
 *
 * Transactions: store_begin/commit/rollback group writes. Without an open
 * transaction every write is its own transaction.
 *
 * Ownership: store_open allocates the handle; store_close frees it.
 */
#ifndef GISAC_STORE_H
#define GISAC_STORE_H

#include "base/base.h"
#include "ioc/ioc.h"

typedef struct store store;

/* The newest schema version this build knows. */
#define STORE_SCHEMA_VERSION 11

/* Open (creating if missing) the database at path and migrate it. */
int store_open(const char *path, store **out, gisac_err *err);
void store_close(store *s);
int store_schema_version(store *s, int *version, gisac_err *err);

int store_begin(store *s, gisac_err *err);
int store_commit(store *s, gisac_err *err);
void store_rollback(store *s);

/*
 * Several reads on one snapshot, and one lock round instead of one per
 * statement: store_read_begin .. store_read_end. Only reads in between (a
 * write there fails). Inside a transaction both do nothing.
 */
int store_read_begin(store *s, gisac_err *err);
void store_read_end(store *s);

/* Small key/value settings (e.g. which built-in lists were seeded). */
int store_meta_get(store *s, const char *key, char *out, size_t cap, gisac_err *err);
int store_meta_set(store *s, const char *key, const char *value, gisac_err *err);

/* ---- sources ----------------------------------------------------------- */

/* The id of the source called name, created if missing. */
int store_source_id(store *s, const char *name, int64_t now, int64_t *id, gisac_err *err);

/* ---- indicators -------------------------------------------------------- */

typedef struct store_indicator {
    int64_t id;
    ioc_type type;
    const char *value;
    const char *stix_id;
    const char *name;
    const char *description;
    const char *labels_json; /* a JSON array of strings, or NULL */
    const char *created_by;
    int confidence; /* -1 when unknown */
    gisac_tlp tlp;
    int matchable;
    int revoked;
    int allowlisted;
    int64_t first_seen, last_seen, valid_from, valid_until; /* 0 = unknown */
    int64_t created, modified;
    const char *range_lo, *range_hi; /* ipv4/ipv6/cidr only, else NULL */
    const char *sources;             /* iteration only: source names joined by '\n' */
} store_indicator;

/* *empty = 1 when the store holds no indicator at all. */
int store_indicator_empty(store *s, int *empty, gisac_err *err);
/* Find by (type, value). GISAC_ENOTFOUND when absent. Strings into arena. */
int store_indicator_find(store *s, ioc_type type, const char *value, store_indicator *out,
                         gisac_arena *arena, gisac_err *err);
/* Insert a new indicator; sets in->id. */
int store_indicator_insert(store *s, store_indicator *in, gisac_err *err);
/*
 * Bulk path for imports. Inside a transaction, store_indicator_next_id
 * gives the first free id; the caller numbers new rows from it and hands
 * them over in batches of any size. Rows and their strings need only live
 * until the call returns.
 */
int store_indicator_next_id(store *s, int64_t *id, gisac_err *err);
int store_indicator_insert_many(store *s, const store_indicator *rows, size_t n, gisac_err *err);

typedef struct store_source_row {
    int64_t indicator_id, source_id, first_seen, last_seen;
} store_source_row;
/* New (indicator, source) pairs only. */
int store_indicator_source_add_many(store *s, const store_source_row *rows, size_t n,
                                    gisac_err *err);

/* Rewrite every column of the indicator with id in->id. */
int store_indicator_update(store *s, const store_indicator *in, gisac_err *err);
/*
 * Record that source saw the indicator: first_seen earliest, last_seen
 * latest. fresh = 1 promises the pair is new (the indicator was just
 * inserted), which takes a cheaper path.
 */
int store_indicator_source_touch(store *s, int64_t indicator_id, int64_t source_id,
                                 int64_t first_seen, int64_t last_seen, int fresh, gisac_err *err);
/* Set revoked = 1. GISAC_ENOTFOUND when absent. */
int store_indicator_revoke(store *s, ioc_type type, const char *value, int64_t now, gisac_err *err);
/* Set the allowlisted flag of one indicator. */
int store_indicator_set_allowlisted(store *s, int64_t id, int allowlisted, int64_t now,
                                    gisac_err *err);

typedef struct store_filter {
    ioc_type type;        /* IOC_AUTO: any */
    const char *source;   /* NULL: any */
    int active_only;      /* not revoked, not allowlisted, matchable, not expired at now */
    int64_t now;          /* for active_only */
    gisac_tlp max_tlp;    /* TLP_UNSET: any */
    int allowlisted_only; /* only rows flagged allowlisted */
    /* ranges overlapping [lo, hi] (32-hex strings), or NULL */
    const char *range_lo, *range_hi;
    const char *value;         /* exactly this normal value, or NULL */
    const char *domain_suffix; /* this name or a name under it, or NULL */
    /* with max_tlp set: also the rows above it that list this agency among
     * their TLP recipients (indicator_recipient), or NULL */
    const char *recipient;
} store_filter;

#define STORE_FILTER_ALL                                                                           \
    {                                                                                              \
        IOC_AUTO, NULL, 0, 0, TLP_UNSET, 0, NULL, NULL, NULL, NULL, NULL                           \
    }

typedef int (*store_indicator_cb)(void *ctx, const store_indicator *ind);
/* Every matching indicator, ordered by type then value. cb returns non-zero to stop. */
int store_indicator_iter(store *s, const store_filter *f, store_indicator_cb cb, void *ctx,
                         gisac_err *err);

/*
 * One keyset page within one type (f->type must be set; else GISAC_EINVAL):
 * the indicators f selects with a value after `after` (NULL: from the
 * first), by value, at most limit of them. Starts with an index seek, so a
 * deep page costs what the first does. sources is filled as by iter.
 */
int store_indicator_page(store *s, const store_filter *f, const char *after, size_t limit,
                         store_indicator_cb cb, void *ctx, gisac_err *err);

/*
 * Every cidr whose range holds all of [lo, hi] (32 hex digits each, as in
 * range_lo/range_hi), by value; sources is NULL. One index lookup per
 * prefix length present among the stored cidrs (kept in the handle).
 */
int store_indicator_covering(store *s, const char *lo, const char *hi, store_indicator_cb cb,
                             void *ctx, gisac_err *err);

/*
 * Every indicator active at now, in no particular order, with only id,
 * type, value, stix_id, confidence, tlp, valid_until and sources filled:
 * the lean scan the matcher builds its snapshot from.
 */
int store_indicator_scan_active(store *s, int64_t now, store_indicator_cb cb, void *ctx,
                                gisac_err *err);

typedef struct store_sighting_source {
    const char *name;
    int64_t first_seen, last_seen;
} store_sighting_source;
typedef int (*store_source_cb)(void *ctx, const store_sighting_source *src);
/* The sources of one indicator with each one's first and last seen. */
int store_indicator_sources(store *s, int64_t indicator_id, store_source_cb cb, void *ctx,
                            gisac_err *err);

/* ---- sightings ---------------------------------------------------------- */

/*
 * Add count sightings of an indicator by an agency ("" when unknown):
 * first_seen earliest, last_seen latest, counts summed.
 */
int store_sighting_add(store *s, int64_t indicator_id, const char *agency, int64_t first_seen,
                       int64_t last_seen, int64_t count, gisac_err *err);

typedef struct store_sighting {
    const char *agency;
    int64_t first_seen, last_seen, count;
} store_sighting;
typedef int (*store_sighting_cb)(void *ctx, const store_sighting *sg);
int store_sightings_of(store *s, int64_t indicator_id, store_sighting_cb cb, void *ctx,
                       gisac_err *err);

/*
 * The share generation: moves (grows) with every commit, by any connection,
 * that changed shared data (indicators, their sources and recipients, the
 * allowlist, sources, advisories, agencies); not with sightings, incidents,
 * audit entries or notifications. 0 on a store never written. What answer
 * caches and match snapshots are keyed on.
 */
int store_share_version(store *s, int64_t *version, gisac_err *err);

/* ---- counts ------------------------------------------------------------ */

typedef struct store_count {
    const char *key; /* type name or source name */
    int64_t active;
    int64_t total;
} store_count;
typedef int (*store_count_cb)(void *ctx, const store_count *c);
/* Counts grouped by type, then (second call) by source. */
int store_count_by_type(store *s, int64_t now, store_count_cb cb, void *ctx, gisac_err *err);
int store_count_by_source(store *s, int64_t now, store_count_cb cb, void *ctx, gisac_err *err);

typedef struct store_totals {
    int64_t total, active, revoked, expired, allowlisted, context, sources;
} store_totals;
int store_totals_get(store *s, int64_t now, store_totals *out, gisac_err *err);

/* ---- allowlist --------------------------------------------------------- */

typedef struct store_allow {
    int64_t id;
    ioc_type type;
    const char *value;
    const char *range_lo, *range_hi; /* for ipv4/ipv6/cidr */
    const char *comment;
    int builtin;
    int64_t created;
} store_allow;

/* GISAC_EEXIST when (type, value) is already listed. */
int store_allow_add(store *s, const store_allow *a, gisac_err *err);
/* GISAC_ENOTFOUND when absent. */
int store_allow_remove(store *s, ioc_type type, const char *value, gisac_err *err);
typedef int (*store_allow_cb)(void *ctx, const store_allow *a);
int store_allow_iter(store *s, store_allow_cb cb, void *ctx, gisac_err *err);

/* ---- agencies, accounts, tokens ---------------------------------------- */

/*
 * Rows of the agency, account and token tables. The service (src/auth)
 * validates every value; these functions only read and write rows. Strings
 * handed to a callback live during it; those filled by *_get are copied
 * into the caller's arena. Times are epoch seconds; 0 stands for NULL.
 *
 * Errors: GISAC_EEXIST for a duplicate key, GISAC_ENOTFOUND for a missing
 * row, GISAC_EINVAL when a reference (parent, agency, account) does not
 * exist, GISAC_ESTORE otherwise.
 */

typedef struct store_agency {
    const char *id;
    const char *name;
    const char *sector; /* NULL: none */
    const char *grade;  /* "A" .. "E" */
    const char *parent; /* NULL: none */
    int64_t created, modified;
} store_agency;

int store_agency_insert(store *s, const store_agency *a, gisac_err *err);
/* Rewrite name, sector, grade, parent and modified of the agency a->id. */
int store_agency_update(store *s, const store_agency *a, gisac_err *err);
int store_agency_get(store *s, const char *id, store_agency *out, gisac_arena *arena,
                     gisac_err *err);
typedef int (*store_agency_cb)(void *ctx, const store_agency *a);
/* Every agency, ordered by id. cb returns non-zero to stop. */
int store_agency_iter(store *s, store_agency_cb cb, void *ctx, gisac_err *err);

typedef struct store_account {
    int64_t id;
    const char *name;
    const char *role;
    const char *agency;        /* NULL: none */
    const char *password_hash; /* crypto_pwhash_str text, NULL: none */
    int64_t failed_logins;
    int64_t locked_until; /* 0: not locked */
    int disabled;
    int64_t created, modified;
} store_account;

/* Insert; sets a->id. */
int store_account_insert(store *s, store_account *a, gisac_err *err);
int store_account_get(store *s, const char *name, store_account *out, gisac_arena *arena,
                      gisac_err *err);
int store_account_get_id(store *s, int64_t id, store_account *out, gisac_arena *arena,
                         gisac_err *err);
typedef int (*store_account_cb)(void *ctx, const store_account *a);
/* Every account, ordered by name. */
int store_account_iter(store *s, store_account_cb cb, void *ctx, gisac_err *err);
/* Set the password hash and clear failed_logins and locked_until; modified = 0 keeps it. */
int store_account_set_password(store *s, int64_t id, const char *hash, int64_t modified,
                               gisac_err *err);
int store_account_set_disabled(store *s, int64_t id, int disabled, int64_t now, gisac_err *err);
/* Record the login state (failed_logins, locked_until); modified is left alone. */
int store_account_set_logins(store *s, int64_t id, int64_t failed_logins, int64_t locked_until,
                             gisac_err *err);

typedef struct store_token {
    const char *id; /* 16 hex digits */
    int64_t account_id;
    const char *account_name; /* filled by get and iter; ignored by insert */
    const char *name;         /* label, NULL: none */
    const char *hash;         /* hex of the keyed hash of the secret */
    int64_t created;
    int64_t expires;   /* 0: never */
    int64_t last_used; /* 0: never */
    int revoked;
} store_token;

int store_token_insert(store *s, const store_token *t, gisac_err *err);
int store_token_get(store *s, const char *id, store_token *out, gisac_arena *arena, gisac_err *err);
/*
 * The token id and its account in one read (the per-request check):
 * GISAC_ENOTFOUND when there is no such token. Strings into arena.
 */
int store_token_auth(store *s, const char *id, store_token *tok, store_account *acc,
                     gisac_arena *arena, gisac_err *err);
typedef int (*store_token_cb)(void *ctx, const store_token *t);
/* The tokens of one account (account_id 0: of all), by account name, created, id. */
int store_token_iter(store *s, int64_t account_id, store_token_cb cb, void *ctx, gisac_err *err);
/* Set revoked = 1. GISAC_ENOTFOUND when there is no such token. */
int store_token_revoke(store *s, const char *id, gisac_err *err);
int store_token_touch(store *s, const char *id, int64_t now, gisac_err *err);

/* ---- TLP recipients ---------------------------------------------------- */

/*
 * The agencies an amber or red indicator is intended for (TLP 2.0: amber
 * to the recipients' organisations, red to the named recipients only).
 * Readers below staff see such an indicator only when their agency is
 * listed (store_filter.recipient, store_taxii_query.recipient).
 */
/* Add (a pair already there is not an error). */
int store_recipient_add(store *s, int64_t indicator_id, const char *agency, gisac_err *err);
/* *yes = 1 when agency is a recipient of the indicator. */
int store_recipient_has(store *s, int64_t indicator_id, const char *agency, int *yes,
                        gisac_err *err);
typedef int (*store_name_cb)(void *ctx, const char *name);
/* The recipients of one indicator, by agency id. */
int store_recipients_of(store *s, int64_t indicator_id, store_name_cb cb, void *ctx,
                        gisac_err *err);

/* ---- audit ------------------------------------------------------------- */

/*
 * The append-only, hash-chained audit log. Every write anywhere in gisac
 * appends an entry in the same transaction as the write itself (outside a
 * transaction, store_audit_append opens and commits its own).
 *
 * Entry n's hash is SHA-256 (hex) over the canonical text
 *   prev_hash "\n" seq "\n" ts "\n" actor "\n" action "\n" object "\n" detail
 * where prev_hash is entry n-1's hash (64 zeros for the first), NULL
 * object/detail are empty strings and numbers are decimal. Editing,
 * deleting or reordering entries breaks the chain (store_audit_hash lets
 * a verifier recompute it).
 *
 * The actor is the handle's: store_set_actor (e.g. "cli:alice",
 * "user:bob", "token:0123abcd...") until changed; "system" by default.
 */
void store_set_actor(store *s, const char *actor);
const char *store_actor(store *s);
/*
 * Append one entry at time ts. action is a dotted verb ("indicator.revoke",
 * "feed.import", "user.add", ...), object names what was written (may be
 * NULL), detail is a JSON object text (may be NULL).
 */
int store_audit_append(store *s, int64_t ts, const char *action, const char *object,
                       const char *detail, gisac_err *err);

typedef struct store_audit_entry {
    int64_t seq, ts;
    const char *actor, *action, *object, *detail; /* object, detail: NULL when absent */
    const char *prev_hash, *hash;
} store_audit_entry;
/* Compute an entry's hash from its fields (prev_hash included) into out (65 bytes). */
void store_audit_hash(const store_audit_entry *e, char out[65]);
typedef int (*store_audit_cb)(void *ctx, const store_audit_entry *e);
/* Every entry in seq order from seq > after. cb returns non-zero to stop. */
int store_audit_iter(store *s, int64_t after, store_audit_cb cb, void *ctx, gisac_err *err);

/* ---- TAXII reads ---------------------------------------------------------- */

/*
 * The reads behind the TAXII 2.1 collection of active indicators
 * (src/intel/taxii.c). Rows handed to the callback carry every column of
 * store_indicator except range_lo, range_hi and sources (NULL); they live
 * during the call only. Every query keeps to active indicators at now with
 * tlp <= max_tlp (TLP_UNSET: any TLP).
 */
typedef struct store_taxii_query {
    int64_t now;
    gisac_tlp max_tlp;   /* TLP_UNSET: any */
    int64_t added_after; /* created > added_after; 0: no bound */
    int has_cursor;      /* keyset: (created, id) > (cursor_created, cursor_id) */
    int64_t cursor_created, cursor_id;
    size_t limit; /* rows at most; 0: none */
    /* with max_tlp set: also rows above it whose recipients include this
     * agency; NULL: none */
    const char *recipient;
    int64_t source_id;   /* only rows from this source; 0: any */
    int64_t modified[4]; /* match[version]: modified is one of these; */
    size_t nmodified;    /* 0: any version */
} store_taxii_query;

/* Matching rows ordered by (created, id). cb returns non-zero to stop. */
int store_taxii_page(store *s, const store_taxii_query *q, store_indicator_cb cb, void *ctx,
                     gisac_err *err);
/* Rows whose stored stix_id is exactly stix_id (filters of q except cursor and limit). */
int store_taxii_by_stix_id(store *s, const store_taxii_query *q, const char *stix_id,
                           store_indicator_cb cb, void *ctx, gisac_err *err);
/*
 * The status of one TAXII add-objects request (status is "complete";
 * details is a JSON object {"successes":[..],"failures":[..]} of
 * {"id","version","message"} entries).
 */
typedef struct store_taxii_status {
    const char *id; /* a UUID */
    int64_t account_id;
    const char *agency; /* of the collection, NULL: none */
    const char *collection;
    const char *status;
    int64_t request_timestamp;
    int64_t total, success, failure, pending;
    const char *details;
} store_taxii_status;
int store_taxii_status_put(store *s, const store_taxii_status *t, gisac_err *err);
/* GISAC_ENOTFOUND when absent; strings into arena. */
int store_taxii_status_get(store *s, const char *id, store_taxii_status *out, gisac_arena *arena,
                           gisac_err *err);
/*
 * Forget that source gave the indicator; *left is how many sources it
 * still has. GISAC_ENOTFOUND when the pair did not exist.
 */
int store_indicator_source_remove(store *s, int64_t indicator_id, int64_t source_id, int *left,
                                  gisac_err *err);

/* The id of the source called name, without creating it: GISAC_ENOTFOUND. */
int store_source_lookup(store *s, const char *name, int64_t *id, gisac_err *err);
/*
 * Rows with id > after_id that carry a derived STIX id (stix_id NULL or
 * not "indicator--" + 36 characters), active or not, in id order; only
 * id, type, value, stix_id and created filled. For an index of derived ids
 * kept up to date by scanning only the rows added since.
 */
int store_taxii_derived_after(store *s, int64_t after_id, store_indicator_cb cb, void *ctx,
                              gisac_err *err);
/* The highest indicator row id (0: none). */
int store_indicator_max_id(store *s, int64_t *id, gisac_err *err);

/* One row by its row id, when it passes the filters of q (cursor and limit ignored). */
int store_taxii_get(store *s, const store_taxii_query *q, int64_t id, store_indicator_cb cb,
                    void *ctx, gisac_err *err);

/* ---- notifications (src/notify; SQL in store_notify.c) -------------------- */

/*
 * Subscriptions (a webhook URL or an e-mail address, the events it wants
 * and optionally one agency), the outbox of deliveries, and the log of
 * every delivery attempt. The service (src/notify) validates every value.
 * Strings handed to a callback live during it only.
 */

/* Non-zero inside store_begin .. commit/rollback (for services that join the caller's). */
int store_tx_open(store *s);

typedef struct store_notify_sub {
    int64_t id;
    const char *kind;   /* "webhook" or "email" */
    const char *target; /* the URL or the address */
    const char *secret; /* webhook signing key; NULL: none */
    const char *agency; /* NULL: events of every agency */
    const char *events; /* iteration only: the event names joined by ',' */
    int64_t created;
} store_notify_sub;

/* Insert the subscription and its events ("*": all); sets sub->id. */
int store_notify_sub_add(store *s, store_notify_sub *sub, const char *const *events, size_t nevents,
                         gisac_err *err);
/*
 * Remove subscription id (kept, marked removed at now) and cancel its
 * pending deliveries (*cancelled of them). GISAC_ENOTFOUND when there is
 * no such active subscription.
 */
int store_notify_sub_remove(store *s, int64_t id, int64_t now, int64_t *cancelled, gisac_err *err);
typedef int (*store_notify_sub_cb)(void *ctx, const store_notify_sub *sub);
/* The active subscriptions, by id. */
int store_notify_sub_iter(store *s, store_notify_sub_cb cb, void *ctx, gisac_err *err);

/*
 * Queue one delivery, due at now, for every active subscription that
 * wants event (or "*") and whose agency is NULL or equal to agency (NULL:
 * only subscriptions without one). Ids of the new deliveries go to cb
 * (may be NULL); *queued counts them. Runs in the caller's transaction.
 */
int store_notify_enqueue(store *s, const char *event, const char *agency, const char *subject,
                         const char *payload, int64_t now, void (*cb)(void *ctx, int64_t id),
                         void *ctx, int64_t *queued, gisac_err *err);

typedef struct store_notify_delivery {
    int64_t id, sub_id;
    const char *kind, *target, *secret; /* of the subscription */
    const char *event, *agency, *subject, *payload;
    const char *status; /* "pending", "sent", "failed", "cancelled" */
    int64_t attempts;
    int64_t created;
    int64_t next_at; /* when pending: due at */
    int64_t done_at; /* sent, failed, cancelled: when; else 0 */
} store_notify_delivery;
typedef int (*store_notify_delivery_cb)(void *ctx, const store_notify_delivery *d);

/* Pending deliveries with next_at <= now, oldest due first, at most limit (0: all). */
int store_notify_due(store *s, int64_t now, size_t limit, store_notify_delivery_cb cb, void *ctx,
                     gisac_err *err);
/* Set a pending delivery's next_at (a lease while it is being sent). */
int store_notify_set_next(store *s, int64_t id, int64_t next_at, gisac_err *err);
/* Deliveries by id; status NULL: any. */
int store_notify_delivery_iter(store *s, const char *status, store_notify_delivery_cb cb, void *ctx,
                               gisac_err *err);

typedef struct store_notify_attempt {
    int64_t delivery_id;
    int64_t attempt; /* 1, 2, ... */
    int64_t at;
    int ok;
    int64_t code;      /* HTTP status or SMTP reply; 0: none */
    const char *error; /* NULL when ok */
    /* iteration only: of the delivery and its subscription */
    const char *event, *kind, *target, *status;
} store_notify_attempt;

/*
 * Log one attempt and move its delivery on: attempts = a->attempt, status
 * (pending: due at next_at; sent or failed: done at a->at).
 */
int store_notify_attempt_add(store *s, const store_notify_attempt *a, const char *status,
                             int64_t next_at, gisac_err *err);
typedef int (*store_notify_attempt_cb)(void *ctx, const store_notify_attempt *a);
/* The attempts as they were made; failed_only: those of failed deliveries only. */
int store_notify_attempt_iter(store *s, int failed_only, store_notify_attempt_cb cb, void *ctx,
                              gisac_err *err);

/* ==== incidents, policies, evidence (issue 5; src/store/store_incident.c,
 * src/store/store_evidence.c; schema 6) ==================================== */

/*
 * Rows only: the rules (levels, deadlines, transitions, roles, agency
 * isolation) live in src/policy and src/incident. Times are epoch seconds,
 * 0 for NULL. Strings handed to a callback live during it; those filled by
 * *_get are copied into the caller's arena. Writes that record "who" take
 * the handle's actor (store_set_actor).
 */

typedef struct store_policy {
    int version;        /* set by insert: the newest + 1 */
    const char *body;   /* canonical JSON text (policy_to_json) */
    const char *sha256; /* hex of body */
    const char *source; /* "builtin" or the file it came from */
    const char *actor;  /* filled by get; insert takes the handle's */
    int64_t created;
} store_policy;

/* Insert as the next version (run it inside a transaction). */
int store_policy_insert(store *s, store_policy *p, gisac_err *err);
/* version 0: the newest. GISAC_ENOTFOUND when there is none. */
int store_policy_get(store *s, int version, store_policy *out, gisac_arena *arena, gisac_err *err);

typedef struct store_incident {
    int64_t id;
    const char *ref; /* "INC-2026-000123" */
    int year;
    int64_t seq;
    const char *agency, *title, *description, *category;
    const char *asset, *confidentiality, *integrity, *availability;
    int level, level_computed, level_override; /* 0: none / not determined */
    const char *override_reason;
    int policy_version;
    const char *status;
    int64_t occurred_at, aware_at, reported_at, last_report_at, report_clock;
    int report_restarted, report_pending;
    int64_t review_clock; /* the report the review counts from */
    int64_t reviewed_at, recovered_at, investigated_at, closed_at;
    const char *close_reason, *origin, *created_by;
    int64_t created, modified;
} store_incident;

/* The next free sequence number of year (run it inside a transaction). */
int store_incident_next_seq(store *s, int year, int64_t *seq, gisac_err *err);
/* Insert; sets in->id. GISAC_EINVAL when the agency does not exist. */
int store_incident_insert(store *s, store_incident *in, gisac_err *err);
/* Rewrite every column of the row in->id. */
int store_incident_update(store *s, const store_incident *in, gisac_err *err);
int store_incident_get(store *s, const char *ref, store_incident *out, gisac_arena *arena,
                       gisac_err *err);

typedef struct store_incident_filter {
    const char *agency;            /* NULL: any */
    int open_only;                 /* status is not closed */
    const char *status;            /* NULL: any */
    const char *origin;            /* NULL: any */
    int64_t since;                 /* created >= since; 0: any */
    int64_t after_year, after_seq; /* only those after this (year, seq); 0, 0: from the start */
} store_incident_filter;
typedef int (*store_incident_cb)(void *ctx, const store_incident *in);
/* Matching incidents by (year, seq). f may be NULL. cb returns non-zero to stop. */
int store_incident_iter(store *s, const store_incident_filter *f, store_incident_cb cb, void *ctx,
                        gisac_err *err);

typedef struct store_breach {
    int64_t incident_id;
    const char *ref, *agency; /* filled by iter */
    const char *kind;         /* "report", "review", "recover", "investigation_report" */
    int64_t due, recorded;
} store_breach;
/* Record a breach once: *added = 0 when (incident, kind, due) was there already. */
int store_breach_add(store *s, int64_t incident_id, const char *kind, int64_t due, int64_t recorded,
                     int *added, gisac_err *err);
typedef int (*store_breach_cb)(void *ctx, const store_breach *b);
/* Breaches of one incident (0: all), of one agency (NULL: any), by due time. */
int store_breach_iter(store *s, int64_t incident_id, const char *agency, store_breach_cb cb,
                      void *ctx, gisac_err *err);

typedef struct store_incident_event {
    int64_t seq, ts, incident_id;
    const char *ref; /* filled by iter */
    const char *agency, *kind, *detail;
} store_incident_event;
/*
 * Append an event for the notifier (sets ev->seq). dedup (may be NULL)
 * makes it happen once: *added = 0 when an event with that key exists.
 */
int store_incident_event_add(store *s, store_incident_event *ev, const char *dedup, int *added,
                             gisac_err *err);
typedef int (*store_incident_event_cb)(void *ctx, const store_incident_event *ev);
/* Events with seq > after, in order: of every incident (incident_id 0) or of one. */
int store_incident_event_iter(store *s, int64_t after, int64_t incident_id,
                              store_incident_event_cb cb, void *ctx, gisac_err *err);

typedef struct store_incident_link {
    int64_t incident_id;
    const char *kind, *target;
    int64_t added;
} store_incident_link;
/* Link an incident to something (a sighting, an indicator); *added = 0 when linked already. */
int store_incident_link_add(store *s, int64_t incident_id, const char *kind, const char *target,
                            int64_t added_at, int *added, gisac_err *err);
typedef int (*store_incident_link_cb)(void *ctx, const store_incident_link *l);
int store_incident_link_iter(store *s, int64_t incident_id, store_incident_link_cb cb, void *ctx,
                             gisac_err *err);

typedef struct store_evidence {
    int64_t id, incident_id;
    const char *ref, *agency; /* of the incident; filled by reads */
    int n;                    /* 1, 2, ... within the incident; set by insert */
    const char *kind;         /* "evidence" or "report" */
    const char *sha256;
    int64_t size;
    const char *name, *note, *acquired_by;
    int64_t acquired_at;
    const char *custodian;
    int64_t created;
} store_evidence;
/* Insert as the incident's next number; sets ev->id and ev->n. */
int store_evidence_insert(store *s, store_evidence *ev, gisac_err *err);
int store_evidence_get(store *s, int64_t incident_id, int n, store_evidence *out,
                       gisac_arena *arena, gisac_err *err);
typedef int (*store_evidence_cb)(void *ctx, const store_evidence *ev);
/* Evidence of one incident (0: all) of one agency (NULL: any), by incident and number. */
int store_evidence_iter(store *s, int64_t incident_id, const char *agency, store_evidence_cb cb,
                        void *ctx, gisac_err *err);
int store_evidence_set_custodian(store *s, int64_t id, const char *custodian, gisac_err *err);

typedef struct store_custody {
    int64_t seq, evidence_id, ts;
    const char *from; /* NULL: acquisition */
    const char *to, *reason;
    const char *actor; /* filled by iter; add takes the handle's */
} store_custody;
/* Append to the chain of custody; sets c->seq. */
int store_custody_add(store *s, store_custody *c, gisac_err *err);
typedef int (*store_custody_cb)(void *ctx, const store_custody *c);
int store_custody_iter(store *s, int64_t evidence_id, store_custody_cb cb, void *ctx,
                       gisac_err *err);

/* ==== end of incidents, policies, evidence ================================= */

/* ==== advisories (issue 6; src/store/store_advisory.c) ======================= */

/*
 * Rows only: the rules (ids, validation, TLP) live in src/advisory. An
 * advisory row holds what never changes (ref "GISAC-ADV-2026-0001", STIX
 * id, year and number, first publication) and the number of its latest
 * revision; each revision is a row of its own with its content and its
 * lists (indicators by row id, CVE ids, TLP recipients). advisory_vuln
 * holds one row per CVE ever cited: the STIX vulnerability object's id
 * and creation time. Times are epoch seconds. Strings handed to a
 * callback live during it; those filled by *_get are copied into the
 * caller's arena.
 */

typedef struct store_advisory {
    int64_t id; /* the advisory row */
    const char *ref, *stix_id;
    int year;
    int64_t seq;
    int64_t published; /* first publication (revision 1) */
    int latest;        /* the number of the latest revision (reads) */
    int64_t rev_id;    /* the revision row */
    int revision;      /* 1, 2, ... */
    const char *title, *severity, *body, *lang, *author;
    gisac_tlp tlp;
    int64_t rev_published; /* when this revision was published */
} store_advisory;
typedef int (*store_advisory_cb)(void *ctx, const store_advisory *a);

/* The next free number of year (run it inside a transaction). */
int store_advisory_next_seq(store *s, int year, int64_t *seq, gisac_err *err);
/* Insert the advisory row (ref, stix_id, year, seq, published); sets a->id. */
int store_advisory_insert(store *s, store_advisory *a, gisac_err *err);
/*
 * Insert revision a->revision of advisory a->id (title, severity, tlp,
 * body, lang, author, rev_published) with its lists, in order, and make it
 * the latest; sets a->rev_id. Every CVE must be in advisory_vuln
 * (store_advisory_vuln_add) and every recipient an agency (else
 * GISAC_EINVAL).
 */
int store_advisory_revision_insert(store *s, store_advisory *a, const int64_t *indicator_ids,
                                   size_t nindicators, const char *const *cves, size_t ncves,
                                   const char *const *recipients, size_t nrecipients,
                                   gisac_err *err);
/* Record a CVE's vulnerability object (a CVE already there keeps its row). */
int store_advisory_vuln_add(store *s, const char *cve, const char *stix_id, int64_t created,
                            gisac_err *err);

/* Revision (0: the latest) of advisory ref. GISAC_ENOTFOUND when absent. */
int store_advisory_get(store *s, const char *ref, int revision, store_advisory *out,
                       gisac_arena *arena, gisac_err *err);
/* The revision with row id rev_id. */
int store_advisory_get_rev(store *s, int64_t rev_id, store_advisory *out, gisac_arena *arena,
                           gisac_err *err);

typedef struct store_advisory_ind {
    int64_t indicator_id;
    ioc_type type;
    const char *value, *stix_id; /* stix_id: as stored, may be NULL */
    gisac_tlp tlp;
} store_advisory_ind;
typedef int (*store_advisory_ind_cb)(void *ctx, const store_advisory_ind *i);
/* The indicators a revision cites, in its order. */
int store_advisory_indicators(store *s, int64_t rev_id, store_advisory_ind_cb cb, void *ctx,
                              gisac_err *err);

typedef struct store_advisory_cve {
    const char *cve, *stix_id;
    int64_t created;
} store_advisory_cve;
typedef int (*store_advisory_cve_cb)(void *ctx, const store_advisory_cve *c);
/* The CVEs a revision cites, in its order, with their vulnerability rows. */
int store_advisory_cves(store *s, int64_t rev_id, store_advisory_cve_cb cb, void *ctx,
                        gisac_err *err);
/* The vulnerability row with this STIX id. GISAC_ENOTFOUND when absent. */
int store_advisory_vuln_get(store *s, const char *stix_id, store_advisory_cve *out,
                            gisac_arena *arena, gisac_err *err);
/* The TLP recipients of a revision, by agency id. */
int store_advisory_recipients(store *s, int64_t rev_id, store_name_cb cb, void *ctx,
                              gisac_err *err);

typedef struct store_advisory_hist {
    int revision;
    int64_t published;
    const char *author;
} store_advisory_hist;
typedef int (*store_advisory_hist_cb)(void *ctx, const store_advisory_hist *h);
/* Every revision of an advisory, oldest first. */
int store_advisory_history(store *s, int64_t advisory_id, store_advisory_hist_cb cb, void *ctx,
                           gisac_err *err);

/*
 * A viewer (max_tlp, recipient) sees a revision when max_tlp is TLP_UNSET,
 * its TLP is at most max_tlp, or recipient is among its recipients.
 */
typedef struct store_advisory_filter {
    int year;             /* 0: any */
    const char *severity; /* NULL: any */
    int64_t from, to;     /* first published in [from, to); 0: unbounded */
    int after_year;       /* keyset: (year, seq) > (after_year, after_seq) */
    int64_t after_seq;
    gisac_tlp max_tlp;     /* the viewer, on the latest revision */
    const char *recipient; /* NULL: none */
    size_t limit;          /* 0: no limit */
} store_advisory_filter;
/* The latest revisions of the matching advisories, by (year, seq). */
int store_advisory_iter(store *s, const store_advisory_filter *f, store_advisory_cb cb, void *ctx,
                        gisac_err *err);
/* Advisories first published in [from, to) (0: unbounded); revisions do not count. */
int store_advisory_count(store *s, int64_t from, int64_t to, int64_t *n, gisac_err *err);

/* Which revisions TAXII reads select. */
enum { STORE_ADV_LATEST = 1, STORE_ADV_FIRST = 2, STORE_ADV_ALL = 4 };
typedef struct store_advisory_taxii {
    gisac_tlp max_tlp; /* the viewer, on each revision */
    const char *recipient;
    int versions; /* STORE_ADV_* bits; a revision published at one of times also counts */
    int64_t times[4];
    size_t ntimes;
    int64_t added_after; /* revisions published after it; 0: any */
    int has_cursor;      /* keyset: (published, id) >= (cursor_published, cursor_rev) */
    int64_t cursor_published, cursor_rev;
    size_t limit; /* 0: no limit */
} store_advisory_taxii;
/* The selected revisions, by (revision published, revision row id). */
int store_advisory_taxii_revs(store *s, const store_advisory_taxii *q, store_advisory_cb cb,
                              void *ctx, gisac_err *err);
/* The selected revisions of the advisory with this STIX id (cursor, limit, added_after unused). */
int store_advisory_taxii_by_stix_id(store *s, const store_advisory_taxii *q, const char *stix_id,
                                    store_advisory_cb cb, void *ctx, gisac_err *err);
/* The selected revisions that cite the CVE of this vulnerability STIX id (the same). */
int store_advisory_taxii_citing(store *s, const store_advisory_taxii *q, const char *vuln_stix_id,
                                store_advisory_cb cb, void *ctx, gisac_err *err);

/* ==== end of advisories ====================================================== */

/* ==== automatic reports (src/incident; SQL in store_autoreport.c) ========== */

/* What automatic reporting needs of one indicator. */
typedef struct store_auto_indicator {
    int64_t id;
    ioc_type type;
    const char *value;
    const char *stix_id;     /* NULL: none stored */
    const char *labels_json; /* a JSON array of strings, or NULL */
    int confidence;          /* -1 when unknown */
    gisac_tlp tlp;
} store_auto_indicator;
/* One indicator by its row id (strings into arena); GISAC_ENOTFOUND when absent. */
int store_indicator_get_id(store *s, int64_t id, store_auto_indicator *out, gisac_arena *arena,
                           gisac_err *err);

/* The sightings an incident was opened or updated from, per (indicator, agency). */
typedef struct store_incident_sighting {
    int64_t incident_id, indicator_id;
    const char *agency;
    int64_t first_seen, last_seen, count;
    int64_t batches;          /* how many reports added to it (iteration only) */
    const char *type, *value; /* the indicator's (iteration only) */
} store_incident_sighting;
/* Add sg->count sightings: first_seen earliest, last_seen latest, counts summed. */
int store_incident_sighting_add(store *s, const store_incident_sighting *sg, gisac_err *err);
typedef int (*store_incident_sighting_cb)(void *ctx, const store_incident_sighting *sg);
/* Those of one incident, by indicator type, value and agency. */
int store_incident_sighting_iter(store *s, int64_t incident_id, store_incident_sighting_cb cb,
                                 void *ctx, gisac_err *err);

/* ==== end of automatic reports =============================================== */

/* ==== alert light and key indicators (src/report; SQL in store_report.c) ===== */

/*
 * store_sighting_add also adds its count to the hour bucket (UTC, the
 * hour that holds last_seen) of (indicator, agency) in the table
 * sighting_hour, in the same transaction. The alert light reads the last
 * 24 buckets, the KPI report sums them per day.
 */
typedef int (*store_sighting_hour_cb)(void *ctx, int64_t hour, const char *agency, int64_t count);
/* Sums per (hour, agency) of the buckets with from <= hour < to, by hour then agency. */
int store_sighting_hours(store *s, int64_t from, int64_t to, store_sighting_hour_cb cb, void *ctx,
                         gisac_err *err);
/* Indicators created in [from, to) that are matchable and not allowlisted (revoked or not). */
int store_indicator_released(store *s, int64_t from, int64_t to, int64_t *n, gisac_err *err);
typedef int (*store_labelled_cb)(void *ctx, int64_t created, int64_t modified,
                                 const char *labels_json);
/*
 * Indicators with labels, not allowlisted, created or modified in
 * [from, to), by id: their created and modified times and their labels (a
 * JSON array text).
 */
int store_indicator_labelled(store *s, int64_t from, int64_t to, store_labelled_cb cb, void *ctx,
                             gisac_err *err);

/* ==== end of alert light and key indicators ================================== */

#endif
