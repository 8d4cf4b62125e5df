/*
 * app_policy_level.c: the level matrix of the active policy as a question
 * (app_incident.h, app_policy_level): the portal's report form asks it as
 * the impacts are chosen, so that the rule lives only in the policy.
 */
#include "app/app_internal.h"

#include <stdio.h>
#include <string.h>

/* The error just set (code rc) concerns field. */
static int named(gisac_err *err, int rc, const char *field)
{
    if (err)
        snprintf(err->field, sizeof err->field, "%s", field);
    return rc;
}

int app_policy_level(app *a, const auth_principal *who, const char *asset,
                     const char *confidentiality, const char *integrity, const char *availability,
                     int *level, int *major, gisac_err *err)
{
    *level = 0;
    *major = 0;
    if (!auth_can(who, AUTH_READ_AGENCY, who->agency && *who->agency ? who->agency : NULL))
        return gisac_err_set(err, GISAC_EFORBIDDEN,
                             "only staff and agency officers may compute incident levels");
    policy_asset as;
    policy_impact c = POLICY_IMPACT_NONE, i = POLICY_IMPACT_NONE;
    policy_avail av = POLICY_AVAIL_NONE;
    if (!asset)
        return gisac_err_at(err, GISAC_EINVAL, "$.asset", "required");
    if (policy_asset_parse(asset, &as, err) < 0)
        return named(err, GISAC_EINVAL, "$.asset");
    if (confidentiality && policy_impact_parse("confidentiality", confidentiality, &c, err) < 0)
        return named(err, GISAC_EINVAL, "$.confidentiality");
    if (integrity && policy_impact_parse("integrity", integrity, &i, err) < 0)
        return named(err, GISAC_EINVAL, "$.integrity");
    if (availability && policy_avail_parse(availability, &av, err) < 0)
        return named(err, GISAC_EINVAL, "$.availability");
    policy p;
    incident_policy_info info;
    int rc = app_get_policy(a, who, 0, &p, &info, err);
    if (rc < 0)
        return rc;
    rc = policy_level(&p, as, c, i, av, level, err);
    if (rc == GISAC_EINVAL && err && !err->field[0])
        named(err, rc, "$.availability"); /* a cell that does not apply to the asset */
    if (rc == 0)
        *major = *level > 0 && *level >= p.major_level;
    policy_free(&p);
    return rc;
}
