/* intel.c: open, query, revoke, allowlist and export. Import is in import.c. */
#include "intel/intel_internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

int intel_new(store *s, intel **out, gisac_err *err)
{
    intel *in = calloc(1, sizeof *in);
    if (!in)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    in->st = s;
    int rc = allow_seed_builtin(in->st, err);
    if (rc < 0) {
        intel_close(in);
        return rc;
    }
    *out = in;
    return 0;
}

void intel_close(intel *in)
{
    if (!in)
        return;
    allow_free(&in->allow);
    taxii_ids_free(in->tids);
    gisac_arena_free(in->search_arena);
    free(in);
}

store *intel_store(intel *in)
{
    return in->st;
}

void intel_set_identity(intel *in, const gisac_identity *id)
{
    if (!id)
        id = gisac_identity_legacy();
    if (memcmp(intel_identity(in)->ns, id->ns, sizeof id->ns) != 0) {
        taxii_ids_free(in->tids); /* derived in the old namespace */
        in->tids = NULL;
    }
    in->ident = *id;
    in->has_ident = 1;
}

const gisac_identity *intel_identity(const intel *in)
{
    return in && in->has_ident ? &in->ident : gisac_identity_legacy();
}

const char *intel_status(const store_indicator *ind, int64_t now)
{
    if (ind->revoked)
        return "revoked";
    if (ind->allowlisted)
        return "allowlisted";
    if (ind->valid_until && ind->valid_until <= now)
        return "expired";
    if (!ind->matchable)
        return "context";
    return "active";
}

void intel_indicator_id(const gisac_identity *id, ioc_type type, const char *value,
                        const char *stix_id, char *out)
{
    if (stix_id && strlen(stix_id) < INTEL_ID_LEN) {
        memcpy(out, stix_id, strlen(stix_id) + 1);
        return;
    }
    gisac_buf b = GISAC_BUF_INIT;
    char uuid[GISAC_UUID_LEN];
    if (gisac_buf_printf(&b, "%s:%s", ioc_type_name(type), value) == 0)
        gisac_identity_uuid5(id, b.data, b.len, uuid);
    else
        gisac_identity_uuid5(id, value, strlen(value), uuid);
    gisac_buf_free(&b);
    snprintf(out, INTEL_ID_LEN, "indicator--%s", uuid);
}

/* ---- search ------------------------------------------------------------ */

typedef struct search_ctx {
    intel *in;
    const store_view *v;
    intel_hit_cb cb;
    void *ctx;
    int64_t now;
    size_t found;
    int stop;
    const char *relation;
    ioc_type self_type;
    const char *self_value;
} search_ctx;

static int emit(search_ctx *s, const char *relation, const store_indicator *ind)
{
    intel_hit h = {relation, ind, intel_status(ind, s->now)};
    s->found++;
    s->stop = s->cb(s->ctx, &h);
    return s->stop;
}

static int find_emit(search_ctx *s, const char *relation, ioc_type t, const char *value,
                     gisac_err *err)
{
    if (s->stop)
        return 0;
    /* one arena per handle, emptied per lookup: the row lives during the callback */
    if (!s->in->search_arena && !(s->in->search_arena = gisac_arena_new(4096)))
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    gisac_arena *a = s->in->search_arena;
    gisac_arena_reset(a);
    store_indicator ind;
    int rc = store_indicator_find_as(s->in->st, s->v, t, value, &ind, a, err);
    if (rc == 0)
        emit(s, relation, &ind);
    return rc == GISAC_ENOTFOUND ? 0 : rc;
}

static int covering_cb(void *ctx, const store_indicator *ind)
{
    search_ctx *s = ctx;
    if (ind->type == s->self_type && strcmp(ind->value, s->self_value) == 0)
        return 0;
    return emit(s, s->relation, ind);
}

