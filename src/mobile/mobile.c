/*
 * mobile.c: the register of government mobile apps and their versions
 * (mobile.h, docs/app.md).
 */
#include "mobile/mobile.h"

#include "gov/gov.h"
#include "ioc/ioc.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const char *const platforms[] = {"android", "ios"};

int mobile_platform_parse(const char *s, const char *field, gisac_err *err)
{
    return gov_name_index(s, platforms, 2) >= 0
               ? 0
               : gisac_err_at(err, GISAC_EINVAL, field, "platform '%s': use android or ios",
                              s ? s : "");
}

/* An iOS bundle id: segments of letters, digits, '-' and '.'; at least two. */
static int bundle_id_ok(const char *s)
{
    size_t n = strlen(s), seg = 0, segs = 1;
    if (n == 0 || n > IOC_PACKAGE_MAX)
        return 0;
    for (const char *p = s; *p; p++) {
        if (*p == '.') {
            if (seg == 0)
                return 0;
            segs++;
            seg = 0;
        } else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                   (*p >= '0' && *p <= '9') || *p == '-') {
            seg++;
        } else {
            return 0;
        }
    }
    return seg > 0 && segs >= 2;
}

/* The package id of the platform: an Android package (ioc's android-package) or a bundle id. */
static int package_check(const char *platform, const char *package, gisac_err *err)
{
    if (!package || !package[0])
        return gisac_err_at(err, GISAC_EINVAL, "$.package", "required");
    if (strcmp(platform, "ios") == 0)
        return bundle_id_ok(package) ? 0
                                     : gisac_err_at(err, GISAC_EINVAL, "$.package",
                                                    "'%s' is not an iOS bundle id", package);
    char norm[IOC_VALUE_MAX];
    gisac_err e = GISAC_ERR_INIT;
    if (ioc_normalise(IOC_ANDROID_PACKAGE, package, strlen(package), norm, sizeof norm, NULL, NULL,
                      &e) < 0 ||
        strcmp(norm, package) != 0)
        return gisac_err_at(err, GISAC_EINVAL, "$.package", "'%s' is not an Android package: %s",
                            package, e.msg[0] ? e.msg : "not in its normal form");
    return 0;
}

/* Lines of text: at most MOBILE_LINES_MAX bytes in all, UTF-8, no control but newlines. */
static int lines_check(const char *s, const char *field, gisac_err *err)
{
    if (!s)
        return 0;
    int rc = gov_text_check(s, MOBILE_LINES_MAX, field, 0, 0, err);
    if (rc < 0)
        return rc;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 && *p != '\n')
            return gisac_err_at(err, GISAC_EINVAL, field,
                                "control characters are not allowed (one item a line)");
    return 0;
}

/* Apply the given members of in to r (strings point into in). */
static int apply(const mobile_app_input *in, store_mobile_app *r, gisac_err *err)
{
    int rc;
    if (in->name && (rc = gov_text_check(in->name, MOBILE_NAME_MAX, "$.name", 1, 1, err)) < 0)
        return rc;
    if (in->platform && (rc = mobile_platform_parse(in->platform, "$.platform", err)) < 0)
        return rc;
    if ((rc = lines_check(in->store_links, "$.store_links", err)) < 0 ||
        (rc = lines_check(in->contacts, "$.contacts", err)) < 0)
        return rc;
    if (in->agency)
        r->agency = in->agency;
    if (in->name)
        r->name = in->name;
    if (in->platform)
        r->platform = in->platform;
    if (in->package)
        r->package = in->package;
    if (in->store_links)
        r->store_links = in->store_links[0] ? in->store_links : NULL;
    if (in->contacts)
        r->contacts = in->contacts[0] ? in->contacts : NULL;
    if (in->package || in->platform)
        return package_check(r->platform, r->package, err);
    return 0;
}

static int audit_app(store *s, const char *action, const store_mobile_app *r, int64_t now,
                     gisac_err *err)
{
    gisac_buf j = GISAC_BUF_INIT;
    gisac_buf_puts(&j, "{\"agency\":");
    gisac_buf_json_str(&j, r->agency);
    gisac_buf_puts(&j, ",\"name\":");
    gisac_buf_json_str(&j, r->name);
    gisac_buf_puts(&j, ",\"package\":");
    gisac_buf_json_str(&j, r->package);
    gisac_buf_printf(&j, ",\"platform\":\"%s\"}", r->platform);
    return gov_audit_row(s, now, action, "app", r->id, &j, err);
}

