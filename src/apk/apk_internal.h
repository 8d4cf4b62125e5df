/*
 * apk_internal.h: the parts of the APK checker (src/apk), each a parser of
 * untrusted bytes that checks every offset and size it reads against the
 * real bounds of what it was given:
 *   - apk_zip.c   the ZIP container (end record, central directory, local
 *                 headers), entries read whole (bounded) or streamed;
 *   - apk_axml.c  Android's binary XML (string pool, resource map,
 *                 elements, typed values) into a tree;
 *   - apk_arsc.c  resources.arsc: a resource id to its value;
 *   - apk_sign.c  the v1 (JAR), v2 and v3 signatures.
 * Nothing here prints, exits or keeps global state.
 */
#ifndef GISAC_APK_INTERNAL_H
#define GISAC_APK_INTERNAL_H

#include "apk/apk.h"
#include "apk/apk_android.h"

#include <stdint.h>

/* ---- reading the file ------------------------------------------------- */

/* The bytes being checked: a file (fd, read with pread) or memory (mem). */
typedef struct apk_file {
    int fd;
    const uint8_t *mem;
    uint64_t size;
} apk_file;

/* n bytes at off into buf: 0, or GISAC_EINVAL when [off, off+n) is not
 * inside the file, GISAC_EIO when the read fails. */
int apk_read_at(const apk_file *f, uint64_t off, void *buf, size_t n, gisac_err *err);

static inline uint16_t apk_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}
static inline uint32_t apk_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static inline uint64_t apk_le64(const uint8_t *p)
{
    return (uint64_t)apk_le32(p) | ((uint64_t)apk_le32(p + 4) << 32);
}

/* A chunk of a binary resource file (ResChunk_header): where it starts,
 * its type, the size of its header and its size. */
typedef struct apk_chunk {
    const uint8_t *c;
    uint16_t type, hsize;
    uint32_t size;
    size_t at; /* its offset (apk_chunk_next) */
} apk_chunk;

/*
 * The chunk at offset pos of the n bytes at p (pos + 8 <= n) into *h: 0,
 * or -1 when its header is shorter than min bytes, its size smaller than
 * its header, or it runs past the n bytes.
 */
static inline int apk_chunk_at(const uint8_t *p, size_t n, size_t pos, uint16_t min, apk_chunk *h)
{
    h->c = p + pos;
    h->type = apk_le16(h->c);
    h->hsize = apk_le16(h->c + 2);
    h->size = apk_le32(h->c + 4);
    return h->hsize < min || h->size < h->hsize || h->size > n - pos ? -1 : 0;
}

/*
 * The chunks of the n bytes at p from offset *pos on, one a call: 1 with
 * *h and *pos past it; 0 when fewer than 8 bytes are left; -1 as for
 * apk_chunk_at, with *pos at the chunk that does not fit.
 */
static inline int apk_chunk_next(const uint8_t *p, size_t n, size_t *pos, apk_chunk *h)
{
    if (*pos + 8 > n)
        return 0;
    if (apk_chunk_at(p, n, *pos, 8, h) < 0)
        return -1;
    h->at = *pos;
    *pos += h->size;
    return 1;
}

/*
 * The chunk that the n bytes at p start with, of type type with a header
 * of min bytes at least (min >= 8): 0 with *h, 1 when the bytes are too
 * few or of another type, -1 as for apk_chunk_at.
 */
static inline int apk_chunk_first(const uint8_t *p, size_t n, uint16_t type, uint16_t min,
                                  apk_chunk *h)
{
    if (n < min || apk_le16(p) != type)
        return 1;
    return apk_chunk_at(p, n, 0, min, h);
}

/* ---- ZIP ----------------------------------------------------------------- */

typedef struct apk_entry {
    const char *name; /* NUL-terminated; a name with a NUL inside is an anomaly */
    uint16_t method, flags;
    uint32_t crc, csize, usize;
    uint64_t lh_off;   /* its local header */
    uint64_t data_off; /* its data (after the local header); 0 when the local header is bad */
    int dup;           /* another entry before it has the same name */
} apk_entry;

typedef struct apk_zip {
    apk_file f;
    gisac_arena *ar;
    apk_entry *e;
    size_t n;
    uint64_t cd_off, cd_size, eocd_off;
    uint16_t comment_len;
    apk_anomaly *an; /* the anomalies found */
    size_t nan, capan;
    /* what inflating may produce in all (a decompression bomb costs this,
     * no more): APK_INFLATE_RATIO times the file, at least
     * APK_INFLATE_MIN; *inflated counts it (reads of a const zip too) */
    uint64_t budget, *inflated;
} apk_zip;
#define APK_INFLATE_RATIO 64
#define APK_INFLATE_MIN   ((uint64_t)256 << 20)

