/*
 * app_auth.h: the use cases of sign-in, agencies, accounts, tokens, audit,
 * notifications and the scheduler. Part of app.h (include that, not this).
 *
 * Every function takes the caller (who) and enforces the role model
 * (auth_can) itself: a front end never filters or hides. Things the
 * caller may not see answer GISAC_ENOTFOUND exactly like missing ones;
 * things it sees but may not change GISAC_EFORBIDDEN. Input errors carry
 * the field ("$.password") they concern.
 */
#ifndef GISAC_APP_AUTH_H
#define GISAC_APP_AUTH_H

#include <stddef.h>
#include <stdint.h>

/* ---- sign-in ------------------------------------------------------------ */

enum {
    /*
     * app_authenticate: when the credential is a token, check it inside a
     * read snapshot of the store and leave the snapshot open for the rest
     * of the request (the answer is read in the same snapshot: one read
     * transaction instead of two, for the requests partners repeat most).
     * app_authenticate then returns 1; the caller ends the snapshot with
     * app_read_end once it has answered. Only for requests that read.
     */
    APP_AUTH_HOLD_READ = 1u << 0,
};

/*
 * Authenticate an HTTP Authorization header value: "Bearer TOKEN" (or
 * "Token TOKEN") or "Basic BASE64(name:password)" (with the handle's
 * short-lived login cache, auth_login_cache), from the client address from
 * (text; NULL: local). Returns 0 (or 1, see APP_AUTH_HOLD_READ) with *acc
 * filled; GISAC_EINVAL for missing, bad, disabled, revoked or expired
 * credentials alike (answer 401); GISAC_EBUSY when the password check is
 * throttled by the login guard (auth.h), *retry_after the seconds to wait
 * (answer 429); another code is a fault of the server. The handle's actor is
 * "anonymous" during the check (failed logins are recorded as such) and
 * "user:NAME" after a success.
 */
int app_authenticate(app *a, const char *authorization, const char *from, int64_t now,
                     unsigned flags, auth_account *acc, int64_t *retry_after, gisac_err *err);
/* End the read snapshot left open by app_authenticate (APP_AUTH_HOLD_READ). */
void app_read_end(app *a);

/* ---- agencies (add, update: administrators; read: auth_can READ_AGENCY) -- */

int app_agency_add(app *a, const auth_principal *who, const char *id, const auth_agency_change *v,
                   auth_agency *out, gisac_err *err);
int app_agency_update(app *a, const auth_principal *who, const char *id,
                      const auth_agency_change *v, auth_agency *out, gisac_err *err);
int app_agency_get(app *a, const auth_principal *who, const char *id, auth_agency *out,
                   gisac_err *err);
/* The agencies who may read, by id. */
int app_agency_list(app *a, const auth_principal *who, auth_agency_cb cb, void *ctx,
                    gisac_err *err);

/*
 * ---- accounts ------------------------------------------------------------
 * Seen (auth_account_visible): one's own, every one for staff, an agency
 * officer those of its agency. Changed: by administrators; a password also
 * by its owner, who gives the current one.
 */

/* password NULL: a generated one, copied to gen (else gen is ""). */
int app_user_add(app *a, const auth_principal *who, const char *name, auth_role role,
                 const char *agency, const char *password, char gen[AUTH_PASSWORD_GEN_LEN + 1],
                 auth_account *out, gisac_err *err);
/* app_user_add with the account's language (NULL: the default; checked first). */
int app_user_add_lang(app *a, const auth_principal *who, const char *name, auth_role role,
                      const char *agency, const char *password, const char *language,
                      char gen[AUTH_PASSWORD_GEN_LEN + 1], auth_account *out, gisac_err *err);
/*
 * Change an account's settings: language ("zh-TW", "en"; "" back to the
 * default). An admin changes any account, every account its own; *out as
 * after.
 */
int app_user_update(app *a, const auth_principal *who, const char *name, const char *language,
                    auth_account *out, gisac_err *err);
