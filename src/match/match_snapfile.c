/*
 * match_snapfile.c: the compiled snapshot (match.h, docs/match.md).
 *
 * A snapshot is already a handful of flat arrays (the packed indicators,
 * the string blob they point into by offset, and for every table its keys,
 * values and Bloom filter), so its file is those arrays back to back, each
 * 64-byte aligned, after a header and a section table:
 *
 *   header    magic "GISACSNP", format version, a byte-order mark, the
 *             header and file sizes, the checksum, what it was built from
 *             (share generation, installation id, time) and the totals;
 *   sections  {kind, which table, offset, size, count} each;
 *   arrays    the sections' bytes (padding between them is zero).
 *
 * Nothing in the file is a pointer: a loaded snapshot points into the
 * mapping. Nothing read from the file is trusted: every offset and size is
 * checked against the file's size before it is used, the checksum covers
 * the header, the section table and every section, and the contents are
 * checked where the lookups rely on them: at load what is O(1) (section
 * kinds, counts and sizes, table sizes powers of two, the string area
 * NUL-terminated at both ends), and as they are used what is per entry (a
 * table value naming no indicator is passed over, a probe ends after one
 * round, a string offset outside the area reads "", an indicator with a
 * bad type or TLP is not given out): so a load touches no page but to
 * checksum it, and no file, even one with a valid checksum, can make a
 * lookup read outside the mapping or loop.
 */
#define _DEFAULT_SOURCE /* MAP_POPULATE */
#include "match/match_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define SNAP_MAGIC        "GISACSNP"
#define SNAP_VERSION      1
#define SNAP_BOM          0x01020304u
#define SNAP_ALIGN        64
#define SNAP_MAX_SECTIONS (2 + 3 * SNAP_TABLES)

typedef struct snap_header {
    char magic[8];
    uint32_t version;
    uint32_t byte_order; /* SNAP_BOM as written by the machine that built it */
    uint32_t header_size;
    uint32_t nsections;
    uint64_t file_size;
    uint64_t checksum; /* snap_checksum, with this field zero */
    int64_t share_gen;
    int64_t built_at;
    int64_t next_expiry;
    uint64_t value_bytes;
    uint32_t count; /* indicators */
    uint32_t pad;
    char store_id[48]; /* NUL-terminated */
} snap_header;

_Static_assert(sizeof(snap_header) == 128, "the header is 128 bytes");
_Static_assert(sizeof(packed_ind) == 24, "an indicator is 24 bytes");
_Static_assert(sizeof(((match_snapfile_info *)0)->store_id) == sizeof(((snap_header *)0)->store_id),
               "the installation id fits the header");

enum { SEC_IND = 1, SEC_BLOB, SEC_KEYS, SEC_VALS, SEC_BLOOM };

typedef struct snap_section {
    uint32_t kind, which; /* which: the table (match_snap_table), for keys, values and Bloom */
    uint64_t off, size;
    uint64_t count; /* indicators (SEC_IND), entries (SEC_KEYS) */
} snap_section;

_Static_assert(sizeof(snap_section) == 32, "a section entry is 32 bytes");

/* ---- the checksum ----------------------------------------------------------- */

#define P1 0x9e3779b185ebca87ULL
#define P2 0xc2b2ae3d27d4eb4fULL
#define P3 0x165667b19e3779f9ULL

static inline uint64_t rotl(uint64_t x, int r)
{
    return x << r | x >> (64 - r);
}

static inline uint64_t word(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

/* A 64-bit hash of p[0..n) in four independent lanes (several GB/s). */
static uint64_t snap_hash(const void *data, size_t n, uint64_t seed)
{
    const unsigned char *p = data;
    uint64_t v[4] = {seed + P1 + P2, seed + P2, seed, seed - P1};
    size_t i = 0;
    for (; i + 32 <= n; i += 32)
        for (int k = 0; k < 4; k++)
            v[k] = rotl(v[k] + word(p + i + 8 * k) * P2, 31) * P1;
    uint64_t h = rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) + rotl(v[3], 18) + (uint64_t)n;
    for (; i + 8 <= n; i += 8)
        h = rotl(h ^ (rotl(word(p + i) * P2, 31) * P1), 27) * P1 + P3;
    for (; i < n; i++)
        h = rotl(h ^ (p[i] * P3), 11) * P1;
    h ^= h >> 33;
    h *= P2;
    h ^= h >> 29;
    return h;
}

