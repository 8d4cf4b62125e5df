/*
 * match_zeek.c: Zeek logs, in the native TSV form (with its '#' header
 * lines) and as JSON lines.
 *
 * Which fields are observables depends on the log type:
 *
 *   conn    id.orig_h, id.resp_h                  address
 *   dns     query                                 name
 *           answers (set)                         address or name
 *   http    host                                  address or name
 *           uri, with host and id.resp_p          URL http://HOST[:PORT]URI
 *           referrer                              URL (when absolute)
 *   ssl     server_name                           address or name
 *   files   md5, sha1, sha256                     hash
 *           tx_hosts, rx_hosts (sets)             address
 *   smtp    mailfrom, rcptto (set), from, to (set) e-mail ("Name <addr>" -> addr)
 *   x509    san.dns (set)                         name
 *   files   id.orig_h, id.resp_h (Zeek 6 and later, instead of tx_hosts,
 *           rx_hosts)                             address
 *   other   id.orig_h, id.resp_h                  address
 *
 * The log is named by "_path" (JSON), "#path" (TSV) or the file name, else
 * guessed from the fields present. The other logs Zeek writes (notice,
 * weird, dhcp, ssh, ... other_names below) keep their own name as the
 * event type and are never guessed to be another log (a notice.log line
 * has "proto" as conn.log does); a log of a name Zeek does not write is
 * "zeek".
 *
 * Every line also gives the event metadata: event type (the log name), ts
 * (as written, when it starts with a digit: the Zeek test suite masks times
 * as "XXXXXXXXXX.XXXXXX"), src_ip (id.orig_h) and dest_ip (id.resp_h).
 *
 * Nothing is allocated: values point into the line, or into the event's
 * scratch area when they had to be unescaped or built (the http URL).
 */
#include "match/match_internal.h"

#include <string.h>

/* ---- log types ----------------------------------------------------------- */

static const char *const log_names[] = {
    [ZEEK_UNKNOWN] = "zeek",
    [ZEEK_CONN] = "conn",
    [ZEEK_DNS] = "dns",
    [ZEEK_HTTP] = "http",
    [ZEEK_SSL] = "ssl",
    [ZEEK_FILES] = "files",
    [ZEEK_SMTP] = "smtp",
    [ZEEK_X509] = "x509",
    /* the other logs of Zeek 6 and 7's standard scripts and protocol analyzers */
    [ZEEK_NOTICE] = "notice",
    [ZEEK_WEIRD] = "weird",
    "analyzer",
    "capture_loss",
    "dce_rpc",
    "dhcp",
    "dnp3",
    "dpd",
    "ftp",
    "intel",
    "irc",
    "kerberos",
    "known_certs",
    "known_hosts",
    "known_services",
    "ldap",
    "modbus",
    "mqtt",
    "mysql",
    "notice_alarm",
    "ntlm",
    "ntp",
    "ocsp",
    "pe",
    "quic",
    "radius",
    "rdp",
    "rfb",
    "signatures",
    "sip",
    "smb_files",
    "smb_mapping",
    "snmp",
    "socks",
    "software",
    "ssh",
    "syslog",
    "tunnel",
    "websocket",
};
#define NLOGS (sizeof log_names / sizeof log_names[0])
_Static_assert(NLOGS - 1 <= ZEEK_OTHER_LAST, "zeek_log has room for every log name");

const char *zeek_log_name(zeek_log l)
{
    if ((unsigned)l >= NLOGS)
        l = ZEEK_UNKNOWN;
    return log_names[l];
}

static int is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* The log type a word names ("conn", "DNS", "known_hosts"), or ZEEK_UNKNOWN. */
static zeek_log log_of_word(const char *w, size_t n)
{
    for (int l = ZEEK_CONN; l < (int)NLOGS; l++) {
        const char *s = log_names[l];
        size_t k = 0;
        while (k < n && s[k] && (w[k] == s[k] || (w[k] | 0x20) == s[k]))
            k++;
        if (k == n && !s[k])
            return (zeek_log)l;
    }
    return ZEEK_UNKNOWN;
}

/*
 * The file name's last word (a run of letters and digits) that names a log:
 * "conn.log", "x-dns.log", "http.00:00.log", "/var/zeek/ssl.2024-01-01.log.gz".
 */
