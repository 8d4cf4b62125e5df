/*
 * vuln_record.c: CVE JSON 5.x and OSV records into one model (vuln.h).
 * Untrusted input: every member is type-checked, sizes are bounded, an
 * error names the JSON path. The record keeps copies in its arena.
 */
/* JSON paths and explanations are cut at their buffers' size on purpose
 * (an error's field holds GISAC_ERR_FIELD bytes) */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif
#include "vuln/vuln_internal.h"

#include <ctype.h>
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define REC_MAX_AFFECTED 4096
#define REC_MAX_RANGES   4096
#define REC_MAX_EVENTS   4096

typedef struct rp {
    vuln_record *r;
    gisac_err *err;
} rp;

static const char *dup(rp *p, const char *s)
{
    return s ? gisac_arena_strdup(p->r->arena, s) : NULL;
}

static const char *str_of(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int bad(rp *p, const char *path, const char *what)
{
    return gisac_err_at(p->err, GISAC_EINVAL, path, "%s: %s", path, what);
}

/* A member that must be a string when present: 0 and *out (NULL when absent), or an error. */
static int opt_str(rp *p, json_t *o, const char *k, const char *path, const char **out)
{
    json_t *v = json_object_get(o, k);
    *out = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v)) {
        char f[GISAC_ERR_FIELD];
        snprintf(f, sizeof f, "%s.%s", path, k);
        return bad(p, f, "not a string");
    }
    *out = dup(p, json_string_value(v));
    return *out ? 0 : gisac_err_set(p->err, GISAC_ENOMEM, "out of memory");
}

/* A string member of an object and the place in a struct it is copied to. */
typedef struct str_field {
    const char *key;
    size_t off;
} str_field;

/* opt_str of each field of f in order, into dst + off: 0 or the first error. */
static int read_strs(rp *p, json_t *o, const char *path, void *dst, const str_field *f, size_t n)
{
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = opt_str(p, o, f[i].key, path, (const char **)(void *)((char *)dst + f[i].off));
    return rc;
}

/* The length of the array v at path into *n (0 when v is absent), or an
 * error: not_array when v is not an array, too_many above max entries. */
static int arr_len(rp *p, json_t *v, const char *path, const char *not_array, size_t max,
                   const char *too_many, size_t *n)
{
    *n = 0;
    if (!v)
        return 0;
    if (!json_is_array(v))
        return bad(p, path, not_array);
    *n = json_array_size(v);
    return *n > max ? bad(p, path, too_many) : 0;
}

/* Arena room for n entries of size bytes (one at least): NULL when out of memory. */
static void *room(rp *p, size_t n, size_t size)
{
    return gisac_arena_alloc(p->r->arena, (n ? n : 1) * size);
}

/* Entry i of the array arr at path, which must be an object: its path
 * "path[i]" into w (GISAC_ERR_FIELD bytes). NULL with the error in *rc. */
static json_t *obj_at(rp *p, json_t *arr, size_t i, const char *path, char *w, int *rc)
{
    json_t *e = json_array_get(arr, i);
    snprintf(w, GISAC_ERR_FIELD, "%s[%zu]", path, i);
    if (!json_is_object(e)) {
        *rc = bad(p, w, "not an object");
        return NULL;
    }
    return e;
}

/* The purl name of package name in purl type t into out: lower case, maven's
 * group:artifact as group/artifact, pypi's _ and . as -. */
static void purl_name(const char *t, const char *name, char *out, size_t cap)
{
    snprintf(out, cap, "%s", name);
    for (char *c = out; *c; c++) {
        if (*c == ':' && strcmp(t, "maven") == 0)
            *c = '/';
        *c = (char)tolower((unsigned char)*c);
        if ((*c == '_' || *c == '.') && strcmp(t, "pypi") == 0)
            *c = '-';
    }
}

static int64_t time_of(json_t *o, const char *k)
{
    const char *s = str_of(o, k);
    int64_t t = 0;
    if (s && gisac_time_parse(s, strlen(s), &t) < 0)
        t = 0;
    return t < 0 ? 0 : t;
}

