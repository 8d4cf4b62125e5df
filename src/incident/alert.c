/*
 * alert.c: monitoring notices (alert.h): opened from sightings by the
 * automatic rules (incident_auto.c), read, confirmed into incident
 * reports, dismissed and released; and the sightings with their context.
 */
#include "incident/alert.h"
#include "incident/alert_internal.h"
#include "incident/incident_internal.h"
#include "notify/notify.h"

#include <jansson.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>

static const char *const dir_names[] = {"unknown", "outbound", "inbound"};

const char *incident_dir_name(int dir)
{
    return dir >= 0 && dir <= INCIDENT_DIR_INBOUND ? dir_names[dir] : "unknown";
}

/* ---- hosts: a JSON array of texts, merged -------------------------------------- */

/* The union of the JSON array text old (NULL: none) and hosts, at most max, as JSON text. */
static char *hosts_merge(const char *old, const char *const *hosts, size_t n, size_t max)
{
    json_t *a = old ? json_loads(old, 0, NULL) : NULL;
    if (!json_is_array(a)) {
        json_decref(a);
        a = json_array();
    }
    for (size_t i = 0; a && i < n; i++) {
        size_t k;
        json_t *v;
        int dup = 0;
        json_array_foreach(a, k, v) dup |=
            json_is_string(v) && strcmp(json_string_value(v), hosts[i]) == 0;
        if (!dup && json_array_size(a) < max)
            json_array_append_new(a, json_string(hosts[i]));
    }
    char *t = a ? json_dumps(a, JSON_COMPACT) : NULL;
    json_decref(a);
    return t;
}

/* ---- sightings by direction ---------------------------------------------------- */

int alert_sighting_record(incident_svc *svc, const incident_sighting *s, gisac_err *err)
{
    if (!s->agency || !*s->agency)
        return 0;
    const char *dir = incident_dir_name(s->direction);
    store_sighting_detail d;
    int rc = store_sighting_detail_get(svc->st, s->indicator, s->agency, dir, &d, svc->arena, err);
    if (rc == GISAC_ENOTFOUND) {
        memset(&d, 0, sizeof d);
        d.indicator_id = s->indicator;
        d.agency = s->agency;
        d.direction = dir;
        d.first_seen = s->first;
        d.last_seen = s->last;
        rc = 0;
        gisac_err_clear(err);
    } else if (rc == 0) {
        if (s->first < d.first_seen)
            d.first_seen = s->first;
        if (s->last > d.last_seen)
            d.last_seen = s->last;
    }
    if (rc < 0)
        return rc;
    d.count += s->count;
    char *hosts = hosts_merge(d.hosts, s->hosts, s->nhosts, ALERT_HOSTS_KEPT);
    if (!hosts)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    d.hosts = hosts;
    if (s->sensor)
        d.sensor = s->sensor;
    if (s->nevents)
        d.last_event = s->events[s->nevents - 1].line;
    rc = store_sighting_detail_put(svc->st, &d, err);
    free(hosts);
    return rc;
}

/* ---- visibility ---------------------------------------------------------------- */

/* An agency's alerts are seen by its officers and those of the agencies
 * above it (incident_scope); the office's queue by staff only. */
static int may_see(const incident_scope *sc, const auth_principal *who, const store_alert *a)
{
    if (incident_is_staff(who))
        return 1;
    return strcmp(a->queue, "agency") == 0 && incident_scope_has(sc, a->agency);
}

/* who's scope into sc; GISAC_EFORBIDDEN (sc freed) when agency (NULL:
 * none asked) is outside it. */
static int scope_for(incident_svc *svc, const auth_principal *who, const char *agency,
                     incident_scope *sc, gisac_err *err)
{
    int rc = incident_scope_load(svc, who, sc, err);
    if (rc == 0 && agency && !incident_scope_has(sc, agency)) {
        incident_scope_free(sc);
        rc = gisac_err_set(err, GISAC_EFORBIDDEN, "agency %.64s: not yours", agency);
    }
    return rc;
}

