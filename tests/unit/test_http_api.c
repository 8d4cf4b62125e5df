/*
 * test_http_api.c: the REST API's route table against its OpenAPI
 * description (both ways: every route is documented with its method and
 * access, every documented operation is routed), the description's own
 * consistency, route matching, and the JSON path of syntax errors.
 */
#include "http/http_api_internal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_main.h"

static json_t *load_doc(void)
{
    size_t len;
    const char *text = api_openapi(&len);
    json_error_t je;
    json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!doc)
        fail_msg("openapi.json: line %d: %s", je.line, je.text);
    return doc;
}

static void lower(const char *in, char *out, size_t cap)
{
    size_t i = 0;
    for (; in[i] && i + 1 < cap; i++)
        out[i] = (char)(in[i] >= 'A' && in[i] <= 'Z' ? in[i] - 'A' + 'a' : in[i]);
    out[i] = '\0';
}

/* every route is in the description, with its method and access */
static void test_routes_documented(void **state)
{
    (void)state;
    json_t *doc = load_doc();
    json_t *paths = json_object_get(doc, "paths");
    assert_non_null(paths);
    size_t n;
    const api_route *rt = api_routes(&n);
    assert_true(n > 20);
    for (size_t i = 0; i < n; i++) {
        char m[16];
        lower(rt[i].method, m, sizeof m);
        json_t *item = json_object_get(paths, rt[i].pattern);
        if (!item)
            fail_msg("route %s %s: not in openapi.json", rt[i].method, rt[i].pattern);
        json_t *op = json_object_get(item, m);
        if (!op)
            fail_msg("route %s %s: method not in openapi.json", rt[i].method, rt[i].pattern);
        const char *acc = json_string_value(json_object_get(op, "x-gisac-access"));
        if (!acc || strcmp(acc, api_access_name(rt[i].access)) != 0)
            fail_msg("route %s %s: x-gisac-access %s, the table says %s", rt[i].method,
                     rt[i].pattern, acc ? acc : "(none)", api_access_name(rt[i].access));
        /* a JSON body is documented as one, and only there */
        json_t *body = json_object_get(op, "requestBody");
        json_t *content = json_object_get(body, "content");
        int json_body = json_object_get(content, "application/json") != NULL;
        if (json_body != (rt[i].body == API_BODY_JSON))
            fail_msg("route %s %s: requestBody disagrees with the table", rt[i].method,
                     rt[i].pattern);
        if ((body != NULL) != (rt[i].body != API_BODY_NONE))
            fail_msg("route %s %s: requestBody presence disagrees", rt[i].method, rt[i].pattern);
        if (!json_object_get(json_object_get(op, "responses"), "401"))
            fail_msg("route %s %s: no 401 documented", rt[i].method, rt[i].pattern);
    }
    json_decref(doc);
}

/* every documented operation is routed */
static void test_documented_routed(void **state)
{
    (void)state;
    json_t *doc = load_doc();
    json_t *paths = json_object_get(doc, "paths");
    size_t n, ops = 0;
    const api_route *rt = api_routes(&n);
    const char *path;
    json_t *item;
    json_object_foreach(paths, path, item)
    {
        const char *m;
        json_t *op;
        json_object_foreach(item, m, op)
        {
            if (strcmp(m, "parameters") == 0)
                continue;
            ops++;
            int found = 0;
            for (size_t i = 0; i < n && !found; i++) {
                char lm[16];
                lower(rt[i].method, lm, sizeof lm);
                found = strcmp(lm, m) == 0 && strcmp(rt[i].pattern, path) == 0;
            }
            if (!found)
                fail_msg("openapi.json: %s %s is not routed", m, path);
        }
    }
    assert_int_equal(ops, n);
    json_decref(doc);
}

/* every {param} of a path is declared as a path parameter */
static void test_path_params(void **state)
{
    (void)state;
    json_t *doc = load_doc();
    json_t *paths = json_object_get(doc, "paths");
    json_t *params = json_object_get(json_object_get(doc, "components"), "parameters");
    const char *path;
    json_t *item;
    json_object_foreach(paths, path, item)
    {
        for (const char *p = strchr(path, '{'); p; p = strchr(p + 1, '{')) {
            const char *e = strchr(p, '}');
            assert_non_null(e);
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)(e - p - 1), p + 1);
            int found = 0;
            size_t i;
            json_t *pr;
            json_array_foreach(json_object_get(item, "parameters"), i, pr)
            {
                const char *ref = json_string_value(json_object_get(pr, "$ref"));
                if (ref && strncmp(ref, "#/components/parameters/", 24) == 0)
                    pr = json_object_get(params, ref + 24);
                const char *in = json_string_value(json_object_get(pr, "in"));
                const char *nm = json_string_value(json_object_get(pr, "name"));
                found |= in && nm && strcmp(in, "path") == 0 && strcmp(nm, name) == 0;
            }
            if (!found)
                fail_msg("openapi.json: %s: {%s} is not declared", path, name);
        }
    }
    json_decref(doc);
}

