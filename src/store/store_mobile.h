/*
 * store_mobile.h: the register of government mobile apps and their
 * versions (src/store/store_mobile.c; issue 16, docs/app.md). Included by
 * store.h; its general rules hold.
 *
 * Rules of this area:
 *   - Rows only: checking an APK, comparing versions and who may see what
 *     belong to src/apk, src/mobile and src/app.
 *   - A package id is registered once per platform (GISAC_EEXIST).
 *   - Versions are numbered 1, 2, ... within their app by the insert.
 *   - Errors: GISAC_ENOTFOUND for a missing row; GISAC_EINVAL when the
 *     agency does not exist.
 */
#ifndef GISAC_STORE_MOBILE_H
#define GISAC_STORE_MOBILE_H

#include "store/store.h"

typedef struct store_mobile_app {
    int64_t id;
    const char *agency, *name, *package, *platform;
    const char *store_links, *contacts; /* one a line; NULL: none */
    int64_t created, modified;
    int64_t versions; /* filled by reads: how many versions it has */
} store_mobile_app;
typedef int (*store_mobile_app_cb)(void *ctx, const store_mobile_app *r);

/* Insert r (id set); GISAC_EEXIST when the platform has the package already. */
int store_mobile_app_add(store *s, store_mobile_app *r, gisac_err *err);
/* Write every member of r but id and created; GISAC_EEXIST as for add. */
int store_mobile_app_update(store *s, const store_mobile_app *r, gisac_err *err);
int store_mobile_app_get(store *s, int64_t id, store_mobile_app *out, gisac_arena *arena,
                         gisac_err *err);
/* The apps of agency (NULL: any) or of the agencies under under (NULL: any), by agency, name. */
int store_mobile_app_list(store *s, const char *agency, const char *under, store_mobile_app_cb cb,
                          void *ctx, gisac_err *err);

typedef struct store_mobile_version {
    int64_t id, app_id;
    int n; /* set by insert */
    int64_t version_code;
    const char *version_name;
    const char *sha256;
    int64_t size;
    const char *file_name;
    const char *signer; /* the signing certificate's SHA-256 (the newest scheme's first) */
    int verified;
    const char *worst;   /* the worst severity of its findings and changes; NULL: none */
    const char *report;  /* the check's report (JSON) */
    const char *changes; /* the comparison with the version before (JSON; "null" for the first) */
    const char *intel;   /* the indicators it matched (a JSON array) */
    int64_t submitted;
    const char *submitted_by;
} store_mobile_version;
typedef int (*store_mobile_version_cb)(void *ctx, const store_mobile_version *r);

/* Insert as the app's next number: sets v->n and v->id. */
int store_mobile_version_add(store *s, store_mobile_version *v, gisac_err *err);
/* Version n of an app (n 0: its latest). */
int store_mobile_version_get(store *s, int64_t app_id, int n, store_mobile_version *out,
                             gisac_arena *arena, gisac_err *err);
/* The versions of an app, oldest first, without their report (NULL). */
int store_mobile_version_list(store *s, int64_t app_id, store_mobile_version_cb cb, void *ctx,
                              gisac_err *err);

#endif
