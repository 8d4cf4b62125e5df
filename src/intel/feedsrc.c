/*
 * feedsrc.c: feed sources fetched on schedule (intel.h, docs/feed-sources.md):
 * their definitions, the fetch with libcurl, and the import of what came.
 */
#include "intel/intel_internal.h"

#include <curl/curl.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#define FEED_NAME_MAX  64
#define FEED_LABEL_MAX 64
#define FEED_HDR_MAX   4096
#define FEED_URL_MAX   2048

/* ---- definitions -------------------------------------------------------------- */

static int check_name(const char *name, gisac_err *err)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > FEED_NAME_MAX)
        return gisac_err_at(err, GISAC_EINVAL, "$.name", "a source name is 1 to %d characters",
                            FEED_NAME_MAX);
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return gisac_err_at(err, GISAC_EINVAL, "$.name",
                                "%s: a source name holds letters, digits, '.', '_' and '-' only",
                                name);
    }
    return 0;
}

static int printable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 0;
    return 1;
}

static int check_url(const char *url, gisac_err *err)
{
    if (!url || !*url)
        return gisac_err_at(err, GISAC_EINVAL, "$.url", "a URL is required");
    if (strlen(url) > FEED_URL_MAX || !printable(url) || strchr(url, ' '))
        return gisac_err_at(err, GISAC_EINVAL, "$.url", "not a URL");
    CURLU *h = curl_url();
    if (!h)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    char *scheme = NULL, *host = NULL;
    CURLUcode uc = curl_url_set(h, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME);
    int rc = 0;
    if (uc == CURLUE_OK && curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0)
        rc = gisac_err_at(err, GISAC_EINVAL, "$.url", "%s: only http and https are fetched", url);
    else if (uc != CURLUE_OK || !scheme || curl_url_get(h, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
             !host || !*host)
        rc =
            gisac_err_at(err, GISAC_EINVAL, "$.url", "%s: not a URL%s%s", url,
                         uc != CURLUE_OK ? ": " : "", uc != CURLUE_OK ? curl_url_strerror(uc) : "");
    curl_free(scheme);
    curl_free(host);
    curl_url_cleanup(h);
    return rc;
}

/* "Name: value" with a token name and a value without control characters. */
static int check_header(const char *h, size_t i, gisac_err *err)
{
    char field[32];
    snprintf(field, sizeof field, "$.headers[%zu]", i);
    const char *colon = strchr(h, ':');
    if (!colon || colon == h || strlen(h) > FEED_HDR_MAX || !printable(h))
        return gisac_err_at(err, GISAC_EINVAL, field, "a header is written 'Name: value'");
    for (const char *p = h; p < colon; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              strchr("!#$%&'*+-.^_`|~", *p)))
            return gisac_err_at(err, GISAC_EINVAL, field, "a header is written 'Name: value'");
    static const char *const own[] = {"host",           "if-none-match",   "if-modified-since",
                                      "content-length", "accept-encoding", "transfer-encoding"};
    for (size_t k = 0; k < sizeof own / sizeof own[0]; k++)
        if ((size_t)(colon - h) == strlen(own[k]) && strncasecmp(h, own[k], strlen(own[k])) == 0)
            return gisac_err_at(err, GISAC_EINVAL, field, "%.*s is set by gisac itself",
                                (int)(colon - h), h);
    return 0;
}

static int check_label(const char *l, size_t i, gisac_err *err)
{
    size_t n = strlen(l);
    if (n == 0 || n > FEED_LABEL_MAX || !printable(l) || !gisac_utf8_valid(l, n, NULL)) {
        char field[32];
        snprintf(field, sizeof field, "$.labels[%zu]", i);
        return gisac_err_at(err, GISAC_EINVAL, field, "a label is 1 to %d printable characters",
                            FEED_LABEL_MAX);
    }
    return 0;
}

