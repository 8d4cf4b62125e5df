/*
 * vuln_version.c: version orderings of the ecosystems (vuln.h). Each
 * scheme checks its syntax first; a string that is not a version of the
 * scheme is GISAC_EINVAL, so the matcher can say "unknown" instead of
 * guessing. Nothing is allocated: versions are walked in place.
 */
#include "vuln/vuln.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const scheme_names[] = {"none", "generic", "debian", "semver", "npm",
                                           "go",   "pep440",  "maven",  "rpm"};

const char *vuln_scheme_name(vuln_scheme s)
{
    return (unsigned)s < sizeof scheme_names / sizeof scheme_names[0] ? scheme_names[s] : "none";
}

vuln_scheme vuln_scheme_parse(const char *name)
{
    if (!name)
        return VULN_V_NONE;
    for (size_t i = 1; i < sizeof scheme_names / sizeof scheme_names[0]; i++)
        if (strcmp(name, scheme_names[i]) == 0)
            return (vuln_scheme)i;
    if (strcmp(name, "python") == 0 || strcmp(name, "pypi") == 0)
        return VULN_V_PEP440;
    if (strcmp(name, "custom") == 0)
        return VULN_V_GENERIC;
    if (strcmp(name, "dpkg") == 0 || strcmp(name, "deb") == 0)
        return VULN_V_DEBIAN;
    return VULN_V_NONE;
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}
static int is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Compare two runs of digits numerically (any length, leading zeros ignored). */
static int num_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    while (an > 1 && *a == '0')
        a++, an--;
    while (bn > 1 && *b == '0')
        b++, bn--;
    if (an != bn)
        return an < bn ? -1 : 1;
    int c = memcmp(a, b, an);
    return c < 0 ? -1 : c > 0;
}

/* ---- Debian (dpkg's verrevcmp) ------------------------------------------- */

typedef struct deb_ver {
    const char *epoch;
    size_t epoch_len;
    const char *up;
    size_t up_len;
    const char *rev;
    size_t rev_len;
} deb_ver;

static int deb_parse(const char *s, deb_ver *v, gisac_err *err, const char *which)
{
    memset(v, 0, sizeof *v);
    size_t n = strlen(s);
    if (n == 0)
        return gisac_err_set(err, GISAC_EINVAL, "%s: empty Debian version", which);
    const char *colon = strchr(s, ':');
    const char *up = s;
    if (colon) {
        if (colon == s)
            return gisac_err_set(err, GISAC_EINVAL, "%s '%s': empty epoch", which, s);
        for (const char *p = s; p < colon; p++)
            if (!is_digit(*p))
                return gisac_err_set(err, GISAC_EINVAL, "%s '%s': epoch is not a number", which, s);
        if (colon - s > 9)
            return gisac_err_set(err, GISAC_EINVAL, "%s '%s': epoch too big", which, s);
        v->epoch = s;
        v->epoch_len = (size_t)(colon - s);
        up = colon + 1;
    }
    const char *dash = strrchr(up, '-');
    size_t up_len = dash ? (size_t)(dash - up) : strlen(up);
    if (dash) {
        v->rev = dash + 1;
        v->rev_len = strlen(dash + 1);
        if (v->rev_len == 0)
            return gisac_err_set(err, GISAC_EINVAL, "%s '%s': empty revision", which, s);
        for (size_t i = 0; i < v->rev_len; i++) {
            int c = (unsigned char)v->rev[i];
            if (!is_digit(c) && !is_alpha(c) && !strchr(".+~", c))
                return gisac_err_set(err, GISAC_EINVAL, "%s '%s': bad character in revision", which,
                                     s);
        }
    }
    if (up_len == 0)
        return gisac_err_set(err, GISAC_EINVAL, "%s '%s': empty upstream version", which, s);
    if (!is_digit((unsigned char)up[0]))
        return gisac_err_set(err, GISAC_EINVAL, "%s '%s': version does not start with a digit",
                             which, s);
    for (size_t i = 0; i < up_len; i++) {
        int c = (unsigned char)up[i];
        if (!is_digit(c) && !is_alpha(c) && !strchr(".+~-", c))
            return gisac_err_set(err, GISAC_EINVAL, "%s '%s': bad character in version", which, s);
    }
    v->up = up;
    v->up_len = up_len;
    return 0;
}

