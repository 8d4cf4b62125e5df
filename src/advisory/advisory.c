/*
 * advisory.c: ids, validation, publishing (new advisories and revisions),
 * reading as a viewer, lists, counts and the JSON shape (advisory.h).
 */
#include "advisory/advisory_internal.h"
#include "notify/notify.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define ID_PREFIX "GISAC-ADV-"

/* ---- vocabularies ------------------------------------------------------- */

static const char *const sev_names[] = {"", "low", "medium", "high", "critical"};

const char *advisory_severity_name(advisory_severity s)
{
    return s >= ADVISORY_SEV_NONE && s <= ADVISORY_SEV_CRITICAL ? sev_names[s] : "";
}

advisory_severity advisory_severity_parse(const char *s)
{
    for (int i = ADVISORY_SEV_LOW; s && i <= ADVISORY_SEV_CRITICAL; i++)
        if (strcasecmp(s, sev_names[i]) == 0)
            return (advisory_severity)i;
    return ADVISORY_SEV_NONE;
}

static const char *const field_names[] = {
    [ADVISORY_F_NONE] = "",
    [ADVISORY_F_REVISE] = "revise",
    [ADVISORY_F_TITLE] = "title",
    [ADVISORY_F_SEVERITY] = "severity",
    [ADVISORY_F_TLP] = "tlp",
    [ADVISORY_F_RECIPIENTS] = "recipients",
    [ADVISORY_F_BODY] = "body",
    [ADVISORY_F_LANG] = "lang",
    [ADVISORY_F_INDICATORS] = "indicators",
    [ADVISORY_F_CVES] = "cves",
};

const char *advisory_field_name(advisory_field f)
{
    return f >= ADVISORY_F_NONE && f <= ADVISORY_F_CVES ? field_names[f] : "";
}

/* ---- ids ------------------------------------------------------------------ */

void advisory_id_format(int year, int64_t seq, char out[ADVISORY_ID_MAX])
{
    /* ranges the id can hold (and the compiler can see) */
    unsigned y = year < 0 ? 0u : year > 9999 ? 9999u : (unsigned)year;
    unsigned long q = seq < 0 ? 0ul : seq > 99999999 ? 99999999ul : (unsigned long)seq;
    snprintf(out, ADVISORY_ID_MAX, ID_PREFIX "%04u-%04lu", y, q);
}

