/*
 * vuln.h: vulnerability data and exact matching (docs/vuln.md).
 *
 *   versions   comparison by the rules of an ecosystem (vuln_version.c):
 *              Debian (dpkg), SemVer 2.0, npm, Go, PEP 440, Maven, RPM and
 *              a generic ordering. A string that is not a version of the
 *              scheme is an error, never a guess: the matcher answers
 *              "unknown" for it.
 *   names      CPE 2.3 (formatted string and the old URI form) and purl,
 *              checked and normalised (vuln_ident.c).
 *   records    CVE JSON 5.x and OSV parsed into one model (vuln_record.c);
 *              CISA's known exploited vulnerabilities catalogue.
 *   matching   a component against a record (vuln_match.c): affected,
 *              unknown or not affected, with the explanation (which record,
 *              which range, the comparison that decided).
 *
 * Pure: no store, no I/O. Ownership: *_free frees what *_parse made.
 * Nothing here prints, exits or aborts.
 */
#ifndef GISAC_VULN_H
#define GISAC_VULN_H

#include "base/base.h"

#include <stddef.h>
#include <stdint.h>

/* ---- versions -------------------------------------------------------------- */

typedef enum vuln_scheme {
    VULN_V_NONE = 0, /* no ordering known (a GIT range, free text) */
    VULN_V_GENERIC,  /* numbers numerically, letters by byte, "." and "-" separate */
    VULN_V_DEBIAN,   /* dpkg: [epoch:]upstream[-revision], '~' before everything */
    VULN_V_SEMVER,   /* SemVer 2.0.0 precedence (build metadata ignored) */
    VULN_V_NPM,      /* SemVer with a leading "v" or "=" allowed */
    VULN_V_GO,       /* Go modules: "v" + SemVer, pseudo-versions, +incompatible */
    VULN_V_PEP440,   /* Python: epoch, release, pre, post, dev, local */
    VULN_V_MAVEN,    /* Maven's ComparableVersion */
    VULN_V_RPM,      /* rpmvercmp with [epoch:]version[-release] */
} vuln_scheme;

/* "debian", "semver", ...; "none" for VULN_V_NONE. */
const char *vuln_scheme_name(vuln_scheme s);
/* By name (also CVE 5 versionType values "python", "maven", "npm", "rpm", "semver",
 * "custom"->generic, "git"->none); VULN_V_NONE when unknown. */
vuln_scheme vuln_scheme_parse(const char *name);

/*
 * Compare a and b in scheme s: *out < 0, 0 or > 0. GISAC_EINVAL (err names
 * which one and why) when either is not a version of s or s is
 * VULN_V_NONE; *out is then 0.
 */
int vuln_version_cmp(vuln_scheme s, const char *a, const char *b, int *out, gisac_err *err);
/* 0 when v is a version of scheme s, else GISAC_EINVAL with the reason. */
int vuln_version_check(vuln_scheme s, const char *v, gisac_err *err);

/* ---- identifiers ----------------------------------------------------------- */

/* A CPE 2.3 name split into its 11 attributes (NISTIR 7695), each as bound
 * in the formatted string: "*" ANY, "-" NA, else the value (quoted chars kept). */
#define VULN_CPE_MAX 512
typedef struct vuln_cpe {
    char part; /* 'a', 'o', 'h' */
    char attr[11][VULN_CPE_MAX / 4];
    /* 0 part 1 vendor 2 product 3 version 4 update 5 edition 6 language
     * 7 sw_edition 8 target_sw 9 target_hw 10 other; attr[0] unused */
} vuln_cpe;
enum { VULN_CPE_VENDOR = 1, VULN_CPE_PRODUCT, VULN_CPE_VERSION, VULN_CPE_UPDATE };

/*
 * Parse a CPE 2.3 formatted string ("cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*")
 * or a CPE 2.2 URI ("cpe:/o:redhat:enterprise_linux:8"), case-folded to lower case.
 * GISAC_EINVAL when malformed (the message names the attribute).
 */
int vuln_cpe_parse(const char *s, vuln_cpe *out, gisac_err *err);
/* The normalised formatted string (all 13 parts) into out (cap bytes). */
void vuln_cpe_format(const vuln_cpe *c, char *out, size_t cap);
/*
 * NISTIR 7696 name comparison of one attribute: source (the record's
 * value) against target (the component's). Returns one of the relations.
 */
typedef enum vuln_cpe_rel {
    VULN_CPE_EQUAL,
    VULN_CPE_SUPERSET,
    VULN_CPE_SUBSET,
    VULN_CPE_DISJOINT,
    VULN_CPE_UNDEFINED
} vuln_cpe_rel;
vuln_cpe_rel vuln_cpe_attr_compare(const char *source, const char *target);
const char *vuln_cpe_rel_name(vuln_cpe_rel r);

