/*
 * store_gov.h: governance rows (src/gov; SQL in src/store/store_gov.c):
 * agencies with their grade and when it was assigned, obligations done,
 * information systems, assessments and their findings. Included by
 * store.h; its general rules hold.
 *
 * Rules of this area:
 *   - Rows only: schedules, levels, statuses and who may see what are
 *     decided in src/gov.
 *   - A grade's assignment time is kept by the store itself (triggers on
 *     agency write agency_grade), whichever path changes the grade.
 *   - Lists are read into memory before the callbacks run: callbacks may
 *     use the store.
 */
#ifndef GISAC_STORE_GOV_H
#define GISAC_STORE_GOV_H

#include "store/store.h"

/* An agency as governance sees it: its grade and when that grade was assigned. */
typedef struct store_gov_agency {
    const char *id, *name, *sector, *grade, *parent;
    int64_t since;
} store_gov_agency;
typedef int (*store_gov_agency_cb)(void *ctx, const store_gov_agency *a);
/*
 * Agencies by id: one (id non-NULL), those at and below under (non-NULL),
 * or all.
 */
int store_gov_agencies(store *s, const char *id, const char *under, store_gov_agency_cb cb,
                       void *ctx, gisac_err *err);

/* ---- obligations done ---- */
typedef struct store_obligation_done {
    int64_t id;
    const char *agency, *kind, *due; /* due: "YYYY-MM-DD" */
    int64_t done_at;
    const char *done_by, *note, *evidence; /* evidence: a JSON array text, or NULL */
    int64_t created;
} store_obligation_done;
/* Insert (r->id ignored): GISAC_EEXIST when (agency, kind, due) is done already. */
int store_obligation_done_add(store *s, const store_obligation_done *r, int64_t *id,
                              gisac_err *err);
typedef int (*store_obligation_done_cb)(void *ctx, const store_obligation_done *r);
/* The agency's rows (kind NULL: every kind), by kind then due. */
int store_obligation_done_of(store *s, const char *agency, const char *kind,
                             store_obligation_done_cb cb, void *ctx, gisac_err *err);
/*
 * Record the reminder of occurrence (agency, kind, due) days before its
 * due date sent at now: 1 when recorded, 0 when it was already.
 */
int store_obligation_reminder_add(store *s, const char *agency, const char *kind, const char *due,
                                  int days, int64_t now, gisac_err *err);

/* ---- information systems ---- */
typedef struct store_system {
    int64_t id;
    const char *agency, *name, *owner;
    int c, i, a, legal; /* 1 normal, 2 medium, 3 high */
    int64_t created, modified;
} store_system;
/* Insert: *id the new row's; GISAC_EEXIST when the agency has a system of that name. */
int store_system_add(store *s, const store_system *r, int64_t *id, gisac_err *err);
/* Rewrite name, owner, ratings and modified of row r->id. */
int store_system_update(store *s, const store_system *r, gisac_err *err);
/* GISAC_ENOTFOUND (no message) when there is none. */
int store_system_get(store *s, int64_t id, store_system *out, gisac_arena *arena, gisac_err *err);
typedef int (*store_system_cb)(void *ctx, const store_system *r);
/* Systems of agency (NULL: of every agency at and below under; both NULL: all), by agency, name. */
int store_system_list(store *s, const char *agency, const char *under, store_system_cb cb,
                      void *ctx, gisac_err *err);

/* ---- assessments and findings ---- */
typedef struct store_assessment {
    int64_t id;
    const char *agency, *kind, *performed_by;
    int64_t performed_at;
    const char *scope, *report_sha256, *obligation_due;
    int64_t created;
    const char *created_by;
} store_assessment;
int store_assessment_add(store *s, const store_assessment *r, int64_t *id, gisac_err *err);
int store_assessment_get(store *s, int64_t id, store_assessment *out, gisac_arena *arena,
                         gisac_err *err);
typedef int (*store_assessment_cb)(void *ctx, const store_assessment *r);
int store_assessment_list(store *s, const char *agency, const char *under, store_assessment_cb cb,
                          void *ctx, gisac_err *err);

typedef struct store_finding {
    int64_t id, assessment_id;
    const char *agency, *severity, *control, *description, *plan;
    int64_t due;
    const char *status, *reason;
    int64_t accepted_until;
    const char *evidence;
    int64_t opened, closed, modified;
} store_finding;
int store_finding_add(store *s, const store_finding *r, int64_t *id, gisac_err *err);
/* Rewrite status, reason, accepted_until, evidence, closed and modified of row r->id. */
int store_finding_update(store *s, const store_finding *r, gisac_err *err);
int store_finding_get(store *s, int64_t id, store_finding *out, gisac_arena *arena, gisac_err *err);
typedef int (*store_finding_cb)(void *ctx, const store_finding *r);
/* Findings by id: of one assessment (assessment > 0), else of agency / under / all; status NULL:
 * any. */
int store_finding_list(store *s, int64_t assessment, const char *agency, const char *under,
                       const char *status, store_finding_cb cb, void *ctx, gisac_err *err);

/* Findings counted per (group, status): group is the agency grade, control or severity. */
typedef int (*store_finding_count_cb)(void *ctx, const char *group, const char *status, int64_t n,
                                      int64_t open_seconds);
/* by: "grade", "control", "severity" or "sector"; open_seconds sums (closed or now) - opened. */
int store_finding_counts(store *s, const char *by, int64_t now, store_finding_count_cb cb,
                         void *ctx, gisac_err *err);

#endif
