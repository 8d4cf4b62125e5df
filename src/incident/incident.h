/*
 * incident: incident reports under the notification-and-response rules of
 * the programme's incident rules (docs/incident.md), their deadlines and breaches, the versioned
 * policy that grades them, and their evidence with its chain of custody
 * (ISO/IEC 27037). Business rules live here; the SQL is in src/store
 * (store_incident.c, store_evidence.c); the front ends parse, call and
 * render. Nothing here prints.
 *
 * Rules:
 *   - an incident belongs to one agency (which must exist) and has a
 *     readable, stable id "INC-<year>-<6 digits>", numbered per year of
 *     creation (UTC);
 *   - its level is computed from the asset class and the confidentiality,
 *     integrity and availability impacts by the active policy (src/policy),
 *     whose version the incident records; 0 means "not yet determined" (no
 *     impact given). Office staff (admin, analyst) may override the level,
 *     with a reason; every change of the effective level after the first
 *     report restarts the report clock: the report of the new level is due
 *     within policy.report_level_change of the change, and is filed with
 *     incident_report_again;
 *   - status: draft -> reported -> reviewed -> recovered (damage
 *     controlled) -> investigated (investigation report uploaded) ->
 *     closed; a draft (automatic reports) may also be dismissed (closed).
 *     The review and the recovery do not wait for each other: reported
 *     may become recovered (the agency's step), and a review after it
 *     stamps reviewed_at without moving the status; closing needs both.
 *     Any other transition is refused (GISAC_ECONFLICT). Each transition is
 *     stamped with now (the recovery: with the time it happened, at) and
 *     checked against its deadline;
 *   - deadlines (policy_deadlines): report (from awareness, or from the
 *     last level change), review (from the report received), recover (from
 *     awareness), investigation report (from recovery). A deadline passed
 *     without its transition, or met late, is a breach, recorded once
 *     (incident_check_breaches, and every call that writes an incident);
 *   - who: a caller (auth_principal) of role admin or analyst ("office
 *     staff") sees and writes every incident; an agency account sees its
 *     own agency's and those of every agency below it (its supervising
 *     authority's view, incident_may_see_agency) and writes its own
 *     agency's only (others answer GISAC_ENOTFOUND, exactly as a missing
 *     id; another visible agency's GISAC_EFORBIDDEN); other roles get
 *     GISAC_EFORBIDDEN. The review is the supervising agency's (an agency
 *     above the incident's) or office staff's, never the reporting
 *     agency's; close, dismiss, level overrides and reports received by
 *     another channel are for office staff only; installing a policy for
 *     admin;
 *   - every create and every update of the content stores a revision
 *     (incident_revisions); each deadline is owed by the agency or the
 *     reviewer (incident_deadline_owner_name);
 *   - every write appends an audit entry (store_audit_append) in the same
 *     transaction; the actor is the store handle's (store_set_actor), and it
 *     is also who "created_by", "acquired_by" and custody entries name by
 *     default;
 *   - events for the notifier, kept in a table (incident_events) and handed
 *     to an optional hook inside the writing transaction: "incident.new",
 *     "incident.level" (the level changed), "incident.deadline_at_risk"
 *     (once per deadline, policy.at_risk before it), "incident.breach"
 *     (the names of NOTIFY_EVENTS in src/notify), and "incident.reported"
 *     (a draft or a new level reported), "incident.status";
 *   - evidence: stored content-addressed by SHA-256 in a directory beside
 *     the database ("<db>.evidence/<first 2 hex>/<64 hex>", written to a
 *     temporary file, synced, made read-only and renamed), with its size,
 *     who acquired it and when, and a chain of custody (acquisition, then
 *     transfers). incident_evidence_verify re-hashes the files.
 *
 * Errors: 0 or a negative GISAC_E*: GISAC_EINVAL a bad value (err->field
 * names the input member, "$.aware_at"), GISAC_ECONFLICT a step the
 * incident's or evidence's state does not allow, GISAC_ENOTFOUND no such
 * (visible) incident or evidence, GISAC_EFORBIDDEN role not allowed,
 * GISAC_EIO file trouble, GISAC_ESTORE.
 *
 * Ownership: incident_svc_new borrows a store (kept open by the caller
 * until incident_svc_free). Records handed to callbacks live during the
 * call; structs filled by the caller's pointer are the caller's. Not thread-safe: one handle per
 * thread.
 */
#ifndef GISAC_INCIDENT_H
#define GISAC_INCIDENT_H

