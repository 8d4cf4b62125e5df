/* apk_axml.c: Android's binary XML (the compiled AndroidManifest.xml and
 * res/xml/ files): chunks, string pool, resource map, elements and their
 * typed attributes (apk_internal.h). Every offset is checked against the
 * chunk that holds it. */
#include "apk/apk_internal.h"

#include <string.h>

enum { MAX_DEPTH = 256 };
#define NO_INDEX 0xffffffffu

int apk_strpool_init(apk_strpool *sp, const uint8_t *p, size_t n, gisac_err *err)
{
    memset(sp, 0, sizeof *sp);
    apk_chunk h;
    int bad = apk_chunk_first(p, n, APK_RES_STRING_POOL, 28, &h);
    if (bad > 0)
        return gisac_err_set(err, GISAC_EINVAL, "string pool: bad header");
    if (bad < 0)
        return gisac_err_set(err, GISAC_EINVAL, "string pool: header of %u bytes in a chunk of %u",
                             h.hsize, h.size);
    uint16_t hsize = h.hsize;
    uint32_t size = h.size;
    uint32_t count = apk_le32(p + 8), start = apk_le32(p + 20);
    if ((uint64_t)hsize + (uint64_t)count * 4 > size)
        return gisac_err_set(err, GISAC_EINVAL, "string pool: %u offsets do not fit its %u bytes",
                             count, size);
    if (count && (start < hsize + (uint64_t)count * 4 || start >= size))
        return gisac_err_set(err, GISAC_EINVAL, "string pool: strings start at %u, outside it",
                             start);
    sp->base = p;
    sp->size = size;
    sp->count = count;
    sp->strings_start = start;
    sp->utf8 = (apk_le32(p + 16) & 0x100) != 0;
    sp->hsize = hsize; /* the offsets follow the header */
    return 0;
}

/* UTF-8 of code point c into o (room for 4); bytes written. */
static size_t put_utf8(uint32_t c, char *o)
{
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xc0 | (c >> 6));
        o[1] = (char)(0x80 | (c & 0x3f));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (char)(0xe0 | (c >> 12));
        o[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        o[2] = (char)(0x80 | (c & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | (c >> 18));
    o[1] = (char)(0x80 | ((c >> 12) & 0x3f));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3f));
    o[3] = (char)(0x80 | (c & 0x3f));
    return 4;
}

const char *apk_strpool_get(const apk_strpool *sp, uint32_t i, gisac_arena *ar)
{
    if (!sp->base || i >= sp->count)
        return NULL;
    uint32_t off = apk_le32(sp->base + sp->hsize + 4 * (size_t)i);
    uint64_t pos = (uint64_t)sp->strings_start + off;
    const uint8_t *p = sp->base, *end = sp->base + sp->size;
    if (pos >= sp->size)
        return NULL;
    p += pos;
    if (sp->utf8) {
        /* the length in UTF-16 units, then in bytes; 1 or 2 bytes each */
        for (int k = 0; k < 2; k++) {
            if (p >= end)
                return NULL;
            size_t len = *p & 0x7f;
            if (*p++ & 0x80) {
                if (p >= end)
                    return NULL;
                len = (len << 8) | *p++;
            }
            if (k == 1) {
                if (len > (size_t)(end - p))
                    return NULL;
                return gisac_arena_strndup(ar, (const char *)p, len);
            }
        }
        return NULL;
    }
    if (end - p < 2)
        return NULL;
    size_t len = apk_le16(p);
    p += 2;
    if (len & 0x8000) {
        if (end - p < 2)
            return NULL;
        len = ((len & 0x7fff) << 16) | apk_le16(p);
        p += 2;
    }
    if (len > (size_t)(end - p) / 2)
        return NULL;
    char *s = gisac_arena_alloc(ar, len * 3 + 1), *o = s;
    if (!s)
        return NULL;
    for (size_t k = 0; k < len; k++) {
        uint32_t c = apk_le16(p + 2 * k);
        if (c >= 0xd800 && c < 0xdc00 && k + 1 < len) {
            uint32_t d = apk_le16(p + 2 * (k + 1));
            if (d >= 0xdc00 && d < 0xe000) {
                c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
                k++;
            } else {
                c = 0xfffd;
            }
        } else if (c >= 0xd800 && c < 0xe000) {
            c = 0xfffd;
        }
        if (c == 0)
            break; /* a NUL ends the C string, as Java's would not: keep what comes before */
        o += put_utf8(c, o);
    }
    *o = '\0';
    return s;
}

const apk_xattr *apk_xattr_find(const apk_xnode *x, uint32_t res_id, const char *name)
{
    if (!x)
        return NULL;
    if (res_id)
        for (size_t i = 0; i < x->nattrs; i++)
            if (x->attrs[i].res_id == res_id)
                return &x->attrs[i];
    if (name)
        for (size_t i = 0; i < x->nattrs; i++)
            if (!x->attrs[i].res_id && !x->attrs[i].ns && x->attrs[i].name &&
                strcmp(x->attrs[i].name, name) == 0)
                return &x->attrs[i];
    return NULL;
}

typedef struct axml {
    apk_strpool sp;
    const char **str; /* the pool decoded once */
    const uint32_t *ids;
    const uint8_t *idp;
    uint32_t nids;
    gisac_arena *ar;
} axml;

static const char *S(const axml *x, uint32_t i)
{
    return i < x->sp.count ? x->str[i] : NULL;
}

