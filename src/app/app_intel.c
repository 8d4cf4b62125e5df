/*
 * app_intel.c: indicators, allowlist, imports, exports, TAXII and
 * advisories, each use case with its role and TLP rule (app_intel.h).
 */
#include "app/app_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the caller's view ------------------------------------------------- */

int app_view_all(const auth_principal *who)
{
    return who->role == AUTH_ROLE_ADMIN || who->role == AUTH_ROLE_ANALYST;
}

app_view app_view_of(const auth_principal *who)
{
    app_view v = {TLP_UNSET, NULL};
    if (app_view_all(who))
        return v;
    v.max_tlp = TLP_GREEN;
    v.recipient = who->agency && *who->agency ? who->agency : NULL;
    return v;
}

int app_view_key(const auth_principal *who, gisac_buf *key)
{
    app_view v = app_view_of(who);
    int rc = v.max_tlp == TLP_UNSET ? gisac_buf_puts(key, "*")
                                    : gisac_buf_printf(key, "%s:%s", tlp_name(v.max_tlp),
                                                       v.recipient ? v.recipient : "");
    return rc < 0 ? GISAC_ENOMEM : 0;
}

/* The store's reader of who: what it sees is merged from the sources it may read. */
static store_view store_view_of(const auth_principal *who)
{
    app_view v = app_view_of(who);
    store_view sv = {v.max_tlp, v.recipient, TLP_UNSET};
    return sv;
}

/* ---- checks ------------------------------------------------------------ */

static int forbidden(gisac_err *err)
{
    return gisac_err_set(err, GISAC_EFORBIDDEN, "not allowed");
}

/* The intel service when who may act; NULL and *rc set otherwise. */
static intel *intel_for(app *a, const auth_principal *who, auth_action act, int *rc, gisac_err *err)
{
    if (!auth_can(who, act, NULL)) {
        *rc = forbidden(err);
        return NULL;
    }
    intel *in = app_intel_h(a, err);
    if (!in)
        *rc = app_h_fail(err);
    return in;
}

#define READER(in, a, who)                                                                         \
    int rc_ = 0;                                                                                   \
    intel *in = intel_for(a, who, AUTH_READ_INTEL, &rc_, err);                                     \
    if (!in)                                                                                       \
    return rc_
#define WRITER(in, a, who)                                                                         \
    int rc_ = 0;                                                                                   \
    intel *in = intel_for(a, who, AUTH_WRITE_INTEL, &rc_, err);                                    \
    if (!in)                                                                                       \
    return rc_

/* ---- search ------------------------------------------------------------ */

typedef struct vis_ctx {
    intel *in;
    app_view v;
    intel_hit_cb cb;
    void *ctx;
    size_t n;
    int failed;
    gisac_err *err;
} vis_ctx;

static int vis_cb(void *ctx, const intel_hit *h)
{
    vis_ctx *s = ctx; /* every hit is one who sees (intel_search_as) */
    s->n++;
    return s->cb(s->ctx, h);
}

static int search(intel *in, const auth_principal *who, const char *value, intel_hit_cb cb,
                  void *ctx, size_t *n, gisac_err *err)
{
    vis_ctx s = {in, app_view_of(who), cb, ctx, 0, 0, err};
    store_view sv = store_view_of(who);
    int rc = intel_search_as(in, &sv, value, vis_cb, &s, err);
    *n = s.n;
    if (s.failed)
        return s.failed;
    if (rc == GISAC_EINVAL && err)
        snprintf(err->field, sizeof err->field, "$.value");
    if (rc == 0 && !s.n) /* only what it may not read */
        return gisac_err_set(err, GISAC_ENOTFOUND, "%s: not found", value);
    return rc;
}

int app_search_intel(app *a, const auth_principal *who, const char *value, intel_hit_cb cb,
                     void *ctx, gisac_err *err)
{
    READER(in, a, who);
    size_t n;
    return search(in, who, value, cb, ctx, &n, err);
}

/* ---- an indicator's details, as JSON ------------------------------------- */

static int w_source(void *ctx, const store_sighting_source *s)
{
    app_jlist *l = ctx;
    if (app_jlist_sep(l))
        return (l->rc = GISAC_ENOMEM);
    return (l->rc = intel_source_to_json(s, l->b)) != 0;
}

