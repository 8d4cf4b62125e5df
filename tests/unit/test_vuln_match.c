/*
 * test_vuln_match.c: CVE 5 and OSV records (vuln_record.c) and the
 * matcher (vuln_match.c): the records written for the pitfalls in
 * samples/vuln/records, and the real records of ../shared/data/vulns
 * (their part is skipped where ../shared is absent, as in CI).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "asset/asset.h"
#include "test_main.h"
#include "vuln/vuln.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int load(const char *dir_env, const char *rel, vuln_record *r)
{
    const char *base = getenv(dir_env);
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", base ? base : ".", rel);
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    if (gisac_read_file(path, &b, &err) < 0) {
        gisac_buf_free(&b);
        return -1;
    }
    int rc = vuln_record_parse(b.data, b.len, r, &err);
    if (rc)
        fprintf(stderr, "%s: %s (%s)\n", path, err.msg, err.field);
    gisac_buf_free(&b);
    return rc;
}

static int shared_present(void)
{
    const char *s = getenv("GISAC_SHARED");
    char p[1024];
    snprintf(p, sizeof p, "%s/data/vulns", s ? s : "../shared");
    return s && access(p, R_OK) == 0;
}

/* The verdict of record r for a component: its status name, why into w. */
static const char *verdict(const vuln_record *r, const char *name, const char *version,
                           const char *purl, const char *cpe, char *w)
{
    vuln_target t = {name, version, purl, cpe};
    vuln_verdict v;
    if (!vuln_match(r, &t, &v)) {
        strcpy(w, "");
        return "no match";
    }
    strcpy(w, v.why);
    return vuln_status_name(v.status);
}

/* One verdict to check: of the record in file (below $env) for a component. */
typedef struct {
    const char *file;
    const char *name, *version, *purl;
    const char *cpe, *cpe_version; /* NULL, or part:vendor:product and version of a CPE 2.3 name */
    const char *want;              /* the status name, or "no match" */
    const char *why;               /* NULL, or the reason expected */
} vcase;

#define LOG4J      "samples/vuln/records/GHSA-test-log4j.json"
#define LOG4J_API  "pkg:maven/org.apache.logging.log4j/log4j-api"
#define LOG4J_PURL "pkg:maven/org.apache.logging.log4j/log4j-core@"
#define DSA        "samples/vuln/records/DSA-test-openssl.json"
#define DEB        "pkg:deb/debian/openssl"
#define DEB11      "pkg:deb/debian/openssl?distro=debian-11"
#define DEB12      "pkg:deb/debian/openssl?distro=debian-12"
#define CVE2       "samples/vuln/records/CVE-2099-0002.json"
#define CVE1       "samples/vuln/records/CVE-2099-0001.json"
#define SMALLVEC   "samples/vuln/records/RUSTSEC-test-smallvec.json"

#define CVE5           "data/vulns/cve5/cves/"
#define OSV            "data/vulns/osv/"
#define LOG4SHELL      CVE5 "2021/44xxx/CVE-2021-44228.json"
#define HEARTBLEED     CVE5 "2014/0xxx/CVE-2014-0160.json"
#define URLLIB3        CVE5 "2023/45xxx/CVE-2023-45803.json"
#define BACKUP         CVE5 "2023/6xxx/CVE-2023-6553.json"
#define KERNEL         CVE5 "2025/21xxx/CVE-2025-21772.json"
#define REQUEST        OSV "ghsa/GHSA-p8p7-x288-28g6.json"
#define EVSTREAM       OSV "ghsa/GHSA-mh6f-8j2x-4483.json"
#define NGINX          OSV "debian/DSA-3029-1.json"
#define GO_NET         OSV "go/GO-2022-0969.json"
#define GO_NET_PURL    "pkg:golang/golang.org/x/net"
#define GO_NET_VERSION "v0.0.0-20220906165146-f3363e06e74c"
#define APACHE_LOG4J2  "a:apache_software_foundation:apache_log4j2"
#define DEB7           "pkg:deb/debian/nginx?distro=debian-7"