static int deb_order(int c)
{
    if (is_digit(c))
        return 0;
    if (is_alpha(c))
        return c;
    if (c == '~')
        return -1;
    if (c)
        return c + 256;
    return 0;
}

static int verrevcmp(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, j = 0;
    while (i < an || j < bn) {
        int first_diff = 0;
        while ((i < an && !is_digit((unsigned char)a[i])) ||
               (j < bn && !is_digit((unsigned char)b[j]))) {
            int ac = i < an ? deb_order((unsigned char)a[i]) : 0;
            int bc = j < bn ? deb_order((unsigned char)b[j]) : 0;
            if (ac != bc)
                return ac < bc ? -1 : 1;
            i++, j++;
        }
        while (i < an && a[i] == '0')
            i++;
        while (j < bn && b[j] == '0')
            j++;
        while (i < an && is_digit((unsigned char)a[i]) && j < bn && is_digit((unsigned char)b[j])) {
            if (!first_diff)
                first_diff = a[i] - b[j];
            i++, j++;
        }
        if (i < an && is_digit((unsigned char)a[i]))
            return 1;
        if (j < bn && is_digit((unsigned char)b[j]))
            return -1;
        if (first_diff)
            return first_diff < 0 ? -1 : 1;
    }
    return 0;
}

static int deb_cmp(const deb_ver *a, const deb_ver *b)
{
    int c = num_cmp(a->epoch ? a->epoch : "0", a->epoch ? a->epoch_len : 1,
                    b->epoch ? b->epoch : "0", b->epoch ? b->epoch_len : 1);
    if (c)
        return c;
    c = verrevcmp(a->up, a->up_len, b->up, b->up_len);
    if (c)
        return c;
    return verrevcmp(a->rev ? a->rev : "", a->rev_len, b->rev ? b->rev : "", b->rev_len);
}

/* ---- SemVer 2.0 (and npm, Go) ------------------------------------------- */

typedef struct sem_ver {
    const char *core[3];
    size_t core_len[3];
    const char *pre; /* after '-', up to '+' or end; NULL when none */
    size_t pre_len;
} sem_ver;

static int ident_ok(const char *s, size_t n, int numeric_no_zero)
{
    if (n == 0)
        return 0;
    int all_digits = 1;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)s[i];
        if (!is_digit(c))
            all_digits = 0;
        if (!is_digit(c) && !is_alpha(c) && c != '-')
            return 0;
    }
    if (numeric_no_zero && all_digits && n > 1 && s[0] == '0')
        return 0;
    return 1;
}

static int sem_parse(const char *s, sem_ver *v, gisac_err *err, const char *which, int strict)
{
    memset(v, 0, sizeof *v);
    const char *p = s;
    for (int k = 0; k < 3; k++) {
        const char *q = p;
        while (is_digit((unsigned char)*q))
            q++;
        if (q == p || (q - p > 1 && *p == '0' && strict))
            return gisac_err_set(err, GISAC_EINVAL, "%s '%s': not a SemVer version", which, s);
        v->core[k] = p;
        v->core_len[k] = (size_t)(q - p);
        p = q;
        if (k < 2) {
            if (*p != '.')
                return gisac_err_set(err, GISAC_EINVAL,
                                     "%s '%s': not a SemVer version (MAJOR.MINOR.PATCH)", which, s);
            p++;
        }
    }
    if (*p == '-') {
        p++;
        const char *end = strchr(p, '+');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        v->pre = p;
        v->pre_len = n;
        size_t i = 0;
        while (i <= n) {
            size_t j = i;
            while (j < n && p[j] != '.')
                j++;
            if (!ident_ok(p + i, j - i, strict))
                return gisac_err_set(err, GISAC_EINVAL, "%s '%s': bad pre-release", which, s);
            i = j + 1;
        }
        p += n;
    }
    if (*p == '+') {
        p++;
        size_t n = strlen(p);
        size_t i = 0;
        while (i <= n) {
            size_t j = i;
            while (j < n && p[j] != '.')
                j++;
            if (!ident_ok(p + i, j - i, 0))
                return gisac_err_set(err, GISAC_EINVAL, "%s '%s': bad build metadata", which, s);
            i = j + 1;
        }
        p += n;
    }
    if (*p)
        return gisac_err_set(err, GISAC_EINVAL, "%s '%s': not a SemVer version", which, s);
    return 0;
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit((unsigned char)s[i]))
            return 0;
    return n > 0;
}

