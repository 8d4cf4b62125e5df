/*
 * test_apk.c: the parsers of the APK check (src/apk) against aapt, and
 * their bounds:
 *  - the binary XML of the sample APKs' manifests and network security
 *    config, dumped in aapt's xmltree format, equal `aapt dump xmltree`
 *    (string pool, resource map, elements, typed values, line numbers);
 *  - resource references resolve through resources.arsc as aapt shows them;
 *  - every prefix of an APK, a manifest and a resource table is refused
 *    cleanly or read, never read past (ASan/UBSan builds check that).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"
#include "apk/apk_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ANDROID_NS "http://schemas.android.com/apk/res/android"

static void path_of(char *out, size_t cap, const char *rel)
{
    const char *src = getenv("GISAC_SRCDIR");
    snprintf(out, cap, "%s/%s", src ? src : ".", rel);
}

static void dump(gisac_buf *b, const apk_xnode *x, int depth)
{
    gisac_buf_printf(b, "%*sE: %s (line=%u)\n", 2 * depth, "", x->name, x->line);
    for (size_t i = 0; i < x->nattrs; i++) {
        const apk_xattr *a = &x->attrs[i];
        gisac_buf_printf(b, "%*sA: %s%s", 2 * depth + 2, "",
                         a->ns && strcmp(a->ns, ANDROID_NS) == 0 ? "android:" : "", a->name);
        if (a->res_id)
            gisac_buf_printf(b, "(0x%08x)", a->res_id);
        if (a->type == APK_VAL_STRING)
            gisac_buf_printf(b, "=\"%s\" (Raw: \"%s\")\n", a->str ? a->str : "",
                             a->str ? a->str : "");
        else if (a->type == APK_VAL_REFERENCE)
            gisac_buf_printf(b, "=@0x%08x\n", a->data);
        else if (a->str)
            gisac_buf_printf(b, "=(type 0x%x)0x%x (Raw: \"%s\")\n", a->type, a->data, a->str);
        else
            gisac_buf_printf(b, "=(type 0x%x)0x%x\n", a->type, a->data);
    }
    for (const apk_xnode *c = x->child; c; c = c->next)
        dump(b, c, depth + 1);
}

/* `aapt dump xmltree APK NAME` without its namespace lines (what they indent, less indented) */
static void aapt_xmltree(const char *apk, const char *name, gisac_buf *out)
{
    char cmd[2400];
    snprintf(cmd, sizeof cmd, "aapt dump xmltree '%s' '%s'", apk, name);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char line[4096];
    size_t ns = 0; /* namespace lines: each indents what follows */
    while (fgets(line, sizeof line, p)) {
        if (strncmp(line + 2 * ns, "N: ", 3) == 0) {
            ns++;
            continue;
        }
        gisac_buf_puts(out, line + 2 * ns);
    }
    assert_int_equal(pclose(p), 0);
}

static void read_apk(const char *apk, gisac_buf *all)
{
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(gisac_read_file(apk, all, &err), 0);
}

static void check_xmltree(const char *rel, const char *entry)
{
    char apk[1024];
    path_of(apk, sizeof apk, rel);
    gisac_buf all = GISAC_BUF_INIT, x = GISAC_BUF_INIT, want = GISAC_BUF_INIT, got = GISAC_BUF_INIT;
    read_apk(apk, &all);
    apk_file f = {-1, (const uint8_t *)all.data, all.len};
    apk_zip z;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(apk_zip_open(&z, &f, &err), 0);
    assert_int_equal(z.nan, 0);
    const apk_entry *e = apk_zip_find(&z, entry);
    assert_non_null(e);
    assert_int_equal(apk_zip_read(&z, e, 1 << 20, &x, &err), 0);
    gisac_arena *ar = gisac_arena_new(0);
    apk_xnode *root = NULL;
    assert_int_equal(apk_axml_parse((const uint8_t *)x.data, x.len, ar, &root, &err), 0);
    dump(&got, root, 0);
    aapt_xmltree(apk, entry, &want);
    assert_string_equal(got.data, want.data);
    gisac_arena_free(ar);
    apk_zip_close(&z);
    gisac_buf_free(&all);
    gisac_buf_free(&x);
    gisac_buf_free(&want);
    gisac_buf_free(&got);
}

static void test_xmltree_permit(void **state)
{
    (void)state;
    check_xmltree("samples/apk/permit.apk", "AndroidManifest.xml");
    check_xmltree("samples/apk/permit.apk", "res/xml/nsc.xml");
}

static void test_xmltree_tax(void **state)
{
    (void)state;
    check_xmltree("samples/apk/tax.apk", "AndroidManifest.xml");
}

