/*
 * match: second-line monitoring. Sensor logs (Suricata EVE, Zeek TSV and
 * JSON, syslog, CEF, any text) are matched against the active indicators.
 *
 *   match_snapshot  a compiled, immutable, reference-counted indicator set:
 *                   hash sets for exact values (binary for addresses and
 *                   hashes), per-prefix-length hash sets for CIDRs (every
 *                   covering network is found), a right-to-left rolling
 *                   hash over DNS labels for domains (one pass finds the
 *                   name and every parent at a label boundary).
 *   extractors      turn one log line into observables (field, kind, value)
 *                   without allocating: see match_internal.h.
 *   match_run       the pipeline: a reader cuts the input into chunks at
 *                   line boundaries, workers extract and match, results
 *                   are written in input order; the snapshot is swapped
 *                   when the store changes, and an old one is freed when
 *                   the last worker has left it.
 *
 * Semantics (docs/incident.md): an address matches itself and every CIDR that
 * holds it; an observed name matches a domain indicator equal to it or
 * under it at a label boundary, compared as DNS labels (case-insensitive,
 * trailing dot ignored, Unicode turned into A-labels, names a hostname rule
 * would reject still compared); URLs match by normal form; hashes and
 * e-mail addresses case-insensitively. Only active indicators are in a
 * snapshot, so revoked, expired and allowlisted ones never match.
 */
#ifndef GISAC_MATCH_H
#define GISAC_MATCH_H

#include "base/base.h"
#include "ioc/ioc.h"
#include "store/store.h"

#include <signal.h>
#include <stdio.h>

/* ---- snapshot ---------------------------------------------------------- */

typedef struct match_snapshot match_snapshot;

/* What an observed value is, by the field it came from. */
typedef enum match_kind {
    MATCH_ADDR,  /* an IPv4 or IPv6 address */
    MATCH_NAME,  /* a DNS name */
    MATCH_URL,   /* an absolute URL */
    MATCH_HASH,  /* md5, sha1 or sha256 hex */
    MATCH_EMAIL, /* an e-mail address */
    MATCH_TOKEN, /* free text token: whichever of the above it parses as */
} match_kind;

/* One indicator of a snapshot, as a sighting reports it. */
typedef struct match_indicator {
    ioc_type type;
    gisac_tlp tlp;
    int confidence;      /* -1: unknown */
    int64_t store_id;    /* the store's row id */
    const char *sources; /* JSON array text of source names */
    const char *stix_id; /* NULL: derived from type and value */
    const char *value;   /* the normal form */
} match_indicator;

/* Build a snapshot of the indicators active at now. *out has one reference. */
int match_snapshot_build(store *st, int64_t now, match_snapshot **out, gisac_err *err);
void match_snapshot_ref(match_snapshot *s);
/* Drop a reference; the last one frees the snapshot. */
void match_snapshot_unref(match_snapshot *s);
size_t match_snapshot_count(const match_snapshot *s);
/* Bytes held, the values themselves included. */
size_t match_snapshot_bytes(const match_snapshot *s);
/* Bytes of the values (their normal forms) alone. */
size_t match_snapshot_value_bytes(const match_snapshot *s);
/* The earliest valid_until in the snapshot after now (0: none): when it
 * passes, a new snapshot is due. */
int64_t match_snapshot_next_expiry(const match_snapshot *s);
/* Fill *out with indicator idx (its strings live as long as the snapshot). */
int match_snapshot_get(const match_snapshot *s, uint32_t idx, match_indicator *out);

/*
 * Look an observed value up. For every indicator it matches, calls
 * cb(ctx, idx) with the indicator's index. Returns the number of matches.
 * Allocates nothing (a non-ASCII name goes through libidn2, which may).
 */
typedef void (*match_hit_cb)(void *ctx, uint32_t idx);
int match_lookup(const match_snapshot *s, match_kind kind, const char *val, size_t len,
                 match_hit_cb cb, void *ctx);

/* ---- the compiled snapshot (match_snapfile.c) ---------------------------- */

/*
 * A snapshot's binary form: versioned, position-independent (offsets, no
 * pointers), checksummed, loaded by mmap in milliseconds and matching
 * exactly as the snapshot it was saved from. What it was built from is in
 * its header: a reader compares that with the store before using it.
 */
typedef struct match_snapfile_info {
    int64_t share_gen; /* the store's share generation it was built at */
    int64_t built_at;  /* the time it was built for */
    char store_id[48]; /* the installation's identity uuid ("" none) */
} match_snapfile_info;

