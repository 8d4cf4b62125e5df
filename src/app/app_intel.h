/*
 * app_intel.h: the use cases of indicators, allowlist, feed import,
 * exports, TAXII, advisories. Part of app.h (include that, not this).
 *
 * Every read here applies the caller's view under TLP (app_view_of):
 * staff (admin, analyst) read every TLP; everyone else reads clear and
 * green, and amber or red only where their agency is a recipient. What a
 * caller may not read is absent, exactly like what does not exist. Reads
 * need AUTH_READ_INTEL, writes AUTH_WRITE_INTEL (GISAC_EFORBIDDEN).
 */
#ifndef GISAC_APP_INTEL_H
#define GISAC_APP_INTEL_H

/* ---- the caller's view ------------------------------------------------- */

/* What a caller reads under TLP: the pair intel_visible and the filters take. */
typedef struct app_view {
    gisac_tlp max_tlp;     /* TLP_UNSET: every TLP (staff) */
    const char *recipient; /* also amber and red meant for this agency; NULL: none */
} app_view;

/* The view of who (pure; recipient points into who). */
app_view app_view_of(const auth_principal *who);
/* 1 when who reads every TLP (staff). */
int app_view_all(const auth_principal *who);
/*
 * A cache key of who's view, appended to key (pure): two callers with the
 * same key are shown the same shared data (pages, feeds). 0 or GISAC_ENOMEM.
 */
int app_view_key(const auth_principal *who, gisac_buf *key);

/* ---- indicators ---------------------------------------------------------- */

/*
 * Search value (intel_search) and call cb with each hit who may read.
 * 0 when something visible was found, GISAC_ENOTFOUND when nothing was,
 * GISAC_EINVAL (field "$.value") for a bad value.
 */
int app_search_intel(app *a, const auth_principal *who, const char *value, intel_hit_cb cb,
                     void *ctx, gisac_err *err);

/*
 * The search answer as JSON appended to out: {"query":..,"hits":[...]}.
 * flags 0 (the API's): each hit {"relation","indicator"} where the
 * indicator holds its "sources" and, for staff, "recipients" and
 * "sightings"; INTEL_JSON_CLI (gisac intel search --json): each hit
 * {"relation","indicator","sources","sightings"}. *nhits counts the hits.
 * Errors as app_search_intel (nothing found is 0 with *nhits = 0).
 */
int app_search_intel_json(app *a, const auth_principal *who, const char *value, unsigned flags,
                          gisac_buf *out, size_t *nhits, gisac_err *err);

/*
 * The indicators f selects that who may read (f's viewer is set here), in
 * the order of intel_list. limit 0: all of them (cursor, next, more
 * unused); else one page (intel_list_page). Each row's stix_id is the STIX
 * id it is served under: its own, else derived in the installation's
 * namespace (app_identity).
 */
int app_list_intel(app *a, const auth_principal *who, const store_filter *f, const char *cursor,
                   size_t limit, store_indicator_cb cb, void *ctx, char next[INTEL_CURSOR_MAX],
                   int *more, gisac_err *err);

/*
 * The indicator (type, value in any accepted form) as JSON appended to
 * out, with its "sources" and, for staff, "recipients" and "sightings".
 * GISAC_ENOTFOUND when it does not exist or who may not read it.
 */
int app_get_intel_json(app *a, const auth_principal *who, ioc_type type, const char *value,
                       gisac_buf *out, gisac_err *err);

/* Sources and sightings of one indicator who may read (sightings: staff only). */
int app_intel_sources(app *a, const auth_principal *who, const store_indicator *ind,
                      store_source_cb cb, void *ctx, gisac_err *err);
int app_intel_sightings(app *a, const auth_principal *who, const store_indicator *ind,
                        store_sighting_cb cb, void *ctx, gisac_err *err);

/* Totals, counts by type, and by source through the callback: staff only. */
int app_intel_stats(app *a, const auth_principal *who, intel_stats *st, store_count_cb by_source,
                    void *ctx, gisac_err *err);

/* Revoke one indicator (value in any accepted form), or restore a revoked
 * one, with a reason (intel_revoke): staff only. */
int app_revoke_intel(app *a, const auth_principal *who, const char *value, const char *reason,
                     gisac_err *err);
int app_restore_intel(app *a, const auth_principal *who, const char *value, const char *reason,
                      gisac_err *err);

/* ---- allowlist ----------------------------------------------------------- */

int app_allow_add(app *a, const auth_principal *who, const char *value, const char *comment,
                  size_t *flagged, gisac_err *err);
int app_allow_remove(app *a, const auth_principal *who, const char *value, size_t *unflagged,
                     gisac_err *err);
int app_allow_list(app *a, const auth_principal *who, store_allow_cb cb, void *ctx, gisac_err *err);

/* ---- imports ------------------------------------------------------------- */

/* Import files (gisac feed import): intel_import. */
int app_import_feed(app *a, const auth_principal *who, const char *const *paths, size_t npaths,
                    const intel_import_opts *o, const intel_reporter *rep,
                    intel_import_summary *sum, gisac_err *err);
/* Import an upload named name (POST /api/v1/feeds/import): intel_import_buffer. */
int app_import_feed_data(app *a, const auth_principal *who, const char *name, const char *data,
                         size_t len, const intel_import_opts *o, const intel_reporter *rep,
                         intel_import_summary *sum, gisac_err *err);
