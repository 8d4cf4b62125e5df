/*
 * store_asset.c: the asset_* and vuln_* tables (see store_asset.h).
 * Values are always bound, never pasted into SQL.
 */
#include "store/store_internal.h"

#include <string.h>

/* ---- the register ---------------------------------------------------------- */

#define ASSET_COLS                                                                                 \
    "c.id, c.host_id, h.agency, h.name, h.system, c.name, c.version, c.purl, c.cpe,"               \
    " c.ecosystem, h.imported"

STORE_ROWMAP(asset_rows, store_asset_row, store_asset_cb, asset_copy, o, "IIttttttttI", &o->id,
             &o->host_id, &o->agency, &o->host, &o->system, &o->name, &o->version, &o->purl,
             &o->cpe, &o->ecosystem, &o->imported);

int store_asset_host_put(store *s, const char *agency, const char *name, const char *system,
                         const char *format, int64_t now, int64_t *id, gisac_err *err)
{
    int rc = store_write(
        s, STC_NONE,
        "INSERT INTO asset_host (agency, name, system, format, imported)"
        " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (agency, name) DO UPDATE SET"
        " system = COALESCE(excluded.system, asset_host.system), format = excluded.format,"
        " imported = excluded.imported",
        err, "asset host", "ttttI", agency, name, system, format, now);
    if (rc == GISAC_EINVAL)
        return gisac_err_at(err, GISAC_EINVAL, "$.agency", "agency %s: not found", agency);
    if (rc == 0)
        rc = store_value(s, STC_NONE, "SELECT id FROM asset_host WHERE agency = ?1 AND name = ?2",
                         id, err, "asset host", "tt", agency, name);
    return rc;
}

int store_asset_host_components(store *s, int64_t host_id, store_asset_cb cb, void *ctx,
                                gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT " ASSET_COLS " FROM asset_component c"
                      " JOIN asset_host h ON h.id = c.host_id WHERE c.host_id = ?1 ORDER BY c.id",
                      &asset_rows, 1, STORE_CBX(cb, ctx), err, "asset components", "I", host_id);
}

int store_asset_host_clear(store *s, int64_t host_id, gisac_err *err)
{
    return store_write(s, STC_NONE, "DELETE FROM asset_component WHERE host_id = ?1", err,
                       "asset components", "I", host_id);
}

int store_asset_component_add(store *s, int64_t host_id, const store_asset_row *c, const char *pkey,
                              const char *ckey, int *added, gisac_err *err)
{
    int rc = store_write(s, STC_NONE,
                         "INSERT INTO asset_component (host_id, name, version, purl, cpe,"
                         " ecosystem, pkey, ckey) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                         " ON CONFLICT DO NOTHING",
                         err, "asset component", "Ittttttt", host_id, c->name, c->version, c->purl,
                         c->cpe, c->ecosystem ? c->ecosystem : "", pkey, ckey);
    if (added)
        *added = rc == 0 && store_changes(s) > 0;
    return rc;
}

int store_asset_change_add(store *s, int64_t host_id, int64_t at, const char *change,
                           const store_asset_row *c, gisac_err *err)
{
    return store_write(s, STC_NONE,
                       "INSERT INTO asset_change (host_id, at, change, name, version, purl, cpe)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                       err, "asset change", "IIttttt", host_id, at, change, c->name, c->version,
                       c->purl, c->cpe);
}

int store_asset_list(store *s, const store_asset_filter *f, store_asset_cb cb, void *ctx,
                     gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT " ASSET_COLS " FROM asset_component c"
                      " JOIN asset_host h ON h.id = c.host_id"
                      " WHERE (?1 IS NULL OR h.agency = ?1) AND (?2 IS NULL OR h.name = ?2)"
                      " AND (?3 IS NULL OR c.pkey = ?3) AND (?4 IS NULL OR c.ckey = ?4)"
                      " ORDER BY h.agency, h.name, c.name, c.version, c.id",
                      &asset_rows, 1, STORE_CBX(cb, ctx), err, "asset components", "tttt",
                      f->agency, f->host, f->pkey, f->ckey);
}

