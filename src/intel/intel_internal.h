/* intel_internal.h: shared between the files of the intel module only. */
#ifndef GISAC_INTEL_INTERNAL_H
#define GISAC_INTEL_INTERNAL_H

#include "intel/intel.h"

/* A 128-bit address range, IPv4 mapped into ::ffff:0:0/96. */
typedef struct allow_range {
    uint64_t lo_hi, lo_lo, hi_hi, hi_lo;
    const char *value;
} allow_range;

/* The allowlist, compiled for lookups during an import. */
typedef struct allow_set {
    allow_range *ranges;
    size_t nranges;
    char **names; /* domains, sorted; cover their sub-domains */
    size_t nnames;
    char **exact; /* "type\tvalue" for urls, hashes, e-mail, sorted */
    size_t nexact;
    gisac_arena *arena;
} allow_set;

/* The index of derived STIX ids (taxii.c). */
typedef struct taxii_ids taxii_ids;
void taxii_ids_free(taxii_ids *t);

struct intel {
    store *st;
    allow_set allow;
    int allow_loaded;
    taxii_ids *tids;           /* NULL until the first lookup of a derived id */
    gisac_arena *search_arena; /* intel_search's rows; NULL until the first search */
    unsigned char ckey[32];    /* seals page cursors (intel_cursor_seal) */
    unsigned char nkey[32];    /* derives their nonces from what they seal */
    int has_ckey;
    intel_parsing parsing; /* intel_set_parsing; zero: sandboxed, built-in parsers */
    gisac_identity ident;  /* intel_set_identity */
    int has_ident;         /* 0: the legacy identity */
};

int allow_seed_builtin(store *st, gisac_err *err);
int allow_load(store *st, allow_set *as, gisac_err *err);
void allow_free(allow_set *as);
/*
 * The allowlist entry that covers (type, value), or NULL. For addresses
 * and cidrs any overlap counts; domains are covered by an entry for the
 * name or any parent, and public suffixes ("com.tw") always are.
 */
const char *allow_match(const allow_set *as, ioc_type type, const char *value);

/* Parse 32 hex digits into two 64-bit halves. */
int hex128(const char *hex, uint64_t *hi, uint64_t *lo);

/*
 * The export item of an indicator row (taxii.c; also the advisory
 * bundle's): its strings point into ind, its labels into labels (room for
 * INTEL_LABELS_MAX) and *labels_json, which the caller json_decref's.
 */
#include "export/export.h"
enum { INTEL_LABELS_MAX = 64 };
struct json_t;
/* Its type, texts (borrowed from ind), TLP, confidence and times: no labels, no sources. */
void intel_export_item_fields(const store_indicator *ind, export_item *it);
void intel_export_item_of(const store_indicator *ind, export_item *it, const char **labels,
                          struct json_t **labels_json);

#endif
