/* fuzz_asset_csv.c: asset_csv_parse (see fuzz_asset.h; the corpus: CSV inventories). */
#include "fuzz_asset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    asset_sbom sb;
    gisac_err err = GISAC_ERR_INIT;
    int rc = asset_csv_parse((const char *)data, size, &sb, &err);
    return fuzz_asset_parsed(rc, &sb, &err, "csv");
}
