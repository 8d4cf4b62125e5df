/*
 * test_match_extract.c: the Zeek (TSV and JSON), syslog, CEF and text
 * extractors and format detection: exact observables (field, kind, value)
 * and event metadata, bad lines, speed, and the real Zeek samples in
 * ${GISAC_SHARED}/data/zeek when they are there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "match/match_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- helpers ------------------------------------------------------------------ */

static match_event *E;
static char *cur; /* the line the event points into: an exact-size copy */
static char dumpbuf[1 << 16];

static const char *dup_line(const char *s)
{
    free(cur);
    size_t n = strlen(s);
    cur = malloc(n ? n : 1);
    assert_non_null(cur);
    memcpy(cur, s, n);
    return cur;
}

static char kind_letter(match_kind k)
{
    switch (k) {
    case MATCH_ADDR:
        return 'A';
    case MATCH_NAME:
        return 'N';
    case MATCH_URL:
        return 'U';
    case MATCH_HASH:
        return 'H';
    case MATCH_EMAIL:
        return 'E';
    case MATCH_TOKEN:
        return 'T';
    }
    return '?';
}

/* "field K value\n" per observable */
static const char *dump(void)
{
    size_t o = 0;
    dumpbuf[0] = '\0';
    for (size_t i = 0; i < E->nobs; i++) {
        const match_obs *b = &E->obs[i];
        int k = snprintf(dumpbuf + o, sizeof dumpbuf - o, "%.*s %c %.*s\n", (int)b->field_len,
                         b->field, kind_letter(b->kind), (int)b->len, b->val);
        assert_true(k > 0 && (size_t)k < sizeof dumpbuf - o);
        o += (size_t)k;
    }
    return dumpbuf;
}

/* "event_type|ts|src_ip|dest_ip" */
static const char *meta(void)
{
    static char m[1024];
    snprintf(m, sizeof m, "%.*s|%.*s|%.*s|%.*s", (int)E->event_type.n,
             E->event_type.p ? E->event_type.p : "", (int)E->ts.n, E->ts.p ? E->ts.p : "",
             (int)E->src_ip.n, E->src_ip.p ? E->src_ip.p : "", (int)E->dest_ip.n,
             E->dest_ip.p ? E->dest_ip.p : "");
    return m;
}

/* Apply a header given as lines separated by '\n'. */
static void hdr(zeek_hdr *h, const char *name, const char *lines)
{
    zeek_hdr_init(h, name);
    const char *p = lines;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char *l = malloc(n ? n : 1);
        memcpy(l, p, n);
        zeek_hdr_line(h, l, n);
        free(l);
        p += n + (nl ? 1 : 0);
    }
}

static int tsv(const zeek_hdr *h, const char *line, const char **why)
{
    const char *l = dup_line(line);
    *why = NULL;
    return match_extract_zeek_tsv(h, l, strlen(line), E, why);
}

static int zjson(zeek_log log, const char *line, const char **why)
{
    const char *l = dup_line(line);
    *why = NULL;
    return match_extract_zeek_json(log, l, strlen(line), E, why);
}

static int text(match_format f, const char *line, const char **why)
{
    const char *l = dup_line(line);
    *why = NULL;
    return match_extract_text(f, l, strlen(line), E, why);
}

/* The extraction returned rc (printing why when it failed) and produced want_obs and
 * want_meta. */
#define EXPECT_EXTRACTED(rc, why, want_obs, want_meta)                                             \
    do {                                                                                           \
        int rc_ = (rc);                                                                            \
        if (rc_)                                                                                   \
            print_message("why: %s\n", why);                                                       \
        assert_int_equal(rc_, 0);                                                                  \
        assert_string_equal(dump(), want_obs);                                                     \
        assert_string_equal(meta(), want_meta);                                                    \
    } while (0)

#define OK_TSV(h, line, want_obs, want_meta)                                                       \
    do {                                                                                           \
        const char *why_;                                                                          \
        EXPECT_EXTRACTED(tsv(h, line, &why_), why_, want_obs, want_meta);                          \
    } while (0)

#define OK_JSON(log, line, want_obs, want_meta)                                                    \
    do {                                                                                           \
        const char *why_;                                                                          \
        EXPECT_EXTRACTED(zjson(log, line, &why_), why_, want_obs, want_meta);                      \
    } while (0)

#define OK_TEXT(f, line, want_obs, want_meta)                                                      \
    do {                                                                                           \
        const char *why_;                                                                          \
        EXPECT_EXTRACTED(text(f, line, &why_), why_, want_obs, want_meta);                         \
    } while (0)

/* ---- Zeek: names and headers ---------------------------------------------------- */

static void test_zeek_log_names(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        zeek_log log;
    } from_name[] = {
        {"conn.log", ZEEK_CONN},
        {"x-dns.log", ZEEK_DNS},
        {"http.00:00.log", ZEEK_HTTP},
        {"/var/zeek/ssl.2024-01-01-00-00-00.log.gz", ZEEK_SSL},
        {"files.log", ZEEK_FILES},
        {"SMTP.LOG", ZEEK_SMTP},
        {"x509.log", ZEEK_X509},
        {"stratosphere-test9-conn.log", ZEEK_CONN},
        {"zeek-btest-ipv6-dns.log", ZEEK_DNS},
        {"/data/conn/weird.log", ZEEK_WEIRD},
        {"dnsx.log", ZEEK_UNKNOWN},
        {"weird.log", ZEEK_WEIRD},
        {"notice.2024-01-01.log.gz", ZEEK_NOTICE},
        {"x_dns.log", ZEEK_DNS},
        {"my_custom.log", ZEEK_UNKNOWN},
        {"-", ZEEK_UNKNOWN},
        {"", ZEEK_UNKNOWN},
        {NULL, ZEEK_UNKNOWN},
    };
    for (size_t i = 0; i < sizeof from_name / sizeof *from_name; i++)
        assert_int_equal(zeek_log_from_name(from_name[i].file), from_name[i].log);
    /* the other logs keep their names, with their underscores */
    assert_string_equal(zeek_log_name(zeek_log_from_name("smb_files.log")), "smb_files");
    assert_string_equal(zeek_log_name(zeek_log_from_name("/z/known_hosts.00:00.log")),
                        "known_hosts");
    assert_string_equal(zeek_log_name(zeek_log_from_name("dhcp.log")), "dhcp");
    static const struct {
        zeek_log log;
        const char *name;
    } names[] = {
        {ZEEK_CONN, "conn"},     {ZEEK_DNS, "dns"},      {ZEEK_HTTP, "http"},
        {ZEEK_SSL, "ssl"},       {ZEEK_FILES, "files"},  {ZEEK_SMTP, "smtp"},
        {ZEEK_X509, "x509"},     {ZEEK_UNKNOWN, "zeek"}, {(zeek_log)99, "zeek"},
        {ZEEK_NOTICE, "notice"}, {ZEEK_WEIRD, "weird"},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        assert_string_equal(zeek_log_name(names[i].log), names[i].name);
}

