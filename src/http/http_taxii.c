/*
 * http_taxii.c: the TAXII 2.1 read path (docs/serve.md).
 *
 *   /taxii2/                                      discovery
 *   /taxii2/api/                                  the API root
 *   /taxii2/api/collections/                      the one readable collection
 *   /taxii2/api/collections/{id}/                 it
 *   /taxii2/api/collections/{id}/objects/         its objects, paged
 *   /taxii2/api/collections/{id}/objects/{sid}/   one object
 *
 * Each with or without the trailing slash. Order of checks: credentials
 * (401), role (403), Accept (406), then the resource (404) and its query
 * (400). Every answer, errors included, is application/taxii+json;version=2.1.
 */
#include "http/http_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define API_ROOT "/taxii2/api"

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

/* One media range of the Accept header: 1 when TAXII 2.1 JSON may answer it. */
static int range_ok(const char *s, const char *e)
{
    const char *semi = memchr(s, ';', (size_t)(e - s));
    size_t tl;
    const char *t = trim(s, semi ? semi : e, &tl);
    int taxii = eq(t, tl, "application/taxii+json");
    if (!taxii && !eq(t, tl, "*/*"))
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
        if (eq(k, kl, "q") &&
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
        if (range_ok(p, e))
            return 1;
        if (!c)
            return 0;
        p = c + 1;
    }
}

/* ---- the query of an objects request ------------------------------------ */

typedef struct objq {
    const char *limit, *next, *added_after;
    gisac_buf ids; /* every match[id] value, joined by ',' */
    gisac_buf types;
    int has_type;
    const char *unsupported; /* a filter this server does not offer */
    int dup;                 /* limit, next or added_after given twice */
} objq;

static enum MHD_Result arg_cb(void *cls, enum MHD_ValueKind kind, const char *key,
                              const char *value)
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
        if (q->ids.len)
            gisac_buf_putc(&q->ids, ',');
        gisac_buf_puts(&q->ids, v);
    } else if (strcmp(key, "match[type]") == 0) {
        if (q->types.len)
            gisac_buf_putc(&q->types, ',');
        gisac_buf_puts(&q->types, v);
        q->has_type = 1;
    } else if (strncmp(key, "match[", 6) == 0 && !q->unsupported) {
        q->unsupported = key;
    }
    return MHD_YES;
}

/* 1 when the comma list holds "indicator" */
static int types_have_indicator(const gisac_buf *b)
{
    const char *p = b->data ? b->data : "";
    for (;;) {
        const char *c = strchr(p, ',');
        size_t n;
        const char *t = trim(p, c ? c : p + strlen(p), &n);
        if (eq(t, n, "indicator"))
            return 1;
        if (!c)
            return 0;
        p = c + 1;
    }
}

/* ---- handlers ------------------------------------------------------------ */

static enum MHD_Result send_json(http_req *r, gisac_buf *b, int bad, const char *first,
                                 const char *last)
{
    if (bad) {
        gisac_buf_free(b);
        return http_taxii_error(r, 500, "internal error", NULL);
    }
    if (first)
        return http_send(r, 200, TAXII_MEDIA, b->data, b->len, NULL, "X-TAXII-Date-Added-First",
                         first, "X-TAXII-Date-Added-Last", last, NULL);
    return http_send(r, 200, TAXII_MEDIA, b->data, b->len, NULL, NULL);
}

static enum MHD_Result discovery(http_req *r)
{
    gisac_buf b = GISAC_BUF_INIT;
    const char *host = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Host");
    gisac_buf root = GISAC_BUF_INIT;
    int bad = host ? gisac_buf_printf(&root, "http://%s" API_ROOT "/", host)
                   : gisac_buf_puts(&root, API_ROOT "/");
    bad |= gisac_buf_puts(&b, "{\"title\":\"gisac TAXII 2.1\",\"description\":\"Threat "
                              "intelligence shared by gisac\",\"default\":");
    bad |= gisac_buf_json_str(&b, root.data ? root.data : "");
    bad |= gisac_buf_puts(&b, ",\"api_roots\":[");
    bad |= gisac_buf_json_str(&b, root.data ? root.data : "");
    bad |= gisac_buf_puts(&b, "]}");
    gisac_buf_free(&root);
    return send_json(r, &b, bad, NULL, NULL);
}

