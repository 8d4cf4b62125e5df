/*
 * app_asset.c: the software-asset register and vulnerability data
 * (app_asset.h). Role and agency are checked here; the register, the
 * matching and the JSON shapes are the asset and vuln services'.
 */
#include "app/app_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The agency a read concerns: the caller's own for an officer who names none. */
static int read_scope(const auth_principal *who, const char **agency, gisac_err *err)
{
    if ((!*agency || !**agency) && who->role == AUTH_ROLE_AGENCY && who->agency && *who->agency)
        *agency = who->agency;
    if (*agency && !**agency)
        *agency = NULL;
    if (!auth_can(who, AUTH_READ_AGENCY, *agency))
        return gisac_err_at(
            err, GISAC_EFORBIDDEN, "$.agency", "%s may not read the software assets of %s",
            who->name ? who->name : "this account", *agency ? *agency : "every agency");
    return 0;
}

static int write_scope(const auth_principal *who, const char *agency, gisac_err *err)
{
    if (!agency || !*agency)
        return gisac_err_at(err, GISAC_EINVAL, "$.agency", "no agency given");
    if (!auth_can(who, AUTH_WRITE_AGENCY, agency))
        return gisac_err_at(err, GISAC_EFORBIDDEN, "$.agency",
                            "%s may not change the software assets of %s",
                            who->name ? who->name : "this account", agency);
    return 0;
}

static void audit(app *a, const char *action, const char *object, const char *detail)
{
    gisac_err e = GISAC_ERR_INIT;
    store_audit_append(app_store(a), gisac_now(), action, object, detail, &e);
}

int app_import_asset(app *a, const auth_principal *who, const char *agency, const char *host,
                     const char *system, const char *distro, const char *data, size_t len,
                     const char *name_hint, asset_import_result *out, char *host_out,
                     size_t host_cap, gisac_err *err)
{
    memset(out, 0, sizeof *out);
    /* an officer's import is their own agency's unless they name one */
    if ((!agency || !*agency) && who->role == AUTH_ROLE_AGENCY && who->agency && *who->agency)
        agency = who->agency;
    int rc = write_scope(who, agency, err);
    if (rc)
        return rc;
    asset_sbom sb;
    if (distro && *distro && (rc = asset_distro_check(distro, err)) < 0)
        return rc;
    rc = asset_inventory_parse(data, len, name_hint, distro && *distro ? distro : NULL, &sb, err);
    if (rc < 0)
        out->line = sb.line;
    if (rc == 0) {
        /* a dpkg status file never names its host, nor does its file name ("status") */
        if (strcmp(sb.format, "dpkg-status") == 0)
            name_hint = NULL;
        const char *h = host && *host ? host : sb.subject && *sb.subject ? sb.subject : name_hint;
        if (!h || !*h)
            rc = gisac_err_at(err, GISAC_EINVAL, "$.host", "no host name (give --host)");
        else if (strlen(h) > 200)
            rc = gisac_err_at(err, GISAC_EINVAL, "$.host", "host name longer than 200 bytes");
        if (rc == 0)
            rc = asset_import(app_store(a), agency, h, system, &sb, gisac_now(), out, err);
        if (rc == 0) {
            if (host_out && host_cap)
                snprintf(host_out, host_cap, "%s", h);
            gisac_buf d = GISAC_BUF_INIT;
            gisac_buf_puts(&d, "{\"host\":");
            gisac_buf_json_str(&d, h);
            gisac_buf_printf(&d,
                             ",\"format\":\"%s\",\"components\":%zu,\"added\":%zu,"
                             "\"removed\":%zu}",
                             sb.format, out->components, out->added, out->removed);
            audit(a, "asset.import", agency, d.data);
            gisac_buf_free(&d);
        }
    }
    asset_sbom_free(&sb);
    return rc;
}