static void test_zeek_hdr(void **state)
{
    (void)state;
    zeek_hdr h;
    zeek_hdr_init(&h, "conn.log");
    assert_int_equal(h.sep_len, 1);
    assert_int_equal(h.sep[0], '\t');
    assert_int_equal(h.set_sep_len, 1);
    assert_int_equal(h.set_sep[0], ',');
    assert_int_equal(h.unset_len, 1);
    assert_memory_equal(h.unset, "-", 1);
    assert_int_equal(h.empty_len, 7);
    assert_memory_equal(h.empty, "(empty)", 7);
    assert_int_equal(h.nfields, 0);
    assert_int_equal(h.log, ZEEK_CONN);

    hdr(&h, "x.log",
        "### a comment line\n#separator \\x7c\\x7c\n#set_separator||\\x3b\n#unset_field||NONE\n"
        "#empty_field||EMPTY\n#path||ssl\n#open||2024-01-01\n#fields||ts||uid||server_name\n"
        "#types||time||string||string\r\n#close||2024-01-02");
    assert_int_equal(h.sep_len, 2);
    assert_memory_equal(h.sep, "||", 2);
    assert_int_equal(h.set_sep_len, 1);
    assert_memory_equal(h.set_sep, ";", 1);
    assert_int_equal(h.unset_len, 4);
    assert_memory_equal(h.unset, "NONE", 4);
    assert_int_equal(h.empty_len, 5);
    assert_memory_equal(h.empty, "EMPTY", 5);
    assert_int_equal(h.log, ZEEK_SSL);
    assert_int_equal(h.nfields, 3);
    assert_int_equal(h.field_len[2], 11);
    assert_memory_equal(h.field[2], "server_name", 11);

    /* a separator that does not fit is ignored; a CR is stripped */
    hdr(&h, NULL, "#separator \\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\x09\r\n#fields\tts\tuid\r");
    assert_int_equal(h.sep_len, 1);
    assert_int_equal(h.sep[0], '\t');
    assert_int_equal(h.nfields, 2);
    assert_int_equal(h.field_len[1], 3);
    assert_int_equal(h.log, ZEEK_UNKNOWN);

    /* ZEEK_MAX_FIELDS at most */
    char big[8192];
    size_t o = (size_t)snprintf(big, sizeof big, "#fields");
    for (int i = 0; i < ZEEK_MAX_FIELDS + 10; i++)
        o += (size_t)snprintf(big + o, sizeof big - o, "\tf%d", i);
    zeek_hdr_init(&h, NULL);
    zeek_hdr_line(&h, big, o);
    assert_int_equal(h.nfields, ZEEK_MAX_FIELDS);
    assert_memory_equal(h.field[ZEEK_MAX_FIELDS - 1], "f127", 4);
}

/* ---- Zeek TSV ----------------------------------------------------------------- */

static void test_zeek_tsv_custom_separators(void **state)
{
    (void)state;
    zeek_hdr h;
    hdr(&h, NULL,
        "#separator \\x7c\n#set_separator|;\n#unset_field|NONE\n#empty_field|EMPTY\n#path|dns\n"
        "#fields|ts|uid|id.orig_h|id.orig_p|id.resp_h|id.resp_p|query|answers|TTLs");
    assert_int_equal(h.log, ZEEK_DNS);
    OK_TSV(&h,
           "1700000000.123456|Cx|192.0.2.10|5353|198.51.100.53|53|evil.example|"
           "cname.evil.example;203.0.113.7;2001:db8::7;300;120.000000|60.0;60.0",
           "query N evil.example\n"
           "answers N cname.evil.example\n"
           "answers A 203.0.113.7\n"
           "answers A 2001:db8::7\n",
           "dns|1700000000.123456|192.0.2.10|198.51.100.53");
    /* unset and empty values give nothing; a masked ts is no ts */
    OK_TSV(&h, "XXXXXXXXXX.XXXXXX|Cy|NONE|1|198.51.100.53|53|NONE|EMPTY|NONE", "",
           "dns|||198.51.100.53");
    /* with custom markers, "-" and "(empty)" are plain values; escapes are undone and an
     * escaped set separator does not split */
    OK_TSV(&h,
           "1.5|Cz|192.0.2.10|1|198.51.100.53|53|a\\x7cb.example|x\\x3by.example;-;(empty);NONE|-",
           "query N a|b.example\n"
           "answers N x;y.example\n"
           "answers N -\n"
           "answers N (empty)\n",
           "dns|1.5|192.0.2.10|198.51.100.53");
    /* a trailing CR is not part of the last field */
    OK_TSV(&h, "2|C|192.0.2.1|1|198.51.100.1|53|q.example|203.0.113.9|1\r",
           "query N q.example\nanswers A 203.0.113.9\n", "dns|2|192.0.2.1|198.51.100.1");
}

static void test_zeek_tsv_bad_lines(void **state)
{
    (void)state;
    zeek_hdr h;
    const char *why;
    hdr(&h, "conn.log", "");
    assert_int_equal(tsv(&h, "1\tC\t192.0.2.1", &why), -1);
    assert_non_null(why);
    assert_non_null(strstr(why, "#fields"));

    hdr(&h, "conn.log", "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p");
    assert_int_equal(tsv(&h, "1\tC\t192.0.2.1\t1\t198.51.100.1", &why), -1);
    assert_non_null(strstr(why, "fewer fields"));
    assert_int_equal(E->nobs, 0);
    assert_int_equal(tsv(&h, "1\tC\t192.0.2.1\t1\t198.51.100.1\t80\textra", &why), -1);
    assert_non_null(strstr(why, "more fields"));
    assert_int_equal(E->nobs, 0);
    assert_int_equal(tsv(&h, "#close\t2024", &why), -1);
    assert_non_null(why);
    assert_int_equal(tsv(&h, "", &why), -1);
    assert_non_null(why);
    OK_TSV(&h, "1\tC\t192.0.2.1\t1\t198.51.100.1\t80",
           "id.orig_h A 192.0.2.1\nid.resp_h A 198.51.100.1\n", "conn|1|192.0.2.1|198.51.100.1");
}

