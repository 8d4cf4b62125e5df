/*
 * vuln_ident.c: CPE names (NISTIR 7695 binding, NISTIR 7696 comparison)
 * and package URLs, checked and normalised (vuln.h).
 */
#include "vuln/vuln.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const cpe_attr_names[] = {"part",      "vendor",    "product",  "version",
                                             "update",    "edition",   "language", "sw_edition",
                                             "target_sw", "target_hw", "other"};

/* Check and lower-case one formatted-string attribute into out. */
static int cpe_attr(const char *s, size_t n, char *out, size_t cap, int idx, gisac_err *err)
{
    if (n == 0)
        return gisac_err_at(err, GISAC_EINVAL, "$.cpe", "CPE: empty %s", cpe_attr_names[idx]);
    if (n >= cap)
        return gisac_err_at(err, GISAC_EINVAL, "$.cpe", "CPE: %s too long", cpe_attr_names[idx]);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\\') {
            if (i + 1 >= n)
                return gisac_err_at(err, GISAC_EINVAL, "$.cpe", "CPE: %s ends in a backslash",
                                    cpe_attr_names[idx]);
            out[o++] = s[i++];
            out[o++] = (char)tolower((unsigned char)s[i]);
            continue;
        }
        if (isalnum(c) || c == '_' || c == '*' || c == '?' || c == '-' || c == '.')
            out[o++] = (char)tolower(c);
        else
            return gisac_err_at(err, GISAC_EINVAL, "$.cpe", "CPE: bad character '%c' in %s", c,
                                cpe_attr_names[idx]);
    }
    out[o] = 0;
    /* '*' only as ANY or at either end; '-' alone is NA */
    for (size_t i = 1; i + 1 < o; i++)
        if (out[i] == '*' && out[i - 1] != '\\')
            return gisac_err_at(err, GISAC_EINVAL, "$.cpe", "CPE: '*' inside %s",
                                cpe_attr_names[idx]);
    return 0;
}

