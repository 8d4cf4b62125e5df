/*
 * vuln_vex.c: OpenVEX and CycloneDX VEX documents into statements
 * (vuln.h). Untrusted input: every member is type-checked, sizes are
 * bounded, an error names the JSON path.
 */
/* JSON paths are cut at their buffers' size on purpose */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif
#include "vuln/vuln.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *vuln_vex_status_name(vuln_vex_status s)
{
    static const char *const n[] = {"not_affected", "affected", "fixed", "under_investigation"};
    return (size_t)s < sizeof n / sizeof n[0] ? n[s] : "?";
}

static const char *str_of(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int bad(gisac_err *err, const char *path, const char *what)
{
    return gisac_err_at(err, GISAC_EINVAL, path, "%s: %s", path, what);
}

/* bad() at the member of the object at path ("$.statements[0]" "status"). */
static int bad_in(gisac_err *err, const char *path, const char *member, const char *what)
{
    char f[GISAC_ERR_FIELD];
    snprintf(f, sizeof f, "%s.%s", path, member);
    return bad(err, f, what);
}

/* A vulnerability's name or id: given, and at most 120 bytes. */
static int vuln_named(const char *s)
{
    return s && *s && strlen(s) <= 120;
}

/* The status named s in a table of (name, status); -1 when none. */
typedef struct status_name {
    const char *name;
    vuln_vex_status st;
} status_name;

static int status_of(const status_name *t, size_t n, const char *s)
{
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(t[i].name, s) == 0)
            return (int)t[i].st;
    return -1;
}

/* Append one statement (product a purl, checked; version from it unless given). */
static int add(vuln_vex_doc *d, const char *where, const char *vuln, const char *product,
               const char *version, vuln_vex_status st, const char *just, const char *text,
               gisac_err *err)
{
    vuln_purl p;
    gisac_err e2 = GISAC_ERR_INIT;
    if (!product || vuln_purl_parse(product, &p, &e2) < 0)
        return gisac_err_at(err, GISAC_EINVAL, where, "%s: %s", where,
                            product ? e2.msg : "a product is a package URL (pkg:...)");
    if (st == VULN_VEX_NOT_AFFECTED && !vuln_vex_justification_ok(just))
        return gisac_err_at(err, GISAC_EINVAL, where,
                            "%s: not_affected needs a justification of CycloneDX or OpenVEX "
                            "('%.40s' is none)",
                            where, just ? just : "");
    if (d->n >= VULN_VEX_MAX_STATEMENTS)
        return bad(err, where, "too many statements");
    gisac_arena *a = d->arena;
    vuln_vex_stmt s = {gisac_arena_strdup(a, where),
                       gisac_arena_strdup(a, vuln),
                       gisac_arena_strdup(a, product),
                       version && *version ? gisac_arena_strdup(a, version)
                       : p.version[0]      ? gisac_arena_strdup(a, p.version)
                                           : NULL,
                       st,
                       gisac_arena_strdup(a, just),
                       gisac_arena_strdup(a, text)};
    if (!s.where || !s.vuln || !s.product ||
        gisac_push(&d->v, &d->n, &d->cap, sizeof s, 16, &s) < 0)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    return 0;
}

/* ---- OpenVEX ------------------------------------------------------------------ */

static const status_name openvex_status[] = {{"not_affected", VULN_VEX_NOT_AFFECTED},
                                             {"affected", VULN_VEX_AFFECTED},
                                             {"fixed", VULN_VEX_FIXED},
                                             {"under_investigation", VULN_VEX_UNDER_INVESTIGATION}};

static int parse_openvex(vuln_vex_doc *d, json_t *root, gisac_err *err)
{
    snprintf(d->format, sizeof d->format, "openvex");
    json_t *sts = json_object_get(root, "statements");
    if (!json_is_array(sts))
        return bad(err, "$.statements", "an array of statements is required");
    size_t i;
    json_t *st;
    json_array_foreach(sts, i, st)
    {
        char w[GISAC_ERR_FIELD];
        snprintf(w, sizeof w, "$.statements[%zu]", i);
        if (!json_is_object(st))
            return bad(err, w, "not an object");
        /* vulnerability: {"name": ...} (0.2) or a string (0.0.x) */
        json_t *v = json_object_get(st, "vulnerability");
        const char *vuln = json_is_string(v) ? json_string_value(v) : str_of(v, "name");
        if (!vuln_named(vuln))
            return bad_in(err, w, "vulnerability", "no vulnerability name");
        int status = status_of(openvex_status, 4, str_of(st, "status"));
        if (status < 0)
            return bad_in(err, w, "status", "not_affected, affected, fixed or under_investigation");
        json_t *ps = json_object_get(st, "products");
        if (!json_is_array(ps) || json_array_size(ps) == 0)
            return bad_in(err, w, "products", "an array of products is required");
        size_t j;
        json_t *p;
        json_array_foreach(ps, j, p)
        {
            char pw[GISAC_ERR_FIELD];
            snprintf(pw, sizeof pw, "%s.products[%zu]", w, j);
            const char *purl = json_is_string(p) ? json_string_value(p) : str_of(p, "@id");
            const char *alt = str_of(json_object_get(p, "identifiers"), "purl");
            if (purl && strncmp(purl, "pkg:", 4) != 0 && alt)
                purl = alt;
            int rc = add(d, pw, vuln, purl, NULL, (vuln_vex_status)status,
                         str_of(st, "justification"), str_of(st, "impact_statement"), err);
            if (rc < 0)
                return rc;
        }
    }
    return 0;
}

