/*
 * app_app.h: government mobile apps (docs/app-check.md): the security
 * check of an APK. Included by app.h.
 */
#ifndef GISAC_APP_APP_H
#define GISAC_APP_APP_H

#include "apk/apk.h"
#include "mobile/mobile.h"

/*
 * Check the APK at path (docs/app-check.md): the ZIP container, the
 * v1/v2/v3 signatures verified for min_sdk and later (0: the manifest's
 * minSdkVersion) and the manifest's findings. 0 and the report in *out
 * (apk_report_free), or GISAC_EINVAL naming what cannot be read,
 * GISAC_ENOTFOUND for a missing file. Needs no installation.
 */
int app_check_apk(const char *path, int min_sdk, apk_report **out, gisac_err *err);
/*
 * The same for the n bytes of an uploaded APK at p (who: any signed-in
 * account), under the active policy's "apps" rules (floors, severities).
 */
int app_check_apk_data(app *a, const auth_principal *who, const void *p, size_t n, int min_sdk,
                       apk_report **out, gisac_err *err);
/*
 * The report into b: format "json" (one object), "en" or "zh-TW" (the
 * page for people). GISAC_EINVAL for another format.
 */
int app_apk_report(const apk_report *r, const char *format, gisac_buf *b, gisac_err *err);

/*
 * Compare two versions of an app (docs/app-check.md, "Comparing
 * versions"): both checked (signatures for min_sdk, 0: each manifest's),
 * then apk_compare; the JSON of the changes into b (with human 1: one line
 * a change, "SEVERITY ID TEXT", "no changes that matter" when none).
 * *worst: the worst severity's rank (-1 none, 0 info .. 4 critical).
 */
int app_compare_apks(const char *old_path, const char *new_path, int min_sdk, int human,
                     gisac_buf *b, int *worst, gisac_err *err);
/*
 * The release gate: *failed 1 when r's signature does not verify or r has a
 * finding of severity at least as bad as severity ("critical", "high",
 * "medium", "low", "info"). r NULL: only checks the name. GISAC_EINVAL for
 * another name.
 */
/* The rank of a severity name (0 info .. 4 critical): 0, or GISAC_EINVAL. */
int app_apk_severity_rank(const char *severity, int *rank);
int app_apk_gate(const apk_report *r, const char *severity, int *failed, gisac_err *err);

/* ---- the register of apps (mobile.h, docs/app.md) ---------------------------- */

/* The active policy's "apps" rules (floors, severities; mobile_rules_parse). */
int app_mobile_rules(app *a, mobile_rules *out, gisac_err *err);

/* Add an app, or change app id: the app as JSON (mobile_app_to_json) into out. */
int app_add_app(app *a, const auth_principal *who, const mobile_app_input *in, gisac_buf *out,
                gisac_err *err);
int app_update_app(app *a, const auth_principal *who, int64_t id, const mobile_app_input *in,
                   gisac_buf *out, gisac_err *err);
/* App id as JSON with "history": its versions, oldest first (without their reports). */
int app_app_json(app *a, const auth_principal *who, int64_t id, gisac_buf *out, gisac_err *err);
int app_list_apps(app *a, const auth_principal *who, const char *agency, store_mobile_app_cb cb,
                  void *ctx, gisac_err *err);
/*
 * Submit the APK at path (named by its base name) as the next version of
 * app id: kept in the evidence directory under its SHA-256, checked,
 * compared with the version before and looked up in the intelligence
 * (mobile_version_submit). The version as JSON (with its report) into out.
 */
int app_submit_app_version(app *a, const auth_principal *who, int64_t id, const char *path,
                           gisac_buf *out, gisac_err *err);
/* The same for the len bytes of an upload at data, named name (NULL: "app.apk"). */
int app_submit_app_version_data(app *a, const auth_principal *who, int64_t id, const char *name,
                                const void *data, size_t len, gisac_buf *out, gisac_err *err);
/* Version n (0: the latest) of app id as JSON with its report. */
int app_app_version_json(app *a, const auth_principal *who, int64_t id, int n, gisac_buf *out,
                         gisac_err *err);

#endif
