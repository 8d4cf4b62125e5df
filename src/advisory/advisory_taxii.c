/*
 * advisory_taxii.c: the TAXII 2.1 collection of advisories (advisory.h).
 *
 * The store hands out the selected revisions in (published, row id) order
 * from a cursor, filtered by TLP and recipients; each is loaded as the
 * viewer sees it (which may hide it: nothing it cites is for the viewer)
 * and expands into its entries: a vulnerability per CVE, then the report.
 * The cursor names the next entry: (published, revision row, position).
 *
 * Each object version is in the collection once: a vulnerability (one
 * version, its created time) is an entry of the first revision that cites
 * it among those the query's match[version] selects and the viewer may
 * read, whatever added_after and the cursor say, and of no other. A page
 * of objects starts with the identity and marking-definitions its objects
 * refer to (intel_taxii_page_admit).
 */
#include "advisory/advisory_internal.h"

#include <stdlib.h>
#include <string.h>

#define MEDIA_STIX "application/stix+json;version=2.1"
#define BATCH      128

void advisory_taxii_page_free(advisory_taxii_page *page)
{
    intel_taxii_page_free(page);
}

/* ---- the query ---------------------------------------------------------------- */

static void store_query(const advisory_taxii_query *q, store_advisory_taxii *sq)
{
    memset(sq, 0, sizeof *sq);
    sq->max_tlp = q->viewer.max_tlp;
    sq->recipient = q->viewer.recipient;
    sq->versions =
        q->versions & (ADVISORY_TAXII_LATEST | ADVISORY_TAXII_FIRST | ADVISORY_TAXII_ALL);
    sq->ntimes = q->ntimes < 4 ? q->ntimes : 4;
    for (size_t i = 0; i < sq->ntimes; i++)
        sq->times[i] = q->times[i];
    if (!sq->versions && !sq->ntimes)
        sq->versions = STORE_ADV_LATEST;
    sq->added_after = q->added_after;
}

static int check_query(const advisory_taxii_query *q, gisac_err *err)
{
    if (q->limit < 1 || q->limit > ADVISORY_TAXII_LIMIT_MAX)
        return gisac_err_set(err, GISAC_EINVAL, "limit must be 1 to %d", ADVISORY_TAXII_LIMIT_MAX);
    if (q->nids > ADVISORY_TAXII_IDS_MAX)
        return gisac_err_set(err, GISAC_EINVAL, "at most %d ids in match[id]",
                             ADVISORY_TAXII_IDS_MAX);
    if (q->ntimes > ADVISORY_TAXII_VERSIONS_MAX)
        return gisac_err_set(err, GISAC_EINVAL, "at most %d timestamps in match[version]",
                             ADVISORY_TAXII_VERSIONS_MAX);
    return 0;
}

/* ---- entries ------------------------------------------------------------------- */

typedef struct pager {
    const advisory_taxii_query *q;
    advisory_taxii_page *page;
    int stop;
} pager;

static int wanted_id(const advisory_taxii_query *q, const char *id)
{
    if (!q->nids)
        return 1;
    for (size_t i = 0; i < q->nids; i++)
        if (q->ids[i] && strcmp(q->ids[i], id) == 0)
            return 1;
    return 0;
}

static int wanted_type(const advisory_taxii_query *q, int type)
{
    return !q->types || (q->types & type);
}

static int64_t report_version(const advisory *a)
{
    return a->modified > a->published ? a->modified : a->published;
}

