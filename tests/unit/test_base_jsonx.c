/*
 * test_base_jsonx.c: the jsonx leaf walker: exact leaves, paths and kinds,
 * exact error offsets and reasons, the limits, and synthetic Suricata EVE
 * lines valid for jsonx and jansson alike. With GISAC_BENCH=1 (make bench)
 * it also times the walker on them against jansson (prints MB/s; fails
 * only when absurdly slow): timings are a benchmark's, never a test's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_main.h"

#include "base/base.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- helpers ----------------------------------------------------------- */

/*
 * Render every leaf as "path=K:raw\n", K being S (string), E (escaped
 * string), N, T, F or 0 (null).
 */
typedef struct render {
    char out[8192];
    size_t len;
    int leaves;
    int stop_at; /* stop (returning 7) at this leaf, counting from 1; 0: never */
    const char *buf;
} render;

static int on_leaf(void *ctx, const jsonx_leaf *l)
{
    render *r = ctx;
    static const char kinds[] = "?SNTF0";
    char k = l->kind == JSONX_STRING && l->escaped ? 'E' : kinds[l->kind];
    assert_true(l->kind >= JSONX_STRING && l->kind <= JSONX_NULL);
    assert_int_equal(l->path[l->path_len], '\0');
    if (l->kind != JSONX_STRING)
        assert_int_equal(l->escaped, 0);
    else
        assert_int_equal(l->escaped, memchr(l->raw, '\\', l->raw_len) != NULL);
    /* raw lies inside the input */
    if (r->buf)
        assert_true(l->raw >= r->buf);
    int n = snprintf(r->out + r->len, sizeof r->out - r->len, "%.*s=%c:%.*s\n", (int)l->path_len,
                     l->path, k, (int)l->raw_len, l->raw);
    assert_true(n > 0 && (size_t)n < sizeof r->out - r->len);
    r->len += (size_t)n;
    r->leaves++;
    return r->stop_at && r->leaves == r->stop_at ? 7 : 0;
}

static void check_ok_(const char *in, size_t len, const char *want, const char *file, int line)
{
    render r = {.len = 0, .buf = in};
    size_t off = 12345;
    const char *msg = "unset";
    r.out[0] = '\0';
    int rc = jsonx_walk(in, len, on_leaf, &r, &off, &msg);
    if (rc != 0)
        print_error("input %.*s: error at %zu: %s\n", (int)len, in, off, msg ? msg : "(null)");
    _assert_int_equal(rc, 0, file, line);
    _assert_string_equal(r.out, want, file, line);
    /* and the same without a callback */
    _assert_int_equal(jsonx_walk(in, len, NULL, NULL, NULL, NULL), 0, file, line);
}

static void check_err_(const char *in, size_t len, size_t want_off, const char *want_msg,
                       const char *file, int line)
{
    render r = {.len = 0, .buf = in};
    size_t off = 12345;
    const char *msg = NULL;
    int rc = jsonx_walk(in, len, on_leaf, &r, &off, &msg);
    if (rc != JSONX_EINVAL || off != want_off || !msg || strcmp(msg, want_msg) != 0)
        print_error("input %.*s: rc %d, error at %zu: %s\n", (int)len, in, rc, off,
                    msg ? msg : "(null)");
    _assert_int_equal(rc, JSONX_EINVAL, file, line);
    _assert_int_equal(off, want_off, file, line);
    _assert_string_equal(msg, want_msg, file, line);
    _assert_int_equal(jsonx_walk(in, len, NULL, NULL, NULL, NULL), JSONX_EINVAL, file, line);
}

#define OK(in, want)          check_ok_(in, strlen(in), want, __FILE__, __LINE__)
#define OKN(in, len, want)    check_ok_(in, len, want, __FILE__, __LINE__)
#define ERR(in, off, msg)     check_err_(in, strlen(in), off, msg, __FILE__, __LINE__)
#define ERRN(in, len, off, m) check_err_(in, len, off, m, __FILE__, __LINE__)

/* ---- structure and paths ----------------------------------------------- */

