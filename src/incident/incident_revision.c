/*
 * incident_revision.c: every revision of an incident report's content
 * (incident.h, "revisions"): written by the report and by every update in
 * the writing transaction, read oldest first.
 */
#include "incident/incident_internal.h"

#include <string.h>

static const char *support_name(int s)
{
    return s == INCIDENT_SUPPORT_YES ? "true" : s == INCIDENT_SUPPORT_NO ? "false" : "null";
}

/* The members after the first, each with its leading comma. */
static void next_str(gisac_buf *b, const char *name, const char *v)
{
    gisac_buf_puts(b, ",");
    incident_json_str(b, name, v);
}

static void next_time(gisac_buf *b, const char *name, int64_t t)
{
    gisac_buf_puts(b, ",");
    incident_json_time(b, name, t);
}

int incident_revision_content(const store_incident *r, gisac_buf *out)
{
    gisac_buf *b = out;
    gisac_buf_puts(b, "{");
    incident_json_str(b, "title", r->title);
    next_str(b, "description", r->description);
    next_str(b, "category", r->category);
    next_str(b, "asset", r->asset);
    next_str(b, "confidentiality", r->confidentiality);
    next_str(b, "integrity", r->integrity);
    next_str(b, "availability", r->availability);
    if (r->level_override)
        gisac_buf_printf(b, ",\"level_override\":%d", r->level_override);
    else
        gisac_buf_puts(b, ",\"level_override\":null");
    next_str(b, "override_reason", r->override_reason);
    next_time(b, "occurred_at", r->occurred_at);
    next_time(b, "aware_at", r->aware_at);
    next_str(b, "measures", r->measures);
    gisac_buf_printf(b, ",\"support_needed\":%s", support_name(r->support_needed));
    next_str(b, "support_detail", r->support_detail);
    next_str(b, "notes", r->notes);
    next_str(b, "channel", r->channel && *r->channel ? r->channel : "portal");
    next_time(b, "received_at", r->received_at);
    return gisac_buf_puts(b, "}") < 0 ? GISAC_ENOMEM : 0;
}

int incident_revision_add(incident_svc *svc, const store_incident *r, const char *changed,
                          const char *actor, int64_t ts, gisac_err *err)
{
    gisac_buf c = GISAC_BUF_INIT;
    int rc = incident_revision_content(r, &c);
    if (rc < 0 || !c.data) {
        gisac_buf_free(&c);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    store_incident_revision rv = {r->id, 0, ts, actor, changed, c.data};
    rc = store_incident_revision_add(svc->st, &rv, err);
    gisac_buf_free(&c);
    return rc;
}

typedef struct rev_ctx {
    incident_revision_cb cb;
    void *ctx;
} rev_ctx;

static int rev_row(void *ctx, const store_incident_revision *r)
{
    rev_ctx *c = ctx;
    incident_revision rv = {r->n, r->ts, r->actor, r->changed, r->content};
    return c->cb(c->ctx, &rv);
}

int incident_revisions(incident_svc *svc, const auth_principal *who, const char *id,
                       incident_revision_cb cb, void *ctx, gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    store_incident r;
    int rc = incident_load(svc, who, id, &r, err);
    if (rc < 0)
        return rc;
    rev_ctx c = {cb, ctx};
    return store_incident_revision_iter(svc->st, r.id, rev_row, &c, err);
}

int incident_revision_to_json(const incident_revision *rv, gisac_buf *out)
{
    gisac_buf b = GISAC_BUF_INIT;
    gisac_buf_printf(&b, "{\"n\":%d,", rv->n);
    incident_json_time(&b, "at", rv->ts);
    gisac_buf_puts(&b, ",");
    incident_json_str(&b, "by", rv->actor);
    /* both are JSON the service wrote */
    gisac_buf_printf(&b, ",\"changed\":%s,\"content\":%s}", rv->changed ? rv->changed : "[]",
                     rv->content ? rv->content : "{}");
    int rc = b.data ? gisac_buf_append(out, b.data, b.len) : -1;
    gisac_buf_free(&b);
    return rc < 0 ? GISAC_ENOMEM : 0;
}
