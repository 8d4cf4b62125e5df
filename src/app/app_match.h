/*
 * app_match.h: the use cases of matching sensor logs and recording
 * sightings (gisac match [--record], POST /api/v1/ingest). Part of app.h
 * (include that, not this).
 *
 * Both paths record through ONE function, app_record_sightings: the
 * sightings summed per indicator and agency (match_agg), their
 * "sighting.record" audit entry (naming via: "match" or "ingest") and the
 * automatic reports of the policy, in one transaction that commits before
 * it returns.
 *
 * The live snapshot: one per installation, shared by every handle (the
 * server's workers), built on first use on its own store connection and
 * rebuilt beside the old one when the store's share generation moves or
 * an indicator expires (looked at no more than once a second).
 */
#ifndef GISAC_APP_MATCH_H
#define GISAC_APP_MATCH_H

#include <jansson.h>
#include <stdio.h>

/* ---- recording ------------------------------------------------------------ */

typedef struct app_record_opts {
    const char *via;    /* where the sightings came from, for the audit entry */
    int no_auto_report; /* record only: no automatic reports */
    int64_t now;
    incident_auto_cb on_alert; /* each alert opened or updated; may be NULL */
    void *ctx;
} app_record_opts;

/*
 * Record n rows (one per indicator and agency, summed: first, last, count)
 * of sightings for agency (NULL: not attributed): the sightings, one
 * "sighting.record" audit entry {"agency","indicators","sightings","via"}
 * and, unless o->no_auto_report, the automatic reports of the active
 * policy (st: what reporting did), in one transaction, durable when it
 * returns 0. who: staff record for any agency, a sensor for its own only
 * (GISAC_EFORBIDDEN).
 */
int app_record_sightings(app *a, const auth_principal *who, const char *agency,
                         const match_record *rows, size_t n, const app_record_opts *o,
                         incident_auto_stats *st, gisac_err *err);

/* ---- gisac match ---------------------------------------------------------- */

typedef struct app_match_opts {
    match_format format;
    int threads; /* 0: the number of cores */
    int follow, stix;
    int record;         /* record the sightings (app_record_sightings, via "match") */
    int no_auto_report; /* with record */
    const char *agency; /* the agency the logs come from, or NULL */
    volatile int *stop; /* set non-zero to stop */
} app_match_opts;

typedef struct app_match_result {
    match_stats stats;
    incident_auto_stats autorep; /* summed over the recordings */
} app_match_result;

/*
 * Match inputs ("-": stdin) against the live snapshot, one line per
 * sighting to out (match_run); with o->record, the sightings are recorded
 * every few seconds and at the end. Staff only (GISAC_EFORBIDDEN): the
 * lines name indicators of every TLP. *res is filled also on failure.
 */
int app_match_logs(app *a, const auth_principal *who, const char *const *inputs, size_t n,
                   const app_match_opts *o, FILE *out, app_match_result *res, gisac_err *err);

/* ---- the current snapshot (workers) ------------------------------------------ */

/*
 * A reference to the installation's current matching snapshot at now, for
 * a worker that matches by itself (match_buffer) and unrefs it after each
 * batch (match_snapshot_unref): the live snapshot every handle shares.
 * At most once a second a call looks at the store's share generation and
 * the snapshot's next expiry; when either moved, one caller builds the new
 * snapshot (on SQLite: loads DB.snap when it is current, else builds and
 * replaces it) while the others go on with the old one, which is swapped
 * for the new one under a lock and freed when its last holder lets go: no
 * caller ever waits for a rebuild but the very first. Staff only
 * (GISAC_EFORBIDDEN): a snapshot holds indicators of every TLP. *loaded
 * (may be NULL): 1 when the snapshot came from the compiled file.
 */
int app_match_snapshot_current(app *a, const auth_principal *who, int64_t now, match_snapshot **out,
                               int *loaded, gisac_err *err);

/* ---- POST /api/v1/ingest -------------------------------------------------- */

/*
 * A sensor's log lines (body[0..len)) matched against the live snapshot
 * and recorded (app_record_sightings, via "ingest") for agency: a sensor
 * for its own (agency NULL or its own; another: GISAC_EFORBIDDEN), staff
 * for the one they name (required: GISAC_EINVAL at "$.agency"); other
 * roles GISAC_EFORBIDDEN; an unknown agency GISAC_EINVAL at "agency".
 * format: NULL, "auto", "eve" or "zeek" (else GISAC_EINVAL at "$.format").
 * *answer (the caller decrefs): {"agency", "format", "lines", "events",
 * "sightings", "indicators", "unparsed", "errors": [{"line", "reason"}]
 * (the first 100), "alerts": [ids]}. What it counts and names: staff
 * every sighting and alert, a sensor only those of indicators its agency
 * may read (TLP) and the alerts in its agency's queue, so that posting a
 * value does not tell whether it is an amber or red indicator or made
 * up; every sighting is recorded all the same. The agency's networks
 * decide each sighting's direction and internal hosts.
 */
int app_ingest(app *a, const auth_principal *who, const char *agency, const char *body, size_t len,
               const char *format, int64_t now, json_t **answer, gisac_err *err);

#endif
