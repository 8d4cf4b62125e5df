/*
 * export_misp.c: a MISP feed directory, as MISP's own feed generator
 * (PyMISP feed-generator, MISP "Fetch from feed") writes and reads it:
 *
 *   EVENT_UUID.json  {"Event":{...,"Attribute":[...]}}, one per TLP level
 *                    present (and one for items without a TLP)
 *   hashes.csv       "MD5(attribute value),EVENT_UUID" a line
 *   manifest.json    {"EVENT_UUID":{"info","Orgc","Tag","date","analysis",
 *                    "threat_level_id","timestamp","publish_timestamp"}}
 *
 * Ids are UUIDv5 in the installation's namespace (opts->identity,
 * gisac_identity_uuid5) so that re-exports are stable: an event
 * is "gisac-export-tlp:LEVEL" ("gisac-export-tlp:none" without a TLP), an
 * attribute "EVENT_UUID/TYPE:VALUE" (distinct per event: MISP refuses an
 * attribute UUID it holds in another event, so a value that moves from the
 * green event to the amber one gets a new attribute there), the
 * organisation the installation's identity (its name and UUID).
 *
 * Every time is the data's, never the clock's: an attribute's timestamp is
 * the item's modified, else last_seen, else created, else opts->now (the
 * data's last change); an event's timestamp, publish_timestamp and date
 * are those of its latest attribute, deleted ones included, and the
 * manifest repeats them. MISP updates an event whose timestamp grew and,
 * in it, the attributes whose timestamp grew; so an unchanged export is
 * not fetched again, and a change reaches MISP with the next pull.
 *
 * Deleted items (export_item.deleted, given by intel/ for the retention
 * period) are written in the event of their level with "deleted": true,
 * "to_ids": false and timestamp = when they left (their modified), unless
 * the same value is active at that level. MISP soft-deletes the attribute
 * it holds (it never deletes an attribute missing from a feed event).
 * They are not in hashes.csv.
 *
 * Events: info "gisac export TLP:GREEN", published, analysis 2
 * (completed), threat_level_id 4 (undefined: an export carries no
 * assessment of its own), Tag tlp:LEVEL with the colour of the MISP tlp
 * taxonomy (v10), distribution by TLP: clear 3 (all communities), green 1
 * (this community), amber, amber+strict, red and none 0 (your
 * organisation only). Numbers in event files are strings, as in the feeds
 * MISP itself publishes; the manifest carries analysis and threat_level_id
 * as numbers.
 *
 * Attributes: ipv4, ipv6 and cidr -> ip-dst, domain -> domain, url -> url
 * ("Network activity"); md5, sha1, sha256 -> the same ("Payload
 * delivery"); email -> email-src ("Payload delivery"). to_ids true,
 * distribution 5 (inherit the event); comment = the description.
 *
 * Files are written event files first, then hashes.csv, then manifest.json,
 * each atomically, so a subscriber never sees a manifest naming a missing
 * event. An event file of ours whose TLP level is no longer present is
 * removed after the manifest is written.
 */
#include "export/export_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NLEVELS    (TLP_RED + 2) /* clear..red, then "none" */
#define LEVEL_NONE (TLP_RED + 1)

static const char *const tlp_colour[] = {
    [TLP_CLEAR] = "#ffffff",        [TLP_GREEN] = "#33FF00", [TLP_AMBER] = "#FFC000",
    [TLP_AMBER_STRICT] = "#FFC000", [TLP_RED] = "#FF2B2B",
};
static const char *const tlp_upper[] = {
    [TLP_CLEAR] = "CLEAR", [TLP_GREEN] = "GREEN",
    [TLP_AMBER] = "AMBER", [TLP_AMBER_STRICT] = "AMBER+STRICT",
    [TLP_RED] = "RED",
};
static const char *const tlp_lower[] = {
    [TLP_CLEAR] = "clear", [TLP_GREEN] = "green",
    [TLP_AMBER] = "amber", [TLP_AMBER_STRICT] = "amber+strict",
    [TLP_RED] = "red",
};
static const char *const tlp_distribution[] = {
    [TLP_CLEAR] = "3",        [TLP_GREEN] = "1", [TLP_AMBER] = "0",
    [TLP_AMBER_STRICT] = "0", [TLP_RED] = "0",   [LEVEL_NONE] = "0",
};

