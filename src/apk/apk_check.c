/* apk_check.c: the check of one APK: the container, the signatures and
 * the manifest's security findings, into an apk_report (apk.h). */
#include "apk/apk_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_MANIFEST ((size_t)8 << 20)
#define MAX_ARSC     ((size_t)64 << 20)
#define MAX_XML      ((size_t)1 << 20)

/* ---- findings: id, severity, MASVS control (docs/app-check.md) --------- */

typedef struct rule {
    const char *id, *severity, *masvs;
} rule;

static const rule RULES[] = {
    {"zip.anomaly", "high", "MASVS-RESILIENCE-2"},
    {"sign.not_verified", "critical", "MASVS-RESILIENCE-2"},
    {"sign.janus", "high", "MASVS-RESILIENCE-2"},
    {"cert.debug", "high", "MASVS-RESILIENCE-2"},
    {"cert.weak_signature", "medium", "MASVS-CRYPTO-1"},
    {"cert.short_key", "high", "MASVS-CRYPTO-1"},
    {"cert.expired", "low", "MASVS-RESILIENCE-2"},
    {"manifest.debuggable", "high", "MASVS-RESILIENCE-4"},
    {"manifest.test_only", "high", "MASVS-RESILIENCE-4"},
    {"manifest.allow_backup", "medium", "MASVS-STORAGE-2"},
    {"manifest.cleartext_traffic", "high", "MASVS-NETWORK-1"},
    {"manifest.min_sdk", "medium", "MASVS-CODE-1"},
    {"manifest.target_sdk", "medium", "MASVS-CODE-1"},
    {"manifest.exported", "medium", "MASVS-PLATFORM-1"},
    {"manifest.exported_provider", "high", "MASVS-PLATFORM-1"},
    {"manifest.exported_missing", "high", "MASVS-PLATFORM-1"},
    {"manifest.dangerous_permission", "info", "MASVS-PRIVACY-1"},
    {"manifest.task_affinity", "medium", "MASVS-PLATFORM-3"},
    {"manifest.launch_mode", "medium", "MASVS-PLATFORM-3"},
    {"nsc.cleartext", "high", "MASVS-NETWORK-1"},
    {"nsc.user_certificates", "high", "MASVS-NETWORK-1"},
    {"nsc.pins", "info", "MASVS-NETWORK-2"},
    {"nsc.pins_expired", "medium", "MASVS-NETWORK-2"},
    {"nsc.unreadable", "medium", "MASVS-NETWORK-1"},
    {"resources.unreadable", "low", "MASVS-CODE-4"},
};

char *apk_report_strdup(apk_report *r, const char *s)
{
    return gisac_arena_strdup(r->ar, s ? s : "");
}

