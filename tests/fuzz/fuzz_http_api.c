/*
 * fuzz_http_api.c: libFuzzer target for the REST API's reading of request
 * bodies (src/http/http_api.c): api_parse_json (jsonx validation, jansson,
 * the JSON path and position of a syntax error) and the member checks the
 * handlers use on what it returns.
 *
 * For every input: a body is either an object or a recorded 400 whose
 * message starts with a JSON path ("$..."); member checks either succeed
 * or record a 400 or 422 naming the member's path; nothing leaks.
 */
#include "fuzz_util.h"
#include "http/http_api_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_error(const api_ctx *c, unsigned want_a, unsigned want_b)
{
    CHECK(c->e_status == want_a || c->e_status == want_b);
    CHECK(c->e_msg[0] == '$');
    CHECK(memchr(c->e_msg, '\0', sizeof c->e_msg) != NULL);
}

static void members(api_ctx *c, const json_t *o)
{
    static const char *const keys[] = {"value", "name",     "confidence",     "labels",
                                       "tlp",   "generate", "support_needed", NULL};
    const char *s = NULL;
    long long n = 0;
    int b = 0, present = 0;
    const char **list = NULL;
    size_t nl = 0;
    gisac_tlp t = TLP_UNSET;
    c->e_status = 0;
    if (api_keys(c, o, "$", keys) < 0)
        check_error(c, 400, 400);
    c->e_status = 0;
    if (api_get_str(c, o, "$", "value", 0, 64, &s) < 0)
        check_error(c, 400, 422);
    else if (s)
        CHECK(strlen(s) <= 64);
    c->e_status = 0;
    if (api_get_int(c, o, "$", "confidence", 0, 0, 100, &n, &present) < 0)
        check_error(c, 400, 422);
    else if (present)
        CHECK(n >= 0 && n <= 100);
    c->e_status = 0;
    if (api_get_bool(c, o, "$", "generate", &b, NULL) < 0)
        check_error(c, 400, 400);
    c->e_status = 0;
    const char *detail = NULL;
    int yes = 0;
    if (api_get_yes_no_text(c, o, "$", "support_needed", 16, &yes, &detail, &present) < 0) {
        check_error(c, 400, 422);
    } else if (present) {
        CHECK(yes == 0 || yes == 1);
        CHECK(!detail || strlen(detail) <= 16);
    } else {
        CHECK(detail == NULL);
    }
    c->e_status = 0;
    if (api_get_tlp(c, o, "$", "tlp", &t) < 0)
        check_error(c, 400, 422);
    c->e_status = 0;
    if (api_get_strs(c, o, "$", "labels", 4, 8, &list, &nl) < 0) {
        check_error(c, 400, 422);
        CHECK(list == NULL);
    } else {
        CHECK(nl <= 4);
        for (size_t i = 0; i < nl; i++)
            CHECK(list[i] && strlen(list[i]) >= 1 && strlen(list[i]) <= 8);
        free(list);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    api_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return 0;
    json_t *o = NULL;
    if (api_parse_json(c, (const char *)data, size, &o) < 0) {
        check_error(c, 400, 400);
        CHECK(o == NULL);
    } else {
        CHECK(json_is_object(o));
        members(c, o);
        json_decref(o);
    }
    /* the path of any place in the text is well formed */
    char path[64];
    api_json_path_at((const char *)data, size / 2, path, sizeof path);
    CHECK(path[0] == '$' && memchr(path, '\0', sizeof path) != NULL);
    free(c);
    return 0;
}
