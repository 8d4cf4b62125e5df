/*
 * http_api_ingest.c: POST /api/v1/ingest (docs/api.md): sensors post EVE
 * or Zeek lines; they are matched by the engine of gisac match
 * (match_buffer) against the server's shared snapshot, and the sightings
 * are stored with their automatic reports (incident_record_sightings) in
 * one transaction before the answer: durable before acknowledged.
 *
 * The shared snapshot (http_snaps): one per server, reference-counted.
 * A request takes a reference to the current one; at most once a second
 * a request looks at the store's share generation (moved by commits that
 * change indicators, the allowlist and the like; not by the sightings
 * ingest itself writes) and at the snapshot's next expiry, and builds a
 * new one outside the lock, swapped in under it; the old one is freed
 * when the last request holding it lets go.
 */
#include "http/http_api_internal.h"
#include "match/match.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the shared snapshot ------------------------------------------------- */

struct http_snaps {
    pthread_mutex_t mu;
    char *db_path;
    store *st; /* own connection, opened on first use */
    match_snapshot *snap;
    int64_t version;   /* the share generation the snapshot was built at */
    int building;      /* a build runs (outside mu) */
    pthread_cond_t cv; /* signalled when a build ends */
    double last_check; /* monotonic seconds */
};

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int http_snaps_new(const char *db_path, http_snaps **out, gisac_err *err)
{
    http_snaps *h = calloc(1, sizeof *h);
    if (!h || !(h->db_path = strdup(db_path))) {
        free(h);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    pthread_mutex_init(&h->mu, NULL);
    pthread_cond_init(&h->cv, NULL);
    *out = h;
    return 0;
}

void http_snaps_free(http_snaps *h)
{
    if (!h)
        return;
    if (h->snap)
        match_snapshot_unref(h->snap);
    store_close(h->st);
    pthread_mutex_destroy(&h->mu);
    pthread_cond_destroy(&h->cv);
    free(h->db_path);
    free(h);
}

/*
 * A reference to the current snapshot; the caller unrefs it. At most once
 * a second a request looks whether shared data changed (the share
 * generation) or an indicator expired; the one that finds so builds the
 * new snapshot outside the lock while the others go on with the old one,
 * so a rebuild never holds ingest up (only the very first build is waited
 * for). The holder's connection is used by one thread at a time: the
 * builder, or a looker under the lock while no build runs.
 */
static int snaps_get(http_snaps *h, int64_t now, match_snapshot **out, gisac_err *err)
{
    int rc = 0;
    pthread_mutex_lock(&h->mu);
    while (!h->snap && h->building) /* the first build: wait for it */
        pthread_cond_wait(&h->cv, &h->mu);
    if (!h->st)
        rc = store_open(h->db_path, &h->st, err);
    double t = mono();
    if (rc == 0 && !h->building && (!h->snap || t - h->last_check >= 1.0)) {
        h->last_check = t;
        int64_t v = h->version;
        rc = store_share_version(h->st, &v, err);
        int64_t exp = h->snap ? match_snapshot_next_expiry(h->snap) : 0;
        if (rc == 0 && (!h->snap || v != h->version || (exp && now >= exp))) {
            h->building = 1;
            pthread_mutex_unlock(&h->mu);
            match_snapshot *ns = NULL;
            rc = match_snapshot_build(h->st, now, &ns, err);
            pthread_mutex_lock(&h->mu);
            h->building = 0;
            if (rc == 0) {
                if (h->snap)
                    match_snapshot_unref(h->snap);
                h->snap = ns;
                h->version = v;
            }
            pthread_cond_broadcast(&h->cv);
        }
    }
    if (h->snap) { /* an old snapshot serves when a rebuild failed */
        rc = 0;
        match_snapshot_ref(h->snap);
        *out = h->snap;
    } else if (rc == 0) {
        rc = gisac_err_set(err, GISAC_ESTORE, "no indicator snapshot");
    }
    pthread_mutex_unlock(&h->mu);
    return rc;
}

/* ---- the request --------------------------------------------------------- */

#define INGEST_ERRORS_MAX 100 /* unparseable lines named in the answer */

typedef struct agg {
    int64_t id; /* the indicator's store id; 0: free */
    int64_t first, last, count;
    gisac_tlp tlp;
} agg;

typedef struct ingest {
    const match_snapshot *snap;
    int64_t now;
    agg *t;
    size_t n, cap;
    int oom;
    json_t *errors;
    json_t *incidents;
} ingest;

static int agg_grow(ingest *g)
{
    size_t nc = g->cap ? g->cap * 2 : 64;
    agg *na = calloc(nc, sizeof *na);
    if (!na)
        return -1;
    for (size_t i = 0; i < g->cap; i++)
        if (g->t[i].id) {
            size_t j = (size_t)((uint64_t)g->t[i].id * 0x9e3779b97f4a7c15ULL) & (nc - 1);
            while (na[j].id)
                j = (j + 1) & (nc - 1);
            na[j] = g->t[i];
        }
    free(g->t);
    g->t = na;
    g->cap = nc;
    return 0;
}

static int on_hit(void *ctx, const match_hit *h)
{
    ingest *g = ctx;
    match_indicator mi;
    if (match_snapshot_get(g->snap, h->indicator, &mi) < 0)
        return 0;
    if ((g->n + 1) * 2 > g->cap && agg_grow(g) < 0) {
        g->oom = 1;
        return 1;
    }
    /* the event's own time; none, or later than a sensor clock's skew
     * allows (MATCH_TIME_SKEW), is the time of arrival */
    int64_t t = h->time && h->time <= g->now + MATCH_TIME_SKEW ? h->time : g->now;
    size_t j = (size_t)((uint64_t)mi.store_id * 0x9e3779b97f4a7c15ULL) & (g->cap - 1);
    while (g->t[j].id && g->t[j].id != mi.store_id)
        j = (j + 1) & (g->cap - 1);
    agg *a = &g->t[j];
    if (!a->id) {
        *a = (agg){mi.store_id, t, t, 1, mi.tlp};
        g->n++;
        return 0;
    }
    if (t < a->first)
        a->first = t;
    if (t > a->last)
        a->last = t;
    a->count++;
    return 0;
}

static int on_error(void *ctx, uint64_t line, const char *why)
{
    ingest *g = ctx;
    if (json_array_size(g->errors) >= INGEST_ERRORS_MAX)
        return 0;
    json_t *e = json_pack("{s:I,s:s}", "line", (json_int_t)line, "reason", why);
    if (!e || json_array_append_new(g->errors, e) < 0)
        g->oom = 1;
    return 0;
}

static int on_incident(void *ctx, const char *id, int opened)
{
    (void)opened;
    ingest *g = ctx;
    size_t i;
    json_t *v;
    json_array_foreach(g->incidents, i, v) if (strcmp(json_string_value(v), id) == 0) return 0;
    if (json_array_append_new(g->incidents, json_string(id)) < 0)
        g->oom = 1;
    return 0;
}

enum MHD_Result api_ingest(api_ctx *c)
{
    static const char *const args[] = {"format", "agency", NULL};
    if (api_query_check(c, args, NULL) < 0)
        return api_fail(c);
    const char *agency = api_arg(c, "agency");
    switch (c->p.role) {
    case AUTH_ROLE_SENSOR:
        if (!c->p.agency || !*c->p.agency)
            return api_error(c, 403, "forbidden", "this sensor account has no agency");
        if (agency && strcmp(agency, c->p.agency) != 0)
            return api_error(c, 403, "forbidden", "a sensor submits for its own agency only");
        agency = c->p.agency;
        break;
    case AUTH_ROLE_ADMIN:
    case AUTH_ROLE_ANALYST:
        if (!agency)
            return api_error(c, 400, "bad_request",
                             "query parameter 'agency' is required (the agency the logs come "
                             "from)");
        break;
    default:
        return api_error(c, 403, "forbidden", "the role %s may not submit sensor logs",
                         auth_role_name(c->p.role));
    }
    match_format fmt = MATCH_FMT_AUTO;
    const char *fv = api_arg(c, "format");
    if (fv && (match_format_from_name(fv, &fmt) < 0 ||
               (fmt != MATCH_FMT_AUTO && fmt != MATCH_FMT_EVE && fmt != MATCH_FMT_ZEEK)))
        return api_error(c, 400, "bad_request",
                         "query parameter 'format' must be auto, eve or zeek");
    gisac_err err = GISAC_ERR_INIT;
    auth_agency ag;
    int rc = auth_agency_get(c->r->au, agency, &ag, &err);
    if (rc == GISAC_ENOTFOUND || rc == GISAC_EINVAL)
        return api_error(c, 422, "invalid", "agency: no agency '%.100s'", agency);
    if (rc < 0)
        return api_service_error(c, rc, &err);

    match_snapshot *snap = NULL;
    if ((rc = snaps_get(http_snaps_of(c->r), c->now, &snap, &err)) < 0)
        return api_service_error(c, rc, &err);
    ingest g;
    memset(&g, 0, sizeof g);
    g.snap = snap;
    g.now = c->now;
    g.errors = json_array();
    g.incidents = json_array();
    match_buffer_stats bs;
    rc = g.errors && g.incidents
             ? match_buffer(snap, c->r->body, c->r->body_len, fmt, NULL, on_hit, on_error, &g, &bs)
             : GISAC_ENOMEM;
    incident_sighting *sg = NULL;
    incident_auto_stats ast;
    memset(&ast, 0, sizeof ast);
    if (rc == 0 && !g.oom && g.n) {
        sg = calloc(g.n, sizeof *sg);
        size_t k = 0;
        for (size_t i = 0; sg && i < g.cap; i++)
            if (g.t[i].id)
                sg[k++] =
                    (incident_sighting){g.t[i].id, agency, g.t[i].first, g.t[i].last, g.t[i].count};
        rc = sg ? incident_record_sightings(c->r->inc, sg, g.n, "ingest", c->now, on_incident, &g,
                                            &ast, &err)
                : GISAC_ENOMEM;
    }
    free(sg);
    /* What the answer counts: staff see every sighting; a sensor only those
     * of indicators its agency may read (TLP), so that posting a value
     * does not tell whether it is an amber or red indicator. Every
     * sighting was recorded all the same. */
    uint64_t shown_sightings = bs.sightings, shown_indicators = g.n;
    if (rc == 0 && !g.oom && http_max_tlp(c->r) != TLP_UNSET) {
        shown_sightings = shown_indicators = 0;
        for (size_t i = 0; rc == 0 && i < g.cap; i++) {
            if (!g.t[i].id)
                continue;
            store_indicator ind;
            memset(&ind, 0, sizeof ind);
            ind.id = g.t[i].id;
            ind.tlp = g.t[i].tlp;
            int yes = 0;
            rc = intel_visible(c->r->in, TLP_GREEN, agency, &ind, &yes, &err);
            if (rc == 0 && yes) {
                shown_indicators++;
                shown_sightings += (uint64_t)g.t[i].count;
            }
        }
    }
    free(g.t);
    match_snapshot_unref(snap);
    if (rc > 0 || (rc == 0 && g.oom)) /* a callback stopped the run: nothing was stored */
        rc = GISAC_ENOMEM;
    if (rc < 0) {
        json_decref(g.errors);
        json_decref(g.incidents);
        if (rc == GISAC_ENOMEM)
            return api_error(c, 500, "internal", "internal error");
        return api_service_error(c, rc, &err);
    }
    json_t *out = json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:o,s:o}", "agency", agency, "format",
                            match_format_name(bs.format), "lines", (json_int_t)bs.lines, "events",
                            (json_int_t)bs.events, "sightings", (json_int_t)shown_sightings,
                            "indicators", (json_int_t)shown_indicators, "unparsed",
                            (json_int_t)bs.unparsed, "errors", g.errors, "incidents", g.incidents);
    if (!out)
        return api_error(c, 500, "internal", "internal error");
    return api_json(c, 200, out);
}
