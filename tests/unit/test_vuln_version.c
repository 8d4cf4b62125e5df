/*
 * test_vuln_version.c: the version orderings of src/vuln (vuln_version.c)
 * and the identifiers (vuln_ident.c). Debian's ordering is checked against
 * dpkg --compare-versions as the oracle: thousands of generated versions
 * are sorted by gisac and dpkg confirms every neighbouring pair, which by
 * transitivity confirms the order of every pair.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_main.h"
#include "vuln/vuln.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int cmp(vuln_scheme s, const char *a, const char *b)
{
    int c = 99;
    gisac_err err = GISAC_ERR_INIT;
    int rc = vuln_version_cmp(s, a, b, &c, &err);
    if (rc) {
        fprintf(stderr, "%s vs %s (%s): %s\n", a, b, vuln_scheme_name(s), err.msg);
        return 99;
    }
    return c;
}

#define LT(s, a, b)                                                                                \
    do {                                                                                           \
        assert_int_equal(cmp(s, a, b), -1);                                                        \
        assert_int_equal(cmp(s, b, a), 1);                                                         \
    } while (0)
#define EQ(s, a, b) assert_int_equal(cmp(s, a, b), 0)

/* Pairs of versions of a scheme: a before b ('<'), the same ('='), or
 * refused ('!': either is not a version of the scheme). */
static const struct {
    vuln_scheme s;
    const char *a;
    char rel;
    const char *b;
} pairs[] = {
    /* ---- Debian ---- */
    {VULN_V_DEBIAN, "1.0~rc1", '<', "1.0"},
    {VULN_V_DEBIAN, "1.0", '<', "1.0-1"},
    {VULN_V_DEBIAN, "5.1.6", '<', "7:5.1.6"}, /* the epoch first (DT #5078) */
    {VULN_V_DEBIAN, "9:1.0", '<', "10:0.1"},
    {VULN_V_DEBIAN, "1.2.3-1", '<', "1.2.3-1+deb12u1"}, /* a backport's revision */
    {VULN_V_DEBIAN, "1.0~~", '<', "1.0~"},
    {VULN_V_DEBIAN, "1.0a", '<', "1.0+"},
    {VULN_V_DEBIAN, "0:1.0", '=', "1.0"},
    {VULN_V_DEBIAN, "1.01", '=', "1.1"},
    {VULN_V_DEBIAN, "x:1.0", '!', "1.0"},
    {VULN_V_DEBIAN, "1.0-", '!', "1.0"},
    /* ---- SemVer, npm and Go ---- */
    {VULN_V_SEMVER, "1.0.0+build.1", '=', "1.0.0+build.2"},
    {VULN_V_SEMVER, "2.8.75", '<', "2.8.123"}, /* numbers numerically */
    {VULN_V_SEMVER, "1.0", '!', "1.0.0"},
    {VULN_V_SEMVER, "01.0.0", '!', "1.0.0"},
    {VULN_V_NPM, "v1.2.3", '<', "=1.2.4"},
    /* Go: pseudo-versions are pre-releases of the next patch */
    {VULN_V_GO, "v0.0.0-20220906165146-f3363e06e74c", '<', "v0.1.0"},
    {VULN_V_GO, "v0.0.0-20220906165146-f3363e06e74c", '<', "v0.0.0-20221004154528-8021a29435af"},
    {VULN_V_GO, "v2.0.0+incompatible", '=', "v2.0.0"},
    {VULN_V_GO, "1.0.0", '!', "v1.0.0"},
    /* ---- PEP 440 ---- */
    {VULN_V_PEP440, "1.0", '=', "1.0.0"},
    {VULN_V_PEP440, "1.0alpha1", '=', "1.0a1"},
    {VULN_V_PEP440, "1.0-1", '=', "1.0.post1"},
    {VULN_V_PEP440, "v2.31.0", '=', "2.31.0"},
    {VULN_V_PEP440, "2.30.0", '<', "2.31.0"},
    {VULN_V_PEP440, "1!0.1", '<', "1!1.0"},
    {VULN_V_PEP440, "9.0", '<', "1!0.1"},
    {VULN_V_PEP440, "1.0-foo", '!', "1.0"},
    /* ---- Maven ---- */
    {VULN_V_MAVEN, "1", '=', "1.0.0"},
    {VULN_V_MAVEN, "1.0-ga", '=', "1.0"},
    {VULN_V_MAVEN, "1.0.0-alpha", '=', "1-alpha"},
    {VULN_V_MAVEN, "1.0-cr1", '=', "1.0-rc1"},
    {VULN_V_MAVEN, "1.0-1", '<', "1.0.1"},
    {VULN_V_MAVEN, "2.0-beta9", '<', "2.0"},
    /* ---- RPM and generic ---- */
    {VULN_V_RPM, "1.0", '<', "1.0.1"},
    {VULN_V_RPM, "1.0~rc1", '<', "1.0"},
    {VULN_V_RPM, "1.0", '<', "1.0^git1"},
    {VULN_V_RPM, "1.0a", '<', "1.0.1"},
    {VULN_V_RPM, "2:1.0-1", '<', "3:0.1-1"},
    {VULN_V_RPM, "1.0-1.el8", '<', "1.0-2.el8"},
    {VULN_V_RPM, "1.0-1", '=', "0:1.0-1"},
    /* generic: "2.8.123e" is newer than "2.8.75" (DT #2803) */
    {VULN_V_GENERIC, "2.8.75", '<', "2.8.123e"},
    {VULN_V_GENERIC, "1.0rc1", '<', "1.0"},
    {VULN_V_GENERIC, "1.0", '<', "1.0.1"},
    {VULN_V_GENERIC, "v1.2", '=', "1.2"},
    {VULN_V_GENERIC, "*", '!', "1.0"},
    {VULN_V_GENERIC, "-", '!', "1.0"},
    {VULN_V_NONE, "1", '!', "1"},
};

