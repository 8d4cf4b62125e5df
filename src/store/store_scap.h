/*
 * store_scap.h: SCAP scan results (src/scap; SQL in src/store/store_scap.c):
 * one row per imported XCCDF TestResult (a scan of one host) and one per
 * rule result. Included by store.h; its general rules hold.
 *
 * Rules of this area:
 *   - Rows and sums only: what counts as compliant is decided in src/scap;
 *     a result is its code (src/scap: scap_result_index), the sums take
 *     the codes 0 and 8 as pass, 1 as fail, 2 and 3 as other.
 *   - "Latest" scans are each (agency, host, benchmark, profile)'s newest
 *     by finish time, then id: a mark kept by store_scap_scan_add.
 *   - Lists are read into memory before their callbacks run.
 */
#ifndef GISAC_STORE_SCAP_H
#define GISAC_STORE_SCAP_H

#include "store/store.h"

typedef struct store_scap_scan {
    int64_t id;
    const char *agency, *host, *benchmark, *profile, *test_result;
    int64_t started, finished;
    int64_t score_milli; /* the score times 1000; -1: none */
    const char *sha256;
    int64_t imported;
    const char *imported_by;
} store_scap_scan;
/*
 * Insert a scan with its counts (pass, fail, other as above) and mark the
 * latest of its (agency, host, benchmark, profile) again; inside the
 * caller's transaction.
 */
int store_scap_scan_add(store *s, const store_scap_scan *r, int64_t pass, int64_t fail,
                        int64_t other, int64_t *id, gisac_err *err);
int store_scap_result_add(store *s, int64_t scan, const char *rule, int code, const char *severity,
                          gisac_err *err);
typedef int (*store_scap_scan_cb)(void *ctx, const store_scap_scan *r);
/*
 * Scans by agency, host, then newest first: of agency (NULL: of every
 * agency at and below under; both NULL: all); host NULL: every host;
 * latest: only the latest of each (agency, host, benchmark, profile).
 */
int store_scap_scans(store *s, const char *agency, const char *under, const char *host, int latest,
                     store_scap_scan_cb cb, void *ctx, gisac_err *err);
/* The counts of a scan's results: cb(code, n) by code. */
typedef int (*store_scap_count_cb)(void *ctx, int code, int64_t n);
int store_scap_counts(store *s, int64_t scan, store_scap_count_cb cb, void *ctx, gisac_err *err);
/* A scan's rule results (code < 0: all), by rule. */
typedef int (*store_scap_code_cb)(void *ctx, const char *rule, int code, const char *severity);
int store_scap_results(store *s, int64_t scan, int code, store_scap_code_cb cb, void *ctx,
                       gisac_err *err);
/*
 * Over the latest scans (of agency / under / all): per group the numbers
 * of pass (pass, fixed), fail (fail) and other (error, unknown) results
 * and of scans; group by "rule" (key the rule id) or "agency" (key
 * "agency\tbenchmark\tprofile").
 */
typedef int (*store_scap_share_cb)(void *ctx, const char *key, int64_t pass, int64_t fail,
                                   int64_t other, int64_t scans);
int store_scap_shares(store *s, const char *by, const char *agency, const char *under,
                      store_scap_share_cb cb, void *ctx, gisac_err *err);

#endif
