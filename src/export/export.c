/* export.c: format names, the sorted item list, output and JSON helpers. */
#include "export/export_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const char *const format_names[] = {
    [EXPORT_PLAIN] = "plain", [EXPORT_CSV] = "csv",   [EXPORT_STIX] = "stix",
    [EXPORT_MISP] = "misp",   [EXPORT_RPZ] = "rpz",   [EXPORT_SURICATA] = "suricata",
    [EXPORT_NFT] = "nft",     [EXPORT_ZEEK] = "zeek",
};

#define NFORMATS (sizeof format_names / sizeof format_names[0])

const char *export_format_name(export_format f)
{
    if ((unsigned)f >= NFORMATS)
        return NULL;
    return format_names[f];
}

int export_format_from_name(const char *name, export_format *out)
{
    if (!name)
        return GISAC_EINVAL;
    for (size_t i = 0; i < NFORMATS; i++) {
        if (strcasecmp(name, format_names[i]) == 0) {
            if (out)
                *out = (export_format)i;
            return 0;
        }
    }
    return GISAC_EINVAL;
}

int export_format_is_dir(export_format f)
{
    return f == EXPORT_MISP || f == EXPORT_SURICATA;
}

int exp_nomem(gisac_err *err)
{
    return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
}

/* ---- the sorted, de-duplicated list ------------------------------------ */

typedef struct {
    const export_item *it;
    size_t idx;
} ranked;

int export_item_cmp(const export_item *a, const export_item *b)
{
    if (a->type != b->type)
        return a->type < b->type ? -1 : 1;
    return strcmp(a->value, b->value);
}

static int cmp_ranked(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    int c = export_item_cmp(a->it, b->it);
    if (c)
        return c;
    /* most restrictive TLP first, so that it is the one kept */
    if (a->it->tlp != b->it->tlp)
        return a->it->tlp > b->it->tlp ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* deleted items: by TLP level, type, value; of equal ones the latest first */
static int cmp_deleted(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->it->tlp != b->it->tlp)
        return a->it->tlp < b->it->tlp ? -1 : 1;
    int c = export_item_cmp(a->it, b->it);
    if (c)
        return c;
    if (a->it->modified != b->it->modified)
        return a->it->modified > b->it->modified ? -1 : 1;
    return a->idx < b->idx ? -1 : 1;
}

static int list_make(const export_item *items, size_t n, int want_deleted, exp_list *out,
                     gisac_err *err)
{
    out->v = NULL;
    out->n = 0;
    if (n == 0)
        return 0;
    if (!items)
        return gisac_err_set(err, GISAC_EINVAL, "no items given");
    for (size_t i = 0; i < n; i++) {
        if (!items[i].value)
            return gisac_err_set(err, GISAC_EINVAL, "item %zu has no value", i);
        if (items[i].type < 0 || items[i].type >= IOC_TYPE_COUNT)
            return gisac_err_set(err, GISAC_EINVAL, "item %zu (%s) has no known type", i,
                                 items[i].value);
    }
    ranked *r = malloc(n * sizeof *r);
    out->v = malloc(n * sizeof *out->v);
    if (!r || !out->v) {
        free(r);
        free(out->v);
        out->v = NULL;
        return exp_nomem(err);
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (items[i].deleted != want_deleted)
            continue;
        r[k].it = &items[i];
        r[k].idx = i;
        k++;
    }
    qsort(r, k, sizeof *r, want_deleted ? cmp_deleted : cmp_ranked);
    size_t m = 0;
    for (size_t i = 0; i < k; i++) {
        if (want_deleted) { /* one of each (level, type, value) */
            const export_item *p = m > 0 ? out->v[m - 1] : NULL;
            if (p && p->tlp == r[i].it->tlp && p->type == r[i].it->type &&
                strcmp(p->value, r[i].it->value) == 0)
                continue;
            out->v[m++] = r[i].it;
            continue;
        }
        if (m > 0 && out->v[m - 1]->type == r[i].it->type &&
            strcmp(out->v[m - 1]->value, r[i].it->value) == 0)
            continue;
        out->v[m++] = r[i].it;
    }
    free(r);
    out->n = m;
    return 0;
}