/* The checksum of a file: its header (checksum zero) and section table, seeded
 * by the hashes of the sections in order. */
static uint64_t snap_checksum(const snap_header *h, const snap_section *sec,
                              const void *const *data)
{
    uint64_t seed = 0;
    for (uint32_t i = 0; i < h->nsections; i++)
        seed = snap_hash(data[i], (size_t)sec[i].size, seed ^ (uint64_t)i);
    snap_header z = *h;
    z.checksum = 0;
    return snap_hash(sec, (size_t)h->nsections * sizeof *sec, snap_hash(&z, sizeof z, seed));
}

/* ---- writing ------------------------------------------------------------------ */

typedef struct layout {
    snap_header h;
    snap_section sec[SNAP_MAX_SECTIONS];
    const void *data[SNAP_MAX_SECTIONS];
} layout;

static void add_section(layout *l, uint32_t kind, uint32_t which, const void *data, size_t size,
                        uint64_t count)
{
    snap_section *s = &l->sec[l->h.nsections];
    s->kind = kind;
    s->which = which;
    s->size = size;
    s->count = count;
    l->data[l->h.nsections++] = data;
}

static uint64_t align_up(uint64_t x)
{
    return (x + SNAP_ALIGN - 1) & ~(uint64_t)(SNAP_ALIGN - 1);
}

/* The header and sections of s, offsets assigned. */
static void snap_layout(const match_snapshot *s, const match_snapfile_info *info, layout *l)
{
    memset(&l->h, 0, sizeof l->h);
    memcpy(l->h.magic, SNAP_MAGIC, 8);
    l->h.version = SNAP_VERSION;
    l->h.byte_order = SNAP_BOM;
    l->h.header_size = sizeof l->h;
    l->h.share_gen = info->share_gen;
    l->h.built_at = info->built_at;
    snprintf(l->h.store_id, sizeof l->h.store_id, "%s", info->store_id);
    l->h.next_expiry = s->next_expiry;
    l->h.value_bytes = s->value_bytes;
    l->h.count = s->n;
    static const char empty_blob[1] = {'\0'};
    add_section(l, SEC_IND, 0, s->ind, (size_t)s->n * sizeof *s->ind, s->n);
    if (s->blob_len)
        add_section(l, SEC_BLOB, 0, s->blob, s->blob_len, 0);
    else
        add_section(l, SEC_BLOB, 0, empty_blob, 1, 0);
    for (int w = 0; w < SNAP_TABLES; w++) {
        const table *t = match_snap_table((match_snapshot *)s, w);
        if (!t->mask)
            continue;
        size_t cap = t->mask + 1;
        add_section(l, SEC_KEYS, (uint32_t)w, t->keys, cap * sizeof *t->keys, t->n);
        add_section(l, SEC_VALS, (uint32_t)w, t->vals, cap * sizeof *t->vals, 0);
        if (t->bloom)
            add_section(l, SEC_BLOOM, (uint32_t)w, t->bloom, (t->bloom_mask + 1) / 8, 0);
    }
    uint64_t off = align_up(sizeof l->h + (uint64_t)l->h.nsections * sizeof *l->sec);
    for (uint32_t i = 0; i < l->h.nsections; i++) {
        l->sec[i].off = off;
        off = align_up(off + l->sec[i].size);
    }
    l->h.file_size = off;
    l->h.checksum = snap_checksum(&l->h, l->sec, l->data);
}

/* Where an image goes: a file (fd >= 0) or memory (buf). */
typedef struct sink {
    int fd;
    char *buf;
    size_t at;
} sink;

