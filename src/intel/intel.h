/*
 * intel: the threat-intelligence service. Import with merging and the
 * allowlist, search, list, stats, revoke, export. Business rules live here;
 * the front ends only parse arguments and render results. Nothing here
 * prints: messages go to the caller's reporter.
 *
 * Rules (docs/architecture.md, docs/serve.md):
 *   - one indicator per (type, normal value), and one record of it per
 *     source: each source's TLP, recipients, confidence, labels, name,
 *     description, STIX id, validity and times are its own; an import
 *     folds its records into its own source's record only and never
 *     changes another source's (nor adds recipients to it);
 *   - a reader sees an indicator merged from the sources it may read under
 *     TLP (staff: all; store_view, store_internal.h): first_seen earliest,
 *     last_seen latest, confidence highest, TLP most restrictive,
 *     valid_until latest, valid_from earliest, labels united, matchable if
 *     any source says so; name, description, STIX id and creator from the
 *     earliest source that gave them;
 *   - a STIX id belongs to one indicator: a record that brings an id
 *     another indicator holds is refused;
 *   - a record without times is taken as seen at the file's modification
 *     time (stdin: now), so re-importing the same file changes nothing;
 *   - active = not revoked, not allowlisted, matchable, not expired;
 *   - an allowlisted value is stored flagged and is never active; adding
 *     or removing an allowlist entry re-flags the indicators it touches.
 *
 * Ownership: intel_new allocates on a store the caller keeps open until
 * intel_close, which frees.
 */
#ifndef GISAC_INTEL_H
#define GISAC_INTEL_H

#include "base/base.h"
#include "export/export.h"
#include "feed/feed.h"
#include "ioc/ioc.h"
#include "store/store.h"

typedef struct intel intel;

/* The service on a store the caller keeps open (and closes after it). */
int intel_new(store *s, intel **out, gisac_err *err);
void intel_close(intel *in);
/* The underlying store, for other services. */
store *intel_store(intel *in);
/*
 * The installation's identity (base.h): the creator of the STIX objects
 * this handle renders and the namespace of their derived ids. Until set,
 * the legacy identity. Setting another namespace drops the index of
 * derived ids, which is rebuilt in the new one on use.
 */
void intel_set_identity(intel *in, const gisac_identity *id);
const gisac_identity *intel_identity(const intel *in);

/*
 * Page cursors are sealed (authenticated encryption, libsodium's
 * secretbox) with a key derived from secret, the installation's key, so
 * that a cursor tells its holder nothing (no row id, no time, no count of
 * rows it may not see) and a forged or altered one is refused. Sealing is
 * deterministic (the nonce a keyed hash of the values): one position gives
 * one cursor, so a page asked twice is answered alike. Without a
 * key set, a handle seals with a random key of its own (cursors then hold
 * for that handle only). 0, or GISAC_EIO when libsodium cannot start.
 */
int intel_set_cursor_key(intel *in, const unsigned char *secret, size_t len);

/*
 * How imports parse their files (docs/sandbox.md). By default each file is
 * parsed in a sandboxed child process (feed_opts.sandbox) with the
 * sandbox's CPU limit and the built-in parsers.
 */
typedef struct intel_parsing {
    int no_sandbox;       /* 1: parse in this process (debugging: GISAC_SANDBOX=off) */
    unsigned cpu_seconds; /* the sandbox's CPU limit a file, 0: its default */
    const char *kind;     /* the parse helper's kind of work (feed_opts.kind), NULL:
                           * the built-in feed parsers */
} intel_parsing;
void intel_set_parsing(intel *in, const intel_parsing *p);
void intel_get_parsing(intel *in, intel_parsing *out);
#define INTEL_CURSOR_SEALED_MAX 160
/* n values (at most 4) sealed as base64url text into out (INTEL_CURSOR_SEALED_MAX bytes). */
int intel_cursor_seal(intel *in, const int64_t *v, size_t n, char *out, size_t cap, gisac_err *err);
/* The n values of a sealed cursor: GISAC_EINVAL when it is not one of ours. */
int intel_cursor_open(intel *in, const char *s, int64_t *v, size_t n, gisac_err *err);

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
    /* labels added to every imported record (gisac feed import --label) */
    const char *const *labels;
    size_t nlabels;
    /* > 0: the one source's list is complete (a feed source's --complete):
     * its records are marked listed now, and its rows not listed for this
     * many seconds are dropped (store_feed_age; counted in sum->dropped) */
    int64_t complete_grace;
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
    size_t dropped; /* rows a complete source no longer lists (complete_grace) */
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
void intel_indicator_id(const gisac_identity *id, ioc_type type, const char *value,
                        const char *stix_id, char *out);

