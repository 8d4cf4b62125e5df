/*
 * fuzz_match_text.c: the syslog, CEF and text extractors on every line of
 * the input (each line in its own exact-size copy, so that ASan sees a read
 * past its end), and match_detect on the whole input. Every observable and
 * every piece of metadata is read; values must lie in the line or in the
 * event's scratch area.
 */
#include "fuzz_match.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const match_format fmts[] = {MATCH_FMT_SYSLOG, MATCH_FMT_CEF, MATCH_FMT_TEXT};
    const char *d = (const char *)data, *end = d + size;
    size_t h = (size_t)match_detect(d, size);
    for (const char *p = d; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        char *line = malloc(n ? n : 1);
        if (!line)
            return 0;
        memcpy(line, p, n);
        for (size_t f = 0; f < sizeof fmts / sizeof fmts[0]; f++) {
            const char *why = NULL;
            int rc = match_extract_text(fmts[f], line, n, &ev, &why);
            if (rc == 0)
                h += check_typed(&ev, line, n);
            else if (rc != -1 || !why || fmts[f] != MATCH_FMT_CEF)
                __builtin_trap();
            else
                h += touch(why, strlen(why)) + ev.nobs;
        }
        free(line);
        p = nl ? nl + 1 : end;
    }
    fuzz_out += h;
    return 0;
}