int vuln_cpe_parse(const char *s, vuln_cpe *out, gisac_err *err)
{
    memset(out, 0, sizeof *out);
    for (int i = 1; i < 11; i++)
        strcpy(out->attr[i], "*");
    if (!s)
        return gisac_err_at(err, GISAC_EINVAL, "$.cpe", "CPE: none given");
    size_t len = strlen(s);
    if (len > VULN_CPE_MAX)
        return gisac_err_at(err, GISAC_EINVAL, "$.cpe", "CPE: longer than %d bytes", VULN_CPE_MAX);
    if (strncasecmp(s, "cpe:2.3:", 8) == 0) {
        const char *p = s + 8;
        int idx = 0;
        while (idx < 11) {
            const char *q = p;
            while (*q && *q != ':') {
                if (*q == '\\' && q[1])
                    q++; /* a quoted character, ':' too */
                q++;
            }
            char tmp[VULN_CPE_MAX / 4];
            if (cpe_attr(p, (size_t)(q - p), idx ? out->attr[idx] : tmp,
                         idx ? sizeof out->attr[idx] : sizeof tmp, idx, err) < 0)
                return GISAC_EINVAL;
            if (idx == 0) {
                if (strlen(tmp) != 1 || !strchr("aoh", tmp[0]))
                    return gisac_err_at(err, GISAC_EINVAL, "$.cpe",
                                        "CPE: part must be a, o or h, not '%s'", tmp);
                out->part = tmp[0];
            }
            idx++;
            if (!*q) {
                if (idx < 11)
                    return gisac_err_at(err, GISAC_EINVAL, "$.cpe",
                                        "CPE 2.3: 13 parts expected, %d found", idx + 2);
                break;
            }
            p = q + 1;
            if (idx == 11)
                return gisac_err_at(err, GISAC_EINVAL, "$.cpe", "CPE 2.3: more than 13 parts");
        }
        return 0;
    }
    if (strncasecmp(s, "cpe:/", 5) == 0) {
        const char *p = s + 5;
        for (int idx = 0; idx < 7 && *p; idx++) {
            const char *q = strchr(p, ':');
            size_t n = q ? (size_t)(q - p) : strlen(p);
            char v[VULN_CPE_MAX / 4];
            if (n >= sizeof v)
                return gisac_err_at(err, GISAC_EINVAL, "$.cpe", "CPE: %s too long",
                                    cpe_attr_names[idx]);
            size_t o = 0;
            for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char)p[i];
                if (c == '%' && i + 2 < n && isxdigit((unsigned char)p[i + 1]) &&
                    isxdigit((unsigned char)p[i + 2])) {
                    /* percent-encoded: keep it quoted as 2.3 does */
                    char h[3] = {p[i + 1], p[i + 2], 0};
                    int ch = (int)strtol(h, NULL, 16);
                    if (ch <= ' ' || ch > '~')
                        return gisac_err_at(err, GISAC_EINVAL, "$.cpe",
                                            "CPE: %%%s does not encode a printable character", h);
                    if (o + 2 >= sizeof v)
                        return gisac_err_at(err, GISAC_EINVAL, "$.cpe", "CPE: %s too long",
                                            cpe_attr_names[idx]);
                    if (!isalnum(ch) && ch != '_' && ch != '.' && ch != '-')
                        v[o++] = '\\';
                    v[o++] = (char)tolower(ch);
                    i += 2;
                } else if (isalnum(c) || c == '_' || c == '-' || c == '.' || c == '~') {
                    v[o++] = (char)tolower(c);
                } else
                    return gisac_err_at(err, GISAC_EINVAL, "$.cpe", "CPE: bad character '%c' in %s",
                                        c, cpe_attr_names[idx]);
            }
            v[o] = 0;
            if (idx == 0) {
                if (o != 1 || !strchr("aoh", v[0]))
                    return gisac_err_at(err, GISAC_EINVAL, "$.cpe",
                                        "CPE: part must be a, o or h, not '%s'", v);
                out->part = v[0];
            } else if (o > 0) {
                /* characters other than letters, digits, '_', '.' and '-' are quoted in 2.3 */
                char b[VULN_CPE_MAX / 4];
                size_t k = 0;
                for (size_t i = 0; i < o; i++) {
                    unsigned char ch = (unsigned char)v[i];
                    if (k + 3 >= sizeof b)
                        return gisac_err_at(err, GISAC_EINVAL, "$.cpe", "CPE: %s too long",
                                            cpe_attr_names[idx]);
                    if (v[i] == '\\' && i + 1 < o) {
                        b[k++] = v[i++];
                        b[k++] = v[i];
                        continue;
                    }
                    if (!isalnum(ch) && ch != '_' && ch != '.' && ch != '-')
                        b[k++] = '\\';
                    b[k++] = v[i];
                }
                b[k] = 0;
                snprintf(out->attr[idx], sizeof out->attr[idx], "%s", b);
            }
            if (!q)
                break;
            p = q + 1;
        }
        if (!out->part)
            return gisac_err_at(err, GISAC_EINVAL, "$.cpe", "CPE: no part");
        /* its 2.3 form must be a name gisac reads back */
        char f[VULN_CPE_MAX * 4];
        vuln_cpe_format(out, f, sizeof f);
        if (strlen(f) > VULN_CPE_MAX)
            return gisac_err_at(err, GISAC_EINVAL, "$.cpe",
                                "CPE: longer than %d bytes as a CPE 2.3 name", VULN_CPE_MAX);
        return 0;
    }
    return gisac_err_at(err, GISAC_EINVAL, "$.cpe",
                        "not a CPE name (cpe:2.3:... or cpe:/...): '%.60s'", s);
}

void vuln_cpe_format(const vuln_cpe *c, char *out, size_t cap)
{
    size_t o = (size_t)snprintf(out, cap, "cpe:2.3:%c", c->part ? c->part : '*');
    for (int i = 1; i < 11 && o < cap; i++)
        o += (size_t)snprintf(out + o, cap - o, ":%s", c->attr[i]);
}

/* The value of an attribute without its quoting backslashes. */
static void unquote(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    for (; *s && o + 1 < cap; s++) {
        if (*s == '\\' && s[1])
            s++;
        out[o++] = *s;
    }
    out[o] = 0;
}

static int has_wild(const char *s)
{
    for (; *s; s++) {
        if (*s == '\\' && s[1]) {
            s++;
            continue;
        }
        if (*s == '*' || *s == '?')
            return 1;
    }
    return 0;
}

/* Glob match: '*' any run, '?' one character; both only unquoted. */
static int wild_match(const char *p, const char *t)
{
    if (!*p)
        return !*t;
    if (*p == '\\' && p[1])
        return *t == p[1] && wild_match(p + 2, t + 1);
    if (*p == '*') {
        for (const char *x = t;; x++) {
            if (wild_match(p + 1, x))
                return 1;
            if (!*x)
                return 0;
        }
    }
    if (*p == '?')
        return *t && wild_match(p + 1, t + 1);
    return *p == *t && wild_match(p + 1, t + 1);
}

