/*
 * feed: parsers for threat-intelligence feeds. Pure: bytes in, records out
 * through callbacks. No database, no printing.
 *
 * Formats:
 *   plain   one value a line, type detected per line; '#' and ';' start
 *           comments (at line start or after white space), blank lines skipped;
 *           the first white-space separated token is the value
 *           (so Spamhaus "1.10.16.0/20 ; SBL256894" works)
 *   csv     RFC 4180 CSV with a header row; '#' lines before the header are
 *           a banner (abuse.ch), and a '#' line that looks like a header
 *           ("# id,dateadded,url,...") is taken as the header. The value
 *           column is opts->column, or detected from known names (value,
 *           indicator, ioc, url, dst_ip, ip, ip_address, cidr, network,
 *           domain, hostname, host, sha256, sha256_hash, sha1, md5,
 *           md5_hash, email), or from the content. Known metadata columns:
 *           first_seen/first_seen_utc/dateadded -> first_seen,
 *           last_seen/last_online -> last_seen, malware/threat/tags ->
 *           labels.
 *   ndjson  one JSON object a line; the value is taken from the first of
 *           opts->column, "value", "indicator", "cidr", "ip", "domain",
 *           "url"; objects without one (such as Spamhaus's trailing
 *           {"type":"metadata",...}) are skipped, not rejected.
 *   stix    a STIX 2.1 bundle (or a single object, or an array of objects):
 *           indicator patterns of equality comparisons on ipv4-addr:value,
 *           ipv6-addr:value, domain-name:value, url:value,
 *           file:hashes.MD5 / 'SHA-1' / 'SHA-256', email-addr:value, joined
 *           by OR or AND, and ipv4-addr/ipv6-addr ISSUBSET 'cidr'; other
 *           patterns -> unsupported. SCOs of those types -> records.
 *           Keeps id, name, description, indicator_types/labels,
 *           valid_from/valid_until, confidence, TLP marking (TLP 1.0 and
 *           2.0 marking-definition ids, and marking objects in the bundle),
 *           created_by_ref.
 *   misp    a MISP event ({"Event": {...}} or the bare event object, or
 *           {"response": [{"Event":...}]}); attributes of the event and of
 *           its objects; ip-src/ip-dst (and "|port"), domain, hostname, url,
 *           md5/sha1/sha256 (and "filename|hash"), email-src (and
 *           email-dst, email); to_ids=false -> matchable = 0; tlp:* tags on
 *           the attribute, else the event, map to TLP; deleted attributes
 *           are skipped; other types -> unsupported.
 *
 * Locations ("where") name the input as "NAME:LINE" for line formats and
 * "NAME: $.objects[3].pattern" (a JSON path) for JSON formats. Malformed
 * JSON is reported as "NAME:LINE:COLUMN: reason".
 */
#ifndef GISAC_FEED_H
#define GISAC_FEED_H

#include "base/base.h"
#include "ioc/ioc.h"

typedef enum feed_format {
    FEED_AUTO = 0,
    FEED_PLAIN,
    FEED_CSV,
    FEED_NDJSON,
    FEED_STIX,
    FEED_MISP,
} feed_format;

/* "auto", "plain", "csv", "ndjson", "stix", "misp" */
const char *feed_format_name(feed_format f);
int feed_format_from_name(const char *name, feed_format *out);

/*
 * One indicator as a parser found it. Strings are valid only during the
 * callback (the receiver copies what it keeps). Unknown numbers are 0
 * (times) or -1 (confidence); unknown strings are NULL.
 */
typedef struct feed_record {
    ioc_type type;
    const char *value; /* normal form (ioc_normalise) */
    unsigned warn;     /* IOC_WARN_* from normalisation */
    const char *stix_id;
    const char *name;
    const char *description;
    const char *const *labels; /* nlabels strings */
    size_t nlabels;
    const char *created_by;
    /* the record's own source, when the format names one (a MISP event's
     * Orgc): the import's source unless the caller names one; NULL: the file's */
    const char *source;
    int64_t first_seen, last_seen, valid_from, valid_until;
    int confidence; /* 0..100, or -1 */
    gisac_tlp tlp;  /* or TLP_UNSET */
    int matchable;  /* 0: context only (MISP to_ids=false) */
    const char *where;
} feed_record;

/*
 * The receiver. Every callback may be NULL. record returns 0 to go on or a
 * negative code to stop the parse (feed_parse then returns that code).
 */
typedef struct feed_sink {
    void *ctx;
    int (*record)(void *ctx, const feed_record *r);
    /* a line or object that could not be used: bad value, bad row */
    void (*reject)(void *ctx, const char *where, const char *reason);
    /* well formed but not something gisac imports (a pattern, a type) */
    void (*unsupported)(void *ctx, const char *where, const char *what);
    /* accepted with a remark (host bits cleared, ...) */
    void (*warn)(void *ctx, const char *where, const char *msg);
    /* bytes consumed so far of total, called now and then */
    void (*progress)(void *ctx, size_t done, size_t total);
} feed_sink;

struct feed_opts;
/*
 * A parser of bytes with feed_parse's contract (feed_parse itself, or a
 * parser of another format that reports feed records), as a kind of the
 * parse helper runs it (feed_sandbox_serve).
 */
typedef int (*feed_parse_fn)(const char *name, const char *data, size_t len,
                             const struct feed_opts *opts, const struct feed_sink *sink,
                             gisac_err *err);

typedef struct feed_opts {
    feed_format format; /* FEED_AUTO: detect */
    const char *column; /* csv/ndjson value column, or NULL */
    /*
     * 1: parse in a sandboxed child process (src/sandbox, docs/sandbox.md):
     * the bytes are parsed where no file, database, key or network can be
     * reached, and every record, reject and message the child sends back is
     * checked before the sink sees it. The results are those of the parse
     * in this process; a parser that tries a forbidden system call or runs
     * out of CPU time fails the parse with GISAC_EABORT.
     */
    int sandbox;
    unsigned sandbox_cpu_seconds; /* 0: SANDBOX_CPU_DEFAULT */
    /*
     * The parse helper's kind of work that parses (sandbox_kind,
     * feed_sandbox.h; a string that outlives the parse); NULL: "feed", the
     * built-in parsers. Only those run in this process (sandbox 0): another
     * kind fails with GISAC_EUNSUPPORTED.
     */
    const char *kind;
} feed_opts;
/*
 * For csv, column may also be a 1-based column number ("3") when no header
 * field has that name (a file without a header row is recognised by a first
 * row that holds an indicator and no known column name).
 */

/* Guess the format of a buffer (name is used for its extension only). */
feed_format feed_detect(const char *name, const char *data, size_t len);

/*
 * Parse data[0..len) (need not be NUL-terminated) named name. Returns 0
 * when the input as a whole could be read (rejected lines or objects do not
 * make it fail), GISAC_EINVAL when it could not (malformed JSON, no value
 * column in a CSV, ...) with the reason and place in err, or the code a
 * record callback returned.
 */
int feed_parse(const char *name, const char *data, size_t len, const feed_opts *opts,
               const feed_sink *sink, gisac_err *err);

/*
 * Parse a file, or a MISP feed directory (manifest.json and one
 * UUID.json per event listed in it). "-" is stdin.
 */
/*
 * In a MISP feed directory an event file that is missing, unreadable or
 * malformed, and a manifest key that is not a UUID, are rejects (where is
 * the file's path), not errors; progress then counts events (done of the
 * total listed in manifest.json) rather than bytes.
 */
int feed_parse_path(const char *path, const feed_opts *opts, const feed_sink *sink, gisac_err *err);

#endif
