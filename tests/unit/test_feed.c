/*
 * test_feed.c: the feed parsers (plain, csv, ndjson, stix, misp), format
 * detection, MISP feed directories, and the real samples in
 * ${GISAC_SHARED}/data when they are there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "feed/feed.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- a sink that keeps copies of everything ------------------------------ */

typedef struct rec {
    ioc_type type;
    char *value, *stix_id, *name, *description, *created_by, *where, *labels;
    size_t nlabels;
    unsigned warn;
    int64_t first_seen, last_seen, valid_from, valid_until;
    int confidence, matchable;
    gisac_tlp tlp;
} rec;

typedef struct col {
    rec *r;
    size_t n, cap;
    char **rej, **uns, **wrn;
    size_t nrej, nuns, nwrn;
    size_t nprog, last_done, last_total;
    int prog_backwards;
    size_t stop_after; /* return GISAC_EABORT from the record callback after this many */
} col;

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int on_record(void *ctx, const feed_record *fr)
{
    col *c = ctx;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->r = realloc(c->r, c->cap * sizeof *c->r);
        assert_non_null(c->r);
    }
    rec *r = &c->r[c->n++];
    memset(r, 0, sizeof *r);
    r->type = fr->type;
    r->value = dup_or_null(fr->value);
    r->stix_id = dup_or_null(fr->stix_id);
    r->name = dup_or_null(fr->name);
    r->description = dup_or_null(fr->description);
    r->created_by = dup_or_null(fr->created_by);
    r->where = dup_or_null(fr->where);
    r->nlabels = fr->nlabels;
    size_t len = 1;
    for (size_t i = 0; i < fr->nlabels; i++)
        len += strlen(fr->labels[i]) + 1;
    r->labels = calloc(1, len);
    for (size_t i = 0; i < fr->nlabels; i++) {
        if (i)
            strcat(r->labels, "|");
        strcat(r->labels, fr->labels[i]);
    }
    r->warn = fr->warn;
    r->first_seen = fr->first_seen;
    r->last_seen = fr->last_seen;
    r->valid_from = fr->valid_from;
    r->valid_until = fr->valid_until;
    r->confidence = fr->confidence;
    r->matchable = fr->matchable;
    r->tlp = fr->tlp;
    if (c->stop_after && c->n >= c->stop_after)
        return GISAC_EABORT;
    return 0;
}

static void push_msg(char ***list, size_t *n, const char *where, const char *msg)
{
    *list = realloc(*list, (*n + 1) * sizeof **list);
    assert_non_null(*list);
    size_t len = strlen(where) + strlen(msg) + 3;
    char *s = malloc(len);
    snprintf(s, len, "%s: %s", where, msg);
    (*list)[(*n)++] = s;
}

static void on_reject(void *ctx, const char *where, const char *msg)
{
    col *c = ctx;
    push_msg(&c->rej, &c->nrej, where, msg);
}

static void on_unsupported(void *ctx, const char *where, const char *msg)
{
    col *c = ctx;
    push_msg(&c->uns, &c->nuns, where, msg);
}

static void on_warn(void *ctx, const char *where, const char *msg)
{
    col *c = ctx;
    push_msg(&c->wrn, &c->nwrn, where, msg);
}

static void on_progress(void *ctx, size_t done, size_t total)
{
    col *c = ctx;
    if (done < c->last_done || done > total)
        c->prog_backwards = 1;
    c->nprog++;
    c->last_done = done;
    c->last_total = total;
}

static void col_free(col *c)
{
    for (size_t i = 0; i < c->n; i++) {
        rec *r = &c->r[i];
        free(r->value);
        free(r->stix_id);
        free(r->name);
        free(r->description);
        free(r->created_by);
        free(r->where);
        free(r->labels);
    }
    free(c->r);
    for (size_t i = 0; i < c->nrej; i++)
        free(c->rej[i]);
    for (size_t i = 0; i < c->nuns; i++)
        free(c->uns[i]);
    for (size_t i = 0; i < c->nwrn; i++)
        free(c->wrn[i]);
    free(c->rej);
    free(c->uns);
    free(c->wrn);
    memset(c, 0, sizeof *c);
}

static feed_sink sink_for(col *c)
{
    feed_sink s = {c, on_record, on_reject, on_unsupported, on_warn, on_progress};
    return s;
}

static int parse_len(col *c, const char *name, const char *data, size_t len, feed_format f,
                     const char *column, gisac_err *e)
{
    feed_opts o = {.format = f, .column = column};
    feed_sink s = sink_for(c);
    return feed_parse(name, data, len, &o, &s, e);
}

static int parse(col *c, const char *name, const char *data, feed_format f, const char *column,
                 gisac_err *e)
{
    return parse_len(c, name, data, strlen(data), f, column, e);
}

/* JSON written with ' for " (no ' in the values), for readable literals */
static char *Q(const char *s)
{
    char *d = strdup(s);
    for (char *p = d; *p; p++)
        if (*p == '\'')
            *p = '"';
    return d;
}

static int64_t T(const char *s)
{
    int64_t t = 0;
    assert_int_equal(gisac_time_parse(s, strlen(s), &t), 0);
    return t;
}

/* the reason ioc_normalise gives for s (the reject reason the parsers pass on) */
static const char *norm_err(ioc_type want, const char *s)
{
    static gisac_err e;
    char out[IOC_VALUE_MAX];
    assert_int_not_equal(ioc_normalise(want, s, strlen(s), out, sizeof out, NULL, NULL, &e), 0);
    return e.msg;
}

static char *cat3(const char *a, const char *b, const char *c)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
    char *s = malloc(n);
    snprintf(s, n, "%s%s%s", a, b, c);
    return s;
}

static void assert_rec(const rec *r, ioc_type type, const char *value, const char *where)
{
    assert_int_equal(r->type, type);
    assert_string_equal(r->value, value);
    assert_string_equal(r->where, where);
}

/* ---- names and detection ---------------------------------------------- */

static void test_format_names(void **state)
{
    (void)state;
    const char *names[] = {"auto", "plain", "csv", "ndjson", "stix", "misp"};
    for (int i = 0; i < 6; i++) {
        feed_format f;
        assert_string_equal(feed_format_name((feed_format)i), names[i]);
        assert_int_equal(feed_format_from_name(names[i], &f), 0);
        assert_int_equal(f, (feed_format)i);
    }
    feed_format f;
    assert_int_equal(feed_format_from_name("CSV", &f), 0);
    assert_int_equal(f, FEED_CSV);
    assert_int_equal(feed_format_from_name("xml", &f), GISAC_EINVAL);
    assert_int_equal(feed_format_from_name(NULL, &f), GISAC_EINVAL);
}

static void test_detect(void **state)
{
    (void)state;
    static const struct {
        const char *name, *text;
        feed_format want;
    } cases[] = {
        {"x.json", "{\n  \"type\": \"bundle\",\n  \"id\": \"bundle--1\",\n  \"objects\": []\n}",
         FEED_STIX},
        {"x", "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"pattern\":\"[x:y = 'z']\"}",
         FEED_STIX},
        {"x", "[{\"type\":\"ipv4-addr\",\"spec_version\":\"2.1\",\"value\":\"192.0.2.1\"}]",
         FEED_STIX},
        {"x.json", "{\"Event\": {\"info\": \"x\", \"Attribute\": []}}", FEED_MISP},
        {"x", "{\"response\": [{\"Event\": {}}]}", FEED_MISP},
        {"x", "{\n \"Attribute\": [],\n \"info\": \"x\"\n}", FEED_MISP},
        {"drop.json", "{\"cidr\":\"192.0.2.0/24\"}\n{\"cidr\":\"198.51.100.0/24\"}\n", FEED_NDJSON},
        {"drop.json", "{\"cidr\":\"192.0.2.0/24\"}\n", FEED_NDJSON},
        {"x.txt",
         "#####\n# banner\n#\n\"first_seen_utc\",\"dst_ip\"\n\"2024-01-01\",\"192.0.2.1\"\n",
         FEED_CSV},
        {"x",
         "# banner\n# id,dateadded,url,url_status\n\"1\",\"2024-01-01\",\"http://x.example/\"\n",
         FEED_CSV},
        {"drop.txt", "; Spamhaus DROP\n192.0.2.0/24 ; SBL1\n198.51.100.0/24 ; SBL2\n", FEED_PLAIN},
        {"list", "evil.example\nhttp://evil.example/a,b\n", FEED_PLAIN},
        {"any.csv", "evil.example\nhttp://evil.example/a,b\n", FEED_CSV},
        {"x", "", FEED_PLAIN},
        {"x", NULL, FEED_PLAIN}, /* no text at all: length 0 */
        {"x", "\xEF\xBB\xBF{\"Event\": {}}", FEED_MISP},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *t = cases[i].text;
        assert_int_equal(feed_detect(cases[i].name, t, t ? strlen(t) : 0), cases[i].want);
    }
}