static enum MHD_Result api_root(http_req *r)
{
    gisac_buf b = GISAC_BUF_INIT;
    int bad = gisac_buf_puts(&b, "{\"title\":\"gisac\",\"description\":\"Active indicators "
                                 "under TLP\",\"versions\":[\"" TAXII_MEDIA
                                 "\"],\"max_content_length\":0}");
    return send_json(r, &b, bad, NULL, NULL);
}

static int collection_json(gisac_buf *b)
{
    char id[GISAC_UUID_LEN];
    intel_taxii_collection_id(id);
    return gisac_buf_printf(b,
                            "{\"id\":\"%s\",\"title\":\"Indicators\",\"description\":\"Every "
                            "active indicator the caller may see under TLP\",\"can_read\":true,"
                            "\"can_write\":false,\"media_types\":[\"application/stix+json;"
                            "version=2.1\"]}",
                            id);
}

static enum MHD_Result collections(http_req *r)
{
    gisac_buf b = GISAC_BUF_INIT;
    int bad = gisac_buf_puts(&b, "{\"collections\":[");
    bad |= collection_json(&b);
    bad |= gisac_buf_puts(&b, "]}");
    return send_json(r, &b, bad, NULL, NULL);
}

static enum MHD_Result collection(http_req *r)
{
    gisac_buf b = GISAC_BUF_INIT;
    int bad = collection_json(&b);
    return send_json(r, &b, bad, NULL, NULL);
}

static enum MHD_Result objects(http_req *r)
{
    objq q;
    memset(&q, 0, sizeof q);
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, arg_cb, &q);
    enum MHD_Result res;
    intel_taxii_query tq = {http_max_tlp(r),  0, NULL, INTEL_TAXII_LIMIT_MAX, NULL, 0,
                            http_recipient(r)};
    const char *ids[INTEL_TAXII_IDS_MAX];
    char msg[160];
    if (q.unsupported) {
        snprintf(msg, sizeof msg, "filter %.100s is not supported", q.unsupported);
        res = http_taxii_error(r, 400, "bad request", msg);
        goto out;
    }
    if (q.dup) {
        res = http_taxii_error(r, 400, "bad request", "a parameter is given twice");
        goto out;
    }
    if (q.limit) {
        char *end;
        long v = strtol(q.limit, &end, 10);
        if (!*q.limit || *end || v < 1) {
            res = http_taxii_error(r, 400, "bad request", "limit must be a positive integer");
            goto out;
        }
        tq.limit = v > INTEL_TAXII_LIMIT_MAX ? INTEL_TAXII_LIMIT_MAX : (size_t)v;
    }
    if (q.added_after &&
        gisac_time_parse(q.added_after, strlen(q.added_after), &tq.added_after) < 0) {
        res = http_taxii_error(r, 400, "bad request", "added_after is not a timestamp");
        goto out;
    }
    tq.next = q.next;
    if (q.ids.len) {
        char *p = q.ids.data;
        for (;;) {
            char *c = strchr(p, ',');
            if (c)
                *c = '\0';
            if (*p) {
                if (tq.nids == INTEL_TAXII_IDS_MAX) {
                    res = http_taxii_error(r, 400, "bad request", "too many ids in match[id]");
                    goto out;
                }
                ids[tq.nids++] = p;
            }
            if (!c)
                break;
            p = c + 1;
        }
        tq.ids = ids;
        if (tq.nids == 0) { /* match[id]= with no id: nothing matches */
            gisac_buf b = GISAC_BUF_INIT;
            res = send_json(r, &b, gisac_buf_puts(&b, "{\"more\":false}"), NULL, NULL);
            goto out;
        }
    }
    if (q.has_type && !types_have_indicator(&q.types)) {
        gisac_buf b = GISAC_BUF_INIT;
        res = send_json(r, &b, gisac_buf_puts(&b, "{\"more\":false}"), NULL, NULL);
        goto out;
    }

    intel_taxii_page page;
    gisac_err err = {0, ""};
    int rc = intel_taxii_page_get(r->in, &tq, &page, &err);
    if (rc == GISAC_EINVAL) {
        intel_taxii_page_free(&page);
        res = http_taxii_error(r, 400, "bad request", err.msg);
        goto out;
    }
    if (rc < 0) {
        intel_taxii_page_free(&page);
        res = http_taxii_error(r, 500, "internal error", NULL);
        goto out;
    }
    gisac_buf b = GISAC_BUF_INIT;
    int bad = gisac_buf_printf(&b, "{\"more\":%s", page.more ? "true" : "false");
    if (page.more)
        bad |= gisac_buf_printf(&b, ",\"next\":\"%s\"", page.next);
    if (page.count) {
        bad |= gisac_buf_puts(&b, ",\"objects\":[");
        bad |= gisac_buf_append(&b, page.objects.data, page.objects.len);
        bad |= gisac_buf_putc(&b, ']');
    }
    bad |= gisac_buf_putc(&b, '}');
    char first[GISAC_TIME_LEN], last[GISAC_TIME_LEN];
    gisac_time_format_ms(page.first_added, first);
    gisac_time_format_ms(page.last_added, last);
    size_t count = page.count;
    intel_taxii_page_free(&page);
    res = send_json(r, &b, bad, count ? first : NULL, last);
