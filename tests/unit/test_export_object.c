/*
 * test_export_object.c: export_stix_object and export_stix_id, the one-by-one
 * STIX path TAXII serves. The contract: each object is, byte for byte, the
 * line the bundle export writes for that item, and carries the id
 * export_stix_id gives.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "export/export.h"
#include "export/export_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T0 1712214183 /* 2024-04-04T07:03:03Z */

static const char *const labels[] = {"botnet", "malicious-activity", "x'y"};

static export_item items[] = {
    {IOC_DOMAIN, "c2.evil.example", NULL, NULL, NULL, labels, 3, NULL, 0, 80, TLP_GREEN, T0, T0, 0,
     T0 + 86400, T0, T0, 0},
    {IOC_URL, "http://a.example/it's", "indicator--11111111-2222-4333-8444-555555555555", "named",
     "a \"description\"", NULL, 0, NULL, 0, -1, TLP_RED, 0, 0, T0, 0, T0, T0 + 5, 0},
    {IOC_SHA256, "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f",
     "indicator--not-a-uuid", NULL, NULL, NULL, 0, NULL, 0, 100, TLP_UNSET, 0, 0, 0, 0, 0, 0, 0},
    {IOC_CIDR, "2001:db8::/32", NULL, NULL, NULL, NULL, 0, NULL, 0, 5, TLP_AMBER_STRICT, T0, T0, 0,
     0, T0, T0, 0},
};
#define NITEMS (sizeof items / sizeof *items)

static char *bundle_text(size_t *len)
{
    static char *buf; /* static: the stream writes through its address */
    buf = NULL;
    FILE *f = open_memstream(&buf, len);
    assert_non_null(f);
    export_opts o = {T0 + 100, NULL, 0, NULL};
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(export_write(EXPORT_STIX, items, NITEMS, &o, NULL, f, &err), 0);
    fclose(f);
    return buf;
}

static void test_object_is_the_bundle_line(void **state)
{
    (void)state;
    size_t len;
    char *bundle = bundle_text(&len);
    export_opts o = {T0 + 100, NULL, 0, NULL};
    for (size_t i = 0; i < NITEMS; i++) {
        gisac_buf b = GISAC_BUF_INIT;
        gisac_err err = GISAC_ERR_INIT;
        assert_int_equal(export_stix_object(&items[i], &o, &b, &err), 0);
        assert_true(b.len > 0);
        assert_null(memchr(b.data, '\n', b.len));
        /* the object appears as a whole line of the bundle */
        gisac_buf line = GISAC_BUF_INIT;
        gisac_buf_printf(&line, "\n%s%s", b.data, "");
        char *at = strstr(bundle, line.data);
        assert_non_null(at);
        char after = at[line.len];
        assert_true(after == ',' || after == '\n');
        /* and carries export_stix_id */
        char id[EXPORT_STIX_ID_LEN], want[EXPORT_STIX_ID_LEN + 16];
        export_stix_id(&items[i], &o, id);
        snprintf(want, sizeof want, "\"id\":\"%s\"", id);
        assert_non_null(strstr(b.data, want));
        gisac_buf_free(&line);
        gisac_buf_free(&b);
    }
    free(bundle);
}

static void test_ids(void **state)
{
    (void)state;
    char id[EXPORT_STIX_ID_LEN];
    export_stix_id(&items[1], NULL, id); /* a well-formed stix_id is kept */
    assert_string_equal(id, "indicator--11111111-2222-4333-8444-555555555555");
    export_stix_id(&items[2], NULL, id); /* a malformed one is replaced by the derived id */
    assert_int_equal(strncmp(id, "indicator--", 11), 0);
    assert_int_equal(strlen(id), 47);
    assert_string_not_equal(id, "indicator--not-a-uuid");
    /* derived: UUIDv5(GISAC_UUID_NS, "domain:c2.evil.example"), as the bundle gives */
    export_stix_id(&items[0], NULL, id);
    char u[GISAC_UUID_LEN];
    gisac_uuid5(GISAC_UUID_NS, "domain:c2.evil.example", 22, u);
    char want[EXPORT_STIX_ID_LEN];
    snprintf(want, sizeof want, "indicator--%s", u);
    assert_string_equal(id, want);
}

static void test_bad_item(void **state)
{
    (void)state;
    export_item bad = items[0];
    bad.value = NULL;
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    export_opts o = {T0, NULL, 0, NULL};
    assert_int_equal(export_stix_object(&bad, &o, &b, &err), GISAC_EINVAL);
    assert_int_equal(b.len, 0);
    gisac_buf_free(&b);
}

/* The hand-written string writer against jansson, the reference. */
static void test_json_str_like_jansson(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "",
        "plain",
        "q\"uote",
        "back\\slash",
        "nl\ncr\rtab\tbs\bff\f",
        "\x01\x1f\x7f",
        "caf\xc3\xa9",
        "\xe8\xb3\x87\xe5\xae\x89",
        "\xf0\x9f\x94\x92",
        "bad\xff\xfe\145nd",
        "\xc3",
        "\xe8\xb3",
        "\xed\xa0\x80",
        "\xc0\xaf",
        "slash/</script>",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gisac_buf a = GISAC_BUF_INIT, b = GISAC_BUF_INIT;
        assert_int_equal(exp_put_json_str(&a, cases[i]), 0);
        json_t *j = exp_json_str(cases[i]);
        assert_non_null(j);
        char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
        assert_non_null(s);
        assert_int_equal(gisac_buf_puts(&b, s), 0);
        assert_string_equal(a.data, b.data);
        free(s);
        json_decref(j);
        gisac_buf_free(&a);
        gisac_buf_free(&b);
    }
}

static void test_identity_id(void **state)
{
    (void)state;
    char u[GISAC_UUID_LEN], id[64];
    gisac_uuid5(GISAC_UUID_NS, "gisac", 5, u);
    snprintf(id, sizeof id, "identity--%s", u);
    char legacy[GISAC_IDENTITY_ID_LEN];
    gisac_identity_id(NULL, legacy);
    assert_string_equal(id, legacy);
    assert_string_equal(legacy, "identity--" GISAC_IDENTITY_LEGACY_UUID);
}

TEST_MAIN(NULL, NULL, TEST_CASE(test_object_is_the_bundle_line), TEST_CASE(test_ids),
          TEST_CASE(test_bad_item), TEST_CASE(test_json_str_like_jansson),
          TEST_CASE(test_identity_id))
