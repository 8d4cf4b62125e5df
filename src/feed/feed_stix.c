/*
 * feed_stix.c: STIX 2.x bundles: indicators (through a small parser of the
 * STIX patterning language) and cyber observables.
 *
 * Pattern grammar (STIX 2.1 part 9), as parsed here:
 *   pattern   := obs_or (FOLLOWEDBY obs_or)*
 *   obs_or    := obs_and (OR obs_and)*
 *   obs_and   := obs_qual (AND obs_qual)*
 *   obs_qual  := obs (WITHIN n SECONDS | START t'..' STOP t'..' | REPEATS n TIMES)*
 *   obs       := '[' cmp_or ']' | '(' pattern ')'
 *   cmp_or    := cmp_and (OR cmp_and)*
 *   cmp_and   := test (AND test)*
 *   test      := '(' cmp_or ')' | EXISTS path
 *              | path [NOT] (= | == | != | <> | < | > | <= | >=) literal
 *              | path [NOT] IN '(' literal (',' literal)* ')'
 *              | path [NOT] (LIKE | MATCHES | ISSUBSET | ISSUPERSET) string
 * Every comparison is collected; the ones gisac can import (equality or IN
 * on the supported object paths, ISSUBSET on addresses) become records,
 * the rest are reported as unsupported once per indicator.
 */
#include "feed/feed_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- pattern lexer ------------------------------------------------------ */

enum tok_kind {
    T_EOF,
    T_LBRACK,
    T_RBRACK,
    T_LPAREN,
    T_RPAREN,
    T_COMMA,
    T_OP,
    T_STRING, /* 'quoted', escapes not yet undone */
    T_LIT,    /* any other literal: number, t'..', h'..', b'..' */
    T_PATH,   /* object-type:path */
    T_WORD,   /* keyword, true, false */
};

/* The one-character tokens and their kinds. */
#define PUNCT "[](),"
static const enum tok_kind punct_kinds[] = {T_LBRACK, T_RBRACK, T_LPAREN, T_RPAREN, T_COMMA};

enum {
    OP_EQ,
    OP_NE,
    OP_LT,
    OP_GT,
    OP_LE,
    OP_GE,
    OP_IN,
    OP_LIKE,
    OP_MATCHES,
    OP_SUBSET,
    OP_SUPERSET,
    OP_EXISTS
};

#define PAT_MAX_DEPTH 64

typedef struct pat_cmp {
    const char *type, *path; /* object type and the path after ':' */
    size_t tlen, plen;
    const char *text; /* the comparison as written */
    size_t textlen;
    int op, neg, all_strings;
    size_t v0, nv; /* values: vals offsets voff[v0 .. v0+nv) */
} pat_cmp;

typedef struct pat {
    const char *s;
    size_t n, pos;
    enum tok_kind k; /* the current token */
    const char *ts;
    size_t tl;
    int op;
    const char *prev_end; /* end of the last token consumed */
    const char *err;
    size_t errpos;
    int depth, followedby;
    pat_cmp *cmp;
    size_t ncmp, capcmp;
    gisac_buf vals; /* unescaped string values, NUL separated */
    size_t *voff, *vlen;
    size_t nval, capval;
} pat;

static int pat_fail(pat *p, const char *msg)
{
    if (!p->err) {
        p->err = msg;
        p->errpos = p->ts ? (size_t)(p->ts - p->s) : p->pos;
    }
    return -1;
}

static int ident_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '-';
}

/* a quoted run starting at s[i] == '\''; returns the index after the closing quote */
static int lex_quoted(pat *p, size_t *i)
{
    size_t j = *i + 1;
    while (j < p->n) {
        if (p->s[j] == '\\') {
            j += 2;
            continue;
        }
        if (p->s[j] == '\'') {
            *i = j + 1;
            return 0;
        }
        j++;
    }
    return -1;
}

