/*
 * intel_api.c: service helpers behind the REST API (docs/api.md): keyset
 * pages of indicators, one indicator under the TLP rule, imports of a
 * buffer (an upload) and of indicators given one by one. Imports go
 * through intel_import, the very code path of "gisac feed import".
 */
#include "intel/intel_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- keyset pages ------------------------------------------------------ */

/* A position in the list's order: (type, value). */
typedef struct page_key {
    ioc_type type;
    char value[IOC_VALUE_MAX];
} page_key;

/* Cursor text: base64url (no padding) of "TYPE:VALUE". */
static int cursor_encode(const page_key *k, char *out, size_t cap, gisac_err *err)
{
    gisac_buf b = GISAC_BUF_INIT;
    int rc = gisac_buf_printf(&b, "%s:%s", ioc_type_name(k->type), k->value);
    size_t need =
        rc == 0 ? sodium_base64_ENCODED_LEN(b.len, sodium_base64_VARIANT_URLSAFE_NO_PADDING) : 0;
    if (rc < 0 || need > cap) {
        gisac_buf_free(&b);
        return gisac_err_set(err, GISAC_ENOMEM, "cursor too long");
    }
    sodium_bin2base64(out, cap, (const unsigned char *)b.data, b.len,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    gisac_buf_free(&b);
    return 0;
}

static int cursor_decode(const char *text, page_key *k, gisac_err *err)
{
    size_t tl = strlen(text);
    char raw[IOC_VALUE_MAX + 16];
    size_t rl = 0;
    if (tl == 0 || tl >= INTEL_CURSOR_MAX ||
        sodium_base642bin((unsigned char *)raw, sizeof raw - 1, text, tl, NULL, &rl, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return gisac_err_set(err, GISAC_EINVAL, "malformed cursor");
    raw[rl] = '\0';
    char *colon = memchr(raw, ':', rl);
    if (!colon || strlen(raw) != rl || colon[1] == '\0')
        return gisac_err_set(err, GISAC_EINVAL, "malformed cursor");
    *colon = '\0';
    size_t vl = rl - (size_t)(colon + 1 - raw);
    if (ioc_type_from_name(raw, &k->type) < 0 || vl >= sizeof k->value)
        return gisac_err_set(err, GISAC_EINVAL, "malformed cursor");
    memcpy(k->value, colon + 1, vl + 1);
    return 0;
}

/* <0, 0, >0 as (type, value) sorts before, with or after k (the store's order) */
static int key_cmp(ioc_type t, const char *v, const page_key *k)
{
    if (t != k->type)
        return t < k->type ? -1 : 1;
    return strcmp(v, k->value);
}

typedef struct page_ctx {
    const page_key *after; /* NULL: from the start */
    size_t limit, count;
    int more;
    store_indicator_cb cb;
    void *ctx;
    page_key last;
    int stopped; /* the caller's callback asked to stop */
} page_ctx;

static int page_cb(void *ctx, const store_indicator *ind)
{
    page_ctx *p = ctx;
    if (p->after && key_cmp(ind->type, ind->value, p->after) <= 0)
        return 0;
    if (p->count == p->limit) {
        p->more = 1;
        return 1;
    }
    size_t vl = strlen(ind->value);
    if (vl >= sizeof p->last.value)
        return 0; /* longer than any normal form: cannot be a cursor */
    p->last.type = ind->type;
    memcpy(p->last.value, ind->value, vl + 1);
    p->count++;
    if (p->cb(p->ctx, ind)) {
        p->stopped = 1;
        return 1;
    }
    return 0;
}

int intel_list_page(intel *in, const store_filter *f, const char *cursor, size_t limit,
                    store_indicator_cb cb, void *ctx, char next[INTEL_CURSOR_MAX], int *more,
                    gisac_err *err)
{
    *more = 0;
    next[0] = '\0';
    if (limit < 1 || limit > INTEL_PAGE_LIMIT_MAX)
        return gisac_err_set(err, GISAC_EINVAL, "limit must be from 1 to %d", INTEL_PAGE_LIMIT_MAX);
    page_key *after = NULL;
    page_ctx p;
    memset(&p, 0, sizeof p);
    int rc = 0;
    if (cursor) {
        after = malloc(sizeof *after);
        if (!after)
            return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        if ((rc = cursor_decode(cursor, after, err)) < 0)
            goto out;
        if (f->type != IOC_AUTO && f->type != after->type) {
            rc = gisac_err_set(err, GISAC_EINVAL, "the cursor belongs to another listing");
            goto out;
        }
    }
    p.after = after;
    p.limit = limit;
    p.cb = cb;
    p.ctx = ctx;
    /* one type at a time from the cursor's (or the filter's) on, each a
     * seek to the cursor's value then at most the rows the page still
     * needs and one more: neither earlier types nor earlier rows are read */
    store_filter ft = *f;
    int first = f->type != IOC_AUTO ? f->type : after ? after->type : 0;
    int last = f->type != IOC_AUTO ? f->type : IOC_TYPE_COUNT - 1;
    for (int t = first; t <= last && rc == 0 && !p.more && !p.stopped; t++) {
        ft.type = (ioc_type)t;
        const char *from = after && after->type == t ? after->value : NULL;
        rc = store_indicator_page(in->st, &ft, from, p.limit - p.count + 1, page_cb, &p, err);
    }
    if (rc == 0 && p.more) {
        if ((rc = cursor_encode(&p.last, next, INTEL_CURSOR_MAX, err)) == 0)
            *more = 1;
    }
out:
    free(after);
    return rc;
}

/* ---- one indicator --------------------------------------------------- */

int intel_get_visible(intel *in, ioc_type type, const char *value, gisac_tlp max_tlp,
                      const char *recipient, store_indicator_cb cb, void *ctx, gisac_err *err)
{
    char norm[IOC_VALUE_MAX];
    int rc = ioc_normalise(type, value, strlen(value), norm, sizeof norm, NULL, NULL, err);
    if (rc < 0)
        return rc;
    /* one lookup by (type, value) as the viewer sees it (merged from its sources) */
    gisac_arena *a = gisac_arena_new(4096);
    if (!a)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    store_indicator ind;
    int yes = 0;
    store_view v = {max_tlp, max_tlp == TLP_UNSET ? NULL : recipient, TLP_UNSET};
    rc = store_indicator_find_as(in->st, &v, type, norm, &ind, a, err);
    yes = rc == 0;
    if (rc == 0 && yes)
        cb(ctx, &ind);
    gisac_arena_free(a);
    if (rc < 0 && rc != GISAC_ENOTFOUND)
        return rc;
    return rc == 0 && yes ? 0
                          : gisac_err_set(err, GISAC_ENOTFOUND, "%s %s: no such indicator",
                                          ioc_type_name(type), norm);
}

/* ---- imports of buffers ------------------------------------------------ */

/* Replace every "path" in s (NUL-terminated, cap bytes) by "name". */
static void rename_in(char *s, size_t cap, const char *path, const char *name)
{
    size_t pl = strlen(path), nl = strlen(name);
    char *p = s;
    while ((p = strstr(p, path)) != NULL) {
        size_t tail = strlen(p + pl);
        if (nl > pl && (size_t)(p - s) + nl + tail + 1 > cap)
            return;
        memmove(p + nl, p + pl, tail + 1);
        memcpy(p, name, nl);
        p += nl;
    }
}

typedef struct rename_rep {
    const intel_reporter *inner;
    const char *path, *name;
    char where[1024];
} rename_rep;

static void rename_message(void *ctx, intel_msg_kind kind, const char *where, const char *msg)
{
    rename_rep *r = ctx;
    if (!r->inner || !r->inner->message)
        return;
    snprintf(r->where, sizeof r->where, "%s", where);
    rename_in(r->where, sizeof r->where, r->path, r->name);
    r->inner->message(r->inner->ctx, kind, r->where, msg);
}

static void rename_progress(void *ctx, const char *name, size_t done, size_t total)
{
    rename_rep *r = ctx;
    (void)name;
    if (r->inner && r->inner->progress)
        r->inner->progress(r->inner->ctx, r->name, done, total);
}

/* Write data to a new file name in a new private directory, dated now. */
static int temp_write(const char *name, const char *data, size_t len, char *dir, size_t dcap,
                      char *path, size_t pcap, gisac_err *err)
{
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp)
        tmp = "/tmp";
    if ((size_t)snprintf(dir, dcap, "%s/gisac-upload.XXXXXX", tmp) >= dcap ||
        (size_t)snprintf(path, pcap, "%s/gisac-upload.XXXXXX/%s", tmp, name) >= pcap)
        return gisac_err_set(err, GISAC_EIO, "TMPDIR is too long");
    if (!mkdtemp(dir))
        return gisac_err_set(err, GISAC_EIO, "%s: %s", dir, strerror(errno));
    snprintf(path, pcap, "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        int e = errno;
        rmdir(dir);
        return gisac_err_set(err, GISAC_EIO, "temporary file: %s", strerror(e));
    }
    size_t off = 0;
    int rc = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            rc = gisac_err_set(err, GISAC_EIO, "temporary file: %s", strerror(errno));
            break;
        }
        off += (size_t)w;
    }
    /* records without times count as seen when the file was written: now */
    struct timespec ts[2] = {{(time_t)gisac_now(), 0}, {(time_t)gisac_now(), 0}};
    if (rc == 0 && futimens(fd, ts) != 0)
        rc = gisac_err_set(err, GISAC_EIO, "temporary file: %s", strerror(errno));
    if (close(fd) != 0 && rc == 0)
        rc = gisac_err_set(err, GISAC_EIO, "temporary file: %s", strerror(errno));
    if (rc < 0) {
        unlink(path);
        rmdir(dir);
    }
    return rc;
}

