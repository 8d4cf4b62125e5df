/* notify_send.c: one delivery attempt through libcurl (HTTP POST or SMTP). */
#include "notify/notify_internal.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static int curl_ready;

static void curl_init_once(void)
{
    curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

/* The answer's body is not needed: read and dropped. */
static size_t discard(char *p, size_t size, size_t n, void *ctx)
{
    (void)p;
    (void)ctx;
    return size * n;
}

typedef struct upload {
    const char *p;
    size_t left;
} upload;

static size_t read_cb(char *buf, size_t size, size_t n, void *ctx)
{
    upload *u = ctx;
    size_t room = size * n, k = u->left < room ? u->left : room;
    memcpy(buf, u->p, k);
    u->p += k;
    u->left -= k;
    return k;
}

static void fail(notify_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(notify_result *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->error, sizeof r->error, fmt, ap);
    va_end(ap);
    r->ok = 0;
}

/* The outcome of a transfer: curl's own words when it failed. */
static void curl_outcome(CURL *h, CURLcode cc, const char *ebuf, notify_result *r)
{
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    r->code = code;
    if (cc != CURLE_OK)
        fail(r, "%s", ebuf[0] ? ebuf : curl_easy_strerror(cc));
}

static void common_opts(CURL *h, const notify_opts *o, char *ebuf)
{
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, o->connect_timeout);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, o->timeout);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, ebuf);
    ebuf[0] = '\0';
}

static void send_webhook(CURL *h, const store_notify_delivery *d, const notify_opts *o, int64_t now,
                         notify_result *r)
{
    gisac_buf body = GISAC_BUF_INIT;
    struct curl_slist *hdr = NULL, *t;
    char line[128], sig[NOTIFY_SIGNATURE_LEN], ebuf[CURL_ERROR_SIZE];
    if (notify_webhook_body_in(d, &o->view, now, &body) < 0) {
        fail(r, "out of memory");
        goto out;
    }
    const char *fixed[] = {"Content-Type: application/json", "Expect:", NULL};
    for (size_t i = 0; fixed[i]; i++) {
        if (!(t = curl_slist_append(hdr, fixed[i])))
            goto oom;
        hdr = t;
    }
    snprintf(line, sizeof line, "X-Gisac-Event: %s", d->event ? d->event : "");
    if (!(t = curl_slist_append(hdr, line)))
        goto oom;
    hdr = t;
    char ref[NOTIFY_REF_LEN];
    notify_delivery_ref(&o->view, d->id, ref);
    snprintf(line, sizeof line, "X-Gisac-Delivery: %s", ref);
    if (!(t = curl_slist_append(hdr, line)))
        goto oom;
    hdr = t;
    if (d->secret && *d->secret) {
        notify_signature(d->secret, body.data, body.len, sig);
        snprintf(line, sizeof line, "X-Gisac-Signature: %s", sig);
        if (!(t = curl_slist_append(hdr, line)))
            goto oom;
        hdr = t;
    }
    common_opts(h, o, ebuf);
    curl_easy_setopt(h, CURLOPT_URL, d->target);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_USERAGENT, "gisac/" GISAC_VERSION);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body.len);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    CURLcode cc = curl_easy_perform(h);
    curl_outcome(h, cc, ebuf, r);
    if (cc == CURLE_OK) {
        r->ok = r->code >= 200 && r->code < 300;
        if (!r->ok)
            fail(r, "HTTP %ld", r->code);
    }
    goto out;
oom:
    fail(r, "out of memory");
out:
    curl_slist_free_all(hdr);
    gisac_buf_free(&body);
}

static void send_email(CURL *h, const store_notify_delivery *d, const notify_smtp *smtp,
                       const notify_opts *o, int64_t now, notify_result *r)
{
    if (!smtp->url[0] || !smtp->from[0]) {
        fail(r, "no SMTP server is set (gisac notify smtp)");
        return;
    }
    gisac_buf msg = GISAC_BUF_INIT;
    struct curl_slist *rcpt = NULL;
    char from[300], to[NOTIFY_TARGET_MAX + 3], ebuf[CURL_ERROR_SIZE];
    if (notify_email_message_in(d, smtp->from, &o->view, now, &msg) < 0) {
        fail(r, "out of memory");
        goto out;
    }
    snprintf(from, sizeof from, "<%s>", smtp->from);
    snprintf(to, sizeof to, "<%s>", d->target ? d->target : "");
    if (!(rcpt = curl_slist_append(NULL, to))) {
        fail(r, "out of memory");
        goto out;
    }
    upload u = {msg.data, msg.len};
    int implicit_tls = strncmp(smtp->url, "smtps:", 6) == 0;
    common_opts(h, o, ebuf);
    curl_easy_setopt(h, CURLOPT_URL, smtp->url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(h, CURLOPT_READDATA, &u);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)msg.len);
    if (!implicit_tls)
        /* STARTTLS when offered; a password never travels in clear */
        curl_easy_setopt(h, CURLOPT_USE_SSL,
                         (long)(smtp->password[0] ? CURLUSESSL_ALL : CURLUSESSL_TRY));
    if (smtp->user[0]) {
        curl_easy_setopt(h, CURLOPT_USERNAME, smtp->user);
        curl_easy_setopt(h, CURLOPT_PASSWORD, smtp->password);
    }
    CURLcode cc = curl_easy_perform(h);
    curl_outcome(h, cc, ebuf, r);
    r->ok = cc == CURLE_OK;
out:
    curl_slist_free_all(rcpt);
    gisac_buf_free(&msg);
}

void notify_send(const store_notify_delivery *d, const notify_smtp *smtp, const notify_opts *o,
                 int64_t now, notify_result *r)
{
    memset(r, 0, sizeof *r);
    pthread_once(&curl_once, curl_init_once);
    if (!curl_ready) {
        fail(r, "libcurl cannot be initialised");
        return;
    }
    CURL *h = curl_easy_init();
    if (!h) {
        fail(r, "libcurl cannot be initialised");
        return;
    }
    if (d->kind && strcmp(d->kind, "webhook") == 0)
        send_webhook(h, d, o, now, r);
    else if (d->kind && strcmp(d->kind, "email") == 0)
        send_email(h, d, smtp, o, now, r);
    else
        fail(r, "unknown kind of subscription '%s'", d->kind ? d->kind : "");
    curl_easy_cleanup(h);
}
