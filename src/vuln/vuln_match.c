/*
 * vuln_match.c: one component against one record, exactly (vuln.h).
 *
 * Identity first: a record's affected entry names a component by its purl
 * package key or by CPE vendor and product, never by a wildcard and never
 * by a name alone. Then the version, in the ordering the data says (OSV
 * range type and ecosystem, CVE 5 versionType) or, where the data leaves
 * it open, the component's ecosystem's. Whatever cannot be decided (no
 * version, "-" or "*", a GIT range, a version the ordering does not read,
 * an upstream range against a distribution's package) is "unknown", never
 * "affected". Every verdict says why.
 */
/* JSON paths and explanations are cut at their buffers' size on purpose
 * (an error's field holds GISAC_ERR_FIELD bytes) */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif
#include "vuln/vuln_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *vuln_status_name(vuln_status s)
{
    return s == VULN_AFFECTED ? "affected" : s == VULN_UNKNOWN ? "unknown" : "not_affected";
}

typedef struct tinfo {
    char pkey[600], ckey[600];
    char type[32];
    char distro[64];
    const char *version; /* NULL when none is known */
    char cpe_version[VULN_CPE_MAX / 4];
    char src_version[128]; /* a distribution package's source version (purl upstream) */
    vuln_scheme scheme;
    int distro_pkg;
} tinfo;

static void target_info(const vuln_target *t, tinfo *ti)
{
    memset(ti, 0, sizeof *ti);
    ti->scheme = VULN_V_GENERIC;
    vuln_purl p;
    if (t->purl && vuln_purl_parse(t->purl, &p, NULL) == 0) {
        vuln_purl_key(&p, ti->pkey, sizeof ti->pkey);
        snprintf(ti->type, sizeof ti->type, "%s", p.type);
        snprintf(ti->distro, sizeof ti->distro, "%s", p.distro);
        ti->scheme = vuln_purl_scheme(p.type);
        ti->distro_pkg = vuln_purl_is_distro(p.type);
        if (ti->distro_pkg)
            snprintf(ti->src_version, sizeof ti->src_version, "%s", p.upstream_version);
    }
    vuln_cpe c;
    if (t->cpe && vuln_cpe_parse(t->cpe, &c, NULL) == 0) {
        const char *v = c.attr[VULN_CPE_VENDOR], *pr = c.attr[VULN_CPE_PRODUCT];
        if (!strpbrk(v, "*?") && !strpbrk(pr, "*?") && strcmp(v, "-") && strcmp(pr, "-"))
            snprintf(ti->ckey, sizeof ti->ckey, "%s:%s", v, pr);
        snprintf(ti->cpe_version, sizeof ti->cpe_version, "%s", c.attr[VULN_CPE_VERSION]);
    }
    if (ti->src_version[0])
        ti->version = ti->src_version; /* the distribution's data names source versions */
    else if (t->version && *t->version)
        ti->version = t->version;
    else if (ti->cpe_version[0])
        ti->version = ti->cpe_version; /* "-" and "*" are caught by the matcher */
}

vuln_scheme vuln_target_scheme(const vuln_target *t)
{
    tinfo ti;
    target_info(t, &ti);
    return ti.scheme;
}

void vuln_target_keys(const vuln_target *t, char *pkey, size_t pcap, char *ckey, size_t ccap)
{
    tinfo ti;
    target_info(t, &ti);
    snprintf(pkey, pcap, "%s", ti.pkey);
    snprintf(ckey, ccap, "%s", ti.ckey);
}

static void why(vuln_verdict *out, vuln_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void why(vuln_verdict *out, vuln_status st, const char *fmt, ...)
{
    out->status = st;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->why, sizeof out->why, fmt, ap);
    va_end(ap);
    gisac_utf8_trim(out->why);
}

/* Compare, or -2 with the reason in e when the ordering cannot read a version. */
static int vcmp(vuln_scheme s, const char *a, const char *b, gisac_err *e)
{
    int c = 0;
    if (vuln_version_cmp(s, a, b, &c, e) < 0)
        return -2;
    return c;
}

static const char *rel(int c)
{
    return c < 0 ? "<" : c > 0 ? ">" : "=";
}