int intel_import_buffer(intel *in, const char *name, const char *data, size_t len,
                        const intel_import_opts *o, const intel_reporter *rep,
                        intel_import_summary *sum, gisac_err *err)
{
    memset(sum, 0, sizeof *sum);
    if (!name || !*name || strchr(name, '/') || strlen(name) > 64)
        return gisac_err_set(err, GISAC_EINVAL, "bad input name");
    char dir[4096], path[4200];
    int rc = temp_write(name, data, len, dir, sizeof dir, path, sizeof path, err);
    if (rc < 0)
        return rc;
    rename_rep rr;
    rr.inner = rep;
    rr.path = path;
    rr.name = name;
    intel_reporter wrap = {&rr, rename_message, rename_progress};
    const char *paths[1] = {path};
    intel_import_opts opts = *o;
    if (!opts.source)
        opts.source = name; /* not the temporary file's name */
    rc = intel_import(in, paths, 1, &opts, &wrap, sum, err);
    if (rc < 0 && err)
        rename_in(err->msg, sizeof err->msg, path, name);
    unlink(path);
    rmdir(dir);
    return rc;
}

/* ---- indicators given one by one --------------------------------------- */

/* The STIX pattern that feed_stix.c reads back as (type, value). */
static int stix_pattern(ioc_type t, const char *v, gisac_buf *b)
{
    const char *lhs;
    switch (t) {
    case IOC_IPV4:
        lhs = "ipv4-addr:value";
        break;
    case IOC_IPV6:
        lhs = "ipv6-addr:value";
        break;
    case IOC_CIDR:
        lhs = strchr(v, ':') ? "ipv6-addr:value" : "ipv4-addr:value";
        break;
    case IOC_DOMAIN:
        lhs = "domain-name:value";
        break;
    case IOC_URL:
        lhs = "url:value";
        break;
    case IOC_EMAIL:
        lhs = "email-addr:value";
        break;
    case IOC_MD5:
        lhs = "file:hashes.MD5";
        break;
    case IOC_SHA1:
        lhs = "file:hashes.'SHA-1'";
        break;
    case IOC_SHA256:
        lhs = "file:hashes.'SHA-256'";
        break;
    case IOC_X509_SHA256:
        lhs = "x509-certificate:hashes.'SHA-256'";
        break;
    case IOC_ANDROID_PACKAGE:
        lhs = "software:x_android_package";
        break;
    default:
        return GISAC_EINVAL;
    }
    int rc = gisac_buf_printf(b, "[%s = '", lhs);
    for (const char *p = v; *p && rc == 0; p++) {
        if (*p == '\'' || *p == '\\')
            rc = gisac_buf_putc(b, '\\');
        if (rc == 0)
            rc = gisac_buf_putc(b, *p);
    }
    if (rc == 0)
        rc = gisac_buf_puts(b, "']");
    return rc;
}

