/* fuzz_asset_dpkg.c: asset_dpkg_parse (see fuzz_asset.h; the corpus: dpkg status files). */
#include "fuzz_asset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    asset_sbom sb;
    gisac_err err = GISAC_ERR_INIT;
    int rc = asset_dpkg_parse((const char *)data, size, "debian-12", &sb, &err);
    return fuzz_asset_parsed(rc, &sb, &err, "dpkg-status");
}