/* A --component value as the store's filter keys. */
static int component_keys(const char *comp, store_asset_filter *sf, char *pkey, size_t pcap,
                          char *ckey, size_t ccap, gisac_err *err)
{
    if (!comp || !*comp)
        return 0;
    vuln_target t = {NULL, NULL, NULL, NULL};
    if (strncasecmp(comp, "pkg:", 4) == 0) {
        vuln_purl p;
        gisac_err e2 = GISAC_ERR_INIT;
        if (vuln_purl_parse(comp, &p, &e2) < 0)
            return gisac_err_at(err, GISAC_EINVAL, "$.component", "--component: %s", e2.msg);
        t.purl = comp;
    } else if (strncasecmp(comp, "cpe:", 4) == 0) {
        vuln_cpe c;
        gisac_err e2 = GISAC_ERR_INIT;
        if (vuln_cpe_parse(comp, &c, &e2) < 0)
            return gisac_err_at(err, GISAC_EINVAL, "$.component", "--component: %s", e2.msg);
        t.cpe = comp;
    } else
        return gisac_err_at(err, GISAC_EINVAL, "$.component",
                            "--component: a package URL (pkg:...) or a CPE name (cpe:...)");
    vuln_target_keys(&t, pkey, pcap, ckey, ccap);
    if (t.purl)
        sf->pkey = pkey;
    else if (ckey[0])
        sf->ckey = ckey;
    else
        return gisac_err_at(err, GISAC_EINVAL, "$.component",
                            "--component: a CPE with a wildcard vendor or product names nothing");
    return 0;
}

int app_list_assets(app *a, const auth_principal *who, const app_asset_filter *f, store_asset_cb cb,
                    void *ctx, gisac_err *err)
{
    const char *agency = f->agency;
    int rc = read_scope(who, &agency, err);
    store_asset_filter sf = {agency, f->host && *f->host ? f->host : NULL, NULL, NULL};
    char pkey[600], ckey[600];
    if (rc == 0)
        rc = component_keys(f->component, &sf, pkey, sizeof pkey, ckey, sizeof ckey, err);
    return rc ? rc : store_asset_list(app_store(a), &sf, cb, ctx, err);
}

int app_list_asset_changes(app *a, const auth_principal *who, const app_asset_filter *f,
                           store_asset_change_cb cb, void *ctx, gisac_err *err)
{
    const char *agency = f->agency;
    int rc = read_scope(who, &agency, err);
    store_asset_filter sf = {agency, f->host && *f->host ? f->host : NULL, NULL, NULL};
    return rc ? rc : store_asset_changes(app_store(a), &sf, cb, ctx, err);
}

static void jstr(gisac_buf *b, const char *s)
{
    if (s)
        gisac_buf_json_str(b, s);
    else
        gisac_buf_puts(b, "null");
}

/* A member of a JSON object: its name and its text (a string, or null for NULL). */
typedef struct jfield {
    const char *name;
    const char *value;
} jfield;

/* ,"name":value for each of the n members of f. */
static void jfields(gisac_buf *b, const jfield *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        gisac_buf_printf(b, ",\"%s\":", f[i].name);
        jstr(b, f[i].value);
    }
}

int app_asset_to_json(const store_asset_row *r, gisac_buf *b)
{
    char t[GISAC_TIME_LEN];
    gisac_time_format(r->imported, t);
    gisac_buf_puts(b, "{\"agency\":");
    jstr(b, r->agency);
    const jfield f[] = {{"host", r->host},          {"system", r->system}, {"name", r->name},
                        {"version", r->version},    {"purl", r->purl},     {"cpe", r->cpe},
                        {"ecosystem", r->ecosystem}};
    jfields(b, f, sizeof f / sizeof *f);
    return gisac_buf_printf(b, ",\"imported\":\"%s\"}", t) < 0 ? GISAC_ENOMEM : 0;
}

/* ---- notices: new data that affects an agency's assets -------------------------- */

typedef struct notice_group {
    char agency[128];
    json_t *components;
    int kev;
} notice_group;

typedef struct notice_ctx {
    store *s;
    const char *vuln;
    int64_t now;
    notice_group *g;
    size_t n, cap;
    const char *severity;
    int kev;
    int rc;
    gisac_err *err;
} notice_ctx;

static int notice_hit(void *ctx, const vuln_hit *h)
{
    notice_ctx *x = ctx;
    if (h->vex_id > 0)
        return 0; /* suppressed: nobody is told */
    char comp[512];
    snprintf(comp, sizeof comp, "%s@%s", h->name, h->version ? h->version : "");
    int fresh = 0;
    x->rc = store_vuln_notice_put(x->s, h->agency, h->vuln, h->host, comp, x->now, &fresh, x->err);
    if (x->rc)
        return 1;
    if (!x->severity && h->severity)
        x->severity = h->severity;
    x->kev |= h->known_exploited;
    if (!fresh)
        return 0;
    notice_group *g = NULL;
    for (size_t i = 0; i < x->n && !g; i++)
        if (strcmp(x->g[i].agency, h->agency) == 0)
            g = &x->g[i];
    if (!g) {
        notice_group ng = {"", json_array(), 0};
        snprintf(ng.agency, sizeof ng.agency, "%s", h->agency);
        if (!ng.components || gisac_push(&x->g, &x->n, &x->cap, sizeof ng, 8, &ng) < 0) {
            json_decref(ng.components);
            x->rc = gisac_err_set(x->err, GISAC_ENOMEM, "out of memory");
            return 1;
        }
        g = &x->g[x->n - 1];
    }
    json_t *c = json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:s, s:s}", "host", h->host, "name",
                          h->name, "version", h->version, "purl", h->purl, "cpe", h->cpe, "status",
                          vuln_status_name(h->status), "explanation", h->why);
    if (!c || json_array_append_new(g->components, c) < 0) {
        x->rc = gisac_err_set(x->err, GISAC_ENOMEM, "out of memory");
        return 1;
    }
    return 0;
}

