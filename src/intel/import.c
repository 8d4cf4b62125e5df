/*
 * import.c: feed import with merging, in one transaction.
 *
 * The import runs in three steps:
 *   1. parse every file; each record is checked against the allowlist and
 *      copied into an arena-backed array (no database work yet);
 *   2. sort the array by (type, value, source) so that duplicates sit side
 *      by side and the B-tree inserts that follow arrive in key order;
 *   3. in one transaction, merge each group into the store.
 * With --strict, step 3 is skipped when step 1 rejected anything.
 */
#include "intel/intel_internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

typedef struct item {
    ioc_type type;
    int tlp;
    int confidence;
    int matchable;
    int allowlisted;
    unsigned src; /* index into the import's source names */
    const char *value;
    const char *stix_id, *name, *description, *created_by;
    const char *where; /* with a stix_id: where it was read, for a refusal */
    int refused;       /* its STIX id belongs to another object */
    const char **labels;
    size_t nlabels;
    int64_t first_seen, last_seen, valid_from, valid_until;
} item;

/*
 * New rows wait here and go to the store in multi-row INSERTs, which give
 * them their ids. Until then each of their source rows names its row by
 * its index in rows (srcs[i].indicator_id); flush puts the id in.
 */
#define PENDING 512

typedef struct pending {
    store_indicator rows[PENDING];
    unsigned char multi[PENDING]; /* from more than one source: merged after the insert */
    size_t nrows;
    store_source_row *srcs; /* grows: one value may come from many files */
    size_t nsrcs, capsrcs;
} pending;

typedef struct import_ctx {
    intel *in;
    const intel_import_opts *o;
    const intel_reporter *rep;
    intel_import_summary *sum;
    gisac_arena *arena;
    item *items;
    size_t n, cap;
    const char **sources; /* in the arena, or the caller's */
    size_t nsources, srccap;
    long cur_src;             /* the current file's source; -1 until a record takes it */
    const char *cur_src_name; /* its name */
    int64_t obs;              /* observation time of the current file */
    const char *cur_name;
    int oom;
    pending *pend;
    int conflict; /* a record was refused for its STIX id */
    char conflict_msg[400];
} import_ctx;

static void report(import_ctx *c, intel_msg_kind k, const char *where, const char *msg)
{
    if (c->rep && c->rep->message)
        c->rep->message(c->rep->ctx, k, where, msg);
}

static void on_reject(void *ctx, const char *where, const char *reason)
{
    import_ctx *c = ctx;
    c->sum->rejected++;
    report(c, INTEL_MSG_REJECT, where, reason);
}

static void on_unsupported(void *ctx, const char *where, const char *what)
{
    import_ctx *c = ctx;
    c->sum->unsupported++;
    report(c, INTEL_MSG_UNSUPPORTED, where, what);
}

static void on_warn(void *ctx, const char *where, const char *msg)
{
    import_ctx *c = ctx;
    c->sum->warnings++;
    report(c, INTEL_MSG_WARN, where, msg);
}

static void on_progress(void *ctx, size_t done, size_t total)
{
    import_ctx *c = ctx;
    if (c->rep && c->rep->progress)
        c->rep->progress(c->rep->ctx, c->cur_name, done, total);
}

/* The index of source name (added when new, copied when copy), or -1 out of memory. */
static long source_index(import_ctx *c, const char *name, int copy)
{
    size_t idx = 0;
    while (idx < c->nsources && strcmp(c->sources[idx], name) != 0)
        idx++;
    if (idx < c->nsources)
        return (long)idx;
    const char **v = gisac_grow(c->sources, c->nsources, &c->srccap, sizeof *v, 4);
    if (!v)
        return -1;
    c->sources = v;
    if (copy && !(name = gisac_arena_strdup(c->arena, name)))
        return -1;
    c->sources[c->nsources] = name;
    return (long)c->nsources++;
}