static int put(sink *k, const void *p, size_t n)
{
    if (!k->buf)
        return gisac_write_all(k->fd, p, n);
    if (n)
        memcpy(k->buf + k->at, p, n);
    k->at += n;
    return 0;
}

static int emit(sink *k, const layout *l)
{
    static const char zeros[SNAP_ALIGN];
    uint64_t at = sizeof l->h + (uint64_t)l->h.nsections * sizeof *l->sec;
    if (put(k, &l->h, sizeof l->h) < 0 ||
        put(k, l->sec, (size_t)l->h.nsections * sizeof *l->sec) < 0)
        return -1;
    for (uint32_t i = 0; i <= l->h.nsections; i++) {
        uint64_t to = i < l->h.nsections ? l->sec[i].off : l->h.file_size;
        if (put(k, zeros, (size_t)(to - at)) < 0)
            return -1;
        if (i == l->h.nsections)
            break;
        if (put(k, l->data[i], (size_t)l->sec[i].size) < 0)
            return -1;
        at = to + l->sec[i].size;
    }
    return 0;
}

int match_snapshot_bytes_of(const match_snapshot *s, const match_snapfile_info *info, void **data,
                            size_t *len, gisac_err *err)
{
    *data = NULL;
    *len = 0;
    layout *l = malloc(sizeof *l);
    if (!l)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    snap_layout(s, info, l);
    sink k = {-1, malloc((size_t)l->h.file_size), 0};
    if (!k.buf) {
        free(l);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    emit(&k, l);
    *data = k.buf;
    *len = k.at;
    free(l);
    return 0;
}

int match_snapshot_save(const match_snapshot *s, const match_snapfile_info *info, const char *path,
                        gisac_err *err)
{
    layout *l = malloc(sizeof *l);
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 8);
    if (!l || !tmp) {
        free(l);
        free(tmp);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    snap_layout(s, info, l);
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".XXXXXX", 8);
    int fd = mkstemp(tmp); /* mode 0600: the file holds indicators of every TLP */
    int rc = 0;
    if (fd < 0) {
        rc = gisac_err_set(err, GISAC_EIO, "%s: %s", tmp, strerror(errno));
    } else {
        sink k = {fd, NULL, 0};
        int bad = fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 || emit(&k, l) < 0 || fsync(fd) < 0;
        int e = errno;
        bad |= close(fd) < 0;
        if (bad || rename(tmp, path) < 0) {
            rc = gisac_err_set(err, GISAC_EIO, "%s: %s", bad ? tmp : path,
                               strerror(bad ? e : errno));
            unlink(tmp);
        } else if (gisac_sync_dir(path) < 0) {
            rc = gisac_err_set(err, GISAC_EIO, "%s: syncing its directory: %s", path,
                               strerror(errno));
        }
    }
    free(tmp);
    free(l);
    return rc;
}

/* ---- loading ------------------------------------------------------------------ */

#define BAD(...) gisac_err_set(err, GISAC_EINVAL, __VA_ARGS__)

/* The header and section table of img[0..len), every section inside it. */
static int check_layout(const unsigned char *img, size_t len, const char *name, snap_header *h,
                        const snap_section **sec, gisac_err *err)
{
    if (len < sizeof *h)
        return BAD("%s: not a compiled snapshot (%zu bytes, shorter than its header)", name, len);
    memcpy(h, img, sizeof *h);
    if (memcmp(h->magic, SNAP_MAGIC, 8) != 0)
        return BAD("%s: not a compiled snapshot (bad magic)", name);
    if (h->byte_order != SNAP_BOM)
        return BAD("%s: a compiled snapshot of another byte order", name);
    if (h->version != SNAP_VERSION)
        return BAD("%s: compiled snapshot format %u, this gisac reads %u", name, h->version,
                   SNAP_VERSION);
    if (h->header_size != sizeof *h)
        return BAD("%s: bad header size %u", name, h->header_size);
    if (h->file_size != len)
        return BAD("%s: truncated or extended (%zu bytes, the header says %llu)", name, len,
                   (unsigned long long)h->file_size);
    if (h->nsections < 2 || h->nsections > SNAP_MAX_SECTIONS)
        return BAD("%s: bad section count %u", name, h->nsections);
    uint64_t table_end = sizeof *h + (uint64_t)h->nsections * sizeof(snap_section);
    if (table_end > len)
        return BAD("%s: the section table runs past the end", name);
    if (((uintptr_t)img & 7) != 0)
        return BAD("%s: image not aligned", name);
    *sec = (const snap_section *)(img + sizeof *h);
    for (uint32_t i = 0; i < h->nsections; i++) {
        const snap_section *s = &(*sec)[i];
        if (s->off < table_end || s->off % SNAP_ALIGN || s->off > len || s->size > len - s->off)
            return BAD("%s: section %u (offset %llu, %llu bytes) is outside the file", name, i,
                       (unsigned long long)s->off, (unsigned long long)s->size);
    }
    return 0;
}

