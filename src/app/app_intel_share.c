/*
 * app_intel_share.c: sharing (TAXII collections, advisories), each read
 * under the caller's view (app_view_of), each write with its role and
 * agency rule: an agency writes to its own collection only.
 */
#include "app/app_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int forbidden(gisac_err *err)
{
    return gisac_err_set(err, GISAC_EFORBIDDEN, "not allowed");
}

/* ---- collections --------------------------------------------------------- */

static void coll_shared(const auth_principal *who, app_taxii_coll *c)
{
    memset(c, 0, sizeof *c);
    intel_taxii_collection_id(c->id);
    c->can_read = auth_can(who, AUTH_READ_INTEL, NULL);
}

static void coll_advisories(const auth_principal *who, app_taxii_coll *c)
{
    memset(c, 0, sizeof *c);
    advisory_taxii_collection_id(c->id);
    c->advisories = 1;
    c->can_read = auth_can(who, AUTH_READ_INTEL, NULL);
}

static void coll_agency(const auth_principal *who, const auth_agency *ag, app_taxii_coll *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->agency, sizeof c->agency, "%s", ag->id);
    snprintf(c->name, sizeof c->name, "%s", ag->name);
    intel_taxii_agency_collection_id(ag->id, c->id);
    intel_taxii_agency_source(ag->id, c->source);
    c->can_read = auth_can(who, AUTH_READ_AGENCY, ag->id);
    c->can_write = auth_can(who, AUTH_WRITE_AGENCY, ag->id);
}

typedef struct coll_ctx {
    const auth_principal *who;
    app_taxii_coll_cb cb;
    void *ctx;
    const char *want; /* find: this collection id */
    app_taxii_coll *found;
    int stop;
} coll_ctx;

static int agency_cb(void *ctx, const auth_agency *ag)
{
    coll_ctx *l = ctx;
    app_taxii_coll c;
    coll_agency(l->who, ag, &c);
    if (!c.can_read && !c.can_write)
        return 0;
    if (l->want) {
        if (strcmp(c.id, l->want) != 0)
            return 0;
        *l->found = c;
        return (l->stop = 1);
    }
    return (l->stop = l->cb(l->ctx, &c));
}

int app_taxii_collections(app *a, const auth_principal *who, app_taxii_coll_cb cb, void *ctx,
                          gisac_err *err)
{
    app_taxii_coll c;
    coll_shared(who, &c);
    if (c.can_read && cb(ctx, &c))
        return 0;
    coll_advisories(who, &c);
    if (c.can_read && cb(ctx, &c))
        return 0;
    auth *au = app_auth_h(a, err);
    if (!au)
        return app_h_fail(err);
    coll_ctx l = {who, cb, ctx, NULL, NULL, 0};
    return auth_agency_list(au, agency_cb, &l, err);
}

int app_taxii_collection(app *a, const auth_principal *who, const char *id, app_taxii_coll *out,
                         gisac_err *err)
{
    coll_shared(who, out);
    if (strcmp(out->id, id) == 0)
        return out->can_read ? 0 : gisac_err_set(err, GISAC_ENOTFOUND, "no such collection");
    coll_advisories(who, out);
    if (strcmp(out->id, id) == 0)
        return out->can_read ? 0 : gisac_err_set(err, GISAC_ENOTFOUND, "no such collection");
    if (!gisac_uuid_valid(id, strlen(id)))
        return gisac_err_set(err, GISAC_ENOTFOUND, "no such collection");
    auth *au = app_auth_h(a, err);
    if (!au)
        return app_h_fail(err);
    coll_ctx l = {who, NULL, NULL, id, out, 0};
    int rc = auth_agency_list(au, agency_cb, &l, err);
    if (rc < 0)
        return rc;
    return l.stop ? 0 : gisac_err_set(err, GISAC_ENOTFOUND, "no such collection");
}

/* ---- reads ----------------------------------------------------------------- */

/* The service for a read of c, with q's viewer and source set. */
static intel *coll_reader(app *a, const auth_principal *who, const app_taxii_coll *c,
                          intel_taxii_query *q, int *rc, gisac_err *err)
{
    if (!c->can_read) {
        *rc = forbidden(err);
        return NULL;
    }
    app_view v = app_view_of(who);
    q->max_tlp = v.max_tlp;
    q->recipient = v.recipient;
    q->source = c->agency[0] ? c->source : NULL;
    intel *in = app_intel_h(a, err);
    if (!in)
        *rc = app_h_fail(err);
    return in;
}

