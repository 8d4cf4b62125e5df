/*
 * store_advisory.h: advisories, their revisions and what they cite
 * (src/store/store_advisory.c). Included by store.h; its general rules
 * hold.
 *
 * Rules of this area:
 *   - Rows only: the rules (ids, validation, TLP) live in src/advisory.
 *   - An advisory row holds what never changes (ref "GISAC-ADV-2026-0001",
 *     STIX id, year and number, first publication) and the number of its
 *     latest revision; each revision is a row of its own with its content
 *     and its lists (indicators by row id, CVE ids, TLP recipients).
 *     advisory_vuln holds one row per CVE ever cited: the STIX
 *     vulnerability object's id and creation time.
 *   - Ownership: *_get copy into the caller's arena; rows handed to a
 *     callback live during the call.
 *   - Numbers: the store gives the advisory's number within its year
 *     (store_advisory_insert, which then has the caller name the row)
 *     inside the inserting transaction, so that several writers on one
 *     database never take the same one; and the row ids. The revision
 *     number is the caller's (the latest + 1, read in its transaction).
 *   - Callbacks of a revision's lists (indicators, CVEs, recipients,
 *     history) may use the store; those of iter and the TAXII reads must
 *     not.
 *   - Every write here moves the share generation.
 */
#ifndef GISAC_STORE_ADVISORY_H
#define GISAC_STORE_ADVISORY_H

#include "store/store.h"

typedef struct store_advisory {
    int64_t id; /* the advisory row */
    const char *ref, *stix_id;
    int year;
    int64_t seq;       /* given by insert */
    int64_t published; /* first publication (revision 1) */
    int latest;        /* the number of the latest revision (reads) */
    int64_t rev_id;    /* the revision row */
    int revision;      /* 1, 2, ... */
    const char *title, *severity, *body, *lang, *author;
    gisac_tlp tlp;
    int64_t rev_published; /* when this revision was published */
} store_advisory;
typedef int (*store_advisory_cb)(void *ctx, const store_advisory *a);

/*
 * Names a new advisory from the number the store gave it: sets a->ref
 * (e.g. "GISAC-ADV-2026-0001" from a->year and a->seq) and a->stix_id to
 * memory that lives until the insert returns. Called inside the insert,
 * between its statements; it must not call the store. 0 or a GISAC_E*
 * code (which fails the insert).
 */
typedef int (*store_advisory_name_fn)(void *ctx, store_advisory *a, gisac_err *err);
/*
 * Insert the advisory row as the next of a->year: sets a->seq (1, 2, ...
 * per year, without gaps), has name fill a->ref and a->stix_id, writes
 * (ref, stix_id, year, seq, published) and sets a->id. Atomic in the
 * caller's transaction or in one of its own.
 */
int store_advisory_insert(store *s, store_advisory *a, store_advisory_name_fn name, void *ctx,
                          gisac_err *err);
/*
 * Insert revision a->revision of advisory a->id (title, severity, tlp,
 * body, lang, author, rev_published) with its lists, in order, and make it
 * the latest; sets a->rev_id. Every CVE must be in advisory_vuln
 * (store_advisory_vuln_add) and every recipient an agency (else
 * GISAC_EINVAL). All or nothing: atomic in the caller's transaction or in
 * one of its own.
 */
int store_advisory_revision_insert(store *s, store_advisory *a, const int64_t *indicator_ids,
                                   size_t nindicators, const char *const *cves, size_t ncves,
                                   const char *const *recipients, size_t nrecipients,
                                   gisac_err *err);
/* Record a CVE's vulnerability object (a CVE already there keeps its row). */
int store_advisory_vuln_add(store *s, const char *cve, const char *stix_id, int64_t created,
                            gisac_err *err);

/* Revision (0: the latest) of advisory ref. GISAC_ENOTFOUND when absent. */
int store_advisory_get(store *s, const char *ref, int revision, store_advisory *out,
                       gisac_arena *arena, gisac_err *err);
/* The revision with row id rev_id. */
int store_advisory_get_rev(store *s, int64_t rev_id, store_advisory *out, gisac_arena *arena,
                           gisac_err *err);

