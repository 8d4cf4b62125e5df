/* app_app.c: the APK check (app_app.h, docs/app-check.md) and the register of apps
 * (docs/app.md). */
#include "app/app_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define severity_rank apk_severity_rank

int app_check_apk(const char *path, int min_sdk, apk_report **out, gisac_err *err)
{
    if (min_sdk < 0 || min_sdk > 10000)
        return gisac_err_at(err, GISAC_EINVAL, "$.min_sdk", "min_sdk: %d is not an API level",
                            min_sdk);
    apk_opts o = {.min_sdk = min_sdk};
    return apk_check_file(path, &o, out, err);
}

int app_check_apk_data(app *a, const auth_principal *who, const void *p, size_t n, int min_sdk,
                       apk_report **out, gisac_err *err)
{
    *out = NULL;
    if (!who)
        return gisac_err_set(err, GISAC_EFORBIDDEN, "sign in first");
    if (min_sdk < 0 || min_sdk > 10000)
        return gisac_err_at(err, GISAC_EINVAL, "$.min_sdk", "%d is not an API level", min_sdk);
    if (n == 0)
        return gisac_err_at(err, GISAC_EINVAL, "$.body", "no APK: the body is empty");
    mobile_rules rules;
    int rc = app_mobile_rules(a, &rules, err);
    if (rc < 0)
        return rc;
    apk_opts o;
    mobile_rules_opts(&rules, &o);
    o.min_sdk = min_sdk;
    rc = apk_check_mem(p, n, &o, out, err);
    if (rc == 0)
        mobile_rules_apply(&rules, *out);
    return rc;
}

int app_apk_report(const apk_report *r, const char *format, gisac_buf *b, gisac_err *err)
{
    int rc;
    if (!format || strcmp(format, "json") == 0)
        rc = apk_report_to_json(r, b);
    else if (strcmp(format, "en") == 0 || strcmp(format, "zh-TW") == 0)
        rc = apk_report_to_text(r, format, b);
    else
        return gisac_err_at(err, GISAC_EINVAL, "$.format", "format: '%s' is not json, en or zh-TW",
                            format);
    return rc < 0 ? gisac_err_set(err, rc, "out of memory") : 0;
}

int app_apk_gate(const apk_report *r, const char *severity, int *failed, gisac_err *err)
{
    *failed = 0;
    int floor = severity ? severity_rank(severity) : -1;
    if (floor < 0)
        return gisac_err_at(err, GISAC_EINVAL, "$.fail_on",
                            "fail_on: '%s' is not critical, high, medium, low or info",
                            severity ? severity : "");
    if (!r)
        return 0;
    if (!r->sig.verified)
        *failed = 1;
    for (size_t i = 0; i < r->nf && !*failed; i++)
        if (severity_rank(r->f[i].severity) >= floor)
            *failed = 1;
    return 0;
}

