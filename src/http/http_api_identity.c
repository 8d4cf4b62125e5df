/*
 * http_api_identity.c: GET|PATCH /api/v1/identity, the installation's STIX
 * identity (docs/taxii.md, "The installation's identity"), for
 * administrators.
 */
#include "http/http_api_internal.h"

#include <string.h>

static http_res identity_answer(api_ctx *c, int rc, const gisac_err *err, const gisac_identity *id)
{
    if (rc < 0)
        return api_service_error(c, rc, err);
    gisac_buf b = GISAC_BUF_INIT;
    json_t *o = gisac_identity_to_json(id, &b) == 0 ? json_loadb(b.data, b.len, 0, NULL) : NULL;
    gisac_buf_free(&b);
    if (!o)
        return api_error(c, 500, "internal", "internal error");
    return api_json(c, 200, o);
}

http_res api_identity_get(api_ctx *c)
{
    if (api_query_check(c, api_no_args, NULL) < 0)
        return api_fail(c);
    gisac_identity id;
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_show_identity(c->r->app, &c->p, &id, &err);
    return identity_answer(c, rc, &err, &id);
}

http_res api_identity_update(api_ctx *c)
{
    /* the members, each an optional string of at most max bytes */
    static const char *const keys[] = {"name", "uuid", NULL};
    static const size_t max[] = {GISAC_IDENTITY_NAME_MAX - 1, 36};
    const char *v[2] = {NULL, NULL};
    int bad = api_query_check(c, api_no_args, NULL) < 0 || api_keys(c, c->body, "$", keys) < 0;
    for (size_t i = 0; !bad && i < 2; i++)
        bad = api_get_str(c, c->body, "$", keys[i], 0, max[i], &v[i]) < 0;
    if (bad)
        return api_fail(c);
    if (!v[0] && !v[1])
        return api_error(c, 400, "bad_request", "$: nothing to change (give name, uuid or both)");
    gisac_identity id;
    gisac_err err = GISAC_ERR_INIT;
    int rc = app_set_identity(c->r->app, &c->p, v[0], v[1], &id, &err);
    return identity_answer(c, rc, &err, &id);
}