/* ---- plain ------------------------------------------------------------- */

static void test_plain(void **state)
{
    (void)state;
    col c = {0};
    gisac_err e;
    const char *in = "; Spamhaus DROP List\n"
                     "192.0.2.0/24 ; SBL1\n"
                     "\n"
                     "   # indented comment\n"
                     "198.51.100.7/24\r\n"
                     "2001:DB8::1   \n"
                     "hxxp://evil[.]example/path # trailing comment\n"
                     "2001:db8::g\n"
                     "EVIL.Example";
    assert_int_equal(parse(&c, "drop.txt", in, FEED_PLAIN, NULL, &e), 0);
    assert_int_equal(c.n, 5);
    assert_rec(&c.r[0], IOC_CIDR, "192.0.2.0/24", "drop.txt:2");
    assert_rec(&c.r[1], IOC_CIDR, "198.51.100.0/24", "drop.txt:5");
    assert_true(c.r[1].warn & IOC_WARN_HOSTBITS);
    assert_rec(&c.r[2], IOC_IPV6, "2001:db8::1", "drop.txt:6");
    assert_rec(&c.r[3], IOC_URL, "http://evil.example/path", "drop.txt:7");
    assert_true(c.r[3].warn & IOC_WARN_DEFANGED);
    assert_rec(&c.r[4], IOC_DOMAIN, "evil.example", "drop.txt:9");
    for (size_t i = 0; i < c.n; i++) {
        assert_int_equal(c.r[i].nlabels, 0);
        assert_null(c.r[i].stix_id);
        assert_int_equal(c.r[i].first_seen, 0);
        assert_int_equal(c.r[i].confidence, -1);
        assert_int_equal(c.r[i].tlp, TLP_UNSET);
        assert_int_equal(c.r[i].matchable, 1);
    }
    assert_int_equal(c.nrej, 1);
    char *want =
        cat3("drop.txt:8: ", norm_err(IOC_AUTO, "2001:db8::g"), " (value \"2001:db8::g\")");
    assert_string_equal(c.rej[0], want);
    free(want);
    assert_int_equal(c.nwrn, 1);
    assert_string_equal(c.wrn[0], "drop.txt:5: host bits set in 198.51.100.7/24; imported as "
                                  "198.51.100.0/24");
    assert_int_equal(c.nuns, 0);
    /* small input: one final progress report */
    assert_int_equal(c.nprog, 1);
    assert_int_equal(c.last_done, strlen(in));
    col_free(&c);
}

static void test_plain_not_nul_terminated(void **state)
{
    (void)state;
    col c = {0};
    gisac_err e;
    /* the length stops inside the buffer: nothing past it may be read */
    const char buf[] = "192.0.2.1\n192.0.2.2\n192.0.2.3";
    assert_int_equal(parse_len(&c, "n", buf, 19, FEED_PLAIN, NULL, &e), 0);
    assert_int_equal(c.n, 2);
    assert_string_equal(c.r[1].value, "192.0.2.2");
    col_free(&c);
    assert_int_equal(parse_len(&c, "n", buf, 17, FEED_PLAIN, NULL, &e), 0);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.nrej, 1);
    char *want = cat3("n:2: ", norm_err(IOC_AUTO, "192.0.2"), " (value \"192.0.2\")");
    assert_string_equal(c.rej[0], want);
    free(want);
    col_free(&c);
}

static void test_progress_and_stop(void **state)
{
    (void)state;
    /* 300 KiB of plain lines: progress every ~64 KiB, never backwards */
    size_t n = 20000;
    char *big = malloc(n * 16 + 1);
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(big + len, "192.0.2.%zu\n", i % 256);
    col c = {0};
    gisac_err e;
    assert_int_equal(parse_len(&c, "big", big, len, FEED_PLAIN, NULL, &e), 0);
    assert_int_equal(c.n, n);
    assert_true(c.nprog >= len / 65536);
    assert_true(c.nprog <= len / 65536 + 2);
    assert_false(c.prog_backwards);
    assert_int_equal(c.last_done, len);
    assert_int_equal(c.last_total, len);
    col_free(&c);

    /* a record callback that says stop */
    c.stop_after = 3;
    assert_int_equal(parse_len(&c, "big", big, len, FEED_PLAIN, NULL, &e), GISAC_EABORT);
    assert_int_equal(c.n, 3);
    col_free(&c);
    c.stop_after = 2;
    const char *csv = "ip\n192.0.2.1\n192.0.2.2\n192.0.2.3\n";
    assert_int_equal(parse(&c, "s.csv", csv, FEED_CSV, NULL, &e), GISAC_EABORT);
    assert_int_equal(c.n, 2);
    col_free(&c);
    free(big);
}

/* ---- CSV --------------------------------------------------------------- */

static void test_csv_quoting(void **state)
{
    (void)state;
    col c = {0};
    gisac_err e;
    const char *in = "\"value\",\"malware\"\r\n"               /* 1 */
                     "\"192.0.2.1\",\"a, b\"\r\n"              /* 2 */
                     "\"192.0.2.2\",\"multi\nline\nname\"\r\n" /* 3-5 */
                     "\"192.0.2.3\",\"say \"\"hi\"\"\"\r\n"    /* 6 */
                     "192.0.2.4,plain\r\n"                     /* 7 */
                     "  \"192.0.2.5\"  ,x\r\n"                 /* 8 */
                     "\"\",empty\r\n"                          /* 9 */
                     "\"19\"\"2.0.2.6\",q\r\n"                 /* 10 */
                     "192.0.2.7,it\"s\r\n"                     /* 11 */
                     "\r\n"                                    /* 12 */
                     "\"192.0.2.8,oops\n"                      /* 13: never closed */
                     "192.0.2.9,after\n";                      /* 14 */
    assert_int_equal(parse(&c, "q.csv", in, FEED_CSV, NULL, &e), 0);
    assert_int_equal(c.n, 7);
    assert_rec(&c.r[0], IOC_IPV4, "192.0.2.1", "q.csv:2");
    assert_string_equal(c.r[0].labels, "a, b");
    assert_rec(&c.r[1], IOC_IPV4, "192.0.2.2", "q.csv:3");
    assert_string_equal(c.r[1].labels, "multi\nline\nname");
    assert_rec(&c.r[2], IOC_IPV4, "192.0.2.3", "q.csv:6");
    assert_string_equal(c.r[2].labels, "say \"hi\"");
    assert_rec(&c.r[3], IOC_IPV4, "192.0.2.4", "q.csv:7");
    assert_string_equal(c.r[3].labels, "plain");
    assert_rec(&c.r[4], IOC_IPV4, "192.0.2.5", "q.csv:8");
    assert_rec(&c.r[5], IOC_IPV4, "192.0.2.7", "q.csv:11");
    assert_string_equal(c.r[5].labels, "it\"s");
    assert_rec(&c.r[6], IOC_IPV4, "192.0.2.9", "q.csv:14");
    assert_string_equal(c.r[6].labels, "after");
    assert_int_equal(c.nrej, 3);
    assert_string_equal(c.rej[0], "q.csv:9: empty value");
    char *want = cat3("q.csv:10: ", norm_err(IOC_AUTO, "19\"2.0.2.6"), " (value \"19?2.0.2.6\")");
    assert_string_equal(c.rej[1], want);
    free(want);
    assert_string_equal(c.rej[2], "q.csv:13: unterminated quoted field");
    col_free(&c);
}

static void test_csv_feodo_style(void **state)
{
    (void)state;
    col c = {0};
    gisac_err e;
    const char *in =
        "################################################################\n"
        "# Example Tracker Botnet C2 IP Blocklist (CSV)                 #\n"
        "# Last updated: 2024-04-04 07:03:03 UTC                        #\n"
        "#                                                              #\n"
        "################################################################\n"
        "#\n"
        "\"first_seen_utc\",\"dst_ip\",\"dst_port\",\"c2_status\",\"last_online\",\"malware\"\n"
        "\"2023-05-23 17:51:44\",\"192.0.2.10\",\"443\",\"online\",\"2024-04-01\",\"Pikabot\"\n"
        "\"2024-02-08 19:20:49\",\"198.51.100.20\",\"8080\",\"offline\",\"\",\"None\"\n"
        "# END 2 entries";
    assert_int_equal(feed_detect("ipblocklist.csv", in, strlen(in)), FEED_CSV);
    assert_int_equal(parse(&c, "feodo.csv", in, FEED_AUTO, NULL, &e), 0);
    assert_int_equal(c.n, 2);
    assert_int_equal(c.nrej, 0);
    assert_rec(&c.r[0], IOC_IPV4, "192.0.2.10", "feodo.csv:8");
    assert_int_equal(c.r[0].first_seen, T("2023-05-23T17:51:44Z"));
    assert_int_equal(c.r[0].last_seen, T("2024-04-01T00:00:00Z"));
    assert_string_equal(c.r[0].labels, "Pikabot");
    assert_rec(&c.r[1], IOC_IPV4, "198.51.100.20", "feodo.csv:9");
    assert_int_equal(c.r[1].first_seen, T("2024-02-08T19:20:49Z"));
    assert_int_equal(c.r[1].last_seen, 0);
    assert_int_equal(c.r[1].nlabels, 0);
    col_free(&c);
}

