/* advisory_internal.h: shared between the files of the advisory module only. */
#ifndef GISAC_ADVISORY_INTERNAL_H
#define GISAC_ADVISORY_INTERNAL_H

#include "advisory/advisory.h"

/* The marking-definition id of a TLP level (clear .. red); NULL otherwise. */
const char *adv_tlp_marking_id(gisac_tlp t);

/*
 * The revision in row, as viewer v may see it, into *out (the caller's,
 * advisory_free). GISAC_ENOTFOUND when v may not read it (its TLP and
 * recipients, or nothing left that it cites which v may read).
 */
int adv_load(intel *in, const store_advisory *row, const advisory_viewer *v, advisory **out,
             gisac_err *err);

/* 1 when v is staff (reads every TLP). */
static inline int adv_is_staff(const advisory_viewer *v)
{
    return !v || v->max_tlp == TLP_UNSET;
}

#endif
