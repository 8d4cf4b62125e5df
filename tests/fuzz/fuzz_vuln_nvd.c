/* fuzz_vuln_nvd.c: vuln_record_parse on NVD CVE API 2.0 records and the matcher on what it
 * parsed (see fuzz_vuln.h; the corpus: NVD responses of one vulnerability). */
#include "fuzz_vuln.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_vuln_record(data, size);
}