static int load(incident_svc *svc, const auth_principal *who, const char *id, alert_view *out,
                gisac_err *err)
{
    int rc = incident_who_check(who, err);
    if (rc < 0)
        return rc;
    memset(out, 0, sizeof *out);
    rc = store_alert_get(svc->st, id, &out->row, svc->arena, err);
    if (rc == 0) {
        incident_scope sc;
        if ((rc = incident_scope_load(svc, who, &sc, err)) < 0)
            return rc;
        if (!may_see(&sc, who, &out->row))
            rc = GISAC_ENOTFOUND;
        incident_scope_free(&sc);
    }
    if (rc == GISAC_ENOTFOUND)
        return gisac_err_set(err, GISAC_ENOTFOUND, "alert %.40s: not found", id);
    out->restricted = strcmp(out->row.queue, "office") == 0;
    return rc;
}

int alert_get(incident_svc *svc, const auth_principal *who, const char *id, alert_view *out,
              gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    return load(svc, who, id, out, err);
}

typedef struct list_ctx {
    const incident_scope *sc;
    const auth_principal *who;
    alert_cb cb;
    void *ctx;
    int64_t read;            /* rows the store gave */
    char last[ALERT_ID_MAX]; /* the last one's id */
} list_ctx;

static int list_row(void *ctx, const store_alert *a)
{
    list_ctx *l = ctx;
    l->read++;
    snprintf(l->last, sizeof l->last, "%s", a->ref);
    if (!may_see(l->sc, l->who, a))
        return 0;
    alert_view v = {*a, strcmp(a->queue, "office") == 0};
    return l->cb(l->ctx, &v);
}

int alert_list(incident_svc *svc, const auth_principal *who, const alert_filter *f, alert_cb cb,
               void *ctx, gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    int rc = incident_who_check(who, err);
    if (rc < 0)
        return rc;
    static const alert_filter none;
    if (!f)
        f = &none;
    if (f->status && strcmp(f->status, "open") != 0 && strcmp(f->status, "confirmed") != 0 &&
        strcmp(f->status, "dismissed") != 0)
        return gisac_err_at(err, GISAC_EINVAL, "$.status",
                            "status '%.40s': use open, confirmed or dismissed", f->status);
    if (f->queue && strcmp(f->queue, "agency") != 0 && strcmp(f->queue, "office") != 0)
        return gisac_err_at(err, GISAC_EINVAL, "$.queue", "queue '%.40s': use agency or office",
                            f->queue);
    const char *agency = f->agency && *f->agency ? f->agency : NULL;
    if (!incident_is_staff(who) && f->queue && strcmp(f->queue, "office") == 0)
        return gisac_err_set(err, GISAC_EFORBIDDEN, "the office's queue is for staff");
    incident_scope sc;
    if ((rc = scope_for(svc, who, agency, &sc, err)) < 0)
        return rc;
    if (f->after && (strlen(f->after) >= ALERT_ID_MAX || !*f->after)) {
        incident_scope_free(&sc);
        return gisac_err_at(err, GISAC_EINVAL, "$.cursor", "'%.40s' is not an alert id", f->after);
    }
    /* an officer sees the agency's queue only: asked of the store, so that pages stay full */
    const char *queue = f->queue ? f->queue : incident_is_staff(who) ? NULL : "agency";
    int64_t limit = f->limit > 0 ? f->limit : 1000;
    store_alert_filter sf = {agency,   f->status, queue,   f->allowlist_request,
                             f->since, limit,     f->after};
    list_ctx l = {&sc, who, cb, ctx, 0, ""};
    rc = store_alert_iter(svc->st, &sf, list_row, &l, err);
    incident_scope_free(&sc);
    if (rc == 0 && f->next)
        snprintf(f->next, ALERT_ID_MAX, "%s", l.read == limit ? l.last : "");
    return rc;
}

typedef struct ev_ctx {
    alert_event_cb cb;
    void *ctx;
    int n;
} ev_ctx;

static int ev_row(void *ctx, int64_t seq, int64_t ts, const char *line)
{
    (void)seq;
    ev_ctx *c = ctx;
    int first = c->n++ < ALERT_EVENTS;
    return c->cb(c->ctx, first, ts, line);
}

int alert_events(incident_svc *svc, const auth_principal *who, const char *id, alert_event_cb cb,
                 void *ctx, gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    alert_view v;
    int rc = load(svc, who, id, &v, err);
    if (rc < 0)
        return rc;
    ev_ctx c = {cb, ctx, 0};
    return store_alert_event_iter(svc->st, v.row.id, ev_row, &c, err);
}

