/*
 * store_ingest.h: what the NATS workers did (docs/worker.md): each chunk
 * once (ingest_chunk, keyed by the chunk's id, written in the transaction
 * that records its sightings, so that a chunk delivered again records
 * nothing), the chunks set aside after too many failed deliveries (their
 * lines kept), and the workers' heartbeats. Part of store.h (include
 * that, not this).
 */
#ifndef GISAC_STORE_INGEST_H
#define GISAC_STORE_INGEST_H

#define STORE_INGEST_DONE      "done"
#define STORE_INGEST_SET_ASIDE "set_aside"

typedef struct store_ingest_chunk {
    const char *id; /* the chunk id (the message id) */
    const char *agency, *source;
    int64_t offset, seq; /* byte offset in source; the stream's sequence */
    const char *state;   /* STORE_INGEST_DONE or STORE_INGEST_SET_ASIDE */
    int64_t lines, sightings, deliveries;
    const char *reason; /* set aside: the last failure */
    const char *data;   /* set aside: the lines (NULL otherwise) */
    int64_t at;
} store_ingest_chunk;

/* Add c unless its id is there: *added 1 when added, 0 when it was there already. */
int store_ingest_chunk_add(store *s, const store_ingest_chunk *c, int *added, gisac_err *err);
/* Chunks in state (NULL: any) of agency (NULL: every agency) from stream sequence min_seq on. */
int store_ingest_chunk_count(store *s, const char *state, const char *agency, int64_t min_seq,
                             int64_t *n, gisac_err *err);
/*
 * Note that chunk's sightings of indicator are recorded: *added 1 when
 * they were not before (the caller records them), 0 when they were.
 */
int store_ingest_seen_add(store *s, const char *chunk, int64_t indicator, int *added,
                          gisac_err *err);
/* Record that worker name (threads of it) was alive at at. */
int store_ingest_worker_beat(store *s, const char *name, int64_t threads, int64_t at,
                             gisac_err *err);
/* Workers (and their threads) seen since since. */
int store_ingest_workers(store *s, int64_t since, int64_t *workers, int64_t *threads,
                         gisac_err *err);

#endif
