/*
 * match_internal.h: shared by the files of the match module only.
 *
 * Extractors turn one log line into a match_event: a little metadata
 * (event type, time, source and destination address) and a list of
 * observables, each a (field name, kind, value) triple. Nothing is
 * allocated: values point into the line, or into the event's scratch area
 * when they had to be rewritten (JSON unescaping, a URL built from host and
 * path). Field names point to static strings, to the line, or to a Zeek
 * header that outlives the event.
 *
 * An extractor returns 0, or -1 with *why set to a static reason when the
 * line cannot be parsed at all (the run counts and reports such lines, and
 * goes on).
 */
#ifndef GISAC_MATCH_INTERNAL_H
#define GISAC_MATCH_INTERNAL_H

#include "match/match.h"

#define MATCH_MAX_OBS 512
#define MATCH_SCRATCH 65536

typedef struct match_obs {
    const char *field;
    size_t field_len;
    match_kind kind;
    const char *val;
    size_t len;
} match_obs;

typedef struct match_slice {
    const char *p;
    size_t n;
} match_slice;

typedef struct match_event {
    match_slice event_type; /* "dns", "conn", "syslog", ... */
    match_slice ts;         /* as written in the log */
    match_slice src_ip, dest_ip;
    match_obs obs[MATCH_MAX_OBS];
    size_t nobs;
    size_t dropped; /* observables beyond MATCH_MAX_OBS or the scratch */
    size_t scratch_len;
    char scratch[MATCH_SCRATCH];
} match_event;

/* Forget everything (cheap: no memset of the arrays). */
void match_event_reset(match_event *e);
/* Add an observable; values are not copied. Empty values are ignored. */
void match_event_add(match_event *e, const char *field, size_t field_len, match_kind kind,
                     const char *val, size_t len);
/* n bytes of scratch that live as long as the event, or NULL when full. */
char *match_event_scratch(match_event *e, size_t n);
/* The (field, indicator) pairs already reported for one event (the first 64). */
typedef struct match_seen {
    int n;
    uint32_t ind[64];
    const char *field[64];
} match_seen;
/* 0 when (idx, field) is in s, else 1 (and it is added while there is room). */
int match_seen_add(match_seen *s, uint32_t idx, const char *field);
/*
 * "http://" host (in [] when bracket) [":" port, when port.n] ["/" when
 * path does not start with one] path, in e's scratch; {NULL, 0} when full.
 */
match_slice match_event_http_url(match_event *e, match_slice host, int bracket, match_slice port,
                                 match_slice path);

/* ---- Suricata EVE (match_eve.c) ---------------------------------------- */

int match_extract_eve(const char *line, size_t len, match_event *e, const char **why);

/* ---- Zeek (match_zeek.c) ----------------------------------------------- */

/* The log type decides which fields are observables. */
typedef enum zeek_log {
    ZEEK_UNKNOWN,
    ZEEK_CONN,
    ZEEK_DNS,
    ZEEK_HTTP,
    ZEEK_SSL,
    ZEEK_FILES,
    ZEEK_SMTP,
    ZEEK_X509,
    /* the other logs Zeek writes: addresses from id.orig_h and id.resp_h,
     * the log's own name as the event type (zeek_log_name) */
    ZEEK_NOTICE,
    ZEEK_WEIRD,
    ZEEK_OTHER_LAST = ZEEK_X509 + 40, /* room for the names in match_zeek.c */
} zeek_log;

#define ZEEK_MAX_FIELDS 128

/* The state of a Zeek TSV file: what its '#' header lines said. */
typedef struct zeek_hdr {
    char sep[8];
    size_t sep_len;
    char set_sep[8];
    size_t set_sep_len;
    char unset[16];
    size_t unset_len;
    char empty[16];
    size_t empty_len;
    zeek_log log;
    int nfields;      /* 0 until a #fields line was seen */
    char names[4096]; /* the field names, NUL-separated */
    const char *field[ZEEK_MAX_FIELDS];
    size_t field_len[ZEEK_MAX_FIELDS];
} zeek_hdr;

/* Defaults (tab, ',', '-', "(empty)") and a log type guessed from the file name. */
void zeek_hdr_init(zeek_hdr *h, const char *input_name);
/* Apply one '#' line (#separator, #set_separator, #unset_field,
 * #empty_field, #path, #fields; others ignored). */
