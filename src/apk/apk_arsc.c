/* apk_arsc.c: the resource table (resources.arsc): packages, their type
 * chunks and entries, indexed so that a resource id finds its value
 * (apk_internal.h). Every offset is checked against its chunk. */
#include "apk/apk_internal.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_FOLLOW = 8 };

typedef struct arsc_type {
    uint8_t pkg, type;
    int is_default;
    const uint8_t *c; /* the chunk */
    uint32_t size, hsize;
} arsc_type;

struct apk_arsc {
    apk_strpool values;
    gisac_arena *ar;
    arsc_type *t;
    size_t n, cap;
};

static int add_type(apk_arsc *a, uint8_t pkg, const uint8_t *c, uint32_t hsize, uint32_t size)
{
    if (hsize < 20 || size < hsize)
        return 0; /* too short to hold an entry: ignored */
    arsc_type t = {pkg, c[8], 1, c, size, hsize};
    if (hsize >= 24) {
        uint32_t csize = apk_le32(c + 20);
        if (csize > hsize - 20)
            csize = hsize - 20;
        for (uint32_t i = 4; i < csize; i++)
            if (c[20 + i]) {
                t.is_default = 0;
                break;
            }
    }
    arsc_type *v = gisac_grow(a->t, a->n, &a->cap, sizeof t, 16);
    if (!v)
        return GISAC_ENOMEM;
    a->t = v;
    a->t[a->n++] = t;
    return 0;
}

static int parse_package(apk_arsc *a, const uint8_t *c, uint32_t hsize, uint32_t size,
                         gisac_err *err)
{
    if (hsize < 12)
        return gisac_err_at(err, GISAC_EINVAL, "resources.arsc", "package header too short");
    uint8_t pkg = (uint8_t)apk_le32(c + 8);
    size_t pos = hsize;
    apk_chunk k;
    int more;
    while ((more = apk_chunk_next(c, size, &pos, &k)) > 0)
        if (k.type == APK_RES_TYPE && add_type(a, pkg, k.c, k.hsize, k.size) < 0)
            return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (more < 0)
        return gisac_err_at(err, GISAC_EINVAL, "resources.arsc",
                            "chunk in package 0x%02x: header %u, size %u, %zu left", pkg, k.hsize,
                            k.size, size - pos);
    return 0;
}

int apk_arsc_parse(const uint8_t *p, size_t n, gisac_arena *ar, apk_arsc **out, gisac_err *err)
{
    *out = NULL;
    apk_chunk t;
    int bad = apk_chunk_first(p, n, APK_RES_TABLE, 12, &t);
    if (bad > 0)
        return gisac_err_at(err, GISAC_EINVAL, "resources.arsc", "not a resource table");
    if (bad < 0)
        return gisac_err_at(err, GISAC_EINVAL, "resources.arsc",
                            "table header %u bytes, size %u, file %zu", t.hsize, t.size, n);
    uint32_t size = t.size;
    apk_arsc *a = gisac_arena_alloc(ar, sizeof *a);
    if (!a)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    memset(a, 0, sizeof *a);
    a->ar = ar;
    size_t pos = t.hsize;
    int rc = 0, more;
    apk_chunk h;
    while (rc == 0 && (more = apk_chunk_next(p, size, &pos, &h)) > 0) {
        if (h.type == 0x0001 && !a->values.base) {
            if (apk_strpool_init(&a->values, h.c, h.size, err) < 0)
                rc = gisac_err_at(err, GISAC_EINVAL, "resources.arsc", "values: %s", err->msg);
        } else if (h.type == APK_RES_PACKAGE) {
            rc = parse_package(a, h.c, h.hsize, h.size, err);
        }
    }
    if (rc == 0 && more < 0)
        rc = gisac_err_at(err, GISAC_EINVAL, "resources.arsc",
                          "chunk at offset %zu: header %u, size %u, %zu left", pos, h.hsize, h.size,
                          size - pos);
    if (rc < 0) {
        free(a->t);
        return rc;
    }
    *out = a;
    return 0;
}

/* Entry e of type chunk t: 0 with its simple value, 1 when it has none
 * (absent, complex or out of bounds). */
static int type_entry(const arsc_type *t, uint32_t e, uint8_t *type, uint32_t *data)
{
    const uint8_t *c = t->c;
    uint8_t flags = c[9];
    uint32_t count = apk_le32(c + 12), start = apk_le32(c + 16);
    uint32_t off = 0xffffffffu;
    if (flags & APK_TYPE_SPARSE) {
        if ((uint64_t)t->hsize + (uint64_t)count * 4 > t->size)
            return 1;
        for (uint32_t i = 0; i < count; i++) { /* sorted by index: a scan is enough here */
            const uint8_t *q = c + t->hsize + 4 * (size_t)i;
            if (apk_le16(q) == e) {
                off = (uint32_t)apk_le16(q + 2) * 4;
                break;
            }
        }
    } else if (flags & APK_TYPE_OFFSET16) {
        if (e >= count || (uint64_t)t->hsize + (uint64_t)count * 2 > t->size)
            return 1;
        uint16_t o = apk_le16(c + t->hsize + 2 * (size_t)e);
        if (o != 0xffff)
            off = (uint32_t)o * 4;
    } else {
        if (e >= count || (uint64_t)t->hsize + (uint64_t)count * 4 > t->size)
            return 1;
        off = apk_le32(c + t->hsize + 4 * (size_t)e);
    }
    if (off == 0xffffffffu)
        return 1;
    uint64_t at = (uint64_t)start + off;
    if (at + 8 > t->size)
        return 1;
    const uint8_t *en = c + at;
    uint16_t esize = apk_le16(en), eflags = apk_le16(en + 2);
    if (eflags & APK_ENTRY_COMPACT) {
        *type = (uint8_t)(eflags >> 8);
        *data = apk_le32(en + 4);
        return 0;
    }
    if (eflags & APK_ENTRY_COMPLEX)
        return 1;
    if (esize < 8 || at + esize + 8 > t->size)
        return 1;
    *type = en[esize + 3];
    *data = apk_le32(en + esize + 4);
    return 0;
}

int apk_arsc_resolve(const apk_arsc *a, uint32_t id, uint8_t *type, uint32_t *data,
                     const char **str)
{
    *str = NULL;
    for (int hop = 0; hop < MAX_FOLLOW; hop++) {
        uint8_t pkg = (uint8_t)(id >> 24), ty = (uint8_t)(id >> 16);
        uint32_t e = id & 0xffff;
        int found = 0;
        uint8_t vt = 0;
        uint32_t vd = 0;
        for (int pass = 0; pass < 2 && !found; pass++)
            for (size_t i = 0; i < a->n && !found; i++)
                if (a->t[i].pkg == pkg && a->t[i].type == ty && a->t[i].is_default == (pass == 0) &&
                    type_entry(&a->t[i], e, &vt, &vd) == 0)
                    found = 1;
        if (!found)
            return GISAC_ENOTFOUND;
        if (vt == APK_VAL_REFERENCE && vd != 0 && vd != id) {
            id = vd;
            continue;
        }
        *type = vt;
        *data = vd;
        if (vt == APK_VAL_STRING)
            *str = apk_strpool_get(&a->values, vd, a->ar);
        return 0;
    }
    return GISAC_ENOTFOUND;
}

void apk_arsc_free(apk_arsc *a)
{
    if (a) {
        free(a->t);
        a->t = NULL;
    }
}
