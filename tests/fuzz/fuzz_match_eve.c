/*
 * fuzz_match_eve.c: the EVE extractor on arbitrary lines. Every observable
 * must point inside the line or the event's scratch and be non-empty, and
 * an unparseable line must leave no observables behind.
 */
#include "match/match_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int inside(const match_event *e, const char *line, size_t len, const char *p, size_t n)
{
    if (p >= line && p + n <= line + len)
        return 1;
    return p >= e->scratch && p + n <= e->scratch + e->scratch_len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static match_event *e;
    if (!e && !(e = malloc(sizeof *e)))
        return 0;
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
    for (size_t i = 0; i < e->nobs; i++) {
        const match_obs *o = &e->obs[i];
        if (!o->len || !inside(e, line, size, o->val, o->len) || !o->field || !o->field_len)
            __builtin_trap();
    }
    free(line);
    return 0;
}
