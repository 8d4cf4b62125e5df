/*
 * store_notify.h: notification subscriptions (a webhook URL or an e-mail
 * address, the events it wants and optionally one agency), the outbox of
 * deliveries and the log of every delivery attempt
 * (src/store/store_notify.c). Included by store.h; its general rules hold.
 *
 * Rules of this area:
 *   - Rows only: the service (src/notify) validates every value.
 *   - Numbers: the store gives subscriptions and deliveries their row ids.
 *   - Transactions: sub_add, sub_remove, enqueue and attempt_add write
 *     several rows; they join the caller's transaction or open their own.
 *   - Strings handed to a callback live during it only. Callbacks must
 *     not call the store, except enqueue's (called after the insert).
 */
#ifndef GISAC_STORE_NOTIFY_H
#define GISAC_STORE_NOTIFY_H

#include "store/store.h"

typedef struct store_notify_sub {
    int64_t id;
    const char *kind;   /* "webhook" or "email" */
    const char *target; /* the URL or the address */
    const char *secret; /* webhook signing key; NULL: none */
    const char *agency; /* NULL: events of every agency */
    const char *events; /* iteration only: the event names joined by ',' */
    int64_t created;
    const char *lang;    /* the messages' language; NULL: the account's, else the default */
    const char *account; /* the account the subscription is for (its language); NULL: none */
} store_notify_sub;

/* Insert the subscription and its events ("*": all); sets sub->id. */
int store_notify_sub_add(store *s, store_notify_sub *sub, const char *const *events, size_t nevents,
                         gisac_err *err);
/*
 * Remove subscription id (kept, marked removed at now) and cancel its
 * pending deliveries (*cancelled of them). GISAC_ENOTFOUND when there is
 * no such active subscription.
 */
int store_notify_sub_remove(store *s, int64_t id, int64_t now, int64_t *cancelled, gisac_err *err);
typedef int (*store_notify_sub_cb)(void *ctx, const store_notify_sub *sub);
/* The active subscriptions, by id. */
int store_notify_sub_iter(store *s, store_notify_sub_cb cb, void *ctx, gisac_err *err);

/*
 * Queue one delivery, due at now, for every active subscription that
 * wants event (or "*") and whose agency is NULL or equal to agency (NULL:
 * only subscriptions without one). Ids of the new deliveries go to cb
 * (may be NULL), after the insert (cb may use the store); *queued counts
 * them. Runs in the caller's transaction.
 */
/*
 * agencies_csv (NULL: none) widens the audience to the subscriptions of
 * those agencies (ids joined by ','); all_agencies to every subscription.
 * about: the message's facts (JSON, may be NULL).
 */
int store_notify_enqueue(store *s, const char *event, const char *agency, const char *agencies_csv,
                         int all_agencies, const char *subject, const char *payload,
                         const char *about, int64_t now, void (*cb)(void *ctx, int64_t id),
                         void *ctx, int64_t *queued, gisac_err *err);

typedef struct store_notify_delivery {
    int64_t id, sub_id;
    const char *kind, *target, *secret; /* of the subscription */
    const char *event, *agency, *subject, *payload;
    const char *status; /* "pending", "sent", "failed", "cancelled" */
    int64_t attempts;
    int64_t created;
    int64_t next_at;   /* when pending: due at */
    int64_t done_at;   /* sent, failed, cancelled: when; else 0 */
    const char *about; /* the facts of the message (JSON), NULL: none */
    const char
        *lang; /* the recipient's language: the subscription's, else its account's; NULL: default */
} store_notify_delivery;
typedef int (*store_notify_delivery_cb)(void *ctx, const store_notify_delivery *d);

/* Pending deliveries with next_at <= now, oldest due first, at most limit (0: all). */
int store_notify_due(store *s, int64_t now, size_t limit, store_notify_delivery_cb cb, void *ctx,
                     gisac_err *err);
/* Set a pending delivery's next_at (a lease while it is being sent). */
int store_notify_set_next(store *s, int64_t id, int64_t next_at, gisac_err *err);
/* Deliveries by id; status NULL: any. */
int store_notify_delivery_iter(store *s, const char *status, store_notify_delivery_cb cb, void *ctx,
                               gisac_err *err);

typedef struct store_notify_attempt {
    int64_t delivery_id;
    int64_t attempt; /* 1, 2, ... */
    int64_t at;
    int ok;
    int64_t code;      /* HTTP status or SMTP reply; 0: none */
    const char *error; /* NULL when ok */
    /* iteration only: of the delivery and its subscription */
    const char *event, *kind, *target, *status;
} store_notify_attempt;

/*
 * Log one attempt and move its delivery on: attempts = a->attempt, status
 * (pending: due at next_at; sent or failed: done at a->at).
 */
int store_notify_attempt_add(store *s, const store_notify_attempt *a, const char *status,
                             int64_t next_at, gisac_err *err);
typedef int (*store_notify_attempt_cb)(void *ctx, const store_notify_attempt *a);
/* The attempts as they were made; failed_only: those of failed deliveries only. */
int store_notify_attempt_iter(store *s, int failed_only, store_notify_attempt_cb cb, void *ctx,
                              gisac_err *err);

#endif