#include "auth/auth.h"
#include "base/base.h"
#include "policy/policy.h"
#include "store/store.h"

#define INCIDENT_ID_MAX          24   /* "INC-2026-000123" and a NUL, with room */
#define INCIDENT_TITLE_MAX       200  /* bytes */
#define INCIDENT_DESCRIPTION_MAX 4000 /* bytes */
#define INCIDENT_REASON_MAX      500  /* override and close reasons, notes */
#define INCIDENT_ORIGIN_MAX      200
#define INCIDENT_PARTY_MAX       128 /* actors, custodians */
#define INCIDENT_FILE_NAME_MAX   255

typedef struct incident_svc incident_svc;

/* Use an open store; evidence_dir is where evidence files go (created on first use). */
int incident_svc_new(store *s, const char *evidence_dir, incident_svc **out, gisac_err *err);
void incident_svc_free(incident_svc *svc);
store *incident_svc_store(incident_svc *svc);
const char *incident_svc_evidence_dir(incident_svc *svc);

/* ---- vocabularies ---------------------------------------------------------- */

typedef enum incident_status {
    INCIDENT_STATUS_NONE = 0,
    INCIDENT_DRAFT,
    INCIDENT_REPORTED,
    INCIDENT_REVIEWED,
    INCIDENT_RECOVERED,
    INCIDENT_INVESTIGATED,
    INCIDENT_CLOSED,
} incident_status;

/* "draft", "reported", ...; "" when out of range */
const char *incident_status_name(incident_status st);
/* INCIDENT_STATUS_NONE when s is not a status */
incident_status incident_status_parse(const char *s);

/* The ten categories of national sharing, by slug (docs/incident.md). */
#define INCIDENT_CATEGORY_COUNT 10
/* The slug of category i (0..9), "" when out of range. */
const char *incident_category_name(int i);
/* 0 when s is a category slug; GISAC_EINVAL listing them otherwise. */
int incident_category_check(const char *s, gisac_err *err);

/* ---- the policy ------------------------------------------------------------ */

typedef struct incident_policy_info {
    int version; /* 1, 2, ... */
    int stored;  /* 0: the built-in defaults, not yet stored (they become version 1) */
    char source[256];
    char actor[INCIDENT_PARTY_MAX];
    char sha256[65];
    int64_t created; /* 0 when not stored */
} incident_policy_info;

/* The built-in defaults as version 1, not stored (for a database that does not exist yet). */
void incident_policy_builtin(policy *out, incident_policy_info *info);
/* The policy of version (0: the active one, i.e. the newest); *out is the caller's (policy_free).
 */
int incident_policy_get(incident_svc *svc, int version, policy *out, incident_policy_info *info,
                        gisac_err *err);
/*
 * Install the policy file text (name labels errors and is kept as its
 * source) as the next version. Admin only. *changed = 0 and nothing is
 * written when its canonical form equals the active policy's.
 */
int incident_policy_set(incident_svc *svc, const auth_principal *who, const char *text, size_t len,
                        const char *name, int64_t now, incident_policy_info *info, int *changed,
                        gisac_err *err);

/* ---- incidents ------------------------------------------------------------- */

typedef enum incident_dl_state {
    INCIDENT_DL_NONE = 0, /* not yet determined */
    INCIDENT_DL_PENDING,  /* due in the future */
    INCIDENT_DL_OVERDUE,  /* passed, not done: a breach */
    INCIDENT_DL_MET,      /* done in time */
    INCIDENT_DL_LATE,     /* done after it: a breach */
    INCIDENT_DL_MOOT,     /* no longer applies (a dismissed draft) */
} incident_dl_state;

/* "none", "pending", "overdue", "met", "late", "moot" */
const char *incident_dl_state_name(incident_dl_state s);

typedef struct incident_deadline {
    int64_t due;  /* 0: not yet determined */
    int64_t done; /* when its transition happened, 0: not yet */
    incident_dl_state state;
} incident_deadline;

/* External support needed (外部支援需求評估): not stated, no, yes. */
typedef enum incident_support {
    INCIDENT_SUPPORT_UNSTATED = 0,
    INCIDENT_SUPPORT_NO = 1,
    INCIDENT_SUPPORT_YES = 2,
} incident_support;

/*
 * Channels a report arrives by: "portal" (the platform itself: the CLI,
 * the API, the web), or another one the rules allow when the portal
 * cannot be used (補行通報): "phone", "mail", "fax", "other". 0 when s is
 * one of them; GISAC_EINVAL ($.channel) otherwise.
 */