int alert_counts(incident_svc *svc, const auth_principal *who, const char *agency, int64_t now,
                 int64_t *open, int64_t *overdue, gisac_err *err)
{
    int rc = incident_who_check(who, err);
    if (rc < 0)
        return rc;
    const char *queue = NULL;
    if (!incident_is_staff(who)) {
        if (!agency)
            agency = who->agency;
        incident_scope sc;
        if ((rc = scope_for(svc, who, agency, &sc, err)) < 0)
            return rc;
        incident_scope_free(&sc);
        queue = "agency";
    }
    return store_alert_counts(svc->st, agency, queue, now, open, overdue, err);
}

/* ---- JSON ------------------------------------------------------------------------- */

static void put_raw_or_null(gisac_buf *b, const char *key, const char *json)
{
    gisac_buf_printf(b, ",\"%s\":", key);
    gisac_buf_puts(b, json && *json ? json : "null");
}

int alert_to_json(const alert_view *v, int64_t now, const char *events_json, gisac_buf *b)
{
    const store_alert *a = &v->row;
    size_t start = b->len;
    gisac_buf_puts(b, "{\"id\":");
    gisac_buf_json_str(b, a->ref);
    incident_jstr(b, "agency", a->agency);
    incident_jstr(b, "status", a->status);
    incident_jstr(b, "queue", a->queue);
    incident_jstr(b, "direction", a->direction);
    gisac_buf_puts(b, ",\"indicator\":{\"type\":");
    gisac_buf_json_str(b, a->type);
    incident_jstr(b, "value", a->value);
    incident_jstr(b, "tlp", tlp_name((gisac_tlp)a->tlp));
    if (a->confidence >= 0)
        gisac_buf_printf(b, ",\"confidence\":%d", a->confidence);
    else
        gisac_buf_puts(b, ",\"confidence\":null");
    put_raw_or_null(b, "labels", a->labels);
    gisac_buf_puts(b, "}");
    incident_jstr(b, "sensor", a->sensor);
    gisac_buf_printf(b, ",\"sightings\":%lld,\"batches\":%lld", (long long)a->count,
                     (long long)a->batches);
    incident_jtime(b, "first_seen", a->first_seen);
    incident_jtime(b, "last_seen", a->last_seen);
    put_raw_or_null(b, "hosts", a->hosts);
    incident_jtime(b, "opened", a->opened);
    incident_jtime(b, "due", a->due);
    gisac_buf_printf(b, ",\"overdue\":%s",
                     strcmp(a->status, "open") == 0 && now > a->due ? "true" : "false");
    incident_jtime(b, "released_at", a->released_at);
    incident_jstr(b, "released_by", a->released_by);
    incident_jtime(b, "answered_at", a->answered_at);
    incident_jstr(b, "answered_by", a->answered_by);
    incident_jstr(b, "incident", a->incident_ref);
    incident_jstr(b, "reason", a->reason);
    incident_jstr(b, "note", a->note);
    gisac_buf_printf(b, ",\"allowlist_request\":%s", a->allowlist_request ? "true" : "false");
    if (events_json) {
        gisac_buf_puts(b, ",\"events\":");
        gisac_buf_puts(b, events_json);
    }
    gisac_buf_puts(b, "}");
    if (b->len < start || !b->data)
        return GISAC_ENOMEM;
    return 0;
}

int alert_sighting_to_json(const store_sighting_detail *d, gisac_buf *b)
{
    gisac_buf_puts(b, "{\"indicator\":{\"type\":");
    gisac_buf_json_str(b, d->type);
    incident_jstr(b, "value", d->value);
    incident_jstr(b, "tlp", tlp_name((gisac_tlp)d->tlp));
    gisac_buf_puts(b, "}");
    incident_jstr(b, "agency", d->agency);
    incident_jstr(b, "direction", d->direction);
    incident_jtime(b, "first_seen", d->first_seen);
    incident_jtime(b, "last_seen", d->last_seen);
    gisac_buf_printf(b, ",\"count\":%lld", (long long)d->count);
    put_raw_or_null(b, "hosts", d->hosts);
    incident_jstr(b, "sensor", d->sensor);
    incident_jstr(b, "last_event", d->last_event);
    gisac_buf_puts(b, "}");
    return b->data ? 0 : GISAC_ENOMEM;
}

