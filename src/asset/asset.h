/*
 * asset.h: the software-asset register (docs/asset.md).
 *
 *   parsing    CycloneDX JSON (1.4 to 1.6) and SPDX 2.3 JSON (asset_sbom.c),
 *              a Debian dpkg status file and a CSV inventory (asset_text.c)
 *              into one list of components: name and version as given,
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
    char format[24];     /* "cyclonedx-1.5", "spdx-2.3", "dpkg-status", "csv" */
    const char *subject; /* what the SBOM describes (metadata.component / document name) */
    asset_component *v;
    size_t n, cap;
    gisac_arena *arena;
    size_t line; /* dpkg status and CSV: the line an error concerns (1-based), else 0 */
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

/*
 * Append a component, its purl and CPE checked (the CPE normalised). path:
 * the JSON path the component was read at, named by errors ("$.packages[2]",
 * err's field then "$.packages[2].purl"); NULL for a line format (the field
 * is then "name", "purl" or "cpe" and the caller tells the line).
 */
int asset_sbom_add(asset_sbom *sb, const char *path, const char *name, const char *version,
                   const char *purl, const char *cpe, gisac_err *err);

/*
 * A Debian dpkg status file (/var/lib/dpkg/status): one component per
 * installed package (Status "install ok installed" or "hold ok installed";
 * others are skipped), named by its Package and Version as written, its
 * purl "pkg:deb/NS/PACKAGE@VERSION?arch=ARCH&upstream=SOURCE[@SRCVERSION]
 * &distro=DISTRO" (NS the distro's name, "debian" when distro is NULL) so
 * that distribution data is matched on the source package and its version.
 * distro: "debian-12", "ubuntu-22.04" or NULL (then release-specific data
 * answers "unknown"). GISAC_EINVAL with out->line set for a malformed line
 * or paragraph.
 */
int asset_dpkg_parse(const char *data, size_t len, const char *distro, asset_sbom *out,
                     gisac_err *err);
/* 0 when distro is a "NAME-RELEASE" a dpkg import takes ("debian-12"), else GISAC_EINVAL. */
int asset_distro_check(const char *distro, gisac_err *err);

/*
 * A CSV inventory (RFC 4180: quoted fields may hold commas, quotes doubled
 * and line breaks), each record "vendor,product,version,cpe,purl", an
 * optional header row of those names first. A component is named by its
 * product (else its purl's name, else its CPE's product), its version the
 * version column (else its purl's version); without a CPE, a vendor and product make
 * one (cpe:2.3:a:VENDOR:PRODUCT:VERSION:...). GISAC_EINVAL with out->line
 * the record's first line for a malformed record.
 */
int asset_csv_parse(const char *data, size_t len, asset_sbom *out, gisac_err *err);

/*
 * Any inventory gisac reads, told by its content: JSON (an SBOM; also any
 * file whose name, which may be NULL, ends in ".json"), a dpkg status file
 * (its first field "Package:"), else CSV.
 */
int asset_inventory_parse(const char *data, size_t len, const char *name, const char *distro,
                          asset_sbom *out, gisac_err *err);

/* ---- the register (asset.c) ------------------------------------------------- */

typedef struct asset_import_result {
    char agency[128]; /* the agency imported into */
    int64_t host_id;
    size_t components; /* now in the host's inventory */
    size_t added, removed;
    size_t line; /* a dpkg status or CSV file's line an error concerns, else 0 */
} asset_import_result;

/*
 * Replace the inventory of host (agency, host) with sb's components in one
 * transaction (the host is made on first import); system may be NULL.
 * Changes are recorded in the host's history at now.
 */
int asset_import(store *s, const char *agency, const char *host, const char *system,
                 const asset_sbom *sb, int64_t now, asset_import_result *out, gisac_err *err);

#endif
