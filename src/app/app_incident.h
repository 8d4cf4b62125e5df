/*
 * app_incident.h: the use cases of incidents, evidence, the policy, the
 * alert light and the KPI report. Part of app.h (include that, not this).
 *
 * Every function takes the caller (who) and leaves role and agency to the
 * incident service, which checks them on every call: an incident of
 * another agency is GISAC_ENOTFOUND exactly like one that does not exist,
 * a staff-only step GISAC_EFORBIDDEN, a step the incident's (or the
 * evidence's) state does not allow GISAC_ECONFLICT, a bad value
 * GISAC_EINVAL with err->field naming it as the API's JSON member
 * ("$.aware_at"); err->msg names it in words ("aware-at ... is in the
 * future"), for the command line.
 *
 * Breaches: the local operator (the CLI's caller, app_operator(): no
 * account) has no scheduler; so every incident and evidence use case of a
 * caller without an account first records the breaches due at now
 * (incident_check_breaches), as `gisac incident ...` always has. Callers
 * with an account (HTTP requests) record nothing on their reads or
 * writes: the server's scheduler records breaches, audited as
 * "server:scheduler".
 *
 * Results: incident and incident_evidence are filled by value; callbacks
 * get borrowed data valid during the call; gisac_buf results are appended
 * (the caller frees them).
 */
#ifndef GISAC_APP_INCIDENT_H
#define GISAC_APP_INCIDENT_H

/* ---- incidents (docs/incident.md) ------------------------------------------ */

/* File a new incident (in->draft: a draft, not yet reported). */
int app_report_incident(app *a, const auth_principal *who, const incident_input *in, int64_t now,
                        incident *out, gisac_err *err);
/* File the pending report of incident id (a draft's, or after a level change). */
int app_report_incident_again(app *a, const auth_principal *who, const char *id, const char *note,
                              int64_t now, incident *out, gisac_err *err);
int app_get_incident(app *a, const auth_principal *who, const char *id, int64_t now, incident *out,
                     gisac_err *err);
int app_list_incidents(app *a, const auth_principal *who, const incident_filter *f, int64_t now,
                       incident_cb cb, void *ctx, gisac_err *err);
/* Open incidents by their next deadline, up to until (0: all). */
int app_list_due_incidents(app *a, const auth_principal *who, const char *agency, int64_t now,
                           int64_t until, incident_cb cb, void *ctx, gisac_err *err);
int app_update_incident(app *a, const auth_principal *who, const char *id,
                        const incident_change *ch, int64_t now, incident *out, gisac_err *err);
/* Move to reviewed, recovered or investigated (report_file: the investigation report). */
int app_advance_incident(app *a, const auth_principal *who, const char *id, incident_status to,
                         const char *note, const char *report_file, int64_t now, incident *out,
                         gisac_err *err);
/*
 * Record the recovery of incident id at time at (0: now; not in the future,
 * not before awareness), reviewed or not: the agency's step (incident_recover).
 */
int app_recover_incident(app *a, const auth_principal *who, const char *id, int64_t at,
                         const char *note, int64_t now, incident *out, gisac_err *err);
/* Every revision of the report's content, oldest first (incident_revisions). */
int app_list_incident_revisions(app *a, const auth_principal *who, const char *id,
                                incident_revision_cb cb, void *ctx, gisac_err *err);
/*
 * THE visibility rule of what belongs to an agency (incidents, evidence,
 * alerts): 1 when who may see agency's (office staff: every agency; an
 * agency account: its own and every agency below it, its supervising
 * authority's view), 0 when not, or a negative GISAC_E*
 * (incident_may_see_agency).
 */
int app_may_see_agency(app *a, const auth_principal *who, const char *agency, gisac_err *err);
/* Close an investigated incident, or dismiss a draft (reason required). */
int app_close_incident(app *a, const auth_principal *who, const char *id, const char *reason,
                       int64_t now, incident *out, gisac_err *err);
int app_list_incident_breaches(app *a, const auth_principal *who, const char *id,
                               incident_breach_cb cb, void *ctx, gisac_err *err);
