/*
 * match_text.c: syslog (RFC 3164 and RFC 5424), CEF, and any text.
 *
 * Any text is cut into tokens at whitespace and at the characters
 * " ' < > ( ) [ ] { } , ; | ` = ; a token that starts with a scheme
 * ("xxx://") is a URL and runs to the next whitespace, quote, '<' or '>'.
 * Trailing '.', ':', '!' and '?' are dropped. A token is kept (field "text",
 * kind MATCH_TOKEN; the matcher decides what it is) when it could be
 *
 *   a URL         scheme://...
 *   an e-mail     has an '@' that is neither first nor last
 *   a hash        32, 40 or 64 hex digits
 *   an IPv4       digits and exactly 3 dots
 *   an IPv6       hex digits, colons (a "::" or exactly 7) and dots
 *   a name        a '.', only letters, digits, '-', '_', '.' and non-ASCII
 *                 bytes, a first byte that is a letter, a digit, '_' or non-ASCII,
 *                 and a last label that starts with a letter or non-ASCII
 *
 * Any other token with a ':' is looked at again piece by piece between the
 * colons ("192.0.2.1:443", "host:evil.example").
 *
 * syslog: the header's time is the event's ts; the host, tag and other
 * header fields are the reporting device, not observations, so only the
 * rest (RFC 5424: structured data and message) is tokenised. A line without
 * a syslog header is tokenised whole.
 *
 * CEF: "CEF:Version|Vendor|Product|Version|SignatureID|Name|Severity|ext",
 * possibly after a syslog header. The Name is tokenised (field "name"); the
 * extension's key=value pairs (values may hold spaces and "\=" escapes; the
 * next pair starts at " key=") are observables by key:
 *
 *   src dst sourceTranslatedAddress destinationTranslatedAddress dvc  address
 *   shost dhost dvchost                     name (address when it is one)
 *   request                                 URL with a scheme, else token
 *   fileHash oldFileHash                    hash
 *   suser duser                             token (the whole value)
 *   rt                                      the event's ts (not an observable)
 *   anything else                           tokenised, field = the key
 *
 * src and dst are also the event's src_ip and dest_ip.
 */
#include "match/match_internal.h"

#include <string.h>

/* ---- character classes ------------------------------------------------- */

enum {
    C_SEP = 1 << 0,   /* cuts tokens */
    C_DIGIT = 1 << 1, /* 0-9 */
    C_HEX = 1 << 2,   /* a-f A-F */
    C_ALPHA = 1 << 3, /* the other letters */
    C_DOT = 1 << 4,
    C_COLON = 1 << 5,
    C_AT = 1 << 6,
    C_DASH = 1 << 7,   /* '-' '_' */
    C_HIGH = 1 << 8,   /* non-ASCII */
    C_OTHER = 1 << 9,  /* anything else */
    C_UEND = 1 << 10,  /* ends a URL: whitespace, quotes, '<', '>' */
    C_STRIP = 1 << 11, /* dropped at the end of a token: . : ! ? */
};

/* The class of every byte (control characters cut tokens and end URLs). */
#define U (C_SEP | C_UEND)
#define S C_SEP
#define D C_DIGIT
#define H C_HEX
#define A C_ALPHA
#define N C_HIGH
#define T (C_DOT | C_STRIP)
#define K (C_COLON | C_STRIP)
#define W C_AT
#define M C_DASH
#define Q (C_OTHER | C_STRIP)
#define O C_OTHER
static const uint16_t cc[256] = {
    U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,
    U, Q, U, O, O, O, O, U, S, S, O, O, S, M, T, O, D, D, D, D, D, D, D, D, D, D, K, S, U, S, U, Q,
    W, H, H, H, H, H, H, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, S, O, S, O, M,
    U, H, H, H, H, H, H, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, S, S, S, O, U,
    N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N,
    N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N,
    N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N,
    N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N,
};
#undef U
#undef S
#undef D
#undef H
#undef A
#undef N
#undef T
#undef K
#undef W
#undef M
#undef Q
#undef O

static inline uint16_t cls(unsigned char c)
{
    return cc[c];
}

/* ---- tokens ------------------------------------------------------------------ */

typedef struct tok_out {
    match_event *e;
    const char *field;
    size_t field_len;
} tok_out;

