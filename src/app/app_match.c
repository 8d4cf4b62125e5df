/* app_match.c: matching sensor logs and recording sightings. */
#include "app/app_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- the live snapshot of the installation ------------------------------------ */

struct app_snaps {
    match_live *live;
};

void app_snaps_free(struct app_snaps *s)
{
    if (!s)
        return;
    match_live_free(s->live);
    free(s);
}

/* The installation's live snapshot, made on first use (any handle, any thread). */
static match_live *live_of(app *a, gisac_err *err)
{
    app_shared *sh = a->sh;
    pthread_mutex_lock(&sh->mu);
    if (!sh->snaps) {
        struct app_snaps *s = calloc(1, sizeof *s);
        /* its own connection, to the store the handles open */
        const char *where = sh->db_path ? sh->db_path : sh->uri;
        /* on SQLite, the compiled snapshot beside the database (DB.snap) */
        char *file = sh->db_path ? gisac_path_suffix(sh->db_path, ".snap") : NULL;
        if (!s || (sh->db_path && !file)) {
            gisac_err_set(err, GISAC_ENOMEM, "out of memory");
            free(s);
        } else if (match_live_new(where, 1.0, &s->live, err) < 0 ||
                   match_live_set_file(s->live, file, err) < 0) {
            app_snaps_free(s);
        } else {
            sh->snaps = s;
        }
        free(file);
    }
    match_live *l = sh->snaps ? sh->snaps->live : NULL;
    pthread_mutex_unlock(&sh->mu);
    return l;
}

/* ---- who submits for which agency ----------------------------------------------- */

static int is_staff(const auth_principal *who)
{
    return who->role == AUTH_ROLE_ADMIN || who->role == AUTH_ROLE_ANALYST;
}

/*
 * The agency sightings are submitted for: staff name any (or none), a
 * sensor its own only; nobody else submits.
 */
static int submit_agency(const auth_principal *who, const char *named, const char **agency,
                         gisac_err *err)
{
    if (is_staff(who)) {
        *agency = named;
        return 0;
    }
    if (who->role != AUTH_ROLE_SENSOR)
        return gisac_err_set(err, GISAC_EFORBIDDEN, "the role %s may not submit sensor logs",
                             auth_role_name(who->role));
    if (!who->agency || !*who->agency)
        return gisac_err_set(err, GISAC_EFORBIDDEN, "this sensor account has no agency");
    if (named && strcmp(named, who->agency) != 0)
        return gisac_err_set(err, GISAC_EFORBIDDEN, "a sensor submits for its own agency only");
    *agency = who->agency;
    return 0;
}

/* ---- recording ------------------------------------------------------------------- */

/* The networks agency declared into out; GISAC_ENOTFOUND or GISAC_EINVAL when it is not in the
 * registry. */
static int agency_nets(app *a, const char *agency, match_nets *out, gisac_err *err)
{
    auth *au = app_auth_h(a, err);
    if (!au)
        return app_h_fail(err);
    auth_agency *ag = malloc(sizeof *ag);
    if (!ag)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    int rc = auth_agency_get(au, agency, ag, err);
    if (rc == 0 && match_nets_parse(ag->networks, out) < 0)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    free(ag);
    return rc;
}

/* The networks agency declared (none when it is not in the registry). */
static int nets_of(app *a, const char *agency, match_nets *out, gisac_err *err)
{
    int rc = agency_nets(a, agency, out, err);
    if (rc == GISAC_ENOTFOUND || rc == GISAC_EINVAL) {
        gisac_err_clear(err);
        rc = 0;
    }
    return rc;
}

