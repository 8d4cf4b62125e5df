/*
 * feed_misp.c: MISP events ({"Event": {...}}, a bare event, or
 * {"response": [{"Event": ...}, ...]}), their attributes and the
 * attributes of their objects.
 */
#include "feed/feed_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct misp_event {
    const char *info;
    const char *created_by;
    const char *source; /* Orgc's name, or NULL */
    gisac_tlp tlp;
    const json_t *tags; /* the event's Tag list (labels other than tlp:*) */
} misp_event;

/* how a MISP attribute type is imported */
enum {
    M_NONE,
    M_IP,        /* ip-src, ip-dst */
    M_IP_PORT,   /* ip-src|port, ip-dst|port: the part before '|' */
    M_DOMAIN,    /* domain, hostname */
    M_HOST_PORT, /* hostname|port */
    M_DOMAIN_IP, /* domain|ip: both */
    M_URL,       /* url */
    M_HASH,      /* md5, sha1, sha256, x509-fingerprint-sha256, mobile-application-id */
    M_FILE_HASH, /* filename|md5, ...: the part after '|' */
    M_EMAIL,     /* email-src, email-dst, email */
};

static const struct {
    const char *type;
    int how;
    ioc_type want;
} misp_types[] = {
    {"ip-src", M_IP, IOC_AUTO},
    {"ip-dst", M_IP, IOC_AUTO},
    {"ip-src|port", M_IP_PORT, IOC_AUTO},
    {"ip-dst|port", M_IP_PORT, IOC_AUTO},
    {"domain", M_DOMAIN, IOC_DOMAIN},
    {"hostname", M_DOMAIN, IOC_DOMAIN},
    {"hostname|port", M_HOST_PORT, IOC_DOMAIN},
    {"domain|ip", M_DOMAIN_IP, IOC_DOMAIN},
    {"url", M_URL, IOC_URL},
    {"md5", M_HASH, IOC_MD5},
    {"sha1", M_HASH, IOC_SHA1},
    {"sha256", M_HASH, IOC_SHA256},
    {"filename|md5", M_FILE_HASH, IOC_MD5},
    {"filename|sha1", M_FILE_HASH, IOC_SHA1},
    {"filename|sha256", M_FILE_HASH, IOC_SHA256},
    {"email-src", M_EMAIL, IOC_EMAIL},
    {"email-dst", M_EMAIL, IOC_EMAIL},
    {"email", M_EMAIL, IOC_EMAIL},
    /* mobile indicators (docs/app.md, "Mobile threat intelligence") */
    {"x509-fingerprint-sha256", M_HASH, IOC_X509_SHA256},
    {"mobile-application-id", M_HASH, IOC_ANDROID_PACKAGE},
};

/* an address, or a network when it has a prefix */
static ioc_type ip_want(const char *v, size_t len)
{
    if (memchr(v, '/', len))
        return IOC_CIDR;
    return memchr(v, ':', len) ? IOC_IPV6 : IOC_IPV4;
}

/* A tag's name: {"name": ...} or a plain string; NULL for anything else. */
static const char *tag_name(const json_t *tag)
{
    const char *name = feed_json_str(tag, "name", 0);
    return name ? name : json_string_value(tag);
}

/* the TLP among tlp:* tags (most restrictive), and the other tags as labels */
static gisac_tlp tags_tlp(const json_t *tags)
{
    gisac_tlp best = TLP_UNSET, t;
    size_t i;
    const json_t *tag;
    json_array_foreach(tags, i, tag)
    {
        const char *name = tag_name(tag);
        if (!name || strlen(name) < 5 || !feed_ieq(name, 4, "tlp:"))
            continue;
        if (tlp_from_name(name, strlen(name), &t) == 0 && t > best)
            best = t;
    }
    return best;
}

static int tags_labels(feed_labels *l, const json_t *tags)
{
    size_t i;
    const json_t *tag;
    json_array_foreach(tags, i, tag)
    {
        const char *name = tag_name(tag);
        if (!name || (strlen(name) >= 4 && feed_ieq(name, 4, "tlp:")))
            continue;
        if (feed_labels_add(l, name, strlen(name)) < 0)
            return GISAC_ENOMEM;
    }
    return 0;
}

