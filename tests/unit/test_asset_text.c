/*
 * test_asset_text.c: the line formats of the register (asset_text.c): a
 * dpkg status file (samples/vuln/mail01.dpkg-status and this machine's own
 * /var/lib/dpkg/status) and CSV inventories, and the errors naming their
 * line.
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

/* One component as expected: name, version (NULL: none), purl, cpe. */
typedef struct want {
    const char *name, *version, *purl, *cpe;
} want;

static void expect(const asset_sbom *sb, const want *w, size_t n)
{
    assert_int_equal(sb->n, n);
    for (size_t i = 0; i < n; i++) {
        const asset_component *c = &sb->v[i];
        assert_string_equal(c->name, w[i].name);
        if (w[i].version)
            assert_string_equal(c->version, w[i].version);
        else
            assert_null(c->version);
        if (w[i].purl)
            assert_string_equal(c->purl, w[i].purl);
        else
            assert_null(c->purl);
        if (w[i].cpe)
            assert_string_equal(c->cpe, w[i].cpe);
        else
            assert_null(c->cpe);
    }
}

static int parse_file(const char *rel, const char *distro, asset_sbom *sb, gisac_buf *b)
{
    const char *base = getenv("GISAC_SRCDIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", base ? base : ".", rel);
    gisac_err err = GISAC_ERR_INIT;
    if (gisac_read_file(path, b, &err) < 0)
        return -1;
    int rc = asset_inventory_parse(b->data, b->len, rel, distro, sb, &err);
    if (rc)
        fprintf(stderr, "%s: %zu: %s\n", path, sb->line, err.msg);
    return rc;
}

#define DEB "pkg:deb/debian/"
static void test_dpkg_sample(void **state)
{
    (void)state;
    static const want w[] = {
        {"libssl3", "3.0.9-1+b1",
         DEB "libssl3@3.0.9-1%2Bb1?arch=amd64&upstream=openssl%403.0.9-1&distro=debian-12", NULL},
        {"openssl", "3.0.11-1~deb12u2",
         DEB "openssl@3.0.11-1~deb12u2?arch=amd64&upstream=openssl&distro=debian-12", NULL},
        /* held packages are installed; "deinstall ok config-files" ones are not */
        {"nginx", "1.22.1-9", DEB "nginx@1.22.1-9?arch=amd64&upstream=nginx&distro=debian-12",
         NULL},
        {"tzdata", "2024a-0+deb12u1",
         DEB "tzdata@2024a-0%2Bdeb12u1?arch=all&upstream=tzdata&distro=debian-12", NULL},
    };
    asset_sbom sb;
    gisac_buf b = GISAC_BUF_INIT;
    assert_int_equal(parse_file("samples/vuln/mail01.dpkg-status", "debian-12", &sb, &b), 0);
    assert_string_equal(sb.format, "dpkg-status");
    assert_null(sb.subject);
    expect(&sb, w, sizeof w / sizeof w[0]);
    for (size_t i = 0; i < sb.n; i++)
        assert_string_equal(sb.v[i].ecosystem, "deb");
    asset_sbom_free(&sb);
    /* another distribution: its name is the purl namespace */
    assert_int_equal(asset_dpkg_parse(b.data, b.len, "ubuntu-22.04", &sb, NULL), 0);
    assert_string_equal(sb.v[3].purl,
                        "pkg:deb/ubuntu/tzdata@2024a-0%2Bdeb12u1?arch=all&upstream=tzdata&"
                        "distro=ubuntu-22.04");
    asset_sbom_free(&sb);
    gisac_buf_free(&b);
}

/* this machine's own status file: every installed package, keyed by its source */
static void test_dpkg_real(void **state)
{
    (void)state;
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    if (gisac_read_file("/var/lib/dpkg/status", &b, &err) < 0) {
        gisac_buf_free(&b);
        skip();
    }
    /* the oracle: paragraphs whose Status is installed, counted apart */
    size_t installed = 0;
    for (const char *p = b.data; (p = strstr(p, "\nStatus: ")) != NULL; p++)
        installed += strncmp(p + 9, "install ok installed\n", 21) == 0 ||
                     strncmp(p + 9, "hold ok installed\n", 18) == 0;
    installed += strncmp(b.data, "Status: install ok installed\n", 29) == 0;
    asset_sbom sb;
    assert_int_equal(asset_inventory_parse(b.data, b.len, "status", "debian-12", &sb, &err), 0);
    assert_string_equal(sb.format, "dpkg-status");
    assert_true(sb.n > 0);
    assert_int_equal(sb.n, installed);
    for (size_t i = 0; i < sb.n; i++) {
        vuln_purl p;
        assert_int_equal(vuln_purl_parse(sb.v[i].purl, &p, &err), 0);
        assert_string_equal(p.type, "deb");
        assert_string_equal(p.distro, "debian-12");
        assert_true(p.upstream[0] != 0);
        assert_int_equal(vuln_version_check(VULN_V_DEBIAN, sb.v[i].version, &err), 0);
    }
    asset_sbom_free(&sb);
    gisac_buf_free(&b);
}

