/*
 * vuln_svc.c: vulnerability data on the store, and the register matched
 * against it (vuln.h). Candidates come from the index (a component's purl
 * package key and CPE vendor:product), never from a scan of every record;
 * each candidate is parsed once per call and matched by vuln_match.
 */
#include "store/store.h"
#include "vuln/vuln_internal.h"

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- import ------------------------------------------------------------------- */

/* Copies of the strings an iteration hands out (index keys, aliases). */
typedef struct names {
    char **v;
    size_t n, cap;
    int oom;
} names;

/* Keeps a copy of n: 0, or 1 (stop) with oom set when out of memory. */
static int name_cb(void *ctx, const char *n)
{
    names *l = ctx;
    char *d = strdup(n);
    if (!d || gisac_push(&l->v, &l->n, &l->cap, sizeof d, 8, &d) < 0) {
        free(d);
        l->oom = 1;
        return 1;
    }
    return 0;
}

/* name_cb of an alias: an NVD record's id ("NVD:CVE-...") names a record, not the vulnerability */
static int alias_cb(void *ctx, const char *n)
{
    return strncmp(n, "NVD:", 4) == 0 ? 0 : name_cb(ctx, n);
}

static void names_free(names *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static int import_kev(store *s, json_t *root, vuln_import_result *out, gisac_err *err)
{
    json_t *vs = json_object_get(root, "vulnerabilities");
    if (!json_is_array(vs))
        return gisac_err_at(err, GISAC_EINVAL, "$.vulnerabilities", "KEV: no vulnerabilities");
    int rc = store_begin(s, err);
    size_t i;
    json_t *v;
    json_array_foreach(vs, i, v)
    {
        if (rc)
            break;
        const char *cve = json_string_value(json_object_get(v, "cveID"));
        if (!cve || strncmp(cve, "CVE-", 4) != 0) {
            char f[64];
            snprintf(f, sizeof f, "$.vulnerabilities[%zu].cveID", i);
            rc = gisac_err_at(err, GISAC_EINVAL, f, "%s: not a CVE id", f);
            break;
        }
        rc = store_vuln_kev_put(s, cve, json_string_value(json_object_get(v, "dateAdded")),
                                json_string_value(json_object_get(v, "vulnerabilityName")), err);
        if (rc == 0)
            out->kev++;
    }
    if (rc == 0)
        return store_commit(s, err);
    store_rollback(s);
    return rc;
}

static int import_record(store *s, const char *data, size_t len, int64_t now,
                         vuln_import_result *out, gisac_err *err);

/* An NVD CVE API 2.0 response: each vulnerability a record of its own. */
static int import_nvd(store *s, json_t *root, int64_t now, vuln_import_result *out, gisac_err *err)
{
    json_t *vs = json_object_get(root, "vulnerabilities");
    size_t i;
    json_t *v;
    json_array_foreach(vs, i, v)
    {
        json_t *one = json_pack("{s:s,s:s,s:[O]}", "format", "NVD_CVE", "version", "2.0",
                                "vulnerabilities", v);
        char *text = one ? json_dumps(one, JSON_COMPACT) : NULL;
        json_decref(one);
        if (!text)
            return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        int rc = import_record(s, text, strlen(text), now, out, err);
        free(text);
        if (rc < 0) {
            /* the record's path "$.cve..." as the response's "$.vulnerabilities[i].cve..." */
            char f[GISAC_ERR_FIELD], m[GISAC_ERR_MSG];
            size_t fl = strlen(err->field);
            snprintf(f, sizeof f, "$.vulnerabilities[%zu]%s", i,
                     strncmp(err->field, "$.", 2) == 0 ? err->field + 1 : "");
            snprintf(m, sizeof m, "%s",
                     strncmp(err->msg, err->field, fl) == 0 && fl ? err->msg + fl : err->msg);
            return gisac_err_at(err, rc, f, "%s%s%s", f, m[0] == ':' ? "" : ": ", m);
        }
    }
    return 0;
}

int vuln_import(store *s, const char *data, size_t len, int64_t now, vuln_import_result *out,
                gisac_err *err)
{
    json_error_t je;
    json_t *root = json_loadb(data, len, 0, &je);
    if (!root)
        return gisac_err_at(err, GISAC_EINVAL, "$", "not JSON: line %d: %s", je.line, je.text);
    if (json_is_object(root) && json_object_get(root, "catalogVersion") &&
        json_object_get(root, "vulnerabilities")) {
        int rc = import_kev(s, root, out, err);
        json_decref(root);
        return rc;
    }
    if (vuln_nvd_is(root)) {
        int rc = import_nvd(s, root, now, out, err);
        json_decref(root);
        return rc;
    }
    json_decref(root);
    return import_record(s, data, len, now, out, err);
}

/* One CVE 5, OSV or NVD record (its own bytes stored), then out->on_record. */
static int import_record(store *s, const char *data, size_t len, int64_t now,
                         vuln_import_result *out, gisac_err *err)
{
    vuln_record r;
    int rc = vuln_record_parse(data, len, &r, err);
    names ks = {0};
    if (rc == 0 && vuln_record_keys(&r, name_cb, &ks) != 0)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (rc == 0) {
        /* the record's text as stored: its own bytes, valid JSON already */
        char *text = malloc(len + 1);
        if (!text)
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        else {
            memcpy(text, data, len);
            text[len] = 0;
            store_vuln_row row = {r.id, r.vuln,    r.source,   r.published, r.modified,
                                  now,  r.summary, r.severity, r.withdrawn, text};
            rc = store_vuln_put(s, &row, r.aliases, r.naliases, (const char *const *)ks.v, ks.n,
                                err);
            free(text);
        }
        if (rc == 0 && r.known_exploited && strncmp(r.vuln, "CVE-", 4) == 0) {
            int yes = 0;
            rc = store_vuln_kev_get(s, r.vuln, &yes, NULL, 0, err);
            if (rc == 0 && !yes)
                rc = store_vuln_kev_put(s, r.vuln, NULL, NULL, err);
        }
        if (rc == 0) {
            out->records++;
            out->withdrawn += r.withdrawn != 0;
            snprintf(out->last_id, sizeof out->last_id, "%s", r.id);
            if (out->on_record)
                rc = out->on_record(out->ctx, &r, err);
        }
    }
    names_free(&ks);
    vuln_record_free(&r);
    return rc;
}

/* ---- matching the register ---------------------------------------------------- */

#define A(f) offsetof(store_asset_row, f)
/* The strings of a component kept while its matches are found. */
static const size_t comp_strs[] = {A(agency),  A(host), A(system), A(name),
                                   A(version), A(purl), A(cpe),    A(ecosystem)};
#undef A

/* The components to match, kept in a gisac_rows. */
static int comp_cb(void *ctx, const store_asset_row *r)
{
    return gisac_rows_keep(ctx, r, comp_strs, sizeof comp_strs / sizeof comp_strs[0]);
}

/* Records parsed once per call, found by id. */
typedef struct cached {
    char *id;
    char *vuln; /* the vulnerability as stored (aliases joined), not as the record reads */
    vuln_record rec;
    int ok;
    int64_t imported;
} cached;

typedef struct cache {
    cached *v;
    size_t n, cap;
    /* the ids of the records of the current candidate query */
    size_t *cur;
    size_t ncur, capcur;
    int64_t since;
    int oom;
} cache;

static int rec_cb(void *ctx, const store_vuln_row *r)
{
    cache *c = ctx;
    size_t at = c->n;
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->v[i].id, r->id) == 0) {
            at = i;
            break;
        }
    if (at == c->n) {
        cached x = {.id = strdup(r->id), .vuln = strdup(r->vuln), .imported = r->imported};
        if (!x.id || !x.vuln) {
            free(x.id);
            free(x.vuln);
            c->oom = 1;
            return 1;
        }
        x.ok = vuln_record_parse(r->data, strlen(r->data), &x.rec, NULL) == 0;
        if (gisac_push(&c->v, &c->n, &c->cap, sizeof x, 64, &x) < 0) {
            vuln_record_free(&x.rec);
            free(x.id);
            free(x.vuln);
            c->oom = 1;
            return 1;
        }
    }
    if (c->since > 0 && c->v[at].imported < c->since)
        return 0;
    return gisac_push_or_stop(&c->cur, &c->ncur, &c->capcur, sizeof at, 16, &at, &c->oom);
}