/* ---- OSV ----------------------------------------------------------------------- */

static vuln_scheme osv_scheme(const vuln_affected *a, const vuln_range *r)
{
    if (strcmp(r->type, "SEMVER") == 0)
        return VULN_V_NPM; /* SemVer; a leading "v" (Go modules) read as well */
    if (strcmp(r->type, "ECOSYSTEM") != 0)
        return VULN_V_NONE;
    const char *t = vuln_osv_ecosystem_type(a->ecosystem);
    return t ? vuln_purl_scheme(t) : VULN_V_NONE;
}

/* One OSV range: affected, not, or unknown, with why. */
static vuln_status osv_range(const vuln_record *rec, const vuln_affected *a, const vuln_range *r,
                             const char *v, char *w, size_t cap)
{
    vuln_scheme s = osv_scheme(a, r);
    const char *label = strcmp(r->type, "SEMVER") == 0 ? "semver" : vuln_scheme_name(s);
    if (s == VULN_V_NONE) {
        snprintf(w, cap, "%s %s: a %s range has no version ordering", rec->id, r->where, r->type);
        return VULN_UNKNOWN;
    }
    gisac_err e = GISAC_ERR_INIT;
    if (vuln_version_check(s, v, &e) < 0) {
        snprintf(w, cap, "%s %s: the component's %s (%s)", rec->id, r->where, e.msg, label);
        return VULN_UNKNOWN;
    }
    /* the introduced event at or below v that is highest, and the first
     * fixed / last_affected event above it */
    const vuln_event *intro = NULL;
    int intro_zero = 0;
    for (size_t i = 0; i < r->nev; i++) {
        const vuln_event *ev = &r->ev[i];
        if (ev->kind != VULN_EV_INTRODUCED)
            continue;
        int zero = strcmp(ev->v, "0") == 0;
        if (!zero) {
            int c = vcmp(s, v, ev->v, &e);
            if (c == -2) {
                snprintf(w, cap, "%s %s: introduced %s: %s", rec->id, r->where, ev->v, e.msg);
                return VULN_UNKNOWN;
            }
            if (c < 0)
                continue;
        }
        if (!intro)
            intro = ev, intro_zero = zero;
        else if (!zero && !intro_zero) {
            int c = vcmp(s, ev->v, intro->v, &e);
            if (c > 0)
                intro = ev;
        } else if (!zero && intro_zero)
            intro = ev, intro_zero = 0;
    }
    if (!intro) {
        snprintf(w, cap, "%s %s: %s is below every introduced version (%s)", rec->id, r->where, v,
                 label);
        return VULN_NOT_AFFECTED;
    }
    /* a closing event at or above intro and at or below v ends it */
    const vuln_event *close = NULL;
    for (size_t i = 0; i < r->nev; i++) {
        const vuln_event *ev = &r->ev[i];
        if (ev->kind != VULN_EV_FIXED && ev->kind != VULN_EV_LAST_AFFECTED)
            continue;
        if (!intro_zero) {
            int c = vcmp(s, ev->v, intro->v, &e);
            if (c == -2) {
                snprintf(w, cap, "%s %s: %s: %s", rec->id, r->where, ev->v, e.msg);
                return VULN_UNKNOWN;
            }
            if (c < 0)
                continue;
        }
        int c = vcmp(s, v, ev->v, &e);
        if (c == -2) {
            snprintf(w, cap, "%s %s: %s: %s", rec->id, r->where, ev->v, e.msg);
            return VULN_UNKNOWN;
        }
        int ends = ev->kind == VULN_EV_FIXED ? c >= 0 : c > 0;
        if (ends) {
            snprintf(w, cap, "%s %s: introduced %s <= %s %s %s %s (%s)", rec->id, r->where,
                     intro->v, v, ev->kind == VULN_EV_FIXED ? ">=" : ">",
                     ev->kind == VULN_EV_FIXED ? "fixed" : "last_affected", ev->v, label);
            return VULN_NOT_AFFECTED;
        }
        if (!close || vcmp(s, ev->v, close->v, &e) < 0)
            close = ev;
    }
    if (close)
        snprintf(w, cap, "%s %s: introduced %s <= %s %s %s %s (%s)", rec->id, r->where, intro->v, v,
                 close->kind == VULN_EV_FIXED ? "<" : "<=",
                 close->kind == VULN_EV_FIXED ? "fixed" : "last_affected", close->v, label);
    else
        snprintf(w, cap, "%s %s: introduced %s <= %s, no fix (%s)", rec->id, r->where, intro->v, v,
                 label);
    return VULN_AFFECTED;
}

