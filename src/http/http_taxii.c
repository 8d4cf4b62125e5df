/*
 * http_taxii.c: TAXII 2.1 (docs/taxii.md).
 *
 *   GET          /taxii2/                                          discovery
 *   GET          /taxii2/api/                                      the API root
 *   GET          /taxii2/api/status/{id}/                          an add's status
 *   GET          /taxii2/api/collections/                          the collections
 *   GET          /taxii2/api/collections/{id}/                     one
 *   GET, POST    /taxii2/api/collections/{id}/objects/             objects, paged; add
 *   GET          /taxii2/api/collections/{id}/manifest/            manifest, paged
 *   GET, DELETE  /taxii2/api/collections/{id}/objects/{sid}/       one object
 *   GET          /taxii2/api/collections/{id}/objects/{sid}/versions/
 *
 * Each with or without the trailing slash. Collections: the shared one
 * (read: AUTH_READ_INTEL), "Advisories" (read: AUTH_READ_INTEL; served by
 * src/advisory, never written over TAXII) and one per agency (read: AUTH_READ_AGENCY,
 * write: AUTH_WRITE_AGENCY on it). A collection the caller may not read
 * is "not found", whether it exists or not. Order of checks: credentials
 * (401), Accept (406), method (405), the resource (404), Content-Type of a
 * POST (415), the right to write (403), the query or body (400). Every
 * answer, errors included, is application/taxii+json;version=2.1.
 */
#include "http/http_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define API_ROOT  "/taxii2/api"
#define NO_OBJECT "no such object in this collection"

/* ---- Accept -------------------------------------------------------------- */

static const char *trim(const char *s, const char *e, size_t *len)
{
    while (s < e && (*s == ' ' || *s == '\t'))
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    *len = (size_t)(e - s);
    return s;
}

static int eq(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && strncasecmp(s, lit, n) == 0;
}

/*
 * One media type in [s, e) with its parameters: 1 when TAXII 2.1 JSON may
 * answer it. range: a media range of the Accept header, where the
 * wildcard range does too and q=0 refuses; else a Content-Type, which
 * must be TAXII JSON. A version parameter must be 2.1.
 */
static int media_ok(const char *s, const char *e, int range)
{
    const char *semi = memchr(s, ';', (size_t)(e - s));
    size_t tl;
    const char *t = trim(s, semi ? semi : e, &tl);
    int taxii = eq(t, tl, "application/taxii+json");
    if (!taxii && !(range && eq(t, tl, "*/*")))
        return 0;
    while (semi) {
        const char *p = semi + 1;
        semi = memchr(p, ';', (size_t)(e - p));
        size_t pl;
        const char *par = trim(p, semi ? semi : e, &pl);
        const char *q = memchr(par, '=', pl);
        if (!q)
            continue;
        size_t kl, vl;
        const char *k = trim(par, q, &kl), *v = trim(q + 1, par + pl, &vl);
        if (range && eq(k, kl, "q") &&
            (eq(v, vl, "0") || eq(v, vl, "0.0") || eq(v, vl, "0.00") || eq(v, vl, "0.000")))
            return 0;
        if (taxii && eq(k, kl, "version") && !eq(v, vl, "2.1"))
            return 0;
    }
    return 1;
}

static int accept_ok(const char *h)
{
    if (!h)
        return 1; /* no preference stated */
    const char *p = h;
    for (;;) {
        const char *c = strchr(p, ',');
        const char *e = c ? c : p + strlen(p);
        if (media_ok(p, e, 1))
            return 1;
        if (!c)
            return 0;
        p = c + 1;
    }
}

/* ---- the query of a paged request ---------------------------------------- */

typedef struct objq {
    const char *limit, *next, *added_after;
    gisac_buf ids; /* every match[id] value, joined by ',' */
    gisac_buf types;
    gisac_buf versions;
    gisac_buf specs;
    int has_type, has_version, has_spec;
    const char *unsupported; /* a filter this server does not offer */
    int dup;                 /* limit, next or added_after given twice */
    int oom;
} objq;

static void add_list(gisac_buf *b, const char *v, int *oom)
{
    if (b->len && gisac_buf_putc(b, ',') < 0)
        *oom = 1;
    if (gisac_buf_puts(b, v) < 0)
        *oom = 1;
}