/* every pair of pairs[] */
static void test_pairs(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        int c;
        gisac_err err = GISAC_ERR_INIT;
        switch (pairs[i].rel) {
        case '<':
            LT(pairs[i].s, pairs[i].a, pairs[i].b);
            break;
        case '=':
            EQ(pairs[i].s, pairs[i].a, pairs[i].b);
            break;
        default:
            assert_int_equal(vuln_version_cmp(pairs[i].s, pairs[i].a, pairs[i].b, &c, &err),
                             GISAC_EINVAL);
        }
    }
}

static void test_debian(void **state)
{
    (void)state;
    int c;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(vuln_version_cmp(VULN_V_DEBIAN, "a1.0", "1.0", &c, &err), GISAC_EINVAL);
    assert_string_equal(err.msg, "version 'a1.0': version does not start with a digit");
}

/* A random Debian version from parts that exercise every rule. */
static void gen_deb(unsigned *seed, char *out, size_t cap)
{
    static const char *const alpha = "0123456789abzAZ.+~";
    static const char *const revch = "0123456789abz.+~";
    size_t o = 0;
    if (rand_r(seed) % 4 == 0)
        o += (size_t)snprintf(out + o, cap - o, "%d:", rand_r(seed) % 3);
    out[o++] = (char)('0' + rand_r(seed) % 10);
    int n = rand_r(seed) % 7;
    for (int i = 0; i < n; i++)
        out[o++] = alpha[rand_r(seed) % strlen(alpha)];
    if (rand_r(seed) % 2) {
        out[o++] = '-';
        int m = 1 + rand_r(seed) % 4;
        for (int i = 0; i < m; i++)
            out[o++] = revch[rand_r(seed) % strlen(revch)];
    }
    out[o] = 0;
}

#define NGEN 3000
static char gen[NGEN][40];

static int deb_qcmp(const void *a, const void *b)
{
    int c = 0;
    vuln_version_cmp(VULN_V_DEBIAN, a, b, &c, NULL);
    return c;
}

static void test_debian_oracle(void **state)
{
    (void)state;
    if (access("/usr/bin/dpkg", X_OK) != 0)
        skip();
    unsigned seed = 20261207;
    for (int i = 0; i < NGEN; i++) {
        gen_deb(&seed, gen[i], sizeof gen[i]);
        gisac_err err = GISAC_ERR_INIT;
        assert_int_equal(vuln_version_check(VULN_V_DEBIAN, gen[i], &err), 0);
    }
    qsort(gen, NGEN, sizeof gen[0], deb_qcmp);
    char tmpl[] = "/tmp/gisac-dpkg-XXXXXX";
    int fd = mkstemp(tmpl);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    for (int i = 0; i + 1 < NGEN; i++)
        fprintf(f, "%s %s %s\n", gen[i], deb_qcmp(gen[i], gen[i + 1]) == 0 ? "eq" : "lt",
                gen[i + 1]);
    /* and pairs far apart, compared the other way round */
    for (int i = 0; i + 700 < NGEN; i += 7)
        if (deb_qcmp(gen[i], gen[i + 700]) < 0)
            fprintf(f, "%s gt %s\n", gen[i + 700], gen[i]);
    fclose(f);
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "n=0; bad=0; while read a op b; do n=$((n+1)); dpkg --compare-versions \"$a\" $op "
             "\"$b\" 2>/dev/null || { bad=$((bad+1)); echo \"dpkg disagrees: $a $op $b\" >&2; }; "
             "done < %s; echo \"dpkg oracle: $n pairs, $bad disagreements\" >&2; test $bad = 0",
             tmpl);
    int rc = system(cmd);
    unlink(tmpl);
    assert_int_equal(rc, 0);
}

