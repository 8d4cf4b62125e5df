/*
 * app_gov.c: governance and SCAP use cases (app_gov.h). The services check
 * role and agency; this file keeps the files given in the evidence store
 * first and renders the JSON of single records.
 */
#include "app/app_internal.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int oom(gisac_err *err)
{
    return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
}

/* Keep the files as evidence: a JSON array [{"name","sha256","size"}] into out. */
static int keep_files(app *a, const char *const *paths, size_t n, const char *field, gisac_buf *out,
                      gisac_err *err)
{
    incident_svc *svc = app_incident_h(a, err);
    if (!svc)
        return app_h_fail(err);
    gisac_buf_putc(out, '[');
    for (size_t i = 0; i < n; i++) {
        char hex[65], name[INCIDENT_FILE_NAME_MAX + 1];
        int64_t size;
        int rc = incident_file_put(svc, paths[i], hex, &size, name, err);
        if (rc < 0) {
            if (err && err->field[0] == '\0') {
                char m[GISAC_ERR_MSG];
                snprintf(m, sizeof m, "%s", err->msg);
                gisac_err_at(err, rc, field, "%s", m);
            }
            return rc;
        }
        gisac_buf_puts(out, i ? ",{\"name\":" : "{\"name\":");
        gisac_buf_json_str(out, name);
        gisac_buf_printf(out, ",\"sha256\":\"%s\",\"size\":%lld}", hex, (long long)size);
    }
    return gisac_buf_putc(out, ']') < 0 ? oom(err) : 0;
}

/* ---- obligations ---- */

int app_gov_env(app *a, gov_env *out, gisac_err *err)
{
    const gisac_tz *tz;
    int rc = app_time_zone(a, &tz, err);
    incident_svc *svc = rc == 0 ? app_incident_h(a, err) : NULL;
    if (rc < 0 || !svc)
        return rc < 0 ? rc : app_h_fail(err);
    policy p;
    incident_policy_info info;
    if ((rc = incident_policy_get(svc, 0, &p, &info, err)) < 0)
        return rc;
    if (a->gov_rules_version != info.version || !a->gov_rules.v) {
        gov_ruleset r;
        rc = gov_ruleset_parse(p.obligations, &r, err);
        if (rc == 0) {
            gov_ruleset_free(&a->gov_rules);
            a->gov_rules = r;
            a->gov_rules_version = info.version;
        }
    }
    policy_free(&p);
    out->tz = tz;
    out->rules = &a->gov_rules;
    return rc;
}

int app_gov_light(app *a, int64_t now, gov_overdue *ov, report_obligations *ob, gisac_err *err)
{
    memset(ov, 0, sizeof *ov);
    memset(ob, 0, sizeof *ob);
    gov_env env;
    int rc = app_gov_env(a, &env, err);
    if (rc == 0)
        rc = gov_overdue_count(a->st, &env, now, ov, err);
    if (rc == 0)
        *ob = (report_obligations){
            ov->total, (const char *const *)ov->sector, ov->count,
            ov->n,     env.rules->light_yellow,         env.rules->light_orange};
    return rc;
}

int app_gov_kpi(app *a, const auth_principal *who, const report_period *p, int64_t now,
                gisac_buf *out, gisac_err *err)
{
    gov_env env;
    int rc = app_gov_env(a, &env, err);
    if (rc == 0)
        rc = gov_kpi_json(a->st, &env, who, p->year, p->month, now, out, err);
    if (rc == GISAC_EFORBIDDEN) {
        gisac_err_clear(err);
        rc = gisac_buf_puts(out, "") < 0 ? oom(err) : 0;
    }
    return rc;
}

int app_gov_remind(app *a, int64_t now, int *sent, gisac_err *err)
{
    gov_env env;
    *sent = 0;
    int rc = app_gov_env(a, &env, err);
    return rc < 0 ? rc : gov_remind(a->st, &env, now, sent, err);
}

int app_remind_obligations(app *a, const auth_principal *who, int *sent, gisac_err *err)
{
    *sent = 0;
    if (!who || who->role != AUTH_ROLE_ADMIN)
        return gisac_err_set(err, GISAC_EFORBIDDEN, "reminders are sent by an admin");
    return app_gov_remind(a, gisac_now(), sent, err);
}

int app_list_obligation_rules(app *a, const auth_principal *who, app_rule_cb cb, void *ctx,
                              gisac_err *err)
{
    if (!who || who->role == AUTH_ROLE_NONE)
        return gisac_err_set(err, GISAC_EFORBIDDEN, "sign in first");
    gov_env env;
    int rc = app_gov_env(a, &env, err);
    for (size_t i = 0; rc == 0 && i < env.rules->n; i++)
        if (cb(ctx, &env.rules->v[i]) != 0)
            break;
    return rc;
}

