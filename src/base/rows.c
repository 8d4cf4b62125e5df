/* rows.c: rows of an iteration kept with their strings (base.h, gisac_rows). */
#include "base/base.h"

#include <string.h>

int gisac_rows_keep(gisac_rows *l, const void *row, const size_t *strs, size_t nstrs)
{
    if (gisac_push_or_stop(&l->v, &l->n, &l->cap, l->size, l->first, row, &l->oom))
        return 1;
    char *at = (char *)l->v + (l->n - 1) * l->size;
    for (size_t i = 0; i < nstrs; i++) {
        const char *s;
        memcpy(&s, at + strs[i], sizeof s);
        if (s && !(s = gisac_arena_strdup(l->arena, s))) {
            l->n--; /* not kept */
            l->oom = 1;
            return 1;
        }
        memcpy(at + strs[i], &s, sizeof s);
    }
    return 0;
}