/* ---- opening ------------------------------------------------------------------------- */

/* Notify event (alert.opened, alert.released) of a; to the agency when it may read it. */
static int notify_alert(incident_svc *svc, const char *event, const store_alert *a, int restricted,
                        int64_t now, gisac_err *err)
{
    gisac_buf subj = GISAC_BUF_INIT, d = GISAC_BUF_INIT, about = GISAC_BUF_INIT;
    /* the facts a message is rendered from (notify_render): its title says
     * no more of a restricted indicator than its type */
    gisac_buf title = GISAC_BUF_INIT;
    if (restricted)
        gisac_buf_printf(&title, "%s: %s", a->agency, a->type);
    else
        gisac_buf_printf(&title, "%s: %s %s %.200s", a->agency, a->direction, a->type, a->value);
    char due[GISAC_TIME_LEN];
    gisac_time_format(a->due, due);
    gisac_buf_puts(&about, "{\"type\":\"alert\",\"id\":");
    gisac_buf_json_str(&about, a->ref);
    gisac_buf_puts(&about, ",\"title\":");
    gisac_buf_json_str(&about, title.data ? title.data : "");
    gisac_buf_printf(&about, ",\"deadline\":{\"kind\":\"answer\",\"due\":\"%s\"}}", due);
    gisac_buf_free(&title);
    if (restricted)
        gisac_buf_printf(&subj, "%s (%s, office queue): sightings of a restricted %s indicator",
                         a->ref, a->agency, a->type);
    else
        gisac_buf_printf(&subj, "%s (%s): %s sightings of %s %.200s", a->ref, a->agency,
                         a->direction, a->type, a->value);
    gisac_buf_puts(&d, "{\"id\":");
    gisac_buf_json_str(&d, a->ref);
    incident_jstr(&d, "agency", a->agency);
    incident_jstr(&d, "queue", a->queue);
    incident_jstr(&d, "direction", a->direction);
    if (!restricted) {
        gisac_buf_puts(&d, ",\"indicator\":{\"type\":");
        gisac_buf_json_str(&d, a->type);
        incident_jstr(&d, "value", a->value);
        gisac_buf_puts(&d, "}");
    }
    gisac_buf_printf(&d, ",\"sightings\":%lld", (long long)a->count);
    put_raw_or_null(&d, "hosts", a->hosts);
    incident_jtime(&d, "due", a->due);
    gisac_buf_puts(&d, "}");
    int rc = subj.data && d.data && about.data
                 ? notify_enqueue_about(svc->st, event, restricted ? NULL : a->agency, NULL, 0, 0,
                                        subj.data, d.data, about.data, now, err)
                 : gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    gisac_buf_free(&subj);
    gisac_buf_free(&d);
    gisac_buf_free(&about);
    return rc < 0 ? rc : 0;
}

static int alert_audit(incident_svc *svc, int64_t now, const char *action, const store_alert *a,
                       const char *extra_json, gisac_err *err)
{
    gisac_buf d = GISAC_BUF_INIT;
    gisac_buf_puts(&d, "{\"id\":");
    gisac_buf_json_str(&d, a->ref);
    incident_jstr(&d, "agency", a->agency);
    gisac_buf_puts(&d, ",\"indicator\":{\"type\":");
    gisac_buf_json_str(&d, a->type);
    incident_jstr(&d, "value", a->value);
    gisac_buf_puts(&d, "}");
    incident_jstr(&d, "queue", a->queue);
    incident_jstr(&d, "status", a->status);
    gisac_buf_printf(&d, ",\"sightings\":%lld", (long long)a->count);
    if (extra_json)
        gisac_buf_puts(&d, extra_json);
    gisac_buf_puts(&d, "}");
    int rc = incident_audit(svc, now, action, a->ref, &d, err);
    gisac_buf_free(&d);
    return rc;
}