/* "active", "revoked", "expired", "allowlisted" or "context" at time now. */
const char *intel_status(const store_indicator *ind, int64_t now);

typedef struct intel_hit {
    const char *relation; /* "exact", "covering-cidr", "parent-domain", "url-host",
                             "email-domain", "url-on-host", "email-at-domain" */
    const store_indicator *ind;
    const char *status;
} intel_hit;

typedef int (*intel_hit_cb)(void *ctx, const intel_hit *hit);

/*
 * Find the value itself, any cidr covering it, any parent domain, and for
 * a url or e-mail address its host or domain. Returns 0 when something was
 * found, GISAC_ENOTFOUND when nothing was, GISAC_EINVAL for a bad value.
 * The lookups and cb run on one read snapshot (store_read_begin): cb may
 * read the store, not write it.
 */
int intel_search(intel *in, const char *value, intel_hit_cb cb, void *ctx, gisac_err *err);
/*
 * The same as reader v sees it (NULL: staff): only indicators v sees,
 * each merged from the sources v may read (store_view).
 */
int intel_search_as(intel *in, const store_view *v, const char *value, intel_hit_cb cb, void *ctx,
                    gisac_err *err);

/* Sources of one indicator (name, first and last seen). */
int intel_sources(intel *in, int64_t indicator_id, store_source_cb cb, void *ctx, gisac_err *err);
/* Those reader v may read. */
int intel_sources_as(intel *in, const store_view *v, int64_t indicator_id, store_source_cb cb,
                     void *ctx, gisac_err *err);

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
 * Who may read what (TLP 2.0, docs/api.md): staff (admin, analyst) read
 * every TLP; everyone else reads clear and green, and amber or red only
 * when their agency is among the indicator's recipients. A viewer is the
 * pair (max_tlp, recipient) the filters above take: TLP_UNSET and NULL for
 * staff, TLP_GREEN and the agency (or NULL) for the rest.
 */
int intel_visible(intel *in, gisac_tlp max_tlp, const char *recipient, const store_indicator *ind,
                  int *yes, gisac_err *err);
/* The recipients of one indicator. */
int intel_recipients(intel *in, int64_t indicator_id, store_name_cb cb, void *ctx, gisac_err *err);

/*
 * Revoke one indicator (value in any accepted form), or restore a revoked
 * one, with the reason (required: 1..INTEL_REASON_MAX bytes of UTF-8
 * without control characters), audited as indicator.revoke /
 * indicator.restore with the reason. GISAC_ENOTFOUND when there is no such
 * indicator; GISAC_ECONFLICT when it is revoked already (restore: when it
 * is not revoked); GISAC_EINVAL naming "$.reason".
 */
#define INTEL_REASON_MAX 500
int intel_revoke(intel *in, const char *value, const char *reason, gisac_err *err);
int intel_restore(intel *in, const char *value, const char *reason, gisac_err *err);

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
    const char *recipient;   /* with max_tlp: also what is meant for this agency */
    gisac_tlp recipient_max; /* with recipient: what is meant for it up to this TLP only
                              * (TLP_UNSET: at any TLP) */
    /* misp without source: also the indicators that left the data (revoked,
     * allowlisted, expired, moved to another TLP level) within this many
     * seconds before the data's last change, as deleted attributes; 0: none */
    int64_t deleted_keep;
} intel_export_opts;

/*
 * Export the active indicators. *count receives how many were written.
 * The output is a function of the data only (export_opts): its time is
 * the last change of the intelligence and the RPZ serial its generation
 * (store_intel_generation, which first records validity that ran out).
 */
