/*
 * apk: the security check of an Android package (docs/app-check.md).
 * Pure C over the file's bytes, in bounded memory: the ZIP container
 * (anomalies listed), the v1/v2/v3 signatures (verdicts as `apksigner
 * verify --min-sdk-version N` gives them), the binary manifest (resource
 * references resolved through resources.arsc) and its security findings,
 * each with an id, a severity, the OWASP MASVS control and where it was
 * found. Depends on base, zlib and OpenSSL's libcrypto; no store, no I/O
 * but reading the file.
 */
#ifndef GISAC_APK_H
#define GISAC_APK_H

#include "base/base.h"

#include <stddef.h>
#include <stdint.h>

typedef struct apk_anomaly {
    const char *code; /* "gap_before_eocd", "header_mismatch", "duplicate_name", ... */
    const char *text;
} apk_anomaly;

typedef struct apk_finding {
    const char *id;       /* "manifest.debuggable", ... (docs/app-check.md) */
    const char *severity; /* "critical", "high", "medium", "low", "info" */
    const char *masvs;    /* "MASVS-RESILIENCE-2", ... */
    const char *where;    /* "AndroidManifest.xml: application", ... */
    const char *text;
} apk_finding;

typedef struct apk_signer {
    int scheme;           /* 1, 2 or 3 */
    char cert_sha256[65]; /* of the DER certificate */
    const char *subject;  /* RFC 2253 */
    const char *sig_alg;  /* the certificate's signature algorithm ("sha256WithRSAEncryption") */
    const char *key_type; /* "RSA", "EC", "DSA" */
    int key_bits;
    int64_t not_before, not_after;
    int min_sdk, max_sdk;        /* v3: the signer's range; else 0 */
    int lineage;                 /* v3: certificates in its rotation lineage (0: none) */
    const char **lineage_sha256; /* the lineage's certificates, oldest first */
} apk_signer;

typedef struct apk_scheme {
    int present;  /* the APK has a signature of this scheme */
    int verified; /* and apksigner would count it verified for the range */
} apk_scheme;

typedef struct apk_sig {
    int verified; /* the overall verdict */
    int min_sdk;  /* the minimum SDK it was verified for */
    apk_scheme v1, v2, v3;
    apk_signer *signers;
    size_t nsigners, capsigners;
    const char **errors; /* why not, as messages */
    size_t nerrors, caperrors;
} apk_sig;

typedef struct apk_component {
    const char *kind; /* "activity", "activity-alias", "service", "receiver", "provider" */
    const char *name;
    int exported; /* explicitly or implicitly */
    const char *permission;
} apk_component;

typedef struct apk_report {
    gisac_arena *ar;
    char sha256[65]; /* of the whole file */
    uint64_t size;
    const char *package, *version_name;
    int64_t version_code;
    int min_sdk, target_sdk;
    int debuggable;
    apk_sig sig;
    apk_anomaly *zip;
    size_t nzip;
    apk_finding *f;
    size_t nf, capf;
    const char **permissions;
    size_t nperm, capperm;
    apk_component *comp;
    size_t ncomp, capcomp;
} apk_report;

typedef struct apk_opts {
    int min_sdk;          /* verify the signatures for this minimum SDK (0: the manifest's) */
    int min_sdk_floor;    /* minSdkVersion below it is a finding (0: 24) */
    int target_sdk_floor; /* targetSdkVersion below it is a finding (0: 33) */
    int64_t now;          /* for certificate expiry (0: gisac_now()) */
} apk_opts;

/*
 * Check the APK at path: 0 and the report in *out (apk_report_free), or
 * GISAC_EINVAL when it is not an APK that can be read at all (not a ZIP,
 * no AndroidManifest.xml, a manifest that does not parse) with the place
 * named, GISAC_EIO for a read error, GISAC_ENOMEM.
 */
int apk_check_file(const char *path, const apk_opts *o, apk_report **out, gisac_err *err);
/* The same over bytes in memory (n bytes at p, kept while checking). */
int apk_check_mem(const void *p, size_t n, const apk_opts *o, apk_report **out, gisac_err *err);
void apk_report_free(apk_report *r);

/* The report as one JSON object (docs/app-check.md): 0 or GISAC_ENOMEM. */
int apk_report_to_json(const apk_report *r, gisac_buf *b);
/* The report page for people, lang "en" or "zh-TW". */
int apk_report_to_text(const apk_report *r, const char *lang, gisac_buf *b);

/* ---- comparing two versions of an app (apk_diff.c) ---------------------- */

/* The rank of a severity name: 0 info, 1 low, 2 medium, 3 high, 4 critical; -1 another. */
int apk_severity_rank(const char *severity);
/* The name of rank r (0 .. 4), or NULL. */
const char *apk_severity_name(int r);

typedef struct apk_change {
    const char *id;       /* "change.signer", ... (docs/app-check.md) */
    const char *severity; /* as a finding's */
    const char *text;
} apk_change;

typedef struct apk_diff {
    gisac_arena *ar;
    apk_change *c;
    size_t n, cap;
} apk_diff;

/*
 * What changed from old to new that matters for security: the signer
 * (critical, unless every old signer is in the v3 rotation lineage of the
 * new one: then a proven rotation), a package other than the old one,
 * permissions and exported components that are new, a lower target SDK,
 * a signature that verified and no longer does. 0 and *out
 * (apk_diff_free), or GISAC_ENOMEM.
 */
int apk_compare(const apk_report *old, const apk_report *nw, apk_diff **out, gisac_err *err);
void apk_diff_free(apk_diff *d);
/* {"old":{package,version_code,sha256},"new":{...},"changes":[{id,severity,text}...]} */
int apk_diff_to_json(const apk_report *old, const apk_report *nw, const apk_diff *d, gisac_buf *b);

#endif
