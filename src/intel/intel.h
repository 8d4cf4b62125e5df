/*
 * intel: the threat-intelligence service. Import with merging and the
 * allowlist, search, list, stats, revoke, export. Business rules live here;
 * the front ends only parse arguments and render results. Nothing here
 * prints: messages go to the caller's reporter.
 *
 * Rules (DESIGN.md and docs/architecture.md):
 *   - one indicator per (type, normal value);
 *   - merging: sources kept with each one's first/last seen; first_seen
 *     earliest, last_seen latest, confidence highest, TLP most restrictive,
 *     valid_until latest, valid_from earliest, labels united, matchable if
 *     any source says so; name, description, STIX id and creator kept from
 *     the first source that gave them;
 *   - a record without times is taken as seen at the file's modification
 *     time (stdin: now), so re-importing the same file changes nothing;
 *   - active = not revoked, not allowlisted, matchable, not expired;
 *   - an allowlisted value is stored flagged and is never active; adding
 *     or removing an allowlist entry re-flags the indicators it touches.
 *
 * Ownership: intel_open allocates, intel_close frees (and closes the store).
 */
#ifndef GISAC_INTEL_H
#define GISAC_INTEL_H

#include "base/base.h"
#include "export/export.h"
#include "feed/feed.h"
#include "ioc/ioc.h"
#include "store/store.h"

typedef struct intel intel;

int intel_open(const char *db_path, intel **out, gisac_err *err);
void intel_close(intel *in);
/* The underlying store, for other services. */
store *intel_store(intel *in);

/* Where messages go. Every member may be NULL. */
typedef enum intel_msg_kind {
    INTEL_MSG_REJECT,
    INTEL_MSG_UNSUPPORTED,
    INTEL_MSG_WARN,
} intel_msg_kind;

typedef struct intel_reporter {
    void *ctx;
    void (*message)(void *ctx, intel_msg_kind kind, const char *where, const char *msg);
    /* done of total bytes of the file name; done == total at its end */
    void (*progress)(void *ctx, const char *name, size_t done, size_t total);
} intel_reporter;

/* ---- import ------------------------------------------------------------ */

typedef struct intel_import_opts {
    feed_format format;
    const char *column;
    const char *source; /* NULL: each file's base name */
    gisac_tlp tlp;      /* applied when a record has none, or is less strict */
    int confidence;     /* -1: keep the record's */
    int valid_days;     /* 0: no expiry unless the record has one */
    int strict;         /* any rejection aborts, nothing is written */
    /* agencies every imported indicator is also meant for (TLP amber and
     * red recipients), each checked to exist; NULL when nrecipients is 0 */
    const char *const *recipients;
    size_t nrecipients;
} intel_import_opts;

#define INTEL_DEFAULT_TLP TLP_AMBER

typedef struct intel_import_summary {
    size_t files;
    size_t records;     /* accepted by the parsers */
    size_t imported;    /* new indicators */
    size_t merged;      /* existing indicators that changed */
    size_t unchanged;   /* existing indicators already up to date */
    size_t duplicates;  /* repeats within this import */
    size_t rejected;    /* bad values, rows, objects */
    size_t unsupported; /* well formed but not importable */
    size_t allowlisted; /* values on the allowlist */
    size_t warnings;
    double seconds;
} intel_import_summary;

/*
 * Import files in one transaction. Returns 0 when the import committed
 * (rejections are counted, not fatal), GISAC_EABORT when --strict found a
 * rejection (nothing written), or another code when a file could not be
 * read at all (nothing written).
 */
int intel_import(intel *in, const char *const *paths, size_t npaths, const intel_import_opts *o,
                 const intel_reporter *rep, intel_import_summary *sum, gisac_err *err);

/*
 * The same import of one buffer in memory (an upload, a TAXII envelope):
 * name stands for the file name in messages (and the source when
 * o->source is NULL); the observation time of records without one is now.
 */
int intel_import_mem(intel *in, const char *name, const char *data, size_t len,
                     const intel_import_opts *o, const intel_reporter *rep,
                     intel_import_summary *sum, gisac_err *err);

/* ---- query ------------------------------------------------------------- */

/*
 * The indicator's STIX id: the one it arrived with, else
 * "indicator--" + UUIDv5(GISAC_UUID_NS, "type:value"), the same id the
 * STIX export gives it. out holds INTEL_ID_LEN bytes.
 */
#define INTEL_ID_LEN 80
void intel_indicator_id(ioc_type type, const char *value, const char *stix_id, char *out);

/* "active", "revoked", "expired", "allowlisted" or "context" at time now. */
const char *intel_status(const store_indicator *ind, int64_t now);

typedef struct intel_hit {
    const char *relation; /* "exact", "covering-cidr", "parent-domain", "url-host",
                             "email-domain" */
    const store_indicator *ind;
    const char *status;
} intel_hit;

typedef int (*intel_hit_cb)(void *ctx, const intel_hit *hit);

/*
 * Find the value itself, any cidr covering it, any parent domain, and for
 * a url or e-mail address its host or domain. Returns 0 when something was
 * found, GISAC_ENOTFOUND when nothing was, GISAC_EINVAL for a bad value.
 */
int intel_search(intel *in, const char *value, intel_hit_cb cb, void *ctx, gisac_err *err);