int intel_export(intel *in, const intel_export_opts *o, const char *out_path, FILE *out,
                 size_t *count, gisac_err *err);

/* ---- TAXII 2.1 (src/intel/taxii.c) -------------------------------------- */

/*
 * The TAXII collections. One shared, read-only collection of every active
 * indicator the caller may see under TLP; and one per agency, writable by
 * the agency, holding the active indicators the agency submitted (source
 * "agency:ID"). Objects are the STIX 2.1 indicators "intel export --format
 * stix" writes (export_stix_object); an object's date_added is the
 * indicator's created time in the store and its only version is its
 * modified time. Pages are a keyset on (created, row id), so "next" stays
 * exact when many objects share one date_added; the cursor is opaque text.
 * Who may use which collection is the caller's business (src/http, with
 * auth_can); TLP filtering is done here, from the query's viewer.
 */
#define INTEL_TAXII_LIMIT_MAX    1000
#define INTEL_TAXII_IDS_MAX      100
#define INTEL_TAXII_VERSIONS_MAX 4
#define INTEL_TAXII_NEXT_LEN     160
#define INTEL_TAXII_SOURCE_MAX   80

/* The shared collection's id: UUIDv5(GISAC_UUID_NS, "collection:indicators"). */
void intel_taxii_collection_id(char out[GISAC_UUID_LEN]);
/* An agency's collection id: UUIDv5(GISAC_UUID_NS, "collection:agency:" + id). */
void intel_taxii_agency_collection_id(const char *agency, char out[GISAC_UUID_LEN]);
/* The longest source name a record may give itself (a MISP event's Orgc name). */
#define INTEL_SOURCE_NAME_MAX 200

/* The source name of an agency's submissions: "agency:" + id. */
void intel_taxii_agency_source(const char *agency, char out[INTEL_TAXII_SOURCE_MAX]);

typedef struct intel_taxii_query {
    gisac_tlp max_tlp;      /* TLP_UNSET: any */
    int64_t added_after;    /* only objects added later; 0: any */
    const char *next;       /* a cursor from an earlier page, or NULL */
    size_t limit;           /* 1 .. INTEL_TAXII_LIMIT_MAX */
    const char *const *ids; /* match[id]: these STIX ids only (nids 0: any) */
    size_t nids;            /* at most INTEL_TAXII_IDS_MAX */
    const char *recipient;  /* with max_tlp: also what is meant for this agency */
    const char *source;     /* an agency collection's source; NULL: the shared one */
    /* match[version]: versions (modified times) wanted; nversions 0: any
     * ("last", "first" and "all" are any: there is one version) */
    int64_t versions[INTEL_TAXII_VERSIONS_MAX];
    size_t nversions;
    int manifest; /* render manifest entries instead of objects */
} intel_taxii_query;

/* One page of a TAXII collection: intel's, or the advisories' (advisory.h). */
typedef struct intel_taxii_page {
    gisac_buf objects; /* the objects (or manifest entries), compact, joined by ',' */
    size_t count;      /* the collection's objects on the page */
    int more;
    char next[INTEL_TAXII_NEXT_LEN]; /* the cursor of the next page when more */
    int64_t first_added, last_added; /* of the objects on this page (count > 0) */
    unsigned refs; /* what they refer to: 1 the identity, 2 << t the marking of TLP t */
} intel_taxii_page;

/*
 * A page of objects carries the objects its objects refer to (docs/taxii.md,
 * "What a page refers to"): the installation's identity (created_by_ref) and
 * the TLP marking-definitions (object_marking_refs), first, and they count
 * against limit. intel_taxii_page_admit: 1 when an object marked tlp
 * (TLP_UNSET: none) fits on p within limit together with what it refers to
 * that p does not hold yet (recorded then), 0 when it does not; the first
 * object of a page always fits (with limit 1 or 2 a page may so hold up to
 * 3). intel_taxii_page_refs: put those objects before p's objects.
 */