static void put(const tok_out *o, const char *p, size_t n)
{
    match_event_add(o->e, o->field, o->field_len, MATCH_TOKEN, p, n);
}

static unsigned mask_of(const char *p, size_t n)
{
    unsigned m = 0;
    for (size_t i = 0; i < n; i++)
        m |= cls((unsigned char)p[i]);
    return m;
}

static int ipv6_candidate(const char *p, size_t n)
{
    if (n > 45)
        return 0;
    int colons = 0, dcolon = 0;
    for (size_t i = 0; i < n; i++)
        if (p[i] == ':') {
            colons++;
            if (i + 1 < n && p[i + 1] == ':')
                dcolon = 1;
        }
    return dcolon || colons == 7 || (colons == 6 && memchr(p, '.', n));
}

#define NAME_CHARS (C_DIGIT | C_HEX | C_ALPHA | C_DOT | C_DASH | C_HIGH)

/* A token without ':' (m is its class mask). */
static void classify_plain(const tok_out *o, const char *p, size_t n, unsigned m)
{
    if (n < 3)
        return;
    if (m & C_AT) {
        if (p[0] != '@' && p[n - 1] != '@')
            put(o, p, n);
        return;
    }
    if (!(m & ~(unsigned)(C_DIGIT | C_HEX))) {
        if (n == 32 || n == 40 || n == 64)
            put(o, p, n);
        return;
    }
    if (!(m & ~(unsigned)(C_DIGIT | C_DOT | C_STRIP))) {
        int dots = 0;
        for (size_t i = 0; i < n; i++)
            dots += p[i] == '.';
        if (dots == 3)
            put(o, p, n);
        return;
    }
    if ((m & C_DOT) && !(m & ~(unsigned)(NAME_CHARS | C_STRIP)) &&
        ((cls((unsigned char)p[0]) & (C_DIGIT | C_HEX | C_ALPHA | C_HIGH)) || p[0] == '_')) {
        const char *dot = p + n;
        while (dot > p && dot[-1] != '.')
            dot--;
        /* the last label starts with a letter (TLDs do) or is non-ASCII */
        if (dot < p + n && (cls((unsigned char)*dot) & (C_HEX | C_ALPHA | C_HIGH)))
            put(o, p, n);
    }
}

/* Drop trailing . : ! ? */
static size_t strip_end(const char *p, size_t n)
{
    while (n && (cls((unsigned char)p[n - 1]) & C_STRIP))
        n--;
    return n;
}

static void classify(const tok_out *o, const char *p, size_t n, unsigned m, int stripped)
{
    if (stripped)
        m = mask_of(p, n);
    if (!(m & C_COLON)) {
        classify_plain(o, p, n, m);
        return;
    }
    if (!(m & ~(unsigned)(C_DIGIT | C_HEX | C_COLON | C_DOT | C_STRIP)) && n >= 3 &&
        ipv6_candidate(p, n)) {
        put(o, p, n);
        return;
    }
    /* piece by piece between the colons */
    const char *end = p + n;
    while (p < end) {
        const char *c = memchr(p, ':', (size_t)(end - p));
        const char *pe = c ? c : end;
        size_t k = strip_end(p, (size_t)(pe - p));
        if (k >= 3)
            classify_plain(o, p, k, mask_of(p, k));
        if (!c)
            break;
        p = c + 1;
    }
}

/* A URL token: drop trailing punctuation and closing brackets without an opener. */
static void put_url(const tok_out *o, const char *p, size_t n, size_t scheme_end)
{
    for (;;) {
        if (n <= scheme_end + 3)
            return;
        char c = p[n - 1];
        if (c == '.' || c == ',' || c == ':' || c == ';' || c == '!' || c == '?') {
            n--;
            continue;
        }
        char open = c == ')' ? '(' : c == ']' ? '[' : c == '}' ? '{' : 0;
        if (open && !memchr(p, open, n)) {
            n--;
            continue;
        }
        break;
    }
    put(o, p, n);
}

