/* fuzz_vuln_osv.c: vuln_record_parse on OSV records and the matcher on what it parsed
 * (see fuzz_vuln.h; the corpus: OSV records). */
#include "fuzz_vuln.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_vuln_record(data, size);
}