static json_t *stix_object(const intel_new_indicator *v, ioc_type t, const char *norm)
{
    gisac_buf pat = GISAC_BUF_INIT;
    json_t *o = json_object();
    int bad = !o || stix_pattern(t, norm, &pat) < 0;
    if (!bad) {
        bad |= json_object_set_new(o, "type", json_string("indicator"));
        bad |= json_object_set_new(o, "spec_version", json_string("2.1"));
        bad |= json_object_set_new(o, "pattern_type", json_string("stix"));
        bad |= json_object_set_new(o, "pattern", json_stringn(pat.data, pat.len));
    }
    if (!bad && v->name)
        bad |= json_object_set_new(o, "name", json_string(v->name));
    if (!bad && v->description)
        bad |= json_object_set_new(o, "description", json_string(v->description));
    if (!bad && v->confidence >= 0)
        bad |= json_object_set_new(o, "confidence", json_integer(v->confidence));
    if (!bad && v->valid_until) {
        char ts[GISAC_TIME_LEN];
        gisac_time_format(v->valid_until, ts);
        bad |= json_object_set_new(o, "valid_until", json_string(ts));
    }
    if (!bad && v->nlabels) {
        json_t *l = json_array();
        for (size_t i = 0; l && i < v->nlabels; i++)
            bad |= json_array_append_new(l, json_string(v->labels[i]));
        bad |= json_object_set_new(o, "labels", l);
    }
    const export_tlp_marking *mark = export_tlp_marking_of(v->tlp);
    if (!bad && mark) {
        json_t *m = json_array();
        bad |= json_array_append_new(m, json_string(mark->id));
        bad |= json_object_set_new(o, "object_marking_refs", m);
    }
    gisac_buf_free(&pat);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

int intel_add_indicators(intel *in, const intel_new_indicator *v, size_t n,
                         const intel_import_opts *o, const intel_reporter *rep,
                         intel_import_summary *sum, size_t *bad, gisac_err *err)
{
    memset(sum, 0, sizeof *sum);
    *bad = (size_t)-1;
    if (n < 1 || n > INTEL_ADD_MAX)
        return gisac_err_set(err, GISAC_EINVAL, "give 1 to %d indicators", INTEL_ADD_MAX);
    json_t *arr = json_array();
    if (!arr)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    char norm[IOC_VALUE_MAX];
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        ioc_type t;
        if (!v[i].value) {
            *bad = i;
            rc = gisac_err_set(err, GISAC_EINVAL, "no value");
            break;
        }
        rc = ioc_normalise(v[i].type, v[i].value, strlen(v[i].value), norm, sizeof norm, &t, NULL,
                           err);
        if (rc < 0) {
            *bad = i;
            break;
        }
        if (v[i].confidence > 100 || v[i].confidence < -1) {
            *bad = i;
            rc = gisac_err_set(err, GISAC_EINVAL, "confidence must be from 0 to 100");
            break;
        }
        json_t *so = stix_object(&v[i], t, norm);
        if (!so || json_array_append_new(arr, so) < 0)
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    char *text = rc == 0 ? json_dumps(arr, JSON_COMPACT) : NULL;
    json_decref(arr);
    if (rc < 0)
        return rc;
    if (!text)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    intel_import_opts opts = *o;
    opts.format = FEED_STIX;
    opts.column = NULL;
    opts.strict = 1;
    rc = intel_import_buffer(in, "request", text, strlen(text), &opts, rep, sum, err);
    free(text);
    return rc;
}