static const char why_log4shell[] =
    "CVE-2021-44228 $.containers.cna.affected[0].versions[0]: lessThan 'log4j-core*' names no "
    "version";
static const char why_urllib3[] =
    "CVE-2023-45803 $.containers.cna.affected[0].versions[0]: 2.0.6 > 2.0.0, 2.0.6 < 2.0.7 "
    "(generic): affected";
static const char why_listed[] = "GHSA-mh6f-8j2x-4483 $.affected[0].versions[0]: 3.3.6 is listed";

#define LIBSSL_BINNMU                                                                              \
    "pkg:deb/debian/libssl3@3.0.9-1%2Bb1?arch=amd64&upstream=openssl%403.0.9-1&distro=debian-12"
#define LIBSSL                                                                                     \
    "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&upstream=openssl&distro=debian-12"
static const char why_libssl[] =
    "DSA-9999-1 $.affected[0].ranges[0]: introduced 0 <= 3.0.9-1 < fixed 3.0.11-1~deb12u1 "
    "(debian)";

/* the reasons checked */
static const char why_log4j[] =
    "GHSA-jfh8-c2jp-5v3q $.affected[0].ranges[0]: introduced 2.13.0 <= 2.14.1 < fixed 2.15.0 "
    "(maven)";
static const char why_cve2_in[] =
    "CVE-2099-0002 $.containers.cna.affected[0].versions[0]: 3.0.0 <= 3.0.11 < lessThan 3.0.12 "
    "(semver): affected";
static const char why_cve2_past[] =
    "CVE-2099-0002 $.containers.cna.affected[0]: 3.0.12 is in no listed range; defaultStatus "
    "(none): unknown";

/* NVD CVE API 2.0 records written for the pitfalls (samples/vuln/nvd) */
#define NVD_RANGE    "samples/vuln/nvd/nvd-range.json"
#define NVD_VERSIONS "samples/vuln/nvd/nvd-versions.json"
#define NVD_PLATFORM "samples/vuln/nvd/nvd-platform.json"
#define NVD_REJECTED "samples/vuln/nvd/nvd-rejected.json"
static const char why_nvd_range[] =
    "NVD:CVE-2099-1001 $.cve.configurations[0].nodes[0].cpeMatch[0]: "
    "cpe:2.3:a:acme:logkit:*:*:*:*:*:*:*:*: 2.14.1 >= versionStartIncluding 2.0.1, 2.14.1 < "
    "versionEndExcluding 2.15.0 (generic): affected";
static const char why_nvd_past[] =
    "NVD:CVE-2099-1001 $.cve.configurations[0].nodes[0].cpeMatch[0]: "
    "cpe:2.3:a:acme:logkit:*:*:*:*:*:*:*:*: 2.15.0 >= versionStartIncluding 2.0.1, 2.15.0 >= "
    "versionEndExcluding 2.15.0 (generic): not affected";
static const char why_nvd_update[] =
    "NVD:CVE-2099-1001 $.cve.configurations[0].nodes[0].cpeMatch[1]: "
    "cpe:2.3:a:acme:logkit:2.0:beta9:*:*:*:*:*:* is more specific than the component's name: "
    "unknown";
static const char why_nvd_na[] = "NVD:CVE-2099-1002 $.cve.configurations[0].nodes[0].cpeMatch[0]: "
                                 "cpe:2.3:a:acme:gadget:-:*:*:*:*:*:*:*: the component's version "
                                 "is 2.0: not affected";
static const char why_nvd_platform[] =
    "NVD:CVE-2099-1003 $.cve.configurations[0].nodes[1].cpeMatch[0]: needs the platform "
    "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*, another component of the host; not decided "
    "by one component";