static int w_sighting(void *ctx, const store_sighting *sg)
{
    app_jlist *l = ctx;
    if (app_jlist_sep(l))
        return (l->rc = GISAC_ENOMEM);
    return (l->rc = intel_sighting_to_json(sg, l->flags, l->b)) != 0;
}

static int w_recipient(void *ctx, const char *name)
{
    app_jlist *l = ctx;
    if (app_jlist_sep(l))
        return (l->rc = GISAC_ENOMEM);
    return (l->rc = intel_json_str(l->b, name)) != 0;
}

/* The end of a list filled by one of the writers above. */
static int w_end(gisac_buf *b, int rc_read, const app_jlist *l)
{
    if (rc_read < 0)
        return rc_read;
    if (l->rc)
        return l->rc;
    return gisac_buf_putc(b, ']') < 0 ? GISAC_ENOMEM : 0;
}

/* ,"sources":[...] and for staff ,"recipients":[...],"sightings":[...] */
static int details(intel *in, const store_view *sv, int64_t id, unsigned flags, gisac_buf *b,
                   gisac_err *err)
{
    int staff = sv->max_tlp == TLP_UNSET;
    app_jlist l = {.b = b, .flags = flags};
    if (gisac_buf_puts(b, ",\"sources\":[") < 0)
        return GISAC_ENOMEM;
    int rc = w_end(b, intel_sources_as(in, sv, id, w_source, &l, err), &l);
    if (rc == 0) /* inactive because no source lists it any more (feed aging) */
        rc = intel_delisted_json(in, id, b, err);
    if (rc < 0 || !staff)
        return rc;
    if (!(flags & INTEL_JSON_CLI)) {
        l.n = 0;
        if (gisac_buf_puts(b, ",\"recipients\":[") < 0)
            return GISAC_ENOMEM;
        if ((rc = w_end(b, intel_recipients(in, id, w_recipient, &l, err), &l)) < 0)
            return rc;
    }
    l.n = 0;
    if (gisac_buf_puts(b, ",\"sightings\":[") < 0)
        return GISAC_ENOMEM;
    return w_end(b, intel_sightings(in, id, w_sighting, &l, err), &l);
}

/* The indicator with its details (the API's shape). */
/*
 * What the indicator writers (sj_cb, one_cb) share: the reader and its
 * view, the flags and time of the rendering, the output and the hits
 * written to it, and the first failure (rc, its message in err).
 */
typedef struct ind_w {
    intel *in;
    store_view sv;
    unsigned flags;
    int64_t now;
    gisac_buf *b;
    size_t n;
    int rc;
    gisac_err *err;
} ind_w;

static int indicator_full(intel *in, const store_view *sv, const store_indicator *ind, int64_t now,
                          gisac_buf *b, gisac_err *err)
{
    int rc = intel_indicator_to_json_as(ind, intel_identity(in), now, INTEL_JSON_OPEN, b);
    if (rc == 0)
        rc = details(in, sv, ind->id, 0, b, err);
    if (rc == 0 && gisac_buf_putc(b, '}') < 0)
        rc = GISAC_ENOMEM;
    return rc;
}

/* ---- search as JSON --------------------------------------------------------- */

static int sj_cb(void *ctx, const intel_hit *h)
{
    ind_w *s = ctx;
    gisac_buf *b = s->b;
    int rc =
        gisac_buf_puts(b, s->n++ ? ",{\"relation\":" : "{\"relation\":") < 0 ? GISAC_ENOMEM : 0;
    if (rc == 0)
        rc = intel_json_str(b, h->relation);
    if (rc == 0)
        rc = gisac_buf_puts(b, ",\"indicator\":") < 0 ? GISAC_ENOMEM : 0;
    if (rc == 0 && (s->flags & INTEL_JSON_CLI)) {
        rc = intel_indicator_to_json_as(h->ind, intel_identity(s->in), s->now, INTEL_JSON_CLI, b);
        if (rc == 0) /* sources and sightings beside the indicator */
            rc = details(s->in, &s->sv, h->ind->id, INTEL_JSON_CLI, b, s->err);
    } else if (rc == 0) {
        rc = indicator_full(s->in, &s->sv, h->ind, s->now, b, s->err);
    }
    if (rc == 0 && gisac_buf_putc(b, '}') < 0)
        rc = GISAC_ENOMEM;
    s->rc = rc;
    return rc != 0;
}