static int level_of(const export_item *it)
{
    return it->tlp >= TLP_CLEAR && it->tlp <= TLP_RED ? (int)it->tlp : LEVEL_NONE;
}

static void event_uuid(int level, const export_opts *o, char out[GISAC_UUID_LEN])
{
    char name[64];
    int n = snprintf(name, sizeof name, "gisac-export-tlp:%s",
                     level == LEVEL_NONE ? "none" : tlp_lower[level]);
    gisac_identity_uuid5(o->identity, name, n > 0 ? (size_t)n : 0, out);
}

static void misp_type(const export_item *it, const char **type, const char **category)
{
    *category = "Network activity";
    switch (it->type) {
    case IOC_IPV4:
    case IOC_IPV6:
    case IOC_CIDR:
        *type = "ip-dst";
        break;
    case IOC_DOMAIN:
        *type = "domain";
        break;
    case IOC_URL:
        *type = "url";
        break;
    case IOC_MD5:
        *type = "md5";
        *category = "Payload delivery";
        break;
    case IOC_SHA1:
        *type = "sha1";
        *category = "Payload delivery";
        break;
    case IOC_SHA256:
        *type = "sha256";
        *category = "Payload delivery";
        break;
    case IOC_X509_SHA256:
        *type = "x509-fingerprint-sha256";
        break;
    case IOC_ANDROID_PACKAGE:
        *type = "mobile-application-id";
        *category = "Payload delivery";
        break;
    case IOC_EMAIL:
    default:
        *type = "email-src";
        *category = "Payload delivery";
        break;
    }
}

/* the installation: its name and its STIX identity's UUID */
static json_t *orgc(const export_opts *o)
{
    const gisac_identity *id = o->identity ? o->identity : gisac_identity_legacy();
    json_t *j = json_object();
    if (j && (exp_jset(j, "name", exp_json_str(id->name)) |
              exp_jset(j, "uuid", json_string(id->uuid)))) {
        json_decref(j);
        return NULL;
    }
    return j;
}

/* [{"name":"tlp:green","colour":"#33FF00"}] or [] */
static json_t *tags(int level, int exportable)
{
    json_t *a = json_array();
    if (!a || level == LEVEL_NONE)
        return a;
    char name[32];
    snprintf(name, sizeof name, "tlp:%s", tlp_lower[level]);
    json_t *t = exportable ? json_pack("{s:s, s:s, s:b}", "name", name, "colour", tlp_colour[level],
                                       "exportable", 1)
                           : json_pack("{s:s, s:s}", "name", name, "colour", tlp_colour[level]);
    if (!t || json_array_append_new(a, t) < 0) {
        json_decref(a);
        return NULL;
    }
    return a;
}

/* The texts an event of one level and its manifest entry share. */
typedef struct event_text {
    char info[64], date[GISAC_TIME_LEN], now[24];
} event_text;

static void event_text_of(int level, int64_t t, event_text *e)
{
    if (level == LEVEL_NONE)
        snprintf(e->info, sizeof e->info, "gisac export (no TLP)");
    else
        snprintf(e->info, sizeof e->info, "gisac export TLP:%s", tlp_upper[level]);
    gisac_date_format(t, e->date);
    snprintf(e->now, sizeof e->now, "%lld", (long long)t);
}

static int64_t attr_time(const export_item *it, const export_opts *o)
{
    if (it->deleted)
        return it->modified;
    return it->modified    ? it->modified
           : it->last_seen ? it->last_seen
           : it->created   ? it->created
                           : o->now;
}

/* UUIDv5 of "EVENT_UUID/TYPE:VALUE" (values are at most IOC_VALUE_MAX long;
 * a longer one given here is named by its first bytes) */
static void attr_uuid(const char *event, const export_item *it, char out[GISAC_UUID_LEN])
{
    char name[GISAC_UUID_LEN + 32 + IOC_VALUE_MAX];
    int len = snprintf(name, sizeof name, "%s/%s:%s", event, ioc_type_name(it->type), it->value);
    size_t n = len < 0 ? 0 : (size_t)len < sizeof name ? (size_t)len : sizeof name - 1;
    gisac_uuid5(GISAC_UUID_NS, name, n, out);
}

