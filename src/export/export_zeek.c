/*
 * export_zeek.c: the Zeek intelligence framework's file (export.h, "zeek").
 *
 * The header "#fields" then, tab-separated, a line per item: indicator,
 * indicator_type, meta.source, meta.desc, meta.url, as Zeek's input
 * framework reads it (Intel::read_files). Types: ipv4 and ipv6
 * Intel::ADDR, cidr Intel::SUBNET, domain Intel::DOMAIN, url Intel::URL
 * in Zeek's form (without "scheme://": Zeek matches the host and path it
 * saw), md5/sha1/sha256 Intel::FILE_HASH, email Intel::EMAIL. A field
 * holds no tab or line end (each becomes a space); an empty one is "-",
 * Zeek's unset value. meta.source is the item's sources joined with ", "
 * ("gisac" when none); meta.desc its name (else its description), with its
 * TLP, so that a Zeek analyst sees how far it may go.
 */
#include "export/export_internal.h"

#include <string.h>

static const char *zeek_type(ioc_type t)
{
    switch (t) {
    case IOC_IPV4:
    case IOC_IPV6:
        return "Intel::ADDR";
    case IOC_CIDR:
        return "Intel::SUBNET";
    case IOC_DOMAIN:
        return "Intel::DOMAIN";
    case IOC_URL:
        return "Intel::URL";
    case IOC_MD5:
    case IOC_SHA1:
    case IOC_SHA256:
        return "Intel::FILE_HASH";
    case IOC_EMAIL:
        return "Intel::EMAIL";
    default:
        return NULL;
    }
}

/* s as one field: tabs and line ends as spaces, "-" when empty. */
static int field(gisac_buf *b, const char *s)
{
    if (!s || !*s)
        return gisac_buf_putc(b, '-');
    for (const char *p = s; *p; p++)
        if (gisac_buf_putc(b, *p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p) < 0)
            return GISAC_ENOMEM;
    return 0;
}

int exp_zeek(const exp_list *l, const export_opts *o, gisac_buf *b, gisac_err *err)
{
    (void)o;
    int rc = gisac_buf_puts(b, "#fields\tindicator\tindicator_type\tmeta.source\tmeta.desc\t"
                               "meta.url\n");
    for (size_t i = 0; rc == 0 && i < l->n; i++) {
        const export_item *it = l->v[i];
        const char *type = zeek_type(it->type);
        if (!type)
            continue;
        const char *v = it->value;
        if (it->type == IOC_URL) {
            const char *s = strstr(v, "://");
            if (s)
                v = s + 3;
        }
        rc |= field(b, v);
        rc |= gisac_buf_printf(b, "\t%s\t", type);
        if (it->nsources == 0) {
            rc |= gisac_buf_puts(b, "gisac");
        } else {
            for (size_t k = 0; k < it->nsources; k++) {
                if (k)
                    rc |= gisac_buf_puts(b, ", ");
                rc |= field(b, it->sources[k]);
            }
        }
        rc |= gisac_buf_putc(b, '\t');
        const char *desc = it->name && *it->name ? it->name : it->description;
        const char *tlp = tlp_name(it->tlp); /* NULL: not marked */
        if (desc && *desc) {
            rc |= field(b, desc);
            if (tlp)
                rc |= gisac_buf_printf(b, " (TLP:%s)", tlp);
        } else if (tlp) {
            rc |= gisac_buf_printf(b, "TLP:%s", tlp);
        } else {
            rc |= gisac_buf_putc(b, '-');
        }
        rc |= gisac_buf_puts(b, "\t-\n");
    }
    return rc ? exp_nomem(err) : 0;
}
