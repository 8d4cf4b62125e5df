/*
 * feed_sandbox.c: a parse in the sandbox's parse helper (feed_opts.sandbox,
 * feed_sandbox.h): the helper parses and sends every callback as a frame;
 * the parent checks each frame and calls the sink (feed_internal.h has the
 * frames).
 */
#include "feed/feed_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the helper: callbacks to frames ------------------------------------- */

typedef struct child_ctx {
    sandbox_out *out;
    gisac_buf b;
    int failed; /* a frame could not be sent: the parent is gone */
} child_ctx;

static int put_u32(gisac_buf *b, uint32_t v)
{
    return gisac_buf_append(b, &v, sizeof v);
}

static int put_str(gisac_buf *b, const char *s)
{
    size_t n = s ? strlen(s) + 1 : 0;
    if (n > SANDBOX_FRAME_MAX)
        return GISAC_EINVAL;
    return put_u32(b, (uint32_t)n) < 0 || (n && gisac_buf_append(b, s, n) < 0) ? GISAC_ENOMEM : 0;
}

static int c_send(child_ctx *c, unsigned tag)
{
    if (c->failed || c->b.len > SANDBOX_FRAME_MAX ||
        sandbox_send(c->out, tag, c->b.data, c->b.len) < 0) {
        c->failed = 1;
        return GISAC_EIO;
    }
    return 0;
}

static int c_record(void *ctx, const feed_record *r)
{
    child_ctx *c = ctx;
    gisac_buf *b = &c->b;
    gisac_buf_reset(b);
    unsigned char head[4] = {(unsigned char)r->type, (unsigned char)(signed char)r->tlp,
                             (unsigned char)(r->matchable != 0), 0};
    int32_t conf = r->confidence;
    uint32_t warn = r->warn, nl = (uint32_t)r->nlabels;
    int64_t t[4] = {r->first_seen, r->last_seen, r->valid_from, r->valid_until};
    int bad = gisac_buf_append(b, head, 4) < 0 || gisac_buf_append(b, &conf, 4) < 0 ||
              put_u32(b, warn) < 0 || gisac_buf_append(b, t, sizeof t) < 0 || put_u32(b, nl) < 0;
    const char *s[7] = {r->value,      r->stix_id, r->name,  r->description,
                        r->created_by, r->where,   r->source};
    for (int i = 0; i < 7 && !bad; i++)
        bad = put_str(b, s[i]) < 0;
    for (size_t i = 0; i < r->nlabels && !bad; i++)
        bad = put_str(b, r->labels[i]) < 0;
    if (bad) {
        c->failed = 1;
        return GISAC_ENOMEM;
    }
    return c_send(c, FEED_FRAME_RECORD);
}

static void c_say(child_ctx *c, unsigned tag, const char *where, const char *msg)
{
    gisac_buf_reset(&c->b);
    if (put_str(&c->b, where) < 0 || put_str(&c->b, msg) < 0)
        c->failed = 1;
    else
        c_send(c, tag);
}

static void c_reject(void *ctx, const char *where, const char *msg)
{
    c_say(ctx, FEED_FRAME_REJECT, where, msg);
}

static void c_unsupported(void *ctx, const char *where, const char *msg)
{
    c_say(ctx, FEED_FRAME_UNSUPPORTED, where, msg);
}

static void c_warn(void *ctx, const char *where, const char *msg)
{
    c_say(ctx, FEED_FRAME_WARN, where, msg);
}

static void c_progress(void *ctx, size_t done, size_t total)
{
    child_ctx *c = ctx;
    uint64_t v[2] = {done, total};
    if (!c->failed && sandbox_send(c->out, FEED_FRAME_PROGRESS, v, sizeof v) < 0)
        c->failed = 1;
}

void feed_sandbox_prepare(void)
{
    /* jansson seeds its hash function from /dev/urandom on first use: here,
     * where files can still be opened */
    json_object_seed(0);
}