/* A JSON array of the strings v[0..n), or NULL when n is 0. */
static char *str_array(const char *const *v, size_t n)
{
    if (!n)
        return NULL;
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        if (json_array_append_new(a, json_string(v[i])) < 0) {
            json_decref(a);
            return NULL;
        }
    char *s = a ? json_dumps(a, JSON_COMPACT) : NULL;
    json_decref(a);
    return s;
}

int intel_feed_add(intel *in, const intel_feed_def *d, gisac_err *err)
{
    int rc;
    if ((rc = check_name(d->name, err)) < 0 || (rc = check_url(d->url, err)) < 0)
        return rc;
    feed_format fmt = FEED_AUTO;
    if (d->format && feed_format_from_name(d->format, &fmt) < 0)
        return gisac_err_at(err, GISAC_EINVAL, "$.format",
                            "%s: the format is auto, plain, csv, ndjson, stix or misp", d->format);
    int64_t every = INTEL_FEED_EVERY, grace = INTEL_FEED_GRACE;
    if (d->every &&
        (gisac_duration_parse(d->every, &every) < 0 || every < 60 || every > 30 * 86400))
        return gisac_err_at(err, GISAC_EINVAL, "$.every",
                            "%s: every is a duration from 60s to 30d (such as 15m, 1h, 1d)",
                            d->every);
    if (d->grace && !d->complete)
        return gisac_err_at(err, GISAC_EINVAL, "$.grace",
                            "a grace period is for a complete source only");
    if (d->grace &&
        (gisac_duration_parse(d->grace, &grace) < 0 || grace < 0 || grace > 365 * 86400))
        return gisac_err_at(err, GISAC_EINVAL, "$.grace",
                            "%s: grace is a duration from 0s to 365d (such as 12h, 7d)", d->grace);
    if (d->confidence < -1 || d->confidence > 100)
        return gisac_err_at(err, GISAC_EINVAL, "$.confidence", "confidence is 0 to 100");
    int64_t max = d->max_bytes ? d->max_bytes : INTEL_FEED_MAX_BYTES;
    if (max < 1024 || max > ((int64_t)4 << 30))
        return gisac_err_at(err, GISAC_EINVAL, "$.max_bytes", "the size limit is 1 KiB to 4 GiB");
    if (d->nlabels > INTEL_FEED_MAX_LIST)
        return gisac_err_at(err, GISAC_EINVAL, "$.labels", "at most %d labels",
                            INTEL_FEED_MAX_LIST);
    if (d->nheaders > INTEL_FEED_MAX_LIST)
        return gisac_err_at(err, GISAC_EINVAL, "$.headers", "at most %d headers",
                            INTEL_FEED_MAX_LIST);
    for (size_t i = 0; i < d->nlabels; i++)
        if ((rc = check_label(d->labels[i], i, err)) < 0)
            return rc;
    for (size_t i = 0; i < d->nheaders; i++)
        if ((rc = check_header(d->headers[i], i, err)) < 0)
            return rc;
    char *labels = str_array(d->labels, d->nlabels);
    char *headers = str_array(d->headers, d->nheaders);
    if ((d->nlabels && !labels) || (d->nheaders && !headers)) {
        free(labels);
        free(headers);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    int64_t now = gisac_now();
    store_feed_source f;
    memset(&f, 0, sizeof f);
    f.name = d->name;
    f.url = d->url;
    f.format = feed_format_name(fmt);
    f.every = every;
    f.tlp = d->tlp;
    f.confidence = d->confidence;
    f.labels_json = labels;
    f.headers_json = headers;
    f.complete = d->complete != 0;
    f.grace = grace;
    f.max_bytes = max;
    f.enabled = 1;
    f.created = now;
    f.next_try = 0; /* due at once */
    gisac_buf det = GISAC_BUF_INIT;
    int bad = gisac_buf_puts(&det, "{\"url\":");
    bad |= gisac_buf_json_str(&det, d->url);
    bad |= gisac_buf_puts(&det, ",\"format\":");
    bad |= gisac_buf_json_str(&det, f.format);
    bad |= gisac_buf_printf(&det, ",\"every\":%lld,\"complete\":%s}", (long long)every,
                            f.complete ? "true" : "false");
    if (bad)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    else if ((rc = store_begin(in->st, err)) == 0) {
        rc = store_feed_source_add(in->st, &f, err);
        if (rc == 0)
            rc = store_audit_append(in->st, now, "feed.source.add", d->name, det.data, err);
        if (rc == 0)
            rc = store_commit(in->st, err);
        else
            store_rollback(in->st);
    }
    gisac_buf_free(&det);
    free(labels);
    free(headers);
    return rc;
}

/* One write with its audit entry, in one transaction. */
static int audited(intel *in, const char *action, const char *name, int enable, gisac_err *err)
{
    int64_t now = gisac_now();
    int rc = store_begin(in->st, err);
    if (rc < 0)
        return rc;
    if (enable < 0)
        rc = store_feed_source_delete(in->st, name, err);
    else
        rc = store_feed_source_set_enabled(in->st, name, enable, enable ? now : 0, err);
    if (rc == 0)
        rc = store_audit_append(in->st, now, action, name, NULL, err);
    if (rc == 0)
        return store_commit(in->st, err);
    store_rollback(in->st);
    return rc;
}

int intel_feed_remove(intel *in, const char *name, gisac_err *err)
{
    return audited(in, "feed.source.remove", name, -1, err);
}

int intel_feed_enable(intel *in, const char *name, int enable, gisac_err *err)
{
    gisac_arena *ar = gisac_arena_new(4096);
    if (!ar)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    store_feed_source f;
    int rc = store_feed_source_get(in->st, name, &f, ar, err);
    if (rc == 0 && f.enabled == !!enable)
        rc = gisac_err_set(err, GISAC_ECONFLICT, "feed source %s is %s already", name,
                           enable ? "enabled" : "disabled");
    gisac_arena_free(ar);
    if (rc < 0)
        return rc;
    return audited(in, enable ? "feed.source.enable" : "feed.source.disable", name, !!enable, err);
}

int intel_feed_get(intel *in, const char *name, store_feed_source *out, gisac_arena *arena,
                   gisac_err *err)
{
    return store_feed_source_get(in->st, name, out, arena, err);
}

int intel_feed_list(intel *in, store_feed_source_cb cb, void *ctx, gisac_err *err)
{
    return store_feed_source_list(in->st, cb, ctx, err);
}

int intel_feed_due(intel *in, int64_t now, store_feed_source_cb cb, void *ctx, gisac_err *err)
{
    return store_feed_source_due(in->st, now, cb, ctx, err);
}

int intel_delisted_json(intel *in, int64_t id, gisac_buf *out, gisac_err *err)
{
    gisac_arena *ar = gisac_arena_new(1024);
    if (!ar)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    store_delisted d;
    int rc = store_indicator_delisted(in->st, id, &d, ar, err);
    if (rc == GISAC_ENOTFOUND) {
        gisac_arena_free(ar);
        return 0;
    }
    if (rc == 0) {
        char ts[GISAC_TIME_LEN];
        gisac_time_format(d.at, ts);
        int bad = gisac_buf_puts(out, ",\"delisted\":{\"source\":");
        bad |= gisac_buf_json_str(out, d.source);
        bad |= gisac_buf_printf(out, ",\"at\":\"%s\",\"reason\":", ts);
        bad |= gisac_buf_json_str(out, d.reason);
        bad |= gisac_buf_putc(out, '}');
        if (bad)
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    gisac_arena_free(ar);
    return rc;
}

/* ---- JSON ------------------------------------------------------------------------ */

static int put_time(gisac_buf *b, const char *key, int64_t t)
{
    if (gisac_buf_printf(b, ",\"%s\":", key) < 0)
        return -1;
    if (!t)
        return gisac_buf_puts(b, "null");
    char ts[GISAC_TIME_LEN];
    gisac_time_format(t, ts);
    return gisac_buf_printf(b, "\"%s\"", ts);
}

static int put_str(gisac_buf *b, const char *key, const char *v)
{
    if (gisac_buf_printf(b, ",\"%s\":", key) < 0)
        return -1;
    return v ? gisac_buf_json_str(b, v) : gisac_buf_puts(b, "null");
}

/* The strings of a stored JSON array; headers shown as "Name: ****". */
static int put_array(gisac_buf *b, const char *key, const char *json, int mask)
{
    int bad = gisac_buf_printf(b, ",\"%s\":[", key);
    json_t *a = json ? json_loads(json, 0, NULL) : NULL;
    size_t i;
    json_t *v;
    size_t n = 0;
    json_array_foreach(a, i, v)
    {
        const char *s = json_string_value(v);
        if (!s)
            continue;
        bad |= n++ ? gisac_buf_putc(b, ',') : 0;
        if (mask) {
            const char *colon = strchr(s, ':');
            size_t k = colon ? (size_t)(colon - s) : strlen(s);
            gisac_buf t = GISAC_BUF_INIT;
            bad |= gisac_buf_printf(&t, "%.*s: ****", (int)k, s);
            bad |= bad ? -1 : gisac_buf_json_str(b, t.data);
            gisac_buf_free(&t);
        } else {
            bad |= gisac_buf_json_str(b, s);
        }
    }
    json_decref(a);
    bad |= gisac_buf_putc(b, ']');
    return bad;
}

int intel_feed_mask(store_feed_source *f, gisac_arena *arena)
{
    if (!f->headers_json)
        return 0;
    gisac_buf b = GISAC_BUF_INIT;
    int bad = put_array(&b, "h", f->headers_json, 1); /* ,"h":[...] */
    const char *open = bad ? NULL : strchr(b.data, '[');
    const char *m = open ? gisac_arena_strdup(arena, open) : NULL;
    gisac_buf_free(&b);
    if (!m)
        return GISAC_ENOMEM;
    f->headers_json = m;
    return 0;
}

int intel_feed_source_to_json(const store_feed_source *f, gisac_buf *out)
{
    int bad = gisac_buf_puts(out, "{\"name\":");
    bad |= gisac_buf_json_str(out, f->name);
    bad |= put_str(out, "url", f->url);
    bad |= put_str(out, "format", f->format);
    bad |= gisac_buf_printf(out, ",\"every\":%lld", (long long)f->every);
    bad |= put_str(out, "tlp", f->tlp == TLP_UNSET ? NULL : tlp_name(f->tlp));
    if (f->confidence >= 0)
        bad |= gisac_buf_printf(out, ",\"confidence\":%d", f->confidence);
    else
        bad |= gisac_buf_puts(out, ",\"confidence\":null");
    bad |= put_array(out, "labels", f->labels_json, 0);
    bad |= put_array(out, "headers", f->headers_json, 1);
    bad |= gisac_buf_printf(out, ",\"complete\":%s", f->complete ? "true" : "false");
    if (f->complete)
        bad |= gisac_buf_printf(out, ",\"grace\":%lld", (long long)f->grace);
    else
        bad |= gisac_buf_puts(out, ",\"grace\":null");
    bad |= gisac_buf_printf(out, ",\"max_bytes\":%lld,\"enabled\":%s", (long long)f->max_bytes,
                            f->enabled ? "true" : "false");
    bad |= put_time(out, "created", f->created);
    bad |= gisac_buf_puts(out, ",\"status\":{\"next_try\":");
    if (!f->enabled)
        bad |= gisac_buf_puts(out, "null");
    else {
        char ts[GISAC_TIME_LEN];
        gisac_time_format(f->next_try ? f->next_try : f->created, ts);
        bad |= gisac_buf_printf(out, "\"%s\"", ts);
    }
    bad |= put_time(out, "last_try", f->last_try);
    bad |= put_time(out, "last_success", f->last_success);
    if (f->http_status)
        bad |= gisac_buf_printf(out, ",\"http_status\":%d", f->http_status);
    else
        bad |= gisac_buf_puts(out, ",\"http_status\":null");
    if (f->last_try)
        bad |= gisac_buf_printf(out, ",\"added\":%lld,\"updated\":%lld,\"dropped\":%lld",
                                (long long)f->added, (long long)f->updated, (long long)f->dropped);
    else
        bad |= gisac_buf_puts(out, ",\"added\":null,\"updated\":null,\"dropped\":null");
    bad |= gisac_buf_printf(out, ",\"failures\":%d", f->failures);
    bad |= put_str(out, "last_error", f->last_error);
    bad |= put_str(out, "etag", f->etag);
    bad |= put_str(out, "last_modified", f->last_modified);
    bad |= gisac_buf_puts(out, "}}");
    return bad ? GISAC_ENOMEM : 0;
}

/* ---- the fetch --------------------------------------------------------------------- */

typedef struct dl {
    int fd;
    int64_t bytes, max;
    int too_big, write_failed;
    intel_feed_answer ans;
} dl;

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
    dl *d = ctx;
    size_t len = size * n;
    if (d->bytes + (int64_t)len > d->max) {
        d->too_big = 1;
        return 0;
    }
    for (size_t off = 0; off < len;) {
        ssize_t w = write(d->fd, p + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            d->write_failed = errno ? errno : EIO;
            return 0;
        }
        off += (size_t)w;
    }
    d->bytes += (int64_t)len;
    return len;
}

/* A header line's value when its name is name (case-insensitive), trimmed, into out. */
static int header_value(const char *line, size_t len, const char *name, char *out, size_t cap)
{
    size_t k = strlen(name);
    if (len <= k || strncasecmp(line, name, k) != 0 || line[k] != ':')
        return 0;
    const char *v = line + k + 1, *end = line + len;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
        end--;
    size_t n = (size_t)(end - v);
    out[0] = '\0';
    if (n < cap) { /* longer: too long to send back, forgotten */
        memcpy(out, v, n);
        out[n] = '\0';
        if (strlen(out) != n || !printable(out)) /* a NUL or a control character */
            out[0] = '\0';
    }
    return 1;
}

void intel_feed_header_line(intel_feed_answer *a, const char *p, size_t len)
{
    if (len > 5 && strncmp(p, "HTTP/", 5) == 0) { /* a new answer (after a redirect) */
        a->etag[0] = a->last_modified[0] = a->reason[0] = '\0';
        const char *sp = memchr(p, ' ', len);
        if (sp)
            sp = memchr(sp + 1, ' ', len - (size_t)(sp + 1 - p));
        if (sp) {
            const char *end = p + len;
            while (end > sp + 1 && (end[-1] == '\r' || end[-1] == '\n'))
                end--;
            size_t n = (size_t)(end - sp - 1);
            if (n < sizeof a->reason) {
                memcpy(a->reason, sp + 1, n);
                a->reason[n] = '\0';
            }
            if (strlen(a->reason) != n || !printable(a->reason))
                a->reason[0] = '\0';
        }
        return;
    }
    if (!header_value(p, len, "ETag", a->etag, sizeof a->etag))
        header_value(p, len, "Last-Modified", a->last_modified, sizeof a->last_modified);
}

static size_t on_header(char *p, size_t size, size_t n, void *ctx)
{
    dl *d = ctx;
    intel_feed_header_line(&d->ans, p, size * n);
    return size * n;
}

/* A temporary file, already unlinked: the body's place. */
static int temp_file(gisac_err *err)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/gisac-feed-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return gisac_err_set(err, GISAC_EIO, "cannot create a temporary file in %s: %s",
                             dir && *dir ? dir : "/tmp", strerror(errno));
    unlink(path);
    return fd;
}