static int advance(pat *p)
{
    if (p->ts)
        p->prev_end = p->ts + p->tl;
    const char *s = p->s;
    size_t n = p->n, i = p->pos;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    p->ts = s + i;
    if (i >= n) {
        p->k = T_EOF;
        p->tl = 0;
        p->pos = i;
        return 0;
    }
    size_t start = i;
    char ch = s[i];
    switch (ch) {
    case '[':
    case ']':
    case '(':
    case ')':
    case ',':
        p->k = punct_kinds[strchr(PUNCT, ch) - PUNCT];
        i++;
        break;
    case '=':
        p->k = T_OP;
        p->op = OP_EQ;
        i += (i + 1 < n && s[i + 1] == '=') ? 2 : 1;
        break;
    case '!':
        if (i + 1 < n && s[i + 1] == '=') {
            p->k = T_OP;
            p->op = OP_NE;
            i += 2;
            break;
        }
        p->pos = i;
        return pat_fail(p, "unexpected '!'");
    case '<':
        p->k = T_OP;
        if (i + 1 < n && s[i + 1] == '=') {
            p->op = OP_LE;
            i += 2;
        } else if (i + 1 < n && s[i + 1] == '>') {
            p->op = OP_NE;
            i += 2;
        } else {
            p->op = OP_LT;
            i++;
        }
        break;
    case '>':
        p->k = T_OP;
        if (i + 1 < n && s[i + 1] == '=') {
            p->op = OP_GE;
            i += 2;
        } else {
            p->op = OP_GT;
            i++;
        }
        break;
    case '\'':
        p->k = T_STRING;
        if (lex_quoted(p, &i) < 0)
            return pat_fail(p, "unterminated string");
        break;
    default:
        if ((ch == 't' || ch == 'b' || ch == 'h') && i + 1 < n && s[i + 1] == '\'') {
            p->k = T_LIT;
            i++;
            if (lex_quoted(p, &i) < 0)
                return pat_fail(p, "unterminated literal");
            break;
        }
        if ((ch >= '0' && ch <= '9') ||
            ((ch == '-' || ch == '+') && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9')) {
            p->k = T_LIT;
            i++;
            while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
                i++;
            break;
        }
        if (!ident_char(ch) || ch == '-') {
            p->pos = i;
            return pat_fail(p, "unexpected character");
        }
        while (i < n && ident_char(s[i]))
            i++;
        if (i < n && s[i] == ':') {
            /* an object path: type ':' components */
            p->k = T_PATH;
            i++;
            size_t first = i;
            for (;;) {
                if (i < n && ident_char(s[i])) {
                    while (i < n && ident_char(s[i]))
                        i++;
                } else if (i < n && s[i] == '.') {
                    i++;
                    if (i < n && s[i] == '\'' && lex_quoted(p, &i) < 0)
                        return pat_fail(p, "unterminated quoted path component");
                } else if (i < n && s[i] == '\'' && i == first) {
                    if (lex_quoted(p, &i) < 0)
                        return pat_fail(p, "unterminated quoted path component");
                } else if (i < n && s[i] == '[') {
                    const char *e = memchr(s + i, ']', n - i);
                    if (!e)
                        return pat_fail(p, "unterminated '[' in object path");
                    i = (size_t)(e - s) + 1;
                } else {
                    break;
                }
            }
            if (i == first)
                return pat_fail(p, "empty object path");
        } else {
            p->k = T_WORD;
        }
        break;
    }
    p->tl = i - start;
    p->pos = i;
    return 0;
}

static int is_word(const pat *p, const char *w)
{
    return p->k == T_WORD && feed_ieq(p->ts, p->tl, w);
}

static int expect(pat *p, enum tok_kind k, const char *msg)
{
    if (p->k != k)
        return pat_fail(p, msg);
    return advance(p);
}

/* ---- pattern parser ----------------------------------------------------- */

static int add_value(pat *p, const char *raw, size_t len)
{
    /* raw is the text between the quotes; undo \' and \\ */
    if (p->nval == p->capval) {
        size_t cap = p->capval ? p->capval * 2 : 8;
        size_t *o = realloc(p->voff, cap * sizeof *o);
        if (!o)
            return GISAC_ENOMEM;
        p->voff = o;
        size_t *l = realloc(p->vlen, cap * sizeof *l);
        if (!l)
            return GISAC_ENOMEM;
        p->vlen = l;
        p->capval = cap;
    }
    size_t off = p->vals.len;
    for (size_t i = 0; i < len; i++) {
        char ch = raw[i];
        if (ch == '\\' && i + 1 < len)
            ch = raw[++i];
        if (gisac_buf_putc(&p->vals, ch) < 0)
            return GISAC_ENOMEM;
    }
    size_t vl = p->vals.len - off;
    if (gisac_buf_append(&p->vals, "", 1) < 0)
        return GISAC_ENOMEM;
    p->voff[p->nval] = off;
    p->vlen[p->nval] = vl;
    p->nval++;
    return 0;
}

static pat_cmp *add_cmp(pat *p, const char *path, size_t plen, int op, int neg)
{
    pat_cmp *c = gisac_grow(p->cmp, p->ncmp, &p->capcmp, sizeof *c, 8);
    if (!c)
        return NULL;
    p->cmp = c;
    pat_cmp *m = &p->cmp[p->ncmp++];
    memset(m, 0, sizeof *m);
    const char *colon = memchr(path, ':', plen);
    m->type = path;
    m->tlen = colon ? (size_t)(colon - path) : plen;
    m->path = colon ? colon + 1 : path + plen;
    m->plen = colon ? plen - m->tlen - 1 : 0;
    m->text = path;
    m->op = op;
    m->neg = neg;
    m->all_strings = 1;
    m->v0 = p->nval;
    return m;
}

/* a literal as the value of m; the current token */
static int take_literal(pat *p, pat_cmp *m)
{
    if (p->k == T_STRING) {
        if (add_value(p, p->ts + 1, p->tl - 2) < 0)
            return GISAC_ENOMEM;
        m->nv++;
    } else if (p->k == T_LIT || is_word(p, "true") || is_word(p, "false")) {
        m->all_strings = 0;
    } else {
        return pat_fail(p, "expected a literal");
    }
    return advance(p);
}

static int parse_cmp_or(pat *p);

static int parse_test(pat *p)
{
    int rc;
    if (p->k == T_LPAREN) {
        if (++p->depth > PAT_MAX_DEPTH)
            return pat_fail(p, "nested too deeply");
        if ((rc = advance(p)) < 0 || (rc = parse_cmp_or(p)) < 0)
            return rc;
        p->depth--;
        return expect(p, T_RPAREN, "expected ')'");
    }
    if (is_word(p, "EXISTS")) {
        const char *start = p->ts;
        if ((rc = advance(p)) < 0)
            return rc;
        if (p->k != T_PATH)
            return pat_fail(p, "expected an object path after EXISTS");
        pat_cmp *m = add_cmp(p, p->ts, p->tl, OP_EXISTS, 0);
        if (!m)
            return GISAC_ENOMEM;
        m->all_strings = 0;
        m->text = start;
        if ((rc = advance(p)) < 0)
            return rc;
        m->textlen = (size_t)(p->prev_end - start);
        return 0;
    }
    if (p->k != T_PATH)
        return pat_fail(p, "expected an object path");
    const char *path = p->ts;
    size_t plen = p->tl;
    if ((rc = advance(p)) < 0)
        return rc;
    int neg = 0;
    if (is_word(p, "NOT")) {
        neg = 1;
        if ((rc = advance(p)) < 0)
            return rc;
    }
    int op;
    if (p->k == T_OP)
        op = p->op;
    else if (is_word(p, "IN"))
        op = OP_IN;
    else if (is_word(p, "LIKE"))
        op = OP_LIKE;
    else if (is_word(p, "MATCHES"))
        op = OP_MATCHES;
    else if (is_word(p, "ISSUBSET"))
        op = OP_SUBSET;
    else if (is_word(p, "ISSUPERSET"))
        op = OP_SUPERSET;
    else
        return pat_fail(p, "expected a comparison operator");
    if (op == OP_NE)
        neg = 1;
    pat_cmp *m = add_cmp(p, path, plen, op, neg);
    if (!m)
        return GISAC_ENOMEM;
    size_t idx = p->ncmp - 1;
    if ((rc = advance(p)) < 0)
        return rc;
    if (op == OP_IN) {
        if ((rc = expect(p, T_LPAREN, "expected '(' after IN")) < 0)
            return rc;
        for (;;) {
            if ((rc = take_literal(p, &p->cmp[idx])) < 0)
                return rc;
            if (p->k != T_COMMA)
                break;
            if ((rc = advance(p)) < 0)
                return rc;
        }
        if ((rc = expect(p, T_RPAREN, "expected ')' after the IN list")) < 0)
            return rc;
    } else if (op == OP_LIKE || op == OP_MATCHES || op == OP_SUBSET || op == OP_SUPERSET) {
        if (p->k != T_STRING)
            return pat_fail(p, "expected a string");
        if ((rc = take_literal(p, &p->cmp[idx])) < 0)
            return rc;
    } else {
        if ((rc = take_literal(p, &p->cmp[idx])) < 0)
            return rc;
    }
    p->cmp[idx].textlen = (size_t)(p->prev_end - p->cmp[idx].text);
    return 0;
}

/* operand (OP operand)*, for the pattern grammar's binary operators; *seen
 * (may be NULL) set when OP was there */
static int parse_chain(pat *p, int (*operand)(pat *), const char *op, int *seen)
{
    int rc = operand(p);
    while (rc == 0 && is_word(p, op)) {
        if (seen)
            *seen = 1;
        if ((rc = advance(p)) < 0)
            return rc;
        rc = operand(p);
    }
    return rc;
}

static int parse_cmp_and(pat *p)
{
    return parse_chain(p, parse_test, "AND", NULL);
}

static int parse_cmp_or(pat *p)
{
    return parse_chain(p, parse_cmp_and, "OR", NULL);
}

static int parse_pattern(pat *p);

static int parse_obs(pat *p)
{
    int rc;
    if (p->k == T_LBRACK) {
        if ((rc = advance(p)) < 0 || (rc = parse_cmp_or(p)) < 0)
            return rc;
        return expect(p, T_RBRACK, "expected ']'");
    }
    if (p->k == T_LPAREN) {
        if (++p->depth > PAT_MAX_DEPTH)
            return pat_fail(p, "nested too deeply");
        if ((rc = advance(p)) < 0 || (rc = parse_pattern(p)) < 0)
            return rc;
        p->depth--;
        return expect(p, T_RPAREN, "expected ')'");
    }
    return pat_fail(p, "expected '[' or '('");
}

static int parse_obs_qual(pat *p)
{
    int rc = parse_obs(p);
    while (rc == 0) {
        if (is_word(p, "WITHIN")) {
            if ((rc = advance(p)) < 0)
                return rc;
            if (p->k != T_LIT)
                return pat_fail(p, "expected a number after WITHIN");
            if ((rc = advance(p)) < 0)
                return rc;
            if (!is_word(p, "SECONDS"))
                return pat_fail(p, "expected SECONDS");
            rc = advance(p);
        } else if (is_word(p, "START")) {
            if ((rc = advance(p)) < 0 || (rc = expect(p, T_LIT, "expected a timestamp")) < 0)
                return rc;
            if (!is_word(p, "STOP"))
                return pat_fail(p, "expected STOP");
            if ((rc = advance(p)) < 0)
                return rc;
            rc = expect(p, T_LIT, "expected a timestamp");
        } else if (is_word(p, "REPEATS")) {
            if ((rc = advance(p)) < 0 || (rc = expect(p, T_LIT, "expected a number")) < 0)
                return rc;
            if (!is_word(p, "TIMES"))
                return pat_fail(p, "expected TIMES");
            rc = advance(p);
        } else {
            break;
        }
    }
    return rc;
}

static int parse_obs_and(pat *p)
{
    return parse_chain(p, parse_obs_qual, "AND", NULL);
}

static int parse_obs_or(pat *p)
{
    return parse_chain(p, parse_obs_and, "OR", NULL);
}

static int parse_pattern(pat *p)
{
    return parse_chain(p, parse_obs_or, "FOLLOWEDBY", &p->followedby);
}

static void pat_free(pat *p)
{
    free(p->cmp);
    free(p->voff);
    free(p->vlen);
    gisac_buf_free(&p->vals);
}

/* 0 parsed; -1 syntax error (p->err); GISAC_ENOMEM */
static int pat_parse(pat *p, const char *s, size_t n)
{
    memset(p, 0, sizeof *p);
    p->s = s;
    p->n = n;
    int rc = advance(p);
    if (rc == 0)
        rc = parse_pattern(p);
    if (rc == 0 && p->k != T_EOF)
        rc = pat_fail(p, "unexpected text after the pattern");
    if (rc < 0 && !p->err && rc != GISAC_ENOMEM)
        rc = pat_fail(p, "syntax error");
    return rc == GISAC_ENOMEM ? rc : (rc < 0 ? -1 : 0);
}

/*
 * The observation expressions joined by OR at the top of a pattern that
 * does not parse as a whole ("[a] OR [b" ...): up to max (offset, length)
 * pairs, each trimmed. 0 when the pattern has no OR at its top, uses
 * FOLLOWEDBY there, or does not even split into tokens.
 */
#define PAT_MAX_PARTS 64
static size_t split_top_or(const char *s, size_t n, size_t *off, size_t *len, size_t max)
{
    pat p;
    memset(&p, 0, sizeof p);
    p.s = s;
    p.n = n;
    size_t k = 0, start = 0;
    int depth = 0;
    for (;;) {
        if (advance(&p) < 0)
            return 0;
        if (p.k == T_LBRACK || p.k == T_LPAREN) {
            depth++;
        } else if (p.k == T_RBRACK || p.k == T_RPAREN) {
            depth--;
        } else if (depth == 0 && is_word(&p, "FOLLOWEDBY")) {
            return 0;
        } else if (p.k == T_EOF || (depth == 0 && is_word(&p, "OR"))) {
            size_t end = p.k == T_EOF ? n : (size_t)(p.ts - s);
            while (start < end &&
                   (s[start] == ' ' || s[start] == '\t' || s[start] == '\n' || s[start] == '\r'))
                start++;
            while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\n' ||
                                   s[end - 1] == '\r'))
                end--;
            if (k == max)
                return 0;
            off[k] = start;
            len[k++] = end - start;
            if (p.k == T_EOF)
                return k > 1 ? k : 0;
            start = (size_t)(p.ts - s) + p.tl;
        }
    }
}