int incident_channel_check(const char *s, gisac_err *err);

/*
 * Who owes deadline k: "agency" (the report, the recovery, the
 * investigation report) or "reviewer" (the review: the supervising
 * agency, or the office).
 */
const char *incident_deadline_owner_name(policy_deadline k);

typedef struct incident {
    char id[INCIDENT_ID_MAX];
    char agency[AUTH_AGENCY_ID_MAX + 1];
    char title[INCIDENT_TITLE_MAX + 1];
    char description[INCIDENT_DESCRIPTION_MAX + 1]; /* "": none */
    char category[32];
    policy_asset asset;
    policy_impact confidentiality, integrity;
    policy_avail availability;
    int level;          /* effective: the override, else the computed one; 0: not determined */
    int level_computed; /* from the impacts; 0: not determined */
    int level_override; /* 0: none */
    char override_reason[INCIDENT_REASON_MAX + 1];
    int major; /* level >= the policy's major_level */
    int policy_version;
    incident_status status;
    int64_t occurred_at; /* 0: unknown */
    int64_t aware_at;
    int64_t reported_at;    /* first report; 0: a draft */
    int64_t last_report_at; /* latest report */
    int64_t report_clock;   /* start of the current report clock */
    int report_restarted;   /* the clock was restarted by a level change */
    int report_pending;     /* a report is due (draft, or after a level change) */
    int64_t review_clock;   /* the report the review deadline counts from */
    int64_t reviewed_at, recovered_at, investigated_at, closed_at;
    char close_reason[INCIDENT_REASON_MAX + 1];
    char origin[INCIDENT_ORIGIN_MAX + 1];
    char created_by[INCIDENT_PARTY_MAX];
    int64_t created, modified;
    char measures[INCIDENT_DESCRIPTION_MAX + 1];       /* response measures taken; "": none */
    incident_support support_needed;                   /* external support needed */
    char support_detail[INCIDENT_DESCRIPTION_MAX + 1]; /* what support; "": none */
    char notes[INCIDENT_DESCRIPTION_MAX + 1];          /* other notes; "": none */
    char channel[16];    /* how the report came: "portal", "phone", "mail", "fax", "other" */
    int64_t received_at; /* another channel: when the report was received; 0: portal */
    int revisions;       /* revisions of the content kept (incident_revisions) */
    /* computed at the now of the call, indexed by policy_deadline */
    incident_deadline deadlines[POLICY_DL_COUNT];
    int next;         /* policy_deadline of the next open deadline; -1: none */
    int64_t next_due; /* its due time */
    int breaches;     /* breaches recorded */
} incident;

typedef struct incident_input {
    const char *agency; /* required */
    const char *title;  /* required */
    const char *description;
    const char *category;                    /* NULL: "other" */
    const char *asset;                       /* required */
    const char *confidentiality, *integrity; /* NULL: "none" */
    const char *availability;                /* NULL: "none" */
    int64_t aware_at;                        /* required, not after now */
    int64_t occurred_at;                     /* 0: unknown; not after aware_at */
    int draft;                               /* 1: a draft, not yet reported (automatic reports) */
    const char *origin;                      /* NULL, or the key automatic reports find it by */
    const char *measures;                    /* response measures taken; NULL: none */
    incident_support support_needed;         /* external support needed */
    const char *support_detail;              /* what support; NULL: none */
    const char *notes;                       /* other notes; NULL: none */
    /*
     * NULL or "portal": filed here by who. Another channel ("phone",
     * "mail", "fax", "other"; staff only, not a draft): a report the
     * office received on the agency's behalf at received_at (required,
     * not before aware_at, not after now), which is when it counts as
     * reported: the report deadline is met when received_at is within it,
     * and the review counts from it. The agency completes the details
     * later (incident_update; every revision names who).
     */
    const char *channel;
    int64_t received_at;
    const char *alert; /* NULL, or the id of the alert (monitoring notice) it was confirmed
                          from: linked ("alert", id) in the same transaction */
} incident_input;

/* File a new incident (or a draft). *out may be NULL. */
int incident_report(incident_svc *svc, const auth_principal *who, const incident_input *in,
                    int64_t now, incident *out, gisac_err *err);
/*
 * File the pending report of incident id: the report of a draft (which
 * becomes "reported"), or of the new level after a level change.
 * GISAC_ECONFLICT when no report is pending.
 */