static int push_alias(rp *p, const char *a)
{
    size_t cap = p->r->naliases;
    for (size_t i = 0; i < p->r->naliases; i++)
        if (strcmp(p->r->aliases[i], a) == 0)
            return 0;
    const char **v = gisac_arena_alloc(p->r->arena, (cap + 1) * sizeof *v);
    if (!v)
        return GISAC_ENOMEM;
    if (cap)
        memcpy(v, p->r->aliases, cap * sizeof *v);
    v[cap] = dup(p, a);
    p->r->aliases = v;
    p->r->naliases = cap + 1;
    return v[cap] ? 0 : GISAC_ENOMEM;
}

static const char *norm_sev(const char *s)
{
    if (!s)
        return NULL;
    if (strcasecmp(s, "critical") == 0)
        return "CRITICAL";
    if (strcasecmp(s, "high") == 0)
        return "HIGH";
    if (strcasecmp(s, "medium") == 0 || strcasecmp(s, "moderate") == 0)
        return "MEDIUM";
    if (strcasecmp(s, "low") == 0)
        return "LOW";
    return NULL;
}

int vuln_severity_rank(const char *s)
{
    if (!s)
        return 0;
    return strcmp(s, "CRITICAL") == 0 ? 4
           : strcmp(s, "HIGH") == 0   ? 3
           : strcmp(s, "MEDIUM") == 0 ? 2
                                      : 1;
}

static void take_sev(vuln_record *r, const char *s)
{
    s = norm_sev(s);
    if (s && vuln_severity_rank(s) > vuln_severity_rank(r->severity))
        r->severity = s;
}

/* "vendor:product" of a CPE, into the arena; NULL when not a CPE or a wildcard. */
static char *cpe_key(rp *p, const char *cpe)
{
    vuln_cpe c;
    if (vuln_cpe_parse(cpe, &c, NULL) < 0)
        return NULL;
    const char *v = c.attr[VULN_CPE_VENDOR], *pr = c.attr[VULN_CPE_PRODUCT];
    if (strchr(v, '*') || strchr(v, '?') || strchr(pr, '*') || strchr(pr, '?') ||
        strcmp(v, "-") == 0 || strcmp(pr, "-") == 0)
        return NULL; /* never a wildcard vendor or product */
    char k[VULN_CPE_MAX];
    snprintf(k, sizeof k, "%s:%s", v, pr);
    return gisac_arena_strdup(p->r->arena, k);
}

/* ---- CVE 5 --------------------------------------------------------------------- */

/* The purl type of a CVE 5 collectionURL, or NULL. */
static const char *collection_type(const char *url)
{
    static const struct {
        const char *u, *t;
    } m[] = {{"https://repo.maven.apache.org/maven2", "maven"},
             {"https://repo1.maven.org/maven2", "maven"},
             {"https://www.npmjs.com", "npm"},
             {"https://registry.npmjs.org", "npm"},
             {"https://pypi.org", "pypi"},
             {"https://pypi.python.org", "pypi"},
             {"https://crates.io", "cargo"},
             {"https://rubygems.org", "gem"},
             {"https://packagist.org", "composer"},
             {"https://www.nuget.org", "nuget"},
             {"https://pkg.go.dev", "golang"},
             {"https://proxy.golang.org", "golang"}};
    if (!url)
        return NULL;
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (strncmp(url, m[i].u, strlen(m[i].u)) == 0)
            return m[i].t;
    return NULL;
}

static const str_field cve5_version_fields[] = {
    {"version", offsetof(vuln_range, version)},
    {"status", offsetof(vuln_range, status)},
    {"lessThan", offsetof(vuln_range, less_than)},
    {"lessThanOrEqual", offsetof(vuln_range, less_equal)},
    {"versionType", offsetof(vuln_range, type)},
};

/* Reads one range from its object o at w into r (its where is set). */
typedef int (*range_fn)(rp *p, json_t *o, const char *w, vuln_range *r);

/* The n entries of the array arr at path, each an object, as the ranges of a,
 * each read by fn: 0 or the first error. */
static int ranges_each(rp *p, json_t *arr, size_t n, const char *path, vuln_affected *a,
                       range_fn fn)
{
    if (!(a->r = room(p, n, sizeof *a->r)))
        return GISAC_ENOMEM;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        char w[GISAC_ERR_FIELD];
        json_t *o = obj_at(p, arr, i, path, w, &rc);
        if (o) {
            vuln_range *r = &a->r[a->nr++];
            *r = (vuln_range){.where = dup(p, w)};
            rc = fn(p, o, w, r);
        }
    }
    return rc;
}