int app_user_get(app *a, const auth_principal *who, const char *name, auth_account *out,
                 gisac_err *err);
int app_user_list(app *a, const auth_principal *who, auth_account_cb cb, void *ctx, gisac_err *err);
/* Disable (no account disables itself; its portal sessions end) or enable
 * (clears a lock-out); *out as after. */
int app_user_set_disabled(app *a, const auth_principal *who, const char *name, int disabled,
                          auth_account *out, gisac_err *err);
/*
 * A new password (NULL: generated, copied to gen); clears a lock-out and
 * ends the account's portal sessions (app_session_login). A
 * caller who is not an administrator changes only its own, and gives
 * current (its present password; GISAC_EFORBIDDEN when wrong).
 */
int app_user_passwd(app *a, const auth_principal *who, const char *name, const char *password,
                    const char *current, char gen[AUTH_PASSWORD_GEN_LEN + 1], gisac_err *err);

/*
 * ---- tokens: everyone sees, makes and revokes their own; an administrator
 * every one (auth_token_visible) ----------------------------------------
 */

/* user NULL: the caller's own. days 0: no expiry. text: shown once. */
int app_token_create(app *a, const auth_principal *who, const char *user, const char *label,
                     int days, char text[AUTH_TOKEN_LEN + 1], auth_token *out, gisac_err *err);
/* user NULL: every token who may see. */
int app_token_list(app *a, const auth_principal *who, const char *user, auth_token_cb cb, void *ctx,
                   gisac_err *err);
/* *out: the token, revoked. GISAC_ECONFLICT when it was revoked already. */
int app_token_revoke(app *a, const auth_principal *who, const char *id, auth_token *out,
                     gisac_err *err);

/* ---- the audit log (administrators) --------------------------------------- */

/*
 * Verify the chain (audit_verify_anchored): with expect (a noted head, may
 * be NULL), against every stored checkpoint and outside (a checkpoint kept
 * elsewhere, may be NULL), their signatures checked with the audit key.
 */
int app_audit_verify(app *a, const auth_principal *who, const audit_head *expect,
                     const audit_checkpoint *outside, audit_report *rep, audit_anchor *anc,
                     gisac_err *err);
/*
 * Write a signed checkpoint of the chain now (audit_checkpoint_write; the
 * audit key is made on first use) and queue the notification
 * "audit.checkpoint" (its data: the checkpoint as audit_checkpoint_to_json
 * writes it), in one transaction. if_moved: nothing when the newest entry
 * is a checkpoint's already (*written = 0, *out that checkpoint).
 */
int app_audit_checkpoint(app *a, const auth_principal *who, int if_moved, audit_checkpoint *out,
                         int *written, gisac_err *err);
int app_audit_head(app *a, const auth_principal *who, audit_head *out, gisac_err *err);
/* The entries passing f, oldest first; *n counts them. */
int app_audit_list(app *a, const auth_principal *who, const audit_filter *f, store_audit_cb cb,
                   void *ctx, size_t *n, gisac_err *err);
/*
 * One page of the log (GET /api/v1/audit): the entries passing f after
 * f->after, oldest first, at most limit (1 .. APP_AUDIT_PAGE_MAX) to cb;
 * *next the seq to pass as f->after for the next page (0: this was the
 * last). With verification (may be NULL) the chain is verified as
 * app_audit_verify does (no noted head, no outside checkpoint) and its
 * outcome appended as audit_verification_to_json writes it: a broken
 * chain is an answer there, not an error.
 */
#define APP_AUDIT_PAGE_MAX 1000
int app_audit_page(app *a, const auth_principal *who, const audit_filter *f, size_t limit,
                   store_audit_cb cb, void *ctx, int64_t *next, gisac_buf *verification,
                   gisac_err *err);

/* ---- notifications (administrators) ----------------------------------------- */

int app_notify_add(app *a, const auth_principal *who, const notify_sub_spec *spec, int64_t *id,
                   gisac_err *err);
int app_notify_list(app *a, const auth_principal *who, store_notify_sub_cb cb, void *ctx,
                    gisac_err *err);
