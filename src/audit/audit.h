/*
 * audit: reading the append-only, hash-chained audit log that every write
 * in gisac appends to (store.h, section "audit"). This module only reads:
 *
 *   audit_verify  walk the whole chain, recompute every hash, check every
 *                 link and that seq runs 1, 2, 3, ... without a gap, and
 *                 name the first entry that is wrong and why;
 *   audit_head    the last entry's seq and hash, to be noted elsewhere
 *                 (a ticket, a print-out, another system): verifying
 *                 against a noted head also detects a cut-off tail, which
 *                 the chain alone cannot;
 *   audit_list    entries by actor, action, object and time.
 *
 * What a broken chain says (the first bad entry N is named):
 *   - an entry edited in place: its hash no longer matches its fields
 *     ("hash mismatch");
 *   - entries deleted in the middle: seq jumps over N ("missing");
 *     deleted at the start: the log does not start at 1;
 *   - entries reordered (seq values swapped): N's prev_hash is not the
 *     hash of entry N-1 ("prev_hash does not match");
 *   - entries deleted at the end: only against a noted head.
 * Someone able to rewrite the whole table can recompute every hash after
 * a change; the noted head is what catches that too.
 *
 * Nothing here allocates anything the caller frees.
 */
#ifndef GISAC_AUDIT_H
#define GISAC_AUDIT_H

#include "base/base.h"
#include "store/store.h"

#define AUDIT_HASH_LEN 64

typedef struct audit_head {
    int64_t seq;                   /* 0: the log is empty */
    char hash[AUDIT_HASH_LEN + 1]; /* 64 zeros when empty */
} audit_head;

/* Parse "SEQ:HASH" (SEQ >= 1, HASH 64 hex digits, either case); GISAC_EINVAL with a message. */
int audit_head_parse(const char *text, audit_head *out, gisac_err *err);
/* The newest entry of the log. */
int audit_head_get(store *s, audit_head *out, gisac_err *err);

typedef struct audit_report {
    int64_t entries; /* entries read */
    audit_head head; /* the last entry read */
    int64_t bad_seq; /* 0: intact; else the first bad entry */
    char why[256];   /* what is wrong with it, e.g. "hash mismatch: ..." */
} audit_report;

/*
 * Verify the whole chain, and, when expect is not NULL, that the entry
 * expect->seq is still there with the hash expect->hash. Returns 0 when
 * intact; GISAC_EINVAL when not, with rep->bad_seq and rep->why filled and
 * the message "audit entry N: WHY" in err; GISAC_ESTORE when the log
 * cannot be read.
 */
int audit_verify(store *s, const audit_head *expect, audit_report *rep, gisac_err *err);

/* ---- checkpoints ---------------------------------------------------------
 *
 * A checkpoint is the chain's head signed with the installation's audit key
 * (Ed25519, libsodium crypto_sign), a key kept in a file apart from the
 * database (app_audit_key_path: "<db>.audit-key", mode 0600, made on first
 * use). Writing one appends the entry "audit.checkpoint" (detail: the
 * public key) and signs the head that entry makes, so a checkpoint covers
 * its own entry: seq, hash, time and key are signed as the text
 *   "gisac-audit-checkpoint\n" seq "\n" hash "\n" ts "\n" key "\n"
 * (decimal numbers, hex lower case). Checkpoints are kept in the database
 * and, sent out (the notification "audit.checkpoint") or exported, also
 * elsewhere.
 *
 * Against the checkpoints audit_verify_anchored also tells:
 *   - a cut-off tail (the log ends before a checkpoint's entry), even an
 *     emptied table;
 *   - a recomputed chain (the entry at a checkpoint's seq has another
 *     hash), and so forged entries inserted before it;
 *   - deleted checkpoints, while their "audit.checkpoint" entries are still
 *     in the chain;
 *   - a checkpoint not signed by the installation's key.
 * Entries after the newest checkpoint are intact as a chain but covered by
 * no signature: they are counted (audit_report.after). Whoever can
 * rewrite the database can also delete its checkpoints and the entries
 * that name them; a copy kept outside (audit_verify_anchored's outside)
 * is what catches that.
 */
typedef store_audit_checkpoint audit_checkpoint;

#define AUDIT_CHECKPOINT_EVENT "audit.checkpoint"

/*
 * Write a checkpoint of the chain as it is at now, in the caller's
 * transaction (or in one of its own): append the entry "audit.checkpoint",
 * sign the head, store it. The key at key_path is made when missing.
 * if_moved: write nothing (*written = 0) when the newest entry is a
 * checkpoint's already. *out (may be NULL) receives the checkpoint.
 */