/* Is p[start..colon) a scheme (a letter, then letters, digits, + - .)? */
static int scheme_before(const char *p, size_t start, size_t colon)
{
    if (colon == start || colon - start > 32)
        return 0;
    if (!(cls((unsigned char)p[start]) & (C_HEX | C_ALPHA)))
        return 0;
    for (size_t i = start + 1; i < colon; i++) {
        unsigned char c = (unsigned char)p[i];
        if (!(cls(c) & (C_HEX | C_ALPHA | C_DIGIT)) && c != '+' && c != '-' && c != '.')
            return 0;
    }
    return 1;
}

static void tokenise(match_event *e, const char *field, size_t field_len, const char *s, size_t n)
{
    tok_out o = {e, field, field_len};
    size_t i = 0;
    while (i < n) {
        while (i < n && (cls((unsigned char)s[i]) & C_SEP))
            i++;
        size_t start = i;
        unsigned m = 0;
        int url = 0;
        while (i < n) {
            unsigned c = cls((unsigned char)s[i]);
            if (c & C_SEP)
                break;
            if ((c & C_COLON) && i + 2 < n && s[i + 1] == '/' && s[i + 2] == '/' &&
                scheme_before(s, start, i)) {
                size_t colon = i;
                i += 3;
                while (i < n && !(cls((unsigned char)s[i]) & C_UEND))
                    i++;
                put_url(&o, s + start, i - start, colon - start);
                url = 1;
                break;
            }
            m |= c;
            i++;
        }
        if (url || i == start)
            continue;
        size_t k = strip_end(s + start, i - start);
        if (k >= 3)
            classify(&o, s + start, k, m, k != i - start);
    }
}

/* ---- syslog ------------------------------------------------------------------- */

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* "Mmm dd hh:mm:ss" (day space-padded or not), optionally ".fff"; the length, or 0. */
static size_t ts3164(const char *p, size_t n)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    if (n < 14)
        return 0;
    int mon = 0;
    for (int m = 0; m < 12 && !mon; m++)
        if (memcmp(p, months + 3 * m, 3) == 0)
            mon = 1;
    if (!mon || p[3] != ' ')
        return 0;
    size_t i = 4;
    if (p[i] == ' ')
        i++;
    if (i >= n || !is_digit((unsigned char)p[i]))
        return 0;
    i++;
    if (i < n && is_digit((unsigned char)p[i]))
        i++;
    if (i >= n || p[i] != ' ')
        return 0;
    i++;
    if (i + 8 > n || !is_digit((unsigned char)p[i]) || !is_digit((unsigned char)p[i + 1]) ||
        p[i + 2] != ':' || !is_digit((unsigned char)p[i + 3]) ||
        !is_digit((unsigned char)p[i + 4]) || p[i + 5] != ':' ||
        !is_digit((unsigned char)p[i + 6]) || !is_digit((unsigned char)p[i + 7]))
        return 0;
    i += 8;
    if (i + 1 < n && p[i] == '.' && is_digit((unsigned char)p[i + 1])) {
        i++;
        while (i < n && is_digit((unsigned char)p[i]))
            i++;
    }
    return i;
}

/* The next space-delimited word at *i; *i moves past it and one space. */
static match_slice word(const char *p, size_t n, size_t *i)
{
    size_t s = *i;
    const char *sp = memchr(p + s, ' ', n - s);
    size_t e = sp ? (size_t)(sp - p) : n;
    *i = sp ? e + 1 : n;
    return (match_slice){p + s, e - s};
}

/* "tag:", "tag[pid]:" */
static int is_tag(match_slice w)
{
    if (w.n < 2 || w.p[w.n - 1] != ':')
        return 0;
    size_t n = w.n - 1;
    if (n > 2 && w.p[n - 1] == ']') {
        const char *lb = memchr(w.p, '[', n);
        if (!lb)
            return 0;
        n = (size_t)(lb - w.p);
    }
    if (!n || n > 48)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = cls((unsigned char)w.p[i]);
        if (!(c & (C_DIGIT | C_HEX | C_ALPHA | C_DOT | C_DASH)) && w.p[i] != '/')
            return 0;
    }
    return 1;
}

/*
 * Parse a syslog header at the start of p: returns the offset of the
 * message (0 when there is no header) and sets *ts.
 */
