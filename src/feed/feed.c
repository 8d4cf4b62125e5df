/*
 * feed.c: format names, detection, dispatch, the helpers the parsers share,
 * and reading files and MISP feed directories.
 */
#include "feed/feed_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- names -------------------------------------------------------------- */

static const char *const format_names[] = {"auto", "plain", "csv", "ndjson", "stix", "misp"};

const char *feed_format_name(feed_format f)
{
    if ((int)f < 0 || (size_t)f >= sizeof format_names / sizeof format_names[0])
        return "unknown";
    return format_names[f];
}

int feed_ieq(const char *s, size_t len, const char *lit)
{
    size_t i = 0;
    for (; i < len && lit[i]; i++) {
        unsigned char a = (unsigned char)s[i], b = (unsigned char)lit[i];
        if (a >= 'A' && a <= 'Z')
            a = (unsigned char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = (unsigned char)(b - 'A' + 'a');
        if (a != b)
            return 0;
    }
    return i == len && lit[i] == '\0';
}

int feed_format_from_name(const char *name, feed_format *out)
{
    if (!name)
        return GISAC_EINVAL;
    for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++) {
        if (feed_ieq(name, strlen(name), format_names[i])) {
            if (out)
                *out = (feed_format)i;
            return 0;
        }
    }
    return GISAC_EINVAL;
}

/* ---- shared helpers ----------------------------------------------------- */

void feed_record_init(feed_record *r)
{
    memset(r, 0, sizeof *r);
    r->type = IOC_AUTO;
    r->confidence = -1;
    r->tlp = TLP_UNSET;
    r->matchable = 1;
}

void feed_progress_at(feed_ctx *c, size_t done)
{
    if (c->quiet_progress || !c->sink->progress) {
        c->next_progress = SIZE_MAX;
        return;
    }
    if (done > c->total)
        done = c->total;
    c->sink->progress(c->sink->ctx, done, c->total);
    c->next_progress = (done / FEED_PROGRESS_STEP + 1) * FEED_PROGRESS_STEP;
}

/* Format a message into c->msg and hand it to fn, one of the sink's (NULL: not wanted). */
static void say(feed_ctx *c, void (*fn)(void *, const char *, const char *), const char *where,
                const char *fmt, va_list ap)
{
    if (!fn)
        return;
    gisac_buf_reset(&c->msg);
    int bad = gisac_buf_vprintf(&c->msg, fmt, ap) < 0 || !c->msg.data;
    fn(c->sink->ctx, where, bad ? "out of memory" : c->msg.data);
}

void feed_reject(feed_ctx *c, const char *where, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say(c, c->sink->reject, where, fmt, ap);
    va_end(ap);
}

void feed_unsupported(feed_ctx *c, const char *where, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say(c, c->sink->unsupported, where, fmt, ap);
    va_end(ap);
}

void feed_warn(feed_ctx *c, const char *where, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say(c, c->sink->warn, where, fmt, ap);
    va_end(ap);
}

const char *feed_where_line(feed_ctx *c, size_t line)
{
    char num[24];
    int k = 0;
    do {
        num[k++] = (char)('0' + line % 10);
        line /= 10;
    } while (line && k < (int)sizeof num);
    char rev[24];
    for (int i = 0; i < k; i++)
        rev[i] = num[k - 1 - i];
    gisac_buf_reset(&c->where);
    if (gisac_buf_puts(&c->where, c->name) < 0 || gisac_buf_putc(&c->where, ':') < 0 ||
        gisac_buf_append(&c->where, rev, (size_t)k) < 0)
        return c->name;
    return c->where.data;
}

const char *feed_where_json(feed_ctx *c, gisac_buf *b, const char *fmt, ...)
{
    gisac_buf_reset(b);
    va_list ap;
    va_start(ap, fmt);
    int rc = gisac_buf_printf(b, "%s: ", c->name);
    if (rc >= 0)
        rc = gisac_buf_vprintf(b, fmt, ap);
    va_end(ap);
    if (rc < 0 || !b->data)
        return c->name;
    return b->data;
}