/* Each version of order (n of them) is before the next one, in scheme s,
 * from the pair (first, first + 1) on. */
static void check_order(vuln_scheme s, const char *const *order, size_t n, size_t first)
{
    for (size_t i = first; i + 1 < n; i++)
        LT(s, order[i], order[i + 1]);
}

/* the published orderings of SemVer, PEP 440 and Maven */
static void test_orders(void **state)
{
    (void)state;
    /* the precedence example of SemVer 2.0.0, section 11 */
    static const char *const semver[] = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
                                         "1.0.0-beta",  "1.0.0-beta.2",  "1.0.0-beta.11",
                                         "1.0.0-rc.1",  "1.0.0",         "2.0.0",
                                         "2.1.0",       "2.1.1"};
    check_order(VULN_V_SEMVER, semver, sizeof semver / sizeof semver[0], 0);
    /* the ordering example of PEP 440 */
    static const char *const pep440[] = {"1.dev0",
                                         "1.0.dev456",
                                         "1.0a1",
                                         "1.0a2.dev456",
                                         "1.0a12.dev456",
                                         "1.0a12",
                                         "1.0b1.dev456",
                                         "1.0b2",
                                         "1.0b2.post345.dev456",
                                         "1.0b2.post345",
                                         "1.0rc1.dev456",
                                         "1.0rc1",
                                         "1.0",
                                         "1.0+abc.5",
                                         "1.0+abc.7",
                                         "1.0+5",
                                         "1.0.post456.dev34",
                                         "1.0.post456",
                                         "1.1.dev1"};
    check_order(VULN_V_PEP440, pep440, sizeof pep440 / sizeof pep440[0], 0);
    static const char *const maven[] = {
        "1-alpha",      "1.0-alpha-1", "1.0-beta", "1.0-milestone-1", "1.0-rc1",
        "1.0-SNAPSHOT", "1.0",         "1.0-sp1",  "1.0-whatever",    "1.0.1",
        "1.1",          "2.14.1",      "2.15.0",   "2.16.0"};
    /* from the second: 1-alpha == 1.0-alpha */
    check_order(VULN_V_MAVEN, maven, sizeof maven / sizeof maven[0], 1);
}

static void test_scheme_names(void **state)
{
    (void)state;
    assert_int_equal(vuln_scheme_parse("python"), VULN_V_PEP440);
    assert_int_equal(vuln_scheme_parse("git"), VULN_V_NONE);
    assert_string_equal(vuln_scheme_name(VULN_V_DEBIAN), "debian");
}

static void test_cpe(void **state)
{
    (void)state;
    vuln_cpe c;
    gisac_err err = GISAC_ERR_INIT;
    char s[VULN_CPE_MAX];
    assert_int_equal(vuln_cpe_parse("cpe:2.3:a:Apache:Log4j:2.14.1:*:*:*:*:*:*:*", &c, &err), 0);
    assert_int_equal(c.part, 'a');
    assert_string_equal(c.attr[VULN_CPE_VENDOR], "apache");
    assert_string_equal(c.attr[VULN_CPE_VERSION], "2.14.1");
    vuln_cpe_format(&c, s, sizeof s);
    assert_string_equal(s, "cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*");
    assert_int_equal(vuln_cpe_parse("cpe:/o:redhat:enterprise_linux:8", &c, &err), 0);
    vuln_cpe_format(&c, s, sizeof s);
    assert_string_equal(s, "cpe:2.3:o:redhat:enterprise_linux:8:*:*:*:*:*:*:*");
    assert_int_equal(vuln_cpe_parse("cpe:2.3:a:x:y:1:*:*", &c, &err), GISAC_EINVAL);
    assert_string_equal(err.msg, "CPE 2.3: 13 parts expected, 8 found");
    assert_string_equal(err.field, "$.cpe");
    assert_int_equal(vuln_cpe_parse("cpe:2.3:q:x:y:1:*:*:*:*:*:*:*", &c, &err), GISAC_EINVAL);
    assert_int_equal(vuln_cpe_parse("cpe:2.3:a:x:y:1.*.3:*:*:*:*:*:*:*", &c, &err), GISAC_EINVAL);
    assert_int_equal(vuln_cpe_parse("cpe:2.3:a:x\\:y:z:1:*:*:*:*:*:*:*", &c, &err), 0);
    assert_string_equal(c.attr[VULN_CPE_VENDOR], "x\\:y");
    /* NISTIR 7696 table 6-2 */
    assert_int_equal(vuln_cpe_attr_compare("*", "*"), VULN_CPE_EQUAL);
    assert_int_equal(vuln_cpe_attr_compare("*", "1.0"), VULN_CPE_SUPERSET);
    assert_int_equal(vuln_cpe_attr_compare("-", "1.0"), VULN_CPE_DISJOINT); /* never "all" */
    assert_int_equal(vuln_cpe_attr_compare("-", "-"), VULN_CPE_EQUAL);
    assert_int_equal(vuln_cpe_attr_compare("1.0", "*"), VULN_CPE_SUBSET);
    assert_int_equal(vuln_cpe_attr_compare("1.0", "-"), VULN_CPE_DISJOINT);
    assert_int_equal(vuln_cpe_attr_compare("1.0", "1.0"), VULN_CPE_EQUAL);
    assert_int_equal(vuln_cpe_attr_compare("1.0", "1.1"), VULN_CPE_DISJOINT);
    assert_int_equal(vuln_cpe_attr_compare("1.*", "1.1"), VULN_CPE_SUPERSET);
    assert_int_equal(vuln_cpe_attr_compare("1.0", "1.*"), VULN_CPE_UNDEFINED);
    assert_string_equal(vuln_cpe_rel_name(VULN_CPE_SUPERSET), "superset");
}

