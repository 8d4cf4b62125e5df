/* notify_msg.c: the webhook body, its signature and the e-mail message. */
#include "notify/notify_internal.h"

#include <jansson.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

void notify_signature(const char *secret, const void *body, size_t len,
                      char out[NOTIFY_SIGNATURE_LEN])
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
    crypto_auth_hmacsha256_update(&st, body, len);
    crypto_auth_hmacsha256_final(&st, mac);
    memcpy(out, "sha256=", 7);
    sodium_bin2hex(out + 7, NOTIFY_SIGNATURE_LEN - 7, mac, sizeof mac);
    sodium_memzero(&st, sizeof st);
}

void notify_delivery_ref(const notify_view *v, int64_t id, char out[NOTIFY_REF_LEN])
{
    static const unsigned char zeros[NOTIFY_REF_KEY_LEN];
    static const char label[] = "gisac notify delivery";
    unsigned char msg[sizeof label + 8], mac[crypto_auth_hmacsha256_BYTES];
    memcpy(msg, label, sizeof label); /* with its NUL */
    uint64_t u = (uint64_t)id;
    for (int i = 0; i < 8; i++)
        msg[sizeof label + (size_t)i] = (unsigned char)(u >> (56 - 8 * i));
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, v && v->ref_key ? v->ref_key : zeros, NOTIFY_REF_KEY_LEN);
    crypto_auth_hmacsha256_update(&st, msg, sizeof msg);
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_bin2hex(out, NOTIFY_REF_LEN, mac, 16);
    sodium_memzero(&st, sizeof st);
}

/* The rendered subject (one line), text and link of d. */
static int render(const store_notify_delivery *d, const notify_view *v, int64_t now,
                  gisac_buf *subject, gisac_buf *text, gisac_buf *link)
{
    int rc = notify_render(d->event, d->agency, d->about, d->payload, d->subject, d->created,
                           d->lang, v, now, subject, text, link);
    for (size_t i = 0; rc == 0 && i < subject->len; i++)
        if ((unsigned char)subject->data[i] < 0x20 || subject->data[i] == 0x7f)
            subject->data[i] = ' ';
    if (rc == 0 && !subject->len) /* never empty */
        rc = gisac_buf_puts(subject, d->subject ? d->subject : "-") ? GISAC_ENOMEM : 0;
    return rc;
}

int notify_webhook_body_in(const store_notify_delivery *d, const notify_view *v, int64_t now,
                           gisac_buf *out)
{
    char ts[GISAC_TIME_LEN];
    gisac_time_format(d->created, ts);
    gisac_buf subject = GISAC_BUF_INIT, text = GISAC_BUF_INIT, link = GISAC_BUF_INIT;
    int bad = render(d, v, now, &subject, &text, &link) < 0;
    char ref[NOTIFY_REF_LEN];
    notify_delivery_ref(v, d->id, ref);
    bad |= gisac_buf_printf(out, "{\"id\":\"%s\",\"event\":", ref);
    bad |= gisac_buf_json_str(out, d->event ? d->event : "");
    bad |= gisac_buf_puts(out, ",\"agency\":");
    bad |= d->agency ? gisac_buf_json_str(out, d->agency) : gisac_buf_puts(out, "null");
    bad |= gisac_buf_puts(out, ",\"subject\":");
    bad |= gisac_buf_json_str(out, subject.data ? subject.data : "");
    bad |= gisac_buf_printf(out, ",\"created\":\"%s\",\"data\":", ts);
    bad |= gisac_buf_puts(out, d->payload && *d->payload ? d->payload : "{}");
    bad |= gisac_buf_puts(out, ",\"language\":");
    bad |= gisac_buf_json_str(out, notify_lang_of(d->lang));
    bad |= gisac_buf_puts(out, ",\"text\":");
    bad |= gisac_buf_json_str(out, text.data ? text.data : "");
    bad |= gisac_buf_puts(out, ",\"link\":");
    bad |= link.len ? gisac_buf_json_str(out, link.data) : gisac_buf_puts(out, "null");
    bad |= gisac_buf_putc(out, '}');
    gisac_buf_free(&subject);
    gisac_buf_free(&text);
    gisac_buf_free(&link);
    return bad ? GISAC_ENOMEM : 0;
}

int notify_webhook_body(const store_notify_delivery *d, gisac_buf *out)
{
    return notify_webhook_body_in(d, NULL, d->created, out);
}

/* ---- e-mail --------------------------------------------------------------- */

