/*
 * taxii.c: the TAXII 2.1 collection of active indicators (intel.h).
 *
 * The store hands out rows in (created, id) order after a cursor; each row
 * is turned into an export_item and rendered by export_stix_object, the
 * STIX export's own renderer. match[id] is resolved first (stored STIX ids
 * through their index, derived ids by one scan of the rows that carry
 * one), then ordered and paged with the same keyset.
 */
#include "intel/intel_internal.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define LABELS_MAX 64

void intel_taxii_collection_id(char out[GISAC_UUID_LEN])
{
    static const char name[] = "collection:indicators";
    gisac_uuid5(GISAC_UUID_NS, name, sizeof name - 1, out);
}

void intel_taxii_page_free(intel_taxii_page *page)
{
    gisac_buf_free(&page->objects);
}

/* ---- the cursor -------------------------------------------------------- */

/* "<created>.<id>" in lower-case hex: opaque to clients, checked on the way in. */
static void cursor_make(int64_t created, int64_t id, char out[INTEL_TAXII_NEXT_LEN])
{
    snprintf(out, INTEL_TAXII_NEXT_LEN, "%" PRIx64 ".%" PRIx64, (uint64_t)created, (uint64_t)id);
}

static int hex_i64(const char *s, size_t n, int64_t *out)
{
    if (n == 0 || n > 15)
        return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + (uint64_t)d;
    }
    *out = (int64_t)v;
    return 0;
}

static int cursor_parse(const char *s, int64_t *created, int64_t *id)
{
    const char *dot = strchr(s, '.');
    if (!dot || hex_i64(s, (size_t)(dot - s), created) < 0 ||
        hex_i64(dot + 1, strlen(dot + 1), id) < 0)
        return -1;
    return 0;
}

/* ---- rows to objects --------------------------------------------------- */

/* The export item of a row; labels point into *labels_json (json_decref it). */
static void item_of(const store_indicator *ind, export_item *it, const char **labels,
                    json_t **labels_json)
{
    memset(it, 0, sizeof *it);
    it->type = ind->type;
    it->value = ind->value;
    it->stix_id = ind->stix_id;
    it->name = ind->name;
    it->description = ind->description;
    it->confidence = ind->confidence;
    it->tlp = ind->tlp;
    it->first_seen = ind->first_seen;
    it->last_seen = ind->last_seen;
    it->valid_from = ind->valid_from;
    it->valid_until = ind->valid_until;
    it->created = ind->created;
    it->modified = ind->modified;
    *labels_json = ind->labels_json ? json_loads(ind->labels_json, 0, NULL) : NULL;
    size_t n = 0, i;
    json_t *x;
    if (json_is_array(*labels_json)) {
        json_array_foreach(*labels_json, i, x)
        {
            if (n < LABELS_MAX && json_is_string(x))
                labels[n++] = json_string_value(x);
        }
    }
    it->labels = labels;
    it->nlabels = n;
}

static int render(const store_indicator *ind, int64_t now, gisac_buf *out, gisac_err *err)
{
    export_item it;
    const char *labels[LABELS_MAX];
    json_t *lj;
    item_of(ind, &it, labels, &lj);
    export_opts eo = {now, NULL};
    int rc = export_stix_object(&it, &eo, out, err);
    json_decref(lj);
    return rc;
}

static void row_stix_id(const store_indicator *ind, char out[EXPORT_STIX_ID_LEN])
{
    export_item it;
    memset(&it, 0, sizeof it);
    it.type = ind->type;
    it.value = ind->value;
    it.stix_id = ind->stix_id;
    export_stix_id(&it, out);
}

/* ---- pages ------------------------------------------------------------- */

typedef struct page_ctx {
    intel_taxii_page *p;
    size_t limit;
    int64_t now;
    int64_t last_created, last_id;
    int rc;
    gisac_err *err;
} page_ctx;