int app_list_obligations(app *a, const auth_principal *who, const gov_obligation_filter *f,
                         gov_obligation_cb cb, void *ctx, gisac_err *err)
{
    gov_env env;
    int rc = app_gov_env(a, &env, err);
    return rc < 0 ? rc : gov_obligation_list(a->st, &env, who, f, gisac_now(), cb, ctx, err);
}

/* in recorded done, its evidence kept into ev once every check passed, the result in *o. */
static int obligation_record(app *a, const auth_principal *who, const gov_env *env,
                             const app_obligation_done *in, gov_obligation *o, gisac_buf *ev,
                             gisac_arena *arena, gisac_err *err)
{
    gov_done_input d = {in->agency, in->kind, in->due, in->at, in->note, NULL};
    /* every check before any file is kept */
    int rc = gov_obligation_check(a->st, env, who, &d, gisac_now(), arena, err);
    if (rc == 0 && in->nevidence)
        rc = keep_files(a, in->evidence, in->nevidence, "$.evidence", ev, err);
    if (rc < 0)
        return rc;
    d.evidence = in->nevidence ? ev->data : NULL;
    return gov_obligation_done(a->st, env, who, &d, gisac_now(), o, arena, err);
}

/* The obligation id (in NULL), or the one in records done, as JSON into out. */
static int obligation_out(app *a, const auth_principal *who, const char *id,
                          const app_obligation_done *in, gisac_buf *out, gisac_err *err)
{
    gov_env env;
    int rc = app_gov_env(a, &env, err);
    if (rc < 0)
        return rc;
    gisac_arena *arena = gisac_arena_new(0);
    if (!arena)
        return oom(err);
    gov_obligation o;
    gisac_buf ev = GISAC_BUF_INIT;
    rc = in ? obligation_record(a, who, &env, in, &o, &ev, arena, err)
            : gov_obligation_get(a->st, &env, who, id, gisac_now(), &o, arena, err);
    if (rc == 0 && gov_obligation_to_json(&o, out) < 0)
        rc = oom(err);
    gisac_arena_free(arena);
    gisac_buf_free(&ev);
    return rc;
}

int app_obligation_json(app *a, const auth_principal *who, const char *id, gisac_buf *out,
                        gisac_err *err)
{
    return obligation_out(a, who, id, NULL, out, err);
}

int app_record_obligation(app *a, const auth_principal *who, const app_obligation_done *in,
                          gisac_buf *out, gisac_err *err)
{
    return obligation_out(a, who, NULL, in, out, err);
}

/* ---- information systems ---- */

/* The system id (in NULL), in as a new system (id 0) or as the change of system id, as JSON into
 * out. */
static int system_out(app *a, const auth_principal *who, int64_t id, const gov_system_input *in,
                      gisac_buf *out, gisac_err *err)
{
    gisac_arena *arena = gisac_arena_new(0);
    if (!arena)
        return oom(err);
    store_system r;
    int rc = !in  ? gov_system_get(a->st, who, id, &r, arena, err)
             : id ? gov_system_update(a->st, who, id, in, gisac_now(), &r, arena, err)
                  : gov_system_add(a->st, who, in, gisac_now(), &r, arena, err);
    if (rc == 0 && gov_system_to_json(&r, out) < 0)
        rc = oom(err);
    gisac_arena_free(arena);
    return rc;
}

int app_add_system(app *a, const auth_principal *who, const gov_system_input *in, gisac_buf *out,
                   gisac_err *err)
{
    return system_out(a, who, 0, in, out, err);
}

int app_update_system(app *a, const auth_principal *who, int64_t id, const gov_system_input *in,
                      gisac_buf *out, gisac_err *err)
{
    return system_out(a, who, id, in, out, err);
}

int app_system_json(app *a, const auth_principal *who, int64_t id, gisac_buf *out, gisac_err *err)
{
    return system_out(a, who, id, NULL, out, err);
}

int app_list_systems(app *a, const auth_principal *who, const char *agency, store_system_cb cb,
                     void *ctx, gisac_err *err)
{
    return gov_system_list(a->st, who, agency, cb, ctx, err);
}

/* ---- assessments and findings ---- */

static int finding_json_row(void *ctx, const store_finding *r)
{
    app_jlist *f = ctx;
    (void)app_jlist_sep(f);
    return gov_finding_to_json(r, f->now, f->b) < 0 ? -1 : 0;
}