/* Write s to path: a temporary file beside it (mode 0600), fsync'd, renamed over path. */
int match_snapshot_save(const match_snapshot *s, const match_snapfile_info *info, const char *path,
                        gisac_err *err);
/*
 * Map path read-only and check it: GISAC_ENOTFOUND when there is no file,
 * GISAC_EINVAL (err names what is wrong) when it is not a compiled
 * snapshot of this format and byte order, is truncated, fails its checksum
 * or has an offset, size or reference outside its bounds. *info (may be
 * NULL) gets what it was built from. *out has one reference.
 */
int match_snapshot_load(const char *path, match_snapshot **out, match_snapfile_info *info,
                        gisac_err *err);
/* The same from bytes in memory (copied; e.g. a blob from the database). */
int match_snapshot_load_bytes(const void *data, size_t len, match_snapshot **out,
                              match_snapfile_info *info, gisac_err *err);
/* The compiled form of s in memory (malloc'd into *data, *len bytes; the caller frees it). */
int match_snapshot_bytes_of(const match_snapshot *s, const match_snapfile_info *info, void **data,
                            size_t *len, gisac_err *err);
/* Set the checksum of the image img[0..len) to what its contents give (tests, fuzzing):
 * -1 when its header or sections are out of bounds. */
int match_snapfile_seal(void *img, size_t len);

/* ---- formats ------------------------------------------------------------ */

typedef enum match_format {
    MATCH_FMT_AUTO,
    MATCH_FMT_EVE,
    MATCH_FMT_ZEEK, /* TSV or JSON, detected */
    MATCH_FMT_SYSLOG,
    MATCH_FMT_CEF,
    MATCH_FMT_TEXT,
} match_format;

const char *match_format_name(match_format f);
int match_format_from_name(const char *name, match_format *out);

/* ---- the live snapshot -------------------------------------------------- */

/*
 * The snapshot of a store that is kept current (match_live.c): shared by
 * the threads of a run (gisac match --follow) or of a server (ingest),
 * reference-counted. A get takes a reference to the current snapshot; at
 * most once every check_secs a get looks at the store's share generation
 * (moved by commits that change indicators, the allowlist and the like;
 * not by recorded sightings) and at the snapshot's next expiry, and when
 * either moved builds a new snapshot outside the lock while the others go
 * on with the old one (only the very first build is waited for); the old
 * one is freed when the last holder lets go. The store is opened on the
 * first get, on its own connection to path. Thread-safe.
 */
typedef struct match_live match_live;
int match_live_new(const char *path, double check_secs, match_live **out, gisac_err *err);
void match_live_free(match_live *l); /* NULL: nothing */
/* A reference to the current snapshot at now (the caller unrefs it). */
int match_live_get(match_live *l, int64_t now, match_snapshot **out, gisac_err *err);
/* Snapshots built (or loaded) so far. */
uint64_t match_live_builds(match_live *l);
/*
 * Keep the snapshot compiled in file (match_snapshot_save; NULL: none):
 * when a snapshot is due, the file is loaded instead of building when its
 * header says it was built from this store (installation id) at the
 * current share generation and nothing in it has expired; else the
 * snapshot is built from the store and the file replaced. A file that is
 * damaged, of another format or out of date is never used. Set before the
 * first get.
 */
int match_live_set_file(match_live *l, const char *file, gisac_err *err);
/* 1 when the current snapshot was loaded from the file; note (cap bytes)
 * gets why the file was not used or not written ("" when it was fine). */
int match_live_file_state(match_live *l, char *note, size_t cap);

/* ---- sightings, summed ---------------------------------------------------- */

/* ---- direction ------------------------------------------------------------ */

/*
 * Whether a sighting is the agency's own host reaching out (the source of
 * a connection or the asker of a DNS query to the indicator), the
 * indicator's host reaching in, or unknown (no networks declared, or an
 * event without addresses).
 */
typedef enum match_dir { MATCH_DIR_UNKNOWN, MATCH_DIR_OUTBOUND, MATCH_DIR_INBOUND } match_dir;
#define MATCH_DIRS 3
const char *match_dir_name(match_dir d); /* "unknown", "outbound", "inbound" */
int match_dir_from_name(const char *name, match_dir *out);

/* An agency's own address ranges. */
typedef struct match_net {
    ioc_addr net;
    int prefix128; /* in the 128-bit space (IPv4 /n is /96+n) */
} match_net;
typedef struct match_nets {
    match_net *v;
    size_t n;
} match_nets;
#define MATCH_NETS_INIT                                                                            \
    {                                                                                              \
        NULL, 0                                                                                    \
    }
