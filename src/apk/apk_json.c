/* apk_json.c: the report of an APK check as JSON and as a page for people
 * in English or Traditional Chinese (apk.h, docs/app-check.md). */
#include "apk/apk.h"

#include <string.h>

static int jstr(gisac_buf *b, const char *s)
{
    return s ? gisac_buf_json_str(b, s) : gisac_buf_puts(b, "null");
}

/* The n strings of v as JSON, comma-separated (the caller writes the brackets). */
static int jstrs(gisac_buf *b, const char *const *v, size_t n)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (i)
            rc |= gisac_buf_putc(b, ',');
        rc |= jstr(b, v[i]);
    }
    return rc;
}

static int signer_json(gisac_buf *b, const apk_signer *s)
{
    char nb[GISAC_TIME_LEN], na[GISAC_TIME_LEN];
    gisac_time_format(s->not_before, nb);
    gisac_time_format(s->not_after, na);
    int rc = gisac_buf_printf(b, "{\"scheme\":%d,\"cert_sha256\":\"%s\",\"subject\":", s->scheme,
                              s->cert_sha256);
    rc |= jstr(b, s->subject);
    rc |= gisac_buf_puts(b, ",\"signature_algorithm\":");
    rc |= jstr(b, s->sig_alg);
    rc |= gisac_buf_printf(b,
                           ",\"key\":{\"type\":\"%s\",\"bits\":%d},\"not_before\":\"%s\","
                           "\"not_after\":\"%s\"",
                           s->key_type, s->key_bits, nb, na);
    if (s->scheme == 3) {
        rc |= gisac_buf_printf(b, ",\"min_sdk\":%d,\"max_sdk\":%d,\"lineage\":[", s->min_sdk,
                               s->max_sdk);
        for (int i = 0; i < s->lineage; i++)
            rc |= gisac_buf_printf(b, "%s\"%s\"", i ? "," : "", s->lineage_sha256[i]);
        rc |= gisac_buf_putc(b, ']');
    }
    rc |= gisac_buf_putc(b, '}');
    return rc;
}

int apk_report_to_json(const apk_report *r, gisac_buf *b)
{
    int rc = gisac_buf_puts(b, "{\"package\":");
    rc |= jstr(b, r->package);
    rc |=
        gisac_buf_printf(b, ",\"version_code\":%lld,\"version_name\":", (long long)r->version_code);
    rc |= jstr(b, r->version_name);
    rc |= gisac_buf_printf(b,
                           ",\"min_sdk\":%d,\"target_sdk\":%d,\"debuggable\":%s,\"sha256\":\"%s\","
                           "\"size\":%llu",
                           r->min_sdk, r->target_sdk, r->debuggable ? "true" : "false", r->sha256,
                           (unsigned long long)r->size);
    const apk_sig *s = &r->sig;
    rc |= gisac_buf_printf(b,
                           ",\"signature\":{\"verified\":%s,\"min_sdk\":%d,\"schemes\":{\"v1\":%s,"
                           "\"v2\":%s,\"v3\":%s},\"present\":{\"v1\":%s,\"v2\":%s,\"v3\":%s},"
                           "\"signers\":[",
                           s->verified ? "true" : "false", s->min_sdk,
                           s->v1.verified ? "true" : "false", s->v2.verified ? "true" : "false",
                           s->v3.verified ? "true" : "false", s->v1.present ? "true" : "false",
                           s->v2.present ? "true" : "false", s->v3.present ? "true" : "false");
    for (size_t i = 0; i < s->nsigners; i++) {
        if (i)
            rc |= gisac_buf_putc(b, ',');
        rc |= signer_json(b, &s->signers[i]);
    }
    rc |= gisac_buf_puts(b, "],\"errors\":[");
    rc |= jstrs(b, s->errors, s->nerrors);
    rc |= gisac_buf_puts(b, "]},\"permissions\":[");
    rc |= jstrs(b, r->permissions, r->nperm);
    rc |= gisac_buf_puts(b, "],\"components\":[");
    for (size_t i = 0; i < r->ncomp; i++) {
        const apk_component *c = &r->comp[i];
        rc |= gisac_buf_printf(b, "%s{\"kind\":\"%s\",\"name\":", i ? "," : "", c->kind);
        rc |= jstr(b, c->name);
        rc |=
            gisac_buf_printf(b, ",\"exported\":%s,\"permission\":", c->exported ? "true" : "false");
        rc |= jstr(b, c->permission);
        rc |= gisac_buf_putc(b, '}');
    }
    rc |= gisac_buf_puts(b, "],\"zip\":{\"anomalies\":[");
    for (size_t i = 0; i < r->nzip; i++) {
        rc |= gisac_buf_printf(b, "%s{\"code\":\"%s\",\"text\":", i ? "," : "", r->zip[i].code);
        rc |= jstr(b, r->zip[i].text);
        rc |= gisac_buf_putc(b, '}');
    }
    rc |= gisac_buf_puts(b, "]},\"findings\":[");
    for (size_t i = 0; i < r->nf; i++) {
        const apk_finding *f = &r->f[i];
        rc |= gisac_buf_printf(
            b, "%s{\"id\":\"%s\",\"severity\":\"%s\",\"masvs\":\"%s\",\"where\":", i ? "," : "",
            f->id, f->severity, f->masvs);
        rc |= jstr(b, f->where);
        rc |= gisac_buf_puts(b, ",\"text\":");
        rc |= jstr(b, f->text);
        rc |= gisac_buf_putc(b, '}');
    }
    rc |= gisac_buf_puts(b, "]}");
    return rc < 0 ? GISAC_ENOMEM : 0;
}