static void test_csv_urlhaus_comment_header(void **state)
{
    (void)state;
    col c = {0};
    gisac_err e;
    const char *in =
        "################################################################\n"
        "# abuse.ch URLhaus Database Dump (CSV - recent URLs)           #\n"
        "#                                                              #\n"
        "################################################################\n"
        "#\n"
        "# id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter\n"
        "\"1\",\"2025-04-21 12:35:06\",\"http://192.0.2.1:8080/bin.sh\",\"online\","
        "\"2025-04-21 12:40:00\",\"malware_download\",\"32-bit,elf,Mozi\","
        "\"https://urlhaus.example/url/1/\",\"someone\"\n"
        "\"2\",\"2025-04-21 12:33:09\",\"hxxp://malware[.]example/a.exe\",\"offline\",\"None\","
        "\"malware_download\",\"None\",\"https://urlhaus.example/url/2/\",\"someone\"\n"
        "\"3\",\"2025-04-21 12:33:09\",\"not a url\",\"offline\",\"None\","
        "\"malware_download\",\"None\",\"https://urlhaus.example/url/3/\",\"someone\"\n";
    assert_int_equal(feed_detect("urlhaus", in, strlen(in)), FEED_CSV);
    assert_int_equal(parse(&c, "u", in, FEED_AUTO, NULL, &e), 0);
    assert_int_equal(c.n, 2);
    assert_rec(&c.r[0], IOC_URL, "http://192.0.2.1:8080/bin.sh", "u:7");
    assert_string_equal(c.r[0].labels, "malware_download|32-bit|elf|Mozi");
    assert_int_equal(c.r[0].nlabels, 4);
    assert_int_equal(c.r[0].first_seen, T("2025-04-21 12:35:06"));
    assert_int_equal(c.r[0].last_seen, T("2025-04-21 12:40:00"));
    assert_rec(&c.r[1], IOC_URL, "http://malware.example/a.exe", "u:8");
    assert_true(c.r[1].warn & IOC_WARN_DEFANGED);
    assert_string_equal(c.r[1].labels, "malware_download");
    assert_int_equal(c.r[1].last_seen, 0);
    assert_int_equal(c.nrej, 1);
    char *want = cat3("u:9: ", norm_err(IOC_URL, "not a url"), " (value \"not a url\")");
    assert_string_equal(c.rej[0], want);
    free(want);
    col_free(&c);
}

static void test_csv_columns(void **state)
{
    (void)state;
    col c = {0};
    gisac_err e;
    /* no known name: the column whose values are indicators */
    const char *in = "name,addr,comment\nalpha,192.0.2.1,x\nbeta,198.51.100.2,y\ngamma,,z\n";
    assert_int_equal(parse(&c, "c.csv", in, FEED_CSV, NULL, &e), 0);
    assert_int_equal(c.n, 2);
    assert_rec(&c.r[0], IOC_IPV4, "192.0.2.1", "c.csv:2");
    assert_rec(&c.r[1], IOC_IPV4, "198.51.100.2", "c.csv:3");
    assert_int_equal(c.nrej, 1);
    assert_string_equal(c.rej[0], "c.csv:4: empty value");
    col_free(&c);

    /* the column named in the options, by name and by number */
    const char *two = "ip,other\n192.0.2.1,198.51.100.1\n";
    assert_int_equal(parse(&c, "c.csv", two, FEED_CSV, "other", &e), 0);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.r[0].value, "198.51.100.1");
    col_free(&c);
    assert_int_equal(parse(&c, "c.csv", two, FEED_CSV, "2", &e), 0);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.r[0].value, "198.51.100.1");
    col_free(&c);
    assert_int_equal(parse(&c, "c.csv", two, FEED_CSV, "nope", &e), GISAC_EINVAL);
    assert_string_equal(e.msg, "c.csv: no column \"nope\" in the header");
    col_free(&c);

    /* no header at all */
    const char *headerless = "192.0.2.1,botnet\n2001:db8::5,botnet\n";
    assert_int_equal(parse(&c, "h.csv", headerless, FEED_CSV, NULL, &e), 0);
    assert_int_equal(c.n, 2);
    assert_rec(&c.r[0], IOC_IPV4, "192.0.2.1", "h.csv:1");
    assert_rec(&c.r[1], IOC_IPV6, "2001:db8::5", "h.csv:2");
    assert_int_equal(c.r[0].nlabels, 0);
    col_free(&c);

    /* nothing that could be the value */
    const char *none = "a,b\nx,y\nz,w\n";
    assert_int_equal(parse(&c, "n.csv", none, FEED_CSV, NULL, &e), GISAC_EINVAL);
    assert_non_null(strstr(e.msg, "n.csv: no indicator column"));
    assert_non_null(strstr(e.msg, "(a,b)"));
    assert_int_equal(c.n, 0);
    col_free(&c);

    /* short rows; the value column is the second */
    const char *shortrows = "port,ip\n80,192.0.2.1\n443\n";
    assert_int_equal(parse(&c, "s.csv", shortrows, FEED_CSV, NULL, &e), 0);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.nrej, 1);
    assert_string_equal(c.rej[0], "s.csv:3: row has 1 field; the value is in column 2");
    col_free(&c);

    /* hash columns are taken as that hash type */
    const char *hashes = "sha256_hash,file\n"
                         "ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789,a\n"
                         "abc,b\n";
    assert_int_equal(parse(&c, "h.csv", hashes, FEED_CSV, NULL, &e), 0);
    assert_int_equal(c.n, 1);
    assert_rec(&c.r[0], IOC_SHA256,
               "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789", "h.csv:2");
    assert_int_equal(c.nrej, 1);
    char *want = cat3("h.csv:3: ", norm_err(IOC_SHA256, "abc"), " (value \"abc\")");
    assert_string_equal(c.rej[0], want);
    free(want);
    col_free(&c);

    /* empty input and only comments: nothing, no error */
    assert_int_equal(parse(&c, "e.csv", "", FEED_CSV, NULL, &e), 0);
    assert_int_equal(parse(&c, "e.csv", "# nothing\n#\n", FEED_CSV, NULL, &e), 0);
    assert_int_equal(c.n + c.nrej, 0);
    col_free(&c);
}

/* ---- NDJSON -------------------------------------------------------------- */

static void test_ndjson(void **state)
{
    (void)state;
    col c = {0};
    gisac_err e;
    const char *in = "{\"cidr\":\"192.0.2.0/24\",\"sblid\":\"SBL1\",\"rir\":\"arin\"}\n"
                     "{\"cidr\":\"198.51.100.0/24\"}\r\n"
                     "  {\"cidr\": \"203.0.113.0/24\",}\n"
                     "[1,2]\n"
                     "{\"cidr\": 5}\n"
                     "{\"ip\":\"2001:db8::1\",\"malware\":\"X\",\"tags\":[\"a\",\"b\"],"
                     "\"first_seen\":\"2024-01-02\",\"last_seen\":1704240000}\n"
                     "\n"
                     "{\"type\":\"metadata\",\"timestamp\":1744682874,\"records\":3}\n";
    assert_int_equal(parse(&c, "drop.json", in, FEED_AUTO, NULL, &e), 0);
    assert_int_equal(c.n, 3);
    assert_rec(&c.r[0], IOC_CIDR, "192.0.2.0/24", "drop.json:1");
    assert_rec(&c.r[1], IOC_CIDR, "198.51.100.0/24", "drop.json:2");
    assert_rec(&c.r[2], IOC_IPV6, "2001:db8::1", "drop.json:6");
    assert_string_equal(c.r[2].labels, "X|a|b");
    assert_int_equal(c.r[2].first_seen, T("2024-01-02"));
    assert_int_equal(c.r[2].last_seen, 1704240000);
    assert_int_equal(c.nrej, 3);
    assert_string_equal(c.rej[0], "drop.json:3:29: string or '}' expected near '}'");
    assert_string_equal(c.rej[1], "drop.json:4: not a JSON object");
    assert_string_equal(c.rej[2], "drop.json:5: \"cidr\" is not a string");
    assert_int_equal(c.nuns, 0);
    col_free(&c);

    /* a named column only */
    const char *two = "{\"indicator\":\"192.0.2.1\",\"alt\":\"evil.example\"}\n{\"x\":1}\n";
    assert_int_equal(parse(&c, "n", two, FEED_NDJSON, "alt", &e), 0);
    assert_int_equal(c.n, 1);
    assert_rec(&c.r[0], IOC_DOMAIN, "evil.example", "n:1");
    col_free(&c);
}