/* ---- what can be imported ----------------------------------------------- */

enum { K_NONE, K_V4, K_V6, K_DOMAIN, K_URL, K_EMAIL, K_MD5, K_SHA1, K_SHA256, K_X509, K_APP };

/* MD5 / SHA-1 / SHA-256 by a hash name as STIX writes it ('SHA-256', SHA256, ...) */
static int hash_kind(const char *s, size_t len)
{
    char b[16];
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        if (ch == '\'' || ch == '-' || ch == '_')
            continue;
        if (k + 1 >= sizeof b)
            return K_NONE;
        b[k++] = ch;
    }
    if (feed_ieq(b, k, "md5"))
        return K_MD5;
    if (feed_ieq(b, k, "sha1"))
        return K_SHA1;
    if (feed_ieq(b, k, "sha256"))
        return K_SHA256;
    return K_NONE;
}

static int value_kind(const char *type, size_t tlen)
{
    if (feed_ieq(type, tlen, "ipv4-addr"))
        return K_V4;
    if (feed_ieq(type, tlen, "ipv6-addr"))
        return K_V6;
    if (feed_ieq(type, tlen, "domain-name"))
        return K_DOMAIN;
    if (feed_ieq(type, tlen, "url"))
        return K_URL;
    if (feed_ieq(type, tlen, "email-addr"))
        return K_EMAIL;
    return K_NONE;
}