/* Assessment r as JSON with its findings into out. */
static int assessment_out(app *a, const auth_principal *who, const store_assessment *r,
                          gisac_buf *out, gisac_err *err)
{
    if (gov_assessment_to_json(r, out) < 0 || !out->len)
        return oom(err);
    out->len--; /* reopen the object */
    gisac_buf_puts(out, ",\"findings\":[");
    app_jlist f = {.b = out, .now = gisac_now()};
    int rc = gov_finding_list(a->st, who, r->id, NULL, NULL, finding_json_row, &f, err);
    if (rc == GISAC_ENOMEM || (rc < 0 && !err->code))
        return oom(err);
    if (rc == 0 && gisac_buf_puts(out, "]}") < 0)
        return oom(err);
    return rc;
}

/* The assessment id (gi NULL), or gi added (with env), with its findings as JSON into out.
 */
static int assessment_json(app *a, const auth_principal *who, const gov_env *env,
                           const gov_assessment_input *gi, int64_t id, gisac_buf *out,
                           gisac_err *err)
{
    gisac_arena *arena = gisac_arena_new(0);
    if (!arena)
        return oom(err);
    store_assessment r;
    int rc = gi ? gov_assessment_add(a->st, env, who, gi, gisac_now(), &r, arena, err)
                : gov_assessment_get(a->st, who, id, &r, arena, err);
    if (rc == 0)
        rc = assessment_out(a, who, &r, out, err);
    gisac_arena_free(arena);
    return rc;
}

int app_add_assessment(app *a, const auth_principal *who, const app_assessment_input *in,
                       gisac_buf *out, gisac_err *err)
{
    gov_env env;
    int rc = app_gov_env(a, &env, err);
    if (rc < 0)
        return rc;
    if ((rc = gov_assessment_kind_check(in->in.kind, "$.kind", err)) < 0 ||
        (rc = gov_agency_access(a->st, who, in->in.agency, 1, NULL, NULL, err)) < 0)
        return rc;
    gov_assessment_input gi = in->in;
    char hex[65] = "";
    if (in->report) {
        incident_svc *svc = app_incident_h(a, err);
        if (!svc)
            return app_h_fail(err);
        char name[INCIDENT_FILE_NAME_MAX + 1];
        int64_t size;
        if ((rc = incident_file_put(svc, in->report, hex, &size, name, err)) < 0)
            return rc;
        gi.report_sha256 = hex;
    }
    return assessment_json(a, who, &env, &gi, 0, out, err);
}

int app_assessment_json(app *a, const auth_principal *who, int64_t id, gisac_buf *out,
                        gisac_err *err)
{
    return assessment_json(a, who, NULL, NULL, id, out, err);
}

int app_list_assessments(app *a, const auth_principal *who, const char *agency,
                         store_assessment_cb cb, void *ctx, gisac_err *err)
{
    return gov_assessment_list(a->st, who, agency, cb, ctx, err);
}

int app_list_findings(app *a, const auth_principal *who, const char *agency, const char *status,
                      store_finding_cb cb, void *ctx, gisac_err *err)
{
    return gov_finding_list(a->st, who, 0, agency, status, cb, ctx, err);
}

/* The finding id, changed by ch first unless it is NULL, as JSON into out. */
static int finding_out(app *a, const auth_principal *who, int64_t id, const app_finding_change *ch,
                       gisac_buf *out, gisac_err *err)
{
    gisac_arena *arena = gisac_arena_new(0);
    if (!arena)
        return oom(err);
    store_finding r;
    /* check the finding is visible and writable before any file is kept */
    int rc = gov_finding_get(a->st, who, id, &r, arena, err);
    if (rc == 0 && ch)
        rc = gov_agency_access(a->st, who, r.agency, 1, NULL, NULL, err);
    gov_finding_change c = ch ? ch->ch : (gov_finding_change){0};
    gisac_buf ev = GISAC_BUF_INIT;
    if (rc == 0 && ch && ch->evidence_file) {
        const char *p[1] = {ch->evidence_file};
        rc = keep_files(a, p, 1, "$.evidence", &ev, err);
        c.evidence = ev.data;
    }
    if (rc == 0 && ch)
        rc = gov_finding_update(a->st, who, id, &c, gisac_now(), &r, arena, err);
    if (rc == 0 && gov_finding_to_json(&r, gisac_now(), out) < 0)
        rc = oom(err);
    gisac_buf_free(&ev);
    gisac_arena_free(arena);
    return rc;
}

int app_update_finding(app *a, const auth_principal *who, int64_t id, const app_finding_change *ch,
                       gisac_buf *out, gisac_err *err)
{
    return finding_out(a, who, id, ch, out, err);
}

int app_finding_json(app *a, const auth_principal *who, int64_t id, gisac_buf *out, gisac_err *err)
{
    return finding_out(a, who, id, NULL, out, err);
}

int app_finding_counts(app *a, const auth_principal *who, const char *by, store_finding_count_cb cb,
                       void *ctx, gisac_err *err)
{
    return gov_finding_counts(a->st, who, by, gisac_now(), cb, ctx, err);
}

