/*
 * match_eve.c: observables of a Suricata EVE JSON line.
 *
 * One jsonx_walk over the line; each leaf's path is compared with the
 * fields below (a switch on the first byte, then on the exact path), so
 * uninteresting leaves cost a byte compare. Strings with escapes are
 * unescaped into the event's scratch. http.url is joined with
 * http.hostname (or dest_ip) and http_port into an absolute URL after the
 * walk, since the fields may come in any order.
 *
 *   addresses  src_ip, dest_ip
 *   dns        dns.rrname, dns.queries[].rrname, dns.answers[].rrname,
 *              dns.answers[].rdata (A and AAAA as addresses; CNAME, PTR,
 *              MX and NS as names; other record types are not observables),
 *              dns.grouped.A[] / AAAA[] / CNAME[] / PTR[] / MX[] / NS[]
 *   tls        tls.sni
 *   http       http.hostname, http.url (absolute), http.http_refer
 *   fileinfo   fileinfo.md5, fileinfo.sha1, fileinfo.sha256
 *   email      email.from, email.to[], email.cc[]
 *   smtp       smtp.mail_from, smtp.rcpt_to[]
 */
#include "match/match_internal.h"

#include <string.h>

typedef struct eve_ctx {
    match_event *e;
    match_slice url, host, port;
    match_slice rrtype; /* of the answer being read */
    int oom;
} eve_ctx;

#define IS(lit) (l->path_len == sizeof(lit) - 1 && memcmp(l->path, lit, sizeof(lit) - 1) == 0)

/* The string value of a leaf, unescaped when needed. */
static match_slice value_of(eve_ctx *c, const jsonx_leaf *l)
{
    match_slice s = {l->raw, l->raw_len};
    if (l->kind != JSONX_STRING && l->kind != JSONX_NUMBER)
        return (match_slice){NULL, 0};
    if (l->escaped) {
        char *p = match_event_scratch(c->e, l->raw_len + 1);
        long n = p ? jsonx_unescape(l->raw, l->raw_len, p, l->raw_len + 1) : -1;
        if (n < 0)
            return (match_slice){NULL, 0};
        s.p = p;
        s.n = (size_t)n;
    }
    return s;
}

/* "Name <user@host>" -> "user@host" */
static match_slice angle_addr(match_slice s)
{
    const char *lt = s.n ? memchr(s.p, '<', s.n) : NULL;
    if (lt) {
        const char *gt = memchr(lt, '>', (size_t)(s.p + s.n - lt));
        if (gt)
            return (match_slice){lt + 1, (size_t)(gt - lt - 1)};
    }
    while (s.n && (*s.p == ' ' || *s.p == '"')) {
        s.p++;
        s.n--;
    }
    while (s.n && (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '"'))
        s.n--;
    return s;
}

static void add(eve_ctx *c, const char *field, size_t flen, match_kind k, match_slice v)
{
    if (v.p)
        match_event_add(c->e, field, flen, k, v.p, v.n);
}

#define ADD(field, kind, v) add(c, field, sizeof(field) - 1, kind, v)

static int looks_like_addr(match_slice v)
{
    if (!v.n)
        return 0;
    if (memchr(v.p, ':', v.n))
        return 1;
    for (size_t i = 0; i < v.n; i++)
        if (!((v.p[i] >= '0' && v.p[i] <= '9') || v.p[i] == '.'))
            return 0;
    return 1;
}

static void rdata(eve_ctx *c, match_slice v)
{
    match_slice t = c->rrtype;
    c->rrtype = (match_slice){NULL, 0};
    if (t.p) {
        if ((t.n == 1 && t.p[0] == 'A') || (t.n == 4 && memcmp(t.p, "AAAA", 4) == 0)) {
            ADD("dns.answers[].rdata", MATCH_ADDR, v);
            return;
        }
        if ((t.n == 5 && memcmp(t.p, "CNAME", 5) == 0) ||
            (t.n == 3 && memcmp(t.p, "PTR", 3) == 0) ||
            (t.n == 2 && (memcmp(t.p, "MX", 2) == 0 || memcmp(t.p, "NS", 2) == 0)))
            ADD("dns.answers[].rdata", MATCH_NAME, v);
        return; /* TXT, SOA, ...: not observables */
    }
    /* no rrtype seen: judge by the data */
    ADD("dns.answers[].rdata", looks_like_addr(v) ? MATCH_ADDR : MATCH_NAME, v);
}

/* The leaves that are observables as they stand (angle: an e-mail address, maybe in <...>). */
#define LEAF(path, kind, angle)                                                                    \
    {                                                                                              \
        path, sizeof(path) - 1, kind, angle                                                        \
    }
