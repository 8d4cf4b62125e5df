/*
 * fuzz_match_eve.c: the EVE extractor on arbitrary lines. Every observable
 * must point inside the line or the event's scratch and be non-empty, and
 * an unparseable line must leave no observables behind.
 */
#include "fuzz_match.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    match_event *e = &ev;
    /* an exact-size copy so that reads past the end are caught */
    char *line = malloc(size ? size : 1);
    if (!line)
        return 0;
    memcpy(line, data, size);
    match_event_reset(e);
    const char *why = NULL;
    int rc = match_extract_eve(line, size, e, &why);
    if (rc < 0 && (e->nobs || !why))
        __builtin_trap();
    fuzz_out += check(e, line, size);
    free(line);
    return 0;
}
