/*
 * scap_parse.c: XCCDF 1.2 results and ARF reports read in a stream with
 * libxml2's reader (scap.h).
 *
 * Hostile input: the bytes go through our own read callback, which
 * inflates gzip or bzip2 (at most SCAP_INFLATE_MAX bytes) and scans the
 * prolog: a document type declaration (where entities, external ones and
 * the billion laughs live) is refused before libxml2 parses it. The
 * reader runs with XML_PARSE_NONET and without XML_PARSE_NOENT,
 * XML_PARSE_DTDLOAD or XML_PARSE_DTDATTR: nothing is fetched, loaded or
 * substituted; an entity reference node is refused too. libxml2's
 * messages are caught (never printed) and the first one is the error.
 */
#include "scap/scap.h"

#include <bzlib.h>
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define NS_XCCDF   "http://checklists.nist.gov/xccdf/1.2"
#define PROLOG_MAX (1 << 20)

static const char *const results[] = {"pass",        "fail",          "error",
                                      "unknown",     "notapplicable", "notchecked",
                                      "notselected", "informational", "fixed"};

int scap_result_index(const char *s)
{
    for (int i = 0; i < (int)(sizeof results / sizeof results[0]); i++)
        if (s && strcmp(s, results[i]) == 0)
            return i;
    return -1;
}

const char *scap_result_name(int i)
{
    return i >= 0 && i < (int)(sizeof results / sizeof results[0]) ? results[i] : "";
}

int scap_result_known(const char *s)
{
    return scap_result_index(s) >= 0;
}

/* ---- the input ---- */

enum { SRC_MEM, SRC_GZ, SRC_BZ2 };
enum { P_START, P_TEXT, P_LT, P_PI, P_PI_Q, P_BANG, P_BANG_DASH, P_COMMENT, P_DONE, P_DTD };

/* The prolog scanner's steps through the markup after "<" (a processing
 * instruction, a comment, or the element that ends the prolog): in state
 * `from` the byte `on` leads to `to`; any other byte leads to pother[from].
 * P_DTD refuses the document ("<!" not followed by "--"). */
typedef struct pstep {
    unsigned char from;
    char on;
    unsigned char to;
} pstep;
static const pstep psteps[] = {
    {P_LT, '?', P_PI},
    {P_LT, '!', P_BANG},
    {P_PI, '?', P_PI_Q},
    {P_PI_Q, '>', P_TEXT},
    {P_PI_Q, '?', P_PI_Q},
    {P_BANG, '-', P_BANG_DASH},
    {P_BANG_DASH, '-', P_COMMENT},
};
static const unsigned char pother[] = {
    [P_LT] = P_DONE, [P_PI] = P_PI, [P_PI_Q] = P_PI, [P_BANG] = P_DTD, [P_BANG_DASH] = P_DTD,
};

typedef struct src {
    int kind;
    const char *mem;
    size_t len, pos;
    gzFile gz;
    FILE *fp;
    BZFILE *bz;
    int bz_end;
    int64_t total;
    int pstate, dashes;
    size_t pbytes;
    char why[160]; /* why the input was refused, "" when not */
} src;

static void refuse(src *s, const char *why)
{
    if (!s->why[0])
        snprintf(s->why, sizeof s->why, "%s", why);
}

