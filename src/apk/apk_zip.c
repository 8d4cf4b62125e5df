/* apk_zip.c: the ZIP container of an APK, read with every offset and size
 * checked against the file's real bounds (apk_internal.h). */
#include "apk/apk_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

enum {
    EOCD_SIZE = 22,
    CDH_SIZE = 46,
    LFH_SIZE = 30,
    MAX_COMMENT = 0xffff,
    CHUNK = 64 * 1024,
};
#define MAX_CD ((uint64_t)64 << 20) /* a central directory of 64 MiB is ~1M entries */

int apk_read_at(const apk_file *f, uint64_t off, void *buf, size_t n, gisac_err *err)
{
    if (off > f->size || n > f->size - off)
        return gisac_err_set(err, GISAC_EINVAL,
                             "%zu bytes at offset %llu: beyond the end of the file (%llu bytes)", n,
                             (unsigned long long)off, (unsigned long long)f->size);
    if (f->mem) {
        if (n)
            memcpy(buf, f->mem + off, n);
        return 0;
    }
    size_t done = 0;
    while (done < n) {
        ssize_t r = pread(f->fd, (char *)buf + done, n - done, (off_t)(off + done));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return gisac_err_set(err, GISAC_EIO, "read at offset %llu: %s",
                                 (unsigned long long)(off + done),
                                 r < 0 ? strerror(errno) : "unexpected end of file");
        done += (size_t)r;
    }
    return 0;
}

int apk_zip_anomaly(apk_zip *z, const char *code, const char *fmt, ...)
{
    if (z->nan >= 1000) /* enough to judge; a hostile file may have millions */
        return 0;
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    apk_anomaly a = {gisac_arena_strdup(z->ar, code), gisac_arena_strdup(z->ar, text)};
    if (!a.code || !a.text)
        return GISAC_ENOMEM;
    return gisac_push(&z->an, &z->nan, &z->capan, sizeof a, 16, &a);
}

static int find_eocd(apk_zip *z, gisac_err *err)
{
    const apk_file *f = &z->f;
    if (f->size < EOCD_SIZE)
        return gisac_err_at(err, GISAC_EINVAL, "zip", "not a ZIP archive: %llu bytes, too short",
                            (unsigned long long)f->size);
    size_t tail = (size_t)(f->size < EOCD_SIZE + MAX_COMMENT ? f->size : EOCD_SIZE + MAX_COMMENT);
    uint8_t *b = malloc(tail);
    if (!b)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    int rc = apk_read_at(f, f->size - tail, b, tail, err);
    if (rc < 0) {
        free(b);
        return rc;
    }
    /* the last record whose comment reaches exactly the end of the file */
    for (size_t i = tail - EOCD_SIZE + 1; i-- > 0;) {
        if (apk_le32(b + i) != 0x06054b50)
            continue;
        size_t clen = apk_le16(b + i + 20);
        if (clen != tail - i - EOCD_SIZE)
            continue;
        const uint8_t *e = b + i;
        z->eocd_off = f->size - tail + i;
        z->comment_len = (uint16_t)clen;
        uint16_t disk = apk_le16(e + 4), cd_disk = apk_le16(e + 6);
        uint16_t n_disk = apk_le16(e + 8), n_total = apk_le16(e + 10);
        uint32_t cd_size = apk_le32(e + 12), cd_off = apk_le32(e + 16);
        free(b);
        if (disk != 0 || cd_disk != 0)
            return gisac_err_at(err, GISAC_EINVAL, "zip.eocd",
                                "ZIP archives spanning several disks are not APKs");
        if (cd_size == 0xffffffffu || cd_off == 0xffffffffu || n_total == 0xffff)
            return gisac_err_at(err, GISAC_EUNSUPPORTED, "zip.eocd",
                                "ZIP64 archive: not supported (APKs are not ZIP64)");
        if (n_disk != n_total) {
            rc = apk_zip_anomaly(z, "entry_count_mismatch",
                                 "end record: %u entries on this disk, %u in total", n_disk,
                                 n_total);
            if (rc < 0)
                return gisac_err_set(err, rc, "out of memory");
        }
        if ((uint64_t)cd_off + cd_size > z->eocd_off)
            return gisac_err_at(err, GISAC_EINVAL, "zip.eocd",
                                "central directory at %u, %u bytes: beyond the end record at %llu",
                                cd_off, cd_size, (unsigned long long)z->eocd_off);
        z->cd_off = cd_off;
        z->cd_size = cd_size;
        z->n = n_total;
        return 0;
    }
    free(b);
    return gisac_err_at(err, GISAC_EINVAL, "zip",
                        "not a ZIP archive: no end of central directory record");
}

