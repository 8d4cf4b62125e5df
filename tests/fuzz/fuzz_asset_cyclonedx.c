/* fuzz_asset_cyclonedx.c: asset_sbom_parse on CycloneDX JSON (see fuzz_asset.h; the corpus:
 * CycloneDX SBOMs). */
#include "fuzz_asset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_asset_sbom(data, size);
}