int alert_from_sighting(incident_svc *svc, const incident_auto_rules *r,
                        const store_auto_indicator *ind, const incident_sighting *s, int64_t now,
                        char id[ALERT_ID_MAX], int *opened, int *restricted, gisac_err *err)
{
    int hidden = 0;
    if (ind->tlp > TLP_GREEN) {
        int yes = 0;
        int rc = store_recipient_has(svc->st, ind->id, s->agency, &yes, err);
        if (rc < 0)
            return rc;
        hidden = !yes;
    }
    const char *dir = incident_dir_name(s->direction);
    store_alert a;
    int rc = store_alert_find_open(svc->st, s->agency, ind->id, policy_time_sub(now, r->window), &a,
                                   svc->arena, err);
    *opened = rc == GISAC_ENOTFOUND;
    if (rc < 0 && rc != GISAC_ENOTFOUND)
        return rc;
    gisac_err_clear(err);
    char *hosts = hosts_merge(*opened ? NULL : a.hosts, s->hosts, s->nhosts, ALERT_HOSTS_KEPT);
    if (!hosts)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (*opened) {
        memset(&a, 0, sizeof a);
        a.agency = s->agency;
        a.indicator_id = ind->id;
        a.direction = dir;
        a.queue = hidden ? "office" : "agency";
        a.status = "open";
        a.sensor = s->sensor;
        a.count = s->count;
        a.batches = 1;
        a.first_seen = s->first;
        a.last_seen = s->last;
        a.hosts = hosts;
        a.opened = now;
        a.due = policy_time_add(now, r->answer);
        a.modified = now;
        rc = store_alert_insert(svc->st, &a, svc->arena, err);
        a.type = ioc_type_name(ind->type);
        a.value = ind->value;
    } else {
        if (strcmp(a.direction, dir) != 0)
            a.direction = "mixed";
        if (s->sensor)
            a.sensor = s->sensor;
        a.count += s->count;
        a.batches++;
        if (s->first < a.first_seen)
            a.first_seen = s->first;
        if (s->last > a.last_seen)
            a.last_seen = s->last;
        a.hosts = hosts;
        a.modified = now;
        rc = store_alert_update(svc->st, &a, err);
    }
    for (size_t i = 0; rc == 0 && i < s->nevents; i++)
        rc = store_alert_event_add(svc->st, a.id, s->events[i].time, s->events[i].line,
                                   ALERT_EVENTS, err);
    if (rc == 0) {
        char extra[160];
        snprintf(extra, sizeof extra, ",\"direction\":\"%s\",\"opened\":%s", dir,
                 *opened ? "true" : "false");
        rc = alert_audit(svc, now, *opened ? "alert.open" : "alert.update", &a, extra, err);
    }
    if (rc == 0 && *opened)
        rc = notify_alert(svc, "alert.opened", &a, hidden, now, err);
    if (rc == 0)
        snprintf(id, ALERT_ID_MAX, "%s", a.ref);
    *restricted = strcmp(a.queue, "office") == 0;
    free(hosts);
    return rc;
}

/* ---- answering ----------------------------------------------------------------------- */

/* Load alert id for a change by who: open, and who may answer it. */
static int begin_answer(incident_svc *svc, const auth_principal *who, const char *id, alert_view *v,
                        gisac_err *err)
{
    int rc = load(svc, who, id, v, err);
    if (rc < 0)
        return rc;
    if (strcmp(v->row.status, "open") != 0)
        return gisac_err_set(err, GISAC_ECONFLICT, "alert %s is %s already", v->row.ref,
                             v->row.status);
    return 0;
}

/*
 * The start of a step on alert id: the transaction (own as for
 * incident_tx_start, 0 when it could not begin), then the alert into *v,
 * which must be open when answer is set. The caller ends with
 * incident_tx_end whatever this returns.
 */
static int step_begin(incident_svc *svc, const auth_principal *who, const char *id, int answer,
                      int *own, alert_view *v, gisac_err *err)
{
    int rc = incident_tx_start(svc, own, err);
    if (rc < 0) {
        *own = 0;
        return rc;
    }
    return answer ? begin_answer(svc, who, id, v, err) : load(svc, who, id, v, err);
}

static const char *actor_of(const auth_principal *who)
{
    return who && who->name && *who->name ? who->name : "system";
}