/* ---- SCAP ---- */

typedef struct scap_file_ctx {
    app_scap_file_cb cb;
    void *ctx;
    const char *path, *sha256;
} scap_file_ctx;

static int scap_one(void *ctx, const store_scap_scan *scan, int64_t rules)
{
    scap_file_ctx *f = ctx;
    return f->cb ? f->cb(f->ctx, f->path, f->sha256, scan, rules) : 0;
}

int app_import_scap(app *a, const auth_principal *who, const char *agency, const char *host,
                    const char *const *paths, size_t n, app_scap_file_cb cb, void *ctx,
                    gisac_err *err)
{
    if (!n)
        return gisac_err_at(err, GISAC_EINVAL, "$.files", "no file given");
    int rc = gov_agency_access(a->st, who, agency, 1, NULL, NULL, err);
    if (rc < 0)
        return rc;
    incident_svc *svc = app_incident_h(a, err);
    if (!svc)
        return app_h_fail(err);
    /* read every file first: when one is refused, nothing is kept or stored */
    scap_file *files = calloc(n, sizeof *files);
    if (!files)
        return oom(err);
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = scap_parse_file(paths[i], &files[i], err);
    for (size_t i = 0; i < n && rc == 0; i++) {
        char hex[65], name[INCIDENT_FILE_NAME_MAX + 1];
        int64_t size;
        rc = incident_file_put(svc, paths[i], hex, &size, name, err);
        scap_file_ctx fc = {cb, ctx, paths[i], hex};
        scap_import_input in = {agency, host, paths[i], &files[i], hex};
        if (rc == 0)
            rc = scap_import(a->st, who, &in, gisac_now(), scap_one, &fc, err);
    }
    for (size_t i = 0; i < n; i++)
        scap_file_free(&files[i]);
    free(files);
    return rc;
}

int app_import_scap_data(app *a, const auth_principal *who, const char *agency, const char *host,
                         const void *data, size_t len, app_scap_file_cb cb, void *ctx,
                         gisac_err *err)
{
    int rc = gov_agency_access(a->st, who, agency, 1, NULL, NULL, err);
    if (rc < 0)
        return rc;
    if (!len)
        return gisac_err_at(err, GISAC_EINVAL, "$", "an empty upload");
    const char *tmp = getenv("TMPDIR");
    char dir[PATH_MAX - 16], path[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/gisac-scap-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return gisac_err_set(err, GISAC_EIO, "cannot make a temporary directory");
    snprintf(path, sizeof path, "%s/upload", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    const char *p = data;
    size_t left = len;
    while (fd >= 0 && left) {
        ssize_t w = write(fd, p, left);
        if (w <= 0)
            break;
        p += w;
        left -= (size_t)w;
    }
    if (fd < 0 || left || close(fd) < 0)
        rc = gisac_err_set(err, GISAC_EIO, "cannot write the upload to a temporary file");
    if (rc == 0) {
        const char *paths[1] = {path};
        rc = app_import_scap(a, who, agency, host, paths, 1, cb, ctx, err);
        if (rc < 0 && err) {
            /* messages name the upload, not the temporary file */
            char m[GISAC_ERR_MSG];
            const char *q = strstr(err->msg, path);
            if (q) {
                snprintf(m, sizeof m, "upload%s", q + strlen(path));
                snprintf(err->msg, sizeof err->msg, "%s", m);
            }
        }
    }
    unlink(path);
    rmdir(dir);
    return rc;
}

int app_list_scap_hosts(app *a, const auth_principal *who, const char *agency,
                        store_scap_scan_cb cb, void *ctx, gisac_err *err)
{
    return scap_hosts(a->st, who, agency, cb, ctx, err);
}

int app_show_scap_host(app *a, const auth_principal *who, const char *agency, const char *host,
                       scap_host_cb cb, void *ctx, gisac_err *err)
{
    return scap_host_show(a->st, who, agency, host, cb, ctx, err);
}

int app_list_scap_results(app *a, const auth_principal *who, int64_t scan, const char *result,
                          scap_result_cb cb, void *ctx, gisac_err *err)
{
    return scap_scan_results(a->st, who, scan, result, cb, ctx, err);
}

int app_diff_scap_host(app *a, const auth_principal *who, const char *agency, const char *host,
                       scap_diff_cb cb, void *ctx, gisac_err *err)
{
    return scap_host_diff(a->st, who, agency, host, cb, ctx, err);
}

int app_scap_shares(app *a, const auth_principal *who, const char *by, const char *agency,
                    store_scap_share_cb cb, void *ctx, gisac_err *err)
{
    return scap_shares(a->st, who, by, agency, cb, ctx, err);
}
