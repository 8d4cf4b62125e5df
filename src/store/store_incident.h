/*
 * store_incident.h: versioned policies, incidents with their breaches,
 * events for the notifier, links and sightings, and evidence with its
 * chain of custody (src/store/store_incident.c, store_evidence.c,
 * store_autoreport.c). Included by store.h; its general rules hold.
 *
 * Rules of this area:
 *   - Rows only: the rules (levels, deadlines, transitions, roles, agency
 *     isolation) live in src/policy and src/incident.
 *   - Ownership: *_get copy into the caller's arena; rows handed to a
 *     callback live during the call.
 *   - Writes that record "who" take the handle's actor (store_set_actor).
 *   - Callbacks of store_incident_iter may use the store (read in
 *     batches); those of the other iterations must not.
 *   - Numbers: the store gives them all, inside the inserting transaction
 *     (the caller's or one of the insert's own), so that several writers,
 *     threads or processes, on one database never take the same one and a
 *     rollback leaves no gap: the incident's seq within its year
 *     (store_incident_insert, which then has the caller name the row), the
 *     policy version, the evidence number within its incident, and the row
 *     ids (incident, event seq, custody seq). Callers never read a "next
 *     number" to insert with.
 */
#ifndef GISAC_STORE_INCIDENT_H
#define GISAC_STORE_INCIDENT_H

#include "store/store.h"

typedef struct store_policy {
    int version;        /* given by insert: the newest + 1 */
    const char *body;   /* canonical JSON text (policy_to_json) */
    const char *sha256; /* hex of body */
    const char *source; /* "builtin" or the file it came from */
    const char *actor;  /* filled by get; insert takes the handle's */
    int64_t created;
} store_policy;

/* Insert as the next version (the newest + 1; sets p->version). */
int store_policy_insert(store *s, store_policy *p, gisac_err *err);
/* version 0: the newest. GISAC_ENOTFOUND when there is none. */
int store_policy_get(store *s, int version, store_policy *out, gisac_arena *arena, gisac_err *err);

typedef struct store_incident {
    int64_t id;
    const char *ref; /* "INC-2026-000123", named by the caller from year and seq */
    int year;
    int64_t seq; /* given by insert */
    const char *agency, *title, *description, *category;
    const char *asset, *confidentiality, *integrity, *availability;
    int level, level_computed, level_override; /* 0: none / not determined */
    const char *override_reason;
    int policy_version;
    const char *status;
    int64_t occurred_at, aware_at, reported_at, last_report_at, report_clock;
    int report_restarted, report_pending;
    int64_t review_clock; /* the report the review counts from */
    int64_t reviewed_at, recovered_at, investigated_at, closed_at;
    const char *close_reason, *origin, *created_by;
    int64_t created, modified;
    const char *measures;       /* response measures taken; NULL: none */
    int support_needed;         /* external support: 0 not stated, 1 no, 2 yes */
    const char *support_detail; /* NULL: none */
    const char *notes;          /* other notes; NULL: none */
    const char *channel;        /* "portal" (NULL reads as it), "phone", "mail", "fax", "other" */
    int64_t received_at;        /* when a report by another channel was received; 0: none */
    /* read with the row by store_incident_iter (counted = 1), so that a list asks nothing per
     * incident; store_incident_get leaves counted 0 (the caller counts, if it needs to) */
    int counted, breaches, revisions;
} store_incident;

/*
 * Names a new incident from the number the store gave it: sets in->ref
 * (e.g. "INC-2026-000123" from in->year and in->seq) to memory that lives
 * until the insert returns. Called inside the insert, between its
 * statements; it must not call the store. 0 or a GISAC_E* code (which
 * fails the insert).
 */
typedef int (*store_incident_name_fn)(void *ctx, store_incident *in, gisac_err *err);
/*
 * Insert as the next incident of in->year: sets in->seq (1, 2, ... per
 * year, without gaps), has name fill in->ref, writes the row and sets
 * in->id. Atomic in the caller's transaction or in one of its own.
 * GISAC_EINVAL when the agency does not exist.
 */
int store_incident_insert(store *s, store_incident *in, store_incident_name_fn name, void *ctx,
                          gisac_err *err);
/* Rewrite every column of the row in->id. */
int store_incident_update(store *s, const store_incident *in, gisac_err *err);
int store_incident_get(store *s, const char *ref, store_incident *out, gisac_arena *arena,
                       gisac_err *err);

typedef struct store_incident_filter {
    const char *agency;            /* NULL: any */
    int open_only;                 /* status is not closed */
    const char *status;            /* NULL: any */
    const char *origin;            /* NULL: any */
    int64_t since;                 /* created >= since; 0: any */
    int64_t after_year, after_seq; /* only those after this (year, seq); 0, 0: from the start */
    const char *under; /* of this agency or one below it (store_agency_under); NULL: any */
    int64_t aware_from, aware_to; /* aware_at in [aware_from, aware_to); aware_to 0: any */
    /* brief: the free texts (title, description, reasons, created_by, measures, support_detail,
     * notes) read as NULL and the counts as 0 (counted = 1): the reports' scan of every row */
    int brief;
} store_incident_filter;
typedef int (*store_incident_cb)(void *ctx, const store_incident *in);
/*
 * Matching incidents by (year, seq), read in batches of 256 by
 * (year, seq): callbacks may use the store. f may be NULL. cb returns
 * non-zero to stop.
 */
int store_incident_iter(store *s, const store_incident_filter *f, store_incident_cb cb, void *ctx,
                        gisac_err *err);

/*
 * Revisions of an incident report's content: numbered 1, 2, ... per
 * incident by the insert (inside the writing transaction), never changed.
 */