static void test_zeek_tsv_log_choice(void **state)
{
    (void)state;
    zeek_hdr h;
    const char *f = "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tquery";
    const char *line = "1\tC\t192.0.2.1\t1\t198.51.100.1\t53\tudp\tq.example";

    /* the file name wins over the fields */
    hdr(&h, "conn.log", f);
    assert_int_equal(h.log, ZEEK_CONN);
    OK_TSV(&h, line, "id.orig_h A 192.0.2.1\nid.resp_h A 198.51.100.1\n",
           "conn|1|192.0.2.1|198.51.100.1");
    /* #path wins over the file name, before or after #fields */
    char buf[512];
    snprintf(buf, sizeof buf, "#path\tdns\n%s", f);
    hdr(&h, "conn.log", buf);
    assert_int_equal(h.log, ZEEK_DNS);
    OK_TSV(&h, line, "query N q.example\n", "dns|1|192.0.2.1|198.51.100.1");
    snprintf(buf, sizeof buf, "%s\n#path\tdns", f);
    hdr(&h, "conn.log", buf);
    assert_int_equal(h.log, ZEEK_DNS);
    /* neither: guessed from the fields */
    hdr(&h, "-", f);
    assert_int_equal(h.log, ZEEK_DNS);
    const struct {
        const char *fields;
        zeek_log log;
    } g[] = {
        {"#fields\tts\tuid\tid.orig_h\tproto\tconn_state", ZEEK_CONN},
        {"#fields\tts\tconn_state", ZEEK_CONN},
        {"#fields\tts\tuid\tid.orig_h\tproto\tquery", ZEEK_DNS},
        {"#fields\tts\tuid\tmethod\thost", ZEEK_HTTP},
        {"#fields\tts\tuid\turi", ZEEK_HTTP},
        {"#fields\tts\tuid\tserver_name", ZEEK_SSL},
        {"#fields\tts\tfuid\tmd5\tsha1", ZEEK_FILES},
        {"#fields\tts\tfuid\tsha1", ZEEK_FILES},
        {"#fields\tts\tfuid\tid.orig_h\tid.resp_h", ZEEK_FILES}, /* Zeek 6+ */
        {"#fields\tts\tfingerprint\tcertificate.version", ZEEK_X509},
        {"#fields\tts\tuid\tmailfrom\trcptto", ZEEK_SMTP},
        {"#fields\tts\tid\tsan.dns", ZEEK_X509},
        {"#fields\tts\tuid\tid.orig_h\tid.resp_h\tname", ZEEK_UNKNOWN},
    };
    for (size_t i = 0; i < sizeof g / sizeof g[0]; i++) {
        hdr(&h, NULL, g[i].fields);
        assert_int_equal(h.log, g[i].log);
    }
    /* another log of Zeek's: its addresses, its own name as the event type */
    hdr(&h, NULL,
        "#path\tweird\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tname");
    assert_int_equal(h.log, ZEEK_WEIRD);
    OK_TSV(&h, "3\tC\t2001:db8::1\t1\t2001:db8::2\t2\tbad_TCP_checksum",
           "id.orig_h A 2001:db8::1\nid.resp_h A 2001:db8::2\n", "weird|3|2001:db8::1|2001:db8::2");
    /* notice.log has proto, as conn.log does: named by its path, it stays notice */
    hdr(&h, "notice.log", "#fields\tts\tuid\tid.orig_h\tid.resp_h\tproto\tnote");
    assert_int_equal(h.log, ZEEK_NOTICE);
    OK_TSV(&h, "4\tC\t192.0.2.1\t192.0.2.2\ttcp\tScan::Port_Scan",
           "id.orig_h A 192.0.2.1\nid.resp_h A 192.0.2.2\n", "notice|4|192.0.2.1|192.0.2.2");
    /* a log of a name Zeek does not write: "zeek" */
    hdr(&h, NULL, "#path\tmy_custom\n#fields\tts\tid.orig_h\tid.resp_h");
    assert_int_equal(h.log, ZEEK_UNKNOWN);
    OK_TSV(&h, "5\t192.0.2.1\t192.0.2.2", "id.orig_h A 192.0.2.1\nid.resp_h A 192.0.2.2\n",
           "zeek|5|192.0.2.1|192.0.2.2");
    /* files.log of Zeek 6 and later: the peers in id.*, no tx_hosts / rx_hosts */
    hdr(&h, "files.log",
        "#fields\tts\tfuid\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tsource\tmd5");
    OK_TSV(&h, "6\tF1\tC1\t192.0.2.7\t51000\t198.51.100.9\t80\tHTTP\t-",
           "id.orig_h A 192.0.2.7\nid.resp_h A 198.51.100.9\n", "files|6|192.0.2.7|198.51.100.9");
}

static void test_zeek_tsv_logs(void **state)
{
    (void)state;
    zeek_hdr h;

    /* conn */
    hdr(&h, NULL,
        "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n"
        "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tconn_state\t"
        "tunnel_parents");
    OK_TSV(&h, "1700000000.000001\tC1\t192.0.2.1\t49152\t203.0.113.80\t80\ttcp\thttp\tSF\t(empty)",
           "id.orig_h A 192.0.2.1\nid.resp_h A 203.0.113.80\n",
           "conn|1700000000.000001|192.0.2.1|203.0.113.80");
    OK_TSV(&h, "1700000000.000002\tC2\t-\t-\t-\t-\ticmp\t-\tOTH\t-", "",
           "conn|1700000000.000002||");

    /* dns: answers are addresses or names; numbers and TXT answers are skipped */
    hdr(&h, "dns.log",
        "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tquery\tanswers\tTTLs");
    OK_TSV(&h,
           "1\tC\t192.0.2.1\t1\t198.51.100.53\t53\twww.evil.example\t"
           "cdn.evil.example,203.0.113.5,2001:db8::5,42,TXT 12 some text,mx.evil.example\t1.0,2.0",
           "query N www.evil.example\n"
           "answers N cdn.evil.example\n"
           "answers A 203.0.113.5\n"
           "answers A 2001:db8::5\n"
           "answers N mx.evil.example\n",
           "dns|1|192.0.2.1|198.51.100.53");
    OK_TSV(&h, "1\tC\t192.0.2.1\t1\t198.51.100.53\t53\t_ldap._tcp.dc.evil.example\t-\t-",
           "query N _ldap._tcp.dc.evil.example\n", "dns|1|192.0.2.1|198.51.100.53");

    /* http */
    hdr(&h, "http.log",
        "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_"
        "p\tmethod\thost\turi\treferrer");
    OK_TSV(&h,
           "1\tC\t192.0.2.1\t1\t203.0.113.80\t80\tGET\twww.evil.example\t/a?b=c\t"
           "http://ref.example/page",
           "referrer U http://ref.example/page\n"
           "host N www.evil.example\n"
           "uri U http://www.evil.example/a?b=c\n",
           "http|1|192.0.2.1|203.0.113.80");
    OK_TSV(&h, "1\tC\t192.0.2.1\t1\t203.0.113.80\t8080\tGET\tevil.example\t/x\tnot-a-url",
           "host N evil.example\nuri U http://evil.example:8080/x\n",
           "http|1|192.0.2.1|203.0.113.80");
    OK_TSV(&h, "1\tC\t192.0.2.1\t1\t203.0.113.80\t8443\tGET\tevil.example:8443\t/x\t-",
           "host N evil.example\nuri U http://evil.example:8443/x\n",
           "http|1|192.0.2.1|203.0.113.80");
    OK_TSV(&h,
           "1\tC\t192.0.2.1\t1\t203.0.113.80\t3128\tGET\tproxy.example\thttp://evil.example/p\t-",
           "host N proxy.example\nuri U http://evil.example/p\n", "http|1|192.0.2.1|203.0.113.80");
    OK_TSV(&h, "1\tC\t2001:db8::1\t1\t2001:db8::80\t8080\tGET\t-\t/x\t-",
           "uri U http://[2001:db8::80]:8080/x\n", "http|1|2001:db8::1|2001:db8::80");
    OK_TSV(&h, "1\tC\t192.0.2.1\t1\t203.0.113.80\t80\tGET\t203.0.113.80\t/bin.sh\t-",
           "host A 203.0.113.80\nuri U http://203.0.113.80/bin.sh\n",
           "http|1|192.0.2.1|203.0.113.80");
    OK_TSV(&h, "1\tC\t192.0.2.1\t1\t203.0.113.80\t80\tGET\t[2001:db8::80]:81\t/x\t-",
           "host A 2001:db8::80\nuri U http://[2001:db8::80]:81/x\n",
           "http|1|192.0.2.1|203.0.113.80");
    OK_TSV(&h, "1\tC\t192.0.2.1\t1\t203.0.113.80\t443\tCONNECT\tevil.example\tevil.example:443\t-",
           "host N evil.example\n", "http|1|192.0.2.1|203.0.113.80");
    OK_TSV(&h, "1\tC\t192.0.2.1\t1\t203.0.113.80\t80\tGET\t-\t-\t-", "",
           "http|1|192.0.2.1|203.0.113.80");

    /* ssl */
    hdr(&h, "ssl.log", "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tserver_name");
    OK_TSV(&h, "1\tC\t192.0.2.1\t1\t203.0.113.44\t443\tc2.evil.example",
           "server_name N c2.evil.example\n", "ssl|1|192.0.2.1|203.0.113.44");
    OK_TSV(&h, "1\tC\t192.0.2.1\t1\t203.0.113.44\t443\t203.0.113.44",
           "server_name A 203.0.113.44\n", "ssl|1|192.0.2.1|203.0.113.44");

    /* files */
    hdr(&h, "files.log",
        "#fields\tts\tfuid\ttx_hosts\trx_hosts\tconn_uids\tsource\tmime_type\tfilename\tmd5\tsha1\t"
        "sha256");
    OK_TSV(&h,
           "1\tF1\t203.0.113.80,2001:db8::80\t192.0.2.1\tC1\tHTTP\tapplication/x-dosexec\t"
           "evil.exe\td41d8cd98f00b204e9800998ecf8427e\tda39a3ee5e6b4b0d3255bfef95601890afd80709\t"
           "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
           "tx_hosts A 203.0.113.80\n"
           "tx_hosts A 2001:db8::80\n"
           "rx_hosts A 192.0.2.1\n"
           "md5 H d41d8cd98f00b204e9800998ecf8427e\n"
           "sha1 H da39a3ee5e6b4b0d3255bfef95601890afd80709\n"
           "sha256 H e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n",
           "files|1||");

    /* smtp: the address out of "Name <addr>"; escaped commas inside set elements */
    hdr(&h, "smtp.log",
        "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\thelo\tmailfrom\trcptto\t"
        "from\tto\tsubject");
    OK_TSV(&h,
           "1\tC\t192.0.2.1\t1\t198.51.100.25\t25\tmx.example\t<bad@evil.example>\t"
           "a@corp.example,b@corp.example\t\"Bad Guy\" <bad@evil.example>\t"
           "Alice <alice@corp.example>,\"Doe\\x2c John\" <jd@corp.example>,bob@corp.example\t"
           "see http://evil.example/",
           "mailfrom E bad@evil.example\n"
           "rcptto E a@corp.example\n"
           "rcptto E b@corp.example\n"
           "from E bad@evil.example\n"
           "to E alice@corp.example\n"
           "to E jd@corp.example\n"
           "to E bob@corp.example\n",
           "smtp|1|192.0.2.1|198.51.100.25");
    OK_TSV(&h, "1\tC\t192.0.2.1\t1\t198.51.100.25\t25\tmx.example\t<>\t-\tundisclosed\t(empty)\t-",
           "", "smtp|1|192.0.2.1|198.51.100.25");

    /* x509 */
    hdr(&h, "x509.log",
        "#fields\tts\tid\tcertificate.subject\tsan.dns\tsan.uri\tsan.email\tsan.ip");
    OK_TSV(&h,
           "1\tF1\tCN=evil.example\tevil.example,*.evil.example,www.evil.example\t-\t-\t"
           "203.0.113.9",
           "san.dns N evil.example\nsan.dns N *.evil.example\nsan.dns N www.evil.example\n",
           "x509|1||");
}