/* Scan the prolog in p[0..n): refuse a DTD. */
static void prolog(src *s, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n && s->pstate != P_DONE && !s->why[0]; i++, s->pbytes++) {
        unsigned char c = p[i];
        if (s->pbytes > PROLOG_MAX) {
            refuse(s, "no root element in the first megabyte");
            return;
        }
        switch (s->pstate) {
        case P_START:
            if (s->pbytes == 0 && (c == 0xFE || c == 0xFF || c == 0)) {
                refuse(s, "only UTF-8 documents are read");
                return;
            }
            if (s->pbytes < 3 && (c == 0xEF || c == 0xBB || c == 0xBF))
                break;
            s->pstate = P_TEXT;
            /* fall through */
        case P_TEXT:
            if (c == '<')
                s->pstate = P_LT;
            else if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
                s->pstate = P_DONE; /* not XML: libxml2 says where */
            break;
        case P_COMMENT:
            if (c == '>' && s->dashes >= 2)
                s->pstate = P_TEXT;
            s->dashes = c == '-' ? s->dashes + 1 : 0;
            break;
        default: { /* the markup after "<": psteps */
            int to = pother[s->pstate];
            for (size_t k = 0; k < sizeof psteps / sizeof psteps[0]; k++)
                if (psteps[k].from == s->pstate && (unsigned char)psteps[k].on == c)
                    to = psteps[k].to;
            if (to == P_DTD) {
                refuse(s, "a document type declaration (DTD) is not allowed");
            } else {
                s->pstate = to;
                s->dashes = 0;
            }
            break;
        }
        }
    }
}

static int src_read(void *ctx, char *buf, int len)
{
    src *s = ctx;
    if (s->why[0])
        return -1;
    int n = 0;
    if (s->kind == SRC_MEM) {
        size_t left = s->len - s->pos;
        n = (int)(left < (size_t)len ? left : (size_t)len);
        memcpy(buf, s->mem + s->pos, (size_t)n);
        s->pos += (size_t)n;
    } else if (s->kind == SRC_GZ) {
        n = gzread(s->gz, buf, (unsigned)len);
        if (n < 0) {
            refuse(s, "the gzip stream is corrupt");
            return -1;
        }
    } else if (!s->bz_end) {
        int e = BZ_OK;
        n = BZ2_bzRead(&e, s->bz, buf, len);
        if (e == BZ_STREAM_END)
            s->bz_end = 1;
        else if (e != BZ_OK) {
            refuse(s, "the bzip2 stream is corrupt");
            return -1;
        }
    }
    s->total += n;
    if (s->total > SCAP_INFLATE_MAX) {
        refuse(s, "the document is larger than 1 GiB");
        return -1;
    }
    if (s->pstate != P_DONE)
        prolog(s, (const unsigned char *)buf, (size_t)n);
    return s->why[0] ? -1 : n;
}

static int src_close(void *ctx)
{
    (void)ctx;
    return 0;
}

/* ---- the document ---- */

enum { W_NONE, W_TARGET, W_FQDN, W_HOSTNAME, W_RESULT, W_SCORE };

typedef struct parser {
    xmlTextReaderPtr rd;
    scap_file *f;
    src *in;
    gisac_err *err;
    int failed;
    char xmlmsg[200];
    int xmlline;
    /* the TestResult being read */
    int in_test;
    scap_test t;
    const char *target, *fqdn, *hostname;
    const char *bench_id; /* the enclosing Benchmark's id */
    /* the rule-result being read */
    int in_rule;
    const char *rule, *severity, *result;
    /* text wanted */
    int want;
    char text[SCAP_TEXT_MAX + 1];
    size_t ntext;
} parser;

/* The line of the node being read (the parser itself reads ahead). */
static int line_of(parser *p)
{
    xmlNodePtr n = xmlTextReaderCurrentNode(p->rd);
    long l = n ? xmlGetLineNo(n) : -1;
    if (l <= 0)
        l = xmlTextReaderGetParserLineNumber(p->rd);
    return l > 0 && l < 2147483647L ? (int)l : 1;
}

static int fail(parser *p, const char *fmt, const char *what)
{
    if (!p->failed) {
        char m[GISAC_ERR_MSG];
        snprintf(m, sizeof m, fmt, what ? what : "");
        gisac_err_set(p->err, GISAC_EINVAL, "line %d: %s", line_of(p), m);
        p->failed = 1;
    }
    return -1;
}

static void on_error(void *ctx, xmlErrorPtr e)
{
    parser *p = ctx;
    if (!p->xmlmsg[0] && e && e->message) {
        snprintf(p->xmlmsg, sizeof p->xmlmsg, "%s", e->message);
        size_t n = strlen(p->xmlmsg);
        while (n && (p->xmlmsg[n - 1] == '\n' || p->xmlmsg[n - 1] == ' '))
            p->xmlmsg[--n] = '\0';
        p->xmlline = e->line;
    }
}