int feed_norm(feed_ctx *c, ioc_type want, const char *in, size_t len, const char *where,
              ioc_type *type, unsigned *warn)
{
    gisac_err_clear(&c->verr);
    *warn = 0;
    if (ioc_normalise(want, in, len, c->value, sizeof c->value, type, warn, &c->verr) == 0)
        return 1;
    /* the value rejected, as given: its first FEED_SHOWN bytes, anything not printable as '?' */
    char shown[FEED_SHOWN + 4];
    size_t n = 0;
    for (; n < len && n < FEED_SHOWN; n++) {
        unsigned char ch = (unsigned char)in[n];
        shown[n] = ch < 0x20 || ch == 0x7f || ch == '"' ? '?' : (char)ch;
    }
    /* not in the middle of a UTF-8 sequence */
    if (n < len)
        while (n > 0 && ((unsigned char)in[n] & 0xc0) == 0x80)
            n--;
    memcpy(shown + n, n < len ? "..." : "", n < len ? 4 : 1);
    feed_reject(c, where, "%s (value \"%s\")",
                c->verr.msg[0] ? c->verr.msg : "not a valid indicator", shown);
    return 0;
}

int feed_send(feed_ctx *c, feed_record *r, const char *in, size_t len)
{
    r->value = c->value;
    if (r->warn & IOC_WARN_HOSTBITS) {
        if (len > 256)
            len = 256;
        feed_warn(c, r->where, "host bits set in %.*s; imported as %s", (int)len, in, r->value);
    }
    if (!c->sink->record)
        return 0;
    int rc = c->sink->record(c->sink->ctx, r);
    return rc < 0 ? rc : 0;
}

int feed_emit(feed_ctx *c, feed_record *r, ioc_type want, const char *in, size_t len,
              const char *reject_where)
{
    ioc_type t;
    unsigned w;
    if (!feed_norm(c, want, in, len, reject_where ? reject_where : r->where, &t, &w))
        return 0;
    r->type = t;
    r->warn = w;
    return feed_send(c, r, in, len);
}

void feed_labels_reset(feed_labels *l)
{
    gisac_buf_reset(&l->text);
    l->n = 0;
}

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\v' || ch == '\f';
}

int feed_labels_add(feed_labels *l, const char *s, size_t len)
{
    if (!s)
        return 0;
    while (len && is_space(*s)) {
        s++;
        len--;
    }
    while (len && is_space(s[len - 1]))
        len--;
    if (!len || l->n >= FEED_MAX_LABELS || feed_ieq(s, len, "none") || feed_ieq(s, len, "null") ||
        feed_ieq(s, len, "n/a"))
        return 0;
    if (memchr(s, '\0', len))
        return 0;
    for (size_t i = 0; i < l->n; i++) {
        const char *o = l->text.data + l->off[i];
        if (strncmp(o, s, len) == 0 && o[len] == '\0')
            return 0;
    }
    size_t off = l->text.len;
    if (gisac_buf_append(&l->text, s, len) < 0 || gisac_buf_append(&l->text, "", 1) < 0)
        return GISAC_ENOMEM;
    l->off[l->n++] = off;
    return 0;
}

int feed_labels_add_list(feed_labels *l, const char *s, size_t len, char sep)
{
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == sep) {
            if (feed_labels_add(l, s + start, i - start) < 0)
                return GISAC_ENOMEM;
            start = i + 1;
        }
    }
    return 0;
}

int feed_labels_add_array(feed_labels *l, const json_t *a)
{
    size_t i;
    const json_t *e;
    json_array_foreach(a, i, e)
    {
        if (json_is_string(e) &&
            feed_labels_add(l, json_string_value(e), json_string_length(e)) < 0)
            return GISAC_ENOMEM;
    }
    return 0;
}

void feed_labels_apply(feed_labels *l, feed_record *r)
{
    for (size_t i = 0; i < l->n; i++)
        l->ptr[i] = l->text.data + l->off[i];
    r->labels = l->n ? l->ptr : NULL;
    r->nlabels = l->n;
}