/* ---- STIX ---------------------------------------------------------------- */

static void test_stix_malformed(void **state)
{
    (void)state;
    col c = {0};
    gisac_err e;
    const char *in =
        "{\"type\": \"bundle\",\n \"objects\": [\n  {\"type\": \"indicator\" \"x\"}\n]}";
    assert_int_equal(parse(&c, "bad.json", in, FEED_STIX, NULL, &e), GISAC_EINVAL);
    assert_string_equal(e.msg, "bad.json:3:26: '}' expected near '\"x\"'");
    assert_int_equal(e.code, GISAC_EINVAL);
    assert_int_equal(parse(&c, "bad.json", "{\"a\":1", FEED_MISP, NULL, &e), GISAC_EINVAL);
    assert_string_equal(e.msg, "bad.json:1:6: '}' expected near end of file");
    assert_int_equal(parse(&c, "e.json", "", FEED_STIX, NULL, &e), GISAC_EINVAL);
    assert_non_null(strstr(e.msg, "e.json:1: "));
    assert_int_equal(parse(&c, "x.json", "{\"foo\": 1}", FEED_STIX, NULL, &e), GISAC_EINVAL);
    assert_non_null(strstr(e.msg, "x.json: not STIX"));
    assert_int_equal(parse(&c, "x.json", "{\"foo\": 1}", FEED_MISP, NULL, &e), GISAC_EINVAL);
    assert_non_null(strstr(e.msg, "x.json: not a MISP event"));
    assert_int_equal(c.n, 0);
    col_free(&c);
}

/* a bundle with one indicator whose pattern is p */
static int parse_pattern(col *c, const char *p)
{
    json_t *b = json_pack("{s:s, s:s, s:[{s:s, s:s, s:s, s:s, s:s, s:s}]}", "type", "bundle", "id",
                          "bundle--1", "objects", "type", "indicator", "spec_version", "2.1", "id",
                          "indicator--11111111-1111-4111-8111-111111111111", "pattern", p,
                          "pattern_type", "stix", "valid_from", "2024-01-01T00:00:00Z");
    assert_non_null(b);
    char *s = json_dumps(b, JSON_INDENT(1));
    json_decref(b);
    gisac_err e;
    int rc = parse(c, "p.json", s, FEED_STIX, NULL, &e);
    free(s);
    return rc;
}

#define W  "p.json: $.objects[0]"
#define WP "p.json: $.objects[0].pattern"

static void test_stix_patterns(void **state)
{
    (void)state;
    col c = {0};
    const char *sha256 = "ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c";

    /* comparisons joined by OR */
    assert_int_equal(
        parse_pattern(&c, "[ipv4-addr:value = '192.0.2.1' OR domain-name:value = 'Evil.Example']"),
        0);
    assert_int_equal(c.n, 2);
    assert_rec(&c.r[0], IOC_IPV4, "192.0.2.1", W);
    assert_rec(&c.r[1], IOC_DOMAIN, "evil.example", W);
    assert_int_equal(c.nuns + c.nrej, 0);
    col_free(&c);

    /* a top-level OR keeps its valid sides when another does not parse */
    assert_int_equal(parse_pattern(&c, "[domain-name:value = 'kept.example'] OR "
                                       "[ipv4-addr:value = '192.0.2.1' AND] OR "
                                       "([url:value = 'http://kept.example/x'])"),
                     0);
    assert_int_equal(c.n, 2);
    assert_rec(&c.r[0], IOC_DOMAIN, "kept.example", W);
    assert_rec(&c.r[1], IOC_URL, "http://kept.example/x", W);
    assert_int_equal(c.nrej, 1);
    assert_string_equal(c.rej[0], WP ": bad STIX pattern (expected an object path at offset 74): "
                                     "[ipv4-addr:value = '192.0.2.1' AND]");
    col_free(&c);
    /* ... but not across FOLLOWEDBY, nor when nothing splits */
    assert_int_equal(parse_pattern(&c, "[domain-name:value = 'a.example'] FOLLOWEDBY [x:y = ] OR "
                                       "[domain-name:value = 'b.example']"),
                     0);
    assert_int_equal(c.n, 0);
    assert_int_equal(c.nrej, 1);
    col_free(&c);
    assert_int_equal(parse_pattern(&c, "[domain-name:value = 'a.example' OR ]"), 0);
    assert_int_equal(c.n + c.nrej, 1);
    assert_int_equal(c.n, 0);
    col_free(&c);

    /* observation expressions joined by AND, and parentheses */
    assert_int_equal(parse_pattern(&c, "([file:hashes.'SHA-256' = "
                                       "'ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c"
                                       "8635fb6c'] OR [file:hashes.MD5 = "
                                       "'0749BAE92CA336A02C83D126E04EC628']) AND "
                                       "[file:hashes.SHA1 = "
                                       "'77b0c41b7d340b8a3d903f21347bbf06aa766b5b' AND "
                                       "url:value = 'http://evil.example']"),
                     0);
    assert_int_equal(c.n, 4);
    assert_rec(&c.r[0], IOC_SHA256, sha256, W);
    assert_rec(&c.r[1], IOC_MD5, "0749bae92ca336a02c83d126e04ec628", W);
    assert_rec(&c.r[2], IOC_SHA1, "77b0c41b7d340b8a3d903f21347bbf06aa766b5b", W);
    assert_rec(&c.r[3], IOC_URL, "http://evil.example/", W);
    assert_int_equal(c.nuns + c.nrej, 0);
    col_free(&c);

    /* hash name spellings */
    assert_int_equal(parse_pattern(&c, "[file:hashes.SHA256 = 'ef537f25c895bfa782526529a9b63d97aa6"
                                       "31564d5d789c2b765448c8635fb6c' OR file:hashes.'MD5' = "
                                       "'0749bae92ca336a02c83d126e04ec628' OR file:hashes.'SHA1' = "
                                       "'77b0c41b7d340b8a3d903f21347bbf06aa766b5b']"),
                     0);
    assert_int_equal(c.n, 3);
    assert_int_equal(c.r[0].type, IOC_SHA256);
    assert_int_equal(c.r[1].type, IOC_MD5);
    assert_int_equal(c.r[2].type, IOC_SHA1);
    col_free(&c);

    /* ISSUBSET -> cidr; ipv4-addr values may be networks; qualifiers ignored */
    assert_int_equal(parse_pattern(&c, "[ipv4-addr:value ISSUBSET '198.51.100.0/24' OR "
                                       "ipv4-addr:value = '203.0.113.0/25'] WITHIN 300 SECONDS"),
                     0);
    assert_int_equal(c.n, 2);
    assert_rec(&c.r[0], IOC_CIDR, "198.51.100.0/24", W);
    assert_rec(&c.r[1], IOC_CIDR, "203.0.113.0/25", W);
    col_free(&c);
    assert_int_equal(parse_pattern(&c,
                                   "[ipv6-addr:value = '2001:DB8::1' AND ipv6-addr:value ISSUBSET "
                                   "'2001:db8::/32'] START t'2024-01-01T00:00:00Z' STOP "
                                   "t'2024-02-01T00:00:00Z' REPEATS 2 TIMES"),
                     0);
    assert_int_equal(c.n, 2);
    assert_rec(&c.r[0], IOC_IPV6, "2001:db8::1", W);
    assert_rec(&c.r[1], IOC_CIDR, "2001:db8::/32", W);
    col_free(&c);

    /* IN lists, email, escapes in strings */
    assert_int_equal(parse_pattern(&c, "[domain-name:value IN ('a.example', 'b.example') OR "
                                       "email-addr:value == 'Bad@Evil.Example' OR url:value = "
                                       "'http://evil.example/it\\'s\\\\x']"),
                     0);
    assert_int_equal(c.n, 4);
    assert_rec(&c.r[0], IOC_DOMAIN, "a.example", W);
    assert_rec(&c.r[1], IOC_DOMAIN, "b.example", W);
    assert_rec(&c.r[2], IOC_EMAIL, "bad@evil.example", W);
    assert_int_equal(c.r[3].type, IOC_URL);
    assert_string_equal(c.r[3].value, "http://evil.example/it's\\x");
    col_free(&c);
}