int app_taxii_page(app *a, const auth_principal *who, const app_taxii_coll *c, intel_taxii_query *q,
                   intel_taxii_page *page, gisac_err *err)
{
    int rc = 0;
    intel *in = coll_reader(a, who, c, q, &rc, err);
    return in ? intel_taxii_page_get(in, q, page, err) : rc;
}

int app_taxii_object(app *a, const auth_principal *who, const app_taxii_coll *c,
                     intel_taxii_query *q, const char *stix_id, gisac_buf *obj, int64_t *added,
                     gisac_err *err)
{
    int rc = 0;
    intel *in = coll_reader(a, who, c, q, &rc, err);
    return in ? intel_taxii_object_get(in, q, stix_id, obj, added, err) : rc;
}

int app_taxii_versions(app *a, const auth_principal *who, const app_taxii_coll *c,
                       intel_taxii_query *q, const char *stix_id, int64_t *modified, int64_t *added,
                       gisac_err *err)
{
    int rc = 0;
    intel *in = coll_reader(a, who, c, q, &rc, err);
    return in ? intel_taxii_versions(in, q, stix_id, modified, added, err) : rc;
}

/* The service for reading advisories, with the viewer set. */
static intel *adv_reader(app *a, const auth_principal *who, advisory_viewer *v, int *rc,
                         gisac_err *err)
{
    if (!auth_can(who, AUTH_READ_INTEL, NULL)) {
        *rc = forbidden(err);
        return NULL;
    }
    app_view w = app_view_of(who);
    v->max_tlp = w.max_tlp;
    v->recipient = w.recipient;
    intel *in = app_intel_h(a, err);
    if (!in)
        *rc = app_h_fail(err);
    return in;
}

int app_taxii_advisory_page(app *a, const auth_principal *who, advisory_taxii_query *q,
                            advisory_taxii_page *page, gisac_err *err)
{
    int rc = 0;
    intel *in = adv_reader(a, who, &q->viewer, &rc, err);
    return in ? advisory_taxii_page_get(in, q, page, err) : rc;
}

int app_taxii_advisory_object(app *a, const auth_principal *who, advisory_taxii_query *q,
                              const char *stix_id, advisory_taxii_page *page, gisac_err *err)
{
    int rc = 0;
    intel *in = adv_reader(a, who, &q->viewer, &rc, err);
    return in ? advisory_taxii_object_get(in, q, stix_id, page, err) : rc;
}

int app_taxii_advisory_versions(app *a, const auth_principal *who, advisory_taxii_query *q,
                                const char *stix_id, gisac_buf *out, size_t *count, int64_t *first,
                                int64_t *last, gisac_err *err)
{
    int rc = 0;
    intel *in = adv_reader(a, who, &q->viewer, &rc, err);
    return in ? advisory_taxii_versions(in, q, stix_id, out, count, first, last, err) : rc;
}

/* ---- writes ---------------------------------------------------------------- */

int app_taxii_add(app *a, const auth_principal *who, const app_taxii_coll *c, const char *body,
                  size_t len, gisac_buf *status, gisac_err *err)
{
    /* an agency's own collection only: recomputed, not taken from c */
    if (!c->agency[0] || !auth_can(who, AUTH_WRITE_AGENCY, c->agency))
        return gisac_err_set(err, GISAC_EFORBIDDEN, "this collection is not writable for you");
    intel *in = app_intel_h(a, err);
    if (!in)
        return app_h_fail(err);
    char sid[GISAC_UUID_LEN];
    const char *actor = app_actor(a);
    int rc = 0;
    char *keep = actor ? strdup(actor) : NULL;
    if (who->name)
        app_set_actor(a, who->name);
    rc = intel_taxii_add(in, c->agency, who->account_id, body, len, sid, err);
    if (rc == 0)
        rc = intel_taxii_status(in, sid, who->account_id, 0, status, err);
    if (keep) {
        app_set_actor(a, keep);
        free(keep);
    }
    return rc;
}

int app_taxii_status(app *a, const auth_principal *who, const char *id, gisac_buf *out,
                     gisac_err *err)
{
    intel *in = app_intel_h(a, err);
    if (!in)
        return app_h_fail(err);
    return intel_taxii_status(in, id, who->account_id, app_view_all(who), out, err);
}