static void test_paths(void **state)
{
    (void)state;
    OK("{\"dns\":{\"type\":\"answer\",\"answers\":[{\"rdata\":\"203.0.113.5\",\"ttl\":60},"
       "{\"rdata\":\"cdn.example\"}]}}",
       "dns.type=S:answer\n"
       "dns.answers[].rdata=S:203.0.113.5\n"
       "dns.answers[].ttl=N:60\n"
       "dns.answers[].rdata=S:cdn.example\n");
    OK("[1,\"a\",[true,false,null],{\"b\":[]},{\"c\":2}]",
       "[]=N:1\n[]=S:a\n[][]=T:true\n[][]=F:false\n[][]=0:null\n[].c=N:2\n");
    OK("{\"a\":[[1,2],[],[3]],\"b\":0}", "a[][]=N:1\na[][]=N:2\na[][]=N:3\nb=N:0\n");
    OK("{\"x\":{\"y\":{\"z\":[{\"w\":[[{\"v\":null}]]}]}}}", "x.y.z[].w[][].v=0:null\n");
    /* the path goes back to the parent after each container */
    OK("{\"a\":{\"b\":1},\"c\":[{\"d\":2},3],\"e\":4}", "a.b=N:1\nc[].d=N:2\nc[]=N:3\ne=N:4\n");
    /* empty containers give no leaves */
    OK("{}", "");
    OK("[]", "");
    OK("{\"a\":{},\"b\":[],\"c\":[{}],\"d\":[[]]}", "");
    OK("[[],[[]],{}]", "");
    /* top-level scalars have the empty path */
    OK("\"x\"", "=S:x\n");
    OK(" 42 ", "=N:42\n");
    OK("true", "=T:true\n");
    OK("false", "=F:false\n");
    OK("null", "=0:null\n");
    OK("\"\"", "=S:\n");
    /* keys: unescaped into the path, '.' kept, empty keys, duplicates */
    OK("{\"a.b\":{\"c\\u00e9\":1},\"\\\"q\\\"\":2}", "a.b.c\xc3\xa9=N:1\n\"q\"=N:2\n");
    OK("{\"\":{\"b\":1}}", ".b=N:1\n");
    OK("{\"\":1}", "=N:1\n");
    OK("{\"a\":{\"\":1}}", "a.=N:1\n");
    OK("{\"a\":1,\"a\":2}", "a=N:1\na=N:2\n");
    OK("{\"k\\/\\n\":true}", "k/\n=T:true\n");
}

static void test_whitespace(void **state)
{
    (void)state;
    OK(" \t\r\n{ \"a\" : [ 1 , \"b\" ] ,\n\t\"c\" :{ } } \r\n", "a[]=N:1\na[]=S:b\n");
    OK("[ ]", "");
    OK("{ }", "");
    ERR("\f1", 0, "unexpected character");
    ERR("1\v", 1, "trailing garbage");
    ERR("[1,\xc2\xa0 2]", 3, "unexpected character"); /* NBSP is not whitespace */
    /* not NUL-terminated: only len bytes count */
    OKN("[1]xyz", 3, "[]=N:1\n");
    OKN("12", 1, "=N:1\n");
    OKN("\"a\"\0", 3, "=S:a\n");
    ERRN("\"a\"\0", 4, 3, "trailing garbage");
    ERRN("[\"a\"]", 4, 4, "unexpected end of input");
    size_t off = 9;
    const char *msg = NULL;
    assert_int_equal(jsonx_walk(NULL, 0, on_leaf, NULL, &off, &msg), JSONX_EINVAL);
    assert_int_equal(off, 0);
    assert_string_equal(msg, "unexpected end of input");
}

static void test_structure_errors(void **state)
{
    (void)state;
    ERR("", 0, "unexpected end of input");
    ERR("   ", 3, "unexpected end of input");
    ERR("[", 1, "unexpected end of input");
    ERR("{", 1, "unexpected end of input");
    ERR("{\"a\":1", 6, "unexpected end of input");
    ERR("{\"a\"", 4, "unexpected end of input");
    ERR("{\"a\":", 5, "unexpected end of input");
    ERR("[1,", 3, "unexpected end of input");
    ERR("{\"a\":1,", 7, "unexpected end of input");
    ERR("{\"a\":1,}", 7, "expected string key");
    ERR("[1,]", 3, "unexpected character");
    ERR("[,1]", 1, "unexpected character");
    ERR("{\"a\" 1}", 5, "expected ':'");
    ERR("{\"a\":}", 5, "unexpected character");
    ERR("{a:1}", 1, "expected string key");
    ERR("{1:1}", 1, "expected string key");
    ERR("{\"a\":1}}", 7, "trailing garbage");
    ERR("{\"a\":1]", 6, "expected ',' or '}'");
    ERR("{\"a\":1 \"b\":2}", 7, "expected ',' or '}'");
    ERR("[1}", 2, "expected ',' or ']'");
    ERR("[1 2]", 3, "expected ',' or ']'");
    ERR("1 2", 2, "trailing garbage");
    ERR("{} {}", 3, "trailing garbage");
    ERR("/* c */ 1", 0, "unexpected character");
    ERR("[1] // c", 4, "trailing garbage");
    ERR("\"abc", 4, "unterminated string");
    ERR("{\"abc", 5, "unterminated string");
    ERR("[\"abc\\\"]", 8, "unterminated string");
    ERR("'a'", 0, "unexpected character");
    ERR("\xef\xbb\xbf{}", 0, "unexpected character"); /* BOM */
    ERR("\xc3\xa9", 0, "unexpected character");
}

/* ---- strings ----------------------------------------------------------- */

static void unesc(const char *raw, const char *want, size_t want_len)
{
    char out[64];
    memset(out, 'X', sizeof out);
    long n = jsonx_unescape(raw, strlen(raw), out, sizeof out);
    assert_int_equal(n, (long)want_len);
    assert_memory_equal(out, want, want_len);
    assert_int_equal(out[n], '\0');
    /* exactly the room: no NUL; one byte short: -1 */
    memset(out, 'X', sizeof out);
    assert_int_equal(jsonx_unescape(raw, strlen(raw), out, want_len), (long)want_len);
    assert_int_equal(out[want_len], 'X');
    if (want_len > 0)
        assert_int_equal(jsonx_unescape(raw, strlen(raw), out, want_len - 1), -1);
}