STORE_ROWMAP(change_rows, store_asset_change_row, store_asset_change_cb, change_copy, o, "Ittttttt",
             &o->at, &o->agency, &o->host, &o->change, &o->name, &o->version, &o->purl, &o->cpe);

int store_asset_changes(store *s, const store_asset_filter *f, store_asset_change_cb cb, void *ctx,
                        gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT x.at, h.agency, h.name, x.change, x.name, x.version, x.purl, x.cpe"
                      " FROM asset_change x JOIN asset_host h ON h.id = x.host_id"
                      " WHERE (?1 IS NULL OR h.agency = ?1) AND (?2 IS NULL OR h.name = ?2)"
                      " ORDER BY x.at, x.id",
                      &change_rows, 1, STORE_CBX(cb, ctx), err, "asset history", "tt", f->agency,
                      f->host);
}

/* ---- vulnerability data ------------------------------------------------------ */

#define VULN_COLS                                                                                  \
    "r.id, r.vuln, r.source, r.published, r.modified, r.imported, r.summary, r.severity,"          \
    " r.withdrawn, r.data"

STORE_ROWMAP(vuln_rows, store_vuln_row, store_vuln_cb, vuln_copy, o, "tttTTTttit", &o->id, &o->vuln,
             &o->source, &o->published, &o->modified, &o->imported, &o->summary, &o->severity,
             &o->withdrawn, &o->data);

typedef struct name_row {
    const char *name;
} name_row;
static int name_copy(void *row, gisac_arena *arena, store_statement *st)
{
    return store_cols(st, 0, arena, "t", &((name_row *)row)->name);
}
static int name_call(const store_cb *cb, const void *row)
{
    return ((store_name_cb)cb->fn)(cb->ctx, ((const name_row *)row)->name);
}
static const store_rowtype name_rows = {sizeof(name_row), name_copy, name_call};

/* The vulnerabilities found while joining, each once (fixed room: a set is small). */
#define JOIN_MAX 64
typedef struct vset {
    char v[JOIN_MAX][128];
    size_t n;
} vset;

static int vset_add(void *ctx, const char *v)
{
    vset *x = ctx;
    for (size_t i = 0; i < x->n; i++)
        if (strcmp(x->v[i], v) == 0)
            return 0;
    if (x->n < JOIN_MAX && strlen(v) < sizeof x->v[0])
        snprintf(x->v[x->n++], sizeof x->v[0], "%s", v);
    return 0;
}

/* The better name of a joined vulnerability: a CVE id before any other, then the smaller. */
static int better(const char *a, const char *b)
{
    int ca = strncmp(a, "CVE-", 4) == 0, cb = strncmp(b, "CVE-", 4) == 0;
    if (ca != cb)
        return ca;
    return strlen(a) != strlen(b) ? strlen(a) < strlen(b) : strcmp(a, b) < 0;
}

/*
 * Union of alias sets: every vulnerability that shares an id with record
 * id (its id, its vulnerability or an alias: ids[0..n)) becomes one, named
 * by the best of their names; the records, VEX statements and notices of
 * the others follow.
 */
static int vuln_join(store *s, const char *id, const char *const *ids, size_t n, gisac_err *err)
{
    vset x = {.n = 0};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = store_iter(s, STC_NONE,
                        "SELECT vuln FROM vuln_record WHERE id = ?1 OR vuln = ?1"
                        " UNION SELECT r.vuln FROM vuln_alias a JOIN vuln_record r"
                        " ON r.id = a.record WHERE a.alias = ?1",
                        &name_rows, 0, STORE_CBX(vset_add, &x), err, "vulnerability aliases", "t",
                        ids[i]);
    if (rc || x.n == 0)
        return rc;
    size_t best = 0;
    for (size_t i = 1; i < x.n; i++)
        if (better(x.v[i], x.v[best]))
            best = i;
    const char *to = x.v[best];
    rc = store_write(s, STC_NONE, "UPDATE vuln_record SET vuln = ?2 WHERE id = ?1", err,
                     "vulnerability", "tt", id, to);
    for (size_t i = 0; rc == 0 && i < x.n; i++) {
        if (i == best)
            continue;
        const char *from = x.v[i];
        rc = store_write(s, STC_NONE, "UPDATE vuln_record SET vuln = ?2 WHERE vuln = ?1", err,
                         "vulnerability", "tt", from, to);
        if (rc == 0)
            rc = store_write(s, STC_NONE, "UPDATE vuln_vex SET vuln = ?2 WHERE vuln = ?1", err,
                             "VEX statement", "tt", from, to);
        if (rc == 0)
            rc = store_write(s, STC_NONE,
                             "INSERT INTO vuln_notice (agency, vuln, host, component, at)"
                             " SELECT agency, ?2, host, component, at FROM vuln_notice"
                             " WHERE vuln = ?1 ON CONFLICT DO NOTHING",
                             err, "vulnerability notice", "tt", from, to);
        if (rc == 0)
            rc = store_write(s, STC_NONE, "DELETE FROM vuln_notice WHERE vuln = ?1", err,
                             "vulnerability notice", "t", from);
    }
    return rc;
}

