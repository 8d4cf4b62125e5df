/*
 * scap.c: SCAP results stored per host and the compliance shares
 * (scap.h). Access follows src/gov (gov_agency_access, gov_read_scope).
 */
#include "scap/scap.h"

#include "gov/gov.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOST_MAX 253

static int host_check(const char *h, const char *field, gisac_err *err)
{
    size_t n = h ? strlen(h) : 0;
    if (!n || n > HOST_MAX)
        return gisac_err_at(err, GISAC_EINVAL, field, "a host name of 1 to %d bytes", HOST_MAX);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)h[i] < 0x20 || h[i] == 0x7f)
            return gisac_err_at(err, GISAC_EINVAL, field, "control characters in host name");
    if (!gisac_utf8_valid(h, n, NULL))
        return gisac_err_at(err, GISAC_EINVAL, field, "host name is not valid UTF-8");
    return 0;
}

/* The detail of a scap.import audit entry: one scan of the file. */
typedef struct import_detail {
    const char *host, *benchmark, *profile;
    int64_t rules;
    const char *sha256;
} import_detail;
#define D(kind, f) GOV_JSON_FIELD(import_detail, kind, f)
static const gov_json_member import_members[] = {D(STR, host), D(STR, benchmark), D(STR, profile),
                                                 D(INT, rules), D(STR, sha256)};
#undef D

int scap_import(store *s, const auth_principal *who, const scap_import_input *in, int64_t now,
                scap_imported_cb cb, void *ctx, gisac_err *err)
{
    int rc = gov_agency_access(s, who, in->agency, 1, NULL, NULL, err);
    if (rc < 0)
        return rc;
    if (in->host && (rc = host_check(in->host, "$.host", err)) < 0)
        return rc;
    const scap_file f = *in->file;
    for (size_t i = 0; i < f.ntests && rc == 0; i++) {
        const char *h = in->host ? in->host : f.tests[i].host;
        if (!h || !h[0])
            rc = gisac_err_at(err, GISAC_EINVAL, "$.host",
                              "%s: TestResult %s names no host (give --host)", in->path,
                              f.tests[i].id ? f.tests[i].id : "");
        else if (!in->host)
            rc = host_check(h, "$.host", err);
    }
    store_scap_scan *rows = rc == 0 ? calloc(f.ntests, sizeof *rows) : NULL;
    if (rc == 0 && !rows)
        rc = gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    if (rc == 0)
        rc = store_begin(s, err);
    int began = rc == 0;
    for (size_t i = 0; i < f.ntests && rc == 0; i++) {
        const scap_test *t = &f.tests[i];
        store_scap_scan r = {0,
                             in->agency,
                             in->host ? in->host : t->host,
                             t->benchmark,
                             t->profile,
                             t->id,
                             t->started,
                             t->finished,
                             t->score_milli,
                             in->sha256,
                             now,
                             store_actor(s)};
        int64_t pass = 0, fail = 0, other = 0;
        for (size_t k = t->first; k < t->first + t->n; k++) {
            int code = scap_result_index(f.rules[k].result);
            pass += code == 0 || code == 8;
            fail += code == 1;
            other += code == 2 || code == 3;
        }
        rc = store_scap_scan_add(s, &r, pass, fail, other, &r.id, err);
        for (size_t k = t->first; k < t->first + t->n && rc == 0; k++)
            rc = store_scap_result_add(s, r.id, f.rules[k].rule,
                                       scap_result_index(f.rules[k].result), f.rules[k].severity,
                                       err);
        if (rc == 0) {
            import_detail d = {r.host, r.benchmark, r.profile, (int64_t)t->n,
                               in->sha256 ? in->sha256 : ""};
            gisac_buf j = GISAC_BUF_INIT;
            gov_json_object(&j, &d, import_members, sizeof import_members / sizeof *import_members);
            rc = gov_audit_row(s, now, "scap.import", "scap-scan", r.id, &j, err);
        }
        if (rc == 0) {
            rows[i] = r;
            rows[i].score_milli = t->score_milli;
        }
    }
    if (began)
        rc = gov_tx_end(s, rc, err);
    for (size_t i = 0; i < f.ntests && rc == 0 && cb; i++)
        if (cb(ctx, &rows[i], (int64_t)f.tests[i].n) != 0)
            break;
    free(rows);
    return rc;
}

int scap_hosts(store *s, const auth_principal *who, const char *agency, store_scap_scan_cb cb,
               void *ctx, gisac_err *err)
{
    const char *under;
    int rc = gov_list_scope(s, who, agency, &under, err);
    return rc < 0 ? rc : store_scap_scans(s, agency, agency ? NULL : under, NULL, 1, cb, ctx, err);
}

/* ---- one host ---- */

