/*
 * fuzz_intel_feed_header.c: libFuzzer target for the header lines a feed
 * source's server sends (intel_feed_header_line: ETag, Last-Modified, the
 * status line's reason phrase), which a fetch keeps and sends back. The
 * input is split at LF into header lines (each with its LF, as libcurl
 * hands them over). For every input:
 *  - each kept value is NUL-terminated within its field, free of control
 *    characters, and a substring of the input;
 *  - a status line clears what an earlier answer gave.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_util.h"
#include "intel/intel.h"

static void check_field(const char *v, size_t cap, const uint8_t *data, size_t size)
{
    size_t n = strnlen(v, cap);
    CHECK(n < cap);
    for (size_t i = 0; i < n; i++)
        CHECK((unsigned char)v[i] >= 0x20 && v[i] != 0x7f);
    if (n) {
        int found = 0;
        for (size_t i = 0; !found && i + n <= size; i++)
            found = memcmp(data + i, v, n) == 0;
        CHECK(found);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    intel_feed_answer a;
    memset(&a, 0, sizeof a);
    size_t i = 0;
    while (i < size) {
        const uint8_t *nl = memchr(data + i, '\n', size - i);
        size_t len = nl ? (size_t)(nl - (data + i)) + 1 : size - i;
        intel_feed_header_line(&a, (const char *)data + i, len);
        if (len > 5 && memcmp(data + i, "HTTP/", 5) == 0)
            CHECK(!a.etag[0] && !a.last_modified[0]);
        check_field(a.etag, sizeof a.etag, data, size);
        check_field(a.last_modified, sizeof a.last_modified, data, size);
        check_field(a.reason, sizeof a.reason, data, size);
        i += len;
    }
    return 0;
}
