/*
 * vuln_nvd.c: NVD CVE API 2.0 records (vuln_internal.h): the description,
 * the CVSS base severity (4.0 before 3.1 before 3.0, NVD's own "Primary"
 * first), CISA's exploited flag and the CPE match configurations; and the
 * matcher of a component's CPE against those configurations.
 *
 * Matching is three-valued (affected, not affected, unknown): a cpeMatch
 * is compared attribute by attribute as NISTIR 7696 defines (the criteria
 * the source, the component's CPE the target), its version bounds in the
 * generic ordering; a node joins its matches by OR or AND, a configuration
 * its nodes, "negate" turns affected and not affected round. A platform
 * (vulnerable: false) is another component of the host, which one
 * component cannot decide: unknown. A component is named only by a
 * vulnerable match of its vendor and product.
 */
/* JSON paths and explanations are cut at their buffers' size on purpose */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif
#include "vuln/vuln_internal.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NVD_MAX_ITEMS 4096 /* configurations, nodes, matches: each array */

typedef struct np {
    vuln_record *r;
    gisac_err *err;
} np;

static const char *str_of(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int bad(np *p, const char *path, const char *what)
{
    return gisac_err_at(p->err, GISAC_EINVAL, path, "%s: %s", path, what);
}

static const char *dup(np *p, const char *s)
{
    return s ? gisac_arena_strdup(p->r->arena, s) : NULL;
}

/* The array member k of o at path (absent: 0 entries), its size into *n. */
static int arr(np *p, json_t *o, const char *k, const char *path, json_t **a, size_t *n)
{
    char w[GISAC_ERR_FIELD];
    snprintf(w, sizeof w, "%s.%s", path, k);
    *a = json_object_get(o, k);
    *n = 0;
    if (!*a || json_is_null(*a))
        return 0;
    if (!json_is_array(*a))
        return bad(p, w, "not an array");
    *n = json_array_size(*a);
    return *n > NVD_MAX_ITEMS ? bad(p, w, "too many entries") : 0;
}

static void *room(np *p, size_t n, size_t size)
{
    return gisac_arena_alloc(p->r->arena, (n ? n : 1) * size);
}

/* NVD times are UTC without an offset ("2021-12-10T10:15:09.453"). */
static int64_t nvd_time(json_t *o, const char *k)
{
    const char *s = str_of(o, k);
    char b[64];
    int64_t t = 0;
    if (!s || strlen(s) > 40)
        return 0;
    int zoned = strchr(s, 'Z') || strchr(s + (strlen(s) > 10 ? 10 : 0), '+');
    snprintf(b, sizeof b, "%s%s", s, zoned ? "" : "Z");
    return gisac_time_parse(b, strlen(b), &t) < 0 || t < 0 ? 0 : t;
}

/* "operator": "AND" or "OR" (absent: OR); "negate": a boolean (absent: false). */
static int op_negate(np *p, json_t *o, const char *path, int *and_op, int *negate)
{
    const char *op = str_of(o, "operator");
    json_t *ng = json_object_get(o, "negate");
    char w[GISAC_ERR_FIELD];
    snprintf(w, sizeof w, "%s.operator", path);
    if (json_object_get(o, "operator") && (!op || (strcmp(op, "AND") && strcmp(op, "OR"))))
        return bad(p, w, "AND or OR");
    snprintf(w, sizeof w, "%s.negate", path);
    if (ng && !json_is_boolean(ng))
        return bad(p, w, "not a boolean");
    *and_op = op && strcmp(op, "AND") == 0;
    *negate = json_is_true(ng);
    return 0;
}

/*
 * Element i of the array a, a configuration or a node at path: an object
 * with its operator and negate (op_negate), its path copied into *where,
 * and its array of children kids (arr) in *ks, *nk. Returns room for *nk
 * children of size bytes each (in the record's arena), or NULL with *rc
 * the error.
 */
static void *group(np *p, json_t *a, size_t i, const char *path, const char *kids, size_t size,
                   int *and_op, int *negate, const char **where, json_t **ks, size_t *nk, int *rc)
{
    json_t *o = json_array_get(a, i);
    if (!json_is_object(o))
        *rc = bad(p, path, "not an object");
    else if (!(*rc = op_negate(p, o, path, and_op, negate)))
        *rc = arr(p, o, kids, path, ks, nk);
    if (*rc)
        return NULL;
    void *room_for = (*where = dup(p, path)) ? room(p, *nk, size) : NULL;
    *rc = room_for ? 0 : GISAC_ENOMEM;
    return room_for;
}

static const char *const bounds[4] = {"versionStartIncluding", "versionStartExcluding",
                                      "versionEndIncluding", "versionEndExcluding"};

static int parse_match(np *p, json_t *m, const char *w, vuln_cpe_match *out)
{
    char f[GISAC_ERR_FIELD];
    if (!json_is_object(m))
        return bad(p, w, "not an object");
    json_t *vul = json_object_get(m, "vulnerable");
    snprintf(f, sizeof f, "%s.vulnerable", w);
    if (!json_is_boolean(vul))
        return bad(p, f, "a boolean is required");
    const char *crit = str_of(m, "criteria");
    snprintf(f, sizeof f, "%s.criteria", w);
    if (!crit)
        return bad(p, f, "a CPE 2.3 name is required");
    out->cpe = room(p, 1, sizeof *out->cpe);
    if (!out->cpe)
        return GISAC_ENOMEM;
    gisac_err e2 = GISAC_ERR_INIT;
    if (strncmp(crit, "cpe:2.3:", 8) != 0 || vuln_cpe_parse(crit, out->cpe, &e2) < 0)
        return gisac_err_at(p->err, GISAC_EINVAL, f, "%s: %s", f,
                            e2.msg[0] ? e2.msg : "not a CPE 2.3 formatted string");
    const char **b[4] = {&out->start_incl, &out->start_excl, &out->end_incl, &out->end_excl};
    for (int i = 0; i < 4; i++) {
        json_t *v = json_object_get(m, bounds[i]);
        snprintf(f, sizeof f, "%s.%s", w, bounds[i]);
        if (v && (!json_is_string(v) || !*json_string_value(v)))
            return bad(p, f, "not a version");
        *b[i] = v ? dup(p, json_string_value(v)) : NULL;
    }
    if (out->start_incl && out->start_excl)
        return bad(p, w, "versionStartIncluding and versionStartExcluding both given");
    if (out->end_incl && out->end_excl)
        return bad(p, w, "versionEndIncluding and versionEndExcluding both given");
    out->where = dup(p, w);
    out->criteria = dup(p, crit);
    out->vulnerable = json_is_true(vul);
    return out->where && out->criteria ? 0 : GISAC_ENOMEM;
}

/* The index keys of configuration c ("vendor:product" of its vulnerable matches) into a. */
static int config_keys(np *p, const vuln_config *c, vuln_affected *a)
{
    size_t total = 0;
    for (size_t i = 0; i < c->nn; i++)
        total += c->nodes[i].nm;
    a->cpe_keys = room(p, total, sizeof *a->cpe_keys);
    if (!a->cpe_keys)
        return GISAC_ENOMEM;
    a->where = c->where;
    for (size_t i = 0; i < c->nn; i++)
        for (size_t j = 0; j < c->nodes[i].nm; j++) {
            const vuln_cpe_match *m = &c->nodes[i].m[j];
            const char *v = m->cpe->attr[VULN_CPE_VENDOR], *pr = m->cpe->attr[VULN_CPE_PRODUCT];
            if (!m->vulnerable || strpbrk(v, "*?") || strpbrk(pr, "*?") || !strcmp(v, "-") ||
                !strcmp(pr, "-"))
                continue; /* never a wildcard vendor or product */
            char k[VULN_CPE_MAX];
            snprintf(k, sizeof k, "%s:%s", v, pr);
            int seen = 0;
            for (size_t q = 0; q < a->ncpe && !seen; q++)
                seen = strcmp(a->cpe_keys[q], k) == 0;
            if (!seen && !(a->cpe_keys[a->ncpe++] = gisac_arena_strdup(p->r->arena, k)))
                return GISAC_ENOMEM;
        }
    return 0;
}

static int parse_configs(np *p, json_t *cve)
{
    vuln_record *r = p->r;
    json_t *cs;
    size_t n;
    int rc = arr(p, cve, "configurations", "$.cve", &cs, &n);
    if (rc)
        return rc;
    r->cfg = room(p, n, sizeof *r->cfg);
    r->aff = room(p, n, sizeof *r->aff);
    if (!r->cfg || !r->aff)
        return GISAC_ENOMEM;
    memset(r->aff, 0, (n ? n : 1) * sizeof *r->aff);
    for (size_t i = 0; i < n; i++) {
        vuln_config *c = &r->cfg[r->ncfg];
        memset(c, 0, sizeof *c);
        char w[GISAC_ERR_FIELD];
        snprintf(w, sizeof w, "$.cve.configurations[%zu]", i);
        json_t *ns;
        size_t nn;
        if (!(c->nodes = group(p, cs, i, w, "nodes", sizeof *c->nodes, &c->and_op, &c->negate,
                               &c->where, &ns, &nn, &rc)))
            return rc;
        for (size_t j = 0; j < nn; j++) {
            vuln_node *nd = &c->nodes[c->nn];
            memset(nd, 0, sizeof *nd);
            char wn[GISAC_ERR_FIELD];
            snprintf(wn, sizeof wn, "%s.nodes[%zu]", w, j);
            json_t *ms;
            size_t nm;
            if (!(nd->m = group(p, ns, j, wn, "cpeMatch", sizeof *nd->m, &nd->and_op, &nd->negate,
                                &nd->where, &ms, &nm, &rc)))
                return rc;
            for (size_t k = 0; k < nm; k++) {
                char wm[GISAC_ERR_FIELD];
                snprintf(wm, sizeof wm, "%s.cpeMatch[%zu]", wn, k);
                memset(&nd->m[k], 0, sizeof nd->m[k]);
                if ((rc = parse_match(p, json_array_get(ms, k), wm, &nd->m[k])))
                    return rc;
                nd->nm++;
            }
            c->nn++;
        }
        r->ncfg++;
        if ((rc = config_keys(p, c, &r->aff[r->naff++])))
            return rc;
    }
    return 0;
}

/* The CVSS base severity and score: the newest version first, NVD's own (Primary) first. */
static void parse_metrics(np *p, json_t *metrics)
{
    static const struct {
        const char *key, *version;
    } kinds[] = {{"cvssMetricV40", "4.0"}, {"cvssMetricV31", "3.1"}, {"cvssMetricV30", "3.0"}};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        for (int primary = 1; primary >= 0; primary--) {
            size_t i;
            json_t *m;
            json_array_foreach(json_object_get(metrics, kinds[k].key), i, m)
            {
                const char *type = str_of(m, "type");
                if (primary != (type && strcmp(type, "Primary") == 0))
                    continue;
                json_t *d = json_object_get(m, "cvssData");
                const char *sev = str_of(d, "baseSeverity");
                json_t *score = json_object_get(d, "baseScore");
                static const char *const sevs[] = {"CRITICAL", "HIGH", "MEDIUM", "LOW", "NONE"};
                for (size_t s = 0; sev && s < sizeof sevs / sizeof sevs[0]; s++)
                    if (strcmp(sev, sevs[s]) == 0 && json_is_number(score)) {
                        p->r->severity = s < 4 ? sevs[s] : NULL;
                        p->r->score = json_number_value(score);
                        p->r->cvss_version = kinds[k].version;
                        return;
                    }
            }
        }
}

int vuln_nvd_is(json_t *root)
{
    const char *f = str_of(root, "format");
    return f && strcmp(f, "NVD_CVE") == 0 &&
           json_is_array(json_object_get(root, "vulnerabilities"));
}

int vuln_nvd_parse(json_t *root, vuln_record *r, gisac_err *err)
{
    np p = {r, err};
    json_t *vs = json_object_get(root, "vulnerabilities");
    if (json_array_size(vs) != 1)
        return bad(&p, "$.vulnerabilities",
                   "one vulnerability a record (vuln import splits a "
                   "response)");
    json_t *cve = json_object_get(json_array_get(vs, 0), "cve");
    if (!json_is_object(cve))
        return bad(&p, "$.cve", "not an object");
    const char *id = str_of(cve, "id");
    if (!id || strncmp(id, "CVE-", 4) != 0 || strlen(id) > 64)
        return bad(&p, "$.cve.id", "no CVE id");
    char nid[80];
    snprintf(nid, sizeof nid, "NVD:%s", id);
    snprintf(r->source, sizeof r->source, "nvd");
    r->id = dup(&p, nid);
    r->vuln = dup(&p, id);
    const char *st = str_of(cve, "vulnStatus");
    r->withdrawn = st && strcmp(st, "Rejected") == 0;
    r->published = nvd_time(cve, "published");
    r->modified = nvd_time(cve, "lastModified");
    r->known_exploited = str_of(cve, "cisaExploitAdd") != NULL;
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(cve, "descriptions"), i, d)
    {
        const char *lang = str_of(d, "lang");
        if (lang && strcmp(lang, "en") == 0 && str_of(d, "value")) {
            char s[512];
            snprintf(s, sizeof s, "%s", str_of(d, "value"));
            gisac_utf8_trim(s);
            r->summary = dup(&p, s);
            break;
        }
    }
    if (!r->id || !r->vuln)
        return GISAC_ENOMEM;
    parse_metrics(&p, json_object_get(cve, "metrics"));
    return parse_configs(&p, cve);
}