/* Length of the UTF-8 character starting with byte c (1 for anything odd). */
static size_t u8len(unsigned char c)
{
    return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

static int b64(gisac_buf *out, const void *p, size_t n)
{
    size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
    if (gisac_buf_reserve(out, cap) < 0)
        return GISAC_ENOMEM;
    sodium_bin2base64(out->data + out->len, cap, p, n, sodium_base64_VARIANT_ORIGINAL);
    out->len += strlen(out->data + out->len);
    return 0;
}

/*
 * RFC 2047: a header line holding encoded words is at most 76 characters.
 * "Subject: " (9) + "=?UTF-8?B?" (10) + 52 + "?=" (2) = 73, so a word
 * carries at most 39 bytes (52 base64 characters), cut between characters.
 */
#define WORD_BYTES 39

int notify_subject_header(const char *subject, gisac_buf *out)
{
    int plain = strstr(subject, "=?") == NULL;
    for (const char *p = subject; plain && *p; p++)
        plain = (unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f;
    if (plain)
        return gisac_buf_puts(out, subject) ? GISAC_ENOMEM : 0;
    size_t n = strlen(subject), i = 0;
    int bad = 0;
    while (i < n) {
        size_t take = 0;
        while (i + take < n) {
            size_t l = u8len((unsigned char)subject[i + take]);
            if (take + l > WORD_BYTES && take > 0)
                break;
            take += l;
        }
        if (i + take > n)
            take = n - i;
        char word[WORD_BYTES + 4];
        memcpy(word, subject + i, take);
        /* control characters never reach a header */
        for (size_t k = 0; k < take; k++)
            if ((unsigned char)word[k] < 0x20 || word[k] == 0x7f)
                word[k] = ' ';
        bad |= gisac_buf_puts(out, i ? "\r\n =?UTF-8?B?" : "=?UTF-8?B?");
        bad |= b64(out, word, take);
        bad |= gisac_buf_puts(out, "?=");
        i += take;
    }
    return bad ? GISAC_ENOMEM : 0;
}

static void rfc5322_date(int64_t t, char out[40])
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday % 7], tm.tm_mday,
             months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Append text with every line ending turned into CRLF. */
static int put_crlf(gisac_buf *b, const char *text)
{
    int bad = 0;
    for (const char *p = text; *p; p++) {
        if (*p == '\r')
            continue;
        bad |= *p == '\n' ? gisac_buf_puts(b, "\r\n") : gisac_buf_putc(b, *p);
    }
    return bad;
}

/* The message with its subject and text (the rendered ones). */
static int email(const store_notify_delivery *d, const char *ref, const char *subject,
                 const char *text, const char *from, int64_t now, gisac_buf *out)
{
    char date[40];
    rfc5322_date(now, date);
    const char *at = strrchr(from, '@');
    int bad = gisac_buf_printf(out, "Date: %s\r\nFrom: %s\r\nTo: %s\r\nSubject: ", date, from,
                               d->target ? d->target : "");
    bad |= notify_subject_header(subject, out) < 0;
    bad |= gisac_buf_printf(out,
                            "\r\nMessage-ID: <gisac.%s@%s>\r\nMIME-Version: 1.0\r\n"
                            "Content-Type: text/plain; charset=utf-8\r\n"
                            "Content-Transfer-Encoding: base64\r\n"
                            "X-Gisac-Event: %s\r\nX-Gisac-Delivery: %s\r\n\r\n",
                            ref, at ? at + 1 : "localhost", d->event ? d->event : "", ref);
    gisac_buf body = GISAC_BUF_INIT, enc = GISAC_BUF_INIT;
    bad |= put_crlf(&body, text);
    bad |= gisac_buf_printf(&body, "\r\n-- \r\ngisac %s\r\n", d->event ? d->event : "");
    bad |= b64(&enc, body.data ? body.data : "", body.len) < 0;
    /* 76 characters a line */
    for (size_t i = 0; !bad && i < enc.len; i += 76) {
        bad |= gisac_buf_append(out, enc.data + i, enc.len - i < 76 ? enc.len - i : 76);
        bad |= gisac_buf_puts(out, "\r\n");
    }
    gisac_buf_free(&body);
    gisac_buf_free(&enc);
    return bad ? GISAC_ENOMEM : 0;
}

int notify_email_message_in(const store_notify_delivery *d, const char *from, const notify_view *v,
                            int64_t now, gisac_buf *out)
{
    gisac_buf subject = GISAC_BUF_INIT, text = GISAC_BUF_INIT;
    int rc = render(d, v, now, &subject, &text, NULL);
    char ref[NOTIFY_REF_LEN];
    notify_delivery_ref(v, d->id, ref);
    if (rc == 0)
        rc = email(d, ref, subject.data, text.data ? text.data : "", from, now, out);
    gisac_buf_free(&subject);
    gisac_buf_free(&text);
    return rc;
}

int notify_email_message(const store_notify_delivery *d, const char *from, int64_t now,
                         gisac_buf *out)
{
    return notify_email_message_in(d, from, NULL, now, out);
}
