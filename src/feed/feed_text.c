/*
 * feed_text.c: the line formats: plain lists, CSV (RFC 4180) and NDJSON.
 *
 * Plain and CSV allocate nothing per line: the reader's field array, its
 * scratch buffer for unescaped fields, the labels and the where string are
 * reused and only grow.
 */
#include "feed/feed_internal.h"

#include <stdlib.h>
#include <string.h>

static int is_blank(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' || ch == '\f';
}

static void trim(const char **s, size_t *len)
{
    const char *p = *s;
    size_t n = *len;
    while (n && (is_blank(*p) || *p == '\n')) {
        p++;
        n--;
    }
    while (n && (is_blank(p[n - 1]) || p[n - 1] == '\n'))
        n--;
    *s = p;
    *len = n;
}

/* the line at pos: its start and length without the '\n'; pos moves past it */
static const char *next_line(const char *d, size_t n, size_t *pos, size_t *len)
{
    const char *ls = d + *pos;
    const char *nl = memchr(ls, '\n', n - *pos);
    *len = nl ? (size_t)(nl - ls) : n - *pos;
    *pos += *len + (nl != NULL);
    return ls;
}

/* next_line for the line formats: the line counted in *line, progress told. */
static const char *read_line(feed_ctx *c, const char *d, size_t n, size_t *pos, size_t *line,
                             size_t *len)
{
    const char *ls = next_line(d, n, pos, len);
    (*line)++;
    feed_progress(c, *pos);
    return ls;
}

/* ---- plain -------------------------------------------------------------- */