int intel_taxii_page_admit(intel_taxii_page *p, size_t limit, gisac_tlp tlp);
int intel_taxii_page_refs(const intel *in, intel_taxii_page *p, gisac_err *err);

/*
 * One page. GISAC_EINVAL for a malformed cursor, limit or id list. The
 * caller frees page->objects (intel_taxii_page_free), also on error.
 */
int intel_taxii_page_get(intel *in, const intel_taxii_query *q, intel_taxii_page *page,
                         gisac_err *err);
void intel_taxii_page_free(intel_taxii_page *page);

/*
 * The object with STIX id stix_id in q's collection, if the caller may see
 * it, appended to obj; *added its date_added. GISAC_ENOTFOUND otherwise.
 * Only q's viewer, collection and version filters apply.
 */
int intel_taxii_object_get(intel *in, const intel_taxii_query *q, const char *stix_id,
                           gisac_buf *obj, int64_t *added, gisac_err *err);
/* The versions of one object: *modified (its one version) and *added. */
int intel_taxii_versions(intel *in, const intel_taxii_query *q, const char *stix_id,
                         int64_t *modified, int64_t *added, gisac_err *err);

/*
 * Add the objects of a TAXII envelope ({"objects":[...]}) to agency's
 * collection through the import path (source "agency:ID", TLP amber
 * unless marked, the agency a recipient), and record the status: one
 * success or failure per object, by id. status_id receives the status
 * resource's id. GISAC_EINVAL (nothing done) when the body is not an
 * envelope; the message names the JSON path.
 */
#define INTEL_TAXII_OBJECTS_MAX 10000
int intel_taxii_add(intel *in, const char *agency, int64_t account_id, const char *body, size_t len,
                    char status_id[GISAC_UUID_LEN], gisac_err *err);
/*
 * The status resource as JSON into out, when account_id created it or
 * any is set (staff). GISAC_ENOTFOUND otherwise.
 */
int intel_taxii_status(intel *in, const char *id, int64_t account_id, int any, gisac_buf *out,
                       gisac_err *err);
/*
 * Delete an object from q's collection: from an agency collection the
 * agency's submission is withdrawn (the indicator is revoked when no other
 * source has it); from the shared collection the indicator is revoked.
 * GISAC_ENOTFOUND when the caller cannot see it there.
 */
int intel_taxii_delete(intel *in, const intel_taxii_query *q, const char *stix_id, gisac_err *err);

/* ==== REST API helpers (src/intel/intel_api.c, docs/api.md) ============= */

#define INTEL_PAGE_LIMIT_MAX 1000
/* a cursor's text with its NUL: base64url of "TYPE:VALUE" */
#define INTEL_CURSOR_MAX 5600

/*
 * One page of the indicators f selects, in the order of intel_list (type,
 * then value), at most limit (1 .. INTEL_PAGE_LIMIT_MAX) of them, after the
 * position cursor names (NULL: from the start). The cursor is a keyset on
 * (type, value): pages neither repeat nor skip a row that exists from the
 * first page to the last, whatever is added or changed in between. When
 * more rows follow, *more = 1 and next holds the cursor of the next page.
 * GISAC_EINVAL for a malformed cursor, a bad limit, or a cursor of another
 * type than f->type.
 */
int intel_list_page(intel *in, const store_filter *f, const char *cursor, size_t limit,
                    store_indicator_cb cb, void *ctx, char next[INTEL_CURSOR_MAX], int *more,
                    gisac_err *err);

/*
 * The indicator (type, value in any accepted form) if the viewer
 * (max_tlp, recipient: see intel_visible) may read it: cb is called once.
 * GISAC_EINVAL for a bad value, GISAC_ENOTFOUND when it does not exist or
 * is not visible (the two are not told apart).
 */
int intel_get_visible(intel *in, ioc_type type, const char *value, gisac_tlp max_tlp,
                      const char *recipient, store_indicator_cb cb, void *ctx, gisac_err *err);

/*
 * intel_import of data[0..len) as if it were a file called name (a plain
 * file name: no '/', at most 64 bytes), written now: records without times
 * count as seen at gisac_now(). Messages and errors name the input as
 * name, and o->source NULL takes name as the source. The bytes pass through
 * a private temporary file (under TMPDIR), removed before returning.
 */