/* s[0..n) as a decimal number without sign; -1 when not digits or too long */
static int64_t digits(const char *s, size_t n)
{
    if (n == 0 || n > 15)
        return -1;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int advisory_id_parse(const char *s, char out[ADVISORY_ID_MAX], int *year, int64_t *seq,
                      gisac_err *err)
{
    static const size_t pl = sizeof ID_PREFIX - 1;
    size_t n = s ? strlen(s) : 0;
    const char *dash = n > pl ? strchr(s + pl, '-') : NULL;
    int64_t y = -1, q = -1;
    if (n > pl && n < ADVISORY_ID_MAX && strncasecmp(s, ID_PREFIX, pl) == 0 && dash &&
        dash - (s + pl) == 4) {
        y = digits(s + pl, 4);
        size_t ql = n - (size_t)(dash + 1 - s);
        /* four digits at least; more only without a leading zero */
        if (ql >= 4 && !(ql > 4 && dash[1] == '0'))
            q = digits(dash + 1, ql);
    }
    if (y < 1970 || q < 1)
        return gisac_err_set(err, GISAC_EINVAL,
                             "'%.100s' is not an advisory id (GISAC-ADV-YYYY-NNNN)", s ? s : "");
    if (out)
        advisory_id_format((int)y, q, out);
    if (year)
        *year = (int)y;
    if (seq)
        *seq = q;
    return 0;
}

static void uuid_id(const gisac_identity *ident, const char *prefix, const char *kind,
                    const char *name, char *out, size_t cap)
{
    char buf[128], u[GISAC_UUID_LEN];
    int n = snprintf(buf, sizeof buf, "%s:%s", kind, name);
    size_t len = n < 0 ? 0 : (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1;
    gisac_identity_uuid5(ident, buf, len, u);
    snprintf(out, cap, "%s--%s", prefix, u);
}

void advisory_stix_id(const gisac_identity *ident, const char *id, char out[ADVISORY_STIX_ID_LEN])
{
    uuid_id(ident, "report", "advisory", id, out, ADVISORY_STIX_ID_LEN);
}

void advisory_vulnerability_id(const gisac_identity *ident, const char *cve,
                               char out[ADVISORY_STIX_ID_LEN])
{
    uuid_id(ident, "vulnerability", "vulnerability", cve, out, ADVISORY_STIX_ID_LEN);
}

void advisory_taxii_collection_id(char out[GISAC_UUID_LEN])
{
    static const char name[] = "collection:advisories";
    gisac_uuid5(GISAC_UUID_NS, name, sizeof name - 1, out);
}

int advisory_cve_parse(const char *s, char out[ADVISORY_CVE_MAX], gisac_err *err)
{
    size_t n = s ? strlen(s) : 0;
    int ok = n >= 13 && n <= 4 + 4 + 1 + 19 && strncasecmp(s, "CVE-", 4) == 0 && s[8] == '-';
    if (ok) {
        int64_t y = digits(s + 4, 4);
        ok = y >= 1999;
        for (size_t i = 9; ok && i < n; i++)
            ok = s[i] >= '0' && s[i] <= '9';
        ok = ok && !(n - 9 > 4 && s[9] == '0');
    }
    if (!ok)
        return gisac_err_set(err, GISAC_EINVAL, "'%.100s' is not a CVE id (CVE-YYYY-NNNN)",
                             s ? s : "");
    snprintf(out, ADVISORY_CVE_MAX, "CVE-%s", s + 4);
    return 0;
}

/* ---- text checks ------------------------------------------------------------ */

/*
 * Check s[0..n) is UTF-8 without control characters (but tab, CR and LF
 * when text is set); *chars counts code points. 0, -1 not UTF-8, -2 a
 * control character.
 */
static int utf8_check(const char *s, size_t n, int text, size_t *chars)
{
    if (!gisac_utf8_valid(s, n, chars))
        return -1;
    /* C0 controls and DEL are single bytes; C1 (U+0080..U+009F) is C2 80..C2 9F */
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = p[i];
        if ((b < 0x20 && !(text && (b == '\t' || b == '\n' || b == '\r'))) || b == 0x7f ||
            (b == 0xc2 && i + 1 < n && p[i + 1] < 0xa0))
            return -2;
    }
    return 0;
}

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* ---- loading --------------------------------------------------------------- */

typedef struct grow {
    void *v;
    size_t n, cap, size;
    int oom;
} grow;

static void *grow_add(grow *g)
{
    void *v = gisac_grow(g->v, g->n, &g->cap, g->size, 8);
    if (!v) {
        g->oom = 1;
        return NULL;
    }
    g->v = v;
    return (char *)g->v + g->size * g->n++;
}

/* Copy a grow list into the arena; NULL for an empty one. 0 or -1. */
static int grow_keep(grow *g, gisac_arena *a, const void **out)
{
    *out = NULL;
    if (!g->n)
        return 0;
    void *d = gisac_arena_alloc(a, g->n * g->size);
    if (!d)
        return -1;
    memcpy(d, g->v, g->n * g->size);
    *out = d;
    return 0;
}

typedef struct load_ctx {
    intel *in;
    const advisory_viewer *v;
    gisac_arena *arena;
    grow list;
    int oom;
    int rc;
    gisac_err *err;
} load_ctx;

static int ind_cb(void *ctx, const store_advisory_ind *r)
{
    load_ctx *l = ctx;
    /* a reader below staff: the indicator as it sees it (its STIX id and TLP are
     * those of the sources it may read), or nothing when it may read none */
    const char *stix_id = r->stix_id;
    gisac_tlp tlp = r->tlp;
    gisac_arena *seen_a = NULL;
    if (!adv_is_staff(l->v)) {
        store_view sv = {l->v->max_tlp, l->v->recipient, TLP_UNSET};
        store_indicator seen;
        if (!(seen_a = gisac_arena_new(1024))) {
            l->oom = 1;
            return 1;
        }
        int rc = store_indicator_find_as(intel_store(l->in), &sv, r->type, r->value, &seen, seen_a,
                                         l->err);
        if (rc == GISAC_ENOTFOUND) {
            gisac_arena_free(seen_a);
            return 0;
        }
        if (rc < 0) {
            gisac_arena_free(seen_a);
            l->rc = rc;
            return 1;
        }
        stix_id = seen.stix_id;
        tlp = seen.tlp;
    }
    advisory_indicator *x = grow_add(&l->list);
    char sid[INTEL_ID_LEN];
    if (!x) {
        gisac_arena_free(seen_a);
        l->oom = 1;
        return 1;
    }
    intel_indicator_id(intel_identity(l->in), r->type, r->value, stix_id, sid);
    gisac_arena_free(seen_a);
    x->type = r->type;
    x->value = gisac_arena_strdup(l->arena, r->value);
    x->stix_id = gisac_arena_strdup(l->arena, sid);
    x->tlp = tlp;
    x->row_id = r->indicator_id;
    l->oom |= !x->value || !x->stix_id;
    return l->oom;
}

/* The next element of the list being loaded, or NULL with l->oom set when
 * out of memory (the callback then returns 1 to stop the iteration). */
static void *load_add(load_ctx *l)
{
    void *x = grow_add(&l->list);
    l->oom |= !x;
    return x;
}

static int cve_cb(void *ctx, const store_advisory_cve *c)
{
    load_ctx *l = ctx;
    advisory_cve *x = load_add(l);
    if (!x)
        return 1;
    x->id = gisac_arena_strdup(l->arena, c->cve);
    x->stix_id = gisac_arena_strdup(l->arena, c->stix_id);
    x->created = c->created;
    l->oom |= !x->id || !x->stix_id;
    return l->oom;
}

static int name_cb(void *ctx, const char *name)
{
    load_ctx *l = ctx;
    const char **x = load_add(l);
    if (x && !(*x = gisac_arena_strdup(l->arena, name)))
        l->oom = 1;
    return l->oom;
}

static int hist_cb(void *ctx, const store_advisory_hist *h)
{
    load_ctx *l = ctx;
    advisory_version *x = load_add(l);
    if (!x)
        return 1;
    x->revision = h->revision;
    x->published = h->published;
    x->author = gisac_arena_strdup(l->arena, h->author ? h->author : "");
    l->oom |= !x->author;
    return l->oom;
}

void advisory_free(advisory *a)
{
    if (!a)
        return;
    gisac_arena_free(a->arena);
    free(a);
}

/* Run one list read into l->list and keep it in the arena as *out, *n. */
#define LOAD_LIST(call, type, outp, outn)                                                          \
    do {                                                                                           \
        free(l.list.v); /* capacity counts elements of the last size */                            \
        l.list.v = NULL;                                                                           \
        l.list.n = l.list.cap = 0;                                                                 \
        l.list.size = sizeof(type);                                                                \
        l.rc = 0;                                                                                  \
        if (rc == 0)                                                                               \
            rc = (call);                                                                           \
        if (rc == 0 && l.rc < 0)                                                                   \
            rc = l.rc;                                                                             \
        const void *kept = NULL;                                                                   \
        if (rc == 0 && (l.oom || grow_keep(&l.list, a->arena, &kept) < 0))                         \
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");                                \
        if (rc == 0) {                                                                             \
            (outp) = kept;                                                                         \
            (outn) = l.list.n;                                                                     \
        }                                                                                          \
    } while (0)

int adv_load(intel *in, const store_advisory *row, const advisory_viewer *v, advisory **out,
             gisac_err *err)
{
    *out = NULL;
    store *st = intel_store(in);
    advisory *a = calloc(1, sizeof *a);
    if (!a || !(a->arena = gisac_arena_new(8192))) {
        free(a);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    snprintf(a->id, sizeof a->id, "%s", row->ref ? row->ref : "");
    snprintf(a->stix_id, sizeof a->stix_id, "%s", row->stix_id ? row->stix_id : "");
    a->year = row->year;
    a->seq = row->seq;
    a->revision = row->revision;
    a->latest = row->latest;
    a->severity = advisory_severity_parse(row->severity);
    a->tlp = row->tlp;
    a->published = row->published;
    a->modified = row->rev_published;
    a->row_id = row->id;
    a->rev_id = row->rev_id;
    a->title = gisac_arena_strdup(a->arena, row->title ? row->title : "");
    a->body = gisac_arena_strdup(a->arena, row->body ? row->body : "");
    a->lang = gisac_arena_strdup(a->arena, row->lang ? row->lang : "");
    a->author = gisac_arena_strdup(a->arena, row->author ? row->author : "");
    int rc = a->title && a->body && a->lang && a->author
                 ? 0
                 : gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    load_ctx l = {.in = in, .v = v, .arena = a->arena, .err = err};

    const void *p = NULL;
    size_t n = 0;
    LOAD_LIST(store_advisory_recipients(st, a->rev_id, name_cb, &l, err), const char *, p, n);
    a->recipients = p;
    a->nrecipients = n;
    int staff = adv_is_staff(v);
    if (rc == 0 && !staff && a->tlp > v->max_tlp) {
        int listed = 0;
        for (size_t i = 0; v->recipient && i < a->nrecipients; i++)
            listed |= strcmp(a->recipients[i], v->recipient) == 0;
        if (!listed)
            rc = GISAC_ENOTFOUND;
    }
    if (!staff) {
        a->recipients = NULL;
        a->nrecipients = 0;
    }
    a->recipients_shown = staff;
    LOAD_LIST(store_advisory_indicators(st, a->rev_id, ind_cb, &l, err), advisory_indicator, p, n);
    a->indicators = p;
    a->nindicators = n;
    LOAD_LIST(store_advisory_cves(st, a->rev_id, cve_cb, &l, err), advisory_cve, p, n);
    a->cves = p;
    a->ncves = n;
    if (rc == 0 && !a->nindicators && !a->ncves)
        rc = GISAC_ENOTFOUND; /* nothing it cites is for this reader */
    LOAD_LIST(store_advisory_history(st, a->row_id, hist_cb, &l, err), advisory_version, p, n);
    a->history = p;
    a->nhistory = n;
    free(l.list.v);
    if (rc == GISAC_ENOTFOUND)
        rc = gisac_err_set(err, GISAC_ENOTFOUND, "advisory %s: not found", a->id);
    if (rc < 0) {
        advisory_free(a);
        return rc;
    }
    *out = a;
    return 0;
}

int advisory_get(intel *in, const char *id, int revision, const advisory_viewer *v, advisory **out,
                 gisac_err *err)
{
    *out = NULL;
    char ref[ADVISORY_ID_MAX];
    int rc = advisory_id_parse(id, ref, NULL, NULL, err);
    if (rc < 0)
        return rc;
    if (revision < 0)
        return gisac_err_set(err, GISAC_EINVAL, "revision %d: use 1, 2, ...", revision);
    gisac_arena *tmp = gisac_arena_new(4096);
    if (!tmp)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    store_advisory row;
    rc = store_advisory_get(intel_store(in), ref, revision, &row, tmp, err);
    if (rc == 0)
        rc = adv_load(in, &row, v, out, err);
    gisac_arena_free(tmp);
    return rc;
}

/* ---- lists -------------------------------------------------------------------- */

typedef struct rowref {
    int64_t rev_id;
    int year;
    int64_t seq;
} rowref;

static int collect_cb(void *ctx, const store_advisory *a)
{
    grow *g = ctx;
    rowref *r = grow_add(g);
    if (!r)
        return 1;
    r->rev_id = a->rev_id;
    r->year = a->year;
    r->seq = a->seq;
    return 0;
}

#define LIST_BATCH 256

static int list_run(intel *in, const advisory_filter *f, const advisory_viewer *v, int after_year,
                    int64_t after_seq, size_t limit, advisory_cb cb, void *ctx,
                    char next[ADVISORY_ID_MAX], int *more, gisac_err *err)
{
    store *st = intel_store(in);
    store_advisory_filter sf;
    memset(&sf, 0, sizeof sf);
    sf.year = f ? f->year : 0;
    sf.severity =
        f && f->severity != ADVISORY_SEV_NONE ? advisory_severity_name(f->severity) : NULL;
    sf.after_year = after_year;
    sf.after_seq = after_seq;
    sf.max_tlp = v ? v->max_tlp : TLP_UNSET;
    sf.recipient = v ? v->recipient : NULL;
    sf.limit = LIST_BATCH;
    int no_more = 0;
    if (!more)
        more = &no_more;
    *more = 0;
    if (next)
        next[0] = '\0';
    size_t given = 0;
    grow g = {NULL, 0, 0, sizeof(rowref), 0};
    gisac_arena *tmp = gisac_arena_new(4096);
    int rc = tmp ? 0 : gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    int done = 0;
    /* batches of rows from the store; each is loaded as v sees it (which
     * may hide it), so a page may need more than one batch */
    while (rc == 0 && !done) {
        g.n = 0;
        rc = store_advisory_iter(st, &sf, collect_cb, &g, err);
        if (rc == 0 && g.oom)
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        for (size_t i = 0; rc == 0 && i < g.n && !done; i++) {
            const rowref *r = (const rowref *)g.v + i;
            store_advisory row;
            advisory *a = NULL;
            gisac_arena_reset(tmp);
            rc = store_advisory_get_rev(st, r->rev_id, &row, tmp, err);
            if (rc == 0)
                rc = adv_load(in, &row, v, &a, err);
            if (rc == GISAC_ENOTFOUND) {
                rc = 0;
                continue;
            }
            if (rc < 0)
                break;
            if (limit && given == limit) {
                *more = 1;
                done = 1;
            } else {
                done = cb(ctx, a) != 0;
                if (next)
                    snprintf(next, ADVISORY_ID_MAX, "%s", a->id);
                given++;
            }
            advisory_free(a);
        }
        if (rc < 0 || g.n < sf.limit)
            break;
        const rowref *last = (const rowref *)g.v + (g.n - 1);
        sf.after_year = last->year;
        sf.after_seq = last->seq;
    }
    free(g.v);
    gisac_arena_free(tmp);
    return rc;
}

int advisory_list(intel *in, const advisory_filter *f, const advisory_viewer *v, advisory_cb cb,
                  void *ctx, gisac_err *err)
{
    return list_run(in, f, v, 0, 0, 0, cb, ctx, NULL, NULL, err);
}

int advisory_list_page(intel *in, const advisory_filter *f, const advisory_viewer *v,
                       const char *cursor, size_t limit, advisory_cb cb, void *ctx,
                       char next[ADVISORY_ID_MAX], int *more, gisac_err *err)
{
    int year = 0;
    int64_t seq = 0;
    *more = 0;
    next[0] = '\0';
    if (limit < 1 || limit > ADVISORY_LIST_MAX)
        return gisac_err_set(err, GISAC_EINVAL, "limit %zu: use 1 to %d", limit, ADVISORY_LIST_MAX);
    if (cursor && advisory_id_parse(cursor, NULL, &year, &seq, NULL) < 0)
        return gisac_err_set(err, GISAC_EINVAL, "cursor '%.100s' is not an advisory id", cursor);
    return list_run(in, f, v, year, seq, limit, cb, ctx, next, more, err);
}

int advisory_count(intel *in, int64_t from, int64_t to, int64_t *n, gisac_err *err)
{
    return store_advisory_count(intel_store(in), from, to, n, err);
}

/* ---- publishing -------------------------------------------------------------- */

typedef struct draft {
    const char *title, *body, *lang;
    advisory_severity severity;
    gisac_tlp tlp;
    const char **recipients;
    size_t nrecipients;
    int64_t *ind_ids; /* row ids */
    const char **ind_values;
    gisac_tlp *ind_tlps;
    size_t nind;
    char (*cves)[ADVISORY_CVE_MAX];
    size_t ncves;
} draft;

static void draft_free(draft *d)
{
    free(d->recipients);
    free(d->ind_ids);
    free(d->ind_values);
    free(d->ind_tlps);
    free(d->cves);
}

static int bad(advisory_where *where, advisory_field f, long index)
{
    if (where) {
        where->field = f;
        where->index = index;
    }
    return GISAC_EINVAL;
}

/* Replaces a draft list: frees `old`, sets *count (when given) to 0 and
 * returns a zeroed array of n + 1 elements of `size` bytes (NULL when out of
 * memory). The caller owns the array. */
static void *renew_list(void *old, size_t *count, size_t n, size_t size)
{
    free(old);
    if (count)
        *count = 0;
    return calloc(n + 1, size);
}

/* Refuses a list of `n` items longer than `max`: sets err ("more than MAX
 * <what>") and the field, and returns GISAC_EINVAL; 0 when the list fits. */
static int check_count(size_t n, int max, const char *what, advisory_field f, advisory_where *where,
                       gisac_err *err)
{
    if (n <= (size_t)max)
        return 0;
    gisac_err_set(err, GISAC_EINVAL, "more than %d %s", max, what);
    return bad(where, f, -1);
}

static int check_title(const char *s, gisac_arena *a, const char **out, gisac_err *err)
{
    while (is_space(*s))
        s++;
    size_t n = strlen(s), chars = 0;
    while (n && is_space(s[n - 1]))
        n--;
    if (n == 0)
        return gisac_err_set(err, GISAC_EINVAL, "the title is empty");
    int u = utf8_check(s, n, 0, &chars);
    if (u == -1)
        return gisac_err_set(err, GISAC_EINVAL, "the title is not valid UTF-8");
    if (u == -2)
        return gisac_err_set(err, GISAC_EINVAL, "the title holds a control character");
    if (chars > ADVISORY_TITLE_MAX)
        return gisac_err_set(err, GISAC_EINVAL, "the title is longer than %d characters",
                             ADVISORY_TITLE_MAX);
    *out = gisac_arena_strndup(a, s, n);
    return *out ? 0 : gisac_err_set(err, GISAC_ENOMEM, "out of memory");
}

static int check_body(const char *s, gisac_arena *a, const char **out, gisac_err *err)
{
    size_t n = strlen(s);
    while (n && is_space(s[n - 1]))
        n--;
    size_t lead = 0;
    while (lead < n && (s[lead] == '\n' || s[lead] == '\r'))
        lead++;
    if (n == lead)
        return gisac_err_set(err, GISAC_EINVAL, "the body is empty");
    if (n > ADVISORY_BODY_MAX)
        return gisac_err_set(err, GISAC_EINVAL, "the body is longer than %d bytes",
                             ADVISORY_BODY_MAX);
    int u = utf8_check(s, n, 1, NULL);
    if (u == -1)
        return gisac_err_set(err, GISAC_EINVAL, "the body is not valid UTF-8");
    if (u == -2)
        return gisac_err_set(err, GISAC_EINVAL,
                             "the body holds a control character (only tab, CR and LF may be)");
    *out = gisac_arena_strndup(a, s + lead, n - lead);
    return *out ? 0 : gisac_err_set(err, GISAC_ENOMEM, "out of memory");
}

static const char *lang_of(const char *s)
{
    if (strcasecmp(s, "zh-TW") == 0 || strcasecmp(s, "zh_TW") == 0)
        return "zh-TW";
    if (strcasecmp(s, "en") == 0)
        return "en";
    return NULL;
}

static int tlp_of(const char *s, gisac_tlp *out, gisac_err *err)
{
    if (tlp_from_name(s, strlen(s), out) < 0)
        return gisac_err_set(err, GISAC_EINVAL,
                             "TLP '%.50s': use clear, green, amber, amber+strict or red", s);
    return 0;
}

/* The lists of the latest revision, as the draft's starting point. */
static int base_lists(const advisory *b, draft *d, gisac_err *err)
{
    size_t ni = b->nindicators, nc = b->ncves, nr = b->nrecipients;
    d->ind_ids = calloc(ni + 1, sizeof *d->ind_ids);
    d->ind_values = calloc(ni + 1, sizeof *d->ind_values);
    d->ind_tlps = calloc(ni + 1, sizeof *d->ind_tlps);
    d->cves = calloc(nc + 1, sizeof *d->cves);
    d->recipients = calloc(nr + 1, sizeof *d->recipients);
    if (!d->ind_ids || !d->ind_values || !d->ind_tlps || !d->cves || !d->recipients)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    for (size_t i = 0; i < ni; i++) {
        d->ind_ids[i] = b->indicators[i].row_id;
        d->ind_values[i] = b->indicators[i].value;
        d->ind_tlps[i] = b->indicators[i].tlp;
    }
    d->nind = ni;
    for (size_t i = 0; i < nc; i++)
        snprintf(d->cves[i], ADVISORY_CVE_MAX, "%s", b->cves[i].id);
    d->ncves = nc;
    for (size_t i = 0; i < nr; i++)
        d->recipients[i] = b->recipients[i];
    d->nrecipients = nr;
    return 0;
}

static int set_recipients(intel *in, const advisory_input *v, draft *d, gisac_arena *a,
                          advisory_where *where, gisac_err *err)
{
    int bad_count = check_count(v->nrecipients, ADVISORY_RECIPIENTS_MAX, "recipients",
                                ADVISORY_F_RECIPIENTS, where, err);
    if (bad_count)
        return bad_count;
    d->recipients =
        renew_list(d->recipients, &d->nrecipients, v->nrecipients, sizeof *d->recipients);
    if (!d->recipients)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    for (size_t i = 0; i < v->nrecipients; i++) {
        const char *r = v->recipients[i] ? v->recipients[i] : "";
        store_agency ag;
        int rc = store_agency_get(intel_store(in), r, &ag, a, err);
        if (rc == GISAC_ENOTFOUND) {
            gisac_err_set(err, GISAC_EINVAL, "recipient '%.100s': no such agency", r);
            return bad(where, ADVISORY_F_RECIPIENTS, (long)i);
        }
        if (rc < 0)
            return rc;
        int dup = 0;
        for (size_t k = 0; k < d->nrecipients; k++)
            dup |= strcmp(d->recipients[k], ag.id) == 0;
        if (!dup)
            d->recipients[d->nrecipients++] = ag.id;
    }
    return 0;
}

static int set_indicators(intel *in, const advisory_input *v, draft *d, gisac_arena *a,
                          advisory_where *where, gisac_err *err)
{
    int bad_count = check_count(v->nindicators, ADVISORY_INDICATORS_MAX, "indicators",
                                ADVISORY_F_INDICATORS, where, err);
    if (bad_count)
        return bad_count;
    size_t n = v->nindicators;
    d->ind_ids = renew_list(d->ind_ids, &d->nind, n, sizeof *d->ind_ids);
    d->ind_values = renew_list(d->ind_values, NULL, n, sizeof *d->ind_values);
    d->ind_tlps = renew_list(d->ind_tlps, NULL, n, sizeof *d->ind_tlps);
    char *norm = malloc(IOC_VALUE_MAX);
    int rc = d->ind_ids && d->ind_values && d->ind_tlps && norm
                 ? 0
                 : gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    for (size_t i = 0; rc == 0 && i < v->nindicators; i++) {
        const char *raw = v->indicators[i] ? v->indicators[i] : "";
        ioc_type type;
        gisac_err e2 = GISAC_ERR_INIT;
        if (ioc_normalise(IOC_AUTO, raw, strlen(raw), norm, IOC_VALUE_MAX, &type, NULL, &e2) < 0) {
            gisac_err_set(err, GISAC_EINVAL, "indicator '%.200s': %s", raw, e2.msg);
            rc = bad(where, ADVISORY_F_INDICATORS, (long)i);
            break;
        }
        store_indicator ind;
        rc = store_indicator_find(intel_store(in), type, norm, &ind, a, err);
        if (rc == GISAC_ENOTFOUND) {
            gisac_err_set(err, GISAC_EINVAL,
                          "indicator '%.200s' (%s) is not in the store: import it first", norm,
                          ioc_type_name(type));
            rc = bad(where, ADVISORY_F_INDICATORS, (long)i);
            break;
        }
        if (rc < 0)
            break;
        int dup = 0;
        for (size_t k = 0; k < d->nind; k++)
            dup |= d->ind_ids[k] == ind.id;
        if (dup)
            continue;
        d->ind_ids[d->nind] = ind.id;
        d->ind_values[d->nind] = gisac_arena_strdup(a, norm);
        d->ind_tlps[d->nind] = ind.tlp;
        if (!d->ind_values[d->nind])
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        d->nind++;
    }
    free(norm);
    return rc;
}

static int set_cves(const advisory_input *v, draft *d, advisory_where *where, gisac_err *err)
{
    int bad_count =
        check_count(v->ncves, ADVISORY_CVES_MAX, "CVE ids", ADVISORY_F_CVES, where, err);
    if (bad_count)
        return bad_count;
    d->cves = renew_list(d->cves, &d->ncves, v->ncves, sizeof *d->cves);
    if (!d->cves)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    for (size_t i = 0; i < v->ncves; i++) {
        char c[ADVISORY_CVE_MAX];
        if (advisory_cve_parse(v->cves[i], c, err) < 0)
            return bad(where, ADVISORY_F_CVES, (long)i);
        int dup = 0;
        for (size_t k = 0; k < d->ncves; k++)
            dup |= strcmp(d->cves[k], c) == 0;
        if (!dup)
            memcpy(d->cves[d->ncves++], c, sizeof c);
    }
    return 0;
}

/* The advisory may not reach further than any indicator it cites (advisory.h). */
static int check_reach(intel *in, const draft *d, advisory_where *where, gisac_err *err)
{
    for (size_t i = 0; i < d->nind; i++) {
        gisac_tlp t = d->ind_tlps[i];
        if (t > d->tlp) {
            gisac_err_set(err, GISAC_EINVAL,
                          "indicator '%.200s' is TLP:%s: an advisory citing it must be TLP:%s "
                          "or stricter",
                          d->ind_values[i], tlp_name(t), tlp_name(t));
            return bad(where, ADVISORY_F_INDICATORS, (long)i);
        }
        if (t <= TLP_GREEN)
            continue;
        for (size_t k = 0; k < d->nrecipients; k++) {
            int yes = 0;
            int rc =
                store_recipient_has(intel_store(in), d->ind_ids[i], d->recipients[k], &yes, err);
            if (rc < 0)
                return rc;
            if (!yes) {
                gisac_err_set(err, GISAC_EINVAL,
                              "indicator '%.200s' is TLP:%s and not meant for agency %s: every "
                              "recipient of the advisory must be one of the indicator's",
                              d->ind_values[i], tlp_name(t), d->recipients[k]);
                return bad(where, ADVISORY_F_INDICATORS, (long)i);
            }
        }
    }
    return 0;
}

/* 1 when the draft says exactly what revision b says */
static int same_as(const draft *d, const advisory *b)
{
    if (strcmp(d->title, b->title) || strcmp(d->body, b->body) || strcmp(d->lang, b->lang) ||
        d->severity != b->severity || d->tlp != b->tlp || d->nind != b->nindicators ||
        d->ncves != b->ncves || d->nrecipients != b->nrecipients)
        return 0;
    for (size_t i = 0; i < d->nind; i++)
        if (d->ind_ids[i] != b->indicators[i].row_id)
            return 0;
    for (size_t i = 0; i < d->ncves; i++)
        if (strcmp(d->cves[i], b->cves[i].id))
            return 0;
    for (size_t i = 0; i < d->nrecipients; i++) {
        int found = 0;
        for (size_t k = 0; k < b->nrecipients; k++)
            found |= strcmp(d->recipients[i], b->recipients[k]) == 0;
        if (!found)
            return 0;
    }
    return 1;
}

/* The local year of t in tz (NULL: UTC). */
static int year_of(int64_t t, const gisac_tz *tz)
{
    char date[GISAC_TIME_LEN];
    gisac_date_format_local(t, tz, date);
    return atoi(date);
}

static int audit(store *st, int64_t now, const char *action, const char *ref, const draft *d,
                 int revision, gisac_err *err)
{
    json_t *rec = json_array();
    for (size_t i = 0; rec && i < d->nrecipients; i++)
        json_array_append_new(rec, json_string(d->recipients[i]));
    json_t *o = json_pack("{s:i,s:s,s:s,s:s,s:s,s:o,s:I,s:I}", "revision", revision, "title",
                          d->title, "severity", advisory_severity_name(d->severity), "tlp",
                          tlp_name(d->tlp), "lang", d->lang, "recipients", rec ? rec : json_array(),
                          "indicators", (json_int_t)d->nind, "cves", (json_int_t)d->ncves);
    char *text = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    if (!text)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    int rc = store_audit_append(st, now, action, ref, text, err);
    free(text);
    return rc;
}

/* Where name_row writes the names of a new advisory. */
typedef struct advisory_names {
    char *ref; /* ADVISORY_ID_MAX bytes */
    char *sid; /* ADVISORY_STIX_ID_LEN bytes */
    const gisac_identity *ident;
} advisory_names;

/* The store numbered the new advisory: its id and STIX id follow from year and number. */
static int name_row(void *ctx, store_advisory *row, gisac_err *err)
{
    advisory_names *n = ctx;
    (void)err;
    advisory_id_format(row->year, row->seq, n->ref);
    advisory_stix_id(n->ident, n->ref, n->sid);
    row->ref = n->ref;
    row->stix_id = n->sid;
    return 0;
}

/*
 * advisory.published for the subscriptions of its readers, in the
 * publishing transaction: those of no agency and, for a clear or green
 * advisory, every agency's; for amber and red, its recipients'. The data
 * never names the recipients.
 */
static int notify_published(store *st, const char *ref, int revision, const draft *d, int64_t now,
                            gisac_err *err)
{
    char ts[GISAC_TIME_LEN];
    gisac_time_format(now, ts);
    gisac_buf data = GISAC_BUF_INIT, about = GISAC_BUF_INIT, subj = GISAC_BUF_INIT;
    int bad = gisac_buf_puts(&data, "{\"id\":");
    bad |= gisac_buf_json_str(&data, ref);
    bad |= gisac_buf_printf(&data, ",\"revision\":%d,\"title\":", revision);
    bad |= gisac_buf_json_str(&data, d->title ? d->title : "");
    bad |= gisac_buf_puts(&data, ",\"severity\":");
    bad |= gisac_buf_json_str(&data, advisory_severity_name(d->severity));
    bad |= gisac_buf_printf(&data, ",\"tlp\":\"%s\",\"published\":\"%s\"}", tlp_name(d->tlp), ts);
    bad |= gisac_buf_puts(&about, "{\"type\":\"advisory\",\"id\":");
    bad |= gisac_buf_json_str(&about, ref);
    bad |= gisac_buf_puts(&about, ",\"title\":");
    bad |= gisac_buf_json_str(&about, d->title ? d->title : "");
    bad |= gisac_buf_putc(&about, '}');
    bad |= gisac_buf_printf(&subj, "advisory %s (revision %d): %s", ref, revision,
                            d->title ? d->title : "");
    int rc =
        bad ? gisac_err_set(err, GISAC_ENOMEM, "out of memory")
            : notify_enqueue_about(st, "advisory.published", NULL, d->recipients, d->nrecipients,
                                   d->tlp <= TLP_GREEN, subj.data, data.data, about.data, now, err);
    gisac_buf_free(&data);
    gisac_buf_free(&about);
    gisac_buf_free(&subj);
    return rc < 0 ? rc : 0;
}

static int publish_tx(intel *in, const advisory_input *v, int64_t now, gisac_arena *a,
                      char ref_out[ADVISORY_ID_MAX], advisory_where *where, gisac_err *err)
{
    store *st = intel_store(in);
    advisory_viewer staff = ADVISORY_STAFF;
    advisory *base = NULL;
    draft d;
    memset(&d, 0, sizeof d);
    int rc = 0;
    char ref[ADVISORY_ID_MAX];

    if (v->revise) {
        if (advisory_id_parse(v->revise, ref, NULL, NULL, err) < 0)
            return bad(where, ADVISORY_F_REVISE, -1);
        rc = advisory_get(in, ref, 0, &staff, &base, err);
        if (rc < 0) {
            if (rc == GISAC_ENOTFOUND)
                bad(where, ADVISORY_F_REVISE, -1);
            return rc;
        }
        d.title = base->title;
        d.body = base->body;
        d.lang = base->lang;
        d.severity = base->severity;
        d.tlp = base->tlp;
        if ((rc = base_lists(base, &d, err)) < 0)
            goto out;
    } else {
        d.tlp = ADVISORY_DEFAULT_TLP;
        d.lang = ADVISORY_DEFAULT_LANG;
        if (!v->title) {
            gisac_err_set(err, GISAC_EINVAL, "a title is required");
            rc = bad(where, ADVISORY_F_TITLE, -1);
            goto out;
        }
        if (!v->severity) {
            gisac_err_set(err, GISAC_EINVAL,
                          "a severity is required (low, medium, high or critical)");
            rc = bad(where, ADVISORY_F_SEVERITY, -1);
            goto out;
        }
        if (!v->body) {
            gisac_err_set(err, GISAC_EINVAL, "a body is required");
            rc = bad(where, ADVISORY_F_BODY, -1);
            goto out;
        }
    }
    if (v->title && check_title(v->title, a, &d.title, err) < 0) {
        rc = bad(where, ADVISORY_F_TITLE, -1);
        goto out;
    }
    if (v->severity && (d.severity = advisory_severity_parse(v->severity)) == ADVISORY_SEV_NONE) {
        gisac_err_set(err, GISAC_EINVAL, "severity '%.50s': use low, medium, high or critical",
                      v->severity);
        rc = bad(where, ADVISORY_F_SEVERITY, -1);
        goto out;
    }
    if (v->tlp && tlp_of(v->tlp, &d.tlp, err) < 0) {
        rc = bad(where, ADVISORY_F_TLP, -1);
        goto out;
    }
    if (v->lang && !(d.lang = lang_of(v->lang))) {
        gisac_err_set(err, GISAC_EINVAL, "language '%.50s': use zh-TW or en", v->lang);
        rc = bad(where, ADVISORY_F_LANG, -1);
        goto out;
    }
    if (v->body && check_body(v->body, a, &d.body, err) < 0) {
        rc = bad(where, ADVISORY_F_BODY, -1);
        goto out;
    }
    if (v->has_recipients && (rc = set_recipients(in, v, &d, a, where, err)) < 0)
        goto out;
    if (d.tlp <= TLP_GREEN && d.nrecipients) {
        if (v->has_recipients) {
            gisac_err_set(err, GISAC_EINVAL,
                          "recipients are for TLP amber and red: a TLP:%s advisory reaches "
                          "every agency",
                          tlp_name(d.tlp));
            rc = bad(where, ADVISORY_F_RECIPIENTS, 0);
            goto out;
        }
        d.nrecipients = 0; /* a revision made clear or green */
    }
    if (v->has_indicators && (rc = set_indicators(in, v, &d, a, where, err)) < 0)
        goto out;
    if (v->has_cves && (rc = set_cves(v, &d, where, err)) < 0)
        goto out;
    if (d.nind == 0 && d.ncves == 0) {
        gisac_err_set(err, GISAC_EINVAL, "an advisory cites at least one indicator or CVE");
        rc = bad(where, ADVISORY_F_NONE, -1);
        goto out;
    }
    if ((rc = check_reach(in, &d, where, err)) < 0)
        goto out;
    if (base && same_as(&d, base)) {
        gisac_err_set(err, GISAC_EINVAL,
                      "revision %d of %s already says this: a revision must change something",
                      base->revision, base->id);
        rc = bad(where, ADVISORY_F_NONE, -1);
        goto out;
    }

    store_advisory row;
    memset(&row, 0, sizeof row);
    char sid[ADVISORY_STIX_ID_LEN];
    if (base) {
        row.id = base->row_id;
        row.revision = base->latest + 1;
        snprintf(ref, sizeof ref, "%s", base->id);
    } else {
        row.year = year_of(now, v->tz);
        row.published = now;
        advisory_names names = {ref, sid, intel_identity(in)};
        if ((rc = store_advisory_insert(st, &row, name_row, &names, err)) < 0)
            goto out;
        row.revision = 1;
    }
    row.title = d.title;
    row.severity = advisory_severity_name(d.severity);
    row.tlp = d.tlp;
    row.body = d.body;
    row.lang = d.lang;
    row.author = store_actor(st);
    /* versions of a STIX object differ in "modified": a revision comes at
     * least a second after the one before */
    row.rev_published = base && now <= base->modified ? base->modified + 1 : now;
    const char **cves = calloc(d.ncves + 1, sizeof *cves);
    if (!cves) {
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; rc == 0 && i < d.ncves; i++) {
        char vid[ADVISORY_STIX_ID_LEN];
        advisory_vulnerability_id(intel_identity(in), d.cves[i], vid);
        cves[i] = d.cves[i];
        rc = store_advisory_vuln_add(st, d.cves[i], vid, now, err);
    }
    if (rc == 0)
        rc = store_advisory_revision_insert(st, &row, d.ind_ids, d.nind, cves, d.ncves,
                                            d.recipients, d.nrecipients, err);
    free(cves);
    if (rc == 0)
        rc = audit(st, now, base ? "advisory.revise" : "advisory.publish", ref, &d, row.revision,
                   err);
    if (rc == 0)
        rc = notify_published(st, ref, row.revision, &d, now, err);
    if (rc == 0)
        snprintf(ref_out, ADVISORY_ID_MAX, "%s", ref);
out:
    draft_free(&d);
    advisory_free(base);
    return rc;
}

int advisory_publish(intel *in, const advisory_input *v, int64_t now, advisory **out,
                     advisory_where *where, gisac_err *err)
{
    if (out)
        *out = NULL;
    if (where) {
        where->field = ADVISORY_F_NONE;
        where->index = -1;
    }
    store *st = intel_store(in);
    gisac_arena *a = gisac_arena_new(8192);
    if (!a)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    int rc = store_begin(st, err);
    char ref[ADVISORY_ID_MAX] = "";
    if (rc == 0) {
        rc = publish_tx(in, v, now, a, ref, where, err);
        if (rc == 0)
            rc = store_commit(st, err);
        else
            store_rollback(st);
    }
    gisac_arena_free(a);
    if (rc == 0 && out) {
        advisory_viewer staff = ADVISORY_STAFF;
        rc = advisory_get(in, ref, 0, &staff, out, err);
    }
    return rc;
}

/* ---- JSON ------------------------------------------------------------------ */

static int put_time(gisac_buf *b, const char *key, int64_t t)
{
    char ts[GISAC_TIME_LEN];
    gisac_time_format(t, ts);
    return gisac_buf_printf(b, ",\"%s\":\"%s\"", key, ts);
}

static int put_str(gisac_buf *b, const char *key, const char *v)
{
    int rc = gisac_buf_printf(b, ",\"%s\":", key);
    return rc | gisac_buf_json_str(b, v ? v : "");
}

int advisory_to_json(const advisory *a, int with_body, gisac_buf *out)
{
    int rc = gisac_buf_puts(out, "{\"id\":");
    rc |= gisac_buf_json_str(out, a->id);
    rc |= put_str(out, "stix_id", a->stix_id);
    rc |= gisac_buf_printf(out, ",\"revision\":%d,\"latest\":%d", a->revision, a->latest);
    rc |= put_str(out, "title", a->title);
    rc |= put_str(out, "severity", advisory_severity_name(a->severity));
    rc |= put_str(out, "tlp", tlp_name(a->tlp));
    if (a->recipients_shown) {
        rc |= gisac_buf_puts(out, ",\"recipients\":[");
        for (size_t i = 0; i < a->nrecipients; i++) {
            if (i)
                rc |= gisac_buf_putc(out, ',');
            rc |= gisac_buf_json_str(out, a->recipients[i]);
        }
        rc |= gisac_buf_putc(out, ']');
    }
    rc |= put_str(out, "lang", a->lang);
    rc |= put_time(out, "published", a->published);
    rc |= put_time(out, "modified", a->modified);
    rc |= put_str(out, "author", a->author);
    rc |= gisac_buf_puts(out, ",\"indicators\":[");
    for (size_t i = 0; i < a->nindicators; i++) {
        const advisory_indicator *x = &a->indicators[i];
        rc |= gisac_buf_printf(out, "%s{\"type\":\"%s\",\"value\":", i ? "," : "",
                               ioc_type_name(x->type));
        rc |= gisac_buf_json_str(out, x->value);
        rc |= put_str(out, "id", x->stix_id);
        rc |= gisac_buf_putc(out, '}');
    }
    rc |= gisac_buf_puts(out, "],\"cves\":[");
    for (size_t i = 0; i < a->ncves; i++) {
        if (i)
            rc |= gisac_buf_putc(out, ',');
        rc |= gisac_buf_json_str(out, a->cves[i].id);
    }
    rc |= gisac_buf_putc(out, ']');
    if (with_body)
        rc |= put_str(out, "body", a->body);
    rc |= gisac_buf_puts(out, ",\"revisions\":[");
    for (size_t i = 0; i < a->nhistory; i++) {
        char ts[GISAC_TIME_LEN];
        gisac_time_format(a->history[i].published, ts);
        rc |= gisac_buf_printf(out,
                               "%s{\"revision\":%d,\"published\":\"%s\",\"author\":", i ? "," : "",
                               a->history[i].revision, ts);
        rc |= gisac_buf_json_str(out, a->history[i].author);
        rc |= gisac_buf_putc(out, '}');
    }
    rc |= gisac_buf_puts(out, "]}");
    return rc ? GISAC_ENOMEM : 0;
}