int feed_parse_plain(feed_ctx *c, const char *d, size_t n)
{
    size_t pos = 0, line = 0;
    feed_record r;
    while (pos < n) {
        size_t ll;
        const char *ls = read_line(c, d, n, &pos, &line, &ll);
        size_t i = 0;
        while (i < ll && is_blank(ls[i]))
            i++;
        if (i == ll || ls[i] == '#' || ls[i] == ';')
            continue;
        size_t j = i;
        while (j < ll && !is_blank(ls[j]))
            j++;
        feed_record_init(&r);
        r.where = feed_where_line(c, line);
        int rc = feed_emit(c, &r, IOC_AUTO, ls + i, j - i, NULL);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* ---- CSV reader --------------------------------------------------------- */

#define CSV_MAX_FIELDS 4096

typedef struct csv_field {
    const char *p;
    size_t len;
    size_t soff; /* offset in the scratch buffer when esc */
    int esc;     /* the field was unescaped into the scratch buffer */
} csv_field;

typedef struct csv_reader {
    const char *d;
    size_t n;
    size_t pos;       /* next byte to read */
    size_t line;      /* physical line (1-based) of pos */
    size_t rec_start; /* offset and line of the last record read */
    size_t rec_line;
    csv_field *f;
    size_t nf, capf;
    gisac_buf s;
} csv_reader;

enum { CSV_EOF = 0, CSV_ROW = 1, CSV_BADQUOTE = 2 };

static void csv_init(csv_reader *r, const char *d, size_t n)
{
    memset(r, 0, sizeof *r);
    r->d = d;
    r->n = n;
    r->line = 1;
}

static void csv_free(csv_reader *r)
{
    free(r->f);
    gisac_buf_free(&r->s);
}

static int csv_push(csv_reader *r, const char *p, size_t len, size_t soff, int esc)
{
    if (r->nf >= CSV_MAX_FIELDS) {
        r->nf++; /* counted, not kept */
        return 0;
    }
    csv_field f = {p, len, soff, esc};
    return gisac_push(&r->f, &r->nf, &r->capf, sizeof f, 32, &f);
}

static size_t count_nl(const char *p, size_t n)
{
    size_t k = 0;
    const char *e = p + n;
    while (p < e && (p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
        k++;
        p++;
    }
    return k;
}

/* an opening quote without its closing one: give up on the record's first line */
static int csv_badquote(csv_reader *r)
{
    const char *nl = memchr(r->d + r->rec_start, '\n', r->n - r->rec_start);
    r->pos = nl ? (size_t)(nl - r->d) + 1 : r->n;
    r->line = r->rec_line + 1;
    r->nf = 0;
    return CSV_BADQUOTE;
}

/*
 * Read the record at r->pos into r->f[0..nf). Returns CSV_ROW, CSV_EOF,
 * CSV_BADQUOTE (the record was skipped up to the end of its first line) or
 * GISAC_ENOMEM.
 */
static int csv_read(csv_reader *r)
{
    const char *d = r->d;
    size_t n = r->n, i = r->pos;
    if (i >= n)
        return CSV_EOF;
    r->nf = 0;
    gisac_buf_reset(&r->s);
    r->rec_start = i;
    r->rec_line = r->line;
    for (;;) {
        size_t k = i;
        while (k < n && (d[k] == ' ' || d[k] == '\t'))
            k++;
        if (k < n && d[k] == '"') {
            size_t soff = r->s.len, cs = k + 1, seg = cs, ce;
            int esc = 0;
            i = cs;
            for (;;) {
                const char *q = i < n ? memchr(d + i, '"', n - i) : NULL;
                if (!q)
                    return csv_badquote(r);
                size_t qi = (size_t)(q - d);
                r->line += count_nl(d + i, qi - i);
                if (qi + 1 < n && d[qi + 1] == '"') {
                    if (gisac_buf_append(&r->s, d + seg, qi + 1 - seg) < 0)
                        return GISAC_ENOMEM;
                    esc = 1;
                    i = qi + 2;
                    seg = i;
                    continue;
                }
                ce = qi;
                i = qi + 1;
                break;
            }
            if (esc && gisac_buf_append(&r->s, d + seg, ce - seg) < 0)
                return GISAC_ENOMEM;
            size_t t = i;
            while (t < n && d[t] != ',' && d[t] != '\n')
                t++;
            size_t u = t;
            while (u > i && (d[u - 1] == ' ' || d[u - 1] == '\t' || d[u - 1] == '\r'))
                u--;
            if (u > i) { /* text after the closing quote: kept as written */
                if (!esc && gisac_buf_append(&r->s, d + cs, ce - cs) < 0)
                    return GISAC_ENOMEM;
                esc = 1;
                if (gisac_buf_append(&r->s, d + i, u - i) < 0)
                    return GISAC_ENOMEM;
            }
            int prc = esc ? csv_push(r, NULL, r->s.len - soff, soff, 1)
                          : csv_push(r, d + cs, ce - cs, 0, 0);
            if (prc < 0)
                return prc;
            i = t;
        } else {
            size_t t = i;
            while (t < n && d[t] != ',' && d[t] != '\n')
                t++;
            size_t e = t;
            if (e > i && (t == n || d[t] == '\n') && d[e - 1] == '\r')
                e--;
            if (csv_push(r, d + i, e - i, 0, 0) < 0)
                return GISAC_ENOMEM;
            i = t;
        }
        if (i >= n) {
            r->pos = n;
            break;
        }
        if (d[i] == ',') {
            i++;
            continue;
        }
        r->line++; /* '\n' */
        r->pos = i + 1;
        break;
    }
    size_t kept = r->nf < CSV_MAX_FIELDS ? r->nf : CSV_MAX_FIELDS;
    for (size_t j = 0; j < kept; j++)
        if (r->f[j].esc)
            r->f[j].p = r->s.data + r->f[j].soff;
    if (r->nf > CSV_MAX_FIELDS)
        r->nf = CSV_MAX_FIELDS;
    return CSV_ROW;
}

/* skip blank and '#' lines at r->pos; 0 at the end of the input */
static int csv_skip_comments(csv_reader *r)
{
    while (r->pos < r->n) {
        size_t p = r->pos;
        while (p < r->n && (r->d[p] == ' ' || r->d[p] == '\t' || r->d[p] == '\r'))
            p++;
        if (p < r->n && r->d[p] != '\n' && r->d[p] != '#')
            return 1;
        size_t len;
        next_line(r->d, r->n, &r->pos, &len);
        r->line++;
    }
    return 0;
}

static int field_blank(const csv_field *f)
{
    for (size_t i = 0; i < f->len; i++)
        if (!is_blank(f->p[i]) && f->p[i] != '\n')
            return 0;
    return 1;
}

/* ---- CSV columns -------------------------------------------------------- */

static const struct {
    const char *name;
    ioc_type want;
} value_columns[] = {
    {"value", IOC_AUTO},
    {"indicator", IOC_AUTO},
    {"ioc", IOC_AUTO},
    {"url", IOC_URL},
    {"dst_ip", IOC_AUTO},
    {"ip", IOC_AUTO},
    {"ip_address", IOC_AUTO},
    {"cidr", IOC_AUTO},
    {"network", IOC_AUTO},
    {"domain", IOC_DOMAIN},
    {"hostname", IOC_AUTO},
    {"host", IOC_AUTO},
    {"sha256", IOC_SHA256},
    {"sha256_hash", IOC_SHA256},
    {"sha1", IOC_SHA1},
    {"md5", IOC_MD5},
    {"md5_hash", IOC_MD5},
    {"email", IOC_EMAIL},
    /* mobile indicators (docs/app.md) */
    {"x509_sha256", IOC_X509_SHA256},
    {"android_package", IOC_ANDROID_PACKAGE},
};

#define NVALUE_COLUMNS        (sizeof value_columns / sizeof value_columns[0])
#define CSV_NO_COLUMN         ((size_t)-1)
#define CSV_MAX_LABEL_COLUMNS 8
#define CSV_SAMPLE_ROWS       20
#define CSV_SAMPLE_COLUMNS    64

typedef struct csv_cols {
    size_t value;
    ioc_type want;
    size_t first_seen, last_seen;
    size_t label[CSV_MAX_LABEL_COLUMNS];
    int split[CSV_MAX_LABEL_COLUMNS];
    size_t nlabel;
} csv_cols;

static int field_is(const csv_field *f, const char *name)
{
    const char *s = f->p;
    size_t len = f->len;
    trim(&s, &len);
    return feed_ieq(s, len, name);
}

static size_t find_column(const csv_reader *h, const char *name)
{
    for (size_t i = 0; i < h->nf; i++)
        if (field_is(&h->f[i], name))
            return i;
    return CSV_NO_COLUMN;
}

/* metadata columns of the header in h */
static void meta_columns(const csv_reader *h, csv_cols *cols)
{
    static const char *const first[] = {"first_seen", "first_seen_utc", "dateadded"};
    static const char *const last[] = {"last_seen", "last_online"};
    static const char *const labels[] = {"malware", "threat", "tags"};
    for (size_t i = 0; i < sizeof first / sizeof first[0]; i++) {
        size_t k = find_column(h, first[i]);
        if (k != CSV_NO_COLUMN && k != cols->value) {
            cols->first_seen = k;
            break;
        }
    }
    for (size_t i = 0; i < sizeof last / sizeof last[0]; i++) {
        size_t k = find_column(h, last[i]);
        if (k != CSV_NO_COLUMN && k != cols->value) {
            cols->last_seen = k;
            break;
        }
    }
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        size_t k = find_column(h, labels[i]);
        if (k != CSV_NO_COLUMN && k != cols->value && cols->nlabel < CSV_MAX_LABEL_COLUMNS) {
            cols->split[cols->nlabel] = strcmp(labels[i], "tags") == 0;
            cols->label[cols->nlabel++] = k;
        }
    }
}

/* 1 when some field of the record normalises as an indicator */
static int row_has_indicator(feed_ctx *c, const csv_reader *r)
{
    for (size_t i = 0; i < r->nf; i++) {
        ioc_type t;
        unsigned w;
        if (r->f[i].len && ioc_normalise(IOC_AUTO, r->f[i].p, r->f[i].len, c->value,
                                         sizeof c->value, &t, &w, &c->verr) == 0)
            return 1;
    }
    return 0;
}

/* the column whose values most often normalise in the next rows, or NO_COLUMN */
static int sample_column(feed_ctx *c, csv_reader *r, size_t *out)
{
    size_t pos = r->pos, line = r->line;
    size_t count[CSV_SAMPLE_COLUMNS] = {0};
    int rows = 0;
    *out = CSV_NO_COLUMN;
    while (rows < CSV_SAMPLE_ROWS && csv_skip_comments(r)) {
        int k = csv_read(r);
        if (k < 0)
            return k;
        if (k != CSV_ROW)
            continue;
        if (r->nf == 1 && field_blank(&r->f[0]))
            continue;
        rows++;
        for (size_t i = 0; i < r->nf && i < CSV_SAMPLE_COLUMNS; i++) {
            ioc_type t;
            unsigned w;
            if (r->f[i].len && ioc_normalise(IOC_AUTO, r->f[i].p, r->f[i].len, c->value,
                                             sizeof c->value, &t, &w, &c->verr) == 0)
                count[i]++;
        }
    }
    size_t best = 0;
    for (size_t i = 0; i < CSV_SAMPLE_COLUMNS; i++) {
        if (count[i] > best) {
            best = count[i];
            *out = i;
        }
    }
    r->pos = pos;
    r->line = line;
    return 0;
}

static int no_column_error(feed_ctx *c, const csv_reader *h)
{
    gisac_buf b = GISAC_BUF_INIT;
    for (size_t i = 0; h && i < h->nf && i < 32; i++) {
        const char *s = h->f[i].p;
        size_t len = h->f[i].len;
        trim(&s, &len);
        gisac_buf_printf(&b, "%s%.*s", i ? "," : "", (int)(len > 40 ? 40 : len), s);
    }
    int rc;
    if (h && b.data)
        rc = gisac_err_set(c->err, GISAC_EINVAL,
                           "%s: no indicator column: the header (%s) names none of value, "
                           "indicator, ioc, url, ip, domain, sha256, ... and no column of the "
                           "first rows holds indicators",
                           c->name, b.data);
    else
        rc = gisac_err_set(c->err, GISAC_EINVAL,
                           "%s: no indicator column: no column of the first rows holds indicators",
                           c->name);
    gisac_buf_free(&b);
    return rc;
}

/*
 * Choose the columns. h is the header record (NULL when the file has none);
 * r is positioned at the first data row.
 */
static int choose_columns(feed_ctx *c, const csv_reader *h, csv_reader *r, csv_cols *cols)
{
    const char *col = c->opts->column;
    cols->value = CSV_NO_COLUMN;
    cols->want = IOC_AUTO;
    cols->first_seen = cols->last_seen = CSV_NO_COLUMN;
    cols->nlabel = 0;
    if (col && *col) {
        if (h)
            cols->value = find_column(h, col);
        if (cols->value == CSV_NO_COLUMN) {
            size_t k = 0, i = 0;
            for (; col[i] >= '0' && col[i] <= '9' && k < CSV_MAX_FIELDS; i++)
                k = k * 10 + (size_t)(col[i] - '0');
            if (col[i] || k == 0 || k > CSV_MAX_FIELDS)
                return gisac_err_set(c->err, GISAC_EINVAL, "%s: no column \"%s\" in the header",
                                     c->name, col);
            cols->value = k - 1;
        }
        for (size_t i = 0; i < NVALUE_COLUMNS; i++)
            if (feed_ieq(col, strlen(col), value_columns[i].name))
                cols->want = value_columns[i].want;
    } else if (h) {
        for (size_t i = 0; i < NVALUE_COLUMNS && cols->value == CSV_NO_COLUMN; i++) {
            size_t k = find_column(h, value_columns[i].name);
            if (k != CSV_NO_COLUMN) {
                cols->value = k;
                cols->want = value_columns[i].want;
            }
        }
    }
    if (cols->value == CSV_NO_COLUMN) {
        int rc = sample_column(c, r, &cols->value);
        if (rc < 0)
            return feed_nomem(c);
        if (cols->value == CSV_NO_COLUMN)
            return no_column_error(c, h);
    }
    if (h)
        meta_columns(h, cols);
    return 0;
}

static int64_t field_time(const csv_field *f)
{
    const char *s = f->p;
    size_t len = f->len;
    trim(&s, &len);
    int64_t t;
    if (!len || feed_ieq(s, len, "none") || feed_ieq(s, len, "null"))
        return 0;
    if (gisac_time_parse(s, len, &t) == 0 && t > 0)
        return t;
    return 0;
}

/* 1 when the record's fields name known columns */
static int header_known(const csv_reader *h, const char *column)
{
    for (size_t i = 0; i < h->nf; i++) {
        if (feed_csv_known_name(h->f[i].p, h->f[i].len))
            return 1;
        if (column && *column && field_is(&h->f[i], column))
            return 1;
    }
    return 0;
}

int feed_parse_csv(feed_ctx *c, const char *d, size_t n)
{
    csv_reader r, h;
    csv_init(&r, d, n);
    csv_init(&h, "", 0);
    int rc = 0, have_header = 0;
    csv_cols cols;

    /* the banner, and a header that may be a '#' line */
    while (r.pos < n) {
        size_t p = r.pos, len;
        const char *ls = next_line(d, n, &p, &len);
        const char *t = ls;
        size_t tl = len;
        trim(&t, &tl);
        if (tl && t[0] != '#')
            break;
        if (tl > 1 && feed_csv_header_like(t + 1, tl - 1)) {
            csv_free(&h);
            csv_init(&h, t + 1, tl - 1);
            if (csv_read(&h) < 0) {
                rc = feed_nomem(c);
                goto out;
            }
            have_header = h.nf > 0;
        }
        r.pos = p;
        r.line++;
        if (have_header)
            break;
    }
    if (!have_header) {
        /* the first record: a header, or already data */
        for (;;) {
            if (!csv_skip_comments(&r))
                goto out; /* nothing but comments */
            size_t save_pos = r.pos, save_line = r.line;
            int k = csv_read(&r);
            if (k < 0) {
                rc = feed_nomem(c);
                goto out;
            }
            if (k == CSV_BADQUOTE) {
                feed_reject(c, feed_where_line(c, r.rec_line), "unterminated quoted field");
                continue;
            }
            if (k == CSV_EOF)
                goto out;
            if (r.nf == 1 && field_blank(&r.f[0]))
                continue;
            if (!header_known(&r, c->opts->column) && row_has_indicator(c, &r)) {
                /* no header: this row is data */
                r.pos = save_pos;
                r.line = save_line;
                break;
            }
            /* the header: keep a copy of its fields */
            csv_free(&h);
            csv_init(&h, d + r.rec_start, r.pos - r.rec_start);
            if (csv_read(&h) < 0) {
                rc = feed_nomem(c);
                goto out;
            }
            have_header = 1;
            break;
        }
    }
    if ((rc = choose_columns(c, have_header ? &h : NULL, &r, &cols)) < 0)
        goto out;

    feed_record rec;
    for (;;) {
        if (!csv_skip_comments(&r))
            break;
        int k = csv_read(&r);
        if (k < 0) {
            rc = feed_nomem(c);
            goto out;
        }
        if (k == CSV_EOF)
            break;
        feed_progress(c, r.pos);
        const char *where = feed_where_line(c, r.rec_line);
        if (k == CSV_BADQUOTE) {
            feed_reject(c, where, "unterminated quoted field");
            continue;
        }
        if (r.nf == 1 && field_blank(&r.f[0]))
            continue;
        if (cols.value >= r.nf) {
            feed_reject(c, where, "row has %zu field%s; the value is in column %zu", r.nf,
                        r.nf == 1 ? "" : "s", cols.value + 1);
            continue;
        }
        const char *v = r.f[cols.value].p;
        size_t vl = r.f[cols.value].len;
        trim(&v, &vl);
        if (!vl) {
            feed_reject(c, where, "empty value");
            continue;
        }
        feed_record_init(&rec);
        rec.where = where;
        if (cols.first_seen < r.nf)
            rec.first_seen = field_time(&r.f[cols.first_seen]);
        if (cols.last_seen < r.nf)
            rec.last_seen = field_time(&r.f[cols.last_seen]);
        feed_labels_reset(&c->labels);
        for (size_t i = 0; i < cols.nlabel; i++) {
            if (cols.label[i] >= r.nf)
                continue;
            const csv_field *f = &r.f[cols.label[i]];
            int lrc = cols.split[i] ? feed_labels_add_list(&c->labels, f->p, f->len, ',')
                                    : feed_labels_add(&c->labels, f->p, f->len);
            if (lrc < 0) {
                rc = feed_nomem(c);
                goto out;
            }
        }
        feed_labels_apply(&c->labels, &rec);
        if ((rc = feed_emit(c, &rec, cols.want, v, vl, NULL)) < 0)
            goto out;
    }
out:
    csv_free(&r);
    csv_free(&h);
    return rc;
}

/* ---- NDJSON ------------------------------------------------------------- */

static int add_json_labels(feed_labels *l, const json_t *v, int split)
{
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t len = json_string_length(v);
        return split ? feed_labels_add_list(l, s, len, ',') : feed_labels_add(l, s, len);
    }
    return feed_labels_add_array(l, v);
}

static int ndjson_object(feed_ctx *c, json_t *o, size_t line)
{
    static const char *const keys[] = {"value", "indicator", "cidr", "ip", "domain", "url"};
    const char *col = c->opts->column;
    const char *key = NULL;
    json_t *v = NULL;
    if (col && *col) {
        v = json_object_get(o, col);
        key = col;
    } else {
        for (size_t i = 0; i < sizeof keys / sizeof keys[0] && !v; i++) {
            v = json_object_get(o, keys[i]);
            key = keys[i];
        }
    }
    if (!v || json_is_null(v))
        return 0; /* no value: metadata and such, skipped */
    const char *where = feed_where_line(c, line);
    if (!json_is_string(v)) {
        feed_reject(c, where, "\"%s\" is not a string", key);
        return 0;
    }
    feed_record r;
    feed_record_init(&r);
    r.where = where;
    static const char *const first[] = {"first_seen", "first_seen_utc", "dateadded"};
    static const char *const last[] = {"last_seen", "last_online"};
    for (size_t i = 0; i < sizeof first / sizeof first[0] && !r.first_seen; i++)
        r.first_seen = feed_json_time(json_object_get(o, first[i]));
    for (size_t i = 0; i < sizeof last / sizeof last[0] && !r.last_seen; i++)
        r.last_seen = feed_json_time(json_object_get(o, last[i]));
    feed_labels_reset(&c->labels);
    if (add_json_labels(&c->labels, json_object_get(o, "malware"), 0) < 0 ||
        add_json_labels(&c->labels, json_object_get(o, "threat"), 0) < 0 ||
        add_json_labels(&c->labels, json_object_get(o, "tags"), 1) < 0)
        return feed_nomem(c);
    feed_labels_apply(&c->labels, &r);
    ioc_type want = strcmp(key, "url") == 0 ? IOC_URL : IOC_AUTO;
    return feed_emit(c, &r, want, json_string_value(v), json_string_length(v), NULL);
}

int feed_parse_ndjson(feed_ctx *c, const char *d, size_t n)
{
    size_t pos = 0, line = 0;
    while (pos < n) {
        size_t ll;
        const char *ls = read_line(c, d, n, &pos, &line, &ll);
        const char *t = ls;
        size_t tl = ll;
        trim(&t, &tl);
        size_t lead = (size_t)(t - ls);
        if (!tl || t[0] == '#')
            continue;
        json_error_t je;
        json_t *o = json_loadb(t, tl, 0, &je);
        if (!o) {
            const char *w = feed_where_line(c, line);
            if (je.column > 0) {
                gisac_buf_printf(&c->where, ":%zu", (size_t)je.column + lead);
                w = c->where.data ? c->where.data : w;
            }
            feed_reject(c, w, "%s", je.text);
            continue;
        }
        int rc = 0;
        if (!json_is_object(o))
            feed_reject(c, feed_where_line(c, line), "not a JSON object");
        else
            rc = ndjson_object(c, o, line);
        json_decref(o);
        if (rc < 0)
            return rc;
    }
    return 0;
}