/* Read the end record, the central directory and every local header of
 * f: 0, or GISAC_EINVAL when it is no ZIP at all (what is wrong but
 * readable is an anomaly in z->an). z's memory is z->ar's and z->an
 * (apk_zip_close). */
int apk_zip_open(apk_zip *z, const apk_file *f, gisac_err *err);
void apk_zip_close(apk_zip *z);
/* The first entry named name, or NULL. */
const apk_entry *apk_zip_find(const apk_zip *z, const char *name);
/* The uncompressed data of e into out (reset first), at most max bytes:
 * 0; GISAC_EINVAL when it is corrupt, its CRC-32 or size is not the
 * central directory's; GISAC_EUNSUPPORTED for a method other than
 * stored/deflate; GISAC_EABORT when it is bigger than max. */
int apk_zip_read(const apk_zip *z, const apk_entry *e, size_t max, gisac_buf *out, gisac_err *err);
/* The uncompressed data of e in pieces to fn (bounded memory), checked as
 * apk_zip_read; fn returning non-zero stops with that value; GISAC_EABORT
 * once the archive's inflate budget is spent. */
typedef int (*apk_sink)(void *ctx, const uint8_t *p, size_t n);
int apk_zip_stream(const apk_zip *z, const apk_entry *e, apk_sink fn, void *ctx, gisac_err *err);
/* Add an anomaly (code and text copied). */
int apk_zip_anomaly(apk_zip *z, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- binary XML -------------------------------------------------------- */

typedef struct apk_xattr {
    const char *ns;   /* namespace URI or NULL */
    const char *name; /* local name */
    uint32_t res_id;  /* from the resource map, 0 when none */
    uint8_t type;     /* APK_VAL_* */
    uint32_t data;
    const char *str; /* the raw string value (or the string of a STRING), or NULL */
} apk_xattr;

typedef struct apk_xnode {
    const char *name;
    uint32_t line;
    apk_xattr *attrs;
    size_t nattrs;
    struct apk_xnode *parent, *child, *next, *last; /* last: its last child */
} apk_xnode;

/* Parse a binary XML document: 0 and the root element in *root (memory of
 * ar), or GISAC_EINVAL naming the offset of what is wrong. */
int apk_axml_parse(const uint8_t *p, size_t n, gisac_arena *ar, apk_xnode **root, gisac_err *err);
/* The attribute with resource id res_id, else (name given) the one
 * named name without a namespace; NULL when none. */
const apk_xattr *apk_xattr_find(const apk_xnode *x, uint32_t res_id, const char *name);

/* A string pool (shared by axml and arsc): count strings at offsets. */
typedef struct apk_strpool {
    const uint8_t *base; /* the chunk */
    size_t size;
    uint32_t count, strings_start;
    uint16_t hsize;
    int utf8;
} apk_strpool;
/* Read the pool at p (a chunk of n bytes, type 0x0001): 0 or GISAC_EINVAL. */
int apk_strpool_init(apk_strpool *sp, const uint8_t *p, size_t n, gisac_err *err);
/* String i as UTF-8 (memory of ar): NULL when i is out of range or bad. */
const char *apk_strpool_get(const apk_strpool *sp, uint32_t i, gisac_arena *ar);

/* ---- resources.arsc ---------------------------------------------------- */

typedef struct apk_arsc apk_arsc;
/* Index the table in p (kept; it must outlive the index): 0 or GISAC_EINVAL. */
int apk_arsc_parse(const uint8_t *p, size_t n, gisac_arena *ar, apk_arsc **out, gisac_err *err);
/* Free the index (its arena memory goes with the arena). */
void apk_arsc_free(apk_arsc *t);
/* The value of resource id, references followed (a few levels), in the
 * default configuration if it has one, else the first that has it: 0 with
 * *type, *data and (a string) *str; GISAC_ENOTFOUND when it has none. */
int apk_arsc_resolve(const apk_arsc *t, uint32_t id, uint8_t *type, uint32_t *data,
                     const char **str);

/* ---- signatures ---------------------------------------------------------- */

/* Verify the signatures of the APK in z for min_sdk and later (an app
 * targeting target_sdk): fills r->sig
 * (and certificate findings through apk_report_add): 0, or GISAC_ENOMEM. */
int apk_sign_verify(const apk_zip *z, int min_sdk, int target_sdk, apk_report *r, gisac_err *err);

/* Add a finding to r (text formatted): 0 or GISAC_ENOMEM. */
int apk_report_add(apk_report *r, const char *id, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Copy s into r's memory. */
char *apk_report_strdup(apk_report *r, const char *s);

#endif