static int cmp_kind(const pat_cmp *m)
{
    if (m->neg || !m->all_strings || !m->nv)
        return K_NONE;
    if (m->op != OP_EQ && m->op != OP_IN && m->op != OP_SUBSET)
        return K_NONE;
    int k = K_NONE;
    if (feed_ieq(m->path, m->plen, "value"))
        k = value_kind(m->type, m->tlen);
    else if (feed_ieq(m->type, m->tlen, "file") && m->plen > 7 && feed_ieq(m->path, 7, "hashes."))
        k = hash_kind(m->path + 7, m->plen - 7);
    else if (feed_ieq(m->type, m->tlen, "x509-certificate") && m->plen > 7 &&
             feed_ieq(m->path, 7, "hashes.") && hash_kind(m->path + 7, m->plen - 7) == K_SHA256)
        k = K_X509; /* a signing certificate's fingerprint (docs/app.md) */
    else if (feed_ieq(m->type, m->tlen, "software") &&
             feed_ieq(m->path, m->plen, "x_android_package"))
        k = K_APP; /* gisac's custom property for an Android package id */
    if (m->op == OP_SUBSET && k != K_V4 && k != K_V6)
        return K_NONE;
    return k;
}

static ioc_type kind_want(int k, const char *v)
{
    switch (k) {
    case K_V4:
        return strchr(v, '/') ? IOC_CIDR : IOC_IPV4;
    case K_V6:
        return strchr(v, '/') ? IOC_CIDR : IOC_IPV6;
    case K_DOMAIN:
        return IOC_DOMAIN;
    case K_URL:
        return IOC_URL;
    case K_EMAIL:
        return IOC_EMAIL;
    case K_MD5:
        return IOC_MD5;
    case K_SHA1:
        return IOC_SHA1;
    case K_SHA256:
        return IOC_SHA256;
    case K_X509:
        return IOC_X509_SHA256;
    case K_APP:
        return IOC_ANDROID_PACKAGE;
    }
    return IOC_AUTO;
}