int store_vuln_put(store *s, const store_vuln_row *r, const char *const *aliases, size_t naliases,
                   const char *const *keys, size_t nkeys, gisac_err *err)
{
    int own, rc = store_atomic_begin(s, &own, err);
    if (rc == 0)
        rc = store_write(s, STC_NONE, "DELETE FROM vuln_record WHERE id = ?1", err, "vulnerability",
                         "t", r->id);
    if (rc == 0)
        rc =
            store_write(s, STC_NONE,
                        "INSERT INTO vuln_record (id, vuln, source, published, modified, summary,"
                        " severity, withdrawn, data, imported)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                        err, "vulnerability", "tttTTttitI", r->id, r->vuln, r->source, r->published,
                        r->modified, r->summary, r->severity, r->withdrawn, r->data, r->imported);
    for (size_t i = 0; rc == 0 && i < naliases; i++)
        rc = store_write(s, STC_NONE,
                         "INSERT INTO vuln_alias (record, alias) VALUES (?1, ?2)"
                         " ON CONFLICT DO NOTHING",
                         err, "vulnerability alias", "tt", r->id, aliases[i]);
    for (size_t i = 0; rc == 0 && i < nkeys; i++) {
        const char *k = keys[i];
        if (strlen(k) < 3 || k[1] != ':')
            continue;
        char kind[2] = {k[0], 0};
        rc = store_write(s, STC_NONE,
                         "INSERT INTO vuln_key (record, kind, key) VALUES (?1, ?2, ?3)"
                         " ON CONFLICT DO NOTHING",
                         err, "vulnerability key", "ttt", r->id, kind, k + 2);
    }
    /* the ids that join: the record's own, its vulnerability and its aliases */
    const char *ids[JOIN_MAX];
    size_t n = 0;
    ids[n++] = r->id;
    ids[n++] = r->vuln;
    for (size_t i = 0; i < naliases && n < JOIN_MAX; i++)
        ids[n++] = aliases[i];
    if (rc == 0)
        rc = vuln_join(s, r->id, ids, n, err);
    return store_atomic_end(s, own, rc, err);
}

int store_vuln_by_key(store *s, const char *kind, const char *key, store_vuln_cb cb, void *ctx,
                      gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT " VULN_COLS " FROM vuln_key k JOIN vuln_record r ON r.id = k.record"
                      " WHERE k.kind = ?1 AND k.key = ?2 ORDER BY r.id",
                      &vuln_rows, 1, STORE_CBX(cb, ctx), err, "vulnerabilities", "tt", kind, key);
}

int store_vuln_records(store *s, const char *id, store_vuln_cb cb, void *ctx, gisac_err *err)
{
    return store_iter(
        s, STC_NONE,
        "SELECT " VULN_COLS " FROM vuln_record r WHERE r.vuln IN"
        " (SELECT vuln FROM vuln_record WHERE id = ?1 OR vuln = ?1"
        "  UNION SELECT x.vuln FROM vuln_alias a JOIN vuln_record x ON x.id = a.record"
        "  WHERE a.alias = ?1) ORDER BY r.source, r.id",
        &vuln_rows, 1, STORE_CBX(cb, ctx), err, "vulnerability", "t", id);
}

