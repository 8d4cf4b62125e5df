/*
 * store_asset.h: the software-asset register and the vulnerability data
 * (src/store/store_asset.c; issue 15, docs/asset.md, docs/vuln.md).
 * Included by store.h; its general rules hold.
 *
 * Rules of this area:
 *   - Rows only: parsing, matching and who may see what belong to
 *     src/asset, src/vuln and src/app.
 *   - Keys: a component carries pkey (a purl's package key, "npm/lodash")
 *     and ckey (a CPE's "vendor:product"); a vulnerability record names
 *     the keys it concerns (kind "p" or "c"), so candidates are found by
 *     index, never by scanning.
 *   - Transactions: store_vuln_put is one unit (record, aliases, keys);
 *     an inventory import is the caller's transaction (store_begin).
 *   - Errors: GISAC_ENOTFOUND for a missing row; GISAC_EINVAL when the
 *     agency does not exist.
 */
#ifndef GISAC_STORE_ASSET_H
#define GISAC_STORE_ASSET_H

#include "store/store.h"

typedef struct store_asset_row {
    int64_t id, host_id;
    const char *agency, *host, *system;
    const char *name, *version, *purl, *cpe, *ecosystem;
    int64_t imported;
} store_asset_row;
typedef int (*store_asset_cb)(void *ctx, const store_asset_row *r);

/* The host (agency, name), made or updated (system, format, imported = now); its id into *id. */
int store_asset_host_put(store *s, const char *agency, const char *name, const char *system,
                         const char *format, int64_t now, int64_t *id, gisac_err *err);
/* Every component of a host (read into memory first: cb may use the store). */
int store_asset_host_components(store *s, int64_t host_id, store_asset_cb cb, void *ctx,
                                gisac_err *err);
/* Remove every component of a host. */
int store_asset_host_clear(store *s, int64_t host_id, gisac_err *err);
/* Add a component (name, version, purl, cpe, ecosystem of c) with its keys;
 * *added 0 when the host has it already. */
int store_asset_component_add(store *s, int64_t host_id, const store_asset_row *c, const char *pkey,
                              const char *ckey, int *added, gisac_err *err);
/* Record a change ("added", "removed") of component c of host at at. */
int store_asset_change_add(store *s, int64_t host_id, int64_t at, const char *change,
                           const store_asset_row *c, gisac_err *err);

typedef struct store_asset_filter {
    const char *agency; /* NULL: every one */
    const char *host;
    const char *pkey; /* a purl's package key */
    const char *ckey; /* a CPE's "vendor:product" */
} store_asset_filter;
/* The components that pass f, by agency, host, name, version; read into memory first. */
int store_asset_list(store *s, const store_asset_filter *f, store_asset_cb cb, void *ctx,
                     gisac_err *err);

typedef struct store_asset_change_row {
    int64_t at;
    const char *agency, *host, *change, *name, *version, *purl, *cpe;
} store_asset_change_row;
typedef int (*store_asset_change_cb)(void *ctx, const store_asset_change_row *r);
/* The history of the hosts that pass f (agency, host), oldest first. */
int store_asset_changes(store *s, const store_asset_filter *f, store_asset_change_cb cb, void *ctx,
                        gisac_err *err);

/* ---- vulnerability data ------------------------------------------------------ */

typedef struct store_vuln_row {
    const char *id;     /* the record's own id (CVE-..., GHSA-..., GO-...) */
    const char *vuln;   /* the vulnerability it belongs to */
    const char *source; /* "cve5", "osv" */
    int64_t published, modified, imported;
    const char *summary, *severity; /* NULL when none */
    int withdrawn;
    const char *data; /* the record as imported (JSON) */
} store_vuln_row;
typedef int (*store_vuln_cb)(void *ctx, const store_vuln_row *r);

/*
 * Insert or replace the record r->id with its aliases and keys (each key
 * "p:<purl key>" or "c:<vendor>:<product>"), as one unit. Alias sets join
 * (union-find): every vulnerability sharing an id with the record (its
 * id, r->vuln or an alias) becomes one, named by a CVE id when any is one
 * (else the shortest, then smallest id); the records, VEX statements and
 * notices of the others are renamed to it.
 */
int store_vuln_put(store *s, const store_vuln_row *r, const char *const *aliases, size_t naliases,
                   const char *const *keys, size_t nkeys, gisac_err *err);
/* The records whose key (kind "p" or "c") is key; read into memory first. */
int store_vuln_by_key(store *s, const char *kind, const char *key, store_vuln_cb cb, void *ctx,
                      gisac_err *err);
/* The records of a vulnerability named by any of its ids (vuln, record id or alias). */
int store_vuln_records(store *s, const char *id, store_vuln_cb cb, void *ctx, gisac_err *err);
/* The aliases and record ids of vulnerability vuln, each once, sorted. */
int store_vuln_aliases(store *s, const char *vuln, store_name_cb cb, void *ctx, gisac_err *err);
/* Every record imported at or after since (0: all), for matching new data. */
int store_vuln_since(store *s, int64_t since, store_vuln_cb cb, void *ctx, gisac_err *err);
/* Known exploited: put one CVE; *yes (and added, cap bytes, may be NULL) for one. */
int store_vuln_kev_put(store *s, const char *cve, const char *added, const char *name,
                       gisac_err *err);
int store_vuln_kev_get(store *s, const char *cve, int *yes, char *added, size_t cap,
                       gisac_err *err);

typedef struct store_vex_row {
    int64_t id;
    const char *agency; /* NULL: the office's, for every agency */
    const char *vuln, *component;
    const char *version;               /* one version, or NULL */
    const char *range_from, *range_to; /* an inclusive range, or NULL */
    const char *justification, *statement;
    int64_t created;
    const char *created_by;
} store_vex_row;
typedef int (*store_vex_cb)(void *ctx, const store_vex_row *r);
int store_vex_insert(store *s, store_vex_row *r, gisac_err *err);
/* The statements for vuln (NULL: all) that apply to agency (its own and the office's; NULL: all).
 */
int store_vex_list(store *s, const char *agency, const char *vuln, store_vex_cb cb, void *ctx,
                   gisac_err *err);
int store_vex_delete(store *s, int64_t id, gisac_err *err);

/* Remember that agency was told of (vuln, host, component); *fresh 1 when it had not been. */
int store_vuln_notice_put(store *s, const char *agency, const char *vuln, const char *host,
                          const char *component, int64_t at, int *fresh, gisac_err *err);

#endif
