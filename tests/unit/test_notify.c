/*
 * test_notify.c: subscriptions and their checks, the outbox joining the
 * caller's transaction, matching by event and agency, the retry schedule
 * and the give-up (against a closed loopback port), the messages (webhook
 * body, HMAC signature, RFC 5322 e-mail with an RFC 2047 subject) and the
 * audit entries of every write. Real deliveries to loopback receivers are
 * in tests/cli/test_notify.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "notify/notify.h"
#include "test_util.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define T0 1795478400 /* 2026-11-24T00:00:00Z */

static char dbpath[64];

static int setup(void **state)
{
    if (test_store_setup(state, dbpath, sizeof dbpath, "/tmp/gisac-notify-XXXXXX") < 0)
        return -1;
    store *s = *state;
    store_agency ag = {"moda", "Ministry", NULL, "A", NULL, T0, T0, NULL};
    store_agency ag2 = {"mohw", "Health", NULL, "B", NULL, T0, T0, NULL};
    gisac_err err;
    if (store_agency_insert(s, &ag, &err) < 0 || store_agency_insert(s, &ag2, &err) < 0)
        return -1;
    store_set_actor(s, "cli:tester");
    return 0;
}

static int teardown(void **state)
{
    return test_store_teardown(state, dbpath);
}

static void expect_audit(store *s, int64_t *after, const char *want)
{
    test_audit_expect(s, after, 0, want);
}

static int queue_line(void *ctx, const store_notify_delivery *d)
{
    test_textf(ctx, NULL, "%lld %lld %s %s %lld %lld %s %s\n", (long long)d->id,
               (long long)d->sub_id, d->event, d->status, (long long)d->attempts,
               (long long)(d->next_at ? d->next_at - T0 : -1), d->agency ? d->agency : "-",
               d->target);
    return 0;
}

static const char *queue(store *s)
{
    static test_text t;
    t.s[0] = '\0';
    gisac_err err;
    assert_int_equal(notify_queue(s, NULL, queue_line, &t, &err), 0);
    return t.s;
}

