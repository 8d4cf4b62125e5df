/*
 * export_object.c: one STIX indicator object at a time, for TAXII.
 *
 * The object is written by the bundle's own indicator writer
 * (exp_stix_indicator), so there is one STIX rendering in gisac and TAXII
 * serves exactly what "intel export --format stix" writes.
 */
#include "export/export_internal.h"

#include <string.h>

void export_stix_id(const export_item *it, const export_opts *opts, char out[EXPORT_STIX_ID_LEN])
{
    static const char pfx[] = "indicator--";
    const char *s = it->stix_id;
    if (s && strncmp(s, pfx, sizeof pfx - 1) == 0 && strlen(s) == sizeof pfx - 1 + 36 &&
        gisac_uuid_valid(s + sizeof pfx - 1, 36)) {
        memcpy(out, s, sizeof pfx - 1 + 36 + 1);
        return;
    }
    char u[GISAC_UUID_LEN];
    exp_item_uuid(it, opts, u);
    snprintf(out, EXPORT_STIX_ID_LEN, "indicator--%s", u);
}

int export_stix_object(const export_item *it, const export_opts *opts, gisac_buf *out,
                       gisac_err *err)
{
    static const char pfx[] = "indicator--";
    if (!it->value)
        return gisac_err_set(err, GISAC_EINVAL, "item has no value");
    if (it->type < 0 || it->type >= IOC_TYPE_COUNT)
        return gisac_err_set(err, GISAC_EINVAL, "item (%s) has no known type", it->value);
    const char *s = it->stix_id;
    int own = s && strncmp(s, pfx, sizeof pfx - 1) == 0 && strlen(s) == sizeof pfx - 1 + 36 &&
              gisac_uuid_valid(s + sizeof pfx - 1, 36);
    if (exp_stix_indicator(out, it, own, opts) < 0)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    return 0;
}
