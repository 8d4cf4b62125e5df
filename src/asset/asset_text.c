/*
 * asset_text.c: the line formats of the register (asset.h): a Debian dpkg
 * status file and a CSV inventory. Untrusted input: every line is checked,
 * and an error tells the line it concerns (out->line).
 */
#include "asset/asset.h"
#include "vuln/vuln.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A new, empty inventory of format fmt. */
static int open_inv(asset_sbom *out, const char *fmt, gisac_err *err)
{
    memset(out, 0, sizeof *out);
    snprintf(out->format, sizeof out->format, "%s", fmt);
    out->arena = gisac_arena_new(64 * 1024);
    return out->arena ? 0 : gisac_err_set(err, GISAC_ENOMEM, "out of memory");
}

/* An error at line (1-based) of the input. */
static int line_error(asset_sbom *sb, size_t line, gisac_err *err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int line_error(asset_sbom *sb, size_t line, gisac_err *err, const char *fmt, ...)
{
    sb->line = line;
    char field[32];
    snprintf(field, sizeof field, "line %zu", line);
    char msg[GISAC_ERR_MSG];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return gisac_err_at(err, GISAC_EINVAL, field, "%s", msg);
}

/* s percent-encoded for a purl (RFC 3986 unreserved bytes kept) appended to b. */
static int penc(gisac_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int rc = isalnum(c) || c == '.' || c == '-' || c == '_' || c == '~'
                     ? gisac_buf_putc(b, (char)c)
                     : gisac_buf_printf(b, "%%%c%c", hex[c >> 4], hex[c & 15]);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int asset_distro_check(const char *distro, gisac_err *err)
{
    const char *dash = distro ? strchr(distro, '-') : NULL;
    int ok = dash && dash > distro && dash[1] && strlen(distro) < 48;
    for (const char *c = distro; ok && c < dash; c++)
        ok = islower((unsigned char)*c);
    for (const char *c = dash ? dash + 1 : ""; ok && *c; c++)
        ok = isalnum((unsigned char)*c) || *c == '.';
    if (!ok)
        return gisac_err_at(err, GISAC_EINVAL, "$.distro",
                            "distro '%.60s': NAME-RELEASE expected (debian-12, ubuntu-22.04)",
                            distro ? distro : "");
    return 0;
}

/* ---- dpkg status ------------------------------------------------------------ */

enum { F_PACKAGE, F_SOURCE, F_VERSION, F_ARCH, F_STATUS, F_N };
static const char *const dpkg_fields[F_N] = {"Package", "Source", "Version", "Architecture",
                                             "Status"};

typedef struct para {
    const char *v[F_N];
    size_t n[F_N];
    size_t line[F_N];
    size_t start; /* the paragraph's first line, 0 when none is open */
} para;

static int ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* The paragraph p as a component (when installed). */
static int dpkg_emit(asset_sbom *sb, const para *p, const char *ns, const char *distro,
                     gisac_buf *purl, gisac_err *err)
{
    if (!p->v[F_PACKAGE])
        return line_error(sb, p->start, err, "a paragraph without Package");
    if (!p->v[F_STATUS])
        return line_error(sb, p->start, err, "package %.*s: no Status", (int)p->n[F_PACKAGE],
                          p->v[F_PACKAGE]);
    char status[64];
    snprintf(status, sizeof status, "%.*s", (int)p->n[F_STATUS], p->v[F_STATUS]);
    if (strcmp(status, "install ok installed") != 0 && strcmp(status, "hold ok installed") != 0)
        return 0; /* removed, half-installed, config files only: not on the host */
    if (!p->v[F_VERSION])
        return line_error(sb, p->start, err, "package %.*s: installed without a Version",
                          (int)p->n[F_PACKAGE], p->v[F_PACKAGE]);
    const char *pkg = gisac_arena_strndup(sb->arena, p->v[F_PACKAGE], p->n[F_PACKAGE]);
    const char *ver = gisac_arena_strndup(sb->arena, p->v[F_VERSION], p->n[F_VERSION]);
    if (!pkg || !ver)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    gisac_err e2 = GISAC_ERR_INIT;
    if (vuln_version_check(VULN_V_DEBIAN, ver, &e2) < 0)
        return line_error(sb, p->line[F_VERSION], err, "package %s: Version: %s", pkg, e2.msg);
    /* Source: NAME or NAME (VERSION) */
    const char *src = p->v[F_SOURCE];
    size_t srcn = 0, svn = 0;
    const char *sv = NULL;
    if (src) {
        while (srcn < p->n[F_SOURCE] && !ws(src[srcn]) && src[srcn] != '(')
            srcn++;
        const char *rest = src + srcn, *end = src + p->n[F_SOURCE];
        while (rest < end && ws(*rest))
            rest++;
        if (rest < end) {
            const char *close = memchr(rest, ')', (size_t)(end - rest));
            if (*rest != '(' || !close || close + 1 != end || close == rest + 1)
                return line_error(sb, p->line[F_SOURCE], err,
                                  "package %s: Source: NAME or NAME (VERSION) expected", pkg);
            sv = rest + 1;
            svn = (size_t)(close - sv);
        }
        if (!srcn)
            return line_error(sb, p->line[F_SOURCE], err, "package %s: Source: no name", pkg);
    }
    gisac_buf_reset(purl);
    int rc = gisac_buf_printf(purl, "pkg:deb/%s/", ns);
    rc |= penc(purl, pkg, strlen(pkg));
    rc |= gisac_buf_putc(purl, '@');
    rc |= penc(purl, ver, strlen(ver));
    const char *sep = "?";
    if (p->v[F_ARCH]) {
        rc |= gisac_buf_puts(purl, "?arch=");
        rc |= penc(purl, p->v[F_ARCH], p->n[F_ARCH]);
        sep = "&";
    }
    /* upstream: the source package (its version when not the package's) */
    rc |= gisac_buf_printf(purl, "%supstream=", sep);
    rc |= src ? penc(purl, src, srcn) : penc(purl, pkg, strlen(pkg));
    if (sv && (svn != strlen(ver) || memcmp(sv, ver, svn) != 0)) {
        rc |= penc(purl, "@", 1);
        rc |= penc(purl, sv, svn);
    }
    if (distro) {
        rc |= gisac_buf_puts(purl, "&distro=");
        rc |= penc(purl, distro, strlen(distro));
    }
    if (rc < 0)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    rc = asset_sbom_add(sb, NULL, pkg, ver, purl->data, NULL, err);
    return rc < 0 ? line_error(sb, p->start, err, "package %s: %s", pkg, err->msg) : 0;
}

int asset_dpkg_parse(const char *data, size_t len, const char *distro, asset_sbom *out,
                     gisac_err *err)
{
    int rc = open_inv(out, "dpkg-status", err);
    char ns[48] = "debian";
    if (rc == 0 && distro && (rc = asset_distro_check(distro, err)) == 0)
        snprintf(ns, sizeof ns, "%.*s", (int)strcspn(distro, "-"), distro);
    gisac_buf purl = GISAC_BUF_INIT;
    para p = {0};
    size_t line = 0;
    for (size_t i = 0; rc == 0 && i <= len; line++) {
        const char *ls = data + i;
        const char *nl = i < len ? memchr(ls, '\n', len - i) : NULL;
        size_t n = nl ? (size_t)(nl - ls) : len - i;
        i += n + 1;
        size_t k = 0;
        while (k < n && ws(ls[k]))
            k++;
        if (k == n) { /* a blank line (or the end) closes the paragraph */
            if (p.start)
                rc = dpkg_emit(out, &p, ns, distro, &purl, err);
            memset(&p, 0, sizeof p);
            continue;
        }
        if (memchr(ls, 0, n))
            rc = line_error(out, line + 1, err, "a NUL byte");
        else if (ls[0] == ' ' || ls[0] == '\t') {
            if (!p.start) /* a continuation (Description, Conffiles): not kept */
                rc = line_error(out, line + 1, err, "a continuation line outside a field");
        } else if (ls[0] == '#')
            rc = line_error(out, line + 1, err, "a comment in a dpkg status file");
        else {
            const char *colon = memchr(ls, ':', n);
            size_t fn = colon ? (size_t)(colon - ls) : 0;
            for (size_t j = 0; j < fn && colon; j++)
                if (ws(ls[j]) || (unsigned char)ls[j] < 33)
                    colon = NULL;
            if (!colon || !fn) {
                rc = line_error(out, line + 1, err, "not a field (Name: value)");
                continue;
            }
            if (!p.start)
                p.start = line + 1;
            const char *v = colon + 1, *ve = ls + n;
            while (v < ve && ws(*v))
                v++;
            while (ve > v && ws(ve[-1]))
                ve--;
            for (int f = 0; f < F_N; f++) {
                if (strlen(dpkg_fields[f]) != fn || strncasecmp(ls, dpkg_fields[f], fn) != 0)
                    continue;
                if (p.v[f])
                    rc = line_error(out, line + 1, err, "%s given twice in a paragraph",
                                    dpkg_fields[f]);
                else if (v == ve)
                    rc = line_error(out, line + 1, err, "%s: empty", dpkg_fields[f]);
                p.v[f] = v, p.n[f] = (size_t)(ve - v), p.line[f] = line + 1;
            }
        }
    }
    gisac_buf_free(&purl);
    return rc;
}

/* ---- CSV -------------------------------------------------------------------- */

enum { C_VENDOR, C_PRODUCT, C_VERSION, C_CPE, C_PURL, C_N };
static const char *const csv_cols[C_N] = {"vendor", "product", "version", "cpe", "purl"};

/* One record's fields: offsets of their NUL-terminated copies in a buffer. */
typedef struct rec {
    size_t off[C_N + 1];
    size_t n; /* fields read (more than C_N are counted, not kept) */
} rec;

/*
 * Read the record at *pos (line *line) into b and r; 1 when one was read,
 * 0 at the end, or an error (an unterminated quote, text after a closing
 * quote, a quote in an unquoted field).
 */
static int csv_record(asset_sbom *sb, const char *d, size_t len, size_t *pos, size_t *line,
                      gisac_buf *b, rec *r, gisac_err *err)
{
    size_t i = *pos, start = *line;
    if (i >= len)
        return 0;
    gisac_buf_reset(b);
    r->n = 0;
    for (;;) {
        if (r->n <= C_N)
            r->off[r->n] = b->len;
        r->n++;
        if (i < len && d[i] == '"') {
            i++;
            for (;;) {
                if (i >= len)
                    return line_error(sb, start, err, "field %zu: a quote that is not closed",
                                      r->n);
                if (d[i] == '"' && i + 1 < len && d[i + 1] == '"')
                    i++;
                else if (d[i] == '"')
                    break;
                if (d[i] == '\n')
                    (*line)++;
                if (gisac_buf_putc(b, d[i++]) < 0)
                    return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
            }
            i++;
            if (i < len && d[i] != ',' && d[i] != '\n' &&
                !(d[i] == '\r' && i + 1 < len && d[i + 1] == '\n'))
                return line_error(sb, *line, err, "field %zu: text after the closing quote", r->n);
        } else {
            while (i < len && d[i] != ',' && d[i] != '\n') {
                if (d[i] == '"')
                    return line_error(sb, *line, err, "field %zu: a quote inside an unquoted field",
                                      r->n);
                if (d[i] == '\r' && i + 1 < len && d[i + 1] == '\n')
                    break;
                if (d[i] == 0)
                    return line_error(sb, *line, err, "field %zu: a NUL byte", r->n);
                if (gisac_buf_putc(b, d[i++]) < 0)
                    return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
            }
        }
        if (gisac_buf_putc(b, 0) < 0)
            return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        if (i < len && d[i] == ',') {
            i++;
            continue;
        }
        if (i < len && d[i] == '\r')
            i++;
        if (i < len)
            i++, (*line)++; /* '\n' */
        break;
    }
    *pos = i;
    return 1;
}

/* Value bound for a CPE 2.3 formatted string: blanks as '_', lower case, punctuation quoted. */
static int cpe_bind(gisac_buf *b, const char *s)
{
    char norm[256];
    vuln_norm_name(s, norm, sizeof norm);
    for (const char *c = norm; *c; c++) {
        unsigned char u = (unsigned char)*c;
        int rc = isalnum(u) || u == '_' || u == '.' || u == '-' || u >= 0x80
                     ? gisac_buf_putc(b, (char)u)
                     : gisac_buf_printf(b, "\\%c", u);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int csv_component(asset_sbom *sb, const char *const f[C_N], size_t line, gisac_buf *cpe,
                         gisac_err *err)
{
    const char *name = f[C_PRODUCT];
    vuln_purl p;
    vuln_cpe cp;
    const char *version = f[C_VERSION];
    int purl_ok = *f[C_PURL] && vuln_purl_parse(f[C_PURL], &p, NULL) == 0;
    if (!*version && purl_ok && p.version[0]) /* the purl's version when none is given */
        version = p.version;
    if (!*name && purl_ok)
        name = p.name;
    else if (!*name && *f[C_CPE] && vuln_cpe_parse(f[C_CPE], &cp, NULL) == 0 &&
             !strchr("*-", cp.attr[VULN_CPE_PRODUCT][0]))
        name = cp.attr[VULN_CPE_PRODUCT];
    const char *c = f[C_CPE];
    if (!*c && *f[C_VENDOR] && *f[C_PRODUCT]) {
        gisac_buf_reset(cpe);
        int rc = gisac_buf_puts(cpe, "cpe:2.3:a:");
        rc |= cpe_bind(cpe, f[C_VENDOR]);
        rc |= gisac_buf_putc(cpe, ':');
        rc |= cpe_bind(cpe, f[C_PRODUCT]);
        rc |= gisac_buf_putc(cpe, ':');
        rc |= *version ? cpe_bind(cpe, version) : gisac_buf_putc(cpe, '*');
        rc |= gisac_buf_puts(cpe, ":*:*:*:*:*:*:*");
        if (rc < 0)
            return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
        c = cpe->data;
    }
    int rc = asset_sbom_add(sb, NULL, name, version, f[C_PURL], c, err);
    if (rc < 0 && !*name)
        return line_error(sb, line, err,
                          "no product, purl or CPE product: a component needs a name");
    return rc < 0 ? line_error(sb, line, err, "%s", err->msg) : 0;
}

int asset_csv_parse(const char *data, size_t len, asset_sbom *out, gisac_err *err)
{
    int rc = open_inv(out, "csv", err);
    gisac_buf b = GISAC_BUF_INIT, cpe = GISAC_BUF_INIT;
    size_t pos = 0, line = 1;
    rec r;
    for (int first = 1; rc == 0;) {
        size_t at = line;
        int got = csv_record(out, data, len, &pos, &line, &b, &r, err);
        if (got <= 0) {
            rc = got;
            break;
        }
        if (r.n == 1 && b.data[0] == 0)
            continue; /* a blank line */
        if (r.n != C_N) {
            rc = line_error(out, at, err,
                            "%zu fields; 5 expected (vendor,product,version,cpe,purl)", r.n);
            break;
        }
        const char *f[C_N];
        for (int k = 0; k < C_N; k++)
            f[k] = b.data + r.off[k];
        int header = first;
        for (int k = 0; header && k < C_N; k++)
            header = strcasecmp(f[k], csv_cols[k]) == 0;
        first = 0;
        if (!header)
            rc = csv_component(out, f, at, &cpe, err);
    }
    gisac_buf_free(&b);
    gisac_buf_free(&cpe);
    return rc;
}

int asset_inventory_parse(const char *data, size_t len, const char *name, const char *distro,
                          asset_sbom *out, gisac_err *err)
{
    size_t i = 0, nn = name ? strlen(name) : 0;
    while (i < len && (ws(data[i]) || data[i] == '\n'))
        i++;
    if ((i < len && (data[i] == '{' || data[i] == '[')) ||
        (nn > 5 && strcasecmp(name + nn - 5, ".json") == 0))
        return asset_sbom_parse(data, len, out, err);
    if (len - i >= 8 && strncasecmp(data + i, "Package:", 8) == 0)
        return asset_dpkg_parse(data, len, distro, out, err);
    return asset_csv_parse(data, len, out, err);
}
