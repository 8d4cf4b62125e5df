/*
 * export_suricata.c: a directory of Suricata datasets and the rules that
 * use them, for Suricata 7.0.3 or later (to_lowercase came with 7.0.3) and
 * 8.x.
 *
 *   gisac-domains.lst  dataset type string: base64 of each domain
 *   gisac-ip.lst       dataset type ip: ipv6 addresses as text, ipv4 ones
 *                      as IPv4-mapped IPv6 (::ffff:192.0.2.1). Suricata 8
 *                      parses every line of a type ip set as an IPv6
 *                      address (rust/src/detect/datasets.rs,
 *                      process_ipv6_set: Ipv6Addr::from_str, a mapped
 *                      address stored as Suricata's IPv4 key, the 4 bytes
 *                      then zeros) and refuses dotted IPv4; Suricata 7
 *                      (src/datasets.c, ParseIpv6String) takes a line with
 *                      a colon as IPv6 and maps it the same way. So the
 *                      mapped form gives the same key in both, the key the
 *                      packet's IPv4 address is looked up with
 *   gisac-md5.lst      hash lists (hex, one a line) for filemd5,
 *   gisac-sha1.lst     filesha1 and filesha256 (datasets have no sha1
 *   gisac-sha256.lst   type, the file hash keywords do)
 *   gisac.rules        the rules, with a comment saying what each matches
 *
 * Every list file is always written (empty when there is nothing to list);
 * a rule is written only when its list is not empty. The DNS and TLS rules
 * are at rev 2 since they lower the name first (to_lowercase). Rule sids are fixed
 * per rule (9100001..), the cidr rules count up from 9100100, so a sid
 * keeps its meaning from one export to the next. URLs and e-mail addresses
 * are not exported here.
 */
#include "export/export_internal.h"

#include <stdlib.h>
#include <string.h>

#define SID_DNS    9100001
#define SID_TLS    9100002
#define SID_HTTP   9100003
#define SID_IP_SRC 9100004
#define SID_IP_DST 9100005
#define SID_FILE   9100010 /* + 10 * hash + protocol */
#define SID_CIDR   9100100 /* + 2 * chunk (+ 1 for the destination rule) */
#define CIDR_CHUNK 100

static const char rules_head[] =
    "# gisac indicators for Suricata 7.0.3 or later (7.0.x, 8.0.x).\n"
    "#\n"
    "# Install: put gisac.rules and the gisac-*.lst files together in the\n"
    "# default-rule-path and add gisac.rules to rule-files. Datasets are loaded\n"
    "# relative to this file, the filemd5/filesha1/filesha256 lists relative to\n"
    "# the default-rule-path.\n"
    "#\n"
    "# What matches what:\n"
    "# - domains (gisac-domains.lst): the DNS query name, the TLS SNI and the HTTP\n"
    "#   Host equal to a listed domain. Exact names only: a sub-domain of a listed\n"
    "#   domain (a.evil.example under evil.example) does not match here (gisac's\n"
    "#   own matcher, fed with Suricata's EVE log, does). DNS query names and SNI\n"
    "#   are lowered (to_lowercase) first, so a query in mixed case matches.\n"
    "# - addresses are listed as IPv6, IPv4 ones IPv4-mapped (::ffff:192.0.2.1),\n"
    "#   the form both Suricata 7 and 8 read as that IPv4 address.\n"
    "# - addresses (gisac-ip.lst): the source or the destination address of any\n"
    "#   IP packet (ip.src / ip.dst), at most one alert per address in 10 minutes.\n"
    "# - networks (cidrs): rules with address lists, at most 100 networks a rule,\n"
    "#   one rule per list for each direction.\n"
    "# - file hashes: files carried by HTTP, SMTP, FTP and SMB whose MD5, SHA-1 or\n"
    "#   SHA-256 is listed (Suricata computes the hashes these rules ask for).\n"
    "# - URLs and e-mail addresses are not exported to Suricata.\n";

static int b64(gisac_buf *b, const char *s)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    char out[4];
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)p[i + 1] << 8;
        if (i + 2 < n)
            v |= p[i + 2];
        out[0] = tab[(v >> 18) & 63];
        out[1] = tab[(v >> 12) & 63];
        out[2] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
        out[3] = i + 2 < n ? tab[v & 63] : '=';
        if (gisac_buf_append(b, out, 4) < 0)
            return GISAC_ENOMEM;
    }
    return 0;
}