/* ---- Zeek JSON ----------------------------------------------------------------- */

static void test_zeek_json(void **state)
{
    (void)state;
    /* files of Zeek 6+, guessed from fuid: the peers in id.* */
    OK_JSON(ZEEK_UNKNOWN,
            "{\"ts\":7.5,\"fuid\":\"F9\",\"uid\":\"C9\",\"id.orig_h\":\"192.0.2.7\","
            "\"id.orig_p\":51000,\"id.resp_h\":\"198.51.100.9\",\"id.resp_p\":80,"
            "\"source\":\"HTTP\",\"sha1\":\"da39a3ee5e6b4b0d3255bfef95601890afd80709\"}",
            "id.orig_h A 192.0.2.7\nid.resp_h A 198.51.100.9\n"
            "sha1 H da39a3ee5e6b4b0d3255bfef95601890afd80709\n",
            "files|7.5|192.0.2.7|198.51.100.9");
    /* x509 without a SAN: x509 by certificate.version, no addresses */
    OK_JSON(ZEEK_UNKNOWN,
            "{\"ts\":8.0,\"fingerprint\":\"ab\",\"certificate.version\":3,"
            "\"certificate.subject\":\"CN=evil.example\"}",
            "", "x509|8.0||");
    /* notice by _path, though it has proto as conn has */
    OK_JSON(ZEEK_UNKNOWN,
            "{\"_path\":\"notice\",\"ts\":9.0,\"uid\":\"C8\",\"id.orig_h\":\"192.0.2.1\","
            "\"id.resp_h\":\"192.0.2.2\",\"proto\":\"tcp\",\"note\":\"Scan::Port_Scan\"}",
            "id.orig_h A 192.0.2.1\nid.resp_h A 192.0.2.2\n", "notice|9.0|192.0.2.1|192.0.2.2");
    /* weird by the file name */
    OK_JSON(ZEEK_WEIRD, "{\"ts\":10.0,\"name\":\"truncated_header\",\"peer\":\"zeek\"}", "",
            "weird|10.0||");
    /* conn, guessed from the fields */
    OK_JSON(ZEEK_UNKNOWN,
            "{\"ts\":1700000000.5,\"uid\":\"C1\",\"id.orig_h\":\"192.0.2.1\",\"id.orig_p\":1,"
            "\"id.resp_h\":\"198.51.100.1\",\"id.resp_p\":443,\"proto\":\"tcp\","
            "\"conn_state\":\"SF\",\"tunnel_parents\":[]}",
            "id.orig_h A 192.0.2.1\nid.resp_h A 198.51.100.1\n",
            "conn|1700000000.5|192.0.2.1|198.51.100.1");
    /* dns: answers array; numbers and TXT skipped; the file name's type */
    OK_JSON(ZEEK_DNS,
            "{\"ts\":\"2024-04-04T07:03:03.000001Z\",\"uid\":\"C2\",\"id.orig_h\":\"192.0.2.1\","
            "\"id.resp_h\":\"198.51.100.53\",\"proto\":\"udp\",\"query\":\"www.evil.example\","
            "\"answers\":[\"cdn.evil.example\",\"203.0.113.5\",\"2001:db8::5\",\"42\","
            "\"TXT 4 text\"],\"TTLs\":[60.0,60.0]}",
            "query N www.evil.example\n"
            "answers N cdn.evil.example\n"
            "answers A 203.0.113.5\n"
            "answers A 2001:db8::5\n",
            "dns|2024-04-04T07:03:03.000001Z|192.0.2.1|198.51.100.53");
    /* http: escaped strings are unescaped; the port is a number */
    OK_JSON(ZEEK_UNKNOWN,
            "{\"ts\":1.25,\"uid\":\"C3\",\"id.orig_h\":\"192.0.2.1\",\"id.orig_p\":49152,"
            "\"id.resp_h\":\"203.0.113.80\",\"id.resp_p\":8080,\"method\":\"GET\","
            "\"host\":\"evil.example\",\"uri\":\"\\/gate.php?id=\\u0031\","
            "\"referrer\":\"http:\\/\\/ref.example\\/\",\"tags\":[]}",
            "referrer U http://ref.example/\n"
            "host N evil.example\n"
            "uri U http://evil.example:8080/gate.php?id=1\n",
            "http|1.25|192.0.2.1|203.0.113.80");
    /* ssl */
    OK_JSON(ZEEK_SSL,
            "{\"ts\":2,\"uid\":\"C4\",\"id.orig_h\":\"192.0.2.1\",\"id.resp_h\":\"203.0.113.44\","
            "\"server_name\":\"c2.evil.example\",\"cert_chain_fuids\":[\"F1\"]}",
            "server_name N c2.evil.example\n", "ssl|2|192.0.2.1|203.0.113.44");
    /* smtp */
    OK_JSON(ZEEK_UNKNOWN,
            "{\"ts\":3,\"uid\":\"C5\",\"id.orig_h\":\"192.0.2.1\",\"id.resp_h\":\"198.51.100.25\","
            "\"mailfrom\":\"bad@evil.example\",\"rcptto\":[\"a@corp.example\",\"b@corp.example\"],"
            "\"from\":\"\\\"x@y.example\\\" <bad@evil.example>\","
            "\"to\":[\"\\\"Alice\\\" <alice@corp.example>\"],\"path\":[\"198.51.100.25\"]}",
            "mailfrom E bad@evil.example\n"
            "rcptto E a@corp.example\n"
            "rcptto E b@corp.example\n"
            "from E bad@evil.example\n"
            "to E alice@corp.example\n",
            "smtp|3|192.0.2.1|198.51.100.25");
    /* files and x509 */
    OK_JSON(
        ZEEK_UNKNOWN,
        "{\"ts\":4,\"fuid\":\"F1\",\"tx_hosts\":[\"203.0.113.80\"],\"rx_hosts\":[\"192.0.2.1\"],"
        "\"md5\":\"d41d8cd98f00b204e9800998ecf8427e\"}",
        "tx_hosts A 203.0.113.80\nrx_hosts A 192.0.2.1\nmd5 H d41d8cd98f00b204e9800998ecf8427e\n",
        "files|4||");
    OK_JSON(ZEEK_X509,
            "{\"ts\":5,\"id\":\"F1\",\"san.dns\":[\"evil.example\",\"www.evil.example\"]}",
            "san.dns N evil.example\nsan.dns N www.evil.example\n", "x509|5||");
    /* "_path" wins over the file name */
    OK_JSON(
        ZEEK_CONN,
        "{\"_path\":\"ssl\",\"ts\":6,\"id.orig_h\":\"192.0.2.1\",\"id.resp_h\":\"203.0.113.44\","
        "\"server_name\":\"evil.example\"}",
        "server_name N evil.example\n", "ssl|6|192.0.2.1|203.0.113.44");
    /* the file name wins over guessing; nested "id" objects give the same paths */
    OK_JSON(ZEEK_CONN,
            "{\"ts\":7,\"id\":{\"orig_h\":\"192.0.2.1\",\"resp_h\":\"198.51.100.53\"},"
            "\"query\":\"q.example\"}",
            "id.orig_h A 192.0.2.1\nid.resp_h A 198.51.100.53\n", "conn|7|192.0.2.1|198.51.100.53");
    /* unknown: addresses only; null, numbers and booleans are no observables */
    OK_JSON(
        ZEEK_UNKNOWN,
        "{\"ts\":8,\"uid\":\"C\",\"id.orig_h\":\"192.0.2.1\",\"id.resp_h\":null,\"name\":\"x\"}",
        "id.orig_h A 192.0.2.1\n", "zeek|8|192.0.2.1|");
    OK_JSON(ZEEK_DNS, "{\"ts\":9,\"query\":true,\"answers\":[1,null,\"a.example\"]}\r",
            "answers N a.example\n", "dns|9||");

    const char *why;
    const char *bad[] = {
        "not json",
        "{\"ts\":1,",
        "[1,2]",
        "{\"ts\":1}}",
        "{\"ts\":1,\"query\":\"a.example\",}",
        "{\"query\":\"\\x41\"}",
        "",
        "   ",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(zjson(ZEEK_DNS, bad[i], &why), -1);
        assert_non_null(why);
        assert_int_equal(E->nobs, 0);
    }
}