out:
    gisac_buf_free(&q.ids);
    gisac_buf_free(&q.types);
    return res;
}

static enum MHD_Result object(http_req *r, const char *sid)
{
    gisac_buf obj = GISAC_BUF_INIT;
    gisac_err err = {0, ""};
    int64_t added = 0;
    int rc =
        intel_taxii_object_get(r->in, sid, http_max_tlp(r), http_recipient(r), &obj, &added, &err);
    if (rc == GISAC_ENOTFOUND) {
        gisac_buf_free(&obj);
        return http_taxii_error(r, 404, "not found", "no such object in this collection");
    }
    if (rc < 0) {
        gisac_buf_free(&obj);
        return http_taxii_error(r, 500, "internal error", NULL);
    }
    gisac_buf b = GISAC_BUF_INIT;
    int bad = gisac_buf_puts(&b, "{\"more\":false,\"objects\":[");
    bad |= gisac_buf_append(&b, obj.data, obj.len);
    bad |= gisac_buf_puts(&b, "]}");
    gisac_buf_free(&obj);
    char t[GISAC_TIME_LEN];
    gisac_time_format_ms(added, t);
    return send_json(r, &b, bad, t, t);
}

enum MHD_Result http_taxii(http_req *r, const char *path)
{
    int rc = http_authenticate(r);
    if (rc == GISAC_EINVAL)
        return http_taxii_error(r, 401, "unauthorized", "authentication required");
    if (rc < 0)
        return http_taxii_error(r, 500, "internal error", NULL);
    auth_principal p = auth_principal_of(&r->acc);
    if (!auth_can(&p, AUTH_READ_INTEL, NULL))
        return http_taxii_error(r, 403, "forbidden", "this account may not read intelligence");
    if (!accept_ok(MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Accept")))
        return http_taxii_error(r, 406, "not acceptable",
                                "this server answers " TAXII_MEDIA " only");

    if (strcmp(path, "/taxii2") == 0)
        return discovery(r);
    if (strncmp(path, API_ROOT, sizeof API_ROOT - 1) != 0)
        return http_taxii_error(r, 404, "not found", "no such resource");
    const char *rest = path + sizeof API_ROOT - 1;
    if (*rest == '\0')
        return api_root(r);
    static const char cols[] = "/collections";
    if (strncmp(rest, cols, sizeof cols - 1) != 0)
        return http_taxii_error(r, 404, "not found", "no such resource");
    rest += sizeof cols - 1;
    if (*rest == '\0')
        return collections(r);
    if (*rest != '/')
        return http_taxii_error(r, 404, "not found", "no such resource");
    rest++;
    char id[GISAC_UUID_LEN];
    intel_taxii_collection_id(id);
    size_t il = strlen(id);
    if (strncmp(rest, id, il) != 0 || (rest[il] != '\0' && rest[il] != '/'))
        return http_taxii_error(r, 404, "not found", "no such collection");
    rest += il;
    if (*rest == '\0')
        return collection(r);
    static const char objs[] = "/objects";
    if (strncmp(rest, objs, sizeof objs - 1) != 0)
        return http_taxii_error(r, 404, "not found", "no such resource");
    rest += sizeof objs - 1;
    if (*rest == '\0')
        return objects(r);
    if (*rest != '/' || strchr(rest + 1, '/'))
        return http_taxii_error(r, 404, "not found", "no such resource");
    return object(r, rest + 1);
}
