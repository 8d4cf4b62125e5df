/*
 * notify: notifications of events (incidents, deadlines) to webhooks and
 * e-mail addresses, through an outbox that survives crashes.
 *
 *   subscriptions  a webhook URL (http, https) with an optional signing
 *                  secret, or an e-mail address; the events it wants
 *                  (NOTIFY_EVENTS, or "*" for all); optionally one agency
 *                  (then only that agency's events);
 *   notify_enqueue writes one outbox row per matching subscription in the
 *                  caller's transaction, so an event and its notifications
 *                  commit (or vanish) together;
 *   notify_deliver_due
 *                  sends what is due: webhooks as a JSON POST, e-mail over
 *                  SMTP through libcurl. A failed attempt is retried after
 *                  30 s, 1 min, 2 min, ... (doubling, at most the back-off
 *                  cap), until the maximum number of attempts; then the
 *                  delivery is "failed" and kept. Every attempt is logged.
 *
 * Webhook request: POST, Content-Type application/json, body
 *   {"id":REF,"event":E,"agency":A|null,"subject":S,"created":ISO,
 *    "data":PAYLOAD}
 * with headers X-Gisac-Event: E, X-Gisac-Delivery: REF (the delivery's
 * reference, notify_delivery_ref: the same on every retry, receivers drop
 * repeats by it; never the row number) and, with a secret,
 * X-Gisac-Signature: sha256=<hex HMAC-SHA256(secret, body)>. Any 2xx
 * answer is success. Redirects are not followed; connect and transfer
 * time out (NOTIFY_CONNECT_TIMEOUT, NOTIFY_TIMEOUT).
 *
 * E-mail: an RFC 5322 message (UTF-8 text, base64; the subject encoded
 * per RFC 2047 when it is not plain ASCII) from the configured sender,
 * through the configured SMTP server (smtp:// with STARTTLS when offered,
 * and required when a password is set; smtps:// for TLS from the start).
 *
 * Delivery is at least once: a pass first leases its deliveries (commits
 * next_at = now + NOTIFY_LEASE), then sends, then records the results; a
 * crash in between sends again after the lease.
 *
 * Every write appends to the audit log in its transaction: notify.add,
 * notify.remove, notify.smtp, notify.config, notify.enqueue (one entry
 * per event with deliveries), notify.claim and notify.deliver (one each
 * per delivery pass that had anything due). No secret or password is
 * ever logged; webhook URLs appear in the audit log only as scheme, host
 * and port (a URL path may carry a token).
 *
 * Functions return 0 (or a count) or a negative GISAC_E* code with a
 * message in err. Nothing here prints; nothing allocates what the caller
 * must free unless said.
 */
#ifndef GISAC_NOTIFY_H
#define GISAC_NOTIFY_H

#include "base/base.h"
#include "store/store.h"

/* The events a subscription may name (besides "*"). */
#define NOTIFY_EVENTS                                                                              \
    "incident.new, incident.level, incident.deadline_at_risk, incident.breach, alert.opened, "     \
    "alert.released, advisory.published, audit.checkpoint, vuln.affected, obligation.due"
/* 1 when name is one of NOTIFY_EVENTS. */
int notify_event_known(const char *name);

#define NOTIFY_TARGET_MAX  2048 /* bytes of a URL or address */
#define NOTIFY_SECRET_MAX  1024
#define NOTIFY_SUBJECT_MAX 998
#define NOTIFY_PAYLOAD_MAX (1 << 20)

#define NOTIFY_MAX_ATTEMPTS    10   /* default */
#define NOTIFY_BACKOFF_FIRST   30   /* seconds before the second attempt */
#define NOTIFY_BACKOFF_CAP     3600 /* default cap of the doubling */
#define NOTIFY_CONNECT_TIMEOUT 10   /* seconds */
#define NOTIFY_TIMEOUT         30   /* seconds for a whole attempt */
#define NOTIFY_BATCH           20   /* deliveries per pass at most */
#define NOTIFY_LEASE           900  /* seconds a pass holds its deliveries */

/* ---- subscriptions ----------------------------------------------------- */

typedef enum notify_kind { NOTIFY_WEBHOOK = 1, NOTIFY_EMAIL } notify_kind;

