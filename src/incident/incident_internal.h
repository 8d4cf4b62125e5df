/* incident_internal.h: private to src/incident. */
#ifndef GISAC_INCIDENT_INTERNAL_H
#define GISAC_INCIDENT_INTERNAL_H

#include "incident/incident.h"

#define POLICY_CACHE 8

struct incident_svc {
    store *st;
    char *evdir;        /* "<db>.evidence" */
    gisac_arena *arena; /* strings read from the store; reset at each public call */
    struct {
        int version;
        policy p;
    } cache[POLICY_CACHE]; /* stored policies are immutable: cached by version */
    int ncache;
    int next_slot;
    incident_event_hook hook;
    void *hook_ctx;
    int joined;   /* the current write runs inside the caller's transaction */
    gisac_tz *tz; /* the zone of the policy last used (incident_tz); NULL: none yet */
};

/* The time zone of p, loaded once per name (NULL, UTC, when it cannot be). */
const gisac_tz *incident_tz(incident_svc *svc, const policy *p);

/*
 * Transactions of a write: join the caller's when one is open (automatic
 * reports run inside the transaction of the sightings they come from),
 * else run an own one. Inside a joined one, commit and rollback do
 * nothing: the caller commits, or rolls back on the error returned.
 */
int incident_tx_begin(incident_svc *svc, gisac_err *err);
int incident_tx_commit(incident_svc *svc, gisac_err *err);
void incident_tx_rollback(incident_svc *svc);
/* Begin a transaction unless one is open: *own 1 when this one is ours (for incident_tx_end). */
int incident_tx_start(incident_svc *svc, int *own, gisac_err *err);
/* End a transaction the caller began itself (own; else leave it open): commit when rc is 0, else
 * roll back. */
int incident_tx_end(incident_svc *svc, int own, int rc, gisac_err *err);

/*
 * The event hook every service handle starts with: events named in
 * NOTIFY_EVENTS go to notify_enqueue in the writing transaction; the
 * others (incident.reported, incident.status) are not notified.
 */
int incident_notify_hook(void *ctx, store *s, const incident_event *ev, int64_t now,
                         gisac_err *err);

/* 1 for admin and analyst accounts ("office staff"). */
int incident_is_staff(const auth_principal *who);
/* 0 when who may use incidents at all (staff, or an agency account with an agency), else EPERM. */
int incident_who_check(const auth_principal *who, gisac_err *err);
/*
 * The agencies who may see (incident_may_see_agency), loaded once for an
 * iteration whose callbacks may not use the store: all (staff), or a list
 * (an agency account: its own and those below it), or none.
 */
typedef struct incident_scope {
    int all;
    char (*ids)[AUTH_AGENCY_ID_MAX + 1];
    size_t n, cap;
    int oom;
} incident_scope;
int incident_scope_load(incident_svc *svc, const auth_principal *who, incident_scope *sc,
                        gisac_err *err);
int incident_scope_has(const incident_scope *sc, const char *agency);
void incident_scope_free(incident_scope *sc);

/* The content of r as a revision's JSON object (incident.h, revisions). */
int incident_revision_content(const store_incident *r, gisac_buf *out);
/* Store a revision of r (changed: a JSON array text) by the handle's actor at ts. */
int incident_revision_add(incident_svc *svc, const store_incident *r, const char *changed,
                          const char *actor, int64_t ts, gisac_err *err);

/*
 * Load incident id into *row (strings in svc->arena) when who may see it;
 * GISAC_ENOTFOUND (the same message) otherwise.
 */
int incident_load(incident_svc *svc, const auth_principal *who, const char *id, store_incident *row,
                  gisac_err *err);

/* Name the input what ("aware-at") in err as its field ("$.aware_at"). */
void incident_err_field(gisac_err *err, const char *what);

/* Flags of incident_text. */
#define TEXT_MULTILINE 1 /* newlines and tabs allowed */
#define TEXT_EMPTY_OK  2
/*
 * Trim ASCII white space from text into out (cap bytes) and check it:
 * valid UTF-8, no control characters, at most max bytes. what names it.
 */
int incident_text(const char *what, const char *text, size_t max, int flags, char *out, size_t cap,
                  gisac_err *err);

/* The policy of a stored version (cached). */
int incident_policy_for(incident_svc *svc, int version, const policy **out, gisac_err *err);
/* The active policy, storing the built-in one as version 1 when none is (inside a transaction). */
int incident_policy_ensure(incident_svc *svc, int64_t now, int *version, const policy **out,
                           gisac_err *err);

/* Append an audit entry; detail is a JSON object text or NULL. */
int incident_audit(incident_svc *svc, int64_t now, const char *action, const char *object,
                   const gisac_buf *detail, gisac_err *err);

/*
 * Copy the file at path into the evidence store: *hex its SHA-256, *size
 * its length, name its base name (at most INCIDENT_FILE_NAME_MAX bytes,
 * "" when it is not clean text).
 */
int incident_blob_put(incident_svc *svc, const char *path, char hex[65], int64_t *size,
                      char name[INCIDENT_FILE_NAME_MAX + 1], gisac_err *err);
/* Insert an evidence row and its acquisition custody entry, audited (inside a transaction). */
int incident_evidence_row(incident_svc *svc, const store_incident *inc, const char *kind,
                          const char *hex, int64_t size, const char *name, const char *note,
                          const char *acquired_by, int64_t acquired_at, int64_t now,
                          store_evidence *out, gisac_err *err);

/* JSON helpers */
void incident_json_time(gisac_buf *b, const char *key, int64_t t);
void incident_json_str(gisac_buf *b, const char *key, const char *v); /* "" or NULL: null */
/* The same as a member after others: with its leading comma (,"key":...). */
void incident_jtime(gisac_buf *b, const char *key, int64_t t);
void incident_jstr(gisac_buf *b, const char *key, const char *v);
/* Closes the object built in b with "}" and appends it to out whole (or
 * not at all); frees b. 0 or GISAC_ENOMEM. */
int incident_json_end(gisac_buf *b, gisac_buf *out);

#endif