/* A package URL (purl): pkg:type/namespace/name@version?qualifiers#subpath. */
typedef struct vuln_purl {
    char type[32];
    char ns[256];      /* "" when none; decoded */
    char name[256];    /* decoded */
    char version[128]; /* "" when none; decoded */
    char distro[64];   /* the "distro" qualifier ("debian-12"), "" when none */
    /* the "upstream" qualifier (NAME or NAME@VERSION): a distribution package's
     * source package and its version, "" when none; decoded */
    char upstream[256];
    char upstream_version[128];
} vuln_purl;
/* Parse and normalise (type lower case; pypi names per PEP 503). GISAC_EINVAL when malformed. */
int vuln_purl_parse(const char *s, vuln_purl *out, gisac_err *err);
/* The package key "type/ns/name" (or "type/name") without version: the join key.
 * A distribution's package (deb, rpm, apk, alpm) with an upstream qualifier is
 * keyed by its source package, as the distributions' own data names it. */
void vuln_purl_key(const vuln_purl *p, char *out, size_t cap);
/* The version scheme of a purl type ("deb" -> debian, "npm" -> npm, ...; else generic). */
vuln_scheme vuln_purl_scheme(const char *type);
/* 1 for the types of distributions' packages (deb, rpm, apk, alpm). */
int vuln_purl_is_distro(const char *type);
/* The purl type of an OSV ecosystem ("PyPI" -> "pypi", "Debian:12" -> "deb"); NULL when none. */
const char *vuln_osv_ecosystem_type(const char *ecosystem);

/* Lower case, runs of blanks as "_": how vendor and product names are compared. */
void vuln_norm_name(const char *s, char *out, size_t cap);

/* ---- records (vuln_record.c) ------------------------------------------------- */

typedef enum vuln_event_kind {
    VULN_EV_INTRODUCED,
    VULN_EV_FIXED,
    VULN_EV_LAST_AFFECTED,
    VULN_EV_LIMIT
} vuln_event_kind;

typedef struct vuln_event {
    vuln_event_kind kind;
    const char *v;
} vuln_event;

typedef struct vuln_change {
    const char *at, *status;
} vuln_change;

/*
 * One range of an affected package. OSV: a SEMVER, ECOSYSTEM or GIT range
 * of events. CVE 5: one entry of versions[] (version with lessThan or
 * lessThanOrEqual, or one version), its status and changes.
 */
typedef struct vuln_range {
    const char *where; /* the JSON path: "$.affected[0].ranges[1]" */
    const char *type;  /* OSV "SEMVER"/"ECOSYSTEM"/"GIT"; CVE 5 the versionType or NULL */
    vuln_event *ev;    /* OSV */
    size_t nev;
    const char *version, *less_than, *less_equal, *status; /* CVE 5 */
    vuln_change *changes;
    size_t nchanges;
} vuln_range;

typedef struct vuln_affected {
    const char *where;     /* "$.affected[0]", "$.containers.cna.affected[2]" */
    const char *name;      /* OSV package name or CVE 5 product, as written */
    const char *ecosystem; /* OSV ecosystem ("Debian:12"), NULL for CVE 5 */
    char *pkey;            /* purl package key, or NULL */
    char *ckey;            /* "vendor:product" (CVE 5), or NULL */
    char **cpe_keys;       /* "vendor:product" of the CVE 5 cpes[] */
    size_t ncpe;
    const char *default_status; /* CVE 5; NULL: "unknown" */
    vuln_range *r;
    size_t nr;
    const char **versions; /* OSV explicit versions */
    size_t nversions;
} vuln_affected;

/* NVD CVE API 2.0: one cpeMatch of a configuration's node. */
typedef struct vuln_cpe_match {
    const char *where;    /* "$.cve.configurations[0].nodes[1].cpeMatch[2]" */
    const char *criteria; /* the CPE 2.3 name as written */
    vuln_cpe *cpe;        /* parsed */
    int vulnerable;       /* 0: a platform the configuration needs */
    const char *start_incl, *start_excl, *end_incl, *end_excl; /* NULL when not given */
} vuln_cpe_match;

typedef struct vuln_node {
    const char *where;
    int and_op, negate;
    vuln_cpe_match *m;
    size_t nm;
} vuln_node;

/* A configuration: its nodes joined by AND (and_op) or OR. */
typedef struct vuln_config {
    const char *where;
    int and_op, negate;
    vuln_node *nodes;
    size_t nn;
} vuln_config;