int feed_sandbox_serve(int nargs, char **args, const char *data, size_t len, feed_parse_fn parser,
                       sandbox_out *out, gisac_err *err)
{
    const char *name = "input";
    feed_opts o = {0};
    int quiet = 0;
    for (int i = 0; i < nargs; i++) {
        const char *a = args[i];
        if (strncmp(a, "name=", 5) == 0)
            name = a + 5;
        else if (strncmp(a, "format=", 7) == 0)
            o.format = (feed_format)atoi(a + 7);
        else if (strncmp(a, "column=", 7) == 0)
            o.column = a + 7;
        else if (strcmp(a, "quiet") == 0)
            quiet = 1;
        else
            return gisac_err_set(err, GISAC_EINVAL,
                                 "%s: the parse helper's argument '%s' is unknown", name, a);
    }
    child_ctx c = {.out = out, .b = GISAC_BUF_INIT};
    feed_sink sink = {&c, c_record, c_reject, c_unsupported, c_warn, c_progress};
    int rc = parser ? parser(name, data, len, &o, &sink, err)
                    : feed_parse_here(name, data, len, &o, &sink, err, quiet);
    if (rc == 0 && c.failed)
        rc = gisac_err_set(err, GISAC_EIO, "%s: the results could not be sent", name);
    gisac_buf_free(&c.b);
    return rc;
}

static int feed_kind_run(int nargs, char **args, const char *data, size_t len, sandbox_out *out,
                         gisac_err *err)
{
    return feed_sandbox_serve(nargs, args, data, len, NULL, out, err);
}

const sandbox_kind feed_sandbox_kind = {FEED_SANDBOX_KIND, feed_sandbox_prepare, feed_kind_run};

/* ---- the parent: frames to callbacks ------------------------------------ */

typedef struct cur {
    const unsigned char *p;
    size_t n;
    int bad;
} cur;

static void take(cur *c, void *out, size_t k)
{
    if (c->bad || c->n < k) {
        c->bad = 1;
        memset(out, 0, k);
        return;
    }
    memcpy(out, c->p, k);
    c->p += k;
    c->n -= k;
}

/* a string: NULL for none; one NUL, at its end */
static const char *take_str(cur *c)
{
    uint32_t n;
    take(c, &n, 4);
    if (c->bad || n == 0)
        return NULL;
    if (n > c->n || c->p[n - 1] != 0 || memchr(c->p, 0, n - 1)) {
        c->bad = 1;
        return NULL;
    }
    const char *s = (const char *)c->p;
    c->p += n;
    c->n -= n;
    return s;
}

static int bad_frame(feed_frames *f, gisac_err *err, const char *why)
{
    return gisac_err_set(err, GISAC_EABORT, "%s: the sandboxed parser sent a bad frame (%s)",
                         f->name, why);
}

static int take_record(feed_frames *f, cur *c, gisac_err *err)
{
    feed_record r;
    memset(&r, 0, sizeof r);
    unsigned char head[4];
    int32_t conf;
    uint32_t warn, nl;
    int64_t t[4];
    take(c, head, 4);
    take(c, &conf, 4);
    take(c, &warn, 4);
    take(c, t, sizeof t);
    take(c, &nl, 4);
    if (c->bad)
        return bad_frame(f, err, "short record");
    int tlp = (signed char)head[1];
    if (head[0] >= IOC_TYPE_COUNT || tlp < TLP_UNSET || tlp > TLP_RED || head[2] > 1 ||
        head[3] != 0 || conf < -1 || conf > 100 ||
        (warn & ~(unsigned)(IOC_WARN_HOSTBITS | IOC_WARN_DEFANGED)))
        return bad_frame(f, err, "a number out of range");
    /* each label takes at least its 4-byte length */
    if (nl > c->n / 4)
        return bad_frame(f, err, "too many labels");
    r.type = (ioc_type)head[0];
    r.tlp = (gisac_tlp)tlp;
    r.matchable = head[2];
    r.confidence = conf;
    r.warn = warn;
    r.first_seen = t[0];
    r.last_seen = t[1];
    r.valid_from = t[2];
    r.valid_until = t[3];
    r.value = take_str(c);
    r.stix_id = take_str(c);
    r.name = take_str(c);
    r.description = take_str(c);
    r.created_by = take_str(c);
    r.where = take_str(c);
    r.source = take_str(c);
    if (nl > f->labels_cap) {
        const char **v = realloc(f->labels, nl * sizeof *v);
        if (!v)
            return gisac_err_set(err, GISAC_ENOMEM, "%s: out of memory", f->name);
        f->labels = v;
        f->labels_cap = nl;
    }
    for (uint32_t i = 0; i < nl; i++)
        if (!(f->labels[i] = take_str(c)))
            c->bad = 1;
    r.labels = f->labels;
    r.nlabels = nl;
    if (c->bad || c->n)
        return bad_frame(f, err, "malformed record");
    if (!r.value || !r.where)
        return bad_frame(f, err, "a record without its value or place");
    /* the value must be what the normalisation makes of it */
    ioc_type type;
    gisac_err ne;
    size_t vl = strlen(r.value);
    if (vl >= IOC_VALUE_MAX ||
        ioc_normalise(r.type, r.value, vl, f->value, sizeof f->value, &type, NULL, &ne) < 0 ||
        type != r.type || strcmp(f->value, r.value) != 0)
        return bad_frame(f, err, "a value not in its normal form");
    if (!f->sink->record)
        return 0;
    int rc = f->sink->record(f->sink->ctx, &r);
    if (rc < 0 && err && err->code == 0)
        gisac_err_set(err, rc, "%s: stopped (%s)", f->name, gisac_strerror(rc));
    return rc;
}