int app_list_incident_links(app *a, const auth_principal *who, const char *id, incident_link_cb cb,
                            void *ctx, gisac_err *err);
/* The events of incident id only, after seq after. */
int app_list_incident_events(app *a, const auth_principal *who, const char *id, int64_t after,
                             incident_event_cb cb, void *ctx, gisac_err *err);
/* The sightings an automatic report counted. */
int app_list_incident_sightings(app *a, const auth_principal *who, const char *id,
                                incident_auto_sighting_cb cb, void *ctx, gisac_err *err);

/* ---- evidence (docs/evidence.md) ------------------------------------------- */

int app_add_evidence(app *a, const auth_principal *who, const char *id,
                     const incident_evidence_input *in, int64_t now, incident_evidence *out,
                     gisac_err *err);
/*
 * The same for bytes received (an upload): stored under the file name
 * name (checked: a file name, not a path; field: name_field, e.g. "$.name").
 * Who may not see the incident learns nothing and nothing is written.
 */
int app_add_evidence_data(app *a, const auth_principal *who, const char *id, const char *name,
                          const char *name_field, const void *data, size_t len,
                          const incident_evidence_input *in, int64_t now, incident_evidence *out,
                          gisac_err *err);
int app_get_evidence(app *a, const auth_principal *who, const char *id, int n,
                     incident_evidence *out, gisac_err *err);

/*
 * An upload streamed to disk (incident.h, incident_blob_stream): opened in
 * the installation's evidence directory (app_evidence_dir, which a server
 * learns once) before the body arrives, written chunk by chunk (-1 once
 * past the limit or after a failed write; app_upload_over tells the
 * first), then stored by app_add_evidence_upload, which checks the name
 * (name_field names it), the caller and the incident like
 * app_add_evidence_data. app_upload_free removes what was not stored.
 */
#define APP_EVIDENCE_MAX_DEFAULT ((int64_t)4 << 30) /* 4 GiB */
typedef incident_blob_stream app_upload;
int app_upload_open(const char *evdir, int64_t limit, app_upload **out, gisac_err *err);
int app_upload_write(app_upload *u, const void *data, size_t n);
int app_upload_over(const app_upload *u);
int64_t app_upload_size(const app_upload *u);
void app_upload_free(app_upload *u);
int app_add_evidence_upload(app *a, const auth_principal *who, const char *id, const char *name,
                            const char *name_field, app_upload *u,
                            const incident_evidence_input *in, int64_t now, incident_evidence *out,
                            gisac_err *err);
/*
 * Open the content of evidence n for reading (*fd; the caller closes it),
 * recorded as an access in its chain of custody ("accessed: HOW") and the
 * audit log (evidence.access); how NULL (a HEAD, nothing read) records
 * nothing.
 */
int app_open_evidence(app *a, const auth_principal *who, const char *id, int n, const char *how,
                      int64_t now, incident_evidence *out, int *fd, gisac_err *err);
/* Evidence n as JSON with its chain of custody ("custody": [...]), appended to out. */
int app_evidence_json(app *a, const auth_principal *who, const char *id, int n,
                      incident_evidence *ev, gisac_buf *out, gisac_err *err);
int app_list_evidence(app *a, const auth_principal *who, const char *id, incident_evidence_cb cb,
                      void *ctx, gisac_err *err);
int app_list_custody(app *a, const auth_principal *who, const char *id, int n,
                     incident_custody_cb cb, void *ctx, gisac_err *err);
int app_transfer_evidence(app *a, const auth_principal *who, const char *id, int n,
                          const char *from, const char *to, const char *reason, int64_t at,
                          int64_t now, incident_evidence *out, gisac_err *err);
/* Re-hash the files of incident id (NULL: of every incident the caller may see). */
int app_verify_evidence(app *a, const auth_principal *who, const char *id, int64_t now,
                        incident_verify_cb cb, void *ctx, size_t *checked, size_t *bad,
                        gisac_err *err);
