/*
 * fuzz_auth_networks.c: libFuzzer target for an agency's networks
 * (auth_networks_parse, the text of `gisac agency update --networks` and
 * of the API's "networks"). For every input:
 *  - a rejection is GISAC_EINVAL with a message and a field
 *    "$.networks[i]";
 *  - an accepted list is at most AUTH_NETWORKS_MAX normal CIDRs, comma-
 *    separated, without blanks or duplicates, each one a valid cidr
 *    indicator (ioc_cidr_parse) whose prefix fits its family;
 *  - parsing the output again gives the output itself.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "auth/auth.h"
#include "fuzz_util.h"
#include "ioc/ioc.h"

static void check_list(const char *out)
{
    size_t n = 0;
    for (const char *p = out; *p;) {
        const char *c = strchr(p, ',');
        size_t len = c ? (size_t)(c - p) : strlen(p);
        CHECK(len > 0 && len < IOC_VALUE_MAX);
        char one[IOC_VALUE_MAX];
        memcpy(one, p, len);
        one[len] = '\0';
        CHECK(!strchr(one, ' ') && !strchr(one, '\t'));
        ioc_addr net;
        int prefix = -1;
        CHECK(ioc_cidr_parse(one, &net, &prefix) == 0);
        CHECK(prefix >= 0 && prefix <= 128);
        CHECK(net.v6 || prefix >= 96);
        /* no duplicate before it */
        for (const char *q = out; q < p;) {
            const char *d = strchr(q, ',');
            size_t ql = (size_t)(d - q);
            CHECK(!(ql == len && memcmp(q, p, len) == 0));
            q = d + 1;
        }
        n++;
        p = c ? c + 1 : p + len;
    }
    CHECK(n <= AUTH_NETWORKS_MAX);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size, 1);
    if (!text)
        return 0;
    if (strlen(text) != size) { /* an embedded NUL: the caller's text ends there */
        free(text);
        return 0;
    }
    char out[AUTH_NETWORKS_TEXT], again[AUTH_NETWORKS_TEXT];
    gisac_err err = GISAC_ERR_INIT;
    int rc = auth_networks_parse(text, out, sizeof out, &err);
    if (rc < 0) {
        CHECK(rc == GISAC_EINVAL);
        CHECK(err.msg[0] != '\0');
        CHECK(strncmp(err.field, "$.networks[", 11) == 0);
    } else {
        check_list(out);
        CHECK(auth_networks_parse(out, again, sizeof again, &err) == 0);
        CHECK(strcmp(out, again) == 0);
    }
    free(text);
    return 0;
}