static int sem_cmp(const sem_ver *a, const sem_ver *b)
{
    for (int k = 0; k < 3; k++) {
        int c = num_cmp(a->core[k], a->core_len[k], b->core[k], b->core_len[k]);
        if (c)
            return c;
    }
    if (!a->pre || !b->pre)
        return a->pre ? -1 : b->pre ? 1 : 0;
    size_t i = 0, j = 0;
    for (;;) {
        if (i > a->pre_len || j > b->pre_len)
            return i > a->pre_len ? (j > b->pre_len ? 0 : -1) : 1;
        size_t ie = i, je = j;
        while (ie < a->pre_len && a->pre[ie] != '.')
            ie++;
        while (je < b->pre_len && b->pre[je] != '.')
            je++;
        const char *x = a->pre + i, *y = b->pre + j;
        size_t xn = ie - i, yn = je - j;
        int xd = all_digits(x, xn), yd = all_digits(y, yn);
        int c;
        if (xd && yd)
            c = num_cmp(x, xn, y, yn);
        else if (xd || yd)
            c = xd ? -1 : 1;
        else {
            size_t m = xn < yn ? xn : yn;
            c = memcmp(x, y, m);
            c = c < 0 ? -1 : c > 0 ? 1 : xn < yn ? -1 : xn > yn;
        }
        if (c)
            return c;
        i = ie + 1;
        j = je + 1;
    }
}

/* npm and Go accept a leading "v" ("=" too for npm). */
static const char *sem_strip(vuln_scheme s, const char *v)
{
    if (s == VULN_V_NPM) {
        while (*v == '=' || *v == ' ')
            v++;
        if (*v == 'v' || *v == 'V')
            v++;
    } else if (s == VULN_V_GO && *v == 'v')
        v++;
    return v;
}

/* ---- PEP 440 ------------------------------------------------------------- */

#define PEP_REL_MAX   16
#define PEP_LOCAL_MAX 16

typedef struct pep_ver {
    long long epoch;
    long long rel[PEP_REL_MAX];
    int nrel;
    int pre_kind; /* -1 none, 0 a, 1 b, 2 rc */
    long long pre;
    int has_post;
    long long post;
    int has_dev;
    long long dev;
    int nlocal;
    const char *local[PEP_LOCAL_MAX];
    size_t local_len[PEP_LOCAL_MAX];
} pep_ver;

static int lc_prefix(const char *p, const char *word)
{
    size_t i = 0;
    for (; word[i]; i++)
        if (tolower((unsigned char)p[i]) != word[i])
            return 0;
    return (int)i;
}

static int pep_num(const char **pp, long long *out)
{
    const char *p = *pp;
    long long v = 0;
    if (!is_digit((unsigned char)*p))
        return -1;
    while (is_digit((unsigned char)*p)) {
        if (v > 100000000000000LL)
            return -1;
        v = v * 10 + (*p - '0');
        p++;
    }
    *out = v;
    *pp = p;
    return 0;
}

static int pep_sep(int c)
{
    return c == '.' || c == '-' || c == '_';
}

/*
 * One of the n words (lower case; the text's case is ignored) at *pp after
 * an optional separator, with its optional number (after an optional
 * separator) into *num: the word's index with *pp past it, -1 when none
 * is there, -2 when its number is too large.
 */
static int pep_word(const char **pp, const char *const *words, size_t n, long long *num)
{
    const char *q = pep_sep(**pp) ? *pp + 1 : *pp;
    for (size_t i = 0; i < n; i++) {
        int l = lc_prefix(q, words[i]);
        if (!l)
            continue;
        q += l;
        if (pep_sep(*q) && is_digit((unsigned char)q[1]))
            q++;
        if (is_digit((unsigned char)*q) && pep_num(&q, num) < 0)
            return -2;
        *pp = q;
        return (int)i;
    }
    return -1;
}