static int name_cmp(const void *a, const void *b)
{
    const apk_entry *x = *(const apk_entry *const *)a, *y = *(const apk_entry *const *)b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x < y ? -1 : x > y);
}

static int check_local(apk_zip *z, apk_entry *e, gisac_err *err)
{
    uint8_t h[LFH_SIZE];
    gisac_err ign = GISAC_ERR_INIT;
    if (e->lh_off >= z->cd_off || apk_read_at(&z->f, e->lh_off, h, LFH_SIZE, &ign) < 0 ||
        e->lh_off + LFH_SIZE > z->cd_off)
        return apk_zip_anomaly(
            z, "entry_outside",
            "%s: local header at %llu is outside the entries (which end at %llu)", e->name,
            (unsigned long long)e->lh_off, (unsigned long long)z->cd_off);
    if (apk_le32(h) != 0x04034b50)
        return apk_zip_anomaly(z, "bad_local_header", "%s: no local header at offset %llu", e->name,
                               (unsigned long long)e->lh_off);
    uint16_t flags = apk_le16(h + 6), method = apk_le16(h + 8);
    uint32_t crc = apk_le32(h + 14), csize = apk_le32(h + 18), usize = apk_le32(h + 22);
    uint16_t nlen = apk_le16(h + 26), elen = apk_le16(h + 28);
    uint64_t data = e->lh_off + LFH_SIZE + nlen + elen;
    if (data + e->csize > z->cd_off)
        return apk_zip_anomaly(
            z, "entry_outside",
            "%s: its data (%u bytes at %llu) reaches past the entries, which end "
            "at %llu",
            e->name, e->csize, (unsigned long long)data, (unsigned long long)z->cd_off);
    e->data_off = data;
    char lname[512];
    size_t cn = strlen(e->name);
    int rc = 0;
    if (nlen != cn ||
        (nlen <= sizeof lname && (apk_read_at(&z->f, e->lh_off + LFH_SIZE, lname, nlen, &ign) < 0 ||
                                  memcmp(lname, e->name, nlen) != 0)))
        rc = apk_zip_anomaly(z, "header_mismatch",
                             "%s: the local header names another file than the central directory",
                             e->name);
    if (rc == 0 && method != e->method)
        rc = apk_zip_anomaly(z, "header_mismatch",
                             "%s: compression method %u in the local header, %u in the central "
                             "directory",
                             e->name, method, e->method);
    if (rc == 0 && !(flags & 8) && (crc != e->crc || csize != e->csize || usize != e->usize))
        rc = apk_zip_anomaly(z, "header_mismatch",
                             "%s: CRC-32 or sizes in the local header differ from the central "
                             "directory's",
                             e->name);
    (void)err;
    return rc;
}