static void test_escapes(void **state)
{
    (void)state;
    OK("\"caf\\u00e9\"", "=E:caf\\u00e9\n");
    OK("[\"\\ud83d\\ude00\",\"\\/\"]", "[]=E:\\ud83d\\ude00\n[]=E:\\/\n");
    OK("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "=E:\\\"\\\\\\/\\b\\f\\n\\r\\t\n");
    OK("\"\\u0000\"", "=E:\\u0000\n");
    OK("\"\\uD7FF\\uE000\\uFFFF\\uDBFF\\uDFFF\"", "=E:\\uD7FF\\uE000\\uFFFF\\uDBFF\\uDFFF\n");

    unesc("caf\\u00e9", "caf\xc3\xa9", 5);
    unesc("caf\\u00E9!", "caf\xc3\xa9!", 6);
    unesc("\\ud83d\\ude00", "\xf0\x9f\x98\x80", 4);
    unesc("\\uDBFF\\uDFFF", "\xf4\x8f\xbf\xbf", 4);
    unesc("\\u4e2d\\u6587", "\xe4\xb8\xad\xe6\x96\x87", 6);
    unesc("\\/", "/", 1);
    unesc("\\\"\\\\\\/\\b\\f\\n\\r\\t", "\"\\/\b\f\n\r\t", 8);
    unesc("a\\u0000b", "a\0b", 3);
    unesc("\\u0041\\u0080\\u07ff\\u0800", "A\xc2\x80\xdf\xbf\xe0\xa0\x80", 8);
    unesc("plain", "plain", 5);
    unesc("", "", 0);
    char out[16];
    assert_int_equal(jsonx_unescape("", 0, NULL, 0), 0);
    assert_int_equal(jsonx_unescape(NULL, 0, NULL, 0), 0);
    out[0] = 'X';
    assert_int_equal(jsonx_unescape(NULL, 0, out, 1), 0);
    assert_int_equal(out[0], '\0');
    assert_int_equal(jsonx_unescape("\\x", 2, out, sizeof out), -1);
    assert_int_equal(jsonx_unescape("\\", 1, out, sizeof out), -1);
    assert_int_equal(jsonx_unescape("\\u12", 4, out, sizeof out), -1);
    assert_int_equal(jsonx_unescape("\\ud800", 6, out, sizeof out), -1);
    assert_int_equal(jsonx_unescape("\\udc00\\ud800", 12, out, sizeof out), -1);
    assert_int_equal(jsonx_unescape("\\ud800\\u0041", 12, out, sizeof out), -1);
}

static void test_bad_escapes(void **state)
{
    (void)state;
    ERR("\"\\x\"", 1, "bad escape");
    ERR("\"ab\\'\"", 3, "bad escape");
    ERR("\"\\U00e9\"", 1, "bad escape");
    ERR("\"\\u12G4\"", 1, "bad \\u escape");
    ERR("\"\\u123\"", 1, "bad \\u escape");
    ERR("\"\\u12", 1, "bad \\u escape");
    ERR("\"\\", 2, "unterminated string");
    ERR("\"ab\\ud800\"", 3, "lone surrogate in \\u escape");
    ERR("\"\\udc00\"", 1, "lone surrogate in \\u escape");
    ERR("\"\\ud800\\u0041\"", 1, "lone surrogate in \\u escape");
    ERR("\"\\ud800\\ud800\"", 1, "lone surrogate in \\u escape");
    ERR("\"\\ud800\\n\"", 1, "lone surrogate in \\u escape");
    ERR("\"\\ud800x\"", 1, "lone surrogate in \\u escape");
    ERR("{\"k\\q\":1}", 3, "bad escape");
}

static void test_control_chars(void **state)
{
    (void)state;
    ERR("\"a\tb\"", 2, "control character in string");
    ERR("\"a\nb\"", 2, "control character in string");
    ERR("[\"\x01\"]", 2, "control character in string");
    ERR("{\"\x1f\":1}", 2, "control character in string");
    ERRN("\"ab\0\"", 5, 3, "control character in string");
    OK("\"a\x7f\"", "=S:a\x7f\n"); /* DEL is allowed */
    OK("\" ~\"", "=S: ~\n");
}

