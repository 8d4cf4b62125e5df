/*
 * app_feed.c: feed sources fetched on schedule, staff only (app_feed.h).
 */
#include "app/app_internal.h"

#include <stdlib.h>
#include <string.h>

/* The intel service when who is staff; NULL and *rc set otherwise. */
static intel *staff(app *a, const auth_principal *who, int *rc, gisac_err *err)
{
    if (!app_view_all(who)) {
        *rc = gisac_err_set(err, GISAC_EFORBIDDEN, "not allowed");
        return NULL;
    }
    intel *in = app_intel_h(a, err);
    if (!in)
        *rc = app_h_fail(err);
    return in;
}

#define STAFF(in)                                                                                  \
    int rc_ = 0;                                                                                   \
    intel *in = staff(a, who, &rc_, err);                                                          \
    if (!in)                                                                                       \
    return rc_

int app_feed_add(app *a, const auth_principal *who, const intel_feed_def *d, gisac_err *err)
{
    STAFF(in);
    if (d->name && strcmp(d->name, "import") == 0) /* POST /api/v1/feeds/import is the upload */
        return gisac_err_at(err, GISAC_EINVAL, "$.name", "import: the name is reserved");
    return intel_feed_add(in, d, err);
}

int app_feed_remove(app *a, const auth_principal *who, const char *name, gisac_err *err)
{
    STAFF(in);
    return intel_feed_remove(in, name, err);
}

int app_feed_enable(app *a, const auth_principal *who, const char *name, int enable, gisac_err *err)
{
    STAFF(in);
    return intel_feed_enable(in, name, enable, err);
}

int app_feed_get(app *a, const auth_principal *who, const char *name, store_feed_source *out,
                 gisac_arena *arena, gisac_err *err)
{
    STAFF(in);
    int rc = intel_feed_get(in, name, out, arena, err);
    if (rc == 0 && intel_feed_mask(out, arena) < 0) /* no front end sees a secret */
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    return rc;
}

typedef struct masked {
    store_feed_source_cb cb;
    void *ctx;
    int oom;
} masked;

static int masked_cb(void *ctx, const store_feed_source *f)
{
    masked *m = ctx;
    gisac_arena *ar = gisac_arena_new(1024);
    store_feed_source g = *f;
    if (!ar || intel_feed_mask(&g, ar) < 0) {
        gisac_arena_free(ar);
        return (m->oom = 1);
    }
    int rc = m->cb(m->ctx, &g);
    gisac_arena_free(ar);
    return rc;
}

int app_feed_list(app *a, const auth_principal *who, store_feed_source_cb cb, void *ctx,
                  gisac_err *err)
{
    STAFF(in);
    masked m = {cb, ctx, 0};
    int rc = intel_feed_list(in, masked_cb, &m, err);
    if (rc >= 0 && m.oom)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    return rc;
}

int app_feed_get_json(app *a, const auth_principal *who, const char *name, gisac_buf *out,
                      gisac_err *err)
{
    gisac_arena *ar = gisac_arena_new(8192);
    if (!ar)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    store_feed_source f;
    int rc = app_feed_get(a, who, name, &f, ar, err);
    if (rc == 0 && intel_feed_source_to_json(&f, out) < 0)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    gisac_arena_free(ar);
    return rc;
}

static int lj_cb(void *ctx, const store_feed_source *f)
{
    app_jlist *l = ctx;
    if (app_jlist_sep(l) || intel_feed_source_to_json(f, l->b) < 0)
        return (l->bad = 1);
    return 0;
}

int app_feed_list_json(app *a, const auth_principal *who, gisac_buf *out, gisac_err *err)
{
    app_jlist l = {.b = out};
    if (gisac_buf_puts(out, "{\"feeds\":[") < 0)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    int rc = app_feed_list(a, who, lj_cb, &l, err);
    if (rc < 0)
        return rc;
    if (l.bad || gisac_buf_puts(out, "]}") < 0)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    return 0;
}

int app_feed_fetch(app *a, const auth_principal *who, const char *name, intel_feed_result *r,
                   gisac_err *err)
{
    STAFF(in);
    return intel_feed_fetch(in, name, gisac_now(), r, err);
}

int app_feed_result_to_json(const char *name, const intel_feed_result *r, gisac_buf *out)
{
    int bad = gisac_buf_puts(out, "{\"name\":");
    bad |= gisac_buf_json_str(out, name);
    bad |= gisac_buf_printf(out, ",\"ok\":%s,\"not_modified\":%s", r->ok ? "true" : "false",
                            r->not_modified ? "true" : "false");
    if (r->http_status)
        bad |= gisac_buf_printf(out, ",\"http_status\":%d", r->http_status);
    else
        bad |= gisac_buf_puts(out, ",\"http_status\":null");
    bad |= gisac_buf_printf(out, ",\"bytes\":%lld", (long long)r->bytes);
    if (r->ok && r->not_modified)
        bad |= gisac_buf_printf(out, ",\"dropped\":%zu", r->sum.dropped);
    if (r->ok && !r->not_modified)
        bad |= gisac_buf_printf(out,
                                ",\"records\":%zu,\"added\":%zu,\"updated\":%zu,"
                                "\"unchanged\":%zu,\"dropped\":%zu,\"rejected\":%zu",
                                r->sum.records, r->sum.imported, r->sum.merged, r->sum.unchanged,
                                r->sum.dropped, r->sum.rejected);
    bad |= gisac_buf_puts(out, ",\"error\":");
    bad |= r->ok ? gisac_buf_puts(out, "null") : gisac_buf_json_str(out, r->error);
    char ts[GISAC_TIME_LEN];
    gisac_time_format(r->next_try, ts);
    bad |= gisac_buf_printf(out, ",\"next_try\":\"%s\"}", ts);
    return bad ? GISAC_ENOMEM : 0;
}

/* ---- the scheduler's pass ----------------------------------------------------- */

typedef struct due {
    char **names;
    size_t n, cap;
    int oom;
} due;

static int due_cb(void *ctx, const store_feed_source *f)
{
    due *d = ctx;
    char *s = strdup(f->name);
    if (!s || gisac_push(&d->names, &d->n, &d->cap, sizeof s, 8, &s) < 0) {
        free(s);
        d->oom = 1;
        return 1;
    }
    return 0;
}

int app_feed_fetch_due(app *a, int64_t now, app_feed_done_fn done, int (*stop)(void *ctx),
                       void *ctx, gisac_err *err)
{
    intel *in = app_intel_h(a, err);
    if (!in)
        return app_h_fail(err);
    due d = {0};
    int rc = intel_feed_due(in, now, due_cb, &d, err);
    if (rc >= 0 && d.oom)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    int fetched = 0;
    for (size_t i = 0; rc >= 0 && i < d.n; i++) {
        if (stop && stop(ctx))
            break;
        intel_feed_result r;
        gisac_err e = GISAC_ERR_INIT;
        int frc = intel_feed_fetch(in, d.names[i], gisac_now(), &r, &e);
        if (frc == GISAC_ENOTFOUND) /* removed meanwhile */
            continue;
        if (frc < 0) {
            *err = e;
            rc = frc;
            break;
        }
        fetched++;
        if (done)
            done(ctx, d.names[i], &r);
    }
    for (size_t i = 0; i < d.n; i++)
        free(d.names[i]);
    free(d.names);
    return rc < 0 ? rc : fetched;
}