static int osv_distro_ok(const vuln_affected *a, const tinfo *ti, char *w, size_t cap,
                         const char *id)
{
    /* "Debian:12" against distro=debian-12 (or no release given) */
    const char *colon = a->ecosystem ? strchr(a->ecosystem, ':') : NULL;
    if (!colon || !ti->distro_pkg)
        return 1;
    const char *rel_ = colon + 1;
    const char *d = ti->distro;
    const char *dash = strrchr(d, '-');
    if (!d[0]) {
        snprintf(w, cap, "%s %s: %s names release %s; the component names no distro release", id,
                 a->where, a->ecosystem, rel_);
        return -1;
    }
    return strcmp(dash ? dash + 1 : d, rel_) == 0;
}

static int match_osv(const vuln_record *r, const tinfo *ti, vuln_verdict *out)
{
    int named = 0;
    char best_not[VULN_WHY_MAX] = "", unknown[VULN_WHY_MAX] = "";
    for (size_t i = 0; i < r->naff; i++) {
        const vuln_affected *a = &r->aff[i];
        if (!a->pkey || !ti->pkey[0] || strcmp(a->pkey, ti->pkey) != 0)
            continue;
        char w[VULN_WHY_MAX];
        int d = osv_distro_ok(a, ti, w, sizeof w, r->id);
        if (d == 0)
            continue; /* another release's data */
        named = 1;
        if (d < 0) {
            snprintf(unknown, sizeof unknown, "%s", w);
            continue;
        }
        if (!ti->version || !strcmp(ti->version, "-") || !strcmp(ti->version, "*")) {
            snprintf(unknown, sizeof unknown, "%s %s: the component has no version%s%s%s", r->id,
                     a->where, ti->version ? " ('" : "", ti->version ? ti->version : "",
                     ti->version ? "')" : "");
            continue;
        }
        for (size_t j = 0; j < a->nversions; j++)
            if (strcmp(a->versions[j], ti->version) == 0) {
                why(out, VULN_AFFECTED, "%s %s.versions[%zu]: %s is listed", r->id, a->where, j,
                    ti->version);
                return 1;
            }
        for (size_t j = 0; j < a->nr; j++) {
            vuln_status st = osv_range(r, a, &a->r[j], ti->version, w, sizeof w);
            if (st == VULN_AFFECTED) {
                why(out, st, "%s", w);
                return 1;
            }
            if (st == VULN_UNKNOWN)
                snprintf(unknown, sizeof unknown, "%s", w);
            else if (!best_not[0])
                snprintf(best_not, sizeof best_not, "%s", w);
        }
        if (!best_not[0] && a->nr == 0)
            snprintf(best_not, sizeof best_not, "%s %s: %s is not listed", r->id, a->where,
                     ti->version);
    }
    if (!named)
        return 0;
    if (unknown[0])
        why(out, VULN_UNKNOWN, "%s", unknown);
    else
        why(out, VULN_NOT_AFFECTED, "%s", best_not[0] ? best_not : "outside every range");
    return 1;
}

/* ---- CVE 5 ---------------------------------------------------------------------- */

static vuln_status st_of(const char *s)
{
    if (s && strcmp(s, "affected") == 0)
        return VULN_AFFECTED;
    if (s && strcmp(s, "unaffected") == 0)
        return VULN_NOT_AFFECTED;
    return VULN_UNKNOWN;
}

static int open_lower(const char *v)
{
    return !v || !*v || strcmp(v, "0") == 0 || strcmp(v, "*") == 0;
}

/* "< 1.26.18" or ">= 2.0.0, < 2.0.7" written inside version: each constraint
 * checked; -1 when it is not such a text. */