typedef struct {
    gisac_buf *rules;
    size_t in_chunk;
    size_t chunk;
    gisac_buf list;
    int v6; /* the family being listed */
} cidr_ctx;

static int flush_chunk(cidr_ctx *c)
{
    if (c->in_chunk == 0)
        return 0;
    unsigned sid = SID_CIDR + 2 * (unsigned)c->chunk;
    int rc = gisac_buf_printf(
        c->rules,
        "alert ip [%s] any -> any any (msg:\"gisac: packet from a listed network\"; "
        "threshold:type limit,track by_src,count 1,seconds 600; sid:%u; rev:1;)\n"
        "alert ip any any -> [%s] any (msg:\"gisac: packet to a listed network\"; "
        "threshold:type limit,track by_dst,count 1,seconds 600; sid:%u; rev:1;)\n",
        c->list.data, sid, c->list.data, sid + 1);
    gisac_buf_reset(&c->list);
    c->in_chunk = 0;
    c->chunk++;
    return rc;
}

static int add_cidr(void *ctx, exp_u128 lo, int prefix)
{
    cidr_ctx *c = ctx;
    exp_net n = {lo, prefix, c->v6};
    char t[50];
    exp_net_text(&n, t);
    int rc = 0;
    if (c->in_chunk && (rc = gisac_buf_putc(&c->list, ',')) < 0)
        return rc;
    if ((rc = gisac_buf_puts(&c->list, t)) < 0)
        return rc;
    if (++c->in_chunk == CIDR_CHUNK)
        rc = flush_chunk(c);
    return rc;
}

/* Network rules for the cidrs of one family. */
static int cidr_rules(const exp_list *l, int v6, cidr_ctx *c)
{
    exp_range *r = malloc((l->n ? l->n : 1) * sizeof *r);
    if (!r)
        return GISAC_ENOMEM;
    size_t m = 0;
    c->v6 = v6;
    for (size_t i = 0; i < l->n; i++) {
        exp_net n;
        if (l->v[i]->type != IOC_CIDR || exp_net_of(l->v[i], &n) < 0 || n.v6 != v6)
            continue;
        r[m].lo = n.lo;
        r[m].hi = exp_net_last(&n);
        m++;
    }
    m = exp_ranges_merge(r, m);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < m; i++)
        rc = exp_range_to_nets(r[i], add_cidr, c);
    free(r);
    return rc;
}

static const char *const file_protos[] = {"http", "smtp", "ftp-data", "smb"};

/* The file hashes: indicator type, hex digits, rule keyword, label and list file. */
#define NHASH 3
static const struct {
    ioc_type type;
    size_t hex;
    const char *kw, *label, *file;
} file_hashes[NHASH] = {
    {IOC_MD5, 32, "filemd5", "MD5", "gisac-md5.lst"},
    {IOC_SHA1, 40, "filesha1", "SHA-1", "gisac-sha1.lst"},
    {IOC_SHA256, 64, "filesha256", "SHA-256", "gisac-sha256.lst"},
};

/* The rules matching files whose hash (file_hashes[hash]) is listed. */
static int file_rules(gisac_buf *rules, int hash)
{
    const char *kw = file_hashes[hash].kw, *label = file_hashes[hash].label,
               *file = file_hashes[hash].file;
    int rc = 0;
    for (size_t p = 0; rc == 0 && p < sizeof file_protos / sizeof *file_protos; p++)
        rc = gisac_buf_printf(rules,
                              "alert %s any any -> any any (msg:\"gisac: file with a listed %s\"; "
                              "%s:%s; sid:%u; rev:1;)\n",
                              file_protos[p], label, kw, file,
                              SID_FILE + 10 * (unsigned)hash + (unsigned)p);
    return rc;
}