static void cache_free(cache *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i].id);
        free(c->v[i].vuln);
        vuln_record_free(&c->v[i].rec);
    }
    free(c->v);
    free(c->cur);
}

#define X(f) offsetof(store_vex_row, f)
static const size_t vex_strs[] = {X(agency),        X(vuln),       X(component),
                                  X(version),       X(range_from), X(range_to),
                                  X(justification), X(statement),  X(created_by)};
#undef X

/* The VEX statements that apply, kept in a gisac_rows. */
static int vex_cb(void *ctx, const store_vex_row *r)
{
    return gisac_rows_keep(ctx, r, vex_strs, sizeof vex_strs / sizeof vex_strs[0]);
}

typedef struct hit_row {
    const store_asset_row *c;
    char *vuln;
    vuln_status status;
    char *why;
    const char *severity;
    int kev;
    int distro; /* decided by a distribution's own data */
    const store_vex_row *vex;
} hit_row;

typedef struct hits {
    hit_row *v;
    size_t n, cap;
} hits;

static int status_rank(vuln_status s)
{
    return s == VULN_AFFECTED ? 2 : s == VULN_UNKNOWN ? 1 : 0;
}

static int hit_order(const void *x, const void *y)
{
    const hit_row *a = x, *b = y;
    if ((a->vex != NULL) != (b->vex != NULL))
        return a->vex ? 1 : -1;
    if (a->status != b->status)
        return a->status == VULN_AFFECTED ? -1 : 1;
    if (a->kev != b->kev)
        return a->kev ? -1 : 1;
    int sa = vuln_severity_rank(a->severity), sb = vuln_severity_rank(b->severity);
    if (sa != sb)
        return sa > sb ? -1 : 1;
    const store_asset_row *ca = a->c, *cb = b->c;
    int c = strcmp(ca->agency, cb->agency);
    if (!c)
        c = strcmp(ca->host, cb->host);
    if (!c)
        c = strcmp(ca->name, cb->name);
    if (!c)
        c = ca->id < cb->id ? -1 : ca->id > cb->id;
    if (!c)
        c = strcmp(a->vuln, b->vuln);
    return c;
}

