/*
 * gov.h: governance (docs/obligation.md, docs/system.md, docs/assessment.md):
 * the obligations of each agency by its responsibility grade, its
 * information systems and their protection level, and assessments
 * (audits, health checks, tests, drills) with their findings.
 *
 * Who may do what, checked by every call here:
 *   - admin and analyst (the office's staff) read and record every
 *     agency's;
 *   - an agency officer reads its own agency's and its sub-agencies'
 *     (parent chain), and records its own agency's only; another
 *     agency's is GISAC_ENOTFOUND when it may not read it, else
 *     GISAC_EFORBIDDEN;
 *   - other roles: GISAC_EFORBIDDEN.
 * Every write appends an audit entry in the same transaction.
 *
 * Dates of obligations are calendar dates ("YYYY-MM-DD") in the
 * installation's time zone (tz); a grade's assignment is the date of the
 * change in that zone.
 */
#ifndef GISAC_GOV_H
#define GISAC_GOV_H

#include "auth/auth.h"
#include "base/base.h"
#include "store/store.h"

#include <stddef.h>

/* ---- obligation rules ---- */

typedef enum gov_freq {
    GOV_PER_YEAR = 1, /* n times a calendar year, at the end of each 12/n months */
    GOV_EVERY_YEARS,  /* once every n calendar years */
    GOV_WITHIN_YEARS, /* once, within n years of the grade's assignment */
} gov_freq;

typedef struct gov_rule {
    const char *kind;
    char grade; /* 'A'..'E' */
    gov_freq freq;
    int n;
    int count;            /* staff: people required; staff-certificates: certificates; else 0 */
    const char *evidence; /* what counts as evidence */
    const char *source;   /* the rule it comes from ("gisac's reading" when it is ours) */
} gov_rule;

/* The default rules (one per kind and grade that has it), ordered by kind then grade. */
const gov_rule *gov_rules(size_t *n);
/* The default rule of kind for grade, or NULL when the grade has no such obligation. */
const gov_rule *gov_rule_of(const char *kind, char grade);

/*
 * The rules in force: the policy's "obligations" section (docs/obligation.md),
 * {"rules": [{"kind", "grade", one of "times_a_year" (1, 2, 3, 4, 6, 12),
 * "every_years" (1..10) or "within_years" (1..10), "count", "evidence",
 * "source"}...], "remind_days": [days before the due date...],
 * "light": {"yellow_overdue", "orange_overdue"}}. "rules", when given,
 * replaces the default rules as a whole; a member left out keeps its
 * default. Policies are versioned (docs/policy.md): the schedule of what
 * is not done yet is computed from the rules in force.
 */
#define GOV_REMIND_MAX           8
#define GOV_LIGHT_YELLOW_DEFAULT 50 /* overdue occurrences that turn the light yellow */
#define GOV_LIGHT_ORANGE_DEFAULT 0  /* ... orange (0: never) */
typedef struct gov_ruleset {
    const gov_rule *v; /* ordered by kind then grade */
    size_t n;
    int remind_days[GOV_REMIND_MAX]; /* reminders this many days before a due date, descending */
    size_t nremind;
    int light_yellow, light_orange; /* 0: the rule is off */
    void *mem_;                     /* owned (the parsed rules), NULL for the defaults */
} gov_ruleset;
void gov_ruleset_default(gov_ruleset *out);
/* The defaults, shared (never freed). */
const gov_ruleset *gov_ruleset_defaults(void);
/* The section's JSON text (NULL: the defaults); errors name "$.obligations...". */
int gov_ruleset_parse(const char *text, gov_ruleset *out, gisac_err *err);
void gov_ruleset_free(gov_ruleset *r);
/* The complete section (every member, defaults included). */
int gov_ruleset_to_json(const gov_ruleset *r, gisac_buf *out);
/* The rule of kind for grade in r (NULL: the defaults), or NULL. */
const gov_rule *gov_ruleset_rule(const gov_ruleset *r, const char *kind, char grade);

/* What the schedules are computed with: the time zone (NULL: UTC) and the rules (NULL: the
 * defaults). */
typedef struct gov_env {
    const gisac_tz *tz;
    const gov_ruleset *rules;
} gov_env;
/* 0 when kind is one of the obligation kinds, else GISAC_EINVAL naming field. */
int gov_kind_check(const char *kind, const char *field, gisac_err *err);
/* "2 a year", "every 2 years", "within 1 year" into out. */
void gov_rule_freq_name(const gov_rule *r, char *out, size_t cap);
int gov_rule_to_json(const gov_rule *r, gisac_buf *out);

/* ---- obligations ---- */

#define GOV_DATE_LEN          11
#define GOV_OBLIGATION_ID_MAX 160

