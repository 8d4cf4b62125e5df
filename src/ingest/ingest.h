/*
 * ingest: sensor events carried by NATS JetStream (docs/publish.md,
 * docs/worker.md). A service over libnats; it prints nothing.
 *
 *   stream    one JetStream stream (INGEST_STREAM), subjects
 *             gisac.events.<agency>, limits retention (max age, max
 *             bytes), a duplicate window in which a message id seen
 *             before is stored once.
 *   chunk     whole log lines of one agency, with headers naming where
 *             they come from (source, offset, format, sensor). Its id,
 *             the message id, is derived from (agency, source, offset),
 *             so a republish of the same part of a file is the same
 *             message to JetStream and is stored once.
 *   consumer  one durable pull consumer (INGEST_CONSUMER), explicit ack,
 *             shared by every worker; the workers count deliveries
 *             themselves (the consumer redelivers without limit) so that
 *             a chunk is set aside only once it has been written down.
 */
#ifndef GISAC_INGEST_H
#define GISAC_INGEST_H

#include "base/base.h"

#include <stddef.h>
#include <stdint.h>

#define INGEST_STREAM         "GISAC_EVENTS"
#define INGEST_SUBJECT_PREFIX "gisac.events."
#define INGEST_CONSUMER       "gisac-workers"
#define INGEST_ID_LEN         32 /* hex characters of a chunk id */
#define INGEST_SOURCE_MAX     1024

/* ---- the connection ------------------------------------------------------ */

typedef struct ingest_conn ingest_conn;

/*
 * Connect to the NATS server(s) at url (comma-separated nats:// URLs),
 * reconnecting without end when the connection drops (every 250 ms).
 * GISAC_EIO with the server's words when none answers.
 */
int ingest_connect(const char *url, ingest_conn **out, gisac_err *err);
void ingest_close(ingest_conn *c); /* NULL: nothing */
/* Times the connection was lost, and found again, so far. */
uint64_t ingest_disconnects(const ingest_conn *c);
uint64_t ingest_reconnects(const ingest_conn *c);

/* The stream's limits. */
typedef struct ingest_stream_cfg {
    int64_t max_age;    /* seconds a chunk is kept; 0: no limit */
    int64_t max_bytes;  /* bytes kept; 0: no limit (oldest dropped first) */
    int64_t dup_window; /* seconds a message id is remembered; 0: 120 */
    int replicas;       /* copies in a NATS cluster; 0: 1 */
} ingest_stream_cfg;

/* Create the stream with cfg's limits; with update, bring an existing one to them too. */
int ingest_stream_ensure(ingest_conn *c, const ingest_stream_cfg *cfg, int update, gisac_err *err);

/* ---- chunks ----------------------------------------------------------------- */

/* The id of the chunk of agency's source starting at byte offset: 32 hex characters. */
void ingest_chunk_id(const char *agency, const char *source, uint64_t offset,
                     char out[INGEST_ID_LEN + 1]);

typedef struct ingest_chunk {
    char id[INGEST_ID_LEN + 1];
    const char *agency;
    const char *source; /* the file, or the sensor's name and the body's digest */
    uint64_t offset;    /* byte offset of the first line in source */
    const char *format; /* match format name ("auto", "eve", ...) */
    const char *sensor; /* the account that sent it, or NULL */
    const char *data;
    size_t len;
    /* filled by a fetch */
    uint64_t seq;        /* the stream's sequence */
    uint64_t deliveries; /* 1 on the first delivery */
    int64_t time;        /* when the stream stored it (seconds) */
} ingest_chunk;

/*
 * Publish ch (its id set with ingest_chunk_id) to gisac.events.<agency>
 * and wait for JetStream's acknowledgement (the chunk is durable then).
 * *duplicate: 1 when JetStream had it already (stored once). *seq: its
 * stream sequence. GISAC_EIO when the server did not acknowledge within
 * timeout_ms.
 */
int ingest_publish(ingest_conn *c, const ingest_chunk *ch, int64_t timeout_ms, int *duplicate,
                   uint64_t *seq, gisac_err *err);

/* ---- consuming ---------------------------------------------------------------- */

typedef struct ingest_sub ingest_sub;
typedef struct ingest_msg ingest_msg;

/*
 * Bind to the durable pull consumer (created when missing: explicit ack,
 * ack wait ack_wait_ms, deliveries without limit, every agency).
 */
int ingest_sub_open(ingest_conn *c, int64_t ack_wait_ms, ingest_sub **out, gisac_err *err);
void ingest_sub_close(ingest_sub *s); /* NULL: nothing */

/*
 * Up to max chunks, waiting up to timeout_ms: *n of them in msgs (0 on a
 * timeout, not an error). Each is acked, naked or termed, then freed
 * with ingest_msg_free. GISAC_EIO when the connection or the consumer is
 * gone (reopen the subscription).
 */
int ingest_fetch(ingest_sub *s, int max, int64_t timeout_ms, ingest_msg **msgs, int *n,
                 gisac_err *err);
/*
 * A message as the stream would deliver it: subject, headers (key, value
 * pairs, a NULL key ends them) and data[0..len). What ingest_publish
 * sends is made by it, and the tests and the fuzzer read such messages
 * back with ingest_msg_chunk. GISAC_EINVAL when NATS refuses a header.
 */
int ingest_msg_from(const char *subject, const char *const *headers, const char *data, size_t len,
                    ingest_msg **out, gisac_err *err);
/* The chunk a message carries (pointing into it); GISAC_EINVAL when its headers are bad. */
int ingest_msg_chunk(ingest_msg *m, ingest_chunk *out, gisac_err *err);
/* Done: wait for the server to record the acknowledgement. */
int ingest_msg_ack(ingest_msg *m, gisac_err *err);
/* Not done: deliver again after delay_ms. */
int ingest_msg_nak(ingest_msg *m, int64_t delay_ms, gisac_err *err);
/* Never again (the chunk has been set aside). */
int ingest_msg_term(ingest_msg *m, gisac_err *err);
void ingest_msg_free(ingest_msg *m); /* NULL: nothing */

/* The shared consumer as the server sees it. */
typedef struct ingest_consumer_stats {
    uint64_t pending;     /* stored, not yet delivered */
    uint64_t ack_pending; /* delivered, not yet acknowledged */
    uint64_t redelivered; /* delivered more than once, not yet acknowledged */
    uint64_t waiting;     /* pull requests waiting */
    uint64_t delivered;   /* the consumer's last delivered stream sequence */
} ingest_consumer_stats;
/* GISAC_ENOTFOUND when there is no consumer yet. */
int ingest_consumer_stats_get(ingest_conn *c, ingest_consumer_stats *out, gisac_err *err);

/* The stream's first sequence and, per agency, the chunks it keeps. */
typedef int (*ingest_agency_cb)(void *ctx, const char *agency, uint64_t chunks);
int ingest_stream_agencies(ingest_conn *c, uint64_t *first_seq, ingest_agency_cb cb, void *ctx,
                           gisac_err *err);

/* ---- reading back (retro-hunt) ---------------------------------------------- */

/*
 * Every chunk the stream keeps from since (seconds) on, in order, on an
 * ordered ephemeral consumer: cb for each (a non-zero return stops).
 * Stops at the stream's last sequence as of the call.
 */
typedef int (*ingest_chunk_cb)(void *ctx, const ingest_chunk *ch);
int ingest_replay(ingest_conn *c, int64_t since, ingest_chunk_cb cb, void *ctx, gisac_err *err);

#endif