/* every case: those on samples/ (GISAC_SRCDIR), those on data/ (GISAC_SHARED) */
static const vcase cases[] = {
    {NVD_RANGE, "logkit", "2.14.1", NULL, "a:acme:logkit", "2.14.1", "affected", why_nvd_range},
    {NVD_RANGE, "logkit", "2.15.0", NULL, "a:acme:logkit", "2.15.0", "not_affected", why_nvd_past},
    /* the component's version fills its CPE's "*" */
    {NVD_RANGE, "logkit", "2.14.1", NULL, "a:acme:logkit", "*", "affected", why_nvd_range},
    {NVD_RANGE, "logkit", NULL, NULL, "a:acme:logkit", "*", "unknown", NULL},
    /* 2.0 is below 2.0.1, but 2.0 beta9 is named and the component's update unknown */
    {NVD_RANGE, "logkit", "2.0", NULL, "a:acme:logkit", "2.0", "unknown", why_nvd_update},
    {NVD_RANGE, "logkit", "1.2", NULL, "a:acme:logkit", "1.2", "affected", NULL},
    {NVD_RANGE, "logkit", "1.0", NULL, "a:acme:logkit", "1.0", "not_affected", NULL},
    /* the wrong product, a wildcard vendor, no CPE at all: named by nothing */
    {NVD_RANGE, "logkit-core", "2.14.1", NULL, "a:acme:logkit-core", "2.14.1", "no match", NULL},
    {NVD_RANGE, "logkit", "2.14.1", NULL, "a:*:logkit", "2.14.1", "no match", NULL},
    {NVD_RANGE, "logkit", "2.14.1", "pkg:maven/acme/logkit@2.14.1", NULL, NULL, "no match", NULL},
    /* version "-" (not applicable) is not every version; no version is unknown */
    {NVD_VERSIONS, "gadget", "2.0", NULL, "a:acme:gadget", "2.0", "not_affected", why_nvd_na},
    {NVD_VERSIONS, "gadget", NULL, NULL, "a:acme:gadget", "-", "unknown", NULL},
    {NVD_VERSIONS, "thing", "2.8.123e", NULL, "a:acme:thing", "2.8.123e", "not_affected", NULL},
    {NVD_VERSIONS, "thing", "2.8.75", NULL, "a:acme:thing", "2.8.75", "affected", NULL},
    /* AND with a platform: one component cannot decide it */
    {NVD_PLATFORM, "viewer", "4.2", NULL, "a:acme:viewer", "4.2", "unknown", why_nvd_platform},
    {NVD_PLATFORM, "viewer", "5.1", NULL, "a:acme:viewer", "5.1", "not_affected", NULL},
    {NVD_PLATFORM, "windows", NULL, NULL, "o:microsoft:windows", "-", "no match", NULL},
    /* AND with a negated node: 1.0 <= v < 2.0 but not 1.5 */
    {NVD_PLATFORM, "toolbox", "1.4", NULL, "a:acme:toolbox", "1.4", "affected", NULL},
    {NVD_PLATFORM, "toolbox", "1.5", NULL, "a:acme:toolbox", "1.5", "not_affected", NULL},
    {NVD_PLATFORM, "toolbox", "2.0", NULL, "a:acme:toolbox", "2.0", "not_affected", NULL},
    {NVD_REJECTED, "logkit", "2.14.1", NULL, "a:acme:logkit", "2.14.1", "no match", NULL},
    {LOG4J, "log4j-core", "2.14.1", LOG4J_PURL, NULL, NULL, "affected", why_log4j},
    {LOG4J, "log4j-core", "2.15.0", LOG4J_PURL, NULL, NULL, "not_affected", NULL},
    {LOG4J, "log4j-core", "2.3", LOG4J_PURL, NULL, NULL, "affected", NULL},
    {LOG4J, "log4j-core", "2.3.1", LOG4J_PURL, NULL, NULL, "not_affected", NULL},
    /* 2.13.0-rc1 sorts before 2.13.0 in Maven's order; 2.12 is after 2.3.1 */
    {LOG4J, "log4j-core", "2.13.0-rc1", LOG4J_PURL, NULL, NULL, "not_affected", NULL},
    {LOG4J, "log4j-core", "-", LOG4J_PURL, NULL, NULL, "unknown", NULL},
    {LOG4J, "log4j-api", "2.14.1", LOG4J_API, NULL, NULL, "no match", NULL},
    /* the backported fix: 3.0.11-1~deb12u2 >= 3.0.11-1~deb12u1 */
    {DSA, "openssl", "3.0.11-1~deb12u2", DEB12, NULL, NULL, "not_affected", NULL},
    {DSA, "openssl", "3.0.11-1", DEB12, NULL, NULL, "not_affected", NULL},
    {DSA, "openssl", "3.0.9-1", DEB12, NULL, NULL, "affected", NULL},
    /* another release's data says nothing; no release given: unknown */
    {DSA, "openssl", "3.0.9-1", DEB11, NULL, NULL, "no match", NULL},
    {DSA, "openssl", "3.0.9-1", DEB, NULL, NULL, "unknown", NULL},
    /* a binary package of a dpkg status file: matched on its source package
     * (purl upstream) and the source's version (a binNMU's "+b1" is not Debian's) */
    {DSA, "libssl3", "3.0.9-1+b1", LIBSSL_BINNMU, NULL, NULL, "affected", why_libssl},
    {DSA, "libssl3", "3.0.11-1~deb12u2", LIBSSL, NULL, NULL, "not_affected", NULL},
    {DSA, "libssl3", "3.0.9-1", "pkg:deb/debian/libssl3@3.0.9-1?distro=debian-12", NULL, NULL,
     "no match", NULL},
    /* an upstream range is never compared with a distribution's version */
    {CVE2, "openssl", "3.0.11-1~deb12u2", DEB, "a:openssl:openssl", "3.0.11", "unknown", NULL},
    {CVE2, "openssl", "3.0.11", NULL, "a:openssl:openssl", "3.0.11", "affected", why_cve2_in},
    /* CPE version "-" is NA: never "matches everything" */
    {CVE2, "openssl", NULL, NULL, "a:openssl:openssl", "-", "unknown", NULL},
    /* past the range, and no defaultStatus: the record does not say */
    {CVE2, "openssl", "3.0.12", NULL, "a:openssl:openssl", "*", "unknown", why_cve2_past},
    /* "2.8.123e" is newer than 2.8.100; the wildcard vendor names nothing */
    {CVE1, "thing", "2.8.123e", NULL, "a:acme:thing", "2.8.123e", "not_affected", NULL},
    {CVE1, "thing", "2.8.75", NULL, "a:acme:thing", "2.8.75", "affected", NULL},
    {CVE1, "libwebp", "1.0", NULL, "a:google:libwebp", "1.0", "no match", NULL},
    {SMALLVEC, "smallvec", "1.6.0", "pkg:cargo/smallvec@1.6.0", NULL, NULL, "affected", NULL},
    {SMALLVEC, "smallvec", "0.6.14", "pkg:cargo/smallvec", NULL, NULL, "not_affected", NULL},
    {SMALLVEC, "smallvec", "0.7.0", "pkg:cargo/smallvec", NULL, NULL, "not_affected", NULL},
    {SMALLVEC, "smallvec", "0.6.2", "pkg:cargo/smallvec", NULL, NULL, "not_affected", NULL},
    /* ---- the real records of ../shared (their prefix "data/") ---- */
    /* Log4Shell as published: lessThan "log4j-core*" cannot be read */
    {LOG4SHELL, "log4j", "2.14.1", NULL, APACHE_LOG4J2, "2.14.1", "unknown", why_log4shell},
    /* Heartbleed's CNA entry is n/a / n/a: it names nothing */
    {HEARTBLEED, "n/a", "1", NULL, "a:n\\/a:n\\/a", "1", "no match", NULL},
    /* ranges written inside version, no versionType */
    {URLLIB3, "urllib3", "2.0.6", NULL, "a:urllib3:urllib3", "2.0.6", "affected", why_urllib3},
    {URLLIB3, "urllib3", "2.0.7", NULL, "a:urllib3:urllib3", "2.0.7", "unknown", NULL},
    {URLLIB3, "urllib3", "1.26.17", NULL, "a:urllib3:urllib3", "1.26.17", "affected", NULL},
    /* version "*" with lessThanOrEqual, defaultStatus unaffected */
    {BACKUP, "bm", "1.3.7", NULL, "a:migrate:backup_migration", "1.3.7", "affected", NULL},
    {BACKUP, "bm", "1.3.8", NULL, "a:migrate:backup_migration", "1.3.8", "not_affected", NULL},
    /* the kernel: git ranges, and "5.4.*" with defaultStatus affected */
    {KERNEL, "linux", "5.4.300", NULL, "o:linux:linux", "5.4.300", "not_affected", NULL},
    {KERNEL, "linux", "5.4.200", NULL, "o:linux:linux", "5.4.200", "affected", NULL},
    /* last_affected (no fix) and an explicit versions list */
    {REQUEST, "request", "2.88.2", "pkg:npm/request@2.88.2", NULL, NULL, "affected", NULL},
    {REQUEST, "request", "2.88.3", "pkg:npm/request", NULL, NULL, "not_affected", NULL},
    {REQUEST, "r", "2.88.11", "pkg:npm/%40cypress/request", NULL, NULL, "affected", NULL},
    {EVSTREAM, "flatmap-stream", "0.1.1", "pkg:npm/flatmap-stream", NULL, NULL, "affected", NULL},
    {EVSTREAM, "event-stream", "3.3.6", "pkg:npm/event-stream", NULL, NULL, "affected", why_listed},
    {NGINX, "nginx", "1.2.1-2.2+wheezy3", DEB7, NULL, NULL, "not_affected", NULL},
    {NGINX, "nginx", "1.2.1-2.2+wheezy2", DEB7, NULL, NULL, "affected", NULL},
    {GO_NET, "net", GO_NET_VERSION, GO_NET_PURL, NULL, NULL, "not_affected", NULL},
};

