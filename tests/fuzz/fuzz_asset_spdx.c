/* fuzz_asset_spdx.c: asset_sbom_parse on SPDX 2.3 JSON (the corpus: SPDX documents). */
#include "asset/asset.h"
#include "fuzz_util.h"

#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    asset_sbom sb;
    gisac_err err = GISAC_ERR_INIT;
    int rc = asset_sbom_parse((const char *)data, size, &sb, &err);
    CHECK(rc <= 0);
    if (rc == 0) {
        CHECK(strncmp(sb.format, "cyclonedx-", 10) == 0 || strcmp(sb.format, "spdx-2.3") == 0);
        for (size_t i = 0; i < sb.n; i++) {
            CHECK(sb.v[i].name && sb.v[i].ecosystem);
            CHECK(!sb.v[i].cpe || strncmp(sb.v[i].cpe, "cpe:2.3:", 8) == 0);
            CHECK(!sb.v[i].purl || strncasecmp(sb.v[i].purl, "pkg:", 4) == 0);
        }
    } else
        CHECK(err.msg[0] != 0);
    asset_sbom_free(&sb);
    return 0;
}
