/*
 * base: the bottom layer every other module stands on.
 *
 *   errors      GISAC_E* codes and an error struct with a human message
 *   gisac_buf   a growable byte buffer
 *   gisac_arena a bump allocator, freed or reset as a whole
 *   time        the clock (GISAC_NOW overrides it), ISO 8601 in and out
 *   digests     MD5, SHA-1 (for MISP hashes and UUIDv5), SHA-256
 *   uuid        random (v4) and name-based (v5) UUIDs
 *   files       read a whole file; write one atomically (temp + rename)
 *   jsonx       a strict, zero-allocation JSON leaf walker for the hot path
 *
 * Ownership: every *_new has a *_free; buffers and arenas own their memory
 * and hand out pointers that live until the next reset or free.
 * Nothing here prints, exits or aborts.
 */
#ifndef GISAC_BASE_H
#define GISAC_BASE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifndef GISAC_VERSION
#define GISAC_VERSION "0.0.0"
#endif

/* ---- errors ------------------------------------------------------------ */

enum {
    GISAC_OK = 0,
    GISAC_EINVAL = -1,       /* bad input: a value, a file, an option */
    GISAC_ENOMEM = -2,       /* out of memory */
    GISAC_EIO = -3,          /* a read or write failed */
    GISAC_ENOTFOUND = -4,    /* the thing asked for does not exist */
    GISAC_EEXIST = -5,       /* it exists already */
    GISAC_ESTORE = -6,       /* the database failed */
    GISAC_EUNSUPPORTED = -7, /* well formed, but not something we handle */
    GISAC_EFORBIDDEN = -8,   /* not allowed for this caller (role, agency) */
    GISAC_EABORT = -9,       /* stopped on purpose (e.g. --strict) */
    GISAC_ECONFLICT = -10,   /* the object's state does not allow this step */
    GISAC_EBUSY = -11,       /* too many attempts or too busy now: try again later */
};

#define GISAC_ERR_MSG   512
#define GISAC_ERR_FIELD 128

/*
 * An error: its code, a human message that names the place, and the input
 * field it concerns (a JSON path such as "$.aware_at" or
 * "$.indicators[2].value"; "" when it concerns no one field). Front ends
 * map the code to their own status (HTTP: one table in src/http) and show
 * the field in their own way (the JSON path of an answer, a form field).
 */
typedef struct gisac_err {
    int code;
    char msg[GISAC_ERR_MSG];
    char field[GISAC_ERR_FIELD];
} gisac_err;

#define GISAC_ERR_INIT                                                                             \
    {                                                                                              \
        0, "", ""                                                                                  \
    }