static int arg_cb(void *cls, const char *key, const char *value)
{
    objq *q = cls;
    const char *v = value ? value : "";
    const char **one = strcmp(key, "limit") == 0         ? &q->limit
                       : strcmp(key, "next") == 0        ? &q->next
                       : strcmp(key, "added_after") == 0 ? &q->added_after
                                                         : NULL;
    if (one) {
        q->dup |= *one != NULL;
        *one = v;
    } else if (strcmp(key, "match[id]") == 0) {
        add_list(&q->ids, v, &q->oom);
    } else if (strcmp(key, "match[type]") == 0) {
        add_list(&q->types, v, &q->oom);
        q->has_type = 1;
    } else if (strcmp(key, "match[version]") == 0) {
        add_list(&q->versions, v, &q->oom);
        q->has_version = 1;
    } else if (strcmp(key, "match[spec_version]") == 0) {
        add_list(&q->specs, v, &q->oom);
        q->has_spec = 1;
    } else if (strncmp(key, "match[", 6) == 0 && !q->unsupported) {
        q->unsupported = key;
    }
    return 0;
}

static void objq_free(objq *q)
{
    gisac_buf_free(&q->ids);
    gisac_buf_free(&q->types);
    gisac_buf_free(&q->versions);
    gisac_buf_free(&q->specs);
}

/* 1 when the comma list holds word */
static int list_has(const gisac_buf *b, const char *word)
{
    const char *p = b->data ? b->data : "";
    for (;;) {
        const char *c = strchr(p, ',');
        size_t n;
        const char *t = trim(p, c ? c : p + strlen(p), &n);
        if (eq(t, n, word))
            return 1;
        if (!c)
            return 0;
        p = c + 1;
    }
}

/* ---- responses ------------------------------------------------------------ */

static http_res send_json(http_req *r, unsigned status, gisac_buf *b, int bad, const char *first,
                          const char *last)
{
    if (bad) {
        gisac_buf_free(b);
        return http_taxii_error(r, 500, "internal error", NULL);
    }
    if (first)
        return http_send(r, status, TAXII_MEDIA, b->data, b->len, NULL, "X-TAXII-Date-Added-First",
                         first, "X-TAXII-Date-Added-Last", last, NULL);
    return http_send(r, status, TAXII_MEDIA, b->data, b->len, NULL, NULL);
}

static http_res send_ok(http_req *r, gisac_buf *b, int bad)
{
    return send_json(r, 200, b, bad, NULL, NULL);
}

static http_res empty_page(http_req *r)
{
    gisac_buf b = GISAC_BUF_INIT;
    return send_ok(r, &b, gisac_buf_puts(&b, "{\"more\":false}"));
}

static http_res discovery(http_req *r)
{
    gisac_buf b = GISAC_BUF_INIT;
    const char *host = http_header(r, "Host");
    gisac_buf root = GISAC_BUF_INIT;
    int bad = host ? gisac_buf_printf(&root, "%s://%s" API_ROOT "/",
                                      http_is_tls(r) ? "https" : "http", host)
                   : gisac_buf_puts(&root, API_ROOT "/");
    bad |= gisac_buf_puts(&b, "{\"title\":\"gisac TAXII 2.1\",\"description\":\"Threat "
                              "intelligence shared by gisac\",\"default\":");
    bad |= gisac_buf_json_str(&b, root.data ? root.data : "");
    bad |= gisac_buf_puts(&b, ",\"api_roots\":[");
    bad |= gisac_buf_json_str(&b, root.data ? root.data : "");
    bad |= gisac_buf_puts(&b, "]}");
    gisac_buf_free(&root);
    return send_ok(r, &b, bad);
}

static http_res api_root(http_req *r)
{
    gisac_buf b = GISAC_BUF_INIT;
    int bad = gisac_buf_printf(
        &b,
        "{\"title\":\"gisac\",\"description\":\"Indicators and advisories under TLP, "
        "and one collection per agency for its submissions\","
        "\"versions\":[\"" TAXII_MEDIA "\"],\"max_content_length\":%zu}",
        http_max_body(r));
    return send_ok(r, &b, bad);
}

/* ---- collections ---------------------------------------------------------- */

typedef app_taxii_coll coll; /* the collection as the app shows it to the caller */