/* One occurrence of an obligation of one agency. */
typedef struct gov_obligation {
    char id[GOV_OBLIGATION_ID_MAX]; /* "AGENCY/KIND/DUE" */
    const char *agency;
    const char *sector; /* the agency's, NULL: none */
    char grade;
    const char *kind;
    char due[GOV_DATE_LEN];
    const char *status;   /* "due", "overdue" or "done" */
    const gov_rule *rule; /* NULL when done under an earlier grade */
    int64_t done_at;
    const char *done_by, *note, *evidence; /* evidence: a JSON array text or NULL */
} gov_obligation;
typedef int (*gov_obligation_cb)(void *ctx, const gov_obligation *o);

typedef struct gov_obligation_filter {
    const char *agency; /* NULL: every agency the caller may read */
    const char *kind;   /* NULL: every kind */
    const char *status; /* NULL, "due", "overdue" or "done" */
    int64_t within;     /* > 0: due no later than now + within seconds (local date) */
    int year;           /* > 0: due in that calendar year */
} gov_obligation_filter;

/*
 * The occurrences of the caller's visible agencies (by agency, kind,
 * due): each agency's schedule from its current grade and the date it
 * was assigned, up to the end of the year (f->year, else now's, or now +
 * within when later); occurrences done under an earlier grade are
 * listed as done.
 */
int gov_obligation_list(store *s, const gov_env *env, const auth_principal *who,
                        const gov_obligation_filter *f, int64_t now, gov_obligation_cb cb,
                        void *ctx, gisac_err *err);
/* One occurrence by its id ("AGENCY/KIND/DUE"); GISAC_ENOTFOUND when not scheduled and not done. */
int gov_obligation_get(store *s, const gov_env *env, const auth_principal *who, const char *id,
                       int64_t now, gov_obligation *out, gisac_arena *arena, gisac_err *err);

typedef struct gov_done_input {
    const char *agency, *kind;
    const char *due;      /* NULL: the earliest occurrence not yet done */
    int64_t at;           /* when it was done; 0: now */
    const char *note;     /* may be NULL */
    const char *evidence; /* JSON array text of the evidence files, or NULL */
} gov_done_input;
/*
 * Record an occurrence done: GISAC_EINVAL naming the field for a bad
 * kind, a kind the agency's grade does not have or a due date that is
 * not one of its occurrences, GISAC_ECONFLICT when it is done already
 * or nothing is left to do. out: the occurrence as it is now.
 */
int gov_obligation_done(store *s, const gov_env *env, const auth_principal *who,
                        const gov_done_input *in, int64_t now, gov_obligation *out,
                        gisac_arena *arena, gisac_err *err);
/*
 * Would gov_obligation_done succeed (the same checks, the write rolled
 * back)? For callers that keep files before they record.
 */
int gov_obligation_check(store *s, const gov_env *env, const auth_principal *who,
                         const gov_done_input *in, int64_t now, gisac_arena *arena, gisac_err *err);
/* {"id","agency","grade","kind","due","status","frequency","evidence_required","done_at","done_by","note","evidence"}
 */
int gov_obligation_to_json(const gov_obligation *o, gisac_buf *out);

/* ---- information systems ---- */

/* Ratings: 1 normal, 2 medium, 3 high (普/中/高). */
int gov_rating_parse(const char *s, const char *field, int *out, gisac_err *err);
const char *gov_rating_name(int r);
/* The level of a system: the highest of its four ratings. */
int gov_system_level(const store_system *r);
/* Its name ("normal", "medium", "high"). */
const char *gov_system_level_name(const store_system *r);

typedef struct gov_system_input {
    const char *agency, *name, *owner;
    const char *confidentiality, *integrity, *availability,
        *legal; /* rating names, NULL: unchanged */
} gov_system_input;
int gov_system_add(store *s, const auth_principal *who, const gov_system_input *in, int64_t now,
                   store_system *out, gisac_arena *arena, gisac_err *err);
int gov_system_update(store *s, const auth_principal *who, int64_t id, const gov_system_input *in,
                      int64_t now, store_system *out, gisac_arena *arena, gisac_err *err);
int gov_system_get(store *s, const auth_principal *who, int64_t id, store_system *out,
                   gisac_arena *arena, gisac_err *err);
int gov_system_list(store *s, const auth_principal *who, const char *agency, store_system_cb cb,
                    void *ctx, gisac_err *err);
/* {"id","agency","name","owner","confidentiality","integrity","availability","legal","level","baseline","created","modified"}
 */
int gov_system_to_json(const store_system *r, gisac_buf *out);

/* ---- assessments and findings ---- */