int incident_report_again(incident_svc *svc, const auth_principal *who, const char *id,
                          const char *note, int64_t now, incident *out, gisac_err *err);

int incident_get(incident_svc *svc, const auth_principal *who, const char *id, int64_t now,
                 incident *out, gisac_err *err);

typedef struct incident_filter {
    const char *agency;     /* NULL: every agency the caller may see */
    incident_status status; /* NONE: any */
    int open_only;          /* not closed */
    const char *after;      /* only those after this incident id (a page's cursor); NULL: all */
    int64_t aware_from, aware_to; /* awareness in [aware_from, aware_to); aware_to 0: any */
    /* brief: the free texts (title, description, reasons, created_by, measures, support
     * details, notes) left empty and breaches and revisions not counted (0): the reports,
     * which read every incident, need none of them */
    int brief;
} incident_filter;

typedef int (*incident_cb)(void *ctx, const incident *inc);
/* Incidents the caller may see, by id. f may be NULL. cb returns non-zero to stop. */
int incident_list(incident_svc *svc, const auth_principal *who, const incident_filter *f,
                  int64_t now, incident_cb cb, void *ctx, gisac_err *err);
/*
 * Open incidents the caller may see that have a next deadline due at or
 * before until (0: any time; overdue ones included), ordered by that
 * deadline (then id). agency NULL: any.
 */
int incident_due(incident_svc *svc, const auth_principal *who, const char *agency, int64_t now,
                 int64_t until, incident_cb cb, void *ctx, gisac_err *err);

/* What incident_update changes; NULL / -1 members are left alone. */
typedef struct incident_change {
    const char *title, *description, *category; /* description "" clears it */
    const char *asset, *confidentiality, *integrity, *availability;
    int64_t occurred_at; /* 0: keep */
    int level;           /* -1: keep; 0: drop the override; 1..4: override (staff only) */
    const char *reason;  /* required with level */
    const char *measures, *support_detail, *notes; /* NULL: keep; "": clear */
    incident_support support_needed;               /* UNSTATED: keep */
} incident_change;

int incident_update(incident_svc *svc, const auth_principal *who, const char *id,
                    const incident_change *ch, int64_t now, incident *out, gisac_err *err);

/*
 * Move incident id to status to: INCIDENT_REVIEWED (staff; needs a level
 * and no pending report), INCIDENT_RECOVERED, INCIDENT_INVESTIGATED (needs
 * report_file, the investigation and improvement report, stored as
 * evidence of kind "report"). note (may be NULL) goes into the audit log.
 */
int incident_advance(incident_svc *svc, const auth_principal *who, const char *id,
                     incident_status to, const char *note, const char *report_file, int64_t now,
                     incident *out, gisac_err *err);
/*
 * Record the recovery (damage controlled) of incident id at time at (0:
 * now): the agency's step, for the agency (or its supervisors, or staff),
 * whether the review is done or not; at is not in the future and not
 * before awareness. The recovery deadline counts to at, and so does the
 * investigation report's deadline. From reported or reviewed; the status
 * becomes recovered (a review still owed is done later: reviewed_at is
 * stamped, the status stays).
 */
int incident_recover(incident_svc *svc, const auth_principal *who, const char *id, int64_t at,
                     const char *note, int64_t now, incident *out, gisac_err *err);
/* Close an investigated (and reviewed) incident, or dismiss a draft (reason required). Staff only.
 */
int incident_close(incident_svc *svc, const auth_principal *who, const char *id, const char *reason,
                   int64_t now, incident *out, gisac_err *err);

/*
 * Record every deadline passed without its transition (or met late) as a
 * breach, once (idempotent, audited, with an "incident.deadline_breached"
 * event), and every deadline within its at-risk window as an
 * "incident.deadline_at_risk" event, once. For every open incident of
 * every agency: the server's scheduler calls it, and so does every incident
 * command. *recorded (may be NULL) counts the new breaches.
 */
int incident_check_breaches(incident_svc *svc, int64_t now, int *recorded, gisac_err *err);

typedef struct incident_breach {
    const char *id, *agency;
    policy_deadline kind;
    int64_t due, recorded;
} incident_breach;
typedef int (*incident_breach_cb)(void *ctx, const incident_breach *b);
/* Breaches of incident id (NULL: of every incident the caller may see), by due time. */
int incident_breaches(incident_svc *svc, const auth_principal *who, const char *id,
                      incident_breach_cb cb, void *ctx, gisac_err *err);

