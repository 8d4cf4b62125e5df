/*
 * fuzz_scap_parse.c: libFuzzer target for the XCCDF 1.2 / ARF parser
 * (src/scap/scap_parse.c, scap_parse_mem), the reader of untrusted SCAP
 * result files. Properties:
 *   - it returns 0 or GISAC_EINVAL, and an error has a message;
 *   - on success there is at least one TestResult, every rule result's
 *     result is one of the nine XCCDF results and its rule id is not
 *     empty, and the TestResults' rule ranges tile the rule list;
 *   - an input that opens with a document type declaration is never
 *     accepted.
 */
#include "fuzz_util.h"
#include "scap/scap.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gisac_err err = GISAC_ERR_INIT;
    scap_file f;
    int rc = scap_parse_mem((const char *)data, size, &f, &err);
    CHECK(rc == 0 || rc == GISAC_EINVAL);
    if (rc < 0) {
        CHECK(err.msg[0] != '\0');
    } else {
        CHECK(f.ntests > 0);
        size_t next = 0;
        for (size_t i = 0; i < f.ntests; i++) {
            CHECK(f.tests[i].first == next);
            CHECK(f.tests[i].benchmark && f.tests[i].benchmark[0]);
            next += f.tests[i].n;
        }
        CHECK(next == f.nrules);
        for (size_t i = 0; i < f.nrules; i++) {
            CHECK(scap_result_known(f.rules[i].result));
            CHECK(f.rules[i].rule && f.rules[i].rule[0]);
        }
        size_t i = 0;
        while (i < size &&
               (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
            i++;
        CHECK(size - i < 9 || memcmp(data + i, "<!DOCTYPE", 9) != 0);
    }
    scap_file_free(&f);
    return 0;
}
