/*
 * store_feed.h: feed sources fetched on schedule (the table feed_source,
 * docs/feed-sources.md) and the aging of what a complete source no longer
 * lists. Part of store.h (include that, not this).
 *
 * A feed source's name is also the name of the intel source its
 * indicators are imported under (store_source_id). labels and headers are
 * JSON arrays of strings as the caller wrote them (the store does not look
 * inside). Times are epoch seconds, 0 for none.
 */
#ifndef GISAC_STORE_FEED_H
#define GISAC_STORE_FEED_H

typedef struct store_feed_source {
    int64_t id;
    const char *name, *url, *format;
    int64_t every;  /* seconds between fetches */
    gisac_tlp tlp;  /* TLP_UNSET: the import's default */
    int confidence; /* -1: none */
    const char *labels_json, *headers_json;
    int complete;  /* the source's list is complete (aging) */
    int64_t grace; /* seconds before an unlisted indicator is dropped */
    int64_t max_bytes;
    int enabled;
    int64_t created;
    /* status */
    int64_t next_try;
    int failures; /* in a row, since the last success */
    int64_t last_try, last_success;
    int http_status; /* 0: none (no answer) */
    int64_t added, updated, dropped;
    const char *last_error, *etag, *last_modified;
} store_feed_source;

typedef int (*store_feed_source_cb)(void *ctx, const store_feed_source *f);

/* Insert f (status columns as given); sets f->id. GISAC_EEXIST for a name in use. */
int store_feed_source_add(store *s, store_feed_source *f, gisac_err *err);
/* By name: GISAC_ENOTFOUND; strings into arena. */
int store_feed_source_get(store *s, const char *name, store_feed_source *out, gisac_arena *arena,
                          gisac_err *err);
/* Every source by name (read whole: callbacks may use the store). */
int store_feed_source_list(store *s, store_feed_source_cb cb, void *ctx, gisac_err *err);
/* The names of enabled sources due at now (next_try unset or <= now), by next_try. */
int store_feed_source_due(store *s, int64_t now, store_feed_source_cb cb, void *ctx,
                          gisac_err *err);
/* Delete by name: GISAC_ENOTFOUND. The indicators it imported stay. */
int store_feed_source_delete(store *s, const char *name, gisac_err *err);
/* enabled = flag (and next_try = next_try): GISAC_ENOTFOUND. */
int store_feed_source_set_enabled(store *s, const char *name, int flag, int64_t next_try,
                                  gisac_err *err);
/*
 * Write the status columns of f->id (next_try, failures, last_try,
 * last_success, http_status, added, updated, dropped, last_error, etag,
 * last_modified) as f holds them.
 */
int store_feed_source_status(store *s, const store_feed_source *f, gisac_err *err);

/*
 * Aging, inside the caller's transaction (an import's):
 * store_feed_listed records that source_id lists the indicator (type,
 * value) at now (listed = now on its source row); store_feed_relisted,
 * after the last of them, lifts the delisting of every indicator
 * source_id listed at now; store_feed_age then drops each row of source_id not
 * listed since cutoff and not already ended (valid_until unset or after
 * now): a row the indicator has from other sources too is deleted (with
 * its recipients) and the indicator re-merged; the indicator's last row is
 * kept but ended (valid_until = now), the indicator re-merged, and
 * indicator_delisted records why (reason, source name). *dropped counts
 * both.
 */
int store_feed_listed(store *s, int64_t source_id, ioc_type type, const char *value, int64_t now,
                      gisac_err *err);
int store_feed_relisted(store *s, int64_t source_id, int64_t now, gisac_err *err);
/*
 * After an answer 304 Not Modified: the rows source_id listed at its last
 * import (those with the latest listed time) are listed at now again.
 */
int store_feed_relist(store *s, int64_t source_id, int64_t now, gisac_err *err);
int store_feed_age(store *s, int64_t source_id, const char *source, int64_t cutoff, int64_t now,
                   const char *reason, size_t *dropped, gisac_err *err);

/* Why an indicator no source lists any more is inactive: GISAC_ENOTFOUND when it is not. */
typedef struct store_delisted {
    const char *source, *reason;
    int64_t at;
} store_delisted;
int store_indicator_delisted(store *s, int64_t indicator_id, store_delisted *out,
                             gisac_arena *arena, gisac_err *err);

#endif