static void test_csv(void **state)
{
    (void)state;
    static const want office[] = {
        {"log4j", "2.14.1", NULL, "cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*"},
        {"Office, Professional Plus", "2019", NULL,
         "cpe:2.3:a:microsoft_corporation:office\\,_professional_plus:2019:*:*:*:*:*:*:*"},
        {"libwebp", NULL, NULL, "cpe:2.3:a:webmproject:libwebp:1.3.1:*:*:*:*:*:*:*"},
        {"lodash", "4.17.15", "pkg:npm/lodash@4.17.15", NULL},
    };
    asset_sbom sb;
    gisac_buf b = GISAC_BUF_INIT;
    assert_int_equal(parse_file("samples/vuln/office.csv", NULL, &sb, &b), 0);
    assert_string_equal(sb.format, "csv");
    expect(&sb, office, sizeof office / sizeof office[0]);
    asset_sbom_free(&sb);
    gisac_buf_free(&b);

    /* no header, CRLF, a quoted field across lines with a doubled quote, a blank
     * line, a CPE 2.2 URI normalised, a purl's name when there is no product */
    static const char text[] = "acme,\"Widget \"\"Pro\"\"\nEdition\",1.0,,\r\n"
                               "\r\n"
                               ",,,cpe:/a:Vendor:Prod:2.0,\n"
                               ",,1.2.3,,pkg:pypi/Zope_Interface@1.2.3\n";
    static const want w[] = {
        {"Widget \"Pro\"\nEdition", "1.0", NULL,
         "cpe:2.3:a:acme:widget_\\\"pro\\\"\\\nedition:1.0:*:*:*:*:*:*:*"},
        {"prod", NULL, NULL, "cpe:2.3:a:vendor:prod:2.0:*:*:*:*:*:*:*"},
        {"zope-interface", "1.2.3", "pkg:pypi/Zope_Interface@1.2.3", NULL},
    };
    gisac_err err = GISAC_ERR_INIT;
    int rc = asset_inventory_parse(text, sizeof text - 1, NULL, NULL, &sb, &err);
    if (rc)
        fprintf(stderr, "line %zu: %s\n", sb.line, err.msg);
    assert_int_equal(rc, 0);
    expect(&sb, w, sizeof w / sizeof w[0]);
    asset_sbom_free(&sb);
}

/* Bad input: the line an error concerns and its message. */
typedef struct bad {
    const char *in;
    size_t line;
    const char *msg;
} bad;

static void check_bad(const bad *v, size_t n,
                      int (*parse)(const char *, size_t, asset_sbom *, gisac_err *))
{
    for (size_t i = 0; i < n; i++) {
        asset_sbom sb;
        gisac_err err = GISAC_ERR_INIT;
        int rc = parse(v[i].in, strlen(v[i].in), &sb, &err);
        if (rc != GISAC_EINVAL || sb.line != v[i].line || strcmp(err.msg, v[i].msg) != 0)
            fail_msg("case %zu: rc %d line %zu: '%s'", i, rc, sb.line, err.msg);
        asset_sbom_free(&sb);
    }
}

static int dpkg12(const char *d, size_t n, asset_sbom *sb, gisac_err *err)
{
    return asset_dpkg_parse(d, n, "debian-12", sb, err);
}

static void test_dpkg_bad(void **state)
{
    (void)state;
    static const bad v[] = {
        {"Package: a\nStatus: install ok installed\n", 1, "package a: installed without a Version"},
        {"Package: a\nVersion: 1\n\nPackage: b\n", 1, "package a: no Status"},
        {"Status: install ok installed\nVersion: 1\n", 1, "a paragraph without Package"},
        {"Package: a\nPackage: b\n", 2, "Package given twice in a paragraph"},
        {"Package: a\nthis is not a field\n", 2, "not a field (Name: value)"},
        {"Package: a\nStatus:\n", 2, "Status: empty"},
        {" continued\n", 1, "a continuation line outside a field"},
        {"Package: a\n# note\n", 2, "a comment in a dpkg status file"},
        {"Package: a\nStatus: install ok installed\nVersion: 1:\n", 3,
         "package a: Version: version '1:': empty upstream version"},
        {"Package: a\nStatus: install ok installed\nVersion: 1\nSource: b (2\n", 4,
         "package a: Source: NAME or NAME (VERSION) expected"},
    };
    check_bad(v, sizeof v / sizeof v[0], dpkg12);
    asset_sbom sb;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(asset_dpkg_parse("", 0, "debian", &sb, &err), GISAC_EINVAL);
    assert_string_equal(err.field, "$.distro");
    asset_sbom_free(&sb);
}

static void test_csv_bad(void **state)
{
    (void)state;
    static const bad v[] = {
        {"a,b,c\n", 1, "3 fields; 5 expected (vendor,product,version,cpe,purl)"},
        {"vendor,product,version,cpe,purl\na,b,1,,\n\"x,y,1,,\n", 3,
         "field 1: a quote that is not closed"},
        {"a,\"b\"c,1,,\n", 1, "field 2: text after the closing quote"},
        {"a,b\"c,1,,\n", 1, "field 2: a quote inside an unquoted field"},
        {"a,b,1,,\n,,,,\n", 2, "no product, purl or CPE product: a component needs a name"},
        {"a,b,1,cpe:2.3:a:x,\n", 1, "cpe: CPE 2.3: 13 parts expected, 4 found"},
        {"a,b,1,,npm/x@1\n", 1, "purl: not a package URL (pkg:...): 'npm/x@1'"},
        {"a,\"multi\nline\",1,,\na,b,1,,x\n", 3, "purl: not a package URL (pkg:...): 'x'"},
    };
    check_bad(v, sizeof v / sizeof v[0], asset_csv_parse);
}

TEST_MAIN(NULL, NULL, TEST_CASE(test_dpkg_sample), TEST_CASE(test_dpkg_real), TEST_CASE(test_csv),
          TEST_CASE(test_dpkg_bad), TEST_CASE(test_csv_bad))