/* The VEX statement that suppresses (component, vuln), or NULL. */
static const store_vex_row *vex_for(const gisac_rows *vl, const store_asset_row *c,
                                    const char *vuln, const char *pkey, const char *ckey,
                                    vuln_scheme s)
{
    const store_vex_row *v = vl->v;
    for (size_t i = 0; i < vl->n; i++) {
        const store_vex_row *x = &v[i];
        if (strcmp(x->vuln, vuln) != 0)
            continue;
        if (x->agency && strcmp(x->agency, c->agency) != 0)
            continue;
        int who = (pkey[0] && strcmp(x->component, pkey) == 0) ||
                  (ckey[0] && strcmp(x->component, ckey) == 0) ||
                  (c->purl && strcmp(x->component, c->purl) == 0) ||
                  (c->cpe && strcmp(x->component, c->cpe) == 0);
        if (!who)
            continue;
        if (vuln_vex_covers(s, c->version, x->version, x->range_from, x->range_to))
            return x;
    }
    return NULL;
}

int vuln_affected_list(store *s, const vuln_filter *f, vuln_hit_cb cb, void *ctx, gisac_err *err)
{
    gisac_rows cs = {.size = sizeof(store_asset_row), .first = 256};
    cache ca = {0};
    gisac_rows vl = {.size = sizeof(store_vex_row), .first = 16};
    hits hs = {0};
    ca.since = f->since;
    cs.arena = gisac_arena_new(256 * 1024);
    vl.arena = gisac_arena_new(16 * 1024);
    int rc = 0;
    if (!cs.arena || !vl.arena)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    char want[128] = "";
    if (rc == 0 && f->vuln)
        rc = vuln_resolve(s, f->vuln, want, sizeof want, err);
    store_asset_filter af = {f->agency, f->host, NULL, NULL};
    if (rc == 0 && want[0]) {
        /* one vulnerability: only the components its records name, by the index */
        names ks = {0};
        rc = store_vuln_records(s, want, rec_cb, &ca, err);
        for (size_t k = 0; rc == 0 && k < ca.n; k++)
            if (ca.v[k].ok && vuln_record_keys(&ca.v[k].rec, name_cb, &ks) != 0)
                rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        for (size_t k = 0; rc == 0 && k < ks.n; k++) {
            store_asset_filter kf = af;
            if (ks.v[k][0] == 'p')
                kf.pkey = ks.v[k] + 2;
            else
                kf.ckey = ks.v[k] + 2;
            rc = store_asset_list(s, &kf, comp_cb, &cs, err);
        }
        names_free(&ks);
        /* a component named by two keys is listed once */
        size_t keep = 0;
        store_asset_row *cv = cs.v;
        for (size_t i = 0; rc == 0 && i < cs.n; i++) {
            int dup = 0;
            for (size_t j = 0; j < keep && !dup; j++)
                dup = cv[j].id == cv[i].id;
            if (!dup)
                cv[keep++] = cv[i];
        }
        cs.n = keep;
    } else if (rc == 0)
        rc = store_asset_list(s, &af, comp_cb, &cs, err);
    if (rc == 0)
        rc = store_vex_list(s, f->agency, want[0] ? want : NULL, vex_cb, &vl, err);
    if (rc == 0 && (cs.oom || vl.oom))
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    for (size_t i = 0; rc == 0 && i < cs.n; i++) {
        const store_asset_row *c = (const store_asset_row *)cs.v + i;
        vuln_target t = {c->name, c->version, c->purl, c->cpe};
        char pkey[600], ckey[600];
        vuln_target_keys(&t, pkey, sizeof pkey, ckey, sizeof ckey);
        ca.ncur = 0;
        int is_distro = c->ecosystem && vuln_purl_is_distro(c->ecosystem);
        if (pkey[0])
            rc = store_vuln_by_key(s, "p", pkey, rec_cb, &ca, err);
        if (rc == 0 && ckey[0])
            rc = store_vuln_by_key(s, "c", ckey, rec_cb, &ca, err);
        if (rc == 0 && ca.oom)
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        size_t first = hs.n;
        for (size_t k = 0; rc == 0 && k < ca.ncur; k++) {
            const cached *x = &ca.v[ca.cur[k]];
            if (!x->ok || (want[0] && strcmp(x->vuln, want) != 0))
                continue;
            vuln_verdict vd;
            if (!vuln_match(&x->rec, &t, &vd))
                continue;
            /* a distribution's own data on its package decides alone: an
             * upstream range says nothing of a backported fix */
            int distro = is_distro && strcmp(x->rec.source, "osv") == 0;
            /* one line per (component, vulnerability) */
            hit_row *same = NULL;
            for (size_t q = first; q < hs.n && !same; q++)
                if (strcmp(hs.v[q].vuln, x->vuln) == 0)
                    same = &hs.v[q];
            if (same) {
                int take = distro != same->distro
                               ? distro
                               : status_rank(vd.status) > status_rank(same->status);
                if (take) {
                    char *w = strdup(vd.why);
                    if (!w) {
                        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
                        break;
                    }
                    free(same->why);
                    same->why = w;
                    same->status = vd.status;
                    same->distro = distro;
                }
                if (vuln_severity_rank(x->rec.severity) > vuln_severity_rank(same->severity))
                    same->severity = x->rec.severity;
                same->kev |= x->rec.known_exploited;
                continue;
            }
            hit_row h = {c,
                         strdup(x->vuln),
                         vd.status,
                         strdup(vd.why),
                         x->rec.severity,
                         x->rec.known_exploited,
                         distro,
                         NULL};
            if (!h.vuln || !h.why || gisac_push(&hs.v, &hs.n, &hs.cap, sizeof h, 64, &h) < 0) {
                free(h.vuln);
                free(h.why);
                rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
            }
        }
        /* what is not affected is no line */
        size_t keep = first;
        for (size_t q = first; q < hs.n; q++) {
            if (hs.v[q].status == VULN_NOT_AFFECTED) {
                free(hs.v[q].vuln);
                free(hs.v[q].why);
                continue;
            }
            hs.v[keep++] = hs.v[q];
        }
        hs.n = keep;
        for (size_t q = first; rc == 0 && q < hs.n; q++) {
            hit_row *h = &hs.v[q];
            if (!h->kev && strncmp(h->vuln, "CVE-", 4) == 0)
                rc = store_vuln_kev_get(s, h->vuln, &h->kev, NULL, 0, err);
            h->vex = vex_for(&vl, c, h->vuln, pkey, ckey, vuln_target_scheme(&t));
        }
    }
    if (rc == 0) {
        if (hs.n)
            qsort(hs.v, hs.n, sizeof *hs.v, hit_order);
    }
    for (size_t i = 0; rc == 0 && i < hs.n; i++) {
        const hit_row *h = &hs.v[i];
        const store_asset_row *c = h->c;
        names al = {0};
        rc = store_vuln_aliases(s, h->vuln, alias_cb, &al, err);
        if (rc == 0 && al.oom)
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        if (rc == 0) {
            vuln_hit out = {c->agency,
                            c->host,
                            c->name,
                            c->version,
                            c->purl,
                            c->cpe,
                            h->vuln,
                            (const char *const *)al.v,
                            al.n,
                            h->status,
                            h->why,
                            h->severity,
                            h->kev,
                            h->vex ? h->vex->id : 0,
                            h->vex ? h->vex->justification : NULL,
                            h->vex ? h->vex->statement : NULL};
            if (cb(ctx, &out))
                i = hs.n;
        }
        names_free(&al);
    }
    for (size_t i = 0; i < hs.n; i++) {
        free(hs.v[i].vuln);
        free(hs.v[i].why);
    }
    free(hs.v);
    free(cs.v);
    free(vl.v);
    gisac_arena_free(cs.arena);
    gisac_arena_free(vl.arena);
    cache_free(&ca);
    return rc;
}