int app_compare_apks(const char *old_path, const char *new_path, int min_sdk, int human,
                     gisac_buf *b, int *worst, gisac_err *err)
{
    *worst = -1;
    apk_report *o = NULL, *n = NULL;
    apk_diff *d = NULL;
    int rc = app_check_apk(old_path, min_sdk, &o, err);
    if (rc == 0)
        rc = app_check_apk(new_path, min_sdk, &n, err);
    if (rc == 0)
        rc = apk_compare(o, n, &d, err);
    if (rc == 0) {
        for (size_t i = 0; i < d->n; i++)
            if (severity_rank(d->c[i].severity) > *worst)
                *worst = severity_rank(d->c[i].severity);
        if (!human) {
            rc = apk_diff_to_json(o, n, d, b);
        } else {
            rc = 0;
            for (size_t i = 0; i < d->n && rc == 0; i++)
                rc = gisac_buf_printf(b, "%-8s %-22s %s\n", d->c[i].severity, d->c[i].id,
                                      d->c[i].text);
            if (rc == 0 && d->n == 0)
                rc = gisac_buf_puts(b, "no changes that matter\n");
        }
        if (rc < 0)
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    apk_diff_free(d);
    apk_report_free(o);
    apk_report_free(n);
    return rc;
}

int app_apk_severity_rank(const char *severity, int *rank)
{
    *rank = severity ? severity_rank(severity) : -1;
    return *rank < 0 ? GISAC_EINVAL : 0;
}

/* ---- the register of apps ------------------------------------------------------ */

static int app_out(app *a, const auth_principal *who, int64_t id, const mobile_app_input *in,
                   gisac_buf *out, gisac_err *err)
{
    gisac_arena *arena = gisac_arena_new(1024);
    if (!arena)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    store_mobile_app r;
    int rc = id ? mobile_app_update(a->st, who, id, in, gisac_now(), &r, arena, err)
                : mobile_app_add(a->st, who, in, gisac_now(), &r, arena, err);
    if (rc == 0 && mobile_app_to_json(&r, out) < 0)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    gisac_arena_free(arena);
    return rc;
}

int app_add_app(app *a, const auth_principal *who, const mobile_app_input *in, gisac_buf *out,
                gisac_err *err)
{
    return app_out(a, who, 0, in, out, err);
}

int app_update_app(app *a, const auth_principal *who, int64_t id, const mobile_app_input *in,
                   gisac_buf *out, gisac_err *err)
{
    return app_out(a, who, id, in, out, err);
}

static int history_row(void *ctx, const store_mobile_version *v)
{
    app_jlist *l = ctx;
    if (app_jlist_sep(l) || mobile_version_to_json(v, l->b) < 0)
        return (l->bad = 1);
    return 0;
}

int app_app_json(app *a, const auth_principal *who, int64_t id, gisac_buf *out, gisac_err *err)
{
    gisac_arena *arena = gisac_arena_new(1024);
    if (!arena)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    store_mobile_app r;
    int rc = mobile_app_get(a->st, who, id, &r, arena, err);
    size_t start = out->len;
    if (rc == 0 && mobile_app_to_json(&r, out) < 0)
        rc = GISAC_ENOMEM;
    app_jlist l = {.b = out};
    if (rc == 0) {
        out->len--; /* the app's closing brace: its history follows */
        rc = gisac_buf_puts(out, ",\"history\":[");
    }
    if (rc == 0)
        rc = mobile_version_list(a->st, who, id, history_row, &l, err);
    if (rc == 0 && (l.bad || gisac_buf_puts(out, "]}") < 0))
        rc = GISAC_ENOMEM;
    if (rc == GISAC_ENOMEM)
        gisac_err_set(err, rc, "out of memory");
    if (rc < 0)
        out->len = start;
    gisac_arena_free(arena);
    return rc;
}

int app_list_apps(app *a, const auth_principal *who, const char *agency, store_mobile_app_cb cb,
                  void *ctx, gisac_err *err)
{
    return mobile_app_list(a->st, who, agency, cb, ctx, err);
}

int app_mobile_rules(app *a, mobile_rules *out, gisac_err *err)
{
    incident_svc *svc = app_incident_h(a, err);
    if (!svc)
        return app_h_fail(err);
    policy p;
    int rc = incident_policy_get(svc, 0, &p, NULL, err);
    if (rc < 0)
        return rc;
    rc = mobile_rules_parse(p.apps, out, err);
    policy_free(&p);
    return rc;
}

/* Submit the APK at path, kept as evidence, under the name name. */
static int submit(app *a, const auth_principal *who, int64_t id, const char *path, const char *name,
                  gisac_buf *out, gisac_err *err)
{
    incident_svc *svc = app_incident_h(a, err);
    if (!svc)
        return app_h_fail(err);
    gisac_arena *arena = gisac_arena_new(4096);
    if (!arena)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    /* who may submit to the app, before anything is kept */
    store_mobile_app probe;
    int rc = mobile_app_get(a->st, who, id, &probe, arena, err);
    char hex[65], fname[INCIDENT_FILE_NAME_MAX + 1];
    int64_t size = 0;
    if (rc == 0)
        rc = incident_file_put(svc, path, hex, &size, fname, err);
    char kept[4200];
    snprintf(kept, sizeof kept, "%s/%.2s/%s", app_evidence_dir(a), hex, hex);
    store_mobile_version v;
    mobile_rules rules;
    const char *file_name = name ? name : fname[0] ? fname : NULL;
    if (rc == 0)
        rc = app_mobile_rules(a, &rules, err);
    if (rc == 0)
        rc = mobile_version_submit(a->st, who, id, app_evidence_dir(a), kept, file_name, &rules,
                                   gisac_now(), &v, arena, err);
    if (rc == 0 && mobile_version_to_json(&v, out) < 0)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    gisac_arena_free(arena);
    return rc;
}

int app_submit_app_version(app *a, const auth_principal *who, int64_t id, const char *path,
                           gisac_buf *out, gisac_err *err)
{
    return submit(a, who, id, path, NULL, out, err);
}

int app_submit_app_version_data(app *a, const auth_principal *who, int64_t id, const char *name,
                                const void *data, size_t len, gisac_buf *out, gisac_err *err)
{
    if (len == 0)
        return gisac_err_at(err, GISAC_EINVAL, "$.body", "no APK: the body is empty");
    if (name && (!name[0] || strchr(name, '/') || strlen(name) > INCIDENT_FILE_NAME_MAX ||
                 !gisac_utf8_valid(name, strlen(name), NULL)))
        return gisac_err_at(err, GISAC_EINVAL, "$.name", "a file name (not a path), 1 to %d bytes",
                            INCIDENT_FILE_NAME_MAX);
    const char *tmp = getenv("TMPDIR");
    char path[4200];
    snprintf(path, sizeof path, "%s/gisac-apk.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return gisac_err_set(err, GISAC_EIO, "%s: %s", path, strerror(errno));
    int rc = 0;
    for (size_t off = 0; off < len && rc == 0;) {
        ssize_t w = write(fd, (const char *)data + off, len - off);
        if (w < 0 && errno != EINTR)
            rc = gisac_err_set(err, GISAC_EIO, "%s: %s", path, strerror(errno));
        else if (w > 0)
            off += (size_t)w;
    }
    close(fd);
    if (rc == 0)
        rc = submit(a, who, id, path, name ? name : "app.apk", out, err);
    unlink(path);
    return rc;
}

int app_app_version_json(app *a, const auth_principal *who, int64_t id, int n, gisac_buf *out,
                         gisac_err *err)
{
    gisac_arena *arena = gisac_arena_new(4096);
    if (!arena)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    store_mobile_version v;
    int rc = mobile_version_get(a->st, who, id, n, &v, arena, err);
    if (rc == 0 && mobile_version_to_json(&v, out) < 0)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    gisac_arena_free(arena);
    return rc;
}
