/*
 * export_rpz.c: a DNS response policy zone (BIND, Unbound, PowerDNS,
 * Knot Resolver read the same triggers).
 *
 *   ; comment lines: zone, time, counts
 *   $TTL 300
 *   @ SOA localhost. hostmaster.localhost. SERIAL 3600 600 864000 300
 *   @ NS localhost.
 *   evil.example CNAME .                 domain and everything under it
 *   *.evil.example CNAME .               (NXDOMAIN)
 *   32.7.100.51.198.rpz-ip CNAME .       198.51.100.7 in an answer
 *   24.0.100.51.198.rpz-ip CNAME .       198.51.100.0/24
 *   32.zz.db8.2001.rpz-ip CNAME .        2001:db8::/32
 *
 * Owner names are relative, so the file serves under whatever origin the
 * server's zone statement gives it (opts->zone_name is only used for the
 * comment and to check names fit). rpz-ip owners are BIND's canonical form:
 * prefix length, then the address reversed (IPv4 octets; IPv6 16-bit
 * groups in hex without leading zeros, the longest run of two or more zero
 * groups, the first in address order on a tie, written "zz"); an IPv4-mapped
 * IPv6 network of /96 or longer is written as the IPv4 trigger BIND makes of
 * it. Networks of prefix length 0 are not valid triggers and are skipped.
 *
 * SERIAL is opts->serial mod 2^32, the data generation the store keeps
 * (store_intel_generation): it grows with every change of the data and
 * only then, so a secondary or an RPZ client transfers the zone when and
 * only when it changed, and stays within RFC 1982 serial arithmetic as
 * long as fewer than 2^31 changes happen between two transfers. The
 * "generated" comment is opts->now, the time of the data's last change.
 *
 * URLs, hashes and e-mail addresses are not DNS triggers: they are left
 * out, and the comment at the top counts them.
 */
#include "export/export_internal.h"

#include <string.h>

/* A domain we can put in a zone file as is: [a-z0-9_-] labels. */
static int zone_safe(const char *d)
{
    if (!*d || *d == '.')
        return 0;
    for (const char *p = d; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
            return 0;
        if (c == '.' && (p[1] == '.' || p[1] == '\0'))
            return 0;
    }
    return 1;
}

/* Octets of "name.origin." on the wire, name given as text without dots at the ends. */
static size_t wire_len(size_t name_len, size_t origin_len)
{
    return name_len + 1 + origin_len + 2;
}

/* IPv4 networks, and IPv4-mapped IPv6 ones of /96 or longer, take the IPv4 form. */
static int v4_form(const exp_net *n)
{
    return !n->v6 || (n->prefix >= 96 && (n->lo >> 32) == 0xffff);
}

static int rpz_ip_owner(gisac_buf *b, const exp_net *n)
{
    exp_u128 a = n->lo;
    if (v4_form(n)) {
        unsigned v = (unsigned)(a & 0xffffffffu);
        return gisac_buf_printf(b, "%d.%u.%u.%u.%u.rpz-ip", n->prefix - 96, v & 255, (v >> 8) & 255,
                                (v >> 16) & 255, v >> 24);
    }
    unsigned w[8]; /* w[0] is the first group of the address */
    for (int i = 7; i >= 0; i--) {
        w[i] = (unsigned)(a & 0xffff);
        a >>= 16;
    }
    int best_len;
    int best = ioc_v6_zero_run(w, &best_len);
    int rc = gisac_buf_printf(b, "%d", n->prefix);
    for (int i = 7; rc == 0 && i >= 0; i--) {
        if (best >= 0 && i == best + best_len - 1) {
            rc = gisac_buf_puts(b, ".zz");
            i = best;
            continue;
        }
        rc = gisac_buf_printf(b, ".%x", w[i]);
    }
    if (rc == 0)
        rc = gisac_buf_puts(b, ".rpz-ip");
    return rc;
}

int exp_rpz(const exp_list *l, const export_opts *o, gisac_buf *b, gisac_err *err)
{
    const char *zone = o->zone_name;
    size_t zl = strlen(zone);
    while (zl > 0 && zone[zl - 1] == '.')
        zl--;
    for (size_t i = 0; i < zl; i++) {
        char c = zone[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return gisac_err_set(err, GISAC_EINVAL, "bad RPZ zone name \"%s\"", zone);
    }
    if (zl == 0 || zl > 253)
        return gisac_err_set(err, GISAC_EINVAL, "bad RPZ zone name \"%s\"", zone);
    size_t ndom = 0, nip = 0, nother = 0, nbad = 0;
    gisac_buf body = GISAC_BUF_INIT;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < l->n; i++) {
        const export_item *it = l->v[i];
        if (it->type == IOC_DOMAIN) {
            size_t dl = strlen(it->value);
            if (!zone_safe(it->value) || wire_len(dl, zl) > 255) {
                nbad++;
                continue;
            }
            rc = gisac_buf_printf(&body, "%s CNAME .\n", it->value);
            /* the wildcard needs two octets more; without room, the name alone */
            if (rc == 0 && wire_len(dl + 2, zl) <= 255)
                rc = gisac_buf_printf(&body, "*.%s CNAME .\n", it->value);
            ndom++;
        } else if (it->type == IOC_IPV4 || it->type == IOC_IPV6 || it->type == IOC_CIDR) {
            exp_net n;
            if (exp_net_of(it, &n) < 0 || n.prefix == 0 || (v4_form(&n) && n.prefix == 96)) {
                nbad++;
                continue;
            }
            rc = rpz_ip_owner(&body, &n);
            if (rc == 0)
                rc = gisac_buf_puts(&body, " CNAME .\n");
            nip++;
        } else {
            nother++;
        }
    }

    char ts[GISAC_TIME_LEN];
    gisac_time_format(o->now, ts);
    if (rc == 0)
        rc = gisac_buf_printf(b,
                              "; gisac response policy zone %.*s, generated %s\n"
                              "; %zu domains, %zu addresses and networks; skipped: %zu urls, "
                              "hashes and e-mail addresses, %zu not expressible\n"
                              "$TTL 300\n"
                              "@ SOA localhost. hostmaster.localhost. %u 3600 600 864000 300\n"
                              "@ NS localhost.\n",
                              (int)zl, zone, ts, ndom, nip, nother, nbad,
                              (unsigned)(uint32_t)o->serial);
    if (rc == 0)
        rc = gisac_buf_append(b, body.data ? body.data : "", body.len);
    gisac_buf_free(&body);
    return rc < 0 ? exp_nomem(err) : 0;
}