static int pep_parse(const char *s, pep_ver *v, gisac_err *err, const char *which)
{
    memset(v, 0, sizeof *v);
    v->pre_kind = -1;
    const char *p = s;
    while (*p == ' ')
        p++;
    if (*p == 'v' || *p == 'V')
        p++;
    long long n;
    if (pep_num(&p, &n) < 0)
        goto bad;
    if (*p == '!') {
        v->epoch = n;
        p++;
        if (pep_num(&p, &n) < 0)
            goto bad;
    }
    v->rel[v->nrel++] = n;
    while (*p == '.' && is_digit((unsigned char)p[1])) {
        p++;
        if (v->nrel >= PEP_REL_MAX || pep_num(&p, &n) < 0)
            goto bad;
        v->rel[v->nrel++] = n;
    }
    /* pre-release: a, b, rc (and their spellings), optional separator and number */
    static const char *const pre[] = {"alpha", "beta", "preview", "pre", "rc", "a", "b", "c"};
    static const int pre_kind[] = {0, 1, 2, 2, 2, 0, 1, 2};
    int k = pep_word(&p, pre, sizeof pre / sizeof pre[0], &v->pre);
    if (k == -2)
        goto bad;
    if (k >= 0)
        v->pre_kind = pre_kind[k];
    /* post-release: "-N", or post/rev/r with optional separator and number */
    if (*p == '-' && is_digit((unsigned char)p[1])) {
        p++;
        v->has_post = 1;
        if (pep_num(&p, &v->post) < 0)
            goto bad;
    } else {
        static const char *const post[] = {"post", "rev", "r"};
        if ((k = pep_word(&p, post, 3, &v->post)) == -2)
            goto bad;
        v->has_post = k >= 0;
    }
    /* dev-release */
    static const char *const dev[] = {"dev"};
    if ((k = pep_word(&p, dev, 1, &v->dev)) == -2)
        goto bad;
    v->has_dev = k >= 0;
    if (*p == '+') {
        p++;
        for (;;) {
            const char *q = p;
            while (is_digit((unsigned char)*q) || is_alpha((unsigned char)*q))
                q++;
            if (q == p || v->nlocal >= PEP_LOCAL_MAX)
                goto bad;
            v->local[v->nlocal] = p;
            v->local_len[v->nlocal++] = (size_t)(q - p);
            p = q;
            if (!pep_sep(*p))
                break;
            p++;
        }
    }
    while (*p == ' ')
        p++;
    if (*p)
        goto bad;
    return 0;
bad:
    return gisac_err_set(err, GISAC_EINVAL, "%s '%s': not a PEP 440 version", which, s);
}

static int ll_cmp(long long a, long long b)
{
    return a < b ? -1 : a > b;
}

static int pep_cmp(const pep_ver *a, const pep_ver *b)
{
    int c = ll_cmp(a->epoch, b->epoch);
    if (c)
        return c;
    int na = a->nrel, nb = b->nrel;
    while (na > 1 && a->rel[na - 1] == 0)
        na--;
    while (nb > 1 && b->rel[nb - 1] == 0)
        nb--;
    for (int i = 0; i < na || i < nb; i++) {
        c = ll_cmp(i < na ? a->rel[i] : 0, i < nb ? b->rel[i] : 0);
        if (c)
            return c;
    }
    /* pre: a dev release without pre or post sorts before any pre; none after all */
    long long pa[2], pb[2];
    const pep_ver *vv[2] = {a, b};
    long long *pp[2] = {pa, pb};
    for (int k = 0; k < 2; k++) {
        const pep_ver *x = vv[k];
        if (x->pre_kind < 0 && !x->has_post && x->has_dev)
            pp[k][0] = -1, pp[k][1] = 0;
        else if (x->pre_kind < 0)
            pp[k][0] = 3, pp[k][1] = 0;
        else
            pp[k][0] = x->pre_kind, pp[k][1] = x->pre;
    }
    if ((c = ll_cmp(pa[0], pb[0])) || (c = ll_cmp(pa[1], pb[1])))
        return c;
    c = ll_cmp(a->has_post ? a->post : -1, b->has_post ? b->post : -1);
    if (c)
        return c;
    if (a->has_dev != b->has_dev)
        return a->has_dev ? -1 : 1;
    if ((c = ll_cmp(a->dev, b->dev)))
        return c;
    /* local: none before any; segments numeric > alphanumeric, numbers numerically */
    for (int i = 0; i < a->nlocal || i < b->nlocal; i++) {
        if (i >= a->nlocal || i >= b->nlocal)
            return i >= a->nlocal ? -1 : 1;
        int xd = all_digits(a->local[i], a->local_len[i]);
        int yd = all_digits(b->local[i], b->local_len[i]);
        if (xd && yd)
            c = num_cmp(a->local[i], a->local_len[i], b->local[i], b->local_len[i]);
        else if (xd || yd)
            c = xd ? 1 : -1;
        else {
            size_t m = a->local_len[i] < b->local_len[i] ? a->local_len[i] : b->local_len[i];
            c = strncasecmp(a->local[i], b->local[i], m);
            c = c < 0   ? -1
                : c > 0 ? 1
                        : ll_cmp((long long)a->local_len[i], (long long)b->local_len[i]);
        }
        if (c)
            return c;
    }
    return 0;
}