/* Each case of cases[] on a file below prefix, in order: its record loaded from $env (once for a
   run of cases on the same file), its verdict and reason checked. */
static void expect_verdicts(const char *env, const char *prefix)
{
    vuln_record r;
    char w[VULN_WHY_MAX];
    const char *cur = NULL;
    size_t n = 0;
    for (const vcase *c = cases; c < cases + sizeof cases / sizeof cases[0]; c++) {
        if (strncmp(c->file, prefix, strlen(prefix)) != 0)
            continue;
        n++;
        if (!cur || strcmp(cur, c->file) != 0) {
            if (cur)
                vuln_record_free(&r);
            cur = c->file;
            assert_int_equal(load(env, cur, &r), 0);
        }
        char cpe[256];
        if (c->cpe)
            snprintf(cpe, sizeof cpe, "cpe:2.3:%s:%s:*:*:*:*:*:*:*", c->cpe, c->cpe_version);
        const char *got = verdict(&r, c->name, c->version, c->purl, c->cpe ? cpe : NULL, w);
        if (strcmp(got, c->want) != 0)
            fprintf(stderr, "%s %s %s: %s (%s)\n", c->file, c->name, c->version ? c->version : "-",
                    got, w);
        assert_string_equal(got, c->want);
        if (c->why)
            assert_string_equal(w, c->why);
    }
    assert_true(n > 0);
    if (cur)
        vuln_record_free(&r);
}