int match_snapfile_seal(void *img, size_t len)
{
    snap_header h;
    const snap_section *sec;
    const void *data[SNAP_MAX_SECTIONS];
    if (check_layout(img, len, "", &h, &sec, NULL) < 0)
        return -1;
    for (uint32_t i = 0; i < h.nsections; i++)
        data[i] = (const unsigned char *)img + sec[i].off;
    h.checksum = snap_checksum(&h, sec, data);
    memcpy(img, &h, sizeof h);
    return 0;
}

/* A table's arrays from its sections, their sizes checked (their values are
 * checked as they are used: match_snapshot.c, table_next). */
static int load_table(match_snapshot *s, int w, const unsigned char *img, const snap_section *keys,
                      const snap_section *vals, const snap_section *bloom, const char *name,
                      gisac_err *err)
{
    table *t = match_snap_table(s, w);
    if (!keys || !vals)
        return BAD("%s: table %d lacks its keys or values", name, w);
    uint64_t cap = keys->size / sizeof *t->keys;
    if (cap < 16 || (cap & (cap - 1)) || keys->size != cap * sizeof *t->keys ||
        vals->size != cap * sizeof *t->vals || keys->count > cap / 2)
        return BAD("%s: table %d has a bad size", name, w);
    t->keys = (uint64_t *)(void *)(img + keys->off);
    t->vals = (uint32_t *)(void *)(img + vals->off);
    t->mask = (size_t)cap - 1;
    t->n = (size_t)keys->count;
    if (bloom) {
        uint64_t bits = bloom->size * 8;
        if (bits < 64 || (bits & (bits - 1)))
            return BAD("%s: table %d has a bad filter size", name, w);
        t->bloom = (uint64_t *)(void *)(img + bloom->off);
        t->bloom_mask = (size_t)bits - 1;
    }
    return 0;
}