/* *cancelled: the pending deliveries cancelled with it. */
int app_notify_remove(app *a, const auth_principal *who, int64_t id, int64_t *cancelled,
                      gisac_err *err);
int app_notify_smtp_set(app *a, const auth_principal *who, const char *url, const char *from,
                        const char *user, const char *password, gisac_err *err);
/* GISAC_ENOTFOUND when no SMTP server is set. */
int app_notify_smtp_get(app *a, const auth_principal *who, notify_smtp *out, gisac_err *err);
/* set NULL: only read; *out: the policy after. */
int app_notify_config(app *a, const auth_principal *who, const notify_config *set,
                      notify_config *out, gisac_err *err);
/* Queue a test notification of event (agency, subject may be NULL); *queued deliveries. */
int app_notify_test(app *a, const auth_principal *who, const char *event, const char *agency,
                    const char *subject, int *queued, gisac_err *err);
/* One pass: send what is due now. */
int app_notify_deliver(app *a, const auth_principal *who, notify_pass *out, gisac_err *err);
/*
 * The message of delivery id as it would be sent at now (notify_render:
 * its recipient's language, local time, the time left): the text (which
 * starts with the subject) and the link (empty when none), appended.
 * GISAC_ENOTFOUND when there is no such delivery.
 */
int app_notify_preview(app *a, const auth_principal *who, int64_t id, int64_t now, gisac_buf *text,
                       gisac_buf *link, gisac_err *err);
/* status NULL: every delivery; else "pending", "sent", "failed" or "cancelled". */
int app_notify_queue(app *a, const auth_principal *who, const char *status,
                     store_notify_delivery_cb cb, void *ctx, gisac_err *err);
/* The reference receivers see of delivery id (notify_delivery_ref under the installation's key). */
void app_notify_ref(app *a, int64_t id, char out[NOTIFY_REF_LEN]);
int app_notify_log(app *a, const auth_principal *who, int failed_only, store_notify_attempt_cb cb,
                   void *ctx, gisac_err *err);

/* ---- the scheduler ---------------------------------------------------------- */

#define APP_SCHED_ACTOR     "server:scheduler"
#define APP_SCHED_MAX_TICK  86400
#define APP_SCHED_MAX_SENDS 1000 /* deliveries per pass; the rest at the next */
/* seconds between the scheduler's audit checkpoints (also one at its stop) */
#define APP_SCHED_CHECKPOINT_EVERY 3600

/* What one pass did. */
typedef struct app_tick_result {
    int breaches;       /* incident deadlines recorded as missed or at risk */
    notify_pass notify; /* deliveries due, sent, retrying, failed */
    int feeds;          /* feed sources fetched (app_feed_fetch_due) */
} app_tick_result;

/*
 * One pass of the scheduler at now, as APP_SCHED_ACTOR: record the incident
 * breaches (incident_check_breaches), then send the notifications due
 * (notify_deliver_due, one at a time; at most APP_SCHED_MAX_SENDS). A
 * failure of either part is reported to log (may be NULL) as one JSON
 * line and the other part still runs; returns the first error.
 */
typedef void (*app_log_fn)(void *ctx, const char *line);
int app_tick(app *a, int64_t now, app_tick_result *out, app_log_fn log, void *log_ctx,
             gisac_err *err);

/*
 * The scheduler thread: a pass at once, then every tick seconds
 * (1..APP_SCHED_MAX_TICK), on its own clone of a; its findings and
 * failures go to log as JSON lines; a failure never stops it. Every
 * APP_SCHED_CHECKPOINT_EVERY seconds, and once more when it stops, it
 * writes an audit checkpoint (app_audit_checkpoint, if_moved: none when
 * nothing was written since the last one).
 * app_sched_stop lets a pass under way finish (one delivery at most),
 * writes the last checkpoint, joins and frees; NULL: nothing. Stop it
 * before a closes.
 */
typedef struct app_sched app_sched;
int app_sched_start(app *a, unsigned tick, app_log_fn log, void *log_ctx, app_sched **out,
                    gisac_err *err);
