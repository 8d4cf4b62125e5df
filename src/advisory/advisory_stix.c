/*
 * advisory_stix.c: an advisory as STIX 2.1: the report, the vulnerability
 * objects of its CVEs, and a bundle with the indicators it cites
 * (advisory.h). Objects are written straight into the buffer, compact,
 * keys in a fixed order, so the bytes are a function of the advisory.
 */
#include "advisory/advisory_internal.h"
#include "intel/intel_internal.h"

#include "export/export.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

const char *adv_tlp_marking_id(gisac_tlp t)
{
    const export_tlp_marking *m = export_tlp_marking_of(t);
    return m ? m->id : NULL;
}

static int put_time(gisac_buf *b, const char *k, int64_t t)
{
    char ts[GISAC_TIME_LEN];
    gisac_time_format_ms(t, ts);
    return gisac_buf_printf(b, ",\"%s\":\"%s\"", k, ts);
}

static int put_str(gisac_buf *b, const char *k, const char *v)
{
    return gisac_buf_printf(b, ",\"%s\":", k) | gisac_buf_json_str(b, v ? v : "");
}

/* Opens a STIX 2.1 object of `type` created by this installation: type,
 * spec_version, id, created_by_ref, created, modified and name, in that order.
 * Returns the OR of the buffer calls (non-zero means out of memory). */
static int put_head(gisac_buf *out, const gisac_identity *ident, const char *type,
                    const char *stix_id, int64_t created, int64_t modified, const char *name)
{
    char creator[GISAC_IDENTITY_ID_LEN];
    gisac_identity_id(ident, creator);
    int rc = gisac_buf_printf(out,
                              "{\"type\":\"%s\",\"spec_version\":\"2.1\",\"id\":\"%s\","
                              "\"created_by_ref\":\"%s\"",
                              type, stix_id, creator);
    rc |= put_time(out, "created", created);
    rc |= put_time(out, "modified", modified);
    return rc | put_str(out, "name", name);
}

/* The id the STIX export and TAXII give an indicator. */
static void indicator_ref(const gisac_identity *ident, const advisory_indicator *x,
                          char out[EXPORT_STIX_ID_LEN])
{
    export_item it = {.type = x->type, .value = x->value, .stix_id = x->stix_id};
    export_opts eo = {.identity = ident};
    export_stix_id(&it, &eo, out);
}

int advisory_stix_report(const gisac_identity *ident, const advisory *a, gisac_buf *out)
{
    int64_t created = a->published;
    int64_t modified = a->modified > created ? a->modified : created;
    int rc = put_head(out, ident, "report", a->stix_id, created, modified, a->title);
    rc |= put_str(out, "description", a->body);
    rc |= gisac_buf_puts(out, ",\"report_types\":[\"threat-report\"");
    if (a->nindicators)
        rc |= gisac_buf_puts(out, ",\"indicator\"");
    if (a->ncves)
        rc |= gisac_buf_puts(out, ",\"vulnerability\"");
    rc |= gisac_buf_putc(out, ']');
    rc |= put_time(out, "published", a->published);
    rc |= gisac_buf_puts(out, ",\"object_refs\":[");
    size_t n = 0;
    for (size_t i = 0; i < a->nindicators; i++) {
        char id[EXPORT_STIX_ID_LEN];
        indicator_ref(ident, &a->indicators[i], id);
        rc |= gisac_buf_printf(out, "%s\"%s\"", n++ ? "," : "", id);
    }
    for (size_t i = 0; i < a->ncves; i++)
        rc |= gisac_buf_printf(out, "%s\"%s\"", n++ ? "," : "", a->cves[i].stix_id);
    rc |= gisac_buf_putc(out, ']');
    rc |= put_str(out, "lang", a->lang);
    rc |= gisac_buf_puts(out, ",\"external_references\":[{\"source_name\":\"gisac\","
                              "\"external_id\":");
    rc |= gisac_buf_json_str(out, a->id);
    rc |= gisac_buf_puts(out, "}]");
    rc |= put_str(out, "x_gisac_severity", advisory_severity_name(a->severity));
    rc |= gisac_buf_printf(out, ",\"x_gisac_revision\":%d", a->revision);
    const char *m = adv_tlp_marking_id(a->tlp);
    if (m)
        rc |= gisac_buf_printf(out, ",\"object_marking_refs\":[\"%s\"]", m);
    rc |= gisac_buf_putc(out, '}');
    return rc ? GISAC_ENOMEM : 0;
}