static int page_cb(void *ctx, const store_indicator *ind)
{
    page_ctx *c = ctx;
    if (c->p->count == c->limit) {
        c->p->more = 1;
        return 1;
    }
    if (c->p->count && gisac_buf_putc(&c->p->objects, ',') < 0) {
        c->rc = gisac_err_set(c->err, GISAC_ENOMEM, "out of memory");
        return 1;
    }
    if ((c->rc = render(ind, c->now, &c->p->objects, c->err)) < 0)
        return 1;
    if (c->p->count == 0)
        c->p->first_added = ind->created;
    c->p->last_added = ind->created;
    c->last_created = ind->created;
    c->last_id = ind->id;
    c->p->count++;
    return 0;
}

/* A row picked by match[id]: its keyset position. */
typedef struct pick {
    int64_t created, id;
} pick;

typedef struct pick_ctx {
    pick *v;
    size_t n, cap;
    const char *const *ids;
    size_t nids;
    unsigned char *found; /* per id */
    int oom;
} pick_ctx;

static int pick_add(pick_ctx *c, const store_indicator *ind)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].id == ind->id)
            return 0;
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 16;
        pick *nv = realloc(c->v, nc * sizeof *nv);
        if (!nv) {
            c->oom = 1;
            return 1;
        }
        c->v = nv;
        c->cap = nc;
    }
    c->v[c->n].created = ind->created;
    c->v[c->n].id = ind->id;
    c->n++;
    return 0;
}

/* A row found by its stored stix_id: it counts only when it is the id it is served with. */
typedef struct stored_ctx {
    pick_ctx *pc;
    const char *want;
    size_t idx;
} stored_ctx;

static int stored_cb(void *ctx, const store_indicator *ind)
{
    stored_ctx *s = ctx;
    char id[EXPORT_STIX_ID_LEN];
    row_stix_id(ind, id);
    if (strcmp(id, s->want) != 0)
        return 0;
    s->pc->found[s->idx] = 1;
    return pick_add(s->pc, ind);
}

static int derived_cb(void *ctx, const store_indicator *ind)
{
    pick_ctx *c = ctx;
    char id[EXPORT_STIX_ID_LEN];
    row_stix_id(ind, id);
    for (size_t i = 0; i < c->nids; i++)
        if (!c->found[i] && strcmp(id, c->ids[i]) == 0)
            return pick_add(c, ind);
    return 0;
}