/* @string/ver and @xml/nsc of permit.apk as aapt resolves them */
static void test_arsc_resolve(void **state)
{
    (void)state;
    char apk[1024];
    path_of(apk, sizeof apk, "samples/apk/permit.apk");
    gisac_buf all = GISAC_BUF_INIT, res = GISAC_BUF_INIT;
    read_apk(apk, &all);
    apk_file f = {-1, (const uint8_t *)all.data, all.len};
    apk_zip z;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(apk_zip_open(&z, &f, &err), 0);
    assert_int_equal(apk_zip_read(&z, apk_zip_find(&z, "resources.arsc"), 1 << 20, &res, &err), 0);
    gisac_arena *ar = gisac_arena_new(0);
    apk_arsc *t = NULL;
    assert_int_equal(apk_arsc_parse((const uint8_t *)res.data, res.len, ar, &t, &err), 0);
    /* the ids from `aapt dump resources` */
    char cmd[1100];
    snprintf(cmd, sizeof cmd, "aapt dump resources '%s'", apk);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char line[1024];
    int seen = 0;
    while (fgets(line, sizeof line, p)) {
        unsigned id;
        char name[200];
        if (sscanf(line, " spec resource 0x%x %199s", &id, name) != 2)
            continue;
        uint8_t type;
        uint32_t data;
        const char *s;
        assert_int_equal(apk_arsc_resolve(t, id, &type, &data, &s), 0);
        if (strstr(name, ":string/ver:")) {
            assert_string_equal(s, "1.4.2");
            seen++;
        } else if (strstr(name, ":string/app_name:")) {
            assert_string_equal(s, "Permit");
            seen++;
        } else if (strstr(name, ":xml/nsc:")) {
            assert_string_equal(s, "res/xml/nsc.xml");
            seen++;
        }
    }
    pclose(p);
    assert_int_equal(seen, 3);
    uint8_t type;
    uint32_t data;
    const char *s;
    assert_int_equal(apk_arsc_resolve(t, 0x7f7f0001, &type, &data, &s), GISAC_ENOTFOUND);
    apk_arsc_free(t);
    gisac_arena_free(ar);
    apk_zip_close(&z);
    gisac_buf_free(&all);
    gisac_buf_free(&res);
}

/* A parse of c, n bytes (into ar where it builds a tree): 0 when it
 * parsed (what it made outside ar freed again), or negative with e naming
 * why. */
typedef int (*prefix_parse)(const uint8_t *c, size_t n, gisac_arena *ar, gisac_err *e);

static int parse_apk(const uint8_t *c, size_t n, gisac_arena *ar, gisac_err *e)
{
    (void)ar;
    apk_report *r = NULL;
    int rc = apk_check_mem(c, n, NULL, &r, e);
    if (rc == 0)
        apk_report_free(r);
    return rc;
}

static int parse_axml(const uint8_t *c, size_t n, gisac_arena *ar, gisac_err *e)
{
    apk_xnode *root;
    return apk_axml_parse(c, n, ar, &root, e);
}

static int parse_arsc(const uint8_t *c, size_t n, gisac_arena *ar, gisac_err *e)
{
    apk_arsc *t;
    int rc = apk_arsc_parse(c, n, ar, &t, e);
    if (rc == 0) {
        uint8_t type;
        uint32_t data;
        const char *s;
        apk_arsc_resolve(t, 0x7f030000, &type, &data, &s);
        apk_arsc_free(t);
    }
    return rc;
}

/* The first `count` prefixes of b (lengths 0 to count - 1), each parsed by
 * parse with an arena of its own: a failure has a message. Returns how
 * many parsed. */
static int parse_prefixes(const gisac_buf *b, size_t count, prefix_parse parse)
{
    int ok = 0;
    for (size_t n = 0; n < count; n++) {
        /* a copy of exactly n bytes, so that ASan sees a read past it */
        uint8_t *c = malloc(n ? n : 1);
        memcpy(c, b->data, n);
        gisac_arena *ar = gisac_arena_new(0);
        gisac_err e = GISAC_ERR_INIT;
        if (parse(c, n, ar, &e) == 0)
            ok++;
        else
            assert_true(e.msg[0] != '\0');
        gisac_arena_free(ar);
        free(c);
    }
    return ok;
}

/* every prefix: an error with a message, or a result; never past the end */
static void test_prefixes(void **state)
{
    (void)state;
    char apk[1024];
    path_of(apk, sizeof apk, "samples/apk/permit.apk");
    gisac_buf all = GISAC_BUF_INIT, man = GISAC_BUF_INIT, res = GISAC_BUF_INIT;
    read_apk(apk, &all);
    apk_file f = {-1, (const uint8_t *)all.data, all.len};
    apk_zip z;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(apk_zip_open(&z, &f, &err), 0);
    assert_int_equal(apk_zip_read(&z, apk_zip_find(&z, "AndroidManifest.xml"), 1 << 20, &man, &err),
                     0);
    assert_int_equal(apk_zip_read(&z, apk_zip_find(&z, "resources.arsc"), 1 << 20, &res, &err), 0);
    apk_zip_close(&z);
    /* only the whole file has its end record where it says */
    assert_int_equal(parse_prefixes(&all, all.len + 1, parse_apk), 1);
    parse_prefixes(&man, man.len, parse_axml);
    parse_prefixes(&res, res.len, parse_arsc);
    gisac_buf_free(&all);
    gisac_buf_free(&man);
    gisac_buf_free(&res);
}

TEST_MAIN(NULL, NULL, TEST_PLAIN(test_xmltree_permit), TEST_PLAIN(test_xmltree_tax),
          TEST_PLAIN(test_arsc_resolve), TEST_PLAIN(test_prefixes))
