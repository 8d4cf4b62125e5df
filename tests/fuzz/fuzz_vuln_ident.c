/*
 * fuzz_vuln_ident.c: CPE names and package URLs. A CPE that parses
 * formats to a 2.3 name that parses again to the same; a purl that parses
 * gives a key that names its type.
 */
#include "fuzz_util.h"
#include "vuln/vuln.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 2000)
        return 0;
    char *t = fuzz_text(data, size, 1);
    if (!t)
        return 0;
    vuln_cpe c, d;
    if (vuln_cpe_parse(t, &c, NULL) == 0) {
        char f[VULN_CPE_MAX * 2], g[VULN_CPE_MAX * 2];
        vuln_cpe_format(&c, f, sizeof f);
        CHECK(vuln_cpe_parse(f, &d, NULL) == 0);
        vuln_cpe_format(&d, g, sizeof g);
        CHECK(strcmp(f, g) == 0);
        for (int i = 1; i < 11; i++)
            (void)vuln_cpe_attr_compare(c.attr[i], d.attr[i]);
    }
    vuln_purl p;
    if (vuln_purl_parse(t, &p, NULL) == 0) {
        char k[1024];
        vuln_purl_key(&p, k, sizeof k);
        CHECK(strncmp(k, p.type, strlen(p.type)) == 0 && p.name[0]);
    }
    free(t);
    return 0;
}
