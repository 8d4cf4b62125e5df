/* fuzz_feed_misp.c: feed_parse as misp (see fuzz_feed.h). */
#include "fuzz_feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_feed(FEED_MISP, "fuzz.misp", data, size);
}
