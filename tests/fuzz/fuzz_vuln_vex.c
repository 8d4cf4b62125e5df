/* fuzz_vuln_vex.c: vuln_vex_parse on OpenVEX and CycloneDX VEX documents (the corpus: both
 * forms): every statement names a vulnerability and a purl, and a not_affected one a
 * justification. */
#include "fuzz_util.h"
#include "vuln/vuln.h"

#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vuln_vex_doc d;
    gisac_err err = GISAC_ERR_INIT;
    if (fuzz_parsed(vuln_vex_parse((const char *)data, size, &d, &err), err.msg)) {
        CHECK(strcmp(d.format, "openvex") == 0 || strcmp(d.format, "cyclonedx") == 0);
        for (size_t i = 0; i < d.n; i++) {
            const vuln_vex_stmt *s = &d.v[i];
            CHECK(s->where && s->where[0] == '$' && s->vuln && *s->vuln);
            CHECK(strncasecmp(s->product, "pkg:", 4) == 0);
            CHECK(s->status <= VULN_VEX_UNDER_INVESTIGATION);
            if (s->status == VULN_VEX_NOT_AFFECTED)
                CHECK(vuln_vex_justification_ok(s->justification));
        }
    }
    vuln_vex_free(&d);
    return 0;
}