/*
 * A record's own source (a MISP event's organisation) may name it when the
 * caller named none: a printable name of at most INTEL_SOURCE_NAME_MAX
 * bytes that does not claim to be an agency's submissions ("agency:").
 */
static int own_source_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > INTEL_SOURCE_NAME_MAX || strncmp(s, "agency:", 7) == 0)
        return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return 0;
    return 1;
}

static int on_record(void *ctx, const feed_record *r)
{
    import_ctx *c = ctx;
    c->sum->records++;
    long src;
    if (!c->o->source && r->source && own_source_ok(r->source)) {
        src = source_index(c, r->source, 1);
    } else {
        /* the file's source is known once a record takes it (a file whose
         * records all name their own makes no empty source) */
        if (c->cur_src < 0)
            c->cur_src = source_index(c, c->cur_src_name, 0);
        src = c->cur_src;
    }
    if (src < 0)
        goto oom;
    item *ni = gisac_grow(c->items, c->n, &c->cap, sizeof *ni, 4096);
    if (!ni)
        goto oom;
    c->items = ni;
    item *it = &c->items[c->n];
    memset(it, 0, sizeof *it);
    it->type = r->type;
    it->src = (unsigned)src;
    it->matchable = r->matchable;
    it->value = gisac_arena_strdup(c->arena, r->value);
    if (!it->value)
        goto oom;
    const char *hit = allow_match(&c->in->allow, r->type, r->value);
    if (hit) {
        char msg[600];
        it->allowlisted = 1;
        c->sum->allowlisted++;
        c->sum->warnings++;
        snprintf(msg, sizeof msg, "%s %s is allowlisted (%s)", ioc_type_name(r->type), r->value,
                 hit);
        report(c, INTEL_MSG_WARN, r->where, msg);
    }
    /* strings other than the value are rare; copy only what is there */
    if ((r->stix_id && (!(it->stix_id = gisac_arena_strdup(c->arena, r->stix_id)) ||
                        !(it->where = gisac_arena_strdup(c->arena, r->where ? r->where : "")))) ||
        (r->name && !(it->name = gisac_arena_strdup(c->arena, r->name))) ||
        (r->description && !(it->description = gisac_arena_strdup(c->arena, r->description))) ||
        (r->created_by && !(it->created_by = gisac_arena_strdup(c->arena, r->created_by))))
        goto oom;
    if (r->nlabels || c->o->nlabels) {
        /* the record's own, then the import's (--label: shared, not copied) */
        size_t nl = r->nlabels + c->o->nlabels;
        it->labels = gisac_arena_alloc(c->arena, nl * sizeof *it->labels);
        if (!it->labels)
            goto oom;
        for (size_t i = 0; i < r->nlabels; i++)
            if (!(it->labels[i] = gisac_arena_strdup(c->arena, r->labels[i])))
                goto oom;
        for (size_t i = 0; i < c->o->nlabels; i++)
            it->labels[r->nlabels + i] = c->o->labels[i];
        it->nlabels = nl;
    }

    /* times: the record's own, else when the file was written */
    it->first_seen = r->first_seen ? r->first_seen : (r->last_seen ? r->last_seen : c->obs);
    it->last_seen = r->last_seen ? r->last_seen : (r->first_seen ? r->first_seen : c->obs);
    if (it->last_seen < it->first_seen)
        it->last_seen = it->first_seen;
    it->valid_from = r->valid_from;
    it->valid_until = r->valid_until;
    if (!it->valid_until && c->o->valid_days > 0)
        it->valid_until = it->last_seen + (int64_t)c->o->valid_days * 86400;

    it->confidence = r->confidence >= 0 ? r->confidence : c->o->confidence;
    int tlp = r->tlp;
    if (c->o->tlp != TLP_UNSET && (int)c->o->tlp > tlp)
        tlp = c->o->tlp;
    it->tlp = tlp == TLP_UNSET ? INTEL_DEFAULT_TLP : tlp;
    c->n++;
    return 0;
oom:
    c->oom = 1;
    return GISAC_ENOMEM;
}