static json_t *attribute(const export_item *it, const export_opts *o, const char *event)
{
    char u[GISAC_UUID_LEN], ts[24];
    const char *type, *cat;
    attr_uuid(event, it, u);
    misp_type(it, &type, &cat);
    snprintf(ts, sizeof ts, "%lld", (long long)attr_time(it, o));
    json_t *j = json_object();
    if (!j)
        return NULL;
    int bad = 0;
    bad |= exp_jset(j, "uuid", json_string(u));
    bad |= exp_jset(j, "type", json_string(type));
    bad |= exp_jset(j, "category", json_string(cat));
    bad |= exp_jset(j, "value", exp_json_str(it->value));
    bad |= exp_jset(j, "to_ids", json_boolean(!it->deleted));
    bad |= exp_jset(j, "timestamp", json_string(ts));
    bad |= exp_jset(j, "distribution", json_string("5"));
    bad |= exp_jset(j, "comment",
                    exp_json_str(it->description && !it->deleted ? it->description : ""));
    if (it->deleted)
        bad |= exp_jset(j, "deleted", json_true());
    if (bad) {
        json_decref(j);
        return NULL;
    }
    return j;
}

static int cmp_key_ref(const void *key, const void *ref)
{
    return export_item_cmp(key, *(const export_item *const *)ref);
}

/* 1 when l (sorted by type, value) holds the value of d at d's level */
static int active_at(const exp_list *l, const export_item *d)
{
    const export_item *const *x = l->n ? bsearch(d, l->v, l->n, sizeof *l->v, cmp_key_ref) : NULL;
    return x && level_of(*x) == level_of(d);
}

/* The items of one level: the active ones, then the deleted ones. */
typedef struct level_items {
    const exp_list *l, *del;
    int level;
} level_items;

/* The i-th item of the level's walk (active then deleted), NULL past the end. */
static const export_item *level_next(const level_items *li, size_t *i)
{
    for (; *i < li->l->n + li->del->n; (*i)++) {
        const export_item *it = *i < li->l->n ? li->l->v[*i] : li->del->v[*i - li->l->n];
        if (level_of(it) != li->level)
            continue;
        if (it->deleted && active_at(li->l, it))
            continue;
        (*i)++;
        return it;
    }
    return NULL;
}

/* The latest attribute time of a level (0: the level has none). */
static int64_t level_time(const level_items *li, const export_opts *o, int *any)
{
    int64_t t = 0;
    size_t i = 0;
    const export_item *it;
    *any = 0;
    while ((it = level_next(li, &i))) {
        int64_t a = attr_time(it, o);
        if (!*any || a > t)
            t = a;
        *any = 1;
    }
    return t;
}

/* The event file of one level; appends its lines to hashes. */
static int event_file(const level_items *li, int64_t t, const export_opts *o, const char *uuid,
                      gisac_buf *ev, gisac_buf *hashes)
{
    int level = li->level;
    event_text et;
    event_text_of(level, t, &et);

    json_t *e = json_object();
    if (!e)
        return GISAC_ENOMEM;
    int bad = 0;
    bad |= exp_jset(e, "uuid", json_string(uuid));
    bad |= exp_jset(e, "info", json_string(et.info));
    bad |= exp_jset(e, "date", json_string(et.date));
    bad |= exp_jset(e, "timestamp", json_string(et.now));
    bad |= exp_jset(e, "publish_timestamp", json_string(et.now));
    bad |= exp_jset(e, "published", json_true());
    bad |= exp_jset(e, "analysis", json_string("2"));
    bad |= exp_jset(e, "threat_level_id", json_string("4"));
    bad |= exp_jset(e, "distribution", json_string(tlp_distribution[level]));
    bad |= exp_jset(e, "Orgc", orgc(o));
    bad |= exp_jset(e, "Tag", tags(level, 1));
    int rc = bad ? GISAC_ENOMEM : 0;
    if (rc == 0)
        rc = gisac_buf_puts(ev, "{\"Event\":");
    if (rc == 0)
        rc = exp_json_append(ev, e);
    json_decref(e);
    if (rc < 0)
        return rc;
    /* reopen the event object to stream the attributes into it */
    ev->len--;
    ev->data[ev->len] = '\0';
    rc = gisac_buf_puts(ev, ",\"Attribute\":[");
    int first = 1;
    size_t i = 0;
    const export_item *it;
    while (rc == 0 && (it = level_next(li, &i))) {
        json_t *a = attribute(it, o, uuid);
        if (!a)
            return GISAC_ENOMEM;
        rc = gisac_buf_puts(ev, first ? "\n" : ",\n");
        if (rc == 0)
            rc = exp_json_append(ev, a);
        json_decref(a);
        first = 0;
        if (it->deleted)
            continue;
        uint8_t h[16];
        char hex[33];
        gisac_md5(it->value, strlen(it->value), h);
        gisac_hex(h, sizeof h, hex);
        if (rc == 0)
            rc = gisac_buf_printf(hashes, "%s,%s\n", hex, uuid);
    }
    if (rc == 0)
        rc = gisac_buf_puts(ev, "\n]}}\n");
    return rc;
}