int feed_json_error(feed_ctx *c, const json_error_t *je)
{
    if (je->line > 0 && je->column > 0)
        return gisac_err_set(c->err, GISAC_EINVAL, "%s:%d:%d: %s", c->name, je->line, je->column,
                             je->text);
    if (je->line > 0)
        return gisac_err_set(c->err, GISAC_EINVAL, "%s:%d: %s", c->name, je->line, je->text);
    return gisac_err_set(c->err, GISAC_EINVAL, "%s: %s", c->name, je->text);
}

int feed_nomem(feed_ctx *c)
{
    return gisac_err_set(c->err, GISAC_ENOMEM, "%s: out of memory", c->name);
}

const char *feed_json_str(const json_t *o, const char *key, int nonempty)
{
    const char *s = json_string_value(json_object_get(o, key));
    if (s && nonempty && !*s)
        return NULL;
    return s;
}

int feed_json_bool(const json_t *v, int def)
{
    if (json_is_true(v))
        return 1;
    if (json_is_false(v))
        return 0;
    if (json_is_integer(v))
        return json_integer_value(v) != 0;
    const char *s = json_string_value(v);
    if (s) {
        size_t n = strlen(s);
        if (feed_ieq(s, n, "1") || feed_ieq(s, n, "true") || feed_ieq(s, n, "yes"))
            return 1;
        if (feed_ieq(s, n, "0") || feed_ieq(s, n, "false") || feed_ieq(s, n, "no") || n == 0)
            return 0;
    }
    return def;
}

int64_t feed_json_time(const json_t *v)
{
    int64_t t;
    if (json_is_integer(v))
        return json_integer_value(v) > 0 ? json_integer_value(v) : 0;
    if (json_is_real(v)) {
        double d = json_real_value(v);
        return d > 0 && d < 1e15 ? (int64_t)d : 0;
    }
    const char *s = json_string_value(v);
    if (s && gisac_time_parse(s, strlen(s), &t) == 0 && t > 0)
        return t;
    return 0;
}

/* ---- CSV column names (used by detection and by the CSV parser) ---------- */

static const char *const known_columns[] = {
    "value",     "indicator",   "ioc",         "url",
    "dst_ip",    "ip",          "ip_address",  "cidr",
    "network",   "domain",      "hostname",    "host",
    "sha256",    "sha256_hash", "sha1",        "md5",
    "md5_hash",  "email",       "first_seen",  "first_seen_utc",
    "dateadded", "last_seen",   "last_online", "malware",
    "threat",    "tags",        "x509_sha256", "android_package",
};

int feed_csv_known_name(const char *s, size_t len)
{
    while (len && (is_space(*s) || *s == '"')) {
        s++;
        len--;
    }
    while (len && (is_space(s[len - 1]) || s[len - 1] == '"'))
        len--;
    for (size_t i = 0; i < sizeof known_columns / sizeof known_columns[0]; i++)
        if (feed_ieq(s, len, known_columns[i]))
            return 1;
    return 0;
}

int feed_csv_header_like(const char *s, size_t len)
{
    size_t fields = 1, known = 0, start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == ',') {
            known += (size_t)feed_csv_known_name(s + start, i - start);
            if (i < len)
                fields++;
            start = i + 1;
        }
    }
    return fields >= 2 && known >= 1;
}

/* ---- detection ---------------------------------------------------------- */

static const char *find(const char *h, size_t hn, const char *needle)
{
    size_t nn = strlen(needle);
    if (nn > hn)
        return NULL;
    for (size_t i = 0; i + nn <= hn; i++) {
        const char *p = memchr(h + i, needle[0], hn - nn + 1 - i);
        if (!p)
            return NULL;
        if (memcmp(p, needle, nn) == 0)
            return p;
        i = (size_t)(p - h);
    }
    return NULL;
}

static const char *extension(const char *name)
{
    if (!name)
        return "";
    const char *slash = strrchr(name, '/');
    const char *base = slash ? slash + 1 : name;
    const char *dot = strrchr(base, '.');
    return dot ? dot + 1 : "";
}

static int ext_is(const char *ext, const char *want)
{
    return feed_ieq(ext, strlen(ext), want);
}