typedef struct vuln_record {
    char source[8];       /* "cve5", "osv", "nvd" */
    const char *id;       /* CVE-..., GHSA-..., ... */
    const char *vuln;     /* the vulnerability: a CVE id when id or an alias is one */
    const char *summary;  /* NULL when none */
    const char *severity; /* "CRITICAL", "HIGH", "MEDIUM", "LOW", or NULL */
    int64_t published, modified;
    int withdrawn;       /* OSV withdrawn, CVE REJECTED */
    int known_exploited; /* the record says so (CISA ADP KEV entry) */
    const char **aliases;
    size_t naliases;
    vuln_affected *aff; /* NVD: one a configuration, its cpe_keys the index keys */
    size_t naff;
    vuln_config *cfg; /* NVD configurations */
    size_t ncfg;
    double score;             /* NVD: the CVSS base score of severity, 0 when none */
    const char *cvss_version; /* "4.0", "3.1", "3.0", NULL when none */
    gisac_arena *arena;
} vuln_record;

/*
 * The start of parsing a JSON document of untrusted bytes (a vulnerability
 * record here, an SBOM in src/asset): *arena a new arena (GISAC_ENOMEM when
 * none can be had), *root the document as jansson parses it with `flags`
 * (the caller json_decref's it). GISAC_EINVAL at "$" when the bytes are not
 * JSON or not an object ("<what> is a JSON object"); *root is then NULL.
 */
struct json_t;
int vuln_json_open(const char *data, size_t len, size_t flags, const char *what,
                   gisac_arena **arena, struct json_t **root, gisac_err *err);

/*
 * Parse one CVE JSON 5.x or OSV record, or an NVD CVE API 2.0 response that
 * holds one vulnerability (told by its content; vuln_import splits a
 * response into such). An NVD record's id is "NVD:" + its CVE id, its
 * paths are those of its "cve" object ("$.cve.configurations[0]...").
 * GISAC_EINVAL
 * (err names the JSON path) for bad input, GISAC_EUNSUPPORTED for another
 * kind of JSON. Free with vuln_record_free (also after an error).
 */
int vuln_record_parse(const char *data, size_t len, vuln_record *out, gisac_err *err);
void vuln_record_free(vuln_record *r);
/* The index keys of the record ("p:<purl key>", "c:<vendor>:<product>"),
 * each once, to cb; non-zero from cb stops. */
int vuln_record_keys(const vuln_record *r, int (*cb)(void *ctx, const char *key), void *ctx);
/* The order of a record's severity: CRITICAL 4, HIGH 3, MEDIUM 2, any other 1, NULL 0. */
int vuln_severity_rank(const char *s);

/* ---- matching (vuln_match.c) ------------------------------------------------- */

typedef enum vuln_status { VULN_NOT_AFFECTED = 0, VULN_AFFECTED, VULN_UNKNOWN } vuln_status;
const char *vuln_status_name(vuln_status s); /* "not_affected", "affected", "unknown" */

/* A component of the register, as the matcher sees it. */
typedef struct vuln_target {
    const char *name, *version, *purl, *cpe;
} vuln_target;

#define VULN_WHY_MAX 600
typedef struct vuln_verdict {
    vuln_status status;
    char why[VULN_WHY_MAX]; /* record, range and the comparison that decided */
} vuln_verdict;

/*
 * Match one component against one record: 0 when the record does not name
 * the component (no identity match), 1 with *out filled when it does. A
 * withdrawn or rejected record names nothing.
 */
int vuln_match(const vuln_record *r, const vuln_target *t, vuln_verdict *out);

/*
 * 1 when a VEX statement covers version v of a component: equal to version,
 * or from <= v <= to (either end may be NULL), compared in scheme s; 0 when
 * not or when it cannot be decided.
 */
int vuln_vex_covers(vuln_scheme s, const char *v, const char *version, const char *from,
                    const char *to);
/* 1 when j is a VEX justification (CycloneDX or OpenVEX). */
int vuln_vex_justification_ok(const char *j);
/* The version scheme of a component (by its purl type; generic otherwise). */
vuln_scheme vuln_target_scheme(const vuln_target *t);
/* The component's join keys: pkey (purl key) and ckey (CPE "vendor:product"), "" when none. */
void vuln_target_keys(const vuln_target *t, char *pkey, size_t pcap, char *ckey, size_t ccap);

/* ---- VEX documents (vuln_vex.c) -------------------------------------------------- */

typedef enum vuln_vex_status {
    VULN_VEX_NOT_AFFECTED,
    VULN_VEX_AFFECTED,
    VULN_VEX_FIXED,
    VULN_VEX_UNDER_INVESTIGATION
} vuln_vex_status;
/* "not_affected", "affected", "fixed", "under_investigation" */
const char *vuln_vex_status_name(vuln_vex_status s);