/* The end of an add or update: a package taken is a conflict; audit, commit, copy out. */
static int app_end(store *s, const char *action, int rc, store_mobile_app *r, int64_t now,
                   store_mobile_app *out, gisac_arena *arena, gisac_err *err)
{
    if (rc == GISAC_EEXIST)
        rc = gisac_err_at(err, GISAC_ECONFLICT, "$.package",
                          "%s is registered already as an %s app", r->package, r->platform);
    if (rc == GISAC_EINVAL)
        rc = gisac_err_at(err, GISAC_EINVAL, "$.agency", "agency %s: not found", r->agency);
    if (rc == 0)
        rc = audit_app(s, action, r, now, err);
    if ((rc = gov_tx_end(s, rc, err)) < 0)
        return rc;
    *out = *r;
    return gov_dup(arena, &out->agency, &out->name, &out->package, &out->platform,
                   &out->store_links, &out->contacts, NULL) < 0
               ? gisac_err_set(err, GISAC_ENOMEM, "out of memory")
               : 0;
}

int mobile_app_add(store *s, const auth_principal *who, const mobile_app_input *in, int64_t now,
                   store_mobile_app *out, gisac_arena *arena, gisac_err *err)
{
    int rc = gov_agency_access(s, who, in->agency, 1, NULL, NULL, err);
    if (rc < 0)
        return rc;
    if (!in->name)
        return gisac_err_at(err, GISAC_EINVAL, "$.name", "required");
    if (!in->platform)
        return gisac_err_at(err, GISAC_EINVAL, "$.platform", "required (android or ios)");
    if (!in->package)
        return gisac_err_at(err, GISAC_EINVAL, "$.package", "required");
    store_mobile_app r = {.created = now, .modified = now};
    if ((rc = apply(in, &r, err)) < 0)
        return rc;
    if ((rc = store_begin(s, err)) < 0)
        return rc;
    rc = store_mobile_app_add(s, &r, err);
    return app_end(s, "app.add", rc, &r, now, out, arena, err);
}

int mobile_app_get(store *s, const auth_principal *who, int64_t id, store_mobile_app *out,
                   gisac_arena *arena, gisac_err *err)
{
    int rc = gov_may_read(who, err);
    rc = rc ? rc : store_mobile_app_get(s, id, out, arena, err);
    return gov_seen(s, who, rc, &out->agency, "app", id, err);
}

int mobile_app_update(store *s, const auth_principal *who, int64_t id, const mobile_app_input *in,
                      int64_t now, store_mobile_app *out, gisac_arena *arena, gisac_err *err)
{
    if (!in->agency && !in->name && !in->package && !in->platform && !in->store_links &&
        !in->contacts)
        return gisac_err_set(err, GISAC_EINVAL, "nothing to change");
    store_mobile_app r;
    int rc = mobile_app_get(s, who, id, &r, arena, err);
    if (rc == 0)
        rc = gov_agency_access(s, who, r.agency, 1, NULL, NULL, err);
    if (rc == 0 && in->agency)
        rc = gov_agency_access(s, who, in->agency, 1, NULL, NULL, err);
    if (rc == 0 && r.versions > 0 && in->package && strcmp(in->package, r.package) != 0)
        rc = gisac_err_at(err, GISAC_ECONFLICT, "$.package",
                          "app %lld has versions of %s: register the new package as another app",
                          (long long)id, r.package);
    if (rc == 0)
        rc = apply(in, &r, err);
    if (rc < 0)
        return rc;
    r.modified = now;
    if ((rc = store_begin(s, err)) < 0)
        return rc;
    rc = store_mobile_app_update(s, &r, err);
    return app_end(s, "app.update", rc, &r, now, out, arena, err);
}

int mobile_app_list(store *s, const auth_principal *who, const char *agency, store_mobile_app_cb cb,
                    void *ctx, gisac_err *err)
{
    const char *under;
    int rc = gov_list_scope(s, who, agency, &under, err);
    return rc < 0 ? rc : store_mobile_app_list(s, agency, agency ? NULL : under, cb, ctx, err);
}

/* ---- the policy's rules -------------------------------------------------------- */

static int floor_member(json_t *o, const char *key, int *out, gisac_err *err)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 10000)
        return gisac_err_at(err, GISAC_EINVAL, "$.apps",
                            "$.apps.%s: expected an API level, 1 to 10000", key);
    *out = (int)json_integer_value(v);
    return 0;
}