/* earliest position of any of the keys in h[0..n), or SIZE_MAX */
static size_t earliest(const char *h, size_t n, const char *const *keys)
{
    size_t best = SIZE_MAX;
    for (; *keys; keys++) {
        const char *p = find(h, n, *keys);
        if (p && (size_t)(p - h) < best)
            best = (size_t)(p - h);
    }
    return best;
}

static feed_format detect_json(const char *ext, const char *d, size_t n)
{
    if (d[0] == '{') {
        /* NDJSON: the first line is a whole object and another object line follows */
        const char *nl = memchr(d, '\n', n);
        if (nl) {
            size_t rest = n - (size_t)(nl - d) - 1;
            const char *r = nl + 1;
            while (rest && is_space(*r)) {
                r++;
                rest--;
            }
            if (rest && *r == '{') {
                json_error_t je;
                json_t *v = json_loadb(d, (size_t)(nl - d), 0, &je);
                int whole = v != NULL;
                json_decref(v);
                if (whole)
                    return FEED_NDJSON;
            }
        }
        if (ext_is(ext, "ndjson") || ext_is(ext, "jsonl"))
            return FEED_NDJSON;
    }
    static const char *const misp_keys[] = {"\"Event\"", "\"Attribute\"", "\"response\"", NULL};
    static const char *const stix_keys[] = {"\"objects\"", "\"spec_version\"", "\"pattern\"",
                                            "\"bundle\"", NULL};
    size_t lim = n < 65536 ? n : 65536;
    size_t m = earliest(d, lim, misp_keys), s = earliest(d, lim, stix_keys);
    if (m != SIZE_MAX || s != SIZE_MAX)
        return m < s ? FEED_MISP : FEED_STIX;
    return d[0] == '{' ? FEED_NDJSON : FEED_STIX;
}

static feed_format detect_text(const char *ext, const char *d, size_t n)
{
    if (ext_is(ext, "csv"))
        return FEED_CSV;
    size_t pos = 0;
    int lines = 0;
    while (pos < n && lines < 200) {
        const char *ls = d + pos;
        const char *nl = memchr(ls, '\n', n - pos);
        size_t ll = nl ? (size_t)(nl - ls) : n - pos;
        pos += ll + 1;
        while (ll && is_space(*ls)) {
            ls++;
            ll--;
        }
        while (ll && is_space(ls[ll - 1]))
            ll--;
        if (!ll)
            continue;
        lines++;
        if (ls[0] == '#') {
            if (feed_csv_header_like(ls + 1, ll - 1))
                return FEED_CSV;
            continue;
        }
        if (feed_csv_header_like(ls, ll) || feed_csv_known_name(ls, ll))
            return FEED_CSV;
        if (ls[0] == '"' && memchr(ls, ',', ll))
            return FEED_CSV;
        return FEED_PLAIN;
    }
    return FEED_PLAIN;
}

static size_t skip_bom(const char *d, size_t n)
{
    return n >= 3 && (unsigned char)d[0] == 0xEF && (unsigned char)d[1] == 0xBB &&
                   (unsigned char)d[2] == 0xBF
               ? 3
               : 0;
}

feed_format feed_detect(const char *name, const char *data, size_t len)
{
    if (!data)
        len = 0;
    size_t i = skip_bom(data, len);
    while (i < len && is_space(data[i]))
        i++;
    const char *ext = extension(name);
    if (i < len && (data[i] == '{' || data[i] == '['))
        return detect_json(ext, data + i, len - i);
    if (i == len) {
        if (ext_is(ext, "json"))
            return FEED_STIX;
        if (ext_is(ext, "ndjson") || ext_is(ext, "jsonl"))
            return FEED_NDJSON;
    }
    return detect_text(ext, data ? data : "", len);
}

/* ---- dispatch ----------------------------------------------------------- */

/* The parser of each format (FEED_AUTO is detected first). */
static int (*const parsers[])(feed_ctx *c, const char *d, size_t n) = {
    [FEED_PLAIN] = feed_parse_plain,   [FEED_CSV] = feed_parse_csv,
    [FEED_NDJSON] = feed_parse_ndjson, [FEED_STIX] = feed_parse_stix,
    [FEED_MISP] = feed_parse_misp,
};