static void test_samples(void **state)
{
    (void)state;
    vuln_record r;
    assert_int_equal(load("GISAC_SRCDIR", LOG4J, &r), 0);
    assert_string_equal(r.source, "osv");
    assert_string_equal(r.id, "GHSA-jfh8-c2jp-5v3q");
    assert_string_equal(r.vuln, "CVE-2021-44228");
    assert_string_equal(r.severity, "CRITICAL");
    vuln_record_free(&r);
    assert_int_equal(load("GISAC_SRCDIR", CVE2, &r), 0);
    assert_string_equal(r.source, "cve5");
    vuln_record_free(&r);
    /* NVD: CVSS 4.0 of NVD itself (Primary) before the CNA's and before 3.1 */
    assert_int_equal(load("GISAC_SRCDIR", NVD_RANGE, &r), 0);
    assert_string_equal(r.source, "nvd");
    assert_string_equal(r.id, "NVD:CVE-2099-1001");
    assert_string_equal(r.vuln, "CVE-2099-1001");
    assert_string_equal(r.summary, "Remote code execution in acme logkit.");
    assert_string_equal(r.severity, "CRITICAL");
    assert_string_equal(r.cvss_version, "4.0");
    assert_true(r.score > 9.29 && r.score < 9.31);
    assert_int_equal(r.known_exploited, 1);
    assert_int_equal(r.published, 4071006245); /* 2099-01-02T03:04:05Z */
    assert_int_equal(r.ncfg, 1);
    assert_int_equal(r.cfg[0].nodes[0].nm, 3);
    assert_string_equal(r.aff[0].cpe_keys[0], "acme:logkit");
    assert_int_equal(r.aff[0].ncpe, 1);
    vuln_record_free(&r);
    assert_int_equal(load("GISAC_SRCDIR", NVD_PLATFORM, &r), 0);
    assert_string_equal(r.severity, "HIGH");
    assert_string_equal(r.cvss_version, "3.0");
    assert_int_equal(r.cfg[0].and_op, 1);
    assert_int_equal(r.cfg[1].nodes[1].negate, 1);
    assert_int_equal(r.aff[0].ncpe, 1); /* the platform is no key */
    vuln_record_free(&r);
    assert_int_equal(load("GISAC_SRCDIR", NVD_REJECTED, &r), 0);
    assert_int_equal(r.withdrawn, 1);
    vuln_record_free(&r);
    expect_verdicts("GISAC_SRCDIR", "samples/");
}