/* ---- Maven (ComparableVersion) ------------------------------------------- */

#define MVN_ITEMS 48

typedef struct mvn_item {
    int kind; /* 0 int, 1 string, 2 start of a sub-list (a '-') */
    const char *s;
    size_t n;
} mvn_item;

typedef struct mvn_ver {
    mvn_item it[MVN_ITEMS];
    int n;
} mvn_ver;

/* Drop the zeros that end the current list (Maven's normalisation: "1.0.0" is "1"),
 * keeping the list's first item. */
static void mvn_trim(mvn_ver *v)
{
    while (v->n >= 2 && v->it[v->n - 1].kind == 0 &&
           num_cmp(v->it[v->n - 1].s, v->it[v->n - 1].n, "0", 1) == 0 && v->it[v->n - 2].kind != 2)
        v->n--;
}

static int mvn_push(mvn_ver *v, int kind, const char *s, size_t n)
{
    if (kind == 2)
        mvn_trim(v);
    if (v->n >= MVN_ITEMS)
        return -1;
    v->it[v->n++] = (mvn_item){kind, s, n};
    return 0;
}

static int mvn_parse(const char *s, mvn_ver *v, gisac_err *err, const char *which)
{
    v->n = 0;
    size_t len = strlen(s);
    if (len == 0)
        return gisac_err_set(err, GISAC_EINVAL, "%s: empty Maven version", which);
    size_t i = 0;
    while (i < len) {
        int c = (unsigned char)s[i];
        if (c == '.') {
            i++;
            continue;
        }
        if (c == '-') {
            if (mvn_push(v, 2, NULL, 0) < 0)
                goto bad;
            i++;
            continue;
        }
        size_t j = i;
        int digit = is_digit(c);
        while (j < len && s[j] != '.' && s[j] != '-' && is_digit((unsigned char)s[j]) == digit)
            j++;
        for (size_t k = i; k < j; k++)
            if (!is_digit((unsigned char)s[k]) && !is_alpha((unsigned char)s[k]) && s[k] != '_' &&
                s[k] != '+')
                goto bad;
        if (mvn_push(v, digit ? 0 : 1, s + i, j - i) < 0)
            goto bad;
        /* a switch between digits and letters starts a sub-list, as '-' does */
        if (j < len && s[j] != '.' && s[j] != '-' && mvn_push(v, 2, NULL, 0) < 0)
            goto bad;
        i = j;
    }
    mvn_trim(v);
    return 0;
bad:
    return gisac_err_set(err, GISAC_EINVAL, "%s '%s': not a Maven version", which, s);
}

/* The rank of a qualifier; unknown ones rank 7 and compare by text. */
static int mvn_rank(const char *s, size_t n, int next_is_digit)
{
    static const struct {
        const char *q;
        int rank;
    } q[] = {{"alpha", 0}, {"beta", 1},     {"milestone", 2}, {"rc", 3},
             {"cr", 3},    {"snapshot", 4}, {"", 5},          {"ga", 5},
             {"final", 5}, {"release", 5},  {"sp", 6}};
    if (n == 1 && next_is_digit) {
        int c = tolower((unsigned char)s[0]);
        if (c == 'a')
            return 0;
        if (c == 'b')
            return 1;
        if (c == 'm')
            return 2;
    }
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++)
        if (strlen(q[i].q) == n && strncasecmp(q[i].q, s, n) == 0)
            return q[i].rank;
    return 7;
}

static int mvn_rest_vs_null(const mvn_ver *v, int from);

