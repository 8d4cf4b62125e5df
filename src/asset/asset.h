/*
 * asset.h: the software-asset register (docs/asset.md).
 *
 *   parsing    CycloneDX JSON (1.4 to 1.6) and SPDX 2.3 JSON into one list
 *              of components (asset_sbom.c): name and version as given,
 *              purl and CPE checked and normalised (vuln.h)
 *   register   per agency and host, a re-import replaces the host's
 *              inventory in one transaction and records what appeared and
 *              what went (asset.c, on the store)
 *
 * Who may do what is the application's business (src/app/app_asset.c).
 * Nothing here prints, exits or aborts.
 */
#ifndef GISAC_ASSET_H
#define GISAC_ASSET_H

#include "base/base.h"
#include "store/store.h"

typedef struct asset_component {
    const char *name;
    const char *version;   /* NULL when the SBOM gives none */
    const char *purl;      /* normalised input, NULL when none */
    const char *cpe;       /* CPE 2.3 formatted string, NULL when none */
    const char *ecosystem; /* the purl type ("npm", "deb"), "cpe" or "" */
} asset_component;

typedef struct asset_sbom {
    char format[24];     /* "cyclonedx-1.5", "spdx-2.3" */
    const char *subject; /* what the SBOM describes (metadata.component / document name) */
    asset_component *v;
    size_t n, cap;
    gisac_arena *arena;
} asset_sbom;

#define ASSET_SBOM_MAX_COMPONENTS 200000

/*
 * Parse an SBOM (its format told by its content). GISAC_EINVAL for bad
 * JSON or a malformed purl or CPE (err names the JSON path, e.g.
 * "$.components[3].purl"); GISAC_EUNSUPPORTED for another format or
 * version. Duplicates are left to the register (kept once there).
 */
int asset_sbom_parse(const char *data, size_t len, asset_sbom *out, gisac_err *err);
void asset_sbom_free(asset_sbom *s);

/* ---- the register (asset.c) ------------------------------------------------- */

typedef struct asset_import_result {
    char agency[128]; /* the agency imported into */
    int64_t host_id;
    size_t components; /* now in the host's inventory */
    size_t added, removed;
} asset_import_result;

/*
 * Replace the inventory of host (agency, host) with sb's components in one
 * transaction (the host is made on first import); system may be NULL.
 * Changes are recorded in the host's history at now.
 */
int asset_import(store *s, const char *agency, const char *host, const char *system,
                 const asset_sbom *sb, int64_t now, asset_import_result *out, gisac_err *err);

#endif
