/*
 * inflate.c: content codings of HTTP bodies, gzip and deflate (base.h,
 * "content codings"), with zlib. The decoded size is bounded by the
 * caller, so a small body that expands to gigabytes (a decompression
 * bomb) is refused once it passes the bound, never held.
 */
#include "base/base.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

int gisac_coding_parse(const char *name, gisac_coding *out)
{
    static const struct {
        const char *name;
        gisac_coding c;
    } names[] = {{"identity", GISAC_CODING_IDENTITY},
                 {"gzip", GISAC_CODING_GZIP},
                 {"x-gzip", GISAC_CODING_GZIP},
                 {"deflate", GISAC_CODING_DEFLATE}};
    if (!name || !*name) {
        *out = GISAC_CODING_IDENTITY;
        return 0;
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(name, names[i].name) == 0) {
            *out = names[i].c;
            return 0;
        }
    return GISAC_EUNSUPPORTED;
}

/* One stream (a gzip member) of in[0..n): 0 with *used its length, or an error. */
static int member(const unsigned char *in, size_t n, int wbits, size_t max, gisac_buf *out,
                  size_t *used, gisac_err *err)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, wbits) != Z_OK)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    z.next_in = (Bytef *)(uintptr_t)in;
    int rc = 0, zr = Z_OK;
    size_t left = n;
    while (rc == 0 && zr != Z_STREAM_END) {
        if (z.avail_in == 0) { /* zlib counts in uInt: the input in pieces */
            if (left == 0) {
                rc = gisac_err_set(err, GISAC_EINVAL, "the body ends inside its compressed data");
                break;
            }
            z.avail_in = left > (1u << 30) ? (1u << 30) : (uInt)left;
            left -= z.avail_in;
        }
        if (gisac_buf_reserve(out, 64 * 1024) < 0) {
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
            break;
        }
        z.next_out = (Bytef *)out->data + out->len;
        z.avail_out = (uInt)(out->cap - out->len - 1);
        uInt before = z.avail_out;
        zr = inflate(&z, Z_NO_FLUSH);
        out->len += before - z.avail_out;
        out->data[out->len] = '\0';
        if (zr == Z_NEED_DICT || zr == Z_DATA_ERROR || zr == Z_MEM_ERROR || zr == Z_STREAM_ERROR)
            rc = gisac_err_set(err, zr == Z_MEM_ERROR ? GISAC_ENOMEM : GISAC_EINVAL,
                               "the compressed data is corrupt at byte %llu: %s",
                               (unsigned long long)z.total_in, z.msg ? z.msg : "bad data");
        else if (out->len > max)
            rc = gisac_err_set(err, GISAC_EABORT, "the body decodes to more than %zu bytes", max);
        else if (zr == Z_BUF_ERROR && z.avail_in == 0 && left == 0)
            rc = gisac_err_set(err, GISAC_EINVAL, "the body ends inside its compressed data");
    }
    *used = (size_t)z.total_in;
    inflateEnd(&z);
    return rc;
}

/* Every stream of in, one after another (gzip allows several members;
 * the other formats hold one): 0 or an error. */
static int run(const void *in, size_t n, int wbits, size_t max, gisac_buf *out, gisac_err *err)
{
    const unsigned char *p = in;
    size_t at = 0;
    do {
        size_t used = 0;
        int rc = member(p + at, n - at, wbits, max, out, &used, err);
        if (rc < 0)
            return rc;
        at += used;
        if (at < n && wbits != 16 + MAX_WBITS)
            return gisac_err_set(err, GISAC_EINVAL,
                                 "%zu bytes after the end of the compressed data", n - at);
    } while (at < n);
    return 0;
}

int gisac_decode(gisac_coding c, const void *in, size_t n, size_t max, gisac_buf *out,
                 gisac_err *err)
{
    gisac_buf_reset(out);
    switch (c) {
    case GISAC_CODING_IDENTITY:
        if (n > max)
            return gisac_err_set(err, GISAC_EABORT, "the body is more than %zu bytes", max);
        return gisac_buf_append(out, in, n) < 0 ? gisac_err_set(err, GISAC_ENOMEM, "out of memory")
                                                : 0;
    case GISAC_CODING_GZIP:
        return run(in, n, 16 + MAX_WBITS, max, out, err);
    case GISAC_CODING_DEFLATE: {
        /* RFC 9110: the zlib format; some clients send raw deflate */
        gisac_err e = GISAC_ERR_INIT;
        int rc = run(in, n, MAX_WBITS, max, out, &e);
        if (rc == GISAC_EINVAL && n >= 1 && (((const unsigned char *)in)[0] & 0x0f) != 8) {
            gisac_buf_reset(out);
            return run(in, n, -MAX_WBITS, max, out, err);
        }
        if (rc < 0 && err)
            *err = e;
        return rc;
    }
    }
    return gisac_err_set(err, GISAC_EUNSUPPORTED, "unknown content coding");
}
