/*
 * export_text.c: the plain and csv formats.
 *
 * plain: one normal value a line, "\n"-terminated, in list order (type,
 * then value).
 *
 * csv: the header line, then a row per item, "\n"-terminated. Fields that
 * hold a comma, a double quote, CR or LF are quoted with the quotes
 * doubled (RFC 4180). Times are "YYYY-MM-DDTHH:MM:SSZ", empty when unknown;
 * confidence is empty when unknown (-1); sources and labels are each joined
 * with ";" into one field.
 */
#include "export/export_internal.h"

#include <string.h>

int exp_plain(const exp_list *l, const export_opts *o, gisac_buf *b, gisac_err *err)
{
    (void)o;
    for (size_t i = 0; i < l->n; i++) {
        if (gisac_buf_puts(b, l->v[i]->value) < 0 || gisac_buf_putc(b, '\n') < 0)
            return exp_nomem(err);
    }
    return 0;
}

static int csv_field(gisac_buf *b, const char *s)
{
    if (!s)
        return 0;
    if (!strpbrk(s, ",\"\r\n"))
        return gisac_buf_puts(b, s);
    if (gisac_buf_putc(b, '"') < 0)
        return GISAC_ENOMEM;
    for (const char *p = s; *p; p++) {
        if (*p == '"' && gisac_buf_putc(b, '"') < 0)
            return GISAC_ENOMEM;
        if (gisac_buf_putc(b, *p) < 0)
            return GISAC_ENOMEM;
    }
    return gisac_buf_putc(b, '"');
}

static int csv_time(gisac_buf *b, int64_t t)
{
    if (t == 0)
        return 0;
    char ts[GISAC_TIME_LEN];
    gisac_time_format(t, ts);
    return gisac_buf_puts(b, ts);
}

static int csv_list(gisac_buf *b, gisac_buf *tmp, const char *const *v, size_t n)
{
    gisac_buf_reset(tmp);
    if (!v)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (!v[i])
            continue;
        if (tmp->len && gisac_buf_putc(tmp, ';') < 0)
            return GISAC_ENOMEM;
        if (gisac_buf_puts(tmp, v[i]) < 0)
            return GISAC_ENOMEM;
    }
    return tmp->len ? csv_field(b, tmp->data) : 0;
}

int exp_csv(const exp_list *l, const export_opts *o, gisac_buf *b, gisac_err *err)
{
    (void)o;
    gisac_buf tmp = GISAC_BUF_INIT;
    int rc = gisac_buf_puts(
        b, "type,value,tlp,confidence,first_seen,last_seen,valid_until,sources,labels\n");
    for (size_t i = 0; rc == 0 && i < l->n; i++) {
        const export_item *it = l->v[i];
        rc |= gisac_buf_puts(b, ioc_type_name(it->type));
        rc |= gisac_buf_putc(b, ',');
        rc |= csv_field(b, it->value);
        rc |= gisac_buf_putc(b, ',');
        if (it->tlp >= TLP_CLEAR && it->tlp <= TLP_RED)
            rc |= gisac_buf_puts(b, tlp_name(it->tlp));
        rc |= gisac_buf_putc(b, ',');
        if (it->confidence >= 0)
            rc |= gisac_buf_printf(b, "%d", it->confidence);
        rc |= gisac_buf_putc(b, ',');
        rc |= csv_time(b, it->first_seen);
        rc |= gisac_buf_putc(b, ',');
        rc |= csv_time(b, it->last_seen);
        rc |= gisac_buf_putc(b, ',');
        rc |= csv_time(b, it->valid_until);
        rc |= gisac_buf_putc(b, ',');
        rc |= csv_list(b, &tmp, it->sources, it->nsources);
        rc |= gisac_buf_putc(b, ',');
        rc |= csv_list(b, &tmp, it->labels, it->nlabels);
        rc |= gisac_buf_putc(b, '\n');
    }
    gisac_buf_free(&tmp);
    return rc ? exp_nomem(err) : 0;
}