/* ---- CycloneDX VEX ------------------------------------------------------------- */

static const status_name cdx_state[] = {
    {"not_affected", VULN_VEX_NOT_AFFECTED},    {"false_positive", VULN_VEX_NOT_AFFECTED},
    {"exploitable", VULN_VEX_AFFECTED},         {"resolved", VULN_VEX_FIXED},
    {"resolved_with_pedigree", VULN_VEX_FIXED}, {"in_triage", VULN_VEX_UNDER_INVESTIGATION}};

/* The purl of a CycloneDX affects[].ref: a purl itself, or a component's bom-ref. */
static const char *cdx_ref(json_t *root, const char *ref)
{
    if (!ref || strncmp(ref, "pkg:", 4) == 0)
        return ref;
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(root, "components"), i, c)
    {
        const char *b = str_of(c, "bom-ref");
        if (b && strcmp(b, ref) == 0)
            return str_of(c, "purl");
    }
    json_t *mc = json_object_get(json_object_get(root, "metadata"), "component");
    const char *b = str_of(mc, "bom-ref");
    return b && strcmp(b, ref) == 0 ? str_of(mc, "purl") : NULL;
}

static int parse_cdx(vuln_vex_doc *d, json_t *root, gisac_err *err)
{
    snprintf(d->format, sizeof d->format, "cyclonedx");
    json_t *vs = json_object_get(root, "vulnerabilities");
    if (!json_is_array(vs))
        return bad(err, "$.vulnerabilities", "a CycloneDX VEX has vulnerabilities");
    size_t i;
    json_t *v;
    json_array_foreach(vs, i, v)
    {
        char w[GISAC_ERR_FIELD];
        snprintf(w, sizeof w, "$.vulnerabilities[%zu]", i);
        if (!json_is_object(v))
            return bad(err, w, "not an object");
        const char *id = str_of(v, "id");
        if (!vuln_named(id))
            return bad_in(err, w, "id", "no vulnerability id");
        json_t *an = json_object_get(v, "analysis");
        int status =
            status_of(cdx_state, sizeof cdx_state / sizeof cdx_state[0], str_of(an, "state"));
        if (status < 0)
            return bad_in(err, w, "analysis.state", "not an impact analysis state");
        json_t *af = json_object_get(v, "affects");
        if (!json_is_array(af) || json_array_size(af) == 0)
            return bad_in(err, w, "affects", "an array of affected components is required");
        size_t j;
        json_t *a;
        json_array_foreach(af, j, a)
        {
            char aw[GISAC_ERR_FIELD];
            snprintf(aw, sizeof aw, "%s.affects[%zu]", w, j);
            const char *purl = cdx_ref(root, str_of(a, "ref"));
            const char *just = str_of(an, "justification"), *det = str_of(an, "detail");
            json_t *vers = json_object_get(a, "versions");
            size_t k, added = 0;
            json_t *ve;
            json_array_foreach(vers, k, ve)
            {
                /* versions with a status of their own: one statement each */
                const char *ver = str_of(ve, "version");
                static const status_name vstat[] = {{"unaffected", VULN_VEX_NOT_AFFECTED},
                                                    {"affected", VULN_VEX_AFFECTED},
                                                    {"unknown", VULN_VEX_UNDER_INVESTIGATION}};
                int vst = status_of(vstat, 3, str_of(ve, "status"));
                if (!ver || vst < 0) {
                    char vw[GISAC_ERR_FIELD];
                    snprintf(vw, sizeof vw, "%s.versions[%zu]", aw, k);
                    if (str_of(ve, "range") && !ver)
                        return bad(err, vw, "a version range (vers) is not read; give versions");
                    if (!ver)
                        return bad(err, vw, "no version");
                }
                int rc =
                    add(d, aw, id, purl, ver,
                        vst < 0 ? (vuln_vex_status)status : (vuln_vex_status)vst, just, det, err);
                if (rc < 0)
                    return rc;
                added++;
            }
            if (!added) {
                int rc = add(d, aw, id, purl, NULL, (vuln_vex_status)status, just, det, err);
                if (rc < 0)
                    return rc;
            }
        }
    }
    return 0;
}

int vuln_vex_parse(const char *data, size_t len, vuln_vex_doc *out, gisac_err *err)
{
    memset(out, 0, sizeof *out);
    json_t *root;
    int rc = vuln_json_open(data, len, JSON_REJECT_DUPLICATES, "a VEX document", &out->arena, &root,
                            err);
    if (rc < 0)
        return rc;
    const char *ctx = str_of(root, "@context");
    const char *bf = str_of(root, "bomFormat");
    if (ctx && strncmp(ctx, "https://openvex.dev/ns", 22) == 0)
        rc = parse_openvex(out, root, err);
    else if (bf && strcmp(bf, "CycloneDX") == 0)
        rc = parse_cdx(out, root, err);
    else
        rc = gisac_err_at(err, GISAC_EUNSUPPORTED, "$",
                          "not a VEX document gisac reads (OpenVEX, CycloneDX VEX)");
    json_decref(root);
    return rc;
}

void vuln_vex_free(vuln_vex_doc *d)
{
    if (!d)
        return;
    free(d->v);
    gisac_arena_free(d->arena);
    memset(d, 0, sizeof *d);
}
