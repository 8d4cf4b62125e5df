/* tlp.c: Traffic Light Protocol 2.0 names. */
#include "ioc/ioc_internal.h"

static const char *const TLP_NAMES[] = {"clear", "green", "amber", "amber+strict", "red"};

const char *tlp_name(gisac_tlp t)
{
    if ((int)t < 0 || (int)t > (int)TLP_RED)
        return NULL;
    return TLP_NAMES[t];
}

static int tlp_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int tlp_from_name(const char *name, size_t len, gisac_tlp *out)
{
    if (!name)
        return GISAC_EINVAL;
    while (len && tlp_space(name[0])) {
        name++;
        len--;
    }
    while (len && tlp_space(name[len - 1]))
        len--;
    if (len >= 4 && ioc_ieq(name, 4, "tlp:")) {
        name += 4;
        len -= 4;
        while (len && tlp_space(name[0])) {
            name++;
            len--;
        }
    }
    gisac_tlp t = TLP_UNSET;
    if (ioc_ieq(name, len, "white"))
        t = TLP_CLEAR;
    for (int k = 0; k <= (int)TLP_RED && t == TLP_UNSET; k++)
        if (ioc_ieq(name, len, TLP_NAMES[k]))
            t = (gisac_tlp)k;
    if (t == TLP_UNSET)
        return GISAC_EINVAL;
    if (out)
        *out = t;
    return 0;
}