void app_sched_stop(app_sched *s);

/* ---- the server's figures (/metrics; staff) ----------------------------------- */

int app_indicator_counts(app *a, const auth_principal *who, intel_stats *out, gisac_err *err);
/*
 * The generation of the shared data (store_share_version): it moves with
 * every commit by any connection, so that answers kept in memory can tell
 * they are stale.
 */
int app_share_version(app *a, int64_t *gen, gisac_err *err);

/* ---- sessions of people: the web portal (app_auth_session.c, docs/web.md) ---- */

#define APP_SESSION_COOKIE       "gisac_session"
#define APP_SESSION_SECRET_LEN   43      /* base64url of 32 random bytes */
#define APP_SESSION_CSRF_LEN     43      /* base64url of a SHA-256 */
#define APP_SESSION_IDLE_DEFAULT 1800    /* 30 minutes without a request end a session */
#define APP_SESSION_MAX_DEFAULT  43200   /* 12 hours after the login at most */
#define APP_SESSION_LIMIT_MAX    2592000 /* 30 days: the longest idle or absolute limit */
#define APP_LANGUAGE_DEFAULT     "zh-TW"

/* A session: the cookie's secret is set by the login only (never stored). */
typedef struct app_session {
    char secret[APP_SESSION_SECRET_LEN + 1]; /* "" but after app_session_login */
    char csrf[APP_SESSION_CSRF_LEN + 1];     /* what X-CSRF-Token must carry */
    int64_t created, expires, idle_expires;
    int64_t idle;     /* seconds */
    char language[8]; /* "zh-TW" (the default) or "en" */
    auth_account acc;
} app_session;

/*
 * Log a person in (name and password as auth_login: failures counted,
 * lock-out, audited) and open a session ending idle seconds after its
 * last request, lifetime seconds after the login at the latest (each
 * 1..APP_SESSION_LIMIT_MAX, idle <= lifetime). The session keeps the
 * SHA-256 of a random secret, handed back in out->secret once, and
 * audits "session.login". GISAC_EINVAL for bad, disabled or locked
 * credentials alike (answer 401), with err naming no field; a bad limit
 * is GISAC_EINVAL naming "$.idle" or "$.lifetime". The password check
 * goes through the login guard with the client address from (NULL:
 * local): GISAC_EBUSY and *retry_after when it is throttled (answer 429).
 */
int app_session_login(app *a, const char *name, const char *password, const char *from,
                      int64_t idle, int64_t lifetime, int64_t now, app_session *out,
                      int64_t *retry_after, gisac_err *err);
/*
 * The session of a cookie's secret at now: 0 with *out filled (its
 * account, csrf, expiry; secret ""), the handle's actor "user:NAME", and
 * the idle clock restarted. GISAC_EINVAL when there is no such session,
 * it has expired (it is then removed) or its account is disabled (answer
 * 401). For unsafe requests (unsafe = 1: POST, PUT, PATCH, DELETE) csrf
 * must be the session's CSRF token: GISAC_EFORBIDDEN otherwise (answer
 * 403), checked before anything is written.
 */
int app_session_check(app *a, const char *secret, int unsafe, const char *csrf, int64_t now,
                      app_session *out, gisac_err *err);
/* End the session of secret (who's own: GISAC_ENOTFOUND otherwise); audits "session.logout". */
int app_session_logout(app *a, const auth_principal *who, const char *secret, int64_t now,
                       gisac_err *err);
/* Who's language for the portal: "zh-TW" or "en" (GISAC_EINVAL naming "$.language"). */
int app_session_set_language(app *a, const auth_principal *who, const char *language,
                             gisac_err *err);
/*
 * The session as the API answers it: {"user","role","agency","language",
 * "time_zone" (the installation's),"csrf_token","created","expires_at",
 * "idle_expires_at","idle_seconds"}.
 */
int app_session_to_json(app *a, const app_session *s, gisac_buf *out, gisac_err *err);

#endif