static int coll_json(gisac_buf *b, const coll *c)
{
    int bad = gisac_buf_printf(b, "{\"id\":\"%s\",\"title\":", c->id);
    if (c->advisories) {
        bad |= gisac_buf_puts(b, "\"Advisories\",\"description\":\"Advisories as STIX reports, "
                                 "with a vulnerability object per CVE, under TLP\",\"alias\":"
                                 "\"advisories\"");
    } else if (c->agency[0]) {
        gisac_buf t = GISAC_BUF_INIT;
        bad |= gisac_buf_printf(&t, "Submissions of %s", c->name);
        bad |= gisac_buf_json_str(b, t.data ? t.data : "");
        gisac_buf_free(&t);
        bad |= gisac_buf_puts(b, ",\"description\":\"Indicators the agency ");
        bad |= gisac_buf_puts(b, "submitted that are still active\",\"alias\":");
        bad |= gisac_buf_json_str(b, c->source);
    } else {
        bad |= gisac_buf_puts(b, "\"Indicators\",\"description\":\"Every active indicator the "
                                 "caller may see under TLP\",\"alias\":\"indicators\"");
    }
    bad |= gisac_buf_printf(b,
                            ",\"can_read\":%s,\"can_write\":%s,\"media_types\":[\"application/"
                            "stix+json;version=2.1\"]}",
                            c->can_read ? "true" : "false", c->can_write ? "true" : "false");
    return bad;
}

static auth_principal who_of(const http_req *r)
{
    return auth_principal_of(&r->acc);
}

typedef struct list_ctx {
    gisac_buf *b;
    int n, bad;
} list_ctx;

static int coll_cb(void *ctx, const app_taxii_coll *c)
{
    list_ctx *l = ctx;
    l->bad |= l->n++ ? gisac_buf_putc(l->b, ',') : 0;
    l->bad |= coll_json(l->b, c);
    return 0;
}

static http_res collections(http_req *r)
{
    gisac_buf b = GISAC_BUF_INIT;
    list_ctx l = {&b, 0, 0};
    l.bad = gisac_buf_puts(&b, "{\"collections\":[");
    gisac_err err = GISAC_ERR_INIT;
    auth_principal who = who_of(r);
    if (app_taxii_collections(r->app, &who, coll_cb, &l, &err) < 0) {
        gisac_buf_free(&b);
        return http_taxii_error(r, 500, "internal error", NULL);
    }
    l.bad |= gisac_buf_puts(&b, "]}");
    if (l.n == 0) { /* no collections: the property is left out */
        gisac_buf_reset(&b);
        l.bad = gisac_buf_puts(&b, "{}");
    }
    return send_ok(r, &b, l.bad);
}

/* The collection with id, as the caller sees it: 0, GISAC_ENOTFOUND or another error. */
static int coll_find(http_req *r, const char *id, coll *out)
{
    gisac_err err = GISAC_ERR_INIT;
    auth_principal who = who_of(r);
    return app_taxii_collection(r->app, &who, id, out, &err);
}

/* ---- paged reads: objects and manifest ------------------------------------ */

/* A paged request's query, checked, before it is given to a collection. */
typedef struct pq {
    size_t limit; /* 0: the collection's maximum */
    int64_t added_after;
    const char *next;
    const char *ids[INTEL_TAXII_IDS_MAX];
    size_t nids;
    int has_ids;
    int vflags; /* VF_*: match[version] first, last, all */
    int64_t times[INTEL_TAXII_VERSIONS_MAX];
    size_t ntimes;
    int has_type; /* match[type] given: types lists them */
    const gisac_buf *types;
    int spec_ok; /* match[spec_version] absent or holding 2.1 */
} pq;
#define VF_FIRST 1
#define VF_LAST  2
#define VF_ALL   4