static int cve5_version(rp *p, json_t *v, const char *w, vuln_range *r)
{
    int rc = read_strs(p, v, w, r, cve5_version_fields,
                       sizeof cve5_version_fields / sizeof cve5_version_fields[0]);
    if (rc)
        return rc;
    if (!r->version)
        return bad(p, w, "no version");
    if (!r->status || (strcmp(r->status, "affected") != 0 && strcmp(r->status, "unaffected") != 0 &&
                       strcmp(r->status, "unknown") != 0))
        return bad(p, w, "status must be affected, unaffected or unknown");
    json_t *ch = json_object_get(v, "changes");
    size_t m;
    if ((rc = arr_len(p, ch, w, "changes: not an array", REC_MAX_EVENTS, "changes: not an array",
                      &m)) ||
        !ch)
        return rc;
    if (!(r->changes = room(p, m, sizeof *r->changes)))
        return GISAC_ENOMEM;
    for (size_t j = 0; j < m; j++) {
        json_t *c = json_array_get(ch, j);
        char cw[GISAC_ERR_FIELD];
        snprintf(cw, sizeof cw, "%s.changes[%zu]", w, j);
        const char *at = str_of(c, "at"), *st = str_of(c, "status");
        if (!at || !st)
            return bad(p, cw, "a change needs at and status");
        r->changes[r->nchanges++] = (vuln_change){dup(p, at), dup(p, st)};
    }
    return 0;
}

static int cve5_versions(rp *p, json_t *vs, const char *path, vuln_affected *a)
{
    size_t n;
    int rc = arr_len(p, vs, path, "not an array", REC_MAX_RANGES, "too many versions", &n);
    return rc || !vs ? rc : ranges_each(p, vs, n, path, a, cve5_version);
}

/* The names of a CVE 5 affected entry. */
typedef struct cve5_names {
    const char *vendor, *product, *pkg, *coll;
} cve5_names;

static const str_field cve5_name_fields[] = {
    {"vendor", offsetof(cve5_names, vendor)},
    {"product", offsetof(cve5_names, product)},
    {"packageName", offsetof(cve5_names, pkg)},
    {"collectionURL", offsetof(cve5_names, coll)},
};

static int cve5_affected(rp *p, json_t *arr, const char *path)
{
    size_t n;
    int rc = arr_len(p, arr, path, "not an array", REC_MAX_AFFECTED - p->r->naff,
                     "too many affected entries", &n);
    if (rc || !arr)
        return rc;
    vuln_affected *v = gisac_arena_alloc(p->r->arena, (p->r->naff + n + 1) * sizeof *v);
    if (!v)
        return GISAC_ENOMEM;
    if (p->r->naff)
        memcpy(v, p->r->aff, p->r->naff * sizeof *v);
    p->r->aff = v;
    for (size_t i = 0; i < n; i++) {
        char w[GISAC_ERR_FIELD];
        json_t *e = obj_at(p, arr, i, path, w, &rc);
        if (!e)
            return rc;
        vuln_affected *a = &p->r->aff[p->r->naff++];
        *a = (vuln_affected){.where = dup(p, w)};
        cve5_names nm;
        if ((rc = read_strs(p, e, w, &nm, cve5_name_fields,
                            sizeof cve5_name_fields / sizeof cve5_name_fields[0])) ||
            (rc = opt_str(p, e, "defaultStatus", w, &a->default_status)))
            return rc;
        const char *vendor = nm.vendor, *product = nm.product, *pkg = nm.pkg, *coll = nm.coll;
        a->name = product ? product : pkg;
        char nv[256], np[256];
        vuln_norm_name(vendor, nv, sizeof nv);
        vuln_norm_name(product, np, sizeof np);
        /* "n/a" or a wildcard names nothing: no vendor-wide matching */
        if (vendor && product && nv[0] && np[0] && strcmp(nv, "n/a") && strcmp(np, "n/a") &&
            !strchr(nv, '*') && !strchr(np, '*')) {
            char k[520];
            snprintf(k, sizeof k, "%s:%s", nv, np);
            a->ckey = gisac_arena_strdup(p->r->arena, k);
        }
        const char *t = collection_type(coll);
        if (t && pkg && *pkg) {
            char k[600], name[512];
            purl_name(t, pkg, name, sizeof name);
            snprintf(k, sizeof k, "%s/%s", t, name);
            a->pkey = gisac_arena_strdup(p->r->arena, k);
        }
        json_t *cpes = json_object_get(e, "cpes");
        if (json_is_array(cpes)) {
            size_t m = json_array_size(cpes);
            if (!(a->cpe_keys = room(p, m, sizeof *a->cpe_keys)))
                return GISAC_ENOMEM;
            for (size_t j = 0; j < m && j < 256; j++) {
                const char *c = json_string_value(json_array_get(cpes, j));
                char *k = c ? cpe_key(p, c) : NULL;
                if (k)
                    a->cpe_keys[a->ncpe++] = k;
            }
        }
        char vw[GISAC_ERR_FIELD];
        snprintf(vw, sizeof vw, "%s.versions", w);
        if ((rc = cve5_versions(p, json_object_get(e, "versions"), vw, a)))
            return rc;
    }
    return 0;
}