static void size_words(int64_t n, char *out, size_t cap)
{
    if (n >= ((int64_t)1 << 20) && n % ((int64_t)1 << 20) == 0)
        snprintf(out, cap, "%lld MiB", (long long)(n >> 20));
    else if (n >= 1024 && n % 1024 == 0)
        snprintf(out, cap, "%lld KiB", (long long)(n >> 10));
    else
        snprintf(out, cap, "%lld bytes", (long long)n);
}

/* libcurl's " after 12 ms" (in "Failed to connect ... after 12 ms: ...") taken out:
 * the same failure reads the same every time. */
static void drop_timing(char *msg)
{
    char *p = strstr(msg, " after ");
    if (!p)
        return;
    char *q = p + 7;
    while (*q >= '0' && *q <= '9')
        q++;
    if (q == p + 7 || strncmp(q, " ms", 3) != 0)
        return;
    memmove(p, q + 3, strlen(q + 3) + 1);
}

/* GET f->url into d->fd; the outcome into r (ok, http_status, error). */
/* scheme://host:port of url (lower case, the scheme's port when none), or NULL. */
static char *origin_of(const char *url)
{
    CURLU *h = curl_url();
    char *scheme = NULL, *host = NULL, *port = NULL, *out = NULL;
    if (h && curl_url_set(h, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        curl_url_get(h, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
        curl_url_get(h, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
        size_t n = strlen(scheme) + strlen(host) + strlen(port) + 5;
        if ((out = malloc(n))) {
            snprintf(out, n, "%s://%s:%s", scheme, host, port);
            for (char *p = out; *p; p++)
                if (*p >= 'A' && *p <= 'Z')
                    *p = (char)(*p - 'A' + 'a');
        }
    }
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(h);
    return out;
}

static int is_redirect(long code)
{
    return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
}

static int append(struct curl_slist **l, const char *line)
{
    struct curl_slist *t = curl_slist_append(*l, line);
    if (!t)
        return -1;
    *l = t;
    return 0;
}

/*
 * GET f->url into d->fd; the outcome into r (ok, http_status, error).
 * Redirects are followed here, not by libcurl, so that the source's own
 * headers (API keys) go to the source's origin only: a redirect to another
 * scheme, host or port gets the conditional headers alone.
 */
static void http_get(const store_feed_source *f, dl *d, intel_feed_result *r)
{
    CURL *h = curl_easy_init();
    char *origin = origin_of(f->url), *url = strdup(f->url);
    struct curl_slist *all = NULL, *cond = NULL;
    int oom = !h || !origin || !url;
    json_t *a = f->headers_json ? json_loads(f->headers_json, 0, NULL) : NULL;
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        if (json_string_value(v) && append(&all, json_string_value(v)) < 0)
            oom = 1;
    }
    json_decref(a);
    char line[FEED_HDR_MAX + 32];
    if (f->etag && *f->etag) {
        snprintf(line, sizeof line, "If-None-Match: %s", f->etag);
        oom |= append(&all, line) < 0 || append(&cond, line) < 0;
    }
    if (f->last_modified && *f->last_modified) {
        snprintf(line, sizeof line, "If-Modified-Since: %s", f->last_modified);
        oom |= append(&all, line) < 0 || append(&cond, line) < 0;
    }
    if (oom) {
        snprintf(r->error, sizeof r->error, h ? "out of memory" : "cannot start libcurl");
        goto out;
    }
    char ebuf[CURL_ERROR_SIZE];
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""); /* every encoding libcurl decodes */
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 30L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 600L);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, 60L);
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)f->max_bytes);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 1L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "gisac/" GISAC_VERSION);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, d);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, d);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, ebuf);
    CURLcode cc;
    long code;
    for (int hop = 0;; hop++) {
        ebuf[0] = '\0';
        char *here = origin_of(url);
        int same = here && strcmp(here, origin) == 0;
        free(here);
        curl_easy_setopt(h, CURLOPT_URL, url);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, same ? all : cond);
        cc = curl_easy_perform(h);
        code = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
        if (cc != CURLE_OK || !is_redirect(code))
            break;
        char *loc = NULL;
        curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &loc);
        if (!loc) /* no Location: the 3xx is the answer */
            break;
        if (hop == INTEL_FEED_REDIRECTS) {
            cc = CURLE_TOO_MANY_REDIRECTS;
            break;
        }
        if (strncmp(loc, "http://", 7) != 0 && strncmp(loc, "https://", 8) != 0) {
            cc = CURLE_UNSUPPORTED_PROTOCOL;
            snprintf(ebuf, sizeof ebuf, "a redirect to %.200s: only http and https are fetched",
                     loc);
            break;
        }
        char *next = strdup(loc);
        if (!next || ftruncate(d->fd, 0) < 0 || lseek(d->fd, 0, SEEK_SET) < 0) {
            free(next);
            snprintf(r->error, sizeof r->error, "cannot follow the redirect: %s",
                     next ? strerror(errno) : "out of memory");
            r->http_status = (int)code;
            goto out;
        }
        free(url);
        url = next;
        d->bytes = 0;
    }
    r->http_status = (int)code;
    r->bytes = d->bytes;
    char lim[32];
    size_words(f->max_bytes, lim, sizeof lim);
    if (d->too_big || cc == CURLE_FILESIZE_EXCEEDED)
        snprintf(r->error, sizeof r->error, "the body is larger than the limit of %s", lim);
    else if (d->write_failed)
        snprintf(r->error, sizeof r->error, "cannot write the temporary file: %s",
                 strerror(d->write_failed));
    else if (cc == CURLE_TOO_MANY_REDIRECTS)
        snprintf(r->error, sizeof r->error, "more than %d redirects", INTEL_FEED_REDIRECTS);
    else if (cc == CURLE_OPERATION_TIMEDOUT)
        snprintf(r->error, sizeof r->error, "timed out: %s",
                 ebuf[0] ? ebuf : curl_easy_strerror(cc));
    else if (cc != CURLE_OK) {
        snprintf(r->error, sizeof r->error, "%s", ebuf[0] ? ebuf : curl_easy_strerror(cc));
        drop_timing(r->error);
    } else if (code == 304)
        r->ok = r->not_modified = 1;
    else if (code == 200)
        r->ok = 1;
    else
        snprintf(r->error, sizeof r->error, "the server answered %ld%s%s", code,
                 d->ans.reason[0] ? " " : "", d->ans.reason);