/* Check q into p; 0, or an answer already sent in *res. */
static int paged_parse(http_req *r, objq *q, pq *p, http_res *res)
{
    memset(p, 0, sizeof *p);
    char msg[160];
    if (q->oom) {
        *res = http_taxii_error(r, 500, "internal error", NULL);
        return -1;
    }
    if (q->unsupported) {
        snprintf(msg, sizeof msg, "filter %.*s is not supported",
                 (int)gisac_utf8_prefix(q->unsupported, 100), q->unsupported);
        *res = http_taxii_error(r, 400, "bad request", msg);
        return -1;
    }
    if (q->dup) {
        *res = http_taxii_error(r, 400, "bad request", "a parameter is given twice");
        return -1;
    }
    if (q->limit) {
        char *end;
        long v = strtol(q->limit, &end, 10);
        if (!*q->limit || *end || v < 1) {
            *res = http_taxii_error(r, 400, "bad request", "limit must be a positive integer");
            return -1;
        }
        p->limit = v > INTEL_TAXII_LIMIT_MAX ? INTEL_TAXII_LIMIT_MAX : (size_t)v;
    }
    if (q->added_after &&
        gisac_time_parse(q->added_after, strlen(q->added_after), &p->added_after) < 0) {
        *res = http_taxii_error(r, 400, "bad request", "added_after is not a timestamp");
        return -1;
    }
    p->next = q->next;
    if (q->has_version) {
        char *s = q->versions.data ? q->versions.data : (char *)"";
        for (;;) {
            char *cm = strchr(s, ',');
            size_t n;
            const char *t = trim(s, cm ? cm : s + strlen(s), &n);
            if (eq(t, n, "first")) {
                p->vflags |= VF_FIRST;
            } else if (eq(t, n, "last")) {
                p->vflags |= VF_LAST;
            } else if (eq(t, n, "all")) {
                p->vflags |= VF_ALL;
            } else {
                int64_t v;
                if (n == 0 || gisac_time_parse(t, n, &v) < 0) {
                    *res = http_taxii_error(r, 400, "bad request",
                                            "match[version] takes first, last, all or timestamps");
                    return -1;
                }
                if (p->ntimes == INTEL_TAXII_VERSIONS_MAX) {
                    *res = http_taxii_error(r, 400, "bad request",
                                            "too many timestamps in match[version]");
                    return -1;
                }
                p->times[p->ntimes++] = v;
            }
            if (!cm)
                break;
            s = cm + 1;
        }
    }
    if (q->ids.len) {
        p->has_ids = 1;
        char *s = q->ids.data;
        for (;;) {
            char *cm = strchr(s, ',');
            if (cm)
                *cm = '\0';
            if (*s) {
                if (p->nids == INTEL_TAXII_IDS_MAX) {
                    *res = http_taxii_error(r, 400, "bad request", "too many ids in match[id]");
                    return -1;
                }
                p->ids[p->nids++] = s;
            }
            if (!cm)
                break;
            s = cm + 1;
        }
        if (p->nids == 0) { /* match[id]= with no id: nothing matches */
            *res = empty_page(r);
            return -1;
        }
    }
    p->has_type = q->has_type;
    p->types = &q->types;
    p->spec_ok = !q->has_spec || list_has(&q->specs, "2.1");
    if (!p->spec_ok) {
        *res = empty_page(r);
        return -1;
    }
    return 0;
}

/* Fill tq from the query string; 0, or an answer already sent in *res. */
static int paged_query(http_req *r, objq *q, const coll *c, intel_taxii_query *tq, pq *p,
                       http_res *res)
{
    memset(tq, 0, sizeof *tq);
    if (paged_parse(r, q, p, res) < 0)
        return -1;
    tq->limit = p->limit ? p->limit : INTEL_TAXII_LIMIT_MAX;
    (void)c; /* the app sets the viewer and the collection's source */
    tq->added_after = p->added_after;
    tq->next = p->next;
    /* "first", "last" and "all" are the one version there is; timestamps pick it */
    if (!p->vflags) {
        for (size_t i = 0; i < p->ntimes; i++)
            tq->versions[i] = p->times[i];
        tq->nversions = p->ntimes;
    }
    if (p->nids) {
        tq->ids = p->ids;
        tq->nids = p->nids;
    }
    if (p->has_type && !list_has(p->types, "indicator")) {
        *res = empty_page(r);
        return -1;
    }
    return 0;
}