zeek_log zeek_log_from_name(const char *name)
{
    if (!name)
        return ZEEK_UNKNOWN;
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    zeek_log found = ZEEK_UNKNOWN;
    const char *p = base;
    while (*p) {
        while (*p && !is_alnum((unsigned char)*p))
            p++;
        /* a word with its underscores ("smb_files"), else its parts ("x_dns") */
        const char *w = p, *part = p;
        zeek_log in_word = ZEEK_UNKNOWN;
        while (*p && (is_alnum((unsigned char)*p) || *p == '_')) {
            p++;
            if (*p == '_' || !(is_alnum((unsigned char)*p) || *p == '_')) {
                zeek_log l = log_of_word(part, (size_t)(p - part));
                if (l != ZEEK_UNKNOWN)
                    in_word = l;
                part = p + (*p == '_');
            }
        }
        zeek_log l = log_of_word(w, (size_t)(p - w));
        if (l == ZEEK_UNKNOWN)
            l = in_word;
        if (l != ZEEK_UNKNOWN)
            found = l;
    }
    return found;
}

/* ---- fields ------------------------------------------------------------- */

/* What a field is to us. The names are the Zeek field names. */
typedef enum role {
    R_NONE,
    R_TS,
    R_ORIG_H,
    R_RESP_H,
    R_RESP_P,
    R_PATH, /* JSON "_path" */
    R_QUERY,
    R_ANSWERS,
    R_HOST,
    R_URI,
    R_REFERRER,
    R_METHOD,
    R_SERVER_NAME,
    R_FUID,
    R_MD5,
    R_SHA1,
    R_SHA256,
    R_TX_HOSTS,
    R_RX_HOSTS,
    R_MAILFROM,
    R_RCPTTO,
    R_FROM,
    R_TO,
    R_SAN_DNS,
    R_PROTO,
    R_CONN_STATE,
    R_CERT_VERSION,
    R_COUNT
} role;

static const struct {
    const char *name;
    unsigned char len;
    unsigned char log; /* the log the observable belongs to; ZEEK_UNKNOWN: metadata */
} roles[R_COUNT] = {
    [R_NONE] = {"", 0, ZEEK_UNKNOWN},
    [R_TS] = {"ts", 2, ZEEK_UNKNOWN},
    [R_ORIG_H] = {"id.orig_h", 9, ZEEK_CONN},
    [R_RESP_H] = {"id.resp_h", 9, ZEEK_CONN},
    [R_RESP_P] = {"id.resp_p", 9, ZEEK_UNKNOWN},
    [R_PATH] = {"_path", 5, ZEEK_UNKNOWN},
    [R_QUERY] = {"query", 5, ZEEK_DNS},
    [R_ANSWERS] = {"answers", 7, ZEEK_DNS},
    [R_HOST] = {"host", 4, ZEEK_HTTP},
    [R_URI] = {"uri", 3, ZEEK_HTTP},
    [R_REFERRER] = {"referrer", 8, ZEEK_HTTP},
    [R_METHOD] = {"method", 6, ZEEK_UNKNOWN},
    [R_SERVER_NAME] = {"server_name", 11, ZEEK_SSL},
    [R_FUID] = {"fuid", 4, ZEEK_UNKNOWN},
    [R_MD5] = {"md5", 3, ZEEK_FILES},
    [R_SHA1] = {"sha1", 4, ZEEK_FILES},
    [R_SHA256] = {"sha256", 6, ZEEK_FILES},
    [R_TX_HOSTS] = {"tx_hosts", 8, ZEEK_FILES},
    [R_RX_HOSTS] = {"rx_hosts", 8, ZEEK_FILES},
    [R_MAILFROM] = {"mailfrom", 8, ZEEK_SMTP},
    [R_RCPTTO] = {"rcptto", 6, ZEEK_SMTP},
    [R_FROM] = {"from", 4, ZEEK_SMTP},
    [R_TO] = {"to", 2, ZEEK_SMTP},
    [R_SAN_DNS] = {"san.dns", 7, ZEEK_X509},
    [R_PROTO] = {"proto", 5, ZEEK_UNKNOWN},
    [R_CONN_STATE] = {"conn_state", 10, ZEEK_UNKNOWN},
    [R_CERT_VERSION] = {"certificate.version", 19, ZEEK_UNKNOWN},
};

