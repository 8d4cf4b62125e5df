/*
 * app_auth_admin.c: the audit log and the notifications (app_auth.h):
 * administrators' business, on the handle's store.
 */
#include "app/app_internal.h"

#include <stdio.h>
#include <string.h>

static int admin_only(const auth_principal *who, const char *what, gisac_err *err)
{
    if (auth_can(who, AUTH_ADMIN, NULL))
        return 0;
    return gisac_err_set(err, GISAC_EFORBIDDEN, "only an administrator may %s", what);
}

/* ---- the audit log ------------------------------------------------------------- */

int app_audit_verify(app *a, const auth_principal *who, const audit_head *expect,
                     const audit_checkpoint *outside, audit_report *rep, audit_anchor *anc,
                     gisac_err *err)
{
    int rc = admin_only(who, "verify the audit log", err);
    return rc < 0 ? rc
                  : audit_verify_anchored(a->st, expect, a->sh->audit_key_path, outside, rep, anc,
                                          err);
}

int app_audit_checkpoint(app *a, const auth_principal *who, int if_moved, audit_checkpoint *out,
                         int *written, gisac_err *err)
{
    int rc = admin_only(who, "write an audit checkpoint", err);
    if (rc < 0)
        return rc;
    if (!a->sh->audit_key_path)
        return gisac_err_at(err, GISAC_EINVAL, "$.store",
                            "audit checkpoints need an SQLite file (their key lives beside it)");
    int64_t now = gisac_now();
    int w = 0;
    audit_checkpoint c;
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    rc = audit_checkpoint_write(a->st, a->sh->audit_key_path, now, if_moved, &c, &w, err);
    if (rc == 0 && w) {
        gisac_buf json = GISAC_BUF_INIT;
        char subject[96];
        snprintf(subject, sizeof subject, "audit checkpoint: entry %lld", (long long)c.seq);
        rc = audit_checkpoint_to_json(&c, &json);
        if (rc < 0)
            gisac_err_set(err, rc, "out of memory");
        else
            rc = notify_enqueue(a->st, AUDIT_CHECKPOINT_EVENT, NULL, subject, json.data, now, err);
        gisac_buf_free(&json);
        if (rc > 0)
            rc = 0;
    }
    if (rc == 0)
        rc = store_commit(a->st, err);
    else
        store_rollback(a->st);
    if (rc < 0)
        return rc;
    if (written)
        *written = w;
    if (out)
        *out = c;
    return 0;
}

int app_audit_head(app *a, const auth_principal *who, audit_head *out, gisac_err *err)
{
    int rc = admin_only(who, "read the audit log", err);
    return rc < 0 ? rc : audit_head_get(a->st, out, err);
}

int app_audit_list(app *a, const auth_principal *who, const audit_filter *f, store_audit_cb cb,
                   void *ctx, size_t *n, gisac_err *err)
{
    int rc = admin_only(who, "read the audit log", err);
    return rc < 0 ? rc : audit_list(a->st, f, cb, ctx, n, err);
}

/* The page's entries to the caller's cb, one more than limit only noted. */
typedef struct audit_page {
    size_t limit, n;
    int64_t last, next;
    store_audit_cb cb;
    void *ctx;
} audit_page;

static int page_one(void *ctx, const store_audit_entry *e)
{
    audit_page *p = ctx;
    if (p->n == p->limit) {
        p->next = p->last;
        return 1;
    }
    p->n++;
    p->last = e->seq;
    return p->cb(p->ctx, e);
}

int app_audit_page(app *a, const auth_principal *who, const audit_filter *f, size_t limit,
                   store_audit_cb cb, void *ctx, int64_t *next, gisac_buf *verification,
                   gisac_err *err)
{
    int rc = admin_only(who, "read the audit log", err);
    if (rc < 0)
        return rc;
    if (limit < 1 || limit > APP_AUDIT_PAGE_MAX)
        return gisac_err_at(err, GISAC_EINVAL, "$.limit", "must be 1 to %d", APP_AUDIT_PAGE_MAX);
    if (f->since && f->until && f->until <= f->since)
        return gisac_err_at(err, GISAC_EINVAL, "$.until", "must be later than since");
    audit_page p = {limit, 0, 0, 0, cb, ctx};
    *next = 0;
    rc = audit_list(a->st, f, page_one, &p, NULL, err);
    if (rc < 0)
        return rc;
    *next = p.next;
    if (!verification)
        return 0;
    audit_report rep;
    audit_anchor anc;
    gisac_err verr = GISAC_ERR_INIT;
    rc = audit_verify_anchored(a->st, NULL, a->sh->audit_key_path, NULL, &rep, &anc, &verr);
    if (rc == GISAC_ESTORE || rc == GISAC_ENOMEM) {
        *err = verr;
        return rc;
    }
    if (audit_verification_to_json(rc, verr.msg, &rep, &anc, verification) < 0)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    return 0;
}

/* ---- notifications --------------------------------------------------------------- */

#define NOTIFY_ADMIN(who, err)                                                                     \
    do {                                                                                           \
        int rc_ = admin_only(who, "manage notifications", err);                                    \
        if (rc_ < 0)                                                                               \
            return rc_;                                                                            \
    } while (0)

int app_notify_add(app *a, const auth_principal *who, const notify_sub_spec *spec, int64_t *id,
                   gisac_err *err)
{
    NOTIFY_ADMIN(who, err);
    return notify_sub_add(a->st, spec, gisac_now(), id, err);
}