static int id_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= sizeof(((mobile_rules *)0)->over[0].id))
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '.'))
            return 0;
    return 1;
}

int mobile_rules_parse(const char *text, mobile_rules *out, gisac_err *err)
{
    memset(out, 0, sizeof *out);
    out->min_sdk_floor = 24;
    out->target_sdk_floor = 33;
    if (!text)
        return 0;
    json_t *o = json_loads(text, 0, NULL);
    int rc = json_is_object(o)
                 ? 0
                 : gisac_err_at(err, GISAC_EINVAL, "$.apps", "$.apps: expected an object");
    const char *key;
    json_t *v;
    if (rc == 0)
        json_object_foreach(o, key, v)
        {
            if (rc == 0 && strcmp(key, "min_sdk_floor") != 0 &&
                strcmp(key, "target_sdk_floor") != 0 && strcmp(key, "severity") != 0)
                rc = gisac_err_at(err, GISAC_EINVAL, "$.apps",
                                  "$.apps.%s: unknown member (min_sdk_floor, target_sdk_floor, "
                                  "severity)",
                                  key);
        }
    if (rc == 0)
        rc = floor_member(o, "min_sdk_floor", &out->min_sdk_floor, err);
    if (rc == 0)
        rc = floor_member(o, "target_sdk_floor", &out->target_sdk_floor, err);
    json_t *sev = rc == 0 ? json_object_get(o, "severity") : NULL;
    if (sev && !json_is_object(sev))
        rc = gisac_err_at(err, GISAC_EINVAL, "$.apps",
                          "$.apps.severity: expected an object of finding ids and severities");
    if (sev && rc == 0)
        json_object_foreach(sev, key, v)
        {
            int r = apk_severity_rank(json_string_value(v));
            if (rc < 0)
                break;
            if (!id_ok(key))
                rc = gisac_err_at(err, GISAC_EINVAL, "$.apps",
                                  "$.apps.severity: '%s' is not a finding or change id", key);
            else if (r < 0)
                rc = gisac_err_at(
                    err, GISAC_EINVAL, "$.apps",
                    "$.apps.severity.%s: expected critical, high, medium, low or info", key);
            else if (out->nover == MOBILE_OVERRIDES_MAX)
                rc = gisac_err_at(err, GISAC_EINVAL, "$.apps", "$.apps.severity: at most %d ids",
                                  MOBILE_OVERRIDES_MAX);
            else {
                snprintf(out->over[out->nover].id, sizeof out->over[0].id, "%s", key);
                out->over[out->nover++].rank = r;
            }
        }
    json_decref(o);
    return rc;
}

int mobile_rules_to_json(const mobile_rules *r, gisac_buf *out)
{
    int rc = gisac_buf_printf(out, "{\"min_sdk_floor\":%d,\"target_sdk_floor\":%d,\"severity\":{",
                              r->min_sdk_floor, r->target_sdk_floor);
    for (size_t i = 0; i < r->nover; i++)
        rc |= gisac_buf_printf(out, "%s\"%s\":\"%s\"", i ? "," : "", r->over[i].id,
                               apk_severity_name(r->over[i].rank));
    rc |= gisac_buf_puts(out, "}}");
    return rc ? GISAC_ENOMEM : 0;
}

const char *mobile_severity(const mobile_rules *r, const char *id, const char *dflt)
{
    for (size_t i = 0; r && i < r->nover; i++)
        if (strcmp(r->over[i].id, id) == 0)
            return apk_severity_name(r->over[i].rank);
    return dflt;
}

void mobile_rules_opts(const mobile_rules *r, apk_opts *o)
{
    memset(o, 0, sizeof *o);
    o->min_sdk_floor = r ? r->min_sdk_floor : 0;
    o->target_sdk_floor = r ? r->target_sdk_floor : 0;
}

void mobile_rules_apply(const mobile_rules *r, apk_report *rep)
{
    for (size_t i = 0; rep && i < rep->nf; i++)
        rep->f[i].severity = mobile_severity(r, rep->f[i].id, rep->f[i].severity);
}

/* ---- versions ---------------------------------------------------------------- */

/* The worst severity seen so far (-1 none) and one more. */
static void worse(int *worst, const char *severity)
{
    int r = apk_severity_rank(severity);
    if (r > *worst)
        *worst = r;
}