static int parse_buffer(const char *name, const char *data, size_t len, const feed_opts *opts,
                        const feed_sink *sink, gisac_err *err, int quiet)
{
    static const feed_sink nosink;
    static const feed_opts noopts;
    if (!opts)
        opts = &noopts;
    if (!sink)
        sink = &nosink;
    if (!name)
        name = "input";
    if (!data && len)
        return gisac_err_set(err, GISAC_EINVAL, "%s: no data", name);
    if (!data)
        data = "";
    if (opts->sandbox)
        return feed_parse_sandboxed(name, data, len, opts, sink, err, quiet);
    return feed_parse_here(name, data, len, opts, sink, err, quiet);
}

int feed_parse_here(const char *name, const char *data, size_t len, const feed_opts *opts,
                    const feed_sink *sink, gisac_err *err, int quiet)
{
    if (opts->kind && strcmp(opts->kind, FEED_SANDBOX_KIND) != 0)
        return gisac_err_set(err, GISAC_EUNSUPPORTED,
                             "%s: the parser '%s' runs only in the sandbox's parse helper", name,
                             opts->kind);
    size_t bom = skip_bom(data, len);
    data += bom;
    len -= bom;

    feed_format f = opts->format;
    if ((int)f < FEED_AUTO || f > FEED_MISP)
        return gisac_err_set(err, GISAC_EINVAL, "%s: unknown feed format %d", name, (int)f);
    if (f == FEED_AUTO)
        f = feed_detect(name, data, len);

    feed_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return gisac_err_set(err, GISAC_ENOMEM, "%s: out of memory", name);
    c->name = name;
    c->opts = opts;
    c->sink = sink;
    c->err = err;
    c->total = len;
    c->quiet_progress = quiet;
    c->next_progress = FEED_PROGRESS_STEP;

    int rc = (size_t)f < sizeof parsers / sizeof parsers[0] && parsers[f]
                 ? parsers[f](c, data, len)
                 : gisac_err_set(err, GISAC_EINVAL, "%s: unknown feed format", name);
    if (rc == 0 && !quiet && sink->progress)
        sink->progress(sink->ctx, len, len);
    if (rc < 0 && err && err->code == 0)
        gisac_err_set(err, rc, "%s: stopped (%s)", name, gisac_strerror(rc));
    gisac_buf_free(&c->where);
    gisac_buf_free(&c->where2);
    gisac_buf_free(&c->msg);
    gisac_buf_free(&c->labels.text);
    free(c);
    return rc;
}

int feed_parse(const char *name, const char *data, size_t len, const feed_opts *opts,
               const feed_sink *sink, gisac_err *err)
{
    if (err)
        gisac_err_clear(err);
    return parse_buffer(name, data, len, opts, sink, err, 0);
}

/* ---- files and MISP feed directories ------------------------------------ */

static int join(gisac_buf *b, const char *dir, const char *file)
{
    gisac_buf_reset(b);
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/')
        dl--;
    if (gisac_buf_append(b, dir, dl) < 0 || gisac_buf_putc(b, '/') < 0 ||
        gisac_buf_puts(b, file) < 0)
        return GISAC_ENOMEM;
    return 0;
}

