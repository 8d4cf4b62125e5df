/*
 * store_indicator.h: indicators, their sources, sightings, counts, the
 * allowlist and TLP recipients (src/store/store_indicator.c). Included by
 * store.h; its general rules hold here.
 *
 * Rules of this area:
 *   - Rows only: normalising values, folding a feed's records into its
 *     source's record and deciding who is which reader live in src/ioc,
 *     src/intel and src/app. The one rule the store applies is what a
 *     reader (store_view) sees of an indicator: the merge of the source
 *     records it may read (store_internal.h, VIEW_*), in SQL so that pages
 *     and filters are exact; every read that takes a reader applies it.
 *   - Numbers: the store gives every new indicator its row id (insert and
 *     insert_many fill it in), inside the inserting transaction: insert_many
 *     numbers its rows after the highest id, read under that transaction's
 *     write lock (its own when the caller has none). Row ids only grow;
 *     rows are never deleted.
 *   - Ownership: store_indicator_find copies into the caller's arena;
 *     rows handed to a callback (and their strings) live during the call.
 *   - Transactions: none needed; insert_many, source_add_many and
 *     source_touch belong in the caller's import transaction for speed.
 *   - Callbacks: those of iter, page, covering, scan_active, sources,
 *     sightings_of and recipients_of may use the store (the rows are read
 *     first); those of the counts and store_allow_iter must not.
 *   - Every write here moves the share generation (store.h).
 */
#ifndef GISAC_STORE_INDICATOR_H
#define GISAC_STORE_INDICATOR_H

#include "store/store.h"

/* ---- readers ------------------------------------------------------------------ */

/*
 * A reader under TLP, as the reads below take it: what it sees of an
 * indicator is merged from the source rows it may read (the rule is in
 * store_internal.h, VIEW_*; src/intel and src/app decide who is which
 * reader). max_tlp TLP_UNSET: every source (staff); else the sources at
 * or below max_tlp, and those listing recipient among their recipients
 * (up to recipient_max; TLP_UNSET: at any TLP).
 */
typedef struct store_view {
    gisac_tlp max_tlp;
    const char *recipient;
    gisac_tlp recipient_max;
} store_view;

#define STORE_VIEW_ALL                                                                             \
    {                                                                                              \
        TLP_UNSET, NULL, TLP_UNSET                                                                 \
    }

/* ---- sources ------------------------------------------------------------------ */

/* The id of the source called name, created if missing. */
int store_source_id(store *s, const char *name, int64_t now, int64_t *id, gisac_err *err);
/* The id of the source called name, without creating it: GISAC_ENOTFOUND. */
int store_source_lookup(store *s, const char *name, int64_t *id, gisac_err *err);

/* ---- indicators --------------------------------------------------------------- */

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
/* The same as reader v sees it (sources filled): GISAC_ENOTFOUND also when v sees nothing of it. */
int store_indicator_find_as(store *s, const store_view *v, ioc_type type, const char *value,
                            store_indicator *out, gisac_arena *arena, gisac_err *err);
/* *yes = 1 when reader v sees the indicator with row id indicator_id. */
int store_indicator_visible(store *s, const store_view *v, int64_t indicator_id, int *yes,
                            gisac_err *err);
/* Insert a new indicator; sets in->id. */
int store_indicator_insert(store *s, store_indicator *in, gisac_err *err);
/*
 * Bulk path for imports: insert n new rows, in batches of any size, and
 * give them their ids (rows[i].id, in order, each above every id before).
 * Atomic in the caller's transaction (an import's) or in one of its own.
 * The caller refers to the new rows (their sources, recipients) by these
 * ids afterwards. Strings need only live until the call returns.
 */
int store_indicator_insert_many(store *s, store_indicator *rows, size_t n, gisac_err *err);

/*
 * One source's own record of an indicator: its attributes as that source
 * gave them (never merged with another source's). A row written by
 * store_indicator_source_touch has only the times (the rest NULL: read
 * through the indicator's own columns).
 */