typedef struct store_advisory_ind {
    int64_t indicator_id;
    ioc_type type;
    const char *value, *stix_id; /* stix_id: as stored, may be NULL */
    gisac_tlp tlp;
} store_advisory_ind;
typedef int (*store_advisory_ind_cb)(void *ctx, const store_advisory_ind *i);
/* The indicators a revision cites, in its order. Callbacks may use the store (so may those of
 * cves, recipients and history: the short lists are read whole first). */
int store_advisory_indicators(store *s, int64_t rev_id, store_advisory_ind_cb cb, void *ctx,
                              gisac_err *err);

typedef struct store_advisory_cve {
    const char *cve, *stix_id;
    int64_t created;
} store_advisory_cve;
typedef int (*store_advisory_cve_cb)(void *ctx, const store_advisory_cve *c);
/* The CVEs a revision cites, in its order, with their vulnerability rows. */
int store_advisory_cves(store *s, int64_t rev_id, store_advisory_cve_cb cb, void *ctx,
                        gisac_err *err);
/* The vulnerability row with this STIX id. GISAC_ENOTFOUND when absent. */
int store_advisory_vuln_get(store *s, const char *stix_id, store_advisory_cve *out,
                            gisac_arena *arena, gisac_err *err);
/* The TLP recipients of a revision, by agency id. */
int store_advisory_recipients(store *s, int64_t rev_id, store_name_cb cb, void *ctx,
                              gisac_err *err);

typedef struct store_advisory_hist {
    int revision;
    int64_t published;
    const char *author;
} store_advisory_hist;
typedef int (*store_advisory_hist_cb)(void *ctx, const store_advisory_hist *h);
/* Every revision of an advisory, oldest first. */
int store_advisory_history(store *s, int64_t advisory_id, store_advisory_hist_cb cb, void *ctx,
                           gisac_err *err);

/*
 * A viewer (max_tlp, recipient) sees a revision when max_tlp is TLP_UNSET,
 * its TLP is at most max_tlp, or recipient is among its recipients.
 */
typedef struct store_advisory_filter {
    int year;             /* 0: any */
    const char *severity; /* NULL: any */
    int64_t from, to;     /* first published in [from, to); 0: unbounded */
    int after_year;       /* keyset: (year, seq) > (after_year, after_seq) */
    int64_t after_seq;
    gisac_tlp max_tlp;     /* the viewer, on the latest revision */
    const char *recipient; /* NULL: none */
    size_t limit;          /* 0: no limit */
} store_advisory_filter;
/* The latest revisions of the matching advisories, by (year, seq). */
int store_advisory_iter(store *s, const store_advisory_filter *f, store_advisory_cb cb, void *ctx,
                        gisac_err *err);
/* Advisories first published in [from, to) (0: unbounded); revisions do not count. */
int store_advisory_count(store *s, int64_t from, int64_t to, int64_t *n, gisac_err *err);

/* Which revisions TAXII reads select. */
enum { STORE_ADV_LATEST = 1, STORE_ADV_FIRST = 2, STORE_ADV_ALL = 4 };
typedef struct store_advisory_taxii {
    gisac_tlp max_tlp; /* the viewer, on each revision */
    const char *recipient;
    int versions; /* STORE_ADV_* bits; a revision published at one of times also counts */
    int64_t times[4];
    size_t ntimes;
    int64_t added_after; /* revisions published after it; 0: any */
    int has_cursor;      /* keyset: (published, id) >= (cursor_published, cursor_rev) */
    int64_t cursor_published, cursor_rev;
    size_t limit; /* 0: no limit */
} store_advisory_taxii;
/* The selected revisions, by (revision published, revision row id). */
int store_advisory_taxii_revs(store *s, const store_advisory_taxii *q, store_advisory_cb cb,
                              void *ctx, gisac_err *err);
/* The selected revisions of the advisory with this STIX id (cursor, limit, added_after unused). */
int store_advisory_taxii_by_stix_id(store *s, const store_advisory_taxii *q, const char *stix_id,
                                    store_advisory_cb cb, void *ctx, gisac_err *err);
/* The selected revisions that cite the CVE of this vulnerability STIX id (the same). */
int store_advisory_taxii_citing(store *s, const store_advisory_taxii *q, const char *vuln_stix_id,
                                store_advisory_cb cb, void *ctx, gisac_err *err);

#endif