int alert_confirm(incident_svc *svc, const auth_principal *who, const char *id,
                  const alert_confirm_input *in, int64_t now, incident *out, gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    static const alert_confirm_input none;
    if (!in)
        in = &none;
    int own;
    alert_view v;
    int rc = step_begin(svc, who, id, 1, &own, &v, err);
    store_alert *a = &v.row;
    incident_auto_rules r;
    incident_auto_rules_default(&r);
    if (rc == 0) {
        store_policy prow;
        int prc = store_policy_get(svc->st, 0, &prow, svc->arena, err);
        const policy *p;
        gisac_err e = GISAC_ERR_INIT;
        if (prc == 0 && incident_policy_for(svc, prow.version, &p, &e) == 0)
            incident_auto_rules_of(p, &r, &e);
        gisac_err_clear(err);
    }
    gisac_buf title = GISAC_BUF_INIT, desc = GISAC_BUF_INIT;
    char origin[64], ref[ALERT_ID_MAX];
    if (rc == 0) {
        snprintf(ref, sizeof ref, "%s", a->ref);
        snprintf(origin, sizeof origin, "alert:%s", a->ref);
        if (v.restricted)
            gisac_buf_printf(&title, "Confirmed alert %s: a restricted %s indicator (TLP %s)",
                             a->ref, a->type, tlp_name((gisac_tlp)a->tlp));
        else
            gisac_buf_printf(&title, "Confirmed alert %s: %s sightings of %s %.180s", a->ref,
                             a->direction, a->type, a->value);
        gisac_buf_printf(&desc, "Filed from the monitoring notice %s: %lld sightings (%s) from %s",
                         a->ref, (long long)a->count, a->direction,
                         a->sensor ? a->sensor : "an unknown sensor");
        json_t *h = a->hosts ? json_loads(a->hosts, 0, NULL) : NULL;
        size_t hi;
        json_t *hv;
        json_array_foreach(h, hi, hv) if (json_is_string(hv)) gisac_buf_printf(
            &desc, "%s%s", hi ? ", " : "; the agency's hosts involved: ", json_string_value(hv));
        json_decref(h);
        gisac_buf_puts(&desc, ".");
        incident_input ii;
        memset(&ii, 0, sizeof ii);
        ii.agency = a->agency;
        ii.title = in->title ? in->title : title.data;
        ii.description = in->description ? in->description : desc.data;
        ii.category = in->category ? in->category : r.category;
        ii.asset = policy_asset_name(r.asset);
        ii.confidentiality = policy_impact_name(r.confidentiality);
        ii.integrity = policy_impact_name(r.integrity);
        ii.availability = policy_avail_name(r.availability);
        ii.aware_at = in->aware_at ? in->aware_at : now;
        ii.occurred_at = a->first_seen > 0 && a->first_seen <= ii.aware_at ? a->first_seen : 0;
        ii.origin = origin;
        int64_t ind = a->indicator_id, first = a->first_seen, last = a->last_seen, count = a->count;
        char agency[AUTH_AGENCY_ID_MAX + 1];
        snprintf(agency, sizeof agency, "%s", a->agency);
        rc = title.data && desc.data ? incident_report(svc, who, &ii, now, out, err)
                                     : gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        if (rc == 0)
            rc = incident_link(svc, who, out->id, "alert", ref, now, err);
        /* the incident counts the alert's sightings, unless the agency may
         * not read the indicator (it would show the value to the agency) */
        if (rc == 0 && !v.restricted) {
            store_incident row;
            rc = incident_load(svc, who, out->id, &row, err);
            if (rc == 0) {
                store_incident_sighting sg = {row.id, ind, agency, first, last,
                                              count,  0,   NULL,   NULL};
                rc = store_incident_sighting_add(svc->st, &sg, err);
            }
        }
        /* the alert again: the incident's calls used the arena */
        if (rc == 0)
            rc = store_alert_get(svc->st, ref, a, svc->arena, err);
        if (rc == 0) {
            a->status = "confirmed";
            a->answered_at = now;
            a->answered_by = actor_of(who);
            a->incident_ref = out->id;
            a->modified = now;
            rc = store_alert_update(svc->st, a, err);
        }
        if (rc == 0) {
            char extra[128];
            snprintf(extra, sizeof extra, ",\"incident\":\"%s\"", out->id);
            rc = alert_audit(svc, now, "alert.confirm", a, extra, err);
        }
    }
    gisac_buf_free(&title);
    gisac_buf_free(&desc);
    return incident_tx_end(svc, own, rc, err);
}

