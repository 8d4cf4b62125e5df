/*
 * fuzz_vuln_version.c: the version orderings. The first byte picks the
 * scheme; the rest is two versions split at the first NUL or newline.
 * Checked: the ordering is antisymmetric and reflexive on what it reads,
 * and consistent with a third version (no a < b < c with c < a) except
 * for Maven, whose own ComparableVersion is not transitive with unknown
 * qualifiers ("1.lll" < "1-alpha" < "1" < "1.lll"), and gisac follows it.
 */
#include "fuzz_util.h"
#include "vuln/vuln.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size > 400)
        return 0;
    vuln_scheme s = (vuln_scheme)(1 + data[0] % 8);
    char *t = fuzz_text(data + 1, size - 1, 1);
    if (!t)
        return 0;
    size_t n = size - 1;
    char *b = t + n;
    for (size_t i = 0; i < n; i++)
        if (t[i] == '\n' || t[i] == 0) {
            t[i] = 0;
            b = t + i + 1;
            break;
        }
    char *c = b + strlen(b);
    char *nl = strchr(b, '\n');
    if (nl) {
        *nl = 0;
        c = nl + 1;
    }
    int ab = 0, ba = 0, aa = 0;
    gisac_err err = GISAC_ERR_INIT;
    int rc = vuln_version_cmp(s, t, b, &ab, &err);
    CHECK(rc == 0 || rc == GISAC_EINVAL);
    if (rc == 0) {
        CHECK(vuln_version_cmp(s, b, t, &ba, NULL) == 0);
        CHECK((ab > 0) == (ba < 0) && (ab == 0) == (ba == 0));
        CHECK(vuln_version_cmp(s, t, t, &aa, NULL) == 0 && aa == 0);
        int bc, ac;
        if (*c && s != VULN_V_MAVEN && vuln_version_cmp(s, b, c, &bc, NULL) == 0 &&
            vuln_version_cmp(s, t, c, &ac, NULL) == 0) {
            if (ab < 0 && bc < 0)
                CHECK(ac < 0);
            /* RPM: a version without a release equals each release of it (rpm's rule) */
            if (ab == 0 && bc == 0 && s != VULN_V_RPM)
                CHECK(ac == 0);
        }
    } else
        CHECK(err.msg[0] != 0 && ab == 0);
    free(t);
    return 0;
}
