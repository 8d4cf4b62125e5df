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

static void test_samples(void **state)
{
    (void)state;
    vuln_record r;
    char w[VULN_WHY_MAX];
    assert_int_equal(load("GISAC_SRCDIR", "samples/vuln/records/GHSA-test-log4j.json", &r), 0);
    assert_string_equal(r.source, "osv");
    assert_string_equal(r.id, "GHSA-jfh8-c2jp-5v3q");
    assert_string_equal(r.vuln, "CVE-2021-44228");
    assert_string_equal(r.severity, "CRITICAL");
    const char *p = "pkg:maven/org.apache.logging.log4j/log4j-core@";
    assert_string_equal(verdict(&r, "log4j-core", "2.14.1", p, NULL, w), "affected");
    assert_string_equal(w, "GHSA-jfh8-c2jp-5v3q $.affected[0].ranges[0]: introduced 2.13.0 <= "
                           "2.14.1 < fixed 2.15.0 (maven)");
    assert_string_equal(verdict(&r, "log4j-core", "2.15.0", p, NULL, w), "not_affected");
    assert_string_equal(verdict(&r, "log4j-core", "2.3", p, NULL, w), "affected");
    assert_string_equal(verdict(&r, "log4j-core", "2.3.1", p, NULL, w), "not_affected");
    /* 2.13.0-rc1 sorts before 2.13.0 in Maven's order; 2.12 is after 2.3.1 */
    assert_string_equal(verdict(&r, "log4j-core", "2.13.0-rc1", p, NULL, w), "not_affected");
    assert_string_equal(verdict(&r, "log4j-core", "-", p, NULL, w), "unknown");
    assert_string_equal(
        verdict(&r, "log4j-api", "2.14.1", "pkg:maven/org.apache.logging.log4j/log4j-api", NULL, w),
        "no match");
    vuln_record_free(&r);

    assert_int_equal(load("GISAC_SRCDIR", "samples/vuln/records/DSA-test-openssl.json", &r), 0);
    /* the backported fix: 3.0.11-1~deb12u2 >= 3.0.11-1~deb12u1 */
    assert_string_equal(verdict(&r, "openssl", "3.0.11-1~deb12u2",
                                "pkg:deb/debian/openssl?distro=debian-12", NULL, w),
                        "not_affected");
    assert_string_equal(
        verdict(&r, "openssl", "3.0.11-1", "pkg:deb/debian/openssl?distro=debian-12", NULL, w),
        "not_affected");
    assert_string_equal(
        verdict(&r, "openssl", "3.0.9-1", "pkg:deb/debian/openssl?distro=debian-12", NULL, w),
        "affected");
    /* another release's data says nothing; no release given: unknown */
    assert_string_equal(
        verdict(&r, "openssl", "3.0.9-1", "pkg:deb/debian/openssl?distro=debian-11", NULL, w),
        "no match");
    assert_string_equal(verdict(&r, "openssl", "3.0.9-1", "pkg:deb/debian/openssl", NULL, w),
                        "unknown");
    vuln_record_free(&r);

    assert_int_equal(load("GISAC_SRCDIR", "samples/vuln/records/CVE-2099-0002.json", &r), 0);
    assert_string_equal(r.source, "cve5");
    /* an upstream range is never compared with a distribution's version */
    assert_string_equal(verdict(&r, "openssl", "3.0.11-1~deb12u2", "pkg:deb/debian/openssl",
                                "cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*", w),
                        "unknown");
    assert_string_equal(
        verdict(&r, "openssl", "3.0.11", NULL, "cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*", w),
        "affected");
    assert_string_equal(w, "CVE-2099-0002 $.containers.cna.affected[0].versions[0]: 3.0.0 <= "
                           "3.0.11 < lessThan 3.0.12 (semver): affected");
    /* CPE version "-" is NA: never "matches everything" */
    assert_string_equal(
        verdict(&r, "openssl", NULL, NULL, "cpe:2.3:a:openssl:openssl:-:*:*:*:*:*:*:*", w),
        "unknown");
    /* past the range, and no defaultStatus: the record does not say */
    assert_string_equal(
        verdict(&r, "openssl", "3.0.12", NULL, "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*", w),
        "unknown");
    assert_string_equal(w, "CVE-2099-0002 $.containers.cna.affected[0]: 3.0.12 is in no listed "
                           "range; defaultStatus (none): unknown");
    vuln_record_free(&r);

    assert_int_equal(load("GISAC_SRCDIR", "samples/vuln/records/CVE-2099-0001.json", &r), 0);
    /* "2.8.123e" is newer than 2.8.100; the wildcard vendor names nothing */
    assert_string_equal(
        verdict(&r, "thing", "2.8.123e", NULL, "cpe:2.3:a:acme:thing:2.8.123e:*:*:*:*:*:*:*", w),
        "not_affected");
    assert_string_equal(
        verdict(&r, "thing", "2.8.75", NULL, "cpe:2.3:a:acme:thing:2.8.75:*:*:*:*:*:*:*", w),
        "affected");
    assert_string_equal(
        verdict(&r, "libwebp", "1.0", NULL, "cpe:2.3:a:google:libwebp:1.0:*:*:*:*:*:*:*", w),
        "no match");
    vuln_record_free(&r);

    assert_int_equal(load("GISAC_SRCDIR", "samples/vuln/records/RUSTSEC-test-smallvec.json", &r),
                     0);
    assert_string_equal(verdict(&r, "smallvec", "1.6.0", "pkg:cargo/smallvec@1.6.0", NULL, w),
                        "affected");
    assert_string_equal(verdict(&r, "smallvec", "0.6.14", "pkg:cargo/smallvec", NULL, w),
                        "not_affected");
    assert_string_equal(verdict(&r, "smallvec", "0.7.0", "pkg:cargo/smallvec", NULL, w),
                        "not_affected");
    assert_string_equal(verdict(&r, "smallvec", "0.6.2", "pkg:cargo/smallvec", NULL, w),
                        "not_affected");
    vuln_record_free(&r);
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
    char w[VULN_WHY_MAX];
    /* Log4Shell as published: lessThan "log4j-core*" cannot be read */
    assert_int_equal(
        load("GISAC_SHARED", "data/vulns/cve5/cves/2021/44xxx/CVE-2021-44228.json", &r), 0);
    assert_int_equal(r.known_exploited, 1);
    assert_string_equal(r.severity, "CRITICAL");
    assert_string_equal(
        verdict(&r, "log4j", "2.14.1", NULL,
                "cpe:2.3:a:apache_software_foundation:apache_log4j2:2.14.1:*:*:*:*:*:*:*", w),
        "unknown");
    assert_string_equal(w, "CVE-2021-44228 $.containers.cna.affected[0].versions[0]: lessThan "
                           "'log4j-core*' names no version");
    vuln_record_free(&r);
    /* Heartbleed's CNA entry is n/a / n/a: it names nothing */
    assert_int_equal(load("GISAC_SHARED", "data/vulns/cve5/cves/2014/0xxx/CVE-2014-0160.json", &r),
                     0);
    assert_string_equal(verdict(&r, "n/a", "1", NULL, "cpe:2.3:a:n\\/a:n\\/a:1:*:*:*:*:*:*:*", w),
                        "no match");
    vuln_record_free(&r);
    /* ranges written inside version, no versionType */
    assert_int_equal(
        load("GISAC_SHARED", "data/vulns/cve5/cves/2023/45xxx/CVE-2023-45803.json", &r), 0);
    const char *u = "cpe:2.3:a:urllib3:urllib3:%s:*:*:*:*:*:*:*";
    char cpe[128];
    snprintf(cpe, sizeof cpe, u, "2.0.6");
    assert_string_equal(verdict(&r, "urllib3", "2.0.6", NULL, cpe, w), "affected");
    assert_string_equal(w,
                        "CVE-2023-45803 $.containers.cna.affected[0].versions[0]: 2.0.6 > 2.0.0, "
                        "2.0.6 < 2.0.7 (generic): affected");
    snprintf(cpe, sizeof cpe, u, "2.0.7");
    assert_string_equal(verdict(&r, "urllib3", "2.0.7", NULL, cpe, w), "unknown");
    snprintf(cpe, sizeof cpe, u, "1.26.17");
    assert_string_equal(verdict(&r, "urllib3", "1.26.17", NULL, cpe, w), "affected");
    vuln_record_free(&r);
    /* version "*" with lessThanOrEqual, defaultStatus unaffected */
    assert_int_equal(load("GISAC_SHARED", "data/vulns/cve5/cves/2023/6xxx/CVE-2023-6553.json", &r),
                     0);
    assert_string_equal(verdict(&r, "bm", "1.3.7", NULL,
                                "cpe:2.3:a:migrate:backup_migration:1.3.7:*:*:*:*:*:*:*", w),
                        "affected");
    assert_string_equal(verdict(&r, "bm", "1.3.8", NULL,
                                "cpe:2.3:a:migrate:backup_migration:1.3.8:*:*:*:*:*:*:*", w),
                        "not_affected");
    vuln_record_free(&r);
    /* the kernel: git ranges, and "5.4.*" with defaultStatus affected */
    assert_int_equal(
        load("GISAC_SHARED", "data/vulns/cve5/cves/2025/21xxx/CVE-2025-21772.json", &r), 0);
    assert_string_equal(
        verdict(&r, "linux", "5.4.300", NULL, "cpe:2.3:o:linux:linux:5.4.300:*:*:*:*:*:*:*", w),
        "not_affected");
    assert_string_equal(
        verdict(&r, "linux", "5.4.200", NULL, "cpe:2.3:o:linux:linux:5.4.200:*:*:*:*:*:*:*", w),
        "affected");
    vuln_record_free(&r);
    /* rejected and withdrawn records name nothing */
    assert_int_equal(load("GISAC_SHARED", "data/vulns/cve5/cves/2024/3xxx/CVE-2024-3069.json", &r),
                     0);
    assert_int_equal(r.withdrawn, 1);
    vuln_record_free(&r);
    assert_int_equal(load("GISAC_SHARED", "data/vulns/osv/go/GO-2022-0617.json", &r), 0);
    assert_int_equal(r.withdrawn, 1);
    vuln_record_free(&r);
    /* last_affected (no fix) and an explicit versions list */
    assert_int_equal(load("GISAC_SHARED", "data/vulns/osv/ghsa/GHSA-p8p7-x288-28g6.json", &r), 0);
    assert_string_equal(verdict(&r, "request", "2.88.2", "pkg:npm/request@2.88.2", NULL, w),
                        "affected");
    assert_string_equal(verdict(&r, "request", "2.88.3", "pkg:npm/request", NULL, w),
                        "not_affected");
    assert_string_equal(verdict(&r, "r", "2.88.11", "pkg:npm/%40cypress/request", NULL, w),
                        "affected");
    vuln_record_free(&r);
    assert_int_equal(load("GISAC_SHARED", "data/vulns/osv/ghsa/GHSA-mh6f-8j2x-4483.json", &r), 0);
    assert_string_equal(verdict(&r, "flatmap-stream", "0.1.1", "pkg:npm/flatmap-stream", NULL, w),
                        "affected");
    assert_string_equal(verdict(&r, "event-stream", "3.3.6", "pkg:npm/event-stream", NULL, w),
                        "affected");
    assert_string_equal(w, "GHSA-mh6f-8j2x-4483 $.affected[0].versions[0]: 3.3.6 is listed");
    vuln_record_free(&r);
    assert_int_equal(load("GISAC_SHARED", "data/vulns/osv/debian/DSA-3029-1.json", &r), 0);
    assert_string_equal(
        verdict(&r, "nginx", "1.2.1-2.2+wheezy3", "pkg:deb/debian/nginx?distro=debian-7", NULL, w),
        "not_affected");
    assert_string_equal(
        verdict(&r, "nginx", "1.2.1-2.2+wheezy2", "pkg:deb/debian/nginx?distro=debian-7", NULL, w),
        "affected");
    vuln_record_free(&r);
    /* every record and SBOM of the shared data parses */
    static const char *const all[] = {
        "data/vulns/cve5/cves/2022/3xxx/CVE-2022-3602.json",
        "data/vulns/cve5/cves/2023/4xxx/CVE-2023-4863.json",
        "data/vulns/cve5/cves/2024/3xxx/CVE-2024-3094.json",
        "data/vulns/cve5/cves/2024/1xxx/CVE-2024-1071.json",
        "data/vulns/osv/ghsa/GHSA-jfh8-c2jp-5v3q.json",
        "data/vulns/osv/ghsa/GHSA-j8r2-6x86-q33q.json",
        "data/vulns/osv/ghsa/GHSA-p6mc-m468-83gw.json",
        "data/vulns/osv/go/GO-2022-0969.json",
        "data/vulns/osv/rustsec/RUSTSEC-2021-0003.json",
        "data/vulns/osv/rustsec/RUSTSEC-2023-0071.json",
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        assert_int_equal(load("GISAC_SHARED", all[i], &r), 0);
        vuln_record_free(&r);
    }
    assert_int_equal(load("GISAC_SHARED", "data/vulns/osv/go/GO-2022-0969.json", &r), 0);
    assert_string_equal(verdict(&r, "net", "v0.0.0-20220906165146-f3363e06e74c",
                                "pkg:golang/golang.org/x/net", NULL, w),
                        "not_affected");
    vuln_record_free(&r);
}

TEST_MAIN(NULL, NULL, TEST_CASE(test_samples), TEST_CASE(test_bad_records), TEST_CASE(test_shared))