static int emit_part(feed_ctx *c, feed_record *r, ioc_type want, const char *v, size_t len)
{
    if (want == IOC_AUTO)
        want = ip_want(v, len);
    return feed_emit(c, r, want, v, len, NULL);
}

static int misp_attribute(feed_ctx *c, const misp_event *ev, const json_t *a, const char *where)
{
    if (!json_is_object(a)) {
        feed_reject(c, where, "not a JSON object");
        return 0;
    }
    if (feed_json_bool(json_object_get(a, "deleted"), 0))
        return 0;
    const char *type = feed_json_str(a, "type", 0);
    if (!type) {
        feed_reject(c, where, "attribute without a \"type\"");
        return 0;
    }
    size_t k = 0, nt = sizeof misp_types / sizeof misp_types[0];
    while (k < nt && strcmp(misp_types[k].type, type) != 0)
        k++;
    if (k == nt) {
        feed_unsupported(c, where, "attribute type \"%s\"", type);
        return 0;
    }
    const json_t *vj = json_object_get(a, "value");
    if (!json_is_string(vj)) {
        feed_reject(c, where, "%s attribute without a string value", type);
        return 0;
    }
    const char *v = json_string_value(vj);
    size_t vl = json_string_length(vj);

    feed_record r;
    feed_record_init(&r);
    r.where = where;
    r.name = ev->info;
    r.description = feed_json_str(a, "comment", 1);
    r.created_by = ev->created_by;
    r.source = ev->source;
    r.matchable = feed_json_bool(json_object_get(a, "to_ids"), 1);
    const json_t *atags = json_object_get(a, "Tag");
    gisac_tlp at = tags_tlp(atags);
    r.tlp = at != TLP_UNSET ? at : ev->tlp;
    int64_t ts = feed_json_time(json_object_get(a, "timestamp"));
    r.first_seen = feed_json_time(json_object_get(a, "first_seen"));
    r.last_seen = feed_json_time(json_object_get(a, "last_seen"));
    if (!r.first_seen)
        r.first_seen = ts;
    if (!r.last_seen)
        r.last_seen = ts;
    feed_labels_reset(&c->labels);
    const char *cat = feed_json_str(a, "category", 1);
    if (tags_labels(&c->labels, ev->tags) < 0 || tags_labels(&c->labels, atags) < 0 ||
        (cat && feed_labels_add(&c->labels, cat, strlen(cat)) < 0))
        return feed_nomem(c);
    feed_labels_apply(&c->labels, &r);

    ioc_type want = misp_types[k].want;
    const char *bar = memchr(v, '|', vl);
    switch (misp_types[k].how) {
    case M_IP:
    case M_DOMAIN:
    case M_URL:
    case M_HASH:
    case M_EMAIL:
        return emit_part(c, &r, want, v, vl);
    case M_IP_PORT:
    case M_HOST_PORT:
        return emit_part(c, &r, want, v, bar ? (size_t)(bar - v) : vl);
    case M_FILE_HASH: {
        const char *last = bar;
        for (const char *p = bar; p; p = memchr(p + 1, '|', vl - (size_t)(p + 1 - v)))
            last = p;
        if (!last) {
            feed_reject(c, where, "%s value without '|'", type);
            return 0;
        }
        return emit_part(c, &r, want, last + 1, vl - (size_t)(last + 1 - v));
    }
    case M_DOMAIN_IP: {
        if (!bar) {
            feed_reject(c, where, "%s value without '|'", type);
            return 0;
        }
        int rc = emit_part(c, &r, IOC_DOMAIN, v, (size_t)(bar - v));
        if (rc == 0)
            rc = emit_part(c, &r, IOC_AUTO, bar + 1, vl - (size_t)(bar + 1 - v));
        return rc;
    }
    }
    return 0;
}

