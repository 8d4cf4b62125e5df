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

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* ---- sealed cursors ------------------------------------------------------ */

static int sodium_ready(gisac_err *err)
{
    if (sodium_init() < 0)
        return gisac_err_set(err, GISAC_EIO, "libsodium cannot be initialised");
    return 0;
}

int intel_set_cursor_key(intel *in, const unsigned char *secret, size_t len)
{
    if (sodium_ready(NULL) < 0)
        return GISAC_EIO;
    static const char ctx[] = "gisac page cursor v1", nctx[] = "gisac page cursor nonce v1";
    crypto_generichash(in->ckey, sizeof in->ckey, (const unsigned char *)ctx, sizeof ctx - 1,
                       secret, len);
    crypto_generichash(in->nkey, sizeof in->nkey, (const unsigned char *)nctx, sizeof nctx - 1,
                       secret, len);
    in->has_ckey = 1;
    return 0;
}

static int cursor_key(intel *in, gisac_err *err)
{
    if (in->has_ckey)
        return 0;
    if (sodium_ready(err) < 0)
        return GISAC_EIO;
    randombytes_buf(in->ckey, sizeof in->ckey);
    randombytes_buf(in->nkey, sizeof in->nkey);
    in->has_ckey = 1;
    return 0;
}

int intel_cursor_seal(intel *in, const int64_t *v, size_t n, char *out, size_t cap, gisac_err *err)
{
    unsigned char plain[1 + 4 * 8],
        box[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + sizeof plain];
    if (n > 4 || cursor_key(in, err) < 0)
        return n > 4 ? gisac_err_set(err, GISAC_EINVAL, "cursor: too many values") : GISAC_EIO;
    size_t len = 1 + 8 * n;
    plain[0] = (unsigned char)n;
    for (size_t i = 0; i < n; i++)
        for (int b = 0; b < 8; b++)
            plain[1 + 8 * i + (size_t)b] = (unsigned char)((uint64_t)v[i] >> (8 * b));
    /* the nonce a keyed hash of the values: one position, one cursor (a page
     * asked twice is answered alike, and the answer cache holds) */
    crypto_generichash(box, crypto_secretbox_NONCEBYTES, plain, len, in->nkey, sizeof in->nkey);
    crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, plain, len, box, in->ckey);
    size_t blen = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + len;
    if (sodium_base64_ENCODED_LEN(blen, sodium_base64_VARIANT_URLSAFE_NO_PADDING) > cap)
        return gisac_err_set(err, GISAC_EINVAL, "cursor: no room");
    sodium_bin2base64(out, cap, box, blen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(plain, sizeof plain);
    return 0;
}