int app_taxii_delete(app *a, const auth_principal *who, const app_taxii_coll *c,
                     const char *stix_id, gisac_err *err)
{
    int rc = 0;
    if (c->advisories) {
        /* advisories are revised with gisac advisory, never deleted over TAXII */
        advisory_taxii_query aq;
        memset(&aq, 0, sizeof aq);
        aq.limit = 1;
        gisac_buf v = GISAC_BUF_INIT;
        size_t count = 0;
        int64_t f, l;
        rc = app_taxii_advisory_versions(a, who, &aq, stix_id, &v, &count, &f, &l, err);
        gisac_buf_free(&v);
        if (rc < 0)
            return rc;
        return gisac_err_set(err, GISAC_EFORBIDDEN, "advisories are revised, not deleted");
    }
    int may = c->agency[0] ? auth_can(who, AUTH_WRITE_AGENCY, c->agency)
                           : auth_can(who, AUTH_WRITE_INTEL, NULL);
    intel_taxii_query q;
    memset(&q, 0, sizeof q);
    q.limit = 1;
    app_taxii_coll r = *c;
    r.can_read = 1; /* seeing is the viewer's business here: 404 before 403 */
    intel *in = coll_reader(a, who, &r, &q, &rc, err);
    if (!in)
        return rc;
    if (!may) {
        int64_t m, ad;
        rc = intel_taxii_versions(in, &q, stix_id, &m, &ad, err);
        if (rc < 0)
            return rc;
        return gisac_err_set(err, GISAC_EFORBIDDEN, "you may not delete from this collection");
    }
    const char *actor = app_actor(a);
    char *keep = actor ? strdup(actor) : NULL;
    if (who->name)
        app_set_actor(a, who->name);
    rc = intel_taxii_delete(in, &q, stix_id, err);
    if (keep) {
        app_set_actor(a, keep);
        free(keep);
    }
    return rc;
}

/* ---- advisories -------------------------------------------------------------- */

int app_publish_advisory(app *a, const auth_principal *who, const advisory_input *v, int64_t now,
                         advisory **out, advisory_where *where, gisac_err *err)
{
    if (!auth_can(who, AUTH_WRITE_INTEL, NULL))
        return forbidden(err);
    intel *in = app_intel_h(a, err);
    if (!in)
        return app_h_fail(err);
    /* the number's year is the local one */
    advisory_input local = *v;
    const gisac_tz *tz = NULL;
    int rc = app_time_zone(a, &tz, err);
    if (rc < 0)
        return rc;
    local.tz = tz;
    return advisory_publish(in, &local, now, out, where, err);
}

int app_get_advisory(app *a, const auth_principal *who, const char *id, int revision,
                     advisory **out, gisac_err *err)
{
    int rc = 0;
    advisory_viewer v;
    intel *in = adv_reader(a, who, &v, &rc, err);
    return in ? advisory_get(in, id, revision, &v, out, err) : rc;
}

int app_list_advisories(app *a, const auth_principal *who, const advisory_filter *f,
                        const char *cursor, size_t limit, advisory_cb cb, void *ctx,
                        char next[ADVISORY_ID_MAX], int *more, gisac_err *err)
{
    int rc = 0;
    advisory_viewer v;
    intel *in = adv_reader(a, who, &v, &rc, err);
    if (!in)
        return rc;
    if (!limit)
        return advisory_list(in, f, &v, cb, ctx, err);
    return advisory_list_page(in, f, &v, cursor, limit, cb, ctx, next, more, err);
}

int app_count_advisories(app *a, const auth_principal *who, int64_t from, int64_t to, int64_t *n,
                         gisac_err *err)
{
    if (!app_view_all(who)) /* counts every TLP */
        return forbidden(err);
    intel *in = app_intel_h(a, err);
    if (!in)
        return app_h_fail(err);
    return advisory_count(in, from, to, n, err);
}

int app_advisory_bundle(app *a, const auth_principal *who, const advisory *adv, int64_t now,
                        gisac_buf *out, gisac_err *err)
{
    int rc = 0;
    advisory_viewer v;
    intel *in = adv_reader(a, who, &v, &rc, err);
    return in ? advisory_stix_bundle_as(in, adv, &v, now, out, err) : rc;
}