typedef struct store_source_row {
    int64_t indicator_id, source_id, first_seen, last_seen;
    gisac_tlp tlp;
    int confidence; /* -1: none */
    int matchable;
    const char *stix_id, *name, *description, *labels_json, *created_by;
    int64_t valid_from, valid_until, created, modified;
} store_source_row;
/* New (indicator, source) pairs only, with their attributes. */
int store_indicator_source_add_many(store *s, const store_source_row *rows, size_t n,
                                    gisac_err *err);
/* The row of (indicator, source): GISAC_ENOTFOUND when absent; strings into arena. */
int store_indicator_source_get(store *s, int64_t indicator_id, int64_t source_id,
                               store_source_row *out, gisac_arena *arena, gisac_err *err);
/* Write the row of (indicator, source) with every attribute (insert or replace). */
int store_indicator_source_put(store *s, const store_source_row *row, gisac_err *err);
/* Add agency to the recipients of one source's row (a pair already there is not an error). */
int store_source_recipient_add(store *s, int64_t indicator_id, int64_t source_id,
                               const char *agency, gisac_err *err);
/*
 * Set the indicator row's merged columns (confidence, TLP, times, texts,
 * labels, created, modified) to the merge of all its source rows (what
 * staff see); an indicator without source rows is left alone.
 */
int store_indicator_recompute(store *s, int64_t indicator_id, gisac_err *err);
/*
 * The same after one write only, of a new source row r of indicator old
 * (old as read before it: the merge of its other sources): old's merged
 * columns folded with r's, and the whole merge recomputed when r gives
 * labels or a text old has too (which comes first is the sources' order)
 * or when old had no other source row.
 */
int store_indicator_merge_added(store *s, const store_indicator *old, const store_source_row *r,
                                gisac_err *err);
/*
 * STIX ids are unique: each belongs to one indicator (indicator_stix).
 * *owner the indicator stix_id belongs to (0: none). claim records that
 * it belongs to indicator_id: GISAC_ECONFLICT when it belongs to another.
 */
int store_stix_owner(store *s, const char *stix_id, int64_t *owner, gisac_err *err);
int store_stix_claim(store *s, const char *stix_id, int64_t indicator_id, gisac_err *err);

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
/* Set revoked = 0 (an analyst's restore). GISAC_ENOTFOUND when absent. */
int store_indicator_restore(store *s, ioc_type type, const char *value, int64_t now,
                            gisac_err *err);
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
    /* with recipient: what is meant for it up to this TLP only (TLP_UNSET: any) */
    gisac_tlp recipient_max;
    /* values from value_from (inclusive) to value_to (exclusive), or NULL:
     * an index range (the URLs that start with "http://host") */
    const char *value_from, *value_to;
    /* values that end with this (an e-mail's "@domain"), or NULL */
    const char *value_ends;
} store_filter;

/*
 * The reader of a filter is (max_tlp, recipient, recipient_max): rows are
 * the indicators it sees, merged from its sources (store_view), and
 * active_only and source apply to what it sees (a source it may not read
 * does not select).
 */
#define STORE_FILTER_ALL                                                                           \
    {                                                                                              \
        IOC_AUTO, NULL, 0, 0, TLP_UNSET, 0, NULL, NULL, NULL, NULL, NULL, TLP_UNSET, NULL, NULL,   \
            NULL                                                                                   \
    }

typedef int (*store_indicator_cb)(void *ctx, const store_indicator *ind);
/*
 * Every matching indicator, ordered by type then value, read in batches
 * of 256 rows by (type, value): callbacks may use the store (a row
 * written meanwhile may or may not be seen; none is seen twice).
 */
int store_indicator_iter(store *s, const store_filter *f, store_indicator_cb cb, void *ctx,
                         gisac_err *err);

