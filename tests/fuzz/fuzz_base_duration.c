/*
 * fuzz_base_duration.c: libFuzzer target for durations as people and the
 * API write them (gisac_duration_parse: "90s", "1h30m", "7d", a number of
 * seconds). For every input (as a C string):
 *  - a parsed duration is 0 to 100 years, and its formatting parses back
 *    to the same number of seconds;
 *  - parsing is deterministic.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "base/base.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_text(data, size, 1);
    if (!s)
        return 0;
    int64_t v = -1, w = -1;
    int rc = gisac_duration_parse(s, &v);
    CHECK(gisac_duration_parse(s, &w) == rc);
    if (rc == 0) {
        CHECK(v == w);
        CHECK(v >= 0 && v <= (int64_t)100 * 365 * 86400);
        char out[GISAC_DURATION_LEN];
        gisac_duration_format(v, out);
        CHECK(strnlen(out, sizeof out) < sizeof out);
        int64_t back = -1;
        CHECK(gisac_duration_parse(out, &back) == 0 && back == v);
    } else {
        CHECK(rc == GISAC_EINVAL);
    }
    free(s);
    return 0;
}