static void cve5_metrics(vuln_record *r, json_t *metrics)
{
    size_t i;
    json_t *m;
    json_array_foreach(metrics, i, m)
    {
        static const char *const k[] = {"cvssV4_0", "cvssV3_1", "cvssV3_0", "cvssV2_0"};
        for (size_t j = 0; j < 4; j++) {
            json_t *c = json_object_get(m, k[j]);
            if (json_is_object(c))
                take_sev(r, str_of(c, "baseSeverity"));
        }
        json_t *o = json_object_get(m, "other");
        if (json_is_object(o) && str_of(o, "type") && strcmp(str_of(o, "type"), "kev") == 0)
            r->known_exploited = 1;
    }
}

/* An advisory id at the start of s: "GHSA-xxxx-xxxx-xxxx" or "GO-YYYY-NNNN"; its length or 0. */
static size_t advisory_id(const char *s)
{
    if (strncmp(s, "GHSA-", 5) == 0) {
        for (size_t g = 0; g < 3; g++)
            for (size_t k = 0; k < 5; k++) {
                char c = s[5 + g * 5 + k];
                if (k == 4 ? (g < 2 ? c != '-' : 0)
                           : !(islower((unsigned char)c) || isdigit((unsigned char)c)))
                    return 0;
            }
        return 19;
    }
    if (strncmp(s, "GO-", 3) == 0) {
        size_t n = 3;
        for (size_t k = 0; k < 4; k++)
            if (!isdigit((unsigned char)s[n++]))
                return 0;
        if (s[n++] != '-' || !isdigit((unsigned char)s[n]))
            return 0;
        while (isdigit((unsigned char)s[n]))
            n++;
        return n;
    }
    return 0;
}

/* The GitHub and Go advisories a CVE record's references name
 * (github.com/advisories/GHSA-..., pkg.go.dev/vuln/GO-...): its aliases. */
static int cve5_ref_aliases(rp *p, json_t *refs)
{
    size_t i;
    json_t *ref;
    json_array_foreach(refs, i, ref)
    {
        const char *url = str_of(ref, "url");
        static const char *const at[] = {"://github.com/advisories/", "://pkg.go.dev/vuln/"};
        for (size_t k = 0; url && k < sizeof at / sizeof at[0]; k++) {
            const char *q = strstr(url, at[k]);
            size_t n = q ? advisory_id(q + strlen(at[k])) : 0;
            char id[32];
            if (!n || n >= sizeof id)
                continue;
            const char *e = q + strlen(at[k]) + n;
            if (*e && *e != '/' && *e != '?' && *e != '#')
                continue;
            snprintf(id, sizeof id, "%.*s", (int)n, q + strlen(at[k]));
            if (push_alias(p, id) < 0)
                return GISAC_ENOMEM;
        }
    }
    return 0;
}

