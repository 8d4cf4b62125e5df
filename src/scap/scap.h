/*
 * scap.h: SCAP results (docs/scap.md): XCCDF 1.2 result files and ARF
 * reports as OpenSCAP (`oscap xccdf eval --results / --results-arf`) and
 * other SCAP scanners write them, read in a stream, stored per host, and
 * the compliance shares per agency and per rule.
 *
 * The parser is libxml2's reader over a stream (plain, gzip or bzip2),
 * with XML_PARSE_NONET, no DTD loading and no entity substitution; a
 * document with a document type declaration is refused before libxml2
 * sees it, and so are entity references. Memory is bounded by the rule
 * results kept for one file (SCAP_RULES_MAX), whatever the file's size.
 *
 * Compliance share: pass (pass, fixed) over pass + fail, of the latest
 * scan of each host, benchmark and profile; error and unknown results are
 * counted apart, the other results (notapplicable, notchecked,
 * notselected, informational) not at all.
 */
#ifndef GISAC_SCAP_H
#define GISAC_SCAP_H

#include "auth/auth.h"
#include "base/base.h"
#include "store/store.h"

#define SCAP_RULES_MAX 200000
#define SCAP_TEXT_MAX  1024
/* what a compressed file may inflate to */
#define SCAP_INFLATE_MAX ((int64_t)1 << 30)

/* One TestResult of a file. */
typedef struct scap_test {
    const char *id, *benchmark, *profile,
        *host; /* host: the target facts' fqdn, host_name, else target */
    int64_t started, finished;
    int64_t score_milli; /* -1: none */
    size_t first, n;     /* its rule results: rules[first .. first + n) of the file */
} scap_test;

typedef struct scap_rule {
    const char *rule, *result, *severity; /* severity may be NULL */
} scap_rule;

/* What a file holds; strings in the arena. */
typedef struct scap_file {
    scap_test *tests;
    size_t ntests;
    scap_rule *rules;
    size_t nrules;
    gisac_arena *arena;
    size_t cap_tests, cap_rules;
} scap_file;

/* 1 when s is one of the XCCDF 1.2 results (pass, fail, error, ...). */
int scap_result_known(const char *s);

/*
 * Parse the XCCDF results or ARF report at path (plain, gzip or bzip2)
 * into out: 0, or GISAC_EINVAL with the place ("line N: ...") when the
 * file is malformed, hostile or holds no TestResult. scap_file_free
 * frees out (also after an error).
 */
int scap_parse_file(const char *path, scap_file *out, gisac_err *err);
/* The same from memory (plain XML), the fuzz target's entry. */
int scap_parse_mem(const char *data, size_t n, scap_file *out, gisac_err *err);
void scap_file_free(scap_file *f);

/* ---- the service ---- */

typedef struct scap_import_input {
    const char *agency;
    const char *host;      /* NULL: from each TestResult's target facts */
    const char *path;      /* the file (for messages) */
    const scap_file *file; /* what scap_parse_file read from it */
    const char *sha256;    /* of the original file, kept as evidence */
} scap_import_input;
/* What one import stored: a scan per TestResult. */
typedef int (*scap_imported_cb)(void *ctx, const store_scap_scan *scan, int64_t rules);
/*
 * Store the scans of in->file in one transaction (nothing is stored when
 * anything fails), audited. The caller records (write access to the
 * agency, gov_agency_access).
 */
int scap_import(store *s, const auth_principal *who, const scap_import_input *in, int64_t now,
                scap_imported_cb cb, void *ctx, gisac_err *err);
/* The latest scans of each host the caller may read (agency NULL: all it may). */
int scap_hosts(store *s, const auth_principal *who, const char *agency, store_scap_scan_cb cb,
               void *ctx, gisac_err *err);

/* One host's latest scans with their counts and failing rules. */
typedef struct scap_host_view {
    store_scap_scan scan;
    int64_t counts[9]; /* by scap_result_index */
    int64_t total;
} scap_host_view;
/* Index of a known result in the order pass, fail, error, unknown, notapplicable,
 * notchecked, notselected, informational, fixed; -1 otherwise. */
int scap_result_index(const char *s);
const char *scap_result_name(int i);
typedef int (*scap_host_cb)(void *ctx, const scap_host_view *v);
/*
 * The latest scan(s) of host (of agency, or of the only agency that has
 * it among those the caller may read), with counts: GISAC_ENOTFOUND when
 * none; GISAC_EINVAL ("$.agency") when the host name is in several.
 */
int scap_host_show(store *s, const auth_principal *who, const char *agency, const char *host,
                   scap_host_cb cb, void *ctx, gisac_err *err);
/* A scan's rule results (result NULL: all), by rule. */
typedef int (*scap_result_cb)(void *ctx, const char *rule, const char *result,
                              const char *severity);
int scap_scan_results(store *s, const auth_principal *who, int64_t scan, const char *result,
                      scap_result_cb cb, void *ctx, gisac_err *err);
/* Differences between host's two latest scans of the same benchmark and profile. */
typedef int (*scap_diff_cb)(void *ctx, const char *rule, const char *before, const char *after);
int scap_host_diff(store *s, const auth_principal *who, const char *agency, const char *host,
                   scap_diff_cb cb, void *ctx, gisac_err *err);
/* Compliance shares (store_scap_shares) over what the caller may read. */
int scap_shares(store *s, const auth_principal *who, const char *by, const char *agency,
                store_scap_share_cb cb, void *ctx, gisac_err *err);

int scap_scan_to_json(const store_scap_scan *r, gisac_buf *out);
int scap_host_to_json(const scap_host_view *v, gisac_buf *out);

#endif