static void test_purl(void **state)
{
    (void)state;
    vuln_purl p;
    gisac_err err = GISAC_ERR_INIT;
    char k[512];
    assert_int_equal(
        vuln_purl_parse("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", &p, &err), 0);
    assert_string_equal(p.type, "maven");
    assert_string_equal(p.ns, "org.apache.logging.log4j");
    assert_string_equal(p.name, "log4j-core");
    assert_string_equal(p.version, "2.14.1");
    vuln_purl_key(&p, k, sizeof k);
    assert_string_equal(k, "maven/org.apache.logging.log4j/log4j-core");
    assert_int_equal(vuln_purl_parse("pkg:npm/%40cypress/request@2.88.12?x=1#sub", &p, &err), 0);
    vuln_purl_key(&p, k, sizeof k);
    assert_string_equal(k, "npm/@cypress/request");
    assert_string_equal(p.version, "2.88.12");
    assert_int_equal(vuln_purl_parse("pkg:PyPI/Zope_Interface@5.0", &p, &err), 0);
    vuln_purl_key(&p, k, sizeof k);
    assert_string_equal(k, "pypi/zope-interface");
    assert_int_equal(
        vuln_purl_parse("pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12", &p,
                        &err),
        0);
    assert_string_equal(p.distro, "debian-12");
    assert_string_equal(p.version, "3.0.11-1~deb12u2");
    /* a binary package: keyed by its source package, the source's version kept */
    assert_int_equal(
        vuln_purl_parse("pkg:deb/debian/libssl3@3.0.9-1%2Bb1?upstream=OpenSSL%403.0.9-1", &p, &err),
        0);
    vuln_purl_key(&p, k, sizeof k);
    assert_string_equal(k, "deb/debian/openssl");
    assert_string_equal(p.upstream_version, "3.0.9-1");
    assert_string_equal(p.version, "3.0.9-1+b1");
    /* upstream names a source only for a distribution's packages */
    assert_int_equal(vuln_purl_parse("pkg:npm/lodash@1?upstream=other", &p, &err), 0);
    vuln_purl_key(&p, k, sizeof k);
    assert_string_equal(k, "npm/lodash");
    assert_int_equal(vuln_purl_parse("pkg:deb/debian/x@1?upstream=%zz", &p, &err), GISAC_EINVAL);
    assert_int_equal(vuln_purl_parse("pkg:golang/golang.org/x/net@v0.0.1", &p, &err), 0);
    vuln_purl_key(&p, k, sizeof k);
    assert_string_equal(k, "golang/golang.org/x/net");
    assert_int_equal(vuln_purl_parse("npm/lodash@1", &p, &err), GISAC_EINVAL);
    assert_int_equal(vuln_purl_parse("pkg:npm", &p, &err), GISAC_EINVAL);
    assert_int_equal(vuln_purl_parse("pkg:npm/%zz@1", &p, &err), GISAC_EINVAL);
    assert_string_equal(vuln_osv_ecosystem_type("Debian:12"), "deb");
    assert_string_equal(vuln_osv_ecosystem_type("crates.io"), "cargo");
    assert_null(vuln_osv_ecosystem_type("Nope"));
    vuln_norm_name("Apache  Log4j2", k, sizeof k);
    assert_string_equal(k, "apache_log4j2");
}

TEST_MAIN(NULL, NULL, TEST_CASE(test_pairs), TEST_CASE(test_debian), TEST_CASE(test_debian_oracle),
          TEST_CASE(test_orders), TEST_CASE(test_scheme_names), TEST_CASE(test_cpe),
          TEST_CASE(test_purl))