int intel_cursor_open(intel *in, const char *s, int64_t *v, size_t n, gisac_err *err)
{
    unsigned char box[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + 1 + 4 * 8],
        plain[1 + 4 * 8];
    size_t blen = 0, want = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + 1 + 8 * n;
    if (n > 4 || cursor_key(in, err) < 0)
        return n > 4 ? gisac_err_set(err, GISAC_EINVAL, "cursor: too many values") : GISAC_EIO;
    if (strlen(s) >= INTEL_CURSOR_SEALED_MAX ||
        sodium_base642bin(box, sizeof box, s, strlen(s), NULL, &blen, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        blen != want ||
        crypto_secretbox_open_easy(plain, box + crypto_secretbox_NONCEBYTES,
                                   blen - crypto_secretbox_NONCEBYTES, box, in->ckey) != 0 ||
        plain[0] != n)
        return gisac_err_set(err, GISAC_EINVAL, "bad next");
    for (size_t i = 0; i < n; i++) {
        uint64_t x = 0;
        for (int b = 7; b >= 0; b--)
            x = x << 8 | plain[1 + 8 * i + (size_t)b];
        v[i] = (int64_t)x;
    }
    return 0;
}

void intel_taxii_collection_id(char out[GISAC_UUID_LEN])
{
    static const char name[] = "collection:indicators";
    gisac_uuid5(GISAC_UUID_NS, name, sizeof name - 1, out);
}

void intel_taxii_agency_collection_id(const char *agency, char out[GISAC_UUID_LEN])
{
    char name[INTEL_TAXII_SOURCE_MAX + 16];
    int n = snprintf(name, sizeof name, "collection:agency:%s", agency);
    gisac_uuid5(GISAC_UUID_NS, name,
                n < 0                     ? 0
                : (size_t)n < sizeof name ? (size_t)n
                                          : sizeof name - 1,
                out);
}

void intel_taxii_agency_source(const char *agency, char out[INTEL_TAXII_SOURCE_MAX])
{
    snprintf(out, INTEL_TAXII_SOURCE_MAX, "agency:%s", agency);
}

void intel_taxii_page_free(intel_taxii_page *page)
{
    gisac_buf_free(&page->objects);
}

/* ---- what a page refers to --------------------------------------------- */

static size_t nrefs(unsigned refs)
{
    size_t n = 0;
    for (; refs; refs &= refs - 1)
        n++;
    return n;
}

static unsigned refs_of(gisac_tlp tlp)
{
    return 1u | (tlp >= TLP_CLEAR && tlp <= TLP_RED ? 2u << tlp : 0u);
}

int intel_taxii_page_admit(intel_taxii_page *p, size_t limit, gisac_tlp tlp)
{
    unsigned need = refs_of(tlp);
    if (p->count && p->count + 1 + nrefs(p->refs | need) > limit)
        return 0;
    p->refs |= need;
    return 1;
}

int intel_taxii_page_refs(const intel *in, intel_taxii_page *p, gisac_err *err)
{
    if (!p->count || !p->refs)
        return 0;
    gisac_buf b = GISAC_BUF_INIT;
    int rc = gisac_buf_reserve(&b, p->objects.len + 2048) < 0 ? GISAC_ENOMEM : 0;
    if (rc == 0 && (p->refs & 1u))
        rc = export_stix_identity(intel_identity(in), &b) | gisac_buf_putc(&b, ',');
    for (int t = TLP_CLEAR; rc == 0 && t <= TLP_RED; t++)
        if (p->refs & (2u << t))
            rc = export_stix_marking((gisac_tlp)t, &b) | gisac_buf_putc(&b, ',');
    if (rc == 0)
        rc = gisac_buf_append(&b, p->objects.data, p->objects.len);
    if (rc < 0) {
        gisac_buf_free(&b);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    gisac_buf_free(&p->objects);
    p->objects = b;
    return 0;
}

/* ---- rows to objects --------------------------------------------------- */

void intel_export_item_fields(const store_indicator *ind, export_item *it)
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
}

void intel_export_item_of(const store_indicator *ind, export_item *it, const char **labels,
                          json_t **labels_json)
{
    intel_export_item_fields(ind, it);
    *labels_json = ind->labels_json ? json_loads(ind->labels_json, 0, NULL) : NULL;
    size_t n = 0, i;
    json_t *x;
    if (json_is_array(*labels_json)) {
        json_array_foreach(*labels_json, i, x)
        {
            if (n < INTEL_LABELS_MAX && json_is_string(x))
                labels[n++] = json_string_value(x);
        }
    }
    it->labels = labels;
    it->nlabels = n;
}

static int render(const intel *in, const store_indicator *ind, int64_t now, gisac_buf *out,
                  gisac_err *err)
{
    export_item it;
    const char *labels[INTEL_LABELS_MAX];
    json_t *lj;
    intel_export_item_of(ind, &it, labels, &lj);
    export_opts eo = {.now = now, .identity = intel_identity(in)};
    int rc = export_stix_object(&it, &eo, out, err);
    json_decref(lj);
    return rc;
}

/* An object's one version: its modified time, never before created. */
static int64_t version_of(const store_indicator *ind)
{
    return ind->modified > ind->created ? ind->modified : ind->created;
}

static void row_stix_id(const intel *in, const store_indicator *ind, char out[EXPORT_STIX_ID_LEN]);

static int render_manifest(const intel *in, const store_indicator *ind, gisac_buf *out,
                           gisac_err *err)
{
    char id[EXPORT_STIX_ID_LEN], added[GISAC_TIME_LEN], ver[GISAC_TIME_LEN];
    row_stix_id(in, ind, id);
    gisac_time_format_ms(ind->created, added);
    gisac_time_format_ms(version_of(ind), ver);
    if (gisac_buf_printf(out,
                         "{\"id\":\"%s\",\"date_added\":\"%s\",\"version\":\"%s\","
                         "\"media_type\":\"application/stix+json;version=2.1\"}",
                         id, added, ver) < 0)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    return 0;
}

static void row_stix_id(const intel *in, const store_indicator *ind, char out[EXPORT_STIX_ID_LEN])
{
    export_item it = {.type = ind->type, .value = ind->value, .stix_id = ind->stix_id};
    export_opts eo = {.identity = intel_identity(in)};
    export_stix_id(&it, &eo, out);
}

/* ---- pages ------------------------------------------------------------- */

typedef struct page_ctx {
    const intel *in;
    intel_taxii_page *p;
    size_t limit;
    int manifest;
    int64_t now;
    int64_t last_created, last_id;
    int rc;
    gisac_err *err;
} page_ctx;

static int page_cb(void *ctx, const store_indicator *ind)
{
    page_ctx *c = ctx;
    if (c->manifest ? c->p->count == c->limit : !intel_taxii_page_admit(c->p, c->limit, ind->tlp)) {
        c->p->more = 1;
        return 1;
    }
    if (c->p->count && gisac_buf_putc(&c->p->objects, ',') < 0) {
        c->rc = gisac_err_set(c->err, GISAC_ENOMEM, "out of memory");
        return 1;
    }
    if ((c->rc = c->manifest ? render_manifest(c->in, ind, &c->p->objects, c->err)
                             : render(c->in, ind, c->now, &c->p->objects, c->err)) < 0)
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
    pick p = {ind->created, ind->id};
    return gisac_push_or_stop(&c->v, &c->n, &c->cap, sizeof p, 16, &p, &c->oom);
}

/* A row found by its stored stix_id: it counts only when it is the id it is served with. */
typedef struct stored_ctx {
    const intel *in;
    pick_ctx *pc;
    const char *want;
    size_t idx;
} stored_ctx;

static int stored_cb(void *ctx, const store_indicator *ind)
{
    stored_ctx *s = ctx;
    char id[EXPORT_STIX_ID_LEN];
    row_stix_id(s->in, ind, id);
    if (strcmp(id, s->want) != 0)
        return 0;
    s->pc->found[s->idx] = 1;
    return pick_add(s->pc, ind);
}

/* ---- the index of derived ids ------------------------------------------ */

/*
 * Rows without a stored STIX id are served under a derived one
 * (UUIDv5 of "type:value"), which no database index can find. Each handle
 * keeps an open-addressing table from the first 64 bits of the derived
 * UUID to row ids, brought up to date on use by hashing only the rows
 * added since (store_taxii_derived_after). A hit is a candidate only: the
 * row is read back through the collection's filters and its id compared.
 */
struct taxii_ids {
    uint64_t *keys; /* 0: empty slot */
    int64_t *rows;
    size_t cap, n;
    int64_t upto; /* every row id <= upto is in */
};

void taxii_ids_free(taxii_ids *t)
{
    if (!t)
        return;
    free(t->keys);
    free(t->rows);
    free(t);
}

static uint64_t id_key(const char *stix_id)
{
    /* "indicator--xxxxxxxx-xxxx-xxxx-...": 16 hex digits of the UUID */
    const char *u = stix_id + 11;
    uint64_t k = 0;
    for (int i = 0, d = 0; d < 16 && u[i]; i++) {
        char c = u[i];
        if (c == '-')
            continue;
        k = k << 4 | (uint64_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
        d++;
    }
    return k ? k : 1;
}

static size_t slot_of(uint64_t k, size_t cap)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return (size_t)k & (cap - 1);
}

static int ids_put(taxii_ids *t, uint64_t k, int64_t row)
{
    if ((t->n + 1) * 4 > t->cap * 3) {
        size_t nc = t->cap ? t->cap * 2 : 1024;
        uint64_t *nk = calloc(nc, sizeof *nk);
        int64_t *nr = malloc(nc * sizeof *nr);
        if (!nk || !nr) {
            free(nk);
            free(nr);
            return GISAC_ENOMEM;
        }
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->keys[i])
                continue;
            size_t j = slot_of(t->keys[i], nc);
            while (nk[j])
                j = (j + 1) & (nc - 1);
            nk[j] = t->keys[i];
            nr[j] = t->rows[i];
        }
        free(t->keys);
        free(t->rows);
        t->keys = nk;
        t->rows = nr;
        t->cap = nc;
    }
    size_t j = slot_of(k, t->cap);
    while (t->keys[j])
        j = (j + 1) & (t->cap - 1);
    t->keys[j] = k;
    t->rows[j] = row;
    t->n++;
    return 0;
}