typedef struct words {
    const char *title, *package, *version, *sdk, *sha256, *signature, *verified, *not_verified,
        *schemes, *signers, *findings, *none, *zip;
} words;

static const words EN = {
    "APK security check", "Package",  "Version",         "SDK (min / target)", "SHA-256",
    "Signature",          "verifies", "DOES NOT VERIFY", "schemes verified",   "Signers",
    "Findings",           "none",     "ZIP anomalies"};
static const words ZH = {"APK 資安檢測報告", "套件名稱", "版本",     "SDK（最低／目標）",
                         "SHA-256",          "簽章",     "驗證通過", "驗證失敗",
                         "通過的簽章機制",   "簽署者",   "發現事項", "無",
                         "ZIP 異常"};

static const char *sev_zh(const char *s)
{
    if (strcmp(s, "critical") == 0)
        return "嚴重";
    if (strcmp(s, "high") == 0)
        return "高";
    if (strcmp(s, "medium") == 0)
        return "中";
    if (strcmp(s, "low") == 0)
        return "低";
    return "資訊";
}

/* label, then spaces to column 21 (a CJK character is two columns wide) */
static int label(gisac_buf *b, const char *s)
{
    int cols = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xc0) != 0x80)
            cols += *p >= 0xe0 ? 2 : 1;
    int rc = gisac_buf_puts(b, s);
    for (; cols < 21 && rc == 0; cols++)
        rc = gisac_buf_putc(b, ' ');
    return rc;
}

int apk_report_to_text(const apk_report *r, const char *lang, gisac_buf *b)
{
    int zh = lang && strcmp(lang, "zh-TW") == 0;
    const words *w = zh ? &ZH : &EN;
    const apk_sig *s = &r->sig;
    int rc = gisac_buf_printf(b, "%s\n\n", w->title);
    rc |= label(b, w->package);
    rc |= gisac_buf_printf(b, "%s\n", r->package ? r->package : "-");
    rc |= label(b, w->version);
    rc |= gisac_buf_printf(b, "%lld (%s)\n", (long long)r->version_code,
                           r->version_name ? r->version_name : "-");
    rc |= label(b, w->sdk);
    rc |= gisac_buf_printf(b, "%d / %d\n", r->min_sdk, r->target_sdk);
    rc |= label(b, w->sha256);
    rc |= gisac_buf_printf(b, "%s\n", r->sha256);
    rc |= label(b, w->signature);
    rc |= gisac_buf_printf(b, "%s (API %d+; %s: %s%s%s)\n",
                           s->verified ? w->verified : w->not_verified, s->min_sdk, w->schemes,
                           s->v1.verified ? "v1 " : "", s->v2.verified ? "v2 " : "",
                           s->v3.verified ? "v3" : "");
    for (size_t i = 0; i < s->nerrors; i++)
        rc |= gisac_buf_printf(b, "  ! %s\n", s->errors[i]);
    rc |= gisac_buf_printf(b, "\n%s\n", w->signers);
    for (size_t i = 0; i < s->nsigners; i++)
        rc |= gisac_buf_printf(b, "  v%d %s %s (%s %d)\n", s->signers[i].scheme,
                               s->signers[i].cert_sha256, s->signers[i].subject,
                               s->signers[i].key_type, s->signers[i].key_bits);
    if (s->nsigners == 0)
        rc |= gisac_buf_printf(b, "  %s\n", w->none);
    rc |= gisac_buf_printf(b, "\n%s (%zu)\n", w->findings, r->nf);
    for (size_t i = 0; i < r->nf; i++) {
        const apk_finding *f = &r->f[i];
        rc |= gisac_buf_printf(b, "  [%s] %s %s\n      %s\n      %s\n",
                               zh ? sev_zh(f->severity) : f->severity, f->id, f->masvs, f->where,
                               f->text);
    }
    if (r->nf == 0)
        rc |= gisac_buf_printf(b, "  %s\n", w->none);
    return rc < 0 ? GISAC_ENOMEM : 0;
}
