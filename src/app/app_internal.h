/*
 * app_internal.h: shared between the files of src/app only.
 *
 * Service handles are made on first use, on the handle's own store
 * connection (so a command that only reads never seeds, creates a key or
 * touches the evidence directory it does not need).
 */
#ifndef GISAC_APP_INTERNAL_H
#define GISAC_APP_INTERNAL_H

#include "app/app.h"
#include "store/store.h"

#include <pthread.h>

/* What every handle of one installation shares (reference-counted). */
typedef struct app_shared {
    pthread_mutex_t mu;
    int refs;
    char *uri;            /* as given */
    char *db_path;        /* the SQLite file, or NULL */
    char *key_path;       /* the installation's secret key file */
    char *audit_key_path; /* the audit checkpoints' signing key file */
    char *evdir;          /* the evidence directory */
    unsigned flags;       /* APP_OPEN_* */
    /* parts the areas keep for the whole installation (each area's file
     * owns its own, created on first use, freed by app_shared_free) */
    struct app_snaps *snaps; /* app_match.c: the live match snapshot */
    struct app_nats *nats;   /* app_nats.c: the NATS connection (app_nats_use), or NULL */
    auth_guard *guard;       /* app.c: the login guard of the process (app_auth_h) */
    unsigned ident_gen;      /* app_identity.c: moves when a handle changes the identity */
} app_shared;

struct app {
    app_shared *sh;
    store *st;
    char actor[128];   /* who writes (app_set_actor); the store keeps as much */
    intel *in;         /* on st; NULL until first use */
    int in_keyed;      /* in's cursor key is set */
    auth *au;          /* on st */
    incident_svc *inc; /* on st */
    gisac_tz *tz;      /* the installation's time zone (app_time_zone), NULL until first use */
    int tz_version;    /* the policy version tz was loaded from */
    char portal_url[POLICY_URL_MAX + 1];    /* the policy's, loaded with tz */
    unsigned char notify_key[AUTH_KEY_LEN]; /* the installation's key (app_notify_view) */
    int notify_keyed;                       /* notify_key is loaded */
    gisac_identity ident;                   /* app_identity_h */
    unsigned ident_gen;                     /* the app_shared.ident_gen it was read at; 0: never */
    gov_ruleset gov_rules;                  /* app_gov.c: the policy's obligation rules */
    int gov_rules_version;                  /* the policy version they were read from; 0: never */
};

/*
 * The installation's identity, read on first use (and made when the
 * database has none yet) and read again when a handle of this process
 * changed it. NULL and *err set on failure.
 */
const gisac_identity *app_identity_h(app *a, gisac_err *err);

/*
 * How notifications are rendered now: the time zone and portal URL of the
 * active policy (app_time_zone). On error, UTC and no link.
 */
void app_notify_view(app *a, notify_view *out);

/*
 * The governance figures of the alert light and the KPI report
 * (app_gov.c): the overdue obligations at now into ov, and ob pointing
 * into it with the policy's thresholds (gov_overdue_free(ov) after use);
 * the governance part of the KPI report of p into out ("" for callers
 * that may not see it: the report itself refuses them).
 */
int app_gov_light(app *a, int64_t now, gov_overdue *ov, report_obligations *ob, gisac_err *err);
int app_gov_kpi(app *a, const auth_principal *who, const report_period *p, int64_t now,
                gisac_buf *out, gisac_err *err);
/* The reminders of obligations due at now (gov_remind), for the scheduler. */
int app_gov_remind(app *a, int64_t now, int *sent, gisac_err *err);

/* The service handles, made on first use. NULL and *err set on failure. */
intel *app_intel_h(app *a, gisac_err *err);
auth *app_auth_h(app *a, gisac_err *err);
incident_svc *app_incident_h(app *a, gisac_err *err);
/* What a use case returns when its handle could not be made: err's code, else GISAC_ESTORE. */
static inline int app_h_fail(const gisac_err *err)
{
    return err && err->code ? err->code : GISAC_ESTORE;
}
static inline store *app_store(app *a)
{
    return a->st;
}

/*
 * A JSON array being written into b by a list's callbacks: app_jlist_sep
 * before each element writes the comma after the one before. bad (or rc,
 * the caller's choice) records a failure; now and flags are for the
 * renderers that need them.
 */
typedef struct app_jlist {
    gisac_buf *b;
    size_t n;
    int bad;
    int rc;
    int64_t now;
    unsigned flags;
} app_jlist;
/* Before an element: the comma after the one before. 0, or 1 (bad set) when out of memory. */
static inline int app_jlist_sep(app_jlist *l)
{
    if (l->n++ && gisac_buf_putc(l->b, ',') < 0)
        return (l->bad = 1);
    return 0;
}

/* app_match.c: free the live snapshot holder (at the last close). */
void app_snaps_free(struct app_snaps *s);

/*
 * app_match.c: lines body[0..len) of agency matched against the live
 * snapshot (events without a time seen at now; only the indicator whose
 * normal value is only, when not NULL), summed into *rows (*n of them;
 * match_records_free); the first unparseable lines into errors when not
 * NULL.
 */
int app_match_lines(app *a, const char *agency, const char *body, size_t len, match_format fmt,
                    int64_t now, const char *only, json_t *errors, match_record **rows, size_t *n,
                    match_buffer_stats *bs, gisac_err *err);
/*
 * app_nats.c: with NATS in use and staff asking, the member "ingest"
 * (app_ingest_status_json) added to the JSON object out holds from start on.
 */
int app_ingest_status_member(app *a, const auth_principal *who, int64_t now, gisac_buf *out,
                             size_t start, gisac_err *err);
/* app_nats.c: free the NATS connection (at the last close). */
void app_nats_free(struct app_nats *n);
/* app_nats.c: app_ingest's publishing when app_ingest_queues (the checks done). */
int app_ingest_publish_body(app *a, const auth_principal *who, const char *agency, const char *body,
                            size_t len, const char *format, json_t **answer, gisac_err *err);

#endif