/* The same for the collection "Advisories". */
static int adv_query(http_req *r, objq *q, advisory_taxii_query *aq, pq *p, http_res *res)
{
    memset(aq, 0, sizeof *aq);
    if (paged_parse(r, q, p, res) < 0)
        return -1;
    aq->limit = p->limit ? p->limit : ADVISORY_TAXII_LIMIT_MAX;
    if (aq->limit > ADVISORY_TAXII_LIMIT_MAX)
        aq->limit = ADVISORY_TAXII_LIMIT_MAX;
    aq->added_after = p->added_after;
    aq->next = p->next;
    aq->versions = (p->vflags & VF_FIRST ? ADVISORY_TAXII_FIRST : 0) |
                   (p->vflags & VF_LAST ? ADVISORY_TAXII_LATEST : 0) |
                   (p->vflags & VF_ALL ? ADVISORY_TAXII_ALL : 0);
    for (size_t i = 0; i < p->ntimes && i < ADVISORY_TAXII_VERSIONS_MAX; i++)
        aq->times[aq->ntimes++] = p->times[i];
    if (p->nids) {
        aq->ids = p->ids;
        aq->nids = p->nids < ADVISORY_TAXII_IDS_MAX ? p->nids : ADVISORY_TAXII_IDS_MAX;
    }
    if (p->has_type) {
        aq->types = (list_has(p->types, "report") ? ADVISORY_TAXII_REPORT : 0) |
                    (list_has(p->types, "vulnerability") ? ADVISORY_TAXII_VULN : 0);
        if (!aq->types) {
            *res = empty_page(r);
            return -1;
        }
    }
    return 0;
}

/*
 * The answer to a failed app call (rc < 0), with b (when not NULL) freed:
 * 404 with the text not_found for a missing object (when not_found is
 * given), 400 with the error's message for a bad request (when
 * bad_request), else 500.
 */
static http_res call_failed(http_req *r, int rc, const gisac_err *err, gisac_buf *b,
                            const char *not_found, int bad_request)
{
    if (b)
        gisac_buf_free(b);
    if (not_found && rc == GISAC_ENOTFOUND)
        return http_taxii_error(r, 404, "not found", not_found);
    if (bad_request && rc == GISAC_EINVAL)
        return http_taxii_error(r, 400, "bad request", err->msg);
    return http_taxii_error(r, 500, "internal error", NULL);
}

/* The query of a request to one collection, as a page's query of its kind. */
typedef struct coll_req {
    objq q; /* as given (objq_free it) */
    pq p;
    advisory_taxii_query aq; /* the advisories' */
    intel_taxii_query tq;    /* the others' */
} coll_req;

/* Read and check the query of a request to collection c: 0, or -1 with the answer in *res. */
static int coll_query(http_req *r, const coll *c, coll_req *cq, http_res *res)
{
    memset(&cq->q, 0, sizeof cq->q);
    http_args(r, arg_cb, &cq->q);
    int rc = c->advisories ? adv_query(r, &cq->q, &cq->aq, &cq->p, res)
                           : paged_query(r, &cq->q, c, &cq->tq, &cq->p, res);
    if (rc < 0)
        objq_free(&cq->q);
    return rc;
}

/*
 * The answer to a page call (rc) of either collection, kept in the cache
 * under key when given. Frees the page's objects.
 */
static http_res page_answer(http_req *r, int rc, const gisac_err *err, intel_taxii_page *v,
                            const char *key, uint64_t gen)
{
    if (rc < 0)
        return call_failed(r, rc, err, &v->objects, NULL, 1);
    gisac_buf b = GISAC_BUF_INIT;
    int bad = gisac_buf_reserve(&b, v->objects.len + 128);
    bad |= gisac_buf_printf(&b, "{\"more\":%s", v->more ? "true" : "false");
    if (v->more)
        bad |= gisac_buf_printf(&b, ",\"next\":\"%s\"", v->next);
    if (v->count) {
        bad |= gisac_buf_puts(&b, ",\"objects\":[");
        bad |= gisac_buf_append(&b, v->objects.data, v->objects.len);
        bad |= gisac_buf_putc(&b, ']');
    }
    bad |= gisac_buf_putc(&b, '}');
    char first[GISAC_TIME_LEN], last[GISAC_TIME_LEN];
    gisac_time_format_ms(v->first_added, first);
    gisac_time_format_ms(v->last_added, last);
    gisac_buf_free(&v->objects);
    if (key && !bad) {
        http_cache_answer a = {
            200, TAXII_MEDIA, b.data, b.len, v->count ? first : NULL, v->count ? last : NULL, NULL};
        http_cache_put(http_cache_of(r), key, gen, &a);
    }
    return send_json(r, 200, &b, bad, v->count ? first : NULL, last);
}

static http_res paged_compute(http_req *r, const coll *c, int manifest, const char *key,
                              uint64_t gen);