static int parse_misp_dir(const char *path, const feed_opts *opts, const feed_sink *sink,
                          gisac_err *err)
{
    gisac_buf p = GISAC_BUF_INIT, data = GISAC_BUF_INIT, where = GISAC_BUF_INIT;
    json_t *manifest = NULL;
    int rc = 0;
    if (join(&p, path, "manifest.json") < 0) {
        rc = gisac_err_set(err, GISAC_ENOMEM, "%s: out of memory", path);
        goto out;
    }
    struct stat st;
    if (stat(p.data, &st) < 0) {
        rc = gisac_err_set(err, GISAC_EINVAL, "%s: a directory without manifest.json", path);
        goto out;
    }
    if ((rc = gisac_read_file(p.data, &data, err)) < 0)
        goto out;
    json_error_t je;
    manifest = json_loadb(data.data ? data.data : "", data.len, 0, &je);
    if (!manifest) {
        rc = gisac_err_set(err, GISAC_EINVAL, "%s:%d:%d: %s", p.data, je.line, je.column, je.text);
        goto out;
    }
    if (!json_is_object(manifest)) {
        rc = gisac_err_set(err, GISAC_EINVAL, "%s: not a MISP feed manifest (an object of events)",
                           p.data);
        goto out;
    }
    feed_opts inner = opts ? *opts : (feed_opts){0};
    inner.format = FEED_MISP;
    size_t total = json_object_size(manifest), done = 0;
    const char *key;
    json_t *meta;
    json_object_foreach(manifest, key, meta)
    {
        (void)meta;
        done++;
        if (!gisac_uuid_valid(key, strlen(key))) {
            gisac_buf_reset(&where);
            if (gisac_buf_printf(&where, "%s: $[", p.data) < 0 ||
                gisac_buf_json_str(&where, key) < 0 || gisac_buf_putc(&where, ']') < 0) {
                rc = gisac_err_set(err, GISAC_ENOMEM, "%s: out of memory", path);
                goto out;
            }
            if (sink && sink->reject)
                sink->reject(sink->ctx, where.data, "manifest key is not an event UUID");
            continue;
        }
        char file[GISAC_UUID_LEN + 8];
        snprintf(file, sizeof file, "%s.json", key);
        if (join(&where, path, file) < 0) {
            rc = gisac_err_set(err, GISAC_ENOMEM, "%s: out of memory", path);
            goto out;
        }
        gisac_buf_reset(&data);
        gisac_err e2;
        gisac_err_clear(&e2);
        int se = stat(where.data, &st) < 0 ? errno : 0;
        if (se || !S_ISREG(st.st_mode)) {
            if (sink && sink->reject)
                sink->reject(sink->ctx, where.data,
                             se == ENOENT ? "event file listed in manifest.json is missing"
                             : se         ? strerror(se)
                                          : "event file is not a regular file");
            continue;
        }
        if (gisac_read_file(where.data, &data, &e2) < 0) {
            if (sink && sink->reject)
                sink->reject(sink->ctx, where.data, e2.msg);
            continue;
        }
        rc = parse_buffer(where.data, data.data ? data.data : "", data.len, &inner, sink, &e2, 1);
        if (rc == GISAC_EINVAL) {
            /* a broken event file does not spoil the others */
            if (sink && sink->reject)
                sink->reject(sink->ctx, where.data, e2.msg);
            rc = 0;
        } else if (rc < 0) {
            if (err)
                *err = e2;
            goto out;
        }
        if (sink && sink->progress)
            sink->progress(sink->ctx, done, total);
    }
out:
    json_decref(manifest);
    gisac_buf_free(&p);
    gisac_buf_free(&data);
    gisac_buf_free(&where);
    return rc;
}

int feed_parse_path(const char *path, const feed_opts *opts, const feed_sink *sink, gisac_err *err)
{
    if (err)
        gisac_err_clear(err);
    if (!path)
        return gisac_err_set(err, GISAC_EINVAL, "no path");
    int is_stdin = strcmp(path, "-") == 0;
    struct stat st;
    if (!is_stdin) {
        if (stat(path, &st) < 0)
            return gisac_err_set(err, GISAC_EIO, "%s: %s", path, strerror(errno));
        if (S_ISDIR(st.st_mode)) {
            if (opts && opts->format != FEED_AUTO && opts->format != FEED_MISP)
                return gisac_err_set(err, GISAC_EINVAL,
                                     "%s: a directory can only be read as a MISP feed", path);
            return parse_misp_dir(path, opts, sink, err);
        }
    }
    gisac_buf b = GISAC_BUF_INIT;
    int rc = gisac_read_file(path, &b, err);
    if (rc == 0)
        rc = parse_buffer(is_stdin ? "stdin" : path, b.data ? b.data : "", b.len, opts, sink, err,
                          0);
    gisac_buf_free(&b);
    return rc;
}