static int search_addr(search_ctx *s, const char *relation, ioc_type t, const char *value,
                       int exact_too, gisac_err *err)
{
    char lo[33], hi[33];
    int rc = 0;
    if (exact_too && (rc = find_emit(s, relation, t, value, err)) < 0)
        return rc;
    if (s->stop || ioc_range_hex(t, value, lo, hi) < 0)
        return 0;
    s->relation = strcmp(relation, "exact") == 0 ? "covering-cidr" : relation;
    s->self_type = t;
    s->self_value = value;
    /* the cidrs that hold the whole query, by value */
    return store_indicator_covering_as(s->in->st, s->v, lo, hi, covering_cb, s, err);
}

static int search_domain(search_ctx *s, const char *first_rel, const char *parent_rel,
                         const char *domain, gisac_err *err)
{
    int rc = 0;
    for (const char *d = domain; d && !s->stop && rc == 0; d = ioc_domain_parent(d)) {
        const char *rel = d == domain ? first_rel : parent_rel;
        rc = find_emit(s, rel, IOC_DOMAIN, d, err);
    }
    return rc;
}

/* A pivot's row: a URL whose host is exactly s->self_value (the range holds other hosts
 * that start alike: "evil.example.org" after "evil.example"). */
static int url_on_host_cb(void *ctx, const store_indicator *ind)
{
    search_ctx *s = ctx;
    char host[IOC_VALUE_MAX];
    ioc_type ht;
    if (ioc_url_host(ind->value, host, sizeof host, &ht) < 0 || strcmp(host, s->self_value) != 0)
        return 0;
    return emit(s, "url-on-host", ind);
}

static int email_at_cb(void *ctx, const store_indicator *ind)
{
    return emit(ctx, "email-at-domain", ind);
}

/* The filter of what reader v sees. */
static store_filter pivot_filter(const store_view *v, ioc_type t)
{
    store_filter f = STORE_FILTER_ALL;
    f.type = t;
    f.max_tlp = v->max_tlp;
    f.recipient = v->recipient;
    f.recipient_max = v->recipient_max;
    return f;
}

/*
 * Pivots from a host (a domain or an address): the URLs on it, whatever
 * their scheme, port or path, and for a domain the e-mail addresses at it.
 * One index range per scheme; each URL's host is compared exactly.
 */
static int search_pivots(search_ctx *s, ioc_type t, const char *host, gisac_err *err)
{
    int rc = 0;
    s->self_value = host;
    for (size_t i = 0; rc == 0 && !s->stop && ioc_url_scheme(i); i++) {
        char from[IOC_VALUE_MAX + 16], to[IOC_VALUE_MAX + 16];
        int n = snprintf(from, sizeof from, t == IOC_IPV6 ? "%s://[%s]" : "%s://%s",
                         ioc_url_scheme(i), host);
        if (n < 0 || (size_t)n >= sizeof from)
            continue;
        /* the URLs on host continue from with '/', ':', '?' or '#' (or end there), so
         * they sort below from + 0x7f (ASCII: text on every store) */
        memcpy(to, from, (size_t)n);
        to[n] = (char)0x7f;
        to[n + 1] = '\0';
        store_filter f = pivot_filter(s->v, IOC_URL);
        f.value_from = from;
        f.value_to = to;
        rc = store_indicator_iter(s->in->st, &f, url_on_host_cb, s, err);
    }
    if (rc == 0 && !s->stop && t == IOC_DOMAIN) {
        char at[IOC_VALUE_MAX + 2];
        snprintf(at, sizeof at, "@%s", host);
        store_filter f = pivot_filter(s->v, IOC_EMAIL);
        f.value_ends = at;
        rc = store_indicator_iter(s->in->st, &f, email_at_cb, s, err);
    }
    return rc < 0 ? rc : 0;
}

int intel_search(intel *in, const char *value, intel_hit_cb cb, void *ctx, gisac_err *err)
{
    return intel_search_as(in, NULL, value, cb, ctx, err);
}

