/* test_match_eve.c: the observables of Suricata EVE lines, exactly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "match/match_internal.h"

#include <stdlib.h>
#include <string.h>

static match_event *ev;

static const char *kind_name(match_kind k)
{
    static const char *const names[] = {"addr", "name", "url", "hash", "email", "token"};
    return names[k];
}

/* "field kind value" lines of the observables of line */
static const char *obs(const char *line)
{
    static char out[4096];
    out[0] = '\0';
    match_event_reset(ev);
    const char *why = NULL;
    if (match_extract_eve(line, strlen(line), ev, &why) < 0) {
        snprintf(out, sizeof out, "error: %s", why);
        return out;
    }
    for (size_t i = 0; i < ev->nobs; i++) {
        const match_obs *o = &ev->obs[i];
        char row[512];
        snprintf(row, sizeof row, "%.*s %s %.*s\n", (int)o->field_len, o->field, kind_name(o->kind),
                 (int)o->len, o->val);
        strncat(out, row, sizeof out - strlen(out) - 1);
    }
    return out;
}

static void test_dns(void **state)
{
    (void)state;
    assert_string_equal(
        obs("{\"event_type\":\"dns\",\"src_ip\":\"192.0.2.1\",\"dest_ip\":\"192.0.2.53\","
            "\"dns\":{\"rrname\":\"a.evil.example\",\"answers\":["
            "{\"rrname\":\"a.evil.example\",\"rrtype\":\"CNAME\",\"rdata\":\"b.evil.example\"},"
            "{\"rrname\":\"b.evil.example\",\"rrtype\":\"A\",\"rdata\":\"198.51.100.7\"},"
            "{\"rrname\":\"b.evil.example\",\"rrtype\":\"TXT\",\"rdata\":\"v=spf1 -all\"},"
            "{\"rrname\":\"b.evil.example\",\"rrtype\":\"AAAA\",\"rdata\":\"2001:db8::7\"}],"
            "\"grouped\":{\"A\":[\"198.51.100.8\"],\"MX\":[\"mx.evil.example\"],"
            "\"TXT\":[\"x.example\"]}}}"),
        "src_ip addr 192.0.2.1\n"
        "dest_ip addr 192.0.2.53\n"
        "dns.rrname name a.evil.example\n"
        "dns.answers[].rrname name a.evil.example\n"
        "dns.answers[].rdata name b.evil.example\n"
        "dns.answers[].rrname name b.evil.example\n"
        "dns.answers[].rdata addr 198.51.100.7\n"
        "dns.answers[].rrname name b.evil.example\n"
        "dns.answers[].rrname name b.evil.example\n"
        "dns.answers[].rdata addr 2001:db8::7\n"
        "dns.grouped.A[] addr 198.51.100.8\n"
        "dns.grouped.MX[] name mx.evil.example\n");
    assert_int_equal(ev->event_type.n, 3);
    assert_memory_equal(ev->src_ip.p, "192.0.2.1", 9);
    /* the older EVE form: queries[] */
    assert_string_equal(obs("{\"dns\":{\"queries\":[{\"rrname\":\"q.example\"}]}}"),
                        "dns.queries[].rrname name q.example\n");
}

static void test_http_tls_files(void **state)
{
    (void)state;
    assert_string_equal(
        obs("{\"event_type\":\"http\",\"dest_ip\":\"203.0.113.5\",\"http\":{\"hostname\":\"h."
            "example\",\"url\":\"/a?b=1\",\"http_port\":8080,\"http_refer\":\"https://r.example/"
            "\"}}"),
        "dest_ip addr 203.0.113.5\n"
        "http.hostname name h.example\n"
        "http.http_refer url https://r.example/\n"
        "http.url url http://h.example:8080/a?b=1\n");
    /* no host name: the destination address, bracketed for IPv6 */
    assert_string_equal(obs("{\"dest_ip\":\"2001:db8::80\",\"http\":{\"url\":\"/x\"}}"),
                        "dest_ip addr 2001:db8::80\n"
                        "http.url url http://[2001:db8::80]/x\n");
    /* an absolute URL is kept as it is; port 80 is left out */
    assert_string_equal(obs("{\"http\":{\"hostname\":\"h.example\",\"http_port\":80,\"url\":"
                            "\"http://abs.example/p\"}}"),
                        "http.hostname name h.example\n"
                        "http.url url http://abs.example/p\n");
    assert_string_equal(
        obs("{\"tls\":{\"sni\":\"s.example\"},\"fileinfo\":{\"md5\":"
            "\"44d88612fea8a8f36de82e1278abb02f\",\"sha1\":\"x\",\"sha256\":\"y\"}}"),
        "tls.sni name s.example\n"
        "fileinfo.md5 hash 44d88612fea8a8f36de82e1278abb02f\n"
        "fileinfo.sha1 hash x\n"
        "fileinfo.sha256 hash y\n");
}

static void test_mail_and_escapes(void **state)
{
    (void)state;
    assert_string_equal(
        obs("{\"smtp\":{\"mail_from\":\"<a@evil.example>\",\"rcpt_to\":[\"<b@agency.example>\"]},"
            "\"email\":{\"from\":\"\\\"Help Desk\\\" <a@evil.example>\",\"to\":[\"c@agency."
            "example\"],\"cc\":[\"D <d@agency.example>\"]}}"),
        "smtp.mail_from email a@evil.example\n"
        "smtp.rcpt_to[] email b@agency.example\n"
        "email.from email a@evil.example\n"
        "email.to[] email c@agency.example\n"
        "email.cc[] email d@agency.example\n");
    /* escaped values are unescaped into the scratch */
    assert_string_equal(obs("{\"tls\":{\"sni\":\"b\\u00fccher.example\"}}"),
                        "tls.sni name bücher.example\n");
}

static void test_bad_lines(void **state)
{
    (void)state;
    assert_string_equal(obs("not json"), "error: invalid literal");
    /* leaves seen before the error are dropped */
    assert_string_equal(obs("{\"src_ip\":\"192.0.2.1\",\"dest_ip\":"),
                        "error: unexpected end of input");
    assert_int_equal(ev->nobs, 0);
    assert_string_equal(obs("{}"), "");
    assert_string_equal(obs("[\"192.0.2.1\"]"), "");
}

int main(void)
{
    ev = malloc(sizeof *ev);
    if (!ev)
        return 1;
    static const test_case cases[] = {
        TEST_CASE(test_dns),
        TEST_CASE(test_http_tls_files),
        TEST_CASE(test_mail_and_escapes),
        TEST_CASE(test_bad_lines),
    };
    int rc = test_main(cases, TEST_COUNT(cases), NULL, NULL);
    free(ev);
    return rc;
}
