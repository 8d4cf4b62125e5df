/*
 * alert.h: monitoring notices (資安監控單). Sightings that meet the
 * policy's rules (incident_auto_report) open an alert for the agency: the
 * evidence it needs (first and last events verbatim, its hosts involved,
 * the direction, the sensor, counts and times, the indicator's context),
 * with an answer deadline of its own (the policy's answer_within), and no
 * legal deadline: an incident exists once the alert is confirmed.
 *
 *   open       status "open"; queue "agency" (the agency's officers and
 *              staff see it) or "office" (the agency may not read the
 *              indicator under TLP: staff only, until released)
 *   confirm    an officer of the agency (or staff) files an incident
 *              report with the alert linked (origin "alert:REF", link
 *              kind "alert"), awareness time given or the confirmation's
 *   dismiss    with a reason (false_positive, already_handled, not_ours),
 *              optionally asking the office to allowlist the value
 *   release    staff move an office-queue alert to the agency, adding the
 *              agency as a recipient of the indicator
 *
 * Visibility is as for incidents: staff see every alert, an agency
 * officer those of its own agency in the agency queue; any other alert is
 * GISAC_ENOTFOUND (the same message whether it exists or not). Sensors and
 * consumers read none (GISAC_EFORBIDDEN).
 */
#ifndef GISAC_INCIDENT_ALERT_H
#define GISAC_INCIDENT_ALERT_H

#include "incident/incident.h"
#include "store/store_alert.h"

#define ALERT_ID_MAX     32
#define ALERT_EVENTS     50   /* first and last events kept, each */
#define ALERT_NOTE_MAX   2000 /* bytes of a dismissal note */
#define ALERT_HOSTS_KEPT 64   /* internal hosts kept per alert */

/* An alert with what its reader may see. */
typedef struct alert_view {
    store_alert row;
    int restricted; /* in the office's queue */
} alert_view;

int alert_get(incident_svc *svc, const auth_principal *who, const char *id, alert_view *out,
              gisac_err *err);

typedef struct alert_filter {
    const char *agency; /* NULL: any the caller may see */
    const char *status; /* "open", "confirmed", "dismissed"; NULL: any */
    const char *queue;  /* "agency", "office"; NULL: any (office: staff only) */
    int allowlist_request;
    int64_t since;
    int64_t limit;     /* 0: 1000 */
    const char *after; /* an alert id: the page after it (older ones); NULL: the first page */
    /*
     * out, when not NULL: where the next page starts (the id of the last
     * alert read, seen by the caller or not), "" when this page was the
     * last. Pages follow the store, so none is skipped.
     */
    char *next; /* ALERT_ID_MAX bytes */
} alert_filter;
typedef int (*alert_cb)(void *ctx, const alert_view *a);
/* Newest first. Bad filter values: GISAC_EINVAL naming the field. */
int alert_list(incident_svc *svc, const auth_principal *who, const alert_filter *f, alert_cb cb,
               void *ctx, gisac_err *err);

typedef int (*alert_event_cb)(void *ctx, int first, int64_t time, const char *line);
/* The kept events of alert id: the first ones (first = 1), then the last ones. */
int alert_events(incident_svc *svc, const auth_principal *who, const char *id, alert_event_cb cb,
                 void *ctx, gisac_err *err);

typedef struct alert_confirm_input {
    int64_t aware_at;        /* 0: now */
    const char *title;       /* NULL: from the indicator */
    const char *description; /* NULL: from the alert */
    const char *category;    /* NULL: the policy's */
} alert_confirm_input;
/*
 * Confirm alert id: an incident report is filed (incident_report, by who)
 * and linked; *out the incident. An alert that is not open: GISAC_ECONFLICT.
 */
int alert_confirm(incident_svc *svc, const auth_principal *who, const char *id,
                  const alert_confirm_input *in, int64_t now, incident *out, gisac_err *err);

/* Dismiss reasons. */
int alert_reason_check(const char *reason, gisac_err *err);
int alert_dismiss(incident_svc *svc, const auth_principal *who, const char *id, const char *reason,
                  const char *note, int allowlist, int64_t now, gisac_err *err);

/* Staff: release an office-queue alert to its agency (GISAC_ECONFLICT when not held). */
int alert_release(incident_svc *svc, const auth_principal *who, const char *id, int64_t now,
                  gisac_err *err);

/* Open alerts the caller may see (agency NULL: all of them) and those past their answer deadline.
 */
int alert_counts(incident_svc *svc, const auth_principal *who, const char *agency, int64_t now,
                 int64_t *open, int64_t *overdue, gisac_err *err);

/*
 * An alert as JSON: {"id","agency","status","queue","direction",
 * "indicator":{"type","value","tlp","confidence","labels"},"sensor",
 * "sightings","batches","first_seen","last_seen","hosts":[...],"opened",
 * "due","overdue","released_at","released_by","answered_at",
 * "answered_by","incident","reason","note","allowlist_request"}; with
 * events (may be NULL) "events":{"first":[{"time","line"}],"last":[...]}
 * as well. now decides "overdue".
 */
int alert_to_json(const alert_view *a, int64_t now, const char *events_json, gisac_buf *out);

/* ---- sightings with their context ----------------------------------------------- */

/* A page's cursor: "LAST_SEEN.INDICATOR_ID.DIRECTION.AGENCY" of its last row, and a NUL */
#define ALERT_SIGHTING_CURSOR_MAX (48 + AUTH_AGENCY_ID_MAX)
typedef struct alert_sighting_filter {
    const char *agency; /* NULL: any the caller may see */
    const char *value;  /* an indicator value (normalised here) */
    int64_t since;
    int64_t limit;
    int64_t until;      /* last_seen < until; 0: any */
    const char *sensor; /* NULL: any */
    const char *after;  /* only those after this cursor (a page's "next"); NULL: from the start */
    char *next; /* NULL, or ALERT_SIGHTING_CURSOR_MAX bytes: the next page's cursor ("": none) */
} alert_sighting_filter;
typedef int (*alert_sighting_cb)(void *ctx, const store_sighting_detail *d);
/*
 * Sightings by indicator, agency and direction, newest first: staff all,
 * an agency officer its own agency's within TLP (clear, green, or among
 * the recipients); others GISAC_EFORBIDDEN.
 */
int alert_sightings(incident_svc *svc, const auth_principal *who, const alert_sighting_filter *f,
                    alert_sighting_cb cb, void *ctx, gisac_err *err);
/* {"indicator":{"type","value","tlp"},"agency","direction","first_seen","last_seen","count",
 * "hosts":[...],"sensor","last_event"} */
int alert_sighting_to_json(const store_sighting_detail *d, gisac_buf *out);

#endif