void zeek_hdr_line(zeek_hdr *h, const char *line, size_t len);
/* The log type from a file name ("conn.log", "x-dns.log", "http.00:00.log"). */
zeek_log zeek_log_from_name(const char *name);
const char *zeek_log_name(zeek_log l);

/* A TSV data line under header h. */
int match_extract_zeek_tsv(const zeek_hdr *h, const char *line, size_t len, match_event *e,
                           const char **why);
/* A JSON line; log is the type from the file name or ZEEK_UNKNOWN (then
 * guessed from the fields present). */
int match_extract_zeek_json(zeek_log log, const char *line, size_t len, match_event *e,
                            const char **why);

/* ---- syslog, CEF and any text (match_text.c) --------------------------- */

/*
 * syslog (RFC 3164 and 5424: the header gives ts and event type "syslog"),
 * CEF (the header fields, then the named extension keys src, dst, shost,
 * dhost, request, fileHash, suser, duser, ... as fields; event type "cef"),
 * and any text: every token that looks like an address, a name, a URL, a
 * hash or an e-mail address, as field "text" with kind MATCH_TOKEN.
 */
int match_extract_text(match_format f, const char *line, size_t len, match_event *e,
                       const char **why);

/*
 * One line of a log in format fmt (not MATCH_FMT_AUTO; no line end) into
 * e: 0 an event, 1 no event (a blank line, or a Zeek '#' header, applied
 * to zh), -1 not parsed (*why says why or stays NULL). zlog: the Zeek log
 * type from the file name (match_extract_zeek_json).
 */
int match_extract_line(match_format fmt, zeek_hdr *zh, zeek_log zlog, const char *p, size_t n,
                       match_event *e, const char **why);

/* ---- detection (match_detect.c) ------------------------------------------ */

/* The time of an event as its log wrote it (Zeek epoch seconds, ISO 8601); fallback otherwise. */
int64_t match_event_time(match_slice ts, int64_t fallback);

/* Guess the format from the first non-empty lines of an input. */
match_format match_detect(const char *data, size_t len);

/* ---- the snapshot's parts (match_snapshot.c, match_snapfile.c) ---------- */

#include <stdatomic.h>

#define EMPTY UINT32_MAX /* a free slot of a table */

typedef struct table {
    uint64_t *keys;
    uint32_t *vals;
    size_t mask; /* capacity - 1; 0 when unused */
    size_t n;
    size_t want; /* entries counted before the build sizes the table */
    /*
     * A Bloom filter in front of the table (about 16 bits an entry, two
     * bits a key): most lookups are misses, and this answers them from a
     * small, cache-resident bitmap instead of a probe into a big table.
     */
    uint64_t *bloom;
    size_t bloom_mask; /* bits - 1 */
} table;

typedef struct cidr_len {
    int len; /* prefix length in its own family (0..32 or 0..128) */
    table t;
} cidr_len;

/* 24 bytes an indicator; strings are offsets into the blob (0: none). */
typedef struct packed_ind {
    uint32_t value_off, sources_off, stix_off;
    uint8_t type, tlp;
    int8_t confidence;
    uint8_t pad;
    int64_t store_id;
} packed_ind;

struct match_snapshot {
    atomic_int refs;
    packed_ind *ind;
    uint32_t n, cap;
    char *blob; /* NUL-terminated strings back to back; blob[0] = '\0' */
    size_t blob_len, blob_cap;
    table names, urls, emails, md5, sha1, sha256, v4, v6;
    cidr_len c4[33], c6[129];
    int c4_lens[33], n_c4; /* prefix lengths present, longest first */
    int c6_lens[129], n_c6;
    size_t value_bytes;
    int64_t next_expiry;
    /* a snapshot loaded from its compiled form (match_snapfile.c): the
     * arrays above point into img, which release gives back (the tables
     * are not freed one by one) */
    void *img;
    size_t img_len;
    void (*release)(void *img, size_t len);
    /* interned source lists during the build */
    table src_intern;
    const char **src_strs;
    size_t nsrc, src_cap;
};

/* The tables of a snapshot by number: 0-7 the fixed ones (names, urls,
 * emails, md5, sha1, sha256, v4, v6), then the IPv4 networks by prefix
 * length 0-32, then the IPv6 ones 0-128. */
#define SNAP_TABLES (8 + 33 + 129)
table *match_snap_table(match_snapshot *s, int which);
/* Fill the lists of prefix lengths present (c4_lens, c6_lens), longest first. */
void match_snap_lens(match_snapshot *s);

#endif
