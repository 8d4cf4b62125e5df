/* fuzz_feed_stix.c: feed_parse as stix (see fuzz_feed.h). */
#include "fuzz_feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_feed(FEED_STIX, "fuzz.stix", data, size);
}
