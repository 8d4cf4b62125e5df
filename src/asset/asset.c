/*
 * asset.c: the register on the store (asset.h). An import replaces a
 * host's inventory in one transaction and records what appeared and what
 * went since the last import.
 */
#include "asset/asset.h"
#include "vuln/vuln.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A host's components as they were, kept in a gisac_rows. */
static int old_cb(void *ctx, const store_asset_row *r)
{
    static const size_t strs[] = {offsetof(store_asset_row, name),
                                  offsetof(store_asset_row, version),
                                  offsetof(store_asset_row, purl), offsetof(store_asset_row, cpe),
                                  offsetof(store_asset_row, ecosystem)};
    return gisac_rows_keep(ctx, r, strs, sizeof strs / sizeof strs[0]);
}

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int same(const store_asset_row *o, const asset_component *c)
{
    return strcmp(o->name, c->name) == 0 && same_str(o->version, c->version) &&
           same_str(o->purl, c->purl) && same_str(o->cpe, c->cpe);
}

int asset_import(store *s, const char *agency, const char *host, const char *system,
                 const asset_sbom *sb, int64_t now, asset_import_result *out, gisac_err *err)
{
    memset(out, 0, sizeof *out);
    snprintf(out->agency, sizeof out->agency, "%s", agency);
    gisac_rows old = {.size = sizeof(store_asset_row), .first = 64};
    old.arena = gisac_arena_new(64 * 1024);
    const store_asset_row *was_v = NULL;
    if (!old.arena)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    int rc = store_begin(s, err);
    if (rc == 0)
        rc = store_asset_host_put(s, agency, host, system, sb->format, now, &out->host_id, err);
    if (rc == 0)
        rc = store_asset_host_components(s, out->host_id, old_cb, &old, err);
    if (rc == 0 && old.oom)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    was_v = old.v;
    if (rc == 0)
        rc = store_asset_host_clear(s, out->host_id, err);
    char *kept = calloc(old.n ? old.n : 1, 1);
    if (!kept && rc == 0)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    for (size_t i = 0; rc == 0 && i < sb->n; i++) {
        const asset_component *c = &sb->v[i];
        vuln_target t = {c->name, c->version, c->purl, c->cpe};
        char pkey[600], ckey[600];
        vuln_target_keys(&t, pkey, sizeof pkey, ckey, sizeof ckey);
        store_asset_row row = {.name = c->name,
                               .version = c->version,
                               .purl = c->purl,
                               .cpe = c->cpe,
                               .ecosystem = c->ecosystem};
        int added = 0;
        rc = store_asset_component_add(s, out->host_id, &row, pkey[0] ? pkey : NULL,
                                       ckey[0] ? ckey : NULL, &added, err);
        if (rc || !added)
            continue;
        out->components++;
        int was = 0;
        for (size_t j = 0; j < old.n && !was; j++)
            if (!kept[j] && same(&was_v[j], c))
                kept[j] = 1, was = 1;
        if (!was) {
            rc = store_asset_change_add(s, out->host_id, now, "added", &row, err);
            out->added++;
        }
    }
    for (size_t j = 0; rc == 0 && j < old.n; j++)
        if (!kept[j]) {
            rc = store_asset_change_add(s, out->host_id, now, "removed", &was_v[j], err);
            out->removed++;
        }
    free(kept);
    free(old.v);
    gisac_arena_free(old.arena);
    if (rc == 0)
        return store_commit(s, err);
    store_rollback(s);
    return rc;
}