typedef struct store_incident_revision {
    int64_t incident_id;
    int n; /* set by add */
    int64_t ts;
    const char *actor;   /* NULL on add: the handle's actor */
    const char *changed; /* a JSON array of the members changed ("[]": the first report) */
    const char *content; /* a JSON object: the report's content after the change */
} store_incident_revision;
int store_incident_revision_add(store *s, store_incident_revision *rv, gisac_err *err);
typedef int (*store_incident_revision_cb)(void *ctx, const store_incident_revision *rv);
/* The revisions of one incident, oldest first. */
int store_incident_revision_iter(store *s, int64_t incident_id, store_incident_revision_cb cb,
                                 void *ctx, gisac_err *err);

typedef struct store_breach {
    int64_t incident_id;
    const char *ref, *agency; /* filled by iter */
    const char *kind;         /* "report", "review", "recover", "investigation_report" */
    int64_t due, recorded;
} store_breach;
/* Record a breach once: *added = 0 when (incident, kind, due) was there already. */
int store_breach_add(store *s, int64_t incident_id, const char *kind, int64_t due, int64_t recorded,
                     int *added, gisac_err *err);
typedef int (*store_breach_cb)(void *ctx, const store_breach *b);
/* Breaches of one incident (0: all), of one agency (NULL: any), by due time. */
int store_breach_iter(store *s, int64_t incident_id, const char *agency, store_breach_cb cb,
                      void *ctx, gisac_err *err);

typedef struct store_incident_event {
    int64_t seq, ts, incident_id;
    const char *ref; /* filled by iter */
    const char *agency, *kind, *detail;
    int64_t n; /* its number within its incident: 1, 2, ... */
} store_incident_event;
/*
 * Append an event for the notifier (sets ev->n, the next number of its
 * incident; seq, the row's place among every incident's events, is only
 * filled by iter). dedup (may be NULL) makes it happen once: *added = 0
 * when an event with that key exists.
 */
int store_incident_event_add(store *s, store_incident_event *ev, const char *dedup, int *added,
                             gisac_err *err);
typedef int (*store_incident_event_cb)(void *ctx, const store_incident_event *ev);
/*
 * Events numbered above after (ev->n > after), in the order they were
 * recorded: of one incident, or of every incident (incident_id 0; after
 * then applies to each incident's numbers).
 */
int store_incident_event_iter(store *s, int64_t after, int64_t incident_id,
                              store_incident_event_cb cb, void *ctx, gisac_err *err);

typedef struct store_incident_link {
    int64_t incident_id;
    const char *kind, *target;
    int64_t added;
} store_incident_link;
/* Link an incident to something (a sighting, an indicator); *added = 0 when linked already. */
int store_incident_link_add(store *s, int64_t incident_id, const char *kind, const char *target,
                            int64_t added_at, int *added, gisac_err *err);
typedef int (*store_incident_link_cb)(void *ctx, const store_incident_link *l);
int store_incident_link_iter(store *s, int64_t incident_id, store_incident_link_cb cb, void *ctx,
                             gisac_err *err);

typedef struct store_evidence {
    int64_t id, incident_id;
    const char *ref, *agency; /* of the incident; filled by reads */
    int n;                    /* 1, 2, ... within the incident; set by insert */
    const char *kind;         /* "evidence" or "report" */
    const char *sha256;
    int64_t size;
    const char *name, *note, *acquired_by;
    int64_t acquired_at;
    const char *custodian;
    int64_t created;
} store_evidence;
/* Insert as the incident's next number (1, 2, ...): sets ev->n and ev->id. */
int store_evidence_insert(store *s, store_evidence *ev, gisac_err *err);
int store_evidence_get(store *s, int64_t incident_id, int n, store_evidence *out,
                       gisac_arena *arena, gisac_err *err);
typedef int (*store_evidence_cb)(void *ctx, const store_evidence *ev);
/* Evidence of one incident (0: all) of one agency (NULL: any), by incident and number. */
int store_evidence_iter(store *s, int64_t incident_id, const char *agency, store_evidence_cb cb,
                        void *ctx, gisac_err *err);
int store_evidence_set_custodian(store *s, int64_t id, const char *custodian, gisac_err *err);

typedef struct store_custody {
    int64_t seq, evidence_id, ts;
    const char *from; /* NULL: acquisition */
    const char *to, *reason;
    const char *actor; /* filled by iter; add takes the handle's */
} store_custody;
/* Append to the chain of custody; sets c->seq. */
int store_custody_add(store *s, store_custody *c, gisac_err *err);
typedef int (*store_custody_cb)(void *ctx, const store_custody *c);
int store_custody_iter(store *s, int64_t evidence_id, store_custody_cb cb, void *ctx,
                       gisac_err *err);

/* ---- sightings of automatic reports ------------------------------------------ */

/* The sightings an incident was opened or updated from, per (indicator, agency). */
typedef struct store_incident_sighting {
    int64_t incident_id, indicator_id;
    const char *agency;
    int64_t first_seen, last_seen, count;
    int64_t batches;          /* how many reports added to it (iteration only) */
    const char *type, *value; /* the indicator's (iteration only) */
} store_incident_sighting;
/* Add sg->count sightings: first_seen earliest, last_seen latest, counts summed. */
int store_incident_sighting_add(store *s, const store_incident_sighting *sg, gisac_err *err);
typedef int (*store_incident_sighting_cb)(void *ctx, const store_incident_sighting *sg);
/* Those of one incident, by indicator type, value and agency. */
int store_incident_sighting_iter(store *s, int64_t incident_id, store_incident_sighting_cb cb,
                                 void *ctx, gisac_err *err);

#endif
