/* agency.c: agencies and their hierarchy. */
#include "auth/auth_internal.h"
#include "ioc/ioc.h"

#include <stdio.h>
#include <string.h>

/* An agency chain longer than this can only be a loop in damaged data. */
#define MAX_DEPTH 10000

int auth_agency_id_check(const char *id, gisac_err *err)
{
    size_t n = strlen(id);
    if (n == 0)
        return gisac_err_set(err, GISAC_EINVAL, "agency id is empty");
    if (n > AUTH_AGENCY_ID_MAX)
        return gisac_err_set(err, GISAC_EINVAL, "agency id '%.64s...' is longer than %d characters",
                             id, AUTH_AGENCY_ID_MAX);
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return gisac_err_set(err, GISAC_EINVAL,
                                 "agency id '%s': use only a-z, 0-9 and '-' (1 to %d characters)",
                                 id, AUTH_AGENCY_ID_MAX);
    }
    return 0;
}

static int grade_parse(const char *g, char *out, gisac_err *err)
{
    if (g[0] && !g[1] && ((g[0] >= 'A' && g[0] <= 'E') || (g[0] >= 'a' && g[0] <= 'e'))) {
        *out = (char)(g[0] >= 'a' ? g[0] - 'a' + 'A' : g[0]);
        return 0;
    }
    return gisac_err_set(err, GISAC_EINVAL, "grade '%s': use A, B, C, D or E", g);
}

int auth_networks_parse(const char *text, char *out, size_t cap, gisac_err *err)
{
    size_t len = 0, idx = 0;
    int count = 0;
    if (cap)
        out[0] = '\0';
    for (const char *p = text;; idx++) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        const char *q = p;
        while (n && (*q == ' ' || *q == '\t'))
            q++, n--;
        while (n && (q[n - 1] == ' ' || q[n - 1] == '\t'))
            n--;
        char path[32];
        snprintf(path, sizeof path, "$.networks[%zu]", idx);
        if (!n) {
            if (!e && idx == 0)
                return 0; /* "": none */
            return gisac_err_at(err, GISAC_EINVAL, path, "networks[%zu]: empty entry", idx);
        }
        char norm[IOC_VALUE_MAX], cidr[IOC_VALUE_MAX + 8];
        ioc_type t;
        gisac_err e2 = GISAC_ERR_INIT;
        if (ioc_normalise(IOC_AUTO, q, n, norm, sizeof norm, &t, NULL, &e2) < 0 ||
            (t != IOC_CIDR && t != IOC_IPV4 && t != IOC_IPV6))
            return gisac_err_at(err, GISAC_EINVAL, path,
                                "networks[%zu]: '%.*s' is not an IPv4 or IPv6 network (CIDR)%s%s",
                                idx, (int)(n > 100 ? 100 : n), q, e2.msg[0] ? ": " : "", e2.msg);
        snprintf(cidr, sizeof cidr, "%s%s", norm,
                 t == IOC_IPV4   ? "/32"
                 : t == IOC_IPV6 ? "/128"
                                 : "");
        /* already listed? */
        int dup = 0;
        size_t cl = strlen(cidr);
        for (const char *r = out; *r && !dup;) {
            const char *c = strchr(r, ',');
            size_t rl = c ? (size_t)(c - r) : strlen(r);
            dup = rl == cl && memcmp(r, cidr, cl) == 0;
            r = c ? c + 1 : r + rl;
        }
        if (!dup) {
            if (++count > AUTH_NETWORKS_MAX)
                return gisac_err_at(err, GISAC_EINVAL, path, "networks: more than %d",
                                    AUTH_NETWORKS_MAX);
            if (len + (len ? 1 : 0) + cl + 1 > cap)
                return gisac_err_at(err, GISAC_EINVAL, path, "networks: longer than %zu bytes",
                                    cap - 1);
            if (len)
                out[len++] = ',';
            memcpy(out + len, cidr, cl + 1);
            len += cl;
        }
        if (!e)
            return 0;
        p = e + 1;
    }
}

