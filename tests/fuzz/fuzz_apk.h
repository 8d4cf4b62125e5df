/*
 * fuzz_apk.h: what the targets of the APK parsers that build into an
 * arena share (fuzz_apk_arsc.c, fuzz_apk_axml.c): fuzz_apk_in_arena runs
 * a target's checks with a fresh arena and frees it after. Included by
 * one target file each; not a public header.
 */
#ifndef GISAC_FUZZ_APK_H
#define GISAC_FUZZ_APK_H

#include "fuzz_util.h"
#include "apk/apk_internal.h"

/* check(data, size, ar) with a fresh arena ar, freed after it; 0, also
 * when there is no memory for the arena (the input is then not tried). */
static int fuzz_apk_in_arena(void (*check)(const uint8_t *data, size_t size, gisac_arena *ar),
                             const uint8_t *data, size_t size)
{
    gisac_arena *ar = gisac_arena_new(0);
    if (!ar)
        return 0;
    check(data, size, ar);
    gisac_arena_free(ar);
    return 0;
}

#endif
