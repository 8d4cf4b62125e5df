/*
 * fuzz_apk_zip.c: libFuzzer target for the ZIP reader of the APK check
 * (src/apk/apk_zip.c). The input is the whole file. For every input:
 *  - opening either succeeds or fails with a message (never a crash);
 *  - every entry's data offset lies inside the entries area;
 *  - reading an entry (bounded) succeeds with exactly its size, or fails
 *    with a message; the same read twice gives the same answer.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_util.h"
#include "apk/apk_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apk_file f = {-1, data, size};
    apk_zip z;
    gisac_err err = GISAC_ERR_INIT;
    int rc = apk_zip_open(&z, &f, &err);
    if (rc < 0) {
        CHECK(err.msg[0] != '\0');
        apk_zip_close(&z);
        return 0;
    }
    CHECK(z.cd_off + z.cd_size <= z.eocd_off && z.eocd_off + 22 <= size);
    for (size_t i = 0; i < z.n && i < 64; i++) {
        const apk_entry *e = &z.e[i];
        if (e->data_off)
            CHECK(e->data_off + e->csize <= z.cd_off);
        gisac_buf a = GISAC_BUF_INIT, b = GISAC_BUF_INIT;
        gisac_err e1 = GISAC_ERR_INIT, e2 = GISAC_ERR_INIT;
        int r1 = apk_zip_read(&z, e, 1 << 20, &a, &e1);
        int r2 = apk_zip_read(&z, e, 1 << 20, &b, &e2);
        CHECK(r1 == r2);
        if (r1 == 0)
            CHECK(a.len == e->usize && b.len == a.len &&
                  (a.len == 0 || memcmp(a.data, b.data, a.len) == 0));
        else
            CHECK(e1.msg[0] != '\0');
        gisac_buf_free(&a);
        gisac_buf_free(&b);
    }
    CHECK(apk_zip_find(&z, "") == NULL || z.nan > 0);
    apk_zip_close(&z);
    return 0;
}