/*
 * An investigation report received as bytes (name, data) for
 * app_advance_incident to investigated: the same checks as
 * app_add_evidence_data; the caller must see the incident.
 */
int app_advance_incident_data(app *a, const auth_principal *who, const char *id, const char *note,
                              const char *name, const char *name_field, const void *data,
                              size_t len, int64_t now, incident *out, gisac_err *err);

/* ---- the policy (docs/policy.md) ----------------------------------------- */

/*
 * Every rule in force: the policy's JSON (policy_to_json, with version
 * when > 0) where each section another service owns (auto_report,
 * alert_light, ...: APP_POLICY_SECTIONS in app_incident.c) is complete,
 * its defaults included. Checks those sections (GISAC_EINVAL naming the
 * path). Appended to out. Pure: no handle needed (a policy in hand).
 */
int app_policy_json(const policy *p, int version, gisac_buf *out, gisac_err *err);
/*
 * The same sections for a human: for each, in order, every member with
 * its value as compact JSON: cb(ctx, section, title, key, value_json).
 * cb returns non-zero to stop.
 */
typedef int (*app_policy_member_cb)(void *ctx, const char *section, const char *title,
                                    const char *key, const char *value);
int app_policy_sections(const policy *p, app_policy_member_cb cb, void *ctx, gisac_err *err);

/*
 * The installation's time zone: the active policy's "time_zone", loaded
 * once per handle and policy version (a handle whose policy changes loads
 * the new one on its next call). *out is a's (valid until the next call on
 * a or app_close). An error leaves *out NULL (UTC).
 */
int app_time_zone(app *a, const gisac_tz **out, gisac_err *err);
/*
 * Read a time the user gave (a command's option, an API field, a form):
 * an offset or Z wins, a date and time without one is local time in the
 * installation's zone, a bare date its local midnight
 * (gisac_time_parse_in). GISAC_EINVAL with a message naming the text.
 */
int app_parse_time(app *a, const char *s, int64_t *out, gisac_err *err);

/* Policy version (0: the active one); free *out with policy_free. */
int app_get_policy(app *a, const auth_principal *who, int version, policy *out,
                   incident_policy_info *info, gisac_err *err);
/*
 * Check a policy file's text (name: its name in the messages, "FILE: ...")
 * as app_set_policy would: the format, the automatic reports' rules and
 * the alert light's. Needs no installation.
 */
int app_check_policy(const char *text, size_t len, const char *name, gisac_err *err);
/* Install it as the next version (admin only); *changed 0: the same as the active one. */
int app_set_policy(app *a, const auth_principal *who, const char *text, size_t len,
                   const char *name, int64_t now, incident_policy_info *info, int *changed,
                   gisac_err *err);

/* ---- the alert light and the KPI report (docs/status.md, docs/report.md) -- */

/* The light at now (sector NULL: all); other sectors than its own are forbidden to an officer. */
int app_status_json(app *a, const auth_principal *who, const char *sector, int64_t now, int pretty,
                    gisac_buf *out, gisac_err *err);
int app_status_text(app *a, const auth_principal *who, const char *sector, int64_t now,
                    gisac_buf *out, gisac_err *err);
int app_kpi_json(app *a, const auth_principal *who, const report_period *p, int64_t now, int pretty,
                 gisac_buf *out, gisac_err *err);
int app_kpi_html(app *a, const auth_principal *who, const report_period *p, int64_t now,
                 gisac_buf *out, gisac_err *err);

/*
 * The level the active policy's matrix gives an asset class and impacts
 * (vocabulary words as in incident reports; NULL impacts are "none"), and
 * whether it is a major incident: what the report form shows live as the
 * impacts are chosen (GET /api/v1/policy/level). *level = 0 when no impact
 * is given yet. GISAC_EINVAL names the field ("$.asset", ...); anyone who
 * may report for an agency (auth_can READ_AGENCY of their own) may ask.
 */
int app_policy_level(app *a, const auth_principal *who, const char *asset,
                     const char *confidentiality, const char *integrity, const char *availability,
                     int *level, int *major, gisac_err *err);

#endif