static int cmp_item(const void *a, const void *b)
{
    const item *x = *(const item *const *)a, *y = *(const item *const *)b;
    if (x->type != y->type)
        return x->type < y->type ? -1 : 1;
    int c = strcmp(x->value, y->value);
    if (c)
        return c;
    return x->src < y->src ? -1 : x->src > y->src;
}

static const char *base_name(const char *path)
{
    if (strcmp(path, "-") == 0)
        return "stdin";
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    const char *end = path + n;
    const char *p = end;
    while (p > path && p[-1] != '/')
        p--;
    return p;
}

/* ---- labels ------------------------------------------------------------ */

typedef struct strvec {
    const char **v;
    size_t n, cap;
} strvec;

static int strvec_add(strvec *sv, const char *s)
{
    for (size_t i = 0; i < sv->n; i++)
        if (strcmp(sv->v[i], s) == 0)
            return 0;
    return gisac_push(&sv->v, &sv->n, &sv->cap, sizeof s, 8, &s);
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* JSON array text of the sorted set, or NULL when empty. */
static char *labels_json(strvec *sv, gisac_arena *a)
{
    if (!sv->n)
        return NULL;
    qsort(sv->v, sv->n, sizeof *sv->v, cmp_cstr);
    gisac_buf b = GISAC_BUF_INIT;
    int rc = gisac_buf_putc(&b, '[');
    for (size_t i = 0; rc == 0 && i < sv->n; i++) {
        if (i)
            rc = gisac_buf_putc(&b, ',');
        if (rc == 0)
            rc = gisac_buf_json_str(&b, sv->v[i]);
    }
    if (rc == 0)
        rc = gisac_buf_putc(&b, ']');
    char *out = rc == 0 ? gisac_arena_strndup(a, b.data, b.len) : NULL;
    gisac_buf_free(&b);
    return out;
}

/* Add the labels of an existing JSON array to sv (strings into arena). */
static int labels_from_json(strvec *sv, const char *json, gisac_arena *a)
{
    if (!json)
        return 0;
    json_t *arr = json_loads(json, 0, NULL);
    if (!json_is_array(arr)) {
        json_decref(arr);
        return 0;
    }
    size_t i;
    json_t *v;
    int rc = 0;
    json_array_foreach(arr, i, v)
    {
        if (!json_is_string(v))
            continue;
        const char *s = gisac_arena_strdup(a, json_string_value(v));
        if (!s || strvec_add(sv, s) < 0) {
            rc = GISAC_ENOMEM;
            break;
        }
    }
    json_decref(arr);
    return rc;
}

/* ---- merging ----------------------------------------------------------- */

static int64_t min_known(int64_t a, int64_t b)
{
    if (!a)
        return b;
    if (!b)
        return a;
    return a < b ? a : b;
}

static int64_t max_known(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

static int str_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* Fold item it into the merged record m (first wins for descriptive text). */
static void fold(store_indicator *m, const item *it)
{
    m->first_seen = min_known(m->first_seen, it->first_seen);
    m->last_seen = max_known(m->last_seen, it->last_seen);
    m->valid_from = min_known(m->valid_from, it->valid_from);
    /* latest wins, and no expiry (0) is later than any date */
    if (m->valid_until && it->valid_until)
        m->valid_until = max_known(m->valid_until, it->valid_until);
    else
        m->valid_until = 0;
    if (it->confidence > m->confidence)
        m->confidence = it->confidence;
    if (it->tlp > (int)m->tlp)
        m->tlp = (gisac_tlp)it->tlp;
    m->matchable |= it->matchable;
    m->allowlisted |= it->allowlisted;
    if (!m->stix_id)
        m->stix_id = it->stix_id;
    if (!m->name)
        m->name = it->name;
    if (!m->description)
        m->description = it->description;
    if (!m->created_by)
        m->created_by = it->created_by;
}

/* The members a source's own record shares with an indicator. */
#define SRC_FOLDED(X)                                                                              \
    X(first_seen)                                                                                  \
    X(last_seen)                                                                                   \
    X(valid_from)                                                                                  \
    X(valid_until)                                                                                 \
    X(confidence)                                                                                  \
    X(tlp)                                                                                         \
    X(matchable)                                                                                   \
    X(stix_id)                                                                                     \
    X(name)                                                                                        \
    X(description)                                                                                 \
    X(created_by)

/* The same rules into one source's own record. */
static void fold_src(store_source_row *m, const item *it)
{
    store_indicator t;
    memset(&t, 0, sizeof t);
#define TO_IND(f)   t.f = m->f;
#define FROM_IND(f) m->f = t.f;
    SRC_FOLDED(TO_IND)
    fold(&t, it);
    SRC_FOLDED(FROM_IND)
#undef TO_IND
#undef FROM_IND
}

static int same_src(const store_source_row *a, const store_source_row *b)
{
    return a->first_seen == b->first_seen && a->last_seen == b->last_seen &&
           a->valid_from == b->valid_from && a->valid_until == b->valid_until &&
           a->confidence == b->confidence && a->tlp == b->tlp && a->matchable == b->matchable &&
           str_eq(a->stix_id, b->stix_id) && str_eq(a->name, b->name) &&
           str_eq(a->description, b->description) && str_eq(a->created_by, b->created_by) &&
           str_eq(a->labels_json, b->labels_json);
}

/* Refuse item it: its STIX id is another object's. */
static void refuse(import_ctx *c, item *it)
{
    char msg[400];
    it->refused = 1;
    c->sum->rejected++;
    snprintf(msg, sizeof msg, "id %s is already the id of another object", it->stix_id);
    report(c, INTEL_MSG_REJECT, it->where, msg);
    if (!c->conflict)
        snprintf(c->conflict_msg, sizeof c->conflict_msg, "%s", msg);
    c->conflict = 1;
}

/* Write one group items[0..n) (same type and value) into the store: each
 * source's own record of it, never another's. */
static int write_group(import_ctx *c, item *const *gp, size_t n, const int64_t *src_ids, int empty,
                       int64_t now, gisac_arena *tmp, gisac_err *err)
{
    const item *g = gp[0];
    store *st = c->in->st;
    store_indicator old, m;
    int exists = 0, rc;
    if (!empty) {
        rc = store_indicator_find(st, g->type, g->value, &old, tmp, err);
        if (rc == 0)
            exists = 1;
        else if (rc != GISAC_ENOTFOUND)
            return rc;
    }
    /* a STIX id another indicator holds is refused (ids in this import: see import_run) */
    size_t good = 0;
    for (size_t i = 0; i < n; i++) {
        if (gp[i]->stix_id && !gp[i]->refused) {
            int64_t owner;
            if ((rc = store_stix_owner(st, gp[i]->stix_id, &owner, err)) < 0)
                return rc;
            if (owner && (!exists || owner != old.id))
                refuse(c, gp[i]);
        }
        good += !gp[i]->refused;
    }
    if (!good)
        return 0;
    int allowlisted = allow_match(&c->in->allow, g->type, g->value) != NULL;
    size_t row = c->pend->nrows; /* a new one's place among the pending rows */
    size_t nsrc = 0;
    strvec all = {0};
    if (!exists) {
        memset(&m, 0, sizeof m);
        m.type = g->type;
        m.value = g->value;
        m.confidence = -1;
        m.tlp = TLP_CLEAR;
        m.created = now;
        m.modified = now;
        m.first_seen = g->first_seen;
        m.last_seen = g->last_seen;
        m.valid_until = g->valid_until;
        char lo[33], hi[33];
        if (ioc_range_hex(g->type, g->value, lo, hi) == 0) {
            m.range_lo = gisac_arena_strdup(tmp, lo);
            m.range_hi = gisac_arena_strdup(tmp, hi);
        }
        int first = 1;
        for (size_t i = 0; i < n; i++) {
            if (gp[i]->refused)
                continue;
            if (first) { /* the first record's own values, not the zeros */
                m.first_seen = gp[i]->first_seen;
                m.last_seen = gp[i]->last_seen;
                m.valid_until = gp[i]->valid_until;
                first = 0;
            }
            fold(&m, gp[i]);
            for (size_t k = 0; k < gp[i]->nlabels; k++)
                if ((rc = strvec_add(&all, gp[i]->labels[k])) < 0)
                    goto out;
        }
        m.labels_json = labels_json(&all, tmp);
        if (all.n && !m.labels_json) {
            rc = GISAC_ENOMEM;
            goto out;
        }
        m.allowlisted = allowlisted;
        m.id = 0; /* given by the store when flushed */
    }
    int changed = 0;
    /* the one source row written, when it was new (the merge then adds it to old) */
    store_source_row added;
    size_t nput = 0, nadded = 0;
    /* one record per distinct source in the group (items sorted by source) */
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && gp[j + 1]->src == gp[i]->src)
            j++;
        store_source_row r, before;
        int had = 0;
        memset(&r, 0, sizeof r);
        if (exists) {
            rc = store_indicator_source_get(st, old.id, src_ids[gp[i]->src], &before, tmp, err);
            if (rc == 0)
                had = 1;
            else if (rc != GISAC_ENOTFOUND)
                goto out;
        }
        strvec labels = {0};
        if (had) {
            r = before;
            if ((rc = labels_from_json(&labels, before.labels_json, tmp)) < 0)
                goto out_labels;
        } else {
            r.indicator_id = exists ? old.id : (int64_t)row;
            r.source_id = src_ids[gp[i]->src];
            r.confidence = -1;
            r.tlp = TLP_CLEAR;
            r.created = now;
        }
        int any = 0;
        for (size_t k = i; k <= j; k++) {
            if (gp[k]->refused)
                continue;
            if (!had && !any) {
                r.first_seen = gp[k]->first_seen;
                r.last_seen = gp[k]->last_seen;
                r.valid_until = gp[k]->valid_until;
            }
            any = 1;
            fold_src(&r, gp[k]);
            for (size_t l = 0; l < gp[k]->nlabels; l++)
                if ((rc = strvec_add(&labels, gp[k]->labels[l])) < 0)
                    goto out_labels;
        }
        if (!any) {
            free(labels.v);
            i = j + 1;
            continue;
        }
        r.labels_json = labels_json(&labels, tmp);
        if (labels.n && !r.labels_json) {
            rc = GISAC_ENOMEM;
            goto out_labels;
        }
        free(labels.v);
        labels.v = NULL;
        nsrc++;
        if (!exists) {
            r.modified = now;
            pending *p = c->pend;
            if ((rc = gisac_push(&p->srcs, &p->nsrcs, &p->capsrcs, sizeof r, PENDING, &r)) < 0)
                goto out;
        } else if (!had || !same_src(&r, &before)) {
            r.modified = now;
            changed = 1;
            nput++;
            if (!had) {
                added = r;
                nadded++;
            }
            if ((rc = store_indicator_source_put(st, &r, err)) < 0 ||
                (r.stix_id && (rc = store_stix_claim(st, r.stix_id, old.id, err)) < 0))
                goto out;
        }
        if (exists)
            for (size_t k = 0; k < c->o->nrecipients; k++)
                if ((rc = store_source_recipient_add(st, old.id, r.source_id, c->o->recipients[k],
                                                     err)) < 0)
                    goto out;
        i = j + 1;
        continue;
    out_labels:
        free(labels.v);
        goto out;
    }
    if (!exists) {
        c->pend->multi[c->pend->nrows] = nsrc > 1;
        c->pend->rows[c->pend->nrows++] = m;
        if (!m.allowlisted) /* allowlisted ones were counted when parsed */
            c->sum->imported++;
    } else {
        if (changed &&
            (rc = nput == 1 && nadded == 1 ? store_indicator_merge_added(st, &old, &added, err)
                                           : store_indicator_recompute(st, old.id, err)) < 0)
            goto out;
        if (allowlisted != old.allowlisted &&
            (rc = store_indicator_set_allowlisted(st, old.id, allowlisted, now, err)) < 0)
            goto out;
        if (changed)
            c->sum->merged++;
        else
            c->sum->unchanged++;
    }
    c->sum->duplicates += good - 1;
    rc = 0;
out:
    free(all.v);
    if (rc == GISAC_ENOMEM)
        gisac_err_set(err, rc, "out of memory");
    return rc;
}

