/*
 * fuzz_base_identity.c: libFuzzer target for the installation's identity as
 * an administrator gives it (gisac_identity_make: a UUID and a name, from
 * `gisac identity set` or PATCH /api/v1/identity). The input is split at
 * its first newline: UUID, then name. For every input:
 *  - it is accepted or refused with GISAC_EINVAL naming $.uuid or $.name;
 *  - an accepted identity is well formed: a lower-case UUID, a name of 1 to
 *    200 bytes of UTF-8 without control characters, and its JSON is JSON
 *    whose members give back the UUID and the name;
 *  - making it again from its own UUID and name gives the same namespace.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_text(data, size, 1);
    if (!s)
        return 0;
    char *name = strchr(s, '\n');
    if (name)
        *name++ = '\0';
    gisac_identity id, again;
    gisac_err err = GISAC_ERR_INIT;
    int rc = gisac_identity_make(s, name, 1, 2, &id, &err);
    if (rc < 0) {
        CHECK(rc == GISAC_EINVAL);
        CHECK(strcmp(err.field, "$.uuid") == 0 || strcmp(err.field, "$.name") == 0);
        free(s);
        return 0;
    }
    CHECK(gisac_uuid_valid(id.uuid, strlen(id.uuid)) && strlen(id.uuid) == 36);
    for (const char *p = id.uuid; *p; p++)
        CHECK(!(*p >= 'A' && *p <= 'F'));
    size_t nl = strlen(id.name);
    CHECK(nl >= 1 && nl < GISAC_IDENTITY_NAME_MAX && gisac_utf8_valid(id.name, nl, NULL));
    gisac_buf b = GISAC_BUF_INIT;
    CHECK(gisac_identity_to_json(&id, &b) == 0);
    json_t *j = json_loadb(b.data, b.len, 0, NULL);
    CHECK(j != NULL);
    CHECK(strcmp(json_string_value(json_object_get(j, "uuid")), id.uuid) == 0);
    CHECK(strcmp(json_string_value(json_object_get(j, "name")), id.name) == 0);
    json_decref(j);
    gisac_buf_free(&b);
    CHECK(gisac_identity_make(id.uuid, id.name, 1, 2, &again, &err) == 0);
    CHECK(memcmp(again.ns, id.ns, sizeof id.ns) == 0);
    free(s);
    return 0;
}