/* ---- objects ------------------------------------------------------------ */

typedef struct stix_marking {
    const char *id;
    gisac_tlp tlp;
} stix_marking;

typedef struct stix {
    feed_ctx *c;
    stix_marking *m;
    size_t nm, capm;
} stix;

static const struct {
    const char *id;
    gisac_tlp tlp;
} tlp_ids[] = {
    /* TLP 1.0 (STIX 2.1 section 7.2.1.4) */
    {"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", TLP_CLEAR},
    {"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", TLP_GREEN},
    {"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", TLP_AMBER},
    {"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", TLP_RED},
    /* TLP 2.0 (the OASIS TLP 2.0 marking definitions) */
    {"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", TLP_CLEAR},
    {"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", TLP_GREEN},
    {"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", TLP_AMBER},
    {"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", TLP_AMBER_STRICT},
    {"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", TLP_RED},
};

static gisac_tlp tlp_of_name(const char *s)
{
    gisac_tlp t;
    if (s && tlp_from_name(s, strlen(s), &t) == 0)
        return t;
    return TLP_UNSET;
}

/* the TLP a marking-definition object stands for, or TLP_UNSET */
static gisac_tlp marking_tlp(const json_t *m)
{
    const char *dt = feed_json_str(m, "definition_type", 0);
    gisac_tlp t;
    if (dt && feed_ieq(dt, strlen(dt), "tlp")) {
        t = tlp_of_name(feed_json_str(json_object_get(m, "definition"), "tlp", 0));
        if (t != TLP_UNSET)
            return t;
    }
    json_t *ext = json_object_get(m, "extensions");
    if (json_is_object(ext)) {
        const char *k;
        json_t *e;
        json_object_foreach(ext, k, e)
        {
            t = tlp_of_name(feed_json_str(e, "tlp_2_0", 0));
            if (t != TLP_UNSET)
                return t;
        }
    }
    const char *name = feed_json_str(m, "name", 0);
    if (name && strlen(name) > 4 && feed_ieq(name, 4, "tlp:"))
        return tlp_of_name(name);
    return TLP_UNSET;
}

