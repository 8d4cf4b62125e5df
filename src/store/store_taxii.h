/*
 * store_taxii.h: the reads behind the TAXII 2.1 collection of active
 * indicators (src/intel/taxii.c; SQL in src/store/store_taxii.c) and the
 * status rows of add-objects requests. Included by store.h; its general
 * rules hold.
 *
 * Rules of this area:
 *   - Rows handed to the callback carry every column of store_indicator
 *     except range_lo, range_hi and sources (NULL), as the query's reader
 *     (max_tlp, recipient: a store_view) sees them, merged from the
 *     sources it may read; they live during the call only. Every query
 *     keeps to the indicators that reader sees active at now; created,
 *     modified and the source filter are the reader's too.
 *   - Pages are a keyset on (created, id) of what the reader sees.
 *   - Numbers: none assigned; status ids are the caller's UUIDs.
 *   - store_taxii_status_get copies into the caller's arena.
 *   - Callbacks stream (the hot path): they must not call the store.
 */
#ifndef GISAC_STORE_TAXII_H
#define GISAC_STORE_TAXII_H

#include "store/store.h"

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
 * Rows with id > after_id, active or not, in id order, each of which some
 * reader may see under its derived STIX id (one whose visible sources
 * gave none); only id, type, value and created filled (stix_id NULL). For
 * an index of derived ids kept up to date by scanning only the rows added
 * since.
 */
int store_taxii_derived_after(store *s, int64_t after_id, store_indicator_cb cb, void *ctx,
                              gisac_err *err);

/* One row by its row id, when it passes the filters of q (cursor and limit ignored). */
int store_taxii_get(store *s, const store_taxii_query *q, int64_t id, store_indicator_cb cb,
                    void *ctx, gisac_err *err);

#endif