int exp_suricata(const exp_list *l, const export_opts *o, const char *dir, gisac_err *err)
{
    (void)o;
    gisac_buf dom = GISAC_BUF_INIT, ip = GISAC_BUF_INIT, hashes[NHASH] = {0},
              rules = GISAC_BUF_INIT;
    size_t ndom = 0, nip = 0, nhashes[NHASH] = {0};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < l->n; i++) {
        const export_item *it = l->v[i];
        exp_net n;
        switch (it->type) {
        case IOC_DOMAIN:
            rc = b64(&dom, it->value);
            if (rc == 0)
                rc = gisac_buf_putc(&dom, '\n');
            ndom++;
            break;
        case IOC_IPV4:
        case IOC_IPV6:
            /* the text is written as read back by exp_net_of: never raw
             * input; IPv4 as ::ffff:a.b.c.d (above) */
            if (exp_net_of(it, &n) == 0) {
                char t[50];
                exp_net_text(&n, t);
                rc = gisac_buf_printf(&ip, "%s%s\n", n.v6 ? "" : "::ffff:", t);
                nip++;
            }
            break;
        default:
            for (int h = 0; h < NHASH; h++)
                if (it->type == file_hashes[h].type &&
                    exp_is_lower_hex(it->value, file_hashes[h].hex)) {
                    rc = gisac_buf_printf(&hashes[h], "%s\n", it->value);
                    nhashes[h]++;
                }
            break;
        }
    }

    if (rc == 0)
        rc = gisac_buf_puts(&rules, rules_head);
    if (rc == 0 && ndom)
        rc = gisac_buf_printf(
            &rules,
            "alert dns any any -> any any (msg:\"gisac: DNS query for a listed domain\"; "
            "dns.query; to_lowercase; "
            "dataset:isset,gisac-domains,type string,load gisac-domains.lst; "
            "sid:%u; rev:2;)\n"
            "alert tls any any -> any any (msg:\"gisac: TLS SNI of a listed domain\"; "
            "tls.sni; to_lowercase; "
            "dataset:isset,gisac-domains,type string,load gisac-domains.lst; "
            "sid:%u; rev:2;)\n"
            "alert http any any -> any any (msg:\"gisac: HTTP Host of a listed domain\"; "
            "http.host; dataset:isset,gisac-domains,type string,load gisac-domains.lst; "
            "sid:%u; rev:1;)\n",
            SID_DNS, SID_TLS, SID_HTTP);
    if (rc == 0 && nip)
        rc = gisac_buf_printf(
            &rules,
            "alert ip any any -> any any (msg:\"gisac: packet from a listed address\"; "
            "ip.src; dataset:isset,gisac-ip,type ip,load gisac-ip.lst; "
            "threshold:type limit,track by_src,count 1,seconds 600; sid:%u; rev:1;)\n"
            "alert ip any any -> any any (msg:\"gisac: packet to a listed address\"; "
            "ip.dst; dataset:isset,gisac-ip,type ip,load gisac-ip.lst; "
            "threshold:type limit,track by_dst,count 1,seconds 600; sid:%u; rev:1;)\n",
            SID_IP_SRC, SID_IP_DST);
    for (int h = 0; h < NHASH; h++)
        if (rc == 0 && nhashes[h])
            rc = file_rules(&rules, h);
    if (rc == 0) {
        cidr_ctx c = {&rules, 0, 0, GISAC_BUF_INIT, 0};
        rc = cidr_rules(l, 0, &c);
        if (rc == 0)
            rc = cidr_rules(l, 1, &c);
        if (rc == 0)
            rc = flush_chunk(&c);
        gisac_buf_free(&c.list);
    }
    if (rc < 0)
        rc = exp_nomem(err);

    /* the lists first, the rules that load them last */
    if (rc == 0)
        rc = exp_write_in_dir(dir, "gisac-domains.lst", &dom, err);
    if (rc == 0)
        rc = exp_write_in_dir(dir, "gisac-ip.lst", &ip, err);
    for (int h = 0; h < NHASH; h++)
        if (rc == 0)
            rc = exp_write_in_dir(dir, file_hashes[h].file, &hashes[h], err);
    if (rc == 0)
        rc = exp_write_in_dir(dir, "gisac.rules", &rules, err);

    gisac_buf_free(&dom);
    gisac_buf_free(&ip);
    for (int h = 0; h < NHASH; h++)
        gisac_buf_free(&hashes[h]);
    gisac_buf_free(&rules);
    return rc;
}
