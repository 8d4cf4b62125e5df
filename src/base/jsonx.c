/*
 * jsonx.c: the hot-path JSON leaf walker (see base.h). One pass, no
 * allocation, no recursion. String bodies are skipped 16 bytes at a time
 * with SSE2 (8 with a portable SWAR fallback): one signed compare finds both
 * control bytes and non-ASCII bytes, two more find '"' and '\\'; only those
 * bytes leave the fast loop (a plain 16-byte loop measured faster than
 * 32 or 64 bytes a step: most strings in sensor logs are short).
 */
#include "base/base.h"
#include "base/base_internal.h"

#include <string.h>

#if defined(__SSE2__) && !defined(JSONX_NO_SIMD)
#include <emmintrin.h>
#define JSONX_SSE2 1
#endif

#define LIKELY(x)   __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

typedef unsigned char u8;

/* Bytes that may stand in a string as they are and are ASCII. */
static const u8 plain_ascii[256] = {
    ['\x20'] = 1, ['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['&'] = 1,    ['\''] = 1, ['('] = 1,
    [')'] = 1,    ['*'] = 1, ['+'] = 1, [','] = 1, ['-'] = 1, ['.'] = 1,    ['/'] = 1,  ['0'] = 1,
    ['1'] = 1,    ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1,    ['7'] = 1,  ['8'] = 1,
    ['9'] = 1,    [':'] = 1, [';'] = 1, ['<'] = 1, ['='] = 1, ['>'] = 1,    ['?'] = 1,  ['@'] = 1,
    ['A'] = 1,    ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,    ['G'] = 1,  ['H'] = 1,
    ['I'] = 1,    ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,    ['O'] = 1,  ['P'] = 1,
    ['Q'] = 1,    ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1,    ['W'] = 1,  ['X'] = 1,
    ['Y'] = 1,    ['Z'] = 1, ['['] = 1, [']'] = 1, ['^'] = 1, ['_'] = 1,    ['`'] = 1,  ['a'] = 1,
    ['b'] = 1,    ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,    ['h'] = 1,  ['i'] = 1,
    ['j'] = 1,    ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1,    ['p'] = 1,  ['q'] = 1,
    ['r'] = 1,    ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1,    ['x'] = 1,  ['y'] = 1,
    ['z'] = 1,    ['{'] = 1, ['|'] = 1, ['}'] = 1, ['~'] = 1, ['\x7f'] = 1,
};

static inline int is_digit(u8 c)
{
    return (unsigned)(c - '0') < 10;
}

/* The end of the run of digits at p; NULL when p is not at a digit. */
static inline const u8 *digits(const u8 *p, const u8 *end)
{
    if (p == end || !is_digit(*p))
        return NULL;
    do
        p++;
    while (p < end && is_digit(*p));
    return p;
}