static json_t *manifest_entry(int level, int64_t time, const export_opts *o)
{
    event_text t;
    event_text_of(level, time, &t);
    json_t *m = json_object();
    if (!m)
        return NULL;
    int bad = 0;
    bad |= exp_jset(m, "info", json_string(t.info));
    bad |= exp_jset(m, "Orgc", orgc(o));
    bad |= exp_jset(m, "Tag", tags(level, 0));
    bad |= exp_jset(m, "date", json_string(t.date));
    bad |= exp_jset(m, "analysis", json_integer(2));
    bad |= exp_jset(m, "threat_level_id", json_integer(4));
    bad |= exp_jset(m, "timestamp", json_string(t.now));
    bad |= exp_jset(m, "publish_timestamp", json_string(t.now));
    if (bad) {
        json_decref(m);
        return NULL;
    }
    return m;
}

int exp_misp(const exp_list *l, const export_item *items, size_t n, const export_opts *o,
             const char *dir, gisac_err *err)
{
    exp_list del;
    int rc = exp_list_deleted(items, n, &del, err);
    if (rc < 0)
        return rc;
    int present[NLEVELS] = {0};
    gisac_buf ev = GISAC_BUF_INIT, hashes = GISAC_BUF_INIT, man = GISAC_BUF_INIT;
    json_t *manifest = json_object();
    rc = manifest ? 0 : GISAC_ENOMEM;
    for (int level = 0; rc == 0 && level < NLEVELS; level++) {
        level_items li = {l, &del, level};
        int64_t t = level_time(&li, o, &present[level]);
        if (!present[level])
            continue;
        char uuid[GISAC_UUID_LEN], name[GISAC_UUID_LEN + 8];
        event_uuid(level, o, uuid);
        gisac_buf_reset(&ev);
        rc = event_file(&li, t, o, uuid, &ev, &hashes);
        if (rc < 0) {
            rc = exp_nomem(err);
            break;
        }
        snprintf(name, sizeof name, "%s.json", uuid);
        rc = exp_write_in_dir(dir, name, &ev, err);
        if (rc == 0 && exp_jset(manifest, uuid, manifest_entry(level, t, o)) < 0)
            rc = exp_nomem(err);
    }
    if (rc == 0)
        rc = exp_write_in_dir(dir, "hashes.csv", &hashes, err);
    if (rc == 0) {
        if (exp_json_append(&man, manifest) < 0 || gisac_buf_putc(&man, '\n') < 0)
            rc = exp_nomem(err);
    }
    if (rc == 0)
        rc = exp_write_in_dir(dir, "manifest.json", &man, err);
    /* drop event files of ours that this export no longer lists */
    for (int level = 0; rc == 0 && level < NLEVELS; level++) {
        if (present[level])
            continue;
        char uuid[GISAC_UUID_LEN];
        gisac_buf path = GISAC_BUF_INIT;
        event_uuid(level, o, uuid);
        if (gisac_buf_printf(&path, "%s/%s.json", dir, uuid) < 0) {
            rc = exp_nomem(err);
        } else if (unlink(path.data) != 0 && errno != ENOENT) {
            rc = gisac_err_set(err, GISAC_EIO, "%s: %s", path.data, strerror(errno));
        }
        gisac_buf_free(&path);
    }
    json_decref(manifest);
    exp_list_free(&del);
    gisac_buf_free(&ev);
    gisac_buf_free(&hashes);
    gisac_buf_free(&man);
    return rc;
}
