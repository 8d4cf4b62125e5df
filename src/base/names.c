/* names.c: enum name tables, both ways. */
#include "base/base.h"

#include <string.h>
#include <strings.h>

const char *gisac_name_of(const char *const *names, size_t n, int v, const char *dflt)
{
    if (v < 0 || (size_t)v >= n || !names[v])
        return dflt;
    return names[v];
}

int gisac_name_find(const char *const *names, size_t n, int from, const char *name, int nocase)
{
    if (!name)
        return -1;
    for (size_t v = from < 0 ? 0 : (size_t)from; v < n; v++)
        if (names[v] && (nocase ? strcasecmp(names[v], name) : strcmp(names[v], name)) == 0)
            return (int)v;
    return -1;
}
