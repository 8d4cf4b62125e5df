/*
 * app_identity.h: the installation's identity (docs/taxii.md, "The
 * installation's identity"): the STIX identity that creates every object
 * gisac shares, and the namespace of the ids it derives (base.h,
 * gisac_identity).
 *
 * A new database gets its identity at its first open: a random UUID (v4)
 * and the name "gisac", or GISAC_IDENTITY_UUID and GISAC_IDENTITY_NAME from
 * the environment when set (an installation that moves to a new database
 * and must keep its ids). A database made before identities were per
 * installation keeps the one every installation had
 * (GISAC_IDENTITY_LEGACY_UUID, "gisac"), so that what it published keeps
 * its ids.
 */
#ifndef GISAC_APP_IDENTITY_H
#define GISAC_APP_IDENTITY_H

/*
 * The identity this handle renders with (valid while a is open); the
 * legacy identity when it cannot be read (the store fails). Pure read for
 * front ends that render indicators (intel_indicator_to_json).
 */
const gisac_identity *app_identity(app *a);

/* Show it: admin only (GISAC_EFORBIDDEN). */
int app_show_identity(app *a, const auth_principal *who, gisac_identity *out, gisac_err *err);

/*
 * Change the name and/or the UUID (NULL: unchanged; at least one given,
 * else GISAC_EINVAL); admin only. Audited as "identity.set". A new UUID
 * changes every id derived from now on (indicators served under a derived
 * id, new advisories, sightings); stored ids (advisories published, CVEs
 * cited) keep theirs. Every export changes with it (its data generation
 * moves). *out: the identity now.
 */
int app_set_identity(app *a, const auth_principal *who, const char *name, const char *uuid,
                     gisac_identity *out, gisac_err *err);

#endif