static void test_utf8(void **state)
{
    (void)state;
    OK("\"\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\"", "=S:\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\n");
    OK("\"\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf\"",
       "=S:\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf\n");
    OK("\"\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\"", "=S:\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\n");
    OK("{\"\xe5\x9f\x9f\":1}", "\xe5\x9f\x9f=N:1\n");
    ERR("\"\xc0\xaf\"", 1, "invalid UTF-8");         /* overlong '/' */
    ERR("\"\xc1\xbf\"", 1, "invalid UTF-8");         /* overlong */
    ERR("\"ab\xe0\x80\xaf\"", 3, "invalid UTF-8");   /* overlong, 3 bytes */
    ERR("\"\xf0\x80\x80\xaf\"", 1, "invalid UTF-8"); /* overlong, 4 bytes */
    ERR("\"\xed\xa0\x80\"", 1, "invalid UTF-8");     /* U+D800 encoded */
    ERR("\"\xed\xbf\xbf\"", 1, "invalid UTF-8");     /* U+DFFF encoded */
    ERR("\"\xf4\x90\x80\x80\"", 1, "invalid UTF-8"); /* U+110000 */
    ERR("\"\xf5\x80\x80\x80\"", 1, "invalid UTF-8");
    ERR("\"\xff\"", 1, "invalid UTF-8");
    ERR("\"\x80\"", 1, "invalid UTF-8");         /* lone continuation */
    ERR("\"\xc3\xa9\xa9\"", 3, "invalid UTF-8"); /* one continuation too many */
    ERR("\"\xe2\x82\"", 1, "invalid UTF-8");     /* truncated by the quote */
    ERR("\"\xe2\x82", 1, "invalid UTF-8");       /* truncated by the end */
    ERR("\"\xf0\x9f\x98", 1, "invalid UTF-8");
    ERR("\"\xc3", 1, "invalid UTF-8");
    ERR("\"\xc3 \"", 1, "invalid UTF-8");
    ERR("{\"\xff\":1}", 2, "invalid UTF-8");
}

/* Every offset of a long string, so that each SIMD lane and tail is hit. */
static void test_string_lanes(void **state)
{
    (void)state;
    char in[200], want[220];
    for (size_t n = 0; n < 150; n++) {
        in[0] = '"';
        for (size_t i = 0; i < n; i++)
            in[1 + i] = (char)('a' + i % 26);
        in[1 + n] = '"';
        snprintf(want, sizeof want, "=S:%.*s\n", (int)n, in + 1);
        OKN(in, n + 2, want);
        /* unterminated at every length */
        ERRN(in, n + 1, n + 1, "unterminated string");
    }
    static const struct {
        const char *bad;
        size_t len;
        const char *msg;
    } bads[] = {
        {"\"", 1, NULL},
        {"\\q", 2, "bad escape"},
        {"\x01", 1, "control character in string"},
        {"\x1f", 1, "control character in string"},
        {"\xff", 1, "invalid UTF-8"},
        {"\xc3(", 2, "invalid UTF-8"},
    };
    for (size_t b = 0; b < sizeof bads / sizeof bads[0]; b++) {
        for (size_t at = 0; at < 100; at++) {
            size_t n = 120;
            in[0] = '"';
            for (size_t i = 0; i < n; i++)
                in[1 + i] = i % 7 == 3 && i < at ? '\x7f' : (char)('A' + i % 26);
            memcpy(in + 1 + at, bads[b].bad, bads[b].len);
            in[1 + n] = '"';
            if (!bads[b].msg) {
                /* a quote ends the string early: the rest is garbage */
                ERRN(in, n + 2, at + 2, "trailing garbage");
            } else {
                ERRN(in, n + 2, at + 1, bads[b].msg);
            }
        }
    }
    /* non-ASCII and escapes at every lane */
    for (size_t at = 0; at < 60; at++) {
        size_t n = 0;
        in[n++] = '"';
        for (size_t i = 0; i < at; i++)
            in[n++] = 'x';
        memcpy(in + n, "\xe4\xb8\xad\\n\xc3\xa9", 7);
        n += 7;
        for (size_t i = 0; i < 40; i++)
            in[n++] = 'y';
        in[n++] = '"';
        snprintf(want, sizeof want, "=E:%.*s\n", (int)(n - 2), in + 1);
        OKN(in, n, want);
    }
}

/* ---- numbers and literals ---------------------------------------------- */

static void test_numbers(void **state)
{
    (void)state;
    OK("[0,-0,1e5,1.5E-3,-12.25e+10,7E0,0.0,10,-1]",
       "[]=N:0\n[]=N:-0\n[]=N:1e5\n[]=N:1.5E-3\n[]=N:-12.25e+10\n[]=N:7E0\n[]=N:0.0\n"
       "[]=N:10\n[]=N:-1\n");
    /* not converted: no range limit */
    OK("{\"big\":123456789012345678901234567890,\"huge\":1E400,\"tiny\":1e-400}",
       "big=N:123456789012345678901234567890\nhuge=N:1E400\ntiny=N:1e-400\n");
    OK("-0.5", "=N:-0.5\n");
    OK("3", "=N:3\n");
    ERR("01", 1, "leading zero");
    ERR("-01", 2, "leading zero");
    ERR("[00]", 2, "leading zero");
    ERR("1.", 2, "digit expected after '.'");
    ERR("1.e5", 2, "digit expected after '.'");
    ERR("[1.]", 3, "digit expected after '.'");
    ERR(".5", 0, "unexpected character");
    ERR("+1", 0, "unexpected character");
    ERR("-", 1, "digit expected");
    ERR("-a", 1, "digit expected");
    ERR("[-]", 2, "digit expected");
    ERR("1e", 2, "digit expected in exponent");
    ERR("1e+", 3, "digit expected in exponent");
    ERR("1E-x", 3, "digit expected in exponent");
    ERR("0x1", 1, "trailing garbage");
    ERR("1.5.2", 3, "trailing garbage");
    ERR("[1e5e]", 4, "expected ',' or ']'");
    ERR("{\"a\":1a}", 6, "expected ',' or '}'");
    ERR("NaN", 0, "unexpected character");
    ERR("-Infinity", 1, "digit expected");
}

