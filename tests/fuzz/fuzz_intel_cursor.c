/*
 * fuzz_intel_cursor.c: libFuzzer target for sealed page cursors
 * (intel_cursor_open, the TAXII `next` parameter). For every input:
 *  - as a cursor: refused with a message, or opened (then sealing the
 *    values again gives the same text: one position, one cursor);
 *  - its bytes as values: sealed, the text is base64url only and fits,
 *    and opens to the same values; one character changed is refused.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_util.h"
#include "intel/intel.h"

static intel *in;

static void setup(void)
{
    store *s;
    gisac_err err = GISAC_ERR_INIT;
    CHECK(store_open(":memory:", &s, &err) == 0);
    CHECK(intel_new(s, &in, &err) == 0);
    static const unsigned char secret[32] = "fuzz key fuzz key fuzz key fuzz";
    CHECK(intel_set_cursor_key(in, secret, sizeof secret) == 0);
}

static int b64url(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_'))
            return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!in)
        setup();
    char *t = fuzz_text(data, size, 1);
    if (!t)
        return 0;
    for (size_t n = 1; n <= 4; n++) {
        int64_t v[4];
        gisac_err err = GISAC_ERR_INIT;
        if (intel_cursor_open(in, t, v, n, &err) < 0) {
            CHECK(err.code == GISAC_EINVAL && err.msg[0]);
            continue;
        }
        char again[INTEL_CURSOR_SEALED_MAX];
        CHECK(intel_cursor_seal(in, v, n, again, sizeof again, &err) == 0);
        CHECK(strcmp(again, t) == 0);
    }
    /* the input's bytes as values */
    int64_t v[4] = {0, 0, 0, 0}, w[4];
    memcpy(v, data, size < sizeof v ? size : sizeof v);
    size_t n = 1 + (size % 4);
    char sealed[INTEL_CURSOR_SEALED_MAX];
    gisac_err err = GISAC_ERR_INIT;
    CHECK(intel_cursor_seal(in, v, n, sealed, sizeof sealed, &err) == 0);
    CHECK(strlen(sealed) < INTEL_CURSOR_SEALED_MAX && b64url(sealed));
    CHECK(intel_cursor_open(in, sealed, w, n, &err) == 0);
    CHECK(memcmp(v, w, n * sizeof *v) == 0);
    size_t k = size % (strlen(sealed) - 1); /* not the last: its low bits may be unused */
    sealed[k] = sealed[k] == 'A' ? 'B' : 'A';
    CHECK(intel_cursor_open(in, sealed, w, n, &err) == GISAC_EINVAL);
    free(t);
    return 0;
}