static int cmp_pick(const void *pa, const void *pb)
{
    const pick *a = pa, *b = pb;
    if (a->created != b->created)
        return a->created < b->created ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

/* The rows with the requested ids, in keyset order. */
static int resolve_ids(intel *in, const store_taxii_query *sq, const intel_taxii_query *q,
                       pick_ctx *pc, gisac_err *err)
{
    pc->ids = q->ids;
    pc->nids = q->nids;
    pc->found = calloc(q->nids, 1);
    if (!pc->found)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    int need_scan = 0, rc = 0;
    for (size_t i = 0; rc == 0 && i < q->nids; i++) {
        stored_ctx s = {pc, q->ids[i], i};
        rc = store_taxii_by_stix_id(in->st, sq, q->ids[i], stored_cb, &s, err);
        need_scan |= !pc->found[i];
    }
    if (rc == 0 && need_scan)
        rc = store_taxii_derived_scan(in->st, sq, derived_cb, pc, err);
    if (rc == 0 && pc->oom)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (rc == 0 && pc->n > 1)
        qsort(pc->v, pc->n, sizeof *pc->v, cmp_pick);
    return rc;
}

static int id_ok(const char *s)
{
    static const char pfx[] = "indicator--";
    return strncmp(s, pfx, sizeof pfx - 1) == 0 && strlen(s) == sizeof pfx - 1 + 36 &&
           gisac_uuid_valid(s + sizeof pfx - 1, 36);
}

int intel_taxii_page_get(intel *in, const intel_taxii_query *q, intel_taxii_page *page,
                         gisac_err *err)
{
    memset(page, 0, sizeof *page);
    if (q->limit < 1 || q->limit > INTEL_TAXII_LIMIT_MAX)
        return gisac_err_set(err, GISAC_EINVAL, "limit must be 1 to %d", INTEL_TAXII_LIMIT_MAX);
    if (q->nids > INTEL_TAXII_IDS_MAX)
        return gisac_err_set(err, GISAC_EINVAL, "at most %d ids", INTEL_TAXII_IDS_MAX);
    int64_t now = gisac_now();
    store_taxii_query sq = {now, q->max_tlp, q->added_after, 0, 0, 0, q->limit + 1, q->recipient};
    if (q->next && cursor_parse(q->next, &sq.cursor_created, &sq.cursor_id) < 0)
        return gisac_err_set(err, GISAC_EINVAL, "bad next");
    sq.has_cursor = q->next != NULL;
    page_ctx pc = {page, q->limit, now, 0, 0, 0, err};
    int rc;
    if (q->nids == 0) {
        rc = store_taxii_page(in->st, &sq, page_cb, &pc, err);
    } else {
        /* an id that cannot be one of ours matches nothing, like any unknown id */
        const char *ids[INTEL_TAXII_IDS_MAX];
        size_t n = 0;
        for (size_t i = 0; i < q->nids; i++)
            if (id_ok(q->ids[i]))
                ids[n++] = q->ids[i];
        intel_taxii_query q2 = *q;
        q2.ids = ids;
        q2.nids = n;
        pick_ctx pk;
        memset(&pk, 0, sizeof pk);
        rc = n ? resolve_ids(in, &sq, &q2, &pk, err) : 0;
        for (size_t i = 0; rc == 0 && pc.rc == 0 && i < pk.n; i++) {
            if (sq.has_cursor && cmp_pick(&pk.v[i], &(pick){sq.cursor_created, sq.cursor_id}) <= 0)
                continue;
            if (page->count == q->limit) {
                page->more = 1;
                break;
            }
            rc = store_taxii_get(in->st, &sq, pk.v[i].id, page_cb, &pc, err);
        }
        free(pk.v);
        free(pk.found);
    }
    if (rc == 0)
        rc = pc.rc;
    if (rc == 0 && page->more)
        cursor_make(pc.last_created, pc.last_id, page->next);
    return rc;
}

/* ---- one object -------------------------------------------------------- */

typedef struct one_ctx {
    gisac_buf *obj;
    int64_t now;
    int64_t *added;
    const char *want;
    int found;
    int rc;
    gisac_err *err;
} one_ctx;

static int one_cb(void *ctx, const store_indicator *ind)
{
    one_ctx *c = ctx;
    char id[EXPORT_STIX_ID_LEN];
    row_stix_id(ind, id);
    if (strcmp(id, c->want) != 0)
        return 0;
    c->found = 1;
    if (c->added)
        *c->added = ind->created;
    c->rc = render(ind, c->now, c->obj, c->err);
    return 1;
}

typedef struct derived_one {
    const char *want;
    int64_t id;
} derived_one;

static int derived_one_cb(void *ctx, const store_indicator *ind)
{
    derived_one *d = ctx;
    char id[EXPORT_STIX_ID_LEN];
    row_stix_id(ind, id);
    if (strcmp(id, d->want) != 0)
        return 0;
    d->id = ind->id;
    return 1;
}

int intel_taxii_object_get(intel *in, const char *stix_id, gisac_tlp max_tlp, const char *recipient,
                           gisac_buf *obj, int64_t *added, gisac_err *err)
{
    if (!id_ok(stix_id))
        return gisac_err_set(err, GISAC_ENOTFOUND, "no such object");
    int64_t now = gisac_now();
    store_taxii_query sq = {now, max_tlp, 0, 0, 0, 0, 0, recipient};
    one_ctx c = {obj, now, added, stix_id, 0, 0, err};
    int rc = store_taxii_by_stix_id(in->st, &sq, stix_id, one_cb, &c, err);
    if (rc == 0 && !c.found) {
        derived_one d = {stix_id, 0};
        rc = store_taxii_derived_scan(in->st, &sq, derived_one_cb, &d, err);
        if (rc == 0 && d.id)
            rc = store_taxii_get(in->st, &sq, d.id, one_cb, &c, err);
    }
    if (rc == 0)
        rc = c.rc;
    if (rc == 0 && !c.found)
        rc = gisac_err_set(err, GISAC_ENOTFOUND, "no such object");
    return rc;
}
