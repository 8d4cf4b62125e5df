/*
 * asset_sbom.c: CycloneDX and SPDX JSON into a list of components
 * (asset.h). Untrusted input: sizes and nesting are bounded, every purl
 * and CPE is checked, and an error names the JSON path it concerns.
 */
/* JSON paths and explanations are cut at their buffers' size on purpose
 * (an error's field holds GISAC_ERR_FIELD bytes) */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif
#include "asset/asset.h"
#include "vuln/vuln.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NEST_MAX 32

static const char *str_of(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* A component's purl or cpe (member) at path that does not parse (e2 says why). */
static int ref_error(const char *path, const char *member, const gisac_err *e2, gisac_err *err)
{
    char field[GISAC_ERR_FIELD];
    snprintf(field, sizeof field, "%s%s%s", path ? path : "", path ? "." : "", member);
    return gisac_err_at(err, GISAC_EINVAL, field, "%s: %s", field, e2->msg);
}

int asset_sbom_add(asset_sbom *sb, const char *path, const char *name, const char *version,
                   const char *purl, const char *cpe, gisac_err *err)
{
    char npurl[1100] = "", ncpe[VULN_CPE_MAX + 64] = "";
    if ((!name || !*name) && path)
        return gisac_err_at(err, GISAC_EINVAL, path, "%s: a component without a name", path);
    if (!name || !*name)
        return gisac_err_at(err, GISAC_EINVAL, "name", "a component without a name");
    if (purl && *purl) {
        vuln_purl p;
        gisac_err e2 = GISAC_ERR_INIT;
        if (vuln_purl_parse(purl, &p, &e2) < 0)
            return ref_error(path, "purl", &e2, err);
        snprintf(npurl, sizeof npurl, "%s", purl);
    }
    if (cpe && *cpe) {
        vuln_cpe c;
        gisac_err e2 = GISAC_ERR_INIT;
        if (vuln_cpe_parse(cpe, &c, &e2) < 0)
            return ref_error(path, "cpe", &e2, err);
        vuln_cpe_format(&c, ncpe, sizeof ncpe);
    }
    const char *ecosystem = "";
    char type[32] = "";
    if (npurl[0]) {
        vuln_purl p;
        vuln_purl_parse(npurl, &p, NULL);
        snprintf(type, sizeof type, "%s", p.type);
        ecosystem = type;
    } else if (ncpe[0])
        ecosystem = "cpe";
    if (sb->n >= ASSET_SBOM_MAX_COMPONENTS)
        return gisac_err_at(err, GISAC_EINVAL, path ? path : "$", "more than %d components",
                            ASSET_SBOM_MAX_COMPONENTS);
    asset_component c = {
        gisac_arena_strdup(sb->arena, name),
        version && *version ? gisac_arena_strdup(sb->arena, version) : NULL,
        npurl[0] ? gisac_arena_strdup(sb->arena, npurl) : NULL,
        ncpe[0] ? gisac_arena_strdup(sb->arena, ncpe) : NULL,
        gisac_arena_strdup(sb->arena, ecosystem),
    };
    if (!c.name || !c.ecosystem)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (gisac_push(&sb->v, &sb->n, &sb->cap, sizeof c, 64, &c) < 0)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    return 0;
}

static int cdx_components(asset_sbom *sb, json_t *arr, const char *path, int depth, gisac_err *err)
{
    if (!arr)
        return 0;
    if (!json_is_array(arr))
        return gisac_err_at(err, GISAC_EINVAL, path, "%s: not an array", path);
    if (depth > NEST_MAX)
        return gisac_err_at(err, GISAC_EINVAL, path, "%s: components nest too deep", path);
    size_t i;
    json_t *c;
    json_array_foreach(arr, i, c)
    {
        char p[GISAC_ERR_FIELD];
        snprintf(p, sizeof p, "%s[%zu]", path, i);
        if (!json_is_object(c))
            return gisac_err_at(err, GISAC_EINVAL, p, "%s: not an object", p);
        json_t *name = json_object_get(c, "name");
        if (!json_is_string(name))
            return gisac_err_at(err, GISAC_EINVAL, p, "%s: a component without a name", p);
        json_t *ver = json_object_get(c, "version");
        if (ver && !json_is_string(ver))
            return gisac_err_at(err, GISAC_EINVAL, p, "%s.version: not a string", p);
        int rc = asset_sbom_add(sb, p, json_string_value(name), str_of(c, "version"),
                                str_of(c, "purl"), str_of(c, "cpe"), err);
        if (rc < 0)
            return rc;
        char sub[GISAC_ERR_FIELD];
        snprintf(sub, sizeof sub, "%s.components", p);
        rc = cdx_components(sb, json_object_get(c, "components"), sub, depth + 1, err);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int parse_cdx(asset_sbom *sb, json_t *root, gisac_err *err)
{
    const char *sv = str_of(root, "specVersion");
    if (!sv)
        return gisac_err_at(err, GISAC_EINVAL, "$.specVersion", "CycloneDX: no specVersion");
    if (strcmp(sv, "1.4") != 0 && strcmp(sv, "1.5") != 0 && strcmp(sv, "1.6") != 0)
        return gisac_err_at(err, GISAC_EUNSUPPORTED, "$.specVersion",
                            "CycloneDX %s is not supported (1.4 to 1.6 are)", sv);
    snprintf(sb->format, sizeof sb->format, "cyclonedx-%s", sv);
    json_t *mc = json_object_get(json_object_get(root, "metadata"), "component");
    if (json_is_object(mc) && str_of(mc, "name"))
        sb->subject = gisac_arena_strdup(sb->arena, str_of(mc, "name"));
    return cdx_components(sb, json_object_get(root, "components"), "$.components", 0, err);
}

static int parse_spdx(asset_sbom *sb, json_t *root, gisac_err *err)
{
    const char *sv = str_of(root, "spdxVersion");
    if (strcmp(sv, "SPDX-2.3") != 0)
        return gisac_err_at(err, GISAC_EUNSUPPORTED, "$.spdxVersion",
                            "%s is not supported (SPDX-2.3 is)", sv);
    snprintf(sb->format, sizeof sb->format, "spdx-2.3");
    if (str_of(root, "name"))
        sb->subject = gisac_arena_strdup(sb->arena, str_of(root, "name"));
    json_t *pk = json_object_get(root, "packages");
    if (pk && !json_is_array(pk))
        return gisac_err_at(err, GISAC_EINVAL, "$.packages", "$.packages: not an array");
    size_t i;
    json_t *p;
    json_array_foreach(pk, i, p)
    {
        char path[GISAC_ERR_FIELD];
        snprintf(path, sizeof path, "$.packages[%zu]", i);
        if (!json_is_object(p))
            return gisac_err_at(err, GISAC_EINVAL, path, "%s: not an object", path);
        const char *purl = NULL, *cpe = NULL;
        json_t *refs = json_object_get(p, "externalRefs");
        size_t j;
        json_t *r;
        json_array_foreach(refs, j, r)
        {
            const char *type = str_of(r, "referenceType");
            const char *loc = str_of(r, "referenceLocator");
            if (!type || !loc)
                continue;
            if (strcmp(type, "purl") == 0 && !purl)
                purl = loc;
            else if ((strcmp(type, "cpe23Type") == 0 || strcmp(type, "cpe22Type") == 0) && !cpe)
                cpe = loc;
        }
        int rc =
            asset_sbom_add(sb, path, str_of(p, "name"), str_of(p, "versionInfo"), purl, cpe, err);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int asset_sbom_parse(const char *data, size_t len, asset_sbom *out, gisac_err *err)
{
    memset(out, 0, sizeof *out);
    json_t *root;
    int rc = vuln_json_open(data, len, JSON_REJECT_DUPLICATES, "an SBOM", &out->arena, &root, err);
    if (rc < 0)
        return rc;
    if (str_of(root, "bomFormat") && strcmp(str_of(root, "bomFormat"), "CycloneDX") == 0)
        rc = parse_cdx(out, root, err);
    else if (str_of(root, "spdxVersion"))
        rc = parse_spdx(out, root, err);
    else
        rc = gisac_err_at(err, GISAC_EUNSUPPORTED, "$",
                          "not an SBOM gisac reads (CycloneDX JSON 1.4-1.6, SPDX 2.3 JSON)");
    json_decref(root);
    return rc;
}

void asset_sbom_free(asset_sbom *s)
{
    if (!s)
        return;
    free(s->v);
    gisac_arena_free(s->arena);
    memset(s, 0, sizeof *s);
}
