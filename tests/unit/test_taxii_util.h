/*
 * test_taxii_util.h: reading TAXII pages of objects in unit tests.
 *
 * test_taxii_page_words checks what docs/taxii.md promises of a page of
 * objects: the identity and marking-definition objects come first and
 * each is referred to by an object of the page; every created_by_ref and
 * object_marking_refs of the page resolves to an object on the same page;
 * the page holds at most limit objects in all, unless it holds one object
 * of the collection (which comes with what it refers to). It appends the
 * collection's objects as "id@modified " words (the first 10 characters of
 * modified), and for a manifest page (no refs) "id@version@date_added ".
 */
#ifndef GISAC_TEST_TAXII_UTIL_H
#define GISAC_TEST_TAXII_UTIL_H

#include "base/base.h"

#include <jansson.h>
#include <string.h>

static inline int test_taxii_is_ref(const char *type)
{
    return strcmp(type, "identity") == 0 || strcmp(type, "marking-definition") == 0;
}

/* 1 when id is the id of an object of arr */
static inline int test_taxii_has(json_t *arr, const char *id)
{
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o)
    {
        const char *x = json_string_value(json_object_get(o, "id"));
        if (x && strcmp(x, id) == 0)
            return 1;
    }
    return 0;
}

/* the objects of arr that refer to id (created_by_ref or object_marking_refs) */
static inline size_t test_taxii_users(json_t *arr, const char *id)
{
    size_t i, n = 0;
    json_t *o;
    json_array_foreach(arr, i, o)
    {
        const char *c = json_string_value(json_object_get(o, "created_by_ref"));
        int uses = c && strcmp(c, id) == 0;
        size_t k;
        json_t *m;
        json_array_foreach(json_object_get(o, "object_marking_refs"), k, m) uses |=
            strcmp(json_string_value(m), id) == 0;
        n += (size_t)uses;
    }
    return n;
}

static inline void test_taxii_page_words(const char *objects, int manifest, size_t limit,
                                         size_t count, gisac_buf *out)
{
    gisac_buf tmp = GISAC_BUF_INIT;
    gisac_buf_printf(&tmp, "[%s]", objects ? objects : "");
    json_error_t je;
    json_t *arr = json_loads(tmp.data, 0, &je);
    gisac_buf_free(&tmp);
    if (!arr)
        fail_msg("page is not JSON: %s", je.text);
    size_t i, primary = 0;
    int past_refs = 0;
    json_t *o;
    json_array_foreach(arr, i, o)
    {
        const char *id = json_string_value(json_object_get(o, "id"));
        if (manifest) {
            gisac_buf_printf(out, "%s@%.10s@%.10s ", id,
                             json_string_value(json_object_get(o, "version")),
                             json_string_value(json_object_get(o, "date_added")));
            primary++;
            continue;
        }
        const char *type = json_string_value(json_object_get(o, "type"));
        if (test_taxii_is_ref(type)) {
            if (past_refs)
                fail_msg("%s after the page's objects", id);
            if (test_taxii_users(arr, id) == 0)
                fail_msg("%s on the page, but nothing refers to it", id);
            continue;
        }
        past_refs = 1;
        primary++;
        const char *c = json_string_value(json_object_get(o, "created_by_ref"));
        if (!c || !test_taxii_has(arr, c))
            fail_msg("%s: created_by_ref %s not on the page", id, c ? c : "(none)");
        size_t k;
        json_t *m;
        json_array_foreach(json_object_get(o, "object_marking_refs"), k,
                           m) if (!test_taxii_has(arr, json_string_value(m)))
            fail_msg("%s: marking %s not on the page", id, json_string_value(m));
        gisac_buf_printf(out, "%s@%.10s ", id, json_string_value(json_object_get(o, "modified")));
    }
    if (primary != count)
        fail_msg("page count %zu, but %zu objects of the collection", count, primary);
    if (json_array_size(arr) > limit && primary > 1)
        fail_msg("%zu objects on a page of limit %zu", json_array_size(arr), limit);
    json_decref(arr);
}

/* Fail when a word of the space-separated words occurs twice. */
static inline void test_taxii_once(const char *words)
{
    const char *w = words;
    while (w && *w) {
        const char *e = strchr(w, ' ');
        size_t n = e ? (size_t)(e - w) : strlen(w);
        for (const char *x = e; x && *x;) {
            x++;
            const char *xe = strchr(x, ' ');
            size_t xn = xe ? (size_t)(xe - x) : strlen(x);
            if (xn == n && memcmp(x, w, n) == 0)
                fail_msg("%.*s twice", (int)n, w);
            x = xe;
        }
        w = e ? e + 1 : NULL;
    }
}

#endif