static void test_bad_records(void **state)
{
    (void)state;
    vuln_record r;
    gisac_err err = GISAC_ERR_INIT;
    const char *osv = "{\"id\":\"X-1\",\"affected\":[{\"package\":{\"ecosystem\":\"npm\","
                      "\"name\":\"a\"},\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"oops\":"
                      "\"1\"}]}]}]}";
    assert_int_equal(vuln_record_parse(osv, strlen(osv), &r, &err), GISAC_EINVAL);
    assert_string_equal(err.field, "$.affected[0].ranges[0].events[0]");
    vuln_record_free(&r);
    const char *cve = "{\"dataType\":\"CVE_RECORD\",\"cveMetadata\":{\"cveId\":\"CVE-1-1\"},"
                      "\"containers\":{\"cna\":{\"affected\":[{\"vendor\":\"a\",\"product\":\"b\","
                      "\"versions\":[{\"version\":\"1\",\"status\":\"bad\"}]}]}}}";
    assert_int_equal(vuln_record_parse(cve, strlen(cve), &r, &err), GISAC_EINVAL);
    assert_string_equal(err.field, "$.containers.cna.affected[0].versions[0]");
    vuln_record_free(&r);
    /* NVD: each mistake named by its path in the vulnerability's "cve" */
    static const struct {
        const char *cve, *field;
    } nvd[] = {
        {"{\"id\":\"X\"}", "$.cve.id"},
        {"{\"id\":\"CVE-1-1\",\"configurations\":{}}", "$.cve.configurations"},
        {"{\"id\":\"CVE-1-1\",\"configurations\":[{\"operator\":\"XOR\",\"nodes\":[]}]}",
         "$.cve.configurations[0].operator"},
        {"{\"id\":\"CVE-1-1\",\"configurations\":[{\"nodes\":[{\"negate\":1}]}]}",
         "$.cve.configurations[0].nodes[0].negate"},
        {"{\"id\":\"CVE-1-1\",\"configurations\":[{\"nodes\":[{\"cpeMatch\":[{\"vulnerable\":"
         "true,\"criteria\":\"cpe:/a:x:y\"}]}]}]}",
         "$.cve.configurations[0].nodes[0].cpeMatch[0].criteria"},
        {"{\"id\":\"CVE-1-1\",\"configurations\":[{\"nodes\":[{\"cpeMatch\":[{\"criteria\":"
         "\"cpe:2.3:a:x:y:*:*:*:*:*:*:*:*\"}]}]}]}",
         "$.cve.configurations[0].nodes[0].cpeMatch[0].vulnerable"},
        {"{\"id\":\"CVE-1-1\",\"configurations\":[{\"nodes\":[{\"cpeMatch\":[{\"vulnerable\":"
         "true,\"criteria\":\"cpe:2.3:a:x:y:*:*:*:*:*:*:*:*\",\"versionEndExcluding\":2}]}]}]}",
         "$.cve.configurations[0].nodes[0].cpeMatch[0].versionEndExcluding"},
    };
    for (size_t i = 0; i < sizeof nvd / sizeof nvd[0]; i++) {
        char doc[1024];
        snprintf(doc, sizeof doc,
                 "{\"format\":\"NVD_CVE\",\"version\":\"2.0\",\"vulnerabilities\":[{\"cve\":%s}]}",
                 nvd[i].cve);
        assert_int_equal(vuln_record_parse(doc, strlen(doc), &r, &err), GISAC_EINVAL);
        assert_string_equal(err.field, nvd[i].field);
        vuln_record_free(&r);
    }
    assert_int_equal(vuln_record_parse("[1]", 3, &r, &err), GISAC_EINVAL);
    vuln_record_free(&r);
    assert_int_equal(vuln_record_parse("{\"a\":1}", 7, &r, &err), GISAC_EUNSUPPORTED);
    vuln_record_free(&r);
    assert_int_equal(vuln_vex_justification_ok("code_not_reachable"), 1);
    assert_int_equal(vuln_vex_justification_ok("because"), 0);
    assert_int_equal(vuln_vex_covers(VULN_V_NPM, "4.17.15", NULL, "4.17.0", "4.17.18"), 1);
    assert_int_equal(vuln_vex_covers(VULN_V_NPM, "4.17.19", NULL, "4.17.0", "4.17.18"), 0);
    assert_int_equal(vuln_vex_covers(VULN_V_NPM, "4.17.15", "4.17.15", NULL, NULL), 1);
}

