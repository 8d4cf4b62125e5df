/*
 * app_ingest.h: sensor events carried by NATS JetStream (docs/publish.md,
 * docs/worker.md): publishing log files as chunks, the server's
 * POST /api/v1/ingest publishing instead of matching (serve --nats), the
 * workers that match and record them, and what they are doing (status,
 * metrics). Part of app.h (include that, not this).
 */
#ifndef GISAC_APP_INGEST_H
#define GISAC_APP_INGEST_H

#include <stddef.h>
#include <stdint.h>

/* The stream's limits: 0 keeps what the stream has (a new stream: 7 days, no byte limit, one copy).
 */
typedef struct app_retention {
    int64_t max_age;   /* seconds */
    int64_t max_bytes; /* bytes */
    int replicas;      /* copies of the stream in a NATS cluster (1-5) */
} app_retention;

/*
 * Carry ingest through NATS at url for this installation (every handle):
 * connects (reconnecting without end), makes the stream (or brings it to
 * r's limits; r may be NULL). Then app_ingest publishes the lines and
 * answers {"chunk", "agency", "format", "bytes", "lines", "duplicate"}
 * once JetStream has them (app_ingest_queues is 1), and app_status_json
 * and app_ingest_metrics show the consumer's lag. GISAC_EIO when NATS
 * does not answer; GISAC_ECONFLICT when already set.
 */
int app_nats_use(app *a, const char *url, const app_retention *r, gisac_err *err);
/* 1 when app_ingest publishes to NATS (app_nats_use), 0 when it matches in the process. */
int app_ingest_queues(app *a);

/* ---- gisac publish ---------------------------------------------------------- */

#define APP_PUBLISH_CHUNK_DEFAULT (256 * 1024)
#define APP_PUBLISH_CHUNK_MAX     (768 * 1024) /* below NATS's default payload limit */

typedef struct app_publish_opts {
    const char *url;
    const char *agency; /* the agency the logs come from (an agency id) */
    const char *format; /* NULL: "auto" */
    size_t chunk_bytes; /* 0: APP_PUBLISH_CHUNK_DEFAULT */
    volatile int *stop; /* set non-zero to stop between chunks; may be NULL */
} app_publish_opts;

typedef struct app_publish_result {
    uint64_t files, chunks, duplicates, lines, bytes;
    uint64_t resumed;  /* bytes passed over: published before (the state files) */
    uint64_t held;     /* bytes of unfinished last lines (no newline yet): not published */
    const char *where; /* on failure: the file it was at, or NULL */
} app_publish_result;

/*
 * Publish inputs ("-": stdin) as chunks of whole lines to NATS, each
 * acknowledged by JetStream before the next. For a file, how far it got
 * is kept beside it in FILE.gisac-publish (written to a temporary file,
 * then renamed) and the next run resumes there (from the start when the
 * file was replaced or truncated). A chunk's id comes from (agency, the
 * file's real path and inode, offset); stdin's from its bytes: the same
 * data published twice is stored once. Needs no database.
 * GISAC_EINVAL for a bad agency id, format or chunk size; GISAC_EIO for
 * NATS and the files.
 */
int app_publish_files(const app_publish_opts *o, const char *const *inputs, size_t n,
                      app_publish_result *res, gisac_err *err);

/* ---- gisac worker ------------------------------------------------------------- */

typedef struct app_worker_opts {
    const char *url;
    int threads;                    /* 0: 1 */
    int batch;                      /* chunks fetched at a time; 0: 16 */
    int max_deliver;                /* deliveries before a chunk is set aside; 0: 5 */
    int64_t ack_wait_ms;            /* redelivered when not acknowledged within; 0: 30 s */
    int64_t nak_delay_ms;           /* a failed chunk comes back after; 0: 1 s */
    int until_idle;                 /* return once nothing is pending or unacknowledged */
    const char *name;               /* the worker's name in status; NULL: host:pid */
    const app_retention *retention; /* NULL: as the stream is */
    volatile int *stop;             /* set non-zero to stop */
} app_worker_opts;

typedef struct app_worker_result {
    uint64_t chunks;     /* recorded */
    uint64_t repeated;   /* delivered again after they were recorded: nothing recorded */
    uint64_t sightings;  /* events that matched, in the chunks recorded */
    uint64_t failures;   /* deliveries that failed (negatively acknowledged or set aside) */
    uint64_t set_aside;  /* chunks set aside after max_deliver failed deliveries */
    uint64_t reconnects; /* to NATS, the subscription rebuilt, the database reopened */
} app_worker_result;

/*
 * Pull chunks from the shared durable consumer on o->threads threads
 * (each its own store connection), match each against the live snapshot
 * and record its sightings (app_record_sightings, via "worker") in one
 * transaction with the chunk's id (a chunk recorded before records
 * nothing), then acknowledge it. A failure is acknowledged negatively
 * (back after o->nak_delay_ms). The database or NATS failing is transient
 * (the thread's store connection is opened again) and never sets a chunk
 * aside; any other failure (a chunk gisac cannot read) at the
 * o->max_deliver-th delivery sets the chunk aside with its lines (counted
 * in status) and ends its deliveries.
 * Runs until *o->stop (or, with until_idle, until the consumer has
 * nothing left). Staff only (GISAC_EFORBIDDEN).
 */
int app_worker_run(app *a, const auth_principal *who, const app_worker_opts *o,
                   app_worker_result *res, gisac_err *err);

/* ---- gisac hunt ------------------------------------------------------------------ */

typedef struct app_hunt_opts {
    const char *url;
    int64_t now, since;    /* the chunks the stream stored from now - since on */
    const char *indicator; /* only this indicator's sightings (any form of its value), or NULL */
    volatile int *stop;
} app_hunt_opts;

typedef struct app_hunt_result {
    uint64_t chunks;     /* read and matched */
    uint64_t sightings;  /* events recorded (sightings not recorded for their chunk before) */
    uint64_t unreadable; /* chunks gisac cannot read (the workers set them aside) */
} app_hunt_result;

/*
 * Retro-hunt: read the chunks the stream still keeps from o->now -
 * o->since on (an ordered consumer of its own, starting by time), match
 * each against the current indicators (or o->indicator alone) and record
 * the sightings at their events' own times (via "hunt"), per chunk and
 * indicator once: a chunk's sightings of an indicator recorded by a worker
 * or an earlier hunt are not recorded again (ingest_seen). Staff only.
 * GISAC_EINVAL at "since" or "indicator"; GISAC_EIO for NATS.
 */
int app_hunt(app *a, const auth_principal *who, const app_hunt_opts *o, app_hunt_result *res,
             gisac_err *err);

/* ---- operating it -------------------------------------------------------------- */

/*
 * The ingest's state as a JSON object into b: {"nats": bool, "workers",
 * "threads" (seen in the last 30 s), "chunks" (recorded), "set_aside",
 * and with NATS: "pending", "unacknowledged", "redelivered",
 * "disconnects", "lag": {agency: chunks kept not yet recorded}}. Staff only.
 */
int app_ingest_status_json(app *a, const auth_principal *who, int64_t now, gisac_buf *b,
                           gisac_err *err);
/* The same as Prometheus metrics (gisac_ingest_*), appended to b. */
int app_ingest_metrics(app *a, const auth_principal *who, int64_t now, gisac_buf *b,
                       gisac_err *err);

#endif