static int parse_element(axml *x, const uint8_t *c, uint32_t hsize, uint32_t size, apk_xnode *el,
                         size_t at, gisac_err *err)
{
    if (size - hsize < 20)
        return gisac_err_at(err, GISAC_EINVAL, "axml", "element at %zu: too short", at);
    const uint8_t *ext = c + hsize;
    el->line = apk_le32(c + 8);
    uint32_t ns = apk_le32(ext), name = apk_le32(ext + 4);
    (void)ns;
    uint16_t astart = apk_le16(ext + 8), asize = apk_le16(ext + 10), acount = apk_le16(ext + 12);
    el->name = S(x, name);
    if (!el->name)
        return gisac_err_at(err, GISAC_EINVAL, "axml", "element at %zu: name %u not in the pool",
                            at, name);
    if (acount == 0)
        return 0;
    if (asize < 20 || (uint64_t)hsize + astart + (uint64_t)asize * acount > size)
        return gisac_err_at(err, GISAC_EINVAL, "axml",
                            "element <%s> at %zu: its %u attributes do not fit it", el->name, at,
                            acount);
    el->attrs = gisac_arena_alloc(x->ar, sizeof *el->attrs * acount);
    if (!el->attrs)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    el->nattrs = acount;
    for (uint16_t i = 0; i < acount; i++) {
        const uint8_t *a = ext + astart + (size_t)asize * i;
        apk_xattr *t = &el->attrs[i];
        uint32_t ans = apk_le32(a), aname = apk_le32(a + 4), raw = apk_le32(a + 8);
        t->ns = ans == NO_INDEX ? NULL : S(x, ans);
        t->name = S(x, aname);
        if (!t->name)
            return gisac_err_at(err, GISAC_EINVAL, "axml",
                                "element <%s> line %u: attribute %u has no name", el->name,
                                el->line, i);
        t->res_id = aname < x->nids ? apk_le32(x->idp + 4 * (size_t)aname) : 0;
        t->type = a[15];
        t->data = apk_le32(a + 16);
        t->str = raw == NO_INDEX ? NULL : S(x, raw);
        if (t->type == APK_VAL_STRING && !t->str)
            t->str = S(x, t->data);
    }
    return 0;
}

int apk_axml_parse(const uint8_t *p, size_t n, gisac_arena *ar, apk_xnode **root, gisac_err *err)
{
    *root = NULL;
    apk_chunk f;
    int bad = apk_chunk_first(p, n, APK_RES_XML, 8, &f);
    if (bad)
        return bad > 0 ? gisac_err_at(err, GISAC_EINVAL, "axml", "not a binary XML document")
                       : gisac_err_at(err, GISAC_EINVAL, "axml",
                                      "binary XML header: %u bytes of %u, the file has %zu",
                                      f.hsize, f.size, n);
    uint32_t fsize = f.size;
    axml x = {.ar = ar};
    apk_xnode *cur = NULL;
    int depth = 0;
    size_t next = f.hsize;
    apk_chunk h;
    int more;
    while ((more = apk_chunk_next(p, fsize, &next, &h)) > 0) {
        size_t pos = h.at;
        const uint8_t *c = h.c;
        uint16_t hsize = h.hsize;
        uint32_t size = h.size;
        switch (h.type) {
        case APK_RES_STRING_POOL:
            if (x.str)
                break; /* the first pool is the document's */
            if (apk_strpool_init(&x.sp, c, size, err) < 0)
                return gisac_err_at(err, GISAC_EINVAL, "axml", "at offset %zu: %s", pos, err->msg);
            if (x.sp.count > size / 4)
                return gisac_err_at(err, GISAC_EINVAL, "axml", "string pool: too many strings");
            x.str = gisac_arena_alloc(ar, sizeof *x.str * (x.sp.count ? x.sp.count : 1));
            if (!x.str)
                return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
            for (uint32_t i = 0; i < x.sp.count; i++)
                x.str[i] = apk_strpool_get(&x.sp, i, ar);
            break;
        case APK_RES_XML_RESOURCE_MAP:
            if (!x.idp) {
                x.idp = c + hsize;
                x.nids = (size - hsize) / 4;
            }
            break;
        case APK_RES_XML_START_ELEMENT: {
            if (!x.str)
                return gisac_err_at(err, GISAC_EINVAL, "axml",
                                    "element at offset %zu before the string pool", pos);
            if (hsize < 16)
                return gisac_err_at(err, GISAC_EINVAL, "axml",
                                    "element at offset %zu: header of %u bytes", pos, hsize);
            if (depth >= MAX_DEPTH)
                return gisac_err_at(err, GISAC_EINVAL, "axml", "elements nested more than %d deep",
                                    MAX_DEPTH);
            if (!cur && *root)
                break; /* a second root element: Android reads the first */
            apk_xnode *el = gisac_arena_alloc(ar, sizeof *el);
            if (!el)
                return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
            memset(el, 0, sizeof *el);
            int rc = parse_element(&x, c, hsize, size, el, pos, err);
            if (rc < 0)
                return rc;
            el->parent = cur;
            if (!cur) {
                *root = el;
            } else {
                if (cur->last)
                    cur->last->next = el;
                else
                    cur->child = el;
                cur->last = el;
            }
            cur = el;
            depth++;
            break;
        }
        case APK_RES_XML_END_ELEMENT:
            if (cur) {
                cur = cur->parent;
                depth--;
            }
            break;
        default: /* namespaces, CDATA and unknown chunks: nothing we need */
            break;
        }
    }
    if (more < 0)
        return gisac_err_at(err, GISAC_EINVAL, "axml",
                            "chunk at offset %zu: header %u bytes, size %u, %zu left", next,
                            h.hsize, h.size, fsize - next);
    if (!*root)
        return gisac_err_at(err, GISAC_EINVAL, "axml", "binary XML without an element");
    return 0;
}