/* ---- who sees what: supervising agencies ----------------------------------- */

/*
 * The visibility rule of everything an agency owns (incidents, their
 * evidence, alerts): office staff (admin, analyst) see every agency; an
 * agency account sees its own agency and every agency below it in the
 * hierarchy (parent), at any level (its officers are their supervising
 * authority, 上級或監督機關); others see none. *yes = 1 when who may
 * see agency. Cycle-safe (at most STORE_AGENCY_DEPTH levels).
 */
int incident_may_see_agency(incident_svc *svc, const auth_principal *who, const char *agency,
                            int *yes, gisac_err *err);
/*
 * *yes = 1 when who may review the incidents of agency: office staff
 * always; an agency account when agency is strictly below its own (a
 * supervising authority; never its own agency).
 */
int incident_may_review_agency(incident_svc *svc, const auth_principal *who, const char *agency,
                               int *yes, gisac_err *err);

/* ---- revisions ----------------------------------------------------------------- */

/*
 * Every change of a report's content is kept: the report itself (revision
 * 1) and each incident_update after it (2, 3, ...), with who and when and
 * the full content then (a JSON object: title, description, category,
 * asset, confidentiality, integrity, availability, level_override,
 * override_reason, occurred_at, aware_at, measures, support_needed,
 * channel, received_at, notes). Never changed or removed.
 */
typedef struct incident_revision {
    int n;
    int64_t ts;
    const char *actor;
    const char *changed; /* a JSON array of the members changed ("[]" for the report) */
    const char *content; /* a JSON object */
} incident_revision;
typedef int (*incident_revision_cb)(void *ctx, const incident_revision *rv);
/* The revisions of incident id, oldest first. */
int incident_revisions(incident_svc *svc, const auth_principal *who, const char *id,
                       incident_revision_cb cb, void *ctx, gisac_err *err);
/* {"n":..,"at":..,"by":..,"changed":[..],"content":{..}} (no newline). */
int incident_revision_to_json(const incident_revision *rv, gisac_buf *out);

/* ---- for the notifier, automatic reports and KPIs -------------------------- */

typedef struct incident_event {
    int64_t n; /* its number within its incident: 1, 2, ... (no row id) */
    int64_t ts;
    const char *id, *agency, *kind;
    const char *detail;  /* a JSON object */
    const char *subject; /* a one-line summary; the hook only (NULL from incident_events) */
    const char *about;   /* the hook only: the facts of a message (notify_enqueue_about) */
} incident_event;

/*
 * Called for every new event inside the transaction that records it (with
 * the service's store, e.g. for notify_enqueue, which joins it). A
 * negative return (with err set) rolls the whole write back. NULL: none.
 * Every handle starts with the notifier's hook: the events named in
 * NOTIFY_EVENTS (src/notify) are queued with notify_enqueue for the
 * subscriptions that want them (subject: the event's one-line summary,
 * data: its detail object); other kinds are not notified. So the command
 * line and the server notify alike; a test may replace the hook.
 */
typedef int (*incident_event_hook)(void *ctx, store *s, const incident_event *ev, int64_t now,
                                   gisac_err *err);
void incident_svc_set_hook(incident_svc *svc, incident_event_hook fn, void *ctx);
typedef int (*incident_event_cb)(void *ctx, const incident_event *ev);
/*
 * Events numbered above after (n > after) that the caller may see, in
 * order: of incident id (GISAC_ENOTFOUND when the caller may not see it)
 * or of every incident (id NULL; after then applies to each incident's
 * numbers).
 */
int incident_events(incident_svc *svc, const auth_principal *who, const char *id, int64_t after,
                    incident_event_cb cb, void *ctx, gisac_err *err);

/*
 * The newest open incident (draft or not) of agency with this origin key
 * created at or after since (0: any time): what automatic reporting
 * updates instead of opening another. GISAC_ENOTFOUND when there is none.
 */
int incident_find_open(incident_svc *svc, const auth_principal *who, const char *agency,
                       const char *origin, int64_t since, int64_t now, incident *out,
                       gisac_err *err);
/* Link incident id to a target (kind e.g. "sighting", "indicator"); linking twice is a no-op. */
int incident_link(incident_svc *svc, const auth_principal *who, const char *id, const char *kind,
                  const char *target, int64_t now, gisac_err *err);
typedef int (*incident_link_cb)(void *ctx, const char *kind, const char *target, int64_t added);
int incident_links(incident_svc *svc, const auth_principal *who, const char *id,
                   incident_link_cb cb, void *ctx, gisac_err *err);