/* An item compared with "nothing" (the shorter list's padding). */
static int mvn_vs_null(const mvn_ver *v, int i)
{
    const mvn_item *x = &v->it[i];
    if (x->kind == 0)
        return num_cmp(x->s, x->n, "0", 1);
    if (x->kind == 1) {
        int nd = i + 1 < v->n && v->it[i + 1].kind == 2 && i + 2 < v->n && v->it[i + 2].kind == 0;
        int r = mvn_rank(x->s, x->n, nd);
        return r < 5 ? -1 : r > 5;
    }
    /* a sub-list: its first element against nothing */
    return mvn_rest_vs_null(v, i + 1);
}

/* The items of v from from on (sub-list marks passed over) against
 * nothing: the first that is not equal to it decides. */
static int mvn_rest_vs_null(const mvn_ver *v, int from)
{
    for (int k = from; k < v->n; k++) {
        if (v->it[k].kind == 2)
            continue;
        int c = mvn_vs_null(v, k);
        if (c)
            return c;
    }
    return 0;
}

static int mvn_cmp(const mvn_ver *a, const mvn_ver *b)
{
    int i = 0, j = 0;
    for (;;) {
        if (i >= a->n && j >= b->n)
            return 0;
        if (i >= a->n)
            return -mvn_rest_vs_null(b, j);
        if (j >= b->n)
            return mvn_rest_vs_null(a, i);
        const mvn_item *x = &a->it[i], *y = &b->it[j];
        if (x->kind == 2 && y->kind == 2) {
            i++, j++;
            continue;
        }
        if (x->kind == 2 || y->kind == 2) {
            /* a list against an int: the int is greater; against a string: the list is */
            const mvn_item *o = x->kind == 2 ? y : x;
            int list_first = x->kind == 2;
            int c = o->kind == 0 ? -1 : 1; /* list vs o */
            return list_first ? c : -c;
        }
        int c;
        if (x->kind == 0 && y->kind == 0)
            c = num_cmp(x->s, x->n, y->s, y->n);
        else if (x->kind != y->kind)
            c = x->kind == 0 ? 1 : -1;
        else {
            int xd = i + 2 < a->n && a->it[i + 1].kind == 2 && a->it[i + 2].kind == 0;
            int yd = j + 2 < b->n && b->it[j + 1].kind == 2 && b->it[j + 2].kind == 0;
            int rx = mvn_rank(x->s, x->n, xd), ry = mvn_rank(y->s, y->n, yd);
            if (rx != ry)
                c = rx < ry ? -1 : 1;
            else if (rx == 7) {
                size_t m = x->n < y->n ? x->n : y->n;
                c = strncasecmp(x->s, y->s, m);
                c = c < 0 ? -1 : c > 0 ? 1 : ll_cmp((long long)x->n, (long long)y->n);
            } else
                c = 0;
        }
        if (c)
            return c;
        i++, j++;
    }
}

/* ---- RPM (rpmvercmp) ----------------------------------------------------- */

#define RPM_NO_MARK 2

/* rpmvercmp's marks: when either side stands at `mark`, the side without it
 * is the greater (-1 or 1), and with end_low the side that has ended is the
 * lesser even then (a caret sorts after the end, a tilde before it). Both at
 * the mark: both step past it, 0. Neither: RPM_NO_MARK. */
static int rpm_mark(const char **one, const char **two, char mark, int end_low)
{
    if (**one != mark && **two != mark)
        return RPM_NO_MARK;
    if (end_low && !**one)
        return -1;
    if (end_low && !**two)
        return 1;
    if (**one != mark)
        return 1;
    if (**two != mark)
        return -1;
    (*one)++, (*two)++;
    return 0;
}

static int rpm_segcmp(const char *a, const char *b)
{
    const char *one = a, *two = b;
    while (*one || *two) {
        while (*one && !isalnum((unsigned char)*one) && *one != '~' && *one != '^')
            one++;
        while (*two && !isalnum((unsigned char)*two) && *two != '~' && *two != '^')
            two++;
        int m = rpm_mark(&one, &two, '~', 0);
        if (m == RPM_NO_MARK)
            m = rpm_mark(&one, &two, '^', 1);
        if (m == 0)
            continue;
        if (m != RPM_NO_MARK)
            return m;
        if (!*one || !*two)
            break;
        const char *s1 = one, *s2 = two;
        int isnum = is_digit((unsigned char)*s1);
        if (isnum) {
            while (is_digit((unsigned char)*one))
                one++;
            while (is_digit((unsigned char)*two))
                two++;
        } else {
            while (is_alpha((unsigned char)*one))
                one++;
            while (is_alpha((unsigned char)*two))
                two++;
        }
        if (two == s2)
            return isnum ? 1 : -1;
        int c;
        if (isnum)
            c = num_cmp(s1, (size_t)(one - s1), s2, (size_t)(two - s2));
        else {
            size_t n1 = (size_t)(one - s1), n2 = (size_t)(two - s2);
            c = memcmp(s1, s2, n1 < n2 ? n1 : n2);
            c = c < 0 ? -1 : c > 0 ? 1 : ll_cmp((long long)n1, (long long)n2);
        }
        if (c)
            return c;
    }
    if (!*one && !*two)
        return 0;
    return *one ? 1 : -1;
}