static void agency_from(auth_agency *out, const store_agency *row)
{
    memset(out, 0, sizeof *out);
    auth_copy(out->id, sizeof out->id, row->id);
    auth_copy(out->name, sizeof out->name, row->name);
    auth_copy(out->sector, sizeof out->sector, row->sector);
    out->grade = row->grade && row->grade[0] ? row->grade[0] : '?';
    auth_copy(out->parent, sizeof out->parent, row->parent);
    out->created = row->created;
    out->modified = row->modified;
    auth_copy(out->networks, sizeof out->networks, row->networks);
}

int auth_agency_get(auth *a, const char *id, auth_agency *out, gisac_err *err)
{
    gisac_arena_reset(a->arena);
    store_agency row;
    int rc = store_agency_get(a->st, id, &row, a->arena, err);
    if (rc < 0)
        return rc;
    agency_from(out, &row);
    return 0;
}

/* The parent a new or moved agency id may take: it exists and is not id or under id. */
static int parent_check(auth *a, const char *id, const char *parent, gisac_err *err)
{
    int rc = auth_agency_id_check(parent, err);
    if (rc < 0)
        return rc;
    char cur[AUTH_AGENCY_ID_MAX + 1];
    auth_copy(cur, sizeof cur, parent);
    for (int depth = 0; cur[0]; depth++) {
        if (strcmp(cur, id) == 0) {
            if (strcmp(parent, id) == 0)
                return gisac_err_set(err, GISAC_EINVAL, "agency %s cannot be its own parent", id);
            return gisac_err_set(err, GISAC_EINVAL,
                                 "agency %s cannot be under %s: %s is already under %s", id, parent,
                                 parent, id);
        }
        if (depth >= MAX_DEPTH)
            return gisac_err_set(err, GISAC_ESTORE, "the agency hierarchy above %s loops", parent);
        store_agency row;
        rc = store_agency_get(a->st, cur, &row, a->arena, err);
        if (rc == GISAC_ENOTFOUND && depth == 0)
            return gisac_err_set(err, GISAC_EINVAL, "parent agency %s does not exist", cur);
        if (rc == GISAC_ENOTFOUND)
            return gisac_err_set(err, GISAC_ESTORE, "agency %s: its ancestor %s does not exist",
                                 parent, cur);
        if (rc < 0)
            return rc;
        auth_copy(cur, sizeof cur, row.parent);
    }
    return 0;
}

typedef struct clean_change {
    char name[AUTH_AGENCY_NAME_MAX + 1];
    char sector[AUTH_SECTOR_MAX + 1];
    char grade[2];
} clean_change;

/* Check and clean the given members of v into c. */
static int change_clean(const auth_agency_change *v, clean_change *c, gisac_err *err)
{
    int rc;
    memset(c, 0, sizeof *c);
    if (v->name && (rc = auth_text_clean("agency name", v->name, AUTH_AGENCY_NAME_MAX, 0, c->name,
                                         sizeof c->name, err)) < 0)
        return rc;
    if (v->sector && (rc = auth_text_clean("sector", v->sector, AUTH_SECTOR_MAX, 1, c->sector,
                                           sizeof c->sector, err)) < 0)
        return rc;
    if (v->grade && (rc = grade_parse(v->grade, &c->grade[0], err)) < 0)
        return rc;
    return 0;
}

/* End the transaction of a change to row: commit it when rc is 0, else roll it back. */
static int agency_done(auth *a, int rc, const store_agency *row, auth_agency *out, gisac_err *err)
{
    if (rc == 0)
        rc = store_commit(a->st, err);
    else
        store_rollback(a->st);
    if (rc == 0 && out)
        agency_from(out, row);
    return rc;
}