/*
 * One keyset page within one type (f->type must be set; else GISAC_EINVAL):
 * the indicators f selects with a value after `after` (NULL: from the
 * first), by value, at most limit of them. Starts with an index seek, so a
 * deep page costs what the first does. sources is filled as by iter.
 * Callbacks may use the store (the page is read first).
 */
int store_indicator_page(store *s, const store_filter *f, const char *after, size_t limit,
                         store_indicator_cb cb, void *ctx, gisac_err *err);

/*
 * Every cidr whose range holds all of [lo, hi] (32 hex digits each, as in
 * range_lo/range_hi), by value; sources is NULL. One index lookup per
 * prefix length present among the stored cidrs (kept in the handle).
 * Callbacks may use the store.
 */
int store_indicator_covering(store *s, const char *lo, const char *hi, store_indicator_cb cb,
                             void *ctx, gisac_err *err);
/* The same as reader v sees them (v NULL: as stored). */
int store_indicator_covering_as(store *s, const store_view *v, const char *lo, const char *hi,
                                store_indicator_cb cb, void *ctx, gisac_err *err);

/*
 * Every indicator active at now, in no particular order, with only id,
 * type, value, stix_id, confidence, tlp, valid_until and sources filled:
 * the lean scan the matcher builds its snapshot from. Read by id in
 * batches (rows, then the sources of their id range): callbacks may use
 * the store.
 */
int store_indicator_scan_active(store *s, int64_t now, store_indicator_cb cb, void *ctx,
                                gisac_err *err);

typedef struct store_sighting_source {
    const char *name;
    int64_t first_seen, last_seen;
} store_sighting_source;
typedef int (*store_source_cb)(void *ctx, const store_sighting_source *src);
/* The sources of one indicator with each one's first and last seen. Callbacks may use the store. */
int store_indicator_sources(store *s, int64_t indicator_id, store_source_cb cb, void *ctx,
                            gisac_err *err);
/* Those reader v may read. */
int store_indicator_sources_as(store *s, const store_view *v, int64_t indicator_id,
                               store_source_cb cb, void *ctx, gisac_err *err);
/*
 * Forget that source gave the indicator (its record and the recipients of
 * its record; the indicator's merged columns are those of the sources
 * left); *left is how many sources it still has. GISAC_ENOTFOUND when the
 * pair did not exist.
 */
int store_indicator_source_remove(store *s, int64_t indicator_id, int64_t source_id, int *left,
                                  gisac_err *err);

/* The highest indicator row id (0: none). */
int store_indicator_max_id(store *s, int64_t *id, gisac_err *err);

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

/* ---- sightings ----------------------------------------------------------------- */

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
/* The sightings of one indicator, by agency. Callbacks may use the store. */
int store_sightings_of(store *s, int64_t indicator_id, store_sighting_cb cb, void *ctx,
                       gisac_err *err);

/* ---- counts ------------------------------------------------------------------- */

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

/* ---- allowlist ---------------------------------------------------------------- */

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

/* ---- TLP levels left ------------------------------------------------------ */

/*
 * A TLP level an indicator had and left (indicator_tlp_past, written by the
 * store itself on every change of an indicator's TLP): until is when it
 * left (at least a second after the indicator's last change before).
 */
typedef struct store_tlp_past {
    ioc_type type;
    const char *value;
    gisac_tlp tlp;
    int64_t until;
} store_tlp_past;
typedef int (*store_tlp_past_cb)(void *ctx, const store_tlp_past *p);
/* Those left at or after since, by type, value and level; rows read first. */
int store_indicator_tlp_past_iter(store *s, int64_t since, store_tlp_past_cb cb, void *ctx,
                                  gisac_err *err);

/* ---- TLP recipients ----------------------------------------------------------- */

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
/* The recipients of one indicator, by agency id. Callbacks may use the store. */
int store_recipients_of(store *s, int64_t indicator_id, store_name_cb cb, void *ctx,
                        gisac_err *err);

#endif
