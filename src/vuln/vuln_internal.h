/*
 * vuln_internal.h: what the files of src/vuln share and nothing else does
 * (not a public header).
 */
#ifndef GISAC_VULN_INTERNAL_H
#define GISAC_VULN_INTERNAL_H

#include "vuln/vuln.h"

struct json_t;

/* The NVD CVE API 2.0 response root (one vulnerability) into r (vuln_nvd.c). */
int vuln_nvd_parse(struct json_t *root, vuln_record *r, gisac_err *err);
/* 1 with *out when an NVD record's configurations name the component t, else 0. */
int vuln_nvd_match(const vuln_record *r, const vuln_target *t, vuln_verdict *out);
/* 1 when root is an NVD CVE API 2.0 response. */
int vuln_nvd_is(struct json_t *root);

#endif
