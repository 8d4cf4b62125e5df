/*
 * advisory: security advisories (警訊) that the programme publishes to its
 * member agencies, shared as STIX 2.1 report objects over TAXII. Business
 * rules live here; the SQL is in src/store (store_advisory.c); the front
 * ends (gisac advisory, /api/v1/advisories, the TAXII collection
 * "Advisories") parse, call and render. Nothing here prints.
 *
 * Rules:
 *   - an advisory has a readable, stable id "GISAC-ADV-<year>-<4 digits>",
 *     numbered per year of its first publication (UTC), and the STIX id
 *     report--UUIDv5(NS, "advisory:" + id), NS the installation's namespace
 *     when it was first published (base.h, gisac_identity);
 *   - its content: a title (1..ADVISORY_TITLE_MAX characters of UTF-8, no
 *     control characters, trimmed), a severity (low, medium, high,
 *     critical), a TLP 2.0 level (default amber, like imports), a body
 *     (Markdown, 1..ADVISORY_BODY_MAX bytes of UTF-8; tab, CR and LF are
 *     the only control characters allowed), a language (zh-TW, the
 *     default, or en), the indicators it cites and the CVE ids it names.
 *     It cites at least one indicator or CVE: a STIX report must refer to
 *     something;
 *   - indicators are given in any form the ioc module accepts (defanged,
 *     upper case) and must already be in the store (GISAC_EINVAL naming
 *     the value otherwise: import them first). An advisory never reaches
 *     further than what it cites: an indicator above TLP:GREEN needs an
 *     advisory at its TLP or stricter, whose every recipient is one of the
 *     indicator's recipients; an indicator's TLP must not exceed the
 *     advisory's;
 *   - CVE ids are "CVE-YYYY-NNNN" (year from 1999, 4 to 19 digits, no
 *     leading zero beyond four), any case (stored in upper case);
 *   - recipients: the agencies an amber or red advisory is meant for
 *     (each must exist; none for clear and green). Staff (admin, analyst)
 *     read every advisory; everyone else reads clear and green ones, and
 *     amber and red ones only when their agency is a recipient (the rule of
 *     intel_visible). A reader who is not staff also sees only the cited
 *     indicators it may read itself, and never the recipient list; an
 *     advisory left citing nothing it may read is hidden from it;
 *   - lists keep their order; repeats (after normalising) are dropped;
 *   - a correction is a new revision of the same advisory (same id, same
 *     STIX id, a later STIX "modified"): it starts from the latest
 *     revision, and what is given replaces it (a list given replaces the
 *     whole list; changing the TLP to clear or green drops the
 *     recipients). A revision that changes nothing is refused. The author
 *     of each revision is the store handle's actor (store_set_actor);
 *   - published is the first publication; every revision has its own
 *     publication time. The KPI counts advisories by first publication
 *     (advisory_count): revisions do not count again;
 *   - every publication appends an audit entry ("advisory.publish",
 *     "advisory.revise") in the same transaction.
 *
 * Errors: 0 or a negative GISAC_E*: GISAC_EINVAL bad value (with
 * advisory_where naming the field), GISAC_ENOTFOUND no such (visible)
 * advisory, GISAC_ESTORE, GISAC_ENOMEM.
 *
 * Ownership: functions take the intel service (its store and indicator
 * lookups); an advisory filled through advisory ** is the caller's
 * (advisory_free). Records handed to callbacks live during the call.
 * Not thread-safe: one intel handle per thread, as everywhere.
 */
#ifndef GISAC_ADVISORY_H
#define GISAC_ADVISORY_H

#include "base/base.h"
#include "intel/intel.h"
#include "ioc/ioc.h"

