/*
 * feed_internal.h: what the feed parsers share. Not part of the public API.
 *
 * A parse runs with one feed_ctx: the input's name, the options and sink,
 * scratch buffers that are reused for every record (the where string, the
 * labels, the normal form of the value), so that the line formats allocate
 * nothing per line once the buffers have grown.
 */
#ifndef GISAC_FEED_INTERNAL_H
#define GISAC_FEED_INTERNAL_H

#include "feed/feed.h"
#include "feed/feed_sandbox.h"

#include <jansson.h>

/* progress is reported each time this many more bytes have been consumed */
#define FEED_PROGRESS_STEP 65536
/* at most this many labels are kept for one record; more are dropped */
#define FEED_MAX_LABELS 64
/* how much of a rejected value its message shows (bytes) */
#define FEED_SHOWN 120

typedef struct feed_labels {
    gisac_buf text; /* NUL-separated label strings */
    size_t off[FEED_MAX_LABELS];
    const char *ptr[FEED_MAX_LABELS];
    size_t n;
} feed_labels;

typedef struct feed_ctx {
    const char *name; /* the input's name, for where strings */
    const feed_opts *opts;
    const feed_sink *sink;
    gisac_err *err;
    size_t total;         /* input size, for progress */
    size_t next_progress; /* next progress report when done reaches this */
    int quiet_progress;   /* 1: report no progress (a file inside a MISP dir) */
    gisac_buf where;      /* "NAME:LINE" / "NAME: $.path" of the current record */
    gisac_buf where2;     /* a second where (rejects of a JSON sub-path) */
    gisac_buf msg;        /* scratch for messages */
    feed_labels labels;
    gisac_err verr; /* error of the last normalisation */
    char value[IOC_VALUE_MAX];
} feed_ctx;

/* ---- feed.c: shared helpers --------------------------------------------- */

void feed_record_init(feed_record *r);

/* report progress if done has passed the next step */
void feed_progress_at(feed_ctx *c, size_t done);
static inline void feed_progress(feed_ctx *c, size_t done)
{
    if (done >= c->next_progress)
        feed_progress_at(c, done);
}

void feed_reject(feed_ctx *c, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void feed_unsupported(feed_ctx *c, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void feed_warn(feed_ctx *c, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "NAME:LINE" into c->where (no allocation once the buffer has grown) */
const char *feed_where_line(feed_ctx *c, size_t line);
/* "NAME: " followed by the formatted JSON path, into c->where or c->where2 */
const char *feed_where_json(feed_ctx *c, gisac_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Normalise in[0..len) as want into c->value. Returns 1 on success (type
 * and warn set), 0 when the value was rejected (the reject callback was
 * called with where and the reason).
 */
int feed_norm(feed_ctx *c, ioc_type want, const char *in, size_t len, const char *where,
              ioc_type *type, unsigned *warn);
/*
 * Hand r (whose value is c->value) to the sink: a warning first for host
 * bits, then the record callback. in is the value as written, for the
 * warning. Returns 0 or the negative code of the record callback.
 */
int feed_send(feed_ctx *c, feed_record *r, const char *in, size_t len);
/* feed_norm then feed_send; a rejected value returns 0 */
int feed_emit(feed_ctx *c, feed_record *r, ioc_type want, const char *in, size_t len,
              const char *reject_where);

/* labels: reset, add one (trimmed; empty, "None" and duplicates skipped),
 * add a comma separated list, add the strings of a JSON array (other
 * elements and a non-array skipped), and point r at them. 0 or GISAC_ENOMEM. */
void feed_labels_reset(feed_labels *l);
int feed_labels_add(feed_labels *l, const char *s, size_t len);
int feed_labels_add_list(feed_labels *l, const char *s, size_t len, char sep);
int feed_labels_add_array(feed_labels *l, const json_t *a);
void feed_labels_apply(feed_labels *l, feed_record *r);

/* the error for malformed JSON: "NAME:LINE:COLUMN: reason" */
int feed_json_error(feed_ctx *c, const json_error_t *je);
int feed_nomem(feed_ctx *c);

/* JSON helpers: a string member or NULL (empty strings are NULL when
 * nonempty is set); a boolean in any of MISP's spellings; a time. */
const char *feed_json_str(const json_t *o, const char *key, int nonempty);
int feed_json_bool(const json_t *v, int def);
int64_t feed_json_time(const json_t *v);

/* 1 when s[0..len) is one of the known CSV column names */
int feed_csv_known_name(const char *s, size_t len);
/* 1 when the line (without its leading '#') looks like a CSV header */
int feed_csv_header_like(const char *s, size_t len);

/* the case-insensitive compare of s[0..len) with the NUL-terminated lit */
int feed_ieq(const char *s, size_t len, const char *lit);

/* ---- the parsers -------------------------------------------------------- */

int feed_parse_plain(feed_ctx *c, const char *d, size_t n);
int feed_parse_csv(feed_ctx *c, const char *d, size_t n);
int feed_parse_ndjson(feed_ctx *c, const char *d, size_t n);
int feed_parse_stix(feed_ctx *c, const char *d, size_t n);
int feed_parse_misp(feed_ctx *c, const char *d, size_t n);

/* ---- feed.c / feed_sandbox.c: running a parse ---------------------------- */

/*
 * Parse in this process with the built-in parser of the format (opts->kind
 * NULL or FEED_SANDBOX_KIND). quiet: no progress reports (a file inside a
 * MISP directory).
 */
int feed_parse_here(const char *name, const char *data, size_t len, const feed_opts *opts,
                    const feed_sink *sink, gisac_err *err, int quiet);
/* The same in the sandbox's parse helper (opts->sandbox; feed_sandbox.h). */
int feed_parse_sandboxed(const char *name, const char *data, size_t len, const feed_opts *opts,
                         const feed_sink *sink, gisac_err *err, int quiet);

/*
 * The parent's side of a sandboxed parse: what the child sent, checked
 * and handed to sink. The frames (tags FEED_FRAME_*) are
 *   record       u8 type, i8 tlp, u8 matchable, u8 0, i32 confidence,
 *                u32 warn, i64 first_seen, last_seen, valid_from,
 *                valid_until, u32 nlabels, then the strings value, stix_id,
 *                name, description, created_by, where and the labels
 *   reject, unsupported, warn   the strings where, message
 *   progress     u64 done, u64 total
 * where a string is a u32 length with its NUL and the bytes (a NUL last
 * and nowhere else), or the length 0 for none. Everything is checked: the
 * value must be the normal form of its type, the numbers in their ranges,
 * the frame used to its last byte.
 */
enum {
    FEED_FRAME_RECORD = 1,
    FEED_FRAME_REJECT,
    FEED_FRAME_UNSUPPORTED,
    FEED_FRAME_WARN,
    FEED_FRAME_PROGRESS,
};

typedef struct feed_frames {
    const char *name; /* the input, for messages */
    const feed_sink *sink;
    const char **labels; /* scratch for a record's labels */
    size_t labels_cap;
    char value[IOC_VALUE_MAX];
} feed_frames;

/* 0, the code the sink's record callback returned, or GISAC_EABORT for a bad frame */
int feed_frame_take(feed_frames *f, unsigned tag, const unsigned char *p, size_t n, gisac_err *err);
void feed_frames_free(feed_frames *f);

#endif