/* One statement: a vulnerability, a product (a purl), its status. */
typedef struct vuln_vex_stmt {
    const char *where;   /* "$.statements[0].products[1]", "$.vulnerabilities[0].affects[0]" */
    const char *vuln;    /* the vulnerability's id as written */
    const char *product; /* a purl, checked */
    const char *version; /* the purl's version (or CycloneDX affects.versions[].version), or NULL */
    vuln_vex_status status;
    const char *justification; /* NULL when none */
    const char *statement;     /* impact statement / analysis detail, or NULL */
} vuln_vex_stmt;

typedef struct vuln_vex_doc {
    char format[16]; /* "openvex", "cyclonedx" */
    vuln_vex_stmt *v;
    size_t n, cap;
    gisac_arena *arena;
} vuln_vex_doc;

#define VULN_VEX_MAX_STATEMENTS 100000

/*
 * Parse an OpenVEX document (statements: vulnerability, products by purl,
 * status, justification, impact_statement) or a CycloneDX VEX (its
 * vulnerabilities: id, analysis.state/justification/detail, affects by
 * bom-ref or purl, with versions: "unaffected" is not_affected, "unknown"
 * under_investigation), one statement per product (and version). A CycloneDX "not_affected" or
 * "false_positive" state is not_affected, "resolved" fixed, "exploitable" affected, "in_triage"
 * under_investigation. GISAC_EINVAL naming the JSON path; a not_affected
 * statement needs a justification of its format. Free with vuln_vex_free.
 */
int vuln_vex_parse(const char *data, size_t len, vuln_vex_doc *out, gisac_err *err);
void vuln_vex_free(vuln_vex_doc *d);

/* ---- the service on the store (vuln_svc.c) ----------------------------------- */

typedef struct store store;

typedef struct vuln_import_result {
    size_t records;    /* CVE 5, OSV and NVD records stored */
    size_t withdrawn;  /* of them withdrawn or rejected */
    size_t kev;        /* known exploited entries */
    char last_id[128]; /* the last record's id */
    size_t notices;    /* agencies notified (app_import_vuln) */
    /* when set, called with each stored record after its transaction (an
     * NVD response holds many); non-zero stops the import */
    int (*on_record)(void *ctx, const struct vuln_record *r, gisac_err *err);
    void *ctx;
} vuln_import_result;

/*
 * Import one file: a CVE 5 or OSV record (replacing the record of the same
 * id), an NVD CVE API 2.0 response (each of its vulnerabilities a record
 * "NVD:CVE-..."; an error names "$.vulnerabilities[i]" and stops there,
 * the records before it kept), or CISA's known exploited vulnerabilities
 * catalogue (one transaction). Counts are added to *out.
 */
int vuln_import(store *s, const char *data, size_t len, int64_t now, vuln_import_result *out,
                gisac_err *err);

/* One line of `vuln affected`: a component, a vulnerability, the verdict. */
typedef struct vuln_hit {
    const char *agency, *host;
    const char *name, *version, *purl, *cpe; /* the component */
    const char *vuln;
    const char *const *aliases;
    size_t naliases;
    vuln_status status; /* affected or unknown */
    const char *why;
    const char *severity; /* NULL when none */
    int known_exploited;
    int64_t vex_id; /* > 0: suppressed by this VEX statement */
    const char *justification, *statement;
} vuln_hit;
typedef int (*vuln_hit_cb)(void *ctx, const vuln_hit *h);

typedef struct vuln_filter {
    const char *agency; /* NULL: every agency */
    const char *host;
    const char *vuln; /* any id of the vulnerability */
    int64_t since;    /* > 0: only records imported at or after (new data) */
} vuln_filter;

/*
 * The components that are affected or possibly affected (unknown), each
 * with every vulnerability once: known exploited first, then by severity,
 * then by agency, host, component; suppressed ones (VEX) carry vex_id.
 */
int vuln_affected_list(store *s, const vuln_filter *f, vuln_hit_cb cb, void *ctx, gisac_err *err);

/* JSON of a hit (one object, no newline) appended to out. */
int vuln_hit_to_json(const vuln_hit *h, gisac_buf *out);
/*
 * The vulnerability id (any of its ids) as JSON: {"id","aliases":[...],
 * "summary","severity","known_exploited","records":[{"id","source",
 * "published","modified","withdrawn"}...]}. GISAC_ENOTFOUND when unknown.
 */
int vuln_show_json(store *s, const char *id, gisac_buf *out, gisac_err *err);
/* The canonical id of a vulnerability named by any of its ids into out. */
int vuln_resolve(store *s, const char *id, char *out, size_t cap, gisac_err *err);

#endif
