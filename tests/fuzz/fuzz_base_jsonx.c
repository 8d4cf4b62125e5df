/*
 * fuzz_base_jsonx.c: libFuzzer target for the jsonx walker, and its
 * differential test against jansson (json_loadb with JSON_DECODE_ANY |
 * JSON_ALLOW_NUL, the flags that match jsonx's grammar).
 *
 * For every input:
 *  - jsonx and jansson agree on accept/reject, except for the differences
 *    documented in base.h: jsonx alone rejects nesting deeper than 64 and
 *    paths longer than 512 bytes; jansson alone rejects integers outside
 *    long long, reals that overflow a double and NUL in keys (each such
 *    exemption is checked: the number or the \u0000 must be there); and
 *    jansson skips a NUL byte right after a number or a literal (a bug of
 *    its stream: after an unget it takes the NUL for "need more input"),
 *    so "[8\0]" passes there: the text with those NULs taken out must
 *    pass every check here (without this exemption);
 *  - when both accept and the text has no duplicate keys (jansson keeps the
 *    last one only), the leaves are the same, in the same order: the path
 *    built from jansson's tree with jsonx's rules, the kind, the unescaped
 *    string (jsonx_unescape) and the number's value;
 *  - the walk without a callback, and the portable (SWAR) build of the same
 *    source, give the same result, offset and reason as the SSE2 build;
 *  - a callback that stops at leaf k stops the walk there with its value.
 */
#include "fuzz_util.h"
#include "base/base.h"

#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The same source, compiled without SIMD, under other names. */
#define JSONX_NO_SIMD
#define jsonx_walk     jsonx_walk_swar
#define jsonx_unescape jsonx_unescape_swar
long jsonx_unescape_swar(const char *raw, size_t raw_len, char *out, size_t cap);
int jsonx_walk_swar(const char *buf, size_t len, jsonx_cb cb, void *ctx, size_t *err_off,
                    const char **err_msg);
#include "../../src/base/jsonx.c"
#undef jsonx_walk
#undef jsonx_unescape

typedef struct rec {
    size_t path_off, path_len;
    size_t val_off, val_len; /* in the pool: unescaped string, or raw bytes */
    size_t raw_off;          /* offset of the value in the input (quote for strings) */
    int kind;
} rec;

typedef struct coll {
    const char *base;
    rec *v;
    size_t n, cap;
    char *pool;
    size_t used, pcap;
    size_t stop_at; /* 1-based; 0: never */
} coll;

static char *pool_room(coll *c, size_t n)
{
    if (!c->pool || c->pcap - c->used < n) {
        size_t cap = c->pcap ? c->pcap : 4096;
        while (cap - c->used < n)
            cap *= 2;
        char *p = realloc(c->pool, cap);
        CHECK(p != NULL);
        c->pool = p;
        c->pcap = cap;
    }
    return c->pool + c->used;
}

static int collect(void *ctx, const jsonx_leaf *l)
{
    coll *c = ctx;
    CHECK(l->kind >= JSONX_STRING && l->kind <= JSONX_NULL);
    CHECK(l->path_len <= JSONX_PATH_MAX && l->path[l->path_len] == '\0');
    CHECK(l->raw >= c->base);
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->v = realloc(c->v, c->cap * sizeof *c->v);
        CHECK(c->v != NULL);
    }
    rec *r = &c->v[c->n++];
    r->kind = l->kind;
    r->raw_off = (size_t)(l->raw - c->base) - (l->kind == JSONX_STRING);
    r->path_off = c->used;
    r->path_len = l->path_len;
    memcpy(pool_room(c, l->path_len), l->path, l->path_len);
    c->used += l->path_len;

    r->val_off = c->used;
    char *out = pool_room(c, l->raw_len + 1);
    if (l->kind == JSONX_STRING) {
        CHECK(l->escaped == (memchr(l->raw, '\\', l->raw_len) != NULL));
        long n = jsonx_unescape(l->raw, l->raw_len, out, l->raw_len + 1);
        CHECK(n >= 0 && (size_t)n <= l->raw_len && out[n] == '\0');
        if (!l->escaped)
            CHECK((size_t)n == l->raw_len && memcmp(out, l->raw, l->raw_len) == 0);
        if (n > 0)
            CHECK(jsonx_unescape(l->raw, l->raw_len, out, (size_t)n - 1) == -1);
        CHECK(jsonx_unescape(l->raw, l->raw_len, out, (size_t)n) == n);
        r->val_len = (size_t)n;
    } else {
        CHECK(l->escaped == 0);
        memcpy(out, l->raw, l->raw_len);
        r->val_len = l->raw_len;
    }
    c->used += r->val_len;
    if (c->stop_at && c->n == c->stop_at)
        return 5;
    return 0;
}