#define ADVISORY_ID_MAX         32     /* "GISAC-ADV-2026-0001" and a NUL, with room */
#define ADVISORY_STIX_ID_LEN    64     /* "vulnerability--" + 36 and a NUL, with room */
#define ADVISORY_TITLE_MAX      200    /* characters */
#define ADVISORY_BODY_MAX       100000 /* bytes */
#define ADVISORY_INDICATORS_MAX 1000
#define ADVISORY_CVES_MAX       200
#define ADVISORY_RECIPIENTS_MAX 64
#define ADVISORY_CVE_MAX        32 /* "CVE-" 4 "-" up to 19 digits and a NUL, with room */
#define ADVISORY_LIST_MAX       1000
#define ADVISORY_DEFAULT_TLP    TLP_AMBER
#define ADVISORY_DEFAULT_LANG   "zh-TW"

/* ---- vocabularies ------------------------------------------------------- */

typedef enum advisory_severity {
    ADVISORY_SEV_NONE = 0,
    ADVISORY_SEV_LOW,
    ADVISORY_SEV_MEDIUM,
    ADVISORY_SEV_HIGH,
    ADVISORY_SEV_CRITICAL,
} advisory_severity;

/* "low", "medium", "high", "critical"; "" for none */
const char *advisory_severity_name(advisory_severity s);
/* Any case. ADVISORY_SEV_NONE when s is not a severity. */
advisory_severity advisory_severity_parse(const char *s);

/*
 * The id of advisory seq of year into out. Check and normalise a typed id
 * (any case) into out: 0, or GISAC_EINVAL ("'x' is not an advisory id").
 */
void advisory_id_format(int year, int64_t seq, char out[ADVISORY_ID_MAX]);
int advisory_id_parse(const char *s, char out[ADVISORY_ID_MAX], int *year, int64_t *seq,
                      gisac_err *err);
/* report--UUIDv5(NS, "advisory:" + id), NS the namespace of ident (base.h;
 * NULL: the legacy one); given once, when the advisory is published, and
 * stored */
void advisory_stix_id(const gisac_identity *ident, const char *id, char out[ADVISORY_STIX_ID_LEN]);
/* vulnerability--UUIDv5(NS, "vulnerability:" + cve), stored when first cited */
void advisory_vulnerability_id(const gisac_identity *ident, const char *cve,
                               char out[ADVISORY_STIX_ID_LEN]);
/* Check and normalise a CVE id (upper case) into out: 0 or GISAC_EINVAL. */
int advisory_cve_parse(const char *s, char out[ADVISORY_CVE_MAX], gisac_err *err);

/* ---- who reads ---------------------------------------------------------- */

/*
 * A reader, as intel_visible takes it: max_tlp TLP_UNSET and recipient
 * NULL for staff (admin, analyst); TLP_GREEN and the reader's agency (or
 * NULL) for everyone else.
 */
typedef struct advisory_viewer {
    gisac_tlp max_tlp;
    const char *recipient;
} advisory_viewer;

#define ADVISORY_STAFF                                                                             \
    {                                                                                              \
        TLP_UNSET, NULL                                                                            \
    }

/* ---- an advisory -------------------------------------------------------- */

typedef struct advisory_indicator {
    ioc_type type;
    const char *value;
    const char *stix_id; /* intel_indicator_id: the id of the TAXII/STIX export */
    gisac_tlp tlp;
    int64_t row_id; /* in the store */
} advisory_indicator;

typedef struct advisory_cve {
    const char *id;      /* "CVE-2024-3400" */
    const char *stix_id; /* advisory_vulnerability_id */
    int64_t created;     /* when gisac first cited it: the vulnerability object's time */
} advisory_cve;

typedef struct advisory_version {
    int revision;
    int64_t published;
    const char *author;
} advisory_version;

typedef struct advisory {
    char id[ADVISORY_ID_MAX];
    char stix_id[ADVISORY_STIX_ID_LEN];
    int year;
    int64_t seq;
    int revision; /* this one: 1, 2, ... */
    int latest;   /* the number of the latest revision */
    const char *title, *body, *lang, *author;
    advisory_severity severity;
    gisac_tlp tlp;
    int recipients_shown; /* 0 for readers who are not staff: the list is empty */
    const char *const *recipients;
    size_t nrecipients;
    const advisory_indicator *indicators; /* those the reader may see */
    size_t nindicators;
    const advisory_cve *cves;
    size_t ncves;
    int64_t published;               /* first publication (revision 1) */
    int64_t modified;                /* this revision's publication */
    const advisory_version *history; /* every revision, oldest first */
    size_t nhistory;
    /* private */
    int64_t row_id, rev_id;
    gisac_arena *arena;
} advisory;