static int parse_cve5(rp *p, json_t *root)
{
    vuln_record *r = p->r;
    json_t *meta = json_object_get(root, "cveMetadata");
    const char *id = str_of(meta, "cveId");
    if (!id || strncmp(id, "CVE-", 4) != 0)
        return bad(p, "$.cveMetadata.cveId", "no CVE id");
    snprintf(r->source, sizeof r->source, "cve5");
    r->id = r->vuln = dup(p, id);
    const char *state = str_of(meta, "state");
    r->withdrawn = state && strcmp(state, "REJECTED") == 0;
    r->published = time_of(meta, "datePublished");
    r->modified = time_of(meta, "dateUpdated");
    json_t *cna = json_object_get(json_object_get(root, "containers"), "cna");
    if (!json_is_object(cna))
        return r->withdrawn ? 0 : bad(p, "$.containers.cna", "no CNA container");
    const char *title = str_of(cna, "title");
    json_t *descs = json_object_get(cna, "descriptions");
    if (!title && json_is_array(descs)) {
        size_t i;
        json_t *d;
        json_array_foreach(descs, i, d)
        {
            const char *lang = str_of(d, "lang");
            if (lang && strncmp(lang, "en", 2) == 0) {
                title = str_of(d, "value");
                break;
            }
        }
    }
    r->summary = dup(p, title);
    cve5_metrics(r, json_object_get(cna, "metrics"));
    int rc = cve5_affected(p, json_object_get(cna, "affected"), "$.containers.cna.affected");
    if (rc == 0)
        rc = cve5_ref_aliases(p, json_object_get(cna, "references"));
    json_t *adp = json_object_get(json_object_get(root, "containers"), "adp");
    size_t i;
    json_t *a;
    json_array_foreach(adp, i, a)
    {
        if (rc)
            break;
        cve5_metrics(r, json_object_get(a, "metrics"));
        char w[GISAC_ERR_FIELD];
        snprintf(w, sizeof w, "$.containers.adp[%zu].affected", i);
        rc = cve5_affected(p, json_object_get(a, "affected"), w);
    }
    return rc;
}

/* ---- OSV ------------------------------------------------------------------------ */

/* The events of an OSV range (one kind each), at rw. */
static int osv_events(rp *p, json_t *ev, const char *rw, vuln_range *r)
{
    size_t ne;
    int rc =
        ev ? arr_len(p, ev, rw, "events: not an array", REC_MAX_EVENTS, "events: not an array", &ne)
           : bad(p, rw, "events: not an array");
    if (rc)
        return rc;
    if (!(r->ev = room(p, ne, sizeof *r->ev)))
        return GISAC_ENOMEM;
    for (size_t k = 0; k < ne; k++) {
        json_t *x = json_array_get(ev, k);
        static const char *const kinds[] = {"introduced", "fixed", "last_affected", "limit"};
        int found = 0;
        for (int q = 0; q < 4 && !found; q++) {
            const char *v = str_of(x, kinds[q]);
            if (v) {
                r->ev[r->nev++] = (vuln_event){(vuln_event_kind)q, dup(p, v)};
                found = 1;
            }
        }
        if (!found) {
            char ew[GISAC_ERR_FIELD];
            snprintf(ew, sizeof ew, "%s.events[%zu]", rw, k);
            return bad(p, ew, "an event is introduced, fixed, last_affected or limit");
        }
    }
    return 0;
}

/* The ranges of an OSV affected entry at w. */
static int osv_range(rp *p, json_t *rg, const char *rw, vuln_range *r)
{
    int rc = opt_str(p, rg, "type", rw, &r->type);
    if (rc)
        return rc;
    if (!r->type)
        return bad(p, rw, "no type");
    return osv_events(p, json_object_get(rg, "events"), rw, r);
}

static int osv_ranges(rp *p, json_t *ranges, const char *w, vuln_affected *a)
{
    size_t nr;
    int rc = arr_len(p, ranges, w, "ranges: not an array", REC_MAX_RANGES, "too many ranges", &nr);
    if (rc)
        return rc;
    char path[GISAC_ERR_FIELD];
    snprintf(path, sizeof path, "%s.ranges", w);
    return ranges_each(p, ranges, nr, path, a, osv_range);
}

static const str_field osv_package_fields[] = {
    {"name", offsetof(vuln_affected, name)},
    {"ecosystem", offsetof(vuln_affected, ecosystem)},
};