static inline int is_ws(u8 c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static inline const u8 *skip_ws(const u8 *p, const u8 *end)
{
    while (p < end && UNLIKELY(*p <= ' ') && is_ws(*p))
        p++;
    return p;
}

static inline int hexval(u8 c)
{
    if (is_digit(c))
        return c - '0';
    c |= 0x20;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Four hex digits at p (p + 4 <= end checked by the caller), or -1. */
static inline long hex4(const u8 *p)
{
    int a = hexval(p[0]), b = hexval(p[1]), c = hexval(p[2]), d = hexval(p[3]);
    if ((a | b | c | d) < 0)
        return -1;
    return (long)a << 12 | b << 8 | c << 4 | d;
}

/*
 * The escape at p (p[0] == '\\', p < end). Returns the code point and sets
 * *next past it, or returns -1 with *next at the error and *msg set.
 */
static long escape_at(const u8 *p, const u8 *end, const u8 **next, const char **msg)
{
    if (end - p < 2) {
        *next = end;
        *msg = "unterminated string";
        return -1;
    }
    switch (p[1]) {
    case '"':
    case '\\':
    case '/':
        *next = p + 2;
        return p[1];
    case 'b':
        *next = p + 2;
        return '\b';
    case 'f':
        *next = p + 2;
        return '\f';
    case 'n':
        *next = p + 2;
        return '\n';
    case 'r':
        *next = p + 2;
        return '\r';
    case 't':
        *next = p + 2;
        return '\t';
    case 'u':
        break;
    default:
        *next = p;
        *msg = "bad escape";
        return -1;
    }
    *next = p;
    if (end - p < 6) {
        *msg = "bad \\u escape";
        return -1;
    }
    long cp = hex4(p + 2);
    if (cp < 0) {
        *msg = "bad \\u escape";
        return -1;
    }
    if (cp < 0xD800 || cp > 0xDFFF) {
        *next = p + 6;
        return cp;
    }
    if (cp >= 0xDC00 || end - p < 12 || p[6] != '\\' || p[7] != 'u') {
        *msg = "lone surrogate in \\u escape";
        return -1;
    }
    long lo = hex4(p + 8);
    if (lo < 0xDC00 || lo > 0xDFFF) {
        /* a bad hex digit there is reported as the lone surrogate too */
        *msg = "lone surrogate in \\u escape";
        return -1;
    }
    *next = p + 12;
    return 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
}

typedef struct scan_res {
    const u8 *at;    /* the closing quote, or the error */
    const char *msg; /* NULL, or the error */
    int escaped;
} scan_res;

/* Find the first byte at or after p that is not plain ASCII string content. */
__attribute__((always_inline)) static inline const u8 *skip_plain(const u8 *p, const u8 *end)
{
#ifdef JSONX_SSE2
    const __m128i q = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\'), sp = _mm_set1_epi8(0x20);
    while (end - p >= 16) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i ma = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(a, q), _mm_cmpeq_epi8(a, bs)),
                                  _mm_cmplt_epi8(a, sp));
        unsigned m = (unsigned)_mm_movemask_epi8(ma);
        if (m)
            return p + __builtin_ctz(m);
        p += 16;
    }
#else
    /* SWAR: a chunk of 8 plain bytes has no byte < 0x20, >= 0x80, '"' or '\\' */
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    while (end - p >= 8) {
        uint64_t x;
        memcpy(&x, p, 8);
        uint64_t xq = x ^ (ones * '"'), xb = x ^ (ones * '\\');
        uint64_t t = ((x - ones * 0x20) | (xq - ones) | (xb - ones)) & ~x;
        if ((t | x) & highs)
            break;
        p += 8;
    }
#endif
    while (p < end && plain_ascii[*p])
        p++;
    return p;
}

/* Scan a string body from p (just after the opening quote). */
__attribute__((always_inline)) static inline scan_res scan_string(const u8 *p, const u8 *end)
{
    scan_res r = {NULL, NULL, 0};
    for (;;) {
        p = skip_plain(p, end);
        if (UNLIKELY(p == end)) {
            r.at = end;
            r.msg = "unterminated string";
            return r;
        }
        u8 c = *p;
        if (LIKELY(c == '"')) {
            r.at = p;
            return r;
        }
        if (c == '\\') {
            r.escaped = 1;
            if (escape_at(p, end, &p, &r.msg) < 0) {
                r.at = p;
                return r;
            }
            continue;
        }
        if (c < 0x20) {
            r.at = p;
            r.msg = "control character in string";
            return r;
        }
        /* non-ASCII: validate sequences while they last */
        do {
            size_t n = gisac_utf8_seq(p, end);
            if (!n) {
                r.at = p;
                r.msg = "invalid UTF-8";
                return r;
            }
            p += n;
        } while (p < end && *p >= 0x80);
    }
}