/* The intelligence the version matched, as a JSON array into b, each a sighting by agency. */
typedef struct intel_ctx {
    store *s;
    const char *agency;
    int64_t now;
    gisac_buf *b;
    size_t n;
    int worst;
} intel_ctx;

static int intel_one(intel_ctx *c, ioc_type t, const char *value, const char *what, gisac_err *err)
{
    if (!value || !value[0])
        return 0;
    char norm[IOC_VALUE_MAX];
    gisac_err e = GISAC_ERR_INIT;
    if (ioc_normalise(t, value, strlen(value), norm, sizeof norm, NULL, NULL, &e) < 0)
        return 0; /* a value that cannot be an indicator matches none */
    gisac_arena *ar = gisac_arena_new(1024);
    if (!ar)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    store_indicator ind;
    int rc = store_indicator_find(c->s, t, norm, &ind, ar, err);
    if (rc == GISAC_ENOTFOUND) {
        gisac_arena_free(ar);
        return 0;
    }
    if (rc == 0 && !ind.revoked && !ind.allowlisted) {
        rc = store_sighting_add(c->s, ind.id, c->agency, c->now, c->now, 1, err);
        int w = 0;
        w |= gisac_buf_printf(c->b, "%s{\"type\":\"%s\",\"value\":", c->n++ ? "," : "",
                              ioc_type_name(t));
        w |= gisac_buf_json_str(c->b, norm);
        char text[512];
        snprintf(text, sizeof text, "%s is a known indicator%s%.300s", what,
                 ind.name && ind.name[0] ? ": " : "", ind.name ? ind.name : "");
        w |= gisac_buf_printf(
            c->b, ",\"indicator\":%lld,\"severity\":\"critical\",\"text\":", (long long)ind.id);
        w |= gisac_buf_json_str(c->b, text);
        w |= gisac_buf_putc(c->b, '}');
        if (w && rc == 0)
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        worse(&c->worst, "critical");
    }
    gisac_arena_free(ar);
    return rc;
}

/* Look up the file's SHA-256, every signer's certificate (once) and the package. */
static int intel_match(intel_ctx *c, const apk_report *r, gisac_err *err)
{
    int rc = gisac_buf_putc(c->b, '[') < 0 ? gisac_err_set(err, GISAC_ENOMEM, "out of memory") : 0;
    if (rc == 0)
        rc = intel_one(c, IOC_SHA256, r->sha256, "the APK's SHA-256", err);
    for (size_t i = 0; rc == 0 && i < r->sig.nsigners; i++) {
        const char *cert = r->sig.signers[i].cert_sha256;
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
            seen = strcmp(r->sig.signers[k].cert_sha256, cert) == 0;
        if (!seen)
            rc = intel_one(c, IOC_X509_SHA256, cert, "the signing certificate", err);
    }
    if (rc == 0)
        rc = intel_one(c, IOC_ANDROID_PACKAGE, r->package, "the package", err);
    if (rc == 0 && gisac_buf_putc(c->b, ']') < 0)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    return rc;
}

/* The signer that names the version: the first of the newest scheme present. */
static const char *top_signer(const apk_report *r)
{
    const apk_signer *best = NULL;
    for (size_t i = 0; i < r->sig.nsigners; i++)
        if (!best || r->sig.signers[i].scheme > best->scheme)
            best = &r->sig.signers[i];
    return best ? best->cert_sha256 : NULL;
}