int audit_checkpoint_write(store *s, const char *key_path, int64_t now, int if_moved,
                           audit_checkpoint *out, int *written, gisac_err *err);

/* The newest stored checkpoint; GISAC_ENOTFOUND when there is none. */
int audit_checkpoint_latest(store *s, audit_checkpoint *out, gisac_err *err);

/*
 * Check the signature of c with the key at key_path (not made when
 * missing: GISAC_ENOTFOUND naming the file). 0 when good; GISAC_EINVAL
 * ("signed by another key ...", "bad signature ...") when not.
 */
int audit_checkpoint_check(const audit_checkpoint *c, const char *key_path, gisac_err *err);

/* One checkpoint as a JSON object: seq, hash, time (RFC 3339), key, signature. */
int audit_checkpoint_to_json(const audit_checkpoint *c, gisac_buf *out);

/*
 * Parse a checkpoint as audit_checkpoint_to_json writes it, or the webhook
 * body of the notification "audit.checkpoint" (the checkpoint is its
 * "data"). Checks the shape only (audit_checkpoint_check the signature).
 * GISAC_EINVAL with a message naming the member.
 */
int audit_checkpoint_parse(const char *text, size_t len, audit_checkpoint *out, gisac_err *err);

typedef struct audit_anchor {
    int64_t checkpoints;     /* checkpoints checked (stored, and the outside one) */
    audit_checkpoint latest; /* the newest of them (seq 0: none) */
    int64_t after;           /* entries after it, covered by no checkpoint */
    int outside;             /* an outside copy was given and checked */
} audit_anchor;

/*
 * audit_verify, then the checkpoints: every stored one and outside (may be
 * NULL: a copy kept elsewhere, e.g. from the notification), each signed by
 * the key at key_path and matching the entry it covers, and no
 * "audit.checkpoint" entry without its checkpoint. Without any checkpoint
 * (and no outside) the key is not needed. Returns as audit_verify:
 * GISAC_EINVAL "audit entry N: WHY" when anything is wrong, e.g.
 *   "audit entry 12: missing: the log is empty but the checkpoint of
 *    2026-11-24T00:00:00Z covers 12 entries (the table was emptied)".
 */
int audit_verify_anchored(store *s, const audit_head *expect, const char *key_path,
                          const audit_checkpoint *outside, audit_report *rep, audit_anchor *anc,
                          gisac_err *err);

typedef struct audit_filter {
    const char *actor; /* exactly this actor; NULL: any */
    /* exactly this action ("user.add"), or, ending in '.', every action
     * starting with it ("user."); NULL: any */
    const char *action;
    const char *object; /* entries whose object contains this text; NULL: any */
    int64_t since;      /* ts >= since; 0: no bound */
    int64_t until;      /* ts < until; 0: no bound */
    int64_t after;      /* seq > after (the cursor of a page); 0: from the first */
} audit_filter;

#define AUDIT_FILTER_ALL                                                                           \
    {                                                                                              \
        NULL, NULL, NULL, 0, 0, 0                                                                  \
    }

/* 1 when the entry passes the filter. */
int audit_filter_match(const audit_filter *f, const store_audit_entry *e);

/*
 * The entries passing f, oldest first; cb returns non-zero to stop.
 * *count (may be NULL) receives how many were passed to cb.
 */
int audit_list(store *s, const audit_filter *f, store_audit_cb cb, void *ctx, size_t *count,
               gisac_err *err);

/*
 * One entry as a JSON object (no newline) appended to out: seq, ts,
 * actor, action, object (null when none), detail (the JSON written with
 * the entry; anything else, a damaged row, as a string), hash. 0 or
 * GISAC_ENOMEM.
 */
int audit_entry_to_json(const store_audit_entry *e, gisac_buf *out);

/*
 * The outcome of audit_verify_anchored (rc its result, msg its error's
 * message) as a JSON object appended to out, what "gisac audit verify"
 * says: {"intact":true|false,"entries":N,"head":{"seq","hash"},
 * "problem":null|{"seq":N|null,"message"},"checkpoints":N,
 * "latest_checkpoint":null|{"seq","hash","time"},"after_checkpoint":N}.
 * 0 or GISAC_ENOMEM.
 */
int audit_verification_to_json(int rc, const char *msg, const audit_report *rep,
                               const audit_anchor *anc, gisac_buf *out);

#endif