static int from_image(void *img, size_t len, void (*release)(void *, size_t), const char *name,
                      match_snapshot **out, match_snapfile_info *info, gisac_err *err)
{
    snap_header h;
    const snap_section *sec;
    const unsigned char *p = img;
    int rc = check_layout(p, len, name, &h, &sec, err);
    const void *data[SNAP_MAX_SECTIONS];
    if (rc == 0) {
        for (uint32_t i = 0; i < h.nsections; i++)
            data[i] = p + sec[i].off;
        if (snap_checksum(&h, sec, data) != h.checksum)
            rc = BAD("%s: checksum mismatch (a damaged file)", name);
    }
    match_snapshot *s = rc == 0 ? calloc(1, sizeof *s) : NULL;
    if (rc == 0 && !s)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (rc < 0) {
        release(img, len);
        return rc;
    }
    atomic_init(&s->refs, 1);
    s->img = img;
    s->img_len = len;
    s->release = release;
    const snap_section *ind = NULL, *blob = NULL;
    const snap_section *parts[SNAP_TABLES][3];
    memset(parts, 0, sizeof parts);
    for (uint32_t i = 0; rc == 0 && i < h.nsections; i++) {
        const snap_section *x = &sec[i];
        const snap_section **slot =
            x->kind == SEC_IND    ? &ind
            : x->kind == SEC_BLOB ? &blob
            : x->kind >= SEC_KEYS && x->kind <= SEC_BLOOM && x->which < SNAP_TABLES
                ? &parts[x->which][x->kind - SEC_KEYS]
                : NULL;
        if (!slot || *slot)
            rc = BAD("%s: section %u is unknown or repeated", name, i);
        else
            *slot = x;
    }
    if (rc == 0 && (!ind || !blob))
        rc = BAD("%s: the indicators or their strings are missing", name);
    if (rc == 0 && (ind->count != h.count || ind->size != (uint64_t)h.count * sizeof *s->ind ||
                    h.count >= UINT32_MAX - 1 || blob->size > UINT32_MAX))
        rc = BAD("%s: the indicator count does not match its section", name);
    if (rc == 0) {
        s->ind = (packed_ind *)(void *)(p + ind->off);
        s->n = s->cap = h.count;
        s->blob = (char *)(p + blob->off);
        s->blob_len = s->blob_cap = (size_t)blob->size;
        s->value_bytes = (size_t)h.value_bytes;
        s->next_expiry = h.next_expiry;
        /* every string ends inside the blob: an offset in it reads a
         * NUL-terminated string, one beyond it reads "" (STR) */
        if (!s->blob_len || s->blob[0] != '\0' || s->blob[s->blob_len - 1] != '\0')
            rc = BAD("%s: the string area is not NUL-terminated", name);
    }
    for (int w = 0; rc == 0 && w < SNAP_TABLES; w++)
        if (parts[w][0] || parts[w][1] || parts[w][2])
            rc = load_table(s, w, p, parts[w][0], parts[w][1], parts[w][2], name, err);
    if (rc < 0) {
        match_snapshot_unref(s);
        return rc;
    }
    match_snap_lens(s);
    if (info) {
        info->share_gen = h.share_gen;
        info->built_at = h.built_at;
        memcpy(info->store_id, h.store_id, sizeof info->store_id);
        info->store_id[sizeof info->store_id - 1] = '\0';
    }
    *out = s;
    return 0;
}

static void release_map(void *img, size_t len)
{
    munmap(img, len);
}

static void release_copy(void *img, size_t len)
{
    (void)len;
    free(img);
}

int match_snapshot_load(const char *path, match_snapshot **out, match_snapfile_info *info,
                        gisac_err *err)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return gisac_err_set(err, errno == ENOENT ? GISAC_ENOTFOUND : GISAC_EIO, "%s: %s", path,
                             strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return gisac_err_set(err, GISAC_EINVAL, "%s: not a regular file", path);
    }
    if (sb.st_size < (off_t)sizeof(snap_header) || (uint64_t)sb.st_size > SIZE_MAX / 2) {
        close(fd);
        return BAD("%s: not a compiled snapshot (%lld bytes)", path, (long long)sb.st_size);
    }
    size_t len = (size_t)sb.st_size;
    /* populated at once: every page is read by the checks anyway */
#ifdef MAP_POPULATE
    int flags = MAP_PRIVATE | MAP_POPULATE;
#else
    int flags = MAP_PRIVATE | MAP_POPULATE;
#endif
    void *img = mmap(NULL, len, PROT_READ, flags, fd, 0);
    int e = errno;
    close(fd);
    if (img == MAP_FAILED)
        return gisac_err_set(err, GISAC_EIO, "%s: mmap: %s", path, strerror(e));
    return from_image(img, len, release_map, path, out, info, err);
}

int match_snapshot_load_bytes(const void *data, size_t len, match_snapshot **out,
                              match_snapfile_info *info, gisac_err *err)
{
    *out = NULL;
    /* a copy, aligned for the arrays (the caller's bytes may be anywhere) */
    void *img = malloc(len ? len : 1);
    if (!img)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    memcpy(img, data, len);
    return from_image(img, len, release_copy, "snapshot", out, info, err);
}