/* Parse comma-separated normal CIDRs (auth_networks_parse's output; NULL or "": none). */
int match_nets_parse(const char *text, match_nets *out);
void match_nets_free(match_nets *n);
/* 1 when the address text a[0..len) is in one of the networks. */
int match_nets_has(const match_nets *n, const char *a, size_t len);

/* ---- sightings, summed ---------------------------------------------------- */

#define MATCH_HOSTS_KEPT  32   /* internal hosts kept per record */
#define MATCH_EVENTS_KEPT 50   /* first and last events kept per record, each */
#define MATCH_EVENT_MAX   8192 /* bytes of an event kept verbatim (cut beyond) */
#define MATCH_HOST_LEN    46

/* One event kept verbatim. */
typedef struct match_kept {
    int64_t time;
    char *line; /* malloc'd, NUL-terminated, at most MATCH_EVENT_MAX bytes */
} match_kept;

/* The evidence of a record: its internal hosts and first and last events. */
typedef struct match_detail {
    char hosts[MATCH_HOSTS_KEPT][MATCH_HOST_LEN];
    int nhosts;
    match_kept first[MATCH_EVENTS_KEPT];
    int nfirst;
    match_kept last[MATCH_EVENTS_KEPT]; /* a ring after first is full */
    int nlast, next;
    int64_t events; /* events seen (first and last keep a bounded part) */
} match_detail;

/* The last events of d in time order: up to MATCH_EVENTS_KEPT into out. */
int match_detail_last(const match_detail *d, const match_kept **out);

/* Sightings of one indicator by one agency in one direction, summed (one row of a recording). */
typedef struct match_record {
    int64_t indicator;  /* the store's row id */
    const char *agency; /* NULL: not attributed */
    int64_t first, last, count;
    gisac_tlp tlp;        /* the indicator's TLP (as matched) */
    match_dir direction;  /* part of the key */
    match_detail *detail; /* NULL: none (no events kept) */
} match_record;

void match_detail_free(match_detail *d); /* NULL: nothing */
/* Free the details of rows[0..n) and rows. */
void match_records_free(match_record *rows, size_t n);

/* Seconds a sensor's clock may run ahead: a sighting dated later is recorded at now. */
#define MATCH_TIME_SKEW 300

/* When a sighting counts: the event's own time (0: none readable), or now
 * when it has none or is dated beyond MATCH_TIME_SKEW ahead of now. */
int64_t match_seen_at(int64_t event_time, int64_t now);

/*
 * The sum of sightings per indicator (match_agg.c): open addressing on
 * the indicator id. One table holds the sightings of one agency (the
 * agency is given when the rows are taken). Adding allocates only when
 * the table grows. Not thread-safe: callers lock.
 */
typedef struct match_agg {
    match_record *slot; /* indicator 0: a free slot */
    size_t n, cap;
} match_agg;
#define MATCH_AGG_INIT                                                                             \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }
/*
 * Sum r in (by r->indicator and r->direction): count added, first and
 * last widened; r->detail (when given) is taken over by the table.
 */
int match_agg_add(match_agg *g, const match_record *r);
/*
 * Sum in one sighting r (count 1) with its event: line[0..len) kept
 * verbatim among the first or last events, and the internal hosts
 * (nhosts of them) among the record's hosts. Allocates the record's
 * detail once and a copy of the line while it is kept.
 */
int match_agg_add_event(match_agg *g, const match_record *r, const char *line, size_t len,
                        const char hosts[][MATCH_HOST_LEN], int nhosts);
/*
 * The rows (n of them, each with agency set), ordered by indicator id
 * and direction; the table is left empty and the caller frees them with
 * match_records_free.
 */
void match_agg_take(match_agg *g, const char *agency, match_record **rows, size_t *n);
void match_agg_free(match_agg *g);

/* ---- the run ------------------------------------------------------------ */

/*
 * Called at every --record flush with the rows summed since the last one
 * (every few seconds, and at the end; never two at once), from the run's
 * own thread or its caller's: it records them durably (sightings, audit,
 * automatic reports: app_record_sightings). A negative return (err set)
 * keeps them in the table for the next flush. match itself knows nothing
 * of the store's writes, audit or incidents.
 */
typedef int (*match_record_cb)(void *ctx, const match_record *rows, size_t n, gisac_err *err);