/*
 * One incident as a JSON object (no newline), with "level" and
 * "deadlines" {report, review, recover, investigation_report} as ISO 8601
 * UTC times or null while not yet determined; "next_deadline" with the
 * seconds left at now (negative: overdue). See docs/incident.md.
 */
int incident_to_json(const incident *inc, int64_t now, gisac_buf *out);

/* ---- automatic reporting (G-ISAC 自動通報; docs/incident.md) ---------------- */

/*
 * The rules, from the policy's "auto_report" object (docs/policy.md):
 *   "enabled"          true to report at all (default false: a policy
 *                      turns automatic reporting on);
 *   "min_confidence"   0..100 (default 50); an indicator whose confidence
 *                      is unknown qualifies only when this is 0;
 *   "tlp"              the TLPs that qualify (default: every one);
 *   "indicator_types"  the indicator types that qualify (default: every one);
 *   "threat_types"     labels of which the indicator must carry at least one
 *                      (compared case-insensitively; default: any indicator);
 *   "window"           a duration (policy_duration_parse, default "24h"):
 *                      one incident per agency and indicator opened within it;
 *   "draft"            the defaults of the incident an alert's confirmation
 *                      files: "category" (default "malware"), "asset"
 *                      (default "non-core"), "confidentiality",
 *                      "integrity", "availability" (default "none": the
 *                      level is not yet determined);
 *   "directions"       the directions of sightings that open alerts
 *                      ("outbound", "inbound", "unknown"; default
 *                      ["outbound"]): the others are counted, not alerted;
 *   "answer_within"    a duration (default "24h"): the alert's answer
 *                      deadline (confirm or dismiss), not a legal one.
 * Sightings open monitoring notices (alerts, src/incident/alert.h), never
 * incidents: an incident exists once an alert is confirmed.
 */
#define INCIDENT_AUTO_LABELS    32
#define INCIDENT_AUTO_LABEL_MAX 63
typedef struct incident_auto_rules {
    int enabled;
    int min_confidence;
    unsigned tlps;  /* bit (1u << tlp) per qualifying TLP */
    unsigned types; /* bit (1u << ioc_type) per qualifying type */
    int nthreat_types;
    char threat_types[INCIDENT_AUTO_LABELS][INCIDENT_AUTO_LABEL_MAX + 1];
    policy_duration window;
    char category[32];
    policy_asset asset;
    policy_impact confidentiality, integrity;
    policy_avail availability;
    unsigned directions;    /* bit (1u << direction) per alerting direction (INCIDENT_DIR_*) */
    policy_duration answer; /* the answer deadline of an alert */
} incident_auto_rules;

/* The defaults (enabled: outbound sightings open alerts). */
void incident_auto_rules_default(incident_auto_rules *out);
/*
 * Parse the "auto_report" object text of a policy (NULL: the defaults).
 * Errors name the JSON path ("$.auto_report.tlp[1]: ...").
 */
int incident_auto_rules_parse(const char *json, incident_auto_rules *out, gisac_err *err);
/* The rules as the complete "auto_report" object (every member, defaults included). */
int incident_auto_rules_to_json(const incident_auto_rules *r, gisac_buf *out);
/* The rules of a whole policy: incident_auto_rules_parse(p->auto_report). */
int incident_auto_rules_of(const policy *p, incident_auto_rules *out, gisac_err *err);

/* Directions of a sighting (match_dir's values). */
#define INCIDENT_DIR_UNKNOWN  0
#define INCIDENT_DIR_OUTBOUND 1
#define INCIDENT_DIR_INBOUND  2
/* "unknown", "outbound", "inbound" */
const char *incident_dir_name(int dir);

/* One event of a sighting, verbatim. */
typedef struct incident_seen_event {
    int64_t time;
    const char *line;
} incident_seen_event;

/* Sightings of one indicator by one agency, summed (what gisac match --record stores). */
typedef struct incident_sighting {
    int64_t indicator;  /* the store's row id of the indicator */
    const char *agency; /* NULL or "": not attributed, never reported automatically */
    int64_t first, last, count;
    int direction;            /* INCIDENT_DIR_* */
    const char *const *hosts; /* the agency's hosts involved (nhosts) */
    size_t nhosts;
    const incident_seen_event *events; /* kept events, in time order (nevents) */
    size_t nevents;
    const char *sensor; /* who submitted them; NULL: unknown */
} incident_sighting;