static void test_stix_unsupported(void **state)
{
    (void)state;
    col c = {0};

    /* nothing importable: one unsupported with the pattern */
    const char *m = "[email-message:subject MATCHES '^\\\\[IMPORTANT\\\\]']";
    assert_int_equal(parse_pattern(&c, m), 0);
    assert_int_equal(c.n, 0);
    assert_int_equal(c.nuns, 1);
    char *want = cat3(WP ": pattern: ", m, "");
    assert_string_equal(c.uns[0], want);
    free(want);
    col_free(&c);

    /* mixed: the supported part imported, the rest reported once */
    assert_int_equal(parse_pattern(&c, "[email-message:subject MATCHES 'x' OR email-addr:value = "
                                       "'bad@evil.example' OR file:size > 100]"),
                     0);
    assert_int_equal(c.n, 1);
    assert_rec(&c.r[0], IOC_EMAIL, "bad@evil.example", W);
    assert_int_equal(c.nuns, 1);
    assert_string_equal(c.uns[0], WP ": part of the pattern not imported: email-message:subject "
                                     "MATCHES 'x' (and more)");
    col_free(&c);
    assert_int_equal(parse_pattern(&c, "[(ipv4-addr:value = '192.0.2.5' OR ipv4-addr:value = "
                                       "'192.0.2.6') AND network-traffic:dst_port = 443]"),
                     0);
    assert_int_equal(c.n, 2);
    assert_int_equal(c.nuns, 1);
    assert_string_equal(c.uns[0],
                        WP ": part of the pattern not imported: network-traffic:dst_port = 443");
    col_free(&c);

    /* negation */
    assert_int_equal(parse_pattern(&c, "[ipv4-addr:value != '192.0.2.9']"), 0);
    assert_int_equal(parse_pattern(&c, "[ipv4-addr:value NOT = '192.0.2.9']"), 0);
    assert_int_equal(parse_pattern(&c, "[ipv4-addr:value NOT IN ('192.0.2.9')]"), 0);
    assert_int_equal(parse_pattern(&c, "[ipv4-addr:value LIKE '192.0.2.%']"), 0);
    assert_int_equal(parse_pattern(&c, "[EXISTS ipv4-addr:value]"), 0);
    assert_int_equal(c.n, 0);
    assert_int_equal(c.nuns, 5);
    assert_string_equal(c.uns[0], WP ": pattern: [ipv4-addr:value != '192.0.2.9']");
    col_free(&c);

    /* FOLLOWEDBY: the whole pattern */
    assert_int_equal(parse_pattern(&c, "[ipv4-addr:value = '192.0.2.3'] FOLLOWEDBY "
                                       "[ipv4-addr:value = '192.0.2.4']"),
                     0);
    assert_int_equal(c.n, 0);
    assert_int_equal(c.nuns, 1);
    assert_string_equal(c.uns[0], WP ": FOLLOWEDBY pattern: [ipv4-addr:value = '192.0.2.3'] "
                                     "FOLLOWEDBY [ipv4-addr:value = '192.0.2.4']");
    col_free(&c);

    /* syntax errors and bad values are rejects */
    assert_int_equal(parse_pattern(&c, "[ipv4-addr:value = '192.0.2.1'"), 0);
    assert_int_equal(parse_pattern(&c, "ipv4-addr:value = '192.0.2.1'"), 0);
    assert_int_equal(parse_pattern(&c, "[ipv4-addr:value = '192.0.2.1]"), 0);
    assert_int_equal(parse_pattern(&c, "[ipv4-addr:value = 'not-an-ip']"), 0);
    assert_int_equal(parse_pattern(&c, "[ipv4-addr:value = '2001:db8::/32']"), 0);
    assert_int_equal(c.n, 0);
    assert_int_equal(c.nuns, 0);
    assert_int_equal(c.nrej, 5);
    assert_string_equal(c.rej[0], WP ": bad STIX pattern (expected ']' at offset 30): "
                                     "[ipv4-addr:value = '192.0.2.1'");
    assert_string_equal(c.rej[1], WP ": bad STIX pattern (expected '[' or '(' at offset 0): "
                                     "ipv4-addr:value = '192.0.2.1'");
    assert_string_equal(c.rej[2], WP ": bad STIX pattern (unterminated string at offset 19): "
                                     "[ipv4-addr:value = '192.0.2.1]");
    want = cat3(WP ": ", norm_err(IOC_IPV4, "not-an-ip"), " (value \"not-an-ip\")");
    assert_string_equal(c.rej[3], want);
    free(want);
    assert_string_equal(c.rej[4], WP ": an IPv6 network in an ipv4-addr");
    col_free(&c);

    /* deeply nested parentheses are refused, not a stack overflow */
    char deep[1200];
    size_t k = 0;
    for (int i = 0; i < 500; i++)
        deep[k++] = '(';
    memcpy(deep + k, "[ipv4-addr:value = '192.0.2.1']", 31);
    k += 31;
    for (int i = 0; i < 500; i++)
        deep[k++] = ')';
    deep[k] = '\0';
    assert_int_equal(parse_pattern(&c, deep), 0);
    assert_int_equal(c.n, 0);
    assert_int_equal(c.nrej, 1);
    assert_non_null(strstr(c.rej[0], "nested too deeply"));
    col_free(&c);
}

static void test_stix_objects(void **state)
{
    (void)state;
    col c = {0};
    gisac_err e;
    char *in =
        Q("{'type': 'bundle', 'id': 'bundle--b1', 'objects': ["
          /* 0 */ "{'type': 'identity', 'id': 'identity--i1', 'name': 'CERT Example'},"
          /* 1 */ "{'type': 'marking-definition', 'id': 'marking-definition--m1', "
          "'definition_type': 'tlp', 'definition': {'tlp': 'amber'}},"
          /* 2 */ "{'type': 'marking-definition', 'id': 'marking-definition--m2', "
          "'extensions': {'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': "
          "{'extension_type': 'property-extension', 'tlp_2_0': 'amber+strict'}}},"
          /* 3 */ "{'type': 'marking-definition', 'id': 'marking-definition--m3', "
          "'name': 'TLP:GREEN'},"
          /* 4 */ "{'type': 'indicator', 'spec_version': '2.1', "
          "'id': 'indicator--a1', 'name': 'C2', 'description': 'A C2 server', "
          "'indicator_types': ['malicious-activity'], 'labels': ['c2', 'malicious-activity'], "
          "'pattern': '[ipv4-addr:value = \\u0027192.0.2.1\\u0027]', 'pattern_type': 'stix', "
          "'valid_from': '2024-01-01T00:00:00.000Z', 'valid_until': '2024-12-31T23:59:59Z', "
          "'confidence': 85, 'created_by_ref': 'identity--i1', "
          "'object_marking_refs': ['marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da']},"
          /* 5 */ "{'type': 'indicator', 'id': 'indicator--a2', "
          "'pattern': '[domain-name:value = \\u0027evil.example\\u0027]', "
          "'object_marking_refs': ['marking-definition--m1']},"
          /* 6 */ "{'type': 'indicator', 'id': 'indicator--a3', "
          "'pattern': '[domain-name:value = \\u0027b.evil.example\\u0027]', "
          "'object_marking_refs': ['marking-definition--m3', 'marking-definition--m2']},"
          /* 7 */ "{'type': 'indicator', 'id': 'indicator--a4', 'revoked': true, "
          "'pattern': '[domain-name:value = \\u0027c.evil.example\\u0027]'},"
          /* 8 */ "{'type': 'indicator', 'id': 'indicator--a5', 'pattern_type': 'sigma', "
          "'pattern': 'title: x'},"
          /* 9 */ "{'type': 'indicator', 'id': 'indicator--a6'},"
          /* 10 */ "{'type': 'ipv4-addr', 'id': 'ipv4-addr--o1', 'value': '198.51.100.0/24', "
          "'object_marking_refs': ['marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1']},"
          /* 11 */ "{'type': 'ipv6-addr', 'id': 'ipv6-addr--o2', 'value': '2001:db8::7'},"
          /* 12 */ "{'type': 'url', 'id': 'url--o3', 'value': 'https://evil.example:443/x'},"
          /* 13 */ "{'type': 'email-addr', 'id': 'email-addr--o4', 'value': 'a@evil.example'},"
          /* 14 */ "{'type': 'file', 'id': 'file--o5', 'name': 'a.exe', 'hashes': {"
          "'SHA-256': 'ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c', "
          "'SSDEEP': '3:a:b', 'MD5': 'zz'}},"
          /* 15 */ "{'type': 'domain-name', 'id': 'domain-name--o6', 'value': 'x'},"
          /* 16 */ "{'type': 'ipv4-addr', 'id': 'ipv4-addr--o7'},"
          /* 17 */ "{'type': 'mac-addr', 'value': '00:00:5e:00:53:01'},"
          /* 18 */ "{'type': 'relationship', 'source_ref': 'indicator--a1'},"
          /* 19 */ "42,"
          /* 20 */ "{'no': 'type'},"
          /* 21 */ "{'type': 'indicator', 'id': 'indicator--a7', "
          "'pattern': '[domain-name:value = \\u0027d.evil.example\\u0027]', "
          "'object_marking_refs': ['marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487', "
          "'marking-definition--unknown']}"
          "]}");
    assert_int_equal(feed_detect("b.json", in, strlen(in)), FEED_STIX);
    assert_int_equal(parse(&c, "b.json", in, FEED_AUTO, NULL, &e), 0);
    free(in);

    assert_int_equal(c.n, 9);
    rec *r = &c.r[0];
    assert_rec(r, IOC_IPV4, "192.0.2.1", "b.json: $.objects[4]");
    assert_string_equal(r->stix_id, "indicator--a1");
    assert_string_equal(r->name, "C2");
    assert_string_equal(r->description, "A C2 server");
    assert_string_equal(r->labels, "malicious-activity|c2");
    assert_int_equal(r->valid_from, T("2024-01-01T00:00:00Z"));
    assert_int_equal(r->valid_until, T("2024-12-31T23:59:59Z"));
    assert_int_equal(r->confidence, 85);
    assert_string_equal(r->created_by, "identity--i1");
    assert_int_equal(r->tlp, TLP_GREEN);
    assert_int_equal(r->matchable, 1);
    assert_int_equal(r->first_seen, 0);

    r = &c.r[1];
    assert_rec(r, IOC_DOMAIN, "evil.example", "b.json: $.objects[5]");
    assert_int_equal(r->tlp, TLP_AMBER);
    assert_null(r->name);
    assert_null(r->created_by);
    assert_int_equal(r->confidence, -1);
    assert_int_equal(r->valid_from, 0);
    assert_int_equal(r->nlabels, 0);
    r = &c.r[2];
    assert_rec(r, IOC_DOMAIN, "b.evil.example", "b.json: $.objects[6]");
    assert_int_equal(r->tlp, TLP_AMBER_STRICT); /* the more restrictive of the two */

    r = &c.r[3];
    assert_rec(r, IOC_CIDR, "198.51.100.0/24", "b.json: $.objects[10]");
    assert_string_equal(r->stix_id, "ipv4-addr--o1");
    assert_int_equal(r->tlp, TLP_RED);
    assert_rec(&c.r[4], IOC_IPV6, "2001:db8::7", "b.json: $.objects[11]");
    assert_int_equal(c.r[4].tlp, TLP_UNSET);
    assert_rec(&c.r[5], IOC_URL, "https://evil.example/x", "b.json: $.objects[12]");
    assert_rec(&c.r[6], IOC_EMAIL, "a@evil.example", "b.json: $.objects[13]");
    assert_rec(&c.r[7], IOC_SHA256,
               "ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c",
               "b.json: $.objects[14]");
    assert_string_equal(c.r[7].stix_id, "file--o5");
    assert_rec(&c.r[8], IOC_DOMAIN, "d.evil.example", "b.json: $.objects[21]");
    assert_int_equal(c.r[8].tlp, TLP_CLEAR);

    assert_int_equal(c.nuns, 2);
    assert_string_equal(c.uns[0], "b.json: $.objects[7]: revoked indicator");
    assert_string_equal(c.uns[1], "b.json: $.objects[8]: pattern_type \"sigma\"");

    assert_int_equal(c.nrej, 6);
    assert_string_equal(c.rej[0], "b.json: $.objects[9]: indicator without a pattern");
    char *want =
        cat3("b.json: $.objects[14].hashes['MD5']: ", norm_err(IOC_MD5, "zz"), " (value \"zz\")");
    assert_string_equal(c.rej[1], want);
    free(want);
    want = cat3("b.json: $.objects[15].value: ", norm_err(IOC_DOMAIN, "x"), " (value \"x\")");
    assert_string_equal(c.rej[2], want);
    free(want);
    assert_string_equal(c.rej[3], "b.json: $.objects[16]: ipv4-addr without a string value");
    assert_string_equal(c.rej[4], "b.json: $.objects[19]: not a JSON object");
    assert_string_equal(c.rej[5], "b.json: $.objects[20]: object without a \"type\"");
    col_free(&c);
}