int apk_zip_open(apk_zip *z, const apk_file *f, gisac_err *err)
{
    memset(z, 0, sizeof *z);
    z->f = *f;
    z->ar = gisac_arena_new(0);
    if (!z->ar || !(z->inflated = gisac_arena_alloc(z->ar, sizeof *z->inflated)))
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    *z->inflated = 0;
    z->budget = f->size > APK_INFLATE_MIN / APK_INFLATE_RATIO ? f->size * APK_INFLATE_RATIO
                                                              : APK_INFLATE_MIN;
    int rc = find_eocd(z, err);
    if (rc < 0)
        return rc;
    if (z->cd_size > MAX_CD)
        return gisac_err_at(err, GISAC_EINVAL, "zip.central_directory",
                            "central directory of %llu bytes: more than %llu",
                            (unsigned long long)z->cd_size, (unsigned long long)MAX_CD);
    if (z->cd_off + z->cd_size < z->eocd_off &&
        (rc = apk_zip_anomaly(z, "gap_before_eocd",
                              "%llu bytes between the central directory and the end record",
                              (unsigned long long)(z->eocd_off - z->cd_off - z->cd_size))) < 0)
        return gisac_err_set(err, rc, "out of memory");
    uint8_t *cd = malloc(z->cd_size ? z->cd_size : 1);
    if (!cd)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if ((rc = apk_read_at(f, z->cd_off, cd, z->cd_size, err)) < 0) {
        free(cd);
        return rc;
    }
    size_t want = z->n, cap = 0;
    z->n = 0;
    z->e = NULL;
    size_t pos = 0;
    while (pos < z->cd_size) {
        if (z->cd_size - pos < CDH_SIZE || apk_le32(cd + pos) != 0x02014b50) {
            rc = gisac_err_at(err, GISAC_EINVAL, "zip.central_directory",
                              "central directory entry %zu at offset %llu: bad header", z->n,
                              (unsigned long long)(z->cd_off + pos));
            goto out;
        }
        const uint8_t *h = cd + pos;
        size_t nlen = apk_le16(h + 28), elen = apk_le16(h + 30), clen = apk_le16(h + 32);
        if (CDH_SIZE + nlen + elen + clen > z->cd_size - pos) {
            rc = gisac_err_at(err, GISAC_EINVAL, "zip.central_directory",
                              "central directory entry %zu: runs past the central directory", z->n);
            goto out;
        }
        apk_entry e = {0};
        e.flags = apk_le16(h + 8);
        e.method = apk_le16(h + 10);
        e.crc = apk_le32(h + 16);
        e.csize = apk_le32(h + 20);
        e.usize = apk_le32(h + 24);
        e.lh_off = apk_le32(h + 42);
        e.name = gisac_arena_strndup(z->ar, (const char *)h + CDH_SIZE, nlen);
        if (!e.name || !(z->e = gisac_grow(z->e, z->n, &cap, sizeof e, 64))) {
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
            goto out;
        }
        z->e[z->n++] = e;
        pos += CDH_SIZE + nlen + elen + clen;
    }
    if (z->n != want &&
        (rc = apk_zip_anomaly(z, "entry_count_mismatch",
                              "end record: %zu entries, the central directory holds %zu", want,
                              z->n)) < 0)
        goto oom;
    for (size_t i = 0; i < z->n; i++) {
        apk_entry *e = &z->e[i];
        if (e->name[0] == '\0' &&
            (rc = apk_zip_anomaly(z, "bad_name", "entry %zu: an empty name or a NUL in it", i)) < 0)
            goto oom;
        if ((e->name[0] == '/' || strstr(e->name, "../") || strcmp(e->name, "..") == 0 ||
             (strlen(e->name) >= 3 && strcmp(e->name + strlen(e->name) - 3, "/..") == 0)) &&
            (rc = apk_zip_anomaly(z, "path_traversal", "%s: a name that leaves the archive's tree",
                                  e->name)) < 0)
            goto oom;
        if (e->method != 0 && e->method != 8 &&
            (rc = apk_zip_anomaly(z, "unknown_method", "%s: compression method %u", e->name,
                                  e->method)) < 0)
            goto oom;
        if ((e->flags & 1) &&
            (rc = apk_zip_anomaly(z, "encrypted", "%s: marked encrypted", e->name)) < 0)
            goto oom;
        if ((rc = check_local(z, e, err)) < 0)
            goto oom;
    }
    if (z->n > 1) {
        apk_entry **s = malloc(z->n * sizeof *s);
        if (!s)
            goto oom;
        for (size_t i = 0; i < z->n; i++)
            s[i] = &z->e[i];
        qsort(s, z->n, sizeof *s, name_cmp);
        for (size_t i = 1; i < z->n && rc >= 0; i++)
            if (strcmp(s[i]->name, s[i - 1]->name) == 0) {
                s[i]->dup = 1;
                rc = apk_zip_anomaly(z, "duplicate_name", "%s: more than one entry of this name",
                                     s[i]->name);
            }
        free(s);
        if (rc < 0)
            goto oom;
    }
    rc = 0;
    goto out;
oom:
    rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
out:
    free(cd);
    return rc;
}

void apk_zip_close(apk_zip *z)
{
    free(z->e);
    free(z->an);
    gisac_arena_free(z->ar);
    memset(z, 0, sizeof *z);
}

const apk_entry *apk_zip_find(const apk_zip *z, const char *name)
{
    for (size_t i = 0; i < z->n; i++)
        if (strcmp(z->e[i].name, name) == 0)
            return &z->e[i];
    return NULL;
}