vuln_cpe_rel vuln_cpe_attr_compare(const char *source, const char *target)
{
    int s_any = strcmp(source, "*") == 0, t_any = strcmp(target, "*") == 0;
    int s_na = strcmp(source, "-") == 0, t_na = strcmp(target, "-") == 0;
    if (s_any)
        return t_any ? VULN_CPE_EQUAL : VULN_CPE_SUPERSET;
    if (s_na)
        return t_any ? VULN_CPE_SUBSET : t_na ? VULN_CPE_EQUAL : VULN_CPE_DISJOINT;
    if (t_any)
        return VULN_CPE_SUBSET;
    if (t_na)
        return VULN_CPE_DISJOINT;
    if (has_wild(target))
        return VULN_CPE_UNDEFINED;
    if (has_wild(source)) {
        char t[VULN_CPE_MAX / 4];
        unquote(target, t, sizeof t);
        return wild_match(source, t) ? VULN_CPE_SUPERSET : VULN_CPE_DISJOINT;
    }
    return strcmp(source, target) == 0 ? VULN_CPE_EQUAL : VULN_CPE_DISJOINT;
}

const char *vuln_cpe_rel_name(vuln_cpe_rel r)
{
    static const char *const n[] = {"equal", "superset", "subset", "disjoint", "undefined"};
    return (unsigned)r < 5 ? n[r] : "undefined";
}

/* ---- purl ------------------------------------------------------------------ */

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Percent-decode s[0..n) into out; -1 when it does not fit or is malformed. */
static int pdecode(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)s[i];
        if (c == '%') {
            if (i + 2 >= n)
                return -1;
            int h = hexval((unsigned char)s[i + 1]), l = hexval((unsigned char)s[i + 2]);
            if (h < 0 || l < 0)
                return -1;
            c = h * 16 + l;
            i += 2;
        }
        if (c == 0 || o + 1 >= cap)
            return -1;
        out[o++] = (char)c;
    }
    out[o] = 0;
    return 0;
}

