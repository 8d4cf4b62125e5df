/*
 * mobile: the register of government mobile apps (issue 16, docs/app.md).
 * An app of an agency (name, package id, platform, store links,
 * contacts) and its versions: each submitted APK checked (src/apk), its
 * report kept with the file's SHA-256 (the file itself in the evidence
 * directory), compared with the version before (apk_compare: signer,
 * permissions, exported components, target SDK) and looked up in the
 * threat intelligence (its SHA-256, its signers' certificates and its
 * package as indicators; a match is a sighting by the app's agency).
 *
 * Who: staff (the office, analysts) see and manage every agency's apps;
 * an agency officer its own agency's (another's reads as not found);
 * other roles GISAC_EFORBIDDEN. The checks are gov_agency_access's.
 */
#ifndef GISAC_MOBILE_H
#define GISAC_MOBILE_H

#include "apk/apk.h"
#include "auth/auth.h"
#include "store/store.h"

#define MOBILE_NAME_MAX  200
#define MOBILE_LINES_MAX 2000 /* store links, contacts: bytes of all lines */

/* What to add or change: NULL members stay (add: agency, name, package, platform required). */
typedef struct mobile_app_input {
    const char *agency;
    const char *name;
    const char *package;
    const char *platform;    /* "android" or "ios" */
    const char *store_links; /* one URL a line ("" none) */
    const char *contacts;    /* one contact a line ("" none) */
} mobile_app_input;

/*
 * Add an app: GISAC_EINVAL naming the member ("$.package": not a package
 * id of the platform), GISAC_ECONFLICT when the platform has the package
 * registered already, access errors as above. out's strings in arena.
 */
int mobile_app_add(store *s, const auth_principal *who, const mobile_app_input *in, int64_t now,
                   store_mobile_app *out, gisac_arena *arena, gisac_err *err);
/* Change app id (the agency too, which who must be allowed to record for). */
int mobile_app_update(store *s, const auth_principal *who, int64_t id, const mobile_app_input *in,
                      int64_t now, store_mobile_app *out, gisac_arena *arena, gisac_err *err);
int mobile_app_get(store *s, const auth_principal *who, int64_t id, store_mobile_app *out,
                   gisac_arena *arena, gisac_err *err);
/* The apps who may see, of agency (NULL: all it may see). */
int mobile_app_list(store *s, const auth_principal *who, const char *agency, store_mobile_app_cb cb,
                    void *ctx, gisac_err *err);

/*
 * The policy's "apps" section (docs/app.md, "The policy"): the SDK floors
 * and the severity of findings and changes by id. Parsed from its JSON
 * text (NULL: the defaults, floors 24 and 33, no overrides); errors name
 * "$.apps.<member>".
 */
#define MOBILE_OVERRIDES_MAX 64
typedef struct mobile_rules {
    int min_sdk_floor, target_sdk_floor;
    struct {
        char id[64];
        int rank; /* apk_severity_rank */
    } over[MOBILE_OVERRIDES_MAX];
    size_t nover;
} mobile_rules;
int mobile_rules_parse(const char *json, mobile_rules *out, gisac_err *err);
/* The complete "apps" object of r (its defaults shown). */
int mobile_rules_to_json(const mobile_rules *r, gisac_buf *out);
/* The severity of the finding or change id under r (default: the one it has). */
const char *mobile_severity(const mobile_rules *r, const char *id, const char *dflt);
/* Check r's floors (the APK check's options) and give r's severities to r's findings. */
void mobile_rules_opts(const mobile_rules *r, apk_opts *o);
void mobile_rules_apply(const mobile_rules *r, apk_report *rep);

/*
 * Submit a version of app id: the APK at path (stored by the caller under
 * its content address in evdir: "<evdir>/<aa>/<sha256>"), named file_name,
 * checked under rules (floors, severities). GISAC_EINVAL "$.package" when the APK's package is not
 * the app's; GISAC_ECONFLICT for an app that is not an Android app.
 * The version before is read again from evdir to compare.
 */
int mobile_version_submit(store *s, const auth_principal *who, int64_t id, const char *evdir,
                          const char *path, const char *file_name, const mobile_rules *rules,
                          int64_t now, store_mobile_version *out, gisac_arena *arena,
                          gisac_err *err);
/* Version n (0: the latest) of app id. */
int mobile_version_get(store *s, const auth_principal *who, int64_t id, int n,
                       store_mobile_version *out, gisac_arena *arena, gisac_err *err);
/* The versions of app id, oldest first (report NULL). */
int mobile_version_list(store *s, const auth_principal *who, int64_t id, store_mobile_version_cb cb,
                        void *ctx, gisac_err *err);

/* "android", "ios"; a platform's name check: 0 or GISAC_EINVAL naming field. */
int mobile_platform_parse(const char *s, const char *field, gisac_err *err);
/* The app as JSON (its lines as arrays); without its versions. */
int mobile_app_to_json(const store_mobile_app *r, gisac_buf *out);
/* A version as JSON: with its report when it has one (a get, not a list). */
int mobile_version_to_json(const store_mobile_version *v, gisac_buf *out);

#endif