int apk_zip_stream(const apk_zip *z, const apk_entry *e, apk_sink fn, void *ctx, gisac_err *err)
{
    if (!e->data_off)
        return gisac_err_at(err, GISAC_EINVAL, e->name, "%s: its local header is bad or outside",
                            e->name);
    if (e->method != 0 && e->method != 8)
        return gisac_err_at(err, GISAC_EUNSUPPORTED, e->name, "%s: compression method %u", e->name,
                            e->method);
    if (e->method == 0 && e->csize != e->usize)
        return gisac_err_at(err, GISAC_EINVAL, e->name,
                            "%s: stored, but %u bytes compressed and %u uncompressed", e->name,
                            e->csize, e->usize);
    uint8_t *in = malloc(2 * CHUNK);
    if (!in)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    uint8_t *out = in + CHUNK;
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    int rc = 0, zinit = 0, zend = 0;
    if (e->method == 8) {
        if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) {
            free(in);
            return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        }
        zinit = 1;
    }
    uLong crc = crc32(0, Z_NULL, 0);
    uint64_t total = 0, pos = 0;
    while (pos < e->csize && rc == 0) {
        size_t n = e->csize - pos < CHUNK ? (size_t)(e->csize - pos) : CHUNK;
        if ((rc = apk_read_at(&z->f, e->data_off + pos, in, n, err)) < 0)
            break;
        pos += n;
        if (e->method == 0) {
            crc = crc32(crc, in, (uInt)n);
            total += n;
            rc = fn(ctx, in, n);
            continue;
        }
        zs.next_in = in;
        zs.avail_in = (uInt)n;
        while (zs.avail_in > 0 && rc == 0 && !zend) {
            zs.next_out = out;
            zs.avail_out = CHUNK;
            int zr = inflate(&zs, Z_NO_FLUSH);
            size_t got = CHUNK - zs.avail_out;
            if (zr != Z_OK && zr != Z_STREAM_END && !(zr == Z_BUF_ERROR && got)) {
                rc = gisac_err_at(err, GISAC_EINVAL, e->name, "%s: corrupt deflate data (%s)",
                                  e->name, zs.msg ? zs.msg : "inflate failed");
                break;
            }
            total += got;
            *z->inflated += got;
            if (*z->inflated > z->budget) {
                rc = gisac_err_at(err, GISAC_EABORT, e->name,
                                  "%s: the entries inflate to more than %llu bytes (%d times the "
                                  "file): a decompression bomb, not read further",
                                  e->name, (unsigned long long)z->budget, APK_INFLATE_RATIO);
                break;
            }
            if (total > e->usize) {
                rc = gisac_err_at(err, GISAC_EINVAL, e->name,
                                  "%s: inflates to more than its %u bytes", e->name, e->usize);
                break;
            }
            crc = crc32(crc, out, (uInt)got);
            if (got)
                rc = fn(ctx, out, got);
            if (zr == Z_STREAM_END)
                zend = 1;
        }
    }
    if (rc == 0 && e->method == 8 && !zend)
        rc = gisac_err_at(err, GISAC_EINVAL, e->name, "%s: truncated deflate data", e->name);
    if (rc == 0 && total != e->usize)
        rc = gisac_err_at(err, GISAC_EINVAL, e->name, "%s: %llu bytes, the directory says %u",
                          e->name, (unsigned long long)total, e->usize);
    if (rc == 0 && crc != e->crc)
        rc = gisac_err_at(err, GISAC_EINVAL, e->name, "%s: CRC-32 mismatch", e->name);
    if (zinit)
        inflateEnd(&zs);
    free(in);
    return rc;
}

typedef struct read_ctx {
    gisac_buf *out;
    size_t max;
} read_ctx;

static int read_sink(void *ctx, const uint8_t *p, size_t n)
{
    read_ctx *r = ctx;
    if (r->out->len + n > r->max)
        return GISAC_EABORT;
    return gisac_buf_append(r->out, p, n);
}

int apk_zip_read(const apk_zip *z, const apk_entry *e, size_t max, gisac_buf *out, gisac_err *err)
{
    gisac_buf_reset(out);
    if (e->usize > max)
        return gisac_err_at(err, GISAC_EABORT, e->name, "%s: %u bytes, more than %zu", e->name,
                            e->usize, max);
    if (gisac_buf_reserve(out, (size_t)e->usize + 1) < 0)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    read_ctx r = {out, max};
    int rc = apk_zip_stream(z, e, read_sink, &r, err);
    if (rc == GISAC_EABORT && !err->msg[0])
        gisac_err_at(err, rc, e->name, "%s: more than %zu bytes", e->name, max);
    else if (rc == GISAC_ENOMEM && !err->msg[0])
        gisac_err_set(err, rc, "out of memory");
    if (rc == 0 && gisac_buf_append(out, "", 0) < 0)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    return rc;
}