int intel_search_as(intel *in, const store_view *v, const char *value, intel_hit_cb cb, void *ctx,
                    gisac_err *err)
{
    static const store_view all = STORE_VIEW_ALL;
    char norm[IOC_VALUE_MAX];
    ioc_type t;
    int rc = ioc_normalise(IOC_AUTO, value, strlen(value), norm, sizeof norm, &t, NULL, err);
    if (rc < 0)
        return rc;
    search_ctx s = {in, v ? v : &all, cb, ctx, gisac_now(), 0, 0, NULL, IOC_AUTO, NULL};
    /* every lookup, and the callback's reads, on one snapshot */
    if ((rc = store_read_begin(in->st, err)) < 0)
        return rc;
    switch (t) {
    case IOC_IPV4:
    case IOC_IPV6:
        rc = search_addr(&s, "exact", t, norm, 1, err);
        if (rc == 0)
            rc = search_pivots(&s, t, norm, err);
        break;
    case IOC_CIDR:
        rc = search_addr(&s, "exact", t, norm, 1, err);
        break;
    case IOC_DOMAIN:
        rc = search_domain(&s, "exact", "parent-domain", norm, err);
        if (rc == 0)
            rc = search_pivots(&s, t, norm, err);
        break;
    case IOC_URL: {
        char host[IOC_VALUE_MAX];
        ioc_type ht;
        rc = find_emit(&s, "exact", t, norm, err);
        if (rc == 0 && ioc_url_host(norm, host, sizeof host, &ht) == 0) {
            if (ht == IOC_DOMAIN)
                rc = search_domain(&s, "url-host", "url-host", host, err);
            else
                rc = search_addr(&s, "url-host", ht, host, 1, err);
        }
        break;
    }
    case IOC_EMAIL: {
        rc = find_emit(&s, "exact", t, norm, err);
        const char *at = strrchr(norm, '@');
        if (rc == 0 && at)
            rc = search_domain(&s, "email-domain", "email-domain", at + 1, err);
        break;
    }
    default:
        rc = find_emit(&s, "exact", t, norm, err);
    }
    /* the mobile types are never detected (ioc.h): a certificate's
     * fingerprint reads as a sha256, an Android package as a domain */
    if (rc == 0 && (t == IOC_SHA256 || t == IOC_DOMAIN)) {
        ioc_type mt = t == IOC_SHA256 ? IOC_X509_SHA256 : IOC_ANDROID_PACKAGE;
        char mnorm[IOC_VALUE_MAX];
        gisac_err e = GISAC_ERR_INIT;
        if (ioc_normalise(mt, value, strlen(value), mnorm, sizeof mnorm, NULL, NULL, &e) == 0)
            rc = find_emit(&s, "exact", mt, mnorm, err);
    }
    store_read_end(in->st);
    if (rc < 0)
        return rc;
    return s.found ? 0 : gisac_err_set(err, GISAC_ENOTFOUND, "%s: not found", norm);
}

int intel_sources(intel *in, int64_t indicator_id, store_source_cb cb, void *ctx, gisac_err *err)
{
    return store_indicator_sources(in->st, indicator_id, cb, ctx, err);
}

int intel_sources_as(intel *in, const store_view *v, int64_t indicator_id, store_source_cb cb,
                     void *ctx, gisac_err *err)
{
    return store_indicator_sources_as(in->st, v, indicator_id, cb, ctx, err);
}

int intel_sightings(intel *in, int64_t indicator_id, store_sighting_cb cb, void *ctx,
                    gisac_err *err)
{
    return store_sightings_of(in->st, indicator_id, cb, ctx, err);
}

int intel_list(intel *in, const store_filter *f, store_indicator_cb cb, void *ctx, gisac_err *err)
{
    return store_indicator_iter(in->st, f, cb, ctx, err);
}

/* ---- stats ------------------------------------------------------------- */

static int type_count_cb(void *ctx, const store_count *c)
{
    intel_stats *st = ctx;
    ioc_type t;
    if (ioc_type_from_name(c->key, &t) == 0) {
        st->by_type[t] = c->active;
        st->by_type_total[t] = c->total;
    }
    return 0;
}

int intel_get_stats(intel *in, intel_stats *st, store_count_cb by_source, void *ctx, gisac_err *err)
{
    memset(st, 0, sizeof *st);
    int64_t now = gisac_now();
    int rc = store_totals_get(in->st, now, &st->totals, err);
    if (rc == 0)
        rc = store_count_by_type(in->st, now, type_count_cb, st, err);
    if (rc == 0 && by_source)
        rc = store_count_by_source(in->st, now, by_source, ctx, err);
    return rc;
}