/* Send the pending new rows to the store, which gives them their ids, then their sources. */
static int flush(import_ctx *c, gisac_err *err)
{
    pending *p = c->pend;
    int rc = store_indicator_insert_many(c->in->st, p->rows, p->nrows, err);
    for (size_t i = 0; rc == 0 && i < p->nsrcs; i++)
        p->srcs[i].indicator_id = p->rows[p->srcs[i].indicator_id].id;
    if (rc == 0)
        rc = store_indicator_source_add_many(c->in->st, p->srcs, p->nsrcs, err);
    for (size_t i = 0; rc == 0 && i < p->nsrcs; i++) {
        const store_source_row *r = &p->srcs[i];
        if (r->stix_id)
            rc = store_stix_claim(c->in->st, r->stix_id, r->indicator_id, err);
        for (size_t k = 0; rc == 0 && k < c->o->nrecipients; k++)
            rc = store_source_recipient_add(c->in->st, r->indicator_id, r->source_id,
                                            c->o->recipients[k], err);
    }
    for (size_t i = 0; rc == 0 && i < p->nrows; i++)
        if (p->multi[i])
            rc = store_indicator_recompute(c->in->st, p->rows[i].id, err);
    p->nrows = p->nsrcs = 0;
    return rc;
}

/* Refuse every record whose STIX id an earlier record of this import gave another value. */
static int cmp_stix(const void *a, const void *b)
{
    const item *x = *(const item *const *)a, *y = *(const item *const *)b;
    int c = strcmp(x->stix_id, y->stix_id);
    if (c)
        return c;
    return x < y ? -1 : x > y; /* in the order read */
}