out:
    curl_slist_free_all(all);
    curl_slist_free_all(cond);
    curl_easy_cleanup(h);
    free(origin);
    free(url);
}

/* Import the body in fd (d->bytes long) under the source's options. */
static int import_body(intel *in, const store_feed_source *f, int fd, int64_t bytes,
                       intel_feed_result *r, gisac_err *err)
{
    intel_import_opts o;
    memset(&o, 0, sizeof o);
    if (feed_format_from_name(f->format, &o.format) < 0)
        o.format = FEED_AUTO;
    o.source = f->name;
    o.tlp = f->tlp;
    o.confidence = f->confidence;
    o.complete_grace = f->complete ? (f->grace > 0 ? f->grace : 1) : 0;
    const char **labels = NULL;
    json_t *a = f->labels_json ? json_loads(f->labels_json, 0, NULL) : NULL;
    size_t n = json_is_array(a) ? json_array_size(a) : 0;
    if (n && !(labels = calloc(n, sizeof *labels))) {
        json_decref(a);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        if (json_string_value(json_array_get(a, i)))
            labels[o.nlabels++] = json_string_value(json_array_get(a, i));
    o.labels = labels;
    void *map = NULL;
    if (bytes > 0) {
        map = mmap(NULL, (size_t)bytes, PROT_READ, MAP_PRIVATE, fd, 0);
        if (map == MAP_FAILED) {
            free(labels);
            json_decref(a);
            return gisac_err_set(err, GISAC_EIO, "cannot map the temporary file: %s",
                                 strerror(errno));
        }
    }
    int rc = intel_import_mem(in, f->name, map ? map : "", (size_t)bytes, &o, NULL, &r->sum, err);
    if (map)
        munmap(map, (size_t)bytes);
    free(labels);
    json_decref(a);
    return rc;
}

/*
 * A complete source that answered 304 still lists what it listed at its
 * last import; what it stopped listing before that is dropped once its
 * grace period is over, as after an import.
 */
static int age_unchanged(intel *in, const store_feed_source *f, int64_t now, size_t *dropped,
                         gisac_err *err)
{
    int64_t sid;
    int rc = store_source_lookup(in->st, f->name, &sid, err);
    if (rc == GISAC_ENOTFOUND) /* nothing imported yet */
        return 0;
    if (rc < 0 || (rc = store_begin(in->st, err)) < 0)
        return rc;
    rc = store_feed_relist(in->st, sid, now, err);
    if (rc == 0)
        rc = store_feed_age(in->st, sid, f->name, now - (f->grace > 0 ? f->grace : 1), now,
                            "no longer listed by any source", dropped, err);
    if (rc == 0 && *dropped > 0) {
        char d[64];
        snprintf(d, sizeof d, "{\"not_modified\":true,\"dropped\":%zu}", *dropped);
        rc = store_audit_append(in->st, now, "feed.age", f->name, d, err);
    }
    if (rc == 0)
        return store_commit(in->st, err);
    store_rollback(in->st);
    return rc;
}

int intel_feed_fetch(intel *in, const char *name, int64_t now, intel_feed_result *r, gisac_err *err)
{
    memset(r, 0, sizeof *r);
    gisac_arena *ar = gisac_arena_new(8192);
    if (!ar)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    store_feed_source f;
    int rc = store_feed_source_get(in->st, name, &f, ar, err);
    if (rc < 0) {
        gisac_arena_free(ar);
        return rc;
    }
    dl d;
    memset(&d, 0, sizeof d);
    d.max = f.max_bytes;
    gisac_err e = GISAC_ERR_INIT;
    d.fd = temp_file(&e);
    if (d.fd < 0) {
        snprintf(r->error, sizeof r->error, "%s", e.msg);
    } else {
        http_get(&f, &d, r);
        if (r->ok && !r->not_modified) {
            gisac_err_clear(&e);
            int irc = import_body(in, &f, d.fd, d.bytes, r, &e);
            if (irc == GISAC_ESTORE) { /* the store failed: an error, not a result */
                close(d.fd);
                gisac_arena_free(ar);
                *err = e;
                return irc;
            }
            if (irc < 0) {
                r->ok = 0;
                snprintf(r->error, sizeof r->error, "%s", e.msg);
            } else if (f.complete && r->sum.records == 0) {
                r->ok = 0;
                snprintf(r->error, sizeof r->error,
                         "the list holds no indicator; nothing was dropped");
            }
        }
        close(d.fd);
        if (r->ok && r->not_modified && f.complete) {
            int arc = age_unchanged(in, &f, now, &r->sum.dropped, &e);
            if (arc < 0) {
                gisac_arena_free(ar);
                *err = e;
                return arc;
            }
        }
    }
    /* the status, whatever happened */
    f.last_try = now;
    f.http_status = r->http_status;
    if (r->ok) {
        f.failures = 0;
        f.last_success = now;
        f.last_error = NULL;
        f.next_try = now + f.every;
        f.added = r->not_modified ? 0 : (int64_t)r->sum.imported;
        f.updated = r->not_modified ? 0 : (int64_t)r->sum.merged;
        f.dropped = (int64_t)r->sum.dropped;
        if (!r->not_modified) {
            f.etag = d.ans.etag[0] ? d.ans.etag : NULL;
            f.last_modified = d.ans.last_modified[0] ? d.ans.last_modified : NULL;
        }
    } else {
        f.failures++;
        /* back off: 1, 2, 4, ... minutes after each failure in a row, never
         * later than the source's own interval */
        int shift = f.failures - 1 < 10 ? f.failures - 1 : 10;
        int64_t wait = (int64_t)60 << shift;
        f.next_try = now + (wait < f.every ? wait : f.every);
        f.last_error = r->error;
        f.added = f.updated = f.dropped = 0; /* a failed import wrote nothing */
    }
    r->next_try = f.next_try;
    rc = store_feed_source_status(in->st, &f, err);
    gisac_arena_free(ar);
    return rc;
}