int exp_list_make(const export_item *items, size_t n, exp_list *out, gisac_err *err)
{
    return list_make(items, n, 0, out, err);
}

int exp_list_deleted(const export_item *items, size_t n, exp_list *out, gisac_err *err)
{
    return list_make(items, n, 1, out, err);
}

void exp_list_free(exp_list *l)
{
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

/* ---- output -------------------------------------------------------------- */

int exp_emit(const gisac_buf *b, const char *out_path, FILE *out, gisac_err *err)
{
    const char *p = b->data ? b->data : "";
    if (out_path)
        return gisac_write_file_atomic(out_path, p, b->len, err);
    if (!out)
        return gisac_err_set(err, GISAC_EINVAL, "no output given");
    if (b->len && fwrite(p, 1, b->len, out) != b->len)
        return gisac_err_set(err, GISAC_EIO, "write failed: %s", strerror(errno));
    if (fflush(out) != 0)
        return gisac_err_set(err, GISAC_EIO, "write failed: %s", strerror(errno));
    return 0;
}

int exp_mkdirs(const char *dir, gisac_err *err)
{
    size_t len = strlen(dir);
    if (len == 0)
        return gisac_err_set(err, GISAC_EINVAL, "empty output directory");
    char *p = malloc(len + 1);
    if (!p)
        return exp_nomem(err);
    memcpy(p, dir, len + 1);
    for (size_t i = 1; i <= len; i++) {
        if (p[i] != '/' && p[i] != '\0')
            continue;
        char saved = p[i];
        p[i] = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST) {
            int e = errno;
            int rc = gisac_err_set(err, GISAC_EIO, "%s: %s", p, strerror(e));
            free(p);
            return rc;
        }
        p[i] = saved;
    }
    free(p);
    struct stat st;
    if (stat(dir, &st) != 0)
        return gisac_err_set(err, GISAC_EIO, "%s: %s", dir, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return gisac_err_set(err, GISAC_EINVAL, "%s: not a directory", dir);
    return 0;
}

int exp_write_in_dir(const char *dir, const char *name, const gisac_buf *b, gisac_err *err)
{
    gisac_buf path = GISAC_BUF_INIT;
    size_t dl = strlen(dir);
    int rc = gisac_buf_append(&path, dir, dl);
    if (rc == 0 && (dl == 0 || dir[dl - 1] != '/'))
        rc = gisac_buf_putc(&path, '/');
    if (rc == 0)
        rc = gisac_buf_puts(&path, name);
    if (rc < 0) {
        gisac_buf_free(&path);
        return exp_nomem(err);
    }
    rc = gisac_write_file_atomic(path.data, b->data ? b->data : "", b->len, err);
    gisac_buf_free(&path);
    return rc;
}

/* ---- text helpers -------------------------------------------------------- */

void exp_uuid5_str(const char *s, char out[GISAC_UUID_LEN])
{
    gisac_uuid5(GISAC_UUID_NS, s, strlen(s), out);
}

void exp_item_uuid(const export_item *it, const export_opts *o, char out[GISAC_UUID_LEN])
{
    const char *tn = ioc_type_name(it->type);
    size_t tl = strlen(tn), vl = strlen(it->value);
    char small[512];
    char *name = tl + 1 + vl <= sizeof small ? small : malloc(tl + 1 + vl);
    if (!name) {
        /* no memory for the name: fall back to hashing the value alone,
         * which is still stable for the item */
        gisac_identity_uuid5(o ? o->identity : NULL, it->value, vl, out);
        return;
    }
    memcpy(name, tn, tl);
    name[tl] = ':';
    memcpy(name + tl + 1, it->value, vl);
    gisac_identity_uuid5(o ? o->identity : NULL, name, tl + 1 + vl, out);
    if (name != small)
        free(name);
}

int exp_is_lower_hex(const char *s, size_t len)
{
    size_t i = 0;
    for (; s[i]; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return 0;
    }
    return i == len;
}

/* ---- JSON ---------------------------------------------------------------- */

json_t *exp_json_str(const char *s)
{
    if (!s)
        return NULL;
    json_t *j = json_string(s);
    if (j)
        return j;
    /* not valid UTF-8: replace the bad bytes */
    gisac_buf b = GISAC_BUF_INIT;
    const char *p = s, *end = s + strlen(s);
    while (*p) {
        size_t k = gisac_utf8_char_len(p, (size_t)(end - p));
        int rc = k ? gisac_buf_append(&b, p, k) : gisac_buf_puts(&b, "\xef\xbf\xbd");
        if (rc < 0) {
            gisac_buf_free(&b);
            return NULL;
        }
        p += k ? k : 1;
    }
    j = json_string(b.data ? b.data : "");
    gisac_buf_free(&b);
    return j;
}

int exp_put_json_str(gisac_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s, *run = p, *end = p + strlen(s);
    int rc = gisac_buf_putc(b, '"');
    while (rc == 0 && *p) {
        unsigned c = *p;
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            p++;
            continue;
        }
        size_t k = gisac_utf8_char_len((const char *)p, (size_t)(end - p));
        if (k > 1) { /* valid multi-byte UTF-8 goes out as it is */
            p += k;
            continue;
        }
        rc = gisac_buf_append(b, run, (size_t)(p - run));
        char e[7]; /* an invalid byte (not escaped) becomes U+FFFD */
        if (rc == 0)
            rc = gisac_buf_puts(b, gisac_json_escape((unsigned char)c, e) ? e : "\xef\xbf\xbd");
        p++;
        run = p;
    }
    if (rc == 0)
        rc = gisac_buf_append(b, run, (size_t)(p - run));
    if (rc == 0)
        rc = gisac_buf_putc(b, '"');
    return rc < 0 ? GISAC_ENOMEM : 0;
}