/* ---- syslog, CEF, text ------------------------------------------------------------ */

static void test_syslog(void **state)
{
    (void)state;
    OK_TEXT(MATCH_FMT_SYSLOG,
            "<34>Oct 11 22:14:15 mymachine.example su[123]: 'su root' failed for lonvick on "
            "/dev/pts/8 from 192.0.2.44 via relay.evil.example",
            "text T 192.0.2.44\ntext T relay.evil.example\n", "syslog|Oct 11 22:14:15||");
    OK_TEXT(MATCH_FMT_SYSLOG,
            "<13>Feb  5 17:32:18 gw.example sshd: Failed password for root from "
            "198.51.100.9 port 22 ssh2",
            "text T 198.51.100.9\n", "syslog|Feb  5 17:32:18||");
    /* no host; a tag right after the time */
    OK_TEXT(MATCH_FMT_SYSLOG, "<13>Feb 15 17:32:18 cron[7]: fetch evil.example done",
            "text T evil.example\n", "syslog|Feb 15 17:32:18||");
    /* no tag: the message starts after the host */
    OK_TEXT(MATCH_FMT_SYSLOG, "<13>Feb 15 17:32:18 host.example link to 203.0.113.1 up",
            "text T 203.0.113.1\n", "syslog|Feb 15 17:32:18||");
    /* no PRI (a syslog file on disk), RFC 3339 time instead of RFC 3164's */
    OK_TEXT(MATCH_FMT_SYSLOG, "Feb 15 17:32:18 host.example kernel: DROP SRC=203.0.113.7",
            "text T 203.0.113.7\n", "syslog|Feb 15 17:32:18||");
    OK_TEXT(MATCH_FMT_SYSLOG,
            "<30>2024-04-04T07:03:03+08:00 ns1.example named[9]: query evil.example IN A",
            "text T evil.example\n", "syslog|2024-04-04T07:03:03+08:00||");
    /* RFC 5424: structured data and message are tokenised */
    OK_TEXT(MATCH_FMT_SYSLOG,
            "<165>1 2003-10-11T22:14:15.003Z host.example evntslog - ID47 [exampleSDID@32473 "
            "iut=\"3\" src=\"192.0.2.5\"] \xEF\xBB\xBF"
            "An event from https://evil.example/x?a=1 by bad@evil.example.",
            "text T exampleSDID@32473\n"
            "text T 192.0.2.5\n"
            "text T https://evil.example/x?a=1\n"
            "text T bad@evil.example\n",
            "syslog|2003-10-11T22:14:15.003Z||");
    OK_TEXT(MATCH_FMT_SYSLOG, "<165>1 - - - - - - 198.51.100.77", "text T 198.51.100.77\n",
            "syslog|||");
    /* not a syslog line at all: all of it is text */
    OK_TEXT(MATCH_FMT_SYSLOG, "continuation of evil.example", "text T evil.example\n", "syslog|||");
}

