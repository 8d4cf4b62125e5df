/*
 * app_feed.h: feed sources fetched on schedule (docs/feed-sources.md).
 * Part of app.h (include that, not this).
 *
 * Staff only (admin, analyst): every call answers GISAC_EFORBIDDEN to
 * anyone else. A source's header values may be secrets: no call shows
 * them (intel_feed_source_to_json masks them).
 */
#ifndef GISAC_APP_FEED_H
#define GISAC_APP_FEED_H

/* Add a source (intel_feed_add): due at once. */
int app_feed_add(app *a, const auth_principal *who, const intel_feed_def *d, gisac_err *err);
/* Remove one; enable or disable one (GISAC_ECONFLICT when it is so already). */
int app_feed_remove(app *a, const auth_principal *who, const char *name, gisac_err *err);
int app_feed_enable(app *a, const auth_principal *who, const char *name, int enable,
                    gisac_err *err);
/* One source (strings into arena), every source by name. */
int app_feed_get(app *a, const auth_principal *who, const char *name, store_feed_source *out,
                 gisac_arena *arena, gisac_err *err);
int app_feed_list(app *a, const auth_principal *who, store_feed_source_cb cb, void *ctx,
                  gisac_err *err);
/* The same as JSON appended to out: one object, or {"feeds":[...]}. */
int app_feed_get_json(app *a, const auth_principal *who, const char *name, gisac_buf *out,
                      gisac_err *err);
int app_feed_list_json(app *a, const auth_principal *who, gisac_buf *out, gisac_err *err);
/* Fetch one now (intel_feed_fetch): 0 with r->ok telling how it went. */
int app_feed_fetch(app *a, const auth_principal *who, const char *name, intel_feed_result *r,
                   gisac_err *err);
/* The result of a fetch as JSON appended to out (pure). */
int app_feed_result_to_json(const char *name, const intel_feed_result *r, gisac_buf *out);

/*
 * The scheduler's pass: fetch every enabled source due at now, one after
 * the other, calling done (may be NULL) after each; stop (may be NULL)
 * is asked before each whether to stop. Returns the number fetched, or
 * an error of the store.
 */
typedef void (*app_feed_done_fn)(void *ctx, const char *name, const intel_feed_result *r);
int app_feed_fetch_due(app *a, int64_t now, app_feed_done_fn done, int (*stop)(void *ctx),
                       void *ctx, gisac_err *err);

#endif