static void test_literals(void **state)
{
    (void)state;
    OK("[true,false,null]", "[]=T:true\n[]=F:false\n[]=0:null\n");
    ERR("tru", 3, "invalid literal");
    ERR("trux", 3, "invalid literal");
    ERR("nul", 3, "invalid literal");
    ERR("fals", 4, "invalid literal");
    ERR("[fase]", 3, "invalid literal");
    ERR("nill", 1, "invalid literal");
    ERR("True", 0, "unexpected character");
    ERR("nulll", 4, "trailing garbage");
    ERR("[truefalse]", 5, "expected ',' or ']'");
    ERR("{\"a\":nan}", 6, "invalid literal");
}

/* ---- limits ------------------------------------------------------------ */

static void test_depth(void **state)
{
    (void)state;
    char in[400], want[300];
    /* 64 arrays: fine; the leaf's path is "[]" 64 times */
    size_t n = 0;
    for (int i = 0; i < 64; i++)
        in[n++] = '[';
    in[n++] = '1';
    for (int i = 0; i < 64; i++)
        in[n++] = ']';
    size_t w = 0;
    for (int i = 0; i < 64; i++)
        w += (size_t)sprintf(want + w, "[]");
    sprintf(want + w, "=N:1\n");
    OKN(in, n, want);
    /* 65: the 65th '[' is the error */
    n = 0;
    for (int i = 0; i < 65; i++)
        in[n++] = '[';
    for (int i = 0; i < 65; i++)
        in[n++] = ']';
    ERRN(in, n, 64, "nesting deeper than 64");
    /* objects: {"a":{"a":...}} */
    n = 0;
    for (int i = 0; i < 64; i++)
        n += (size_t)sprintf(in + n, "{\"a\":");
    in[n++] = '0';
    for (int i = 0; i < 64; i++)
        in[n++] = '}';
    w = 0;
    for (int i = 0; i < 64; i++)
        w += (size_t)sprintf(want + w, i ? ".a" : "a");
    sprintf(want + w, "=N:0\n");
    OKN(in, n, want);
    n = 0;
    for (int i = 0; i < 65; i++)
        n += (size_t)sprintf(in + n, "{\"a\":");
    in[n++] = '0';
    for (int i = 0; i < 65; i++)
        in[n++] = '}';
    ERRN(in, n, 64 * 5, "nesting deeper than 64");
    /* depth goes down again: many siblings at depth 64 */
    n = 0;
    for (int i = 0; i < 63; i++)
        in[n++] = '[';
    for (int i = 0; i < 40; i++)
        n += (size_t)sprintf(in + n, "%s[]", i ? "," : "");
    for (int i = 0; i < 63; i++)
        in[n++] = ']';
    OKN(in, n, "");
}

static void test_path_limit(void **state)
{
    (void)state;
    char in[1400], want[1400], key[700];
    memset(key, 'k', sizeof key);
    /* a 512-byte key: fine */
    int n = snprintf(in, sizeof in, "{\"%.*s\":1}", 512, key);
    snprintf(want, sizeof want, "%.*s=N:1\n", 512, key);
    OKN(in, (size_t)n, want);
    /* 513: the key is the error, even with an empty value */
    n = snprintf(in, sizeof in, "{\"%.*s\":1}", 513, key);
    ERRN(in, (size_t)n, 1, "path too long");
    n = snprintf(in, sizeof in, "{\"x\":2,\"%.*s\":{}}", 600, key);
    ERRN(in, (size_t)n, 7, "path too long");
    /* 511 + ".b" = 513 */
    n = snprintf(in, sizeof in, "{\"%.*s\":{\"b\":1}}", 511, key);
    ERRN(in, (size_t)n, 516, "path too long");
    /* 510 + ".b" = 512 */
    n = snprintf(in, sizeof in, "{\"%.*s\":{\"b\":1}}", 510, key);
    snprintf(want, sizeof want, "%.*s.b=N:1\n", 510, key);
    OKN(in, (size_t)n, want);
    /* 510 + "[]" fits, 511 + "[]" does not */
    n = snprintf(in, sizeof in, "{\"%.*s\":[1]}", 510, key);
    snprintf(want, sizeof want, "%.*s[]=N:1\n", 510, key);
    OKN(in, (size_t)n, want);
    n = snprintf(in, sizeof in, "{\"%.*s\":[1]}", 511, key);
    ERRN(in, (size_t)n, 515, "path too long");
    /* 512 + "." = 513 before the key: an empty key does not fit either */
    n = snprintf(in, sizeof in, "{\"%.*s\":{\"\":1}}", 512, key);
    ERRN(in, (size_t)n, 517, "path too long");
    /* escaped keys count unescaped: 508 + 2 x 2 bytes = 512 fits, 3 x 2 do not */
    n = snprintf(in, sizeof in, "{\"%.*s\\u00e9\\u00e9\":1}", 508, key);
    snprintf(want, sizeof want, "%.*s\xc3\xa9\xc3\xa9=N:1\n", 508, key);
    OKN(in, (size_t)n, want);
    n = snprintf(in, sizeof in, "{\"%.*s\\u00e9\\u00e9\\u00e9\":1}", 508, key);
    ERRN(in, (size_t)n, 1, "path too long");
}

