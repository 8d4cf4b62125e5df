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

int incident_revision_content(const store_incident *r, gisac_buf *out)
{
    gisac_buf *b = out;
    gisac_buf_puts(b, "{");
    incident_json_str(b, "title", r->title);
    incident_jstr(b, "description", r->description);
    incident_jstr(b, "category", r->category);
    incident_jstr(b, "asset", r->asset);
    incident_jstr(b, "confidentiality", r->confidentiality);
    incident_jstr(b, "integrity", r->integrity);
    incident_jstr(b, "availability", r->availability);
    if (r->level_override)
        gisac_buf_printf(b, ",\"level_override\":%d", r->level_override);
    else
        gisac_buf_puts(b, ",\"level_override\":null");
    incident_jstr(b, "override_reason", r->override_reason);
    incident_jtime(b, "occurred_at", r->occurred_at);
    incident_jtime(b, "aware_at", r->aware_at);
    incident_jstr(b, "measures", r->measures);
    gisac_buf_printf(b, ",\"support_needed\":%s", support_name(r->support_needed));
    incident_jstr(b, "support_detail", r->support_detail);
    incident_jstr(b, "notes", r->notes);
    incident_jstr(b, "channel", r->channel && *r->channel ? r->channel : "portal");
    incident_jtime(b, "received_at", r->received_at);
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

static void rev_from(incident_revision *o, const store_incident_revision *r)
{
    *o = (incident_revision){r->n, r->ts, r->actor, r->changed, r->content};
}

GISAC_RELAY_MAP(rev_row, store_incident_revision, incident_revision, rev_from, incident_revision_cb)

int incident_revisions(incident_svc *svc, const auth_principal *who, const char *id,
                       incident_revision_cb cb, void *ctx, gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    store_incident r;
    int rc = incident_load(svc, who, id, &r, err);
    if (rc < 0)
        return rc;
    gisac_relay c = GISAC_RELAY(cb, ctx);
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
    gisac_buf_printf(&b, ",\"changed\":%s,\"content\":%s", rv->changed ? rv->changed : "[]",
                     rv->content ? rv->content : "{}");
    return incident_json_end(&b, out);
}
