/*
 * export: render a set of indicators in the formats partners consume.
 * Pure renderers: items in, bytes out. Filtering (active, TLP, type) is done
 * by the caller (intel/); every item given here is written.
 *
 *   plain     one normal value a line, sorted by type then value
 *   csv       header "type,value,tlp,confidence,first_seen,last_seen,
 *             valid_until,sources,labels", RFC 4180 quoting
 *   stix      one STIX 2.1 bundle: an indicator per item (id = the item's
 *             stix_id, or indicator--UUIDv5(GISAC_UUID_NS, "type:value")),
 *             pattern "[ipv4-addr:value = '...']" etc. (cidr as ipv4-addr
 *             or ipv6-addr value), pattern_type stix, valid_from, valid_until,
 *             confidence, labels as indicator_types when they are from the
 *             STIX open vocabulary, else labels; the TLP 2.0
 *             marking-definition objects used, referenced by
 *             object_marking_refs; an identity object for gisac as
 *             created_by_ref. Validates against the OASIS schemas.
 *   misp      a MISP feed directory: manifest.json, hashes.csv and one
 *             EVENT_UUID.json per event; one event per TLP level present,
 *             tagged tlp:LEVEL; attributes ip-dst, ip-dst (cidr), domain,
 *             url, md5, sha1, sha256, email-src with to_ids true, and the
 *             deleted items of the level with "deleted": true; ids derived
 *             with UUIDv5 (attributes per event and value) so re-exports
 *             are stable.
 *   rpz       a DNS RPZ zone (SOA with opts->serial, NS, "name CNAME ." and
 *             "*.name CNAME ." for domains, rpz-ip triggers for addresses
 *             and cidrs); passes named-checkzone.
 *   suricata  a directory: gisac-domains.lst (dataset type string,
 *             base64), gisac-md5.lst, gisac-sha256.lst, gisac-ip.lst
 *             (dataset type ip) and gisac.rules using them, plus rules with
 *             address lists for cidrs. Also gisac-sha1.lst (for filesha1:
 *             datasets have no sha1 type).
 *   nft       an nftables file defining table inet gisac with interval sets
 *             blocklist_v4 and blocklist_v6 (overlaps merged) and drop rules;
 *             passes nft -c -f.
 *   zeek      the Zeek intelligence framework's file (Intel::read_files):
 *             "#fields indicator indicator_type meta.source meta.desc
 *             meta.url", tab-separated; Intel::ADDR, SUBNET, DOMAIN, URL
 *             (without "scheme://", as Zeek matches it), FILE_HASH, EMAIL.
 *
 * Output: single-file formats go to out_path, or to the FILE* out when
 * out_path is NULL. Directory formats (misp, suricata) need out_path, a
 * directory that is created if missing. Files are written to a temporary
 * name and renamed, so a reader never sees half a file.
 */
#ifndef GISAC_EXPORT_H
#define GISAC_EXPORT_H

#include "base/base.h"
#include "ioc/ioc.h"

#include <stdio.h>

typedef enum export_format {
    EXPORT_PLAIN,
    EXPORT_CSV,
    EXPORT_STIX,
    EXPORT_MISP,
    EXPORT_RPZ,
    EXPORT_SURICATA,
    EXPORT_NFT,
    EXPORT_ZEEK,
} export_format;

const char *export_format_name(export_format f);
int export_format_from_name(const char *name, export_format *out);
/* 1 when the format writes a directory */
int export_format_is_dir(export_format f);

typedef struct export_item {
    ioc_type type;
    const char *value;   /* normal form */
    const char *stix_id; /* "indicator--..." or NULL */
    const char *name;    /* or NULL */
    const char *description;
    const char *const *labels;
    size_t nlabels;
    const char *const *sources;
    size_t nsources;
    int confidence; /* 0..100 or -1 */
    gisac_tlp tlp;
    int64_t first_seen, last_seen, valid_from, valid_until, created, modified; /* 0 = unknown */
    /*
     * 1: an item that left the data (revoked, expired, allowlisted, or no
     * longer at this TLP level) since a subscriber may have taken it: only
     * the MISP feed writes it, as an attribute with "deleted": true in the
     * event of level tlp, its timestamp = modified (when it left). Every
     * other format leaves it out.
     */
    int deleted;
} export_item;

/* The order of an export's items: by type, then value (strcmp); <0, 0, >0. */
int export_item_cmp(const export_item *a, const export_item *b);

/*
 * What an export is a function of besides its items. Nothing here is the
 * clock: two exports of the same items and opts are byte for byte equal.
 */
typedef struct export_opts {
    int64_t now;           /* the data's time: its last change ("generated",
                            * MISP and STIX times an item does not have) */
    const char *zone_name; /* rpz origin, default "rpz.gisac.example" */
    int64_t serial;        /* the data generation: the RPZ SOA serial (mod 2^32) */
    /* the installation (base.h): the creator of the STIX objects and the
     * namespace of derived ids; NULL: the legacy identity "gisac" */
    const gisac_identity *identity;
} export_opts;

int export_write(export_format f, const export_item *items, size_t n, const export_opts *opts,
                 const char *out_path, FILE *out, gisac_err *err);

/* ---- one STIX object ------------------------------------------------------ */

/*
 * The STIX 2.1 indicator of one item, for paths that serve objects one by
 * one (TAXII). Rendered by the stix bundle renderer itself (a bundle of the
 * one item, from which the indicator is taken), so the object is byte for
 * byte the one "intel export --format stix" writes for that item, given
 * the same opts->now. Appended to out, compact, without a line end.
 */
#define EXPORT_STIX_ID_LEN 48 /* "indicator--" + 36 + NUL */
int export_stix_object(const export_item *it, const export_opts *opts, gisac_buf *out,
                       gisac_err *err);
/*
 * The id that object carries: the item's stix_id when it is a well-formed
 * "indicator--UUID", else indicator--UUIDv5(NS, "TYPE:VALUE"), NS the
 * namespace of opts->identity (gisac_identity_uuid5).
 * (In a bundle, a later item repeating an earlier item's stix_id gets the
 * derived id instead; one by one, every item keeps its own.)
 */
void export_stix_id(const export_item *it, const export_opts *opts, char out[EXPORT_STIX_ID_LEN]);

/*
 * The STIX identity object of id (NULL: the legacy one) and the OASIS
 * marking-definition object of a TLP level (GISAC_EINVAL for another
 * value), appended compact, as the bundle writes them: so that a TAXII
 * page can carry the objects its objects refer to.
 */
int export_stix_identity(const gisac_identity *id, gisac_buf *out);
int export_stix_marking(gisac_tlp t, gisac_buf *out);

/* ---- TLP 2.0 markings ----------------------------------------------------- */

/* The OASIS TLP 2.0 marking-definitions (cti-stix-common-objects). */
#define EXPORT_TLP_EXT     "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
#define EXPORT_TLP_CREATED "2022-10-01T00:00:00.000Z"
typedef struct export_tlp_marking {
    const char *id;    /* "marking-definition--..." */
    const char *name;  /* "TLP:AMBER+STRICT" */
    const char *level; /* its tlp_2_0 value, "amber+strict" */
} export_tlp_marking;
/* The marking-definition of a TLP level (clear .. red); NULL for any other. */
const export_tlp_marking *export_tlp_marking_of(gisac_tlp t);

#endif
