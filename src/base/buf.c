/* buf.c: a growable byte buffer, always NUL-terminated after a write. */
#include "base/base.h"
#include "base/base_internal.h"

#include <stdlib.h>
#include <string.h>

int gisac_buf_reserve(gisac_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return GISAC_ENOMEM;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) {
        if (cap > SIZE_MAX / 2) {
            cap = need;
            break;
        }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p)
        return GISAC_ENOMEM;
    b->data = p;
    b->cap = cap;
    return 0;
}

void *gisac_grow(void *v, size_t n, size_t *cap, size_t size, size_t first)
{
    if (n < *cap)
        return v;
    size_t nc = *cap ? *cap * 2 : first;
    if (nc < *cap || nc > SIZE_MAX / size)
        return NULL;
    void *nv = realloc(v, nc * size);
    if (nv)
        *cap = nc;
    return nv;
}

int gisac_push(void *arrp, size_t *n, size_t *cap, size_t size, size_t first, const void *item)
{
    void *v; /* the caller's T *, read and written as bytes (T ** is not void **) */
    memcpy(&v, arrp, sizeof v);
    char *nv = gisac_grow(v, *n, cap, size, first);
    if (!nv)
        return GISAC_ENOMEM;
    memcpy(arrp, &nv, sizeof nv);
    memcpy(nv + *n * size, item, size);
    (*n)++;
    return 0;
}

int gisac_push_or_stop(void *arrp, size_t *n, size_t *cap, size_t size, size_t first,
                       const void *item, int *oom)
{
    if (gisac_push(arrp, n, cap, size, first, item) < 0) {
        *oom = 1;
        return 1;
    }
    return 0;
}

int gisac_buf_append(gisac_buf *b, const void *p, size_t n)
{
    if (gisac_buf_reserve(b, n) < 0)
        return GISAC_ENOMEM;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int gisac_buf_puts(gisac_buf *b, const char *s)
{
    return gisac_buf_append(b, s, strlen(s));
}

int gisac_buf_putc(gisac_buf *b, char c)
{
    return gisac_buf_append(b, &c, 1);
}

int gisac_buf_vprintf(gisac_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return GISAC_EINVAL;
    if ((size_t)n < sizeof small)
        return gisac_buf_append(b, small, (size_t)n);
    if (gisac_buf_reserve(b, (size_t)n) < 0)
        return GISAC_ENOMEM;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int gisac_buf_printf(gisac_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = gisac_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

int gisac_json_escape(unsigned char c, char e[7])
{
    static const char hex[] = "0123456789ABCDEF";
    static const char shorts[][2] = {{'"', '"'},  {'\\', '\\'}, {'\b', 'b'}, {'\f', 'f'},
                                     {'\n', 'n'}, {'\r', 'r'},  {'\t', 't'}};
    memset(e, 0, 7);
    for (size_t i = 0; i < sizeof shorts / sizeof shorts[0]; i++)
        if (c == (unsigned char)shorts[i][0]) {
            e[0] = '\\';
            e[1] = shorts[i][1];
            return 1;
        }
    if (c >= 0x20)
        return 0;
    memcpy(e, "\\u00", 4);
    e[4] = hex[c >> 4];
    e[5] = hex[c & 15];
    return 1;
}

int gisac_buf_json_str(gisac_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    if (gisac_buf_putc(b, '"') < 0)
        return GISAC_ENOMEM;
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *run = p;
    for (; *p; p++) {
        const char *esc = NULL;
        char u[7];
        switch (*p) {
        case '"':
            esc = "\\\"";
            break;
        case '\\':
            esc = "\\\\";
            break;
        case '\n':
            esc = "\\n";
            break;
        case '\r':
            esc = "\\r";
            break;
        case '\t':
            esc = "\\t";
            break;
        default:
            if (*p >= 0x80) {
                size_t len = gisac_utf8_seq_z(p);
                if (len) { /* valid: copied as it is */
                    p += len - 1;
                    continue;
                }
                esc = "\\ufffd"; /* not UTF-8: the replacement character */
            } else if (*p < 0x20) {
                u[0] = '\\';
                u[1] = 'u';
                u[2] = '0';
                u[3] = '0';
                u[4] = hex[*p >> 4];
                u[5] = hex[*p & 15];
                u[6] = '\0';
                esc = u;
            }
        }
        if (esc) {
            if (gisac_buf_append(b, run, (size_t)(p - run)) < 0 || gisac_buf_puts(b, esc) < 0)
                return GISAC_ENOMEM;
            run = p + 1;
        }
    }
    if (gisac_buf_append(b, run, (size_t)(p - run)) < 0)
        return GISAC_ENOMEM;
    return gisac_buf_putc(b, '"');
}

void gisac_buf_reset(gisac_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void gisac_buf_free(gisac_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* ---- flat JSON object ---------------------------------------------------- */

void gisac_jobj_key(gisac_jobj *j, const char *key)
{
    j->bad |= gisac_buf_putc(&j->b, j->b.len ? ',' : '{');
    j->bad |= gisac_buf_json_str(&j->b, key);
    j->bad |= gisac_buf_putc(&j->b, ':');
}

void gisac_jobj_str(gisac_jobj *j, const char *key, const char *val)
{
    gisac_jobj_key(j, key);
    j->bad |= val ? gisac_buf_json_str(&j->b, val) : gisac_buf_puts(&j->b, "null");
}

void gisac_jobj_int(gisac_jobj *j, const char *key, int64_t val)
{
    gisac_jobj_key(j, key);
    j->bad |= gisac_buf_printf(&j->b, "%lld", (long long)val);
}

void gisac_jobj_time(gisac_jobj *j, const char *key, int64_t t)
{
    char ts[GISAC_TIME_LEN];
    if (t)
        gisac_time_format(t, ts);
    gisac_jobj_str(j, key, t ? ts : NULL);
}

void gisac_jobj_bool(gisac_jobj *j, const char *key, int val)
{
    gisac_jobj_key(j, key);
    j->bad |= gisac_buf_puts(&j->b, val ? "true" : "false");
}

void gisac_jobj_ints(gisac_jobj *j, const char *key, const int64_t *v, size_t n)
{
    gisac_jobj_key(j, key);
    j->bad |= gisac_buf_putc(&j->b, '[');
    for (size_t i = 0; i < n; i++)
        j->bad |= gisac_buf_printf(&j->b, i ? ",%lld" : "%lld", (long long)v[i]);
    j->bad |= gisac_buf_putc(&j->b, ']');
}

const char *gisac_jobj_end(gisac_jobj *j)
{
    if (!j->bad)
        j->bad |= gisac_buf_puts(&j->b, j->b.len ? "}" : "{}");
    return j->bad ? NULL : j->b.data;
}