static void test_cef(void **state)
{
    (void)state;
    OK_TEXT(
        MATCH_FMT_CEF,
        "CEF:0|Vendor\\|X|Prod|1.0|100|Detected a\\|b c2.evil.example|7|src=192.0.2.1 "
        "dst=198.51.100.2 dhost=c2.evil.example "
        "request=https://c2.evil.example/gate.php?id\\=1 msg=Beacon to bad.example seen "
        "\\= twice fileHash=d41d8cd98f00b204e9800998ecf8427e suser=bad@evil.example "
        "duser=CORP\\\\alice rt=Apr 04 2024 07:03:03 shost=192.0.2.9 "
        "sourceTranslatedAddress=203.0.113.1 destinationTranslatedAddress=203.0.113.2 "
        "dvc=192.0.2.254 dvchost=fw.example oldFileHash=da39a3ee5e6b4b0d3255bfef95601890afd80709 "
        "cs1Label=Threat cs1=Trojan.Generic evil2.example",
        "name T c2.evil.example\n"
        "src A 192.0.2.1\n"
        "dst A 198.51.100.2\n"
        "dhost N c2.evil.example\n"
        "request U https://c2.evil.example/gate.php?id=1\n"
        "msg T bad.example\n"
        "fileHash H d41d8cd98f00b204e9800998ecf8427e\n"
        "suser T bad@evil.example\n"
        "duser T CORP\\alice\n"
        "shost A 192.0.2.9\n"
        "sourceTranslatedAddress A 203.0.113.1\n"
        "destinationTranslatedAddress A 203.0.113.2\n"
        "dvc A 192.0.2.254\n"
        "dvchost N fw.example\n"
        "oldFileHash H da39a3ee5e6b4b0d3255bfef95601890afd80709\n"
        "cs1 T Trojan.Generic\n"
        "cs1 T evil2.example\n",
        "cef|Apr 04 2024 07:03:03|192.0.2.1|198.51.100.2");
    /* after a syslog header: its time, unless rt= */
    OK_TEXT(MATCH_FMT_CEF,
            "<134>Feb 14 19:04:54 fw.example CEF:0|V|P|1|2|N|3|dst=203.0.113.5 "
            "request=/admin/login.php act=blocked",
            "dst A 203.0.113.5\nrequest T /admin/login.php\n", "cef|Feb 14 19:04:54||203.0.113.5");
    OK_TEXT(MATCH_FMT_CEF,
            "<134>1 2024-04-04T07:03:03Z fw.example cef - - - CEF:1|V|P|1|2|N|3|rt=1712214183000 "
            "src=2001:db8::9 msg=hello world from evil.example. ",
            "src A 2001:db8::9\nmsg T evil.example\n", "cef|1712214183000|2001:db8::9|");
    /* blanks around values */
    OK_TEXT(MATCH_FMT_CEF, "CEF:0|V|P|1|2|N|3|src=  192.0.2.1  dst=198.51.100.1 ",
            "src A 192.0.2.1\ndst A 198.51.100.1\n", "cef||192.0.2.1|198.51.100.1");
    /* an empty extension, and an extension that is not key=value */
    OK_TEXT(MATCH_FMT_CEF, "CEF:0|V|P|1|2|c2 at evil.example|3|", "name T evil.example\n",
            "cef|||");
    OK_TEXT(MATCH_FMT_CEF, "CEF:0|V|P|1|2|N|3|garbage 192.0.2.1 x=y", "cef T 192.0.2.1\n",
            "cef|||");
    OK_TEXT(MATCH_FMT_CEF, "CEF:0|V|P|1|2|N|3|a= b=\\\\ c=192.0.2.3 d=\\", "c T 192.0.2.3\n",
            "cef|||");
    /* a plain syslog line in a CEF stream */
    OK_TEXT(MATCH_FMT_CEF, "<13>Feb 15 17:32:18 host.example app: to 203.0.113.1",
            "text T 203.0.113.1\n", "syslog|Feb 15 17:32:18||");
    const char *why;
    assert_int_equal(text(MATCH_FMT_CEF, "CEF:0|V|P|1|2|N", &why), -1);
    assert_non_null(why);
    assert_int_equal(E->nobs, 0);
    assert_int_equal(text(MATCH_FMT_CEF, "CEF:0|V\\|P|1|2|N|3", &why), -1);
}