/* Add indicators (POST /api/v1/indicators): intel_add_indicators. */
int app_add_intel(app *a, const auth_principal *who, const intel_new_indicator *v, size_t n,
                  const intel_import_opts *o, const intel_reporter *rep, intel_import_summary *sum,
                  size_t *bad, gisac_err *err);

/* ---- exports and feeds ----------------------------------------------------- */

/*
 * Export the active indicators who may read (intel_export): o's max_tlp
 * is lowered to who's view and its recipient set to who's agency, whose
 * amber and red indicators come up to the max_tlp asked for only.
 */
int app_export_intel(app *a, const auth_principal *who, const intel_export_opts *o,
                     const char *out_path, FILE *out, size_t *count, gisac_err *err);

/* ---- TAXII ----------------------------------------------------------------- */

/* A TAXII collection as who sees it. */
typedef struct app_taxii_coll {
    char id[GISAC_UUID_LEN];
    char agency[AUTH_AGENCY_ID_MAX + 1]; /* an agency's collection; "" otherwise */
    char name[AUTH_AGENCY_NAME_MAX + 1];
    char source[INTEL_TAXII_SOURCE_MAX];
    int advisories; /* the collection "Advisories" */
    int can_read, can_write;
} app_taxii_coll;

/* The collections who may read or write, in order (shared, advisories, agencies). */
typedef int (*app_taxii_coll_cb)(void *ctx, const app_taxii_coll *c);
int app_taxii_collections(app *a, const auth_principal *who, app_taxii_coll_cb cb, void *ctx,
                          gisac_err *err);
/* The collection with id: 0, GISAC_ENOTFOUND (unknown or neither readable nor writable). */
int app_taxii_collection(app *a, const auth_principal *who, const char *id, app_taxii_coll *out,
                         gisac_err *err);

/*
 * Reads of collection c (as app_taxii_collection gave it): the viewer and
 * the collection's source are set in q here. GISAC_EFORBIDDEN when c is
 * not readable.
 */
int app_taxii_page(app *a, const auth_principal *who, const app_taxii_coll *c, intel_taxii_query *q,
                   intel_taxii_page *page, gisac_err *err);
int app_taxii_object(app *a, const auth_principal *who, const app_taxii_coll *c,
                     intel_taxii_query *q, const char *stix_id, gisac_buf *obj, int64_t *added,
                     gisac_err *err);
int app_taxii_versions(app *a, const auth_principal *who, const app_taxii_coll *c,
                       intel_taxii_query *q, const char *stix_id, int64_t *modified, int64_t *added,
                       gisac_err *err);
/* The same for the collection "Advisories" (q's viewer set here). */
int app_taxii_advisory_page(app *a, const auth_principal *who, advisory_taxii_query *q,
                            advisory_taxii_page *page, gisac_err *err);
int app_taxii_advisory_object(app *a, const auth_principal *who, advisory_taxii_query *q,
                              const char *stix_id, advisory_taxii_page *page, gisac_err *err);
int app_taxii_advisory_versions(app *a, const auth_principal *who, advisory_taxii_query *q,
                                const char *stix_id, gisac_buf *out, size_t *count, int64_t *first,
                                int64_t *last, gisac_err *err);

/*
 * Add the objects of a TAXII envelope to agency collection c (an agency
 * writes to its own only: GISAC_EFORBIDDEN otherwise) and render the
 * status resource into status (JSON). GISAC_EINVAL when the body is not
 * an envelope.
 */
int app_taxii_add(app *a, const auth_principal *who, const app_taxii_coll *c, const char *body,
                  size_t len, gisac_buf *status, gisac_err *err);
/* The status resource id as JSON into out: its creator, or staff. */
int app_taxii_status(app *a, const auth_principal *who, const char *id, gisac_buf *out,
                     gisac_err *err);
/*
 * Delete an object from c: GISAC_ENOTFOUND when who cannot see it there,
 * GISAC_EFORBIDDEN when who sees it but may not delete (advisories are
 * never deleted).
 */
int app_taxii_delete(app *a, const auth_principal *who, const app_taxii_coll *c,
                     const char *stix_id, gisac_err *err);

/* ---- advisories ------------------------------------------------------------ */

/* Publish (or revise) an advisory: AUTH_WRITE_INTEL. */
int app_publish_advisory(app *a, const auth_principal *who, const advisory_input *v, int64_t now,
                         advisory **out, advisory_where *where, gisac_err *err);
/* One advisory who may read (revision 0: the latest). */
int app_get_advisory(app *a, const auth_principal *who, const char *id, int revision,
                     advisory **out, gisac_err *err);
/* The latest revisions who may read: all (limit 0), or a page. */
int app_list_advisories(app *a, const auth_principal *who, const advisory_filter *f,
                        const char *cursor, size_t limit, advisory_cb cb, void *ctx,
                        char next[ADVISORY_ID_MAX], int *more, gisac_err *err);
/* How many advisories were published in [from, to): staff. */
int app_count_advisories(app *a, const auth_principal *who, int64_t from, int64_t to, int64_t *n,
                         gisac_err *err);
/* The STIX bundle of one advisory who may read. */
int app_advisory_bundle(app *a, const auth_principal *who, const advisory *adv, int64_t now,
                        gisac_buf *out, gisac_err *err);

#endif