/* ---- the callback ------------------------------------------------------ */

static int stop_neg(void *ctx, const jsonx_leaf *l)
{
    (void)l;
    return ++*(int *)ctx == 2 ? -42 : 0;
}

static void test_callback_stop(void **state)
{
    (void)state;
    const char *in = "{\"a\":1,\"b\":\"two\",\"c\":[3,4]}";
    render r = {.len = 0, .stop_at = 2, .buf = in};
    size_t off = 0;
    const char *msg = "unset";
    assert_int_equal(jsonx_walk(in, strlen(in), on_leaf, &r, &off, &msg), 7);
    assert_int_equal(r.leaves, 2);
    assert_int_equal(off, 11); /* the opening quote of "two" */
    assert_null(msg);
    assert_string_equal(r.out, "a=N:1\nb=S:two\n");
    /* any value comes back, even a negative one; NULL outputs are fine */
    int count = 0;
    assert_int_equal(jsonx_walk(in, strlen(in), stop_neg, &count, NULL, NULL), -42);
    assert_int_equal(count, 2);
    /* leaves before an error are reported */
    render r2 = {.len = 0, .buf = NULL};
    assert_int_equal(jsonx_walk("[1,2,x]", 7, on_leaf, &r2, NULL, NULL), JSONX_EINVAL);
    assert_int_equal(r2.leaves, 2);
}

/* raw points into the input buffer, strings without their quotes */
typedef struct offs {
    const char *base;
    size_t off[8];
    size_t len[8];
    int n;
} offs;

static int on_off(void *ctx, const jsonx_leaf *l)
{
    offs *o = ctx;
    o->off[o->n] = (size_t)(l->raw - o->base);
    o->len[o->n++] = l->raw_len;
    return 0;
}

static void test_raw_pointers(void **state)
{
    (void)state;
    const char *in = " {\"s\": \"a\\nb\" , \"n\":-1.5e3,\"t\":true,\"z\":null} ";
    offs o = {.base = in, .n = 0};
    assert_int_equal(jsonx_walk(in, strlen(in), on_off, &o, NULL, NULL), 0);
    assert_int_equal(o.n, 4);
    assert_int_equal(o.off[0], 8);
    assert_int_equal(o.len[0], 4);
    assert_int_equal(o.off[1], 20);
    assert_int_equal(o.len[1], 6);
    assert_int_equal(o.off[2], 31);
    assert_int_equal(o.len[2], 4);
    assert_int_equal(o.off[3], 40);
    assert_int_equal(o.len[3], 4);
}