typedef struct notify_sub_spec {
    notify_kind kind;
    const char *target;  /* webhook: an http or https URL; email: an address */
    const char *secret;  /* webhook only: the signing key; NULL: unsigned */
    const char *events;  /* comma-separated event names or "*"; NULL or "": "*" */
    const char *agency;  /* NULL or "": every agency's events */
    const char *lang;    /* "zh-TW" or "en"; NULL or "": the account's, else NOTIFY_LANG_DEFAULT */
    const char *account; /* NULL or "": none; else an account's name: the messages are in its
                          * language (unless lang is given) */
} notify_sub_spec;

/* Check and add a subscription; *id (may be NULL) receives its id. */
int notify_sub_add(store *s, const notify_sub_spec *spec, int64_t now, int64_t *id, gisac_err *err);
/* Remove one; its pending deliveries are cancelled (*cancelled, may be NULL). */
int notify_sub_remove(store *s, int64_t id, int64_t now, int64_t *cancelled, gisac_err *err);
/* The active subscriptions, by id. */
int notify_sub_list(store *s, store_notify_sub_cb cb, void *ctx, gisac_err *err);

/* ---- settings (in the store's meta table) ------------------------------ */

typedef struct notify_smtp {
    char url[NOTIFY_TARGET_MAX + 1]; /* "" when not configured */
    char from[256];
    char user[256]; /* "": no login */
    char password[NOTIFY_SECRET_MAX + 1];
} notify_smtp;

/*
 * Set the SMTP server: url smtp://host[:port] or smtps://host[:port] (no
 * user or password in it), the sender address, and optionally a login
 * (user and password both, or neither).
 */
int notify_smtp_set(store *s, const char *url, const char *from, const char *user,
                    const char *password, int64_t now, gisac_err *err);
/* The SMTP settings; out->url is "" when none are set. */
int notify_smtp_get(store *s, notify_smtp *out, gisac_err *err);

typedef struct notify_config {
    int max_attempts; /* 1..100 */
    int backoff_cap;  /* seconds, NOTIFY_BACKOFF_FIRST..604800 */
} notify_config;

int notify_config_get(store *s, notify_config *out, gisac_err *err);
/* Set the members that are non-zero. */
int notify_config_set(store *s, const notify_config *c, int64_t now, gisac_err *err);

/* Seconds to wait after failed attempt number attempt (1, 2, ...). */
int64_t notify_backoff(int64_t attempt, int cap);

/* ---- events ------------------------------------------------------------ */

/*
 * Queue event (one of NOTIFY_EVENTS) for every subscription that wants
 * it: agency is the agency the event concerns (NULL: none in particular,
 * then only subscriptions without an agency get it), subject a one-line
 * summary (UTF-8, no control characters needed: they are replaced by
 * spaces), payload_json a JSON object (the webhook's "data", the e-mail's
 * body). Joins the caller's transaction when one is open (else runs in its
 * own). Returns how many deliveries were queued (0 is fine), or an error.
 */
int notify_enqueue(store *s, const char *event, const char *agency, const char *subject,
                   const char *payload_json, int64_t now, gisac_err *err);

/*
 * The same with the facts the message is rendered from (about_json, may
 * be NULL: then the payload's members are read): a JSON object
 *   {"type":"incident"|"alert"|"advisory","id":ID,"title":T,"level":N,
 *    "deadline":{"kind":K,"due":RFC3339,"next":true|false}}
 * every member optional ("next": the object's next deadline, rather than
 * the one the event is about). agencies (n of them; NULL: every agency)
 * widens who gets it: subscriptions without an agency and those of one
 * of agencies (an advisory's readers); agency is then the event's own
 * (may be NULL).
 */
int notify_enqueue_about(store *s, const char *event, const char *agency,
                         const char *const *agencies, size_t nagencies, int all_agencies,
                         const char *subject, const char *payload_json, const char *about_json,
                         int64_t now, gisac_err *err);

/* ---- delivery ---------------------------------------------------------- */

/*
 * How messages are rendered (notify_render): the installation's time zone
 * (NULL: UTC) and the portal's base URL ("https://portal.example.org";
 * NULL or "": messages carry no link).
 */
typedef struct notify_view {
    const gisac_tz *tz;
    const char *portal_url;
    /* the installation's key (NOTIFY_REF_KEY_LEN bytes) the deliveries'
     * references are made with; NULL: a key of zeros (tests only: such
     * references are not opaque) */
    const unsigned char *ref_key;
} notify_view;