static void test_stix_shapes(void **state)
{
    (void)state;
    col c = {0};
    gisac_err e;
    /* a single object */
    char *one = Q("{'type': 'indicator', 'id': 'indicator--s1', "
                  "'pattern': '[ipv4-addr:value = \\u0027192.0.2.44\\u0027]'}");
    assert_int_equal(parse(&c, "one.json", one, FEED_AUTO, NULL, &e), 0);
    free(one);
    assert_int_equal(c.n, 1);
    assert_rec(&c.r[0], IOC_IPV4, "192.0.2.44", "one.json: $");
    col_free(&c);
    /* an array of objects */
    char *arr = Q("[{'type': 'domain-name', 'spec_version': '2.1', 'value': 'a.example'},"
                  " {'type': 'domain-name', 'spec_version': '2.1', 'value': 'b.example'}]");
    assert_int_equal(parse(&c, "arr.json", arr, FEED_AUTO, NULL, &e), 0);
    free(arr);
    assert_int_equal(c.n, 2);
    assert_rec(&c.r[1], IOC_DOMAIN, "b.example", "arr.json: $[1]");
    col_free(&c);
}

/* ---- MISP ---------------------------------------------------------------- */

static const char *misp_event_json =
    "{'Event': {'info': 'Campaign X', 'uuid': '5758ebf5-c898-48e6-9fe9-5665c0a83866',"
    " 'Orgc': {'name': 'CERT-EX'},"
    " 'Tag': [{'name': 'tlp:amber'}, {'name': 'type:OSINT'}],"
    " 'Attribute': ["
    /* 0 */ "  {'type': 'ip-dst', 'value': '192.0.2.7', 'to_ids': true, 'category': 'Network "
    "activity', 'comment': 'C2', 'timestamp': '1465681304'},"
    /* 1 */ "  {'type': 'ip-dst|port', 'value': '198.51.100.7|443', 'to_ids': false,"
    " 'category': 'Network activity', 'timestamp': '1465681304', 'comment': ''},"
    /* 2 */ "  {'type': 'filename|sha256', 'value': "
    "'a.exe|ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c',"
    " 'to_ids': '1', 'category': 'Payload delivery',"
    " 'Tag': [{'name': 'tlp:red'}, {'name': 'kill-chain:Delivery'}]},"
    /* 3 */ "  {'type': 'hostname|port', 'value': 'c2.evil.example|8443', 'to_ids': true,"
    " 'first_seen': '2024-01-01T00:00:00Z', 'last_seen': '2024-02-01T00:00:00Z',"
    " 'timestamp': '1465681304'},"
    /* 4 */ "  {'type': 'url', 'value': 'http://evil.example/x', 'deleted': true},"
    /* 5 */ "  {'type': 'text', 'value': 'Locky'},"
    /* 6 */ "  {'type': 'md5', 'value': 'nothex'},"
    /* 7 */ "  {'type': 'email-src', 'value': 'Phish@Evil.Example', 'Tag': [{'name': "
    "'tlp:clear'}]},"
    /* 8 */ "  {'type': 'domain|ip', 'value': 'evil.example|203.0.113.9'},"
    /* 9 */ "  {'type': 'ip-src', 'value': '2001:db8::/32', 'Tag': [{'name': 'TLP:AMBER+STRICT'}]},"
    /* 10 */ "  {'value': 'x'}"
    " ],"
    " 'Object': [{'name': 'file', 'Attribute': ["
    "   {'type': 'sha1', 'value': '77b0c41b7d340b8a3d903f21347bbf06aa766b5b', 'to_ids': true},"
    "   {'type': 'filename', 'value': 'a.exe'}]},"
    "  {'name': 'gone', 'deleted': true, 'Attribute': [{'type': 'domain', 'value': "
    "'gone.example'}]}]"
    "}}";