/* Kinds of assessment; each completes the obligation of the same name when asked to. */
int gov_assessment_kind_check(const char *kind, const char *field, gisac_err *err);

typedef struct gov_finding_input {
    const char *severity; /* low, medium, high, critical */
    const char *control, *description, *plan;
    int64_t due;
} gov_finding_input;

typedef struct gov_assessment_input {
    const char *agency, *kind, *performed_by;
    int64_t performed_at;
    const char *scope;         /* free text (systems), may be NULL */
    const char *report_sha256; /* the report kept as evidence, may be NULL */
    int complete_obligation;   /* also record the matching obligation done */
    const gov_finding_input *findings;
    size_t nfindings;
} gov_assessment_input;
int gov_assessment_add(store *s, const gov_env *env, const auth_principal *who,
                       const gov_assessment_input *in, int64_t now, store_assessment *out,
                       gisac_arena *arena, gisac_err *err);
int gov_assessment_get(store *s, const auth_principal *who, int64_t id, store_assessment *out,
                       gisac_arena *arena, gisac_err *err);
int gov_assessment_list(store *s, const auth_principal *who, const char *agency,
                        store_assessment_cb cb, void *ctx, gisac_err *err);
int gov_assessment_to_json(const store_assessment *r, gisac_buf *out);

/* Steps of a finding (docs/assessment.md): */
typedef enum gov_finding_step {
    GOV_FINDING_START = 1, /* open, retest-failed -> in-progress */
    GOV_FINDING_FIX,       /* in-progress -> fixed (evidence required) */
    GOV_FINDING_RETEST,    /* in-progress -> fixed (pass) or retest-failed (fail) */
    GOV_FINDING_ACCEPT,    /* open, in-progress, retest-failed -> risk-accepted (reason, until) */
} gov_finding_step;
int gov_finding_step_parse(const char *s, gov_finding_step *out, gisac_err *err);
typedef struct gov_finding_change {
    gov_finding_step step;
    int pass;             /* RETEST */
    const char *reason;   /* ACCEPT: required; else a note */
    int64_t until;        /* ACCEPT: required, in the future */
    const char *evidence; /* FIX: required; RETEST: optional */
} gov_finding_change;
/* GISAC_ECONFLICT when the finding's status does not allow the step. */
int gov_finding_update(store *s, const auth_principal *who, int64_t id,
                       const gov_finding_change *ch, int64_t now, store_finding *out,
                       gisac_arena *arena, gisac_err *err);
int gov_finding_get(store *s, const auth_principal *who, int64_t id, store_finding *out,
                    gisac_arena *arena, gisac_err *err);
/* Findings the caller may read: of one assessment (> 0), or of agency (NULL: all it may). */
int gov_finding_list(store *s, const auth_principal *who, int64_t assessment, const char *agency,
                     const char *status, store_finding_cb cb, void *ctx, gisac_err *err);
/* The status as seen at now: a risk acceptance past its expiry reads "open". */
const char *gov_finding_status(const store_finding *r, int64_t now);
int gov_finding_to_json(const store_finding *r, int64_t now, gisac_buf *out);
/* Staff only: counts per group (grade, sector, control, severity) and status. */
int gov_finding_counts(store *s, const auth_principal *who, const char *by, int64_t now,
                       store_finding_count_cb cb, void *ctx, gisac_err *err);

/* ---- the alert light and the KPI report ---- */

/* Overdue occurrences at now: the whole's and each sector's ("" for agencies without one). */
typedef struct gov_overdue {
    int64_t total;
    size_t n;
    char **sector;
    int64_t *count;
} gov_overdue;
/* Every agency's (no caller: the light shows counts, not agencies). */
int gov_overdue_count(store *s, const gov_env *env, int64_t now, gov_overdue *out, gisac_err *err);
void gov_overdue_free(gov_overdue *o);

/*
 * The governance part of the KPI report of year (month 1..12, or 0: the
 * whole year), local dates of env's zone, for the office's staff
 * (GISAC_EFORBIDDEN otherwise), as one JSON object appended to out:
 * {"obligations": {"all", "by_grade": {"A", ...}, "by_kind": {...}} each
 * {"due", "met", "late", "missed", "met_share"} over the occurrences due
 * in the period that are done or past their due date (met: done on or
 * before the due date, local; met_share with 3 decimals, null when none
 * is due); "findings": {"opened", "fixed" (in the period),
 * "median_days_to_fix" (of those fixed, 1 decimal, null when none)};
 * "gcb": {"scans", "pass", "fail", "other", "compliance_share"} of the
 * latest SCAP scan of each host, benchmark and profile (the share: pass
 * over pass + fail, null when none)}.
 */
int gov_kpi_json(store *s, const gov_env *env, const auth_principal *who, int year, int month,
                 int64_t now, gisac_buf *out, gisac_err *err);