static int render_failed(int rc, gisac_err *err)
{
    if (rc == GISAC_ENOMEM)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (rc == GISAC_EINVAL) /* a stored string that is not UTF-8 */
        return gisac_err_set(err, GISAC_ESTORE, "a stored text is not UTF-8");
    return rc;
}

int app_search_intel_json(app *a, const auth_principal *who, const char *value, unsigned flags,
                          gisac_buf *out, size_t *nhits, gisac_err *err)
{
    READER(in, a, who);
    ind_w s = {in, store_view_of(who), flags, gisac_now(), out, 0, 0, err};
    *nhits = 0;
    size_t n;
    int rc = gisac_buf_puts(out, "{\"query\":") < 0 ? GISAC_ENOMEM : intel_json_str(out, value);
    if (rc == GISAC_EINVAL)
        return gisac_err_at(err, GISAC_EINVAL, "$.value", "not UTF-8");
    if (rc == 0 && gisac_buf_puts(out, ",\"hits\":[") < 0)
        rc = GISAC_ENOMEM;
    if (rc < 0)
        return render_failed(rc, err);
    rc = search(in, who, value, sj_cb, &s, &n, err);
    if (s.rc)
        return render_failed(s.rc, err);
    if (rc < 0 && rc != GISAC_ENOTFOUND)
        return rc;
    if (gisac_buf_puts(out, "]}") < 0)
        return render_failed(GISAC_ENOMEM, err);
    *nhits = s.n;
    return 0;
}

/* ---- list, one, details -------------------------------------------------------- */

/* Each row with the STIX id it is served under: its own, else derived in
 * the installation's namespace (intel_indicator_to_json shows it). */
typedef struct served_ctx {
    store_indicator_cb cb; /* the caller's, with its ctx */
    void *ctx;
    const gisac_identity *ident;
} served_ctx;

static int served_cb(void *arg, const store_indicator *ind)
{
    char id[INTEL_ID_LEN];
    const served_ctx *s = arg;
    intel_indicator_id(s->ident, ind->type, ind->value, ind->stix_id, id);
    store_indicator row = *ind;
    row.stix_id = id;
    return s->cb(s->ctx, &row);
}

int app_list_intel(app *a, const auth_principal *who, const store_filter *f, const char *cursor,
                   size_t limit, store_indicator_cb cb, void *ctx, char next[INTEL_CURSOR_MAX],
                   int *more, gisac_err *err)
{
    READER(in, a, who);
    store_filter g = *f;
    app_view v = app_view_of(who);
    g.max_tlp = v.max_tlp;
    g.recipient = v.recipient;
    g.recipient_max = TLP_UNSET;
    served_ctx s = {cb, ctx, intel_identity(in)};
    if (!limit)
        return intel_list(in, &g, served_cb, &s, err);
    int rc = intel_list_page(in, &g, cursor, limit, served_cb, &s, next, more, err);
    if (rc == GISAC_EINVAL && err && !err->field[0])
        snprintf(err->field, sizeof err->field, "cursor");
    return rc;
}

static int one_cb(void *ctx, const store_indicator *ind)
{
    ind_w *o = ctx;
    o->rc = indicator_full(o->in, &o->sv, ind, o->now, o->b, o->err);
    return o->rc != 0;
}

int app_get_intel_json(app *a, const auth_principal *who, ioc_type type, const char *value,
                       gisac_buf *out, gisac_err *err)
{
    READER(in, a, who);
    app_view v = app_view_of(who);
    ind_w o = {in, store_view_of(who), 0, gisac_now(), out, 0, 0, err};
    int rc = intel_get_visible(in, type, value, v.max_tlp, v.recipient, one_cb, &o, err);
    if (o.rc)
        return render_failed(o.rc, err);
    return rc;
}

/* 0 when who may read ind (sets *in), else an error. */
static int readable(app *a, const auth_principal *who, const store_indicator *ind, intel **in,
                    gisac_err *err)
{
    int rc = 0;
    if (!(*in = intel_for(a, who, AUTH_READ_INTEL, &rc, err)))
        return rc;
    app_view v = app_view_of(who);
    int yes = 1;
    if (v.max_tlp != TLP_UNSET &&
        (rc = intel_visible(*in, v.max_tlp, v.recipient, ind, &yes, err)) < 0)
        return rc;
    return yes ? 0 : gisac_err_set(err, GISAC_ENOTFOUND, "no such indicator");
}