static void check_refs(json_t *doc, json_t *node)
{
    if (json_is_object(node)) {
        const char *k;
        json_t *v;
        json_object_foreach(node, k, v)
        {
            if (strcmp(k, "$ref") == 0) {
                const char *ref = json_string_value(v);
                assert_non_null(ref);
                assert_memory_equal(ref, "#/", 2);
                json_t *at = doc;
                char part[128];
                const char *p = ref + 2;
                while (at && *p) {
                    const char *e = strchr(p, '/');
                    size_t len = e ? (size_t)(e - p) : strlen(p);
                    snprintf(part, sizeof part, "%.*s", (int)len, p);
                    at = json_object_get(at, part);
                    p += len + (e != NULL);
                }
                if (!at)
                    fail_msg("openapi.json: $ref %s does not resolve", ref);
            } else {
                check_refs(doc, v);
            }
        }
    } else if (json_is_array(node)) {
        size_t i;
        json_t *v;
        json_array_foreach(node, i, v)
        {
            check_refs(doc, v);
        }
    }
}

static void test_refs_resolve(void **state)
{
    (void)state;
    json_t *doc = load_doc();
    assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.0.3");
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(doc, "servers"), 0), "url")),
                        "/api/v1");
    check_refs(doc, doc);
    json_decref(doc);
}

/* the embedded bytes are those of src/http/openapi.json */
static void test_embedded_current(void **state)
{
    (void)state;
    const char *src = getenv("GISAC_SRCDIR");
    if (!src)
        skip();
    char path[4096];
    snprintf(path, sizeof path, "%s/src/http/openapi.json", src);
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(gisac_read_file(path, &b, &err), 0);
    size_t len;
    const char *doc = api_openapi(&len);
    assert_int_equal(len, b.len);
    assert_memory_equal(doc, b.data, len);
    gisac_buf_free(&b);
}

static const api_route *route(const char *method, const char *pattern)
{
    size_t n;
    const api_route *rt = api_routes(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(rt[i].method, method) == 0 && strcmp(rt[i].pattern, pattern) == 0)
            return &rt[i];
    fail_msg("no route %s %s", method, pattern);
    return NULL;
}

static void test_match(void **state)
{
    (void)state;
    api_ctx *c = calloc(1, sizeof *c);
    assert_non_null(c);
    const api_route *ag = route("GET", "/agencies/{id}");
    assert_true(api_match(ag, "/agencies/moda", "/agencies/moda", c));
    assert_string_equal(c->param[0], "moda");
    assert_false(api_match(ag, "/agencies", "/agencies", c));
    assert_false(api_match(ag, "/agencies/", "/agencies/", c));
    assert_false(api_match(ag, "/agencies/moda/x", "/agencies/moda/x", c));
    assert_false(api_match(ag, "/agenciesx/moda", "/agenciesx/moda", c));

    const api_route *pw = route("POST", "/users/{name}/password");
    assert_true(api_match(pw, "/users/ann/password", "/users/ann/password", c));
    assert_string_equal(c->param[0], "ann");
    assert_false(api_match(pw, "/users//password", "/users//password", c));

    /* the rest parameter comes from the raw URL, trailing slash and all */
    const api_route *ind = route("GET", "/indicators/{type}/{value}");
    assert_true(api_match(ind, "/indicators/url/http://evil.example/a",
                          "/indicators/url/http://evil.example/a/", c));
    assert_string_equal(c->param[0], "url");
    assert_string_equal(c->param[1], "http://evil.example/a/");
    assert_true(api_match(ind, "/indicators/cidr/10.0.0.0/8", "/indicators/cidr/10.0.0.0/8", c));
    assert_string_equal(c->param[1], "10.0.0.0/8");
    assert_false(api_match(ind, "/indicators/domain", "/indicators/domain", c));
    assert_false(api_match(route("GET", "/indicators/search"), "/indicators/search/x",
                           "/indicators/search/x", c));
    free(c);
}

static void path_at(const char *text, size_t off, const char *want)
{
    char out[256];
    api_json_path_at(text, off, out, sizeof out);
    if (strcmp(out, want) != 0)
        fail_msg("path at %zu of %s: %s, expected %s", off, text, out, want);
}

static void test_json_path_at(void **state)
{
    (void)state;
    const char *a = "{\"name\":\"x\",\"grade\":}";
    path_at(a, strlen(a) - 1, "$.grade");
    const char *b = "{\"indicators\":[{\"value\":\"a\"},{\"value\":tru}]}";
    path_at(b, (size_t)(strstr(b, "tru") - b), "$.indicators[1].value");
    const char *c = "{\"a\":{\"b c\":[1,2,x]}}";
    path_at(c, (size_t)(strchr(c, 'x') - c), "$.a[\"b c\"][2]");
    const char *d = "{\"k\\\"q\":1,";
    path_at(d, strlen(d), "$");
    path_at("[1,2", 4, "$[1]");
    path_at("", 0, "$");
}

TEST_MAIN(NULL, NULL, TEST_CASE(test_routes_documented), TEST_CASE(test_documented_routed),
          TEST_CASE(test_path_params), TEST_CASE(test_refs_resolve),
          TEST_CASE(test_embedded_current), TEST_CASE(test_match), TEST_CASE(test_json_path_at))
