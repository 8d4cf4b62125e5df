/*
 * store_alert.h: sightings by direction (sighting_detail) and monitoring
 * notices (alert, alert_event). Rows only: the rules live in
 * src/incident/alert.c.
 */
#ifndef GISAC_STORE_ALERT_H
#define GISAC_STORE_ALERT_H

#include "store/store.h"

/* Sightings of one indicator by one agency in one direction, summed. */
typedef struct store_sighting_detail {
    int64_t indicator_id;
    const char *agency;
    const char *direction; /* "outbound", "inbound", "unknown" */
    int64_t first_seen, last_seen, count;
    const char *hosts;      /* JSON array of internal hosts */
    const char *sensor;     /* who submitted the last batch; NULL: unknown */
    const char *last_event; /* the last event verbatim; NULL: none kept */
    /* filled by the iteration */
    const char *type, *value;
    int tlp;
} store_sighting_detail;

int store_sighting_detail_get(store *s, int64_t indicator_id, const char *agency,
                              const char *direction, store_sighting_detail *out, gisac_arena *arena,
                              gisac_err *err);
/* Insert or rewrite the row of (indicator_id, agency, direction). */
int store_sighting_detail_put(store *s, const store_sighting_detail *d, gisac_err *err);

typedef struct store_sighting_filter {
    const char *agency; /* NULL: any */
    const char *value;  /* NULL: any (the indicator's normal value) */
    int64_t since;      /* last_seen >= since; 0: any */
    int64_t limit;      /* rows at most; 0: 1000 */
    int64_t until;      /* last_seen < until; 0: any */
    const char *sensor; /* NULL: any (the sensor that reported the last event) */
    const char *type;   /* with value: its type's name (the indicator's key) */
    /* a page's cursor: only the rows after this one in the list's order (after_agency NULL:
     * from the start) */
    int64_t after_last_seen;
    const char *after_agency;
    int64_t after_indicator;
    const char *after_direction;
} store_sighting_filter;
typedef int (*store_sighting_detail_cb)(void *ctx, const store_sighting_detail *d);
/*
 * Newest first: by (last_seen, agency, indicator_id, direction), each
 * descending, so that a page goes on from its last row by keyset (an index
 * in that order, and the agency's). Read whole: callbacks may use the
 * store.
 */
int store_sighting_detail_iter(store *s, const store_sighting_filter *f,
                               store_sighting_detail_cb cb, void *ctx, gisac_err *err);

typedef struct store_alert {
    int64_t id;
    const char *ref; /* "ALR-YYYY-NNNNNN" (made by insert) */
    const char *agency;
    int64_t indicator_id;
    const char *direction; /* "outbound", "inbound", "unknown" or "mixed" */
    const char *queue;     /* "agency" or "office" (restricted: staff only) */
    const char *status;    /* "open", "confirmed", "dismissed" */
    const char *sensor;
    int64_t count, batches, first_seen, last_seen;
    const char *hosts; /* JSON array */
    int64_t opened, due;
    int64_t released_at; /* 0: not released */
    const char *released_by;
    int64_t answered_at; /* confirmed or dismissed; 0: open */
    const char *answered_by;
    const char *incident_ref; /* confirmed: the incident filed */
    const char *reason;       /* dismissed: false_positive, already_handled, not_ours */
    const char *note;
    int allowlist_request;
    int64_t modified;
    /* read with the row: the indicator */
    const char *type, *value;
    int tlp, confidence;
    const char *labels; /* JSON array text, or NULL */
} store_alert;

/* Insert a (its ref is numbered from the year of a->opened, into a arena); a->id set. */
int store_alert_insert(store *s, store_alert *a, gisac_arena *arena, gisac_err *err);
/* Rewrite the changing columns of alert a->id. */
int store_alert_update(store *s, const store_alert *a, gisac_err *err);
int store_alert_get(store *s, const char *ref, store_alert *out, gisac_arena *arena,
                    gisac_err *err);
/* The newest open alert of agency and indicator opened at or after since; GISAC_ENOTFOUND. */
int store_alert_find_open(store *s, const char *agency, int64_t indicator_id, int64_t since,
                          store_alert *out, gisac_arena *arena, gisac_err *err);

typedef struct store_alert_filter {
    const char *agency; /* NULL: any */
    const char *status; /* NULL: any */
    const char *queue;  /* NULL: any */
    int allowlist_request;
    int64_t since;      /* opened >= since; 0: any */
    int64_t limit;      /* 0: 1000 */
    const char *before; /* a ref: only alerts older than it (keyset pages); NULL: from the newest */
} store_alert_filter;
typedef int (*store_alert_cb)(void *ctx, const store_alert *a);
/* Newest first, read whole: callbacks may use the store. */
int store_alert_iter(store *s, const store_alert_filter *f, store_alert_cb cb, void *ctx,
                     gisac_err *err);

/* Append an event to alert alert_id, keeping the first and the last keep of them. */
int store_alert_event_add(store *s, int64_t alert_id, int64_t ts, const char *line, int keep,
                          gisac_err *err);
typedef int (*store_alert_event_cb)(void *ctx, int64_t seq, int64_t ts, const char *line);
/* In order. */
int store_alert_event_iter(store *s, int64_t alert_id, store_alert_event_cb cb, void *ctx,
                           gisac_err *err);

/* Open alerts of agency (NULL: all; queue NULL: any), and those past due at now. */
int store_alert_counts(store *s, const char *agency, const char *queue, int64_t now, int64_t *open,
                       int64_t *overdue, gisac_err *err);

/* Alerts opened in [from, to): answered by their deadline, answered late, open (past due at now).
 */
typedef struct store_alert_period {
    int64_t opened, answered_in_time, answered_late, open, overdue;
} store_alert_period;
int store_alert_period_counts(store *s, int64_t from, int64_t to, int64_t now,
                              store_alert_period *out, gisac_err *err);

#endif