int exp_jset(json_t *obj, const char *key, json_t *v)
{
    if (!v)
        return -1;
    return json_object_set_new(obj, key, v) == 0 ? 0 : -1;
}

int exp_json_append(gisac_buf *b, const json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!s)
        return GISAC_ENOMEM;
    int rc = gisac_buf_puts(b, s);
    free(s);
    return rc;
}

/* ---- the entry point ------------------------------------------------------- */

/* The formats written into one buffer (the others write a directory). */
static int (*const buf_writers[NFORMATS])(const exp_list *l, const export_opts *o, gisac_buf *b,
                                          gisac_err *err) = {
    [EXPORT_PLAIN] = exp_plain, [EXPORT_CSV] = exp_csv, [EXPORT_STIX] = exp_stix,
    [EXPORT_RPZ] = exp_rpz,     [EXPORT_NFT] = exp_nft, [EXPORT_ZEEK] = exp_zeek,
};

int export_write(export_format f, const export_item *items, size_t n, const export_opts *opts,
                 const char *out_path, FILE *out, gisac_err *err)
{
    if ((unsigned)f >= NFORMATS)
        return gisac_err_set(err, GISAC_EINVAL, "unknown export format %d", (int)f);
    export_opts o = {0};
    if (opts)
        o = *opts;
    if (!o.zone_name || !*o.zone_name)
        o.zone_name = "rpz.gisac.example";

    if (export_format_is_dir(f)) {
        if (!out_path || !*out_path)
            return gisac_err_set(err, GISAC_EINVAL, "%s export needs an output directory",
                                 format_names[f]);
    } else if (!out_path && !out) {
        return gisac_err_set(err, GISAC_EINVAL, "no output given");
    }

    exp_list l;
    int rc = exp_list_make(items, n, &l, err);
    if (rc < 0)
        return rc;

    if (export_format_is_dir(f)) {
        rc = exp_mkdirs(out_path, err);
        if (rc == 0)
            rc = f == EXPORT_MISP ? exp_misp(&l, items, n, &o, out_path, err)
                                  : exp_suricata(&l, &o, out_path, err);
        exp_list_free(&l);
        return rc;
    }

    gisac_buf b = GISAC_BUF_INIT;
    rc = buf_writers[f] ? buf_writers[f](&l, &o, &b, err)
                        : gisac_err_set(err, GISAC_EINVAL, "unknown export format %d", (int)f);
    if (rc == 0)
        rc = exp_emit(&b, out_path, out, err);
    gisac_buf_free(&b);
    exp_list_free(&l);
    return rc;
}