int app_vuln_notices(app *a, const char *vuln, int64_t now, size_t *sent, gisac_err *err)
{
    store *s = app_store(a);
    *sent = 0;
    gisac_buf show = GISAC_BUF_INIT;
    int rc = vuln_show_json(s, vuln, &show, err);
    json_t *v = rc == 0 ? json_loadb(show.data, show.len, 0, NULL) : NULL;
    gisac_buf_free(&show);
    if (rc)
        return rc;
    const char *id = json_string_value(json_object_get(v, "id"));
    const char *summary = json_string_value(json_object_get(v, "summary"));
    notice_ctx x = {s, id ? id : vuln, now, NULL, 0, 0, NULL, 0, 0, err};
    vuln_filter f = {NULL, NULL, x.vuln, 0};
    rc = store_begin(s, err);
    if (rc == 0)
        rc = vuln_affected_list(s, &f, notice_hit, &x, err);
    if (rc == 0)
        rc = x.rc;
    for (size_t i = 0; rc == 0 && i < x.n; i++) {
        notice_group *g = &x.g[i];
        char subject[512];
        snprintf(subject, sizeof subject, "%s%s%s: %zu component%s", x.vuln, summary ? " " : "",
                 summary ? summary : "", json_array_size(g->components),
                 json_array_size(g->components) == 1 ? "" : "s");
        gisac_utf8_trim(subject);
        json_t *payload =
            json_pack("{s:s, s:s?, s:s?, s:b, s:O}", "vuln", x.vuln, "summary", summary, "severity",
                      x.severity, "known_exploited", x.kev, "components", g->components);
        json_t *about = json_pack("{s:s, s:s, s:s}", "type", "vuln", "id", x.vuln, "title",
                                  summary ? summary : x.vuln);
        char *pj = payload ? json_dumps(payload, JSON_COMPACT) : NULL;
        char *aj = about ? json_dumps(about, JSON_COMPACT) : NULL;
        if (!pj || !aj)
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        else {
            const char *agencies[1] = {g->agency};
            rc = notify_enqueue_about(s, "vuln.affected", g->agency, agencies, 1, 0, subject, pj,
                                      aj, now, err);
            if (rc > 0)
                rc = 0;
            (*sent)++;
        }
        free(pj);
        free(aj);
        json_decref(payload);
        json_decref(about);
    }
    for (size_t i = 0; i < x.n; i++)
        json_decref(x.g[i].components);
    free(x.g);
    json_decref(v);
    if (rc == 0)
        return store_commit(s, err);
    store_rollback(s);
    return rc;
}

/* The vulnerabilities of the records an import stored, told to the agencies
 * after it: known exploited first, then by severity, then in import order. */
typedef struct told {
    char *vuln;
    int kev, sev;
    size_t at;
} told;

typedef struct import_ctx {
    told *v;
    size_t n, cap;
} import_ctx;

