/* fuzz_feed_plain.c: feed_parse as plain (see fuzz_feed.h). */
#include "fuzz_feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_feed(FEED_PLAIN, "fuzz.plain", data, size);
}