static int eq(const char *a, size_t n, role r)
{
    return n == roles[r].len && memcmp(a, roles[r].name, n) == 0;
}

/* The roles by name length, in the order they are tried; R_NONE ends a list. */
#define ROLE_LEN_MAX 19
static const unsigned char roles_of_len[ROLE_LEN_MAX + 1][5] = {
    [2] = {R_TS, R_TO},
    [3] = {R_URI, R_MD5},
    [4] = {R_HOST, R_FROM, R_SHA1, R_FUID},
    [5] = {R_QUERY, R_PROTO, R_PATH},
    [6] = {R_RCPTTO, R_SHA256, R_METHOD},
    [7] = {R_ANSWERS, R_SAN_DNS},
    [8] = {R_REFERRER, R_MAILFROM, R_TX_HOSTS, R_RX_HOSTS},
    [9] = {R_ORIG_H, R_RESP_H, R_RESP_P},
    [10] = {R_CONN_STATE},
    [11] = {R_SERVER_NAME},
    [19] = {R_CERT_VERSION},
};

/* The role of a field name: the few names of its length, compared in turn. */
static role role_of(const char *n, size_t len)
{
    if (len > ROLE_LEN_MAX)
        return R_NONE;
    for (const unsigned char *r = roles_of_len[len]; *r != R_NONE; r++)
        if (eq(n, len, (role)*r))
            return (role)*r;
    return R_NONE;
}

/* The log type guessed from the fields present (a bit set of roles). */
static zeek_log guess_log(uint32_t seen)
{
#define HAS(r) (seen & (1u << (r)))
    if (HAS(R_QUERY))
        return ZEEK_DNS;
    if (HAS(R_SERVER_NAME))
        return ZEEK_SSL;
    if (HAS(R_MAILFROM))
        return ZEEK_SMTP;
    if (HAS(R_FUID)) /* with hashes, or (Zeek 6+) id.* instead of tx_hosts */
        return ZEEK_FILES;
    if (HAS(R_SAN_DNS) || HAS(R_CERT_VERSION))
        return ZEEK_X509;
    if (HAS(R_METHOD) || HAS(R_URI))
        return ZEEK_HTTP;
    if (HAS(R_PROTO) || HAS(R_CONN_STATE))
        return ZEEK_CONN;
#undef HAS
    return ZEEK_UNKNOWN;
}

/* ---- values -------------------------------------------------------------- */

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* A plain IPv4 or IPv6 address (a cheap look at the bytes first). */
static int is_addr(const char *s, size_t n)
{
    if (n < 2 || n > 45)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (hexval((unsigned char)s[i]) < 0 && s[i] != '.' && s[i] != ':')
            return 0;
    ioc_addr a;
    return ioc_addr_parse(s, n, &a) == 0;
}

/* Digits with at most one '.': a count or an interval ("120.000000"). */
static int is_number(const char *s, size_t n)
{
    int dots = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.')
            dots++;
        else if (!is_digit((unsigned char)s[i]))
            return 0;
    }
    return n > 0 && dots <= 1;
}