static int record_seen(void *ctx, const vuln_record *r, gisac_err *err)
{
    import_ctx *ic = ctx;
    for (size_t i = 0; i < ic->n; i++)
        if (strcmp(ic->v[i].vuln, r->vuln) == 0) {
            ic->v[i].kev |= r->known_exploited;
            return 0;
        }
    told t = {strdup(r->vuln), r->known_exploited, vuln_severity_rank(r->severity), ic->n};
    if (!t.vuln || gisac_push(&ic->v, &ic->n, &ic->cap, sizeof t, 16, &t) < 0) {
        free(t.vuln);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    return 0;
}

static int told_order(const void *x, const void *y)
{
    const told *a = x, *b = y;
    if (a->kev != b->kev)
        return a->kev ? -1 : 1;
    if (a->sev != b->sev)
        return a->sev > b->sev ? -1 : 1;
    return a->at < b->at ? -1 : a->at > b->at;
}

int app_import_vuln(app *a, const auth_principal *who, const char *data, size_t len,
                    vuln_import_result *out, gisac_err *err)
{
    if (!auth_can(who, AUTH_WRITE_INTEL, NULL))
        return gisac_err_set(err, GISAC_EFORBIDDEN, "%s may not import vulnerability data",
                             who->name ? who->name : "this account");
    size_t before = out->records, kev = out->kev;
    import_ctx ic = {0};
    out->on_record = record_seen;
    out->ctx = &ic;
    int rc = vuln_import(app_store(a), data, len, gisac_now(), out, err);
    out->on_record = NULL;
    out->ctx = NULL;
    if (rc == 0 || out->records > before) {
        char d[256];
        snprintf(d, sizeof d, "{\"records\":%zu,\"kev\":%zu}", out->records - before,
                 out->kev - kev);
        audit(a, "vuln.import", out->records > before ? out->last_id : "kev", d);
    }
    /* the agencies whose assets the stored records affect are told, once each,
     * the most urgent first (also of the records kept before an error) */
    if (ic.n)
        qsort(ic.v, ic.n, sizeof *ic.v, told_order);
    for (size_t i = 0; i < ic.n; i++) {
        size_t sent = 0;
        gisac_err e2 = GISAC_ERR_INIT;
        int r2 = app_vuln_notices(a, ic.v[i].vuln, gisac_now(), &sent, rc ? &e2 : err);
        out->notices += sent;
        if (rc == 0)
            rc = r2;
    }
    for (size_t i = 0; i < ic.n; i++)
        free(ic.v[i].vuln);
    free(ic.v);
    return rc;
}

int app_list_affected(app *a, const auth_principal *who, const vuln_filter *f, vuln_hit_cb cb,
                      void *ctx, gisac_err *err)
{
    vuln_filter g = *f;
    int rc = read_scope(who, &g.agency, err);
    if (g.host && !*g.host)
        g.host = NULL;
    if (g.vuln && !*g.vuln)
        g.vuln = NULL;
    return rc ? rc : vuln_affected_list(app_store(a), &g, cb, ctx, err);
}

int app_show_vuln(app *a, const auth_principal *who, const char *id, gisac_buf *out, gisac_err *err)
{
    if (!auth_can(who, AUTH_READ_INTEL, NULL))
        return gisac_err_set(err, GISAC_EFORBIDDEN, "%s may not read vulnerability data",
                             who->name ? who->name : "this account");
    return vuln_show_json(app_store(a), id, out, err);
}

int app_add_vex(app *a, const auth_principal *who, const app_vex_input *in, int64_t *id,
                gisac_err *err)
{
    app_vex_input v = *in;
    in = &v;
    /* an officer's statement is their agency's unless they name another ("" is the office) */
    if (!v.agency && who->role == AUTH_ROLE_AGENCY && who->agency && *who->agency)
        v.agency = who->agency;
    int rc;
    if (in->agency && *in->agency)
        rc = write_scope(who, in->agency, err);
    else if (!auth_can(who, AUTH_WRITE_INTEL, NULL))
        rc = gisac_err_at(err, GISAC_EFORBIDDEN, "$.agency",
                          "a statement for every agency is the office's (give --agency)");
    else
        rc = 0;
    if (rc)
        return rc;
    if (!in->vuln || !*in->vuln)
        return gisac_err_at(err, GISAC_EINVAL, "$.vuln", "no vulnerability given");
    if (!vuln_vex_justification_ok(in->justification))
        return gisac_err_at(err, GISAC_EINVAL, "$.justification",
                            "justification '%s': not a CycloneDX or OpenVEX justification",
                            in->justification ? in->justification : "");
    if (in->version && (in->from || in->to))
        return gisac_err_at(err, GISAC_EINVAL, "$.version",
                            "give one version or a range (--from, --to), not both");
    store_asset_filter sf = {0};
    char pkey[600] = "", ckey[600] = "";
    rc = component_keys(in->component, &sf, pkey, sizeof pkey, ckey, sizeof ckey, err);
    if (rc == 0 && !sf.pkey && !sf.ckey)
        rc = gisac_err_at(err, GISAC_EINVAL, "$.component", "no component given");
    char vuln[128];
    if (rc == 0)
        rc = vuln_resolve(app_store(a), in->vuln, vuln, sizeof vuln, err);
    if (rc)
        return rc;
    store_vex_row r = {0,
                       in->agency && *in->agency ? in->agency : NULL,
                       vuln,
                       sf.pkey ? pkey : ckey,
                       in->version,
                       in->from,
                       in->to,
                       in->justification,
                       in->statement,
                       gisac_now(),
                       who->name};
    rc = store_vex_insert(app_store(a), &r, err);
    if (rc == 0) {
        *id = r.id;
        gisac_buf d = GISAC_BUF_INIT;
        app_vex_to_json(&r, &d);
        audit(a, "vex.add", vuln, d.data);
        gisac_buf_free(&d);
    }
    return rc;
}

int app_list_vex(app *a, const auth_principal *who, const char *agency, store_vex_cb cb, void *ctx,
                 gisac_err *err)
{
    int rc = read_scope(who, &agency, err);
    return rc ? rc : store_vex_list(app_store(a), agency, NULL, cb, ctx, err);
}

/* Whether a mark like the statement's is already there (an import again). */
typedef struct vex_same {
    const char *agency, *key, *version, *justification;
    int found;
} vex_same;

static int vex_same_cb(void *ctx, const store_vex_row *r)
{
    vex_same *x = ctx;
    int same_agency =
        (!x->agency && !r->agency) || (x->agency && r->agency && strcmp(x->agency, r->agency) == 0);
    int same_version = (!x->version && !r->version) ||
                       (x->version && r->version && strcmp(x->version, r->version) == 0);
    x->found |= same_agency && same_version && !r->range_from && !r->range_to &&
                strcmp(r->component, x->key) == 0 &&
                strcmp(r->justification, x->justification) == 0;
    return x->found;
}

int app_import_vex(app *a, const auth_principal *who, const char *agency, const char *data,
                   size_t len, app_vex_import_result *out, gisac_err *err)
{
    memset(out, 0, sizeof *out);
    if (!agency && who->role == AUTH_ROLE_AGENCY && who->agency && *who->agency)
        agency = who->agency;
    if (agency && !*agency)
        agency = NULL;
    /* who may: checked before anything, also for statements recorded before */
    int rc = agency ? write_scope(who, agency, err) : 0;
    if (rc < 0)
        return rc;
    if (!agency && !auth_can(who, AUTH_WRITE_INTEL, NULL))
        return gisac_err_at(err, GISAC_EFORBIDDEN, "$.agency",
                            "statements for every agency are the office's (give --agency)");
    vuln_vex_doc d;
    rc = vuln_vex_parse(data, len, &d, err);
    if (rc == 0) {
        snprintf(out->format, sizeof out->format, "%s", d.format);
        out->statements = d.n;
    }
    for (size_t i = 0; rc == 0 && i < d.n; i++) {
        const vuln_vex_stmt *st = &d.v[i];
        if (st->status != VULN_VEX_NOT_AFFECTED) {
            out->other++;
            continue;
        }
        char vuln[128];
        gisac_err e2 = GISAC_ERR_INIT;
        if (vuln_resolve(app_store(a), st->vuln, vuln, sizeof vuln, &e2) == GISAC_ENOTFOUND) {
            out->unknown_vuln++;
            continue;
        }
        vuln_purl p;
        char key[600];
        vuln_purl_parse(st->product, &p, NULL);
        vuln_purl_key(&p, key, sizeof key);
        vex_same x = {agency, key, st->version, st->justification, 0};
        rc = store_vex_list(app_store(a), agency, vuln, vex_same_cb, &x, err);
        if (rc > 0) /* the callback stopped at a mark like it */
            rc = 0;
        if (rc < 0 || x.found) {
            out->known += x.found != 0;
            continue;
        }
        app_vex_input in = {agency ? agency : "", st->vuln,     st->product,
                            st->version,          NULL,         NULL,
                            st->justification,    st->statement};
        int64_t id;
        rc = app_add_vex(a, who, &in, &id, err);
        if (rc == 0)
            out->added++;
    }
    vuln_vex_free(&d);
    return rc;
}

int app_vex_to_json(const store_vex_row *r, gisac_buf *b)
{
    char t[GISAC_TIME_LEN];
    gisac_time_format(r->created, t);
    gisac_buf_printf(b, "{\"id\":%lld,\"agency\":", (long long)r->id);
    jstr(b, r->agency);
    const jfield f[] = {{"vuln", r->vuln}, {"component", r->component}};
    jfields(b, f, 2);
    gisac_buf_puts(b, ",\"status\":\"not_affected\",\"version\":");
    jstr(b, r->version);
    const jfield g[] = {{"from", r->range_from},
                        {"to", r->range_to},
                        {"justification", r->justification},
                        {"statement", r->statement},
                        {"created_by", r->created_by}};
    jfields(b, g, sizeof g / sizeof *g);
    return gisac_buf_printf(b, ",\"created\":\"%s\"}", t) < 0 ? GISAC_ENOMEM : 0;
}