int alert_reason_check(const char *reason, gisac_err *err)
{
    if (reason && (strcmp(reason, "false_positive") == 0 ||
                   strcmp(reason, "already_handled") == 0 || strcmp(reason, "not_ours") == 0))
        return 0;
    return gisac_err_at(err, GISAC_EINVAL, "$.reason",
                        "reason '%.40s': use false_positive, already_handled or not_ours",
                        reason ? reason : "");
}

int alert_dismiss(incident_svc *svc, const auth_principal *who, const char *id, const char *reason,
                  const char *note, int allowlist, int64_t now, gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    int rc = alert_reason_check(reason, err);
    char clean[ALERT_NOTE_MAX + 1] = "";
    if (rc == 0 && note) {
        rc = incident_text("note", note, ALERT_NOTE_MAX, TEXT_MULTILINE | TEXT_EMPTY_OK, clean,
                           sizeof clean, err);
        if (rc < 0)
            incident_err_field(err, "note");
    }
    if (rc < 0)
        return rc;
    int own;
    alert_view v;
    rc = step_begin(svc, who, id, 1, &own, &v, err);
    store_alert *a = &v.row;
    if (rc == 0) {
        a->status = "dismissed";
        a->reason = reason;
        a->note = clean[0] ? clean : NULL;
        a->allowlist_request = allowlist != 0;
        a->answered_at = now;
        a->answered_by = actor_of(who);
        a->modified = now;
        rc = store_alert_update(svc->st, a, err);
    }
    if (rc == 0) {
        gisac_buf x = GISAC_BUF_INIT;
        incident_jstr(&x, "reason", reason);
        gisac_buf_printf(&x, ",\"allowlist_request\":%s", allowlist ? "true" : "false");
        rc = x.data ? alert_audit(svc, now, "alert.dismiss", a, x.data, err)
                    : gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        gisac_buf_free(&x);
    }
    if (rc == 0 && allowlist)
        rc = alert_audit(svc, now, "alert.allowlist_request", a, NULL, err);
    return incident_tx_end(svc, own, rc, err);
}

int alert_release(incident_svc *svc, const auth_principal *who, const char *id, int64_t now,
                  gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    int rc = incident_who_check(who, err);
    if (rc < 0)
        return rc;
    int own;
    alert_view v;
    rc = step_begin(svc, who, id, 0, &own, &v, err);
    store_alert *a = &v.row;
    if (rc == 0 && !incident_is_staff(who))
        rc = gisac_err_set(err, GISAC_EFORBIDDEN, "only the office releases alerts");
    if (rc == 0 && (!v.restricted || strcmp(a->status, "open") != 0))
        rc = gisac_err_set(err, GISAC_ECONFLICT, "alert %s is not held in the office's queue",
                           a->ref);
    if (rc == 0)
        rc = store_recipient_add(svc->st, a->indicator_id, a->agency, err);
    if (rc == 0) {
        a->queue = "agency";
        a->released_at = now;
        a->released_by = actor_of(who);
        a->modified = now;
        rc = store_alert_update(svc->st, a, err);
    }
    if (rc == 0)
        rc = alert_audit(svc, now, "alert.release", a, NULL, err);
    if (rc == 0)
        rc = notify_alert(svc, "alert.released", a, 0, now, err);
    return incident_tx_end(svc, own, rc, err);
}

/* ---- sightings with their context ---------------------------------------------------- */

typedef struct sight_ctx {
    incident_svc *svc;
    const incident_scope *sc;
    const auth_principal *who;
    alert_sighting_cb cb;
    void *ctx;
    gisac_err *err;
    int rc;
    int64_t read;                         /* rows the store gave */
    char last[ALERT_SIGHTING_CURSOR_MAX]; /* the cursor of the last of them */
} sight_ctx;

/* The cursor of a page whose last row is d into out (ALERT_SIGHTING_CURSOR_MAX bytes). */
static void sight_cursor(const store_sighting_detail *d, char *out)
{
    snprintf(out, ALERT_SIGHTING_CURSOR_MAX, "%lld.%lld.%s.%s", (long long)d->last_seen,
             (long long)d->indicator_id, d->direction, d->agency);
}