static int rpm_check(const char *s, gisac_err *err, const char *which)
{
    if (!*s)
        return gisac_err_set(err, GISAC_EINVAL, "%s: empty RPM version", which);
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
            return gisac_err_set(err, GISAC_EINVAL, "%s '%s': bad character in RPM version", which,
                                 s);
    return 0;
}

static int rpm_cmp(const char *a, const char *b)
{
    /* [epoch:]version[-release], each part by rpmvercmp */
    char ba[256], bb[256];
    snprintf(ba, sizeof ba, "%s", a);
    snprintf(bb, sizeof bb, "%s", b);
    const char *ea = "0", *eb = "0";
    char *va = ba, *vb = bb;
    char *ca = strchr(ba, ':'), *cb = strchr(bb, ':');
    if (ca && all_digits(ba, (size_t)(ca - ba)))
        *ca = 0, ea = ba, va = ca + 1;
    if (cb && all_digits(bb, (size_t)(cb - bb)))
        *cb = 0, eb = bb, vb = cb + 1;
    int c = num_cmp(ea, strlen(ea), eb, strlen(eb));
    if (c)
        return c;
    char *ra = strrchr(va, '-'), *rb = strrchr(vb, '-');
    if (ra)
        *ra++ = 0;
    if (rb)
        *rb++ = 0;
    c = rpm_segcmp(va, vb);
    if (c || !ra || !rb)
        return c;
    return rpm_segcmp(ra, rb);
}

/* ---- generic ------------------------------------------------------------- */

static int gen_check(const char *s, gisac_err *err, const char *which)
{
    if (!*s)
        return gisac_err_set(err, GISAC_EINVAL, "%s: empty version", which);
    if (!is_digit((unsigned char)*s) &&
        !((*s == 'v' || *s == 'V') && is_digit((unsigned char)s[1])))
        return gisac_err_set(err, GISAC_EINVAL, "%s '%s': a version starts with a digit", which, s);
    if (strcmp(s, "*") == 0 || strcmp(s, "-") == 0)
        return gisac_err_set(err, GISAC_EINVAL, "%s '%s': not a version", which, s);
    for (const char *p = s; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr(".-_+~", *p))
            return gisac_err_set(err, GISAC_EINVAL, "%s '%s': bad character in version", which, s);
    return 0;
}

/* Numbers numerically, letter runs by byte; a letter run after a number is
 * a pre-release when the other side ends there ("1.0rc1" < "1.0"). */
static int gen_cmp(const char *a, const char *b)
{
    if (*a == 'v' || *a == 'V')
        a++;
    if (*b == 'v' || *b == 'V')
        b++;
    for (;;) {
        while (*a && !isalnum((unsigned char)*a) && *a != '~')
            a++;
        while (*b && !isalnum((unsigned char)*b) && *b != '~')
            b++;
        if (!*a || !*b) {
            if (!*a && !*b)
                return 0;
            const char *rest = *a ? a : b;
            int sign = *a ? 1 : -1;
            /* what remains: letters or '~' first make it older (a pre-release) */
            return (is_alpha((unsigned char)*rest) || *rest == '~') ? -sign : sign;
        }
        if (*a == '~' || *b == '~') {
            if (*a != *b)
                return *a == '~' ? -1 : 1;
            a++, b++;
            continue;
        }
        int da = is_digit((unsigned char)*a), db = is_digit((unsigned char)*b);
        if (da != db)
            return da ? 1 : -1;
        const char *sa = a, *sb = b;
        if (da) {
            while (is_digit((unsigned char)*a))
                a++;
            while (is_digit((unsigned char)*b))
                b++;
            int c = num_cmp(sa, (size_t)(a - sa), sb, (size_t)(b - sb));
            if (c)
                return c;
        } else {
            while (is_alpha((unsigned char)*a))
                a++;
            while (is_alpha((unsigned char)*b))
                b++;
            size_t na = (size_t)(a - sa), nb = (size_t)(b - sb);
            int c = strncasecmp(sa, sb, na < nb ? na : nb);
            if (c)
                return c < 0 ? -1 : 1;
            if (na != nb)
                return na < nb ? -1 : 1;
        }
    }
}