/* Fill *e (which may be NULL; the field is cleared) and return code. */
int gisac_err_set(gisac_err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same, naming the field (a JSON path, "$.name"; NULL: none). */
int gisac_err_at(gisac_err *e, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void gisac_err_clear(gisac_err *e);
/* A short English text of a code ("not found"). */
const char *gisac_strerror(int code);
/* The code's stable name for machines ("not_found", "conflict", ...). */
const char *gisac_errname(int code);

/* ---- name tables ------------------------------------------------------- */

/*
 * An enum's names as a table indexed by its values (designated
 * initialisers; a gap is NULL). GISAC_NAMES_N(t) is the table's length.
 */
#define GISAC_NAMES_N(t) (sizeof(t) / sizeof((t)[0]))
/* names[v], or dflt when v is outside the table or names[v] is NULL. */
const char *gisac_name_of(const char *const *names, size_t n, int v, const char *dflt);
/* The first v from `from` on with names[v] equal to name (ASCII case
 * ignored when nocase), or -1; a NULL name is never found. */
int gisac_name_find(const char *const *names, size_t n, int from, const char *name, int nocase);

/* ---- buffer ------------------------------------------------------------ */

typedef struct gisac_buf {
    char *data; /* always NUL-terminated when len > 0 or after any append */
    size_t len;
    size_t cap;
} gisac_buf;

#define GISAC_BUF_INIT                                                                             \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

int gisac_buf_reserve(gisac_buf *b, size_t extra);
int gisac_buf_append(gisac_buf *b, const void *p, size_t n);
int gisac_buf_puts(gisac_buf *b, const char *s);
int gisac_buf_putc(gisac_buf *b, char c);
int gisac_buf_printf(gisac_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int gisac_buf_vprintf(gisac_buf *b, const char *fmt, va_list ap);
/* Append s as a JSON string literal, quotes included; a byte that is not
 * valid UTF-8 becomes \ufffd, so the output is always valid JSON. */
int gisac_buf_json_str(gisac_buf *b, const char *s);
/*
 * The escape of byte c in a JSON string, NUL-terminated into e: \" and \\,
 * the short forms \b \f \n \r \t, \u00XX (upper-case hex) for the other
 * control characters; 1, or 0 (e empty) when c is not escaped (c >= 0x20).
 */
int gisac_json_escape(unsigned char c, char e[7]);
void gisac_buf_reset(gisac_buf *b);
void gisac_buf_free(gisac_buf *b);

/*
 * A caller's typed callback and its context, carried as the context of
 * an iteration that maps each row before handing it on (a service over
 * its store). fn holds the caller's callback converted to a generic
 * function pointer; the forwarder converts it back to that same type.
 */
typedef struct gisac_relay {
    void (*fn)(void);
    void *ctx;
} gisac_relay;
#define GISAC_RELAY(cb, ctx)                                                                       \
    {                                                                                              \
        (void (*)(void))(cb), (ctx)                                                                \
    }
/*
 * Defines NAME, an iteration callback `int NAME(void *relay, const ROW *row)`
 * that maps row into a local OUT with MAP(&out, row) and returns what the
 * relay's callback, of type CB (int (*)(void *ctx, const OUT *)), returns.
 */
#define GISAC_RELAY_MAP(NAME, ROW, OUT, MAP, CB)                                                   \
    static int NAME(void *relay, const ROW *row)                                                   \
    {                                                                                              \
        const gisac_relay *r_ = relay;                                                             \
        OUT out_;                                                                                  \
        MAP(&out_, row);                                                                           \
        return ((CB)r_->fn)(r_->ctx, &out_);                                                       \
    }

/*
 * A small flat JSON object built member by member (an audit detail):
 * GISAC_JOBJ_INIT, then gisac_jobj_* calls, then gisac_jobj_end. Out of
 * memory is sticky in bad; the members keep the order of the calls.
 */
typedef struct gisac_jobj {
    gisac_buf b;
    int bad;
} gisac_jobj;
#define GISAC_JOBJ_INIT                                                                            \
    {                                                                                              \
        GISAC_BUF_INIT, 0                                                                          \
    }
/* Opens a member (its key); the caller appends the value to j->b and ors
 * each append's result into j->bad. The gisac_jobj_* below use it. */
void gisac_jobj_key(gisac_jobj *j, const char *key);
/* A string member; NULL is JSON null. */
void gisac_jobj_str(gisac_jobj *j, const char *key, const char *val);
void gisac_jobj_int(gisac_jobj *j, const char *key, int64_t val);
/* A time member as ISO 8601 (gisac_time_format); 0 is null. */
void gisac_jobj_time(gisac_jobj *j, const char *key, int64_t t);
void gisac_jobj_bool(gisac_jobj *j, const char *key, int val);
/* An array of n integers. */
void gisac_jobj_ints(gisac_jobj *j, const char *key, const int64_t *v, size_t n);
/* Closes the object ("{}" when it has no member); its text, owned by j
 * (gisac_buf_free(&j->b) releases it), or NULL when out of memory. */
const char *gisac_jobj_end(gisac_jobj *j);

/*
 * Room for element n of the growable array v (*cap elements of size bytes,
 * first: the capacity of the first allocation): v when n < *cap, else v
 * doubled by realloc (*cap updated); NULL out of memory (v is kept).
 */
void *gisac_grow(void *v, size_t n, size_t *cap, size_t size, size_t first);

/*
 * Append the size bytes at item to a growable array: arrp is the address of
 * the array's pointer (T **, T of size bytes), *n its length, *cap and first
 * as for gisac_grow.  0, or GISAC_ENOMEM with the array, *n and *cap kept.
 */
int gisac_push(void *arrp, size_t *n, size_t *cap, size_t size, size_t first, const void *item);

/*
 * gisac_push for an iteration's callback: 0 when the item is appended; out
 * of memory, *oom set and 1 (stop the iteration).
 */
int gisac_push_or_stop(void *arrp, size_t *n, size_t *cap, size_t size, size_t first,
                       const void *item, int *oom);

/* ---- arena ------------------------------------------------------------- */

typedef struct gisac_arena gisac_arena;

gisac_arena *gisac_arena_new(size_t block_size);
void gisac_arena_free(gisac_arena *a);
/* Forget every allocation but keep the first block for reuse. */
void gisac_arena_reset(gisac_arena *a);
/* 16-byte aligned; NULL when out of memory. */
void *gisac_arena_alloc(gisac_arena *a, size_t n);
char *gisac_arena_strndup(gisac_arena *a, const char *s, size_t n);
char *gisac_arena_strdup(gisac_arena *a, const char *s); /* NULL in, NULL out */
size_t gisac_arena_used(const gisac_arena *a);

/*
 * Copies of the rows of an iteration, each with its strings copied into
 * an arena, so that they outlive the iteration: set size (of a row),
 * first (the first capacity) and arena, then gisac_rows_keep from the
 * iteration's callback. v holds n rows (the caller's row type); free(v)
 * and the arena are the caller's.
 */
typedef struct gisac_rows {
    void *v;
    size_t n, cap, size, first;
    gisac_arena *arena;
    int oom;
} gisac_rows;
/*
 * Appends row (size bytes) with its strings, the const char * members at
 * the offsets strs[0..nstrs), copied into the arena: 0, or 1 (stop the
 * iteration) with oom set when out of memory.
 */
int gisac_rows_keep(gisac_rows *l, const void *row, const size_t *strs, size_t nstrs);

/* ---- time -------------------------------------------------------------- */

/* Seconds since the epoch, UTC. GISAC_NOW (ISO 8601) overrides the clock. */
int64_t gisac_now(void);
/*
 * Parse a time: ISO 8601 / RFC 3339 ("2024-04-04T07:03:03Z", fractions and
 * offsets allowed), "YYYY-MM-DD HH:MM:SS" (taken as UTC: user input goes through
 * gisac_time_parse_in with the installation's zone), "YYYY-MM-DD", or
 * plain epoch seconds. Returns 0 or GISAC_EINVAL.
 */
int gisac_time_parse(const char *s, size_t len, int64_t *out);
/* "2024-04-04T07:03:03Z"; out must hold GISAC_TIME_LEN bytes. */
#define GISAC_TIME_LEN 32
void gisac_time_format(int64_t t, char out[GISAC_TIME_LEN]);
/* STIX wants millisecond precision: "2024-04-04T07:03:03.000Z". */
void gisac_time_format_ms(int64_t t, char out[GISAC_TIME_LEN]);
/* "2024-04-04" */
void gisac_date_format(int64_t t, char out[GISAC_TIME_LEN]);

/* ---- time zones (tz.c) ---------------------------------------------------- */

/*
 * A time zone loaded from its TZif file (RFC 8536, versions 1 to 4): the
 * transitions, their local time types and the footer's POSIX TZ rule for
 * the times after the last transition. Parsed by gisac itself, bounded
 * and checked (a hostile file is an error, never a crash); no setenv("TZ"),
 * tzset() or localtime(): a zone is a value, immutable once loaded, so any
 * number of threads may use one at once. NULL stands for UTC in every call
 * that takes a zone.
 *
 * Ownership: gisac_tz_load / gisac_tz_parse allocate; gisac_tz_free frees.
 */
typedef struct gisac_tz gisac_tz;
#define GISAC_TZ_NAME_MAX 64
/*
 * Load the zone name ("Asia/Taipei", "UTC") from $TZDIR or
 * /usr/share/zoneinfo. A name is letters, digits and "_+-./", no ".."
 * component and no leading '/'. "UTC" works without tzdata.
 */
int gisac_tz_load(const char *name, gisac_tz **out, gisac_err *err);
/* 1 when name has the shape gisac_tz_load accepts (nothing is read). */
int gisac_tz_name_ok(const char *name);
/* The same from the bytes of a TZif file (the fuzz target's entry). */
int gisac_tz_parse(const char *name, const void *data, size_t len, gisac_tz **out, gisac_err *err);
void gisac_tz_free(gisac_tz *tz);              /* NULL: nothing */
const char *gisac_tz_name(const gisac_tz *tz); /* "UTC" for NULL */
/* Seconds east of UTC at the instant t. */
int32_t gisac_tz_offset_at(const gisac_tz *tz, int64_t t);
/*
 * The instant of a local wall-clock time. A time that occurs twice (a
 * fold, clocks set back) is its first occurrence; a time that does not
 * occur (a gap, clocks set forward) is read with the offset in effect
 * before the gap, so it lands as far after the gap's start as it was
 * written ("02:30" in a one-hour spring-forward gap is 03:30 after it).
 * GISAC_EINVAL for fields out of range.
 */
int gisac_tz_local_to_utc(const gisac_tz *tz, int y, int mo, int d, int h, int mi, int s,
                          int64_t *out);
/* The local calendar fields of the instant t. */
typedef struct gisac_tm {
    int year, month, day, hour, min, sec; /* month 1-12, day 1-31 */
    int32_t offset;                       /* seconds east of UTC */
} gisac_tm;
void gisac_tz_split(const gisac_tz *tz, int64_t t, gisac_tm *out);
/*
 * gisac_time_parse read in the zone tz: an explicit offset, "Z" or " UTC"
 * wins, and plain epoch seconds are absolute; a date and time without an
 * offset is a local time in tz (gisac_tz_local_to_utc), a bare date local
 * midnight. tz NULL: UTC (gisac_time_parse).
 */
int gisac_time_parse_in(const char *s, size_t len, const gisac_tz *tz, int64_t *out);
/* "2026-12-06T20:00:00+08:00": local time with its offset (RFC 3339). */
void gisac_time_format_local(int64_t t, const gisac_tz *tz, char out[GISAC_TIME_LEN]);
/* "2026-12-06": the local date. */
void gisac_date_format_local(int64_t t, const gisac_tz *tz, char out[GISAC_TIME_LEN]);

/* ---- text -------------------------------------------------------------- */

/*
 * 1 when s[0..n) is valid UTF-8 (RFC 3629: no overlong forms, no encoded
 * surrogates, nothing above U+10FFFF, nothing truncated), else 0. chars
 * (may be NULL) gets the number of code points. The same rule as the JSON
 * extractor's strings (jsonx.c).
 */
int gisac_utf8_valid(const char *s, size_t n, size_t *chars);
/*
 * The length of the UTF-8 character at s, which has n > 0 bytes: 1 for
 * ASCII, 2 to 4, or 0 when it is not valid UTF-8 (the rule above).
 */
size_t gisac_utf8_char_len(const char *s, size_t n);

/*
 * The length in bytes of the longest prefix of the NUL-terminated s that
 * has at most max bytes and does not end inside a UTF-8 sequence: cut
 * there, a message never splits a character ("%.*s", (int)len, s).
 */
size_t gisac_utf8_prefix(const char *s, size_t max);
/*
 * Copies s to out (cap > 0 bytes, NUL-terminated), each byte that is not
 * valid UTF-8 replaced by U+FFFD, stopping before a character that would
 * not fit. Returns the length written.
 */
size_t gisac_utf8_scrub(const char *s, char *out, size_t cap);
/* Cuts an incomplete UTF-8 sequence off the end of s (after a truncating
 * snprintf). */
void gisac_utf8_trim(char *s);

/*
 * Keyset cursors, opaque to clients: n values as lower-case hex joined by
 * '.' ("18f3a2c1.2a"), cut to cap bytes. gisac_cursor_parse takes exactly
 * n such fields of 1 to 15 digits each: 0, or -1 for anything else.
 */
void gisac_cursor_make(const int64_t *v, size_t n, char *out, size_t cap);
int gisac_cursor_parse(const char *s, int64_t *v, size_t n);

/* ---- digests ----------------------------------------------------------- */

void gisac_md5(const void *p, size_t n, uint8_t out[16]);
void gisac_sha1(const void *p, size_t n, uint8_t out[20]);
void gisac_sha256(const void *p, size_t n, uint8_t out[32]);
/* Lower-case hex of n bytes into out (2n+1 bytes). */
void gisac_hex(const uint8_t *p, size_t n, char *out);

/* ---- uuid -------------------------------------------------------------- */

#define GISAC_UUID_LEN 37 /* 36 characters and a NUL */
/* Random UUID (version 4). Returns 0, or GISAC_EIO if no randomness. */
int gisac_uuid4(char out[GISAC_UUID_LEN]);
/* Name-based UUID (version 5, SHA-1) of name in namespace ns. */
void gisac_uuid5(const uint8_t ns[16], const void *name, size_t len, char out[GISAC_UUID_LEN]);
/* The gisac namespace, used for ids derived from content. */
extern const uint8_t GISAC_UUID_NS[16];
/* 1 when s is a well-formed lower- or upper-case UUID text, else 0. */
int gisac_uuid_valid(const char *s, size_t len);

/* ---- the installation's identity (identity.c) -------------------------- */

/*
 * Who an installation is in what it shares (docs/taxii.md, "Identity"):
 * the STIX identity "identity--UUID" named name, creator of every STIX
 * object the installation writes, and the namespace of the ids it derives
 * by UUIDv5 (indicators, advisories, vulnerabilities). The namespace is
 * UUIDv5(GISAC_UUID_NS, "installation:" + UUID), except for the identity
 * every installation had before identities were chosen per installation
 * (GISAC_IDENTITY_LEGACY_UUID), whose namespace stays GISAC_UUID_NS so
 * that an upgraded installation keeps the ids it has published.
 */
#define GISAC_IDENTITY_LEGACY_UUID "881c1891-6d33-5202-a7b6-7beed82cb4a8"
#define GISAC_IDENTITY_NAME_MAX    201 /* 200 bytes and a NUL */
typedef struct gisac_identity {
    char uuid[GISAC_UUID_LEN]; /* lower case */
    char name[GISAC_IDENTITY_NAME_MAX];
    int64_t created, modified; /* the identity object's times (epoch seconds) */
    uint8_t ns[16];            /* the namespace of derived ids */
} gisac_identity;
/* The legacy identity ("gisac", GISAC_IDENTITY_LEGACY_UUID, created and
 * modified 2024-01-01): what a renderer given no identity uses. */
const gisac_identity *gisac_identity_legacy(void);
/*
 * Fill *out from a UUID text and a name (NULL or "": "gisac"); GISAC_EINVAL
 * naming "$.uuid" or "$.name" when the UUID is not one (or is all zero) or
 * the name is longer than 200 bytes, not UTF-8 or has a control character.
 */
int gisac_identity_make(const char *uuid, const char *name, int64_t created, int64_t modified,
                        gisac_identity *out, gisac_err *err);
/* "identity--" + uuid into out (GISAC_IDENTITY_ID_LEN bytes). */
#define GISAC_IDENTITY_ID_LEN (10 + GISAC_UUID_LEN)
void gisac_identity_id(const gisac_identity *id, char out[GISAC_IDENTITY_ID_LEN]);
/* UUIDv5 in the identity's namespace (NULL: the legacy one). */
void gisac_identity_uuid5(const gisac_identity *id, const void *name, size_t len,
                          char out[GISAC_UUID_LEN]);
/* {"id":"identity--UUID","uuid","name","created","modified"} (RFC 3339) */
int gisac_identity_to_json(const gisac_identity *id, gisac_buf *out);

/* ---- content codings (inflate.c) -------------------------------------- */

typedef enum gisac_coding {
    GISAC_CODING_IDENTITY,
    GISAC_CODING_GZIP,    /* "gzip", "x-gzip" (RFC 1952; members one after another) */
    GISAC_CODING_DEFLATE, /* "deflate": the zlib format (RFC 1950), or raw deflate */
} gisac_coding;

/* An HTTP Content-Encoding name (case-insensitive; NULL or "": identity):
 * 0, or GISAC_EUNSUPPORTED. */
int gisac_coding_parse(const char *name, gisac_coding *out);
/*
 * Decode n bytes of in into out (reset first; NUL-terminated), at most max
 * bytes decoded: 0; GISAC_EINVAL for corrupt or truncated data (the
 * message names the byte); GISAC_EABORT once more than max bytes would
 * come (nothing more is decoded: a decompression bomb costs max bytes).
 */
int gisac_decode(gisac_coding c, const void *in, size_t n, size_t max, gisac_buf *out,
                 gisac_err *err);

/* ---- files ------------------------------------------------------------- */

/* path followed by suffix ("<db>.key"): malloc'd (the caller frees it), NULL out of memory. */
char *gisac_path_suffix(const char *path, const char *suffix);
/* Read all of path into b (appended). "-" reads stdin. */
int gisac_read_file(const char *path, gisac_buf *b, gisac_err *err);
/*
 * Atomic replace: write to "PATH.tmp.XXXXXX" beside path, fsync, rename.
 * On any failure the temp file is removed and path is untouched.
 */
int gisac_write_file_atomic(const char *path, const void *p, size_t n, gisac_err *err);
/* Write all n bytes at p to fd, again after EINTR and short writes; 0, or
 * -1 when write fails (errno says why) or writes nothing. */
int gisac_write_all(int fd, const void *p, size_t n);
/* fsync the directory path is in (a rename into it is then durable); 0, or -1 (errno). */
int gisac_sync_dir(const char *path);

/*
 * A secret key file: exactly len bytes, a regular file that group and others
 * may neither read nor write. The names go into the messages: name "server
 * key" ("the server key is open to group or others ..."), a_name "a gisac
 * server key" ("not a gisac server key (32 bytes expected)"), missing "no
 * server key".
 */
typedef struct gisac_key_file {
    const char *path;
    size_t len;
    const char *name;
    const char *a_name;
    const char *missing;
} gisac_key_file;
/*
 * Read the key file into key (f->len bytes). When it does not exist and fresh
 * is given (f->len new random bytes), it is made from fresh: written whole to
 * a private temporary file (mode 0600), synced, then link()ed into place, so
 * the key appears whole and once even when two processes race (the loser
 * reads the winner's key). Without fresh a missing file is GISAC_ENOTFOUND;
 * a file of another size, not regular or open to others is GISAC_EINVAL.
 */
int gisac_key_file_load(const gisac_key_file *f, const unsigned char *fresh, unsigned char *key,
                        gisac_err *err);

/* ---- jsonx: a zero-allocation JSON leaf walker ------------------------- */

/*
 * jsonx_walk validates one JSON text (one log line) strictly and calls back
 * once per leaf (string, number, true, false, null) in document order. It
 * allocates nothing and does not recurse: its state (a 64-level stack and
 * the current path) lives in its own stack frame, about 700 bytes.
 *
 * Strict RFC 8259: one value with optional surrounding whitespace (space,
 * tab, CR, LF); no comments, trailing commas, leading zeros, "1.", ".5",
 * "+1"; no unescaped control characters (< 0x20) in strings; only the
 * escapes \" \\ \/ \b \f \n \r \t \uXXXX; a \u escape of a surrogate must
 * be a high surrogate directly followed by a \u low surrogate (a lone
 * surrogate is an error, as in jansson); the whole text must be valid UTF-8
 * (no overlong forms, no encoded surrogates, nothing above U+10FFFF); no
 * byte order mark. Duplicate keys are allowed and every member is reported.
 * Any value may be the top-level one.
 *
 * Limits: containers nest at most JSONX_DEPTH_MAX (64) deep ("nesting
 * deeper than 64"); a path longer than JSONX_PATH_MAX (512) bytes is an
 * error ("path too long") even when no leaf would carry it.
 *
 * Path of a leaf: the object keys that lead to it, unescaped, joined by
 * '.'; each array level appends "[]" to the path of the array: {"dns":
 * {"answers":[{"rdata":"x"}]}} gives "dns.answers[].rdata", [1] gives "[]",
 * {"a":[[1]]} gives "a[][]", a top-level scalar gives "". Keys are copied as
 * they are, so paths are not unique for keys holding '.' or "[]" (and "" is
 * a key too: {"":{"b":1}} gives ".b").
 *
 * Differences from jansson (json_loadb, JSON_DECODE_ANY | JSON_ALLOW_NUL):
 * jansson rejects integers outside long long, reals that overflow a double,
 * NUL (\u0000) in object keys and nesting deeper than 2048; jsonx accepts
 * all of these (numbers are reported as text, not converted). jsonx rejects
 * nesting deeper than 64 and paths longer than 512 bytes; jansson does not.
 * jansson keeps only the last of duplicate keys, and (a jansson bug) skips
 * a NUL byte right after a number or literal ("[8\0]"), which jsonx rejects.
 */
#define JSONX_DEPTH_MAX 64
#define JSONX_PATH_MAX  512
#define JSONX_EINVAL    GISAC_EINVAL

enum { JSONX_STRING = 1, JSONX_NUMBER, JSONX_TRUE, JSONX_FALSE, JSONX_NULL };

typedef struct jsonx_leaf {
    const char *path; /* see above; NUL-terminated, valid during the callback only */
    size_t path_len;  /* bytes, without the NUL (a key may hold \u0000) */
    const char *raw;  /* the value's bytes in buf: strings without quotes, still escaped */
    size_t raw_len;
    int kind;    /* JSONX_STRING ... JSONX_NULL */
    int escaped; /* strings: raw holds a backslash escape (use jsonx_unescape); else 0 */
} jsonx_leaf;

/* Return 0 to go on; anything else stops the walk and is returned by it. */
typedef int (*jsonx_cb)(void *ctx, const jsonx_leaf *leaf);

/*
 * Walk buf[0..len) (not NUL-terminated; NULL is taken as empty). cb may be
 * NULL: then only validate. Returns 0 for a valid text, the callback's value when it stops
 * the walk, or JSONX_EINVAL. err_off and err_msg may be NULL. On
 * JSONX_EINVAL, *err_off is the byte offset of the first error: the
 * offending byte, the backslash of a bad escape, the first byte of an
 * invalid UTF-8 sequence, the '{' or '[' too deep, the key or '[' whose path
 * is too long, or len when the text ends early; *err_msg is a static
 * reason. When the callback stops the walk, *err_off is the offset of that
 * leaf's value (a string's opening quote) and *err_msg is NULL. Leaves
 * before an error have been reported: callers that must not act on an
 * invalid line validate first (cb NULL) or buffer what they see.
 */
int jsonx_walk(const char *buf, size_t len, jsonx_cb cb, void *ctx, size_t *err_off,
               const char **err_msg);

/*
 * Unescape a string leaf's raw bytes into out (cap bytes); NUL-terminated
 * when there is room. Returns the length, or -1 when out is too small or an
 * escape is invalid (including a lone surrogate). The result is never
 * longer than raw_len. Bytes other than escapes are copied unchecked: raw
 * is meant to come from a leaf, which jsonx_walk has validated.
 */
long jsonx_unescape(const char *raw, size_t raw_len, char *out, size_t cap);

/*
 * Durations: a number of seconds, or numbers each with a unit s, m, h, d,
 * w ("90s", "30m", "1h30m", "7d"). Parse: 0, GISAC_EINVAL (also beyond
 * 100 years). Format: the same units, largest first ("1h30m"; 0 -> "0s").
 */
int gisac_duration_parse(const char *s, int64_t *out);
#define GISAC_DURATION_LEN 48
void gisac_duration_format(int64_t secs, char out[GISAC_DURATION_LEN]);

#endif
