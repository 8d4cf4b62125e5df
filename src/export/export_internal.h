/*
 * export_internal.h: helpers shared by the export renderers. Not a public
 * interface; only src/export/ includes it.
 */
#ifndef GISAC_EXPORT_INTERNAL_H
#define GISAC_EXPORT_INTERNAL_H

#include "export/export.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* ---- the item list every renderer walks ------------------------------ */

/*
 * The items to render, sorted by type (enum order), then value (byte
 * order), with duplicates (same type and value) removed: of equal items the
 * one with the most restrictive TLP is kept, then the first given. Fails
 * with GISAC_EINVAL for an item without a value or with an unknown type.
 */
typedef struct exp_list {
    const export_item **v;
    size_t n;
} exp_list;

int exp_list_make(const export_item *items, size_t n, exp_list *out, gisac_err *err);
/* The deleted items (export_item.deleted) instead: sorted by TLP level, type
 * and value, one of each (level, type, value), the latest (modified) kept. */
int exp_list_deleted(const export_item *items, size_t n, exp_list *out, gisac_err *err);
void exp_list_free(exp_list *l);

/* ---- output -------------------------------------------------------------- */

/* A single-file format: to out_path atomically, else to out. */
int exp_emit(const gisac_buf *b, const char *out_path, FILE *out, gisac_err *err);
/* Create dir and any missing parents (mode 0755). */
int exp_mkdirs(const char *dir, gisac_err *err);
/* Write dir/name atomically. */
int exp_write_in_dir(const char *dir, const char *name, const gisac_buf *b, gisac_err *err);
/* "out of memory" into err; returns GISAC_ENOMEM. */
int exp_nomem(gisac_err *err);

/* ---- text helpers ---------------------------------------------------------- */

/* UUIDv5(NS, "TYPE:VALUE") of an item, NS the namespace of o->identity. */
void exp_item_uuid(const export_item *it, const export_opts *o, char out[GISAC_UUID_LEN]);
/* UUIDv5(GISAC_UUID_NS, s) */
void exp_uuid5_str(const char *s, char out[GISAC_UUID_LEN]);
/* 1 when s is all lower-case hex digits and exactly len long */
int exp_is_lower_hex(const char *s, size_t len);

/* ---- JSON ------------------------------------------------------------------ */

/* A JSON string of s; bytes that are not valid UTF-8 become U+FFFD. */
json_t *exp_json_str(const char *s);
/*
 * Set key on obj to v (stealing v). Returns 0, or -1 when v is NULL or the
 * set failed; so that a run of sets can be checked once with |=.
 */
int exp_jset(json_t *obj, const char *key, json_t *v);
/*
 * Append s as a JSON string exactly as exp_json_str + exp_json_append
 * would (jansson's compact escaping, invalid UTF-8 bytes as U+FFFD),
 * without building a json_t: the hot path of STIX objects.
 */
int exp_put_json_str(gisac_buf *b, const char *s);
/* Append the compact STIX indicator of it (own_id: it keeps its stix_id). */
int exp_stix_indicator(gisac_buf *b, const export_item *it, int own_id, const export_opts *o);
/* Append the compact serialisation of j (keys in insertion order). */
int exp_json_append(gisac_buf *b, const json_t *j);

/* ---- addresses --------------------------------------------------------- */

typedef unsigned __int128 exp_u128;

/*
 * An ipv4, ipv6 or cidr item as a network in the 128-bit space (IPv4
 * mapped into ::ffff:0:0/96): first address, prefix length (0..128) and
 * family (v6 = 0 for IPv4 items and IPv4 cidrs, by the text of the value).
 */
typedef struct exp_net {
    exp_u128 lo;
    int prefix; /* in the 128-bit space: an IPv4 /24 is 120 */
    int v6;
} exp_net;

/* 0, or GISAC_EINVAL when the item is not an address or cannot be read. */
int exp_net_of(const export_item *it, exp_net *out);
exp_u128 exp_net_last(const exp_net *n);
/* "a.b.c.d" or an RFC 5952 IPv6 address (out: 46 bytes). */
void exp_addr_text(exp_u128 a, int v6, char *out);
/* "addr" when the net is a single host, else "addr/len" (out: 50 bytes). */
void exp_net_text(const exp_net *n, char *out);

/* A closed range of addresses in the 128-bit space. */
typedef struct exp_range {
    exp_u128 lo, hi;
} exp_range;

/* Sort and merge overlapping and adjacent ranges in place; returns the new count. */
size_t exp_ranges_merge(exp_range *r, size_t n);
/*
 * Split [lo, hi] into the fewest aligned networks, calling fn for each
 * (in ascending order) with its first address and 128-bit prefix length.
 * Stops and returns fn's value when it is not 0.
 */
int exp_range_to_nets(exp_range r, int (*fn)(void *ctx, exp_u128 lo, int prefix), void *ctx);

/* ---- the renderers ---------------------------------------------------------- */

int exp_plain(const exp_list *l, const export_opts *o, gisac_buf *b, gisac_err *err);
int exp_csv(const exp_list *l, const export_opts *o, gisac_buf *b, gisac_err *err);
int exp_stix(const exp_list *l, const export_opts *o, gisac_buf *b, gisac_err *err);
int exp_rpz(const exp_list *l, const export_opts *o, gisac_buf *b, gisac_err *err);
int exp_nft(const exp_list *l, const export_opts *o, gisac_buf *b, gisac_err *err);
/* The end of exp_nft's table: its chains (input, forward, output), then "}\n". */
extern const char exp_nft_chains[];
int exp_zeek(const exp_list *l, const export_opts *o, gisac_buf *b, gisac_err *err);
int exp_misp(const exp_list *l, const export_item *items, size_t n, const export_opts *o,
             const char *dir, gisac_err *err);
int exp_suricata(const exp_list *l, const export_opts *o, const char *dir, gisac_err *err);

#endif