/*
 * Reminders before due dates (the scheduler's and `gisac obligation
 * remind`'s pass): for each occurrence not done whose due date is at most
 * the longest of the rules' remind_days ahead, when a lead time is
 * reached and its reminder not yet sent, the notification
 * "obligation.due" for the agency (docs/obligation.md), recorded with the
 * longer lead times also reached, in one transaction per occurrence: one
 * reminder per occurrence and lead time, whoever runs the pass and how
 * often. *sent: how many went out.
 */
int gov_remind(store *s, const gov_env *env, int64_t now, int *sent, gisac_err *err);

/* ---- shared by the governance services (gov, scap) ---- */

/* Copy each *p of the NULL-terminated list of string pointers into a (NULL stays NULL). */
int gov_dup(gisac_arena *a, const char **p, ...);

/*
 * May who read (write = 0) or record (write = 1) agency's governance
 * data: 0, GISAC_ENOTFOUND (no such agency, or one it may not read),
 * GISAC_EFORBIDDEN. out (may be NULL) receives the agency.
 */
int gov_agency_access(store *s, const auth_principal *who, const char *agency, int write,
                      store_gov_agency *out, gisac_arena *arena, gisac_err *err);
/*
 * What the caller may list: *all for staff, else *under its agency;
 * GISAC_EFORBIDDEN for other roles.
 */
int gov_read_scope(const auth_principal *who, const char **under, gisac_err *err);
/* gov_read_scope when the scope is not needed: 0 or GISAC_EFORBIDDEN. */
int gov_may_read(const auth_principal *who, gisac_err *err);
/*
 * gov_read_scope, then, when agency is given, gov_agency_access to read it:
 * 0 with *under, or the error. A list of agency (or of all under *under).
 */
int gov_list_scope(store *s, const auth_principal *who, const char *agency, const char **under,
                   gisac_err *err);
/*
 * A row read by id (rc from the store's get; *agency its agency when rc is
 * 0) that who may see: rc, with GISAC_ENOTFOUND (also for an agency who
 * may not read) as "<what> <id> not found".
 */
int gov_seen(store *s, const auth_principal *who, int rc, const char *const *agency,
             const char *what, int64_t id, gisac_err *err);
/* The audit entry (action, obj) with the JSON object of j, which it frees: 0 or an error. */
int gov_audit(store *s, int64_t now, const char *action, const char *obj, gisac_buf *j,
              gisac_err *err);
/* gov_audit with the object the row "kind/id" ("system/7"). */
int gov_audit_row(store *s, int64_t now, const char *action, const char *kind, int64_t id,
                  gisac_buf *j, gisac_err *err);
/* The end of a writing transaction: commit when rc is 0, else roll back; rc or the commit's. */
int gov_tx_end(store *s, int rc, gisac_err *err);
/*
 * A text member: required (or absent, empty), at most max bytes, valid
 * UTF-8 and, with no_ctrl, no control characters; GISAC_EINVAL names field.
 */
int gov_text_check(const char *s, size_t max, const char *field, int required, int no_ctrl,
                   gisac_err *err);
/* The index of s in names[0..n), or -1 (also for NULL). */
int gov_name_index(const char *s, const char *const *names, size_t n);

/* One JSON member of a row: its key, how it is written, where it is in the row. */
typedef enum gov_json_kind {
    GOV_JSON_STR,  /* const char *: a string or null */
    GOV_JSON_TIME, /* int64_t: RFC 3339 or null when 0 */
    GOV_JSON_RAW,  /* const char *: JSON text or null */
    GOV_JSON_INT,  /* int64_t: a number */
    GOV_JSON_MILLI /* int64_t thousandths: a number with 3 decimals, null when -1 */
} gov_json_kind;
typedef struct gov_json_member {
    const char *key;
    gov_json_kind kind;
    size_t off;
} gov_json_member;
/* The member key of kind GOV_JSON_<kind> at field f of row type T. */
#define GOV_JSON_MEMBER(T, key, kind, f)                                                           \
    {                                                                                              \
        key, GOV_JSON_##kind, offsetof(T, f)                                                       \
    }
/* The same, keyed by the field's name. */
#define GOV_JSON_FIELD(T, kind, f) GOV_JSON_MEMBER(T, #f, kind, f)
/* ,"key":value for each member of m[0..n) of row; 0 or GISAC_ENOMEM. */
int gov_json_members(gisac_buf *b, const void *row, const gov_json_member *m, size_t n);
/* The members m[0..n) of row as one JSON object; 0 or GISAC_ENOMEM. */
int gov_json_object(gisac_buf *b, const void *row, const gov_json_member *m, size_t n);

#endif