static size_t put_utf8(char *o, long cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | cp >> 12);
        o[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | cp >> 18);
    o[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    o[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

long jsonx_unescape(const char *raw, size_t raw_len, char *out, size_t cap)
{
    if (raw_len == 0) { /* raw may be NULL then */
        if (cap)
            out[0] = '\0';
        return 0;
    }
    const u8 *p = (const u8 *)raw, *end = p + raw_len;
    size_t o = 0;
    while (p < end) {
        const u8 *b = memchr(p, '\\', (size_t)(end - p));
        size_t n = (size_t)((b ? b : end) - p);
        if (n > cap - o)
            return -1;
        if (n)
            memcpy(out + o, p, n);
        o += n;
        if (!b)
            break;
        const char *msg;
        long cp = escape_at(b, end, &p, &msg);
        if (cp < 0)
            return -1;
        char tmp[4];
        n = put_utf8(tmp, cp);
        if (n > cap - o)
            return -1;
        memcpy(out + o, tmp, n);
        o += n;
    }
    if (o < cap)
        out[o] = '\0';
    return (long)o;
}

static const char lit_true[] = "true", lit_false[] = "false", lit_null[] = "null";

int jsonx_walk(const char *buf, size_t len, jsonx_cb cb, void *ctx, size_t *err_off,
               const char **err_msg)
{
    static const char empty[1] = "";
    if (!buf) /* NULL + 0 is undefined */
        buf = empty, len = 0;
    const u8 *const start = (const u8 *)buf, *const end = start + len;
    const u8 *p = start, *v, *eat;
    const char *emsg;
    /* 16 spare bytes so that short keys can be copied in one 16-byte move */
    char path[JSONX_PATH_MAX + 1 + 16];
    uint16_t open_len[JSONX_DEPTH_MAX]; /* path length where each container began */
    uint64_t arr = 0;                   /* bit d: the container at depth d + 1 is an array */
    unsigned depth = 0;
    size_t plen = 0;
    jsonx_leaf leaf;
    scan_res s;
    u8 c;
    int rc;

    leaf.path = path;

value:
    p = skip_ws(p, end);
    if (UNLIKELY(p == end)) {
        eat = p;
        emsg = "unexpected end of input";
        goto fail;
    }
    v = p;
    c = *p;
    if (c == '"') {
        s = scan_string(p + 1, end);
        if (UNLIKELY(s.msg != NULL)) {
            eat = s.at;
            emsg = s.msg;
            goto fail;
        }
        leaf.raw = (const char *)p + 1;
        leaf.raw_len = (size_t)(s.at - p - 1);
        leaf.kind = JSONX_STRING;
        leaf.escaped = s.escaped;
        p = s.at + 1;
        goto emit;
    }
    if (c == '{' || c == '[') {
        if (UNLIKELY(depth == JSONX_DEPTH_MAX)) {
            eat = p;
            emsg = "nesting deeper than 64";
            goto fail;
        }
        open_len[depth] = (uint16_t)plen;
        p++;
        if (c == '[') {
            if (UNLIKELY(plen + 2 > JSONX_PATH_MAX)) {
                eat = v;
                emsg = "path too long";
                goto fail;
            }
            path[plen] = '[';
            path[plen + 1] = ']';
            plen += 2;
            arr |= (uint64_t)1 << depth;
            depth++;
            p = skip_ws(p, end);
            if (p < end && *p == ']') {
                p++;
                goto close;
            }
            goto value;
        }
        arr &= ~((uint64_t)1 << depth);
        depth++;
        p = skip_ws(p, end);
        if (p < end && *p == '}') {
            p++;
            goto close;
        }
        goto key;
    }
    if (c == '-' || is_digit(c)) {
        if (c == '-') {
            p++;
            if (UNLIKELY(p == end || !is_digit(*p))) {
                eat = p;
                emsg = "digit expected";
                goto fail;
            }
        }
        if (*p == '0') {
            p++;
            if (UNLIKELY(p < end && is_digit(*p))) {
                eat = p;
                emsg = "leading zero";
                goto fail;
            }
        } else {
            p = digits(p, end);
        }
        if (p < end && *p == '.') {
            const u8 *q = digits(p + 1, end);
            if (UNLIKELY(!q)) {
                eat = p + 1;
                emsg = "digit expected after '.'";
                goto fail;
            }
            p = q;
        }
        if (p < end && (*p | 0x20) == 'e') {
            p++;
            if (p < end && (*p == '+' || *p == '-'))
                p++;
            const u8 *q = digits(p, end);
            if (UNLIKELY(!q)) {
                eat = p;
                emsg = "digit expected in exponent";
                goto fail;
            }
            p = q;
        }
        leaf.raw = (const char *)v;
        leaf.raw_len = (size_t)(p - v);
        leaf.kind = JSONX_NUMBER;
        leaf.escaped = 0;
        goto emit;
    }
    {
        const char *lit;
        size_t n;
        if (c == 't') {
            lit = lit_true, n = 4;
            leaf.kind = JSONX_TRUE;
        } else if (c == 'f') {
            lit = lit_false, n = 5;
            leaf.kind = JSONX_FALSE;
        } else if (c == 'n') {
            lit = lit_null, n = 4;
            leaf.kind = JSONX_NULL;
        } else {
            eat = p;
            emsg = "unexpected character";
            goto fail;
        }
        if (UNLIKELY((size_t)(end - p) < n || memcmp(p, lit, n) != 0)) {
            size_t i = 0;
            while (p + i < end && i < n && p[i] == (u8)lit[i])
                i++;
            eat = p + i;
            emsg = "invalid literal";
            goto fail;
        }
        leaf.raw = (const char *)p;
        leaf.raw_len = n;
        leaf.escaped = 0;
        p += n;
    }

emit:
    if (cb) {
        path[plen] = '\0';
        leaf.path_len = plen;
        rc = cb(ctx, &leaf);
        if (UNLIKELY(rc != 0)) {
            if (err_off)
                *err_off = (size_t)(v - start);
            if (err_msg)
                *err_msg = NULL;
            return rc;
        }
    }
    goto next;

close:
    depth--;
    plen = open_len[depth];

next:
    if (UNLIKELY(depth == 0)) {
        p = skip_ws(p, end);
        if (p != end) {
            eat = p;
            emsg = "trailing garbage";
            goto fail;
        }
        return 0;
    }
    p = skip_ws(p, end);
    if (UNLIKELY(p == end)) {
        eat = p;
        emsg = "unexpected end of input";
        goto fail;
    }
    c = *p++;
    if (arr >> (depth - 1) & 1) {
        if (LIKELY(c == ','))
            goto value;
        if (c == ']')
            goto close;
        eat = p - 1;
        emsg = "expected ',' or ']'";
        goto fail;
    }
    if (LIKELY(c == ',')) {
        p = skip_ws(p, end);
        goto key;
    }
    if (c == '}')
        goto close;
    eat = p - 1;
    emsg = "expected ',' or '}'";
    goto fail;

key:
    if (UNLIKELY(p == end)) {
        eat = p;
        emsg = "unexpected end of input";
        goto fail;
    }
    if (UNLIKELY(*p != '"')) {
        eat = p;
        emsg = "expected string key";
        goto fail;
    }
    s = scan_string(p + 1, end);
    if (UNLIKELY(s.msg != NULL)) {
        eat = s.at;
        emsg = s.msg;
        goto fail;
    }
    {
        const u8 *k = p + 1;
        size_t klen = (size_t)(s.at - k);
        size_t kb = open_len[depth - 1];
        if (depth > 1)
            path[kb++] = '.';
        if (UNLIKELY(kb > JSONX_PATH_MAX)) {
            eat = p;
            emsg = "path too long";
            goto fail;
        }
        if (LIKELY(!s.escaped)) {
            if (UNLIKELY(klen > JSONX_PATH_MAX - kb)) {
                eat = p;
                emsg = "path too long";
                goto fail;
            }
#ifdef JSONX_SSE2
            /* kb <= JSONX_PATH_MAX, so path has 16 bytes room at kb */
            if (klen <= 16 && end - k >= 16)
                _mm_storeu_si128((__m128i *)(void *)(path + kb),
                                 _mm_loadu_si128((const __m128i *)(const void *)k));
            else
#endif
                memcpy(path + kb, k, klen);
            plen = kb + klen;
        } else {
            long n = jsonx_unescape((const char *)k, klen, path + kb, JSONX_PATH_MAX - kb);
            if (UNLIKELY(n < 0)) { /* validated already: only the room can run out */
                eat = p;
                emsg = "path too long";
                goto fail;
            }
            plen = kb + (size_t)n;
        }
    }
    p = skip_ws(s.at + 1, end);
    if (UNLIKELY(p == end || *p != ':')) {
        eat = p;
        emsg = p == end ? "unexpected end of input" : "expected ':'";
        goto fail;
    }
    p++;
    goto value;

fail:
    if (err_off)
        *err_off = (size_t)(eat - start);
    if (err_msg)
        *err_msg = emsg;
    return JSONX_EINVAL;
}
