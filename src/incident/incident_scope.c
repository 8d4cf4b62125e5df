/*
 * incident_scope.c: who sees which agency's incidents (incident.h, "who
 * sees what"): office staff every agency, an agency account its own and
 * every agency below it (the supervising authority), by the agency
 * hierarchy the store walks (store_agency_under, bounded depth).
 */
#include "incident/incident_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct scope_ctx {
    incident_scope *sc;
} scope_ctx;

static int scope_row(void *ctx, const store_agency *a)
{
    incident_scope *sc = ctx;
    char id[AUTH_AGENCY_ID_MAX + 1];
    snprintf(id, sizeof id, "%s", a->id);
    return gisac_push_or_stop(&sc->ids, &sc->n, &sc->cap, sizeof id, 8, id, &sc->oom);
}

int incident_scope_load(incident_svc *svc, const auth_principal *who, incident_scope *sc,
                        gisac_err *err)
{
    memset(sc, 0, sizeof *sc);
    if (incident_is_staff(who)) {
        sc->all = 1;
        return 0;
    }
    if (!who || who->role != AUTH_ROLE_AGENCY || !who->agency || !*who->agency)
        return 0; /* nothing */
    int rc = store_agency_under(svc->st, who->agency, scope_row, sc, err);
    if (rc == 0 && sc->oom)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (rc < 0)
        incident_scope_free(sc);
    return rc;
}

int incident_scope_has(const incident_scope *sc, const char *agency)
{
    if (sc->all)
        return 1;
    for (size_t i = 0; agency && i < sc->n; i++)
        if (strcmp(sc->ids[i], agency) == 0)
            return 1;
    return 0;
}

void incident_scope_free(incident_scope *sc)
{
    free(sc->ids);
    sc->ids = NULL;
    sc->n = sc->cap = 0;
}

int incident_may_see_agency(incident_svc *svc, const auth_principal *who, const char *agency,
                            int *yes, gisac_err *err)
{
    *yes = 0;
    if (incident_is_staff(who)) {
        *yes = 1;
        return 0;
    }
    if (!who || who->role != AUTH_ROLE_AGENCY || !who->agency || !*who->agency || !agency ||
        !*agency)
        return 0;
    if (strcmp(who->agency, agency) == 0) { /* the common case: no query */
        *yes = 1;
        return 0;
    }
    incident_scope sc;
    int rc = incident_scope_load(svc, who, &sc, err);
    if (rc < 0)
        return rc;
    *yes = incident_scope_has(&sc, agency);
    incident_scope_free(&sc);
    return 0;
}

int incident_may_review_agency(incident_svc *svc, const auth_principal *who, const char *agency,
                               int *yes, gisac_err *err)
{
    *yes = 0;
    if (incident_is_staff(who)) {
        *yes = 1;
        return 0;
    }
    if (!who || !who->agency || !agency || strcmp(who->agency, agency) == 0)
        return 0; /* never one's own agency */
    return incident_may_see_agency(svc, who, agency, yes, err);
}