/* A host's scans: kept in rows, read through v (rows.v) and n. */
typedef struct scans {
    gisac_rows rows;
    const store_scap_scan *v;
    size_t n;
} scans;

#define S(f) offsetof(store_scap_scan, f)
static const size_t scan_strs[] = {S(agency),      S(host),   S(benchmark),  S(profile),
                                   S(test_result), S(sha256), S(imported_by)};
#undef S

static int scan_keep(void *ctx, const store_scap_scan *r)
{
    return gisac_rows_keep(ctx, r, scan_strs, sizeof scan_strs / sizeof scan_strs[0]);
}

static void scans_free(scans *l)
{
    free(l->rows.v);
    gisac_arena_free(l->rows.arena);
}

/* The scans of host (latest only, or all newest first) that the caller may read. */
static int host_scans(store *s, const auth_principal *who, const char *agency, const char *host,
                      int latest, scans *out, gisac_err *err)
{
    memset(out, 0, sizeof *out);
    const char *under;
    int rc = gov_list_scope(s, who, agency, &under, err);
    if (rc < 0)
        return rc;
    out->rows = (gisac_rows){.size = sizeof(store_scap_scan), .first = 8};
    if (!(out->rows.arena = gisac_arena_new(0)))
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    rc = store_scap_scans(s, agency, agency ? NULL : under, host, latest, scan_keep, &out->rows,
                          err);
    if (rc == 0 && out->rows.oom)
        rc = GISAC_ENOMEM;
    if (rc < 0)
        return rc == GISAC_ENOMEM ? gisac_err_set(err, rc, "out of memory") : rc;
    out->v = out->rows.v;
    out->n = out->rows.n;
    if (!out->n)
        return gisac_err_set(err, GISAC_ENOTFOUND, "host %s not found", host);
    for (size_t i = 1; i < out->n; i++)
        if (strcmp(out->v[i].agency, out->v[0].agency) != 0)
            return gisac_err_at(err, GISAC_EINVAL, "$.agency",
                                "host %s is in %s and %s: give the agency", host, out->v[0].agency,
                                out->v[i].agency);
    return 0;
}

typedef struct counter {
    scap_host_view *v;
} counter;

static int count_one(void *ctx, int code, int64_t n)
{
    scap_host_view *v = ctx;
    if (code >= 0 && code < 9)
        v->counts[code] += n;
    v->total += n;
    return 0;
}

int scap_host_show(store *s, const auth_principal *who, const char *agency, const char *host,
                   scap_host_cb cb, void *ctx, gisac_err *err)
{
    scans l;
    int rc = host_scans(s, who, agency, host, 1, &l, err);
    for (size_t i = 0; i < l.n && rc == 0; i++) {
        scap_host_view v;
        memset(&v, 0, sizeof v);
        v.scan = l.v[i];
        rc = store_scap_counts(s, v.scan.id, count_one, &v, err);
        if (rc == 0 && cb(ctx, &v) != 0)
            break;
    }
    scans_free(&l);
    return rc;
}

typedef struct named {
    scap_result_cb cb;
    void *ctx;
} named;

static int named_one(void *ctx, const char *rule, int code, const char *severity)
{
    named *n = ctx;
    return n->cb(n->ctx, rule, scap_result_name(code), severity);
}

int scap_scan_results(store *s, const auth_principal *who, int64_t scan, const char *result,
                      scap_result_cb cb, void *ctx, gisac_err *err)
{
    const char *under;
    int rc = gov_read_scope(who, &under, err);
    if (rc < 0)
        return rc;
    if (result && !scap_result_known(result))
        return gisac_err_at(err, GISAC_EINVAL, "$.result", "unknown result '%s'", result);
    named n = {cb, ctx};
    return store_scap_results(s, scan, result ? scap_result_index(result) : -1, named_one, &n, err);
}

/* ---- diff ---- */

typedef struct rule_set {
    char **rule, **result;
    size_t n, cap;
} rule_set;

static int rule_keep(void *ctx, const char *rule, int code, const char *severity)
{
    (void)severity;
    rule_set *r = ctx;
    const char *result = scap_result_name(code);
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 256;
        char **a = realloc(r->rule, cap * sizeof *a);
        if (!a)
            return -1;
        r->rule = a;
        char **b = realloc(r->result, cap * sizeof *b);
        if (!b)
            return -1;
        r->result = b;
        r->cap = cap;
    }
    r->rule[r->n] = strdup(rule);
    r->result[r->n] = strdup(result);
    if (!r->rule[r->n] || !r->result[r->n]) {
        free(r->rule[r->n]);
        free(r->result[r->n]);
        return -1;
    }
    r->n++;
    return 0;
}

static void rule_set_free(rule_set *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->rule[i]);
        free(r->result[i]);
    }
    free(r->rule);
    free(r->result);
}