static int stix_dups(import_ctx *c)
{
    size_t k = 0;
    for (size_t i = 0; i < c->n; i++)
        k += c->items[i].stix_id != NULL;
    if (k < 2)
        return 0;
    item **v = malloc(k * sizeof *v);
    if (!v)
        return GISAC_ENOMEM;
    k = 0;
    for (size_t i = 0; i < c->n; i++)
        if (c->items[i].stix_id)
            v[k++] = &c->items[i];
    qsort(v, k, sizeof *v, cmp_stix);
    for (size_t i = 0; i < k;) {
        size_t j = i + 1;
        for (; j < k && strcmp(v[j]->stix_id, v[i]->stix_id) == 0; j++) {
            if (v[j]->type == v[i]->type && strcmp(v[j]->value, v[i]->value) == 0)
                continue;
            /* one object, several values ("[a] OR [b]"): the object's id is the
             * first value's; the others are known by their own (derived) ids */
            if (v[j]->where && v[i]->where && strcmp(v[j]->where, v[i]->where) == 0)
                v[j]->stix_id = NULL;
            else
                refuse(c, v[j]);
        }
        i = j;
    }
    free(v);
    return 0;
}

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One input of an import: a path, or a buffer in memory with a name. */
typedef struct import_input {
    const char *name;
    const char *data; /* NULL: read the file (or directory) at name */
    size_t len;
} import_input;