int app_intel_sources(app *a, const auth_principal *who, const store_indicator *ind,
                      store_source_cb cb, void *ctx, gisac_err *err)
{
    intel *in;
    int rc = readable(a, who, ind, &in, err);
    store_view sv = store_view_of(who);
    return rc < 0 ? rc : intel_sources_as(in, &sv, ind->id, cb, ctx, err);
}

int app_intel_sightings(app *a, const auth_principal *who, const store_indicator *ind,
                        store_sighting_cb cb, void *ctx, gisac_err *err)
{
    intel *in;
    int rc = readable(a, who, ind, &in, err);
    if (rc < 0)
        return rc;
    if (!app_view_all(who)) /* sightings name other agencies */
        return 0;
    return intel_sightings(in, ind->id, cb, ctx, err);
}

int app_intel_stats(app *a, const auth_principal *who, intel_stats *st, store_count_cb by_source,
                    void *ctx, gisac_err *err)
{
    if (!app_view_all(who))
        return forbidden(err);
    READER(in, a, who);
    return intel_get_stats(in, st, by_source, ctx, err);
}

int app_revoke_intel(app *a, const auth_principal *who, const char *value, const char *reason,
                     gisac_err *err)
{
    WRITER(in, a, who);
    return intel_revoke(in, value, reason, err);
}

int app_restore_intel(app *a, const auth_principal *who, const char *value, const char *reason,
                      gisac_err *err)
{
    WRITER(in, a, who);
    return intel_restore(in, value, reason, err);
}

/* ---- allowlist ----------------------------------------------------------- */

int app_allow_add(app *a, const auth_principal *who, const char *value, const char *comment,
                  size_t *flagged, gisac_err *err)
{
    WRITER(in, a, who);
    return intel_allow_add(in, value, comment, flagged, err);
}

int app_allow_remove(app *a, const auth_principal *who, const char *value, size_t *unflagged,
                     gisac_err *err)
{
    WRITER(in, a, who);
    return intel_allow_remove(in, value, unflagged, err);
}

int app_allow_list(app *a, const auth_principal *who, store_allow_cb cb, void *ctx, gisac_err *err)
{
    READER(in, a, who);
    return intel_allow_list(in, cb, ctx, err);
}

/* ---- imports ------------------------------------------------------------- */

int app_import_feed(app *a, const auth_principal *who, const char *const *paths, size_t npaths,
                    const intel_import_opts *o, const intel_reporter *rep,
                    intel_import_summary *sum, gisac_err *err)
{
    WRITER(in, a, who);
    return intel_import(in, paths, npaths, o, rep, sum, err);
}

int app_import_feed_data(app *a, const auth_principal *who, const char *name, const char *data,
                         size_t len, const intel_import_opts *o, const intel_reporter *rep,
                         intel_import_summary *sum, gisac_err *err)
{
    WRITER(in, a, who);
    return intel_import_buffer(in, name, data, len, o, rep, sum, err);
}

int app_add_intel(app *a, const auth_principal *who, const intel_new_indicator *v, size_t n,
                  const intel_import_opts *o, const intel_reporter *rep, intel_import_summary *sum,
                  size_t *bad, gisac_err *err)
{
    *bad = (size_t)-1;
    WRITER(in, a, who);
    return intel_add_indicators(in, v, n, o, rep, sum, bad, err);
}

/* ---- exports ------------------------------------------------------------- */

int app_export_intel(app *a, const auth_principal *who, const intel_export_opts *o,
                     const char *out_path, FILE *out, size_t *count, gisac_err *err)
{
    READER(in, a, who);
    intel_export_opts e = *o;
    app_view v = app_view_of(who);
    if (v.max_tlp != TLP_UNSET) {
        /* the view (green, and what is meant for its agency) within what was asked */
        e.recipient_max = e.max_tlp;
        if (e.max_tlp == TLP_UNSET || e.max_tlp > v.max_tlp)
            e.max_tlp = v.max_tlp;
        e.recipient = v.recipient;
    }
    if (e.format == EXPORT_MISP) { /* how long a deleted attribute stays (policy) */
        policy p;
        incident_policy_info info;
        int rc = app_get_policy(a, who, 0, &p, &info, err);
        if (rc < 0)
            return rc;
        e.deleted_keep = (int64_t)p.misp_deleted_days * 86400;
        policy_free(&p);
    }
    return intel_export(in, &e, out_path, out, count, err);
}