static int misp_event_parse(feed_ctx *c, const json_t *e, const char *path)
{
    if (!json_is_object(e)) {
        feed_reject(c, feed_where_json(c, &c->where, "%s", path), "event is not a JSON object");
        return 0;
    }
    misp_event ev;
    ev.info = feed_json_str(e, "info", 1);
    ev.created_by = feed_json_str(json_object_get(e, "Orgc"), "name", 1);
    if (!ev.created_by)
        ev.created_by = feed_json_str(json_object_get(e, "Org"), "name", 1);
    /* the organisation that made the event is the source (not the one that holds it) */
    ev.source = feed_json_str(json_object_get(e, "Orgc"), "name", 1);
    ev.tags = json_object_get(e, "Tag");
    ev.tlp = tags_tlp(ev.tags);

    int rc = 0;
    size_t i;
    const json_t *a;
    json_array_foreach(json_object_get(e, "Attribute"), i, a)
    {
        const char *w = feed_where_json(c, &c->where, "%s.Attribute[%zu]", path, i);
        if ((rc = misp_attribute(c, &ev, a, w)) < 0)
            return rc;
    }
    const json_t *o;
    json_array_foreach(json_object_get(e, "Object"), i, o)
    {
        if (!json_is_object(o) || feed_json_bool(json_object_get(o, "deleted"), 0))
            continue;
        size_t j;
        json_array_foreach(json_object_get(o, "Attribute"), j, a)
        {
            const char *w =
                feed_where_json(c, &c->where, "%s.Object[%zu].Attribute[%zu]", path, i, j);
            if ((rc = misp_attribute(c, &ev, a, w)) < 0)
                return rc;
        }
    }
    return 0;
}

/* an element of "response" or of a top-level array: {"Event": ...} or an event */
static int misp_wrapped(feed_ctx *c, const json_t *x, const char *path)
{
    char sub[96];
    const json_t *e = json_object_get(x, "Event");
    if (e) {
        snprintf(sub, sizeof sub, "%s.Event", path);
        return misp_event_parse(c, e, sub);
    }
    return misp_event_parse(c, x, path);
}

/* Each event of the array a (at path), with progress through the n bytes of the file. */
static int misp_wrapped_all(feed_ctx *c, const json_t *a, const char *path, size_t n)
{
    size_t i, count = json_array_size(a);
    const json_t *x;
    json_array_foreach(a, i, x)
    {
        char at[64];
        snprintf(at, sizeof at, "%s[%zu]", path, i);
        int rc = misp_wrapped(c, x, at);
        if (rc < 0)
            return rc;
        feed_progress(c, (size_t)((double)n * (double)(i + 1) / (double)count));
    }
    return 0;
}

int feed_parse_misp(feed_ctx *c, const char *d, size_t n)
{
    json_error_t je;
    json_t *root = json_loadb(d, n, 0, &je);
    if (!root)
        return feed_json_error(c, &je);
    int rc = 0;
    if (json_is_object(root)) {
        const json_t *resp = json_object_get(root, "response");
        const json_t *ev = json_object_get(root, "Event");
        if (json_is_array(resp)) {
            rc = misp_wrapped_all(c, resp, "$.response", n);
        } else if (json_is_object(resp)) {
            rc = misp_wrapped(c, resp, "$.response");
        } else if (ev) {
            rc = misp_event_parse(c, ev, "$.Event");
        } else if (json_object_get(root, "Attribute") || json_object_get(root, "Object") ||
                   json_object_get(root, "info")) {
            rc = misp_event_parse(c, root, "$");
        } else {
            rc = gisac_err_set(c->err, GISAC_EINVAL,
                               "%s: not a MISP event: no \"Event\", \"response\" or "
                               "\"Attribute\"",
                               c->name);
        }
    } else if (json_is_array(root)) {
        rc = misp_wrapped_all(c, root, "$", n);
    } else {
        rc = gisac_err_set(c->err, GISAC_EINVAL, "%s: not a MISP event", c->name);
    }
    json_decref(root);
    return rc;
}