/* An attribute's value into the arena (NULL when absent); -1 when too long or out of memory. */
static int attr(parser *p, const char *name, const char **out)
{
    *out = NULL;
    xmlChar *v = xmlTextReaderGetAttribute(p->rd, (const xmlChar *)name);
    if (!v)
        return 0;
    int rc = 0;
    if (strlen((const char *)v) > SCAP_TEXT_MAX)
        rc = fail(p, "attribute %s is longer than 1024 bytes", name);
    else if (!(*out = gisac_arena_strdup(p->f->arena, (const char *)v)))
        rc = fail(p, "out of memory%s", "");
    xmlFree(v);
    return rc;
}

static const char *text_done(parser *p)
{
    size_t a = 0, b = p->ntext;
    while (a < b && strchr(" \t\r\n", p->text[a]))
        a++;
    while (b > a && strchr(" \t\r\n", p->text[b - 1]))
        b--;
    p->want = W_NONE;
    return gisac_arena_strndup(p->f->arena, p->text + a, b - a);
}

static int want(parser *p, int w)
{
    p->want = w;
    p->ntext = 0;
    return 0;
}

static int add_rule(parser *p)
{
    scap_file *f = p->f;
    if (!p->rule || !p->rule[0])
        return fail(p, "a rule-result without idref%s", "");
    if (!p->result)
        return fail(p, "rule-result %s has no result", p->rule);
    if (!scap_result_known(p->result))
        return fail(p, "unknown result '%s'", p->result);
    if (f->nrules >= SCAP_RULES_MAX)
        return fail(p, "more than 200000 rule results%s", "");
    scap_rule r = {p->rule, p->result, p->severity};
    if (gisac_push(&f->rules, &f->nrules, &f->cap_rules, sizeof r, 256, &r) < 0)
        return fail(p, "out of memory%s", "");
    p->t.n++;
    return 0;
}

static int end_test(parser *p)
{
    scap_file *f = p->f;
    scap_test *t = &p->t;
    if (!t->benchmark)
        t->benchmark = p->bench_id;
    if (!t->benchmark || !t->benchmark[0])
        return fail(p, "TestResult %s names no benchmark", t->id ? t->id : "");
    t->host = p->fqdn && p->fqdn[0]           ? p->fqdn
              : p->hostname && p->hostname[0] ? p->hostname
                                              : p->target;
    if (gisac_push(&f->tests, &f->ntests, &f->cap_tests, sizeof *t, 4, t) < 0)
        return fail(p, "out of memory%s", "");
    p->in_test = 0;
    return 0;
}

static int time_attr(parser *p, const char *name, int64_t *out)
{
    const char *v;
    *out = 0;
    if (attr(p, name, &v) < 0)
        return -1;
    if (v && gisac_time_parse(v, strlen(v), out) < 0)
        return fail(p, "%s is not a time", name);
    return 0;
}