/* ---- benchmark (inert) -------------------------------------------------- */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int eve_line(char *o, size_t cap, unsigned i)
{
    char ts[64], common[512];
    unsigned a = i * 2654435761u;
    snprintf(ts, sizeof ts, "2024-04-%02uT%02u:%02u:%02u.%06u+0800", 1 + i % 28, i % 24, a % 60,
             (a >> 8) % 60, (a >> 12) % 1000000);
    snprintf(
        common, sizeof common,
        "\"timestamp\":\"%s\",\"flow_id\":%llu,\"in_iface\":\"eth0\",\"src_ip\":\"192.0.2.%u\","
        "\"src_port\":%u,\"dest_ip\":\"198.51.100.%u\",\"dest_port\":%u,\"proto\":\"%s\"",
        ts, 1000000000000000ull + a * 7919ull, 1 + a % 254, 1024 + a % 60000, 1 + (a >> 5) % 254,
        i % 3 ? 443 : 53, i % 5 == 1 ? "UDP" : "TCP");
    switch (i % 10) {
    case 0:
    case 1:
    case 2:
        return snprintf(
            o, cap,
            "{%s,\"event_type\":\"dns\",\"dns\":{\"version\":2,\"type\":\"answer\",\"id\":%u,"
            "\"flags\":\"8180\",\"qr\":true,\"rd\":true,\"ra\":true,\"rrname\":\"www%u.example\","
            "\"rrtype\":\"A\",\"rcode\":\"NOERROR\",\"answers\":[{\"rrname\":\"www%u.example\","
            "\"rrtype\":\"CNAME\",\"ttl\":300,\"rdata\":\"cdn.example\"},{\"rrname\":"
            "\"cdn.example\",\"rrtype\":\"A\",\"ttl\":60,\"rdata\":\"203.0.113.%u\"}],"
            "\"grouped\":{\"A\":[\"203.0.113.%u\"],\"CNAME\":[\"cdn.example\"]}}}",
            common, a % 65536, i, i, 1 + a % 200, 1 + a % 200);
    case 3:
    case 4:
        return snprintf(
            o, cap,
            "{%s,\"event_type\":\"http\",\"tx_id\":%u,\"http\":{\"hostname\":\"shop%u.example\","
            "\"url\":\"\\/catalog\\/item.php?id=%u&q=caf%%C3%%A9\",\"http_user_agent\":"
            "\"Mozilla\\/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit\\/537.36 (KHTML, like "
            "Gecko) Chrome\\/120.0.0.0 Safari\\/537.36\",\"http_content_type\":\"text\\/html\","
            "\"http_refer\":\"https:\\/\\/www.example\\/\",\"http_method\":\"GET\",\"protocol\":"
            "\"HTTP\\/1.1\",\"status\":200,\"length\":%u,\"request_headers\":[{\"name\":\"Host\","
            "\"value\":\"shop%u.example\"},{\"name\":\"Accept\",\"value\":\"*\\/*\"}]}}",
            common, i % 7, i, a % 100000, a % 70000, i);
    case 5:
    case 6:
        return snprintf(
            o, cap,
            "{%s,\"event_type\":\"tls\",\"tls\":{\"subject\":\"CN=mail%u.example\",\"issuerdn\":"
            "\"C=US, O=Example Trust, CN=Example Issuing CA 1\",\"serial\":"
            "\"0A:1B:2C:3D:4E:5F:60:71:82:93\",\"fingerprint\":\"aa:bb:cc:dd:ee:ff:00:11:22:33:44:"
            "55:66:77:88:99:aa:bb:cc:dd\",\"sni\":\"mail%u.example\",\"version\":\"TLS 1.2\","
            "\"notbefore\":\"2024-01-01T00:00:00\",\"notafter\":\"2025-01-01T00:00:00\",\"ja3\":"
            "{\"hash\":\"e7d705a3286e19ea42f587b344ee6865\",\"string\":\"771,4865-4866-4867-49195-"
            "49199-49196-49200-52393-52392-49171-49172-156-157-47-53,0-23-65281-10-11-35-16-5-13-"
            "18-51-45-43-27-21,29-23-24,0\"},\"ja3s\":{\"hash\":"
            "\"f4febc55ea12b31ae17cfb7e614afda8\","
            "\"string\":\"771,49199,65281-0-11-35-16\"}}}",
            common, i, i);
    case 7:
        return snprintf(
            o, cap,
            "{%s,\"event_type\":\"fileinfo\",\"app_proto\":\"http\",\"fileinfo\":{\"filename\":"
            "\"\\/download\\/setup-%u.exe\",\"magic\":\"PE32 executable (GUI) Intel 80386, for MS "
            "Windows\",\"gaps\":false,\"state\":\"CLOSED\",\"md5\":\"%"
            "08x9e107d9d372bb6826bd81d35\","
            "\"sha1\":\"%08x2fd4e1c67a2d28fced849ee1bb76e739\",\"sha256\":\"%08xd7a8fbb307d7809469"
            "ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592\",\"stored\":false,\"size\":%u,"
            "\"tx_id\":0}}",
            common, i, a, a ^ 0x5555u, a ^ 0xaaaau, a % 5000000);
    case 8:
        return snprintf(
            o, cap,
            "{%s,\"event_type\":\"flow\",\"app_proto\":\"failed\",\"flow\":{\"pkts_toserver\":%u,"
            "\"pkts_toclient\":%u,\"bytes_toserver\":%u,\"bytes_toclient\":%u,\"start\":\"%s\","
            "\"end\":\"%s\",\"age\":%u,\"state\":\"closed\",\"reason\":\"timeout\",\"alerted\":"
            "false},\"tcp\":{\"tcp_flags\":\"1b\",\"tcp_flags_ts\":\"1b\",\"tcp_flags_tc\":\"1b\","
            "\"syn\":true,\"fin\":true,\"psh\":true,\"ack\":true,\"state\":\"closed\"}}",
            common, a % 100, a % 90, a % 100000, a % 900000, ts, ts, a % 600);
    default: {
        char payload[2048];
        unsigned plen = 300 + a % 1200;
        for (unsigned k = 0; k < plen; k++)
            payload[k] = b64[(a >> (k % 13)) * 31 % 64 ^ k % 64];
        payload[plen] = '\0';
        return snprintf(
            o, cap,
            "{%s,\"event_type\":\"alert\",\"community_id\":\"1:LQU9qZlK+B5F3KDmev6m5PMibrg=\","
            "\"alert\":{\"action\":\"allowed\",\"gid\":1,\"signature_id\":%u,\"rev\":3,"
            "\"signature\":\"ET MALWARE Example C2 Beacon \\\"test\\\" (id %u)\",\"category\":"
            "\"A Network Trojan was detected\",\"severity\":1,\"metadata\":{\"created_at\":"
            "[\"2019_08_19\"],\"updated_at\":[\"2020_09_17\"],\"signature_severity\":[\"Major\"]}},"
            "\"flow\":{\"pkts_toserver\":5,\"pkts_toclient\":4,\"bytes_toserver\":%u,"
            "\"bytes_toclient\":%u,\"start\":\"%s\"},\"payload\":\"%s\",\"stream\":1,"
            "\"packet\":\"RQAAKAAAAABABgAAwAACCsYzZAc=\",\"host\":\"sensor-1.example\"}",
            common, 2027000 + a % 1000, i, a % 10000, a % 20000, ts, payload);
    }
    }
}