static int import_run(intel *in, const import_input *inputs, size_t npaths,
                      const intel_import_opts *o, const intel_reporter *rep,
                      intel_import_summary *sum, gisac_err *err);

int intel_import(intel *in, const char *const *paths, size_t npaths, const intel_import_opts *o,
                 const intel_reporter *rep, intel_import_summary *sum, gisac_err *err)
{
    import_input *v = calloc(npaths ? npaths : 1, sizeof *v);
    if (!v) {
        memset(sum, 0, sizeof *sum);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < npaths; i++)
        v[i].name = paths[i];
    int rc = import_run(in, v, npaths, o, rep, sum, err);
    free(v);
    return rc;
}

int intel_import_mem(intel *in, const char *name, const char *data, size_t len,
                     const intel_import_opts *o, const intel_reporter *rep,
                     intel_import_summary *sum, gisac_err *err)
{
    import_input v = {name, data ? data : "", len};
    return import_run(in, &v, 1, o, rep, sum, err);
}

static int import_run(intel *in, const import_input *inputs, size_t npaths,
                      const intel_import_opts *o, const intel_reporter *rep,
                      intel_import_summary *sum, gisac_err *err)
{
    double t0 = mono();
    memset(sum, 0, sizeof *sum);
    import_ctx c = {.in = in, .o = o, .rep = rep, .sum = sum};
    c.arena = gisac_arena_new(1 << 20);
    int64_t *src_ids = NULL;
    gisac_arena *tmp = gisac_arena_new(1 << 16);
    c.pend = calloc(1, sizeof *c.pend);
    item **order = NULL;
    int rc = 0;
    if (!c.arena || !tmp || !c.pend) {
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = allow_load(in->st, &in->allow, err)) < 0)
        goto out;
    for (size_t i = 0; i < o->nrecipients; i++) {
        store_agency ag;
        rc = store_agency_get(in->st, o->recipients[i], &ag, tmp, err);
        if (rc == GISAC_ENOTFOUND)
            rc = gisac_err_set(err, GISAC_EINVAL, "recipient %s: no such agency", o->recipients[i]);
        if (rc < 0)
            goto out;
    }
    gisac_arena_reset(tmp);

    feed_sink sink = {&c, on_record, on_reject, on_unsupported, on_warn, on_progress};
    feed_opts fo = {.format = o->format, .column = o->column};
    fo.sandbox = !in->parsing.no_sandbox;
    fo.sandbox_cpu_seconds = in->parsing.cpu_seconds;
    fo.kind = in->parsing.kind;
    for (size_t f = 0; f < npaths; f++) {
        const char *path = inputs[f].name;
        c.cur_src = -1;
        c.cur_src_name = o->source ? o->source : base_name(path);
        c.cur_name = path;
        struct stat sb;
        c.obs = !inputs[f].data && strcmp(path, "-") != 0 && stat(path, &sb) == 0
                    ? (int64_t)sb.st_mtime
                    : gisac_now();
        rc = inputs[f].data ? feed_parse(path, inputs[f].data, inputs[f].len, &fo, &sink, err)
                            : feed_parse_path(path, &fo, &sink, err);
        if (c.oom)
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        if (rc < 0)
            goto out;
        sum->files++;
    }
    if (o->strict && sum->rejected) {
        rc = gisac_err_set(err, GISAC_EABORT, "--strict: %zu rejected; nothing was imported",
                           sum->rejected);
        goto out;
    }

    /* sort pointers, not the 100-odd byte items themselves */
    order = malloc((c.n ? c.n : 1) * sizeof *order);
    if (!order) {
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < c.n; i++)
        order[i] = &c.items[i];
    qsort(order, c.n, sizeof *order, cmp_item);

    if ((rc = stix_dups(&c)) < 0) {
        rc = gisac_err_set(err, rc, "out of memory");
        goto out;
    }
    int empty = 0;
    if ((rc = store_begin(in->st, err)) < 0)
        goto out;
    /* under the write lock: another import may have filled the store */
    if ((rc = store_indicator_empty(in->st, &empty, err)) < 0)
        goto rollback;
    int64_t now = gisac_now();
    if (!(src_ids = calloc(c.nsources ? c.nsources : 1, sizeof *src_ids))) {
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        goto rollback;
    }
    for (size_t i = 0; i < c.nsources; i++)
        if ((rc = store_source_id(in->st, c.sources[i], now, &src_ids[i], err)) < 0)
            goto rollback;
    for (size_t i = 0; i < c.n;) {
        size_t j = i + 1;
        while (j < c.n && order[j]->type == order[i]->type &&
               strcmp(order[j]->value, order[i]->value) == 0)
            j++;
        if (c.pend->nrows == PENDING || c.pend->nsrcs >= PENDING ||
            gisac_arena_used(tmp) > (16u << 20)) {
            if ((rc = flush(&c, err)) < 0)
                goto rollback;
            gisac_arena_reset(tmp);
        }
        if ((rc = write_group(&c, order + i, j - i, src_ids, empty, now, tmp, err)) < 0)
            goto rollback;
        i = j;
    }
    if ((rc = flush(&c, err)) < 0)
        goto rollback;
    if (o->strict && c.conflict) {
        rc = gisac_err_set(err, GISAC_ECONFLICT, "%s; nothing was imported", c.conflict_msg);
        goto rollback;
    }
    if (o->complete_grace > 0 && c.nsources == 1 && c.n > 0) {
        /* aging: what the complete list holds now, then what it no longer does */
        for (size_t i = 0; i < c.n; i++) {
            const item *it = order[i];
            if (it->refused || (i && it->type == order[i - 1]->type &&
                                strcmp(it->value, order[i - 1]->value) == 0))
                continue;
            if ((rc = store_feed_listed(in->st, src_ids[0], it->type, it->value, now, err)) < 0)
                goto rollback;
        }
        if ((rc = store_feed_relisted(in->st, src_ids[0], now, err)) < 0)
            goto rollback;
        if ((rc = store_feed_age(in->st, src_ids[0], c.sources[0], now - o->complete_grace, now,
                                 "no longer listed by any source", &sum->dropped, err)) < 0)
            goto rollback;
    }
    {
        gisac_buf d = GISAC_BUF_INIT;
        int bad = gisac_buf_puts(&d, "{\"files\":[");
        for (size_t f = 0; f < npaths; f++) {
            bad |= f ? gisac_buf_putc(&d, ',') : 0;
            bad |= gisac_buf_json_str(&d, inputs[f].name);
        }
        bad |= gisac_buf_printf(&d,
                                "],\"imported\":%zu,\"merged\":%zu,\"unchanged\":%zu,"
                                "\"rejected\":%zu,\"allowlisted\":%zu",
                                sum->imported, sum->merged, sum->unchanged, sum->rejected,
                                sum->allowlisted);
        if (o->complete_grace > 0)
            bad |= gisac_buf_printf(&d, ",\"dropped\":%zu", sum->dropped);
        bad |= gisac_buf_putc(&d, '}');
        if (bad)
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        else
            rc = store_audit_append(in->st, now, "feed.import",
                                    c.nsources == 1 ? c.sources[0] : NULL, d.data, err);
        gisac_buf_free(&d);
        if (rc < 0)
            goto rollback;
    }
    if ((rc = store_commit(in->st, err)) < 0)
        goto out;
    goto out;
rollback:
    store_rollback(in->st);
out:
    sum->seconds = mono() - t0;
    free(order);
    free(c.items);
    free(c.sources);
    free(src_ids);
    if (c.pend)
        free(c.pend->srcs);
    free(c.pend);
    gisac_arena_free(c.arena);
    gisac_arena_free(tmp);
    return rc;
}