typedef struct match_opts {
    match_format format;
    int threads;               /* workers; 0 = number of cores */
    int follow;                /* keep reading at end of file */
    int stix;                  /* write STIX 2.1 sightings, not JSON lines */
    int record;                /* sum sightings for on_record (indicator, first/last, count) */
    const char *agency;        /* attributed agency, or NULL */
    const match_nets *nets;    /* its networks (direction, internal hosts); NULL: none */
    volatile int *stop;        /* set non-zero (e.g. from a signal) to stop following */
    match_record_cb on_record; /* with record */
    void *on_record_ctx;
    /* the installation (base.h): the namespace of the ids of STIX sightings,
     * of derived indicator ids and of the agency's identity; NULL: legacy */
    const gisac_identity *identity;
} match_opts;

typedef struct match_stats {
    uint64_t bytes, lines, events, sightings, unparsed, observables;
    uint64_t reloads;  /* snapshots built during the run */
    int interrupted;   /* stopped before the end (not --follow) */
    uint64_t recorded; /* indicators' sightings recorded (--record) */
    double seconds;
    size_t indicators;
    double build_seconds;    /* the first snapshot */
    size_t snapshot_bytes;   /* its size, values included */
    size_t snapshot_values;  /* the bytes of its values */
    int snapshot_loaded;     /* it was loaded from the compiled file (match_live_set_file) */
    char snapshot_note[256]; /* why the compiled file was not used or written ("": fine) */
    /* the first few unparseable lines: "NAME:LINE: reason" */
    char first_errors[5][160];
    int nerrors;
} match_stats;

/*
 * Match the named inputs ("-" = stdin) and write results to out, against
 * the live snapshot of live (each chunk of lines takes the current one).
 * Returns 0 or a negative code.
 */
int match_run(match_live *live, const char *const *inputs, size_t ninputs, const match_opts *o,
              FILE *out, match_stats *stats, gisac_err *err);

/* ---- one buffer ---------------------------------------------------------- */

/* One sighting in a buffer; pointers live during the callback only. */
typedef struct match_hit {
    uint64_t line;      /* from 1 */
    uint32_t indicator; /* index in the snapshot (match_snapshot_get) */
    const char *field;
    size_t field_len;
    const char *value; /* as observed */
    size_t value_len;
    int64_t time; /* the event's time, 0: none readable */
    /* the event: its line verbatim, its type and addresses (empty: none) */
    const char *text;
    size_t text_len;
    const char *event_type;
    size_t event_type_len;
    const char *src_ip;
    size_t src_len;
    const char *dest_ip;
    size_t dest_len;
} match_hit;

/*
 * The direction of a sighting of agency networks nets (NULL: none) in an
 * event: a DNS event is outbound when either address is internal (the
 * querying host is); another is outbound when its source is internal and
 * is not the observed value itself, inbound when it has addresses and is
 * not outbound, unknown without networks or addresses. The internal
 * hosts of the event go to hosts (*nhosts: 0 to 2).
 */
match_dir match_direction(const match_nets *nets, const char *event_type, size_t event_type_len,
                          const char *src, size_t src_len, const char *dest, size_t dest_len,
                          const char *value, size_t value_len, char hosts[2][MATCH_HOST_LEN],
                          int *nhosts);

typedef struct match_buffer_stats {
    uint64_t lines, events, sightings, unparsed, observables;
    match_format format; /* the one used (detected for MATCH_FMT_AUTO) */
} match_buffer_stats;

/* cb returns non-zero to stop. */
typedef int (*match_hit_fn)(void *ctx, const match_hit *h);
/* An unparseable line (from 1) and why (a static text). Non-zero stops. */
typedef int (*match_error_fn)(void *ctx, uint64_t line, const char *why);

/*
 * Match data[0..len), whole lines (the last may lack its newline), in
 * format fmt (MATCH_FMT_AUTO: detected from the first lines) with the
 * extractors of match_run, against snap. name (may be NULL) stands for a
 * file name: a Zeek log type is guessed from it. One event buffer is
 * allocated per call, nothing per line. Each sighting goes to on_hit
 * (once per field and indicator of an event), each unparseable line to
 * on_error (either may be NULL). Returns 0, a callback's non-zero value,
 * or GISAC_ENOMEM.
 */
int match_buffer(const match_snapshot *snap, const char *data, size_t len, match_format fmt,
                 const char *name, match_hit_fn on_hit, match_error_fn on_error, void *ctx,
                 match_buffer_stats *st);

#endif