int feed_frame_take(feed_frames *f, unsigned tag, const unsigned char *p, size_t n, gisac_err *err)
{
    cur c = {p, n, 0};
    const feed_sink *s = f->sink;
    switch (tag) {
    case FEED_FRAME_RECORD:
        return take_record(f, &c, err);
    case FEED_FRAME_REJECT:
    case FEED_FRAME_UNSUPPORTED:
    case FEED_FRAME_WARN: {
        const char *where = take_str(&c), *msg = take_str(&c);
        if (c.bad || c.n || !where || !msg)
            return bad_frame(f, err, "malformed message");
        void (*fn)(void *, const char *, const char *) = tag == FEED_FRAME_REJECT ? s->reject
                                                         : tag == FEED_FRAME_WARN ? s->warn
                                                                                  : s->unsupported;
        if (fn)
            fn(s->ctx, where, msg);
        return 0;
    }
    case FEED_FRAME_PROGRESS: {
        uint64_t v[2];
        take(&c, v, sizeof v);
        if (c.bad || c.n || v[0] > v[1] || v[1] > SIZE_MAX)
            return bad_frame(f, err, "malformed progress");
        if (s->progress)
            s->progress(s->ctx, (size_t)v[0], (size_t)v[1]);
        return 0;
    }
    default:
        return bad_frame(f, err, "unknown tag");
    }
}

void feed_frames_free(feed_frames *f)
{
    free(f->labels);
    f->labels = NULL;
    f->labels_cap = 0;
}

static int parent_frame(void *ctx, unsigned tag, const unsigned char *p, size_t n, gisac_err *err)
{
    return feed_frame_take(ctx, tag, p, n, err);
}

int feed_parse_sandboxed(const char *name, const char *data, size_t len, const feed_opts *opts,
                         const feed_sink *sink, gisac_err *err, int quiet)
{
    char format[32];
    snprintf(format, sizeof format, "format=%d", (int)opts->format);
    gisac_buf name_arg = GISAC_BUF_INIT, column_arg = GISAC_BUF_INIT;
    const char *args[4] = {format};
    size_t nargs = 1;
    feed_frames *f = calloc(1, sizeof *f);
    int rc = !f || gisac_buf_printf(&name_arg, "name=%s", name) < 0 ? GISAC_ENOMEM : 0;
    args[nargs++] = name_arg.data;
    if (rc == 0 && opts->column) {
        rc = gisac_buf_printf(&column_arg, "column=%s", opts->column) < 0 ? GISAC_ENOMEM : 0;
        args[nargs++] = column_arg.data;
    }
    if (quiet)
        args[nargs++] = "quiet";
    if (rc < 0) {
        rc = gisac_err_set(err, GISAC_ENOMEM, "%s: out of memory", name);
    } else {
        f->name = name;
        f->sink = sink;
        sandbox_job job = {opts->kind ? opts->kind : FEED_SANDBOX_KIND, args, nargs, data, len};
        sandbox_limits lim = {opts->sandbox_cpu_seconds, 0};
        gisac_err e = GISAC_ERR_INIT;
        rc = sandbox_run(name, &job, parent_frame, f, &lim, &e);
        if (rc < 0 && err)
            *err = e;
        feed_frames_free(f);
    }
    free(f);
    gisac_buf_free(&name_arg);
    gisac_buf_free(&column_arg);
    return rc;
}
