/* uuid.c: RFC 4122 UUIDs, random (v4) and name-based (v5). */
#include "base/base.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* The namespace of ids gisac derives from content (itself a v4 UUID). */
const uint8_t GISAC_UUID_NS[16] = {0x6a, 0x1c, 0x2e, 0x4f, 0x83, 0x0b, 0x4c, 0x1d,
                                   0x9e, 0x55, 0x1f, 0x7a, 0x3c, 0x60, 0xd2, 0x91};

static void format(const uint8_t u[16], char out[GISAC_UUID_LEN])
{
    static const char hx[] = "0123456789abcdef";
    int o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hx[u[i] >> 4];
        out[o++] = hx[u[i] & 15];
    }
    out[o] = '\0';
}

int gisac_uuid4(char out[GISAC_UUID_LEN])
{
    uint8_t u[16];
    if (sodium_init() < 0)
        return GISAC_EIO;
    randombytes_buf(u, sizeof u);
    u[6] = (uint8_t)((u[6] & 0x0f) | 0x40);
    u[8] = (uint8_t)((u[8] & 0x3f) | 0x80);
    format(u, out);
    return 0;
}

void gisac_uuid5(const uint8_t ns[16], const void *name, size_t len, char out[GISAC_UUID_LEN])
{
    uint8_t small[256];
    uint8_t *msg = len + 16 <= sizeof small ? small : malloc(len + 16);
    uint8_t h[20];
    if (!msg) {
        /* cannot hash without memory: fall back to the namespace itself,
         * which is still a valid, if useless, UUID */
        memcpy(h, ns, 16);
    } else {
        memcpy(msg, ns, 16);
        memcpy(msg + 16, name, len);
        gisac_sha1(msg, len + 16, h);
        if (msg != small)
            free(msg);
    }
    h[6] = (uint8_t)((h[6] & 0x0f) | 0x50);
    h[8] = (uint8_t)((h[8] & 0x3f) | 0x80);
    format(h, out);
}

int gisac_uuid_valid(const char *s, size_t len)
{
    if (len != 36)
        return 0;
    for (size_t i = 0; i < 36; i++) {
        char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-')
                return 0;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return 0;
        }
    }
    return 1;
}