static int reason_check(const char *reason, gisac_err *err)
{
    size_t n = reason ? strlen(reason) : 0;
    size_t i = 0;
    while (i < n && (reason[i] == ' ' || reason[i] == '\t'))
        i++;
    if (i == n)
        return gisac_err_at(err, GISAC_EINVAL, "$.reason", "a reason is required");
    if (n > INTEL_REASON_MAX)
        return gisac_err_at(err, GISAC_EINVAL, "$.reason", "at most %d bytes", INTEL_REASON_MAX);
    for (i = 0; i < n; i++)
        if ((unsigned char)reason[i] < 0x20 || reason[i] == 0x7f)
            return gisac_err_at(err, GISAC_EINVAL, "$.reason", "holds a control character");
    if (!gisac_utf8_valid(reason, n, NULL))
        return gisac_err_at(err, GISAC_EINVAL, "$.reason", "is not valid UTF-8");
    return 0;
}

/* revoke (1) or restore (0) one indicator, in one transaction with its audit entry. */
static int set_revoked(intel *in, const char *value, const char *reason, int revoke, gisac_err *err)
{
    int rc = reason_check(reason, err);
    if (rc < 0)
        return rc;
    char norm[IOC_VALUE_MAX];
    ioc_type t;
    if ((rc = ioc_normalise(IOC_AUTO, value, strlen(value), norm, sizeof norm, &t, NULL, err)) < 0)
        return rc;
    int64_t now = gisac_now();
    gisac_buf d = GISAC_BUF_INIT;
    int bad = gisac_buf_puts(&d, "{\"type\":");
    bad |= gisac_buf_json_str(&d, ioc_type_name(t));
    bad |= gisac_buf_puts(&d, ",\"reason\":");
    bad |= gisac_buf_json_str(&d, reason);
    bad |= gisac_buf_putc(&d, '}');
    if (bad) {
        gisac_buf_free(&d);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    if ((rc = store_begin(in->st, err)) == 0) {
        store_indicator row;
        gisac_arena *ar = gisac_arena_new(1024);
        rc = ar ? store_indicator_find(in->st, t, norm, &row, ar, err)
                : gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        gisac_arena_free(ar);
        if (rc == GISAC_ENOTFOUND)
            rc = gisac_err_set(err, GISAC_ENOTFOUND, "%s: no such indicator", norm);
        else if (rc == 0 && !row.revoked == !revoke)
            rc = gisac_err_set(err, GISAC_ECONFLICT,
                               revoke ? "%s is revoked already" : "%s is not revoked", norm);
        if (rc == 0)
            rc = revoke ? store_indicator_revoke(in->st, t, norm, now, err)
                        : store_indicator_restore(in->st, t, norm, now, err);
        if (rc == 0)
            rc = store_audit_append(in->st, now, revoke ? "indicator.revoke" : "indicator.restore",
                                    norm, d.data, err);
        if (rc == 0)
            rc = store_commit(in->st, err);
        else
            store_rollback(in->st);
    }
    gisac_buf_free(&d);
    return rc;
}

int intel_revoke(intel *in, const char *value, const char *reason, gisac_err *err)
{
    return set_revoked(in, value, reason, 1, err);
}

int intel_restore(intel *in, const char *value, const char *reason, gisac_err *err)
{
    return set_revoked(in, value, reason, 0, err);
}

/*
 * The audit detail of an allowlist change: {"type":T,"comment":C,N:count}
 * (comment only when given). NULL when out of memory.
 */
static char *allow_detail(ioc_type t, const char *comment, const char *counted, size_t n)
{
    gisac_buf d = GISAC_BUF_INIT;
    int bad = gisac_buf_puts(&d, "{\"type\":");
    bad |= gisac_buf_json_str(&d, ioc_type_name(t));
    if (comment && *comment) {
        bad |= gisac_buf_puts(&d, ",\"comment\":");
        bad |= gisac_buf_json_str(&d, comment);
    }
    bad |= gisac_buf_printf(&d, ",\"%s\":%zu}", counted, n);
    if (bad) {
        gisac_buf_free(&d);
        return NULL;
    }
    return d.data;
}

static int allow_audit(intel *in, int64_t now, const char *action, ioc_type t, const char *value,
                       const char *comment, const char *counted, size_t n, gisac_err *err)
{
    char *detail = allow_detail(t, comment, counted, n);
    if (!detail)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    int rc = store_audit_append(in->st, now, action, value, detail, err);
    free(detail);
    return rc;
}

/* ---- allowlist --------------------------------------------------------- */

typedef struct flag_ctx {
    intel *in;
    int want; /* 1: flag covered ones; 0: unflag uncovered ones */
    size_t changed;
    int64_t now;
    int64_t *ids;
    size_t nids, cap;
    int oom;
} flag_ctx;

/* Collect ids first: the store is not written while a query is open. */
static int flag_cb(void *ctx, const store_indicator *ind)
{
    flag_ctx *f = ctx;
    int covered = allow_match(&f->in->allow, ind->type, ind->value) != NULL;
    if (covered == ind->allowlisted || covered != f->want)
        return 0;
    return gisac_push_or_stop(&f->ids, &f->nids, &f->cap, sizeof *f->ids, 64, &ind->id, &f->oom);
}

static int apply_flags(intel *in, flag_ctx *f, gisac_err *err)
{
    int rc = 0;
    if (f->oom)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    for (size_t i = 0; i < f->nids && rc == 0; i++)
        rc = store_indicator_set_allowlisted(in->st, f->ids[i], f->want, f->now, err);
    f->changed = f->nids;
    return rc;
}

static int normalise_allow(const char *value, char *norm, ioc_type *t, gisac_err *err)
{
    return ioc_normalise(IOC_AUTO, value, strlen(value), norm, IOC_VALUE_MAX, t, NULL, err);
}

/* One allowlist change, in the transaction its caller began (rc: how its
 * own step went): reload the list, flag (or unflag) the indicators sf
 * selects, audit, commit; on a failure roll back and reload. */
typedef struct allow_change {
    const char *action, *counted; /* "allowlist.add", "flagged" */
    ioc_type type;
    const char *norm, *comment;
} allow_change;

static int allow_finish(intel *in, int rc, const allow_change *ch, const store_filter *sf,
                        flag_ctx *f, size_t *changed, gisac_err *err)
{
    if (rc == 0 && (rc = allow_load(in->st, &in->allow, err)) == 0 &&
        (rc = store_indicator_iter(in->st, sf, flag_cb, f, err)) == 0 &&
        (rc = apply_flags(in, f, err)) == 0 &&
        (rc = allow_audit(in, f->now, ch->action, ch->type, ch->norm, ch->comment, ch->counted,
                          f->changed, err)) == 0)
        rc = store_commit(in->st, err);
    if (rc == 0 && changed)
        *changed = f->changed;
    if (rc < 0) {
        store_rollback(in->st);
        allow_load(in->st, &in->allow, NULL); /* back to what the store holds */
    }
    free(f->ids);
    return rc;
}

int intel_allow_add(intel *in, const char *value, const char *comment, size_t *flagged,
                    gisac_err *err)
{
    char norm[IOC_VALUE_MAX], lo[33], hi[33];
    ioc_type t;
    int rc = normalise_allow(value, norm, &t, err);
    if (rc < 0)
        return rc;
    store_allow a = {0, t, norm, NULL, NULL, comment, 0, gisac_now()};
    int ranged = ioc_range_hex(t, norm, lo, hi) == 0;
    if (ranged) {
        a.range_lo = lo;
        a.range_hi = hi;
    }
    flag_ctx f = {in, 1, 0, a.created, NULL, 0, 0, 0};
    store_filter sf = STORE_FILTER_ALL;
    if (ranged) {
        sf.range_lo = lo;
        sf.range_hi = hi;
    } else if (t == IOC_DOMAIN) {
        sf.type = IOC_DOMAIN;
        sf.domain_suffix = norm;
    } else {
        sf.type = t;
        sf.value = norm;
    }
    if ((rc = store_begin(in->st, err)) < 0)
        return rc;
    allow_change ch = {"allowlist.add", "flagged", t, norm, comment};
    return allow_finish(in, store_allow_add(in->st, &a, err), &ch, &sf, &f, flagged, err);
}

int intel_allow_remove(intel *in, const char *value, size_t *unflagged, gisac_err *err)
{
    char norm[IOC_VALUE_MAX];
    ioc_type t;
    int rc = normalise_allow(value, norm, &t, err);
    if (rc < 0)
        return rc;
    flag_ctx f = {in, 0, 0, gisac_now(), NULL, 0, 0, 0};
    store_filter sf = STORE_FILTER_ALL;
    sf.allowlisted_only = 1;
    if ((rc = store_begin(in->st, err)) < 0)
        return rc;
    allow_change ch = {"allowlist.remove", "unflagged", t, norm, NULL};
    return allow_finish(in, store_allow_remove(in->st, t, norm, err), &ch, &sf, &f, unflagged, err);
}

int intel_allow_list(intel *in, store_allow_cb cb, void *ctx, gisac_err *err)
{
    return store_allow_iter(in->st, cb, ctx, err);
}

/* ---- export ------------------------------------------------------------ */

typedef struct export_ctx {
    export_item *items;
    size_t n, cap;
    gisac_arena *a;
    int oom;
    int64_t now;  /* the clock: what is active */
    int64_t keep; /* deleted items that left at or after this (0: none) */
} export_ctx;

static const char **split_sources(const char *s, size_t *n, gisac_arena *a)
{
    *n = 0;
    if (!s || !*s)
        return NULL;
    size_t k = 1;
    for (const char *p = s; *p; p++)
        k += *p == '\n';
    const char **v = gisac_arena_alloc(a, k * sizeof *v);
    if (!v)
        return NULL;
    const char *p = s;
    for (;;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        v[(*n)++] = gisac_arena_strndup(a, p, len);
        if (!e)
            break;
        p = e + 1;
    }
    return v;
}

static const char **split_labels(const char *json, size_t *n, gisac_arena *a)
{
    *n = 0;
    if (!json)
        return NULL;
    json_t *arr = json_loads(json, 0, NULL);
    if (!json_is_array(arr) || json_array_size(arr) == 0) {
        json_decref(arr);
        return NULL;
    }
    const char **v = gisac_arena_alloc(a, json_array_size(arr) * sizeof *v);
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x)
    {
        if (v && json_is_string(x))
            v[(*n)++] = gisac_arena_strdup(a, json_string_value(x));
    }
    json_decref(arr);
    return v;
}