void advisory_free(advisory *a);

/* ---- publishing ----------------------------------------------------------- */

/*
 * What to publish. Strings are names as typed ("High", "amber+strict",
 * "en"); every value is checked here. For a new advisory title, severity
 * and body are required; tlp NULL is ADVISORY_DEFAULT_TLP and lang NULL
 * ADVISORY_DEFAULT_LANG. For a revision (revise set) NULL members and
 * lists with has_* 0 keep what the latest revision says.
 */
typedef struct advisory_input {
    const char *revise; /* the id of the advisory to correct; NULL: a new one */
    const char *title, *severity, *tlp, *body, *lang;
    const char *const *recipients;
    size_t nrecipients;
    int has_recipients;
    const char *const *indicators;
    size_t nindicators;
    int has_indicators;
    const char *const *cves;
    size_t ncves;
    int has_cves;
    /* the installation's time zone: a new advisory's number carries the
     * local year of its publication (NULL: UTC) */
    const gisac_tz *tz;
} advisory_input;

/* The member of advisory_input an error is about. */
typedef enum advisory_field {
    ADVISORY_F_NONE = 0, /* the whole input */
    ADVISORY_F_REVISE,
    ADVISORY_F_TITLE,
    ADVISORY_F_SEVERITY,
    ADVISORY_F_TLP,
    ADVISORY_F_RECIPIENTS,
    ADVISORY_F_BODY,
    ADVISORY_F_LANG,
    ADVISORY_F_INDICATORS,
    ADVISORY_F_CVES,
} advisory_field;

typedef struct advisory_where {
    advisory_field field;
    long index; /* the list element, or -1 */
} advisory_where;

/* "revise", "title", ..., "indicators", "cves": the REST API's member names; "" for none */
const char *advisory_field_name(advisory_field f);

/*
 * Publish a new advisory, or a revision of v->revise, at now. On success
 * *out (when out is not NULL) is the published revision as staff sees it.
 * On GISAC_EINVAL, *where (may be NULL) names the member at fault and
 * err->msg says why, naming the value (e.g. "indicator 'evil.example' is
 * not in the store: import it first"). GISAC_ENOTFOUND when the advisory
 * to revise does not exist (where: ADVISORY_F_REVISE).
 */
int advisory_publish(intel *in, const advisory_input *v, int64_t now, advisory **out,
                     advisory_where *where, gisac_err *err);

/* ---- reading -------------------------------------------------------------- */

/*
 * Revision (0: the latest) of advisory id (any case) as reader v sees it.
 * GISAC_EINVAL for a malformed id, GISAC_ENOTFOUND when it does not exist
 * or v may not read it (the two are not told apart).
 */
int advisory_get(intel *in, const char *id, int revision, const advisory_viewer *v, advisory **out,
                 gisac_err *err);

typedef struct advisory_filter {
    int year;                   /* of the id (first publication); 0: any */
    advisory_severity severity; /* of the latest revision; NONE: any */
} advisory_filter;

typedef int (*advisory_cb)(void *ctx, const advisory *a);

/* The latest revisions v may read, by id (year, number). cb returns non-zero to stop. */
int advisory_list(intel *in, const advisory_filter *f, const advisory_viewer *v, advisory_cb cb,
                  void *ctx, gisac_err *err);
/*
 * One page of advisory_list: at most limit (1..ADVISORY_LIST_MAX), after
 * the advisory cursor names (an id; NULL: from the start). When more
 * follow, *more = 1 and next holds the cursor of the next page (the last
 * id given). GISAC_EINVAL for a bad cursor or limit.
 */