int app_record_sightings(app *a, const auth_principal *who, const char *agency,
                         const match_record *rows, size_t n, const app_record_opts *o,
                         incident_auto_stats *st, gisac_err *err)
{
    incident_auto_stats local;
    if (!st)
        st = &local;
    memset(st, 0, sizeof *st);
    int rc = submit_agency(who, agency, &agency, err);
    if (rc < 0)
        return rc;
    if (!n)
        return 0;
    incident_svc *svc = app_incident_h(a, err);
    if (!svc)
        return app_h_fail(err);
    /* each row with its hosts and kept events (first ones, then the last ones) */
    size_t nhosts = 0, nevents = 0;
    for (size_t i = 0; i < n; i++)
        if (rows[i].detail) {
            nhosts += (size_t)rows[i].detail->nhosts;
            nevents += (size_t)(rows[i].detail->nfirst + rows[i].detail->nlast);
        }
    incident_sighting *sg = calloc(n, sizeof *sg);
    const char **hosts = calloc(nhosts + 1, sizeof *hosts);
    incident_seen_event *ev = calloc(nevents + 1, sizeof *ev);
    if (!sg || !hosts || !ev) {
        free(sg);
        free(hosts);
        free(ev);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    const char *sensor = who->name && *who->name ? who->name : NULL;
    size_t h = 0, e = 0;
    for (size_t i = 0; i < n; i++) {
        const match_detail *d = rows[i].detail;
        sg[i] = (incident_sighting){rows[i].indicator,
                                    agency,
                                    rows[i].first,
                                    rows[i].last,
                                    rows[i].count,
                                    (int)rows[i].direction,
                                    hosts + h,
                                    0,
                                    ev + e,
                                    0,
                                    sensor};
        if (!d)
            continue;
        for (int k = 0; k < d->nhosts; k++)
            hosts[h++] = d->hosts[k];
        sg[i].nhosts = (size_t)d->nhosts;
        for (int k = 0; k < d->nfirst; k++)
            ev[e++] = (incident_seen_event){d->first[k].time, d->first[k].line};
        const match_kept *last[MATCH_EVENTS_KEPT];
        int nl = match_detail_last(d, last);
        for (int k = 0; k < nl; k++)
            ev[e++] = (incident_seen_event){last[k]->time, last[k]->line};
        sg[i].nevents = (size_t)(d->nfirst + nl);
    }
    rc = incident_record_sightings(svc, sg, n, o->via, o->now, !o->no_auto_report, o->on_alert,
                                   o->ctx, st, err);
    free(sg);
    free(hosts);
    free(ev);
    return rc;
}

/* ---- gisac match ------------------------------------------------------------------ */

typedef struct match_ctx {
    app *a;
    const auth_principal *who;
    const app_match_opts *o;
    incident_auto_stats *total;
} match_ctx;

/* A flush of the run (one at a time): recorded, and what reporting did summed. */
static int on_record(void *ctx, const match_record *rows, size_t n, gisac_err *err)
{
    match_ctx *m = ctx;
    app_record_opts ro = {"match", m->o->no_auto_report, gisac_now(), NULL, NULL};
    incident_auto_stats s;
    int rc = app_record_sightings(m->a, m->who, rows[0].agency, rows, n, &ro, &s, err);
    if (rc < 0)
        return rc; /* counted once committed: a failed flush is tried again */
    incident_auto_stats *t = m->total;
    t->enabled |= s.enabled;
    t->sightings += s.sightings;
    t->unattributed += s.unattributed;
    t->unknown_agency += s.unknown_agency;
    t->not_qualified += s.not_qualified;
    t->not_alerted += s.not_alerted;
    t->opened += s.opened;
    t->updated += s.updated;
    return 0;
}

int app_match_logs(app *a, const auth_principal *who, const char *const *inputs, size_t n,
                   const app_match_opts *o, FILE *out, app_match_result *res, gisac_err *err)
{
    memset(res, 0, sizeof *res);
    if (!is_staff(who))
        return gisac_err_set(err, GISAC_EFORBIDDEN, "the role %s may not match logs",
                             auth_role_name(who->role));
    const char *agency = o->agency;
    int rc = o->record ? submit_agency(who, agency, &agency, err) : 0;
    match_nets nets = MATCH_NETS_INIT;
    if (rc == 0 && o->record && agency)
        rc = nets_of(a, agency, &nets, err);
    match_live *live = rc == 0 ? live_of(a, err) : NULL;
    if (rc < 0 || !live) {
        match_nets_free(&nets);
        return rc < 0 ? rc : err && err->code ? err->code : GISAC_ENOMEM;
    }
    match_ctx m = {a, who, o, &res->autorep};
    match_opts mo;
    memset(&mo, 0, sizeof mo);
    mo.format = o->format;
    mo.threads = o->threads;
    mo.follow = o->follow;
    mo.stix = o->stix;
    mo.record = o->record;
    mo.agency = agency;
    mo.nets = &nets;
    mo.identity = app_identity(a);
    mo.stop = o->stop;
    mo.on_record = on_record;
    mo.on_record_ctx = &m;
    rc = match_run(live, inputs, n, &mo, out, &res->stats, err);
    match_nets_free(&nets);
    return rc;
}

/* ---- the current snapshot (workers) ------------------------------------------- */

int app_match_snapshot_current(app *a, const auth_principal *who, int64_t now, match_snapshot **out,
                               int *loaded, gisac_err *err)
{
    *out = NULL;
    if (!is_staff(who))
        return gisac_err_set(err, GISAC_EFORBIDDEN, "the role %s may not hold the snapshot",
                             auth_role_name(who->role));
    match_live *live = live_of(a, err);
    if (!live)
        return err && err->code ? err->code : GISAC_ENOMEM;
    int rc = match_live_get(live, now, out, err);
    if (rc == 0 && loaded)
        *loaded = match_live_file_state(live, NULL, 0);
    return rc;
}

/* ---- POST /api/v1/ingest ----------------------------------------------------------- */

#define INGEST_ERRORS_MAX 100 /* unparseable lines named in the answer */

typedef struct ingest {
    const match_snapshot *snap;
    const match_nets *nets;
    int show_restricted; /* staff: every alert is named */
    int64_t now;
    match_agg agg;
    int oom;
    json_t *errors; /* NULL: not kept */
    json_t *alerts;
    const char *only; /* the normal value of the one indicator looked for, or NULL */
} ingest;

static int on_hit(void *ctx, const match_hit *h)
{
    ingest *g = ctx;
    match_indicator mi;
    if (match_snapshot_get(g->snap, h->indicator, &mi) < 0 ||
        (g->only && strcmp(mi.value, g->only) != 0))
        return 0;
    int64_t t = match_seen_at(h->time, g->now);
    char hosts[2][MATCH_HOST_LEN];
    int nh = 0;
    match_dir d = match_direction(g->nets, h->event_type, h->event_type_len, h->src_ip, h->src_len,
                                  h->dest_ip, h->dest_len, h->value, h->value_len, hosts, &nh);
    match_record r = {mi.store_id, NULL, t, t, 1, mi.tlp, d, NULL};
    if (match_agg_add_event(&g->agg, &r, h->text, h->text_len, hosts, nh) < 0) {
        g->oom = 1;
        return 1;
    }
    return 0;
}

static int on_error(void *ctx, uint64_t line, const char *why)
{
    ingest *g = ctx;
    if (!g->errors || json_array_size(g->errors) >= INGEST_ERRORS_MAX)
        return 0;
    json_t *e = json_pack("{s:I,s:s}", "line", (json_int_t)line, "reason", why);
    if (!e || json_array_append_new(g->errors, e) < 0)
        g->oom = 1;
    return 0;
}

int app_match_lines(app *a, const char *agency, const char *body, size_t len, match_format fmt,
                    int64_t now, const char *only, json_t *errors, match_record **rows, size_t *n,
                    match_buffer_stats *bs, gisac_err *err)
{
    *rows = NULL;
    *n = 0;
    memset(bs, 0, sizeof *bs);
    match_nets nets = MATCH_NETS_INIT;
    int rc = nets_of(a, agency, &nets, err);
    match_live *live = rc == 0 ? live_of(a, err) : NULL;
    match_snapshot *snap = NULL;
    if (rc == 0 && !live)
        rc = app_h_fail(err);
    if (rc == 0)
        rc = match_live_get(live, now, &snap, err);
    if (rc < 0) {
        match_nets_free(&nets);
        return rc;
    }
    ingest g;
    memset(&g, 0, sizeof g);
    g.snap = snap;
    g.nets = &nets;
    g.now = now;
    g.errors = errors;
    g.only = only;
    rc = match_buffer(snap, body, len, fmt, NULL, on_hit, on_error, &g, bs);
    match_snapshot_unref(snap);
    match_nets_free(&nets);
    if (rc > 0 || g.oom) { /* a callback stopped the run: nothing is kept */
        match_agg_free(&g.agg);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    if (rc < 0) {
        match_agg_free(&g.agg);
        return rc;
    }
    match_agg_take(&g.agg, agency, rows, n);
    match_agg_free(&g.agg);
    return 0;
}

/* An alert opened or updated: named to staff, to a sensor when its agency may see it. */
static int on_alert(void *ctx, const char *id, int opened, int restricted)
{
    (void)opened;
    ingest *g = ctx;
    if (restricted && !g->show_restricted)
        return 0;
    size_t i;
    json_t *v;
    json_array_foreach(g->alerts, i, v) if (strcmp(json_string_value(v), id) == 0) return 0;
    if (json_array_append_new(g->alerts, json_string(id)) < 0)
        g->oom = 1;
    return 0;
}

/* What the caller is told of: staff every row, others those their agency may read. */
static int shown(app *a, const auth_principal *who, const char *agency, const match_record *rows,
                 size_t n, uint64_t *sightings, uint64_t *indicators, gisac_err *err)
{
    if (is_staff(who))
        return 0;
    intel *in = app_intel_h(a, err);
    if (!in)
        return app_h_fail(err);
    *sightings = *indicators = 0;
    for (size_t i = 0; i < n; i++) {
        store_indicator ind;
        memset(&ind, 0, sizeof ind);
        ind.id = rows[i].indicator;
        ind.tlp = rows[i].tlp;
        int yes = 0;
        int rc = intel_visible(in, TLP_GREEN, agency, &ind, &yes, err);
        if (rc < 0)
            return rc;
        if (yes) {
            /* rows are by indicator and direction, in indicator order */
            if (!i || rows[i - 1].indicator != rows[i].indicator)
                (*indicators)++;
            *sightings += (uint64_t)rows[i].count;
        }
    }
    return 0;
}

int app_ingest(app *a, const auth_principal *who, const char *agency, const char *body, size_t len,
               const char *format, int64_t now, json_t **answer, gisac_err *err)
{
    *answer = NULL;
    int rc = submit_agency(who, agency, &agency, err);
    if (rc < 0)
        return rc;
    if (!agency)
        return gisac_err_at(err, GISAC_EINVAL, "$.agency",
                            "is required (the agency the logs come from)");
    match_format fmt = MATCH_FMT_AUTO;
    if (format && match_format_from_name(format, &fmt) < 0)
        return gisac_err_at(err, GISAC_EINVAL, "$.format",
                            "must be auto, eve, zeek, syslog, cef or text");
    /* log lines are text: a binary body would be matched as text and give
     * nothing, quietly */
    if (len >= 2 && (unsigned char)body[0] == 0x1f && (unsigned char)body[1] == 0x8b)
        return gisac_err_at(err, GISAC_EINVAL, "body",
                            "is gzip data: send it with Content-Encoding: gzip");
    const char *nul = memchr(body, '\0', len);
    if (nul)
        return gisac_err_at(err, GISAC_EINVAL, "body",
                            "is binary (a NUL byte at offset %zu): send log lines as text",
                            (size_t)(nul - body));
    match_nets nets = MATCH_NETS_INIT;
    rc = agency_nets(a, agency, &nets, err);
    match_nets_free(&nets);
    if (rc == GISAC_ENOTFOUND || rc == GISAC_EINVAL)
        return gisac_err_at(err, GISAC_EINVAL, "agency", "no agency '%.100s'", agency);
    if (rc < 0)
        return rc;
    if (app_ingest_queues(a))
        return app_ingest_publish_body(a, who, agency, body, len, format, answer, err);

    ingest g;
    memset(&g, 0, sizeof g);
    g.show_restricted = is_staff(who);
    g.errors = json_array();
    g.alerts = json_array();
    match_buffer_stats bs;
    memset(&bs, 0, sizeof bs);
    match_record *rows = NULL;
    size_t n = 0;
    rc = g.errors && g.alerts
             ? app_match_lines(a, agency, body, len, fmt, now, NULL, g.errors, &rows, &n, &bs, err)
             : gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    uint64_t shown_sightings = bs.sightings, shown_indicators = 0;
    for (size_t i = 0; i < n; i++) /* rows are by indicator and direction */
        shown_indicators += !i || rows[i - 1].indicator != rows[i].indicator;
    if (rc == 0) {
        app_record_opts ro = {"ingest", 0, now, on_alert, &g};
        rc = app_record_sightings(a, who, agency, rows, n, &ro, NULL, err);
    }
    if (rc == 0)
        rc = shown(a, who, agency, rows, n, &shown_sightings, &shown_indicators, err);
    match_records_free(rows, n);
    if (rc == 0 && g.oom)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (rc == 0) {
        *answer = json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:O,s:O}", "agency", agency, "format",
                            match_format_name(bs.format), "lines", (json_int_t)bs.lines, "events",
                            (json_int_t)bs.events, "sightings", (json_int_t)shown_sightings,
                            "indicators", (json_int_t)shown_indicators, "unparsed",
                            (json_int_t)bs.unparsed, "errors", g.errors, "alerts", g.alerts);
        if (!*answer)
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    json_decref(g.errors);
    json_decref(g.alerts);
    return rc;
}
