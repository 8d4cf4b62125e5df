/* gov_internal.h: shared between the files of src/gov only. */
#ifndef GISAC_GOV_INTERNAL_H
#define GISAC_GOV_INTERNAL_H

#include "gov/gov.h"

/*
 * gov_obligation_done inside the caller's transaction: the checks, the row
 * and its audit entry; due_out receives the occurrence's due date.
 */
int gov_obligation_record(store *s, const gov_env *env, const auth_principal *who,
                          const gov_done_input *in, int64_t now, char due_out[GOV_DATE_LEN],
                          gisac_arena *arena, gisac_err *err);

/*
 * The occurrences of f (checked by the caller) of every agency at and
 * below under (NULL: all), with no access check: gov_obligation_list's
 * walk, for the counts and reports the callers aggregate.
 */
int gov_occurrences(store *s, const gov_env *env, const gov_obligation_filter *f, const char *under,
                    int64_t now, gov_obligation_cb cb, void *ctx, gisac_err *err);

#endif
