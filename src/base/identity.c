/* identity.c: the installation's identity and the namespace of its ids (base.h). */
#include "base/base.h"

#include <string.h>

#define LEGACY_TIME 1704067200 /* 2024-01-01T00:00:00Z */

static const gisac_identity legacy = {
    GISAC_IDENTITY_LEGACY_UUID,
    "gisac",
    LEGACY_TIME,
    LEGACY_TIME,
    {0x6a, 0x1c, 0x2e, 0x4f, 0x83, 0x0b, 0x4c, 0x1d, 0x9e, 0x55, 0x1f, 0x7a, 0x3c, 0x60, 0xd2,
     0x91},
};

const gisac_identity *gisac_identity_legacy(void)
{
    return &legacy;
}

/* The 16 bytes of a well-formed UUID text. */
static void uuid_bytes(const char *s, uint8_t out[16])
{
    int k = 0;
    for (const char *p = s; *p && k < 32; p++) {
        if (*p == '-')
            continue;
        int c = *p, v = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
        if (k % 2 == 0)
            out[k / 2] = (uint8_t)(v << 4);
        else
            out[k / 2] |= (uint8_t)v;
        k++;
    }
}

int gisac_identity_make(const char *uuid, const char *name, int64_t created, int64_t modified,
                        gisac_identity *out, gisac_err *err)
{
    size_t ul = uuid ? strlen(uuid) : 0;
    if (ul != 36 || !gisac_uuid_valid(uuid, ul) ||
        strcmp(uuid, "00000000-0000-0000-0000-000000000000") == 0)
        return gisac_err_at(err, GISAC_EINVAL, "$.uuid", "uuid '%.60s': not a UUID",
                            uuid ? uuid : "");
    if (!name || !*name)
        name = "gisac";
    size_t nl = strlen(name);
    if (nl >= GISAC_IDENTITY_NAME_MAX)
        return gisac_err_at(err, GISAC_EINVAL, "$.name", "name: at most %d bytes",
                            GISAC_IDENTITY_NAME_MAX - 1);
    if (!gisac_utf8_valid(name, nl, NULL))
        return gisac_err_at(err, GISAC_EINVAL, "$.name", "name: not UTF-8");
    for (size_t i = 0; i < nl; i++)
        if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
            return gisac_err_at(err, GISAC_EINVAL, "$.name", "name: a control character");
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < ul; i++)
        out->uuid[i] = (char)(uuid[i] >= 'A' && uuid[i] <= 'F' ? uuid[i] | 0x20 : uuid[i]);
    memcpy(out->name, name, nl + 1);
    out->created = created;
    out->modified = modified > created ? modified : created;
    if (strcmp(out->uuid, GISAC_IDENTITY_LEGACY_UUID) == 0) {
        memcpy(out->ns, legacy.ns, sizeof out->ns);
    } else {
        char ns[GISAC_UUID_LEN], key[13 + GISAC_UUID_LEN];
        memcpy(key, "installation:", 13);
        memcpy(key + 13, out->uuid, GISAC_UUID_LEN);
        gisac_uuid5(GISAC_UUID_NS, key, 13 + 36, ns);
        uuid_bytes(ns, out->ns);
    }
    return 0;
}

void gisac_identity_id(const gisac_identity *id, char out[GISAC_IDENTITY_ID_LEN])
{
    memcpy(out, "identity--", 10);
    memcpy(out + 10, (id ? id : &legacy)->uuid, GISAC_UUID_LEN);
}

void gisac_identity_uuid5(const gisac_identity *id, const void *name, size_t len,
                          char out[GISAC_UUID_LEN])
{
    gisac_uuid5((id ? id : &legacy)->ns, name, len, out);
}

int gisac_identity_to_json(const gisac_identity *id, gisac_buf *out)
{
    char sid[GISAC_IDENTITY_ID_LEN], created[GISAC_TIME_LEN], modified[GISAC_TIME_LEN];
    gisac_identity_id(id, sid);
    gisac_time_format(id->created, created);
    gisac_time_format(id->modified, modified);
    int rc = gisac_buf_printf(out, "{\"id\":\"%s\",\"uuid\":\"%s\",\"name\":", sid, id->uuid);
    rc |= gisac_buf_json_str(out, id->name);
    rc |= gisac_buf_printf(out, ",\"created\":\"%s\",\"modified\":\"%s\"}", created, modified);
    return rc ? GISAC_ENOMEM : 0;
}