static void test_misp(void **state)
{
    (void)state;
    col c = {0};
    gisac_err e;
    char *in = Q(misp_event_json);
    assert_int_equal(feed_detect("e.json", in, strlen(in)), FEED_MISP);
    assert_int_equal(parse(&c, "e.json", in, FEED_AUTO, NULL, &e), 0);
    free(in);
    assert_int_equal(c.n, 9);
    int64_t ts = 1465681304;

    rec *r = &c.r[0];
    assert_rec(r, IOC_IPV4, "192.0.2.7", "e.json: $.Event.Attribute[0]");
    assert_string_equal(r->name, "Campaign X");
    assert_string_equal(r->description, "C2");
    assert_string_equal(r->created_by, "CERT-EX");
    assert_string_equal(r->labels, "type:OSINT|Network activity");
    assert_int_equal(r->tlp, TLP_AMBER);
    assert_int_equal(r->matchable, 1);
    assert_int_equal(r->first_seen, ts);
    assert_int_equal(r->last_seen, ts);
    assert_null(r->stix_id);
    assert_int_equal(r->confidence, -1);

    r = &c.r[1];
    assert_rec(r, IOC_IPV4, "198.51.100.7", "e.json: $.Event.Attribute[1]");
    assert_int_equal(r->matchable, 0);
    assert_null(r->description);

    r = &c.r[2];
    assert_rec(r, IOC_SHA256, "ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c",
               "e.json: $.Event.Attribute[2]");
    assert_int_equal(r->tlp, TLP_RED);
    assert_int_equal(r->matchable, 1);
    assert_string_equal(r->labels, "type:OSINT|kill-chain:Delivery|Payload delivery");
    assert_int_equal(r->first_seen, 0);

    r = &c.r[3];
    assert_rec(r, IOC_DOMAIN, "c2.evil.example", "e.json: $.Event.Attribute[3]");
    assert_int_equal(r->first_seen, T("2024-01-01T00:00:00Z"));
    assert_int_equal(r->last_seen, T("2024-02-01T00:00:00Z"));

    assert_rec(&c.r[4], IOC_EMAIL, "phish@evil.example", "e.json: $.Event.Attribute[7]");
    assert_int_equal(c.r[4].tlp, TLP_CLEAR);
    assert_rec(&c.r[5], IOC_DOMAIN, "evil.example", "e.json: $.Event.Attribute[8]");
    assert_rec(&c.r[6], IOC_IPV4, "203.0.113.9", "e.json: $.Event.Attribute[8]");
    assert_rec(&c.r[7], IOC_CIDR, "2001:db8::/32", "e.json: $.Event.Attribute[9]");
    assert_int_equal(c.r[7].tlp, TLP_AMBER_STRICT);
    assert_rec(&c.r[8], IOC_SHA1, "77b0c41b7d340b8a3d903f21347bbf06aa766b5b",
               "e.json: $.Event.Object[0].Attribute[0]");
    assert_int_equal(c.r[8].tlp, TLP_AMBER);

    assert_int_equal(c.nuns, 2);
    assert_string_equal(c.uns[0], "e.json: $.Event.Attribute[5]: attribute type \"text\"");
    assert_string_equal(c.uns[1],
                        "e.json: $.Event.Object[0].Attribute[1]: attribute type \"filename\"");
    assert_int_equal(c.nrej, 2);
    char *want =
        cat3("e.json: $.Event.Attribute[6]: ", norm_err(IOC_MD5, "nothex"), " (value \"nothex\")");
    assert_string_equal(c.rej[0], want);
    free(want);
    assert_string_equal(c.rej[1], "e.json: $.Event.Attribute[10]: attribute without a \"type\"");
    col_free(&c);
}

static void test_misp_shapes(void **state)
{
    (void)state;
    col c = {0};
    gisac_err e;
    char *in = Q("{'response': [{'Event': {'info': 'one', 'Attribute': [{'type': 'domain', "
                 "'value': 'one.example'}]}}, {'Event': {'info': 'two', 'Tag': [{'name': "
                 "'tlp:white'}], 'Attribute': [{'type': 'domain', 'value': 'two.example'}]}}]}");
    assert_int_equal(parse(&c, "r.json", in, FEED_AUTO, NULL, &e), 0);
    free(in);
    assert_int_equal(c.n, 2);
    assert_rec(&c.r[0], IOC_DOMAIN, "one.example", "r.json: $.response[0].Event.Attribute[0]");
    assert_int_equal(c.r[0].tlp, TLP_UNSET);
    assert_rec(&c.r[1], IOC_DOMAIN, "two.example", "r.json: $.response[1].Event.Attribute[0]");
    assert_int_equal(c.r[1].tlp, TLP_CLEAR);
    assert_string_equal(c.r[1].name, "two");
    col_free(&c);

    in = Q("{'info': 'bare', 'Attribute': [{'type': 'sha256', 'value': "
           "'EF537F25C895BFA782526529A9B63D97AA631564D5D789C2B765448C8635FB6C', "
           "'to_ids': 0}]}");
    assert_int_equal(parse(&c, "b.json", in, FEED_AUTO, NULL, &e), 0);
    free(in);
    assert_int_equal(c.n, 1);
    assert_rec(&c.r[0], IOC_SHA256,
               "ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c",
               "b.json: $.Attribute[0]");
    assert_int_equal(c.r[0].matchable, 0);
    col_free(&c);
}

/* ---- files and MISP feed directories -------------------------------------- */