/* Append one entry (object or manifest line) to the page. */
static int emit(const intel *in, advisory_taxii_page *page, int manifest, const advisory *a,
                size_t pos, int64_t added)
{
    const gisac_identity *ident = intel_identity(in);
    gisac_buf *b = &page->objects;
    int rc = b->len ? gisac_buf_putc(b, ',') : 0;
    int is_report = pos == a->ncves;
    if (rc == 0 && manifest) {
        char ta[GISAC_TIME_LEN], tv[GISAC_TIME_LEN];
        gisac_time_format_ms(added, ta);
        gisac_time_format_ms(is_report ? report_version(a) : a->cves[pos].created, tv);
        rc = gisac_buf_printf(b,
                              "{\"id\":\"%s\",\"date_added\":\"%s\",\"version\":\"%s\","
                              "\"media_type\":\"" MEDIA_STIX "\"}",
                              is_report ? a->stix_id : a->cves[pos].stix_id, ta, tv);
    } else if (rc == 0) {
        rc = is_report ? advisory_stix_report(ident, a, b)
                       : advisory_stix_vulnerability(ident, &a->cves[pos], b);
    }
    if (rc < 0)
        return GISAC_ENOMEM;
    if (!page->count || added < page->first_added)
        page->first_added = added;
    if (!page->count || added > page->last_added)
        page->last_added = added;
    page->count++;
    return 0;
}

/* The revision rev_id as v sees it into *out, left NULL when v may not read it. */
static int load_rev(intel *in, int64_t rev_id, const advisory_viewer *v, advisory **out,
                    gisac_err *err)
{
    *out = NULL;
    gisac_arena *tmp = gisac_arena_new(4096);
    if (!tmp)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    store_advisory row;
    int rc = store_advisory_get_rev(intel_store(in), rev_id, &row, tmp, err);
    if (rc == 0)
        rc = adv_load(in, &row, v, out, err);
    gisac_arena_free(tmp);
    return rc == GISAC_ENOTFOUND ? 0 : rc;
}

typedef struct rev {
    int64_t id, published;
} rev;

typedef struct revs {
    rev *v;
    size_t n, cap;
    int oom;
} revs;

static int revs_cb(void *ctx, const store_advisory *a)
{
    revs *r = ctx;
    rev v = {a->rev_id, a->rev_published};
    return gisac_push_or_stop(&r->v, &r->n, &r->cap, sizeof v, 16, &v, &r->oom);
}

/* ---- one object ---------------------------------------------------------------- */

static const char report_pfx[] = "report--";
static const char vuln_pfx[] = "vulnerability--";

static int has_prefix(const char *s, const char *p)
{
    return s && strncmp(s, p, strlen(p)) == 0;
}

/* The revisions selected by sq that v may read and that concern stix_id, loaded. */
static int select_revs(intel *in, const store_advisory_taxii *sq, const char *stix_id, revs *r,
                       gisac_err *err)
{
    int rc;
    if (has_prefix(stix_id, report_pfx))
        rc = store_advisory_taxii_by_stix_id(intel_store(in), sq, stix_id, revs_cb, r, err);
    else if (has_prefix(stix_id, vuln_pfx))
        rc = store_advisory_taxii_citing(intel_store(in), sq, stix_id, revs_cb, r, err);
    else
        return 0;
    if (rc == 0 && r->oom)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    return rc;
}

/* Position of the vulnerability stix_id among a's entries, or -1. */
static long vuln_pos(const advisory *a, const char *stix_id)
{
    for (size_t i = 0; i < a->ncves; i++)
        if (strcmp(a->cves[i].stix_id, stix_id) == 0)
            return (long)i;
    return -1;
}

/*
 * The object stix_id in each revision sq selects, as q->viewer sees it,
 * oldest first: fn gets each revision that holds it and its position there
 * (ncves: the report). A vulnerability is one object, as of the first
 * revision citing it. GISAC_ENOTFOUND when no revision holds it.
 */
typedef int (*version_fn)(void *arg, const advisory *a, size_t pos);

static int each_version(intel *in, const advisory_taxii_query *q, const store_advisory_taxii *sq,
                        const char *stix_id, version_fn fn, void *arg, gisac_err *err)
{
    int is_report = has_prefix(stix_id, report_pfx);
    revs r = {NULL, 0, 0, 0};
    int rc = select_revs(in, sq, stix_id, &r, err);
    size_t found = 0;
    for (size_t i = 0; rc == 0 && i < r.n && (is_report || !found); i++) {
        advisory *a;
        rc = load_rev(in, r.v[i].id, &q->viewer, &a, err);
        if (rc < 0 || !a)
            continue; /* a failure ends the walk, a hidden revision is passed over */
        long pos = is_report ? (long)a->ncves : vuln_pos(a, stix_id);
        if (pos >= 0) {
            rc = fn(arg, a, (size_t)pos);
            found++;
        }
        advisory_free(a);
    }
    free(r.v);
    if (rc == 0 && !found)
        rc = gisac_err_set(err, GISAC_ENOTFOUND, "%.100s: no such object", stix_id);
    return rc;
}