static int export_push(export_ctx *e, const export_item *it)
{
    if (!it->value || gisac_push(&e->items, &e->n, &e->cap, sizeof *it, 1024, it) < 0) {
        e->oom = 1;
        return 1;
    }
    return 0;
}

static int export_cb(void *ctx, const store_indicator *ind)
{
    export_ctx *e = ctx;
    export_item it;
    intel_export_item_fields(ind, &it); /* then its texts copied, to outlive the row */
    const char *status = intel_status(ind, e->now);
    if (strcmp(status, "active") != 0) {
        /* gone (revoked, allowlisted, expired): a deleted item while kept */
        if (strcmp(status, "context") == 0 || !e->keep)
            return 0;
        int64_t left = ind->modified;
        if (ind->valid_until && ind->valid_until <= e->now && ind->valid_until > left)
            left = ind->valid_until;
        if (left < e->keep)
            return 0;
        export_item d = {.type = it.type, .tlp = it.tlp, .modified = left, .deleted = 1};
        d.value = gisac_arena_strdup(e->a, ind->value);
        return export_push(e, &d);
    }
    it.value = gisac_arena_strdup(e->a, ind->value);
    it.stix_id = gisac_arena_strdup(e->a, ind->stix_id);
    it.name = gisac_arena_strdup(e->a, ind->name);
    it.description = gisac_arena_strdup(e->a, ind->description);
    it.labels = split_labels(ind->labels_json, &it.nlabels, e->a);
    it.sources = split_sources(ind->sources, &it.nsources, e->a);
    return export_push(e, &it);
}