static void test_signature(void **state)
{
    (void)state;
    char sig[NOTIFY_SIGNATURE_LEN];
    /* RFC 4231, test case 2 */
    const char *data = "what do ya want for nothing?";
    notify_signature("Jefe", data, strlen(data), sig);
    assert_string_equal(sig,
                        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

static void test_backoff(void **state)
{
    (void)state;
    int64_t want[] = {30, 60, 120, 240, 480, 960, 1920, 3600, 3600};
    for (int i = 0; i < 9; i++)
        assert_int_equal(notify_backoff(i + 1, 3600), want[i]);
    assert_int_equal(notify_backoff(1, 30), 30);
    assert_int_equal(notify_backoff(3, 100), 100);
    assert_int_equal(notify_backoff(200, 604800), 604800);
}

static void test_messages(void **state)
{
    (void)state;
    store_notify_delivery d = {7,
                               1,
                               "email",
                               "soc@example.org",
                               NULL,
                               "incident.level",
                               "moda",
                               "Incident 2026-0042: level 3 \"major\"",
                               "{\"incident\":\"2026-0042\",\"level\":3}",
                               "pending",
                               0,
                               T0,
                               T0,
                               0,
                               NULL,
                               NULL};
    gisac_buf b = GISAC_BUF_INIT;
    assert_int_equal(notify_webhook_body(&d, &b), 0);
    /* without facts of its own, the message is rendered from the data */
    assert_string_equal(b.data, "{\"id\":\"896175ff96503bf9678873be1daf74f0\","
                                "\"event\":\"incident.level\",\"agency\":\"moda\","
                                "\"subject\":\"【事件等級變更】2026-0042 第3級：-\","
                                "\"created\":\"2026-11-24T00:00:00Z\","
                                "\"data\":{\"incident\":\"2026-0042\",\"level\":3},"
                                "\"language\":\"zh-TW\",\"text\":\"【事件等級變更】2026-0042 "
                                "第3級：-\\n\\n事件：2026-0042\\n機關：moda\\n等級：第 3 級\\n"
                                "時間：2026-11-24T00:00:00+00:00\\n\",\"link\":null}");
    gisac_buf_reset(&b);
    d.agency = NULL;
    assert_int_equal(notify_webhook_body(&d, &b), 0);
    assert_non_null(strstr(b.data, "\"agency\":null,"));

    /* the reference: HMAC-SHA256 of the row number under the installation's key, so a
     * receiver learns nothing of the row numbers; the same for the same delivery */
    unsigned char key[NOTIFY_REF_KEY_LEN];
    for (size_t i = 0; i < sizeof key; i++)
        key[i] = (unsigned char)i;
    notify_view kv = {NULL, NULL, key};
    char ref[NOTIFY_REF_LEN], ref2[NOTIFY_REF_LEN];
    notify_delivery_ref(&kv, 7, ref);
    assert_string_equal(ref, "38f7e648e8a310d4bec5164af6bc2e4b");
    notify_delivery_ref(&kv, 8, ref2);
    assert_string_not_equal(ref, ref2);
    notify_delivery_ref(NULL, 7, ref2);
    assert_string_equal(ref2, "896175ff96503bf9678873be1daf74f0");
    gisac_buf_reset(&b);
    assert_int_equal(notify_webhook_body_in(&d, &kv, T0, &b), 0);
    assert_true(strncmp(b.data, "{\"id\":\"38f7e648e8a310d4bec5164af6bc2e4b\",", 41) == 0);

    /* subjects: plain ASCII as is; anything else as encoded words of <= 39 bytes */
    gisac_buf_reset(&b);
    assert_int_equal(notify_subject_header("Level 3 incident", &b), 0);
    assert_string_equal(b.data, "Level 3 incident");
    gisac_buf_reset(&b);
    assert_int_equal(notify_subject_header("第四級資安事件", &b), 0);
    assert_string_equal(b.data, "=?UTF-8?B?56ys5Zub57Sa6LOH5a6J5LqL5Lu2?=");
    gisac_buf_reset(&b);
    /* 14 CJK characters (42 bytes): 13 in the first word, 1 in the next */
    assert_int_equal(notify_subject_header("一二三四五六七八九十一二三四", &b), 0);
    assert_string_equal(b.data,
                        "=?UTF-8?B?5LiA5LqM5LiJ5Zub5LqU5YWt5LiD5YWr5Lmd5Y2B5LiA5LqM5LiJ?=\r\n"
                        " =?UTF-8?B?5Zub?=");
    gisac_buf_reset(&b);
    assert_int_equal(notify_subject_header("looks =?like?= a word", &b), 0);
    assert_string_equal(b.data, "=?UTF-8?B?bG9va3MgPT9saWtlPz0gYSB3b3Jk?=");

    gisac_buf_reset(&b);
    d.agency = "moda";
    d.about = "{\"type\":\"incident\",\"id\":\"INC-2026-000042\",\"title\":\"第四級資安事件\","
              "\"level\":4}";
    assert_int_equal(notify_email_message(&d, "gisac@cert.example.org", T0 + 90, &b), 0);
    const char *head =
        "Date: Tue, 24 Nov 2026 00:01:30 +0000\r\n"
        "From: gisac@cert.example.org\r\n"
        "To: soc@example.org\r\n"
        "Subject: =?UTF-8?B?44CQ5LqL5Lu2562J57Sa6K6K5pu044CRSU5DLTIwMjYtMDAwMDQy?=\r\n"
        " =?UTF-8?B?IOesrDTntJrvvJrnrKzlm5vntJros4flronkuovku7Y=?=\r\n"
        "Message-ID: <gisac.896175ff96503bf9678873be1daf74f0@cert.example.org>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        "X-Gisac-Event: incident.level\r\n"
        "X-Gisac-Delivery: 896175ff96503bf9678873be1daf74f0\r\n"
        "\r\n";
    assert_memory_equal(b.data, head, strlen(head));
    /* the body: base64 lines of at most 76 characters, CRLF; the rendered text */
    const char *body = b.data + strlen(head);
    size_t col = 0;
    gisac_buf joined = GISAC_BUF_INIT;
    for (const char *p = body; *p; p++) {
        if (*p == '\r') {
            assert_int_equal(p[1], '\n');
            assert_true(col <= 76);
            col = 0;
            p++;
        } else {
            col++;
            gisac_buf_putc(&joined, *p);
        }
    }
    assert_int_equal(col, 0);
    char text[1024];
    size_t tlen = 0;
    assert_int_equal(sodium_base642bin((unsigned char *)text, sizeof text - 1, joined.data,
                                       joined.len, NULL, &tlen, NULL,
                                       sodium_base64_VARIANT_ORIGINAL),
                     0);
    text[tlen] = '\0';
    assert_string_equal(text, "【事件等級變更】INC-2026-000042 第4級：第四級資安事件\r\n\r\n"
                              "事件：INC-2026-000042\r\n標題：第四級資安事件\r\n機關：moda\r\n"
                              "等級：第 4 級\r\n時間：2026-11-24T00:00:00+00:00\r\n\r\n"
                              "-- \r\ngisac incident.level\r\n");
    gisac_buf_free(&joined);
    gisac_buf_free(&b);
}

/* Messages in the recipient's language, local time, with the deadline and a link. */
static void test_render(void **state)
{
    (void)state;
    gisac_tz *tz = NULL;
    gisac_err err = GISAC_ERR_INIT;
    assert_int_equal(gisac_tz_load("Asia/Taipei", &tz, &err), 0);
    notify_view v = {tz, "https://portal.example.org/", NULL};
    /* a deadline at risk: report due 09:00 Taipei (01:00Z), rendered at 08:15:30 */
    const char *about = "{\"type\":\"incident\",\"id\":\"INC-2026-000001\","
                        "\"title\":\"釣魚郵件\",\"level\":2,\"deadline\":{\"kind\":\"report\","
                        "\"due\":\"2026-11-24T01:00:00Z\",\"next\":false}}";
    const char *data = "{\"id\":\"INC-2026-000001\",\"deadline\":\"report\"}";
    int64_t at = T0 + 15 * 60, now = T0 + 15 * 60 + 30;
    gisac_buf subj = GISAC_BUF_INIT, text = GISAC_BUF_INIT, link = GISAC_BUF_INIT;
    assert_int_equal(notify_render("incident.deadline_at_risk", "moda", about, data, NULL, at, NULL,
                                   &v, now, &subj, &text, &link),
                     0);
    assert_string_equal(
        subj.data, "【期限將屆】INC-2026-000001 通報期限 2026-11-24T09:00:00+08:00（剩餘 44分）");
    assert_string_equal(
        text.data, "【期限將屆】INC-2026-000001 通報期限 2026-11-24T09:00:00+08:00（剩餘 44分）\n"
                   "\n"
                   "事件：INC-2026-000001\n"
                   "標題：釣魚郵件\n"
                   "機關：moda\n"
                   "等級：第 2 級\n"
                   "期限：通報，2026-11-24T09:00:00+08:00（剩餘 44分）\n"
                   "連結：https://portal.example.org/incidents/INC-2026-000001\n"
                   "時間：2026-11-24T08:15:00+08:00\n");
    assert_string_equal(link.data, "https://portal.example.org/incidents/INC-2026-000001");
    gisac_buf_reset(&subj);
    gisac_buf_reset(&text);
    assert_int_equal(notify_render("incident.deadline_at_risk", "moda", about, data, NULL, at, "en",
                                   &v, now, &subj, &text, NULL),
                     0);
    assert_string_equal(subj.data, "Deadline close: INC-2026-000001 report due "
                                   "2026-11-24T09:00:00+08:00 (44m left)");
    assert_string_equal(text.data, "Deadline close: INC-2026-000001 report due "
                                   "2026-11-24T09:00:00+08:00 (44m left)\n"
                                   "\n"
                                   "Incident: INC-2026-000001\n"
                                   "Title: 釣魚郵件\n"
                                   "Agency: moda\n"
                                   "Level: 2\n"
                                   "Deadline: report, due 2026-11-24T09:00:00+08:00 (44m left)\n"
                                   "Link: https://portal.example.org/incidents/INC-2026-000001\n"
                                   "Time: 2026-11-24T08:15:00+08:00\n");

    /* a new incident: its next deadline; overdue by the time it is sent */
    const char *fresh =
        "{\"type\":\"incident\",\"id\":\"INC-2026-000002\",\"title\":\"Ransomware\","
        "\"deadline\":{\"kind\":\"review\",\"due\":\"2026-11-24T00:00:00Z\","
        "\"next\":true}}";
    gisac_buf_reset(&subj);
    gisac_buf_reset(&text);
    assert_int_equal(notify_render("incident.new", "moda", fresh, "{}", NULL, T0, "en", &v,
                                   T0 + 2 * 86400 + 3 * 3600 + 4 * 60, &subj, &text, NULL),
                     0);
    assert_string_equal(subj.data, "New incident INC-2026-000002: Ransomware");
    assert_non_null(strstr(text.data, "Next deadline: review, due 2026-11-24T08:00:00+08:00 "
                                      "(overdue by 2d 3h 4m)\n"));
    gisac_buf_reset(&subj);
    gisac_buf_reset(&text);
    assert_int_equal(notify_render("incident.new", "moda", fresh, "{}", NULL, T0, "zh-TW", &v,
                                   T0 + 3600, &subj, &text, NULL),
                     0);
    assert_string_equal(subj.data, "【資安事件通報】INC-2026-000002 Ransomware");
    assert_non_null(
        strstr(text.data, "下一期限：審核，2026-11-24T08:00:00+08:00（已逾期 1小時0分）\n"));

    /* other objects by the same table: an alert, an advisory; no portal: no link */
    v.portal_url = NULL;
    gisac_buf_reset(&subj);
    gisac_buf_reset(&text);
    gisac_buf_reset(&link);
    assert_int_equal(notify_render("alert.opened", "moda", NULL,
                                   "{\"id\":\"ALR-2026-000007\",\"title\":\"C2 beacon\"}", NULL, T0,
                                   NULL, &v, T0, &subj, &text, &link),
                     0);
    assert_string_equal(subj.data, "【資安監控單】ALR-2026-000007 C2 beacon");
    assert_string_equal(text.data,
                        "【資安監控單】ALR-2026-000007 C2 beacon\n\n監控單：ALR-2026-000007\n"
                        "標題：C2 beacon\n機關：moda\n時間：2026-11-24T08:00:00+08:00\n");
    assert_int_equal(link.len, 0);
    v.portal_url = "https://portal.example.org";
    gisac_buf_reset(&subj);
    gisac_buf_reset(&text);
    gisac_buf_reset(&link);
    assert_int_equal(notify_render("advisory.published", NULL,
                                   "{\"type\":\"advisory\",\"id\":\"TWCERT-2026-0001\","
                                   "\"title\":\"PAN-OS flaw\"}",
                                   "{}", NULL, T0, "en", &v, T0, &subj, &text, &link),
                     0);
    assert_string_equal(subj.data, "Advisory TWCERT-2026-0001: PAN-OS flaw");
    assert_string_equal(link.data, "https://portal.example.org/advisories/TWCERT-2026-0001");
    assert_string_equal(notify_lang_of("en"), "en");
    assert_string_equal(notify_lang_of("fr"), "zh-TW");
    assert_true(notify_lang_known("zh-TW"));
    assert_false(notify_lang_known("zh-tw"));
    gisac_buf_free(&subj);
    gisac_buf_free(&text);
    gisac_buf_free(&link);
    gisac_tz_free(tz);
}

static void test_subscriptions(void **state)
{
    store *s = *state;
    gisac_err err;
    int64_t seq = 0, id = 0;
    notify_sub_spec w = {NOTIFY_WEBHOOK,
                         "https://hooks.example.org:8443/T0k3n/abc?x=1",
                         "s3cret",
                         NULL,
                         NULL,
                         NULL,
                         NULL};
    assert_int_equal(notify_sub_add(s, &w, T0, &id, &err), 0);
    assert_int_equal(id, 1);
    notify_sub_spec e = {NOTIFY_EMAIL, "soc@moda.example.org",
                         NULL,         " incident.breach , incident.new,incident.new",
                         "moda",       NULL,
                         NULL};
    assert_int_equal(notify_sub_add(s, &e, T0, &id, &err), 0);
    assert_int_equal(id, 2);
    notify_sub_spec all = {
        NOTIFY_WEBHOOK, "http://127.0.0.1:1/hook", NULL, "incident.new,*", NULL, NULL, NULL};
    assert_int_equal(notify_sub_add(s, &all, T0, &id, &err), 0);
    expect_audit(s, &seq,
                 "cli:tester|notify.add|sub:1|{\"kind\":\"webhook\",\"target\":"
                 "\"https://hooks.example.org:8443\",\"events\":[\"*\"],\"agency\":null,"
                 "\"signed\":true}\n"
                 "cli:tester|notify.add|sub:2|{\"kind\":\"email\",\"target\":"
                 "\"soc@moda.example.org\",\"events\":[\"incident.breach\",\"incident.new\"],"
                 "\"agency\":\"moda\"}\n"
                 "cli:tester|notify.add|sub:3|{\"kind\":\"webhook\",\"target\":"
                 "\"http://127.0.0.1:1\",\"events\":[\"*\"],\"agency\":null,\"signed\":false}\n");

    struct {
        notify_sub_spec spec;
        const char *msg;
    } bad[] = {
        {{NOTIFY_WEBHOOK, "ftp://example.org/x", NULL, NULL, NULL, NULL, NULL},
         "webhook URL 'ftp://example.org/x': use a http:// or https:// URL"},
        {{NOTIFY_WEBHOOK, "file:///etc/passwd", NULL, NULL, NULL, NULL, NULL},
         "webhook URL 'file:///etc/passwd' is not a URL"},
        {{NOTIFY_WEBHOOK, "example.org/hook", NULL, NULL, NULL, NULL, NULL},
         "webhook URL 'example.org/hook' is not a URL: Bad scheme"},
        {{NOTIFY_WEBHOOK, "http://example.org/a b", NULL, NULL, NULL, NULL, NULL},
         "webhook URL 'http://example.org/a b' holds a space or control character"},
        {{NOTIFY_WEBHOOK, "http://example.org/", "two\nlines", NULL, NULL, NULL, NULL},
         "the secret must be one line of 1 to 1024 bytes"},
        {{NOTIFY_EMAIL, "soc@example.org", "x", NULL, NULL, NULL, NULL},
         "an e-mail subscription takes no secret"},
        {{NOTIFY_EMAIL, "soc example.org", NULL, NULL, NULL, NULL, NULL},
         "address 'soc example.org' is not an e-mail address we can send to (local@domain, "
         "ASCII; an IDN domain as its xn-- form)"},
        {{NOTIFY_EMAIL, "a@b@c", NULL, NULL, NULL, NULL, NULL},
         "address 'a@b@c' is not an e-mail address we can send to (local@domain, ASCII; an IDN "
         "domain as its xn-- form)"},
        {{NOTIFY_EMAIL, "soc@example.org\r\nBcc: x@y.z", NULL, NULL, NULL, NULL, NULL},
         "address 'soc@example.org\r\nBcc: x@y.z' is not an e-mail address we can send to "
         "(local@domain, ASCII; an IDN domain as its xn-- form)"},
        {{NOTIFY_EMAIL, "soc@example.org", NULL, "incident.nw", NULL, NULL, NULL},
         "unknown event 'incident.nw': use incident.new, incident.level, "
         "incident.deadline_at_risk, incident.breach, alert.opened, alert.released, "
         "advisory.published, audit.checkpoint, vuln.affected, obligation.due or *"},
        {{NOTIFY_EMAIL, "soc@example.org", NULL, "incident.new,,", NULL, NULL, NULL},
         "events 'incident.new,,': give a comma-separated list of incident.new, incident.level, "
         "incident.deadline_at_risk, incident.breach, alert.opened, alert.released, "
         "advisory.published, audit.checkpoint, vuln.affected, obligation.due or *"},
        {{NOTIFY_EMAIL, "soc@example.org", NULL, NULL, "nope", NULL, NULL},
         "agency nope does not exist"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err.msg[0] = '\0';
        assert_int_equal(notify_sub_add(s, &bad[i].spec, T0, &id, &err), GISAC_EINVAL);
        assert_string_equal(err.msg, bad[i].msg);
    }
    expect_audit(s, &seq, "");

    int64_t n = -1;
    assert_int_equal(notify_sub_remove(s, 9, T0, &n, &err), GISAC_ENOTFOUND);
    assert_string_equal(err.msg, "subscription 9: not found");
    assert_int_equal(notify_sub_remove(s, 1, T0, &n, &err), 0);
    assert_int_equal(n, 0);
    assert_int_equal(notify_sub_remove(s, 1, T0, &n, &err), GISAC_ENOTFOUND);
    expect_audit(s, &seq, "cli:tester|notify.remove|sub:1|{\"cancelled\":0}\n");
}

static void test_enqueue(void **state)
{
    store *s = *state;
    gisac_err err;
    notify_sub_spec subs[] = {
        {NOTIFY_WEBHOOK, "http://127.0.0.1:1/all", NULL, NULL, NULL, NULL, NULL},
        {NOTIFY_EMAIL, "soc@moda.example.org", NULL, "incident.new", "moda", NULL, NULL},
        {NOTIFY_WEBHOOK, "http://127.0.0.1:1/breach", "k", "incident.breach", NULL, NULL, NULL},
    };
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(notify_sub_add(s, &subs[i], T0, NULL, &err), 0);
    int64_t seq = 3;

    /* in the caller's transaction: a rollback takes the deliveries with it */
    assert_int_equal(store_begin(s, &err), 0);
    assert_int_equal(notify_enqueue(s, "incident.new", "moda", "new", "{}", T0, &err), 2);
    store_rollback(s);
    assert_string_equal(queue(s), "");
    expect_audit(s, &seq, "");

    assert_int_equal(store_begin(s, &err), 0);
    assert_int_equal(notify_enqueue(s, "incident.new", "moda", "new\tone\n", "{\"n\":1}", T0, &err),
                     2);
    assert_int_equal(notify_enqueue(s, "incident.new", "mohw", "other", "{}", T0, &err), 1);
    assert_int_equal(
        notify_enqueue(s, "incident.breach", NULL, "late", " {\"a\":[1,2]} ", T0, &err), 2);
    assert_int_equal(notify_enqueue(s, "incident.level", "moda", "lvl", "{}", T0, &err), 1);
    assert_int_equal(store_commit(s, &err), 0);
    assert_string_equal(queue(s), "1 1 incident.new pending 0 0 moda http://127.0.0.1:1/all\n"
                                  "2 2 incident.new pending 0 0 moda soc@moda.example.org\n"
                                  "3 1 incident.new pending 0 0 mohw http://127.0.0.1:1/all\n"
                                  "4 1 incident.breach pending 0 0 - http://127.0.0.1:1/all\n"
                                  "5 3 incident.breach pending 0 0 - http://127.0.0.1:1/breach\n"
                                  "6 1 incident.level pending 0 0 moda http://127.0.0.1:1/all\n");
    expect_audit(s, &seq,
                 "cli:tester|notify.enqueue|incident.new|{\"agency\":\"moda\","
                 "\"deliveries\":[1,2]}\n"
                 "cli:tester|notify.enqueue|incident.new|{\"agency\":\"mohw\",\"deliveries\":[3]}\n"
                 "cli:tester|notify.enqueue|incident.breach|{\"agency\":null,"
                 "\"deliveries\":[4,5]}\n"
                 "cli:tester|notify.enqueue|incident.level|{\"agency\":\"moda\","
                 "\"deliveries\":[6]}\n");

    /* without a transaction it runs in its own; nothing matching is fine */
    assert_int_equal(notify_enqueue(s, "incident.deadline_at_risk", "mohw", "x", "{}", T0, &err),
                     1);
    assert_int_equal(notify_sub_remove(s, 1, T0, NULL, &err), 0);
    assert_int_equal(notify_enqueue(s, "incident.deadline_at_risk", "mohw", "x", "{}", T0, &err),
                     0);
    expect_audit(s, &seq,
                 "cli:tester|notify.enqueue|incident.deadline_at_risk|{\"agency\":\"mohw\","
                 "\"deliveries\":[7]}\n"
                 "cli:tester|notify.remove|sub:1|{\"cancelled\":5}\n");

    struct {
        const char *event, *subject, *payload, *msg;
    } bad[] = {
        {"incident.old", "s", "{}",
         "unknown event 'incident.old': use incident.new, incident.level, "
         "incident.deadline_at_risk, incident.breach, alert.opened, alert.released, "
         "advisory.published, audit.checkpoint, vuln.affected, obligation.due"},
        {"incident.new", "", "{}", "a notification needs a subject"},
        {"incident.new", "\xff", "{}", "subject is not valid UTF-8"},
        {"incident.new", "s", "[1]", "payload: a JSON object is needed"},
        {"incident.new", "s", "{\"a\":}", "payload: offset 5: unexpected character"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err.msg[0] = '\0';
        assert_int_equal(
            notify_enqueue(s, bad[i].event, NULL, bad[i].subject, bad[i].payload, T0, &err),
            GISAC_EINVAL);
        assert_string_equal(err.msg, bad[i].msg);
    }
    expect_audit(s, &seq, "");
}

static int attempt_line(void *ctx, const store_notify_attempt *a)
{
    test_textf(ctx, NULL, "%lld/%lld +%lld %s %s %lld %s\n", (long long)a->delivery_id,
               (long long)a->attempt, (long long)(a->at - T0), a->status, a->ok ? "ok" : "error",
               (long long)a->code,
               a->error ? (strncmp(a->error, "Failed to connect", 17) == 0 ? "refused" : a->error)
                        : "-");
    return 0;
}

static void test_retries(void **state)
{
    store *s = *state;
    gisac_err err;
    /* a closed loopback port: every attempt fails at once */
    notify_sub_spec w = {NOTIFY_WEBHOOK, "http://127.0.0.1:1/hook", "k", NULL, NULL, NULL, NULL};
    notify_sub_spec m = {NOTIFY_EMAIL, "soc@example.org", NULL, NULL, NULL, NULL, NULL};
    assert_int_equal(notify_sub_add(s, &w, T0, NULL, &err), 0);
    assert_int_equal(notify_sub_add(s, &m, T0, NULL, &err), 0);
    notify_config cfg = {3, 45};
    assert_int_equal(notify_config_set(s, &cfg, T0, &err), 0);
    notify_config got;
    assert_int_equal(notify_config_get(s, &got, &err), 0);
    assert_int_equal(got.max_attempts, 3);
    assert_int_equal(got.backoff_cap, 45);
    assert_int_equal(notify_enqueue(s, "incident.new", NULL, "s", "{}", T0, &err), 2);
    int64_t seq = 4;

    notify_pass p;
    /* the schedule: attempt 1 at +0, 2 at +30, 3 at +75 (cap 45), then failed */
    int64_t at[] = {0, 29, 30, 74, 75, 1000};
    size_t due[] = {2, 0, 2, 0, 2, 0};
    for (int i = 0; i < 6; i++) {
        assert_int_equal(notify_deliver_due(s, T0 + at[i], NULL, &p, &err), 0);
        assert_int_equal(p.due, due[i]);
    }
    assert_int_equal(p.sent, 0);
    assert_string_equal(queue(s), "1 1 incident.new failed 3 75 - http://127.0.0.1:1/hook\n"
                                  "2 2 incident.new failed 3 75 - soc@example.org\n");
    test_text t;
    t.s[0] = '\0';
    assert_int_equal(notify_log(s, 1, attempt_line, &t, &err), 0);
    assert_string_equal(t.s, "1/1 +0 failed error 0 refused\n"
                             "2/1 +0 failed error 0 no SMTP server is set (gisac notify smtp)\n"
                             "1/2 +30 failed error 0 refused\n"
                             "2/2 +30 failed error 0 no SMTP server is set (gisac notify smtp)\n"
                             "1/3 +75 failed error 0 refused\n"
                             "2/3 +75 failed error 0 no SMTP server is set (gisac notify smtp)\n");
    expect_audit(s, &seq,
                 "cli:tester|notify.claim|-|{\"deliveries\":[1,2],\"lease\":900}\n"
                 "cli:tester|notify.deliver|-|{\"sent\":[],\"retrying\":[1,2],\"failed\":[]}\n"
                 "cli:tester|notify.claim|-|{\"deliveries\":[1,2],\"lease\":900}\n"
                 "cli:tester|notify.deliver|-|{\"sent\":[],\"retrying\":[1,2],\"failed\":[]}\n"
                 "cli:tester|notify.claim|-|{\"deliveries\":[1,2],\"lease\":900}\n"
                 "cli:tester|notify.deliver|-|{\"sent\":[],\"retrying\":[],\"failed\":[1,2]}\n");
}

static void test_settings(void **state)
{
    store *s = *state;
    gisac_err err;
    int64_t seq = 0;
    notify_smtp cur;
    assert_int_equal(notify_smtp_get(s, &cur, &err), 0);
    assert_string_equal(cur.url, "");
    assert_int_equal(
        notify_smtp_set(s, "smtp://127.0.0.1:2525", "gisac@cert.example.org", NULL, NULL, T0, &err),
        0);
    assert_int_equal(notify_smtp_set(s, "smtps://mail.example.org", "gisac@cert.example.org",
                                     "gisac", "pa55word", T0, &err),
                     0);
    assert_int_equal(notify_smtp_get(s, &cur, &err), 0);
    assert_string_equal(cur.url, "smtps://mail.example.org");
    assert_string_equal(cur.user, "gisac");
    assert_string_equal(cur.password, "pa55word");
    expect_audit(s, &seq,
                 "cli:tester|notify.smtp|-|{\"url\":\"smtp://127.0.0.1:2525\",\"from\":"
                 "\"gisac@cert.example.org\",\"user\":null,\"password\":false}\n"
                 "cli:tester|notify.smtp|-|{\"url\":\"smtps://mail.example.org\",\"from\":"
                 "\"gisac@cert.example.org\",\"user\":\"gisac\",\"password\":true}\n");
    struct {
        const char *url, *from, *user, *pw, *msg;
    } bad[] = {
        {"http://mail.example.org", "a@b.org", NULL, NULL,
         "SMTP URL 'http://mail.example.org': use a smtp:// or smtps:// URL"},
        {"smtp://u:p@mail.example.org", "a@b.org", NULL, NULL,
         "SMTP URL: give no user or password in the URL"},
        {"smtp://mail.example.org", "nobody", NULL, NULL,
         "sender 'nobody' is not an e-mail address we can send to (local@domain, ASCII; an IDN "
         "domain as its xn-- form)"},
        {"smtp://mail.example.org", "a@b.org", "u", NULL,
         "an SMTP login needs both a user and a password"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(
            notify_smtp_set(s, bad[i].url, bad[i].from, bad[i].user, bad[i].pw, T0, &err),
            GISAC_EINVAL);
        assert_string_equal(err.msg, bad[i].msg);
    }
    notify_config c = {0, 0};
    assert_int_equal(notify_config_get(s, &c, &err), 0);
    assert_int_equal(c.max_attempts, NOTIFY_MAX_ATTEMPTS);
    assert_int_equal(c.backoff_cap, NOTIFY_BACKOFF_CAP);
    c.max_attempts = 0;
    c.backoff_cap = 0;
    assert_int_equal(notify_config_set(s, &c, T0, &err), GISAC_EINVAL);
    c.max_attempts = 101;
    assert_int_equal(notify_config_set(s, &c, T0, &err), GISAC_EINVAL);
    c.max_attempts = 0;
    c.backoff_cap = 29;
    assert_int_equal(notify_config_set(s, &c, T0, &err), GISAC_EINVAL);
    c.backoff_cap = 600;
    assert_int_equal(notify_config_set(s, &c, T0, &err), 0);
    expect_audit(s, &seq, "cli:tester|notify.config|-|{\"backoff_cap\":600}\n");
    /* the log never holds the password */
    test_audit t;
    assert_null(strstr(test_audit_read(s, 0, 0, NULL, &t), "pa55word"));
}

TEST_MAIN(setup, teardown, TEST_PLAIN(test_signature), TEST_PLAIN(test_backoff),
          TEST_PLAIN(test_messages), TEST_PLAIN(test_render), TEST_CASE(test_subscriptions),
          TEST_CASE(test_enqueue), TEST_CASE(test_retries), TEST_CASE(test_settings))