static int count_leaf(void *ctx, const jsonx_leaf *l)
{
    size_t *n = ctx;
    *n += l->path_len + (size_t)l->kind;
    return 0;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

#if defined(__SANITIZE_ADDRESS__)
#define SLOW_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define SLOW_BUILD 1
#endif
#endif
#ifndef SLOW_BUILD
#define SLOW_BUILD 0
#endif

static void test_benchmark(void **state)
{
    (void)state;
    enum { LINES = 1000 };
    size_t cap = LINES * 3000;
    char *buf = malloc(cap);
    size_t *start = malloc(sizeof(size_t) * (LINES + 1));
    assert_non_null(buf);
    assert_non_null(start);
    size_t len = 0;
    for (unsigned i = 0; i < LINES; i++) {
        start[i] = len;
        int n = eve_line(buf + len, cap - len, i);
        assert_true(n > 0 && (size_t)n < cap - len - 1);
        len += (size_t)n;
        buf[len++] = '\n';
    }
    start[LINES] = len;

    /* every line is valid, for jansson too */
    for (unsigned i = 0; i < LINES; i++) {
        size_t l = start[i + 1] - start[i] - 1, off = 0;
        const char *msg = NULL;
        int rc = jsonx_walk(buf + start[i], l, NULL, NULL, &off, &msg);
        if (rc)
            print_error("line %u at %zu: %s\n%.*s\n", i, off, msg, (int)l, buf + start[i]);
        assert_int_equal(rc, 0);
        json_t *j = json_loadb(buf + start[i], l, 0, NULL);
        assert_non_null(j);
        json_decref(j);
    }

    if (!getenv("GISAC_BENCH")) {
        free(start);
        free(buf);
        return;
    }
    /* mode 2 leaves out the alert lines with their long base64 payload */
    const char *names[] = {"jsonx_walk, callback", "jsonx_walk, validate only",
                           "jsonx_walk, no payload lines", "jansson json_loadb"};
    double mbs[4] = {0, 0, 0, 0};
    for (int mode = 0; mode < 4; mode++) {
        size_t sink = 0, rounds = 0, walked = 0, nlines = 0;
        for (unsigned i = 0; i < LINES; i++)
            if (mode != 2 || i % 10 != 9) {
                walked += start[i + 1] - start[i] - 1;
                nlines++;
            }
        double t0 = now_s(), t;
        do {
            for (unsigned i = 0; i < LINES; i++) {
                size_t l = start[i + 1] - start[i] - 1;
                if (mode == 0 || (mode == 2 && i % 10 != 9)) {
                    sink += (size_t)jsonx_walk(buf + start[i], l, count_leaf, &sink, NULL, NULL);
                } else if (mode == 1) {
                    sink += (size_t)jsonx_walk(buf + start[i], l, NULL, NULL, NULL, NULL);
                } else if (mode == 3) {
                    json_t *j = json_loadb(buf + start[i], l, 0, NULL);
                    sink += j != NULL;
                    json_decref(j);
                }
            }
            rounds++;
            t = now_s() - t0;
        } while (t < (mode == 3 ? 0.2 : 0.5));
        mbs[mode] = (double)walked * (double)rounds / t / 1e6;
        printf("jsonx bench: %-29s %6.0f MB/s, %5.2f M lines/s (%zu lines of %zu bytes on "
               "average; sink %zu)\n",
               names[mode], mbs[mode], (double)nlines * (double)rounds / t / 1e6, nlines,
               walked / nlines, sink % 10);
    }
    assert_true(mbs[0] > (SLOW_BUILD ? 5.0 : 50.0));
    assert_true(mbs[2] > (SLOW_BUILD ? 5.0 : 50.0));
    free(start);
    free(buf);
}

TEST_MAIN(NULL, NULL, TEST_CASE(test_paths), TEST_CASE(test_whitespace),
          TEST_CASE(test_structure_errors), TEST_CASE(test_escapes), TEST_CASE(test_bad_escapes),
          TEST_CASE(test_control_chars), TEST_CASE(test_utf8), TEST_CASE(test_string_lanes),
          TEST_CASE(test_numbers), TEST_CASE(test_literals), TEST_CASE(test_depth),
          TEST_CASE(test_path_limit), TEST_CASE(test_callback_stop), TEST_CASE(test_raw_pointers),
          TEST_CASE(test_benchmark))
