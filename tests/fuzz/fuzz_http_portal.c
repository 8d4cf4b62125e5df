/*
 * fuzz_http_portal.c: libFuzzer target for the web portal's reading of
 * If-None-Match (src/http/http_portal.c, http_portal_etag_match), the one
 * request header the portal's file serving parses.
 *
 * For every input (the header's value): the match never reads past the
 * value; a value holding the ETag as one of its comma-separated entries
 * (weak or strong) matches, and so does "*"; the value with every '"'
 * and '*' removed matches nothing.
 */
#include "fuzz_util.h"
#include "http/http_portal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ETAG "\"655cb197af589dce92a92443ee36b97a500f8937f947e8697da9a2d7b8ae283c\""

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *h = fuzz_text(data, size, 1);
    if (!h)
        return 0;
    (void)http_portal_etag_match(h, ETAG);
    /* without quotes and stars nothing can match */
    char *bare = malloc(size + 1);
    if (bare) {
        size_t n = 0;
        for (size_t i = 0; h[i]; i++)
            if (h[i] != '"' && h[i] != '*')
                bare[n++] = h[i];
        bare[n] = '\0';
        CHECK(!http_portal_etag_match(bare, ETAG));
        free(bare);
    }
    /* the input with the ETag added as an entry, weak or strong, matches */
    size_t cap = size + sizeof ETAG + 8;
    char *with = malloc(cap);
    if (with) {
        memcpy(with, h, strlen(h));
        size_t n = strlen(h);
        memcpy(with + n, ", W/" ETAG, sizeof(", W/" ETAG));
        CHECK(http_portal_etag_match(with, ETAG));
        memcpy(with + n, "," ETAG, sizeof("," ETAG));
        CHECK(http_portal_etag_match(with, ETAG));
        free(with);
    }
    CHECK(http_portal_etag_match("*", ETAG));
    free(h);
    return 0;
}
