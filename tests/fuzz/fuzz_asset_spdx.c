/* fuzz_asset_spdx.c: asset_sbom_parse on SPDX 2.3 JSON (see fuzz_asset.h; the corpus: SPDX
 * documents). */
#include "fuzz_asset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_asset_sbom(data, size);
}
