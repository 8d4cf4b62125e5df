/*
 * fuzz_apk_sign.c: libFuzzer target for the v2/v3 APK Signing Block and
 * the v1 signature files (src/apk/apk_sign.c). The first byte picks the
 * shape and the minimum SDK:
 *  - even: the rest is an APK Signing Block's pairs, wrapped here into the
 *    smallest ZIP that carries it (block, empty central directory, end
 *    record), so that every input reaches the block's parser;
 *  - odd: the rest is a whole APK.
 * For every input the verification ends with 0 (the verdict in the
 * report) or out of memory; a "verified" APK has a signer and no errors.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "apk/apk_internal.h"

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > (1u << 20))
        return 0;
    int min_sdk = 1 + data[0] % 40;
    uint8_t *mem = NULL;
    size_t n = size - 1;
    const uint8_t *apk = data + 1;
    if (!(data[0] & 1)) {
        /* [8 size][pairs][8 size]["APK Sig Block 42"][EOCD] */
        size_t blk = 8 + n + 8 + 16;
        mem = malloc(blk + 22);
        if (!mem)
            return 0;
        put64(mem, blk - 8);
        memcpy(mem + 8, data + 1, n);
        put64(mem + 8 + n, blk - 8);
        memcpy(mem + 16 + n, "APK Sig Block 42", 16);
        uint8_t *e = mem + blk;
        memset(e, 0, 22);
        e[0] = 'P', e[1] = 'K', e[2] = 5, e[3] = 6;
        e[16] = (uint8_t)blk, e[17] = (uint8_t)(blk >> 8), e[18] = (uint8_t)(blk >> 16);
        apk = mem;
        n = blk + 22;
    }
    apk_file f = {-1, apk, n};
    apk_zip z;
    gisac_err err = GISAC_ERR_INIT;
    if (apk_zip_open(&z, &f, &err) == 0) {
        apk_report r;
        memset(&r, 0, sizeof r);
        r.ar = gisac_arena_new(0);
        if (r.ar) {
            int rc = apk_sign_verify(&z, min_sdk, min_sdk, &r, &err);
            CHECK(rc == 0 || rc == GISAC_ENOMEM);
            if (rc == 0 && r.sig.verified)
                CHECK(r.sig.nerrors == 0 && r.sig.nsigners > 0);
            if (rc == 0 && !r.sig.verified)
                CHECK(r.sig.nerrors > 0);
            free(r.sig.signers);
            free(r.sig.errors);
            free(r.f);
            gisac_arena_free(r.ar);
        }
    }
    apk_zip_close(&z);
    free(mem);
    return 0;
}
