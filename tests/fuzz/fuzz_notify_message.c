/*
 * fuzz_notify_message.c: libFuzzer target for the notification messages.
 * An incident's subject and payload come from agencies' reports, so they
 * are untrusted: the input is split at its first NUL into a subject and a
 * payload and rendered as a webhook body, an RFC 2047 subject header and
 * a whole e-mail. No header may be broken or injected (only printable
 * ASCII, CRLF only as a fold before a space), every e-mail line ends in
 * CRLF and is at most 998 bytes, and the webhook body is the valid JSON
 * envelope around the payload exactly as given (check_webhook).
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
    store_notify_delivery e = *d;
    e.payload = "{}";
    gisac_buf env = GISAC_BUF_INIT;
    CHECK(notify_webhook_body(&e, &env) == 0);
    CHECK(env.len >= 3 && memcmp(env.data + env.len - 3, "{}}", 3) == 0);
    if (ascii(d->subject))
        CHECK(jsonx_walk(env.data, env.len, NULL, NULL, NULL, NULL) == 0);
    const char *data = d->payload && *d->payload ? d->payload : "{}";
    size_t n = strlen(data), pre = env.len - 3;
    CHECK(b->len == pre + n + 1);
    CHECK(memcmp(b->data, env.data, pre) == 0);
    CHECK(memcmp(b->data + pre, data, n) == 0);
    CHECK(b->data[b->len - 1] == '}');
    gisac_buf_free(&env);
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
        "pending", 0, 1795478400, 1795478400,        0};
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
    gisac_buf_free(&b);
    free(buf);
    return 0;
}