static size_t syslog_header(const char *p, size_t n, match_slice *ts)
{
    size_t i = 0;
    int pri = 0;
    if (n > 2 && p[0] == '<') {
        size_t k = 1;
        while (k < n && k < 5 && is_digit((unsigned char)p[k]))
            k++;
        if (k > 1 && k < n && p[k] == '>') {
            i = k + 1;
            pri = 1;
        }
    }
    if (pri && i + 1 < n && p[i] == '1' && p[i + 1] == ' ') {
        /* RFC 5424: VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP */
        i += 2;
        match_slice t = word(p, n, &i);
        if (!(t.n == 1 && t.p[0] == '-'))
            *ts = t;
        for (int k = 0; k < 4 && i < n; k++)
            (void)word(p, n, &i);
        return i;
    }
    size_t tl = ts3164(p + i, n - i);
    if (!tl && i + 10 < n && is_digit((unsigned char)p[i]) && is_digit((unsigned char)p[i + 3]) &&
        p[i + 4] == '-' && p[i + 7] == '-') {
        /* an ISO 8601 time where RFC 3164 has its own (rsyslog's RFC3339 format) */
        const char *sp = memchr(p + i, ' ', n - i);
        tl = sp ? (size_t)(sp - (p + i)) : n - i;
    }
    if (!tl)
        return i;
    *ts = (match_slice){p + i, tl};
    i += tl;
    if (i < n && p[i] == ' ')
        i++;
    /* HOSTNAME, then TAG ("prog[pid]:"); a first word that is a tag means no host */
    size_t save = i;
    match_slice w = word(p, n, &i);
    if (is_tag(w))
        return i;
    save = i;
    w = word(p, n, &i);
    return is_tag(w) ? i : save;
}

/* ---- CEF ------------------------------------------------------------------------ */

static int streq(match_slice k, const char *s)
{
    size_t n = strlen(s);
    return k.n == n && memcmp(k.p, s, n) == 0;
}

static int is_key_char(unsigned char c)
{
    return (cls(c) & (C_DIGIT | C_HEX | C_ALPHA)) || c == '_' || c == '.' || c == '-';
}

/* Does a key ("name=") start at p[i]? */
static int key_at(const char *p, size_t n, size_t i)
{
    size_t k = i;
    while (k < n && is_key_char((unsigned char)p[k]))
        k++;
    return k > i && k < n && p[k] == '=';
}

/* Undo CEF escapes (\= \\ \| \n \r) into the event's scratch. */
static match_slice cef_unescape(match_event *e, const char *p, size_t n)
{
    if (!memchr(p, '\\', n))
        return (match_slice){p, n};
    char *out = match_event_scratch(e, n);
    if (!out)
        return (match_slice){NULL, 0};
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\\' && i + 1 < n) {
            char c = p[++i];
            out[o++] = c == 'n' ? '\n' : c == 'r' ? '\r' : c;
        } else {
            out[o++] = p[i];
        }
    }
    return (match_slice){out, o};
}

static int is_addr(const char *s, size_t n)
{
    if (n < 2 || n > 45)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!(cls((unsigned char)s[i]) & (C_DIGIT | C_HEX | C_DOT | C_COLON)))
            return 0;
    ioc_addr a;
    return ioc_addr_parse(s, n, &a) == 0;
}

static int has_scheme(const char *p, size_t n)
{
    for (size_t i = 1; i + 2 < n && i <= 32; i++)
        if (p[i] == ':')
            return p[i + 1] == '/' && p[i + 2] == '/' && scheme_before(p, 0, i);
    return 0;
}

static void cef_pair(match_event *e, match_slice k, match_slice v)
{
    if (!v.n)
        return;
    match_slice u = cef_unescape(e, v.p, v.n);
    if (!u.n)
        return;
    if (streq(k, "src") || streq(k, "dst") || streq(k, "sourceTranslatedAddress") ||
        streq(k, "destinationTranslatedAddress") || streq(k, "dvc")) {
        match_event_add(e, k.p, k.n, MATCH_ADDR, u.p, u.n);
        if (streq(k, "src"))
            e->src_ip = u;
        else if (streq(k, "dst"))
            e->dest_ip = u;
    } else if (streq(k, "shost") || streq(k, "dhost") || streq(k, "dvchost")) {
        match_event_add(e, k.p, k.n, is_addr(u.p, u.n) ? MATCH_ADDR : MATCH_NAME, u.p, u.n);
    } else if (streq(k, "request")) {
        match_event_add(e, k.p, k.n, has_scheme(u.p, u.n) ? MATCH_URL : MATCH_TOKEN, u.p, u.n);
    } else if (streq(k, "fileHash") || streq(k, "oldFileHash")) {
        match_event_add(e, k.p, k.n, MATCH_HASH, u.p, u.n);
    } else if (streq(k, "suser") || streq(k, "duser")) {
        match_event_add(e, k.p, k.n, MATCH_TOKEN, u.p, u.n);
    } else if (streq(k, "rt")) {
        e->ts = u;
    } else {
        tokenise(e, k.p, k.n, u.p, u.n);
    }
}

