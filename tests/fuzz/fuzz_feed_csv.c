/* fuzz_feed_csv.c: feed_parse as csv (see fuzz_feed.h). */
#include "fuzz_feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_feed(FEED_CSV, "fuzz.csv", data, size);
}
