/* app_app.c: the APK check (app_app.h, docs/app-check.md). */
#include "app/app.h"

#include <string.h>

static int severity_rank(const char *s)
{
    static const char *const names[] = {"info", "low", "medium", "high", "critical"};
    for (int i = 0; i < 5; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

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
    apk_opts o = {.min_sdk = min_sdk};
    return apk_check_mem(p, n, &o, out, err);
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