int advisory_list_page(intel *in, const advisory_filter *f, const advisory_viewer *v,
                       const char *cursor, size_t limit, advisory_cb cb, void *ctx,
                       char next[ADVISORY_ID_MAX], int *more, gisac_err *err);

/*
 * The number of advisories first published in [from, to) (epoch seconds;
 * 0 for either: unbounded), whatever their TLP. Revisions do not count:
 * the programme's KPI ("at least 200 advisories a year") is
 * advisory_count(in, <Jan 1>, <Jan 1 of the next year>, &n, err).
 */
int advisory_count(intel *in, int64_t from, int64_t to, int64_t *n, gisac_err *err);

/* ---- rendering ------------------------------------------------------------ */

/*
 * The advisory as JSON (the shape of "gisac advisory show --json" and of
 * GET /api/v1/advisories/{id}), compact, appended to out:
 *   {"id","stix_id","revision","latest","title","severity","tlp",
 *    ["recipients" when shown,] "lang","published","modified","author",
 *    "indicators":[{"type","value","id"}],"cves":[..],
 *    ["body",] "revisions":[{"revision","published","author"}]}
 * with_body 0 leaves the body out (lists).
 */
int advisory_to_json(const advisory *a, int with_body, gisac_buf *out);

/*
 * The STIX 2.1 report of a revision, compact, appended to out:
 * id advisory_stix_id, created = first publication, modified = this
 * revision's, published = first publication, name = title, description =
 * body, report_types ["threat-report"] plus "indicator" and
 * "vulnerability" when it cites any, object_refs = the cited indicators'
 * ids (intel_indicator_id) then the CVEs' vulnerability ids, lang,
 * external_references [{"source_name":"gisac","external_id":id}],
 * x_gisac_severity, x_gisac_revision, object_marking_refs the TLP 2.0
 * marking, created_by_ref the installation's identity ident (base.h; NULL:
 * the legacy one), as the STIX export.
 */
int advisory_stix_report(const gisac_identity *ident, const advisory *a, gisac_buf *out);
/*
 * The STIX 2.1 vulnerability of a CVE: name the CVE id, external_references
 * [{"source_name":"cve","external_id":..,"url":"https://www.cve.org/..."}],
 * created = modified = c->created, marked TLP:CLEAR, by the identity ident.
 */
int advisory_stix_vulnerability(const gisac_identity *ident, const advisory_cve *c, gisac_buf *out);
/*
 * A STIX 2.1 bundle of the revision, one object a line: the installation's
 * identity (intel_identity), the TLP marking-definitions used, the active cited indicators
 * (as "intel export --format stix" renders them), the vulnerabilities and
 * the report. The bundle id is UUIDv5 of its content.
 */
int advisory_stix_bundle(intel *in, const advisory *a, int64_t now, gisac_buf *out, gisac_err *err);
/*
 * The same as reader v sees it (NULL: staff): each cited indicator merged
 * from the sources v may read (docs/serve.md), and left out when v may
 * read none of them.
 */
int advisory_stix_bundle_as(intel *in, const advisory *a, const advisory_viewer *v, int64_t now,
                            gisac_buf *out, gisac_err *err);

/* ---- TAXII 2.1: the collection "Advisories" ------------------------------- */

/*
 * The collection holds, for every advisory revision, its vulnerability
 * objects and then its report, as "entries": the date_added of every
 * entry is the revision's publication time, so a correction arrives again
 * for clients polling with added_after. Entries are ordered by (revision
 * published, revision row, position) and paged with an opaque keyset
 * cursor, so "next" is exact however many share a date_added. The report's
 * version is its "modified" (the revision's publication); a
 * vulnerability's only version is its "created". A vulnerability cited by
 * several revisions appears with each (the same object, id and version).
 *
 * Which revisions: by default the latest of each advisory
 * (match[version]=last); match[version] first, all or timestamps select
 * others (ADVISORY_TAXII_*); a timestamp selects the revision published
 * then. Vulnerability entries follow the revisions selected.
 *
 * TLP: each revision is filtered for the viewer like advisory_get
 * (TLP and recipients, and the cited indicators it may read). Who may use
 * the collection at all (AUTH_READ_INTEL) is the caller's business.
 */
