/*
 * fuzz_notify_message.c: libFuzzer target for the notification messages.
 * An incident's subject and payload come from agencies' reports, so they
 * are untrusted: the input is split at its first NUL into a subject and a
 * payload and rendered as a webhook body, an RFC 2047 subject header and
 * a whole e-mail. No header may be broken or injected (only printable
 * ASCII, CRLF only as a fold before a space), every e-mail line ends in
 * CRLF and is at most 998 bytes, and the webhook body is valid JSON when
 * the payload and the subject are. Then the same payload as the facts of
 * the message (notify_render: "about"), in English, with a portal link:
 * the link is printable ASCII without spaces, the same rules hold.
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
    const char *p = payload;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (*p == '{' && ascii(subject) &&
        jsonx_walk(payload, strlen(payload), NULL, NULL, NULL, NULL) == 0)
        CHECK(jsonx_walk(b.data, b.len, NULL, NULL, NULL, NULL) == 0);

    char sig[NOTIFY_SIGNATURE_LEN];
    notify_signature(subject, b.data, b.len, sig);
    CHECK(strlen(sig) == 71 && memcmp(sig, "sha256=", 7) == 0);

    /* the payload as the facts of the message, in English, with a link */
    notify_view v = {NULL, "https://portal.example.org/"};
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
    if (*p == '{' && ascii(subject) &&
        jsonx_walk(payload, strlen(payload), NULL, NULL, NULL, NULL) == 0)
        CHECK(jsonx_walk(b.data, b.len, NULL, NULL, NULL, NULL) == 0);
    gisac_buf_free(&b);
    free(buf);
    return 0;
}