/* ---- JSON ----------------------------------------------------------------------- */

static void jstr(gisac_buf *b, const char *s)
{
    if (s)
        gisac_buf_json_str(b, s);
    else
        gisac_buf_puts(b, "null");
}

/* For each of the n pairs of kv: the text kv[i][0] (up to a member's
 * colon), then the string kv[i][1] or null. */
static void jmembers(gisac_buf *b, const char *const (*kv)[2], size_t n)
{
    for (size_t i = 0; i < n; i++) {
        gisac_buf_puts(b, kv[i][0]);
        jstr(b, kv[i][1]);
    }
}

int vuln_hit_to_json(const vuln_hit *h, gisac_buf *b)
{
    size_t before = b->len;
    const char *const head[][2] = {{"{\"agency\":", h->agency},
                                   {",\"host\":", h->host},
                                   {",\"component\":{\"name\":", h->name},
                                   {",\"version\":", h->version},
                                   {",\"purl\":", h->purl},
                                   {",\"cpe\":", h->cpe},
                                   {"},\"vuln\":", h->vuln}};
    jmembers(b, head, sizeof head / sizeof head[0]);
    gisac_buf_puts(b, ",\"aliases\":[");
    size_t k = 0;
    for (size_t i = 0; i < h->naliases; i++) {
        if (strcmp(h->aliases[i], h->vuln) == 0)
            continue;
        if (k++)
            gisac_buf_putc(b, ',');
        gisac_buf_json_str(b, h->aliases[i]);
    }
    gisac_buf_printf(b, "],\"status\":\"%s\"", vuln_status_name(h->status));
    const char *const verdict[][2] = {{",\"explanation\":", h->why},
                                      {",\"severity\":", h->severity}};
    jmembers(b, verdict, 2);
    gisac_buf_printf(
        b, ",\"known_exploited\":%s,\"suppressed\":", h->known_exploited ? "true" : "false");
    if (h->vex_id > 0) {
        gisac_buf_printf(b, "{\"vex\":%lld", (long long)h->vex_id);
        const char *const vex[][2] = {{",\"justification\":", h->justification},
                                      {",\"statement\":", h->statement}};
        jmembers(b, vex, 2);
        gisac_buf_putc(b, '}');
    } else
        gisac_buf_puts(b, "null");
    int rc = gisac_buf_putc(b, '}');
    if (rc < 0)
        b->len = before;
    return rc < 0 ? GISAC_ENOMEM : 0;
}