typedef struct ids_fill {
    const intel *in;
    taxii_ids *t;
    int rc;
} ids_fill;

static int ids_fill_cb(void *ctx, const store_indicator *ind)
{
    ids_fill *f = ctx;
    char id[EXPORT_STIX_ID_LEN];
    row_stix_id(f->in, ind, id);
    if ((f->rc = ids_put(f->t, id_key(id), ind->id)) < 0)
        return 1;
    if (ind->id > f->t->upto)
        f->t->upto = ind->id;
    return 0;
}

static int ids_update(intel *in, gisac_err *err)
{
    if (!in->tids && !(in->tids = calloc(1, sizeof *in->tids)))
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    int64_t max;
    int rc = store_indicator_max_id(in->st, &max, err);
    if (rc < 0 || max <= in->tids->upto)
        return rc;
    ids_fill f = {in, in->tids, 0};
    rc = store_taxii_derived_after(in->st, in->tids->upto, ids_fill_cb, &f, err);
    if (rc == 0 && f.rc < 0)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (rc == 0)
        in->tids->upto = max;
    return rc;
}

/* Rows of q's collection served under the derived id stix_id, into pc. */
static int derived_rows(intel *in, const store_taxii_query *sq, const char *stix_id, pick_ctx *pc,
                        gisac_err *err)
{
    int rc = ids_update(in, err);
    if (rc < 0 || !in->tids->cap)
        return rc;
    uint64_t k = id_key(stix_id);
    taxii_ids *t = in->tids;
    for (size_t j = slot_of(k, t->cap); t->keys[j]; j = (j + 1) & (t->cap - 1)) {
        if (t->keys[j] != k)
            continue;
        stored_ctx sc = {in, pc, stix_id, 0};
        unsigned char found = 0;
        unsigned char *keep = pc->found;
        pc->found = &found;
        rc = store_taxii_get(in->st, sq, t->rows[j], stored_cb, &sc, err);
        pc->found = keep;
        if (rc < 0 || pc->oom)
            break;
    }
    return rc;
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
        stored_ctx s = {in, pc, q->ids[i], i};
        rc = store_taxii_by_stix_id(in->st, sq, q->ids[i], stored_cb, &s, err);
        need_scan |= !pc->found[i];
    }
    for (size_t i = 0; rc == 0 && need_scan && i < q->nids; i++)
        if (!pc->found[i])
            rc = derived_rows(in, sq, q->ids[i], pc, err);
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

