/*
 * app_gov.h: the use cases of governance (docs/obligation.md,
 * docs/system.md, docs/assessment.md) and of SCAP results (docs/scap.md).
 * Part of app.h (include that, not this).
 *
 * The services (src/gov, src/scap) check role and agency on every call:
 * the office's staff (admin, analyst) read and record every agency's; an
 * agency officer reads its own and its sub-agencies' and records its
 * own; other roles are GISAC_EFORBIDDEN. Files given (evidence, reports,
 * SCAP results) are kept in the evidence store by their SHA-256 before
 * the record names them.
 */
#ifndef GISAC_APP_GOV_H
#define GISAC_APP_GOV_H

#include "gov/gov.h"
#include "scap/scap.h"

/* ---- obligations ---- */

/*
 * What the governance schedules are computed with now: the installation's
 * time zone and the active policy's obligation rules (read again when the
 * policy changes; valid until the next call on a).
 */
int app_gov_env(app *a, gov_env *out, gisac_err *err);

/*
 * Send the reminders of obligations that are due (gov_remind; the
 * scheduler does at every tick): admin only. *sent: how many.
 */
int app_remind_obligations(app *a, const auth_principal *who, int *sent, gisac_err *err);

typedef int (*app_rule_cb)(void *ctx, const gov_rule *r);
/* The obligation rules in force, of every grade (anyone signed in may read them). */
int app_list_obligation_rules(app *a, const auth_principal *who, app_rule_cb cb, void *ctx,
                              gisac_err *err);
int app_list_obligations(app *a, const auth_principal *who, const gov_obligation_filter *f,
                         gov_obligation_cb cb, void *ctx, gisac_err *err);
/* One occurrence as JSON (gov_obligation_to_json) appended to out. */
int app_obligation_json(app *a, const auth_principal *who, const char *id, gisac_buf *out,
                        gisac_err *err);

typedef struct app_obligation_done {
    const char *agency, *kind, *due; /* due NULL: the earliest not done */
    int64_t at;                      /* 0: now */
    const char *note;
    const char *const *evidence; /* paths of files to keep as evidence */
    size_t nevidence;
} app_obligation_done;
/* Record an occurrence done; its JSON appended to out. */
int app_record_obligation(app *a, const auth_principal *who, const app_obligation_done *in,
                          gisac_buf *out, gisac_err *err);

/* ---- information systems ---- */

int app_add_system(app *a, const auth_principal *who, const gov_system_input *in, gisac_buf *out,
                   gisac_err *err);
int app_update_system(app *a, const auth_principal *who, int64_t id, const gov_system_input *in,
                      gisac_buf *out, gisac_err *err);
int app_system_json(app *a, const auth_principal *who, int64_t id, gisac_buf *out, gisac_err *err);
int app_list_systems(app *a, const auth_principal *who, const char *agency, store_system_cb cb,
                     void *ctx, gisac_err *err);

/* ---- assessments and findings ---- */

typedef struct app_assessment_input {
    gov_assessment_input in; /* report_sha256 is set from report */
    const char *report;      /* the report file to keep as evidence, or NULL */
} app_assessment_input;
/* Record an assessment with its findings; its JSON (with findings) appended to out. */
int app_add_assessment(app *a, const auth_principal *who, const app_assessment_input *in,
                       gisac_buf *out, gisac_err *err);
/* An assessment with its findings as JSON: {...,"findings":[...]} */
int app_assessment_json(app *a, const auth_principal *who, int64_t id, gisac_buf *out,
                        gisac_err *err);
int app_list_assessments(app *a, const auth_principal *who, const char *agency,
                         store_assessment_cb cb, void *ctx, gisac_err *err);
int app_list_findings(app *a, const auth_principal *who, const char *agency, const char *status,
                      store_finding_cb cb, void *ctx, gisac_err *err);
typedef struct app_finding_change {
    gov_finding_change ch;
    const char *evidence_file; /* kept as evidence; its hash becomes ch.evidence */
} app_finding_change;
int app_update_finding(app *a, const auth_principal *who, int64_t id, const app_finding_change *ch,
                       gisac_buf *out, gisac_err *err);
int app_finding_json(app *a, const auth_principal *who, int64_t id, gisac_buf *out, gisac_err *err);
int app_finding_counts(app *a, const auth_principal *who, const char *by, store_finding_count_cb cb,
                       void *ctx, gisac_err *err);

/* ---- SCAP ---- */

/* Import the files (each its own transaction); cb gets each scan stored. */
typedef int (*app_scap_file_cb)(void *ctx, const char *path, const char *sha256,
                                const store_scap_scan *scan, int64_t rules);
int app_import_scap(app *a, const auth_principal *who, const char *agency, const char *host,
                    const char *const *paths, size_t n, app_scap_file_cb cb, void *ctx,
                    gisac_err *err);
/*
 * The same for one file's bytes (an upload): written to a private
 * temporary file first, kept as evidence under the name "upload".
 */
int app_import_scap_data(app *a, const auth_principal *who, const char *agency, const char *host,
                         const void *data, size_t len, app_scap_file_cb cb, void *ctx,
                         gisac_err *err);
int app_list_scap_hosts(app *a, const auth_principal *who, const char *agency,
                        store_scap_scan_cb cb, void *ctx, gisac_err *err);
int app_show_scap_host(app *a, const auth_principal *who, const char *agency, const char *host,
                       scap_host_cb cb, void *ctx, gisac_err *err);
int app_list_scap_results(app *a, const auth_principal *who, int64_t scan, const char *result,
                          scap_result_cb cb, void *ctx, gisac_err *err);
int app_diff_scap_host(app *a, const auth_principal *who, const char *agency, const char *host,
                       scap_diff_cb cb, void *ctx, gisac_err *err);
int app_scap_shares(app *a, const auth_principal *who, const char *by, const char *agency,
                    store_scap_share_cb cb, void *ctx, gisac_err *err);

#endif
