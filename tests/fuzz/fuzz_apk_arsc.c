/*
 * fuzz_apk_arsc.c: libFuzzer target for the resource table parser
 * (src/apk/apk_arsc.c). For every input: indexing either succeeds or fails
 * with a message; resolving any resource id (those of the input's first
 * bytes and the usual 0x7fTTEEEE ones) ends, and a string it gives is a C
 * string; the same id resolves the same way twice.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_apk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_arsc(const uint8_t *data, size_t size, gisac_arena *ar)
{
    apk_arsc *t = NULL;
    gisac_err err = GISAC_ERR_INIT;
    if (apk_arsc_parse(data, size, ar, &t, &err) < 0) {
        CHECK(err.msg[0] != '\0');
        return;
    }
    uint32_t ids[16] = {0x7f010000, 0x7f020000, 0x7f030000, 0x7f030001, 0x7f040002, 0x01010000};
    for (size_t i = 6; i < 16; i++)
        ids[i] = size >= 4 * i + 4 ? apk_le32(data + 4 * (i - 6)) : 0x7f000000u + (uint32_t)i;
    for (size_t i = 0; i < 16; i++) {
        uint8_t t1 = 0, t2 = 0;
        uint32_t d1 = 0, d2 = 0;
        const char *s1 = NULL, *s2 = NULL;
        int r1 = apk_arsc_resolve(t, ids[i], &t1, &d1, &s1);
        int r2 = apk_arsc_resolve(t, ids[i], &t2, &d2, &s2);
        CHECK(r1 == r2);
        if (r1 == 0) {
            CHECK(t1 == t2 && d1 == d2 && !s1 == !s2);
            if (s1)
                CHECK(strcmp(s1, s2) == 0);
        }
    }
    apk_arsc_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_apk_in_arena(check_arsc, data, size);
}
