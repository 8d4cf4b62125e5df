/*
 * store_mobile.c: the mobile_app and mobile_app_version tables (see
 * store_mobile.h). Values are always bound, never pasted into SQL.
 */
#include "store/store_internal.h"

#define APP_COLS                                                                                   \
    "a.id, a.agency, a.name, a.package, a.platform, a.store_links, a.contacts, a.created,"         \
    " a.modified, (SELECT COUNT(*) FROM mobile_app_version v WHERE v.app_id = a.id)"

STORE_ROWMAP(app_rows, store_mobile_app, store_mobile_app_cb, app_copy, o, "IttttttIII", &o->id,
             &o->agency, &o->name, &o->package, &o->platform, &o->store_links, &o->contacts,
             &o->created, &o->modified, &o->versions);

int store_mobile_app_add(store *s, store_mobile_app *r, gisac_err *err)
{
    int rc = store_write(s, STC_NONE,
                         "INSERT INTO mobile_app (agency, name, package, platform, store_links,"
                         " contacts, created, modified) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                         err, "app", "ttttttII", r->agency, r->name, r->package, r->platform,
                         r->store_links, r->contacts, r->created, r->modified);
    if (rc == 0)
        r->id = store_last_id(s);
    return rc;
}

int store_mobile_app_update(store *s, const store_mobile_app *r, gisac_err *err)
{
    int rc =
        store_write(s, STC_NONE,
                    "UPDATE mobile_app SET agency = ?2, name = ?3, package = ?4, platform = ?5,"
                    " store_links = ?6, contacts = ?7, modified = ?8 WHERE id = ?1",
                    err, "app", "IttttttI", r->id, r->agency, r->name, r->package, r->platform,
                    r->store_links, r->contacts, r->modified);
    if (rc == 0 && store_changes(s) == 0)
        return gisac_err_set(err, GISAC_ENOTFOUND, "app %lld not found", (long long)r->id);
    return rc;
}

int store_mobile_app_get(store *s, int64_t id, store_mobile_app *out, gisac_arena *arena,
                         gisac_err *err)
{
    return store_get(s, STC_NONE, "SELECT " APP_COLS " FROM mobile_app a WHERE a.id = ?1", app_copy,
                     out, arena, err, "app", "I", id);
}

int store_mobile_app_list(store *s, const char *agency, const char *under, store_mobile_app_cb cb,
                          void *ctx, gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT " APP_COLS " FROM mobile_app a WHERE (?1 IS NULL OR a.agency = ?1)"
                      " AND (?2 IS NULL OR a.agency IN (" STORE_AGENCY_UNDER(
                          "?2") "))"
                                " ORDER BY a.agency, a.name, a.id",
                      &app_rows, 1, STORE_CBX(cb, ctx), err, "apps", "tt", agency, under);
}

/* ---- versions ---------------------------------------------------------------- */

#define VERSION_COLS                                                                               \
    "id, app_id, n, version_code, version_name, sha256, size, file_name, signer, verified, worst"

STORE_ROWMAP(version_rows, store_mobile_version, store_mobile_version_cb, version_copy, o,
             "IIiIttIttitttItt", &o->id, &o->app_id, &o->n, &o->version_code, &o->version_name,
             &o->sha256, &o->size, &o->file_name, &o->signer, &o->verified, &o->worst, &o->report,
             &o->changes, &o->intel, &o->submitted, &o->submitted_by);

int store_mobile_version_add(store *s, store_mobile_version *v, gisac_err *err)
{
    int own, rc = store_atomic_begin(s, &own, err);
    int64_t n = 0;
    if (rc == 0)
        rc = store_number_next(s, "mobile_app_version", v->app_id, &n, err);
    if (rc == 0)
        rc = store_write(s, STC_NONE,
                         "INSERT INTO mobile_app_version (app_id, n, version_code, version_name,"
                         " sha256, size, file_name, signer, verified, worst, report, changes,"
                         " intel, submitted, submitted_by)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                         " ?15)",
                         err, "app version", "IIIttIttittttIt", v->app_id, n, v->version_code,
                         v->version_name, v->sha256, v->size, v->file_name, v->signer, v->verified,
                         v->worst, v->report, v->changes, v->intel, v->submitted, v->submitted_by);
    if (rc == 0) {
        v->id = store_last_id(s);
        v->n = (int)n;
    }
    return store_atomic_end(s, own, rc, err);
}

int store_mobile_version_get(store *s, int64_t app_id, int n, store_mobile_version *out,
                             gisac_arena *arena, gisac_err *err)
{
    int rc = store_get(s, STC_NONE,
                       "SELECT " VERSION_COLS ", report, changes, intel, submitted, submitted_by"
                       " FROM mobile_app_version WHERE app_id = ?1 AND (n = ?2 OR (?2 = 0 AND n ="
                       " (SELECT MAX(n) FROM mobile_app_version WHERE app_id = ?1)))",
                       version_copy, out, arena, err, "app version", "Ii", app_id, n);
    if (rc == GISAC_ENOTFOUND)
        gisac_err_set(err, rc, n ? "version %d: not found" : "no version yet", n);
    return rc;
}

int store_mobile_version_list(store *s, int64_t app_id, store_mobile_version_cb cb, void *ctx,
                              gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT " VERSION_COLS ", NULL, changes, intel, submitted, submitted_by"
                      " FROM mobile_app_version WHERE app_id = ?1 ORDER BY n",
                      &version_rows, 1, STORE_CBX(cb, ctx), err, "app versions", "I", app_id);
}
