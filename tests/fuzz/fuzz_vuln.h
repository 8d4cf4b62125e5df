/*
 * fuzz_vuln.h: the shared body of the vulnerability-record fuzz targets
 * (fuzz_vuln_cve5.c, fuzz_vuln_osv.c, fuzz_vuln_nvd.c: vuln_record_parse
 * reads the three forms; each target has its own corpus): the record parsed, its keys and every
 * affected entry checked, and the matcher run on targets of each kind.
 * Included by one target file each; not a public header.
 */
#ifndef GISAC_FUZZ_VULN_H
#define GISAC_FUZZ_VULN_H

#include "fuzz_util.h"
#include "vuln/vuln.h"

static int key_cb(void *ctx, const char *k)
{
    (void)ctx;
    CHECK((k[0] == 'p' || k[0] == 'c') && k[1] == ':');
    return 0;
}

/* vuln_record_parse on data, then the matcher on what it parsed */
static int fuzz_vuln_record(const uint8_t *data, size_t size)
{
    vuln_record r;
    gisac_err err = GISAC_ERR_INIT;
    if (fuzz_parsed(vuln_record_parse((const char *)data, size, &r, &err), err.msg)) {
        CHECK(r.id && r.vuln);
        vuln_record_keys(&r, key_cb, NULL);
        static const vuln_target t[] = {
            {"a", "1.2.3", "pkg:npm/lodash@1.2.3", NULL},
            {"b", "2.14.1", NULL, "cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*"},
            {"c", "1:2.0-1~deb12u1", "pkg:deb/debian/openssl?distro=debian-12", NULL},
            {"d", NULL, NULL, "cpe:2.3:a:x:y:-:*:*:*:*:*:*:*"},
            {"e", NULL, NULL, "cpe:2.3:a:acme:logkit:*:*:*:*:*:*:*:*"},
            {"f", "2.14.1", NULL, "cpe:2.3:a:acme:logkit:*:*:*:*:*:*:*:*"},
        };
        for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
            vuln_verdict v;
            if (vuln_match(&r, &t[i], &v)) {
                CHECK(v.why[0] != 0);
                CHECK(v.status <= VULN_UNKNOWN);
                /* no version: never affected */
                if (!t[i].version)
                    CHECK(v.status != VULN_AFFECTED);
            }
        }
        /* the affected entries name themselves by their paths */
        for (size_t i = 0; i < r.naff; i++)
            CHECK(r.aff[i].where && r.aff[i].where[0] == '$');
    }
    vuln_record_free(&r);
    return 0;
}

#endif