/* A page: from the answer cache when it holds it, else computed (and kept). */
static http_res paged(http_req *r, const coll *c, int manifest, const char *path)
{
    http_cache *hc = http_cache_of(r);
    if (!hc)
        return paged_compute(r, c, manifest, NULL, 0);
    gisac_buf key = GISAC_BUF_INIT;
    if (http_cache_key(r, path, &key) < 0) {
        gisac_buf_free(&key);
        return http_taxii_error(r, 500, "internal error", NULL);
    }
    uint64_t gen = http_cache_gen(hc);
    http_cache_entry *e = http_cache_get(hc, key.data);
    http_res res = e ? http_send_entry(r, e, NULL) : paged_compute(r, c, manifest, key.data, gen);
    gisac_buf_free(&key);
    return res;
}

static http_res paged_compute(http_req *r, const coll *c, int manifest, const char *key,
                              uint64_t gen)
{
    coll_req cq;
    http_res res;
    if (coll_query(r, c, &cq, &res) < 0)
        return res;
    int rc;
    gisac_err err = GISAC_ERR_INIT;
    auth_principal who = who_of(r);
    intel_taxii_page page;
    memset(&page, 0, sizeof page);
    if (c->advisories) {
        cq.aq.manifest = manifest;
        rc = app_taxii_advisory_page(r->app, &who, &cq.aq, &page, &err);
    } else {
        cq.tq.manifest = manifest;
        rc = app_taxii_page(r->app, &who, c, &cq.tq, &page, &err);
    }
    objq_free(&cq.q);
    return page_answer(r, rc, &err, &page, key, gen);
}

/* ---- adding --------------------------------------------------------------- */

/* 1 when the Content-Type is TAXII 2.1 JSON (no version parameter, or 2.1). */
static int content_type_ok(const char *h)
{
    return h && media_ok(h, h + strlen(h), 0);
}

static http_res add_objects(http_req *r, const coll *c)
{
    if (!content_type_ok(http_header(r, "Content-Type")))
        return http_taxii_error(r, 415, "unsupported media type",
                                "objects are added as " TAXII_MEDIA);
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    auth_principal who = who_of(r);
    int rc = app_taxii_add(r->app, &who, c, r->body, r->body_len, &b, &err);
    if (rc == GISAC_EFORBIDDEN) {
        gisac_buf_free(&b);
        return http_taxii_error(r, 403, "forbidden", "this collection is not writable for you");
    }
    if (rc < 0)
        return call_failed(r, rc, &err, &b, NULL, 1);
    return send_json(r, 202, &b, 0, NULL, NULL);
}

static http_res status(http_req *r, const char *id)
{
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    auth_principal who = who_of(r);
    int rc = app_taxii_status(r->app, &who, id, &b, &err);
    if (rc < 0)
        return call_failed(r, rc, &err, &b, "no such status", 0);
    return send_ok(r, &b, 0);
}

/* ---- one object ------------------------------------------------------------ */

/* GET .../objects/{sid}/ and .../versions/ in the collection "Advisories". */
static http_res adv_object(http_req *r, advisory_taxii_query *aq, const char *sid,
                           int want_versions, int has_next)
{
    int rc;
    gisac_err err = GISAC_ERR_INIT;
    gisac_buf b = GISAC_BUF_INIT;
    int64_t first_added = 0, last_added = 0;
    int bad = 0;
    if (want_versions) {
        gisac_buf v = GISAC_BUF_INIT;
        size_t count = 0;
        auth_principal who = who_of(r);
        rc = app_taxii_advisory_versions(r->app, &who, aq, sid, &v, &count, &first_added,
                                         &last_added, &err);
        if (rc == 0 && has_next) { /* every version fits one page */
            gisac_buf_free(&v);
            return empty_page(r);
        }
        bad = gisac_buf_puts(&b, "{\"more\":false,\"versions\":[");
        bad |= gisac_buf_append(&b, v.data ? v.data : "", v.len);
        bad |= gisac_buf_puts(&b, "]}");
        gisac_buf_free(&v);
    } else {
        advisory_taxii_page page;
        memset(&page, 0, sizeof page);
        auth_principal who = who_of(r);
        rc = app_taxii_advisory_object(r->app, &who, aq, sid, &page, &err);
        first_added = page.first_added;
        last_added = page.last_added;
        bad = gisac_buf_puts(&b, "{\"more\":false,\"objects\":[");
        bad |= gisac_buf_append(&b, page.objects.data ? page.objects.data : "", page.objects.len);
        bad |= gisac_buf_puts(&b, "]}");
        advisory_taxii_page_free(&page);
    }
    if (rc < 0)
        return call_failed(r, rc, &err, &b, NO_OBJECT, 1);
    char first[GISAC_TIME_LEN], last[GISAC_TIME_LEN];
    gisac_time_format_ms(first_added, first);
    gisac_time_format_ms(last_added, last);
    return send_json(r, 200, &b, bad, first, last);
}

