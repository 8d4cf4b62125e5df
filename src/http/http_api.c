/*
 * http_api.c: the REST API under /api/v1 (docs/api.md).
 */
#include "http/http_internal.h"

enum MHD_Result http_api(http_req *r, const char *path)
{
    (void)path;
    return http_json_error(r, 404, "not_found", "no such resource");
}