static const struct {
    const char *path;
    size_t len;
    match_kind kind;
    int angle;
} plain_leaves[] = {
    LEAF("smtp.mail_from", MATCH_EMAIL, 1),
    LEAF("smtp.rcpt_to[]", MATCH_EMAIL, 1),
    LEAF("dns.rrname", MATCH_NAME, 0),
    LEAF("dns.queries[].rrname", MATCH_NAME, 0),
    LEAF("dns.answers[].rrname", MATCH_NAME, 0),
    LEAF("dns.grouped.A[]", MATCH_ADDR, 0),
    LEAF("dns.grouped.AAAA[]", MATCH_ADDR, 0),
    LEAF("dns.grouped.CNAME[]", MATCH_NAME, 0),
    LEAF("dns.grouped.PTR[]", MATCH_NAME, 0),
    LEAF("dns.grouped.MX[]", MATCH_NAME, 0),
    LEAF("dns.grouped.NS[]", MATCH_NAME, 0),
    LEAF("email.from", MATCH_EMAIL, 1),
    LEAF("email.to[]", MATCH_EMAIL, 1),
    LEAF("email.cc[]", MATCH_EMAIL, 1),
    LEAF("tls.sni", MATCH_NAME, 0),
    LEAF("http.http_refer", MATCH_URL, 0),
    LEAF("fileinfo.md5", MATCH_HASH, 0),
    LEAF("fileinfo.sha1", MATCH_HASH, 0),
    LEAF("fileinfo.sha256", MATCH_HASH, 0),
};

static int on_leaf(void *ctx, const jsonx_leaf *l)
{
    eve_ctx *c = ctx;
    if (!l->path_len)
        return 0;
    /* the leaves the event keeps or that need more than their value */
    if (IS("src_ip")) {
        c->e->src_ip = value_of(c, l);
        ADD("src_ip", MATCH_ADDR, c->e->src_ip);
    } else if (IS("dest_ip")) {
        c->e->dest_ip = value_of(c, l);
        ADD("dest_ip", MATCH_ADDR, c->e->dest_ip);
    } else if (IS("dns.answers[].rrtype") || IS("dns.rrtype")) {
        c->rrtype = value_of(c, l);
    } else if (IS("dns.answers[].rdata") || IS("dns.rdata")) {
        rdata(c, value_of(c, l));
    } else if (IS("event_type")) {
        c->e->event_type = value_of(c, l);
    } else if (IS("timestamp")) {
        c->e->ts = value_of(c, l);
    } else if (IS("http.hostname")) {
        c->host = value_of(c, l);
        ADD("http.hostname", MATCH_NAME, c->host);
    } else if (IS("http.url")) {
        c->url = value_of(c, l);
    } else if (IS("http.http_port")) {
        c->port = value_of(c, l);
    } else {
        for (size_t i = 0; i < sizeof plain_leaves / sizeof plain_leaves[0]; i++)
            if (l->path_len == plain_leaves[i].len &&
                memcmp(l->path, plain_leaves[i].path, plain_leaves[i].len) == 0) {
                match_slice v = value_of(c, l);
                add(c, plain_leaves[i].path, plain_leaves[i].len, plain_leaves[i].kind,
                    plain_leaves[i].angle ? angle_addr(v) : v);
                break;
            }
    }
    return 0;
}

static int has_scheme(match_slice u)
{
    for (size_t i = 0; i < u.n && i < 16; i++) {
        char ch = u.p[i];
        if (ch == ':')
            return i > 0 && i + 2 < u.n && u.p[i + 1] == '/' && u.p[i + 2] == '/';
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '+' || ch == '-' || ch == '.'))
            return 0;
    }
    return 0;
}

/* http.url joined with the host (and port) into an absolute URL. */
static void http_url(eve_ctx *c)
{
    match_slice u = c->url;
    if (!u.p || !u.n)
        return;
    if (has_scheme(u)) {
        ADD("http.url", MATCH_URL, u);
        return;
    }
    match_slice host = c->host.p && c->host.n ? c->host : c->e->dest_ip;
    if (!host.p || !host.n)
        return;
    int v6 = memchr(host.p, ':', host.n) != NULL;
    int port_default = !c->port.p || (c->port.n == 2 && memcmp(c->port.p, "80", 2) == 0);
    match_slice port = port_default ? (match_slice){NULL, 0} : c->port;
    match_slice url = match_event_http_url(c->e, host, v6, port, u);
    if (url.p)
        ADD("http.url", MATCH_URL, url);
}

int match_extract_eve(const char *line, size_t len, match_event *e, const char **why)
{
    eve_ctx c = {.e = e};
    size_t off;
    const char *msg = NULL;
    if (jsonx_walk(line, len, on_leaf, &c, &off, &msg) != 0) {
        /* leaves before the error were added: drop them */
        match_event_reset(e);
        if (why)
            *why = msg ? msg : "not JSON";
        return -1;
    }
    http_url(&c);
    return 0;
}