/* Sources of one indicator (name, first and last seen). */
int intel_sources(intel *in, int64_t indicator_id, store_source_cb cb, void *ctx, gisac_err *err);

/* Where the indicator was seen (gisac match --record), by agency. */
int intel_sightings(intel *in, int64_t indicator_id, store_sighting_cb cb, void *ctx,
                    gisac_err *err);

int intel_list(intel *in, const store_filter *f, store_indicator_cb cb, void *ctx, gisac_err *err);

typedef struct intel_stats {
    store_totals totals;
    int64_t by_type[IOC_TYPE_COUNT]; /* active indicators of each type */
    int64_t by_type_total[IOC_TYPE_COUNT];
} intel_stats;

/* Totals and counts by type; by source through the callback. */
int intel_get_stats(intel *in, intel_stats *st, store_count_cb by_source, void *ctx,
                    gisac_err *err);

/*
 * Who may read what (TLP 2.0, DESIGN.md): staff (admin, analyst) read
 * every TLP; everyone else reads clear and green, and amber or red only
 * when their agency is among the indicator's recipients. A viewer is the
 * pair (max_tlp, recipient) the filters above take: TLP_UNSET and NULL for
 * staff, TLP_GREEN and the agency (or NULL) for the rest.
 */
int intel_visible(intel *in, gisac_tlp max_tlp, const char *recipient, const store_indicator *ind,
                  int *yes, gisac_err *err);
/* The recipients of one indicator. */
int intel_recipients(intel *in, int64_t indicator_id, store_name_cb cb, void *ctx, gisac_err *err);

/* Revoke one indicator (value in any accepted form). */
int intel_revoke(intel *in, const char *value, gisac_err *err);

/* ---- allowlist --------------------------------------------------------- */

/*
 * Add a value (address, cidr, domain, url, hash, e-mail) to the allowlist
 * and flag the indicators it covers. *flagged counts them.
 */
int intel_allow_add(intel *in, const char *value, const char *comment, size_t *flagged,
                    gisac_err *err);
/* Remove it and un-flag the indicators no other entry covers. */
int intel_allow_remove(intel *in, const char *value, size_t *unflagged, gisac_err *err);
int intel_allow_list(intel *in, store_allow_cb cb, void *ctx, gisac_err *err);

/* ---- export ------------------------------------------------------------ */

typedef struct intel_export_opts {
    export_format format;
    ioc_type type;     /* IOC_AUTO: all */
    gisac_tlp max_tlp; /* TLP_UNSET: all */
    const char *source;
    const char *recipient; /* with max_tlp: also what is meant for this agency */
} intel_export_opts;

/* Export the active indicators. *count receives how many were written. */
int intel_export(intel *in, const intel_export_opts *o, const char *out_path, FILE *out,
                 size_t *count, gisac_err *err);

/* ---- TAXII 2.1 (src/intel/taxii.c) -------------------------------------- */

/*
 * The one readable TAXII collection: every active indicator the caller may
 * see, as the STIX 2.1 objects "intel export --format stix" writes
 * (export_stix_object). Its date_added is the indicator's created time in
 * the store. Pages are a keyset on (created, row id), so "next" stays
 * exact when many objects share one date_added; the cursor is opaque text.
 */
#define INTEL_TAXII_LIMIT_MAX 1000
#define INTEL_TAXII_IDS_MAX   100
#define INTEL_TAXII_NEXT_LEN  48

/* The collection's id: UUIDv5(GISAC_UUID_NS, "collection:indicators"). */
void intel_taxii_collection_id(char out[GISAC_UUID_LEN]);

typedef struct intel_taxii_query {
    gisac_tlp max_tlp;      /* TLP_UNSET: any */
    int64_t added_after;    /* only objects added later; 0: any */
    const char *next;       /* a cursor from an earlier page, or NULL */
    size_t limit;           /* 1 .. INTEL_TAXII_LIMIT_MAX */
    const char *const *ids; /* match[id]: these STIX ids only (nids 0: any) */
    size_t nids;            /* at most INTEL_TAXII_IDS_MAX */
    const char *recipient;  /* with max_tlp: also what is meant for this agency */
} intel_taxii_query;

typedef struct intel_taxii_page {
    gisac_buf objects; /* the objects, compact, joined by ',' */
    size_t count;
    int more;
    char next[INTEL_TAXII_NEXT_LEN]; /* the cursor of the next page when more */
    int64_t first_added, last_added; /* of the objects on this page (count > 0) */
} intel_taxii_page;

/*
 * One page. GISAC_EINVAL for a malformed cursor, limit or id list. The
 * caller frees page->objects (intel_taxii_page_free), also on error.
 */
int intel_taxii_page_get(intel *in, const intel_taxii_query *q, intel_taxii_page *page,
                         gisac_err *err);
void intel_taxii_page_free(intel_taxii_page *page);

/*
 * The object with STIX id stix_id appended to obj, if the caller may see
 * it (active, tlp <= max_tlp); *added its date_added. GISAC_ENOTFOUND
 * otherwise.
 */
int intel_taxii_object_get(intel *in, const char *stix_id, gisac_tlp max_tlp, const char *recipient,
                           gisac_buf *obj, int64_t *added, gisac_err *err);

#endif
