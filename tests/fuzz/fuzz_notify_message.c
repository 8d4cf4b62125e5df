/*
 * fuzz_notify_message.c: libFuzzer target for the notification messages.
 * An incident's subject and payload come from agencies' reports, so they
 * are untrusted: the input is split at its first NUL into a subject and a
 * payload and rendered as a webhook body, an RFC 2047 subject header and
 * a whole e-mail. No header may be broken or injected (only printable
 * ASCII, CRLF only as a fold before a space), every e-mail line ends in
 * CRLF and is at most 998 bytes, and the webhook body is the valid JSON
 * envelope around the payload exactly as given (check_webhook). Then the
 * same payload as the facts of the message (notify_render: "about"), in
 * English, with a portal link: the link is printable ASCII without
 * spaces, the same rules hold.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "notify/notify.h"

static void check_header_value(const char *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c == '\r') {
            CHECK(i + 2 < n && v[i + 1] == '\n' && v[i + 2] == ' ');
            i++;
            continue;
        }
        CHECK(c >= 0x20 && c < 0x7f);
    }
}

static void check_message(const char *m, size_t n)
{
    size_t col = 0;
    int in_head = 1, blank = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)m[i];
        CHECK(c < 0x80 && c != 0);
        if (c == '\r') {
            CHECK(i + 1 < n && m[i + 1] == '\n');
            if (in_head && col == 0)
                blank = 1;
            col = 0;
            i++;
            if (blank)
                in_head = 0;
            continue;
        }
        CHECK(c != '\n');
        CHECK(c >= 0x20 || c == '\t');
        col++;
        CHECK(col <= 998);
    }
    CHECK(col == 0);
    CHECK(!in_head);
}

static int ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 0;
    return 1;
}

/*
 * The webhook body is the envelope with the payload put in as it is
 * ("data"). Checked in two steps, so that the check has no limit of its
 * own: the envelope around an empty object is valid JSON (when the subject
 * is ASCII), and the body is exactly that envelope with the "{}" replaced
 * by the payload. A valid payload then makes a valid body. (Walking the
 * whole body with jsonx_walk instead reported false crashes: the "data"
 * member adds 5 bytes to every path and one level of nesting, so a payload
 * within jsonx's limits, 512-byte paths and 64 levels, can give a body
 * beyond them, which jsonx_walk refuses as it is documented to.)
 */
static void check_webhook(const store_notify_delivery *d, const gisac_buf *b)
{
    /* the payload stands as it is between the members before "data" and
     * those after it ("language", "text", "link") */
    static const char created[] = ",\"created\":\"";
    const char *c = strstr(b->data, created);
    CHECK(c != NULL);
    const char *at = c + sizeof created - 1 + 20; /* the RFC 3339 time, "Z"-ended */
    CHECK(memcmp(at, "\",\"data\":", 9) == 0);
    size_t pre = (size_t)(at + 9 - b->data);
    const char *data = d->payload && *d->payload ? d->payload : "{}";
    size_t n = strlen(data);
    CHECK(b->len > pre + n);
    CHECK(memcmp(b->data + pre, data, n) == 0);
    const char *post = b->data + pre + n;
    CHECK(strncmp(post, ",\"language\":", 12) == 0);
    CHECK(b->data[b->len - 1] == '}');
    /* the envelope around "{}" is valid JSON (checked apart from the
     * payload, which may be at jsonx's limits: see above) */
    if (ascii(d->subject)) {
        gisac_buf env = GISAC_BUF_INIT;
        CHECK(gisac_buf_append(&env, b->data, pre) == 0 && gisac_buf_puts(&env, "{}") == 0 &&
              gisac_buf_puts(&env, post) == 0);
        CHECK(jsonx_walk(env.data, env.len, NULL, NULL, NULL, NULL) == 0);
        gisac_buf_free(&env);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = fuzz_text(data, size, 2);
    if (!buf)
        return 0;
    const char *subject = buf;
    const char *payload = buf + strlen(buf) + 1;

    store_notify_delivery d = {
        42,        1, "email",    "soc@example.org", NULL, "incident.new", "moda", subject, payload,
        "pending", 0, 1795478400, 1795478400,        0,    NULL,           NULL};
    gisac_buf b = GISAC_BUF_INIT;
    CHECK(notify_subject_header(subject, &b) == 0);
    check_header_value(b.data ? b.data : "", b.len);
    gisac_buf_reset(&b);

    CHECK(notify_email_message(&d, "gisac@cert.example.org", 1795478460, &b) == 0);
    check_message(b.data, b.len);
    gisac_buf_reset(&b);

    CHECK(notify_webhook_body(&d, &b) == 0);
    check_webhook(&d, &b);

    char sig[NOTIFY_SIGNATURE_LEN];
    notify_signature(subject, b.data, b.len, sig);
    CHECK(strlen(sig) == 71 && memcmp(sig, "sha256=", 7) == 0);

    /* the payload as the facts of the message, in English, with a link */
    notify_view v = {NULL, "https://portal.example.org/", NULL};
    d.about = payload;
    d.lang = "en";
    d.event = "incident.deadline_at_risk";
    gisac_buf_reset(&b);
    CHECK(notify_email_message_in(&d, "gisac@cert.example.org", &v, 1795478460, &b) == 0);
    check_message(b.data, b.len);
    gisac_buf_reset(&b);
    gisac_buf subj = GISAC_BUF_INIT, text = GISAC_BUF_INIT, link = GISAC_BUF_INIT;
    CHECK(notify_render(d.event, d.agency, payload, payload, subject, d.created, d.lang, &v,
                        1795478460, &subj, &text, &link) == 0);
    for (size_t i = 0; i < link.len; i++)
        CHECK((unsigned char)link.data[i] > 0x20 && (unsigned char)link.data[i] < 0x7f);
    gisac_buf_free(&subj);
    gisac_buf_free(&text);
    gisac_buf_free(&link);
    CHECK(notify_webhook_body_in(&d, &v, 1795478460, &b) == 0);
    /* the body with its text and link is valid JSON when the payload is:
     * checked with jsonx_walk only for payloads short enough that the
     * body's one more level and longer paths stay within its limits (see
     * check_webhook): 120 bytes nest at most 60 deep */
    const char *p = payload;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (*p == '{' && strlen(payload) <= 120 && ascii(subject) &&
        jsonx_walk(payload, strlen(payload), NULL, NULL, NULL, NULL) == 0)
        CHECK(jsonx_walk(b.data, b.len, NULL, NULL, NULL, NULL) == 0);
    gisac_buf_free(&b);
    free(buf);
    return 0;
}