static int is_real(const char *s, size_t n)
{
    return memchr(s, '.', n) || memchr(s, 'e', n) || memchr(s, 'E', n);
}

/* The number's text as a C string (in a scratch buffer the caller frees). */
static char *cstr(const char *s, size_t n)
{
    char *t = malloc(n + 1);
    CHECK(t != NULL);
    memcpy(t, s, n);
    t[n] = '\0';
    return t;
}

/* 1 when some number leaf overflows long long (integers) or double (reals). */
static int has_overflow(const coll *c)
{
    for (size_t i = 0; i < c->n; i++) {
        if (c->v[i].kind != JSONX_NUMBER)
            continue;
        const char *s = c->pool + c->v[i].val_off;
        size_t n = c->v[i].val_len;
        char *t = cstr(s, n);
        errno = 0;
        if (is_real(s, n)) {
            double d = strtod(t, NULL);
            if (errno == ERANGE && (d > 1.0 || d < -1.0)) {
                free(t);
                return 1;
            }
        } else {
            (void)strtoll(t, NULL, 10);
            if (errno == ERANGE) {
                free(t);
                return 1;
            }
        }
        free(t);
    }
    return 0;
}

typedef struct cmp {
    const coll *c;
    size_t i;
    char path[JSONX_PATH_MAX + 8];
} cmp;

/* Walk jansson's tree with jsonx's path rules; compare leaf by leaf. */
static void cmp_tree(cmp *m, json_t *v, size_t plen, int root)
{
    if (json_is_object(v)) {
        const char *key;
        json_t *val;
        json_object_foreach(v, key, val)
        {
            size_t kl = strlen(key), np = plen;
            CHECK(np + !root + kl <= JSONX_PATH_MAX); /* jsonx accepted: every path fits */
            if (!root)
                m->path[np++] = '.';
            memcpy(m->path + np, key, kl);
            cmp_tree(m, val, np + kl, 0);
        }
        return;
    }
    if (json_is_array(v)) {
        CHECK(plen + 2 <= JSONX_PATH_MAX);
        m->path[plen] = '[';
        m->path[plen + 1] = ']';
        for (size_t k = 0; k < json_array_size(v); k++)
            cmp_tree(m, json_array_get(v, k), plen + 2, 0);
        return;
    }
    CHECK(m->i < m->c->n);
    const rec *r = &m->c->v[m->i++];
    const char *val = m->c->pool + r->val_off;
    CHECK(r->path_len == plen && memcmp(m->c->pool + r->path_off, m->path, plen) == 0);
    switch (json_typeof(v)) {
    case JSON_STRING:
        CHECK(r->kind == JSONX_STRING);
        CHECK(json_string_length(v) == r->val_len);
        CHECK(memcmp(json_string_value(v), val, r->val_len) == 0);
        break;
    case JSON_INTEGER: {
        CHECK(r->kind == JSONX_NUMBER && !is_real(val, r->val_len));
        char *t = cstr(val, r->val_len);
        CHECK(json_integer_value(v) == strtoll(t, NULL, 10));
        free(t);
        break;
    }
    case JSON_REAL: {
        CHECK(r->kind == JSONX_NUMBER && is_real(val, r->val_len));
        char *t = cstr(val, r->val_len);
        CHECK(json_real_value(v) == strtod(t, NULL));
        free(t);
        break;
    }
    case JSON_TRUE:
        CHECK(r->kind == JSONX_TRUE);
        break;
    case JSON_FALSE:
        CHECK(r->kind == JSONX_FALSE);
        break;
    case JSON_NULL:
        CHECK(r->kind == JSONX_NULL);
        break;
    default:
        CHECK(0);
    }
}

static int has_nul_escape(const uint8_t *d, size_t n)
{
    for (size_t i = 0; i + 6 <= n; i++)
        if (memcmp(d + i, "\\u0000", 6) == 0)
            return 1;
    return 0;
}