#define ADVISORY_TAXII_LIMIT_MAX    1000
#define ADVISORY_TAXII_IDS_MAX      100
#define ADVISORY_TAXII_VERSIONS_MAX 4
#define ADVISORY_TAXII_NEXT_LEN     INTEL_TAXII_NEXT_LEN
#define ADVISORY_TAXII_LATEST       1 /* match[version]=last (the default) */
#define ADVISORY_TAXII_FIRST        2 /* match[version]=first */
#define ADVISORY_TAXII_ALL          4 /* match[version]=all */
#define ADVISORY_TAXII_REPORT       1 /* match[type]=report */
#define ADVISORY_TAXII_VULN         2 /* match[type]=vulnerability */

/* The collection's id: UUIDv5(GISAC_UUID_NS, "collection:advisories"). */
void advisory_taxii_collection_id(char out[GISAC_UUID_LEN]);

typedef struct advisory_taxii_query {
    advisory_viewer viewer;
    int64_t added_after;    /* only entries added later; 0: any */
    const char *next;       /* a cursor from an earlier page, or NULL */
    size_t limit;           /* objects on the page: 1 .. ADVISORY_TAXII_LIMIT_MAX */
    const char *const *ids; /* match[id]: these STIX ids only (nids 0: any) */
    size_t nids;            /* at most ADVISORY_TAXII_IDS_MAX */
    int types;              /* ADVISORY_TAXII_REPORT | _VULN; 0: both */
    int versions;           /* ADVISORY_TAXII_LATEST | _FIRST | _ALL; 0 with no times: latest */
    int64_t times[ADVISORY_TAXII_VERSIONS_MAX]; /* match[version] timestamps */
    size_t ntimes;
    int manifest; /* render manifest entries instead of objects */
} advisory_taxii_query;

typedef intel_taxii_page advisory_taxii_page; /* the same page as intel's */

/*
 * One page of the collection: GET .../objects/ (and .../manifest/ with
 * q->manifest). A manifest entry is {"id","date_added","version",
 * "media_type":"application/stix+json;version=2.1"}. GISAC_EINVAL for a
 * malformed cursor, limit or id list. The caller frees page->objects
 * (advisory_taxii_page_free), also on error.
 */
int advisory_taxii_page_get(intel *in, const advisory_taxii_query *q, advisory_taxii_page *page,
                            gisac_err *err);
void advisory_taxii_page_free(advisory_taxii_page *page);

/*
 * GET .../objects/{id}/: every selected version of the object with STIX
 * id stix_id (a report--, or a vulnerability-- cited by a selected
 * revision the viewer may read) as entries, the same as a page holding
 * only them (q->ids, next, limit and added_after are ignored; q->manifest
 * is honoured). A vulnerability is given once, with the date_added of the
 * first revision citing it. GISAC_ENOTFOUND when there is none. The
 * caller frees page->objects.
 */
int advisory_taxii_object_get(intel *in, const advisory_taxii_query *q, const char *stix_id,
                              advisory_taxii_page *page, gisac_err *err);

/*
 * GET .../objects/{id}/versions/: the versions of the object the viewer
 * may read, oldest first, as ISO 8601 millisecond texts joined by ','
 * (each quoted, ready for "versions":[...]) appended to out; *count of
 * them; *first_added and *last_added their date_added range. Every
 * revision counts whatever q->versions says. GISAC_ENOTFOUND when none.
 */
int advisory_taxii_versions(intel *in, const advisory_taxii_query *q, const char *stix_id,
                            gisac_buf *out, size_t *count, int64_t *first_added,
                            int64_t *last_added, gisac_err *err);

#endif