static int collect_marking(stix *s, const json_t *o)
{
    const char *type = feed_json_str(o, "type", 0);
    const char *id = feed_json_str(o, "id", 0);
    if (!type || !id || strcmp(type, "marking-definition") != 0)
        return 0;
    gisac_tlp t = marking_tlp(o);
    if (t == TLP_UNSET)
        return 0;
    stix_marking m = {id, t};
    return gisac_push(&s->m, &s->nm, &s->capm, sizeof m, 8, &m);
}

/* the most restrictive TLP among the object's marking refs */
static gisac_tlp object_tlp(const stix *s, const json_t *o)
{
    gisac_tlp best = TLP_UNSET;
    const json_t *refs = json_object_get(o, "object_marking_refs");
    size_t i;
    const json_t *r;
    json_array_foreach(refs, i, r)
    {
        const char *id = json_string_value(r);
        if (!id)
            continue;
        size_t len = strlen(id);
        gisac_tlp t = TLP_UNSET;
        for (size_t k = 0; k < sizeof tlp_ids / sizeof tlp_ids[0] && t == TLP_UNSET; k++)
            if (feed_ieq(id, len, tlp_ids[k].id))
                t = tlp_ids[k].tlp;
        for (size_t k = 0; k < s->nm && t == TLP_UNSET; k++)
            if (strcmp(id, s->m[k].id) == 0)
                t = s->m[k].tlp;
        if (t > best)
            best = t;
    }
    return best;
}

/* check that an address value fits its object type; 1 if so (else rejected) */
static int family_ok(feed_ctx *c, int kind, ioc_type t, const char *where)
{
    int v6 = strchr(c->value, ':') != NULL;
    if (t == IOC_CIDR && kind == K_V4 && v6) {
        feed_reject(c, where, "an IPv6 network in an ipv4-addr");
        return 0;
    }
    if (t == IOC_CIDR && kind == K_V6 && !v6) {
        feed_reject(c, where, "an IPv4 network in an ipv6-addr");
        return 0;
    }
    return 1;
}

static int emit_kind(feed_ctx *c, feed_record *r, int kind, const char *v, size_t vl,
                     const char *reject_where)
{
    ioc_type t;
    unsigned w;
    if (!feed_norm(c, kind_want(kind, v), v, vl, reject_where, &t, &w))
        return 0;
    if ((kind == K_V4 || kind == K_V6) && !family_ok(c, kind, t, reject_where))
        return 0;
    r->type = t;
    r->warn = w;
    return feed_send(c, r, v, vl);
}

static int pattern_records(stix *s, const json_t *o, const char *where, const char *wpat, pat *pp,
                           const char *pattern, size_t plen);