/* ---- pages ------------------------------------------------------------------ */

static int first_one(void *arg, const advisory *a, size_t pos)
{
    (void)pos;
    *(int64_t *)arg = a->rev_id;
    return 0;
}

/* Vulnerabilities already placed: the revision each is an entry of. */
typedef struct placed {
    const char *id; /* a copy (the advisory_cve's lives as long as its revision) */
    int64_t rev;
} placed;

typedef struct placed_set {
    placed *v;
    size_t n, cap;
    int oom;
} placed_set;

static void placed_free(placed_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        free((char *)s->v[i].id);
    free(s->v);
}

/*
 * 1 when the vulnerability at pos of revision a is an entry of a: a is the
 * first revision sq0 selects that the viewer may read and that cites it.
 */
static int vuln_entry_of(intel *in, const advisory_taxii_query *q, const store_advisory_taxii *sq0,
                         placed_set *ps, const advisory *a, size_t pos, int *rc, gisac_err *err)
{
    const char *vid = a->cves[pos].stix_id;
    for (size_t i = 0; i < ps->n; i++)
        if (strcmp(ps->v[i].id, vid) == 0)
            return ps->v[i].rev == a->rev_id;
    int64_t first = a->rev_id;
    *rc = each_version(in, q, sq0, vid, first_one, &first, err);
    if (*rc == GISAC_ENOTFOUND) /* cannot be: a cites it */
        *rc = 0;
    placed p = {strdup(vid), first};
    if (*rc == 0 &&
        (!p.id || gisac_push_or_stop(&ps->v, &ps->n, &ps->cap, sizeof p, 16, &p, &ps->oom) != 0 ||
         ps->oom)) {
        free((char *)p.id);
        *rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    return *rc == 0 && first == a->rev_id;
}

int advisory_taxii_page_get(intel *in, const advisory_taxii_query *q, advisory_taxii_page *page,
                            gisac_err *err)
{
    memset(page, 0, sizeof *page);
    int rc = check_query(q, err);
    if (rc < 0)
        return rc;
    store_advisory_taxii sq, sq0;
    store_query(q, &sq);
    sq0 = sq; /* where a vulnerability is placed: whatever added_after and the cursor */
    sq0.added_after = 0;
    int64_t cur[3] = {0, 0, 0}; /* published, revision row, position */
    if (q->next) {
        /* sealed (intel_cursor_seal): it tells nothing of revisions the reader may not see */
        if (intel_cursor_open(in, q->next, cur, 3, err) < 0)
            return gisac_err_set(err, GISAC_EINVAL, "next: not a cursor of this collection");
        sq.cursor_published = cur[0];
        sq.cursor_rev = cur[1];
        sq.has_cursor = 1;
    }
    int64_t cur_pos = cur[2];
    sq.limit = BATCH;
    int64_t first_rev = sq.has_cursor ? sq.cursor_rev : -1;
    int done = 0;
    revs r = {NULL, 0, 0, 0};
    placed_set ps = {NULL, 0, 0, 0};
    while (rc == 0 && !done) {
        r.n = 0;
        rc = store_advisory_taxii_revs(intel_store(in), &sq, revs_cb, &r, err);
        if (rc == 0 && r.oom)
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        for (size_t i = 0; rc == 0 && i < r.n && !done; i++) {
            advisory *a;
            rc = load_rev(in, r.v[i].id, &q->viewer, &a, err);
            if (rc < 0 || !a)
                continue; /* a failure ends the walk, a hidden revision is passed over */
            for (size_t pos = 0; rc == 0 && pos <= a->ncves; pos++) {
                if (r.v[i].id == first_rev && (int64_t)pos < cur_pos)
                    continue;
                int is_report = pos == a->ncves;
                if (!wanted_type(q, is_report ? ADVISORY_TAXII_REPORT : ADVISORY_TAXII_VULN) ||
                    !wanted_id(q, is_report ? a->stix_id : a->cves[pos].stix_id))
                    continue;
                if (!is_report && !vuln_entry_of(in, q, &sq0, &ps, a, pos, &rc, err))
                    continue;
                if (q->manifest
                        ? page->count == q->limit
                        : !intel_taxii_page_admit(page, q->limit, is_report ? a->tlp : TLP_CLEAR)) {
                    page->more = 1;
                    rc = intel_cursor_seal(in, (int64_t[]){a->modified, r.v[i].id, (int64_t)pos}, 3,
                                           page->next, sizeof page->next, err);
                    done = 1;
                    break;
                }
                rc = emit(in, page, q->manifest, a, pos, a->modified);
            }
            advisory_free(a);
        }
        if (rc < 0 || r.n < sq.limit)
            break;
        sq.has_cursor = 1;
        sq.cursor_published = r.v[r.n - 1].published;
        sq.cursor_rev = r.v[r.n - 1].id + 1;
    }
    free(r.v);
    placed_free(&ps);
    if (rc == 0 && !q->manifest)
        rc = intel_taxii_page_refs(in, page, err);
    if (rc == GISAC_ENOMEM && !err->msg[0])
        gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    return rc;
}

typedef struct object_ctx {
    const intel *in;
    advisory_taxii_page *page;
    int manifest;
} object_ctx;

static int object_one(void *arg, const advisory *a, size_t pos)
{
    object_ctx *c = arg;
    return emit(c->in, c->page, c->manifest, a, pos, a->modified);
}

int advisory_taxii_object_get(intel *in, const advisory_taxii_query *q, const char *stix_id,
                              advisory_taxii_page *page, gisac_err *err)
{
    memset(page, 0, sizeof *page);
    store_advisory_taxii sq;
    store_query(q, &sq);
    sq.added_after = 0;
    int is_report = has_prefix(stix_id, report_pfx);
    if (!wanted_type(q, is_report ? ADVISORY_TAXII_REPORT : ADVISORY_TAXII_VULN))
        return gisac_err_set(err, GISAC_ENOTFOUND, "%.100s: no such object", stix_id);
    object_ctx c = {in, page, q->manifest};
    return each_version(in, q, &sq, stix_id, object_one, &c, err);
}

typedef struct versions_ctx {
    gisac_buf *out;
    size_t *count;
    int64_t *first_added, *last_added;
    gisac_err *err;
} versions_ctx;

static int version_one(void *arg, const advisory *a, size_t pos)
{
    versions_ctx *c = arg;
    char tv[GISAC_TIME_LEN];
    gisac_time_format_ms(pos == a->ncves ? report_version(a) : a->cves[pos].created, tv);
    int rc = 0;
    if (gisac_buf_printf(c->out, "%s\"%s\"", *c->count ? "," : "", tv) < 0)
        rc = gisac_err_set(c->err, GISAC_ENOMEM, "out of memory");
    if (!*c->count)
        *c->first_added = a->modified;
    *c->last_added = a->modified;
    (*c->count)++;
    return rc;
}

int advisory_taxii_versions(intel *in, const advisory_taxii_query *q, const char *stix_id,
                            gisac_buf *out, size_t *count, int64_t *first_added,
                            int64_t *last_added, gisac_err *err)
{
    *count = 0;
    *first_added = *last_added = 0;
    store_advisory_taxii sq;
    store_query(q, &sq);
    sq.versions = STORE_ADV_ALL;
    sq.ntimes = 0;
    sq.added_after = 0;
    versions_ctx c = {out, count, first_added, last_added, err};
    return each_version(in, q, &sq, stix_id, version_one, &c, err);
}
