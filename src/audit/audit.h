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

typedef struct audit_filter {
    const char *actor; /* exactly this actor; NULL: any */
    /* exactly this action ("user.add"), or, ending in '.', every action
     * starting with it ("user."); NULL: any */
    const char *action;
    const char *object; /* entries whose object contains this text; NULL: any */
    int64_t since;      /* ts >= since; 0: no bound */
    int64_t until;      /* ts < until; 0: no bound */
} audit_filter;

#define AUDIT_FILTER_ALL                                                                           \
    {                                                                                              \
        NULL, NULL, NULL, 0, 0                                                                     \
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

#endif
