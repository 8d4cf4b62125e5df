/*
 * match_dir.c: an agency's networks, and the direction of a sighting
 * (outbound: the agency's own host reaches the indicator; inbound: the
 * indicator's host reaches the agency).
 */
#include "match/match.h"

#include <stdlib.h>
#include <string.h>

static const char *const dir_names[MATCH_DIRS] = {"unknown", "outbound", "inbound"};

const char *match_dir_name(match_dir d)
{
    return (unsigned)d < MATCH_DIRS ? dir_names[d] : "unknown";
}

int match_dir_from_name(const char *name, match_dir *out)
{
    for (int i = 0; i < MATCH_DIRS; i++)
        if (strcmp(name, dir_names[i]) == 0) {
            *out = (match_dir)i;
            return 0;
        }
    return GISAC_EINVAL;
}

int match_nets_parse(const char *text, match_nets *out)
{
    out->v = NULL;
    out->n = 0;
    if (!text || !*text)
        return 0;
    size_t cap = 1;
    for (const char *p = text; *p; p++)
        cap += *p == ',';
    out->v = calloc(cap, sizeof *out->v);
    if (!out->v)
        return GISAC_ENOMEM;
    for (const char *p = text; *p;) {
        const char *c = strchr(p, ',');
        size_t n = c ? (size_t)(c - p) : strlen(p);
        char one[IOC_VALUE_MAX];
        if (n && n < sizeof one) {
            memcpy(one, p, n);
            one[n] = '\0';
            match_net *m = &out->v[out->n];
            if (ioc_cidr_parse(one, &m->net, &m->prefix128) == 0)
                out->n++;
        }
        p = c ? c + 1 : p + n;
    }
    return 0;
}

void match_nets_free(match_nets *n)
{
    free(n->v);
    n->v = NULL;
    n->n = 0;
}

static int in_net(const match_net *m, const ioc_addr *a)
{
    int full = m->prefix128 / 8, rest = m->prefix128 % 8;
    if (memcmp(a->b, m->net.b, (size_t)full) != 0)
        return 0;
    if (!rest)
        return 1;
    uint8_t mask = (uint8_t)(0xff << (8 - rest));
    return (a->b[full] & mask) == (m->net.b[full] & mask);
}

int match_nets_has(const match_nets *n, const char *a, size_t len)
{
    if (!n || !n->n || !a || !len)
        return 0;
    ioc_addr x;
    if (ioc_addr_parse(a, len, &x) < 0)
        return 0;
    for (size_t i = 0; i < n->n; i++)
        if (in_net(&n->v[i], &x))
            return 1;
    return 0;
}

/* Add a[0..len) to hosts in its canonical form. */
static void host_add(char hosts[2][MATCH_HOST_LEN], int *nhosts, const char *a, size_t len)
{
    ioc_addr x;
    if (ioc_addr_parse(a, len, &x) < 0)
        return;
    char t[MATCH_HOST_LEN];
    ioc_addr_format(&x, t);
    for (int i = 0; i < *nhosts; i++)
        if (strcmp(hosts[i], t) == 0)
            return;
    memcpy(hosts[(*nhosts)++], t, sizeof t);
}

match_dir match_direction(const match_nets *nets, const char *event_type, size_t event_type_len,
                          const char *src, size_t src_len, const char *dest, size_t dest_len,
                          const char *value, size_t value_len, char hosts[2][MATCH_HOST_LEN],
                          int *nhosts)
{
    *nhosts = 0;
    if (!nets || !nets->n || (!src_len && !dest_len))
        return MATCH_DIR_UNKNOWN;
    int src_in = match_nets_has(nets, src, src_len);
    int dest_in = match_nets_has(nets, dest, dest_len);
    if (src_in)
        host_add(hosts, nhosts, src, src_len);
    if (dest_in)
        host_add(hosts, nhosts, dest, dest_len);
    int dns = event_type_len == 3 && memcmp(event_type, "dns", 3) == 0;
    if (dns)
        return src_in || dest_in ? MATCH_DIR_OUTBOUND : MATCH_DIR_INBOUND;
    int value_is_src = value_len == src_len && memcmp(value, src, src_len) == 0;
    return src_in && !value_is_src ? MATCH_DIR_OUTBOUND : MATCH_DIR_INBOUND;
}