static void test_text(void **state)
{
    (void)state;
    OK_TEXT(MATCH_FMT_TEXT,
            "GET \"http://evil.example/a b\" 'https://x.example/q?a=1&b=2' "
            "<mailto:bad@evil.example> (see http://paren.example/x). host:evil.example "
            "192.0.2.1:8080 [2001:db8::1]:443 version 1.2 and 6.1.7601.24000 user@ @x.example "
            "foo@bar.example! D41D8CD98F00B204E9800998ECF8427E 12:34:56 08:00:27:aa:bb:cc "
            "xn--bcher-kva.example b\xC3\xBC"
            "cher.example .hidden -x.example 03.123Z a.b1 evil.example. 1234567 ",
            "text T http://evil.example/a\n"
            "text T https://x.example/q?a=1&b=2\n"
            "text T bad@evil.example\n"
            "text T http://paren.example/x\n"
            "text T evil.example\n"
            "text T 192.0.2.1\n"
            "text T 2001:db8::1\n"
            "text T 6.1.7601.24000\n"
            "text T foo@bar.example\n"
            "text T D41D8CD98F00B204E9800998ECF8427E\n"
            "text T xn--bcher-kva.example\n"
            "text T b\xC3\xBC"
            "cher.example\n"
            "text T a.b1\n"
            "text T evil.example\n",
            "text|||");
    /* IPv6 forms, hashes, separators, URLs with brackets */
    OK_TEXT(MATCH_FMT_TEXT,
            "a=2001:db8::1,b=::ffff:192.0.2.1;c=2001:0db8:0000:0000:0000:0000:0000:0001|"
            "d=2001:db8::2%eth0 e=da39a3ee5e6b4b0d3255bfef95601890afd80709 "
            "{e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855} "
            "`ftp://files.example/x` http://[2001:db8::1]:8080/p] (http://x.example/a_(b)) "
            "hxxp://defanged.example/ http:// evil[.]example",
            "text T 2001:db8::1\n"
            "text T ::ffff:192.0.2.1\n"
            "text T 2001:0db8:0000:0000:0000:0000:0000:0001\n"
            "text T da39a3ee5e6b4b0d3255bfef95601890afd80709\n"
            "text T e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
            "text T ftp://files.example/x\n"
            "text T http://[2001:db8::1]:8080/p]\n"
            "text T http://x.example/a_(b))\n"
            "text T hxxp://defanged.example/\n",
            "text|||");
    /* nothing: numbers, words, times, short tokens; a CR at the end */
    OK_TEXT(MATCH_FMT_TEXT, "the quick 1 22 333 4.5 6.7.8 brown fox at 12:00\r", "", "text|||");
    OK_TEXT(MATCH_FMT_TEXT, "", "", "text|||");
    OK_TEXT(MATCH_FMT_TEXT, "evil.example", "text T evil.example\n", "text|||");
    OK_TEXT(MATCH_FMT_TEXT, "a.b", "text T a.b\n", "text|||");
    OK_TEXT(MATCH_FMT_TEXT, "http://", "", "text|||");

    /* more than MATCH_MAX_OBS tokens: the rest are counted as dropped */
    size_t n = MATCH_MAX_OBS + 10;
    char *big = malloc(n * 8 + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        o += (size_t)sprintf(big + o, "a%03zu.ex ", i % 1000);
    big[o] = '\0';
    const char *why;
    assert_int_equal(text(MATCH_FMT_TEXT, big, &why), 0);
    assert_int_equal(E->nobs, MATCH_MAX_OBS);
    assert_int_equal(E->dropped, 10);
    free(big);
}

/* ---- detection -------------------------------------------------------------------- */

static match_format det(const char *s)
{
    const char *l = dup_line(s);
    return match_detect(l, strlen(s));
}

static void test_detect(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        match_format want;
    } cases[] = {
        {"{\"timestamp\":\"2024-04-04T07:03:03Z\",\"event_type\":\"dns\"}\n", MATCH_FMT_EVE},
        {"\n\n  {\"event_type\" : \"alert\"}", MATCH_FMT_EVE},
        {"\xEF\xBB\xBF{\"event_type\":\"flow\"}\r\n", MATCH_FMT_EVE},
        {"{\"ts\":1.5,\"uid\":\"C1\",\"id.orig_h\":\"192.0.2.1\"}\n", MATCH_FMT_ZEEK},
        {"{\"ts\":1.5,\"id.orig_h\":\"192.0.2.1\"}", MATCH_FMT_ZEEK},
        {"{\"ts\":1,\"fuid\":\"F1\",\"md5\":\"x\"}", MATCH_FMT_ZEEK},
        /* logs of no connection: x509, notice, weird, any with _path */
        {"{\"ts\":1,\"fingerprint\":\"ab\",\"certificate.version\":3}", MATCH_FMT_ZEEK},
        {"{\"ts\":1,\"note\":\"SSL::Invalid_Server_Cert\",\"msg\":\"m\"}", MATCH_FMT_ZEEK},
        {"{\"ts\":1,\"name\":\"truncated_header\",\"peer\":\"zeek\"}", MATCH_FMT_ZEEK},
        {"{\"_path\":\"dhcp\",\"ts\":1}", MATCH_FMT_ZEEK},
        /* "ts" alone, or keys that are values, are not enough */
        {"{\"ts\":1,\"id\":\"x\"}", MATCH_FMT_TEXT},
        {"{\"a\":\"ts\",\"b\":\"uid\"}", MATCH_FMT_TEXT},
        /* the next JSON lines are looked at too */
        {"{\"a\":1}\n{\"event_type\":\"stats\"}\n", MATCH_FMT_EVE},
        {"{\"a\":1}\nplain text\n{\"event_type\":\"stats\"}\n", MATCH_FMT_TEXT},
        {"#separator \\x09\n#set_separator\t,\n", MATCH_FMT_ZEEK},
        {"#fields\tts\tuid\n", MATCH_FMT_ZEEK},
        {"### a preface\n#separator \\x09\n", MATCH_FMT_ZEEK},
        {"# a comment\nplain text\n", MATCH_FMT_TEXT},
        {"# a comment\n<13>Feb  5 17:32:18 h t: m\n", MATCH_FMT_SYSLOG},
        {"CEF:0|V|P|1|2|N|3|src=192.0.2.1\n", MATCH_FMT_CEF},
        {"<134>Feb 14 19:04:54 fw.example CEF:0|V|P|1|2|N|3|dst=192.0.2.1", MATCH_FMT_CEF},
        {"<134>1 2024-04-04T07:03:03Z fw - - - CEF:1|V|P|1|2|N|3|x=y", MATCH_FMT_CEF},
        {"<165>1 2003-10-11T22:14:15.003Z host app - ID47 - msg\n", MATCH_FMT_SYSLOG},
        {"<34>Oct 11 22:14:15 mymachine su: 'su root' failed\n", MATCH_FMT_SYSLOG},
        {"<13>Feb  5 17:32:18", MATCH_FMT_SYSLOG},
        {"\r\n<13>Feb  5 17:32:18 h t: m", MATCH_FMT_SYSLOG},
        {"<34>bad header", MATCH_FMT_TEXT},
        {"<1234>1 x", MATCH_FMT_TEXT},
        {"Oct 11 22:14:15 host su: no PRI", MATCH_FMT_TEXT},
        {"hello world CEF: not really", MATCH_FMT_TEXT},
        {"hello world\n", MATCH_FMT_TEXT},
        {"", MATCH_FMT_TEXT},
        {"\n\n \n", MATCH_FMT_TEXT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_int_equal(det(cases[i].text), cases[i].want);
    assert_int_equal(match_detect(NULL, 0), MATCH_FMT_TEXT);
}

/* ---- bulk input (its speed is measured by make bench-match) ------------------------- */

/* Run the extractor over every line of buf (each must extract): the observables. */
static size_t extract_all(int which, const zeek_hdr *h, const char *buf, size_t len)
{
    size_t nobs = 0;
    {
        const char *p = buf, *end = buf + len;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t n = (size_t)((nl ? nl : end) - p);
            const char *why;
            int rc = which == 0   ? match_extract_zeek_tsv(h, p, n, E, &why)
                     : which == 1 ? match_extract_zeek_json(ZEEK_UNKNOWN, p, n, E, &why)
                                  : match_extract_text(MATCH_FMT_TEXT, p, n, E, &why);
            assert_int_equal(rc, 0);
            nobs += E->nobs;
            p = nl ? nl + 1 : end;
        }
    }
    return nobs;
}

/* Megabytes of generated lines of every kind: each line extracts, and each
 * kind yields observables. */
static void test_bulk(void **state)
{
    (void)state;
    size_t cap = 8u << 20, len = 0;
    char *buf = malloc(cap);
    zeek_hdr h;
    hdr(&h, "conn.log",
        "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\t"
        "orig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\t"
        "orig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents");
    for (unsigned i = 0; len + 300 < cap; i++)
        len += (size_t)snprintf(
            buf + len, cap - len,
            "1700000000.%06u\tC%08uabcd\t192.0.2.%u\t%u\t203.0.113.%u\t443\ttcp\t"
            "ssl\t0.%06u\t%u\t%u\tSF\tT\tF\t0\tShADadFf\t12\t1024\t10\t8000\t-\n",
            i % 1000000, i, i % 250, 1024 + i % 60000, i % 200, i % 999999, i % 9000, i % 90000);
    assert_true(extract_all(0, &h, buf, len) > 0);

    len = 0;
    hdr(&h, "dns.log",
        "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_"
        "id\trtt\tquery\t"
        "qclass\tqclass_name\tqtype\tqtype_name\trcode\trcode_name\tAA\tTC\tRD\tRA\tZ\tanswers\t"
        "TTLs\trejected");
    for (unsigned i = 0; len + 300 < cap; i++)
        len +=
            (size_t)snprintf(buf + len, cap - len,
                             "1700000000.%06u\tC%08uabcd\t192.0.2.%u\t%u\t198.51.100.53\t53\tudp\t"
                             "%u\t0.000%u\twww%u.example\t1\tC_INTERNET\t1\tA\t0\tNOERROR\tF\tF\t"
                             "T\tT\t0\tcdn%u.example,203.0.113.%u\t60.0,60.0\tF\n",
                             i % 1000000, i, i % 250, 1024 + i % 60000, i % 65535, i % 999,
                             i % 5000, i % 100, i % 250);
    assert_true(extract_all(0, &h, buf, len) > 0);

    len = 0;
    for (unsigned i = 0; len + 400 < cap; i++)
        len += (size_t)snprintf(
            buf + len, cap - len,
            "<134>Apr  4 07:03:%02u fw%u.example kernel: [UFW BLOCK] IN=eth0 OUT= "
            "MAC=00:16:3e:aa:bb:cc:00:16:3e:dd:ee:ff:08:00 SRC=192.0.2.%u DST=203.0.113.%u LEN=60 "
            "TOS=0x00 PREC=0x00 TTL=%u ID=%u DF PROTO=TCP SPT=%u DPT=443 WINDOW=64240 RES=0x00 "
            "SYN URGP=0 user=alice msg=\"fetch https://cdn%u.example/a/b.js?x=%u failed\"\n",
            i % 60, i % 9, i % 250, i % 200, 40 + i % 20, i % 65535, 1024 + i % 60000, i % 100, i);
    assert_true(extract_all(2, NULL, buf, len) > 0);

    len = 0;
    for (unsigned i = 0; len + 400 < cap; i++)
        len += (size_t)snprintf(
            buf + len, cap - len,
            "{\"ts\":1700000000.%06u,\"uid\":\"C%08uabcd\",\"id.orig_h\":\"192.0.2.%u\","
            "\"id.orig_p\":%u,\"id.resp_h\":\"198.51.100.53\",\"id.resp_p\":53,\"proto\":\"udp\","
            "\"trans_id\":%u,\"query\":\"www%u.example\",\"qclass\":1,\"qclass_name\":\"C_"
            "INTERNET\","
            "\"qtype\":1,\"qtype_name\":\"A\",\"rcode\":0,\"rcode_name\":\"NOERROR\",\"AA\":false,"
            "\"answers\":[\"cdn%u.example\",\"203.0.113.%u\"],\"TTLs\":[60.0,60.0]}\n",
            i % 1000000, i, i % 250, 1024 + i % 60000, i % 65535, i % 5000, i % 100, i % 250);
    assert_true(extract_all(1, NULL, buf, len) > 0);
    free(buf);
}

/* ---- the real samples ---------------------------------------------------------------- */

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, k;
    char *b = malloc(cap);
    while ((k = fread(b + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap)
            b = realloc(b, cap *= 2);
    }
    fclose(f);
    *len = n;
    return b;
}

typedef struct zexpect {
    const char *file;
    match_format fmt;
    size_t events, bad, obs;
    size_t kinds[6];   /* per match_kind */
    const char *first; /* the observables of the first event, dumped */
} zexpect;

static void test_shared_zeek(void **state)
{
    (void)state;
    const char *base = getenv("GISAC_SHARED");
    if (!base || !*base)
        base = "../shared";
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/data/zeek", base);
    struct stat st;
    if (stat(dir, &st) < 0) {
        print_message("skipping: %s is not there (set GISAC_SHARED)\n", dir);
        skip();
    }
    /* counted independently of this code, with a script over the same rules */
    /* clang-format off */
    static const zexpect x[] = {
        {"zeek-btest-basic-conn.log", MATCH_FMT_ZEEK, 34, 0, 68, {68, 0, 0, 0, 0, 0},
         "id.orig_h A 141.142.220.202\nid.resp_h A 224.0.0.251\n"},
        {"zeek-btest-basic-dns.log", MATCH_FMT_ZEEK, 34, 0, 49, {5, 44, 0, 0, 0, 0},
         "query N gemini._sftp-ssh._tcp.local\n"},
        {"zeek-btest-basic-http.log", MATCH_FMT_ZEEK, 14, 0, 42, {0, 14, 28, 0, 0, 0},
         "referrer U http://www.wikipedia.org/\nhost N bits.wikimedia.org\n"
         "uri U http://bits.wikimedia.org/skins-1.5/monobook/main.css\n"},
        {"zeek-btest-ipv6-dns.log", MATCH_FMT_ZEEK, 3, 0, 3, {0, 3, 0, 0, 0, 0},
         "query N txtpadding_323.n1.netalyzr.icsi.berkeley.edu\n"},
        {"stratosphere-test9-conn.log", MATCH_FMT_ZEEK, 576, 0, 1152, {1152, 0, 0, 0, 0, 0},
         "id.orig_h A fe80::1cf4:44d2:904a:14f7\nid.resp_h A ff02::1:3\n"},
        {"stratosphere-test9-dns.log", MATCH_FMT_ZEEK, 239, 0, 836, {374, 462, 0, 0, 0, 0},
         "query N isatap.felk.cvut.cz\n"},
        {"stratosphere-test9-http.log", MATCH_FMT_ZEEK, 516, 0, 1339, {112, 404, 823, 0, 0, 0},
         "host A 112.255.161.10\nuri U http://112.255.161.10/bin.sh\n"},
        {"stratosphere-test9-ssl.log", MATCH_FMT_ZEEK, 205, 0, 205, {0, 205, 0, 0, 0, 0},
         "server_name N ieonline.microsoft.com\n"},
        {"stratosphere-test14-smtp.log", MATCH_FMT_ZEEK, 5, 0, 16, {0, 0, 0, 0, 16, 0}, NULL},
    };
    /* clang-format on */
    for (size_t i = 0; i < sizeof x / sizeof x[0]; i++) {
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, x[i].file);
        size_t len;
        char *buf = read_all(path, &len);
        if (!buf) {
            print_message("skipping: %s is not there\n", path);
            continue;
        }
        assert_int_equal(match_detect(buf, len), x[i].fmt);
        zeek_hdr h;
        zeek_hdr_init(&h, x[i].file);
        zeek_log log = zeek_log_from_name(x[i].file);
        size_t events = 0, bad = 0, obs = 0, kinds[6] = {0};
        char first[4096] = "";
        const char *p = buf, *end = buf + len;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t n = (size_t)((nl ? nl : end) - p);
            const char *why = NULL;
            if (n && p[0] == '#') {
                zeek_hdr_line(&h, p, n);
            } else if (n) {
                int rc = p[0] == '{' ? match_extract_zeek_json(log, p, n, E, &why)
                                     : match_extract_zeek_tsv(&h, p, n, E, &why);
                if (rc == 0) {
                    if (!events)
                        snprintf(first, sizeof first, "%s", dump());
                    events++;
                    obs += E->nobs;
                    for (size_t k = 0; k < E->nobs; k++)
                        kinds[E->obs[k].kind]++;
                    assert_int_equal(E->dropped, 0);
                    if (E->event_type.n != strlen(zeek_log_name(log)))
                        print_message("%.*s %s\n", (int)n, p, meta());
                    assert_int_equal(E->event_type.n, strlen(zeek_log_name(log)));
                } else {
                    bad++;
                }
            }
            p = nl ? nl + 1 : end;
        }
        print_message("  %-30s events %zu bad %zu observables %zu (A %zu N %zu U %zu H %zu E %zu "
                      "T %zu)\n",
                      x[i].file, events, bad, obs, kinds[0], kinds[1], kinds[2], kinds[3], kinds[4],
                      kinds[5]);
        assert_int_equal(events, x[i].events);
        assert_int_equal(bad, x[i].bad);
        assert_int_equal(obs, x[i].obs);
        for (int k = 0; k < 6; k++)
            assert_int_equal(kinds[k], x[i].kinds[k]);
        if (x[i].first)
            assert_string_equal(first, x[i].first);
        free(buf);
    }
}

/* ---- main ------------------------------------------------------------------------------ */

static int setup(void **state)
{
    (void)state;
    E = malloc(sizeof *E);
    match_event_reset(E);
    return E ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(E);
    free(cur);
    cur = NULL;
    return 0;
}

TEST_MAIN_GROUP(NULL, NULL, setup, teardown, TEST_CASE(test_zeek_log_names),
                TEST_CASE(test_zeek_hdr), TEST_CASE(test_zeek_tsv_custom_separators),
                TEST_CASE(test_zeek_tsv_bad_lines), TEST_CASE(test_zeek_tsv_log_choice),
                TEST_CASE(test_zeek_tsv_logs), TEST_CASE(test_zeek_json), TEST_CASE(test_syslog),
                TEST_CASE(test_cef), TEST_CASE(test_text), TEST_CASE(test_detect),
                TEST_CASE(test_bulk), TEST_CASE(test_shared_zeek))
