/*
 * store_audit.h: the append-only, hash-chained audit log
 * (src/store/store_audit.c; the entry and its hash are in store.h).
 * Included by store.h; its general rules hold.
 *
 * Rules of this area:
 *   - Every write anywhere in gisac appends an entry in the same
 *     transaction as the write itself; outside a transaction,
 *     store_audit_append opens and commits its own.
 *   - Numbers: the store gives each entry its seq, the newest + 1, and
 *     chains it to the newest entry's hash. Reading the newest entry and
 *     inserting the next one happen inside one write transaction (the
 *     caller's or the append's own), after the counter ("audit") is
 *     bumped: that write locks the chain's head to the transaction, so
 *     that two writers (threads or processes) never chain onto the same
 *     entry.
 *   - Entries handed to a callback live during the call; callbacks may
 *     use the store (entries are read in batches).
 */
#ifndef GISAC_STORE_AUDIT_H
#define GISAC_STORE_AUDIT_H

#include "store/store.h"

/*
 * Append one entry at time ts. action is a dotted verb ("indicator.revoke",
 * "feed.import", "user.add", ...), object names what was written (may be
 * NULL), detail is a JSON object text (may be NULL).
 */
int store_audit_append(store *s, int64_t ts, const char *action, const char *object,
                       const char *detail, gisac_err *err);

typedef int (*store_audit_cb)(void *ctx, const store_audit_entry *e);
/*
 * Every entry in seq order from seq > after, read in batches of 256 by
 * seq: callbacks may use the store. cb returns non-zero to stop.
 */
int store_audit_iter(store *s, int64_t after, store_audit_cb cb, void *ctx, gisac_err *err);

/* The newest entry: its seq (0 when the log is empty) and hash (64 zeros then). */
int store_audit_head(store *s, int64_t *seq, char hash[65], gisac_err *err);

/*
 * A signed checkpoint of the chain (src/audit/audit.h): the entry seq it
 * covers and that entry's hash, when it was made, the public key and the
 * signature (both hex). Kept in the table audit_checkpoint, one per seq.
 */
typedef struct store_audit_checkpoint {
    int64_t seq;
    char hash[65];
    int64_t ts;
    char key[65];        /* Ed25519 public key, 64 hex digits */
    char signature[129]; /* Ed25519 signature, 128 hex digits */
} store_audit_checkpoint;

/* Add one (GISAC_EEXIST when seq has one already). */
int store_audit_checkpoint_add(store *s, const store_audit_checkpoint *c, gisac_err *err);
/* The newest one; GISAC_ENOTFOUND when there is none. */
int store_audit_checkpoint_latest(store *s, store_audit_checkpoint *out, gisac_err *err);
typedef int (*store_audit_checkpoint_cb)(void *ctx, const store_audit_checkpoint *c);
/* Every checkpoint, by seq; read into memory first (callbacks may use the store). */
int store_audit_checkpoint_iter(store *s, store_audit_checkpoint_cb cb, void *ctx, gisac_err *err);

#endif