typedef struct incident_auto_stats {
    int enabled;            /* the active policy turns automatic reporting on */
    size_t sightings;       /* rows given */
    size_t unattributed;    /* without an agency: not reported */
    size_t unknown_agency;  /* of an agency not in the registry: not reported */
    size_t not_qualified;   /* the rules turned them down */
    size_t not_alerted;     /* qualified, in a direction that is counted, not alerted */
    size_t opened, updated; /* alerts */
} incident_auto_stats;

/*
 * Called once per alert opened or updated; opened = 1 for a new one;
 * restricted = 1 when it is in the office's queue (the agency may not
 * read the indicator).
 */
typedef int (*incident_auto_cb)(void *ctx, const char *id, int opened, int restricted);

/*
 * Monitoring notices from n sightings under the active policy's rules, as
 * the system (no caller: the front end checked who may submit them).
 * Each qualifying (agency, indicator) in an alerting direction opens an
 * alert (alert.h), or updates the open one of the same agency and
 * indicator opened within the window: never one per event, and never an
 * incident. Sightings in other directions are counted (st->not_alerted).
 * An alert of an indicator the agency may not read goes to the office's
 * queue. Each alert touched gets an "alert.open" or "alert.update" audit
 * entry; a new one queues the notification "alert.opened". Runs inside the
 * caller's transaction when one is open. cb and st may be NULL.
 */
int incident_auto_report(incident_svc *svc, const incident_sighting *sg, size_t n, int64_t now,
                         incident_auto_cb cb, void *ctx, incident_auto_stats *st, gisac_err *err);

/*
 * Store n sightings (store_sighting_add, summed per indicator and agency),
 * with one "sighting.record" audit entry naming via ("match", "ingest"),
 * and, when auto_report, report them automatically (incident_auto_report),
 * in one transaction (the caller's when one is open): what gisac match
 * --record and the ingest API make durable (app_record_sightings).
 */
int incident_record_sightings(incident_svc *svc, const incident_sighting *sg, size_t n,
                              const char *via, int64_t now, int auto_report, incident_auto_cb cb,
                              void *ctx, incident_auto_stats *st, gisac_err *err);

typedef struct incident_auto_sighting {
    const char *type, *value; /* the indicator */
    const char *agency;
    int64_t first, last, count, batches;
} incident_auto_sighting;
typedef int (*incident_auto_sighting_cb)(void *ctx, const incident_auto_sighting *s);
/* The sighting counts of incident id (automatic reports), by indicator and agency. */
int incident_auto_sightings(incident_svc *svc, const auth_principal *who, const char *id,
                            incident_auto_sighting_cb cb, void *ctx, gisac_err *err);

/* ---- evidence (ISO/IEC 27037) ---------------------------------------------- */

typedef struct incident_evidence {
    char incident[INCIDENT_ID_MAX];
    char agency[AUTH_AGENCY_ID_MAX + 1];
    int n;         /* 1, 2, ... within the incident */
    char kind[16]; /* "evidence", or "report" (investigation report) */
    char sha256[65];
    int64_t size;
    char name[INCIDENT_FILE_NAME_MAX + 1]; /* the file's name when acquired */
    char note[INCIDENT_REASON_MAX + 1];
    char acquired_by[INCIDENT_PARTY_MAX];
    int64_t acquired_at;
    char custodian[INCIDENT_PARTY_MAX]; /* who holds it now */
    int64_t created;
} incident_evidence;

/*
 * Keep the file at path in the evidence store (content-addressed, read-only,
 * durable) without an incident, for the governance records that name their
 * files by hash (obligations, assessments, SCAP imports): *hex its SHA-256,
 * *size its length, name its base name ("" when not clean text).
 */
int incident_file_put(incident_svc *svc, const char *path, char hex[65], int64_t *size,
                      char name[INCIDENT_FILE_NAME_MAX + 1], gisac_err *err);

typedef struct incident_evidence_input {
    const char *path;        /* the file to store */
    const char *note;        /* may be NULL */
    const char *acquired_by; /* NULL: the store's actor */
    int64_t acquired_at;     /* 0: now; not after now */
} incident_evidence_input;

int incident_evidence_add(incident_svc *svc, const auth_principal *who, const char *id,
                          const incident_evidence_input *in, int64_t now, incident_evidence *out,
                          gisac_err *err);
int incident_evidence_get(incident_svc *svc, const auth_principal *who, const char *id, int n,
                          incident_evidence *out, gisac_err *err);

