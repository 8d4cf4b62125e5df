/*
 * fuzz_asset.h: the shared body of the SBOM fuzz targets
 * (fuzz_asset_cyclonedx.c, fuzz_asset_spdx.c: asset_sbom_parse reads both
 * forms; each target has its own corpus): the document parsed and every
 * component checked for a name, an ecosystem and well-formed cpe/purl.
 * Included by one target file each; not a public header.
 */
#ifndef GISAC_FUZZ_ASSET_H
#define GISAC_FUZZ_ASSET_H

#include "asset/asset.h"
#include "fuzz_util.h"

#include <strings.h>

/* asset_sbom_parse on data, then the components it parsed */
static int fuzz_asset_sbom(const uint8_t *data, size_t size)
{
    asset_sbom sb;
    gisac_err err = GISAC_ERR_INIT;
    if (fuzz_parsed(asset_sbom_parse((const char *)data, size, &sb, &err), err.msg)) {
        CHECK(strncmp(sb.format, "cyclonedx-", 10) == 0 || strcmp(sb.format, "spdx-2.3") == 0);
        for (size_t i = 0; i < sb.n; i++) {
            CHECK(sb.v[i].name && sb.v[i].ecosystem);
            CHECK(!sb.v[i].cpe || strncmp(sb.v[i].cpe, "cpe:2.3:", 8) == 0);
            CHECK(!sb.v[i].purl || strncasecmp(sb.v[i].purl, "pkg:", 4) == 0);
        }
    }
    asset_sbom_free(&sb);
    return 0;
}

#endif
