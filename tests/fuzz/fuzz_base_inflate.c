/*
 * fuzz_base_inflate.c: libFuzzer target for the content codings of HTTP
 * bodies (gisac_decode: gzip, deflate). The first byte picks the coding
 * and the bound, the rest is the body. For every input:
 *  - a success decodes at most the bound, NUL-terminated;
 *  - a refusal carries a message, and an over-bound body is GISAC_EABORT
 *    whatever it holds (a decompression bomb costs the bound, no more);
 *  - decoding is deterministic: the same input gives the same answer.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_util.h"
#include "base/base.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    gisac_coding c = (gisac_coding)(data[0] % 3);
    size_t max = (size_t)1 << (8 + (data[0] >> 4)); /* 256 B .. 8 MiB */
    gisac_buf a = GISAC_BUF_INIT, b = GISAC_BUF_INIT;
    gisac_err e1 = GISAC_ERR_INIT, e2 = GISAC_ERR_INIT;
    int r1 = gisac_decode(c, data + 1, size - 1, max, &a, &e1);
    int r2 = gisac_decode(c, data + 1, size - 1, max, &b, &e2);
    CHECK(r1 == r2);
    if (r1 == 0) {
        CHECK(a.len <= max && b.len == a.len);
        CHECK(a.len == 0 || (a.data[a.len] == '\0' && memcmp(a.data, b.data, a.len) == 0));
    } else {
        CHECK(r1 == GISAC_EINVAL || r1 == GISAC_EABORT || r1 == GISAC_ENOMEM);
        CHECK(e1.msg[0] != '\0' && strcmp(e1.msg, e2.msg) == 0);
    }
    gisac_buf_free(&a);
    gisac_buf_free(&b);
    return 0;
}
