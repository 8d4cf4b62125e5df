/*
 * export_nft.c: an nftables file for "nft -f".
 *
 *   table inet gisac              make sure the table exists,
 *   delete table inet gisac       so that this never fails, then drop it:
 *   table inet gisac { ... }      the whole file is one transaction, so a
 *                                 reload swaps the sets atomically
 *
 * Sets blocklist_v4 (ipv4_addr) and blocklist_v6 (ipv6_addr), both "flags
 * interval", hold the ipv4/ipv6 addresses and cidrs. nft rejects
 * overlapping intervals, so the entries of each family are merged first
 * (an address inside a listed network disappears, nested networks reduce to
 * the outer one, adjacent ones join) and each merged range is written as
 * the fewest networks that cover it exactly. An empty set has no elements
 * line. Chains input, forward and output (filter, priority -10, policy
 * accept) count and drop packets from (input), to (output) and either
 * (forward) a listed address. The "generated" comment is opts->now, the
 * time of the data's last change, so the file changes only with the data.
 */
#include "export/export_internal.h"

#include <stdlib.h>
#include <string.h>

const char exp_nft_chains[] = "\tchain input {\n"
                              "\t\ttype filter hook input priority -10; policy accept;\n"
                              "\t\tip saddr @blocklist_v4 counter drop\n"
                              "\t\tip6 saddr @blocklist_v6 counter drop\n"
                              "\t}\n"
                              "\tchain forward {\n"
                              "\t\ttype filter hook forward priority -10; policy accept;\n"
                              "\t\tip saddr @blocklist_v4 counter drop\n"
                              "\t\tip daddr @blocklist_v4 counter drop\n"
                              "\t\tip6 saddr @blocklist_v6 counter drop\n"
                              "\t\tip6 daddr @blocklist_v6 counter drop\n"
                              "\t}\n"
                              "\tchain output {\n"
                              "\t\ttype filter hook output priority -10; policy accept;\n"
                              "\t\tip daddr @blocklist_v4 counter drop\n"
                              "\t\tip6 daddr @blocklist_v6 counter drop\n"
                              "\t}\n"
                              "}\n";

typedef struct {
    gisac_buf *b;
    int v6;
    int first;
} elem_ctx;

static int add_elem(void *ctx, exp_u128 lo, int prefix)
{
    elem_ctx *c = ctx;
    exp_net n = {lo, prefix, c->v6};
    char t[50];
    exp_net_text(&n, t);
    int rc = gisac_buf_printf(c->b, "%s\t\t\t%s", c->first ? "" : ",\n", t);
    c->first = 0;
    return rc;
}

static int set_block(gisac_buf *b, const exp_list *l, int v6, size_t *count)
{
    exp_range *r = malloc((l->n ? l->n : 1) * sizeof *r);
    if (!r)
        return GISAC_ENOMEM;
    size_t m = 0;
    for (size_t i = 0; i < l->n; i++) {
        exp_net n;
        if (exp_net_of(l->v[i], &n) < 0 || n.v6 != v6)
            continue;
        r[m].lo = n.lo;
        r[m].hi = exp_net_last(&n);
        m++;
    }
    m = exp_ranges_merge(r, m);
    *count = m;
    int rc = gisac_buf_printf(b,
                              "\tset blocklist_%s {\n"
                              "\t\ttype %s\n"
                              "\t\tflags interval\n",
                              v6 ? "v6" : "v4", v6 ? "ipv6_addr" : "ipv4_addr");
    if (rc == 0 && m > 0) {
        elem_ctx c = {b, v6, 1};
        rc = gisac_buf_puts(b, "\t\telements = {\n");
        for (size_t i = 0; rc == 0 && i < m; i++)
            rc = exp_range_to_nets(r[i], add_elem, &c);
        if (rc == 0)
            rc = gisac_buf_puts(b, "\n\t\t}\n");
    }
    if (rc == 0)
        rc = gisac_buf_puts(b, "\t}\n");
    free(r);
    return rc;
}

int exp_nft(const exp_list *l, const export_opts *o, gisac_buf *b, gisac_err *err)
{
    gisac_buf sets = GISAC_BUF_INIT;
    size_t n4 = 0, n6 = 0;
    int rc = set_block(&sets, l, 0, &n4);
    if (rc == 0)
        rc = set_block(&sets, l, 1, &n6);
    char ts[GISAC_TIME_LEN];
    gisac_time_format(o->now, ts);
    if (rc == 0)
        rc = gisac_buf_printf(b,
                              "#!/usr/sbin/nft -f\n"
                              "# gisac blocklist, generated %s: %zu IPv4 and %zu IPv6 ranges\n"
                              "table inet gisac\n"
                              "delete table inet gisac\n"
                              "table inet gisac {\n",
                              ts, n4, n6);
    if (rc == 0)
        rc = gisac_buf_append(b, sets.data, sets.len);
    if (rc == 0)
        rc = gisac_buf_puts(b, exp_nft_chains);
    gisac_buf_free(&sets);
    return rc < 0 ? exp_nomem(err) : 0;
}