static http_res object(http_req *r, const coll *c, intel_taxii_query *tq, const char *sid)
{
    gisac_buf obj = GISAC_BUF_INIT;
    gisac_err err = GISAC_ERR_INIT;
    int64_t added = 0;
    auth_principal who = who_of(r);
    int rc = app_taxii_object(r->app, &who, c, tq, sid, &obj, &added, &err);
    if (rc < 0)
        return call_failed(r, rc, &err, &obj, NO_OBJECT, 0);
    gisac_buf b = GISAC_BUF_INIT;
    int bad = gisac_buf_puts(&b, "{\"more\":false,\"objects\":[");
    bad |= gisac_buf_append(&b, obj.data, obj.len);
    bad |= gisac_buf_puts(&b, "]}");
    gisac_buf_free(&obj);
    char t[GISAC_TIME_LEN];
    gisac_time_format_ms(added, t);
    return send_json(r, 200, &b, bad, t, t);
}

static http_res object_delete(http_req *r, const coll *c, const char *sid)
{
    gisac_err err = GISAC_ERR_INIT;
    auth_principal who = who_of(r);
    int rc = app_taxii_delete(r->app, &who, c, sid, &err);
    if (rc == GISAC_EFORBIDDEN)
        return http_taxii_error(r, 403, "forbidden", err.msg);
    if (rc < 0)
        return call_failed(r, rc, &err, NULL, NO_OBJECT, 0);
    return http_send(r, 200, TAXII_MEDIA, NULL, 0, NULL, NULL);
}

static http_res versions(http_req *r, const coll *c, intel_taxii_query *tq, const char *sid,
                         int has_next)
{
    tq->nversions = 0;
    int64_t modified = 0, added = 0;
    gisac_err err = GISAC_ERR_INIT;
    auth_principal who = who_of(r);
    int rc = app_taxii_versions(r->app, &who, c, tq, sid, &modified, &added, &err);
    if (rc < 0)
        return call_failed(r, rc, &err, NULL, NO_OBJECT, 0);
    if (has_next) /* one version: there is never a second page */
        return empty_page(r);
    char v[GISAC_TIME_LEN], t[GISAC_TIME_LEN];
    gisac_time_format_ms(modified, v);
    gisac_time_format_ms(added, t);
    gisac_buf b = GISAC_BUF_INIT;
    int bad = gisac_buf_printf(&b, "{\"more\":false,\"versions\":[\"%s\"]}", v);
    return send_json(r, 200, &b, bad, t, t);
}

/*
 * GET .../objects/{sid}/ (want_versions: .../versions/): the query of a
 * page without match[id] and next (the object is named in the path; every
 * version fits one page).
 */
static http_res one_object(http_req *r, const coll *c, const char *sid, int want_versions)
{
    coll_req cq;
    http_res res;
    if (coll_query(r, c, &cq, &res) < 0)
        return res;
    int has_next = cq.q.next != NULL;
    objq_free(&cq.q);
    if (c->advisories) {
        cq.aq.ids = NULL;
        cq.aq.nids = 0;
        cq.aq.next = NULL;
        return adv_object(r, &cq.aq, sid, want_versions, has_next);
    }
    cq.tq.ids = NULL;
    cq.tq.nids = 0;
    return want_versions ? versions(r, c, &cq.tq, sid, has_next) : object(r, c, &cq.tq, sid);
}

/* ---- dispatch -------------------------------------------------------------- */

static http_res not_allowed(http_req *r, const char *allow)
{
    gisac_buf b = GISAC_BUF_INIT;
    int bad = gisac_buf_puts(&b, "{\"title\":\"method not allowed\",\"http_status\":\"405\"}");
    if (bad) {
        gisac_buf_free(&b);
        return http_taxii_error(r, 500, "internal error", NULL);
    }
    return http_send(r, 405, TAXII_MEDIA, b.data, b.len, NULL, "Allow", allow, NULL);
}

static int is(const http_req *r, const char *m)
{
    return strcmp(r->method, m) == 0 || (strcmp(m, "GET") == 0 && strcmp(r->method, "HEAD") == 0);
}