int advisory_stix_vulnerability(const gisac_identity *ident, const advisory_cve *c, gisac_buf *out)
{
    int rc = put_head(out, ident, "vulnerability", c->stix_id, c->created, c->created, c->id);
    rc |= gisac_buf_printf(out,
                           ",\"external_references\":[{\"source_name\":\"cve\",\"external_id\":"
                           "\"%s\",\"url\":\"https://www.cve.org/CVERecord?id=%s\"}]",
                           c->id, c->id);
    rc |=
        gisac_buf_printf(out, ",\"object_marking_refs\":[\"%s\"]}", adv_tlp_marking_id(TLP_CLEAR));
    return rc ? GISAC_ENOMEM : 0;
}

/* ---- the bundle ------------------------------------------------------------ */

static int sep(gisac_buf *b)
{
    return b->len ? gisac_buf_puts(b, ",\n") : 0;
}

int advisory_stix_bundle(intel *in, const advisory *a, int64_t now, gisac_buf *out, gisac_err *err)
{
    return advisory_stix_bundle_as(in, a, NULL, now, out, err);
}

int advisory_stix_bundle_as(intel *in, const advisory *a, const advisory_viewer *v, int64_t now,
                            gisac_buf *out, gisac_err *err)
{
    /* each cited indicator as the reader sees it (merged from the sources it may read) */
    store_view sv = STORE_VIEW_ALL;
    if (v) {
        sv.max_tlp = v->max_tlp;
        sv.recipient = v->max_tlp == TLP_UNSET ? NULL : v->recipient;
    }
    gisac_buf objs = GISAC_BUF_INIT, inds = GISAC_BUF_INIT;
    gisac_arena *tmp = gisac_arena_new(4096);
    int used[TLP_RED + 1] = {0};
    int rc = tmp ? 0 : GISAC_ENOMEM;
    if (a->tlp >= TLP_CLEAR && a->tlp <= TLP_RED)
        used[a->tlp] = 1;
    if (a->ncves)
        used[TLP_CLEAR] = 1;
    /* the active indicators, rendered as the STIX export does */
    for (size_t i = 0; rc == 0 && i < a->nindicators; i++) {
        store_indicator ind;
        gisac_arena_reset(tmp);
        rc = store_indicator_find_as(intel_store(in), &sv, a->indicators[i].type,
                                     a->indicators[i].value, &ind, tmp, err);
        if (rc == GISAC_ENOTFOUND) {
            rc = 0;
            continue;
        }
        if (rc < 0 || strcmp(intel_status(&ind, now), "active") != 0)
            continue;
        export_item it;
        const char *labels[INTEL_LABELS_MAX];
        json_t *lj;
        intel_export_item_of(&ind, &it, labels, &lj);
        export_opts eo = {.now = now, .identity = intel_identity(in)};
        rc = sep(&inds);
        if (rc == 0)
            rc = export_stix_object(&it, &eo, &inds, err);
        json_decref(lj);
        if (ind.tlp >= TLP_CLEAR && ind.tlp <= TLP_RED)
            used[ind.tlp] = 1;
    }
    if (rc == 0)
        rc = export_stix_identity(intel_identity(in), &objs);
    for (int t = TLP_CLEAR; rc == 0 && t <= TLP_RED; t++)
        if (used[t] && (rc = sep(&objs)) == 0)
            rc = export_stix_marking((gisac_tlp)t, &objs);
    if (rc == 0 && inds.len)
        rc = sep(&objs) | gisac_buf_append(&objs, inds.data, inds.len);
    for (size_t i = 0; rc == 0 && i < a->ncves; i++)
        if ((rc = sep(&objs)) == 0)
            rc = advisory_stix_vulnerability(intel_identity(in), &a->cves[i], &objs);
    if (rc == 0 && (rc = sep(&objs)) == 0)
        rc = advisory_stix_report(intel_identity(in), a, &objs);
    if (rc == 0) {
        uint8_t h[32];
        char hex[65], u[GISAC_UUID_LEN], name[80];
        gisac_sha256(objs.data, objs.len, h);
        gisac_hex(h, sizeof h, hex);
        snprintf(name, sizeof name, "bundle:%s", hex);
        gisac_uuid5(GISAC_UUID_NS, name, strlen(name), u);
        rc = gisac_buf_printf(out, "{\"type\":\"bundle\",\"id\":\"bundle--%s\",\"objects\":[\n", u);
        rc |= gisac_buf_append(out, objs.data, objs.len);
        rc |= gisac_buf_puts(out, "\n]}\n");
    }
    gisac_buf_free(&objs);
    gisac_buf_free(&inds);
    gisac_arena_free(tmp);
    if (rc == GISAC_ENOMEM || rc == -1)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    return rc;
}