/*
 * The store query of q at now; *empty = 1 when it can match nothing (an
 * agency collection nobody has written to yet).
 */
static int store_query(intel *in, const intel_taxii_query *q, int64_t now, store_taxii_query *sq,
                       int *empty, gisac_err *err)
{
    memset(sq, 0, sizeof *sq);
    *empty = 0;
    sq->now = now;
    sq->max_tlp = q->max_tlp;
    sq->recipient = q->recipient;
    sq->added_after = q->added_after;
    if (q->nversions > INTEL_TAXII_VERSIONS_MAX)
        return gisac_err_set(err, GISAC_EINVAL, "at most %d versions", INTEL_TAXII_VERSIONS_MAX);
    for (size_t i = 0; i < q->nversions; i++)
        sq->modified[i] = q->versions[i];
    sq->nmodified = q->nversions;
    if (q->source) {
        int rc = store_source_lookup(in->st, q->source, &sq->source_id, err);
        if (rc == GISAC_ENOTFOUND) {
            *empty = 1;
            return 0;
        }
        return rc;
    }
    return 0;
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
    store_taxii_query sq;
    int empty;
    int rc = store_query(in, q, now, &sq, &empty, err);
    if (rc < 0 || empty)
        return rc;
    sq.limit = q->limit + 1;
    if (q->next) { /* sealed (created, row id) */
        int64_t cur[2];
        if (intel_cursor_open(in, q->next, cur, 2, err) < 0)
            return GISAC_EINVAL;
        sq.cursor_created = cur[0];
        sq.cursor_id = cur[1];
    }
    sq.has_cursor = q->next != NULL;
    page_ctx pc = {in, page, q->limit, q->manifest, now, 0, 0, 0, err};
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
            if (page->more || page->count == q->limit) {
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
        rc = intel_cursor_seal(in, (int64_t[]){pc.last_created, pc.last_id}, 2, page->next,
                               sizeof page->next, err);
    if (rc == 0 && !q->manifest)
        rc = intel_taxii_page_refs(in, page, err);
    return rc;
}

/* ---- one object -------------------------------------------------------- */

/* The row of q's collection served as stix_id: *found, and its columns into *out (arena). */
typedef struct find_ctx {
    int found;
    int64_t id, created, modified;
    ioc_type type;
    char *value; /* owned: free with find_done */
    int oom;
} find_ctx;

static void find_done(find_ctx *f)
{
    free(f->value);
    f->value = NULL;
}

static int find_cb(void *ctx, const store_indicator *ind)
{
    find_ctx *f = ctx;
    f->found = 1;
    f->id = ind->id;
    f->created = ind->created;
    f->modified = version_of(ind);
    f->type = ind->type;
    free(f->value);
    f->value = strdup(ind->value);
    f->oom = f->value == NULL;
    return 1;
}

static int find_one(intel *in, const intel_taxii_query *q, const char *stix_id, find_ctx *f,
                    store_taxii_query *sq, gisac_err *err)
{
    memset(f, 0, sizeof *f);
    if (!id_ok(stix_id))
        return gisac_err_set(err, GISAC_ENOTFOUND, "no such object");
    int empty;
    int rc = store_query(in, q, gisac_now(), sq, &empty, err);
    if (rc < 0)
        return rc;
    if (empty)
        return gisac_err_set(err, GISAC_ENOTFOUND, "no such object");
    const char *ids[1] = {stix_id};
    intel_taxii_query q1 = *q;
    q1.ids = ids;
    q1.nids = 1;
    pick_ctx pk;
    memset(&pk, 0, sizeof pk);
    rc = resolve_ids(in, sq, &q1, &pk, err);
    if (rc == 0 && pk.n)
        rc = store_taxii_get(in->st, sq, pk.v[0].id, find_cb, f, err);
    free(pk.v);
    free(pk.found);
    if (rc == 0 && f->oom)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (rc == 0 && !f->found)
        rc = gisac_err_set(err, GISAC_ENOTFOUND, "no such object");
    if (rc < 0)
        find_done(f);
    return rc;
}

typedef struct render_ctx {
    const intel *in;
    gisac_buf *obj;
    int64_t now;
    int rc;
    gisac_err *err;
} render_ctx;

static int render_cb(void *ctx, const store_indicator *ind)
{
    render_ctx *c = ctx;
    c->rc = render(c->in, ind, c->now, c->obj, c->err);
    return 1;
}

/* find_one for a caller that needs the row's position and times only. */
static int find_row(intel *in, const intel_taxii_query *q, const char *stix_id, find_ctx *f,
                    store_taxii_query *sq, gisac_err *err)
{
    int rc = find_one(in, q, stix_id, f, sq, err);
    find_done(f);
    return rc;
}

int intel_taxii_object_get(intel *in, const intel_taxii_query *q, const char *stix_id,
                           gisac_buf *obj, int64_t *added, gisac_err *err)
{
    find_ctx f;
    store_taxii_query sq;
    int rc = find_row(in, q, stix_id, &f, &sq, err);
    if (rc < 0)
        return rc;
    render_ctx rc_ = {in, obj, sq.now, 0, err};
    if ((rc = store_taxii_get(in->st, &sq, f.id, render_cb, &rc_, err)) < 0)
        return rc;
    *added = f.created;
    return rc_.rc;
}

int intel_taxii_versions(intel *in, const intel_taxii_query *q, const char *stix_id,
                         int64_t *modified, int64_t *added, gisac_err *err)
{
    find_ctx f;
    store_taxii_query sq;
    int rc = find_row(in, q, stix_id, &f, &sq, err);
    if (rc == 0) {
        *modified = f.modified;
        *added = f.created;
    }
    return rc;
}

int intel_taxii_delete(intel *in, const intel_taxii_query *q, const char *stix_id, gisac_err *err)
{
    find_ctx f;
    store_taxii_query sq;
    int rc = find_one(in, q, stix_id, &f, &sq, err);
    if (rc < 0)
        return rc;
    int64_t now = gisac_now();
    if ((rc = store_begin(in->st, err)) < 0) {
        find_done(&f);
        return rc;
    }
    int left = 0;
    if (q->source)
        rc = store_indicator_source_remove(in->st, f.id, sq.source_id, &left, err);
    if (rc == 0 && left == 0)
        rc = store_indicator_revoke(in->st, f.type, f.value, now, err);
    if (rc == 0) {
        gisac_buf d = GISAC_BUF_INIT;
        int bad = gisac_buf_puts(&d, "{\"collection\":");
        bad |= q->source ? gisac_buf_json_str(&d, q->source) : gisac_buf_puts(&d, "\"shared\"");
        bad |= gisac_buf_printf(&d, ",\"revoked\":%s}", left == 0 ? "true" : "false");
        rc = bad ? gisac_err_set(err, GISAC_ENOMEM, "out of memory")
                 : store_audit_append(in->st, now, "taxii.delete", stix_id, d.data, err);
        gisac_buf_free(&d);
    }
    find_done(&f);
    if (rc < 0) {
        store_rollback(in->st);
        return rc;
    }
    return store_commit(in->st, err);
}

/* ---- adding objects ---------------------------------------------------- */

typedef struct add_ctx {
    char **msg; /* per object: the first reject or unsupported message */
    size_t n;
    int oom;
} add_ctx;

/* The object index in a message's place ("NAME:$.objects[3]..."), or -1. */
static long object_index(const char *where)
{
    const char *p = where ? strstr(where, "$.objects[") : NULL;
    if (!p)
        return -1;
    p += 10;
    char *end;
    long v = strtol(p, &end, 10);
    return end != p && *end == ']' && v >= 0 ? v : -1;
}

static void add_message(void *ctx, intel_msg_kind kind, const char *where, const char *msg)
{
    add_ctx *c = ctx;
    if (kind == INTEL_MSG_WARN)
        return;
    long i = object_index(where);
    if (i < 0 || (size_t)i >= c->n || c->msg[i])
        return;
    if (!(c->msg[i] = strdup(msg)))
        c->oom = 1;
}

/* {"id":..,"version":..[,"message":..]} */
static int status_detail(gisac_buf *b, const json_t *o, const char *msg)
{
    const char *id = json_string_value(json_object_get(o, "id"));
    const char *ver = json_string_value(json_object_get(o, "modified"));
    if (!ver)
        ver = json_string_value(json_object_get(o, "created"));
    int rc = gisac_buf_puts(b, "{\"id\":");
    rc |= gisac_buf_json_str(b, id ? id : "");
    if (ver) {
        rc |= gisac_buf_puts(b, ",\"version\":");
        rc |= gisac_buf_json_str(b, ver);
    }
    if (msg) {
        rc |= gisac_buf_puts(b, ",\"message\":");
        rc |= gisac_buf_json_str(b, msg);
    }
    rc |= gisac_buf_putc(b, '}');
    return rc;
}

int intel_taxii_add(intel *in, const char *agency, int64_t account_id, const char *body, size_t len,
                    char status_id[GISAC_UUID_LEN], gisac_err *err)
{
    json_error_t je;
    json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return gisac_err_set(err, GISAC_EINVAL, "$: not JSON: %s (line %d, column %d)", je.text,
                             je.line, je.column);
    const json_t *objs = json_is_object(root) ? json_object_get(root, "objects") : NULL;
    int rc;
    if (!json_is_object(root))
        rc = gisac_err_set(err, GISAC_EINVAL, "$: not a TAXII envelope (a JSON object)");
    else if (!json_is_array(objs))
        rc = gisac_err_set(err, GISAC_EINVAL, "$.objects: missing or not an array");
    else if (json_array_size(objs) > INTEL_TAXII_OBJECTS_MAX)
        rc = gisac_err_set(err, GISAC_EINVAL, "$.objects: more than %d objects",
                           INTEL_TAXII_OBJECTS_MAX);
    else
        rc = 0;
    if (rc < 0) {
        json_decref(root);
        return rc;
    }
    size_t n = json_array_size(objs);
    add_ctx ac = {calloc(n ? n : 1, sizeof(char *)), n, 0};
    if (!ac.msg) {
        json_decref(root);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    char source[INTEL_TAXII_SOURCE_MAX];
    intel_taxii_agency_source(agency, source);
    const char *recips[1] = {agency};
    intel_import_opts o = {FEED_STIX, NULL, source, TLP_AMBER, -1, 0, 0, recips, 1, NULL, 0, 0};
    intel_reporter rep = {&ac, add_message, NULL};
    intel_import_summary sum;
    int64_t now = gisac_now();
    gisac_buf d = GISAC_BUF_INIT;
    int64_t ok = 0, bad_n = 0;
    if (n)
        rc = intel_import_mem(in, "taxii", body, len, &o, &rep, &sum, err);
    if (rc == 0 && ac.oom)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (rc == 0) {
        int bad = gisac_buf_puts(&d, "{\"successes\":[");
        for (size_t i = 0; i < n; i++) {
            if (ac.msg[i])
                continue;
            bad |= ok++ ? gisac_buf_putc(&d, ',') : 0;
            bad |= status_detail(&d, json_array_get(objs, i), NULL);
        }
        bad |= gisac_buf_puts(&d, "],\"failures\":[");
        for (size_t i = 0; i < n; i++) {
            if (!ac.msg[i])
                continue;
            bad |= bad_n++ ? gisac_buf_putc(&d, ',') : 0;
            bad |= status_detail(&d, json_array_get(objs, i), ac.msg[i]);
        }
        bad |= gisac_buf_puts(&d, "]}");
        if (bad)
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    if (rc == 0)
        rc = gisac_uuid4(status_id) < 0 ? gisac_err_set(err, GISAC_EIO, "no randomness") : 0;
    if (rc == 0) {
        char colid[GISAC_UUID_LEN];
        intel_taxii_agency_collection_id(agency, colid);
        store_taxii_status t = {status_id,  account_id, agency, colid, "complete", now,
                                (int64_t)n, ok,         bad_n,  0,     d.data};
        rc = store_taxii_status_put(in->st, &t, err);
    }
    for (size_t i = 0; i < n; i++)
        free(ac.msg[i]);
    free(ac.msg);
    gisac_buf_free(&d);
    json_decref(root);
    return rc;
}

int intel_taxii_status(intel *in, const char *id, int64_t account_id, int any, gisac_buf *out,
                       gisac_err *err)
{
    if (!gisac_uuid_valid(id, strlen(id)))
        return gisac_err_set(err, GISAC_ENOTFOUND, "no such status");
    gisac_arena *a = gisac_arena_new(4096);
    if (!a)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    store_taxii_status t;
    int rc = store_taxii_status_get(in->st, id, &t, a, err);
    if (rc == 0 && !any && t.account_id != account_id)
        rc = gisac_err_set(err, GISAC_ENOTFOUND, "no such status");
    if (rc == 0) {
        char ts[GISAC_TIME_LEN];
        gisac_time_format_ms(t.request_timestamp, ts);
        /* details is {"successes":[..],"failures":[..]}: spliced in without its braces */
        size_t dl = strlen(t.details);
        int bad = dl < 2;
        bad |= gisac_buf_printf(out,
                                "{\"id\":\"%s\",\"status\":\"%s\",\"request_timestamp\":\"%s\","
                                "\"total_count\":%lld,\"success_count\":%lld,"
                                "\"failure_count\":%lld,\"pending_count\":%lld,",
                                t.id, t.status, ts, (long long)t.total, (long long)t.success,
                                (long long)t.failure, (long long)t.pending);
        bad |= bad ? 0 : gisac_buf_append(out, t.details + 1, dl - 2);
        bad |= gisac_buf_puts(out, ",\"pendings\":[]}");
        if (bad)
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    gisac_arena_free(a);
    return rc;
}