static int start_element(parser *p, const char *name)
{
    int empty = xmlTextReaderIsEmptyElement(p->rd);
    if (strcmp(name, "Benchmark") == 0 && !p->in_test)
        return attr(p, "id", &p->bench_id);
    if (strcmp(name, "TestResult") == 0) {
        if (p->in_test)
            return fail(p, "a TestResult inside a TestResult%s", "");
        memset(&p->t, 0, sizeof p->t);
        p->t.score_milli = -1;
        p->t.first = p->f->nrules;
        p->target = p->fqdn = p->hostname = NULL;
        p->in_test = 1;
        if (attr(p, "id", &p->t.id) < 0 || time_attr(p, "start-time", &p->t.started) < 0 ||
            time_attr(p, "end-time", &p->t.finished) < 0)
            return -1;
        return empty ? end_test(p) : 0;
    }
    if (!p->in_test)
        return 0;
    if (strcmp(name, "benchmark") == 0) {
        const char *id;
        if (attr(p, "id", &id) < 0)
            return -1;
        if (!id && attr(p, "href", &id) < 0)
            return -1;
        p->t.benchmark = id;
        return 0;
    }
    if (strcmp(name, "profile") == 0)
        return attr(p, "idref", &p->t.profile);
    if (empty)
        return strcmp(name, "rule-result") == 0 ? fail(p, "rule-result without result%s", "") : 0;
    if (strcmp(name, "target") == 0)
        return want(p, W_TARGET);
    if (strcmp(name, "fact") == 0) {
        const char *n;
        if (attr(p, "name", &n) < 0)
            return -1;
        if (n && strcmp(n, "urn:xccdf:fact:asset:identifier:fqdn") == 0)
            return want(p, W_FQDN);
        if (n && strcmp(n, "urn:xccdf:fact:asset:identifier:host_name") == 0)
            return want(p, W_HOSTNAME);
        return 0;
    }
    if (strcmp(name, "rule-result") == 0) {
        if (p->in_rule)
            return fail(p, "a rule-result inside a rule-result%s", "");
        p->in_rule = 1;
        p->result = NULL;
        return attr(p, "idref", &p->rule) < 0 ? -1 : attr(p, "severity", &p->severity);
    }
    if (strcmp(name, "result") == 0 && p->in_rule)
        return want(p, W_RESULT);
    if (strcmp(name, "score") == 0 && p->t.score_milli < 0) {
        const char *sys;
        if (attr(p, "system", &sys) < 0)
            return -1;
        if (!sys || strcmp(sys, "urn:xccdf:scoring:default") == 0)
            return want(p, W_SCORE);
    }
    return 0;
}

static int end_element(parser *p, const char *name)
{
    if (!p->in_test)
        return 0;
    if (strcmp(name, "TestResult") == 0)
        return end_test(p);
    if (p->want != W_NONE) {
        int w = p->want;
        const char *v = text_done(p);
        if (!v)
            return fail(p, "out of memory%s", "");
        /* the element's text as it is, by what was wanted; W_SCORE is a number */
        const char **slot[] = {[W_TARGET] = &p->target,
                               [W_FQDN] = &p->fqdn,
                               [W_HOSTNAME] = &p->hostname,
                               [W_RESULT] = &p->result,
                               [W_SCORE] = NULL};
        if (slot[w]) {
            *slot[w] = v;
            return 0;
        }
        char *end;
        double d = strtod(v, &end);
        if (!*v || *end || !isfinite(d) || d < -1e9 || d > 1e9)
            return fail(p, "score '%s' is not a number", v);
        p->t.score_milli = (int64_t)llround(d * 1000.0);
        return 0;
    }
    if (strcmp(name, "rule-result") == 0 && p->in_rule) {
        p->in_rule = 0;
        return add_rule(p);
    }
    return 0;
}