int store_vuln_aliases(store *s, const char *vuln, store_name_cb cb, void *ctx, gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT id FROM vuln_record WHERE vuln = ?1 UNION"
                      " SELECT a.alias FROM vuln_alias a JOIN vuln_record r ON r.id = a.record"
                      " WHERE r.vuln = ?1 ORDER BY 1",
                      &name_rows, 1, STORE_CBX(cb, ctx), err, "vulnerability aliases", "t", vuln);
}

int store_vuln_since(store *s, int64_t since, store_vuln_cb cb, void *ctx, gisac_err *err)
{
    return store_iter(
        s, STC_NONE, "SELECT " VULN_COLS " FROM vuln_record r WHERE r.imported >= ?1 ORDER BY r.id",
        &vuln_rows, 1, STORE_CBX(cb, ctx), err, "vulnerabilities", "I", since);
}

int store_vuln_kev_put(store *s, const char *cve, const char *added, const char *name,
                       gisac_err *err)
{
    return store_write(
        s, STC_NONE,
        "INSERT INTO vuln_kev (cve, added, name) VALUES (?1, ?2, ?3)"
        " ON CONFLICT (cve) DO UPDATE SET added = excluded.added, name = excluded.name",
        err, "known exploited", "ttt", cve, added, name);
}

int store_vuln_kev_get(store *s, const char *cve, int *yes, char *added, size_t cap, gisac_err *err)
{
    store_text_out k = {added, cap};
    int rc = store_get(s, STC_NONE, "SELECT added FROM vuln_kev WHERE cve = ?1", store_text_copy,
                       &k, NULL, err, "known exploited", "t", cve);
    *yes = rc == 0;
    if (rc == GISAC_ENOTFOUND) {
        if (added && cap)
            added[0] = 0;
        return 0;
    }
    return rc;
}

/* ---- VEX --------------------------------------------------------------------- */

STORE_ROWMAP(vex_rows, store_vex_row, store_vex_cb, vex_copy, o, "IttttttttIt", &o->id, &o->agency,
             &o->vuln, &o->component, &o->version, &o->range_from, &o->range_to, &o->justification,
             &o->statement, &o->created, &o->created_by);

int store_vex_insert(store *s, store_vex_row *r, gisac_err *err)
{
    int rc = store_write(s, STC_NONE,
                         "INSERT INTO vuln_vex (agency, vuln, component, version, range_from,"
                         " range_to, justification, statement, created, created_by)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                         err, "VEX statement", "ttttttttIt", r->agency, r->vuln, r->component,
                         r->version, r->range_from, r->range_to, r->justification, r->statement,
                         r->created, r->created_by);
    if (rc == GISAC_EINVAL)
        return gisac_err_at(err, GISAC_EINVAL, "$.agency", "agency %s: not found",
                            r->agency ? r->agency : "");
    if (rc == 0)
        r->id = store_last_id(s);
    return rc;
}

int store_vex_list(store *s, const char *agency, const char *vuln, store_vex_cb cb, void *ctx,
                   gisac_err *err)
{
    return store_iter(s, STC_NONE,
                      "SELECT id, agency, vuln, component, version, range_from, range_to,"
                      " justification, statement, created, created_by FROM vuln_vex"
                      " WHERE (?1 IS NULL OR agency IS NULL OR agency = ?1)"
                      " AND (?2 IS NULL OR vuln = ?2) ORDER BY id",
                      &vex_rows, 1, STORE_CBX(cb, ctx), err, "VEX statements", "tt", agency, vuln);
}

int store_vex_delete(store *s, int64_t id, gisac_err *err)
{
    int rc = store_write(s, STC_NONE, "DELETE FROM vuln_vex WHERE id = ?1", err, "VEX statement",
                         "I", id);
    if (rc == 0 && store_changes(s) == 0)
        return gisac_err_set(err, GISAC_ENOTFOUND, "VEX statement #%lld: not found", (long long)id);
    return rc;
}

int store_vuln_notice_put(store *s, const char *agency, const char *vuln, const char *host,
                          const char *component, int64_t at, int *fresh, gisac_err *err)
{
    int rc = store_write(s, STC_NONE,
                         "INSERT INTO vuln_notice (agency, vuln, host, component, at)"
                         " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
                         err, "vulnerability notice", "ttttI", agency, vuln, host, component, at);
    *fresh = rc == 0 && store_changes(s) > 0;
    return rc;
}
