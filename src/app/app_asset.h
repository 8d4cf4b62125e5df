/*
 * app_asset.h: the use cases of the software-asset register and of
 * vulnerability data (docs/asset.md, docs/vuln.md). Part of app.h
 * (include that, not this).
 *
 * Who may do what: an agency's inventory is the agency's (read and write
 * agency: an officer their own, staff every agency; others
 * GISAC_EFORBIDDEN); vulnerability data is shared intelligence (read
 * intel to read it, write intel to import it). A VEX statement is an
 * agency's (write agency) or, without an agency, the office's for every
 * agency (staff only).
 */
#ifndef GISAC_APP_ASSET_H
#define GISAC_APP_ASSET_H

#include "asset/asset.h"
#include "vuln/vuln.h"

/*
 * Import one inventory (data, len: an SBOM, a dpkg status file or a CSV,
 * asset_inventory_parse) into agency's register (NULL: an officer's own
 * agency; out->agency names it). host: the host's name; NULL takes the
 * SBOM's subject, else name_hint (the file's name; not for a dpkg status
 * file, which must be given a host). system and distro ("debian-12", for a
 * dpkg status file) may be NULL. A line format's error sets out->line.
 */
int app_import_asset(app *a, const auth_principal *who, const char *agency, const char *host,
                     const char *system, const char *distro, const char *data, size_t len,
                     const char *name_hint, asset_import_result *out, char *host_out,
                     size_t host_cap, gisac_err *err);

typedef struct app_asset_filter {
    const char *agency;    /* NULL: every agency the caller may read */
    const char *host;      /* NULL: every host */
    const char *component; /* a purl or CPE (any version): NULL: every component */
} app_asset_filter;
int app_list_assets(app *a, const auth_principal *who, const app_asset_filter *f, store_asset_cb cb,
                    void *ctx, gisac_err *err);
int app_list_asset_changes(app *a, const auth_principal *who, const app_asset_filter *f,
                           store_asset_change_cb cb, void *ctx, gisac_err *err);
/* A component row as JSON (one object): agency, host, system, name, version, purl, cpe,
 * ecosystem, imported. */
int app_asset_to_json(const store_asset_row *r, gisac_buf *out);

/*
 * Import one vulnerability file (CVE 5, OSV, KEV catalogue); counts added
 * to *out. After a record, every agency with a component it newly affects
 * (or may affect) gets a notice (app_vuln_notices).
 */
int app_import_vuln(app *a, const auth_principal *who, const char *data, size_t len,
                    vuln_import_result *out, gisac_err *err);
/*
 * Notices of vulnerability vuln (any of its ids): each agency with
 * components that are affected or unknown, not suppressed, and not told
 * before gets one "vuln.affected" notification listing them (most urgent
 * agencies first); *sent counts them. One transaction.
 */
int app_vuln_notices(app *a, const char *vuln, int64_t now, size_t *sent, gisac_err *err);
/* The affected components the caller may see (f->agency NULL: all of them). */
int app_list_affected(app *a, const auth_principal *who, const vuln_filter *f, vuln_hit_cb cb,
                      void *ctx, gisac_err *err);
/* One vulnerability as JSON (vuln_show_json). */
int app_show_vuln(app *a, const auth_principal *who, const char *id, gisac_buf *out,
                  gisac_err *err);

typedef struct app_vex_input {
    const char *agency;    /* NULL: the office's statement, for every agency */
    const char *vuln;      /* any id of the vulnerability */
    const char *component; /* a purl (its package key is kept) or a CPE (vendor:product) */
    const char *version;   /* one version, or NULL */
    const char *from, *to; /* an inclusive range (either end may be NULL), or NULL */
    const char *justification;
    const char *statement;
} app_vex_input;
/* Record a not_affected statement; its id into *id. */
int app_add_vex(app *a, const auth_principal *who, const app_vex_input *in, int64_t *id,
                gisac_err *err);
int app_list_vex(app *a, const auth_principal *who, const char *agency, store_vex_cb cb, void *ctx,
                 gisac_err *err);

typedef struct app_vex_import_result {
    char format[16];     /* "openvex", "cyclonedx" */
    size_t statements;   /* in the document (one per product and version) */
    size_t added;        /* not_affected statements recorded (app_add_vex) */
    size_t known;        /* not_affected statements recorded before (an import again) */
    size_t other;        /* affected, fixed, under_investigation: information, no mark */
    size_t unknown_vuln; /* of a vulnerability not in the data */
} app_vex_import_result;
/*
 * Import a VEX document (OpenVEX, CycloneDX VEX; vuln_vex_parse): each
 * not_affected statement becomes a VEX mark of agency (as app_add_vex: an
 * officer's own agency; NULL from staff: the office's, for every agency)
 * for the product's package at the product's version (every version when
 * the purl names none), once however often imported. Other statuses are
 * counted, not marked; statements of vulnerabilities not in the data are
 * counted and skipped.
 */
int app_import_vex(app *a, const auth_principal *who, const char *agency, const char *data,
                   size_t len, app_vex_import_result *out, gisac_err *err);
int app_vex_to_json(const store_vex_row *r, gisac_buf *out);

#endif
