/* advisory_internal.h: shared between the files of the advisory module only. */
#ifndef GISAC_ADVISORY_INTERNAL_H
#define GISAC_ADVISORY_INTERNAL_H

#include "advisory/advisory.h"

/*
 * The gisac identity and the OASIS TLP 2.0 marking-definitions, as the
 * STIX export writes them (src/export/export_stix.c; tests/unit/
 * test_advisory.c checks that the two agree byte for byte).
 */
#define ADV_IDENTITY_ID "identity--881c1891-6d33-5202-a7b6-7beed82cb4a8"
#define ADV_IDENTITY_JSON                                                                          \
    "{\"type\":\"identity\",\"spec_version\":\"2.1\",\"id\":\"" ADV_IDENTITY_ID "\","              \
    "\"created\":\"2024-01-01T00:00:00.000Z\",\"modified\":\"2024-01-01T00:00:00.000Z\","          \
    "\"name\":\"gisac\",\"identity_class\":\"system\"}"
/* The marking-definition id of a TLP level (clear .. red); NULL otherwise. */
const char *adv_tlp_marking_id(gisac_tlp t);
/* Append the marking-definition object of t (compact). */
int adv_tlp_marking(gisac_tlp t, gisac_buf *out);

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