static int text(parser *p)
{
    if (p->want == W_NONE)
        return 0;
    const char *v = (const char *)xmlTextReaderConstValue(p->rd);
    size_t n = v ? strlen(v) : 0;
    if (p->ntext + n > SCAP_TEXT_MAX)
        return fail(p, "a text longer than 1024 bytes%s", "");
    memcpy(p->text + p->ntext, v, n);
    p->ntext += n;
    return 0;
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void init(void)
{
    xmlInitParser();
}

static int parse(src *in, scap_file *out, gisac_err *err)
{
    pthread_once(&init_once, init);
    xmlSetGenericErrorFunc(NULL, silent);
    memset(out, 0, sizeof *out);
    if (!(out->arena = gisac_arena_new(0)))
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    parser p;
    memset(&p, 0, sizeof p);
    p.f = out;
    p.in = in;
    p.err = err;
    p.rd = xmlReaderForIO(src_read, src_close, in, NULL, NULL, XML_PARSE_NONET);
    if (!p.rd)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    xmlTextReaderSetStructuredErrorHandler(p.rd, on_error, &p);
    int r;
    while ((r = xmlTextReaderRead(p.rd)) == 1) {
        int type = xmlTextReaderNodeType(p.rd);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE || type == XML_READER_TYPE_ENTITY_REFERENCE ||
            type == XML_READER_TYPE_ENTITY) {
            fail(&p, "%s",
                 type == XML_READER_TYPE_DOCUMENT_TYPE ? "a DTD is not allowed"
                                                       : "an entity is not allowed");
            break;
        }
        int rc = 0;
        if (type == XML_READER_TYPE_ELEMENT || type == XML_READER_TYPE_END_ELEMENT) {
            const char *ns = (const char *)xmlTextReaderConstNamespaceUri(p.rd);
            const char *name = (const char *)xmlTextReaderConstLocalName(p.rd);
            if (ns && name && strcmp(ns, NS_XCCDF) == 0)
                rc = type == XML_READER_TYPE_ELEMENT ? start_element(&p, name)
                                                     : end_element(&p, name);
        } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                   type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
            rc = text(&p);
        }
        if (rc < 0)
            break;
    }
    if (!p.failed && r != 0) {
        if (in->why[0])
            gisac_err_set(err, GISAC_EINVAL, "%s", in->why);
        else
            gisac_err_set(err, GISAC_EINVAL, "line %d: %s", p.xmlline > 0 ? p.xmlline : line_of(&p),
                          p.xmlmsg[0] ? p.xmlmsg : "not well-formed XML");
        p.failed = 1;
    }
    xmlFreeTextReader(p.rd);
    if (!p.failed && in->why[0]) {
        gisac_err_set(err, GISAC_EINVAL, "%s", in->why);
        p.failed = 1;
    }
    if (!p.failed && out->ntests == 0) {
        gisac_err_set(err, GISAC_EINVAL, "no XCCDF 1.2 TestResult in the document");
        p.failed = 1;
    }
    return p.failed ? GISAC_EINVAL : 0;
}

int scap_parse_mem(const char *data, size_t n, scap_file *out, gisac_err *err)
{
    src in;
    memset(&in, 0, sizeof in);
    in.kind = SRC_MEM;
    in.mem = data;
    in.len = n;
    return parse(&in, out, err);
}

int scap_parse_file(const char *path, scap_file *out, gisac_err *err)
{
    memset(out, 0, sizeof *out);
    src in;
    memset(&in, 0, sizeof in);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return gisac_err_set(err, GISAC_EIO, "%s: cannot open", path);
    unsigned char magic[3] = {0};
    size_t got = fread(magic, 1, 3, fp);
    rewind(fp);
    int rc;
    if (got == 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
        int e;
        in.kind = SRC_BZ2;
        in.fp = fp;
        in.bz = BZ2_bzReadOpen(&e, fp, 0, 0, NULL, 0);
        if (e != BZ_OK) {
            fclose(fp);
            return gisac_err_set(err, GISAC_EINVAL, "%s: not a bzip2 file", path);
        }
        rc = parse(&in, out, err);
        BZ2_bzReadClose(&e, in.bz);
        fclose(fp);
    } else {
        /* gzip, or plain bytes read as they are */
        fclose(fp);
        in.kind = SRC_GZ;
        in.gz = gzopen(path, "rb");
        if (!in.gz)
            return gisac_err_set(err, GISAC_EIO, "%s: cannot open", path);
        gzbuffer(in.gz, 1 << 16);
        rc = parse(&in, out, err);
        gzclose(in.gz);
    }
    if (rc < 0 && err && !strstr(err->msg, path)) {
        char m[GISAC_ERR_MSG];
        snprintf(m, sizeof m, "%s", err->msg);
        gisac_err_set(err, rc, "%s: %s", path, m);
    }
    return rc;
}

void scap_file_free(scap_file *f)
{
    free(f->tests);
    free(f->rules);
    gisac_arena_free(f->arena);
    memset(f, 0, sizeof *f);
}