static void cef_extension(match_event *e, const char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && p[i] == ' ')
            i++;
        size_t ks = i;
        while (i < n && is_key_char((unsigned char)p[i]))
            i++;
        if (i == ks || i >= n || p[i] != '=') {
            /* not "key=": tokenise the rest as text */
            static const char f[] = "cef";
            tokenise(e, f, sizeof f - 1, p + ks, n - ks);
            return;
        }
        match_slice k = {p + ks, i - ks};
        size_t vs = ++i;
        while (i < n) {
            if (p[i] == '\\') {
                i += 2;
                continue;
            }
            if (p[i] == ' ' && key_at(p, n, i + 1))
                break;
            i++;
        }
        if (i > n)
            i = n;
        size_t ve = i;
        while (ve > vs && p[ve - 1] == ' ')
            ve--;
        while (vs < ve && p[vs] == ' ')
            vs++;
        cef_pair(e, k, (match_slice){p + vs, ve - vs});
    }
}

static int extract_cef(const char *line, size_t len, const char *cef, match_event *e,
                       const char **why)
{
    static const char ev[] = "cef", fname[] = "name";
    e->event_type = (match_slice){ev, 3};
    if (cef > line)
        (void)syslog_header(line, (size_t)(cef - line), &e->ts);
    const char *p = cef + 4, *end = line + len;
    match_slice f[7];
    int nf = 0;
    const char *s = p;
    while (p < end && nf < 7) {
        if (*p == '\\' && p + 1 < end) {
            p += 2;
            continue;
        }
        if (*p == '|') {
            f[nf++] = (match_slice){s, (size_t)(p - s)};
            s = p + 1;
        }
        p++;
    }
    if (nf < 7) {
        match_event_reset(e);
        *why = "CEF header with fewer than 8 fields";
        return -1;
    }
    match_slice name = cef_unescape(e, f[5].p, f[5].n);
    if (name.n)
        tokenise(e, fname, sizeof fname - 1, name.p, name.n);
    cef_extension(e, s, (size_t)(end - s));
    /* rt= wins over the syslog header's time; it was set while walking */
    return 0;
}

/* ---- the extractor ----------------------------------------------------------- */

static const char *find_cef(const char *p, size_t n)
{
    for (const char *q = p; (size_t)(q - p) + 4 <= n;) {
        q = memchr(q, 'C', n - (size_t)(q - p));
        if (!q || (size_t)(q - p) + 4 > n)
            return NULL;
        if (q[1] == 'E' && q[2] == 'F' && q[3] == ':')
            return q;
        q++;
    }
    return NULL;
}

int match_extract_text(match_format f, const char *line, size_t len, match_event *e,
                       const char **why)
{
    static const char text[] = "text", sys[] = "syslog";
    match_event_reset(e);
    if (len && line[len - 1] == '\r')
        len--;
    if (f == MATCH_FMT_CEF) {
        const char *cef = find_cef(line, len);
        if (cef)
            return extract_cef(line, len, cef, e, why);
        f = MATCH_FMT_SYSLOG; /* a plain syslog line in a CEF stream */
    }
    if (f == MATCH_FMT_SYSLOG) {
        e->event_type = (match_slice){sys, sizeof sys - 1};
        size_t off = syslog_header(line, len, &e->ts);
        tokenise(e, text, sizeof text - 1, line + off, len - off);
        return 0;
    }
    e->event_type = (match_slice){text, sizeof text - 1};
    tokenise(e, text, sizeof text - 1, line, len);
    return 0;
}