http_res http_taxii(http_req *r, const char *path)
{
    int rc = http_authenticate(r);
    if (rc < 0)
        return http_auth_refused(r, rc, 1);
    if (!accept_ok(http_header(r, "Accept")))
        return http_taxii_error(r, 406, "not acceptable",
                                "this server answers " TAXII_MEDIA " only");

    if (strcmp(path, "/taxii2") == 0)
        return is(r, "GET") ? discovery(r) : not_allowed(r, "GET, HEAD");
    if (strncmp(path, API_ROOT, sizeof API_ROOT - 1) != 0)
        return http_taxii_error(r, 404, "not found", "no such resource");
    const char *rest = path + sizeof API_ROOT - 1;
    if (*rest == '\0')
        return is(r, "GET") ? api_root(r) : not_allowed(r, "GET, HEAD");
    static const char st[] = "/status/";
    if (strncmp(rest, st, sizeof st - 1) == 0 && !strchr(rest + sizeof st - 1, '/'))
        return is(r, "GET") ? status(r, rest + sizeof st - 1) : not_allowed(r, "GET, HEAD");
    static const char cols[] = "/collections";
    if (strncmp(rest, cols, sizeof cols - 1) != 0)
        return http_taxii_error(r, 404, "not found", "no such resource");
    rest += sizeof cols - 1;
    if (*rest == '\0')
        return is(r, "GET") ? collections(r) : not_allowed(r, "GET, HEAD");
    if (*rest != '/')
        return http_taxii_error(r, 404, "not found", "no such resource");
    rest++;
    char cid[GISAC_UUID_LEN];
    size_t il = strcspn(rest, "/");
    if (il != GISAC_UUID_LEN - 1)
        return http_taxii_error(r, 404, "not found", "no such collection");
    memcpy(cid, rest, il);
    cid[il] = '\0';
    coll c;
    rc = coll_find(r, cid, &c);
    if (rc == GISAC_ENOTFOUND)
        return http_taxii_error(r, 404, "not found", "no such collection");
    if (rc < 0)
        return http_taxii_error(r, 500, "internal error", NULL);
    rest += il;
    if (*rest == '\0') {
        if (!is(r, "GET"))
            return not_allowed(r, "GET, HEAD");
        gisac_buf b = GISAC_BUF_INIT;
        return send_ok(r, &b, coll_json(&b, &c));
    }
    if (strcmp(rest, "/manifest") == 0) {
        if (!is(r, "GET"))
            return not_allowed(r, "GET, HEAD");
        if (!c.can_read)
            return http_taxii_error(r, 403, "forbidden", "this collection is not readable");
        return paged(r, &c, 1, path);
    }
    static const char objs[] = "/objects";
    if (strncmp(rest, objs, sizeof objs - 1) != 0)
        return http_taxii_error(r, 404, "not found", "no such resource");
    rest += sizeof objs - 1;
    if (*rest == '\0') {
        if (is(r, "POST"))
            return add_objects(r, &c);
        if (!is(r, "GET"))
            return not_allowed(r, "GET, HEAD, POST");
        if (!c.can_read)
            return http_taxii_error(r, 403, "forbidden", "this collection is not readable");
        return paged(r, &c, 0, path);
    }
    if (*rest != '/')
        return http_taxii_error(r, 404, "not found", "no such resource");
    rest++;
    char sid[96];
    size_t sl = strcspn(rest, "/");
    if (sl == 0 || sl >= sizeof sid)
        return http_taxii_error(r, 404, "not found", NO_OBJECT);
    memcpy(sid, rest, sl);
    sid[sl] = '\0';
    rest += sl;
    if (*rest == '\0') {
        if (is(r, "DELETE"))
            return object_delete(r, &c, sid);
        if (!is(r, "GET"))
            return not_allowed(r, "GET, HEAD, DELETE");
        if (!c.can_read)
            return http_taxii_error(r, 403, "forbidden", "this collection is not readable");
        return one_object(r, &c, sid, 0);
    }
    if (strcmp(rest, "/versions") == 0) {
        if (!is(r, "GET"))
            return not_allowed(r, "GET, HEAD");
        if (!c.can_read)
            return http_taxii_error(r, 403, "forbidden", "this collection is not readable");
        return one_object(r, &c, sid, 1);
    }
    return http_taxii_error(r, 404, "not found", "no such resource");
}