/* The view's items (in the store's order: type, then value) hold this value. */
static int cmp_key_item(const void *key, const void *item)
{
    return export_item_cmp(key, item);
}

static int export_has(const export_ctx *e, size_t n, ioc_type t, const char *value)
{
    export_item key = {.type = t, .value = value};
    return n && bsearch(&key, e->items, n, sizeof *e->items, cmp_key_item) != NULL;
}

typedef struct past_ctx {
    export_ctx *e;
    size_t seen; /* the view's own items: e->items[0 .. seen) */
    const intel_export_opts *o;
} past_ctx;

/* A TLP level left: deleted in that level's event, for a reader who saw it there. */
static int past_cb(void *ctx, const store_tlp_past *p)
{
    past_ctx *c = ctx;
    const intel_export_opts *o = c->o;
    if (o->type != IOC_AUTO && p->type != o->type)
        return 0;
    /* a reader below staff saw the level when it is within its TLP, and
     * an amber or red one only when it still sees the indicator (its
     * recipients then are not known any more) */
    if (o->max_tlp != TLP_UNSET && p->tlp > o->max_tlp &&
        !export_has(c->e, c->seen, p->type, p->value))
        return 0;
    export_item d = {.type = p->type, .tlp = p->tlp, .modified = p->until, .deleted = 1};
    d.value = gisac_arena_strdup(c->e->a, p->value);
    return export_push(c->e, &d);
}

