/*
 * export_object.c: one STIX indicator object at a time, for TAXII.
 *
 * The object is not rendered here: the item is handed, alone, to the
 * bundle renderer (exp_stix), which writes one object a line, the
 * indicator last; that line is the object. So there is one STIX rendering
 * in gisac, and TAXII serves exactly what "intel export --format stix"
 * writes.
 */
#include "export/export_internal.h"

#include <string.h>

void export_stix_id(const export_item *it, char out[EXPORT_STIX_ID_LEN])
{
    static const char pfx[] = "indicator--";
    const char *s = it->stix_id;
    if (s && strncmp(s, pfx, sizeof pfx - 1) == 0 && strlen(s) == sizeof pfx - 1 + 36 &&
        gisac_uuid_valid(s + sizeof pfx - 1, 36)) {
        memcpy(out, s, sizeof pfx - 1 + 36 + 1);
        return;
    }
    char u[GISAC_UUID_LEN];
    exp_item_uuid(it, u);
    snprintf(out, EXPORT_STIX_ID_LEN, "indicator--%s", u);
}

int export_stix_object(const export_item *it, const export_opts *opts, gisac_buf *out,
                       gisac_err *err)
{
    exp_list l;
    int rc = exp_list_make(it, 1, &l, err);
    if (rc < 0)
        return rc;
    gisac_buf b = GISAC_BUF_INIT;
    rc = exp_stix(&l, opts, &b, err);
    exp_list_free(&l);
    if (rc < 0) {
        gisac_buf_free(&b);
        return rc;
    }
    /* "...\n{indicator}\n]}\n": the object is the line before the last two */
    static const char tail[] = "\n]}\n";
    size_t tl = sizeof tail - 1;
    if (b.len < tl + 2 || memcmp(b.data + b.len - tl, tail, tl) != 0) {
        gisac_buf_free(&b);
        return gisac_err_set(err, GISAC_EINVAL, "stix object: unexpected bundle layout");
    }
    size_t end = b.len - tl, start = end;
    while (start > 0 && b.data[start - 1] != '\n')
        start--;
    rc = gisac_buf_append(out, b.data + start, end - start);
    gisac_buf_free(&b);
    return rc < 0 ? gisac_err_set(err, GISAC_ENOMEM, "out of memory") : 0;
}