/*
 * Content received as a stream (an upload), never held whole in memory:
 * written to a temporary file in the evidence directory evdir
 * (incident_svc_evidence_dir) while it is hashed (SHA-256), at most limit
 * bytes. A write beyond the limit or a failed write removes the temporary
 * file and fails every later write (-1); incident_blob_stream_over says
 * which. incident_evidence_add_stream then checks the acquisition like
 * incident_evidence_add (the incident visible to who and open), makes the
 * file durable (synced, read-only, renamed to its content address, the
 * directories synced) and only then writes the evidence and its custody
 * record. _free removes whatever was not stored.
 */
typedef struct incident_blob_stream incident_blob_stream;
int incident_blob_stream_open(const char *evdir, int64_t limit, incident_blob_stream **out,
                              gisac_err *err);
int incident_blob_stream_write(incident_blob_stream *b, const void *data, size_t n);
int64_t incident_blob_stream_size(const incident_blob_stream *b);
int incident_blob_stream_over(const incident_blob_stream *b);
void incident_blob_stream_free(incident_blob_stream *b);
/* name: the file's name (a name, not a path). in->path is not used. */
int incident_evidence_add_stream(incident_svc *svc, const auth_principal *who, const char *id,
                                 const char *name, incident_blob_stream *b,
                                 const incident_evidence_input *in, int64_t now,
                                 incident_evidence *out, gisac_err *err);
/*
 * Open the stored file of evidence n of incident id for reading (*fd, the
 * caller closes it) and record the access: a custody entry (the custodian
 * keeps it; reason "accessed: HOW", the actor is who read it) and an
 * "evidence.access" audit entry; how NULL records nothing (the file is
 * opened, not read: an HTTP HEAD). GISAC_EIO when the file is missing or
 * its size changed.
 */
int incident_evidence_open(incident_svc *svc, const auth_principal *who, const char *id, int n,
                           const char *how, int64_t now, incident_evidence *out, int *fd,
                           gisac_err *err);
typedef int (*incident_evidence_cb)(void *ctx, const incident_evidence *ev);
int incident_evidence_list(incident_svc *svc, const auth_principal *who, const char *id,
                           incident_evidence_cb cb, void *ctx, gisac_err *err);
/*
 * Hand evidence n of incident id from its custodian to `to` for reason at
 * time at (0: now; not after now, not before the last custody entry).
 * from may be NULL (the current custodian); when given it must be him.
 */
int incident_evidence_transfer(incident_svc *svc, const auth_principal *who, const char *id, int n,
                               const char *from, const char *to, const char *reason, int64_t at,
                               int64_t now, incident_evidence *out, gisac_err *err);

typedef struct incident_custody {
    int64_t ts;
    const char *from; /* NULL: the acquisition */
    const char *to, *reason, *actor;
} incident_custody;
typedef int (*incident_custody_cb)(void *ctx, const incident_custody *c);
/* The chain of custody of evidence n of incident id, oldest first. */
int incident_custody_list(incident_svc *svc, const auth_principal *who, const char *id, int n,
                          incident_custody_cb cb, void *ctx, gisac_err *err);

typedef enum incident_verify_status {
    INCIDENT_VERIFY_OK = 0,
    INCIDENT_VERIFY_MISMATCH,   /* content changed: hash or size differ */
    INCIDENT_VERIFY_MISSING,    /* the file is gone */
    INCIDENT_VERIFY_UNREADABLE, /* it cannot be read */
} incident_verify_status;

typedef struct incident_verify_result {
    const incident_evidence *ev;
    incident_verify_status status;
    char actual[65];     /* the hash found (MISMATCH) */
    int64_t actual_size; /* the size found (MISMATCH) */
    const char *path;    /* the stored file */
} incident_verify_result;
typedef int (*incident_verify_cb)(void *ctx, const incident_verify_result *r);
/* One piece of evidence / one custody entry as a JSON object (no newline). */
int incident_evidence_to_json(const incident_evidence *ev, gisac_buf *out);
int incident_custody_to_json(const incident_custody *c, gisac_buf *out);

/*
 * Re-hash the evidence of incident id (NULL: all the caller may see),
 * one callback per file. *checked and *bad (may be NULL) count them. The
 * run is audited ("evidence.verify").
 */
int incident_evidence_verify(incident_svc *svc, const auth_principal *who, const char *id,
                             int64_t now, incident_verify_cb cb, void *ctx, size_t *checked,
                             size_t *bad, gisac_err *err);

#endif