static int osv_affected(rp *p, json_t *arr)
{
    size_t n;
    int rc =
        arr_len(p, arr, "$.affected", "not an array", REC_MAX_AFFECTED, "too many entries", &n);
    if (rc || !arr)
        return rc;
    if (!(p->r->aff = room(p, n, sizeof *p->r->aff)))
        return GISAC_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        char w[GISAC_ERR_FIELD];
        json_t *e = obj_at(p, arr, i, "$.affected", w, &rc);
        if (!e)
            return rc;
        vuln_affected *a = &p->r->aff[p->r->naff++];
        *a = (vuln_affected){.where = dup(p, w)};
        json_t *pkg = json_object_get(e, "package");
        char pw[GISAC_ERR_FIELD];
        snprintf(pw, sizeof pw, "%s.package", w);
        if (pkg && !json_is_object(pkg))
            return bad(p, pw, "not an object");
        const char *purl = NULL;
        if (pkg && ((rc = read_strs(p, pkg, pw, a, osv_package_fields,
                                    sizeof osv_package_fields / sizeof osv_package_fields[0])) ||
                    (rc = opt_str(p, pkg, "purl", pw, &purl))))
            return rc;
        if (purl) {
            vuln_purl u;
            if (vuln_purl_parse(purl, &u, NULL) == 0) {
                char k[600];
                vuln_purl_key(&u, k, sizeof k);
                a->pkey = gisac_arena_strdup(p->r->arena, k);
            }
        }
        const char *t = vuln_osv_ecosystem_type(a->ecosystem);
        if (!a->pkey && t && a->name) {
            char k[600], name[512];
            purl_name(t, a->name, name, sizeof name);
            if (strcmp(t, "deb") == 0 || strcmp(t, "apk") == 0) {
                /* distro packages: the distribution is the purl namespace */
                char ns[64];
                size_t m = strcspn(a->ecosystem, ":");
                snprintf(ns, sizeof ns, "%.*s", (int)m, a->ecosystem);
                for (char *c = ns; *c; c++)
                    *c = (char)tolower((unsigned char)*c);
                snprintf(k, sizeof k, "%s/%s/%s", t, ns, name);
            } else
                snprintf(k, sizeof k, "%s/%s", t, name);
            a->pkey = gisac_arena_strdup(p->r->arena, k);
        }
        if ((rc = osv_ranges(p, json_object_get(e, "ranges"), w, a)))
            return rc;
        json_t *vs = json_object_get(e, "versions");
        size_t nv;
        if ((rc = arr_len(p, vs, w, "versions: not an array", SIZE_MAX, "", &nv)))
            return rc;
        if (!(a->versions = room(p, nv, sizeof *a->versions)))
            return GISAC_ENOMEM;
        for (size_t j = 0; j < nv; j++) {
            const char *v = json_string_value(json_array_get(vs, j));
            if (!v) {
                char vw[GISAC_ERR_FIELD];
                snprintf(vw, sizeof vw, "%s.versions[%zu]", w, j);
                return bad(p, vw, "not a string");
            }
            a->versions[a->nversions++] = dup(p, v);
        }
        json_t *ds = json_object_get(e, "database_specific");
        take_sev(p->r, str_of(ds, "severity"));
    }
    return 0;
}

static int parse_osv(rp *p, json_t *root)
{
    vuln_record *r = p->r;
    snprintf(r->source, sizeof r->source, "osv");
    const char *id = str_of(root, "id");
    if (!id || !*id || strlen(id) > 128)
        return bad(p, "$.id", "no id");
    r->id = dup(p, id);
    r->vuln = r->id;
    r->summary = dup(p, str_of(root, "summary"));
    r->published = time_of(root, "published");
    r->modified = time_of(root, "modified");
    r->withdrawn = str_of(root, "withdrawn") != NULL;
    json_t *al = json_object_get(root, "aliases");
    if (al && !json_is_array(al) && !json_is_null(al))
        return bad(p, "$.aliases", "not an array");
    size_t i;
    json_t *a;
    json_array_foreach(al, i, a)
    {
        if (!json_is_string(a)) {
            char w[GISAC_ERR_FIELD];
            snprintf(w, sizeof w, "$.aliases[%zu]", i);
            return bad(p, w, "not a string");
        }
        const char *s = json_string_value(a);
        if (push_alias(p, s) < 0)
            return GISAC_ENOMEM;
        if (strncmp(s, "CVE-", 4) == 0 && strncmp(r->vuln, "CVE-", 4) != 0)
            r->vuln = r->aliases[r->naliases - 1];
    }
    take_sev(r, str_of(json_object_get(root, "database_specific"), "severity"));
    return osv_affected(p, json_object_get(root, "affected"));
}