int apk_report_add(apk_report *r, const char *id, const char *where, const char *fmt, ...)
{
    const rule *ru = NULL;
    for (size_t i = 0; i < sizeof RULES / sizeof RULES[0]; i++)
        if (strcmp(RULES[i].id, id) == 0)
            ru = &RULES[i];
    if (!ru)
        return GISAC_EINVAL;
    char text[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    apk_finding f = {ru->id, ru->severity, ru->masvs, apk_report_strdup(r, where),
                     apk_report_strdup(r, text)};
    if (!f.where || !f.text)
        return GISAC_ENOMEM;
    return gisac_push(&r->f, &r->nf, &r->capf, sizeof f, 16, &f);
}

/* ---- the manifest ------------------------------------------------------ */

typedef struct chk {
    apk_report *r;
    apk_zip *z;
    apk_arsc *res;
    const apk_opts *o;
    gisac_err *err;
} chk;

/* An attribute's value resolved through the resources: its type and data,
 * and its string (or NULL). */
typedef struct attr_val {
    uint8_t type;
    uint32_t data;
    const char *str;
} attr_val;

static attr_val attr_value(const chk *c, const apk_xattr *a)
{
    attr_val v = {a->type, a->data, a->str};
    if ((a->type == APK_VAL_REFERENCE || a->type == APK_VAL_DYN_REFERENCE) && c->res) {
        attr_val r;
        if (apk_arsc_resolve(c->res, a->data, &r.type, &r.data, &r.str) == 0)
            v = r;
    }
    return v;
}

/* Attribute id (or name) of x resolved into *v: 1, or 0 when x has none. */
static int attr_find(const chk *c, const apk_xnode *x, uint32_t id, const char *name, attr_val *v)
{
    const apk_xattr *a = apk_xattr_find(x, id, name);
    if (a)
        *v = attr_value(c, a);
    return a != NULL;
}

/* A boolean attribute: 1, 0, or dflt when absent or not a boolean. */
static int attr_bool(const chk *c, const apk_xnode *x, uint32_t id, int dflt)
{
    attr_val v;
    if (!attr_find(c, x, id, NULL, &v))
        return dflt;
    if (v.type == APK_VAL_INT_BOOLEAN || (v.type >= APK_VAL_INT_DEC && v.type <= 0x1f))
        return v.data != 0;
    if (v.str && strcmp(v.str, "true") == 0)
        return 1;
    if (v.str && strcmp(v.str, "false") == 0)
        return 0;
    return dflt;
}

static const char *attr_str(const chk *c, const apk_xnode *x, uint32_t id, const char *name)
{
    attr_val v;
    return attr_find(c, x, id, name, &v) ? v.str : NULL;
}

/* An integer attribute (a decimal string counts, a codename is 10000 as for
 * the SDK versions of a preview); dflt when absent. */
static int64_t attr_int(const chk *c, const apk_xnode *x, uint32_t id, int64_t dflt)
{
    attr_val v;
    if (!attr_find(c, x, id, NULL, &v))
        return dflt;
    if (v.type >= APK_VAL_INT_DEC && v.type <= 0x1f)
        return (int64_t)(int32_t)v.data;
    if (v.str) {
        char *end;
        errno = 0;
        long long n = strtoll(v.str, &end, 10);
        if (end != v.str && *end == '\0' && errno == 0)
            return n;
        return 10000;
    }
    return dflt;
}

static const char *const DANGEROUS[] = {
    "android.permission.READ_CALENDAR",
    "android.permission.WRITE_CALENDAR",
    "android.permission.CAMERA",
    "android.permission.READ_CONTACTS",
    "android.permission.WRITE_CONTACTS",
    "android.permission.GET_ACCOUNTS",
    "android.permission.ACCESS_FINE_LOCATION",
    "android.permission.ACCESS_COARSE_LOCATION",
    "android.permission.ACCESS_BACKGROUND_LOCATION",
    "android.permission.RECORD_AUDIO",
    "android.permission.READ_PHONE_STATE",
    "android.permission.READ_PHONE_NUMBERS",
    "android.permission.CALL_PHONE",
    "android.permission.ANSWER_PHONE_CALLS",
    "android.permission.READ_CALL_LOG",
    "android.permission.WRITE_CALL_LOG",
    "android.permission.ADD_VOICEMAIL",
    "android.permission.USE_SIP",
    "android.permission.PROCESS_OUTGOING_CALLS",
    "android.permission.BODY_SENSORS",
    "android.permission.BODY_SENSORS_BACKGROUND",
    "android.permission.ACTIVITY_RECOGNITION",
    "android.permission.SEND_SMS",
    "android.permission.RECEIVE_SMS",
    "android.permission.READ_SMS",
    "android.permission.RECEIVE_WAP_PUSH",
    "android.permission.RECEIVE_MMS",
    "android.permission.READ_EXTERNAL_STORAGE",
    "android.permission.WRITE_EXTERNAL_STORAGE",
    "android.permission.ACCESS_MEDIA_LOCATION",
    "android.permission.ACCEPT_HANDOVER",
    "android.permission.UWB_RANGING",
    "android.permission.BLUETOOTH_SCAN",
    "android.permission.BLUETOOTH_CONNECT",
    "android.permission.BLUETOOTH_ADVERTISE",
    "android.permission.NEARBY_WIFI_DEVICES",
    "android.permission.POST_NOTIFICATIONS",
    "android.permission.READ_MEDIA_IMAGES",
    "android.permission.READ_MEDIA_VIDEO",
    "android.permission.READ_MEDIA_AUDIO",
    "android.permission.READ_MEDIA_VISUAL_USER_SELECTED",
};

static int is_dangerous(const char *p)
{
    for (size_t i = 0; i < sizeof DANGEROUS / sizeof DANGEROUS[0]; i++)
        if (strcmp(DANGEROUS[i], p) == 0)
            return 1;
    return 0;
}

#define TRY(x)                                                                                     \
    do {                                                                                           \
        int rc_ = (x);                                                                             \
        if (rc_ < 0)                                                                               \
            return rc_ == GISAC_ENOMEM ? gisac_err_set(c->err, rc_, "out of memory") : rc_;        \
    } while (0)

static int is_launcher(const apk_xnode *comp, const chk *c)
{
    for (const apk_xnode *f = comp->child; f; f = f->next) {
        if (strcmp(f->name, "intent-filter") != 0)
            continue;
        int main_ = 0, launcher = 0;
        for (const apk_xnode *k = f->child; k; k = k->next) {
            const char *n = attr_str(c, k, APK_A_NAME, NULL);
            if (!n)
                continue;
            if (strcmp(k->name, "action") == 0 && strcmp(n, "android.intent.action.MAIN") == 0)
                main_ = 1;
            if (strcmp(k->name, "category") == 0 &&
                strcmp(n, "android.intent.category.LAUNCHER") == 0)
                launcher = 1;
        }
        if (main_ && launcher)
            return 1;
    }
    return 0;
}

static int has_filter(const apk_xnode *comp)
{
    for (const apk_xnode *f = comp->child; f; f = f->next)
        if (strcmp(f->name, "intent-filter") == 0)
            return 1;
    return 0;
}

static const char *full_name(chk *c, const char *name)
{
    const char *pkg = c->r->package ? c->r->package : "";
    if (!name)
        return apk_report_strdup(c->r, "");
    if (name[0] == '.' || !strchr(name, '.')) {
        size_t n = strlen(pkg) + strlen(name) + 2;
        char *s = gisac_arena_alloc(c->r->ar, n);
        if (s)
            snprintf(s, n, "%s%s%s", pkg, name[0] == '.' ? "" : ".", name);
        return s;
    }
    return apk_report_strdup(c->r, name);
}

static int check_component(chk *c, const apk_xnode *x, const char *app_perm,
                           const char *app_affinity)
{
    apk_report *r = c->r;
    const char *kind = x->name;
    const char *name = full_name(c, attr_str(c, x, APK_A_NAME, NULL));
    if (!name)
        return gisac_err_set(c->err, GISAC_ENOMEM, "out of memory");
    const apk_xattr *ex = apk_xattr_find(x, APK_A_EXPORTED, NULL);
    int filter = has_filter(x);
    int exported;
    char where[300];
    snprintf(where, sizeof where, "AndroidManifest.xml: %s %s (line %u)", kind, name, x->line);
    if (ex) {
        exported = attr_bool(c, x, APK_A_EXPORTED, 0);
    } else if (strcmp(kind, "provider") == 0) {
        exported = r->target_sdk < 17;
    } else {
        exported = filter;
        if (filter && r->target_sdk >= 31)
            TRY(apk_report_add(r, "manifest.exported_missing", where,
                               "%s %s has an intent filter and no android:exported: Android 12 "
                               "(API 31) and later refuse to install it",
                               kind, name));
    }
    const char *perm = attr_str(c, x, APK_A_PERMISSION, NULL);
    if (!perm && strcmp(kind, "provider") != 0)
        perm = app_perm;
    if (strcmp(kind, "provider") == 0 && !perm) {
        const char *rp = attr_str(c, x, APK_A_READ_PERMISSION, NULL),
                   *wp = attr_str(c, x, APK_A_WRITE_PERMISSION, NULL);
        if (rp && wp)
            perm = rp;
    }
    apk_component comp = {apk_report_strdup(r, kind), name, exported,
                          perm ? apk_report_strdup(r, perm) : NULL};
    TRY(gisac_push(&r->comp, &r->ncomp, &r->capcomp, sizeof comp, 16, &comp));
    int enabled = attr_bool(c, x, 0x0101000e, 1);
    if (exported && enabled && !perm && !(strncmp(kind, "activity", 8) == 0 && is_launcher(x, c)))
        TRY(apk_report_add(
            r, strcmp(kind, "provider") == 0 ? "manifest.exported_provider" : "manifest.exported",
            where, "%s %s is exported%s without a permission", kind, name,
            ex ? "" : " (implicitly)"));
    if (strncmp(kind, "activity", 8) == 0) {
        const char *aff = attr_str(c, x, APK_A_TASK_AFFINITY, NULL);
        if (!aff)
            aff = app_affinity;
        if (aff && aff[0] && r->package && strcmp(aff, r->package) != 0)
            TRY(apk_report_add(r, "manifest.task_affinity", where,
                               "%s has the task affinity \"%s\": another app's task can take it "
                               "(task hijacking)",
                               name, aff));
        int64_t lm = attr_int(c, x, APK_A_LAUNCH_MODE, 0);
        if ((lm == 2 || lm == 3) && r->target_sdk < 28)
            TRY(apk_report_add(r, "manifest.launch_mode", where,
                               "%s has launchMode %s with targetSdkVersion %d (below 28): open "
                               "to task hijacking",
                               name, lm == 2 ? "singleTask" : "singleInstance", r->target_sdk));
    }
    return 0;
}

/* res/xml/... of the network security config */
static int check_nsc(chk *c, const char *path, const char *where)
{
    apk_report *r = c->r;
    const apk_entry *e = apk_zip_find(c->z, path);
    gisac_buf b = GISAC_BUF_INIT;
    gisac_err e2 = GISAC_ERR_INIT;
    apk_xnode *root = NULL;
    int rc = e ? apk_zip_read(c->z, e, MAX_XML, &b, &e2) : GISAC_ENOTFOUND;
    if (rc == 0)
        rc = apk_axml_parse((const uint8_t *)b.data, b.len, r->ar, &root, &e2);
    if (rc < 0) {
        gisac_buf_free(&b);
        if (rc == GISAC_ENOMEM)
            return gisac_err_set(c->err, rc, "out of memory");
        TRY(apk_report_add(r, "nsc.unreadable", where,
                           "the network security config %s cannot be read: %s", path,
                           e ? e2.msg : "no such entry"));
        return 0;
    }
    char w[300];
    int64_t now = c->o->now ? c->o->now : gisac_now();
    for (const apk_xnode *cfg = root->child; cfg; cfg = cfg->next) {
        int dbg = strcmp(cfg->name, "debug-overrides") == 0;
        if (dbg && !r->debuggable)
            continue;
        snprintf(w, sizeof w, "%s: %s (line %u)", path, cfg->name, cfg->line);
        if (strcmp(cfg->name, "base-config") == 0 || strcmp(cfg->name, "domain-config") == 0) {
            const apk_xattr *a = apk_xattr_find(cfg, 0, "cleartextTrafficPermitted");
            if (a && ((a->type == APK_VAL_INT_BOOLEAN && a->data) ||
                      (a->type != APK_VAL_INT_BOOLEAN && a->str && strcmp(a->str, "true") == 0)))
                TRY(apk_report_add(r, "nsc.cleartext", w, "%s permits cleartext traffic%s",
                                   cfg->name, dbg ? " (debug builds)" : ""));
        }
        for (const apk_xnode *k = cfg->child; k; k = k->next) {
            if (strcmp(k->name, "trust-anchors") == 0) {
                for (const apk_xnode *ce = k->child; ce; ce = ce->next) {
                    const apk_xattr *s = apk_xattr_find(ce, 0, "src");
                    if (strcmp(ce->name, "certificates") == 0 && s && s->str &&
                        strcmp(s->str, "user") == 0)
                        TRY(apk_report_add(r, "nsc.user_certificates", w,
                                           "%s trusts certificate authorities the user added",
                                           cfg->name));
                }
            } else if (strcmp(k->name, "pin-set") == 0) {
                int pins = 0;
                for (const apk_xnode *p = k->child; p; p = p->next)
                    pins += strcmp(p->name, "pin") == 0;
                const apk_xattr *exp = apk_xattr_find(k, 0, "expiration");
                TRY(apk_report_add(r, "nsc.pins", w, "%s pins %d public key%s%s%s", cfg->name, pins,
                                   pins == 1 ? "" : "s", exp ? ", expiring " : "",
                                   exp && exp->str ? exp->str : ""));
                int64_t t;
                if (exp && exp->str && strlen(exp->str) == 10) {
                    if (gisac_time_parse(exp->str, 10, &t) == 0 && t <= now)
                        TRY(apk_report_add(r, "nsc.pins_expired", w,
                                           "the pins expired on %s: they are not enforced",
                                           exp->str));
                }
            }
        }
    }
    gisac_buf_free(&b);
    return 0;
}

static int check_manifest(chk *c, const apk_xnode *m)
{
    apk_report *r = c->r;
    if (strcmp(m->name, "manifest") != 0)
        return gisac_err_at(c->err, GISAC_EINVAL, "AndroidManifest.xml",
                            "AndroidManifest.xml: the root element is <%s>, not <manifest>",
                            m->name);
    const char *pkg = attr_str(c, m, 0, "package");
    if (!pkg || !*pkg)
        return gisac_err_at(c->err, GISAC_EINVAL, "AndroidManifest.xml",
                            "AndroidManifest.xml: no package name");
    r->package = apk_report_strdup(r, pkg);
    r->version_code = attr_int(c, m, APK_A_VERSION_CODE, 0) & 0xffffffffLL;
    const char *vn = attr_str(c, m, APK_A_VERSION_NAME, NULL);
    r->version_name = vn ? apk_report_strdup(r, vn) : NULL;
    r->min_sdk = 1;
    r->target_sdk = 0;
    const apk_xnode *app = NULL;
    for (const apk_xnode *x = m->child; x; x = x->next) {
        if (strcmp(x->name, "uses-sdk") == 0) {
            r->min_sdk = (int)attr_int(c, x, APK_A_MIN_SDK, 1);
            r->target_sdk = (int)attr_int(c, x, APK_A_TARGET_SDK, 0);
        } else if (strcmp(x->name, "application") == 0 && !app) {
            app = x;
        }
    }
    if (r->target_sdk == 0)
        r->target_sdk = r->min_sdk;
    for (const apk_xnode *x = m->child; x; x = x->next) {
        if (strcmp(x->name, "uses-permission") != 0 &&
            strcmp(x->name, "uses-permission-sdk-23") != 0)
            continue;
        const char *p = attr_str(c, x, APK_A_NAME, NULL);
        if (!p)
            continue;
        const char *d = apk_report_strdup(r, p);
        TRY(gisac_push(&r->permissions, &r->nperm, &r->capperm, sizeof d, 16, &d));
        if (is_dangerous(p)) {
            char w[300];
            snprintf(w, sizeof w, "AndroidManifest.xml: %s (line %u)", x->name, x->line);
            TRY(apk_report_add(r, "manifest.dangerous_permission", w,
                               "asks for the dangerous permission %s", p));
        }
    }
    int min_floor = c->o->min_sdk_floor ? c->o->min_sdk_floor : 24;
    int target_floor = c->o->target_sdk_floor ? c->o->target_sdk_floor : 33;
    if (r->min_sdk < min_floor)
        TRY(apk_report_add(r, "manifest.min_sdk", "AndroidManifest.xml: uses-sdk",
                           "minSdkVersion %d is below the floor %d: it runs on Android versions "
                           "without security updates",
                           r->min_sdk, min_floor));
    if (r->target_sdk < target_floor)
        TRY(apk_report_add(r, "manifest.target_sdk", "AndroidManifest.xml: uses-sdk",
                           "targetSdkVersion %d is below the floor %d: older, weaker platform "
                           "behaviour applies",
                           r->target_sdk, target_floor));
    if (!app)
        return 0;
    char aw[200];
    snprintf(aw, sizeof aw, "AndroidManifest.xml: application (line %u)", app->line);
    r->debuggable = attr_bool(c, app, APK_A_DEBUGGABLE, 0);
    if (r->debuggable)
        TRY(apk_report_add(r, "manifest.debuggable", aw,
                           "android:debuggable is true: anyone with USB access can attach a "
                           "debugger and read the app's data"));
    if (attr_bool(c, app, APK_A_TEST_ONLY, 0))
        TRY(apk_report_add(r, "manifest.test_only", aw,
                           "android:testOnly is true: a test build, not one for release"));
    if (attr_bool(c, app, APK_A_ALLOW_BACKUP, 1))
        TRY(apk_report_add(r, "manifest.allow_backup", aw,
                           "android:allowBackup is %s: the app's data can be copied off the "
                           "device with adb backup",
                           apk_xattr_find(app, APK_A_ALLOW_BACKUP, NULL) ? "true"
                                                                         : "not set (true)"));
    const apk_xattr *nsc = apk_xattr_find(app, APK_A_NSC, NULL);
    const apk_xattr *ct = apk_xattr_find(app, APK_A_CLEARTEXT, NULL);
    int cleartext = attr_bool(c, app, APK_A_CLEARTEXT, r->target_sdk < 28);
    if (cleartext && (ct || !nsc))
        TRY(apk_report_add(r, "manifest.cleartext_traffic", aw,
                           "android:usesCleartextTraffic is %s: HTTP without TLS is allowed%s",
                           ct ? "true" : "not set and targetSdkVersion is below 28 (true)",
                           nsc ? " where the network security config does not say otherwise" : ""));
    if (nsc) {
        const char *path = attr_value(c, nsc).str;
        if (path && *path) {
            int rc = check_nsc(c, path, aw);
            if (rc < 0)
                return rc;
        } else {
            TRY(apk_report_add(r, "nsc.unreadable", aw,
                               "android:networkSecurityConfig 0x%08x does not resolve to a file",
                               nsc->data));
        }
    }
    const char *app_perm = attr_str(c, app, APK_A_PERMISSION, NULL);
    const char *app_aff = attr_str(c, app, APK_A_TASK_AFFINITY, NULL);
    for (const apk_xnode *x = app->child; x; x = x->next)
        if (strcmp(x->name, "activity") == 0 || strcmp(x->name, "activity-alias") == 0 ||
            strcmp(x->name, "service") == 0 || strcmp(x->name, "receiver") == 0 ||
            strcmp(x->name, "provider") == 0) {
            int rc = check_component(c, x, app_perm, app_aff);
            if (rc < 0)
                return rc;
        }
    return 0;
}

/* ---- the whole check ----------------------------------------------------- */

static int file_sha256(const apk_file *f, char out[65], gisac_err *err)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    uint8_t *buf = malloc(1 << 20);
    int rc = 0;
    if (!md || !buf || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        goto out;
    }
    for (uint64_t off = 0; off < f->size;) {
        size_t n = f->size - off < (1u << 20) ? (size_t)(f->size - off) : (1u << 20);
        if ((rc = apk_read_at(f, off, buf, n, err)) < 0)
            goto out;
        EVP_DigestUpdate(md, buf, n);
        off += n;
    }
    uint8_t d[32];
    unsigned dl = 0;
    EVP_DigestFinal_ex(md, d, &dl);
    gisac_hex(d, 32, out);
out:
    EVP_MD_CTX_free(md);
    free(buf);
    return rc;
}

