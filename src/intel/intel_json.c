/*
 * intel_json.c: the indicator's JSON shape, one writer for every front end
 * ("gisac intel list|search --json", GET /api/v1/indicators...).
 *
 * Written straight into a buffer (the search answer is the API's hot
 * path): byte for byte what json_dumps(JSON_COMPACT) makes of the same
 * objects built with jansson (tests/cli/test_api_search.sh compares). A
 * string jansson would refuse (not UTF-8) is GISAC_EINVAL.
 */
#include "intel/intel.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

int intel_json_str(gisac_buf *b, const char *str)
{
    if (!str)
        return GISAC_EINVAL;
    const unsigned char *s = (const unsigned char *)str, *run = s, *end = s + strlen(str);
    int bad = gisac_buf_putc(b, '"') < 0;
    while (*s) {
        size_t n = gisac_utf8_char_len((const char *)s, (size_t)(end - s));
        if (!n)
            return GISAC_EINVAL;
        if (*s >= 0x20 && *s != '"' && *s != '\\') {
            s += n;
            continue;
        }
        char esc[7];
        gisac_json_escape(*s, esc);
        bad |= gisac_buf_append(b, run, (size_t)(s - run)) < 0 || gisac_buf_puts(b, esc) < 0;
        run = ++s;
    }
    bad |= gisac_buf_append(b, run, (size_t)(s - run)) < 0 || gisac_buf_putc(b, '"') < 0;
    return bad ? GISAC_ENOMEM : 0;
}

/* A writer: the first error sticks. */
typedef struct jw {
    gisac_buf *b;
    int rc;
    int64_t t;               /* the last time formatted (0: none) ... */
    char ts[GISAC_TIME_LEN]; /* ... as text: first and last seen often repeat */
} jw;

static void raw(jw *w, const char *text)
{
    if (!w->rc && gisac_buf_puts(w->b, text) < 0)
        w->rc = GISAC_ENOMEM;
}

static void str(jw *w, const char *s)
{
    if (!w->rc)
        w->rc = intel_json_str(w->b, s);
}

/* ,"key": (key is plain ASCII) */
static void key(jw *w, const char *k)
{
    raw(w, ",\"");
    raw(w, k);
    raw(w, "\":");
}

static void str_or_null(jw *w, const char *s)
{
    if (s && *s)
        str(w, s);
    else
        raw(w, "null");
}

static void time_(jw *w, int64_t t)
{
    if (!t) {
        raw(w, "null");
        return;
    }
    if (t != w->t) {
        gisac_time_format(t, w->ts);
        w->t = t;
    }
    str(w, w->ts);
}

/* A member: key, then its value. */
static void kv_str(jw *w, const char *k, const char *s)
{
    key(w, k);
    str(w, s);
}

static void kv_time(jw *w, const char *k, int64_t t)
{
    key(w, k);
    time_(w, t);
}

static void int_(jw *w, long long v)
{
    if (!w->rc && gisac_buf_printf(w->b, "%lld", v) < 0)
        w->rc = GISAC_ENOMEM;
}

int intel_indicator_to_json(const store_indicator *ind, int64_t now, unsigned flags, gisac_buf *out)
{
    return intel_indicator_to_json_as(ind, NULL, now, flags, out);
}

int intel_indicator_to_json_as(const store_indicator *ind, const gisac_identity *ident, int64_t now,
                               unsigned flags, gisac_buf *out)
{
    jw w = {out, 0, 0, {0}};
    char id[INTEL_ID_LEN];
    intel_indicator_id(ident, ind->type, ind->value, ind->stix_id, id);
    raw(&w, "{\"id\":");
    str(&w, id);
    kv_str(&w, "type", ioc_type_name(ind->type));
    kv_str(&w, "value", ind->value);
    kv_str(&w, "status", intel_status(ind, now));
    kv_str(&w, "tlp", tlp_name(ind->tlp));
    key(&w, "confidence");
    if (ind->confidence >= 0)
        int_(&w, ind->confidence);
    else
        raw(&w, "null");
    kv_time(&w, "first_seen", ind->first_seen);
    kv_time(&w, "last_seen", ind->last_seen);
    kv_time(&w, "valid_from", ind->valid_from);
    kv_time(&w, "valid_until", ind->valid_until);
    key(&w, "labels");
    if (flags & INTEL_JSON_CLI) {
        raw(&w, ind->labels_json ? ind->labels_json : "[]");
    } else {
        json_t *labels = ind->labels_json ? json_loads(ind->labels_json, 0, NULL) : NULL;
        if (json_is_array(labels)) {
            char *text = json_dumps(labels, JSON_COMPACT);
            if (text)
                raw(&w, text);
            else if (!w.rc)
                w.rc = GISAC_EINVAL;
            free(text);
        } else {
            raw(&w, "[]");
        }
        json_decref(labels);
    }
    if (!(flags & INTEL_JSON_CLI) || ind->name) {
        key(&w, "name");
        str_or_null(&w, ind->name);
    }
    if (!(flags & INTEL_JSON_CLI) || ind->description) {
        key(&w, "description");
        str_or_null(&w, ind->description);
    }
    if (flags & INTEL_JSON_SOURCE_NAMES) {
        raw(&w, ",\"sources\":[");
        for (const char *p = ind->sources; !w.rc && p && *p;) {
            const char *e = strchr(p, '\n');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            char name[512];
            snprintf(name, sizeof name, "%.*s", (int)(n < 511 ? n : 511), p);
            if (p != ind->sources)
                raw(&w, ",");
            str(&w, name);
            p += n + (e != NULL);
        }
        raw(&w, "]");
    }
    if (!(flags & INTEL_JSON_OPEN))
        raw(&w, "}");
    return w.rc;
}

int intel_source_to_json(const store_sighting_source *s, gisac_buf *out)
{
    jw w = {out, 0, 0, {0}};
    raw(&w, "{\"name\":");
    str(&w, s->name);
    kv_time(&w, "first_seen", s->first_seen);
    kv_time(&w, "last_seen", s->last_seen);
    raw(&w, "}");
    return w.rc;
}

int intel_sighting_to_json(const store_sighting *sg, unsigned flags, gisac_buf *out)
{
    jw w = {out, 0, 0, {0}};
    raw(&w, "{\"agency\":");
    if (flags & INTEL_JSON_CLI)
        str(&w, sg->agency && *sg->agency ? sg->agency : "-");
    else
        str_or_null(&w, sg->agency);
    key(&w, "count");
    int_(&w, (long long)sg->count);
    kv_time(&w, "first_seen", sg->first_seen);
    kv_time(&w, "last_seen", sg->last_seen);
    raw(&w, "}");
    return w.rc;
}