int vuln_json_open(const char *data, size_t len, size_t flags, const char *what,
                   gisac_arena **arena, json_t **root, gisac_err *err)
{
    *root = NULL;
    *arena = gisac_arena_new(64 * 1024);
    if (!*arena)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    json_error_t je;
    json_t *doc = json_loadb(data, len, flags, &je);
    if (!doc)
        return gisac_err_at(err, GISAC_EINVAL, "$", "not JSON: line %d: %s", je.line, je.text);
    if (!json_is_object(doc)) {
        json_decref(doc);
        return gisac_err_at(err, GISAC_EINVAL, "$", "%s is a JSON object", what);
    }
    *root = doc;
    return 0;
}

int vuln_record_parse(const char *data, size_t len, vuln_record *out, gisac_err *err)
{
    memset(out, 0, sizeof *out);
    json_t *root;
    int rc = vuln_json_open(data, len, 0, "a record", &out->arena, &root, err);
    if (rc < 0)
        return rc;
    rp p = {out, err};
    if (str_of(root, "dataType") && strcmp(str_of(root, "dataType"), "CVE_RECORD") == 0)
        rc = parse_cve5(&p, root);
    else if (vuln_nvd_is(root))
        rc = vuln_nvd_parse(root, out, err);
    else if (str_of(root, "id") &&
             (json_object_get(root, "affected") || json_object_get(root, "modified") ||
              json_object_get(root, "schema_version")))
        rc = parse_osv(&p, root);
    else
        rc = gisac_err_at(
            err, GISAC_EUNSUPPORTED, "$",
            "not a vulnerability record gisac reads (CVE JSON 5, OSV, NVD CVE API 2.0)");
    if (rc == GISAC_ENOMEM)
        gisac_err_set(err, rc, "out of memory");
    json_decref(root);
    return rc;
}

void vuln_record_free(vuln_record *r)
{
    if (!r)
        return;
    gisac_arena_free(r->arena);
    memset(r, 0, sizeof *r);
}

int vuln_record_keys(const vuln_record *r, int (*cb)(void *ctx, const char *key), void *ctx)
{
    /* few keys a record: a quadratic check for repeats is fine */
    char k[700];
    for (size_t i = 0; i < r->naff; i++) {
        const vuln_affected *a = &r->aff[i];
        const char *keys[260];
        char kinds[260];
        size_t n = 0;
        if (a->pkey)
            keys[n] = a->pkey, kinds[n++] = 'p';
        if (a->ckey)
            keys[n] = a->ckey, kinds[n++] = 'c';
        for (size_t j = 0; j < a->ncpe && n < 260; j++)
            keys[n] = a->cpe_keys[j], kinds[n++] = 'c';
        for (size_t j = 0; j < n; j++) {
            int seen = 0;
            for (size_t q = 0; q < i && !seen; q++) {
                const vuln_affected *b = &r->aff[q];
                if ((kinds[j] == 'p' && b->pkey && strcmp(b->pkey, keys[j]) == 0) ||
                    (kinds[j] == 'c' && b->ckey && strcmp(b->ckey, keys[j]) == 0))
                    seen = 1;
                for (size_t x = 0; kinds[j] == 'c' && x < b->ncpe && !seen; x++)
                    seen = strcmp(b->cpe_keys[x], keys[j]) == 0;
            }
            for (size_t q = 0; q < j && !seen; q++)
                seen = kinds[q] == kinds[j] && strcmp(keys[q], keys[j]) == 0;
            if (seen)
                continue;
            snprintf(k, sizeof k, "%c:%s", kinds[j], keys[j]);
            int rc = cb(ctx, k);
            if (rc)
                return rc;
        }
    }
    return 0;
}