static int check(const apk_file *f, const apk_opts *o, apk_report **out, gisac_err *err)
{
    static const apk_opts none;
    if (!o)
        o = &none;
    *out = NULL;
    apk_report *r = calloc(1, sizeof *r);
    if (!r || !(r->ar = gisac_arena_new(0))) {
        free(r);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    r->size = f->size;
    apk_zip z;
    gisac_buf man = GISAC_BUF_INIT, res = GISAC_BUF_INIT;
    apk_arsc *tab = NULL;
    chk c = {r, &z, NULL, o, err};
    int rc = file_sha256(f, r->sha256, err);
    if (rc < 0) {
        apk_report_free(r);
        return rc;
    }
    if ((rc = apk_zip_open(&z, f, err)) < 0)
        goto out;
    for (size_t i = 0; i < z.nan; i++) {
        char w[64];
        snprintf(w, sizeof w, "zip: %s", z.an[i].code);
        if ((rc = apk_report_add(r, "zip.anomaly", w, "%s", z.an[i].text)) < 0)
            goto oom;
    }
    r->zip = gisac_arena_alloc(r->ar, sizeof *r->zip * (z.nan ? z.nan : 1));
    if (!r->zip)
        goto oom;
    for (size_t i = 0; i < z.nan; i++) {
        r->zip[i].code = apk_report_strdup(r, z.an[i].code);
        r->zip[i].text = apk_report_strdup(r, z.an[i].text);
    }
    r->nzip = z.nan;
    const apk_entry *me = apk_zip_find(&z, "AndroidManifest.xml");
    if (!me) {
        rc = gisac_err_at(err, GISAC_EINVAL, "AndroidManifest.xml",
                          "not an APK: no AndroidManifest.xml");
        goto out;
    }
    if ((rc = apk_zip_read(&z, me, MAX_MANIFEST, &man, err)) < 0)
        goto out;
    apk_xnode *root;
    if ((rc = apk_axml_parse((const uint8_t *)man.data, man.len, r->ar, &root, err)) < 0) {
        gisac_err_at(err, rc, "AndroidManifest.xml", "AndroidManifest.xml: %s", err->msg);
        goto out;
    }
    const apk_entry *re = apk_zip_find(&z, "resources.arsc");
    if (re) {
        gisac_err e2 = GISAC_ERR_INIT;
        int r2 = apk_zip_read(&z, re, MAX_ARSC, &res, &e2);
        if (r2 == 0)
            r2 = apk_arsc_parse((const uint8_t *)res.data, res.len, r->ar, &tab, &e2);
        if (r2 == GISAC_ENOMEM)
            goto oom;
        if (r2 < 0 && (rc = apk_report_add(r, "resources.unreadable", "resources.arsc",
                                           "resources.arsc cannot be read (%s): references in "
                                           "the manifest stay unresolved",
                                           e2.msg)) < 0)
            goto oom;
        c.res = tab;
    }
    if ((rc = check_manifest(&c, root)) < 0)
        goto out;
    if ((rc = apk_sign_verify(&z, o->min_sdk ? o->min_sdk : r->min_sdk, r->target_sdk, r, err)) < 0)
        goto out;
    rc = 0;
    goto out;
oom:
    rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
out:
    apk_arsc_free(tab);
    gisac_buf_free(&man);
    gisac_buf_free(&res);
    apk_zip_close(&z);
    if (rc < 0) {
        apk_report_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

int apk_check_mem(const void *p, size_t n, const apk_opts *o, apk_report **out, gisac_err *err)
{
    apk_file f = {-1, p, n};
    return check(&f, o, out, err);
}

int apk_check_file(const char *path, const apk_opts *o, apk_report **out, gisac_err *err)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return gisac_err_at(err, errno == ENOENT ? GISAC_ENOTFOUND : GISAC_EIO, "file", "%s: %s",
                            path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return gisac_err_at(err, GISAC_EINVAL, "file", "%s: not a regular file", path);
    }
    apk_file f = {fd, NULL, (uint64_t)st.st_size};
    int rc = check(&f, o, out, err);
    close(fd);
    return rc;
}

void apk_report_free(apk_report *r)
{
    if (!r)
        return;
    free(r->sig.signers);
    free(r->sig.errors);
    free(r->f);
    free(r->permissions);
    free(r->comp);
    gisac_arena_free(r->ar);
    free(r);
}