int app_notify_list(app *a, const auth_principal *who, store_notify_sub_cb cb, void *ctx,
                    gisac_err *err)
{
    NOTIFY_ADMIN(who, err);
    return notify_sub_list(a->st, cb, ctx, err);
}

int app_notify_remove(app *a, const auth_principal *who, int64_t id, int64_t *cancelled,
                      gisac_err *err)
{
    NOTIFY_ADMIN(who, err);
    return notify_sub_remove(a->st, id, gisac_now(), cancelled, err);
}

int app_notify_smtp_set(app *a, const auth_principal *who, const char *url, const char *from,
                        const char *user, const char *password, gisac_err *err)
{
    NOTIFY_ADMIN(who, err);
    return notify_smtp_set(a->st, url, from, user, password, gisac_now(), err);
}

int app_notify_smtp_get(app *a, const auth_principal *who, notify_smtp *out, gisac_err *err)
{
    NOTIFY_ADMIN(who, err);
    int rc = notify_smtp_get(a->st, out, err);
    if (rc == 0 && !out->url[0])
        rc = gisac_err_set(err, GISAC_ENOTFOUND,
                           "no SMTP server is set (gisac notify smtp --url URL --from ADDRESS)");
    return rc;
}

int app_notify_config(app *a, const auth_principal *who, const notify_config *set,
                      notify_config *out, gisac_err *err)
{
    NOTIFY_ADMIN(who, err);
    int rc = set ? notify_config_set(a->st, set, gisac_now(), err) : 0;
    return rc < 0 ? rc : notify_config_get(a->st, out, err);
}

int app_notify_test(app *a, const auth_principal *who, const char *event, const char *agency,
                    const char *subject, int *queued, gisac_err *err)
{
    NOTIFY_ADMIN(who, err);
    gisac_buf payload = GISAC_BUF_INIT, subj = GISAC_BUF_INIT;
    int bad = gisac_buf_puts(&payload, "{\"test\":true,\"event\":");
    bad |= gisac_buf_json_str(&payload, event);
    bad |= gisac_buf_puts(&payload, ",\"agency\":");
    bad |= agency ? gisac_buf_json_str(&payload, agency) : gisac_buf_puts(&payload, "null");
    bad |= gisac_buf_putc(&payload, '}');
    if (!subject)
        bad |= gisac_buf_printf(&subj, "gisac test notification: %s", event);
    int rc = bad ? gisac_err_set(err, GISAC_ENOMEM, "out of memory")
                 : notify_enqueue(a->st, event, agency, subject ? subject : subj.data, payload.data,
                                  gisac_now(), err);
    gisac_buf_free(&payload);
    gisac_buf_free(&subj);
    if (rc < 0)
        return rc;
    *queued = rc;
    return 0;
}

int app_notify_deliver(app *a, const auth_principal *who, notify_pass *out, gisac_err *err)
{
    NOTIFY_ADMIN(who, err);
    notify_opts o = {0, 0, 0, {NULL, NULL, NULL}};
    app_notify_view(a, &o.view);
    return notify_deliver_due(a->st, gisac_now(), &o, out, err);
}

typedef struct preview_ctx {
    int64_t id, now;
    const notify_view *v;
    gisac_buf *text, *link;
    int found, rc;
} preview_ctx;

static int preview_one(void *ctx, const store_notify_delivery *d)
{
    preview_ctx *p = ctx;
    if (d->id != p->id)
        return 0;
    p->found = 1;
    gisac_buf subject = GISAC_BUF_INIT;
    p->rc = notify_render(d->event, d->agency, d->about, d->payload, d->subject, d->created,
                          d->lang, p->v, p->now, &subject, p->text, p->link);
    gisac_buf_free(&subject);
    return 1;
}

int app_notify_preview(app *a, const auth_principal *who, int64_t id, int64_t now, gisac_buf *text,
                       gisac_buf *link, gisac_err *err)
{
    NOTIFY_ADMIN(who, err);
    notify_view v;
    app_notify_view(a, &v);
    preview_ctx p = {id, now, &v, text, link, 0, 0};
    int rc = notify_queue(a->st, NULL, preview_one, &p, err);
    if (rc < 0)
        return rc;
    if (!p.found)
        return gisac_err_set(err, GISAC_ENOTFOUND, "delivery %lld: not found", (long long)id);
    return p.rc < 0 ? gisac_err_set(err, p.rc, "out of memory") : 0;
}

void app_notify_ref(app *a, int64_t id, char out[NOTIFY_REF_LEN])
{
    notify_view v;
    app_notify_view(a, &v);
    notify_delivery_ref(&v, id, out);
}

int app_notify_queue(app *a, const auth_principal *who, const char *status,
                     store_notify_delivery_cb cb, void *ctx, gisac_err *err)
{
    NOTIFY_ADMIN(who, err);
    static const char *const known[] = {"pending", "sent", "failed", "cancelled"};
    int ok = !status;
    for (size_t i = 0; i < sizeof known / sizeof known[0] && !ok; i++)
        ok = strcmp(status, known[i]) == 0;
    if (!ok)
        return gisac_err_at(err, GISAC_EINVAL, "$.status", "pending, sent, failed or cancelled");
    return notify_queue(a->st, status, cb, ctx, err);
}

int app_notify_log(app *a, const auth_principal *who, int failed_only, store_notify_attempt_cb cb,
                   void *ctx, gisac_err *err)
{
    NOTIFY_ADMIN(who, err);
    return notify_log(a->st, failed_only, cb, ctx, err);
}