int intel_import_buffer(intel *in, const char *name, const char *data, size_t len,
                        const intel_import_opts *o, const intel_reporter *rep,
                        intel_import_summary *sum, gisac_err *err);

/* One indicator to add. Strings are the caller's. */
typedef struct intel_new_indicator {
    ioc_type type; /* IOC_AUTO: detect */
    const char *value;
    gisac_tlp tlp;                  /* TLP_UNSET: the import's default (INTEL_DEFAULT_TLP) */
    int confidence;                 /* -1: none */
    const char *name, *description; /* NULL: none */
    const char *const *labels;
    size_t nlabels;
    int64_t valid_until; /* 0: none */
} intel_new_indicator;

#define INTEL_ADD_MAX 1000

/*
 * Add v[0..n) (1 .. INTEL_ADD_MAX) exactly like an import of a STIX 2.1
 * file holding them (intel_import_buffer, input name "request", format
 * stix, strict): merged by the same rules, audited as "feed.import".
 * o->format, o->column and o->strict are ignored. A value that is not
 * valid for its type gives GISAC_EINVAL with *bad its index and the reason
 * in err, and nothing is written (*bad is (size_t)-1 for other errors).
 */
int intel_add_indicators(intel *in, const intel_new_indicator *v, size_t n,
                         const intel_import_opts *o, const intel_reporter *rep,
                         intel_import_summary *sum, size_t *bad, gisac_err *err);

/* ---- JSON (src/intel/intel_json.c): the one shape of an indicator ------ */

/*
 * The indicator as a JSON object, appended to out: id, type, value,
 * status (at now), tlp, confidence, first_seen, last_seen, valid_from,
 * valid_until, labels, name, description (null when absent). Compact,
 * byte for byte what jansson's JSON_COMPACT writes. Flags:
 *   INTEL_JSON_SOURCE_NAMES  "sources": the names of its sources;
 *   INTEL_JSON_OPEN          the closing brace left out (members follow);
 *   INTEL_JSON_CLI           the command line's lines: name and description
 *                            left out when absent, labels as stored, a
 *                            sighting without agency named "-".
 * GISAC_EINVAL when a string is not UTF-8, GISAC_ENOMEM.
 */
enum { INTEL_JSON_SOURCE_NAMES = 1, INTEL_JSON_OPEN = 2, INTEL_JSON_CLI = 4 };
int intel_indicator_to_json(const store_indicator *ind, int64_t now, unsigned flags,
                            gisac_buf *out);
/* The same with "id" derived in the namespace of id (NULL: the legacy one;
 * intel_indicator_to_json derives it so) when ind has no stix_id. */
int intel_indicator_to_json_as(const store_indicator *ind, const gisac_identity *id, int64_t now,
                               unsigned flags, gisac_buf *out);
/* One source of an indicator: {"name","first_seen","last_seen"}. */
int intel_source_to_json(const store_sighting_source *s, gisac_buf *out);
/* One agency's sightings: {"agency","count","first_seen","last_seen"} (flags: INTEL_JSON_CLI). */
int intel_sighting_to_json(const store_sighting *sg, unsigned flags, gisac_buf *out);
/* A JSON string as jansson writes it; GISAC_EINVAL when s is NULL or not UTF-8. */
int intel_json_str(gisac_buf *out, const char *s);

/* ---- feed sources fetched on schedule (docs/feed-sources.md) ----------- */

/*
 * A feed source: a URL fetched every so often and imported under the
 * source called name through intel_import_mem (the path of `gisac feed
 * import`, one transaction). Limits: name 1-64 characters [A-Za-z0-9._-];
 * url http:// or https://; every 60 s to 30 days; headers "Name: value"
 * (at most 16; values may be secrets: intel_feed_source_to_json shows the
 * names only); labels 1-64 characters each, at most 16; grace 0 to 365
 * days (default INTEL_FEED_GRACE); max_bytes 1 KiB to 4 GiB (default
 * INTEL_FEED_MAX_BYTES).
 */