int auth_agency_add(auth *a, const char *id, const auth_agency_change *v, int64_t now,
                    auth_agency *out, gisac_err *err)
{
    gisac_arena_reset(a->arena);
    int rc = auth_agency_id_check(id, err);
    if (rc < 0)
        return rc;
    if (!v->name)
        return gisac_err_set(err, GISAC_EINVAL, "agency %s needs a name", id);
    if (!v->grade)
        return gisac_err_set(err, GISAC_EINVAL, "agency %s needs a grade (A to E)", id);
    clean_change c;
    if ((rc = change_clean(v, &c, err)) < 0)
        return rc;
    const char *parent = v->parent && v->parent[0] ? v->parent : NULL;
    char nets[AUTH_NETWORKS_TEXT] = "";
    if (v->networks && (rc = auth_networks_parse(v->networks, nets, sizeof nets, err)) < 0)
        return rc;
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    if (parent)
        rc = parent_check(a, id, parent, err);
    store_agency row = {id, c.name, c.sector[0] ? c.sector : NULL, c.grade, parent, now, now, NULL};
    if (rc == 0)
        rc = store_agency_insert(a->st, &row, err);
    if (rc == 0 && nets[0]) {
        row.networks = nets;
        rc = store_agency_set_networks(a->st, id, nets, now, err);
    }
    if (rc == 0) {
        gisac_jobj j = GISAC_JOBJ_INIT;
        gisac_jobj_str(&j, "name", row.name);
        gisac_jobj_str(&j, "grade", row.grade);
        gisac_jobj_str(&j, "sector", row.sector);
        gisac_jobj_str(&j, "parent", row.parent);
        if (row.networks)
            gisac_jobj_str(&j, "networks", row.networks);
        rc = auth_audit(a, now, "agency.add", id, &j, err);
    }
    return agency_done(a, rc, &row, out, err);
}

int auth_agency_update(auth *a, const char *id, const auth_agency_change *v, int64_t now,
                       auth_agency *out, gisac_err *err)
{
    gisac_arena_reset(a->arena);
    int rc = auth_agency_id_check(id, err);
    if (rc < 0)
        return rc;
    if (!v->name && !v->sector && !v->grade && !v->parent && !v->networks)
        return gisac_err_set(err, GISAC_EINVAL, "nothing to change for agency %s", id);
    clean_change c;
    if ((rc = change_clean(v, &c, err)) < 0)
        return rc;
    char nets[AUTH_NETWORKS_TEXT];
    if (v->networks && (rc = auth_networks_parse(v->networks, nets, sizeof nets, err)) < 0)
        return rc;
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    store_agency row;
    rc = store_agency_get(a->st, id, &row, a->arena, err);
    if (rc == 0 && v->parent && v->parent[0])
        rc = parent_check(a, id, v->parent, err);
    if (rc == 0) {
        if (v->name)
            row.name = c.name;
        if (v->sector)
            row.sector = c.sector[0] ? c.sector : NULL;
        if (v->grade)
            row.grade = c.grade;
        if (v->parent)
            row.parent = v->parent[0] ? v->parent : NULL;
        row.modified = now;
        rc = store_agency_update(a->st, &row, err);
    }
    if (rc == 0 && v->networks) {
        row.networks = nets[0] ? nets : NULL;
        rc = store_agency_set_networks(a->st, id, row.networks, now, err);
    }
    if (rc == 0) {
        /* what was changed, with its new value */
        gisac_jobj j = GISAC_JOBJ_INIT;
        if (v->name)
            gisac_jobj_str(&j, "name", row.name);
        if (v->sector)
            gisac_jobj_str(&j, "sector", row.sector);
        if (v->grade)
            gisac_jobj_str(&j, "grade", row.grade);
        if (v->parent)
            gisac_jobj_str(&j, "parent", row.parent);
        if (v->networks)
            gisac_jobj_str(&j, "networks", row.networks);
        rc = auth_audit(a, now, "agency.update", id, &j, err);
    }
    return agency_done(a, rc, &row, out, err);
}

GISAC_RELAY_MAP(list_one, store_agency, auth_agency, agency_from, auth_agency_cb)

int auth_agency_list(auth *a, auth_agency_cb cb, void *ctx, gisac_err *err)
{
    gisac_relay l = GISAC_RELAY(cb, ctx);
    return store_agency_iter(a->st, list_one, &l, err);
}