static void test_shared(void **state)
{
    (void)state;
    if (!shared_present())
        skip();
    vuln_record r;
    assert_int_equal(load("GISAC_SHARED", LOG4SHELL, &r), 0);
    assert_int_equal(r.known_exploited, 1);
    assert_string_equal(r.severity, "CRITICAL");
    vuln_record_free(&r);
    expect_verdicts("GISAC_SHARED", "data/");
    /* rejected and withdrawn records name nothing */
    static const char *const withdrawn[] = {CVE5 "2024/3xxx/CVE-2024-3069.json",
                                            OSV "go/GO-2022-0617.json"};
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(load("GISAC_SHARED", withdrawn[i], &r), 0);
        assert_int_equal(r.withdrawn, 1);
        vuln_record_free(&r);
    }
    /* every record and SBOM of the shared data parses */
    static const char *const all[] = {
        CVE5 "2022/3xxx/CVE-2022-3602.json",  CVE5 "2023/4xxx/CVE-2023-4863.json",
        CVE5 "2024/3xxx/CVE-2024-3094.json",  CVE5 "2024/1xxx/CVE-2024-1071.json",
        OSV "ghsa/GHSA-jfh8-c2jp-5v3q.json",  OSV "ghsa/GHSA-j8r2-6x86-q33q.json",
        OSV "ghsa/GHSA-p6mc-m468-83gw.json",  OSV "go/GO-2022-0969.json",
        OSV "rustsec/RUSTSEC-2021-0003.json", OSV "rustsec/RUSTSEC-2023-0071.json",
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        assert_int_equal(load("GISAC_SHARED", all[i], &r), 0);
        vuln_record_free(&r);
    }
}

TEST_MAIN(NULL, NULL, TEST_CASE(test_samples), TEST_CASE(test_bad_records), TEST_CASE(test_shared))
