/* apk_diff.c: what changed between two versions of an app (apk.h,
 * docs/app-check.md, "Comparing versions"). */
#include "apk/apk.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add(apk_diff *d, const char *id, const char *severity, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int add(apk_diff *d, const char *id, const char *severity, const char *fmt, ...)
{
    char text[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    apk_change c = {id, severity, gisac_arena_strdup(d->ar, text)};
    if (!c.text)
        return GISAC_ENOMEM;
    return gisac_push(&d->c, &d->n, &d->cap, sizeof c, 8, &c);
}

static const char *const severities[] = {"info", "low", "medium", "high", "critical"};

int apk_severity_rank(const char *s)
{
    for (int i = 0; s && i < 5; i++)
        if (strcmp(s, severities[i]) == 0)
            return i;
    return -1;
}

const char *apk_severity_name(int r)
{
    return r >= 0 && r < 5 ? severities[r] : NULL;
}

/* The signers that count: those of the newest scheme present (v3, else v2, else v1). */
static int top_scheme(const apk_report *r)
{
    int top = 0;
    for (size_t i = 0; i < r->sig.nsigners; i++)
        if (r->sig.signers[i].scheme > top)
            top = r->sig.signers[i].scheme;
    return top;
}

static int has_cert(const apk_report *r, int scheme, const char *sha)
{
    for (size_t i = 0; i < r->sig.nsigners; i++)
        if (r->sig.signers[i].scheme == scheme && strcmp(r->sig.signers[i].cert_sha256, sha) == 0)
            return 1;
    return 0;
}

/* every v3 signer of r has sha in its lineage */
static int in_lineage(const apk_report *r, const char *sha)
{
    int any = 0;
    for (size_t i = 0; i < r->sig.nsigners; i++) {
        const apk_signer *s = &r->sig.signers[i];
        if (s->scheme != 3)
            continue;
        int found = 0;
        for (int k = 0; k < s->lineage && !found; k++)
            found = strcmp(s->lineage_sha256[k], sha) == 0;
        if (!found)
            return 0;
        any = 1;
    }
    return any;
}

static const apk_component *find_comp(const apk_report *r, const apk_component *c)
{
    for (size_t i = 0; i < r->ncomp; i++)
        if (strcmp(r->comp[i].kind, c->kind) == 0 && strcmp(r->comp[i].name, c->name) == 0)
            return &r->comp[i];
    return NULL;
}

int apk_compare(const apk_report *old, const apk_report *nw, apk_diff **out, gisac_err *err)
{
    *out = NULL;
    apk_diff *d = calloc(1, sizeof *d);
    if (!d || !(d->ar = gisac_arena_new(4096))) {
        free(d);
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    }
    int rc = 0;
    const char *op = old->package ? old->package : "", *np = nw->package ? nw->package : "";
    if (strcmp(op, np) != 0)
        rc = add(d, "change.package", "critical", "the package is %s, the old version's is %s", np,
                 op);
    /* the signer */
    int ot = top_scheme(old), nt = top_scheme(nw);
    int same = ot && nt;
    for (size_t i = 0; i < old->sig.nsigners && same; i++)
        if (old->sig.signers[i].scheme == ot && !has_cert(nw, nt, old->sig.signers[i].cert_sha256))
            same = 0;
    for (size_t i = 0; i < nw->sig.nsigners && same; i++)
        if (nw->sig.signers[i].scheme == nt && !has_cert(old, ot, nw->sig.signers[i].cert_sha256))
            same = 0;
    if (rc == 0 && ot && nt && !same) {
        int proven = 1;
        for (size_t i = 0; i < old->sig.nsigners && proven; i++)
            if (old->sig.signers[i].scheme == ot)
                proven = in_lineage(nw, old->sig.signers[i].cert_sha256);
        if (proven && nw->sig.verified)
            rc = add(d, "change.signer_rotated", "info",
                     "a new signing key, proven by the v3 rotation lineage from the old one");
        else
            rc = add(d, "change.signer", "critical",
                     "signed by another certificate than the old version, and no verified "
                     "rotation lineage from it: a build the agency may not have made");
    }
    if (rc == 0 && old->sig.verified && !nw->sig.verified)
        rc = add(d, "change.signature", "critical",
                 "the old version's signature verified, this one's does not");
    for (size_t i = 0; i < nw->nperm && rc == 0; i++) {
        int found = 0;
        for (size_t k = 0; k < old->nperm && !found; k++)
            found = strcmp(old->permissions[k], nw->permissions[i]) == 0;
        if (!found)
            rc = add(d, "change.permission", "medium", "asks for a new permission: %s",
                     nw->permissions[i]);
    }
    for (size_t i = 0; i < nw->ncomp && rc == 0; i++) {
        const apk_component *c = &nw->comp[i];
        if (!c->exported)
            continue;
        const apk_component *o = find_comp(old, c);
        if (!o || !o->exported)
            rc = add(d, "change.exported", "medium", "%s %s is exported%s%s%s", c->kind, c->name,
                     o ? " now" : " (new)", c->permission ? ", with the permission " : "",
                     c->permission ? c->permission : "");
    }
    if (rc == 0 && nw->target_sdk < old->target_sdk)
        rc = add(d, "change.target_sdk", "high",
                 "targetSdkVersion lowered from %d to %d: older platform behaviour again",
                 old->target_sdk, nw->target_sdk);
    if (rc == 0 && nw->version_code <= old->version_code)
        rc = add(d, "change.version_code", "low",
                 "versionCode %lld is not above the old version's %lld: devices will not "
                 "update to it",
                 (long long)nw->version_code, (long long)old->version_code);
    if (rc < 0) {
        apk_diff_free(d);
        return gisac_err_set(err, rc, "out of memory");
    }
    *out = d;
    return 0;
}

void apk_diff_free(apk_diff *d)
{
    if (!d)
        return;
    free(d->c);
    gisac_arena_free(d->ar);
    free(d);
}

static int side(gisac_buf *b, const char *key, const apk_report *r)
{
    int rc = gisac_buf_printf(b, "\"%s\":{\"package\":", key);
    rc |= r->package ? gisac_buf_json_str(b, r->package) : gisac_buf_puts(b, "null");
    rc |= gisac_buf_printf(b, ",\"version_code\":%lld,\"sha256\":\"%s\"}",
                           (long long)r->version_code, r->sha256);
    return rc;
}

int apk_diff_to_json(const apk_report *old, const apk_report *nw, const apk_diff *d, gisac_buf *b)
{
    int rc = gisac_buf_putc(b, '{');
    rc |= side(b, "old", old);
    rc |= gisac_buf_putc(b, ',');
    rc |= side(b, "new", nw);
    rc |= gisac_buf_puts(b, ",\"changes\":[");
    for (size_t i = 0; i < d->n; i++) {
        rc |= gisac_buf_printf(b, "%s{\"id\":\"%s\",\"severity\":\"%s\",\"text\":", i ? "," : "",
                               d->c[i].id, d->c[i].severity);
        rc |= gisac_buf_json_str(b, d->c[i].text);
        rc |= gisac_buf_putc(b, '}');
    }
    rc |= gisac_buf_puts(b, "]}");
    return rc < 0 ? GISAC_ENOMEM : 0;
}