/* jsonx stopped at a NUL byte that jansson would have skipped. */
static int nul_after_token(const char *d, size_t off, size_t size, const char *msg)
{
    return off > 0 && off < size && d[off] == '\0' && strcmp(msg, "control character in string") &&
           ((d[off - 1] >= '0' && d[off - 1] <= '9') || d[off - 1] == 'e' || d[off - 1] == 'l');
}

static void check(const char *buf, size_t size, int depth);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check((const char *)data, size, 0);
    return 0;
}

static void check(const char *buf, size_t size, int depth)
{
    const uint8_t *data = (const uint8_t *)buf;
    coll c = {.base = buf};
    size_t off = 0;
    const char *msg = NULL;
    int rc = jsonx_walk(buf, size, collect, &c, &off, &msg);
    CHECK(rc == 0 || rc == JSONX_EINVAL);
    if (rc) {
        CHECK(msg != NULL && off <= size);
    }

    /* without a callback, and the portable build: the same verdict */
    size_t off2 = 0;
    const char *msg2 = NULL;
    CHECK(jsonx_walk(buf, size, NULL, NULL, &off2, &msg2) == rc);
    if (rc)
        CHECK(off2 == off && msg2 == msg);
    coll c3 = {.base = buf};
    CHECK(jsonx_walk_swar(buf, size, collect, &c3, &off2, &msg2) == rc);
    if (rc) {
        CHECK(off2 == off && strcmp(msg2, msg) == 0);
    }
    CHECK(c3.n == c.n && c3.used == c.used && (c.used == 0 || !memcmp(c3.pool, c.pool, c.used)));
    for (size_t i = 0; i < c.n; i++) {
        CHECK(c3.v[i].kind == c.v[i].kind && c3.v[i].raw_off == c.v[i].raw_off);
        CHECK(c3.v[i].path_len == c.v[i].path_len && c3.v[i].val_len == c.v[i].val_len);
    }
    free(c3.v);
    free(c3.pool);

    /* a callback that stops at leaf k */
    if (rc == 0 && c.n > 0) {
        coll s = {.base = buf, .stop_at = 1 + (size + c.n * 7) % c.n};
        off2 = SIZE_MAX;
        msg2 = "unset";
        CHECK(jsonx_walk(buf, size, collect, &s, &off2, &msg2) == 5);
        CHECK(s.n == s.stop_at && msg2 == NULL && off2 == c.v[s.n - 1].raw_off);
        free(s.v);
        free(s.pool);
    }

    /* jansson */
    json_error_t je;
    json_t *j = json_loadb(buf, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
    int exempt = 0;
    if (rc && (strcmp(msg, "nesting deeper than 64") == 0 || strcmp(msg, "path too long") == 0))
        exempt = 1;
    if (!j && rc == 0) {
        if (strstr(je.text, "too big integer") || strstr(je.text, "too big negative integer") ||
            strstr(je.text, "real number overflow")) {
            CHECK(has_overflow(&c));
            exempt = 1;
        } else if (strstr(je.text, "NUL byte in object key")) {
            CHECK(has_nul_escape(data, size));
            exempt = 1;
        }
    }
    if (j && rc && depth == 0 && nul_after_token(buf, off, size, msg)) {
        /* take those NULs out, then everything must agree */
        char *t = malloc(size);
        CHECK(t != NULL);
        memcpy(t, buf, size);
        size_t n = size, o = off;
        const char *m = msg;
        do {
            memmove(t + o, t + o + 1, n - o - 1);
            n--;
        } while (jsonx_walk(t, n, NULL, NULL, &o, &m) && nul_after_token(t, o, n, m));
        check(t, n, 1); /* with the other exemptions, but not this one */
        free(t);
        exempt = 1;
    }
    if (!exempt)
        CHECK((rc == 0) == (j != NULL));

    if (j && rc == 0) {
        json_t *nodup =
            json_loadb(buf, size, JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &je);
        if (nodup) {
            cmp *m = malloc(sizeof *m);
            CHECK(m != NULL);
            m->c = &c;
            m->i = 0;
            cmp_tree(m, j, 0, 1);
            CHECK(m->i == c.n);
            free(m);
            json_decref(nodup);
        }
    }
    json_decref(j);
    free(c.v);
    free(c.pool);
}