static int stix_indicator(stix *s, const json_t *o, const char *path)
{
    feed_ctx *c = s->c;
    const char *where = feed_where_json(c, &c->where, "%s", path);
    if (feed_json_bool(json_object_get(o, "revoked"), 0)) {
        feed_unsupported(c, where, "revoked indicator");
        return 0;
    }
    const char *ptype = feed_json_str(o, "pattern_type", 0);
    if (ptype && strcmp(ptype, "stix") != 0) {
        feed_unsupported(c, where, "pattern_type \"%s\"", ptype);
        return 0;
    }
    const json_t *pj = json_object_get(o, "pattern");
    if (!json_is_string(pj)) {
        feed_reject(c, where, "indicator without a pattern");
        return 0;
    }
    const char *pattern = json_string_value(pj);
    size_t plen = json_string_length(pj);
    int shown = plen > 400 ? 400 : (int)plen;
    const char *more = plen > 400 ? "..." : "";
    const char *wpat = feed_where_json(c, &c->where2, "%s.pattern", path);
    pat p;
    int rc = pat_parse(&p, pattern, plen);
    if (rc == GISAC_ENOMEM) {
        pat_free(&p);
        return feed_nomem(c);
    }
    if (rc == 0)
        return pattern_records(s, o, where, wpat, &p, pattern, plen);
    /* "[a] OR [b" keeps [a]: each side of a top-level OR on its own */
    size_t off[PAT_MAX_PARTS], len[PAT_MAX_PARTS];
    size_t nparts = split_top_or(pattern, plen, off, len, PAT_MAX_PARTS);
    if (nparts == 0) {
        feed_reject(c, wpat, "bad STIX pattern (%s at offset %zu): %.*s%s", p.err, p.errpos, shown,
                    pattern, more);
        pat_free(&p);
        return 0;
    }
    pat_free(&p);
    rc = 0;
    for (size_t i = 0; i < nparts && rc >= 0; i++) {
        rc = pat_parse(&p, pattern + off[i], len[i]);
        if (rc == GISAC_ENOMEM) {
            pat_free(&p);
            return feed_nomem(c);
        }
        if (rc == 0) {
            rc = pattern_records(s, o, where, wpat, &p, pattern + off[i], len[i]);
            continue;
        }
        int sl = len[i] > 400 ? 400 : (int)len[i];
        feed_reject(c, wpat, "bad STIX pattern (%s at offset %zu): %.*s%s", p.err,
                    off[i] + p.errpos, sl, pattern + off[i], len[i] > 400 ? "..." : "");
        pat_free(&p);
        rc = 0;
    }
    return rc;
}

/* The records of parsed pattern p (text, tlen bytes) of indicator o; frees p. */
static int pattern_records(stix *s, const json_t *o, const char *where, const char *wpat, pat *pp,
                           const char *pattern, size_t plen)
{
    feed_ctx *c = s->c;
    pat p = *pp;
    int shown = plen > 400 ? 400 : (int)plen;
    const char *more = plen > 400 ? "..." : "";
    int rc;
    size_t nsupported = 0, nunsupported = 0, first_bad = 0;
    for (size_t i = 0; i < p.ncmp; i++) {
        if (cmp_kind(&p.cmp[i]) != K_NONE) {
            nsupported++;
        } else if (nunsupported++ == 0) {
            first_bad = i;
        }
    }
    if (p.followedby || nsupported == 0) {
        feed_unsupported(c, wpat, "%spattern: %.*s%s", p.followedby ? "FOLLOWEDBY " : "", shown,
                         pattern, more);
        pat_free(&p);
        return 0;
    }
    if (nunsupported) {
        const pat_cmp *b = &p.cmp[first_bad];
        int bl = b->textlen > 200 ? 200 : (int)b->textlen;
        feed_unsupported(c, wpat, "part of the pattern not imported: %.*s%s", bl, b->text,
                         nunsupported > 1 ? " (and more)" : "");
    }

    feed_record r;
    feed_record_init(&r);
    r.where = where;
    r.stix_id = feed_json_str(o, "id", 1);
    r.name = feed_json_str(o, "name", 1);
    r.description = feed_json_str(o, "description", 1);
    r.created_by = feed_json_str(o, "created_by_ref", 1);
    r.valid_from = feed_json_time(json_object_get(o, "valid_from"));
    r.valid_until = feed_json_time(json_object_get(o, "valid_until"));
    const json_t *conf = json_object_get(o, "confidence");
    if (json_is_integer(conf) && json_integer_value(conf) >= 0 && json_integer_value(conf) <= 100)
        r.confidence = (int)json_integer_value(conf);
    r.tlp = object_tlp(s, o);
    feed_labels_reset(&c->labels);
    if (feed_labels_add_array(&c->labels, json_object_get(o, "indicator_types")) < 0 ||
        feed_labels_add_array(&c->labels, json_object_get(o, "labels")) < 0) {
        pat_free(&p);
        return feed_nomem(c);
    }
    feed_labels_apply(&c->labels, &r);

    rc = 0;
    for (size_t i = 0; i < p.ncmp && rc == 0; i++) {
        int kind = cmp_kind(&p.cmp[i]);
        if (kind == K_NONE)
            continue;
        for (size_t j = 0; j < p.cmp[i].nv && rc == 0; j++) {
            size_t vi = p.cmp[i].v0 + j;
            rc = emit_kind(c, &r, kind, p.vals.data + p.voff[vi], p.vlen[vi], wpat);
        }
    }
    pat_free(&p);
    return rc;
}

