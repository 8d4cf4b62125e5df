/*
 * asset.c: the register on the store (asset.h). An import replaces a
 * host's inventory in one transaction and records what appeared and what
 * went since the last import.
 */
#include "asset/asset.h"
#include "vuln/vuln.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct old_list {
    store_asset_row *v;
    size_t n, cap;
    gisac_arena *arena;
    int oom;
} old_list;

static int old_cb(void *ctx, const store_asset_row *r)
{
    old_list *l = ctx;
    store_asset_row c = *r;
    const char **f[] = {&c.name, &c.version, &c.purl, &c.cpe, &c.ecosystem};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (*f[i] && !(*f[i] = gisac_arena_strdup(l->arena, *f[i]))) {
            l->oom = 1;
            return 1;
        }
    return gisac_push_or_stop(&l->v, &l->n, &l->cap, sizeof c, 64, &c, &l->oom);
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
    old_list old = {0};
    old.arena = gisac_arena_new(64 * 1024);
    if (!old.arena)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    int rc = store_begin(s, err);
    if (rc == 0)
        rc = store_asset_host_put(s, agency, host, system, sb->format, now, &out->host_id, err);
    if (rc == 0)
        rc = store_asset_host_components(s, out->host_id, old_cb, &old, err);
    if (rc == 0 && old.oom)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
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
            if (!kept[j] && same(&old.v[j], c))
                kept[j] = 1, was = 1;
        if (!was) {
            rc = store_asset_change_add(s, out->host_id, now, "added", &row, err);
            out->added++;
        }
    }
    for (size_t j = 0; rc == 0 && j < old.n; j++)
        if (!kept[j]) {
            rc = store_asset_change_add(s, out->host_id, now, "removed", &old.v[j], err);
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