/* "scheme://..." */
static int has_scheme(const char *s, size_t n)
{
    size_t i = 0;
    if (!n || !((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z'))
        return 0;
    while (i < n && i < 32 &&
           (is_alnum((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.'))
        i++;
    return i + 3 <= n && s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/';
}

/* Decode "\xHH" (and "\\") escapes of a Zeek TSV value or header value. */
static size_t unescape_tsv(const char *in, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o < cap; i++) {
        if (in[i] == '\\' && i + 3 < n && in[i + 1] == 'x' &&
            hexval((unsigned char)in[i + 2]) >= 0 && hexval((unsigned char)in[i + 3]) >= 0) {
            out[o++] =
                (char)(hexval((unsigned char)in[i + 2]) * 16 + hexval((unsigned char)in[i + 3]));
            i += 3;
        } else if (in[i] == '\\' && i + 1 < n && in[i + 1] == '\\') {
            out[o++] = '\\';
            i++;
        } else {
            out[o++] = in[i];
        }
    }
    return o;
}

/* The address inside "Name <addr>", or the value trimmed of blanks and quotes. */
static void email_of(const char **p, size_t *n)
{
    const char *s = *p;
    size_t len = *n;
    const char *lt = NULL;
    for (size_t i = len; i-- > 0;)
        if (s[i] == '<') {
            lt = s + i;
            break;
        }
    if (lt) {
        const char *gt = memchr(lt, '>', (size_t)(s + len - lt));
        if (gt) {
            *p = lt + 1;
            *n = (size_t)(gt - lt - 1);
            return;
        }
    }
    while (len && (*s == ' ' || *s == '"' || *s == '\'' || *s == '<'))
        s++, len--;
    while (len &&
           (s[len - 1] == ' ' || s[len - 1] == '"' || s[len - 1] == '\'' || s[len - 1] == '>'))
        len--;
    *p = s;
    *n = len;
}

/* ---- emitting ------------------------------------------------------------ */

/* What one line has given so far. */
typedef struct zrec {
    match_event *e;
    zeek_log log;
    match_slice host, uri, resp_p, orig_h, resp_h;
} zrec;

static void add(match_event *e, role r, match_kind k, const char *v, size_t n)
{
    match_event_add(e, roles[r].name, roles[r].len, k, v, n);
}

static void add_addr_or_name(match_event *e, role r, const char *v, size_t n)
{
    add(e, r, is_addr(v, n) ? MATCH_ADDR : MATCH_NAME, v, n);
}

/* One value (or one element of a set) of a field that belongs to the log. */
static void emit(zrec *z, role r, const char *v, size_t n)
{
    match_event *e = z->e;
    if (!n)
        return;
    switch (r) {
    case R_ORIG_H:
    case R_RESP_H:
    case R_TX_HOSTS:
    case R_RX_HOSTS:
        add(e, r, MATCH_ADDR, v, n);
        break;
    case R_QUERY:
    case R_SAN_DNS:
        add(e, r, MATCH_NAME, v, n);
        break;
    case R_ANSWERS:
        /* TXT answers ("TXT 33 some text") and TTL-like numbers are no names */
        if (is_number(v, n) || memchr(v, ' ', n))
            break;
        add_addr_or_name(e, r, v, n);
        break;
    case R_SERVER_NAME:
        add_addr_or_name(e, r, v, n);
        break;
    case R_REFERRER:
        if (has_scheme(v, n))
            add(e, r, MATCH_URL, v, n);
        break;
    case R_MD5:
    case R_SHA1:
    case R_SHA256:
        add(e, r, MATCH_HASH, v, n);
        break;
    case R_MAILFROM:
    case R_RCPTTO:
    case R_FROM:
    case R_TO:
        email_of(&v, &n);
        if (n && memchr(v, '@', n))
            add(e, r, MATCH_EMAIL, v, n);
        break;
    default:
        break;
    }
}

/* Does field r give observables in this log? */
static int wanted(zeek_log log, role r)
{
    if (r == R_ORIG_H || r == R_RESP_H) /* where no other field names the peers */
        return log == ZEEK_CONN || log == ZEEK_UNKNOWN || log == ZEEK_FILES || log > ZEEK_X509;
    return roles[r].log == log && log != ZEEK_UNKNOWN;
}

/* Fields kept for the metadata or for building the http URL. */
static int is_meta(role r)
{
    return r == R_TS || r == R_ORIG_H || r == R_RESP_H || r == R_RESP_P || r == R_HOST ||
           r == R_URI;
}

/* A value that is worth keeping as metadata: ts must start with a digit. */
static void keep(zrec *z, role r, const char *v, size_t n)
{
    match_event *e = z->e;
    switch (r) {
    case R_TS:
        if (n && is_digit((unsigned char)v[0]))
            e->ts = (match_slice){v, n};
        break;
    case R_ORIG_H:
        z->orig_h = (match_slice){v, n};
        break;
    case R_RESP_H:
        z->resp_h = (match_slice){v, n};
        break;
    case R_RESP_P:
        z->resp_p = (match_slice){v, n};
        break;
    case R_HOST:
        z->host = (match_slice){v, n};
        break;
    case R_URI:
        z->uri = (match_slice){v, n};
        break;
    default:
        break;
    }
}

/* The http host (without a port) and the URL built from host, port and uri. */
static void emit_http(zrec *z)
{
    match_event *e = z->e;
    const char *h = z->host.p;
    size_t hn = z->host.n;
    int host_has_port = 0;
    if (hn) {
        /* the name without a port: "[v6]:port", "name:port" */
        const char *name = h;
        size_t nn = hn;
        if (h[0] == '[') {
            const char *rb = memchr(h, ']', hn);
            if (rb) {
                name = h + 1;
                nn = (size_t)(rb - h - 1);
                host_has_port = rb + 1 < h + hn && rb[1] == ':';
            }
        } else {
            const char *c = memchr(h, ':', hn);
            if (c && !memchr(c + 1, ':', (size_t)(h + hn - c - 1))) {
                nn = (size_t)(c - h);
                host_has_port = 1;
            }
        }
        add_addr_or_name(e, R_HOST, name, nn);
    }
    const char *u = z->uri.p;
    size_t un = z->uri.n;
    if (!un)
        return;
    if (has_scheme(u, un)) {
        add(e, R_URI, MATCH_URL, u, un);
        return;
    }
    if (u[0] != '/') /* CONNECT host:port, OPTIONS *: no URL */
        return;
    int bracket = 0;
    if (!hn) { /* no Host header: the server's address */
        h = z->resp_h.p;
        hn = z->resp_h.n;
        if (!hn)
            return;
    }
    if (h[0] != '[' && memchr(h, ':', hn) && (!host_has_port || h == z->resp_h.p))
        bracket = 1; /* a bare IPv6 address */
    const char *port = z->resp_p.p;
    size_t pn = z->resp_p.n;
    int add_port =
        !host_has_port && pn && pn <= 5 && !(pn == 2 && port[0] == '8' && port[1] == '0');
    for (size_t i = 0; add_port && i < pn; i++)
        add_port = is_digit((unsigned char)port[i]);
    match_slice url =
        match_event_http_url(e, (match_slice){h, hn}, bracket,
                             (match_slice){port, add_port ? pn : 0}, (match_slice){u, un});
    if (url.p)
        add(e, R_URI, MATCH_URL, url.p, url.n);
}

static void finish(zrec *z)
{
    match_event *e = z->e;
    e->event_type.p = zeek_log_name(z->log);
    e->event_type.n = strlen(e->event_type.p);
    e->src_ip = z->orig_h;
    e->dest_ip = z->resp_h;
    if (z->log == ZEEK_HTTP)
        emit_http(z);
}

/* ---- the TSV header --------------------------------------------------------- */

static void set_str(char *dst, size_t cap, size_t *dst_len, const char *v, size_t n)
{
    char tmp[64];
    size_t k = unescape_tsv(v, n, tmp, sizeof tmp);
    if (k == 0 || k >= cap || n > sizeof tmp)
        return; /* empty or too long: keep what was there */
    memcpy(dst, tmp, k);
    dst[k] = '\0';
    *dst_len = k;
}

void zeek_hdr_init(zeek_hdr *h, const char *input_name)
{
    memset(h, 0, sizeof *h);
    h->sep[0] = '\t';
    h->sep_len = 1;
    h->set_sep[0] = ',';
    h->set_sep_len = 1;
    h->unset[0] = '-';
    h->unset_len = 1;
    memcpy(h->empty, "(empty)", 8);
    h->empty_len = 7;
    h->log = zeek_log_from_name(input_name);
}

static const char *find_sep(const char *p, const char *end, const char *sep, size_t sep_len)
{
    if (sep_len == 1)
        return memchr(p, sep[0], (size_t)(end - p));
    for (; p + sep_len <= end; p++)
        if (*p == sep[0] && memcmp(p, sep, sep_len) == 0)
            return p;
    return NULL;
}

static void hdr_fields(zeek_hdr *h, const char *v, const char *end)
{
    size_t used = 0;
    int nf = 0;
    uint32_t seen = 0;
    for (const char *p = v; p <= end && nf < ZEEK_MAX_FIELDS;) {
        const char *s = find_sep(p, end, h->sep, h->sep_len);
        const char *fe = s ? s : end;
        size_t n = (size_t)(fe - p);
        if (used + n + 1 > sizeof h->names)
            break;
        memcpy(h->names + used, p, n);
        h->names[used + n] = '\0';
        h->field[nf] = h->names + used;
        h->field_len[nf] = n;
        used += n + 1;
        nf++;
        seen |= 1u << role_of(p, n);
        if (!s)
            break;
        p = s + h->sep_len;
    }
    h->nfields = nf;
    if (h->log == ZEEK_UNKNOWN)
        h->log = guess_log(seen);
}

void zeek_hdr_line(zeek_hdr *h, const char *line, size_t len)
{
    if (len && line[len - 1] == '\r')
        len--;
    if (len < 2 || line[0] != '#')
        return;
    const char *end = line + len, *k = line + 1, *p = k;
    /* the key ends at the separator, or at a blank ("#separator \x09") */
    while (p < end && *p != ' ' && *p != '\t' &&
           !(h->sep_len && (size_t)(end - p) >= h->sep_len && memcmp(p, h->sep, h->sep_len) == 0))
        p++;
    size_t kn = (size_t)(p - k);
    if (p < end) {
        if ((size_t)(end - p) >= h->sep_len && memcmp(p, h->sep, h->sep_len) == 0)
            p += h->sep_len;
        else
            p++;
    }
    const char *v = p;
    size_t vn = (size_t)(end - p);
#define KEY(s) (kn == sizeof(s) - 1 && memcmp(k, s, kn) == 0)
    if (KEY("separator"))
        set_str(h->sep, sizeof h->sep, &h->sep_len, v, vn);
    else if (KEY("set_separator"))
        set_str(h->set_sep, sizeof h->set_sep, &h->set_sep_len, v, vn);
    else if (KEY("unset_field"))
        set_str(h->unset, sizeof h->unset, &h->unset_len, v, vn);
    else if (KEY("empty_field"))
        set_str(h->empty, sizeof h->empty, &h->empty_len, v, vn);
    else if (KEY("fields"))
        hdr_fields(h, v, end);
    else if (KEY("path")) {
        char tmp[64];
        size_t n = unescape_tsv(v, vn, tmp, sizeof tmp - 1);
        tmp[n] = '\0';
        zeek_log l = log_of_word(tmp, n);
        if (l == ZEEK_UNKNOWN)
            l = zeek_log_from_name(tmp);
        if (l != ZEEK_UNKNOWN || n)
            h->log = l;
    }
#undef KEY
}

/* ---- TSV data lines ---------------------------------------------------------- */

/* One field value of a TSV line: unset and empty give nothing; sets are split. */
static void tsv_value(zrec *z, const zeek_hdr *h, role r, const char *v, size_t n)
{
    if ((n == h->unset_len && memcmp(v, h->unset, n) == 0) ||
        (n == h->empty_len && memcmp(v, h->empty, n) == 0))
        return;
    int is_set = r == R_ANSWERS || r == R_TX_HOSTS || r == R_RX_HOSTS || r == R_RCPTTO ||
                 r == R_TO || r == R_SAN_DNS;
    const char *end = v + n;
    for (const char *p = v; p <= end;) {
        const char *s = is_set ? find_sep(p, end, h->set_sep, h->set_sep_len) : NULL;
        const char *fe = s ? s : end;
        const char *ev = p;
        size_t en = (size_t)(fe - p);
        if (en && memchr(ev, '\\', en)) {
            char *out = match_event_scratch(z->e, en);
            if (!out)
                return;
            en = unescape_tsv(ev, en, out, en);
            ev = out;
        }
        if (!(en == h->unset_len && memcmp(ev, h->unset, en) == 0)) {
            if (is_meta(r))
                keep(z, r, ev, en);
            if (wanted(z->log, r))
                emit(z, r, ev, en);
        }
        if (!s)
            break;
        p = s + h->set_sep_len;
    }
}

int match_extract_zeek_tsv(const zeek_hdr *h, const char *line, size_t len, match_event *e,
                           const char **why)
{
    match_event_reset(e);
    if (len && line[len - 1] == '\r')
        len--;
    if (!len) {
        *why = "empty line";
        return -1;
    }
    if (line[0] == '#') {
        *why = "a Zeek header line where data was expected";
        return -1;
    }
    if (h->nfields <= 0) {
        *why = "Zeek data before a #fields header";
        return -1;
    }
    zrec z = {.e = e, .log = h->log};
    const char *end = line + len;
    int i = 0;
    for (const char *p = line;; i++) {
        const char *s = find_sep(p, end, h->sep, h->sep_len);
        const char *fe = s ? s : end;
        if (i >= h->nfields) {
            match_event_reset(e);
            *why = "more fields than the #fields header names";
            return -1;
        }
        role r = role_of(h->field[i], h->field_len[i]);
        if (r != R_NONE && (is_meta(r) || wanted(z.log, r)))
            tsv_value(&z, h, r, p, (size_t)(fe - p));
        if (!s)
            break;
        p = s + h->sep_len;
    }
    if (i + 1 != h->nfields) {
        match_event_reset(e);
        *why = "fewer fields than the #fields header names";
        return -1;
    }
    finish(&z);
    return 0;
}

/* ---- JSON lines -------------------------------------------------------------- */

/*
 * The walk keeps the leaves that may matter (their raw bytes); once the
 * line is known to be valid and the log type is known (from "_path", the
 * file name, or the fields present), they are unescaped and emitted.
 */
#define ZJ_MAX 512

typedef struct zleaf {
    const char *raw;
    uint32_t len;
    unsigned char role, escaped, kind;
} zleaf;

typedef struct zjson {
    zleaf leaf[ZJ_MAX];
    size_t n, dropped;
    uint32_t seen;
    match_slice path;
} zjson;

static int json_leaf(void *ctx, const jsonx_leaf *l)
{
    zjson *j = ctx;
    size_t pn = l->path_len;
    int elem = 0;
    if (pn > 2 && l->path[pn - 1] == ']' && l->path[pn - 2] == '[') {
        pn -= 2;
        elem = 1;
    }
    role r = role_of(l->path, pn);
    if (r == R_NONE)
        return 0;
    j->seen |= 1u << r;
    if (l->kind != JSONX_STRING && !(l->kind == JSONX_NUMBER && !elem))
        return 0;
    if (r == R_PATH) {
        if (!l->escaped && !elem)
            j->path = (match_slice){l->raw, l->raw_len};
        return 0;
    }
    if (j->n == ZJ_MAX || l->raw_len > UINT32_MAX) {
        j->dropped++;
        return 0;
    }
    zleaf *z = &j->leaf[j->n++];
    z->raw = l->raw;
    z->len = (uint32_t)l->raw_len;
    z->role = (unsigned char)r;
    z->escaped = (unsigned char)l->escaped;
    z->kind = (unsigned char)l->kind;
    return 0;
}

int match_extract_zeek_json(zeek_log log, const char *line, size_t len, match_event *e,
                            const char **why)
{
    match_event_reset(e);
    if (len && line[len - 1] == '\r')
        len--;
    size_t i = 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
    if (i == len || line[i] != '{') {
        *why = "not a JSON object";
        return -1;
    }
    zjson j;
    j.n = j.dropped = 0;
    j.seen = 0;
    j.path = (match_slice){NULL, 0};
    const char *msg = NULL;
    if (jsonx_walk(line, len, json_leaf, &j, NULL, &msg) != 0) {
        *why = msg ? msg : "invalid JSON";
        return -1;
    }
    zrec z = {.e = e, .log = log};
    if (j.path.n) {
        zeek_log l = log_of_word(j.path.p, j.path.n);
        if (l != ZEEK_UNKNOWN)
            z.log = l;
    }
    if (z.log == ZEEK_UNKNOWN)
        z.log = guess_log(j.seen);
    e->dropped += j.dropped;
    for (size_t k = 0; k < j.n; k++) {
        zleaf *l = &j.leaf[k];
        role r = (role)l->role;
        int meta = r == R_TS || r == R_ORIG_H || r == R_RESP_H || r == R_RESP_P ||
                   (z.log == ZEEK_HTTP && (r == R_HOST || r == R_URI));
        int want = wanted(z.log, r) && l->kind == JSONX_STRING;
        if (!meta && !want)
            continue;
        const char *v = l->raw;
        size_t n = l->len;
        if (l->escaped) {
            char *out = match_event_scratch(e, n + 1);
            if (!out)
                continue;
            long u = jsonx_unescape(v, n, out, n + 1);
            if (u < 0)
                continue;
            v = out;
            n = (size_t)u;
        }
        if (meta)
            keep(&z, r, v, n);
        if (want && !(z.log == ZEEK_HTTP && (r == R_HOST || r == R_URI)))
            emit(&z, r, v, n);
    }
    finish(&z);
    return 0;
}