/* ---- matching ------------------------------------------------------------------ */

enum { T_NO = 0, T_YES = 1, T_UNKNOWN = 2 };

typedef struct nctx {
    const vuln_record *r;
    vuln_cpe t;                /* the component's CPE, its version filled from the component */
    const char *tv;            /* the version compared with bounds, NULL when none */
    int named;                 /* a vulnerable match names the vendor and product */
    char why[3][VULN_WHY_MAX]; /* a configuration's first explanation of each answer */
} nctx;

/* The version v bound into a CPE 2.3 formatted-string value (punctuation quoted). */
static void cpe_bind(const char *v, char *out, size_t cap)
{
    size_t o = 0;
    for (; *v && o + 3 < cap; v++) {
        unsigned char c = (unsigned char)*v;
        if (!isalnum(c) && c != '.' && c != '-' && c != '_')
            out[o++] = '\\';
        out[o++] = (char)tolower(c);
    }
    out[o] = 0;
}

static void note(nctx *c, int ans, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void note(nctx *c, int ans, const char *fmt, ...)
{
    if (c->why[ans][0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->why[ans], sizeof c->why[ans], fmt, ap);
    va_end(ap);
    gisac_utf8_trim(c->why[ans]);
}

/* One bound of m against the component's version: 1 inside, 0 outside, -1 undecided (e). */
static int in_bound(const char *tv, const char *b, int lower, int incl, gisac_err *e)
{
    int cmp;
    if (vuln_version_cmp(VULN_V_GENERIC, tv, b, &cmp, e) < 0)
        return -1;
    return lower ? (incl ? cmp >= 0 : cmp > 0) : (incl ? cmp <= 0 : cmp < 0);
}

static int eval_match(nctx *c, const vuln_cpe_match *m)
{
    const char *id = c->r->id;
    int unknown = 0;
    if (!m->vulnerable) {
        note(c, T_UNKNOWN,
             "%s %s: needs the platform %s, another component of the host; not decided by one "
             "component",
             id, m->where, m->criteria);
        return T_UNKNOWN;
    }
    if (m->cpe->part != c->t.part)
        return T_NO;
    /* vendor and product first: they name the component, which a component's
     * wildcard never does (a "*" vendor is no vendor) */
    for (int a = VULN_CPE_VENDOR; a <= VULN_CPE_PRODUCT; a++) {
        vuln_cpe_rel rel = vuln_cpe_attr_compare(m->cpe->attr[a], c->t.attr[a]);
        if (rel != VULN_CPE_EQUAL && rel != VULN_CPE_SUPERSET)
            return T_NO;
    }
    c->named = 1;
    int ranged = m->start_incl || m->start_excl || m->end_incl || m->end_excl;
    int every = strcmp(m->cpe->attr[VULN_CPE_VERSION], "*") == 0;
    for (int a = VULN_CPE_VERSION; a <= 10; a++) {
        if (a == VULN_CPE_VERSION && (ranged || !c->tv))
            continue; /* the bounds decide, or the component has no version */
        vuln_cpe_rel rel = vuln_cpe_attr_compare(m->cpe->attr[a], c->t.attr[a]);
        if (rel == VULN_CPE_DISJOINT) {
            note(c, T_NO, "%s %s: %s: the component's %s is %s: not affected", id, m->where,
                 m->criteria, a == VULN_CPE_VERSION ? "version" : "name", c->t.attr[a]);
            return T_NO;
        }
        if ((rel == VULN_CPE_SUBSET || rel == VULN_CPE_UNDEFINED) && !unknown)
            unknown = a;
    }
    if (unknown) {
        note(c, T_UNKNOWN, "%s %s: %s is more specific than the component's %s: unknown", id,
             m->where, m->criteria, unknown == VULN_CPE_VERSION ? "version" : "name");
        return T_UNKNOWN;
    }
    const char *b[4] = {m->start_incl, m->start_excl, m->end_incl, m->end_excl};
    if (!ranged && every && c->tv) {
        note(c, T_YES, "%s %s: %s names every version: affected", id, m->where, m->criteria);
        return T_YES;
    }
    if (!ranged && c->tv) {
        note(c, T_YES, "%s %s: %s names the component's version %s: affected", id, m->where,
             m->criteria, c->tv);
        return T_YES;
    }
    if (!c->tv) {
        note(c, T_UNKNOWN, "%s %s: the component has no version ('%s') to compare with %s", id,
             m->where, c->t.attr[VULN_CPE_VERSION], m->criteria);
        return T_UNKNOWN;
    }
    char rng[VULN_WHY_MAX] = "";
    size_t o = 0;
    for (int i = 0; i < 4; i++) {
        if (!b[i])
            continue;
        gisac_err e = GISAC_ERR_INIT;
        int in = in_bound(c->tv, b[i], i < 2, i % 2 == 0, &e);
        if (in < 0) {
            note(c, T_UNKNOWN, "%s %s: %s %s: %s (generic): unknown", id, m->where, bounds[i], b[i],
                 e.msg);
            return T_UNKNOWN;
        }
        o += (size_t)snprintf(rng + o, o < sizeof rng ? sizeof rng - o : 0, "%s%s %s %s %s",
                              o ? ", " : "", c->tv,
                              i < 2 ? (in ? (i == 0 ? ">=" : ">") : (i == 0 ? "<" : "<="))
                                    : (in ? (i == 2 ? "<=" : "<") : (i == 2 ? ">" : ">=")),
                              bounds[i], b[i]);
        if (!in) {
            note(c, T_NO, "%s %s: %s: %s (generic): not affected", id, m->where, m->criteria, rng);
            return T_NO;
        }
    }
    note(c, T_YES, "%s %s: %s: %s (generic): affected", id, m->where, m->criteria, rng);
    return T_YES;
}

/* Three-valued AND / OR of v over n, then negate. */
static int join(const int *v, size_t n, int and_op, int negate)
{
    int yes = 0, no = 0, unk = 0;
    if (!n)
        return T_NO;
    for (size_t i = 0; i < n; i++)
        yes += v[i] == T_YES, no += v[i] == T_NO, unk += v[i] == T_UNKNOWN;
    int res = and_op ? (no    ? T_NO
                        : unk ? T_UNKNOWN
                              : T_YES)
                     : (yes   ? T_YES
                        : unk ? T_UNKNOWN
                              : T_NO);
    if (negate && res != T_UNKNOWN)
        res = res == T_YES ? T_NO : T_YES;
    return res;
}

#define JOIN_MAX 64
static int eval_config(nctx *c, const vuln_config *cf)
{
    int nv[JOIN_MAX];
    size_t nn = cf->nn < JOIN_MAX ? cf->nn : JOIN_MAX;
    for (size_t i = 0; i < nn; i++) {
        const vuln_node *nd = &cf->nodes[i];
        int mv[JOIN_MAX];
        size_t nm = 0, over = 0;
        for (size_t j = 0; j < nd->nm; j++) {
            int v = eval_match(c, &nd->m[j]);
            if (nm < JOIN_MAX)
                mv[nm++] = v;
            else if (v == T_YES || v == T_UNKNOWN) /* beyond the array: an OR's witness */
                over |= (size_t)(v == T_YES ? 1 : 2);
        }
        nv[i] = join(mv, nm, nd->and_op, 0);
        if (!nd->and_op && nv[i] != T_YES && over)
            nv[i] = over & 1 ? T_YES : T_UNKNOWN;
        if (nd->negate && nv[i] != T_UNKNOWN)
            nv[i] = nv[i] == T_YES ? T_NO : T_YES;
    }
    return join(nv, nn, cf->and_op, cf->negate);
}

int vuln_nvd_match(const vuln_record *r, const vuln_target *t, vuln_verdict *out)
{
    nctx *c = calloc(1, sizeof *c);
    if (!c || !t->cpe || vuln_cpe_parse(t->cpe, &c->t, NULL) < 0) {
        free(c);
        return 0;
    }
    c->r = r;
    char *v = c->t.attr[VULN_CPE_VERSION];
    int given = t->version && *t->version && strcmp(t->version, "-") && strcmp(t->version, "*");
    if (strcmp(v, "*") == 0 && given) /* the component's version fills its CPE's */
        cpe_bind(t->version, v, sizeof c->t.attr[VULN_CPE_VERSION]);
    if (strcmp(v, "*") && strcmp(v, "-") && !strpbrk(v, "?*"))
        c->tv = given ? t->version : v;
    int best = -1;
    char why[VULN_WHY_MAX] = "";
    for (size_t i = 0; i < r->ncfg; i++) {
        c->named = 0;
        memset(c->why, 0, sizeof c->why);
        int res = eval_config(c, &r->cfg[i]);
        if (!c->named)
            continue;
        if (best < 0 || res == T_YES || (res == T_UNKNOWN && best == T_NO)) {
            best = res;
            snprintf(why, sizeof why, "%s",
                     c->why[res][0]         ? c->why[res]
                     : c->why[T_UNKNOWN][0] ? c->why[T_UNKNOWN]
                                            : "");
            if (!why[0])
                snprintf(why, sizeof why, "%s %s: does not hold for the component: %s", r->id,
                         r->cfg[i].where, res == T_YES ? "affected" : "not affected");
        }
        if (best == T_YES)
            break;
    }
    if (best >= 0) {
        out->status = best == T_YES       ? VULN_AFFECTED
                      : best == T_UNKNOWN ? VULN_UNKNOWN
                                          : VULN_NOT_AFFECTED;
        snprintf(out->why, sizeof out->why, "%s", why);
    }
    free(c);
    return best >= 0;
}