/* Cursor text into the store filter's after_* members (pointing into buf); 0 or GISAC_EINVAL. */
static int sight_cursor_parse(const char *text, char *buf, store_sighting_filter *sf,
                              gisac_err *err)
{
    static const char *const dirs[] = {"outbound", "inbound", "unknown"};
    size_t n = strlen(text);
    char *p = buf, *e;
    int ok = n > 0 && n < ALERT_SIGHTING_CURSOR_MAX;
    if (ok) {
        memcpy(buf, text, n + 1);
        errno = 0;
        long long ls = strtoll(p, &e, 10), id = 0;
        ok = e != p && *e == '.' && errno == 0 && ls >= 0 && (*p >= '0' && *p <= '9');
        if (ok) {
            p = e + 1;
            id = strtoll(p, &e, 10);
            ok = e != p && *e == '.' && errno == 0 && id > 0 && (*p >= '0' && *p <= '9');
        }
        char *dir = e + 1, *dot = ok ? strchr(dir, '.') : NULL;
        ok = dot && dot[1];
        if (ok) {
            *dot = '\0';
            ok = 0;
            for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
                ok |= strcmp(dir, dirs[i]) == 0;
            sf->after_last_seen = ls;
            sf->after_indicator = id;
            sf->after_direction = dir;
            sf->after_agency = dot + 1;
        }
    }
    if (!ok)
        return gisac_err_at(err, GISAC_EINVAL, "$.cursor",
                            "'%.60s' is not a cursor of this list (use the \"next\" of a page)",
                            text);
    return 0;
}

static int sight_row(void *ctx, const store_sighting_detail *d)
{
    sight_ctx *c = ctx;
    c->read++;
    sight_cursor(d, c->last);
    if (!incident_is_staff(c->who)) {
        if (!incident_scope_has(c->sc, d->agency))
            return 0;
        if (d->tlp > TLP_GREEN) {
            int yes = 0;
            if ((c->rc = store_recipient_has(c->svc->st, d->indicator_id, c->who->agency, &yes,
                                             c->err)) < 0)
                return 1;
            if (!yes)
                return 0;
        }
    }
    return c->cb(c->ctx, d);
}

int alert_sightings(incident_svc *svc, const auth_principal *who, const alert_sighting_filter *f,
                    alert_sighting_cb cb, void *ctx, gisac_err *err)
{
    gisac_arena_reset(svc->arena);
    int rc = incident_who_check(who, err);
    if (rc < 0)
        return rc;
    static const alert_sighting_filter none;
    if (!f)
        f = &none;
    const char *agency = f->agency && *f->agency ? f->agency : NULL;
    char norm[IOC_VALUE_MAX];
    const char *value = NULL;
    ioc_type vtype = IOC_AUTO;
    if (f->value) {
        gisac_err e = GISAC_ERR_INIT;
        if (ioc_normalise(IOC_AUTO, f->value, strlen(f->value), norm, sizeof norm, &vtype, NULL,
                          &e) < 0)
            return gisac_err_at(err, GISAC_EINVAL, "$.indicator", "indicator '%.100s': %s",
                                f->value, e.msg);
        value = norm;
    }
    incident_scope sc;
    if (f->until && f->since && f->until <= f->since)
        return gisac_err_at(err, GISAC_EINVAL, "$.until", "must be later than since");
    if ((rc = scope_for(svc, who, agency, &sc, err)) < 0)
        return rc;
    int64_t limit = f->limit > 0 ? f->limit : 1000;
    store_sighting_filter sf = {.agency = agency,
                                .value = value,
                                .since = f->since,
                                .limit = limit,
                                .type = value ? ioc_type_name(vtype) : NULL,
                                .until = f->until,
                                .sensor = f->sensor && *f->sensor ? f->sensor : NULL};
    char after[ALERT_SIGHTING_CURSOR_MAX];
    if (f->after && (rc = sight_cursor_parse(f->after, after, &sf, err)) < 0) {
        incident_scope_free(&sc);
        return rc;
    }
    /* officers' rows the scope or TLP hides are skipped after the read: the next page goes on
     * from the last row read, so that no row is missed or shown twice */
    sight_ctx c = {svc, &sc, who, cb, ctx, err, 0, 0, ""};
    rc = store_sighting_detail_iter(svc->st, &sf, sight_row, &c, err);
    incident_scope_free(&sc);
    if (rc == 0 && c.rc == 0 && f->next)
        snprintf(f->next, ALERT_SIGHTING_CURSOR_MAX, "%s", c.read == limit ? c.last : "");
    return rc < 0 ? rc : c.rc;
}