typedef struct resolve_ctx {
    char *out;
    size_t cap;
    int found;
} resolve_ctx;

static int resolve_cb(void *ctx, const store_vuln_row *r)
{
    resolve_ctx *x = ctx;
    if (!x->found)
        snprintf(x->out, x->cap, "%s", r->vuln);
    x->found = 1;
    return 0;
}

int vuln_resolve(store *s, const char *id, char *out, size_t cap, gisac_err *err)
{
    resolve_ctx x = {out, cap, 0};
    int rc = store_vuln_records(s, id, resolve_cb, &x, err);
    if (rc == 0 && !x.found)
        return gisac_err_at(err, GISAC_ENOTFOUND, "$.vuln", "vulnerability %s: not found", id);
    return rc;
}

typedef struct show_ctx {
    gisac_buf *b;
    size_t n;
    const char *summary, *severity;
    char summary_buf[1024];
    char severity_buf[16];
} show_ctx;

static int show_cb(void *ctx, const store_vuln_row *r)
{
    show_ctx *x = ctx;
    char p[GISAC_TIME_LEN] = "", m[GISAC_TIME_LEN] = "";
    if (r->published)
        gisac_time_format(r->published, p);
    if (r->modified)
        gisac_time_format(r->modified, m);
    if (x->n++)
        gisac_buf_putc(x->b, ',');
    gisac_buf_puts(x->b, "{\"id\":");
    gisac_buf_json_str(x->b, r->id);
    gisac_buf_printf(x->b, ",\"source\":\"%s\",\"published\":", r->source);
    jstr(x->b, p[0] ? p : NULL);
    gisac_buf_puts(x->b, ",\"modified\":");
    jstr(x->b, m[0] ? m : NULL);
    gisac_buf_printf(x->b, ",\"withdrawn\":%s,\"summary\":", r->withdrawn ? "true" : "false");
    jstr(x->b, r->summary);
    gisac_buf_putc(x->b, '}');
    if (r->summary && (!x->summary || strcmp(r->source, "cve5") == 0)) {
        snprintf(x->summary_buf, sizeof x->summary_buf, "%s", r->summary);
        gisac_utf8_trim(x->summary_buf);
        x->summary = x->summary_buf;
    }
    if (r->severity && vuln_severity_rank(r->severity) > vuln_severity_rank(x->severity)) {
        snprintf(x->severity_buf, sizeof x->severity_buf, "%s", r->severity);
        x->severity = x->severity_buf;
    }
    return 0;
}