#define INTEL_FEED_EVERY     3600
#define INTEL_FEED_GRACE     (7 * 86400)
#define INTEL_FEED_MAX_BYTES ((int64_t)256 << 20)
#define INTEL_FEED_MAX_LIST  16
#define INTEL_FEED_REDIRECTS 5

typedef struct intel_feed_def {
    const char *name, *url, *format; /* format: a feed_format name, NULL: auto */
    const char *every;               /* a duration (gisac_duration_parse), NULL: 1h */
    gisac_tlp tlp;                   /* TLP_UNSET: the import's default */
    int confidence;                  /* -1: none */
    const char *const *labels;
    size_t nlabels;
    const char *const *headers;
    size_t nheaders;
    int complete;
    const char *grace; /* a duration, NULL: INTEL_FEED_GRACE; only with complete */
    int64_t max_bytes; /* 0: INTEL_FEED_MAX_BYTES */
} intel_feed_def;

/* Add a source (audited "feed.source.add"); GISAC_EINVAL naming the field, GISAC_EEXIST. */
int intel_feed_add(intel *in, const intel_feed_def *d, gisac_err *err);
/* Remove (the indicators it brought stay), enable or disable one; GISAC_ENOTFOUND. */
int intel_feed_remove(intel *in, const char *name, gisac_err *err);
int intel_feed_enable(intel *in, const char *name, int enable, gisac_err *err);
/* One source (strings into arena) and all of them. */
int intel_feed_get(intel *in, const char *name, store_feed_source *out, gisac_arena *arena,
                   gisac_err *err);
int intel_feed_list(intel *in, store_feed_source_cb cb, void *ctx, gisac_err *err);
/*
 * When the indicator with row id is inactive because no source lists it
 * any more (aging): ,"delisted":{"source","at","reason"} appended to out;
 * nothing otherwise.
 */
int intel_delisted_json(intel *in, int64_t id, gisac_buf *out, gisac_err *err);
/* The enabled sources due at now (store_feed_source_due). */
int intel_feed_due(intel *in, int64_t now, store_feed_source_cb cb, void *ctx, gisac_err *err);

/* f's headers_json as shown: each value replaced by "****" (copied into arena). */
int intel_feed_mask(store_feed_source *f, gisac_arena *arena);
/* The JSON object of a source (docs/feed-sources.md); header values masked. */
int intel_feed_source_to_json(const store_feed_source *f, gisac_buf *out);

/*
 * What a fetch keeps of the answer's header lines (untrusted): the ETag
 * and Last-Modified values and the reason phrase of the last status line
 * ("HTTP/1.1 500 Internal Server Error"; a new one, after a redirect,
 * clears all three). A value too long for its field, or holding a NUL or
 * a control character, is dropped (""). line need not end in CR LF.
 */
typedef struct intel_feed_answer {
    char etag[256], last_modified[128], reason[128];
} intel_feed_answer;
void intel_feed_header_line(intel_feed_answer *a, const char *line, size_t len);

/* What one fetch did. */
typedef struct intel_feed_result {
    int ok;           /* 1: fetched (and imported) or not modified */
    int not_modified; /* the server answered 304 */
    int http_status;  /* 0: no answer */
    int64_t bytes;    /* the body's size (decoded) */
    intel_import_summary sum;
    int64_t next_try;
    char error[GISAC_ERR_MSG]; /* in words, when !ok */
} intel_feed_result;

/*
 * Fetch source name now with libcurl (conditional GET with the ETag and
 * Last-Modified of the last success, gzip and deflate, at most
 * INTEL_FEED_REDIRECTS redirects to http or https (the source's headers
 * to its URL's origin only), TLS verified, the source's size limit,
 * connect 30 s, 10 min a request, abort below 1 byte/s
 * for 60 s), the body into an unlinked temporary file, then imported;
 * the source's status written either way. A failure is a result, not an
 * error (0 with r->ok = 0); an error is returned when the source does not
 * exist or the store fails.
 */
int intel_feed_fetch(intel *in, const char *name, int64_t now, intel_feed_result *r,
                     gisac_err *err);

#endif