/*
 * A delivery's reference, the only name a receiver learns of it (the
 * X-Gisac-Delivery header, the webhook's "id", the e-mail's Message-ID):
 * 32 lowercase hex digits, the first 128 bits of HMAC-SHA256(key, "gisac
 * notify delivery" and the delivery's id). The same on every retry, and
 * it tells nothing of the store's row numbers (how many deliveries, to
 * whom) without the installation's key. out holds NOTIFY_REF_LEN bytes.
 */
#define NOTIFY_REF_KEY_LEN 32
#define NOTIFY_REF_LEN     33
void notify_delivery_ref(const notify_view *v, int64_t id, char out[NOTIFY_REF_LEN]);

typedef struct notify_opts {
    long connect_timeout; /* seconds; 0: NOTIFY_CONNECT_TIMEOUT */
    long timeout;         /* seconds; 0: NOTIFY_TIMEOUT */
    size_t batch;         /* 0: NOTIFY_BATCH */
    notify_view view;     /* how messages are rendered */
} notify_opts;

typedef struct notify_pass {
    size_t due;      /* deliveries taken in this pass */
    size_t sent;     /* delivered */
    size_t retrying; /* failed, to be tried again */
    size_t failed;   /* failed for the last time */
} notify_pass;

/*
 * One pass: send the deliveries due at now (at most a batch), record
 * every attempt and move each delivery on. o may be NULL. Safe to run
 * from several processes at once (each delivery goes to one of them).
 * A failed attempt is not an error of the pass; the return value is
 * negative only when the store fails.
 */
int notify_deliver_due(store *s, int64_t now, const notify_opts *o, notify_pass *out,
                       gisac_err *err);

/* The delivery log (store_notify_attempt_iter). */
int notify_log(store *s, int failed_only, store_notify_attempt_cb cb, void *ctx, gisac_err *err);
/* The outbox; status NULL: every delivery. */
int notify_queue(store *s, const char *status, store_notify_delivery_cb cb, void *ctx,
                 gisac_err *err);

/* ---- the messages (pure; exposed for tests) ----------------------------- */

/* "sha256=" and the hex HMAC-SHA256 of body under secret; out holds 72 bytes. */
#define NOTIFY_SIGNATURE_LEN 72
void notify_signature(const char *secret, const void *body, size_t len,
                      char out[NOTIFY_SIGNATURE_LEN]);
/* The webhook body of delivery d, appended to out. */
int notify_webhook_body(const store_notify_delivery *d, gisac_buf *out);
/* The subject as an RFC 5322 header value: as is when printable ASCII, else RFC 2047 words. */
int notify_subject_header(const char *subject, gisac_buf *out);
/* The whole e-mail message of delivery d from sender at time now (CRLF lines), appended to out. */
int notify_email_message(const store_notify_delivery *d, const char *from, int64_t now,
                         gisac_buf *out);

/*
 * The languages of messages: "zh-TW" (the default) and "en". A language
 * that is not one of them renders in the default.
 */
#define NOTIFY_LANG_DEFAULT "zh-TW"
const char *notify_lang_of(const char *lang);
/* 1 when lang is "zh-TW" or "en" (exactly). */
int notify_lang_known(const char *lang);

/*
 * Render the message of an event in lang at now (the time left to a
 * deadline counts from it): the subject (one line), the text (the e-mail
 * body; the webhook's "text") and the link to the object (nothing when
 * no portal URL is set or the event names no object), each appended.
 * about and data are the event's JSON texts (notify_enqueue_about);
 * summary (may be NULL) is the subject when they name no object (a test);
 * created is when the event happened; v may be NULL (UTC, no link).
 */
int notify_render(const char *event, const char *agency, const char *about, const char *data,
                  const char *summary, int64_t created, const char *lang, const notify_view *v,
                  int64_t now, gisac_buf *subject, gisac_buf *text, gisac_buf *link);
/* notify_webhook_body and notify_email_message rendered with v (may be NULL) at now. */
int notify_webhook_body_in(const store_notify_delivery *d, const notify_view *v, int64_t now,
                           gisac_buf *out);
int notify_email_message_in(const store_notify_delivery *d, const char *from, const notify_view *v,
                            int64_t now, gisac_buf *out);

#endif