static void lower(char *s)
{
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

int vuln_purl_parse(const char *s, vuln_purl *out, gisac_err *err)
{
    memset(out, 0, sizeof *out);
    if (!s || strncasecmp(s, "pkg:", 4) != 0)
        return gisac_err_at(err, GISAC_EINVAL, "$.purl", "not a package URL (pkg:...): '%.60s'",
                            s ? s : "");
    const char *p = s + 4;
    while (*p == '/')
        p++;
    size_t len = strlen(p);
    if (len > 1000)
        return gisac_err_at(err, GISAC_EINVAL, "$.purl", "package URL longer than 1000 bytes");
    const char *hash = memchr(p, '#', len);
    size_t end = hash ? (size_t)(hash - p) : len;
    const char *qm = memchr(p, '?', end);
    size_t path_end = qm ? (size_t)(qm - p) : end;
    const char *slash = memchr(p, '/', path_end);
    if (!slash || slash == p)
        return gisac_err_at(err, GISAC_EINVAL, "$.purl", "package URL without a type: '%.60s'", s);
    size_t tn = (size_t)(slash - p);
    if (tn >= sizeof out->type)
        return gisac_err_at(err, GISAC_EINVAL, "$.purl", "package URL type too long");
    for (size_t i = 0; i < tn; i++) {
        int c = (unsigned char)p[i];
        if (!isalnum(c) && c != '.' && c != '+' && c != '-')
            return gisac_err_at(err, GISAC_EINVAL, "$.purl", "bad character in package URL type");
        out->type[i] = (char)tolower(c);
    }
    const char *path = slash + 1;
    size_t pn = (size_t)(p + path_end - path);
    while (pn > 0 && path[pn - 1] == '/')
        pn--;
    /* version: the '@' after the last '/' */
    const char *last_slash = NULL;
    for (size_t i = 0; i < pn; i++)
        if (path[i] == '/')
            last_slash = path + i;
    const char *name_start = last_slash ? last_slash + 1 : path;
    const char *at = memchr(name_start, '@', (size_t)(path + pn - name_start));
    size_t name_end = at ? (size_t)(at - path) : pn;
    if (at && pdecode(at + 1, (size_t)(path + pn - at - 1), out->version, sizeof out->version) < 0)
        return gisac_err_at(err, GISAC_EINVAL, "$.purl", "bad package URL version");
    if (name_start >= path + name_end)
        return gisac_err_at(err, GISAC_EINVAL, "$.purl", "package URL without a name: '%.60s'", s);
    if (pdecode(name_start, (size_t)(path + name_end - name_start), out->name, sizeof out->name) <
            0 ||
        !out->name[0])
        return gisac_err_at(err, GISAC_EINVAL, "$.purl", "bad package URL name");
    if (last_slash) {
        /* namespace segments, each decoded */
        char ns[256];
        size_t o = 0;
        const char *q = path;
        while (q < last_slash) {
            const char *e = memchr(q, '/', (size_t)(last_slash - q));
            if (!e)
                e = last_slash;
            if (e > q) {
                char seg[256];
                if (pdecode(q, (size_t)(e - q), seg, sizeof seg) < 0 ||
                    o + strlen(seg) + 2 >= sizeof ns)
                    return gisac_err_at(err, GISAC_EINVAL, "$.purl", "bad package URL namespace");
                o += (size_t)snprintf(ns + o, sizeof ns - o, "%s%s", o ? "/" : "", seg);
            }
            q = e + 1;
        }
        snprintf(out->ns, sizeof out->ns, "%s", o ? ns : "");
    }
    if (qm) {
        const char *q = qm + 1;
        const char *qe = p + end;
        while (q < qe) {
            const char *amp = memchr(q, '&', (size_t)(qe - q));
            if (!amp)
                amp = qe;
            if ((size_t)(amp - q) > 7 && strncasecmp(q, "distro=", 7) == 0)
                pdecode(q + 7, (size_t)(amp - q - 7), out->distro, sizeof out->distro);
            else if ((size_t)(amp - q) > 9 && strncasecmp(q, "upstream=", 9) == 0 &&
                     pdecode(q + 9, (size_t)(amp - q - 9), out->upstream, sizeof out->upstream) < 0)
                return gisac_err_at(err, GISAC_EINVAL, "$.purl", "bad package URL upstream");
            q = amp + 1;
        }
        /* upstream=NAME or NAME@VERSION: the source package of a distribution's package */
        char *uat = strchr(out->upstream, '@');
        if (uat) {
            snprintf(out->upstream_version, sizeof out->upstream_version, "%s", uat + 1);
            *uat = 0;
        }
    }
    /* names are compared case-insensitively; PyPI names per PEP 503 */
    lower(out->ns);
    lower(out->name);
    lower(out->upstream);
    if (strcmp(out->type, "pypi") == 0)
        for (char *c = out->name; *c; c++)
            if (*c == '_' || *c == '.')
                *c = '-';
    return 0;
}

void vuln_purl_key(const vuln_purl *p, char *out, size_t cap)
{
    /* a distribution's data names source packages */
    const char *name = p->upstream[0] && vuln_purl_is_distro(p->type) ? p->upstream : p->name;
    if (p->ns[0])
        snprintf(out, cap, "%s/%s/%s", p->type, p->ns, name);
    else
        snprintf(out, cap, "%s/%s", p->type, name);
}

vuln_scheme vuln_purl_scheme(const char *type)
{
    static const struct {
        const char *t;
        vuln_scheme s;
    } m[] = {{"deb", VULN_V_DEBIAN},  {"npm", VULN_V_NPM},     {"golang", VULN_V_GO},
             {"pypi", VULN_V_PEP440}, {"maven", VULN_V_MAVEN}, {"rpm", VULN_V_RPM},
             {"cargo", VULN_V_SEMVER}};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (strcmp(type, m[i].t) == 0)
            return m[i].s;
    return VULN_V_GENERIC;
}

int vuln_purl_is_distro(const char *type)
{
    return strcmp(type, "deb") == 0 || strcmp(type, "rpm") == 0 || strcmp(type, "apk") == 0 ||
           strcmp(type, "alpm") == 0;
}

const char *vuln_osv_ecosystem_type(const char *eco)
{
    static const struct {
        const char *e;
        const char *t;
    } m[] = {{"npm", "npm"},         {"PyPI", "pypi"},
             {"Maven", "maven"},     {"Go", "golang"},
             {"crates.io", "cargo"}, {"Packagist", "composer"},
             {"RubyGems", "gem"},    {"NuGet", "nuget"},
             {"Hex", "hex"},         {"Pub", "pub"},
             {"Debian", "deb"},      {"Ubuntu", "deb"},
             {"Alpine", "apk"},      {"Rocky Linux", "rpm"},
             {"AlmaLinux", "rpm"},   {"Red Hat", "rpm"},
             {"SwiftURL", "swift"},  {"Hackage", "hackage"},
             {"CRAN", "cran"},       {"GitHub Actions", "github"}};
    if (!eco)
        return NULL;
    size_t n = strcspn(eco, ":");
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (strlen(m[i].e) == n && strncmp(eco, m[i].e, n) == 0)
            return m[i].t;
    return NULL;
}

void vuln_norm_name(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    int blank = 0;
    if (!cap)
        return;
    for (; s && *s && o + 1 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == ' ' || c == '\t') {
            blank = 1;
            continue;
        }
        if (blank && o > 0 && o + 2 < cap)
            out[o++] = '_';
        blank = 0;
        out[o++] = (char)tolower(c);
    }
    out[o] = 0;
}