/* a cyber observable of a supported type */
static int stix_sco(stix *s, const json_t *o, const char *path, const char *type)
{
    feed_ctx *c = s->c;
    int kind = value_kind(type, strlen(type));
    int file = strcmp(type, "file") == 0;
    if (kind == K_NONE && !file)
        return 0; /* other objects are context, not indicators */
    feed_record r;
    feed_record_init(&r);
    r.where = feed_where_json(c, &c->where, "%s", path);
    r.stix_id = feed_json_str(o, "id", 1);
    r.created_by = feed_json_str(o, "created_by_ref", 1);
    r.tlp = object_tlp(s, o);
    if (!file) {
        const json_t *v = json_object_get(o, "value");
        if (!json_is_string(v)) {
            feed_reject(c, r.where, "%s without a string value", type);
            return 0;
        }
        const char *wv = feed_where_json(c, &c->where2, "%s.value", path);
        return emit_kind(c, &r, kind, json_string_value(v), json_string_length(v), wv);
    }
    const json_t *hashes = json_object_get(o, "hashes");
    const char *k;
    json_t *v;
    int rc = 0;
    if (!json_is_object(hashes))
        return 0;
    json_object_foreach((json_t *)hashes, k, v)
    {
        int hk = hash_kind(k, strlen(k));
        if (hk == K_NONE)
            continue;
        const char *wv = feed_where_json(c, &c->where2, "%s.hashes['%s']", path, k);
        if (!json_is_string(v)) {
            feed_reject(c, wv, "hash is not a string");
            continue;
        }
        if ((rc = emit_kind(c, &r, hk, json_string_value(v), json_string_length(v), wv)) < 0)
            return rc;
    }
    return 0;
}

static int stix_object(stix *s, const json_t *o, const char *path)
{
    feed_ctx *c = s->c;
    if (!json_is_object(o)) {
        feed_reject(c, feed_where_json(c, &c->where, "%s", path), "not a JSON object");
        return 0;
    }
    const char *type = feed_json_str(o, "type", 0);
    if (!type) {
        feed_reject(c, feed_where_json(c, &c->where, "%s", path), "object without a \"type\"");
        return 0;
    }
    if (strcmp(type, "indicator") == 0)
        return stix_indicator(s, o, path);
    return stix_sco(s, o, path, type);
}

int feed_parse_stix(feed_ctx *c, const char *d, size_t n)
{
    json_error_t je;
    json_t *root = json_loadb(d, n, 0, &je);
    if (!root)
        return feed_json_error(c, &je);
    stix s = {c, NULL, 0, 0};
    int rc = 0;
    const json_t *list = NULL;
    const char *prefix = "$";
    if (json_is_object(root)) {
        const json_t *objs = json_object_get(root, "objects");
        if (json_is_array(objs)) {
            list = objs;
            prefix = "$.objects";
        } else if (!feed_json_str(root, "type", 0)) {
            rc = gisac_err_set(c->err, GISAC_EINVAL,
                               "%s: not STIX: neither a bundle with \"objects\" nor an object "
                               "with a \"type\"",
                               c->name);
            goto out;
        }
    } else if (json_is_array(root)) {
        list = root;
    } else {
        rc = gisac_err_set(c->err, GISAC_EINVAL, "%s: not STIX: not a JSON object or array",
                           c->name);
        goto out;
    }
    if (!list) {
        if ((rc = collect_marking(&s, root)) < 0) {
            rc = feed_nomem(c);
            goto out;
        }
        rc = stix_object(&s, root, "$");
        goto out;
    }
    size_t i, count = json_array_size(list);
    const json_t *o;
    json_array_foreach(list, i, o)
    {
        if (json_is_object(o) && collect_marking(&s, o) < 0) {
            rc = feed_nomem(c);
            goto out;
        }
    }
    char path[64];
    json_array_foreach(list, i, o)
    {
        snprintf(path, sizeof path, "%s[%zu]", prefix, i);
        if ((rc = stix_object(&s, o, path)) < 0)
            goto out;
        feed_progress(c, (size_t)((double)n * (double)(i + 1) / (double)count));
    }
out:
    free(s.m);
    json_decref(root);
    return rc;
}