/* ---- dispatch ------------------------------------------------------------ */

/*
 * Defines NAME_check(v, err, which), the check of a version of the scheme
 * parsed as T by PARSE, and NAME_text_cmp(a, b), the order of two valid
 * versions by CMP.
 */
#define SCHEME_FUNCS(NAME, T, PARSE, CMP)                                                          \
    static int NAME##_check(const char *v, gisac_err *err, const char *which)                      \
    {                                                                                              \
        T x;                                                                                       \
        return PARSE(v, &x, err, which);                                                           \
    }                                                                                              \
    static int NAME##_text_cmp(const char *a, const char *b)                                       \
    {                                                                                              \
        T x, y;                                                                                    \
        PARSE(a, &x, NULL, "");                                                                    \
        PARSE(b, &y, NULL, "");                                                                    \
        return CMP(&x, &y);                                                                        \
    }
SCHEME_FUNCS(deb, deb_ver, deb_parse, deb_cmp)
SCHEME_FUNCS(pep, pep_ver, pep_parse, pep_cmp)
SCHEME_FUNCS(mvn, mvn_ver, mvn_parse, mvn_cmp)
#undef SCHEME_FUNCS

static int check_one(vuln_scheme s, const char *v, gisac_err *err, const char *which)
{
    if (!v)
        return gisac_err_set(err, GISAC_EINVAL, "%s: no version", which);
    if (strlen(v) > 200)
        return gisac_err_set(err, GISAC_EINVAL, "%s: version longer than 200 bytes", which);
    switch (s) {
    case VULN_V_DEBIAN:
        return deb_check(v, err, which);
    case VULN_V_SEMVER:
    case VULN_V_NPM:
    case VULN_V_GO: {
        sem_ver x;
        if (s == VULN_V_GO && *v != 'v')
            return gisac_err_set(err, GISAC_EINVAL, "%s '%s': a Go version starts with 'v'", which,
                                 v);
        return sem_parse(sem_strip(s, v), &x, err, which, s != VULN_V_NPM);
    }
    case VULN_V_PEP440:
        return pep_check(v, err, which);
    case VULN_V_MAVEN:
        return mvn_check(v, err, which);
    case VULN_V_RPM:
        return rpm_check(v, err, which);
    case VULN_V_GENERIC:
        return gen_check(v, err, which);
    default:
        return gisac_err_set(err, GISAC_EINVAL, "no ordering is known for these versions");
    }
}

int vuln_version_check(vuln_scheme s, const char *v, gisac_err *err)
{
    return check_one(s, v, err, "version");
}

int vuln_version_cmp(vuln_scheme s, const char *a, const char *b, int *out, gisac_err *err)
{
    *out = 0;
    int rc = check_one(s, a, err, "version");
    if (rc == 0)
        rc = check_one(s, b, err, "version");
    if (rc)
        return rc;
    switch (s) {
    case VULN_V_DEBIAN:
        *out = deb_text_cmp(a, b);
        break;
    case VULN_V_SEMVER:
    case VULN_V_NPM:
    case VULN_V_GO: {
        sem_ver x, y;
        sem_parse(sem_strip(s, a), &x, NULL, "", s != VULN_V_NPM);
        sem_parse(sem_strip(s, b), &y, NULL, "", s != VULN_V_NPM);
        *out = sem_cmp(&x, &y);
        break;
    }
    case VULN_V_PEP440:
        *out = pep_text_cmp(a, b);
        break;
    case VULN_V_MAVEN:
        *out = mvn_text_cmp(a, b);
        break;
    case VULN_V_RPM:
        *out = rpm_cmp(a, b);
        break;
    default:
        *out = gen_cmp(a, b);
        break;
    }
    return 0;
}