int intel_export(intel *in, const intel_export_opts *o, const char *out_path, FILE *out,
                 size_t *count, gisac_err *err)
{
    int64_t now = gisac_now(), gen = 0, changed = 0;
    /* first: validity that ran out is recorded as a change of the data */
    int rc = store_intel_generation(in->st, now, &gen, &changed, err);
    if (rc < 0)
        return rc;
    export_ctx e = {NULL, 0, 0, gisac_arena_new(1 << 20), 0, now, 0};
    if (!e.a)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    int misp = o->format == EXPORT_MISP && o->deleted_keep > 0 && o->source == NULL;
    if (misp) /* kept for deleted_keep before the data's last change (not the clock) */
        e.keep = changed > o->deleted_keep ? changed - o->deleted_keep : 1;
    store_filter f = STORE_FILTER_ALL;
    f.type = o->type;
    f.source = o->source;
    f.active_only = !misp;
    f.now = now;
    /* the reader: what it sees is merged from the sources it may read */
    f.max_tlp = o->max_tlp;
    f.recipient = o->max_tlp == TLP_UNSET ? NULL : o->recipient;
    f.recipient_max = o->recipient_max;
    rc = store_indicator_iter(in->st, &f, export_cb, &e, err);
    if (rc == 0 && misp) {
        past_ctx pc = {&e, e.n, o};
        rc = store_indicator_tlp_past_iter(in->st, e.keep, past_cb, &pc, err);
    }
    if (rc == 0 && e.oom)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (rc == 0) {
        export_opts eo = {
            .now = changed, .zone_name = NULL, .serial = gen, .identity = intel_identity(in)};
        rc = export_write(o->format, e.items, e.n, &eo, out_path, out, err);
    }
    if (rc == 0 && count) {
        *count = 0;
        for (size_t i = 0; i < e.n; i++)
            *count += !e.items[i].deleted;
    }
    free(e.items);
    gisac_arena_free(e.a);
    return rc;
}

int intel_visible(intel *in, gisac_tlp max_tlp, const char *recipient, const store_indicator *ind,
                  int *yes, gisac_err *err)
{
    *yes = 0;
    if (max_tlp == TLP_UNSET) {
        *yes = 1;
        return 0;
    }
    /* visible when one of its sources is (store_view); by its row id */
    store_view v = {max_tlp, recipient, TLP_UNSET};
    return store_indicator_visible(in->st, &v, ind->id, yes, err);
}

int intel_recipients(intel *in, int64_t indicator_id, store_name_cb cb, void *ctx, gisac_err *err)
{
    return store_recipients_of(in->st, indicator_id, cb, ctx, err);
}

void intel_set_parsing(intel *in, const intel_parsing *p)
{
    in->parsing = *p;
}

void intel_get_parsing(intel *in, intel_parsing *out)
{
    *out = in->parsing;
}