static int same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Emit the changes of pass (0: new failures, 1: the rest), both lists by rule. */
static int diff_pass(const rule_set *a, const rule_set *b, int pass, scap_diff_cb cb, void *ctx)
{
    size_t i = 0, k = 0;
    while (i < a->n || k < b->n) {
        int c = i >= a->n ? 1 : k >= b->n ? -1 : strcmp(a->rule[i], b->rule[k]);
        const char *before = c <= 0 ? a->result[i] : NULL;
        const char *after = c >= 0 ? b->result[k] : NULL;
        const char *rule = c <= 0 ? a->rule[i] : b->rule[k];
        if (c <= 0)
            i++;
        if (c >= 0)
            k++;
        if (same(before, after))
            continue;
        int failure = after && strcmp(after, "fail") == 0;
        if (failure == !pass && cb(ctx, rule, before, after) != 0)
            return 1;
    }
    return 0;
}

int scap_host_diff(store *s, const auth_principal *who, const char *agency, const char *host,
                   scap_diff_cb cb, void *ctx, gisac_err *err)
{
    scans l;
    int rc = host_scans(s, who, agency, host, 0, &l, err);
    const store_scap_scan *now = NULL, *before = NULL;
    for (size_t i = 0; i < l.n && rc == 0 && !before; i++) {
        if (!now)
            now = &l.v[i];
        else if (strcmp(l.v[i].benchmark, now->benchmark) == 0 &&
                 same(l.v[i].profile, now->profile))
            before = &l.v[i];
    }
    if (rc == 0 && !before)
        rc = gisac_err_set(err, GISAC_ENOTFOUND, "host %s has no earlier scan of %s to compare",
                           host, now ? now->benchmark : "");
    rule_set a = {0}, b = {0};
    if (rc == 0)
        rc = store_scap_results(s, before->id, -1, rule_keep, &a, err);
    if (rc == 0)
        rc = store_scap_results(s, now->id, -1, rule_keep, &b, err);
    if (rc == GISAC_ENOMEM)
        gisac_err_set(err, rc, "out of memory");
    if (rc == 0 && diff_pass(&a, &b, 0, cb, ctx) == 0)
        diff_pass(&a, &b, 1, cb, ctx);
    rule_set_free(&a);
    rule_set_free(&b);
    scans_free(&l);
    return rc;
}

int scap_shares(store *s, const auth_principal *who, const char *by, const char *agency,
                store_scap_share_cb cb, void *ctx, gisac_err *err)
{
    const char *under;
    int rc = gov_list_scope(s, who, agency, &under, err);
    if (rc < 0)
        return rc;
    if (strcmp(by, "rule") != 0 && strcmp(by, "agency") != 0)
        return gisac_err_at(err, GISAC_EINVAL, "$.by", "by '%s': use agency or rule", by);
    return store_scap_shares(s, by, agency, agency ? NULL : under, cb, ctx, err);
}

/* ---- JSON ---- */

#define M(kind, f)     GOV_JSON_FIELD(store_scap_scan, kind, f)
#define MK(k, kind, f) GOV_JSON_MEMBER(store_scap_scan, k, kind, f)
static const gov_json_member scan_members[] = {
    M(INT, id),        M(STR, agency),    M(STR, host),
    M(STR, benchmark), M(STR, profile),   M(STR, test_result),
    M(TIME, started),  M(TIME, finished), MK("score", MILLI, score_milli),
    M(STR, sha256),    M(TIME, imported), M(STR, imported_by)};
#undef M
#undef MK

int scap_scan_to_json(const store_scap_scan *r, gisac_buf *out)
{
    return gov_json_object(out, r, scan_members, sizeof scan_members / sizeof scan_members[0]);
}

int scap_host_to_json(const scap_host_view *v, gisac_buf *out)
{
    int rc = scap_scan_to_json(&v->scan, out);
    if (rc < 0 || !out->len)
        return GISAC_ENOMEM;
    out->len--; /* reopen the object */
    gisac_buf_puts(out, ",\"counts\":{");
    for (int i = 0; i < 9; i++)
        gisac_buf_printf(out, "%s\"%s\":%lld", i ? "," : "", scap_result_name(i),
                         (long long)v->counts[i]);
    int64_t pass = v->counts[0] + v->counts[8], fail = v->counts[1];
    gisac_buf_printf(out, "},\"total\":%lld,\"compliance\":", (long long)v->total);
    if (pass + fail)
        gisac_buf_printf(out, "%.1f", 100.0 * (double)pass / (double)(pass + fail));
    else
        gisac_buf_puts(out, "null");
    return gisac_buf_putc(out, '}') < 0 ? GISAC_ENOMEM : 0;
}