static int constraint_text(vuln_scheme s, const char *text, const char *v, int *in, char *w,
                           size_t cap)
{
    if (!strpbrk(text, "<>="))
        return -1;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", text);
    *in = 1;
    size_t o = 0;
    char *save = NULL;
    for (char *part = strtok_r(buf, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
        while (*part == ' ')
            part++;
        char op[3] = "";
        size_t k = 0;
        while (k < 2 && part[k] && strchr("<>=", part[k]))
            op[k] = part[k], k++;
        op[k] = 0;
        const char *ver = part + k;
        while (*ver == ' ')
            ver++;
        char vv[128];
        snprintf(vv, sizeof vv, "%s", ver);
        for (char *e = vv + strlen(vv); e > vv && e[-1] == ' ';)
            *--e = 0;
        gisac_err e = GISAC_ERR_INIT;
        int c = vcmp(s, v, vv, &e);
        if (c == -2 || !op[0])
            return -2;
        int ok = strcmp(op, "<") == 0                            ? c < 0
                 : strcmp(op, "<=") == 0                         ? c <= 0
                 : strcmp(op, ">") == 0                          ? c > 0
                 : strcmp(op, ">=") == 0                         ? c >= 0
                 : strcmp(op, "=") == 0 || strcmp(op, "==") == 0 ? c == 0
                                                                 : -1;
        if (ok < 0)
            return -2;
        o += (size_t)snprintf(w + o, o < cap ? cap - o : 0, "%s%s %s %s", o ? ", " : "", v, rel(c),
                              vv);
        if (!ok)
            *in = 0;
    }
    return 0;
}

/* One versions[] entry: VULN_AFFECTED / NOT_AFFECTED (decided), UNKNOWN
 * (cannot decide), or -1 (the entry does not speak of v). */
static int cve5_entry(const vuln_record *rec, const vuln_range *r, vuln_scheme s, const char *v,
                      char *w, size_t cap)
{
    gisac_err e = GISAC_ERR_INIT;
    char cmpw[300] = "";
    if (!r->less_than && !r->less_equal) {
        int in;
        int rc = constraint_text(s, r->version, v, &in, cmpw, sizeof cmpw);
        if (rc == -2) {
            snprintf(w, cap, "%s %s: version '%s' is not read as %s", rec->id, r->where, r->version,
                     vuln_scheme_name(s));
            return VULN_UNKNOWN;
        }
        if (rc == 0) {
            if (!in)
                return -1;
            snprintf(w, cap, "%s %s: %s (%s): %s", rec->id, r->where, cmpw, vuln_scheme_name(s),
                     r->status);
            return (int)st_of(r->status);
        }
        if (strcmp(r->version, "*") == 0 || strcmp(r->version, "-") == 0 ||
            strcmp(r->version, "n/a") == 0) {
            snprintf(w, cap, "%s %s: version '%s' names no version", rec->id, r->where, r->version);
            return VULN_UNKNOWN;
        }
        int c = vcmp(s, v, r->version, &e);
        if (c == -2) {
            snprintf(w, cap, "%s %s: %s", rec->id, r->where, e.msg);
            return VULN_UNKNOWN;
        }
        if (c != 0)
            return -1;
        snprintf(w, cap, "%s %s: %s = %s (%s): %s", rec->id, r->where, v, r->version,
                 vuln_scheme_name(s), r->status);
        return (int)st_of(r->status);
    }
    const char *upper = r->less_than ? r->less_than : r->less_equal;
    int incl = r->less_than == NULL;
    int lo = 0;
    if (!open_lower(r->version)) {
        lo = vcmp(s, v, r->version, &e);
        if (lo == -2) {
            snprintf(w, cap, "%s %s: %s", rec->id, r->where, e.msg);
            return VULN_UNKNOWN;
        }
        if (lo < 0)
            return -1;
    }
    int hi;
    size_t ul = strlen(upper);
    if (strcmp(upper, "*") == 0 && incl)
        hi = -1; /* no upper end */
    else if (incl && ul > 2 && strcmp(upper + ul - 2, ".*") == 0 && !memchr(upper, '*', ul - 2)) {
        /* "5.4.*": every 5.4 version */
        char pre[128];
        snprintf(pre, sizeof pre, "%.*s", (int)(ul - 2), upper);
        size_t pl = strlen(pre);
        if (strncmp(v, pre, pl) == 0 && (v[pl] == 0 || v[pl] == '.'))
            hi = 0;
        else {
            hi = vcmp(s, v, pre, &e);
            if (hi == 0)
                hi = -1;
        }
    } else if (strchr(upper, '*')) {
        snprintf(w, cap, "%s %s: %s '%s' names no version", rec->id, r->where,
                 incl ? "lessThanOrEqual" : "lessThan", upper);
        return VULN_UNKNOWN;
    } else
        hi = vcmp(s, v, upper, &e);
    if (hi == -2) {
        snprintf(w, cap, "%s %s: %s", rec->id, r->where, e.msg);
        return VULN_UNKNOWN;
    }
    if (incl ? hi > 0 : hi >= 0)
        return -1;
    /* inside: the status, then each change at or below v in turn */
    const char *st = r->status;
    const char *at = NULL;
    for (size_t i = 0; i < r->nchanges; i++) {
        int c = vcmp(s, v, r->changes[i].at, &e);
        if (c == -2) {
            snprintf(w, cap, "%s %s.changes[%zu]: %s", rec->id, r->where, i, e.msg);
            return VULN_UNKNOWN;
        }
        if (c >= 0 && (!at || vcmp(s, r->changes[i].at, at, &e) >= 0))
            st = r->changes[i].status, at = r->changes[i].at;
    }
    if (at)
        snprintf(w, cap, "%s %s: %s <= %s %s %s %s, change at %s <= %s (%s): %s", rec->id, r->where,
                 open_lower(r->version) ? "0" : r->version, v, incl ? "<=" : "<",
                 incl ? "lessThanOrEqual" : "lessThan", upper, at, v, vuln_scheme_name(s), st);
    else
        snprintf(w, cap, "%s %s: %s <= %s %s %s %s (%s): %s", rec->id, r->where,
                 open_lower(r->version) ? "0" : r->version, v, incl ? "<=" : "<",
                 incl ? "lessThanOrEqual" : "lessThan", upper, vuln_scheme_name(s), st);
    return (int)st_of(st);
}

static int match_cve5(const vuln_record *r, const tinfo *ti, vuln_verdict *out)
{
    int named = 0;
    vuln_status best = VULN_NOT_AFFECTED;
    int best_decisive = 0;
    char w_best[VULN_WHY_MAX] = "";
    for (size_t i = 0; i < r->naff; i++) {
        const vuln_affected *a = &r->aff[i];
        int hit = (a->pkey && ti->pkey[0] && strcmp(a->pkey, ti->pkey) == 0) ||
                  (a->ckey && ti->ckey[0] && strcmp(a->ckey, ti->ckey) == 0);
        for (size_t j = 0; !hit && j < a->ncpe; j++)
            hit = ti->ckey[0] && strcmp(a->cpe_keys[j], ti->ckey) == 0;
        if (!hit)
            continue;
        named = 1;
        char w[VULN_WHY_MAX];
        vuln_status st;
        int decisive = 1;
        if (ti->distro_pkg) {
            snprintf(w, sizeof w,
                     "%s %s: an upstream range is not compared with the distribution's version %s",
                     r->id, a->where, ti->version ? ti->version : "(none)");
            st = VULN_UNKNOWN;
        } else if (!ti->version || !strcmp(ti->version, "-") || !strcmp(ti->version, "*")) {
            snprintf(w, sizeof w, "%s %s: the component has no version%s%s%s", r->id, a->where,
                     ti->version ? " ('" : "", ti->version ? ti->version : "",
                     ti->version ? "')" : "");
            st = VULN_UNKNOWN;
        } else {
            int decided = -1, orderable = 0, unordered = 0;
            char wu[VULN_WHY_MAX] = "";
            for (size_t j = 0; j < a->nr && decided != VULN_AFFECTED; j++) {
                const vuln_range *rg = &a->r[j];
                vuln_scheme s = rg->type ? vuln_scheme_parse(rg->type) : VULN_V_GENERIC;
                if (s == VULN_V_GENERIC && (!rg->type || strcmp(rg->type, "custom") == 0))
                    s = ti->scheme; /* left open by the data: the component's ecosystem */
                if (s == VULN_V_NONE) {
                    /* a commit range: nothing to compare a version with */
                    if (!unordered++)
                        snprintf(wu, sizeof wu, "%s %s: versionType %s has no version ordering",
                                 r->id, rg->where, rg->type);
                    continue;
                }
                orderable++;
                char wx[VULN_WHY_MAX];
                int d = cve5_entry(r, rg, s, ti->version, wx, sizeof wx);
                if (d < 0)
                    continue;
                if (d == VULN_AFFECTED || decided < 0 ||
                    (d == VULN_UNKNOWN && decided == VULN_NOT_AFFECTED)) {
                    decided = d;
                    snprintf(w, sizeof w, "%s", wx);
                }
                if (d == VULN_UNKNOWN)
                    snprintf(wu, sizeof wu, "%s", wx);
            }
            if (decided < 0 && unordered && !orderable) {
                st = VULN_UNKNOWN;
                snprintf(w, sizeof w, "%s", wu);
                decisive = 0;
            } else if (decided < 0) {
                st = st_of(a->default_status);
                snprintf(w, sizeof w, "%s %s: %s is in no listed range; defaultStatus %s", r->id,
                         a->where, ti->version,
                         a->default_status ? a->default_status : "(none): unknown");
            } else {
                st = (vuln_status)decided;
                if (st == VULN_UNKNOWN && wu[0])
                    snprintf(w, sizeof w, "%s", wu);
            }
        }
        /* an entry that could compare versions outweighs one that could not */
        int better;
        if (!w_best[0] || decisive != best_decisive)
            better = !w_best[0] || decisive;
        else
            better = best != VULN_AFFECTED &&
                     (st == VULN_AFFECTED || (st == VULN_UNKNOWN && best == VULN_NOT_AFFECTED));
        if (better) {
            best = st;
            best_decisive = decisive;
            snprintf(w_best, sizeof w_best, "%s", w);
        }
    }
    if (!named)
        return 0;
    why(out, best, "%s", w_best);
    return 1;
}

int vuln_match(const vuln_record *r, const vuln_target *t, vuln_verdict *out)
{
    memset(out, 0, sizeof *out);
    if (r->withdrawn)
        return 0;
    if (strcmp(r->source, "nvd") == 0)
        return vuln_nvd_match(r, t, out);
    tinfo ti;
    target_info(t, &ti);
    if (!ti.pkey[0] && !ti.ckey[0])
        return 0;
    return strcmp(r->source, "osv") == 0 ? match_osv(r, &ti, out) : match_cve5(r, &ti, out);
}

/* ---- VEX ------------------------------------------------------------------------ */

int vuln_vex_covers(vuln_scheme s, const char *v, const char *version, const char *from,
                    const char *to)
{
    if (!v || !*v)
        return 0;
    if (version)
        return strcmp(version, v) == 0 || vcmp(s, v, version, NULL) == 0;
    if (!from && !to)
        return 1; /* every version of the component */
    if (from) {
        int c = vcmp(s, v, from, NULL);
        if (c == -2 || c < 0)
            return 0;
    }
    if (to) {
        int c = vcmp(s, v, to, NULL);
        if (c == -2 || c > 0)
            return 0;
    }
    return 1;
}

int vuln_vex_justification_ok(const char *j)
{
    static const char *const ok[] = {
        /* CycloneDX impact analysis justifications */
        "code_not_present", "code_not_reachable", "requires_configuration", "requires_dependency",
        "requires_environment", "protected_by_compiler", "protected_at_runtime",
        "protected_at_perimeter", "protected_by_mitigating_control",
        /* OpenVEX */
        "component_not_present", "vulnerable_code_not_present",
        "vulnerable_code_not_in_execute_path", "vulnerable_code_cannot_be_controlled_by_adversary",
        "inline_mitigations_already_exist"};
    for (size_t i = 0; j && i < sizeof ok / sizeof ok[0]; i++)
        if (strcmp(j, ok[i]) == 0)
            return 1;
    return 0;
}