int vuln_show_json(store *s, const char *id, gisac_buf *out, gisac_err *err)
{
    char vuln[128];
    int rc = vuln_resolve(s, id, vuln, sizeof vuln, err);
    if (rc)
        return rc;
    gisac_buf recs = GISAC_BUF_INIT;
    show_ctx x = {&recs, 0, NULL, NULL, "", ""};
    gisac_buf_puts(&recs, "");
    rc = store_vuln_records(s, vuln, show_cb, &x, err);
    names al = {0};
    if (rc == 0)
        rc = store_vuln_aliases(s, vuln, alias_cb, &al, err);
    int kev = 0;
    char added[32] = "";
    if (rc == 0 && strncmp(vuln, "CVE-", 4) == 0)
        rc = store_vuln_kev_get(s, vuln, &kev, added, sizeof added, err);
    if (rc == 0) {
        gisac_buf_puts(out, "{\"id\":");
        gisac_buf_json_str(out, vuln);
        gisac_buf_puts(out, ",\"aliases\":[");
        size_t k = 0;
        for (size_t i = 0; i < al.n; i++) {
            if (strcmp(al.v[i], vuln) == 0)
                continue;
            if (k++)
                gisac_buf_putc(out, ',');
            gisac_buf_json_str(out, al.v[i]);
        }
        gisac_buf_puts(out, "],\"summary\":");
        jstr(out, x.summary);
        gisac_buf_puts(out, ",\"severity\":");
        jstr(out, x.severity);
        gisac_buf_printf(out, ",\"known_exploited\":%s,\"kev_added\":", kev ? "true" : "false");
        jstr(out, added[0] ? added : NULL);
        gisac_buf_printf(out, ",\"records\":[%s]}", recs.data ? recs.data : "");
    }
    names_free(&al);
    gisac_buf_free(&recs);
    return rc;
}