/* The changes since the version before (prev, NULL: none) as JSON into b. */
static int compare_prev(const store_mobile_version *prev, const char *evdir, const apk_report *r,
                        const mobile_rules *rules, gisac_buf *b, int *worst, gisac_err *err)
{
    if (!prev)
        return gisac_buf_puts(b, "null") < 0 ? gisac_err_set(err, GISAC_ENOMEM, "out of memory")
                                             : 0;
    char path[4200];
    snprintf(path, sizeof path, "%s/%.2s/%s", evdir, prev->sha256, prev->sha256);
    apk_report *old = NULL;
    apk_diff *d = NULL;
    apk_opts o;
    mobile_rules_opts(rules, &o);
    int rc = apk_check_file(path, &o, &old, err);
    if (rc < 0)
        return gisac_err_set(err, rc, "version %d's file %s: %s", prev->n, path, err->msg);
    rc = apk_compare(old, r, &d, err);
    if (rc == 0) {
        for (size_t i = 0; i < d->n; i++) {
            d->c[i].severity = mobile_severity(rules, d->c[i].id, d->c[i].severity);
            worse(worst, d->c[i].severity);
        }
        int w = gisac_buf_printf(b, "{\"previous\":%d,\"diff\":", prev->n);
        w |= apk_diff_to_json(old, r, d, b);
        w |= gisac_buf_putc(b, '}');
        if (w)
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    apk_diff_free(d);
    apk_report_free(old);
    return rc;
}

int mobile_version_submit(store *s, const auth_principal *who, int64_t id, const char *evdir,
                          const char *path, const char *file_name, const mobile_rules *rules,
                          int64_t now, store_mobile_version *out, gisac_arena *arena,
                          gisac_err *err)
{
    store_mobile_app app;
    int rc = mobile_app_get(s, who, id, &app, arena, err);
    if (rc == 0)
        rc = gov_agency_access(s, who, app.agency, 1, NULL, NULL, err);
    if (rc < 0)
        return rc;
    if (strcmp(app.platform, "android") != 0)
        return gisac_err_set(err, GISAC_ECONFLICT,
                             "app %lld is an %s app: versions are submitted as APKs of Android "
                             "apps",
                             (long long)id, app.platform);
    apk_report *r = NULL;
    apk_opts o;
    mobile_rules_opts(rules, &o);
    if ((rc = apk_check_file(path, &o, &r, err)) < 0)
        return rc;
    mobile_rules_apply(rules, r);
    if (!r->package || strcmp(r->package, app.package) != 0) {
        rc = gisac_err_at(err, GISAC_EINVAL, "$.package",
                          "the APK's package is %s, not the app's %s: submit it to its own app",
                          r->package ? r->package : "(none)", app.package);
        apk_report_free(r);
        return rc;
    }
    int worst = -1;
    for (size_t i = 0; i < r->nf; i++)
        worse(&worst, r->f[i].severity);
    gisac_buf rep = GISAC_BUF_INIT, chg = GISAC_BUF_INIT, intel = GISAC_BUF_INIT;
    store_mobile_version prev, v = {0};
    int has_prev = 0;
    if ((rc = store_begin(s, err)) == 0) {
        rc = store_mobile_version_get(s, id, 0, &prev, arena, err);
        has_prev = rc == 0;
        if (rc == GISAC_ENOTFOUND)
            rc = 0;
    }
    if (rc == 0)
        rc = compare_prev(has_prev ? &prev : NULL, evdir, r, rules, &chg, &worst, err);
    intel_ctx ic = {s, app.agency, now, &intel, 0, worst};
    if (rc == 0)
        rc = intel_match(&ic, r, err);
    worst = ic.worst;
    if (rc == 0 && apk_report_to_json(r, &rep) < 0)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (rc == 0) {
        v = (store_mobile_version){.app_id = id,
                                   .version_code = r->version_code,
                                   .version_name = r->version_name,
                                   .sha256 = r->sha256,
                                   .size = (int64_t)r->size,
                                   .file_name = file_name,
                                   .signer = top_signer(r),
                                   .verified = r->sig.verified,
                                   .worst = apk_severity_name(worst),
                                   .report = rep.data,
                                   .changes = chg.data,
                                   .intel = intel.data,
                                   .submitted = now,
                                   .submitted_by = store_actor(s)};
        rc = store_mobile_version_add(s, &v, err);
    }
    if (rc == 0) {
        gisac_buf j = GISAC_BUF_INIT;
        gisac_buf_printf(&j, "{\"n\":%d,\"sha256\":\"%s\",\"worst\":", v.n, v.sha256);
        if (v.worst)
            gisac_buf_printf(&j, "\"%s\"}", v.worst);
        else
            gisac_buf_puts(&j, "null}");
        rc = gov_audit_row(s, now, "app.version.add", "app", id, &j, err);
    }
    rc = gov_tx_end(s, rc, err);
    if (rc == 0) {
        *out = v;
        if (gov_dup(arena, &out->version_name, &out->sha256, &out->file_name, &out->signer,
                    &out->worst, &out->report, &out->changes, &out->intel, &out->submitted_by,
                    NULL) < 0)
            rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    gisac_buf_free(&rep);
    gisac_buf_free(&chg);
    gisac_buf_free(&intel);
    apk_report_free(r);
    return rc;
}

int mobile_version_get(store *s, const auth_principal *who, int64_t id, int n,
                       store_mobile_version *out, gisac_arena *arena, gisac_err *err)
{
    store_mobile_app app;
    int rc = mobile_app_get(s, who, id, &app, arena, err);
    return rc < 0 ? rc : store_mobile_version_get(s, id, n, out, arena, err);
}

int mobile_version_list(store *s, const auth_principal *who, int64_t id, store_mobile_version_cb cb,
                        void *ctx, gisac_err *err)
{
    gisac_arena *ar = gisac_arena_new(1024);
    if (!ar)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    store_mobile_app app;
    int rc = mobile_app_get(s, who, id, &app, ar, err);
    gisac_arena_free(ar);
    return rc < 0 ? rc : store_mobile_version_list(s, id, cb, ctx, err);
}

/* ---- JSON ---------------------------------------------------------------------- */

/* "key":[line, ...] of text s (NULL: []). */
static int lines_json(gisac_buf *out, const char *key, const char *s)
{
    int rc = gisac_buf_printf(out, ",\"%s\":[", key);
    size_t k = 0;
    for (const char *p = s; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n) {
            char line[MOBILE_LINES_MAX + 1];
            snprintf(line, sizeof line, "%.*s", (int)n, p);
            rc |= gisac_buf_puts(out, k++ ? "," : "");
            rc |= gisac_buf_json_str(out, line);
        }
        p += n + (e ? 1 : 0);
    }
    rc |= gisac_buf_putc(out, ']');
    return rc;
}

int mobile_app_to_json(const store_mobile_app *r, gisac_buf *out)
{
    char c[GISAC_TIME_LEN], m[GISAC_TIME_LEN];
    gisac_time_format(r->created, c);
    gisac_time_format(r->modified, m);
    int rc = gisac_buf_printf(out, "{\"id\":%lld,\"agency\":", (long long)r->id);
    rc |= gisac_buf_json_str(out, r->agency);
    rc |= gisac_buf_puts(out, ",\"name\":");
    rc |= gisac_buf_json_str(out, r->name);
    rc |= gisac_buf_puts(out, ",\"package\":");
    rc |= gisac_buf_json_str(out, r->package);
    rc |= gisac_buf_printf(out, ",\"platform\":\"%s\"", r->platform);
    rc |= lines_json(out, "store_links", r->store_links);
    rc |= lines_json(out, "contacts", r->contacts);
    rc |= gisac_buf_printf(out, ",\"versions\":%lld,\"created\":\"%s\",\"modified\":\"%s\"}",
                           (long long)r->versions, c, m);
    return rc ? GISAC_ENOMEM : 0;
}

int mobile_version_to_json(const store_mobile_version *v, gisac_buf *out)
{
    char t[GISAC_TIME_LEN];
    gisac_time_format(v->submitted, t);
    int rc = gisac_buf_printf(out, "{\"app\":%lld,\"n\":%d,\"version_code\":%lld,\"version_name\":",
                              (long long)v->app_id, v->n, (long long)v->version_code);
    rc |= v->version_name ? gisac_buf_json_str(out, v->version_name) : gisac_buf_puts(out, "null");
    rc |= gisac_buf_printf(out, ",\"sha256\":\"%s\",\"size\":%lld,\"file_name\":", v->sha256,
                           (long long)v->size);
    rc |= v->file_name ? gisac_buf_json_str(out, v->file_name) : gisac_buf_puts(out, "null");
    rc |= gisac_buf_puts(out, ",\"signer\":");
    rc |= v->signer ? gisac_buf_printf(out, "\"%s\"", v->signer) : gisac_buf_puts(out, "null");
    rc |= gisac_buf_printf(out, ",\"verified\":%s,\"worst\":", v->verified ? "true" : "false");
    rc |= v->worst ? gisac_buf_printf(out, "\"%s\"", v->worst) : gisac_buf_puts(out, "null");
    rc |= gisac_buf_printf(out, ",\"submitted\":\"%s\",\"submitted_by\":", t);
    rc |= v->submitted_by ? gisac_buf_json_str(out, v->submitted_by) : gisac_buf_puts(out, "null");
    rc |= gisac_buf_printf(out, ",\"changes\":%s,\"intel\":%s", v->changes ? v->changes : "null",
                           v->intel ? v->intel : "[]");
    if (v->report)
        rc |= gisac_buf_printf(out, ",\"report\":%s", v->report);
    rc |= gisac_buf_putc(out, '}');
    return rc ? GISAC_ENOMEM : 0;
}
