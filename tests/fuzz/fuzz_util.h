/*
 * fuzz_util.h: what the libFuzzer targets share: CHECK, the property
 * check that traps (so that the fuzzer and the corpus replay stop on the
 * input that broke it), fuzz_parsed, the contract of a parser's return,
 * and fuzz_text, the input as a C string.
 * Included by one target file each (static functions, nothing to link).
 */
#ifndef GISAC_FUZZ_UTIL_H
#define GISAC_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            __builtin_trap();                                                                      \
    } while (0)

/*
 * fuzz_parsed: CHECK that rc, a parser's return, is 0 or negative, and
 * that a failure left a message in msg (the gisac_err's). 1 when it
 * parsed (rc 0), else 0.
 */
static inline int fuzz_parsed(int rc, const char *msg)
{
    CHECK(rc <= 0);
    if (rc < 0)
        CHECK(msg[0] != 0);
    return rc == 0;
}

/*
 * fuzz_text: a copy of the size bytes of data followed by nuls NUL bytes
 * (at least one), for the caller to free; NULL when out of memory.
 */
static inline char *fuzz_text(const uint8_t *data, size_t size, size_t nuls)
{
    char *t = malloc(size + nuls);
    if (t) {
        memcpy(t, data, size);
        memset(t + size, 0, nuls);
    }
    return t;
}

#endif
