/* notify_internal.h: private to src/notify. */
#ifndef GISAC_NOTIFY_INTERNAL_H
#define GISAC_NOTIFY_INTERNAL_H

#include "notify/notify.h"

/* A transaction of our own unless the caller has one open (*own says which). */
int notify_tx_begin(store *s, int *own, gisac_err *err);
/* Commit (rc == 0) or roll back our own transaction; returns the outcome. */
int notify_tx_end(store *s, int own, int rc, gisac_err *err);

/* An audit detail: a gisac_jobj (base.h), member by member. */
typedef gisac_jobj notify_json;
#define NOTIFY_JSON_INIT GISAC_JOBJ_INIT
#define nj_key           gisac_jobj_key
#define nj_str           gisac_jobj_str /* NULL: null */
#define nj_int           gisac_jobj_int
#define nj_bool          gisac_jobj_bool
#define nj_ids           gisac_jobj_ints
/* Close j and append the audit entry; frees j. */
int notify_audit(store *s, int64_t now, const char *action, const char *object, notify_json *j,
                 gisac_err *err);

/* 0 when addr is an e-mail address we send to (see notify.c); what names it in messages. */
int notify_address_check(const char *what, const char *addr, gisac_err *err);
/*
 * 0 when url parses and its scheme is one of schemes (NULL-terminated,
 * lower case); origin (cap bytes, may be NULL) receives scheme://host[:port].
 * with_user = 0 refuses a user or password in the URL.
 */
int notify_url_check(const char *what, const char *url, const char *const *schemes, int with_user,
                     char *origin, size_t cap, gisac_err *err);

/* The outcome of one attempt. */
typedef struct notify_result {
    int ok;
    long code;       /* HTTP status or SMTP reply; 0: none */
    char error[256]; /* "" when ok */
} notify_result;

/* Send one delivery (notify_send.c). smtp may be unset (url ""): then the attempt fails. */
void notify_send(const store_notify_delivery *d, const notify_smtp *smtp, const notify_opts *o,
                 int64_t now, notify_result *r);

#endif