static char *write_tmp(const char *dir, const char *name, const char *content)
{
    char *p = cat3(dir, "/", name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
    return p;
}

static void test_misp_dir_and_path(void **state)
{
    (void)state;
    char dir[] = "/tmp/gisac-feed-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *ev1 = Q("{'Event': {'info': 'first', 'Attribute': [{'type': 'ip-dst', 'value': "
                  "'192.0.2.10'}]}}");
    char *ev3 = Q("{'Event': {'info': 'third', 'Attribute': [{'type': 'domain', 'value': "
                  "'third.example'}, {'type': 'url', 'value': 'http://third.example/a'}]}}");
    char *manifest = Q("{'11111111-1111-4111-8111-111111111111': {'info': 'first'},"
                       " '22222222-2222-4222-8222-222222222222': {'info': 'missing'},"
                       " '../../etc/passwd': {'info': 'evil'},"
                       " '33333333-3333-4333-8333-333333333333': {'info': 'third'},"
                       " '44444444-4444-4444-8444-444444444444': {'info': 'broken'}}");
    char *p1 = write_tmp(dir, "11111111-1111-4111-8111-111111111111.json", ev1);
    char *p3 = write_tmp(dir, "33333333-3333-4333-8333-333333333333.json", ev3);
    char *p4 = write_tmp(dir, "44444444-4444-4444-8444-444444444444.json", "{\"Event\": [");
    char *pm = write_tmp(dir, "manifest.json", manifest);
    free(ev1);
    free(ev3);
    free(manifest);

    col c = {0};
    feed_sink s = sink_for(&c);
    gisac_err e;
    assert_int_equal(feed_parse_path(dir, NULL, &s, &e), 0);
    assert_int_equal(c.n, 3);
    char *w = cat3(p1, ": $.Event.Attribute[0]", "");
    assert_rec(&c.r[0], IOC_IPV4, "192.0.2.10", w);
    free(w);
    assert_string_equal(c.r[0].name, "first");
    assert_string_equal(c.r[1].value, "third.example");
    assert_string_equal(c.r[2].value, "http://third.example/a");
    assert_int_equal(c.nrej, 3);
    char *missing = cat3(dir, "/22222222-2222-4222-8222-222222222222.json", "");
    w = cat3(missing, ": event file listed in manifest.json is missing", "");
    assert_string_equal(c.rej[0], w);
    free(w);
    free(missing);
    w = cat3(pm, ": $[\"../../etc/passwd\"]: manifest key is not an event UUID", "");
    assert_string_equal(c.rej[1], w);
    free(w);
    w = cat3(p4, ": ", p4);
    assert_non_null(strstr(c.rej[2], w));
    free(w);
    col_free(&c);

    /* a directory read as something else */
    feed_opts o = {.format = FEED_CSV};
    assert_int_equal(feed_parse_path(dir, &o, &s, &e), GISAC_EINVAL);

    /* a single file, detected */
    s = sink_for(&c);
    assert_int_equal(feed_parse_path(p3, NULL, &s, &e), 0);
    assert_int_equal(c.n, 2);
    col_free(&c);
    assert_int_equal(feed_parse_path("/nonexistent/gisac/feed", NULL, &s, &e), GISAC_EIO);

    /* a directory without a manifest */
    unlink(pm);
    assert_int_equal(feed_parse_path(dir, NULL, &s, &e), GISAC_EINVAL);
    assert_non_null(strstr(e.msg, "manifest.json"));

    unlink(p1);
    unlink(p3);
    unlink(p4);
    rmdir(dir);
    free(p1);
    free(p3);
    free(p4);
    free(pm);
}

/* ---- the real samples ------------------------------------------------------ */

static char *shared_path(const char *rel)
{
    const char *base = getenv("GISAC_SHARED");
    if (!base || !*base)
        base = "../shared";
    char *p = cat3(base, "/data/", rel);
    struct stat st;
    if (stat(p, &st) < 0) {
        print_message("skipping: %s is not there (set GISAC_SHARED)\n", p);
        free(p);
        return NULL;
    }
    return p;
}

typedef struct expect {
    const char *file;
    size_t records, rejects, unsupported, warns;
} expect;

static void run_shared(col *c, const char *rel, const expect *x)
{
    char *p = shared_path(rel);
    if (!p)
        skip();
    feed_sink s = sink_for(c);
    gisac_err e;
    int rc = feed_parse_path(p, NULL, &s, &e);
    if (rc)
        print_message("%s: %s\n", p, e.msg);
    assert_int_equal(rc, 0);
    assert_int_equal(c->n, x->records);
    assert_int_equal(c->nrej, x->rejects);
    assert_int_equal(c->nuns, x->unsupported);
    assert_int_equal(c->nwrn, x->warns);
    free(p);
}

static const char *suffix(const char *where)
{
    const char *s = strstr(where, "/data/");
    return s ? s + 6 : where;
}

static void test_shared_feeds(void **state)
{
    (void)state;
    col c = {0};
    expect feodo = {0, 28, 0, 0, 0};
    run_shared(&c, "feeds/feodo-ipblocklist.csv", &feodo);
    assert_string_equal(c.r[0].value, "192.9.135.73");
    assert_string_equal(suffix(c.r[0].where), "feeds/feodo-ipblocklist.csv:10");
    assert_int_equal(c.r[0].first_seen, T("2023-05-23 17:51:44"));
    assert_int_equal(c.r[0].last_seen, T("2024-04-01"));
    assert_string_equal(c.r[0].labels, "Pikabot");
    assert_string_equal(c.r[27].value, "172.233.221.61");
    assert_string_equal(suffix(c.r[27].where), "feeds/feodo-ipblocklist.csv:37");
    col_free(&c);

    expect urlhaus = {0, 11125, 0, 0, 0};
    run_shared(&c, "feeds/urlhaus.csv", &urlhaus);
    assert_int_equal(c.r[0].type, IOC_URL);
    assert_string_equal(c.r[0].value, "http://117.209.87.242:60905/bin.sh");
    assert_string_equal(suffix(c.r[0].where), "feeds/urlhaus.csv:2");
    assert_string_equal(c.r[0].labels, "malware_download|32-bit|elf|mips|Mozi");
    assert_int_equal(c.r[0].first_seen, T("2025-04-21 12:35:06"));
    assert_string_equal(c.r[11124].value,
                        "http://p3.zbjimg.com/task/2009-06/06/98428/07c9mfhe.zip");
    assert_string_equal(suffix(c.r[11124].where), "feeds/urlhaus.csv:11126");
    assert_true(c.nprog > 30); /* 2.3 MB */
    assert_false(c.prog_backwards);
    col_free(&c);

    expect drop = {0, 989, 0, 0, 0};
    run_shared(&c, "feeds/spamhaus-drop.txt", &drop);
    assert_rec(&c.r[0], IOC_CIDR, "1.10.16.0/20", c.r[0].where);
    assert_string_equal(c.r[988].value, "223.254.0.0/16");
    col_free(&c);

    expect drop6 = {0, 51, 0, 0, 0};
    run_shared(&c, "feeds/spamhaus-drop_ipv6.txt", &drop6);
    assert_rec(&c.r[0], IOC_CIDR, "2a12:2640::/29", c.r[0].where);
    assert_string_equal(c.r[50].value, "2801:80:c00::/48");
    col_free(&c);

    expect dropj = {0, 1406, 0, 0, 0};
    run_shared(&c, "feeds/spamhaus-drop_v4.json", &dropj);
    assert_rec(&c.r[0], IOC_CIDR, "1.10.16.0/20", c.r[0].where);
    assert_string_equal(suffix(c.r[0].where), "feeds/spamhaus-drop_v4.json:1");
    assert_string_equal(c.r[1405].value, "223.254.0.0/16");
    assert_string_equal(suffix(c.r[1405].where), "feeds/spamhaus-drop_v4.json:1406");
    col_free(&c);
}

static void test_shared_misp(void **state)
{
    (void)state;
    col c = {0};
    expect longev = {0, 268, 3, 99, 0};
    run_shared(&c, "misp/long_event.json", &longev);
    char *want =
        cat3("misp/long_event.json: $.Event.Attribute[0]: ", norm_err(IOC_URL, "107.183.86"),
             " (value \"107.183.86\")");
    assert_string_equal(suffix(c.rej[0]), want);
    free(want);
    assert_string_equal(c.r[0].value, "a0dc5723d3e20e93b48a960b31c984c0");
    assert_int_equal(c.r[0].tlp, TLP_CLEAR);
    assert_string_equal(c.r[0].labels, "type:OSINT|Payload delivery");
    assert_string_equal(c.r[0].created_by, "CIRCL");
    size_t unmatchable = 0;
    for (size_t i = 0; i < c.n; i++)
        unmatchable += !c.r[i].matchable;
    assert_int_equal(unmatchable, 21);
    col_free(&c);

    expect xorist = {0, 3, 0, 6, 0};
    run_shared(&c, "misp/57c4445b-c548-4654-af0b-4be3950d210f.json", &xorist);
    assert_rec(&c.r[0], IOC_MD5, "0749bae92ca336a02c83d126e04ec628", c.r[0].where);
    assert_string_equal(suffix(c.r[0].where),
                        "misp/57c4445b-c548-4654-af0b-4be3950d210f.json: $.Event.Attribute[5]");
    assert_string_equal(c.r[0].name, "Ransomware - Xorist");
    assert_int_equal(c.r[0].first_seen, 1472480395);
    assert_string_equal(c.r[2].value,
                        "b3c4ae251f8094fa15b510051835c657eaef2a6cea46075d3aec964b14a99f68");
    col_free(&c);

    expect random = {0, 1, 0, 1, 0};
    run_shared(&c, "misp/misp_event.json", &random);
    assert_rec(&c.r[0], IOC_URL, "http://fake.website.com/malware/is/here", c.r[0].where);
    assert_string_equal(suffix(c.r[0].where), "misp/misp_event.json: $.Attribute[0]");
    assert_int_equal(c.r[0].matchable, 0);
    assert_int_equal(c.r[0].tlp, TLP_UNSET);
    col_free(&c);
}

static void test_shared_stix(void **state)
{
    (void)state;
    col c = {0};
    expect c2 = {0, 1, 0, 0, 0};
    run_shared(&c, "stix2.1-examples/indicator-for-c2-ip-address.json", &c2);
    assert_rec(&c.r[0], IOC_IPV4, "10.0.0.0", c.r[0].where);
    assert_string_equal(suffix(c.r[0].where),
                        "stix2.1-examples/indicator-for-c2-ip-address.json: $.objects[0]");
    assert_string_equal(c.r[0].stix_id, "indicator--33fe3b22-0201-47cf-85d0-97c02164528d");
    assert_string_equal(c.r[0].labels, "malicious-activity");
    assert_int_equal(c.r[0].valid_from, T("2014-05-08T09:00:00Z"));
    col_free(&c);

    expect rel = {0, 1, 0, 0, 0};
    run_shared(&c, "stix2.1-examples/indicator-to-campaign-relationship.json", &rel);
    assert_string_equal(c.r[0].name, "test_name");
    col_free(&c);

    expect coa = {0, 2, 0, 0, 0};
    run_shared(&c, "stix2.1-examples/indicators-for-C2-with-COA.json", &coa);
    assert_rec(&c.r[1], IOC_SHA256,
               "ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c", c.r[1].where);
    assert_string_equal(c.r[1].created_by, "identity--f690c992-8e7d-4b9a-9303-3312616c0220");
    col_free(&c);

    expect infra = {0, 2, 0, 0, 0};
    run_shared(&c, "stix2.1-examples/infrastructure.json", &infra);
    assert_rec(&c.r[0], IOC_IPV4, "198.51.100.3", c.r[0].where);
    assert_string_equal(suffix(c.r[0].where), "stix2.1-examples/infrastructure.json: $.objects[4]");
    assert_rec(&c.r[1], IOC_DOMAIN, "example.com", c.r[1].where);
    col_free(&c);

    expect marking = {0, 0, 0, 0, 0};
    run_shared(&c, "stix2.1-examples/interop-objectmarking-test.json", &marking);
    col_free(&c);

    expect email = {0, 0, 0, 2, 0};
    run_shared(&c, "stix2.1-examples/malicious-email-indicator-with-attachment.json", &email);
    assert_string_equal(suffix(c.uns[0]),
                        "stix2.1-examples/malicious-email-indicator-with-attachment.json: "
                        "$.objects[2].pattern: pattern: [email-message:subject MATCHES "
                        "'^[IMPORTANT] Please Review Before']");
    col_free(&c);
}

TEST_MAIN(NULL, NULL, TEST_CASE(test_format_names), TEST_CASE(test_detect), TEST_CASE(test_plain),
          TEST_CASE(test_plain_not_nul_terminated), TEST_CASE(test_progress_and_stop),
          TEST_CASE(test_csv_quoting), TEST_CASE(test_csv_feodo_style),
          TEST_CASE(test_csv_urlhaus_comment_header), TEST_CASE(test_csv_columns),
          TEST_CASE(test_ndjson), TEST_CASE(test_stix_malformed), TEST_CASE(test_stix_patterns),
          TEST_CASE(test_stix_unsupported), TEST_CASE(test_stix_objects),
          TEST_CASE(test_stix_shapes), TEST_CASE(test_misp), TEST_CASE(test_misp_shapes),
          TEST_CASE(test_misp_dir_and_path), TEST_CASE(test_shared_feeds),
          TEST_CASE(test_shared_misp), TEST_CASE(test_shared_stix))
