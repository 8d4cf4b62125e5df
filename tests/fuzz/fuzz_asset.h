/*
 * fuzz_asset.h: the shared body of the inventory fuzz targets
 * (fuzz_asset_cyclonedx.c, fuzz_asset_spdx.c: asset_sbom_parse reads both
 * forms; fuzz_asset_dpkg.c, fuzz_asset_csv.c: the line formats; each
 * target has its own corpus): the input parsed and every component
 * checked for a name, an ecosystem and well-formed cpe/purl.
 * Included by one target file each; not a public header.
 */
#ifndef GISAC_FUZZ_ASSET_H
#define GISAC_FUZZ_ASSET_H

#include "asset/asset.h"
#include "fuzz_util.h"

#include <strings.h>

/* A parser's return rc and its inventory sb: format the format expected
 * (its prefix; "cyclonedx-" also takes SPDX); a line format's error names
 * its line. Frees sb. */
static inline int fuzz_asset_parsed(int rc, asset_sbom *sb, const gisac_err *err,
                                    const char *format)
{
    if (fuzz_parsed(rc, err->msg)) {
        CHECK(strncmp(sb->format, format, strlen(format)) == 0 ||
              strcmp(sb->format, "spdx-2.3") == 0);
        CHECK(sb->line == 0);
        for (size_t i = 0; i < sb->n; i++) {
            const asset_component *c = &sb->v[i];
            CHECK(c->name && *c->name && c->ecosystem);
            CHECK(!c->cpe || strncmp(c->cpe, "cpe:2.3:", 8) == 0);
            CHECK(!c->purl || strncasecmp(c->purl, "pkg:", 4) == 0);
        }
    } else
        CHECK(strncmp(format, "cyclonedx", 9) == 0 || sb->line > 0 || rc == GISAC_ENOMEM);
    asset_sbom_free(sb);
    return 0;
}

/* asset_sbom_parse on data, then the components it parsed */
static inline int fuzz_asset_sbom(const uint8_t *data, size_t size)
{
    asset_sbom sb;
    gisac_err err = GISAC_ERR_INIT;
    return fuzz_asset_parsed(asset_sbom_parse((const char *)data, size, &sb, &err), &sb, &err,
                             "cyclonedx-");
}

#endif
